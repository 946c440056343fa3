//! `kam-sim balance <SCENARIO>`: where to act when the balance rules are not met — every moment and
//! relied-on fact by its effect on the random player's median, the mistakes made there, and the
//! travel choice as a risk (`core::hints`).

use std::fmt::Write as _;
use std::process::ExitCode;

use super::error::CliError;
use super::{Format, Outcome, load_scenario, print_json};
use crate::core::balance::{BalanceRules, RANDOM_RUNS};
use crate::core::content::ContentDirs;
use crate::core::hints::{BestPlay, Hint, StudyBudget, balance_hints, minutes, points, whole_points};

/// Hints that name a change shown in the human format (all of them in JSON).
const SHOWN: usize = 12;
/// Mistakes per random run from which their number is named as the median's first lever (the
/// shipped scenarios' random players make about three).
const MANY_MISTAKES: f64 = 5.0;
/// Hints that only inform shown in the human format.
const SHOWN_FOR_INFORMATION: usize = 5;

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
        "{} ({} random runs): median {}{} (rule {}–{}), best random run {}, worst {}",
        hints.scenario,
        hints.runs,
        hints.median,
        if i64::from(hints.median) == hints.median_before_bounds {
            String::new()
        } else {
            let m = hints.median_before_bounds;
            let sign = if m < 0 { "\u{2212}" } else { "" };
            format!(" ({sign}{} before scores are kept within 0–100)", m.abs())
        },
        rules.random_median.0,
        rules.random_median.1,
        hints.best,
        hints.worst
    );
    let ceiling = hints.median_without_mistakes;
    let _ = writeln!(
        out,
        "Were no answer a mistake, the median would be {}{}",
        ceiling,
        if ceiling < i64::from(rules.random_median.0) {
            format!(
                " — below {}: the mistakes alone cannot bring it there; the endings' values and the flags that route runs to them decide the rest",
                rules.random_median.0
            )
        } else {
            String::new()
        }
    );
    let _ = writeln!(
        out,
        "A random run makes {:.1} mistakes on average; {} of the {} answers tag a mistake or ask for a dossier fact{}",
        hints.mistakes_per_run,
        hints.wrong_answers,
        hints.answers,
        if hints.median < rules.random_median.0 && hints.mistakes_per_run >= MANY_MISTAKES {
            " — fewer tempting wrong answers, or more plain ones beside them, raise the median most"
        } else {
            ""
        }
    );
    if hints.median < rules.random_median.0
        && hints.mistakes_per_run >= MANY_MISTAKES
        && !hints.costly_answers.is_empty()
    {
        let answers: Vec<String> = hints
            .costly_answers
            .iter()
            .map(|a| format!("`{}` at `{}` (\u{2212}{})", a.option, a.node, a.median_effect.abs()))
            .collect();
        let _ = writeln!(
            out,
            "Wrong answers to drop first, by what their mistakes cost the median (each alone; together they cost more; none is the last test of its mistake): {}",
            answers.join(", ")
        );
    }
    let budget = &hints.study_budget;
    if !budget.fits {
        let facts: Vec<String> = budget
            .relied_on
            .iter()
            .map(|f| format!("`{}` {}", f.fact, minutes(f.minutes)))
            .collect();
        let _ = writeln!(
            out,
            "\nThe study budget ({}) cannot cover the facts the meeting relies on ({}: {}): even a perfect player may meet a gap, which keeps the best score down — raise `budget_minutes` to {} or make one of them quicker to study",
            minutes(budget.budget_minutes),
            facts.join(", "),
            minutes(budget.relied_on_minutes),
            budget.relied_on_minutes
        );
    }
    if let Some(best) = hints.best_play.as_ref().filter(|b| b.score < rules.best_at_least) {
        let _ = writeln!(
            out,
            "\n{}",
            best_play_lever(best, &hints.study_budget, rules.best_at_least)
        );
    }
    let (to_act, to_know): (Vec<&Hint>, Vec<&Hint>) = hints.hints.iter().partition(|h| h.actionable);
    let in_range = (rules.random_median.0..=rules.random_median.1).contains(&hints.median);
    if to_act.is_empty() && in_range {
        let _ = writeln!(
            out,
            "\nThe median is within the rule: nothing needs to change for it. What moves it, should you want to:"
        );
    } else if to_act.is_empty() {
        let _ = writeln!(
            out,
            "\nNo moment or fact has a lever left for the median: drop wrong answers (above), then look at the endings' values below."
        );
    } else {
        let _ = writeln!(out, "\nWhere to act, largest effect on the median first:");
        write_hints(&mut out, to_act.iter().take(SHOWN).copied(), 1);
        if to_act.len() > SHOWN {
            let _ = writeln!(out, "     … {} more with --format json", to_act.len() - SHOWN);
        }
    }
    if !to_know.is_empty() {
        if !to_act.is_empty() || !in_range {
            let _ = writeln!(out, "\nAlso measured, nothing to change there:");
        }
        write_hints(
            &mut out,
            to_know.iter().take(SHOWN_FOR_INFORMATION).copied(),
            to_act.len().min(SHOWN) + 1,
        );
        if to_know.len() > SHOWN_FOR_INFORMATION {
            let _ = writeln!(
                out,
                "     … {} more with --format json",
                to_know.len() - SHOWN_FOR_INFORMATION
            );
        }
    }
    let _ = writeln!(
        out,
        "\nWhere the random runs end (an ending's `value` is a lever on the median):"
    );
    for e in hints.endings.iter().filter(|e| e.percent > 0) {
        // A lost meeting is worth little by design: its value is not offered as a lever.
        // A lost meeting is worth little by design: its value is not offered as a lever.
        let lever = e
            .median_if_worth_10_more
            .map_or_else(String::new, |m| format!("; worth 10 more: median {m:+}"));
        let _ = writeln!(
            out,
            "  {:<24} {:>3} %  {:<9} value {:>3}, median score there {}{lever}",
            e.ending,
            e.percent,
            e.outcome,
            e.value,
            e.median.map_or_else(|| "–".to_owned(), |m| m.to_string()),
        );
    }
    let _ = writeln!(
        out,
        "\nThe travel choice (the best play's score on each route, averaged over its delays):"
    );
    let top = hints.routes.iter().map(|r| r.expected_best).fold(f64::MIN, f64::max);
    let tied = hints.routes.iter().filter(|r| r.expected_best == top).count() > 1;
    for r in &hints.routes {
        let mark = match (r.expected_best == top, tied) {
            (true, false) => "   (best on average)",
            (true, true) => "   (tied best on average)",
            _ => "",
        };
        let _ = writeln!(
            out,
            "  {:<16} delay {}–{} min: expected {:.1}, at the longest delay {}{mark}",
            r.route, r.delay.0, r.delay.1, r.expected_best, r.best_at_worst_delay,
        );
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

/// Hints numbered from `first`, each with the mistakes made there and its suggestion.
fn write_hints<'a>(out: &mut String, hints: impl Iterator<Item = &'a Hint>, first: usize) {
    for (i, h) in hints.enumerate() {
        let what = h
            .node
            .as_deref()
            .map(|n| format!("moment `{n}`"))
            .or_else(|| h.fact.as_deref().map(|f| format!("fact `{f}`")))
            .or_else(|| h.flag.as_deref().map(|f| format!("flag `{f}`")))
            .unwrap_or_default();
        let effect = if h.flag.is_some() {
            format!(
                "set in {} % of the random runs, median {:+} points for those runs",
                h.reached_percent, h.median_effect
            )
        } else if h.fact.is_some() {
            format!(
                "studied by {} %, median {:+} points for those who studied it",
                h.reached_percent, h.median_effect
            )
        } else {
            format!(
                "reached by {} %, its mistakes cost the median {}",
                h.reached_percent,
                whole_points(-h.median_effect)
            )
        };
        let _ = writeln!(
            out,
            "{:>3}. {what}: {effect}; their scores {}–{}",
            first + i,
            h.worst_with,
            h.best_with
        );
        for m in h.mistakes.iter().take(3) {
            let _ = writeln!(
                out,
                "       {} there in {} % of visits, {} each, {} off the median",
                m.id,
                m.percent,
                points(-m.cost),
                whole_points(-m.median_effect)
            );
        }
        let _ = writeln!(out, "       \u{2192} {}", h.suggestion);
    }
}

