//! Feeds arbitrary bytes, as scenario text, to the loader behind `kam-sim check`, `run`, `analyze`
//! and the game's asset loader (`load_scenario_text`: parse, validate, compile).
//!
//! Must hold: nothing panics. Not the loader, not rendering its report (`render`, `json_records`),
//! and, when the text compiled into a scenario, not the bounded state-space analysis of it.
#![no_main]

use kam_sim::core::analysis::analyze_within;
use kam_sim::core::load::load_scenario_text;
use libfuzzer_sys::fuzz_target;

/// States the analysis may explore per input: enough to go past the start, small enough to stay fast.
const MAX_STATES: usize = 20_000;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let loaded = load_scenario_text("fuzz.ron", text);
    let _ = loaded.report.render();
    let _ = loaded.report.json_records();
    if let Some(scenario) = &loaded.scenario {
        let _ = analyze_within(scenario, MAX_STATES);
    }
});
