//! The results store: verified assessment results in a local SQLite database, created on first use.
//!
//! Importing is all or nothing: every file is verified (signature and replay) before anything is
//! written, and the rows go in one transaction, so a refused file, a locked or read-only database or a
//! full disk leave the database exactly as it was. A retake is stored as the candidate's next
//! numbered attempt.
//!
//! Beside each signed result (the truth), the result is spread over plain tables an analyst can query
//! with `sqlite3` — `candidates`, `attempts`, `scenario_results`, `competency_scores`, `mistakes` —
//! documented in `docs/assessment.md`. Every read that a report or an export makes verifies each
//! signed result again with the key and checks that the plain columns still say what it says, so a
//! row edited by hand is refused by name, never reported.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use rusqlite_migration::{M, Migrations};

use super::sqlite::{OwnDatabase, explain, open_own};

use crate::core::assessment::signing::{Key, Verification, read_verified, signature_bytes};
use crate::core::assessment::{AssessmentResult, LoadedAssessment};

/// Why the store could not do what was asked. Every message says what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database file cannot be used.
    #[error("database `{path}`: {why}")]
    Database {
        /// The file.
        path: String,
        /// What went wrong, in words.
        why: String,
    },
    /// A file or a stored result was refused; nothing was written.
    #[error("{0}")]
    Refused(String),
}

/// How long a command waits for another program's write to finish before it gives up.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// The schema, one migration per version (SQLite's `user_version`). Never edit a shipped migration:
/// add the next one.
fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        // 1: the first store (kam-sim 0.1): one row per signed result of result format 1.
        M::up(
            "CREATE TABLE IF NOT EXISTS results (
                id INTEGER PRIMARY KEY,
                assessment TEXT NOT NULL,
                candidate TEXT NOT NULL,
                signature TEXT NOT NULL UNIQUE,
                average_score INTEGER NOT NULL,
                passed INTEGER NOT NULL,
                imported_at TEXT NOT NULL,
                json TEXT NOT NULL,
                UNIQUE (assessment, candidate)
            );",
        ),
        // 2: result format 2, numbered attempts, and tables an analyst can query. Results of format 1
        // cannot be verified exactly any more: they are kept, untouched, in `results_format1`.
        M::up(
            "ALTER TABLE results RENAME TO results_format1;
            CREATE TABLE candidates (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE
            );
            CREATE TABLE attempts (
                id INTEGER PRIMARY KEY,
                candidate_id INTEGER NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
                assessment TEXT NOT NULL,
                assessment_name TEXT NOT NULL,
                attempt INTEGER NOT NULL,
                started_at TEXT NOT NULL,
                finished_at TEXT NOT NULL,
                language TEXT NOT NULL,
                simulated INTEGER NOT NULL,
                profile TEXT NOT NULL,
                average_score INTEGER NOT NULL,
                passed INTEGER NOT NULL,
                mistakes INTEGER NOT NULL,
                critical_mistakes INTEGER NOT NULL,
                meeting_ms INTEGER NOT NULL,
                signature TEXT NOT NULL UNIQUE,
                imported_at TEXT NOT NULL,
                signed_result TEXT NOT NULL,
                UNIQUE (candidate_id, assessment, attempt)
            );
            CREATE INDEX attempts_by_assessment ON attempts(assessment, finished_at);
            CREATE TABLE scenario_results (
                attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                scenario TEXT NOT NULL,
                seed INTEGER NOT NULL,
                score INTEGER NOT NULL,
                grade TEXT NOT NULL,
                ending TEXT NOT NULL,
                outcome TEXT NOT NULL,
                price_cents INTEGER,
                floor_cents INTEGER,
                below_floor INTEGER,
                meeting_ms INTEGER NOT NULL,
                PRIMARY KEY (attempt_id, position)
            );
            CREATE INDEX scenario_results_by_scenario ON scenario_results(scenario);
            CREATE TABLE competency_scores (
                attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
                competency TEXT NOT NULL,
                score INTEGER NOT NULL,
                target INTEGER,
                PRIMARY KEY (attempt_id, competency)
            );
            CREATE TABLE mistakes (
                attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                scenario TEXT NOT NULL,
                mistake TEXT NOT NULL,
                severity TEXT NOT NULL,
                node TEXT,
                option TEXT,
                at_ms INTEGER NOT NULL
            );
            CREATE INDEX mistakes_by_attempt ON mistakes(attempt_id);
            CREATE INDEX mistakes_by_mistake ON mistakes(mistake);",
        ),
    ])
}

