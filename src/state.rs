//! What the reader remembers between runs: the reading position (with folds) and the marks of
//! each document, keyed by a fingerprint of the document's bytes ([`DocKey`]).
//!
//! One human-readable file per concern in the state directory: `positions.json` and
//! `marks.json`, `rehearsals.json` ([`Rehearsal`]s) and `corrections.json` (the reader's
//! corrections of the section tree), and `history.json` (what was typed at the prompts, the
//! reader's rather than a document's) (pretty JSON, keys are [`DocKey`] strings). The directory is, in order: the
//! `--state-dir` flag, `$GANGMU_STATE_DIR`, the platform's state directory
//! (`$XDG_STATE_HOME/gangmu` on Linux), the platform's local data directory.
//!
//! Invariants:
//! - a write never leaves a half-written file: it goes to a temporary file in the same
//!   directory, is fsynced, then renamed over the old one;
//! - a write merges with what is on disk at that moment (per document the newer `updated`
//!   wins; marks merge per letter), so two readers closing in turn keep both positions;
//! - a state file is only replaced under its lock file. A live writer's lock is waited for (at
//!   most [`LOCK_WAIT`]); a stale one — dead owner, older than [`LOCK_STALE`], dated in the
//!   future — is broken. A writer that cannot get the lock in time saves its record to a side
//!   file of its own (`positions.json.side-…`); reading merges the side files, and the next
//!   writer holding the lock folds them into the file. So readers closing at the same moment
//!   lose nothing;
//! - a state file is never wiped: a file that is valid JSON keeps every valid entry (wrong-typed
//!   entries are dropped, an unknown `version` is read anyway); a file with anything dropped,
//!   or that is not JSON at all, is copied to `positions.json.corrupt-<time>-…` before it is
//!   replaced (the newest [`KEEP_CORRUPT`] copies are kept), and reported once as a
//!   [`StateWarning`]. A file with a newer `version` than this program knows is read but never
//!   rewritten;
//! - a document is found by its content key; an edited document (new key) finds the record
//!   saved under the same path ([`StateStore::find_position`]), which then resolves by section
//!   title, not offset;
//! - an unwritable directory is a warning too. Nothing here panics or prints: warnings are
//!   collected for the caller ([`StateStore::take_warnings`]), and their text is free of
//!   control characters whatever the files contain;
//! - each file keeps at most [`MAX_DOCUMENTS`] documents, the most recently updated.

mod by_name;
mod corrections;
mod file;
mod history;
mod key;
mod lenient;
mod notes;
mod rehearsals;
mod resolve;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use thiserror::Error;

use crate::display::sanitize;

pub use corrections::{CORRECTIONS_FILE, DocCorrections, SavedCorrection};
pub use file::{KEEP_CORRUPT, LOCK_STALE, LOCK_WAIT};
pub use history::HISTORY_FILE;
pub use key::DocKey;
pub use notes::{DocNotes, NOTES_FILE, SavedNote};
pub use rehearsals::{MAX_REHEARSALS, REHEARSALS_FILE, Rehearsal, SectionTime};
pub use resolve::{resolve_folds, resolve_mark, resolve_position, section_at_path, section_path};

use file::{FileLock, keep_corrupt_copy, new_side_file, side_files, write_atomic};
use lenient::{Records, Report};

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
    /// How far it was read, 0–100, for the shelf's list (absent in older records).
    pub percent: Option<u8>,
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
/// Displayed on one line with every control character made visible (file contents and names
/// may hold anything).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StateWarning {
    /// No state directory could be found (no home directory).
    #[error(
        "no state directory (set {STATE_DIR_ENV} or use --state-dir); positions are not remembered"
    )]
    NoDirectory,
    /// A state file is not valid JSON (or not an object); it was ignored, and is kept as a
    /// `.corrupt-…` copy when it is replaced.
    #[error("ignoring corrupt state file {}: {}", shown(path), sanitize(reason))]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What the JSON parser said.
        reason: String,
    },
    /// A state file had invalid entries (or an unknown version); the valid ones were kept and
    /// the original is kept as a `.corrupt-…` copy when the file is replaced.
    #[error(
        "state file {}: ignored {dropped} invalid entries ({}); the rest is kept",
        shown(path),
        sanitize(reason)
    )]
    Repaired {
        /// The file.
        path: PathBuf,
        /// Entries dropped.
        dropped: usize,
        /// Why the first problem was one.
        reason: String,
    },
    /// A state file was written by a newer gangmu; it is read but never rewritten.
    #[error(
        "state file {} has version {version}, newer than this gangmu knows ({VERSION}); it is not changed",
        shown(path)
    )]
    Newer {
        /// The file.
        path: PathBuf,
        /// The version in the file.
        version: u64,
    },
    /// A state file exists but cannot be read.
    #[error("cannot read state file {}: {}", shown(path), sanitize(reason))]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        reason: String,
    },
    /// The state could not be written.
    #[error("cannot save to {}: {}", shown(path), sanitize(reason))]
    Unwritable {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        reason: String,
    },
}

