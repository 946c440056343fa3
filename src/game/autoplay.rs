//! Autoplay: plays a scenario through the real window from a script of timed inputs or a policy,
//! saves a PNG of each screen, and exits at the debrief. Used by the CI smoke test and for the
//! screenshots in the documentation.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};

use super::content::Library;
use super::runner::{Meeting, StartScenario};
use super::{GameSystems, Screen};
use crate::core::allowance::TimeAllowance;
use crate::core::engine::Action;
use crate::core::inputs::{InputAction, InputsFile};
use crate::core::policy::{self, Policy};

/// What autoplay plays.
#[derive(Debug, Clone)]
pub enum Script {
    /// A recorded or written inputs file.
    Inputs(InputsFile),
    /// An automatic player (its inputs are generated headless, then played in the window).
    Policy(Policy),
}

/// The autoplay run.
#[derive(Resource, Debug, Clone)]
pub struct Autoplay {
    /// Scenario id or file.
    pub scenario: String,
    /// Seed of the session.
    pub seed: u64,
    /// What to play.
    pub script: Script,
    /// Where to save screenshots (none: just play).
    pub screenshots: Option<PathBuf>,
    /// Virtual-clock speed-up, so a long meeting plays in a reasonable time.
    pub speed: f32,
}

/// Progress of the run.
#[derive(Resource, Default)]
struct Progress {
    inputs: Vec<(u64, InputAction)>,
    next: usize,
    /// How much later than scripted the inputs fed so far were taken, in session milliseconds
    /// (see [`feed_inputs`]): the rest of the script is shifted by as much.
    lag_ms: u64,
    captured: Vec<Screen>,
    capture: Option<Capture>,
    finished: bool,
}

/// A screenshot being taken: the clock is paused until the file is written.
struct Capture {
    screen: Screen,
    /// The file name's part after the number (the screen's name, or a view of it).
    label: String,
    frames: u32,
    path: Option<PathBuf>,
}

const SETTLE_FRAMES: u32 = 8;
const MAX_WAIT_FRAMES: u32 = 600;

fn speed_up(autoplay: Res<Autoplay>, mut time: ResMut<Time<Virtual>>) {
    time.set_relative_speed(autoplay.speed.max(0.1));
}

/// On the menu: capture it, then start the scenario.
fn start_from_menu(
    autoplay: Res<Autoplay>,
    library: Res<Library>,
    progress: Res<Progress>,
    mut start: MessageWriter<StartScenario>,
    mut exit: MessageWriter<AppExit>,
    mut started: Local<bool>,
) {
    if *started
        || progress.capture.is_some()
        || (autoplay.screenshots.is_some() && !progress.captured.contains(&Screen::Menu))
    {
        return;
    }
    *started = true;
    match library.find(&autoplay.scenario) {
        Some(scenario) => {
            start.write(StartScenario {
                scenario,
                seed: autoplay.seed,
                // An inputs file replays with the time it was played with; the automatic players
                // answer within the scenario's own windows.
                time_allowance: Some(match &autoplay.script {
                    Script::Inputs(file) => file.time_allowance,
                    Script::Policy(_) => TimeAllowance::Standard,
                }),
            });
        }
        None => {
            error!("autoplay: no scenario `{}` loads", autoplay.scenario);
            exit.write(AppExit::error());
        }
    }
}

/// Turns the script into timed inputs once the session exists.
fn prepare_script(
    autoplay: Res<Autoplay>,
    meeting: Res<Meeting>,
    mut progress: ResMut<Progress>,
    mut exit: MessageWriter<AppExit>,
    mut done: Local<bool>,
) {
    if *done {
        return;
    }
    *done = true;
    let file = match &autoplay.script {
        Script::Inputs(file) if file.scenario != meeting.scenario().source.id => {
            error!(
                "autoplay: the inputs were recorded on `{}`, not `{}`",
                file.scenario,
                meeting.scenario().source.id
            );
            exit.write(AppExit::error());
            return;
        }
        Script::Inputs(file) => file.clone(),
        Script::Policy(p) => match policy::play(meeting.scenario().clone(), autoplay.seed, *p) {
            Ok(session) => session.played_inputs(),
            Err(e) => {
                error!("autoplay: {e}");
                exit.write(AppExit::error());
                return;
            }
        },
    };
    progress.inputs = file
        .inputs
        .into_iter()
        .map(|i| ((i.at * 1000.0).round() as u64, i.action))
        .collect();
}

