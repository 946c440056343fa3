//! The results store on a PostgreSQL server shared by an organisation's offices: its address
//! (shown without its password, everywhere), the connection, the schema brought up to date in a
//! transaction that one program at a time runs, and every server failure said in words.

use std::io::ErrorKind;
use std::time::Duration;

use postgres::error::SqlState;

use super::store::{BUSY_TIMEOUT, StoreError};

/// A PostgreSQL server's address: `postgres://USER@HOST:PORT/DBNAME`. The password, when the
/// address carries one or `PGPASSWORD` gives it, is used to connect and never shown.
#[derive(Clone)]
pub struct ServerAddress {
    config: postgres::Config,
    shown: String,
    password: Option<String>,
}

impl std::fmt::Debug for ServerAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

impl std::fmt::Display for ServerAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

/// The form of an address, for messages.
pub const ADDRESS_FORM: &str = "postgres://USER@HOST:PORT/DBNAME";

/// How long a connection may take before the server counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

impl ServerAddress {
    /// Reads a `postgres://` (or `postgresql://`) address; the password comes from the address or,
    /// when it has none, from `PGPASSWORD` (as for PostgreSQL's own tools). Refuses, without
    /// repeating what was given (it may hold a password), an address without a user or a host.
    pub fn parse(text: &str) -> Result<ServerAddress, String> {
        let mut config: postgres::Config = text.parse().map_err(|e: postgres::Error| {
            format!("this PostgreSQL address cannot be read ({e}); write it as {ADDRESS_FORM}")
        })?;
        let Some(user) = config.get_user().map(str::to_owned) else {
            return Err(format!(
                "the PostgreSQL address names no user; write it as {ADDRESS_FORM}"
            ));
        };
        let host = match config.get_hosts() {
            [postgres::config::Host::Tcp(host)] => host.clone(),
            [] => {
                return Err(format!(
                    "the PostgreSQL address names no host; write it as {ADDRESS_FORM}"
                ));
            }
            _ => {
                return Err(format!(
                    "the PostgreSQL address must name one server reached over TCP; write it as {ADDRESS_FORM}"
                ));
            }
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let dbname = config.get_dbname().unwrap_or(&user).to_owned();
        let mut password = config.get_password().map(|p| String::from_utf8_lossy(p).into_owned());
        if password.is_none()
            && let Ok(p) = std::env::var("PGPASSWORD")
            && !p.is_empty()
        {
            config.password(p.as_str());
            password = Some(p);
        }
        config.connect_timeout(CONNECT_TIMEOUT).application_name("kam-sim");
        let host_shown = if host.contains(':') { format!("[{host}]") } else { host };
        Ok(ServerAddress {
            config,
            shown: format!("postgres://{user}@{host_shown}:{port}/{dbname}"),
            password,
        })
    }

    /// The address as messages show it: without the password.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// Connects, waiting at most [`BUSY_TIMEOUT`] for another program's locks later on.
    pub fn connect(&self) -> Result<postgres::Client, StoreError> {
        let err = |e: postgres::Error| self.explain(&e);
        let mut client = self.config.connect(postgres::NoTls).map_err(err)?;
        client
            .batch_execute(&format!("SET lock_timeout = '{}ms'", BUSY_TIMEOUT.as_millis()))
            .map_err(err)?;
        Ok(client)
    }

    /// A server failure in words, naming the server, never its password.
    pub fn explain(&self, e: &postgres::Error) -> StoreError {
        let mut error = explain(&self.shown, e);
        if let (StoreError::Database { why, .. }, Some(p)) = (&mut error, &self.password)
            && !p.is_empty()
        {
            *why = why.replace(p.as_str(), "***");
        }
        error
    }
}

/// The first I/O error among a failure's causes.
fn io_cause(e: &postgres::Error) -> Option<&std::io::Error> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(c) = cause {
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            return Some(io);
        }
        cause = c.source();
    }
    None
}

