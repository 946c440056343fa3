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
//! row edited by hand is refused by name, never reported. A cohort report, which reads thousands,
//! reads instead what it needs of each result ([`CohortEntry`]), sealed with the key at import once
//! the result was verified in full, and checks that seal and the plain columns against it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite_migration::{M, Migrations};

use super::backend::{Connection, DbError, Intent, Row as DbRow, Value};
use super::postgres::{ADDRESS_FORM, ServerAddress, bring_up_to_date};
use super::sqlite::{OwnDatabase, is_server_address, open_own};

use super::entry::{CohortEntry, StoredEntry};
use crate::core::assessment::signing::{Key, Verification, read_verified_stored, seal, seal_holds, signature_bytes};
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
        // 3: what a cohort report reads of each result (`entry`, JSON of
        // `results::entry::CohortEntry`) and its seal: an HMAC with the manager's key over the
        // attempt, the signature and the entry, written once the result was verified in full.
        // Results stored before have no row here until `Store::seal_unsealed` verifies and seals
        // them. A table of its own, not columns of `attempts`: SQLite keeps a row's columns in
        // order, so a column after `signed_result` is reached only through its 35 KB.
        M::up(
            "CREATE TABLE cohort_entries (
                attempt_id INTEGER PRIMARY KEY REFERENCES attempts(id) ON DELETE CASCADE,
                entry TEXT NOT NULL,
                seal TEXT NOT NULL
            );",
        ),
    ])
}

