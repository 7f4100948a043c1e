//! The reader's state and what every action does to it — no terminal, no I/O.
//!
//! [`App`] owns the document, its lazy layout, the viewport, the outline fold state, the keymap
//! and the transient UI state (the [`Mode`], search, messages). Its fields are private: every
//! change goes through [`App::update`] with a [`Message`] (a terminal event, an action, the
//! screen size before a frame, a loader event, a resume, a reload, a clock tick), and what the
//! shell must do in the world (quit, reload the file, resume once loaded) comes back as
//! [`Effects`]. The shell sends [`Message::Resize`] before each draw, so that the view
//! ([`crate::ui`]) only reads, through the accessors (`app/accessors.rs`).
//!
//! Invariants: the viewport is clamped after every change; the outline's highlighted row is the
//! current section (or its nearest folded ancestor) and is kept inside the outline's window; a
//! position is a byte offset whenever it must survive a relayout (resize, reload, jump list).

mod accessors;
mod apply;
mod corrections;
mod frame;
pub mod hits;
pub mod input;
mod loading;
mod message;
mod mode;
pub mod motion;
mod navigate;
mod outline_filter;
mod outline_focus;
pub mod panes;
pub mod picker;
pub mod prompter;
mod reading_position;
pub mod rehearsal;
pub mod results;
pub mod shelf;
pub mod shelf_find;
pub mod shelf_results;
#[cfg(test)]
mod shelf_test_support;
mod study;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::config::Palette;
use crate::document::Document;
use crate::goto::Spec;
use crate::i18n::{Lang, Msg};
use crate::keymap::Keymap;
use crate::layout::{Layout, LayoutOptions, ParagraphLines};
pub use crate::load::Progress;
use crate::outline::Outline;
use crate::pos::TextPos;
use crate::print_outline::Rates;
use crate::prompt_history::PromptHistories;
use crate::search::Search;
use crate::settings::Speech;
use crate::viewport::{RowRef, Viewport};
pub use message::{Effect, Effects, Message, Resume, ResumedAt};
pub use mode::{Focus, Mode, Overlay, Prompt, PromptKind, Selection};

pub use panes::{OUTLINE_HIDE_BELOW, OUTLINE_MAX, OUTLINE_MIN, OutlineWish, Panes};

/// A short notice in the status line until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The text.
    pub text: String,
    /// An error rather than information.
    pub error: bool,
}

/// Settings the reader starts with.
#[derive(Debug, Clone)]
pub struct AppOptions {
    /// Layout of the text column.
    pub layout: LayoutOptions,
    /// Show the outline pane.
    pub show_outline: bool,
    /// Outline width in columns; `None` = about 30% of the screen.
    pub outline_width: Option<u16>,
    /// Styles.
    pub palette: Palette,
    /// Reading and speaking rates.
    pub rates: Rates,
    /// The language of the UI's own words.
    pub lang: Lang,
    /// The teleprompter's countdown and the speech's target length.
    pub speech: Speech,
    /// `y` and `Y` add the citation to what they copy.
    pub cite: bool,
}

impl Default for AppOptions {
    fn default() -> Self {
        Self {
            layout: LayoutOptions::default(),
            show_outline: true,
            outline_width: None,
            palette: Palette::default(),
            rates: Rates::default(),
            lang: Lang::En,
            speech: Speech::default(),
            cite: false,
        }
    }
}

