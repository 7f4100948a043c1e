//! A GFM table laid out as aligned text rows: each column as wide as its widest cell by
//! display width (CJK two columns, ambiguous characters as the reader draws them), cells
//! separated by ` │ `, a rule row `─┼─` under the header. The rows are laid out once, when the
//! document is rendered, and say where their cells and bars are: a table too wide for the
//! column is wrapped inside its cells by layout (`layout/table.rs`) from those, since the text
//! must not depend on the width (positions are offsets into it).

use std::ops::Range;

use pulldown_cmark::Alignment;

use crate::display::{AmbiguousWidth, str_width};
use crate::document::decor::InlineStyle;

/// One cell: its rendered text and the styles inside it (ranges relative to the text).
#[derive(Debug, Clone, Default)]
pub struct Cell {
    /// The cell's text, one line.
    pub text: String,
    /// Styles inside the text.
    pub spans: Vec<(Range<usize>, InlineStyle)>,
}

/// One row of cells, with the source offset where it starts.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// The cells, left to right.
    pub cells: Vec<Cell>,
    /// Byte offset of the row in the source.
    pub src: usize,
    /// The header row.
    pub head: bool,
}

/// A laid-out row: its text and styles (ranges relative to the text), and the row it came
/// from (`None` for the rule under the header).
#[derive(Debug, Clone)]
pub struct Line {
    /// The row's text, trailing padding trimmed.
    pub text: String,
    /// Styles inside the text.
    pub spans: Vec<(Range<usize>, InlineStyle)>,
    /// Index of the source row, or `None` for the rule row.
    pub row: Option<usize>,
    /// Each column's cell text in `text` (empty for a missing cell), or in the rule row the run
    /// of `─` between two `┼`.
    pub cells: Vec<Range<usize>>,
    /// The bars between columns (`│`, or `┼` in the rule row) in `text`.
    pub bars: Vec<Range<usize>>,
}

/// Rows laid out, with the width of each column.
#[derive(Debug, Clone)]
pub struct Laid {
    /// The rows, the rule under the header included.
    pub lines: Vec<Line>,
    /// Each column's width: its widest cell.
    pub widths: Vec<usize>,
}

/// Between two cells.
const SEPARATOR: &str = " │ ";

/// Columns `s` takes: its length when it is printable ASCII, else measured cluster by cluster.
fn width(s: &str, amb: AmbiguousWidth) -> usize {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        s.len()
    } else {
        str_width(s, amb)
    }
}

/// Lays out `rows` in aligned columns.
pub fn lay_out(rows: &[Row], aligns: &[Alignment], amb: AmbiguousWidth) -> Laid {
    let columns = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let mut widths = vec![0usize; columns];
    let cell_widths: Vec<Vec<usize>> = rows
        .iter()
        .map(|r| r.cells.iter().map(|c| width(&c.text, amb)).collect())
        .collect();
    for r in &cell_widths {
        for (k, &w) in r.iter().enumerate() {
            widths[k] = widths[k].max(w);
        }
    }
    let mut out = Vec::with_capacity(rows.len() + 1);
    let empty = Cell::default();
    for (i, r) in rows.iter().enumerate() {
        let mut text = String::new();
        let mut spans = Vec::new();
        let mut cells = Vec::with_capacity(columns);
        let mut bars = Vec::with_capacity(columns.saturating_sub(1));
        for (k, &w) in widths.iter().enumerate() {
            if k > 0 {
                let at = text.len() + 1;
                bars.push(at..at + '│'.len_utf8());
                text.push_str(SEPARATOR);
            }
            let cell = r.cells.get(k).unwrap_or(&empty);
            let own = cell_widths[i].get(k).copied().unwrap_or(0);
            let pad = w.saturating_sub(own);
            let (before, after) = match aligns.get(k) {
                Some(Alignment::Right) => (pad, 0),
                Some(Alignment::Center) => (pad / 2, pad - pad / 2),
                _ => (0, pad),
            };
            text.extend(std::iter::repeat_n(' ', before));
            let base = text.len();
            text.push_str(&cell.text);
            cells.push(base..text.len());
            spans.extend(
                cell.spans
                    .iter()
                    .map(|(range, style)| (base + range.start..base + range.end, *style)),
            );
            text.extend(std::iter::repeat_n(' ', after));
        }
        let len = text.trim_end().len();
        text.truncate(len);
        // a trailing empty cell lies past the trimmed end
        for c in &mut cells {
            *c = c.start.min(len)..c.end.min(len);
        }
        if r.head {
            spans.insert(0, (0..text.len(), InlineStyle::TableHead));
        }
        out.push(Line {
            text,
            spans,
            row: Some(i),
            cells,
            bars,
        });
        if r.head {
            // `─` and `┼` are ambiguous: drawn two columns wide, about half as many fill a
            // column (a cell of odd width may end one column off)
            let rule = if amb == AmbiguousWidth::Wide {
                let n = widths.len();
                widths
                    .iter()
                    .enumerate()
                    .map(|(k, &w)| {
                        let cols = w + usize::from(k > 0) + usize::from(k + 1 < n);
                        "─".repeat(cols.div_ceil(2).max(1))
                    })
                    .collect::<Vec<_>>()
                    .join("┼")
            } else {
                let segments: Vec<String> = widths.iter().map(|&w| "─".repeat(w.max(1))).collect();
                segments.join("─┼─")
            };
            let (cells, bars) = rule_pieces(&rule);
            out.push(Line {
                spans: vec![(0..rule.len(), InlineStyle::Rule)],
                text: rule,
                row: None,
                cells,
                bars,
            });
        }
    }
    Laid { lines: out, widths }
}