/// The same schema on PostgreSQL, version for version: the same tables, columns, keys and indexes,
/// in PostgreSQL's types (`BIGINT` integers, `BOOLEAN` truth values, identity ids). The version is
/// kept in the table `kam_sim_schema`. Never edit a shipped migration: add the next one.
const POSTGRES_MIGRATIONS: [&str; 3] = [
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
    // 3: what a cohort report reads of each result, and its seal. And the signed results (~35 KB
    // each) compressed with lz4 rather than PostgreSQL's default pglz: a quarter of the server's
    // time per stored result (docs/performance.md), the same size. A server built without lz4, or
    // older than PostgreSQL 14 (no per-column compression), keeps its default.
    "CREATE TABLE cohort_entries (
        attempt_id BIGINT PRIMARY KEY REFERENCES attempts(id) ON DELETE CASCADE,
        entry TEXT NOT NULL,
        seal TEXT NOT NULL
    );
    DO $$
    BEGIN
        EXECUTE 'ALTER TABLE attempts ALTER COLUMN signed_result SET COMPRESSION lz4';
    EXCEPTION WHEN feature_not_supported OR syntax_error THEN
        NULL;
    END $$;",
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
    "cohort_entries",
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
            StoreAddress::File(path) => {
                let conn = open_own(
                    path,
                    &OwnDatabase {
                        what: "results database",
                        example: "results/results.db",
                        tables: OWN_TABLES,
                        migrations: migrations(),
                    },
                )?;
                // Content SQLite moves or frees is overwritten with zeros, from the first write on:
                // not only the rows an erasure deletes but the copies a page split leaves behind
                // (a cohort entry fills most of a page), so an erased name is nowhere in the file.
                conn.pragma_update(None, "secure_delete", true)
                    .map_err(|e| DbError::from(e).explain(&path.display().to_string()))?;
                Connection::Sqlite(conn)
            }
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
            Err(self.altered(&refusals))
        }
    }

    /// The stored results that match `filter` as a cohort report reads them ([`CohortEntry`]),
    /// each checked with `key`; refuses them all, naming each candidate and what does not match,
    /// when one was altered in the database — as [`Store::verified`] does.
    ///
    /// A sealed row is checked by its seal (written at import, once the result was verified in
    /// full) and its plain columns against the sealed entry, without reading the signed result; a
    /// row without a seal (stored before schema version 3) is verified in full, as
    /// [`Store::verified`] does; a row whose seal does not hold is verified in full too, to say what
    /// was edited, and refused either way.
    pub fn cohort_entries(&mut self, filter: Filter<'_>, key: &Key) -> Result<Vec<StoredEntry>, StoreError> {
        let address = &self.address;
        let outcome = self.conn.begin(Intent::Read).and_then(|mut tx| {
            let rows = tx.query(
                "SELECT a.id, a.attempt, c.name, a.assessment, a.average_score, a.passed, a.simulated, a.signature,
                        e.entry, e.seal
                 FROM attempts a JOIN candidates c ON c.id = a.candidate_id
                 LEFT JOIN cohort_entries e ON e.attempt_id = a.id
                 WHERE (CAST($1 AS TEXT) IS NULL OR a.assessment = $1) AND (CAST($2 AS TEXT) IS NULL OR c.name = $2)
                 ORDER BY a.id",
                &[filter.assessment.into(), filter.candidate.into()],
                |r| {
                    Ok(EntryRow {
                        id: r.int(0)?,
                        attempt: r.u32(1)?,
                        candidate: r.text(2)?,
                        assessment: r.text(3)?,
                        average_score: r.int(4)?,
                        passed: r.boolean(5)?,
                        simulated: r.boolean(6)?,
                        signature: r.text(7)?,
                        entry: r.optional_text(8)?,
                        seal: r.optional_text(9)?,
                    })
                },
            )?;
            let mut out = Vec::with_capacity(rows.len());
            let mut refusals = Vec::new();
            for row in rows {
                let refused = |why: String| {
                    format!(
                        "stored result of candidate `{}` (assessment `{}`, attempt {}): {why}",
                        row.candidate, row.assessment, row.attempt
                    )
                };
                if let Some(entry) = row.sealed_entry(key) {
                    match row.check_against(&entry) {
                        Ok(()) => out.push(StoredEntry {
                            attempt: row.attempt,
                            entry,
                        }),
                        Err(why) => refusals.push(refused(why)),
                    }
                    continue;
                }
                // No seal, or one that does not hold: the signed result, verified in full.
                let signed_result = tx.query_one(
                    "SELECT signed_result FROM attempts WHERE id = $1",
                    &[row.id.into()],
                    |r| r.text(0),
                )?;
                let full = Row {
                    attempt: row.attempt,
                    candidate: row.candidate.clone(),
                    assessment: row.assessment.clone(),
                    average_score: row.average_score,
                    passed: row.passed,
                    simulated: row.simulated,
                    signature: row.signature.clone(),
                    imported_at: String::new(),
                    signed_result,
                };
                match check_row(&full, key) {
                    Err(why) => refusals.push(refused(why)),
                    Ok(_) if row.entry.is_some() || row.seal.is_some() => refusals.push(refused(
                        "its attempt number or its row of cohort_entries was edited after import (they no longer match the seal kam-sim wrote when it verified the result)".into(),
                    )),
                    Ok(result) => out.push(StoredEntry {
                        attempt: row.attempt,
                        entry: CohortEntry::of(&result),
                    }),
                }
            }
            tx.commit()?;
            Ok((out, refusals))
        });
        let (out, refusals) = outcome.map_err(|e| address.explain(&e))?;
        if refusals.is_empty() {
            Ok(out)
        } else {
            Err(self.altered(&refusals))
        }
    }

    /// Seals the rows stored before schema version 3 (without a [`CohortEntry`] and its seal), each
    /// once its signed result and plain columns verified in full with `key`, in one transaction;
    /// returns how many. A row that does not verify is left as it is, for every read to refuse.
    /// Asks for the write lock only when there is a row to seal.
    pub fn seal_unsealed(&mut self, key: &Key) -> Result<usize, StoreError> {
        let unsealed = self.read(
            "SELECT count(*) FROM attempts a LEFT JOIN cohort_entries e ON e.attempt_id = a.id WHERE e.attempt_id IS NULL",
            &[],
            |r| r.int(0),
        )?;
        if unsealed.first().copied().unwrap_or(0) == 0 {
            return Ok(0);
        }
        let address = &self.address;
        let outcome = self.conn.begin(Intent::Write).and_then(|mut tx| {
            let rows = tx.query(
                "SELECT a.id, a.attempt, c.name, a.assessment, a.average_score, a.passed, a.simulated, a.signature,
                        a.signed_result
                 FROM attempts a JOIN candidates c ON c.id = a.candidate_id
                 LEFT JOIN cohort_entries e ON e.attempt_id = a.id
                 WHERE e.attempt_id IS NULL
                 ORDER BY a.id",
                &[],
                |r| {
                    Ok((
                        r.int(0)?,
                        Row {
                            attempt: r.u32(1)?,
                            candidate: r.text(2)?,
                            assessment: r.text(3)?,
                            average_score: r.int(4)?,
                            passed: r.boolean(5)?,
                            simulated: r.boolean(6)?,
                            signature: r.text(7)?,
                            imported_at: String::new(),
                            signed_result: r.text(8)?,
                        },
                    ))
                },
            )?;
            let mut sealed = Vec::new();
            for (id, row) in rows {
                let Ok(result) = check_row(&row, key) else { continue };
                let (entry, entry_seal) = sealed_entry(&CohortEntry::of(&result), row.attempt, &row.signature, key)?;
                sealed.push(vec![id.into(), entry.into(), entry_seal.into()]);
            }
            let count = sealed.len();
            tx.copy_rows("cohort_entries (attempt_id, entry, seal)", sealed)?;
            tx.commit()?;
            Ok(count)
        });
        outcome.map_err(|e| address.explain(&e))
    }

    /// The refusal of a read that found altered rows.
    fn altered(&self, refusals: &[String]) -> StoreError {
        StoreError::Refused(format!(
            "{}\nthe database `{}` was altered after import; nothing was written. Re-import the signed result files into a fresh database",
            refusals.join("\n"),
            self.address.shown()
        ))
    }

    /// Deletes a candidate and every result of theirs (an erasure request); returns how many
    /// attempts went. In a SQLite file the freed pages are overwritten (`secure_delete`, on for
    /// every connection the store opens), so nothing is left in the file; on a PostgreSQL server
    /// the rows are gone from every query at once and from the files at the next vacuum
    /// (docs/organisation.md).
    pub fn delete_candidate(&mut self, candidate: &str) -> Result<usize, StoreError> {
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

/// A row as [`Store::cohort_entries`] reads it: the plain columns, the entry and its seal.
struct EntryRow {
    id: i64,
    attempt: u32,
    candidate: String,
    assessment: String,
    average_score: i64,
    passed: bool,
    simulated: bool,
    signature: String,
    entry: Option<String>,
    seal: Option<String>,
}

/// The parts a row's seal covers, in order: the attempt number, the signature (which names the
/// signed result) and the entry's text.
fn seal_parts<'a>(attempt: &'a str, signature: &'a str, entry: &'a str) -> [&'a [u8]; 3] {
    [attempt.as_bytes(), signature.as_bytes(), entry.as_bytes()]
}

