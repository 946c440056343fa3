//! Tamper-evident results: HMAC-SHA-256 over the canonical JSON of a result, with a key the manager
//! keeps outside the candidate's reach, and verification that also replays the inputs.
//!
//! The canonical JSON is the result type serialised by serde_json (struct fields in declaration
//! order, maps sorted by key, integers for every time and every count). Reading a result file back
//! into [`AssessmentResult`] and serialising it again gives the same bytes, so a genuine file always
//! verifies; a property test signs, writes, reads and verifies thousands of random runs to hold this.
//!
//! Verification checks the signature before it opens anything the file names: the assessment is
//! looked up by its id (which must be an id, never a path) only once the signature holds.

use std::collections::BTreeMap;
use std::path::Path;

use hmac::{Hmac, Mac};
use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::result::{
    AssessmentResult, EARLIER_RESULT_FORMATS, RESULT_FORMAT, RESULT_FORMAT_2, RunContext, Signature, build_result,
};
use super::runner::replay;
use super::{LoadedAssessment, validate_id};

type HmacSha256 = Hmac<Sha256>;

/// The only signature algorithm there is.
pub const ALGORITHM: &str = "HMAC-SHA-256";

/// Bytes in a generated key.
const KEY_BYTES: usize = 32;
/// Fewest bytes a key may have: 128 bits.
const MIN_KEY_BYTES: usize = 16;
/// Fewest distinct byte values a key must use: a key of one repeated byte is guessable.
const MIN_DISTINCT_BYTES: usize = 6;

/// A signing key.
pub struct Key(Vec<u8>);

impl Key {
    /// First 16 hex digits of the key's SHA-256, written next to signatures.
    pub fn id(&self) -> String {
        hex::encode(Sha256::digest(&self.0))[..16].to_owned()
    }

    /// A key from raw bytes (for tests and tools); refuses weak keys as [`read_key`] does.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Key, String> {
        check_strength(&bytes)?;
        Ok(Key(bytes))
    }
}

fn check_strength(bytes: &[u8]) -> Result<(), String> {
    if bytes.len() < MIN_KEY_BYTES {
        return Err(format!(
            "it has {} bytes; a key needs at least {MIN_KEY_BYTES}",
            bytes.len()
        ));
    }
    let mut seen = [false; 256];
    for &b in bytes {
        seen[b as usize] = true;
    }
    if seen.iter().filter(|&&s| s).count() < MIN_DISTINCT_BYTES {
        return Err("it is not random (too few distinct bytes); create one with `kam-sim results keygen FILE`".into());
    }
    Ok(())
}

/// Why a key file cannot be used or made.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// Reading or writing failed.
    #[error("key file `{path}`: {why}")]
    Io {
        /// The file.
        path: String,
        /// The system's reason.
        why: String,
    },
    /// The file is not a key.
    #[error(
        "key file `{0}` is not a kam-sim key (expected 64 hexadecimal digits on one line; create one with `kam-sim results keygen FILE`)"
    )]
    Malformed(String),
    /// The key is too weak to sign with.
    #[error("key file `{path}` is refused: {why}")]
    Weak {
        /// The file.
        path: String,
        /// Why.
        why: String,
    },
    /// Refusing to overwrite.
    #[error(
        "key file `{0}` already exists; a key is never overwritten (results signed with it would no longer verify)"
    )]
    Exists(String),
}

/// A warning about a key file that still works: others may read it.
pub fn key_permission_warning(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode();
        if mode & 0o077 != 0 {
            return Some(format!(
                "warning: key file `{}` can be read by other users (mode {:o}); make it private with `chmod 600 {}`",
                path.display(),
                mode & 0o777,
                path.display()
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    None
}

/// Reads a key file: one line of hexadecimal digits; lines starting with `#` are comments.
pub fn read_key(path: &Path) -> Result<Key, KeyError> {
    let name = path.display().to_string();
    let text = crate::core::source::read_text(path).map_err(|e| KeyError::Io {
        path: name.clone(),
        why: e.to_string(),
    })?;
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .ok_or_else(|| KeyError::Malformed(name.clone()))?;
    let bytes = hex::decode(line).map_err(|_| KeyError::Malformed(name.clone()))?;
    check_strength(&bytes).map_err(|why| KeyError::Weak { path: name, why })?;
    Ok(Key(bytes))
}

/// Creates a new random key file (and its folder), readable by its owner only; never overwrites.
pub fn generate_key(path: &Path) -> Result<Key, KeyError> {
    let name = path.display().to_string();
    let io = |e: std::io::Error| KeyError::Io {
        path: name.clone(),
        why: e.to_string(),
    };
    if path.exists() {
        return Err(KeyError::Exists(name));
    }
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder.create(folder).map_err(io)?;
    }
    let mut bytes = vec![0_u8; KEY_BYTES];
    getrandom::fill(&mut bytes).map_err(|e| KeyError::Io {
        path: name.clone(),
        why: format!("no system randomness: {e}"),
    })?;
    let text = format!(
        "# kam-sim result-signing key (HMAC-SHA-256). Keep it where candidates cannot read it.\n{}\n",
        hex::encode(&bytes)
    );
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            KeyError::Exists(name.clone())
        } else {
            io(e)
        }
    })?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(io)?;
    file.sync_all().map_err(io)?;
    Ok(Key(bytes))
}

