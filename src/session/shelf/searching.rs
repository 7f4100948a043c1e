//! The `Alt-/` `*` list's search of the shelf's other documents ([`super::search`]), as the
//! terminal loop's hooks drive it: started (or stopped) when the app asks
//! ([`Effect::SearchShelf`](crate::app::Effect::SearchShelf)), taken in between keys, and a
//! match picked in another document gone to once switched there.

use std::sync::mpsc::Receiver;

use super::{EntryState, Shelved, search, tell};
use crate::app::{App, Message};
use crate::document::structure;
use crate::load::LoadEvent;
use crate::session::{Hooks, Switch};

impl Shelved {
    /// Starts searching the other documents for what the app asks (stopping the search
    /// before), or only stops.
    pub(super) fn start_text_search(&mut self, app: &App) {
        self.text_search = None;
        let Some((query, syntax)) = app.shelf_request() else {
            return;
        };
        self.last_query = Some((query.to_owned(), syntax));
        let others =
            self.slots.iter().enumerate().filter(|&(i, s)| {
                i != self.current && !matches!(s.entry.state, EntryState::Failed(_))
            });
        let memory = others
            .clone()
            .filter(|(_, s)| s.parked.is_some())
            .map(|(i, _)| i)
            .collect();
        let files = others
            .filter(|(_, s)| s.parked.is_none())
            .map(|(i, s)| (i, s.path.clone()))
            .collect();
        let structure = structure::Options {
            rules: self.opener.rules.clone(),
            ..structure::Options::default()
        };
        self.text_search =
            search::TextSearch::start(query, syntax, memory, files, self.opener.opts, structure);
    }

    /// Sends the app what the search found since the last turn; true when it did.
    pub(super) fn take_text_hits(&mut self, app: &mut App) -> bool {
        let Some(ts) = self.text_search.as_mut() else {
            return false;
        };
        let slots = &self.slots;
        let (hits, done) = ts.step(|i| {
            slots
                .get(i)
                .and_then(|s| s.parked.as_ref())
                .map(|p| p.app.doc())
        });
        if hits.is_empty() && !done {
            return false;
        }
        let query = ts.query.clone();
        if done {
            self.text_search = None;
        }
        tell(app, Message::ShelfHits { query, hits, done });
        true
    }

    /// Switches to document `doc` and goes to the match at `offset` of the last query there
    /// (once loaded, if it is still loading).
    pub(super) fn go_to_text_hit(
        &mut self,
        app: &mut App,
        doc: usize,
        offset: usize,
        rx: &mut Option<Receiver<LoadEvent>>,
    ) {
        self.switch(app, Switch { doc, section: None }, rx);
        if self.current == doc
            && let Some((query, syntax)) = self.last_query.clone()
        {
            tell(
                app,
                Message::ShowHit {
                    query,
                    syntax,
                    offset,
                },
            );
        }
    }
}
