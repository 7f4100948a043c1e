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
//!   wins; marks merge per letter), so two readers closing in turn keep both positions; a
//!   lock file held for the read-merge-rename (waited for at most [`LOCK_WAIT`], broken after
//!   [`LOCK_STALE`]) keeps two readers closing at the same moment from losing one;
//! - a document is found by its content key; an edited document (new key) finds the record
//!   saved under the same path ([`StateStore::find_position`]), which then resolves by section
//!   title, not offset;
//! - a corrupt or unreadable file is treated as empty and reported once as a [`StateWarning`]
//!   (a corrupt file is moved aside to `*.corrupt` before it is replaced); an unwritable
//!   directory is a warning too. Nothing here panics or prints: warnings are collected for the
//!   caller ([`StateStore::take_warnings`]);
//! - each file keeps at most [`MAX_DOCUMENTS`] documents, the most recently updated.

mod file;
mod key;
mod resolve;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use file::{LOCK_STALE, LOCK_WAIT};
pub use key::DocKey;
pub use resolve::{resolve_folds, resolve_mark, resolve_position, section_at_path, section_path};

use file::{FileLock, set_aside_if_corrupt, write_atomic};

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
    /// The path the document was opened under last (as given, absolute when known): shown to
    /// people reading the file, and used to find an edited document's earlier record.
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

/// A saved position found for a document, and whether it was saved for these exact bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resume {
    /// What was saved.
    pub position: Position,
    /// True when saved under this document's [`DocKey`]; false for an earlier version of the
    /// file (matched by name), whose offset is no longer meaningful.
    pub same_document: bool,
}

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

    /// The position to resume a document at: the record of this exact content
    /// (`same_document` = true), else — the document was edited — the most recent record saved
    /// under the same `file_name` (`same_document` = false, so [`resolve_position`] falls back
    /// to the section title). Pass the path the document is opened under as `file_name`, the
    /// same string given to [`Position::capture`].
    pub fn find_position(&mut self, key: &DocKey, file_name: &str) -> Option<Resume> {
        let file: PositionsFile = self.read(POSITIONS_FILE)?;
        if let Some(p) = file.documents.get(&key.to_string()) {
            return Some(Resume {
                position: p.clone(),
                same_document: true,
            });
        }
        file.documents
            .into_values()
            .filter(|p| !file_name.is_empty() && p.file_name == file_name)
            .max_by_key(|p| p.updated)
            .map(|position| Resume {
                position,
                same_document: false,
            })
    }

    /// Saves a document's position, merged with what other readers saved meanwhile.
    pub fn save_position(&mut self, key: &DocKey, position: Position) {
        let key = key.to_string();
        self.update(POSITIONS_FILE, |file: &mut PositionsFile| {
            let newer = file
                .documents
                .get(&key)
                .is_none_or(|old| old.updated <= position.updated);
            if newer {
                file.documents.insert(key, position);
            }
            file.version = VERSION;
            keep_recent(&mut file.documents, |p| p.updated);
        });
    }

    /// The saved marks of a document (empty when none).
    pub fn load_marks(&mut self, key: &DocKey) -> Marks {
        let file: Option<MarksFile> = self.read(MARKS_FILE);
        file.and_then(|mut f| f.documents.remove(&key.to_string()))
            .map(|d| d.marks)
            .unwrap_or_default()
    }

    /// The marks of a document: those of this exact content (`same_document` = true), else
    /// the most recently updated marks saved under the same `file_name` (false: resolve each
    /// with [`resolve_mark`]). Empty marks when there are none.
    pub fn find_marks(&mut self, key: &DocKey, file_name: &str) -> (Marks, bool) {
        let Some(mut file) = self.read::<MarksFile>(MARKS_FILE) else {
            return (Marks::new(), true);
        };
        if let Some(d) = file.documents.remove(&key.to_string()) {
            return (d.marks, true);
        }
        let other = file
            .documents
            .into_values()
            .filter(|d| !file_name.is_empty() && d.file_name == file_name)
            .max_by_key(|d| d.updated);
        match other {
            Some(d) => (d.marks, false),
            None => (Marks::new(), true),
        }
    }

    /// Saves a document's marks, merged per letter with the marks on disk (the newer mark of a
    /// letter wins; letters only on disk are kept, as no action deletes a mark).
    pub fn save_marks(&mut self, key: &DocKey, file_name: &str, marks: &Marks) {
        let key = key.to_string();
        self.update(MARKS_FILE, |file: &mut MarksFile| {
            let entry = file.documents.entry(key).or_default();
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
        });
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

    /// Read-merge-write of one state file under its lock: reads what is on disk now (corrupt
    /// or missing = empty), lets `merge` add this reader's record, and replaces the file
    /// atomically. Any failure becomes one warning.
    fn update<T>(&mut self, name: &str, merge: impl FnOnce(&mut T))
    where
        T: Default + Serialize + DeserializeOwned,
    {
        let Some(dir) = self.dir.clone() else {
            return;
        };
        let path = dir.join(name);
        let result = fs::create_dir_all(&dir).and_then(|()| {
            let _lock = FileLock::acquire(&path);
            let mut value: T = self.read(name).unwrap_or_default();
            merge(&mut value);
            let mut json = serde_json::to_vec_pretty(&value).map_err(io::Error::other)?;
            json.push(b'\n');
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
