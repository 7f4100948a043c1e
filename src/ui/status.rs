//! The title bar (document title) and the status line (file name, breadcrumb of the current
//! section, search count, position, loading progress and a key hint; or the prompt; or a
//! notice).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::Palette;
use crate::app::{App, Focus, PromptKind};
use crate::display::{str_width, truncate};
use crate::i18n::{Hint, Msg, key_hint};
use crate::keymap::{Action, Scope};

/// Draws the title bar.
pub fn title_bar(app: &App, area: Rect, buf: &mut Buffer, pal: &Palette) {
    let amb = app.layout().options().ambiguous;
    let title = app.doc().title_text().unwrap_or(app.name());
    let width = usize::from(area.width);
    let text = truncate(title, width.saturating_sub(2), amb);
    fill(buf, area, pal.title_bar);
    let w = str_width(&text, amb);
    let x = area.x + ((width.saturating_sub(w)) / 2) as u16;
    buf.set_stringn(x, area.y, &text, width, pal.title_bar);
}

/// Draws the status line.
pub fn status_line(app: &App, area: Rect, buf: &mut Buffer, pal: &Palette) {
    let amb = app.layout().options().ambiguous;
    let width = usize::from(area.width);
    fill(buf, area, pal.status_line);
    if let Some(prompt) = app.mode().prompt() {
        let label = match prompt.kind {
            PromptKind::GoTo => ":",
            PromptKind::Search => "/",
        };
        let text = format!("{label}{}", crate::display::sanitize(&prompt.input));
        // keep the end of a long input visible
        let w = str_width(&text, amb);
        let shown = if w + 1 > width {
            tail(&text, width.saturating_sub(2), amb)
        } else {
            text
        };
        buf.set_stringn(area.x, area.y, format!("{shown}█"), width, pal.status_line);
        return;
    }
    // the teleprompter's and the rehearsal's segments take the place of the times left and
    // the key hint, just left of the position
    let segments = super::prompter::status_segments(app, pal);
    let right = if segments.is_empty() {
        right_part(app)
    } else {
        format!("{}% ", app.frame().percent)
    };
    let right_w = str_width(&right, amb);
    let mut x_end = width.saturating_sub(right_w);
    for (text, style) in segments.iter().rev() {
        let w = str_width(text, amb) + 2;
        if w + 8 > x_end {
            break;
        }
        x_end -= w;
        buf.set_stringn(area.x + x_end as u16, area.y, text, w - 2, *style);
    }
    let left_room = x_end.saturating_sub(1);
    let (left, style) = match app.notice() {
        Some(n) => (
            n.text.clone(),
            if n.error { pal.error } else { pal.status_line },
        ),
        None => (left_part(app, left_room), pal.status_line),
    };
    let left = truncate(&left, left_room, amb);
    buf.set_stringn(area.x, area.y, &left, left_room, style);
    if right_w < width {
        buf.set_stringn(
            area.x + (width - right_w) as u16,
            area.y,
            &right,
            right_w,
            pal.status_line,
        );
    }
}

fn left_part(app: &App, room: usize) -> String {
    let amb = app.layout().options().ambiguous;
    let mut s = app.name().to_owned();
    let crumbs = &app.frame().breadcrumb;
    if !crumbs.is_empty() {
        let each = (room.saturating_sub(str_width(&s, amb) + 3) / crumbs.len()).max(6);
        let parts: Vec<String> = crumbs
            .iter()
            .map(|&c| truncate(app.doc().section_title(c), each.min(24), amb))
            .collect();
        s.push_str(" │ ");
        s.push_str(&parts.join(" › "));
    }
    s
}

fn right_part(app: &App) -> String {
    let mut parts = Vec::new();
    if let Some(search) = app.search()
        && app.highlight()
    {
        let (cur, total, done) = search.status(&app.doc().text);
        let cur = cur.map_or_else(|| "-".to_owned(), |c| c.to_string());
        parts.push(format!("{cur}/{total}{}", if done { "" } else { "+" }));
    }
    if let Some(p) = app.loading() {
        let pct = p.total.filter(|&t| t > 0).map(|t| p.read * 100 / t);
        parts.push(match pct {
            Some(pct) => Msg::Loading(pct as u8).text(app.lang()),
            None => format!("{} MB…", p.read >> 20),
        });
    }
    if let Some((section, doc)) = app.frame().remaining_minutes {
        parts.push(Msg::Remaining(section, doc).text(app.lang()));
    }
    parts.push(format!("{}%", app.frame().percent));
    let (hint, scope) = match app.focus() {
        Focus::Text => (Hint::Text, Scope::Text),
        Focus::Outline => (Hint::Outline, Scope::Outline),
    };
    // the keys as bound now (after the config's rebinding): never a key that does not do it
    let key = |action| app.keymap().key_for(scope, action);
    let width = app.panes().area.width;
    if width >= 110 {
        parts.push(key_hint(hint, app.lang(), key));
    } else if width >= 60 {
        parts.push(key_hint(Hint::Short, app.lang(), key));
    } else if let Some(help) = key(Action::Help) {
        parts.push(help);
    }
    parts.retain(|p| !p.is_empty());
    format!("{} ", parts.join("  "))
}

/// The end of `s` that fits in `width` columns.
fn tail(s: &str, width: usize, amb: crate::display::AmbiguousWidth) -> String {
    let mut out: Vec<char> = Vec::new();
    let mut w = 0;
    for c in s.chars().rev() {
        let cw = str_width(c.encode_utf8(&mut [0; 4]), amb);
        if w + cw > width {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.iter().rev().collect()
}

fn fill(buf: &mut Buffer, area: Rect, style: ratatui::style::Style) {
    buf.set_style(area, style);
    for x in area.left()..area.right() {
        if let Some(c) = buf.cell_mut((x, area.y)) {
            c.set_symbol(" ");
        }
    }
}
