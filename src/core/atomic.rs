//! Atomic file writes: the text goes to a temporary file in the target's own folder, is flushed to
//! disk, and only then takes the target's name — so a crash, a kill or a full disk leaves either the
//! old file or the new one, never half of one. Used for every file kam-sim writes that a user keeps.

use std::io::Write;
use std::path::Path;

fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn prepared(path: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let folder = folder_of(path);
    std::fs::create_dir_all(folder)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".kam-sim-").suffix(".tmp");
    // A temporary file is private (0600); the file it becomes is not. A new file gets what any
    // program's new file gets (0666 less the umask, applied by the system at creation); a replaced
    // file keeps its own permissions (a key kept private stays private).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut file = builder.tempfile_in(folder)?;
    if let Ok(existing) = std::fs::metadata(path) {
        file.as_file().set_permissions(existing.permissions())?;
    }
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    Ok(file)
}

/// The rename itself is only durable once the folder is flushed too (POSIX); elsewhere a no-op.
fn sync_folder(path: &Path) {
    #[cfg(unix)]
    if let Ok(folder) = std::fs::File::open(folder_of(path)) {
        let _ = folder.sync_all();
    }
}

/// Writes `bytes` to `path`, replacing the file that is there (creating folders as needed).
pub fn write_replacing(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let file = prepared(path, bytes)?;
    file.persist(path).map_err(|e| e.error)?;
    sync_folder(path);
    Ok(())
}

/// Writes `bytes` to a new file at `path`; fails with [`std::io::ErrorKind::AlreadyExists`] when a
/// file is there, even one created by another process a moment earlier (no check-then-write race).
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let file = prepared(path, bytes)?;
    file.persist_noclobber(path).map_err(|e| e.error)?;
    sync_folder(path);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_new_file_is_as_readable_as_any_new_file_and_a_replaced_one_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("draft.ron");
        write_new(&path, b"first").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // What the system gives a new file here (0666 less the umask), not a temporary file's 0600.
        let reference = dir.path().join("reference");
        std::fs::write(&reference, b"").unwrap();
        assert_eq!(mode(&path), mode(&reference));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_replacing(&path, b"second").unwrap();
        assert_eq!(mode(&path), 0o640);
    }

    #[test]
    fn a_new_file_never_replaces_an_existing_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/result.json");
        write_new(&path, b"first").unwrap();
        let err = write_new(&path, b"second").unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        write_replacing(&path, b"third").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"third");
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }
}
