//! Assessment results: signed, replayable, every alteration reported, and every genuine result
//! verified — whatever the timings of the keys pressed, however often the run was interrupted.

use std::sync::Arc;

use kam_sim::core::allowance::TimeAllowance;
use kam_sim::core::assessment::result::{DEFAULT_LANGUAGE, RunContext, TargetSnapshot};
use kam_sim::core::assessment::runner::Progress;
use kam_sim::core::assessment::signing::{Key, generate_key, parse_result, read_key, sign, verify};
use kam_sim::core::assessment::{AssessmentRunner, LoadedAssessment, PlayedBy, build_result, load_assessment};
use kam_sim::core::content::ContentDirs;
use kam_sim::core::engine::{Action, Phase, Session};
use kam_sim::core::policy::{Policy, play, play_random_in, play_random_with};
use kam_sim::core::vocab::Severity;
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::root;

fn dirs() -> ContentDirs {
    ContentDirs::under(&root())
}

fn standard() -> LoadedAssessment {
    load_assessment("kam_candidate_standard", &dirs()).unwrap_or_else(|e| panic!("{e}"))
}

fn verify_text(text: &str, key: &Key) -> kam_sim::core::assessment::signing::Verification {
    verify(text, key, |id| load_assessment(id, &dirs())).0
}

fn context(a: &LoadedAssessment, candidate: &str) -> RunContext {
    RunContext {
        candidate: candidate.into(),
        played_by: PlayedBy::Person,
        language: DEFAULT_LANGUAGE.into(),
        time_allowance: Default::default(),
        started_at: "2026-12-01T09:00:00Z".into(),
        finished_at: "2026-12-01T09:40:00Z".into(),
        target: TargetSnapshot::of(&a.profile),
        pass_rule: a.source.pass.clone(),
    }
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
    let mut result = build_result(&a, &context(&a, "candidate-7"), &sessions).unwrap();
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
    let v = verify_text(&text, &key);
    assert!(v.ok(), "{:?}", v.problems);
    let r = parse_result(&text).unwrap();
    assert_eq!(r.runs.len(), 3);
    assert_eq!(r.runs[0].seed, 11, "the assessment's fixed seed, not the candidate's");
}

#[test]
fn answers_on_odd_milliseconds_from_the_game_window_verify() {
    // The reproduction of the false alarm: inputs files with key presses on odd milliseconds.
    let dir = temp("odd-ms");
    let key = generate_key(&dir.join("k.key")).unwrap();
    let a = Arc::new(standard());
    let mut runner = AssessmentRunner::start(
        a.clone(),
        "Ana Souza",
        PlayedBy::Person,
        "en",
        TimeAllowance::Standard,
        "2026-12-01T09:00:00Z",
    );
    let repro = root().join("tests/fixtures/odd-milliseconds");
    while let Some((c, seed)) = runner.current_scenario() {
        let file: kam_sim::core::inputs::InputsFile =
            kam_sim::core::load::load_ron_file(&repro.join(format!("{}.ron", c.source.id))).unwrap();
        let mut session = Session::new(c, seed);
        file.inputs.iter().for_each(|i| session.apply(i).unwrap());
        runner.complete_scenario(session).unwrap();
    }
    let mut result = runner.result("2026-12-01T09:30:00Z").unwrap();
    sign(&mut result, &key);
    let text = serde_json::to_string_pretty(&result).unwrap();
    let v = verify_text(&text, &key);
    assert!(v.ok(), "{:?}", v.problems);
    assert_eq!(
        parse_result(&text).unwrap(),
        result,
        "read back, the result is the value written"
    );
}

