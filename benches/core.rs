//! Speed of the simulation core (see `docs/performance.md` for targets and measured numbers).
//!
//! Run with `cargo bench --bench core`. Single-threaded throughout.

use std::path::PathBuf;
use std::sync::Arc;

use divan::counter::{BytesCount, ItemsCount};
use divan::{Bencher, black_box};
use kam_sim::core::analysis::analyze;
use kam_sim::core::balance::{RANDOM_RUNS, random_stats};
use kam_sim::core::compile::CompiledScenario;
use kam_sim::core::engine::Entry;
use kam_sim::core::load::{load_scenario_file, load_scenario_text};
use kam_sim::core::policy::play_random;
use kam_sim::core::synthetic::{counter_scenario, synthetic_scenario};

fn main() {
    divan::main();
}

const SYNTHETIC_NODES: usize = 2000;
const PLAYTHROUGHS: u64 = 200;

fn synthetic() -> Arc<CompiledScenario> {
    let loaded = load_scenario_text("synthetic.ron", &synthetic_scenario(SYNTHETIC_NODES, 7));
    loaded.scenario.unwrap_or_else(|| panic!("{}", loaded.report.render()))
}

/// Options taken (choices and timers that ran out) in one random playthrough.
fn options_taken(c: &Arc<CompiledScenario>, seed: u64) -> u64 {
    let session = play_random(c.clone(), seed).unwrap_or_else(|e| panic!("{e}"));
    session
        .transcript()
        .iter()
        .filter(|e| matches!(e, Entry::Choice { .. } | Entry::Silence { .. }))
        .count() as u64
}

/// Seeded random playthroughs of a 2,000-node scenario, counted in options taken.
#[divan::bench(sample_count = 30)]
fn random_playthroughs_2000_nodes(bencher: Bencher) {
    let c = synthetic();
    let total: u64 = (0..PLAYTHROUGHS).map(|seed| options_taken(&c, seed)).sum();
    bencher.counter(ItemsCount::new(total)).bench(|| {
        for seed in 0..PLAYTHROUGHS {
            black_box(play_random(c.clone(), black_box(seed)).ok());
        }
    });
}

/// `kam-sim check` of a 2,000-node scenario: parse, validate, compile.
#[divan::bench(sample_count = 30)]
fn check_2000_nodes(bencher: Bencher) {
    let text = synthetic_scenario(SYNTHETIC_NODES, 7);
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| black_box(load_scenario_text("synthetic.ron", black_box(&text))));
}

fn shipped(id: &str) -> Arc<CompiledScenario> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(format!("{id}.ron"));
    load_scenario_file(&path)
        .scenario
        .unwrap_or_else(|| panic!("{id} does not load"))
}

/// Loading 100 scenario files' worth of text (the shipped ones, repeated): what the game's asset
/// loader does for each file (parse, validate, compile), without the file reads.
#[divan::bench(sample_count = 20)]
fn load_100_scenarios(bencher: Bencher) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{e}")).flatten() {
        texts.push(std::fs::read_to_string(entry.path()).unwrap_or_else(|e| panic!("{e}")));
    }
    let hundred: Vec<&String> = texts.iter().cycle().take(100).collect();
    bencher.counter(ItemsCount::new(100usize)).bench(|| {
        for text in &hundred {
            black_box(load_scenario_text("s.ron", black_box(text)));
        }
    });
}

/// The exact analysis (`kam-sim analyze` without the random player) of each shipped scenario.
#[divan::bench(sample_count = 20, args = SHIPPED)]
fn analyze_shipped(bencher: Bencher, id: &str) {
    let c = shipped(id);
    bencher.bench(|| black_box(analyze(&c)));
}

/// The random player's statistics of `kam-sim analyze` (1,000 seeded playthroughs) per scenario.
#[divan::bench(sample_count = 10, args = ["breadwinner_discount_squeeze", "nine_month_tender_campaign"])]
fn random_stats_shipped(bencher: Bencher, id: &str) {
    let c = shipped(id);
    bencher.bench(|| black_box(random_stats(&c, RANDOM_RUNS)));
}

/// The exact analysis of a generated conversation with six integer counters (the shape of
/// `core::synthetic::counter_scenario`) at 50, 75 and 100 moments; larger sizes exceed the default
/// state budget and are measured with time and peak memory by `scripts/analysis-at-scale.sh`.
#[divan::bench(sample_count = 3, args = [50, 75, 100])]
fn analyze_counters(bencher: Bencher, moments: usize) {
    let loaded = load_scenario_text("counters.ron", &counter_scenario(moments, 7));
    let c = loaded.scenario.unwrap_or_else(|| panic!("{}", loaded.report.render()));
    let states = analyze(&c).states;
    bencher
        .counter(ItemsCount::new(states))
        .bench(|| black_box(analyze(&c)));
}

/// The shipped scenarios (a test in tests/core/shipped.rs keeps the library itself honest).
const SHIPPED: [&str; 12] = [
    "breadwinner_discount_squeeze",
    "partner_exclusivity_talks",
    "quarterly_review_cross_sell",
    "silent_prospect_close",
    "best_and_final_offer_round",
    "buying_committee_pitch",
    "nine_month_tender_campaign",
    "reference_challenge_pitch",
    "cold_kol_congress_dinner",
    "expert_client_competitor_threat",
    "inherited_account_first_meeting",
    "missed_delivery_fallout",
];
