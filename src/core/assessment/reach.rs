//! What any candidate can reach in an assessment, exactly: each scenario's best and worst score in
//! the world of the assessment's seed, each target competency's highest average, and which pass
//! clauses no playthrough can meet (`kam-sim check` on an assessment, `kam-sim study`).
//!
//! Computed by the analyzer, not by sampling: a target reported unreachable is unreachable by
//! every playthrough.

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use super::PassRule;
use super::result::round_half_up;
use super::{LoadedAssessment, load_assessment};
use crate::core::analysis::{DEFAULT_STATE_BUDGET, NamedWorld, analyze_worlds_within, competency_evidence_range};
use crate::core::content::ContentDirs;
use crate::core::diagnostic::{Diagnostic, FileReport, locate};
use crate::core::rules::World;
use crate::core::scoring::competency_score;

/// One scenario's score range in the assessment's world.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioReach {
    /// Scenario id.
    pub scenario: String,
    /// Highest score any playthrough reaches; `None` when unknown (the analysis budget ran out)
    /// or no playthrough finishes.
    pub best: Option<u8>,
    /// Lowest score any playthrough reaches; `None` as for `best`.
    pub worst: Option<u8>,
}

/// One target competency and the highest average score any candidate can give it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompetencyReach {
    /// Competency id.
    pub id: &'static str,
    /// The target profile's level.
    pub target: u8,
    /// How many of the assessment's scenarios measure it.
    pub measured_by: usize,
    /// The highest average over those scenarios any playthroughs reach (the scenarios are played
    /// independently, so the best of each); `None` when no scenario measures it or a scenario's
    /// analysis ran out of budget.
    pub highest: Option<u8>,
    /// Whether some playthrough meets the target. `None` when unknown (budget).
    pub target_reachable: Option<bool>,
}

/// A pass clause no candidate can meet, or one decided by targets no candidate can reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClauseFinding {
    /// The clause's field in the assessment file (`average_score_at_least` …).
    pub clause: &'static str,
    /// Whether the clause can never be met (otherwise it only counts targets that cannot be).
    pub never_met: bool,
    /// What is wrong, in a sentence.
    pub message: String,
}

/// What any candidate can reach in an assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reachability {
    /// Per scenario, in the assessment's order.
    pub scenarios: Vec<ScenarioReach>,
    /// Per target competency, in the profile's order.
    pub competencies: Vec<CompetencyReach>,
}

/// The exact reach of an assessment, each scenario explored in the world of its fixed seed.
pub fn reachability(assessment: &LoadedAssessment) -> Reachability {
    let worlds: Vec<[NamedWorld; 1]> = assessment
        .scenarios
        .iter()
        .zip(&assessment.source.scenarios)
        .map(|((c, _), planned)| {
            [NamedWorld {
                name: format!("seed {}", planned.seed),
                world: World::from_seed(c, planned.seed),
            }]
        })
        .collect();
    let scenarios = assessment
        .scenarios
        .iter()
        .zip(&worlds)
        .map(|((c, _), world)| {
            let analysis = analyze_worlds_within(c, world, DEFAULT_STATE_BUDGET);
            ScenarioReach {
                scenario: c.source.id.clone(),
                best: analysis.score.as_ref().map(|s| s.max),
                worst: analysis.score.as_ref().map(|s| s.min),
            }
        })
        .collect();
    let competencies = assessment
        .profile
        .levels
        .iter()
        .map(|level| {
            let measuring: Vec<usize> = assessment
                .scenarios
                .iter()
                .enumerate()
                .filter(|(_, (c, _))| c.measured.contains(&level.competency))
                .map(|(i, _)| i)
                .collect();
            let highest: Option<Vec<u8>> = measuring
                .iter()
                .map(|&i| {
                    let c = &assessment.scenarios[i].0;
                    competency_evidence_range(c, &worlds[i], level.competency, DEFAULT_STATE_BUDGET)
                        .map(|(_, most)| competency_score(most.clamp(-1000, 1000) as i32))
                })
                .collect();
            let highest = highest
                .filter(|h| !h.is_empty())
                .map(|h| round_half_up(h.iter().map(|&v| u64::from(v)).sum(), h.len() as u64));
            CompetencyReach {
                id: level.competency.id(),
                target: level.level,
                measured_by: measuring.len(),
                highest,
                target_reachable: if measuring.is_empty() {
                    Some(false)
                } else {
                    highest.map(|h| h >= level.level)
                },
            }
        })
        .collect();
    Reachability {
        scenarios,
        competencies,
    }
}

