//! Sending xAPI statements to a learning record store (LRS) through an outbox on disk.
//!
//! Statements are first queued in the outbox — one file each, written atomically — and then sent
//! in batches (`POST <endpoint>/statements`). A statement leaves the outbox only after the LRS
//! acknowledged the batch it was in: its id is then appended to the outbox's ledger of
//! acknowledged ids (flushed to disk) and its file removed. Sending offline, to an LRS that is
//! down or with wrong credentials stops at the first batch refused and loses nothing; the next send
//! delivers what is pending. A statement already acknowledged is never queued again.
//!
//! Delivery is at least once (a crash between the LRS's answer and the ledger's write sends that
//! batch again), and exactly once in the LRS: statement ids are deterministic (`xapi`), and an LRS
//! stores a statement whose id it already has only once.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The xAPI version kam-sim's statements follow (sent as `X-Experience-API-Version`).
pub const XAPI_VERSION: &str = "1.0.3";

/// How many statements one request carries by default.
pub const DEFAULT_BATCH: u16 = 100;

/// How long one request may take, connection included, before the LRS counts as unreachable.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// Why statements could not be queued or sent. Every message says what became of them.
#[derive(Debug, thiserror::Error)]
pub enum LrsError {
    /// The endpoint or a credential is not usable as given.
    #[error("{0}")]
    Setup(String),
    /// The outbox folder or one of its files cannot be used.
    #[error("outbox `{path}`: {why}")]
    Outbox {
        /// The file or folder.
        path: String,
        /// What went wrong, in words.
        why: String,
    },
    /// The LRS could not be reached or refused a batch; what was not acknowledged stays queued.
    #[error("{why}")]
    NotDelivered {
        /// What went wrong, in words.
        why: String,
        /// What to do about it.
        help: String,
        /// Statements acknowledged before the failure.
        sent: usize,
        /// Statements still in the outbox.
        pending: usize,
    },
}

/// An LRS's xAPI endpoint (the address `/statements` is under): `https://`, or `http://` on this
/// machine only (credentials and candidates' results must not cross a network in clear text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint(String);

impl Endpoint {
    /// Checks the address; a trailing `/` is dropped.
    pub fn parse(text: &str) -> Result<Endpoint, LrsError> {
        let refuse = |why: &str| {
            Err(LrsError::Setup(format!(
                "LRS endpoint `{text}`: {why}; give the LRS's xAPI address, such as https://lrs.example.com/xAPI"
            )))
        };
        let Ok(uri) = text.parse::<ureq::http::Uri>() else {
            return refuse("not a web address");
        };
        let host = uri.host().unwrap_or_default();
        let local = matches!(host, "localhost" | "[::1]" | "::1") || host.starts_with("127.");
        match uri.scheme_str() {
            Some("https") if !host.is_empty() => {}
            Some("http") if local => {}
            Some("http") if !host.is_empty() => {
                return refuse(
                    "plain http would send the password and the results unencrypted; use https (http is accepted only on this machine: localhost, 127.0.0.1)",
                );
            }
            _ => return refuse("not an http(s) address with a host"),
        }
        if uri.query().is_some() {
            return refuse("an endpoint has no query (`?…`)");
        }
        Ok(Endpoint(text.trim_end_matches('/').to_owned()))
    }

    /// The address, without a trailing `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Where statements are posted.
    pub fn statements(&self) -> String {
        format!("{}/statements", self.0)
    }
}

/// HTTP Basic credentials of the LRS (its "key" and "secret").
#[derive(Clone)]
pub struct Credentials {
    /// The user (key).
    pub user: String,
    /// The password (secret).
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print a password, not even in a debug message.
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

impl Credentials {
    fn header(&self) -> String {
        let pair = format!("{}:{}", self.user, self.password);
        format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair))
    }
}

/// What an outbox is for: written to `outbox.json` when it is created, so one outbox never mixes
/// two LRSs' ledgers.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
struct OutboxInfo {
    /// The endpoint its statements go to.
    endpoint: String,
}

/// One queued statement, as its file holds it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Queued {
    /// The statement's id (also in the statement and the file's name).
    id: String,
    /// The statement.
    statement: Value,
}

/// An outbox folder: `outbox.json` (the LRS it is for), `pending/` (one file per statement not
/// yet acknowledged, sent in the order of their names) and `acknowledged.txt` (the ids the LRS
/// acknowledged, one a line).
#[derive(Debug)]
pub struct Outbox {
    dir: PathBuf,
    acknowledged: BTreeSet<String>,
}

