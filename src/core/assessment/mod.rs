//! Assessments for managers: an ordered list of scenarios with fixed seeds, a target profile and a
//! pass rule (the `assessments/*.ron` files), the signed result of one candidate's run through them
//! ([`result`]), the run itself, saved after every input ([`runner`]), and its signature
//! ([`signing`]); earlier versions of its files are kept so that results played with them still
//! replay after an upgrade ([`versions`]).
//!
//! A result records every timed input, so replaying the inputs through the engine reproduces it
//! exactly; [`signing::verify`] checks a result file's signature and that replay.

pub mod reach;
pub mod result;
pub mod runner;
pub mod signing;
pub mod versions;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use result::{AssessmentResult, PlayedBy, RESULT_FORMAT, ScenarioRun, Signature, Summary, build_result};
pub use runner::{AssessmentRunner, Progress, RunError};

use super::catalog::find_scenario;
use super::compile::CompiledScenario;
use super::content::ContentDirs;
use super::diagnostic::FileReport;
use super::load::load_ron_text;
use super::profile::{Profile, load_profile};
use super::source::ReadError;

/// One scenario of an assessment, with the seed every candidate faces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessedScenario {
    /// Scenario id (looked up in the scenarios folder) or path.
    pub scenario: String,
    /// The fixed seed: every candidate meets the same delays and starting moods.
    pub seed: u64,
}

/// When a candidate passes. Every rule given must hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassRule {
    /// The mean of the scenario scores must reach this.
    pub average_score_at_least: u8,
    /// Every scenario's score must reach this, if given.
    #[serde(default)]
    pub every_scenario_at_least: Option<u8>,
    /// This many competencies (averaged over the scenarios that measure them) must meet the target
    /// profile's level, if given.
    #[serde(default)]
    pub competencies_at_target_at_least: Option<usize>,
    /// Any critical mistake fails the assessment.
    #[serde(default)]
    pub no_critical_mistakes: bool,
}

/// An assessment file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// Stable id; results and reports refer to it. Lower-case letters, digits, `_` and `-`.
    pub id: String,
    /// Shown to candidates and in reports.
    pub name: String,
    /// The scenarios, in the order the candidate plays them.
    pub scenarios: Vec<AssessedScenario>,
    /// Target profile id (in `profiles/`) or path.
    pub profile: String,
    /// The pass rule.
    pub pass: PassRule,
    /// Whether the candidate sees each debrief at the end.
    pub show_debriefs: bool,
}

/// An assessment ready to run: its scenarios compiled, its profile loaded.
#[derive(Debug, Clone)]
pub struct LoadedAssessment {
    /// The file as written.
    pub source: Assessment,
    /// SHA-256 of the file's text, recorded in results.
    pub sha256: String,
    /// Scenarios in order, with the SHA-256 of each file's text.
    pub scenarios: Vec<(Arc<CompiledScenario>, String)>,
    /// The target profile.
    pub profile: Profile,
    /// The folders it was loaded from, where the earlier versions of its files are looked up
    /// ([`versions`]).
    pub dirs: ContentDirs,
}

impl LoadedAssessment {
    /// The scenario at `index` with the seed the assessment fixes for it.
    pub fn scenario(&self, index: usize) -> Option<(Arc<CompiledScenario>, u64)> {
        let (c, _) = self.scenarios.get(index)?;
        let planned = self.source.scenarios.get(index)?;
        Some((c.clone(), planned.seed))
    }
}

/// Why an assessment cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum AssessmentError {
    /// No assessment has this id.
    #[error(
        "no assessment `{spec}` in `{}`{}",
        .dir.display(),
        .suggestion.as_ref().map_or_else(String::new, |s| format!("; did you mean `{s}`?"))
    )]
    NotFound {
        /// The id asked for.
        spec: String,
        /// The assessments folder.
        dir: PathBuf,
        /// The closest id there, if one is close.
        suggestion: Option<String>,
    },
    /// The assessment file cannot be read as text.
    #[error("`{}`: {error}", .path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        error: ReadError,
    },
    /// The assessment file itself has errors (rendered with file:line:column).
    #[error("{0}")]
    File(String),
    /// Something it names does not load: its own findings, rendered with file:line:column.
    #[error("{file}: {what} does not load:\n{findings}")]
    Broken {
        /// The assessment file.
        file: String,
        /// What it names (`scenario `x``, `profile `y``).
        what: String,
        /// The rendered findings of that file.
        findings: String,
    },
    /// Something it names is wrong.
    #[error("{file}: {message}")]
    Reference {
        /// The assessment file.
        file: String,
        /// What is wrong.
        message: String,
    },
}

/// Hex SHA-256 of some text.
pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Longest id accepted for assessments (and anything else named by an id in a result file).
pub const MAX_ID_CHARS: usize = 64;

