//! The text pane: pre-wrapped lines drawn cell by cell (never through `Paragraph::wrap`, which
//! ignores Chinese line-breaking rules and can overflow by a cell).
//!
//! Cells are placed by the same widths the line breaker used. In ambiguous-wide mode a
//! character that ratatui measures as 1 column but the terminal draws as 2 gets a forced width
//! of 2, so the buffer diff skips the cell it covers and the two never disagree.

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_width::UnicodeWidthStr;

use super::Palette;
use crate::app::App;
use crate::display::{GlyphKind, TAB_STOP, glyphs_from};
use crate::document::ParagraphKind;
use crate::i18n::Msg;
use crate::pos::TextPos;
use crate::search::Search;
use crate::viewport::RowRef;

/// Draws the visible rows of the text.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer, pal: &Palette) {
    if app.doc().paragraphs.is_empty() && app.loading().is_none() {
        empty_message(app, area, buf, pal);
        return;
    }
    let opts = app.layout().options();
    let left = area.x + app.layout().left_margin().min(area.width);
    let right = area.x + area.width;
    let search_len = app.search().map_or(0, Search::len);
    let current = app.search().and_then(crate::search::Search::current_offset);
    for (i, row) in app.frame().rows.iter().enumerate() {
        let y = area.y + i as u16;
        if y >= area.y + area.height {
            break;
        }
        let RowRef::Line { para, line } = row.row else {
            continue;
        };
        let Some(lines) = &row.lines else {
            continue;
        };
        let Some(l) = lines.lines.get(line) else {
            continue;
        };
        let p = &app.doc().paragraphs[para.index()];
        let base = match p.kind {
            ParagraphKind::Heading => pal.heading,
            ParagraphKind::Title => pal.doc_title,
            ParagraphKind::Toc | ParagraphKind::Code => pal.dim,
            ParagraphKind::Body
            | ParagraphKind::Preformatted
            | ParagraphKind::InlineHeading { .. } => Style::new(),
        };
        let heading_end = match p.kind {
            ParagraphKind::InlineHeading { heading_len } => p.range.start + heading_len as usize,
            _ => 0,
        };
        let text = app.doc().slice(&l.range).trim_end_matches(['\n', ' ']);
        let mut col = usize::from(l.indent);
        // preformatted lines and code are clipped, never wrapped: `→`/`zl` scroll them, and a
        // mark at either edge says there is more
        let verbatim = matches!(p.kind, ParagraphKind::Preformatted | ParagraphKind::Code);
        let skip = if verbatim {
            usize::from(app.verbatim_scroll())
        } else {
            0
        };
        let mut x = left
            + l.indent
                .saturating_sub(skip.min(usize::from(u16::MAX)) as u16);
        let mut hidden_left = false;
        let (context, from) = app
            .doc()
            .slice_in_context(&(l.range.start..l.range.start + text.len()));
        for (off, g) in glyphs_from(context, from, opts.ambiguous) {
            let at = l.range.start + off;
            let width = match g.kind {
                GlyphKind::Tab => (TAB_STOP - col % TAB_STOP) as u16,
                _ => g.width,
            };
            if col < skip {
                // scrolled off to the left (a wide character cut by the edge goes with it)
                col += usize::from(width);
                hidden_left = true;
                if col > skip {
                    x = left + (col - skip) as u16;
                }
                continue;
            }
            if x + width > right {
                if verbatim && right > left {
                    edge_mark(buf, right - 1, y, "›", pal.dim);
                }
                break;
            }
            let mut style = if at < heading_end {
                base.patch(pal.inline_heading)
            } else {
                base
            };
            if g.kind == GlyphKind::Escaped {
                style = style.patch(pal.control_marker);
            }
            if app.highlight()
                && search_len > 0
                && let Some(m) = match_at(&app.frame().matches, at, search_len)
            {
                let hit = if Some(m) == current {
                    pal.search_current
                } else {
                    pal.search_match
                };
                style = style.patch(hit);
            }
            put(buf, x, y, &g.text, g.kind, width, style);
            x += width;
            col += usize::from(width);
        }
        if hidden_left && right > left {
            edge_mark(buf, left, y, "‹", pal.dim);
        }
    }
}

