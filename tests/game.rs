//! The game, headless: `MinimalPlugins`, states and simulated key presses drive real scenarios
//! through every screen, and the tests check what a player would see.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on what it does not expect"
)]

use std::time::Duration;

use bevy::asset::AssetPlugin;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::input::{ButtonState, InputPlugin};
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;
use kam_sim::game::content::{Library, ScenarioFile};
use kam_sim::game::runner::Meeting;
use kam_sim::game::{GamePlugin, Launch, Screen};

/// Each `update()` advances the game clock by this much.
const FRAME: Duration = Duration::from_millis(100);

fn game(scenario: &str, seed: u64) -> App {
    app_with(Launch {
        scenario: Some(scenario.into()),
        seed: Some(seed),
        assessment: None,
        lang: None,
        ..Launch::default()
    })
}

/// The game, headless, started as `launch` says.
fn app_with(launch: Launch) -> App {
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        StatesPlugin,
        InputPlugin,
        // The game's asset root is the scenarios folder (see `kam_sim::game::run`).
        AssetPlugin {
            file_path: concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios").into(),
            ..default()
        },
    ))
    .add_plugins(GamePlugin)
    .insert_resource(TimeUpdateStrategy::ManualDuration(FRAME))
    .insert_resource(launch);
    app
}

/// The test vocabulary: what a player does and sees.
trait PlayerSim {
    fn screen(&self) -> Screen;
    fn press(&mut self, key: KeyCode);
    fn wait(&mut self, seconds: f32);
    fn advance_until(&mut self, screen: Screen);
    fn meeting(&self) -> &Meeting;
    fn now_ms(&self) -> u64;
    fn wait_for_line_end(&mut self);
}

impl PlayerSim for App {
    fn screen(&self) -> Screen {
        *self.world().resource::<State<Screen>>().get()
    }

    fn press(&mut self, key: KeyCode) {
        for state in [ButtonState::Pressed, ButtonState::Released] {
            self.world_mut().write_message(KeyboardInput {
                key_code: key,
                logical_key: Key::Unidentified(bevy::input::keyboard::NativeKey::Unidentified),
                state,
                text: None,
                repeat: false,
                window: Entity::PLACEHOLDER,
            });
            self.update();
        }
    }

    fn wait(&mut self, seconds: f32) {
        for _ in 0..(seconds / FRAME.as_secs_f32()).ceil() as usize {
            self.update();
        }
    }

    fn advance_until(&mut self, screen: Screen) {
        // Asset loading happens on other threads: give it real time, bounded.
        for _ in 0..2000 {
            if self.screen() == screen {
                return;
            }
            self.update();
            std::thread::sleep(Duration::from_millis(2));
        }
        panic!("never reached {screen:?}; stuck on {:?}", self.screen());
    }

    fn meeting(&self) -> &Meeting {
        self.world().resource::<Meeting>()
    }

    fn now_ms(&self) -> u64 {
        self.meeting().now_ms(self.world().resource::<Time<Virtual>>())
    }

    fn wait_for_line_end(&mut self) {
        let (_, end, _) = self.meeting().session.line_window();
        while self.now_ms() <= end {
            self.update();
        }
    }
}

fn mistakes(app: &App) -> Vec<(&'static str, Option<String>)> {
    let c = app.meeting().scenario().clone();
    app.meeting()
        .session
        .mistakes()
        .iter()
        .map(|m| (m.kind.id(), m.node.map(|n| c.source.nodes[n as usize].id.clone())))
        .collect()
}

/// Studies the first `items` dossier entries, leaves, and takes route `route` (1-based).
fn prepare_and_travel(app: &mut App, items: usize, route: KeyCode) {
    app.advance_until(Screen::Briefing);
    for digit in [
        KeyCode::Digit1,
        KeyCode::Digit2,
        KeyCode::Digit3,
        KeyCode::Digit4,
        KeyCode::Digit5,
    ]
    .into_iter()
    .take(items)
    {
        app.press(digit);
    }
    app.press(KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Travel);
    app.press(route);
    app.advance_until(Screen::Meeting);
}

#[test]
fn a_scenario_plays_through_every_screen_with_the_keyboard_alone() {
    let mut app = game("inherited_account_first_meeting", 4);
    prepare_and_travel(&mut app, 5, KeyCode::Digit1);
    assert_eq!(app.meeting().session.studied(), [true; 5]);
    while app.screen() == Screen::Meeting {
        app.wait_for_line_end();
        app.wait(0.5);
        app.press(KeyCode::Digit1);
    }
    assert_eq!(app.screen(), Screen::Debrief);
    let debrief = app.world().resource::<kam_sim::game::screens::Debrief>();
    let result = debrief.0.as_ref().expect("scored");
    assert!(!result.transcript.is_empty());
    assert_eq!(
        result.ending,
        app.meeting()
            .session
            .ending()
            .map(|(e, _)| app.meeting().scenario().source.endings[e as usize].id.clone())
            .unwrap()
    );
}

#[test]
fn pressing_an_option_while_the_client_is_speaking_is_scored_as_an_interruption() {
    let mut app = game("inherited_account_first_meeting", 4);
    prepare_and_travel(&mut app, 5, KeyCode::Digit1);
    // The narration can be answered at once; Tomás Reyes's line that follows cannot.
    app.press(KeyCode::Digit1);
    let (start, end, _) = app.meeting().session.line_window();
    assert!(app.now_ms() < end, "the line is still being spoken ({start}..{end})");
    app.press(KeyCode::Digit2); // accepting his coffee: a polite answer, given too early
    assert_eq!(mistakes(&app), [("interrupting", Some("reyes_coffee".to_owned()))]);
}

#[test]
fn lateness_appears_in_the_debrief_when_travel_runs_late() {
    // Studying the whole dossier (35 min) and taking the metro (45 min) misses a 09:15 meeting.
    let mut app = game("breadwinner_discount_squeeze", 1);
    prepare_and_travel(&mut app, 5, KeyCode::Digit2);
    while app.screen() == Screen::Meeting {
        app.wait_for_line_end();
        app.wait(0.5);
        app.press(KeyCode::Digit1);
    }
    let debrief = app.world().resource::<kam_sim::game::screens::Debrief>();
    let result = debrief.0.as_ref().expect("scored");
    assert!(result.preparation.minutes_late >= 5);
    assert_eq!(result.mistakes.first().map(|m| m.id.as_str()), Some("lateness"));
}

#[test]
fn the_debrief_lists_exactly_the_mistakes_the_engine_detected() {
    let mut app = game("buying_committee_pitch", 9);
    prepare_and_travel(&mut app, 1, KeyCode::Digit2);
    // Answer everything at once: interruptions wherever someone speaks.
    while app.screen() == Screen::Meeting {
        app.press(KeyCode::Digit1);
        app.wait(0.2);
    }
    let engine: Vec<_> = mistakes(&app)
        .into_iter()
        .map(|(id, node)| (id.to_owned(), node))
        .collect();
    let debrief = app.world().resource::<kam_sim::game::screens::Debrief>();
    let shown: Vec<_> = debrief
        .0
        .as_ref()
        .unwrap()
        .mistakes
        .iter()
        .map(|m| (m.id.to_owned(), m.node.clone()))
        .collect();
    assert!(engine.iter().any(|(id, _)| id == "interrupting"));
    assert_eq!(shown, engine);
}

