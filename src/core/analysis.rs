//! Every playthrough at once: reachable endings, exact score range, where each mistake can occur.
//!
//! The analyzer explores the graph of meeting states (node, flags, variables, studied facts, deal …)
//! with memoisation. Parts of the state no condition reads are dropped, so states that behave the
//! same are merged. Because the overall score is linear in what a path collects (see
//! [`super::scoring`]), the best and worst scores are exact longest/shortest paths over that graph.
//!
//! Random draws (starting trust and mood, travel delays) are taken at both ends of their ranges
//! ("low" and "high" worlds), or at one seed's values when a policy asks for the best path of a seed.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::compile::{CompiledScenario, Target};
use super::rules::{self, Cause, MeetingState, Sink, Timing, World};
use super::saturation::{Quantity, Saturation};
use super::scoring::{competency_penalty, numerator, score_denominator, score_from_numerator};
use super::vocab::{Competency, MistakeKind, Severity};

/// One way the player can move at a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// Choose an option with a timing.
    Choose {
        /// Option index.
        option: u32,
        /// When relative to the line.
        timing: Timing,
    },
    /// Stay silent until the timer runs out.
    Timeout,
}

/// A named world of random draws.
#[derive(Debug, Clone)]
pub struct NamedWorld {
    /// `low`, `high` or `seed N`.
    pub name: String,
    /// The draws.
    pub world: World,
}

/// A complete path: preparation, travel and every move to an ending.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Path {
    /// Which world the path was found in.
    pub world: String,
    /// Dossier items studied.
    pub studied: Vec<String>,
    /// Travel option taken.
    pub travel: String,
    /// Minutes late on arrival.
    pub minutes_late: u32,
    /// The moves, in order.
    pub moves: Vec<PathMove>,
    /// The ending reached.
    pub ending: String,
    /// The overall score of this path.
    pub score: u8,
    #[serde(skip)]
    pub(crate) raw: RawPath,
}

/// A path in indices, for turning into inputs.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct RawPath {
    pub world: usize,
    pub studied: Vec<u32>,
    pub travel: u32,
    pub moves: Vec<(u32, Move)>,
}

/// One move of a path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathMove {
    /// Node id.
    pub node: String,
    /// Option id, or `(timer)` when the player stays silent.
    pub option: String,
    /// `prompt`, `interrupting`, `hesitant`, or `silent`.
    pub timing: &'static str,
}

/// Whether an ending can be reached.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EndingReach {
    /// Ending id.
    pub id: String,
    /// Its outcome.
    pub outcome: &'static str,
    /// Whether some playthrough reaches it.
    pub reachable: bool,
}

/// Best and worst achievable overall scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreRange {
    /// Lowest score of any complete playthrough.
    pub min: u8,
    /// Highest score of any complete playthrough.
    pub max: u8,
    /// A playthrough scoring `max`.
    pub best_path: Path,
    /// A playthrough scoring `min`.
    pub worst_path: Path,
}

/// Where a mistake can occur.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MistakeSites {
    /// Mistake id.
    pub id: &'static str,
    /// Node ids (and `arrival`) where it can occur.
    pub at: Vec<String>,
}

/// The analyzer's findings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// Scenario id.
    pub scenario: String,
    /// Worlds explored.
    pub worlds: Vec<String>,
    /// Every ending and whether it is reachable.
    pub endings: Vec<EndingReach>,
    /// Score range; `null` when no playthrough finishes.
    pub score: Option<ScoreRange>,
    /// Ids of mistakes that can occur.
    pub mistakes_possible: Vec<&'static str>,
    /// Where each possible mistake can occur.
    pub mistakes: Vec<MistakeSites>,
    /// Competencies the scenario measures.
    pub competencies_measured: Vec<&'static str>,
    /// Competencies some playthrough can gain evidence for.
    pub competencies_evidenced: Vec<&'static str>,
    /// Dossier items some moment relies on.
    pub facts_relied_on: Vec<String>,
    /// Nodes no playthrough reaches.
    pub unreachable_nodes: Vec<String>,
    /// Nodes where some playthrough has nothing to choose and no timer.
    pub dead_ends: Vec<String>,
    /// Nodes where the conversation can cycle without end.
    pub endless_loops: Vec<String>,
    /// Distinct meeting states explored.
    pub states: usize,
    /// Set when the scenario has more meeting states than the analysis may explore: then the score
    /// range, reachability and mistake sites are unknown (not reported), and what multiplies the
    /// states is named instead. The random player's statistics, when asked for, still hold.
    pub budget_exceeded: Option<StateBudget>,
    /// Scores of a uniformly random player (`null` unless asked for: see
    /// [`balance::analyze_with_random`](super::balance::analyze_with_random)).
    pub random: Option<super::balance::RandomStats>,
}

