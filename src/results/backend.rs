//! One thin layer over the two databases the results store runs on — an embedded SQLite file and a
//! shared PostgreSQL server — so that the store's logic (`store.rs`) is written once.
//!
//! Every statement is one SQL text both databases accept: parameters are written `$1`, `$2`, …
//! (PostgreSQL's own; SQLite takes them as named parameters, bound here by name so their order in
//! the text does not matter), new ids come back with `RETURNING id`, and upserts are `ON CONFLICT`.
//! Values are typed ([`Value`]) and rows read into types column by column, so what is written from
//! a type is read back into it on both.

use std::collections::HashMap;

use super::store::StoreError;

/// A statement's parameter: an integer, a text or a truth value, each perhaps NULL (typed, so that
/// PostgreSQL is sent a NULL of the column's type).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// An integer (PostgreSQL `BIGINT`, SQLite `INTEGER`).
    Int(Option<i64>),
    /// A text.
    Text(Option<String>),
    /// A truth value (PostgreSQL `BOOLEAN`, SQLite 0 or 1).
    Bool(Option<bool>),
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Int(Some(v))
    }
}

impl From<u32> for Value {
    fn from(v: u32) -> Value {
        Value::Int(Some(i64::from(v)))
    }
}

impl From<u8> for Value {
    fn from(v: u8) -> Value {
        Value::Int(Some(i64::from(v)))
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Bool(Some(v))
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(Some(v.to_owned()))
    }
}

impl From<&String> for Value {
    fn from(v: &String) -> Value {
        Value::Text(Some(v.clone()))
    }
}

impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(Some(v))
    }
}

impl From<Option<&str>> for Value {
    fn from(v: Option<&str>) -> Value {
        Value::Text(v.map(str::to_owned))
    }
}

impl From<Option<&String>> for Value {
    fn from(v: Option<&String>) -> Value {
        Value::Text(v.cloned())
    }
}

impl From<Option<i64>> for Value {
    fn from(v: Option<i64>) -> Value {
        Value::Int(v)
    }
}

impl From<Option<u8>> for Value {
    fn from(v: Option<u8>) -> Value {
        Value::Int(v.map(i64::from))
    }
}

impl From<Option<bool>> for Value {
    fn from(v: Option<bool>) -> Value {
        Value::Bool(v)
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        match self {
            Value::Int(v) => v.to_sql(),
            Value::Text(v) => v.to_sql(),
            Value::Bool(v) => v.to_sql(),
        }
    }
}

impl Value {
    fn postgres(&self) -> &(dyn postgres::types::ToSql + Sync) {
        match self {
            Value::Int(v) => v,
            Value::Text(v) => v,
            Value::Bool(v) => v,
        }
    }

    /// The PostgreSQL type of the store's columns that hold this kind of value.
    fn postgres_type(&self) -> postgres::types::Type {
        match self {
            Value::Int(_) => postgres::types::Type::INT8,
            Value::Text(_) => postgres::types::Type::TEXT,
            Value::Bool(_) => postgres::types::Type::BOOL,
        }
    }
}

/// A database failure, from either database; [`DbError::explain`] says it in words.
#[derive(Debug)]
pub enum DbError {
    /// From SQLite.
    Sqlite(rusqlite::Error),
    /// From PostgreSQL.
    Postgres(postgres::Error),
    /// A value of the wrong kind or range in a column (the database was edited by hand).
    Column(String),
}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> DbError {
        DbError::Sqlite(e)
    }
}

impl From<postgres::Error> for DbError {
    fn from(e: postgres::Error) -> DbError {
        DbError::Postgres(e)
    }
}

impl DbError {
    /// The failure in words, naming the database `shown` (a file's path, or a server's address
    /// without its password).
    pub fn explain(&self, shown: &str) -> StoreError {
        match self {
            DbError::Sqlite(e) => super::sqlite::explain(shown, e),
            DbError::Postgres(e) => super::postgres::explain(shown, e),
            DbError::Column(why) => StoreError::Database {
                path: shown.to_owned(),
                why: why.clone(),
            },
        }
    }
}

/// One row of a query's answer, read column by column (0-based) into types.
pub enum Row<'a> {
    /// A SQLite row.
    Sqlite(&'a rusqlite::Row<'a>),
    /// A PostgreSQL row.
    Postgres(&'a postgres::Row),
}

