//! File-level safety for the state files: atomic replacement, a short-lived lock around
//! read-merge-write, side files for a writer that could not get the lock, and keeping a
//! damaged file aside.
//!
//! Invariants: a reader of a state file sees either the old or the new complete file, never a
//! mix (temporary file + fsync + rename in the same directory); a state file is only ever
//! replaced under its lock. The lock file appears complete (written to a temporary file and
//! hard-linked into place) and names its owner (`pid nonce`). A lock is waited for at most
//! [`LOCK_WAIT`]; it is broken when it is stale: its owner is dead, it is older than
//! [`LOCK_STALE`] (far longer than any write), it is dated in the future, or it is empty or
//! unreadable for longer than a moment. A writer that cannot get the lock in time writes its
//! record to a side file of its own instead, which the next writer holding the lock merges
//! ([`side_files`]). Nothing here waits without a bound.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How long a writer waits for a live writer's lock before saving to a side file instead.
pub const LOCK_WAIT: Duration = Duration::from_secs(2);

/// A lock file older than this belongs to a writer that died or hung (a write takes
/// milliseconds); it is broken.
pub const LOCK_STALE: Duration = Duration::from_secs(10);

/// A lock file without a readable owner is broken once it is this old (our own lock files are
/// complete from the moment they appear; an older gangmu wrote its PID right after creating).
const GARBLED_GRACE: Duration = Duration::from_millis(250);

/// A lock dated further than this in the future (a clock jump, a hand-made file) is stale.
const FUTURE_SLACK: Duration = Duration::from_secs(2);

/// How often a waiting writer looks at the lock again.
const POLL: Duration = Duration::from_millis(5);

/// Copies of damaged state files kept per file (`<file>.corrupt-<time>`); older ones go.
pub const KEEP_CORRUPT: usize = 5;

/// Distinguishes temporary files, locks and side files of one process.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A name no other writer (process or thread) uses at the same time: time, pid, counter
/// (fixed widths, so names sort by time).
fn unique_suffix() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "{nanos:020}-{}-{:06}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// An exclusive claim on one state file while it is read, merged and replaced. Removed on drop
/// (only if it is still this writer's).
#[derive(Debug)]
pub struct FileLock {
    path: PathBuf,
    token: String,
}

impl FileLock {
    /// Takes the lock `<file>.lock` beside `file`, breaking a stale one and waiting up to
    /// [`LOCK_WAIT`] for a live one. `Ok(None)`: a live writer held it all that time (the caller
    /// saves to a side file). `Err`: the directory does not allow a lock file at all.
    pub fn acquire(file: &Path) -> io::Result<Option<Self>> {
        Self::acquire_within(file, LOCK_WAIT)
    }

    /// [`FileLock::acquire`] with another bound on the wait.
    pub fn acquire_within(file: &Path, wait: Duration) -> io::Result<Option<Self>> {
        let path = with_suffix(file, ".lock");
        let token = format!("{} {}\n", std::process::id(), unique_suffix());
        let start = Instant::now();
        loop {
            match create_complete(&path, token.as_bytes()) {
                Ok(()) => return Ok(Some(Self { path, token })),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    if let Some(seen) = stale_lock(&path) {
                        break_lock(&path, &seen);
                        continue;
                    }
                    if start.elapsed() >= wait {
                        return Ok(None);
                    }
                    std::thread::sleep(POLL);
                }
                Err(e) => return Err(e),
            }
        }
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // a lock broken as stale (this writer hung) may meanwhile be someone else's
        if fs::read(&self.path).is_ok_and(|c| c == self.token.as_bytes()) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Creates `path` holding `content`, failing with `AlreadyExists` if it exists. The file
/// appears with its content (hard link of a finished temporary file) where the file system
/// allows it, else it is created and then written.
fn create_complete(path: &Path, content: &[u8]) -> io::Result<()> {
    let temp = with_suffix(path, &format!(".{}.tmp", unique_suffix()));
    fs::write(&temp, content)?;
    let linked = fs::hard_link(&temp, path);
    let _ = fs::remove_file(&temp);
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        // no hard links here (some network and FAT file systems)
        Err(_) => {
            let mut f = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)?;
            f.write_all(content)
        }
    }
}