/// The whole reader state. Read it through the accessors; change it with [`App::update`].
/// (The queries [`App::anchor`], [`App::at_end`] and [`App::is_untouched`] take `&mut self` only
/// to fill the lazy layout cache; they change nothing the reader can see.)
#[derive(Debug)]
#[allow(clippy::struct_excessive_bools)] // independent UI toggles
pub struct App {
    /// The document (growing while loading).
    doc: Document,
    /// The name shown in the status line.
    name: String,
    /// Lazy layout of the text column.
    layout: Layout,
    /// Scroll position of the text pane.
    viewport: Viewport,
    /// Fold state and selection of the outline.
    outline: Outline,
    /// Key bindings.
    keymap: Keymap,
    /// What the keyboard talks to.
    mode: Mode,
    /// The last search.
    search: Option<Search>,
    /// Matches are highlighted (until Esc).
    highlight: bool,
    /// Status-line notice.
    notice: Option<Notice>,
    /// The outline pane is shown (when the screen is wide enough).
    outline_shown: bool,
    /// Preferred outline width; `None` = 30% of the screen.
    outline_width: Option<u16>,
    /// First visible outline row.
    outline_scroll: usize,
    /// Show sizes and reading times in the outline.
    outline_info: bool,
    /// Columns of preformatted lines and code scrolled off to the left (they are clipped,
    /// never wrapped); prose is not affected.
    verbatim_scroll: u16,
    /// Positions to go back to (byte offsets), most recent last.
    back: Vec<TextPos>,
    /// Positions undone by going back.
    forward: Vec<TextPos>,
    /// Marks: letter → position.
    marks: BTreeMap<char, TextPos>,
    /// `Some` while the document is still loading.
    loading: Option<Progress>,
    /// A jump to a section not loaded yet.
    pending: Option<Spec>,
    /// A section to show once the document has loaded (a switch to another document's
    /// heading, `:*`, while that document is still loading: its tree is decided at the end).
    pending_section: Option<usize>,
    /// A match to go to once the document has loaded (an `Alt-/` `*` match picked in another
    /// document while it is still loading): the query, how it is read, the offset.
    pending_hit: Option<(String, crate::search::Syntax, usize)>,
    /// Geometry of the last frame.
    panes: Panes,
    /// What the next frame shows, computed when the shell sends [`Message::Resize`].
    frame: FrameInfo,
    /// The user scrolled the outline by hand: do not scroll it back to the current row until
    /// the next key.
    outline_pinned: bool,
    /// Styles.
    palette: Palette,
    /// Reading and speaking rates.
    rates: Rates,
    /// Where to return once a reloaded document has loaded.
    restore: Option<Restore>,
    /// The language of the UI's own words.
    lang: Lang,
    /// `G` was pressed while loading: stay at the end as more text arrives.
    follow_end: bool,
    /// The time of the last clock tick, for timed modes.
    now: Option<std::time::Instant>,
    /// What the update being handled asks of the shell.
    effects: Effects,
    /// The teleprompter's countdown and the speech's target length.
    speech: Speech,
    /// The speaking rate as changed with `+`/`-` in the teleprompter.
    speak_rate: Option<u32>,
    /// The rehearsal under way.
    rehearsal: Option<rehearsal::Rehearsal>,
    /// The last rehearsal stopped, for its table and for saving.
    last_rehearsal: Option<crate::state::Rehearsal>,
    /// The text offset a change of width put at the top, and the top it gave: while the reader
    /// has not moved, the next change of width starts from that offset again. (Starting from
    /// the new top line's start would drift: at another width the line holding the offset
    /// starts earlier, so each round trip could move the top up a row.)
    width_anchor: Option<(TextPos, crate::viewport::Top)>,
    /// What was typed at the prompts (this session's and the saved).
    history: PromptHistories,
    /// The live list of headings under the `:` prompt, while it is open.
    picker: Option<picker::Picker>,
    /// The headings' labels, squeezed titles and pinyin initials, read once for `:` (made
    /// anew when the tree changes: reload, corrections).
    titles: crate::heading_match::TitleIndex,
    /// How the next search reads its query (the prompt's toggle is kept for the next `/`).
    search_syntax: crate::search::Syntax,
    /// The search results list, while its prompt is open.
    results: Option<results::Results>,
    /// Highlights and notes, in document order (orphans last).
    notes: Vec<crate::study::Note>,
    /// What the note prompt writes to, while it is open.
    note_target: Option<study::NoteTarget>,
    /// Notes deleted from the list, most recent last, for `u`.
    deleted_notes: Vec<(usize, crate::study::Note)>,
    /// The text the last copy put on the clipboard (the shell sends it with OSC 52).
    clipboard: String,
    /// `y` and `Y` add the citation to what they copy.
    cite: bool,
    /// The documents opened together, when there are several (the session fills it).
    shelf: Option<shelf::Shelf>,
}

/// The reading position to find again after a reload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restore {
    /// The top line in the old text.
    pub offset: TextPos,
    /// Title of the section the reader was in, and how far into it (bytes).
    pub section: Option<(String, usize)>,
}

/// One visible row of the text pane with the layout it comes from.
#[derive(Debug, Clone)]
pub struct VisibleRow {
    /// Which row.
    pub row: RowRef,
    /// The paragraph's lines (`None` for a gap row).
    pub lines: Option<Arc<ParagraphLines>>,
}

/// Everything the view needs that takes work to compute, prepared before each frame.
#[derive(Debug, Clone, Default)]
pub struct FrameInfo {
    /// Text pane rows, top to bottom.
    pub rows: Vec<VisibleRow>,
    /// Search matches overlapping the visible text, ascending.
    pub matches: Vec<std::ops::Range<TextPos>>,
    /// The outline row to highlight as the current section.
    pub outline_current: Option<usize>,
    /// The current section and its ancestors, top level first.
    pub breadcrumb: Vec<usize>,
    /// Search hits of the outline rows on screen, top to bottom (empty without a
    /// highlighted search).
    pub outline_hits: Vec<hits::Hits>,
    /// Share of the text above the top line, 0–100 (100 only at the end).
    pub percent: u8,
    /// Reading minutes left in the current section and in the document.
    pub remaining_minutes: Option<(u64, u64)>,
    /// Highlights over the visible text, by start: their range and whether they carry a note.
    pub notes: Vec<(std::ops::Range<usize>, bool)>,
    /// Highlights per section (by the innermost section holding their start), for the outline.
    pub note_counts: BTreeMap<usize, usize>,
}

