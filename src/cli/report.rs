//! `kam-sim report candidate|cohort`: reports made from verified stored results only; `report
//! practice`: a trainer's overview of the new hires' practice journals.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use super::error::CliError;
use super::output::{is_stdout, note, shown, write_output};
use super::results::{DbArg, KeyArg, assessment_id, cohort_entries, load_key, stored_results};
use super::{Format, Outcome, print_json};
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
        /// Group labels supplied by the organisation: a CSV file with the header `candidate,group`;
        /// the report adds each group's selection rate against the four-fifths rule. The labels are
        /// personal data: see docs/assessment.md.
        #[arg(long, value_name = "CSV")]
        groups: Option<PathBuf>,
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
    /// A trainer's overview of the new hires' practice journals: who practised what and when, each
    /// person's progress, the mistakes the team repeats most.
    Practice {
        /// Journal files (`kam-sim journal export`), or folders of them.
        #[arg(required = true, value_name = "JOURNAL FILES OR DIR")]
        journals: Vec<PathBuf>,
        /// Output HTML file (self-contained, SVG charts; prints to A4), or `-`.
        #[arg(long, value_name = "OUT")]
        html: PathBuf,
        /// The report's language (en, pt, es, ru, az).
        #[arg(long, default_value_t = Lang::En)]
        lang: Lang,
        /// What to print once the report is written: a line, or the team's figures as JSON.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

/// The journal files named: files as given, folders by their `.db`, `.sqlite` and `.journal`
/// files (sorted).
fn journal_files(given: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    let mut files = Vec::new();
    for path in given {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|error| CliError::CannotReadFolder {
                    path: path.clone(),
                    error,
                })?
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.is_file()
                        && p.extension()
                            .is_some_and(|x| x == "db" || x == "sqlite" || x == "journal")
                })
                .collect();
            if found.is_empty() {
                return Err(CliError::NotFound {
                    message: format!(
                        "the folder {} has no journal file (.db, .sqlite or .journal)",
                        path.display()
                    ),
                    help: Some("`kam-sim journal export` writes one player's journal file".into()),
                });
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn practice_report(journals: &[PathBuf], html: &Path, lang: Lang, format: Format, dirs: &ContentDirs) -> Outcome {
    use crate::core::progress::ScenarioFacts;
    use crate::results::report::practice::{PracticeContext, Team, practice_html};
    refuse_two_outputs_on_stdout(format, [Some(html)])?;
    let files = journal_files(journals)?;
    let mut runs = Vec::new();
    for file in &files {
        let journal = super::journal::open_existing(file)?;
        for player in journal.players()? {
            runs.extend(journal.runs(&player)?);
        }
    }
    let team = Team::gather(runs);
    if team.people.is_empty() {
        return Err(CliError::not_found(
            format!(
                "no practice run in {}",
                files
                    .iter()
                    .map(|f| f.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None,
        ));
    }
    let scenarios: Vec<_> = crate::core::content::ids_in(&dirs.scenarios)
        .iter()
        .filter_map(|id| crate::core::load::load_scenario_file(&dirs.scenarios.join(format!("{id}.ron"))).scenario)
        .collect();
    let library: Vec<ScenarioFacts> = scenarios.iter().map(|c| ScenarioFacts::of(c)).collect();
    let titles = scenarios
        .iter()
        .map(|c| (c.source.id.clone(), c.source.title.clone()))
        .collect();
    let target = crate::core::profile::load_profile("kam_target", &dirs.profiles).ok();
    let shown_files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let cx = PracticeContext {
        library: &library,
        titles: &titles,
        target: target.as_ref(),
        files: &shown_files,
    };
    let today = crate::results::report::day_of(&crate::core::assessment::result::now_rfc3339()).to_owned();
    let language = ReportLanguage::load(&dirs.translations, lang).map_err(CliError::Translation)?;
    write_output(html, practice_html(&team, &today, &cx, &language).as_bytes())?;
    let repeated = team.repeated_mistakes();
    if format == Format::Json {
        return print_json(&serde_json::json!({
            "file": shown(html),
            "journals": shown_files,
            "people": team.people.iter().map(|p| serde_json::json!({
                "player": p.name,
                "sessions": p.runs.len(),
                "first": p.runs.first().map(|r| r.played_at.as_str()),
                "last": p.runs.last().map(|r| r.played_at.as_str()),
            })).collect::<Vec<_>>(),
            "sessions": team.sessions(),
            "repeated_mistakes": repeated,
        }));
    }
    note(
        is_stdout(html),
        &format!(
            "practice report of {} people ({} sessions) written to {}",
            team.people.len(),
            team.sessions(),
            shown(html)
        ),
    );
    Ok(ExitCode::SUCCESS)
}

/// Runs a `report` command.
pub(crate) fn run(command: &ReportCommand, dirs: &ContentDirs) -> Outcome {
    let language = |lang: Lang| ReportLanguage::load(&dirs.translations, lang).map_err(CliError::Translation);
    match command {
        ReportCommand::Practice {
            journals,
            html,
            lang,
            format,
        } => practice_report(journals, html, *lang, *format, dirs),
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
            let mut results = stored_results(&db.address()?, &key, assessment.as_deref(), Some(candidate))?;
            let assessments: std::collections::BTreeSet<&str> =
                results.iter().map(|r| r.result.assessment.as_str()).collect();
            if assessments.len() > 1 {
                return Err(CliError::refused(
                    format!(
                        "candidate `{candidate}` has results of several assessments ({})",
                        assessments.into_iter().collect::<Vec<_>>().join(", ")
                    ),
                    "choose one with --assessment",
                ));
            }
            if let Some(n) = attempt {
                results.retain(|r| r.attempt == *n);
                if results.is_empty() {
                    return Err(CliError::not_found(
                        format!("candidate `{candidate}` has no attempt {n}"),
                        None,
                    ));
                }
            }
            let Some(chosen) = results.iter().max_by_key(|r| r.attempt) else {
                return Err(CliError::not_found(
                    format!("no stored result of candidate `{candidate}`"),
                    None,
                ));
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
            groups,
            lang,
            db,
            key,
            format,
        } => {
            refuse_two_outputs_on_stdout(*format, [html.as_deref(), csv.as_deref()])?;
            let labels = match groups {
                Some(path) => read_groups(path)?,
                None => BTreeMap::new(),
            };
            let key = load_key(key.key.as_deref())?;
            let id = assessment_id(assessment)?;
            let results = cohort_entries(&db.address()?, &key, &id)?;
            let c = cohort(
                &results,
                CohortOptions {
                    include_simulated: *include_simulated,
                },
            )
            .with_groups(&labels);
            let today = crate::results::report::day_of(&crate::core::assessment::result::now_rfc3339()).to_owned();
            // Notes go to standard error when standard output carries the report or the JSON.
            let to_stdout = html.as_deref().is_some_and(is_stdout)
                || csv.as_deref().is_some_and(is_stdout)
                || *format == Format::Json;
            if let Some(path) = html {
                write_output(path, cohort_html(&c, &today, &language(*lang)?).as_bytes())?;
                note(to_stdout, &format!("cohort report written to {}", shown(path)));
            }
            if let Some(path) = csv {
                let bytes = cohort_csv(&c, CsvOptions { bom: *bom })?;
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
) -> Result<(), CliError> {
    let on_stdout = outputs.into_iter().flatten().filter(|p| is_stdout(p)).count();
    if on_stdout > 1 || (on_stdout == 1 && format == Format::Json) {
        return Err(CliError::refused(
            "only one thing can go to standard output",
            "give a file for the report, or drop --format json",
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
        "assessment": c.ranked.first().map(|r| r.entry.assessment.as_str()),
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
            "candidate": r.entry.candidate,
            "attempt": r.attempt,
            "simulated": r.entry.simulated,
            "language": r.entry.language,
            "average_score": r.entry.average_score,
            "passed": r.entry.passed,
        })).collect::<Vec<_>>(),
        "mistakes": c.mistakes.iter().map(|m| serde_json::json!({
            "id": m.id, "candidates": m.candidates, "mean_per_candidate": m.mean_per_candidate,
        })).collect::<Vec<_>>(),
        "sem": c.items.sem,
        "undecided": c.items.undecided,
        "items": c.items.scenarios.iter().map(|s| serde_json::json!({
            "scenario": s.scenario, "facility": s.facility, "discrimination": s.discrimination,
        })).collect::<Vec<_>>(),
        "groups": c.groups.iter().map(|g| serde_json::json!({
            "group": g.group, "candidates": g.candidates, "passed": g.passed, "rate": g.rate,
            "ratio_to_highest": g.ratio_to_highest, "below_four_fifths": g.below_four_fifths(),
        })).collect::<Vec<_>>(),
    })
}

/// One row of a group-labels file.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupLabel {
    candidate: String,
    group: String,
}

/// Reads the organisation's group labels (`candidate,group`), refusing a malformed row with its
/// line or a candidate labelled twice.
fn read_groups(path: &Path) -> Result<BTreeMap<String, String>, CliError> {
    let bad = |why: String| CliError::refused_plainly(format!("{}: {why}", path.display()));
    let mut reader = ::csv::Reader::from_path(path).map_err(|e| bad(e.to_string()))?;
    let mut labels = BTreeMap::new();
    for row in reader.deserialize::<GroupLabel>() {
        let row = row.map_err(|e| {
            let line = e.position().map_or(String::new(), |p| format!("line {}: ", p.line()));
            bad(format!("{line}{e} (the file's header is `candidate,group`)"))
        })?;
        if let Some(previous) = labels.insert(row.candidate.clone(), row.group) {
            return Err(bad(format!(
                "`{}` is labelled twice (`{previous}` first)",
                row.candidate
            )));
        }
    }
    Ok(labels)
}
