//! Turns a validated [`Scenario`] into the indexed form the engine and the analyzer run on.
//!
//! Ids become indices, prices become integer cents, durations become milliseconds: the engine then
//! does no string lookups and no floating-point arithmetic, which keeps it fast and its results
//! byte-identical across machines.

use std::collections::HashMap;

use fixedbitset::FixedBitSet;

use super::model::{Condition, DossierCategory, Effect, Scenario};
use super::vocab::{Competency, Explanation, MistakeKind, Severity};

/// Where an option or timer leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// A node, by index.
    Node(u32),
    /// An ending, by index.
    Ending(u32),
}

/// A scenario ready to be played.
#[derive(Debug, Clone)]
pub struct CompiledScenario {
    /// The authored scenario, for its texts and ids.
    pub source: Scenario,
    /// Nodes, in file order.
    pub nodes: Vec<CNode>,
    /// Index of the first node.
    pub start: u32,
    /// Per dossier item: which mistake a gap in it causes.
    pub fact_gap: Vec<MistakeKind>,
    /// Per stakeholder: patience in milliseconds.
    pub patience_ms: Vec<u64>,
    /// Names of the flags, by index.
    pub flags: Vec<String>,
    /// Starting value of each variable.
    pub var_start: Vec<i32>,
    /// The deal in cents, if any.
    pub deal: Option<CDeal>,
    /// Outcome value of each ending.
    pub ending_value: Vec<u8>,
    /// Competencies the scenario measures, in [`Competency::ALL`] order.
    pub measured: Vec<Competency>,
    /// What the conversation's conditions can observe (used by the analyzer to merge states).
    pub observed: Observed,
    /// Per node: what the conditions of that node and of every node reachable from it can observe.
    /// Anything else cannot change the rest of the meeting, so the analyzer merges states on it.
    pub live: Vec<Observed>,
    coaching: HashMap<MistakeKind, Explanation>,
}

/// Deal terms in integer units.
#[derive(Debug, Clone, Copy)]
pub struct CDeal {
    /// List price in cents.
    pub list_cents: i64,
    /// Floor price in cents.
    pub floor_cents: i64,
    /// Opening price in cents.
    pub opening_cents: i64,
    /// Opening payment terms.
    pub payment_days: u32,
    /// Opening yearly volume.
    pub volume: u32,
    /// Opening contract length.
    pub term_months: u32,
}

/// Which parts of the state some condition reads.
#[derive(Debug, Clone, Default)]
pub struct Observed {
    /// Per flag.
    pub flags: FixedBitSet,
    /// Per variable.
    pub vars: FixedBitSet,
    /// Per stakeholder.
    pub trust: FixedBitSet,
    /// Per stakeholder.
    pub mood: FixedBitSet,
    /// Per dossier item (conditions or `relies_on`).
    pub facts: FixedBitSet,
    /// Whether lateness minutes are read.
    pub lateness: bool,
}

/// A compiled node.
#[derive(Debug, Clone)]
pub struct CNode {
    /// Speaking stakeholder, if any.
    pub speaker: Option<u32>,
    /// How long the line takes to say.
    pub speak_ms: u64,
    /// Dossier items this moment relies on.
    pub relies_on: Vec<u32>,
    /// Options, in file order.
    pub options: Vec<COption>,
    /// The timer, if any.
    pub timer: Option<CTimer>,
}

/// A compiled option.
#[derive(Debug, Clone)]
pub struct COption {
    /// All must hold.
    pub when: Vec<CCond>,
    /// Dossier items the option asks the client for.
    pub asks_for: Vec<u32>,
    /// Effects in order.
    pub effects: Vec<CEffect>,
    /// Where it leads.
    pub next: Target,
}

/// A compiled timer.
#[derive(Debug, Clone)]
pub struct CTimer {
    /// Milliseconds after the end of the line.
    pub ms: u64,
    /// Effects of the silence.
    pub effects: Vec<CEffect>,
    /// Where it leads.
    pub next: Target,
}

