//! A table of rendered Markdown wider than the column, wrapped inside its cells.
//!
//! The renderer writes each table row as one preformatted paragraph at the table's natural
//! column widths, and records where its cells and bars lie ([`Table`]); the text never depends
//! on the width (positions, marks and the document's identity are offsets into it). Here a
//! row is laid out for one column width:
//! - When the table as rendered fits (its widest row, prefix included), nothing here applies:
//!   the row is one line as it stands, exactly as in a wide pane.
//! - Else the columns are narrowed, widest first, never below a column's least width (its
//!   widest stretch that may not be broken), until the table fits ([`column_widths`]); each
//!   cell is wrapped in its column by the breaker (clreq rules, words kept whole, CJK two
//!   columns), and the row takes as many display lines as its tallest cell. Every line of the
//!   row shows the bars between the columns again; cells keep their alignment.
//! - When even the least widths do not fit, the row is left as it stands (clipped by the view
//!   and scrolled sideways, as before).
//!
//! A wrapped row's display lines are made of [`Piece`]s: a cell's wrapped line, a bar, the
//! row's prefix (quote bars, list indent) on its first line. A piece is a byte range of the
//! row's text and the column it is drawn at. Every byte of a cell lies in exactly one piece; a
//! bar's bytes are drawn on every line of the row and belong to none
//! ([`super::ParagraphLines::line_at`] finds the line of a byte).

use std::ops::Range;

use super::breaker::{WrapOptions, wrap};
use super::{DisplayLine, LayoutOptions, ParagraphLines, Piece};
use crate::display::{char_width, str_width};
use crate::document::decor::{Align, Table, TableRow};
use crate::document::{Document, Paragraph};

