//! Overlays drawn over the panes: the help screen, generated from the keymap (so it always
//! lists the bindings in force), and the list of marks.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::Palette;
use crate::app::{App, Overlay};
use crate::display::{str_width, truncate};
use crate::i18n::Msg;
use crate::keymap::Scope;

/// Draws the overlay, if any.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer, pal: &Palette) {
    let Some(overlay) = app.mode().overlay() else {
        return;
    };
    let lines = match overlay {
        Overlay::Help(_) => help_lines(app),
        Overlay::Marks => mark_lines(app),
        Overlay::Rehearsal(_) => super::prompter::rehearsal_lines(app),
    };
    let scroll = match overlay {
        Overlay::Help(top) | Overlay::Rehearsal(top) => top,
        Overlay::Marks => 0,
    };
    let amb = app.layout().options().ambiguous;
    let want_w = lines.iter().map(|l| str_width(l, amb)).max().unwrap_or(0) + 4;
    let w = want_w.min(usize::from(area.width)) as u16;
    let h = (lines.len() + 2).min(usize::from(area.height)) as u16;
    if w < 3 || h < 3 {
        return;
    }
    let x = area.x + (area.width - w) / 2;
    let y = area.y + (area.height - h) / 2;
    let rect = Rect {
        x,
        y,
        width: w,
        height: h,
    };
    buf.set_style(rect, pal.help_overlay);
    for yy in rect.top()..rect.bottom() {
        for xx in rect.left()..rect.right() {
            if let Some(c) = buf.cell_mut((xx, yy)) {
                c.set_symbol(" ");
            }
        }
    }
    let inner = usize::from(w) - 4;
    let scroll = scroll.min(lines.len().saturating_sub(usize::from(h) - 2));
    for (i, line) in lines
        .iter()
        .skip(scroll)
        .take(usize::from(h) - 2)
        .enumerate()
    {
        let text = truncate(line, inner, amb);
        buf.set_stringn(x + 2, y + 1 + i as u16, &text, inner, pal.help_overlay);
    }
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
    for scope in [Scope::Text, Scope::Outline, Scope::Global, Scope::Prompter] {
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
        format!("{} (a–z, Esc)", Msg::Marks.text(app.lang())),
        String::new(),
    ];
    if app.marks().is_empty() {
        out.push(Msg::NoMarks.text(app.lang()));
    }
    for (&c, &offset) in app.marks() {
        let para = app.doc().paragraph_at(offset.byte());
        let crumb = app
            .doc()
            .section_at_paragraph(para)
            .map(|s| {
                app.doc()
                    .ancestry(s)
                    .iter()
                    .map(|&a| {
                        truncate(
                            app.doc().section_title(a),
                            16,
                            crate::display::AmbiguousWidth::default(),
                        )
                    })
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
