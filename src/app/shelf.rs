//! The shelf: the documents opened together (`gangmu a.txt b.md` or `gangmu DIR/`), as the
//! app sees them — a list of entries the session layer fills and keeps up to date
//! ([`Message::Shelf`](super::Message::Shelf)), and the picker over it (`Ctrl-p`,
//! [`Overlay::Shelf`]). Enter on another document asks the shell to switch
//! ([`Effect::Switch`]); the session saves this document's state as quitting does and puts the
//! other one's reader in place of this one, so each document keeps its own position, folds,
//! outline, marks and search. No I/O here: sizes, titles and saved progress come as data.

use super::{App, Effect, Mode, Overlay};
use crate::i18n::Msg;
use crate::keymap::Action;

/// Where a document on the shelf is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryState {
    /// Listed only (a stat, no byte read): it opens when picked.
    Listed,
    /// Opened this session: its reader is kept in memory.
    Open,
    /// It could not be opened: why, on one line.
    Failed(String),
}

/// One document on the shelf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShelfEntry {
    /// The file name, as shown (control characters made visible).
    pub name: String,
    /// Its title, once it has been opened (the document's title or first heading).
    pub title: Option<String>,
    /// Its size on disk, when the listing could stat it.
    pub bytes: Option<u64>,
    /// How far it was read, 0–100 (this session's, else the saved position's).
    pub percent: Option<u8>,
    /// When it was last read, unix seconds (this session's switch, else the saved position's).
    pub last_read: Option<u64>,
    /// Listed, open or failed.
    pub state: EntryState,
}

impl ShelfEntry {
    /// An entry only listed so far.
    pub fn listed(name: String, bytes: Option<u64>) -> Self {
        Self {
            name,
            title: None,
            bytes,
            percent: None,
            last_read: None,
            state: EntryState::Listed,
        }
    }
}

/// The headings of one document of the shelf, as the session read them: from its reader when
/// it was opened, else gathered in the background from its file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocHeadings {
    /// The document's index on the shelf.
    pub doc: usize,
    /// Its sections' titles, by section index.
    pub titles: Vec<String>,
}

/// The headings of the shelf's other documents: each document's list is shared, not copied,
/// with every update and every switch.
pub type ShelfHeadings = std::sync::Arc<Vec<std::sync::Arc<DocHeadings>>>;

/// The documents on the shelf and which one is being read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shelf {
    /// The documents, in the order given (a directory's sorted by name).
    pub entries: Vec<ShelfEntry>,
    /// The one being read.
    pub current: usize,
    /// The time the list was made, unix seconds, for "2 h ago" (the app has no clock of its own).
    pub now: u64,
    /// The headings of the other documents known so far, for `:*` (see `shelf_find.rs`).
    pub headings: ShelfHeadings,
    /// Documents whose headings are still being gathered in the background (`…` in the `:*`
    /// list until it is 0).
    pub gathering: usize,
}

impl App {
    /// The shelf, when several documents were opened together.
    pub const fn shelf(&self) -> Option<&Shelf> {
        self.shelf.as_ref()
    }

    /// The session's list of documents arrived (or changed): keep it, and keep an open shelf
    /// picker's selection inside it.
    pub(super) fn set_shelf(&mut self, books: Shelf) {
        let last = books.entries.len().saturating_sub(1);
        if let Mode::Overlay {
            overlay: Overlay::Shelf(sel),
            under,
        } = self.mode
        {
            self.mode = Mode::Overlay {
                overlay: Overlay::Shelf(sel.min(last)),
                under,
            };
        }
        let arrived = arrived_headings(self.shelf.as_ref(), &books);
        self.shelf = Some(books);
        match arrived {
            Arrived::Nothing => {}
            Arrived::Some(more) => self.refresh_shelf_hits(Some(&more)),
            Arrived::Changed => self.refresh_shelf_hits(None),
        }
    }

    /// `Ctrl-p`: the shelf picker, on the document being read; a notice with one document.
    pub(super) fn open_shelf(&mut self) {
        match &self.shelf {
            Some(books) if books.entries.len() > 1 => {
                let current = books.current;
                self.open_overlay(Overlay::Shelf(current));
            }
            _ => self.say(&Msg::OneDocument),
        }
    }

    /// A key's action in the shelf picker (its own keymap scope).
    pub(super) fn shelf_action(&mut self, sel: usize, action: Action) {
        let under = self.mode.focus();
        let (len, current) = self
            .shelf
            .as_ref()
            .map_or((0, 0), |s| (s.entries.len(), s.current));
        let last = len.saturating_sub(1);
        let moved = match action {
            Action::SelectNext => Some((sel + 1).min(last)),
            Action::SelectPrev => Some(sel.saturating_sub(1)),
            Action::SelectFirst => Some(0),
            Action::SelectLast => Some(last),
            _ => None,
        };
        if let Some(sel) = moved {
            self.mode = Mode::Overlay {
                overlay: Overlay::Shelf(sel),
                under,
            };
            return;
        }
        match action {
            Action::Submit => {
                self.mode = Mode::of(under);
                if sel != current && sel < len {
                    self.effects.push(Effect::Switch {
                        doc: sel,
                        section: None,
                    });
                }
            }
            Action::Cancel => self.mode = Mode::of(under),
            _ => {}
        }
    }
}