/// Checks that `id` is an id — 1 to 64 lower-case ASCII letters, digits, `_` or `-`, starting with a
/// letter or digit — and not a path: ids name files and folders, so `../x` must never pass.
pub fn validate_id(id: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && id.len() <= MAX_ID_CHARS
        && id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        let shown: String = id.chars().take(MAX_ID_CHARS).collect();
        Err(format!(
            "`{}` is not an id: ids are 1 to {MAX_ID_CHARS} lower-case letters, digits, `_` or `-`, starting with a letter or digit",
            shown.escape_debug()
        ))
    }
}

/// Whether a command-line argument names a file rather than an id.
pub fn names_a_file(spec: &str) -> bool {
    spec.ends_with(".ron") || spec.contains(['/', '\\']) || Path::new(spec).is_file()
}

/// A path as given, or an id looked up as `<dir>/<id>.ron`.
pub fn assessment_path(spec: &str, dir: &Path) -> PathBuf {
    if names_a_file(spec) {
        PathBuf::from(spec)
    } else {
        dir.join(format!("{spec}.ron"))
    }
}

/// Loads an assessment (by id or path) and everything it names.
pub fn load_assessment(spec: &str, dirs: &ContentDirs) -> Result<LoadedAssessment, AssessmentError> {
    let path = assessment_path(spec, &dirs.assessments);
    if !names_a_file(spec) && !path.exists() {
        let known = super::content::ids_in(&dirs.assessments);
        return Err(AssessmentError::NotFound {
            spec: spec.to_owned(),
            dir: dirs.assessments.clone(),
            suggestion: super::content::did_you_mean(spec, known.iter().map(String::as_str)).map(str::to_owned),
        });
    }
    let text = super::source::read_text(&path).map_err(|error| AssessmentError::Unreadable {
        path: path.clone(),
        error,
    })?;
    let source: Assessment =
        load_ron_text(&path.display().to_string(), &text).map_err(|r: FileReport| AssessmentError::File(r.render()))?;
    let file = path.display().to_string();
    let reference = |message: String| AssessmentError::Reference {
        file: file.clone(),
        message,
    };
    validate_id(&source.id).map_err(|e| reference(format!("id: {e}")))?;
    if source.scenarios.is_empty() {
        return Err(reference("the assessment lists no scenario".into()));
    }
    let mut scenarios = Vec::new();
    for s in &source.scenarios {
        let loaded = find_scenario(&s.scenario, &dirs.scenarios);
        let Some(c) = loaded.scenario else {
            return Err(AssessmentError::Broken {
                file: file.clone(),
                what: format!("scenario `{}`", s.scenario),
                findings: loaded.report.render(),
            });
        };
        let scenario_text = super::source::read_text(Path::new(&loaded.report.file)).unwrap_or_default();
        scenarios.push((c, sha256_hex(&scenario_text)));
    }
    let profile = load_profile(&source.profile, &dirs.profiles).map_err(|r| AssessmentError::Broken {
        file: file.clone(),
        what: format!("profile `{}`", source.profile),
        findings: r.render(),
    })?;
    Ok(LoadedAssessment {
        source,
        sha256: sha256_hex(&text),
        scenarios,
        profile,
        dirs: dirs.clone(),
    })
}

/// A file name for a candidate: their name with anything but letters, digits, `-` and `_` replaced by
/// `_`, followed, when that changed the name, by 8 hex digits of the name's SHA-256 — so "João, Jr."
/// and "João. Jr." get different files while "Ana_Souza" stays `Ana_Souza`.
pub fn candidate_file_stem(candidate: &str) -> String {
    let safe: String = candidate
        .chars()
        .take(80)
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if safe == candidate {
        safe
    } else {
        format!("{safe}-{}", &sha256_hex(candidate)[..8])
    }
}

/// Where the result files of an assessment go by default: `results/<assessment>/<candidate>.json`.
pub fn default_result_path(assessment: &Assessment, candidate: &str) -> PathBuf {
    PathBuf::from("results")
        .join(&assessment.id)
        .join(format!("{}.json", candidate_file_stem(candidate)))
}

/// Parses an assessment from text (for tests and tools).
pub fn parse_assessment(name: &str, text: &str) -> Result<Assessment, String> {
    load_ron_text(name, text).map_err(|r: FileReport| r.render())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_are_paths_are_refused() {
        for bad in ["../../x", "a/b", "", "Upper", "-lead", "a b", "a.ron"] {
            assert!(validate_id(bad).is_err(), "{bad}");
        }
        assert!(validate_id("kam_candidate_standard").is_ok());
    }

    #[test]
    fn candidates_whose_names_differ_only_in_punctuation_get_different_files() {
        let a = candidate_file_stem("João, Jr.");
        let b = candidate_file_stem("João. Jr.");
        assert_ne!(a, b);
        assert!(a.starts_with("João__Jr_-"), "{a}");
        assert_eq!(candidate_file_stem("Ana_Souza"), "Ana_Souza");
    }
}
