//! Assessments for managers: an ordered list of scenarios with fixed seeds, a target profile and a
//! pass rule (the `assessments/*.ron` files), and the result of one candidate's run through them.
//!
//! A result records every timed input, so replaying the inputs through the engine reproduces it
//! exactly; [`super::signing::verify`] checks a result file's signature and that replay.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::catalog::find_scenario;
use super::compile::CompiledScenario;
use super::diagnostic::FileReport;
use super::engine::Session;
use super::inputs::TimedInput;
use super::load::{load_ron_file, load_ron_text};
use super::profile::{Profile, load_profile};
use super::result::result_of;
use super::vocab::Severity;

/// The format tag written into every result file.
pub const RESULT_FORMAT: &str = "kam-sim/assessment-result/1";

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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Stable id; results and reports refer to it.
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
}

/// Why an assessment cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum AssessmentError {
    /// The assessment file itself has errors (rendered with file:line:column).
    #[error("{0}")]
    File(String),
    /// Something it names is missing or broken.
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

/// Loads an assessment and everything it names, relative to the scenarios and profiles folders.
pub fn load_assessment(
    path: &Path,
    scenarios_dir: &Path,
    profiles_dir: &Path,
) -> Result<LoadedAssessment, AssessmentError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| AssessmentError::File(format!("error: cannot read `{}`: {e}", path.display())))?;
    let source: Assessment = load_ron_file(path).map_err(|r: FileReport| AssessmentError::File(r.render()))?;
    let file = path.display().to_string();
    let reference = |message: String| AssessmentError::Reference {
        file: file.clone(),
        message,
    };
    if source.scenarios.is_empty() {
        return Err(reference("the assessment lists no scenario".into()));
    }
    let mut scenarios = Vec::new();
    for s in &source.scenarios {
        let loaded = find_scenario(&s.scenario, scenarios_dir);
        let Some(c) = loaded.scenario else {
            return Err(reference(format!(
                "scenario `{}` does not load:\n{}",
                s.scenario,
                loaded.report.render()
            )));
        };
        let scenario_text = std::fs::read_to_string(&loaded.report.file).unwrap_or_default();
        scenarios.push((c, sha256_hex(&scenario_text)));
    }
    let profile = load_profile(&source.profile, profiles_dir)
        .map_err(|r| reference(format!("profile `{}` does not load:\n{}", source.profile, r.render())))?;
    Ok(LoadedAssessment {
        source,
        sha256: sha256_hex(&text),
        scenarios,
        profile,
    })
}

/// One scenario as the candidate played it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioRun {
    /// Scenario id.
    pub scenario: String,
    /// SHA-256 of the scenario file that was played.
    pub scenario_sha256: String,
    /// The seed.
    pub seed: u64,
    /// Every input, with its time.
    pub inputs: Vec<TimedInput>,
    /// The engine's result (the same JSON as `kam-sim run --format json`).
    pub result: serde_json::Value,
}

/// What the assessment concluded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// Mean of the scenario scores, rounded half up.
    pub average_score: u8,
    /// Per competency: the mean over the scenarios that measured it, rounded half up.
    pub competencies: BTreeMap<String, u8>,
    /// Competencies at or above the target level.
    pub competencies_at_target: usize,
    /// Mistakes over all scenarios.
    pub mistakes: usize,
    /// Critical mistakes over all scenarios.
    pub critical_mistakes: usize,
    /// Meeting time used, in seconds, over all scenarios.
    pub meeting_seconds: f64,
    /// Whether the pass rule holds.
    pub passed: bool,
    /// For each rule of the pass rule, whether it held, in words.
    pub rule_checks: Vec<String>,
}

/// A signature over the rest of the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// Always `HMAC-SHA-256`.
    pub algorithm: String,
    /// First 16 hex digits of the key's SHA-256: tells which key signed, reveals nothing of it.
    pub key_id: String,
    /// Hex HMAC of the canonical JSON of the file without its signature.
    pub value: String,
}

/// A completed assessment: the result file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentResult {
    /// [`RESULT_FORMAT`].
    pub format: String,
    /// The version of kam-sim whose engine played it.
    pub engine_version: String,
    /// Assessment id.
    pub assessment: String,
    /// Assessment name.
    pub assessment_name: String,
    /// SHA-256 of the assessment file.
    pub assessment_sha256: String,
    /// Target profile id.
    pub profile: String,
    /// The pass rule applied.
    pub pass_rule: PassRule,
    /// The candidate's name or id.
    pub candidate: String,
    /// The scenarios, in order.
    pub runs: Vec<ScenarioRun>,
    /// The conclusion.
    pub summary: Summary,
    /// Absent until signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
}

/// Why a finished session cannot be part of a result.
#[derive(Debug, thiserror::Error)]
#[error("{scenario}: {why}")]
pub struct RunError {
    /// Scenario id.
    pub scenario: String,
    /// Why.
    pub why: String,
}

fn round_half_up(sum: f64, n: usize) -> u8 {
    if n == 0 {
        return 0;
    }
    (sum / n as f64 + 0.5).floor().clamp(0.0, 100.0) as u8
}

