//! What can happen to the reader ([`Message`]) and what it asks of the world in return
//! ([`Effects`]). The app never does I/O: the shell (`tui` and `session`) turns the world into
//! messages and carries out the effects.

use std::time::Instant;

use ratatui::crossterm::event::Event;
use ratatui::layout::Rect;

use crate::document::Document;
use crate::document::structure::Correction;
use crate::goto::Spec;
use crate::i18n::Msg;
use crate::keymap::Action;
use crate::load::LoadEvent;
use crate::pos::TextPos;

/// Everything that changes the reader, as data.
#[derive(Debug)]
pub enum Message {
    /// A terminal event: a key, the mouse, a paste (the size comes with [`Message::Resize`]).
    Input(Event),
    /// An action, as if its key had been pressed.
    Action(Action),
    /// The screen is this size and a frame is about to be drawn: lay out what it shows. The
    /// shell sends it before every frame.
    Resize(Rect),
    /// Something from the loader.
    Load(LoadEvent),
    /// A loader is about to send the document; `total` is its size when known.
    Loading {
        /// Total bytes, when known.
        total: Option<u64>,
    },
    /// `R` went ahead: start over with `doc` (empty, about to be filled by a loader), and
    /// find the reading position again once it has loaded.
    Reload {
        /// The new, empty document.
        doc: Box<Document>,
        /// Total bytes, when known.
        total: Option<u64>,
    },
    /// Go to a section, a percentage or a heading (the `-s` flag); waits while loading.
    GoTo(Spec),
    /// Search for this text, as if typed at the `/` prompt.
    Search(String),
    /// Forget the last search and its highlight (`n` then has nothing to repeat).
    ClearSearch,
    /// What was remembered about this document.
    Resume(Resume),
    /// An informational notice, in the UI language.
    Say(Msg),
    /// An error notice, in the UI language.
    Complain(Msg),
    /// An error notice with this text (already free of control characters).
    Error(String),
    /// The clock: the shell sends one per turn of its loop, for modes that keep time.
    Tick(Instant),
    /// Corrections of the section tree saved for this document: decide the tree with them.
    Corrections(Vec<Correction>),
    /// Highlights and notes saved for this document (unplaced): find them in the text.
    Notes(Vec<crate::study::Note>),
    /// The prompts' saved histories (they go below what was typed since starting).
    History(crate::prompt_history::PromptHistories),
    /// The documents opened together (the session sends it again when one changes).
    Shelf(super::shelf::Shelf),
    /// Show this section's heading at the top, remembering the place left (a `:*` heading
    /// picked in another document, sent once switched to it).
    ShowSection(usize),
    /// Go to the match at `offset` of `query`, which becomes the active search (an `Alt-/`
    /// `*` match picked in another document, sent once switched to it); waits while loading.
    ShowHit {
        /// The search.
        query: String,
        /// How it is read.
        syntax: crate::search::Syntax,
        /// Where the match starts.
        offset: usize,
    },
    /// Matches of the shelf's other documents for the `Alt-/` `*query` list, as they are
    /// found; `done` once every document has been read.
    ShelfHits {
        /// The query they match (without the prefix).
        query: String,
        /// The matches.
        hits: Vec<super::shelf_results::ShelfTextHit>,
        /// True when no more will come.
        done: bool,
    },
}

impl From<Event> for Message {
    fn from(event: Event) -> Self {
        Self::Input(event)
    }
}

impl From<Action> for Message {
    fn from(action: Action) -> Self {
        Self::Action(action)
    }
}

/// Remembered state of a document, resolved against the text now loaded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resume {
    /// Marks: letter → position.
    pub marks: Vec<(char, TextPos)>,
    /// Where the reader was; applied only if the reader has not moved since opening.
    pub position: Option<ResumedAt>,
}

/// A remembered reading position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumedAt {
    /// The top line.
    pub offset: TextPos,
    /// Folded sections to restore (only for the very same text).
    pub folds: Option<Vec<u32>>,
    /// Found by this section title (the text changed), for the notice.
    pub section_title: Option<String>,
}

/// Something the shell must do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Stop the reader (the shell saves the state on the way out).
    Quit,
    /// Read the file again and send [`Message::Reload`] (or a notice saying why not).
    Reload,
    /// The document finished loading: the shell may send [`Message::Resume`].
    Loaded,
    /// A rehearsal was stopped: save [`App::last_rehearsal`](super::App::last_rehearsal).
    Rehearsed,
    /// The reader corrected the section tree: save
    /// [`App::corrections`](super::App::corrections) with the document's state.
    Corrected,
    /// A mark was set: save the marks now, so a reader killed later still has it.
    MarksChanged,
    /// Ctrl-z or SIGTSTP: give the terminal back and stop until `fg`, then draw everything.
    Suspend,
    /// `y`/`Y`: put [`App::clipboard`](super::App::clipboard) on the system clipboard (OSC 52).
    Copy,
    /// A highlight or note was added, changed or deleted, or found again in a changed text:
    /// save [`App::notes`](super::App::notes).
    NotesChanged,
    /// `E`: write the notes as Markdown next to the state and say where.
    ExportNotes,
    /// Enter in the shelf picker (or on another document's heading in `:*`): save this
    /// document's state as quitting does, read the shelf's document `doc` instead, and send it
    /// [`Message::ShowSection`] with `section`, if any.
    Switch {
        /// The document's index on the shelf.
        doc: usize,
        /// A section of it to show once switched.
        section: Option<usize>,
    },
    /// The `Alt-/` `*` list's query changed: search the shelf's other documents for
    /// [`App::shelf_request`](super::App::shelf_request) (stop searching when it is `None`)
    /// and send [`Message::ShelfHits`].
    SearchShelf,
    /// Enter on another document's match in the `Alt-/` `*` list: switch to document `doc`
    /// as [`Effect::Switch`] does, and send it [`Message::ShowHit`] for `offset`.
    SwitchToHit {
        /// The document's index on the shelf.
        doc: usize,
        /// Where the match starts in its text.
        offset: usize,
    },
}

/// The effects of one update, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct Effects(Vec<Effect>);

impl Effects {
    /// Asks for `effect` (once).
    pub(super) fn push(&mut self, effect: Effect) {
        if !self.0.contains(&effect) {
            self.0.push(effect);
        }
    }

    /// True when `effect` was asked for.
    pub fn contains(&self, effect: Effect) -> bool {
        self.0.contains(&effect)
    }

    /// True when nothing was asked for.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds the effects of a later update.
    pub fn extend(&mut self, later: Self) {
        for e in later.0 {
            self.push(e);
        }
    }

    /// The effects in order.
    pub fn iter(&self) -> impl Iterator<Item = Effect> + '_ {
        self.0.iter().copied()
    }
}
