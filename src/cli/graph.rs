//! `kam-sim graph <SCENARIO> --format dot|mermaid|html`: the conversation graph, for Graphviz,
//! Mermaid, or as a page with the analysis drawn on it.

use std::process::ExitCode;

use clap::ValueEnum;

use super::{Outcome, load_scenario};
use crate::core::content::ContentDirs;
use crate::core::graph::{to_dot, to_mermaid};

/// What `kam-sim graph` is given.
#[derive(clap::Args)]
pub(crate) struct GraphArgs {
    /// Scenario file or id.
    scenario: String,
    /// Graph language.
    #[arg(long, value_enum)]
    format: GraphFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum GraphFormat {
    Dot,
    Mermaid,
    /// A self-contained page: the graph with the analysis on it (best and worst paths, where
    /// mistakes happen, relied-on facts).
    Html,
}

/// `kam-sim graph`.
pub(crate) fn run(args: &GraphArgs, dirs: &ContentDirs) -> Outcome {
    let c = load_scenario(dirs, &args.scenario)?;
    print!(
        "{}",
        match args.format {
            GraphFormat::Dot => to_dot(&c),
            GraphFormat::Mermaid => to_mermaid(&c),
            GraphFormat::Html => crate::core::graph_html::to_html(&c, &crate::core::balance::analyze_with_random(&c)),
        }
    );
    Ok(ExitCode::SUCCESS)
}