/// The content of the lock at `path` when it is stale (see the module doc), else `None`
/// (live, or gone already).
fn stale_lock(path: &Path) -> Option<Vec<u8>> {
    let meta = fs::metadata(path).ok()?;
    let content = fs::read(path).ok()?;
    let now = SystemTime::now();
    let modified = meta.modified().ok();
    if modified.is_some_and(|t| t.duration_since(now).is_ok_and(|d| d > FUTURE_SLACK)) {
        return Some(content);
    }
    let age = modified.map_or(Duration::MAX, |t| {
        now.duration_since(t).unwrap_or(Duration::ZERO)
    });
    if age > LOCK_STALE {
        return Some(content);
    }
    let stale = match owner_pid(&content) {
        Some(pid) => process_is_gone(pid),
        None => age > GARBLED_GRACE,
    };
    stale.then_some(content)
}

/// The PID at the start of a lock file's content.
fn owner_pid(content: &[u8]) -> Option<u32> {
    std::str::from_utf8(content)
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// True when no process `pid` exists (known only where `/proc` is mounted; elsewhere a lock is
/// judged by its age alone).
fn process_is_gone(pid: u32) -> bool {
    Path::new("/proc/self").exists() && !Path::new("/proc").join(pid.to_string()).exists()
}

/// Removes the stale lock at `path` whose content was `seen`. It is renamed away first and
/// checked: if another writer broke it and took the lock meanwhile, that fresh lock is put back.
fn break_lock(path: &Path, seen: &[u8]) {
    let aside = with_suffix(path, &format!(".{}.broken", unique_suffix()));
    if fs::rename(path, &aside).is_err() {
        return; // released or broken by someone else
    }
    if fs::read(&aside).map_or(true, |c| c != seen) {
        let _ = fs::hard_link(&aside, path);
    }
    let _ = fs::remove_file(&aside);
}

/// The side files of `file` (`<file>.side-*`), which writers that could not get the lock left.
pub fn side_files(file: &Path) -> Vec<PathBuf> {
    prefixed_siblings(file, ".side-")
}

/// A new side file name for `file`.
pub fn new_side_file(file: &Path) -> PathBuf {
    with_suffix(file, &format!(".side-{}", unique_suffix()))
}

/// Files beside `file` whose name is `file`'s name followed by `infix`, sorted by name.
fn prefixed_siblings(file: &Path, infix: &str) -> Vec<PathBuf> {
    let (Some(dir), Some(name)) = (file.parent(), file.file_name()) else {
        return Vec::new();
    };
    let mut prefix = name.to_string_lossy().into_owned();
    prefix.push_str(infix);
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            let n = e.file_name();
            let n = n.to_string_lossy();
            n.starts_with(&prefix) && !n.ends_with(".tmp")
        })
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// Keeps `bytes` (a damaged version of `file`) as `<file>.corrupt-<unix seconds>-<unique>`, so
/// replacing it loses nothing a person might want to recover, and removes all but the newest
/// [`KEEP_CORRUPT`] such copies.
pub fn keep_corrupt_copy(dir: &Path, file: &Path, bytes: &[u8]) -> io::Result<()> {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let copy = with_suffix(file, &format!(".corrupt-{secs:011}-{}", unique_suffix()));
    write_atomic(dir, &copy, bytes)?;
    let copies = prefixed_siblings(file, ".corrupt-");
    let excess = copies.len().saturating_sub(KEEP_CORRUPT);
    for old in &copies[..excess] {
        let _ = fs::remove_file(old);
    }
    Ok(())
}

