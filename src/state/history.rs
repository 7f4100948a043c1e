//! The prompts' histories in `history.json`: the reader's, not a document's, so the file holds
//! one record per prompt (`search`, `goto`) where the other files hold one per document. Written
//! like the others (merged under the lock, atomically); the newer record of a prompt wins.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::lenient::{Records, Report};
use super::{StateStore, VERSION, now_unix};
use crate::prompt_history::{History, PromptHistories};

/// File name of the prompts' histories.
pub const HISTORY_FILE: &str = "history.json";

/// One prompt's saved history.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
struct SavedHistory {
    /// Oldest first.
    entries: Vec<String>,
    /// When it was saved, unix seconds.
    updated: u64,
}

/// The whole file (`documents` keeps the shape of the other state files).
#[derive(Debug, Default, Serialize)]
pub(super) struct HistoryFile {
    version: u32,
    documents: BTreeMap<String, SavedHistory>,
}

impl StateStore {
    /// The saved histories (empty when none).
    pub fn load_history(&mut self) -> PromptHistories {
        let mut file: HistoryFile = self.read(HISTORY_FILE);
        let mut take = |name: &str| {
            History::from_entries(
                file.documents
                    .remove(name)
                    .map(|h| h.entries)
                    .unwrap_or_default(),
            )
        };
        PromptHistories {
            search: take("search"),
            goto: take("goto"),
        }
    }

    /// Saves both histories.
    pub fn save_history(&mut self, histories: &PromptHistories) {
        let now = now_unix();
        let saved = |h: &History| SavedHistory {
            entries: h.entries().to_vec(),
            updated: now,
        };
        let documents = BTreeMap::from([
            ("search".to_owned(), saved(&histories.search)),
            ("goto".to_owned(), saved(&histories.goto)),
        ]);
        self.update(HISTORY_FILE, |file: &mut HistoryFile| {
            file.absorb(HistoryFile {
                version: VERSION,
                documents,
            });
        });
    }
}

impl Records for HistoryFile {
    fn from_documents(documents: Map<String, Value>, report: &mut Report) -> Self {
        let mut file = Self::default();
        for (key, value) in documents {
            match serde_json::from_value::<SavedHistory>(value) {
                Ok(h) => {
                    file.documents.insert(key, h);
                }
                Err(e) => report.drop_entry(|| format!("history {key}: {e}")),
            }
        }
        file
    }

    fn absorb(&mut self, other: Self) {
        for (key, h) in other.documents {
            match self.documents.get(&key) {
                Some(mine) if mine.updated > h.updated => {}
                _ => {
                    self.documents.insert(key, h);
                }
            }
        }
    }

    fn finish(&mut self) {
        self.version = VERSION;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histories_are_saved_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = StateStore::open(Some(dir.path().to_path_buf()));
        assert_eq!(store.load_history(), PromptHistories::default());
        let histories = PromptHistories {
            search: History::from_entries(["流动书箱".to_owned(), "gdp".to_owned()]),
            goto: History::from_entries(["第三编".to_owned()]),
        };
        store.save_history(&histories);
        let mut other = StateStore::open(Some(dir.path().to_path_buf()));
        assert_eq!(other.load_history(), histories);
        assert!(store.take_warnings().is_empty());
    }
}