#[test]
fn pausing_stops_the_meeting_clock() {
    let mut app = game("inherited_account_first_meeting", 4);
    prepare_and_travel(&mut app, 5, KeyCode::Digit1);
    app.press(KeyCode::Escape);
    let paused_at = app.now_ms();
    app.wait(5.0);
    assert_eq!(app.now_ms(), paused_at, "no time passes while paused");
    app.press(KeyCode::Digit1);
    assert!(
        app.meeting()
            .session
            .transcript()
            .iter()
            .all(|e| !matches!(e, kam_sim::core::engine::Entry::Choice { .. })),
        "keys do not answer while paused"
    );
    app.press(KeyCode::Escape);
    app.wait(1.0);
    assert!(app.now_ms() > paused_at);
}

#[test]
fn a_broken_edit_keeps_the_last_good_version_and_shows_the_diagnostic() {
    let mut app = game("no_such_scenario", 1);
    app.advance_until(Screen::Menu);
    let (id, good_before) = {
        let library = app.world().resource::<Library>();
        assert!(!library.entries.is_empty(), "no scenario loaded: {:?}", library.error);
        let entry = &library.entries[0];
        (entry.handle.id(), entry.good.clone().expect("loads"))
    };
    let broken = kam_sim::core::load::load_scenario_text("scenarios/edited.ron", "Scenario(id: \"x\",,)");
    app.world_mut()
        .resource_mut::<Assets<ScenarioFile>>()
        .insert(
            id,
            ScenarioFile {
                report: broken.report,
                scenario: None,
            },
        )
        .unwrap();
    app.update();
    app.update();
    let library = app.world().resource::<Library>();
    let entry = library.entries.iter().find(|e| e.handle.id() == id).unwrap();
    assert!(
        std::sync::Arc::ptr_eq(entry.good.as_ref().unwrap(), &good_before),
        "the last good version is kept"
    );
    assert!(entry.report.errors() > 0);
    assert!(entry.report.render().contains("kam::ron::syntax"));
}

#[test]
fn the_embedded_content_unpacks_into_a_loadable_library() {
    let dir = std::env::temp_dir().join(format!("kam-sim-embedded-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let root = kam_sim::core::content::unpack_embedded_into(&dir).expect("unpacks");
    let shipped = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios"))
        .unwrap()
        .count();
    let files: Vec<_> = std::fs::read_dir(root.join("scenarios")).unwrap().flatten().collect();
    assert_eq!(files.len(), shipped, "every shipped scenario is embedded");
    for f in files {
        let loaded = kam_sim::core::load::load_scenario_file(&f.path());
        assert!(loaded.report.diagnostics.is_empty(), "{}", loaded.report.render());
    }
    assert!(root.join("profiles/kam_target.ron").is_file());
    assert!(root.join("assessments/kam_candidate_standard.ron").is_file());
}

fn assessment_app(mode: kam_sim::game::assessment::AssessmentMode) -> App {
    app_with(Launch {
        scenario: None,
        seed: None,
        assessment: Some(mode),
        lang: None,
        ..Launch::default()
    })
}

/// Plays whatever screen the assessment is on, one step: the preparation and route with the keyboard,
/// or the first option of the current line once it has been said.
fn assessment_step(app: &mut App) {
    match app.screen() {
        Screen::Briefing => {
            app.press(KeyCode::Digit1);
            app.press(KeyCode::Enter);
        }
        Screen::Travel => {
            app.press(KeyCode::Digit2);
        }
        Screen::Meeting => {
            app.wait_for_line_end();
            app.wait(0.5);
            app.press(KeyCode::Digit1);
        }
        _ => app.update(),
    }
}

fn assessment_mode(name: &str) -> (std::path::PathBuf, kam_sim::game::assessment::AssessmentMode) {
    use kam_sim::core::assessment::load_assessment;
    use kam_sim::core::assessment::signing::generate_key;
    use std::sync::Arc;
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("kam-sim-game-assessment-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let assessment = Arc::new(
        load_assessment(
            "kam_candidate_standard",
            &kam_sim::core::content::ContentDirs::under(&root),
        )
        .unwrap(),
    );
    let key = Arc::new(generate_key(&dir.join("k.key")).unwrap());
    let mode = kam_sim::game::assessment::AssessmentMode {
        assessment,
        candidate: "ana".into(),
        key,
        progress_path: dir.join("ana.progress.json"),
        result_path: dir.join("ana.json"),
        time_allowance: Default::default(),
    };
    (dir, mode)
}

#[test]
fn a_saved_run_that_cannot_be_resumed_is_kept_aside_and_the_candidate_is_told() {
    use kam_sim::game::assessment::AssessmentRun;
    let (dir, mode) = assessment_mode("damaged");
    let damaged = "{\"format\": \"kam-sim/assessment-progress/2\", \"runs\": [tor";
    std::fs::write(&mode.progress_path, damaged).unwrap();
    let mut app = assessment_app(mode.clone());
    app.advance_until(Screen::Briefing);
    let problem = app
        .world()
        .resource::<AssessmentRun>()
        .problem
        .clone()
        .unwrap_or_default();
    assert!(
        problem.contains("could not be resumed") && problem.contains("unresumable"),
        "{problem}"
    );
    let kept: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".unresumable-"))
        .collect();
    assert_eq!(kept.len(), 1, "the damaged run is moved aside");
    assert_eq!(
        std::fs::read_to_string(kept[0].path()).unwrap(),
        damaged,
        "byte for byte"
    );
    app.press(KeyCode::Digit1);
    assert!(mode.progress_path.exists(), "the new run is saved under the usual name");
}

#[test]
fn an_assessment_closed_mid_run_resumes_at_its_last_input_and_ends_with_a_signed_result() {
    use kam_sim::core::assessment::runner::Progress;
    use kam_sim::core::assessment::signing::{read_key, verify};
    use kam_sim::game::assessment::AssessmentRun;
    let (dir, mode) = assessment_mode("resume");
    let key_path = dir.join("k.key");
    let assessment = mode.assessment.clone();
    // First session: the first scenario and part of the second, then the window is closed.
    let mut app = assessment_app(mode.clone());
    app.advance_until(Screen::Briefing);
    assert_eq!(app.world().resource::<AssessmentRun>().index(), 0);
    for _ in 0..400 {
        if app.world().resource::<AssessmentRun>().index() == 1 && app.screen() == Screen::Meeting {
            break;
        }
        assessment_step(&mut app);
    }
    app.press(KeyCode::Digit1);
    let played_before = app.meeting().session.played_inputs();
    assert!(!played_before.inputs.is_empty());
    drop(app);
    let saved = Progress::load(&mode.progress_path)
        .unwrap()
        .expect("saved after every input");
    assert_eq!(saved.runs.len(), 2);
    let saved_times: Vec<f64> = saved.runs[1].inputs.iter().map(|i| i.at_ms as f64 / 1000.0).collect();
    let played_times: Vec<f64> = played_before.inputs.iter().map(|i| i.at).collect();
    assert_eq!(saved_times, played_times, "the last input is saved");
    // Relaunch: the run resumes where it was left, in the meeting.
    let mut app = assessment_app(mode.clone());
    app.advance_until(Screen::Meeting);
    assert_eq!(app.world().resource::<AssessmentRun>().index(), 1);
    assert_eq!(app.meeting().session.played_inputs(), played_before);
    // Play to the end: no menu, no replay; the result file is signed and replays exactly.
    for _ in 0..2000 {
        if app.world().resource::<AssessmentRun>().results.is_some() {
            break;
        }
        assessment_step(&mut app);
    }
    app.update();
    app.update();
    assert_eq!(app.screen(), Screen::Debrief);
    assert!(
        !mode.progress_path.exists(),
        "the saved run is removed once the result is written"
    );
    let text = std::fs::read_to_string(&mode.result_path).unwrap();
    let v = verify(&text, &read_key(&key_path).unwrap(), |_| {
        Ok::<_, String>((*assessment).clone())
    })
    .0;
    assert!(v.ok(), "{:?}", v.problems);
    app.press(KeyCode::KeyM);
    app.press(KeyCode::KeyR);
    assert_eq!(app.screen(), Screen::Debrief, "no menu and no replay in an assessment");
}

