//! The `Alt-/` results list over the whole shelf in a real terminal (tmux): `*` then a term
//! found only in a document never opened this session lists that match with its document's
//! name, and Enter opens that document with the match on screen.
//! The tmux tests skip themselves (with a message) when tmux is not installed.

mod support;

use std::fmt::Write as _;
use std::path::Path;

use support::tmux::{self, Tmux, status_line, text_top};

/// A document of six chapters named after `tag`, each longer than the screen; `extra` is a
/// paragraph put in the fifth chapter.
fn write_doc(dir: &Path, name: &str, tag: &str, extra: &str) {
    let mut text = format!("{tag}之书\n\n");
    for ch in ["一", "二", "三", "四", "五", "六"] {
        let _ = writeln!(text, "第{ch}章 {tag}{ch}\n");
        for p in 1..=15 {
            let _ = writeln!(text, "{tag}{ch}章第{p}段，雨后山路湿滑。\n");
            if ch == "五" && p == 9 && !extra.is_empty() {
                let _ = writeln!(text, "{extra}\n");
            }
        }
    }
    std::fs::write(dir.join(name), text).expect("write fixture");
}

#[test]
fn a_starred_results_list_finds_a_term_in_an_unopened_document_and_enter_goes_there() {
    if !tmux::available("shelf results list") {
        return;
    }
    let dir = support::temp_dir("shelf-search");
    let books = dir.join("books");
    std::fs::create_dir_all(&books).expect("the books directory");
    write_doc(&books, "1-甲.txt", "甲", "");
    write_doc(&books, "2-乙.txt", "乙", "");
    write_doc(&books, "3-丙.txt", "丙", "守夜人在桥头点起一盏青灯。");
    let t = Tmux::start(120, 24);
    let state = dir.join("state");
    t.launch(&[
        "--state-dir",
        support::path_str(&state),
        support::path_str(&books),
    ]);
    t.wait_for_reader();
    t.wait_for("the first document", |s| text_top(s).starts_with("甲之书"));
    t.keys(&["M-/"]);
    t.type_text("*青灯");
    // found in the background in the third document, never opened: named with its section
    let listed = t.wait_for("the match in 3-丙.txt, the list done", |s| {
        s.contains("1/1 ") && s.contains("3-丙.txt › 第五章") && s.contains("青灯")
    });
    assert!(!listed.contains("1/1…"), "{listed}");
    t.keys(&["Enter"]);
    let there = t.wait_for("the third document with the match on screen", |s| {
        s.contains("守夜人在桥头点起一盏青灯") && !status_line(s).starts_with('/')
    });
    // the third document's outline, its section and the search active there
    assert!(there.contains("第五章 丙五"), "{there}");
    assert!(!there.contains("甲一"), "{there}");
    let status = status_line(&there);
    assert!(
        status.starts_with("第五章 丙五") && status.contains("1/1"),
        "{status}"
    );
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}
