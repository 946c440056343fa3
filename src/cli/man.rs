//! `kam-sim man [DIR]`: the man pages (kam-sim.1 and one per command), generated from the same clap
//! definitions as the help.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::CommandFactory as _;

use super::{Cli, Failure, Outcome};

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
    std::fs::create_dir_all(dir).map_err(|e| Failure(format!("error: cannot create `{}`: {e}", dir.display())))?;
    clap_mangen::generate_to(Cli::command(), dir).map_err(|e| {
        Failure(format!(
            "error: cannot write the man pages into `{}`: {e}",
            dir.display()
        ))
    })?;
    println!("man pages written to {}", dir.display());
    Ok(ExitCode::SUCCESS)
}