#[test]
fn the_pass_rule_is_applied_and_explained() {
    let dir = temp("rule");
    let best = parse_result(&signed_result_text(Some(Policy::Best), &dir)).unwrap();
    assert!(best.summary.passed);
    let dir = temp("rule-worst");
    let worst = parse_result(&signed_result_text(Some(Policy::Worst), &dir)).unwrap();
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
fn a_result_keeps_the_target_it_was_judged_against() {
    let dir = temp("target");
    let text = signed_result_text(Some(Policy::Best), &dir);
    let r = parse_result(&text).unwrap();
    assert_eq!(r.target.id, "kam_target");
    assert_eq!(
        r.target.levels.get("listening"),
        standard()
            .profile
            .level(kam_sim::core::vocab::Competency::Listening)
            .as_ref()
    );
    assert_eq!(r.started_at, "2026-12-01T09:00:00Z");
    // The replay judges against the signed target, not today's profile file: lowering a target in a
    // copy of the profiles folder changes nothing in a verification.
    let copy = temp("target-copy");
    for folder in ["scenarios", "assessments"] {
        std::fs::create_dir_all(copy.join(folder)).unwrap();
        for e in std::fs::read_dir(root().join(folder)).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, copy.join(folder).join(p.file_name().unwrap())).unwrap();
        }
    }
    std::fs::create_dir_all(copy.join("profiles")).unwrap();
    let profile = std::fs::read_to_string(root().join("profiles/kam_target.ron")).unwrap();
    std::fs::write(
        copy.join("profiles/kam_target.ron"),
        profile.replace("level: 8", "level: 3"),
    )
    .unwrap();
    let key = read_key(&dir.join("k.key")).unwrap();
    let v = verify(&text, &key, |id| load_assessment(id, &ContentDirs::under(&copy))).0;
    assert!(v.ok(), "{:?}", v.problems);
}

#[test]
fn an_edited_score_breaks_the_signature() {
    let dir = temp("edit");
    let text = signed_result_text(None, &dir);
    let key = read_key(&dir.join("k.key")).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let recorded = value["runs"][1]["result"]["score"].as_u64().unwrap();
    value["runs"][1]["result"]["score"] = serde_json::json!(recorded + 30);
    let v = verify_text(&value.to_string(), &key);
    assert!(!v.signature_ok && !v.replay_ok);
    assert_eq!(
        v.problems,
        vec!["the signature does not match the content: the file was altered after it was signed"]
    );
}

#[test]
fn a_signed_edit_of_a_number_is_named_by_the_replay() {
    let dir = temp("edit-resigned");
    let text = signed_result_text(None, &dir);
    let key = read_key(&dir.join("k.key")).unwrap();
    let mut r = parse_result(&text).unwrap();
    let recorded = r.runs[1].result.score;
    r.runs[1].result.score = recorded + 30;
    sign(&mut r, &key);
    let v = verify_text(&serde_json::to_string(&r).unwrap(), &key);
    assert!(v.signature_ok && !v.replay_ok);
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
    let mut r = parse_result(&text).unwrap();
    let first_choice = r.runs[0]
        .inputs
        .iter()
        .position(|i| matches!(i.action, kam_sim::core::inputs::InputAction::Choose(_)))
        .unwrap();
    r.runs[0].inputs.truncate(first_choice);
    sign(&mut r, &key);
    let v = verify_text(&serde_json::to_string(&r).unwrap(), &key);
    assert!(v.signature_ok, "signed with the right key");
    assert!(
        !v.replay_ok,
        "but the inputs no longer produce the result: {:?}",
        v.problems
    );
}

#[test]
fn another_key_is_reported_as_such_and_nothing_named_in_the_file_is_opened() {
    let dir = temp("other-key");
    let text = signed_result_text(None, &dir);
    let other = generate_key(&dir.join("other.key")).unwrap();
    let mut opened = false;
    let (v, _) = verify(&text, &other, |id| {
        opened = true;
        load_assessment(id, &dirs())
    });
    assert!(!v.signature_ok && !v.replay_ok);
    assert!(!opened, "the assessment is looked up only once the signature holds");
    assert!(v.problems[0].contains("signed with another key"), "{:?}", v.problems);
}

#[test]
fn a_signature_relabelled_with_another_algorithm_is_refused() {
    let dir = temp("algorithm");
    let text = signed_result_text(None, &dir);
    let key = read_key(&dir.join("k.key")).unwrap();
    let mut r = parse_result(&text).unwrap();
    r.signature.as_mut().unwrap().algorithm = "NONE".into();
    let v = verify_text(&serde_json::to_string(&r).unwrap(), &key);
    assert!(!v.signature_ok);
    assert_eq!(
        v.problems,
        vec!["the signature's algorithm is `NONE`; only HMAC-SHA-256 is accepted"]
    );
}

