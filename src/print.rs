//! Non-interactive output: the document's text written exactly as the reading pane would show
//! it at a given pane width, minus the centring margin.
//!
//! Invariants: one output line per display line, a blank line for each gap, the first-line indent
//! written as U+3000 characters (a preformatted line's own indentation and rendered Markdown's
//! hanging indent as spaces, a preformatted line never wrapped; styles are not written), tabs expanded to spaces from the left edge of the column, markers
//! for control characters, trailing whitespace trimmed, `\n` after every line. Output is streamed
//! paragraph by paragraph, so memory stays bounded whatever the document size.

use std::io::Write;

use crate::display::{GlyphKind, TAB_STOP, decode_at, glyphs_from, needs_escape};
use crate::document::{Document, ParagraphKind};
use crate::layout::{Layout, LayoutOptions, lay_out_paragraph_for_print};

/// Writes the whole text of `doc` as it would appear in a pane `width` columns wide.
pub fn write_text(
    doc: &Document,
    opts: &LayoutOptions,
    width: u16,
    out: &mut impl Write,
) -> std::io::Result<()> {
    write_text_with(doc, opts, width, false, out)
}

/// [`write_text`]; with `raw` (`--raw`), control and format characters are written as they
/// are instead of as markers (the line breaks stay those of the marked-up text).
pub fn write_text_with(
    doc: &Document,
    opts: &LayoutOptions,
    width: u16,
    raw: bool,
    out: &mut impl Write,
) -> std::io::Result<()> {
    write_paragraphs(doc, opts, width, raw, 0..doc.paragraphs.len(), out)
}

/// [`write_text_with`] for paragraphs `paras` only (`--print --section`): the same lines,
/// without a blank line before the first.
pub fn write_paragraphs(
    doc: &Document,
    opts: &LayoutOptions,
    width: u16,
    raw: bool,
    paras: std::ops::Range<usize>,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let first = paras.start;
    write_paragraphs_after(doc, opts, width, raw, paras, first, out)
}

/// [`write_paragraphs`] for paragraphs `paras` of an output that began at paragraph `first`
/// (a blank line goes before each paragraph with a gap after that one): `--print` of a file
/// read a chunk at a time writes each chunk's paragraphs with this.
///
/// Line breaking is most of `--print`'s time and each paragraph is laid out on its own, so
/// the paragraphs go in batches of [`BATCH`] whose two halves are laid out on two threads
/// (when there are two cores), then written in order: the output is the same, and memory stays
/// one batch's text.
pub fn write_paragraphs_after(
    doc: &Document,
    opts: &LayoutOptions,
    width: u16,
    raw: bool,
    paras: std::ops::Range<usize>,
    first: usize,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let column = Layout::new(*opts, width).column_width();
    let end = paras.end.min(doc.paragraphs.len());
    let two_cores = std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    let (mut front, mut back) = (String::new(), String::new());
    let mut start = paras.start;
    while start < end {
        let stop = (start + BATCH).min(end);
        front.clear();
        back.clear();
        if two_cores && stop - start >= MIN_SPLIT {
            let mid = start + (stop - start) / 2;
            let back = &mut back;
            std::thread::scope(|scope| {
                let later = scope.spawn(move || {
                    format_paragraphs(doc, *opts, column, raw, mid..stop, first, back);
                });
                format_paragraphs(doc, *opts, column, raw, start..mid, first, &mut front);
                if let Err(panic) = later.join() {
                    std::panic::resume_unwind(panic);
                }
            });
        } else {
            format_paragraphs(doc, *opts, column, raw, start..stop, first, &mut front);
        }
        out.write_all(front.as_bytes())?;
        out.write_all(back.as_bytes())?;
        start = stop;
    }
    Ok(())
}

/// Paragraphs per batch of [`write_paragraphs_after`] (about 1.5 MB of the novel's text).
const BATCH: usize = 4096;
/// Fewer paragraphs than this are laid out on one thread (a thread costs ~30 µs).
const MIN_SPLIT: usize = 64;

/// Appends the printed lines of paragraphs `paras` to `buf` (see [`write_paragraphs_after`]).
fn format_paragraphs(
    doc: &Document,
    opts: LayoutOptions,
    column: u16,
    raw: bool,
    paras: std::ops::Range<usize>,
    first: usize,
    buf: &mut String,
) {
    let mut line = String::new();
    for i in paras {
        let para = lay_out_paragraph_for_print(doc, i, &opts, column);
        if para.gap_before && i > first {
            buf.push('\n');
        }
        // a preformatted line's own indentation, and the hanging indent of rendered Markdown,
        // are columns of spaces
        let verbatim = doc.paragraphs[i].kind == ParagraphKind::Preformatted || doc.is_rendered();
        for l in &para.lines {
            let indent = usize::from(l.indent);
            let text = doc.slice(&l.range);
            // most lines have no tab and nothing to escape: copy them whole instead of
            // walking their grapheme clusters again
            if is_plain_line(text) {
                let start = buf.len();
                push_indent(buf, indent, verbatim);
                buf.push_str(text);
                let kept = buf.get(start..).map_or(0, |l| l.trim_end().len());
                buf.truncate(start + kept);
                buf.push('\n');
                continue;
            }
            line.clear();
            push_indent(&mut line, indent, verbatim);
            let mut col = indent;
            let (context, from) = doc.slice_in_context(&l.range);
            for (at, g) in glyphs_from(context, from, opts.ambiguous) {
                match g.kind {
                    GlyphKind::Tab => {
                        let w = TAB_STOP - col % TAB_STOP;
                        line.extend(std::iter::repeat_n(' ', w));
                        col += w;
                    }
                    GlyphKind::Escaped if raw => {
                        // a control character as it is; a joined line break as its join
                        match text
                            .get(at..)
                            .and_then(|t| t.chars().next())
                            .filter(|&c| needs_escape(c))
                        {
                            Some(c) => line.push(c),
                            None => line.push_str(&g.text),
                        }
                        col += usize::from(g.width);
                    }
                    GlyphKind::Text | GlyphKind::Escaped => {
                        line.push_str(&g.text);
                        col += usize::from(g.width);
                    }
                }
            }
            buf.push_str(line.trim_end());
            buf.push('\n');
        }
    }
}

