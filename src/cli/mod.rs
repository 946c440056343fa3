//! The `kam-sim` command line: argument parsing and the commands' contracts (output, exit codes).
//!
//! Exit codes: 0 success; 1 the input (scenario, inputs file, profile) has errors or could not be
//! played; 2 the command line itself is wrong.

mod assess;
mod balance;
mod import_table;
mod journal;
mod new;
mod output;
mod report;
mod results;
pub(crate) mod show;
mod translations;
mod watch;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::core::balance::{BalanceRules, LibraryRules, analyze_with_random, library_report, to_markdown};
use crate::core::catalog::{expand, find_scenario, scenario_files};
use crate::core::compile::CompiledScenario;
use crate::core::content::{ContentDirs, DirOverrides};
use crate::core::diagnostic::{Diagnostic, FileReport, JsonDiagnostic, locate};
use crate::core::engine::{Phase, Session};
use crate::core::graph::{to_dot, to_mermaid};
use crate::core::i18n::component::scenario_component_name;
use crate::core::i18n::project::{read_catalog, translate_scenario};
use crate::core::i18n::{Lang, Texts};
use crate::core::inputs::InputsFile;
use crate::core::load::{load_ron_file, load_scenario_file};
use crate::core::policy::{self, Policy};
use crate::core::profile::{Profile, load_profile};
use crate::core::result::{result_in, result_of};
use crate::core::strings::player_strings;

#[derive(Parser)]
#[command(
    name = "kam-sim",
    version,
    about = "Key Account Manager training simulator: check, play and analyze scenarios"
)]
struct Cli {
    /// Folder where scenario ids are looked up (else KAM_SIM_SCENARIOS_DIR, the configuration file,
    /// ./scenarios, the shipped scenarios).
    #[arg(long = "scenarios-dir", global = true, value_name = "DIR")]
    scenarios_dir_flag: Option<PathBuf>,
    /// Folder where profile ids are looked up (else KAM_SIM_PROFILES_DIR, the configuration file,
    /// ./profiles, the shipped profiles).
    #[arg(long = "profiles-dir", global = true, value_name = "DIR")]
    profiles_dir_flag: Option<PathBuf>,
    /// Folder where assessment ids are looked up (else KAM_SIM_ASSESSMENTS_DIR, the configuration
    /// file, ./assessments, the shipped assessments).
    #[arg(long = "assessments-dir", global = true, value_name = "DIR")]
    assessments_dir_flag: Option<PathBuf>,
    /// Folder of the translations (PO files; else KAM_SIM_TRANSLATIONS_DIR, the configuration file,
    /// ./translations, the shipped translations).
    #[arg(long = "translations-dir", global = true, value_name = "DIR")]
    translations_dir_flag: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
    /// The four folders, resolved once after parsing (see `core::content`).
    #[arg(skip)]
    dirs: ContentDirs,
}