impl Reachability {
    /// The pass clauses of `rule` that no playthrough can meet, and a clause on targets some of
    /// which no playthrough can reach.
    pub fn clause_findings(&self, rule: &PassRule) -> Vec<ClauseFinding> {
        let mut out = Vec::new();
        let bests: Option<Vec<u8>> = self.scenarios.iter().map(|s| s.best).collect();
        if let Some(bests) = &bests {
            let best_average = round_half_up(bests.iter().map(|&b| u64::from(b)).sum(), bests.len() as u64);
            if best_average < rule.average_score_at_least {
                out.push(ClauseFinding {
                    clause: "average_score_at_least",
                    never_met: true,
                    message: format!(
                        "no candidate can pass: the rule asks for an average of {}, and the best average any candidate can reach is {best_average}",
                        rule.average_score_at_least
                    ),
                });
            }
        }
        if let Some(min) = rule.every_scenario_at_least {
            for s in &self.scenarios {
                if let Some(best) = s.best.filter(|&b| b < min) {
                    out.push(ClauseFinding {
                        clause: "every_scenario_at_least",
                        never_met: true,
                        message: format!(
                            "no candidate can pass: the rule asks for {min} in every scenario, and no playthrough of `{}` scores more than {best}",
                            s.scenario
                        ),
                    });
                }
            }
        }
        if let Some(required) = rule.competencies_at_target_at_least {
            let unreachable: Vec<&CompetencyReach> = self
                .competencies
                .iter()
                .filter(|c| c.target_reachable == Some(false))
                .collect();
            if !unreachable.is_empty() {
                let reachable = self.competencies.len() - unreachable.len();
                let named: Vec<String> = unreachable
                    .iter()
                    .map(|c| match c.highest {
                        Some(h) => format!(
                            "`{}` (target {}; the highest average any playthrough reaches is {h})",
                            c.id, c.target
                        ),
                        None => format!(
                            "`{}` (target {}; no scenario of the assessment measures it)",
                            c.id, c.target
                        ),
                    })
                    .collect();
                let never_met = reachable < required;
                out.push(ClauseFinding {
                    clause: "competencies_at_target_at_least",
                    never_met,
                    message: if never_met {
                        format!(
                            "no candidate can pass: the rule asks for {required} competencies at target, and {} of the {} targets can never be met, leaving {reachable}: {}",
                            unreachable.len(),
                            self.competencies.len(),
                            named.join(", ")
                        )
                    } else {
                        format!(
                            "the rule asks for {required} competencies at target, and {} of the {} targets can never be met, so candidates need {required} of the other {reachable}: {}",
                            unreachable.len(),
                            self.competencies.len(),
                            named.join(", ")
                        )
                    },
                });
            }
        }
        out
    }
}

/// Stable codes of the findings of `kam-sim check` on an assessment file.
pub mod codes {
    /// The assessment, or a scenario or profile it names, does not load.
    pub const BROKEN: &str = "kam::assessment::broken";
    /// A pass clause no candidate can meet.
    pub const NEVER_MET: &str = "kam::assessment::pass_never_met";
    /// A pass clause that counts targets no candidate can reach.
    pub const UNREACHABLE_TARGET: &str = "kam::assessment::unreachable_target";
}

/// `kam-sim check` on an assessment file: that it loads with everything it names, and, at the line
/// of the clause, each pass clause no playthrough can meet or that counts targets no playthrough
/// can reach (exact, by analysis of each scenario in the assessment's world). The loaded
/// assessment comes back too when it loads.
pub fn check_assessment_file(path: &Path, dirs: &ContentDirs) -> (FileReport, Option<LoadedAssessment>) {
    let file = path.display().to_string();
    let text = crate::core::source::read_text(path).ok();
    let loaded = match load_assessment(&file, dirs) {
        Ok(a) => a,
        Err(e) => {
            return (
                FileReport {
                    file,
                    source: text.map(Arc::from),
                    diagnostics: vec![Diagnostic::file_error(codes::BROKEN, e.to_string())],
                },
                None,
            );
        }
    };
    let mut diagnostics: Vec<Diagnostic> = reachability(&loaded)
        .clause_findings(&loaded.source.pass)
        .into_iter()
        .map(|f| {
            let (code, help) = if f.never_met {
                (
                    codes::NEVER_MET,
                    "lower the clause, or change the scenarios or the target profile so that it can be met",
                )
            } else {
                (
                    codes::UNREACHABLE_TARGET,
                    "lower the unreachable targets in the profile, measure them in more scenarios, or count fewer competencies",
                )
            };
            Diagnostic::warning(code, format!("pass.{}", f.clause), f.message)
                .with_help(help)
                .with_label("this clause")
        })
        .collect();
    if let Some(t) = &text {
        locate(t, &mut diagnostics);
    }
    (
        FileReport {
            file,
            source: text.map(Arc::from),
            diagnostics,
        },
        Some(loaded),
    )
}