/// Writes `bytes` to a temporary file in `dir`, fsyncs it, and renames it to `path`.
pub fn write_atomic(dir: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .map_or_else(|| "state".into(), |n| n.to_string_lossy().into_owned());
    let temp = dir.join(format!(".{name}.{}.tmp", unique_suffix()));
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

    fn lock_path(dir: &Path, name: &str) -> PathBuf {
        dir.join(format!("{name}.lock"))
    }

    #[test]
    fn lock_is_exclusive_and_released() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("positions.json");
        let lock = FileLock::acquire(&file).unwrap().unwrap();
        assert!(lock_path(tmp.path(), "positions.json").exists());
        // held by a live process (this one): a second writer waits, then gives up
        let start = Instant::now();
        let second = FileLock::acquire_within(&file, Duration::from_millis(100)).unwrap();
        assert!(second.is_none());
        assert!(start.elapsed() >= Duration::from_millis(100));
        drop(lock);
        assert!(!lock_path(tmp.path(), "positions.json").exists());
        assert!(FileLock::acquire(&file).unwrap().is_some());
        // no temporary files left behind
        let names: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert!(names.is_empty(), "{names:?}");
    }

    fn assert_broken_quickly(content: &[u8], modified: Option<SystemTime>) {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("marks.json");
        let lock = fs::File::create(lock_path(tmp.path(), "marks.json")).unwrap();
        (&lock).write_all(content).unwrap();
        if let Some(t) = modified {
            lock.set_modified(t).unwrap();
        }
        drop(lock);
        let start = Instant::now();
        let got = FileLock::acquire(&file).unwrap();
        assert!(got.is_some(), "{content:?} {modified:?}");
        assert!(start.elapsed() < Duration::from_secs(1), "{content:?}");
    }

    #[test]
    fn stale_locks_are_broken() {
        let now = SystemTime::now();
        let me = format!("{}\n", std::process::id());
        // older than any write, even with a live owner
        assert_broken_quickly(
            me.as_bytes(),
            Some(now - LOCK_STALE - Duration::from_secs(5)),
        );
        // dated in the future
        assert_broken_quickly(me.as_bytes(), Some(now + Duration::from_secs(3600)));
        // an owner that no longer exists (PIDs above the kernel's maximum never exist)
        if Path::new("/proc/self").exists() {
            assert_broken_quickly(b"4294967 1-2-3\n", None);
        }
        // no owner at all, once past the grace period
        assert_broken_quickly(b"", Some(now - Duration::from_secs(1)));
        assert_broken_quickly(b"garbage", Some(now - Duration::from_secs(1)));
    }

    #[test]
    fn a_fresh_empty_lock_is_broken_after_a_moment() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("positions.json");
        let start = Instant::now();
        fs::write(lock_path(tmp.path(), "positions.json"), b"").unwrap();
        assert!(FileLock::acquire(&file).unwrap().is_some());
        let took = start.elapsed();
        // (less a little: file times may be coarser than the clock)
        let grace = GARBLED_GRACE.saturating_sub(Duration::from_millis(20));
        assert!(took >= grace && took < LOCK_WAIT, "{took:?}");
    }

    #[test]
    fn a_lock_broken_under_its_holder_is_not_removed_by_it() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("positions.json");
        let first = FileLock::acquire(&file).unwrap().unwrap();
        // someone judged it stale and took the lock
        fs::write(lock_path(tmp.path(), "positions.json"), b"1 other\n").unwrap();
        drop(first);
        assert_eq!(
            fs::read(lock_path(tmp.path(), "positions.json")).unwrap(),
            b"1 other\n"
        );
    }

    #[test]
    fn no_lock_where_the_directory_is_missing() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(FileLock::acquire(&tmp.path().join("no/such/file")).is_err());
    }

    #[test]
    fn corrupt_copies_are_kept_and_pruned() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("positions.json");
        for i in 0..(KEEP_CORRUPT + 3) {
            keep_corrupt_copy(tmp.path(), &file, format!("bad {i}").as_bytes()).unwrap();
        }
        let copies = prefixed_siblings(&file, ".corrupt-");
        assert_eq!(copies.len(), KEEP_CORRUPT);
        // the newest are kept
        let last = fs::read_to_string(copies.last().unwrap()).unwrap();
        assert_eq!(last, format!("bad {}", KEEP_CORRUPT + 2));
        let first = fs::read_to_string(&copies[0]).unwrap();
        assert_eq!(first, "bad 3");
    }
}
