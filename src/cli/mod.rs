//! The `kam-sim` command line: argument parsing and the commands' contracts (output, exit codes).
//!
//! Each command is a module with its arguments and its entry function; this module parses the
//! command line and dispatches.
//!
//! Exit codes: 0 success; 1 the input (scenario, inputs file, profile) has errors or could not be
//! played; 2 the command line itself is wrong. A command that fails returns a `CliError`, which
//! `main` alone prints (`error::render`).

mod analyze;
mod assess;
mod balance;
mod check;
mod completions;
mod error;
mod graph;
mod import_table;
mod journal;
mod library;
mod list;
mod man;
mod new;
mod output;
mod play;
mod report;
mod results;
mod run;
pub(crate) mod show;
mod strings;
mod study;
mod translations;
mod watch;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::core::catalog::find_scenario;
use crate::core::compile::CompiledScenario;
use crate::core::content::{ContentDirs, DirOverrides};
use crate::core::policy::Policy;
use error::CliError;

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
}

#[derive(Subcommand)]
enum Command {
    /// Check scenario files (or every .ron file in folders) and report problems with file:line:column.
    Check(check::CheckArgs),
    /// Play a scenario headless from timed inputs, a list of choices or an automatic policy, and score it.
    Run(run::RunArgs),
    /// Explore every playthrough: endings, score range, where mistakes can occur, how a random player scores.
    Analyze(analyze::AnalyzeArgs),
    /// Analyze every scenario of a folder: the library table, balance and coverage of the brief's
    /// mistakes and competencies (`--format markdown` writes docs/scenarios.md).
    Library(library::LibraryArgs),
    /// List the scenarios in a folder.
    List(list::ListArgs),
    /// Draw the conversation graph.
    Graph(graph::GraphArgs),
    /// Open the game window (at a scenario's briefing, or at the menu); `--autoplay` plays it by itself;
    /// `--terminal` plays the scenario in the terminal instead (no window, no GPU).
    Play(play::PlayArgs),
    /// Run an assessment for a candidate, headless: from one inputs file per scenario, or with a
    /// simulated candidate; writes a signed result file. Without --inputs or --policy it opens in the
    /// game window.
    Assess(assess::AssessArgs),
    /// Result files and the results database: keys, verification, import, listing, erasure, xAPI.
    #[command(subcommand)]
    Results(results::ResultsCommand),
    /// A new hire's practice: sessions, proficiency, recurring mistakes, the next scenario.
    #[command(subcommand)]
    Journal(journal::JournalCommand),
    /// The translator's round trip: export PO templates and files, check translations.
    #[command(subcommand)]
    Translations(translations::TranslationsCommand),
    /// Reports from the results database: one candidate, or a whole cohort.
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// Print shell completions for kam-sim (bash, zsh, fish, elvish, powershell).
    Completions(completions::CompletionsArgs),
    /// Write the man pages (kam-sim.1 and one per command) into a folder.
    Man(man::ManArgs),
    /// Start a scenario: a commented skeleton of the kind asked for, that passes `check` as it is.
    New(new::NewArgs),
    /// Turn a spreadsheet draft (line, good answer, wrong answer, mistake, why) into a scenario.
    ImportTable(import_table::ImportTableArgs),
    /// Check a scenario (or a folder) and its balance again at every save, saying what changed.
    Watch(watch::WatchArgs),
    /// Where to act on a scenario's balance: each moment and relied-on fact by its effect on the
    /// random player's median, the mistakes made there, and each route's expected score.
    Balance(balance::BalanceArgs),
    /// Print every player-visible string with its stable key (for translation tables).
    Strings(strings::StringsArgs),
    /// A simulated-cohort study of an assessment: validity, reliability, measurement error at the
    /// pass mark, classification accuracy, test–retest, per scenario and per target competency.
    Study(study::StudyArgs),
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Human,
    Json,
}

/// An automatic player, as `run --policy` and `assess --policy` name it.
#[derive(Clone, Copy, ValueEnum, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub(crate) enum PolicyArg {
    Best,
    Worst,
    Random,
    // A simulated candidate of skill `--skill θ` (docs/inputs-format.md). Not a doc comment: it
    // would turn the possible values of `--policy` in every `--help` into a described list.
    Skilled,
}

