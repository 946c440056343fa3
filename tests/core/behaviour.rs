//! The rules as a player meets them, on tiny scenarios written for each rule.

use std::sync::Arc;

use kam_sim::core::allowance::TimeAllowance;
use kam_sim::core::analysis::{NamedWorld, analyze_worlds};
use kam_sim::core::compile::CompiledScenario;
use kam_sim::core::engine::{InputError, Phase, Session};
use kam_sim::core::inputs::{InputAction, InputsFile, TimedInput};
use kam_sim::core::load::load_ron_text;
use kam_sim::core::policy::{Policy, play};
use kam_sim::core::result::{RunResult, result_of};
use kam_sim::core::rules::World;

use crate::{from_text, shipped, shipped_ids};

/// The boss's 4-second line, then 5 seconds before the timer's path (to `lost`) is taken.
const TIMED_TALK: &str = r#"(id: "talk", speaker: "boss", text: "Well?", seconds: 4.0,
    timer: (seconds: 5.0, effects: [Evidence(listening, 3)], next: "lost"),
    options: [(id: "reply", text: "Hi.", next: "won")])"#;

const TALK: &str = r#"(id: "talk", speaker: "boss", text: "Hello there.", seconds: 10.0,
    options: [(id: "reply", text: "Hi.", effects: [Evidence(listening, 5)], next: "won")])"#;

/// A one-stakeholder scenario: preparation from 08:00 with a 10-minute budget, a 30-minute walk
/// with a fixed delay, a meeting at 09:00, and the given nodes starting at `talk`.
fn tiny(nodes: &str, delay: u32) -> Arc<CompiledScenario> {
    from_text(&format!(
        r#"Scenario(
    id: "tiny", kind: negotiation, title: "T", summary: "S", difficulty: introductory,
    expected_minutes: 1, language: "en", competencies: [listening],
    client: (company: "C", industry: "I", summary: "S", revenue_share_percent: 10, group: breadwinner),
    stakeholders: [(id: "boss", name: "Boss", title: "CEO", role: executive, style: dominant,
        trust: (50, 50), mood: (50, 50), patience_seconds: 3)],
    preparation: (starts_at: "08:00", budget_minutes: 10, dossier: [
        (id: "fact", title: "Fact", text: "F.", minutes: 6, category: client),
        (id: "plan", title: "Plan", text: "P.", minutes: 6, category: plan),
    ]),
    schedule: (meeting_at: "09:00", place: "HQ", travel: [
        (id: "walk", label: "Walk", minutes: 30, delay: ({delay}, {delay})),
    ]),
    deal: (currency: "EUR", unit: "u", list_price: 100.0, floor_price: 90.0, payment_days: 30, volume: 100, term_months: 12),
    start: "talk",
    nodes: [{nodes}],
    endings: [
        (id: "won", outcome: won, title: "W", text: "W."),
        (id: "lost", outcome: lost, title: "L", text: "L."),
    ],
)"#
    ))
}

fn input(at: f64, action: InputAction) -> TimedInput {
    TimedInput { at, action }
}

fn choose(id: &str) -> InputAction {
    InputAction::Choose(id.into())
}

/// Plays the inputs and scores the result.
fn play_inputs(c: Arc<CompiledScenario>, inputs: &[TimedInput]) -> (Session, RunResult) {
    let mut session = Session::new(c, 0);
    for i in inputs {
        session
            .apply(i)
            .unwrap_or_else(|e| panic!("input at {} refused: {e}", i.at));
    }
    let result = result_of(&session, None).expect("finished");
    (session, result)
}

fn mistakes(r: &RunResult) -> Vec<(&str, &str, Option<&str>, f64)> {
    r.mistakes
        .iter()
        .map(|m| (m.id.as_str(), m.severity.id(), m.node.as_deref(), m.at_seconds))
        .collect()
}

