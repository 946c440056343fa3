//! The scored result of a finished session: what `kam-sim run` prints and the debrief shows.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::allowance::TimeAllowance;
use super::compile::CompiledScenario;
use super::engine::{Entry, MistakeRecord, Phase, Session};
use super::i18n::interface as ui;
use super::i18n::{Lang, Texts};
use super::model::{ClockTime, Outcome};
use super::profile::{Comparison, Profile, compare};
use super::rules::{self, Cause};
use super::scoring::{Grade, competency_score, overall_score};
use super::vocab::{Explanation, Severity};

/// Version of the engine that produced a result (results record it so replays can be checked).
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Why a session has no result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoResult {
    /// The meeting has not ended.
    #[error("the session has not finished: it is still in {phase} (at node `{node}`)")]
    NotFinished {
        /// Phase name.
        phase: &'static str,
        /// Current node id, or "-".
        node: String,
    },
    /// The conversation reached a node with nothing offered.
    #[error("the scenario got stuck at node `{0}`: no option is offered there and it has no timer")]
    Stuck(String),
}

/// A finished session, scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunResult {
    /// Scenario id.
    pub scenario: String,
    /// Scenario title.
    pub title: String,
    /// Seed of the session.
    pub seed: u64,
    /// The answering time the player had (`extended`: timers and patience doubled, an
    /// accessibility adjustment). Left out when standard.
    #[serde(default, skip_serializing_if = "TimeAllowance::is_standard")]
    pub time_allowance: TimeAllowance,
    /// Engine version.
    pub engine_version: String,
    /// Ending id.
    pub ending: String,
    /// Ending headline.
    pub ending_title: String,
    /// Business outcome.
    pub outcome: Outcome,
    /// Overall score, 0–100.
    pub score: u8,
    /// Letter grade.
    pub grade: Grade,
    /// Score per measured competency, 0–100.
    pub competencies: BTreeMap<String, u8>,
    /// Mistakes in the order they happened.
    pub mistakes: Vec<MistakeReport>,
    /// The deal, where the scenario has one.
    pub deal: Option<DealReport>,
    /// Preparation and travel.
    pub preparation: PreparationReport,
    /// How the score was computed.
    pub breakdown: Breakdown,
    /// Comparison with a target profile, if one was given.
    pub profile: Option<Comparison>,
    /// Everything said and done, in order.
    pub transcript: Vec<TranscriptLine>,
}

/// One mistake, explained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MistakeReport {
    /// Mistake id.
    pub id: String,
    /// Severity.
    pub severity: Severity,
    /// Node id where it happened (`null` on arrival).
    pub node: Option<String>,
    /// Option id that caused it, if any.
    pub option: Option<String>,
    /// Seconds since the session started.
    pub at_seconds: f64,
    /// `engine` when detected from play, `scenario` when tagged by the author.
    pub detected_by: String,
    /// The player's own words, when a choice caused it.
    pub quote: Option<String>,
    /// What happened, why it costs, what a strong KAM does.
    pub explanation: Explanation,
}

/// The deal as agreed (or as it stood when the meeting ended).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DealReport {
    /// Currency.
    pub currency: String,
    /// Unit of volume.
    pub unit: String,
    /// Whether money changed hands at this ending.
    pub closed: bool,
    /// List price.
    pub list_price: f64,
    /// Floor price.
    pub floor_price: f64,
    /// Final price per unit.
    pub price: f64,
    /// Final price minus floor price, per unit.
    pub margin_over_floor: f64,
    /// Final price against list price, in percent (negative: discount).
    pub change_from_list_percent: f64,
    /// Whether the final price is below the floor.
    pub below_floor: bool,
    /// Final payment terms.
    pub payment_days: u32,
    /// Final yearly volume.
    pub volume: u32,
    /// Final contract length.
    pub term_months: u32,
}

