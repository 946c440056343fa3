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

/// An action by id: mostly real ids of the breadwinner scenario, sometimes junk.
fn action_by_id() -> impl Strategy<Value = kam_sim::core::inputs::InputAction> {
    use kam_sim::core::inputs::InputAction;
    let id = prop_oneof![
        Just("floor_price".to_owned()),
        Just("taxi".to_owned()),
        Just("metro".to_owned()),
        Just("greet_both".to_owned()),
        Just("acknowledge_pressure".to_owned()),
        "[a-z_]{0,12}",
    ];
    (0u8..4, id).prop_map(|(k, id)| match k {
        0 => InputAction::Study(id),
        1 => InputAction::Depart(id),
        2 => InputAction::Choose(id),
        _ => InputAction::Wait,
    })
}

/// A time as an inputs file may hold it: ordinary, negative, huge, or not a number at all.
fn time() -> impl Strategy<Value = f64> {
    prop_oneof![
        8 => 0.0f64..600.0,
        1 => Just(f64::NAN),
        1 => Just(-1.0),
        1 => Just(1e300),
        1 => any::<f64>(),
    ]
}

/// A genuine signed result, made once, and its key.
fn genuine_result() -> &'static (String, kam_sim::core::assessment::signing::Key) {
    use kam_sim::core::assessment::signing::{Key, sign};
    use kam_sim::core::assessment::{AssessmentRunner, PlayedBy, load_assessment};
    static GENUINE: std::sync::OnceLock<(String, Key)> = std::sync::OnceLock::new();
    GENUINE.get_or_init(|| {
        let dirs = kam_sim::core::content::ContentDirs::under(&crate::root());
        let a = std::sync::Arc::new(load_assessment("kam_candidate_standard", &dirs).unwrap());
        let mut runner = AssessmentRunner::start(
            a,
            "p",
            PlayedBy::Person,
            "en",
            Default::default(),
            "2026-12-01T09:00:00Z",
        );
        while let Some((c, seed)) = runner.current_scenario() {
            runner
                .complete_scenario(kam_sim::core::policy::play_random_with(c, seed, 5).unwrap())
                .unwrap();
        }
        let mut result = runner.result("2026-12-01T09:30:00Z").unwrap();
        let key = Key::from_bytes((0..32).map(|i| i * 3 + 1).collect()).unwrap();
        sign(&mut result, &key);
        (serde_json::to_string_pretty(&result).unwrap(), key)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn any_text_is_either_an_inputs_file_or_a_diagnostic(text in ".{0,300}") {
        let parsed = kam_sim::core::load::load_ron_text::<kam_sim::core::inputs::InputsFile>("fuzz.ron", &text);
        if let Err(report) = parsed {
            prop_assert!(report.errors() > 0);
            let _ = report.render();
        }
    }

    #[test]
    fn any_inputs_file_replays_to_a_result_or_a_refusal(inputs in prop::collection::vec((time(), action_by_id()), 0..40), seed in any::<u64>()) {
        let file = kam_sim::core::inputs::InputsFile {
            scenario: "breadwinner_discount_squeeze".into(),
            seed,
            time_allowance: Default::default(),
            inputs: inputs.into_iter().map(|(at, action)| kam_sim::core::inputs::TimedInput { at, action }).collect(),
        };
        // Written and read back as RON, as a trainer's file would be.
        let text = file.to_ron();
        if let Ok(read) = kam_sim::core::load::load_ron_text::<kam_sim::core::inputs::InputsFile>("i.ron", &text) {
            let mut session = Session::new(shipped("breadwinner_discount_squeeze"), read.seed);
            for input in &read.inputs {
                if let Err(e) = session.apply(input) {
                    let _ = e.to_string();
                }
            }
            let _ = result_of(&session, None);
        }
    }

    #[test]
    fn any_text_is_either_an_assessment_or_a_diagnostic(text in ".{0,300}") {
        let _ = kam_sim::core::assessment::parse_assessment("fuzz.ron", &text);
    }

    #[test]
    fn a_result_file_changed_anywhere_is_refused_in_words_never_verified_and_never_a_panic(
        at in 0usize..200_000, with in "[0-9a-z\":,{}\\[\\] .-]{1,3}", drop in 0usize..4,
    ) {
        let (text, key) = genuine_result();
        let mut at = at % text.len();
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + drop).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let changed = format!("{}{with}{}", &text[..at], &text[end..]);
        let dirs = kam_sim::core::content::ContentDirs::under(&crate::root());
        let (v, read) = kam_sim::core::assessment::signing::verify(&changed, key, |id| {
            kam_sim::core::assessment::load_assessment(id, &dirs)
        });
        if v.ok() {
            // Only a change that leaves the same result (white space, say) may verify.
            let original = kam_sim::core::assessment::signing::parse_result(text).unwrap();
            prop_assert_eq!(read, Some(original));
        } else {
            prop_assert!(!v.problems.is_empty());
        }
    }
}

