//! The search results list (`Alt-/`): a bordered window over the bottom of the text pane, like
//! the `:` picker's, one match a row: the labels of the section it is in, then the line it is
//! on, from a few characters before it. The title counts the matches listed so far (`+` while
//! the list is still being filled or was cut at its limit).

use ratatui::buffer::Buffer;

use super::Palette;
use crate::app::App;
use crate::app::shelf_results::crumb_of;
use crate::display::{sanitize, str_width, truncate};
use crate::i18n::Msg;

/// Most rows of matches the window shows at once.
pub const VISIBLE_ROWS: usize = 10;

/// Characters of context kept before a match on its row.
const BEFORE: usize = 8;

/// Draws the results list, if it is open and has matches.
pub fn draw(app: &App, buf: &mut Buffer, pal: &Palette) {
    let Some(results) = app.results() else {
        return;
    };
    let hits = results.hits();
    let complete = results.is_complete(&app.doc().text);
    let more = match results.shelf() {
        // the shelf's list: `…` until every document has been read
        Some(s) if !(complete && s.done) => "…",
        Some(_) => "",
        None if complete && hits.len() < crate::search::RESULT_LIMIT => "",
        None => "+",
    };
    let rows = results.rows();
    let title = format!(
        " {} {}/{rows}{more} ",
        Msg::Results.text(app.lang()),
        results.selected() + 1,
    );
    let amb = app.layout().options().ambiguous;
    let name = |doc: usize| {
        app.shelf()
            .and_then(|s| s.entries.get(doc))
            .map_or("", |e| e.name.as_str())
    };
    super::list_window::draw(
        app.panes().text,
        buf,
        pal,
        title,
        (rows, results.selected(), VISIBLE_ROWS),
        |i, width| {
            let shelf = results.shelf();
            if let Some(&hit) = hits.get(i) {
                return match (shelf, app.shelf()) {
                    (Some(_), Some(books)) => {
                        let crumb = crumb_of(app.doc(), hit);
                        let line = context(&app.doc().text, hit);
                        shelf_row(name(books.current), &crumb, &line, width, amb)
                    }
                    _ => row_text(app, hit, width),
                };
            }
            shelf
                .and_then(|s| s.others.get(i - hits.len()))
                .map_or_else(String::new, |h| {
                    shelf_row(name(h.doc), &h.crumb, &h.line, width, amb)
                })
        },
    );
}

/// One row of the shelf's list: the document's name, the section's labels, the line.
fn shelf_row(
    name: &str,
    crumb: &str,
    line: &str,
    width: usize,
    amb: crate::display::AmbiguousWidth,
) -> String {
    let name = truncate(name, width / 4, amb);
    let crumb = truncate(crumb, width / 4, amb);
    let head = if crumb.is_empty() {
        format!("{name}  ")
    } else {
        format!("{name} › {crumb}  ")
    };
    let rest = width.saturating_sub(str_width(&head, amb));
    format!("{head}{}", truncate(line, rest, amb))
}

/// One row: the section's labels (`第三编 › 第二章`), then the match's line from a few
/// characters before it, cut to `width`.
pub fn row_text(app: &App, hit: usize, width: usize) -> String {
    let doc = app.doc();
    let amb = app.layout().options().ambiguous;
    let crumb = truncate(&crumb_of(doc, hit), width / 3, amb);
    format!(
        "{crumb}  {}",
        truncate(
            &context(&doc.text, hit),
            width.saturating_sub(str_width(&crumb, amb) + 2),
            amb
        )
    )
}

/// The line holding `hit`, from [`BEFORE`] characters before it (`…` when cut), at most 200
/// bytes either way, its control characters made visible.
pub fn context(text: &str, hit: usize) -> String {
    let bytes = text.as_bytes();
    let lo = hit.saturating_sub(200);
    let line_start = memchr::memrchr(b'\n', &bytes[lo..hit]).map_or(lo, |i| lo + i + 1);
    let hi = (hit + 200).min(bytes.len());
    let line_end = memchr::memchr(b'\n', &bytes[hit..hi]).map_or(hi, |i| hit + i);
    let before = text.get(line_start..hit).unwrap_or("");
    let kept = before
        .char_indices()
        .rev()
        .nth(BEFORE - 1)
        .map_or(0, |(i, _)| i);
    let cut = if kept > 0 { "…" } else { "" };
    let from = line_start + kept;
    let mut from = from;
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = line_end;
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    format!("{cut}{}", sanitize(text.get(from..to).unwrap_or("").trim()))
}
