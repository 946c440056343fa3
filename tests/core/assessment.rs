//! Assessment results: signed, replayable, and every alteration reported.

use kam_sim::core::assessment::{LoadedAssessment, build_result, load_assessment};
use kam_sim::core::policy::{Policy, play, play_random_with};
use kam_sim::core::signing::{generate_key, parse_result, read_key, sign, verify};

use crate::root;

fn standard() -> LoadedAssessment {
    load_assessment(
        &root().join("assessments/kam_candidate_standard.ron"),
        &root().join("scenarios"),
        &root().join("profiles"),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn signed_result_text(policy: Option<Policy>, dir: &std::path::Path) -> String {
    let a = standard();
    let sessions: Vec<_> = a
        .scenarios
        .iter()
        .zip(&a.source.scenarios)
        .map(|((c, _), s)| match policy {
            Some(p) => play(c.clone(), s.seed, p).unwrap(),
            None => play_random_with(c.clone(), s.seed, 99).unwrap(),
        })
        .collect();
    let mut result = build_result(&a, "candidate-7", &sessions).unwrap();
    let key = generate_key(&dir.join("k.key")).unwrap();
    sign(&mut result, &key);
    serde_json::to_string_pretty(&result).unwrap()
}

fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kam-sim-assessment-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_signed_result_verifies_and_its_replay_reproduces_every_number() {
    let dir = temp("ok");
    let text = signed_result_text(None, &dir);
    let key = read_key(&dir.join("k.key")).unwrap();
    let v = verify(&text, &key, &standard());
    assert!(v.ok(), "{:?}", v.problems);
    let (_, r) = parse_result(&text).unwrap();
    assert_eq!(r.runs.len(), 3);
    assert_eq!(r.runs[0].seed, 11, "the assessment's fixed seed, not the candidate's");
}

#[test]
fn the_pass_rule_is_applied_and_explained() {
    let dir = temp("rule");
    let (_, best) = parse_result(&signed_result_text(Some(Policy::Best), &dir)).unwrap();
    assert!(best.summary.passed);
    let dir = temp("rule-worst");
    let (_, worst) = parse_result(&signed_result_text(Some(Policy::Worst), &dir)).unwrap();
    assert!(!worst.summary.passed);
    assert!(
        worst
            .summary
            .rule_checks
            .iter()
            .any(|c| c.starts_with("not met: average score"))
    );
}

#[test]
fn an_edited_score_breaks_the_signature_and_the_replay_says_what_changed() {
    let dir = temp("edit");
    let text = signed_result_text(None, &dir);
    let key = read_key(&dir.join("k.key")).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let recorded = value["runs"][1]["result"]["score"].as_u64().unwrap();
    value["runs"][1]["result"]["score"] = serde_json::json!(recorded + 30);
    let v = verify(&value.to_string(), &key, &standard());
    assert!(!v.signature_ok && !v.replay_ok);
    let expected = format!(
        "result.runs[1].result.score: recorded {}, replay gives {recorded}",
        recorded + 30
    );
    assert!(v.problems.iter().any(|p| p.trim() == expected), "{:?}", v.problems);
}

#[test]
fn inputs_changed_and_re_signed_by_someone_with_the_key_still_fail_the_replay() {
    let dir = temp("resign");
    let text = signed_result_text(None, &dir);
    let key = read_key(&dir.join("k.key")).unwrap();
    let (_, mut r) = parse_result(&text).unwrap();
    // Claim a better answer at the first moment without changing the recorded result.
    let first_choice = r.runs[0]
        .inputs
        .iter()
        .position(|i| matches!(i.action, kam_sim::core::inputs::InputAction::Choose(_)))
        .unwrap();
    r.runs[0].inputs.truncate(first_choice);
    sign(&mut r, &key);
    let v = verify(&serde_json::to_string(&r).unwrap(), &key, &standard());
    assert!(v.signature_ok, "signed with the right key");
    assert!(
        !v.replay_ok,
        "but the inputs no longer produce the result: {:?}",
        v.problems
    );
}

#[test]
fn another_key_is_reported_as_such() {
    let dir = temp("other-key");
    let text = signed_result_text(None, &dir);
    let other = generate_key(&dir.join("other.key")).unwrap();
    let v = verify(&text, &other, &standard());
    assert!(!v.signature_ok && v.replay_ok);
    assert!(v.problems[0].contains("signed with another key"), "{:?}", v.problems);
}

#[test]
fn keys_are_never_overwritten_and_bad_key_files_are_explained() {
    let dir = temp("keys");
    let path = dir.join("k.key");
    generate_key(&path).unwrap();
    let before = std::fs::read_to_string(&path).unwrap();
    let err = generate_key(&path).err().unwrap().to_string();
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    std::fs::write(dir.join("bad.key"), "not a key\n").unwrap();
    let err = read_key(&dir.join("bad.key")).err().unwrap().to_string();
    assert!(err.contains("is not a kam-sim key"), "{err}");
}

#[test]
fn a_broken_assessment_file_is_reported_at_its_line() {
    let dir = temp("broken");
    let path = dir.join("a.ron");
    std::fs::write(
        &path,
        "Assessment(\n    id: \"a\",\n    name: \"A\",\n    scenarios: [(scenario: \"no_such_scenario\", seed: 1)],\n    profile: \"kam_target\",\n    pass: (average_score_at_least: 60),\n    show_debriefs: true,\n    colour: \"blue\",\n)\n",
    )
    .unwrap();
    let err = load_assessment(&path, &root().join("scenarios"), &root().join("profiles"))
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("a.ron:8:5"), "{err}");
    std::fs::write(
        &path,
        "Assessment(id: \"a\", name: \"A\", scenarios: [(scenario: \"no_such_scenario\", seed: 1)], profile: \"kam_target\", pass: (average_score_at_least: 60), show_debriefs: true)\n",
    )
    .unwrap();
    let err = load_assessment(&path, &root().join("scenarios"), &root().join("profiles"))
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("scenario `no_such_scenario` does not load"), "{err}");
}

