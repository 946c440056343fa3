//! Item analysis of a real cohort, as test publishers make it: per scenario its facility and
//! discrimination, per decision point how many candidates chose each option and how that choice
//! correlates with the average score (a keying check), and the standard error of measurement at the
//! pass mark with the candidates too close to it to call.

use std::collections::BTreeMap;

use crate::core::stats::{AlphaEstimate, mean, pearson, sd};
use crate::results::entry::{Choice, StoredEntry};

/// Fewest candidates at a decision point for the correlation of a choice to be reported.
pub const MIN_AT_DECISION: usize = 5;

pub use crate::results::entry::SILENCE;

/// One scenario as an item.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioItem {
    /// Scenario id.
    pub scenario: String,
    /// Mean score ÷ 100.
    pub facility: f64,
    /// Corrected item–total correlation: the scenario's score against the mean of the others'.
    /// `None` with fewer than two scenarios or three candidates, or no variation.
    pub discrimination: Option<f64>,
}

/// One option at a decision point.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionItem {
    /// Option id, or [`SILENCE`].
    pub option: String,
    /// Candidates who chose it there (at least once).
    pub chosen_by: usize,
    /// Point-biserial correlation of choosing it with the average score, among the candidates who
    /// reached the decision point; `None` with fewer than [`MIN_AT_DECISION`] of them or when
    /// every one of them (or none) chose it.
    pub point_biserial: Option<f64>,
    /// Some candidate's result records a mistake made by choosing it there.
    pub punished: bool,
}

impl OptionItem {
    /// An option the key punishes that stronger candidates choose (r ≥ 0.2): worth a look.
    pub fn keying_problem(&self) -> bool {
        self.punished && self.point_biserial.is_some_and(|r| r >= 0.2)
    }
}

/// One decision point (a moment of a scenario) and the options candidates took there.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionItem {
    /// Scenario id.
    pub scenario: String,
    /// Node id.
    pub node: String,
    /// Candidates who reached it.
    pub reached_by: usize,
    /// Options chosen by someone, most chosen first.
    pub options: Vec<OptionItem>,
}

/// The item analysis of a cohort.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemAnalysis {
    /// Per scenario, in the assessment's order.
    pub scenarios: Vec<ScenarioItem>,
    /// Per decision point where candidates took more than one option, in scenario and first-seen
    /// order.
    pub decisions: Vec<DecisionItem>,
    /// Standard error of measurement of the average score, SD × √(1 − α); `None` without α.
    pub sem: Option<f64>,
    /// The pass mark of the average score.
    pub cut: u8,
    /// Candidates whose average is within one SEM of the pass mark.
    pub undecided: Vec<String>,
}

