//! Finding scenario files: by path, by id under a scenarios folder, or every file in a folder.

use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use super::diagnostic::{Diagnostic, locate};
use super::load::{LoadedScenario, load_scenario_file};

/// Two files of one set with the same scenario id.
pub const DUPLICATE_SCENARIO_ID: &str = "kam::scenario::duplicate_scenario_id";
/// A file named other than its scenario's id.
pub const FILE_NAME_DIFFERS: &str = "kam::scenario::file_name_differs";

/// Every scenario file under `dir` (recursively), sorted by path: the `.ron` files, except inputs
/// files kept beside them (named `*.inputs.ron`).
pub fn scenario_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "ron") && !is_inputs_file(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Whether `path` is named as an inputs file (`*.inputs.ron`).
pub fn is_inputs_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(super::load::INPUTS_SUFFIX))
}

/// Expands command-line paths: files as given, folders into their `.ron` files.
pub fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    paths
        .iter()
        .flat_map(|p| if p.is_dir() { scenario_files(p) } else { vec![p.clone()] })
        .collect()
}

/// Loads `files` together: each as `check` does, plus what only the set shows — two files with
/// one id (an error on the second: `run <id>` could not tell them apart) and a file whose name is
/// not its id (a warning: `run <id>` looks for `<id>.ron` first).
pub fn load_together(files: &[PathBuf]) -> Vec<(PathBuf, LoadedScenario)> {
    let mut loaded: Vec<(PathBuf, LoadedScenario)> = files.iter().map(|p| (p.clone(), load_scenario_file(p))).collect();
    let mut first_with: BTreeMap<String, PathBuf> = BTreeMap::new();
    for (path, file) in &mut loaded {
        let Some(id) = file.scenario.as_ref().map(|c| c.source.id.clone()) else {
            continue;
        };
        let mut found = Vec::new();
        let stem = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".ron"))
            .unwrap_or_default();
        if stem != id {
            found.push(
                Diagnostic::warning(
                    FILE_NAME_DIFFERS,
                    "id",
                    format!("the file is named `{stem}.ron` but the scenario's id is `{id}`"),
                )
                .with_label("the id")
                .with_help(format!(
                    "rename the file `{id}.ron`: `kam-sim run {id}` looks for that name first"
                )),
            );
        }
        match first_with.get(&id) {
            Some(other) => found.push(
                Diagnostic::error(
                    DUPLICATE_SCENARIO_ID,
                    "id",
                    format!("`{id}` is also the id of {}", other.display()),
                )
                .with_label("the same id")
                .with_help(format!(
                    "give each scenario its own id: `kam-sim run {id}` and the game could not tell them apart"
                )),
            ),
            None => {
                first_with.insert(id, path.clone());
            }
        }
        if let Some(source) = file.report.source.clone() {
            locate(&source, &mut found);
        }
        file.report.diagnostics.extend(found);
        file.report.diagnostics.sort_by_key(|d| d.span.map_or(0, |s| s.start));
    }
    loaded
}

/// Resolves `spec` (a path, or a scenario id under `dir`) and loads it.
pub fn find_scenario(spec: &str, dir: &Path) -> LoadedScenario {
    let as_path = Path::new(spec);
    if as_path.exists() || spec.ends_with(".ron") || spec.contains('/') {
        return load_scenario_file(as_path);
    }
    let direct = dir.join(format!("{spec}.ron"));
    if direct.exists() {
        return load_scenario_file(&direct);
    }
    // The id may differ from the file name: look inside every file. Two files with the id are
    // refused rather than one picked at random.
    let mut matches: Vec<(PathBuf, LoadedScenario)> = scenario_files(dir)
        .into_iter()
        .map(|path| {
            let loaded = load_scenario_file(&path);
            (path, loaded)
        })
        .filter(|(_, loaded)| loaded.scenario.as_ref().is_some_and(|s| s.source.id == spec))
        .collect();
    match matches.len() {
        0 => load_scenario_file(&direct),
        1 => matches.remove(0).1,
        _ => {
            let (_, mut second) = matches.remove(1);
            let first = matches[0].0.display().to_string();
            let mut d = vec![
                Diagnostic::error(
                    DUPLICATE_SCENARIO_ID,
                    "id",
                    format!("`{spec}` is also the id of {first}"),
                )
                .with_label("the same id")
                .with_help("give each scenario its own id, or run the file by its path"),
            ];
            if let Some(source) = second.report.source.clone() {
                locate(&source, &mut d);
            }
            second.report.diagnostics.extend(d);
            second.scenario = None;
            second
        }
    }
}
