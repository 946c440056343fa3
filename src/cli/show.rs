//! Human-readable renderings of results and analyses for the terminal.

use std::fmt::Write;

use crate::core::analysis::{Analysis, Path};
use crate::core::balance::LibraryReport;
use crate::core::compile::CompiledScenario;
use crate::core::i18n::Texts;
use crate::core::i18n::interface as ui;
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

/// The plural ending of a count's noun: `1 file`, `2 files`.
pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A run's result as a debrief, in the language of `texts`.
pub(crate) fn result(r: &RunResult, with_transcript: bool, texts: &Texts) -> String {
    let mut out = String::new();
    let lang = texts.lang();
    let p = &r.preparation;
    let _ = writeln!(
        out,
        "{}",
        texts.fill(
            &ui::DEBRIEF_HEADING,
            &[("title", &r.title), ("id", &r.scenario), ("seed", &r.seed.to_string())]
        )
    );
    let studied = if p.studied.is_empty() {
        texts.get(&ui::DEBRIEF_NOTHING)
    } else {
        p.studied.join(", ")
    };
    let _ = writeln!(
        out,
        "{}",
        texts.fill(
            &ui::DEBRIEF_PREPARATION,
            &[
                ("items", &studied),
                ("used", &p.minutes_used.to_string()),
                ("budget", &p.budget_minutes.to_string())
            ]
        )
    );
    let arrival = if p.minutes_late == 0 {
        texts.get(&ui::DEBRIEF_ON_TIME)
    } else {
        texts.fill(&ui::DEBRIEF_LATE, &[("minutes", &p.minutes_late.to_string())])
    };
    let _ = writeln!(
        out,
        "{}",
        texts.fill(
            &ui::DEBRIEF_TRAVEL,
            &[("route", &p.travel), ("time", &p.arrived_at), ("arrival", &arrival)]
        )
    );
    let _ = writeln!(
        out,
        "{}",
        texts.fill(
            &ui::DEBRIEF_ENDING,
            &[
                ("id", &r.ending),
                ("title", &r.ending_title),
                ("outcome", &texts.outcome(r.outcome))
            ]
        )
    );
    let score = texts.fill(
        &ui::DEBRIEF_SCORE,
        &[("score", &r.score.to_string()), ("grade", &format!("{:?}", r.grade))],
    );
    let _ = writeln!(out, "{score}   {}", r.breakdown.formula);
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
                texts.competency_by_id(id),
                score.to_string(),
                row.map_or_else(|| "-".into(), |row| row.target.to_string()),
                row.map_or_else(|| "-".into(), |row| format!("{:+}", row.gap)),
            ]
        })
        .collect();
    let header = [
        texts.get(&ui::DEBRIEF_COMPETENCY_COLUMN),
        texts.get(&ui::DEBRIEF_SCORE_COLUMN),
        texts.get(&ui::DEBRIEF_TARGET_COLUMN),
        texts.get(&ui::DEBRIEF_GAP_COLUMN),
    ];
    out.push_str(&table(&header.each_ref().map(String::as_str), &rows));
    if let Some(c) = &r.profile {
        let met = texts.fill(
            &ui::DEBRIEF_TARGET_MET,
            &[
                ("met", &c.met.to_string()),
                ("total", &c.rows.len().to_string()),
                ("profile", &c.profile),
            ],
        );
        let _ = writeln!(out, "{met}");
    }
    let _ = writeln!(out);
    if r.mistakes.is_empty() {
        let _ = writeln!(out, "{}", texts.get(&ui::DEBRIEF_NO_MISTAKES));
    } else {
        let _ = writeln!(
            out,
            "{}",
            texts.fill(&ui::DEBRIEF_MISTAKES, &[("count", &r.mistakes.len().to_string())])
        );
        // The three labels padded to one width, so the explanations start in one column.
        let labels = [
            texts.get(&ui::DEBRIEF_HAPPENED),
            texts.get(&ui::DEBRIEF_COST),
            texts.get(&ui::DEBRIEF_BETTER),
        ];
        let width = labels.iter().map(|l| l.chars().count() + 1).max().unwrap_or(0);
        let label = |l: &str| format!("{:<width$}", format!("{l}:"));
        for (i, m) in r.mistakes.iter().enumerate() {
            let place = m.node.as_deref().map_or_else(
                || texts.get(&ui::DEBRIEF_ON_ARRIVAL),
                |n| texts.fill(&ui::DEBRIEF_AT_NODE, &[("node", n)]),
            );
            let _ = writeln!(
                out,
                "{:>3}. {} ({}, {}) {place}, {} s",
                i + 1,
                texts.mistake_by_id(&m.id),
                m.id,
                texts.severity(m.severity),
                lang.decimal(m.at_seconds, 1)
            );
            if let Some(q) = &m.quote {
                let _ = writeln!(out, "     {}: \u{201c}{q}\u{201d}", texts.get(&ui::DEBRIEF_YOU_SAID));
            }
            let _ = writeln!(out, "     {} {}", label(&labels[0]), m.explanation.happened);
            let _ = writeln!(out, "     {} {}", label(&labels[1]), m.explanation.cost);
            let _ = writeln!(out, "     {} {}", label(&labels[2]), m.explanation.better);
        }
    }
    if let Some(d) = &r.deal {
        let amount = |v: f64| format!("{}\u{a0}{}", lang.decimal(v, 2), d.currency);
        let margin = format!(
            "{}{}",
            if d.margin_over_floor >= 0.0 { "+" } else { "" },
            amount(d.margin_over_floor)
        );
        let values = [
            ("price", amount(d.price)),
            ("unit", d.unit.clone()),
            ("list", amount(d.list_price)),
            ("floor", amount(d.floor_price)),
            ("margin", margin),
            ("days", d.payment_days.to_string()),
            (
                "volume",
                format!("{} \u{d7} {}", lang.integer(i64::from(d.volume)), d.unit),
            ),
            ("months", d.term_months.to_string()),
        ];
        let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let text = if d.closed {
            &ui::DEBRIEF_DEAL
        } else {
            &ui::DEBRIEF_DEAL_NOT_CLOSED
        };
        let _ = writeln!(out, "\n{}", texts.fill(text, &values));
    }
    if with_transcript {
        let _ = writeln!(out, "\n{}", texts.get(&ui::DEBRIEF_TRANSCRIPT));
        for t in &r.transcript {
            let timing = t.timing.as_ref().map_or_else(String::new, |t| format!(" [{t}]"));
            let _ = writeln!(
                out,
                "{:>8} s  {:<10} {}{timing}: {}",
                lang.decimal(t.at_seconds, 1),
                t.kind,
                t.who,
                t.text
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
