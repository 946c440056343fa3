//! The results store, reports and xAPI export: what a manager sees after importing result files, and
//! what happens when the database is edited, shared, locked, full or not ours — on a SQLite file and
//! on a PostgreSQL server (`KAM_SIM_TEST_POSTGRES`, which `scripts/with-postgres.sh` sets).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use kam_sim::core::allowance::TimeAllowance;
use kam_sim::core::assessment::result::{RunContext, TargetSnapshot};
use kam_sim::core::assessment::signing::{Key, generate_key, parse_result, sign};
use kam_sim::core::assessment::{LoadedAssessment, PlayedBy, build_result, load_assessment};
use kam_sim::core::content::ContentDirs;
use kam_sim::core::engine::Session;
use kam_sim::core::policy::{Policy, play, play_random_in, play_random_with};
use kam_sim::results::entry::StoredEntry;
use kam_sim::results::report::csv::{CsvOptions, cohort_csv};
use kam_sim::results::report::{CohortOptions, ReportLanguage, candidate_html, cohort, cohort_html};
use kam_sim::results::store::{
    Filter, ImportFile, ImportReport, Store, StoreAddress, StoreError, StoredResult, import,
};
use kam_sim::results::xapi::{HomePage, statements};

use crate::root;
use crate::support::{fresh_postgres_database, postgres_server};

fn standard() -> LoadedAssessment {
    load_assessment("kam_candidate_standard", &ContentDirs::under(&root())).unwrap_or_else(|e| panic!("{e}"))
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kam-sim-store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A signed result text for a simulated candidate (`None`: random with that seed), played by
/// `played_by`.
fn result_as(
    a: &LoadedAssessment,
    key: &Key,
    candidate: &str,
    policy: Option<Policy>,
    seed: u64,
    played_by: PlayedBy,
) -> String {
    let sessions: Vec<_> = a
        .scenarios
        .iter()
        .zip(&a.source.scenarios)
        .map(|((c, _), s)| match policy {
            Some(p) => play(c.clone(), s.seed, p).unwrap(),
            None => play_random_with(c.clone(), s.seed, seed).unwrap(),
        })
        .collect();
    let context = RunContext {
        candidate: candidate.into(),
        played_by,
        language: "en".into(),
        time_allowance: Default::default(),
        started_at: format!("2026-11-{:02}T09:00:00Z", 1 + seed % 28),
        finished_at: format!("2026-11-{:02}T09:45:00Z", 1 + seed % 28),
        target: TargetSnapshot::of(&a.profile),
        pass_rule: a.source.pass.clone(),
    };
    let mut r = build_result(a, &context, &sessions).unwrap();
    sign(&mut r, key);
    serde_json::to_string_pretty(&r).unwrap()
}

/// A result played by a person (the inputs come from a seeded player, but nothing marks it simulated).
fn result_text(a: &LoadedAssessment, key: &Key, candidate: &str, policy: Option<Policy>, seed: u64) -> String {
    result_as(a, key, candidate, policy, seed, PlayedBy::Person)
}

fn files(texts: &[(&str, String)]) -> Vec<ImportFile> {
    texts
        .iter()
        .map(|(name, text)| ImportFile {
            name: (*name).to_owned(),
            text: text.clone(),
        })
        .collect()
}

fn import_into(store: &mut Store, texts: &[(&str, String)], key: &Key) -> Result<ImportReport, StoreError> {
    let a = Arc::new(standard());
    import(store, &files(texts), key, |_| Ok(a.clone()), "2026-12-01T10:00:00Z")
}

fn count(db: impl Into<StoreAddress>, key: &Key) -> usize {
    Store::open_existing(db)
        .unwrap()
        .verified(Filter::default(), key)
        .unwrap()
        .len()
}

/// The database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in a temporary folder.
    Sqlite,
    /// A fresh database on the PostgreSQL server `KAM_SIM_TEST_POSTGRES` names.
    Postgres,
}

/// A test's database: where it is, and a way around kam-sim to edit it as another program would.
pub struct TestDb {
    /// The folder of the test's files (its key, and the SQLite file).
    pub dir: PathBuf,
    /// The database.
    pub address: StoreAddress,
    /// The address as given to kam-sim (`--db`).
    pub text: String,
    backend: Backend,
}

impl TestDb {
    /// A new, empty database for the test `name`; `None` when PostgreSQL is asked for and no
    /// server is given (said loudly).
    pub fn fresh(backend: Backend, name: &str) -> Option<TestDb> {
        let dir = temp(&format!("{name}-{backend:?}"));
        let text = match backend {
            Backend::Sqlite => dir.join("results.db").display().to_string(),
            Backend::Postgres => fresh_postgres_database(&postgres_server()?, name),
        };
        Some(TestDb {
            address: StoreAddress::parse(&text).unwrap(),
            dir,
            text,
            backend,
        })
    }

    /// Opens (creating) the store.
    pub fn open(&self) -> Store {
        Store::open(self.address.clone()).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Runs SQL as another program would, around kam-sim.
    pub fn sql(&self, sql: &str) {
        match self.backend {
            Backend::Sqlite => rusqlite::Connection::open(&self.text)
                .unwrap()
                .execute_batch(sql)
                .unwrap(),
            Backend::Postgres => self.client().batch_execute(sql).unwrap(),
        }
    }

    /// The one integer a query answers.
    pub fn one(&self, sql: &str) -> i64 {
        match self.backend {
            Backend::Sqlite => rusqlite::Connection::open(&self.text)
                .unwrap()
                .query_row(sql, [], |r| r.get(0))
                .unwrap(),
            Backend::Postgres => self.client().query_one(sql, &[]).unwrap().get(0),
        }
    }

    /// A connection to the test's PostgreSQL database.
    pub fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.text, postgres::NoTls).unwrap()
    }

    /// The schema's version.
    pub fn schema_version(&self) -> i64 {
        match self.backend {
            Backend::Sqlite => self.one("PRAGMA user_version"),
            Backend::Postgres => self.one("SELECT max(version)::bigint FROM kam_sim_schema"),
        }
    }
}