#[test]
fn interrupting_the_client_is_scored_at_the_moment_of_the_choice() {
    let c = tiny(TALK, 0);
    let depart = input(1.0, InputAction::Depart("walk".into()));
    let (_, cut_in) = play_inputs(c.clone(), &[depart.clone(), input(5.0, choose("reply"))]);
    assert_eq!(mistakes(&cut_in), [("interrupting", "major", Some("talk"), 5.0)]);
    assert_eq!(cut_in.mistakes[0].quote.as_deref(), Some("Hi."));
    let (_, waited) = play_inputs(c, &[depart, input(11.5, choose("reply"))]);
    assert!(waited.mistakes.is_empty());
    assert!(waited.score > cut_in.score);
}

#[test]
fn a_second_interruption_is_critical() {
    let nodes = r#"(id: "talk", speaker: "boss", text: "One.", seconds: 10.0, options: [(id: "a", text: "A.", next: "more")]),
        (id: "more", speaker: "boss", text: "Two.", seconds: 10.0, options: [(id: "b", text: "B.", effects: [Evidence(listening, 1)], next: "won")])"#;
    let (_, r) = play_inputs(
        tiny(nodes, 0),
        &[
            input(0.0, InputAction::Depart("walk".into())),
            input(2.0, choose("a")),
            input(4.0, choose("b")),
        ],
    );
    assert_eq!(
        mistakes(&r),
        [
            ("interrupting", "major", Some("talk"), 2.0),
            ("interrupting", "critical", Some("more"), 4.0)
        ]
    );
}

#[test]
fn lateness_is_major_up_to_five_minutes_and_critical_beyond() {
    for (delay, expected) in [
        (30, None),
        (33, Some("major")),
        (35, Some("major")),
        (36, Some("critical")),
    ] {
        let (session, r) = play_inputs(
            tiny(TALK, delay),
            &[
                input(0.0, InputAction::Depart("walk".into())),
                input(11.0, choose("reply")),
            ],
        );
        let late = delay - 30;
        assert_eq!(r.preparation.minutes_late, late);
        let found: Vec<_> = r
            .mistakes
            .iter()
            .filter(|m| m.id == "lateness")
            .map(|m| m.severity.id())
            .collect();
        assert_eq!(found, expected.into_iter().collect::<Vec<_>>(), "delay {delay}");
        // The meeting starts cold: one point of mood lost per minute late.
        assert_eq!(session.meeting_state().unwrap().mood[0], 50 - late as i32);
    }
}

#[test]
fn studying_beyond_the_budget_is_refused_and_changes_nothing() {
    let mut session = Session::new(tiny(TALK, 0), 0);
    session.apply(&input(1.0, InputAction::Study("fact".into()))).unwrap();
    let refused = session.apply(&input(2.0, InputAction::Study("plan".into())));
    assert_eq!(
        refused,
        Err(InputError::OverBudget {
            id: "plan".into(),
            minutes: 6,
            left: 4
        })
    );
    assert_eq!(session.used_minutes(), 6);
    assert_eq!(session.studied(), [true, false]);
}

#[test]
fn preparation_time_makes_the_player_late() {
    // 6 minutes of study + 30 minutes of walking + 25 of delay from 08:00 = 09:01.
    let (_, r) = play_inputs(
        tiny(TALK, 25),
        &[
            input(0.0, InputAction::Study("fact".into())),
            input(1.0, InputAction::Depart("walk".into())),
            input(12.0, choose("reply")),
        ],
    );
    assert_eq!(r.preparation.minutes_late, 1);
    assert_eq!(r.preparation.arrived_at, "09:01");
}

#[test]
fn a_timer_takes_its_path_when_the_player_stays_silent() {
    let c = tiny(TIMED_TALK, 0);
    let mut session = Session::new(c.clone(), 0);
    session.apply(&input(1.0, InputAction::Depart("walk".into()))).unwrap();
    // The line ends at 5 s and the timer runs out at 10 s: choosing at 10 s is too late.
    let late_choice = session.apply(&input(10.0, choose("reply")));
    assert!(
        matches!(late_choice, Err(InputError::WrongPhase { .. })),
        "{late_choice:?}"
    );
    assert_eq!(session.ending(), Some((1, 10_000)));
    let r = result_of(&session, None).unwrap();
    assert_eq!(r.ending, "lost");
    assert_eq!(r.transcript.iter().filter(|t| t.kind == "silence").count(), 1);
    // Just before the deadline the choice is still open.
    let (_, in_time) = play_inputs(
        c,
        &[
            input(1.0, InputAction::Depart("walk".into())),
            input(9.9, choose("reply")),
        ],
    );
    assert_eq!(in_time.ending, "won");
}

