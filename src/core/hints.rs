//! Balance hints for authors: *where* to act when the balance rules are not met. Over seeded random
//! playthroughs (the same as the balance statistics): for every relied-on dossier fact, how often
//! the random player studies it and how the median of those who do differs from those who do not;
//! for every moment where the random player makes mistakes, what those mistakes cost the median —
//! each run's score recomputed exactly without them (the score is linear in what a run collects),
//! the median taken again — and each mistake's share. Ranked by effect on the median, each with a
//! suggestion that fits where the mistake comes from (a tag and its severity, a fact relied on, a
//! concession, the floor). And the travel choice as a risk: the best play's score
//! on each route averaged over its delay range, so the risky route does not look best only because
//! the analyzer's extreme worlds give it its shortest delay.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use super::analysis::{NamedWorld, analyze_worlds};
use super::balance::BalanceRules;
use super::compile::CompiledScenario;
use super::engine::{Entry, Session};
use super::model::{Condition, DossierCategory, Effect, PlayerOption};
use super::policy::{play_random, replay_path};
use super::rules::{Cause, World};
use super::scoring::{numerator, overall_score, score_denominator, score_from_numerator, score_numerator};
use super::vocab::{MistakeKind, Severity};

/// A mistake made at a moment by the random player.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MistakeThere {
    /// Mistake id.
    pub id: String,
    /// Of the runs reaching the moment, the share (0–100) that made it there.
    pub percent: u8,
    /// The points it takes off the score of a run that makes it (exact, before the score is kept
    /// within 0–100; one decimal): its penalty and the evidence it takes from the measured
    /// competencies it counts against.
    pub cost: f64,
    /// How many points the random player's median would rise if it cost nothing here, negated: what
    /// it costs the median.
    pub median_effect: i32,
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
    /// The flag, when the hint is about one: a flag that conditions test decides where runs go.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag: Option<String>,
    /// How often the random player reaches the moment (or studies the fact), 0–100.
    pub reached_percent: u8,
    /// How it moves the random player's median. A fact: the median of those who study it minus the
    /// median of those who do not. A moment: what the mistakes made there cost the median (the
    /// median of all runs as played, minus the median were those mistakes to cost nothing; ≤ 0).
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
    /// Whether the suggestion names a change to make. A hint that only informs (the mistakes there
    /// are minor, with a plain answer beside them and a way back after them; a fact the meeting
    /// rightly depends on) comes after every hint that names a change.
    pub actionable: bool,
    /// What the suggestion is about costs the median (points, ≤ 0 for a moment's mistake; for a
    /// fact, what studying it is worth): a moment is ranked by the mistake its suggestion addresses,
    /// not by all the mistakes made there.
    pub suggestion_effect: i32,
}

/// Whether the study budget lets a player study every fact the meeting relies on: when it does not,
/// even a perfect player meets a gap, which keeps the best score down.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudyBudget {
    /// `budget_minutes` of the preparation.
    pub budget_minutes: u32,
    /// The minutes the facts named in some `relies_on` take together.
    pub relied_on_minutes: u32,
    /// Those facts with their minutes, in dossier order.
    pub relied_on: Vec<FactMinutes>,
    /// Whether `relied_on_minutes` fits in `budget_minutes`.
    pub fits: bool,
    /// The minutes of every fact the meeting relies on or offers options by (`Studied(…)`) added
    /// up: what a player who wants every best option must study.
    pub needed_minutes: u32,
    /// How late a player who studies all of those arrives by the route that is surest to be on
    /// time, at its longest delay (0: on time) — the cost of a bigger budget.
    pub late_if_all_studied: u32,
    /// When the preparation would have to start ("HH:MM") for that player to be on time (none
    /// when they are already).
    pub start_for_all: Option<String>,
}

/// What the analyzer's best play collects (in the world of the shortest delays, replayed through the
/// engine), and what it would need to reach the best-score rule: the best score's levers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BestPlay {
    /// Its score.
    pub score: u8,
    /// The ending it reaches.
    pub ending: String,
    /// That ending's value.
    pub ending_value: u8,
    /// Mistakes it cannot avoid (ids).
    pub mistakes: Vec<String>,
    /// Its evidence per measured competency, least first.
    pub evidence: Vec<CompetencyEvidence>,
    /// Its evidence over the measured competencies, added up.
    pub evidence_total: i64,
    /// The evidence total that would make it score the rule's best (none: it does already, or no
    /// amount would).
    pub evidence_needed: Option<i64>,
}

/// Evidence for one competency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompetencyEvidence {
    /// Competency id.
    pub competency: &'static str,
    /// Net evidence points.
    pub points: i32,
}

/// A wrong answer and what its mistakes cost the random player's median.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostlyAnswer {
    /// The moment.
    pub node: String,
    /// The answer (option id).
    pub option: String,
    /// What the mistakes made by choosing it cost the median (≤ 0, before the 0–100 bounds).
    pub median_effect: i32,
}

/// A dossier fact and the minutes it takes to study.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactMinutes {
    /// Dossier item id.
    pub fact: String,
    /// `minutes` of the item.
    pub minutes: u32,
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

/// How many random runs end at an ending: the ending's value is a lever on the median.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EndingShare {
    /// Ending id.
    pub ending: String,
    /// Its outcome.
    pub outcome: &'static str,
    /// Its value in the score (0–100; `value` in the file, else the outcome's default).
    pub value: u8,
    /// Share of the random runs that end there, 0–100.
    pub percent: u8,
    /// The median score of those runs (none when no run ends there).
    pub median: Option<u8>,
    /// How many points the random player's median moves if this ending's value rises by 10 (to at
    /// most 100): the score is linear in the value, so every run ending here is rescored exactly.
    /// None for a lost ending: a lost meeting is worth little by design, not a lever.
    pub median_if_worth_10_more: Option<i32>,
}