/// Every text on screen, one per line: what a player can read (not what is hidden).
fn screen_text(app: &mut App) -> String {
    let mut texts = app.world_mut().query::<(Entity, &Text)>();
    let world = app.world();
    let hidden = |mut e: Entity| loop {
        if world.get::<Node>(e).is_some_and(|n| n.display == Display::None)
            || world.get::<Visibility>(e) == Some(&Visibility::Hidden)
        {
            return true;
        }
        match world.get::<ChildOf>(e) {
            Some(parent) => e = parent.parent(),
            None => return false,
        }
    };
    texts
        .iter(world)
        .filter(|(e, _)| !hidden(*e))
        .map(|(_, t)| t.0.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The Portuguese of a scenario text, as the shipped PO file has it.
fn portuguese(scenario: &str, key: &str, english: &str) -> String {
    let translations = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("translations");
    let catalog = kam_sim::core::i18n::project::read_catalog(
        &translations,
        &format!("scenarios/{scenario}"),
        kam_sim::core::i18n::Lang::Pt,
    )
    .unwrap();
    catalog
        .get(key, english)
        .expect("the shipped Portuguese translation has this text")
        .to_owned()
}

#[test]
fn pressing_l_in_the_settings_turns_the_meeting_into_portuguese_where_it_stands() {
    let mut app = game("inherited_account_first_meeting", 4);
    prepare_and_travel(&mut app, 5, KeyCode::Digit1);
    app.press(KeyCode::Digit1);
    app.wait_for_line_end();
    app.wait(0.5);
    app.press(KeyCode::Digit2);
    let english = app.meeting().english().clone();
    let before = (
        app.meeting().session.inputs_played(),
        app.meeting().session.current_node(),
        mistakes(&app),
    );
    let node = &english.source.nodes[before.1.unwrap() as usize];
    assert!(screen_text(&mut app).contains(&english.source.title));

    app.press(KeyCode::Escape);
    app.press(KeyCode::KeyL);
    app.press(KeyCode::Escape);
    app.wait(0.2);

    assert_eq!(
        app.world().resource::<kam_sim::game::Settings>().lang,
        kam_sim::core::i18n::Lang::Pt
    );
    assert_eq!(app.screen(), Screen::Meeting, "the same screen, rebuilt");
    let title = portuguese(
        "inherited_account_first_meeting",
        "scenario.title",
        &english.source.title,
    );
    let line = portuguese(
        "inherited_account_first_meeting",
        &format!("node.{}.text", node.id),
        &node.text,
    );
    let shown = screen_text(&mut app);
    assert!(shown.contains(&title), "the title is in Portuguese:\n{shown}");
    assert!(
        !shown.contains(&english.source.title),
        "no English title is left:\n{shown}"
    );
    assert_eq!(
        app.meeting().scenario().source.nodes[before.1.unwrap() as usize].text,
        line
    );
    // The meeting goes on where it was: same inputs, same moment, same mistakes.
    let after = (
        app.meeting().session.inputs_played(),
        app.meeting().session.current_node(),
        mistakes(&app),
    );
    assert_eq!(after, before);
    // And the options are there again, in Portuguese, to answer with.
    let option = &node.options[app.meeting().session.offered()[0] as usize];
    let option_pt = portuguese(
        "inherited_account_first_meeting",
        &format!("option.{}.{}.text", node.id, option.id),
        &option.text,
    );
    assert!(screen_text(&mut app).contains(&option_pt));
}

#[test]
fn a_bigger_text_size_applies_to_the_screen_being_shown() {
    let mut app = game("inherited_account_first_meeting", 4);
    app.advance_until(Screen::Briefing);
    let sizes = |app: &mut App| -> f32 {
        let mut fonts = app.world_mut().query::<&TextFont>();
        fonts
            .iter(app.world())
            .filter_map(|f| match f.font_size {
                bevy::text::FontSize::Px(px) => Some(px),
                _ => None,
            })
            .fold(0.0, f32::max)
    };
    let before = sizes(&mut app);
    app.press(KeyCode::Escape);
    app.press(KeyCode::KeyS);
    app.press(KeyCode::Escape);
    app.wait(0.2);
    assert_eq!(app.screen(), Screen::Briefing);
    assert!(sizes(&mut app) > before, "the briefing's text grew at once");
}

#[test]
fn the_language_chosen_is_remembered_in_the_settings_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = kam_sim::game::preferences::SettingsFile(dir.path().join("settings.ron"));
    let mut app = game("inherited_account_first_meeting", 4);
    app.insert_resource(file.clone());
    app.advance_until(Screen::Briefing);
    app.press(KeyCode::Escape);
    app.press(KeyCode::KeyL);
    app.press(KeyCode::KeyL);
    app.press(KeyCode::KeyL);
    app.press(KeyCode::Escape);
    let saved = kam_sim::game::preferences::load(&file);
    assert_eq!(saved.lang, kam_sim::core::i18n::Lang::Ru);
    assert!(std::fs::read_to_string(&file.0).unwrap().contains("language: Some(ru)"));
}

#[test]
fn an_assessment_played_in_russian_shows_russian_and_ends_with_a_result_that_verifies() {
    use kam_sim::core::assessment::signing::{read_key, verify};
    use kam_sim::game::assessment::AssessmentRun;
    let (dir, mode) = assessment_mode("russian");
    let key_path = dir.join("k.key");
    let assessment = mode.assessment.clone();
    let mut app = app_with(Launch {
        scenario: None,
        seed: None,
        assessment: Some(mode.clone()),
        lang: Some(kam_sim::core::i18n::Lang::Ru),
        ..Launch::default()
    });
    app.advance_until(Screen::Briefing);
    let english_title = assessment.scenarios[0].0.source.title.clone();
    let shown = screen_text(&mut app);
    assert!(!shown.contains(&english_title), "the briefing is in Russian:\n{shown}");
    assert!(shown.contains("Досье"), "{shown}");
    for _ in 0..3000 {
        if app.world().resource::<AssessmentRun>().results.is_some() {
            break;
        }
        assessment_step(&mut app);
    }
    app.update();
    app.update();
    let text = std::fs::read_to_string(&mode.result_path).unwrap();
    let result: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(result["language"], "ru", "the result records the language played in");
    let v = verify(&text, &read_key(&key_path).unwrap(), |_| {
        Ok::<_, String>((*assessment).clone())
    })
    .0;
    assert!(v.ok(), "a result played in Russian verifies: {:?}", v.problems);
}

/// Plays a scenario to its debrief with the keyboard.
fn play_to_debrief(app: &mut App) {
    prepare_and_travel(app, 5, KeyCode::Digit1);
    while app.screen() == Screen::Meeting {
        app.wait_for_line_end();
        app.wait(0.5);
        app.press(KeyCode::Digit1);
    }
    assert_eq!(app.screen(), Screen::Debrief);
}

#[test]
fn a_practice_run_is_recorded_once_in_the_journal_when_its_debrief_opens() {
    use kam_sim::game::journal::PracticeJournal;
    use kam_sim::results::journal::Journal;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let mut app = game("inherited_account_first_meeting", 4);
    app.insert_resource(PracticeJournal {
        path: path.clone(),
        player: "Ana".into(),
        record: true,
    });
    play_to_debrief(&mut app);
    // A new language rebuilds the debrief: the same run, not a second one.
    app.press(KeyCode::Escape);
    app.press(KeyCode::KeyL);
    app.press(KeyCode::Escape);
    app.wait(0.2);
    let runs = Journal::open(&path).unwrap().runs("Ana").unwrap();
    assert_eq!(runs.len(), 1);
    let shown = app
        .world()
        .resource::<kam_sim::game::screens::Debrief>()
        .0
        .as_ref()
        .unwrap()
        .clone();
    assert_eq!(
        (runs[0].result.score, &runs[0].result.mistakes.len()),
        (shown.score, &shown.mistakes.len())
    );
    assert_eq!(runs[0].inputs, app.meeting().session.played_inputs_ms());
    // Back at the menu, the scenario shows the best grade so far (in the language chosen).
    app.press(KeyCode::KeyM);
    app.advance_until(Screen::Menu);
    app.update();
    let best = format!("{:?}", shown.grade);
    let menu = screen_text(&mut app);
    assert!(menu.contains(&format!("melhor até agora: {best}")), "{menu}");
}

#[test]
fn a_journal_that_cannot_be_written_is_said_on_the_debrief_and_play_goes_on() {
    use kam_sim::game::journal::PracticeJournal;
    let dir = tempfile::tempdir().unwrap();
    let mut app = game("inherited_account_first_meeting", 4);
    // A folder where the journal file should be.
    app.insert_resource(PracticeJournal {
        path: dir.path().to_path_buf(),
        player: "Ana".into(),
        record: true,
    });
    play_to_debrief(&mut app);
    app.update();
    let shown = screen_text(&mut app);
    assert!(shown.contains("could not be saved to your practice journal"), "{shown}");
    app.press(KeyCode::KeyR);
    app.advance_until(Screen::Briefing);
}

/// Records, in the journal at `path`, `player`'s runs of shipped scenarios played by the worst
/// player (who interrupts): what a few weeks of practice leave behind.
fn practised(path: &std::path::Path, player: &str, scenarios: &[&str]) {
    use kam_sim::core::policy::{Policy, play};
    use kam_sim::core::result::result_in;
    use kam_sim::results::journal::{Journal, PracticeRun};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut journal = Journal::open(path).unwrap();
    for (i, id) in scenarios.iter().enumerate() {
        let loaded = kam_sim::core::load::load_scenario_file(&root.join("scenarios").join(format!("{id}.ron")));
        let session = play(loaded.scenario.unwrap(), i as u64, Policy::Worst).unwrap();
        let result = result_in(&session, None, &kam_sim::core::i18n::Texts::english()).unwrap();
        journal
            .record(&PracticeRun {
                player: player.into(),
                played_at: format!("2026-11-{:02}T10:00:00Z", i + 1),
                language: "en".into(),
                inputs: session.played_inputs_ms(),
                result,
            })
            .unwrap();
    }
}

/// The game at its menu for `player`, whose journal is at `path`.
fn menu_for(path: &std::path::Path, player: &str) -> App {
    use kam_sim::game::journal::PracticeJournal;
    let mut app = app_with(Launch::default());
    app.insert_resource(PracticeJournal {
        path: path.to_path_buf(),
        player: player.into(),
        record: true,
    });
    app.world_mut().resource_mut::<kam_sim::game::Settings>().player = Some(player.into());
    app.advance_until(Screen::Menu);
    app
}

#[test]
fn the_progress_screen_shows_the_recurring_mistake_and_starts_the_recommended_scenario_with_enter() {
    use kam_sim::game::screens::progress::{Progress, RadarPoint};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    practised(
        &path,
        "Ana",
        &[
            "inherited_account_first_meeting",
            "reference_challenge_pitch",
            "buying_committee_pitch",
            "inherited_account_first_meeting",
            "reference_challenge_pitch",
        ],
    );
    let mut app = menu_for(&path, "Ana");
    app.press(KeyCode::KeyP);
    assert_eq!(app.screen(), Screen::Progress);
    app.update();
    let progress = app.world().resource::<Progress>().clone();
    assert_eq!(progress.sessions, 5);
    assert!(
        progress
            .recurring
            .iter()
            .any(|r| r.id == "interrupting" && r.sessions == 5 && r.of_last == 5)
    );
    let mut points = app.world_mut().query_filtered::<(), With<RadarPoint>>();
    assert_eq!(
        points.iter(app.world()).count(),
        progress.proficiency.len(),
        "one radar point per competency measured"
    );
    let shown = screen_text(&mut app);
    assert!(shown.contains("Progress of Ana · sessions played: 5"), "{shown}");
    assert!(shown.contains("Interrupting: in 5 of your last 5 sessions"), "{shown}");
    let next = progress.next.clone().unwrap();
    assert!(shown.contains(&format!("because {}", next.reason)), "{shown}");
    app.press(KeyCode::Enter);
    app.advance_until(Screen::Briefing);
    assert_eq!(
        app.meeting().scenario().source.id,
        next.scenario,
        "Enter starts the recommended scenario"
    );
}

#[test]
fn the_progress_screen_before_any_practice_says_so_and_shows_no_competency_as_zero() {
    use kam_sim::game::screens::progress::{Progress, RadarPoint};
    let dir = tempfile::tempdir().unwrap();
    let mut app = menu_for(&dir.path().join("journal.db"), "Ana");
    app.press(KeyCode::KeyP);
    app.update();
    let shown = screen_text(&mut app);
    assert!(shown.contains("No practice yet"), "{shown}");
    assert!(shown.contains("Not measured yet: Information gathering"), "{shown}");
    assert!(shown.contains("start here"), "{shown}");
    let mut points = app.world_mut().query_filtered::<(), With<RadarPoint>>();
    assert_eq!(points.iter(app.world()).count(), 0);
    assert!(app.world().resource::<Progress>().proficiency.is_empty());
    app.press(KeyCode::KeyM);
    assert_eq!(app.screen(), Screen::Menu);
}

#[test]
fn the_client_side_of_the_table_steps_through_the_meeting_with_the_arrow_keys() {
    use kam_sim::game::screens::client_side::{ClientPanel, ClientSide, MistakeMark};
    let mut app = game("inherited_account_first_meeting", 4);
    prepare_and_travel(&mut app, 1, KeyCode::Digit1);
    // Answer every line at once: interruptions, marked on the client's chart.
    while app.screen() == Screen::Meeting {
        app.wait(0.3);
        app.press(KeyCode::Digit1);
    }
    app.advance_until(Screen::Debrief);
    app.update();
    let view = app.world().resource::<ClientSide>().0.clone().unwrap();
    assert!(view.moments.len() > 2);
    let shown = screen_text(&mut app);
    assert!(!shown.contains("Moment 1 of"), "the mistakes come first");
    app.press(KeyCode::KeyC);
    app.update();
    let mut panel = app.world_mut().query_filtered::<&Node, With<ClientPanel>>();
    assert_eq!(panel.single(app.world()).unwrap().display, Display::Flex);
    let shown = screen_text(&mut app);
    let count = view.moments.len();
    assert!(shown.contains(&format!("Moment 1 of {count}")), "{shown}");
    let names: Vec<String> = app
        .meeting()
        .scenario()
        .source
        .stakeholders
        .iter()
        .map(|p| p.name.clone())
        .collect();
    let first = &view.moments[0].after[0];
    assert!(
        shown.contains(&format!(
            "{}: trust {} → {}",
            names[0], view.before[0].trust, first.trust
        )),
        "{shown}"
    );
    app.press(KeyCode::ArrowRight);
    app.press(KeyCode::ArrowRight);
    app.update();
    let shown = screen_text(&mut app);
    assert!(shown.contains(&format!("Moment 3 of {count}")), "{shown}");
    assert!(shown.contains("You: \u{201c}"), "the player's own answer: {shown}");
    let third = &view.moments[2];
    assert!(
        shown.contains(&format!(
            "trust {} → {}",
            view.moments[1].after[0].trust, third.after[0].trust
        )),
        "{shown}"
    );
    app.press(KeyCode::ArrowLeft);
    app.update();
    assert!(screen_text(&mut app).contains(&format!("Moment 2 of {count}")));
    let mut marks = app.world_mut().query_filtered::<(), With<MistakeMark>>();
    assert_eq!(
        marks.iter(app.world()).count(),
        view.moments.iter().filter(|m| !m.mistakes.is_empty()).count(),
        "every moment with a mistake is marked"
    );
    assert!(marks.iter(app.world()).count() > 0);
    app.press(KeyCode::KeyC);
    app.update();
    assert_eq!(panel.single(app.world()).unwrap().display, Display::None);
}

#[test]
fn the_debrief_speaks_in_the_players_words_and_keeps_the_formula_behind_h() {
    let mut app = game("inherited_account_first_meeting", 4);
    play_to_debrief(&mut app);
    app.update();
    let shown = screen_text(&mut app);
    let scenario = app.meeting().scenario().clone();
    for entry in app.meeting().session.transcript() {
        if let kam_sim::core::engine::Entry::Choice { node, option, .. } = entry {
            let words = &scenario.source.nodes[*node as usize].options[*option as usize].text;
            assert!(
                shown.contains(&format!("\u{201c}{words}\u{201d}")),
                "the timeline quotes {words:?}:\n{shown}"
            );
        }
    }
    for node in &scenario.source.nodes {
        assert!(
            !shown.contains(&format!("`{}`", node.id)),
            "no node id on the debrief: {}",
            node.id
        );
    }
    assert!(!shown.contains("How this was scored"), "the formula waits for H");
    app.press(KeyCode::KeyH);
    app.update();
    let shown = screen_text(&mut app);
    assert!(shown.contains("How this was scored: "), "{shown}");
    let debrief = app
        .world()
        .resource::<kam_sim::game::screens::Debrief>()
        .0
        .clone()
        .unwrap();
    if !debrief.mistakes.is_empty() {
        assert!(shown.contains(" — "), "mistakes are named with their severity: {shown}");
    }
}

/// Types `text` as a person would, one key per character.
fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.world_mut().write_message(KeyboardInput {
            key_code: KeyCode::KeyA,
            logical_key: Key::Character(c.to_string().as_str().into()),
            state: ButtonState::Pressed,
            text: Some(c.to_string().as_str().into()),
            repeat: false,
            window: Entity::PLACEHOLDER,
        });
        app.update();
    }
}

