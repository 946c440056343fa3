//! One playthrough in time: a [`Session`] takes timestamped inputs and emits what happens.
//!
//! Time is always passed in (milliseconds since the session started); the engine never reads a clock.
//! Same scenario + same seed + same timed inputs = same events and same result, on any machine.

use std::sync::Arc;

use super::allowance::TimeAllowance;
use super::compile::{CompiledScenario, Target};
use super::inputs::{InputAction, InputsFile, TimedInput};
use super::rules::{self, Cause, MeetingState, Sink, Timing, World};
use super::scoring::Tally;
use super::vocab::{Competency, MistakeKind, Severity};

/// Where the session is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Studying the dossier.
    Preparation,
    /// In the meeting.
    Meeting,
    /// An ending was reached.
    Ended,
    /// The conversation reached a node with nothing offered and no timer (a scenario bug).
    Stuck,
}

/// An input by index, for policies and front ends that already know the indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Study dossier item `i`.
    Study(u32),
    /// Leave by travel option `i`.
    Depart(u32),
    /// Choose option `i` of the current node.
    Choose(u32),
    /// Let time pass (timers may run out).
    Wait,
}

/// Something that happened, for front ends to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// The session entered a phase.
    PhaseChanged(Phase),
    /// A dossier item was studied.
    Studied {
        /// Item index.
        item: u32,
    },
    /// The player arrived.
    Arrived {
        /// Travel option index.
        travel: u32,
        /// Minutes late (0 if on time).
        late_minutes: u32,
    },
    /// A node's line starts being spoken; its options are offered from now on.
    LinePresented {
        /// Node index.
        node: u32,
        /// When the line starts.
        starts_ms: u64,
        /// When the speaker finishes.
        ends_ms: u64,
        /// When the node's timer runs out, if it has one.
        deadline_ms: Option<u64>,
    },
    /// The player chose an option.
    OptionChosen {
        /// Node index.
        node: u32,
        /// Option index within the node.
        option: u32,
        /// When.
        at_ms: u64,
        /// Relative to the line.
        timing: Timing,
    },
    /// The player let a timer run out.
    TimerRanOut {
        /// Node index.
        node: u32,
        /// When.
        at_ms: u64,
    },
    /// A mistake was detected; `index` points into [`Session::mistakes`].
    MistakeDetected {
        /// Index of the record.
        index: usize,
    },
    /// The meeting ended.
    MeetingEnded {
        /// Ending index.
        ending: u32,
        /// When.
        at_ms: u64,
    },
}

/// One detected mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MistakeRecord {
    /// Which mistake.
    pub kind: MistakeKind,
    /// How serious.
    pub severity: Severity,
    /// Why it was detected.
    pub cause: Cause,
    /// Node where it happened (`None` on arrival).
    pub node: Option<u32>,
    /// Option that caused it, if any.
    pub option: Option<u32>,
    /// When.
    pub at_ms: u64,
}

/// One line of the meeting's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// A dossier item was studied.
    Studied {
        /// When.
        at_ms: u64,
        /// Item index.
        item: u32,
    },
    /// The player left and arrived.
    Arrived {
        /// When.
        at_ms: u64,
        /// Travel option index.
        travel: u32,
        /// Minutes late.
        late_minutes: u32,
    },
    /// A node's line.
    Line {
        /// When it started.
        at_ms: u64,
        /// Node index.
        node: u32,
    },
    /// The player's choice.
    Choice {
        /// When.
        at_ms: u64,
        /// Node index.
        node: u32,
        /// Option index.
        option: u32,
        /// Relative to the line.
        timing: Timing,
    },
    /// The player stayed silent until the timer ran out.
    Silence {
        /// When.
        at_ms: u64,
        /// Node index.
        node: u32,
    },
    /// The meeting ended.
    Ending {
        /// When.
        at_ms: u64,
        /// Ending index.
        ending: u32,
    },
}

