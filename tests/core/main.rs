//! Tests of the simulation core, without Bevy: golden playthroughs, diagnostics as exact text,
//! behaviour of the rules, engine/analyzer agreement, and properties over random input streams.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on what it does not expect"
)]

mod analysis_exactness;
mod assessment;
mod behaviour;
mod client_view;
mod diagnostics;
mod golden;
mod hints;
mod journal;
mod lrs_outbox;
mod progress;
mod properties;
mod results_store;
mod robustness;
mod shipped;
mod skilled;
#[path = "../support/postgres.rs"]
mod support;
mod translations;

use std::path::PathBuf;
use std::sync::Arc;

use kam_sim::core::compile::CompiledScenario;
use kam_sim::core::load::{load_scenario_file, load_scenario_text};

/// The crate's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A shipped scenario by id; panics with the rendered report if it does not load.
pub fn shipped(id: &str) -> Arc<CompiledScenario> {
    let loaded = load_scenario_file(&root().join("scenarios").join(format!("{id}.ron")));
    loaded.scenario.unwrap_or_else(|| panic!("{}", loaded.report.render()))
}

/// A scenario from text; panics with the rendered report if it does not load.
pub fn from_text(text: &str) -> Arc<CompiledScenario> {
    let loaded = load_scenario_text("test.ron", text);
    loaded.scenario.unwrap_or_else(|| panic!("{}", loaded.report.render()))
}

/// Ids of the shipped scenarios.
pub fn shipped_ids() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(root().join("scenarios"))
        .expect("scenarios folder")
        .filter_map(|e| e.ok())
        .filter_map(|e| e.path().file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    ids.sort();
    ids
}
