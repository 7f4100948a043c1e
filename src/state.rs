//! What the reader remembers between runs: the reading position (with folds) and the marks of
//! each document, keyed by a fingerprint of the document's bytes ([`DocKey`]).
//!
//! One human-readable file per concern in the state directory: `positions.json` and
//! `marks.json` (pretty JSON, keys are [`DocKey`] strings). The directory is, in order: the
//! `--state-dir` flag, `$GANGMU_STATE_DIR`, the platform's state directory
//! (`$XDG_STATE_HOME/gangmu` on Linux), the platform's local data directory.
//!
//! Invariants:
//! - a write never leaves a half-written file: it goes to a temporary file in the same
//!   directory, is fsynced, then renamed over the old one;
//! - a write merges with what is on disk at that moment (per document the newer `updated`
//!   wins; marks merge per letter), so two readers closing in turn keep both positions. The
//!   window between reading and renaming is not locked: two writes within the same
//!   millisecond may still lose one;
//! - a corrupt or unreadable file is treated as empty and reported once as a [`StateWarning`]
//!   (a corrupt file is moved aside to `*.corrupt` before it is replaced); an unwritable
//!   directory is a warning too. Nothing here panics or prints: warnings are collected for the
//!   caller ([`StateStore::take_warnings`]);
//! - each file keeps at most [`MAX_DOCUMENTS`] documents, the most recently updated.

mod key;
mod resolve;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use key::DocKey;
pub use resolve::{resolve_folds, resolve_position, section_at_path, section_path};

/// Documents kept per file; the least recently updated are dropped first.
pub const MAX_DOCUMENTS: usize = 500;

/// Environment variable naming the state directory (below `--state-dir`, above the platform's).
pub const STATE_DIR_ENV: &str = "GANGMU_STATE_DIR";

/// File name of the reading positions.
pub const POSITIONS_FILE: &str = "positions.json";

/// File name of the marks.
pub const MARKS_FILE: &str = "marks.json";

/// Format version written into each file.
const VERSION: u32 = 1;

/// Where the reader was in one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Position {
    /// Byte offset of the top line in the decoded text.
    pub offset: u64,
    /// Title of the innermost section at the offset, for the fallback after an edit.
    pub section_title: Option<String>,
    /// Sibling index of that section at each level from the top down (see
    /// [`section_path`]), the second fallback.
    pub section_path: Vec<u32>,
    /// Sections the user folded (indices into `Document::sections`).
    pub folded: Vec<u32>,
    /// Sections the user unfolded that are folded by default.
    pub opened: Vec<u32>,
    /// When this was saved, unix seconds; the newer record wins a merge.
    pub updated: u64,
    /// The file name it was read under last (for people reading the file; not used to match).
    pub file_name: String,
}

/// One mark: a remembered place under a letter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Mark {
    /// Byte offset in the decoded text.
    pub offset: u64,
    /// Title of the section at the offset, if any.
    pub section_title: Option<String>,
    /// A few words of text at the offset, for the marks list.
    pub excerpt: String,
    /// When it was set, unix seconds; the newer mark wins a merge of the same letter.
    pub updated: u64,
}

/// The marks of one document, by letter.
pub type Marks = BTreeMap<char, Mark>;

/// A problem with the state files. Never fatal: the reader goes on without remembering.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StateWarning {
    /// No state directory could be found (no home directory).
    #[error(
        "no state directory (set {STATE_DIR_ENV} or use --state-dir); positions are not remembered"
    )]
    NoDirectory,
    /// A state file is not valid; it was ignored.
    #[error("ignoring corrupt state file {path}: {reason}")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What the JSON parser said.
        reason: String,
    },
    /// A state file exists but cannot be read.
    #[error("cannot read state file {path}: {reason}")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        reason: String,
    },
    /// The state could not be written.
    #[error("cannot save to {path}: {reason}")]
    Unwritable {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        reason: String,
    },
}

/// The on-disk shape of `positions.json`.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct PositionsFile {
    version: u32,
    documents: BTreeMap<String, Position>,
}

/// The marks of one document as stored in `marks.json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
struct DocMarks {
    file_name: String,
    updated: u64,
    marks: Marks,
}

/// The on-disk shape of `marks.json`.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct MarksFile {
    version: u32,
    documents: BTreeMap<String, DocMarks>,
}

/// Reads and writes the state files of one state directory.
#[derive(Debug)]
pub struct StateStore {
    dir: Option<PathBuf>,
    warnings: Vec<StateWarning>,
    /// Files already warned about, so each problem is reported once.
    warned: HashSet<PathBuf>,
}

