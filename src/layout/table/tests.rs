//! Tables wrapped inside their cells: the columns' widths, the cells' lines, where bytes are.

use super::*;
use crate::display::AmbiguousWidth;
use crate::layout::lay_out_paragraph;

const TABLE: &str = "\
| 名称 | 说明 | 数量 |
|:--|:-:|--:|
| 苹果 | 红色的水果，味道甜美，产地很多。 | 3 |
| Banana | a yellow fruit, sweet and soft | 12 |
|  | 空 | |
";

fn doc(md: &str, amb: AmbiguousWidth) -> Document {
    Document::render_markdown(md, amb)
}

fn opts(amb: AmbiguousWidth) -> LayoutOptions {
    LayoutOptions {
        ambiguous: amb,
        ..LayoutOptions::default()
    }
}

/// The rows of paragraphs `paras` at `column`, as the text pane places them: each piece at its
/// column (pieces never overlap), a line without pieces after its indent.
fn show(d: &Document, paras: Range<usize>, amb: AmbiguousWidth, column: u16) -> Vec<String> {
    let mut out = Vec::new();
    for i in paras {
        for l in lay_out_paragraph(d, i, &opts(amb), column).lines {
            let mut s = " ".repeat(usize::from(l.indent));
            if l.pieces.is_empty() {
                s.push_str(d.slice(&l.range));
            }
            let mut at = 0;
            for p in &l.pieces {
                let text = d.slice(&p.range).trim_end();
                assert!(usize::from(p.col) >= at, "overlap at {p:?} in {s:?}");
                s.push_str(&" ".repeat(usize::from(p.col) - at));
                s.push_str(text);
                assert_eq!(str_width(text, amb), usize::from(p.width), "{text:?}");
                at = usize::from(p.col + p.width);
            }
            out.push(s.trim_end().to_owned());
        }
    }
    out
}

/// The paragraphs of the first table of `d`.
fn rows(d: &Document) -> Range<usize> {
    let t = &d.decor.tables[0];
    t.first as usize..t.first as usize + t.rows.len()
}

#[test]
fn columns_narrow_widest_first_down_to_their_least() {
    // it fits: as rendered
    assert_eq!(
        column_widths(&[10, 30, 6], &[2, 5, 2], 46),
        Some(vec![10, 30, 6])
    );
    // the widest alone is cut while it is wider than the others
    assert_eq!(
        column_widths(&[10, 30, 6], &[2, 5, 2], 30),
        Some(vec![10, 14, 6])
    );
    // then the next widest with it, evenly; a column left over goes to the first cut
    assert_eq!(
        column_widths(&[20, 20, 3], &[1, 1, 1], 28),
        Some(vec![13, 12, 3])
    );
    // never below a column's least: the others give more
    assert_eq!(column_widths(&[30, 30], &[25, 1], 30), Some(vec![25, 5]));
    assert_eq!(column_widths(&[20, 4], &[18, 4], 22), Some(vec![18, 4]));
    // the least widths do not fit: nothing to wrap to
    assert_eq!(column_widths(&[20, 4], &[18, 4], 21), None);
    // the widths always fill the room exactly when they are cut
    for room in 12..46 {
        let w = column_widths(&[10, 30, 6], &[2, 5, 2], room).unwrap_or_default();
        assert_eq!(w.iter().sum::<usize>(), room, "{room}: {w:?}");
    }
}

#[test]
fn a_table_that_fits_is_laid_out_as_it_stands() {
    let d = doc(TABLE, AmbiguousWidth::Narrow);
    let t = &d.decor.tables[0];
    assert_eq!(t.width, 48);
    assert_eq!(t.widths, [6, 32, 4]);
    // Banana, fruit, and 12 are the widest stretches that may not break
    assert_eq!(t.least, [6, 6, 2]);
    for i in rows(&d) {
        let laid = lay_out_paragraph(&d, i, &opts(AmbiguousWidth::Narrow), 48);
        assert_eq!(laid.lines.len(), 1);
        assert_eq!(laid.lines[0].range, d.paragraphs[i].range);
        assert!(laid.lines[0].pieces.is_empty());
    }
}

#[test]
fn cells_wrap_in_their_columns() {
    let d = doc(TABLE, AmbiguousWidth::Narrow);
    // CJK wrapped by clreq (no line starts with `，`, the last line no lone character), the
    // English words kept whole; the middle column centred, the last right-aligned; the bars on
    // every line of a row; an empty cell leaves its column blank
    assert_eq!(
        show(&d, rows(&d), AmbiguousWidth::Narrow, 30),
        [
            "名称   │      说明      │ 数量",
            "───────┼────────────────┼─────",
            "苹果   │ 红色的水果，味 │    3",
            "       │  道甜美，产地  │",
            "       │     很多。     │",
            "Banana │    a yellow    │   12",
            "       │  fruit, sweet  │",
            "       │    and soft    │",
            "       │       空       │",
        ]
    );
}

#[test]
fn a_table_whose_least_widths_do_not_fit_is_left_as_it_stands() {
    let d = doc(TABLE, AmbiguousWidth::Narrow);
    // 6 + 6 + 2 columns of cells and two gutters of 3 need 20
    // at 20 they do (the last column is cut to its least, its header wraps)
    assert_eq!(
        show(&d, rows(&d), AmbiguousWidth::Narrow, 20)[..4],
        [
            "名称   │  说明  │ 数",
            "       │        │ 量",
            "───────┼────────┼───",
            "苹果   │ 红色的 │  3"
        ]
    );
    let rows19 = show(&d, rows(&d), AmbiguousWidth::Narrow, 19);
    assert_eq!(rows19.len(), 5);
    assert_eq!(
        rows19[2],
        "苹果   │ 红色的水果，味道甜美，产地很多。 │    3"
    );
}

