//! Writes COUNT signed results of simulated candidates for the shipped assessment
//! `kam_candidate_standard`, one file each, for the results store's scale measurement
//! (`scripts/results-at-scale.sh`):
//!
//! `cargo run --release --no-default-features --example signed_results -- OUT_DIR COUNT KEY_FILE`
//!
//! Candidate `k` plays every scenario at random with seed `k`, so the cohort has spread; the results
//! are marked simulated, exactly as `kam-sim assess --policy random --seed k` marks them.

use std::path::PathBuf;
use std::process::ExitCode;

use kam_sim::core::assessment::result::{RunContext, TargetSnapshot};
use kam_sim::core::assessment::signing::{read_key, sign};
use kam_sim::core::assessment::{PlayedBy, build_result, load_assessment};
use kam_sim::core::content::ContentDirs;
use kam_sim::core::policy::play_random_with;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("signed_results: {e}");
            ExitCode::from(1)
        }
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [out, count, key] = args.as_slice() else {
        return Err("usage: signed_results OUT_DIR COUNT KEY_FILE".into());
    };
    let out = PathBuf::from(out);
    let count: u64 = count.parse().map_err(|e| format!("COUNT `{count}`: {e}"))?;
    let key = read_key(&PathBuf::from(key)).map_err(|e| e.to_string())?;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let a = load_assessment("kam_candidate_standard", &ContentDirs::under(&root)).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    for k in 1..=count {
        let sessions = a
            .scenarios
            .iter()
            .zip(&a.source.scenarios)
            .map(|((c, _), s)| play_random_with(c.clone(), s.seed, k).map_err(|e| e.to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        // Spread over a year of mornings, so reports see many days.
        let day = 1 + k % 28;
        let month = 1 + (k / 28) % 12;
        let context = RunContext {
            candidate: format!("candidate-{k:05}"),
            played_by: PlayedBy::Simulated {
                policy: "random".into(),
                seed: k,
                skill: None,
            },
            language: "en".into(),
            time_allowance: Default::default(),
            started_at: format!("2026-{month:02}-{day:02}T09:00:00Z"),
            finished_at: format!("2026-{month:02}-{day:02}T09:45:00Z"),
            target: TargetSnapshot::of(&a.profile),
            pass_rule: a.source.pass.clone(),
        };
        let mut r = build_result(&a, &context, &sessions).map_err(|e| e.to_string())?;
        sign(&mut r, &key);
        let text = serde_json::to_string_pretty(&r).map_err(|e| e.to_string())?;
        let path = out.join(format!("candidate-{k:05}.json"));
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}
