//! `kam-sim report candidate|cohort`: reports made from verified stored results only.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use super::output::{is_stdout, note, shown, write_output};
use super::results::{DbArg, KeyArg, assessment_id, load_key, stored_results};
use super::{Failure, Format, Outcome, print_json};
use crate::core::content::ContentDirs;
use crate::core::i18n::Lang;
use crate::results::report::csv::{CsvOptions, cohort_csv};
use crate::results::report::{CohortOptions, ReportLanguage, candidate_html, cohort, cohort_html};

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
        /// The report's language (en, pt, es, ru, az); the result itself is the same in all.
        #[arg(long, default_value_t = Lang::En)]
        lang: Lang,
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        key: KeyArg,
        /// What to print once the report is written: a line, or a JSON summary.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
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
        /// The HTML report's language (en, pt, es, ru, az); the CSV keeps ids and numbers.
        #[arg(long, default_value_t = Lang::En)]
        lang: Lang,
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        key: KeyArg,
        /// What to print once the report is written: the reliability note, or the cohort's figures
        /// as JSON.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

/// Runs a `report` command.
pub(crate) fn run(command: &ReportCommand, dirs: &ContentDirs) -> Outcome {
    let language =
        |lang: Lang| ReportLanguage::load(&dirs.translations, lang).map_err(|e| Failure(format!("error: {e}")));
    match command {
        ReportCommand::Candidate {
            candidate,
            html,
            assessment,
            attempt,
            lang,
            db,
            key,
            format,
        } => {
            refuse_two_outputs_on_stdout(*format, [Some(html.as_path())])?;
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
            write_output(html, candidate_html(chosen, &language(*lang)?).as_bytes())?;
            if *format == Format::Json {
                let s = &chosen.result.summary;
                return print_json(&serde_json::json!({
                    "file": shown(html),
                    "candidate": chosen.result.candidate,
                    "assessment": chosen.result.assessment,
                    "attempt": chosen.attempt,
                    "simulated": chosen.result.played_by.is_simulated(),
                    "average_score": s.average_score,
                    "passed": s.passed,
                }));
            }
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
            lang,
            db,
            key,
            format,
        } => {
            refuse_two_outputs_on_stdout(*format, [html.as_deref(), csv.as_deref()])?;
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
                write_output(path, cohort_html(&c, &today, &language(*lang)?).as_bytes())?;
                note(to_stdout, &format!("cohort report written to {}", shown(path)));
            }
            if let Some(path) = csv {
                let bytes = cohort_csv(&c, CsvOptions { bom: *bom })
                    .map_err(|e| Failure(format!("error: cannot write the CSV: {e}")))?;
                write_output(path, &bytes)?;
                note(to_stdout, &format!("cohort table written to {}", shown(path)));
            }
            if *format == Format::Json {
                return print_json(&cohort_json(&c, html.as_deref(), csv.as_deref()));
            }
            note(to_stdout, &c.reliability_note);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// JSON and a report cannot share standard output.
fn refuse_two_outputs_on_stdout<'a>(
    format: Format,
    outputs: impl IntoIterator<Item = Option<&'a std::path::Path>>,
) -> Result<(), Failure> {
    let on_stdout = outputs.into_iter().flatten().filter(|p| is_stdout(p)).count();
    if on_stdout > 1 || (on_stdout == 1 && format == Format::Json) {
        return Err(Failure(
            "error: only one thing can go to standard output: give a file for the report, or drop --format json".into(),
        ));
    }
    Ok(())
}

fn cohort_json(
    c: &crate::results::report::Cohort<'_>,
    html: Option<&std::path::Path>,
    csv: Option<&std::path::Path>,
) -> serde_json::Value {
    let files: Vec<String> = [html, csv].into_iter().flatten().map(shown).collect();
    serde_json::json!({
        "assessment": c.ranked.first().map(|r| r.result.assessment.as_str()),
        "files": files,
        "candidates": c.ranked.len(),
        "simulated_left_out": c.simulated_left_out,
        "passed": c.passed,
        "alpha": c.alpha.map(|a| serde_json::json!({
            "value": a.value, "low": a.low, "high": a.high, "candidates": a.candidates,
        })),
        "reliability_note": c.reliability_note,
        "ranking": c.ranked.iter().enumerate().map(|(i, r)| serde_json::json!({
            "rank": i + 1,
            "candidate": r.result.candidate,
            "attempt": r.attempt,
            "simulated": r.result.played_by.is_simulated(),
            "language": r.result.language,
            "average_score": r.result.summary.average_score,
            "passed": r.result.summary.passed,
        })).collect::<Vec<_>>(),
        "mistakes": c.mistakes.iter().map(|m| serde_json::json!({
            "id": m.id, "candidates": m.candidates, "mean_per_candidate": m.mean_per_candidate,
        })).collect::<Vec<_>>(),
    })
}