/// The runs of `─` of a rule row between its `┼`s, and the `┼`s.
fn rule_pieces(rule: &str) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
    let mut cells = Vec::new();
    let mut bars = Vec::new();
    let mut from = 0;
    for (at, c) in rule.char_indices() {
        if c == '┼' {
            cells.push(from..at);
            bars.push(at..at + c.len_utf8());
            from = at + c.len_utf8();
        }
    }
    cells.push(from..rule.len());
    (cells, bars)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(s: &str) -> Cell {
        Cell {
            text: s.into(),
            spans: Vec::new(),
        }
    }

    /// The text of a row's cells and bars.
    fn pieces(l: &Line) -> (Vec<&str>, Vec<&str>) {
        let cells: Vec<&str> = l
            .cells
            .iter()
            .filter_map(|r| l.text.get(r.clone()))
            .collect();
        let bars: Vec<&str> = l
            .bars
            .iter()
            .filter_map(|r| l.text.get(r.clone()))
            .collect();
        (cells, bars)
    }

    #[test]
    fn columns_align_by_display_width() {
        let rows = vec![
            Row {
                cells: vec![cell("名称"), cell("n")],
                src: 0,
                head: true,
            },
            Row {
                cells: vec![cell("ab"), cell("12345")],
                src: 10,
                head: false,
            },
        ];
        let laid = lay_out(
            &rows,
            &[Alignment::None, Alignment::Right],
            AmbiguousWidth::Narrow,
        );
        let lines = &laid.lines;
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["名称 │     n", "─────┼──────", "ab   │ 12345"]);
        assert_eq!(lines[1].row, None);
        for l in lines {
            assert_eq!(str_width(&l.text, AmbiguousWidth::Narrow), 12);
        }
        assert_eq!(laid.widths, [4, 5]);
        // where the cells and bars are, for layout to wrap the rows
        assert_eq!(pieces(&lines[0]), (vec!["名称", "n"], vec!["│"]));
        assert_eq!(pieces(&lines[1]), (vec!["─────", "──────"], vec!["┼"]));
        assert_eq!(pieces(&lines[2]), (vec!["ab", "12345"], vec!["│"]));
    }

    #[test]
    fn a_trailing_empty_cell_lies_at_the_trimmed_end() {
        let rows = vec![Row {
            cells: vec![cell("a"), cell("")],
            src: 0,
            head: false,
        }];
        let laid = lay_out(&rows, &[], AmbiguousWidth::Narrow);
        let l = &laid.lines[0];
        assert_eq!(l.text, "a │");
        assert_eq!(l.cells, [0..1, 5..5]);
        assert_eq!(l.bars, vec![2..5]);
    }
}
