//! The `:` picker's list: a bordered window over the bottom of the text pane, just above the
//! prompt, one heading a row (its title, the labels of its ancestors, its size), the selected
//! one highlighted. The text pane above it shows the selected heading (the app moved it there).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Widget};

use super::Palette;
use crate::app::App;
use crate::display::{str_width, truncate};
use crate::heading_match::label_of;
use crate::i18n::{self, Msg};

/// Most rows of headings the window shows at once.
pub const VISIBLE_ROWS: usize = 8;

/// Draws the picker's list, if `:` is open and something matches.
pub fn draw(app: &App, buf: &mut Buffer, pal: &Palette) {
    let Some(picker) = app.picker() else {
        return;
    };
    let candidates = picker.candidates();
    if candidates.is_empty() {
        return;
    }
    let panes = app.panes();
    let text = panes.text;
    let rows = candidates.len().min(VISIBLE_ROWS);
    let h = (rows + 2).min(usize::from(text.height)) as u16;
    if h < 3 || text.width < 8 {
        return;
    }
    let rect = Rect::new(text.x, text.bottom() - h, text.width, h);
    buf.set_style(rect, pal.help_overlay);
    for y in rect.top()..rect.bottom() {
        for x in rect.left()..rect.right() {
            if let Some(c) = buf.cell_mut((x, y)) {
                c.set_symbol(" ");
            }
        }
    }
    let inner_w = usize::from(rect.width) - 4;
    Block::bordered()
        .title(Line::from(format!(
            " {} {}/{} ",
            Msg::Candidates.text(app.lang()),
            picker.selected() + 1,
            candidates.len()
        )))
        .style(pal.help_overlay)
        .render(rect, buf);
    let inner_h = usize::from(h) - 2;
    let scroll = picker.selected().saturating_sub(inner_h - 1);
    for (i, &section) in candidates.iter().enumerate().skip(scroll).take(inner_h) {
        let y = rect.y + 1 + (i - scroll) as u16;
        let mut style = pal.help_overlay;
        if i == picker.selected() {
            style = style.patch(pal.outline_selected);
            buf.set_style(Rect::new(rect.x + 1, y, rect.width - 2, 1), style);
        }
        let line = row_text(app, section, inner_w);
        buf.set_stringn(rect.x + 2, y, &line, inner_w, style);
    }
}

/// One row: the title on the left, the ancestors' labels and the size on the right (they give
/// way to the title when the row is narrow).
pub fn row_text(app: &App, section: usize, width: usize) -> String {
    let doc = app.doc();
    if section >= doc.sections.len() {
        return String::new();
    }
    let amb = app.layout().options().ambiguous;
    let title = doc.section_title(section);
    let ancestry = doc.ancestry(section);
    let crumbs: Vec<&str> = ancestry
        .iter()
        .take(ancestry.len().saturating_sub(1))
        .map(|&a| {
            let t = doc.section_title(a);
            label_of(t).unwrap_or(t)
        })
        .collect();
    let size = i18n::format_chars(doc.section_chars(section), app.lang());
    let right = if crumbs.is_empty() {
        size
    } else {
        format!("{} · {size}", crumbs.join(" › "))
    };
    let right_w = str_width(&right, amb);
    let title_w = str_width(title, amb);
    if title_w + 2 + right_w <= width {
        let pad = width - title_w - right_w;
        format!("{title}{}{right}", " ".repeat(pad))
    } else if width > right_w + 8 {
        let t = truncate(title, width - right_w - 2, amb);
        let pad = width - str_width(&t, amb) - right_w;
        format!("{t}{}{right}", " ".repeat(pad))
    } else {
        truncate(title, width, amb)
    }
}
