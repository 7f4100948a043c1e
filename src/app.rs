//! The reader's state and what every action does to it — no terminal, no I/O.
//!
//! [`App`] owns the document, its lazy layout, the viewport, the outline fold state, the keymap
//! and the transient UI state (focus, overlays, prompt, search, messages). Input arrives as
//! crossterm events ([`App::handle_event`]) or directly as [`Action`]s ([`App::apply`]); the
//! terminal loop calls [`App::prepare`] with the screen size before each draw so that the view
//! ([`crate::ui`]) only reads.
//!
//! Invariants: the viewport is clamped after every change; the outline's highlighted row is the
//! current section (or its nearest folded ancestor) and is kept inside the outline's window; a
//! position is a byte offset whenever it must survive a relayout (resize, reload, jump list).

pub mod input;
pub mod motion;
mod navigate;
mod outline_focus;

use std::collections::BTreeMap;
use std::sync::Arc;

use ratatui::layout::Rect;

use crate::document::stats;
use crate::document::{Chunk, Document};
use crate::goto::Spec;
use crate::i18n::{Lang, Msg};
use crate::keymap::{Action, Keymap};
use crate::layout::{Layout, LayoutOptions, ParagraphLines};
use crate::outline::Outline;
use crate::print_outline::Rates;
use crate::search::{Direction, Search};
use crate::ui::{self, Palette, Panes};
use crate::viewport::{RowRef, Viewport};
use motion::Here;
use navigate::spec_text;

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The text pane (the default).
    Text,
    /// The outline pane.
    Outline,
}

/// A window drawn over the panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// The key help, scrolled by this many rows.
    Help(usize),
    /// The list of marks.
    Marks,
}

/// What the one-line prompt is asking for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// `:` go to a section, a path, a percentage or a heading text.
    GoTo,
    /// `/` search the text.
    Search,
}

/// The prompt being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// What it asks for.
    pub kind: PromptKind,
    /// What has been typed.
    pub input: String,
}

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
        }
    }
}

/// Loading progress shown while a background loader is still adding text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Bytes read so far.
    pub read: u64,
    /// Total bytes, when known.
    pub total: Option<u64>,
}

/// Outline pane width limits.
pub const OUTLINE_MIN: u16 = 16;
/// Widest outline pane.
pub const OUTLINE_MAX: u16 = 50;
/// Below this screen width the outline hides itself.
pub const OUTLINE_HIDE_BELOW: u16 = 40;

/// The whole reader state.
#[derive(Debug)]
#[allow(clippy::struct_excessive_bools)] // independent UI toggles
pub struct App {
    /// The document (growing while loading).
    pub doc: Document,
    /// The name shown in the status line.
    pub name: String,
    /// Lazy layout of the text column.
    pub layout: Layout,
    /// Scroll position of the text pane.
    pub viewport: Viewport,
    /// Fold state and selection of the outline.
    pub outline: Outline,
    /// Key bindings.
    pub keymap: Keymap,
    /// Which pane has the keyboard.
    pub focus: Focus,
    /// Overlay on top, if any.
    pub overlay: Option<Overlay>,
    /// Prompt being typed, if any.
    pub prompt: Option<Prompt>,
    /// The last search.
    pub search: Option<Search>,
    /// Matches are highlighted (until Esc).
    pub highlight: bool,
    /// Status-line notice.
    pub notice: Option<Notice>,
    /// The outline pane is shown (when the screen is wide enough).
    pub outline_shown: bool,
    /// Preferred outline width; `None` = 30% of the screen.
    pub outline_width: Option<u16>,
    /// First visible outline row.
    pub outline_scroll: usize,
    /// Show sizes and reading times in the outline.
    pub outline_info: bool,
    /// Positions to go back to (byte offsets), most recent last.
    pub back: Vec<usize>,
    /// Positions undone by going back.
    pub forward: Vec<usize>,
    /// Marks: letter → byte offset.
    pub marks: BTreeMap<char, usize>,
    /// Set when the user asked to quit.
    pub quit: bool,
    /// Set when the user asked to reload the file.
    pub reload_requested: bool,
    /// `Some` while the document is still loading.
    pub loading: Option<Progress>,
    /// A jump to a section not loaded yet.
    pub pending: Option<Spec>,
    /// Geometry of the last frame.
    pub panes: Panes,
    /// What the next frame shows, computed by [`App::prepare`].
    pub frame: FrameInfo,
    /// The user scrolled the outline by hand: do not scroll it back to the current row until
    /// the next key.
    pub outline_pinned: bool,
    /// Styles.
    pub palette: Palette,
    /// Reading and speaking rates.
    pub rates: Rates,
    /// Where to return once a reloaded document has loaded.
    pub restore: Option<Restore>,
    /// The language of the UI's own words.
    pub lang: Lang,
    /// `G` was pressed while loading: stay at the end as more text arrives.
    pub follow_end: bool,
}

