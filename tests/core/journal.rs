//! The practice journal: a run recorded is read back into the same result, and replays exactly.

use kam_sim::core::engine::Session;
use kam_sim::core::policy::{self, Policy};
use kam_sim::core::result::result_of;
use kam_sim::results::journal::{Journal, PracticeRun};

use super::shipped;

#[test]
fn a_recorded_practice_run_reads_back_and_replays_to_the_same_result() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let scenario = shipped("silent_prospect_close");
    let session = policy::play(scenario.clone(), 11, Policy::Random).unwrap();
    let result = result_of(&session, None).unwrap();
    let run = PracticeRun {
        player: "Ana".into(),
        played_at: "2026-12-01T10:00:00Z".into(),
        language: "pt".into(),
        inputs: session.played_inputs_ms(),
        result: result.clone(),
    };
    Journal::open(&path).unwrap().record(&run).unwrap();
    // Another process, later: the journal holds the run as it was.
    let runs = Journal::open(&path).unwrap().runs("Ana").unwrap();
    assert_eq!(runs, std::slice::from_ref(&run));
    let mut again = Session::new(scenario, result.seed);
    for (at_ms, action) in &runs[0].inputs {
        again.apply_at_ms(*at_ms, action).unwrap();
    }
    assert_eq!(
        result_of(&again, None).unwrap(),
        result,
        "the recorded inputs replay exactly"
    );
    assert!(Journal::open(dir.path()).is_err(), "a folder is refused");
}

#[test]
fn each_practice_run_is_one_xapi_statement_with_its_own_id_at_the_time_it_was_played() {
    use kam_sim::results::xapi::{HomePage, practice_statements};
    let scenario = shipped("silent_prospect_close");
    let runs: Vec<PracticeRun> = [
        (11, "2026-12-01T10:00:00Z"),
        (11, "2026-12-02T09:30:00Z"),
        (12, "2026-12-02T09:30:00Z"),
    ]
    .into_iter()
    .map(|(seed, played_at)| {
        let session = policy::play(scenario.clone(), seed, Policy::Random).unwrap();
        PracticeRun {
            player: "ana@example.com".into(),
            played_at: played_at.into(),
            language: "pt".into(),
            inputs: session.played_inputs_ms(),
            result: result_of(&session, None).unwrap(),
        }
    })
    .collect();
    let home = HomePage::parse("https://hr.example.com").unwrap();
    let statements = practice_statements(&runs, &home);
    assert_eq!(statements.len(), 3);
    let ids: std::collections::BTreeSet<&str> = statements.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 3, "the same scenario played again is another statement");
    assert_eq!(
        practice_statements(&runs, &home),
        statements,
        "sent again, the same statements"
    );
    for (s, run) in statements.iter().zip(&runs) {
        assert_eq!(s["timestamp"], run.played_at.as_str(), "when it was played");
        assert_eq!(s["actor"]["mbox"], "mailto:ana@example.com");
        assert_eq!(s["result"]["score"]["raw"], run.result.score);
        assert_eq!(s["context"]["language"], "pt");
        assert_eq!(s["context"]["extensions"]["urn:kam-sim:practice"], true);
    }
}
