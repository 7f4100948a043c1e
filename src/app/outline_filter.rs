//! The outline's filter (`/` in the outline): while it is typed, the outline shows only the
//! headings the `:` matcher finds for it (every rank, pinyin and fuzzy included) and their
//! ancestors, the best match selected. Enter keeps the filter (the rows are read like any
//! others, Enter on one reads it); Esc, in the prompt or later in the outline, clears it and
//! the folds come back as they were (see [`crate::outline`]).

use super::App;
use crate::heading_match::{self, Query};

impl App {
    /// The filter's input changed: the outline shows what matches it (everything when it is
    /// empty).
    pub(super) fn refresh_outline_filter(&mut self, input: &str) {
        let Some(query) = Query::new(input) else {
            self.outline.clear_filter(&self.doc);
            return;
        };
        self.titles.update(&self.doc);
        let ranked =
            heading_match::ranked_indexed(&self.doc, &self.titles, &query, None, usize::MAX);
        let best = ranked.first().map(|&(i, _)| i);
        let mut matches: Vec<usize> = ranked.into_iter().map(|(i, _)| i).collect();
        matches.sort_unstable();
        self.outline.filter(&self.doc, &matches);
        if let Some(best) = best {
            self.outline.select(best);
        }
        self.outline_scroll = 0;
    }

    /// Ends the filter; the outline follows the reader again.
    pub(super) fn clear_outline_filter(&mut self) {
        self.outline.clear_filter(&self.doc);
        self.follow_in_outline();
    }
}
