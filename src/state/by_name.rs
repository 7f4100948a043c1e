//! The saved positions by file name, read once for a whole shelf of documents: a shelf of a
//! thousand files shows how far each was read and when without reading any of them (a
//! document's own key is a hash of its bytes).

use std::collections::HashMap;

use super::{POSITIONS_FILE, Position, PositionsFile, StateStore};

impl StateStore {
    /// The most recent saved position of each file name (the absolute path a document was
    /// read under), in one read of the positions file.
    pub fn latest_positions_by_name(&mut self) -> HashMap<String, Position> {
        let file: PositionsFile = self.read(POSITIONS_FILE);
        let mut latest: HashMap<String, Position> = HashMap::new();
        for p in file.documents.into_values() {
            if p.file_name.is_empty() {
                continue;
            }
            match latest.get(&p.file_name) {
                Some(have) if have.updated >= p.updated => {}
                _ => {
                    latest.insert(p.file_name.clone(), p);
                }
            }
        }
        latest
    }
}

#[cfg(test)]
mod tests {
    use crate::state::{DocKey, Position, StateStore};

    #[test]
    fn the_newest_record_of_each_name_wins() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = StateStore::open(Some(dir.path().to_path_buf()));
        let at = |name: &str, updated, percent| Position {
            file_name: name.into(),
            updated,
            percent: Some(percent),
            ..Position::default()
        };
        store.save_position(&DocKey::of(b"old a"), at("/d/a.txt", 5, 10));
        store.save_position(&DocKey::of(b"new a"), at("/d/a.txt", 9, 60));
        store.save_position(&DocKey::of(b"b"), at("/d/b.txt", 7, 30));
        let found = store.latest_positions_by_name();
        assert_eq!(found.len(), 2);
        assert_eq!(found["/d/a.txt"].percent, Some(60));
        assert_eq!(found["/d/b.txt"].updated, 7);
        assert!(store.take_warnings().is_empty());
    }
}
