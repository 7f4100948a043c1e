//! Where the reader is, in the words of the status line: the percentage of the top line and
//! the reading minutes left. Computed in [`App::prepare`](super::App) (the view only reads).
//!
//! Invariants: the percentage is the share of the text above the top line, so `:50%` shows
//! `50%` (the jump puts the line holding that offset at the top); it is 0 on the first page and
//! 100 only at the end. The minutes left are 0 at the end of the document.

use super::App;
use crate::document::stats;

impl App {
    /// The percentage of the text above the top line: 100 at the end, else at most 99; rounded
    /// up so that the line `:N%` jumps to (the one holding that offset) shows `N%`.
    pub(super) fn top_percent(&mut self, at_end: bool) -> u8 {
        if at_end {
            return 100;
        }
        let len = self.doc.text.len().max(1);
        let top = self.viewport.anchor(&self.doc, &mut self.layout);
        let above = top.byte().min(len) * 100;
        above.div_ceil(len).min(99) as u8
    }

    /// Reading minutes left in section `current` and in the document, from the top line; both
    /// 0 once the end of the document is on screen.
    pub(super) fn minutes_left(
        &mut self,
        current: Option<usize>,
        at_end: bool,
    ) -> Option<(u64, u64)> {
        let c = current?;
        if at_end {
            return Some((0, 0));
        }
        let top_para = self.viewport.top_para().index();
        let section = self.doc.section_paragraphs(c);
        let in_section = self.doc.chars_in(top_para.max(section.start)..section.end);
        let in_doc = self.doc.chars_in(top_para..self.doc.paragraphs.len());
        Some((
            stats::minutes(in_section, self.rates.read),
            stats::minutes(in_doc, self.rates.read),
        ))
    }
}
