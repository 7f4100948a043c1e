//! A bordered list window over the bottom of the text pane, the selected row highlighted and
//! kept in view: what the `:` picker and the search results list draw their entries in.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Widget};

use super::Palette;

/// Draws `len` entries (at most `visible` rows of them) in a window at the bottom of `pane`,
/// titled `title`, entry `selected` highlighted; `row(i, width)` is entry `i`'s text cut to
/// `width` columns. Nothing when the pane is too small for a window.
pub fn draw(
    pane: Rect,
    buf: &mut Buffer,
    pal: &Palette,
    title: String,
    (len, selected, visible): (usize, usize, usize),
    row: impl Fn(usize, usize) -> String,
) {
    let rows = len.min(visible);
    let h = (rows + 2).min(usize::from(pane.height)) as u16;
    if len == 0 || h < 3 || pane.width < 8 {
        return;
    }
    let rect = Rect::new(pane.x, pane.bottom() - h, pane.width, h);
    buf.set_style(rect, pal.help_overlay);
    for y in rect.top()..rect.bottom() {
        for x in rect.left()..rect.right() {
            if let Some(c) = buf.cell_mut((x, y)) {
                c.set_symbol(" ");
            }
        }
    }
    Block::bordered()
        .title(Line::from(title))
        .style(pal.help_overlay)
        .render(rect, buf);
    let inner_w = usize::from(rect.width) - 4;
    let inner_h = usize::from(h) - 2;
    let scroll = selected.saturating_sub(inner_h - 1);
    for i in (scroll..len).take(inner_h) {
        let y = rect.y + 1 + (i - scroll) as u16;
        let mut style = pal.help_overlay;
        if i == selected {
            style = style.patch(pal.outline_selected);
            buf.set_style(Rect::new(rect.x + 1, y, rect.width - 2, 1), style);
        }
        buf.set_stringn(rect.x + 2, y, row(i, inner_w), inner_w, style);
    }
}
