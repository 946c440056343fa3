//! Feeds arbitrary bytes, as the JSON of a signed assessment result, to what `kam-sim results verify`
//! runs, with a fixed key (the bytes 0, 1, …, 31) and the shipped content folders:
//!
//! 1. `parse_result` and `verify` (signature, then replay of the recorded inputs against the assessment
//!    the file names). A mutated file almost never carries a valid signature, so this mostly reaches
//!    the parser and the signature check.
//! 2. So that the replay itself sees fuzzed content too: a result that parses is signed with the key,
//!    the signature must then check (`sign` and `check_signature` agree on every result), and, when it
//!    names the shipped `kam_candidate_standard` assessment, `check_replay` runs on it.
//!
//! Must hold: nothing panics, and a result just signed with a key checks with that key.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use kam_sim::core::assessment::signing::{Key, check_replay, check_signature, parse_result, sign, verify};
use kam_sim::core::assessment::{LoadedAssessment, load_assessment};
use kam_sim::core::content::ContentDirs;
use libfuzzer_sys::fuzz_target;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fn key() -> Key {
    match Key::from_bytes((0u8..32).collect()) {
        Ok(k) => k,
        Err(e) => panic!("the fixed fuzzing key is refused: {e}"),
    }
}

/// The shipped assessment, loaded once per fuzzing process.
fn standard() -> &'static LoadedAssessment {
    static ONCE: OnceLock<LoadedAssessment> = OnceLock::new();
    ONCE.get_or_init(
        || match load_assessment("kam_candidate_standard", &ContentDirs::under(Path::new(ROOT))) {
            Ok(a) => a,
            Err(e) => panic!("the shipped assessment does not load: {e}"),
        },
    )
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let key = key();
    let dirs = ContentDirs::under(Path::new(ROOT));

    // 1. What `results verify` does.
    let parsed = parse_result(text);
    let _ = verify(text, &key, |id| load_assessment(id, &dirs));

    // 2. Past the signature: sign what parsed, and replay it.
    if let Ok(mut result) = parsed {
        sign(&mut result, &key);
        if let Err(e) = check_signature(&result, &key) {
            panic!("a result just signed does not check: {e}");
        }
        let assessment = standard();
        if result.assessment == assessment.source.id {
            let _ = check_replay(&result, assessment);
        }
    }
});
