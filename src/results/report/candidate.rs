//! One candidate's report: the verdict and the rules behind it, the competency profile against the
//! target the candidate was judged against (as signed in the result), the scenarios, and the
//! mistakes — each kind of mistake explained once, with every moment it happened.

use std::collections::BTreeMap;

use maud::{Markup, PreEscaped, html};

use super::{ReportLanguage, day_of, page, radar_svg};
use crate::core::i18n::interface as ui;
use crate::core::i18n::retext::rule_check;
use crate::core::result::RunResult;
use crate::core::vocab::Competency;
use crate::results::store::StoredResult;

fn seconds(ms: u64, l: &ReportLanguage) -> String {
    l.texts.fill(
        &ui::UNIT_SECONDS,
        &[("seconds", &l.lang().integer(((ms as f64) / 1000.0).round() as i64))],
    )
}

/// A self-contained HTML report of one stored, verified result, in the language of `l`.
pub fn candidate_html(stored: &StoredResult, l: &ReportLanguage) -> String {
    let t = &l.texts;
    let r = &stored.result;
    // The results in the report's language (they are recorded in the scenarios' source language).
    let runs: Vec<RunResult> = r.runs.iter().map(|run| l.result(&run.result)).collect();
    let assessment_name = l.assessment_name(&r.assessment, &r.assessment_name);
    let s = &r.summary;
    let date = day_of(&r.finished_at);
    let axes: Vec<(String, f64, Option<f64>)> = Competency::ALL
        .iter()
        .filter_map(|c| {
            s.competencies.get(c.id()).map(|&v| {
                (
                    c.id().to_owned(),
                    f64::from(v),
                    r.target.levels.get(c.id()).map(|&t| f64::from(t)),
                )
            })
        })
        .collect();
    let body = html! {
        h1 { (r.candidate) }
        p.muted {
            (t.fill(&ui::REPORT_ABOUT, &[
                ("assessment", &assessment_name),
                ("attempt", &stored.attempt.to_string()),
                ("taken", day_of(&r.started_at)),
                ("finished", &r.finished_at),
                ("language", &r.language),
                ("profile", &r.target.id),
                ("engine", &r.engine_version),
            ]))
        }
        @if r.played_by.is_simulated() {
            p { span.sim { (t.get(&ui::REPORT_SIMULATED)) } " " (t.get(&ui::REPORT_SIMULATED_NOTE)) }
        }
        @if !r.time_allowance.is_standard() {
            p.extended-time { span.sim { (t.get(&ui::REPORT_EXTENDED_TIME)) } " " (t.get(&ui::REPORT_EXTENDED_TIME_NOTE)) }
        }
        p style="font-size:20px" {
            (t.get(&ui::REPORT_AVERAGE)) " " b { (s.average_score) } " · "
            @if s.passed { span.pass { (t.get(&ui::REPORT_PASSED)) } } @else { span.fail { (t.get(&ui::REPORT_NOT_PASSED)) } }
        }
        ul { @for c in &s.rule_checks { li { (rule_check(c, t)) } } }
        p.muted {
            (t.fill(&ui::REPORT_TOTALS, &[
                ("mistakes", &s.mistakes.to_string()),
                ("critical", &s.critical_mistakes.to_string()),
                ("time", &seconds(s.meeting_ms, l)),
            ]))
        }
        section {
            h2 { (t.get(&ui::REPORT_PROFILE)) }
            (PreEscaped(radar_svg(&axes, l)))
            (competency_table(&axes, l))
        }
        section.page {
            h2 { (t.get(&ui::REPORT_SCENARIOS)) }
            (scenario_table(stored, &runs, l))
        }
        section.page {
            h2 { (t.get(&ui::REPORT_MISTAKES)) }
            (mistakes(&runs, l))
        }
    };
    page(
        &format!("{} — {}", r.candidate, assessment_name),
        &format!("{} · {}", r.candidate, assessment_name),
        date,
        t,
        body,
    )
}

fn competency_table(axes: &[(String, f64, Option<f64>)], l: &ReportLanguage) -> Markup {
    let t = &l.texts;
    html! {
        table.keep {
            thead { tr {
                th { (t.get(&ui::DEBRIEF_COMPETENCY_COLUMN)) } th { (t.get(&ui::DEBRIEF_SCORE_COLUMN)) }
                th { (t.get(&ui::DEBRIEF_TARGET_COLUMN)) } th { (t.get(&ui::DEBRIEF_GAP_COLUMN)) }
            } }
            tbody {
                @for (id, v, t) in axes {
                    tr {
                        td { (l.competency(id)) }
                        td.num { (format!("{v:.0}")) }
                        td.num { @if let Some(t) = t { (format!("{t:.0}")) } @else { "–" } }
                        @match t {
                            Some(t) if v < t => td.num.fail { (format!("{:+.0}", v - t)) },
                            Some(t) => td.num { (format!("{:+.0}", v - t)) },
                            None => td.num { "–" },
                        }
                    }
                }
            }
        }
    }
}

