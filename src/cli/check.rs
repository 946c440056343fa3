//! `kam-sim check <PATHS>...`: every scenario file's findings with file:line:column.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use super::show::plural;
use super::{Format, Outcome, print_json};
use crate::core::catalog::{expand, load_together, scenario_files};
use crate::core::diagnostic::{Diagnostic, FileReport, JsonDiagnostic};

/// What `kam-sim check` is given.
#[derive(clap::Args)]
pub(crate) struct CheckArgs {
    /// Files or folders.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Exit 1 when there are warnings too.
    #[arg(long)]
    deny_warnings: bool,
}

/// `kam-sim check`: the report goes to standard output; exit 1 when there are errors (or warnings,
/// with `--deny-warnings`).
pub(crate) fn run(args: &CheckArgs) -> Outcome {
    let files = expand(&args.paths);
    let mut reports: Vec<FileReport> = load_together(&files)
        .into_iter()
        .map(|(_, loaded)| loaded.report)
        .collect();
    for p in args.paths.iter().filter(|p| p.is_dir() && scenario_files(p).is_empty()) {
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
    match args.format {
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
    Ok(if errors > 0 || (args.deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
