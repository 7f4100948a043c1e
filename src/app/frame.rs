//! The frame: everything the view draws that takes work (visible rows, matches on screen, the
//! outline's current row, breadcrumb, percentages), laid out when the shell sends
//! [`Message::Resize`](super::Message::Resize); and where the reader is.

use ratatui::layout::Rect;

use super::motion::Here;
use super::{App, OutlineWish, VisibleRow, panes, prompter};
use crate::document::Document;
use crate::layout::Layout;
use crate::pos::{Para, TextPos};
use crate::viewport::RowRef;

/// A row on screen with the laid-out lines of its paragraph (none for a gap).
fn visible_row(doc: &Document, layout: &mut Layout, row: RowRef) -> VisibleRow {
    VisibleRow {
        row,
        lines: match row {
            RowRef::Gap(_) => None,
            RowRef::Line { para, .. } => Some(layout.paragraph(doc, para.index())),
        },
    }
}

impl App {
    /// Lays out what the next frame shows for a screen of `area`; the view then only reads.
    pub(super) fn prepare(&mut self, area: Rect) {
        let panes = panes::panes(
            area,
            OutlineWish {
                shown: self.outline_shown && self.prompter().is_none(),
                width: self.outline_width,
                has_sections: !self.doc.sections.is_empty(),
            },
        );
        let old_column = self.layout.column_width();
        let anchor = match self.width_anchor {
            Some((at, top)) if top == self.viewport.top => at,
            _ => self.viewport.anchor(&self.doc, &mut self.layout),
        };
        self.layout.set_pane_width(panes.text.width);
        self.viewport.height = usize::from(panes.text.height);
        if self.layout.column_width() == old_column {
            self.viewport.clamp(&self.doc, &mut self.layout);
        } else {
            // a new width: keep the same text at the top
            self.viewport
                .set_anchor(&self.doc, &mut self.layout, anchor);
            self.width_anchor = Some((anchor, self.viewport.top));
        }
        self.panes = panes;
        let rows = self.viewport.rows(&self.doc, &mut self.layout);
        self.frame.rows = rows
            .iter()
            .map(|&row| visible_row(&self.doc, &mut self.layout, row))
            .collect();
        if self.prompter().is_some() {
            // the reading line (the top row) a third of the way down, context above it
            let above = prompter::rows_above(
                &self.doc,
                &mut self.layout,
                self.viewport.top,
                self.viewport.height / 3,
            );
            let mut all: Vec<VisibleRow> = above
                .into_iter()
                .map(|row| visible_row(&self.doc, &mut self.layout, row))
                .collect();
            all.append(&mut self.frame.rows);
            all.truncate(self.viewport.height);
            self.frame.rows = all;
        }
        let visible = self.visible_range();
        self.count_hits();
        self.scan_results();
        if let Some(s) = &mut self.search {
            self.frame.matches = if self.highlight {
                let bytes = TextPos::range(&visible);
                s.match_ranges_in(&self.doc.text, bytes)
                    .into_iter()
                    .map(|r| TextPos::new(r.start)..TextPos::new(r.end))
                    .collect()
            } else {
                Vec::new()
            };
        } else {
            self.frame.matches.clear();
        }
        self.frame.notes = self.notes_in(TextPos::range(&visible));
        self.frame.note_counts = self.note_counts();
        let current = self.current_section();
        self.frame.outline_current = current
            .filter(|_| self.outline.row_count() > 0)
            .map(|c| self.outline.reveal(c));
        self.frame.breadcrumb = current.map(|c| self.doc.ancestry(c)).unwrap_or_default();
        let at_end = self.viewport.at_end(&self.doc, &mut self.layout) && self.loading.is_none();
        self.frame.percent = self.top_percent(at_end);
        self.frame.remaining_minutes = self.minutes_left(current, at_end);
        if !self.outline_pinned {
            self.keep_outline_row_visible();
        }
        self.frame.outline_hits = self.outline_hits();
    }

    /// Where the reader is.
    pub(super) fn here(&mut self) -> Here {
        let para = self
            .viewport
            .top
            .para
            .min(self.doc.paragraphs.len().saturating_sub(1));
        let section = self.doc.section_at_paragraph(para);
        let gap = self.doc.paragraphs.get(para).is_some_and(|p| p.gap_before);
        let first_line_row = usize::from(gap && para > 0);
        let at_heading = section.is_some_and(|s| self.doc.sections[s].para as usize == para)
            && self.viewport.top.row == first_line_row;
        Here {
            section,
            at_heading,
            para: Para::new(para),
        }
    }

    /// The section holding the top line of the text pane.
    pub(super) fn current_section(&mut self) -> Option<usize> {
        self.here().section
    }
}
