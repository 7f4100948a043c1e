//! Navigation in a real terminal (tmux) on fixtures written here: `:` by heading label in a
//! law, the outline pane driven on a big tree, `''` toggling, resize keeping the top line, and
//! correcting the section tree (`x`, `H`, `L`) so that it survives a reopen and `--outline`.
//! The tmux tests skip themselves (with a message) when tmux is not installed.

mod support;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use support::law::{CLOSING, cjk, write_law};
use support::tmux::{self, Tmux, outline_row, status_line, text_top};

/// Wide enough for the status line to name the focused pane's keys.
/// Wide enough that the status line keeps the full key hint (it gives way to the breadcrumb
/// first), which is how these tests tell the focus.
const W: u16 = 160;
const H: u16 = 30;

/// Opens `file` in a fresh tmux of `W`×`H` with its own state directory and waits for the reader.
fn open(file: &Path, state: &Path) -> Option<Tmux> {
    tmux::open_with_state("navigation tmux test", W, H, file, state)
}

/// Types `:query` Enter and waits until the text pane's top line starts with `want`.
fn go_to(t: &Tmux, query: &str, want: &str) -> String {
    t.keys(&[":"]);
    t.type_text(query);
    t.keys(&["Enter"]);
    // the picker previews the heading while the prompt is open: wait for the prompt to close too
    t.wait_for(&format!(":{query} to put {want:?} at the top"), |s| {
        text_top(s).starts_with(want) && !status_line(s).starts_with(':')
    })
}

