//! `kam-sim balance <SCENARIO>`: where to act when the balance rules are not met — every moment and
//! relied-on fact by its effect on the random player's median, the mistakes made there, and the
//! travel choice as a risk (`core::hints`).

use std::fmt::Write as _;
use std::process::ExitCode;

use super::error::CliError;
use super::{Format, Outcome, load_scenario, print_json};
use crate::core::balance::{BalanceRules, RANDOM_RUNS};
use crate::core::content::ContentDirs;
use crate::core::hints::balance_hints;

/// Hints shown in the human format (all of them in JSON).
const SHOWN: usize = 12;

/// What `kam-sim balance` is given.
#[derive(clap::Args)]
pub(crate) struct BalanceArgs {
    /// Scenario id or file.
    scenario: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

/// `kam-sim balance`.
pub(crate) fn run(args: &BalanceArgs, dirs: &ContentDirs) -> Outcome {
    let (spec, format) = (&args.scenario, args.format);
    let c = load_scenario(dirs, spec)?;
    let hints = balance_hints(&c, RANDOM_RUNS).ok_or_else(|| {
        CliError::refused(
            format!("`{spec}`: a random playthrough cannot end"),
            format!("run `kam-sim analyze {spec}` to see where it gets stuck"),
        )
    })?;
    if format == Format::Json {
        return print_json(&hints);
    }
    let rules = BalanceRules::default();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({} random runs): median {} (rule {}–{}), best random run {}, worst {}",
        hints.scenario, hints.runs, hints.median, rules.random_median.0, rules.random_median.1, hints.best, hints.worst
    );
    let _ = writeln!(out, "\nWhere the median is made, largest effect first:");
    for (i, h) in hints.hints.iter().take(SHOWN).enumerate() {
        let what = h
            .node
            .as_deref()
            .map(|n| format!("moment `{n}`"))
            .or_else(|| h.fact.as_deref().map(|f| format!("fact `{f}`")))
            .unwrap_or_default();
        let effect = if h.fact.is_some() {
            format!(
                "studied by {} %, median {:+} points for those who studied it",
                h.reached_percent, h.median_effect
            )
        } else {
            format!(
                "reached by {} %, its mistakes cost the median {}",
                h.reached_percent,
                crate::core::hints::whole_points(-h.median_effect)
            )
        };
        let _ = writeln!(
            out,
            "{:>3}. {what}: {effect}; their scores {}–{}",
            i + 1,
            h.worst_with,
            h.best_with
        );
        for m in h.mistakes.iter().take(3) {
            let _ = writeln!(
                out,
                "       {} there in {} % of visits, {} each, {} off the median",
                m.id,
                m.percent,
                crate::core::hints::points(-m.cost),
                crate::core::hints::whole_points(-m.median_effect)
            );
        }
        let _ = writeln!(out, "       \u{2192} {}", h.suggestion);
    }
    if hints.hints.len() > SHOWN {
        let _ = writeln!(out, "     … {} more with --format json", hints.hints.len() - SHOWN);
    }
    let _ = writeln!(
        out,
        "\nWhere the random runs end (an ending's `value` is a lever on the median):"
    );
    for e in hints.endings.iter().filter(|e| e.percent > 0) {
        let _ = writeln!(
            out,
            "  {:<24} {:>3} %  {:<9} value {:>3}, median score there {}",
            e.ending,
            e.percent,
            e.outcome,
            e.value,
            e.median.map_or_else(|| "–".to_owned(), |m| m.to_string())
        );
    }
    let _ = writeln!(
        out,
        "\nThe travel choice (the best play's score on each route, averaged over its delays):"
    );
    let best_route = hints
        .routes
        .iter()
        .max_by(|a, b| a.expected_best.total_cmp(&b.expected_best))
        .map(|r| r.route.clone());
    for r in &hints.routes {
        let _ = writeln!(
            out,
            "  {:<16} delay {}–{} min: expected {:.1}, at the longest delay {}{}",
            r.route,
            r.delay.0,
            r.delay.1,
            r.expected_best,
            r.best_at_worst_delay,
            if Some(&r.route) == best_route.as_ref() {
                "   (best on average)"
            } else {
                ""
            }
        );
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}
