//! The reader's state and what every action does to it — no terminal, no I/O.
//!
//! [`App`] owns the document, its lazy layout, the viewport, the outline fold state, the keymap
//! and the transient UI state (the [`Mode`], search, messages). Its fields are private: every
//! change goes through [`App::update`] with a [`Message`] (a terminal event, an action, the
//! screen size before a frame, a loader event, a resume, a reload, a clock tick), and what the
//! shell must do in the world (quit, reload the file, resume once loaded) comes back as
//! [`Effects`]. The shell sends [`Message::Resize`] before each draw, so that the view
//! ([`crate::ui`]) only reads, through the accessors below.
//!
//! Invariants: the viewport is clamped after every change; the outline's highlighted row is the
//! current section (or its nearest folded ancestor) and is kept inside the outline's window; a
//! position is a byte offset whenever it must survive a relayout (resize, reload, jump list).

mod corrections;
pub mod input;
mod message;
mod mode;
pub mod motion;
mod navigate;
mod outline_focus;
pub mod panes;
pub mod picker;
pub mod prompter;
mod reading_position;
pub mod rehearsal;

use std::collections::BTreeMap;
use std::sync::Arc;

use ratatui::layout::Rect;

use crate::config::Palette;
use crate::document::{Chunk, Document};
use crate::goto::Spec;
use crate::i18n::{Lang, Msg};
use crate::keymap::{Action, Keymap};
use crate::layout::{Layout, LayoutOptions, ParagraphLines};
use crate::load::LoadEvent;
pub use crate::load::Progress;
use crate::outline::Outline;
use crate::pos::{Para, TextPos};
use crate::print_outline::Rates;
use crate::prompt_history::PromptHistories;
use crate::search::{Direction, Search};
use crate::settings::Speech;
use crate::viewport::{RowRef, Viewport};
pub use message::{Effect, Effects, Message, Resume, ResumedAt};
pub use mode::{Focus, Mode, Overlay, Prompt, PromptKind};
use motion::Here;
use navigate::spec_text;

