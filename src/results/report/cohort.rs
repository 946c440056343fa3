//! The cohort of an assessment: ranking, pass rate, competencies, the mistakes candidates make, and
//! reliability. Simulated candidates are marked and left out of the ranking and the statistics unless
//! asked for; a candidate who retook the assessment counts once, with their latest attempt.

use std::collections::BTreeMap;

use maud::html;

use super::items::{GroupRate, ItemAnalysis, item_analysis, selection_rates};
use super::stats::{ALPHA_MIN_CANDIDATES, AlphaEstimate, BOOTSTRAP_RESAMPLES, alpha_with_interval};
use super::{ReportLanguage, day_of, page};
use crate::core::i18n::Texts;
use crate::core::i18n::interface as ui;
use crate::core::vocab::Competency;
use crate::results::entry::{SILENCE, StoredEntry};

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
    /// The assessment's id.
    pub assessment: String,
    /// The assessment's name.
    pub assessment_name: String,
    /// Latest attempt per candidate, ranked by average score, best first (ties by name).
    pub ranked: Vec<&'a StoredEntry>,
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
    /// Item analysis: scenarios, decision points, the standard error at the pass mark.
    pub items: ItemAnalysis,
    /// Selection rate per group, when the organisation labelled candidates
    /// ([`Cohort::with_groups`]); empty otherwise.
    pub groups: Vec<GroupRate>,
}

impl Cohort<'_> {
    /// Adds the selection rate of each group from the organisation's labels (candidate → group).
    pub fn with_groups(mut self, labels: &BTreeMap<String, String>) -> Self {
        self.groups = selection_rates(&self.ranked, labels);
        self
    }
}

/// Builds the cohort view of an assessment's verified results (all attempts of every candidate).
pub fn cohort(results: &[StoredEntry], options: CohortOptions) -> Cohort<'_> {
    let mut latest: BTreeMap<&str, &StoredEntry> = BTreeMap::new();
    for r in results {
        let slot = latest.entry(r.entry.candidate.as_str()).or_insert(r);
        if r.attempt > slot.attempt {
            *slot = r;
        }
    }
    let simulated_left_out = if options.include_simulated {
        0
    } else {
        latest.values().filter(|r| r.entry.simulated).count()
    };
    let mut ranked: Vec<&StoredEntry> = latest
        .into_values()
        .filter(|r| options.include_simulated || !r.entry.simulated)
        .collect();
    ranked.sort_by(|a, b| {
        b.entry
            .average_score
            .cmp(&a.entry.average_score)
            .then_with(|| a.entry.candidate.cmp(&b.entry.candidate))
    });
    let scenarios: Vec<(String, String)> = results
        .first()
        .map(|r| {
            r.entry
                .runs
                .iter()
                .map(|run| (run.scenario.clone(), run.title.clone()))
                .collect()
        })
        .unwrap_or_default();
    let competencies: Vec<&'static str> = Competency::ALL
        .iter()
        .map(|c| c.id())
        .filter(|id| ranked.iter().any(|r| r.entry.competencies.contains_key(*id)))
        .collect();
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for r in &ranked {
        let mut own: BTreeMap<&str, usize> = BTreeMap::new();
        for m in r.entry.runs.iter().flat_map(|run| &run.mistakes) {
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
        let e = by_language.entry(&r.entry.language).or_default();
        e.0 += f64::from(r.entry.average_score);
        e.1 += 1;
    }
    let languages = by_language
        .into_iter()
        .map(|(l, (sum, n))| (l.to_owned(), sum / n as f64, n))
        .collect();
    let rows: Vec<Vec<f64>> = ranked
        .iter()
        .map(|r| r.entry.runs.iter().map(|run| f64::from(run.score)).collect())
        .collect();
    let alpha = reliability(&rows, scenarios.len());
    let reliability_note = reliability_note(alpha.as_ref(), rows.len(), scenarios.len(), &Texts::english());
    let items = item_analysis(&ranked, alpha.as_ref());
    Cohort {
        assessment: results.first().map(|r| r.entry.assessment.clone()).unwrap_or_default(),
        assessment_name: results
            .first()
            .map(|r| r.entry.assessment_name.clone())
            .unwrap_or_default(),
        passed: ranked.iter().filter(|r| r.entry.passed).count(),
        ranked,
        simulated_left_out,
        scenarios,
        competencies,
        mistakes,
        languages,
        alpha,
        reliability_note,
        items,
        groups: Vec::new(),
    }
}

