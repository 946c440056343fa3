//! xAPI statements for a learning record store: one per scenario played and one per assessment.
//!
//! The mapping is documented in `docs/assessment.md`.

use serde_json::{Value, json};

use super::report::{meeting_seconds, mistakes_of};
use crate::core::assessment::AssessmentResult;

/// Activity ids are URNs under this prefix.
const ACTIVITY: &str = "urn:kam-sim:assessment";
/// The `homePage` of the candidates' accounts.
const HOME: &str = "urn:kam-sim";

fn verb(id: &str) -> Value {
    json!({ "id": format!("http://adlnet.gov/expapi/verbs/{id}"), "display": { "en-US": id } })
}

fn duration(seconds: f64) -> String {
    format!("PT{seconds:.1}S")
}

/// Every statement of a set of results, in order: for each result, its scenarios, then the
/// assessment (`passed` or `failed`).
pub fn statements(results: &[AssessmentResult], timestamp: &str) -> Vec<Value> {
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
            let score = res.get("score").and_then(Value::as_u64).unwrap_or(0);
            let seconds = meeting_seconds(res);
            let outcome = res.get("outcome").and_then(Value::as_str).unwrap_or("");
            out.push(json!({
                "actor": actor,
                "verb": verb("completed"),
                "object": {
                    "objectType": "Activity",
                    "id": format!("{assessment_id}:scenario:{}", run.scenario),
                    "definition": {
                        "name": { "en-US": res.get("title").and_then(Value::as_str).unwrap_or(&run.scenario) },
                        "type": "http://adlnet.gov/expapi/activities/simulation",
                    },
                },
                "result": {
                    "score": { "scaled": score as f64 / 100.0, "raw": score, "min": 0, "max": 100 },
                    "success": outcome == "won" || outcome == "partial",
                    "completion": true,
                    "duration": duration(seconds),
                },
                "context": {
                    "contextActivities": { "parent": [parent] },
                    "extensions": {
                        "urn:kam-sim:competencies": res.get("competencies").cloned().unwrap_or(Value::Null),
                        "urn:kam-sim:mistakes": mistakes_of(res).filter_map(|m| m.get("id").cloned()).collect::<Vec<_>>(),
                        "urn:kam-sim:seed": run.seed,
                    },
                },
                "timestamp": timestamp,
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
                "duration": duration(s.meeting_seconds),
            },
            "context": {
                "extensions": {
                    "urn:kam-sim:competencies": s.competencies,
                    "urn:kam-sim:profile": r.profile,
                    "urn:kam-sim:signature": r.signature.as_ref().map(|x| x.value.clone()),
                },
            },
            "timestamp": timestamp,
        }));
    }
    out
}
