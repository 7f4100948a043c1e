//! A crossterm backend that writes fewer cursor moves.
//!
//! ratatui's `CrosstermBackend` moves the cursor whenever a cell is not exactly one column
//! after the previous one. After every wide (CJK) character the next cell is two columns on,
//! so a screen of Chinese text costs a `MoveTo` per character — three times the bytes. This
//! wrapper tracks where the terminal cursor really is (after each symbol's width, forced widths
//! included) and hands the inner backend positions that are consecutive within a run of
//! adjacent cells, so it moves the cursor only where the output really jumps.
//!
//! It also writes nothing for a frame that changed nothing: ratatui's backend ends every draw
//! with colour resets and hides the cursor on every frame, even with no cell to draw.
//!
//! Why the positions it invents are safe: within a run they lag behind the real ones, so the
//! first cell of the next run (which is further right, or on another row) never looks
//! adjacent to the previous cell, and the inner backend always moves there.

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Cell, CellDiffOption};
use ratatui::layout::{Position, Size};
use unicode_width::UnicodeWidthStr;

/// Wraps a backend; see the module doc.
#[derive(Debug)]
pub struct CompactBackend<B> {
    inner: B,
    /// The cursor is hidden already (ratatui hides it again before every frame).
    cursor_hidden: bool,
    /// Where the cursor was last put.
    cursor: Position,
}

impl<B> CompactBackend<B> {
    /// Wraps `inner`.
    pub const fn new(inner: B) -> Self {
        Self {
            inner,
            cursor_hidden: false,
            cursor: Position::ORIGIN,
        }
    }
}

/// Columns the terminal advances after drawing `cell`.
fn advance(cell: &Cell) -> u16 {
    match cell.diff_option {
        CellDiffOption::ForcedWidth(w) => w.get(),
        _ => (UnicodeWidthStr::width(cell.symbol()) as u16).max(1),
    }
}

/// The positions to give the inner backend for `cells`: consecutive within runs of cells the
/// terminal draws one after another, real at the start of every run.
pub fn compact_positions<'a>(
    cells: impl Iterator<Item = (u16, u16, &'a Cell)>,
) -> impl Iterator<Item = (u16, u16, &'a Cell)> {
    let mut cursor: Option<(u16, u16)> = None; // where the terminal's cursor really is
    let mut virt = (0u16, 0u16);
    cells.map(move |(x, y, cell)| {
        let pos = if cursor == Some((x, y)) {
            (virt.0.saturating_add(1), y)
        } else {
            (x, y)
        };
        virt = pos;
        cursor = Some((x.saturating_add(advance(cell)), y));
        (pos.0, pos.1, cell)
    })
}

impl<B: Backend> Backend for CompactBackend<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut content = content.peekable();
        if content.peek().is_none() {
            return Ok(());
        }
        self.inner.draw(compact_positions(content))
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        if !self.cursor_hidden {
            self.inner.hide_cursor()?;
            self.cursor_hidden = true;
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.cursor_hidden = false;
        self.inner.show_cursor()
    }

    /// Where the cursor was last put, without asking the terminal: its answer would come on
    /// the input that the event thread reads, so asking waits two seconds and fails (as
    /// `Terminal::clear` did after a suspension). The reader draws with the cursor hidden.
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        Ok(self.cursor)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        let position = position.into();
        self.cursor = position;
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;

    /// The cursor moves the inner backend would make: cells whose position is not one after
    /// the previous one.
    fn moves(cells: &[(u16, u16, &Cell)]) -> Vec<(u16, u16)> {
        let mut last: Option<(u16, u16)> = None;
        let mut out = Vec::new();
        for &(x, y, _) in cells {
            if !matches!(last, Some((lx, ly)) if x == lx + 1 && y == ly) {
                out.push((x, y));
            }
            last = Some((x, y));
        }
        out
    }

    #[test]
    fn a_row_of_wide_characters_needs_one_move() {
        let area = Rect::new(0, 0, 12, 2);
        let prev = Buffer::empty(area);
        let mut next = Buffer::empty(area);
        next.set_string(0, 0, "纲目读书ab", ratatui::style::Style::new());
        next.set_string(3, 1, "中文", ratatui::style::Style::new());
        let diff = prev.diff(&next);
        let plain = moves(&diff);
        let compact: Vec<_> = compact_positions(diff.iter().copied()).collect();
        let real: Vec<(u16, u16)> = diff.iter().map(|&(x, y, _)| (x, y)).collect();
        assert_eq!(
            plain.len(),
            7,
            "every cell after a wide one moves the cursor"
        );
        assert_eq!(real.len(), 8);
        // compact: one move per run, at the real start of the run
        assert_eq!(moves(&compact), vec![(0, 0), (3, 1)]);
        // the symbols come through in the same order
        let syms: Vec<&str> = compact.iter().map(|(_, _, c)| c.symbol()).collect();
        assert_eq!(syms, ["纲", "目", "读", "书", "a", "b", "中", "文"]);
    }

    #[test]
    fn a_gap_on_the_same_row_still_moves() {
        let area = Rect::new(0, 0, 20, 1);
        let prev = Buffer::empty(area);
        let mut next = Buffer::empty(area);
        next.set_string(0, 0, "纲目", ratatui::style::Style::new());
        next.set_string(10, 0, "x", ratatui::style::Style::new());
        let diff = prev.diff(&next);
        let compact: Vec<_> = compact_positions(diff.iter().copied()).collect();
        assert_eq!(moves(&compact), vec![(0, 0), (10, 0)]);
    }
}
