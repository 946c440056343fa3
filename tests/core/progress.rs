//! Progress over the shipped library: what each scenario can catch, and where a new hire starts.

use kam_sim::core::model::Difficulty;
use kam_sim::core::progress::{ScenarioFacts, Session, recommend};
use kam_sim::core::scoring::Grade;
use kam_sim::core::vocab::MistakeKind;

use super::{shipped, shipped_ids};

fn library() -> Vec<ScenarioFacts> {
    shipped_ids().iter().map(|id| ScenarioFacts::of(&shipped(id))).collect()
}

#[test]
fn every_shipped_scenario_can_catch_an_interruption_and_measures_competencies() {
    for facts in library() {
        assert!(facts.catches.contains(&MistakeKind::Interrupting), "{}", facts.id);
        assert!(facts.catches.len() >= 4, "{}: {:?}", facts.id, facts.catches);
        assert!(!facts.measured.is_empty(), "{}", facts.id);
    }
}

#[test]
fn a_new_hire_starts_with_the_easiest_scenario_and_never_repeats_the_last_one() {
    let library = library();
    let first = recommend(&[], &library, None).unwrap();
    let easiest = library.iter().map(|f| f.difficulty).min().unwrap();
    let picked = library.iter().find(|f| f.id == first.scenario).unwrap();
    assert_eq!(picked.difficulty, easiest);
    assert!(easiest <= Difficulty::Intermediate);
    let played = Session {
        scenario: first.scenario.clone(),
        score: 45,
        grade: Grade::D,
        competencies: [("listening".to_owned(), 40)].into(),
        mistakes: vec!["interrupting".into()],
    };
    let next = recommend(&[played.clone(), Session { ..played.clone() }], &library, None).unwrap();
    assert_ne!(next.scenario, first.scenario, "not the one just played");
    assert!(
        next.reason
            .contains("interrupting came back in 2 of your last 2 sessions"),
        "{}",
        next.reason
    );
}