/// A result's entry as the store writes it (JSON) and its seal.
fn sealed_entry(entry: &CohortEntry, attempt: u32, signature: &str, key: &Key) -> Result<(String, String), DbError> {
    // Serialising plain structs, strings, integers and maps with string keys cannot fail.
    let text = serde_json::to_string(entry).map_err(|e| DbError::Column(e.to_string()))?;
    let sealed = seal(key, &seal_parts(&attempt.to_string(), signature, &text));
    Ok((text, sealed))
}

impl EntryRow {
    /// The row's entry, when it has one and its seal holds.
    fn sealed_entry(&self, key: &Key) -> Option<CohortEntry> {
        let (text, sealed) = (self.entry.as_deref()?, self.seal.as_deref()?);
        seal_holds(
            key,
            &seal_parts(&self.attempt.to_string(), &self.signature, text),
            sealed,
        )
        .then(|| serde_json::from_str(text).ok())
        .flatten()
    }

    /// The plain columns against the sealed entry, said as [`check_row`] says them.
    fn check_against(&self, entry: &CohortEntry) -> Result<(), String> {
        let mut edits = Vec::new();
        plain_column_edits(
            PlainColumns {
                candidate: &self.candidate,
                assessment: &self.assessment,
                average_score: self.average_score,
                passed: self.passed,
                simulated: self.simulated,
            },
            PlainColumns {
                candidate: &entry.candidate,
                assessment: &entry.assessment,
                average_score: entry.average_score.into(),
                passed: entry.passed,
                simulated: entry.simulated,
            },
            &mut edits,
        );
        if edits.is_empty() {
            Ok(())
        } else {
            Err(edits.join("; "))
        }
    }
}

