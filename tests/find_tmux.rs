//! Finding in a real terminal (tmux) on a law written here: the live `:` picker — its list,
//! its preview, Enter and Esc. Skips itself (with a message) when tmux is not installed.

mod support;

use std::fmt::Write as _;
use std::path::Path;

use support::law::write_law;
use support::tmux::{self, Tmux, outline_row, status_line, text_top};

const W: u16 = 160;
const H: u16 = 30;

/// Opens `file` in a fresh tmux with its own state directory and waits for the reader.
fn open(file: &Path, state: &Path) -> Option<Tmux> {
    tmux::open_with_state("find tmux test", W, H, file, state)
}

fn quit(t: &Tmux) {
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn the_picker_lists_previews_and_jumps_or_puts_the_reader_back() {
    let dir = support::temp_dir("find-picker");
    let law = write_law(&dir);
    let Some(t) = open(&law, &dir.join("state")) else {
        return;
    };
    // `:510` Enter: the article labelled 510 at the top
    t.keys(&[":"]);
    t.type_text("510");
    t.wait_for("the list to show article 510", |s| {
        s.contains("第五百一十条") && s.contains("1/")
    });
    t.keys(&["Enter"]);
    t.wait_for("article 510 at the top, the prompt closed", |s| {
        text_top(s).starts_with("第五百一十条") && !status_line(s).starts_with(':')
    });

    // Esc after moving in the list returns to where `:` opened
    t.keys(&["g"]);
    let start = t.wait_for("the top of the law", |s| text_top(s).starts_with("第一编"));
    let start_top = text_top(&start);
    t.keys(&[":"]);
    t.type_text("第一章");
    t.wait_for("a chapter one previewed", |s| {
        text_top(s).starts_with("第一章") && s.contains("1/3")
    });
    t.keys(&["Down", "C-n"]);
    t.wait_for("the third chapter one previewed", |s| {
        text_top(s).starts_with("第一章　合同") && s.contains("3/3")
    });
    t.keys(&["Escape"]);
    let back = t.wait_for("the starting place again", |s| {
        !s.contains("3/3") && text_top(s) == start_top
    });
    assert!(!back.contains("第一章　合同第1部分"), "{back}");
    quit(&t);
}

/// A short regulation written here: chapters whose pinyin differ, one of them about 监督.
fn write_regulation(dir: &Path) -> std::path::PathBuf {
    let chapters = [
        ("一", "总则", "为了规范登记工作，制定本条例。"),
        ("二", "登记程序", "登记机关应当公开办事程序。"),
        ("三", "监督检查", "上级机关对下级机关的工作进行检查。"),
        ("四", "法律责任", "违反本条例的，依法处理。"),
    ];
    let mut text = String::new();
    let mut article = 0;
    for (n, title, body) in chapters {
        let _ = writeln!(text, "第{n}章　{title}");
        for _ in 0..8 {
            article += 1;
            let _ = writeln!(text, "第{article}条　{body}");
            let _ = writeln!(text, "{body}本章其余内容从略。");
        }
    }
    let path = dir.join("regulation.txt");
    std::fs::write(&path, text).expect("write the regulation");
    path
}

#[test]
fn pinyin_initials_and_syllables_find_a_chinese_heading() {
    let dir = support::temp_dir("find-pinyin");
    let file = write_regulation(&dir);
    let Some(t) = open(&file, &dir.join("state")) else {
        return;
    };
    // `:jd` lists the chapter about 监督 first: it is previewed at the top
    t.keys(&[":"]);
    t.type_text("jd");
    t.wait_for("the 监督 chapter listed first and previewed", |s| {
        text_top(s).starts_with("第三章　监督检查") && s.contains("1/")
    });
    t.keys(&["Escape"]);
    t.wait_for("the start again", |s| text_top(s).starts_with("第一章"));
    // full syllables, then Enter: the reader is there with the prompt closed
    t.keys(&[":"]);
    t.type_text("jiandu");
    t.wait_for("the 监督 chapter previewed", |s| {
        text_top(s).starts_with("第三章　监督检查")
    });
    t.keys(&["Enter"]);
    t.wait_for("the 监督 chapter at the top, the prompt closed", |s| {
        text_top(s).starts_with("第三章　监督检查") && !status_line(s).starts_with(':')
    });
    quit(&t);
}

/// The outline pane's rows, top to bottom, without the empty ones.
fn outline_rows(screen: &str) -> Vec<String> {
    (1..usize::from(H) - 1)
        .map(|r| outline_row(screen, r))
        .filter(|r| !r.is_empty())
        .collect()
}

#[test]
fn the_outline_filter_shows_matches_and_their_ancestors_and_esc_restores_the_tree() {
    let dir = support::temp_dir("find-filter");
    let file = write_regulation(&dir);
    let Some(t) = open(&file, &dir.join("state")) else {
        return;
    };
    t.keys(&["Tab", "z"]);
    let folded = t.wait_for("chapter one folded in the outline", |s| {
        outline_rows(s).get(1).is_some_and(|r| r.contains("第二章"))
    });
    let tree = outline_rows(&folded);
    // `下级` is in the articles of chapter three only: those and their chapter
    t.keys(&["/"]);
    t.type_text("下级");
    let filtered = t.wait_for("only chapter three and its articles", |s| {
        outline_rows(s).len() == 9
    });
    let rows = outline_rows(&filtered);
    assert!(rows[0].contains("第三章　监督检查"), "{rows:?}");
    assert!(rows[1..].iter().all(|r| r.contains("下级")), "{rows:?}");
    // Enter keeps the filter; Esc in the outline clears it and chapter one is folded again
    t.keys(&["Enter"]);
    t.wait_for("the prompt closed, the filter kept", |s| {
        !status_line(s).starts_with('/') && outline_rows(s).len() == 9
    });
    t.keys(&["Escape"]);
    t.wait_for("the tree as it was", |s| outline_rows(s) == tree);
    // the filter matches pinyin too, and Esc in its prompt clears it at once
    t.keys(&["/"]);
    t.type_text("jd");
    t.wait_for("the 监督 chapter alone", |s| {
        outline_rows(s).len() == 1 && outline_rows(s)[0].contains("监督")
    });
    t.keys(&["Escape"]);
    t.wait_for("the tree as it was", |s| outline_rows(s) == tree);
    quit(&t);
}

#[test]
fn a_regex_search_counts_hits_per_outline_row_and_a_bad_pattern_is_a_message() {
    let dir = support::temp_dir("find-regex");
    let file = write_regulation(&dir);
    let Some(t) = open(&file, &dir.join("state")) else {
        return;
    };
    // a regular expression: 登记机关 in chapter two and 下级机关 in chapter three, on each
    // article's title and body line
    t.keys(&["/"]);
    t.type_text("(下级|登记)机关");
    t.keys(&["Enter"]);
    t.wait_for("the first of 32 matches", |s| {
        status_line(s).contains("1/32")
    });
    // folded chapters show their subtree's hits; chapters without any show none
    t.keys(&["Tab", "-"]);
    let folded = t.wait_for("the chapters folded, with hits", |s| {
        outline_rows(s).len() == 4
    });
    let rows = outline_rows(&folded);
    assert!(
        rows[1].contains("第二章") && rows[1].ends_with(" 16"),
        "{rows:?}"
    );
    assert!(
        rows[2].contains("第三章") && rows[2].ends_with(" 16"),
        "{rows:?}"
    );
    assert!(
        rows[0].ends_with("总则") && rows[3].ends_with("法律责任"),
        "{rows:?}"
    );
    // an open chapter: its articles show their own hits, two each
    t.keys(&["+"]);
    let open = t.wait_for("the chapters open", |s| outline_rows(s).len() > 4);
    assert!(
        outline_rows(&open)
            .iter()
            .any(|r| r.contains("第9条") && r.ends_with(" 2")),
        "{open}"
    );
    // an invalid pattern is a message in the prompt, and Enter waits for a fix
    t.keys(&["Tab", "/"]);
    t.type_text("第(");
    t.wait_for("the reason in the prompt", |s| {
        status_line(s).starts_with("/第(") && status_line(s).contains("unclosed")
    });
    t.keys(&["Enter"]);
    t.wait_for("still in the prompt", |s| {
        status_line(s).starts_with("/第(")
    });
    // Ctrl-r: the same text searched as it is
    t.keys(&["C-r"]);
    t.wait_for("the literal prompt, no complaint", |s| {
        status_line(s).starts_with("/[literal] 第(") && !status_line(s).contains("unclosed")
    });
    t.keys(&["Escape"]);
    quit(&t);
}

#[test]
fn the_results_list_shows_every_match_in_its_section_and_enter_goes_there() {
    let dir = support::temp_dir("find-results");
    let file = write_regulation(&dir);
    let Some(t) = open(&file, &dir.join("state")) else {
        return;
    };
    t.keys(&["M-/"]);
    t.type_text("检查");
    // the chapter's title, and each article's title and body line
    let first = t.wait_for("17 matches listed", |s| s.contains("1/17 "));
    assert!(first.contains("第三章 › 第17条"), "{first}");
    // the list follows the typing: the chapter title has no 。 after 检查
    t.type_text("。");
    t.wait_for("16 matches", |s| s.contains("1/16 "));
    t.keys(&["Down", "C-n"]);
    t.wait_for("the third match selected", |s| s.contains("3/16 "));
    t.keys(&["Enter"]);
    t.wait_for("the third match at the top, the search active", |s| {
        text_top(s).starts_with("第18条") && status_line(s).contains("3/16")
    });
    quit(&t);
}
