//! The results store: verified assessment results in a local SQLite database, created on first use.
//!
//! Importing is all or nothing: every file is verified (signature and replay) before anything is
//! written, and the rows go in one transaction, so a refused file, a locked or read-only database or a
//! full disk leave the database exactly as it was.

use std::path::Path;

use rusqlite::{Connection, ErrorCode, OpenFlags, params};

use crate::core::assessment::{AssessmentResult, LoadedAssessment};
use crate::core::signing::{Key, parse_result, verify};

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
    /// A file was refused; nothing was written.
    #[error("{0}")]
    Refused(String),
}

fn explain(path: &Path, e: &rusqlite::Error) -> StoreError {
    let why = match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            "the database is locked by another program; close it and try again (nothing was written)".to_owned()
        }
        Some(ErrorCode::ReadOnly) => "the database is read-only; nothing was written".to_owned(),
        Some(ErrorCode::DiskFull) => "the disk is full; nothing was written".to_owned(),
        Some(ErrorCode::CannotOpen) => {
            "the file cannot be opened (does its folder exist, may it be written?)".to_owned()
        }
        Some(ErrorCode::NotADatabase) => "this file is not a kam-sim results database".to_owned(),
        _ => e.to_string(),
    };
    StoreError::Database {
        path: path.display().to_string(),
        why,
    }
}

/// An open results database.
pub struct Store {
    conn: Connection,
    path: String,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS results (
    id INTEGER PRIMARY KEY,
    assessment TEXT NOT NULL,
    candidate TEXT NOT NULL,
    signature TEXT NOT NULL UNIQUE,
    average_score INTEGER NOT NULL,
    passed INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    json TEXT NOT NULL,
    UNIQUE (assessment, candidate)
);
";

impl Store {
    /// Opens (creating it and its schema if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| explain(path, &e))?;
        // Wait a moment for another writer instead of failing at once.
        conn.busy_timeout(std::time::Duration::from_millis(500))
            .map_err(|e| explain(path, &e))?;
        conn.execute_batch(SCHEMA).map_err(|e| explain(path, &e))?;
        Ok(Store {
            conn,
            path: path.display().to_string(),
        })
    }

    /// Opens an existing database for reading.
    pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Database {
                path: path.display().to_string(),
                why: "no such database; import results first (`kam-sim results import FILE... --db PATH`)".into(),
            });
        }
        let conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
                .map_err(|e| explain(path, &e))?;
        conn.busy_timeout(std::time::Duration::from_millis(500))
            .map_err(|e| explain(path, &e))?;
        Ok(Store {
            conn,
            path: path.display().to_string(),
        })
    }

    fn err(&self, e: &rusqlite::Error) -> StoreError {
        explain(Path::new(&self.path), e)
    }

    /// Every stored result of an assessment, in import order.
    pub fn results_of(&self, assessment: &str) -> Result<Vec<AssessmentResult>, StoreError> {
        self.query("SELECT json FROM results WHERE assessment = ?1 ORDER BY id", assessment)
    }

    /// Every stored result of a candidate, in import order.
    pub fn results_for(&self, candidate: &str) -> Result<Vec<AssessmentResult>, StoreError> {
        self.query("SELECT json FROM results WHERE candidate = ?1 ORDER BY id", candidate)
    }

    fn query(&self, sql: &str, arg: &str) -> Result<Vec<AssessmentResult>, StoreError> {
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map(params![arg], |row| row.get::<_, String>(0))
            .map_err(|e| self.err(&e))?;
        let mut out = Vec::new();
        for row in rows {
            let json = row.map_err(|e| self.err(&e))?;
            let result = serde_json::from_str(&json).map_err(|e| StoreError::Database {
                path: self.path.clone(),
                why: format!("a stored result is damaged: {e}"),
            })?;
            out.push(result);
        }
        Ok(out)
    }
}

/// What an import did, file by file.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Files stored now.
    pub stored: Vec<String>,
    /// Files already in the database (the same signed result), skipped.
    pub already_stored: Vec<String>,
}

/// A file to import, with its text and the assessment it claims (loaded by the caller).
pub struct ImportFile<'a> {
    /// Its name, for messages.
    pub name: String,
    /// Its text.
    pub text: String,
    /// The assessment it was played under.
    pub assessment: &'a LoadedAssessment,
}

/// Verifies every file, then stores them all in one transaction; refuses everything if one fails.
pub fn import(
    store: &mut Store,
    files: &[ImportFile<'_>],
    key: &Key,
    imported_at: &str,
) -> Result<ImportReport, StoreError> {
    let mut checked = Vec::new();
    let mut refusals = Vec::new();
    for f in files {
        let v = verify(&f.text, key, f.assessment);
        if !v.ok() {
            refusals.push(format!("{}: refused:\n  {}", f.name, v.problems.join("\n  ")));
            continue;
        }
        match parse_result(&f.text) {
            Ok((_, result)) => checked.push((f, result)),
            Err(e) => refusals.push(format!("{}: refused: {e}", f.name)),
        }
    }
    if !refusals.is_empty() {
        return Err(StoreError::Refused(format!(
            "{}\nnothing was imported",
            refusals.join("\n")
        )));
    }
    let mut report = ImportReport::default();
    let tx = store
        .conn
        .transaction()
        .map_err(|e| explain(Path::new(&store.path), &e))?;
    for (f, result) in checked {
        let signature = result.signature.as_ref().map(|s| s.value.clone()).unwrap_or_default();
        let existing: Option<String> = tx
            .query_row(
                "SELECT signature FROM results WHERE assessment = ?1 AND candidate = ?2",
                params![result.assessment, result.candidate],
                |row| row.get(0),
            )
            .ok();
        match existing {
            Some(s) if s == signature => {
                report.already_stored.push(f.name.clone());
                continue;
            }
            Some(_) => {
                return Err(StoreError::Refused(format!(
                    "{}: refused: a different result of `{}` for candidate `{}` is already stored\nnothing was imported",
                    f.name, result.assessment, result.candidate
                )));
            }
            None => {}
        }
        let json = serde_json::to_string(&result).unwrap_or_default();
        tx.execute(
            "INSERT INTO results (assessment, candidate, signature, average_score, passed, imported_at, json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                result.assessment,
                result.candidate,
                signature,
                result.summary.average_score,
                result.summary.passed,
                imported_at,
                json
            ],
        )
        .map_err(|e| explain(Path::new(&store.path), &e))?;
        report.stored.push(f.name.clone());
    }
    tx.commit().map_err(|e| explain(Path::new(&store.path), &e))?;
    Ok(report)
}