/// A compiled condition.
#[derive(Debug, Clone)]
#[allow(missing_docs, reason = "mirrors model::Condition one to one")]
pub enum CCond {
    Studied(u32),
    NotStudied(u32),
    Flag(u32),
    NotFlag(u32),
    VarAtLeast(u32, i32),
    VarBelow(u32, i32),
    TrustAtLeast(u32, i32),
    TrustBelow(u32, i32),
    MoodAtLeast(u32, i32),
    MoodBelow(u32, i32),
    PriceAtLeast(i64),
    PriceBelow(i64),
    Late,
    OnTime,
    LateByAtLeast(u32),
    Any(Vec<CCond>),
    All(Vec<CCond>),
    Not(Box<CCond>),
}

/// A compiled effect.
#[derive(Debug, Clone)]
#[allow(missing_docs, reason = "mirrors model::Effect one to one")]
pub enum CEffect {
    Evidence(Competency, i32),
    Mistake(MistakeKind, Severity),
    Trust(u32, i32),
    Mood(u32, i32),
    SetFlag(u32),
    ClearFlag(u32),
    AddVar(u32, i32),
    SetVar(u32, i32),
    SetPrice(i64),
    /// Discount in basis points (1 % = 100).
    DiscountBasisPoints(i64),
    SetPaymentDays(u32),
    SetVolume(u32),
    SetTermMonths(u32),
    Secure,
    SpendMs(u64),
}

/// Converts an amount to integer cents, rounding half away from zero.
pub fn to_cents(amount: f64) -> i64 {
    (amount * 100.0).round() as i64
}

/// Converts seconds to integer milliseconds, rounding.
pub fn to_ms(seconds: f64) -> u64 {
    (seconds.max(0.0) * 1000.0).round() as u64
}

/// Default speaking time of a line: words ÷ 2.5 seconds, at least 2 seconds.
pub fn default_speak_ms(text: &str) -> u64 {
    let words = text.split_whitespace().count() as u64;
    (words * 400).max(2000)
}

/// Why compilation failed: a reference validation should have caught.
#[derive(Debug, thiserror::Error)]
#[error("internal error: {0} was not resolved (please report this scenario)")]
pub struct CompileError(String);

struct Ids<'a> {
    stakeholders: HashMap<&'a str, u32>,
    facts: HashMap<&'a str, u32>,
    vars: HashMap<&'a str, u32>,
    targets: HashMap<&'a str, Target>,
    flags: HashMap<String, u32>,
}

fn index<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, u32> {
    let mut map = HashMap::new();
    for (i, id) in ids.enumerate() {
        map.entry(id).or_insert(i as u32);
    }
    map
}

impl Ids<'_> {
    fn get(map: &HashMap<&str, u32>, id: &str, what: &str) -> Result<u32, CompileError> {
        map.get(id)
            .copied()
            .ok_or_else(|| CompileError(format!("{what} `{id}`")))
    }
    fn target(&self, id: &str) -> Result<Target, CompileError> {
        self.targets
            .get(id)
            .copied()
            .ok_or_else(|| CompileError(format!("target `{id}`")))
    }
    fn flag(&mut self, name: &str) -> u32 {
        let next = self.flags.len() as u32;
        *self.flags.entry(name.to_owned()).or_insert(next)
    }
}

