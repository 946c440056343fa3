//! Balance hints as a trainer follows them: a lever already pulled is never suggested again, the
//! study budget is named when it cannot cover the facts relied on, following the hints to the
//! letter keeps the scenario testing preparation, and an ending's lever moves the median by what
//! it says.

use std::sync::Arc;

use kam_sim::core::compile::CompiledScenario;
use kam_sim::core::hints::{BalanceHints, Hint, balance_hints};

use crate::from_text;

/// Random runs per hint computation: enough for stable medians on these tiny scenarios.
const RUNS: u32 = 400;

/// A one-stakeholder scenario with a 10-minute study budget, the given dossier items and moments
/// (starting at `talk`), and two endings: `won` (worth `won_value`) and `lost`.
fn scenario(dossier: &str, nodes: &str, won_value: u8) -> Arc<CompiledScenario> {
    scenario_from(dossier, "talk", nodes, won_value)
}

/// As [`scenario`], starting at `start`.
fn scenario_from(dossier: &str, start: &str, nodes: &str, won_value: u8) -> Arc<CompiledScenario> {
    from_text(&format!(
        r#"Scenario(
    id: "tiny", kind: negotiation, title: "T", summary: "S", difficulty: introductory,
    expected_minutes: 1, language: "en", competencies: [listening, business_etiquette],
    client: (company: "C", industry: "I", summary: "S", revenue_share_percent: 10, group: breadwinner),
    stakeholders: [(id: "boss", name: "Boss", title: "CEO", role: executive, style: dominant,
        trust: (50, 50), mood: (50, 50), patience_seconds: 3)],
    preparation: (starts_at: "08:00", budget_minutes: 10, dossier: [{dossier}]),
    schedule: (meeting_at: "09:00", place: "HQ", travel: [
        (id: "walk", label: "Walk", minutes: 30, delay: (0, 0)),
    ]),
    start: "{start}",
    nodes: [{nodes}],
    endings: [
        (id: "won", outcome: won, title: "W", text: "W.", value: {won_value}),
        (id: "lost", outcome: lost, title: "L", text: "L."),
    ],
)"#
    ))
}

const FACT: &str = r#"(id: "fact", title: "Fact", text: "F.", minutes: 2, category: client)"#;

/// `talk`: two rude answers (tagged with `severity`) and — when `plain` — a plain answer; the rude ones
/// lead to `after`, which offers a way back when `recovery`. With the won ending worth 0, the
/// random player's median is below the rule's 35, so the hints name changes.
fn rude_moment(severity: &str, plain: bool, recovery: bool) -> String {
    let plain = if plain {
        r#"(id: "plain", text: "Good morning.", effects: [Evidence(business_etiquette, 5)], next: "won"),"#
    } else {
        ""
    };
    let way_back = if recovery {
        r#"(id: "apologise", text: "Forgive me.", effects: [Evidence(business_etiquette, 4)], next: "won"),"#
    } else {
        ""
    };
    format!(
        r#"(id: "talk", speaker: "boss", text: "Hello there.", seconds: 2.0, options: [
            (id: "rude", text: "What now?", effects: [Mistake(bad_manners, {severity})], next: "after"),
            (id: "ruder", text: "Make it quick.", effects: [Mistake(bad_manners, {severity})], next: "after"),
            {plain}
        ]),
        (id: "after", speaker: "boss", text: "Excuse me?", seconds: 2.0, options: [
            {way_back}
            (id: "shrug", text: "You heard me.", effects: [Mistake(bad_manners, major)], next: "lost"),
        ])"#
    )
}

fn hints(c: &Arc<CompiledScenario>) -> BalanceHints {
    balance_hints(c, RUNS).expect("every random run ends")
}

