//! The cohort of an assessment: ranking, pass rate, competencies, the mistakes candidates make, and
//! reliability. Simulated candidates are marked and left out of the ranking and the statistics unless
//! asked for; a candidate who retook the assessment counts once, with their latest attempt.

use std::collections::BTreeMap;

use maud::html;

use super::stats::{ALPHA_MIN_CANDIDATES, AlphaEstimate, BOOTSTRAP_RESAMPLES, alpha_with_interval};
use super::{competency_name, day_of, mistake_name, page};
use crate::core::vocab::Competency;
use crate::results::store::StoredResult;

/// What the cohort includes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CohortOptions {
    /// Rank simulated candidates with people, and count them in the statistics.
    pub include_simulated: bool,
}

/// How often one mistake occurs in the cohort, counted by candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct MistakeFrequency {
    /// Mistake id.
    pub id: String,
    /// Candidates who made it at least once.
    pub candidates: usize,
    /// Mean occurrences per candidate who made it.
    pub mean_per_candidate: f64,
}

/// The cohort view of an assessment's results.
pub struct Cohort<'a> {
    /// The assessment's name.
    pub assessment_name: String,
    /// Latest attempt per candidate, ranked by average score, best first (ties by name).
    pub ranked: Vec<&'a StoredResult>,
    /// Simulated candidates left out.
    pub simulated_left_out: usize,
    /// Scenario ids and titles, in the assessment's order.
    pub scenarios: Vec<(String, String)>,
    /// Competencies that appear in some result, in the brief's order.
    pub competencies: Vec<&'static str>,
    /// How many of the ranked candidates passed.
    pub passed: usize,
    /// Mistakes by how many candidates made them, most widespread first.
    pub mistakes: Vec<MistakeFrequency>,
    /// Mean average score per language played, with how many candidates.
    pub languages: Vec<(String, f64, usize)>,
    /// Cronbach's alpha over the scenario scores, with its interval, when there are enough candidates.
    pub alpha: Option<AlphaEstimate>,
    /// What to say about reliability.
    pub reliability_note: String,
}

/// Builds the cohort view of an assessment's verified results (all attempts of every candidate).
pub fn cohort(results: &[StoredResult], options: CohortOptions) -> Cohort<'_> {
    let mut latest: BTreeMap<&str, &StoredResult> = BTreeMap::new();
    for r in results {
        let slot = latest.entry(r.result.candidate.as_str()).or_insert(r);
        if r.attempt > slot.attempt {
            *slot = r;
        }
    }
    let simulated_left_out = if options.include_simulated {
        0
    } else {
        latest.values().filter(|r| r.result.played_by.is_simulated()).count()
    };
    let mut ranked: Vec<&StoredResult> = latest
        .into_values()
        .filter(|r| options.include_simulated || !r.result.played_by.is_simulated())
        .collect();
    ranked.sort_by(|a, b| {
        b.result
            .summary
            .average_score
            .cmp(&a.result.summary.average_score)
            .then_with(|| a.result.candidate.cmp(&b.result.candidate))
    });
    let scenarios: Vec<(String, String)> = results
        .first()
        .map(|r| {
            r.result
                .runs
                .iter()
                .map(|run| (run.scenario.clone(), run.result.title.clone()))
                .collect()
        })
        .unwrap_or_default();
    let competencies: Vec<&'static str> = Competency::ALL
        .iter()
        .map(|c| c.id())
        .filter(|id| ranked.iter().any(|r| r.result.summary.competencies.contains_key(*id)))
        .collect();
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for r in &ranked {
        let mut own: BTreeMap<&str, usize> = BTreeMap::new();
        for m in r.result.runs.iter().flat_map(|run| &run.result.mistakes) {
            *own.entry(&m.id).or_default() += 1;
        }
        for (id, n) in own {
            let e = counts.entry(id.to_owned()).or_default();
            e.0 += 1;
            e.1 += n;
        }
    }
    let mut mistakes: Vec<MistakeFrequency> = counts
        .into_iter()
        .map(|(id, (candidates, total))| MistakeFrequency {
            id,
            candidates,
            mean_per_candidate: total as f64 / candidates as f64,
        })
        .collect();
    mistakes.sort_by(|a, b| b.candidates.cmp(&a.candidates).then_with(|| a.id.cmp(&b.id)));
    let mut by_language: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
    for r in &ranked {
        let e = by_language.entry(&r.result.language).or_default();
        e.0 += f64::from(r.result.summary.average_score);
        e.1 += 1;
    }
    let languages = by_language
        .into_iter()
        .map(|(l, (sum, n))| (l.to_owned(), sum / n as f64, n))
        .collect();
    let rows: Vec<Vec<f64>> = ranked
        .iter()
        .map(|r| r.result.runs.iter().map(|run| f64::from(run.result.score)).collect())
        .collect();
    let (alpha, reliability_note) = reliability(&rows, scenarios.len());
    Cohort {
        assessment_name: results
            .first()
            .map(|r| r.result.assessment_name.clone())
            .unwrap_or_default(),
        passed: ranked.iter().filter(|r| r.result.summary.passed).count(),
        ranked,
        simulated_left_out,
        scenarios,
        competencies,
        mistakes,
        languages,
        alpha,
        reliability_note,
    }
}