#[test]
fn a_silence_that_ends_the_meeting_is_in_the_played_inputs_and_replays() {
    // In the game nobody presses anything when a timer runs out: the clock alone moves the session.
    let c = tiny(TIMED_TALK, 0);
    let mut session = Session::new(c.clone(), 0);
    session.apply(&input(1.0, InputAction::Depart("walk".into()))).unwrap();
    session.advance_to(60_000);
    assert_eq!(session.ending(), Some((1, 10_000)));
    let played = session.played_inputs();
    assert_eq!(played.inputs.last(), Some(&input(10.0, InputAction::Wait)));
    let (replayed, r) = play_inputs(c.clone(), &played.inputs);
    assert_eq!(replayed.ending(), session.ending());
    assert_eq!(r, result_of(&session, None).unwrap());
    // Replaying logs the silence once, not twice.
    assert_eq!(replayed.played_inputs(), played);
}

/// The timing of the player's answer, and how the meeting ended, with each time allowance.
fn answered_at(c: &Arc<CompiledScenario>, allowance: TimeAllowance, at: f64) -> (Option<String>, String, Session) {
    let mut session = Session::new(c.clone(), 0).with_time_allowance(allowance);
    session.apply(&input(1.0, InputAction::Depart("walk".into()))).unwrap();
    let _ = session.apply(&input(at, choose("reply")));
    session.advance_to(60_000);
    let r = result_of(&session, None).unwrap();
    let timing = r.transcript.iter().find_map(|t| t.timing.clone());
    (timing, r.ending, session)
}

#[test]
fn extended_time_doubles_the_timer_and_the_speakers_patience_but_not_the_line() {
    // The line runs from 1 s to 5 s; the boss's patience is 3 s; the timer 5 s after the line.
    let c = tiny(TIMED_TALK, 0);
    let timing = |allowance, at| {
        let (timing, ending, _) = answered_at(&c, allowance, at);
        (timing.unwrap_or_default(), ending)
    };
    // Standard: hesitant after 8 s, silent (the timer's path) at 10 s.
    assert_eq!(timing(TimeAllowance::Standard, 9.0), ("hesitant".into(), "won".into()));
    assert_eq!(timing(TimeAllowance::Standard, 12.0), (String::new(), "lost".into()));
    // Extended: patience 6 s (hesitant after 11 s), the timer 10 s (runs out at 15 s).
    assert_eq!(timing(TimeAllowance::Extended, 9.0), ("prompt".into(), "won".into()));
    assert_eq!(timing(TimeAllowance::Extended, 12.0), ("hesitant".into(), "won".into()));
    assert_eq!(timing(TimeAllowance::Extended, 16.0), (String::new(), "lost".into()));
    // The speaker talks as long: answering before the line ends still cuts in.
    assert_eq!(
        timing(TimeAllowance::Extended, 3.0),
        ("interrupting".into(), "won".into())
    );
    let (_, _, session) = answered_at(&c, TimeAllowance::Extended, 16.0);
    assert_eq!(session.ending(), Some((1, 15_000)));
}

