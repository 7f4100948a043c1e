//! What the shelf's unit tests share: a reader of document 1 on a shelf of three, and typing.

use std::sync::Arc;

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use super::shelf::{DocHeadings, Shelf, ShelfEntry};
use super::{App, AppOptions, Effects, Message};
use crate::document::{Document, Format};
use crate::keymap::Keymap;

/// A reader of `text` as `b.txt`, document 1 of `a.txt`, `b.txt`, `c.txt`, with the other
/// documents' `headings` known, laid out at 80×20.
pub(super) fn reader_on_shelf(text: &str, headings: Vec<Arc<DocHeadings>>) -> App {
    let doc = Document::parse(text, Format::Plain);
    let mut app = App::new(
        doc,
        "b.txt".into(),
        Keymap::default_keys(),
        &AppOptions::default(),
    );
    let entries = ["a.txt", "b.txt", "c.txt"]
        .map(|n| ShelfEntry::listed(n.into(), None))
        .to_vec();
    let shelf = Shelf {
        entries,
        current: 1,
        headings: Arc::new(headings),
        ..Shelf::default()
    };
    let _ = app.update(Message::Shelf(shelf));
    let _ = app.update(Message::Resize(ratatui::layout::Rect::new(0, 0, 80, 20)));
    app
}

/// Types `text` into the reader: `\n` is Enter, `↓` the down arrow, anything else that key.
pub(super) fn type_keys(app: &mut App, text: &str) -> Effects {
    let mut effects = Effects::default();
    for c in text.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '↓' => KeyCode::Down,
            c => KeyCode::Char(c),
        };
        let key = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
        effects.extend(app.update(Message::Input(key)));
    }
    effects
}