/// Compiles a scenario that passed validation without errors.
pub fn compile(source: Scenario) -> Result<CompiledScenario, CompileError> {
    let s = &source;
    let mut targets: HashMap<&str, Target> = HashMap::new();
    for (i, n) in s.nodes.iter().enumerate() {
        targets.entry(n.id.as_str()).or_insert(Target::Node(i as u32));
    }
    for (i, e) in s.endings.iter().enumerate() {
        targets.entry(e.id.as_str()).or_insert(Target::Ending(i as u32));
    }
    let mut ids = Ids {
        stakeholders: index(s.stakeholders.iter().map(|p| p.id.as_str())),
        facts: index(s.preparation.dossier.iter().map(|d| d.id.as_str())),
        vars: index(s.variables.iter().map(|v| v.id.as_str())),
        targets,
        flags: HashMap::new(),
    };
    let mut nodes = Vec::with_capacity(s.nodes.len());
    for node in &s.nodes {
        let speaker = node
            .speaker
            .as_deref()
            .map(|p| Ids::get(&ids.stakeholders, p, "stakeholder"))
            .transpose()?;
        let relies_on = node
            .relies_on
            .iter()
            .map(|f| Ids::get(&ids.facts, f, "dossier item"))
            .collect::<Result<_, _>>()?;
        let mut options = Vec::with_capacity(node.options.len());
        for o in &node.options {
            options.push(COption {
                when: o.when.iter().map(|c| cond(&mut ids, c)).collect::<Result<_, _>>()?,
                asks_for: o
                    .asks_for
                    .iter()
                    .map(|f| Ids::get(&ids.facts, f, "dossier item"))
                    .collect::<Result<_, _>>()?,
                effects: effects(&mut ids, &o.effects)?,
                next: ids.target(&o.next)?,
            });
        }
        let timer = match &node.timer {
            Some(t) => Some(CTimer {
                ms: to_ms(t.seconds),
                effects: effects(&mut ids, &t.effects)?,
                next: ids.target(&t.next)?,
            }),
            None => None,
        };
        nodes.push(CNode {
            speaker,
            speak_ms: node.seconds.map_or_else(|| default_speak_ms(&node.text), to_ms),
            relies_on,
            options,
            timer,
        });
    }
    let start = match ids.target(&s.start)? {
        Target::Node(i) => i,
        Target::Ending(_) => return Err(CompileError("start node".into())),
    };
    let mut flags = vec![String::new(); ids.flags.len()];
    for (name, &i) in &ids.flags {
        flags[i as usize] = name.clone();
    }
    let deal = s.deal.as_ref().map(|d| CDeal {
        list_cents: to_cents(d.list_price),
        floor_cents: to_cents(d.floor_price),
        opening_cents: to_cents(d.opening_price.unwrap_or(d.list_price)),
        payment_days: d.payment_days,
        volume: d.volume,
        term_months: d.term_months,
    });
    let fact_gap = s
        .preparation
        .dossier
        .iter()
        .map(|d| match d.category {
            DossierCategory::Client | DossierCategory::People => MistakeKind::LackOfClientInformation,
            DossierCategory::Deal | DossierCategory::Product | DossierCategory::Plan => {
                MistakeKind::InsufficientPreparation
            }
        })
        .collect();
    let mut compiled = CompiledScenario {
        nodes,
        start,
        fact_gap,
        patience_ms: s
            .stakeholders
            .iter()
            .map(|p| u64::from(p.patience_seconds) * 1000)
            .collect(),
        flags,
        var_start: s.variables.iter().map(|v| v.start).collect(),
        deal,
        ending_value: s
            .endings
            .iter()
            .map(|e| e.value.unwrap_or_else(|| e.outcome.default_value()).min(100))
            .collect(),
        measured: Vec::new(),
        observed: Observed::default(),
        live: Vec::new(),
        coaching: s.coaching.iter().map(|c| (c.mistake, c.explanation.clone())).collect(),
        source,
    };
    compiled.measured = measured_competencies(&compiled);
    compiled.observed = observed(&compiled);
    compiled.live = live(&compiled);
    Ok(compiled)
}

fn cond(ids: &mut Ids<'_>, c: &Condition) -> Result<CCond, CompileError> {
    let fact = |ids: &Ids<'_>, f: &str| Ids::get(&ids.facts, f, "dossier item");
    let person = |ids: &Ids<'_>, p: &str| Ids::get(&ids.stakeholders, p, "stakeholder");
    let var = |ids: &Ids<'_>, v: &str| Ids::get(&ids.vars, v, "variable");
    Ok(match c {
        Condition::Studied(f) => CCond::Studied(fact(ids, f)?),
        Condition::NotStudied(f) => CCond::NotStudied(fact(ids, f)?),
        Condition::Flag(f) => CCond::Flag(ids.flag(f)),
        Condition::NotFlag(f) => CCond::NotFlag(ids.flag(f)),
        Condition::VarAtLeast(v, n) => CCond::VarAtLeast(var(ids, v)?, *n),
        Condition::VarBelow(v, n) => CCond::VarBelow(var(ids, v)?, *n),
        Condition::TrustAtLeast(p, n) => CCond::TrustAtLeast(person(ids, p)?, *n),
        Condition::TrustBelow(p, n) => CCond::TrustBelow(person(ids, p)?, *n),
        Condition::MoodAtLeast(p, n) => CCond::MoodAtLeast(person(ids, p)?, *n),
        Condition::MoodBelow(p, n) => CCond::MoodBelow(person(ids, p)?, *n),
        Condition::PriceAtLeast(x) => CCond::PriceAtLeast(to_cents(*x)),
        Condition::PriceBelow(x) => CCond::PriceBelow(to_cents(*x)),
        Condition::Late => CCond::Late,
        Condition::OnTime => CCond::OnTime,
        Condition::LateByAtLeast(m) => CCond::LateByAtLeast(*m),
        Condition::Any(list) => CCond::Any(list.iter().map(|c| cond(ids, c)).collect::<Result<_, _>>()?),
        Condition::All(list) => CCond::All(list.iter().map(|c| cond(ids, c)).collect::<Result<_, _>>()?),
        Condition::Not(inner) => CCond::Not(Box::new(cond(ids, inner)?)),
    })
}