/// Widths to lay a table's columns out in, `room` columns for their cells (bars and the
/// spaces around them excluded): each column's `natural` width when they all fit; else the
/// widest are narrowed first — every column wider than some cap is cut to it, but never below
/// its `least` — with the cap as high as the room allows, and what is left over given a
/// column each to the cut ones, left to right, so the cells take exactly `room`. `None` when
/// even the least widths do not fit.
pub fn column_widths(natural: &[u16], least: &[u16], room: usize) -> Option<Vec<usize>> {
    let natural: Vec<usize> = natural.iter().map(|&w| usize::from(w)).collect();
    if natural.iter().sum::<usize>() <= room {
        return Some(natural);
    }
    let least = |k: usize| least.get(k).map_or(0, |&l| usize::from(l)).min(natural[k]);
    let capped = |cap: usize| -> Vec<usize> {
        (0..natural.len())
            .map(|k| natural[k].min(cap).max(least(k)))
            .collect()
    };
    if capped(0).iter().sum::<usize>() > room {
        return None;
    }
    // the highest cap that fits: the sum grows with the cap, and the natural widths do not fit
    let (mut lo, mut hi) = (0, natural.iter().copied().max().unwrap_or(0));
    while lo + 1 < hi {
        let mid = lo + (hi - lo) / 2;
        if capped(mid).iter().sum::<usize>() <= room {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let mut widths = capped(lo);
    let mut left = room - widths.iter().sum::<usize>();
    for (k, w) in widths.iter_mut().enumerate() {
        if left == 0 {
            break;
        }
        if *w == lo && natural[k] > lo {
            *w += 1;
            left -= 1;
        }
    }
    Some(widths)
}

/// The lines of row paragraph `p` (index `i`) of a table in a column `column` wide, when the
/// table is wider than the column and can be wrapped to fit it; `None` when it fits as it
/// stands or cannot be made to (the caller lays the row out as it stands).
pub fn lay_out_row(
    doc: &Document,
    i: usize,
    p: &Paragraph,
    opts: LayoutOptions,
    column: u16,
) -> Option<ParagraphLines> {
    let (table, row) = doc.decor.table_row(i)?;
    if table.width <= column {
        return None;
    }
    let amb = opts.ambiguous;
    let prefix = doc.decor.prefix_len(i);
    let hang = str_width(doc.slice(&(p.range.start..p.range.start + prefix)), amb);
    let bar = char_width('│', amb);
    let gutter = bar + 2;
    let n = table.widths.len();
    let room = usize::from(column)
        .checked_sub(hang)?
        .checked_sub(gutter * n.saturating_sub(1))?;
    let widths = column_widths(&table.widths, &table.least, room)?;
    // where each column's cells start, from the left edge of the text
    let mut x = Vec::with_capacity(n);
    let mut at = hang;
    for &w in &widths {
        x.push(at);
        at += w + gutter;
    }
    let geometry = Geometry {
        widths: &widths,
        x: &x,
        bar,
        base: p.range.start,
    };
    let mut lines = if row.rule {
        vec![geometry.rule_line(doc, row, amb)]
    } else {
        geometry.cell_lines(doc, table, row, amb)
    };
    if prefix > 0
        && let Some(first) = lines.first_mut()
    {
        let shown = doc
            .slice(&(p.range.start..p.range.start + prefix))
            .trim_end();
        first.insert(
            0,
            Piece {
                range: p.range.start..p.range.start + prefix,
                col: 0,
                width: to16(str_width(shown, amb)),
                bar: false,
            },
        );
    }
    let lines = lines
        .into_iter()
        .map(|pieces| line_of_pieces(pieces, &p.range))
        .collect();
    Some(ParagraphLines {
        gap_before: p.gap_before,
        lines,
    })
}

/// Where a wrapped table's columns lie.
struct Geometry<'a> {
    /// Each column's width.
    widths: &'a [usize],
    /// The column each column's cells start at.
    x: &'a [usize],
    /// Columns a bar takes.
    bar: usize,
    /// Byte offset of the row paragraph.
    base: usize,
}

impl Geometry<'_> {
    /// The bytes of `r` (relative to the row) in the text.
    fn bytes(&self, r: &Range<u32>) -> Range<usize> {
        self.base + r.start as usize..self.base + r.end as usize
    }

    /// The bar after column `k`, drawn one space after the column.
    fn bar_piece(&self, row: &TableRow, k: usize) -> Option<Piece> {
        let r = row.bars.get(k)?;
        Some(Piece {
            range: self.bytes(r),
            col: to16(self.x.get(k)? + self.widths.get(k)? + 1),
            width: to16(self.bar),
            bar: true,
        })
    }

    /// A row of cells, each wrapped in its column: as many lines as its tallest cell.
    fn cell_lines(
        &self,
        doc: &Document,
        table: &Table,
        row: &TableRow,
        amb: crate::display::AmbiguousWidth,
    ) -> Vec<Vec<Piece>> {
        let wrapped: Vec<Vec<Piece>> = row
            .cells
            .iter()
            .zip(self.widths.iter().zip(self.x))
            .enumerate()
            .map(|(k, (cell, (&w, &x)))| {
                let bytes = self.bytes(cell);
                let text = doc.slice(&bytes);
                if text.is_empty() || w == 0 {
                    return Vec::new();
                }
                let opts = WrapOptions {
                    width: to16(w),
                    first_line_indent: 0,
                    ambiguous: amb,
                };
                let align = table.aligns.get(k).copied().unwrap_or_default();
                wrap(text, &opts)
                    .into_iter()
                    .map(|s| {
                        let room = w.saturating_sub(usize::from(s.width));
                        let before = match align {
                            Align::Left => 0,
                            Align::Center => room / 2,
                            Align::Right => room,
                        };
                        Piece {
                            range: bytes.start + s.start as usize..bytes.start + s.end as usize,
                            col: to16(x + before),
                            width: s.width,
                            bar: false,
                        }
                    })
                    .collect()
            })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(0).max(1);
        (0..height)
            .map(|j| {
                let mut line = Vec::with_capacity(wrapped.len() * 2);
                for (k, cell) in wrapped.iter().enumerate() {
                    line.extend(cell.get(j).cloned());
                    line.extend(self.bar_piece(row, k));
                }
                line
            })
            .collect()
    }

    /// The rule under the header: each column's run of `─` cut to the column and the spaces
    /// beside it, the `┼`s where the bars are.
    fn rule_line(
        &self,
        doc: &Document,
        row: &TableRow,
        amb: crate::display::AmbiguousWidth,
    ) -> Vec<Piece> {
        let n = self.widths.len();
        let mut line = Vec::with_capacity(n * 2);
        for (k, cell) in row.cells.iter().enumerate().take(n) {
            let span = self.widths[k] + usize::from(k > 0) + usize::from(k + 1 < n);
            let bytes = self.bytes(cell);
            let mut end = bytes.start;
            let mut used = 0;
            for c in doc.slice(&bytes).chars() {
                let w = char_width(c, amb);
                if used + w > span {
                    break;
                }
                used += w;
                end += c.len_utf8();
            }
            if end > bytes.start {
                line.push(Piece {
                    range: bytes.start..end,
                    col: to16(self.x[k] - usize::from(k > 0)),
                    width: to16(used),
                    bar: false,
                });
            }
            line.extend(self.bar_piece(row, k));
        }
        line
    }
}

/// A display line made of `pieces` of paragraph `para`: its range runs from its first piece
/// that is not a bar (a bar is on every line of its row: its bytes say nothing of where a line
/// is) to the end of its last piece; a line of bars alone stands for the whole paragraph.
fn line_of_pieces(pieces: Vec<Piece>, para: &Range<usize>) -> DisplayLine {
    let start = pieces
        .iter()
        .filter(|p| !p.bar)
        .map(|p| p.range.start)
        .min()
        .unwrap_or(para.start);
    let end = pieces
        .iter()
        .map(|p| p.range.end)
        .max()
        .unwrap_or(para.end)
        .max(start);
    let width = pieces
        .iter()
        .map(|p| p.col.saturating_add(p.width))
        .max()
        .unwrap_or(0);
    DisplayLine {
        range: start..end,
        indent: 0,
        width,
        pieces,
    }
}

/// `w` as a `u16`, at most `u16::MAX`.
fn to16(w: usize) -> u16 {
    w.min(usize::from(u16::MAX)) as u16
}

#[cfg(test)]
mod tests;