#[test]
fn a_result_of_the_earlier_format_is_refused_by_name_not_called_forged() {
    let key = Key::from_bytes((0..32).collect()).unwrap();
    let v = verify_text(r#"{"format": "kam-sim/assessment-result/1", "candidate": "x"}"#, &key);
    assert!(!v.ok());
    assert!(
        v.problems[0].contains("earlier format `kam-sim/assessment-result/1`"),
        "{:?}",
        v.problems
    );
    assert!(v.problems[0].contains("not judged forged"), "{:?}", v.problems);
}

/// An assessment of one scenario whose worst play closes the deal below the floor with a parting
/// pleasantry (`leave_cheap`), in a folder of its own.
fn below_floor_assessment(dir: &std::path::Path) -> (ContentDirs, LoadedAssessment) {
    let assessments = dir.join("assessments");
    std::fs::create_dir_all(&assessments).unwrap();
    std::fs::write(
        assessments.join("closing_below_floor.ron"),
        r#"Assessment(id: "closing_below_floor", name: "Closing below the floor",
            scenarios: [(scenario: "expert_client_competitor_threat", seed: 3)], profile: "kam_target",
            pass: (average_score_at_least: 60, every_scenario_at_least: 40, competencies_at_target_at_least: 6,
                   no_critical_mistakes: true), show_debriefs: true)"#,
    )
    .unwrap();
    let dirs = ContentDirs { assessments, ..dirs() };
    let a = load_assessment("closing_below_floor", &dirs).unwrap_or_else(|e| panic!("{e}"));
    (dirs, a)
}

#[test]
fn closing_below_the_floor_quotes_the_closing_words_and_results_of_format_2_still_verify() {
    let dir = temp("below-floor");
    let (dirs, a) = below_floor_assessment(&dir);
    let (c, _) = &a.scenarios[0];
    let session = play(c.clone(), a.source.scenarios[0].seed, Policy::Worst).unwrap();
    let mut result = build_result(&a, &context(&a, "candidate-8"), &[session]).unwrap();
    let key = generate_key(&dir.join("k.key")).unwrap();
    let verify_with = |r: &kam_sim::core::assessment::AssessmentResult| {
        verify(&serde_json::to_string(r).unwrap(), &key, |id| {
            load_assessment(id, &dirs)
        })
        .0
    };

    // Format 3: the costliest mistake names what the player said when the deal closed.
    let dumping = result.runs[0]
        .result
        .mistakes
        .iter()
        .find(|m| m.id == "price_dumping" && m.severity == Severity::Critical)
        .unwrap();
    assert_eq!(dumping.option.as_deref(), Some("leave_cheap"));
    assert_eq!(dumping.quote.as_deref(), Some("Thank them both."));
    sign(&mut result, &key);
    let v = verify_with(&result);
    assert!(v.ok(), "{:?}", v.problems);

    // A result written by the version before (format 2: no option, no quote) is genuine: it verifies.
    let mut earlier = result.clone();
    earlier.as_format_2();
    assert_eq!(earlier.format, "kam-sim/assessment-result/2");
    sign(&mut earlier, &key);
    let v = verify_with(&earlier);
    assert!(v.ok(), "{:?}", v.problems);

    // A format-2 file that carries the quote was not written by that version: the replay says where.
    let mut relabelled = result.clone();
    relabelled.format = "kam-sim/assessment-result/2".into();
    sign(&mut relabelled, &key);
    let v = verify_with(&relabelled);
    assert!(!v.ok());
    assert!(
        v.problems.iter().any(|p| p.contains("result.runs[0].result.mistakes")),
        "{:?}",
        v.problems
    );
}

