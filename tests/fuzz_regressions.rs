//! Inputs on which a `cargo fuzz` target (see `fuzz/` and CONTRIBUTING.md) once failed, kept
//! as ordinary tests of the code they broke.

#![allow(clippy::unwrap_used)]

use gangmu::display::AmbiguousWidth;
use gangmu::document::plain::PlainParser;
use gangmu::document::{Document, Format, MAX_PARAGRAPH_BYTES};
use gangmu::layout::breaker::{WrapOptions, wrap};

/// Feeds `pieces` to a streaming plain parser, the last one with `last` set.
fn streamed(pieces: &[&str]) -> Document {
    let mut parser = PlainParser::new();
    let mut doc = Document::new(Format::Plain);
    for (i, p) in pieces.iter().enumerate() {
        doc.extend(parser.feed((*p).to_owned(), i + 1 == pieces.len()));
    }
    doc.set_complete();
    doc
}

fn assert_same(a: &Document, b: &Document) {
    assert_eq!(a.text, b.text);
    assert_eq!(a.paragraphs, b.paragraphs);
    assert_eq!(a.sections, b.sections);
    assert_eq!(a.title, b.title);
}

/// `decode_structure`, crash-76fcfe67: an indented line longer than two paragraph caps, whose
/// unfinished part is no longer than two caps once its indentation is left out. The parser
/// consumed the indentation, emitted no piece, and still marked the line as "long line in
/// progress", so its first piece came out as a continuation (no heading detection, trailing
/// spaces trimmed) and the streamed document differed from the whole-text one.
///
/// The fuzz input (4 control bytes, then the document; the target repeated the document
/// without its newlines to more than two caps):
const CRASH_76FCFE67: &[u8] =
    b"\xff\xff                 n             ]           \xa0                          \xff\xff\xff\xff\xff\xff\xff\x03\x08\xff\xff\x00\x00\x00,\xbc\xe4";

#[test]
fn indented_long_line_split_across_feeds_keeps_its_first_piece() {
    assert_eq!(CRASH_76FCFE67.len(), 89);
    // the same shape, built directly: 16 spaces, then exactly two caps less 2 bytes of text
    let indent = " ".repeat(16);
    let body = "天".repeat((2 * MAX_PARAGRAPH_BYTES - 2) / 3);
    let head = format!("{indent}{body}");
    assert!(head.len() > 2 * MAX_PARAGRAPH_BYTES);
    assert!(body.len() <= 2 * MAX_PARAGRAPH_BYTES);
    let tail = "地玄黄。\n第一章　总则\n正文。\n";
    let whole = Document::parse(&format!("{head}{tail}"), Format::Plain);
    assert!(!whole.paragraphs[0].continuation);
    let s = streamed(&[&head, tail]);
    assert!(
        !s.paragraphs[0].continuation,
        "first piece taken for a continuation"
    );
    assert_same(&s, &whole);
    // and with the line's end arriving in an empty last feed
    let s = streamed(&[&head, tail, ""]);
    assert_same(&s, &whole);
}

/// `decode_structure`, crash-a2c7c9a8: a long line that starts with a space and a form feed.
/// A complete line leaves every leading whitespace character out of its paragraph, but the
/// cutting of an unfinished long line left out only the indentation characters, so the
/// streamed paragraph started one byte earlier (at the form feed).
///
/// The fuzz input (4 control bytes, then the document):
const CRASH_A2C7C9A8: &[u8] = b"\xff\xb0\xe5# \x0c\x00\x00\x00\x00\xbe\x05";

#[test]
fn long_line_with_leading_form_feed_streams_like_the_whole_text() {
    assert_eq!(&CRASH_A2C7C9A8[4..6], b" \x0c");
    let head = format!(" \u{c}{}", "天".repeat(2 * MAX_PARAGRAPH_BYTES / 3 + 100));
    let tail = "地玄黄。\n正文。\n";
    let whole = Document::parse(&format!("{head}{tail}"), Format::Plain);
    assert_eq!(whole.paragraphs[0].range.start, 2);
    assert_same(&streamed(&[&head, tail]), &whole);
}

/// `line_breaking` (a harness bug, kept as a check of the contract): a first-line indent wider
/// than the width leaves the first line empty and puts the text below, each line within the
/// width.
#[test]
fn indent_wider_than_the_width_leaves_the_first_line_empty() {
    let text = String::from_utf8_lossy(b"\xd0\xd0\xb0\xd9\xc0\xef\xd5\xdf").into_owned();
    let text = format!("{text}天地玄黄，宇宙洪荒。");
    let opts = WrapOptions {
        width: 7,
        first_line_indent: 9,
        ambiguous: AmbiguousWidth::Narrow,
    };
    let spans = wrap(&text, &opts);
    assert_eq!((spans[0].start, spans[0].end, spans[0].width), (0, 0, 0));
    for s in &spans[1..] {
        assert!(s.start < s.end && s.width <= 7, "{s:?}");
    }
    assert_eq!(spans.last().unwrap().end as usize, text.len());
}

