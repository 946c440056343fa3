//! The meeting from the client's side of the table: each stakeholder's trust and mood after every
//! moment the player acted (arriving, answering, staying silent), with the mistakes made there.
//!
//! The values are the engine's own: the session's inputs are replayed one at a time on a fresh
//! session of the same scenario and world, and the meeting state is read after each. Front ends
//! show this trace; none of them recomputes trust or mood.

use super::engine::{Entry, InputError, Session};
use super::rules::Timing;

/// How one stakeholder feels at a moment, both 0–100.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Feeling {
    /// Trust in the player.
    pub trust: i32,
    /// Mood.
    pub mood: i32,
}

/// What the player did at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    /// Arrived at the meeting, this many minutes late.
    Arrived {
        /// Minutes late (0: on time).
        late_minutes: u32,
    },
    /// Answered the line of `node` with `option`.
    Answered {
        /// The node whose line was answered.
        node: u32,
        /// The option chosen.
        option: u32,
        /// When, relative to the line.
        timing: Timing,
    },
    /// Said nothing until the timer of `node` ran out.
    StayedSilent {
        /// The node whose line went unanswered.
        node: u32,
    },
}

/// One moment of the meeting as the client lived it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moment {
    /// Session time of the act, in milliseconds.
    pub at_ms: u64,
    /// What the player did.
    pub act: Act,
    /// Every stakeholder's trust and mood just after it (in the scenario's order of stakeholders).
    pub after: Vec<Feeling>,
    /// The mistakes made at this moment, as indices into [`Session::mistakes`].
    pub mistakes: Vec<usize>,
    /// The line the client said next, if the meeting went on.
    pub next_line: Option<u32>,
}

/// The whole meeting from the client's side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientView {
    /// Every stakeholder's trust and mood before the meeting (the seed's draws).
    pub before: Vec<Feeling>,
    /// The moments, in order.
    pub moments: Vec<Moment>,
}

impl ClientView {
    /// How a stakeholder felt just before moment `index`.
    pub fn feeling_before(&self, index: usize, stakeholder: usize) -> Option<Feeling> {
        let row = match index {
            0 => &self.before,
            i => &self.moments.get(i - 1)?.after,
        };
        row.get(stakeholder).copied()
    }

    /// The moment at or just before `at_ms` (where a mistake made then is shown).
    pub fn moment_at(&self, at_ms: u64) -> Option<usize> {
        self.moments.iter().rposition(|m| m.at_ms <= at_ms)
    }
}

/// Replays `session`'s inputs on a fresh session of the same scenario, seed and world, reading
/// the meeting state after each input. Preparation (studying) is not a moment: the client is not
/// there yet. Refused only if the session's own inputs do not replay, which is an engine bug.
pub fn client_view(session: &Session) -> Result<ClientView, InputError> {
    let world = session.world().clone();
    let before = world
        .trust
        .iter()
        .zip(&world.mood)
        .map(|(&trust, &mood)| Feeling { trust, mood })
        .collect();
    let mut replay = Session::with_world(session.scenario().clone(), session.seed(), world)
        .with_time_allowance(session.time_allowance())
        .without_events();
    let mut moments = Vec::new();
    for (at_ms, action) in session.played_inputs_ms() {
        let (entries, mistakes) = (replay.transcript().len(), replay.mistakes().len());
        replay.apply_at_ms(at_ms, &action)?;
        let new = &replay.transcript()[entries..];
        let Some((at_ms, act)) = new.iter().find_map(act_of) else {
            continue; // studying the dossier
        };
        let Some(state) = replay.meeting_state() else { continue };
        moments.push(Moment {
            at_ms,
            act,
            after: state
                .trust
                .iter()
                .zip(&state.mood)
                .map(|(&trust, &mood)| Feeling { trust, mood })
                .collect(),
            mistakes: (mistakes..replay.mistakes().len()).collect(),
            next_line: new.iter().rev().find_map(|e| match e {
                Entry::Line { node, .. } => Some(*node),
                _ => None,
            }),
        });
    }
    Ok(ClientView { before, moments })
}

fn act_of(entry: &Entry) -> Option<(u64, Act)> {
    match *entry {
        Entry::Arrived {
            at_ms, late_minutes, ..
        } => Some((at_ms, Act::Arrived { late_minutes })),
        Entry::Choice {
            at_ms,
            node,
            option,
            timing,
        } => Some((at_ms, Act::Answered { node, option, timing })),
        Entry::Silence { at_ms, node } => Some((at_ms, Act::StayedSilent { node })),
        _ => None,
    }
}