/// The bytes a signature covers: the result serialised without its signature.
fn canonical(result: &AssessmentResult) -> Vec<u8> {
    let mut unsigned = result.clone();
    unsigned.signature = None;
    // Serialising plain structs, strings, integers and maps with string keys cannot fail.
    serde_json::to_vec(&unsigned).unwrap_or_default()
}

fn mac(key: &Key) -> HmacSha256 {
    // HMAC accepts keys of any length.
    <HmacSha256 as Mac>::new_from_slice(&key.0).unwrap_or_else(|_| unreachable!("HMAC takes any key length"))
}

/// Signs a result in place.
pub fn sign(result: &mut AssessmentResult, key: &Key) {
    let mut m = mac(key);
    m.update(&canonical(result));
    result.signature = Some(Signature {
        algorithm: ALGORITHM.into(),
        key_id: key.id(),
        value: hex::encode(m.finalize().into_bytes()),
    });
}

/// What every seal's bytes begin with. A signed result's canonical JSON begins with `{`, so a seal
/// never stands for a signature, nor a signature for a seal, though the same key makes both.
const SEAL_CONTEXT: &[u8] = b"kam-sim row seal 1\n";

fn sealed_bytes(key: &Key, parts: &[&[u8]]) -> HmacSha256 {
    let mut m = mac(key);
    m.update(SEAL_CONTEXT);
    for part in parts {
        // Each part with its length first: no two different lists of parts give the same bytes.
        m.update(&(part.len() as u64).to_le_bytes());
        m.update(part);
    }
    m
}

/// A seal over `parts` with `key` (HMAC-SHA-256, hex): what the results store writes beside a row
/// it derived from a result it verified in full, so that a later read can trust that row's columns
/// by checking the seal rather than the whole signed result again.
pub fn seal(key: &Key, parts: &[&[u8]]) -> String {
    hex::encode(sealed_bytes(key, parts).finalize().into_bytes())
}

/// Whether `seal` is the seal of `parts` with `key` (compared in constant time).
pub fn seal_holds(key: &Key, parts: &[&[u8]], seal: &str) -> bool {
    hex::decode(seal).is_ok_and(|bytes| sealed_bytes(key, parts).verify_slice(&bytes).is_ok())
}

/// The signature's bytes, in the one form every comparison uses (lower-case hex in the store).
pub fn signature_bytes(signature: &Signature) -> Option<Vec<u8>> {
    hex::decode(&signature.value).ok()
}

/// Why a result file is refused before its signature can even be checked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// Not JSON, or not a result file.
    #[error("not a result file: {0}")]
    NotAResult(String),
    /// A result file of an earlier format.
    #[error(
        "this result file is of the earlier format `{0}`, which this version of kam-sim cannot verify exactly; it is refused, not judged forged. Verify it with the kam-sim version that wrote it (its `engine_version`), or run the assessment again"
    )]
    EarlierFormat(String),
    /// The right format, but fields are missing, unknown or of the wrong type.
    #[error("malformed result file: {0}")]
    Malformed(String),
}

#[derive(Deserialize)]
struct FormatOnly {
    format: Option<String>,
}