/// The columns a row repeats from its signed result, for reading without parsing it.
struct PlainColumns<'a> {
    candidate: &'a str,
    assessment: &'a str,
    average_score: i64,
    passed: bool,
    simulated: bool,
}

/// Names each plain column whose stored value is not the signed one, in one wording for every read.
fn plain_column_edits(stored: PlainColumns<'_>, signed: PlainColumns<'_>, edits: &mut Vec<String>) {
    let mut compare = |column: &str, stored: String, signed: String| {
        if stored != signed {
            edits.push(format!(
                "{column} is {stored} in the table but {signed} in the signed result"
            ));
        }
    };
    compare("candidate", stored.candidate.to_owned(), signed.candidate.to_owned());
    compare("assessment", stored.assessment.to_owned(), signed.assessment.to_owned());
    compare(
        "average_score",
        stored.average_score.to_string(),
        signed.average_score.to_string(),
    );
    compare("passed", stored.passed.to_string(), signed.passed.to_string());
    compare("simulated", stored.simulated.to_string(), signed.simulated.to_string());
}

/// Verifies one stored row: its signed result with the key, and its plain columns against it.
fn check_row(row: &Row, key: &Key) -> Result<AssessmentResult, String> {
    let result = read_verified_stored(&row.signed_result, key)?;
    let mut edits = Vec::new();
    plain_column_edits(
        PlainColumns {
            candidate: &row.candidate,
            assessment: &row.assessment,
            average_score: row.average_score,
            passed: row.passed,
            simulated: row.simulated,
        },
        PlainColumns {
            candidate: &result.candidate,
            assessment: &result.assessment,
            average_score: result.summary.average_score.into(),
            passed: result.summary.passed,
            simulated: result.played_by.is_simulated(),
        },
        &mut edits,
    );
    let signed_signature = result
        .signature
        .as_ref()
        .and_then(signature_bytes)
        .map(hex::encode)
        .unwrap_or_default();
    if row.signature != signed_signature {
        edits.push(format!(
            "signature is {} in the table but {signed_signature} in the signed result",
            row.signature
        ));
    }
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
        let results: Vec<&AssessmentResult> = checked.iter().map(|(_, result)| result).collect();
        let attempts = store_all(&mut tx, &results, imported_at, key)?;
        for ((f, _), attempt) in checked.iter().zip(attempts) {
            match attempt {
                Some(attempt) => report.stored.push((f.name.clone(), attempt)),
                None => report.already_stored.push(f.name.clone()),
            }
        }
        tx.commit()
    });
    outcome.map_err(|e| address.explain(&e))?;
    Ok(report)
}

/// Results written per round of statements: each round asks the database a fixed handful of
/// times (which of them are stored already, the candidates, their attempts so far, the attempts
/// themselves, then each table's rows in bulk) instead of eight times per result, which on a
/// server shared over the network, or busy on a loaded machine, is most of an import's time. The
/// largest statement, the attempts', takes 17 parameters a result: 8,500 here, well under SQLite's
/// 32,766 and PostgreSQL's 65,535.
const RESULTS_PER_ROUND: usize = 500;