fn quit(t: &Tmux) {
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn go_to_finds_a_division_by_its_label_not_an_article_citing_it() {
    let dir = support::temp_dir("nav-goto");
    let law = write_law(&dir);
    let Some(t) = open(&law, &dir.join("state")) else {
        return;
    };
    t.keys(&["g"]);
    go_to(&t, "第三编", "第三编　合同");
    t.keys(&["g"]);
    go_to(&t, "3编", "第三编　合同");
    go_to(&t, "510条", "第五百一十条");
    t.keys(&["g"]);
    go_to(&t, "第510条", "第五百一十条");
    t.keys(&["g"]);
    go_to(&t, "五百一十", "第五百一十条");
    t.keys(&["g"]);
    go_to(&t, "510", "第五百一十条");
    // the same text again walks through the headings of the best rank: the first chapters
    t.keys(&["g"]);
    go_to(&t, "第一章", "第一章　总则第1部分");
    go_to(&t, "第一章", "第一章　物权第1部分");
    go_to(&t, "第一章", "第一章　合同第1部分");
    // a source line and a percentage still work
    t.keys(&["g"]);
    go_to(&t, "L3", "第一条");
    let s = go_to(&t, "100%", "");
    assert!(status_line(&s).contains("100%"), "{s}");
    quit(&t);
}

/// A speech-like report: twelve `一、` sections of five `（一）` subsections of four `1.` items,
/// each with a long body paragraph whose sentences are numbered (so every wrapped line reads
/// differently).
fn write_speech(dir: &Path) -> PathBuf {
    let mut text = String::from("关于全面推进各项工作的报告\n\n");
    for a in 1..=12 {
        let _ = writeln!(text, "{}、第{a}方面的工作\n", cjk(a));
        for b in 1..=5 {
            let _ = writeln!(text, "（{}）第{a}方面第{b}项任务\n", cjk(b));
            for c in 1..=4 {
                let _ = write!(text, "{c}. 第{a}.{b}.{c}条措施。");
                for k in 1..=12 {
                    let _ = write!(text, "第{a}-{b}-{c}段第{k}句讲述具体要求和做法，");
                }
                text.push_str("以上各点务必落实。\n\n");
            }
        }
    }
    let path = dir.join("speech.txt");
    std::fs::write(&path, text).expect("write the speech");
    path
}

#[test]
fn resizing_there_and_back_keeps_the_top_line() {
    let dir = support::temp_dir("nav-resize");
    let speech = write_speech(&dir);
    if !tmux::available("navigation tmux test") {
        return;
    }
    let t = Tmux::start(120, H);
    t.launch(&[
        "--state-dir",
        support::path_str(&dir.join("state")),
        support::path_str(&speech),
    ]);
    t.wait_for_reader();
    t.keys(&["2"]);
    t.wait_for("the second section", |s| text_top(s).starts_with("二、"));
    // into the middle of a long wrapped paragraph
    for _ in 0..9 {
        t.keys(&["j"]);
    }
    t.wait_for("nine lines down", |s| !text_top(s).starts_with("二、"));
    // let the last key land before reading the top line
    std::thread::sleep(std::time::Duration::from_millis(300));
    let top = text_top(&t.screen());
    assert!(top.contains('句'), "a body line at the top: {top}");
    for round in 1..=4 {
        t.resize(70, H);
        t.wait_for(&format!("round {round}: the narrow layout"), |s| {
            let now = text_top(s);
            !now.is_empty() && now != top
        });
        t.resize(120, H);
        t.wait_for(&format!("round {round}: the same top line {top:?}"), |s| {
            text_top(s) == top
        });
    }
    quit(&t);
}

/// Opens the speech at `W`×`H`.
fn open_speech(name: &str) -> Option<(Tmux, support::TempDir)> {
    let dir = support::temp_dir(name);
    let speech = write_speech(&dir);
    let t = open(&speech, &dir.join("state"))?;
    Some((t, dir))
}

/// Presses `keys` and waits until the text pane's top line starts with `want`.
fn press_until_top(t: &Tmux, keys: &[&str], want: &str) -> String {
    t.keys(keys);
    t.wait_for(&format!("{keys:?} to put {want:?} at the top"), |s| {
        text_top(s).starts_with(want)
    })
}

/// The screen row (1-based under the title bar) of the outline row holding `text`.
fn outline_row_of(screen: &str, text: &str) -> Option<usize> {
    (1..usize::from(H) - 1).find(|&r| outline_row(screen, r).contains(text))
}

#[test]
fn quote_quote_toggles_between_the_last_two_places() {
    let Some((t, _dir)) = open_speech("nav-toggle") else {
        return;
    };
    let start = text_top(&t.screen());
    press_until_top(&t, &["g"], &start);
    press_until_top(&t, &["2"], "二、第2方面的工作");
    press_until_top(&t, &["'", "'"], &start);
    press_until_top(&t, &["'", "'"], "二、第2方面的工作");
    press_until_top(&t, &["'", "'"], &start);
    press_until_top(&t, &["'", "'"], "二、第2方面的工作");
    // Ctrl-o walks the jump list back, one jump at a time
    press_until_top(&t, &["4"], "四、第4方面的工作");
    press_until_top(&t, &["6"], "六、第6方面的工作");
    press_until_top(&t, &["C-o"], "四、第4方面的工作");
    press_until_top(&t, &["C-o"], "二、第2方面的工作");
    quit(&t);
}

#[test]
fn the_outline_pane_is_driven_on_a_big_tree() {
    let Some((t, _dir)) = open_speech("nav-outline") else {
        return;
    };
    t.keys(&["Tab"]);
    t.wait_for("outline focus", |s| status_line(s).contains("Enter"));
    press_until_top(&t, &["G"], "4. 第12.5.4条措施");
    press_until_top(&t, &["g"], "一、第1方面的工作");
    // a page is the pane's height less one: 27 rows, past the 26 rows of `一、`
    let s = press_until_top(&t, &["Space"], "（一）第2方面第1项任务");
    let row = outline_row_of(&s, "第2方面第1项任务").expect("the selected row is shown");
    assert!(
        row + 3 < usize::from(H) - 1,
        "context below the selected row (row {row}):\n{s}"
    );
    assert!(
        outline_row_of(&s, "二、第2方面的工作").is_some(),
        "its parent is on screen:\n{s}"
    );
    press_until_top(&t, &["b"], "一、第1方面的工作");
    press_until_top(&t, &["PageDown"], "（一）第2方面第1项任务");
    press_until_top(&t, &["PageUp"], "一、第1方面的工作");
    press_until_top(&t, &["C-d"], "3. 第1.3.3条措施");
    press_until_top(&t, &["C-u"], "一、第1方面的工作");
    // siblings and the parent
    press_until_top(&t, &["J"], "二、第2方面的工作");
    press_until_top(&t, &["J"], "三、第3方面的工作");
    press_until_top(&t, &["K"], "二、第2方面的工作");
    press_until_top(&t, &["j"], "（一）第2方面第1项任务");
    press_until_top(&t, &["J"], "（二）第2方面第2项任务");
    let s = press_until_top(&t, &["p"], "二、第2方面的工作");
    assert!(
        outline_row_of(&s, "（一）第2方面第1项任务").is_some(),
        "{s}"
    );
    // `z` folds (Space pages now)
    t.keys(&["z"]);
    t.wait_for("二、 folded", |s| {
        outline_row_of(s, "（一）第2方面第1项任务").is_none()
    });
    // from the end of a long tree, `G` leaves context above and the last row at the bottom
    t.keys(&["G"]);
    let s = t.wait_for("the last row", |s| {
        text_top(s).starts_with("4. 第12.5.4条措施")
    });
    assert!(
        outline_row_of(&s, "十二、第12方面的工作").is_some(),
        "the parent of the last row is on screen:\n{s}"
    );
    // Esc gives the keyboard back to the text: `k` scrolls a line instead of selecting
    t.keys(&["Escape"]);
    t.wait_for("text focus", |s| status_line(s).contains("Tab outline"));
    t.keys(&["k", "k"]);
    t.wait_for("two rows up, to the end of the paragraph before", |s| {
        text_top(s).contains("第12-5-3段第12句")
    });
    quit(&t);
}

/// `gangmu --outline` with the state directory `state`.
fn outline_of(file: &Path, state: &Path) -> String {
    let out = support::run(&[
        "--state-dir",
        support::path_str(state),
        "--outline",
        support::path_str(file),
    ]);
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).expect("UTF-8 outline")
}

