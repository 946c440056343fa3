//! One candidate's run through an assessment, sequenced once for every front end: the headless
//! `kam-sim assess`, the game window, and the replay that verifies a result.
//!
//! The runner knows which scenario comes next and with which seed, keeps the finished sessions, and
//! keeps a [`Progress`] — every input so far — that the front end saves after every input, so that a
//! closed window or a crash loses nothing: [`AssessmentRunner::resume`] replays it and play goes on
//! from the last input.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::LoadedAssessment;
use super::result::{AssessmentResult, PlayedBy, RecordedInput, RunContext, TargetSnapshot, build_result};
use crate::core::allowance::TimeAllowance;
use crate::core::compile::CompiledScenario;
use crate::core::engine::Session;

/// Why a run cannot go on, or a result cannot be built or replayed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{scenario}: {why}")]
pub struct RunError {
    /// Scenario (or assessment) id.
    pub scenario: String,
    /// Why.
    pub why: String,
}

/// The format tag of progress files.
pub const PROGRESS_FORMAT: &str = "kam-sim/assessment-progress/2";

/// The inputs of one scenario of a run in progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunInputs {
    /// Scenario id.
    pub scenario: String,
    /// The assessment's seed for it.
    pub seed: u64,
    /// Every input so far.
    pub inputs: Vec<RecordedInput>,
}

/// An assessment run in progress, as saved after every input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// When the run started (RFC 3339, UTC): a resumed run keeps its start.
    pub started_at: String,
    /// The language played in.
    pub language: String,
    /// The answering time the candidate is given, for the whole run (left out when standard).
    #[serde(default, skip_serializing_if = "TimeAllowance::is_standard")]
    pub time_allowance: TimeAllowance,
    /// Every scenario started, in order; only the last may be unfinished.
    pub runs: Vec<RunInputs>,
}

/// Why a saved run could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProgressError {
    /// The file could not be read.
    #[error("cannot read the saved run `{path}`: {why}")]
    Unreadable {
        /// The file.
        path: String,
        /// The system's reason.
        why: String,
    },
    /// The file is damaged or of another format.
    #[error("the saved run `{path}` cannot be resumed: {why}")]
    Damaged {
        /// The file.
        path: String,
        /// What is wrong with it.
        why: String,
    },
}

impl Progress {
    /// Saves atomically: a temporary file in the same folder, flushed to disk, then renamed over the
    /// previous save, so a crash at any moment leaves either the previous or the new progress.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let text = serde_json::to_string(self).map_err(std::io::Error::other)?;
        crate::core::atomic::write_replacing(path, text.as_bytes())
    }

    /// Loads a saved run; `Ok(None)` when there is none.
    pub fn load(path: &Path) -> Result<Option<Progress>, ProgressError> {
        let text = match crate::core::source::read_text(path) {
            Ok(t) => t,
            Err(_) if !path.exists() => return Ok(None),
            Err(e) => {
                return Err(ProgressError::Unreadable {
                    path: path.display().to_string(),
                    why: e.to_string(),
                });
            }
        };
        let damaged = |why: String| ProgressError::Damaged {
            path: path.display().to_string(),
            why,
        };
        let p: Progress = serde_json::from_str(&text).map_err(|e| damaged(e.to_string()))?;
        if p.format != PROGRESS_FORMAT {
            return Err(damaged(format!(
                "it is of format `{}`, this version reads `{PROGRESS_FORMAT}`",
                p.format
            )));
        }
        Ok(Some(p))
    }

    /// Moves a saved run that cannot be resumed out of the way, next to where it was, with the time in
    /// its name (`…progress.json` → `…progress.unresumable-20261201T101500Z.json`), and returns where
    /// it went: nothing a candidate did is ever deleted.
    pub fn set_aside(path: &Path, now: &str) -> std::io::Result<PathBuf> {
        let stamp: String = now.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut target = path.with_file_name(format!("{stem}.unresumable-{stamp}.json"));
        let mut n = 1;
        while target.exists() {
            n += 1;
            target = path.with_file_name(format!("{stem}.unresumable-{stamp}-{n}.json"));
        }
        std::fs::rename(path, &target)?;
        Ok(target)
    }
}

