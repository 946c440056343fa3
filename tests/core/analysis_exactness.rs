//! The analyzer merges meeting states on what the rest of the meeting can still observe (liveness,
//! and counters, trust and mood saturated at the thresholds ahead: `core::saturation`). Merging must
//! never change an answer: on hundreds of small random scenarios with variables, trust and mood
//! conditions, the analysis is compared with every playthrough played through the engine — the score
//! range, and the least and most evidence of each competency (what `kam-sim study` and `check` say
//! a target can reach).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use kam_sim::core::analysis::{DEFAULT_STATE_BUDGET, NamedWorld, analyze_worlds, competency_evidence_range};
use kam_sim::core::compile::CompiledScenario;
use kam_sim::core::engine::{Action, Phase, Session};
use kam_sim::core::result::result_of;
use kam_sim::core::rules::World;
use kam_sim::core::vocab::Competency;

use crate::from_text;

/// A tiny deterministic generator (xorshift64), so a failing scenario is named by its seed.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
    fn between(&mut self, low: i32, high: i32) -> i32 {
        low + self.below((high - low + 1) as usize) as i32
    }
    fn nonzero(&mut self, low: i32, high: i32) -> i32 {
        loop {
            let n = self.between(low, high);
            if n != 0 {
                return n;
            }
        }
    }
}

/// A random conversation of 4–8 moments flowing forward, with two counters, the client's trust and
/// mood read and changed, `SetVar` resets, speakers (so interrupting and hesitating count), timers,
/// evidence and tagged mistakes.
fn random_scenario(seed: u64) -> String {
    let mut d = Dice(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let nodes = 4 + d.below(5);
    let vars = ["a", "b"];
    let mut text = String::new();
    for i in 0..nodes {
        let speaker = if d.below(2) == 0 { "Some(\"boss\")" } else { "None" };
        let mut options = String::new();
        for o in 0..2 + d.below(2) {
            let target = |d: &mut Dice| {
                let ahead = 1 + d.below(3);
                if i + ahead < nodes {
                    format!("n{}", i + ahead)
                } else {
                    ["won", "lost"][d.below(2)].to_owned()
                }
            };
            let when = if o == 0 {
                String::new()
            } else {
                match d.below(5) {
                    0 => format!("VarAtLeast(\"{}\", {})", vars[d.below(2)], d.between(-1, 4)),
                    1 => format!("VarBelow(\"{}\", {})", vars[d.below(2)], d.between(-1, 4)),
                    2 => format!("TrustAtLeast(\"boss\", {})", d.between(40, 60)),
                    3 => format!("MoodBelow(\"boss\", {})", d.between(40, 60)),
                    _ => format!(
                        "Any([VarAtLeast(\"a\", {}), Not(TrustBelow(\"boss\", {}))])",
                        d.between(0, 3),
                        d.between(45, 55)
                    ),
                }
            };
            let mut effects = String::new();
            for _ in 0..1 + d.below(3) {
                effects.push_str(&match d.below(7) {
                    0 | 1 => format!("AddVar(\"{}\", {}), ", vars[d.below(2)], d.nonzero(-2, 3)),
                    2 => format!("SetVar(\"{}\", {}), ", vars[d.below(2)], d.between(0, 2)),
                    3 => format!("Trust(\"boss\", {}), ", d.nonzero(-10, 10)),
                    4 => format!("Mood(\"boss\", {}), ", d.nonzero(-10, 10)),
                    5 => "Mistake(arguing, major), ".to_owned(),
                    _ => format!("Evidence(listening, {}), ", d.nonzero(-3, 3)),
                });
            }
            let explain = if effects.contains("Mistake") {
                ", explain: (happened: \"You argued.\", cost: \"It costs.\", better: \"Listen.\")"
            } else {
                ""
            };
            let next = target(&mut d);
            options.push_str(&format!(
                "(id: \"o{o}\", text: \"Answer {o}.\", when: [{when}], effects: [{effects}Evidence(negotiation, {})]{explain}, next: \"{next}\"), ",
                d.nonzero(-2, 2)
            ));
        }
        let timer = if d.below(3) == 0 {
            let next = if i + 1 < nodes {
                format!("n{}", i + 1)
            } else {
                "lost".to_owned()
            };
            format!(
                ", timer: (seconds: 4.0, effects: [Mood(\"boss\", {}), AddVar(\"b\", 1)], next: \"{next}\")",
                d.nonzero(-5, 5)
            )
        } else {
            String::new()
        };
        text.push_str(&format!(
            "(id: \"n{i}\", speaker: {speaker}, text: \"Moment {i}.\", seconds: 2.0, options: [{options}]{timer}),\n"
        ));
    }
    format!(
        r#"Scenario(
    id: "random", kind: negotiation, title: "T", summary: "S", difficulty: introductory,
    expected_minutes: 1, language: "en", competencies: [listening, negotiation],
    client: (company: "C", industry: "I", summary: "S", revenue_share_percent: 10, group: breadwinner),
    stakeholders: [(id: "boss", name: "Boss", title: "CEO", role: executive, style: dominant,
        trust: ({t}, {t}), mood: ({m}, {m}), patience_seconds: 3)],
    preparation: (starts_at: "08:00", budget_minutes: 10, dossier: [
        (id: "fact", title: "Fact", text: "F.", minutes: 6, category: client),
    ]),
    schedule: (meeting_at: "09:00", place: "HQ", travel: [
        (id: "walk", label: "Walk", minutes: 30, delay: (0, 0)),
    ]),
    variables: [(id: "a", start: {a}), (id: "b", start: {b})],
    start: "n0",
    nodes: [{text}],
    endings: [
        (id: "won", outcome: won, title: "W", text: "W."),
        (id: "lost", outcome: lost, title: "L", text: "L."),
    ],
)"#,
        t = d.between(40, 60),
        m = d.between(40, 60),
        a = d.between(0, 2),
        b = d.between(0, 2),
    )
}

