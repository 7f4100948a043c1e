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
    let copies = names_starting(tmp.path(), "positions.json.corrupt-");
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert_eq!(
        fs::read(tmp.path().join(&copies[0])).unwrap(),
        b"{\"version\": 1, \"documents\": {\"ab"
    );
}

/// Names of the files in `dir` starting with `prefix`, sorted.
fn names_starting(dir: &Path, prefix: &str) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect();
    v.sort();
    v
}

/// A positions file with one good document (`good`) and one whose `field` is `bad`.
fn positions_with_bad(field: &str, bad: &str) -> String {
    format!(
        r#"{{
  "version": 1,
  "documents": {{
    "good": {{ "offset": 42, "updated": 7, "file_name": "a.txt" }},
    "bad": {{ "offset": 5, "updated": 8, "file_name": "b.txt", "{field}": {bad} }}
  }}
}}"#
    )
}

#[test]
fn a_wrong_typed_entry_drops_only_itself() {
    let cases = [
        ("offset", r#""12""#),
        ("offset", "null"),
        ("offset", "18446744073709551616"),
        ("offset", "-5"),
        ("offset", "1.5"),
        ("updated", r#""yesterday""#),
        ("folded", r#"[1, "x"]"#),
        ("section_title", "7"),
        ("file_name", "[]"),
    ];
    for (field, bad) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(POSITIONS_FILE);
        let original = positions_with_bad(field, bad);
        fs::write(&path, &original).unwrap();
        let mut s = store(tmp.path());
        let key = DocKey::of(b"new");
        // reading keeps the valid entry
        let mut file: PositionsFile = s.read(POSITIONS_FILE);
        assert_eq!(file.documents.remove("good").map(|p| p.offset), Some(42));
        assert!(file.documents.is_empty(), "{field}: {bad}");
        // saving keeps it too, and keeps the original aside
        s.save_position(&key, pos(9, 10));
        let back: PositionsFile = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        assert_eq!(back.documents["good"].offset, 42, "{field}: {bad}");
        assert_eq!(back.documents[&key.to_string()].offset, 9);
        assert!(!back.documents.contains_key("bad"));
        let copies = names_starting(tmp.path(), "positions.json.corrupt-");
        assert_eq!(copies.len(), 1, "{field}: {bad}");
        assert_eq!(
            fs::read_to_string(tmp.path().join(&copies[0])).unwrap(),
            original
        );
        // one warning, on one line, naming the file
        let w = s.take_warnings();
        assert_eq!(w.len(), 1, "{field}: {bad}: {w:?}");
        assert!(
            matches!(&w[0], StateWarning::Repaired { dropped: 1, path: p, .. } if *p == path),
            "{w:?}"
        );
        assert!(!w[0].to_string().contains('\n'));
        // the repaired file is clean: no more warnings, no more copies
        let mut again = store(tmp.path());
        again.save_position(&key, pos(10, 11));
        assert!(again.take_warnings().is_empty());
        assert_eq!(
            names_starting(tmp.path(), "positions.json.corrupt-").len(),
            1
        );
    }
}

#[test]
fn an_unknown_version_keeps_every_entry() {
    for version in [r#""1""#, "0", "-1", "null", "1.5"] {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(POSITIONS_FILE);
        let text = format!(
            r#"{{"version": {version}, "documents": {{"good": {{"offset": 42, "updated": 7}}}}}}"#
        );
        fs::write(&path, &text).unwrap();
        let mut s = store(tmp.path());
        s.save_position(&DocKey::of(b"x"), pos(1, 1));
        let back: PositionsFile = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        assert_eq!(back.version, VERSION);
        assert_eq!(back.documents["good"].offset, 42, "version {version}");
        assert_eq!(back.documents.len(), 2);
        assert_eq!(
            names_starting(tmp.path(), "positions.json.corrupt-").len(),
            1,
            "version {version}"
        );
        assert_eq!(s.take_warnings().len(), 1);
    }
}

#[test]
fn a_newer_version_is_read_but_never_rewritten() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join(POSITIONS_FILE);
    let key = DocKey::of(b"x");
    let text = format!(
        r#"{{"version": 99, "future": true, "documents": {{"{key}": {{"offset": 42, "updated": 7, "new_field": [1]}}}}}}"#
    );
    fs::write(&path, &text).unwrap();
    let mut s = store(tmp.path());
    assert_eq!(s.load_position(&key).unwrap().offset, 42);
    s.save_position(&key, pos(9, 100));
    s.save_position(&DocKey::of(b"y"), pos(9, 100));
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    let w = s.take_warnings();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(matches!(w[0], StateWarning::Newer { version: 99, .. }));
    assert!(names_starting(tmp.path(), "positions.json.corrupt-").is_empty());
}

#[test]
fn wrong_typed_marks_drop_only_themselves() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join(MARKS_FILE);
    let key = DocKey::of(b"doc");
    let text = format!(
        r#"{{"version": 1, "documents": {{
  "{key}": {{"file_name": "a.txt", "updated": "yesterday", "marks": {{
    "a": {{"offset": 10, "updated": 5}},
    "b": {{"offset": "12"}},
    "c": {{"offset": null}},
    "d": {{"offset": 18446744073709551616}},
    "e": {{"offset": -5}},
    "ff": {{"offset": 1}},
    "g": {{"offset": 3, "updated": 6}}
  }}}},
  "other": 5
}}}}"#
    );
    fs::write(&path, &text).unwrap();
    let mut s = store(tmp.path());
    let marks = s.load_marks(&key);
    assert_eq!(marks.keys().copied().collect::<String>(), "ag");
    assert_eq!(marks[&'a'].offset, 10);
    s.save_marks(&key, "a.txt", &Marks::from([('z', Mark::default())]));
    assert_eq!(
        s.load_marks(&key).keys().copied().collect::<String>(),
        "agz"
    );
    let w = s.take_warnings();
    assert_eq!(w.len(), 1, "{w:?}");
    // updated, b, c, d, e, ff and the non-object document
    assert!(
        matches!(w[0], StateWarning::Repaired { dropped: 7, .. }),
        "{w:?}"
    );
    assert_eq!(names_starting(tmp.path(), "marks.json.corrupt-").len(), 1);
}