/// What holds the best score below the rule, and the levers on it.
fn best_play_lever(best: &BestPlay, budget: &StudyBudget, rule: u8) -> String {
    let mut text = format!(
        "The best play scores {} (the analyzer's, with the shortest delays), below {rule}: it ends at `{}` (value {}), ",
        best.score, best.ending, best.ending_value
    );
    if best.mistakes.is_empty() {
        text.push_str("makes no mistake, ");
    } else {
        let _ = write!(text, "cannot avoid `{}`, ", best.mistakes.join("`, `"));
    }
    let _ = write!(
        text,
        "and collects {} evidence points over {} measured competencies",
        best.evidence_total,
        best.evidence.len()
    );
    let mut levers = Vec::new();
    if let Some(needed) = best.evidence_needed {
        let k = best.evidence.len().max(1) as i64;
        let average = (needed + k - 1) / k;
        let least: Vec<String> = best
            .evidence
            .iter()
            .take(3)
            .map(|e| format!("`{}` has {}", e.competency, e.points))
            .collect();
        let _ = write!(text, " — {rule} needs {needed} in all, about {average} per competency");
        levers.push(format!(
            "give {} more evidence points on the best path, first where it has least ({}: each of the {average} it needs on average)",
            needed - best.evidence_total,
            least.join(", ")
        ));
        // The score averages evidence over the measured competencies: each one measured with little
        // evidence on the best path raises what the rule needs by about the average.
        if best.evidence.len() > 1 {
            levers.push(format!(
                "measure fewer competencies (each one adds about {} to what {rule} needs)",
                needed / best.evidence.len() as i64
            ));
        }
    }
    if budget.needed_minutes > budget.budget_minutes {
        let late = match &budget.start_for_all {
            Some(start) => format!(
                " — studying them all leaves the player {} late at the surest route's longest delay, so move `starts_at` to {start} too",
                minutes(budget.late_if_all_studied)
            ),
            None => String::new(),
        };
        levers.push(format!(
            "let the best play study more: the facts the meeting relies on or offers its options by take {}, the budget is {} — raise `budget_minutes` to {}{late}",
            minutes(budget.needed_minutes),
            minutes(budget.budget_minutes),
            budget.needed_minutes
        ));
    }
    if best.ending_value < 100 {
        levers.push(format!("raise `{}`'s value ({} now)", best.ending, best.ending_value));
    }
    if !best.mistakes.is_empty() {
        levers.push("offer a way through without the mistakes it cannot avoid".to_owned());
    }
    if levers.is_empty() {
        text.push('.');
    } else {
        let _ = write!(text, ": {}", levers.join("; or "));
    }
    text
}
