//! The game rules as pure functions over a [`MeetingState`].
//!
//! The engine (real time, one playthrough) and the analyzer (every playthrough at once) both call
//! these functions, so what the analyzer predicts is exactly what the engine does. Mistakes and
//! evidence are reported to a [`Sink`]; each caller decides what to record.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::compile::{CCond, CEffect, CompiledScenario, Target};
use super::vocab::{Competency, MistakeKind, Severity};

/// Trust a stakeholder loses when interrupted.
pub const INTERRUPTION_TRUST_COST: i32 = 5;
/// Mood a stakeholder loses when the player stays silent beyond their patience.
pub const HESITATION_MOOD_COST: i32 = 5;
/// Most mood each stakeholder loses when the player arrives late (one point per minute).
pub const LATE_MOOD_COST_CAP: u32 = 20;
/// Lateness up to this many minutes is major; beyond it, critical.
pub const LATENESS_MAJOR_UP_TO: u32 = 5;

/// The random draws of one session: starting trust and mood, and each route's delay.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct World {
    /// Starting trust per stakeholder.
    pub trust: Vec<i32>,
    /// Starting mood per stakeholder.
    pub mood: Vec<i32>,
    /// Delay in minutes per travel option.
    pub delay: Vec<u32>,
}

impl World {
    /// Draws a world from a seed. Order of draws: each stakeholder's trust then mood, then each
    /// travel option's delay — so a seed means the same situation however the player plays.
    pub fn from_seed(s: &CompiledScenario, seed: u64) -> World {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut trust = Vec::with_capacity(s.people());
        let mut mood = Vec::with_capacity(s.people());
        for p in &s.source.stakeholders {
            trust.push(rng.random_range(p.trust.0..=p.trust.1.max(p.trust.0)));
            mood.push(rng.random_range(p.mood.0..=p.mood.1.max(p.mood.0)));
        }
        let delay = s
            .source
            .schedule
            .travel
            .iter()
            .map(|t| rng.random_range(t.delay.0..=t.delay.1.max(t.delay.0)).max(0) as u32)
            .collect();
        World { trust, mood, delay }
    }

    /// Every draw at the low end of its range.
    pub fn low(s: &CompiledScenario) -> World {
        Self::extreme(s, |r| r.0)
    }

    /// Every draw at the high end of its range.
    pub fn high(s: &CompiledScenario) -> World {
        Self::extreme(s, |r| r.1)
    }

    fn extreme(s: &CompiledScenario, pick: impl Fn(&super::model::Range) -> i32) -> World {
        World {
            trust: s.source.stakeholders.iter().map(|p| pick(&p.trust)).collect(),
            mood: s.source.stakeholders.iter().map(|p| pick(&p.mood)).collect(),
            delay: s
                .source
                .schedule
                .travel
                .iter()
                .map(|t| pick(&t.delay).max(0) as u32)
                .collect(),
        }
    }
}

/// Deal terms as they stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DealState {
    /// Price per unit in cents.
    pub price_cents: i64,
    /// Payment terms in days.
    pub payment_days: u32,
    /// Yearly volume.
    pub volume: u32,
    /// Contract length in months.
    pub term_months: u32,
}

impl DealState {
    /// True if `after` is worse for the supplier than `self` in any term.
    fn conceded_in(&self, after: &DealState) -> bool {
        after.price_cents < self.price_cents
            || after.payment_days > self.payment_days
            || after.volume < self.volume
            || after.term_months < self.term_months
    }

    /// True if `after` is better for the supplier than `self` in any term.
    fn gained_in(&self, after: &DealState) -> bool {
        after.price_cents > self.price_cents
            || after.payment_days < self.payment_days
            || after.volume > self.volume
            || after.term_months > self.term_months
    }
}

/// Everything about a meeting in progress that can influence what happens next.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MeetingState {
    /// Current node.
    pub node: u32,
    /// Flags by index.
    pub flags: Vec<bool>,
    /// Variables by index.
    pub vars: Vec<i32>,
    /// Trust per stakeholder, 0–100.
    pub trust: Vec<i32>,
    /// Mood per stakeholder, 0–100.
    pub mood: Vec<i32>,
    /// Studied dossier items.
    pub studied: Vec<bool>,
    /// Deal terms, if the scenario has a deal.
    pub deal: Option<DealState>,
    /// Minutes late on arrival.
    pub late_minutes: u32,
    /// Interruptions so far, counted up to 2 (only "none", "one", "more" matter).
    pub interruptions: u8,
}

