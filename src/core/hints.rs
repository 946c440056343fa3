//! Balance hints for authors: *where* to act when the balance rules are not met. Over seeded random
//! playthroughs (the same as the balance statistics), for every moment and every relied-on dossier
//! fact: how often the random player gets there (or studies it), how the median score of those who
//! do differs from those who do not, the mistakes made there and what they cost on average — ranked
//! by effect, each with a plain suggestion. And the travel choice as a risk: the best play's score
//! on each route averaged over its delay range, so the risky route does not look best only because
//! the analyzer's extreme worlds give it its shortest delay.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use super::analysis::{NamedWorld, analyze_worlds};
use super::balance::BalanceRules;
use super::compile::CompiledScenario;
use super::engine::Entry;
use super::model::Condition;
use super::policy::play_random;
use super::rules::World;
use super::scoring::overall_score;

/// A mistake made at a moment by the random player.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MistakeThere {
    /// Mistake id.
    pub id: String,
    /// Of the runs reaching the moment, the share (0–100) that made it there.
    pub percent: u8,
    /// Mean score of runs reaching the moment without it, minus with it (points it costs).
    pub cost: f64,
}

/// One hint: a moment or a fact, and what it does to the scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hint {
    /// The moment (node id), when the hint is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// The dossier fact, when the hint is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fact: Option<String>,
    /// How often the random player reaches the moment (or studies the fact), 0–100.
    pub reached_percent: u8,
    /// Median score of the runs that reach it (study it) minus the median of those that do not.
    pub median_effect: i32,
    /// Best and worst score among the runs that reach it (study it).
    pub best_with: u8,
    /// See `best_with`.
    pub worst_with: u8,
    /// The mistakes made there, most frequent first (moments only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mistakes: Vec<MistakeThere>,
    /// What to change, in words.
    pub suggestion: String,
}

/// The travel choice as a risk.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouteRisk {
    /// Route id.
    pub route: String,
    /// Its delay range, minutes.
    pub delay: (i32, i32),
    /// The best play's score on this route, averaged over whole-minute delays across the range.
    pub expected_best: f64,
    /// The best play's score at the route's worst delay.
    pub best_at_worst_delay: u8,
}

/// Everything `kam-sim balance` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BalanceHints {
    /// Scenario id.
    pub scenario: String,
    /// The random player's median score.
    pub median: u8,
    /// The best score any random run reached.
    pub best: u8,
    /// The worst.
    pub worst: u8,
    /// Random runs played.
    pub runs: u32,
    /// Hints, largest effect first.
    pub hints: Vec<Hint>,
    /// Each route's expected best score over its delays.
    pub routes: Vec<RouteRisk>,
}