/// The tables of the latest schema (and SQLite's own), for recognising a foreign database.
const OWN_TABLES: &[&str] = &[
    "results",
    "results_format1",
    "candidates",
    "attempts",
    "scenario_results",
    "competency_scores",
    "mistakes",
];

/// An open results database.
pub struct Store {
    conn: Connection,
    path: String,
}

/// Which stored results to read.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter<'a> {
    /// Only this assessment.
    pub assessment: Option<&'a str>,
    /// Only this candidate.
    pub candidate: Option<&'a str>,
}

/// A stored result, verified.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredResult {
    /// The candidate's attempt number at this assessment: 1, 2, …
    pub attempt: u32,
    /// When it was imported (RFC 3339).
    pub imported_at: String,
    /// The signed result.
    pub result: AssessmentResult,
}

struct Row {
    attempt: u32,
    candidate: String,
    assessment: String,
    average_score: i64,
    passed: bool,
    simulated: bool,
    signature: String,
    imported_at: String,
    signed_result: String,
}

impl Store {
    /// Opens (creating it and its schema if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = open_own(
            path,
            &OwnDatabase {
                what: "results database",
                example: "results/results.db",
                tables: OWN_TABLES,
                migrations: migrations(),
            },
        )?;
        Ok(Store {
            conn,
            path: path.display().to_string(),
        })
    }

    /// Opens an existing database (a report never creates one).
    pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
        // A server's address is no file: `open` says why it is refused.
        if !path.exists() && !super::sqlite::is_server_address(&path.display().to_string()) {
            return Err(StoreError::Database {
                path: path.display().to_string(),
                why: "no such database; import results first (`kam-sim results import FILE... --db PATH`)".into(),
            });
        }
        Store::open(path)
    }

    fn err(&self, e: &rusqlite::Error) -> StoreError {
        explain(&self.path, e)
    }

    /// How long to wait for another program's write before giving up (default [`BUSY_TIMEOUT`]).
    pub fn set_busy_timeout(&self, wait: std::time::Duration) -> Result<(), StoreError> {
        self.conn.busy_timeout(wait).map_err(|e| self.err(&e))
    }

    /// Results of the earlier format kept from before the upgrade (never reported).
    pub fn earlier_format_results(&self) -> Result<usize, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM results_format1", [], |r| r.get::<_, i64>(0))
            .map(|n| n as usize)
            .map_err(|e| self.err(&e))
    }

    /// Every candidate's name, sorted (for "did you mean").
    pub fn candidates(&self) -> Result<Vec<String>, StoreError> {
        self.conn
            .prepare("SELECT name FROM candidates ORDER BY name")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .map_err(|e| self.err(&e))
    }

    fn rows(&self, filter: Filter<'_>) -> Result<Vec<Row>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT a.attempt, c.name, a.assessment, a.average_score, a.passed, a.simulated, a.signature,
                        a.imported_at, a.signed_result
                 FROM attempts a JOIN candidates c ON c.id = a.candidate_id
                 WHERE (?1 IS NULL OR a.assessment = ?1) AND (?2 IS NULL OR c.name = ?2)
                 ORDER BY a.id",
            )
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map(params![filter.assessment, filter.candidate], |r| {
                Ok(Row {
                    attempt: r.get(0)?,
                    candidate: r.get(1)?,
                    assessment: r.get(2)?,
                    average_score: r.get(3)?,
                    passed: r.get(4)?,
                    simulated: r.get(5)?,
                    signature: r.get(6)?,
                    imported_at: r.get(7)?,
                    signed_result: r.get(8)?,
                })
            })
            .map_err(|e| self.err(&e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.err(&e))
    }

    /// The stored results that match `filter`, each verified again with `key`; refuses them all,
    /// naming each candidate and what does not match, when one was altered in the database.
    pub fn verified(&self, filter: Filter<'_>, key: &Key) -> Result<Vec<StoredResult>, StoreError> {
        let mut out = Vec::new();
        let mut refusals = Vec::new();
        for row in self.rows(filter)? {
            match check_row(&row, key) {
                Ok(result) => out.push(StoredResult {
                    attempt: row.attempt,
                    imported_at: row.imported_at,
                    result,
                }),
                Err(why) => refusals.push(format!(
                    "stored result of candidate `{}` (assessment `{}`, attempt {}): {why}",
                    row.candidate, row.assessment, row.attempt
                )),
            }
        }
        if refusals.is_empty() {
            Ok(out)
        } else {
            Err(StoreError::Refused(format!(
                "{}\nthe database `{}` was altered after import; nothing was written. Re-import the signed result files into a fresh database",
                refusals.join("\n"),
                self.path
            )))
        }
    }

    /// Deletes a candidate and every result of theirs (an erasure request); returns how many
    /// attempts went. The freed pages are overwritten (`secure_delete`), so nothing is left in the file.
    pub fn delete_candidate(&mut self, candidate: &str) -> Result<usize, StoreError> {
        self.conn
            .pragma_update(None, "secure_delete", true)
            .map_err(|e| explain(&self.path, &e))?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| explain(&self.path, &e))?;
        let attempts: i64 = tx
            .query_row(
                "SELECT count(*) FROM attempts a JOIN candidates c ON c.id = a.candidate_id WHERE c.name = ?1",
                params![candidate],
                |r| r.get(0),
            )
            .map_err(|e| explain(&self.path, &e))?;
        let deleted = tx
            .execute("DELETE FROM candidates WHERE name = ?1", params![candidate])
            .map_err(|e| explain(&self.path, &e))?;
        tx.commit().map_err(|e| explain(&self.path, &e))?;
        if deleted == 0 {
            return Err(StoreError::Refused(format!(
                "no candidate `{candidate}` in `{}`; nothing was deleted",
                self.path
            )));
        }
        Ok(attempts as usize)
    }
}