fn press_named(app: &mut App, key: KeyCode, logical: Key) {
    for state in [ButtonState::Pressed, ButtonState::Released] {
        app.world_mut().write_message(KeyboardInput {
            key_code: key,
            logical_key: logical.clone(),
            state,
            text: None,
            repeat: false,
            window: Entity::PLACEHOLDER,
        });
        app.update();
    }
}

#[test]
fn the_first_start_asks_who_is_practising_and_records_under_that_name() {
    use kam_sim::game::journal::PracticeJournal;
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with(Launch::default());
    app.insert_resource(PracticeJournal {
        path: dir.path().join("journal.db"),
        player: "ana_os_user".into(),
        record: true,
    });
    app.advance_until(Screen::PlayerName);
    app.update();
    assert!(
        screen_text(&mut app).contains("ana_os_user_"),
        "the system user's name is offered"
    );
    for _ in 0.."ana_os_user".len() {
        press_named(&mut app, KeyCode::Backspace, Key::Backspace);
    }
    press_named(&mut app, KeyCode::Enter, Key::Enter);
    assert_eq!(app.screen(), Screen::PlayerName, "an empty name is refused");
    assert!(screen_text(&mut app).contains("A name cannot be empty."));
    type_text(&mut app, "Beatriz Gonçalves");
    // A screen reader hears the focused field: named by the question, holding what is typed (the
    // drawn cursor is not read).
    assert_eq!(
        focused(&mut app).0,
        "Who is practising? Beatriz Gonçalves",
        "the name field has the focus and says the name typed"
    );
    press_named(&mut app, KeyCode::Enter, Key::Enter);
    assert_eq!(app.screen(), Screen::Menu);
    app.update();
    assert_eq!(
        app.world().resource::<kam_sim::game::Settings>().player.as_deref(),
        Some("Beatriz Gonçalves")
    );
    assert_eq!(app.world().resource::<PracticeJournal>().player, "Beatriz Gonçalves");
    // Switched again from the settings.
    app.press(KeyCode::Escape);
    app.press(KeyCode::KeyN);
    assert_eq!(app.screen(), Screen::PlayerName);
}

