//! Navigation in a real terminal (tmux) on fixtures written here: `:` by heading label in a
//! law, the outline pane driven on a big tree, `''` toggling, resize keeping the top line, and
//! correcting the section tree (`x`, `H`, `L`) so that it survives a reopen and `--outline`.
//! The tmux tests skip themselves (with a message) when tmux is not installed.

mod support;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use support::tmux::{self, Tmux, status_line, text_top};

const W: u16 = 100;
const H: u16 = 30;

/// Chinese numerals up to 999, as laws write them (`五百一十`, `二百零五`, `一百一十`).
fn cjk(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let (h, t, u) = (n / 100, n / 10 % 10, n % 10);
    let mut s = String::new();
    if h > 0 {
        s.push_str(D[h as usize]);
        s.push('百');
    }
    match (h, t, u) {
        (0, 0, _) => {}
        (0, 1, _) => s.push('十'),
        (_, 0, 0) => {}
        (_, 0, _) => s.push('零'),
        _ => {
            s.push_str(D[t as usize]);
            s.push('十');
        }
    }
    if u > 0 {
        s.push_str(D[u as usize]);
    }
    s
}

/// A law-like code: three parts (编) of chapters (章) of articles (条) numbered 1–520 through
/// the code; article 285 opens by citing the third part, others cite nothing.
fn write_law(dir: &Path) -> PathBuf {
    let parts = [("总则", 1..=200), ("物权", 201..=300), ("合同", 301..=520)];
    let mut text = String::new();
    for (p, (name, articles)) in parts.into_iter().enumerate() {
        let _ = writeln!(text, "第{}编　{name}", cjk(p as u32 + 1));
        let mut chapter = 0;
        for a in articles {
            if chapter == 0 || a % 50 == 1 {
                chapter += 1;
                let _ = writeln!(text, "第{}章　{name}第{chapter}部分", cjk(chapter));
            }
            let first = if a == 285 {
                "依照本法第三编的规定，当事人可以订立合同。".to_owned()
            } else {
                format!("本条规定{name}的第{a}项事宜。")
            };
            let _ = writeln!(text, "第{}条　{first}其余事项依照有关规定办理。", cjk(a));
        }
    }
    let path = dir.join("law.txt");
    std::fs::write(&path, text).expect("write the law");
    path
}

/// Opens `file` in a fresh tmux of `W`×`H` with its own state directory and waits for the reader.
fn open(file: &Path, state: &Path) -> Option<Tmux> {
    if !tmux::available("navigation tmux test") {
        return None;
    }
    let t = Tmux::start(W, H);
    t.launch(&[
        "--state-dir",
        support::path_str(state),
        support::path_str(file),
    ]);
    t.wait_for_reader();
    Some(t)
}

/// Types `:query` Enter and waits until the text pane's top line starts with `want`.
fn go_to(t: &Tmux, query: &str, want: &str) -> String {
    t.keys(&[":"]);
    t.type_text(query);
    t.keys(&["Enter"]);
    t.wait_for(&format!(":{query} to put {want:?} at the top"), |s| {
        text_top(s).starts_with(want)
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