/// Builds the (unsigned) result of finished sessions, one per scenario of the assessment, in order.
pub fn build_result(
    assessment: &LoadedAssessment,
    candidate: &str,
    sessions: &[Session],
) -> Result<AssessmentResult, RunError> {
    let mut runs = Vec::new();
    let mut scores = Vec::new();
    let mut competency_sums: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    let (mut mistakes, mut critical, mut seconds) = (0, 0, 0.0);
    for ((c, sha), session) in assessment.scenarios.iter().zip(sessions) {
        let id = c.source.id.clone();
        let result = result_of(session, Some(&assessment.profile)).map_err(|e| RunError {
            scenario: id.clone(),
            why: e.to_string(),
        })?;
        scores.push(f64::from(result.score));
        for (comp, &v) in &result.competencies {
            let e = competency_sums.entry(comp.clone()).or_default();
            e.0 += f64::from(v);
            e.1 += 1;
        }
        mistakes += result.mistakes.len();
        critical += result
            .mistakes
            .iter()
            .filter(|m| m.severity == Severity::Critical)
            .count();
        seconds += session.ending().map_or(0.0, |(_, at)| at as f64 / 1000.0);
        runs.push(ScenarioRun {
            scenario: id,
            scenario_sha256: sha.clone(),
            seed: session.seed(),
            inputs: session.played_inputs().inputs,
            result: serde_json::to_value(&result).map_err(|e| RunError {
                scenario: c.source.id.clone(),
                why: e.to_string(),
            })?,
        });
    }
    if runs.len() != assessment.scenarios.len() {
        return Err(RunError {
            scenario: assessment.source.id.clone(),
            why: format!("{} of {} scenarios were played", runs.len(), assessment.scenarios.len()),
        });
    }
    let competencies: BTreeMap<String, u8> = competency_sums
        .into_iter()
        .map(|(k, (sum, n))| (k, round_half_up(sum, n)))
        .collect();
    let competencies_at_target = assessment
        .profile
        .levels
        .iter()
        .filter(|l| competencies.get(l.competency.id()).is_some_and(|&v| v >= l.level))
        .count();
    let average_score = round_half_up(scores.iter().sum(), scores.len());
    let rule = &assessment.source.pass;
    let mut checks = Vec::new();
    let mut passed = true;
    let mut check = |ok: bool, text: String| {
        passed &= ok;
        checks.push(format!("{} {text}", if ok { "met:" } else { "not met:" }));
    };
    check(
        average_score >= rule.average_score_at_least,
        format!(
            "average score {average_score}, at least {} required",
            rule.average_score_at_least
        ),
    );
    if let Some(min) = rule.every_scenario_at_least {
        let lowest = scores.iter().copied().fold(100.0_f64, f64::min) as u8;
        check(
            lowest >= min,
            format!("lowest scenario score {lowest}, at least {min} required"),
        );
    }
    if let Some(min) = rule.competencies_at_target_at_least {
        check(
            competencies_at_target >= min,
            format!("{competencies_at_target} competencies at the target level, at least {min} required"),
        );
    }
    if rule.no_critical_mistakes {
        check(critical == 0, format!("{critical} critical mistakes, none allowed"));
    }
    Ok(AssessmentResult {
        format: RESULT_FORMAT.into(),
        engine_version: env!("CARGO_PKG_VERSION").into(),
        assessment: assessment.source.id.clone(),
        assessment_name: assessment.source.name.clone(),
        assessment_sha256: assessment.sha256.clone(),
        profile: assessment.profile.id.clone(),
        pass_rule: rule.clone(),
        candidate: candidate.into(),
        runs,
        summary: Summary {
            average_score,
            competencies,
            competencies_at_target,
            mistakes,
            critical_mistakes: critical,
            meeting_seconds: seconds,
            passed,
            rule_checks: checks,
        },
        signature: None,
    })
}

/// Replays every run's inputs through the engine (each from a fresh session with its seed).
pub fn replay(assessment: &LoadedAssessment, runs: &[ScenarioRun]) -> Result<Vec<Session>, RunError> {
    let mut sessions = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        let (Some((c, _)), Some(planned)) = (assessment.scenarios.get(i), assessment.source.scenarios.get(i)) else {
            return Err(RunError {
                scenario: run.scenario.clone(),
                why: "the result has more scenarios than the assessment".into(),
            });
        };
        if run.scenario != c.source.id || run.seed != planned.seed {
            return Err(RunError {
                scenario: run.scenario.clone(),
                why: format!(
                    "scenario {} of the assessment is `{}` with seed {}, not `{}` with seed {}",
                    i + 1,
                    c.source.id,
                    planned.seed,
                    run.scenario,
                    run.seed
                ),
            });
        }
        let mut session = Session::new(c.clone(), run.seed);
        for (k, input) in run.inputs.iter().enumerate() {
            session.apply(input).map_err(|e| RunError {
                scenario: run.scenario.clone(),
                why: format!("input {} cannot be replayed: {e}", k + 1),
            })?;
        }
        sessions.push(session);
    }
    Ok(sessions)
}

