//! Feeds arbitrary bytes, as assessment text, to `parse_assessment` (the RON reader of
//! `assessments/*.ron`, rendering its diagnostics on failure).
//!
//! Must hold: nothing panics, whatever the text.
#![no_main]

use kam_sim::core::assessment::parse_assessment;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = parse_assessment("fuzz.ron", text);
    }
});
