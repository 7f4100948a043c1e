//! The outline pane: one row per visible section, indented by depth, with a fold marker
//! (▸ folded, ▾ open), truncated by display width with `…`. The section being read is
//! highlighted (or its nearest folded ancestor); the selection is shown when the outline has
//! the focus. With `i`, a right-aligned column gives each section's size and reading time;
//! while a search is highlighted, the column gives each row's hits instead (a folded row's
//! whole subtree; `12…` while counting, nothing for none).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::Palette;
use crate::app::{App, Focus};
use crate::display::{AmbiguousWidth, str_width, truncate};
use crate::document::stats;
use crate::i18n;

/// Columns of title an outline row keeps before its size column gives way (a character and
/// the `…`).
const TITLE_KEEP: usize = 3;

/// Draws the outline rows.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer, pal: &Palette) {
    let amb = app.layout().options().ambiguous;
    let width = usize::from(area.width);
    let selected_row = match app.focus() {
        Focus::Outline => app.outline().selected().map(|s| app.outline().reveal(s)),
        Focus::Text => None,
    };
    let rows = || {
        app.outline()
            .rows(app.doc(), app.outline_scroll(), usize::from(area.height))
    };
    let hits = &app.frame().outline_hits;
    let info_of = |i: usize, section: usize| {
        if hits.is_empty() {
            info_text(app, section)
        } else {
            hits.get(i).copied().map(hits_text).unwrap_or_default()
        }
    };
    let column = if app.outline_info() || !hits.is_empty() {
        rows()
            .enumerate()
            .map(|(i, r)| str_width(&info_of(i, r.section), AmbiguousWidth::Narrow))
            .max()
            .unwrap_or(0)
    } else {
        0
    };
    for (i, row) in rows().enumerate() {
        let y = area.y + i as u16;
        let r = app.outline_scroll() + i;
        let mut style = pal.outline_row;
        if Some(r) == app.frame().outline_current {
            style = style.patch(pal.outline_current);
        }
        if Some(r) == selected_row {
            style = style.patch(pal.outline_selected);
        }
        let marker = match row.folded {
            Some(true) => "▸ ",
            Some(false) => "▾ ",
            None => "  ",
        };
        let indent = "  ".repeat(row.depth);
        let prefix = format!("{indent}{marker}");
        let full_title = app.doc().section_title(row.section);
        // the sizes are a right-aligned column as wide as the widest on screen; the title
        // gives way to it (cut with `…`) but keeps a few columns, or the row has no size
        let title_room = width.saturating_sub(str_width(&prefix, amb));
        let info = if column > 0 && column + 1 + TITLE_KEEP <= title_room {
            info_of(i, row.section)
        } else {
            String::new()
        };
        let info_w = str_width(&info, AmbiguousWidth::Narrow);
        // highlights in the section: a count after the title, which gives way to it
        let count = app
            .frame()
            .note_counts
            .get(&row.section)
            .map_or(String::new(), |n| format!(" ※{n}"));
        let room = title_room.saturating_sub(if info_w > 0 { column + 1 } else { 0 });
        let title = truncate(full_title, room.saturating_sub(str_width(&count, amb)), amb);
        let mut line = format!("{prefix}{title}{count}");
        let used = str_width(&line, amb);
        if info_w > 0 && used + 1 + info_w <= width {
            line.push_str(&" ".repeat(width - used - info_w));
        }
        // fill the row so the highlight spans the pane
        buf.set_stringn(area.x, y, &line, width, style);
        let drawn = str_width(&line, amb).min(width);
        if drawn < width {
            buf.set_stringn(
                area.x + drawn as u16,
                y,
                " ".repeat(width - drawn),
                width - drawn,
                style,
            );
        }
        if info_w > 0 && used + 1 + info_w <= width {
            buf.set_stringn(
                area.x + (width - info_w) as u16,
                y,
                &info,
                info_w,
                style.patch(pal.outline_info),
            );
        }
    }
}

/// A row's search hits: `12`, `12…` while counting, `…` before the count reaches it, nothing
/// for none.
fn hits_text(hits: crate::app::hits::Hits) -> String {
    match hits {
        None => "…".to_owned(),
        Some((0, true)) => String::new(),
        Some((n, true)) => n.to_string(),
        Some((n, false)) => format!("{n}…"),
    }
}

/// The size and reading time of a section (`1.2千字 约4分钟` / `1.2k chars ~4 min`); with a
/// target length or the teleprompter running, its planned start into the speech instead
/// (`@12:30`, the 字数 before it at the speaking rate).
pub fn info_text(app: &App, section: usize) -> String {
    if app.prompter().is_some() || app.rehearsing() || app.target_rate().is_some() {
        let para = app.doc().sections[section].para as usize;
        let before = app.doc().chars_in(0..para);
        let start = crate::app::rehearsal::planned(before, app.speak_rate());
        return format!("@{}", crate::settings::clock(start.as_secs()));
    }
    let chars = app.doc().section_chars(section);
    let minutes = stats::minutes(chars, app.rates().read);
    format!(
        "{} {}",
        i18n::format_chars(chars, app.lang()),
        i18n::format_minutes(minutes, app.lang())
    )
}
