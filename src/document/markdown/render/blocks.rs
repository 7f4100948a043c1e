//! The leaf blocks of rendered Markdown that are more than a run of inline text: HTML lines,
//! code blocks and tables.

use std::ops::Range;

use super::{Renderer, Stripper, html_heading, table};
use crate::display::{char_width, str_width};
use crate::document::decor::{self, InlineStyle};
use crate::document::{Marker, ParagraphKind, Section};

impl Renderer<'_, '_> {
    /// One line (or piece) of an HTML block: a heading at the top level, else its text.
    pub(super) fn html_line(&mut self, h: &str, range: Range<usize>) {
        let top = self.containers.is_empty();
        if top && let Some((depth, inner)) = html_heading(h) {
            let level = {
                while self
                    .heading_stack
                    .last()
                    .is_some_and(|&(d, _, _)| d >= depth)
                {
                    self.heading_stack.pop();
                }
                self.heading_stack.last().map_or(1, |&(_, _, l)| l + 1)
            };
            let parent = self.heading_stack.last().map(|&(_, i, _)| i);
            let index = self.sections.len() as u32;
            self.begin(ParagraphKind::Heading, range.start);
            let para = self.paragraphs.len() as u32;
            let from = self.out.len();
            let title = Stripper::default().strip(h.get(inner).unwrap_or(""));
            self.out.push_str(title.trim());
            let end = self.out.len();
            self.push_span(from..end, InlineStyle::Heading(level.min(6) as u8));
            self.sections.push(Section::new(
                level,
                from..end,
                self.line_of(range.start),
                para,
                parent,
                Marker::Markdown,
            ));
            self.heading_stack.push((depth, index, level));
            self.see(&range);
            self.end();
            return;
        }
        for (k, piece) in h.split_inclusive('\n').enumerate() {
            let text = self.html.strip(piece);
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            let at = range.start + h.split_inclusive('\n').take(k).map(str::len).sum::<usize>();
            self.begin(ParagraphKind::Body, at);
            self.out.push_str(text);
            self.src_seen = self.src_seen.max(at + piece.len());
            self.end();
        }
    }

    /// The lines of the code block just ended, one paragraph each. A text event holds one or
    /// more whole lines (its first at the source line of its offset), or a piece of one.
    pub(super) fn code_block(&mut self, range: &Range<usize>) {
        let pieces = self.code.take().unwrap_or_default();
        let mut pending = String::new();
        let mut pending_line = None;
        for (text, at) in pieces {
            let mut line = self.line_of(at);
            for piece in text.split_inclusive('\n') {
                pending_line.get_or_insert(line);
                match piece.strip_suffix('\n') {
                    Some(rest) => {
                        pending.push_str(rest);
                        let l = pending_line.take().unwrap_or(line);
                        self.code_line(&pending, l);
                        pending.clear();
                        line += 1;
                    }
                    None => pending.push_str(piece),
                }
            }
        }
        if let Some(l) = pending_line {
            self.code_line(&pending, l);
        }
        self.see(range);
    }

    /// One line of code, from source line `line`.
    fn code_line(&mut self, text: &str, line: u32) {
        let at = self
            .line_starts
            .get(line.saturating_sub(1) as usize)
            .copied()
            .unwrap_or(self.src.len());
        self.begin(ParagraphKind::Code, at);
        self.out.push_str(text.trim_end_matches('\r'));
        self.end();
        let end = self
            .line_starts
            .get(line as usize)
            .map_or(self.src.len(), |&e| e);
        self.src_seen = self.src_seen.max(end);
    }

    /// The table just ended, as aligned rows (one preformatted paragraph each), and its shape
    /// in [`decor::Table`] for layout to wrap it inside its cells in a narrower column.
    pub(super) fn table_rows(&mut self) {
        let Some((aligns, rows)) = self.table.take() else {
            return;
        };
        let laid = table::lay_out(&rows, &aligns, self.amb);
        let mut shape = decor::Table {
            first: self.paragraphs.len() as u32,
            aligns: aligns
                .iter()
                .map(|a| match a {
                    pulldown_cmark::Alignment::Center => decor::Align::Center,
                    pulldown_cmark::Alignment::Right => decor::Align::Right,
                    _ => decor::Align::Left,
                })
                .collect(),
            widths: laid.widths.iter().map(|&w| clamp16(w)).collect(),
            least: vec![0; laid.widths.len()],
            ..decor::Table::default()
        };
        // `see` is quiet while `self.table` is set: the rows mark what they show themselves
        for line in laid.lines {
            let src = line
                .row
                .and_then(|i| rows.get(i))
                .or_else(|| rows.first())
                .map_or(0, |r| r.src);
            self.begin(ParagraphKind::Preformatted, src);
            let base = self.out.len();
            self.out.push_str(&line.text);
            for (range, style) in line.spans {
                self.push_span(base + range.start..base + range.end, style);
            }
            let start = self.open.as_ref().map_or(base, |o| o.start);
            shape.width = shape.width.max(clamp16(str_width(
                self.out.get(start..).unwrap_or(""),
                self.amb,
            )));
            if line.row.is_some() {
                for (k, cell) in line.cells.iter().enumerate() {
                    let text = line.text.get(cell.clone()).unwrap_or("");
                    let least =
                        crate::text::longest_chunk(text, usize::MAX, |c| char_width(c, self.amb));
                    if let Some(l) = shape.least.get_mut(k) {
                        *l = (*l).max(clamp16(least));
                    }
                }
            }
            let at =
                |r: &Range<usize>| (base - start + r.start) as u32..(base - start + r.end) as u32;
            shape.rows.push(decor::TableRow {
                cells: line.cells.iter().map(at).collect(),
                bars: line.bars.iter().map(at).collect(),
                rule: line.row.is_none(),
            });
            self.end();
            if let Some(r) = line.row.and_then(|i| rows.get(i)) {
                let end = self
                    .line_starts
                    .get(self.line_of(r.src) as usize)
                    .map_or(self.src.len(), |&e| e);
                self.src_seen = self.src_seen.max(end);
            }
        }
        if !shape.rows.is_empty() {
            self.decor.tables.push(shape);
        }
    }
}

/// `w` as a `u16`, at most `u16::MAX`.
fn clamp16(w: usize) -> u16 {
    w.min(usize::from(u16::MAX)) as u16
}
