//! Human-readable renderings of results and analyses for the terminal.

use std::fmt::Write;

use crate::core::analysis::{Analysis, Path};
use crate::core::balance::LibraryReport;
use crate::core::compile::CompiledScenario;
use crate::core::result::RunResult;

/// A plain left-aligned text table.
pub(super) fn table<const N: usize>(header: &[&str; N], rows: &[[String; N]]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let text: Vec<String> = cells.zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        let _ = writeln!(out, "{}", text.join("  ").trim_end());
    };
    line(&mut header.iter().copied());
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
    out
}

/// A run's result as a debrief.
pub(super) fn result(r: &RunResult, with_transcript: bool) -> String {
    let mut out = String::new();
    let p = &r.preparation;
    let _ = writeln!(out, "{} ({}), seed {}", r.title, r.scenario, r.seed);
    let studied = if p.studied.is_empty() {
        "nothing".to_owned()
    } else {
        p.studied.join(", ")
    };
    let _ = writeln!(
        out,
        "Preparation: studied {studied} ({} of {} min)",
        p.minutes_used, p.budget_minutes
    );
    let arrival = if p.minutes_late == 0 {
        "on time".to_owned()
    } else {
        format!("{} min late", p.minutes_late)
    };
    let _ = writeln!(out, "Travel: {}, arrived {} ({arrival})", p.travel, p.arrived_at);
    let _ = writeln!(out, "Ending: {} — {} ({})", r.ending, r.ending_title, r.outcome.id());
    let _ = writeln!(out, "Score: {} ({:?})   {}", r.score, r.grade, r.breakdown.formula);
    let _ = writeln!(out);
    let rows: Vec<[String; 4]> = r
        .competencies
        .iter()
        .map(|(id, score)| {
            let row = r
                .profile
                .as_ref()
                .and_then(|c| c.rows.iter().find(|row| &row.competency == id));
            [
                id.clone(),
                score.to_string(),
                row.map_or_else(|| "-".into(), |row| row.target.to_string()),
                row.map_or_else(|| "-".into(), |row| format!("{:+}", row.gap)),
            ]
        })
        .collect();
    out.push_str(&table(&["competency", "score", "target", "gap"], &rows));
    if let Some(c) = &r.profile {
        let _ = writeln!(
            out,
            "{} of {} competencies meet the target profile `{}`",
            c.met,
            c.rows.len(),
            c.profile
        );
    }
    let _ = writeln!(out);
    if r.mistakes.is_empty() {
        let _ = writeln!(out, "Mistakes: none");
    } else {
        let _ = writeln!(out, "Mistakes ({}):", r.mistakes.len());
        for (i, m) in r.mistakes.iter().enumerate() {
            let place = m
                .node
                .as_deref()
                .map_or_else(|| "on arrival".to_owned(), |n| format!("at `{n}`"));
            let _ = writeln!(
                out,
                "{:>3}. {} ({}) {place}, {:.1} s",
                i + 1,
                m.id,
                m.severity.id(),
                m.at_seconds
            );
            if let Some(q) = &m.quote {
                let _ = writeln!(out, "     you said: \u{201c}{q}\u{201d}");
            }
            let _ = writeln!(out, "     what happened: {}", m.explanation.happened);
            let _ = writeln!(out, "     why it costs:  {}", m.explanation.cost);
            let _ = writeln!(out, "     a strong KAM:  {}", m.explanation.better);
        }
    }
    if let Some(d) = &r.deal {
        let _ = writeln!(
            out,
            "\nDeal{}: {:.2} {} per {} (list {:.2}, floor {:.2}, {:+.2} over floor); {} days; {} {}s a year; {} months",
            if d.closed { "" } else { " (not closed)" },
            d.price,
            d.currency,
            d.unit,
            d.list_price,
            d.floor_price,
            d.margin_over_floor,
            d.payment_days,
            d.volume,
            d.unit,
            d.term_months
        );
    }
    if with_transcript {
        let _ = writeln!(out, "\nTranscript:");
        for t in &r.transcript {
            let timing = t.timing.as_ref().map_or_else(String::new, |t| format!(" [{t}]"));
            let _ = writeln!(
                out,
                "{:>8.1} s  {:<10} {}{timing}: {}",
                t.at_seconds, t.kind, t.who, t.text
            );
        }
    }
    out
}

fn path(p: &Path) -> String {
    let studied = if p.studied.is_empty() {
        "nothing".to_owned()
    } else {
        p.studied.join(", ")
    };
    let moves: Vec<String> = p
        .moves
        .iter()
        .map(|m| {
            if m.timing == "prompt" {
                m.option.clone()
            } else {
                format!("{} [{}]", m.option, m.timing)
            }
        })
        .collect();
    format!(
        "score {} in world {}: study {studied}; travel {} ({} min late); {} → {}",
        p.score,
        p.world,
        p.travel,
        p.minutes_late,
        moves.join(", "),
        p.ending
    )
}