/// PO-like text: the shapes a translator's file has, mixed and damaged.
fn po_like() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just(String::new()),
        "#[.:,|~]? .{0,120}",
        "(msgctxt|msgid|msgstr|msgid_plural|msgstr\\[[0-9]\\]) \"([^\"\\\\]|\\\\[ntr\"\\\\ax0-9])*\"?",
        "\"([^\"\\\\]|\\\\.){0,200}\"?",
        ".{0,80}",
    ];
    prop::collection::vec(line, 0..40).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, .. ProptestConfig::default() })]

    /// Any text is a translation file or a located syntax error, never a panic; a file that reads
    /// is written back as PO that reads again, with the same texts.
    #[test]
    fn any_text_is_a_translation_or_a_located_error_and_reads_back_the_same(text in po_like()) {
        use kam_sim::core::i18n::po::{parse_po, render_po};
        match parse_po(&text) {
            Ok(file) => {
                let again = parse_po(&render_po(&file));
                prop_assert!(again.is_ok(), "{:?}", again.err());
                let again = again.unwrap();
                let texts = |f: &kam_sim::core::i18n::po::POFile| -> Vec<(Option<String>, String, Option<String>, bool)> {
                    f.entries.iter().map(|e| (e.msgctxt.clone(), e.msgid.clone(), e.msgstr.clone(), e.obsolete)).collect()
                };
                prop_assert_eq!(texts(&again), texts(&file));
            }
            Err(e) => prop_assert!(e.line >= 1 && e.line <= text.split('\n').count().max(1) + 1, "{e}"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    /// Whatever a translation says (quotes, backslashes, line breaks, tabs, long lines, any
    /// script), a PO file written by kam-sim reads back with exactly the same texts, fuzzy marks,
    /// previous sources and obsolete entries.
    #[test]
    fn every_translation_written_reads_back_exactly(
        entries in prop::collection::vec(
            ("[a-z_.]{1,30}", "\\PC{0,200}", "[\\PC\n\t\"\\\\]{0,300}", any::<bool>(), any::<bool>(), "\\PC{0,120}"),
            1..12,
        )
    ) {
        use kam_sim::core::i18n::po::{POEntry, POFile, parse_po, render_po};
        let mut file = POFile::new(rspolib::FileOptions::default());
        file.metadata.insert("Language".into(), "ru".into());
        file.metadata.insert("Content-Type".into(), "text/plain; charset=UTF-8".into());
        let mut seen = std::collections::HashSet::new();
        for (key, msgid, msgstr, fuzzy, obsolete, note) in entries {
            if !seen.insert(key.clone()) || msgid.is_empty() {
                continue;
            }
            let mut e = POEntry::new(0);
            e.msgctxt = Some(key);
            e.msgid = msgid;
            e.msgstr = Some(msgstr);
            e.obsolete = obsolete;
            if !obsolete {
                e.comment = Some(note);
                if fuzzy {
                    e.flags.push("fuzzy".into());
                    e.previous_msgid = Some("an older English text".into());
                }
            }
            file.entries.push(e);
        }
        let text = render_po(&file);
        let read = parse_po(&text);
        prop_assert!(read.is_ok(), "{:?}\n{text}", read.err());
        let read = read.unwrap();
        let view = |f: &POFile| -> Vec<(Option<String>, String, Option<String>, bool, bool, Option<String>)> {
            let mut v: Vec<_> = f
                .entries
                .iter()
                .map(|e| (e.msgctxt.clone(), e.msgid.clone(), e.msgstr.clone(), e.obsolete, e.fuzzy(), e.previous_msgid.clone()))
                .collect();
            v.sort();
            v
        };
        prop_assert_eq!(view(&read), view(&file));
    }
}