#[test]
fn a_run_with_extended_time_says_so_and_replays_only_with_it() {
    let c = tiny(TIMED_TALK, 0);
    let (_, _, session) = answered_at(&c, TimeAllowance::Extended, 12.0);
    let result = result_of(&session, None).unwrap();
    assert_eq!(result.time_allowance, TimeAllowance::Extended);
    assert!(
        serde_json::to_string(&result)
            .unwrap()
            .contains(r#""time_allowance":"extended""#)
    );
    // The inputs file names the allowance, reads back into it, and replays to the same result.
    let text = session.played_inputs().to_ron();
    assert!(text.contains("time_allowance: extended"), "{text}");
    let file: InputsFile = load_ron_text("inputs.ron", &text).unwrap();
    let mut again = Session::new(c.clone(), file.seed).with_time_allowance(file.time_allowance);
    file.inputs.iter().for_each(|i| again.apply(i).unwrap());
    assert_eq!(result_of(&again, None).unwrap(), result);
    // The same inputs with the standard time: the answer at 12 s comes after the timer ran out.
    let mut standard = Session::new(c, file.seed);
    let refused = file.inputs.iter().map(|i| standard.apply(i)).find(Result::is_err);
    assert!(
        matches!(refused, Some(Err(InputError::WrongPhase { .. }))),
        "{refused:?}"
    );
    // A standard run's files are as they always were: no allowance written.
    assert!(
        !Session::new(tiny(TALK, 0), 0)
            .played_inputs()
            .to_ron()
            .contains("time_allowance")
    );
}

#[test]
fn a_concession_is_dumping_unless_something_comes_back() {
    for (effects, dumping) in [
        ("DiscountPercent(5.0)", true),
        ("SetPaymentDays(60)", true),
        ("DiscountPercent(5.0), SetVolume(150)", false),
        ("DiscountPercent(5.0), Secure(\"a two-year reference\")", false),
        ("SetVolume(150)", false),
    ] {
        let nodes = format!(
            r#"(id: "talk", speaker: "boss", text: "Hi.", seconds: 1.0, options: [(id: "give", text: "G.", effects: [{effects}], next: "after")]),
            (id: "after", text: "And?", seconds: 1.0, options: [(id: "close", text: "C.", effects: [Evidence(listening, 1)], next: "won")])"#
        );
        let (_, r) = play_inputs(
            tiny(&nodes, 0),
            &[
                input(0.0, InputAction::Depart("walk".into())),
                input(2.0, choose("give")),
                input(4.0, choose("close")),
            ],
        );
        let found: Vec<_> = mistakes(&r).into_iter().filter(|m| m.0 == "price_dumping").collect();
        let expected: Vec<_> = if dumping {
            vec![("price_dumping", "major", Some("talk"), 2.0)]
        } else {
            vec![]
        };
        assert_eq!(found, expected, "{effects}");
    }
}

#[test]
fn closing_below_the_floor_is_one_critical_price_dumping() {
    let nodes = r#"(id: "talk", speaker: "boss", text: "Match it.", seconds: 1.0, options: [
        (id: "match", text: "All right.", effects: [SetPrice(85.0)], next: "won"),
        (id: "refuse", text: "No.", effects: [SetPrice(85.0)], next: "lost")])"#;
    let c = tiny(nodes, 0);
    let (_, r) = play_inputs(
        c.clone(),
        &[
            input(0.0, InputAction::Depart("walk".into())),
            input(2.0, choose("match")),
        ],
    );
    assert_eq!(mistakes(&r), [("price_dumping", "critical", Some("talk"), 2.0)]);
    // The debrief can say what was said: the choice that conceded and closed at once.
    assert_eq!(r.mistakes[0].option.as_deref(), Some("match"));
    assert_eq!(r.mistakes[0].quote.as_deref(), Some("All right."));
    let deal = r.deal.unwrap();
    assert!(deal.below_floor && deal.closed);
    assert_eq!(deal.margin_over_floor, -5.0);
    // The same price on a lost deal costs nothing: no money changed hands (only the untraded cut).
    let (_, lost) = play_inputs(
        c,
        &[
            input(0.0, InputAction::Depart("walk".into())),
            input(2.0, choose("refuse")),
        ],
    );
    assert_eq!(mistakes(&lost), [("price_dumping", "major", Some("talk"), 2.0)]);
}

