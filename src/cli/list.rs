//! `kam-sim list [DIR]`: the scenarios of a folder — id, kind, difficulty, title — and the files that
//! do not load.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use super::error::CliError;
use super::show::plural;
use super::{Format, Outcome, print_json, show};
use crate::core::catalog::scenario_files;
use crate::core::load::load_scenario_file;

/// What `kam-sim list` is given.
#[derive(clap::Args)]
pub(crate) struct ListArgs {
    /// Folder (default: the scenarios folder).
    dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Serialize)]
struct Entry {
    id: String,
    kind: &'static str,
    title: String,
    difficulty: &'static str,
    expected_minutes: u32,
    file: String,
}

#[derive(Serialize)]
struct Broken {
    file: String,
    errors: usize,
    first: String,
}

/// `kam-sim list`, on `DIR` or else the scenarios folder.
pub(crate) fn run(args: &ListArgs, scenarios: &Path) -> Outcome {
    let dir = args.dir.as_deref().unwrap_or(scenarios);
    if !dir.is_dir() {
        return Err(CliError::not_found(
            format!("`{}` is not a folder", dir.display()),
            None,
        ));
    }
    let mut entries = Vec::new();
    let mut broken = Vec::new();
    for path in scenario_files(dir) {
        let loaded = load_scenario_file(&path);
        match loaded.scenario {
            Some(c) => {
                let s = &c.source;
                entries.push(Entry {
                    id: s.id.clone(),
                    kind: s.kind.id(),
                    title: s.title.clone(),
                    difficulty: s.difficulty.id(),
                    expected_minutes: s.expected_minutes,
                    file: path.display().to_string(),
                });
            }
            None => broken.push(Broken {
                file: path.display().to_string(),
                errors: loaded.report.errors(),
                first: loaded.report.diagnostics.first().map_or_else(String::new, |d| {
                    let (line, column) = loaded.report.position(d);
                    format!("{line}:{column}: {}", d.message)
                }),
            }),
        }
    }
    match args.format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out {
                scenarios: Vec<Entry>,
                broken: Vec<Broken>,
            }
            print_json(&Out {
                scenarios: entries,
                broken,
            })
        }
        Format::Human => {
            let rows: Vec<[String; 4]> = entries
                .iter()
                .map(|e| {
                    [
                        e.id.clone(),
                        e.kind.to_owned(),
                        e.difficulty.to_owned(),
                        e.title.clone(),
                    ]
                })
                .collect();
            print!("{}", show::table(&["id", "kind", "difficulty", "title"], &rows));
            for b in &broken {
                println!(
                    "broken: {}:{} ({} error{})",
                    b.file,
                    b.first,
                    b.errors,
                    plural(b.errors)
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