/// Why the engine flagged a mistake (tagged ones come from the scenario file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// Arrived late by this many minutes.
    Arrival(u32),
    /// Spoke during a stakeholder's line.
    Interrupted,
    /// Reached a moment relying on this unstudied dossier item.
    Gap(u32),
    /// Asked the client for this dossier item.
    AskedFor(u32),
    /// Tagged by the scenario author.
    Tagged,
    /// Conceded deal terms without anything in return.
    Concession,
    /// Closed the deal below the floor price.
    BelowFloor,
}

/// Receives what a rule finds.
pub trait Sink {
    /// A mistake occurred.
    fn mistake(&mut self, kind: MistakeKind, severity: Severity, cause: Cause);
    /// Evidence for or against a competency.
    fn evidence(&mut self, competency: Competency, points: i32);
}

/// When the player answered relative to the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum Timing {
    /// After the line ended, within the speaker's patience.
    Prompt,
    /// While the line was still being spoken.
    Interrupting,
    /// After the speaker's patience ran out.
    Hesitant,
}

impl Timing {
    /// The snake_case identifier, as result transcripts write it.
    pub fn id(self) -> &'static str {
        self.into()
    }
}

/// How the conversation goes on after a choice or a timeout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// Where it goes.
    pub next: Target,
    /// Extra milliseconds spent before the next line starts.
    pub spend_ms: u64,
}

/// In-game clock time (minutes after midnight) of arrival, given study minutes used and the route.
pub fn arrival_clock(s: &CompiledScenario, world: &World, used_minutes: u32, travel: u32) -> u32 {
    let t = &s.source.schedule.travel[travel as usize];
    s.source
        .preparation
        .starts_at
        .0
        .saturating_add(used_minutes)
        .saturating_add(t.minutes)
        .saturating_add(world.delay[travel as usize])
}

/// Minutes late on arrival, given study minutes used and the route taken.
pub fn minutes_late(s: &CompiledScenario, world: &World, used_minutes: u32, travel: u32) -> u32 {
    arrival_clock(s, world, used_minutes, travel).saturating_sub(s.source.schedule.meeting_at.0)
}

/// The state when the player walks into the meeting; reports lateness and cools the room.
pub fn arrive(
    s: &CompiledScenario,
    world: &World,
    studied: Vec<bool>,
    late_minutes: u32,
    sink: &mut impl Sink,
) -> MeetingState {
    let mut state = MeetingState {
        node: s.start,
        flags: vec![false; s.flags.len()],
        vars: s.var_start.clone(),
        trust: world.trust.clone(),
        mood: world.mood.clone(),
        studied,
        deal: s.deal.map(|d| DealState {
            price_cents: d.opening_cents,
            payment_days: d.payment_days,
            volume: d.volume,
            term_months: d.term_months,
        }),
        late_minutes,
        interruptions: 0,
    };
    if late_minutes > 0 {
        let severity = if late_minutes <= LATENESS_MAJOR_UP_TO {
            Severity::Major
        } else {
            Severity::Critical
        };
        sink.mistake(MistakeKind::Lateness, severity, Cause::Arrival(late_minutes));
        let cost = late_minutes.min(LATE_MOOD_COST_CAP) as i32;
        for m in &mut state.mood {
            *m = (*m - cost).clamp(0, 100);
        }
    }
    state
}

/// Whether a condition holds.
pub fn holds(state: &MeetingState, c: &CCond) -> bool {
    match c {
        CCond::Studied(f) => state.studied[*f as usize],
        CCond::NotStudied(f) => !state.studied[*f as usize],
        CCond::Flag(f) => state.flags[*f as usize],
        CCond::NotFlag(f) => !state.flags[*f as usize],
        CCond::VarAtLeast(v, n) => state.vars[*v as usize] >= *n,
        CCond::VarBelow(v, n) => state.vars[*v as usize] < *n,
        CCond::TrustAtLeast(p, n) => state.trust[*p as usize] >= *n,
        CCond::TrustBelow(p, n) => state.trust[*p as usize] < *n,
        CCond::MoodAtLeast(p, n) => state.mood[*p as usize] >= *n,
        CCond::MoodBelow(p, n) => state.mood[*p as usize] < *n,
        CCond::PriceAtLeast(x) => state.deal.is_some_and(|d| d.price_cents >= *x),
        CCond::PriceBelow(x) => state.deal.is_some_and(|d| d.price_cents < *x),
        CCond::Late => state.late_minutes > 0,
        CCond::OnTime => state.late_minutes == 0,
        CCond::LateByAtLeast(m) => state.late_minutes >= *m,
        CCond::Any(list) => list.iter().any(|c| holds(state, c)),
        CCond::All(list) => list.iter().all(|c| holds(state, c)),
        CCond::Not(inner) => !holds(state, inner),
    }
}

