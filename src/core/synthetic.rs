//! Large synthetic scenarios for benchmarks and stress tests.
//!
//! The generator writes RON text (so benchmarks measure the real loader) for a layered conversation:
//! layers of 20 nodes, three options per node into the next layer, conditions on flags and studied
//! facts, tagged mistakes, deal moves and a timer on every fifth node.

use std::fmt::Write;

const WIDTH: usize = 20;
const COMPETENCIES: [&str; 6] = [
    "listening",
    "negotiation",
    "persuasion",
    "composure",
    "strategic_thinking",
    "information_gathering",
];

/// The end of both generated scenarios: the node list closed, and four endings, one per outcome.
const ENDINGS: &str = r#"    ],
    endings: [
        (id: "end0", outcome: won, title: "Won", text: "Won."),
        (id: "end1", outcome: partial, title: "Partly won", text: "Partly."),
        (id: "end2", outcome: postponed, title: "Postponed", text: "Later."),
        (id: "end3", outcome: lost, title: "Lost", text: "Lost."),
    ],
)
"#;

/// A seeded die: `next(n)` is a number in `0..n` (xorshift64: deterministic and dependency-free).
fn dice(seed: u64) -> impl FnMut(usize) -> usize {
    let mut rng = seed | 1;
    move |n: usize| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng % n as u64) as usize
    }
}