/// One candidate's run through an assessment.
pub struct AssessmentRunner {
    assessment: Arc<LoadedAssessment>,
    progress: Progress,
    played_by: PlayedBy,
    finished: Vec<Session>,
    resumed: Option<Session>,
}

impl AssessmentRunner {
    /// A run that has not started, every scenario of it timed with `time_allowance`.
    pub fn start(
        assessment: Arc<LoadedAssessment>,
        candidate: &str,
        played_by: PlayedBy,
        language: &str,
        time_allowance: TimeAllowance,
        started_at: &str,
    ) -> AssessmentRunner {
        let progress = Progress {
            format: PROGRESS_FORMAT.into(),
            assessment: assessment.source.id.clone(),
            assessment_sha256: assessment.sha256.clone(),
            candidate: candidate.into(),
            started_at: started_at.into(),
            language: language.into(),
            time_allowance,
            runs: Vec::new(),
        };
        AssessmentRunner {
            assessment,
            progress,
            played_by,
            finished: Vec::new(),
            resumed: None,
        }
    }

    /// Resumes a saved run: replays the finished scenarios, and the one in progress up to its last
    /// input (taken with [`AssessmentRunner::take_resumed`]).
    pub fn resume(assessment: Arc<LoadedAssessment>, progress: Progress) -> Result<AssessmentRunner, RunError> {
        let refuse = |why: String| RunError {
            scenario: progress.assessment.clone(),
            why,
        };
        if progress.assessment != assessment.source.id || progress.assessment_sha256 != assessment.sha256 {
            return Err(refuse(
                "the saved run belongs to another assessment, or the assessment file has changed since it started"
                    .into(),
            ));
        }
        let mut sessions = replay_inputs(
            &assessment,
            progress.time_allowance,
            progress.runs.iter().map(|r| (&r.scenario, r.seed, &r.inputs)),
        )?;
        let resumed = match sessions.last() {
            Some(last) if last.ending().is_none() => sessions.pop(),
            _ => None,
        };
        if sessions.iter().any(|s| s.ending().is_none()) {
            return Err(refuse("a scenario before the last one is unfinished".into()));
        }
        Ok(AssessmentRunner {
            assessment,
            progress,
            played_by: PlayedBy::Person,
            finished: sessions,
            resumed,
        })
    }

    /// The assessment.
    pub fn assessment(&self) -> &Arc<LoadedAssessment> {
        &self.assessment
    }

    /// The candidate.
    pub fn candidate(&self) -> &str {
        &self.progress.candidate
    }

    /// What to save after every input.
    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// The answering time the candidate is given.
    pub fn time_allowance(&self) -> TimeAllowance {
        self.progress.time_allowance
    }

    /// Index of the scenario being played (the number finished so far).
    pub fn index(&self) -> usize {
        self.finished.len()
    }

    /// Every scenario has been played.
    pub fn is_complete(&self) -> bool {
        self.finished.len() == self.assessment.scenarios.len()
    }

    /// The finished sessions, in order.
    pub fn finished(&self) -> &[Session] {
        &self.finished
    }

    /// The scenario to play now, with its seed; `None` once every scenario is played.
    pub fn current_scenario(&self) -> Option<(Arc<CompiledScenario>, u64)> {
        self.assessment.scenario(self.index())
    }

    /// The session of the scenario in progress when the run was resumed, replayed to its last input.
    pub fn take_resumed(&mut self) -> Option<Session> {
        self.resumed.take()
    }

    /// A new session of the scenario to play now, or the resumed one.
    pub fn session_to_play(&mut self) -> Option<Session> {
        self.take_resumed().or_else(|| {
            let allowance = self.time_allowance();
            self.current_scenario()
                .map(|(c, seed)| Session::new(c, seed).with_time_allowance(allowance))
        })
    }

    /// Records the inputs of the scenario in progress (call after every input, then save).
    pub fn record(&mut self, session: &Session) {
        let index = self.index();
        let run = RunInputs {
            scenario: session.scenario().source.id.clone(),
            seed: session.seed(),
            inputs: RecordedInput::all_played(session),
        };
        match self.progress.runs.get_mut(index) {
            Some(slot) => *slot = run,
            None => self.progress.runs.push(run),
        }
    }

