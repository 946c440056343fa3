//! `kam-sim play [SCENARIO]`: the game window (at a scenario's briefing, or at the menu), played by
//! itself with `--autoplay`, or the scenario in the terminal with `--terminal`.

#[cfg(feature = "game")]
use std::path::Path;
use std::path::PathBuf;
use std::process::ExitCode;

use super::error::CliError;
use super::output::write_file;
use super::run::{in_language, target_profile};
use super::{Outcome, journal, load_scenario};
use crate::core::content::ContentDirs;
use crate::core::i18n::Lang;

/// When the process started, for the game's start-up measurement (set first thing in `main`).
pub(crate) static PROCESS_START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// What `kam-sim play` is given.
#[derive(clap::Args)]
// Without the game only `--terminal` plays; the window's options are still parsed (and refused).
#[cfg_attr(not(feature = "game"), allow(dead_code))]
pub(crate) struct PlayArgs {
    /// Scenario file or id to open directly.
    scenario: Option<String>,
    /// Seed of the session.
    #[arg(long)]
    seed: Option<u64>,
    /// Play automatically: an inputs file, or `best`, `worst` or `random`.
    #[arg(long, value_name = "FILE|best|worst|random", requires = "scenario")]
    autoplay: Option<String>,
    /// With --autoplay: save a PNG of each screen in this folder.
    #[arg(long, value_name = "DIR", requires = "autoplay")]
    screenshots: Option<PathBuf>,
    /// With --autoplay: how much faster than real time the meeting plays.
    #[arg(long, default_value_t = 3.0, requires = "autoplay")]
    speed: f32,
    /// Measure start-up, 10 s of meeting frames and peak memory; write them as JSON (see
    /// scripts/bench-game.sh). Plays the best path in real time.
    #[arg(long, value_name = "FILE", requires = "scenario", conflicts_with = "autoplay")]
    bench_out: Option<PathBuf>,
    /// Play in this language (en, pt, es, ru, az) this time (else the language chosen in the
    /// settings, else the system's language).
    #[arg(long)]
    lang: Option<Lang>,
    /// The practice journal runs are recorded in, in the window or the terminal (default:
    /// KAM_SIM_JOURNAL, else <data folder>/kam-sim/journal.db). With --autoplay --screenshots it is
    /// only shown.
    #[arg(long, value_name = "PATH")]
    journal: Option<PathBuf>,
    /// Play in the terminal instead of a window (works in a build without the game).
    #[arg(long, requires = "scenario", conflicts_with_all = ["autoplay", "bench_out"])]
    terminal: bool,
    /// With --terminal: save the inputs played to this file (replay them with `run --inputs`).
    #[arg(long, value_name = "FILE", requires = "terminal")]
    save_inputs: Option<PathBuf>,
}

/// `play`: the terminal, or the game window when it is built in.
pub(crate) fn run(args: PlayArgs, dirs: &ContentDirs) -> Outcome {
    if args.terminal {
        return play_in_terminal(&args, dirs);
    }
    #[cfg(feature = "game")]
    {
        play_in_window(args)
    }
    #[cfg(not(feature = "game"))]
    {
        let _ = args;
        Err(CliError::refused(
            "this kam-sim was built without the game window (--no-default-features)",
            "play in the terminal with `kam-sim play --terminal <SCENARIO>`",
        ))
    }
}

/// The game window at its menu: what `kam-sim` without a command opens.
#[cfg(feature = "game")]
pub(crate) fn menu() -> Outcome {
    play_in_window(PlayArgs {
        scenario: None,
        seed: None,
        autoplay: None,
        screenshots: None,
        speed: 1.0,
        bench_out: None,
        lang: None,
        journal: None,
        terminal: false,
        save_inputs: None,
    })
}