/// The column where `text` starts in the outline pane (the first row holding it).
fn column_of(screen: &str, text: &str) -> Option<usize> {
    screen.lines().skip(1).find_map(|l| {
        let outline = l.split_once('│').map_or("", |(o, _)| o);
        outline
            .find(text)
            .map(|i| outline.get(..i).unwrap_or("").chars().count())
    })
}

#[test]
fn corrections_of_the_tree_survive_a_reopen_and_reach_the_outline() {
    let dir = support::temp_dir("nav-correct");
    let law = write_law(&dir);
    let state = dir.join("state");
    let before = outline_of(&law, &state);
    assert!(before.lines().any(|l| l == "第二编　物权"), "{before}");
    assert!(before.lines().any(|l| l == "第三编　合同"), "{before}");
    let Some(t) = open(&law, &state) else {
        return;
    };
    t.keys(&["Tab"]);
    t.wait_for("outline focus", |s| status_line(s).contains("Enter"));
    go_to(&t, "第二编", "第二编　物权");
    t.keys(&["x"]);
    t.wait_for("第二编 gone from the outline", |s| {
        outline_row_of(s, "第二编").is_none()
    });
    let s = go_to(&t, "第三编", "第三编　合同");
    let top_column = column_of(&s, "第三编　合同").expect("第三编 in the outline");
    t.keys(&["L"]);
    t.wait_for("第三编 a level down", |s| {
        column_of(s, "第三编　合同").is_some_and(|c| c > top_column)
    });
    quit(&t);
    let after = outline_of(&law, &state);
    assert!(!after.contains("第二编"), "x made it body text:\n{after}");
    assert!(
        after.lines().any(|l| l == "  第三编　合同"),
        "L moved it a level down:\n{after}"
    );
    // reopened, the reader shows the corrected tree; `H` moves the part back up
    let t = Tmux::start(W, H);
    t.launch(&[
        "--state-dir",
        support::path_str(&state),
        support::path_str(&law),
    ]);
    let s = t.wait_for_reader();
    assert!(outline_row_of(&s, "第二编").is_none(), "{s}");
    assert!(
        column_of(&s, "第三编　合同").is_some_and(|c| c > top_column),
        "still a level down:\n{s}"
    );
    t.keys(&["Tab"]);
    t.wait_for("outline focus", |s| status_line(s).contains("Enter"));
    go_to(&t, "第三编", "第三编　合同");
    t.keys(&["H"]);
    t.wait_for("第三编 back at the top level", |s| {
        column_of(s, "第三编　合同") == Some(top_column)
    });
    quit(&t);
    let last = outline_of(&law, &state);
    assert!(last.lines().any(|l| l == "第三编　合同"), "{last}");
    assert!(!last.contains("第二编"), "{last}");
}