/// A PostgreSQL failure in words, with what to do about it, naming the server `shown`.
pub fn explain(shown: &str, e: &postgres::Error) -> StoreError {
    const LOST: &str = "the connection to the server was lost";
    const NOTHING: &str = "nothing was written (the transaction was not committed); try again";
    let why = if let Some(db) = e.as_db_error() {
        let code = db.code();
        if *code == SqlState::INVALID_PASSWORD {
            "the server refused the password: check the password (in PGPASSWORD or the address); nothing was written"
                .to_owned()
        } else if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION {
            format!(
                "the server does not let this user in from here ({}); ask its administrator (pg_hba.conf); nothing was written",
                db.message()
            )
        } else if *code == SqlState::INVALID_CATALOG_NAME {
            format!(
                "the server has no such database ({}); create it first (createdb), or check the address",
                db.message()
            )
        } else if [
            SqlState::ADMIN_SHUTDOWN,
            SqlState::CRASH_SHUTDOWN,
            SqlState::CANNOT_CONNECT_NOW,
        ]
        .contains(code)
        {
            format!("{LOST} (the server ended it: {}); {NOTHING}", db.message())
        } else if *code == SqlState::LOCK_NOT_AVAILABLE {
            "the database stayed locked by another program; try again when it is done (nothing was written)".to_owned()
        } else if *code == SqlState::DISK_FULL {
            "the server's disk is full; nothing was written".to_owned()
        } else if *code == SqlState::READ_ONLY_SQL_TRANSACTION {
            "the server accepts no writes (a read-only server or replica); nothing was written".to_owned()
        } else if *code == SqlState::INSUFFICIENT_PRIVILEGE {
            format!(
                "the user may not do this ({}); ask the server's administrator for the rights on this database; nothing was written",
                db.message()
            )
        } else if *code == SqlState::TOO_MANY_CONNECTIONS {
            "the server has too many connections open; try again later (nothing was written)".to_owned()
        } else {
            format!("the server refused: {} ({})", db.message(), code.code())
        }
    } else if let Some(io) = io_cause(e) {
        match io.kind() {
            ErrorKind::ConnectionRefused => format!(
                "nothing answers there: is the PostgreSQL server running, and is this its address? ({io}); nothing was written"
            ),
            ErrorKind::TimedOut | ErrorKind::WouldBlock => format!(
                "the server did not answer within {} s: is it running, and may this machine reach it? nothing was written",
                CONNECT_TIMEOUT.as_secs()
            ),
            ErrorKind::ConnectionReset
            | ErrorKind::ConnectionAborted
            | ErrorKind::BrokenPipe
            | ErrorKind::UnexpectedEof => format!("{LOST} ({io}); {NOTHING}"),
            _ => format!("the server cannot be reached ({io}); nothing was written"),
        }
    } else if e.is_closed() {
        format!("{LOST}; {NOTHING}")
    } else if e.to_string().contains("password missing") {
        "the server asks for a password: set PGPASSWORD (or put it in the address); nothing was written".to_owned()
    } else {
        format!("{e}; nothing was written")
    };
    StoreError::Database {
        path: shown.to_owned(),
        why,
    }
}

/// The table that holds the schema's version (PostgreSQL has no `user_version`).
pub const VERSION_TABLE: &str = "kam_sim_schema";

/// Brings the schema of the database at `address` up to date (creating it when `create`), in one
/// transaction that one program at a time runs (an advisory lock), refusing another program's
/// database and one written by a newer kam-sim. `migrations` are the versions 1, 2, … in order;
/// `tables` are the tables kam-sim's own database may hold.
pub fn bring_up_to_date(
    client: &mut postgres::Client,
    address: &ServerAddress,
    what: &str,
    tables: &[&str],
    migrations: &[&str],
    create: bool,
) -> Result<(), StoreError> {
    let err = |e: postgres::Error| address.explain(&e);
    let refuse = |why: String| StoreError::Database {
        path: address.shown().to_owned(),
        why,
    };
    let mut tx = client.transaction().map_err(err)?;
    // Two programs opening a new database at once: the second waits here for the first's schema.
    tx.batch_execute("SELECT pg_advisory_xact_lock(7152917358265380815)")
        .map_err(err)?;
    let present: Vec<String> = tx
        .query(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()",
            &[],
        )
        .map_err(err)?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()
        .map_err(err)?;
    let foreign: Vec<&str> = present
        .iter()
        .map(String::as_str)
        .filter(|t| *t != VERSION_TABLE && !tables.contains(t))
        .collect();
    if !foreign.is_empty() {
        return Err(refuse(format!(
            "this is another program's database (it has the tables {}); kam-sim leaves it untouched. Give a database of kam-sim's own (createdb)",
            foreign.join(", ")
        )));
    }
    if !present.iter().any(|t| t == VERSION_TABLE) {
        if !create {
            return Err(refuse(format!(
                "no {what} there yet; import results first (`kam-sim results import FILE... --db {}`)",
                address.shown()
            )));
        }
        tx.batch_execute(&format!(
            "CREATE TABLE {VERSION_TABLE} (version INTEGER NOT NULL); INSERT INTO {VERSION_TABLE} VALUES (0);"
        ))
        .map_err(err)?;
    }
    let version: i32 = tx
        .query_one(&format!("SELECT max(version) FROM {VERSION_TABLE}"), &[])
        .and_then(|r| r.try_get::<_, Option<i32>>(0))
        .map_err(err)?
        .unwrap_or(0);
    let latest = migrations.len();
    let Ok(applied) = usize::try_from(version) else {
        return Err(refuse(format!(
            "the schema's version is {version}, which no kam-sim wrote"
        )));
    };
    if applied > latest {
        return Err(refuse(
            "the database was written by a newer version of kam-sim; use that version".into(),
        ));
    }
    for migration in &migrations[applied..] {
        tx.batch_execute(migration).map_err(err)?;
    }
    if applied < latest {
        tx.execute(&format!("UPDATE {VERSION_TABLE} SET version = $1"), &[&(latest as i32)])
            .map_err(err)?;
    }
    tx.commit().map_err(err)
}
