//! `Alt-/` then `*query`: the results list over every document of the shelf. The `*` prefix
//! (the one `:*` uses, [`SHELF_PREFIX`]) makes the list hold this document's matches first
//! (read a slice per frame, as for the list of this document alone), then those of the
//! shelf's other documents, which the session finds ([`Effect::SearchShelf`]: the parked
//! readers' texts from memory, the others from their files in the background) and sends as
//! they come ([`Message::ShelfHits`](super::Message::ShelfHits)), each with its document,
//! breadcrumb and line. At most [`RESULT_LIMIT`] matches a document. The title says `…`
//! until every document has been read. Enter on another document's match asks the shell to
//! switch there and go to it ([`Effect::SwitchToHit`]), once loaded if it is still loading.

use super::shelf_find::{SHELF_PREFIX, shelf_query};
use super::{App, Effect};
use crate::document::Document;
use crate::heading_match::label_of;
use crate::search::{RESULT_LIMIT, Syntax};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Message;
    use crate::app::shelf_test_support::{reader_on_shelf, type_keys};
    use crate::keymap::Action;
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

    /// A reader of document 1 on a shelf of three.
    fn reader() -> App {
        reader_on_shelf(
            "第一章 总则\n\n桥头一盏青灯。\n\n第二章 夜巡\n\n青灯未灭。\n",
            Vec::new(),
        )
    }

    fn hit(doc: usize, offset: usize) -> ShelfTextHit {
        ShelfTextHit {
            doc,
            offset,
            crumb: "第一章".into(),
            line: "青灯".into(),
        }
    }

    #[test]
    fn a_starred_query_lists_this_documents_matches_first_then_the_others_as_they_come() {
        let mut app = reader();
        let _ = app.update(Message::Action(Action::SearchResults));
        let effects = type_keys(&mut app, "*青灯");
        assert!(effects.contains(Effect::SearchShelf), "{effects:?}");
        assert_eq!(app.shelf_request(), Some(("青灯", Syntax::default())));
        let results = app.results().unwrap();
        assert_eq!(results.hits().len(), 2);
        assert!(!results.shelf().unwrap().done);
        // the session's matches, in any order: kept by document; a stale query's ignored
        let _ = app.update(Message::ShelfHits {
            query: "青".into(),
            hits: vec![hit(0, 1)],
            done: false,
        });
        let _ = app.update(Message::ShelfHits {
            query: "青灯".into(),
            hits: vec![hit(2, 30), hit(0, 9)],
            done: true,
        });
        let results = app.results().unwrap();
        assert_eq!(results.rows(), 4);
        let others: Vec<(usize, usize)> = results
            .shelf()
            .unwrap()
            .others
            .iter()
            .map(|h| (h.doc, h.offset))
            .collect();
        assert_eq!(others, [(0, 9), (2, 30)]);
        assert!(results.shelf().unwrap().done);
        // the third row is another document's: Enter switches there and goes to it
        let effects = type_keys(&mut app, "↓↓\n");
        assert!(
            effects.contains(Effect::SwitchToHit { doc: 0, offset: 9 }),
            "{effects:?}"
        );
        // the search there stops
        assert!(effects.contains(Effect::SearchShelf), "{effects:?}");
        assert!(app.shelf_request().is_none());
    }

    #[test]
    fn enter_on_this_documents_match_goes_there_and_a_bad_pattern_is_one_message() {
        let mut app = reader();
        let _ = app.update(Message::Action(Action::SearchResults));
        let _ = type_keys(&mut app, "*(");
        let prompt = app.mode().prompt().unwrap();
        assert!(prompt.error.is_some());
        assert!(app.shelf_request().is_none());
        // Esc, and again with a term found here
        let _ = app.update(Message::Input(Event::Key(KeyEvent::new(
            KeyCode::Esc,
            KeyModifiers::NONE,
        ))));
        let _ = app.update(Message::Action(Action::SearchResults));
        let effects = type_keys(&mut app, "*夜巡\n");
        assert!(
            !effects
                .iter()
                .any(|e| matches!(e, Effect::SwitchToHit { .. }))
        );
        assert_eq!(app.current_section(), Some(1));
        assert_eq!(app.history.search.last(), Some("夜巡"));
    }

    #[test]
    fn without_the_star_the_list_is_this_documents_own() {
        let mut app = reader();
        let _ = app.update(Message::Action(Action::SearchResults));
        let effects = type_keys(&mut app, "青灯");
        assert!(!effects.contains(Effect::SearchShelf));
        assert!(app.results().unwrap().shelf().is_none());
    }

    #[test]
    fn merged_matches_stop_at_the_limit_a_document() {
        let mut others = Vec::new();
        merge_hits(
            &mut others,
            (0..RESULT_LIMIT + 5).map(|o| hit(3, o)).collect(),
        );
        merge_hits(&mut others, vec![hit(3, 99_999), hit(1, 4)]);
        assert_eq!(others.len(), RESULT_LIMIT + 1);
        assert_eq!((others[0].doc, others[0].offset), (1, 4));
    }
}
