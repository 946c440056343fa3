//! How far apart two values of a counter must be for the rest of the meeting to tell them apart.
//!
//! The conversation reads variables, trust and mood only through threshold conditions
//! (`VarAtLeast(v, 3)`, `TrustBelow(p, 40)` …), and changes them only by adding amounts (trust and
//! mood are then kept within 0–100, variables within the integers). So at a moment `n`, a value
//! `x` and a larger value `y` behave the same in every future if no remaining condition falls
//! between them once the changes still possible on the way to it are accounted for. This module
//! computes, per moment and per quantity, two bounds `low ≤ high` such that every value at or above
//! `high` is equivalent to `high` and every value at or below `low` is equivalent to `low`; the
//! analyzer clamps each state's values into them, which merges states that differ only beyond what
//! can still be observed.
//!
//! `high[n]` is the largest `c − D` over the conditions `value ≥ c` (or `value < c`) reachable from
//! `n` along any path, where `D` is the smallest sum of changes on the way; `low[n]` is the smallest
//! `c − 1 − D` with the largest sum. A `SetVar` on the way ends the dependence on the value before
//! it. Both are the least solution of
//! `high[n] ≥ c` for each condition at `n` and `high[n] ≥ high[m] − d_min(n→m)` for each way from `n`
//! to `m` (and symmetrically for `low`), found by a backward pass to a fixpoint; a cycle that keeps
//! lowering (raising) a value makes the bound unbounded (widened after a fixed number of passes),
//! which only means less merging. The proof sketch of exactness is in `docs/performance.md`,
//! "Analysis at scale".

use super::compile::{CCond, CEffect, CompiledScenario, Target};
use super::rules::{HESITATION_MOOD_COST, INTERRUPTION_TRUST_COST};

/// A quantity of the meeting state that conditions compare with thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// A variable, by index.
    Var(u32),
    /// A stakeholder's trust.
    Trust(u32),
    /// A stakeholder's mood.
    Mood(u32),
}

/// The bounds of one quantity at one moment: values at or below `low` behave as `low`, values at
/// or above `high` as `high`. `None` when nothing ahead reads the quantity (any value will do).
pub type Bounds = Option<(i64, i64)>;

/// Per moment and tracked quantity, the bounds (see the module documentation).
#[derive(Debug, Clone, Default)]
pub struct Saturation {
    /// The quantities some condition reads, in a fixed order.
    pub tracked: Vec<Quantity>,
    /// `bounds[node * tracked.len() + k]`; empty when the scenario is too large to compute them
    /// (then the analyzer merges on liveness alone, which is exact too).
    bounds: Vec<Bounds>,
}

/// The most moment × quantity pairs bounds are computed for (16 bytes each, about 64 MB).
const MOST_PAIRS: usize = 4_000_000;

/// Passes of the backward fixpoint before a bound that still moves is widened to unbounded.
const PASSES_BEFORE_WIDENING: usize = 64;

impl Saturation {
    /// The bounds of the `k`-th tracked quantity at `node`, if computed.
    pub fn bounds(&self, node: u32, k: usize) -> Option<Bounds> {
        if self.bounds.is_empty() {
            return None;
        }
        self.bounds.get(node as usize * self.tracked.len() + k).copied()
    }

    /// Whether bounds were computed.
    pub fn is_computed(&self) -> bool {
        !self.bounds.is_empty()
    }

    /// Computes the bounds of every quantity a condition reads, at every moment.
    pub fn of(c: &CompiledScenario) -> Saturation {
        let mut tracked = Vec::new();
        tracked.extend(c.observed.vars.ones().map(|v| Quantity::Var(v as u32)));
        tracked.extend(c.observed.trust.ones().map(|p| Quantity::Trust(p as u32)));
        tracked.extend(c.observed.mood.ones().map(|p| Quantity::Mood(p as u32)));
        if tracked.is_empty() || c.nodes.len().saturating_mul(tracked.len()) > MOST_PAIRS {
            return Saturation {
                tracked,
                bounds: Vec::new(),
            };
        }
        let mut bounds = vec![None; c.nodes.len() * tracked.len()];
        for (k, &q) in tracked.iter().enumerate() {
            for (n, b) in bounds_of(c, q).into_iter().enumerate() {
                bounds[n * tracked.len() + k] = b;
            }
        }
        Saturation { tracked, bounds }
    }
}

/// One way from a moment to the next: the target and the least and largest change of the quantity
/// on the way, or `None` when the way sets the quantity outright (its earlier value no longer matters).
struct Way {
    to: u32,
    change: Option<(i64, i64)>,
}