/// What a send did.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct SendReport {
    /// Statements the LRS acknowledged now.
    pub sent: usize,
    /// Requests made.
    pub batches: usize,
    /// Statements still pending (0 when everything was delivered).
    pub pending: usize,
}

/// What queueing did.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct QueueReport {
    /// Statements added to the outbox now.
    pub queued: usize,
    /// Statements already waiting in the outbox.
    pub already_pending: usize,
    /// Statements the LRS acknowledged earlier (not queued again).
    pub already_acknowledged: usize,
}

impl Outbox {
    /// Opens the outbox folder for `endpoint`, creating it if needed; refuses one made for another
    /// endpoint.
    pub fn open(dir: &Path, endpoint: &Endpoint) -> Result<Outbox, LrsError> {
        let fail = |path: &Path, why: String| LrsError::Outbox {
            path: path.display().to_string(),
            why,
        };
        std::fs::create_dir_all(dir.join("pending")).map_err(|e| fail(dir, format!("cannot create it: {e}")))?;
        let info_path = dir.join("outbox.json");
        match std::fs::read_to_string(&info_path) {
            Ok(text) => {
                let info: OutboxInfo = serde_json::from_str(&text)
                    .map_err(|e| fail(&info_path, format!("not an outbox description ({e})")))?;
                if info.endpoint != endpoint.as_str() {
                    return Err(fail(
                        dir,
                        format!(
                            "this outbox holds statements for the LRS at {}, not {}; give another folder with --outbox for another LRS",
                            info.endpoint,
                            endpoint.as_str()
                        ),
                    ));
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let text = serde_json::to_string_pretty(&OutboxInfo {
                    endpoint: endpoint.as_str().to_owned(),
                })
                .map_err(|e| fail(&info_path, e.to_string()))?;
                write_atomically(&info_path, text.as_bytes()).map_err(|e| fail(&info_path, e))?;
            }
            Err(e) => return Err(fail(&info_path, format!("cannot read it: {e}"))),
        }
        let ledger = dir.join("acknowledged.txt");
        let acknowledged = match std::fs::read_to_string(&ledger) {
            Ok(text) => text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeSet::new(),
            Err(e) => return Err(fail(&ledger, format!("cannot read it: {e}"))),
        };
        Ok(Outbox {
            dir: dir.to_path_buf(),
            acknowledged,
        })
    }

    fn fail(&self, path: &Path, why: impl Into<String>) -> LrsError {
        LrsError::Outbox {
            path: path.display().to_string(),
            why: why.into(),
        }
    }

    /// The pending files, in sending order.
    fn pending_files(&self) -> Result<Vec<PathBuf>, LrsError> {
        let folder = self.dir.join("pending");
        let entries = std::fs::read_dir(&folder).map_err(|e| self.fail(&folder, format!("cannot list it: {e}")))?;
        let mut files = Vec::new();
        for entry in entries {
            let path = entry
                .map_err(|e| self.fail(&folder, format!("cannot list it: {e}")))?
                .path();
            if path.extension().is_some_and(|x| x == "json") {
                files.push(path);
            }
        }
        files.sort();
        Ok(files)
    }

    fn read_queued(&self, path: &Path) -> Result<Queued, LrsError> {
        let text = std::fs::read_to_string(path).map_err(|e| self.fail(path, format!("cannot read it: {e}")))?;
        let q: Queued = serde_json::from_str(&text).map_err(|e| {
            self.fail(
                path,
                format!("not a queued statement ({e}); move it out of the outbox and send again"),
            )
        })?;
        if q.statement.get("id").and_then(Value::as_str) != Some(q.id.as_str()) {
            return Err(self.fail(
                path,
                "the statement's id is not the id it was queued under; move it out of the outbox and send again",
            ));
        }
        Ok(q)
    }

    /// The ids of the statements waiting to be sent, in sending order.
    pub fn pending(&self) -> Result<Vec<String>, LrsError> {
        self.pending_files()?
            .iter()
            .map(|p| self.read_queued(p).map(|q| q.id))
            .collect()
    }

    /// How many statements the LRS has acknowledged through this outbox.
    pub fn acknowledged(&self) -> usize {
        self.acknowledged.len()
    }

    /// Queues the statements (each must have a string `id`) that are neither pending nor
    /// acknowledged already, after those already pending.
    pub fn queue(&mut self, statements: &[Value]) -> Result<QueueReport, LrsError> {
        let mut pending: BTreeSet<String> = self.pending()?.into_iter().collect();
        let files = self.pending_files()?;
        let mut next = files
            .last()
            .and_then(|p| p.file_name()?.to_str()?.split('-').next()?.parse::<u64>().ok())
            .map_or(1, |n| n + 1);
        let mut report = QueueReport::default();
        for statement in statements {
            // xAPI ids are UUIDs; the id also names the statement's file, so nothing else may pass.
            let Some(id) = statement
                .get("id")
                .and_then(Value::as_str)
                .filter(|id| uuid::Uuid::parse_str(id).is_ok())
            else {
                return Err(LrsError::Setup(
                    "a statement without a UUID as its id cannot be queued; nothing more was queued".into(),
                ));
            };
            if self.acknowledged.contains(id) {
                report.already_acknowledged += 1;
                continue;
            }
            if pending.contains(id) {
                report.already_pending += 1;
                continue;
            }
            let path = self.dir.join("pending").join(format!("{next:010}-{id}.json"));
            let text = serde_json::to_string(&Queued {
                id: id.to_owned(),
                statement: statement.clone(),
            })
            .map_err(|e| self.fail(&path, e.to_string()))?;
            write_atomically(&path, text.as_bytes()).map_err(|e| self.fail(&path, e))?;
            pending.insert(id.to_owned());
            next += 1;
            report.queued += 1;
        }
        Ok(report)
    }

    /// Records that the LRS acknowledged `ids` (flushed to disk), then removes their files.
    fn acknowledge(&mut self, files: &[PathBuf], ids: &[String]) -> Result<(), LrsError> {
        let ledger = self.dir.join("acknowledged.txt");
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&ledger)
            .map_err(|e| self.fail(&ledger, format!("cannot open it: {e}")))?;
        let mut lines = String::new();
        for id in ids {
            lines.push_str(id);
            lines.push('\n');
        }
        f.write_all(lines.as_bytes())
            .and_then(|()| f.sync_all())
            .map_err(|e| self.fail(&ledger, format!("cannot write it: {e}")))?;
        self.acknowledged.extend(ids.iter().cloned());
        for file in files {
            std::fs::remove_file(file).map_err(|e| self.fail(file, format!("cannot remove it: {e}")))?;
        }
        Ok(())
    }