impl Row<'_> {
    /// An integer column.
    pub fn int(&self, i: usize) -> Result<i64, DbError> {
        match self {
            Row::Sqlite(r) => Ok(r.get(i)?),
            Row::Postgres(r) => Ok(r.try_get(i)?),
        }
    }

    /// An integer column that must fit a `u32` (an attempt number).
    pub fn u32(&self, i: usize) -> Result<u32, DbError> {
        let v = self.int(i)?;
        u32::try_from(v).map_err(|_| DbError::Column(format!("column {} holds {v}, not a count", i + 1)))
    }

    /// A text column.
    pub fn text(&self, i: usize) -> Result<String, DbError> {
        match self {
            Row::Sqlite(r) => Ok(r.get(i)?),
            Row::Postgres(r) => Ok(r.try_get(i)?),
        }
    }

    /// A text column that may be NULL.
    pub fn optional_text(&self, i: usize) -> Result<Option<String>, DbError> {
        match self {
            Row::Sqlite(r) => Ok(r.get(i)?),
            Row::Postgres(r) => Ok(r.try_get(i)?),
        }
    }

    /// A truth-value column.
    pub fn boolean(&self, i: usize) -> Result<bool, DbError> {
        match self {
            Row::Sqlite(r) => Ok(r.get(i)?),
            Row::Postgres(r) => Ok(r.try_get(i)?),
        }
    }
}

/// An open connection to either database.
pub enum Connection {
    /// A SQLite file.
    Sqlite(rusqlite::Connection),
    /// A PostgreSQL server, with the statements it has prepared (a statement is parsed and planned
    /// once per connection, not once per row).
    /// (Boxed: a client is three times the size of a SQLite connection.)
    Postgres(Box<postgres::Client>, HashMap<String, postgres::Statement>),
}

/// An open transaction: committed by [`Transaction::commit`], rolled back when dropped (so an
/// error anywhere before the commit leaves the database as it was).
pub enum Transaction<'a> {
    /// On a SQLite file.
    Sqlite(rusqlite::Transaction<'a>),
    /// On a PostgreSQL server.
    Postgres(postgres::Transaction<'a>, &'a mut HashMap<String, postgres::Statement>),
}

/// What a transaction is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// Reading only.
    Read,
    /// Writing: writers queue one behind the other (SQLite's write lock taken at once; on
    /// PostgreSQL a lock on `attempts` that only writers contend for), so that two imports at once
    /// never number the same attempt twice, while reports read on.
    Write,
}

impl Connection {
    /// Begins a transaction for `intent`.
    pub fn begin(&mut self, intent: Intent) -> Result<Transaction<'_>, DbError> {
        match self {
            Connection::Sqlite(c) => {
                let behaviour = match intent {
                    Intent::Read => rusqlite::TransactionBehavior::Deferred,
                    Intent::Write => rusqlite::TransactionBehavior::Immediate,
                };
                Ok(Transaction::Sqlite(c.transaction_with_behavior(behaviour)?))
            }
            Connection::Postgres(client, statements) => {
                let mut tx = client.build_transaction();
                if intent == Intent::Read {
                    // One snapshot for the whole read: a report never mixes two states of the store.
                    tx = tx
                        .isolation_level(postgres::IsolationLevel::RepeatableRead)
                        .read_only(true);
                }
                let mut tx = tx.start()?;
                if intent == Intent::Write {
                    tx.batch_execute("LOCK TABLE attempts IN SHARE ROW EXCLUSIVE MODE")?;
                }
                Ok(Transaction::Postgres(tx, statements))
            }
        }
    }
}

/// Binds `params` to a SQLite statement by their names `$1`, `$2`, … and refuses a statement whose
/// parameters are not exactly those.
fn bind_sqlite(stmt: &mut rusqlite::CachedStatement<'_>, params: &[Value]) -> Result<(), DbError> {
    if stmt.parameter_count() != params.len() {
        return Err(DbError::Column(format!(
            "a statement takes {} parameters but was given {}",
            stmt.parameter_count(),
            params.len()
        )));
    }
    for (i, value) in params.iter().enumerate() {
        let name = format!("${}", i + 1);
        let Some(index) = stmt.parameter_index(&name)? else {
            return Err(DbError::Column(format!("a statement has no parameter {name}")));
        };
        stmt.raw_bind_parameter(index, value)?;
    }
    Ok(())
}

fn prepared<'s>(
    tx: &mut postgres::Transaction<'_>,
    statements: &'s mut HashMap<String, postgres::Statement>,
    sql: &str,
) -> Result<&'s postgres::Statement, DbError> {
    if !statements.contains_key(sql) {
        let statement = tx.prepare(sql)?;
        statements.insert(sql.to_owned(), statement);
    }
    statements
        .get(sql)
        .ok_or_else(|| DbError::Column("a prepared statement went missing".into()))
}