/// The bounds of `q` at every moment.
fn bounds_of(c: &CompiledScenario, q: Quantity) -> Vec<Bounds> {
    let nodes = c.nodes.len();
    let mut high: Vec<Option<i64>> = vec![None; nodes];
    let mut low: Vec<Option<i64>> = vec![None; nodes];
    let mut ways: Vec<Vec<Way>> = Vec::with_capacity(nodes);
    for (n, node) in c.nodes.iter().enumerate() {
        for option in &node.options {
            for cond in &option.when {
                thresholds(cond, q, &mut |t| {
                    high[n] = Some(high[n].map_or(t, |h| h.max(t)));
                    low[n] = Some(low[n].map_or(t - 1, |l| l.min(t - 1)));
                });
            }
        }
        // Cutting in on the speaker costs trust, hesitating costs mood: a choice may change the
        // speaker's trust or mood by that much more than its effects say.
        let extra = match (node.speaker, q) {
            (Some(p), Quantity::Trust(t)) if p == t => i64::from(INTERRUPTION_TRUST_COST),
            (Some(p), Quantity::Mood(m)) if p == m => i64::from(HESITATION_MOOD_COST),
            _ => 0,
        };
        let mut out = Vec::new();
        for option in &node.options {
            if let Target::Node(m) = option.next {
                let change = change_of(&option.effects, q).map(|d| (d - extra, d));
                out.push(Way { to: m, change });
            }
        }
        if let Some(timer) = &node.timer
            && let Target::Node(m) = timer.next
        {
            out.push(Way {
                to: m,
                change: change_of(&timer.effects, q).map(|d| (d, d)),
            });
        }
        ways.push(out);
    }
    // Conversations mostly flow forward: visiting moments from the last to the first carries the
    // bounds back in one pass; cycles need more passes, and a cycle that keeps moving a bound is
    // widened to unbounded.
    let mut passes = 0;
    loop {
        passes += 1;
        let widen = passes > PASSES_BEFORE_WIDENING;
        let mut changed = false;
        for n in (0..nodes).rev() {
            for way in &ways[n] {
                let Some((least, most)) = way.change else { continue };
                let m = way.to as usize;
                if let Some(h) = high[m] {
                    let candidate = if h == i64::MAX {
                        i64::MAX
                    } else {
                        h.saturating_sub(least)
                    };
                    if high[n].is_none_or(|now| candidate > now) {
                        high[n] = Some(if widen && high[n].is_some() {
                            i64::MAX
                        } else {
                            candidate
                        });
                        changed = true;
                    }
                }
                if let Some(l) = low[m] {
                    let candidate = if l == i64::MIN {
                        i64::MIN
                    } else {
                        l.saturating_sub(most)
                    };
                    if low[n].is_none_or(|now| candidate < now) {
                        low[n] = Some(if widen && low[n].is_some() { i64::MIN } else { candidate });
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    high.into_iter()
        .zip(low)
        .map(|(h, l)| match (h, l) {
            (Some(h), Some(l)) => Some((l, h)),
            _ => None,
        })
        .collect()
}

/// Calls `found` with each threshold `t` of a condition on `q` (`q ≥ t` or `q < t`), inside any
/// combination of conditions.
fn thresholds(cond: &CCond, q: Quantity, found: &mut impl FnMut(i64)) {
    match (cond, q) {
        (CCond::VarAtLeast(v, t) | CCond::VarBelow(v, t), Quantity::Var(w))
        | (CCond::TrustAtLeast(v, t) | CCond::TrustBelow(v, t), Quantity::Trust(w))
        | (CCond::MoodAtLeast(v, t) | CCond::MoodBelow(v, t), Quantity::Mood(w))
            if *v == w =>
        {
            found(i64::from(*t));
        }
        (CCond::Any(list) | CCond::All(list), _) => list.iter().for_each(|c| thresholds(c, q, found)),
        (CCond::Not(inner), _) => thresholds(inner, q, found),
        _ => {}
    }
}

/// The sum of the effects' changes to `q`, or `None` when they set it outright.
fn change_of(effects: &[CEffect], q: Quantity) -> Option<i64> {
    let mut sum: i64 = 0;
    for e in effects {
        match (e, q) {
            (CEffect::SetVar(v, _), Quantity::Var(w)) if *v == w => return None,
            (CEffect::AddVar(v, n), Quantity::Var(w))
            | (CEffect::Trust(v, n), Quantity::Trust(w))
            | (CEffect::Mood(v, n), Quantity::Mood(w))
                if *v == w =>
            {
                sum = sum.saturating_add(i64::from(*n));
            }
            _ => {}
        }
    }
    Some(sum)
}