    /// Sends every pending statement to the LRS, `batch` at a time, oldest first; stops at the first
    /// batch not acknowledged, which stays pending with everything after it.
    pub fn send(
        &mut self,
        endpoint: &Endpoint,
        credentials: Option<&Credentials>,
        batch: usize,
    ) -> Result<SendReport, LrsError> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(REQUEST_TIMEOUT))
            .http_status_as_error(false)
            // A redirected POST may be retried as a GET, whose 200 would look like an
            // acknowledgement: a redirect is reported instead, and nothing leaves the outbox.
            .max_redirects(0)
            .build()
            .into();
        let files = self.pending_files()?;
        let mut report = SendReport {
            pending: files.len(),
            ..SendReport::default()
        };
        for chunk in files.chunks(batch.max(1)) {
            let queued = chunk
                .iter()
                .map(|p| self.read_queued(p))
                .collect::<Result<Vec<_>, _>>()?;
            let ids: Vec<String> = queued.iter().map(|q| q.id.clone()).collect();
            let body = serde_json::to_string(&queued.iter().map(|q| &q.statement).collect::<Vec<_>>())
                .map_err(|e| LrsError::Setup(e.to_string()))?;
            let mut request = agent
                .post(endpoint.statements())
                .header("X-Experience-API-Version", XAPI_VERSION)
                .header("Content-Type", "application/json");
            if let Some(c) = credentials {
                request = request.header("Authorization", c.header());
            }
            let outcome = request.send(body.as_str());
            report.batches += 1;
            let refused = |why: String, help: String, report: &SendReport| LrsError::NotDelivered {
                why,
                help,
                sent: report.sent,
                pending: report.pending,
            };
            let mut response = match outcome {
                Ok(r) => r,
                Err(e) => {
                    let why = unreachable_why(endpoint, &e);
                    return Err(refused(why, keep_help(&self.dir, report.pending), &report));
                }
            };
            let status = response.status().as_u16();
            let location = response
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .map(str::to_owned);
            let body = response
                .body_mut()
                .with_config()
                .limit(1 << 20)
                .read_to_string()
                .unwrap_or_default();
            // An LRS answers a stored batch with the ids (200), or with nothing when it had them all
            // (204). A 200 that is not a list of ids comes from something else (a proxy's login
            // page, a web server at the wrong address): nothing is taken as acknowledged.
            let acknowledged = status == 204 || (status == 200 && serde_json::from_str::<Vec<String>>(&body).is_ok());
            if acknowledged {
                self.acknowledge(chunk, &ids)?;
                report.sent += ids.len();
                report.pending -= ids.len();
                continue;
            }
            let said = lrs_said(&body);
            let why = match status {
                200 => format!(
                    "{} answered, but not with statement ids: is it the LRS's xAPI endpoint?",
                    endpoint.statements()
                ),
                300..=399 => format!(
                    "the LRS at {} redirects to {} (HTTP {status}); give that address as --endpoint",
                    endpoint.as_str(),
                    location.as_deref().unwrap_or("another address")
                ),
                401 | 403 => format!(
                    "the LRS at {} refused the credentials (HTTP {status}{said})",
                    endpoint.as_str()
                ),
                400 | 409 => format!(
                    "the LRS at {} rejected a batch of {} statement(s) (HTTP {status}{said}); first in it: {}",
                    endpoint.as_str(),
                    ids.len(),
                    ids.first().map_or("", String::as_str)
                ),
                404 => format!(
                    "the LRS at {} has no statements resource at {} (HTTP 404): is the endpoint the xAPI address?",
                    endpoint.as_str(),
                    endpoint.statements()
                ),
                _ => format!(
                    "the LRS at {} could not store the statements (HTTP {status}{said})",
                    endpoint.as_str()
                ),
            };
            let help = match status {
                401 | 403 => format!(
                    "check --user and --password-file (the LRS's key and secret, allowed to write statements); {}",
                    keep_help(&self.dir, report.pending)
                ),
                _ => keep_help(&self.dir, report.pending),
            };
            return Err(refused(why, help, &report));
        }
        Ok(report)
    }
}