/// Each named test, on a SQLite file and on PostgreSQL: `NAME::on_sqlite`, `NAME::on_postgres`.
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[test]
                fn on_sqlite() {
                    super::$name(super::Backend::Sqlite);
                }

                #[test]
                fn on_postgres() {
                    super::$name(super::Backend::Postgres);
                }
            }
        )*
    };
}

on_both_databases!(
    import_is_all_or_nothing_and_never_duplicates,
    a_retake_is_stored_as_the_next_attempt,
    a_row_edited_by_hand_is_refused_by_every_read_naming_the_candidate,
    an_edit_of_what_a_cohort_report_reads_is_refused_though_the_signed_result_is_intact,
    a_store_of_the_second_version_is_sealed_once_each_result_is_verified_in_full,
    the_analyst_tables_hold_the_result_spread_out,
    two_imports_at_the_same_time_both_succeed,
    a_locked_database_is_reported_and_left_intact,
    another_programs_database_is_refused_and_left_untouched,
    a_store_of_the_first_version_is_upgraded_and_its_old_results_kept_aside,
    an_erasure_request_removes_the_candidate_from_every_table,
    a_report_never_creates_a_database,
);

fn import_is_all_or_nothing_and_never_duplicates(backend: Backend) {
    let Some(db) = TestDb::fresh(backend, "import") else {
        return;
    };
    let a = standard();
    let key = generate_key(&db.dir.join("k.key")).unwrap();
    let good = result_text(&a, &key, "ana", Some(Policy::Best), 0);
    let mut tampered: serde_json::Value = serde_json::from_str(&result_text(&a, &key, "bruno", None, 3)).unwrap();
    tampered["summary"]["passed"] = serde_json::json!(true);
    let mut store = db.open();
    let batch = [("good.json", good.clone()), ("tampered.json", tampered.to_string())];
    let err = import_into(&mut store, &batch, &key).err().unwrap().to_string();
    assert!(
        err.contains("tampered.json: refused") && err.ends_with("nothing was imported"),
        "{err}"
    );
    assert_eq!(
        count(db.address.clone(), &key),
        0,
        "the good file was not written either"
    );
    let report = import_into(&mut store, &[("good.json", good.clone())], &key).unwrap();
    assert_eq!(report.stored, [("good.json".to_owned(), 1)]);
    let again = import_into(&mut store, &[("good.json", good)], &key).unwrap();
    assert_eq!((again.stored.len(), again.already_stored.len()), (0, 1));
    assert_eq!(count(db.address.clone(), &key), 1);
}

fn a_retake_is_stored_as_the_next_attempt(backend: Backend) {
    let Some(db) = TestDb::fresh(backend, "retake") else {
        return;
    };
    let a = standard();
    let key = generate_key(&db.dir.join("k.key")).unwrap();
    let mut store = db.open();
    let first = result_text(&a, &key, "ana", None, 1);
    let second = result_text(&a, &key, "ana", None, 2);
    import_into(&mut store, &[("first.json", first)], &key).unwrap();
    let report = import_into(&mut store, &[("second.json", second)], &key).unwrap();
    assert_eq!(report.stored, [("second.json".to_owned(), 2)]);
    let attempts: Vec<u32> = store
        .verified(
            Filter {
                candidate: Some("ana"),
                ..Filter::default()
            },
            &key,
        )
        .unwrap()
        .iter()
        .map(|r| r.attempt)
        .collect();
    assert_eq!(attempts, [1, 2]);
}

fn a_row_edited_by_hand_is_refused_by_every_read_naming_the_candidate(backend: Backend) {
    let Some(db) = TestDb::fresh(backend, "edited") else {
        return;
    };
    let a = standard();
    let key = generate_key(&db.dir.join("k.key")).unwrap();
    let mut store = db.open();
    let worst = result_text(&a, &key, "Bruno Lima", Some(Policy::Worst), 0);
    let recorded = parse_result(&worst).unwrap().summary.average_score;
    import_into(&mut store, &[("bruno.json", worst)], &key).unwrap();
    drop(store);
    // `(1 = 1)` is true in both databases' own way of keeping truth values.
    db.sql("UPDATE attempts SET average_score = 99, passed = (1 = 1)");
    let err = Store::open_existing(db.address.clone())
        .unwrap()
        .verified(Filter::default(), &key)
        .err()
        .unwrap()
        .to_string();
    assert!(err.starts_with("stored result of candidate `Bruno Lima` (assessment `kam_candidate_standard`, attempt 1): average_score is 99 in the table but"), "{err}");
    assert!(err.contains(&format!("but {recorded} in the signed result")), "{err}");
    assert!(
        err.contains("passed is true in the table but false in the signed result"),
        "{err}"
    );
    let cohort_err = Store::open_existing(db.address.clone())
        .unwrap()
        .cohort_entries(Filter::default(), &key)
        .err()
        .unwrap()
        .to_string();
    assert_eq!(cohort_err, err, "a cohort report refuses it in the same words");
    // Editing the signed copy instead breaks its signature.
    db.sql(&format!(
        "UPDATE attempts SET average_score = {recorded}, passed = (1 = 0), signed_result = replace(signed_result, '\"average_score\":{recorded}', '\"average_score\":99')"
    ));
    let err = Store::open_existing(db.address.clone())
        .unwrap()
        .verified(Filter::default(), &key)
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("`Bruno Lima`") && err.contains("the signature does not match the content"),
        "{err}"
    );
}

