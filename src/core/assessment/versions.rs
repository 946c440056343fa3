//! Earlier versions of the shipped scenario and assessment files, kept so that a result played with
//! one of them still replays after an upgrade.
//!
//! A result records the SHA-256 of the assessment file and of each scenario file it was played with.
//! When a new version of kam-sim changes a scenario (more evidence for a courteous answer, say), the
//! replay of an earlier genuine result on today's file no longer reproduces its numbers. So every
//! earlier version is kept, named by its SHA-256, in a `versions` folder beside the scenarios folder:
//! `versions/scenarios/<id>/<sha256>.ron` and `versions/assessments/<id>/<sha256>.ron`
//! (`scripts/archive-versions.py` writes them from the project's history). Verification replays each
//! run with the version it was played with when that version is kept.
//!
//! Only a signed result's fingerprints name a version, and only after its signature held; a
//! fingerprint is used in a path only when it is 64 hexadecimal digits, an id only when it is an id.

use std::path::{Path, PathBuf};

use super::result::AssessmentResult;
use super::{AssessmentError, LoadedAssessment, load_assessment, sha256_hex, validate_id};
use crate::core::content::ContentDirs;
use crate::core::load::load_scenario_file;

/// The folder of earlier versions for content loaded from `dirs`: `versions` beside the scenarios
/// folder (in the repository, in a trainer's content folder, and in the content unpacked from the
/// binary alike).
pub fn versions_root(dirs: &ContentDirs) -> PathBuf {
    dirs.scenarios
        .parent()
        .map_or_else(|| PathBuf::from("versions"), |parent| parent.join("versions"))
}

/// Whether `sha` is a SHA-256 as results write it: 64 lower-case hexadecimal digits.
fn is_fingerprint(sha: &str) -> bool {
    sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The kept version of `kind` (`scenarios` or `assessments`) `id` whose text has SHA-256 `sha`, if
/// there is one.
pub fn kept_version(root: &Path, kind: &str, id: &str, sha: &str) -> Option<PathBuf> {
    if !is_fingerprint(sha) || validate_id(id).is_err() {
        return None;
    }
    let path = root.join(kind).join(id).join(format!("{sha}.ron"));
    let text = crate::core::source::read_text(&path).ok()?;
    // A file put there by hand under another name would replay the wrong version: trust the text.
    (sha256_hex(&text) == sha).then_some(path)
}

impl LoadedAssessment {
    /// The assessment as `result` was played: today's files, except those that changed since the run
    /// and whose version of the run is kept (see the module's documentation). A file whose version
    /// is not kept stays today's; the replay then reports that it changed.
    pub fn as_played(&self, result: &AssessmentResult) -> Result<LoadedAssessment, AssessmentError> {
        let root = versions_root(&self.dirs);
        let mut played = self.clone();
        if result.assessment_sha256 != self.sha256 {
            if let Some(path) = kept_version(&root, "assessments", &self.source.id, &result.assessment_sha256) {
                played = load_assessment(&path.display().to_string(), &self.dirs)?;
            }
        }
        for (run, (scenario, sha)) in result.runs.iter().zip(played.scenarios.iter_mut()) {
            if run.scenario_sha256 == *sha || run.scenario != scenario.source.id {
                continue;
            }
            let Some(path) = kept_version(&root, "scenarios", &run.scenario, &run.scenario_sha256) else {
                continue;
            };
            if let Some(compiled) = load_scenario_file(&path).scenario {
                *scenario = compiled;
                sha.clone_from(&run.scenario_sha256);
            }
        }
        Ok(played)
    }
}