#[test]
fn keys_are_never_overwritten_weak_keys_are_refused_and_bad_key_files_are_explained() {
    let dir = temp("keys");
    let path = dir.join("new-folder/k.key");
    generate_key(&path).unwrap();
    let before = std::fs::read_to_string(&path).unwrap();
    let err = generate_key(&path).err().unwrap().to_string();
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    std::fs::write(dir.join("bad.key"), "not a key\n").unwrap();
    let err = read_key(&dir.join("bad.key")).err().unwrap().to_string();
    assert!(err.contains("is not a kam-sim key"), "{err}");
    std::fs::write(dir.join("zero.key"), format!("{}\n", "00".repeat(16))).unwrap();
    let err = read_key(&dir.join("zero.key")).err().unwrap().to_string();
    assert!(err.contains("is not random"), "{err}");
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
    let spec = path.display().to_string();
    let err = load_assessment(&spec, &dirs()).err().unwrap().to_string();
    assert!(err.contains("a.ron:8:5"), "{err}");
    std::fs::write(
        &path,
        "Assessment(id: \"a\", name: \"A\", scenarios: [(scenario: \"no_such_scenario\", seed: 1)], profile: \"kam_target\", pass: (average_score_at_least: 60), show_debriefs: true)\n",
    )
    .unwrap();
    let err = load_assessment(&spec, &dirs()).err().unwrap().to_string();
    assert!(err.contains("scenario `no_such_scenario` does not load"), "{err}");
    std::fs::write(
        &path,
        "Assessment(id: \"../../x\", name: \"A\", scenarios: [(scenario: \"buying_committee_pitch\", seed: 1)], profile: \"kam_target\", pass: (average_score_at_least: 60), show_debriefs: true)\n",
    )
    .unwrap();
    let err = load_assessment(&spec, &dirs()).err().unwrap().to_string();
    assert!(err.contains("id: `../../x` is not an id"), "{err}");
    let err = load_assessment("kam_candidate_standrad", &dirs())
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("did you mean `kam_candidate_standard`?"), "{err}");
}

/// A candidate who presses keys at arbitrary milliseconds: studies and leaves at random moments,
/// answers sometimes while the client still speaks, sometimes late, and sometimes lets a timer run
/// out. Plays the runner's current scenario from `session` to its end; every `save_every` inputs the
/// run is saved, dropped, loaded and resumed, as after a crash.
fn play_like_a_person(
    runner: &mut AssessmentRunner,
    mut session: Session,
    rng: &mut ChaCha8Rng,
    save_to: &std::path::Path,
    interrupt_after: &mut Option<usize>,
    t: &mut u64,
) -> Option<(AssessmentRunner, Option<Session>)> {
    let mut moves = 0;
    while session.ending().is_none() && moves < 400 {
        moves += 1;
        let c = session.scenario().clone();
        let action = match session.phase() {
            Phase::Preparation => {
                *t += 1 + u64::from(rng.next_u32() % 4000);
                let items = c.source.preparation.dossier.len() as u32;
                let routes = c.source.schedule.travel.len() as u32;
                let k = rng.next_u32() % (items + routes);
                if k < items {
                    Action::Study(k)
                } else {
                    Action::Depart(k - items)
                }
            }
            Phase::Meeting => {
                let (start, end, deadline) = session.line_window();
                let offered = session.offered();
                let roll = rng.next_u32() % 10;
                if offered.is_empty() || (roll == 0 && deadline.is_some()) {
                    *t = (*t).max(deadline.unwrap_or(end) + 1 + u64::from(rng.next_u32() % 3000));
                    Action::Wait
                } else {
                    let span = end.saturating_sub(start).max(1);
                    *t = (*t).max(match roll {
                        1..=2 => start + u64::from(rng.next_u32()) % span,
                        _ => end + u64::from(rng.next_u32() % 6000),
                    });
                    Action::Choose(offered[(rng.next_u32() as usize) % offered.len()])
                }
            }
            _ => break,
        };
        if session.act(*t, action).is_err() {
            continue;
        }
        runner.record(&session);
        if let Some(n) = interrupt_after.as_mut() {
            // Saved after every input, as the game does, while a crash is still to come.
            runner.progress().save(save_to).unwrap();
            if *n == 0 {
                *interrupt_after = None;
                // The crash: everything in memory is gone; the saved run is all there is.
                let saved = Progress::load(save_to).unwrap().unwrap();
                let mut resumed = AssessmentRunner::resume(runner.assessment().clone(), saved).unwrap();
                // None when the interruption came right after the scenario's last input.
                let session = resumed.take_resumed();
                return Some((resumed, session));
            }
            *n -= 1;
        }
    }
    runner.complete_scenario(session).unwrap();
    None
}

