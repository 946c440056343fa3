//! `kam-sim man [DIR]`: the man pages (kam-sim.1 and one per command), generated from the same clap
//! definitions as the help.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::CommandFactory as _;

use super::error::CliError;
use super::{Cli, Outcome};

/// What `kam-sim man` is given.
#[derive(clap::Args)]
pub(crate) struct ManArgs {
    /// The folder (created if needed).
    #[arg(default_value = "man")]
    dir: PathBuf,
}

/// Writes the man pages into the folder.
pub(crate) fn run(args: &ManArgs) -> Outcome {
    let dir = &args.dir;
    std::fs::create_dir_all(dir).map_err(|error| CliError::CannotCreate {
        path: dir.clone(),
        error,
    })?;
    // One file per command: the error names the folder they go into.
    clap_mangen::generate_to(Cli::command(), dir).map_err(|error| CliError::CannotWrite {
        path: dir.clone(),
        error,
    })?;
    println!("man pages written to {}", dir.display());
    Ok(ExitCode::SUCCESS)
}
