//! Times the stages of `check` on the 2,000-node synthetic scenario: `cargo run --release --example profile_core`.
//! With an argument (`parse`, `validate`, `play`) runs just that stage, for profiling under callgrind
//! (see docs/performance.md).

#![allow(
    clippy::expect_used,
    reason = "a profiling aid: the synthetic scenario is known to be valid"
)]
use std::time::Instant;

use kam_sim::core::model::Scenario;

fn main() {
    let text = kam_sim::core::synthetic::synthetic_scenario(2000, 7);
    let stage = std::env::args().nth(1).unwrap_or_default();
    let parse = || -> Scenario { kam_sim::core::load::ron_options().from_str(&text).expect("parses") };
    match stage.as_str() {
        "parse" => drop(parse()),
        "validate" => {
            let s = parse();
            std::hint::black_box(kam_sim::core::validate::validate(&s));
        }
        "play" => {
            let c = std::sync::Arc::new(kam_sim::core::compile::compile(parse()).expect("compiles"));
            for seed in 0..200 {
                std::hint::black_box(kam_sim::core::policy::play_random(c.clone(), seed).ok());
            }
        }
        _ => {
            let time = |name: &str, f: &mut dyn FnMut()| {
                let t = Instant::now();
                for _ in 0..10 {
                    f();
                }
                println!("{name:<10} {:?}", t.elapsed() / 10);
            };
            let s = parse();
            time("parse", &mut || drop(std::hint::black_box(parse())));
            time("validate", &mut || {
                drop(std::hint::black_box(kam_sim::core::validate::validate(&s)))
            });
            time("compile", &mut || {
                drop(std::hint::black_box(kam_sim::core::compile::compile(s.clone())))
            });
            time("clone", &mut || drop(std::hint::black_box(s.clone())));
            time("load", &mut || {
                drop(std::hint::black_box(kam_sim::core::load::load_scenario_text(
                    "s.ron", &text,
                )))
            });
        }
    }
}