fn run_like_a_person(
    a: &Arc<LoadedAssessment>,
    seed: u64,
    interrupt_after: Option<usize>,
    dir: &std::path::Path,
) -> AssessmentRunner {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let save_to = dir.join(format!("run-{seed}.progress.json"));
    let mut runner = AssessmentRunner::start(
        a.clone(),
        &format!("p{seed}"),
        PlayedBy::Person,
        "en",
        TimeAllowance::Standard,
        "2026-12-01T09:00:00Z",
    );
    let mut interrupt_after = interrupt_after;
    while let Some(mut session) = runner.session_to_play() {
        // The clock of the scenario being played survives an interruption, as a person's would.
        let mut t = 0;
        while let Some((resumed, next)) =
            play_like_a_person(&mut runner, session, &mut rng, &save_to, &mut interrupt_after, &mut t)
        {
            runner = resumed;
            match next {
                Some(next) => session = next,
                None => break,
            }
        }
    }
    runner
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, .. ProptestConfig::default() })]

    /// The guarantee a manager relies on: a genuine result always verifies.
    #[test]
    fn every_genuine_result_verifies_whatever_the_timings_and_interruptions(
        seed in any::<u64>(),
        interrupt in prop::option::of(0usize..60),
    ) {
        static STANDARD: std::sync::LazyLock<Arc<LoadedAssessment>> = std::sync::LazyLock::new(|| Arc::new(standard()));
        let a = STANDARD.clone();
        // A memory-backed folder where there is one: the property is about the bytes, not the disk.
        let base = if std::path::Path::new("/dev/shm").is_dir() { std::path::PathBuf::from("/dev/shm") } else { std::env::temp_dir() };
        let dir = base.join(format!("kam-sim-property-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let runner = run_like_a_person(&a, seed, interrupt, &dir);
        prop_assert!(runner.is_complete());
        let mut result = runner.result("2026-12-01T09:59:59Z").unwrap();
        let key = Key::from_bytes((0..32).map(|i| (i * 7 + 3) as u8).collect()).unwrap();
        sign(&mut result, &key);
        let path = dir.join(format!("{seed}.json"));
        std::fs::write(&path, serde_json::to_string_pretty(&result).unwrap()).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let _ = std::fs::remove_file(&path);
        let v = verify(&text, &key, |_| Ok::<_, String>((*a).clone())).0;
        prop_assert!(v.ok(), "seed {}: {:?}", seed, v.problems);
    }
}

#[test]
fn a_run_interrupted_at_fifty_seeded_moments_resumes_from_its_last_input_to_the_same_result() {
    let a = Arc::new(standard());
    let dir = temp("resume");
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    for trial in 0..50_u64 {
        let straight = run_like_a_person(&a, trial, None, &dir);
        let total: usize = straight.finished().iter().map(Session::inputs_played).sum();
        let kill_after = (rng.next_u32() as usize) % total.max(1);
        let interrupted = run_like_a_person(&a, trial, Some(kill_after), &dir);
        // A write torn by the crash never replaces the last complete save.
        let torn = dir.join(format!(".kam-sim-torn{trial}.tmp"));
        std::fs::write(&torn, "{\"format\": \"kam-sim/assess").unwrap();
        assert_eq!(
            interrupted.result("t").unwrap(),
            straight.result("t").unwrap(),
            "trial {trial} (interrupted after {kill_after} of {total} inputs)"
        );
    }
}

#[test]
fn a_damaged_saved_run_is_refused_in_words_and_can_be_set_aside() {
    let dir = temp("damaged");
    let path = dir.join("ana.progress.json");
    std::fs::write(&path, "{\"format\": \"kam-sim/assessment-progress/1\", \"runs\": []").unwrap();
    let err = Progress::load(&path).err().unwrap().to_string();
    assert!(err.contains("cannot be resumed"), "{err}");
    let moved = Progress::set_aside(&path, "2026-12-01T10:15:00Z").unwrap();
    assert!(!path.exists());
    assert!(
        moved
            .display()
            .to_string()
            .ends_with("ana.progress.unresumable-20261201T101500Z.json"),
        "{}",
        moved.display()
    );
    assert_eq!(
        std::fs::read_to_string(moved).unwrap(),
        "{\"format\": \"kam-sim/assessment-progress/1\", \"runs\": []"
    );
}

#[test]
fn every_target_of_the_profile_can_be_reached_in_both_shipped_assessments() {
    use kam_sim::core::assessment::reach::reachability;
    for id in ["kam_candidate_standard", "kam_candidate_full"] {
        let a = load_assessment(id, &dirs()).unwrap_or_else(|e| panic!("{e}"));
        let reach = reachability(&a);
        assert_eq!(reach.competencies.len(), 12, "{id}: every competency has a target");
        for c in &reach.competencies {
            assert_eq!(
                c.target_reachable,
                Some(true),
                "{id}: {} (target {}) reaches {:?} at best over {} scenarios",
                c.id,
                c.target,
                c.highest,
                c.measured_by
            );
        }
    }
}

/// A content folder holding copies of today's scenarios, profiles and assessments.
fn content_copy(name: &str) -> std::path::PathBuf {
    let dir = temp(name);
    for folder in ["scenarios", "profiles", "assessments"] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
        for entry in std::fs::read_dir(root().join(folder)).unwrap().flatten() {
            std::fs::copy(entry.path(), dir.join(folder).join(entry.file_name())).unwrap();
        }
    }
    dir
}

