//! The result file of one candidate's assessment: one type, written and read back as itself.
//!
//! Everything a report needs is in it and covered by the signature: every timed input (in whole
//! milliseconds, so a replay sees exactly what was played), each scenario's scored result, the target
//! profile and pass rule the candidate was judged against, when the run started and ended (UTC),
//! who played it (a person or a simulated candidate) and in which language. A report made years later
//! shows what was decided then, whatever has changed on disk since.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{LoadedAssessment, PassRule};
use crate::core::allowance::TimeAllowance;
use crate::core::engine::Session;
use crate::core::inputs::InputAction;
use crate::core::profile::{Profile, TargetLevel};
use crate::core::result::{RunResult, result_of};
use crate::core::vocab::{Competency, MistakeKind, Severity};

use super::runner::RunError;

/// The format tag written into every result file. Format 3 names the closing choice of a deal
/// closed below the floor: its critical `price_dumping` carries the `option` and its `quote`.
pub const RESULT_FORMAT: &str = "kam-sim/assessment-result/3";

/// Format 2, still verified exactly: it differs from format 3 only in that the critical
/// `price_dumping` of a deal closed below the floor had no `option` and no `quote`
/// (see [`AssessmentResult::as_format_2`]).
pub const RESULT_FORMAT_2: &str = "kam-sim/assessment-result/2";

/// The language results are played in until the interface is translated.
pub const DEFAULT_LANGUAGE: &str = "en";

/// Result formats of earlier versions that this version cannot verify exactly: refused by name,
/// never judged forged.
pub const EARLIER_RESULT_FORMATS: &[&str] = &["kam-sim/assessment-result/1"];

/// One input as played: its time in whole milliseconds since the scenario started, and the action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedInput {
    /// Milliseconds since the session started.
    pub at_ms: u64,
    /// What the candidate did.
    pub action: InputAction,
}

impl RecordedInput {
    /// Every input a session has played so far, in order.
    pub fn all_played(session: &Session) -> Vec<RecordedInput> {
        session
            .played_inputs_ms()
            .into_iter()
            .map(|(at_ms, action)| RecordedInput { at_ms, action })
            .collect()
    }
}

/// Who played the assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum PlayedBy {
    /// A person, in the game window or from recorded inputs files.
    Person,
    /// A simulated candidate (`kam-sim assess --policy`): never ranked with people unless asked.
    Simulated {
        /// `best`, `worst`, `random` or `skilled`.
        policy: String,
        /// The seed of its choices.
        seed: u64,
        /// The skilled candidate's θ (absent for the other policies, and in results written before
        /// it existed).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        skill: Option<crate::core::policy::Skill>,
    },
}

impl PlayedBy {
    /// Whether a simulated candidate played.
    pub fn is_simulated(&self) -> bool {
        matches!(self, PlayedBy::Simulated { .. })
    }
}

/// The target profile a result was judged against, as it was at the time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetSnapshot {
    /// Profile id.
    pub id: String,
    /// Profile title.
    pub title: String,
    /// Required level per competency id.
    pub levels: BTreeMap<String, u8>,
}

impl TargetSnapshot {
    /// The levels of a loaded profile.
    pub fn of(profile: &Profile) -> TargetSnapshot {
        TargetSnapshot {
            id: profile.id.clone(),
            title: profile.title.clone(),
            levels: profile
                .levels
                .iter()
                .map(|l| (l.competency.id().to_owned(), l.level))
                .collect(),
        }
    }

    /// The snapshot as a profile, for the comparisons of each scenario's result.
    pub fn to_profile(&self) -> Profile {
        Profile {
            id: self.id.clone(),
            title: self.title.clone(),
            description: String::new(),
            levels: Competency::ALL
                .iter()
                .filter_map(|c| {
                    self.levels.get(c.id()).map(|&level| TargetLevel {
                        competency: *c,
                        level,
                        why: String::new(),
                    })
                })
                .collect(),
        }
    }
}