#[derive(Subcommand)]
enum Command {
    /// Check scenario files (or every .ron file in folders) and report problems with file:line:column.
    Check {
        /// Files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Exit 1 when there are warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Play a scenario headless from timed inputs, a list of choices or an automatic policy, and score it.
    Run {
        /// Scenario file, or id of a scenario under the scenarios folder.
        scenario: String,
        /// Seed of the random draws (defaults to the inputs file's seed, else 0).
        #[arg(long)]
        seed: Option<u64>,
        /// Inputs file (RON, see docs/inputs-format.md).
        #[arg(long, value_name = "FILE", conflicts_with_all = ["choices", "policy"])]
        inputs: Option<PathBuf>,
        /// Comma-separated ids: dossier items and a route, then options (`wait` lets a timer run out).
        #[arg(long, value_delimiter = ',', conflicts_with = "policy")]
        choices: Option<Vec<String>>,
        /// Automatic player (the default is `random`).
        #[arg(long, value_enum)]
        policy: Option<PolicyArg>,
        /// Write the inputs that were played, replayable with --inputs.
        #[arg(long, value_name = "FILE")]
        save_inputs: Option<PathBuf>,
        /// Target profile id or file (default: kam_target, if present).
        #[arg(long, value_name = "ID|FILE")]
        profile: Option<String>,
        /// Print the transcript in human output.
        #[arg(long)]
        transcript: bool,
        /// Language of the texts (en, pt, es, ru, az); scores, ids and JSON keys are the same in all.
        #[arg(long, default_value_t = Lang::En)]
        lang: Lang,
        /// Record the run in this practice journal (see `kam-sim journal show`).
        #[arg(long, value_name = "PATH")]
        journal: Option<PathBuf>,
        /// The player the run is recorded for (default: the system user's name).
        #[arg(long, requires = "journal")]
        player: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Explore every playthrough: endings, score range, where mistakes can occur, how a random player scores.
    Analyze {
        /// Scenario file or id.
        scenario: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Also warn when the scores break the library's balance rules (best >= 90, worst <= 25,
        /// random median 35-60).
        #[arg(long)]
        balance: bool,
        /// Exit 1 when the analysis has warnings.
        #[arg(long)]
        deny_warnings: bool,
        /// Most distinct meeting states to explore before giving up with an explanation (each
        /// costs a few hundred bytes).
        #[arg(long, value_name = "N", default_value_t = crate::core::analysis::DEFAULT_STATE_BUDGET)]
        max_states: usize,
    },
    /// Analyze every scenario of a folder: the library table, balance and coverage of the brief's
    /// mistakes and competencies (`--format markdown` writes docs/scenarios.md).
    Library {
        /// Folder (default: the scenarios folder).
        dir: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = LibraryFormat::Human)]
        format: LibraryFormat,
        /// Exit 1 when a library rule is broken or a scenario has warnings.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// List the scenarios in a folder.
    List {
        /// Folder (default: the scenarios folder).
        dir: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Draw the conversation graph.
    Graph {
        /// Scenario file or id.
        scenario: String,
        /// Graph language.
        #[arg(long, value_enum)]
        format: GraphFormat,
    },
    /// Open the game window (at a scenario's briefing, or at the menu); `--autoplay` plays it by itself;
    /// `--terminal` plays the scenario in the terminal instead (no window, no GPU).
    Play(PlayArgs),
    /// Run an assessment for a candidate, headless: from one inputs file per scenario, or with a
    /// simulated candidate; writes a signed result file. Without --inputs or --policy it opens in the
    /// game window.
    Assess(assess::AssessArgs),
    /// Result files and the results database: keys, verification, import, listing, erasure, xAPI.
    Results {
        #[command(subcommand)]
        command: results::ResultsCommand,
    },
    /// A new hire's practice: sessions, proficiency, recurring mistakes, the next scenario.
    Journal {
        #[command(subcommand)]
        command: journal::JournalCommand,
    },
    /// The translator's round trip: export PO templates and files, check translations.
    Translations {
        #[command(subcommand)]
        command: translations::TranslationsCommand,
    },
    /// Reports from the results database: one candidate, or a whole cohort.
    Report {
        #[command(subcommand)]
        command: report::ReportCommand,
    },
    /// Print shell completions for kam-sim (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Write the man pages (kam-sim.1 and one per command) into a folder.
    Man {
        /// The folder (created if needed).
        #[arg(default_value = "man")]
        dir: PathBuf,
    },
    /// Start a scenario: a commented skeleton of the kind asked for, that passes `check` as it is.
    New(new::NewArgs),
    /// Turn a spreadsheet draft (line, good answer, wrong answer, mistake, why) into a scenario.
    ImportTable(import_table::ImportTableArgs),
    /// Check a scenario (or a folder) and its balance again at every save, saying what changed.
    Watch(watch::WatchArgs),
    /// Where to act on a scenario's balance: each moment and relied-on fact by its effect on the
    /// random player's median, the mistakes made there, and each route's expected score.
    Balance {
        /// Scenario id or file.
        scenario: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Print every player-visible string with its stable key (for translation tables).
    Strings {
        /// Scenario file or id.
        scenario: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LibraryFormat {
    Human,
    Json,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum GraphFormat {
    Dot,
    Mermaid,
    /// A self-contained page: the graph with the analysis on it (best and worst paths, where
    /// mistakes happen, relied-on facts).
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum PolicyArg {
    Best,
    Worst,
    Random,
}

/// When the process started, for the game's start-up measurement.
static PROCESS_START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    PROCESS_START.get_or_init(std::time::Instant::now);
    end_quietly_on_a_closed_pipe();
    let mut cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(e.exit_code().clamp(0, 255) as u8);
        }
    };
    cli.dirs = match ContentDirs::resolve(&DirOverrides {
        scenarios: cli.scenarios_dir_flag.take(),
        profiles: cli.profiles_dir_flag.take(),
        assessments: cli.assessments_dir_flag.take(),
        translations: cli.translations_dir_flag.take(),
    }) {
        Ok(dirs) => dirs,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let Some(command) = cli.command.take() else {
        return no_command();
    };
    let outcome = match command {
        Command::Play(args) => play(&cli, args),
        Command::New(ref args) => new::run(args),
        Command::ImportTable(ref args) => import_table::run(args),
        Command::Watch(ref args) => watch::run(args),
        Command::Balance { ref scenario, format } => balance::run(&cli, scenario, format),
        Command::Check {
            ref paths,
            format,
            deny_warnings,
        } => check(paths, format, deny_warnings),
        Command::Run {
            ref scenario,
            seed,
            ref inputs,
            ref choices,
            policy,
            ref save_inputs,
            ref profile,
            transcript,
            lang,
            ref journal,
            ref player,
            format,
        } => {
            let how = match (inputs, choices, policy) {
                (Some(file), _, _) => How::Inputs(file.clone()),
                (_, Some(list), _) => How::Choices(list.clone()),
                (_, _, Some(PolicyArg::Best)) => How::Policy(Policy::Best),
                (_, _, Some(PolicyArg::Worst)) => How::Policy(Policy::Worst),
                _ => How::Policy(Policy::Random),
            };
            let request = RunRequest {
                scenario,
                seed,
                how,
                save_inputs: save_inputs.as_deref(),
                profile: profile.as_deref(),
                transcript,
                lang,
                journal: journal.as_deref().map(|path| {
                    (
                        path,
                        player.clone().unwrap_or_else(crate::results::journal::default_player),
                    )
                }),
                format,
            };
            run(&cli, &request)
        }
        Command::Analyze {
            ref scenario,
            format,
            balance,
            deny_warnings,
            max_states,
        } => analyze_cmd(&cli, scenario, format, balance, deny_warnings, max_states),
        Command::Library {
            ref dir,
            format,
            deny_warnings,
        } => library(dir.as_deref().unwrap_or(&cli.dirs.scenarios), format, deny_warnings),
        Command::List { ref dir, format } => list(dir.as_deref().unwrap_or(&cli.dirs.scenarios), format),
        Command::Graph { ref scenario, format } => graph(&cli, scenario, format),
        Command::Strings { ref scenario, format } => strings(&cli, scenario, format),
        Command::Assess(ref args) => assess::assess(args, &cli.dirs),
        Command::Results { ref command } => results::run(command, &cli.dirs),
        Command::Report { ref command } => report::run(command, &cli.dirs),
        Command::Translations { ref command } => translations::run(command, &cli.dirs),
        Command::Journal { ref command } => journal::run(command, &cli.dirs),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            // Into memory first: clap_complete panics on a failed write, and a closed pipe is not an error.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "kam-sim", &mut script);
            output::write_output(Path::new("-"), &script).map(|()| ExitCode::SUCCESS)
        }
        Command::Man { ref dir } => man_pages(dir),
    };
    match outcome {
        Ok(code) => code,
        Err(Failure(message)) => {
            eprintln!("{message}");
            ExitCode::from(1)
        }
    }
}

/// `kam-sim strings X | head -1`: once the reader has gone, printing fails with a broken pipe, which
/// `println!` turns into a panic. That is the reader's choice, not an error: end at once, quietly,
/// with exit code 0 (as ripgrep does), for every command.
fn end_quietly_on_a_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.starts_with("failed printing to std") && message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}

/// Without a command: the game opens when it is built in, otherwise the help is shown.
fn no_command() -> ExitCode {
    #[cfg(feature = "game")]
    {
        let menu = PlayArgs {
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
        };
        match play_in_window(menu) {
            Ok(code) => code,
            Err(Failure(message)) => {
                eprintln!("{message}");
                ExitCode::from(1)
            }
        }
    }
    #[cfg(not(feature = "game"))]
    {
        use clap::CommandFactory;
        let _ = Cli::command().print_help();
        eprintln!("\n(the game window is built with `--features game`)");
        ExitCode::from(2)
    }
}

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
fn play(cli: &Cli, args: PlayArgs) -> Outcome {
    if args.terminal {
        return play_in_terminal(cli, &args);
    }
    #[cfg(feature = "game")]
    {
        play_in_window(args)
    }
    #[cfg(not(feature = "game"))]
    {
        let _ = args;
        Err(Failure(
            "error: this kam-sim was built without the game window (--no-default-features); play in the terminal with `kam-sim play --terminal <SCENARIO>`".into(),
        ))
    }
}

/// `play --terminal`: the scenario in the terminal (`crate::terminal`), then a line with the result.
fn play_in_terminal(cli: &Cli, args: &PlayArgs) -> Outcome {
    let Some(spec) = args.scenario.as_deref() else {
        return Err(Failure(
            "error: play --terminal needs a scenario: an id or a file".into(),
        ));
    };
    let english = scenario(cli, spec)?;
    let lang = args.lang.unwrap_or_else(Lang::from_environment);
    let catalog = read_catalog(
        &cli.dirs.translations,
        &scenario_component_name(&english.source.id),
        lang,
    )
    .map_err(Failure)?;
    let (c, _) = translate_scenario(&english, &catalog);
    let texts = Texts::load(&cli.dirs.translations, lang).map_err(Failure)?;
    let seed = args.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
    });
    let (ending, session) = crate::terminal::play(crate::terminal::TerminalPlay {
        scenario: c,
        seed,
        texts,
        profile: target_profile(cli, None)?,
    })
    .map_err(|e| Failure(format!("error: {e}")))?;
    if let Some(path) = &args.save_inputs {
        write_atomically(path, &session.played_inputs().to_ron())?;
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
                if let Err(Failure(why)) = journal::record(&path, &run) {
                    eprintln!("{why} (this run is not in the practice journal)");
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
            let path =
                std::path::absolute(&spec).map_err(|e| Failure(format!("error: cannot resolve `{spec}`: {e}")))?;
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
                file => Script::Inputs(load_ron_file(Path::new(file)).map_err(|r| Failure(r.render()))?),
            };
            let seed = match (&script, seed) {
                (_, Some(seed)) => seed,
                (Script::Inputs(file), None) => file.seed,
                _ => 0,
            };
            if let Some(dir) = &screenshots {
                std::fs::create_dir_all(dir)
                    .map_err(|e| Failure(format!("error: cannot create `{}`: {e}", dir.display())))?;
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

/// A failure already explained to the user; its text goes to standard error.
pub(crate) struct Failure(pub(crate) String);

pub(crate) type Outcome = Result<ExitCode, Failure>;

pub(crate) fn print_json(value: &impl Serialize) -> Outcome {
    let text = serde_json::to_string_pretty(value).map_err(|e| Failure(format!("cannot write JSON: {e}")))?;
    println!("{text}");
    Ok(ExitCode::SUCCESS)
}

fn check(paths: &[PathBuf], format: Format, deny_warnings: bool) -> Outcome {
    let files = expand(paths);
    let mut reports: Vec<FileReport> = crate::core::catalog::load_together(&files)
        .into_iter()
        .map(|(_, loaded)| loaded.report)
        .collect();
    for p in paths.iter().filter(|p| p.is_dir() && scenario_files(p).is_empty()) {
        reports.push(FileReport {
            file: p.display().to_string(),
            source: None,
            diagnostics: vec![Diagnostic::file_error(
                "kam::file::no_scenarios",
                "the folder contains no .ron files",
            )],
        });
    }
    let errors: usize = reports.iter().map(FileReport::errors).sum();
    let warnings: usize = reports.iter().map(FileReport::warnings).sum();
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out {
                diagnostics: Vec<JsonDiagnostic>,
            }
            print_json(&Out {
                diagnostics: reports.iter().flat_map(FileReport::json_records).collect(),
            })?;
        }
        Format::Human => {
            let mut out = std::io::stdout().lock();
            for r in &reports {
                let _ = write!(out, "{}", r.render());
            }
            let _ = writeln!(
                out,
                "checked {} file{}: {errors} error{}, {warnings} warning{}",
                files.len(),
                plural(files.len()),
                plural(errors),
                plural(warnings)
            );
        }
    }
    Ok(if errors > 0 || (deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Writes the man pages generated from the command definitions.
fn man_pages(dir: &Path) -> Outcome {
    use clap::CommandFactory;
    std::fs::create_dir_all(dir).map_err(|e| Failure(format!("error: cannot create `{}`: {e}", dir.display())))?;
    clap_mangen::generate_to(Cli::command(), dir).map_err(|e| {
        Failure(format!(
            "error: cannot write the man pages into `{}`: {e}",
            dir.display()
        ))
    })?;
    println!("man pages written to {}", dir.display());
    Ok(ExitCode::SUCCESS)
}

/// Loads a scenario by path or id; errors are rendered, warnings go to standard error.
fn scenario(cli: &Cli, spec: &str) -> Result<Arc<CompiledScenario>, Failure> {
    let loaded = find_scenario(spec, &cli.dirs.scenarios);
    match loaded.scenario {
        Some(s) => {
            if loaded.report.warnings() > 0 {
                eprint!("{}", loaded.report.render());
            }
            Ok(s)
        }
        None => Err(Failure(loaded.report.render())),
    }
}

enum How {
    Inputs(PathBuf),
    Choices(Vec<String>),
    Policy(Policy),
}

struct RunRequest<'a> {
    scenario: &'a str,
    seed: Option<u64>,
    how: How,
    save_inputs: Option<&'a Path>,
    profile: Option<&'a str>,
    transcript: bool,
    lang: Lang,
    /// Where to record the run, and for whom.
    journal: Option<(&'a Path, String)>,
    format: Format,
}

fn run(cli: &Cli, r: &RunRequest<'_>) -> Outcome {
    let english = scenario(cli, r.scenario)?;
    let component = scenario_component_name(&english.source.id);
    let catalog = read_catalog(&cli.dirs.translations, &component, r.lang).map_err(Failure)?;
    let (c, scenario_fallbacks) = translate_scenario(&english, &catalog);
    let texts = Texts::load(&cli.dirs.translations, r.lang).map_err(Failure)?;
    let profile = target_profile(cli, r.profile)?;
    let session = match &r.how {
        How::Inputs(path) => replay(c, path, r.seed)?,
        How::Choices(ids) => {
            policy::play_choices(c, r.seed.unwrap_or(0), ids).map_err(|e| Failure(format!("error: {e}")))?
        }
        How::Policy(p) => policy::play(c, r.seed.unwrap_or(0), *p).map_err(|e| Failure(format!("error: {e}")))?,
    };
    if let Some(path) = r.save_inputs {
        write_atomically(path, &session.played_inputs().to_ron())?;
    }
    let result = result_in(&session, profile.as_ref(), &texts).map_err(|e| Failure(format!("error: {e}")))?;
    if let Some((path, player)) = &r.journal {
        let run = crate::results::journal::PracticeRun {
            player: player.clone(),
            played_at: crate::core::assessment::result::now_rfc3339(),
            language: r.lang.code().into(),
            inputs: session.played_inputs_ms(),
            result: result.clone(),
        };
        journal::record(path, &run)?;
    }
    let fell_back = scenario_fallbacks + texts.fell_back();
    if fell_back > 0 && r.format == Format::Human {
        eprintln!(
            "note: {fell_back} texts have no current {} translation and are shown in English",
            r.lang.code()
        );
    }
    match r.format {
        Format::Json => print_json(&result),
        Format::Human => {
            print!("{}", show::result(&result, r.transcript, &texts));
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn target_profile(cli: &Cli, spec: Option<&str>) -> Result<Option<Profile>, Failure> {
    match spec {
        Some(spec) => load_profile(spec, &cli.dirs.profiles)
            .map(Some)
            .map_err(|r| Failure(r.render())),
        None if cli.dirs.profiles.join("kam_target.ron").exists() => load_profile("kam_target", &cli.dirs.profiles)
            .map(Some)
            .map_err(|r| Failure(r.render())),
        None => Ok(None),
    }
}

/// Replays an inputs file; a refused input is reported at its line in the file.
fn replay(c: Arc<CompiledScenario>, path: &Path, seed: Option<u64>) -> Result<Session, Failure> {
    let file: InputsFile = load_ron_file(path).map_err(|r| Failure(r.render()))?;
    let text = crate::core::source::read_text(path).unwrap_or_default();
    let problem = |index: Option<usize>, code: &'static str, message: String, help: &str| {
        let at = index.map_or_else(|| "scenario".to_owned(), |i| format!("inputs[{i}]"));
        let mut d = vec![Diagnostic::error(code, at, message).with_help(help.to_owned())];
        locate(&text, &mut d);
        Failure(
            FileReport {
                file: path.display().to_string(),
                source: Some(text.clone().into()),
                diagnostics: d,
            }
            .render(),
        )
    };
    if file.scenario != c.source.id {
        return Err(problem(
            None,
            "kam::inputs::wrong_scenario",
            format!(
                "these inputs were recorded on `{}`, not `{}`",
                file.scenario, c.source.id
            ),
            "run them on the scenario they were recorded on",
        ));
    }
    let mut session = Session::new(c, seed.unwrap_or(file.seed));
    for (i, input) in file.inputs.iter().enumerate() {
        if let Err(e) = session.apply(input) {
            return Err(problem(
                Some(i),
                "kam::inputs::refused",
                e.to_string(),
                "fix or remove this input",
            ));
        }
    }
    if !matches!(session.phase(), Phase::Ended) {
        let index = file.inputs.len().checked_sub(1);
        let reason = result_of(&session, None)
            .err()
            .map_or_else(String::new, |e| e.to_string());
        return Err(problem(
            index,
            "kam::inputs::unfinished",
            format!("the inputs end before the meeting does: {reason}"),
            "add the remaining choices, or a `Wait` input to let a timer run out",
        ));
    }
    Ok(session)
}

/// Writes a file so that a crash never leaves it half-written.
fn write_atomically(path: &Path, text: &str) -> Result<(), Failure> {
    crate::core::atomic::write_replacing(path, text.as_bytes())
        .map_err(|e| Failure(format!("error: cannot write `{}`: {e}", path.display())))
}

fn analyze_cmd(
    cli: &Cli,
    spec: &str,
    format: Format,
    balance: bool,
    deny_warnings: bool,
    max_states: usize,
) -> Outcome {
    let c = scenario(cli, spec)?;
    let analysis = crate::core::balance::analyze_with_random_within(&c, max_states);
    let mut warnings = analysis.warnings();
    if balance {
        warnings.extend(BalanceRules::default().warnings(&analysis));
    }
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                #[serde(flatten)]
                analysis: &'a crate::core::analysis::Analysis,
                warnings: &'a [String],
            }
            print_json(&Out {
                analysis: &analysis,
                warnings: &warnings,
            })?;
        }
        Format::Human => print!("{}", show::analysis(&c, &analysis, &warnings)),
    }
    Ok(if deny_warnings && !warnings.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn library(dir: &Path, format: LibraryFormat, deny_warnings: bool) -> Outcome {
    if !dir.is_dir() {
        return Err(Failure(format!("error: `{}` is not a folder", dir.display())));
    }
    let mut analysed = Vec::new();
    let mut broken = Vec::new();
    for (path, loaded) in crate::core::catalog::load_together(&scenario_files(dir)) {
        match loaded.scenario.filter(|_| loaded.report.errors() == 0) {
            Some(c) => {
                let analysis = analyze_with_random(&c);
                // A scenario's check warnings belong in the library's findings too.
                if loaded.report.warnings() > 0 {
                    broken.push(format!(
                        "{}: {} warning(s) from `kam-sim check`",
                        path.display(),
                        loaded.report.warnings()
                    ));
                }
                analysed.push((c, analysis));
            }
            None => broken.push(format!(
                "{}: does not load ({} error(s)); run `kam-sim check` on it",
                path.display(),
                loaded.report.errors()
            )),
        }
    }
    let mut report = library_report(&analysed, LibraryRules::default());
    report.warnings.extend(broken);
    let warnings = report.all_warnings();
    match format {
        LibraryFormat::Json => {
            print_json(&report)?;
        }
        LibraryFormat::Markdown => print!("{}", to_markdown(&report)),
        LibraryFormat::Human => print!("{}", show::library(&report)),
    }
    Ok(if deny_warnings && !warnings.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn list(dir: &Path, format: Format) -> Outcome {
    #[derive(Serialize)]
    struct Entry {
        id: String,
        kind: &'static str,
        title: String,
        difficulty: &'static str,
        expected_minutes: u32,
        file: String,
    }
    #[derive(Serialize)]
    struct Broken {
        file: String,
        errors: usize,
        first: String,
    }
    if !dir.is_dir() {
        return Err(Failure(format!("error: `{}` is not a folder", dir.display())));
    }
    let mut entries = Vec::new();
    let mut broken = Vec::new();
    for path in scenario_files(dir) {
        let loaded = load_scenario_file(&path);
        match loaded.scenario {
            Some(c) => {
                let s = &c.source;
                entries.push(Entry {
                    id: s.id.clone(),
                    kind: s.kind.id(),
                    title: s.title.clone(),
                    difficulty: s.difficulty.id(),
                    expected_minutes: s.expected_minutes,
                    file: path.display().to_string(),
                });
            }
            None => broken.push(Broken {
                file: path.display().to_string(),
                errors: loaded.report.errors(),
                first: loaded.report.diagnostics.first().map_or_else(String::new, |d| {
                    let (line, column) = loaded.report.position(d);
                    format!("{line}:{column}: {}", d.message)
                }),
            }),
        }
    }
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out {
                scenarios: Vec<Entry>,
                broken: Vec<Broken>,
            }
            print_json(&Out {
                scenarios: entries,
                broken,
            })
        }
        Format::Human => {
            let rows: Vec<[String; 4]> = entries
                .iter()
                .map(|e| {
                    [
                        e.id.clone(),
                        e.kind.to_owned(),
                        e.difficulty.to_owned(),
                        e.title.clone(),
                    ]
                })
                .collect();
            print!("{}", show::table(&["id", "kind", "difficulty", "title"], &rows));
            for b in &broken {
                println!(
                    "broken: {}:{} ({} error{})",
                    b.file,
                    b.first,
                    b.errors,
                    plural(b.errors)
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn graph(cli: &Cli, spec: &str, format: GraphFormat) -> Outcome {
    let c = scenario(cli, spec)?;
    print!(
        "{}",
        match format {
            GraphFormat::Dot => to_dot(&c),
            GraphFormat::Mermaid => to_mermaid(&c),
            GraphFormat::Html => crate::core::graph_html::to_html(&c, &crate::core::balance::analyze_with_random(&c)),
        }
    );
    Ok(ExitCode::SUCCESS)
}

fn strings(cli: &Cli, spec: &str, format: Format) -> Outcome {
    let c = scenario(cli, spec)?;
    let table = player_strings(&c.source);
    match format {
        Format::Json => {
            let map: serde_json::Map<String, serde_json::Value> = table
                .into_iter()
                .map(|(k, v)| (k, serde_json::Value::String(v)))
                .collect();
            print_json(&map)
        }
        Format::Human => {
            for (key, text) in table {
                println!("{key}\t{text}");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
