//! The reader's event loop on a `TestBackend`: random documents, keys, mouse events, pastes,
//! resizes (0×0 and 1×1 included), background loading and reloads, and the messages the shell
//! sends besides keys: the end of the file (or a failed read) at any moment, a layout for a
//! size the terminal does not have, the clock (with jumps, as after a suspension) and what
//! signals become (SIGTSTP suspends, SIGTERM quits, any action at any time). Nothing may panic.
//!
//! Input layout: 4 control bytes (document length, format, loading mode, options), the document
//! (invalid UTF-8 replaced by U+FFFD), then events, each an opcode byte and its arguments.

#![no_main]

use std::collections::VecDeque;
use std::sync::OnceLock;

use gangmu::app::{App, AppOptions, Effect, Effects, Message, Progress};
use gangmu::load::LoadEvent;
use gangmu::display::AmbiguousWidth;
use gangmu::document::plain::PlainParser;
use gangmu::document::{Chunk, Document, Format, markdown};
use gangmu::keymap::{Action, DEFAULT_BINDINGS, KeyChord, Keymap, Trigger};
use gangmu::layout::LayoutOptions;
use gangmu::ui;
use libfuzzer_sys::fuzz_target;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers, MouseButton, MouseEvent,
    MouseEventKind,
};
use ratatui::layout::Rect;
use std::time::{Duration, Instant};

/// Every key of the default table (both keys of sequences), plus keys the prompt and overlays
/// handle themselves.
fn key_table() -> &'static [KeyChord] {
    static TABLE: OnceLock<Vec<KeyChord>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut keys = Vec::new();
        for (_, spec, _) in DEFAULT_BINDINGS {
            match spec.parse::<Trigger>().expect("default trigger parses") {
                Trigger::Key(k) | Trigger::Letter(k) => keys.push(k),
                Trigger::Seq(a, b) => {
                    keys.push(a);
                    keys.push(b);
                }
            }
        }
        let plain = |code| KeyChord::new(code, KeyModifiers::NONE);
        let ctrl = |c| KeyChord::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        keys.extend([
            plain(KeyCode::Enter),
            plain(KeyCode::Esc),
            plain(KeyCode::Backspace),
            plain(KeyCode::Tab),
            plain(KeyCode::BackTab),
            plain(KeyCode::Delete),
            plain(KeyCode::Left),
            plain(KeyCode::Right),
            plain(KeyCode::F(1)),
            ctrl('c'),
            ctrl('g'),
            ctrl('u'),
            ctrl('w'),
        ]);
        keys.sort_by_key(|k| format!("{k}"));
        keys.dedup();
        keys
    })
}

/// Characters worth typing into the prompts: digits and separators of go-to specs, heading
/// words, and some awkward ones.
const TYPED: &[char] = &[
    '1', '2', '3', '0', '9', '.', '%', '．', '％', '１', '２', ' ', '第', '一', '二', '章', '节',
    '条', '、', '（', '）', '序', '言', '天', 'a', 'b', 'e', '\u{301}', '\u{200D}', '👍',
    '\u{202E}', '\u{3000}', '\u{FFFD}', '\u{1b}', '\t', '\n', 'm', '\'', 'x', 'z',
];

/// A minimal byte reader; past the end everything reads 0.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn u8(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }
    fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.u8(), self.u8()])
    }
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    fn take(&mut self, n: usize) -> &[u8] {
        let (a, b) = self.0.split_at(n.min(self.0.len()));
        self.0 = b;
        a
    }
}

fn modifiers(b: u8) -> KeyModifiers {
    let mut m = KeyModifiers::NONE;
    if b & 1 != 0 {
        m |= KeyModifiers::CONTROL;
    }
    if b & 2 != 0 {
        m |= KeyModifiers::ALT;
    }
    if b & 4 != 0 {
        m |= KeyModifiers::SHIFT;
    }
    if b & 8 != 0 {
        m |= KeyModifiers::SUPER;
    }
    m
}

fn key(code: KeyCode, mods: KeyModifiers, kind: KeyEventKind) -> Event {
    Event::Key(KeyEvent {
        code,
        modifiers: mods,
        kind,
        state: KeyEventState::NONE,
    })
}

/// The text's chunks as a background loader would deliver them.
fn chunks(text: &str, format: Format, size: usize) -> VecDeque<Chunk> {
    let mut out = VecDeque::new();
    match format {
        Format::Markdown => out.push_back(markdown::parse(text.to_owned())),
        Format::Plain => {
            let mut parser = PlainParser::new();
            let mut pos = 0;
            while pos < text.len() {
                let mut end = (pos + size.max(1)).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                out.push_back(parser.feed(text[pos..end].to_owned(), false));
                pos = end;
            }
            out.push_back(parser.feed(String::new(), true));
        }
    }
    out
}

