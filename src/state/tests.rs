#![allow(clippy::unwrap_used)]

use super::*;
use crate::document::{Document, Format};

fn store(dir: &Path) -> StateStore {
    StateStore::open_with_env(Some(dir.to_path_buf()), |_| None)
}

fn pos(offset: u64, updated: u64) -> Position {
    Position {
        offset,
        updated,
        file_name: "a.txt".into(),
        ..Position::default()
    }
}

#[test]
fn directory_precedence() {
    let env = |k: &str| (k == STATE_DIR_ENV).then(|| "/from/env".to_owned());
    assert_eq!(
        state_dir(Some("/flag".into()), env),
        Some(PathBuf::from("/flag"))
    );
    assert_eq!(state_dir(None, env), Some(PathBuf::from("/from/env")));
    // without either, the platform's directory (whatever it is here) ends in gangmu
    if let Some(d) = state_dir(None, |_| None) {
        assert!(d.ends_with("gangmu"), "{}", d.display());
    }
}

#[test]
fn save_then_load() {
    let tmp = tempfile::tempdir().unwrap();
    let key = DocKey::of(b"text");
    let mut s = store(tmp.path());
    assert_eq!(s.load_position(&key), None);
    s.save_position(&key, pos(42, 10));
    assert_eq!(s.load_position(&key).unwrap().offset, 42);
    assert!(s.take_warnings().is_empty());
    // human-readable: pretty JSON with the key in it
    let text = fs::read_to_string(tmp.path().join(POSITIONS_FILE)).unwrap();
    assert!(
        text.contains(&key.to_string()) && text.contains("\n  "),
        "{text}"
    );
    // no temporary files left behind
    let names: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, [POSITIONS_FILE]);
}

#[test]
fn older_record_does_not_replace_newer() {
    let tmp = tempfile::tempdir().unwrap();
    let key = DocKey::of(b"text");
    let (mut a, mut b) = (store(tmp.path()), store(tmp.path()));
    a.save_position(&key, pos(100, 20));
    b.save_position(&key, pos(5, 10));
    assert_eq!(a.load_position(&key).unwrap().offset, 100);
    b.save_position(&key, pos(7, 20)); // a tie: the writer wins
    assert_eq!(a.load_position(&key).unwrap().offset, 7);
}

#[test]
fn marks_merge_per_letter() {
    let tmp = tempfile::tempdir().unwrap();
    let key = DocKey::of(b"text");
    let (mut a, mut b) = (store(tmp.path()), store(tmp.path()));
    let mark = |offset, updated| Mark {
        offset,
        updated,
        excerpt: "第一章".into(),
        section_title: None,
    };
    a.save_marks(
        &key,
        "a.txt",
        &Marks::from([('a', mark(1, 10)), ('b', mark(2, 30))]),
    );
    b.save_marks(
        &key,
        "a.txt",
        &Marks::from([('b', mark(3, 20)), ('c', mark(4, 20))]),
    );
    let merged = a.load_marks(&key);
    assert_eq!(merged.len(), 3);
    assert_eq!(merged[&'a'].offset, 1);
    assert_eq!(merged[&'b'].offset, 2, "the newer mark b is kept");
    assert_eq!(merged[&'c'].offset, 4);
    assert!(a.load_marks(&DocKey::of(b"other")).is_empty());
}

#[test]
fn simultaneous_writers_keep_every_document() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let threads: Vec<_> = (0..8u64)
        .map(|i| {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let mut s = store(&dir);
                for round in 0..5 {
                    s.save_position(&DocKey::of(&i.to_le_bytes()), pos(i * 10 + round, round));
                }
                s.take_warnings()
            })
        })
        .collect();
    for t in threads {
        assert!(t.join().unwrap().is_empty());
    }
    let mut s = store(&dir);
    for i in 0..8u64 {
        let p = s.load_position(&DocKey::of(&i.to_le_bytes())).unwrap();
        assert_eq!(p.offset, i * 10 + 4);
    }
    assert!(!dir.join("positions.json.lock").exists());
}

#[test]
fn edited_file_is_found_by_its_path() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = store(tmp.path());
    let (old, new) = (DocKey::of(b"v1"), DocKey::of(b"v2"));
    let mut p = pos(42, 10);
    p.file_name = "/books/a.txt".into();
    s.save_position(&old, p.clone());
    let exact = s.find_position(&old, "/books/a.txt").unwrap();
    assert!(exact.same_document);
    let edited = s.find_position(&new, "/books/a.txt").unwrap();
    assert!(!edited.same_document);
    assert_eq!(edited.position, p);
    assert_eq!(s.find_position(&new, "/books/b.txt"), None);
    assert_eq!(s.find_position(&new, ""), None);
    let mark = Mark {
        offset: 5,
        section_title: Some("第二章 分则".into()),
        ..Mark::default()
    };
    s.save_marks(&old, "/books/a.txt", &Marks::from([('a', mark)]));
    let (marks, same) = s.find_marks(&new, "/books/a.txt");
    assert!(!same);
    let doc = Document::parse(DOC, Format::Plain);
    assert_eq!(
        resolve_mark(&marks[&'a'], &doc, same),
        DOC.find("第二章").unwrap()
    );
    assert_eq!(s.find_marks(&old, "").0.len(), 1);
}