/// How many distinct meeting states an analysis explores at most, unless told otherwise: about
/// 300 MB on the shipped scenarios' state sizes, and seconds of work. The shipped library needs at
/// most a few thousand.
pub const DEFAULT_STATE_BUDGET: usize = 1_000_000;

/// What stopped an analysis: too many meeting states, and what multiplies them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StateBudget {
    /// The budget.
    pub limit: usize,
    /// Part of the scenario's state that takes many values in the states explored, most first.
    pub multipliers: Vec<StateMultiplier>,
}

/// One part of the meeting state and how many values it took in the states explored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StateMultiplier {
    /// `variable`, `flag`, `trust`, `mood`, `studied items` or `price`.
    pub kind: &'static str,
    /// The variable, flag or stakeholder id (empty for the studied items and the price).
    pub id: String,
    /// Where it is declared in the scenario (a path such as `variables[2]`), for locating it.
    pub declared_at: String,
    /// Distinct values seen.
    pub values: usize,
}

impl StateBudget {
    /// The explanation, in words.
    pub fn message(&self) -> String {
        let named: Vec<String> = self
            .multipliers
            .iter()
            .map(|m| {
                if m.id.is_empty() {
                    format!("the {} ({} combinations)", m.kind, m.values)
                } else {
                    format!("{} `{}` ({} values)", m.kind, m.id, m.values)
                }
            })
            .collect();
        format!(
            "the meeting has more than {} distinct states, the analysis budget: the exact score range, reachable endings and mistake sites are not known. What multiplies the states: {}. Values no condition ahead can tell apart are already merged, so what remains is what conditions still distinguish: use fewer counters, test them closer to where they change, reset a counter with SetVar once it has been used, merge flags no condition tells apart, or raise the budget with --max-states",
            self.limit,
            if named.is_empty() {
                "the number of paths itself".to_owned()
            } else {
                named.join(", ")
            }
        )
    }
}

impl Analysis {
    /// Human-readable warnings: what a trainer should fix.
    pub fn warnings(&self) -> Vec<String> {
        let mut w = Vec::new();
        if let Some(b) = &self.budget_exceeded {
            w.push(b.message());
            return w;
        }
        for e in self.endings.iter().filter(|e| !e.reachable) {
            w.push(format!("ending `{}` is never reached by any playthrough", e.id));
        }
        for n in &self.unreachable_nodes {
            w.push(format!("node `{n}` is never reached by any playthrough"));
        }
        for n in &self.dead_ends {
            w.push(format!(
                "at node `{n}` some playthroughs have no option offered and no timer (the meeting gets stuck)"
            ));
        }
        for n in &self.endless_loops {
            w.push(format!(
                "the conversation can cycle forever through node `{n}` without changing anything"
            ));
        }
        if self.score.is_none() {
            w.push("no playthrough reaches an ending".to_owned());
        }
        w
    }
}

/// Analyzes a scenario over its low and high worlds, within [`DEFAULT_STATE_BUDGET`].
pub fn analyze(c: &CompiledScenario) -> Analysis {
    analyze_within(c, DEFAULT_STATE_BUDGET)
}

/// Analyzes a scenario over its low and high worlds, exploring at most `max_states` states.
pub fn analyze_within(c: &CompiledScenario, max_states: usize) -> Analysis {
    let worlds = vec![
        NamedWorld {
            name: "low".into(),
            world: World::low(c),
        },
        NamedWorld {
            name: "high".into(),
            world: World::high(c),
        },
    ];
    analyze_worlds_within(c, &worlds, max_states)
}

/// Analyzes a scenario over the given worlds, within [`DEFAULT_STATE_BUDGET`].
pub fn analyze_worlds(c: &CompiledScenario, worlds: &[NamedWorld]) -> Analysis {
    analyze_worlds_within(c, worlds, DEFAULT_STATE_BUDGET)
}