#[test]
fn warnings_never_carry_control_characters() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join(POSITIONS_FILE);
    fs::write(
        &path,
        "{\"version\": 1, \"documents\": {\"k\\u001b]0;x\\u0007\": {\"offset\": \"\\u001b[2J\\n\"}}}",
    )
    .unwrap();
    let mut s = store(tmp.path());
    assert_eq!(s.load_position(&DocKey::of(b"x")), None);
    let w = s.take_warnings();
    assert_eq!(w.len(), 1);
    let text = w[0].to_string();
    assert!(!text.chars().any(char::is_control), "{text:?}");
}

#[test]
fn corrupt_copies_keep_the_last_few() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join(POSITIONS_FILE);
    for i in 0..(KEEP_CORRUPT + 2) {
        fs::write(&path, format!("not json {i}")).unwrap();
        let mut s = store(tmp.path());
        s.save_position(&DocKey::of(b"x"), pos(1, 1));
    }
    let copies = names_starting(tmp.path(), "positions.json.corrupt-");
    assert_eq!(copies.len(), KEEP_CORRUPT);
    assert_eq!(
        fs::read_to_string(tmp.path().join(copies.last().unwrap())).unwrap(),
        format!("not json {}", KEEP_CORRUPT + 1)
    );
}

#[test]
fn a_writer_kept_from_the_lock_saves_to_a_side_file_that_is_merged() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join(POSITIONS_FILE);
    let (a, b) = (DocKey::of(b"a"), DocKey::of(b"b"));
    store(tmp.path()).save_position(&a, pos(1, 1));
    // a live writer (this process) holds the lock for longer than LOCK_WAIT
    let lock_path = tmp.path().join("positions.json.lock");
    fs::write(&lock_path, format!("{} held\n", std::process::id())).unwrap();
    let mut s = store(tmp.path());
    s.save_position(&b, pos(2, 2));
    assert!(s.take_warnings().is_empty());
    let sides = names_starting(tmp.path(), "positions.json.side-");
    assert_eq!(sides.len(), 1, "{sides:?}");
    // readers see it at once
    assert_eq!(store(tmp.path()).load_position(&b).unwrap().offset, 2);
    // the next writer with the lock folds it in and removes it
    fs::remove_file(&lock_path).unwrap();
    store(tmp.path()).save_position(&a, pos(3, 3));
    assert!(names_starting(tmp.path(), "positions.json.side-").is_empty());
    let back: PositionsFile = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    assert_eq!(back.documents[&a.to_string()].offset, 3);
    assert_eq!(back.documents[&b.to_string()].offset, 2);
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