fn scenario_table(stored: &StoredResult, runs: &[RunResult], l: &ReportLanguage) -> Markup {
    let t = &l.texts;
    let lang = l.lang();
    html! {
        table {
            thead { tr {
                th { (t.get(&ui::REPORT_COLUMN_SCENARIO)) } th { (t.get(&ui::DEBRIEF_SCORE_COLUMN)) }
                th { (t.get(&ui::REPORT_COLUMN_ENDING)) } th { (t.get(&ui::REPORT_COLUMN_DEAL)) }
                th { (t.get(&ui::REPORT_COLUMN_TIME)) } th { (t.get(&ui::REPORT_COLUMN_PREPARED)) }
            } }
            tbody {
                @for (run, res) in stored.result.runs.iter().zip(runs) {
                    tr {
                        td { (res.title) }
                        td.num { (res.score) " (" (format!("{:?}", res.grade)) ")" }
                        td { (res.ending_title) }
                        td {
                            @match &res.deal {
                                Some(d) => {
                                    (t.fill(&ui::REPORT_DEAL, &[
                                        ("price", &format!("{}\u{a0}{}", lang.decimal(d.price, 2), d.currency)),
                                        ("unit", &d.unit),
                                        ("floor", &format!("{}\u{a0}{}", lang.decimal(d.floor_price, 2), d.currency)),
                                    ]))
                                    @if d.below_floor { " — " span.fail { (t.get(&ui::REPORT_BELOW_FLOOR)) } }
                                },
                                None => "–",
                            }
                        }
                        td.num { (seconds(run.meeting_ms(), l)) }
                        td {
                            (t.fill(&ui::REPORT_PREPARED, &[
                                ("used", &res.preparation.minutes_used.to_string()),
                                ("budget", &res.preparation.budget_minutes.to_string()),
                                ("late", &res.preparation.minutes_late.to_string()),
                            ]))
                        }
                    }
                }
            }
        }
    }
}

/// Mistakes grouped by scenario and kind: the coaching text once, then every moment it happened.
fn mistakes(runs: &[RunResult], l: &ReportLanguage) -> Markup {
    let t = &l.texts;
    let lang = l.lang();
    let any = runs.iter().any(|r| !r.mistakes.is_empty());
    let label = |text: &crate::core::i18n::interface::UiText| {
        let word = t.get(text);
        let mut chars = word.chars();
        let capital: String = chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        format!("{capital}: ")
    };
    html! {
        @if !any { p { (t.get(&ui::REPORT_NO_MISTAKES)) } }
        @for run in runs {
            @let groups = group_mistakes(run);
            @if !groups.is_empty() {
                h3 { (run.title) }
                @for (id, moments) in groups {
                    @let first = moments[0];
                    div.mistake {
                        b { (l.mistake(id)) } " (" (t.severity(first.severity)) ")"
                        @if moments.len() > 1 { " — " (t.fill(&ui::REPORT_TIMES, &[("count", &moments.len().to_string())])) }
                        ul.moments {
                            @for m in &moments {
                                li {
                                    (t.fill(&ui::REPORT_AFTER, &[("seconds", &lang.decimal(m.at_seconds, 1))]))
                                    @if let Some(node) = &m.node { ", " (t.fill(&ui::DEBRIEF_AT_NODE, &[("node", node)])) } @else { ", " (t.get(&ui::DEBRIEF_ON_ARRIVAL)) }
                                    @if m.severity != first.severity { " (" (t.severity(m.severity)) ")" }
                                    @if let Some(q) = &m.quote { ": " i { "“" (q) "”" } }
                                }
                            }
                        }
                        // What happened, once per distinct wording (it names the speaker, the price…).
                        @for happened in distinct_happenings(&moments) { (happened) br; }
                        b { (label(&ui::DEBRIEF_COST)) } (first.explanation.cost) br;
                        b { (label(&ui::DEBRIEF_BETTER)) } (first.explanation.better)
                    }
                }
            }
        }
    }
}

fn distinct_happenings<'a>(moments: &[&'a crate::core::result::MistakeReport]) -> Vec<&'a str> {
    let mut seen: Vec<&str> = Vec::new();
    for m in moments {
        if !seen.contains(&m.explanation.happened.as_str()) {
            seen.push(&m.explanation.happened);
        }
    }
    seen
}

fn group_mistakes(run: &RunResult) -> Vec<(&str, Vec<&crate::core::result::MistakeReport>)> {
    let mut order: Vec<&str> = Vec::new();
    let mut groups: BTreeMap<&str, Vec<&crate::core::result::MistakeReport>> = BTreeMap::new();
    for m in &run.mistakes {
        if !groups.contains_key(m.id.as_str()) {
            order.push(&m.id);
        }
        groups.entry(&m.id).or_default().push(m);
    }
    order
        .into_iter()
        .map(|id| (id, groups.remove(id).unwrap_or_default()))
        .collect()
}