/// Everything `kam-sim balance` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BalanceHints {
    /// Scenario id.
    pub scenario: String,
    /// The random player's median score.
    pub median: u8,
    /// The same median before scores are kept within 0–100: it moves while more than half the runs
    /// score 0, so a round of changes shows its progress.
    pub median_before_bounds: i64,
    /// Mistakes a random run makes, on average.
    pub mistakes_per_run: f64,
    /// The median (before the 0–100 bounds) were no mistake at any moment to cost anything: the
    /// most that softening, plain answers and fewer wrong answers together can give. Below the rule,
    /// the endings and the flags that route runs to them decide the rest.
    pub median_without_mistakes: i64,
    /// The wrong answers whose mistakes cost the median most, costliest first (at most ten): the
    /// first candidates when a draft has more tempting wrong answers than its median can bear.
    pub costly_answers: Vec<CostlyAnswer>,
    /// Answers in the scenario (options at every moment).
    pub answers: usize,
    /// Those that tag a mistake or ask the client for a dossier fact.
    pub wrong_answers: usize,
    /// The best score any random run reached.
    pub best: u8,
    /// The worst.
    pub worst: u8,
    /// Random runs played.
    pub runs: u32,
    /// Hints, largest effect first.
    pub hints: Vec<Hint>,
    /// Where the random runs end, most first.
    pub endings: Vec<EndingShare>,
    /// Each route's expected best score over its delays.
    pub routes: Vec<RouteRisk>,
    /// Whether the facts the meeting relies on fit in the study budget.
    pub study_budget: StudyBudget,
    /// The analyzer's best play and its levers (none when the analysis could not finish).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub best_play: Option<BestPlay>,
}

/// What one random run did.
struct Run {
    score: u8,
    ending: u32,
    /// The score's numerator (see `scoring::numerator`): a mistake's cost can be taken out exactly.
    numerator: i64,
    nodes: Vec<bool>,
    studied: Vec<bool>,
    /// The flags set when it ended.
    flags: Vec<bool>,
    /// Study minutes left when the player set off.
    minutes_left: u32,
    /// Every mistake it made (at moments or on arrival).
    mistake_count: usize,
    /// The mistakes made at moments.
    mistakes: Vec<Made>,
}

/// One mistake a run made at a moment.
struct Made {
    node: u32,
    /// The option that made it (none: a timer ran out, or the moment relied on a fact).
    option: Option<u32>,
    kind: MistakeKind,
    severity: Severity,
    cause: Cause,
    /// Its share of the score's numerator (negative).
    weight: i64,
}

fn median<T: Ord + Copy>(mut scores: Vec<T>) -> Option<T> {
    if scores.is_empty() {
        return None;
    }
    scores.sort_unstable();
    Some(scores[(scores.len() - 1) / 2])
}