/// Why an input was refused. The session is unchanged when an input is refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InputError {
    /// Inputs must come in time order.
    #[error("input at {at:.3} s comes before the previous input at {previous:.3} s")]
    TimeWentBackwards {
        /// This input's time.
        at: f64,
        /// The previous input's time.
        previous: f64,
    },
    /// A time that is negative, not a number, or beyond a day.
    #[error("{0} is not a valid input time (seconds since the start, 0 to 86400)")]
    BadTime(f64),
    /// The action does not fit the phase.
    #[error("cannot {action} during {phase}")]
    WrongPhase {
        /// What was attempted.
        action: &'static str,
        /// The phase the session was in.
        phase: &'static str,
    },
    /// No dossier item has that id.
    #[error("no dossier item `{id}`; the dossier has: {known}")]
    UnknownItem {
        /// The id given.
        id: String,
        /// Ids that exist.
        known: String,
    },
    /// The item was already studied.
    #[error("dossier item `{0}` was already studied")]
    AlreadyStudied(String),
    /// Not enough preparation time left.
    #[error("dossier item `{id}` takes {minutes} minutes but only {left} minutes of preparation are left")]
    OverBudget {
        /// The item.
        id: String,
        /// What it takes.
        minutes: u32,
        /// What is left.
        left: u32,
    },
    /// No travel option has that id.
    #[error("no travel option `{id}`; the options are: {known}")]
    UnknownTravel {
        /// The id given.
        id: String,
        /// Ids that exist.
        known: String,
    },
    /// The option is not offered at the current node.
    #[error("option `{option}` is not offered at node `{node}` (offered: {offered})")]
    NotOffered {
        /// The option id given.
        option: String,
        /// The current node.
        node: String,
        /// What is offered.
        offered: String,
    },
    /// The current line has not started yet.
    #[error("at {at:.3} s the line of node `{node}` has not started yet (it starts at {starts:.3} s)")]
    LineNotStarted {
        /// This input's time.
        at: f64,
        /// The node.
        node: String,
        /// When its line starts.
        starts: f64,
    },
}

/// The events waiting to be drained, or nothing when no front end listens.
#[derive(Debug, Clone)]
struct EventLog {
    events: Vec<Event>,
    enabled: bool,
}

impl EventLog {
    fn push(&mut self, event: Event) {
        if self.enabled {
            self.events.push(event);
        }
    }
}

/// Upper bound on input times: one day of play.
pub const MAX_TIME_MS: u64 = 86_400_000;

/// One playthrough of a scenario.
#[derive(Debug, Clone)]
pub struct Session {
    scenario: Arc<CompiledScenario>,
    seed: u64,
    allowance: TimeAllowance,
    world: World,
    phase: Phase,
    now_ms: u64,
    studied: Vec<bool>,
    used_minutes: u32,
    travel: Option<u32>,
    state: Option<MeetingState>,
    line_start_ms: u64,
    line_end_ms: u64,
    deadline_ms: Option<u64>,
    offered: Vec<u32>,
    tally: Tally,
    mistakes: Vec<MistakeRecord>,
    transcript: Vec<Entry>,
    events: EventLog,
    played: Vec<(u64, Played)>,
    ending: Option<(u32, u64)>,
    /// When the player arrived (session time), once departed.
    arrived_ms: Option<u64>,
}

/// Room reserved up front in a session's logs, so that a typical meeting never regrows them.
const LOG_CAPACITY: usize = 64;

#[derive(Debug, Clone, Copy)]
enum Played {
    Study(u32),
    Depart(u32),
    Choose { node: u32, option: u32 },
    Wait,
}

/// Records what the rules report, with the context the rules do not know (where and when).
struct Recorder<'a> {
    tally: &'a mut Tally,
    mistakes: &'a mut Vec<MistakeRecord>,
    events: &'a mut EventLog,
    node: Option<u32>,
    option: Option<u32>,
    at_ms: u64,
}

impl Sink for Recorder<'_> {
    fn mistake(&mut self, kind: MistakeKind, severity: Severity, cause: Cause) {
        self.tally.add_mistake(kind, severity);
        self.events.push(Event::MistakeDetected {
            index: self.mistakes.len(),
        });
        self.mistakes.push(MistakeRecord {
            kind,
            severity,
            cause,
            node: self.node,
            option: self.option,
            at_ms: self.at_ms,
        });
    }

    fn evidence(&mut self, competency: Competency, points: i32) {
        self.tally.add_evidence(competency, points);
    }
}