/// A path for a one-line message.
fn shown(path: &Path) -> String {
    sanitize(&path.to_string_lossy()).into_owned()
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
        let mut file: PositionsFile = self.read(POSITIONS_FILE);
        file.documents.remove(&key.to_string())
    }

    /// The position to resume a document at: the record of this exact content
    /// (`same_document` = true), else — the document was edited — the most recent record saved
    /// under the same `file_name` (`same_document` = false, so [`resolve_position`] falls back
    /// to the section title). Pass the path the document is opened under as `file_name`, the
    /// same string given to [`Position::capture`].
    pub fn find_position(&mut self, key: &DocKey, file_name: &str) -> Option<Resume> {
        let mut file: PositionsFile = self.read(POSITIONS_FILE);
        if let Some(p) = file.documents.remove(&key.to_string()) {
            return Some(Resume {
                position: p,
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
            file.absorb(PositionsFile {
                version: VERSION,
                documents: BTreeMap::from([(key, position)]),
            });
        });
    }

    /// The saved marks of a document (empty when none).
    pub fn load_marks(&mut self, key: &DocKey) -> Marks {
        let mut file: MarksFile = self.read(MARKS_FILE);
        file.documents
            .remove(&key.to_string())
            .map(|d| d.marks)
            .unwrap_or_default()
    }

    /// The marks of a document: those of this exact content (`same_document` = true), else
    /// the most recently updated marks saved under the same `file_name` (false: resolve each
    /// with [`resolve_mark`]). Empty marks when there are none.
    pub fn find_marks(&mut self, key: &DocKey, file_name: &str) -> (Marks, bool) {
        let mut file: MarksFile = self.read(MARKS_FILE);
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
        let updated = marks.values().map(|m| m.updated).max().unwrap_or(0);
        let doc = DocMarks {
            file_name: file_name.to_owned(),
            updated,
            marks: marks.clone(),
        };
        self.update(MARKS_FILE, |file: &mut MarksFile| {
            file.absorb(MarksFile {
                version: VERSION,
                documents: BTreeMap::from([(key.clone(), doc)]),
            });
            // the name the document was opened under last, whatever the marks' times
            if let Some(d) = file.documents.get_mut(&key) {
                file_name.clone_into(&mut d.file_name);
            }
        });
    }

    /// Records a warning unless this file was already warned about.
    fn warn_once(&mut self, path: &Path, warning: StateWarning) {
        if self.warned.insert(path.to_path_buf()) {
            self.warnings.push(warning);
        }
    }

    /// The records of a state file merged with its side files; default when there are none
    /// (or no directory). Problems become one warning per file.
    fn read<T: Records>(&mut self, name: &str) -> T {
        self.read_all(name).map(|l| l.value).unwrap_or_default()
    }

    /// Reads a state file and its side files. `None` only without a state directory.
    fn read_all<T: Records>(&mut self, name: &str) -> Option<Loaded<T>> {
        let path = self.dir.as_ref()?.join(name);
        let mut loaded = Loaded {
            value: T::default(),
            damaged: None,
            keep_as_is: false,
            sides: Vec::new(),
        };
        match fs::read(&path) {
            Ok(bytes) => match self.parse_checked::<T>(&path, &bytes) {
                Some((value, report)) => {
                    loaded.value = value;
                    loaded.keep_as_is = report.newer.is_some();
                    if report.damaged() {
                        loaded.damaged = Some(bytes);
                    }
                }
                None => loaded.damaged = Some(bytes),
            },
            // no file yet, or no directory yet (a path under a regular file)
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) => {}
            Err(e) => {
                let reason = e.to_string();
                self.warn_once(
                    &path,
                    StateWarning::Unreadable {
                        path: path.clone(),
                        reason,
                    },
                );
                // never replace what cannot be read
                loaded.keep_as_is = true;
            }
        }
        for side in side_files(&path) {
            let Ok(bytes) = fs::read(&side) else {
                continue; // merged and removed by another writer meanwhile
            };
            let damaged = match self.parse_checked::<T>(&side, &bytes) {
                Some((value, report)) => {
                    loaded.value.absorb(value);
                    report.damaged()
                }
                None => true,
            };
            loaded.sides.push((side, damaged.then_some(bytes)));
        }
        Some(loaded)
    }

    /// Parses one file leniently, warning once about what was wrong. `None`: not JSON.
    fn parse_checked<T: Records>(&mut self, path: &Path, bytes: &[u8]) -> Option<(T, Report)> {
        match lenient::parse::<T>(bytes) {
            Ok((value, report)) => {
                if let Some(version) = report.newer {
                    self.warn_once(
                        path,
                        StateWarning::Newer {
                            path: path.to_path_buf(),
                            version,
                        },
                    );
                } else if report.damaged() {
                    self.warn_once(
                        path,
                        StateWarning::Repaired {
                            path: path.to_path_buf(),
                            dropped: report.dropped,
                            reason: report.first.clone().unwrap_or_default(),
                        },
                    );
                }
                Some((value, report))
            }
            Err(reason) => {
                self.warn_once(
                    path,
                    StateWarning::Corrupt {
                        path: path.to_path_buf(),
                        reason,
                    },
                );
                None
            }
        }
    }

    /// Read-merge-write of one state file under its lock: reads what is on disk now (with the
    /// side files), lets `merge` add this reader's record, keeps a damaged original aside, and
    /// replaces the file atomically; the side files merged are then removed. Without the lock
    /// (a live writer kept it past [`LOCK_WAIT`]) the record goes to a new side file. Any
    /// failure becomes one warning.
    fn update<T: Records>(&mut self, name: &str, merge: impl FnOnce(&mut T)) {
        let Some(dir) = self.dir.clone() else {
            return;
        };
        let path = dir.join(name);
        if let Err(e) = self.update_in(&dir, &path, name, merge) {
            let reason = e.to_string();
            self.warn_once(
                &dir.join(".write"),
                StateWarning::Unwritable { path, reason },
            );
        }
    }

    fn update_in<T: Records>(
        &mut self,
        dir: &Path,
        path: &Path,
        name: &str,
        merge: impl FnOnce(&mut T),
    ) -> io::Result<()> {
        fs::create_dir_all(dir)?;
        let Some(lock) = FileLock::acquire(path)? else {
            let mut value = T::default();
            merge(&mut value);
            value.finish();
            return write_atomic(dir, &new_side_file(path), &to_json(&value)?);
        };
        let Some(loaded) = self.read_all::<T>(name) else {
            return Ok(());
        };
        if loaded.keep_as_is {
            // newer than this program, or unreadable: warned about, never replaced
            drop(lock);
            return Ok(());
        }
        let mut value = loaded.value;
        merge(&mut value);
        value.finish();
        let json = to_json(&value)?;
        if let Some(original) = &loaded.damaged {
            keep_corrupt_copy(dir, path, original)?;
        }
        write_atomic(dir, path, &json)?;
        for (side, damaged) in &loaded.sides {
            if let Some(original) = damaged {
                keep_corrupt_copy(dir, path, original)?;
            }
            let _ = fs::remove_file(side);
        }
        drop(lock);
        Ok(())
    }
}

