//! Feeds arbitrary bytes, as the text of a translation file, to the PO reader and to the
//! translation check (against a shipped scenario's texts, so names, numbers and placeholders are
//! compared too), and renders whatever it reads back as PO.
//!
//! Must hold: nothing panics, whatever the text; a file that reads renders as PO that reads again.
#![no_main]

use std::sync::OnceLock;

use kam_sim::core::i18n::Lang;
use kam_sim::core::i18n::check::{Sources, check_file};
use kam_sim::core::i18n::component::{Component, scenario_component};
use kam_sim::core::i18n::po::{parse_po, render_po};
use libfuzzer_sys::fuzz_target;

fn component() -> &'static Component {
    static COMPONENT: OnceLock<Component> = OnceLock::new();
    COMPONENT.get_or_init(|| {
        let text = include_str!("../../scenarios/silent_prospect_close.ron");
        let loaded = kam_sim::core::load::load_scenario_text("silent_prospect_close.ron", text);
        let scenario = loaded.scenario.expect("the shipped scenario loads");
        scenario_component(&scenario.source, text, "scenarios/silent_prospect_close.ron")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(file) = parse_po(text) {
        let again = render_po(&file);
        assert!(parse_po(&again).is_ok(), "a file that reads renders as PO that reads again");
    }
    let sources = Sources {
        texts: Some(component()),
        names: vec![("stakeholder.okafor.name".into(), "Daniel Okafor".into())],
        currencies: vec!["EUR".into()],
    };
    let _ = check_file("fuzz.po", text, Lang::Ru, &sources);
});