#[test]
fn prompt_history_is_kept_across_a_reopen_and_an_empty_enter_repeats() {
    let Some((t, dir)) = open_speech("nav-history") else {
        return;
    };
    go_to(&t, "第3方面的", "三、第3方面的工作");
    t.keys(&["g"]);
    // an empty Enter repeats the last go-to
    t.keys(&[":", "Enter"]);
    t.wait_for("the go-to repeated", |s| text_top(s).starts_with("三、"));
    t.keys(&["/"]);
    t.type_text("第5-2-1段");
    t.keys(&["Enter"]);
    t.wait_for("the match count", |s| status_line(s).contains("/12"));
    quit(&t);
    let t = Tmux::start(W, H);
    t.launch(&[
        "--state-dir",
        support::path_str(&dir.join("state")),
        support::path_str(&dir.join("speech.txt")),
    ]);
    t.wait_for_reader();
    // ↑ brings back what was typed last time
    t.keys(&["/", "Up"]);
    t.wait_for("the saved search", |s| {
        status_line(s).contains("/第5-2-1段")
    });
    // (Esc on its own: Esc and a key in one write read as Alt and that key)
    t.keys(&["Escape"]);
    t.wait_for("the prompt closed", |s| {
        !status_line(s).contains("/第5-2-1段")
    });
    t.keys(&[":", "Up"]);
    t.wait_for("the saved go-to", |s| status_line(s).contains(":第3方面的"));
    t.keys(&["Escape"]);
    t.wait_for("the prompt closed", |s| {
        !status_line(s).contains(":第3方面的")
    });
    t.keys(&["/", "Enter"]);
    t.wait_for("an empty Enter searches for the saved search", |s| {
        status_line(s).contains("1/12")
    });
    quit(&t);
}

#[test]
fn x_makes_the_top_paragraph_a_heading_and_again_undoes_it() {
    let dir = support::temp_dir("nav-make-heading");
    let law = write_law(&dir);
    let state = dir.join("state");
    let text = std::fs::read_to_string(&law).expect("the law");
    let line = text.lines().count();
    assert_eq!(text.lines().last(), Some(CLOSING));
    // a heading's title is its first sentence, without the full stop
    let title = CLOSING.trim_end_matches('。');
    assert!(!outline_of(&law, &state).contains(title));
    let Some(t) = open(&law, &state) else {
        return;
    };
    go_to(&t, &format!("L{line}"), CLOSING);
    t.keys(&["X"]);
    t.wait_for("the paragraph in the outline", |s| {
        outline_row_of(s, "以上条文").is_some()
    });
    quit(&t);
    let after = outline_of(&law, &state);
    let shown = after
        .lines()
        .find(|l| l.contains(title))
        .expect("the new heading in --outline");
    let article = after
        .lines()
        .find(|l| l.contains("第五百二十条"))
        .expect("the last article");
    let indent = |l: &str| l.len() - l.trim_start().len();
    assert_eq!(
        indent(shown),
        indent(article) + 2,
        "one level below:\n{after}"
    );
    // reopened, `X` on that heading undoes the correction
    let t = Tmux::start(W, H);
    t.launch(&[
        "--state-dir",
        support::path_str(&state),
        support::path_str(&law),
    ]);
    t.wait_for_reader();
    go_to(&t, &format!("L{line}"), CLOSING);
    t.keys(&["X"]);
    t.wait_for("the heading gone from the outline", |s| {
        outline_row_of(s, "以上条文").is_none()
    });
    quit(&t);
    assert!(!outline_of(&law, &state).contains(title));
}
