//! The search results list (`Alt-/`): while the search prompt it opened is typed, every match
//! in document order (up to [`RESULT_LIMIT`]), each drawn with its section's labels and a
//! line of context. The list fills a slice of text per frame ([`RESULT_STEP`]), so a rare
//! term in a 100 MB document never holds up a key; it starts again at each keystroke.
//! `↑`/`↓` (once something is typed) and `Ctrl-n`/`Ctrl-p` move; Enter on a match chosen in
//! the list goes there (the search stays active, `n` goes on from it); Enter without moving is
//! the plain search from where the reader is.

use super::shelf_results::{ShelfResults, results_query};
use super::{App, Effect, PromptKind};
use crate::pos::TextPos;
use crate::search::{Direction, RESULT_LIMIT, Search, Syntax};

/// Bytes of text read for the list per frame.
pub const RESULT_STEP: usize = 4 << 20;

/// The results list's state while its prompt is open.
#[derive(Debug, Default)]
pub struct Results {
    /// The search being listed (`None` for an empty or invalid query).
    search: Option<Search>,
    /// Offsets of the matches found so far, in document order.
    hits: Vec<usize>,
    /// The text before this offset has been read.
    scanned: usize,
    /// Index into `hits` of the selected match.
    selected: usize,
    /// True once the reader has moved in the list.
    moved: bool,
    /// The other documents' matches, for a `*` query on a shelf.
    shelf: Option<ShelfResults>,
}

/// What Enter chose in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Picked {
    /// A match in this document, at this offset.
    Here(usize),
    /// A match in another document of the shelf: its index, and the offset.
    There(usize, usize),
}

impl Results {
    /// The matches found so far, in document order.
    pub fn hits(&self) -> &[usize] {
        &self.hits
    }

    /// Index of the selected row: into [`Results::hits`], then on into the other
    /// documents' matches.
    pub const fn selected(&self) -> usize {
        self.selected
    }

    /// True when this document's part of the list is complete: all the text read, or the
    /// limit reached.
    pub fn is_complete(&self, text: &str) -> bool {
        self.search.is_none() || self.scanned >= text.len() || self.hits.len() >= RESULT_LIMIT
    }

    /// The shelf part, for a `*` query on a shelf.
    pub const fn shelf(&self) -> Option<&ShelfResults> {
        self.shelf.as_ref()
    }

    pub(super) const fn shelf_mut(&mut self) -> Option<&mut ShelfResults> {
        self.shelf.as_mut()
    }

    /// Rows in the list: this document's matches, then the other documents'.
    pub fn rows(&self) -> usize {
        self.hits.len() + self.shelf.as_ref().map_or(0, |s| s.others.len())
    }
}

impl App {
    /// The results list, while its prompt is open.
    pub const fn results(&self) -> Option<&Results> {
        self.results.as_ref()
    }

    /// `Alt-/`: the search prompt with the results list under it.
    pub(super) fn open_results(&mut self) {
        self.open_prompt(PromptKind::Search);
        self.results = Some(Results::default());
    }

    /// The query changed: the list starts again (and reads its first slice at once).
    pub(super) fn refresh_results(&mut self, input: &str, syntax: Syntax) {
        let on_shelf = self.asks_shelf(input);
        let before = self.owned_shelf_request();
        let Some(results) = self.results.as_mut() else {
            return;
        };
        let query = results_query(input, on_shelf);
        let search = (!query.is_empty())
            .then(|| Search::build(query, syntax).ok())
            .flatten();
        *results = Results {
            shelf: on_shelf.then(|| ShelfResults {
                query: if search.is_some() {
                    query.to_owned()
                } else {
                    String::new()
                },
                syntax,
                done: search.is_none(),
                ..ShelfResults::default()
            }),
            search,
            ..Results::default()
        };
        self.shelf_request_changed(before.as_ref());
        self.scan_results();
    }

    /// Closes the list (the prompt closed): a search of the shelf under way is stopped.
    pub(super) fn close_results(&mut self) -> Option<Results> {
        let before = self.owned_shelf_request();
        let results = self.results.take();
        if before.is_some() {
            self.effects.push(Effect::SearchShelf);
        }
        results
    }

    /// Reads the next slice of text for the list.
    pub(super) fn scan_results(&mut self) {
        let text = self.doc.text.as_str();
        let Some(results) = self.results.as_mut() else {
            return;
        };
        if results.is_complete(text) {
            return;
        }
        let Some(search) = results.search.as_ref() else {
            return;
        };
        let from = results.scanned;
        let mut to = (from + RESULT_STEP).min(text.len());
        while !text.is_char_boundary(to) {
            to += 1;
        }
        let found = search.match_ranges_in(text, from..to);
        // a match reaching into the slice from before it was listed with the slice before
        let room = RESULT_LIMIT - results.hits.len();
        results.hits.extend(
            found
                .into_iter()
                .map(|r| r.start)
                .filter(|&s| s >= from)
                .take(room),
        );
        results.scanned = to;
    }

    /// True while this document's part of the list is still being filled.
    pub(super) fn listing(&self) -> bool {
        self.results
            .as_ref()
            .is_some_and(|r| !r.is_complete(&self.doc.text))
    }

    /// Moves the selection by `delta` rows, stopping at the ends.
    pub(super) fn step_results(&mut self, delta: isize) {
        if let Some(r) = self.results.as_mut()
            && let Some(last) = r.rows().checked_sub(1)
        {
            r.selected = r.selected.saturating_add_signed(delta).min(last);
            r.moved = true;
        }
    }

    /// True when the list has matches to move through.
    pub(super) fn results_listed(&self) -> bool {
        self.results.as_ref().is_some_and(|r| r.rows() > 0)
    }

    /// Enter: the match chosen in the list, when the reader moved in it (or, for a `*`
    /// query, the first row without moving); the list closes either way.
    pub(super) fn take_result(&mut self) -> Option<Picked> {
        let r = self.close_results()?;
        if !r.moved && r.shelf.is_none() {
            return None;
        }
        if let Some(&hit) = r.hits.get(r.selected) {
            return Some(Picked::Here(hit));
        }
        let other = r.shelf.as_ref()?.others.get(r.selected - r.hits.len())?;
        Some(Picked::There(other.doc, other.offset))
    }

    /// Goes to the match at `offset` of `query`, which becomes the active search.
    pub(super) fn go_to_hit(&mut self, query: &str, syntax: Syntax, offset: usize) {
        let Ok(mut search) = Search::build(query, syntax) else {
            return;
        };
        self.history.search.push(query);
        search.next_from(&self.doc.text, offset, Direction::Forward);
        self.search = Some(search);
        self.highlight = true;
        self.jump_to_offset(TextPos::new(offset));
    }
}