/// Columns one press of `→` / `zl` scrolls preformatted lines and code.
const VERBATIM_SCROLL_STEP: u16 = 8;
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
    /// Search matches starting in (or overlapping) the visible text, ascending.
    pub matches: Vec<TextPos>,
    /// The outline row to highlight as the current section.
    pub outline_current: Option<usize>,
    /// The current section and its ancestors, top level first.
    pub breadcrumb: Vec<usize>,
    /// Share of the text above the top line, 0–100 (100 only at the end).
    pub percent: u8,
    /// Reading minutes left in the current section and in the document.
    pub remaining_minutes: Option<(u64, u64)>,
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
            Message::Say(msg) => self.say(&msg),
            Message::Complain(msg) => self.complain(&msg),
            Message::Error(text) => self.note_error(text),
            Message::Tick(now) => {
                self.now = Some(now);
                // the time since the last tick belongs to what was shown until now
                self.rehearsal_tick(now);
                self.prompter_tick(now);
            }
        }
        std::mem::take(&mut self.effects)
    }

    /// One event from the loader thread.
    fn load_event(&mut self, event: LoadEvent) {
        match event {
            LoadEvent::Chunk(chunk, progress) => {
                self.apply_chunk(*chunk);
                self.loading = Some(progress);
            }
            LoadEvent::Done { lossy } => {
                self.finish_loading();
                if lossy {
                    self.complain(&Msg::Replaced);
                }
            }
            LoadEvent::Failed(e) => {
                self.finish_loading();
                self.note_error(crate::display::sanitize(&e).into_owned());
            }
        }
    }

    /// Brings back what was remembered about this document: marks always; folds and the
    /// position only if the reader has not moved yet.
    fn resume(&mut self, resume: Resume) {
        for (c, at) in resume.marks {
            self.marks.insert(c, at);
        }
        if let Some(at) = resume.position
            && self.is_untouched()
        {
            if let Some(folded) = &at.folds {
                self.outline.restore_folds(&self.doc, folded);
            }
            if at.offset > TextPos::START {
                self.viewport
                    .set_anchor(&self.doc, &mut self.layout, at.offset);
                self.say(&match at.section_title {
                    Some(t) => Msg::ResumedBySection(t),
                    None => Msg::Resumed,
                });
            }
        }
    }

    /// The reader is still where it opened: at the top, with no jump made.
    pub fn is_untouched(&mut self) -> bool {
        self.anchor() == TextPos::START && self.back.is_empty()
    }

    /// The document.
    pub const fn doc(&self) -> &Document {
        &self.doc
    }

    /// The name shown in the status line.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The layout of the text column.
    pub const fn layout(&self) -> &Layout {
        &self.layout
    }

    /// The outline's fold state and selection.
    pub const fn outline(&self) -> &Outline {
        &self.outline
    }

    /// The key bindings.
    pub const fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// What the keyboard talks to.
    pub const fn mode(&self) -> &Mode {
        &self.mode
    }

    /// Which pane has (or gets back) the keyboard.
    pub const fn focus(&self) -> Focus {
        self.mode.focus()
    }

    /// The last search.
    pub const fn search(&self) -> Option<&Search> {
        self.search.as_ref()
    }

    /// Matches are highlighted.
    pub const fn highlight(&self) -> bool {
        self.highlight
    }

    /// The status-line notice.
    pub const fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    /// First visible outline row.
    pub const fn outline_scroll(&self) -> usize {
        self.outline_scroll
    }

    /// Sizes and reading times are shown in the outline.
    pub const fn outline_info(&self) -> bool {
        self.outline_info
    }

    /// `→`/`←`: preformatted lines and code move sideways a step; prose does not.
    fn scroll_verbatim(&mut self, action: Action) {
        self.verbatim_scroll = if action == Action::ScrollRight {
            self.verbatim_scroll.saturating_add(VERBATIM_SCROLL_STEP)
        } else {
            self.verbatim_scroll.saturating_sub(VERBATIM_SCROLL_STEP)
        };
    }

    /// Columns of preformatted lines and code scrolled off to the left.
    pub const fn verbatim_scroll(&self) -> u16 {
        self.verbatim_scroll
    }

    /// What was typed at the prompts, for saving.
    pub const fn histories(&self) -> &PromptHistories {
        &self.history
    }

    /// The marks: letter → position.
    pub const fn marks(&self) -> &BTreeMap<char, TextPos> {
        &self.marks
    }

    /// Loading progress, while the document is still loading.
    pub const fn loading(&self) -> Option<Progress> {
        self.loading
    }

    /// Geometry of the last frame.
    pub const fn panes(&self) -> Panes {
        self.panes
    }

    /// What the next frame shows.
    pub const fn frame(&self) -> &FrameInfo {
        &self.frame
    }

    /// Styles.
    pub const fn palette(&self) -> &Palette {
        &self.palette
    }

    /// Reading and speaking rates.
    pub const fn rates(&self) -> Rates {
        self.rates
    }

    /// The language of the UI's own words.
    pub const fn lang(&self) -> Lang {
        self.lang
    }

    /// The time of the last clock tick.
    pub const fn now(&self) -> Option<std::time::Instant> {
        self.now
    }

    /// When the shell should send the next [`Message::Tick`] (the teleprompter's next row,
    /// the rehearsal clock's next second); `None` when nothing keeps time.
    pub fn wake_at(&self) -> Option<std::time::Instant> {
        match (self.prompter_wake(), self.rehearsal_wake()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The text pane shows the end of the document.
    pub fn at_end(&mut self) -> bool {
        self.viewport.at_end(&self.doc, &mut self.layout)
    }

    /// Adds text parsed in the background.
    fn apply_chunk(&mut self, chunk: Chunk) {
        self.doc.extend(chunk);
        self.outline.sync(&self.doc);
        self.retry_pending();
        if self.follow_end {
            self.viewport.end(&self.doc, &mut self.layout);
        }
    }

    /// Starts over with `doc` (empty, about to be filled by a loader) after `R`, remembering
    /// where the reader was so [`App::finish_loading`] can return there.
    fn begin_reload(&mut self, doc: Document) {
        let offset = self.anchor();
        let at = self.doc.paragraph_at(offset.byte());
        let section = self.doc.section_at_paragraph(at).map(|s| {
            let start = self.doc.paragraphs[self.doc.sections[s].para as usize]
                .range
                .start;
            (
                self.doc.section_title(s).to_owned(),
                offset.byte().saturating_sub(start),
            )
        });
        self.restore = Some(Restore { offset, section });
        self.doc = doc;
        self.width_anchor = None;
        self.layout.clear();
        self.outline = Outline::new();
        self.viewport.home();
        self.search = self.search.as_ref().map(|s| Search::new(s.query()));
        self.back.clear();
        self.forward.clear();
        self.frame = FrameInfo::default();
    }

    /// The loader finished.
    fn finish_loading(&mut self) {
        self.effects.push(Effect::Loaded);
        self.doc.set_complete();
        // the section tree is decided now: headings change how their paragraphs are laid out
        self.layout.clear();
        self.width_anchor = None;
        self.outline.sync(&self.doc);
        self.loading = None;
        if std::mem::take(&mut self.follow_end) {
            self.viewport.end(&self.doc, &mut self.layout);
        }
        if let Some(r) = self.restore.take() {
            let by_title = r.section.as_ref().and_then(|(title, delta)| {
                let s =
                    (0..self.doc.sections.len()).find(|&i| self.doc.section_title(i) == title)?;
                let start = self.doc.paragraphs[self.doc.sections[s].para as usize]
                    .range
                    .start;
                let end = self.doc.section_paragraphs(s).end;
                let limit = self
                    .doc
                    .paragraphs
                    .get(end)
                    .map_or(self.doc.text.len(), |p| p.range.start);
                Some((start + delta).min(limit.saturating_sub(1)).max(start))
            });
            let end = TextPos::new(self.doc.text.len());
            let offset = by_title.map_or_else(|| r.offset.min(end), TextPos::new);
            self.viewport
                .set_anchor(&self.doc, &mut self.layout, offset);
            self.say(&Msg::Reloaded);
        }
        self.retry_pending();
        if let Some(spec) = self.pending.take() {
            self.complain(&Msg::NotFound(spec_text(&spec)));
        }
    }

    /// Lays out what the next frame shows for a screen of `area`; the view then only reads.
    fn prepare(&mut self, area: Rect) {
        let panes = panes::panes(
            area,
            OutlineWish {
                shown: self.outline_shown && self.prompter().is_none(),
                width: self.outline_width,
                has_sections: !self.doc.sections.is_empty(),
            },
        );
        let old_column = self.layout.column_width();
        let anchor = match self.width_anchor {
            Some((at, top)) if top == self.viewport.top => at,
            _ => self.viewport.anchor(&self.doc, &mut self.layout),
        };
        self.layout.set_pane_width(panes.text.width);
        self.viewport.height = usize::from(panes.text.height);
        if self.layout.column_width() == old_column {
            self.viewport.clamp(&self.doc, &mut self.layout);
        } else {
            // a new width: keep the same text at the top
            self.viewport
                .set_anchor(&self.doc, &mut self.layout, anchor);
            self.width_anchor = Some((anchor, self.viewport.top));
        }
        self.panes = panes;
        let rows = self.viewport.rows(&self.doc, &mut self.layout);
        self.frame.rows = rows
            .iter()
            .map(|&row| VisibleRow {
                row,
                lines: match row {
                    RowRef::Gap(_) => None,
                    RowRef::Line { para, .. } => {
                        Some(self.layout.paragraph(&self.doc, para.index()))
                    }
                },
            })
            .collect();
        if self.prompter().is_some() {
            // the reading line (the top row) a third of the way down, context above it
            let above = prompter::rows_above(
                &self.doc,
                &mut self.layout,
                self.viewport.top,
                self.viewport.height / 3,
            );
            let mut all: Vec<VisibleRow> = above
                .into_iter()
                .map(|row| VisibleRow {
                    row,
                    lines: match row {
                        RowRef::Gap(_) => None,
                        RowRef::Line { para, .. } => {
                            Some(self.layout.paragraph(&self.doc, para.index()))
                        }
                    },
                })
                .collect();
            all.append(&mut self.frame.rows);
            all.truncate(self.viewport.height);
            self.frame.rows = all;
        }
        let visible = self.visible_range();
        if let Some(s) = &mut self.search {
            s.advance(&self.doc.text);
            self.frame.matches = if self.highlight {
                let bytes = TextPos::range(&visible);
                s.matches_in(&self.doc.text, bytes)
                    .into_iter()
                    .map(TextPos::new)
                    .collect()
            } else {
                Vec::new()
            };
        } else {
            self.frame.matches.clear();
        }
        let current = self.current_section();
        self.frame.outline_current = current
            .filter(|_| self.outline.row_count() > 0)
            .map(|c| self.outline.reveal(c));
        self.frame.breadcrumb = current.map(|c| self.doc.ancestry(c)).unwrap_or_default();
        let at_end = self.viewport.at_end(&self.doc, &mut self.layout) && self.loading.is_none();
        self.frame.percent = self.top_percent(at_end);
        self.frame.remaining_minutes = self.minutes_left(current, at_end);
        if !self.outline_pinned {
            self.keep_outline_row_visible();
        }
    }

    /// Where the reader is.
    fn here(&mut self) -> Here {
        let para = self
            .viewport
            .top
            .para
            .min(self.doc.paragraphs.len().saturating_sub(1));
        let section = self.doc.section_at_paragraph(para);
        let gap = self.doc.paragraphs.get(para).is_some_and(|p| p.gap_before);
        let first_line_row = usize::from(gap && para > 0);
        let at_heading = section.is_some_and(|s| self.doc.sections[s].para as usize == para)
            && self.viewport.top.row == first_line_row;
        Here {
            section,
            at_heading,
            para: Para::new(para),
        }
    }

    /// The section holding the top line of the text pane.
    fn current_section(&mut self) -> Option<usize> {
        self.here().section
    }

    /// Does what `action` asks.
    fn apply(&mut self, action: Action) {
        let page = isize::try_from(self.viewport.height.max(1)).unwrap_or(isize::MAX);
        // `G` while loading keeps following the end; any other key lets go
        self.follow_end = action == Action::Bottom && self.loading.is_some();
        match action {
            Action::LineDown => self.scroll(1),
            Action::LineUp => self.scroll(-1),
            Action::PageDown => self.scroll(page.saturating_sub(1).max(1)),
            Action::PageUp => self.scroll(-(page.saturating_sub(1).max(1))),
            Action::HalfPageDown => self.scroll((page / 2).max(1)),
            Action::HalfPageUp => self.scroll(-(page / 2).max(1)),
            Action::Top => {
                self.remember();
                self.viewport.home();
            }
            Action::Bottom => {
                self.remember();
                self.viewport.end(&self.doc, &mut self.layout);
            }
            Action::NextHeading => {
                let h = self.here();
                self.go_section(motion::next_heading(&self.doc, h), &Msg::NoSuchSection);
            }
            Action::PrevHeading => {
                let h = self.here();
                self.go_section(motion::prev_heading(&self.doc, h), &Msg::NoSuchSection);
            }
            Action::NextSibling => {
                let h = self.here();
                self.go_section(motion::next_sibling(&self.doc, h), &Msg::NoSuchSection);
            }
            Action::PrevSibling => {
                let h = self.here();
                self.go_section(motion::prev_sibling(&self.doc, h), &Msg::NoSuchSection);
            }
            Action::Parent => {
                let h = self.here();
                self.go_section(motion::parent(&self.doc, h), &Msg::TopLevel);
            }
            Action::TopSection(n) => self.go_spec(&Spec::Path(vec![usize::from(n)])),
            Action::GoTo => self.open_prompt(PromptKind::GoTo),
            Action::Search => self.open_prompt(PromptKind::Search),
            Action::NextMatch => self.step_search(Direction::Forward),
            Action::PrevMatch => self.step_search(Direction::Backward),
            Action::JumpBack => self.jump_back(),
            Action::JumpForward => self.jump_forward(),
            Action::JumpToggle => self.jump_toggle(),
            Action::SetMark(c) => self.set_mark(c),
            Action::JumpMark(c) => match self.marks.get(&c).copied() {
                Some(at) => self.jump_to_offset(at),
                None => self.complain(&Msg::NoSuchMark(c)),
            },
            Action::ListMarks => self.open_overlay(Overlay::Marks(0)),
            Action::FocusOutline => self.focus_outline(),
            Action::FocusText | Action::OpenSelected => self.mode = Mode::Text,
            Action::ToggleOutline => self.toggle_outline(),
            Action::NarrowOutline => self.resize_outline(-4),
            Action::WidenOutline => self.resize_outline(4),
            Action::ToggleOutlineInfo => self.outline_info = !self.outline_info,
            Action::ScrollRight | Action::ScrollLeft => self.scroll_verbatim(action),
            Action::SelectNext
            | Action::SelectPrev
            | Action::SelectFirst
            | Action::SelectLast
            | Action::SelectPageDown
            | Action::SelectPageUp
            | Action::SelectHalfPageDown
            | Action::SelectHalfPageUp
            | Action::SelectNextSibling
            | Action::SelectPrevSibling
            | Action::SelectParent
            | Action::FoldOrParent
            | Action::Unfold
            | Action::ToggleFold
            | Action::FoldAll
            | Action::OpenAll => self.outline_action(action),
            Action::NotHeading | Action::HeadingUp | Action::HeadingDown | Action::MakeHeading => {
                self.correct_structure(action);
            }
            Action::Help => self.open_overlay(Overlay::Help(0)),
            Action::Cancel => self.cancel(),
            Action::Reload => self.effects.push(Effect::Reload),
            Action::Quit => self.effects.push(Effect::Quit),
            Action::Suspend => self.suspend(),
            Action::Teleprompter
            | Action::Rehearse
            | Action::Faster
            | Action::Slower
            | Action::PauseResume => self.speech_action(action),
            // the prompt's own keys (see `input.rs`); nothing to do in the panes
            Action::Submit
            | Action::ClearInput
            | Action::DeleteWord
            | Action::DeleteChar
            | Action::HistoryPrev
            | Action::HistoryNext
            | Action::PickNext
            | Action::PickPrev => {}
        }
    }

    /// `m` + letter: the mark is set here and saved at once (a reader killed later keeps it).
    fn set_mark(&mut self, c: char) {
        let at = self.anchor();
        self.marks.insert(c, at);
        self.effects.push(Effect::MarksChanged);
        self.say(&Msg::MarkSet(c));
    }

    /// Esc: closes an overlay, else clears the search highlight.
    fn cancel(&mut self) {
        if self.mode.overlay().is_some() {
            self.mode = Mode::of(self.mode.focus());
        } else {
            self.highlight = false;
        }
    }

    /// Ctrl-z or SIGTSTP: asks the shell to suspend the reader. Time stands still for the
    /// teleprompter meanwhile: it waits, paused, for Space after `fg`.
    fn suspend(&mut self) {
        if let Mode::Prompter(p) = &mut self.mode
            && matches!(
                p.run,
                prompter::Run::Running { .. } | prompter::Run::Countdown { .. }
            )
        {
            p.run = prompter::Run::Paused;
        }
        self.effects.push(Effect::Suspend);
    }

    /// Draws `overlay` over the panes; it takes the keys until closed.
    fn open_overlay(&mut self, overlay: Overlay) {
        self.mode = Mode::Overlay {
            overlay,
            under: self.mode.focus(),
        };
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
