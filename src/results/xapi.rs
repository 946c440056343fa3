//! xAPI statements for a learning record store: one per scenario played and one per assessment.
//!
//! The mapping is documented in `docs/assessment.md`.

use serde_json::{Value, json};

use crate::core::assessment::AssessmentResult;

/// Activity ids are URNs under this prefix.
const ACTIVITY: &str = "urn:kam-sim:assessment";
/// The `homePage` of the candidates' accounts.
const HOME: &str = "urn:kam-sim";

fn verb(id: &str) -> Value {
    json!({ "id": format!("http://adlnet.gov/expapi/verbs/{id}"), "display": { "en-US": id } })
}

fn duration(ms: u64) -> String {
    format!("PT{}.{:03}S", ms / 1000, ms % 1000)
}

/// Every statement of a set of results, in order: for each result, its scenarios, then the
/// assessment (`passed` or `failed`).
pub fn statements(results: &[AssessmentResult]) -> Vec<Value> {
    let mut out = Vec::new();
    for r in results {
        let actor = json!({
            "objectType": "Agent",
            "name": r.candidate,
            "account": { "homePage": HOME, "name": r.candidate },
        });
        let assessment_id = format!("{ACTIVITY}:{}", r.assessment);
        let parent = json!({
            "objectType": "Activity",
            "id": assessment_id,
            "definition": {
                "name": { "en-US": r.assessment_name },
                "type": "http://adlnet.gov/expapi/activities/assessment",
            },
        });
        for run in &r.runs {
            let res = &run.result;
            let score = res.score;
            out.push(json!({
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
                "extensions": {
                    "urn:kam-sim:competencies": s.competencies,
                    "urn:kam-sim:profile": r.target.id,
                    "urn:kam-sim:simulated": r.played_by.is_simulated(),
                    "urn:kam-sim:language": r.language,
                    "urn:kam-sim:signature": r.signature.as_ref().map(|x| x.value.clone()),
                },
            },
            "timestamp": r.finished_at,
        }));
    }
    out
}
