//! The reader's corrections of each document's section tree, in `corrections.json` beside the
//! positions: keyed by the same content [`DocKey`], written the same way (merged under the lock,
//! atomically, side files when the lock is busy, damaged files kept aside), read leniently (an
//! invalid correction is dropped and counted, the others are kept). A document's list is saved
//! whole; the newer list wins a merge.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::lenient::{DocumentFields, Records, Report};
use super::{DocKey, StateStore, VERSION, keep_recent, now_unix};
use crate::document::structure::{Correction, CorrectionAction};

/// File name of the corrections.
pub const CORRECTIONS_FILE: &str = "corrections.json";

/// One correction as saved: `action` is `not_heading`, `make_heading` or `shift` (by `levels`,
/// negative = up).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedCorrection {
    /// 1-based source line of the paragraph.
    pub line: u32,
    /// The paragraph's opening, to check the line still holds it.
    pub text: String,
    /// What to do.
    pub action: String,
    /// For `shift`: levels to move, negative = up.
    #[serde(skip_serializing_if = "is_zero")]
    pub levels: i8,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's signature
const fn is_zero(n: &i8) -> bool {
    *n == 0
}

impl SavedCorrection {
    fn of(c: &Correction) -> Self {
        let (action, levels) = match c.action {
            CorrectionAction::NotHeading => ("not_heading", 0),
            CorrectionAction::MakeHeading => ("make_heading", 0),
            CorrectionAction::Shift(d) => ("shift", d),
        };
        Self {
            line: c.line,
            text: c.text.clone(),
            action: action.to_owned(),
            levels,
        }
    }

    fn correction(&self) -> Option<Correction> {
        let action = match self.action.as_str() {
            "not_heading" => CorrectionAction::NotHeading,
            "make_heading" => CorrectionAction::MakeHeading,
            "shift" if self.levels != 0 => CorrectionAction::Shift(self.levels),
            _ => return None,
        };
        (self.line > 0).then(|| Correction {
            line: self.line,
            text: self.text.clone(),
            action,
        })
    }
}

/// The corrections of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DocCorrections {
    /// The path the document was opened under last.
    pub file_name: String,
    /// In line order.
    pub corrections: Vec<SavedCorrection>,
    /// When the list was saved, unix seconds.
    pub updated: u64,
}

/// The whole file.
#[derive(Debug, Default, Serialize)]
pub(super) struct CorrectionsFile {
    version: u32,
    documents: BTreeMap<String, DocCorrections>,
}

