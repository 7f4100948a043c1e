//! What the view and the shell read of the reader: the document, its layout, the mode, the
//! notice, the frame prepared for the next draw, and when to wake the reader next.

use std::collections::BTreeMap;

use super::{App, FrameInfo, Notice, Panes, Progress};
use super::{Focus, Mode};
use crate::config::Palette;
use crate::document::Document;
use crate::i18n::Lang;
use crate::keymap::Keymap;
use crate::layout::Layout;
use crate::outline::Outline;
use crate::pos::TextPos;
use crate::print_outline::Rates;
use crate::prompt_history::PromptHistories;
use crate::search::Search;

impl App {
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
    /// the rehearsal clock's next second, or now while a search is counting: a frame lays out
    /// the next slice); `None` when nothing keeps time.
    pub fn wake_at(&self) -> Option<std::time::Instant> {
        // a search still counting wants the next frame now (one slice per frame)
        let counting = self.now.filter(|_| self.counting());
        [self.prompter_wake(), self.rehearsal_wake(), counting]
            .into_iter()
            .flatten()
            .min()
    }

    /// The text pane shows the end of the document.
    pub fn at_end(&mut self) -> bool {
        self.viewport.at_end(&self.doc, &mut self.layout)
    }
}
