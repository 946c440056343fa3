//! Automatic players: the analyzer's best and worst paths, a seeded random player, and choice lists.
//!
//! Each drives a real [`Session`] with timestamped inputs, so what it produces can be saved with
//! `--save-inputs` and replayed exactly.

use std::sync::Arc;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::analysis::{Move, NamedWorld, RawPath, analyze_worlds};
use super::compile::CompiledScenario;
use super::engine::{Action, InputError, Phase, Session};
use super::rules::{Timing, World};

/// How an automatic player chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// The highest-scoring playthrough for the seed's draws.
    Best,
    /// The lowest-scoring playthrough for the seed's draws.
    Worst,
    /// Uniformly random among the dossier items, routes and options available at each step, answering
    /// as each line ends (seeded).
    Random,
}

/// Why an automatic or scripted playthrough could not be completed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlayError {
    /// No playthrough reaches an ending.
    #[error("no playthrough of this scenario reaches an ending")]
    NoEnding,
    /// A scripted input was refused.
    #[error("input {index} ({what}): {error}")]
    Refused {
        /// 1-based position in the script.
        index: usize,
        /// The input as written.
        what: String,
        /// Why it was refused.
        error: InputError,
    },
    /// A choice list item could not be understood.
    #[error("choice {index} (`{id}`): {reason}")]
    BadChoice {
        /// 1-based position in the list.
        index: usize,
        /// The item.
        id: String,
        /// Why.
        reason: String,
    },
    /// The random player went on too long (a loop in the scenario).
    #[error("the random player made {0} moves without reaching an ending")]
    TooLong(usize),
}

/// Seed offset of the random player's own choices, so they are independent of the world's draws.
const CHOOSER_STREAM: u64 = 0x9E37_79B9_7F4A_7C15;
/// Most moves a random playthrough may make.
pub const MAX_RANDOM_MOVES: usize = 100_000;
/// Seconds between preparation actions of automatic players.
const PREP_STEP_MS: u64 = 1000;
/// How long after a line ends an automatic player answers.
const REACTION_MS: u64 = 500;

/// A uniform pick in `0..n` from one 32-bit draw (multiply-shift). Deterministic on every platform;
/// its bias is below n / 2³², nothing next to the handful of moves it picks among.
fn pick(rng: &mut ChaCha8Rng, n: usize) -> usize {
    ((u64::from(rng.next_u32()) * n as u64) >> 32) as usize
}

/// When to act to make a move with a given timing at the current node.
pub fn time_for(session: &Session, timing: Timing) -> u64 {
    let (start, end, deadline) = session.line_window();
    let c = session.scenario();
    let patience = session
        .current_node()
        .and_then(|n| c.nodes[n as usize].speaker)
        .map(|p| c.patience_ms[p as usize]);
    let before_deadline = |from: u64, wish: u64| match deadline {
        Some(d) => from + wish.min(d.saturating_sub(from + 1)),
        None => from + wish,
    };
    let at = match (timing, patience) {
        (Timing::Interrupting, _) => start + (end - start) / 2,
        (Timing::Hesitant, Some(p)) => before_deadline(end + p + 1, 1000),
        (_, Some(p)) => before_deadline(end, REACTION_MS.min(p)),
        (_, None) => before_deadline(end, REACTION_MS),
    };
    at.max(session.now_ms())
}

fn act(session: &mut Session, at: u64, action: Action, index: usize) -> Result<(), PlayError> {
    session.act(at, action).map_err(|error| PlayError::Refused {
        index,
        what: format!("{action:?}"),
        error,
    })
}

/// Plays a scenario with an automatic policy.
pub fn play(c: Arc<CompiledScenario>, seed: u64, policy: Policy) -> Result<Session, PlayError> {
    match policy {
        Policy::Random => play_random(c, seed),
        Policy::Best | Policy::Worst => play_extreme(c, seed, policy == Policy::Best),
    }
}

fn play_extreme(c: Arc<CompiledScenario>, seed: u64, best: bool) -> Result<Session, PlayError> {
    let world = World::from_seed(&c, seed);
    let worlds = [NamedWorld {
        name: format!("seed {seed}"),
        world,
    }];
    let analysis = analyze_worlds(&c, &worlds);
    let range = analysis.score.ok_or(PlayError::NoEnding)?;
    let path = if best {
        range.best_path.raw
    } else {
        range.worst_path.raw
    };
    replay_path(Session::new(c, seed), path)
}

/// Plays an analyzer's path in `session` (whose world the path was found in), with the timings
/// the path asks for.
pub(crate) fn replay_path(mut session: Session, path: RawPath) -> Result<Session, PlayError> {
    let mut t = 0;
    let mut index = 0;
    for item in path.studied {
        t += PREP_STEP_MS;
        index += 1;
        act(&mut session, t, Action::Study(item), index)?;
    }
    t += PREP_STEP_MS;
    index += 1;
    act(&mut session, t, Action::Depart(path.travel), index)?;
    for (_, m) in path.moves {
        index += 1;
        match m {
            Move::Choose { option, timing } => {
                let at = time_for(&session, timing);
                act(&mut session, at, Action::Choose(option), index)?;
            }
            Move::Timeout => {
                let (_, _, deadline) = session.line_window();
                let at = deadline.unwrap_or(session.now_ms()).max(session.now_ms());
                act(&mut session, at, Action::Wait, index)?;
            }
        }
    }
    Ok(session)
}