/// `line_breaking`, crash-05dc68f0: `02\u{FFFD}\r` at width 3 with a 15-column first-line indent,
/// ambiguous characters wide. The widow fix measured the carried text with `trim_end`, which
/// drops the `\r` that is drawn as the two-column marker `^M`, and reported the last line 2
/// columns wide instead of 4. It now measures the carried text by wrapping it.
#[test]
fn a_carried_down_control_character_counts_its_marker() {
    let text = "02\u{FFFD}\r";
    let opts = WrapOptions {
        width: 3,
        first_line_indent: 15,
        ambiguous: AmbiguousWidth::Wide,
    };
    let spans = wrap(text, &opts);
    for s in &spans {
        let line = text.get(s.start as usize..s.end as usize).unwrap();
        // every character here is visible: U+FFFD is 2 columns wide in wide mode, `\r` is `^M`
        let drawn: usize = line
            .chars()
            .map(|c| if matches!(c, '\r' | '\u{FFFD}') { 2 } else { 1 })
            .sum();
        assert_eq!(usize::from(s.width), drawn, "{line:?} in {spans:?}");
    }
}

/// `line_breaking`, crash-441d623d: a reflowed paragraph whose joined line's indentation ends in
/// a space followed by a combining mark (`\n\n \u{301}`). The join took the space, so a line
/// break fell inside the cluster the space and the mark make; now the join stops before it.
#[test]
fn a_join_never_takes_the_blank_a_combining_mark_sits_on() {
    let input: &[u8] = b"\x00\x2a\xff\xff\xff\xff\xff\xef\xbc\x88\x32\xef\xbc\x89\xff\xfd\xff\x0a\xe2\x91\xe1\x0a\x0a\x20\xcc\x81";
    let text = String::from_utf8_lossy(&input[4..]).into_owned();
    let bounds: std::collections::HashSet<usize> =
        unicode_segmentation::UnicodeSegmentation::grapheme_indices(text.as_str(), true)
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
    for width in 1..=8 {
        for indent in [0, 10] {
            let opts = WrapOptions {
                width,
                first_line_indent: indent,
                ambiguous: AmbiguousWidth::Narrow,
            };
            for s in wrap(&text, &opts) {
                assert!(
                    bounds.contains(&(s.end as usize)),
                    "width {width}: a line ends inside a grapheme at {} of {text:?}",
                    s.end
                );
            }
        }
    }
}

/// `line_breaking`, crash-720cb06f: a word followed by an escaped format character (`UU` then
/// ZWNJ, drawn as the 8-column marker `<U+200C>`). The word took the marker into its last cluster
/// after its width was checked, so a 10-column unit stayed on a 2-column line; a word grown past
/// the width by that cluster is now a too-long word, broken between its clusters.
#[test]
fn a_word_grown_past_the_width_by_an_escaped_mark_is_broken() {
    let text = ")U]\u{1} U]UU\u{200C}\u{FFFD}U";
    let opts = WrapOptions {
        width: 2,
        first_line_indent: 0,
        ambiguous: AmbiguousWidth::Narrow,
    };
    let spans = wrap(text, &opts);
    for s in &spans {
        let line = text.get(s.start as usize..s.end as usize).unwrap();
        let clusters = unicode_segmentation::UnicodeSegmentation::graphemes(line, true).count();
        assert!(
            usize::from(s.width) <= 2 || clusters == 1,
            "{line:?} is {} columns on a 2-column line: {spans:?}",
            s.width
        );
    }
}

/// `line_breaking`, crash-87b3de29: a hyphenated word cut at a reflow join (`xx-` `\n` `n`) on
/// a line too narrow for `xx-`. The breaker measured the join after `-` in the context of the
/// letters before it (tight: `xx-n`), while drawing read the display line `-\nn` alone and
/// showed a space: the drawn line was wider than the width reported. Drawing now reads a
/// line in its context (`display::glyphs_from`), as the breaker does.
#[test]
fn a_join_at_a_line_start_is_drawn_as_it_was_measured() {
    use gangmu::display::{GlyphKind, glyphs_from};
    let text = "--\nn\u{FFFD}\n\n-n\u{FFFD}\n\n---\n\np\u{FFFD}\u{FFFD}--xx-\nn\u{FFFD}\n\n-xx";
    let opts = WrapOptions {
        width: 2,
        first_line_indent: 0,
        ambiguous: AmbiguousWidth::Narrow,
    };
    let spans = wrap(text, &opts);
    assert!(
        spans.iter().any(|s| text
            .get(s.start as usize..s.end as usize)
            .is_some_and(|l| l.starts_with("-\n"))),
        "the case needs a line that starts at the hyphen: {spans:?}"
    );
    for s in &spans {
        let (a, b) = (s.start as usize, s.end as usize);
        // the drawn width of the line up to its last visible glyph
        let mut col = 0;
        let mut visible = 0;
        for (_, g) in glyphs_from(text.get(..b).unwrap(), a, AmbiguousWidth::Narrow) {
            col += usize::from(g.width);
            if !(g.kind == GlyphKind::Escaped && g.text.trim().is_empty()) && g.text.trim() != "" {
                visible = col;
            }
        }
        assert_eq!(
            usize::from(s.width),
            visible,
            "{:?} in {spans:?}",
            text.get(a..b)
        );
    }
}
