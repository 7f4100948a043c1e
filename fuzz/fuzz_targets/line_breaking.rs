//! Line breaking, paragraph layout and terminal-safe output.
//!
//! Input layout: 4 control bytes (width 1..=200, first-line indent, ambiguous width and layout
//! indent, max column width), then the text (invalid UTF-8 replaced by U+FFFD).
//!
//! Checks: `wrap` spans are contiguous, cover the text, lie on char (and, away from escaped
//! characters, grapheme) boundaries, report the width of their visible part, and are never wider
//! than the width unless they hold one too-wide unit; `lay_out_paragraph` keeps the layout
//! invariants; `print::write_text`, `glyphs`, `sanitize` and `truncate` never emit a control or
//! format character.

#![no_main]

use gangmu::display::{
    self, AmbiguousWidth, GlyphKind, TAB_STOP, glyphs, glyphs_from, needs_escape,
};
use gangmu::document::{Chunk, Document, Format, Paragraph, ParagraphKind};
use gangmu::layout::breaker::{LineSpan, WrapOptions, wrap};
use gangmu::layout::{Layout, LayoutOptions, lay_out_paragraph, lay_out_paragraph_for_print};
use gangmu::print;
use libfuzzer_sys::fuzz_target;
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

/// True when `s` is whitespace that hangs at a line end (a whole glyph of its own).
fn hangs(text: &str, kind: GlyphKind) -> bool {
    // a reflow join (a source line break inside a paragraph) is drawn as nothing or a space:
    // a real marker (`^A`, `<U+200B>`) is never blank
    kind == GlyphKind::Tab
        || (kind == GlyphKind::Escaped && text.trim().is_empty())
        || (kind == GlyphKind::Text && {
            let mut cs = text.chars();
            matches!((cs.next(), cs.next()), (Some(c), None) if c.is_whitespace())
        })
}

/// The visible part of the line `text[from..]` (trailing whitespace glyphs removed), and its
/// width when drawn from column `col` (tabs expanded), read as the reader draws it: in the
/// context of the text before it (a reflow join at the line start looks back).
fn visible(text: &str, from: usize, amb: AmbiguousWidth, mut col: usize) -> (&str, usize) {
    let line = &text[from..];
    let start_col = col;
    let mut end = 0;
    let mut width = 0;
    for (at, g) in glyphs_from(text, from, amb) {
        let len = match g.kind {
            GlyphKind::Escaped => line[at..].chars().next().map_or(0, char::len_utf8),
            _ => g.text.len(),
        };
        col += match g.kind {
            GlyphKind::Tab => TAB_STOP - col % TAB_STOP,
            _ => usize::from(g.width),
        };
        if !hangs(&g.text, g.kind) {
            end = at + len;
            width = col - start_col;
        }
    }
    (&line[..end], width)
}

fn is_grapheme_boundary(text: &str, at: usize) -> bool {
    GraphemeCursor::new(at, text.len(), true)
        .is_boundary(text, 0)
        .unwrap_or(false)
}

/// Escaped characters are shown alone, so a break next to one may split a grapheme.
fn near_escape(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at..].chars().next();
    before.is_some_and(needs_escape) || after.is_some_and(needs_escape)
}

fn check_wrap(text: &str, opts: &WrapOptions, spans: &[LineSpan]) {
    let width = usize::from(opts.width.max(1));
    assert!(!spans.is_empty(), "no spans");
    assert_eq!(spans[0].start, 0, "first span does not start at 0");
    assert_eq!(
        spans.last().map(|s| s.end as usize),
        Some(text.len()),
        "spans do not cover the text"
    );
    for (k, s) in spans.iter().enumerate() {
        let (a, b) = (s.start as usize, s.end as usize);
        assert!(a <= b, "span {k} reversed");
        if k > 0 {
            assert_eq!(spans[k - 1].end, s.start, "span {k} not contiguous");
            assert!(a < b, "empty span {k} after the first");
        }
        assert!(
            text.is_char_boundary(a) && text.is_char_boundary(b),
            "span {k} off a char boundary"
        );
        if !near_escape(text, b) {
            assert!(
                is_grapheme_boundary(text, b),
                "span {k} ends inside a grapheme: {:?}",
                &text[a..b]
            );
        }
        // a line break inside a paragraph is a reflow join (drawn as nothing or a space), not
        // the end of a line
        let line = &text[a..b];
        let indent = if k == 0 {
            usize::from(opts.first_line_indent)
        } else {
            0
        };
        let (vis, w) = visible(&text[..b], a, opts.ambiguous, indent);
        assert_eq!(
            usize::from(s.width),
            w,
            "span {k} {line:?}: reported width is wrong"
        );
        if k == 0 && a == b && !text.is_empty() {
            // the first unit did not fit beside the indent
            assert!(indent > 0, "empty first line without an indent");
        }
        // (a zero-width span, such as a reflow join alone, is never too wide: only the indent is)
        if !vis.is_empty() && w > 0 && indent + w > width {
            let lone = vis.graphemes(true).count() == 1 || glyphs(vis, opts.ambiguous).count() == 1;
            assert!(
                lone,
                "span {k} {vis:?} is {w}+{indent} wide in {width} columns"
            );
        }
    }
}

