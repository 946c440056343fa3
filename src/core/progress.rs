//! A new hire's progress over practice sessions, defined so that a trainer can check it by hand
//! (`docs/scoring.md`, "Progress"): proficiency per competency, recurring mistakes, and the next
//! scenario to practise with the reason in words.
//!
//! Pure functions over the sessions' results: the practice journal, the CLI and the game all call
//! these, so the numbers are the same everywhere.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::compile::CompiledScenario;
use super::i18n::Texts;
use super::i18n::interface as ui;
use super::model::{Difficulty, Effect};
use super::profile::Profile;
use super::scoring::Grade;
use super::vocab::{Competency, MistakeKind};

/// How much a session counts relative to the next more recent one measuring the same competency.
pub const RECENCY_WEIGHT: f64 = 0.7;

/// How many of the most recent sessions the recurring mistakes are counted over.
pub const RECENT_SESSIONS: usize = 6;

/// A mistake is recurring when it appears in at least this many of the recent sessions.
pub const RECURRING_AT_LEAST: usize = 2;

/// What progress needs to know of one practice session.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// Scenario id.
    pub scenario: String,
    /// Its score, 0–100.
    pub score: u8,
    /// Its grade.
    pub grade: Grade,
    /// The competency scores it measured.
    pub competencies: BTreeMap<String, u8>,
    /// The ids of the mistakes made (once per occurrence).
    pub mistakes: Vec<String>,
}

/// Proficiency per competency: over the sessions that measured it, newest first, the average of
/// its scores weighted 1, 0.7, 0.49, … (each older session counts [`RECENCY_WEIGHT`] times the one
/// after it), rounded half up. Sessions are given oldest first. A competency no session measured is
/// absent: never measured is not 0.
pub fn proficiency(sessions: &[Session]) -> BTreeMap<String, u8> {
    let mut sums: BTreeMap<&str, (f64, f64, i32)> = BTreeMap::new();
    for session in sessions.iter().rev() {
        for (competency, &score) in &session.competencies {
            let (weighted, weights, seen) = sums.entry(competency).or_insert((0.0, 0.0, 0));
            let w = RECENCY_WEIGHT.powi(*seen);
            *weighted += w * f64::from(score);
            *weights += w;
            *seen += 1;
        }
    }
    sums.into_iter()
        .map(|(c, (weighted, weights, _))| (c.to_owned(), (weighted / weights + 0.5).floor().clamp(0.0, 100.0) as u8))
        .collect()
}

/// Each competency's scores over the sessions that measured it, oldest first: the points of
/// its trend line.
pub fn trends(sessions: &[Session]) -> BTreeMap<String, Vec<u8>> {
    let mut lines: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for session in sessions {
        for (competency, &score) in &session.competencies {
            lines.entry(competency.clone()).or_default().push(score);
        }
    }
    lines
}

/// The best grade of each scenario played (grades order A first).
pub fn best_grades(sessions: &[Session]) -> BTreeMap<String, Grade> {
    let mut best: BTreeMap<String, Grade> = BTreeMap::new();
    for s in sessions {
        let grade = best.entry(s.scenario.clone()).or_insert(s.grade);
        *grade = (*grade).min(s.grade);
    }
    best
}

/// One mistake that keeps coming back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recurring {
    /// Mistake id.
    pub id: String,
    /// In how many of the recent sessions it appeared.
    pub sessions: usize,
    /// How many recent sessions were looked at.
    pub of_last: usize,
}

/// The mistakes made in at least [`RECURRING_AT_LEAST`] of the last [`RECENT_SESSIONS`] sessions,
/// the most frequent first (ties by id).
pub fn recurring_mistakes(sessions: &[Session]) -> Vec<Recurring> {
    let recent = &sessions[sessions.len().saturating_sub(RECENT_SESSIONS)..];
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for session in recent {
        let distinct: BTreeSet<&str> = session.mistakes.iter().map(String::as_str).collect();
        for id in distinct {
            *counts.entry(id).or_default() += 1;
        }
    }
    let mut out: Vec<Recurring> = counts
        .into_iter()
        .filter(|(_, n)| *n >= RECURRING_AT_LEAST)
        .map(|(id, n)| Recurring {
            id: id.to_owned(),
            sessions: n,
            of_last: recent.len(),
        })
        .collect();
    out.sort_by(|a, b| b.sessions.cmp(&a.sessions).then_with(|| a.id.cmp(&b.id)));
    out
}

/// What the recommendation needs to know of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioFacts {
    /// Id.
    pub id: String,
    /// How hard it is.
    pub difficulty: Difficulty,
    /// The competencies it measures.
    pub measured: Vec<Competency>,
    /// The mistakes it can catch: those its options and timers tag, and those the engine detects
    /// in any meeting of its kind (interrupting a speaker, lateness, a gap in the preparation,
    /// price dumping when there is a deal).
    pub catches: BTreeSet<MistakeKind>,
}

