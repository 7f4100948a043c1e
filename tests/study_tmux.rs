//! Studying in a real terminal (tmux) on a speech written here: select a sentence, highlight
//! it, write a note in Chinese, quit, and `--notes` prints it under its section path; insert a
//! paragraph before it in the file and reopen: the highlight is on the same sentence; delete
//! the sentence and reopen: the note is listed as an orphan. And `y` reaches tmux's clipboard
//! through OSC 52 without the document's control characters.
//! The tmux tests skip themselves (with a message) when tmux is not installed.

#![allow(clippy::unwrap_used, clippy::string_slice)]

mod support;

use std::path::Path;

use support::tmux::{self, Tmux, status_line};

const W: u16 = 100;
const H: u16 = 24;

/// The speech: a sentence to study under `二、主要任务 › （一）抓学习`.
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

/// The note, as typed (Ctrl-j between its lines).
const NOTE: [&str; 2] = ["这是重点，要反复读。", "第二行"];

fn open(file: &Path, state: &Path) -> Option<Tmux> {
    tmux::open_with_state("study tmux test", W, H, file, state)
}

fn quit(t: &Tmux) {
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

/// Searches for `text` and clears the match highlight: its line is then the top line.
fn go_to_text(t: &Tmux, text: &str) {
    t.keys(&["/"]);
    t.type_text(text);
    t.keys(&["Enter"]);
    t.wait_for(&format!("{text} at the top"), |s| {
        support::tmux::text_top(s).contains(text)
    });
    t.keys(&["Escape"]);
    // Esc cleared the match's highlight: wait for it, or a key sent at once would reach the
    // reader as Alt+key
    let start = std::time::Instant::now();
    while background_at(&styled_screen(t), text).is_some() {
        assert!(
            start.elapsed() < tmux::TIMEOUT,
            "the search highlight stayed:\n{}",
            t.screen()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// `gangmu --notes [--json] FILE` with the state in `state`: its standard output.
fn notes(file: &Path, state: &Path, json: bool) -> String {
    let mut args = vec!["--notes", "--state-dir", support::path_str(state)];
    if json {
        args.push("--json");
    }
    args.push(support::path_str(file));
    let out = support::run(&args);
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The screen with its colours (tmux's `capture-pane -e`).
fn styled_screen(t: &Tmux) -> String {
    let out = t.tmux(&["capture-pane", "-p", "-e", "-t", "main:0.0"]);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The background in force where `needle` starts on the styled screen (the SGR parameters
/// that set it, `None` for the terminal's default), or a panic when it is not on screen.
fn background_at(styled: &str, needle: &str) -> Option<String> {
    let line = styled
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} is not on the screen:\n{styled}"));
    let mut bg: Option<String> = None;
    let mut rest = line;
    loop {
        let esc = rest.find('\u{1b}');
        let text_end = esc.unwrap_or(rest.len());
        if rest[..text_end].contains(needle) {
            return bg;
        }
        let Some(esc) = esc else {
            panic!("{needle:?} is split by styles in {line:?}");
        };
        let seq = &rest[esc..];
        let end = seq.find('m').expect("an SGR sequence ends with m");
        let params: Vec<&str> = seq[2..end].split(';').collect();
        let mut i = 0;
        while i < params.len() {
            match params[i] {
                "" | "0" | "49" => bg = None,
                "48" => {
                    bg = Some(params[i..(i + 3).min(params.len())].join(";"));
                    i += 2;
                }
                "38" => i += 2,
                p if p.len() == 2 && (p.starts_with('4') || p.starts_with("10")) => {
                    bg = Some(p.to_owned());
                }
                p if p.len() == 3 && p.starts_with("10") => bg = Some(p.to_owned()),
                _ => {}
            }
            i += 1;
        }
        rest = &seq[end + 1..];
    }
}

#[test]
fn a_note_survives_quitting_an_edit_of_the_file_and_becomes_an_orphan_when_its_text_is_gone() {
    let dir = support::temp_dir("study-tmux");
    let file = dir.join("talk.txt");
    let state = dir.join("state");
    std::fs::write(&file, TALK).unwrap();
    let Some(t) = open(&file, &state) else {
        return;
    };
    // select the sentence and highlight it
    go_to_text(&t, "学习是前提");
    t.keys(&["v"]);
    t.wait_for("the selection's hint", |s| {
        status_line(s).contains("h highlight  n note")
    });
    t.keys(&["h"]);
    t.wait_for("the highlight", |s| status_line(s).contains("highlighted"));
    // a note on it, in Chinese, on two lines
    t.keys(&["v", "n"]);
    t.wait_for("the note prompt", |s| status_line(s).starts_with("Note ("));
    t.type_text(NOTE[0]);
    t.keys(&["C-j"]);
    t.type_text(NOTE[1]);
    t.wait_for("the note typed", |s| {
        status_line(s).contains("这是重点，要反复读。 ⏎ 第二行")
    });
    t.keys(&["Enter"]);
    let s = t.wait_for("the note saved", |s| status_line(s).contains("note saved"));
    assert!(s.contains("（一）抓学习 ※1"), "the outline counts it:\n{s}");
    assert!(
        s.contains("学习是前提。坚持不懈是关键！※"),
        "the note mark:\n{s}"
    );
    let styled = styled_screen(&t);
    assert!(background_at(&styled, "学习是前提").is_some(), "{styled}");
    assert_eq!(background_at(&styled, "坚持不懈"), None, "{styled}");
    // E writes the same Markdown next to the state
    t.keys(&["E"]);
    t.wait_for("the export", |s| {
        status_line(s).contains("notes written to")
    });
    quit(&t);
    drop(t);

    let md = notes(&file, &state, false);
    let exported = std::fs::read_to_string(state.join("talk.notes.md")).unwrap();
    assert_eq!(exported, md);
    assert_eq!(
        md,
        "# 在学习会上的讲话\n\n## 二、主要任务 › （一）抓学习\n\n> 学习是前提。\n\n\
         这是重点，要反复读。  \n第二行  \n"
    );
    let json: serde_json::Value = serde_json::from_str(&notes(&file, &state, true)).unwrap();
    assert_eq!(json["notes"][0]["line"], 11);

    // a paragraph inserted before it: the highlight is still on its sentence
    let edited = TALK.replace(
        "（一）抓学习\n\n",
        "（一）抓学习\n\n　　新加的一段，放在前面。\n\n",
    );
    std::fs::write(&file, &edited).unwrap();
    let Some(t) = open(&file, &state) else {
        return;
    };
    go_to_text(&t, "新加的一段");
    let s = t.screen();
    assert!(s.contains("学习是前提。坚持不懈是关键！※"), "{s}");
    let styled = styled_screen(&t);
    assert!(background_at(&styled, "学习是前提").is_some(), "{styled}");
    assert_eq!(background_at(&styled, "坚持不懈"), None, "{styled}");
    assert_eq!(background_at(&styled, "新加的一段"), None, "{styled}");
    quit(&t);
    drop(t);
    assert_eq!(
        notes(&file, &state, false),
        md,
        "the same note, the same place"
    );
    let json: serde_json::Value = serde_json::from_str(&notes(&file, &state, true)).unwrap();
    assert_eq!(json["notes"][0]["line"], 13, "two lines further down");

    // the sentence deleted: the note is kept, listed as an orphan
    std::fs::write(&file, edited.replace("学习是前提。", "")).unwrap();
    let Some(t) = open(&file, &state) else {
        return;
    };
    t.keys(&["A"]);
    let s = t.wait_for("the notes list", |s| s.contains("[orphan]"));
    assert!(
        s.contains("[orphan]  「学习是前提。」  这是重点，要反复读。"),
        "{s}"
    );
    t.keys(&["Escape"]);
    // the list closed before q is sent (Esc then q at once reads as Alt-q)
    t.wait_for("the list closed", |s| !s.contains("[orphan]"));
    quit(&t);
    assert_eq!(
        notes(&file, &state, false),
        "# 在学习会上的讲话\n\n## Orphaned (the text is no longer in the document)\n\n\
         > 学习是前提。\n\n这是重点，要反复读。  \n第二行  \n"
    );
}

#[test]
fn y_puts_the_sentence_on_the_clipboard_through_osc52_without_control_characters() {
    let dir = support::temp_dir("study-tmux-copy");
    let file = dir.join("talk.txt");
    // an escape sequence and a bell inside the sentence
    std::fs::write(
        &file,
        TALK.replace("学习是前提。", "学习\u{1b}[7m是\u{7}前提。"),
    )
    .unwrap();
    if !tmux::available("study tmux test") {
        return;
    }
    let t = Tmux::start(W, H);
    // tmux takes OSC 52 from the programs in its panes into a paste buffer
    t.tmux(&["set-option", "-s", "set-clipboard", "on"]);
    let state = dir.join("state");
    t.launch(&[
        "--state-dir",
        support::path_str(&state),
        support::path_str(&file),
    ]);
    t.wait_for_reader();
    go_to_text(&t, "前提");
    t.keys(&["v", "y"]);
    t.wait_for("the copy", |s| status_line(s).contains("copied"));
    let buffer = |t: &Tmux| {
        let out = t.tmux(&["show-buffer"]);
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(buffer(&t), "学习[7m是前提。");
    // with the citation (the first copy's notice goes with the next key: wait for that)
    t.keys(&["v"]);
    t.wait_for("the selection's hint", |s| {
        status_line(s).contains("h highlight  n note")
    });
    t.keys(&["c"]);
    t.wait_for("the second copy", |s| status_line(s).contains("copied"));
    assert_eq!(
        buffer(&t),
        "学习[7m是前提。\n——《在学习会上的讲话》 二、主要任务 › （一）抓学习"
    );
    quit(&t);
}