#[test]
fn a_draft_in_the_trainers_own_folder_is_played_from_where_it_is() {
    use bevy::asset::io::AssetSourceBuilder;
    use kam_sim::game::content::{DRAFT_SOURCE, Draft};
    let dir = tempfile::tempdir().unwrap();
    let shipped = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/silent_prospect_close.ron"
    ))
    .unwrap();
    let draft = shipped
        .replacen("id: \"silent_prospect_close\"", "id: \"my_draft\"", 1)
        .replacen("title: \"The proposal nobody answered\"", "title: \"My draft\"", 1);
    std::fs::write(dir.path().join("my_draft.ron"), draft).unwrap();
    let mut app = App::new();
    // As `game::run` does for `kam-sim play ~/drafts/my_draft.ron`.
    app.register_asset_source(
        DRAFT_SOURCE,
        AssetSourceBuilder::platform_default(&dir.path().display().to_string(), None),
    );
    app.add_plugins((
        MinimalPlugins,
        StatesPlugin,
        InputPlugin,
        AssetPlugin {
            file_path: concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios").into(),
            ..default()
        },
    ))
    .add_plugins(GamePlugin)
    .insert_resource(TimeUpdateStrategy::ManualDuration(FRAME))
    .insert_resource(Draft("my_draft.ron".into()))
    .insert_resource(Launch {
        scenario: Some(Draft("my_draft.ron".into()).spec()),
        seed: Some(1),
        ..Launch::default()
    });
    app.advance_until(Screen::Briefing);
    assert_eq!(app.meeting().scenario().source.id, "my_draft");
    let library = app.world().resource::<Library>();
    assert!(
        library.find("silent_prospect_close").is_some(),
        "the shipped scenarios are still there"
    );
    assert!(library.find("my_draft").is_some());
}