/// Verifies one stored row: its signed result with the key, and its plain columns against it.
fn check_row(row: &Row, key: &Key) -> Result<AssessmentResult, String> {
    let result = read_verified(&row.signed_result, key)?;
    let s = &result.summary;
    let mut edits = Vec::new();
    let mut compare = |column: &str, stored: String, signed: String| {
        if stored != signed {
            edits.push(format!(
                "{column} is {stored} in the table but {signed} in the signed result"
            ));
        }
    };
    compare("candidate", row.candidate.clone(), result.candidate.clone());
    compare("assessment", row.assessment.clone(), result.assessment.clone());
    compare(
        "average_score",
        row.average_score.to_string(),
        s.average_score.to_string(),
    );
    compare("passed", row.passed.to_string(), s.passed.to_string());
    compare(
        "simulated",
        row.simulated.to_string(),
        result.played_by.is_simulated().to_string(),
    );
    compare(
        "signature",
        row.signature.clone(),
        result
            .signature
            .as_ref()
            .and_then(signature_bytes)
            .map(hex::encode)
            .unwrap_or_default(),
    );
    if edits.is_empty() {
        Ok(result)
    } else {
        Err(edits.join("; "))
    }
}

/// What an import did, file by file.
#[derive(Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    /// Files stored now, with the attempt number each became.
    pub stored: Vec<(String, u32)>,
    /// Files already in the database (the same signed result), skipped.
    pub already_stored: Vec<String>,
}

/// A file to import.
pub struct ImportFile {
    /// Its name, for messages.
    pub name: String,
    /// Its text.
    pub text: String,
}