/// A score before it is kept within 0–100 (rounded as the score is). Effects on the median are
/// measured on it: when more than half the random runs score 0, the median stays 0 whatever one
/// moment costs, yet forgiving that moment's mistakes does move the runs below it.
fn unclamped(numerator: i64, denominator: i64) -> i64 {
    (2 * numerator + denominator).div_euclid(2 * denominator)
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
        let tally = session.tally();
        let value = c.ending_value[ending as usize];
        played.push(Run {
            score: overall_score(tally, &c.measured, value),
            ending,
            numerator: score_numerator(
                tally.evidence_total(&c.measured),
                c.measured.len(),
                value,
                tally.penalty,
            ),
            nodes,
            flags: session.meeting_state().map(|m| m.flags.clone()).unwrap_or_default(),
            studied: session.studied().to_vec(),
            minutes_left: s.preparation.budget_minutes.saturating_sub(session.used_minutes()),
            mistake_count: session.mistakes().len(),
            mistakes: session
                .mistakes()
                .iter()
                .filter_map(|m| {
                    m.node.map(|node| Made {
                        node,
                        option: m.option,
                        kind: m.kind,
                        severity: m.severity,
                        cause: m.cause,
                        weight: numerator::mistake_of(&c.measured, m.kind, m.severity),
                    })
                })
                .collect(),
        });
    }
    let denominator = score_denominator(c.measured.len());
    // The median were the mistakes `forgiven` picks to cost nothing: scores are linear in what a
    // run collects, so each run's score is recomputed exactly without them.
    let median_without = |forgiven: &dyn Fn(&Made) -> bool| -> Option<i64> {
        median(
            played
                .iter()
                .map(|r| {
                    let back: i64 = r.mistakes.iter().filter(|m| forgiven(m)).map(|m| m.weight).sum();
                    unclamped(r.numerator - back, denominator)
                })
                .collect(),
        )
    };
    let all: Vec<u8> = played.iter().map(|r| r.score).collect();
    let overall_median = median(all.clone())?;
    let raw_median = median(played.iter().map(|r| unclamped(r.numerator, denominator)).collect())?;
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
    // Facts the meeting depends on: moments that rely on them (a gap when unstudied), and moments
    // whose options are offered only with (or without) them.
    let mut relied: BTreeMap<usize, (Vec<&str>, Vec<&str>)> = BTreeMap::new();
    for node in &s.nodes {
        let id: &str = &node.id;
        fn add<'a>(list: &mut Vec<&'a str>, id: &'a str) {
            if !list.contains(&id) {
                list.push(id);
            }
        }
        for fact in &node.relies_on {
            if let Some(i) = s.preparation.dossier.iter().position(|d| &d.id == fact) {
                add(&mut relied.entry(i).or_default().0, id);
            }
        }
        for fact in node.options.iter().flat_map(|o| o.when.iter()).filter_map(|c| match c {
            Condition::Studied(f) | Condition::NotStudied(f) => Some(f),
            _ => None,
        }) {
            if let Some(i) = s.preparation.dossier.iter().position(|d| &d.id == fact) {
                add(&mut relied.entry(i).or_default().1, id);
            }
        }
    }
    // Which single-moment reliances may be dropped: as many as leave `FACTS_KEPT` facts relied on,
    // those whose absence costs the median most first — so that two hints followed together never
    // remove more than the scenario can spare.
    let fact_effect = |f: usize| {
        let (with, without): (Vec<&Run>, Vec<&Run>) = played.iter().partition(|r| r.studied[f]);
        let raw = |runs: Vec<&Run>| median(runs.iter().map(|r| unclamped(r.numerator, denominator)).collect());
        match (raw(with), raw(without)) {
            (Some(a), Some(b)) => (a - b) as i32,
            _ => 0,
        }
    };
    let relied_facts = relied_on_facts(c);
    // A fact about the client or its people is the critical test of knowing the client: the last
    // one relied on is never offered for dropping, whatever the count.
    let about_client = |f: usize| {
        matches!(
            s.preparation.dossier[f].category,
            DossierCategory::Client | DossierCategory::People
        )
    };
    let client_facts = relied_facts.iter().filter(|&&f| about_client(f)).count();
    let mut droppable: Vec<usize> = relied_facts
        .iter()
        .copied()
        .filter(|&f| !(about_client(f) && client_facts <= 1))
        .collect();
    droppable.sort_by_key(|&f| (std::cmp::Reverse(fact_effect(f)), f));
    droppable.truncate(relied_facts.len().saturating_sub(FACTS_KEPT));
    for (i, (gaps, gated)) in &relied {
        let fact = &s.preparation.dossier[*i];
        let (with, _) = split(&|r: &Run| r.studied[*i]);
        let effect = fact_effect(*i);
        let reached = percent(with.len(), played.len());
        let mut uses = Vec::new();
        if !gaps.is_empty() {
            uses.push(format!("`{}` relies on it", gaps.join("`, `")));
        }
        if !gated.is_empty() {
            uses.push(format!("`{}` offers options by it", gated.join("`, `")));
        }
        let uses = uses.join("; ");
        let id = &fact.id;
        let (suggestion, actionable) = if effect >= 5 && too_low {
            let levers = fact_levers(c, *i, gaps, gated, &played, &droppable);
            if levers.is_empty() {
                (
                    format!(
                        "`{id}` ({uses}) is studied by {reached} % of the random players, and not studying it costs {effect} points on the median, as a fact the meeting depends on should: keep it — it is what rewards preparation — and raise the median at the moments that name a change, or with the endings' values"
                    ),
                    false,
                )
            } else {
                (
                    format!(
                        "`{id}` ({uses}) is studied by {reached} % of the random players, and not studying it costs {effect} points on the median: {}",
                        levers.join("; or ")
                    ),
                    true,
                )
            }
        } else if effect >= 5 {
            (
                format!(
                    "`{id}` ({uses}) is studied by {reached} % of the random players: studying it is worth {effect} points on the median, as a fact the meeting depends on should be"
                ),
                false,
            )
        } else if too_high {
            (
                format!(
                    "`{id}` ({uses}): studying it changes the median by only {effect:+} points; let more moments rely on it (`relies_on`) so that not studying it costs"
                ),
                true,
            )
        } else {
            (
                format!("`{id}` ({uses}): studying it changes the median by {effect:+} points"),
                false,
            )
        };
        // Within the rule, nothing needs to change: the levers are told, not asked for.
        let actionable = actionable && (too_low || too_high);
        hints.push(Hint {
            node: None,
            fact: Some(fact.id.clone()),
            flag: None,
            reached_percent: reached,
            median_effect: effect,
            best_with: with.iter().copied().max().unwrap_or(0),
            worst_with: with.iter().copied().min().unwrap_or(0),
            mistakes: Vec::new(),
            suggestion,
            actionable,
            suggestion_effect: effect,
        });
    }
    // Flags that decide where runs go: the median of the runs that set one against those that do
    // not, and whether a player who studied nothing can set it at all.
    for (i, name) in c.flags.iter().enumerate() {
        let tested = s.nodes.iter().any(|n| {
            n.options
                .iter()
                .flat_map(|o| o.when.iter())
                .any(|w| matches!(w, Condition::Flag(f) | Condition::NotFlag(f) if f == name))
        });
        let setters: Vec<(&str, &PlayerOption)> = s
            .nodes
            .iter()
            .flat_map(|n| n.options.iter().map(move |o| (n.id.as_str(), o)))
            .filter(|(_, o)| o.effects.iter().any(|e| matches!(e, Effect::SetFlag(f) if f == name)))
            .collect();
        if !tested || setters.is_empty() {
            continue;
        }
        let (set, unset): (Vec<&Run>, Vec<&Run>) =
            played.iter().partition(|r| r.flags.get(i).copied().unwrap_or(false));
        let raw = |runs: &[&Run]| median(runs.iter().map(|r| unclamped(r.numerator, denominator)).collect());
        let effect = match (raw(&set), raw(&unset)) {
            (Some(a), Some(b)) => (a - b) as i32,
            _ => 0,
        };
        let reached = percent(set.len(), played.len());
        let gated: Vec<String> = setters
            .iter()
            .filter(|(_, o)| !o.when.is_empty())
            .map(|(n, o)| format!("`{}` at `{n}`", o.id))
            .collect();
        let open: Vec<String> = setters
            .iter()
            .filter(|(_, o)| o.when.is_empty() && is_plain(o))
            .map(|(n, o)| format!("`{}` at `{n}`", o.id))
            .collect();
        let (suggestion, actionable) = if too_low && effect >= 5 && open.is_empty() {
            let at: Vec<&str> = setters.iter().map(|(n, _)| *n).collect();
            (
                format!(
                    "flag `{name}` is set in {reached} % of the random runs, and those runs' median is {effect} points above the others': only {} set it, behind conditions — let a plain answer at `{}` set it too",
                    gated.join(", "),
                    at[0]
                ),
                true,
            )
        } else if open.is_empty() {
            (
                format!(
                    "flag `{name}` is set in {reached} % of the random runs (median {effect:+} points against the others); {} set it",
                    gated.join(", ")
                ),
                false,
            )
        } else {
            (
                format!(
                    "flag `{name}` is set in {reached} % of the random runs (median {effect:+} points against the others); a plain answer sets it ({})",
                    open.join(", ")
                ),
                false,
            )
        };
        hints.push(Hint {
            node: None,
            fact: None,
            flag: Some(name.clone()),
            reached_percent: reached,
            median_effect: effect,
            best_with: set.iter().map(|r| r.score).max().unwrap_or(0),
            worst_with: set.iter().map(|r| r.score).min().unwrap_or(0),
            mistakes: Vec::new(),
            suggestion,
            actionable: actionable && too_low,
            suggestion_effect: effect,
        });
    }
    // Moments where the random player makes mistakes, by what those mistakes cost the median.
    for (n, node) in s.nodes.iter().enumerate() {
        let reaching: Vec<&Run> = played.iter().filter(|r| r.nodes[n]).collect();
        let here = |m: &Made| m.node as usize == n;
        let mut kinds: Vec<MistakeKind> = Vec::new();
        for m in reaching.iter().flat_map(|r| r.mistakes.iter()).filter(|m| here(m)) {
            if !kinds.contains(&m.kind) {
                kinds.push(m.kind);
            }
        }
        if kinds.is_empty() {
            continue;
        }
        let costs_median = |without: Option<i64>| without.map_or(0, |w| (raw_median - w) as i32);
        let mut mistakes: Vec<(MistakeThere, &Made)> = kinds
            .iter()
            .filter_map(|&kind| {
                let of_kind = |m: &Made| here(m) && m.kind == kind;
                let made = reaching.iter().filter(|r| r.mistakes.iter().any(of_kind)).count();
                let example = reaching.iter().flat_map(|r| r.mistakes.iter()).find(|m| of_kind(m))?;
                // Exact: a mistake's share of the numerator over the denominator. (The mean score of
                // the runs without it minus those with it mixes in everything else those runs did,
                // and read as a gain for some mistakes.)
                let cost = -(example.weight as f64) / denominator as f64;
                Some((
                    MistakeThere {
                        id: kind.id().to_owned(),
                        percent: percent(made, reaching.len()),
                        cost: (cost * 10.0).round() / 10.0,
                        median_effect: costs_median(median_without(&of_kind)),
                    },
                    example,
                ))
            })
            .collect();
        mistakes.sort_by(|(a, _), (b, _)| {
            a.median_effect
                .cmp(&b.median_effect)
                .then(b.percent.cmp(&a.percent))
                .then(a.id.cmp(&b.id))
        });
        // The costliest mistake that still has a lever; when none has, what the costliest one is.
        let advice: Vec<(String, bool, i32)> = mistakes
            .iter()
            .map(|(m, made)| {
                let (text, actionable) = moment_suggestion(c, n, m, made, too_high, &played);
                (text, actionable, m.median_effect)
            })
            .collect();
        let Some((suggestion, actionable, suggestion_effect)) = advice
            .iter()
            .find(|(_, actionable, _)| *actionable)
            .or_else(|| advice.first())
            .cloned()
        else {
            continue;
        };
        let actionable = actionable && (too_low || too_high);
        let reached = percent(reaching.len(), played.len());
        let effect = costs_median(median_without(&here));
        let with: Vec<u8> = reaching.iter().map(|r| r.score).collect();
        hints.push(Hint {
            node: Some(node.id.clone()),
            fact: None,
            flag: None,
            reached_percent: reached,
            median_effect: effect,
            best_with: with.iter().copied().max().unwrap_or(0),
            worst_with: with.iter().copied().min().unwrap_or(0),
            mistakes: mistakes.into_iter().map(|(m, _)| m).collect(),
            suggestion,
            actionable,
            suggestion_effect,
        });
    }
    // What names a change first, then what only informs; within each, what following the
    // suggestion could give the median first, then the whole moment's effect, then what more
    // random players meet.
    hints.sort_by(|a, b| {
        b.actionable
            .cmp(&a.actionable)
            .then(
                b.suggestion_effect
                    .unsigned_abs()
                    .cmp(&a.suggestion_effect.unsigned_abs())
                    .then(b.median_effect.unsigned_abs().cmp(&a.median_effect.unsigned_abs()))
                    .then(b.reached_percent.cmp(&a.reached_percent)),
            )
            .then_with(|| a.node.cmp(&b.node))
            .then_with(|| a.fact.cmp(&b.fact))
    });
    let mut endings: Vec<EndingShare> = s
        .endings
        .iter()
        .enumerate()
        .map(|(e, ending)| {
            let scores: Vec<u8> = played
                .iter()
                .filter(|r| r.ending as usize == e)
                .map(|r| r.score)
                .collect();
            let value = c.ending_value[e];
            let raised = numerator::outcome(c.measured.len(), value.saturating_add(10).min(100))
                - numerator::outcome(c.measured.len(), value);
            let median_raised = median(
                played
                    .iter()
                    .map(|r| {
                        let extra = if r.ending as usize == e { raised } else { 0 };
                        unclamped(r.numerator + extra, denominator)
                    })
                    .collect(),
            );
            EndingShare {
                ending: ending.id.clone(),
                outcome: ending.outcome.id(),
                value,
                percent: percent(scores.len(), played.len()),
                median: median(scores),
                median_if_worth_10_more: (ending.outcome != crate::core::model::Outcome::Lost && value < 100)
                    .then(|| median_raised.map_or(0, |m| (m - raw_median) as i32)),
            }
        })
        .collect();
    endings.sort_by(|a, b| b.percent.cmp(&a.percent).then_with(|| a.ending.cmp(&b.ending)));
    Some(BalanceHints {
        scenario: s.id.clone(),
        endings,
        median: overall_median,
        median_before_bounds: raw_median,
        median_without_mistakes: median_without(&|_| true).unwrap_or(raw_median),
        costly_answers: costliest_answers(c, &played, raw_median, &median_without),
        mistakes_per_run: (played.iter().map(|r| r.mistake_count).sum::<usize>() as f64 / played.len().max(1) as f64
            * 10.0)
            .round()
            / 10.0,
        answers: s.nodes.iter().map(|n| n.options.len()).sum(),
        wrong_answers: s
            .nodes
            .iter()
            .flat_map(|n| &n.options)
            .filter(|o| !o.asks_for.is_empty() || o.effects.iter().any(|e| matches!(e, Effect::Mistake(..))))
            .count(),
        best: all.iter().copied().max().unwrap_or(0),
        worst: all.iter().copied().min().unwrap_or(0),
        runs,
        hints,
        routes: route_risks(c),
        study_budget: study_budget(c),
        best_play: best_play(c, rules.best_at_least),
    })
}

