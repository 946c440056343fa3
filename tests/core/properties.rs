//! Properties over random input: no panic, ever, and the same inputs always give the same result.

use kam_sim::core::engine::{Action, Session};
use kam_sim::core::load::load_scenario_text;
use kam_sim::core::result::result_of;
use proptest::prelude::*;

use crate::{shipped, shipped_ids};

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        (0u32..8).prop_map(Action::Study),
        (0u32..4).prop_map(Action::Depart),
        (0u32..6).prop_map(Action::Choose),
        Just(Action::Wait),
    ]
}

/// Random actions at random (sometimes decreasing) times.
fn stream() -> impl Strategy<Value = Vec<(u64, Action)>> {
    prop::collection::vec((0u64..120_000, action()), 0..60)
}

/// Plays a stream, ignoring refused inputs; returns everything observable.
fn observe(id: &str, seed: u64, stream: &[(u64, Action)]) -> String {
    let mut session = Session::new(shipped(id), seed);
    let mut refused = Vec::new();
    let mut t: u64 = 0;
    for (i, (dt, action)) in stream.iter().enumerate() {
        // Mostly forward in time, sometimes backwards, to exercise both paths.
        t = if i % 7 == 6 { t.saturating_sub(*dt) } else { t + dt / 10 };
        if let Err(e) = session.act(t, *action) {
            refused.push(e.to_string());
        }
    }
    let events: Vec<_> = session.drain_events().collect();
    format!(
        "{:?}\n{refused:?}\n{events:?}\n{:?}",
        result_of(&session, None),
        session.transcript()
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn random_input_streams_never_panic_and_are_deterministic(stream in stream(), seed in any::<u64>(), which in 0usize..3) {
        let ids = shipped_ids();
        let id = &ids[which % ids.len()];
        prop_assert_eq!(observe(id, seed, &stream), observe(id, seed, &stream));
    }

    #[test]
    fn any_text_is_either_a_scenario_or_a_diagnostic(text in ".{0,400}") {
        let loaded = load_scenario_text("fuzz.ron", &text);
        prop_assert!(loaded.scenario.is_some() || loaded.report.errors() > 0);
        let _ = loaded.report.render();
    }

    #[test]
    fn damaged_scenarios_are_reported_not_panicked_on(cut in 0usize..10_000, insert in "[(),:\\[\\]\"a-z0-9 ]{0,8}") {
        let text = std::fs::read_to_string(crate::root().join("scenarios/breadwinner_discount_squeeze.ron")).unwrap();
        let mut cut = cut.min(text.len());
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let damaged = format!("{}{insert}{}", &text[..cut], &text[cut..]);
        let loaded = load_scenario_text("damaged.ron", &damaged);
        let rendered = loaded.report.render();
        for d in &loaded.report.diagnostics {
            let (line, column) = loaded.report.position(d);
            prop_assert!(line >= 1 && column >= 1, "{}", rendered);
        }
    }
}