/// Verifies every file — signature first, then, with the assessment `load` finds for the id the
/// signed file names, the replay — then stores them all in one transaction; refuses everything if
/// one fails.
pub fn import(
    store: &mut Store,
    files: &[ImportFile],
    key: &Key,
    mut load: impl FnMut(&str) -> Result<std::sync::Arc<LoadedAssessment>, String>,
    imported_at: &str,
) -> Result<ImportReport, StoreError> {
    let mut checked = Vec::new();
    let mut refusals = Vec::new();
    for f in files {
        let (v, result) =
            crate::core::assessment::signing::verify(f.text.as_str(), key, |id| load(id).map(|a| (*a).clone()));
        match (v, result) {
            (v, Some(result)) if v.ok() => checked.push((f, result)),
            (Verification { problems, .. }, _) => {
                refusals.push(format!("{}: refused:\n  {}", f.name, problems.join("\n  ")));
            }
        }
    }
    if !refusals.is_empty() {
        return Err(StoreError::Refused(format!(
            "{}\nnothing was imported",
            refusals.join("\n")
        )));
    }
    let path = store.path.clone();
    let db = |e: rusqlite::Error| explain(&path, &e);
    let mut report = ImportReport::default();
    // IMMEDIATE: take the write lock at the start, so two imports at once queue (busy timeout)
    // instead of one failing when it upgrades a read lock.
    let tx = store
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(db)?;
    for (f, result) in checked {
        let signature = result
            .signature
            .as_ref()
            .and_then(signature_bytes)
            .map(hex::encode)
            .unwrap_or_default();
        let already: Option<i64> = tx
            .query_row(
                "SELECT id FROM attempts WHERE signature = ?1",
                params![signature],
                |r| r.get(0),
            )
            .optional()
            .map_err(db)?;
        if already.is_some() {
            report.already_stored.push(f.name.clone());
            continue;
        }
        tx.execute(
            "INSERT INTO candidates (name) VALUES (?1) ON CONFLICT (name) DO NOTHING",
            params![result.candidate],
        )
        .map_err(db)?;
        let candidate_id: i64 = tx
            .query_row(
                "SELECT id FROM candidates WHERE name = ?1",
                params![result.candidate],
                |r| r.get(0),
            )
            .map_err(db)?;
        let attempt: u32 = tx
            .query_row(
                "SELECT coalesce(max(attempt), 0) + 1 FROM attempts WHERE candidate_id = ?1 AND assessment = ?2",
                params![candidate_id, result.assessment],
                |r| r.get(0),
            )
            .map_err(db)?;
        let s = &result.summary;
        let signed = serde_json::to_string(&result).map_err(|e| StoreError::Refused(e.to_string()))?;
        tx.execute(
            "INSERT INTO attempts (candidate_id, assessment, assessment_name, attempt, started_at, finished_at,
                 language, simulated, profile, average_score, passed, mistakes, critical_mistakes, meeting_ms,
                 signature, imported_at, signed_result)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            params![
                candidate_id,
                result.assessment,
                result.assessment_name,
                attempt,
                result.started_at,
                result.finished_at,
                result.language,
                result.played_by.is_simulated(),
                result.target.id,
                s.average_score,
                s.passed,
                s.mistakes as i64,
                s.critical_mistakes as i64,
                s.meeting_ms as i64,
                signature,
                imported_at,
                signed
            ],
        )
        .map_err(db)?;
        let attempt_id = tx.last_insert_rowid();
        for (position, run) in result.runs.iter().enumerate() {
            let r = &run.result;
            let cents = |v: f64| (v * 100.0).round() as i64;
            tx.execute(
                "INSERT INTO scenario_results (attempt_id, position, scenario, seed, score, grade, ending, outcome,
                     price_cents, floor_cents, below_floor, meeting_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    attempt_id,
                    position as i64 + 1,
                    run.scenario,
                    run.seed as i64,
                    r.score,
                    format!("{:?}", r.grade),
                    r.ending,
                    serde_json::to_value(r.outcome)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                    r.deal.as_ref().map(|d| cents(d.price)),
                    r.deal.as_ref().map(|d| cents(d.floor_price)),
                    r.deal.as_ref().map(|d| d.below_floor),
                    run.meeting_ms() as i64
                ],
            )
            .map_err(db)?;
            for (k, m) in r.mistakes.iter().enumerate() {
                tx.execute(
                    "INSERT INTO mistakes (attempt_id, position, scenario, mistake, severity, node, option, at_ms)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![
                        attempt_id,
                        k as i64 + 1,
                        run.scenario,
                        m.id,
                        format!("{:?}", m.severity).to_lowercase(),
                        m.node,
                        m.option,
                        (m.at_seconds * 1000.0).round() as i64
                    ],
                )
                .map_err(db)?;
            }
        }
        for (competency, score) in &s.competencies {
            tx.execute(
                "INSERT INTO competency_scores (attempt_id, competency, score, target) VALUES (?1, ?2, ?3, ?4)",
                params![attempt_id, competency, score, result.target.levels.get(competency)],
            )
            .map_err(db)?;
        }
        report.stored.push((f.name.clone(), attempt));
    }
    tx.commit().map_err(db)?;
    Ok(report)
}
