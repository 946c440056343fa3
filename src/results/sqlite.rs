//! kam-sim's own SQLite files (the results database, the practice journal): opened only when they
//! are healthy and kam-sim's, their schema brought up to date in a transaction, and every SQLite
//! failure said in words.

use std::path::Path;

use rusqlite::{Connection, ErrorCode, OpenFlags};
use rusqlite_migration::Migrations;

use super::store::{BUSY_TIMEOUT, StoreError};

/// What kind of kam-sim database a file must be.
pub struct OwnDatabase {
    /// Its name in messages ("results database").
    pub what: &'static str,
    /// An example path for messages (`results/results.db`).
    pub example: &'static str,
    /// The tables it may hold: any other table means another program's file.
    pub tables: &'static [&'static str],
    /// Its schema, one migration per version.
    pub migrations: Migrations<'static>,
}

/// A SQLite failure in words, with what to do about it.
pub fn explain(path: &str, e: &rusqlite::Error) -> StoreError {
    let why = match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            "the database stayed locked by another program; try again when it is done (nothing was written)".to_owned()
        }
        Some(ErrorCode::ReadOnly) => "the database is read-only; nothing was written".to_owned(),
        Some(ErrorCode::DiskFull) => "the disk is full; nothing was written".to_owned(),
        Some(ErrorCode::CannotOpen) => {
            "the file cannot be opened (does its folder exist, may it be written?)".to_owned()
        }
        Some(ErrorCode::NotADatabase) => "this file is not a kam-sim database".to_owned(),
        Some(ErrorCode::DatabaseCorrupt) => "the database file is damaged (SQLite reports it malformed)".to_owned(),
        _ => e.to_string(),
    };
    StoreError::Database {
        path: path.to_owned(),
        why,
    }
}

/// Whether a database argument is a server's address (`postgres://…`) rather than a file's path.
pub fn is_server_address(path: &str) -> bool {
    path.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// Opens (creating it if needed) a database of kind `own` at `path`: refused, untouched, when it is
/// in memory, a folder, damaged, another program's, or written by a newer kam-sim.
pub fn open_own(path: &Path, own: &OwnDatabase) -> Result<Connection, StoreError> {
    let shown = path.display().to_string();
    let refuse = |why: String| StoreError::Database {
        path: shown.clone(),
        why,
    };
    if is_server_address(&shown) {
        return Err(refuse(format!(
            "this is a database server's address; the {} is kept in a SQLite file. Give a path such as {}",
            own.what, own.example
        )));
    }
    if shown == ":memory:" || shown.is_empty() || shown.starts_with("file:") {
        return Err(refuse(format!(
            "the {} must be a file: give a path such as {} (an in-memory database would store nothing)",
            own.what, own.example
        )));
    }
    if path.is_dir() {
        return Err(refuse("this is a folder; give the database file's path".into()));
    }
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| explain(&shown, &e))?;
    let err = |e: rusqlite::Error| explain(&shown, &e);
    conn.busy_timeout(BUSY_TIMEOUT).map_err(err)?;
    conn.pragma_update(None, "foreign_keys", true).map_err(err)?;
    let check: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0)).map_err(err)?;
    if check != "ok" {
        return Err(refuse(format!(
            "the database file is damaged (SQLite: {check}); nothing was written. Restore it from a backup"
        )));
    }
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .map_err(err)?;
    let foreign: Vec<&str> = tables
        .iter()
        .map(String::as_str)
        .filter(|t| !own.tables.contains(t))
        .collect();
    if !foreign.is_empty() {
        return Err(refuse(format!(
            "this is another program's database (it has the tables {}); kam-sim leaves it untouched. Give a file of kam-sim's own",
            foreign.join(", ")
        )));
    }
    // Two programs opening a new database at once both see version 0; the second waits for the
    // first's transaction, then finds its tables there: one more try sees the schema up to date.
    let mut outcome = own.migrations.to_latest(&mut conn);
    if outcome.is_err() {
        outcome = own.migrations.to_latest(&mut conn);
    }
    outcome.map_err(|e| match e {
        rusqlite_migration::Error::MigrationDefinition(
            rusqlite_migration::MigrationDefinitionError::DatabaseTooFarAhead,
        ) => refuse("the database was written by a newer version of kam-sim; use that version".into()),
        rusqlite_migration::Error::RusqliteError { err, .. } => explain(&shown, &err),
        other => refuse(format!("cannot bring the schema up to date: {other}")),
    })?;
    Ok(conn)
}
