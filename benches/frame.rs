//! Reader-frame benchmarks (divan): one frame = the state update for a key
//! (`App::update` with the action), `Message::Resize` (layout of the visible rows) and `ui::draw` into a ratatui
//! `Buffer` at 120×40, on a > 100 MB document built in memory from the corpus, and on a
//! document of 1,000,000 headings. The target is a median under 1 ms per frame.
//!
//! Run: `cargo bench --bench frame`. Building the 100 MB document takes a few seconds.
//! `GANGMU_FRAME_MB=1000 cargo bench --bench frame -- big_` runs the `big_` frames on a 1 GB
//! document instead (issue 19: keys stay one frame on 1 GB; about 3 GB of memory).

#![allow(clippy::format_push_string)]

use std::hint::black_box;
use std::sync::LazyLock;

use divan::Bencher;
use gangmu::app::{App, AppOptions, Message};
use gangmu::document::plain::PlainParser;
use gangmu::document::{Document, Format};
use gangmu::keymap::{Action, Keymap};
use gangmu::load::{LoadEvent, Progress};
use gangmu::ui;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

fn main() {
    divan::main();
}

const SCREEN: Rect = Rect::new(0, 0, 120, 40);

/// The novel (LF line ends) repeated past 100 MB; a stand-in without the corpus.
static BIG_TEXT: LazyLock<String> = LazyLock::new(|| {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/shuihuzhuan.txt"
    );
    let novel = std::fs::read_to_string(path).map_or_else(
        |_| {
            eprintln!("note: {path} not found, using generated text");
            "第一回　天地玄黃\n　　天地玄黃，宇宙洪荒。日月盈昃，辰宿列張。“寒來暑往，秋收冬藏。”\n"
                .repeat(20_000)
        },
        |s| s.replace("\r\n", "\n"),
    );
    let mb: usize = std::env::var("GANGMU_FRAME_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    novel.repeat((mb << 20) / novel.len().max(1) + 1)
});

/// 1,000,000 chapters of one short body line each (~62 MB).
fn million_headings_text() -> String {
    use std::fmt::Write as _;
    let mut text = String::with_capacity(64 << 20);
    for n in 1..=1_000_000u32 {
        let _ = write!(text, "第{n}章　标题{n}\n　　正文一句，又一句。\n");
    }
    text
}

/// A reader with the whole of `text` loaded (one chunk, as the loader's last one) and one
/// frame drawn.
fn loaded_app(text: String) -> (App, Buffer) {
    let chunk = PlainParser::new().feed(text, true);
    let mut app = App::new(
        Document::new(Format::Plain),
        "bench".to_owned(),
        Keymap::default(),
        &AppOptions::default(),
    );
    let _ = app.update(Message::Load(LoadEvent::Chunk(
        Box::new(chunk),
        NO_PROGRESS,
    )));
    let _ = app.update(Message::Load(LoadEvent::Done { lossy: false }));
    let mut buf = Buffer::empty(SCREEN);
    frame(&mut app, SCREEN, &mut buf);
    (app, buf)
}

/// One frame as `tui::event_loop` draws it: lay out, then render into a cleared buffer.
fn frame(app: &mut App, area: Rect, buf: &mut Buffer) {
    let _ = app.update(Message::Resize(area));
    buf.resize(area);
    buf.reset();
    ui::draw(app, area, buf);
}

/// The progress a chunk reports (the benchmarks never draw it).
const NO_PROGRESS: Progress = Progress {
    read: 0,
    total: None,
};

/// Shared apps: building them dominates the run, so every benchmark reuses one.
static BIG: LazyLock<std::sync::Mutex<(App, Buffer)>> =
    LazyLock::new(|| std::sync::Mutex::new(loaded_app(BIG_TEXT.clone())));
static MILLION: LazyLock<std::sync::Mutex<(App, Buffer)>> =
    LazyLock::new(|| std::sync::Mutex::new(loaded_app(million_headings_text())));

fn with_big(f: impl FnOnce(&mut App, &mut Buffer)) {
    let mut guard = BIG.lock().expect("lock");
    let (app, buf) = &mut *guard;
    let _ = app.update(Message::ClearSearch);
    f(app, buf);
}

