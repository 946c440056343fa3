//! Prints a generated conversation with integer counters (see `kam_sim::core::synthetic::counter_scenario`),
//! for measuring `kam-sim analyze` at scale (`scripts/analysis-at-scale.sh`).
//!
//! `cargo run --release --no-default-features --example counter_scenario -- NODES [SEED] > file.ron`

use std::io::Write;

fn main() -> std::process::ExitCode {
    let mut args = std::env::args().skip(1);
    let parse = |a: Option<String>, default: u64| a.map_or(Ok(default), |s| s.parse::<u64>());
    let (Ok(nodes), Ok(seed)) = (parse(args.next(), 50), parse(args.next(), 7)) else {
        eprintln!("usage: counter_scenario NODES [SEED]");
        return std::process::ExitCode::from(2);
    };
    let text = kam_sim::core::synthetic::counter_scenario(nodes as usize, seed);
    // A closed pipe is the reader's choice, not an error.
    let _ = std::io::stdout().write_all(text.as_bytes());
    std::process::ExitCode::SUCCESS
}