fn seconds(ms: u64) -> f64 {
    ms as f64 / 1000.0
}

/// Converts an input time in seconds to milliseconds, refusing nonsense.
pub fn input_time_ms(at: f64) -> Result<u64, InputError> {
    if !at.is_finite() || at < 0.0 || at * 1000.0 > MAX_TIME_MS as f64 {
        return Err(InputError::BadTime(at));
    }
    Ok((at * 1000.0).round() as u64)
}

impl Session {
    /// Starts a session: draws the world from the seed and opens the preparation phase.
    pub fn new(scenario: Arc<CompiledScenario>, seed: u64) -> Session {
        let world = World::from_seed(&scenario, seed);
        Self::with_world(scenario, seed, world)
    }

    /// Starts a session in a given world (the analyzer's extreme draws, or a seed's).
    pub fn with_world(scenario: Arc<CompiledScenario>, seed: u64, world: World) -> Session {
        let items = scenario.source.preparation.dossier.len();
        let mut session = Session {
            world,
            seed,
            allowance: TimeAllowance::Standard,
            phase: Phase::Preparation,
            now_ms: 0,
            studied: vec![false; items],
            used_minutes: 0,
            travel: None,
            state: None,
            line_start_ms: 0,
            line_end_ms: 0,
            deadline_ms: None,
            offered: Vec::with_capacity(8),
            tally: Tally::default(),
            mistakes: Vec::with_capacity(LOG_CAPACITY / 4),
            transcript: Vec::with_capacity(LOG_CAPACITY),
            events: EventLog {
                events: Vec::with_capacity(LOG_CAPACITY),
                enabled: true,
            },
            played: Vec::with_capacity(LOG_CAPACITY),
            arrived_ms: None,
            ending: None,
            scenario,
        };
        session.events.push(Event::PhaseChanged(Phase::Preparation));
        session
    }

    /// The same session with another time allowance. Called before the first input (the allowance
    /// is how the whole run is timed); a session that has already presented a line keeps its
    /// current line's window and applies the allowance from the next line on.
    pub fn with_time_allowance(mut self, allowance: TimeAllowance) -> Session {
        self.allowance = allowance;
        self
    }

    /// How much answering time the player has.
    pub fn time_allowance(&self) -> TimeAllowance {
        self.allowance
    }

    /// How long a speaker waits, after finishing, before an answer reads as hesitant — the scenario's
    /// patience as this session's allowance gives it.
    pub fn patience_ms(&self, speaker: u32) -> u64 {
        self.allowance.window_ms(self.scenario.patience_ms[speaker as usize])
    }

