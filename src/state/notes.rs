//! Highlights and notes, in `notes.json` beside the positions: keyed by the same content
//! [`DocKey`], written the same way (merged under the lock, atomically, side files when the
//! lock is busy, damaged files kept aside), read leniently (an entry without text is dropped
//! and counted, the others kept). A document's list is saved whole; the newer list wins a
//! merge.
//!
//! Each entry keeps its [`Anchor`] (offset, text, context before and after), not a row or a
//! paragraph number, so it is found again in an edited document ([`crate::study::relocate`]);
//! what comes back from here is unplaced (`range: None`) until the caller relocates it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::lenient::{DocumentFields, Records, Report};
use super::{DocKey, StateStore, VERSION, keep_recent, now_unix};
use crate::study::{Anchor, Note};

/// File name of the notes.
pub const NOTES_FILE: &str = "notes.json";

/// One highlight as saved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedNote {
    /// Byte offset in the text it was saved from.
    pub offset: u64,
    /// The highlighted text.
    pub text: String,
    /// The text just before it.
    pub before: String,
    /// The text just after it.
    pub after: String,
    /// The note; empty for a bare highlight.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Its text was not found the last time the document was opened.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub orphan: bool,
}

impl SavedNote {
    fn of(n: &Note) -> Self {
        Self {
            offset: n.anchor.offset as u64,
            text: n.anchor.text.clone(),
            before: n.anchor.before.clone(),
            after: n.anchor.after.clone(),
            note: n.note.clone(),
            orphan: n.is_orphan(),
        }
    }

    fn note(&self) -> Note {
        Note {
            range: None,
            anchor: Anchor {
                offset: usize::try_from(self.offset).unwrap_or(usize::MAX),
                text: self.text.clone(),
                before: self.before.clone(),
                after: self.after.clone(),
            },
            note: self.note.clone(),
        }
    }
}

/// The notes of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DocNotes {
    /// The path the document was opened under last.
    pub file_name: String,
    /// In document order.
    pub notes: Vec<SavedNote>,
    /// When the list was saved, unix seconds.
    pub updated: u64,
}

/// The whole file.
#[derive(Debug, Default, Serialize)]
pub(super) struct NotesFile {
    version: u32,
    documents: BTreeMap<String, DocNotes>,
}

impl StateStore {
    /// The notes for a document, unplaced: those saved for this exact content, else — the
    /// document was edited — the most recent ones saved under the same `file_name`. The flag
    /// says whether they were saved for this very content.
    pub fn find_notes(&mut self, key: &DocKey, file_name: &str) -> (Vec<Note>, bool) {
        let mut file: NotesFile = self.read(NOTES_FILE);
        if let Some(d) = file.documents.remove(&key.to_string()) {
            return (d.notes.iter().map(SavedNote::note).collect(), true);
        }
        // only a file's path names the same document edited; `(stdin)` names any pipe
        let is_path = !file_name.is_empty() && !file_name.starts_with('(');
        let doc = file
            .documents
            .into_values()
            .filter(|d| is_path && d.file_name == file_name)
            .max_by_key(|d| d.updated);
        (
            doc.map(|d| d.notes.iter().map(SavedNote::note).collect())
                .unwrap_or_default(),
            false,
        )
    }

    /// Saves a document's whole list of notes (an empty list removes them).
    pub fn save_notes(&mut self, key: &DocKey, file_name: &str, list: &[Note]) {
        let doc = DocNotes {
            file_name: file_name.to_owned(),
            notes: list.iter().map(SavedNote::of).collect(),
            updated: now_unix(),
        };
        let key = key.to_string();
        self.update(NOTES_FILE, |file: &mut NotesFile| {
            file.absorb(NotesFile {
                version: VERSION,
                documents: BTreeMap::from([(key, doc)]),
            });
        });
    }
}

