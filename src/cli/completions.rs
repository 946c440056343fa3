//! `kam-sim completions <SHELL>`: the shell's completion script, generated from the clap definitions.

use std::path::Path;
use std::process::ExitCode;

use clap::CommandFactory as _;

use super::output::write_output;
use super::{Cli, Outcome};

/// What `kam-sim completions` is given.
#[derive(clap::Args)]
pub(crate) struct CompletionsArgs {
    /// The shell.
    shell: clap_complete::Shell,
}

/// Prints the completion script.
pub(crate) fn run(args: &CompletionsArgs) -> Outcome {
    // Into memory first: clap_complete panics on a failed write, and a closed pipe is not an error.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "kam-sim", &mut script);
    write_output(Path::new("-"), &script).map(|()| ExitCode::SUCCESS)
}
