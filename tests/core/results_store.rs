//! The results store, reports and xAPI export: what a manager sees after importing result files.

use std::path::{Path, PathBuf};

use kam_sim::core::assessment::{LoadedAssessment, build_result, load_assessment};
use kam_sim::core::policy::{Policy, play, play_random_with};
use kam_sim::core::signing::{Key, generate_key, sign};
use kam_sim::results::report::{candidate_html, cohort, cohort_csv};
use kam_sim::results::store::{ImportFile, Store, import};
use kam_sim::results::xapi::statements;

use crate::root;

fn standard() -> LoadedAssessment {
    load_assessment(
        &root().join("assessments/kam_candidate_standard.ron"),
        &root().join("scenarios"),
        &root().join("profiles"),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kam-sim-store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A signed result text for a simulated candidate (`None`: random with that seed).
fn result_text(a: &LoadedAssessment, key: &Key, candidate: &str, policy: Option<Policy>, seed: u64) -> String {
    let sessions: Vec<_> = a
        .scenarios
        .iter()
        .zip(&a.source.scenarios)
        .map(|((c, _), s)| match policy {
            Some(p) => play(c.clone(), s.seed, p).unwrap(),
            None => play_random_with(c.clone(), s.seed, seed).unwrap(),
        })
        .collect();
    let mut r = build_result(a, candidate, &sessions).unwrap();
    sign(&mut r, key);
    serde_json::to_string_pretty(&r).unwrap()
}

fn files<'a>(a: &'a LoadedAssessment, texts: &[(&str, String)]) -> Vec<ImportFile<'a>> {
    texts
        .iter()
        .map(|(name, text)| ImportFile {
            name: (*name).to_owned(),
            text: text.clone(),
            assessment: a,
        })
        .collect()
}

fn count(db: &Path) -> usize {
    Store::open_existing(db)
        .unwrap()
        .results_of("kam_candidate_standard")
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
    let err = import(&mut store, &files(&a, &batch), &key, "2026-11-23T00:00:00Z")
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("tampered.json: refused") && err.ends_with("nothing was imported"),
        "{err}"
    );
    assert_eq!(count(&db), 0, "the good file was not written either");
    let report = import(&mut store, &files(&a, &[("good.json", good.clone())]), &key, "t").unwrap();
    assert_eq!(report.stored, ["good.json"]);
    let again = import(&mut store, &files(&a, &[("good.json", good)]), &key, "t").unwrap();
    assert_eq!((again.stored.len(), again.already_stored.len()), (0, 1));
    assert_eq!(count(&db), 1);
}

#[test]
fn a_locked_database_is_reported_and_left_intact() {
    let dir = temp("locked");
    let a = standard();
    let key = generate_key(&dir.join("k.key")).unwrap();
    let db = dir.join("results.db");
    let mut store = Store::open(&db).unwrap();
    let first = result_text(&a, &key, "ana", Some(Policy::Best), 0);
    import(&mut store, &files(&a, &[("ana.json", first)]), &key, "t").unwrap();
    // Another program holds a write lock.
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let second = result_text(&a, &key, "bruno", None, 5);
    let err = import(&mut store, &files(&a, &[("bruno.json", second)]), &key, "t")
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("locked by another program"), "{err}");
    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(count(&db), 1, "what was stored before is still there");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_with_a_clear_message() {
    let dir = temp("notdb");
    let db = dir.join("results.db");
    std::fs::write(
        &db,
        "these are not the droids you are looking for, nor a database file at all",
    )
    .unwrap();
    let err = Store::open(&db).err().unwrap().to_string();
    assert!(err.contains("not a kam-sim results database"), "{err}");
    assert!(
        std::fs::read_to_string(&db).unwrap().starts_with("these are not"),
        "left as it was"
    );
}

#[test]
fn reports_show_the_profile_ranking_and_reliability() {
    let dir = temp("reports");
    let a = standard();
    let key = generate_key(&dir.join("k.key")).unwrap();
    let texts: Vec<(String, String)> = (0..6)
        .map(|i| {
            let name = format!("sim-{i}");
            let text = result_text(&a, &key, &name, None, i);
            (name, text)
        })
        .collect();
    let results: Vec<_> = texts
        .iter()
        .map(|(_, t)| kam_sim::core::signing::parse_result(t).unwrap().1)
        .collect();
    let html = candidate_html(&results[0], &a.profile);
    assert!(html.contains("<svg") && html.contains("sim-0") && html.contains("target profile"));
    assert!(html.contains("Why it costs") || html.contains("No mistakes."));
    let c = cohort(&results[..3]);
    assert!(c.alpha.is_none() && c.reliability_note.starts_with("Not enough candidates"));
    let c = cohort(&results);
    assert!(c.alpha.is_some(), "{}", c.reliability_note);
    let csv = cohort_csv(&c);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 6, "a header row, then one row per candidate");
    assert!(lines[0].starts_with("rank,candidate,average_score,passed,"));
    let averages: Vec<u32> = lines[1..]
        .iter()
        .map(|l| l.split(',').nth(2).unwrap().parse().unwrap())
        .collect();
    assert!(averages.windows(2).all(|w| w[0] >= w[1]), "ranked: {averages:?}");
}

#[test]
fn xapi_statements_carry_actor_verb_object_result_and_competencies() {
    let dir = temp("xapi");
    let a = standard();
    let key = generate_key(&dir.join("k.key")).unwrap();
    let (_, r) = kam_sim::core::signing::parse_result(&result_text(&a, &key, "ana", Some(Policy::Best), 0)).unwrap();
    let s = statements(&[r], "2026-11-23T00:00:00Z");
    assert_eq!(s.len(), 3 + 1, "one per scenario, one for the assessment");
    for st in &s {
        for field in ["actor", "verb", "object", "result", "context", "timestamp"] {
            assert!(!st[field].is_null(), "{field} in {st}");
        }
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
}

#[test]
fn a_read_only_database_is_reported_and_left_intact() {
    let dir = temp("readonly");
    let a = standard();
    let key = generate_key(&dir.join("k.key")).unwrap();
    let db = dir.join("results.db");
    let mut store = Store::open(&db).unwrap();
    import(
        &mut store,
        &files(&a, &[("ana.json", result_text(&a, &key, "ana", Some(Policy::Best), 0))]),
        &key,
        "t",
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
    let mut store = Store::open(&db).unwrap();
    let outcome = import(
        &mut store,
        &files(&a, &[("bruno.json", result_text(&a, &key, "bruno", None, 4))]),
        &key,
        "t",
    );
    drop(store);
    immutable(false);
    let err = outcome.err().unwrap().to_string();
    assert!(
        err.contains("read-only") && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(count(&db), 1);
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
    import(
        &mut store,
        &files(&a, &[("ana.json", result_text(&a, &key, "ana", Some(Policy::Best), 0))]),
        &key,
        "t",
    )
    .unwrap();
    let filler = mnt.join("filler");
    let mut f = std::fs::File::create(&filler).unwrap();
    while f.write_all(&[0_u8; 65536]).is_ok() {}
    let _ = f.flush();
    let err = import(
        &mut store,
        &files(&a, &[("bruno.json", result_text(&a, &key, "bruno", None, 4))]),
        &key,
        "t",
    )
    .err()
    .unwrap()
    .to_string();
    assert!(err.contains("the disk is full; nothing was written"), "{err}");
    drop(store);
    std::fs::remove_file(&filler).unwrap();
    assert_eq!(count(&db), 1, "the result stored before is intact");
}
