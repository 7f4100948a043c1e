//! The `:` picker's list: a bordered window over the bottom of the text pane, just above the
//! prompt, one heading a row (its title, the labels of its ancestors, its size), the selected
//! one highlighted. The text pane above it shows the selected heading (the app moved it there).

use ratatui::buffer::Buffer;

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
    if !picker.shelf_hits().is_empty() {
        return draw_shelf_hits(app, buf, pal);
    }
    let candidates = picker.candidates();
    let title = format!(
        " {} {}/{} ",
        Msg::Candidates.text(app.lang()),
        picker.selected() + 1,
        candidates.len()
    );
    super::list_window::draw(
        app.panes().text,
        buf,
        pal,
        title,
        (candidates.len(), picker.selected(), VISIBLE_ROWS),
        |i, width| row_text(app, candidates.get(i).copied().unwrap_or(usize::MAX), width),
    );
}

/// The `:*` list: headings of every document of the shelf, each with its document's name.
fn draw_shelf_hits(app: &App, buf: &mut Buffer, pal: &Palette) {
    let Some(picker) = app.picker() else {
        return;
    };
    let hits = picker.shelf_hits();
    // documents whose headings are still being gathered: their rows are not there yet
    let more = if app.shelf().is_some_and(|s| s.gathering > 0) {
        "…"
    } else {
        ""
    };
    let title = format!(
        " {} {}/{}{more} ",
        Msg::ShelfCandidates.text(app.lang()),
        picker.selected() + 1,
        hits.len()
    );
    let amb = app.layout().options().ambiguous;
    super::list_window::draw(
        app.panes().text,
        buf,
        pal,
        title,
        (hits.len(), picker.selected(), VISIBLE_ROWS),
        |i, width| {
            let Some(hit) = hits.get(i) else {
                return String::new();
            };
            let name = app
                .shelf()
                .and_then(|s| s.entries.get(hit.doc))
                .map(|e| e.title.clone().unwrap_or_else(|| e.name.clone()))
                .unwrap_or_default();
            let right = truncate(&name, width / 3, amb);
            let right_w = str_width(&right, amb);
            let t = truncate(&hit.title, width.saturating_sub(right_w + 2), amb);
            let pad = width.saturating_sub(str_width(&t, amb) + right_w);
            format!("{t}{}{right}", " ".repeat(pad))
        },
    );
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