/// What one random run did.
struct Run {
    score: u8,
    nodes: Vec<bool>,
    studied: Vec<bool>,
    /// (node, mistake id) made.
    mistakes: Vec<(u32, &'static str)>,
}

fn median(mut scores: Vec<u8>) -> Option<u8> {
    if scores.is_empty() {
        return None;
    }
    scores.sort_unstable();
    Some(scores[(scores.len() - 1) / 2])
}

fn mean(scores: &[u8]) -> Option<f64> {
    (!scores.is_empty()).then(|| scores.iter().map(|&s| f64::from(s)).sum::<f64>() / scores.len() as f64)
}

fn percent(part: usize, whole: usize) -> u8 {
    (100 * part + whole / 2).checked_div(whole).map_or(0, |p| p as u8)
}

/// The hints of `c` over `runs` seeded random playthroughs. `None` when a playthrough cannot end.
pub fn balance_hints(c: &Arc<CompiledScenario>, runs: u32) -> Option<BalanceHints> {
    let s = &c.source;
    let mut played = Vec::with_capacity(runs as usize);
    for seed in 0..u64::from(runs) {
        let session = play_random(c.clone(), seed).ok()?;
        let (ending, _) = session.ending()?;
        let mut nodes = vec![false; s.nodes.len()];
        for e in session.transcript() {
            if let Entry::Line { node, .. } = e {
                nodes[*node as usize] = true;
            }
        }
        played.push(Run {
            score: overall_score(session.tally(), &c.measured, c.ending_value[ending as usize]),
            nodes,
            studied: session.studied().to_vec(),
            mistakes: session
                .mistakes()
                .iter()
                .filter_map(|m| m.node.map(|n| (n, m.kind.id())))
                .collect(),
        });
    }
    let all: Vec<u8> = played.iter().map(|r| r.score).collect();
    let overall_median = median(all.clone())?;
    let rules = BalanceRules::default();
    let too_low = overall_median < rules.random_median.0;
    let too_high = overall_median > rules.random_median.1;
    let split = |with: &dyn Fn(&Run) -> bool| -> (Vec<u8>, Vec<u8>) {
        let (yes, no): (Vec<&Run>, Vec<&Run>) = played.iter().partition(|r| with(r));
        (
            yes.iter().map(|r| r.score).collect(),
            no.iter().map(|r| r.score).collect(),
        )
    };
    let mut hints = Vec::new();
    // Facts the meeting depends on: moments that rely on them, options offered only with (or
    // without) them.
    let mut relied: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for node in &s.nodes {
        let conditions = node.options.iter().flat_map(|o| o.when.iter()).filter_map(|c| match c {
            Condition::Studied(f) | Condition::NotStudied(f) => Some(f),
            _ => None,
        });
        for fact in node.relies_on.iter().chain(conditions) {
            if let Some(i) = s.preparation.dossier.iter().position(|d| &d.id == fact) {
                let at = relied.entry(i).or_default();
                if !at.contains(&node.id.as_str()) {
                    at.push(&node.id);
                }
            }
        }
    }
    for (i, moments) in &relied {
        let fact = &s.preparation.dossier[*i];
        let (with, without) = split(&|r: &Run| r.studied[*i]);
        let effect = match (median(with.clone()), median(without.clone())) {
            (Some(a), Some(b)) => i32::from(a) - i32::from(b),
            _ => 0,
        };
        let reached = percent(with.len(), played.len());
        let at = moments.join("`, `");
        let suggestion = if effect >= 5 && too_low {
            format!(
                "`{at}` depends on `{}`, studied by the random player {reached} % of the time: not studying it costs {effect} points on the median; make the gap minor, or offer a plain option (or a recovery) to whoever did not study it",
                fact.id
            )
        } else if effect >= 5 {
            format!(
                "`{at}` depends on `{}` (studied {reached} % of the time): studying it is worth {effect} points on the median, as a fact the meeting depends on should be",
                fact.id
            )
        } else if too_high {
            format!(
                "`{at}` depends on `{}`, but not studying it costs only {effect} points on the median: make it a major gap (`relies_on`), or let the moment depend on it more",
                fact.id
            )
        } else {
            format!(
                "`{at}` depends on `{}`: not studying it costs {effect} points on the median",
                fact.id
            )
        };
        hints.push(Hint {
            node: None,
            fact: Some(fact.id.clone()),
            reached_percent: reached,
            median_effect: effect,
            best_with: with.iter().copied().max().unwrap_or(0),
            worst_with: with.iter().copied().min().unwrap_or(0),
            mistakes: Vec::new(),
            suggestion,
        });
    }
    // Moments.
    for (n, node) in s.nodes.iter().enumerate() {
        let (with, without) = split(&|r: &Run| r.nodes[n]);
        if with.is_empty() {
            continue;
        }
        let effect = match (median(with.clone()), median(without.clone())) {
            (Some(a), Some(b)) => i32::from(a) - i32::from(b),
            _ => 0,
        };
        let reaching: Vec<&Run> = played.iter().filter(|r| r.nodes[n]).collect();
        let mut kinds: BTreeMap<&str, (Vec<u8>, Vec<u8>)> = BTreeMap::new();
        for r in &reaching {
            for (_, kind) in r.mistakes.iter().filter(|(at, _)| *at as usize == n) {
                kinds.entry(kind).or_default();
            }
        }
        let mut mistakes: Vec<MistakeThere> = kinds
            .keys()
            .map(|&kind| {
                let (made, clean): (Vec<&&Run>, Vec<&&Run>) = reaching
                    .iter()
                    .partition(|r| r.mistakes.iter().any(|(at, k)| *at as usize == n && *k == kind));
                let made: Vec<u8> = made.iter().map(|r| r.score).collect();
                let clean: Vec<u8> = clean.iter().map(|r| r.score).collect();
                MistakeThere {
                    id: kind.to_owned(),
                    percent: percent(made.len(), reaching.len()),
                    cost: match (mean(&clean), mean(&made)) {
                        (Some(c), Some(m)) => ((c - m) * 10.0).round() / 10.0,
                        _ => 0.0,
                    },
                }
            })
            .collect();
        mistakes.sort_by(|a, b| b.percent.cmp(&a.percent).then(a.id.cmp(&b.id)));
        let reached = percent(with.len(), played.len());
        let common = mistakes.first().filter(|m| m.percent >= 25);
        let suggestion = match common {
            Some(m) if too_low => format!(
                "{}% of the random players who reach `{}` make `{}` there (−{:.1} points on average): soften it — a minor severity, or a recovery option after it",
                m.percent, node.id, m.id, m.cost
            ),
            Some(m) if too_high => format!(
                "{}% of the random players who reach `{}` make `{}` there, and the median is still above the rule: let it cost more (a major severity, less trust)",
                m.percent, node.id, m.id
            ),
            Some(m) => format!(
                "{}% of the random players who reach `{}` make `{}` there (−{:.1} points on average)",
                m.percent, node.id, m.id, m.cost
            ),
            None if reached < 10 => format!(
                "only {reached} % of the random players reach `{}`: if its lesson matters, make the way there easier or move it earlier",
                node.id
            ),
            None => format!(
                "reaching `{}` ({reached} % of the random players) moves the median by {effect} points",
                node.id
            ),
        };
        hints.push(Hint {
            node: Some(node.id.clone()),
            fact: None,
            reached_percent: reached,
            median_effect: effect,
            best_with: with.iter().copied().max().unwrap_or(0),
            worst_with: with.iter().copied().min().unwrap_or(0),
            mistakes,
            suggestion,
        });
    }
    hints.sort_by(|a, b| {
        let weight = |h: &Hint| {
            h.median_effect.unsigned_abs() as f64
                + h.mistakes
                    .first()
                    .map_or(0.0, |m| m.cost * f64::from(m.percent) / 100.0)
        };
        weight(b)
            .partial_cmp(&weight(a))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.node.cmp(&b.node))
            .then_with(|| a.fact.cmp(&b.fact))
    });
    Some(BalanceHints {
        scenario: s.id.clone(),
        median: overall_median,
        best: all.iter().copied().max().unwrap_or(0),
        worst: all.iter().copied().min().unwrap_or(0),
        runs,
        hints,
        routes: route_risks(c),
    })
}

