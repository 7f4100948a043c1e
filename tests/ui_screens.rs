//! Whole screens of the reader drawn into a `TestBackend` for the details a demanding reader
//! checks (issue 12): the status line's time left and position, law articles' heading style,
//! overlays, paragraph indent and the layout at odd widths. Fixtures are written for these
//! tests (`tests/fixtures/civil-code-extract.txt`, `speech-points.txt`) or built in the test.

#![allow(clippy::unwrap_used, clippy::string_slice)]

use std::fmt::Write as _;

mod support;

use support::screen::{press, reader, render};

const CIVIL: &str = include_str!("fixtures/civil-code-extract.txt");
const SPEECH: &str = include_str!("fixtures/speech-points.txt");

/// The last row of a drawn screen.
fn status_of(screen: &str) -> String {
    screen.lines().last().unwrap_or("").to_owned()
}

/// Columns between the first column of the text pane's text and the row starting with
/// `start` (after the outline's separator and the pane's padding).
fn indent_of(screen: &str, start: &str) -> usize {
    let text_of = |l: &str| l.split_once('│').map_or(l, |(_, t)| t).to_owned();
    let rows: Vec<String> = screen.lines().map(text_of).collect();
    // the text's left edge: the least leading space of any row holding text
    let edge = rows
        .iter()
        .filter(|r| !r.trim().is_empty())
        .map(|r| r.len() - r.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let row = rows
        .iter()
        .find(|r| r.trim_start().starts_with(start))
        .unwrap_or_else(|| panic!("{start} not on screen:\n{screen}"));
    row.len() - row.trim_start_matches(' ').len() - edge
}

/// A long document: one chapter of 300 numbered body paragraphs.
fn long_text() -> String {
    let mut text = String::from("第一章　总则\n");
    for n in 1..=300 {
        let _ = writeln!(
            text,
            "第{n}段正文，内容用于测试位置和剩余时间的显示是否正确。"
        );
    }
    text
}

#[test]
fn time_left_reads_plainly_and_is_zero_at_the_end() {
    let mut app = reader(CIVIL, 120, 20);
    press(&mut app, "2", 120, 20);
    let status = status_of(&render(&mut app, 120, 20));
    assert!(
        status.contains("this section 2 min · document 2 min left"),
        "{status}"
    );
    press(&mut app, "G", 120, 20);
    let status = status_of(&render(&mut app, 120, 20));
    assert!(
        status.contains("this section 0 min · document 0 min left"),
        "nothing is left to read at the end: {status}"
    );
    assert!(status.contains("100%"), "{status}");
    insta::assert_snapshot!("civil_120x20_end", render(&mut app, 120, 20));
}

#[test]
fn chinese_time_left() {
    let opts = gangmu::app::AppOptions {
        lang: gangmu::i18n::Lang::Zh,
        ..Default::default()
    };
    let mut app_zh = gangmu::app::App::new(
        gangmu::document::Document::parse(&long_text(), gangmu::document::Format::Plain),
        "long.txt".to_owned(),
        gangmu::keymap::Keymap::default_keys(),
        &opts,
    );
    press(&mut app_zh, "jjj", 100, 20);
    let status = status_of(&render(&mut app_zh, 100, 20));
    assert!(status.contains("本节余25分 全文余25分"), "{status}");
}

#[test]
fn the_position_is_the_top_line_and_agrees_with_goto_percent() {
    let mut app = support::screen::reader_with(
        gangmu::document::Document::parse(&long_text(), gangmu::document::Format::Plain),
        100,
        20,
    );
    assert_eq!(app.frame().percent, 0, "the first page is 0%");
    for p in [10, 25, 50, 75, 90] {
        press(&mut app, &format!(":{p}%<Enter>"), 100, 20);
        let status = status_of(&render(&mut app, 100, 20));
        assert!(
            status.contains(&format!(" {p}%")),
            ":{p}% shows {p}%: {status}"
        );
    }
    press(&mut app, "G", 100, 20);
    assert_eq!(app.frame().percent, 100);
    press(&mut app, "k", 100, 20);
    assert!(app.frame().percent < 100, "100% only at the end");
}

#[test]
fn the_position_keeps_its_column_as_it_grows_a_digit() {
    let mut app = support::screen::reader_with(
        gangmu::document::Document::parse(&long_text(), gangmu::document::Format::Plain),
        100,
        20,
    );
    let column = |app: &mut gangmu::app::App| {
        let status = status_of(&render(app, 100, 20));
        let at = status.find('%').unwrap();
        unicode_width::UnicodeWidthStr::width(&status[..at])
    };
    press(&mut app, ":5%<Enter>", 100, 20);
    let one_digit = column(&mut app);
    press(&mut app, ":50%<Enter>", 100, 20);
    assert_eq!(column(&mut app), one_digit);
    press(&mut app, "G", 100, 20);
    assert_eq!(column(&mut app), one_digit);
}

/// The rows of the text pane with bold runs in `[…]`, cells covered by a wide symbol skipped.
fn bold_runs(app: &gangmu::app::App, width: u16, height: u16) -> String {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Modifier;
    let area = Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    gangmu::ui::draw(app, area, &mut buf);
    let text = app.panes().text;
    let mut out = String::new();
    for y in text.top()..text.bottom() {
        let mut line = String::new();
        let mut bold = false;
        let mut skip = 0usize;
        for x in text.left()..text.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let cell = &buf[(x, y)];
            let is_bold = cell.modifier.contains(Modifier::BOLD);
            if is_bold != bold {
                line.push(if is_bold { '[' } else { ']' });
                bold = is_bold;
            }
            line.push_str(cell.symbol());
            skip = unicode_width::UnicodeWidthStr::width(cell.symbol()).saturating_sub(1);
        }
        if bold {
            line.push(']');
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[test]
fn law_articles_show_only_their_label_in_heading_style() {
    let mut app = reader(CIVIL, 100, 16);
    press(&mut app, ":3.1.1<Enter>", 100, 16);
    let runs = bold_runs(&app, 100, 16);
    // one sentence or three: the label in heading style, the words as body text, indented
    // like every other paragraph
    assert!(
        runs.contains("    [第一千零四十条]　婚姻家庭受本编调整。"),
        "{runs}"
    );
    assert!(
        runs.contains("    [第一千零四十一条]　婚姻家庭受国家保护。实行"),
        "{runs}"
    );
    insta::assert_snapshot!("civil_100x16_article_styles", runs);
}

#[test]
fn every_body_paragraph_of_a_chinese_document_is_indented() {
    let mut app = reader(SPEECH, 80, 16);
    press(&mut app, "1", 80, 16);
    let screen = render(&mut app, 80, 16);
    // `2019年，…` opens with digits, yet it is a paragraph of a Chinese speech like the others
    assert_eq!(indent_of(&screen, "2019年，在上级党组"), 4, "{screen}");
    assert_eq!(indent_of(&screen, "一年来，我们始终"), 4, "{screen}");
    insta::assert_snapshot!("speech_80x16_section1", screen);
}

#[test]
fn one_column_of_padding_after_the_separator_at_every_width() {
    for width in [40u16, 41, 59, 60, 80, 99, 100, 120, 121, 160, 200] {
        let mut app = reader(SPEECH, width, 16);
        press(&mut app, "1", width, 16);
        let screen = render(&mut app, width, 16);
        let sep = app.panes().separator.expect("the outline is shown").x;
        assert!(app.panes().text.x > sep + 1, "{width}: {:?}", app.panes());
        for line in screen.lines().skip(1).take(14) {
            if let Some((_, text)) = line.split_once('│') {
                assert!(
                    text.is_empty() || text.starts_with(' '),
                    "{width} columns: text touches the separator:\n{screen}"
                );
            }
        }
    }
}

#[test]
fn outline_sizes_are_a_column_that_never_hides_the_titles() {
    let mut app = reader(CIVIL, 100, 24);
    press(&mut app, "i", 100, 24);
    let screen = render(&mut app, 100, 24);
    let outline: Vec<&str> = screen
        .lines()
        .skip(1)
        .take(22)
        .map(|l| l.split_once('│').map_or("", |(o, _)| o))
        .collect();
    for row in &outline {
        let title = row.trim_start().trim_start_matches(['▾', '▸', ' ']);
        assert!(
            title.starts_with('第'),
            "every row starts with its title:\n{screen}"
        );
    }
    // the sizes line up on the right
    let ends: Vec<usize> = outline
        .iter()
        .filter(|r| r.contains("min"))
        .map(|r| unicode_width::UnicodeWidthStr::width(r.trim_end()))
        .collect();
    assert!(ends.len() >= 5, "{screen}");
    assert!(ends.windows(2).all(|w| w[0] == w[1]), "{ends:?}\n{screen}");
    insta::assert_snapshot!("civil_100x24_outline_sizes", screen);
    // wider, every row has its size
    let mut wide = reader(CIVIL, 100, 24);
    press(&mut wide, "i>>>>", 100, 24);
    let screen = render(&mut wide, 100, 24);
    let sized = screen
        .lines()
        .skip(1)
        .take(22)
        .filter(|l| l.split_once('│').is_some_and(|(o, _)| o.contains("min")))
        .count();
    assert_eq!(sized, 22, "{screen}");
}

#[test]
fn an_empty_file_says_so() {
    let mut app = reader("", 60, 10);
    let screen = render(&mut app, 60, 10);
    assert!(screen.contains("this file is empty"), "{screen}");
    insta::assert_snapshot!("empty_60x10", screen);
}

#[test]
fn below_forty_columns_tab_and_o_say_why_the_outline_is_hidden() {
    let mut app = reader(SPEECH, 36, 12);
    press(&mut app, "<Tab>", 36, 12);
    assert_eq!(
        app.focus(),
        gangmu::app::Focus::Text,
        "the hidden outline takes no keys"
    );
    let said = |app: &gangmu::app::App| app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert_eq!(said(&app), "outline needs ≥40 columns");
    press(&mut app, "o", 36, 12);
    press(&mut app, "o", 36, 12);
    assert_eq!(said(&app), "outline needs ≥40 columns", "o says it too");
    let screen = render(&mut app, 36, 12);
    insta::assert_snapshot!("speech_36x12_outline_too_narrow", screen);
}

#[test]
fn help_is_a_bordered_window_between_the_bars() {
    let mut app = reader(CIVIL, 80, 24);
    press(&mut app, "2?", 80, 24);
    let screen = render(&mut app, 80, 24);
    let lines: Vec<&str> = screen.lines().collect();
    assert!(
        lines[0].contains("模拟民法典（节选）"),
        "the title bar stays:\n{screen}"
    );
    assert!(
        lines[23].starts_with("test.txt │ 第二编"),
        "the status line stays:\n{screen}"
    );
    assert!(
        lines[1].contains('┌') && lines[1].contains("help"),
        "a border with the title on top:\n{screen}"
    );
    assert!(lines[22].contains('└'), "{screen}");
    insta::assert_snapshot!("civil_80x24_help", screen);
}

/// The text of the first row drawn reversed (the selected row of a list).
fn selected_row(app: &gangmu::app::App, width: u16, height: u16) -> String {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Modifier;
    let area = Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    gangmu::ui::draw(app, area, &mut buf);
    (0..height)
        .find_map(|y| {
            let cells: Vec<_> = (0..width)
                .map(|x| &buf[(x, y)])
                .filter(|c| c.modifier.contains(Modifier::REVERSED))
                .collect();
            (!cells.is_empty()).then(|| cells.iter().map(|c| c.symbol()).collect::<String>())
        })
        .unwrap_or_default()
}

#[test]
fn the_marks_list_moves_with_j_k_and_opens_with_enter() {
    let mut app = reader(CIVIL, 80, 24);
    // marks a (第一编), c (第二编), e (第五编), and an uppercase B (第二编's 第六章)
    press(&mut app, "1ma2mc3me:2.2<Enter>mB", 80, 24);
    press(&mut app, "gM", 80, 24);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("B  第二编　物权 › 第六章"), "{screen}");
    insta::assert_snapshot!("civil_80x24_marks", screen);
    // the selection is drawn: B's row first, a's after one j
    assert_eq!(selected_row(&app, 80, 24).trim_start().get(..1), Some("B"));
    press(&mut app, "j", 80, 24);
    assert_eq!(selected_row(&app, 80, 24).trim_start().get(..1), Some("a"));
    press(&mut app, "k", 80, 24);
    // in letter order B, a, c, e: down twice is c
    press(&mut app, "jj<Enter>", 80, 24);
    assert_eq!(*app.mode(), gangmu::app::Mode::Text);
    assert!(
        support::screen::top_line(&app).starts_with("第二编"),
        "{}",
        render(&mut app, 80, 24)
    );
    // k stops at the first row; Enter opens it
    press(&mut app, "Mkkk<Enter>", 80, 24);
    assert!(support::screen::top_line(&app).starts_with("第六章"));
    // an uppercase mark is a mark like any other: ' B and B in the list
    press(&mut app, "g'B", 80, 24);
    assert!(support::screen::top_line(&app).starts_with("第六章"));
    press(&mut app, "gMB", 80, 24);
    assert!(support::screen::top_line(&app).starts_with("第六章"));
}

#[test]
fn every_key_of_the_table_is_in_the_help_screen_and_the_man_page() {
    let app = reader(CIVIL, 80, 24);
    let help = gangmu::ui::overlay::help_lines(&app);
    let out = support::run(&["--man"]);
    assert!(out.status.success());
    let man = String::from_utf8(out.stdout).unwrap();
    for b in gangmu::keymap::Keymap::default_keys().bindings() {
        let label = b.trigger.label();
        let scope = gangmu::i18n::scope_name(b.scope, gangmu::i18n::Lang::En);
        // help: the rows after the scope's heading, up to the next blank line
        let at = help.iter().position(|l| l == scope).expect(scope);
        let rows: Vec<&String> = help[at + 1..]
            .iter()
            .take_while(|l| !l.is_empty())
            .collect();
        assert!(
            rows.iter().any(|r| r
                .split("  ")
                .nth(1)
                .is_some_and(|keys| keys.split(' ').any(|k| k == label))),
            "{scope} {label} is not on the help screen: {rows:#?}"
        );
        // man: the scope's .SS subsection holds the key, in bold, roff-escaped
        let escaped = label.replace('\\', "\\e").replace('-', "\\-");
        let escaped = if escaped.starts_with(['.', '\'']) {
            format!("\\&{escaped}")
        } else {
            escaped
        };
        let ss = format!(".SS {scope}\n");
        let start = man.find(&ss).expect(&ss) + ss.len();
        let section = man[start..].split(".S").next().unwrap();
        assert!(
            section.contains(&format!("\\fB{escaped}\\fR")),
            "{scope} {label} is not in the man page"
        );
    }
    for section in ["KEYS", "FILES", "ENVIRONMENT", "\"EXIT STATUS\""] {
        assert!(man.contains(&format!(".SH {section}\n")), "{section}");
    }
}

#[test]
fn a_table_too_wide_is_clipped_with_a_mark_and_scrolls_sideways() {
    // a preformatted table (aligned by runs of spaces) wider than the text column
    let mut text = String::from("一、概况\n\n");
    text.push_str("说明如下，表中列出各项数据。\n\n");
    text.push_str("项目      数量      单价      金额      备注说明文字很长很长\n");
    text.push_str("苹果      10        5         50        第一行的备注\n");
    let mut app = reader(&text, 40, 10);
    let screen = render(&mut app, 40, 10);
    let row = |s: &str, start: &str| {
        s.lines()
            .find(|l| l.contains(start))
            .unwrap_or_else(|| panic!("{start} not on screen:\n{s}"))
            .to_owned()
    };
    let table = row(&screen, "项目");
    assert!(
        table.trim_end().ends_with('›'),
        "clipped with a mark:\n{screen}"
    );
    assert!(
        !screen.contains("备注说明"),
        "the end of the row is off screen:\n{screen}"
    );
    // prose is wrapped as ever, never clipped
    assert!(screen.contains("各项数据。"), "{screen}");
    press(&mut app, "zlzlzl", 40, 10);
    let scrolled = render(&mut app, 40, 10);
    let table = row(&scrolled, "金额");
    assert!(
        table.contains('‹'),
        "a mark says the start is off screen:\n{scrolled}"
    );
    assert!(
        !scrolled.contains("项目"),
        "scrolled off to the left:\n{scrolled}"
    );
    assert!(
        scrolled.contains("各项数据。"),
        "prose stays put:\n{scrolled}"
    );
    press(&mut app, "zhzhzh", 40, 10);
    assert_eq!(render(&mut app, 40, 10), screen, "back to where it was");
}