/// One scenario as the candidate played it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioRun {
    /// Scenario id.
    pub scenario: String,
    /// SHA-256 of the scenario file that was played: the scenario's version.
    pub scenario_sha256: String,
    /// The seed.
    pub seed: u64,
    /// Every input, with its time.
    pub inputs: Vec<RecordedInput>,
    /// The engine's scored result (the same as `kam-sim run --format json`).
    pub result: RunResult,
}

impl ScenarioRun {
    /// How long the meeting lasted, in milliseconds (the ending's time).
    pub fn meeting_ms(&self) -> u64 {
        // The transcript ends with the ending; its time is whole milliseconds divided by 1000.
        self.result
            .transcript
            .last()
            .map_or(0, |t| (t.at_seconds * 1000.0).round() as u64)
    }
}

/// What the assessment concluded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Meeting time used over all scenarios, in milliseconds.
    pub meeting_ms: u64,
    /// Whether the pass rule holds.
    pub passed: bool,
    /// For each rule of the pass rule, whether it held, in words.
    pub rule_checks: Vec<String>,
}

/// A signature over the rest of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// Always `HMAC-SHA-256`; anything else is refused.
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
    /// The candidate's name or id.
    pub candidate: String,
    /// A person or a simulated candidate.
    pub played_by: PlayedBy,
    /// The language the scenarios were played in (a BCP 47 tag such as `en` or `pt`).
    pub language: String,
    /// The answering time the candidate was given: `extended` (every answer timer and speaker's
    /// patience doubled) is an accessibility adjustment the manager granted, signed with the rest.
    /// Left out when standard, so results written before it existed read and verify as they were.
    #[serde(default, skip_serializing_if = "TimeAllowance::is_standard")]
    pub time_allowance: TimeAllowance,
    /// When the first scenario started, UTC (RFC 3339).
    pub started_at: String,
    /// When the result was built, UTC (RFC 3339).
    pub finished_at: String,
    /// The target profile the candidate was judged against.
    pub target: TargetSnapshot,
    /// The pass rule applied.
    pub pass_rule: PassRule,
    /// The scenarios, in order.
    pub runs: Vec<ScenarioRun>,
    /// The conclusion.
    pub summary: Summary,
    /// Absent until signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
}

impl AssessmentResult {
    /// The same result as format 2 wrote it: the critical `price_dumping` of a deal closed below the
    /// floor without the closing choice's `option` and `quote`. Verification replays a format-2
    /// result under today's engine and compares it in this form, so it stays verifiable exactly.
    pub fn as_format_2(&mut self) {
        self.format = RESULT_FORMAT_2.into();
        for m in self.runs.iter_mut().flat_map(|r| r.result.mistakes.iter_mut()) {
            if m.id == MistakeKind::PriceDumping.id() && m.severity == Severity::Critical && m.detected_by == "engine" {
                m.option = None;
                m.quote = None;
            }
        }
    }
}

/// What a result records beyond the play itself: who, when, in which language, judged against what.
#[derive(Debug, Clone, PartialEq)]
pub struct RunContext {
    /// The candidate.
    pub candidate: String,
    /// A person or a simulated candidate.
    pub played_by: PlayedBy,
    /// The language played in.
    pub language: String,
    /// The answering time the candidate was given.
    pub time_allowance: TimeAllowance,
    /// When the run started (RFC 3339, UTC).
    pub started_at: String,
    /// When it finished (RFC 3339, UTC).
    pub finished_at: String,
    /// The target profile.
    pub target: TargetSnapshot,
    /// The pass rule.
    pub pass_rule: PassRule,
}

impl RunContext {
    /// The context of a result as recorded in it: what a replay rebuilds the result under.
    pub fn of(result: &AssessmentResult) -> RunContext {
        RunContext {
            candidate: result.candidate.clone(),
            played_by: result.played_by.clone(),
            language: result.language.clone(),
            time_allowance: result.time_allowance,
            started_at: result.started_at.clone(),
            finished_at: result.finished_at.clone(),
            target: result.target.clone(),
            pass_rule: result.pass_rule.clone(),
        }
    }
}

/// The current time as RFC 3339 UTC, to the second.
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