/// Stores verified results in the transaction, in order; returns each one's attempt number, or
/// `None` for a result whose signed result is stored already (or came earlier in `results`).
fn store_all(
    tx: &mut super::backend::Transaction<'_>,
    results: &[&AssessmentResult],
    imported_at: &str,
    key: &Key,
) -> Result<Vec<Option<u32>>, DbError> {
    let mut attempts = Vec::with_capacity(results.len());
    // Signatures stored by this import, and the last attempt number given per candidate id and
    // assessment: a candidate's two results in one import become attempts n and n + 1.
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut last_attempt: HashMap<(i64, String), u32> = HashMap::new();
    for round in results.chunks(RESULTS_PER_ROUND) {
        let signatures: Vec<String> = round.iter().map(|r| signature_hex(r)).collect();
        let stored: std::collections::HashSet<String> = tx
            .query(
                &format!(
                    "SELECT signature FROM attempts WHERE signature IN ({})",
                    parameters(signatures.len())
                ),
                &signatures.iter().map(Value::from).collect::<Vec<_>>(),
                |r| r.text(0),
            )?
            .into_iter()
            .collect();
        let fresh: Vec<bool> = signatures
            .iter()
            .map(|s| !stored.contains(s) && seen.insert(s.clone()))
            .collect();
        // The candidates, in the order they first appear.
        let mut names: Vec<&str> = Vec::new();
        for (r, _) in round.iter().zip(&fresh).filter(|(_, fresh)| **fresh) {
            if !names.contains(&r.candidate.as_str()) {
                names.push(&r.candidate);
            }
        }
        if names.is_empty() {
            attempts.extend(fresh.iter().map(|_| None));
            continue;
        }
        let names_in = parameters(names.len());
        let name_values: Vec<Value> = names.iter().map(|n| Value::from(*n)).collect();
        tx.execute(
            &format!(
                "INSERT INTO candidates (name) VALUES {} ON CONFLICT (name) DO NOTHING",
                value_rows(names.len(), 1)
            ),
            &name_values,
        )?;
        let ids: HashMap<String, i64> = tx
            .query(
                &format!("SELECT name, id FROM candidates WHERE name IN ({names_in})"),
                &name_values,
                |r| Ok((r.text(0)?, r.int(1)?)),
            )?
            .into_iter()
            .collect();
        let id_of = |name: &str| {
            ids.get(name)
                .copied()
                .ok_or_else(|| DbError::Column(format!("the candidate `{name}` was not stored")))
        };
        let candidate_ids: Vec<Value> = names
            .iter()
            .map(|n| id_of(n).map(Value::from))
            .collect::<Result<_, _>>()?;
        for (candidate_id, assessment, attempt) in tx.query(
            &format!(
                "SELECT candidate_id, assessment, max(attempt) FROM attempts WHERE candidate_id IN ({})
                 GROUP BY candidate_id, assessment",
                parameters(candidate_ids.len())
            ),
            &candidate_ids,
            |r| Ok((r.int(0)?, r.text(1)?, r.u32(2)?)),
        )? {
            let last = last_attempt.entry((candidate_id, assessment)).or_default();
            *last = (*last).max(attempt);
        }
        // The attempts, one statement; their ids come back with their signatures.
        let mut rows = Vec::new();
        let mut stored_now = Vec::new();
        for ((r, signature), fresh) in round.iter().zip(&signatures).zip(&fresh) {
            if !*fresh {
                attempts.push(None);
                continue;
            }
            let candidate_id = id_of(&r.candidate)?;
            let last = last_attempt.entry((candidate_id, r.assessment.clone())).or_default();
            *last += 1;
            let attempt = *last;
            attempts.push(Some(attempt));
            stored_now.push((*r, sealed_entry(&CohortEntry::of(r), attempt, signature, key)?));
            rows.extend(attempt_row(r, candidate_id, attempt, signature, imported_at)?);
        }
        let attempt_ids: HashMap<String, i64> = tx
            .query(
                &format!(
                    "INSERT INTO attempts (candidate_id, assessment, assessment_name, attempt, started_at, finished_at,
                         language, simulated, profile, average_score, passed, mistakes, critical_mistakes, meeting_ms,
                         signature, imported_at, signed_result)
                     VALUES {}
                     RETURNING signature, id",
                    value_rows(stored_now.len(), ATTEMPT_COLUMNS)
                ),
                &rows,
                |r| Ok((r.text(0)?, r.int(1)?)),
            )?
            .into_iter()
            .collect();
        let mut scenarios = Vec::new();
        let mut mistakes = Vec::new();
        let mut competencies = Vec::new();
        let mut entries = Vec::new();
        for (r, (entry, entry_seal)) in stored_now {
            let signature = signature_hex(r);
            let attempt_id = attempt_ids
                .get(&signature)
                .copied()
                .ok_or_else(|| DbError::Column("an attempt was not stored".into()))?;
            spread_out(r, attempt_id, &mut scenarios, &mut mistakes, &mut competencies);
            entries.push(vec![attempt_id.into(), entry.into(), entry_seal.into()]);
        }
        tx.copy_rows("cohort_entries (attempt_id, entry, seal)", entries)?;
        tx.copy_rows(
            "scenario_results (attempt_id, position, scenario, seed, score, grade, ending, outcome, price_cents, floor_cents, below_floor, meeting_ms)",
            scenarios,
        )?;
        tx.copy_rows(
            "mistakes (attempt_id, position, scenario, mistake, severity, node, option, at_ms)",
            mistakes,
        )?;
        tx.copy_rows(
            "competency_scores (attempt_id, competency, score, target)",
            competencies,
        )?;
    }
    Ok(attempts)
}

