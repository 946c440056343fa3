//! Every shipped scenario is clean for `check` and `analyze`, and the sample set covers every kind.

use std::collections::BTreeSet;

use kam_sim::core::analysis::analyze;
use kam_sim::core::load::load_scenario_file;

use crate::{root, shipped, shipped_ids};

#[test]
fn shipped_scenarios_have_no_errors_or_warnings() {
    for id in shipped_ids() {
        let loaded = load_scenario_file(&root().join("scenarios").join(format!("{id}.ron")));
        assert!(loaded.report.diagnostics.is_empty(), "{}", loaded.report.render());
        assert_eq!(
            loaded.scenario.map(|s| s.source.id.clone()),
            Some(id.clone()),
            "file name and id must match"
        );
    }
}

#[test]
fn shipped_scenarios_analyze_without_warnings_and_reach_every_ending() {
    for id in shipped_ids() {
        let analysis = analyze(&shipped(&id));
        assert_eq!(analysis.warnings(), Vec::<String>::new(), "{id}");
        assert!(analysis.endings.iter().all(|e| e.reachable), "{id}");
        let score = analysis.score.expect("finishes");
        assert!(score.max > score.min, "{id}");
    }
}

#[test]
fn the_samples_cover_all_three_kinds() {
    let kinds: BTreeSet<&str> = shipped_ids().iter().map(|id| shipped(id).source.kind.id()).collect();
    assert_eq!(
        kinds,
        BTreeSet::from(["difficult_meeting", "negotiation", "tender_pitch"])
    );
}

#[test]
fn the_target_profiles_load() {
    for id in ["kam_target", "junior_account_manager"] {
        let p = kam_sim::core::profile::load_profile(id, &root().join("profiles"))
            .unwrap_or_else(|r| panic!("{}", r.render()));
        assert_eq!(p.id, id);
        assert_eq!(p.levels.len(), 12, "{id} sets a level for every competency");
    }
}

#[test]
fn the_example_in_the_format_documentation_is_clean() {
    let doc = std::fs::read_to_string(root().join("docs/scenario-format.md")).unwrap();
    let start = doc.find("```ron\n").expect("a RON example") + "```ron\n".len();
    let end = start + doc[start..].find("\n```").unwrap();
    let loaded = kam_sim::core::load::load_scenario_text("docs/scenario-format.md", &doc[start..end]);
    assert!(loaded.report.diagnostics.is_empty(), "{}", loaded.report.render());
    let analysis = analyze(&loaded.scenario.unwrap());
    assert_eq!(analysis.warnings(), Vec::<String>::new());
    assert!(analysis.endings.iter().all(|e| e.reachable));
}
