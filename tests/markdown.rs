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

/// Our fixture with a table wider than 40 columns and narrower than 80.
const WIDE_TABLE: &str = include_str!("fixtures/markdown-wide-table.md");

fn wide_table_reader(width: u16, height: u16) -> App {
    reader_with(
        Document::render_markdown(WIDE_TABLE, AmbiguousWidth::Narrow),
        width,
        height,
    )
}

/// Where `needle` is drawn first on screen: (column, row) of its first character.
fn find_on_screen(app: &App, width: u16, height: u16, needle: &str) -> Option<(u16, u16)> {
    let area = Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    gangmu::ui::draw(app, area, &mut buf);
    let first = needle.chars().next()?.to_string();
    (0..height).find_map(|y| {
        (0..width).find_map(|x| {
            let mut s = String::new();
            let mut cx = x;
            while s.len() < needle.len() && cx < width {
                let sym = buf[(cx, y)].symbol();
                cx += u16::try_from(unicode_width::UnicodeWidthStr::width(sym).max(1)).unwrap();
                s.push_str(sym);
            }
            (buf[(x, y)].symbol() == first && s == needle).then_some((x, y))
        })
    })
}

#[test]
fn a_wide_table_wraps_inside_its_cells_at_40_columns() {
    // at 40 columns the cells wrap in their columns, the bars on every line; at 100 (a column
    // of 80) the table fits and is drawn as its rows stand
    insta::assert_snapshot!("markdown_wide_table_40x34", {
        let mut app = wide_table_reader(40, 34);
        render(&mut app, 40, 34)
    });
    insta::assert_snapshot!("markdown_wide_table_100x24", {
        let mut app = wide_table_reader(100, 24);
        render(&mut app, 100, 24)
    });
}

#[test]
fn search_highlights_a_match_inside_a_wrapped_cell() {
    let (w, h) = (40, 34);
    let mut app = wide_table_reader(w, h);
    render(&mut app, w, h);
    // `中文` is on the fourth line of its cell at 40 columns (beside an outline)
    let (x, y0) = find_on_screen(&app, w, h, "中文").unwrap();
    let (_, first) = find_on_screen(&app, w, h, "表格太").unwrap();
    assert_eq!(y0, first + 3, "the cell wraps before 中文");
    press(&mut app, "/中文<Enter>", w, h);
    render(&mut app, w, h);
    // the search brings the match's line to the top: the same wrapped line, at its column
    let (x2, y) = find_on_screen(&app, w, h, "中文").unwrap();
    assert_eq!(x2, x);
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    gangmu::ui::draw(&app, area, &mut buf);
    let current = app.palette().search_current.bg.unwrap();
    for k in 0..2 {
        let cell = &buf[(x + 2 * k, y)];
        assert_eq!(cell.bg, current, "{k}: {cell:?}");
    }
    // the character before it on its line is not marked, nor the first column's cell
    assert_eq!(buf[(x - 2, y)].symbol(), "按");
    assert_ne!(buf[(x - 2, y)].bg, current);
    let (cx, cy) = find_on_screen(&app, w, h, "折行").unwrap();
    assert_ne!(buf[(cx, cy)].bg, current);
}

#[test]
fn a_position_inside_a_wrapped_cell_survives_a_resize() {
    let (w, h) = (40, 12);
    let mut app = wide_table_reader(w, h);
    let at = app.doc().text.find("排版规则").unwrap();
    // resumed at a byte on the fifth line of its cell: that line is the top line
    let effects = support::screen::send(
        &mut app,
        gangmu::app::Message::Resume(gangmu::app::Resume {
            marks: Vec::new(),
            position: Some(gangmu::app::ResumedAt {
                offset: gangmu::pos::TextPos::new(at),
                folds: None,
                section_title: None,
            }),
        }),
    );
    assert!(effects.is_empty(), "{effects:?}");
    render(&mut app, w, h);
    let top = support::screen::top_line(&app);
    assert_eq!(top, "│ 排版规  │");
    // the row fits at 100: it is the top line, whole
    render(&mut app, 100, h);
    let wide = support::screen::top_line(&app);
    assert!(wide.starts_with("折行 │ 表格太宽时，"), "{wide}");
    // and back at 40 the same wrapped line is on top again
    render(&mut app, w, h);
    assert_eq!(support::screen::top_line(&app), top);
}

