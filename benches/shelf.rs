//! The shelf (`gangmu DIR/`): what opening a directory of a thousand documents costs before
//! the first frame — listing it (one stat per file, no file read), reading the saved
//! positions once for every file's progress and last read time, and opening the first
//! document (its head read to choose the encoding).
//!
//! Run: `cargo bench --bench shelf`. The directory is generated in a temporary folder: 1,000
//! plain-text files of about 8 KB (`第N卷.txt`), and a state directory whose positions file
//! holds a record for each of them.

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::LazyLock;

use gangmu::load::{LoadOptions, Source};
use gangmu::session::shelf;
use gangmu::state::{DocKey, Position, StateStore};

fn main() {
    // the files are written before the first sample
    LazyLock::force(&DIRS);
    divan::main();
}

/// Files in the directory.
const FILES: usize = 1_000;

/// The directory of documents and the state directory (kept until the process ends).
static DIRS: LazyLock<(tempfile::TempDir, PathBuf, PathBuf)> = LazyLock::new(|| {
    let root = tempfile::tempdir().expect("temp dir");
    let books = root.path().join("books");
    let state = root.path().join("state");
    std::fs::create_dir_all(&books).expect("books");
    let body = "　　天地玄黄，宇宙洪荒。日月盈昃，辰宿列张。\n".repeat(120);
    let mut store = StateStore::open(Some(state.clone()));
    for i in 1..=FILES {
        let path = books.join(format!("第{i}卷.txt"));
        std::fs::write(&path, format!("第{i}卷\n\n{body}")).expect("write");
        let file_name = gangmu::session::state_file_name(&Source::Path(path));
        let position = Position {
            file_name,
            updated: i as u64,
            percent: Some((i % 100) as u8),
            ..Position::default()
        };
        store.save_position(&DocKey::of(format!("{i}").as_bytes()), position);
    }
    (root, books, state)
});

/// Listing the directory alone: read_dir, a stat per file, the sort by name.
#[divan::bench(sample_count = 20)]
fn list_1000_files() -> usize {
    let (_, books, _) = &*DIRS;
    shelf::list_dir(black_box(books)).expect("list").len()
}

/// Everything before the first frame that the shelf adds: the listing, each file's saved
/// progress (one read of the positions file), and opening the first document.
#[divan::bench(sample_count = 20)]
fn open_directory_of_1000() -> usize {
    let (_, books, state) = &*DIRS;
    let listed = shelf::list(Some(black_box(books)), &[])
        .expect("list")
        .expect("a shelf");
    let mut store = StateStore::open(Some(state.clone()));
    let entries = shelf::entries(&listed, Some(&mut store));
    let first = shelf::open_first(&listed, LoadOptions::default()).expect("open");
    // the state keeps the most recent MAX_DOCUMENTS records: the newest files have one
    let known = entries.iter().filter(|e| e.last_read.is_some()).count();
    assert_eq!(known, gangmu::state::MAX_DOCUMENTS.min(FILES));
    entries.len() + first.index
}