/// How the player prepared and travelled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreparationReport {
    /// Dossier items studied, in order.
    pub studied: Vec<String>,
    /// Minutes used of the budget.
    pub minutes_used: u32,
    /// The budget.
    pub budget_minutes: u32,
    /// Travel option taken.
    pub travel: String,
    /// Arrival clock time.
    pub arrived_at: String,
    /// Minutes late (0 on time).
    pub minutes_late: u32,
}

/// The inputs of the score formula (see `docs/scoring.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Breakdown {
    /// Net evidence per measured competency (mistake deductions included).
    pub evidence: BTreeMap<String, i32>,
    /// Sum of `evidence`.
    pub evidence_total: i64,
    /// Number of measured competencies.
    pub measured: usize,
    /// The ending's outcome value.
    pub outcome_value: u8,
    /// Sum of mistake penalties.
    pub penalties: i64,
    /// The formula, with the numbers filled in.
    pub formula: String,
}

/// One line of the transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranscriptLine {
    /// Seconds since the session started.
    pub at_seconds: f64,
    /// `study`, `arrival`, `line`, `choice`, `silence` or `ending`.
    pub kind: String,
    /// Who speaks (stakeholder name, `you`, or `narrator`).
    pub who: String,
    /// Node, option, item or ending id.
    pub id: String,
    /// The text.
    pub text: String,
    /// For choices: `prompt`, `interrupting` or `hesitant`.
    pub timing: Option<String>,
}

impl RunResult {
    /// The line being said at `node` when something happened there at `at_seconds`: the last
    /// time that moment's line was presented before then (a moment can come back in a loop).
    pub fn line_before(&self, node: &str, at_seconds: f64) -> Option<&TranscriptLine> {
        self.transcript
            .iter()
            .rfind(|t| t.kind == "line" && t.id == node && t.at_seconds <= at_seconds)
    }
}

fn seconds(ms: u64) -> f64 {
    ms as f64 / 1000.0
}

fn money(cents: i64) -> f64 {
    cents as f64 / 100.0
}

/// Scores a finished session, optionally against a target profile.
pub fn result_of(session: &Session, profile: Option<&Profile>) -> Result<RunResult, NoResult> {
    result_in(session, profile, &Texts::english())
}

