//! Broken scenario files are reported at the right line with the right words: each file in
//! `tests/broken/` is compared with its expected rendering (`.txt`), exactly as `kam-sim check`
//! prints it. Run with `UPDATE_EXPECT=1` to rewrite the expectations after a deliberate change,
//! then review the diff.

use kam_sim::core::diagnostic::Level;
use kam_sim::core::load::load_scenario_text;

use crate::root;

#[test]
fn broken_files_render_exactly_as_expected() {
    let dir = root().join("tests/broken");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    assert!(files.len() >= 10);
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for path in files {
        let name = format!("tests/broken/{}", path.file_name().unwrap().to_string_lossy());
        let text = std::fs::read_to_string(&path).unwrap();
        let rendered = load_scenario_text(&name, &text).report.render();
        let expected_path = path.with_extension("txt");
        if update {
            std::fs::write(&expected_path, &rendered).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if rendered != expected {
            failures.push(format!("--- {name}: expected\n{expected}\n--- got\n{rendered}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Position and code of every finding in a broken file.
fn findings(file: &str) -> Vec<(usize, usize, Level, &'static str)> {
    let text = std::fs::read_to_string(root().join("tests/broken").join(file)).unwrap();
    let report = load_scenario_text(file, &text).report;
    report
        .diagnostics
        .iter()
        .map(|d| {
            let (line, column) = report.position(d);
            (line, column, d.level, d.code)
        })
        .collect()
}

#[test]
fn an_unknown_next_node_is_reported_at_the_reference() {
    assert_eq!(
        findings("unknown_next_node.ron"),
        [(29, 104, Level::Error, "kam::scenario::unknown_node")]
    );
}

#[test]
fn a_misspelt_competency_is_a_ron_error_naming_the_alternatives() {
    let text = std::fs::read_to_string(root().join("tests/broken/unknown_competency.ron")).unwrap();
    let report = load_scenario_text("x.ron", &text).report;
    let d = &report.diagnostics[0];
    assert_eq!(d.code, "kam::ron::unknown_variant");
    assert_eq!(d.message, "`listenning` is not a valid value for a competency");
    let help = d.help.as_deref().unwrap_or("");
    assert!(
        help.starts_with("use one of: ") && help.contains(" listening,"),
        "{help}"
    );
    assert_eq!(report.position(d), (29, 82));
}

#[test]
fn a_syntax_error_points_at_the_line_after_the_missing_comma() {
    assert_eq!(findings("syntax_missing_comma.ron")[0].0, 6);
}

#[test]
fn graph_problems_are_errors_or_warnings_as_documented() {
    let found = findings("dead_end_and_unreachable.ron");
    assert!(
        found.contains(&(43, 17, Level::Error, "kam::scenario::dead_end")),
        "{found:?}"
    );
    assert!(
        found.contains(&(43, 17, Level::Warning, "kam::scenario::unreachable_node")),
        "{found:?}"
    );
    let cycle = findings("no_way_to_ending.ron");
    assert!(
        cycle
            .iter()
            .filter(|f| f.3 == "kam::scenario::no_way_to_ending")
            .count()
            == 2,
        "{cycle:?}"
    );
    assert!(
        cycle
            .iter()
            .filter(|f| f.3 == "kam::scenario::ending_never_reached")
            .count()
            == 2,
        "{cycle:?}"
    );
}