fn an_edit_of_what_a_cohort_report_reads_is_refused_though_the_signed_result_is_intact(backend: Backend) {
    let Some(db) = TestDb::fresh(backend, "sealed") else {
        return;
    };
    let a = standard();
    let key = generate_key(&db.dir.join("k.key")).unwrap();
    let mut store = db.open();
    let text = result_text(&a, &key, "Bruno Lima", None, 3);
    let first_score = parse_result(&text).unwrap().runs[0].result.score;
    import_into(&mut store, &[("bruno.json", text)], &key).unwrap();
    let read = |db: &TestDb| {
        Store::open_existing(db.address.clone())
            .unwrap()
            .cohort_entries(Filter::default(), &key)
    };
    let entries = read(&db).unwrap();
    assert_eq!(entries[0].entry.runs[0].score, first_score);
    let refused = "stored result of candidate `Bruno Lima` (assessment `kam_candidate_standard`, attempt 1): its attempt number or its row of cohort_entries was edited after import";
    // A scenario's score raised in the entry a cohort report reads.
    db.sql(&format!(
        "UPDATE cohort_entries SET entry = replace(entry, '\"score\":{first_score},', '\"score\":100,')"
    ));
    let err = read(&db).err().unwrap().to_string();
    assert!(err.starts_with(refused), "{err}");
    assert!(err.contains("was altered after import; nothing was written"), "{err}");
    // The attempt renumbered, the entry put back as it was.
    db.sql(&format!(
        "UPDATE cohort_entries SET entry = replace(entry, '\"score\":100,', '\"score\":{first_score},')"
    ));
    read(&db).unwrap();
    db.sql("UPDATE attempts SET attempt = 2");
    let err = read(&db).err().unwrap().to_string();
    assert!(
        err.contains("attempt 2): its attempt number or its row of cohort_entries was edited after import"),
        "{err}"
    );
    // A seal that does not hold is refused even though the signed result still verifies.
    db.sql("UPDATE attempts SET attempt = 1; UPDATE cohort_entries SET seal = 'ab'");
    let err = read(&db).err().unwrap().to_string();
    assert!(err.starts_with(refused), "{err}");
}

fn a_store_of_the_second_version_is_sealed_once_each_result_is_verified_in_full(backend: Backend) {
    let Some(db) = TestDb::fresh(backend, "unsealed") else {
        return;
    };
    let a = standard();
    let key = generate_key(&db.dir.join("k.key")).unwrap();
    let mut store = db.open();
    let texts: Vec<(String, String)> = ["ana", "bruno", "carla"]
        .iter()
        .enumerate()
        .map(|(i, name)| (format!("{name}.json"), result_text(&a, &key, name, None, i as u64)))
        .collect();
    let batch: Vec<(&str, String)> = texts.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
    import_into(&mut store, &batch, &key).unwrap();
    let sealed = store.cohort_entries(Filter::default(), &key).unwrap();
    drop(store);
    // As a store of schema version 2 is after its upgrade to 3: no entries, no seals.
    db.sql("DELETE FROM cohort_entries");
    let mut store = Store::open_existing(db.address.clone()).unwrap();
    assert_eq!(
        store.cohort_entries(Filter::default(), &key).unwrap(),
        sealed,
        "unsealed rows are read from their signed results, verified in full"
    );
    // Bruno's signed result edited while unsealed: never sealed, refused by every read.
    db.sql(
        "UPDATE attempts SET signed_result = replace(signed_result, '\"language\":\"en\"', '\"language\":\"pt\"')
         WHERE candidate_id = (SELECT id FROM candidates WHERE name = 'bruno')",
    );
    assert_eq!(store.seal_unsealed(&key).unwrap(), 2, "ana's and carla's");
    assert_eq!(db.one("SELECT count(*) FROM cohort_entries"), 2);
    let err = store.cohort_entries(Filter::default(), &key).err().unwrap().to_string();
    assert!(
        err.contains("`bruno`") && err.contains("the signature does not match the content") && !err.contains("`ana`"),
        "{err}"
    );
    let ana = Filter {
        assessment: None,
        candidate: Some("ana"),
    };
    assert_eq!(store.cohort_entries(ana, &key).unwrap(), sealed[..1]);
    assert_eq!(store.seal_unsealed(&key).unwrap(), 0, "sealed once");
}

fn the_analyst_tables_hold_the_result_spread_out(backend: Backend) {
    let Some(db) = TestDb::fresh(backend, "analyst") else {
        return;
    };
    let a = standard();
    let key = generate_key(&db.dir.join("k.key")).unwrap();
    let mut store = db.open();
    let text = result_text(&a, &key, "ana", None, 4);
    let r = parse_result(&text).unwrap();
    import_into(&mut store, &[("ana.json", text)], &key).unwrap();
    assert_eq!(db.one("SELECT count(*) FROM scenario_results"), 3);
    assert_eq!(db.one("SELECT count(*) FROM mistakes") as usize, r.summary.mistakes);
    assert_eq!(
        db.one("SELECT count(*) FROM competency_scores") as usize,
        r.summary.competencies.len()
    );
    assert_eq!(
        db.one("SELECT average_score FROM attempts"),
        i64::from(r.summary.average_score)
    );
    assert_eq!(db.schema_version(), 3);
}

