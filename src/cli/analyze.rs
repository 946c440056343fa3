//! `kam-sim analyze <SCENARIO>`: every playthrough explored — endings, score range, where mistakes
//! can occur, how a random player scores — with the balance rules on request.

use std::process::ExitCode;

use serde::Serialize;

use super::{Format, Outcome, load_scenario, print_json, show};
use crate::core::balance::BalanceRules;
use crate::core::content::ContentDirs;

/// What `kam-sim analyze` is given.
#[derive(clap::Args)]
pub(crate) struct AnalyzeArgs {
    /// Scenario file or id.
    scenario: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Also warn when the scores break the library's balance rules (best >= 90, worst <= 25,
    /// random median 35-60).
    #[arg(long)]
    balance: bool,
    /// Exit 1 when the analysis has warnings.
    #[arg(long)]
    deny_warnings: bool,
    /// Most distinct meeting states to explore before giving up with an explanation (each
    /// costs a few hundred bytes).
    #[arg(long, value_name = "N", default_value_t = crate::core::analysis::DEFAULT_STATE_BUDGET)]
    max_states: usize,
}

/// `kam-sim analyze`.
pub(crate) fn run(args: &AnalyzeArgs, dirs: &ContentDirs) -> Outcome {
    let c = load_scenario(dirs, &args.scenario)?;
    let analysis = crate::core::balance::analyze_with_random_within(&c, args.max_states);
    let mut warnings = analysis.warnings();
    if args.balance {
        warnings.extend(BalanceRules::default().warnings(&analysis));
    }
    match args.format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                #[serde(flatten)]
                analysis: &'a crate::core::analysis::Analysis,
                warnings: &'a [String],
            }
            print_json(&Out {
                analysis: &analysis,
                warnings: &warnings,
            })?;
        }
        Format::Human => print!("{}", show::analysis(&c, &analysis, &warnings)),
    }
    Ok(if args.deny_warnings && !warnings.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
