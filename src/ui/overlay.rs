//! Overlays drawn over the panes: the help screen, generated from the keymap (so it always
//! lists the bindings in force), the list of marks, and the rehearsal table.
//!
//! An overlay is a bordered window with its title in the top border, centred in the space
//! between the title bar and the status line: it never covers either, so the document title
//! and the status line stay readable while it is open.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Widget};

use super::Palette;
use crate::app::{App, Overlay};
use crate::display::{str_width, truncate};
use crate::i18n::Msg;
use crate::keymap::Scope;

/// Draws the overlay, if any, inside `area` but off the title bar and the status line.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer, pal: &Palette) {
    let Some(overlay) = app.mode().overlay() else {
        return;
    };
    let lines = match overlay {
        Overlay::Help(_) => help_lines(app),
        Overlay::Marks(_) => mark_lines(app),
        Overlay::Rehearsal(_) => super::prompter::rehearsal_lines(app),
        Overlay::Notes(_) => note_lines(app),
        Overlay::Shelf(_) => super::shelf::shelf_lines(app),
    };
    // the first line is the title; the blank lines under it are the border's job now
    let (title, body) = lines
        .split_first()
        .map_or(("", &[][..]), |(t, b)| (t.as_str(), b));
    let skip = body.iter().take_while(|l| l.is_empty()).count();
    let body = &body[skip..];
    let (scroll, selected) = match overlay {
        Overlay::Help(top) | Overlay::Rehearsal(top) => (top, None),
        Overlay::Marks(sel) => (0, (!app.marks().is_empty()).then_some(sel)),
        Overlay::Notes(sel) => (0, (!app.notes().is_empty()).then_some(sel)),
        Overlay::Shelf(sel) => (0, app.shelf().is_some().then_some(sel)),
    };
    let amb = app.layout().options().ambiguous;
    let panes = app.panes();
    let top = panes.title.map_or(area.y, Rect::bottom).max(area.y);
    let bottom = panes
        .status
        .map_or(area.bottom(), |r| r.y)
        .min(area.bottom());
    let mut room = Rect {
        x: area.x,
        y: top,
        width: area.width,
        height: bottom.saturating_sub(top),
    };
    // a screen too small for a window between the bars gets it over the bars: an open overlay
    // is never invisible while it takes the keys
    if room.height < 3 {
        room = area;
    }
    let widest = body
        .iter()
        .map(|l| str_width(l, amb))
        .chain([str_width(title, amb) + 2])
        .max()
        .unwrap_or(0);
    // a border and a column of space on each side
    let w = (widest + 4).min(usize::from(room.width)) as u16;
    let h = (body.len() + 2).min(usize::from(room.height)) as u16;
    if w < 5 || h < 3 {
        // no room for a border: the title alone, on the first row, says what is open
        if room.height > 0 {
            let row = Rect::new(room.x, room.y, room.width, 1);
            buf.set_style(row, pal.help_overlay);
            let text = truncate(title, usize::from(room.width), amb);
            buf.set_stringn(
                room.x,
                room.y,
                &text,
                usize::from(room.width),
                pal.help_overlay,
            );
        }
        return;
    }
    let rect = Rect {
        x: room.x + (room.width - w) / 2,
        y: room.y + (room.height - h) / 2,
        width: w,
        height: h,
    };
    let inner_h = usize::from(h) - 2;
    let inner_w = usize::from(w) - 4;
    // the selected mark stays in view; help and rehearsal scroll as asked, up to the end
    let scroll = match selected {
        Some(sel) => sel.saturating_sub(inner_h.saturating_sub(1)),
        None => scroll.min(body.len().saturating_sub(inner_h)),
    };
    for yy in rect.top()..rect.bottom() {
        // a wide character just left of the window would cover its left border
        if let Some(x) = rect.left().checked_sub(1)
            && let Some(c) = buf.cell_mut((x, yy))
            && unicode_width::UnicodeWidthStr::width(c.symbol()) > 1
        {
            c.set_symbol(" ");
        }
        for xx in rect.left()..rect.right() {
            if let Some(c) = buf.cell_mut((xx, yy)) {
                c.reset();
            }
        }
    }
    Block::bordered()
        .title(Line::from(format!(" {} ", truncate(title, inner_w, amb))))
        .style(pal.help_overlay)
        .render(rect, buf);
    for (i, line) in body.iter().skip(scroll).take(inner_h).enumerate() {
        let y = rect.y + 1 + i as u16;
        let mut style = pal.help_overlay;
        if selected == Some(scroll + i) {
            style = style.patch(pal.outline_selected);
            let row = Rect::new(rect.x + 1, y, w - 2, 1);
            buf.set_style(row, style);
        }
        let text = truncate(line, inner_w, amb);
        buf.set_stringn(rect.x + 2, y, &text, inner_w, style);
    }
}

