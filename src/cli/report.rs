//! `kam-sim report candidate|cohort`: reports made from verified stored results only.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use super::output::{is_stdout, note, shown, write_output};
use super::results::{DbArg, KeyArg, assessment_id, load_key, stored_results};
use super::{Failure, Outcome};
use crate::core::content::ContentDirs;
use crate::results::report::csv::{CsvOptions, cohort_csv};
use crate::results::report::{CohortOptions, candidate_html, cohort, cohort_html};

#[derive(Subcommand)]
pub(crate) enum ReportCommand {
    /// One candidate's report: profile against the target (radar chart), gaps, mistakes, deals, time.
    Candidate {
        /// The candidate's name or id, as given to `assess`.
        candidate: String,
        /// Output HTML file (self-contained; prints to A4), or `-` for standard output.
        #[arg(long, value_name = "OUT")]
        html: PathBuf,
        /// Which assessment (id or file), when the candidate took several.
        #[arg(long)]
        assessment: Option<String>,
        /// Which attempt (default: the latest).
        #[arg(long)]
        attempt: Option<u32>,
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        key: KeyArg,
    },
    /// All candidates of an assessment: ranking, competencies, frequent mistakes, reliability.
    #[command(group(clap::ArgGroup::new("output").required(true).multiple(true).args(["html", "csv"])))]
    Cohort {
        /// Assessment id or file.
        assessment: String,
        /// Output HTML file (self-contained; prints to A4), or `-`.
        #[arg(long, value_name = "OUT")]
        html: Option<PathBuf>,
        /// Output CSV file: a header row, then one row per candidate; or `-`.
        #[arg(long, value_name = "OUT")]
        csv: Option<PathBuf>,
        /// Begin the CSV with a UTF-8 byte-order mark (for spreadsheets that guess the encoding).
        #[arg(long, requires = "csv")]
        bom: bool,
        /// Rank simulated candidates with people and count them in the statistics.
        #[arg(long)]
        include_simulated: bool,
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        key: KeyArg,
    },
}

/// Runs a `report` command.
pub(crate) fn run(command: &ReportCommand, _dirs: &ContentDirs) -> Outcome {
    match command {
        ReportCommand::Candidate {
            candidate,
            html,
            assessment,
            attempt,
            db,
            key,
        } => {
            let key = load_key(key.key.as_deref())?;
            let assessment = assessment.as_deref().map(assessment_id).transpose()?;
            let mut results = stored_results(&db.db, &key, assessment.as_deref(), Some(candidate))?;
            let assessments: std::collections::BTreeSet<&str> =
                results.iter().map(|r| r.result.assessment.as_str()).collect();
            if assessments.len() > 1 {
                return Err(Failure(format!(
                    "error: candidate `{candidate}` has results of several assessments ({}); choose one with --assessment",
                    assessments.into_iter().collect::<Vec<_>>().join(", ")
                )));
            }
            if let Some(n) = attempt {
                results.retain(|r| r.attempt == *n);
                if results.is_empty() {
                    return Err(Failure(format!("error: candidate `{candidate}` has no attempt {n}")));
                }
            }
            let Some(chosen) = results.iter().max_by_key(|r| r.attempt) else {
                return Err(Failure(format!("error: no stored result of candidate `{candidate}`")));
            };
            write_output(html, candidate_html(chosen).as_bytes())?;
            note(
                is_stdout(html),
                &format!(
                    "report for {candidate} (attempt {}) written to {}",
                    chosen.attempt,
                    shown(html)
                ),
            );
            Ok(ExitCode::SUCCESS)
        }
        ReportCommand::Cohort {
            assessment,
            html,
            csv,
            bom,
            include_simulated,
            db,
            key,
        } => {
            let key = load_key(key.key.as_deref())?;
            let id = assessment_id(assessment)?;
            let results = stored_results(&db.db, &key, Some(&id), None)?;
            let c = cohort(
                &results,
                CohortOptions {
                    include_simulated: *include_simulated,
                },
            );
            let today = crate::results::report::day_of(&crate::core::assessment::result::now_rfc3339()).to_owned();
            let to_stdout = html.as_deref().is_some_and(is_stdout) || csv.as_deref().is_some_and(is_stdout);
            if let Some(path) = html {
                write_output(path, cohort_html(&c, &today).as_bytes())?;
                note(to_stdout, &format!("cohort report written to {}", shown(path)));
            }
            if let Some(path) = csv {
                let bytes = cohort_csv(&c, CsvOptions { bom: *bom })
                    .map_err(|e| Failure(format!("error: cannot write the CSV: {e}")))?;
                write_output(path, &bytes)?;
                note(to_stdout, &format!("cohort table written to {}", shown(path)));
            }
            note(to_stdout, &c.reliability_note);
            Ok(ExitCode::SUCCESS)
        }
    }
}
