//! The shelf of documents in a real terminal (tmux): `gangmu a.txt b.txt` and `gangmu DIR/`,
//! the `Ctrl-p` picker listing them, switching back and forth keeping each one's position,
//! the state saved on a switch as on quitting, and bad documents (binary, deleted after the
//! listing, an empty directory) each said on one line, never a crash.
//! The tmux tests skip themselves (with a message) when tmux is not installed.

mod support;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use support::tmux::{self, Tmux, status_line, text_top};

const W: u16 = 120;
const H: u16 = 24;

/// A document of eight chapters named after `tag`, each longer than the screen.
fn write_doc(dir: &Path, name: &str, tag: &str) -> PathBuf {
    let mut text = format!("{tag}之书\n\n");
    for ch in ["一", "二", "三", "四", "五", "六", "七", "八"] {
        let _ = writeln!(text, "第{ch}章 {tag}{ch}\n");
        for p in 1..=12 {
            let _ = writeln!(text, "{tag}{ch}章第{p}段，正文在此。\n");
        }
    }
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write fixture");
    path
}

/// Starts the reader on `args` with the state in `state`, and waits for it.
fn start(what: &str, args: &[&str], state: &Path) -> Option<Tmux> {
    if !tmux::available(what) {
        return None;
    }
    let t = Tmux::start(W, H);
    let mut all = vec!["--state-dir", support::path_str(state)];
    all.extend_from_slice(args);
    t.launch(&all);
    t.wait_for_reader();
    Some(t)
}

/// Types `:query` Enter and waits until the top line starts with `want`.
fn go_to(t: &Tmux, query: &str, want: &str) {
    t.keys(&[":"]);
    t.type_text(query);
    t.keys(&["Enter"]);
    t.wait_for(&format!(":{query} to put {want:?} at the top"), |s| {
        text_top(s).starts_with(want) && !status_line(s).starts_with(':')
    });
}

/// Opens the shelf picker and waits for its window.
fn open_shelf(t: &Tmux) -> String {
    t.keys(&["C-p"]);
    t.wait_for("the shelf picker", |s| {
        s.contains("documents (↑↓ Enter Esc)")
    })
}

/// Picks the document `steps` rows down (up when negative) and waits for `want` at the top.
fn switch(t: &Tmux, steps: i32, want: &str) {
    open_shelf(t);
    let key = if steps < 0 { "k" } else { "j" };
    for _ in 0..steps.unsigned_abs() {
        t.keys(&[key]);
    }
    t.keys(&["Enter"]);
    t.wait_for(&format!("the switch to {want:?}"), |s| {
        text_top(s).starts_with(want) && !s.contains("documents (↑↓")
    });
}

