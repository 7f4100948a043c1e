//! File-level safety for the state files: atomic replacement, a short-lived lock around
//! read-merge-write, and keeping a corrupt file aside.
//!
//! Invariants: a reader of a state file sees either the old or the new complete file, never a
//! mix (temporary file + fsync + rename in the same directory); a lock is only ever waited for
//! briefly ([`LOCK_WAIT`]) and a lock older than [`LOCK_STALE`] (a crashed writer) is broken,
//! so a stuck lock can delay saving but never block the reader or lose the save.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

/// How long a writer waits for another's lock before writing anyway.
pub const LOCK_WAIT: Duration = Duration::from_secs(2);

/// A lock file older than this belongs to a writer that died; it is removed.
pub const LOCK_STALE: Duration = Duration::from_secs(10);

/// An exclusive claim on one state file while it is read, merged and replaced. Removed on drop.
#[derive(Debug)]
pub struct FileLock {
    path: Option<PathBuf>,
}

impl FileLock {
    /// Takes the lock `<file>.lock` beside `file`, waiting up to [`LOCK_WAIT`]. Gives an
    /// unheld lock (and the write goes ahead unprotected) when it cannot be had in time or the
    /// directory does not allow it; the caller reports directory problems when writing.
    pub fn acquire(file: &Path) -> Self {
        let mut name = file.as_os_str().to_owned();
        name.push(".lock");
        let path = PathBuf::from(name);
        let start = Instant::now();
        loop {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut f) => {
                    let _ = writeln!(f, "{}", std::process::id());
                    return Self { path: Some(path) };
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    if is_stale(&path) {
                        let _ = fs::remove_file(&path);
                        continue;
                    }
                    if start.elapsed() >= LOCK_WAIT {
                        return Self { path: None };
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(_) => return Self { path: None },
            }
        }
    }

    /// True when this process holds the lock.
    #[cfg(test)]
    pub const fn is_held(&self) -> bool {
        self.path.is_some()
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        if let Some(p) = self.path.take() {
            let _ = fs::remove_file(p);
        }
    }
}

/// True when the lock file was last written longer than [`LOCK_STALE`] ago.
fn is_stale(path: &Path) -> bool {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_some_and(|age| age > LOCK_STALE)
}

/// Keeps a copy of a file that does not parse (`name.corrupt`), so replacing it loses nothing
/// a person might want to recover.
pub fn set_aside_if_corrupt(path: &Path) {
    let Ok(bytes) = fs::read(path) else {
        return;
    };
    if serde_json::from_slice::<serde_json::Value>(&bytes).is_err() {
        let mut aside = path.as_os_str().to_owned();
        aside.push(".corrupt");
        let _ = fs::rename(path, PathBuf::from(aside));
    }
}

/// Distinguishes temporary files of one process.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `bytes` to a temporary file in `dir`, fsyncs it, and renames it to `path`.
pub fn write_atomic(dir: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .map_or_else(|| "state".into(), |n| n.to_string_lossy().into_owned());
    let temp = dir.join(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)?;
        // Make the rename itself durable; not all platforms can open a directory.
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn lock_is_exclusive_and_released() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("positions.json");
        let lock = FileLock::acquire(&file);
        assert!(lock.is_held());
        assert!(tmp.path().join("positions.json.lock").exists());
        drop(lock);
        assert!(!tmp.path().join("positions.json.lock").exists());
        assert!(FileLock::acquire(&file).is_held());
    }

    #[test]
    fn stale_lock_is_broken() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("marks.json");
        let stale = fs::File::create(tmp.path().join("marks.json.lock")).unwrap();
        let old = SystemTime::now() - LOCK_STALE - Duration::from_secs(5);
        stale.set_modified(old).unwrap();
        let start = Instant::now();
        assert!(FileLock::acquire(&file).is_held());
        assert!(start.elapsed() < LOCK_WAIT);
    }

    #[test]
    fn no_lock_where_the_directory_is_missing() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(!FileLock::acquire(&tmp.path().join("no/such/file")).is_held());
    }
}
