//! The text pane: pre-wrapped lines drawn cell by cell (never through `Paragraph::wrap`, which
//! ignores Chinese line-breaking rules and can overflow by a cell).
//!
//! Cells are placed by the same widths the line breaker used. In ambiguous-wide mode a
//! character that ratatui measures as 1 column but the terminal draws as 2 gets a forced width
//! of 2, so the buffer diff skips the cell it covers and the two never disagree.
//!
//! Rendered Markdown adds its styles here (`document::decor`): spans patch the paragraph's
//! style, quote bars are drawn again on wrapped lines, code rows are filled to the column's
//! edge with the code background, a thematic break is a rule across the column.

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use unicode_width::UnicodeWidthStr;

use super::Palette;
use crate::app::App;
use crate::display::{AmbiguousWidth, GlyphKind, TAB_STOP, glyphs, glyphs_from};
use crate::document::ParagraphKind;
use crate::document::decor::{InlineStyle, QUOTE_BAR, StyleSpan};
use crate::document::markdown::render::RULE;
use crate::i18n::Msg;
use crate::pos::TextPos;
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
    let notes = &app.frame().notes;
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
        let doc = app.doc();
        let p = &doc.paragraphs[para.index()];
        let rendered = doc.is_rendered();
        let base = base_style(p.kind, rendered, pal);
        let heading_end = match p.kind {
            ParagraphKind::InlineHeading { heading_len } => p.range.start + heading_len as usize,
            _ => 0,
        };
        let text = doc.slice(&l.range).trim_end_matches(['\n', ' ']);
        // rendered Markdown: the styles over this line, and where the prefix (marker, quote
        // bars, drawn plain) ends; `None` when the row is drawn already (a rule)
        let (spans, prefix_end) = if rendered {
            let column = app.layout().column_width().min(right - left);
            let Some(d) = markdown_row(app, para.index(), line, l, (left, y, column), buf, pal)
            else {
                continue;
            };
            d
        } else {
            (Vec::new(), p.range.start)
        };
        if !l.pieces.is_empty() {
            let look = Look {
                ends: (heading_end, prefix_end),
                base,
                spans: &spans,
            };
            draw_pieces(app, &l.pieces, (left, y, right), &look, buf, pal);
            continue;
        }
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
            let style = glyph_style(at, &g, (heading_end, prefix_end), base, &spans, pal);
            let style = marked_style(app, style, at, g.text.len(), pal);
            put(buf, x, y, &g.text, g.kind, width, style);
            x += width;
            col += usize::from(width);
        }
        let line = l.range.start..l.range.start + text.len();
        note_mark(notes, line, (x, y, right), buf, opts.ambiguous, pal);
        if rendered && p.kind == ParagraphKind::Code {
            // a code block is a block: its background goes to the column's edge
            let edge = (left + app.layout().column_width()).min(right);
            fill(buf, x.max(left + l.indent)..edge, y, pal.code);
        }
        if hidden_left && right > left {
            edge_mark(buf, left, y, "‹", pal.dim);
        }
    }
}

/// How the glyphs of a row are styled: an inline heading's and a prefix's end, the
/// paragraph's style, the spans over the row.
struct Look<'a> {
    ends: (usize, usize),
    base: Style,
    spans: &'a [&'a StyleSpan],
}

/// A table row wrapped inside its cells, on row `y` of a column from `left` to `right`: each
/// piece at its column (the row fits the column, so nothing scrolls sideways), the note mark
/// after a cell's line where a noted highlight ends.
fn draw_pieces(
    app: &App,
    pieces: &[crate::layout::Piece],
    (left, y, right): (u16, u16, u16),
    look: &Look<'_>,
    buf: &mut Buffer,
    pal: &Palette,
) {
    let amb = app.layout().options().ambiguous;
    for piece in pieces {
        let text = app.doc().slice(&piece.range).trim_end_matches(['\n', ' ']);
        let bytes = piece.range.start..piece.range.start + text.len();
        let x = left.saturating_add(piece.col);
        let end = draw_piece(app, buf, bytes.clone(), (x, y, right), look, pal);
        if !piece.bar {
            note_mark(&app.frame().notes, bytes, (end, y, right), buf, amb, pal);
        }
    }
}