/// Whether `e` or one of its ancestors is not shown (`Display::None`, `Visibility::Hidden`).
fn is_hidden(world: &World, mut e: Entity) -> bool {
    loop {
        if world.get::<Node>(e).is_some_and(|n| n.display == Display::None)
            || world.get::<Visibility>(e) == Some(&Visibility::Hidden)
        {
            return true;
        }
        match world.get::<ChildOf>(e) {
            Some(parent) => e = parent.parent(),
            None => return false,
        }
    }
}

/// What a screen reader cannot get from the screen shown: every text a player can read that no
/// accessibility node says (neither its own nor the button it is the caption of), and every exposed
/// element cut off from its screen in the tree (it would hang from the window, out of reading order).
fn unreadable(app: &mut App, screen: &str) -> Vec<String> {
    use bevy::a11y::AccessibilityNode;
    use kam_sim::game::a11y::spoken;
    app.update();
    let mut problems = Vec::new();
    let mut texts = app.world_mut().query::<(Entity, &Text)>();
    let world = app.world();
    let mut checked = 0;
    for (e, text) in texts.iter(world) {
        let shown = text.0.trim();
        if shown.is_empty() || is_hidden(world, e) {
            continue;
        }
        checked += 1;
        // A text field draws a cursor after what is typed; the reader gets what is typed.
        let shown = match world.get::<AccessibilityNode>(e) {
            Some(node) if node.role() == accesskit::Role::TextInput => shown.trim_end_matches('_'),
            _ => shown,
        };
        let own = world.get::<AccessibilityNode>(e).map(spoken);
        let button = world
            .get::<ChildOf>(e)
            .and_then(|p| world.get::<AccessibilityNode>(p.parent()))
            .filter(|n| n.role() == accesskit::Role::Button)
            .map(spoken);
        if !own.iter().chain(button.iter()).any(|said| said.contains(shown)) {
            problems.push(format!("{screen}: not exposed: {shown:?}"));
        }
    }
    if checked < 3 {
        problems.push(format!("{screen}: only {checked} text(s) on screen"));
    }
    let mut exposed = app.world_mut().query_filtered::<Entity, With<AccessibilityNode>>();
    let world = app.world();
    for e in exposed.iter(world) {
        let mut at = e;
        while let Some(parent) = world.get::<ChildOf>(at).map(ChildOf::parent) {
            if world.get::<Node>(parent).is_some() && world.get::<AccessibilityNode>(parent).is_none() {
                let name = world.get::<AccessibilityNode>(e).map(spoken).unwrap_or_default();
                problems.push(format!("{screen}: {name:?} is cut off from its screen in the tree"));
                break;
            }
            at = parent;
        }
    }
    problems
}

/// Texts drawn below a WCAG AA contrast ratio (4.5:1) against the fill they are drawn on.
fn low_contrast(app: &mut App, screen: &str) -> Vec<String> {
    use kam_sim::game::theme::contrast_ratio;
    let mut texts = app.world_mut().query::<(Entity, &Text, &TextColor)>();
    let world = app.world();
    let mut problems = Vec::new();
    let mut checked = 0;
    for (e, text, colour) in texts.iter(world) {
        if text.0.trim().is_empty() || is_hidden(world, e) {
            continue;
        }
        checked += 1;
        let mut at = e;
        let ground = loop {
            match world.get::<ChildOf>(at).map(ChildOf::parent) {
                Some(parent) => {
                    at = parent;
                    if let Some(fill) = world.get::<BackgroundColor>(at).filter(|c| c.0.alpha() > 0.0) {
                        break fill.0;
                    }
                }
                None => break Color::BLACK,
            }
        };
        let ratio = contrast_ratio(colour.0, ground);
        if ratio < 4.5 {
            problems.push(format!("{screen}: {:?} at {ratio:.2}:1", text.0));
        }
    }
    if checked < 3 {
        problems.push(format!("{screen}: only {checked} text(s) on screen"));
    }
    problems
}

/// Goes through every screen as a player would, from the menu, calling `check` on each.
fn every_screen(theme: kam_sim::game::theme::Theme, mut check: impl FnMut(&mut App, &str)) {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with(Launch::default());
    app.insert_resource(kam_sim::game::journal::PracticeJournal {
        path: dir.path().join("journal.db"),
        player: "Ana".into(),
        record: true,
    });
    {
        let mut settings = app.world_mut().resource_mut::<kam_sim::game::Settings>();
        settings.player = Some("Ana".into());
        settings.theme = theme;
    }
    app.advance_until(Screen::Menu);
    check(&mut app, "menu");
    app.press(KeyCode::Escape);
    check(&mut app, "settings");
    app.press(KeyCode::Escape);
    app.press(KeyCode::KeyP);
    assert_eq!(app.screen(), Screen::Progress);
    check(&mut app, "progress");
    app.press(KeyCode::KeyM);
    app.press(KeyCode::Enter);
    app.advance_until(Screen::Briefing);
    app.press(KeyCode::Digit1);
    check(&mut app, "briefing");
    app.press(KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Travel);
    check(&mut app, "travel");
    app.press(KeyCode::Digit1);
    app.advance_until(Screen::Meeting);
    app.wait(0.5);
    check(&mut app, "meeting");
    while app.screen() == Screen::Meeting {
        app.wait_for_line_end();
        app.wait(0.5);
        app.press(KeyCode::Digit1);
    }
    app.wait(0.2);
    check(&mut app, "debrief");
    app.press(KeyCode::KeyC);
    check(&mut app, "debrief, the client's side");
    app.press(KeyCode::Escape);
    app.press(KeyCode::KeyN);
    assert_eq!(app.screen(), Screen::PlayerName);
    check(&mut app, "player name");
}

/// What a screen reader reads on the screen shown, in its order: the accessibility tree from the
/// screen's root, depth first, without what is hidden.
fn reading_order(app: &mut App) -> Vec<String> {
    use bevy::a11y::AccessibilityNode;
    fn walk(world: &World, e: Entity, out: &mut Vec<String>) {
        if let Some(node) = world.get::<AccessibilityNode>(e) {
            if node.is_hidden() {
                return;
            }
            let said = kam_sim::game::a11y::spoken(node);
            if !said.is_empty() {
                out.push(said);
            }
        }
        for &child in world.get::<Children>(e).map(|c| &c[..]).unwrap_or_default() {
            walk(world, child, out);
        }
    }
    let mut roots = app
        .world_mut()
        .query_filtered::<Entity, (With<DespawnOnExit<Screen>>, With<bevy::a11y::AccessibilityNode>)>();
    let world = app.world();
    let mut out = Vec::new();
    for root in roots.iter(world) {
        walk(world, root, &mut out);
    }
    out
}