#[test]
fn keeps_the_most_recent_documents() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = store(tmp.path());
    let mut docs = BTreeMap::new();
    for i in 0..(MAX_DOCUMENTS as u64 + 5) {
        docs.insert(DocKey::of(&i.to_le_bytes()).to_string(), pos(i, i + 100));
    }
    let file = PositionsFile {
        version: VERSION,
        documents: docs,
    };
    fs::write(
        tmp.path().join(POSITIONS_FILE),
        serde_json::to_vec(&file).unwrap(),
    )
    .unwrap();
    let newest = DocKey::of(b"newest");
    s.save_position(&newest, pos(1, 10_000));
    let back: PositionsFile =
        serde_json::from_slice(&fs::read(tmp.path().join(POSITIONS_FILE)).unwrap()).unwrap();
    assert_eq!(back.documents.len(), MAX_DOCUMENTS);
    assert!(back.documents.contains_key(&newest.to_string()));
    let oldest = DocKey::of(&0u64.to_le_bytes()).to_string();
    assert!(!back.documents.contains_key(&oldest));
}

#[test]
fn corrupt_file_warns_once_and_is_set_aside() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join(POSITIONS_FILE);
    fs::write(&path, b"{\"version\": 1, \"documents\": {\"ab").unwrap();
    let key = DocKey::of(b"x");
    let mut s = store(tmp.path());
    assert_eq!(s.load_position(&key), None);
    assert_eq!(s.load_position(&key), None);
    s.save_position(&key, pos(9, 1));
    let warnings = s.take_warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(matches!(&warnings[0], StateWarning::Corrupt { path: p, .. } if *p == path));
    assert_eq!(s.load_position(&key).unwrap().offset, 9);
    assert!(tmp.path().join("positions.json.corrupt").exists());
}

#[test]
fn unwritable_directory_is_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("plain-file");
    fs::write(&file, b"").unwrap();
    let mut s = store(&file.join("sub")); // under a regular file: never creatable, even as root
    let key = DocKey::of(b"x");
    assert_eq!(s.load_position(&key), None);
    s.save_position(&key, pos(1, 1));
    s.save_marks(&key, "x", &Marks::new());
    let w = s.take_warnings();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(matches!(w[0], StateWarning::Unwritable { .. }));
}

const DOC: &str = "第一章 总则\n正文一。\n第一节 目的\n正文二。\n第二章 分则\n正文三。\n";

#[test]
fn capture_and_resolve_same_document() {
    let doc = Document::parse(DOC, Format::Plain);
    let at = DOC.find("正文三").unwrap();
    let p = Position::capture(&doc, at, vec![0], vec![], "d.txt".into(), 5);
    assert_eq!(p.section_title.as_deref(), Some("第二章 分则"));
    assert_eq!(p.section_path, [1]);
    assert_eq!(resolve_position(&p, &doc, true), at);
    // an offset inside a character snaps back to its start
    let mid = Position {
        offset: at as u64 + 1,
        ..p.clone()
    };
    assert_eq!(resolve_position(&mid, &doc, true), at);
    assert_eq!(resolve_folds(&p, &doc, true).0, [0]);
    assert!(resolve_folds(&p, &doc, false).0.is_empty());
}

#[test]
fn edited_document_falls_back_to_title_then_path_then_top() {
    let doc = Document::parse(DOC, Format::Plain);
    let sub = Position::capture(
        &doc,
        DOC.find("正文二").unwrap(),
        vec![],
        vec![],
        String::new(),
        1,
    );
    assert_eq!(sub.section_path, [0, 0]);
    let edited_text = format!("前言\n新的一段。\n{DOC}");
    let edited = Document::parse(&edited_text, Format::Plain);
    let heading = edited_text.find("第一节").unwrap();
    assert_eq!(resolve_position(&sub, &edited, false), heading);
    // title gone: the same path
    let renamed = Position {
        section_title: Some("不存在".into()),
        ..sub.clone()
    };
    assert_eq!(
        resolve_position(&renamed, &doc, false),
        DOC.find("第一节").unwrap()
    );
    // neither: the top
    let lost = Position {
        section_title: Some("不存在".into()),
        section_path: vec![7],
        ..sub
    };
    assert_eq!(resolve_position(&lost, &doc, false), 0);
}