/// Analyzes a scenario over the given worlds, exploring at most `max_states` states.
pub fn analyze_worlds_within(c: &CompiledScenario, worlds: &[NamedWorld], max_states: usize) -> Analysis {
    let mut explorer = Explorer::new(c);
    explorer.budget = max_states;
    let starts = explorer.starts(worlds);
    let mut best: Option<(i64, usize)> = None;
    let mut worst: Option<(i64, usize)> = None;
    for (i, start) in starts.iter().enumerate() {
        let Some(v) = explorer.value(&start.state) else {
            continue;
        };
        let (hi, lo) = (start.weight + v.best.0, start.weight + v.worst.0);
        if best.is_none_or(|(b, _)| hi > b) {
            best = Some((hi, i));
        }
        if worst.is_none_or(|(w, _)| lo < w) {
            worst = Some((lo, i));
        }
    }
    if explorer.exhausted {
        return explorer.report(worlds, None);
    }
    let base = numerator::base(c.measured.len());
    let denominator = score_denominator(c.measured.len());
    let score = match (best, worst) {
        (Some((hi, bi)), Some((lo, wi))) => Some(ScoreRange {
            max: score_from_numerator(base + hi, denominator),
            min: score_from_numerator(base + lo, denominator),
            best_path: explorer.path(worlds, &starts[bi], true, score_from_numerator(base + hi, denominator)),
            worst_path: explorer.path(worlds, &starts[wi], false, score_from_numerator(base + lo, denominator)),
        }),
        _ => None,
    };
    explorer.report(worlds, score)
}

/// What an exploration's best and worst paths are best and worst at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Objective {
    /// The overall score (every public analysis).
    Score,
    /// One competency's net evidence: its own evidence, less the points of the mistakes that count
    /// against it. Endings add nothing.
    Competency(Competency),
}

/// The least and most net evidence any playthrough of the given worlds collects for one
/// competency, exactly (the same exploration as the score range, weighing only that competency);
/// `None` when no playthrough finishes or the scenario has more than `max_states` states.
///
/// The competency's score in a result is 50 plus its net evidence, kept within 0–100
/// ([`competency_score`](super::scoring::competency_score)), so the highest score any playthrough
/// can give it is that of the most evidence.
pub fn competency_evidence_range(
    c: &CompiledScenario,
    worlds: &[NamedWorld],
    competency: Competency,
    max_states: usize,
) -> Option<(i64, i64)> {
    let mut explorer = Explorer::new(c);
    explorer.budget = max_states;
    explorer.objective = Objective::Competency(competency);
    let starts = explorer.starts(worlds);
    let mut range: Option<(i64, i64)> = None;
    for start in &starts {
        let v = explorer.value(&start.state)?;
        let (lo, hi) = (start.weight + v.worst.0, start.weight + v.best.0);
        range = Some(range.map_or((lo, hi), |(l, h)| (l.min(lo), h.max(hi))));
    }
    if explorer.exhausted { None } else { range }
}

/// A preparation plan (dossier items studied, then a route) and the best overall score that can
/// still be reached after it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanValue {
    /// Dossier items studied, by index, in order.
    pub studied: Vec<u32>,
    /// The route taken, by index.
    pub travel: u32,
    /// The best overall score (unrounded, on the 0–100 scale, before it is kept within 0–100)
    /// reachable after this plan; `None` when no playthrough from it finishes or the analysis
    /// budget ran out.
    pub best: Option<f64>,
}

/// One move at a moment of the meeting and the most score points that can still be collected
/// after making it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MoveValue {
    /// The move.
    pub action: Move,
    /// The most overall score points collected from this moment on when making it and playing
    /// best afterwards (differences between moves are what matter: points collected before the
    /// moment are the same for all). `None` when no playthrough after it finishes or the analysis
    /// budget ran out.
    pub best: Option<f64>,
}

/// The analyzer's values of every choice a player faces, in one world of random draws: what a
/// simulated candidate who judges options by their consequences weighs (`--policy skilled`).
/// Values are computed on demand and remembered, so asking again for a state met before (by
/// another simulated candidate in the same world) costs a lookup.
pub struct OptionValues<'a> {
    explorer: Explorer<'a>,
    worlds: [NamedWorld; 1],
    base: i64,
    denominator: f64,
}