/// The state directory: `flag`, else `$GANGMU_STATE_DIR`, else the platform's state directory,
/// else its local data directory. `env` looks a variable up.
pub fn state_dir(flag: Option<PathBuf>, env: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    flag.or_else(|| {
        env(STATE_DIR_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
    .or_else(|| {
        directories::ProjectDirs::from("", "", "gangmu").map(|d| {
            d.state_dir()
                .unwrap_or_else(|| d.data_local_dir())
                .to_path_buf()
        })
    })
}

/// Seconds since the unix epoch (0 if the clock is before it).
pub fn now_unix() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl StateStore {
    /// A store in `dir` (the `--state-dir` flag), else as [`state_dir`] finds it with the
    /// process environment. Touches nothing on disk until the first load or save.
    pub fn open(dir: Option<PathBuf>) -> Self {
        Self::open_with_env(dir, |k| std::env::var(k).ok())
    }

    /// [`StateStore::open`] with an injected environment lookup (for tests).
    pub fn open_with_env(dir: Option<PathBuf>, env: impl Fn(&str) -> Option<String>) -> Self {
        let dir = state_dir(dir, env);
        let mut warnings = Vec::new();
        if dir.is_none() {
            warnings.push(StateWarning::NoDirectory);
        }
        Self {
            dir,
            warnings,
            warned: HashSet::new(),
        }
    }

    /// The directory in use, if any.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Problems met so far, each once; the list is emptied.
    pub fn take_warnings(&mut self) -> Vec<StateWarning> {
        std::mem::take(&mut self.warnings)
    }

    /// The saved position of a document.
    pub fn load_position(&mut self, key: &DocKey) -> Option<Position> {
        let file: PositionsFile = self.read(POSITIONS_FILE)?;
        file.documents.get(&key.to_string()).cloned()
    }

    /// Saves a document's position, merged with what other readers saved meanwhile.
    pub fn save_position(&mut self, key: &DocKey, position: Position) {
        let mut file: PositionsFile = self.read(POSITIONS_FILE).unwrap_or_default();
        let key = key.to_string();
        let newer = file
            .documents
            .get(&key)
            .is_none_or(|old| old.updated <= position.updated);
        if newer {
            file.documents.insert(key, position);
        }
        file.version = VERSION;
        keep_recent(&mut file.documents, |p| p.updated);
        self.write(POSITIONS_FILE, &file);
    }

    /// The saved marks of a document (empty when none).
    pub fn load_marks(&mut self, key: &DocKey) -> Marks {
        let file: Option<MarksFile> = self.read(MARKS_FILE);
        file.and_then(|mut f| f.documents.remove(&key.to_string()))
            .map(|d| d.marks)
            .unwrap_or_default()
    }

    /// Saves a document's marks, merged per letter with the marks on disk (the newer mark of a
    /// letter wins; letters only on disk are kept).
    pub fn save_marks(&mut self, key: &DocKey, file_name: &str, marks: &Marks) {
        let mut file: MarksFile = self.read(MARKS_FILE).unwrap_or_default();
        let entry = file.documents.entry(key.to_string()).or_default();
        for (&letter, mark) in marks {
            let newer = entry
                .marks
                .get(&letter)
                .is_none_or(|old| old.updated <= mark.updated);
            if newer {
                entry.marks.insert(letter, mark.clone());
            }
        }
        file_name.clone_into(&mut entry.file_name);
        entry.updated = entry
            .marks
            .values()
            .map(|m| m.updated)
            .max()
            .unwrap_or(0)
            .max(entry.updated);
        file.version = VERSION;
        keep_recent(&mut file.documents, |d| d.updated);
        self.write(MARKS_FILE, &file);
    }

    /// Records a warning unless this file was already warned about.
    fn warn_once(&mut self, path: &Path, warning: StateWarning) {
        if self.warned.insert(path.to_path_buf()) {
            self.warnings.push(warning);
        }
    }

    /// Reads and parses a state file. Missing (or no directory): `None`, silently. Corrupt or
    /// unreadable: `None` and one warning.
    fn read<T: DeserializeOwned>(&mut self, name: &str) -> Option<T> {
        let path = self.dir.as_ref()?.join(name);
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            // no file yet, or no directory yet (a path under a regular file)
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                return None;
            }
            Err(e) => {
                let reason = e.to_string();
                self.warn_once(
                    &path,
                    StateWarning::Unreadable {
                        path: path.clone(),
                        reason,
                    },
                );
                return None;
            }
        };
        match serde_json::from_slice(&bytes) {
            Ok(v) => Some(v),
            Err(e) => {
                let reason = e.to_string();
                self.warn_once(
                    &path,
                    StateWarning::Corrupt {
                        path: path.clone(),
                        reason,
                    },
                );
                None
            }
        }
    }

    /// Writes a state file atomically; a failure becomes a warning.
    fn write<T: Serialize>(&mut self, name: &str, value: &T) {
        let Some(dir) = self.dir.clone() else {
            return;
        };
        let path = dir.join(name);
        let result = serde_json::to_vec_pretty(value)
            .map_err(io::Error::other)
            .and_then(|mut json| {
                json.push(b'\n');
                fs::create_dir_all(&dir)?;
                set_aside_if_corrupt(&path);
                write_atomic(&dir, &path, &json)
            });
        if let Err(e) = result {
            let reason = e.to_string();
            self.warn_once(
                &dir.join(".write"),
                StateWarning::Unwritable { path, reason },
            );
        }
    }
}

/// Drops the least recently updated documents beyond [`MAX_DOCUMENTS`].
fn keep_recent<T>(docs: &mut BTreeMap<String, T>, updated: impl Fn(&T) -> u64) {
    if docs.len() <= MAX_DOCUMENTS {
        return;
    }
    let mut times: Vec<(u64, String)> = docs.iter().map(|(k, v)| (updated(v), k.clone())).collect();
    times.sort_unstable_by(|a, b| b.cmp(a));
    for (_, k) in times.into_iter().skip(MAX_DOCUMENTS) {
        docs.remove(&k);
    }
}

/// Keeps a copy of a file that does not parse (`name.corrupt`), so replacing it loses nothing
/// a person might want to recover.
fn set_aside_if_corrupt(path: &Path) {
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
fn write_atomic(dir: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
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