/// What changed in the headings of the shelf's other documents.
enum Arrived {
    /// Nothing.
    Nothing,
    /// Only these were added (gathered in the background).
    Some(Vec<std::sync::Arc<DocHeadings>>),
    /// Something else (a switch, a document left again): rank everything again.
    Changed,
}

/// How `new`'s headings differ from `old`'s: lists are shared, so the same list is the same
/// pointer.
fn arrived_headings(old: Option<&Shelf>, new: &Shelf) -> Arrived {
    use std::sync::Arc;
    let Some(old) = old else {
        return Arrived::Changed;
    };
    if Arc::ptr_eq(&old.headings, &new.headings) {
        return Arrived::Nothing;
    }
    if old.current != new.current {
        return Arrived::Changed;
    }
    let mut more = Vec::new();
    let mut kept = 0;
    for h in new.headings.iter() {
        if old.headings.iter().any(|o| Arc::ptr_eq(o, h)) {
            kept += 1;
        } else {
            more.push(Arc::clone(h));
        }
    }
    if kept == old.headings.len() {
        Arrived::Some(more)
    } else {
        Arrived::Changed
    }
}

/// A size on disk as a reader says it: `812 B`, `4.2 KB`, `17 MB` (powers of 1024).
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    let unit = UNITS.get(unit).copied().unwrap_or("TB");
    if value < 10.0 {
        format!("{value:.1} {unit}")
    } else {
        format!("{value:.0} {unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::AppOptions;
    use crate::document::{Document, Format};
    use crate::keymap::Keymap;
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

    fn shelf(n: usize) -> Shelf {
        Shelf {
            entries: (0..n)
                .map(|i| ShelfEntry::listed(format!("{i}.txt"), Some(10)))
                .collect(),
            current: 0,
            now: 0,
            headings: std::sync::Arc::default(),
            gathering: 0,
        }
    }

    /// Presses a key, as the terminal sends it.
    fn press(app: &mut App, code: KeyCode) -> crate::app::Effects {
        let key = KeyEvent::new(code, KeyModifiers::NONE);
        app.update(super::super::Message::Input(Event::Key(key)))
    }

    fn app() -> App {
        let doc = Document::parse("第一章 甲\n\n正文。\n", Format::Plain);
        App::new(
            doc,
            "a.txt".into(),
            Keymap::default_keys(),
            &AppOptions::default(),
        )
    }

    #[test]
    fn one_document_has_no_shelf_to_pick_from() {
        let mut app = app();
        let _ = app.update(Action::Shelf.into());
        assert!(app.mode().overlay().is_none());
        assert!(app.notice().is_some());
    }

    #[test]
    fn the_picker_starts_on_the_current_document_and_enter_asks_to_switch() {
        let mut app = app();
        let mut s = shelf(3);
        s.current = 1;
        let _ = app.update(super::super::Message::Shelf(s));
        let _ = app.update(Action::Shelf.into());
        assert_eq!(app.mode().overlay(), Some(Overlay::Shelf(1)));
        let _ = press(&mut app, KeyCode::Down);
        let _ = press(&mut app, KeyCode::Down);
        // the last stays the last
        assert_eq!(app.mode().overlay(), Some(Overlay::Shelf(2)));
        let effects = press(&mut app, KeyCode::Enter);
        let switch = Effect::Switch {
            doc: 2,
            section: None,
        };
        assert!(effects.contains(switch), "{effects:?}");
        assert!(app.mode().overlay().is_none());
    }

    #[test]
    fn enter_on_the_current_document_or_esc_only_closes() {
        let mut app = app();
        let _ = app.update(super::super::Message::Shelf(shelf(2)));
        let _ = app.update(Action::Shelf.into());
        assert!(press(&mut app, KeyCode::Enter).is_empty());
        assert!(app.mode().overlay().is_none());
        let _ = app.update(Action::Shelf.into());
        let _ = press(&mut app, KeyCode::Down);
        assert!(press(&mut app, KeyCode::Esc).is_empty());
        assert!(app.mode().overlay().is_none());
    }

    #[test]
    fn a_shorter_list_keeps_the_selection_inside_it() {
        let mut app = app();
        let _ = app.update(super::super::Message::Shelf(shelf(5)));
        let _ = app.update(Action::Shelf.into());
        let _ = press(&mut app, KeyCode::End);
        let _ = app.update(super::super::Message::Shelf(shelf(2)));
        assert_eq!(app.mode().overlay(), Some(Overlay::Shelf(1)));
    }

    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(human_size(812), "812 B");
        assert_eq!(human_size(4300), "4.2 KB");
        assert_eq!(human_size(17 << 20), "17 MB");
        assert_eq!(human_size(u64::MAX), "16777216 TB");
    }
}
