//! A simulated-cohort study of an assessment (`kam-sim study`): how faithfully it passes a
//! candidate's skill through to the score and the verdict.
//!
//! A cohort of simulated candidates with skills θ drawn from a standard normal distribution plays
//! the assessment ([`crate::core::policy::play_skilled_with`]), each twice with other draws of its
//! own (a retest with the same skill). From their results: the correlation of θ with the average
//! score, Cronbach's α over the scenario scores with a bootstrap interval, the standard error of
//! measurement overall and at the pass mark, how well the verdict agrees with the true pass at the
//! same pass rate, test–retest agreement, statistics per scenario and per target competency, and
//! which pass clauses decide failures. Everything is reproducible from the study's seed.
//!
//! Its limit, stated in every report: simulated candidates value options by kam-sim's own scoring,
//! so the study measures how faithfully the assessment passes skill through to the score, not
//! whether the scoring reflects real-world KAM skill.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use serde::Serialize;

use super::analysis::OptionValues;
use super::assessment::reach::{Reachability, reachability};
use super::assessment::result::{RunContext, Summary, TargetSnapshot, build_result};
use super::assessment::{LoadedAssessment, PlayedBy, RunError};
use super::policy::{PlayError, Skill, play_skilled_with};
use super::rules::World;
use super::stats::{BOOTSTRAP_RESAMPLES, Classification, alpha_with_interval, classify, mean, pearson, sd, spearman};

/// What every study report says of its own reach.
pub const LIMIT: &str = "Simulated candidates value options by kam-sim's own scoring, so this study measures how faithfully the assessment passes skill through to the score, not whether the scoring reflects real-world KAM skill.";

/// Half-width, in score points, of the band around the pass mark in which the standard error of
/// measurement at the cut is estimated from test–retest differences.
pub const CUT_BAND: f64 = 5.0;

/// Seed offset of the cohort's skills and the candidates' own seeds.
const COHORT_STREAM: u64 = 0x5851_F42D_4C95_7F2D;

/// Correlations of the true skill with the average score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Validity {
    /// Pearson's r.
    pub pearson: f64,
    /// Spearman's ρ (ties ranked by their mean rank).
    pub spearman: f64,
}

/// A value with a 95 % interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interval {
    /// The estimate.
    pub value: f64,
    /// 2.5th percentile of the bootstrap.
    pub low: f64,
    /// 97.5th percentile of the bootstrap.
    pub high: f64,
}

/// The same cohort played again, same skills, other draws of their own.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Retest {
    /// Pearson's r of the two average scores.
    pub r: f64,
    /// Share of candidates with the same verdict both times.
    pub same_verdict: f64,
}

/// One scenario over the cohort.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioStats {
    /// Scenario id.
    pub scenario: String,
    /// Pearson's r of θ with the scenario's score.
    pub r: f64,
    /// Mean score.
    pub mean: f64,
    /// Standard deviation of the scores.
    pub sd: f64,
    /// Highest score any playthrough reaches (exact); `null` when unknown.
    pub best: Option<u8>,
    /// Lowest score any playthrough reaches (exact); `null` when unknown.
    pub worst: Option<u8>,
    /// Share of candidates at the highest score.
    pub ceiling: f64,
    /// Share of candidates at the lowest score.
    pub floor: f64,
}

/// One target competency over the cohort.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompetencyStats {
    /// Competency id.
    pub id: &'static str,
    /// Pearson's r of θ with the competency's average; `null` when no scenario measures it.
    pub r: Option<f64>,
    /// The target profile's level.
    pub target: u8,
    /// The highest average any playthrough gives it (exact, by analysis).
    pub highest: Option<u8>,
    /// Whether any playthrough meets the target (exact); `null` when unknown.
    pub target_reachable: Option<bool>,
    /// Share of candidates at the target.
    pub at_target: f64,
}

/// How often a pass clause fails candidates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClauseStats {
    /// The clause's field in the assessment file.
    pub clause: &'static str,
    /// Candidates for whom it is not met.
    pub not_met: usize,
    /// Candidates failed by it alone (every other clause met).
    pub decides_alone: usize,
}

