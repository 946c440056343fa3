//! Golden playthroughs: scenario + seed + timed inputs → expected ending, score, mistakes, profile.
//! Each file in `tests/golden/` was reviewed by hand when it was written; a change in any number is
//! a change in behaviour that must be deliberate.

use std::collections::BTreeMap;

use kam_sim::core::engine::Session;
use kam_sim::core::inputs::TimedInput;
use kam_sim::core::load::load_ron_file;
use kam_sim::core::result::result_of;
use kam_sim::core::vocab::Severity;
use serde::Deserialize;

use crate::{root, shipped};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Golden {
    scenario: String,
    seed: u64,
    inputs: Vec<TimedInput>,
    expect: Expect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    ending: String,
    score: u8,
    mistakes: Vec<ExpectedMistake>,
    competencies: BTreeMap<String, u8>,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
struct ExpectedMistake {
    id: String,
    severity: Severity,
    node: Option<String>,
    at_seconds: f64,
}

#[test]
fn golden_playthroughs_replay_exactly() {
    let dir = root().join("tests/golden");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 5, "expected the golden files in {}", dir.display());
    for path in files {
        let golden: Golden = load_ron_file(&path).unwrap_or_else(|r| panic!("{}", r.render()));
        let mut session = Session::new(shipped(&golden.scenario), golden.seed);
        for input in &golden.inputs {
            session
                .apply(input)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
        let result = result_of(&session, None).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path.file_name().unwrap().to_string_lossy();
        let mistakes: Vec<ExpectedMistake> = result
            .mistakes
            .iter()
            .map(|m| ExpectedMistake {
                id: m.id.to_owned(),
                severity: m.severity,
                node: m.node.clone(),
                at_seconds: m.at_seconds,
            })
            .collect();
        assert_eq!(mistakes, golden.expect.mistakes, "{name}: mistakes");
        assert_eq!(result.ending, golden.expect.ending, "{name}: ending");
        assert_eq!(result.competencies, golden.expect.competencies, "{name}: competencies");
        assert_eq!(result.score, golden.expect.score, "{name}: score");
    }
}

#[test]
fn every_shipped_scenario_has_a_best_path_golden_that_scores_the_analyzers_maximum() {
    use kam_sim::core::analysis::{NamedWorld, analyze_worlds};
    use kam_sim::core::rules::World;
    for id in crate::shipped_ids() {
        let path = root().join("tests/golden").join(format!("{id}_best.ron"));
        let golden: Golden = load_ron_file(&path).unwrap_or_else(|r| panic!("{id}: {}", r.render()));
        let c = shipped(&id);
        let world = World::from_seed(&c, golden.seed);
        let analysis = analyze_worlds(
            &c,
            &[NamedWorld {
                name: "seed".into(),
                world,
            }],
        );
        let best = analysis.score.map(|s| s.max);
        assert_eq!(Some(golden.expect.score), best, "{id}: the golden is not the best path");
        assert!(
            golden.expect.mistakes.is_empty(),
            "{id}: the best path makes no mistake"
        );
    }
}
