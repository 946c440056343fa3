//! The Bevy front end: plays every scenario in a window by driving the core engine.
//!
//! The game adds no rules of its own. Screens turn key presses and clicks into [`runner::PlayerAction`]s;
//! the [`runner`] feeds them, with the virtual clock's time, to the core [`crate::core::engine::Session`]
//! and re-emits what the session reports as messages the screens show.

pub mod a11y;
pub mod assessment;
pub mod autoplay;
pub mod bench;
pub mod chart;
pub mod content;
pub mod display;
pub mod focus;
pub mod journal;
pub mod language;
mod overlay;
pub mod preferences;
pub mod runner;
pub mod screens;
pub mod theme;

use bevy::prelude::*;

/// The screen being shown. Each screen's entities carry `DespawnOnExit` with their screen.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    /// Reading the scenarios.
    #[default]
    Loading,
    /// Title and scenario select.
    Menu,
    /// Briefing and preparation: the dossier against the clock.
    Briefing,
    /// Choosing how to get there.
    Travel,
    /// The meeting itself.
    Meeting,
    /// Score, profile, mistakes explained.
    Debrief,
    /// The player's progress over their practice journal.
    Progress,
    /// Typing the player's name (first start, or N in the settings).
    PlayerName,
}

/// The order of the game's work within a frame, set once for every plugin.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GameSystems {
    /// Assets arrive and reload.
    Load,
    /// Keys and clicks become player actions.
    Input,
    /// The engine takes the actions and the time.
    Engine,
    /// Screens show the result.
    Present,
}

/// How fast lines appear relative to the time the speaker takes to say them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextSpeed {
    /// Text appears as the line is spoken.
    #[default]
    Spoken,
    /// Text appears in 60 % of the speaking time (the speaker still talks until the end).
    Fast,
    /// The whole line appears at once.
    Instant,
}

/// Player preferences, changed in the settings overlay.
#[derive(Resource, Debug, Clone)]
pub struct Settings {
    /// Typewriter pacing.
    pub text_speed: TextSpeed,
    /// Text size: 0 small, 1 medium, 2 large.
    pub text_size: u8,
    /// Whether the window is fullscreen.
    pub fullscreen: bool,
    /// The language of every text (key L in the settings).
    pub lang: crate::core::i18n::Lang,
    /// Whose practice journal runs are recorded under (key N in the settings); `None` until the
    /// player has chosen, when the system user's name is offered.
    pub player: Option<String>,
    /// The colours: standard or high contrast (key C in the settings).
    pub theme: theme::Theme,
    /// The answering time of practice meetings (key E in the settings), from the next scenario
    /// started: extended doubles timers and patience for screen-reader users (docs/game.md).
    pub time_allowance: crate::core::allowance::TimeAllowance,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            text_speed: TextSpeed::Spoken,
            text_size: 1,
            fullscreen: false,
            lang: crate::core::i18n::Lang::En,
            player: None,
            theme: theme::Theme::Standard,
            time_allowance: crate::core::allowance::TimeAllowance::Standard,
        }
    }
}

impl Settings {
    /// Factor applied to every font size.
    pub fn text_scale(&self) -> f32 {
        [0.85, 1.0, 1.25][usize::from(self.text_size.min(2))]
    }
}

/// What the game was started to do.
#[derive(Resource, Debug, Clone, Default)]
pub struct Launch {
    /// Open this scenario (id or file) directly at its briefing.
    pub scenario: Option<String>,
    /// Seed of the session (default: drawn from the clock, so practice runs differ).
    pub seed: Option<u64>,
    /// Run an assessment instead of free practice.
    pub assessment: Option<assessment::AssessmentMode>,
    /// Play in this language (`--lang`), whatever the settings say.
    pub lang: Option<crate::core::i18n::Lang>,
    /// The practice journal to use (`--journal`), instead of `KAM_SIM_JOURNAL` or the data folder's.
    pub journal: Option<std::path::PathBuf>,
    /// A scenario file outside the scenarios folder (a trainer's draft), played from where it is and
    /// reloaded when it is saved; [`Launch::scenario`] names it as `draft://<file name>`.
    pub draft: Option<std::path::PathBuf>,
}

/// Everything the game adds to an app; the app provides the engine plugins (window or headless).
pub struct GamePlugin;

impl Plugin for GamePlugin {
    fn build(&self, app: &mut App) {
        app.init_state::<Screen>()
            .init_resource::<Settings>()
            .init_resource::<Launch>()
            .configure_sets(
                Update,
                (
                    GameSystems::Load,
                    GameSystems::Input,
                    GameSystems::Engine,
                    GameSystems::Present,
                )
                    .chain(),
            )
            // While the pause overlay is open, no screen takes input (the overlay has its own keys).
            .configure_sets(Update, GameSystems::Input.run_if(in_state(overlay::Overlay::None)))
            .add_plugins((
                theme::plugin,
                a11y::plugin,
                focus::plugin,
                language::plugin,
                preferences::plugin,
                journal::plugin,
                content::plugin,
                runner::plugin,
                screens::plugin,
                overlay::plugin,
                assessment::plugin,
            ));
    }
}