/// The reading position to find again after a reload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restore {
    /// Byte offset of the top line in the old text.
    pub offset: usize,
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
    pub matches: Vec<usize>,
    /// The outline row to highlight as the current section.
    pub outline_current: Option<usize>,
    /// The current section and its ancestors, top level first.
    pub breadcrumb: Vec<usize>,
    /// Position of the bottom of the screen in the text, 0–100.
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
            focus: Focus::Text,
            overlay: None,
            prompt: None,
            search: None,
            highlight: false,
            notice: None,
            outline_shown: opts.show_outline,
            outline_width: opts.outline_width,
            outline_scroll: 0,
            outline_info: false,
            back: Vec::new(),
            forward: Vec::new(),
            marks: BTreeMap::new(),
            quit: false,
            reload_requested: false,
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
        }
    }

    /// Adds text parsed in the background.
    pub fn apply_chunk(&mut self, chunk: Chunk) {
        self.doc.extend(chunk);
        self.outline.sync(&self.doc);
        self.retry_pending();
        if self.follow_end {
            self.viewport.end(&self.doc, &mut self.layout);
        }
    }

    /// Starts over with `doc` (empty, about to be filled by a loader) after `R`, remembering
    /// where the reader was so [`App::finish_loading`] can return there.
    pub fn begin_reload(&mut self, doc: Document) {
        let offset = self.anchor();
        let at = self.doc.paragraph_at(offset);
        let section = self.doc.section_at_paragraph(at).map(|s| {
            let start = self.doc.paragraphs[self.doc.sections[s].para as usize]
                .range
                .start;
            (
                self.doc.section_title(s).to_owned(),
                offset.saturating_sub(start),
            )
        });
        self.restore = Some(Restore { offset, section });
        self.doc = doc;
        self.layout.clear();
        self.outline = Outline::new();
        self.viewport.home();
        self.search = self.search.as_ref().map(|s| Search::new(s.query()));
        self.back.clear();
        self.forward.clear();
        self.frame = FrameInfo::default();
    }

    /// The loader finished.
    pub fn finish_loading(&mut self) {
        self.doc.set_complete();
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
            let offset = by_title.unwrap_or_else(|| r.offset.min(self.doc.text.len()));
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
    pub fn prepare(&mut self, area: Rect) {
        let panes = ui::panes(area, self);
        let anchor = self.viewport.anchor(&self.doc, &mut self.layout);
        let old_column = self.layout.column_width();
        self.layout.set_pane_width(panes.text.width);
        self.viewport.height = usize::from(panes.text.height);
        if self.layout.column_width() == old_column {
            self.viewport.clamp(&self.doc, &mut self.layout);
        } else {
            // a new width: keep the same text at the top
            self.viewport
                .set_anchor(&self.doc, &mut self.layout, anchor);
        }
        self.panes = panes;
        let rows = self.viewport.rows(&self.doc, &mut self.layout);
        self.frame.rows = rows
            .iter()
            .map(|&row| VisibleRow {
                row,
                lines: match row {
                    RowRef::Gap(_) => None,
                    RowRef::Line { para, .. } => Some(self.layout.paragraph(&self.doc, para)),
                },
            })
            .collect();
        let visible = self.visible_range();
        if let Some(s) = &mut self.search {
            s.advance(&self.doc.text);
            self.frame.matches = if self.highlight {
                s.matches_in(&self.doc.text, visible.clone())
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
        let len = self.doc.text.len().max(1);
        let at_end = self.viewport.at_end(&self.doc, &mut self.layout) && self.loading.is_none();
        self.frame.percent = if at_end {
            100
        } else {
            (visible.end.min(len) * 100 / len) as u8
        };
        self.frame.remaining_minutes = current.map(|c| {
            let top_para = self.viewport.top.para;
            let section = self.doc.section_paragraphs(c);
            let in_section = self.doc.chars_in(top_para.max(section.start)..section.end);
            let in_doc = self.doc.chars_in(top_para..self.doc.paragraphs.len());
            (
                stats::minutes(in_section, self.rates.read),
                stats::minutes(in_doc, self.rates.read),
            )
        });
        if !self.outline_pinned {
            self.keep_outline_row_visible();
        }
    }

    /// Where the reader is.
    pub fn here(&mut self) -> Here {
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
            para,
        }
    }

    /// The section holding the top line of the text pane.
    pub fn current_section(&mut self) -> Option<usize> {
        self.here().section
    }

    /// Does what `action` asks.
    pub fn apply(&mut self, action: Action) {
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
            Action::SetMark(c) => {
                let at = self.anchor();
                self.marks.insert(c, at);
                self.say(&Msg::MarkSet(c));
            }
            Action::JumpMark(c) => match self.marks.get(&c).copied() {
                Some(at) => self.jump_to_offset(at),
                None => self.complain(&Msg::NoSuchMark(c)),
            },
            Action::ListMarks => self.overlay = Some(Overlay::Marks),
            Action::FocusOutline => self.focus_outline(),
            Action::FocusText | Action::OpenSelected => self.focus = Focus::Text,
            Action::ToggleOutline => self.toggle_outline(),
            Action::NarrowOutline => self.resize_outline(-4),
            Action::WidenOutline => self.resize_outline(4),
            Action::ToggleOutlineInfo => self.outline_info = !self.outline_info,
            Action::SelectNext => self.move_selection(1),
            Action::SelectPrev => self.move_selection(-1),
            Action::FoldOrParent => {
                if let Some(s) = self.outline.fold_or_parent(&self.doc) {
                    self.show_section(s);
                }
            }
            Action::Unfold => {
                if let Some(s) = self.outline.selected() {
                    self.outline.unfold(&self.doc, s);
                }
            }
            Action::ToggleFold => {
                if let Some(s) = self.outline.selected() {
                    self.outline.toggle(&self.doc, s);
                }
            }
            Action::FoldAll => {
                self.outline.fold_all(&self.doc);
                if let Some(s) = self.outline.selected() {
                    self.outline.select(s);
                }
            }
            Action::OpenAll => self.outline.open_all(),
            Action::Help => self.overlay = Some(Overlay::Help(0)),
            Action::Cancel => {
                if self.overlay.take().is_none() {
                    self.highlight = false;
                }
            }
            Action::Reload => self.reload_requested = true,
            Action::Quit => self.quit = true,
        }
    }

    /// Shows a message, in the UI language, until the next key.
    pub fn say(&mut self, msg: &Msg) {
        self.note(msg.text(self.lang));
    }

    /// Shows an error message, in the UI language, until the next key.
    pub fn complain(&mut self, msg: &Msg) {
        self.note_error(msg.text(self.lang));
    }

    /// Shows an informational notice until the next key.
    pub fn note(&mut self, text: String) {
        self.notice = Some(Notice { text, error: false });
    }

    /// Shows an error notice until the next key.
    pub fn note_error(&mut self, text: String) {
        self.notice = Some(Notice { text, error: true });
    }
}