/// The result with kam-sim's own sentences (the engine's explanations, the transcript's
/// arrivals and silences, the built-in coaching) in the language of `texts`; the scenario's texts
/// are those of the session's scenario (see `core::i18n::project::translate_scenario`). Scores,
/// mistakes, endings and the deal do not depend on the language.
pub fn result_in(session: &Session, profile: Option<&Profile>, texts: &Texts) -> Result<RunResult, NoResult> {
    let c = session.scenario();
    let s = &c.source;
    let Some((ending_index, _)) = session.ending() else {
        let node = session
            .current_node()
            .map_or_else(|| "-".to_owned(), |n| s.nodes[n as usize].id.clone());
        return Err(match session.phase() {
            Phase::Stuck => NoResult::Stuck(node),
            Phase::Preparation => NoResult::NotFinished {
                phase: "preparation",
                node,
            },
            _ => NoResult::NotFinished {
                phase: "the meeting",
                node,
            },
        });
    };
    let ending = &s.endings[ending_index as usize];
    let value = c.ending_value[ending_index as usize];
    let tally = session.tally();
    let score = overall_score(tally, &c.measured, value);
    let competencies: BTreeMap<String, u8> = c
        .measured
        .iter()
        .map(|comp| (comp.id().to_owned(), competency_score(tally.evidence[comp.index()])))
        .collect();
    let evidence: BTreeMap<String, i32> = c
        .measured
        .iter()
        .map(|comp| (comp.id().to_owned(), tally.evidence[comp.index()]))
        .collect();
    let evidence_total = tally.evidence_total(&c.measured);
    let k = c.measured.len();
    let state = session.meeting_state();
    let deal = match (state.and_then(|st| st.deal), &s.deal, c.deal) {
        (Some(now), Some(d), Some(terms)) => Some(DealReport {
            currency: d.currency.clone(),
            unit: d.unit.clone(),
            closed: ending.outcome.closes_deal(),
            list_price: money(terms.list_cents),
            floor_price: money(terms.floor_cents),
            price: money(now.price_cents),
            margin_over_floor: money(now.price_cents - terms.floor_cents),
            change_from_list_percent: ((now.price_cents - terms.list_cents) as f64 * 10_000.0
                / terms.list_cents as f64)
                .round()
                / 100.0,
            below_floor: now.price_cents < terms.floor_cents,
            payment_days: now.payment_days,
            volume: now.volume,
            term_months: now.term_months,
        }),
        _ => None,
    };
    let travel = session.travel().unwrap_or(0);
    let late = state.map_or(0, |st| st.late_minutes);
    let t = &s.schedule.travel[travel as usize];
    let arrival = rules::arrival_clock(c, session.world(), session.used_minutes(), travel);
    let studied = session
        .transcript()
        .iter()
        .filter_map(|e| match e {
            Entry::Studied { item, .. } => Some(s.preparation.dossier[*item as usize].id.clone()),
            _ => None,
        })
        .collect();
    Ok(RunResult {
        scenario: s.id.clone(),
        title: s.title.clone(),
        seed: session.seed(),
        time_allowance: session.time_allowance(),
        engine_version: ENGINE_VERSION.to_owned(),
        ending: ending.id.clone(),
        ending_title: ending.title.clone(),
        outcome: ending.outcome,
        score,
        grade: Grade::of(score),
        profile: profile.map(|p| compare(p, &competencies)),
        competencies,
        mistakes: session
            .mistakes()
            .iter()
            .map(|m| explain(c, session, m, texts))
            .collect(),
        deal,
        preparation: PreparationReport {
            studied,
            minutes_used: session.used_minutes(),
            budget_minutes: s.preparation.budget_minutes,
            travel: t.id.clone(),
            arrived_at: ClockTime::format(arrival),
            minutes_late: late,
        },
        breakdown: Breakdown {
            formula: format!(
                "0.6 × (50 + {} ÷ {k}) + 0.4 × {value} − {} = {score}",
                if evidence_total < 0 {
                    format!("({evidence_total})")
                } else {
                    evidence_total.to_string()
                },
                tally.penalty
            ),
            evidence,
            evidence_total,
            measured: k,
            outcome_value: value,
            penalties: tally.penalty,
        },
        transcript: transcript(c, session, texts),
    })
}

fn explain(c: &CompiledScenario, session: &Session, m: &MistakeRecord, texts: &Texts) -> MistakeReport {
    let s = &c.source;
    let node = m.node.map(|n| &s.nodes[n as usize]);
    let option = match (node, m.option) {
        (Some(n), Some(o)) => n.options.get(o as usize),
        _ => None,
    };
    let own = match m.cause {
        Cause::Tagged => match option {
            Some(o) => o.explain.as_ref(),
            None => node.and_then(|n| n.timer.as_ref()).and_then(|t| t.explain.as_ref()),
        },
        _ => None,
    };
    let mut explanation = c
        .explanation_if_written(m.kind, own)
        .unwrap_or_else(|| texts.default_explanation(m.kind));
    let item_title = |f: u32| s.preparation.dossier[f as usize].title.clone();
    let speaker_name = node
        .and_then(|n| n.speaker.as_ref())
        .and_then(|id| s.stakeholders.iter().find(|p| &p.id == id))
        .map_or_else(|| texts.get(&ui::ENGINE_THE_CLIENT), |p| p.name.clone());
    let lang = texts.lang();
    let specific = match m.cause {
        Cause::Arrival(minutes) => Some(texts.fill(
            &ui::ENGINE_LATE,
            &[
                ("minutes", &minutes.to_string()),
                ("time", &ClockTime::format(s.schedule.meeting_at.0)),
            ],
        )),
        Cause::Interrupted => Some(texts.fill(&ui::ENGINE_INTERRUPTED, &[("name", &speaker_name)])),
        Cause::Gap(f) => Some(texts.fill(&ui::ENGINE_GAP, &[("item", &item_title(f))])),
        Cause::AskedFor(f) => Some(texts.fill(&ui::ENGINE_ASKED_FOR, &[("item", &item_title(f))])),
        Cause::Concession => Some(texts.get(&ui::ENGINE_CONCESSION)),
        Cause::BelowFloor => session
            .meeting_state()
            .and_then(|st| st.deal)
            .zip(c.deal)
            .map(|(now, terms)| {
                let currency = s.deal.as_ref().map_or("", |d| d.currency.as_str());
                let amount = |cents: i64| match lang {
                    // English keeps the wording of signed results made before translations existed,
                    // so that their replay still matches them word for word.
                    Lang::En => format!("{:.2} {currency}", money(cents)),
                    _ => lang.money(cents, currency),
                };
                texts.fill(
                    &ui::ENGINE_BELOW_FLOOR,
                    &[
                        ("price", &amount(now.price_cents)),
                        ("floor", &amount(terms.floor_cents)),
                    ],
                )
            }),
        Cause::Tagged => None,
    };
    if let Some(text) = specific {
        explanation.happened = text;
    }
    MistakeReport {
        id: m.kind.id().to_owned(),
        severity: m.severity,
        node: node.map(|n| n.id.clone()),
        option: option.map(|o| o.id.clone()),
        at_seconds: seconds(m.at_ms),
        detected_by: if m.cause == Cause::Tagged { "scenario" } else { "engine" }.to_owned(),
        quote: option.map(|o| o.text.clone()),
        explanation,
    }
}