/// Parses a result file into its type, reporting where the JSON breaks.
pub fn parse_result(text: &str) -> Result<AssessmentResult, ParseError> {
    let probe: FormatOnly = serde_json::from_str(text).map_err(|e| {
        ParseError::NotAResult(format!("invalid JSON at line {}, column {}: {e}", e.line(), e.column()))
    })?;
    match probe.format.as_deref() {
        Some(RESULT_FORMAT | RESULT_FORMAT_2) => {}
        Some(old) if EARLIER_RESULT_FORMATS.contains(&old) => return Err(ParseError::EarlierFormat(old.into())),
        Some(other) => {
            return Err(ParseError::NotAResult(format!(
                "`format` is `{}`, not `{RESULT_FORMAT}`",
                other.chars().take(80).collect::<String>().escape_debug()
            )));
        }
        None => {
            return Err(ParseError::NotAResult(format!(
                "it has no `format` (expected `{RESULT_FORMAT}`)"
            )));
        }
    }
    serde_json::from_str(text)
        .map_err(|e| ParseError::Malformed(format!("line {}, column {}: {e}", e.line(), e.column())))
}

/// Checks the signature of a parsed result.
pub fn check_signature(result: &AssessmentResult, key: &Key) -> Result<(), String> {
    let Some(sig) = &result.signature else {
        return Err("the file is not signed".into());
    };
    if sig.algorithm != ALGORITHM {
        return Err(format!(
            "the signature's algorithm is `{}`; only {ALGORITHM} is accepted",
            sig.algorithm.chars().take(40).collect::<String>().escape_debug()
        ));
    }
    if sig.key_id != key.id() {
        return Err(format!(
            "the file was signed with another key (key id {}, yours is {})",
            sig.key_id.chars().take(40).collect::<String>().escape_debug(),
            key.id()
        ));
    }
    let Some(expected) = signature_bytes(sig) else {
        return Err("the signature is not hexadecimal: it was edited".into());
    };
    let mut m = mac(key);
    m.update(&canonical(result));
    m.verify_slice(&expected)
        .map_err(|_| "the signature does not match the content: the file was altered after it was signed".into())
}

/// Parses a result file and checks its signature: the only way to a result that can be trusted.
pub fn read_verified(text: &str, key: &Key) -> Result<AssessmentResult, String> {
    let result = parse_result(text).map_err(|e| e.to_string())?;
    check_signature(&result, key)?;
    validate_id(&result.assessment).map_err(|e| format!("assessment: {e}"))?;
    Ok(result)
}

/// Lists where two JSON values differ, as `path: recorded X, replay gives Y`.
fn differences(path: &str, recorded: &Value, replayed: &Value, out: &mut Vec<String>) {
    const MAX: usize = 12;
    if out.len() >= MAX {
        return;
    }
    match (recorded, replayed) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: BTreeMap<&String, ()> = a.keys().chain(b.keys()).map(|k| (k, ())).collect();
            for k in keys.keys() {
                let (x, y) = (a.get(*k).unwrap_or(&Value::Null), b.get(*k).unwrap_or(&Value::Null));
                differences(&format!("{path}.{k}"), x, y, out);
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                differences(&format!("{path}[{i}]"), x, y, out);
            }
        }
        _ if recorded != replayed => out.push(format!("{path}: recorded {recorded}, replay gives {replayed}")),
        _ => {}
    }
}

/// What `kam-sim results verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Verification {
    /// The signature matches the content and the key.
    pub signature_ok: bool,
    /// Replaying the inputs reproduces every recorded number.
    pub replay_ok: bool,
    /// What was found wrong, in words, most important first.
    pub problems: Vec<String>,
}

impl Verification {
    /// Both checks passed.
    pub fn ok(&self) -> bool {
        self.signature_ok && self.replay_ok && self.problems.is_empty()
    }
}

/// Replays a result's inputs through the engine with the assessment and scenario files of today,
/// judged against the target and pass rule the result records, and lists every number that differs.
pub fn check_replay(result: &AssessmentResult, assessment: &LoadedAssessment) -> Vec<String> {
    let mut problems = Vec::new();
    if result.assessment != assessment.source.id {
        problems.push(format!(
            "the result is for assessment `{}`, not `{}`",
            result.assessment, assessment.source.id
        ));
        return problems;
    }
    if result.assessment_sha256 != assessment.sha256 {
        problems.push(
            "the assessment file has changed since this run (its SHA-256 differs) and that version is not kept in `versions/`; the replay uses today's file".into(),
        );
    }
    for (run, (c, sha)) in result.runs.iter().zip(&assessment.scenarios) {
        if &run.scenario_sha256 != sha {
            problems.push(format!(
                "scenario `{}` has changed since this run (its SHA-256 differs) and that version is not kept in `versions/`; the replay uses today's file",
                c.source.id
            ));
        }
    }
    let replayed =
        replay(assessment, result).and_then(|sessions| build_result(assessment, &RunContext::of(result), &sessions));
    match replayed {
        Err(e) => problems.push(format!("the inputs do not replay: {e}")),
        Ok(mut again) => {
            again.signature = result.signature.clone();
            if result.format == RESULT_FORMAT_2 {
                again.as_format_2();
            }
            // The engine version that replays may be newer; it is reported, not compared.
            again.engine_version = result.engine_version.clone();
            for (a, r) in again.runs.iter_mut().zip(&result.runs) {
                a.result.engine_version = r.result.engine_version.clone();
            }
            let (recorded, replayed) = (
                serde_json::to_value(result).unwrap_or(Value::Null),
                serde_json::to_value(&again).unwrap_or(Value::Null),
            );
            let mut diffs = Vec::new();
            differences("result", &recorded, &replayed, &mut diffs);
            if !diffs.is_empty() {
                problems.push(format!(
                    "replaying the inputs does not reproduce the recorded result ({} difference{}):",
                    diffs.len(),
                    if diffs.len() == 1 { "" } else { "s" }
                ));
                problems.extend(diffs.into_iter().map(|d| format!("  {d}")));
            }
        }
    }
    problems
}