/// The background loader, simulated: chunks arrive when an event says so.
struct Loader {
    pending: VecDeque<Chunk>,
    active: bool,
}

impl Loader {
    fn start(text: &str, format: Format, size: usize) -> Self {
        Self {
            pending: chunks(text, format, size),
            active: true,
        }
    }

    /// Delivers up to `n` chunks; finishes loading after the last.
    fn step(&mut self, app: &mut App, n: usize) {
        if !self.active {
            return;
        }
        for _ in 0..n {
            match self.pending.pop_front() {
                Some(c) => {
                    let read = app.doc().text.len() + c.text.len();
                    let progress = Progress {
                        read: read as u64,
                        total: app.loading().and_then(|p| p.total),
                    };
                    let _ = app.update(Message::Load(LoadEvent::Chunk(Box::new(c), progress)));
                }
                None => {
                    let _ = app.update(Message::Load(LoadEvent::Done { lossy: false }));
                    self.active = false;
                    return;
                }
            }
        }
    }
}

/// One message the shell sends besides terminal events, chosen by the next byte: the end of the
/// file or a failed read (the loader stops, whatever it still had), a layout for any size, the
/// clock moving on (by up to a minute, or hours as after a long suspension), SIGTSTP (suspend),
/// SIGTERM (quit) and any action at all. The effects that must come back are checked.
fn shell_message(app: &mut App, b: &mut Bytes, loader: &mut Loader, clock: &mut Instant) {
    match b.u8() % 8 {
        0 | 1 => {
            let _ = app.update(Message::Load(LoadEvent::Done { lossy: b.u8() & 1 != 0 }));
            loader.active = false;
        }
        2 => {
            let _ = app.update(Message::Load(LoadEvent::Failed("read error".to_owned())));
            loader.active = false;
        }
        3 => {
            let area = Rect::new(
                u16::from(b.u8() % 4),
                u16::from(b.u8() % 4),
                b.u16() % 300,
                u16::from(b.u8()),
            );
            let _ = app.update(Message::Resize(area));
        }
        4 => {
            let step = if b.u8() & 1 == 0 {
                Duration::from_millis(u64::from(b.u16()))
            } else {
                Duration::from_secs(u64::from(b.u16()) * 60)
            };
            *clock += step;
            let _ = app.update(Message::Tick(*clock));
        }
        5 => {
            let effects = app.update(Message::Action(Action::Suspend));
            assert!(effects.contains(Effect::Suspend), "{effects:?}");
        }
        6 => {
            let effects = app.update(Message::Action(Action::Quit));
            assert!(effects.contains(Effect::Quit), "{effects:?}");
        }
        _ => {
            let action = Action::ALL[usize::from(b.u8()) % Action::ALL.len()];
            let _ = app.update(Message::Action(action));
        }
    }
}

fn draw(term: &mut Terminal<TestBackend>, app: &mut App) {
    term.draw(|frame| {
        let _ = app.update(Message::Resize(frame.area()));
        ui::render(app, frame);
    })
    .expect("TestBackend draw");
    let f = app.frame();
    assert!(f.percent <= 100, "percent {}", f.percent);
    if let Some(c) = f.outline_current {
        assert!(c < app.outline().row_count().max(1));
    }
}