impl StateStore {
    /// The saved corrections of a document (empty when none).
    pub fn load_corrections(&mut self, key: &DocKey) -> Vec<Correction> {
        let mut file: CorrectionsFile = self.read(CORRECTIONS_FILE);
        file.documents
            .remove(&key.to_string())
            .map(|d| {
                d.corrections
                    .iter()
                    .filter_map(SavedCorrection::correction)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The corrections for a document: those saved for this exact content, else — the document
    /// was edited — the most recent ones saved under the same `file_name` (each correction checks
    /// that its line still holds the text it was made on, so the unchanged lines keep theirs).
    pub fn find_corrections(&mut self, key: &DocKey, file_name: &str) -> Vec<Correction> {
        self.find_corrections_with(|| *key, file_name)
    }

    /// [`Self::find_corrections`] with the key computed only when some document has
    /// corrections: hashing a 100 MB text is a fifth of `--outline`'s time, and most people
    /// never correct a tree.
    pub fn find_corrections_with(
        &mut self,
        key: impl FnOnce() -> DocKey,
        file_name: &str,
    ) -> Vec<Correction> {
        let mut file: CorrectionsFile = self.read(CORRECTIONS_FILE);
        if file.documents.is_empty() {
            return Vec::new();
        }
        let doc = file.documents.remove(&key().to_string()).or_else(|| {
            file.documents
                .into_values()
                .filter(|d| !file_name.is_empty() && d.file_name == file_name)
                .max_by_key(|d| d.updated)
        });
        doc.map(|d| {
            d.corrections
                .iter()
                .filter_map(SavedCorrection::correction)
                .collect()
        })
        .unwrap_or_default()
    }

    /// Saves a document's whole list of corrections (an empty list removes them).
    pub fn save_corrections(&mut self, key: &DocKey, file_name: &str, list: &[Correction]) {
        let doc = DocCorrections {
            file_name: file_name.to_owned(),
            corrections: list.iter().map(SavedCorrection::of).collect(),
            updated: now_unix(),
        };
        let key = key.to_string();
        self.update(CORRECTIONS_FILE, |file: &mut CorrectionsFile| {
            file.absorb(CorrectionsFile {
                version: VERSION,
                documents: BTreeMap::from([(key, doc)]),
            });
        });
    }
}

impl Records for CorrectionsFile {
    fn from_documents(documents: Map<String, Value>, report: &mut Report) -> Self {
        let mut file = Self::default();
        for mut d in DocumentFields::all(documents, report) {
            let mut doc = DocCorrections {
                file_name: std::mem::take(&mut d.file_name),
                ..DocCorrections::default()
            };
            if let Some(Value::Number(n)) = d.fields.remove("updated") {
                doc.updated = n.as_u64().unwrap_or(0);
            }
            for c in d.list::<SavedCorrection>("corrections", "correction", report) {
                if c.correction().is_some() {
                    doc.corrections.push(c);
                } else {
                    report.drop_entry(|| {
                        format!(
                            "document {}, correction: unknown action {:?}",
                            d.key, c.action
                        )
                    });
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
        self.documents.retain(|_, d| !d.corrections.is_empty());
        keep_recent(&mut self.documents, |d| d.updated);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn correction(line: u32, action: CorrectionAction) -> Correction {
        Correction {
            line,
            text: format!("第{line}行"),
            action,
        }
    }

    #[test]
    fn corrections_are_saved_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let key = DocKey::of("法律".as_bytes());
        let list = vec![
            correction(3, CorrectionAction::NotHeading),
            correction(7, CorrectionAction::Shift(-2)),
            correction(9, CorrectionAction::MakeHeading),
        ];
        let mut store = StateStore::open(Some(dir.path().to_path_buf()));
        store.save_corrections(&key, "law.txt", &list);
        let mut other = StateStore::open(Some(dir.path().to_path_buf()));
        assert_eq!(other.load_corrections(&key), list);
        assert!(other.load_corrections(&DocKey::of(b"other")).is_empty());
        // the whole list is replaced; an empty one removes the document
        store.save_corrections(&key, "law.txt", &list[..1]);
        assert_eq!(other.load_corrections(&key), list[..1]);
        store.save_corrections(&key, "law.txt", &[]);
        assert!(other.load_corrections(&key).is_empty());
        assert!(store.take_warnings().is_empty());
    }

    #[test]
    fn an_edited_document_finds_its_corrections_by_file_name() {
        let dir = tempfile::tempdir().unwrap();
        let list = vec![correction(3, CorrectionAction::NotHeading)];
        let mut store = StateStore::open(Some(dir.path().to_path_buf()));
        store.save_corrections(&DocKey::of(b"before"), "/docs/law.txt", &list);
        let edited = DocKey::of(b"after");
        assert_eq!(store.find_corrections(&edited, "/docs/law.txt"), list);
        assert!(
            store
                .find_corrections(&edited, "/docs/other.txt")
                .is_empty()
        );
        assert!(store.load_corrections(&edited).is_empty());
    }

    #[test]
    fn an_invalid_correction_is_dropped_and_the_rest_kept() {
        let dir = tempfile::tempdir().unwrap();
        let key = DocKey::of(b"x");
        let json = format!(
            r#"{{"version": 1, "documents": {{"{key}": {{"file_name": "a", "updated": 1,
               "corrections": [{{"line": 2, "text": "甲", "action": "explode"}},
                               {{"line": 4, "text": "乙", "action": "not_heading"}}]}}}}}}"#
        );
        std::fs::write(dir.path().join(CORRECTIONS_FILE), json).unwrap();
        let mut store = StateStore::open(Some(dir.path().to_path_buf()));
        let got = store.load_corrections(&key);
        assert_eq!(
            got,
            vec![correction(4, CorrectionAction::NotHeading)]
                .into_iter()
                .map(|mut c| {
                    c.text = "乙".into();
                    c
                })
                .collect::<Vec<_>>()
        );
        assert_eq!(store.take_warnings().len(), 1);
    }
}