/// `play --terminal`: the scenario in the terminal (`crate::terminal`), then a line with the result.
fn play_in_terminal(args: &PlayArgs, dirs: &ContentDirs) -> Outcome {
    let Some(spec) = args.scenario.as_deref() else {
        return Err(CliError::refused_plainly(
            "play --terminal needs a scenario: an id or a file",
        ));
    };
    let english = load_scenario(dirs, spec)?;
    let lang = args.lang.unwrap_or_else(Lang::from_environment);
    let (c, _, texts) = in_language(dirs, &english, lang)?;
    let seed = args.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
    });
    let (ending, session) = crate::terminal::play(crate::terminal::TerminalPlay {
        scenario: c,
        seed,
        texts,
        profile: target_profile(dirs, None)?,
    })
    .map_err(CliError::refused_plainly)?;
    if let Some(path) = &args.save_inputs {
        write_file(path, &session.played_inputs().to_ron())?;
    }
    match ending {
        crate::terminal::Ending::Played(r) => {
            // A person's practice, like the game's: recorded in the journal (`--journal`, else
            // KAM_SIM_JOURNAL, else the data folder's), under the system user's name.
            if let Some(path) = args.journal.clone().or_else(crate::results::journal::default_path) {
                let run = crate::results::journal::PracticeRun {
                    player: crate::results::journal::default_player(),
                    played_at: crate::core::assessment::result::now_rfc3339(),
                    language: lang.code().into(),
                    inputs: session.played_inputs_ms(),
                    result: (*r).clone(),
                };
                // The run was played and is shown all the same: a warning, not an error.
                if let Err(why) = journal::record(&path, &run) {
                    eprintln!("warning: {why} (this run is not in the practice journal)");
                }
            }
            println!(
                "{}: {} — score {} ({:?}), {} mistake(s); seed {seed}",
                r.scenario,
                r.ending_title,
                r.score,
                r.grade,
                r.mistakes.len()
            );
        }
        crate::terminal::Ending::Stopped => {
            eprintln!("stopped before the end of the meeting: nothing was scored (seed {seed})");
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(feature = "game")]
fn play_in_window(args: PlayArgs) -> Outcome {
    use crate::core::load::load_ron_file;
    use crate::core::policy::Policy;
    use crate::game::autoplay::{Autoplay, Script};
    let PlayArgs {
        scenario,
        seed,
        autoplay,
        screenshots,
        speed,
        bench_out,
        lang,
        journal,
        ..
    } = args;
    // A scenario file given by its path is played from where it is (a trainer's draft folder),
    // not looked up in the scenarios folder; it is named `draft://<file name>` in the game.
    let mut draft = None;
    let scenario = match scenario {
        Some(spec) if Path::new(&spec).is_file() => {
            let path = std::path::absolute(&spec).map_err(|error| CliError::CannotResolve {
                path: PathBuf::from(&spec),
                error,
            })?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            draft = Some(path);
            Some(crate::game::content::Draft(name).spec())
        }
        other => other,
    };
    // A measured run plays the best path in real time, so the meeting screen is what is measured.
    let (autoplay, speed) = match &bench_out {
        Some(_) => (Some("best".to_owned()), 1.0),
        None => (autoplay, speed),
    };
    let bench = bench_out.map(|out| {
        crate::game::bench::FrameStats::new(
            *PROCESS_START.get_or_init(std::time::Instant::now),
            out,
            std::time::Duration::from_secs(10),
        )
    });
    let autoplay = match (autoplay, &scenario) {
        (Some(how), Some(scenario)) => {
            let script = match how.as_str() {
                "best" => Script::Policy(Policy::Best),
                "worst" => Script::Policy(Policy::Worst),
                "random" => Script::Policy(Policy::Random),
                file => Script::Inputs(load_ron_file(Path::new(file)).map_err(|r| CliError::Findings(r.render()))?),
            };
            let seed = match (&script, seed) {
                (_, Some(seed)) => seed,
                (Script::Inputs(file), None) => file.seed,
                _ => 0,
            };
            if let Some(dir) = &screenshots {
                std::fs::create_dir_all(dir).map_err(|error| CliError::CannotCreate {
                    path: dir.clone(),
                    error,
                })?;
            }
            Some(Autoplay {
                scenario: scenario.clone(),
                seed,
                script,
                screenshots,
                speed,
            })
        }
        _ => None,
    };
    let launch = crate::game::Launch {
        scenario: if autoplay.is_some() { None } else { scenario },
        seed,
        assessment: None,
        lang,
        journal,
        draft,
    };
    match crate::game::run(launch, autoplay, bench) {
        bevy::app::AppExit::Success => Ok(ExitCode::SUCCESS),
        bevy::app::AppExit::Error(code) => Ok(ExitCode::from(code.get())),
    }
}