#[test]
fn a_result_played_with_an_earlier_version_of_a_scenario_still_verifies_after_an_upgrade_when_that_version_is_kept() {
    use kam_sim::core::assessment::sha256_hex;
    let dir = content_copy("upgrade");
    let dirs = ContentDirs::under(&dir);
    let file = dir.join("scenarios/breadwinner_discount_squeeze.ron");
    let today = std::fs::read_to_string(&file).unwrap();
    // The earlier version: the on-time greeting was worth 8 etiquette, not 15.
    let earlier = today.replacen("Evidence(business_etiquette, 15)", "Evidence(business_etiquette, 8)", 1);
    assert_ne!(earlier, today);
    std::fs::write(&file, &earlier).unwrap();
    let a = load_assessment("kam_candidate_standard", &dirs).unwrap_or_else(|e| panic!("{e}"));
    let sessions: Vec<_> = a
        .scenarios
        .iter()
        .zip(&a.source.scenarios)
        .map(|((c, _), s)| play(c.clone(), s.seed, Policy::Best).unwrap())
        .collect();
    let mut result = build_result(&a, &context(&a, "played before the upgrade"), &sessions).unwrap();
    let key = generate_key(&dir.join("k.key")).unwrap();
    sign(&mut result, &key);
    let text = serde_json::to_string_pretty(&result).unwrap();

    // The upgrade brings today's file; without the earlier version the replay cannot reproduce it.
    std::fs::write(&file, &today).unwrap();
    let verify_now = || verify(&text, &key, |id| load_assessment(id, &dirs)).0;
    let v = verify_now();
    assert!(v.signature_ok && !v.replay_ok, "{:?}", v.problems);
    assert!(
        v.problems[0].starts_with("scenario `breadwinner_discount_squeeze` has changed since this run"),
        "{:?}",
        v.problems
    );

    // Kept under its SHA-256 in versions/, the earlier version replays the result exactly.
    let kept = dir
        .join("versions/scenarios/breadwinner_discount_squeeze")
        .join(format!("{}.ron", sha256_hex(&earlier)));
    std::fs::create_dir_all(kept.parent().unwrap()).unwrap();
    std::fs::write(&kept, &earlier).unwrap();
    let v = verify_now();
    assert!(v.ok(), "{:?}", v.problems);

    // A file kept under that name with other content is not taken for that version.
    std::fs::write(&kept, &today).unwrap();
    assert!(!verify_now().ok());
}