fn moment<'a>(h: &'a BalanceHints, id: &str) -> &'a Hint {
    h.hints
        .iter()
        .find(|x| x.node.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no hint for `{id}`: {:#?}", h.hints))
}

#[test]
fn a_moment_without_a_plain_answer_or_a_way_back_is_told_to_add_them() {
    let h = hints(&scenario(FACT, &rude_moment("major", false, false), 0));
    assert!(h.median < 35, "the rude moment keeps the median low: {}", h.median);
    let talk = moment(&h, "talk");
    assert!(talk.actionable, "{}", talk.suggestion);
    for lever in ["offer a plain answer beside it", "add a way back after it at `after`"] {
        assert!(talk.suggestion.contains(lever), "{lever}: {}", talk.suggestion);
    }
}

#[test]
fn a_lever_already_pulled_is_not_suggested_again() {
    let h = hints(&scenario(FACT, &rude_moment("major", true, true), 0));
    let talk = moment(&h, "talk");
    let s = &talk.suggestion;
    assert!(!s.contains("offer a plain answer"), "a plain answer is there: {s}");
    assert!(!s.contains("add a way back"), "a way back is there: {s}");
    assert!(
        s.contains("`plain` is a plain answer beside it") && s.contains("`apologise` is a way back after it"),
        "says what is there already: {s}"
    );
    assert!(
        s.contains("add another plain answer, or drop `rude")
            && s.contains("2 of the 3 answers always offered here are mistakes"),
        "two rude answers beside one plain one: {s}"
    );
    assert!(
        !s.contains("soften"),
        "bad manners stays major, as the brief makes it: {s}"
    );
}

#[test]
fn a_minor_mistake_with_plain_answers_and_a_way_back_needs_nothing_and_comes_after_what_does() {
    // One rude answer of three, minor, with a way back after it; the won ending worth 0 keeps the
    // median below the rule, so the other moments are asked for changes.
    let nodes = r#"(id: "talk", speaker: "boss", text: "Hello there.", seconds: 2.0, options: [
            (id: "rude", text: "What now?", effects: [Mistake(bad_manners, minor)], next: "after"),
            (id: "plain", text: "Good morning.", effects: [Evidence(business_etiquette, 5)], next: "after"),
            (id: "polite", text: "Good morning to you.", effects: [Evidence(business_etiquette, 4)], next: "after"),
        ]),
        (id: "after", speaker: "boss", text: "Shall we?", seconds: 2.0, options: [
            (id: "apologise", text: "Forgive me.", effects: [Evidence(business_etiquette, 4)], next: "won"),
            (id: "shrug", text: "You heard me.", effects: [Mistake(indifference, major)], next: "lost"),
        ])"#;
    let h = hints(&scenario(FACT, nodes, 0));
    assert!(h.median < 35, "{}", h.median);
    let talk = moment(&h, "talk");
    assert!(
        talk.mistakes
            .iter()
            .any(|m| m.id == "bad_manners" && m.median_effect < 0),
        "a third of the players are rude there: it moves the median: {talk:#?}"
    );
    assert!(!talk.actionable);
    assert!(
        talk.suggestion.contains("nothing left to change"),
        "{}",
        talk.suggestion
    );
    let first_informing = h.hints.iter().position(|x| !x.actionable).unwrap_or(h.hints.len());
    assert!(
        h.hints[first_informing..].iter().all(|x| !x.actionable),
        "every hint that names a change comes first"
    );
}

/// A moment relying on each of `facts` (id, minutes), one after the other, then `talk`'s rude moment.
fn relying(facts: &[(&str, u32)]) -> Arc<CompiledScenario> {
    let dossier: Vec<String> = facts
        .iter()
        .map(|(id, minutes)| {
            format!(r#"(id: "{id}", title: "{id}", text: "F.", minutes: {minutes}, category: client)"#)
        })
        .collect();
    let mut nodes = Vec::new();
    for (i, (id, _)) in facts.iter().enumerate() {
        let next = facts.get(i + 1).map_or("talk", |(next, _)| next);
        nodes.push(format!(
            r#"(id: "{id}", speaker: "boss", text: "About {id}.", seconds: 2.0, relies_on: ["{id}"], options: [
                (id: "go_on", text: "Go on.", next: "{next}"),
            ])"#
        ));
    }
    let start = facts[0].0;
    let text = nodes.join(",\n") + ",\n" + &rude_moment("major", false, false);
    scenario_from(&dossier.join(", "), start, &text, 0)
}

