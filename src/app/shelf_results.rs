//! `Alt-/` then `*query`: the results list over every document of the shelf. The `*` prefix
//! (the one `:*` uses, [`SHELF_PREFIX`]) makes the list hold this document's matches first
//! (read a slice per frame, as for the list of this document alone), then those of the
//! shelf's other documents, which the session finds ([`Effect::SearchShelf`]: the parked
//! readers' texts from memory, the others from their files in the background) and sends as
//! they come ([`Message::ShelfHits`](super::Message::ShelfHits)), each with its document,
//! breadcrumb and line. At most [`RESULT_LIMIT`] matches a document. The title says `…`
//! until every document has been read. Enter on another document's match asks the shell to
//! switch there and go to it ([`Effect::SwitchToHit`]), once loaded if it is still loading.

use super::results::RESULT_LIMIT;
use super::shelf_find::{SHELF_PREFIX, shelf_query};
use super::{App, Effect};
use crate::document::Document;
use crate::heading_match::label_of;
use crate::search::Syntax;

/// A match in another document of the shelf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShelfTextHit {
    /// The document's index on the shelf.
    pub doc: usize,
    /// Where the match starts in that document's text.
    pub offset: usize,
    /// The labels of its section (`第三编 › 第二章`).
    pub crumb: String,
    /// Its line, from a few characters before it.
    pub line: String,
}

/// The shelf part of the results list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShelfResults {
    /// The query (without the prefix) and how it is read.
    pub query: String,
    /// Literal or regular expression.
    pub syntax: Syntax,
    /// The other documents' matches so far, by document then offset.
    pub others: Vec<ShelfTextHit>,
    /// True once every other document has been searched.
    pub done: bool,
}

/// The query a results prompt searches with: what follows the shelf prefix when `shelf`.
pub fn results_query(input: &str, shelf: bool) -> &str {
    if shelf {
        shelf_query(input).unwrap_or(input)
    } else {
        input
    }
}

/// The labels of the section holding `hit` in `doc`, outermost first, joined by ` › `.
pub fn crumb_of(doc: &Document, hit: usize) -> String {
    let section = doc.section_at_paragraph(doc.paragraph_at(hit));
    let crumbs: Vec<&str> = section
        .map(|s| doc.ancestry(s))
        .unwrap_or_default()
        .into_iter()
        .map(|a| {
            let t = doc.section_title(a);
            label_of(t).unwrap_or(t)
        })
        .collect();
    crumbs.join(" › ")
}

/// Adds `more` to `others`, kept by document then offset, at most [`RESULT_LIMIT`] a
/// document.
pub fn merge_hits(others: &mut Vec<ShelfTextHit>, more: Vec<ShelfTextHit>) {
    for hit in more {
        let count = others.iter().filter(|h| h.doc == hit.doc).count();
        if count < RESULT_LIMIT {
            others.push(hit);
        }
    }
    others.sort_by_key(|h| (h.doc, h.offset));
    others.dedup_by_key(|h| (h.doc, h.offset));
}

impl App {
    /// True when `input` at the results prompt asks the shelf (`*…` with several documents).
    pub(super) fn asks_shelf(&self, input: &str) -> bool {
        input.trim_start().starts_with(SHELF_PREFIX)
            && self.shelf.as_ref().is_some_and(|s| s.entries.len() > 1)
    }

    /// What the session is to search the shelf's other documents for: the query and how it
    /// is read, while a `*` results list is open with a valid query.
    pub fn shelf_request(&self) -> Option<(&str, Syntax)> {
        let s = self.results.as_ref()?.shelf()?;
        (!s.query.is_empty()).then_some((s.query.as_str(), s.syntax))
    }

    /// The session's matches in other documents for `query` (ignored when the list asks for
    /// something else by now); `done` when every document has been read.
    pub(super) fn take_shelf_hits(&mut self, query: &str, hits: Vec<ShelfTextHit>, done: bool) {
        let Some(s) = self.results.as_mut().and_then(|r| r.shelf_mut()) else {
            return;
        };
        if s.query != query {
            return;
        }
        merge_hits(&mut s.others, hits);
        s.done |= done;
    }

    /// Asks the session to search the shelf again (or stop) when the request changed.
    pub(super) fn shelf_request_changed(&mut self, before: Option<&(String, Syntax)>) {
        let now = self.shelf_request();
        if now != before.map(|(q, s)| (q.as_str(), *s)) {
            self.effects.push(Effect::SearchShelf);
        }
    }

    /// The shelf request as it is, owned (to compare after a change).
    pub(super) fn owned_shelf_request(&self) -> Option<(String, Syntax)> {
        self.shelf_request().map(|(q, s)| (q.to_owned(), s))
    }
}