fn reliability(rows: &[Vec<f64>], items: usize) -> (Option<AlphaEstimate>, String) {
    if rows.len() < ALPHA_MIN_CANDIDATES {
        return (
            None,
            format!(
                "Not enough candidates for a reliability estimate: Cronbach's alpha needs at least {ALPHA_MIN_CANDIDATES} (there are {}).",
                rows.len()
            ),
        );
    }
    if items < 2 {
        return (
            None,
            "Reliability needs at least two scenarios in the assessment.".to_owned(),
        );
    }
    match alpha_with_interval(rows, BOOTSTRAP_RESAMPLES) {
        Some(a) => {
            let verdict = match a.value {
                v if v >= 0.8 => "good: the scenarios rank candidates consistently",
                v if v >= 0.7 => "acceptable",
                v if v >= 0.5 => "weak: the scenarios disagree about who is strong",
                _ => "poor: the scenarios measure different things, or too few candidates differ",
            };
            let note = format!(
                "Cronbach's alpha over the {items} scenario scores of {} candidates: {:.2} (95 % bootstrap interval {:.2} to {:.2}; {verdict}).{}",
                a.candidates,
                a.value,
                a.low,
                a.high,
                if a.candidates < 30 {
                    " With fewer than 30 candidates the interval is wide: treat the estimate as provisional."
                } else {
                    ""
                }
            );
            (Some(a), note)
        }
        None => (
            None,
            "The candidates' scores do not vary; reliability cannot be estimated.".to_owned(),
        ),
    }
}

/// The cohort as a self-contained HTML page.
pub fn cohort_html(c: &Cohort<'_>, made_on: &str) -> String {
    let n = c.ranked.len();
    let body = html! {
        h1 { (c.assessment_name) }
        p.muted {
            (n) " candidate(s); each counted once, with their latest attempt"
            @if c.simulated_left_out > 0 {
                " · " (c.simulated_left_out) " simulated candidate(s) left out (--include-simulated to rank them)"
            }
        }
        p style="font-size:18px" {
            "Passed: " b { (c.passed) " of " (n) }
            @if n > 0 { " (" (format!("{:.0}", 100.0 * c.passed as f64 / n as f64)) " %)" }
        }
        section {
            h2 { "Ranking" }
            table {
                thead {
                    tr {
                        th { "#" } th { "candidate" } th { "attempt" } th { "taken" } th { "language" }
                        th { "average" } th { "result" }
                        @for (_, title) in &c.scenarios { th { (title) } }
                        th { "mistakes" }
                    }
                }
                tbody {
                    @for (i, r) in c.ranked.iter().enumerate() {
                        @let s = &r.result.summary;
                        tr {
                            td.num { (i + 1) }
                            td { (r.result.candidate) @if r.result.played_by.is_simulated() { " " span.sim { "simulated" } } }
                            td.num { (r.attempt) }
                            td.num { (day_of(&r.result.finished_at)) }
                            td { (r.result.language) }
                            td.num { (s.average_score) }
                            td { @if s.passed { span.pass { "passed" } } @else { span.fail { "not passed" } } }
                            @for run in &r.result.runs { td.num { (run.result.score) } }
                            td.num { (s.mistakes) }
                        }
                    }
                }
            }
        }
        section.page.wide {
            h2 { "Competencies" }
            table.comp {
                thead { tr { th { "candidate" } @for id in &c.competencies { th { (competency_name(id)) } } } }
                tbody {
                    @for r in &c.ranked {
                        tr {
                            td { (r.result.candidate) }
                            @for id in &c.competencies {
                                td.num {
                                    @match r.result.summary.competencies.get(*id) { Some(v) => (v), None => "–" }
                                }
                            }
                        }
                    }
                }
            }
        }
        section.page {
            h2 { "Mistakes candidates make" }
            p.muted { "Counted by candidate: how many made the mistake at least once, and how often each of them made it on average." }
            table {
                thead { tr { th { "mistake" } th { "candidates" } th { "share" } th { "times per candidate" } } }
                tbody {
                    @for m in c.mistakes.iter().take(15) {
                        tr {
                            td { (mistake_name(&m.id)) }
                            td.num { (m.candidates) " of " (n) }
                            td.num { (format!("{:.0} %", 100.0 * m.candidates as f64 / n.max(1) as f64)) }
                            td.num { (format!("{:.1}", m.mean_per_candidate)) }
                        }
                    }
                }
            }
            @if c.languages.len() > 1 {
                h2 { "Language versions" }
                table {
                    thead { tr { th { "language" } th { "candidates" } th { "mean average score" } } }
                    tbody { @for (l, mean, k) in &c.languages { tr { td { (l) } td.num { (k) } td.num { (format!("{mean:.1}")) } } } }
                }
            }
            h2 { "Reliability" }
            p { (c.reliability_note) }
        }
    };
    page(
        &c.assessment_name,
        &format!("{} · cohort report", c.assessment_name),
        made_on,
        body,
    )
}