/// Columns of a row of `attempts` as the import writes it.
const ATTEMPT_COLUMNS: usize = 17;

/// The signature of a verified result, as the store keeps it (lower-case hex).
fn signature_hex(result: &AssessmentResult) -> String {
    result
        .signature
        .as_ref()
        .and_then(signature_bytes)
        .map(hex::encode)
        .unwrap_or_default()
}

/// Parameters `$1, $2, …, $n` (for `IN (…)`).
fn parameters(n: usize) -> String {
    (1..=n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// `rows` rows of `columns` parameters for `VALUES`: `($1, $2), ($3, $4)`.
fn value_rows(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|row| {
            let first = row * columns + 1;
            format!(
                "({})",
                (first..first + columns)
                    .map(|i| format!("${i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One row of `attempts`, [`ATTEMPT_COLUMNS`] values in the order the import names them.
fn attempt_row(
    result: &AssessmentResult,
    candidate_id: i64,
    attempt: u32,
    signature: &str,
    imported_at: &str,
) -> Result<Vec<Value>, DbError> {
    let s = &result.summary;
    // Serialising plain structs, strings, integers and maps with string keys cannot fail.
    let signed = serde_json::to_string(result).map_err(|e| DbError::Column(e.to_string()))?;
    Ok(vec![
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
    ])
}

/// The rows of `scenario_results`, `mistakes` and `competency_scores` of one stored result.
fn spread_out(
    result: &AssessmentResult,
    attempt_id: i64,
    scenarios: &mut Vec<Vec<Value>>,
    mistakes: &mut Vec<Vec<Value>>,
    competencies: &mut Vec<Vec<Value>>,
) {
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
    competencies.extend(result.summary.competencies.iter().map(|(competency, score)| {
        vec![
            attempt_id.into(),
            competency.into(),
            (*score).into(),
            result.target.levels.get(competency).copied().into(),
        ]
    }));
}
