//! The `kam-sim` command: check, run, analyze, list and graph scenarios.

fn main() -> std::process::ExitCode {
    kam_sim::cli::main()
}