/// Indices of the options offered at the current node, appended to `out` (cleared first).
pub fn offered_options(s: &CompiledScenario, state: &MeetingState, out: &mut Vec<u32>) {
    out.clear();
    let node = &s.nodes[state.node as usize];
    for (i, o) in node.options.iter().enumerate() {
        if o.when.iter().all(|c| holds(state, c)) {
            out.push(i as u32);
        }
    }
}

/// The timings a player can choose at the current node.
pub fn possible_timings(s: &CompiledScenario, state: &MeetingState) -> &'static [Timing] {
    let node = &s.nodes[state.node as usize];
    let Some(speaker) = node.speaker else {
        return &[Timing::Prompt];
    };
    let patience = s.patience_ms[speaker as usize];
    // The timer must leave a window after the patience runs out, or silence is a timeout instead.
    let can_hesitate = node.timer.as_ref().is_none_or(|t| t.ms > patience + 2);
    match (node.speak_ms > 0, can_hesitate) {
        (true, true) => &[Timing::Prompt, Timing::Interrupting, Timing::Hesitant],
        (true, false) => &[Timing::Prompt, Timing::Interrupting],
        (false, true) => &[Timing::Prompt, Timing::Hesitant],
        (false, false) => &[Timing::Prompt],
    }
}

/// Moves to `target`: a node's reliance on unstudied facts is a mistake; at an ending a deal below
/// the floor is. Returns the ending index when the meeting is over.
pub fn enter(s: &CompiledScenario, state: &mut MeetingState, target: Target, sink: &mut impl Sink) -> Option<u32> {
    match target {
        Target::Node(n) => {
            state.node = n;
            for &f in &s.nodes[n as usize].relies_on {
                if !state.studied[f as usize] {
                    let kind = s.fact_gap[f as usize];
                    let severity = if kind == MistakeKind::LackOfClientInformation {
                        Severity::Critical
                    } else {
                        Severity::Major
                    };
                    sink.mistake(kind, severity, Cause::Gap(f));
                }
            }
            None
        }
        Target::Ending(e) => {
            let closes = s.source.endings[e as usize].outcome.closes_deal();
            if let (true, Some(deal), Some(terms)) = (closes, state.deal, s.deal)
                && deal.price_cents < terms.floor_cents
            {
                sink.mistake(MistakeKind::PriceDumping, Severity::Critical, Cause::BelowFloor);
            }
            Some(e)
        }
    }
}

/// Applies the player's choice of option `option` (an index into the current node's options).
pub fn choose(
    s: &CompiledScenario,
    state: &mut MeetingState,
    option: u32,
    timing: Timing,
    sink: &mut impl Sink,
) -> Step {
    let node = &s.nodes[state.node as usize];
    let o = &node.options[option as usize];
    if let Some(speaker) = node.speaker {
        let p = speaker as usize;
        match timing {
            Timing::Interrupting => {
                let severity = if state.interruptions == 0 {
                    Severity::Major
                } else {
                    Severity::Critical
                };
                state.interruptions = (state.interruptions + 1).min(2);
                sink.mistake(MistakeKind::Interrupting, severity, Cause::Interrupted);
                state.trust[p] = (state.trust[p] - INTERRUPTION_TRUST_COST).clamp(0, 100);
            }
            Timing::Hesitant => state.mood[p] = (state.mood[p] - HESITATION_MOOD_COST).clamp(0, 100),
            Timing::Prompt => {}
        }
    }
    for &f in &o.asks_for {
        // Not knowing a fact this very moment relies on was already reported on arrival at the node;
        // asking about it reveals the same gap, so it is not counted twice.
        if node.relies_on.contains(&f) && !state.studied[f as usize] {
            continue;
        }
        sink.mistake(
            MistakeKind::LackOfClientInformation,
            Severity::Critical,
            Cause::AskedFor(f),
        );
    }
    let before = state.deal;
    let (spend_ms, secured, tagged_dumping) = apply_effects(state, &o.effects, sink);
    // A concession that closes the deal below the floor is reported once, as the critical
    // below-floor mistake at the ending, not twice.
    let closes_below_floor = match (o.next, state.deal, s.deal) {
        (Target::Ending(e), Some(after), Some(terms)) => {
            s.source.endings[e as usize].outcome.closes_deal() && after.price_cents < terms.floor_cents
        }
        _ => false,
    };
    if let (Some(before), Some(after)) = (before, state.deal)
        && before.conceded_in(&after)
        && !before.gained_in(&after)
        && !secured
        && !tagged_dumping
        && !closes_below_floor
    {
        sink.mistake(MistakeKind::PriceDumping, Severity::Major, Cause::Concession);
    }
    Step { next: o.next, spend_ms }
}

