//! The outline pane's side of the app: focus, showing and sizing the pane, moving the
//! selection (the text follows it), and keeping the current row in view with some context:
//! [`SCROLL_OFF`] rows around it, its parent above and its open subsections below when they fit.

use super::{App, Focus, Mode, OUTLINE_HIDE_BELOW, OUTLINE_MAX, OUTLINE_MIN};
use crate::i18n::Msg;
use crate::keymap::Action;

/// Rows kept between the current outline row and the pane's top and bottom edges (fewer in a
/// low pane), so that a jump never leaves the current section on the last row.
pub const SCROLL_OFF: usize = 3;

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

    /// The outline's own keys: moving the selection and folding.
    pub(super) fn outline_action(&mut self, action: Action) {
        match action {
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
            _ => self.outline_motion(action),
        }
    }

    /// The outline's motions on a big tree: first/last row, pages, siblings, parent.
    fn outline_motion(&mut self, action: Action) {
        let page = self
            .panes
            .outline
            .map_or(1, |r| usize::from(r.height))
            .max(2);
        let page = isize::try_from(page).unwrap_or(isize::MAX);
        let selected = self.outline.selected();
        let target = match action {
            Action::SelectFirst => self.outline.section_at_row(0),
            Action::SelectLast => self
                .outline
                .section_at_row(self.outline.row_count().saturating_sub(1)),
            Action::SelectPageDown => return self.move_selection(page - 1),
            Action::SelectPageUp => return self.move_selection(1 - page),
            Action::SelectHalfPageDown => return self.move_selection(page / 2),
            Action::SelectHalfPageUp => return self.move_selection(-(page / 2)),
            Action::SelectNextSibling => selected.and_then(|s| self.next_sibling_of(s)),
            Action::SelectPrevSibling => selected.and_then(|s| self.prev_sibling_of(s)),
            Action::SelectParent => selected
                .and_then(|s| self.doc.sections.get(s))
                .and_then(|s| s.parent)
                .map(|p| p as usize),
            _ => None,
        };
        match target {
            Some(s) => {
                self.show_section(s);
                self.outline.select(s);
            }
            None if action == Action::SelectParent => self.complain(&Msg::TopLevel),
            None => self.complain(&Msg::NoSuchSection),
        }
    }

    /// The section after `s`'s subtree, when it has the same parent.
    fn next_sibling_of(&self, s: usize) -> Option<usize> {
        let next = self.doc.subtree_end(s);
        let same_parent = self.doc.sections.get(next)?.parent == self.doc.sections[s].parent;
        (same_parent && next < self.outline.synced()).then_some(next)
    }

    /// The section before `s` with the same parent.
    fn prev_sibling_of(&self, s: usize) -> Option<usize> {
        let parent = self.doc.sections.get(s)?.parent;
        let mut i = parent.map_or(0, |p| p as usize + 1);
        let mut before = None;
        while i < s {
            before = Some(i);
            i = self.doc.subtree_end(i);
        }
        before
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
        self.outline_scroll = self.outline_scroll_for(row, height);
    }

    /// The first outline row to show so that `row` keeps its context: [`SCROLL_OFF`] rows
    /// around it; its open subsections below it and then its parent above it when they fit.
    fn outline_scroll_for(&self, row: usize, height: usize) -> usize {
        let off = SCROLL_OFF.min(height.saturating_sub(1) / 2);
        // the range of first rows that keep `off` rows above and below `row`
        let lowest = (row + off + 1).saturating_sub(height);
        let highest = row.saturating_sub(off);
        let mut scroll = self.outline_scroll.clamp(lowest, highest);
        let section = self.outline.section_at_row(row);
        if let Some(parent) = section
            .and_then(|s| self.doc.sections.get(s))
            .and_then(|s| s.parent)
            .and_then(|p| self.outline.row_of(p as usize))
            && parent >= lowest
        {
            scroll = scroll.min(parent);
        }
        if let Some(s) = section.filter(|&s| !self.outline.is_folded(s)) {
            let end = self.doc.subtree_end(s).min(self.outline.synced());
            let last_child_row = self
                .outline
                .row_of(s)
                .map_or(row, |_| self.outline.rows_before(end).saturating_sub(1));
            scroll = scroll.max((last_child_row + 1).saturating_sub(height).min(highest));
        }
        let max = self.outline.row_count().saturating_sub(height);
        scroll.min(max)
    }
}