#[test]
fn a_study_budget_too_small_for_the_facts_relied_on_is_named() {
    let h = hints(&relying(&[("a", 4), ("b", 4), ("c", 5)]));
    let b = &h.study_budget;
    assert!(!b.fits);
    assert_eq!((b.budget_minutes, b.relied_on_minutes), (10, 13));
    assert_eq!(
        b.relied_on.iter().map(|f| f.fact.as_str()).collect::<Vec<_>>(),
        ["a", "b", "c"]
    );
    let h = hints(&relying(&[("a", 4), ("b", 4)]));
    assert!(h.study_budget.fits);
}

#[test]
fn following_the_hints_to_the_letter_keeps_two_facts_relied_on() {
    let drops = |h: &BalanceHints| h.hints.iter().filter(|x| x.suggestion.contains("relies_on")).count();
    let three = hints(&relying(&[("a", 1), ("b", 1), ("c", 1)]));
    let suggested: std::collections::BTreeSet<String> = three
        .hints
        .iter()
        .filter_map(|x| match &x.fact {
            Some(f) if x.suggestion.contains("drop it from `relies_on`") => Some(f.clone()),
            _ => ["a", "b", "c"]
                .into_iter()
                .find(|f| x.suggestion.contains(&format!("drop `{f}` from")))
                .map(str::to_owned),
        })
        .collect();
    assert_eq!(
        suggested.len(),
        1,
        "three facts: one may go, and however many hints suggest it, they name the same one: {:#?}",
        three.hints
    );
    let two = hints(&relying(&[("a", 1), ("b", 1)]));
    assert_eq!(
        drops(&two),
        0,
        "two facts, each relied on once: keep both: {:#?}",
        two.hints
    );
}

#[test]
fn quicker_to_study_is_suggested_only_when_the_budget_prices_random_players_out() {
    let cheap = hints(&relying(&[("a", 1), ("b", 1), ("c", 1)]));
    assert!(
        cheap.hints.iter().all(|x| !x.suggestion.contains("quicker to study")),
        "one-minute facts always fit the budget: {:#?}",
        cheap.hints
    );
    let dear = hints(&relying(&[("a", 5), ("b", 5), ("c", 6)]));
    assert!(
        dear.hints
            .iter()
            .any(|x| x.suggestion.contains("quicker to study") && x.suggestion.contains("could no longer afford it")),
        "{:#?}",
        dear.hints
    );
}

#[test]
fn an_endings_value_moves_the_median_by_what_the_hint_says() {
    let before = hints(&scenario(FACT, &rude_moment("major", true, false), 60));
    let won = before.endings.iter().find(|e| e.ending == "won").unwrap();
    let lost = before.endings.iter().find(|e| e.ending == "lost").unwrap();
    assert_eq!(lost.median_if_worth_10_more, None, "a lost meeting's value is no lever");
    let after = hints(&scenario(FACT, &rude_moment("major", true, false), 70));
    assert_eq!(
        i32::from(after.median),
        i32::from(before.median) + won.median_if_worth_10_more.unwrap(),
        "same random runs, each rescored with the higher value"
    );
}

#[test]
fn a_median_held_at_zero_still_ranks_the_moments_that_cost_most() {
    // Every answer is a critical mistake and the meeting is lost: every run scores below 0, kept
    // at 0, so the median is 0 whatever one moment costs.
    let nodes = r#"(id: "talk", speaker: "boss", text: "Hello there.", seconds: 2.0, options: [
            (id: "rude", text: "What now?", effects: [Mistake(bad_manners, critical)], next: "after"),
        ]),
        (id: "after", speaker: "boss", text: "Excuse me?", seconds: 2.0, options: [
            (id: "shrug", text: "You heard me.", effects: [Mistake(bad_manners, critical)], next: "lost"),
        ])"#;
    let h = hints(&scenario(FACT, nodes, 0));
    assert_eq!(h.median, 0);
    assert!(h.median_before_bounds < 0, "{}", h.median_before_bounds);
    assert!(
        h.median_without_mistakes > h.median_before_bounds,
        "without its mistakes the median rises"
    );
    let costly: Vec<(&str, &str)> = h
        .costly_answers
        .iter()
        .map(|a| (a.node.as_str(), a.option.as_str()))
        .collect();
    assert!(
        costly.contains(&("talk", "rude")) && costly.contains(&("after", "shrug")),
        "both wrong answers are named: {costly:?}"
    );
    assert!(
        h.costly_answers
            .windows(2)
            .all(|w| w[0].median_effect <= w[1].median_effect),
        "costliest first"
    );
    let talk = moment(&h, "talk");
    assert!(
        talk.suggestion.contains("`major` instead of `critical`"),
        "one severity step at a time: {}",
        talk.suggestion
    );
    assert!(
        talk.median_effect < 0,
        "forgiving the mistakes at `talk` moves the runs below zero: {talk:#?}"
    );
    assert!(talk.actionable);
}