    /// The scenario being played.
    pub fn scenario(&self) -> &Arc<CompiledScenario> {
        &self.scenario
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The random draws of this session.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// The current phase.
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// The same play on another compilation of the same scenario (a translation: same ids, same
    /// structure): a new session with this seed, fed every input played so far at its time, its
    /// clock brought to where this one stands. Its events so far are drained, as they were shown.
    pub fn replayed_on(&self, scenario: Arc<CompiledScenario>) -> Result<Session, InputError> {
        let mut again = Session::new(scenario, self.seed).with_time_allowance(self.allowance);
        for (at_ms, action) in self.played_inputs_ms() {
            again.apply_at_ms(at_ms, &action)?;
        }
        again.advance_to(self.now_ms());
        again.events.events.clear();
        Ok(again)
    }

    /// The latest time the session has been advanced to.
    pub fn now_ms(&self) -> u64 {
        self.now_ms
    }

    /// Which dossier items have been studied.
    pub fn studied(&self) -> &[bool] {
        &self.studied
    }

    /// Preparation minutes used so far.
    pub fn used_minutes(&self) -> u32 {
        self.used_minutes
    }

    /// The travel option taken, once departed.
    pub fn travel(&self) -> Option<u32> {
        self.travel
    }

    /// The in-game clock (minutes after midnight) at `now_ms`, once arrived: the meeting starts at
    /// its time, or at arrival when late, and runs with the session's time.
    pub fn meeting_clock(&self, now_ms: u64) -> Option<u32> {
        let (travel, arrived_ms) = (self.travel?, self.arrived_ms?);
        let arrival = rules::arrival_clock(&self.scenario, &self.world, self.used_minutes, travel);
        let start = arrival.max(self.scenario.source.schedule.meeting_at.0);
        Some(start + (now_ms.saturating_sub(arrived_ms) / 60_000) as u32)
    }

    /// The meeting state, once arrived.
    pub fn meeting_state(&self) -> Option<&MeetingState> {
        self.state.as_ref()
    }

    /// The current node, during the meeting.
    pub fn current_node(&self) -> Option<u32> {
        (self.phase == Phase::Meeting || self.phase == Phase::Stuck)
            .then(|| self.state.as_ref().map(|s| s.node))
            .flatten()
    }

    /// The current line's start, end and timer deadline.
    pub fn line_window(&self) -> (u64, u64, Option<u64>) {
        (self.line_start_ms, self.line_end_ms, self.deadline_ms)
    }

    /// Option indices offered at the current node.
    pub fn offered(&self) -> &[u32] {
        &self.offered
    }

    /// Evidence and penalties so far.
    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    /// Mistakes so far, in the order detected.
    pub fn mistakes(&self) -> &[MistakeRecord] {
        &self.mistakes
    }

    /// The record of the session so far.
    pub fn transcript(&self) -> &[Entry] {
        &self.transcript
    }

    /// The ending reached and when, once the meeting is over.
    pub fn ending(&self) -> Option<(u32, u64)> {
        self.ending
    }

    /// Takes the events produced since the last call.
    pub fn drain_events(&mut self) -> std::vec::Drain<'_, Event> {
        self.events.events.drain(..)
    }

    /// Stops recording events, for headless players that never drain them (the transcript, the
    /// mistakes and the result are unaffected).
    pub fn without_events(mut self) -> Session {
        self.events.enabled = false;
        self.events.events = Vec::new();
        self
    }

    /// Applies an input given by ids (as in inputs files and on the command line).
    pub fn apply(&mut self, input: &TimedInput) -> Result<(), InputError> {
        self.apply_at_ms(input_time_ms(input.at)?, &input.action)
    }

    /// Applies an input given by ids at a time in whole milliseconds (as signed result files keep it).
    pub fn apply_at_ms(&mut self, at_ms: u64, action: &InputAction) -> Result<(), InputError> {
        if at_ms > MAX_TIME_MS {
            return Err(InputError::BadTime(seconds(at_ms)));
        }
        self.check_time(at_ms)?;
        if self.advance(at_ms) && *action == InputAction::Wait {
            // The silence this input stands for has just run out, and is logged at its deadline.
            return Ok(());
        }
        let action = self.resolve(action)?;
        self.act(at_ms, action)
    }

    /// Resolves an id-based action (as in inputs files) to indices against the current state.
    pub fn resolve(&self, action: &InputAction) -> Result<Action, InputError> {
        let s = &self.scenario.source;
        match action {
            InputAction::Study(id) => s
                .preparation
                .dossier
                .iter()
                .position(|d| &d.id == id)
                .map(|i| Action::Study(i as u32))
                .ok_or_else(|| InputError::UnknownItem {
                    id: id.clone(),
                    known: list(s.preparation.dossier.iter().map(|d| d.id.as_str())),
                }),
            InputAction::Depart(id) => s
                .schedule
                .travel
                .iter()
                .position(|t| &t.id == id)
                .map(|i| Action::Depart(i as u32))
                .ok_or_else(|| InputError::UnknownTravel {
                    id: id.clone(),
                    known: list(s.schedule.travel.iter().map(|t| t.id.as_str())),
                }),
            InputAction::Choose(id) => {
                let Some(node) = self.current_node().filter(|_| self.phase == Phase::Meeting) else {
                    return Err(self.wrong_phase("choose an option"));
                };
                let options = &s.nodes[node as usize].options;
                options
                    .iter()
                    .position(|o| &o.id == id)
                    .map(|i| Action::Choose(i as u32))
                    .ok_or_else(|| self.not_offered(id))
            }
            InputAction::Wait => Ok(Action::Wait),
        }
    }

