//! Rendered Markdown (issue 14.3) on our fixture `tests/fixtures/markdown-all.md`, which uses
//! every construct: screens at 40 and 100 columns (insta snapshots, and the styles of the
//! cells), `--print` rendered and `--print --raw` as the source, search on the rendered text,
//! and the section tree kept.

#![allow(clippy::unwrap_used, clippy::string_slice)]

mod support;

use gangmu::app::App;
use gangmu::display::AmbiguousWidth;
use gangmu::document::{Document, Format};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use support::screen::{press, reader_with, render};

const FIXTURE: &str = include_str!("fixtures/markdown-all.md");

fn fixture_path() -> String {
    format!(
        "{}/tests/fixtures/markdown-all.md",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn rendered() -> Document {
    Document::render_markdown(FIXTURE, AmbiguousWidth::Narrow)
}

fn print(args: &[&str]) -> String {
    let path = fixture_path();
    let mut all = vec!["--print"];
    all.extend_from_slice(args);
    all.push(&path);
    let out = support::run(&all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The screen drawn at `width`×`height`, scrolled down by `down` rows.
fn screen_at(width: u16, height: u16, down: usize) -> String {
    let mut app = reader_with(rendered(), width, height);
    for _ in 0..down {
        press(&mut app, "j", width, height);
    }
    render(&mut app, width, height)
}

#[test]
fn screens_at_40_and_100_columns() {
    insta::assert_snapshot!("markdown_40x30_top", screen_at(40, 30, 0));
    insta::assert_snapshot!("markdown_40x30_lists_quotes", screen_at(40, 30, 24));
    insta::assert_snapshot!("markdown_40x30_code_tables", screen_at(40, 30, 48));
    insta::assert_snapshot!("markdown_100x60_all", screen_at(100, 60, 0));
}

/// The cells of the text pane, each as (symbol, style) of the first cell showing `needle`.
fn cell_of(app: &App, width: u16, height: u16, needle: &str) -> ratatui::buffer::Cell {
    let area = Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    gangmu::ui::draw(app, area, &mut buf);
    for y in 0..height {
        for x in 0..width {
            if buf[(x, y)].symbol() == needle {
                return buf[(x, y)].clone();
            }
        }
    }
    panic!("{needle} not on screen");
}

#[test]
fn inline_styles_reach_the_cells() {
    let (w, h) = (100, 60);
    let mut app = reader_with(rendered(), w, h);
    render(&mut app, w, h);
    let bold = cell_of(&app, w, h, "粗");
    assert!(bold.modifier.contains(Modifier::BOLD), "{bold:?}");
    let italic = cell_of(&app, w, h, "强");
    assert!(italic.modifier.contains(Modifier::ITALIC), "{italic:?}");
    let struck = cell_of(&app, w, h, "删");
    assert!(
        struck.modifier.contains(Modifier::CROSSED_OUT),
        "{struck:?}"
    );
    // code, inline and in a block, has a background of its own
    let code = cell_of(&app, w, h, "行");
    assert_ne!(code.bg, Color::Reset, "{code:?}");
    let block = cell_of(&app, w, h, "{");
    assert_eq!(block.bg, code.bg);
    let link = cell_of(&app, w, h, "项");
    assert!(link.modifier.contains(Modifier::UNDERLINED), "{link:?}");
    let heading = cell_of(&app, w, h, "渲");
    assert!(heading.modifier.contains(Modifier::BOLD), "{heading:?}");
}

#[test]
fn print_shows_the_rendered_text_without_marks() {
    let out = print(&["--width", "200", "--max-width", "200"]);
    for gone in [
        "**",
        "~~",
        "`",
        "](",
        "<b>",
        "<div",
        "title: 渲染测试",
        "# 渲染",
        "|:--",
    ] {
        assert!(!out.contains(gone), "{gone} in:\n{out}");
    }
    for shown in [
        "渲染示例 Rendering",
        "这一段有粗体、强调、删除线和行内代码",
        "链接写作项目主页 (https://example.org/gangmu)，自动链接https://example.org，页内跳转。",
        "[图 流程图]",
        "• 第一项",
        "  ◦ 嵌套的第二层项目",
        "    ▪ 第三层。",
        "1. 有序列表第一项",
        "   第二项的第二段。",
        "│ 引用的文字带竖线",
        "│ │ 嵌套引用。",
        "rust\nfn main() {\n    println!(\"你好，世界\");\n}",
        "名称         │ 数量 │    说明\n─────────────┼──────┼────────────\n苹果         │    3 │ 红色的水果",
        "────────────────────",
        "HTML 块中的文字，标签不显示。",
        "最后一段，脚注引用[1]。",
        "[1] 脚注的内容。",
    ] {
        assert!(out.contains(shown), "{shown:?} not in:\n{out}");
    }
    // no escape sequences: print has no colours
    assert!(!out.contains('\u{1b}'));
}

#[test]
fn list_items_hang_when_wrapped() {
    let out = print(&["--width", "40"]);
    assert!(
        out.contains("• 第一项：无序列表的文字足够长，折行时应\n  当悬挂在项目符号之后对齐。"),
        "{out}"
    );
    assert!(
        out.contains("1. 有序列表第一项，文字较长，需要折行，\n   折行后与编号后的文字对齐。"),
        "{out}"
    );
}

#[test]
fn raw_prints_the_source() {
    let out = print(&["--raw", "--width", "200", "--max-width", "200"]);
    let source: Vec<&str> = FIXTURE.lines().filter(|l| !l.trim().is_empty()).collect();
    let printed: Vec<&str> = out.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(printed, source);
}

#[test]
fn search_finds_rendered_text() {
    let mut app = reader_with(rendered(), 100, 30);
    press(&mut app, "/粗体、强调<Enter>", 100, 30);
    let (current, total, done) = app.search().unwrap().status(&app.doc().text);
    assert!(done);
    assert_eq!((current, total), (Some(1), 1));
    // the source's marks are not in the text searched (as a regular expression `**` is no
    // pattern: the prompt says so and waits; Ctrl-r searches the text as typed)
    press(&mut app, "/**粗体**<Enter>", 100, 30);
    assert!(app.mode().prompt().is_some_and(|p| p.error.is_some()));
    press(&mut app, "<C-r><Enter>", 100, 30);
    assert!(app.mode().prompt().is_none());
    let (_, total, _) = app.search().unwrap().status(&app.doc().text);
    assert_eq!(total, 0);
}

#[test]
fn the_outline_and_source_lines_are_those_of_the_source() {
    let doc = rendered();
    let source = Document::parse(FIXTURE, Format::Markdown);
    let tree = |d: &Document| -> Vec<(u16, u32)> {
        d.sections.iter().map(|s| (s.level, s.line)).collect()
    };
    assert_eq!(tree(&doc), tree(&source));
    assert_eq!(tree(&doc).len(), 5);
    // `--outline` reads the source, rendered or not
    let path = fixture_path();
    let a = support::run(&["--outline", &path]);
    let b = support::run(&["--outline", "--raw", &path]);
    assert_eq!(
        String::from_utf8_lossy(&a.stdout),
        String::from_utf8_lossy(&b.stdout)
    );
    assert!(String::from_utf8_lossy(&a.stdout).starts_with("渲染示例 Rendering\n"));
    // `-s L<n>`: the paragraph holding source line n
    let table = doc
        .paragraphs
        .iter()
        .find(|p| doc.slice(&p.range).starts_with("苹果"))
        .unwrap();
    assert_eq!(
        FIXTURE.lines().nth(table.line as usize - 1),
        Some("| 苹果 | 3 | 红色的水果 |")
    );
}
