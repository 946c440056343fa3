//! Tamper-evident results: HMAC-SHA-256 over the canonical JSON of a result file, with a key the
//! manager keeps outside the candidate's reach, and verification that also replays the inputs.

use std::collections::BTreeMap;
use std::path::Path;

use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::assessment::{
    AssessmentResult, LoadedAssessment, RESULT_FORMAT, Signature, build_result, replay, sha256_hex,
};

type HmacSha256 = Hmac<Sha256>;

/// Bytes in a generated key.
const KEY_BYTES: usize = 32;

/// A signing key.
pub struct Key(Vec<u8>);

impl Key {
    /// First 16 hex digits of the key's SHA-256, written next to signatures.
    pub fn id(&self) -> String {
        hex::encode(Sha256::digest(&self.0))[..16].to_owned()
    }
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
    /// Refusing to overwrite.
    #[error(
        "key file `{0}` already exists; a key is never overwritten (results signed with it would no longer verify)"
    )]
    Exists(String),
}

/// Reads a key file: one line of hexadecimal digits; lines starting with `#` are comments.
pub fn read_key(path: &Path) -> Result<Key, KeyError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| KeyError::Io {
        path: name.clone(),
        why: e.to_string(),
    })?;
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .ok_or_else(|| KeyError::Malformed(name.clone()))?;
    let bytes = hex::decode(line).map_err(|_| KeyError::Malformed(name.clone()))?;
    if bytes.len() < 16 {
        return Err(KeyError::Malformed(name));
    }
    Ok(Key(bytes))
}

/// Creates a new random key file, readable by its owner only; never overwrites.
pub fn generate_key(path: &Path) -> Result<Key, KeyError> {
    let name = path.display().to_string();
    if path.exists() {
        return Err(KeyError::Exists(name));
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
    let io = |e: std::io::Error| KeyError::Io {
        path: name.clone(),
        why: e.to_string(),
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(io)?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(io)?;
    file.sync_all().map_err(io)?;
    Ok(Key(bytes))
}

/// The bytes a signature covers: the result as JSON with sorted keys and no signature.
fn canonical(value: &Value) -> Vec<u8> {
    let mut v = value.clone();
    if let Value::Object(map) = &mut v {
        map.remove("signature");
    }
    // serde_json's maps are ordered by key, so this is the same for the same content.
    serde_json::to_vec(&v).unwrap_or_default()
}

fn mac(key: &Key) -> HmacSha256 {
    // HMAC accepts keys of any length.
    <HmacSha256 as Mac>::new_from_slice(&key.0).unwrap_or_else(|_| unreachable!("HMAC takes any key length"))
}

/// Signs a result in place.
pub fn sign(result: &mut AssessmentResult, key: &Key) {
    result.signature = None;
    let value = serde_json::to_value(&*result).unwrap_or(Value::Null);
    let mut m = mac(key);
    m.update(&canonical(&value));
    result.signature = Some(Signature {
        algorithm: "HMAC-SHA-256".into(),
        key_id: key.id(),
        value: hex::encode(m.finalize().into_bytes()),
    });
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

/// Parses a result file, reporting where the JSON breaks.
pub fn parse_result(text: &str) -> Result<(Value, AssessmentResult), String> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "not a result file: invalid JSON at line {}, column {}: {e}",
            e.line(),
            e.column()
        )
    })?;
    if value.get("format").and_then(Value::as_str) != Some(RESULT_FORMAT) {
        return Err(format!("not a result file: `format` is not \"{RESULT_FORMAT}\""));
    }
    let typed: AssessmentResult =
        serde_json::from_value(value.clone()).map_err(|e| format!("malformed result file: {e}"))?;
    Ok((value, typed))
}

/// Checks the signature of a parsed result file.
pub fn check_signature(value: &Value, result: &AssessmentResult, key: &Key) -> Result<(), String> {
    let Some(sig) = &result.signature else {
        return Err("the file is not signed".into());
    };
    if sig.key_id != key.id() {
        return Err(format!(
            "the file was signed with another key (key id {}, yours is {})",
            sig.key_id,
            key.id()
        ));
    }
    let Ok(expected) = hex::decode(&sig.value) else {
        return Err("the signature is not hexadecimal: it was edited".into());
    };
    let mut m = mac(key);
    m.update(&canonical(value));
    m.verify_slice(&expected)
        .map_err(|_| "the signature does not match the content: the file was altered after it was signed".into())
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

/// Verifies a result file: its signature with `key`, then that replaying its inputs through the
/// engine, with the assessment and scenario files it was played with, gives the same result.
pub fn verify(text: &str, key: &Key, assessment: &LoadedAssessment) -> Verification {
    let mut v = Verification::default();
    let (value, result) = match parse_result(text) {
        Ok(p) => p,
        Err(e) => {
            v.problems.push(e);
            return v;
        }
    };
    match check_signature(&value, &result, key) {
        Ok(()) => v.signature_ok = true,
        Err(e) => v.problems.push(e),
    }
    if result.assessment != assessment.source.id {
        v.problems.push(format!(
            "the result is for assessment `{}`, not `{}`",
            result.assessment, assessment.source.id
        ));
        return v;
    }
    if result.assessment_sha256 != assessment.sha256 {
        v.problems.push(
            "the assessment file has changed since this run (its SHA-256 differs); the replay uses today's file".into(),
        );
    }
    for (run, (c, sha)) in result.runs.iter().zip(&assessment.scenarios) {
        if &run.scenario_sha256 != sha {
            v.problems.push(format!(
                "scenario `{}` has changed since this run (its SHA-256 differs); the replay uses today's file",
                c.source.id
            ));
        }
    }
    let replayed =
        replay(assessment, &result.runs).and_then(|sessions| build_result(assessment, &result.candidate, &sessions));
    match replayed {
        Err(e) => v.problems.push(format!("the inputs do not replay: {e}")),
        Ok(mut again) => {
            again.signature = result.signature.clone();
            let recorded = serde_json::to_value(&result).unwrap_or(Value::Null);
            let mut replayed = serde_json::to_value(&again).unwrap_or(Value::Null);
            // The engine version that replays may be newer; it is reported, not compared.
            if let (Value::Object(r), Value::Object(a)) = (&recorded, &mut replayed)
                && let Some(version) = r.get("engine_version")
            {
                a.insert("engine_version".into(), version.clone());
            }
            let mut diffs = Vec::new();
            differences("result", &recorded, &replayed, &mut diffs);
            if diffs.is_empty() {
                v.replay_ok = true;
            } else {
                v.problems.push(format!(
                    "replaying the inputs does not reproduce the recorded result ({} difference{}):",
                    diffs.len(),
                    if diffs.len() == 1 { "" } else { "s" }
                ));
                v.problems.extend(diffs.into_iter().map(|d| format!("  {d}")));
            }
        }
    }
    v
}

/// Hex SHA-256 of a file's text, or of nothing when it cannot be read.
pub fn file_sha256(path: &Path) -> String {
    sha256_hex(&std::fs::read_to_string(path).unwrap_or_default())
}
