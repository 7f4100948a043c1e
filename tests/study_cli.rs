//! The study commands without a terminal: `--print --section` prints one section (any go-to
//! target), `--notes` prints the saved highlights and notes as Markdown or JSON, found again
//! in the file as it is now.

#![allow(clippy::unwrap_used)]

mod support;

use std::path::{Path, PathBuf};

use gangmu::state::{DocKey, StateStore};
use gangmu::study::Note;

const TALK: &str = concat!(
    "在学习会上的讲话\n\n",
    "一、总体要求\n\n",
    "　　要学深悟透。要知行合一。\n\n",
    "二、主要任务\n\n",
    "（一）抓学习\n\n",
    "　　学习是前提。坚持不懈是关键！\n\n",
    "（二）抓落实\n\n",
    "　　落实是根本。\n",
);

fn write(dir: &Path) -> PathBuf {
    let file = dir.join("talk.txt");
    std::fs::write(&file, TALK).unwrap();
    file
}

fn stdout(args: &[&str]) -> String {
    let out = support::run(args);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn print_section_prints_one_section_for_any_go_to_target() {
    let dir = support::temp_dir("study-cli-print");
    let file = write(&dir);
    let f = support::path_str(&file);
    let two_one = "（一）抓学习\n\n　　学习是前提。坚持不懈是关键！\n";
    assert_eq!(stdout(&["--print", "--section", "2.1", f]), two_one);
    assert_eq!(stdout(&["--print", "-s", "抓学习", f]), two_one);
    // a source line: the section holding it
    assert_eq!(stdout(&["--print", "-s", "L11", f]), two_one);
    // a section with subsections prints them too
    let two = stdout(&["--print", "-s", "二", f]);
    assert!(two.starts_with("二、主要任务\n\n（一）抓学习"), "{two}");
    assert!(two.ends_with("落实是根本。\n"), "{two}");
    assert!(!two.contains("总体要求"), "{two}");
    // nothing there: one line, exit 1
    let out = support::run(&["--print", "-s", "9.9", f]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no section"), "{err}");
}

#[test]
fn notes_prints_markdown_and_json_found_again_in_the_file() {
    let dir = support::temp_dir("study-cli-notes");
    let file = write(&dir);
    let state = dir.join("state");
    let f = support::path_str(&file);
    let s = support::path_str(&state);
    // nothing saved: the title alone
    assert_eq!(
        stdout(&["--notes", "--state-dir", s, f]),
        "# 在学习会上的讲话\n"
    );
    // notes saved by a reader (under the file's absolute path), one of them on text that is gone
    let at = TALK.find("学习是前提").unwrap();
    let mut gone = Note::new(
        "旧文：已删除的一句。",
        "旧文：".len().."旧文：已删除的一句。".len(),
        "旧".into(),
    );
    gone.range = None;
    let notes = vec![
        Note::new(TALK, at..at + "学习是前提。".len(), "重点\n再读".into()),
        gone,
    ];
    let mut store = StateStore::open(Some(state.clone()));
    let name = std::fs::canonicalize(&file).unwrap();
    store.save_notes(
        &DocKey::of(TALK.as_bytes()),
        &name.to_string_lossy(),
        &notes,
    );
    assert_eq!(
        stdout(&["--notes", "--state-dir", s, f]),
        "# 在学习会上的讲话\n\n## 二、主要任务 › （一）抓学习\n\n> 学习是前提。\n\n\
         重点  \n再读  \n\n## Orphaned (the text is no longer in the document)\n\n\
         > 已删除的一句。\n\n旧  \n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&["--notes", "--json", "--state-dir", s, f])).unwrap();
    assert_eq!(json["notes"][0]["path"][1], "（一）抓学习");
    assert_eq!(json["notes"][0]["note"], "重点\n再读");
    assert_eq!(json["notes"][1]["orphan"], true);
    // the file edited: found again by its text, under the same path
    std::fs::write(
        &file,
        TALK.replace("二、主要任务\n", "二、主要任务\n\n　　插入一段。\n"),
    )
    .unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&["--notes", "--json", "--state-dir", s, f])).unwrap();
    assert_eq!(json["notes"][0]["text"], "学习是前提。");
    assert_eq!(json["notes"][0]["line"], 13);
}

#[test]
fn notes_is_a_listing_of_its_own() {
    let out = support::run(&["--notes", "--print", "x.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let out = support::run(&["--notes", "--outline", "x.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let out = support::run(&["--notes"]);
    assert_eq!(out.status.code(), Some(2), "--notes needs FILE");
}
