//! One candidate's report: the verdict and the rules behind it, the competency profile against the
//! target the candidate was judged against (as signed in the result), the scenarios, and the
//! mistakes — each kind of mistake explained once, with every moment it happened.

use std::collections::BTreeMap;

use maud::{Markup, PreEscaped, html};

use super::{competency_name, day_of, mistake_name, page, radar_svg};
use crate::core::vocab::Competency;
use crate::results::store::StoredResult;

fn seconds(ms: u64) -> String {
    format!("{:.0} s", ms as f64 / 1000.0)
}

/// A self-contained HTML report of one stored, verified result.
pub fn candidate_html(stored: &StoredResult) -> String {
    let r = &stored.result;
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
            (r.assessment_name) " · attempt " (stored.attempt) " · taken " (day_of(&r.started_at))
            " (finished " (r.finished_at) ") · language " (r.language)
            " · judged against " code { (r.target.id) } " · engine " (r.engine_version)
        }
        @if r.played_by.is_simulated() {
            p { span.sim { "simulated candidate" } " This result was played by an automatic player, not a person." }
        }
        p style="font-size:20px" {
            "Average score " b { (s.average_score) } " · "
            @if s.passed { span.pass { "PASSED" } } @else { span.fail { "NOT PASSED" } }
        }
        ul { @for c in &s.rule_checks { li { (c) } } }
        p.muted {
            (s.mistakes) " mistakes (" (s.critical_mistakes) " critical) · " (seconds(s.meeting_ms)) " of meetings"
        }
        section {
            h2 { "Competency profile against the target" }
            (PreEscaped(radar_svg(&axes)))
            (competency_table(&axes))
        }
        section.page {
            h2 { "Scenarios" }
            (scenario_table(stored))
        }
        section.page {
            h2 { "Mistakes" }
            (mistakes(stored))
        }
    };
    page(
        &format!("{} — {}", r.candidate, r.assessment_name),
        &format!("{} · {}", r.candidate, r.assessment_name),
        date,
        body,
    )
}

fn competency_table(axes: &[(String, f64, Option<f64>)]) -> Markup {
    html! {
        table.keep {
            thead { tr { th { "competency" } th { "score" } th { "target" } th { "gap" } } }
            tbody {
                @for (id, v, t) in axes {
                    tr {
                        td { (competency_name(id)) }
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

fn scenario_table(stored: &StoredResult) -> Markup {
    html! {
        table {
            thead { tr { th { "scenario" } th { "score" } th { "ending" } th { "deal" } th { "time" } th { "prepared" } } }
            tbody {
                @for run in &stored.result.runs {
                    @let res = &run.result;
                    tr {
                        td { (res.title) }
                        td.num { (res.score) " (" (format!("{:?}", res.grade)) ")" }
                        td { (res.ending_title) }
                        td {
                            @match &res.deal {
                                Some(d) => {
                                    (format!("{:.2} {} per {} (floor {:.2})", d.price, d.currency, d.unit, d.floor_price))
                                    @if d.below_floor { " — " span.fail { "below floor" } }
                                },
                                None => "–",
                            }
                        }
                        td.num { (seconds(run.meeting_ms())) }
                        td {
                            (res.preparation.minutes_used) " of " (res.preparation.budget_minutes) " min, "
                            (res.preparation.minutes_late) " min late"
                        }
                    }
                }
            }
        }
    }
}

/// Mistakes grouped by scenario and kind: the coaching text once, then every moment it happened.
fn mistakes(stored: &StoredResult) -> Markup {
    let any = stored.result.runs.iter().any(|r| !r.result.mistakes.is_empty());
    html! {
        @if !any { p { "No mistakes." } }
        @for run in &stored.result.runs {
            @let groups = group_mistakes(run);
            @if !groups.is_empty() {
                h3 { (run.result.title) }
                @for (id, moments) in groups {
                    @let first = moments[0];
                    div.mistake {
                        b { (mistake_name(id)) } " (" (format!("{:?}", first.severity).to_lowercase()) ")"
                        @if moments.len() > 1 { " — " (moments.len()) " times" }
                        ul.moments {
                            @for m in &moments {
                                li {
                                    "after " (format!("{:.1}", m.at_seconds)) " s"
                                    @if let Some(node) = &m.node { ", at " code { (node) } } @else { ", on arrival" }
                                    @if m.severity != first.severity { " (" (format!("{:?}", m.severity).to_lowercase()) ")" }
                                    @if let Some(q) = &m.quote { ": " i { "“" (q) "”" } }
                                }
                            }
                        }
                        // What happened, once per distinct wording (it names the speaker, the price…).
                        @for happened in distinct_happenings(&moments) { (happened) br; }
                        b { "Why it costs: " } (first.explanation.cost) br;
                        b { "A strong KAM: " } (first.explanation.better)
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

fn group_mistakes(run: &crate::core::assessment::ScenarioRun) -> Vec<(&str, Vec<&crate::core::result::MistakeReport>)> {
    let mut order: Vec<&str> = Vec::new();
    let mut groups: BTreeMap<&str, Vec<&crate::core::result::MistakeReport>> = BTreeMap::new();
    for m in &run.result.mistakes {
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
