//! `kam-sim library [DIR]`: every scenario of a folder analysed — the library table, its balance and
//! how it covers the brief's mistakes and competencies (`--format markdown` is docs/scenarios.md).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use super::error::CliError;
use super::{Outcome, print_json, show};
use crate::core::balance::{LibraryRules, analyze_with_random, library_report, to_markdown};
use crate::core::catalog::{load_together, scenario_files};

/// What `kam-sim library` is given.
#[derive(clap::Args)]
pub(crate) struct LibraryArgs {
    /// Folder (default: the scenarios folder).
    dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LibraryFormat::Human)]
    format: LibraryFormat,
    /// Exit 1 when a library rule is broken or a scenario has warnings.
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LibraryFormat {
    Human,
    Json,
    Markdown,
}

/// `kam-sim library`, on `DIR` or else the scenarios folder.
pub(crate) fn run(args: &LibraryArgs, scenarios: &Path) -> Outcome {
    let dir = args.dir.as_deref().unwrap_or(scenarios);
    if !dir.is_dir() {
        return Err(CliError::not_found(
            format!("`{}` is not a folder", dir.display()),
            None,
        ));
    }
    let mut analysed = Vec::new();
    let mut broken = Vec::new();
    for (path, loaded) in load_together(&scenario_files(dir)) {
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
    match args.format {
        LibraryFormat::Json => {
            print_json(&report)?;
        }
        LibraryFormat::Markdown => print!("{}", to_markdown(&report)),
        LibraryFormat::Human => print!("{}", show::library(&report)),
    }
    Ok(if args.deny_warnings && !warnings.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
