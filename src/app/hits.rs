//! Search hits mapped onto the tree: while a search is highlighted, each outline row on
//! screen gets its number of matches (a folded row its whole subtree's), read off the
//! search's per-section tally when the frame is laid out. The count goes on a slice per frame
//! ([`crate::search::Search::advance_with`]), and [`App::counting`] asks the loop for the next
//! frame until it is done, so keys are read between slices.

use super::App;
use crate::document::Document;

/// A row's hits: the number so far, and whether it is final. `None`: not reached yet.
pub type Hits = Option<(u64, bool)>;

/// Where section `i` starts in the text (its heading paragraph's start).
pub fn section_start(doc: &Document, i: usize) -> Option<usize> {
    let s = doc.sections.get(i)?;
    doc.paragraphs.get(s.para as usize).map(|p| p.range.start)
}

impl App {
    /// One more slice of the count, with the section tally.
    pub(super) fn count_hits(&mut self) {
        let doc = &self.doc;
        if let Some(s) = &mut self.search {
            s.advance_with(&doc.text, &|i| section_start(doc, i));
        }
    }

    /// The hits of the outline rows on screen, top to bottom; empty without a highlighted
    /// search.
    pub(super) fn outline_hits(&self) -> Vec<Hits> {
        let (Some(search), Some(area)) = (self.search.as_ref(), self.panes.outline) else {
            return Vec::new();
        };
        if !self.highlight {
            return Vec::new();
        }
        let n = self.doc.sections.len();
        self.outline
            .rows(&self.doc, self.outline_scroll, usize::from(area.height))
            .map(|row| {
                let end = if row.folded == Some(true) {
                    self.doc.subtree_end(row.section).min(n)
                } else {
                    row.section + 1
                };
                search.section_hits(&self.doc.text, row.section, end, n)
            })
            .collect()
    }

    /// True while a search is still counting or the results list filling: the loop should lay
    /// out another frame soon.
    pub(super) fn counting(&self) -> bool {
        self.listing()
            || self.picking()
            || self
                .search
                .as_ref()
                .is_some_and(|s| !s.is_complete(&self.doc.text))
    }
}
