//! `kam-sim strings <SCENARIO>`: every player-visible string with its stable key, for translation
//! tables.

use std::process::ExitCode;

use super::{Format, Outcome, load_scenario, print_json};
use crate::core::content::ContentDirs;
use crate::core::strings::player_strings;

/// What `kam-sim strings` is given.
#[derive(clap::Args)]
pub(crate) struct StringsArgs {
    /// Scenario file or id.
    scenario: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

/// `kam-sim strings`: tab-separated key and text, or a JSON object of them.
pub(crate) fn run(args: &StringsArgs, dirs: &ContentDirs) -> Outcome {
    let c = load_scenario(dirs, &args.scenario)?;
    let table = player_strings(&c.source);
    match args.format {
        Format::Json => {
            let map: serde_json::Map<String, serde_json::Value> = table
                .into_iter()
                .map(|(k, v)| (k, serde_json::Value::String(v)))
                .collect();
            print_json(&map)
        }
        Format::Human => {
            for (key, text) in table {
                println!("{key}\t{text}");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
