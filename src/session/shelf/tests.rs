use std::cmp::Ordering;
use std::path::Path;

use super::*;
use crate::app::shelf::EntryState;
use crate::load::LoadEvent;
use crate::state::{DocKey, Position};
use std::sync::mpsc::Receiver;

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn one_file_is_no_shelf_but_a_directory_or_several_files_are() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "甲");
    write(dir.path(), "b.md", "# 乙");
    let a = dir.path().join("a.txt");
    assert_eq!(list(Some(&a), &[]), Ok(None));
    assert_eq!(list(None, &[]), Ok(None));
    let both = list(Some(&a), &[dir.path().join("b.md")]).unwrap().unwrap();
    assert_eq!(both.len(), 2);
    assert_eq!(both[1].bytes, Some("# 乙".len() as u64));
    let listed = list(Some(dir.path()), &[]).unwrap().unwrap();
    assert_eq!(listed.len(), 2);
}

#[test]
fn a_directory_lists_its_documents_by_name_without_hidden_ones_or_subdirectories() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for name in [
        "10.txt",
        "2.txt",
        "1.md",
        ".hidden.txt",
        "photo.jpg",
        "Book.EPUB",
        "x.pdf",
    ] {
        write(d, name, "x");
    }
    std::fs::create_dir(d.join("sub.txt")).unwrap();
    write(&d.join("sub.txt"), "deep.txt", "x");
    let names: Vec<String> = list_dir(d)
        .unwrap()
        .iter()
        .map(|l| l.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["1.md", "2.txt", "10.txt", "Book.EPUB", "x.pdf"]);
}

#[test]
fn an_empty_or_missing_directory_is_one_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "photo.jpg", "x");
    let err = list(Some(dir.path()), &[]).unwrap_err();
    assert!(err.contains("no documents to read"), "{err}");
    assert!(!err.contains('\n'));
    let gone = dir.path().join("gone");
    // a missing path among several is listed (opening it says why it cannot be read)
    let listed = list(Some(dir.path()), std::slice::from_ref(&gone))
        .unwrap()
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].bytes, None);
    let err = list_dir(&gone).unwrap_err();
    assert!(!err.contains('\n'), "{err}");
}

#[test]
fn numbers_in_names_sort_as_numbers() {
    assert_eq!(natural_cmp("第2章.txt", "第10章.txt"), Ordering::Less);
    assert_eq!(natural_cmp("a10", "a9"), Ordering::Greater);
    assert_eq!(natural_cmp("a01", "a1"), Ordering::Equal);
    assert_eq!(natural_cmp("a", "a1"), Ordering::Less);
    assert_eq!(natural_cmp("b1", "a2"), Ordering::Greater);
}

#[test]
fn entries_carry_the_saved_progress_of_each_file_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "甲");
    write(dir.path(), "b.txt", "乙");
    let mut store = StateStore::open(Some(dir.path().join("state")));
    let a = dir.path().join("a.txt");
    store.save_position(
        &DocKey::of(b"whatever"),
        Position {
            file_name: state_file_name(&Source::Path(a.clone())),
            updated: 42,
            percent: Some(37),
            ..Position::default()
        },
    );
    let listed = list(Some(dir.path()), &[]).unwrap().unwrap();
    let entries = entries(&listed, Some(&mut store));
    assert_eq!(entries[0].name, "a.txt");
    assert_eq!(entries[0].percent, Some(37));
    assert_eq!(entries[0].last_read, Some(42));
    assert_eq!(entries[1].percent, None);
    assert_eq!(entries[1].state, EntryState::Listed);
}

#[test]
fn the_first_readable_document_opens_and_the_binary_ones_before_it_are_said() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("1.txt"), b"a\0b").unwrap();
    write(dir.path(), "2.txt", "乙");
    let listed = list(Some(dir.path()), &[]).unwrap().unwrap();
    let first = open_first(&listed, LoadOptions::default()).unwrap();
    assert_eq!(first.index, 1);
    assert_eq!(first.failed.len(), 1);
    assert_eq!(first.failed[0].0, 0);
    // the reason without the name (the shelf names the document)
    let why = &first.failed[0].1;
    assert!(why.starts_with("binary data"), "{why}");
    std::fs::remove_file(dir.path().join("2.txt")).unwrap();
    let err = open_first(&listed, LoadOptions::default()).err().unwrap();
    assert!(err.contains("none of the 2 documents"), "{err}");
}