/// A state file as read for an update.
struct Loaded<T> {
    /// The valid records of the file and its side files.
    value: T,
    /// The file's bytes when it had to be repaired (kept aside before it is replaced).
    damaged: Option<Vec<u8>>,
    /// The file must not be replaced (a newer version, or unreadable).
    keep_as_is: bool,
    /// The side files merged into `value`, each with its bytes if it was damaged.
    sides: Vec<(PathBuf, Option<Vec<u8>>)>,
}

/// Pretty JSON with a final newline.
fn to_json(value: &impl Serialize) -> io::Result<Vec<u8>> {
    let mut json = serde_json::to_vec_pretty(value).map_err(io::Error::other)?;
    json.push(b'\n');
    Ok(json)
}

impl Records for PositionsFile {
    fn from_documents(documents: Map<String, Value>, report: &mut Report) -> Self {
        let mut file = Self::default();
        for (key, value) in documents {
            match serde_json::from_value::<Position>(value) {
                Ok(p) => {
                    file.documents.insert(key, p);
                }
                Err(e) => report.drop_entry(|| format!("document {key}: {e}")),
            }
        }
        file
    }

    fn absorb(&mut self, other: Self) {
        for (key, position) in other.documents {
            let newer = self
                .documents
                .get(&key)
                .is_none_or(|old| old.updated <= position.updated);
            if newer {
                self.documents.insert(key, position);
            }
        }
    }

