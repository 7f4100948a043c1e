//! Shared helpers for integration tests: the built binary, and the shared corpus when present.

#![allow(dead_code)]

pub mod law;
pub mod tmux;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// Path of the `gangmu` binary built for these tests.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_gangmu"))
}

/// A command for the gangmu binary that never touches the real world: no config file and a
/// state directory of its own under the system temp dir.
/// Each command gets a state directory of its own, so one test's saved position never makes
/// another test's reader resume somewhere else.
pub fn command() -> Command {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    sweep_stale_dirs();
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut cmd = Command::new(bin());
    let tmp = std::env::temp_dir();
    let state = tmp.join(format!("gangmu-test-state-{}-{n}", std::process::id()));
    cmd.env("GANGMU_CONFIG", tmp.join("gangmu-test-no-such-config.toml"))
        .env("GANGMU_STATE_DIR", state)
        .env_remove("NO_COLOR");
    cmd
}

/// Runs gangmu with `args` (stdin closed) and returns its output.
pub fn run(args: &[&str]) -> Output {
    command()
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run gangmu")
}

/// Runs gangmu with `input` on stdin.
pub fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = command()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn gangmu");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait");
    let _ = writer.join();
    out
}

/// `../shared` beside the repository, if it exists.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared");
    dir.join("corpus")
        .is_dir()
        .then(|| dir.canonicalize().unwrap_or(dir))
}

/// The corpus documents that have an expected outline: `(document, outline file)`.
pub fn corpus_with_outlines() -> Option<Vec<(PathBuf, PathBuf)>> {
    let corpus = shared_dir()?.join("corpus");
    let mut docs = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&corpus)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name()?.to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".outline.txt") {
            for ext in ["txt", "md"] {
                let doc = corpus.join(format!("{stem}.{ext}"));
                if doc.is_file() {
                    docs.push((doc, path.clone()));
                }
            }
        }
    }
    Some(docs)
}

/// True under continuous integration: `CI` is set to anything but empty, `0` or `false`.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// A corpus test cannot run because `../shared/corpus` is missing: see [`skip_because`].
pub fn skip(what: &str) {
    skip_because(what, "../shared/corpus not found beside the repository");
}

/// A test cannot run here because `why`. Under CI ([`in_ci`]) that is a failure, so a suite
/// never passes vacuously; elsewhere the reason goes straight to the process's stderr, past
/// libtest's capture, so the developer sees it even when the test reports `ok`.
pub fn skip_because(what: &str, why: &str) {
    assert!(
        !in_ci(),
        "{what} cannot run: {why} (CI is set, so this is a failure, not a skip)"
    );
    // `eprintln!` would be captured by libtest and shown only on failure
    let _ = writeln!(std::io::stderr(), "SKIPPED {what}: {why}");
}

/// `p` as `&str`, for command lines (test paths are UTF-8).
pub fn path_str(p: &std::path::Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// A fresh temporary directory for one test, removed with everything in it when the test ends
/// (also when it fails: a failed assertion unwinds and drops it). Set `GANGMU_KEEP_TEST_DIRS`
/// to keep it for a look.
pub fn temp_dir(name: &str) -> TempDir {
    sweep_stale_dirs();
    let dir = std::env::temp_dir().join(format!("gangmu-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    TempDir(dir)
}

/// Removes, once per test process, the directories earlier test processes left in the temp dir
/// (`gangmu-test-PID-…` and `gangmu-test-state-PID-…` of a PID no longer running: the state
/// directories of [`command`] outlive their test, and a killed run leaves everything).
fn sweep_stale_dirs() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
            return;
        };
        let proc_known = std::path::Path::new("/proc/self").exists();
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(rest) = name.to_str().and_then(|n| n.strip_prefix("gangmu-test-")) else {
                continue;
            };
            let rest = rest.strip_prefix("state-").unwrap_or(rest);
            let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
            let gone = pid.is_some_and(|pid| {
                proc_known
                    && pid != std::process::id()
                    && !std::path::Path::new(&format!("/proc/{pid}")).exists()
            });
            if gone {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    });
}

/// See [`temp_dir`]; derefs to its path.
#[derive(Debug)]
pub struct TempDir(PathBuf);

impl std::ops::Deref for TempDir {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl AsRef<std::path::Path> for TempDir {
    fn as_ref(&self) -> &std::path::Path {
        &self.0
    }
}

impl AsRef<std::ffi::OsStr> for TempDir {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.0.as_os_str()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::env::var_os("GANGMU_KEEP_TEST_DIRS").is_none() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

pub mod screen;
