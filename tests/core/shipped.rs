//! Every shipped scenario is clean for `check` and `analyze`, and the sample set covers every kind.

use std::collections::BTreeSet;

use kam_sim::core::analysis::analyze;
use kam_sim::core::balance::{LibraryReport, LibraryRules, analyze_with_random, library_report, to_markdown};
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

fn library() -> LibraryReport {
    let analysed: Vec<_> = shipped_ids()
        .iter()
        .map(|id| {
            let c = shipped(id);
            let a = analyze_with_random(&c);
            (c, a)
        })
        .collect();
    library_report(&analysed, LibraryRules::default())
}

#[test]
fn the_library_meets_its_balance_and_coverage_rules() {
    let report = library();
    assert!(report.scenarios.len() >= 12, "twelve scenarios or more");
    assert_eq!(report.all_warnings(), Vec::<String>::new());
    // The rules themselves, restated so that weakening them is a visible change.
    for e in &report.scenarios {
        assert!((25..=80).contains(&e.nodes), "{}: {} nodes", e.id, e.nodes);
        assert!(e.best.is_some_and(|b| b >= 90), "{}: best {:?}", e.id, e.best);
        assert!(e.worst.is_some_and(|w| w <= 25), "{}: worst {:?}", e.id, e.worst);
        let median = e.random.map(|r| r.median);
        assert!(
            median.is_some_and(|m| (35..=60).contains(&m)),
            "{}: random median {median:?}",
            e.id
        );
        assert_eq!(e.endings_reachable, e.endings, "{}", e.id);
    }
    for row in report.mistakes.iter().chain(&report.competencies) {
        assert!(row.scenarios.len() >= 3, "{} covered by {:?}", row.id, row.scenarios);
    }
}

#[test]
fn the_scenario_table_in_the_docs_is_generated_and_current() {
    let committed = std::fs::read_to_string(root().join("docs/scenarios.md")).unwrap();
    assert!(
        committed == to_markdown(&library()),
        "docs/scenarios.md is out of date: run `kam-sim library --format markdown > docs/scenarios.md`"
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