impl<'a> OptionValues<'a> {
    /// Values in the world of `world`, exploring at most [`DEFAULT_STATE_BUDGET`] states.
    pub fn new(c: &'a CompiledScenario, world: World) -> OptionValues<'a> {
        OptionValues {
            explorer: Explorer::new(c),
            worlds: [NamedWorld {
                name: "candidate".into(),
                world,
            }],
            base: numerator::base(c.measured.len()),
            denominator: score_denominator(c.measured.len()) as f64,
        }
    }

    /// Every preparation plan worth telling apart (items no condition reads matter only by the
    /// minutes they take: one plan per sum), each with the best score reachable after it.
    pub fn plans(&mut self) -> Vec<PlanValue> {
        let starts = self.explorer.starts(&self.worlds);
        starts
            .into_iter()
            .map(|start| {
                let best = self
                    .explorer
                    .value(&start.state)
                    .map(|v| (self.base + start.weight + v.best.0) as f64 / self.denominator);
                PlanValue {
                    studied: start.studied,
                    travel: start.travel,
                    best,
                }
            })
            .collect()
    }

    /// Every move the player can make in `state` (each offered option at each possible timing,
    /// and letting the timer run out where there is one), each with its value. Hesitating is
    /// listed only where the speaker's mood is read later (elsewhere it is worth what answering
    /// promptly is).
    pub fn moves(&mut self, state: &MeetingState) -> Vec<MoveValue> {
        let state = self.explorer.canonical(state.clone());
        let moves = self.explorer.moves(&state);
        moves
            .into_iter()
            .map(|(action, weight, succ)| {
                let rest = match succ {
                    Succ::Ending => Some(0),
                    Succ::State(child) => self.explorer.value(&child).map(|v| v.best.0),
                };
                MoveValue {
                    action,
                    best: rest.map(|r| (weight + r) as f64 / self.denominator),
                }
            })
            .collect()
    }
}

/// A starting point of the meeting: preparation and travel chosen, arrival accounted.
struct Start {
    world: usize,
    studied: Vec<u32>,
    travel: u32,
    late: u32,
    weight: i64,
    state: MeetingState,
}

#[derive(Debug, Clone, Copy)]
struct Value {
    best: (i64, Option<Move>),
    worst: (i64, Option<Move>),
}

enum Slot {
    InProgress,
    Done(Option<Value>),
}

/// Adds up the score weight of what the rules report, and remembers which mistakes occurred.
struct Weigh<'a> {
    c: &'a CompiledScenario,
    objective: Objective,
    weight: i64,
    found: Vec<MistakeKind>,
    evidenced: [bool; 12],
}

impl Sink for Weigh<'_> {
    fn mistake(&mut self, kind: MistakeKind, severity: Severity, _cause: Cause) {
        self.weight += match self.objective {
            Objective::Score => mistake_weight(self.c, kind, severity),
            Objective::Competency(of) if kind.competencies().contains(&of) => -i64::from(competency_penalty(severity)),
            Objective::Competency(_) => 0,
        };
        self.found.push(kind);
    }
    fn evidence(&mut self, competency: Competency, points: i32) {
        self.weight += match self.objective {
            Objective::Score => numerator::evidence(i64::from(points)),
            Objective::Competency(of) if of == competency => i64::from(points),
            Objective::Competency(_) => 0,
        };
        if points > 0 {
            self.evidenced[competency.index()] = true;
        }
    }
}

/// Change of the score numerator caused by one mistake.
fn mistake_weight(c: &CompiledScenario, kind: MistakeKind, severity: Severity) -> i64 {
    numerator::mistake_of(&c.measured, kind, severity)
}

struct Explorer<'a> {
    c: &'a CompiledScenario,
    memo: HashMap<MeetingState, Slot>,
    reached_nodes: Vec<bool>,
    reached_endings: Vec<bool>,
    dead_ends: BTreeSet<u32>,
    loops: BTreeSet<u32>,
    sites: BTreeMap<MistakeKind, BTreeSet<String>>,
    evidenced: [bool; 12],
    offered: Vec<u32>,
    /// Most states to explore.
    budget: usize,
    /// Set once the budget ran out: every value from then on is unknown.
    exhausted: bool,
    /// What the best and worst paths are best and worst at.
    objective: Objective,
    /// What each tracked quantity can still tell apart at each node, computed when the analysis
    /// starts (only the analyzer merges states on it, so `check` and the game never pay for it).
    saturation: Saturation,
}

struct Frame {
    state: MeetingState,
    moves: Vec<(Move, i64, Succ)>,
    next: usize,
    best: Option<(i64, Move)>,
    worst: Option<(i64, Move)>,
}

enum Succ {
    Ending,
    State(MeetingState),
}

enum Lookup {
    Value(i64, i64),
    Nothing,
    Cycle(u32),
    Explore(MeetingState),
}