/// How the ranking and the verdicts respond to other weights in the score formula: each of its
/// three weights (evidence 0.6, outcome 0.4, penalties 1) at 75 %, 100 % or 125 % of itself, every
/// combination but the formula itself (26 variants), each candidate's scenarios rescored exactly
/// from what they collected.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensitivity {
    /// Variants compared.
    pub variants: usize,
    /// The lowest Spearman correlation of a variant's average scores with the formula's.
    pub min_rank_correlation: f64,
    /// The median number of candidates whose verdict a variant changes.
    pub median_verdict_flips: f64,
    /// The most candidates whose verdict a variant changes.
    pub max_verdict_flips: usize,
    /// The median number of candidates who change sides when a variant passes as many candidates
    /// as the formula does, by the highest average (what moves the ranking, not the pass mark:
    /// scaling a weight up raises every score, so a fixed mark passes more).
    pub median_flips_at_same_pass_rate: f64,
}

/// A simulated-cohort study of an assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Study {
    /// Assessment id.
    pub assessment: String,
    /// Simulated candidates.
    pub candidates: usize,
    /// The study's seed: the same seed gives the same study.
    pub seed: u64,
    /// The pass mark of the average score.
    pub cut: u8,
    /// Share of the cohort the assessment passes.
    pub pass_rate: f64,
    /// θ against the average score.
    pub validity: Validity,
    /// Cronbach's α over the scenario scores with its 95 % percentile-bootstrap interval
    /// ([`BOOTSTRAP_RESAMPLES`] resamples; `null` with a single scenario).
    pub alpha: Option<Interval>,
    /// Standard error of measurement of the average score: SD × √(1 − α).
    pub sem: Option<f64>,
    /// Standard error of measurement near the pass mark: √(mean d² ÷ 2) over test–retest
    /// differences d of candidates whose mean of the two averages is within
    /// [`CUT_BAND`] points of the cut; `null` when fewer than 10 are.
    pub sem_at_cut: Option<f64>,
    /// Candidates within that band.
    pub near_cut: usize,
    /// The assessment's verdict against the true pass.
    pub classification: Classification,
    /// Passing the same number of candidates by the highest average instead, against the true pass.
    pub by_average: Classification,
    /// Test–retest.
    pub retest: Retest,
    /// Per scenario.
    pub scenarios: Vec<ScenarioStats>,
    /// Per target competency.
    pub competencies: Vec<CompetencyStats>,
    /// Per pass clause.
    pub clauses: Vec<ClauseStats>,
    /// How much the ranking and the verdicts move when the scoring weights change by ±25 %.
    pub weights: Sensitivity,
    /// What the study does not show.
    pub limit: &'static str,
}

/// Why a study could not be made.
#[derive(Debug, thiserror::Error)]
pub enum StudyError {
    /// Too few candidates for any statistic.
    #[error("a study needs at least 10 simulated candidates, not {0}")]
    TooFew(usize),
    /// A simulated candidate could not finish a scenario.
    #[error("a simulated candidate cannot finish `{scenario}`: {error}")]
    Unplayable {
        /// Scenario id.
        scenario: String,
        /// Why (boxed: a refused input carries the input and the engine's reason).
        error: Box<PlayError>,
    },
    /// A result could not be built.
    #[error(transparent)]
    Run(#[from] RunError),
}

/// One simulated candidate's sitting.
struct Sitting {
    scores: Vec<f64>,
    average: f64,
    summary: Summary,
    /// Per scenario, what the score is made of.
    terms: Vec<Terms>,
}

/// What a scenario's overall score is made of (`scoring::score_numerator`).
#[derive(Debug, Clone, Copy)]
struct Terms {
    evidence_total: i64,
    measured: usize,
    outcome_value: u8,
    penalties: i64,
}

impl Terms {
    /// The score with the formula's weights scaled: `e × 0.6 × (50 + E ÷ k) + v × 0.4 × V − p × P`,
    /// rounded half up and kept within 0–100 as the score is.
    fn score(self, (e, v, p): (f64, f64, f64)) -> f64 {
        let k = self.measured.max(1) as f64;
        let raw = e * 0.6 * (50.0 + self.evidence_total as f64 / k) + v * 0.4 * f64::from(self.outcome_value)
            - p * self.penalties as f64;
        (raw + 0.5).floor().clamp(0.0, 100.0)
    }
}

/// Runs a study of `candidates` simulated candidates, reproducible from `seed`.
pub fn study(assessment: &LoadedAssessment, candidates: usize, seed: u64) -> Result<Study, StudyError> {
    if candidates < 10 {
        return Err(StudyError::TooFew(candidates));
    }
    let reach = reachability(assessment);
    let mut values: Vec<OptionValues<'_>> = assessment
        .scenarios
        .iter()
        .zip(&assessment.source.scenarios)
        .map(|((c, _), planned)| OptionValues::new(c, World::from_seed(c, planned.seed)))
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ COHORT_STREAM);
    let mut thetas = Vec::with_capacity(candidates);
    let mut first = Vec::with_capacity(candidates);
    let mut second = Vec::with_capacity(candidates);
    for _ in 0..candidates {
        let theta: f64 = StandardNormal.sample(&mut rng);
        let theta = theta.clamp(-Skill::LIMIT, Skill::LIMIT);
        let skill = Skill::new(theta).unwrap_or(Skill::MEDIAN);
        let (test_seed, retest_seed) = (rng.next_u64(), rng.next_u64());
        thetas.push(theta);
        first.push(sit(assessment, &mut values, skill, test_seed)?);
        second.push(sit(assessment, &mut values, skill, retest_seed)?);
    }
    Ok(summarise(assessment, &reach, seed, &thetas, &first, &second))
}

