//! `kam-sim journal show|export|send-xapi`: a new hire's practice — sessions, proficiency per
//! competency, recurring mistakes and the next scenario to play, with its reason (`docs/scoring.md`,
//! "Progress") — and its runs sent to a learning record store as xAPI statements.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use serde::Serialize;

use super::error::CliError;
use super::results::{HomePageArg, LrsArgs, deliver};
use super::{Format, Outcome, print_json};
use crate::core::content::{ContentDirs, did_you_mean, ids_in};
use crate::core::load::load_scenario_file;
use crate::core::profile::load_profile;
use crate::core::progress::{Next, Recurring, ScenarioFacts, proficiency, recommend, recurring_mistakes};
use crate::results::journal::{Journal, PracticeRun, default_path, default_player};
use crate::results::xapi::practice_statements;

/// The journal commands.
#[derive(Subcommand)]
pub(crate) enum JournalCommand {
    /// Sessions played, proficiency per competency, recurring mistakes, and the next scenario.
    Show {
        /// Whose practice (default: the system user's name).
        #[arg(long)]
        player: Option<String>,
        /// The journal file (default: KAM_SIM_JOURNAL, else <data folder>/kam-sim/journal.db).
        #[arg(long, value_name = "PATH")]
        journal: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// One player's runs into a journal file of their own, for a trainer's team report
    /// (`kam-sim report practice`). An existing file is never replaced.
    Export {
        /// Whose practice.
        #[arg(long)]
        player: String,
        /// The journal file to read (default: KAM_SIM_JOURNAL, else <data folder>/kam-sim/journal.db).
        #[arg(long, value_name = "PATH")]
        journal: Option<PathBuf>,
        /// The new journal file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Send a player's practice runs as xAPI statements to a learning record store, through the
    /// same outbox as `results send-xapi` (kept until acknowledged; a resend never duplicates).
    SendXapi {
        /// Whose practice (default: the system user's name).
        #[arg(long)]
        player: Option<String>,
        /// The journal file (default: KAM_SIM_JOURNAL, else <data folder>/kam-sim/journal.db).
        #[arg(long, value_name = "PATH")]
        journal: Option<PathBuf>,
        #[command(flatten)]
        lrs: LrsArgs,
        #[command(flatten)]
        home_page: HomePageArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

/// The journal file a command uses.
pub(crate) fn journal_path(given: Option<&Path>) -> Result<PathBuf, CliError> {
    given
        .map(Path::to_path_buf)
        .or_else(default_path)
        .ok_or_else(|| CliError::refused("no data folder to keep the journal in", "give --journal PATH"))
}

/// Records a practice run (`run --journal`).
pub(crate) fn record(path: &Path, run: &PracticeRun) -> Result<(), CliError> {
    Ok(Journal::open(path)?.record(run)?)
}

#[derive(Serialize)]
struct SessionLine<'a> {
    scenario: &'a str,
    played_at: &'a str,
    score: u8,
    grade: String,
    language: &'a str,
}

#[derive(Serialize)]
struct Shown<'a> {
    player: &'a str,
    sessions: Vec<SessionLine<'a>>,
    proficiency: std::collections::BTreeMap<String, u8>,
    recurring_mistakes: Vec<Recurring>,
    next: Option<Next>,
}

/// Opens a journal that must exist already (reading never creates one).
pub(crate) fn open_existing(path: &Path) -> Result<Journal, CliError> {
    if !path.is_file() {
        return Err(CliError::NotFound {
            message: format!("no journal at {}", path.display()),
            help: Some(format!(
                "practice runs are recorded by the game, or by `kam-sim run … --journal {}`",
                path.display()
            )),
        });
    }
    Ok(Journal::open(path)?)
}

pub(crate) fn run(command: &JournalCommand, dirs: &ContentDirs) -> Outcome {
    match command {
        JournalCommand::SendXapi {
            player,
            journal,
            lrs,
            home_page,
            format,
        } => {
            let player = player.clone().unwrap_or_else(default_player);
            let home_page = home_page.get()?;
            let path = journal_path(journal.as_deref())?;
            let journal = open_existing(&path)?;
            let runs = journal.runs(&player)?;
            if runs.is_empty() {
                let names = journal.players().unwrap_or_default();
                return Err(CliError::not_found(
                    format!("no practice runs of `{player}` in {}", path.display()),
                    did_you_mean(&player, names.iter().map(String::as_str)),
                ));
            }
            deliver(lrs, Some(practice_statements(&runs, &home_page)), *format)
        }
        JournalCommand::Export { player, journal, out } => {
            let path = journal_path(journal.as_deref())?;
            let journal = open_existing(&path)?;
            let written = journal.export(player, out)?;
            eprintln!("{written} practice run(s) of {player} written to {}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        JournalCommand::Show {
            player,
            journal,
            format,
        } => {
            let player = player.clone().unwrap_or_else(default_player);
            let path = journal_path(journal.as_deref())?;
            let journal = open_existing(&path)?;
            let runs = journal.runs(&player)?;
            if runs.is_empty() {
                let players = journal.players().unwrap_or_default();
                return Err(CliError::not_found(
                    format!("`{player}` has no practice run in {}", path.display()),
                    crate::core::content::did_you_mean(&player, players.iter().map(String::as_str)),
                ));
            }
            let sessions: Vec<_> = runs.iter().map(PracticeRun::session).collect();
            let library: Vec<ScenarioFacts> = ids_in(&dirs.scenarios)
                .iter()
                .filter_map(|id| load_scenario_file(&dirs.scenarios.join(format!("{id}.ron"))).scenario)
                .map(|c| ScenarioFacts::of(&c))
                .collect();
            let target = load_profile("kam_target", &dirs.profiles).ok();
            let shown = Shown {
                player: &player,
                sessions: runs
                    .iter()
                    .map(|r| SessionLine {
                        scenario: &r.result.scenario,
                        played_at: &r.played_at,
                        score: r.result.score,
                        grade: format!("{:?}", r.result.grade),
                        language: &r.language,
                    })
                    .collect(),
                proficiency: proficiency(&sessions),
                recurring_mistakes: recurring_mistakes(&sessions),
                next: recommend(&sessions, &library, target.as_ref()),
            };
            match format {
                Format::Json => print_json(&shown),
                Format::Human => {
                    print!("{}", human(&shown));
                    Ok(ExitCode::SUCCESS)
                }
            }
        }
    }
}

fn human(s: &Shown<'_>) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "{}: {} practice session(s)", s.player, s.sessions.len());
    let rows: Vec<[String; 4]> = s
        .sessions
        .iter()
        .map(|l| {
            [
                l.played_at.get(..16).unwrap_or(l.played_at).replace('T', " "),
                l.scenario.to_owned(),
                format!("{} ({})", l.score, l.grade),
                l.language.to_owned(),
            ]
        })
        .collect();
    out.push_str(&super::show::table(&["played", "scenario", "score", "language"], &rows));
    let _ = writeln!(
        out,
        "\nproficiency (recent sessions count most; docs/scoring.md, \"Progress\"):"
    );
    let rows: Vec<[String; 2]> = crate::core::vocab::Competency::ALL
        .iter()
        .map(|c| {
            [
                c.name().to_owned(),
                s.proficiency
                    .get(c.id())
                    .map_or_else(|| "not measured yet".into(), u8::to_string),
            ]
        })
        .collect();
    out.push_str(&super::show::table(&["competency", "level"], &rows));
    if s.recurring_mistakes.is_empty() {
        let _ = writeln!(out, "\nno recurring mistake in the last sessions");
    } else {
        let _ = writeln!(out, "\nrecurring mistakes:");
        for r in &s.recurring_mistakes {
            let _ = writeln!(out, "  {} — in {} of the last {} sessions", r.id, r.sessions, r.of_last);
        }
    }
    match &s.next {
        Some(n) => {
            let _ = writeln!(out, "\nnext: {} — {}", n.scenario, n.reason);
        }
        None => {
            let _ = writeln!(out, "\nevery scenario of the library is mastered (grade A)");
        }
    }
    out
}
