//! The shelf (`gangmu DIR/`): what opening a directory of a thousand documents costs before
//! the first frame — listing it (one stat per file, no file read), reading the saved
//! positions once for every file's progress and last read time, and opening the first
//! document (its head read to choose the encoding).
//!
//! Also: gathering the headings of the 999 documents not opened (the `:*` gatherer), a key and
//! its frame with and without the gatherer running on another thread, and the turn of the
//! loop in which gathered headings reach an open `:*` list.
//!
//! Run: `cargo bench --bench shelf`. The directory is generated in a temporary folder: 1,000
//! plain-text files of about 8 KB (`第N卷.txt`), and a state directory whose positions file
//! holds a record for each of them.

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock};

use divan::Bencher;
use gangmu::app::shelf::{DocHeadings, Shelf, ShelfEntry};
use gangmu::app::{App, AppOptions, Message};
use gangmu::keymap::{Action, Keymap};
use gangmu::load::{LoadOptions, Source};
use gangmu::session::shelf;
use gangmu::state::{DocKey, Position, StateStore};
use gangmu::ui;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

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

/// Gathering the headings of the 999 documents not opened (what `:*` searches once the `…`
/// is gone), on the background thread, one document at a time.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn gather_headings_of_1000() -> usize {
    let (_, books, _) = &*DIRS;
    let listed = shelf::list_dir(books).expect("list");
    let docs = listed
        .into_iter()
        .enumerate()
        .skip(1)
        .map(|(i, l)| (i, l.path))
        .collect();
    let rx = shelf::gather::spawn(
        docs,
        LoadOptions::default(),
        gangmu::document::structure::Options::default(),
    );
    rx.iter()
        .filter(|g| matches!(g, shelf::gather::Gathered::Headings(..)))
        .count()
}

const SCREEN: Rect = Rect::new(0, 0, 120, 40);

/// A reader of the first document, laid out and drawn once.
fn reader() -> (App, Buffer) {
    let (_, books, _) = &*DIRS;
    let path = books.join("第1卷.txt");
    let (doc, _) = gangmu::load::load(&Source::Path(path), LoadOptions::default()).expect("load");
    let mut app = App::new(
        doc,
        "第1卷.txt".into(),
        Keymap::default(),
        &AppOptions::default(),
    );
    let mut buf = Buffer::empty(SCREEN);
    frame(&mut app, &mut buf);
    (app, buf)
}

/// One frame as the terminal loop draws it after a key: lay out, render.
fn frame(app: &mut App, buf: &mut Buffer) {
    let _ = app.update(Message::Resize(SCREEN));
    buf.reset();
    ui::draw(app, SCREEN, buf);
}

/// A key and its frame (`PageDown`, `PageUp` in turn), with nothing else running (`false`) or with the
/// gatherer reading the directory's 1,000 documents over and over on another thread (`true`):
/// the gathering must not make a key slower than a frame (16 ms).
#[divan::bench(args = [false, true], sample_count = 200, sample_size = 10)]
fn key_while_gathering(bencher: Bencher, gathering: bool) {
    let stop = Arc::new(AtomicBool::new(false));
    let busy = gathering.then(|| {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            let (_, books, _) = &*DIRS;
            let listed = shelf::list_dir(books).expect("list");
            let docs: Vec<(usize, PathBuf)> = listed
                .into_iter()
                .enumerate()
                .map(|(i, l)| (i, l.path))
                .collect();
            while !stop.load(Ordering::Relaxed) {
                let rx = shelf::gather::spawn(
                    docs.clone(),
                    LoadOptions::default(),
                    gangmu::document::structure::Options::default(),
                );
                for _ in &rx {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                }
            }
        })
    });
    let (mut app, mut buf) = reader();
    let keys = [Action::PageDown, Action::PageUp];
    let mut i = 0;
    bencher.bench_local(|| {
        let _ = app.update(Message::Action(black_box(keys[i % 2])));
        i += 1;
        frame(&mut app, &mut buf);
    });
    stop.store(true, Ordering::Relaxed);
    if let Some(t) = busy {
        let _ = t.join();
    }
}

/// What a turn of the loop costs when gathered headings arrive while `:*` is open: the shelf
/// sent again (1,000 entries) with one more document's 100 headings than before, on top of
/// the lists of up to 999 documents already ranked (shared, not copied), the new headings
/// ranked into the open list, then a frame.
#[divan::bench(sample_count = 200, sample_size = 1)]
fn headings_arrive_with_the_star_list_open(bencher: Bencher) {
    let (mut app, mut buf) = reader();
    let lists: Vec<Arc<DocHeadings>> = (1..1000)
        .map(|d| {
            Arc::new(DocHeadings {
                doc: d,
                titles: (1..=100).map(|s| format!("第{s}章 卷{d}之{s}")).collect(),
            })
        })
        .collect();
    let entries: Vec<ShelfEntry> = (0..1000)
        .map(|i| ShelfEntry::listed(format!("第{i}卷.txt"), Some(8000)))
        .collect();
    let shelf = |n: usize| Shelf {
        entries: entries.clone(),
        current: 0,
        now: 0,
        headings: Arc::new(lists.iter().take(n).cloned().collect()),
        gathering: 999 - n,
    };
    let _ = app.update(Message::Shelf(shelf(1)));
    let _ = app.update(Message::Action(Action::GoTo));
    for c in "*卷5之".chars() {
        let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        let _ = app.update(Message::Input(Event::Key(key)));
    }
    let mut n = 1;
    bencher.bench_local(|| {
        n = n % 998 + 1;
        let _ = app.update(Message::Shelf(shelf(n + 1)));
        frame(&mut app, &mut buf);
    });
    assert!(app.picker().is_some_and(|p| !p.shelf_hits().is_empty()));
}