/// The folder that holds `scenarios/` and `profiles/`, as an absolute path (see `core::content`;
/// Bevy resolves a relative asset root against the executable's folder, not the working directory).
pub fn content_dirs() -> crate::core::content::ContentDirs {
    crate::core::content::ContentDirs::resolve(&crate::core::content::DirOverrides::default()).unwrap_or_else(|e| {
        error!("{e}");
        crate::core::content::ContentDirs {
            scenarios: crate::core::content::shipped_folder("scenarios"),
            profiles: crate::core::content::shipped_folder("profiles"),
            assessments: crate::core::content::shipped_folder("assessments"),
            translations: crate::core::content::shipped_folder("translations"),
        }
    })
}

/// Opens the game window and runs until it closes; `bench` records frame statistics of the meeting.
pub fn run(launch: Launch, autoplay: Option<autoplay::Autoplay>, bench: Option<bench::FrameStats>) -> AppExit {
    if let Some(problem) = display::display_problem() {
        eprintln!("{problem}");
        return AppExit::error();
    }
    // Should the display still fail (it went away, or refuses us), winit panics while the window
    // plugin is built: say it in words instead of a backtrace, and exit 1.
    let default_hook = std::sync::Arc::new(std::panic::take_hook());
    let hook = default_hook.clone();
    let display_failed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let failed = display_failed.clone();
    let attempt = display::window_attempt();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if display::is_display_failure(message) {
            failed.store(true, std::sync::atomic::Ordering::SeqCst);
            // A display that still answers is tried again below: say so only when giving up.
            if attempt >= display::WINDOW_ATTEMPTS || display::display_problem().is_some() {
                eprintln!("{}", display::no_display_message(message));
            } else {
                eprintln!("the display refused the window ({message}); trying again");
            }
        } else {
            hook(info);
        }
    }));
    let exit = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_window(launch, autoplay, bench)));
    let _ = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| default_hook(info)));
    match exit {
        Ok(exit) => exit,
        Err(_) if display_failed.load(std::sync::atomic::Ordering::SeqCst) => display::open_again(attempt),
        Err(_) => AppExit::error(),
    }
}

fn run_window(launch: Launch, autoplay: Option<autoplay::Autoplay>, bench: Option<bench::FrameStats>) -> AppExit {
    let dirs = content_dirs();
    let scenarios = std::path::absolute(&dirs.scenarios).unwrap_or(dirs.scenarios);
    let mut app = App::new();
    // The settings are read before the game is built: the first screen already speaks the language.
    let file = preferences::SettingsFile::default_path().map(preferences::SettingsFile);
    let mut settings = file.as_ref().map_or_else(Settings::default, preferences::load);
    if let Some(lang) = launch.lang {
        settings.lang = lang;
    }
    let settings_player = settings.player.clone();
    app.insert_resource(settings);
    if let Some(file) = file {
        app.insert_resource(file);
    }
    // A person's practice runs go to the journal of the system's user; an assessment, an automatic
    // player and a measurement are not practice and never write there.
    let practice = launch.assessment.is_none() && autoplay.is_none() && bench.is_none();
    // Screenshots of the Progress screen show a journal named on purpose (`--journal`,
    // `KAM_SIM_JOURNAL`), without adding to it.
    let named = launch.journal.is_some() || std::env::var_os("KAM_SIM_JOURNAL").is_some_and(|v| !v.is_empty());
    let shown_only = autoplay.as_ref().is_some_and(|a| a.screenshots.is_some()) && named;
    let journal = launch.journal.clone().or_else(crate::results::journal::default_path);
    if let Some(path) = journal.filter(|_| practice || shown_only) {
        let player = settings_player.unwrap_or_else(crate::results::journal::default_player);
        app.insert_resource(journal::PracticeJournal {
            path,
            player,
            record: practice,
        });
    }
    // A trainer's draft is read from its own folder, through an asset source of its own: the file
    // watcher then sees its saves (the scenarios folder's watcher would not).
    if let Some(draft) = &launch.draft {
        let folder = draft.parent().map_or_else(|| ".".into(), |f| f.display().to_string());
        let name = draft
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        app.register_asset_source(
            content::DRAFT_SOURCE,
            bevy::asset::io::AssetSourceBuilder::platform_default(&folder, None),
        )
        .insert_resource(content::Draft(name));
    }
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "kam-sim: Key Account Manager simulator".into(),
                    resolution: (1280, 800).into(),
                    ..default()
                }),
                ..default()
            })
            .set(AssetPlugin {
                // Only the scenarios are read through Bevy (the font is built in, profiles are read
                // directly), so only their folder is the asset root — and all the file watcher watches.
                file_path: scenarios.display().to_string(),
                // Trainers edit scenarios while the game runs; an assessment never reloads anything.
                watch_for_changes_override: Some(launch.assessment.is_none()),
                ..default()
            }),
    )
    .add_plugins(GamePlugin)
    .insert_resource(launch)
    .add_systems(Startup, spawn_camera);
    if let Some(autoplay) = autoplay {
        app.add_plugins(autoplay::plugin).insert_resource(autoplay);
    }
    if let Some(stats) = bench {
        app.add_plugins(bench::plugin)
            .insert_resource(stats)
            .add_systems(OnEnter(Screen::Meeting), |mut measure: ResMut<bench::MeasureNow>| {
                measure.0 = true
            });
    }
    app.run()
}

fn spawn_camera(mut commands: Commands) {
    // The game draws only UI: glyphs come anti-aliased from the font atlas and rounded corners from
    // the UI shader, so multisampling (4x by default) would only multiply the fill cost of every
    // pixel, which a software renderer pays on the CPU.
    commands.spawn((Name::new("Camera"), Camera2d, bevy::render::view::Msaa::Off));
}