fn with_million(f: impl FnOnce(&mut App, &mut Buffer)) {
    let mut guard = MILLION.lock().expect("lock");
    let (app, buf) = &mut *guard;
    f(app, buf);
}

/// A key, then a frame; `keys` is cycled through.
fn bench_keys(bencher: Bencher, app: &mut App, buf: &mut Buffer, keys: &[Action]) {
    let mut i = 0;
    bencher.bench_local(|| {
        let _ = app.update(Message::Action(black_box(keys[i % keys.len()])));
        i += 1;
        frame(app, SCREEN, buf);
    });
}

/// The first screen: parse the first 256 KiB chunk (as the loader sends it), create the
/// reader, apply the chunk, draw.
#[divan::bench(sample_count = 30, sample_size = 1)]
fn open_first_screen(bencher: Bencher) {
    let mut cut = 256 << 10;
    while !BIG_TEXT.is_char_boundary(cut) {
        cut += 1;
    }
    let head = BIG_TEXT.get(..cut).unwrap_or("").to_owned();
    let mut buf = Buffer::empty(SCREEN);
    bencher
        .with_inputs(|| head.clone())
        .bench_local_values(|text| {
            let chunk = PlainParser::new().feed(text, false);
            let mut app = App::new(
                Document::new(Format::Plain),
                "bench".to_owned(),
                Keymap::default(),
                &AppOptions::default(),
            );
            let _ = app.update(Message::Load(LoadEvent::Chunk(
                Box::new(chunk),
                NO_PROGRESS,
            )));
            frame(&mut app, SCREEN, &mut buf);
            app.doc().paragraphs.len()
        });
}

#[divan::bench(sample_count = 200, sample_size = 1)]
fn big_top_section_jump(bencher: Bencher) {
    let keys: Vec<Action> = (1..=255u8).step_by(23).map(Action::TopSection).collect();
    with_big(|app, buf| bench_keys(bencher, app, buf, &keys));
}

#[divan::bench(sample_count = 200, sample_size = 1)]
fn big_bottom_top(bencher: Bencher) {
    with_big(|app, buf| bench_keys(bencher, app, buf, &[Action::Bottom, Action::Top]));
}

#[divan::bench(sample_count = 200, sample_size = 1)]
fn big_next_heading(bencher: Bencher) {
    with_big(|app, buf| bench_keys(bencher, app, buf, &[Action::NextHeading]));
}

#[divan::bench(sample_count = 200, sample_size = 1)]
fn big_page_down(bencher: Bencher) {
    with_big(|app, buf| bench_keys(bencher, app, buf, &[Action::PageDown]));
}

#[divan::bench(sample_count = 200, sample_size = 1)]
fn big_line_down(bencher: Bencher) {
    with_big(|app, buf| bench_keys(bencher, app, buf, &[Action::LineDown]));
}

#[divan::bench(sample_count = 200, sample_size = 1)]
fn big_fold_all_open_all(bencher: Bencher) {
    with_big(|app, buf| bench_keys(bencher, app, buf, &[Action::FoldAll, Action::OpenAll]));
}

/// `n` on a search whose match count is complete (林冲: ~40k matches in 100 MB).
#[divan::bench(sample_count = 200, sample_size = 1)]
fn big_search_step(bencher: Bencher) {
    with_big(|app, buf| {
        let _ = app.update(Message::Search("林冲".to_owned()));
        // count every match first: lay out frames until the count is complete
        while app
            .search()
            .is_some_and(|s| !s.is_complete(&app.doc().text))
        {
            let _ = app.update(Message::Resize(SCREEN));
        }
        bench_keys(bencher, app, buf, &[Action::NextMatch]);
    });
}

/// The first frame of a new search: the first match, plus one incremental counting step
/// (`search::SCAN_STEP` bytes) inside the frame's layout (`Message::Resize`).
#[divan::bench(sample_count = 60, sample_size = 1)]
fn big_search_new_first_frame(bencher: Bencher) {
    with_big(|app, buf| {
        let queries = ["林冲", "宋江", "武松", "梁山泊"];
        let mut i = 0;
        bencher.bench_local(|| {
            let _ = app.update(Message::Search(queries[i % queries.len()].to_owned()));
            i += 1;
            frame(app, SCREEN, buf);
        });
    });
}