    /// Ends the scenario in progress with its finished session; the next one (if any) is then current.
    pub fn complete_scenario(&mut self, session: Session) -> Result<(), RunError> {
        let Some((c, seed)) = self.current_scenario() else {
            return Err(RunError {
                scenario: self.assessment.source.id.clone(),
                why: "every scenario of the assessment has already been played".into(),
            });
        };
        if session.scenario().source.id != c.source.id || session.seed() != seed {
            return Err(RunError {
                scenario: session.scenario().source.id.clone(),
                why: format!(
                    "scenario {} of the assessment is `{}` with seed {seed}",
                    self.index() + 1,
                    c.source.id
                ),
            });
        }
        if session.ending().is_none() {
            return Err(RunError {
                scenario: c.source.id.clone(),
                why: "the meeting has not ended".into(),
            });
        }
        if session.time_allowance() != self.time_allowance() {
            return Err(RunError {
                scenario: c.source.id.clone(),
                why: format!(
                    "played with {} time, the run gives {} time",
                    session.time_allowance().id(),
                    self.time_allowance().id()
                ),
            });
        }
        self.record(&session);
        // The result is always computed on the assessment's own scenario, as verification replays
        // it: a session played in a translation (same ids, texts in the candidate's language)
        // leaves a result in the scenario's source language, which later edits of the
        // translation can never make unverifiable.
        let canonical = session.replayed_on(c.clone()).map_err(|e| RunError {
            scenario: c.source.id.clone(),
            why: format!("the inputs do not replay on the assessment's scenario: {e}"),
        })?;
        self.finished.push(canonical);
        Ok(())
    }

    /// The result of a complete run, judged against the assessment's target and pass rule as they are
    /// now (and recorded in the result).
    pub fn result(&self, finished_at: &str) -> Result<AssessmentResult, RunError> {
        let context = RunContext {
            candidate: self.progress.candidate.clone(),
            played_by: self.played_by.clone(),
            language: self.progress.language.clone(),
            time_allowance: self.progress.time_allowance,
            started_at: self.progress.started_at.clone(),
            finished_at: finished_at.into(),
            target: TargetSnapshot::of(&self.assessment.profile),
            pass_rule: self.assessment.source.pass.clone(),
        };
        build_result(&self.assessment, &context, &self.finished)
    }
}

/// Replays recorded inputs, scenario by scenario, each from a fresh session with the assessment's
/// seed and the run's time allowance; refuses a scenario or seed that is not the assessment's.
pub fn replay_inputs<'a>(
    assessment: &LoadedAssessment,
    time_allowance: TimeAllowance,
    runs: impl Iterator<Item = (&'a String, u64, &'a Vec<RecordedInput>)>,
) -> Result<Vec<Session>, RunError> {
    let mut sessions = Vec::new();
    for (i, (scenario, seed, inputs)) in runs.enumerate() {
        let Some((c, planned_seed)) = assessment.scenario(i) else {
            return Err(RunError {
                scenario: scenario.clone(),
                why: "the run has more scenarios than the assessment".into(),
            });
        };
        if *scenario != c.source.id || seed != planned_seed {
            return Err(RunError {
                scenario: scenario.clone(),
                why: format!(
                    "scenario {} of the assessment is `{}` with seed {planned_seed}, not `{scenario}` with seed {seed}",
                    i + 1,
                    c.source.id,
                ),
            });
        }
        let mut session = Session::new(c, seed).with_time_allowance(time_allowance);
        for (k, input) in inputs.iter().enumerate() {
            session.apply_at_ms(input.at_ms, &input.action).map_err(|e| RunError {
                scenario: scenario.clone(),
                why: format!("input {} cannot be replayed: {e}", k + 1),
            })?;
        }
        sessions.push(session);
    }
    Ok(sessions)
}

/// Replays the runs of a result file, with the time allowance it records.
pub fn replay(assessment: &LoadedAssessment, result: &AssessmentResult) -> Result<Vec<Session>, RunError> {
    replay_inputs(
        assessment,
        result.time_allowance,
        result.runs.iter().map(|r| (&r.scenario, r.seed, &r.inputs)),
    )
}