/// An analysis as a report for trainers.
pub(super) fn analysis(c: &CompiledScenario, a: &Analysis, warnings: &[String]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}): {} nodes, {} endings; explored {} states in worlds {}",
        c.source.title,
        a.scenario,
        c.nodes.len(),
        a.endings.len(),
        a.states,
        a.worlds.join(", ")
    );
    if let Some(b) = &a.budget_exceeded {
        let _ = writeln!(
            out,
            "\nStopped at the analysis budget of {} states: nothing exact is known. What multiplies the states:",
            b.limit
        );
        for m in &b.multipliers {
            let _ = writeln!(
                out,
                "  {:<14} {:<28} {:>9} values{}",
                m.kind,
                m.id,
                m.values,
                if m.declared_at.is_empty() {
                    String::new()
                } else {
                    format!("  ({})", m.declared_at)
                }
            );
        }
        if let Some(r) = a.random {
            let _ = writeln!(
                out,
                "\nSampled, not exact — random player ({} seeded runs): median {}, p10 {}, p90 {}",
                r.runs, r.median, r.p10, r.p90
            );
        }
        let _ = writeln!(out, "\nWarnings:");
        for w in warnings {
            let _ = writeln!(out, "  {w}");
        }
        return out;
    }
    let _ = writeln!(out, "\nEndings:");
    for e in &a.endings {
        let _ = writeln!(
            out,
            "  {:<28} {:<10} {}",
            e.id,
            e.outcome,
            if e.reachable { "reachable" } else { "NEVER REACHED" }
        );
    }
    match &a.score {
        Some(s) => {
            let _ = writeln!(out, "\nScore range: {}–{}", s.min, s.max);
            let _ = writeln!(out, "  best:  {}", path(&s.best_path));
            let _ = writeln!(out, "  worst: {}", path(&s.worst_path));
        }
        None => {
            let _ = writeln!(out, "\nScore range: none (no playthrough finishes)");
        }
    }
    if let Some(r) = a.random {
        let _ = writeln!(
            out,
            "Random player ({} seeded runs): median {}, p10 {}, p90 {}",
            r.runs, r.median, r.p10, r.p90
        );
    }
    let _ = writeln!(out, "\nMistakes that can occur:");
    for m in &a.mistakes {
        let _ = writeln!(out, "  {:<32} {}", m.id, m.at.join(", "));
    }
    let _ = writeln!(out, "\nCompetencies measured: {}", a.competencies_measured.join(", "));
    let _ = writeln!(
        out,
        "Competencies with positive evidence: {}",
        a.competencies_evidenced.join(", ")
    );
    let _ = writeln!(
        out,
        "Dossier facts relied on: {}",
        if a.facts_relied_on.is_empty() {
            "none".into()
        } else {
            a.facts_relied_on.join(", ")
        }
    );
    if warnings.is_empty() {
        let _ = writeln!(out, "\nNo warnings.");
    } else {
        let _ = writeln!(out, "\nWarnings ({}):", warnings.len());
        for w in warnings {
            let _ = writeln!(out, "  warning: {w}");
        }
    }
    out
}

/// A library report for trainers: one line per scenario, the coverage gaps and every finding.
pub(super) fn library(r: &LibraryReport) -> String {
    let rows: Vec<[String; 8]> = r
        .scenarios
        .iter()
        .map(|e| {
            let opt = |v: Option<u8>| v.map_or_else(|| "-".to_owned(), |v| v.to_string());
            [
                e.id.clone(),
                e.kind.to_owned(),
                e.stakeholders.to_string(),
                e.nodes.to_string(),
                format!("{}/{}", e.endings_reachable, e.endings),
                opt(e.best),
                opt(e.worst),
                e.random
                    .map_or_else(|| "-".to_owned(), |x| format!("{} ({}-{})", x.median, x.p10, x.p90)),
            ]
        })
        .collect();
    let mut out = table(
        &[
            "id",
            "kind",
            "people",
            "nodes",
            "endings",
            "best",
            "worst",
            "random median (p10-p90)",
        ],
        &rows,
    );
    let _ = writeln!(
        out,
        "\nMistakes of the brief (§4.2, §4.3): scenarios where each can occur"
    );
    for row in &r.mistakes {
        let _ = writeln!(out, "  {:<32} {}", row.id, row.scenarios.len());
    }
    let _ = writeln!(out, "\nCompetencies (§3.5): scenarios that measure each");
    for row in &r.competencies {
        let _ = writeln!(out, "  {:<32} {}", row.id, row.scenarios.len());
    }
    let warnings = r.all_warnings();
    if warnings.is_empty() {
        let _ = writeln!(out, "\nNo warnings: every library rule holds.");
    } else {
        let _ = writeln!(out, "\nWarnings ({}):", warnings.len());
        for w in warnings {
            let _ = writeln!(out, "  warning: {w}");
        }
    }
    out
}