fn check_clean(s: &str, what: &str) {
    for c in s.chars() {
        assert!(
            !needs_escape(c) && (!c.is_control() || c == '\n'),
            "{what} contains {c:?}: {s:?}"
        );
    }
}

fn check_layout(doc: &Document, opts: &LayoutOptions, pane: u16) {
    let column = Layout::new(*opts, pane).column_width();
    assert!(column >= 1);
    let mut rows = 0;
    for i in 0..doc.paragraphs.len() {
        let p = &doc.paragraphs[i];
        let lines = lay_out_paragraph(doc, i, opts, column);
        let verbatim = matches!(p.kind, ParagraphKind::Preformatted | ParagraphKind::Code);
        assert!(!lines.lines.is_empty(), "paragraph {i} has no lines");
        assert_eq!(lines.gap_before, p.gap_before);
        assert_eq!(lines.lines[0].range.start, p.range.start);
        assert_eq!(lines.lines.last().map(|l| l.range.end), Some(p.range.end));
        for (k, l) in lines.lines.iter().enumerate() {
            if k > 0 {
                assert_eq!(lines.lines[k - 1].range.end, l.range.start);
                assert_eq!(l.indent, 0, "indent after the first line");
            }
            let (context, from) = doc.slice_in_context(&l.range);
            let (vis, _) = visible(context, from, opts.ambiguous, usize::from(l.indent));
            // preformatted lines and code are laid out as they stand, clipped by the view
            if verbatim {
                assert_eq!(lines.lines.len(), 1, "paragraph {i}: a verbatim line is never wrapped");
                continue;
            }
            if !vis.is_empty() && usize::from(l.indent) + usize::from(l.width) > usize::from(column)
            {
                let lone =
                    vis.graphemes(true).count() == 1 || glyphs(vis, opts.ambiguous).count() == 1;
                assert!(lone, "paragraph {i} line {k} {vis:?} too wide for {column}");
            }
        }
        // `--print` wraps a too-wide verbatim line that holds a tab (printed as spaces it could
        // not be the source line), so its rows are those of the print layout
        rows += lay_out_paragraph_for_print(doc, i, opts, column).rows();
    }
    let mut out = Vec::new();
    print::write_text(doc, opts, pane, &mut out).expect("writing to a Vec");
    let out = String::from_utf8(out).expect("print output is UTF-8");
    check_clean(&out, "print output");
    assert_eq!(out.matches('\n').count(), rows, "print: one line per row");
}

/// A document whose only paragraph is the whole text, newlines and all.
fn one_paragraph(text: &str) -> Document {
    let mut doc = Document::new(Format::Plain);
    let paragraphs = if text.is_empty() {
        Vec::new()
    } else {
        vec![Paragraph {
            range: 0..text.len(),
            line: 1,
            chars: 0,
            kind: ParagraphKind::Body,
            gap_before: false,
            continuation: false,
            shape: gangmu::document::LineShape::default(),
        }]
    };
    doc.extend(Chunk {
        text: text.to_owned(),
        paragraphs,
        ..Chunk::default()
    });
    doc.set_complete();
    doc
}

fuzz_target!(|data: &[u8]| {
    let Some((ctl, rest)) = data.split_first_chunk::<4>() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let text = text.as_ref();
    let width = u16::from(ctl[0]) % 200 + 1;
    let first_line_indent = u16::from(ctl[1] & 0x0F);
    let ambiguous = if ctl[1] & 0x10 != 0 {
        AmbiguousWidth::Wide
    } else {
        AmbiguousWidth::Narrow
    };
    let layout_indent = (ctl[1] >> 5) % 5;
    let max_width = u16::from(ctl[2]);
    let pane = width + u16::from(ctl[3] % 4) * 10;

    let opts = WrapOptions {
        width,
        first_line_indent,
        ambiguous,
    };
    let spans = wrap(text, &opts);
    check_wrap(text, &opts, &spans);

    // Glyphs cover the text and never hide a control in a text glyph.
    let mut next = 0;
    for (at, g) in glyphs(text, ambiguous) {
        assert_eq!(at, next, "glyphs skip or overlap");
        match g.kind {
            GlyphKind::Escaped => {
                assert!(g.text.is_ascii() && usize::from(g.width) == g.text.len());
                next = at + text[at..].chars().next().map_or(1, char::len_utf8);
            }
            GlyphKind::Tab => next = at + 1,
            GlyphKind::Text => {
                if g.text != "\n" {
                    check_clean(&g.text, "glyph");
                }
                next = at + g.text.len();
            }
        }
    }
    assert_eq!(next, text.len(), "glyphs do not cover the text");
    check_clean(&display::sanitize(text), "sanitize");
    let cut = display::truncate(text, usize::from(width), ambiguous);
    check_clean(&cut, "truncate");
    assert!(!cut.contains('\n'));
    assert!(
        display::str_width(&cut, ambiguous) <= usize::from(width),
        "truncate too wide"
    );

    let lopts = LayoutOptions {
        indent: layout_indent,
        max_width,
        ambiguous,
    };
    check_layout(&one_paragraph(text), &lopts, pane);
    if ctl[3] & 0x80 != 0 {
        check_layout(&Document::parse(text, Format::Plain), &lopts, pane);
        check_layout(&Document::parse(text, Format::Markdown), &lopts, pane);
    }
});