fn reliability(rows: &[Vec<f64>], items: usize) -> Option<AlphaEstimate> {
    if rows.len() < ALPHA_MIN_CANDIDATES || items < 2 {
        return None;
    }
    alpha_with_interval(rows, BOOTSTRAP_RESAMPLES)
}

/// What to say about reliability, in the language of `t`.
pub fn reliability_note(alpha: Option<&AlphaEstimate>, candidates: usize, items: usize, t: &Texts) -> String {
    let lang = t.lang();
    let Some(a) = alpha else {
        return if candidates < ALPHA_MIN_CANDIDATES {
            t.fill(
                &ui::COHORT_ALPHA_TOO_FEW,
                &[
                    ("minimum", &ALPHA_MIN_CANDIDATES.to_string()),
                    ("count", &candidates.to_string()),
                ],
            )
        } else if items < 2 {
            t.get(&ui::COHORT_ALPHA_ONE_SCENARIO)
        } else {
            t.get(&ui::COHORT_ALPHA_NO_VARIATION)
        };
    };
    let verdict = t.get(match a.value {
        v if v >= 0.8 => &ui::COHORT_VERDICT_GOOD,
        v if v >= 0.7 => &ui::COHORT_VERDICT_ACCEPTABLE,
        v if v >= 0.5 => &ui::COHORT_VERDICT_WEAK,
        _ => &ui::COHORT_VERDICT_POOR,
    });
    let mut note = t.fill(
        &ui::COHORT_ALPHA,
        &[
            ("items", &items.to_string()),
            ("count", &a.candidates.to_string()),
            ("alpha", &lang.decimal(a.value, 2)),
            ("low", &lang.decimal(a.low, 2)),
            ("high", &lang.decimal(a.high, 2)),
            ("verdict", &verdict),
        ],
    );
    if a.candidates < 30 {
        note.push(' ');
        note.push_str(&t.get(&ui::COHORT_ALPHA_PROVISIONAL));
    }
    note
}

