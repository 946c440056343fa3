//! The one place where the game meets the engine: a [`Meeting`] wraps the core session, takes the
//! player's actions with the virtual clock's time, and re-emits what the session reports.

use std::sync::Arc;
use std::time::Duration;

use bevy::prelude::*;

use super::language::Language;
use super::{GameSystems, Screen, Settings};
use crate::core::allowance::TimeAllowance;
use crate::core::compile::CompiledScenario;
use crate::core::engine::{Action, Event, Phase, Session};

/// The session being played, and where its time zero sits on the virtual clock.
#[derive(Resource)]
pub struct Meeting {
    /// The core session, on the scenario in the player's language.
    pub session: Session,
    /// The scenario as written (English): every translation is made from it.
    english: Arc<CompiledScenario>,
    /// Texts of the scenario shown in English for want of a translation.
    pub fell_back: usize,
    /// Whether this meeting is recorded in the practice journal already.
    pub journaled: bool,
    origin: Duration,
    /// Session time at `origin` (0, or where a resumed session stood).
    base_ms: u64,
    /// Why the last action was refused, shown to the player.
    pub refusal: Option<String>,
}

impl Meeting {
    /// Starts a session whose time zero is now, in the language of `language`, timed with
    /// `allowance` (the settings' answer time in practice, the assessment's in a run).
    pub fn start(
        english: Arc<CompiledScenario>,
        seed: u64,
        allowance: TimeAllowance,
        time: &Time<Virtual>,
        language: &Language,
    ) -> Meeting {
        let (scenario, fell_back) = language.scenario(&english);
        Meeting {
            session: Session::new(scenario, seed).with_time_allowance(allowance),
            english,
            fell_back,
            journaled: false,
            origin: time.elapsed(),
            base_ms: 0,
            refusal: None,
        }
    }

    /// Continues a session replayed from saved inputs: its clock goes on from its last input.
    pub fn resume(session: Session, time: &Time<Virtual>, language: &Language) -> Meeting {
        let english = session.scenario().clone();
        let mut meeting = Meeting {
            base_ms: session.now_ms(),
            session,
            english,
            fell_back: 0,
            journaled: false,
            origin: time.elapsed(),
            refusal: None,
        };
        let (translated, fell_back) = language.scenario(&meeting.english);
        meeting.switch_scenario(translated, fell_back);
        meeting
    }

    /// The scenario as written, before translation.
    pub fn english(&self) -> &Arc<CompiledScenario> {
        &self.english
    }

    /// Goes on with the same play on another translation of the scenario (see
    /// [`Session::replayed_on`]); should the replay fail, the meeting stays as it was.
    pub fn switch_scenario(&mut self, scenario: Arc<CompiledScenario>, fell_back: usize) {
        match self.session.replayed_on(scenario) {
            Ok(session) => {
                self.session = session;
                self.fell_back = fell_back;
            }
            Err(e) => error!("the meeting could not be carried over to the new language: {e}"),
        }
    }

    /// Milliseconds since the session started, on the virtual (pausable) clock.
    pub fn now_ms(&self, time: &Time<Virtual>) -> u64 {
        self.base_ms + time.elapsed().saturating_sub(self.origin).as_millis() as u64
    }

    /// The scenario being played.
    pub fn scenario(&self) -> &Arc<CompiledScenario> {
        self.session.scenario()
    }
}

/// Something the player did, by index (screens write these; the runner applies them).
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlayerAction {
    /// Study a dossier item.
    Study(u32),
    /// Leave for the meeting.
    Depart(u32),
    /// Choose an option of the current node.
    Choose(u32),
}

/// Ask to start a scenario (from the menu, a replay, or the launch options).
#[derive(Message, Debug, Clone)]
pub struct StartScenario {
    /// The scenario.
    pub scenario: Arc<CompiledScenario>,
    /// The seed.
    pub seed: u64,
    /// The answering time, when the request fixes it (an autoplayed inputs file says what it was
    /// played with); otherwise the settings' answer time.
    pub time_allowance: Option<TimeAllowance>,
}

/// A stakeholder's (or the narrator's) line started.
#[derive(Message, Debug, Clone, Copy)]
pub struct LinePresented {
    /// Node index.
    pub node: u32,
}

/// The engine detected a mistake.
#[derive(Message, Debug, Clone, Copy)]
pub struct MistakeDetected {
    /// Index into the session's mistakes.
    pub index: usize,
}

/// The meeting reached an ending.
#[derive(Message, Debug, Clone, Copy)]
pub struct MeetingEnded {
    /// Ending index.
    pub ending: u32,
}

/// Whether a meeting is being played.
pub fn meeting_is_running(meeting: Option<Res<Meeting>>) -> bool {
    meeting.is_some()
}

fn start_scenarios(
    mut commands: Commands,
    mut requests: MessageReader<StartScenario>,
    time: Res<Time<Virtual>>,
    language: Res<Language>,
    settings: Res<Settings>,
    mut next: ResMut<NextState<Screen>>,
) {
    if let Some(request) = requests.read().last() {
        commands.insert_resource(Meeting::start(
            request.scenario.clone(),
            request.seed,
            request.time_allowance.unwrap_or(settings.time_allowance),
            &time,
            &language,
        ));
        next.set(Screen::Briefing);
    }
}

fn apply_player_actions(
    mut meeting: ResMut<Meeting>,
    time: Res<Time<Virtual>>,
    mut actions: MessageReader<PlayerAction>,
) {
    for action in actions.read() {
        let now = meeting.now_ms(&time);
        let action = match *action {
            PlayerAction::Study(i) => Action::Study(i),
            PlayerAction::Depart(i) => Action::Depart(i),
            PlayerAction::Choose(i) => Action::Choose(i),
        };
        meeting.refusal = meeting.session.act(now, action).err().map(|e| e.to_string());
    }
}

fn advance_meeting_clock(mut meeting: ResMut<Meeting>, time: Res<Time<Virtual>>) {
    let now = meeting.now_ms(&time);
    meeting.session.advance_to(now);
}

fn relay_session_events(
    mut meeting: ResMut<Meeting>,
    mut next: ResMut<NextState<Screen>>,
    mut lines: MessageWriter<LinePresented>,
    mut mistakes: MessageWriter<MistakeDetected>,
    mut endings: MessageWriter<MeetingEnded>,
) {
    for event in meeting.session.drain_events() {
        match event {
            Event::PhaseChanged(Phase::Meeting) => next.set(Screen::Meeting),
            Event::PhaseChanged(Phase::Ended | Phase::Stuck) => next.set(Screen::Debrief),
            Event::LinePresented { node, .. } => {
                lines.write(LinePresented { node });
            }
            Event::MistakeDetected { index } => {
                mistakes.write(MistakeDetected { index });
            }
            Event::MeetingEnded { ending, .. } => {
                endings.write(MeetingEnded { ending });
            }
            _ => {}
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_message::<PlayerAction>()
        .add_message::<StartScenario>()
        .add_message::<LinePresented>()
        .add_message::<MistakeDetected>()
        .add_message::<MeetingEnded>()
        .add_systems(Update, start_scenarios.in_set(GameSystems::Input))
        .add_systems(
            Update,
            (apply_player_actions, advance_meeting_clock, relay_session_events)
                .chain()
                .in_set(GameSystems::Engine)
                .run_if(meeting_is_running),
        );
}
