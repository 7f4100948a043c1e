//! The outline pane's side of the app: focus, showing and sizing the pane, moving the
//! selection (the text follows it), and keeping the current row in view.

use super::{App, Focus, Mode, OUTLINE_HIDE_BELOW, OUTLINE_MAX, OUTLINE_MIN};
use crate::i18n::Msg;

impl App {
    pub(super) fn focus_outline(&mut self) {
        if self.outline_too_narrow() {
            return;
        }
        if !self.outline_shown || self.doc.sections.is_empty() {
            self.complain(if self.doc.sections.is_empty() {
                &Msg::NoSections
            } else {
                &Msg::OutlineHidden
            });
            return;
        }
        self.mode = Mode::Outline;
        if let Some(c) = self.current_section() {
            self.outline.select(c);
        } else {
            self.outline.move_selection(0);
        }
    }

    pub(super) fn toggle_outline(&mut self) {
        self.outline_shown = !self.outline_shown;
        if self.outline_shown {
            self.outline_too_narrow();
        }
        if !self.outline_shown {
            self.mode = Mode::Text;
        }
    }

    /// Says why the outline cannot be shown on this screen, if it cannot: it hides below
    /// [`OUTLINE_HIDE_BELOW`] columns (the text would be too narrow beside it).
    fn outline_too_narrow(&mut self) -> bool {
        let width = self.panes.area.width;
        let narrow = width > 0 && width < OUTLINE_HIDE_BELOW && !self.doc.sections.is_empty();
        if narrow {
            self.complain(&Msg::OutlineTooNarrow {
                needs: OUTLINE_HIDE_BELOW,
            });
        }
        narrow
    }

    pub(super) fn resize_outline(&mut self, delta: i32) {
        let current = i32::from(self.panes.outline.map_or(24, |r| r.width));
        let w = (current + delta).clamp(i32::from(OUTLINE_MIN), i32::from(OUTLINE_MAX));
        self.outline_width = Some(w as u16);
        self.outline_shown = true;
    }

    pub(super) fn move_selection(&mut self, delta: isize) {
        if let Some(s) = self.outline.move_selection(delta) {
            self.show_section(s);
            self.outline.select(s);
        }
    }

    /// After the text moved: unfold nothing, but select the current section in the outline.
    pub(super) fn follow_in_outline(&mut self) {
        if let Some(c) = self.current_section()
            && self.mode.focus() == Focus::Outline
        {
            self.outline.select(c);
        }
    }

    /// The outline row to highlight as "where the reader is".
    pub(super) fn current_outline_row(&mut self) -> Option<usize> {
        let c = self.current_section()?;
        (self.outline.row_count() > 0).then(|| self.outline.reveal(c))
    }

    pub(super) fn keep_outline_row_visible(&mut self) {
        let Some(area) = self.panes.outline else {
            return;
        };
        let height = usize::from(area.height).max(1);
        let row = match self.mode.focus() {
            Focus::Outline => self.outline.selected().map(|s| self.outline.reveal(s)),
            Focus::Text => self.current_outline_row(),
        };
        let Some(row) = row else {
            return;
        };
        if row < self.outline_scroll {
            self.outline_scroll = row;
        } else if row >= self.outline_scroll + height {
            self.outline_scroll = row + 1 - height;
        }
        let max = self.outline.row_count().saturating_sub(height);
        self.outline_scroll = self.outline_scroll.min(max);
    }
}