/// RON text of a valid scenario with about `nodes` nodes (rounded up to whole layers of 20).
pub fn synthetic_scenario(nodes: usize, seed: u64) -> String {
    let layers = nodes.div_ceil(WIDTH).max(1);
    let mut next = dice(seed);
    let mut out = String::with_capacity(nodes * 700);
    out.push_str(
        r#"Scenario(
    id: "synthetic",
    kind: negotiation,
    title: "Synthetic benchmark scenario",
    summary: "Generated.",
    difficulty: expert,
    expected_minutes: 30,
    language: "en",
    competencies: [listening, negotiation],
    client: (company: "Synthetic Ltd", industry: "Benchmarks", summary: "Generated.", revenue_share_percent: 25, group: breadwinner),
    stakeholders: [
        (id: "a", name: "Alex A", title: "CEO", role: executive, style: dominant, trust: (40, 60), mood: (40, 60), patience_seconds: 3),
        (id: "b", name: "Bea B", title: "CFO", role: finance, style: analytical, trust: (30, 50), mood: (50, 70), patience_seconds: 5),
    ],
    preparation: (starts_at: "08:00", budget_minutes: 40, dossier: [
"#,
    );
    for i in 0..6 {
        let category = ["client", "people", "deal", "product", "plan", "client"][i];
        let _ = writeln!(
            out,
            "        (id: \"fact{i}\", title: \"Fact {i}\", text: \"Text {i}.\", minutes: {}, category: {category}),",
            5 + i * 2
        );
    }
    out.push_str(
        r#"    ]),
    schedule: (meeting_at: "09:00", place: "HQ", travel: [
        (id: "taxi", label: "Taxi", minutes: 20, delay: (0, 15)),
        (id: "metro", label: "Metro", minutes: 30, delay: (0, 3)),
    ]),
    deal: (currency: "EUR", unit: "unit", list_price: 100.0, floor_price: 85.0, payment_days: 30, volume: 1000, term_months: 12),
    variables: [(id: "goodwill", start: 0)],
    start: "hub",
    nodes: [
"#,
    );
    // A narrated hub leads to every node of the first layer, so that every node is reachable.
    out.push_str("        (id: \"hub\", text: \"Where to begin?\", seconds: 2.0, options: [");
    for j in 0..WIDTH {
        let _ = write!(
            out,
            "(id: \"to{j}\", text: \"Topic {j}.\", effects: [Evidence(listening, 1)], next: \"n0_{j}\"), "
        );
    }
    out.push_str("]),\n");
    for layer in 0..layers {
        for j in 0..WIDTH {
            let speaker = if (layer + j) % 3 == 0 {
                "None"
            } else if j % 2 == 0 {
                "\"a\""
            } else {
                "\"b\""
            };
            let relies = if next(7) == 0 {
                format!("\"fact{}\"", next(6))
            } else {
                String::new()
            };
            let _ = write!(
                out,
                "        (id: \"n{layer}_{j}\", speaker: {speaker}, text: \"Line {layer} {j} with a few words to say.\", seconds: {}.0, relies_on: [{relies}], options: [",
                2 + next(6)
            );
            for o in 0..3 {
                let target = if layer + 1 == layers {
                    format!("end{}", next(4))
                } else if o == 0 {
                    format!("n{}_{j}", layer + 1)
                } else {
                    format!("n{}_{}", layer + 1, next(WIDTH))
                };
                let when = match (o, next(4)) {
                    (0, _) => String::new(),
                    (_, 0) => "Flag(\"f1\")".into(),
                    (_, 1) => format!("Studied(\"fact{}\")", next(6)),
                    (_, 2) => "VarAtLeast(\"goodwill\", 1)".into(),
                    _ => String::new(),
                };
                let comp = COMPETENCIES[next(COMPETENCIES.len())];
                let points = next(11) as i32 - 5;
                let points = if points == 0 { 1 } else { points };
                let extra = match next(6) {
                    0 => "Mistake(arguing, major), ".to_owned(),
                    1 => "SetFlag(\"f1\"), ".to_owned(),
                    2 => "AddVar(\"goodwill\", 1), ".to_owned(),
                    3 => "DiscountPercent(2.0), SetVolume(1200), ".to_owned(),
                    _ => String::new(),
                };
                let explain = if extra.starts_with("Mistake") {
                    ", explain: (happened: \"You argued.\", cost: \"It costs.\", better: \"Listen.\")"
                } else {
                    ""
                };
                let _ = write!(
                    out,
                    "(id: \"o{o}\", text: \"Answer {o}.\", when: [{when}], effects: [{extra}Evidence({comp}, {points})]{explain}, next: \"{target}\"), "
                );
            }
            out.push(']');
            if j % 5 == 4 {
                let target = if layer + 1 == layers {
                    "end3".to_owned()
                } else {
                    format!("n{}_{j}", layer + 1)
                };
                let _ = write!(
                    out,
                    ", timer: (seconds: 8.0, effects: [Evidence(composure, -2)], next: \"{target}\")"
                );
            }
            out.push_str("),\n");
        }
    }
    out.push_str(ENDINGS);
    out
}

/// Variables of [`counter_scenario`].
const COUNTERS: [&str; 6] = [
    "rapport",
    "objections",
    "concessions",
    "interest",
    "pressure",
    "trust_built",
];

/// RON text of a valid scenario with the shape of a conversation that counts things (rapport,
/// objections raised, concessions made): `nodes` narrated moments in a directed acyclic graph, three
/// options per moment, each leading one to ten moments ahead (past the last one, to an ending; a few
/// moments are left unreached, as in the measurements of the issue this reproduces); six
/// integer variables starting at 0–3; every option adds −2…+3 (never 0) to one or two of them; a fifth of the
/// options are guarded by `VarAtLeast(v, 1..5)` or `VarBelow(v, 0..4)` (never the first option of a
/// moment, so no moment is a dead end). The state space the analyzer meets grows with the values
/// the variables can take: see `docs/performance.md`, "Analysis at scale".
pub fn counter_scenario(nodes: usize, seed: u64) -> String {
    let nodes = nodes.max(1);
    let mut next = dice(seed);
    let mut out = String::with_capacity(nodes * 600);
    out.push_str(
        r#"Scenario(
    id: "counters",
    kind: negotiation,
    title: "Synthetic conversation with counters",
    summary: "Generated.",
    difficulty: expert,
    expected_minutes: 30,
    language: "en",
    competencies: [listening, negotiation],
    client: (company: "Synthetic Ltd", industry: "Benchmarks", summary: "Generated.", revenue_share_percent: 25, group: breadwinner),
    stakeholders: [
        (id: "a", name: "Alex A", title: "CEO", role: executive, style: dominant, trust: (40, 60), mood: (40, 60), patience_seconds: 3),
    ],
    preparation: (starts_at: "08:00", budget_minutes: 10, dossier: [
        (id: "fact0", title: "Fact 0", text: "Text 0.", minutes: 5, category: client),
    ]),
    schedule: (meeting_at: "09:00", place: "HQ", travel: [
        (id: "metro", label: "Metro", minutes: 30, delay: (0, 0)),
    ]),
    variables: ["#,
    );
    for name in COUNTERS {
        let _ = write!(out, "(id: \"{name}\", start: {}), ", next(4));
    }
    out.push_str("],\n    start: \"n0\",\n    nodes: [\n");
    for i in 0..nodes {
        let _ = write!(
            out,
            "        (id: \"n{i}\", text: \"Moment {i}.\", seconds: 2.0, options: ["
        );
        for o in 0..3 {
            let ahead = 1 + next(10);
            let target = if i + ahead < nodes {
                format!("n{}", i + ahead)
            } else {
                format!("end{}", next(4))
            };
            let when = if o > 0 && next(5) == 0 {
                let v = COUNTERS[next(COUNTERS.len())];
                if next(2) == 0 {
                    format!("VarAtLeast(\"{v}\", {})", 1 + next(5))
                } else {
                    format!("VarBelow(\"{v}\", {})", next(5))
                }
            } else {
                String::new()
            };
            let mut effects = String::new();
            let first = next(COUNTERS.len());
            let touched = if next(2) == 0 {
                vec![first]
            } else {
                vec![first, (first + 1 + next(COUNTERS.len() - 1)) % COUNTERS.len()]
            };
            for v in touched {
                let amount = [-2, -1, 1, 2, 3][next(5)];
                let _ = write!(effects, "AddVar(\"{}\", {amount}), ", COUNTERS[v]);
            }
            let comp = COMPETENCIES[next(COMPETENCIES.len())];
            let points = next(7) as i32 - 3;
            let points = if points == 0 { 1 } else { points };
            let _ = write!(
                out,
                "(id: \"o{o}\", text: \"Answer {o}.\", when: [{when}], effects: [{effects}Evidence({comp}, {points})], next: \"{target}\"), "
            );
        }
        out.push_str("]),\n");
    }
    out.push_str(ENDINGS);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::load::load_scenario_text;

    #[test]
    fn synthetic_scenarios_load_without_errors() {
        for n in [20, 200, 2000] {
            let text = synthetic_scenario(n, 7);
            let loaded = load_scenario_text("synthetic.ron", &text);
            assert!(loaded.report.diagnostics.is_empty(), "{}", loaded.report.render());
            assert!(loaded.scenario.unwrap().nodes.len() >= n);
        }
    }

    #[test]
    fn counter_scenarios_load_without_errors() {
        for n in [5, 50, 400] {
            let text = counter_scenario(n, 3);
            let loaded = load_scenario_text("counters.ron", &text);
            let errors: Vec<_> = loaded
                .report
                .diagnostics
                .iter()
                .filter(|d| d.level == crate::core::diagnostic::Level::Error)
                .collect();
            assert!(errors.is_empty(), "{}", loaded.report.render());
            assert_eq!(loaded.scenario.unwrap().nodes.len(), n);
        }
    }
}