/// Every input of a full run, per scenario, from a seeded random candidate.
fn full_run(a: &LoadedAssessment, chooser: u64) -> Vec<Vec<kam_sim::core::inputs::TimedInput>> {
    a.scenarios
        .iter()
        .zip(&a.source.scenarios)
        .enumerate()
        .map(|(i, ((c, _), s))| {
            play_random_with(c.clone(), s.seed, chooser + i as u64)
                .unwrap()
                .played_inputs()
                .inputs
        })
        .collect()
}

#[test]
fn a_run_interrupted_at_fifty_seeded_moments_resumes_from_its_last_input_to_the_same_result() {
    use kam_sim::core::assessment::Progress;
    use kam_sim::core::engine::Session;
    use rand::{RngExt, SeedableRng};
    let a = standard();
    let dir = temp("resume");
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2026);
    for trial in 0..50_u64 {
        let inputs = full_run(&a, trial * 7);
        let total: usize = inputs.iter().map(Vec::len).sum();
        let kill_after = rng.random_range(0..total);
        // The uninterrupted run.
        let straight: Vec<Session> = a
            .scenarios
            .iter()
            .zip(&inputs)
            .zip(&a.source.scenarios)
            .map(|(((c, _), ins), s)| {
                let mut session = Session::new(c.clone(), s.seed);
                ins.iter().for_each(|i| session.apply(i).unwrap());
                session
            })
            .collect();
        let expected = build_result(&a, "c", &straight).unwrap();
        // The interrupted run: progress saved after every input, then everything dropped.
        let path = dir.join(format!("run-{trial}.json"));
        let mut progress = Progress::new(&a, "c");
        let mut applied = 0;
        'play: for (index, (ins, (c, _))) in inputs.iter().zip(&a.scenarios).enumerate() {
            let mut session = Session::new(c.clone(), a.source.scenarios[index].seed);
            progress.record(index, &session);
            progress.save(&path).unwrap();
            for input in ins {
                if applied == kill_after {
                    break 'play;
                }
                session.apply(input).unwrap();
                progress.record(index, &session);
                progress.save(&path).unwrap();
                applied += 1;
            }
        }
        // A write torn by the crash never replaces the last complete save.
        std::fs::write(path.with_extension("progress.tmp"), "{\"format\": \"kam-sim/assess").unwrap();
        let saved = Progress::load(&path).unwrap().unwrap();
        let resumed = saved.resume(&a).unwrap();
        let done = resumed.finished.len();
        let mut sessions = resumed.finished;
        let mut continued_from = 0;
        if let Some(current) = resumed.current {
            continued_from = current.played_inputs().inputs.len();
            assert_eq!(
                current.played_inputs().inputs,
                inputs[done][..continued_from].to_vec(),
                "trial {trial}: resumes exactly at the last input"
            );
            sessions.push(current);
        }
        // Continue with the remaining inputs.
        for index in sessions.len().saturating_sub(1)..inputs.len() {
            if index >= sessions.len() {
                sessions.push(Session::new(
                    a.scenarios[index].0.clone(),
                    a.source.scenarios[index].seed,
                ));
            }
            let from = if index == done { continued_from } else { 0 };
            for input in &inputs[index][from..] {
                sessions[index].apply(input).unwrap();
            }
        }
        let again = build_result(&a, "c", &sessions).unwrap();
        assert_eq!(
            again, expected,
            "trial {trial} (interrupted after {kill_after} of {total} inputs)"
        );
    }
}
