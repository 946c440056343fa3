//! The results store, reports and xAPI export: what a manager sees after importing result files, and
//! what happens when the database is edited, shared, locked, full or not ours.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use kam_sim::core::assessment::result::{RunContext, TargetSnapshot};
use kam_sim::core::assessment::signing::{Key, generate_key, parse_result, sign};
use kam_sim::core::assessment::{LoadedAssessment, PlayedBy, build_result, load_assessment};
use kam_sim::core::content::ContentDirs;
use kam_sim::core::policy::{Policy, play, play_random_with};
use kam_sim::results::report::csv::{CsvOptions, cohort_csv};
use kam_sim::results::report::{CohortOptions, ReportLanguage, candidate_html, cohort, cohort_html};
use kam_sim::results::store::{Filter, ImportFile, ImportReport, Store, StoreError, import};
use kam_sim::results::xapi::{HomePage, statements};

use crate::root;

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

fn count(db: &Path, key: &Key) -> usize {
    Store::open_existing(db)
        .unwrap()
        .verified(Filter::default(), key)
        .unwrap()
        .len()
}

#[test]
fn import_is_all_or_nothing_and_never_duplicates() {
    let dir = temp("import");
    let a = standard();
    let key = generate_key(&dir.join("k.key")).unwrap();
    let good = result_text(&a, &key, "ana", Some(Policy::Best), 0);
    let mut tampered: serde_json::Value = serde_json::from_str(&result_text(&a, &key, "bruno", None, 3)).unwrap();
    tampered["summary"]["passed"] = serde_json::json!(true);
    let db = dir.join("results.db");
    let mut store = Store::open(&db).unwrap();
    let batch = [("good.json", good.clone()), ("tampered.json", tampered.to_string())];
    let err = import_into(&mut store, &batch, &key).err().unwrap().to_string();
    assert!(
        err.contains("tampered.json: refused") && err.ends_with("nothing was imported"),
        "{err}"
    );
    assert_eq!(count(&db, &key), 0, "the good file was not written either");
    let report = import_into(&mut store, &[("good.json", good.clone())], &key).unwrap();
    assert_eq!(report.stored, [("good.json".to_owned(), 1)]);
    let again = import_into(&mut store, &[("good.json", good)], &key).unwrap();
    assert_eq!((again.stored.len(), again.already_stored.len()), (0, 1));
    assert_eq!(count(&db, &key), 1);
}