#[test]
fn relying_on_an_unstudied_fact_or_asking_for_a_studied_one_is_detected() {
    let nodes = r#"(id: "talk", speaker: "boss", text: "As you know…", seconds: 1.0, relies_on: ["plan", "fact"],
        options: [(id: "ask", text: "Remind me?", asks_for: ["fact"], next: "won")])"#;
    let c = tiny(nodes, 0);
    // Studied the fact, not the plan: the plan gap on arrival at the node, then asking what was read.
    let (_, r) = play_inputs(
        c.clone(),
        &[
            input(0.0, InputAction::Study("fact".into())),
            input(1.0, InputAction::Depart("walk".into())),
            input(3.0, choose("ask")),
        ],
    );
    assert_eq!(
        mistakes(&r),
        [
            ("insufficient_preparation", "major", Some("talk"), 1.0),
            ("lack_of_client_information", "critical", Some("talk"), 3.0)
        ]
    );
    // Studied nothing: each gap once; asking about the unknown fact is not counted a second time.
    let (_, r) = play_inputs(
        c,
        &[
            input(1.0, InputAction::Depart("walk".into())),
            input(3.0, choose("ask")),
        ],
    );
    assert_eq!(
        mistakes(&r),
        [
            ("insufficient_preparation", "major", Some("talk"), 1.0),
            ("lack_of_client_information", "critical", Some("talk"), 1.0)
        ]
    );
}

#[test]
fn answering_after_the_speakers_patience_cools_the_mood() {
    let c = tiny(TALK, 0);
    // The line ends at 11 s and patience is 3 s.
    for (at, mood) in [(14.0, 50), (14.5, 45)] {
        let (session, r) = play_inputs(
            c.clone(),
            &[
                input(1.0, InputAction::Depart("walk".into())),
                input(at, choose("reply")),
            ],
        );
        assert_eq!(session.meeting_state().unwrap().mood[0], mood, "answer at {at}");
        assert!(r.mistakes.is_empty());
    }
}

#[test]
fn inputs_out_of_order_or_out_of_phase_are_refused_without_changing_the_session() {
    let mut session = Session::new(tiny(TALK, 0), 0);
    session.apply(&input(5.0, InputAction::Study("fact".into()))).unwrap();
    let before = format!("{:?}", session.transcript());
    assert!(matches!(
        session.apply(&input(4.0, InputAction::Study("plan".into()))),
        Err(InputError::TimeWentBackwards { .. })
    ));
    assert!(matches!(
        session.apply(&input(6.0, choose("reply"))),
        Err(InputError::WrongPhase { .. })
    ));
    assert!(matches!(
        session.apply(&input(f64::NAN, InputAction::Wait)),
        Err(InputError::BadTime(_))
    ));
    assert!(matches!(
        session.apply(&input(7.0, InputAction::Depart("jetpack".into()))),
        Err(InputError::UnknownTravel { .. })
    ));
    assert_eq!(format!("{:?}", session.transcript()), before);
    assert_eq!(session.phase(), Phase::Preparation);
}

#[test]
fn the_engine_scores_the_analyzers_best_and_worst_paths_exactly() {
    for id in shipped_ids() {
        let c = shipped(&id);
        for seed in 0..6 {
            let world = NamedWorld {
                name: format!("seed {seed}"),
                world: World::from_seed(&c, seed),
            };
            let analysis = analyze_worlds(&c, &[world]);
            let range = analysis.score.expect("finishes");
            let best = result_of(&play(c.clone(), seed, Policy::Best).unwrap(), None).unwrap();
            let worst = result_of(&play(c.clone(), seed, Policy::Worst).unwrap(), None).unwrap();
            assert_eq!(best.score, range.max, "{id} seed {seed}: best");
            assert_eq!(worst.score, range.min, "{id} seed {seed}: worst");
            assert_eq!(best.ending, range.best_path.ending, "{id} seed {seed}");
        }
    }
}

#[test]
fn saved_inputs_replay_to_the_same_result() {
    for id in shipped_ids() {
        for seed in [1, 7, 42] {
            let played = play(shipped(&id), seed, Policy::Random).unwrap();
            let original = result_of(&played, None).unwrap();
            let file = played.played_inputs();
            let reread = kam_sim::core::load::load_ron_text("saved.ron", &file.to_ron()).unwrap();
            let mut replay = Session::new(shipped(&id), seed);
            let kam_sim::core::inputs::InputsFile { inputs, .. } = reread;
            for i in &inputs {
                replay.apply(i).unwrap();
            }
            assert_eq!(result_of(&replay, None).unwrap(), original, "{id} seed {seed}");
        }
    }
}