/// The list of highlights and notes, in document order: where (the section path), the
/// highlighted text's start, the note's first line; an orphan says so.
fn note_lines(app: &App) -> Vec<String> {
    let lang = app.lang();
    let mut out = vec![Msg::Notes.text(lang), String::new()];
    if app.notes().is_empty() {
        out.push(Msg::NoNotes.text(lang));
    }
    let amb = app.layout().options().ambiguous;
    let doc = app.doc();
    for n in app.notes() {
        let place = match &n.range {
            Some(r) => crate::study::export::breadcrumb(doc, r.start)
                .iter()
                .map(|t| truncate(t, 12, amb))
                .collect::<Vec<_>>()
                .join(" › "),
            None => Msg::Orphan.text(lang),
        };
        let quote = truncate(&crate::display::sanitize(n.anchor.text.trim()), 24, amb);
        let note = n.note.lines().next().unwrap_or("");
        let note = truncate(&crate::display::sanitize(note), 24, amb);
        out.push(
            format!("{place}  「{quote}」  {note}")
                .trim_end()
                .to_owned(),
        );
    }
    out
}

/// The help screen: every binding, grouped by where it applies.
pub fn help_lines(app: &App) -> Vec<String> {
    let rows = crate::i18n::localize_help(&app.keymap().help(), app.lang());
    let width = rows
        .iter()
        .map(|r| r.keys.chars().count())
        .max()
        .unwrap_or(0)
        .min(24);
    let mut out = vec![format!(
        "gangmu 纲目 — {} (Esc, j/k)",
        Msg::Help.text(app.lang())
    )];
    for scope in Scope::HELP_ORDER {
        let heading = crate::i18n::scope_name(scope, app.lang());
        out.push(String::new());
        out.push(heading.to_owned());
        for r in rows.iter().filter(|r| r.scope == scope) {
            out.push(format!("  {:<width$}  {}", r.keys, r.description));
        }
    }
    out
}

fn mark_lines(app: &App) -> Vec<String> {
    let mut out = vec![
        format!("{} (a–z A–Z, j/k, Enter, Esc)", Msg::Marks.text(app.lang())),
        String::new(),
    ];
    if app.marks().is_empty() {
        out.push(Msg::NoMarks.text(app.lang()));
    }
    let amb = app.layout().options().ambiguous;
    for (&c, &offset) in app.marks() {
        let para = app.doc().paragraph_at(offset.byte());
        let crumb = app
            .doc()
            .section_at_paragraph(para)
            .map(|s| {
                app.doc()
                    .ancestry(s)
                    .iter()
                    .map(|&a| truncate(app.doc().section_title(a), 16, amb))
                    .collect::<Vec<_>>()
                    .join(" › ")
            })
            .unwrap_or_default();
        let excerpt = app.doc().excerpt(offset.byte(), 16);
        out.push(format!(
            "{c}  {crumb}  {}",
            crate::display::sanitize(excerpt.trim())
        ));
    }
    out
}
