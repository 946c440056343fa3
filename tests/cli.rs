//! The command-line contract other tools script against: outputs, JSON shapes and exit codes,
//! including hostile input (missing, non-UTF-8, huge and deeply nested files).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on what it does not expect"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

#[path = "support/postgres.rs"]
mod support;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn kam(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kam-sim"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("runs")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Whether standard error says `words`, however miette wrapped them: an error's message and help are
/// wrapped at 100 columns, and a long word or path may be broken across lines, so both sides are
/// compared without whitespace and without the frame's `│`.
fn says(o: &Output, words: &str) -> bool {
    let flat = |text: &str| text.split_whitespace().filter(|w| *w != "\u{2502}").collect::<String>();
    flat(&stderr(o)).contains(&flat(words))
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", stdout(o), stderr(o)))
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kam-sim-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn check_passes_the_shipped_scenarios() {
    let o = kam(&["check", "scenarios", "--deny-warnings"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(stdout(&o).contains("0 errors, 0 warnings"));
}

#[test]
fn check_reports_a_broken_file_as_json_with_positions() {
    let o = kam(&["check", "tests/broken/unknown_next_node.ron", "--format", "json"]);
    assert_eq!(code(&o), 1);
    let d = &json(&o)["diagnostics"][0];
    assert_eq!(d["file"], "tests/broken/unknown_next_node.ron");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(29), Some(104)));
    assert_eq!(d["severity"], "error");
    assert_eq!(d["code"], "kam::scenario::unknown_node");
    assert!(d["message"].as_str().unwrap().contains("questoin"));
}

#[test]
fn warnings_alone_pass_unless_denied() {
    let file = "tests/broken/flag_never_set_and_no_op.ron";
    assert_eq!(code(&kam(&["check", file])), 0);
    assert_eq!(code(&kam(&["check", file, "--deny-warnings"])), 1);
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let o = kam(&["check", "no/such/file.ron", "--format", "json"]);
    assert_eq!(code(&o), 1);
    let d = &json(&o)["diagnostics"][0];
    assert_eq!(d["code"], "kam::file::unreadable");
    assert_eq!(d["line"], 0);
    let o = kam(&["run", "no_such_scenario"]);
    assert_eq!(code(&o), 1);
    assert!(says(&o, "cannot read"), "{}", stderr(&o));
}

#[test]
fn a_non_utf8_file_is_reported_with_the_position_of_the_bad_byte() {
    let dir = temp_dir("utf8");
    let file = dir.join("latin1.ron");
    std::fs::write(&file, b"Scenario(\n    title: \"Caf\xe9\",\n)").unwrap();
    let o = kam(&["check", arg(&file)]);
    assert_eq!(code(&o), 1);
    assert!(
        stdout(&o).contains("latin1.ron: the file is not UTF-8 text: invalid byte at line 2, column 16"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_fifty_megabyte_file_is_refused_without_reading_it() {
    let dir = temp_dir("huge");
    let file = dir.join("huge.ron");
    let f = std::fs::File::create(&file).unwrap();
    f.set_len(50 * 1024 * 1024).unwrap();
    let o = kam(&["check", arg(&file), "--format", "json"]);
    assert_eq!(code(&o), 1);
    assert_eq!(json(&o)["diagnostics"][0]["code"], "kam::file::too_large");
}

#[test]
fn a_deeply_nested_file_is_an_error_not_a_crash() {
    let dir = temp_dir("deep");
    let file = dir.join("deep.ron");
    let depth = 100_000;
    std::fs::write(&file, format!("{}{}", "[".repeat(depth), "]".repeat(depth))).unwrap();
    let o = kam(&["check", arg(&file)]);
    assert_eq!(code(&o), 1, "{}{}", stdout(&o), stderr(&o));
    let depth = 200;
    std::fs::write(
        &file,
        format!("Scenario(id: {}{})", "Some(".repeat(depth), ")".repeat(depth)),
    )
    .unwrap();
    let o = kam(&["check", arg(&file), "--format", "json"]);
    assert_eq!(code(&o), 1, "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn usage_errors_exit_with_two() {
    assert_eq!(code(&kam(&["check"])), 2);
    assert_eq!(
        code(&kam(&["run", "breadwinner_discount_squeeze", "--policy", "clever"])),
        2
    );
    assert_eq!(code(&kam(&["frobnicate"])), 2);
    assert_eq!(code(&kam(&["run", "x", "--inputs", "a.ron", "--policy", "best"])), 2);
}

#[test]
fn run_prints_the_documented_json_result() {
    let o = kam(&[
        "run",
        "breadwinner_discount_squeeze",
        "--policy",
        "best",
        "--seed",
        "1",
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let r = json(&o);
    for field in [
        "scenario",
        "seed",
        "ending",
        "outcome",
        "score",
        "grade",
        "competencies",
        "mistakes",
        "deal",
        "transcript",
    ] {
        assert!(!r[field].is_null(), "missing {field}");
    }
    assert_eq!(r["ending"], "won_good_terms");
    assert_eq!(r["outcome"], "won");
    assert_eq!(r["score"], 97);
    assert!(r["competencies"]["negotiation"].is_u64());
    assert_eq!(r["deal"]["below_floor"], false);
    let o = kam(&[
        "run",
        "breadwinner_discount_squeeze",
        "--policy",
        "worst",
        "--seed",
        "1",
        "--format",
        "json",
    ]);
    let m = &json(&o)["mistakes"][0];
    for field in ["id", "severity", "node", "at_seconds", "explanation"] {
        assert!(m.get(field).is_some(), "mistake lacks {field}");
    }
}

#[test]
fn saved_inputs_replay_byte_for_byte() {
    let dir = temp_dir("replay");
    let saved = dir.join("played.ron");
    let first = kam(&[
        "run",
        "buying_committee_pitch",
        "--seed",
        "13",
        "--save-inputs",
        arg(&saved),
        "--format",
        "json",
    ]);
    assert_eq!(code(&first), 0, "{}", stderr(&first));
    let again = kam(&[
        "run",
        "buying_committee_pitch",
        "--inputs",
        arg(&saved),
        "--format",
        "json",
    ]);
    assert_eq!(code(&again), 0, "{}", stderr(&again));
    assert_eq!(first.stdout, again.stdout);
}

#[test]
fn a_refused_input_is_reported_at_its_line() {
    let dir = temp_dir("refused");
    let file = dir.join("inputs.ron");
    std::fs::write(
        &file,
        "Inputs(\n    scenario: \"inherited_account_first_meeting\",\n    seed: 1,\n    inputs: [\n        (at: 1.0, action: Depart(\"metro\")),\n        (at: 9.0, action: Choose(\"fly_away\")),\n    ],\n)\n",
    )
    .unwrap();
    let o = kam(&["run", "inherited_account_first_meeting", "--inputs", arg(&file)]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(err.contains("inputs.ron:6:9"), "{err}");
    assert!(
        err.contains("option `fly_away` is not offered at node `arrival`"),
        "{err}"
    );
}

#[test]
fn choices_play_by_id() {
    let o = kam(&[
        "run",
        "inherited_account_first_meeting",
        "--choices",
        concat!(
            "company_facts,interaction_history,open_complaints,vargas_profile,decision_group,taxi,",
            "greet_both,accept_coffee,informed_opening,listen_acknowledge,own_invoices,size_audit,be_the_number,",
            "compete_on_plan,commit_complaints,sign_now,early_warning,discreet_answer,personal_touch,",
            "humble_homework,earn_it_first,buffer_plan,simple_wishes,recovery_plan,there_myself,planner_visit,",
            "accept_the_test,name_the_team,summary_email"
        ),
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let r = json(&o);
    assert_eq!(r["ending"], "second_chance");
    assert_eq!(r["mistakes"].as_array().map(Vec::len), Some(0));
    let o = kam(&["run", "inherited_account_first_meeting", "--choices", "taxi,sing"]);
    assert_eq!(code(&o), 1);
    assert!(
        says(&o, "choice 2 (`sing`): not an option of node `arrival`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn analyze_prints_the_documented_json() {
    let o = kam(&[
        "analyze",
        "breadwinner_discount_squeeze",
        "--format",
        "json",
        "--deny-warnings",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let a = json(&o);
    assert_eq!(a["scenario"], "breadwinner_discount_squeeze");
    assert_eq!(a["endings"].as_array().unwrap().len(), 4);
    assert!(
        a["endings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["reachable"] == true && e["outcome"].is_string())
    );
    assert!(a["score"]["min"].as_u64() < a["score"]["max"].as_u64());
    let possible: Vec<&str> = a["mistakes_possible"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for m in ["lateness", "interrupting", "price_dumping", "neediness", "arguing"] {
        assert!(possible.contains(&m), "{m} not possible: {possible:?}");
    }
    assert!(a["competencies_measured"].as_array().unwrap().len() >= 5);
    assert_eq!(a["unreachable_nodes"], Value::Array(vec![]));
    assert_eq!(a["dead_ends"], Value::Array(vec![]));
}

#[test]
fn list_shows_each_scenario_and_broken_files() {
    let o = kam(&["list"]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    for id in [
        "breadwinner_discount_squeeze",
        "buying_committee_pitch",
        "inherited_account_first_meeting",
    ] {
        assert!(out.contains(id), "{out}");
    }
    let o = kam(&["list", "tests/broken", "--format", "json"]);
    let l = json(&o);
    assert!(l["broken"].as_array().unwrap().len() >= 10);
    assert_eq!(
        l["scenarios"].as_array().unwrap().len(),
        4,
        "the files with warnings only (flag never set, variable never changed, explanation never shown, a mistake against no measured competency) still load"
    );
}

#[test]
fn graph_exports_dot_and_mermaid() {
    let dot = stdout(&kam(&["graph", "breadwinner_discount_squeeze", "--format", "dot"]));
    assert!(dot.starts_with("digraph") && dot.contains("-> e0") && dot.contains("style=dashed"));
    let mermaid = stdout(&kam(&["graph", "buying_committee_pitch", "--format", "mermaid"]));
    assert!(mermaid.starts_with("flowchart TD") && mermaid.contains("-->|\"greet_all\"|"));
}

#[test]
fn strings_lists_every_player_visible_text_with_a_unique_key() {
    let o = kam(&["strings", "breadwinner_discount_squeeze", "--format", "json"]);
    let table = json(&o);
    let keys = table.as_object().unwrap();
    assert!(keys.contains_key("node.opening.text"));
    assert!(keys.contains_key("option.opening.plead.explain.better"));
    assert!(keys.len() > 60);
}

#[test]
fn an_assessment_runs_from_inputs_files_and_its_signed_result_verifies() {
    let dir = temp_dir("assess");
    let key = dir.join("manager.key");
    let o = kam(&["results", "keygen", arg(&key)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let inputs = dir.join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    for (id, seed) in [
        ("inherited_account_first_meeting", "11"),
        ("breadwinner_discount_squeeze", "23"),
        ("buying_committee_pitch", "5"),
    ] {
        let file = inputs.join(format!("{id}.ron"));
        let o = kam(&[
            "run",
            id,
            "--seed",
            seed,
            "--policy",
            "random",
            "--save-inputs",
            arg(&file),
        ]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    }
    let out = dir.join("result.json");
    let assess = |out: &Path| {
        kam(&[
            "assess",
            "kam_candidate_standard",
            "--candidate",
            "Ana Souza",
            "--inputs",
            arg(&inputs),
            "--out",
            arg(out),
            "--key",
            arg(&key),
        ])
    };
    let o = assess(&out);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("signed result written to"));
    let written = std::fs::read_to_string(&out).unwrap();
    // A second run never replaces a completed result.
    let o = assess(&out);
    assert_eq!(code(&o), 1);
    assert!(says(&o, "exists already"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), written);
    let o = kam(&["results", "verify", arg(&out), "--key", arg(&key)]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stdout));
    let said = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        said.contains("signature: ok") && said.contains("replay:    ok"),
        "{said}"
    );
}

#[test]
fn an_assessment_needs_a_key_and_inputs_recorded_with_its_seeds() {
    let dir = temp_dir("assess-refused");
    let o = Command::new(env!("CARGO_BIN_EXE_kam-sim"))
        .args([
            "assess",
            "kam_candidate_standard",
            "--candidate",
            "x",
            "--policy",
            "best",
        ])
        .current_dir(root())
        .env_remove("KAM_SIM_KEY_FILE")
        .output()
        .unwrap();
    assert_eq!(code(&o), 1);
    assert!(says(&o, "no signing key"), "{}", stderr(&o));
    let key = dir.join("k.key");
    kam(&["results", "keygen", arg(&key)]);
    let inputs = dir.join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    let file = inputs.join("inherited_account_first_meeting.ron");
    kam(&[
        "run",
        "inherited_account_first_meeting",
        "--seed",
        "3",
        "--policy",
        "best",
        "--save-inputs",
        arg(&file),
    ]);
    let o = kam(&[
        "assess",
        "kam_candidate_standard",
        "--candidate",
        "x",
        "--inputs",
        arg(&inputs),
        "--out",
        arg(&dir.join("r.json")),
        "--key",
        arg(&key),
    ]);
    assert_eq!(code(&o), 1);
    assert!(
        says(&o, "was recorded with seed 3; the assessment fixes seed 11"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.join("r.json").exists(), "nothing is written for a refused run");
}

#[test]
fn extended_time_is_granted_by_the_manager_and_inputs_played_otherwise_are_refused() {
    let dir = temp_dir("assess-extended");
    let key = dir.join("k.key");
    kam(&["results", "keygen", arg(&key)]);
    let inputs = dir.join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    let file = inputs.join("inherited_account_first_meeting.ron");
    let o = kam(&[
        "run",
        "inherited_account_first_meeting",
        "--seed",
        "11",
        "--policy",
        "best",
        "--save-inputs",
        arg(&file),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = dir.join("r.json");
    let assess = |extra: &[&str]| {
        let mut args = vec![
            "assess",
            "kam_candidate_standard",
            "--candidate",
            "x",
            "--out",
            arg(&out),
            "--key",
            arg(&key),
        ];
        args.extend_from_slice(extra);
        kam(&args)
    };
    // Inputs played with the standard time cannot become an extended-time result, nor the reverse.
    let o = assess(&["--inputs", arg(&inputs), "--extended-time"]);
    assert_eq!(code(&o), 1);
    assert!(
        says(&o, "was played with standard time; this run gives extended time"),
        "{}",
        stderr(&o)
    );
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen("    inputs: [", "    time_allowance: extended,\n    inputs: [", 1),
    )
    .unwrap();
    let o = assess(&["--inputs", arg(&inputs)]);
    assert_eq!(code(&o), 1);
    assert!(
        says(&o, "was played with extended time; this run gives standard time"),
        "{}",
        stderr(&o)
    );
    assert!(
        says(&o, "give `--extended-time` for a candidate granted it"),
        "{}",
        stderr(&o)
    );
    // Simulated candidates answer within the standard windows.
    let o = assess(&["--policy", "best", "--extended-time"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(!out.exists(), "nothing is written for a refused run");
}

#[cfg(feature = "game")]
#[test]
fn a_saved_window_run_is_not_relaunched_with_other_answer_time() {
    let dir = temp_dir("assess-relaunch-time");
    let key = dir.join("k.key");
    kam(&["results", "keygen", arg(&key)]);
    let out = dir.join("x.json");
    let saved = dir.join("x.progress.json");
    let progress = r#"{"format":"kam-sim/assessment-progress/2","assessment":"kam_candidate_standard","assessment_sha256":"0","candidate":"x","started_at":"2026-12-01T09:00:00Z","language":"en","time_allowance":"extended","runs":[]}"#;
    std::fs::write(&saved, progress).unwrap();
    let o = kam(&[
        "assess",
        "kam_candidate_standard",
        "--candidate",
        "x",
        "--out",
        arg(&out),
        "--key",
        arg(&key),
    ]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        says(&o, "was started with extended time, this launch gives standard time"),
        "{}",
        stderr(&o)
    );
    assert!(says(&o, "relaunch with `--extended-time`"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&saved).unwrap(),
        progress,
        "the saved run is left as it was"
    );
}

/// `kam-sim` run as a manager would: from a folder of their own, outside the repository, with the key
/// in the environment.
fn kam_in(dir: &Path, key: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kam-sim"))
        .args(args)
        .current_dir(dir)
        .env("KAM_SIM_KEY_FILE", key)
        .env_remove("KAM_SIM_DB")
        .env_remove("KAM_SIM_XAPI_HOME_PAGE")
        .output()
        .expect("runs")
}

#[test]
fn the_reproduction_of_odd_millisecond_answers_verifies() {
    let dir = temp_dir("repro");
    let key = dir.join("keys/manager.key");
    let o = kam(&["results", "keygen", arg(&key)]);
    assert_eq!(code(&o), 0, "a key in a folder that does not exist yet: {}", stderr(&o));
    let repro = root().join("tests/fixtures/odd-milliseconds");
    let out = dir.join("ana.json");
    let o = kam_in(
        &dir,
        &key,
        &[
            "assess",
            "kam_candidate_standard",
            "--candidate",
            "Ana Souza",
            "--inputs",
            arg(&repro),
            "--out",
            arg(&out),
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = kam_in(&dir, &key, &["results", "verify", arg(&out), "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let v = json(&o);
    assert_eq!(
        (v["signature_ok"].as_bool(), v["replay_ok"].as_bool()),
        (Some(true), Some(true)),
        "{v}"
    );
    assert_eq!(v["candidate"], "Ana Souza");
}

#[test]
fn a_manager_outside_the_repository_imports_lists_reports_and_erases() {
    let dir = temp_dir("manager");
    let key = dir.join("keys/manager.key");
    assert_eq!(code(&kam(&["results", "keygen", arg(&key)])), 0);
    // Two names that differ only in punctuation, a name a spreadsheet would run, all played by people
    // (recorded inputs), and a simulated candidate.
    let repro = root().join("tests/fixtures/odd-milliseconds");
    for candidate in ["João, Jr.", "João. Jr.", "=cmd|' /C calc'!A0", "bot"] {
        let mut args = vec!["assess", "kam_candidate_standard", "--candidate", candidate];
        if candidate == "bot" {
            args.extend(["--policy", "random", "--seed", "4"]);
        } else {
            args.extend(["--inputs", arg(&repro)]);
        }
        let o = kam_in(&dir, &key, &args);
        assert_eq!(code(&o), 0, "{candidate}: {}", stderr(&o));
    }
    let written: Vec<PathBuf> = std::fs::read_dir(dir.join("results/kam_candidate_standard"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(
        written.len(),
        4,
        "one file each, none refused as an overwrite: {written:?}"
    );
    let mut import = vec!["results".to_owned(), "import".into(), "--format".into(), "json".into()];
    import.extend(written.iter().map(|p| p.display().to_string()));
    let import: Vec<&str> = import.iter().map(String::as_str).collect();
    let o = kam_in(&dir, &key, &import);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(json(&o)["imported"].as_array().map(Vec::len), Some(4));
    let o = kam_in(&dir, &key, &import);
    assert_eq!(json(&o)["already_stored"].as_array().map(Vec::len), Some(4));

    let o = kam_in(&dir, &key, &["results", "list", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let listed = json(&o);
    let simulated: Vec<bool> = listed["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["simulated"].as_bool().unwrap())
        .collect();
    assert_eq!(simulated.iter().filter(|s| **s).count(), 1, "{listed}");

    // The cohort by the assessment's file path, the default target profile found outside the repo.
    let assessment = root().join("assessments/kam_candidate_standard.ron");
    let o = kam_in(&dir, &key, &["report", "cohort", arg(&assessment), "--csv", "-"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let csv = stdout(&o);
    assert_eq!(csv.lines().count(), 1 + 3, "the simulated candidate is left out: {csv}");
    assert!(csv.contains("\n1,'=cmd|' /C calc'!A0,"), "a formula stays text: {csv}");
    assert!(
        stderr(&o).contains("Not enough candidates"),
        "notes go to standard error when the report goes to standard output"
    );
    let o = kam_in(
        &dir,
        &key,
        &[
            "report",
            "cohort",
            "kam_candidate_standard",
            "--include-simulated",
            "--csv",
            "-",
        ],
    );
    assert_eq!(stdout(&o).lines().count(), 1 + 4);
    let o = kam_in(&dir, &key, &["report", "cohort", "kam_candidate_standard"]);
    assert_eq!(code(&o), 2, "neither --html nor --csv is a usage error");

    // The organisation's group labels: each group's selection rate, and a malformed file refused
    // with its line.
    let groups = dir.join("groups.csv");
    std::fs::write(
        &groups,
        "candidate,group\n\"João, Jr.\",north\n\"João. Jr.\",north\n\"=cmd|' /C calc'!A0\",south\n",
    )
    .unwrap();
    let page = dir.join("cohort.html");
    let o = kam_in(
        &dir,
        &key,
        &[
            "report",
            "cohort",
            "kam_candidate_standard",
            "--html",
            arg(&page),
            "--groups",
            arg(&groups),
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json(&o);
    let rates: Vec<(String, u64)> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["group"].as_str().unwrap().to_owned(),
                g["candidates"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(rates, vec![("north".to_owned(), 2), ("south".to_owned(), 1)], "{v}");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains("Selection rate by group") && html.contains("personal data"),
        "{html}"
    );
    std::fs::write(&groups, "candidate,group\nAna\n").unwrap();
    let o = kam_in(
        &dir,
        &key,
        &[
            "report",
            "cohort",
            "kam_candidate_standard",
            "--html",
            arg(&page),
            "--groups",
            arg(&groups),
        ],
    );
    assert_eq!(code(&o), 1);
    assert!(says(&o, "line 2"), "{}", stderr(&o));

    let html = dir.join("joao.html");
    let o = kam_in(&dir, &key, &["report", "candidate", "João, Jr.", "--html", arg(&html)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("<svg") && page.contains("kam_target"),
        "judged against the shipped target"
    );
    let o = kam_in(&dir, &key, &["report", "candidate", "Joao, Jr", "--html", arg(&html)]);
    assert_eq!(code(&o), 1);
    assert!(says(&o, "did you mean `João, Jr.`?"), "{}", stderr(&o));

    let o = kam_in(&dir, &key, &["results", "export-xapi", "kam_candidate_standard", "-"]);
    assert_eq!(code(&o), 1);
    assert!(
        says(&o, "no home page for the candidates' xAPI accounts"),
        "{}",
        stderr(&o)
    );
    let home = ["--home-page", "https://hr.example.com"];
    let o = kam_in(
        &dir,
        &key,
        &[
            "results",
            "export-xapi",
            "kam_candidate_standard",
            "-",
            home[0],
            home[1],
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let statements: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        statements.as_array().map(Vec::len),
        Some(3 * 4),
        "three people, four statements each"
    );

    // A row edited by hand: every read refuses it, naming the candidate; nothing is written.
    let db = dir.join("results/results.db");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("UPDATE attempts SET average_score = 99 WHERE candidate_id = (SELECT id FROM candidates WHERE name = 'João. Jr.')", [])
        .unwrap();
    let out = dir.join("after-edit.html");
    for args in [
        vec!["report", "candidate", "João. Jr.", "--html", arg(&out)],
        vec!["report", "cohort", "kam_candidate_standard", "--html", arg(&out)],
        vec![
            "results",
            "export-xapi",
            "kam_candidate_standard",
            arg(&out),
            home[0],
            home[1],
        ],
        vec!["results", "list"],
    ] {
        let o = kam_in(&dir, &key, &args);
        assert_eq!(code(&o), 1, "{args:?}");
        assert!(
            says(&o, "stored result of candidate `João. Jr.`"),
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(says(&o, "average_score is 99 in the table"), "{}", stderr(&o));
        assert!(!out.exists(), "{args:?} wrote nothing");
    }

    let o = kam_in(&dir, &key, &["results", "delete", "--candidate", "João. Jr."]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = kam_in(&dir, &key, &["results", "list", "--format", "json"]);
    assert_eq!(json(&o)["results"].as_array().map(Vec::len), Some(3));
}

#[test]
fn completions_and_man_pages_come_from_the_command_definitions() {
    let o = kam(&["completions", "bash"]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("export-xapi"), "the results commands are completed");
    let dir = temp_dir("man");
    let o = kam(&["man", arg(&dir)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let page = std::fs::read_to_string(dir.join("kam-sim.1")).unwrap();
    assert!(page.contains(".TH kam-sim"), "{}", &page[..200.min(page.len())]);
}

#[cfg(feature = "game")]
#[test]
fn the_game_without_a_display_says_so_in_words_and_exits_1() {
    for display in [None, Some(":4242")] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kam-sim"));
        cmd.args(["play", "breadwinner_discount_squeeze"])
            .current_dir(root())
            .env_remove("WAYLAND_DISPLAY");
        match display {
            Some(d) => cmd.env("DISPLAY", d),
            None => cmd.env_remove("DISPLAY"),
        };
        let o = cmd.output().unwrap();
        assert_eq!(code(&o), 1, "{display:?}: {}", stderr(&o));
        let said = stderr(&o);
        assert!(said.starts_with("error: no display could be opened: "), "{said}");
        assert!(
            said.contains("kam-sim run SCENARIO"),
            "points to the headless commands: {said}"
        );
        assert!(!said.contains("panicked") && !said.contains("backtrace"), "{said}");
    }
}

#[cfg(all(feature = "game", target_os = "linux"))]
#[test]
fn a_display_that_answers_but_refuses_the_window_is_tried_three_times_then_explained() {
    // A socket where an X server would listen that accepts every connection and closes it: the
    // display "answers", yet X cannot open it — as a loaded X server was seen to refuse one client.
    let number = 5000 + std::process::id() % 1000;
    std::fs::create_dir_all("/tmp/.X11-unix").unwrap();
    let path = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
    let _ = std::fs::remove_file(&path);
    let listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            drop(stream);
        }
    });
    let o = Command::new(env!("CARGO_BIN_EXE_kam-sim"))
        .args(["play", "breadwinner_discount_squeeze"])
        .current_dir(root())
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("KAM_SIM_WINDOW_ATTEMPT")
        .env("DISPLAY", format!(":{number}"))
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    let said = stderr(&o);
    assert_eq!(code(&o), 1, "{said}");
    assert_eq!(
        said.matches("the display refused the window").count(),
        2,
        "two more attempts, each in a fresh start of the same process: {said}"
    );
    assert!(said.contains("error: no display could be opened: "), "{said}");
    assert!(!said.contains("panicked") && !said.contains("backtrace"), "{said}");
}

#[test]
fn two_managers_importing_at_the_same_moment_both_succeed() {
    let dir = temp_dir("parallel-import");
    let key = dir.join("k.key");
    assert_eq!(code(&kam(&["results", "keygen", arg(&key)])), 0);
    let files: Vec<PathBuf> = (0..10)
        .map(|i| {
            let out = dir.join(format!("c{i}.json"));
            let seed = i.to_string();
            let o = kam_in(
                &dir,
                &key,
                &[
                    "assess",
                    "kam_candidate_standard",
                    "--candidate",
                    &format!("c{i}"),
                    "--policy",
                    "random",
                    "--seed",
                    &seed,
                    "--out",
                    arg(&out),
                ],
            );
            assert_eq!(code(&o), 0, "{}", stderr(&o));
            out
        })
        .collect();
    let db = dir.join("shared/results.db");
    for pair in files.chunks(2) {
        let running: Vec<_> = pair
            .iter()
            .map(|f| {
                Command::new(env!("CARGO_BIN_EXE_kam-sim"))
                    .args(["results", "import", arg(f), "--db", arg(&db), "--key", arg(&key)])
                    .current_dir(&dir)
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in running {
            let o = child.wait_with_output().unwrap();
            assert_eq!(code(&o), 0, "{}", stderr(&o));
        }
    }
    let o = kam_in(&dir, &key, &["results", "list", "--db", arg(&db), "--format", "json"]);
    assert_eq!(json(&o)["results"].as_array().map(Vec::len), Some(10));
}

#[test]
fn a_reader_that_closes_the_pipe_ends_every_command_quietly() {
    for args in [
        vec!["strings", "breadwinner_discount_squeeze"],
        vec![
            "run",
            "breadwinner_discount_squeeze",
            "--policy",
            "best",
            "--transcript",
        ],
        vec!["list"],
        vec!["completions", "bash"],
        vec!["check", "tests/broken", "--format", "json"],
    ] {
        // The read end is closed before kam-sim writes a byte: every write meets a broken pipe.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let o = Command::new(env!("CARGO_BIN_EXE_kam-sim"))
            .args(&args)
            .current_dir(root())
            .stdout(writer)
            .output()
            .unwrap();
        assert!(
            matches!(code(&o), 0 | 1),
            "{args:?}: exit {} (a panic is 101): {}",
            code(&o),
            stderr(&o)
        );
        assert!(!stderr(&o).contains("panicked"), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn the_shipped_translations_are_complete_and_clean() {
    let o = kam(&["translations", "check", "--deny-warnings", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let report = json(&o);
    let languages = report["languages"].as_array().unwrap();
    assert_eq!(languages.len(), 4);
    for l in languages {
        assert_eq!(
            (l["fuzzy"].as_u64(), l["missing"].as_u64(), l["errors"].as_u64()),
            (Some(0), Some(0), Some(0)),
            "{l}"
        );
        assert!(l["translated"].as_u64().unwrap() > 2000, "{l}");
    }
    assert_eq!(report["diagnostics"].as_array().map(Vec::len), Some(0));
}

#[test]
fn a_run_in_russian_prints_russian_and_scores_as_in_english() {
    let args = |lang: &'static str| {
        [
            "run",
            "silent_prospect_close",
            "--policy",
            "random",
            "--seed",
            "3",
            "--lang",
            lang,
        ]
    };
    let en = kam(&args("en"));
    let ru = kam(&args("ru"));
    assert_eq!((code(&en), code(&ru)), (0, 0), "{}", stderr(&ru));
    assert!(stdout(&ru).contains("Ошибки"), "{}", stdout(&ru));
    assert!(
        !stderr(&ru).contains("shown in English"),
        "every text is translated: {}",
        stderr(&ru)
    );
    let json_of = |lang: &'static str| {
        let mut a = args(lang).to_vec();
        a.extend(["--format", "json"]);
        json(&kam(&a))
    };
    let (en, ru) = (json_of("en"), json_of("ru"));
    for field in ["score", "grade", "ending", "outcome", "competencies", "deal"] {
        let (e, r) = (&en[field], &ru[field]);
        if field == "deal" {
            assert_eq!((&e["price"], &e["closed"]), (&r["price"], &r["closed"]));
        } else {
            assert_eq!(e, r, "{field}");
        }
    }
    assert_ne!(en["title"], ru["title"]);
}

#[test]
fn a_translation_with_a_broken_line_is_reported_and_export_writes_nothing() {
    let dir = temp_dir("broken-po");
    let translations = dir.join("translations");
    let o = kam(&[
        "--translations-dir",
        arg(&translations),
        "translations",
        "export",
        "--lang",
        "ru",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let po = translations.join("scenarios/silent_prospect_close/ru.po");
    let text = std::fs::read_to_string(&po).unwrap();
    let broken = text.replacen("msgstr \"\"", "msgstr \"unclosed", 1);
    std::fs::write(&po, &broken).unwrap();
    let line = broken.lines().position(|l| l.starts_with("msgstr \"unclosed")).unwrap() + 1;
    let o = kam(&[
        "--translations-dir",
        arg(&translations),
        "translations",
        "check",
        arg(&po),
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 1);
    let d = &json(&o)["diagnostics"][0];
    assert_eq!(
        (d["code"].as_str(), d["line"].as_u64()),
        (Some("kam::translation::syntax"), Some(line as u64)),
        "{d}"
    );
    let o = kam(&[
        "--translations-dir",
        arg(&translations),
        "translations",
        "export",
        "--lang",
        "ru",
    ]);
    assert_eq!(code(&o), 1);
    assert!(says(&o, "nothing was exported"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&po).unwrap(),
        broken,
        "the translator's file is left as it was"
    );
}

#[test]
fn an_assessment_played_in_russian_records_its_language_verifies_and_reports_in_russian() {
    let dir = temp_dir("assess-ru");
    let key = dir.join("manager.key");
    assert_eq!(code(&kam(&["results", "keygen", arg(&key)])), 0);
    let out = dir.join("ivan.json");
    let scenarios = root().join("scenarios");
    let common = ["--scenarios-dir", arg(&scenarios)];
    let mut args = common.to_vec();
    args.extend([
        "assess",
        "kam_candidate_standard",
        "--candidate",
        "Ivan",
        "--policy",
        "random",
        "--lang",
        "ru",
        "--out",
        arg(&out),
    ]);
    let o = kam_in(&dir, &key, &args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let result: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(result["language"], "ru");
    let o = kam_in(&dir, &key, &["results", "verify", arg(&out)]);
    assert_eq!(code(&o), 0, "a result played in Russian verifies: {}", stdout(&o));
    let db = dir.join("r.db");
    assert_eq!(
        code(&kam_in(&dir, &key, &["results", "import", arg(&out), "--db", arg(&db)])),
        0
    );
    let html = dir.join("ivan.html");
    let mut args = common.to_vec();
    args.extend([
        "report",
        "candidate",
        "Ivan",
        "--html",
        arg(&html),
        "--db",
        arg(&db),
        "--lang",
        "ru",
    ]);
    let o = kam_in(&dir, &key, &args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("<html lang=\"ru\">") && page.contains("Средний балл"),
        "the report is in Russian"
    );
    assert!(page.contains("Профиль компетенций"), "its headings too");
}

#[test]
fn a_trainers_copy_of_a_shipped_scenario_starts_translated_except_what_the_trainer_changed() {
    let dir = temp_dir("own-library");
    let scenarios = dir.join("scenarios");
    std::fs::create_dir_all(&scenarios).unwrap();
    let text = std::fs::read_to_string(root().join("scenarios/silent_prospect_close.ron")).unwrap();
    let changed = text.replacen(
        "\"The proposal nobody answered\"",
        "\"The proposal nobody answered, again\"",
        1,
    );
    assert_ne!(text, changed);
    std::fs::write(scenarios.join("silent_prospect_close.ron"), changed).unwrap();
    let own = ["--scenarios-dir", arg(&scenarios)];
    let mut args = own.to_vec();
    args.extend(["translations", "export", "--lang", "ru"]);
    let o = kam(&args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        dir.join("translations/scenarios/silent_prospect_close/ru.po").exists(),
        "beside the scenarios folder"
    );
    let mut args = own.to_vec();
    args.extend(["translations", "check", "--lang", "ru", "--format", "json"]);
    let report = json(&kam(&args));
    let file = report["languages"][0]["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"].as_str().unwrap().ends_with("silent_prospect_close/ru.po"))
        .cloned()
        .unwrap();
    assert_eq!(
        (file["missing"].as_u64(), file["fuzzy"].as_u64()),
        (Some(1), Some(0)),
        "only the changed title: {file}"
    );
    // Played, the copy is in Russian but for that one line; the interface is the shipped one.
    let mut args = own.to_vec();
    args.extend(["run", "silent_prospect_close", "--policy", "best", "--lang", "ru"]);
    let o = kam(&args);
    assert!(
        stderr(&o).contains("1 texts have no current ru translation"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("Подготовка"), "{}", stdout(&o));
}

#[test]
fn practice_runs_recorded_in_a_journal_show_progress_and_the_next_scenario() {
    let dir = temp_dir("journal");
    let journal = dir.join("nested/journal.db");
    for seed in ["1", "2", "3"] {
        let o = kam(&[
            "run",
            "inherited_account_first_meeting",
            "--policy",
            "random",
            "--seed",
            seed,
            "--journal",
            arg(&journal),
            "--player",
            "Ana",
        ]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    }
    let o = kam(&[
        "journal",
        "show",
        "--journal",
        arg(&journal),
        "--player",
        "Ana",
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let shown = json(&o);
    assert_eq!(shown["player"], "Ana");
    let sessions = shown["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 3);
    for s in sessions {
        for field in ["scenario", "played_at", "score", "grade", "language"] {
            assert!(!s[field].is_null(), "{field} in {s}");
        }
    }
    let proficiency = shown["proficiency"].as_object().unwrap();
    assert!(proficiency.values().all(|v| v.as_u64().is_some_and(|n| n <= 100)));
    assert!(shown["recurring_mistakes"].is_array());
    let next = &shown["next"];
    assert_ne!(
        next["scenario"], "inherited_account_first_meeting",
        "not the scenario just played"
    );
    assert!(next["reason"].as_str().is_some_and(|r| !r.is_empty()));
    let o = kam(&["journal", "show", "--journal", arg(&journal), "--player", "Anna"]);
    assert_eq!(code(&o), 1);
    assert!(says(&o, "did you mean `Ana`?"), "{}", stderr(&o));
}

#[test]
fn a_trainer_gathers_exported_journals_into_a_team_report_with_charts() {
    let dir = temp_dir("team");
    let own = dir.join("own/journal.db");
    let record = |journal: &Path, player: &str, scenario: &str, policy: &str, seed: &str| {
        let o = kam(&[
            "run",
            scenario,
            "--policy",
            policy,
            "--seed",
            seed,
            "--journal",
            arg(journal),
            "--player",
            player,
        ]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    };
    for (seed, scenario) in [
        "inherited_account_first_meeting",
        "reference_challenge_pitch",
        "buying_committee_pitch",
    ]
    .iter()
    .enumerate()
    {
        record(&own, "Ana", scenario, "worst", &seed.to_string());
    }
    record(&own, "Bruno Sá", "silent_prospect_close", "best", "3");
    // Each new hire exports their own runs; the trainer collects the files in a folder.
    let team = dir.join("team");
    let ana = team.join("ana.db");
    let o = kam(&[
        "journal",
        "export",
        "--player",
        "Ana",
        "--journal",
        arg(&own),
        "--out",
        arg(&ana),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("3 practice run(s) of Ana"), "{}", stderr(&o));
    let o = kam(&[
        "journal",
        "export",
        "--player",
        "Ana",
        "--journal",
        arg(&own),
        "--out",
        arg(&ana),
    ]);
    assert_eq!(code(&o), 1, "an export never replaces a file");
    assert!(says(&o, "exists already"), "{}", stderr(&o));
    let o = kam(&[
        "journal",
        "export",
        "--player",
        "Carla",
        "--journal",
        arg(&own),
        "--out",
        arg(&team.join("c.db")),
    ]);
    assert_eq!(code(&o), 1);
    assert!(says(&o, "players: Ana, Bruno Sá"), "{}", stderr(&o));
    let o = kam(&["journal", "show", "--journal", arg(&ana), "--player", "Bruno Sá"]);
    assert_eq!(code(&o), 1, "the export holds Ana's runs only");
    let bruno = team.join("bruno.db");
    let o = kam(&[
        "journal",
        "export",
        "--player",
        "Bruno Sá",
        "--journal",
        arg(&own),
        "--out",
        arg(&bruno),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));

    // The folder, and the original journal too: a run found twice counts once.
    let html = dir.join("team.html");
    let o = kam(&[
        "report",
        "practice",
        arg(&team),
        arg(&own),
        "--html",
        arg(&html),
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let summary = json(&o);
    assert_eq!(summary["sessions"], 4);
    let people = summary["people"].as_array().unwrap();
    assert_eq!(people.len(), 2);
    assert_eq!(
        (people[0]["player"].as_str(), people[0]["sessions"].as_u64()),
        (Some("Ana"), Some(3))
    );
    let repeated = summary["repeated_mistakes"].as_array().unwrap();
    let interrupting = repeated.iter().find(|m| m["id"] == "interrupting").unwrap();
    assert_eq!(interrupting["recurring_for"], 1, "Ana interrupts in every session");
    assert!(repeated[0]["recurring_for"].as_u64().unwrap() >= 1, "recurring first");
    let page = std::fs::read_to_string(&html).unwrap();
    for shown in [
        "Team practice",
        "Ana",
        "Bruno Sá",
        "Mistakes the team repeats most",
        "Interrupting",
        "<svg",
    ] {
        assert!(page.contains(shown), "{shown}");
    }
    assert!(!page.contains("<script"), "self-contained, no script");

    // In Portuguese, and what is not a journal is refused in words.
    let o = kam(&[
        "report",
        "practice",
        arg(&team),
        "--html",
        arg(&dir.join("pt.html")),
        "--lang",
        "pt",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(dir.join("pt.html"))
            .unwrap()
            .contains("Prática da equipe")
    );
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let o = kam(&["report", "practice", arg(&empty), "--html", arg(&dir.join("x.html"))]);
    assert_eq!(code(&o), 1);
    assert!(says(&o, "has no journal file"), "{}", stderr(&o));
    let o = kam(&[
        "report",
        "practice",
        arg(&dir.join("missing.db")),
        "--html",
        arg(&dir.join("x.html")),
    ]);
    assert_eq!(code(&o), 1);
    assert!(says(&o, "no journal at"), "{}", stderr(&o));
    assert!(!dir.join("missing.db").exists(), "reading never creates a journal");
}

#[test]
fn a_new_scenario_of_each_kind_passes_check_without_a_warning_and_is_never_written_over() {
    let dir = temp_dir("new");
    for kind in ["negotiation", "tender_pitch", "difficult_meeting"] {
        let id = format!("my_{kind}");
        let file = dir.join(format!("{id}.ron"));
        let o = kam(&["new", &id, "--kind", kind, "--out", arg(&file)]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert!(stdout(&o).contains("passes check (0 warnings)"), "{}", stdout(&o));
        let o = kam(&["check", arg(&file), "--deny-warnings"]);
        assert_eq!(code(&o), 0, "{kind}: {}", stdout(&o));
        let o = kam(&["run", arg(&file), "--policy", "best"]);
        assert_eq!(code(&o), 0, "{kind}: {}", stderr(&o));
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains(&format!("kind: {kind},")));
        assert_eq!(text.contains("deal: ("), kind != "difficult_meeting", "{kind}");
        let o = kam(&["new", &id, "--kind", kind, "--out", arg(&file)]);
        assert_eq!(code(&o), 1, "never written over");
        assert!(says(&o, "exists already"), "{}", stderr(&o));
    }
    let o = kam(&["new", "Bad Id", "--kind", "negotiation", "--out", "-"]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("kam::scenario::bad_id"), "{}", stderr(&o));
}

#[test]
fn a_command_error_is_drawn_by_miette_with_its_code_message_and_help_and_exits_1() {
    let dir = temp_dir("rendered-error");
    std::fs::write(dir.join("deal.ron"), "kept\n").unwrap();
    // A relative path, so the text does not depend on where the temporary folder is.
    let o = Command::new(env!("CARGO_BIN_EXE_kam-sim"))
        .args(["new", "deal", "--kind", "negotiation", "--out", "deal.ron"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(code(&o), 1);
    assert_eq!(
        stderr(&o),
        "kam::cli::exists\n\n  \u{00d7} `deal.ron` exists already; nothing was written\n  help: choose another id or --out\n"
    );
    assert_eq!(stdout(&o), "");
    assert_eq!(std::fs::read_to_string(dir.join("deal.ron")).unwrap(), "kept\n");
}

#[test]
fn an_inputs_file_among_the_scenarios_is_skipped_when_named_so_and_named_for_what_it_is_otherwise() {
    let dir = temp_dir("inputs-beside");
    std::fs::copy(
        root().join("scenarios/silent_prospect_close.ron"),
        dir.join("silent_prospect_close.ron"),
    )
    .unwrap();
    let saved = dir.join("first_try.inputs.ron");
    let o = kam(&[
        "run",
        "silent_prospect_close",
        "--seed",
        "3",
        "--save-inputs",
        arg(&saved),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = kam(&["check", arg(&dir), "--deny-warnings"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(stdout(&o).contains("checked 1 file"), "{}", stdout(&o));
    let o = kam(&["list", arg(&dir), "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(json(&o)["broken"].as_array().unwrap().is_empty());
    std::fs::rename(&saved, dir.join("first_try.ron")).unwrap();
    let o = kam(&["check", arg(&dir)]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    assert!(out.contains("kam::file::not_a_scenario"), "{out}");
    assert!(
        out.contains("this is an inputs file (timed inputs for `kam-sim run --inputs`), not a scenario"),
        "{out}"
    );
    assert!(out.contains("`<name>.inputs.ron`"), "{out}");
}

#[test]
fn a_spreadsheet_draft_becomes_a_scenario_that_passes_check_with_its_mistakes_explained() {
    let dir = temp_dir("import-table");
    let out = dir.join("port_meeting.ron");
    let table = root().join("docs/examples/draft-table.csv");
    let o = kam(&[
        "import-table",
        arg(&table),
        "--kind",
        "negotiation",
        "--id",
        "port_meeting",
        "--out",
        arg(&out),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("3 moment(s)"), "{}", stdout(&o));
    let o = kam(&["check", arg(&out), "--deny-warnings"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let o = kam(&["run", arg(&out), "--policy", "worst", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let result = json(&o);
    let ids: Vec<&str> = result["mistakes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["id"].as_str())
        .collect();
    for wanted in ["bad_manners", "unsupported_reference_claim", "price_dumping"] {
        assert!(ids.contains(&wanted), "{wanted} in {ids:?}");
    }
    let dumping = result["mistakes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "price_dumping" && m["detected_by"] == "scenario")
        .unwrap();
    assert_eq!(
        dumping["explanation"]["cost"],
        "Discounting before the client has even asked for it sets the price below what the value supports."
    );
    assert_eq!(
        dumping["quote"],
        "We can do 15 % off the list price if you sign this week."
    );

    // A semicolon-separated sheet, text that looks like a placeholder, and mistakes said by row.
    let sheet = dir.join("sheet.csv");
    std::fs::write(
        &sheet,
        "Speaker;Line;Good answer;Wrong answer;Mistake;Why wrong\nAna;\"Say {story}, \"\"please\"\"\";Yes;No;arguing;Because\n",
    )
    .unwrap();
    let o = kam(&["import-table", arg(&sheet), "--kind", "difficult_meeting", "--out", "-"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).contains(r#"text: "Say {story}, \"please\"""#),
        "{}",
        stdout(&o)
    );
    std::fs::write(
        &sheet,
        "line,good_answer,wrong_answer,mistake,why_wrong\nHello,Hi,Go away,argue,Rude\n",
    )
    .unwrap();
    let o = kam(&["import-table", arg(&sheet), "--kind", "negotiation", "--out", "-"]);
    assert_eq!(code(&o), 1);
    assert!(
        says(&o, ":2: column `mistake`: `argue` is not a mistake id"),
        "{}",
        stderr(&o)
    );
    assert!(says(&o, "help: did you mean `arguing`?"), "{}", stderr(&o));
    std::fs::write(&sheet, "line,good_answr,wrong_answer,mistake,why_wrong\n").unwrap();
    let o = kam(&["import-table", arg(&sheet), "--kind", "negotiation", "--out", "-"]);
    assert_eq!(code(&o), 1);
    assert!(says(&o, "did you mean `good_answer`?"), "{}", stderr(&o));
    std::fs::write(&sheet, "line,good_answer,mistake\n").unwrap();
    let o = kam(&["import-table", arg(&sheet), "--kind", "negotiation", "--out", "-"]);
    assert_eq!(code(&o), 1);
    assert!(says(&o, "lacks the columns wrong_answer, why_wrong"), "{}", stderr(&o));
}

/// A child process killed when the test ends, even by a failed assertion: a test never leaves a
/// watcher running.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The lines a child prints, read on a thread of their own so that a child that stops talking
/// fails the test (after a generous wait for readiness) instead of hanging it.
struct Lines {
    rx: std::sync::mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Lines {
    fn of(out: impl std::io::Read + Send + 'static) -> Lines {
        use std::io::BufRead;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Lines { rx, seen: Vec::new() }
    }

    /// The next line; `None` once the child has closed its output.
    fn next(&mut self) -> Option<String> {
        match self.rx.recv_timeout(std::time::Duration::from_secs(120)) {
            Ok(line) => {
                self.seen.push(line.clone());
                Some(line)
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => None,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                panic!("the child said nothing for two minutes; so far: {:?}", self.seen)
            }
        }
    }

    /// Reads until a line satisfies `wanted`; false if the output ends first.
    fn until(&mut self, wanted: impl Fn(&str) -> bool) -> bool {
        while let Some(line) = self.next() {
            if wanted(&line) {
                return true;
            }
        }
        false
    }
}

#[test]
fn watch_says_what_each_save_changed_in_the_findings_and_the_scores() {
    let dir = temp_dir("watch");
    let file = dir.join("w.ron");
    let o = kam(&["new", "w", "--kind", "negotiation", "--out", arg(&file)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let mut child = KillOnDrop(
        std::process::Command::new(env!("CARGO_BIN_EXE_kam-sim"))
            .args(["watch", arg(&dir), "--exit-after", "2"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut lines = Lines::of(child.0.stdout.take().unwrap());
    // Wait for the first report, as a person would, before saving.
    assert!(lines.until(|l| l.starts_with("watching ")), "{:?}", lines.seen);
    assert!(
        lines.seen[0].contains("0 error(s), 0 warning(s); best "),
        "{:?}",
        lines.seen
    );
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("seconds: 5.0,", "seconds: 5.0,,", 1)).unwrap();
    assert!(
        lines.until(|l| l.contains("+ new error kam::ron::syntax at 75:26")),
        "{:?}",
        lines.seen
    );
    std::fs::write(
        &file,
        text.replacen("Evidence(negotiation, 10)", "Evidence(negotiation, 30)", 1),
    )
    .unwrap();
    let from = lines.seen.len();
    while lines.next().is_some() {}
    assert!(child.0.wait().unwrap().success());
    let rest = lines.seen[from..].join("\n");
    assert!(
        rest.contains("\u{2212} gone error kam::ron::syntax (was at 75:26)"),
        "{rest}"
    );
    assert!(
        rest.contains("best 77 \u{2192} 81"),
        "the score moved since the last version that played: {rest}"
    );
}

#[test]
fn balance_says_where_the_median_is_made_and_what_each_route_risks() {
    let o = kam(&["balance", "inherited_account_first_meeting", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let b = json(&o);
    assert_eq!(b["scenario"], "inherited_account_first_meeting");
    let analyze = json(&kam(&[
        "analyze",
        "inherited_account_first_meeting",
        "--format",
        "json",
    ]));
    assert_eq!(
        b["median"], analyze["random"]["median"],
        "the same random runs as analyze --balance"
    );
    let hints = b["hints"].as_array().unwrap();
    assert!(
        hints.iter().any(|h| h["fact"].is_string()),
        "relied-on facts are hinted"
    );
    assert!(hints.iter().any(|h| h["node"].is_string()));
    let rank = |h: &Value| {
        (
            h["actionable"].as_bool().unwrap(),
            h["suggestion_effect"].as_i64().unwrap().abs(),
        )
    };
    assert!(
        hints.windows(2).all(|w| rank(&w[0]) >= rank(&w[1])),
        "what names a change first, then what following the suggestion could give the median"
    );
    for h in hints {
        assert!(h["reached_percent"].as_u64().unwrap() <= 100);
        assert!(!h["suggestion"].as_str().unwrap().is_empty());
        if h["node"].is_string() {
            // A moment is hinted for the mistakes made there, which can only lower the median.
            assert!(h["median_effect"].as_i64().unwrap() <= 0, "{h}");
            assert!(!h["mistakes"].as_array().unwrap().is_empty(), "{h}");
            let suggestion = h["suggestion"].as_str().unwrap();
            assert!(
                !(suggestion.contains("`minor` instead of `minor`") || suggestion.contains("−-")),
                "{suggestion}"
            );
        }
    }
    let endings = b["endings"].as_array().unwrap();
    let share: u64 = endings.iter().map(|e| e["percent"].as_u64().unwrap()).sum();
    assert!(
        (98..=102).contains(&share),
        "every random run ends somewhere: {share} %"
    );
    let routes = b["routes"].as_array().unwrap();
    assert_eq!(routes.len(), 2);
    for r in routes {
        assert!(r["expected_best"].as_f64().unwrap() >= r["best_at_worst_delay"].as_f64().unwrap());
    }
    let o = kam(&["balance", "inherited_account_first_meeting"]);
    assert!(
        stdout(&o).contains("The median is within the rule: nothing needs to change for it."),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("The travel choice"), "{}", stdout(&o));
}

#[test]
fn the_html_graph_shows_every_moment_and_the_best_and_worst_paths_on_one_page() {
    let o = kam(&["graph", "missed_delivery_fallout", "--format", "html"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let page = stdout(&o);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(!page.contains("<script"), "self-contained, no script");
    let scenario = kam_sim::core::load::load_scenario_file(&root().join("scenarios/missed_delivery_fallout.ron"))
        .scenario
        .unwrap();
    for node in &scenario.source.nodes {
        assert!(
            page.contains(&format!(">{}<", node.id))
                || page.contains(&format!(">{}…<", &node.id[..20.min(node.id.len())])),
            "{}",
            node.id
        );
    }
    for ending in &scenario.source.endings {
        assert!(page.contains(&ending.id), "{}", ending.id);
    }
    assert!(
        page.contains(r##"stroke="#1e8449" stroke-width="3.5""##),
        "the best path is drawn"
    );
    assert!(
        page.contains(r##"stroke="#c0392b" stroke-width="3.5""##),
        "the worst path is drawn"
    );
    assert!(page.contains("Where each mistake can happen"));
}

/// A tmux session running one command in a 120×40 terminal, killed when dropped.
struct Tmux(String);

impl Tmux {
    fn start(command: &str) -> Tmux {
        let name = format!("kam-sim-{}-{}", std::process::id(), rand_suffix());
        let status = std::process::Command::new("tmux")
            .args(["new-session", "-d", "-s", &name, "-x", "120", "-y", "40", command])
            .status()
            .expect("tmux is installed (.ci/run installs it)");
        assert!(status.success());
        Tmux(name)
    }

    fn screen(&self) -> String {
        let out = std::process::Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.0])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", self.0.as_str()];
        args.extend_from_slice(keys);
        assert!(
            std::process::Command::new("tmux")
                .args(args)
                .status()
                .unwrap()
                .success()
        );
    }

    /// Waits until the screen shows `text` (readiness, bounded), and returns the screen.
    fn wait_for(&self, text: &str) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "never showed {text:?}; the screen:\n{screen}"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = std::process::Command::new("tmux")
            .args(["kill-session", "-t", &self.0])
            .status();
    }
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

#[test]
fn the_terminal_meeting_shows_the_clock_and_the_deal_on_the_table() {
    let dir = temp_dir("terminal-deal");
    let command = format!(
        "{} play --terminal breadwinner_discount_squeeze --seed 2 --lang en --journal {}; echo \"exited $?\"; sleep 120",
        env!("CARGO_BIN_EXE_kam-sim"),
        dir.join("journal.db").display()
    );
    let t = Tmux::start(&command);
    t.wait_for("Dossier —");
    t.keys(&["Enter"]);
    t.wait_for("How do you get there?");
    t.keys(&["1"]);
    let meeting = t.wait_for("on the table:");
    let terms = meeting
        .lines()
        .find(|l| l.contains("on the table:"))
        .unwrap_or_default();
    let clock = terms.split_whitespace().find(|w| {
        let w = w.trim_matches(|c: char| !c.is_ascii_digit() && c != ':');
        w.len() == 5 && w.as_bytes()[2] == b':' && w.replace(':', "").chars().all(|c| c.is_ascii_digit())
    });
    assert!(clock.is_some(), "the meeting clock beside the deal:\n{meeting}");
    for term in ["days", "months", "list"] {
        assert!(terms.contains(term), "{term} in the deal panel:\n{meeting}");
    }
    t.keys(&["q"]);
    t.wait_for("exited");
}

#[test]
fn the_terminal_mode_plays_a_scenario_under_tmux_as_a_person_would() {
    let dir = temp_dir("terminal");
    let inputs = dir.join("played.inputs.ron");
    let command = format!(
        "{} play --terminal inherited_account_first_meeting --seed 4 --lang en --save-inputs {} --journal {}; echo \"exited $?\"; sleep 120",
        env!("CARGO_BIN_EXE_kam-sim"),
        inputs.display(),
        dir.join("journal.db").display()
    );
    let t = Tmux::start(&command);
    t.wait_for("Dossier —");
    t.keys(&["1"]);
    t.wait_for("[x]");
    t.keys(&["Enter"]);
    t.wait_for("How do you get there?");
    t.keys(&["1"]);
    t.wait_for("trust");
    // Answer every line at once, as an impatient player would, until the debrief.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while !t.screen().contains("q: quit") {
        assert!(
            std::time::Instant::now() < deadline,
            "no debrief; the screen:\n{}",
            t.screen()
        );
        t.keys(&["1"]);
        std::thread::sleep(std::time::Duration::from_millis(150));
    }
    let debrief = t.screen();
    assert!(
        debrief.contains("Interrupting"),
        "answering mid-line is scored:\n{debrief}"
    );
    t.keys(&["q"]);
    let after = t.wait_for("exited 0");
    let line = after
        .lines()
        .find(|l| l.starts_with("inherited_account_first_meeting: "))
        .unwrap_or_else(|| panic!("the result line:\n{after}"));
    let score: u64 = line
        .split("score ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    // The inputs saved replay to the same result: same engine, same inputs format.
    let o = kam(&[
        "run",
        "inherited_account_first_meeting",
        "--inputs",
        arg(&inputs),
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let replayed = json(&o);
    assert_eq!(replayed["score"].as_u64(), Some(score), "{line}");
    assert!(
        replayed["mistakes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == "interrupting")
    );
    // A person's practice in the terminal goes to the journal, like the game's.
    let journal = kam_sim::results::journal::Journal::open(&dir.join("journal.db")).unwrap();
    let players = journal.players().unwrap();
    assert_eq!(players.len(), 1);
    let runs = journal.runs(&players[0]).unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(u64::from(runs[0].result.score), score);
}

#[test]
fn send_xapi_refuses_a_clear_text_endpoint_and_half_given_credentials_before_touching_anything() {
    let dir = temp_dir("send-xapi-setup");
    let key = dir.join("k.key");
    assert_eq!(code(&kam(&["results", "keygen", arg(&key)])), 0);
    let outbox = dir.join("outbox");
    let send = |extra: &[&str]| {
        let mut args = vec!["results", "send-xapi", "--outbox", arg(&outbox)];
        args.extend_from_slice(extra);
        kam_in(&dir, &key, &args)
    };
    let o = send(&["--endpoint", "http://lrs.example.com/xAPI"]);
    assert_eq!(code(&o), 1);
    assert!(
        says(&o, "plain http would send the password and the results unencrypted"),
        "{}",
        stderr(&o)
    );
    let o = send(&["--endpoint", "https://lrs.example.com/xAPI", "--user", "kam"]);
    assert_eq!(code(&o), 1);
    assert!(says(&o, "an LRS user without a password"), "{}", stderr(&o));
    let empty = dir.join("empty.password");
    std::fs::write(&empty, "\n").unwrap();
    let o = send(&[
        "--endpoint",
        "https://lrs.example.com/xAPI",
        "--user",
        "kam",
        "--password-file",
        arg(&empty),
    ]);
    assert_eq!(code(&o), 1);
    assert!(says(&o, "is empty"), "{}", stderr(&o));
    let o = send(&["--endpoint", "https://lrs.example.com/xAPI", "kam_candidate_standard"]);
    assert_eq!(code(&o), 1);
    assert!(
        says(&o, "no home page for the candidates' xAPI accounts"),
        "{}",
        stderr(&o)
    );
    assert!(!outbox.exists(), "no outbox is made for a command refused");
}

#[test]
fn journal_send_xapi_names_the_players_there_are_when_one_has_no_runs() {
    let dir = temp_dir("journal-send-xapi");
    let journal = dir.join("journal.db");
    let o = kam(&[
        "run",
        "silent_prospect_close",
        "--policy",
        "random",
        "--seed",
        "1",
        "--journal",
        arg(&journal),
        "--player",
        "Ana Souza",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = kam(&[
        "journal",
        "send-xapi",
        "--player",
        "Ana Sousa",
        "--journal",
        arg(&journal),
        "--endpoint",
        "http://127.0.0.1:9/xAPI",
        "--home-page",
        "https://hr.example.com",
        "--outbox",
        arg(&dir.join("outbox")),
    ]);
    assert_eq!(code(&o), 1);
    assert!(says(&o, "no practice runs of `Ana Sousa`"), "{}", stderr(&o));
    assert!(says(&o, "did you mean `Ana Souza`?"), "{}", stderr(&o));
}

#[test]
fn a_database_server_that_does_not_answer_is_named_without_its_password_and_creates_no_folder() {
    let dir = temp_dir("postgres-address");
    let key = dir.join("k.key");
    assert_eq!(code(&kam(&["results", "keygen", arg(&key)])), 0);
    let o = kam_in(
        &dir,
        &key,
        &[
            "assess",
            "kam_candidate_standard",
            "--candidate",
            "bot",
            "--policy",
            "best",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let result = dir.join("results/kam_candidate_standard/bot.json");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let address = format!("postgres://kam:secret-word@127.0.0.1:{port}/results");
    for args in [
        vec!["results", "import", arg(&result), "--db", &address],
        vec!["results", "list", "--db", &address],
        vec![
            "report",
            "cohort",
            "kam_candidate_standard",
            "--csv",
            "-",
            "--db",
            &address,
        ],
    ] {
        let o = kam_in(&dir, &key, &args);
        assert_eq!(code(&o), 1, "{args:?}");
        assert!(
            says(
                &o,
                &format!("database `postgres://kam@127.0.0.1:{port}/results`: nothing answers there")
            ),
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(!stderr(&o).contains("secret-word"), "{}", stderr(&o));
    }
    assert!(!dir.join("postgres:").exists(), "no folder named after the address");
    let o = kam_in(
        &dir,
        &key,
        &["results", "list", "--db", "mysql://kam:secret-word@127.0.0.1/results"],
    );
    assert_eq!(code(&o), 1);
    assert!(
        says(&o, "`mysql://…` is no database kam-sim can keep results in"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("secret-word"), "{}", stderr(&o));
    let o = Command::new(env!("CARGO_BIN_EXE_kam-sim"))
        .args(["results", "list", "--help"])
        .env("KAM_SIM_DB", &address)
        .output()
        .unwrap();
    assert!(
        stdout(&o).contains("KAM_SIM_DB") && !stdout(&o).contains("secret-word"),
        "the environment's address is not shown: {}",
        stdout(&o)
    );
}

#[test]
fn two_offices_import_into_one_postgres_at_once_and_the_cohort_report_sees_both() {
    let Some(server) = support::postgres_server() else {
        return;
    };
    let db = support::fresh_postgres_database(&server, "two_offices");
    let dir = temp_dir("two-offices");
    let key = dir.join("manager.key");
    assert_eq!(code(&kam(&["results", "keygen", arg(&key)])), 0);
    let offices = ["north", "south"];
    let mut folders = Vec::new();
    for office in offices {
        let folder = dir.join(office);
        for i in 0..4 {
            let seed = i.to_string();
            let out = folder.join(format!("{office}-{i}.json"));
            let candidate = format!("{office}-{i}");
            let o = kam_in(
                &dir,
                &key,
                &[
                    "assess",
                    "kam_candidate_standard",
                    "--candidate",
                    &candidate,
                    "--policy",
                    "random",
                    "--seed",
                    &seed,
                    "--out",
                    arg(&out),
                ],
            );
            assert_eq!(code(&o), 0, "{}", stderr(&o));
        }
        folders.push(folder);
    }
    // Both offices' imports run at the same time, each a program of its own.
    let imports: Vec<_> = folders
        .iter()
        .map(|folder| {
            let mut files: Vec<String> = std::fs::read_dir(folder)
                .unwrap()
                .map(|e| e.unwrap().path().display().to_string())
                .collect();
            files.sort();
            Command::new(env!("CARGO_BIN_EXE_kam-sim"))
                .args(["results", "import"])
                .args(&files)
                .args(["--db", &db, "--format", "json"])
                .current_dir(&dir)
                .env("KAM_SIM_KEY_FILE", &key)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for import in imports {
        let o = import.wait_with_output().unwrap();
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert_eq!(json(&o)["imported"].as_array().unwrap().len(), 4);
    }
    let o = kam_in(
        &dir,
        &key,
        &[
            "report",
            "cohort",
            "kam_candidate_standard",
            "--include-simulated",
            "--csv",
            "-",
            "--db",
            &db,
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let mut candidates: Vec<String> = stdout(&o)
        .lines()
        .skip(1)
        .map(|row| row.split(',').nth(1).unwrap().to_owned())
        .collect();
    candidates.sort();
    assert_eq!(
        candidates,
        [
            "north-0", "north-1", "north-2", "north-3", "south-0", "south-1", "south-2", "south-3"
        ]
    );
}

#[test]
fn check_warns_at_the_line_of_each_pass_clause_no_candidate_can_meet() {
    let o = kam(&[
        "check",
        "tests/fixtures/assessments/three_scenarios_before_the_study.ron",
        "--scenarios-dir",
        "scenarios",
        "--profiles-dir",
        "tests/fixtures/profiles",
    ]);
    assert_eq!(code(&o), 0, "warnings only: {}", stderr(&o));
    let expected = "\
kam::assessment::pass_never_met

  ⚠ no candidate can pass: the rule asks for an average of 98, and the best average any candidate
  │ can reach is 97
    ╭─[tests/fixtures/assessments/three_scenarios_before_the_study.ron:15:33]
 14 │     pass: (
 15 │         average_score_at_least: 98,
    ·                                 ─┬
    ·                                  ╰── this clause
 16 │         every_scenario_at_least: 95,
    ╰────
  help: lower the clause, or change the scenarios or the target profile so that it can be met
kam::assessment::pass_never_met

  ⚠ no candidate can pass: the rule asks for 95 in every scenario, and no playthrough of
  │ `buying_committee_pitch` scores more than 93
    ╭─[tests/fixtures/assessments/three_scenarios_before_the_study.ron:16:34]
 15 │         average_score_at_least: 98,
 16 │         every_scenario_at_least: 95,
    ·                                  ─┬
    ·                                   ╰── this clause
 17 │         competencies_at_target_at_least: 6,
    ╰────
  help: lower the clause, or change the scenarios or the target profile so that it can be met
kam::assessment::unreachable_target

  ⚠ the rule asks for 6 competencies at target, and 1 of the 12 targets can never be met, so
  │ candidates need 6 of the other 11: `business_etiquette` (target 95; the highest average any
  │ playthrough reaches is 88)
    ╭─[tests/fixtures/assessments/three_scenarios_before_the_study.ron:17:42]
 16 │         every_scenario_at_least: 95,
 17 │         competencies_at_target_at_least: 6,
    ·                                          ┬
    ·                                          ╰── this clause
 18 │         no_critical_mistakes: false,
    ╰────
  help: lower the unreachable targets in the profile, measure them in more scenarios, or count
        fewer competencies
checked 1 file: 0 errors, 3 warnings
";
    assert_eq!(stdout(&o), expected);
}

#[test]
fn check_says_no_candidate_can_pass_when_more_targets_are_asked_for_than_can_be_met() {
    let dir = temp_dir("check-assessment-targets");
    let text = std::fs::read_to_string(root().join("tests/fixtures/assessments/three_scenarios_before_the_study.ron"))
        .unwrap()
        .replace("average_score_at_least: 98", "average_score_at_least: 60")
        .replace("every_scenario_at_least: 95", "every_scenario_at_least: 40")
        .replace(
            "competencies_at_target_at_least: 6",
            "competencies_at_target_at_least: 12",
        );
    let file = dir.join("twelve_targets.ron");
    std::fs::write(&file, text).unwrap();
    let o = kam(&[
        "check",
        arg(&file),
        "--scenarios-dir",
        "scenarios",
        "--profiles-dir",
        "tests/fixtures/profiles",
        "--format",
        "json",
        "--deny-warnings",
    ]);
    assert_eq!(code(&o), 1, "a warning with --deny-warnings: {}", stdout(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let d = &v["diagnostics"];
    assert_eq!(d.as_array().map(Vec::len), Some(1), "{v}");
    assert_eq!(d[0]["code"], "kam::assessment::pass_never_met");
    assert_eq!(d[0]["line"], 17, "{v}");
    assert!(
        d[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("no candidate can pass: the rule asks for 12 competencies at target, and 1 of the 12 targets can never be met, leaving 11"),
        "{v}"
    );
}

#[test]
fn the_shipped_assessments_have_no_pass_clause_that_cannot_be_met() {
    let o = kam(&["check", "assessments", "--deny-warnings"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(
        stdout(&o).ends_with("checked 2 files: 0 errors, 0 warnings\n"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_study_reports_validity_reliability_classification_and_unreachable_targets_and_is_reproducible() {
    let args = [
        "study",
        "tests/fixtures/assessments/three_scenarios_before_the_study.ron",
        "--scenarios-dir",
        "scenarios",
        "--profiles-dir",
        "tests/fixtures/profiles",
        "--candidates",
        "40",
        "--seed",
        "7",
        "--format",
        "json",
    ];
    let o = kam(&args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["candidates"], 40);
    // Skill passes through to the score: a clear positive correlation, even on 40 candidates.
    let pearson = v["validity"]["pearson"].as_f64().unwrap();
    assert!(pearson > 0.5 && pearson <= 1.0, "{v}");
    assert!(v["validity"]["spearman"].as_f64().unwrap() > 0.5, "{v}");
    let alpha = &v["alpha"];
    let (value, low, high) = (
        alpha["value"].as_f64().unwrap(),
        alpha["low"].as_f64().unwrap(),
        alpha["high"].as_f64().unwrap(),
    );
    assert!(low <= value && value <= high && value < 1.0, "{alpha}");
    assert!(v["sem"].as_f64().unwrap() > 0.0, "{v}");
    // No one can pass (an average of 98 is out of reach): every verdict is a fail.
    assert_eq!(v["pass_rate"], 0.0);
    assert_eq!(v["classification"]["false_pass"], 0);
    assert_eq!(
        v["classification"]["accuracy"], 1.0,
        "no one passes, and no one truly passes at that rate"
    );
    for key in ["r", "same_verdict"] {
        assert!(v["retest"][key].is_number(), "{v}");
    }
    let scenarios = v["scenarios"].as_array().unwrap();
    assert_eq!(scenarios.len(), 3);
    assert_eq!(scenarios[2]["scenario"], "buying_committee_pitch");
    assert_eq!(scenarios[2]["best"], 93);
    for s in scenarios {
        for key in ["r", "mean", "sd"] {
            assert!(s[key].is_number(), "{s}");
        }
    }
    let etiquette = v["competencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "business_etiquette")
        .unwrap();
    assert_eq!(etiquette["target"], 95);
    assert_eq!(etiquette["highest"], 88);
    assert_eq!(etiquette["target_reachable"], false);
    assert!(
        v["limit"]
            .as_str()
            .unwrap()
            .contains("not whether the scoring reflects real-world KAM skill")
    );
    // The same seed, the same study; another seed, another cohort.
    assert_eq!(stdout(&kam(&args)), stdout(&o));
    let mut other = args;
    other[9] = "8";
    assert_ne!(stdout(&kam(&other)), stdout(&o));
}

#[test]
fn a_study_writes_a_technical_report_and_refuses_a_cohort_too_small_to_mean_anything() {
    let dir = temp_dir("study-html");
    let html = dir.join("study.html");
    let o = kam(&[
        "study",
        "kam_candidate_standard",
        "--candidates",
        "12",
        "--html",
        arg(&html),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("Simulated-cohort study of kam_candidate_standard"),
        "{page}"
    );
    assert!(page.contains("Cronbach"), "{page}");
    assert!(
        page.contains("not whether the scoring reflects real-world KAM skill"),
        "{page}"
    );
    let o = kam(&["study", "kam_candidate_standard", "--candidates", "5"]);
    assert_eq!(code(&o), 1);
    assert!(
        says(&o, "a study needs at least 10 simulated candidates, not 5"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_skilled_simulated_candidates_result_records_its_skill_and_verifies() {
    let dir = temp_dir("assess-skilled");
    let key = dir.join("k.key");
    kam(&["results", "keygen", arg(&key)]);
    let out = dir.join("r.json");
    let o = kam(&[
        "assess",
        "kam_candidate_standard",
        "--candidate",
        "Sim",
        "--policy",
        "skilled",
        "--skill",
        "-1.5",
        "--seed",
        "4",
        "--out",
        arg(&out),
        "--key",
        arg(&key),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["played_by"]["kind"], "simulated");
    assert_eq!(v["played_by"]["policy"], "skilled");
    assert_eq!(v["played_by"]["skill"], -1.5);
    let o = kam(&["results", "verify", arg(&out), "--key", arg(&key)]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(stdout(&o).contains("replay:    ok"), "{}", stdout(&o));
    let o = kam(&["run", "inherited_account_first_meeting", "--policy", "skilled"]);
    assert_eq!(code(&o), 2, "--skill is required with --policy skilled");
    let o = kam(&[
        "run",
        "inherited_account_first_meeting",
        "--policy",
        "skilled",
        "--skill",
        "5",
    ]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("a skill is a number from -4 to 4"),
        "{}",
        stderr(&o)
    );
}
