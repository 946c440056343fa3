//! xAPI statements for a learning record store: one per scenario played and one per assessment,
//! and one per practice run of a journal.
//!
//! Every statement has a deterministic id — a UUID v5 of the signed result and the scenario — so a
//! result sent twice (a resend, two offices sending the same file, an outbox retried after an
//! outage) is the same statement, which a learning record store stores once. The statements of one
//! attempt share a `registration`, a UUID v5 of the signed result.
//!
//! The mapping is documented in `docs/assessment.md`.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::core::assessment::AssessmentResult;
use crate::results::journal::PracticeRun;

/// Activity ids are URNs under this prefix.
const ACTIVITY: &str = "urn:kam-sim:assessment";

/// The namespace of kam-sim's UUID v5 statement ids and registrations (itself the UUID v5 of
/// `urn:kam-sim` in the URL namespace). Never change it: every id already sent would change too.
pub fn namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:kam-sim")
}

/// The web address of the system where the candidates' names are accounts (an HR system, the
/// LMS): an actor's `account.homePage`. Always an `https://` address with a host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HomePage(String);

impl HomePage {
    /// Checks that `text` is an `https://` address with a host.
    pub fn parse(text: &str) -> Result<HomePage, String> {
        let refuse = |why: &str| {
            Err(format!(
                "home page `{text}`: {why}; give the https address of the system where the candidates' names are accounts (your HR system or LMS), such as https://lms.example.com"
            ))
        };
        let Ok(uri) = text.parse::<ureq::http::Uri>() else {
            return refuse("not a web address");
        };
        if uri.scheme_str() != Some("https") {
            return refuse("not an https address");
        }
        if uri.host().is_none_or(str::is_empty) {
            return refuse("no host");
        }
        Ok(HomePage(text.to_owned()))
    }

    /// The address, as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether a candidate's name is an e-mail address (then the actor is identified by `mbox`): one
/// `@` with something before it, a dotted domain after it, no spaces.
fn email(candidate: &str) -> Option<&str> {
    let (local, domain) = candidate.split_once('@')?;
    let plain = !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !candidate
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == ':');
    plain.then_some(candidate)
}

/// The actor of a candidate's statements: an `mbox` when the candidate's name is an e-mail
/// address, else an account at `home_page`.
pub fn actor(candidate: &str, home_page: &HomePage) -> Value {
    match email(candidate) {
        Some(address) => json!({
            "objectType": "Agent",
            "name": candidate,
            "mbox": format!("mailto:{address}"),
        }),
        None => json!({
            "objectType": "Agent",
            "name": candidate,
            "account": { "homePage": home_page.as_str(), "name": candidate },
        }),
    }
}

/// What identifies one attempt: its signature (every stored result is signed), else — for a result
/// not yet signed — its JSON text.
fn attempt_identity(r: &AssessmentResult) -> String {
    match &r.signature {
        Some(s) => s.value.clone(),
        None => serde_json::to_string(r).unwrap_or_default(),
    }
}

/// The registration of an attempt: every statement of one attempt carries it.
pub fn registration(r: &AssessmentResult) -> Uuid {
    Uuid::new_v5(&namespace(), format!("registration:{}", attempt_identity(r)).as_bytes())
}

/// The id of the statement about scenario number `position` (from 1) of an attempt.
pub fn scenario_statement_id(r: &AssessmentResult, position: usize, scenario: &str) -> Uuid {
    Uuid::new_v5(
        &namespace(),
        format!("scenario:{position}:{scenario}:{}", attempt_identity(r)).as_bytes(),
    )
}

/// The id of the statement about the assessment as a whole of an attempt.
pub fn assessment_statement_id(r: &AssessmentResult) -> Uuid {
    Uuid::new_v5(&namespace(), format!("assessment:{}", attempt_identity(r)).as_bytes())
}

fn verb(id: &str) -> Value {
    json!({ "id": format!("http://adlnet.gov/expapi/verbs/{id}"), "display": { "en-US": id } })
}

fn duration(ms: u64) -> String {
    format!("PT{}.{:03}S", ms / 1000, ms % 1000)
}