/// Draws the bytes `bytes` of the text from column `x` of row `y`, clipped before `right`
/// (a piece of a wrapped table row); returns the column after the last glyph drawn.
fn draw_piece(
    app: &App,
    buf: &mut Buffer,
    bytes: std::ops::Range<usize>,
    (mut x, y, right): (u16, u16, u16),
    look: &Look<'_>,
    pal: &Palette,
) -> u16 {
    let amb = app.layout().options().ambiguous;
    let (start, x0) = (bytes.start, x);
    let (context, from) = app.doc().slice_in_context(&bytes);
    for (off, g) in glyphs_from(context, from, amb) {
        // a tab stops where the breaker measured it: from the piece's start
        let width = match g.kind {
            GlyphKind::Tab => (TAB_STOP - usize::from(x - x0) % TAB_STOP) as u16,
            _ => g.width,
        };
        if x.saturating_add(width) > right {
            break;
        }
        let at = start + off;
        let style = glyph_style(at, &g, look.ends, look.base, look.spans, pal);
        let style = marked_style(app, style, at, g.text.len(), pal);
        put(buf, x, y, &g.text, g.kind, width, style);
        x += width;
    }
    x
}

/// The mark drawn after the text of a highlight that carries a note (※, the reference mark
/// of Chinese typesetting).
pub const NOTE_MARK: &str = "※";

/// After the text of a line on which a highlight with a note ends (`line` its bytes, drawn up
/// to column `x` of row `y`), the note mark, when it fits before `right`.
fn note_mark(
    notes: &[(std::ops::Range<usize>, bool)],
    line: std::ops::Range<usize>,
    (x, y, right): (u16, u16, u16),
    buf: &mut Buffer,
    amb: AmbiguousWidth,
    pal: &Palette,
) {
    let ends_here = notes
        .iter()
        .any(|(r, noted)| *noted && r.end > line.start && r.end <= line.end);
    let width = crate::display::str_width(NOTE_MARK, amb) as u16;
    if ends_here && x + width <= right {
        put(
            buf,
            x,
            y,
            NOTE_MARK,
            GlyphKind::Text,
            width,
            pal.note_marker,
        );
    }
}

/// `style` for the glyph of `len` bytes at `at` with what marks it: a search match (the
/// current one apart), the selection (its last character is the cursor), a highlight.
fn marked_style(app: &App, mut style: Style, at: usize, len: usize, pal: &Palette) -> Style {
    if app.highlight()
        && let Some(m) = match_at(&app.frame().matches, at)
    {
        let current = app.search().and_then(crate::search::Search::current_offset);
        style = style.patch(if Some(m) == current {
            pal.search_current
        } else {
            pal.search_match
        });
    }
    if let Some(s) = app.mode().selection()
        && s.range().contains(&at)
    {
        return if at + len >= s.end {
            style.patch(pal.selection_cursor)
        } else {
            style.patch(pal.selection)
        };
    }
    if app.frame().notes.iter().any(|(r, _)| r.contains(&at)) {
        style.patch(pal.study_highlight)
    } else {
        style
    }
}

/// Sets the style of cells `xs` of row `y`.
fn fill(buf: &mut Buffer, xs: std::ops::Range<u16>, y: u16, style: Style) {
    for x in xs {
        if let Some(c) = buf.cell_mut((x, y)) {
            c.set_style(style);
        }
    }
}

/// The style of a whole paragraph of `kind`.
fn base_style(kind: ParagraphKind, rendered: bool, pal: &Palette) -> Style {
    match kind {
        ParagraphKind::Heading => pal.heading,
        ParagraphKind::Title => pal.doc_title,
        ParagraphKind::Code if rendered => pal.code,
        ParagraphKind::Toc | ParagraphKind::Code => pal.dim,
        ParagraphKind::Body | ParagraphKind::Preformatted | ParagraphKind::InlineHeading { .. } => {
            Style::new()
        }
    }
}

