//! The results store: verified assessment results in a local SQLite database, created on first use,
//! or on a PostgreSQL server an organisation's offices share. One code path for both: the same
//! schema and migrations, the same statements (`backend.rs`), the same checks and messages.
//!
//! Importing is all or nothing: every file is verified (signature and replay) before anything is
//! written, and the rows go in one transaction, so a refused file, a locked or read-only database, a
//! full disk or a connection lost on the way leave the database exactly as it was. A retake is
//! stored as the candidate's next numbered attempt; imports from several programs at once queue.
//!
//! Beside each signed result (the truth), the result is spread over plain tables an analyst can query
//! with `sqlite3` or `psql` — `candidates`, `attempts`, `scenario_results`, `competency_scores`, `mistakes` —
//! documented in `docs/assessment.md`. Every read that a report or an export makes verifies each
//! signed result again with the key and checks that the plain columns still say what it says, so a
//! row edited by hand is refused by name, never reported.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite_migration::{M, Migrations};

use super::backend::{Connection, DbError, Intent, Row as DbRow, Value};
use super::postgres::{ADDRESS_FORM, ServerAddress, bring_up_to_date};
use super::sqlite::{OwnDatabase, is_server_address, open_own};

use crate::core::assessment::signing::{Key, Verification, read_verified_stored, signature_bytes};
use crate::core::assessment::{AssessmentResult, LoadedAssessment};

/// Why the store could not do what was asked. Every message says what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database cannot be used.
    #[error("database `{path}`: {why}")]
    Database {
        /// The file, or the server's address (without its password).
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
/// add the next one, here and in [`POSTGRES_MIGRATIONS`].
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

/// The same schema on PostgreSQL, version for version: the same tables, columns, keys and indexes,
/// in PostgreSQL's types (`BIGINT` integers, `BOOLEAN` truth values, identity ids). The version is
/// kept in the table `kam_sim_schema`. Never edit a shipped migration: add the next one.
const POSTGRES_MIGRATIONS: [&str; 2] = [
    // 1: the first store (kam-sim 0.1).
    "CREATE TABLE results (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        assessment TEXT NOT NULL,
        candidate TEXT NOT NULL,
        signature TEXT NOT NULL UNIQUE,
        average_score BIGINT NOT NULL,
        passed BOOLEAN NOT NULL,
        imported_at TEXT NOT NULL,
        json TEXT NOT NULL,
        UNIQUE (assessment, candidate)
    );",
    // 2: result format 2, numbered attempts, and tables an analyst can query.
    "ALTER TABLE results RENAME TO results_format1;
    CREATE TABLE candidates (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
    );
    CREATE TABLE attempts (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        candidate_id BIGINT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
        assessment TEXT NOT NULL,
        assessment_name TEXT NOT NULL,
        attempt BIGINT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        language TEXT NOT NULL,
        simulated BOOLEAN NOT NULL,
        profile TEXT NOT NULL,
        average_score BIGINT NOT NULL,
        passed BOOLEAN NOT NULL,
        mistakes BIGINT NOT NULL,
        critical_mistakes BIGINT NOT NULL,
        meeting_ms BIGINT NOT NULL,
        signature TEXT NOT NULL UNIQUE,
        imported_at TEXT NOT NULL,
        signed_result TEXT NOT NULL,
        UNIQUE (candidate_id, assessment, attempt)
    );
    CREATE INDEX attempts_by_assessment ON attempts(assessment, finished_at);
    CREATE TABLE scenario_results (
        attempt_id BIGINT NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
        position BIGINT NOT NULL,
        scenario TEXT NOT NULL,
        seed BIGINT NOT NULL,
        score BIGINT NOT NULL,
        grade TEXT NOT NULL,
        ending TEXT NOT NULL,
        outcome TEXT NOT NULL,
        price_cents BIGINT,
        floor_cents BIGINT,
        below_floor BOOLEAN,
        meeting_ms BIGINT NOT NULL,
        PRIMARY KEY (attempt_id, position)
    );
    CREATE INDEX scenario_results_by_scenario ON scenario_results(scenario);
    CREATE TABLE competency_scores (
        attempt_id BIGINT NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
        competency TEXT NOT NULL,
        score BIGINT NOT NULL,
        target BIGINT,
        PRIMARY KEY (attempt_id, competency)
    );
    CREATE TABLE mistakes (
        attempt_id BIGINT NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
        position BIGINT NOT NULL,
        scenario TEXT NOT NULL,
        mistake TEXT NOT NULL,
        severity TEXT NOT NULL,
        node TEXT,
        option TEXT,
        at_ms BIGINT NOT NULL
    );
    CREATE INDEX mistakes_by_attempt ON mistakes(attempt_id);
    CREATE INDEX mistakes_by_mistake ON mistakes(mistake);",
];

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

