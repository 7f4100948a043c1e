//! What the shelf knows of its other documents, taken in between keys: the titles the title
//! reader found, the headings the gatherer ([`super::gather`]) read, and the headings of a
//! reader being parked. Each document's headings are one shared list ([`Arc`]): the shelf the
//! app is sent holds the lists, never copies of them, so a switch copies only the headings of
//! the document left, and only when they changed since it was last left.

use std::sync::Arc;
use std::sync::mpsc::TryRecvError;

use super::{EntryState, ShelfHeadings, Shelved, gather};
use crate::app::App;
use crate::document::structure;

impl Shelved {
    /// The headings of every document but the current one that are known, for `:*`: each
    /// slot's list shared, none copied.
    pub(super) fn known_headings(&self) -> ShelfHeadings {
        Arc::new(
            self.slots
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != self.current)
                .filter_map(|(_, s)| s.headings.clone())
                .collect(),
        )
    }

    /// Keeps the headings of document `i`, whose reader is being parked: copied from the
    /// reader only if it changed since the last copy, and never a partial list over a
    /// complete one gathered in the background (a reader left while loading).
    pub(super) fn park_headings(&mut self, i: usize, app: &App) {
        let Some(slot) = self.slots.get_mut(i) else {
            return;
        };
        let doc = app.doc();
        let key = (doc.sections.len(), doc.text.len(), app.corrections().len());
        let loading = app.loading().is_some();
        if slot.headings_of == Some(key) || (loading && slot.headings.is_some()) {
            return;
        }
        slot.headings = Some(Arc::new(gather::headings_of(i, doc)));
        slot.headings_of = Some(key);
    }

    /// Takes in what the title reader found; true when an entry changed.
    pub(super) fn take_titles(&mut self) -> bool {
        let Some(rx) = self.titles.as_ref() else {
            return false;
        };
        let mut changed = false;
        loop {
            match rx.try_recv() {
                Ok((i, title)) => {
                    // a document opened meanwhile has its own title
                    if let Some(slot) = self.slots.get_mut(i)
                        && slot.entry.title.is_none()
                        && slot.entry.state == EntryState::Listed
                    {
                        slot.entry.title = Some(title);
                        changed = true;
                    }
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.titles = None;
                    break;
                }
            }
        }
        changed
    }

    /// Starts the gatherer (the first time), and takes in the headings it found; true when
    /// the shelf changed.
    pub(super) fn take_headings(&mut self) -> bool {
        if let Some(docs) = self.to_gather.take() {
            let structure = structure::Options {
                rules: self.opener.rules.clone(),
                ..structure::Options::default()
            };
            self.gatherer = Some(gather::spawn(docs, self.opener.opts, structure));
        }
        let Some(rx) = self.gatherer.as_ref() else {
            return false;
        };
        let mut found = Vec::new();
        let done = loop {
            match rx.try_recv() {
                Ok(one) => found.push(one),
                Err(TryRecvError::Empty) => break false,
                Err(TryRecvError::Disconnected) => break true,
            }
        };
        let mut changed = !found.is_empty();
        for one in found {
            self.gathering = self.gathering.saturating_sub(1);
            self.gathered(one);
        }
        if done {
            self.gatherer = None;
            changed |= self.gathering > 0;
            self.gathering = 0;
        }
        if changed {
            self.headings = self.known_headings();
        }
        changed
    }

    /// One document's headings (or why it cannot be read) from the gatherer.
    fn gathered(&mut self, found: gather::Gathered) {
        match found {
            gather::Gathered::Headings(h, title) => {
                let Some(slot) = self.slots.get_mut(h.doc) else {
                    return;
                };
                // an opened document's own reader knows better (its corrections)
                if slot.headings.is_none() {
                    slot.headings = Some(Arc::new(h));
                }
                if slot.entry.state == EntryState::Listed && title.is_some() {
                    slot.entry.title = title;
                }
            }
            gather::Gathered::Failed(i, why) => {
                if self
                    .slots
                    .get(i)
                    .is_some_and(|s| s.entry.state == EntryState::Listed)
                {
                    self.failed(i, why);
                }
            }
        }
    }
}