impl Transaction<'_> {
    /// Runs a statement; returns how many rows it changed.
    pub fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError> {
        match self {
            Transaction::Sqlite(tx) => {
                let mut stmt = tx.prepare_cached(sql)?;
                bind_sqlite(&mut stmt, params)?;
                Ok(stmt.raw_execute()? as u64)
            }
            Transaction::Postgres(tx, statements) => {
                let statement = prepared(tx, statements, sql)?;
                let params: Vec<_> = params.iter().map(Value::postgres).collect();
                Ok(tx.execute(statement, &params)?)
            }
        }
    }

    /// Adds `rows` (each a value per column, in order) to `into` — `table (column, …)` — in bulk:
    /// on PostgreSQL one `COPY … FROM STDIN` in binary, a single exchange with the server for any
    /// number of rows and no statement for it to parse or plan; on SQLite, which runs in this
    /// process, one prepared insert per row. Nothing when there are none.
    pub fn copy_rows(&mut self, into: &str, rows: Vec<Vec<Value>>) -> Result<(), DbError> {
        let Some(first) = rows.first() else {
            return Ok(());
        };
        match self {
            Transaction::Sqlite(tx) => {
                let parameters: Vec<String> = (1..=first.len()).map(|i| format!("${i}")).collect();
                let mut stmt = tx.prepare_cached(&format!("INSERT INTO {into} VALUES ({})", parameters.join(", ")))?;
                for row in &rows {
                    bind_sqlite(&mut stmt, row)?;
                    stmt.raw_execute()?;
                }
                Ok(())
            }
            Transaction::Postgres(tx, _) => {
                // A value's kind gives its column's type, NULL or not (`Value` is typed).
                let types: Vec<postgres::types::Type> = first.iter().map(Value::postgres_type).collect();
                let sink = tx.copy_in(&format!("COPY {into} FROM STDIN (FORMAT binary)"))?;
                let mut writer = postgres::binary_copy::BinaryCopyInWriter::new(sink, &types);
                for row in &rows {
                    let values: Vec<_> = row.iter().map(Value::postgres).collect();
                    writer.write(&values)?;
                }
                writer.finish()?;
                Ok(())
            }
        }
    }

    /// Runs statements without parameters (a schema, a setting), separated by `;`.
    pub fn batch(&mut self, sql: &str) -> Result<(), DbError> {
        match self {
            Transaction::Sqlite(tx) => Ok(tx.execute_batch(sql)?),
            Transaction::Postgres(tx, _) => Ok(tx.batch_execute(sql)?),
        }
    }

    /// Every row a query answers, each read by `read`.
    pub fn query<T>(
        &mut self,
        sql: &str,
        params: &[Value],
        mut read: impl FnMut(&Row<'_>) -> Result<T, DbError>,
    ) -> Result<Vec<T>, DbError> {
        match self {
            Transaction::Sqlite(tx) => {
                let mut stmt = tx.prepare_cached(sql)?;
                bind_sqlite(&mut stmt, params)?;
                let mut rows = stmt.raw_query();
                let mut out = Vec::new();
                while let Some(row) = rows.next()? {
                    out.push(read(&Row::Sqlite(row))?);
                }
                Ok(out)
            }
            Transaction::Postgres(tx, statements) => {
                let statement = prepared(tx, statements, sql)?;
                let params: Vec<_> = params.iter().map(Value::postgres).collect();
                tx.query(statement, &params)?
                    .iter()
                    .map(|row| read(&Row::Postgres(row)))
                    .collect()
            }
        }
    }

    /// The one row a query answers, or none.
    pub fn query_opt<T>(
        &mut self,
        sql: &str,
        params: &[Value],
        read: impl FnMut(&Row<'_>) -> Result<T, DbError>,
    ) -> Result<Option<T>, DbError> {
        Ok(self.query(sql, params, read)?.into_iter().next())
    }

    /// The one row a query answers (an aggregate, a `RETURNING`).
    pub fn query_one<T>(
        &mut self,
        sql: &str,
        params: &[Value],
        read: impl FnMut(&Row<'_>) -> Result<T, DbError>,
    ) -> Result<T, DbError> {
        self.query_opt(sql, params, read)?
            .ok_or_else(|| DbError::Column("a query that answers one row answered none".into()))
    }

    /// Makes everything the transaction did permanent.
    pub fn commit(self) -> Result<(), DbError> {
        match self {
            Transaction::Sqlite(tx) => Ok(tx.commit()?),
            Transaction::Postgres(tx, _) => Ok(tx.commit()?),
        }
    }
}