    fn finish(&mut self) {
        self.version = VERSION;
        keep_recent(&mut self.documents, |p| p.updated);
    }
}

impl Records for MarksFile {
    fn from_documents(documents: Map<String, Value>, report: &mut Report) -> Self {
        let mut file = Self::default();
        for (key, value) in documents {
            if let Some(doc) = doc_marks(&key, value, report) {
                file.documents.insert(key, doc);
            }
        }
        file
    }

    fn absorb(&mut self, other: Self) {
        for (key, doc) in other.documents {
            let entry = self.documents.entry(key).or_default();
            for (letter, mark) in doc.marks {
                let newer = entry
                    .marks
                    .get(&letter)
                    .is_none_or(|old| old.updated <= mark.updated);
                if newer {
                    entry.marks.insert(letter, mark);
                }
            }
            if doc.updated >= entry.updated || entry.file_name.is_empty() {
                entry.file_name = doc.file_name;
            }
            entry.updated = entry.updated.max(doc.updated);
        }
    }

    fn finish(&mut self) {
        self.version = VERSION;
        keep_recent(&mut self.documents, |d| d.updated);
    }
}

/// One document's marks, read mark by mark: an invalid mark (or field) is dropped and counted,
/// the others are kept. `None` when the entry is not an object at all.
fn doc_marks(key: &str, value: Value, report: &mut Report) -> Option<DocMarks> {
    let Value::Object(mut fields) = value else {
        report.drop_entry(|| format!("document {key}: {}, not an object", lenient::kind(&value)));
        return None;
    };
    let mut doc = DocMarks::default();
    match fields.remove("file_name") {
        None => {}
        Some(Value::String(s)) => doc.file_name = s,
        Some(other) => {
            report.drop_entry(|| format!("document {key}: file_name is {}", lenient::kind(&other)));
        }
    }
    match fields.remove("marks") {
        None => {}
        Some(Value::Object(marks)) => {
            for (letter, mark) in marks {
                let mut chars = letter.chars();
                let (Some(c), None) = (chars.next(), chars.next()) else {
                    report.drop_entry(|| format!("document {key}: mark name {letter:?}"));
                    continue;
                };
                match serde_json::from_value::<Mark>(mark) {
                    Ok(m) => {
                        doc.marks.insert(c, m);
                    }
                    Err(e) => report.drop_entry(|| format!("document {key}, mark {c}: {e}")),
                }
            }
        }
        Some(other) => {
            report.drop_entry(|| format!("document {key}: marks is {}", lenient::kind(&other)));
        }
    }
    let newest = doc.marks.values().map(|m| m.updated).max().unwrap_or(0);
    doc.updated = match fields.remove("updated").map(serde_json::from_value::<u64>) {
        None => newest,
        Some(Ok(t)) => t.max(newest),
        Some(Err(e)) => {
            report.drop_entry(|| format!("document {key}: updated: {e}"));
            newest
        }
    };
    Some(doc)
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