#[test]
fn every_cell_byte_is_on_one_line_and_found_there() {
    for amb in [AmbiguousWidth::Narrow, AmbiguousWidth::Wide] {
        let d = doc(TABLE, amb);
        for column in 10..60 {
            for i in rows(&d) {
                let laid = lay_out_paragraph(&d, i, &opts(amb), column);
                let wrapped = laid.lines.iter().any(|l| !l.pieces.is_empty());
                let (_, row) = d.decor.table_row(i).unwrap();
                for l in &laid.lines {
                    if wrapped {
                        assert!(l.width <= column, "{column}: {l:?}");
                    }
                }
                let base = d.paragraphs[i].range.start;
                for cell in row.cells.iter().filter(|_| !row.rule) {
                    for b in base + cell.start as usize..base + cell.end as usize {
                        let holding: Vec<usize> = laid
                            .lines
                            .iter()
                            .enumerate()
                            .filter(|(_, l)| {
                                if l.pieces.is_empty() {
                                    l.range.contains(&b)
                                } else {
                                    l.pieces.iter().any(|p| !p.bar && p.range.contains(&b))
                                }
                            })
                            .map(|(k, _)| k)
                            .collect();
                        assert_eq!(holding.len(), 1, "{column}: byte {b} on {holding:?}");
                        assert_eq!(laid.line_at(b), holding[0], "{column}: byte {b}");
                    }
                }
                // a line's start is found on that line (the viewport's anchor)
                for (k, l) in laid.lines.iter().enumerate() {
                    assert_eq!(laid.line_at(l.range.start), k, "{column}: {l:?}");
                }
            }
        }
    }
}

#[test]
fn ambiguous_wide_bars_and_rule() {
    // `│`, `─` and `┼` are two columns each: the gutter is four, the rule's runs half as long
    // as their columns (an odd column leaves one blank before the `┼`); the strings below put
    // each piece at its column, so a bar shows one column narrower than it is drawn
    let d = doc(TABLE, AmbiguousWidth::Wide);
    // the widest row is the rule: its runs of two-column `─` end a column past the bars
    assert_eq!(d.decor.tables[0].width, 52);
    let shown = show(&d, rows(&d), AmbiguousWidth::Wide, 32);
    assert_eq!(
        shown[..5],
        [
            "名称   │      说明      │ 数量",
            "─── ┼────────┼──",
            "苹果   │ 红色的水果，味 │    3",
            "       │  道甜美，产地  │",
            "       │     很多。     │",
        ]
    );
    for i in rows(&d) {
        for l in lay_out_paragraph(&d, i, &opts(AmbiguousWidth::Wide), 32).lines {
            assert!(l.width <= 32, "{l:?}");
            // the bars of every line are where the rows' bars are: after 6 + 1 and 6 + 4 + 14 + 1
            let bars: Vec<u16> = l.pieces.iter().filter(|p| p.bar).map(|p| p.col).collect();
            assert_eq!(bars, [7, 25], "{l:?}");
        }
    }
    // 6 + 6 + 2 and two gutters of 4 need 22
    assert_eq!(show(&d, rows(&d), AmbiguousWidth::Wide, 22).len(), 16);
    assert_eq!(show(&d, rows(&d), AmbiguousWidth::Wide, 21).len(), 5);
}

#[test]
fn a_cell_with_inline_styles_keeps_them_on_its_pieces() {
    let md =
        "| 项目 | 说明 |\n|---|---|\n| **粗体的名字** | 一段*强调*的文字，写得长一些以便折行。 |\n";
    let d = doc(md, AmbiguousWidth::Narrow);
    // the styles' marks are not in the text: the cells are measured without them
    assert_eq!(
        show(&d, rows(&d), AmbiguousWidth::Narrow, 24),
        [
            "项目       │ 说明",
            "───────────┼────────────",
            "粗体的名字 │ 一段强调的",
            "           │ 文字，写得",
            "           │ 长一些以便",
            "           │ 折行。",
        ]
    );
    // the spans lie on the bytes the first line's pieces show
    let row = rows(&d).start + 2;
    let line = &lay_out_paragraph(&d, row, &opts(AmbiguousWidth::Narrow), 24).lines[0];
    let span_text = |style| {
        let s = d.decor.spans.iter().find(|s| s.style == style).unwrap();
        assert!(
            line.pieces
                .iter()
                .any(|p| p.range.start <= s.range.start && s.range.end <= p.range.end)
        );
        d.slice(&s.range).to_owned()
    };
    assert_eq!(
        span_text(crate::document::decor::InlineStyle::Strong),
        "粗体的名字"
    );
    assert_eq!(
        span_text(crate::document::decor::InlineStyle::Emphasis),
        "强调"
    );
}

#[test]
fn a_table_in_a_quote_keeps_its_prefix_on_the_first_line() {
    let md = "> | 甲 | 乙 |\n> |---|---|\n> | 一二三四五六七八 | 九十一二三四五六 |\n";
    let d = doc(md, AmbiguousWidth::Narrow);
    let shown = show(&d, rows(&d), AmbiguousWidth::Narrow, 20);
    assert_eq!(
        shown,
        [
            "│ 甲       │ 乙",
            "│ ─────────┼────────",
            "│ 一二三四 │ 九十一",
            "  五六七八 │ 二三四",
            "           │ 五六",
        ]
    );
}
