//! Embeds the shipped scenarios, profiles, assessments, translations and earlier versions (`versions/`), so that a `kam-sim` binary copied away
//! from its source tree still has its content (see `core::content`). Generates `$OUT_DIR/embedded.rs`.

use std::fmt::Write as _;
use std::path::Path;

/// The content files under `dir`: `.ron` scenarios, profiles and assessments, `.po`/`.pot` texts.
fn collect(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for path in entries.flatten().map(|e| e.path()) {
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "ron" || e == "po" || e == "pot") {
            files.push(path);
        }
    }
}

fn main() {
    // Read at run time, not baked in with env!(): the compiled build script is reused from a shared
    // target folder by other clones of the project (CI's clean clone), whose folder may be gone.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let root = Path::new(&manifest_dir);
    let mut code = String::from(
        "/// Shipped content files: (path under the content root, text).\npub const EMBEDDED: &[(&str, &str)] = &[\n",
    );
    for folder in ["scenarios", "profiles", "assessments", "translations", "versions"] {
        let mut files = Vec::new();
        collect(&root.join(folder), &mut files);
        files.sort();
        for path in files {
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            println!("cargo:rerun-if-changed={}", path.display());
            let _ = writeln!(code, "    ({name:?}, include_str!({:?})),", path.display().to_string());
        }
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("embedded.rs");
    if let Err(e) = std::fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}