#[test]
fn a_best_play_below_the_rule_says_how_much_evidence_it_needs() {
    // One moment, five evidence points on the best path: far from 90.
    let h = hints(&scenario(FACT, &rude_moment("major", true, false), 100));
    let best = h.best_play.expect("the analysis finishes");
    assert!(best.score < 90, "{best:#?}");
    assert_eq!(best.ending, "won");
    assert!(best.mistakes.is_empty());
    let needed = best.evidence_needed.expect("some evidence total reaches 90");
    assert!(needed > best.evidence_total, "{best:#?}");
    let measured: Vec<&str> = best.evidence.iter().map(|e| e.competency).collect();
    assert_eq!(measured, ["listening", "business_etiquette"], "least evidence first");
}

#[test]
fn no_way_back_is_suggested_after_the_meeting_is_over() {
    // The rude answer leads to a narration that sends each player to an ending by what they did:
    // a "way back" there would change the endings, not recover anything.
    let nodes = r#"(id: "talk", speaker: "boss", text: "Hello there.", seconds: 2.0, options: [
            (id: "rude", text: "What now?", effects: [Mistake(indifference, major)], next: "epilogue"),
            (id: "ruder", text: "Make it quick.", effects: [Mistake(indifference, major)], next: "epilogue"),
            (id: "plain", text: "Good morning.", effects: [Evidence(listening, 5), SetFlag("warm")], next: "epilogue"),
        ]),
        (id: "epilogue", text: "A week later, the phone rings.", seconds: 2.0, options: [
            (id: "good_news", text: "Answer.", when: [Flag("warm")], next: "won"),
            (id: "bad_news", text: "Answer.", when: [NotFlag("warm")], next: "lost"),
        ])"#;
    let h = hints(&scenario(FACT, nodes, 0));
    let talk = moment(&h, "talk");
    assert!(!talk.suggestion.contains("way back"), "{}", talk.suggestion);
}

#[test]
fn a_flag_that_sends_runs_to_the_better_endings_but_only_studied_players_can_set_is_named() {
    // `convinced` decides the ending; only an answer offered to those who studied `fact` sets it.
    let nodes = r#"(id: "talk", speaker: "boss", text: "Hello there.", seconds: 2.0, options: [
            (id: "informed", text: "Your figures show it.", when: [Studied("fact")], effects: [Evidence(listening, 10), SetFlag("convinced")], next: "decide"),
            (id: "plain", text: "Good morning.", effects: [Evidence(listening, 2)], next: "decide"),
            (id: "rude", text: "Make it quick.", effects: [Mistake(bad_manners, major)], next: "decide"),
        ]),
        (id: "decide", speaker: "boss", text: "Well?", seconds: 2.0, options: [
            (id: "close", text: "Shall we sign?", when: [Flag("convinced")], next: "won"),
            (id: "hope", text: "I hope so.", when: [NotFlag("convinced")], next: "lost"),
        ])"#;
    let h = hints(&scenario(FACT, nodes, 100));
    assert!(h.median < 35, "{}", h.median);
    let flag = h
        .hints
        .iter()
        .find(|x| x.flag.as_deref() == Some("convinced"))
        .unwrap_or_else(|| panic!("{:#?}", h.hints));
    assert!(flag.median_effect >= 5, "{flag:#?}");
    assert!(flag.actionable);
    assert!(
        flag.suggestion.contains("`informed` at `talk`")
            && flag.suggestion.contains("let a plain answer at `talk` set it too"),
        "{}",
        flag.suggestion
    );
}