fuzz_target!(|data: &[u8]| {
    let mut b = Bytes(data);
    let doc_len = usize::from(b.u16() % 4096);
    let mode = b.u8();
    let opt = b.u8();
    let text = String::from_utf8_lossy(b.take(doc_len)).into_owned();
    let format = if mode & 1 == 0 {
        Format::Plain
    } else {
        Format::Markdown
    };
    let loading = mode & 2 != 0;
    let chunk_size = usize::from(mode >> 2) * 4 + 1;

    let opts = AppOptions {
        layout: LayoutOptions {
            indent: opt & 3,
            max_width: [80, 0, 1, 20][usize::from(opt >> 2 & 3)],
            ambiguous: if opt & 16 != 0 {
                AmbiguousWidth::Wide
            } else {
                AmbiguousWidth::Narrow
            },
        },
        show_outline: opt & 32 == 0,
        outline_width: if opt & 64 != 0 {
            Some(u16::from(opt))
        } else {
            None
        },
        ..AppOptions::default()
    };
    let name = match opt >> 6 {
        0 => "doc.txt".to_owned(),
        1 => String::new(),
        2 => "很长很长的文件名很长很长的文件名很长很长的文件名.txt".to_owned(),
        _ => "a\u{1b}[2J\u{202E}b\tc".to_owned(),
    };
    let doc = if loading {
        Document::new(format)
    } else {
        Document::parse(&text, format)
    };
    let mut app = App::new(doc, name, Keymap::default_keys(), &opts);
    let mut loader = if loading {
        let total = Some(text.len() as u64);
        let _ = app.update(Message::Loading { total });
        Loader::start(&text, format, chunk_size)
    } else {
        Loader {
            pending: VecDeque::new(),
            active: false,
        }
    };
    let (mut w, mut h) = (80u16, 24u16);
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("TestBackend terminal");
    let keys = key_table();
    let mut reloads = 0u32;
    let mut events = 0;
    let mut clock = Instant::now();

    draw(&mut term, &mut app);
    while !b.is_empty() && events < 256 {
        events += 1;
        let op = b.u8();
        let ev = match op % 16 {
            // keys from the table, most of the time
            0..=6 => {
                let k = keys[usize::from(b.u8()) % keys.len()];
                Some(key(k.code, k.modifiers, KeyEventKind::Press))
            }
            7 => {
                let k = keys[usize::from(b.u8()) % keys.len()];
                let kind = [
                    KeyEventKind::Press,
                    KeyEventKind::Repeat,
                    KeyEventKind::Release,
                ][usize::from(op >> 4) % 3];
                Some(key(k.code, k.modifiers | modifiers(op >> 4), kind))
            }
            // typed characters (prompts, marks), with random modifiers
            8 => {
                let c = TYPED[usize::from(b.u8()) % TYPED.len()];
                Some(key(
                    KeyCode::Char(c),
                    modifiers(op >> 4),
                    KeyEventKind::Press,
                ))
            }
            9 => {
                let c = char::from_u32(u32::from(b.u16())).unwrap_or('?');
                Some(key(
                    KeyCode::Char(c),
                    modifiers(op >> 4),
                    KeyEventKind::Press,
                ))
            }
            10 => {
                let c = char::from(b'a' + b.u8() % 26);
                Some(key(
                    KeyCode::Char(c),
                    modifiers(op >> 4),
                    KeyEventKind::Press,
                ))
            }
            11 => Some(key(
                KeyCode::F(b.u8() % 26),
                modifiers(op >> 4),
                KeyEventKind::Press,
            )),
            // the mouse, anywhere (also outside the screen)
            12 => {
                let kind = match b.u8() % 8 {
                    0 | 1 => MouseEventKind::ScrollDown,
                    2 | 3 => MouseEventKind::ScrollUp,
                    4 => MouseEventKind::Down(MouseButton::Left),
                    5 => MouseEventKind::Down(MouseButton::Right),
                    6 => MouseEventKind::Up(MouseButton::Left),
                    _ => MouseEventKind::Drag(MouseButton::Left),
                };
                let column = u16::from(b.u8()) % (w + 3);
                let row = u16::from(b.u8()) % (h + 3);
                Some(Event::Mouse(MouseEvent {
                    kind,
                    column,
                    row,
                    modifiers: modifiers(op >> 4),
                }))
            }
            // a resize
            13 => {
                w = u16::from(b.u8()) % 201;
                h = u16::from(b.u8()) % 81;
                term.backend_mut().resize(w, h);
                Some(Event::Resize(w, h))
            }
            // a paste, or focus changes
            14 => {
                if op & 0x10 != 0 {
                    Some(if op & 0x20 != 0 {
                        Event::FocusGained
                    } else {
                        Event::FocusLost
                    })
                } else {
                    let n = usize::from(b.u8() % 16);
                    Some(Event::Paste(
                        String::from_utf8_lossy(b.take(n)).into_owned(),
                    ))
                }
            }
            // what the shell sends besides terminal events
            _ if op & 0x40 != 0 => {
                shell_message(&mut app, &mut b, &mut loader, &mut clock);
                None
            }
            // background loading makes progress
            _ => {
                loader.step(&mut app, usize::from(op >> 4) + 1);
                None
            }
        };
        let effects = ev.map_or_else(Effects::default, |ev| app.update(Message::Input(ev)));
        if effects.contains(Effect::Reload) {
            reloads += 1;
            // the file may have changed: every other reload it lost its second half
            let mut new_text = text.clone();
            if reloads % 2 == 0 {
                let mut cut = new_text.len() / 2;
                while !new_text.is_char_boundary(cut) {
                    cut -= 1;
                }
                new_text.truncate(cut);
            }
            let total = Some(new_text.len() as u64);
            let _ = app.update(Message::Reload {
                doc: Box::new(Document::new(format)),
                total,
            });
            loader = Loader::start(&new_text, format, chunk_size);
        }
        // like the real loop, several queued events may come before the next frame
        if op & 0x80 == 0 || b.is_empty() {
            draw(&mut term, &mut app);
        }
        if op == 0xFF {
            // now and then, the view into a buffer that is not at the origin
            let area = Rect::new(u16::from(b.u8() % 8), u16::from(b.u8() % 8), w, h);
            let _ = app.update(Message::Resize(area));
            ui::draw(&app, area, &mut Buffer::empty(area));
        }
    }
    // finish loading and draw once more
    loader.step(&mut app, usize::MAX);
    draw(&mut term, &mut app);
});