/// Where the results are: a SQLite file, or a PostgreSQL server.
#[derive(Debug, Clone)]
pub enum StoreAddress {
    /// A SQLite file (created on first import).
    File(PathBuf),
    /// A PostgreSQL database (`postgres://USER@HOST:PORT/DBNAME`), its schema created on first import.
    /// (Boxed: its connection settings are many times the size of a path.)
    Server(Box<ServerAddress>),
}

impl StoreAddress {
    /// Reads a `--db` argument: a `postgres://` (or `postgresql://`) address, else a file's path.
    /// Another scheme is refused, naming only the scheme (the rest may hold a password).
    pub fn parse(text: &str) -> Result<StoreAddress, StoreError> {
        let Some((scheme, _)) = text.split_once("://").filter(|_| is_server_address(text)) else {
            return Ok(StoreAddress::File(PathBuf::from(text)));
        };
        if scheme.eq_ignore_ascii_case("postgres") || scheme.eq_ignore_ascii_case("postgresql") {
            return ServerAddress::parse(text)
                .map(|server| StoreAddress::Server(Box::new(server)))
                .map_err(StoreError::Refused);
        }
        Err(StoreError::Refused(format!(
            "`{}://…` is no database kam-sim can keep results in: give a SQLite file's path (such as results/results.db) or a PostgreSQL server's address ({ADDRESS_FORM})",
            scheme.chars().take(20).collect::<String>().escape_debug()
        )))
    }

    /// The address as messages show it (a server's without its password).
    pub fn shown(&self) -> String {
        match self {
            StoreAddress::File(path) => path.display().to_string(),
            StoreAddress::Server(server) => server.shown().to_owned(),
        }
    }

    /// A database failure in words, naming this database, never a password.
    fn explain(&self, e: &DbError) -> StoreError {
        match (self, e) {
            (StoreAddress::Server(server), DbError::Postgres(pe)) => server.explain(pe),
            _ => e.explain(&self.shown()),
        }
    }
}

impl From<&Path> for StoreAddress {
    fn from(path: &Path) -> StoreAddress {
        StoreAddress::File(path.to_path_buf())
    }
}

impl From<PathBuf> for StoreAddress {
    fn from(path: PathBuf) -> StoreAddress {
        StoreAddress::File(path)
    }
}

impl From<&PathBuf> for StoreAddress {
    fn from(path: &PathBuf) -> StoreAddress {
        StoreAddress::File(path.clone())
    }
}

impl std::fmt::Display for StoreAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown())
    }
}

/// An open results database.
pub struct Store {
    conn: Connection,
    address: StoreAddress,
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
    /// Opens (creating it and its schema if needed) the database at `address`.
    pub fn open(address: impl Into<StoreAddress>) -> Result<Store, StoreError> {
        Store::open_with(address.into(), true)
    }

    /// Opens an existing database (a report never creates one).
    pub fn open_existing(address: impl Into<StoreAddress>) -> Result<Store, StoreError> {
        let address = address.into();
        if let StoreAddress::File(path) = &address
            && !path.exists()
            // A server's address given as a path: `open` says why it is refused.
            && !is_server_address(&path.display().to_string())
        {
            return Err(StoreError::Database {
                path: path.display().to_string(),
                why: "no such database; import results first (`kam-sim results import FILE... --db PATH`)".into(),
            });
        }
        Store::open_with(address, false)
    }

    fn open_with(address: StoreAddress, create: bool) -> Result<Store, StoreError> {
        let conn = match &address {
            StoreAddress::File(path) => Connection::Sqlite(open_own(
                path,
                &OwnDatabase {
                    what: "results database",
                    example: "results/results.db",
                    tables: OWN_TABLES,
                    migrations: migrations(),
                },
            )?),
            StoreAddress::Server(server) => {
                let mut client = server.connect()?;
                bring_up_to_date(
                    &mut client,
                    server,
                    "results database",
                    OWN_TABLES,
                    &POSTGRES_MIGRATIONS,
                    create,
                )?;
                Connection::Postgres(Box::new(client), HashMap::new())
            }
        };
        Ok(Store { conn, address })
    }

    /// Where the store is.
    pub fn address(&self) -> &StoreAddress {
        &self.address
    }

    fn err(&self, e: &DbError) -> StoreError {
        self.address.explain(e)
    }

    /// How long to wait for another program's write before giving up (default [`BUSY_TIMEOUT`]).
    pub fn set_busy_timeout(&mut self, wait: std::time::Duration) -> Result<(), StoreError> {
        let outcome = match &mut self.conn {
            Connection::Sqlite(c) => c.busy_timeout(wait).map_err(DbError::from),
            Connection::Postgres(c, _) => c
                .batch_execute(&format!("SET lock_timeout = '{}ms'", wait.as_millis()))
                .map_err(DbError::from),
        };
        outcome.map_err(|e| self.err(&e))
    }