impl PolicyArg {
    /// The policy of the analyzer's paths and the random player; `None` for `skilled`, which is
    /// played by [`crate::core::policy::play_skilled`] with a skill.
    fn plain(self) -> Option<Policy> {
        match self {
            PolicyArg::Best => Some(Policy::Best),
            PolicyArg::Worst => Some(Policy::Worst),
            PolicyArg::Random => Some(Policy::Random),
            PolicyArg::Skilled => None,
        }
    }
}

/// `--skill` means something only to `--policy skilled`: given with another policy it would be
/// silently ignored, so it is refused.
fn refuse_skill_without_skilled(
    skill: Option<crate::core::policy::Skill>,
    policy: Option<PolicyArg>,
) -> Result<(), CliError> {
    match (skill, policy) {
        (Some(_), Some(p)) if p.plain().is_some() => Err(CliError::refused(
            format!(
                "--skill is the skill of `--policy skilled`, not of `--policy {}`",
                <&str>::from(p)
            ),
            "drop --skill, or play with --policy skilled",
        )),
        _ => Ok(()),
    }
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    play::PROCESS_START.get_or_init(std::time::Instant::now);
    end_quietly_on_a_closed_pipe();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(e.exit_code().clamp(0, 255) as u8);
        }
    };
    match dispatch(cli) {
        Ok(code) => code,
        Err(e) => {
            eprint!("{}", error::render(&e));
            ExitCode::from(1)
        }
    }
}

/// Runs the command given (or what `kam-sim` alone does).
fn dispatch(mut cli: Cli) -> Outcome {
    // The configuration file's findings come rendered.
    let dirs = ContentDirs::resolve(&DirOverrides {
        scenarios: cli.scenarios_dir_flag.take(),
        profiles: cli.profiles_dir_flag.take(),
        assessments: cli.assessments_dir_flag.take(),
        translations: cli.translations_dir_flag.take(),
    })
    .map_err(CliError::Findings)?;
    let Some(command) = cli.command.take() else {
        return no_command();
    };
    match command {
        Command::Check(args) => check::run(&args, &dirs),
        Command::Run(args) => run::run(&args, &dirs),
        Command::Analyze(args) => analyze::run(&args, &dirs),
        Command::Library(args) => library::run(&args, &dirs.scenarios),
        Command::List(args) => list::run(&args, &dirs.scenarios),
        Command::Graph(args) => graph::run(&args, &dirs),
        Command::Play(args) => play::run(args, &dirs),
        Command::Assess(args) => assess::run(&args, &dirs),
        Command::Results(command) => results::run(&command, &dirs),
        Command::Journal(command) => journal::run(&command, &dirs),
        Command::Translations(command) => translations::run(&command, &dirs),
        Command::Report(command) => report::run(&command, &dirs),
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(&args),
        Command::New(args) => new::run(&args),
        Command::ImportTable(args) => import_table::run(&args),
        Command::Watch(args) => watch::run(&args),
        Command::Balance(args) => balance::run(&args, &dirs),
        Command::Strings(args) => strings::run(&args, &dirs),
        Command::Study(args) => study::run(&args, &dirs),
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
fn no_command() -> Outcome {
    #[cfg(feature = "game")]
    {
        play::menu()
    }
    #[cfg(not(feature = "game"))]
    {
        use clap::CommandFactory;
        let _ = Cli::command().print_help();
        eprintln!("\n(the game window is built with `--features game`)");
        Ok(ExitCode::from(2))
    }
}

/// What a command ends with: its exit code, or the error `main` reports (exit code 1).
pub(crate) type Outcome = Result<ExitCode, CliError>;

/// Prints `value` as pretty JSON on standard output.
pub(crate) fn print_json(value: &impl Serialize) -> Outcome {
    let text = serde_json::to_string_pretty(value)?;
    println!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// Loads a scenario by path or id; errors are rendered, warnings go to standard error.
fn load_scenario(dirs: &ContentDirs, spec: &str) -> Result<Arc<CompiledScenario>, CliError> {
    let loaded = find_scenario(spec, &dirs.scenarios);
    match loaded.scenario {
        Some(s) => {
            if loaded.report.warnings() > 0 {
                eprint!("{}", loaded.report.render());
            }
            Ok(s)
        }
        None => Err(CliError::Findings(loaded.report.render())),
    }
}