fn two_imports_at_the_same_time_both_succeed(backend: Backend) {
    let Some(db) = TestDb::fresh(backend, "parallel") else {
        return;
    };
    let a = standard();
    let key = Arc::new(generate_key(&db.dir.join("k.key")).unwrap());
    // Ten candidates, two results each: the two imports of a pair are the same candidate's, so
    // they contend for the same next attempt number.
    let texts: Vec<String> = (0..20)
        .map(|i| result_text(&a, &key, &format!("c{}", i / 2), None, i))
        .collect();
    for pair in texts.chunks(2) {
        let handles: Vec<_> = pair
            .iter()
            .cloned()
            .map(|text| {
                let (address, key) = (db.address.clone(), key.clone());
                std::thread::spawn(move || {
                    let mut store = Store::open(address)?;
                    import_into(&mut store, &[("r.json", text)], &key)
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap().unwrap();
        }
    }
    assert_eq!(
        count(db.address.clone(), &key),
        20,
        "ten pairs of simultaneous imports, none refused as locked"
    );
    let mut attempts: Vec<u32> = Store::open_existing(db.address.clone())
        .unwrap()
        .verified(
            Filter {
                candidate: Some("c3"),
                ..Filter::default()
            },
            &key,
        )
        .unwrap()
        .iter()
        .map(|r| r.attempt)
        .collect();
    attempts.sort_unstable();
    assert_eq!(attempts, [1, 2], "two attempts, numbered once each");
}

fn a_locked_database_is_reported_and_left_intact(backend: Backend) {
    let Some(db) = TestDb::fresh(backend, "locked") else {
        return;
    };
    let a = standard();
    let key = generate_key(&db.dir.join("k.key")).unwrap();
    let mut store = db.open();
    import_into(
        &mut store,
        &[("ana.json", result_text(&a, &key, "ana", Some(Policy::Best), 0))],
        &key,
    )
    .unwrap();
    store.set_busy_timeout(std::time::Duration::from_millis(200)).unwrap();
    // Another program holds a write lock for longer than this import waits.
    let second = result_text(&a, &key, "bruno", None, 5);
    let err = match backend {
        Backend::Sqlite => {
            let other = rusqlite::Connection::open(&db.text).unwrap();
            other.execute_batch("BEGIN EXCLUSIVE").unwrap();
            let err = import_into(&mut store, &[("bruno.json", second)], &key);
            other.execute_batch("ROLLBACK").unwrap();
            err
        }
        Backend::Postgres => {
            let mut other = db.client();
            let mut lock = other.transaction().unwrap();
            lock.batch_execute("LOCK TABLE attempts IN EXCLUSIVE MODE").unwrap();
            let err = import_into(&mut store, &[("bruno.json", second)], &key);
            lock.rollback().unwrap();
            err
        }
    }
    .err()
    .unwrap()
    .to_string();
    assert!(err.contains("locked by another program"), "{err}");
    assert_eq!(
        count(db.address.clone(), &key),
        1,
        "what was stored before is still there"
    );
}

fn another_programs_database_is_refused_and_left_untouched(backend: Backend) {
    let Some(db) = TestDb::fresh(backend, "foreign") else {
        return;
    };
    db.sql("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'ACME');");
    let err = Store::open(db.address.clone()).err().unwrap().to_string();
    assert!(
        err.contains("another program's database (it has the tables customers)"),
        "{err}"
    );
    assert!(err.contains(&db.address.shown()), "names the database: {err}");
    assert_eq!(db.one("SELECT count(*) FROM customers"), 1, "its data is as it was");
    let tables = match backend {
        Backend::Sqlite => db.one("SELECT count(*) FROM sqlite_schema WHERE type = 'table'"),
        Backend::Postgres => {
            db.one("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")
        }
    };
    assert_eq!(tables, 1, "no table of kam-sim's was added");
}

fn a_store_of_the_first_version_is_upgraded_and_its_old_results_kept_aside(backend: Backend) {
    let Some(db) = TestDb::fresh(backend, "upgrade") else {
        return;
    };
    match backend {
        Backend::Sqlite => db.sql(
            "CREATE TABLE results (id INTEGER PRIMARY KEY, assessment TEXT NOT NULL, candidate TEXT NOT NULL,
                signature TEXT NOT NULL UNIQUE, average_score INTEGER NOT NULL, passed INTEGER NOT NULL,
                imported_at TEXT NOT NULL, json TEXT NOT NULL, UNIQUE (assessment, candidate));
             INSERT INTO results VALUES (1, 'kam_candidate_standard', 'old', 'ab', 50, 0, 't', '{}');",
        ),
        Backend::Postgres => {
            // A database at version 1 on the server: made by kam-sim, stopped after the first migration.
            let mut client = db.client();
            let mut one = client.transaction().unwrap();
            one.batch_execute(
                "CREATE TABLE kam_sim_schema (version INTEGER NOT NULL); INSERT INTO kam_sim_schema VALUES (1);
                 CREATE TABLE results (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, assessment TEXT NOT NULL,
                    candidate TEXT NOT NULL, signature TEXT NOT NULL UNIQUE, average_score BIGINT NOT NULL,
                    passed BOOLEAN NOT NULL, imported_at TEXT NOT NULL, json TEXT NOT NULL, UNIQUE (assessment, candidate));
                 INSERT INTO results VALUES (1, 'kam_candidate_standard', 'old', 'ab', 50, false, 't', '{}');",
            )
            .unwrap();
            one.commit().unwrap();
        }
    }
    let mut store = db.open();
    assert_eq!(store.earlier_format_results().unwrap(), 1);
    assert_eq!(db.schema_version(), 3);
}

fn an_erasure_request_removes_the_candidate_from_every_table(backend: Backend) {
    let Some(db) = TestDb::fresh(backend, "erase") else {
        return;
    };
    let a = standard();
    let key = generate_key(&db.dir.join("k.key")).unwrap();
    let mut store = db.open();
    import_into(
        &mut store,
        &[
            ("ana.json", result_text(&a, &key, "Ana Souza", None, 1)),
            ("bruno.json", result_text(&a, &key, "Bruno Lima", None, 2)),
        ],
        &key,
    )
    .unwrap();
    assert_eq!(store.delete_candidate("Ana Souza").unwrap(), 1);
    let err = store.delete_candidate("Ana Souza").err().unwrap().to_string();
    assert!(err.contains("no candidate `Ana Souza`"), "{err}");
    drop(store);
    for table in [
        "attempts",
        "scenario_results",
        "competency_scores",
        "candidates",
        "cohort_entries",
    ] {
        let n = db.one(&format!("SELECT count(*) FROM {table}"));
        assert!(n > 0, "Bruno's rows stay in {table}");
    }
    assert_eq!(db.one("SELECT count(*) FROM candidates WHERE name = 'Ana Souza'"), 0);
    assert_eq!(
        db.one("SELECT count(*) FROM attempts WHERE signed_result LIKE '%Ana Souza%'"),
        0
    );
    assert_eq!(
        db.one("SELECT count(*) FROM cohort_entries WHERE entry LIKE '%Ana Souza%'"),
        0,
        "what a cohort report read of her result went with it"
    );
    if backend == Backend::Sqlite {
        assert!(
            !String::from_utf8_lossy(&std::fs::read(&db.text).unwrap()).contains("Ana Souza"),
            "no trace in the file"
        );
    }
}

fn a_report_never_creates_a_database(backend: Backend) {
    let Some(db) = TestDb::fresh(backend, "no-create") else {
        return;
    };
    let err = Store::open_existing(db.address.clone()).err().unwrap().to_string();
    assert!(err.contains("import results first"), "{err}");
    let tables = match backend {
        Backend::Sqlite => i64::from(std::path::Path::new(&db.text).exists()),
        Backend::Postgres => {
            db.one("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")
        }
    };
    assert_eq!(tables, 0, "nothing was made");
}

#[test]
fn files_that_are_not_a_database_are_refused_and_left_untouched() {
    let dir = temp("notdb");
    let db = dir.join("results.db");
    std::fs::write(
        &db,
        "these are not the droids you are looking for, nor a database file at all",
    )
    .unwrap();
    let err = Store::open(&db).err().unwrap().to_string();
    assert!(err.contains("not a kam-sim database"), "{err}");
    assert!(
        std::fs::read_to_string(&db).unwrap().starts_with("these are not"),
        "left as it was"
    );
    let err = Store::open(Path::new(":memory:")).err().unwrap().to_string();
    assert!(err.contains("an in-memory database would store nothing"), "{err}");
}

/// Imports `texts` into a new store in `dir`; the stored results verified in full, and as a cohort
/// report reads them (which must say the same).
fn stored(texts: &[(String, String)], key: &Key, dir: &Path) -> (Vec<StoredResult>, Vec<StoredEntry>) {
    let mut store = Store::open(dir.join("results.db")).unwrap();
    let batch: Vec<(&str, String)> = texts.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
    import_into(&mut store, &batch, key).unwrap();
    let results = store.verified(Filter::default(), key).unwrap();
    let entries = store.cohort_entries(Filter::default(), key).unwrap();
    assert_eq!(
        entries,
        results.iter().map(StoredEntry::from).collect::<Vec<_>>(),
        "a cohort report reads what the signed results say"
    );
    (results, entries)
}

#[test]
fn reports_show_the_profile_ranking_and_reliability_and_leave_simulated_candidates_out() {
    let dir = temp("reports");
    let a = standard();
    let key = generate_key(&dir.join("k.key")).unwrap();
    let mut texts: Vec<(String, String)> = (0..6)
        .map(|i| {
            let name = format!("person-{i}");
            let text = result_text(&a, &key, &name, None, i);
            (name, text)
        })
        .collect();
    let bot = PlayedBy::Simulated {
        policy: "best".into(),
        seed: 0,
        skill: None,
    };
    texts.push(("bot".into(), result_as(&a, &key, "bot", Some(Policy::Best), 9, bot)));
    let (results, entries) = stored(&texts, &key, &dir);
    let html = candidate_html(&results[0], &ReportLanguage::english());
    assert!(html.contains("<svg") && html.contains("person-0") && html.contains("judged against"));
    assert!(html.contains("Why it costs") || html.contains("No mistakes."));
    assert!(
        html.contains("@page") && html.contains("counter(pages)"),
        "prints with page numbers"
    );
    let c = cohort(&entries[..3], CohortOptions::default());
    assert!(c.alpha.is_none() && c.reliability_note.starts_with("Not enough candidates"));
    let c = cohort(&entries, CohortOptions::default());
    assert_eq!((c.ranked.len(), c.simulated_left_out), (6, 1));
    let alpha = c.alpha.expect("six people");
    assert!(alpha.low <= alpha.value && alpha.value <= alpha.high);
    assert!(
        c.reliability_note.contains("95 % bootstrap interval"),
        "{}",
        c.reliability_note
    );
    for m in &c.mistakes {
        assert!(m.candidates <= 6 && m.mean_per_candidate >= 1.0, "{m:?}");
    }
    let html = cohort_html(&c, "2026-12-01", &ReportLanguage::english());
    assert!(html.contains("1 simulated candidate(s) left out"), "marked and counted");
    let csv = String::from_utf8(cohort_csv(&c, CsvOptions::default()).unwrap()).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 6, "a header row, then one row per person");
    assert!(
        lines[0]
            .starts_with("rank,candidate,attempt,simulated,time_allowance,language,finished_at,average_score,passed,")
    );
    let averages: Vec<u32> = lines[1..]
        .iter()
        .map(|l| l.split(',').nth(7).unwrap().parse().unwrap())
        .collect();
    assert!(averages.windows(2).all(|w| w[0] >= w[1]), "ranked: {averages:?}");
    let all = cohort(
        &entries,
        CohortOptions {
            include_simulated: true,
        },
    );
    let csv = String::from_utf8(cohort_csv(&all, CsvOptions { bom: true }).unwrap()).unwrap();
    assert!(csv.starts_with('\u{feff}'));
    assert!(csv.lines().any(|l| l.contains(",bot,1,true,standard,")), "{csv}");
}

/// A signed result of a candidate granted extended time (a random player's answers, each prompt).
fn extended_time_result(a: &LoadedAssessment, key: &Key, candidate: &str) -> String {
    let sessions: Vec<_> = a
        .scenarios
        .iter()
        .zip(&a.source.scenarios)
        .map(|((c, _), s)| {
            play_random_in(
                Session::new(c.clone(), s.seed).with_time_allowance(TimeAllowance::Extended),
                3,
            )
            .unwrap()
        })
        .collect();
    let context = RunContext {
        candidate: candidate.into(),
        played_by: PlayedBy::Person,
        language: "en".into(),
        time_allowance: TimeAllowance::Extended,
        started_at: "2026-11-03T09:00:00Z".into(),
        finished_at: "2026-11-03T09:45:00Z".into(),
        target: TargetSnapshot::of(&a.profile),
        pass_rule: a.source.pass.clone(),
    };
    let mut r = build_result(a, &context, &sessions).unwrap();
    sign(&mut r, key);
    serde_json::to_string_pretty(&r).unwrap()
}

#[test]
fn a_candidate_given_extended_time_is_marked_in_every_report_and_export() {
    let dir = temp("extended-time");
    let a = standard();
    let key = generate_key(&dir.join("k.key")).unwrap();
    let texts = vec![
        ("bruno".to_owned(), extended_time_result(&a, &key, "bruno")),
        ("carla".to_owned(), result_text(&a, &key, "carla", None, 4)),
    ];
    let (results, entries) = stored(&texts, &key, &dir);
    let bruno = results.iter().find(|r| r.result.candidate == "bruno").unwrap();
    let carla = results.iter().find(|r| r.result.candidate == "carla").unwrap();
    assert_eq!(bruno.result.time_allowance, TimeAllowance::Extended);
    let html = candidate_html(bruno, &ReportLanguage::english());
    assert!(
        html.contains("extended time") && html.contains("every answer timer"),
        "the candidate report says so"
    );
    assert!(!candidate_html(carla, &ReportLanguage::english()).contains("extended time"));
    let c = cohort(&entries, CohortOptions::default());
    let html = cohort_html(&c, "2026-12-01", &ReportLanguage::english());
    assert_eq!(html.matches("extended time").count(), 1, "one badge, after bruno");
    let csv = String::from_utf8(cohort_csv(&c, CsvOptions::default()).unwrap()).unwrap();
    assert!(
        csv.lines().next().unwrap().contains(",simulated,time_allowance,"),
        "{csv}"
    );
    assert!(csv.lines().any(|l| l.contains(",bruno,1,false,extended,")), "{csv}");
    assert!(csv.lines().any(|l| l.contains(",carla,1,false,standard,")), "{csv}");
    let sent = statements(std::slice::from_ref(&bruno.result), &home());
    assert!(
        serde_json::to_string(&sent)
            .unwrap()
            .contains(r#""urn:kam-sim:time_allowance":"extended""#),
        "the LRS is told too"
    );
}

#[test]
fn a_candidate_named_like_a_formula_stays_text_in_the_csv() {
    let dir = temp("formula");
    let a = standard();
    let key = generate_key(&dir.join("k.key")).unwrap();
    let name = "=HYPERLINK(\"http://evil\",\"click\")";
    let (_, entries) = stored(&[(name.to_owned(), result_text(&a, &key, name, None, 1))], &key, &dir);
    let csv =
        String::from_utf8(cohort_csv(&cohort(&entries, CohortOptions::default()), CsvOptions::default()).unwrap())
            .unwrap();
    let row = csv.lines().nth(1).unwrap();
    assert!(
        row.starts_with("1,\"'=HYPERLINK(\"\"http://evil\"\",\"\"click\"\")\",1,false,"),
        "{row}"
    );
}

#[test]
fn xapi_statements_carry_actor_verb_object_result_and_competencies() {
    let dir = temp("xapi");
    let a = standard();
    let key = generate_key(&dir.join("k.key")).unwrap();
    let r = parse_result(&result_text(&a, &key, "ana", Some(Policy::Best), 0)).unwrap();
    let s = statements(std::slice::from_ref(&r), &home());
    assert_eq!(s.len(), 3 + 1, "one per scenario, one for the assessment");
    for st in &s {
        for field in ["actor", "verb", "object", "result", "context", "timestamp"] {
            assert!(!st[field].is_null(), "{field} in {st}");
        }
        assert_eq!(
            st["timestamp"],
            r.finished_at.as_str(),
            "when it happened, not when it was exported"
        );
        let scaled = st["result"]["score"]["scaled"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&scaled));
        assert!(
            st["verb"]["id"]
                .as_str()
                .unwrap()
                .starts_with("http://adlnet.gov/expapi/verbs/")
        );
    }
    assert_eq!(s[3]["verb"]["display"]["en-US"], "passed");
    assert!(s[0]["context"]["extensions"]["urn:kam-sim:competencies"].is_object());
    assert_eq!(s[0]["actor"]["account"]["homePage"], "https://hr.example.com");
}

fn home() -> HomePage {
    HomePage::parse("https://hr.example.com").unwrap()
}

#[test]
fn xapi_statement_ids_are_the_same_on_every_export_and_differ_between_attempts() {
    let dir = temp("xapi-ids");
    let a = standard();
    let key = generate_key(&dir.join("k.key")).unwrap();
    let first = parse_result(&result_text(&a, &key, "ana", None, 1)).unwrap();
    let retake = parse_result(&result_text(&a, &key, "ana", None, 2)).unwrap();
    let ids =
        |s: &[serde_json::Value]| -> Vec<String> { s.iter().map(|st| st["id"].as_str().unwrap().to_owned()).collect() };
    let once = statements(&[first.clone(), retake.clone()], &home());
    let again = statements(&[first.clone(), retake], &home());
    assert_eq!(ids(&once), ids(&again), "a resend sends the same ids");
    let distinct: std::collections::BTreeSet<_> = ids(&once).into_iter().collect();
    assert_eq!(
        distinct.len(),
        once.len(),
        "every statement has its own id: {distinct:?}"
    );
    for st in &once {
        let id = uuid::Uuid::parse_str(st["id"].as_str().unwrap()).unwrap();
        assert_eq!(id.get_version_num(), 5, "a name-based UUID");
    }
    let registrations = |s: &[serde_json::Value]| -> std::collections::BTreeSet<String> {
        s.iter()
            .map(|st| st["context"]["registration"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(registrations(&once[..4]).len(), 1, "one registration per attempt");
    assert_eq!(registrations(&once).len(), 2, "the retake is another registration");
    assert_eq!(
        ids(&statements(
            std::slice::from_ref(&first),
            &HomePage::parse("https://lms.example.com").unwrap()
        )),
        ids(&once[..4]),
        "the ids name the result and the scenario, not where the candidate's account is"
    );
}

#[test]
fn a_candidate_named_by_an_email_address_is_sent_as_an_mbox() {
    let dir = temp("xapi-mbox");
    let a = standard();
    let key = generate_key(&dir.join("k.key")).unwrap();
    let r = parse_result(&result_text(&a, &key, "ana.souza@example.com", None, 1)).unwrap();
    for st in statements(std::slice::from_ref(&r), &home()) {
        assert_eq!(st["actor"]["mbox"], "mailto:ana.souza@example.com");
        assert!(
            st["actor"].get("account").is_none(),
            "one identifier only: {}",
            st["actor"]
        );
    }
}

#[test]
fn a_read_only_database_is_reported_and_left_intact() {
    let dir = temp("readonly");
    let a = standard();
    let key = generate_key(&dir.join("k.key")).unwrap();
    let db = dir.join("results.db");
    let mut store = Store::open(&db).unwrap();
    import_into(
        &mut store,
        &[("ana.json", result_text(&a, &key, "ana", Some(Policy::Best), 0))],
        &key,
    )
    .unwrap();
    drop(store);
    // Root ignores permission bits, so make the file immutable instead (ext4 and most Linux file systems).
    let immutable = |on: bool| {
        std::process::Command::new("chattr")
            .arg(if on { "+i" } else { "-i" })
            .arg(&db)
            .status()
            .is_ok_and(|s| s.success())
    };
    if !immutable(true) {
        eprintln!("skipped: cannot make {} immutable here", db.display());
        return;
    }
    let outcome = Store::open(&db).and_then(|mut store| {
        import_into(
            &mut store,
            &[("bruno.json", result_text(&a, &key, "bruno", None, 4))],
            &key,
        )
    });
    immutable(false);
    let err = outcome.err().unwrap().to_string();
    assert!(
        err.contains("read-only") && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(count(&db, &key), 1);
}

#[test]
fn a_full_disk_is_reported_and_what_was_stored_is_kept() {
    use std::io::Write as _;
    let dir = temp("full");
    let mnt = dir.join("fs");
    std::fs::create_dir_all(&mnt).unwrap();
    // A small file system of its own, so that "full" is real and harms nothing else.
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
        .arg(&mnt)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a small file system here");
        return;
    }
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(mnt.clone());
    let a = standard();
    let key = generate_key(&dir.join("k.key")).unwrap();
    let db = mnt.join("results.db");
    let mut store = Store::open(&db).unwrap();
    import_into(
        &mut store,
        &[("ana.json", result_text(&a, &key, "ana", Some(Policy::Best), 0))],
        &key,
    )
    .unwrap();
    let filler = mnt.join("filler");
    let mut f = std::fs::File::create(&filler).unwrap();
    while f.write_all(&[0_u8; 65536]).is_ok() {}
    let _ = f.flush();
    let err = import_into(
        &mut store,
        &[("bruno.json", result_text(&a, &key, "bruno", None, 4))],
        &key,
    )
    .err()
    .unwrap()
    .to_string();
    assert!(err.contains("the disk is full; nothing was written"), "{err}");
    drop(store);
    std::fs::remove_file(&filler).unwrap();
    assert_eq!(count(&db, &key), 1, "the result stored before is intact");
}

#[test]
fn the_cohort_report_carries_an_item_analysis_of_scenarios_and_decision_points() {
    use kam_sim::core::policy::{Skill, play_skilled};
    let dir = temp("items");
    let a = standard();
    let key = generate_key(&dir.join("k.key")).unwrap();
    // Twelve candidates from weak to strong, so that a scenario's score tells them apart.
    let texts: Vec<(String, String)> = (0..12u32)
        .map(|i| {
            let theta = -2.0 + f64::from(i) * 4.0 / 11.0;
            let sessions: Vec<_> = a
                .scenarios
                .iter()
                .zip(&a.source.scenarios)
                .map(|((c, _), s)| play_skilled(c.clone(), s.seed, u64::from(i), Skill::new(theta).unwrap()).unwrap())
                .collect();
            let name = format!("person-{i:02}");
            let context = RunContext {
                candidate: name.clone(),
                played_by: PlayedBy::Person,
                language: "en".into(),
                time_allowance: Default::default(),
                started_at: "2026-11-02T09:00:00Z".into(),
                finished_at: "2026-11-02T09:45:00Z".into(),
                target: TargetSnapshot::of(&a.profile),
                pass_rule: a.source.pass.clone(),
            };
            let mut r = build_result(&a, &context, &sessions).unwrap();
            sign(&mut r, &key);
            (name, serde_json::to_string_pretty(&r).unwrap())
        })
        .collect();
    let (_, entries) = stored(&texts, &key, &dir);
    let c = cohort(&entries, CohortOptions::default());
    let items = &c.items;
    assert_eq!(items.scenarios.len(), 3);
    for (i, item) in items.scenarios.iter().enumerate() {
        let mean = c.ranked.iter().map(|r| f64::from(r.entry.runs[i].score)).sum::<f64>() / 12.0;
        assert!((item.facility - mean / 100.0).abs() < 1e-12, "{item:?}");
        let d = item.discrimination.unwrap();
        assert!(
            d > 0.0 && d <= 1.0,
            "stronger candidates score higher in every scenario: {item:?}"
        );
    }
    assert!(!items.decisions.is_empty());
    for d in &items.decisions {
        assert!(d.options.len() >= 2 && d.reached_by <= 12, "{d:?}");
        let chosen: usize = d.options.iter().map(|o| o.chosen_by).sum();
        assert!(
            chosen >= d.reached_by,
            "everyone who reached a moment did something there: {d:?}"
        );
    }
    let sem = items.sem.unwrap();
    assert!(sem > 0.0);
    assert_eq!(items.cut, 60);
    let undecided: Vec<String> = c
        .ranked
        .iter()
        .filter(|r| {
            let avg = r.entry.runs.iter().map(|run| f64::from(run.score)).sum::<f64>() / 3.0;
            (avg - 60.0).abs() < sem
        })
        .map(|r| r.entry.candidate.clone())
        .collect();
    assert_eq!(items.undecided, undecided);
    let html = cohort_html(&c, "2026-11-03", &ReportLanguage::english());
    assert!(html.contains("Item analysis") && html.contains("discrimination") && html.contains("r with the average"));
    assert!(html.contains("Standard error of measurement of the average"), "{html}");
    assert_eq!(
        html.matches("undecided — consider a further scenario").count(),
        undecided.len(),
        "each undecided candidate is marked in the ranking"
    );
    assert!(!html.contains("Selection rate by group"), "no labels, no group table");

    // The organisation labels the six weakest `early`, the six strongest `late`: the weak group
    // passes less often, below four fifths of the other's rate.
    let labels: std::collections::BTreeMap<String, String> = (0..12)
        .map(|i| {
            (
                format!("person-{i:02}"),
                if i < 6 { "early" } else { "late" }.to_owned(),
            )
        })
        .collect();
    let c = c.with_groups(&labels);
    let rate = |group: &str| {
        let members: Vec<_> = c
            .ranked
            .iter()
            .filter(|r| labels[&r.entry.candidate] == group)
            .collect();
        members.iter().filter(|r| r.entry.passed).count() as f64 / members.len() as f64
    };
    let (early, late) = (rate("early"), rate("late"));
    assert!(early < 0.8 * late, "early {early}, late {late}");
    let by_group: Vec<(&str, usize, bool)> = c
        .groups
        .iter()
        .map(|g| (g.group.as_str(), g.candidates, g.below_four_fifths()))
        .collect();
    assert_eq!(by_group, vec![("early", 6, true), ("late", 6, false)]);
    assert!((c.groups[0].ratio_to_highest.unwrap() - early / late).abs() < 1e-12);
    let html = cohort_html(&c, "2026-11-03", &ReportLanguage::english());
    assert_eq!(
        html.matches(">below four fifths<").count(),
        1,
        "the early group is marked (the note above the table says the words too)"
    );
}

/// A port on 127.0.0.1 where nothing listens.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

#[test]
fn a_database_server_that_is_down_is_named_and_its_password_never_shown() {
    let port = closed_port();
    let address = StoreAddress::parse(&format!("postgres://kam:secret-word@127.0.0.1:{port}/results")).unwrap();
    assert_eq!(address.shown(), format!("postgres://kam@127.0.0.1:{port}/results"));
    let err = Store::open(address).err().unwrap().to_string();
    assert!(
        err.starts_with(&format!(
            "database `postgres://kam@127.0.0.1:{port}/results`: nothing answers there: is the PostgreSQL server running"
        )),
        "{err}"
    );
    assert!(err.ends_with("nothing was written"), "{err}");
    assert!(!err.contains("secret-word"), "{err}");
}

#[test]
fn an_address_of_another_kind_of_database_is_refused_without_repeating_it() {
    let err = StoreAddress::parse("mysql://kam:secret-word@db.example.com/results")
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.starts_with("`mysql://…` is no database kam-sim can keep results in"),
        "{err}"
    );
    assert!(!err.contains("secret-word"), "{err}");
    let err = StoreAddress::parse("postgres://127.0.0.1:5432/results")
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("names no user"), "{err}");
}

#[test]
fn a_wrong_password_is_refused_in_words_without_showing_either_password() {
    let Some(server) = postgres_server() else { return };
    let config: postgres::Config = server.parse().unwrap();
    let right = String::from_utf8(
        config
            .get_password()
            .expect("the test server's address has a password")
            .to_vec(),
    )
    .unwrap();
    let wrong = server.replacen(&format!(":{right}@"), ":not-the-password@", 1);
    assert_ne!(wrong, server);
    let address = StoreAddress::parse(&wrong).unwrap();
    let err = Store::open(address.clone()).err().unwrap().to_string();
    assert!(
        err.starts_with(&format!(
            "database `{}`: the server refused the password",
            address.shown()
        )),
        "{err}"
    );
    assert!(!err.contains("not-the-password") && !err.contains(&right), "{err}");
}

#[test]
fn a_connection_lost_in_the_middle_of_an_import_leaves_nothing_half_written() {
    let Some(db) = TestDb::fresh(Backend::Postgres, "lost") else {
        return;
    };
    let a = standard();
    let key = Arc::new(generate_key(&db.dir.join("k.key")).unwrap());
    let mut store = db.open();
    import_into(
        &mut store,
        &[("ana.json", result_text(&a, &key, "ana", Some(Policy::Best), 0))],
        &key,
    )
    .unwrap();
    // Another program has begun to add the candidate `bruno` and not finished: the import stores
    // carla's result, then waits for bruno's row, in the middle of its transaction.
    let mut other = db.client();
    let mut pending = other.transaction().unwrap();
    pending
        .batch_execute("INSERT INTO candidates (name) VALUES ('bruno')")
        .unwrap();
    let batch = [
        ("carla.json", result_text(&a, &key, "carla", None, 1)),
        ("bruno.json", result_text(&a, &key, "bruno", None, 2)),
    ];
    let importing = {
        let key = key.clone();
        std::thread::spawn(move || import_into(&mut store, &batch, &key))
    };
    // Once the import waits there, its connection is ended from the server's side.
    let mut admin = db.client();
    let pid: i32 = loop {
        let waiting = admin
            .query(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()
                 AND application_name = 'kam-sim' AND wait_event_type = 'Lock'",
                &[],
            )
            .unwrap();
        if let Some(row) = waiting.first() {
            break row.get(0);
        }
        assert!(!importing.is_finished(), "the import should wait for bruno's row");
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    admin.execute("SELECT pg_terminate_backend($1)", &[&pid]).unwrap();
    let err = importing.join().unwrap().err().unwrap().to_string();
    pending.rollback().unwrap();
    assert!(
        err.starts_with(&format!(
            "database `{}`: the connection to the server was lost",
            db.address.shown()
        )),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(count(db.address.clone(), &key), 1, "only what was stored before");
    assert_eq!(
        db.one("SELECT count(*) FROM candidates WHERE name = 'carla'"),
        0,
        "carla's rows, written before the connection was lost, went with the transaction"
    );
}

#[test]
fn a_stored_result_reads_back_exactly_and_an_edit_anywhere_in_it_is_refused() {
    use kam_sim::core::assessment::signing::read_verified_stored;
    let dir = temp("stored-text");
    let a = standard();
    let key = generate_key(&dir.join("k.key")).unwrap();
    let r = parse_result(&result_text(&a, &key, "ana", None, 1)).unwrap();
    let stored = serde_json::to_string(&r).unwrap();
    assert_eq!(
        read_verified_stored(&stored, &key).unwrap(),
        r,
        "the store's compact copy"
    );
    assert_eq!(
        read_verified_stored(&serde_json::to_string_pretty(&r).unwrap(), &key).unwrap(),
        r,
        "another layout is read the slow way, to the same result"
    );
    let edited = stored.replacen("\"candidate\":\"ana\"", "\"candidate\":\"anb\"", 1);
    assert_ne!(edited, stored);
    let err = read_verified_stored(&edited, &key).unwrap_err();
    assert!(err.contains("the signature does not match the content"), "{err}");
    let value_at = stored.rfind("\"value\":\"").unwrap() + "\"value\":\"".len();
    let mut resigned = stored.clone();
    let flipped = if &stored[value_at..=value_at] == "0" { "1" } else { "0" };
    resigned.replace_range(value_at..=value_at, flipped);
    let err = read_verified_stored(&resigned, &key).unwrap_err();
    assert!(
        err.contains("the signature does not match the content"),
        "an edited signature: {err}"
    );
    let other = generate_key(&dir.join("other.key")).unwrap();
    let err = read_verified_stored(&stored, &other).unwrap_err();
    assert!(err.contains("signed with another key"), "{err}");
}