    /// Runs one read-only query in a transaction of its own.
    fn read<T>(
        &mut self,
        sql: &str,
        params: &[Value],
        read: impl FnMut(&DbRow<'_>) -> Result<T, DbError>,
    ) -> Result<Vec<T>, StoreError> {
        let address = &self.address;
        let outcome = self.conn.begin(Intent::Read).and_then(|mut tx| {
            let rows = tx.query(sql, params, read)?;
            tx.commit()?;
            Ok(rows)
        });
        outcome.map_err(|e| address.explain(&e))
    }

    /// Results of the earlier format kept from before the upgrade (never reported).
    pub fn earlier_format_results(&mut self) -> Result<usize, StoreError> {
        let n = self.read("SELECT count(*) FROM results_format1", &[], |r| r.int(0))?;
        Ok(n.first().copied().unwrap_or(0) as usize)
    }

    /// Every candidate's name, sorted (for "did you mean").
    pub fn candidates(&mut self) -> Result<Vec<String>, StoreError> {
        self.read("SELECT name FROM candidates ORDER BY name", &[], |r| r.text(0))
    }

    fn rows(&mut self, filter: Filter<'_>) -> Result<Vec<Row>, StoreError> {
        self.read(
            "SELECT a.attempt, c.name, a.assessment, a.average_score, a.passed, a.simulated, a.signature,
                    a.imported_at, a.signed_result
             FROM attempts a JOIN candidates c ON c.id = a.candidate_id
             WHERE (CAST($1 AS TEXT) IS NULL OR a.assessment = $1) AND (CAST($2 AS TEXT) IS NULL OR c.name = $2)
             ORDER BY a.id",
            &[filter.assessment.into(), filter.candidate.into()],
            |r| {
                Ok(Row {
                    attempt: r.u32(0)?,
                    candidate: r.text(1)?,
                    assessment: r.text(2)?,
                    average_score: r.int(3)?,
                    passed: r.boolean(4)?,
                    simulated: r.boolean(5)?,
                    signature: r.text(6)?,
                    imported_at: r.text(7)?,
                    signed_result: r.text(8)?,
                })
            },
        )
    }

    /// The stored results that match `filter`, each verified again with `key`; refuses them all,
    /// naming each candidate and what does not match, when one was altered in the database.
    pub fn verified(&mut self, filter: Filter<'_>, key: &Key) -> Result<Vec<StoredResult>, StoreError> {
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
                self.address.shown()
            )))
        }
    }

    /// Deletes a candidate and every result of theirs (an erasure request); returns how many
    /// attempts went. In a SQLite file the freed pages are overwritten (`secure_delete`), so nothing
    /// is left in the file; on a PostgreSQL server the rows are gone from every query at once and
    /// from the files at the next vacuum (docs/organisation.md).
    pub fn delete_candidate(&mut self, candidate: &str) -> Result<usize, StoreError> {
        if let Connection::Sqlite(c) = &self.conn {
            c.pragma_update(None, "secure_delete", true)
                .map_err(|e| self.err(&DbError::from(e)))?;
        }
        let address = &self.address;
        let outcome = self.conn.begin(Intent::Write).and_then(|mut tx| {
            let attempts = tx.query_one(
                "SELECT count(*) FROM attempts a JOIN candidates c ON c.id = a.candidate_id WHERE c.name = $1",
                &[candidate.into()],
                |r| r.int(0),
            )?;
            let deleted = tx.execute("DELETE FROM candidates WHERE name = $1", &[candidate.into()])?;
            tx.commit()?;
            Ok((attempts, deleted))
        });
        let (attempts, deleted) = outcome.map_err(|e| address.explain(&e))?;
        if deleted == 0 {
            return Err(StoreError::Refused(format!(
                "no candidate `{candidate}` in `{}`; nothing was deleted",
                self.address.shown()
            )));
        }
        Ok(attempts as usize)
    }
}

/// Verifies one stored row: its signed result with the key, and its plain columns against it.
fn check_row(row: &Row, key: &Key) -> Result<AssessmentResult, String> {
    let result = read_verified_stored(&row.signed_result, key)?;
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
    let address = &store.address;
    let mut report = ImportReport::default();
    let outcome = store.conn.begin(Intent::Write).and_then(|mut tx| {
        for (f, result) in checked {
            match store_one(&mut tx, &result, imported_at)? {
                Some(attempt) => report.stored.push((f.name.clone(), attempt)),
                None => report.already_stored.push(f.name.clone()),
            }
        }
        tx.commit()
    });
    outcome.map_err(|e| address.explain(&e))?;
    Ok(report)
}