#[test]
fn every_text_a_player_reads_on_every_screen_is_exposed_to_screen_readers_in_screen_order() {
    let mut problems = Vec::new();
    let mut seen = Vec::new();
    let mut debrief = Vec::new();
    every_screen(kam_sim::game::theme::Theme::Standard, |app, screen| {
        seen.push(screen.to_owned());
        problems.extend(unreadable(app, screen));
        if screen == "debrief" {
            debrief = reading_order(app);
        }
    });
    assert_eq!(seen.len(), 9, "every screen was visited: {seen:?}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The debrief reads as it looks: the score, then the competencies, then the mistakes.
    let at = |what: &str| {
        debrief
            .iter()
            .position(|said| said.contains(what))
            .unwrap_or_else(|| panic!("{what:?} is not read on the debrief: {debrief:#?}"))
    };
    assert!(
        at(" — score ") < at("Competencies (target in brackets)"),
        "{debrief:#?}"
    );
    assert!(at("Competencies (target in brackets)") < at("Mistakes"), "{debrief:#?}");
}

#[test]
fn in_the_high_contrast_theme_every_text_on_every_screen_meets_wcag_aa() {
    let mut problems = Vec::new();
    every_screen(kam_sim::game::theme::Theme::HighContrast, |app, screen| {
        problems.extend(low_contrast(app, screen));
    });
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_high_contrast_themes_colour_pairs_all_meet_wcag_aa_and_the_ratio_is_computed_as_wcag_says() {
    use kam_sim::game::theme::{TEXT_GROUNDS, TEXT_INKS, Theme, contrast_ratio};
    // WCAG's own reference points: black on white is 21:1, #767676 on white is the lightest grey
    // that passes AA (4.54:1), a colour on itself is 1:1.
    assert!((contrast_ratio(Color::BLACK, Color::WHITE) - 21.0).abs() < 0.01);
    let grey = Color::srgb_u8(0x76, 0x76, 0x76);
    assert!((contrast_ratio(grey, Color::WHITE) - 4.54).abs() < 0.01);
    assert!((contrast_ratio(grey, grey) - 1.0).abs() < 1e-6);
    for ink in TEXT_INKS {
        for ground in TEXT_GROUNDS {
            let ratio = contrast_ratio(Theme::HighContrast.colour(ink), Theme::HighContrast.colour(ground));
            assert!(ratio >= 4.5, "{ink:?} on {ground:?}: {ratio:.2}:1");
        }
    }
}

#[test]
fn the_meeting_says_trust_and_mood_in_words_the_whole_line_as_it_starts_and_numbered_answers_as_buttons() {
    use bevy::a11y::AccessibilityNode;
    use kam_sim::game::a11y::spoken;
    let mut app = game("inherited_account_first_meeting", 4);
    prepare_and_travel(&mut app, 5, KeyCode::Digit1);
    app.press(KeyCode::Digit1); // past the narration, to Tomás Reyes's first line
    app.wait(0.3);
    let scenario = app.meeting().scenario().clone();
    let node = &scenario.source.nodes[app.meeting().session.current_node().unwrap() as usize];
    let (_, end, _) = app.meeting().session.line_window();
    assert!(app.now_ms() < end, "the line is still being spoken");
    let mut nodes = app.world_mut().query::<(Entity, &AccessibilityNode)>();
    let world = app.world();
    let all: Vec<(Entity, String, accesskit::Role, bool)> = nodes
        .iter(world)
        .map(|(e, n)| (e, spoken(n), n.role(), n.live() == Some(accesskit::Live::Polite)))
        .collect();
    let line = all
        .iter()
        .find(|(_, said, _, live)| *live && said.ends_with(&node.text))
        .expect("the whole line is in a live region while it is still being typed");
    assert!(line.1.starts_with("Tomás Reyes: "), "{}", line.1);
    let cards: Vec<&String> = all
        .iter()
        .filter(|(_, said, role, _)| *role == accesskit::Role::Label && said.starts_with("trust: "))
        .map(|(_, said, _, _)| said)
        .collect();
    assert_eq!(cards.len(), scenario.source.stakeholders.len(), "{cards:?}");
    assert!(cards.iter().all(|c| c.contains(" · mood: ")), "{cards:?}");
    let answers: Vec<&String> = all
        .iter()
        .filter(|(_, _, role, _)| *role == accesskit::Role::Button)
        .map(|(_, said, _, _)| said)
        .collect();
    for (place, &option) in app.meeting().session.offered().iter().enumerate() {
        let label = format!("{}. {}", place + 1, node.options[option as usize].text);
        assert!(answers.contains(&&label), "{label:?} among {answers:?}");
    }
}

#[test]
fn the_timer_is_announced_when_the_line_starts_and_when_five_seconds_are_left() {
    use bevy::a11y::AccessibilityNode;
    use kam_sim::game::a11y::spoken;
    let timer_said = |app: &mut App| -> Vec<String> {
        let mut nodes = app.world_mut().query::<&AccessibilityNode>();
        nodes
            .iter(app.world())
            .filter(|n| n.live() == Some(accesskit::Live::Polite))
            .map(spoken)
            .filter(|s| s.contains("to answer"))
            .collect()
    };
    // Irina Sokolova's silence, after the first offer, is timed.
    let mut app = game("breadwinner_discount_squeeze", 1);
    prepare_and_travel(&mut app, 2, KeyCode::Digit1);
    let mut guard = 0;
    while app.meeting().session.line_window().2.is_none() {
        app.wait_for_line_end();
        app.wait(0.5);
        app.press(KeyCode::Digit1);
        guard += 1;
        assert!(guard < 50 && app.screen() == Screen::Meeting, "no line with a timer");
    }
    let (_, end, deadline) = app.meeting().session.line_window();
    let window = (deadline.unwrap() - end).div_ceil(1000);
    assert_eq!(
        timer_said(&mut app),
        [format!("{window} seconds to answer once the line ends")]
    );
    while app.now_ms() + 5_000 < deadline.unwrap() {
        app.update();
    }
    app.update();
    assert_eq!(timer_said(&mut app), ["5 seconds left to answer"]);
}

/// Presses `key` with Shift held.
fn press_shifted(app: &mut App, key: KeyCode) {
    let send = |app: &mut App, key: KeyCode, state: ButtonState| {
        app.world_mut().write_message(KeyboardInput {
            key_code: key,
            logical_key: Key::Unidentified(bevy::input::keyboard::NativeKey::Unidentified),
            state,
            text: None,
            repeat: false,
            window: Entity::PLACEHOLDER,
        });
        app.update();
    };
    send(app, KeyCode::ShiftLeft, ButtonState::Pressed);
    send(app, key, ButtonState::Pressed);
    send(app, key, ButtonState::Released);
    send(app, KeyCode::ShiftLeft, ButtonState::Released);
}

/// Presses `key` with Shift held, every key event within one frame (a quick chord on a slow frame,
/// or keys sent by a tool): Shift is released again before the frame ends.
fn press_shifted_within_one_frame(app: &mut App, key: KeyCode) {
    for (code, state) in [
        (KeyCode::ShiftLeft, ButtonState::Pressed),
        (key, ButtonState::Pressed),
        (key, ButtonState::Released),
        (KeyCode::ShiftLeft, ButtonState::Released),
    ] {
        app.world_mut().write_message(KeyboardInput {
            key_code: code,
            logical_key: Key::Unidentified(bevy::input::keyboard::NativeKey::Unidentified),
            state,
            text: None,
            repeat: false,
            window: Entity::PLACEHOLDER,
        });
    }
    app.update();
}

/// The caption of the button that has the keyboard focus, and whether a focus ring is drawn on it.
fn focused(app: &mut App) -> (String, bool) {
    use bevy::a11y::AccessibilityNode;
    let entity = app
        .world()
        .resource::<bevy::input_focus::InputFocus>()
        .get()
        .expect("something has the focus");
    let said = app
        .world()
        .get::<AccessibilityNode>(entity)
        .map(kam_sim::game::a11y::spoken)
        .unwrap_or_default();
    (said, app.world().get::<Outline>(entity).is_some())
}

#[test]
fn tab_shift_tab_and_the_arrows_move_a_visible_focus_over_the_answers_and_enter_gives_the_focused_one() {
    let mut app = game("inherited_account_first_meeting", 4);
    prepare_and_travel(&mut app, 5, KeyCode::Digit1);
    app.press(KeyCode::Digit1);
    app.wait_for_line_end();
    app.wait(0.5);
    let offered = app.meeting().session.offered().to_vec();
    assert!(offered.len() >= 2);
    let (first, ring) = focused(&mut app);
    assert!(
        first.starts_with("1. "),
        "the focus starts on the first answer: {first:?}"
    );
    assert!(ring, "the focused answer has a ring around it");
    app.press(KeyCode::Tab);
    assert!(focused(&mut app).0.starts_with("2. "), "{:?}", focused(&mut app));
    press_shifted(&mut app, KeyCode::Tab);
    assert!(focused(&mut app).0.starts_with("1. "), "{:?}", focused(&mut app));
    app.press(KeyCode::Tab);
    press_shifted_within_one_frame(&mut app, KeyCode::Tab);
    assert!(
        focused(&mut app).0.starts_with("1. "),
        "a Shift-Tab typed within one frame moves back too: {:?}",
        focused(&mut app)
    );
    app.press(KeyCode::ArrowDown);
    let (second, ring) = focused(&mut app);
    assert!(second.starts_with("2. ") && ring, "{second:?}");
    let mut rings = app.world_mut().query_filtered::<(), With<Outline>>();
    assert_eq!(
        rings.iter(app.world()).count(),
        1,
        "one ring, on the focused answer only"
    );
    let played = app.meeting().session.inputs_played();
    app.press(KeyCode::Enter);
    assert_eq!(app.meeting().session.inputs_played(), played + 1);
    let scenario = app.meeting().scenario().clone();
    let chosen = app.meeting().session.played_inputs_ms().last().cloned().unwrap().1;
    let node = scenario
        .source
        .nodes
        .iter()
        .find(|n| n.options.iter().any(|o| second.ends_with(&o.text)))
        .unwrap();
    let option = &node.options[offered[1] as usize];
    assert_eq!(
        chosen,
        kam_sim::core::inputs::InputAction::Choose(option.id.clone()),
        "Enter gave the focused (second) answer"
    );
}

#[test]
fn on_the_menu_the_arrows_move_the_focus_and_enter_starts_the_scenario_it_is_on() {
    use bevy::a11y::AccessibilityNode;
    let mut app = app_with(Launch::default());
    app.advance_until(Screen::Menu);
    app.update();
    let first = focused(&mut app).0;
    app.press(KeyCode::ArrowDown);
    let (second, ring) = focused(&mut app);
    assert_ne!(first, second);
    assert!(ring);
    // The menu's button says the kind and what the scenario trains, besides its title.
    let entity = app.world().resource::<bevy::input_focus::InputFocus>().get().unwrap();
    let description = app
        .world()
        .get::<AccessibilityNode>(entity)
        .and_then(|n| n.description().map(str::to_owned))
        .unwrap_or_default();
    assert!(description.contains("trains: "), "{description:?}");
    app.press(KeyCode::Enter);
    app.advance_until(Screen::Briefing);
    let title = app.meeting().scenario().source.title.clone();
    assert!(second.starts_with(&title), "{second:?} is {title:?}");
}

#[test]
fn pressing_c_in_the_settings_turns_the_screen_high_contrast_at_once_and_remembers_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = kam_sim::game::preferences::SettingsFile(dir.path().join("settings.ron"));
    let mut app = game("inherited_account_first_meeting", 4);
    app.insert_resource(file.clone());
    app.advance_until(Screen::Briefing);
    app.update();
    let background = |app: &mut App| {
        let mut roots = app
            .world_mut()
            .query_filtered::<&BackgroundColor, With<DespawnOnExit<Screen>>>();
        roots.iter(app.world()).next().unwrap().0
    };
    let before = background(&mut app);
    app.press(KeyCode::Escape);
    app.press(KeyCode::KeyC);
    app.press(KeyCode::Escape);
    app.wait(0.2);
    assert_eq!(app.screen(), Screen::Briefing);
    assert_ne!(background(&mut app), before);
    assert_eq!(background(&mut app), Color::BLACK);
    let saved = kam_sim::game::preferences::load(&file);
    assert_eq!(saved.theme, kam_sim::game::theme::Theme::HighContrast);
    assert!(
        std::fs::read_to_string(&file.0)
            .unwrap()
            .contains("theme: Some(high_contrast)")
    );
}

#[test]
fn pressing_e_in_the_settings_doubles_the_answer_time_of_the_next_scenario_and_the_meeting_under_way_keeps_its_own() {
    use kam_sim::core::allowance::TimeAllowance;
    let dir = tempfile::tempdir().unwrap();
    let file = kam_sim::game::preferences::SettingsFile(dir.path().join("settings.ron"));
    let mut app = game("inherited_account_first_meeting", 4);
    app.insert_resource(file.clone());
    app.advance_until(Screen::Briefing);
    app.update();
    assert_eq!(app.meeting().session.time_allowance(), TimeAllowance::Standard);
    app.press(KeyCode::Escape);
    assert!(screen_text(&mut app).contains("E  answer time: standard"));
    app.press(KeyCode::KeyE);
    app.update();
    let text = screen_text(&mut app);
    assert!(
        text.contains("E  answer time: extended, timers ×2 (from the next scenario; this one keeps its time)"),
        "{text}"
    );
    app.press(KeyCode::Escape);
    assert_eq!(app.meeting().session.time_allowance(), TimeAllowance::Standard);
    assert!(
        std::fs::read_to_string(&file.0)
            .unwrap()
            .contains("time_allowance: Some(extended)"),
        "remembered with the other settings"
    );
    play_to_debrief(&mut app);
    app.press(KeyCode::KeyR);
    app.advance_until(Screen::Briefing);
    assert_eq!(app.meeting().session.time_allowance(), TimeAllowance::Extended);
}

#[test]
fn in_an_assessment_the_answer_time_is_the_managers_grant_and_e_does_not_change_it() {
    use kam_sim::core::allowance::TimeAllowance;
    let (_dir, mut mode) = assessment_mode("extended");
    mode.time_allowance = TimeAllowance::Extended;
    let mut app = assessment_app(mode);
    app.advance_until(Screen::Briefing);
    app.update();
    assert_eq!(app.meeting().session.time_allowance(), TimeAllowance::Extended);
    app.press(KeyCode::Escape);
    app.press(KeyCode::KeyE);
    app.update();
    let text = screen_text(&mut app);
    assert!(
        text.contains("answer time: extended, timers ×2, set for this assessment"),
        "{text}"
    );
    assert!(!text.contains("E  answer time"), "{text}");
    app.press(KeyCode::Escape);
    assert_eq!(app.meeting().session.time_allowance(), TimeAllowance::Extended);
}