fn quit(t: &Tmux) {
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn switching_between_two_documents_keeps_each_ones_position() {
    let dir = support::temp_dir("shelf-two");
    let a = write_doc(&dir, "a.txt", "甲");
    let b = write_doc(&dir, "b.txt", "乙");
    let state = dir.join("state");
    let Some(t) = start(
        "shelf tmux test",
        &[support::path_str(&a), support::path_str(&b)],
        &state,
    ) else {
        return;
    };
    go_to(&t, "第三章", "第三章 甲三");
    // the picker lists both, the one being read marked
    let screen = open_shelf(&t);
    let rows: Vec<&str> = screen.lines().filter(|l| l.contains(".txt")).collect();
    assert!(
        rows.iter().any(|r| r.contains("▶") && r.contains("a.txt")),
        "{screen}"
    );
    assert!(rows.iter().any(|r| r.contains("b.txt")), "{screen}");
    t.keys(&["Escape"]);
    t.wait_for("the picker closed", |s| !s.contains("documents (↑↓"));
    switch(&t, 1, "乙之书");
    go_to(&t, "第五章", "第五章 乙五");
    t.keys(&["j", "j"]);
    let b_top = t.wait_for("two lines down in b", |s| {
        !text_top(s).starts_with("第五章")
    });
    let b_top = text_top(&b_top);
    switch(&t, -1, "第三章 甲三");
    // a's title is known now that it was read: the picker shows it
    let screen = open_shelf(&t);
    assert!(screen.contains("甲之书 · a.txt"), "{screen}");
    t.keys(&["j", "Enter"]);
    t.wait_for("b where it was left", |s| text_top(s) == b_top);
    quit(&t);
    // the switch saved a as quitting does: opened alone, it resumes at its chapter three
    let Some(t) = start("shelf tmux test", &[support::path_str(&a)], &state) else {
        return;
    };
    t.wait_for("a resumed", |s| text_top(s).starts_with("第三章 甲三"));
    quit(&t);
}

#[test]
fn a_starred_go_to_reaches_a_heading_in_another_open_document() {
    let dir = support::temp_dir("shelf-star");
    let a = write_doc(&dir, "a.txt", "甲");
    let b = write_doc(&dir, "b.txt", "乙");
    let Some(t) = start(
        "shelf tmux test",
        &[support::path_str(&a), support::path_str(&b)],
        &dir.join("state"),
    ) else {
        return;
    };
    switch(&t, 1, "乙之书");
    // the list names the document each heading is in
    t.keys(&[":"]);
    t.type_text("*甲六");
    t.wait_for("a's heading listed from b", |s| {
        s.contains("headings in all documents") && s.contains("第六章 甲六")
    });
    t.keys(&["Enter"]);
    t.wait_for("a at its chapter six", |s| {
        text_top(s).starts_with("第六章 甲六") && !status_line(s).starts_with(':')
    });
    // and back: b's headings are searched from a
    go_to(&t, "*乙二", "第二章 乙二");
    quit(&t);
}

#[test]
fn a_starred_go_to_reaches_a_heading_in_a_document_never_opened() {
    let dir = support::temp_dir("shelf-unopened");
    let books = dir.join("books");
    std::fs::create_dir_all(&books).expect("fixture");
    write_doc(&books, "1.txt", "甲");
    write_doc(&books, "2.txt", "乙");
    // Markdown: headings are its `#` lines
    let mut md = String::from("# 丙之书\n\n");
    for ch in ["一", "二", "三", "四", "五", "六", "七", "八"] {
        let _ = writeln!(md, "## 第{ch}章 丙{ch}\n");
        for p in 1..=12 {
            let _ = writeln!(md, "丙{ch}章第{p}段，正文在此。\n");
        }
    }
    std::fs::write(books.join("3.md"), md).expect("fixture");
    std::fs::write(books.join("4.txt"), b"text\0\0\0binary\0").expect("fixture");
    let Some(t) = start(
        "shelf tmux test",
        &[support::path_str(&books)],
        &dir.join("state"),
    ) else {
        return;
    };
    t.wait_for("the first document", |s| text_top(s).starts_with("甲之书"));
    // 3.md was never opened: its headings were gathered in the background
    t.keys(&[":"]);
    t.type_text("*丙六");
    let screen = t.wait_for("the unopened document's heading listed", |s| {
        s.contains("headings in all documents") && s.contains("第六章 丙六")
    });
    assert!(
        screen.contains("3.md") || screen.contains("丙之书"),
        "{screen}"
    );
    t.keys(&["Enter"]);
    t.wait_for("3.md opened at its chapter six", |s| {
        text_top(s).starts_with("第六章 丙六") && !status_line(s).starts_with(':')
    });
    // the binary one was found unreadable in the background: marked before it is picked
    let screen = open_shelf(&t);
    assert_eq!(screen.matches('✗').count(), 1, "{screen}");
    t.keys(&["Escape"]);
    // and the first document kept its place: back at its start
    switch(&t, -2, "甲之书");
    quit(&t);
}

#[test]
fn a_directory_opens_its_documents_in_name_order_and_bad_ones_are_said() {
    let dir = support::temp_dir("shelf-dir");
    let books = dir.join("books");
    std::fs::create_dir_all(books.join("sub")).expect("fixture");
    write_doc(&books, "1.txt", "甲");
    write_doc(&books, "2.md", "乙");
    write_doc(&books, "10.txt", "丙");
    write_doc(&books, ".hidden.txt", "丁");
    write_doc(&books.join("sub"), "3.txt", "戊");
    std::fs::write(books.join("image.jpg"), b"\xff\xd8\xff\xe0 not a document").expect("fixture");
    std::fs::write(books.join("5.txt"), b"text\0\0\0binary\0").expect("fixture");
    let Some(t) = start(
        "shelf tmux test",
        &[support::path_str(&books)],
        &dir.join("state"),
    ) else {
        return;
    };
    t.wait_for("the first document", |s| text_top(s).starts_with("甲之书"));
    open_shelf(&t);
    // the titles of documents not opened yet come from their first line, in the background
    let screen = t.wait_for("2.md's title read without opening it", |s| {
        s.contains("乙之书 · 2.md") && s.contains("丙之书 · 10.txt")
    });
    // the picker's rows are the lines with a size
    let names: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains(" KB ") || l.contains(" B "))
        .filter_map(|l| {
            [
                "1.txt",
                "2.md",
                "5.txt",
                "10.txt",
                "3.txt",
                "image.jpg",
                ".hidden",
            ]
            .into_iter()
            .find(|n| l.contains(&format!(" {n} ")))
        })
        .collect();
    assert_eq!(names, ["1.txt", "2.md", "5.txt", "10.txt"], "{screen}");
    // the binary one: a notice, and the reader stays where it was
    t.keys(&["j", "j", "Enter"]);
    let screen = t.wait_for("the binary file refused", |s| {
        status_line(s).contains("cannot open 5.txt")
    });
    assert!(text_top(&screen).starts_with("甲之书"), "{screen}");
    // a file deleted after the listing: the same
    std::fs::remove_file(books.join("10.txt")).expect("fixture");
    open_shelf(&t);
    t.keys(&["G", "Enter"]);
    let screen = t.wait_for("the deleted file refused", |s| {
        status_line(s).contains("cannot open 10.txt")
    });
    assert!(text_top(&screen).starts_with("甲之书"), "{screen}");
    // the refused ones are marked in the list
    let screen = open_shelf(&t);
    assert_eq!(screen.matches('✗').count(), 2, "{screen}");
    t.keys(&["Escape"]);
    switch(&t, 1, "乙之书");
    quit(&t);
}

#[test]
fn an_empty_directory_is_one_line_and_a_failure() {
    let dir = support::temp_dir("shelf-empty");
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).expect("fixture");
    std::fs::write(empty.join("notes.jpg"), b"no document").expect("fixture");
    if !tmux::available("shelf tmux test") {
        return;
    }
    // wide enough for the message on one row
    let t = Tmux::start(250, H);
    t.launch(&[
        "--state-dir",
        support::path_str(&dir.join("state")),
        support::path_str(&empty),
    ]);
    assert_eq!(t.wait_for_exit(), 1);
    let screen = t.screen();
    let lines: Vec<&str> = screen
        .lines()
        .filter(|l| l.starts_with("gangmu:"))
        .collect();
    assert_eq!(lines.len(), 1, "{screen}");
    assert!(lines[0].contains("no documents to read"), "{screen}");
}
