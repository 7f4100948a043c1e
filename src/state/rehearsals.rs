//! Past rehearsals of each document, in `rehearsals.json` beside the positions: keyed by the
//! same content [`DocKey`], written the same way (merged under the lock, atomically, side files
//! when the lock is busy, damaged files kept aside), and read leniently: an invalid rehearsal
//! is dropped and counted, the others are kept.
//!
//! A document keeps its [`MAX_REHEARSALS`] most recent rehearsals; two records of the same
//! rehearsal (same `date` and `total_ms`) merge into one.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::lenient::{DocumentFields, Records, Report};
use super::{DocKey, StateStore, VERSION, keep_recent};

/// File name of the rehearsals.
pub const REHEARSALS_FILE: &str = "rehearsals.json";

/// Rehearsals kept per document.
pub const MAX_REHEARSALS: usize = 50;

/// One section's time in a rehearsal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SectionTime {
    /// The heading's title.
    pub title: String,
    /// Its level (1 = top level).
    pub level: u16,
    /// Planned milliseconds (its 字数 at the rate).
    pub planned_ms: u64,
    /// Milliseconds spent with its heading at or above the reading line.
    pub actual_ms: u64,
}

/// One rehearsal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Rehearsal {
    /// When it ended, unix seconds.
    pub date: u64,
    /// The speaking rate it was planned at, 字/分.
    pub rate: u32,
    /// Planned milliseconds for the whole document.
    pub planned_ms: u64,
    /// Milliseconds the rehearsal lasted.
    pub total_ms: u64,
    /// Every section, in document order.
    pub sections: Vec<SectionTime>,
}

/// The rehearsals of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DocRehearsals {
    /// The path the document was opened under last.
    pub file_name: String,
    /// Newest last.
    pub rehearsals: Vec<Rehearsal>,
    /// The date of the newest rehearsal, for trimming the file.
    pub updated: u64,
}

/// The whole file.
#[derive(Debug, Default, Serialize)]
pub(super) struct RehearsalsFile {
    version: u32,
    documents: BTreeMap<String, DocRehearsals>,
}

impl StateStore {
    /// The saved rehearsals of a document, oldest first (empty when none).
    pub fn load_rehearsals(&mut self, key: &DocKey) -> Vec<Rehearsal> {
        let mut file: RehearsalsFile = self.read(REHEARSALS_FILE);
        file.documents
            .remove(&key.to_string())
            .map(|d| d.rehearsals)
            .unwrap_or_default()
    }

    /// Adds a rehearsal to a document's record, merged with what other readers saved.
    pub fn save_rehearsal(&mut self, key: &DocKey, file_name: &str, rehearsal: Rehearsal) {
        let key = key.to_string();
        let doc = DocRehearsals {
            file_name: file_name.to_owned(),
            updated: rehearsal.date,
            rehearsals: vec![rehearsal],
        };
        self.update(REHEARSALS_FILE, |file: &mut RehearsalsFile| {
            file.absorb(RehearsalsFile {
                version: VERSION,
                documents: BTreeMap::from([(key, doc)]),
            });
        });
    }
}

impl Records for RehearsalsFile {
    fn from_documents(documents: Map<String, Value>, report: &mut Report) -> Self {
        let mut file = Self::default();
        for mut d in DocumentFields::all(documents, report) {
            let rehearsals = d.list::<Rehearsal>("rehearsals", "rehearsal", report);
            let doc = DocRehearsals {
                file_name: std::mem::take(&mut d.file_name),
                updated: rehearsals.iter().map(|r| r.date).max().unwrap_or(0),
                rehearsals,
            };
            file.documents.insert(d.key, doc);
        }
        file
    }

    fn absorb(&mut self, other: Self) {
        for (key, doc) in other.documents {
            let entry = self.documents.entry(key).or_default();
            for r in doc.rehearsals {
                let same = |o: &Rehearsal| o.date == r.date && o.total_ms == r.total_ms;
                if !entry.rehearsals.iter().any(same) {
                    entry.rehearsals.push(r);
                }
            }
            entry.rehearsals.sort_by_key(|r| r.date);
            let extra = entry.rehearsals.len().saturating_sub(MAX_REHEARSALS);
            entry.rehearsals.drain(..extra);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rehearsal(date: u64, total_ms: u64) -> Rehearsal {
        Rehearsal {
            date,
            rate: 240,
            planned_ms: 60_000,
            total_ms,
            sections: vec![SectionTime {
                title: "一、开场".to_owned(),
                level: 1,
                planned_ms: 60_000,
                actual_ms: total_ms,
            }],
        }
    }

    #[test]
    fn rehearsals_are_saved_merged_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let key = DocKey::of("演讲稿".as_bytes());
        let mut store = StateStore::open(Some(dir.path().to_path_buf()));
        store.save_rehearsal(&key, "speech.txt", rehearsal(100, 61_000));
        // a second reader saving another rehearsal keeps the first
        let mut other = StateStore::open(Some(dir.path().to_path_buf()));
        other.save_rehearsal(&key, "speech.txt", rehearsal(200, 58_000));
        store.save_rehearsal(&key, "speech.txt", rehearsal(200, 58_000));
        let got = store.load_rehearsals(&key);
        assert_eq!(got, vec![rehearsal(100, 61_000), rehearsal(200, 58_000)]);
        assert!(store.take_warnings().is_empty());
        assert!(
            StateStore::open(Some(dir.path().to_path_buf()))
                .load_rehearsals(&DocKey::of(b"other"))
                .is_empty()
        );
    }

    #[test]
    fn an_invalid_rehearsal_is_dropped_and_the_rest_kept() {
        let dir = tempfile::tempdir().unwrap();
        let key = DocKey::of(b"x");
        let json = format!(
            r#"{{"version": 1, "documents": {{"{key}": {{"file_name": "a",
               "rehearsals": [{{"date": "soon"}}, {{"date": 5, "total_ms": 7}}]}}}}}}"#
        );
        std::fs::write(dir.path().join(REHEARSALS_FILE), json).unwrap();
        let mut store = StateStore::open(Some(dir.path().to_path_buf()));
        let got = store.load_rehearsals(&key);
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].date, got[0].total_ms), (5, 7));
        assert_eq!(store.take_warnings().len(), 1);
    }
}
