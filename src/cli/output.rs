//! Where commands write what they make: a file, replaced atomically, or standard output for `-`.

use std::io::Write;
use std::path::Path;

use super::error::CliError;

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
pub(crate) fn write_output(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    if is_stdout(path) {
        let mut out = std::io::stdout().lock();
        return match out.write_all(bytes).and_then(|()| out.flush()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::CannotWriteOutput(e)),
            _ => Ok(()),
        };
    }
    write_replacing(path, bytes)
}

/// Writes a file (never standard output) so that a crash never leaves it half-written.
pub(crate) fn write_file(path: &Path, text: &str) -> Result<(), CliError> {
    write_replacing(path, text.as_bytes())
}

/// Replaces a file atomically: a temporary file beside it, renamed over it.
pub(crate) fn write_replacing(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    crate::core::atomic::write_replacing(path, bytes).map_err(|error| CliError::CannotWrite {
        path: path.to_path_buf(),
        error,
    })
}

/// Writes a new file; an existing one is never replaced (`kept` says what that means, `help` what to
/// do instead).
pub(crate) fn write_new(path: &Path, bytes: &[u8], kept: &'static str, help: Option<&str>) -> Result<(), CliError> {
    crate::core::atomic::write_new(path, bytes).map_err(|error| {
        if error.kind() == std::io::ErrorKind::AlreadyExists {
            CliError::Exists {
                path: path.to_path_buf(),
                kept,
                help: help.map(str::to_owned),
            }
        } else {
            CliError::CannotWrite {
                path: path.to_path_buf(),
                error,
            }
        }
    })
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