fn transcript(c: &CompiledScenario, session: &Session, texts: &Texts) -> Vec<TranscriptLine> {
    let s = &c.source;
    let speaker = |node: u32| {
        s.nodes[node as usize]
            .speaker
            .as_ref()
            .and_then(|id| s.stakeholders.iter().find(|p| &p.id == id))
            .map_or_else(|| "narrator".to_owned(), |p| p.name.clone())
    };
    session
        .transcript()
        .iter()
        .map(|e| match *e {
            Entry::Studied { at_ms, item } => {
                let d = &s.preparation.dossier[item as usize];
                line(at_ms, "study", "you", &d.id, &d.title, None)
            }
            Entry::Arrived {
                at_ms,
                travel,
                late_minutes,
            } => {
                let t = &s.schedule.travel[travel as usize];
                let text = if late_minutes == 0 {
                    texts.fill(&ui::TRANSCRIPT_ON_TIME, &[("route", &t.label)])
                } else {
                    texts.fill(
                        &ui::TRANSCRIPT_LATE,
                        &[("route", &t.label), ("minutes", &late_minutes.to_string())],
                    )
                };
                line(at_ms, "arrival", "you", &t.id, &text, None)
            }
            Entry::Line { at_ms, node } => {
                let n = &s.nodes[node as usize];
                line(at_ms, "line", &speaker(node), &n.id, &n.text, None)
            }
            Entry::Choice {
                at_ms,
                node,
                option,
                timing,
            } => {
                let o = &s.nodes[node as usize].options[option as usize];
                line(at_ms, "choice", "you", &o.id, &o.text, Some(timing.id()))
            }
            Entry::Silence { at_ms, node } => {
                let n = &s.nodes[node as usize];
                line(
                    at_ms,
                    "silence",
                    "you",
                    &n.id,
                    &texts.get(&ui::TRANSCRIPT_SILENCE),
                    None,
                )
            }
            Entry::Ending { at_ms, ending } => {
                let e = &s.endings[ending as usize];
                line(at_ms, "ending", "narrator", &e.id, &e.text, None)
            }
        })
        .collect()
}

fn line(
    at_ms: u64,
    kind: &'static str,
    who: &str,
    id: &str,
    text: &str,
    timing: Option<&'static str>,
) -> TranscriptLine {
    TranscriptLine {
        at_seconds: seconds(at_ms),
        kind: kind.to_owned(),
        who: who.to_owned(),
        id: id.to_owned(),
        text: text.to_owned(),
        timing: timing.map(str::to_owned),
    }
}