#[test]
fn every_kept_version_is_named_by_its_sha256_differs_from_today_and_still_loads() {
    use kam_sim::core::assessment::sha256_hex;
    use kam_sim::core::load::load_scenario_file;
    let mut kept = 0;
    for kind in ["scenarios", "assessments"] {
        let Ok(ids) = std::fs::read_dir(root().join("versions").join(kind)) else {
            continue;
        };
        for id in ids.flatten() {
            let id_name = id.file_name().to_string_lossy().into_owned();
            let today = std::fs::read_to_string(root().join(kind).join(format!("{id_name}.ron")))
                .unwrap_or_else(|_| panic!("versions/{kind}/{id_name}: no such shipped file today"));
            for version in std::fs::read_dir(id.path()).unwrap().flatten() {
                let path = version.path();
                let text = std::fs::read_to_string(&path).unwrap();
                let sha = sha256_hex(&text);
                assert_eq!(path.file_name().unwrap().to_string_lossy(), format!("{sha}.ron"));
                assert_ne!(text, today, "{}: today's version needs no keeping", path.display());
                if kind == "scenarios" {
                    let loaded = load_scenario_file(&path);
                    assert!(loaded.scenario.is_some(), "{}", loaded.report.render());
                } else {
                    load_assessment(&path.display().to_string(), &dirs()).unwrap_or_else(|e| panic!("{e}"));
                }
                kept += 1;
            }
        }
    }
    assert!(kept > 0, "the earlier versions of the shipped files are kept");
}

/// Ana Souza's run, granted extended time.
fn extended_time_run(a: &Arc<LoadedAssessment>) -> AssessmentRunner {
    AssessmentRunner::start(
        a.clone(),
        "Ana Souza",
        PlayedBy::Person,
        "en",
        TimeAllowance::Extended,
        "2026-12-01T09:00:00Z",
    )
}

#[test]
fn extended_time_is_signed_into_the_result_and_verified_by_a_replay_that_uses_it() {
    let dir = temp("extended");
    let key = generate_key(&dir.join("k.key")).unwrap();
    let a = Arc::new(standard());
    let progress_file = dir.join("run.progress.json");
    let mut runner = extended_time_run(&a);
    // Saved after the first scenario and resumed: the run keeps its extended time.
    let first = play_random_in(runner.session_to_play().unwrap(), 7).unwrap();
    assert_eq!(first.time_allowance(), TimeAllowance::Extended);
    runner.complete_scenario(first).unwrap();
    runner.progress().save(&progress_file).unwrap();
    let saved = Progress::load(&progress_file).unwrap().unwrap();
    let mut runner = AssessmentRunner::resume(a.clone(), saved).unwrap();
    assert_eq!(runner.time_allowance(), TimeAllowance::Extended);
    while let Some(session) = runner.session_to_play() {
        assert_eq!(session.time_allowance(), TimeAllowance::Extended);
        runner.complete_scenario(play_random_in(session, 7).unwrap()).unwrap();
    }
    let mut result = runner.result("2026-12-01T09:30:00Z").unwrap();
    sign(&mut result, &key);
    let text = serde_json::to_string_pretty(&result).unwrap();
    assert!(text.contains(r#""time_allowance": "extended""#));
    assert!(verify_text(&text, &key).ok(), "{:?}", verify_text(&text, &key).problems);

    // The adjustment cannot be taken out unseen: without the key the signature breaks…
    let without = text.replace("  \"time_allowance\": \"extended\",\n", "");
    assert_ne!(without, text);
    assert!(!verify_text(&without, &key).signature_ok);
    // …and re-signed by someone with the key, the replay under standard time tells.
    let mut r = parse_result(&text).unwrap();
    r.time_allowance = TimeAllowance::Standard;
    sign(&mut r, &key);
    let v = verify_text(&serde_json::to_string(&r).unwrap(), &key);
    assert!(v.signature_ok && !v.replay_ok, "{:?}", v.problems);
}

#[test]
fn a_session_with_other_time_than_the_run_gives_is_refused() {
    let a = Arc::new(standard());
    let mut runner = extended_time_run(&a);
    let (c, seed) = runner.current_scenario().unwrap();
    let standard_time = play_random_in(Session::new(c, seed), 7).unwrap();
    let refused = runner.complete_scenario(standard_time).unwrap_err();
    assert_eq!(refused.why, "played with standard time, the run gives extended time");
}