/// A row of rendered Markdown, line `line` of paragraph `para`, at `(left, y)` in a column
/// `column` wide: the quote bars of its hanging indent drawn, or the whole row when it is a
/// rule (then `None`); else the spans over it and the end of its paragraph's prefix.
fn markdown_row<'a>(
    app: &'a App,
    para: usize,
    line: usize,
    l: &crate::layout::DisplayLine,
    (left, y, column): (u16, u16, u16),
    buf: &mut Buffer,
    pal: &Palette,
) -> Option<(Vec<&'a StyleSpan>, usize)> {
    let doc = app.doc();
    let p = doc.paragraphs.get(para)?;
    let prefix_end = p.range.start + doc.decor.prefix_len(para);
    if line > 0 && prefix_end > p.range.start {
        let prefix = doc.slice(&(p.range.start..prefix_end));
        hanging_bars(prefix, left, y, buf, pal, app.layout().options().ambiguous);
    }
    if p.kind == ParagraphKind::Preformatted && doc.slice(&p.range) == RULE {
        for k in 0..column {
            if let Some(c) = buf.cell_mut((left + k, y)) {
                c.set_symbol("─").set_style(pal.dim);
            }
        }
        return None;
    }
    let spans = doc
        .decor
        .spans_over(p.range.start, l.range.clone())
        .collect();
    Some((spans, prefix_end))
}

/// The style of glyph `g` at byte `at`, before an inline heading's end or a rendered
/// paragraph's prefix end (`ends`), in a paragraph styled `base` with `spans` over its line.
fn glyph_style(
    at: usize,
    g: &crate::display::Glyph<'_>,
    (heading_end, prefix_end): (usize, usize),
    base: Style,
    spans: &[&StyleSpan],
    pal: &Palette,
) -> Style {
    let style = if at < heading_end {
        base.patch(pal.inline_heading)
    } else if at < prefix_end {
        prefix_style(&g.text, pal)
    } else {
        spans
            .iter()
            .filter(|s| s.range.contains(&at))
            .fold(base, |st, s| st.patch(inline_style(s.style, pal)))
    };
    if g.kind == GlyphKind::Escaped {
        style.patch(pal.control_marker)
    } else {
        style
    }
}

/// A glyph of a rendered paragraph's prefix: a quote bar is dim, a list marker plain.
fn prefix_style(glyph: &str, pal: &Palette) -> Style {
    if glyph.starts_with(QUOTE_BAR) {
        pal.dim
    } else {
        Style::new()
    }
}

/// The style of a stretch of rendered Markdown (patched over its paragraph's).
fn inline_style(style: InlineStyle, pal: &Palette) -> Style {
    match style {
        InlineStyle::Emphasis => Style::new().add_modifier(Modifier::ITALIC),
        InlineStyle::Strong | InlineStyle::TableHead | InlineStyle::Heading(3..) => {
            Style::new().add_modifier(Modifier::BOLD)
        }
        InlineStyle::Strike => Style::new().add_modifier(Modifier::CROSSED_OUT),
        InlineStyle::Code => pal.code,
        InlineStyle::Link => pal.link,
        InlineStyle::Url | InlineStyle::Rule => pal.dim,
        InlineStyle::Image => pal.dim.add_modifier(Modifier::ITALIC),
        InlineStyle::Heading(1) => pal.heading.add_modifier(Modifier::UNDERLINED),
        InlineStyle::Heading(_) => pal.heading,
        InlineStyle::Language => pal.code.add_modifier(Modifier::ITALIC),
    }
}

/// The quote bars of a paragraph's prefix drawn again in the hanging indent of a later line.
fn hanging_bars(
    prefix: &str,
    left: u16,
    y: u16,
    buf: &mut Buffer,
    pal: &Palette,
    amb: AmbiguousWidth,
) {
    let mut col = 0u16;
    for (_, g) in glyphs(prefix, amb) {
        if g.text == "│"
            && let Some(c) = buf.cell_mut((left + col, y))
        {
            c.set_symbol("│").set_style(pal.dim);
        }
        col += g.width;
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
fn match_at(matches: &[std::ops::Range<TextPos>], at: usize) -> Option<usize> {
    let i = matches.partition_point(|m| m.start.byte() <= at);
    let m = matches.get(i.checked_sub(1)?)?;
    (at < m.end.byte()).then_some(m.start.byte())
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
        let m = [
            TextPos::new(3)..TextPos::new(5),
            TextPos::new(10)..TextPos::new(13),
        ];
        assert_eq!(match_at(&m, 2), None);
        assert_eq!(match_at(&m, 3), Some(3));
        assert_eq!(match_at(&m, 4), Some(3));
        assert_eq!(match_at(&m, 5), None);
        assert_eq!(match_at(&m, 12), Some(10));
        assert_eq!(match_at(&m, 13), None);
    }
}