/// Plays uniformly at random: in preparation among affordable items and routes, in the meeting
/// among the offered options and letting a timer run out, each answered as the line ends.
pub fn play_random(c: Arc<CompiledScenario>, seed: u64) -> Result<Session, PlayError> {
    play_random_with(c, seed, seed)
}

/// Plays at random in the world of `seed`, the player's choices drawn from `chooser_seed`: the
/// same situation (an assessment's fixed seed) met by different simulated candidates.
pub fn play_random_with(c: Arc<CompiledScenario>, seed: u64, chooser_seed: u64) -> Result<Session, PlayError> {
    let mut session = Session::new(c.clone(), seed).without_events();
    let mut rng = ChaCha8Rng::seed_from_u64(chooser_seed ^ CHOOSER_STREAM);
    let dossier = &c.source.preparation.dossier;
    let routes = c.source.schedule.travel.len() as u32;
    let budget = c.source.preparation.budget_minutes;
    let mut t = 0;
    let mut index = 0;
    let mut affordable: Vec<u32> = Vec::new();
    while session.phase() == Phase::Preparation {
        affordable.clear();
        let left = budget - session.used_minutes();
        affordable.extend(
            (0..dossier.len() as u32)
                .filter(|&i| !session.studied()[i as usize] && dossier[i as usize].minutes <= left),
        );
        let pick = pick(&mut rng, affordable.len() + routes as usize) as u32;
        t += PREP_STEP_MS;
        index += 1;
        let action = match affordable.get(pick as usize) {
            Some(&item) => Action::Study(item),
            None => Action::Depart(pick - affordable.len() as u32),
        };
        act(&mut session, t, action, index)?;
    }
    while session.phase() == Phase::Meeting {
        if index > MAX_RANDOM_MOVES {
            return Err(PlayError::TooLong(index));
        }
        if session.meeting_state().is_none() {
            break;
        }
        // A random player picks what to say, not when: it answers as each line ends (interrupting
        // and hesitating are behaviours of their own, which the worst path explores).
        let (_, _, deadline) = session.line_window();
        let offered = session.offered().len();
        let k = pick(&mut rng, offered + usize::from(deadline.is_some()));
        index += 1;
        if k < offered {
            let option = session.offered()[k];
            let at = time_for(&session, Timing::Prompt);
            act(&mut session, at, Action::Choose(option), index)?;
        } else {
            let at = deadline.unwrap_or(0).max(session.now_ms());
            act(&mut session, at, Action::Wait, index)?;
        }
    }
    Ok(session)
}

/// Plays a list of ids: dossier items and a route in preparation (`study:ID` / `travel:ID` when an
/// id is both), then option ids in the meeting, answered promptly; `wait` lets a timer run out.
pub fn play_choices(c: Arc<CompiledScenario>, seed: u64, ids: &[String]) -> Result<Session, PlayError> {
    let mut session = Session::new(c.clone(), seed).without_events();
    let s = &c.source;
    let mut t = 0;
    for (i, raw) in ids.iter().enumerate() {
        let index = i + 1;
        let bad = |reason: String| PlayError::BadChoice {
            index,
            id: raw.clone(),
            reason,
        };
        let action = match session.phase() {
            Phase::Preparation => {
                let (kind, id) = match raw.split_once(':') {
                    Some((k @ ("study" | "travel"), id)) => (Some(k), id),
                    _ => (None, raw.as_str()),
                };
                let item = s.preparation.dossier.iter().position(|d| d.id == id);
                let route = s.schedule.travel.iter().position(|r| r.id == id);
                t += PREP_STEP_MS;
                match (kind, item, route) {
                    (Some("study") | None, Some(i), None) | (Some("study"), Some(i), _) => Action::Study(i as u32),
                    (Some("travel") | None, None, Some(r)) | (Some("travel"), _, Some(r)) => Action::Depart(r as u32),
                    (None, Some(_), Some(_)) => {
                        return Err(bad(format!(
                            "`{id}` is both a dossier item and a route: write study:{id} or travel:{id}"
                        )));
                    }
                    _ => {
                        return Err(bad(format!(
                            "not a dossier item or a route; preparation offers {}",
                            s.preparation
                                .dossier
                                .iter()
                                .map(|d| d.id.as_str())
                                .chain(s.schedule.travel.iter().map(|r| r.id.as_str()))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )));
                    }
                }
            }
            Phase::Meeting => {
                let Some(node) = session.current_node() else { break };
                if raw == "wait" {
                    let (_, _, deadline) = session.line_window();
                    let Some(d) = deadline else {
                        return Err(bad(format!(
                            "node `{}` has no timer to wait for",
                            s.nodes[node as usize].id
                        )));
                    };
                    t = d.max(session.now_ms());
                    Action::Wait
                } else {
                    let Some(o) = s.nodes[node as usize].options.iter().position(|o| &o.id == raw) else {
                        let offered: Vec<&str> = session
                            .offered()
                            .iter()
                            .map(|&o| s.nodes[node as usize].options[o as usize].id.as_str())
                            .collect();
                        return Err(bad(format!(
                            "not an option of node `{}` (offered: {})",
                            s.nodes[node as usize].id,
                            offered.join(", ")
                        )));
                    };
                    t = time_for(&session, Timing::Prompt);
                    Action::Choose(o as u32)
                }
            }
            Phase::Ended | Phase::Stuck => return Err(bad("the meeting is already over".into())),
        };
        act(&mut session, t, action, index)?;
    }
    Ok(session)
}