/// What every complete playthrough can give: scores, endings, mistakes.
#[derive(Default, Debug, PartialEq)]
struct Everything {
    scores: BTreeSet<u8>,
    endings: BTreeSet<String>,
    mistakes: BTreeSet<String>,
    /// Least and most net evidence per competency (by index).
    evidence: BTreeMap<usize, (i64, i64)>,
}

/// Plays every playthrough through the engine: each option offered, at each timing (cutting in as
/// the line starts, answering as it ends, hesitating past the speaker's patience), and each timer.
fn play_everything(c: &Arc<CompiledScenario>, seed: u64) -> Everything {
    let mut all = Everything::default();
    for study in [false, true] {
        let mut s = Session::new(c.clone(), seed);
        if study {
            s.act(0, Action::Study(0)).unwrap();
        }
        s.act(0, Action::Depart(0)).unwrap();
        explore(c, s, &mut all);
    }
    all
}

fn explore(c: &CompiledScenario, s: Session, all: &mut Everything) {
    if s.phase() == Phase::Ended {
        let r = result_of(&s, None).unwrap();
        all.scores.insert(r.score);
        all.endings.insert(r.ending.clone());
        all.mistakes.extend(r.mistakes.iter().map(|m| m.id.clone()));
        for (i, &e) in s.tally().evidence.iter().enumerate() {
            let e = i64::from(e);
            let range = all.evidence.entry(i).or_insert((e, e));
            *range = (range.0.min(e), range.1.max(e));
        }
        return;
    }
    let (start, end, deadline) = s.line_window();
    let node = s.current_node().unwrap() as usize;
    let mut times = vec![end];
    if let Some(p) = c.nodes[node].speaker {
        times.push(start); // interrupting
        times.push(end + c.patience_ms[p as usize] + 1); // hesitating
    }
    for &option in s.offered() {
        for &at in &times {
            if deadline.is_some_and(|d| at >= d) {
                continue;
            }
            let mut next = s.clone();
            if next.act(at, Action::Choose(option)).is_ok() {
                explore(c, next, all);
            }
        }
    }
    if let Some(d) = deadline {
        let mut next = s.clone();
        next.act(d, Action::Wait).unwrap();
        explore(c, next, all);
    }
}

#[test]
fn the_analysis_equals_every_playthrough_played_through_the_engine_on_random_scenarios_with_counters() {
    let mut compared = 0;
    for seed in 0..300 {
        let text = random_scenario(seed);
        let c = from_text(&text);
        let world = NamedWorld {
            name: "seed".into(),
            world: World::from_seed(&c, seed),
        };
        let analysis = analyze_worlds(&c, &[world]);
        let brute = play_everything(&c, seed);
        let range = analysis.score.as_ref();
        assert_eq!(
            range.map(|r| (r.min, r.max)),
            brute.scores.first().zip(brute.scores.last()).map(|(lo, hi)| (*lo, *hi)),
            "seed {seed}: worst and best\n{text}"
        );
        let reachable: BTreeSet<String> = analysis
            .endings
            .iter()
            .filter(|e| e.reachable)
            .map(|e| e.id.clone())
            .collect();
        assert_eq!(reachable, brute.endings, "seed {seed}: endings\n{text}");
        let possible: BTreeSet<String> = analysis.mistakes_possible.iter().map(|m| (*m).to_owned()).collect();
        assert_eq!(possible, brute.mistakes, "seed {seed}: mistakes\n{text}");
        let world = [NamedWorld {
            name: "seed".into(),
            world: World::from_seed(&c, seed),
        }];
        for comp in Competency::ALL {
            assert_eq!(
                competency_evidence_range(&c, &world, comp, DEFAULT_STATE_BUDGET),
                brute.evidence.get(&comp.index()).copied(),
                "seed {seed}: least and most evidence of {}\n{text}",
                comp.id()
            );
        }
        compared += 1;
    }
    assert_eq!(compared, 300);
}
