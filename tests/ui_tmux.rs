//! The status line's breadcrumb in a real terminal (tmux), on two fixtures written for it:
//! `civil-code-extract.txt`, a law-like tree 编 › 章 › 条 whose articles cite other divisions
//! (`本法第二编第六章`), and `speech-points.txt`, a speech 一、 › （一） › seven `——` points that
//! all open alike. Opened by absolute path, as a reader launched from a file manager would.

mod support;

use std::fmt::Write as _;
use support::tmux::{self, Tmux, fixture, status_line};

use unicode_width::UnicodeWidthStr;

/// Opens `name` from `tests/fixtures` by its absolute path in a `width`×30 tmux.
fn open(name: &str, width: u16) -> Option<Tmux> {
    if !tmux::available("breadcrumb tmux test") {
        return None;
    }
    let t = Tmux::start(width, 30);
    let path = fixture(name);
    assert!(path.is_absolute());
    t.launch(&[&path.to_string_lossy()]);
    t.wait_for_reader();
    Some(t)
}

/// Presses `keys`, then waits for the status line to contain `want`; returns that line.
fn status_after(t: &Tmux, keys: &[&str], want: &str) -> String {
    t.keys(keys);
    let s = t.wait_for(&format!("{want:?} in the status line"), |s| {
        status_line(s).contains(want)
    });
    status_line(&s)
}

#[test]
fn law_breadcrumb_names_the_file_and_ends_with_the_article() {
    let Some(t) = open("civil-code-extract.txt", 120) else {
        return;
    };
    // 第二编 › 第六章 › 第二百八十五条 (the article cites 第三编, which must not confuse it)
    t.keys(&[":"]);
    t.type_text("2.2.3");
    let line = status_after(&t, &["Enter"], "第二百八十五条");
    assert!(
        line.starts_with("civil-code-extract.txt │ 第二编 › 第六章 › 第二百八十五条　物业"),
        "the base name, the ancestors by label, the article with its words:\n{line}"
    );
    assert!(
        !line.contains("/tests/fixtures"),
        "the directory is not shown:\n{line}"
    );
    // an article citing 第一编第二章 is still under 第五编 › 第一章
    t.keys(&[":"]);
    t.type_text("3.1.3");
    let line = status_after(&t, &["Enter"], "第一千零四十二条");
    assert!(
        line.contains("第五编 › 第一章 › 第一千零四十二条"),
        "{line}"
    );
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn law_breadcrumb_keeps_the_article_on_a_narrow_screen() {
    let Some(t) = open("civil-code-extract.txt", 60) else {
        return;
    };
    t.keys(&[":"]);
    t.type_text("2.2.3");
    let line = status_after(&t, &["Enter"], "第二百八十五条");
    assert!(
        line.contains("第二编 › 第六章 › 第二百八十五条"),
        "the deepest crumb keeps its label at 60 columns:\n{line}"
    );
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn speech_points_are_told_apart() {
    let Some(t) = open("speech-points.txt", 120) else {
        return;
    };
    // the third and the sixth point of 一、 › （一）
    t.keys(&[":"]);
    t.type_text("1.1.3");
    let line = status_after(&t, &["Enter"], "民生保障");
    assert!(
        line.starts_with("speech-points.txt │ "),
        "the base name first:\n{line}"
    );
    assert!(
        line.contains("——我们聚焦民生保障工作"),
        "the point is shown by its own words:\n{line}"
    );
    let line = status_after(&t, &["J", "J", "J"], "作风纪律整顿");
    assert!(line.contains("——我们聚焦作风纪律整顿"), "{line}");
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn the_breadcrumb_does_not_move_as_the_position_grows_a_digit() {
    if !tmux::available("breadcrumb tmux test") {
        return;
    }
    // one long article: scrolling inside it takes the position from one digit to two while
    // the breadcrumb stays the same
    let dir = support::temp_dir("ui-tmux-digits");
    let path = dir.join("long-article.txt");
    let mut text = String::from("第一编　总则\n第一章　基本规定\n第一条　本条规定较长的内容。\n");
    for n in 1..=40 {
        let _ = writeln!(
            text,
            "本条第{n}项规定的内容，依照本法第二编第三章的规定执行。"
        );
    }
    text.push_str("第二条　其他规定。\n");
    for n in 1..=40 {
        let _ = writeln!(text, "其他规定第{n}项的内容，由有关部门另行制定。");
    }
    std::fs::write(&path, text).expect("write fixture");
    let t = Tmux::start(120, 30);
    t.launch(&[&path.to_string_lossy()]);
    t.wait_for_reader();
    t.keys(&[":"]);
    t.type_text("1.1.1");
    let first = status_after(&t, &["Enter"], "第一条");
    let columns = |line: &str, what: &str| {
        let at = line.find(what).expect(what);
        line.get(..at).unwrap_or("").width()
    };
    // the number before the position's `%`
    let percent = |line: &str| -> u32 {
        let before = line.get(..line.rfind('%').expect("%")).unwrap_or("");
        let digits: String = before
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        digits
            .chars()
            .rev()
            .collect::<String>()
            .parse()
            .expect("a number")
    };
    let mut percents = Vec::new();
    for _ in 0..30 {
        let before = tmux::text_top(&t.screen());
        t.keys(&["j"]);
        let s = t.wait_for("the text to scroll", |s| tmux::text_top(s) != before);
        let line = status_line(&s);
        if !line.contains("第一条") {
            break;
        }
        assert_eq!(
            columns(&line, "第一编"),
            columns(&first, "第一编"),
            "{line}\n{first}"
        );
        assert_eq!(columns(&line, "%"), columns(&first, "%"), "{line}\n{first}");
        percents.push(line);
    }
    assert!(
        percents.iter().any(|l| percent(l) < 10) && percents.iter().any(|l| percent(l) >= 10),
        "the position grew from one digit to two: {percents:#?}"
    );
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}
