//! Finding scenario files: by path, by id under a scenarios folder, or every file in a folder.

use std::path::{Path, PathBuf};

use super::load::{LoadedScenario, load_scenario_file};

/// Every `.ron` file under `dir` (recursively), sorted by path.
pub fn scenario_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "ron") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Expands command-line paths: files as given, folders into their `.ron` files.
pub fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    paths
        .iter()
        .flat_map(|p| if p.is_dir() { scenario_files(p) } else { vec![p.clone()] })
        .collect()
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
    // The id may differ from the file name: look inside every file.
    for path in scenario_files(dir) {
        let loaded = load_scenario_file(&path);
        if loaded.scenario.as_ref().is_some_and(|s| s.source.id == spec) {
            return loaded;
        }
    }
    load_scenario_file(&direct)
}