/// The item analysis of `ranked` (one result per candidate), with the cohort's α.
pub fn item_analysis(ranked: &[&StoredEntry], alpha: Option<&AlphaEstimate>) -> ItemAnalysis {
    let averages: Vec<f64> = ranked
        .iter()
        .map(|r| mean(&r.entry.runs.iter().map(|run| f64::from(run.score)).collect::<Vec<_>>()))
        .collect();
    let items = ranked.first().map_or(0, |r| r.entry.runs.len());
    let scenarios = (0..items)
        .map(|i| {
            let scores: Vec<f64> = ranked
                .iter()
                .map(|r| r.entry.runs.get(i).map_or(0.0, |run| f64::from(run.score)))
                .collect();
            let rest: Vec<f64> = ranked
                .iter()
                .zip(&averages)
                .zip(&scores)
                .map(|((_, avg), own)| (avg * items as f64 - own) / (items - 1).max(1) as f64)
                .collect();
            let discrimination = (items >= 2 && ranked.len() >= 3 && sd(&scores) > 0.0 && sd(&rest) > 0.0)
                .then(|| pearson(&scores, &rest));
            ScenarioItem {
                scenario: ranked[0].entry.runs[i].scenario.clone(),
                facility: mean(&scores) / 100.0,
                discrimination,
            }
        })
        .collect();
    let mut decisions = Vec::new();
    for i in 0..items {
        // node → (candidates who reached it, option → candidates who chose it)
        let mut seen: Vec<String> = Vec::new();
        let mut reached: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut chose: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
        let mut punished: BTreeMap<(String, String), bool> = BTreeMap::new();
        for (k, r) in ranked.iter().enumerate() {
            let Some(run) = r.entry.runs.get(i) else { continue };
            for Choice { node, option } in &run.choices {
                if !reached.contains_key(node) {
                    seen.push(node.clone());
                }
                let at = reached.entry(node.clone()).or_default();
                if at.last() != Some(&k) {
                    at.push(k);
                }
                let by = chose.entry((node.clone(), option.clone())).or_default();
                if by.last() != Some(&k) {
                    by.push(k);
                }
            }
            for m in &run.mistakes {
                if let (Some(node), Some(option)) = (&m.node, &m.option) {
                    punished.insert((node.clone(), option.clone()), true);
                }
            }
        }
        for node in seen {
            let who = &reached[&node];
            let mut options: Vec<OptionItem> = chose
                .range((node.clone(), String::new())..)
                .take_while(|((n, _), _)| *n == node)
                .map(|((_, option), by)| {
                    // `by` holds candidate numbers in increasing order (pushed as `k` grows): a binary
                    // search, not a scan, keeps this linear-logarithmic in a cohort of thousands.
                    let indicator: Vec<f64> = who
                        .iter()
                        .map(|k| f64::from(u8::from(by.binary_search(k).is_ok())))
                        .collect();
                    let scores: Vec<f64> = who.iter().map(|&k| averages[k]).collect();
                    let point_biserial =
                        (who.len() >= MIN_AT_DECISION && by.len() < who.len()).then(|| pearson(&indicator, &scores));
                    OptionItem {
                        option: option.clone(),
                        chosen_by: by.len(),
                        point_biserial,
                        punished: punished.contains_key(&(node.clone(), option.clone())),
                    }
                })
                .collect();
            if options.len() < 2 {
                continue;
            }
            options.sort_by(|a, b| b.chosen_by.cmp(&a.chosen_by).then_with(|| a.option.cmp(&b.option)));
            decisions.push(DecisionItem {
                scenario: ranked[0].entry.runs[i].scenario.clone(),
                node,
                reached_by: who.len(),
                options,
            });
        }
    }
    let sem = alpha.map(|a| sd(&averages) * (1.0 - a.value).max(0.0).sqrt());
    let cut = ranked.first().map_or(0, |r| r.entry.pass_mark);
    let undecided = match sem {
        Some(sem) => ranked
            .iter()
            .zip(&averages)
            .filter(|(_, avg)| (**avg - f64::from(cut)).abs() < sem)
            .map(|(r, _)| r.entry.candidate.clone())
            .collect(),
        None => Vec::new(),
    };
    ItemAnalysis {
        scenarios,
        decisions,
        sem,
        cut,
        undecided,
    }
}

/// One group's selection rate, from labels an organisation supplies (`report cohort --groups`).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRate {
    /// The label.
    pub group: String,
    /// Candidates of the cohort with this label.
    pub candidates: usize,
    /// How many of them passed.
    pub passed: usize,
    /// passed ÷ candidates.
    pub rate: f64,
    /// The rate divided by the highest group's rate; `None` when no group has anyone passing.
    pub ratio_to_highest: Option<f64>,
}

impl GroupRate {
    /// Below four fifths of the highest group's rate: the usual sign of adverse impact (the
    /// "four-fifths rule" of the US Uniform Guidelines on Employee Selection Procedures).
    pub fn below_four_fifths(&self) -> bool {
        self.ratio_to_highest.is_some_and(|r| r < 0.8)
    }
}

/// The selection rate of each labelled group of `ranked`, largest group first; candidates without a
/// label are left out.
pub fn selection_rates(ranked: &[&StoredEntry], labels: &BTreeMap<String, String>) -> Vec<GroupRate> {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for r in ranked {
        if let Some(group) = labels.get(&r.entry.candidate) {
            let e = counts.entry(group).or_default();
            e.0 += 1;
            e.1 += usize::from(r.entry.passed);
        }
    }
    let highest = counts.values().map(|(n, p)| *p as f64 / *n as f64).fold(0.0, f64::max);
    let mut out: Vec<GroupRate> = counts
        .into_iter()
        .map(|(group, (candidates, passed))| {
            let rate = passed as f64 / candidates as f64;
            GroupRate {
                group: group.to_owned(),
                candidates,
                passed,
                rate,
                ratio_to_highest: (highest > 0.0).then(|| rate / highest),
            }
        })
        .collect();
    out.sort_by(|a, b| b.candidates.cmp(&a.candidates).then_with(|| a.group.cmp(&b.group)));
    out
}