fn effects(ids: &mut Ids<'_>, list: &[Effect]) -> Result<Vec<CEffect>, CompileError> {
    list.iter()
        .map(|e| {
            let person = |ids: &Ids<'_>, p: &str| Ids::get(&ids.stakeholders, p, "stakeholder");
            let var = |ids: &Ids<'_>, v: &str| Ids::get(&ids.vars, v, "variable");
            Ok(match e {
                Effect::Evidence(c, n) => CEffect::Evidence(*c, *n),
                Effect::Mistake(k, s) => CEffect::Mistake(*k, *s),
                Effect::Trust(p, n) => CEffect::Trust(person(ids, p)?, *n),
                Effect::Mood(p, n) => CEffect::Mood(person(ids, p)?, *n),
                Effect::SetFlag(f) => CEffect::SetFlag(ids.flag(f)),
                Effect::ClearFlag(f) => CEffect::ClearFlag(ids.flag(f)),
                Effect::AddVar(v, n) => CEffect::AddVar(var(ids, v)?, *n),
                Effect::SetVar(v, n) => CEffect::SetVar(var(ids, v)?, *n),
                Effect::SetPrice(p) => CEffect::SetPrice(to_cents(*p)),
                Effect::DiscountPercent(p) => CEffect::DiscountBasisPoints((p * 100.0).round() as i64),
                Effect::SetPaymentDays(d) => CEffect::SetPaymentDays(*d),
                Effect::SetVolume(v) => CEffect::SetVolume(*v),
                Effect::SetTermMonths(m) => CEffect::SetTermMonths(*m),
                Effect::Secure(_) => CEffect::Secure,
                Effect::Spend(secs) => CEffect::SpendMs(to_ms(*secs)),
            })
        })
        .collect()
}

/// Competencies a scenario measures: those it declares and those it gives evidence for. A mistake
/// counts against its competencies only where they are measured, so a player is never shown a gap
/// in a competency the scenario gave no chance to demonstrate.
fn measured_competencies(c: &CompiledScenario) -> Vec<Competency> {
    let mut measured = [false; 12];
    for comp in &c.source.competencies {
        measured[comp.index()] = true;
    }
    for node in &c.nodes {
        let timer_effects = node.timer.iter().flat_map(|t| t.effects.iter());
        for e in node.options.iter().flat_map(|o| o.effects.iter()).chain(timer_effects) {
            if let CEffect::Evidence(comp, _) = e {
                measured[comp.index()] = true;
            }
        }
    }
    Competency::ALL
        .into_iter()
        .filter(|comp| measured[comp.index()])
        .collect()
}

impl Observed {
    fn none(c: &CompiledScenario) -> Observed {
        let people = c.source.stakeholders.len();
        Observed {
            flags: FixedBitSet::with_capacity(c.flags.len()),
            vars: FixedBitSet::with_capacity(c.var_start.len()),
            trust: FixedBitSet::with_capacity(people),
            mood: FixedBitSet::with_capacity(people),
            facts: FixedBitSet::with_capacity(c.fact_gap.len()),
            lateness: false,
        }
    }

    /// Adds what `other` observes; true when something was added.
    fn absorb(&mut self, other: &Observed) -> bool {
        fn or(into: &mut FixedBitSet, from: &FixedBitSet) -> bool {
            if from.is_subset(into) {
                return false;
            }
            into.union_with(from);
            true
        }
        let mut changed = or(&mut self.flags, &other.flags);
        changed |= or(&mut self.vars, &other.vars);
        changed |= or(&mut self.trust, &other.trust);
        changed |= or(&mut self.mood, &other.mood);
        changed |= or(&mut self.facts, &other.facts);
        if other.lateness && !self.lateness {
            self.lateness = true;
            changed = true;
        }
        changed
    }
}

