//! Automatic players: the analyzer's best and worst paths, a seeded random player, a simulated
//! candidate of a given skill who weighs options by the analyzer's values, and choice lists.
//!
//! Each drives a real [`Session`] with timestamped inputs, so what it produces can be saved with
//! `--save-inputs` and replayed exactly.

use std::sync::Arc;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::analysis::{Move, MoveValue, NamedWorld, OptionValues, RawPath, analyze_worlds};
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
        .map(|p| session.patience_ms(p));
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

/// Stays silent until the current line's timer runs out (at once when it has none).
fn let_the_timer_run_out(session: &mut Session, index: usize) -> Result<(), PlayError> {
    let (_, _, deadline) = session.line_window();
    let at = deadline.unwrap_or(session.now_ms()).max(session.now_ms());
    act(session, at, Action::Wait, index)
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
            Move::Timeout => let_the_timer_run_out(&mut session, index)?,
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
    play_random_in(Session::new(c, seed), chooser_seed)
}

/// Plays at random in a session that has not started (its seed's world, its time allowance), the
/// player's choices drawn from `chooser_seed`; each answer comes as the line ends, so it is prompt
/// under any allowance.
pub fn play_random_in(session: Session, chooser_seed: u64) -> Result<Session, PlayError> {
    let c = session.scenario().clone();
    let mut session = session.without_events();
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

/// A simulated candidate's skill θ: 0 is the median candidate, each unit one standard deviation of
/// a normally distributed population (`--policy skilled --skill θ`). Kept within ±[`Skill::LIMIT`].
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Skill(f64);

impl Skill {
    /// The largest skill accepted either way: beyond four standard deviations the model's choices
    /// no longer change (always the best option, or uniformly random).
    pub const LIMIT: f64 = 4.0;

    /// The median candidate, θ = 0.
    pub const MEDIAN: Skill = Skill(0.0);

    /// A skill, refused when not a number within ±[`Skill::LIMIT`].
    pub fn new(theta: f64) -> Result<Skill, String> {
        if theta.is_finite() && theta.abs() <= Skill::LIMIT {
            Ok(Skill(theta))
        } else {
            Err(format!(
                "a skill is a number from -{0} to {0} (0 is the median candidate, 1 one standard deviation above), not {theta}",
                Skill::LIMIT
            ))
        }
    }

    /// θ.
    pub fn theta(self) -> f64 {
        self.0
    }

    /// How sharply the candidate prefers better options: the inverse temperature of the softmax
    /// over options' values, per score point, `0.3 × e^(0.9 θ)` (0.05 at θ = −2, nearly random;
    /// 0.3 at 0; 1.8 at +2, nearly always the best option when options differ by a few points).
    pub fn inverse_temperature(self) -> f64 {
        0.3 * (0.9 * self.0).exp()
    }

    /// How often the candidate cuts a speaker off, and separately how often they let a speaker
    /// wait past their patience: `0.2 × σ(−2θ)` with σ the logistic function (0.196 at θ = −2, 0.1
    /// at 0, 0.004 at +2).
    pub fn slip_probability(self) -> f64 {
        0.2 / (1.0 + (2.0 * self.0).exp())
    }
}

impl PartialEq for Skill {
    fn eq(&self, other: &Skill) -> bool {
        self.0.to_bits() == other.0.to_bits()
    }
}

impl Eq for Skill {}

impl TryFrom<f64> for Skill {
    type Error = String;
    fn try_from(theta: f64) -> Result<Skill, String> {
        Skill::new(theta)
    }
}

impl From<Skill> for f64 {
    fn from(s: Skill) -> f64 {
        s.0
    }
}

impl std::str::FromStr for Skill {
    type Err = String;
    fn from_str(text: &str) -> Result<Skill, String> {
        let theta: f64 = text
            .trim()
            .parse()
            .map_err(|_| format!("a skill is a number such as -1.5, 0 or 0.8, not `{text}`"))?;
        Skill::new(theta)
    }
}

impl std::fmt::Display for Skill {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Seed offset of the skilled player's own draws.
const SKILLED_STREAM: u64 = 0xD1B5_4A32_D192_ED03;

/// A uniform draw in [0, 1) from 53 random bits.
fn unit(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// Picks an index with probability proportional to `e^(β × value)`; entries without a value are
/// never picked unless none has one, when every entry is equally likely.
fn softmax_pick(rng: &mut ChaCha8Rng, values: &[Option<f64>], beta: f64) -> usize {
    let top = values.iter().flatten().copied().fold(f64::NEG_INFINITY, f64::max);
    let weights: Vec<f64> = if top.is_finite() {
        values
            .iter()
            .map(|v| v.map_or(0.0, |v| (beta * (v - top)).exp()))
            .collect()
    } else {
        vec![1.0; values.len()]
    };
    let total: f64 = weights.iter().sum();
    let mut u = unit(rng) * total;
    for (i, w) in weights.iter().enumerate() {
        if u < *w {
            return i;
        }
        u -= w;
    }
    // Rounding left `u` just above the last weight: the last entry with any weight.
    weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
}

/// Plays as a simulated candidate of skill θ (`--policy skilled`), in the world of `seed`, its own
/// draws from `chooser_seed`. See [`play_skilled_with`].
pub fn play_skilled(
    c: Arc<CompiledScenario>,
    seed: u64,
    chooser_seed: u64,
    skill: Skill,
) -> Result<Session, PlayError> {
    let world = World::from_seed(&c, seed);
    let mut values = OptionValues::new(&c, world);
    play_skilled_with(&mut values, c.clone(), seed, chooser_seed, skill)
}

/// Plays as a simulated candidate of skill θ, valuing choices with `values` (made for the same
/// scenario and the world of `seed`; reused across candidates, it remembers what it computed).
///
/// The candidate knows what every choice can lead to — the best overall score still reachable
/// after it, from the analyzer — and picks by a softmax over those values whose sharpness rises
/// with θ ([`Skill::inverse_temperature`]):
/// - in preparation, among every plan (dossier items studied, then a route), valued by the best
///   score reachable after it, then studies those items and takes that route;
/// - at each moment of the meeting, among the offered options answered promptly and, where there
///   is a timer, letting it run out;
/// - having picked an option, cuts the speaker off with probability [`Skill::slip_probability`]
///   where the line can still be interrupted, and otherwise, with the same probability, hesitates
///   past the speaker's patience where that is possible.
pub fn play_skilled_with(
    values: &mut OptionValues<'_>,
    c: Arc<CompiledScenario>,
    seed: u64,
    chooser_seed: u64,
    skill: Skill,
) -> Result<Session, PlayError> {
    let mut session = Session::new(c.clone(), seed).without_events();
    let mut rng = ChaCha8Rng::seed_from_u64(chooser_seed ^ SKILLED_STREAM);
    let beta = skill.inverse_temperature();
    let slip = skill.slip_probability();
    let plans = values.plans();
    if plans.is_empty() {
        return Err(PlayError::NoEnding);
    }
    let plan = &plans[softmax_pick(&mut rng, &plans.iter().map(|p| p.best).collect::<Vec<_>>(), beta)];
    let mut t = 0;
    let mut index = 0;
    for &item in &plan.studied {
        t += PREP_STEP_MS;
        index += 1;
        act(&mut session, t, Action::Study(item), index)?;
    }
    t += PREP_STEP_MS;
    index += 1;
    act(&mut session, t, Action::Depart(plan.travel), index)?;
    while session.phase() == Phase::Meeting {
        if index > MAX_RANDOM_MOVES {
            return Err(PlayError::TooLong(index));
        }
        let Some(state) = session.meeting_state().cloned() else {
            break;
        };
        let candidates: Vec<MoveValue> = values
            .moves(&state)
            .into_iter()
            .filter(|m| {
                matches!(
                    m.action,
                    Move::Timeout
                        | Move::Choose {
                            timing: Timing::Prompt,
                            ..
                        }
                )
            })
            .collect();
        if candidates.is_empty() {
            break;
        }
        let k = softmax_pick(&mut rng, &candidates.iter().map(|m| m.best).collect::<Vec<_>>(), beta);
        index += 1;
        match candidates[k].action {
            Move::Choose { option, .. } => {
                let possible = super::rules::possible_timings(&c, &state);
                let timing = if possible.contains(&Timing::Interrupting) && unit(&mut rng) < slip {
                    Timing::Interrupting
                } else if possible.contains(&Timing::Hesitant) && unit(&mut rng) < slip {
                    Timing::Hesitant
                } else {
                    Timing::Prompt
                };
                let at = time_for(&session, timing);
                act(&mut session, at, Action::Choose(option), index)?;
            }
            Move::Timeout => let_the_timer_run_out(&mut session, index)?,
        }
    }
    Ok(session)
}
