//! Scenarios that are valid but extreme: numbers at the integer limits are errors at their place, and
//! a state space too large to explore ends in a bounded, explained refusal — never a panic, a hang
//! or all the memory.

use kam_sim::core::analysis::analyze_within;
use kam_sim::core::load::load_scenario_text;

use crate::root;

/// The small scenario of `tests/broken/`, with `nodes` in place of its conversation.
fn scenario_with(variables: &str, nodes: &str, last: &str) -> String {
    let base = std::fs::read_to_string(root().join("tests/broken/floor_above_list.ron")).unwrap();
    let start = base.find("    start: \"hello\",").unwrap();
    let end = base.find("    endings: [").unwrap();
    let head = base[..start]
        .replace("floor_price: 110.0", "floor_price: 90.0")
        .replace("    deal: (", &format!("    variables: [{variables}],\n    deal: ("));
    format!(
        "{head}    start: \"n0\",\n    nodes: [\n{nodes}{last}    ],\n{}",
        &base[end..]
    )
}

#[test]
fn twenty_independent_flags_stop_the_analysis_at_its_budget_and_are_named() {
    let mut nodes = String::new();
    for i in 0..20 {
        nodes.push_str(&format!(
            "        (id: \"n{i}\", speaker: \"boss\", text: \"Question {i}?\", options: [
            (id: \"yes\", text: \"Yes.\", effects: [SetFlag(\"f{i}\"), Evidence(listening, 1)], next: \"n{}\"),
            (id: \"no\", text: \"No.\", next: \"n{}\"),
        ]),\n",
            i + 1,
            i + 1
        ));
    }
    let all: Vec<String> = (0..20).map(|i| format!("Flag(\"f{i}\")")).collect();
    let last = format!(
        "        (id: \"n20\", speaker: \"boss\", text: \"So?\", options: [
            (id: \"all\", text: \"All of it.\", when: [{}], next: \"won\"),
            (id: \"rest\", text: \"Some.\", next: \"lost\"),
        ]),\n",
        all.join(", ")
    );
    let text = scenario_with("", &nodes, &last);
    let loaded = load_scenario_text("flags.ron", &text);
    let c = loaded.scenario.unwrap_or_else(|| panic!("{}", loaded.report.render()));
    let a = analyze_within(&c, 20_000);
    let budget = a.budget_exceeded.as_ref().expect("2^20 states do not fit in 20,000");
    assert!(a.states <= 20_001, "stopped at the budget: {}", a.states);
    assert!(a.score.is_none(), "nothing exact is claimed");
    let flags = budget
        .multipliers
        .iter()
        .find(|m| m.kind == "flags")
        .expect("the flags are named");
    assert!(flags.id.contains("f0") && flags.id.contains("f19"), "{}", flags.id);
    assert_eq!(a.warnings().len(), 1);
    assert!(
        a.warnings()[0].contains("more than 20000 distinct states"),
        "{}",
        a.warnings()[0]
    );
}

#[test]
fn a_counter_with_many_values_is_named_with_its_declaration() {
    // Changes both ways and a threshold the counter can cross to the end: thousands of values the
    // last condition can still tell apart (values it could not tell apart would be merged).
    let mut nodes = String::new();
    for i in 0..14 {
        nodes.push_str(&format!(
            "        (id: \"n{i}\", speaker: \"boss\", text: \"Question {i}?\", options: [
            (id: \"up\", text: \"More.\", effects: [AddVar(\"rapport\", {})], next: \"n{}\"),
            (id: \"down\", text: \"Less.\", effects: [AddVar(\"rapport\", -{})], next: \"n{}\"),
            (id: \"same\", text: \"Same.\", next: \"n{}\"),
        ]),\n",
            1 << (i % 12),
            i + 1,
            1 << ((i + 5) % 12),
            i + 1,
            i + 1
        ));
    }
    let last = "        (id: \"n14\", speaker: \"boss\", text: \"So?\", options: [
            (id: \"close\", text: \"Deal?\", when: [VarAtLeast(\"rapport\", 1)], next: \"won\"),
            (id: \"leave\", text: \"Bye.\", next: \"lost\"),
        ]),\n";
    let text = scenario_with("(id: \"rapport\", start: 0)", &nodes, last);
    let loaded = load_scenario_text("counter.ron", &text);
    let c = loaded.scenario.unwrap_or_else(|| panic!("{}", loaded.report.render()));
    let a = analyze_within(&c, 2_000);
    let budget = a.budget_exceeded.expect("thousands of values");
    assert_eq!(budget.multipliers[0].kind, "variable");
    assert_eq!(budget.multipliers[0].id, "rapport");
    assert_eq!(budget.multipliers[0].declared_at, "variables[0].id");
}

#[test]
fn a_megabyte_long_unknown_id_is_reported_in_one_short_line() {
    let base = std::fs::read_to_string(root().join("tests/broken/unknown_next_node.ron")).unwrap();
    let huge = "q".repeat(4_000_000);
    let text = base.replacen("next: \"questoin\"", &format!("next: \"{huge}\""), 1);
    assert_ne!(text, base, "the fixture has the misspelt reference");
    let rendered = load_scenario_text("huge.ron", &text).report.render();
    assert!(rendered.len() < 1_000, "{} bytes", rendered.len());
    assert!(
        rendered.starts_with("error[kam::scenario::unknown_node]: huge.ron:29:104: no node or ending has the id `qqqq"),
        "{rendered}"
    );
    assert!(rendered.contains("… (4000000 characters)`"), "{rendered}");
}

#[test]
fn the_code_frame_and_the_json_give_the_same_line_and_column() {
    let base = std::fs::read_to_string(root().join("tests/broken/unknown_next_node.ron")).unwrap();
    // Accented text before the error on its line, and a lone carriage return on a line before it.
    let text = base
        .replacen("Good morning, Ms Boss.", "Bom dia, Sra. Conceição — açúcar?", 1)
        .replacen("// ", "// an old Mac line break:\r", 1);
    assert_ne!(text, base);
    let report = load_scenario_text("positions.ron", &text).report;
    let d = &report.diagnostics[0];
    let (line, column) = report.position(d);
    let json = &report.json_records()[0];
    assert_eq!((json.line, json.column), (line, column));
    let rendered = report.render();
    let header = format!("╭─[positions.ron:{line}:{column}]");
    assert!(rendered.contains(&header), "expected {header} in\n{rendered}");
    assert_eq!(line, 30, "the lone CR counts as a line break");
}

#[test]
fn a_combining_mark_before_a_field_name_is_reported_not_panicked_on() {
    // Found by the inputs_engine fuzz target (30-minute run): the field name in front of an error was
    // cut inside a two-byte combining mark (U+0333).
    let bytes = std::fs::read(root().join("tests/fixtures/fuzz-crash-field-before-combining-mark.bin")).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let parsed = kam_sim::core::load::load_ron_text::<kam_sim::core::inputs::InputsFile>("crash.ron", &text);
    let report = parsed.expect_err("not an inputs file");
    assert!(report.errors() > 0);
    let _ = report.render();
}
