//! `kam-sim study <ASSESSMENT>`: a simulated-cohort study of an assessment — validity,
//! reliability, measurement error at the pass mark, classification — reproducible from its seed.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use super::error::CliError;
use super::output::write_file;
use super::{Format, Outcome, print_json};
use crate::core::assessment::load_assessment;
use crate::core::content::ContentDirs;
use crate::core::stats::Classification;
use crate::core::study::{Study, study};

/// What `kam-sim study` is given.
#[derive(clap::Args)]
pub(crate) struct StudyArgs {
    /// Assessment file, or id of one under the assessments folder.
    assessment: String,
    /// Simulated candidates (at least 10).
    #[arg(long, default_value_t = 500)]
    candidates: usize,
    /// Seed of the cohort: the same seed gives the same study.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Also write the study as an HTML technical report (for the manager's file).
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
}

/// `kam-sim study`.
pub(crate) fn run(args: &StudyArgs, dirs: &ContentDirs) -> Outcome {
    let assessment = load_assessment(&args.assessment, dirs)?;
    let result =
        study(&assessment, args.candidates, args.seed).map_err(|e| CliError::refused_plainly(e.to_string()))?;
    if let Some(path) = &args.html {
        let today = crate::results::report::day_of(&crate::core::assessment::result::now_rfc3339()).to_owned();
        write_file(path, &crate::results::report::study::html(&result, &today))?;
    }
    match args.format {
        Format::Json => print_json(&result),
        Format::Human => {
            print!("{}", human(&result));
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn classification(c: &Classification) -> String {
    format!(
        "accuracy {:.1} %, κ {:.3} ({} false passes, {} false fails)",
        100.0 * c.accuracy,
        c.kappa,
        c.false_pass,
        c.false_fail
    )
}

fn or_dash(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{v:.digits$}"))
}

/// The study in words and aligned columns.
fn human(s: &Study) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Study of `{}`: {} simulated candidates (seed {}), skill θ ~ N(0, 1)",
        s.assessment, s.candidates, s.seed
    );
    let _ = writeln!(
        o,
        "  validity      r(θ, average) Pearson {:.3}, Spearman {:.3}",
        s.validity.pearson, s.validity.spearman
    );
    match &s.alpha {
        Some(a) => {
            let _ = writeln!(
                o,
                "  reliability   Cronbach's α {:.3} (95 % bootstrap {:.3}–{:.3})",
                a.value, a.low, a.high
            );
        }
        None => {
            let _ = writeln!(o, "  reliability   Cronbach's α needs two scenarios or more");
        }
    }
    let _ = writeln!(
        o,
        "  error         SEM {} points; at the pass mark {} {} points ({} candidates within 5 points of it)",
        or_dash(s.sem, 1),
        s.cut,
        or_dash(s.sem_at_cut, 1),
        s.near_cut
    );
    let _ = writeln!(
        o,
        "  verdict       pass rate {:.1} %; against the true pass: {}",
        100.0 * s.pass_rate,
        classification(&s.classification)
    );
    let _ = writeln!(
        o,
        "  by average    passing as many by the highest average: {}",
        classification(&s.by_average)
    );
    let _ = writeln!(
        o,
        "  retest        r {:.3}, same verdict {:.1} %",
        s.retest.r,
        100.0 * s.retest.same_verdict
    );
    let _ = writeln!(
        o,
        "  weights ±25 % rank correlation at least {:.3}; verdicts changed at the same pass mark: median {} (at most {}), at the same pass rate: median {}, of {} candidates over {} variants",
        s.weights.min_rank_correlation,
        s.weights.median_verdict_flips,
        s.weights.max_verdict_flips,
        s.weights.median_flips_at_same_pass_rate,
        s.candidates,
        s.weights.variants
    );
    let _ = writeln!(o, "\nScenarios:");
    let width = s.scenarios.iter().map(|x| x.scenario.len()).max().unwrap_or(0);
    for x in &s.scenarios {
        let _ = writeln!(
            o,
            "  {:width$}  r {:.3}  mean {:5.1}  sd {:4.1}  range {}–{}  at best {:.1} %  at worst {:.1} %",
            x.scenario,
            x.r,
            x.mean,
            x.sd,
            x.worst.map_or("?".into(), |v| v.to_string()),
            x.best.map_or("?".into(), |v| v.to_string()),
            100.0 * x.ceiling,
            100.0 * x.floor
        );
    }
    let _ = writeln!(o, "\nTarget competencies:");
    let width = s.competencies.iter().map(|x| x.id.len()).max().unwrap_or(0);
    for x in &s.competencies {
        let reach = match (x.target_reachable, x.highest) {
            (Some(false), Some(h)) => format!("UNREACHABLE: no playthrough averages above {h}"),
            (Some(false), None) => "UNREACHABLE: no scenario measures it".to_owned(),
            (Some(true), Some(h)) => format!("reachable (highest {h})"),
            _ => "reachability unknown (analysis budget)".to_owned(),
        };
        let _ = writeln!(
            o,
            "  {:width$}  target {:3}  r {}  at target {:5.1} %  {reach}",
            x.id,
            x.target,
            or_dash(x.r, 3),
            100.0 * x.at_target
        );
    }
    let failed = ((1.0 - s.pass_rate) * s.candidates as f64).round() as usize;
    let _ = writeln!(o, "\nPass clauses ({failed} candidates failed):");
    let width = s.clauses.iter().map(|x| x.clause.len()).max().unwrap_or(0);
    for x in &s.clauses {
        let _ = writeln!(
            o,
            "  {:width$}  not met by {:4}, the only clause not met for {:4}",
            x.clause, x.not_met, x.decides_alone
        );
    }
    let _ = writeln!(o, "\n{}", s.limit);
    o
}