pub(crate) fn round_half_up(sum: u64, n: u64) -> u8 {
    if n == 0 {
        return 0;
    }
    // Integer arithmetic: (2·sum + n) / (2·n) is sum/n rounded half up, identical on every machine.
    ((2 * sum + n) / (2 * n)).min(100) as u8
}

/// Builds the (unsigned) result of finished sessions, one per scenario of the assessment, in order,
/// judged against the target and pass rule of `context`.
pub fn build_result(
    assessment: &LoadedAssessment,
    context: &RunContext,
    sessions: &[Session],
) -> Result<AssessmentResult, RunError> {
    if sessions.len() != assessment.scenarios.len() {
        return Err(RunError {
            scenario: assessment.source.id.clone(),
            why: format!(
                "{} of {} scenarios were played",
                sessions.len(),
                assessment.scenarios.len()
            ),
        });
    }
    if let Some(s) = sessions.iter().find(|s| s.time_allowance() != context.time_allowance) {
        return Err(RunError {
            scenario: s.scenario().source.id.clone(),
            why: format!(
                "played with {} time, the run records {} time",
                s.time_allowance().id(),
                context.time_allowance.id()
            ),
        });
    }
    let profile = context.target.to_profile();
    let mut runs = Vec::new();
    let mut competency_sums: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for ((c, sha), session) in assessment.scenarios.iter().zip(sessions) {
        let result = result_of(session, Some(&profile)).map_err(|e| RunError {
            scenario: c.source.id.clone(),
            why: e.to_string(),
        })?;
        for (comp, &v) in &result.competencies {
            let e = competency_sums.entry(comp.clone()).or_default();
            e.0 += u64::from(v);
            e.1 += 1;
        }
        runs.push(ScenarioRun {
            scenario: c.source.id.clone(),
            scenario_sha256: sha.clone(),
            seed: session.seed(),
            inputs: RecordedInput::all_played(session),
            result,
        });
    }
    let scores: Vec<u8> = runs.iter().map(|r| r.result.score).collect();
    let mistakes = runs.iter().map(|r| r.result.mistakes.len()).sum();
    let critical = runs
        .iter()
        .flat_map(|r| &r.result.mistakes)
        .filter(|m| m.severity == Severity::Critical)
        .count();
    let meeting_ms = sessions.iter().map(|s| s.ending().map_or(0, |(_, at)| at)).sum();
    let competencies: BTreeMap<String, u8> = competency_sums
        .into_iter()
        .map(|(k, (sum, n))| (k, round_half_up(sum, n)))
        .collect();
    let competencies_at_target = context
        .target
        .levels
        .iter()
        .filter(|(id, level)| competencies.get(*id).is_some_and(|v| v >= level))
        .count();
    let average_score = round_half_up(scores.iter().map(|&s| u64::from(s)).sum(), scores.len() as u64);
    let rule = &context.pass_rule;
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
        let lowest = scores.iter().copied().min().unwrap_or(0);
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
        engine_version: crate::core::result::ENGINE_VERSION.into(),
        assessment: assessment.source.id.clone(),
        assessment_name: assessment.source.name.clone(),
        assessment_sha256: assessment.sha256.clone(),
        candidate: context.candidate.clone(),
        played_by: context.played_by.clone(),
        language: context.language.clone(),
        time_allowance: context.time_allowance,
        started_at: context.started_at.clone(),
        finished_at: context.finished_at.clone(),
        target: context.target.clone(),
        pass_rule: rule.clone(),
        runs,
        summary: Summary {
            average_score,
            competencies,
            competencies_at_target,
            mistakes,
            critical_mistakes: critical,
            meeting_ms,
            passed,
            rule_checks: checks,
        },
        signature: None,
    })
}

#[cfg(test)]
mod tests {
    use super::round_half_up;

    #[test]
    fn averages_round_half_up_in_integers() {
        assert_eq!(round_half_up(0, 0), 0);
        assert_eq!(round_half_up(121, 2), 61); // 60.5 → 61
        assert_eq!(round_half_up(181, 3), 60); // 60.33 → 60
        assert_eq!(round_half_up(182, 3), 61); // 60.67 → 61
    }
}