    fn not_offered(&self, option: &str) -> InputError {
        let node = self.current_node().unwrap_or(0) as usize;
        let n = &self.scenario.source.nodes[node];
        InputError::NotOffered {
            option: option.to_owned(),
            node: n.id.clone(),
            offered: list(self.offered.iter().map(|&i| n.options[i as usize].id.as_str())),
        }
    }

    fn wrong_phase(&self, action: &'static str) -> InputError {
        InputError::WrongPhase {
            action,
            phase: match self.phase {
                Phase::Preparation => "preparation",
                Phase::Meeting => "the meeting",
                Phase::Ended => "the debrief (the meeting is over)",
                Phase::Stuck => "a stuck meeting",
            },
        }
    }

    fn check_time(&self, at_ms: u64) -> Result<(), InputError> {
        if at_ms > MAX_TIME_MS {
            return Err(InputError::BadTime(seconds(at_ms)));
        }
        if at_ms < self.now_ms {
            return Err(InputError::TimeWentBackwards {
                at: seconds(at_ms),
                previous: seconds(self.now_ms),
            });
        }
        Ok(())
    }

    /// Applies an input by index at `at_ms`. Refused inputs leave the session unchanged
    /// (apart from timers that ran out before `at_ms`, which happen whatever the input).
    pub fn act(&mut self, at_ms: u64, action: Action) -> Result<(), InputError> {
        self.check_time(at_ms)?;
        let timed_out = self.advance(at_ms);
        match action {
            Action::Study(item) => self.study(at_ms, item)?,
            Action::Depart(travel) => self.depart(at_ms, travel)?,
            Action::Choose(option) => self.choose(at_ms, option)?,
            // The timer that ran out is already logged at its deadline.
            Action::Wait if timed_out => return Ok(()),
            Action::Wait => {}
        }
        self.played.push((
            at_ms,
            match action {
                Action::Study(i) => Played::Study(i),
                Action::Depart(i) => Played::Depart(i),
                Action::Choose(option) => Played::Choose {
                    node: self.last_choice_node(),
                    option,
                },
                Action::Wait => Played::Wait,
            },
        ));
        Ok(())
    }

    fn last_choice_node(&self) -> u32 {
        self.transcript
            .iter()
            .rev()
            .find_map(|e| match e {
                Entry::Choice { node, .. } => Some(*node),
                _ => None,
            })
            .unwrap_or(0)
    }

    fn study(&mut self, at_ms: u64, item: u32) -> Result<(), InputError> {
        if self.phase != Phase::Preparation {
            return Err(self.wrong_phase("study the dossier"));
        }
        let dossier = &self.scenario.source.preparation.dossier;
        let Some(d) = dossier.get(item as usize) else {
            return Err(InputError::UnknownItem {
                id: format!("#{item}"),
                known: list(dossier.iter().map(|d| d.id.as_str())),
            });
        };
        if self.studied[item as usize] {
            return Err(InputError::AlreadyStudied(d.id.clone()));
        }
        let left = self
            .scenario
            .source
            .preparation
            .budget_minutes
            .saturating_sub(self.used_minutes);
        if d.minutes > left {
            return Err(InputError::OverBudget {
                id: d.id.clone(),
                minutes: d.minutes,
                left,
            });
        }
        self.studied[item as usize] = true;
        self.used_minutes = self.used_minutes.saturating_add(d.minutes);
        self.transcript.push(Entry::Studied { at_ms, item });
        self.events.push(Event::Studied { item });
        Ok(())
    }