/// What one node reads: its options' conditions and the facts it relies on.
fn reads(c: &CompiledScenario, node: &CNode) -> Observed {
    let mut o = Observed::none(c);
    for &f in &node.relies_on {
        o.facts.insert(f as usize);
    }
    for option in &node.options {
        option.when.iter().for_each(|cond| visit(cond, &mut o));
    }
    o
}

/// Backward liveness over the conversation graph, to a fixpoint (the graph may have cycles).
fn live(c: &CompiledScenario) -> Vec<Observed> {
    let mut live: Vec<Observed> = c.nodes.iter().map(|n| reads(c, n)).collect();
    let successors: Vec<Vec<u32>> = c
        .nodes
        .iter()
        .map(|n| {
            n.options
                .iter()
                .map(|o| o.next)
                .chain(n.timer.as_ref().map(|t| t.next))
                .filter_map(|t| match t {
                    Target::Node(i) => Some(i),
                    Target::Ending(_) => None,
                })
                .collect()
        })
        .collect();
    // Conversations mostly flow forward, so visiting nodes from the last to the first carries what
    // later nodes read back in one pass; a cycle needs another pass. No node's sets are copied: a
    // node absorbs from a successor through a split borrow (10,000 stakeholders in a 10,000-node
    // chain took 8 s and copied 400 MB per pass in a debug build before).
    let mut changed = true;
    while changed {
        changed = false;
        for (n, next) in successors.iter().enumerate().rev() {
            for &m in next {
                let m = m as usize;
                if m == n {
                    continue;
                }
                let (into, from) = if n < m {
                    let (low, high) = live.split_at_mut(m);
                    (&mut low[n], &high[0])
                } else {
                    let (low, high) = live.split_at_mut(n);
                    (&mut high[0], &low[m])
                };
                changed |= into.absorb(from);
            }
        }
    }
    live
}

fn visit(cond: &CCond, o: &mut Observed) {
    match cond {
        CCond::Studied(f) | CCond::NotStudied(f) => o.facts.insert(*f as usize),
        CCond::Flag(f) | CCond::NotFlag(f) => o.flags.insert(*f as usize),
        CCond::VarAtLeast(v, _) | CCond::VarBelow(v, _) => o.vars.insert(*v as usize),
        CCond::TrustAtLeast(p, _) | CCond::TrustBelow(p, _) => o.trust.insert(*p as usize),
        CCond::MoodAtLeast(p, _) | CCond::MoodBelow(p, _) => o.mood.insert(*p as usize),
        CCond::Late | CCond::OnTime | CCond::LateByAtLeast(_) => o.lateness = true,
        CCond::PriceAtLeast(_) | CCond::PriceBelow(_) => {}
        CCond::Any(list) | CCond::All(list) => list.iter().for_each(|c| visit(c, o)),
        CCond::Not(inner) => visit(inner, o),
    }
}

fn observed(c: &CompiledScenario) -> Observed {
    let mut o = Observed::none(c);
    for node in &c.nodes {
        o.absorb(&reads(c, node));
    }
    o
}

impl CompiledScenario {
    /// The coaching text for a mistake: the option's own, else the scenario's, else the built-in one.
    pub fn explanation(&self, kind: MistakeKind, own: Option<&Explanation>) -> Explanation {
        self.explanation_if_written(kind, own)
            .unwrap_or_else(|| kind.default_explanation())
    }

    /// The coaching the scenario writes for a mistake: the option's own, else the scenario's.
    pub fn explanation_if_written(&self, kind: MistakeKind, own: Option<&Explanation>) -> Option<Explanation> {
        own.cloned().or_else(|| self.coaching.get(&kind).cloned())
    }

    /// Takes the scenario-wide coaching texts again from `source` (after its texts were translated).
    pub fn refresh_coaching(&mut self) {
        self.coaching = self
            .source
            .coaching
            .iter()
            .map(|c| (c.mistake, c.explanation.clone()))
            .collect();
    }

    /// Number of stakeholders.
    pub fn people(&self) -> usize {
        self.source.stakeholders.len()
    }

    /// The id of a node or ending.
    pub fn target_id(&self, t: Target) -> &str {
        match t {
            Target::Node(i) => &self.source.nodes[i as usize].id,
            Target::Ending(i) => &self.source.endings[i as usize].id,
        }
    }
}