/// An empty document says so in the middle of the pane rather than leaving it blank.
fn empty_message(app: &App, area: Rect, buf: &mut Buffer, pal: &Palette) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let amb = app.layout().options().ambiguous;
    let text = crate::display::truncate(
        &Msg::EmptyDocument.text(app.lang()),
        usize::from(area.width),
        amb,
    );
    let w = crate::display::str_width(&text, amb) as u16;
    let x = area.x + (area.width - w.min(area.width)) / 2;
    let y = area.y + area.height.saturating_sub(1) / 2;
    buf.set_stringn(x, y, &text, usize::from(area.width), pal.dim);
}

/// The start of the match covering byte `at`, if any (`matches` sorted by start).
fn match_at(matches: &[TextPos], at: usize, len: usize) -> Option<usize> {
    let i = matches.partition_point(|&m| m.byte() <= at);
    let m = matches.get(i.checked_sub(1)?)?.byte();
    (at < m + len).then_some(m)
}

/// Writes one glyph of `width` columns at `(x, y)`.
/// A one-column mark at `x` saying a clipped line goes on; half of a wide character it would
/// cover is blanked too, so no broken glyph is left.
fn edge_mark(buf: &mut Buffer, x: u16, y: u16, mark: &str, style: Style) {
    let wide = |buf: &Buffer, x: u16| {
        buf.cell((x, y))
            .is_some_and(|c| unicode_width::UnicodeWidthStr::width(c.symbol()) > 1)
    };
    if let Some(before) = x.checked_sub(1)
        && wide(buf, before)
        && let Some(c) = buf.cell_mut((before, y))
    {
        c.set_symbol(" ");
    }
    if wide(buf, x)
        && let Some(c) = buf.cell_mut((x + 1, y))
    {
        c.set_symbol(" ");
    }
    if let Some(c) = buf.cell_mut((x, y)) {
        c.set_symbol(mark).set_style(style);
    }
}

fn put(buf: &mut Buffer, x: u16, y: u16, text: &str, kind: GlyphKind, width: u16, style: Style) {
    if width == 0 {
        // a zero-width cluster on its own (e.g. a stray combining mark): nothing to place
        return;
    }
    match kind {
        GlyphKind::Tab => {
            for k in 0..width {
                if let Some(cell) = buf.cell_mut((x + k, y)) {
                    cell.set_symbol(" ").set_style(style);
                }
            }
        }
        GlyphKind::Escaped => {
            // markers are ASCII, one cell per character
            for (k, c) in text.chars().enumerate() {
                if let Some(cell) = buf.cell_mut((x + k as u16, y)) {
                    cell.set_char(c).set_style(style);
                }
            }
        }
        GlyphKind::Text => {
            let Some(cell) = buf.cell_mut((x, y)) else {
                return;
            };
            cell.set_symbol(text).set_style(style);
            let measured = UnicodeWidthStr::width(text) as u16;
            if width > measured {
                // the terminal draws it wider than ratatui thinks: say so, and blank what it covers
                if let Some(w) = NonZeroU16::new(width) {
                    cell.set_diff_option(CellDiffOption::ForcedWidth(w));
                }
                for k in measured.max(1)..width {
                    if let Some(c) = buf.cell_mut((x + k, y)) {
                        c.set_symbol(" ")
                            .set_style(style)
                            .set_diff_option(CellDiffOption::Skip);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_cover_their_bytes() {
        let m = [TextPos::new(3), TextPos::new(10)];
        assert_eq!(match_at(&m, 2, 2), None);
        assert_eq!(match_at(&m, 3, 2), Some(3));
        assert_eq!(match_at(&m, 4, 2), Some(3));
        assert_eq!(match_at(&m, 5, 2), None);
        assert_eq!(match_at(&m, 11, 2), Some(10));
    }
}