impl Records for NotesFile {
    fn from_documents(documents: Map<String, Value>, report: &mut Report) -> Self {
        let mut file = Self::default();
        for mut d in DocumentFields::all(documents, report) {
            let mut doc = DocNotes {
                file_name: std::mem::take(&mut d.file_name),
                ..DocNotes::default()
            };
            if let Some(Value::Number(n)) = d.fields.remove("updated") {
                doc.updated = n.as_u64().unwrap_or(0);
            }
            for n in d.list::<SavedNote>("notes", "note", report) {
                if n.text.is_empty() {
                    report.drop_entry(|| format!("document {}, note: no text", d.key));
                } else {
                    doc.notes.push(n);
                }
            }
            file.documents.insert(d.key, doc);
        }
        file
    }

    fn absorb(&mut self, other: Self) {
        for (key, doc) in other.documents {
            match self.documents.get(&key) {
                Some(mine) if mine.updated > doc.updated => {}
                _ => {
                    self.documents.insert(key, doc);
                }
            }
        }
    }

    fn finish(&mut self) {
        self.version = VERSION;
        self.documents.retain(|_, d| !d.notes.is_empty());
        keep_recent(&mut self.documents, |d| d.updated);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(text: &str, at: usize, body: &str) -> Note {
        Note::new(text, at..at + 6, body.into())
    }

    #[test]
    fn notes_are_saved_whole_and_read_back_unplaced() {
        let dir = tempfile::tempdir().unwrap();
        let text = "甲句。乙句。";
        let key = DocKey::of(text.as_bytes());
        let list = vec![note(text, 0, "第一\n第二"), note(text, 9, "")];
        let mut store = StateStore::open(Some(dir.path().to_path_buf()));
        store.save_notes(&key, "/d/talk.txt", &list);
        let mut other = StateStore::open(Some(dir.path().to_path_buf()));
        let (got, same) = other.find_notes(&key, "/d/talk.txt");
        assert!(same);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].anchor, list[0].anchor);
        assert_eq!(got[0].note, "第一\n第二");
        assert!(got.iter().all(Note::is_orphan), "unplaced until relocated");
        // an edited document finds them by its file name
        let (edited, same) = other.find_notes(&DocKey::of(b"edited"), "/d/talk.txt");
        assert!(!same);
        assert_eq!(edited.len(), 2);
        assert!(
            other
                .find_notes(&DocKey::of(b"x"), "/d/else.txt")
                .0
                .is_empty()
        );
        // an empty list removes the document
        store.save_notes(&key, "/d/talk.txt", &[]);
        assert!(other.find_notes(&key, "").0.is_empty());
        assert!(store.take_warnings().is_empty());
    }

    #[test]
    fn two_readers_saving_different_documents_keep_both() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = StateStore::open(Some(dir.path().to_path_buf()));
        let mut b = StateStore::open(Some(dir.path().to_path_buf()));
        a.save_notes(&DocKey::of(b"a"), "a", &[note("甲句。", 0, "a")]);
        b.save_notes(&DocKey::of(b"b"), "b", &[note("乙句。", 0, "b")]);
        assert_eq!(a.find_notes(&DocKey::of(b"a"), "").0[0].note, "a");
        assert_eq!(a.find_notes(&DocKey::of(b"b"), "").0[0].note, "b");
    }

    #[test]
    fn an_entry_without_text_is_dropped_and_the_rest_kept() {
        let dir = tempfile::tempdir().unwrap();
        let key = DocKey::of(b"x");
        let json = format!(
            r#"{{"version": 1, "documents": {{"{key}": {{"file_name": "a", "updated": 1,
               "notes": [{{"offset": 2, "text": ""}}, {{"offset": 4, "text": "乙", "note": "n"}}]}}}}}}"#
        );
        std::fs::write(dir.path().join(NOTES_FILE), json).unwrap();
        let mut store = StateStore::open(Some(dir.path().to_path_buf()));
        let (got, _) = store.find_notes(&key, "a");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].anchor.text, "乙");
        assert_eq!(got[0].anchor.offset, 4);
        assert_eq!(store.take_warnings().len(), 1);
    }
}