impl ScenarioFacts {
    /// The facts of a compiled scenario.
    pub fn of(c: &CompiledScenario) -> ScenarioFacts {
        let s = &c.source;
        let mut catches = BTreeSet::new();
        let tagged = s.nodes.iter().flat_map(|n| {
            n.options
                .iter()
                .flat_map(|o| o.effects.iter())
                .chain(n.timer.iter().flat_map(|t| t.effects.iter()))
        });
        for effect in tagged {
            if let Effect::Mistake(kind, _) = effect {
                catches.insert(*kind);
            }
        }
        if s.nodes.iter().any(|n| n.speaker.is_some() && !n.options.is_empty()) {
            catches.insert(MistakeKind::Interrupting);
        }
        if s.schedule.travel.iter().any(|t| t.delay.1 > 0) {
            catches.insert(MistakeKind::Lateness);
        }
        if s.nodes.iter().any(|n| !n.relies_on.is_empty()) {
            catches.insert(MistakeKind::LackOfClientInformation);
        }
        if s.deal.is_some() {
            catches.insert(MistakeKind::PriceDumping);
        }
        ScenarioFacts {
            id: s.id.clone(),
            difficulty: s.difficulty,
            measured: c.measured.clone(),
            catches,
        }
    }
}

/// The scenario to practise next, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Next {
    /// Scenario id.
    pub scenario: String,
    /// The reason, in English words (the CLI's JSON and text).
    pub reason: String,
    /// The reason as data, for front ends to say in the player's language ([`Reason::words`]).
    #[serde(skip)]
    pub because: Reason,
}

/// Why a scenario was picked: the part of its weight that decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// A recurring mistake the scenario can catch.
    Mistake {
        /// Mistake id.
        id: String,
        /// In how many of the recent sessions it appeared.
        sessions: usize,
        /// Over how many recent sessions.
        of_last: usize,
    },
    /// The competency furthest below the target among those the scenario measures.
    Gap {
        /// The competency.
        competency: Competency,
        /// The proficiency, if any session measured it.
        level: Option<u8>,
        /// The target level.
        target: u8,
    },
    /// Nothing recurs and no gap decides: the scenarios not mastered yet, in order.
    NotMastered,
    /// No session yet: the easiest scenario.
    Start,
}

impl Reason {
    /// The reason in the language of `texts`.
    pub fn words(&self, texts: &Texts) -> String {
        match self {
            Reason::Mistake { id, sessions, of_last } => texts.fill(
                &ui::PROGRESS_REASON_MISTAKE,
                &[
                    ("mistake", &texts.mistake_by_id(id).to_lowercase()),
                    ("sessions", &sessions.to_string()),
                    ("of_last", &of_last.to_string()),
                ],
            ),
            Reason::Gap {
                competency,
                level: Some(level),
                target,
            } => texts.fill(
                &ui::PROGRESS_REASON_GAP,
                &[
                    ("competency", &texts.competency(*competency).to_lowercase()),
                    ("level", &level.to_string()),
                    ("target", &target.to_string()),
                ],
            ),
            Reason::Gap {
                competency,
                level: None,
                target,
            } => texts.fill(
                &ui::PROGRESS_REASON_UNMEASURED,
                &[
                    ("competency", &texts.competency(*competency).to_lowercase()),
                    ("target", &target.to_string()),
                ],
            ),
            Reason::NotMastered => texts.get(&ui::PROGRESS_REASON_NOT_MASTERED),
            Reason::Start => texts.get(&ui::PROGRESS_REASON_START),
        }
    }
}