#[test]
fn a_retake_is_stored_as_the_next_attempt() {
    let dir = temp("retake");
    let a = standard();
    let key = generate_key(&dir.join("k.key")).unwrap();
    let mut store = Store::open(&dir.join("results.db")).unwrap();
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

#[test]
fn a_row_edited_by_hand_is_refused_by_every_read_naming_the_candidate() {
    let dir = temp("edited");
    let a = standard();
    let key = generate_key(&dir.join("k.key")).unwrap();
    let db = dir.join("results.db");
    let mut store = Store::open(&db).unwrap();
    let worst = result_text(&a, &key, "Bruno Lima", Some(Policy::Worst), 0);
    let recorded = parse_result(&worst).unwrap().summary.average_score;
    import_into(&mut store, &[("bruno.json", worst)], &key).unwrap();
    drop(store);
    let sql = rusqlite::Connection::open(&db).unwrap();
    sql.execute("UPDATE attempts SET average_score = 99, passed = 1", [])
        .unwrap();
    let err = Store::open_existing(&db)
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
    // Editing the signed copy instead breaks its signature.
    sql.execute(
        "UPDATE attempts SET average_score = ?1, passed = 0, signed_result = replace(signed_result, '\"average_score\":' || ?1, '\"average_score\":99')",
        [recorded],
    )
    .unwrap();
    let err = Store::open_existing(&db)
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

#[test]
fn the_analyst_tables_hold_the_result_spread_out() {
    let dir = temp("analyst");
    let a = standard();
    let key = generate_key(&dir.join("k.key")).unwrap();
    let db = dir.join("results.db");
    let mut store = Store::open(&db).unwrap();
    let text = result_text(&a, &key, "ana", None, 4);
    let r = parse_result(&text).unwrap();
    import_into(&mut store, &[("ana.json", text)], &key).unwrap();
    let sql = rusqlite::Connection::open(&db).unwrap();
    let one = |q: &str| -> i64 { sql.query_row(q, [], |row| row.get(0)).unwrap() };
    assert_eq!(one("SELECT count(*) FROM scenario_results"), 3);
    assert_eq!(one("SELECT count(*) FROM mistakes") as usize, r.summary.mistakes);
    assert_eq!(
        one("SELECT count(*) FROM competency_scores") as usize,
        r.summary.competencies.len()
    );
    assert_eq!(
        one("SELECT average_score FROM attempts"),
        i64::from(r.summary.average_score)
    );
    assert_eq!(one("PRAGMA user_version"), 2);
}

#[test]
fn two_imports_at_the_same_time_both_succeed() {
    let dir = temp("parallel");
    let a = standard();
    let key = Arc::new(generate_key(&dir.join("k.key")).unwrap());
    let db = dir.join("results.db");
    let texts: Vec<String> = (0..20)
        .map(|i| result_text(&a, &key, &format!("c{i}"), None, i))
        .collect();
    for pair in texts.chunks(2) {
        let handles: Vec<_> = pair
            .iter()
            .cloned()
            .map(|text| {
                let (db, key) = (db.clone(), key.clone());
                std::thread::spawn(move || {
                    let mut store = Store::open(&db)?;
                    import_into(&mut store, &[("r.json", text)], &key)
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap().unwrap();
        }
    }
    assert_eq!(
        count(&db, &key),
        20,
        "ten pairs of simultaneous imports, none refused as locked"
    );
}

#[test]
fn a_locked_database_is_reported_and_left_intact() {
    let dir = temp("locked");
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
    store.set_busy_timeout(std::time::Duration::from_millis(200)).unwrap();
    // Another program holds a write lock for longer than this import waits.
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let second = result_text(&a, &key, "bruno", None, 5);
    let err = import_into(&mut store, &[("bruno.json", second)], &key)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("locked by another program"), "{err}");
    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(count(&db, &key), 1, "what was stored before is still there");
}

#[test]
fn files_that_are_not_our_database_are_refused_and_left_untouched() {
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
    let foreign = dir.join("crm.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);")
        .unwrap();
    let before = std::fs::read(&foreign).unwrap();
    let err = Store::open(&foreign).err().unwrap().to_string();
    assert!(
        err.contains("another program's database (it has the tables customers)"),
        "{err}"
    );
    assert_eq!(std::fs::read(&foreign).unwrap(), before, "not a byte changed");
    let err = Store::open(Path::new(":memory:")).err().unwrap().to_string();
    assert!(err.contains("an in-memory database would store nothing"), "{err}");
}

#[test]
fn a_store_of_the_first_version_is_upgraded_and_its_old_results_kept_aside() {
    let dir = temp("upgrade");
    let db = dir.join("results.db");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(
            "CREATE TABLE results (id INTEGER PRIMARY KEY, assessment TEXT NOT NULL, candidate TEXT NOT NULL,
                signature TEXT NOT NULL UNIQUE, average_score INTEGER NOT NULL, passed INTEGER NOT NULL,
                imported_at TEXT NOT NULL, json TEXT NOT NULL, UNIQUE (assessment, candidate));
             INSERT INTO results VALUES (1, 'kam_candidate_standard', 'old', 'ab', 50, 0, 't', '{}');",
        )
        .unwrap();
    let store = Store::open(&db).unwrap();
    assert_eq!(store.earlier_format_results().unwrap(), 1);
}

#[test]
fn an_erasure_request_removes_the_candidate_from_every_table() {
    let dir = temp("erase");
    let a = standard();
    let key = generate_key(&dir.join("k.key")).unwrap();
    let db = dir.join("results.db");
    let mut store = Store::open(&db).unwrap();
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
    let sql = rusqlite::Connection::open(&db).unwrap();
    for table in ["attempts", "scenario_results", "competency_scores", "candidates"] {
        let n: i64 = sql
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert!(n > 0, "Bruno's rows stay in {table}");
    }
    let left: i64 = sql
        .query_row("SELECT count(*) FROM candidates WHERE name = 'Ana Souza'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(left, 0);
    assert!(
        !String::from_utf8_lossy(&std::fs::read(&db).unwrap()).contains("Ana Souza"),
        "no trace in the file"
    );
}

fn stored(texts: &[(String, String)], key: &Key, dir: &Path) -> Vec<kam_sim::results::store::StoredResult> {
    let mut store = Store::open(&dir.join("results.db")).unwrap();
    let batch: Vec<(&str, String)> = texts.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
    import_into(&mut store, &batch, key).unwrap();
    store.verified(Filter::default(), key).unwrap()
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
    let results = stored(&texts, &key, &dir);
    let html = candidate_html(&results[0], &ReportLanguage::english());
    assert!(html.contains("<svg") && html.contains("person-0") && html.contains("judged against"));
    assert!(html.contains("Why it costs") || html.contains("No mistakes."));
    assert!(
        html.contains("@page") && html.contains("counter(pages)"),
        "prints with page numbers"
    );
    let c = cohort(&results[..3], CohortOptions::default());
    assert!(c.alpha.is_none() && c.reliability_note.starts_with("Not enough candidates"));
    let c = cohort(&results, CohortOptions::default());
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
    assert!(lines[0].starts_with("rank,candidate,attempt,simulated,language,finished_at,average_score,passed,"));
    let averages: Vec<u32> = lines[1..]
        .iter()
        .map(|l| l.split(',').nth(6).unwrap().parse().unwrap())
        .collect();
    assert!(averages.windows(2).all(|w| w[0] >= w[1]), "ranked: {averages:?}");
    let all = cohort(
        &results,
        CohortOptions {
            include_simulated: true,
        },
    );
    let csv = String::from_utf8(cohort_csv(&all, CsvOptions { bom: true }).unwrap()).unwrap();
    assert!(csv.starts_with('\u{feff}'));
    assert!(csv.lines().any(|l| l.contains(",bot,1,true,")), "{csv}");
}

#[test]
fn a_candidate_named_like_a_formula_stays_text_in_the_csv() {
    let dir = temp("formula");
    let a = standard();
    let key = generate_key(&dir.join("k.key")).unwrap();
    let name = "=HYPERLINK(\"http://evil\",\"click\")";
    let results = stored(&[(name.to_owned(), result_text(&a, &key, name, None, 1))], &key, &dir);
    let csv =
        String::from_utf8(cohort_csv(&cohort(&results, CohortOptions::default()), CsvOptions::default()).unwrap())
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
    let results = stored(&texts, &key, &dir);
    let c = cohort(&results, CohortOptions::default());
    let items = &c.items;
    assert_eq!(items.scenarios.len(), 3);
    for (i, item) in items.scenarios.iter().enumerate() {
        let mean = c
            .ranked
            .iter()
            .map(|r| f64::from(r.result.runs[i].result.score))
            .sum::<f64>()
            / 12.0;
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
            let avg = r.result.runs.iter().map(|run| f64::from(run.result.score)).sum::<f64>() / 3.0;
            (avg - 60.0).abs() < sem
        })
        .map(|r| r.result.candidate.clone())
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
            .filter(|r| labels[&r.result.candidate] == group)
            .collect();
        members.iter().filter(|r| r.result.summary.passed).count() as f64 / members.len() as f64
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