/// Applies the loader's events until it is done; tells the hooks once loaded.
fn drain(app: &mut App, rx: &mut Option<Receiver<LoadEvent>>, hooks: &mut Shelved) {
    let Some(r) = rx.take() else { return };
    while let Ok(ev) = r.recv() {
        let last = !matches!(ev, LoadEvent::Chunk(..));
        let effects = app.update(Message::Load(ev));
        if effects.contains(crate::app::Effect::Loaded) {
            hooks.loaded(app);
        }
        if last {
            break;
        }
    }
    let _ = app.update(Message::Resize(ratatui::layout::Rect::new(0, 0, 80, 20)));
}

fn book(tag: &str) -> String {
    let mut text = format!("{tag}之书\n\n");
    for ch in ["一", "二", "三", "四", "五"] {
        text.push_str(&format!("第{ch}章 {tag}{ch}\n\n"));
        for p in 0..20 {
            text.push_str(&format!("{tag}{ch}章第{p}段。\n\n"));
        }
    }
    text
}

#[test]
fn a_switch_parks_the_reader_and_brings_it_back_as_it_was() {
    use crate::keymap::{Action, Keymap};
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", &book("甲"));
    write(dir.path(), "b.txt", &book("乙"));
    let state = dir.path().join("state");
    let listed = list(Some(dir.path()), &[]).unwrap().unwrap();
    let opener = Opener {
        opts: LoadOptions::default(),
        app_opts: AppOptions::default(),
        keymap: Keymap::default_keys(),
        rules: Vec::new(),
        state_dir: Some(state.clone()),
        resume_position: true,
    };
    let (mut app, rx, session) = opener.open(&listed[0].path).unwrap();
    let mut store = StateStore::open(Some(state.clone()));
    let entries = entries(&listed, Some(&mut store));
    let mut hooks = Shelved::new(listed, entries, 0, session, opener, &mut app);
    let mut rx = Some(rx);
    drain(&mut app, &mut rx, &mut hooks);
    assert!(app.name().ends_with("a.txt"));
    let _ = app.update(Message::Action(Action::TopSection(3)));
    let _ = app.update(Message::Action(Action::Bottom));
    let _ = app.update(Message::Action(Action::TopSection(3)));
    let in_a = app.anchor();
    assert!(in_a.byte() > 0);
    // to b: a new reader, loaded in the background
    hooks.switch(
        &mut app,
        Switch {
            doc: 1,
            section: None,
        },
        &mut rx,
    );
    assert!(rx.is_some(), "b's loader runs");
    drain(&mut app, &mut rx, &mut hooks);
    assert!(app.name().ends_with("b.txt"));
    assert_eq!(app.shelf().map(|s| s.current), Some(1));
    let _ = app.update(Message::Action(Action::TopSection(2)));
    let in_b = app.anchor();
    // back to a: the parked reader, where it was; its state was saved as on quitting
    hooks.switch(
        &mut app,
        Switch {
            doc: 0,
            section: None,
        },
        &mut rx,
    );
    assert!(rx.is_none(), "a was loaded whole: nothing to read");
    assert!(app.name().ends_with("a.txt"));
    assert_eq!(app.anchor(), in_a);
    let saved = StateStore::open(Some(state.clone())).latest_positions_by_name();
    assert_eq!(saved.len(), 2, "both saved on switching: {saved:?}");
    // and to b's fourth chapter, as `:*` asks
    hooks.switch(
        &mut app,
        Switch {
            doc: 1,
            section: Some(3),
        },
        &mut rx,
    );
    assert!(app.name().ends_with("b.txt"));
    assert_ne!(app.anchor(), in_b);
    let _ = app.update(Message::Resize(ratatui::layout::Rect::new(0, 0, 80, 20)));
    assert_eq!(app.frame().breadcrumb, [3]);
    // a switch to itself or past the end changes nothing
    hooks.switch(
        &mut app,
        Switch {
            doc: 1,
            section: None,
        },
        &mut rx,
    );
    hooks.switch(
        &mut app,
        Switch {
            doc: 9,
            section: None,
        },
        &mut rx,
    );
    assert!(app.name().ends_with("b.txt"));
}