/// The next scenario: the one that catches the most recurring mistakes and measures the weakest
/// competencies against the target, among those not mastered (best grade A) and not the one just
/// played. Its weight is 10 points per recent session with a mistake it can catch, plus, for each
/// competency it measures, how far the proficiency is below the target (a competency never
/// measured counts its whole target). Ties go to the scenario played least, then the easier, then
/// by id. Without sessions: the easiest scenario. `None` when every scenario is mastered.
pub fn recommend(sessions: &[Session], library: &[ScenarioFacts], target: Option<&Profile>) -> Option<Next> {
    let level = proficiency(sessions);
    let recurring = recurring_mistakes(sessions);
    let target_of = |c: Competency| -> u8 {
        target
            .and_then(|p| p.levels.iter().find(|l| l.competency == c).map(|l| l.level))
            .unwrap_or(75)
    };
    let best = best_grades(sessions);
    let best_grade = |id: &str| best.get(id).copied();
    let played = |id: &str| sessions.iter().filter(|s| s.scenario == id).count();
    let last = sessions.last().map(|s| s.scenario.as_str());
    let mut candidates: Vec<(&ScenarioFacts, u32, Reason)> = library
        .iter()
        .filter(|f| best_grade(&f.id) != Some(Grade::A))
        .filter(|f| library.len() < 2 || Some(f.id.as_str()) != last)
        .map(|f| {
            let mut weight = 0;
            let mut because = Reason::Start;
            let mut strongest = 0;
            for r in &recurring {
                let caught = MistakeKind::ALL
                    .iter()
                    .find(|k| k.id() == r.id)
                    .is_some_and(|k| f.catches.contains(k));
                if caught {
                    let w = 10 * r.sessions as u32;
                    weight += w;
                    if w > strongest {
                        strongest = w;
                        because = Reason::Mistake {
                            id: r.id.clone(),
                            sessions: r.sessions,
                            of_last: r.of_last,
                        };
                    }
                }
            }
            let mut widest = 0;
            for &c in &f.measured {
                let t = target_of(c);
                let now = level.get(c.id()).copied();
                let gap = u32::from(t.saturating_sub(now.unwrap_or(0)));
                weight += gap;
                if strongest == 0 && gap > widest {
                    widest = gap;
                    because = Reason::Gap {
                        competency: c,
                        level: now,
                        target: t,
                    };
                }
            }
            (f, weight, because)
        })
        .collect();
    if sessions.is_empty() {
        candidates.sort_by(|a, b| a.0.difficulty.cmp(&b.0.difficulty).then_with(|| a.0.id.cmp(&b.0.id)));
        return candidates.into_iter().next().map(|(f, _, _)| Next {
            scenario: f.id.clone(),
            reason: Reason::Start.words(&Texts::english()),
            because: Reason::Start,
        });
    }
    candidates.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| played(&a.0.id).cmp(&played(&b.0.id)))
            .then_with(|| a.0.difficulty.cmp(&b.0.difficulty))
            .then_with(|| a.0.id.cmp(&b.0.id))
    });
    candidates.into_iter().next().map(|(f, _, because)| {
        let because = match because {
            Reason::Start => Reason::NotMastered,
            other => other,
        };
        Next {
            scenario: f.id.clone(),
            reason: because.words(&Texts::english()),
            because,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(scenario: &str, grade: Grade, competencies: &[(&str, u8)], mistakes: &[&str]) -> Session {
        Session {
            scenario: scenario.into(),
            score: 50,
            grade,
            competencies: competencies.iter().map(|(c, s)| ((*c).to_owned(), *s)).collect(),
            mistakes: mistakes.iter().map(|m| (*m).to_owned()).collect(),
        }
    }

    /// The worked example of `docs/scoring.md`, "Progress".
    #[test]
    fn proficiency_weights_recent_sessions_as_documented() {
        let sessions = [
            session("a", Grade::D, &[("listening", 40), ("negotiation", 50)], &[]),
            session("b", Grade::C, &[("listening", 60)], &[]),
            session("c", Grade::B, &[("listening", 80)], &[]),
        ];
        // listening: (80·1 + 60·0.7 + 40·0.49) / (1 + 0.7 + 0.49) = 141.6 / 2.19 = 64.66 → 65
        let p = proficiency(&sessions);
        assert_eq!(p.get("listening"), Some(&65));
        assert_eq!(p.get("negotiation"), Some(&50), "one session: its score");
        assert_eq!(p.get("composure"), None, "never measured is absent, not 0");
    }

    #[test]
    fn a_mistake_in_two_of_the_last_six_sessions_is_recurring() {
        let mut sessions: Vec<Session> = (0..8).map(|i| session(&format!("s{i}"), Grade::C, &[], &[])).collect();
        sessions[0].mistakes = vec!["arguing".into(), "arguing".into()];
        sessions[1].mistakes = vec!["arguing".into()];
        sessions[3].mistakes = vec!["interrupting".into(), "interrupting".into()];
        sessions[5].mistakes = vec!["interrupting".into()];
        sessions[7].mistakes = vec!["interrupting".into(), "lateness".into()];
        let r = recurring_mistakes(&sessions);
        // Arguing was only in the two oldest sessions, outside the last six.
        assert_eq!(
            r,
            [Recurring {
                id: "interrupting".into(),
                sessions: 3,
                of_last: 6
            }]
        );
    }

    #[test]
    fn the_next_scenario_catches_the_recurring_mistake_and_says_so() {
        let facts = |id: &str, catches: &[MistakeKind], measured: &[Competency]| ScenarioFacts {
            id: id.into(),
            difficulty: Difficulty::Intermediate,
            measured: measured.to_vec(),
            catches: catches.iter().copied().collect(),
        };
        let library = [
            facts("quiet_client", &[MistakeKind::Lateness], &[Competency::Negotiation]),
            facts(
                "talkative_client",
                &[MistakeKind::Interrupting],
                &[Competency::Listening],
            ),
            facts("mastered", &[MistakeKind::Interrupting], &[Competency::Listening]),
        ];
        let sessions = vec![
            session("mastered", Grade::A, &[("listening", 95)], &["interrupting"]),
            session("quiet_client", Grade::C, &[("negotiation", 60)], &["interrupting"]),
        ];
        let next = recommend(&sessions, &library, None).unwrap();
        assert_eq!(next.scenario, "talkative_client");
        assert_eq!(
            next.reason,
            "interrupting came back in 2 of your last 2 sessions; this scenario can catch it"
        );
        assert_eq!(
            recommend(&[], &library, None).unwrap().scenario,
            "mastered",
            "the easiest, then by id"
        );
    }
}
