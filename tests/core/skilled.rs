//! The simulated candidate of `--policy skilled`: its skill shows in its scores, and it is as
//! reproducible as every other automatic player.

use kam_sim::core::engine::Session;
use kam_sim::core::policy::{Skill, play_skilled};
use kam_sim::core::result::result_of;

use crate::shipped;

fn mean_score(id: &str, theta: f64, runs: u64) -> f64 {
    let c = shipped(id);
    let skill = Skill::new(theta).unwrap();
    let total: u64 = (0..runs)
        .map(|k| {
            let s = play_skilled(c.clone(), 11, k, skill).unwrap();
            u64::from(result_of(&s, None).unwrap().score)
        })
        .sum();
    total as f64 / runs as f64
}

#[test]
fn a_more_skilled_candidate_scores_higher_on_average() {
    let low = mean_score("inherited_account_first_meeting", -2.0, 20);
    let middle = mean_score("inherited_account_first_meeting", 0.0, 20);
    let high = mean_score("inherited_account_first_meeting", 2.0, 20);
    assert!(
        low + 10.0 < middle && middle + 10.0 < high,
        "θ −2: {low}, 0: {middle}, +2: {high}"
    );
}

#[test]
fn a_skilled_candidate_plays_the_same_for_the_same_seeds_and_its_inputs_replay_to_the_same_result() {
    let c = shipped("breadwinner_discount_squeeze");
    let skill = Skill::new(0.4).unwrap();
    let a = play_skilled(c.clone(), 23, 5, skill).unwrap();
    let b = play_skilled(c.clone(), 23, 5, skill).unwrap();
    assert_eq!(a.played_inputs_ms(), b.played_inputs_ms());
    let mut replayed = Session::new(c.clone(), 23);
    for (at, action) in a.played_inputs_ms() {
        replayed.apply_at_ms(at, &action).unwrap();
    }
    assert_eq!(result_of(&replayed, None).unwrap(), result_of(&a, None).unwrap());
    let others: Vec<_> = (6..12)
        .map(|k| play_skilled(c.clone(), 23, k, skill).unwrap().played_inputs_ms())
        .collect();
    assert!(
        others.iter().any(|o| *o != a.played_inputs_ms()),
        "other seeds, other choices"
    );
}

#[test]
fn a_skill_is_a_number_within_four_standard_deviations() {
    assert!(Skill::new(4.0).is_ok() && Skill::new(-4.0).is_ok());
    for bad in [4.5, -9.0, f64::NAN, f64::INFINITY] {
        assert!(Skill::new(bad).is_err(), "{bad}");
    }
    assert!("abc".parse::<Skill>().unwrap_err().contains("not `abc`"));
    assert!(Skill::new(-2.0).unwrap().inverse_temperature() < Skill::new(2.0).unwrap().inverse_temperature());
    assert!(Skill::new(-2.0).unwrap().slip_probability() > Skill::new(2.0).unwrap().slip_probability());
}
