//! Feeds arbitrary bytes to the engine of a shipped scenario (`breadwinner_discount_squeeze`), two ways:
//!
//! 1. As the text of an inputs file (`Inputs(scenario: …, seed: …, inputs: [(at: …, action: …), …])`):
//!    when it parses, every input is applied with `Session::apply` to a session of the file's seed
//!    (refused inputs are ignored, as the CLI reports and skips them), then `result_of` is taken.
//! 2. As a stream of 4-byte records `(u16 little-endian time delta in milliseconds, u8 action kind,
//!    u8 index)`, the kind taken modulo 4 as Study / Depart / Choose / Wait, played with
//!    `Session::act` at the running time on a session of seed 1, then `result_of` is taken.
//!    A trailing partial record is ignored.
//!
//! Must hold: nothing panics, ever: not applying or acting (any time, any index, in any phase) and
//! not computing the result of whatever state the session was left in.
#![no_main]

use std::path::Path;
use std::sync::{Arc, OnceLock};

use kam_sim::core::compile::CompiledScenario;
use kam_sim::core::engine::{Action, Session};
use kam_sim::core::inputs::InputsFile;
use kam_sim::core::load::{load_ron_text, load_scenario_file};
use kam_sim::core::result::result_of;
use libfuzzer_sys::fuzz_target;

const SCENARIO: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../scenarios/breadwinner_discount_squeeze.ron"
);

/// The shipped scenario, loaded once per fuzzing process.
fn scenario() -> Arc<CompiledScenario> {
    static SCENARIO_ONCE: OnceLock<Arc<CompiledScenario>> = OnceLock::new();
    SCENARIO_ONCE
        .get_or_init(|| {
            let loaded = load_scenario_file(Path::new(SCENARIO));
            match loaded.scenario {
                Some(s) => s,
                None => panic!("the shipped scenario does not load:\n{}", loaded.report.render()),
            }
        })
        .clone()
}

fuzz_target!(|data: &[u8]| {
    let scenario = scenario();

    // 1. An inputs file, applied by ids.
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(file) = load_ron_text::<InputsFile>("fuzz.ron", text)
    {
        let mut session = Session::new(scenario.clone(), file.seed);
        for input in &file.inputs {
            let _ = session.apply(input);
        }
        let _ = result_of(&session, None);
    }

    // 2. Raw records, acted by index.
    let mut session = Session::new(scenario, 1);
    let mut t: u64 = 0;
    for record in data.chunks_exact(4) {
        t += u64::from(u16::from_le_bytes([record[0], record[1]]));
        let index = u32::from(record[3]);
        let action = match record[2] % 4 {
            0 => Action::Study(index),
            1 => Action::Depart(index),
            2 => Action::Choose(index),
            _ => Action::Wait,
        };
        let _ = session.act(t, action);
    }
    let _ = result_of(&session, None);
});
