//! Where commands write what they make: a file, replaced atomically, or standard output for `-`.

use std::io::Write;
use std::path::Path;

use super::Failure;

/// Whether `path` means standard output.
pub(crate) fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// How to name the destination in messages.
pub(crate) fn shown(path: &Path) -> String {
    if is_stdout(path) {
        "standard output".to_owned()
    } else {
        path.display().to_string()
    }
}

/// Writes a report or an export: `-` is standard output (a closed pipe ends quietly), anything else a
/// file replaced atomically, so a reader never sees half a report.
pub(crate) fn write_output(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    if is_stdout(path) {
        let mut out = std::io::stdout().lock();
        return match out.write_all(bytes).and_then(|()| out.flush()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                Err(Failure(format!("error: cannot write to standard output: {e}")))
            }
            _ => Ok(()),
        };
    }
    crate::core::atomic::write_replacing(path, bytes)
        .map_err(|e| Failure(format!("error: cannot write `{}`: {e}", path.display())))
}

/// Writes a file (never standard output) so that a crash never leaves it half-written.
pub(crate) fn write_file(path: &Path, text: &str) -> Result<(), Failure> {
    crate::core::atomic::write_replacing(path, text.as_bytes())
        .map_err(|e| Failure(format!("error: cannot write `{}`: {e}", path.display())))
}

/// A line for the person at the terminal: on standard error when the output itself goes to standard
/// output, so piping a report never mixes the two.
pub(crate) fn note(to_stdout: bool, line: &str) {
    if to_stdout {
        eprintln!("{line}");
    } else {
        println!("{line}");
    }
}