/// Points with their sign, one decimal: "−3.5 points", "+0.3 points".
pub fn points(p: f64) -> String {
    let sign = if p < 0.0 { "\u{2212}" } else { "+" };
    format!("{sign}{:.1} points", p.abs())
}

/// A whole number of points: "1 point", "3 points".
pub fn whole_points(n: i32) -> String {
    if n.abs() == 1 {
        format!("{n} point")
    } else {
        format!("{n} points")
    }
}

/// A whole number of minutes: "1 minute", "4 minutes".
pub fn minutes(n: u32) -> String {
    if n == 1 {
        "1 minute".to_owned()
    } else {
        format!("{n} minutes")
    }
}

/// The wrong answers whose mistakes cost the random median most, costliest first (at most
/// [`COSTLY_ANSWERS`]): each is measured as the median were that answer never a mistake. The only
/// answer that tags its mistake is the scenario's test of it, and is never offered for dropping.
fn costliest_answers(
    c: &CompiledScenario,
    played: &[Run],
    raw_median: i64,
    median_without: &dyn Fn(&dyn Fn(&Made) -> bool) -> Option<i64>,
) -> Vec<CostlyAnswer> {
    let mut chosen: Vec<(u32, u32)> = played
        .iter()
        .flat_map(|r| r.mistakes.iter())
        .filter(|m| m.cause == Cause::Tagged || matches!(m.cause, Cause::AskedFor(_)))
        .filter_map(|m| m.option.map(|o| (m.node, o)))
        .collect();
    chosen.sort_unstable();
    chosen.dedup();
    let mut costly: Vec<CostlyAnswer> = chosen
        .into_iter()
        .map(|(node, option)| CostlyAnswer {
            node: c.source.nodes[node as usize].id.clone(),
            option: option_id(c, node as usize, Some(option)).to_owned(),
            median_effect: median_without(&|m: &Made| m.node == node && m.option == Some(option))
                .map_or(0, |w| (raw_median - w) as i32),
        })
        .filter(|a| a.median_effect < 0)
        // The only answer that tags its mistake is the scenario's test of it: not offered.
        .filter(|a| {
            let tags = |o: &PlayerOption| {
                o.effects
                    .iter()
                    .filter_map(|e| match e {
                        Effect::Mistake(kind, _) => Some(*kind),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
            };
            let answer = c
                .source
                .nodes
                .iter()
                .find(|n| n.id == a.node)
                .and_then(|n| n.options.iter().find(|o| o.id == a.option));
            answer.is_none_or(|answer| {
                tags(answer).iter().all(|kind| {
                    c.source
                        .nodes
                        .iter()
                        .flat_map(|n| n.options.iter())
                        .filter(|o| tags(o).contains(kind))
                        .count()
                        > 1
                })
            })
        })
        .collect();
    costly.sort_by(|a, b| a.median_effect.cmp(&b.median_effect).then_with(|| a.node.cmp(&b.node)));
    costly.truncate(COSTLY_ANSWERS);
    costly
}

/// A plain answer: it tags no mistake, asks the client for nothing, and is always offered (an
/// option behind a condition — a fact studied, a flag most players never set — is not there for
/// everyone).
fn is_plain(o: &PlayerOption) -> bool {
    o.asks_for.is_empty() && o.when.is_empty() && !o.effects.iter().any(|e| matches!(e, Effect::Mistake(..)))
}

/// A plain answer at moment `n` other than `except`.
fn plain_beside(c: &CompiledScenario, n: usize, except: Option<u32>) -> Option<&str> {
    c.source.nodes[n]
        .options
        .iter()
        .enumerate()
        .find(|&(i, o)| Some(i as u32) != except && is_plain(o))
        .map(|(_, o)| o.id.as_str())
}

/// The id of option `option` at moment `n` (`(timer)` for a silence).
fn option_id(c: &CompiledScenario, n: usize, option: Option<u32>) -> &str {
    option
        .and_then(|o| c.source.nodes[n].options.get(o as usize))
        .map_or("(timer)", |o| o.id.as_str())
}

/// The moment that follows the option `option` at `n` (none: the timer's path), if it is a moment.
fn next_moment(c: &CompiledScenario, n: usize, option: Option<u32>) -> Option<usize> {
    let node = &c.source.nodes[n];
    let next = match option {
        Some(o) => &node.options.get(o as usize)?.next,
        None => &node.timer.as_ref()?.next,
    };
    c.source.nodes.iter().position(|m| &m.id == next)
}

/// A way back after a mistake of `kind` made at `n` by `option`: a plain answer at the next moment
/// that wins back trust, or gives evidence for a competency the mistake counts against.
fn recovery_after(c: &CompiledScenario, n: usize, option: Option<u32>, kind: MistakeKind) -> Option<&str> {
    let after = &c.source.nodes[next_moment(c, n, option)?];
    after
        .options
        .iter()
        .find(|o| {
            is_plain(o)
                && o.effects.iter().any(|e| match e {
                    Effect::Trust(_, p) => *p > 0 && trust_matters(c),
                    Effect::Evidence(comp, p) => *p > 0 && kind.competencies().contains(comp),
                    _ => false,
                })
        })
        .map(|o| o.id.as_str())
}

/// Whether some condition tests trust: otherwise winning it back moves no score and no path.
fn trust_matters(c: &CompiledScenario) -> bool {
    fn tests(w: &Condition) -> bool {
        match w {
            Condition::TrustAtLeast(..) | Condition::TrustBelow(..) => true,
            Condition::Any(ws) | Condition::All(ws) => ws.iter().any(tests),
            Condition::Not(w) => tests(w),
            _ => false,
        }
    }
    let mut conditions = c
        .source
        .nodes
        .iter()
        .flat_map(|n| n.options.iter().flat_map(|o| o.when.iter()));
    conditions.any(tests)
}

/// Whether moment `m` is part of the conversation a player can still steer: someone speaks, and
/// at least one answer is always offered (a narration after the meeting that sends each player to
/// their ending is not).
fn is_conversation(c: &CompiledScenario, m: usize) -> bool {
    let node = &c.source.nodes[m];
    node.speaker.is_some() && node.options.iter().any(|o| o.when.is_empty())
}

/// "evidence for `a` or `b`": the competencies a mistake counts against.
fn competencies_of(kind: MistakeKind) -> String {
    let names: Vec<String> = kind.competencies().iter().map(|c| format!("`{}`", c.id())).collect();
    format!("evidence for {}", names.join(" or "))
}

/// Whether an option gives price or terms away.
fn concedes(o: &PlayerOption) -> bool {
    o.effects.iter().any(|e| {
        matches!(
            e,
            Effect::SetPrice(_) | Effect::DiscountPercent(_) | Effect::SetPaymentDays(_)
        )
    })
}

/// A plain answer at moment `n`, other than `except`, that gives nothing away.
fn holding_answer(c: &CompiledScenario, n: usize, except: Option<u32>) -> Option<&str> {
    c.source.nodes[n]
        .options
        .iter()
        .enumerate()
        .find(|&(i, o)| Some(i as u32) != except && is_plain(o) && !concedes(o))
        .map(|(_, o)| o.id.as_str())
}

/// The plain-answer lever at moment `n`: one where there is none, another where the answers always
/// offered there are mostly mistakes (the random player picks among them uniformly).
fn more_plain_answers(c: &CompiledScenario, n: usize, except: Option<u32>) -> Option<String> {
    let offered: Vec<&PlayerOption> = c.source.nodes[n].options.iter().filter(|o| o.when.is_empty()).collect();
    let wrong = offered
        .iter()
        .filter(|o| !o.asks_for.is_empty() || o.effects.iter().any(|e| matches!(e, Effect::Mistake(..))))
        .count();
    if plain_beside(c, n, except).is_none() {
        Some("offer a plain answer beside it, so that fewer players pick it".to_owned())
    } else if 2 * wrong > offered.len() {
        Some(format!(
            "add another plain answer, or drop {}: {wrong} of the {} answers always offered here are mistakes, so a random player picks one {} % of the time",
            except.map_or_else(
                || "one of the wrong ones".to_owned(),
                |_| format!("`{}`", option_id(c, n, except))
            ),
            offered.len(),
            percent(wrong, offered.len())
        ))
    } else {
        None
    }
}

/// Dossier items some moment relies on, in dossier order.
fn relied_on_facts(c: &CompiledScenario) -> Vec<usize> {
    let s = &c.source;
    (0..s.preparation.dossier.len())
        .filter(|&f| {
            let id = &s.preparation.dossier[f].id;
            s.nodes.iter().any(|n| n.relies_on.contains(id))
        })
        .collect()
}

/// How many facts must stay relied on for a scenario to test preparation: dropping a reliance is
/// suggested only while at least this many others remain, so that following the hints to the
/// letter never removes every `relies_on`.
const FACTS_KEPT: usize = 2;

/// The share of random runs that set off without fact `f` and could no longer afford it: making it
/// quicker to study changes what the random player does only when this is not small.
fn priced_out(c: &CompiledScenario, f: usize, runs: &[Run]) -> u8 {
    let minutes = c.source.preparation.dossier[f].minutes;
    percent(
        runs.iter()
            .filter(|r| !r.studied[f] && minutes > r.minutes_left)
            .count(),
        runs.len(),
    )
}

/// How many of the costliest wrong answers are listed.
const COSTLY_ANSWERS: usize = 10;

/// Below this share of runs priced out of a fact, "make it quicker to study" is not suggested.
const PRICED_OUT_AT_LEAST: u8 = 25;

fn quicker_lever(c: &CompiledScenario, f: usize, runs: &[Run]) -> Option<String> {
    let out = priced_out(c, f, runs);
    (out >= PRICED_OUT_AT_LEAST).then(|| {
        format!(
            "make it quicker to study ({} now; {out} % of the random players could no longer afford it when they set off)",
            minutes(c.source.preparation.dossier[f].minutes)
        )
    })
}

/// What can be changed about fact `f`, which the moments `gaps` rely on and the moments `gated`
/// offer options by, so that not studying it costs the median less.
fn fact_levers(
    c: &CompiledScenario,
    f: usize,
    gaps: &[&str],
    gated: &[&str],
    runs: &[Run],
    droppable: &[usize],
) -> Vec<String> {
    let s = &c.source;
    let mut levers = Vec::new();
    let reach = |id: &str| {
        s.nodes
            .iter()
            .position(|n| n.id == id)
            .map_or(0, |n| runs.iter().filter(|r| r.nodes[n]).count())
    };
    if gaps.len() >= 2 {
        // The reliance most random players meet costs most; the others keep the fact tested.
        let mut by_reach: Vec<&str> = gaps.to_vec();
        by_reach.sort_by_key(|id| std::cmp::Reverse(reach(id)));
        levers.push(format!(
            "drop it from `relies_on` at `{}` and keep it at `{}`",
            by_reach[0],
            by_reach[1..].join("`, `")
        ));
    } else if let [only] = gaps
        && droppable.contains(&f)
    {
        levers.push(format!(
            "drop it from `relies_on` at `{only}` ({FACTS_KEPT} other facts stay relied on, so the scenario still tests preparation)"
        ));
    }
    let fact = &s.preparation.dossier[f].id;
    let without_plain: Vec<&str> = gated
        .iter()
        .copied()
        .filter(|id| {
            s.nodes.iter().find(|n| n.id == *id).is_some_and(|n| {
                !n.options
                    .iter()
                    .any(|o| is_plain(o) && !o.when.contains(&Condition::Studied(fact.clone())))
            })
        })
        .collect();
    if !without_plain.is_empty() {
        levers.push(format!(
            "offer a plain option at `{}` to whoever did not study it",
            without_plain.join("`, `")
        ));
    }
    levers.extend(quicker_lever(c, f, runs));
    levers
}

/// What to change at a moment for one of its mistakes, and whether that names a change: the lever
/// depends on where the mistake comes from (the scenario's own tag, a fact relied on, a concession,
/// the floor), its severity, and what the moment already offers (a plain answer beside it, a way
/// back after it) — a lever already pulled is never suggested again.
fn moment_suggestion(
    c: &CompiledScenario,
    n: usize,
    m: &MistakeThere,
    made: &Made,
    too_high: bool,
    runs: &[Run],
) -> (String, bool) {
    let s = &c.source;
    let node = &s.nodes[n].id;
    let seen = format!(
        "`{}` at `{node}` ({} % of the random players who get there, {} each; {} off the median by itself)",
        m.id,
        m.percent,
        points(-m.cost),
        whole_points(-m.median_effect)
    );
    if m.median_effect == 0 && !too_high {
        return (
            format!("{seen}: it does not move the median, so it needs no change for the balance"),
            false,
        );
    }
    if too_high {
        let lever = match made.cause {
            Cause::Tagged => format!(
                "{seen}: the median is above the rule, so let it cost more — a higher severity than {}, or less trust after it",
                made.severity.id()
            ),
            _ => format!("{seen}: the median is above the rule, so let the way into it cost more"),
        };
        return (lever, true);
    }
    match made.cause {
        Cause::Tagged => {
            let mut levers = Vec::new();
            // One step at a time, and never below the severity the domain brief gives the mistake.
            let softer = match made.severity {
                Severity::Critical => Some(Severity::Major),
                Severity::Major => Some(Severity::Minor),
                Severity::Minor => None,
            }
            .filter(|softer| made.kind.brief_severity().is_none_or(|brief| *softer >= brief));
            if let Some(softer) = softer {
                levers.push(format!(
                    "soften it — `{}` instead of `{}`",
                    softer.id(),
                    made.severity.id()
                ));
            }
            levers.extend(more_plain_answers(c, n, made.option));
            let recovery = recovery_after(c, n, made.option, made.kind);
            if recovery.is_none()
                && let Some(next) = next_moment(c, n, made.option).filter(|&m| is_conversation(c, m))
            {
                let trust = if trust_matters(c) { "wins back trust or " } else { "" };
                levers.push(format!(
                    "add a way back after it at `{}`: a plain answer there that {trust}shows {}",
                    s.nodes[next].id,
                    competencies_of(made.kind)
                ));
            }
            let mut there = Vec::new();
            if let Some(p) = plain_beside(c, n, made.option) {
                there.push(format!("`{p}` is a plain answer beside it"));
            }
            if let Some(r) = recovery {
                there.push(format!("`{r}` is a way back after it"));
            }
            let there = there.join(" and ");
            let kept = match made.kind.brief_severity() {
                Some(brief) if made.severity <= brief => format!(" (the brief makes it {})", brief.id()),
                _ => String::new(),
            };
            if levers.is_empty() {
                let have = if there.is_empty() {
                    String::new()
                } else {
                    format!("{there}: ")
                };
                (
                    format!(
                        "{seen}: {have}nothing left to change here{kept} — the median is made elsewhere (how many answers are mistakes, the endings)"
                    ),
                    false,
                )
            } else if there.is_empty() {
                (format!("{seen}: {}", levers.join("; or ")), true)
            } else {
                (format!("{seen}: {} ({there} already)", levers.join("; or ")), true)
            }
        }
        Cause::AskedFor(f) => {
            let item = &s.preparation.dossier[f as usize];
            let option = option_id(c, n, made.option);
            let mut levers: Vec<String> = more_plain_answers(c, n, made.option).into_iter().collect();
            // Asking the client what the dossier says is a mistake the brief names: the question
            // itself is removed only where the scenario asks for a dossier fact elsewhere too.
            let asking = s
                .nodes
                .iter()
                .flat_map(|n| &n.options)
                .filter(|o| !o.asks_for.is_empty())
                .count();
            if asking > 1 {
                levers.push(format!("let `{option}` be a plain question (no `asks_for`)"));
            }
            let asks = format!(
                "{seen}: `{option}` asks the client for `{}`, which the dossier holds — critical whether or not it was studied",
                item.id
            );
            if levers.is_empty() {
                (
                    format!("{asks}; it is this scenario's test of that mistake: keep it"),
                    false,
                )
            } else {
                (format!("{asks}: {}", levers.join("; or ")), true)
            }
        }
        Cause::Gap(f) => {
            let item = &s.preparation.dossier[f as usize];
            let unstudied = percent(runs.iter().filter(|r| !r.studied[f as usize]).count(), runs.len());
            // What to do about a reliance is said once, by the fact's own hint.
            (
                format!(
                    "{seen}: `{node}` relies on `{}`, which {unstudied} % of the random players did not study — see the hint for fact `{}`",
                    item.id, item.id
                ),
                false,
            )
        }
        Cause::Concession => {
            let option = option_id(c, n, made.option);
            let given = made
                .option
                .and_then(|o| s.nodes[n].options.get(o as usize))
                .map(|o| o.effects.as_slice())
                .unwrap_or_default();
            let what = if given
                .iter()
                .any(|e| matches!(e, Effect::SetPrice(_) | Effect::DiscountPercent(_)))
            {
                "price"
            } else {
                "terms"
            };
            let holding = holding_answer(c, n, made.option);
            let mut levers: Vec<String> = Vec::new();
            match holding {
                None => levers.push(format!("offer an answer beside `{option}` that holds the {what}")),
                Some(_) => levers.extend(more_plain_answers(c, n, made.option)),
            }
            // A concession that already asks something back trades nothing only where that was
            // already given: trading is a lever already pulled.
            let trades = given
                .iter()
                .any(|e| matches!(e, Effect::Secure(_) | Effect::SetVolume(_) | Effect::SetTermMonths(_)));
            // Trading does not make a price below the floor fair (the brief makes it critical).
            let below_floor = given
                .iter()
                .any(|e| matches!(e, Effect::SetPrice(p) if s.deal.as_ref().is_some_and(|d| *p < d.floor_price)));
            if !trades && !below_floor {
                levers.push(
                    "let it trade something (`Secure`, volume, term) — which makes it a fair answer, no longer a tempting wrong one"
                        .to_owned(),
                );
            }
            let held = holding.map_or_else(String::new, |h| format!(" (`{h}` holds them already)"));
            if levers.is_empty() {
                (
                    format!(
                        "{seen}: `{option}` gives {what} away for nothing{held} — a tempting wrong answer this scenario tests: keep it"
                    ),
                    false,
                )
            } else {
                (
                    format!(
                        "{seen}: `{option}` gives {what} away for nothing{held}: {}",
                        levers.join("; or ")
                    ),
                    true,
                )
            }
        }
        Cause::BelowFloor if !is_conversation(c, n) => (
            format!(
                "{seen}: deals that end below the floor are closed from here, but the price was given earlier — see the concessions at the moments that name a change"
            ),
            false,
        ),
        Cause::BelowFloor => match holding_answer(c, n, made.option) {
            Some(h) => (
                format!(
                    "{seen}: a deal closes below the floor from here; `{h}` holds the price beside it — the close below the floor is this scenario's test of the floor: keep it"
                ),
                false,
            ),
            None => (
                format!(
                    "{seen}: a deal closes below the floor from here, and no answer here holds the price: offer one beside `{}`",
                    option_id(c, n, made.option)
                ),
                true,
            ),
        },
        Cause::Interrupted | Cause::Arrival(_) => (format!("{seen}: make the way into it less likely"), true),
    }
}

/// Whether the facts the meeting relies on fit in the study budget.
pub fn study_budget(c: &CompiledScenario) -> StudyBudget {
    let p = &c.source.preparation;
    let relied_on: Vec<FactMinutes> = relied_on_facts(c)
        .into_iter()
        .map(|f| FactMinutes {
            fact: p.dossier[f].id.clone(),
            minutes: p.dossier[f].minutes,
        })
        .collect();
    let relied_on_minutes = relied_on.iter().map(|f| f.minutes).fold(0u32, u32::saturating_add);
    let named = |id: &str| {
        c.source.nodes.iter().any(|n| {
            n.relies_on.iter().any(|r| r == id)
                || n.options
                    .iter()
                    .any(|o| o.when.iter().any(|w| matches!(w, Condition::Studied(f) if f == id)))
        })
    };
    let needed_minutes = p
        .dossier
        .iter()
        .filter(|d| named(&d.id))
        .map(|d| d.minutes)
        .fold(0u32, u32::saturating_add);
    // Study time is spent before setting off: the route with the shortest worst case decides.
    let leave = p.starts_at.0.saturating_add(needed_minutes);
    let late_if_all_studied = c
        .source
        .schedule
        .travel
        .iter()
        .map(|r| {
            let arrival = leave
                .saturating_add(r.minutes)
                .saturating_add(u32::try_from(r.delay.1.max(0)).unwrap_or(0));
            arrival.saturating_sub(c.source.schedule.meeting_at.0)
        })
        .min()
        .unwrap_or(0);
    StudyBudget {
        needed_minutes,
        late_if_all_studied,
        start_for_all: (late_if_all_studied > 0)
            .then(|| crate::core::model::ClockTime::format(p.starts_at.0.saturating_sub(late_if_all_studied))),
        budget_minutes: p.budget_minutes,
        relied_on_minutes,
        fits: relied_on_minutes <= p.budget_minutes,
        relied_on,
    }
}

/// The analyzer's best play in the world of the shortest delays, replayed through the engine: what
/// it collects and what it would need to score `best_at_least`.
fn best_play(c: &Arc<CompiledScenario>, best_at_least: u8) -> Option<BestPlay> {
    let world = World::low(c);
    let worlds = [NamedWorld {
        name: "low".into(),
        world: world.clone(),
    }];
    let range = analyze_worlds(c, &worlds).score?;
    let session = replay_path(Session::with_world(c.clone(), 0, world), range.best_path.raw).ok()?;
    let (ending, _) = session.ending()?;
    let tally = session.tally();
    let value = c.ending_value[ending as usize];
    let k = c.measured.len();
    let evidence_total = tally.evidence_total(&c.measured);
    let score = overall_score(tally, &c.measured, value);
    let denominator = score_denominator(k);
    let scores = |e: i64| score_from_numerator(score_numerator(e, k, value, tally.penalty), denominator);
    // Evidence adds 6 to the numerator per point: 100 points per measured competency is far more
    // than any rule needs, so the search is short and ends.
    let evidence_needed = (score < best_at_least)
        .then(|| (evidence_total..=evidence_total + 100 * k.max(1) as i64).find(|&e| scores(e) >= best_at_least))
        .flatten();
    let mut evidence: Vec<CompetencyEvidence> = c
        .measured
        .iter()
        .map(|m| CompetencyEvidence {
            competency: m.id(),
            points: tally.evidence[m.index()],
        })
        .collect();
    evidence.sort_by_key(|e| (e.points, e.competency));
    Some(BestPlay {
        score,
        ending: c.source.endings[ending as usize].id.clone(),
        ending_value: value,
        mistakes: session.mistakes().iter().map(|m| m.kind.id().to_owned()).collect(),
        evidence,
        evidence_total,
        evidence_needed,
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
