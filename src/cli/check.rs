//! `kam-sim check <PATHS>...`: every scenario file's findings with file:line:column, and for
//! assessment files, pass clauses no candidate can meet (`--study`: a simulated α and κ too).

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use super::error::CliError;
use super::show::plural;
use super::{Format, Outcome, print_json};
use crate::core::assessment::reach::check_assessment_file;
use crate::core::catalog::{expand, load_together, scenario_files};
use crate::core::content::ContentDirs;
use crate::core::diagnostic::{Diagnostic, FileReport, JsonDiagnostic};
use crate::core::load::file_kind;
use crate::core::study::study;

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
    /// For assessment files: also run a small simulated-cohort study and report its α and κ as a
    /// note (`kam-sim study` gives the whole study).
    #[arg(long)]
    study: bool,
    /// With `--study`: simulated candidates.
    #[arg(long, default_value_t = 100, requires = "study")]
    candidates: usize,
}

/// The note `--study` adds for an assessment file.
#[derive(Serialize)]
struct StudyNote {
    file: String,
    candidates: usize,
    alpha: Option<f64>,
    kappa: f64,
}

/// `kam-sim check`: the report goes to standard output; exit 1 when there are errors (or warnings,
/// with `--deny-warnings`).
pub(crate) fn run(args: &CheckArgs, dirs: &ContentDirs) -> Outcome {
    let files = expand(&args.paths);
    let (assessments, scenarios): (Vec<PathBuf>, Vec<PathBuf>) = files
        .iter()
        .cloned()
        .partition(|p| crate::core::source::read_text(p).is_ok_and(|t| file_kind(&t) == Some("Assessment")));
    let mut reports: Vec<FileReport> = load_together(&scenarios)
        .into_iter()
        .map(|(_, loaded)| loaded.report)
        .collect();
    let mut notes: Vec<StudyNote> = Vec::new();
    for path in &assessments {
        let (report, loaded) = check_assessment_file(path, dirs);
        if let (true, Some(a)) = (args.study, &loaded) {
            let s = study(a, args.candidates, 0).map_err(|e| CliError::refused_plainly(e.to_string()))?;
            notes.push(StudyNote {
                file: report.file.clone(),
                candidates: s.candidates,
                alpha: s.alpha.map(|a| a.value),
                kappa: s.classification.kappa,
            });
        }
        reports.push(report);
    }
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
                #[serde(skip_serializing_if = "Vec::is_empty")]
                studies: Vec<StudyNote>,
            }
            print_json(&Out {
                diagnostics: reports.iter().flat_map(FileReport::json_records).collect(),
                studies: notes,
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
            for n in &notes {
                let _ = writeln!(
                    out,
                    "note: {}: a simulated cohort of {} candidates gives α {} and κ {:.3} (`kam-sim study` for the whole study)",
                    n.file,
                    n.candidates,
                    n.alpha.map_or_else(|| "—".to_owned(), |a| format!("{a:.3}")),
                    n.kappa
                );
            }
        }
    }
    Ok(if errors > 0 || (args.deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