/// Verifies a result file: its signature with `key`, then — with the assessment `load` finds for the
/// id the signed file names, asked only once the signature holds — that replaying its inputs gives
/// the same result, each run with the version of its scenario it was played with where that version
/// is kept ([`LoadedAssessment::as_played`]).
pub fn verify<E: std::fmt::Display>(
    text: &str,
    key: &Key,
    load: impl FnOnce(&str) -> Result<LoadedAssessment, E>,
) -> (Verification, Option<AssessmentResult>) {
    let mut v = Verification::default();
    let result = match parse_result(text) {
        Ok(r) => r,
        Err(e) => {
            v.problems.push(e.to_string());
            return (v, None);
        }
    };
    if let Err(e) = check_signature(&result, key) {
        v.problems.push(e);
        return (v, Some(result));
    }
    v.signature_ok = true;
    if let Err(e) = validate_id(&result.assessment) {
        v.problems.push(format!("assessment: {e}"));
        return (v, Some(result));
    }
    match load(&result.assessment) {
        Err(e) => v
            .problems
            .push(format!("the assessment cannot be loaded to replay the inputs: {e}")),
        Ok(assessment) => match assessment.as_played(&result) {
            Err(e) => v.problems.push(format!(
                "the version of the assessment this result was played with cannot be loaded to replay the inputs: {e}"
            )),
            Ok(played) => {
                v.problems = check_replay(&result, &played);
                v.replay_ok = v.problems.is_empty();
            }
        },
    }
    (v, Some(result))
}

/// Reads a result as a store keeps it — the compact JSON `serde_json::to_string` wrote from the
/// signed result — checking the signature over the very bytes it covers before parsing anything:
/// that text less its closing `,"signature":{…}` is, byte for byte, what was signed (the signature
/// is the last field, and left out when signing). Only those bytes are parsed, once. A text laid
/// out otherwise, or one that fails the check, is read by [`read_verified`], so the verdict and its
/// messages are the same; nothing in the text is trusted that the signature does not cover.
pub fn read_verified_stored(text: &str, key: &Key) -> Result<AssessmentResult, String> {
    match read_signed_bytes(text, key) {
        Some(result) => Ok(result),
        None => read_verified(text, key),
    }
}

/// The fast way of [`read_verified_stored`]: `None` whenever it cannot vouch for the result.
fn read_signed_bytes(text: &str, key: &Key) -> Option<AssessmentResult> {
    const FIELD: &str = ",\"signature\":";
    let at = text.rfind(FIELD)?;
    let signature: Signature = serde_json::from_str(text.get(at + FIELD.len()..text.len().checked_sub(1)?)?).ok()?;
    if !text.ends_with('}') || signature.algorithm != ALGORITHM || signature.key_id != key.id() {
        return None;
    }
    let mut signed = Vec::with_capacity(at + 1);
    signed.extend_from_slice(text.get(..at)?.as_bytes());
    signed.push(b'}');
    let mut m = mac(key);
    m.update(&signed);
    m.verify_slice(&signature_bytes(&signature)?).ok()?;
    let mut result: AssessmentResult = serde_json::from_slice(&signed).ok()?;
    if !matches!(result.format.as_str(), RESULT_FORMAT | RESULT_FORMAT_2) || validate_id(&result.assessment).is_err() {
        return None;
    }
    result.signature = Some(signature);
    Some(result)
}