impl<'a> Explorer<'a> {
    fn new(c: &'a CompiledScenario) -> Self {
        Explorer {
            c,
            memo: HashMap::new(),
            reached_nodes: vec![false; c.nodes.len()],
            reached_endings: vec![false; c.source.endings.len()],
            dead_ends: BTreeSet::new(),
            loops: BTreeSet::new(),
            sites: BTreeMap::new(),
            evidenced: [false; 12],
            offered: Vec::new(),
            budget: DEFAULT_STATE_BUDGET,
            exhausted: false,
            objective: Objective::Score,
            saturation: Saturation::of(c),
        }
    }

    /// An empty tally of what the rules report, in this exploration's objective.
    fn weigh(&self) -> Weigh<'a> {
        Weigh {
            c: self.c,
            objective: self.objective,
            weight: 0,
            found: Vec::new(),
            evidenced: [false; 12],
        }
    }

    /// Drops what no condition reads, so equivalent states merge.
    fn canonical(&self, mut s: MeetingState) -> MeetingState {
        let o = &self.c.live[s.node as usize];
        for (i, f) in s.flags.iter_mut().enumerate() {
            if !o.flags[i] {
                *f = false;
            }
        }
        for (i, v) in s.vars.iter_mut().enumerate() {
            if !o.vars[i] {
                *v = 0;
            }
        }
        for (i, t) in s.trust.iter_mut().enumerate() {
            if !o.trust[i] {
                *t = 0;
            }
        }
        for (i, m) in s.mood.iter_mut().enumerate() {
            if !o.mood[i] {
                *m = 0;
            }
        }
        for (i, st) in s.studied.iter_mut().enumerate() {
            if !o.facts[i] {
                *st = false;
            }
        }
        if !o.lateness {
            s.late_minutes = 0;
        }
        // Values beyond what any condition ahead can still tell apart are one value (exact: see
        // `core::saturation`): counters that only grow, trust far above every threshold …
        let saturation = &self.saturation;
        for (k, q) in saturation.tracked.iter().enumerate() {
            let Some(bounds) = saturation.bounds(s.node, k) else {
                break;
            };
            let value = match *q {
                Quantity::Var(v) => &mut s.vars[v as usize],
                Quantity::Trust(p) => &mut s.trust[p as usize],
                Quantity::Mood(p) => &mut s.mood[p as usize],
            };
            *value = match bounds {
                Some((low, high)) => {
                    // The bounds may lie beyond the i32 range the engine keeps values in.
                    let within = |b: i64| b.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32;
                    (*value).clamp(within(low), within(high))
                }
                // Nothing ahead reads the value before setting it again.
                None => 0,
            };
        }
        s
    }

    fn record(&mut self, found: &[MistakeKind], at: &str) {
        for &k in found {
            self.sites.entry(k).or_default().insert(at.to_owned());
        }
    }

    fn absorb(&mut self, w: &Weigh<'_>) {
        for (i, e) in w.evidenced.iter().enumerate() {
            self.evidenced[i] |= e;
        }
    }

    /// Every preparation subset (of the facts that matter) × travel option × world.
    fn starts(&mut self, worlds: &[NamedWorld]) -> Vec<Start> {
        let c = self.c;
        let dossier = &c.source.preparation.dossier;
        let budget = c.source.preparation.budget_minutes;
        let observed: Vec<u32> = (0..dossier.len() as u32)
            .filter(|&i| c.observed.facts[i as usize])
            .collect();
        // Items no condition reads matter only through the minutes they take: keep one witness per sum.
        let mut extra: BTreeMap<u32, Vec<u32>> = BTreeMap::from([(0, Vec::new())]);
        for i in (0..dossier.len() as u32).filter(|i| !c.observed.facts[*i as usize]) {
            let minutes = dossier[i as usize].minutes;
            let current: Vec<(u32, Vec<u32>)> = extra.iter().map(|(k, v)| (*k, v.clone())).collect();
            for (sum, items) in current {
                if sum + minutes <= budget {
                    extra.entry(sum + minutes).or_insert_with(|| {
                        let mut with = items.clone();
                        with.push(i);
                        with
                    });
                }
            }
        }
        let mut subsets: Vec<(Vec<u32>, u32)> = vec![(Vec::new(), 0)];
        for &i in &observed {
            let minutes = dossier[i as usize].minutes;
            let grown: Vec<(Vec<u32>, u32)> = subsets
                .iter()
                .filter(|(_, used)| used + minutes <= budget)
                .map(|(set, used)| {
                    let mut with = set.clone();
                    with.push(i);
                    (with, used + minutes)
                })
                .collect();
            subsets.extend(grown);
        }
        let mut starts = Vec::new();
        for (wi, named) in worlds.iter().enumerate() {
            for (set, used) in &subsets {
                for (extra_minutes, extra_items) in extra.range(..=budget - used) {
                    let total = used + extra_minutes;
                    let mut studied_flags = vec![false; dossier.len()];
                    let mut studied: Vec<u32> = set.iter().chain(extra_items.iter()).copied().collect();
                    studied.sort_unstable();
                    for &i in &studied {
                        studied_flags[i as usize] = true;
                    }
                    for travel in 0..c.source.schedule.travel.len() as u32 {
                        let late = rules::minutes_late(c, &named.world, total, travel);
                        let mut w = self.weigh();
                        let mut state = rules::arrive(c, &named.world, studied_flags.clone(), late, &mut w);
                        self.record(&w.found, "arrival");
                        w.found.clear();
                        rules::enter(c, &mut state, Target::Node(c.start), &mut w);
                        let start_id = c.source.nodes[c.start as usize].id.clone();
                        self.record(&w.found, &start_id);
                        let state = self.canonical(state);
                        starts.push(Start {
                            world: wi,
                            studied: studied.clone(),
                            travel,
                            late,
                            weight: w.weight,
                            state,
                        });
                    }
                }
            }
        }
        starts
    }

    /// Every move from a state, with its weight and where it leads.
    fn moves(&mut self, state: &MeetingState) -> Vec<(Move, i64, Succ)> {
        let c = self.c;
        let node_index = state.node as usize;
        let node_id = c.source.nodes[node_index].id.clone();
        let mut offered = std::mem::take(&mut self.offered);
        rules::offered_options(c, state, &mut offered);
        let speaker_mood_observed = c.nodes[node_index].speaker.is_some_and(|p| c.observed.mood[p as usize]);
        let mut out = Vec::new();
        let mut candidates: Vec<Move> = Vec::new();
        for &option in &offered {
            for &timing in rules::possible_timings(c, state) {
                // Hesitating only changes the speaker's mood; it matters only where mood is read.
                if timing == Timing::Hesitant && !speaker_mood_observed {
                    continue;
                }
                candidates.push(Move::Choose { option, timing });
            }
        }
        self.offered = offered;
        if c.nodes[node_index].timer.is_some() {
            candidates.push(Move::Timeout);
        }
        for m in candidates {
            let mut next = state.clone();
            let mut w = self.weigh();
            let step = match m {
                Move::Choose { option, timing } => rules::choose(c, &mut next, option, timing, &mut w),
                Move::Timeout => match rules::time_out(c, &mut next, &mut w) {
                    Some(step) => step,
                    None => continue,
                },
            };
            self.record(&w.found, &node_id);
            w.found.clear();
            let ended = rules::enter(c, &mut next, step.next, &mut w);
            let entered_id = match step.next {
                Target::Node(n) => c.source.nodes[n as usize].id.clone(),
                Target::Ending(_) => node_id.clone(),
            };
            self.record(&w.found, &entered_id);
            self.absorb(&w);
            let succ = match ended {
                Some(e) => {
                    self.reached_endings[e as usize] = true;
                    if self.objective == Objective::Score {
                        w.weight += numerator::outcome(c.measured.len(), c.ending_value[e as usize]);
                    }
                    Succ::Ending
                }
                None => Succ::State(self.canonical(next)),
            };
            out.push((m, w.weight, succ));
        }
        out
    }

    /// Best and worst remaining weight from `root`, exploring iteratively (no recursion depth limit).
    /// A move back into a state still being explored closes a cycle: it is reported and left out.
    fn value(&mut self, root: &MeetingState) -> Option<Value> {
        if self.exhausted {
            return None;
        }
        if let Some(Slot::Done(v)) = self.memo.get(root) {
            return *v;
        }
        let mut stack: Vec<Frame> = Vec::new();
        self.push_frame(&mut stack, root.clone());
        while let Some(top) = stack.last() {
            if top.next == top.moves.len() {
                let Some(frame) = stack.pop() else { break };
                let value = match (frame.best, frame.worst) {
                    (Some(b), Some(w)) => Some(Value {
                        best: (b.0, Some(b.1)),
                        worst: (w.0, Some(w.1)),
                    }),
                    _ => None,
                };
                if frame.moves.is_empty() {
                    self.dead_ends.insert(frame.state.node);
                }
                self.memo.insert(frame.state, Slot::Done(value));
                continue;
            }
            let (m, weight, succ) = &top.moves[top.next];
            let (m, weight) = (*m, *weight);
            let lookup = match succ {
                Succ::Ending => Lookup::Value(0, 0),
                Succ::State(child) => match self.memo.get(child) {
                    Some(Slot::Done(Some(v))) => Lookup::Value(v.best.0, v.worst.0),
                    Some(Slot::Done(None)) => Lookup::Nothing,
                    Some(Slot::InProgress) => Lookup::Cycle(child.node),
                    None => Lookup::Explore(child.clone()),
                },
            };
            let (child_best, child_worst) = match lookup {
                Lookup::Explore(_) if self.memo.len() >= self.budget => {
                    self.exhausted = true;
                    return None;
                }
                Lookup::Explore(child) => {
                    self.push_frame(&mut stack, child);
                    continue;
                }
                Lookup::Cycle(node) => {
                    self.loops.insert(node);
                    (None, None)
                }
                Lookup::Nothing => (None, None),
                Lookup::Value(b, w) => (Some(b), Some(w)),
            };
            let Some(top) = stack.last_mut() else { break };
            top.next += 1;
            if let (Some(b), Some(w)) = (child_best, child_worst) {
                let (hi, lo) = (weight + b, weight + w);
                if top.best.is_none_or(|(best, _)| hi > best) {
                    top.best = Some((hi, m));
                }
                if top.worst.is_none_or(|(worst, _)| lo < worst) {
                    top.worst = Some((lo, m));
                }
            }
        }
        match self.memo.get(root) {
            Some(Slot::Done(v)) => *v,
            _ => None,
        }
    }

    fn push_frame(&mut self, stack: &mut Vec<Frame>, state: MeetingState) {
        self.reached_nodes[state.node as usize] = true;
        self.memo.insert(state.clone(), Slot::InProgress);
        let moves = self.moves(&state);
        stack.push(Frame {
            state,
            moves,
            next: 0,
            best: None,
            worst: None,
        });
    }

    /// Follows the recorded best (or worst) moves from a start to an ending.
    fn path(&mut self, worlds: &[NamedWorld], start: &Start, best: bool, score: u8) -> Path {
        let c = self.c;
        let s = &c.source;
        let mut state = start.state.clone();
        let mut moves = Vec::new();
        let mut raw_moves = Vec::new();
        let mut ending = String::new();
        let mut guard = 0;
        loop {
            guard += 1;
            let Some(Slot::Done(Some(v))) = self.memo.get(&state) else {
                break;
            };
            let Some(m) = (if best { v.best.1 } else { v.worst.1 }) else {
                break;
            };
            if guard > self.memo.len() + 1 {
                break;
            }
            let node = &s.nodes[state.node as usize];
            raw_moves.push((state.node, m));
            let mut w = self.weigh();
            let step = match m {
                Move::Choose { option, timing } => {
                    moves.push(PathMove {
                        node: node.id.clone(),
                        option: node.options[option as usize].id.clone(),
                        timing: timing.id(),
                    });
                    rules::choose(c, &mut state, option, timing, &mut w)
                }
                Move::Timeout => {
                    moves.push(PathMove {
                        node: node.id.clone(),
                        option: "(timer)".into(),
                        timing: "silent",
                    });
                    match rules::time_out(c, &mut state, &mut w) {
                        Some(step) => step,
                        None => break,
                    }
                }
            };
            match rules::enter(c, &mut state, step.next, &mut w) {
                Some(e) => {
                    ending = s.endings[e as usize].id.clone();
                    break;
                }
                None => state = self.canonical(state),
            }
        }
        Path {
            world: worlds[start.world].name.clone(),
            studied: start
                .studied
                .iter()
                .map(|&i| s.preparation.dossier[i as usize].id.clone())
                .collect(),
            travel: s.schedule.travel[start.travel as usize].id.clone(),
            minutes_late: start.late,
            moves,
            ending,
            score,
            raw: RawPath {
                world: start.world,
                studied: start.studied.clone(),
                travel: start.travel,
                moves: raw_moves,
            },
        }
    }

    fn report(self, worlds: &[NamedWorld], score: Option<ScoreRange>) -> Analysis {
        let c = self.c;
        let s = &c.source;
        let relied: BTreeSet<u32> = c.nodes.iter().flat_map(|n| n.relies_on.iter().copied()).collect();
        let mut mistakes_possible: Vec<MistakeKind> = self.sites.keys().copied().collect();
        mistakes_possible.sort();
        Analysis {
            scenario: s.id.clone(),
            worlds: worlds.iter().map(|w| w.name.clone()).collect(),
            endings: s
                .endings
                .iter()
                .enumerate()
                .map(|(i, e)| EndingReach {
                    id: e.id.clone(),
                    outcome: e.outcome.id(),
                    reachable: self.reached_endings[i],
                })
                .collect(),
            score,
            mistakes_possible: mistakes_possible.iter().map(|k| k.id()).collect(),
            mistakes: self
                .sites
                .iter()
                .map(|(k, at)| MistakeSites {
                    id: k.id(),
                    at: at.iter().cloned().collect(),
                })
                .collect(),
            competencies_measured: c.measured.iter().map(|m| m.id()).collect(),
            competencies_evidenced: Competency::ALL
                .iter()
                .filter(|m| self.evidenced[m.index()])
                .map(|m| m.id())
                .collect(),
            facts_relied_on: relied
                .iter()
                .map(|&f| s.preparation.dossier[f as usize].id.clone())
                .collect(),
            unreachable_nodes: s
                .nodes
                .iter()
                .enumerate()
                .filter(|(i, _)| !self.reached_nodes[*i])
                .map(|(_, n)| n.id.clone())
                .collect(),
            dead_ends: self.dead_ends.iter().map(|&n| s.nodes[n as usize].id.clone()).collect(),
            endless_loops: self.loops.iter().map(|&n| s.nodes[n as usize].id.clone()).collect(),
            states: self.memo.len(),
            budget_exceeded: self.exhausted.then(|| StateBudget {
                limit: self.budget,
                multipliers: self.multipliers(),
            }),
            random: None,
        }
    }

    /// The parts of the state that took many values in the states explored, most first.
    fn multipliers(&self) -> Vec<StateMultiplier> {
        let s = &self.c.source;
        let mut vars: Vec<BTreeSet<i32>> = vec![BTreeSet::new(); s.variables.len()];
        let mut flags: Vec<[bool; 2]> = vec![[false; 2]; self.c.flags.len()];
        let mut trust: Vec<BTreeSet<i32>> = vec![BTreeSet::new(); s.stakeholders.len()];
        let mut mood: Vec<BTreeSet<i32>> = vec![BTreeSet::new(); s.stakeholders.len()];
        let mut studied: BTreeSet<&[bool]> = BTreeSet::new();
        let mut prices: BTreeSet<i64> = BTreeSet::new();
        for state in self.memo.keys() {
            for (i, v) in state.vars.iter().enumerate() {
                if let Some(set) = vars.get_mut(i) {
                    set.insert(*v);
                }
            }
            for (i, f) in state.flags.iter().enumerate() {
                if let Some(seen) = flags.get_mut(i) {
                    seen[usize::from(*f)] = true;
                }
            }
            for (i, v) in state.trust.iter().enumerate() {
                trust[i].insert(*v);
            }
            for (i, v) in state.mood.iter().enumerate() {
                mood[i].insert(*v);
            }
            studied.insert(state.studied.as_slice());
            if let Some(d) = &state.deal {
                prices.insert(d.price_cents);
            }
        }
        let mut out: Vec<StateMultiplier> = Vec::new();
        let mut add = |kind: &'static str, id: String, declared_at: String, values: usize| {
            if values > 1 {
                out.push(StateMultiplier {
                    kind,
                    id,
                    declared_at,
                    values,
                });
            }
        };
        for (i, set) in vars.iter().enumerate() {
            add(
                "variable",
                s.variables[i].id.clone(),
                format!("variables[{i}].id"),
                set.len(),
            );
        }
        let mut set_flags: Vec<String> = Vec::new();
        for (i, seen) in flags.iter().enumerate() {
            if seen[0] && seen[1] {
                set_flags.push(self.c.flags[i].clone());
            }
        }
        for (i, p) in s.stakeholders.iter().enumerate() {
            add(
                "trust of",
                p.id.clone(),
                format!("stakeholders[{i}].trust"),
                trust[i].len(),
            );
            add(
                "mood of",
                p.id.clone(),
                format!("stakeholders[{i}].mood"),
                mood[i].len(),
            );
        }
        add(
            "studied items",
            String::new(),
            "preparation.dossier".into(),
            studied.len(),
        );
        add("price", String::new(), "deal".into(), prices.len());
        if !set_flags.is_empty() {
            let n = set_flags.len();
            add(
                "flags",
                set_flags.join("`, `"),
                String::new(),
                1usize.checked_shl(n.min(63) as u32).unwrap_or(usize::MAX),
            );
        }
        out.sort_by(|a, b| b.values.cmp(&a.values).then_with(|| a.id.cmp(&b.id)));
        out.truncate(6);
        out
    }
}