/// Feeds the script's inputs when their time comes, resolving ids with the engine's own rules; visits
/// the travel screen before departing. One action per frame, so each is resolved against the state
/// the previous one left. A refused input ends the run with an error rather than stalling it.
///
/// Each input is given to the session at its scripted time, not at the frame's: a frame can end well
/// after it (a loaded machine at `--speed 8` steps the clock by up to two seconds), and an answer
/// taken late could turn a scripted interruption into a prompt answer, or a prompt one into the next
/// line's interruption. Only when the session is already past that time (two inputs due in one
/// frame, or the travel screen visited first) is it taken at the session's time, and the rest of the
/// script shifted by as much, so each input keeps its place relative to the line it answers. The
/// window then plays exactly what `kam-sim run` plays (the smoke test compares the scores).
fn feed_inputs(
    mut meeting: ResMut<Meeting>,
    time: Res<Time<Virtual>>,
    screen: Res<State<Screen>>,
    mut progress: ResMut<Progress>,
    mut next: ResMut<NextState<Screen>>,
    mut exit: MessageWriter<AppExit>,
) {
    if progress.capture.is_some() {
        return;
    }
    let now = meeting.now_ms(&time);
    while let Some((scripted, action)) = progress.inputs.get(progress.next).cloned() {
        let due = scripted + progress.lag_ms;
        if due > now {
            return;
        }
        if matches!(action, InputAction::Depart(_)) && *screen.get() == Screen::Briefing {
            next.set(Screen::Travel);
            return;
        }
        progress.next += 1;
        let resolved = match meeting.session.resolve(&action) {
            Ok(Action::Wait) => continue,
            Ok(resolved) => resolved,
            Err(e) => {
                error!("autoplay: input {} ({action:?}) was refused: {e}", progress.next);
                exit.write(AppExit::error());
                return;
            }
        };
        let at = due.max(meeting.session.now_ms());
        progress.lag_ms += at - due;
        // The same engine call as a key press (runner's `apply_player_actions`), at the input's time.
        if let Err(e) = meeting.session.act(at, resolved) {
            error!("autoplay: input {} ({action:?}) was refused: {e}", progress.next);
            exit.write(AppExit::error());
        }
        return;
    }
}