/// Every statement of a set of results, in order: for each result, its scenarios, then the
/// assessment (`passed` or `failed`).
pub fn statements(results: &[AssessmentResult], home_page: &HomePage) -> Vec<Value> {
    let mut out = Vec::new();
    for r in results {
        let actor = actor(&r.candidate, home_page);
        let registration = registration(r).to_string();
        let assessment_id = format!("{ACTIVITY}:{}", r.assessment);
        let parent = json!({
            "objectType": "Activity",
            "id": assessment_id,
            "definition": {
                "name": { "en-US": r.assessment_name },
                "type": "http://adlnet.gov/expapi/activities/assessment",
            },
        });
        for (k, run) in r.runs.iter().enumerate() {
            let res = &run.result;
            let score = res.score;
            out.push(json!({
                "id": scenario_statement_id(r, k + 1, &run.scenario).to_string(),
                "actor": actor,
                "verb": verb("completed"),
                "object": {
                    "objectType": "Activity",
                    "id": format!("{assessment_id}:scenario:{}", run.scenario),
                    "definition": {
                        "name": { "en-US": res.title },
                        "type": "http://adlnet.gov/expapi/activities/simulation",
                    },
                },
                "result": {
                    "score": { "scaled": f64::from(score) / 100.0, "raw": score, "min": 0, "max": 100 },
                    "success": res.outcome.closes_deal(),
                    "completion": true,
                    "duration": duration(run.meeting_ms()),
                },
                "context": {
                    "registration": registration,
                    "platform": "kam-sim",
                    "language": r.language,
                    "contextActivities": { "parent": [parent] },
                    "extensions": {
                        "urn:kam-sim:competencies": res.competencies,
                        "urn:kam-sim:mistakes": res.mistakes.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
                        "urn:kam-sim:seed": run.seed,
                    },
                },
                "timestamp": r.finished_at,
            }));
        }
        let s = &r.summary;
        out.push(json!({
            "id": assessment_statement_id(r).to_string(),
            "actor": actor,
            "verb": verb(if s.passed { "passed" } else { "failed" }),
            "object": parent,
            "result": {
                "score": { "scaled": f64::from(s.average_score) / 100.0, "raw": s.average_score, "min": 0, "max": 100 },
                "success": s.passed,
                "completion": true,
                "duration": duration(s.meeting_ms),
            },
            "context": {
                "registration": registration,
                "platform": "kam-sim",
                "language": r.language,
                "extensions": {
                    "urn:kam-sim:competencies": s.competencies,
                    "urn:kam-sim:profile": r.target.id,
                    "urn:kam-sim:simulated": r.played_by.is_simulated(),
                    "urn:kam-sim:time_allowance": r.time_allowance.id(),
                    "urn:kam-sim:signature": r.signature.as_ref().map(|x| x.value.clone()),
                },
            },
            "timestamp": r.finished_at,
        }));
    }
    out
}

/// What identifies one practice run: the player, when it was played, the scenario, the seed and
/// every input (two runs differ in at least one).
fn practice_identity(run: &PracticeRun) -> String {
    format!(
        "{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}",
        run.player,
        run.played_at,
        run.result.scenario,
        run.result.seed,
        serde_json::to_string(&run.inputs).unwrap_or_default()
    )
}

/// The id of the statement about a practice run (also its registration: one run, one attempt).
pub fn practice_statement_id(run: &PracticeRun) -> Uuid {
    Uuid::new_v5(&namespace(), format!("practice:{}", practice_identity(run)).as_bytes())
}

/// One statement per practice run of a journal: the player `completed` the scenario, with its score,
/// competencies and mistakes, at the time the run was played.
pub fn practice_statements(runs: &[PracticeRun], home_page: &HomePage) -> Vec<Value> {
    runs.iter()
        .map(|run| {
            let res = &run.result;
            let id = practice_statement_id(run).to_string();
            let meeting_ms = res
                .transcript
                .last()
                .map_or(0, |t| (t.at_seconds * 1000.0).round() as u64);
            json!({
                "id": id,
                "actor": actor(&run.player, home_page),
                "verb": verb("completed"),
                "object": {
                    "objectType": "Activity",
                    "id": format!("urn:kam-sim:scenario:{}", res.scenario),
                    "definition": {
                        "name": { "en-US": res.title },
                        "type": "http://adlnet.gov/expapi/activities/simulation",
                    },
                },
                "result": {
                    "score": { "scaled": f64::from(res.score) / 100.0, "raw": res.score, "min": 0, "max": 100 },
                    "success": res.outcome.closes_deal(),
                    "completion": true,
                    "duration": duration(meeting_ms),
                },
                "context": {
                    "registration": id,
                    "platform": "kam-sim",
                    "language": run.language,
                    "extensions": {
                        "urn:kam-sim:practice": true,
                        "urn:kam-sim:competencies": res.competencies,
                        "urn:kam-sim:mistakes": res.mistakes.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
                        "urn:kam-sim:seed": res.seed,
                    },
                },
                "timestamp": run.played_at,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_home_page_must_be_an_https_address_with_a_host() {
        assert!(HomePage::parse("https://lms.example.com").is_ok());
        assert!(HomePage::parse("https://lms.example.com/people").is_ok());
        for bad in [
            "urn:kam-sim",
            "http://lms.example.com",
            "lms.example.com",
            "https://",
            "",
        ] {
            assert!(HomePage::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_candidate_named_by_an_email_address_is_an_mbox_and_others_are_accounts() {
        let home = HomePage::parse("https://hr.example.com").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(actor("ana@example.com", &home)["mbox"], "mailto:ana@example.com");
        for name in [
            "Ana Souza",
            "ana@localhost",
            "@example.com",
            "ana souza@example.com",
            "a@b@c.com",
        ] {
            let a = actor(name, &home);
            assert!(a.get("mbox").is_none(), "{name}");
            assert_eq!(a["account"]["homePage"], "https://hr.example.com", "{name}");
            assert_eq!(a["account"]["name"], name);
        }
    }
}
