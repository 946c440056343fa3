//! Target competency profiles (`profiles/*.ron`) and the comparison of a result with one.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::diagnostic::{Diagnostic, FileReport};
use super::load::load_ron_file;
use super::vocab::Competency;

/// A required level per competency, with the reason for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Profile", deny_unknown_fields)]
pub struct Profile {
    /// Stable id (the file name without `.ron`).
    pub id: String,
    /// Shown in reports.
    pub title: String,
    /// Who this profile is for.
    pub description: String,
    /// Required levels.
    pub levels: Vec<TargetLevel>,
}

/// One competency's required level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetLevel {
    /// The competency.
    pub competency: Competency,
    /// Required score, 0–100.
    pub level: u8,
    /// Why this level, from the domain brief.
    pub why: String,
}

/// Loads a profile by path, or by id from `dir` (`<dir>/<id>.ron`).
pub fn load_profile(spec: &str, dir: &Path) -> Result<Profile, FileReport> {
    let path = if spec.ends_with(".ron") || spec.contains('/') {
        PathBuf::from(spec)
    } else {
        dir.join(format!("{spec}.ron"))
    };
    let profile: Profile = load_ron_file(&path)?;
    let mut seen = HashSet::new();
    for (i, level) in profile.levels.iter().enumerate() {
        let problem = if level.level > 100 {
            Some(format!(
                "level {} for `{}` is above 100",
                level.level,
                level.competency.id()
            ))
        } else if !seen.insert(level.competency) {
            Some(format!("`{}` is given twice", level.competency.id()))
        } else {
            None
        };
        if let Some(message) = problem {
            let text = super::source::read_text(&path).ok();
            let mut d = vec![Diagnostic::error(
                "kam::profile::invalid",
                format!("levels[{i}]"),
                message,
            )];
            if let Some(text) = &text {
                super::diagnostic::locate(text, &mut d);
            }
            return Err(FileReport {
                file: path.display().to_string(),
                source: text.map(Into::into),
                diagnostics: d,
            });
        }
    }
    Ok(profile)
}

impl Profile {
    /// The required level of a competency, if the profile sets one.
    pub fn level(&self, c: Competency) -> Option<u8> {
        self.levels.iter().find(|l| l.competency == c).map(|l| l.level)
    }
}

/// A result's competency profile set against a target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comparison {
    /// Profile id.
    pub profile: String,
    /// Profile title.
    pub title: String,
    /// One row per measured competency the profile sets a level for.
    pub rows: Vec<ComparisonRow>,
    /// How many rows meet their target.
    pub met: usize,
}

/// One competency against its target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComparisonRow {
    /// Competency id.
    pub competency: String,
    /// The player's score.
    pub score: u8,
    /// The target level.
    pub target: u8,
    /// score − target (negative: below target).
    pub gap: i32,
}

/// Compares measured scores with a profile (competencies the profile does not set are left out).
pub fn compare(profile: &Profile, scores: &BTreeMap<String, u8>) -> Comparison {
    let rows: Vec<ComparisonRow> = Competency::ALL
        .iter()
        .filter_map(|&c| {
            let score = *scores.get(c.id())?;
            let target = profile.level(c)?;
            Some(ComparisonRow {
                competency: c.id().to_owned(),
                score,
                target,
                gap: i32::from(score) - i32::from(target),
            })
        })
        .collect();
    Comparison {
        profile: profile.id.clone(),
        title: profile.title.clone(),
        met: rows.iter().filter(|r| r.gap >= 0).count(),
        rows,
    }
}