/// Applies the current node's timer: the player stayed silent until it ran out.
/// Returns `None` if the node has no timer.
pub fn time_out(s: &CompiledScenario, state: &mut MeetingState, sink: &mut impl Sink) -> Option<Step> {
    let timer = s.nodes[state.node as usize].timer.as_ref()?;
    let (spend_ms, _, _) = apply_effects(state, &timer.effects, sink);
    Some(Step {
        next: timer.next,
        spend_ms,
    })
}

/// Applies effects in order; returns (time spent, whether something was secured, whether price
/// dumping was tagged explicitly).
fn apply_effects(state: &mut MeetingState, effects: &[CEffect], sink: &mut impl Sink) -> (u64, bool, bool) {
    let mut spend: u64 = 0;
    let mut secured = false;
    let mut tagged_dumping = false;
    for e in effects {
        match *e {
            CEffect::Evidence(c, n) => sink.evidence(c, n),
            CEffect::Mistake(k, sev) => {
                tagged_dumping |= k == MistakeKind::PriceDumping;
                sink.mistake(k, sev, Cause::Tagged);
            }
            CEffect::Trust(p, n) => state.trust[p as usize] = state.trust[p as usize].saturating_add(n).clamp(0, 100),
            CEffect::Mood(p, n) => state.mood[p as usize] = state.mood[p as usize].saturating_add(n).clamp(0, 100),
            CEffect::SetFlag(f) => state.flags[f as usize] = true,
            CEffect::ClearFlag(f) => state.flags[f as usize] = false,
            CEffect::AddVar(v, n) => state.vars[v as usize] = state.vars[v as usize].saturating_add(n),
            CEffect::SetVar(v, n) => state.vars[v as usize] = n,
            CEffect::SetPrice(cents) => {
                if let Some(d) = &mut state.deal {
                    d.price_cents = cents;
                }
            }
            CEffect::DiscountBasisPoints(bp) => {
                if let Some(d) = &mut state.deal {
                    // price × (10000 − bp) / 10000, rounded half up, in integers.
                    let scaled = d.price_cents * (10_000 - bp);
                    d.price_cents = (2 * scaled + 10_000).div_euclid(20_000);
                }
            }
            CEffect::SetPaymentDays(days) => {
                if let Some(d) = &mut state.deal {
                    d.payment_days = days;
                }
            }
            CEffect::SetVolume(v) => {
                if let Some(d) = &mut state.deal {
                    d.volume = v;
                }
            }
            CEffect::SetTermMonths(m) => {
                if let Some(d) = &mut state.deal {
                    d.term_months = m;
                }
            }
            CEffect::Secure => secured = true,
            CEffect::SpendMs(ms) => spend = spend.saturating_add(ms),
        }
    }
    (spend, secured, tagged_dumping)
}

#[cfg(test)]
mod tests {
    use super::Timing;
    use strum::VariantArray as _;

    #[test]
    fn timing_ids_are_the_words_result_files_use() {
        // Transcripts of signed results carry these words: they must never change.
        let ids: Vec<_> = Timing::VARIANTS.iter().map(|t| t.id()).collect();
        assert_eq!(ids, ["prompt", "interrupting", "hesitant"]);
    }
}