/// Where the result files of an assessment go by default: `results/<assessment>/<candidate>.json`.
pub fn default_result_path(assessment: &Assessment, candidate: &str) -> PathBuf {
    let safe: String = candidate
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    PathBuf::from("results")
        .join(&assessment.id)
        .join(format!("{safe}.json"))
}

/// Parses an assessment from text (for tests and tools).
pub fn parse_assessment(name: &str, text: &str) -> Result<Assessment, String> {
    load_ron_text(name, text).map_err(|r: FileReport| r.render())
}

/// The format tag of progress files.
pub const PROGRESS_FORMAT: &str = "kam-sim/assessment-progress/1";

/// The inputs of one scenario of a run in progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunInputs {
    /// Scenario id.
    pub scenario: String,
    /// The assessment's seed for it.
    pub seed: u64,
    /// Every input so far.
    pub inputs: Vec<TimedInput>,
}

/// An assessment run in progress, saved after every input so that closing the window or a crash
/// loses nothing: resuming replays it and continues from the last input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    /// [`PROGRESS_FORMAT`].
    pub format: String,
    /// Assessment id.
    pub assessment: String,
    /// SHA-256 of the assessment file: a run is never resumed under a changed assessment.
    pub assessment_sha256: String,
    /// The candidate.
    pub candidate: String,
    /// Every scenario started, in order; only the last may be unfinished.
    pub runs: Vec<RunInputs>,
}

/// Where a resumed run stands.
pub struct Resumed {
    /// Sessions of the scenarios already finished, in order.
    pub finished: Vec<Session>,
    /// The scenario in progress, replayed up to its last input, if any.
    pub current: Option<Session>,
}

impl Progress {
    /// A run that has not started.
    pub fn new(assessment: &LoadedAssessment, candidate: &str) -> Progress {
        Progress {
            format: PROGRESS_FORMAT.into(),
            assessment: assessment.source.id.clone(),
            assessment_sha256: assessment.sha256.clone(),
            candidate: candidate.into(),
            runs: Vec::new(),
        }
    }

    /// Records the inputs of scenario `index` (the one being played) from its session.
    pub fn record(&mut self, index: usize, session: &Session) {
        let inputs = session.played_inputs();
        let run = RunInputs {
            scenario: inputs.scenario,
            seed: inputs.seed,
            inputs: inputs.inputs,
        };
        if index < self.runs.len() {
            self.runs[index] = run;
        } else {
            self.runs.push(run);
        }
    }

    /// Saves atomically: a temporary file, flushed to disk, then renamed over the previous save, so
    /// a crash at any moment leaves either the previous or the new progress, never half a file.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        let text = serde_json::to_string(self).map_err(std::io::Error::other)?;
        let tmp = path.with_extension("progress.tmp");
        let mut f = std::fs::File::create(&tmp)?;
        std::io::Write::write_all(&mut f, text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    }

    /// Loads a saved run; `Ok(None)` when there is none.
    pub fn load(path: &Path) -> Result<Option<Progress>, String> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read `{}`: {e}", path.display())),
        };
        let p: Progress = serde_json::from_str(&text)
            .map_err(|e| format!("`{}` is not a saved assessment run: {e}", path.display()))?;
        if p.format != PROGRESS_FORMAT {
            return Err(format!("`{}` is not a saved assessment run", path.display()));
        }
        Ok(Some(p))
    }

    /// Replays the saved inputs under `assessment` (which must be the same file the run started
    /// with): the finished scenarios, and the one in progress up to its last input.
    pub fn resume(&self, assessment: &LoadedAssessment) -> Result<Resumed, RunError> {
        let refuse = |why: String| RunError {
            scenario: self.assessment.clone(),
            why,
        };
        if self.assessment != assessment.source.id || self.assessment_sha256 != assessment.sha256 {
            return Err(refuse(
                "the saved run belongs to another assessment, or the assessment file has changed since it started"
                    .into(),
            ));
        }
        let runs: Vec<ScenarioRun> = self
            .runs
            .iter()
            .map(|r| ScenarioRun {
                scenario: r.scenario.clone(),
                scenario_sha256: String::new(),
                seed: r.seed,
                inputs: r.inputs.clone(),
                result: serde_json::Value::Null,
            })
            .collect();
        let mut sessions = replay(assessment, &runs)?;
        let current = match sessions.last() {
            Some(last) if last.ending().is_none() => sessions.pop(),
            _ => None,
        };
        if sessions.iter().any(|s| s.ending().is_none()) {
            return Err(refuse("a scenario before the last one is unfinished".into()));
        }
        Ok(Resumed {
            finished: sessions,
            current,
        })
    }
}

/// Writes a new file atomically (temporary file, flushed, then renamed); never replaces an existing
/// one, so a completed result can never be overwritten.
pub fn write_new(path: &Path, text: &str) -> Result<(), String> {
    if path.exists() {
        return Err(format!(
            "`{}` already exists; a completed assessment is never overwritten",
            path.display()
        ));
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create `{}`: {e}", parent.display()))?;
    }
    let tmp = path.with_extension("json.tmp");
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        std::io::Write::write_all(&mut f, text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot write `{}`: {e}", path.display())
    })
}