impl App {
    /// A reader for `doc`.
    pub fn new(doc: Document, name: String, keymap: Keymap, opts: &AppOptions) -> Self {
        let mut outline = Outline::new();
        outline.sync(&doc);
        Self {
            layout: Layout::new(opts.layout, 80),
            doc,
            name,
            viewport: Viewport::default(),
            outline,
            keymap,
            mode: Mode::Text,
            search: None,
            highlight: false,
            notice: None,
            outline_shown: opts.show_outline,
            outline_width: opts.outline_width,
            outline_scroll: 0,
            outline_info: false,
            verbatim_scroll: 0,
            back: Vec::new(),
            forward: Vec::new(),
            marks: BTreeMap::new(),
            loading: None,
            pending: None,
            pending_section: None,
            pending_hit: None,
            panes: Panes::default(),
            frame: FrameInfo::default(),
            outline_pinned: false,
            palette: opts.palette,
            rates: opts.rates,
            restore: None,
            lang: opts.lang,
            follow_end: false,
            now: None,
            effects: Effects::default(),
            speech: opts.speech,
            speak_rate: None,
            rehearsal: None,
            last_rehearsal: None,
            width_anchor: None,
            history: PromptHistories::default(),
            picker: None,
            titles: crate::heading_match::TitleIndex::default(),
            search_syntax: crate::search::Syntax::default(),
            results: None,
            notes: Vec::new(),
            note_target: None,
            deleted_notes: Vec::new(),
            clipboard: String::new(),
            cite: opts.cite,
            shelf: None,
        }
    }

    /// The one way to change the reader: handles `msg` and returns what the shell must do.
    pub fn update(&mut self, msg: Message) -> Effects {
        match msg {
            Message::Input(event) => self.handle_event(&event),
            Message::Action(action) => self.apply(action),
            Message::Resize(area) => self.prepare(area),
            Message::Load(event) => self.load_event(event),
            Message::Loading { total } => self.loading = Some(Progress { read: 0, total }),
            Message::Reload { doc, total } => {
                self.begin_reload(*doc);
                self.loading = Some(Progress { read: 0, total });
            }
            Message::GoTo(spec) => self.go_spec(&spec),
            Message::Search(query) => self.submit_prompt(&Prompt::new(PromptKind::Search, query)),
            Message::History(saved) => {
                self.history.search.put_before(&saved.search);
                self.history.goto.put_before(&saved.goto);
            }
            Message::ClearSearch => {
                self.search = None;
                self.highlight = false;
            }
            Message::Resume(resume) => self.resume(resume),
            Message::Corrections(list) => self.apply_corrections(list),
            Message::Notes(list) => self.place_notes(list),
            Message::Say(msg) => self.say(&msg),
            Message::Complain(msg) => self.complain(&msg),
            Message::Error(text) => self.note_error(text),
            Message::Shelf(books) => self.set_shelf(books),
            Message::ShowSection(section) if self.loading.is_some() => {
                self.pending_section = Some(section);
            }
            Message::ShowSection(section) => {
                self.remember();
                self.show_section(section);
            }
            Message::ShowHit {
                query,
                syntax,
                offset,
            } => {
                if self.loading.is_some() {
                    self.pending_hit = Some((query, syntax, offset));
                } else {
                    self.remember();
                    self.go_to_hit(&query, syntax, offset);
                }
            }
            Message::ShelfHits { query, hits, done } => {
                self.take_shelf_hits(&query, hits, done);
            }
            Message::Tick(now) => {
                self.now = Some(now);
                // the time since the last tick belongs to what was shown until now
                self.rehearsal_tick(now);
                self.prompter_tick(now);
                self.picker_tick();
            }
        }
        std::mem::take(&mut self.effects)
    }

    /// Shows a message, in the UI language, until the next key.
    fn say(&mut self, msg: &Msg) {
        self.note(msg.text(self.lang));
    }

    /// Shows an error message, in the UI language, until the next key.
    fn complain(&mut self, msg: &Msg) {
        self.note_error(msg.text(self.lang));
    }

    /// Shows an informational notice until the next key.
    fn note(&mut self, text: String) {
        self.notice = Some(Notice { text, error: false });
    }

    /// Shows an error notice until the next key.
    fn note_error(&mut self, text: String) {
        self.notice = Some(Notice { text, error: true });
    }
}