/// At most this many delays are tried per route (evenly spread over its range).
const DELAYS_TRIED: i32 = 11;

/// A delay far beyond any meeting: the best play never takes a route that has it.
const NEVER: u32 = 100_000;

/// The best play's score on each route, over its delays: the other routes made impossible, every
/// other draw at the low end of its range.
pub fn route_risks(c: &CompiledScenario) -> Vec<RouteRisk> {
    let travel = &c.source.schedule.travel;
    travel
        .iter()
        .enumerate()
        .map(|(r, route)| {
            let (low, high) = (route.delay.0.max(0), route.delay.1.max(route.delay.0).max(0));
            let span = high - low;
            let steps = span.min(DELAYS_TRIED - 1);
            let delays: Vec<i32> = (0..=steps)
                .map(|k| if steps == 0 { low } else { low + span * k / steps })
                .collect();
            let scores: Vec<u8> = delays
                .iter()
                .map(|&d| {
                    let mut world = World::low(c);
                    for (i, delay) in world.delay.iter_mut().enumerate() {
                        *delay = if i == r { d as u32 } else { NEVER };
                    }
                    let worlds = [NamedWorld {
                        name: format!("{} +{d} min", route.id),
                        world,
                    }];
                    analyze_worlds(c, &worlds).score.map_or(0, |s| s.max)
                })
                .collect();
            RouteRisk {
                route: route.id.clone(),
                delay: (low, high),
                expected_best: (scores.iter().map(|&s| f64::from(s)).sum::<f64>() / scores.len().max(1) as f64 * 10.0)
                    .round()
                    / 10.0,
                best_at_worst_delay: scores.last().copied().unwrap_or(0),
            }
        })
        .collect()
}