/// Stores one verified result in the transaction; returns its attempt number, or `None` when the
/// same signed result is stored already.
fn store_one(
    tx: &mut super::backend::Transaction<'_>,
    result: &AssessmentResult,
    imported_at: &str,
) -> Result<Option<u32>, DbError> {
    let signature = result
        .signature
        .as_ref()
        .and_then(signature_bytes)
        .map(hex::encode)
        .unwrap_or_default();
    let already = tx.query_opt(
        "SELECT id FROM attempts WHERE signature = $1",
        &[signature.as_str().into()],
        |r| r.int(0),
    )?;
    if already.is_some() {
        return Ok(None);
    }
    tx.execute(
        "INSERT INTO candidates (name) VALUES ($1) ON CONFLICT (name) DO NOTHING",
        &[(&result.candidate).into()],
    )?;
    let candidate_id = tx.query_one(
        "SELECT id FROM candidates WHERE name = $1",
        &[(&result.candidate).into()],
        |r| r.int(0),
    )?;
    let attempt = tx.query_one(
        "SELECT coalesce(max(attempt), 0) + 1 FROM attempts WHERE candidate_id = $1 AND assessment = $2",
        &[candidate_id.into(), (&result.assessment).into()],
        |r| r.u32(0),
    )?;
    let s = &result.summary;
    // Serialising plain structs, strings, integers and maps with string keys cannot fail.
    let signed = serde_json::to_string(result).map_err(|e| DbError::Column(e.to_string()))?;
    let attempt_id = tx.query_one(
        "INSERT INTO attempts (candidate_id, assessment, assessment_name, attempt, started_at, finished_at,
             language, simulated, profile, average_score, passed, mistakes, critical_mistakes, meeting_ms,
             signature, imported_at, signed_result)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         RETURNING id",
        &[
            candidate_id.into(),
            (&result.assessment).into(),
            (&result.assessment_name).into(),
            attempt.into(),
            (&result.started_at).into(),
            (&result.finished_at).into(),
            (&result.language).into(),
            result.played_by.is_simulated().into(),
            (&result.target.id).into(),
            s.average_score.into(),
            s.passed.into(),
            (s.mistakes as i64).into(),
            (s.critical_mistakes as i64).into(),
            (s.meeting_ms as i64).into(),
            signature.into(),
            imported_at.into(),
            signed.into(),
        ],
        |r| r.int(0),
    )?;
    // One statement per table, of many rows: a server is asked three times per result, not once
    // per scenario, mistake and competency.
    let mut scenarios = Vec::new();
    let mut mistakes = Vec::new();
    for (position, run) in result.runs.iter().enumerate() {
        let r = &run.result;
        let cents = |v: f64| (v * 100.0).round() as i64;
        scenarios.push(vec![
            attempt_id.into(),
            (position as i64 + 1).into(),
            (&run.scenario).into(),
            (run.seed as i64).into(),
            r.score.into(),
            format!("{:?}", r.grade).into(),
            (&r.ending).into(),
            serde_json::to_value(r.outcome)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
                .into(),
            r.deal.as_ref().map(|d| cents(d.price)).into(),
            r.deal.as_ref().map(|d| cents(d.floor_price)).into(),
            r.deal.as_ref().map(|d| d.below_floor).into(),
            (run.meeting_ms() as i64).into(),
        ]);
        for (k, m) in r.mistakes.iter().enumerate() {
            mistakes.push(vec![
                attempt_id.into(),
                (k as i64 + 1).into(),
                (&run.scenario).into(),
                (&m.id).into(),
                format!("{:?}", m.severity).to_lowercase().into(),
                m.node.as_ref().into(),
                m.option.as_ref().into(),
                ((m.at_seconds * 1000.0).round() as i64).into(),
            ]);
        }
    }
    let competencies: Vec<Vec<Value>> = s
        .competencies
        .iter()
        .map(|(competency, score)| {
            vec![
                attempt_id.into(),
                competency.into(),
                (*score).into(),
                result.target.levels.get(competency).copied().into(),
            ]
        })
        .collect();
    tx.insert_rows(
        "scenario_results (attempt_id, position, scenario, seed, score, grade, ending, outcome, price_cents, floor_cents, below_floor, meeting_ms)",
        scenarios,
    )?;
    tx.insert_rows(
        "mistakes (attempt_id, position, scenario, mistake, severity, node, option, at_ms)",
        mistakes,
    )?;
    tx.insert_rows(
        "competency_scores (attempt_id, competency, score, target)",
        competencies,
    )?;
    Ok(Some(attempt))
}
