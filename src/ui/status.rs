//! The title bar (document title) and the status line: on the left the file's base name and
//! the breadcrumb of the current section (fitted by [`super::breadcrumb`]), or a notice; on the
//! right the search count, loading progress, time left, position and a key hint, in fixed
//! widths. Or the prompt.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::Palette;
use super::breadcrumb::{self, Crumb, base_name};
use crate::app::{App, Focus, PromptKind};
use crate::display::{str_width, truncate};
use crate::document::stats;
use crate::i18n::{self, Msg, key_hint};
use crate::keymap::{Action, Scope};
use crate::search::Syntax;

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
        let label = match (prompt.kind, prompt.syntax) {
            (PromptKind::GoTo, _) => ":".to_owned(),
            (PromptKind::Search, Syntax::Literal) => Msg::LiteralPrompt.text(app.lang()),
            (PromptKind::Search | PromptKind::Filter, _) => "/".to_owned(),
            (PromptKind::Note, _) => Msg::PromptNote.text(app.lang()),
        };
        // a note's line breaks are shown as ⏎ on the one line
        let input = prompt.input.replace('\n', " ⏎ ");
        let text = format!("{label}{}", crate::display::sanitize(&input));
        if let Some(why) = &prompt.error {
            // the reason after the input, in the error style: Enter waits until it is fixed
            let head = format!("{text}█  ");
            buf.set_stringn(area.x, area.y, &head, width, pal.status_line);
            let at = str_width(&head, amb);
            if at < width {
                let why = crate::display::sanitize(why);
                buf.set_stringn(area.x + at as u16, area.y, why, width - at, pal.error);
            }
            return;
        }
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
    let crumbs = crumbs(app);
    let name = base_name(app.name());
    // while selecting, its keys take the place of the breadcrumb and the key hint
    let select_hint = app.mode().selection().map(|_| {
        let key = |action| app.keymap().key_for(Scope::Select, action);
        key_hint(i18n::Hint::Select, app.lang(), key)
    });
    let right = if segments.is_empty() && select_hint.is_none() {
        // the left part's natural width decides how much of the right part fits
        let wanted = match app.notice() {
            Some(n) => str_width(&n.text, amb),
            None => breadcrumb::wanted_width(name, &crumbs, amb),
        };
        fitting_right_part(app, width, wanted)
    } else {
        format!("{} ", position(app))
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
            truncate(&n.text, left_room, amb),
            if n.error { pal.error } else { pal.status_line },
        ),
        // while selecting, the keys it takes
        None if select_hint.is_some() => (
            truncate(select_hint.as_deref().unwrap_or(""), left_room, amb),
            pal.status_line,
        ),
        None => (
            breadcrumb::fit(name, &crumbs, left_room, amb),
            pal.status_line,
        ),
    };
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

/// The richest right part that leaves `wanted` columns on a line `width` wide: key hints give
/// way first, then the long form of the time left.
fn fitting_right_part(app: &App, width: usize, wanted: usize) -> String {
    let amb = app.layout().options().ambiguous;
    let choices = [
        (Terse::No, Hint::Full),
        (Terse::No, Hint::Short),
        (Terse::No, Hint::Help),
        (Terse::Yes, Hint::Help),
    ];
    // the full hint only on a wide screen, as before: narrower ones keep `? help  q quit`
    let skip = usize::from(width < FULL_HINT_FROM);
    let mut right = String::new();
    for (terse, hint) in choices.into_iter().skip(skip) {
        right = right_part(app, terse, hint);
        if str_width(&right, amb) + wanted < width {
            break;
        }
    }
    right
}

/// The current section and its ancestors, top level first.
fn crumbs(app: &App) -> Vec<Crumb<'_>> {
    app.frame()
        .breadcrumb
        .iter()
        .map(|&c| Crumb {
            title: app.doc().section_title(c),
            label: app.doc().section_label(c),
        })
        .collect()
}

/// Screens at least this wide may show the pane's full key hint.
const FULL_HINT_FROM: usize = 110;

/// Which key hint the status line ends with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hint {
    /// The pane's main keys.
    Full,
    /// Help and quit.
    Short,
    /// Only `?`: it is always there, so the way to the help is never lost.
    Help,
}

/// The long or the short form of the time left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Terse {
    No,
    Yes,
}

/// The position: the percentage of the text above the top line, always four columns wide.
fn position(app: &App) -> String {
    format!("{:>3}%", app.frame().percent)
}

/// The search count: `12/340` once counted, the current match as wide as the total so it does
/// not move; `12/…` while the count runs in the background (the total is not known yet), `-`
/// for the current match until the count has passed it.
fn search_count(current: Option<usize>, total: usize, done: bool) -> String {
    let cur = current.map_or_else(|| "-".to_owned(), |c| c.to_string());
    if done {
        let w = total.to_string().len();
        format!("{cur:>w$}/{total}")
    } else {
        format!("{cur}/…")
    }
}

/// Search count, loading progress, time left, position and key hint. Every number is drawn in
/// a fixed width (the search count as wide as its total, minutes as wide as the whole
/// document's), so nothing moves when a number grows a digit.
fn right_part(app: &App, terse: Terse, hint: Hint) -> String {
    let mut parts = Vec::new();
    if let Some(search) = app.search()
        && app.highlight()
    {
        let (cur, total, done) = search.status(&app.doc().text);
        parts.push(search_count(cur, total, done));
    }
    if let Some(p) = app.loading() {
        let pct = p.total.filter(|&t| t > 0).map(|t| p.read * 100 / t);
        parts.push(match pct {
            Some(pct) => Msg::Loading(pct as u8).text(app.lang()),
            None => format!("{} MB…", p.read >> 20),
        });
    }
    if let Some((section, doc)) = app.frame().remaining_minutes {
        let whole = stats::minutes(app.doc().total_chars(), app.rates().read);
        parts.push(
            Msg::Remaining {
                section,
                doc,
                digits: whole.to_string().len(),
                terse: terse == Terse::Yes,
            }
            .text(app.lang()),
        );
    }
    parts.push(position(app));
    let (full, scope) = match app.focus() {
        Focus::Text => (i18n::Hint::Text, Scope::Text),
        Focus::Outline => (i18n::Hint::Outline, Scope::Outline),
    };
    // the keys as bound now (after the config's rebinding): never a key that does not do it
    let key = |action| app.keymap().key_for(scope, action);
    let hint = match hint {
        Hint::Full => key_hint(full, app.lang(), key),
        Hint::Short => key_hint(i18n::Hint::Short, app.lang(), key),
        Hint::Help => key(Action::Help).unwrap_or_default(),
    };
    parts.push(hint);
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

#[cfg(test)]
mod tests {
    use super::search_count;

    #[test]
    fn the_search_count_shows_an_ellipsis_until_the_total_is_known() {
        assert_eq!(search_count(Some(12), 17, false), "12/…");
        assert_eq!(search_count(None, 0, false), "-/…");
        assert_eq!(search_count(Some(3), 340, true), "  3/340");
        assert_eq!(search_count(None, 5, true), "-/5");
    }
}