/// Typing into the live go-to prompt (`:`): each keystroke ranks every heading and previews
/// the best one; the prompt is opened with `:` and cleared with Esc every 4 keys.
#[divan::bench(sample_count = 200, sample_size = 1)]
fn big_goto_keystroke(bencher: Bencher) {
    with_big(|app, buf| {
        let keys = ['五', '十', '回', '林'];
        let mut i = 0;
        bencher.bench_local(|| {
            if i % keys.len() == 0 {
                let _ = app.update(key(KeyCode::Esc));
                let _ = app.update(Message::Action(Action::GoTo));
            }
            let _ = app.update(key(KeyCode::Char(keys[i % keys.len()])));
            i += 1;
            frame(app, SCREEN, buf);
        });
        let _ = app.update(key(KeyCode::Esc));
    });
}

/// A key press as the terminal sends it.
fn key(code: KeyCode) -> Message {
    Message::Input(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

/// A resize (alternately 120×40 and 100×40): the visible screen laid out at a new width.
#[divan::bench(sample_count = 200, sample_size = 1)]
fn big_resize(bencher: Bencher) {
    with_big(|app, buf| {
        let _ = app.update(Message::Action(Action::TopSection(100)));
        let sizes = [Rect::new(0, 0, 100, 40), SCREEN];
        let mut i = 0;
        bencher.bench_local(|| {
            frame(app, sizes[i % 2], buf);
            i += 1;
        });
    });
}

#[divan::bench(sample_count = 200, sample_size = 1)]
fn million_headings_top_section_jump(bencher: Bencher) {
    let keys: Vec<Action> = (1..=255u8).step_by(23).map(Action::TopSection).collect();
    with_million(|app, buf| bench_keys(bencher, app, buf, &keys));
}

#[divan::bench(sample_count = 200, sample_size = 1)]
fn million_headings_bottom_top(bencher: Bencher) {
    with_million(|app, buf| bench_keys(bencher, app, buf, &[Action::Bottom, Action::Top]));
}

#[divan::bench(sample_count = 200, sample_size = 1)]
fn million_headings_next_heading(bencher: Bencher) {
    with_million(|app, buf| bench_keys(bencher, app, buf, &[Action::NextHeading]));
}

#[divan::bench(sample_count = 100, sample_size = 1)]
fn million_headings_fold_all_open_all(bencher: Bencher) {
    with_million(|app, buf| bench_keys(bencher, app, buf, &[Action::FoldAll, Action::OpenAll]));
}

#[divan::bench(sample_count = 100, sample_size = 1)]
fn million_headings_focus_outline_page(bencher: Bencher) {
    with_million(|app, buf| {
        let _ = app.update(Message::Action(Action::FocusOutline));
        bench_keys(bencher, app, buf, &[Action::PageDown, Action::SelectNext]);
        let _ = app.update(Message::Action(Action::FocusText));
    });
}

/// What the event loop pays on the UI thread for each 4 MiB chunk the background loader sends
/// (`Message::Load` with a chunk: append the text and the paragraphs, extend the outline; 字数 are
/// counted by the loader thread), over the first ~80 MB of the big document.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn apply_4mib_chunk(bencher: Bencher) {
    let text: &str = &BIG_TEXT;
    let mut parser = PlainParser::new();
    let mut pos = 0;
    let mut base = 0;
    let mut app = App::new(
        Document::new(Format::Plain),
        "bench".to_owned(),
        Keymap::default(),
        &AppOptions::default(),
    );
    bencher
        .with_inputs(|| {
            let mut end = (pos + (4 << 20)).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            let piece = text.get(pos..end).unwrap_or("").to_owned();
            pos = end;
            // as `Loader::next_chunk` does on the loader thread
            let mut chunk = parser.feed(piece, end == text.len());
            chunk.count_chars(base);
            base += chunk.text.len();
            chunk
        })
        .bench_local_values(|chunk| {
            let _ = app.update(Message::Load(LoadEvent::Chunk(
                Box::new(chunk),
                NO_PROGRESS,
            )));
            app.doc().paragraphs.len()
        });
}