    fn depart(&mut self, at_ms: u64, travel: u32) -> Result<(), InputError> {
        if self.phase != Phase::Preparation {
            return Err(self.wrong_phase("leave for the meeting"));
        }
        let options = &self.scenario.source.schedule.travel;
        if travel as usize >= options.len() {
            return Err(InputError::UnknownTravel {
                id: format!("#{travel}"),
                known: list(options.iter().map(|t| t.id.as_str())),
            });
        }
        let late_minutes = rules::minutes_late(&self.scenario, &self.world, self.used_minutes, travel);
        let mut recorder = Recorder {
            tally: &mut self.tally,
            mistakes: &mut self.mistakes,
            events: &mut self.events,
            node: None,
            option: None,
            at_ms,
        };
        let state = rules::arrive(
            &self.scenario,
            &self.world,
            self.studied.clone(),
            late_minutes,
            &mut recorder,
        );
        self.state = Some(state);
        self.travel = Some(travel);
        self.arrived_ms = Some(at_ms);
        self.phase = Phase::Meeting;
        self.transcript.push(Entry::Arrived {
            at_ms,
            travel,
            late_minutes,
        });
        self.events.push(Event::Arrived { travel, late_minutes });
        self.events.push(Event::PhaseChanged(Phase::Meeting));
        let start = self.scenario.start;
        self.enter(Target::Node(start), at_ms);
        Ok(())
    }

    fn choose(&mut self, at_ms: u64, option: u32) -> Result<(), InputError> {
        if self.phase != Phase::Meeting {
            return Err(self.wrong_phase("choose an option"));
        }
        let Some(state) = self.state.as_mut() else {
            return Err(self.wrong_phase("choose an option"));
        };
        let node = state.node;
        if at_ms < self.line_start_ms {
            return Err(InputError::LineNotStarted {
                at: seconds(at_ms),
                node: self.scenario.source.nodes[node as usize].id.clone(),
                starts: seconds(self.line_start_ms),
            });
        }
        if !self.offered.contains(&option) {
            let id = self.scenario.source.nodes[node as usize]
                .options
                .get(option as usize)
                .map_or_else(|| format!("#{option}"), |o| o.id.clone());
            return Err(self.not_offered(&id));
        }
        let timing = match self.scenario.nodes[node as usize].speaker {
            Some(_) if at_ms < self.line_end_ms => Timing::Interrupting,
            Some(p) if at_ms > self.line_end_ms + self.allowance.window_ms(self.scenario.patience_ms[p as usize]) => {
                Timing::Hesitant
            }
            _ => Timing::Prompt,
        };
        self.transcript.push(Entry::Choice {
            at_ms,
            node,
            option,
            timing,
        });
        self.events.push(Event::OptionChosen {
            node,
            option,
            at_ms,
            timing,
        });
        let mut recorder = Recorder {
            tally: &mut self.tally,
            mistakes: &mut self.mistakes,
            events: &mut self.events,
            node: Some(node),
            option: Some(option),
            at_ms,
        };
        let step = rules::choose(&self.scenario, state, option, timing, &mut recorder);
        self.enter(step.next, at_ms + step.spend_ms);
        Ok(())
    }

    /// Moves the clock to `at_ms`, letting any timers that run out before then take their path.
    /// Earlier times are ignored; the clock never goes back.
    pub fn advance_to(&mut self, at_ms: u64) {
        self.advance(at_ms);
    }

    /// [`Session::advance_to`], telling whether a timer ran out. Each timer that runs out is logged as
    /// a `Wait` at its deadline, so the played inputs replay to the same place even when a silence
    /// ends the meeting and no input follows.
    fn advance(&mut self, at_ms: u64) -> bool {
        let mut timed_out = false;
        while self.phase == Phase::Meeting {
            let Some(deadline) = self.deadline_ms.filter(|&d| d <= at_ms) else {
                break;
            };
            let Some(state) = self.state.as_mut() else { break };
            let node = state.node;
            self.transcript.push(Entry::Silence { at_ms: deadline, node });
            self.events.push(Event::TimerRanOut { node, at_ms: deadline });
            self.played.push((deadline, Played::Wait));
            timed_out = true;
            let mut recorder = Recorder {
                tally: &mut self.tally,
                mistakes: &mut self.mistakes,
                events: &mut self.events,
                node: Some(node),
                option: None,
                at_ms: deadline,
            };
            let Some(step) = rules::time_out(&self.scenario, state, &mut recorder) else {
                break;
            };
            self.enter(step.next, deadline + step.spend_ms);
        }
        self.now_ms = self.now_ms.max(at_ms);
        timed_out
    }