/// Appends `indent` columns of indentation: spaces when `verbatim`, else U+3000 (two columns
/// each).
fn push_indent(out: &mut String, indent: usize, verbatim: bool) {
    if verbatim {
        out.extend(std::iter::repeat_n(' ', indent));
    } else {
        out.extend(std::iter::repeat_n('\u{3000}', indent / 2));
    }
}

/// True when `text` has no tab, no line break and no character that [`needs_escape`]: it is
/// written as it stands. Read byte by byte: a character whose lead byte is `E3`–`EE`
/// (U+3000–U+EFFF: CJK, kana, Hangul, private use) never needs escaping, so the common
/// Chinese line is decided by its lead bytes; other characters are decoded, and the ranges
/// without a format character (Latin, Greek, Cyrillic, general punctuation such as “ ” — …,
/// full-width forms such as ，！？) answer without a table search.
fn is_plain_line(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            if b < 0x20 || b == 0x7F {
                return false;
            }
            i += 1;
        } else if (0xE3..=0xEE).contains(&b) {
            i += 3;
        } else {
            let (cp, len) = decode_at(bytes, i);
            let plain = matches!(cp, 0xA0..=0xAC | 0xAE..=0x5FF | 0x2010..=0x2029
                | 0x2030..=0x205F | 0x2070..=0xFEFE | 0xFF00..=0xFFF8)
                || char::from_u32(cp).is_some_and(|c| !needs_escape(c));
            if !plain {
                return false;
            }
            i += len;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Chunk, Format, Paragraph};

    fn doc(lines: &[&str]) -> Document {
        let mut text = String::new();
        let mut paragraphs = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            let start = text.len();
            text.push_str(l);
            paragraphs.push(Paragraph {
                range: start..text.len(),
                line: i as u32 + 1,
                chars: 0,
                kind: ParagraphKind::Body,
                gap_before: i > 0,
                continuation: false,
                shape: crate::document::LineShape::default(),
            });
            text.push('\n');
        }
        let mut d = Document::new(Format::Plain);
        d.extend(Chunk {
            text,
            paragraphs,
            ..Chunk::default()
        });
        d
    }

    fn print(d: &Document, width: u16) -> String {
        let mut out = Vec::new();
        write_text(d, &LayoutOptions::default(), width, &mut out).expect("write to a Vec");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn gaps_indent_and_wrapping() {
        // in a Chinese document every body paragraph is indented, `abc def` too
        let d = doc(&["天地玄黃，宇宙洪荒。", "abc def"]);
        assert_eq!(
            print(&d, 14),
            "\u{3000}\u{3000}天地玄黃，\n宇宙洪荒。\n\n\u{3000}\u{3000}abc def\n"
        );
        // in an English one only a paragraph opening with a CJK character
        let d = doc(&["Call me Ishmael.", "天地玄黃"]);
        assert_eq!(
            print(&d, 20),
            "Call me Ishmael.\n\n\u{3000}\u{3000}天地玄黃\n"
        );
    }

    #[test]
    fn tabs_and_controls() {
        let d = doc(&["a\tb\u{1b}c"]);
        assert_eq!(print(&d, 20), "a   b^[c\n");
    }

    #[test]
    fn raw_keeps_controls() {
        let d = doc(&["a\tb\u{1b}]0;x\u{7}c\u{202e}d"]);
        let mut out = Vec::new();
        write_text_with(&d, &LayoutOptions::default(), 40, true, &mut out).expect("write");
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            "a   b\u{1b}]0;x\u{7}c\u{202e}d\n"
        );
    }

    proptest::proptest! {
        /// The byte test gives the answer of the character test it replaced.
        #[test]
        fn plain_line_as_the_character_test(line in "\\PC{0,12}|[a\t\n\u{1b}\u{7f}\u{85}\u{ad}\u{200b}\u{202e}\u{feff}\u{fff9}“，中ㄱ\u{e000}\u{e0001}😀]{0,12}") {
            let by_chars = !line.contains(['\t', '\n']) && !line.chars().any(needs_escape);
            proptest::prop_assert_eq!(is_plain_line(&line), by_chars);
        }
    }

    #[test]
    fn plain_lines() {
        assert!(is_plain_line("天地玄黃，“宇宙”洪荒。abc"));
        for s in [
            "a\tb",
            "a\nb",
            "\u{1b}",
            "a\u{ad}b",
            "中\u{200b}",
            "\u{feff}",
            "\u{85}",
        ] {
            assert!(!is_plain_line(s), "{s:?}");
        }
    }

    #[test]
    fn pane_wider_than_column() {
        let d = doc(&["甲"]);
        assert_eq!(print(&d, 200), "\u{3000}\u{3000}甲\n");
    }
}
