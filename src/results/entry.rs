//! What a cohort report reads of one stored result: about a kilobyte — the candidate, the scores,
//! the mistakes and the choices made at each decision point — instead of the ~35 KB signed result
//! with every timed input and transcript line. The store keeps it beside the signed result, sealed
//! with the manager's key ([`crate::core::assessment::signing::seal`]) once the result was verified
//! in full at import, so a cohort of 10,000 is read without re-parsing 350 MB of JSON while an edit
//! of the row is still refused.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::core::allowance::TimeAllowance;
use crate::core::assessment::AssessmentResult;
use crate::core::result::RunResult;

/// The option id standing for letting the timer run out at a decision point.
pub const SILENCE: &str = "(silence)";

/// One stored result as a cohort report reads it. Written from an [`AssessmentResult`] by
/// [`CohortEntry::of`] and read back into this type (as JSON, every field required).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CohortEntry {
    /// The candidate's name or id.
    pub candidate: String,
    /// Assessment id.
    pub assessment: String,
    /// The assessment's name, as recorded.
    pub assessment_name: String,
    /// Whether a simulated candidate played.
    pub simulated: bool,
    /// The answering time the candidate was given (left out when standard, as entries sealed
    /// before it existed were written).
    #[serde(default, skip_serializing_if = "TimeAllowance::is_standard")]
    pub time_allowance: TimeAllowance,
    /// The language played in.
    pub language: String,
    /// When the assessment ended (RFC 3339).
    pub finished_at: String,
    /// The pass mark of the average score the result was judged by.
    pub pass_mark: u8,
    /// Mean of the scenario scores.
    pub average_score: u8,
    /// Whether the pass rule held.
    pub passed: bool,
    /// Mistakes over all scenarios.
    pub mistakes: usize,
    /// Critical mistakes over all scenarios.
    pub critical_mistakes: usize,
    /// Per competency, the score over the scenarios that measured it.
    pub competencies: BTreeMap<String, u8>,
    /// The scenarios, in the order played.
    pub runs: Vec<CohortRun>,
}

/// One scenario of a [`CohortEntry`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CohortRun {
    /// Scenario id.
    pub scenario: String,
    /// The scenario's title, as recorded.
    pub title: String,
    /// The scenario's score.
    pub score: u8,
    /// The mistakes made, in order.
    pub mistakes: Vec<MistakeAt>,
    /// What the candidate did at each decision point, in order.
    pub choices: Vec<Choice>,
}

/// A mistake and where it was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MistakeAt {
    /// Mistake id.
    pub id: String,
    /// The moment (node) it was made at, when it was made by a choice.
    pub node: Option<String>,
    /// The option chosen, when it was made by a choice.
    pub option: Option<String>,
}

/// What a candidate did at a decision point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The moment (node id).
    pub node: String,
    /// The option chosen, or [`SILENCE`].
    pub option: String,
}

impl CohortEntry {
    /// What a cohort report reads of `result`.
    pub fn of(result: &AssessmentResult) -> CohortEntry {
        let s = &result.summary;
        CohortEntry {
            candidate: result.candidate.clone(),
            assessment: result.assessment.clone(),
            assessment_name: result.assessment_name.clone(),
            simulated: result.played_by.is_simulated(),
            time_allowance: result.time_allowance,
            language: result.language.clone(),
            finished_at: result.finished_at.clone(),
            pass_mark: result.pass_rule.average_score_at_least,
            average_score: s.average_score,
            passed: s.passed,
            mistakes: s.mistakes,
            critical_mistakes: s.critical_mistakes,
            competencies: s.competencies.clone(),
            runs: result.runs.iter().map(|run| CohortRun::of(&run.result)).collect(),
        }
    }
}

impl CohortRun {
    /// What a cohort report reads of one scenario's result.
    pub fn of(r: &RunResult) -> CohortRun {
        CohortRun {
            scenario: r.scenario.clone(),
            title: r.title.clone(),
            score: r.score,
            mistakes: r
                .mistakes
                .iter()
                .map(|m| MistakeAt {
                    id: m.id.clone(),
                    node: m.node.clone(),
                    option: m.option.clone(),
                })
                .collect(),
            choices: choices(r),
        }
    }
}

/// What one candidate did at the decision points of one scenario, read from the transcript: a
/// choice answers the last line spoken; a silence lets its timer run out.
fn choices(r: &RunResult) -> Vec<Choice> {
    let mut node: Option<&str> = None;
    let mut out = Vec::new();
    for line in &r.transcript {
        match line.kind.as_str() {
            "line" => node = Some(&line.id),
            "choice" | "silence" => {
                if let Some(n) = node {
                    out.push(Choice {
                        node: n.to_owned(),
                        option: if line.kind == "choice" {
                            line.id.clone()
                        } else {
                            SILENCE.to_owned()
                        },
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// A stored result as a cohort report reads it: its attempt number and its [`CohortEntry`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEntry {
    /// The candidate's attempt number at this assessment: 1, 2, …
    pub attempt: u32,
    /// What the report reads of the result.
    pub entry: CohortEntry,
}

impl From<&crate::results::store::StoredResult> for StoredEntry {
    fn from(r: &crate::results::store::StoredResult) -> StoredEntry {
        StoredEntry {
            attempt: r.attempt,
            entry: CohortEntry::of(&r.result),
        }
    }
}