/// What the LRS's error body says, briefly (`: …`), when it says something.
fn lrs_said(body: &str) -> String {
    let text = serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|v| v.get("detail").or_else(|| v.get("message")).map(|d| d.to_string()))
        .unwrap_or_else(|| body.trim().to_owned());
    let text: String = text.chars().filter(|c| !c.is_control()).take(300).collect();
    if text.is_empty() {
        String::new()
    } else {
        format!(": {text}")
    }
}

fn keep_help(dir: &Path, pending: usize) -> String {
    format!(
        "nothing is lost: {pending} statement(s) wait in the outbox {}; run `kam-sim results send-xapi` again to deliver them",
        dir.display()
    )
}

fn unreachable_why(endpoint: &Endpoint, e: &ureq::Error) -> String {
    let what = match e {
        ureq::Error::HostNotFound => "its host name is not known (offline, or a typing error?)".to_owned(),
        ureq::Error::ConnectionFailed => "the connection was refused (is the LRS running?)".to_owned(),
        ureq::Error::Timeout(_) => format!("it did not answer within {} s", REQUEST_TIMEOUT.as_secs()),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            "the connection was refused (is the LRS running?)".to_owned()
        }
        ureq::Error::Io(io) => format!("the connection failed: {io}"),
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) => format!("the secure connection failed: {e}"),
        other => other.to_string(),
    };
    format!("cannot reach the LRS at {}: {what}", endpoint.as_str())
}

/// Writes a file atomically: a temporary file in its folder, flushed, then renamed over it.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(folder).map_err(|e| format!("cannot write it: {e}"))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| format!("cannot write it: {e}"))?;
    tmp.persist(path).map_err(|e| format!("cannot write it: {}", e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endpoint_is_https_or_http_on_this_machine_only() {
        for ok in [
            "https://lrs.example.com/xAPI/",
            "http://127.0.0.1:8100/xAPI",
            "http://localhost/x",
        ] {
            assert!(Endpoint::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            Endpoint::parse("https://lrs.example.com/xAPI/")
                .map(|e| e.statements())
                .ok(),
            Some("https://lrs.example.com/xAPI/statements".to_owned())
        );
        for bad in [
            "http://lrs.example.com/xAPI",
            "ftp://lrs.example.com",
            "lrs",
            "https://lrs.example.com/x?y=1",
        ] {
            assert!(Endpoint::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn credentials_never_show_the_password_in_debug_output() {
        let c = Credentials {
            user: "key".into(),
            password: "s3cret".into(),
        };
        assert!(!format!("{c:?}").contains("s3cret"));
        assert_eq!(c.header(), "Basic a2V5OnMzY3JldA==");
    }
}