/// Captures each screen once: pause the clock, let the UI settle, save, resume.
fn capture_screens(
    mut commands: Commands,
    autoplay: Res<Autoplay>,
    screen: Res<State<Screen>>,
    meeting: Option<Res<Meeting>>,
    mut progress: ResMut<Progress>,
    mut time: ResMut<Time<Virtual>>,
    mut exit: MessageWriter<AppExit>,
    mut page: Option<ResMut<super::screens::DebriefPage>>,
    client: Option<Res<super::screens::client_side::ClientSide>>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(dir) = &autoplay.screenshots else {
        if *screen.get() == Screen::Debrief && !progress.finished {
            progress.finished = true;
            exit.write(AppExit::Success);
        }
        return;
    };
    let current = *screen.get();
    if progress.capture.is_none() && !progress.captured.contains(&current) && current != Screen::Loading {
        // In the meeting, wait until a stakeholder is a third into a line (scripted interruptions come
        // at the half), so the picture shows a line being spoken with the options available.
        let ready = current != Screen::Meeting
            || meeting.as_ref().is_some_and(|m| {
                let (start, end, _) = m.session.line_window();
                let spoken = m
                    .session
                    .current_node()
                    .is_some_and(|n| m.scenario().nodes[n as usize].speaker.is_some());
                spoken && m.now_ms(&time) >= start + (end - start) / 3
            });
        if ready {
            time.pause();
            progress.capture = Some(Capture {
                screen: current,
                label: format!("{current:?}").to_lowercase(),
                frames: 0,
                path: None,
            });
        }
        return;
    }
    let index = progress.captured.len() + 1;
    let Some(capture) = progress.capture.as_mut() else {
        return;
    };
    capture.frames += 1;
    if capture.frames == SETTLE_FRAMES {
        let name = format!("{index:02}-{}.png", capture.label);
        let path = dir.join(name);
        let _ = std::fs::remove_file(&path);
        commands
            .spawn(Screenshot::primary_window())
            .observe(save_to_disk(path.clone()));
        capture.path = Some(path);
    }
    let written = capture.path.as_ref().is_some_and(|p| p.exists());
    if written || capture.frames > MAX_WAIT_FRAMES {
        if !written {
            error!("autoplay: the screenshot of {:?} was not written", capture.screen);
            exit.write(AppExit::error());
        }
        let screen = capture.screen;
        let label = capture.label.clone();
        progress.captured.push(screen);
        progress.capture = None;
        time.unpause();
        // After the debrief: its client's-side view, then the Progress screen, then the end.
        match (screen, label.as_str()) {
            (Screen::Debrief, "debrief") => {
                if let Some(page) = page.as_mut() {
                    page.client = true;
                    page.moment = client
                        .as_ref()
                        .and_then(|c| c.0.as_ref())
                        .and_then(|v| {
                            // A moment the player spoke and made a mistake: the view's point.
                            let answered = |m: &crate::core::client_view::Moment| {
                                matches!(m.act, crate::core::client_view::Act::Answered { .. })
                            };
                            v.moments
                                .iter()
                                .position(|m| answered(m) && !m.mistakes.is_empty())
                                .or_else(|| v.moments.iter().position(|m| !m.mistakes.is_empty()))
                        })
                        .unwrap_or(0);
                }
                time.pause();
                progress.capture = Some(Capture {
                    screen,
                    label: "debrief-client".into(),
                    frames: 0,
                    path: None,
                });
            }
            (Screen::Debrief, _) => next.set(Screen::Progress),
            _ if screen == Screen::Progress && !progress.finished => {
                progress.finished = true;
                exit.write(AppExit::Success);
            }
            _ => {}
        }
    }
}

/// Says on standard output what the autoplayed meeting scored, as the debrief opens: a script can
/// compare it with `kam-sim run --policy …` on the same seed, which the game must reproduce.
fn report_result(meeting: Res<Meeting>, autoplay: Res<Autoplay>) {
    match crate::core::result::result_of(&meeting.session, None) {
        Ok(r) => println!(
            "autoplay: {} seed {}: score {}, ending {}, {} mistake(s)",
            r.scenario,
            autoplay.seed,
            r.score,
            r.ending,
            r.mistakes.len()
        ),
        Err(e) => println!("autoplay: no result: {e}"),
    }
}

/// Adds autoplay to the game app (with a window).
pub fn plugin(app: &mut App) {
    app.init_resource::<Progress>()
        .add_systems(Startup, speed_up)
        .add_systems(
            OnEnter(Screen::Debrief),
            report_result.run_if(resource_exists::<Meeting>),
        )
        .add_systems(
            Update,
            start_from_menu
                .in_set(GameSystems::Input)
                .run_if(in_state(Screen::Menu)),
        )
        .add_systems(
            Update,
            (prepare_script, feed_inputs).chain().in_set(GameSystems::Input).run_if(
                resource_exists::<Meeting>.and_then(
                    in_state(Screen::Briefing)
                        .or_else(in_state(Screen::Travel))
                        .or_else(in_state(Screen::Meeting)),
                ),
            ),
        )
        .add_systems(Update, capture_screens.in_set(GameSystems::Present));
}