/// The cohort as a self-contained HTML page.
pub fn cohort_html(c: &Cohort<'_>, made_on: &str, l: &ReportLanguage) -> String {
    let n = c.ranked.len();
    let t = &l.texts;
    let lang = l.lang();
    let reliability = reliability_note(c.alpha.as_ref(), n, c.scenarios.len(), t);
    let assessment_name = l.assessment_name(&c.assessment, &c.assessment_name);
    // Looked up once per ranked candidate: a set, not a scan of the list (thousands in a large cohort).
    let undecided: std::collections::HashSet<&str> = c.items.undecided.iter().map(String::as_str).collect();
    let body = html! {
        h1 { (assessment_name) }
        p.muted {
            (t.fill(&ui::COHORT_COUNTED, &[("count", &n.to_string())]))
            @if c.simulated_left_out > 0 {
                " · " (t.fill(&ui::COHORT_SIMULATED_LEFT_OUT, &[("count", &c.simulated_left_out.to_string())]))
            }
        }
        p style="font-size:18px" {
            b { (t.fill(&ui::COHORT_PASSED, &[("passed", &c.passed.to_string()), ("total", &n.to_string())])) }
            @if n > 0 { " (" (lang.percent(100.0 * c.passed as f64 / n as f64, 0)) ")" }
        }
        section {
            h2 { (t.get(&ui::COHORT_RANKING)) }
            table {
                thead {
                    tr {
                        th { "#" } th { (t.get(&ui::COHORT_COLUMN_CANDIDATE)) } th { (t.get(&ui::COHORT_COLUMN_ATTEMPT)) }
                        th { (t.get(&ui::COHORT_COLUMN_TAKEN)) } th { (t.get(&ui::COHORT_COLUMN_LANGUAGE)) }
                        th { (t.get(&ui::COHORT_COLUMN_AVERAGE)) } th { (t.get(&ui::COHORT_COLUMN_RESULT)) }
                        @for (id, title) in &c.scenarios { th { (l.scenario_title(id, title)) } }
                        th { (t.get(&ui::COHORT_COLUMN_MISTAKES)) }
                    }
                }
                tbody {
                    @for (i, r) in c.ranked.iter().enumerate() {
                        @let s = &r.entry;
                        tr {
                            td.num { (i + 1) }
                            td {
                                (s.candidate)
                                @if s.simulated { " " span.sim { (t.get(&ui::COHORT_SIMULATED)) } }
                                @if !s.time_allowance.is_standard() { " " span.sim { (t.get(&ui::COHORT_EXTENDED_TIME)) } }
                                @if undecided.contains(s.candidate.as_str()) { " " span.sim { (t.get(&ui::COHORT_UNDECIDED)) } }
                            }
                            td.num { (r.attempt) }
                            td.num { (day_of(&s.finished_at)) }
                            td { (s.language) }
                            td.num { (s.average_score) }
                            td { @if s.passed { span.pass { (t.get(&ui::COHORT_RESULT_PASSED)) } } @else { span.fail { (t.get(&ui::COHORT_RESULT_NOT_PASSED)) } } }
                            @for run in &s.runs { td.num { (run.score) } }
                            td.num { (s.mistakes) }
                        }
                    }
                }
            }
        }
        section.page.wide {
            h2 { (t.get(&ui::COHORT_COMPETENCIES)) }
            table.comp {
                thead { tr { th { (t.get(&ui::COHORT_COLUMN_CANDIDATE)) } @for id in &c.competencies { th { (l.competency(id)) } } } }
                tbody {
                    @for r in &c.ranked {
                        tr {
                            td { (r.entry.candidate) }
                            @for id in &c.competencies {
                                td.num {
                                    @match r.entry.competencies.get(*id) { Some(v) => (v), None => "–" }
                                }
                            }
                        }
                    }
                }
            }
        }
        section.page {
            h2 { (t.get(&ui::COHORT_MISTAKES)) }
            p.muted { (t.get(&ui::COHORT_MISTAKES_NOTE)) }
            table {
                thead { tr {
                    th { (t.get(&ui::COHORT_COLUMN_MISTAKE)) } th { (t.get(&ui::COHORT_COLUMN_CANDIDATES)) }
                    th { (t.get(&ui::COHORT_COLUMN_SHARE)) } th { (t.get(&ui::COHORT_COLUMN_TIMES)) }
                } }
                tbody {
                    @for m in c.mistakes.iter().take(15) {
                        tr {
                            td { (l.mistake(&m.id)) }
                            td.num { (t.fill(&ui::COHORT_OF, &[("count", &m.candidates.to_string()), ("total", &n.to_string())])) }
                            td.num { (lang.percent(100.0 * m.candidates as f64 / n.max(1) as f64, 0)) }
                            td.num { (lang.decimal(m.mean_per_candidate, 1)) }
                        }
                    }
                }
            }
            @if !c.languages.is_empty() {
                h2 { (t.get(&ui::COHORT_LANGUAGES)) }
                table {
                    thead { tr {
                        th { (t.get(&ui::COHORT_COLUMN_LANGUAGE)) } th { (t.get(&ui::COHORT_COLUMN_CANDIDATES)) }
                        th { (t.get(&ui::COHORT_COLUMN_MEAN)) }
                    } }
                    tbody { @for (code, mean, k) in &c.languages { tr { td { (code) } td.num { (k) } td.num { (lang.decimal(*mean, 1)) } } } }
                }
            }
            h2 { (t.get(&ui::COHORT_RELIABILITY)) }
            p { (reliability) }
            @if let Some(sem) = c.items.sem {
                p { (t.fill(&ui::COHORT_SEM, &[
                    ("sem", &lang.decimal(sem, 1)),
                    ("count", &c.items.undecided.len().to_string()),
                    ("cut", &c.items.cut.to_string()),
                ])) }
            }
        }
        @if !c.groups.is_empty() {
            section {
                h2 { (t.get(&ui::COHORT_GROUPS)) }
                p.muted { (t.get(&ui::COHORT_GROUPS_NOTE)) }
                table {
                    thead { tr {
                        th { (t.get(&ui::COHORT_COLUMN_GROUP)) } th { (t.get(&ui::COHORT_COLUMN_CANDIDATES)) }
                        th { (t.get(&ui::COHORT_COLUMN_RATE)) } th { (t.get(&ui::COHORT_COLUMN_RATIO)) }
                    } }
                    tbody {
                        @for g in &c.groups {
                            tr {
                                td { (g.group) }
                                td.num { (g.candidates) }
                                td.num { (lang.percent(100.0 * g.rate, 0)) " (" (t.fill(&ui::COHORT_OF, &[("count", &g.passed.to_string()), ("total", &g.candidates.to_string())])) ")" }
                                td.num {
                                    @match g.ratio_to_highest { Some(r) => (lang.decimal(r, 2)), None => "–" }
                                    @if g.below_four_fifths() { " " span.fail { (t.get(&ui::COHORT_FOUR_FIFTHS)) } }
                                }
                            }
                        }
                    }
                }
            }
        }
        section.page {
            h2 { (t.get(&ui::COHORT_ITEMS)) }
            p.muted { (t.get(&ui::COHORT_ITEMS_NOTE)) }
            table {
                thead { tr {
                    th { (t.get(&ui::COHORT_COLUMN_SCENARIO)) } th { (t.get(&ui::COHORT_COLUMN_FACILITY)) }
                    th { (t.get(&ui::COHORT_COLUMN_DISCRIMINATION)) }
                } }
                tbody {
                    @for item in &c.items.scenarios {
                        @let title = c.scenarios.iter().find(|(id, _)| *id == item.scenario).map_or(item.scenario.as_str(), |(_, t)| t.as_str());
                        tr {
                            td { (l.scenario_title(&item.scenario, title)) }
                            td.num { (lang.decimal(item.facility, 2)) }
                            td.num { @match item.discrimination { Some(d) => (lang.decimal(d, 2)), None => "–" } }
                        }
                    }
                }
            }
            h2 { (t.get(&ui::COHORT_DECISIONS)) }
            p.muted { (t.get(&ui::COHORT_DECISIONS_NOTE)) }
            table {
                thead { tr {
                    th { (t.get(&ui::COHORT_COLUMN_SCENARIO)) } th { (t.get(&ui::COHORT_COLUMN_MOMENT)) }
                    th { (t.get(&ui::COHORT_COLUMN_OPTION)) } th { (t.get(&ui::COHORT_COLUMN_CHOSEN)) }
                    th { (t.get(&ui::COHORT_COLUMN_POINT_BISERIAL)) }
                } }
                tbody {
                    @for d in &c.items.decisions {
                        @for (k, o) in d.options.iter().enumerate() {
                            tr {
                                td { @if k == 0 { (d.scenario) } }
                                td { @if k == 0 { (d.node) } }
                                td { @if o.option == SILENCE { "…" } @else { (o.option) } }
                                td.num { (t.fill(&ui::COHORT_OF, &[("count", &o.chosen_by.to_string()), ("total", &d.reached_by.to_string())])) }
                                td.num {
                                    @match o.point_biserial { Some(r) => (lang.decimal(r, 2)), None => "–" }
                                    @if o.keying_problem() { " " span.fail { (t.get(&ui::COHORT_KEYING)) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    page(
        &assessment_name,
        &t.fill(&ui::COHORT_HEAD, &[("assessment", &assessment_name)]),
        made_on,
        &l.texts,
        body,
    )
}
