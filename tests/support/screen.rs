//! Driving the reader without a terminal: an [`App`] on a document, keys as real crossterm
//! events, frames drawn into a ratatui `TestBackend`, and the screen as plain text.

#![allow(dead_code, clippy::string_slice)]

use gangmu::app::{App, AppOptions, Effects, Message};
use gangmu::document::{Document, Format};
use gangmu::keymap::Keymap;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

/// A reader on `text` (plain text) sized `width`×`height`, with its first frame prepared.
pub fn reader(text: &str, width: u16, height: u16) -> App {
    reader_with(Document::parse(text, Format::Plain), width, height)
}

/// A reader on a parsed document.
pub fn reader_with(doc: Document, width: u16, height: u16) -> App {
    let mut app = App::new(
        doc,
        "test.txt".to_owned(),
        Keymap::default_keys(),
        &AppOptions::default(),
    );
    resize(&mut app, width, height);
    app
}

/// Sends `msg` to the app and returns what it asks of the shell.
pub fn send(app: &mut App, msg: impl Into<Message>) -> Effects {
    app.update(msg.into())
}

/// Lays the app out for a `width`×`height` screen, as the terminal loop does before a frame.
pub fn resize(app: &mut App, width: u16, height: u16) {
    let effects = app.update(Message::Resize(Rect::new(0, 0, width, height)));
    assert!(effects.is_empty(), "a resize has no effects: {effects:?}");
}

/// Presses the keys in `keys`: each char is a key, except `<Tab>`, `<Enter>`, `<Esc>`,
/// `<Down>`, `<Up>`, `<BS>`, `<C-x>` (ctrl), `<PgDn>`, `<PgUp>`. The frame is laid out after
/// every key, as the terminal loop does.
pub fn press(app: &mut App, keys: &str, width: u16, height: u16) {
    let _ = press_for_effects(app, keys, width, height);
}

/// [`press`], returning what the keys asked of the shell.
pub fn press_for_effects(app: &mut App, keys: &str, width: u16, height: u16) -> Effects {
    let mut effects = Effects::default();
    let mut rest = keys;
    while let Some(c) = rest.chars().next() {
        let (event, used) = if c == '<' {
            let end = rest.find('>').expect("closing >");
            let name = &rest[1..end];
            let key = match name {
                "Tab" => KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE),
                "Enter" => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
                "Esc" => KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
                "Down" => KeyEvent::new(KeyCode::Down, KeyModifiers::NONE),
                "Up" => KeyEvent::new(KeyCode::Up, KeyModifiers::NONE),
                "BS" => KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE),
                "PgDn" => KeyEvent::new(KeyCode::PageDown, KeyModifiers::NONE),
                "PgUp" => KeyEvent::new(KeyCode::PageUp, KeyModifiers::NONE),
                "lt" => KeyEvent::new(KeyCode::Char('<'), KeyModifiers::NONE),
                ctrl if ctrl.starts_with("C-") => {
                    let k = ctrl[2..].chars().next().expect("ctrl key");
                    KeyEvent::new(KeyCode::Char(k), KeyModifiers::CONTROL)
                }
                other => panic!("unknown key <{other}>"),
            };
            (key, end + 1)
        } else {
            let mods = if c.is_ascii_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            (KeyEvent::new(KeyCode::Char(c), mods), c.len_utf8())
        };
        effects.extend(app.update(Message::Input(Event::Key(event))));
        resize(app, width, height);
        rest = &rest[used..];
    }
    effects
}

/// The text of the text pane's top row.
pub fn top_line(app: &App) -> String {
    let area = app.panes().text;
    let full = app.panes().area;
    let screen = screen(app, full.width, full.height);
    let line = screen.lines().nth(usize::from(area.y)).unwrap_or("");
    cut_columns(line, usize::from(area.x)).trim().to_owned()
}

/// Draws the app into a `TestBackend` of the given size and returns the screen as text.
pub fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|frame| {
            let area = frame.area();
            gangmu::ui::draw(app, area, frame.buffer_mut());
        })
        .expect("draw");
    screen_text(terminal.backend().buffer())
}

/// Prepares and draws a fresh frame at `width`×`height`.
pub fn render(app: &mut App, width: u16, height: u16) -> String {
    resize(app, width, height);
    screen(app, width, height)
}

/// A buffer as lines of text: cells covered by a wide symbol are skipped (ratatui's own
/// `Display` appends "hidden by multi-width symbols" notes instead), trailing spaces trimmed.
pub fn screen_text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0usize;
        for x in area.left()..area.right() {
            let cell = &buf[(x, y)];
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = cell.symbol();
            line.push_str(sym);
            skip = sym.width().saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// `line` without its first `cols` display columns.
fn cut_columns(line: &str, cols: usize) -> &str {
    let mut w = 0;
    for (i, c) in line.char_indices() {
        if w >= cols {
            return &line[i..];
        }
        w += c.to_string().width();
    }
    ""
}