#[test]
fn print_keeps_a_wide_table_whole_and_passes_cjkcheck() {
    let path = format!(
        "{}/tests/fixtures/markdown-wide-table.md",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = support::run(&["--print", "--width", "40", &path]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    // the rows are written as they stand (a wrapped row would interleave its cells' text)
    assert!(
        text.contains("折行 │ 表格太宽时，单元格按中文排版规则在列内折行。 │ 已完成\n"),
        "{text}"
    );
    // the prose around it is wrapped at 40
    assert!(
        text.contains("下面的表格比四十列的窗口宽：单元格在各自\n"),
        "{text}"
    );
    let unwrapped = support::run(&["--print", "--width", "65535", "--max-width", "65535", &path]);
    let tool = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/cjkcheck.py");
    if !tool.exists() {
        support::skip_because("cjkcheck", "../shared/tools/cjkcheck.py not found");
        return;
    }
    let dir = std::env::temp_dir().join(format!("gangmu-wide-table-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (src, wrapped) = (dir.join("unwrapped.txt"), dir.join("print40.txt"));
    std::fs::write(&src, unwrapped.stdout).unwrap();
    std::fs::write(&wrapped, &text).unwrap();
    let graded = std::process::Command::new("python3")
        .arg(&tool)
        .args(["--width", "40", "--verbatim-ok", "--source"])
        .arg(&src)
        .arg(&wrapped)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&graded.stdout);
    assert!(graded.status.success(), "{report}");
    assert!(report.contains(", 0 violations"), "{report}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The reader's wrapped table graded by cjkcheck column by column: each column's cell lines,
/// as the layout puts them in that column, are a wrapped rendering of its cells at the
/// column's width (a whole row's line cannot be graded: it interleaves several cells' text).
#[test]
fn wrapped_cells_pass_cjkcheck_column_by_column() {
    use gangmu::layout::{LayoutOptions, lay_out_paragraph, table::column_widths};
    let tool = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/cjkcheck.py");
    if !tool.exists() {
        support::skip_because("cjkcheck", "../shared/tools/cjkcheck.py not found");
        return;
    }
    let dir = std::env::temp_dir().join(format!("gangmu-cells-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for amb in [AmbiguousWidth::Narrow, AmbiguousWidth::Wide] {
        let doc = Document::render_markdown(WIDE_TABLE, amb);
        let t = &doc.decor.tables[0];
        let opts = LayoutOptions {
            ambiguous: amb,
            ..LayoutOptions::default()
        };
        let gutter = if amb == AmbiguousWidth::Wide { 4 } else { 3 };
        for column in [24u16, 30, 40, 57] {
            let room = usize::from(column) - gutter * (t.widths.len() - 1);
            let widths = column_widths(&t.widths, &t.least, room).unwrap();
            for (k, &w) in widths.iter().enumerate() {
                let (mut source, mut wrapped) = (String::new(), String::new());
                for (r, row) in t.rows.iter().enumerate().filter(|(_, r)| !r.rule) {
                    let i = t.first as usize + r;
                    let base = doc.paragraphs[i].range.start;
                    let cell = base + row.cells[k].start as usize..base + row.cells[k].end as usize;
                    source.push_str(doc.slice(&cell));
                    source.push('\n');
                    let laid = lay_out_paragraph(&doc, i, &opts, column);
                    assert!(
                        laid.lines.iter().all(|l| !l.pieces.is_empty()),
                        "{column}: not wrapped"
                    );
                    for l in &laid.lines {
                        for p in l.pieces.iter().filter(|p| !p.bar) {
                            if cell.start <= p.range.start && p.range.end <= cell.end {
                                wrapped.push_str(doc.slice(&p.range).trim_end());
                                wrapped.push('\n');
                            }
                        }
                    }
                    wrapped.push('\n');
                }
                let (src, out) = (dir.join("cells.txt"), dir.join("wrapped.txt"));
                std::fs::write(&src, &source).unwrap();
                std::fs::write(&out, &wrapped).unwrap();
                let mut cmd = std::process::Command::new("python3");
                cmd.arg(&tool)
                    .args(["--width", &w.to_string(), "--source"])
                    .arg(&src)
                    .arg(&out);
                if amb == AmbiguousWidth::Wide {
                    cmd.arg("--ambiguous-wide");
                }
                let graded = cmd.output().unwrap();
                let report = String::from_utf8_lossy(&graded.stdout);
                assert!(
                    graded.status.success() && report.contains(", 0 violations"),
                    "{amb:?} pane {column}, column {k} ({w} wide):\n{wrapped}\n{report}"
                );
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