    fn enter(&mut self, target: Target, at_ms: u64) {
        let Some(state) = self.state.as_mut() else { return };
        // A mistake made on arrival at an ending (closing below the floor) belongs to the act that
        // led there: the option chosen, so the debrief can quote what the player said, or the
        // silence that let a timer run out.
        let (node_for_record, option_for_record) = match target {
            Target::Node(n) => (Some(n), None),
            Target::Ending(_) => match self.transcript.last() {
                Some(Entry::Choice { node, option, .. }) => (Some(*node), Some(*option)),
                _ => (
                    self.transcript.iter().rev().find_map(|e| match e {
                        Entry::Line { node, .. } => Some(*node),
                        _ => None,
                    }),
                    None,
                ),
            },
        };
        let mut recorder = Recorder {
            tally: &mut self.tally,
            mistakes: &mut self.mistakes,
            events: &mut self.events,
            node: node_for_record,
            option: option_for_record,
            at_ms,
        };
        if let Some(ending) = rules::enter(&self.scenario, state, target, &mut recorder) {
            self.ending = Some((ending, at_ms));
            self.phase = Phase::Ended;
            self.deadline_ms = None;
            self.offered.clear();
            self.transcript.push(Entry::Ending { at_ms, ending });
            self.events.push(Event::MeetingEnded { ending, at_ms });
            self.events.push(Event::PhaseChanged(Phase::Ended));
            return;
        }
        let node = state.node;
        let compiled = &self.scenario.nodes[node as usize];
        self.line_start_ms = at_ms;
        self.line_end_ms = at_ms + compiled.speak_ms;
        self.deadline_ms = compiled
            .timer
            .as_ref()
            .map(|t| self.line_end_ms + self.allowance.window_ms(t.ms));
        rules::offered_options(&self.scenario, state, &mut self.offered);
        self.transcript.push(Entry::Line { at_ms, node });
        self.events.push(Event::LinePresented {
            node,
            starts_ms: self.line_start_ms,
            ends_ms: self.line_end_ms,
            deadline_ms: self.deadline_ms,
        });
        if self.offered.is_empty() && self.deadline_ms.is_none() {
            self.phase = Phase::Stuck;
            self.events.push(Event::PhaseChanged(Phase::Stuck));
        }
    }

    /// How many inputs have been played (timers that ran out included), without building them.
    pub fn inputs_played(&self) -> usize {
        self.played.len()
    }

    /// The inputs played so far, in the inputs-file format (replayable with `--inputs`).
    pub fn played_inputs(&self) -> InputsFile {
        InputsFile {
            scenario: self.scenario.source.id.clone(),
            seed: self.seed,
            time_allowance: self.allowance,
            inputs: self
                .played_inputs_ms()
                .into_iter()
                .map(|(at_ms, action)| TimedInput {
                    at: seconds(at_ms),
                    action,
                })
                .collect(),
        }
    }

    /// The inputs played so far, by id, each at its time in whole milliseconds: what replays exactly.
    pub fn played_inputs_ms(&self) -> Vec<(u64, InputAction)> {
        let s = &self.scenario.source;
        self.played
            .iter()
            .map(|&(at_ms, p)| {
                let action = match p {
                    Played::Study(i) => InputAction::Study(s.preparation.dossier[i as usize].id.clone()),
                    Played::Depart(i) => InputAction::Depart(s.schedule.travel[i as usize].id.clone()),
                    Played::Choose { node, option } => {
                        InputAction::Choose(s.nodes[node as usize].options[option as usize].id.clone())
                    }
                    Played::Wait => InputAction::Wait,
                };
                (at_ms, action)
            })
            .collect()
    }
}

fn list<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let all: Vec<&str> = ids.collect();
    if all.is_empty() {
        "nothing".into()
    } else {
        all.join(", ")
    }
}
