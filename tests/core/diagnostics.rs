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

/// Two copies of a shipped scenario in a folder, one of them named after nothing.
fn two_files_with_one_id() -> (tempfile::TempDir, Vec<std::path::PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("scenarios/silent_prospect_close.ron")).unwrap();
    let files = vec![
        dir.path().join("silent_prospect_close.ron"),
        dir.path().join("copy_of_silent.ron"),
    ];
    for f in &files {
        std::fs::write(f, &text).unwrap();
    }
    (dir, files)
}

#[test]
fn two_files_with_one_id_and_a_file_named_other_than_its_id_are_reported_at_the_id() {
    use kam_sim::core::catalog::{load_together, scenario_files};
    let (dir, _) = two_files_with_one_id();
    let loaded = load_together(&scenario_files(dir.path()));
    assert_eq!(loaded.len(), 2);
    let (path, copy) = &loaded[0];
    assert!(path.ends_with("copy_of_silent.ron"), "sorted by path");
    assert_eq!(copy.report.errors(), 0, "the first file with the id is not in error");
    let codes: Vec<_> = copy.report.diagnostics.iter().map(|d| (d.level, d.code)).collect();
    assert!(
        codes.contains(&(Level::Warning, "kam::scenario::file_name_differs")),
        "{codes:?}"
    );
    let (_, original) = &loaded[1];
    let d = original
        .report
        .diagnostics
        .iter()
        .find(|d| d.code == "kam::scenario::duplicate_scenario_id")
        .expect("the second file with the id is in error");
    assert_eq!(d.level, Level::Error);
    assert_eq!(
        d.message,
        format!(
            "`silent_prospect_close` is also the id of {}",
            dir.path().join("copy_of_silent.ron").display()
        )
    );
    assert_eq!(original.report.position(d), (6, 9), "at the id's value");
    let rendered = copy.report.render().replace(&dir.path().display().to_string(), "DIR");
    assert_eq!(
        rendered,
        "kam::scenario::file_name_differs

  \u{26a0} the file is named `copy_of_silent.ron` but the scenario's id is `silent_prospect_close`
   \u{256d}\u{2500}[DIR/copy_of_silent.ron:6:9]
 5 \u{2502} Scenario(
 6 \u{2502}     id: \"silent_prospect_close\",
   \u{b7}         \u{2500}\u{2500}\u{2500}\u{2500}\u{2500}\u{2500}\u{2500}\u{2500}\u{2500}\u{2500}\u{2500}\u{252c}\u{2500}\u{2500}\u{2500}\u{2500}\u{2500}\u{2500}\u{2500}\u{2500}\u{2500}\u{2500}\u{2500}
   \u{b7}                    \u{2570}\u{2500}\u{2500} the id
 7 \u{2502}     kind: negotiation,
   \u{2570}\u{2500}\u{2500}\u{2500}\u{2500}
  help: rename the file `silent_prospect_close.ron`: `kam-sim run silent_prospect_close` looks for
        that name first
"
    );
}

#[test]
fn running_an_id_two_files_share_is_refused_naming_the_other_file() {
    use kam_sim::core::catalog::find_scenario;
    let (dir, files) = two_files_with_one_id();
    std::fs::rename(&files[0], dir.path().join("other_name.ron")).unwrap();
    let found = find_scenario("silent_prospect_close", dir.path());
    assert!(found.scenario.is_none(), "not one of the two picked at random");
    let rendered = found.report.render();
    assert!(rendered.contains("kam::scenario::duplicate_scenario_id"), "{rendered}");
    assert!(rendered.contains("is also the id of"), "{rendered}");
}

#[test]
fn inputs_files_named_as_such_are_skipped_beside_the_scenarios() {
    use kam_sim::core::catalog::scenario_files;
    use kam_sim::core::content::ids_in;
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("scenarios/silent_prospect_close.ron"),
        dir.path().join("silent_prospect_close.ron"),
    )
    .unwrap();
    std::fs::copy(
        root().join("tests/broken/inputs_file_as_scenario.ron"),
        dir.path().join("first_try.inputs.ron"),
    )
    .unwrap();
    assert_eq!(
        scenario_files(dir.path()),
        [dir.path().join("silent_prospect_close.ron")]
    );
    assert_eq!(ids_in(dir.path()), ["silent_prospect_close"]);
}