/// One candidate plays every scenario; the result is judged as `kam-sim assess` judges it.
fn sit(
    assessment: &LoadedAssessment,
    values: &mut [OptionValues<'_>],
    skill: Skill,
    seed: u64,
) -> Result<Sitting, StudyError> {
    let mut sessions = Vec::with_capacity(values.len());
    for (i, v) in values.iter_mut().enumerate() {
        let (c, planned) = (&assessment.scenarios[i].0, &assessment.source.scenarios[i]);
        let session =
            play_skilled_with(v, c.clone(), planned.seed, seed.wrapping_add(i as u64), skill).map_err(|error| {
                StudyError::Unplayable {
                    scenario: c.source.id.clone(),
                    error: Box::new(error),
                }
            })?;
        sessions.push(session);
    }
    let context = RunContext {
        candidate: "simulated".into(),
        played_by: PlayedBy::Simulated {
            policy: "skilled".into(),
            seed,
            skill: Some(skill),
        },
        language: "en".into(),
        time_allowance: Default::default(),
        started_at: String::new(),
        finished_at: String::new(),
        target: TargetSnapshot::of(&assessment.profile),
        pass_rule: assessment.source.pass.clone(),
    };
    let result = build_result(assessment, &context, &sessions)?;
    let scores: Vec<f64> = result.runs.iter().map(|r| f64::from(r.result.score)).collect();
    let terms = result
        .runs
        .iter()
        .map(|r| Terms {
            evidence_total: r.result.breakdown.evidence_total,
            measured: r.result.breakdown.measured,
            outcome_value: r.result.breakdown.outcome_value,
            penalties: r.result.breakdown.penalties,
        })
        .collect();
    Ok(Sitting {
        average: mean(&scores),
        scores,
        summary: result.summary,
        terms,
    })
}

fn summarise(
    assessment: &LoadedAssessment,
    reach: &Reachability,
    seed: u64,
    thetas: &[f64],
    first: &[Sitting],
    second: &[Sitting],
) -> Study {
    let n = thetas.len();
    let rule = &assessment.source.pass;
    let averages: Vec<f64> = first.iter().map(|s| s.average).collect();
    let passed: Vec<bool> = first.iter().map(|s| s.summary.passed).collect();
    let passes = passed.iter().filter(|p| **p).count();
    let true_pass = top(thetas, passes);
    let by_average: Vec<bool> = top(&averages, passes);
    let matrix: Vec<Vec<f64>> = first.iter().map(|s| s.scores.clone()).collect();
    let alpha = alpha_with_interval(&matrix, BOOTSTRAP_RESAMPLES).map(|a| Interval {
        value: a.value,
        low: a.low,
        high: a.high,
    });
    let cut = f64::from(rule.average_score_at_least);
    let diffs: Vec<f64> = first
        .iter()
        .zip(second)
        .filter(|(a, b)| ((a.average + b.average) / 2.0 - cut).abs() <= CUT_BAND)
        .map(|(a, b)| a.average - b.average)
        .collect();
    let sem_at_cut =
        (diffs.len() >= 10).then(|| (diffs.iter().map(|d| d * d).sum::<f64>() / diffs.len() as f64 / 2.0).sqrt());
    let scenarios = assessment
        .scenarios
        .iter()
        .enumerate()
        .map(|(i, (c, _))| {
            let scores: Vec<f64> = first.iter().map(|s| s.scores[i]).collect();
            let exact = reach.scenarios.get(i);
            let best = exact.and_then(|e| e.best);
            let worst = exact.and_then(|e| e.worst);
            let share_at = |v: Option<u8>| {
                v.map_or(0.0, |v| {
                    scores.iter().filter(|s| **s == f64::from(v)).count() as f64 / n as f64
                })
            };
            ScenarioStats {
                scenario: c.source.id.clone(),
                r: pearson(thetas, &scores),
                mean: mean(&scores),
                sd: sd(&scores),
                best,
                worst,
                ceiling: share_at(best),
                floor: share_at(worst),
            }
        })
        .collect();
    let competencies = reach
        .competencies
        .iter()
        .map(|comp| {
            let values: Option<Vec<f64>> = first
                .iter()
                .map(|s| s.summary.competencies.get(comp.id).map(|&v| f64::from(v)))
                .collect();
            let at_target = values.as_ref().map_or(0.0, |v| {
                v.iter().filter(|x| **x >= f64::from(comp.target)).count() as f64 / n as f64
            });
            CompetencyStats {
                id: comp.id,
                r: values.as_ref().map(|v| pearson(thetas, v)),
                target: comp.target,
                highest: comp.highest,
                target_reachable: comp.target_reachable,
                at_target,
            }
        })
        .collect();
    Study {
        assessment: assessment.source.id.clone(),
        candidates: n,
        seed,
        cut: rule.average_score_at_least,
        pass_rate: passes as f64 / n as f64,
        validity: Validity {
            pearson: pearson(thetas, &averages),
            spearman: spearman(thetas, &averages),
        },
        sem: alpha.as_ref().map(|a| sd(&averages) * (1.0 - a.value).max(0.0).sqrt()),
        alpha,
        sem_at_cut,
        near_cut: diffs.len(),
        classification: classify(&passed, &true_pass),
        by_average: classify(&by_average, &true_pass),
        retest: Retest {
            r: pearson(&averages, &second.iter().map(|s| s.average).collect::<Vec<_>>()),
            same_verdict: first
                .iter()
                .zip(second)
                .filter(|(a, b)| a.summary.passed == b.summary.passed)
                .count() as f64
                / n as f64,
        },
        scenarios,
        competencies,
        clauses: clause_stats(rule, first),
        weights: sensitivity(rule, first),
        limit: LIMIT,
    }
}

/// The ranking and verdicts of `sittings` under the 26 variants of the formula's weights.
fn sensitivity(rule: &super::assessment::PassRule, sittings: &[Sitting]) -> Sensitivity {
    // Each candidate's average and verdict under weights: the clauses on competencies and critical
    // mistakes do not depend on them; the average is rounded half up, as results round it.
    let judge = |s: &Sitting, weights: (f64, f64, f64)| {
        let scores: Vec<f64> = s.terms.iter().map(|t| t.score(weights)).collect();
        let average = mean(&scores);
        let passed = (average + 0.5).floor() >= f64::from(rule.average_score_at_least)
            && rule
                .every_scenario_at_least
                .is_none_or(|min| scores.iter().all(|&x| x >= f64::from(min)))
            && rule
                .competencies_at_target_at_least
                .is_none_or(|min| s.summary.competencies_at_target >= min)
            && (!rule.no_critical_mistakes || s.summary.critical_mistakes == 0);
        (average, passed)
    };
    let baseline: Vec<(f64, bool)> = sittings.iter().map(|s| judge(s, (1.0, 1.0, 1.0))).collect();
    let baseline_averages: Vec<f64> = baseline.iter().map(|b| b.0).collect();
    let levels = [0.75, 1.0, 1.25];
    let mut correlations = Vec::new();
    let mut flips: Vec<usize> = Vec::new();
    let mut flips_at_rate: Vec<usize> = Vec::new();
    let passes = baseline.iter().filter(|b| b.1).count();
    let baseline_top = top(&baseline_averages, passes);
    for &e in &levels {
        for &v in &levels {
            for &p in &levels {
                if (e, v, p) == (1.0, 1.0, 1.0) {
                    continue;
                }
                let judged: Vec<(f64, bool)> = sittings.iter().map(|s| judge(s, (e, v, p))).collect();
                let averages: Vec<f64> = judged.iter().map(|j| j.0).collect();
                correlations.push(spearman(&baseline_averages, &averages));
                flips.push(judged.iter().zip(&baseline).filter(|(j, b)| j.1 != b.1).count());
                let variant_top = top(&averages, passes);
                flips_at_rate.push(variant_top.iter().zip(&baseline_top).filter(|(v, b)| v != b).count());
            }
        }
    }
    let median = |counts: &mut Vec<usize>| {
        counts.sort_unstable();
        match counts.len() {
            0 => 0.0,
            n if n % 2 == 1 => counts[n / 2] as f64,
            n => (counts[n / 2 - 1] + counts[n / 2]) as f64 / 2.0,
        }
    };
    Sensitivity {
        variants: flips.len(),
        min_rank_correlation: correlations.iter().copied().fold(1.0, f64::min),
        median_verdict_flips: median(&mut flips),
        max_verdict_flips: flips.last().copied().unwrap_or(0),
        median_flips_at_same_pass_rate: median(&mut flips_at_rate),
    }
}

/// How often each clause of the pass rule is not met, and how often it alone fails a candidate.
fn clause_stats(rule: &super::assessment::PassRule, sittings: &[Sitting]) -> Vec<ClauseStats> {
    type Check = Box<dyn Fn(&Sitting) -> bool>;
    let mut checks: Vec<(&'static str, Check)> = Vec::new();
    let average = rule.average_score_at_least;
    checks.push((
        "average_score_at_least",
        Box::new(move |s: &Sitting| s.summary.average_score >= average),
    ));
    if let Some(min) = rule.every_scenario_at_least {
        checks.push((
            "every_scenario_at_least",
            Box::new(move |s: &Sitting| s.scores.iter().all(|&x| x >= f64::from(min))),
        ));
    }
    if let Some(min) = rule.competencies_at_target_at_least {
        checks.push((
            "competencies_at_target_at_least",
            Box::new(move |s: &Sitting| s.summary.competencies_at_target >= min),
        ));
    }
    if rule.no_critical_mistakes {
        checks.push((
            "no_critical_mistakes",
            Box::new(|s: &Sitting| s.summary.critical_mistakes == 0),
        ));
    }
    let met: Vec<Vec<bool>> = sittings
        .iter()
        .map(|s| checks.iter().map(|(_, check)| check(s)).collect())
        .collect();
    checks
        .iter()
        .enumerate()
        .map(|(k, (clause, _))| ClauseStats {
            clause,
            not_met: met.iter().filter(|m| !m[k]).count(),
            decides_alone: met
                .iter()
                .filter(|m| !m[k] && m.iter().enumerate().all(|(j, ok)| j == k || *ok))
                .count(),
        })
        .collect()
}

/// Marks the `count` highest values (ties broken by order: the earlier one first).
fn top(values: &[f64], count: usize) -> Vec<bool> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    let mut marked = vec![false; values.len()];
    for &i in order.iter().take(count) {
        marked[i] = true;
    }
    marked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::load::load_scenario_file;
    use crate::core::policy::play_random;
    use crate::core::result::result_of;

    #[test]
    fn rescoring_with_the_formulas_own_weights_gives_the_recorded_score() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/breadwinner_discount_squeeze.ron");
        let Some(c) = load_scenario_file(&path).scenario else {
            panic!("the shipped scenario loads")
        };
        for seed in 0..60 {
            let Ok(session) = play_random(c.clone(), seed) else {
                panic!("a random playthrough ends")
            };
            let Ok(r) = result_of(&session, None) else {
                panic!("the meeting ended")
            };
            let terms = Terms {
                evidence_total: r.breakdown.evidence_total,
                measured: r.breakdown.measured,
                outcome_value: r.breakdown.outcome_value,
                penalties: r.breakdown.penalties,
            };
            assert_eq!(
                terms.score((1.0, 1.0, 1.0)),
                f64::from(r.score),
                "seed {seed}: {}",
                r.breakdown.formula
            );
        }
    }
}
