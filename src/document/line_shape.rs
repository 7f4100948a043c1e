//! What a plain-text paragraph's line looks like, read once by the parser ([`super::plain`])
//! while the line is in the CPU caches.
//!
//! The section tree is decided after the whole text is known ([`super::structure`]), and its
//! evidence (page furniture, preformatted lines, the body's indentation, titles standing alone)
//! asks the same few questions of every short line. Asked then, each question read the line
//! from memory again: on a 100 MB book the cache misses of those later passes cost more than
//! the questions. The answers are a few bits, kept in [`super::Paragraph::shape`] (in what was
//! padding, so no memory is added), and the later passes read the text only for the rare lines
//! the bits do not settle.
//!
//! The bits about the line's content are answered for lines of at most [`SHORT_LINE_BYTES`]
//! (longer lines are prose, and every question here is about short lines); for longer lines
//! they are false and the few callers that still ask read the text.

/// Longest line (bytes) whose content bits are filled in.
pub const SHORT_LINE_BYTES: usize = 300;
/// Longest line (in characters) that may be an unnumbered title ([`LineShape::TITLE_SHAPED`]).
pub const UNNUMBERED_MAX_CHARS: usize = 60;
/// Preformatted lines are at most this wide, indentation included (wider lines are prose
/// however they look).
pub const PREFORMATTED_MAX_COLUMNS: usize = 100;

/// Least indentation (columns) of a body that counts as indented (an RFC's 3 columns).
pub const INDENTED_BODY_MIN: usize = 2;
/// Columns deeper than an indented body that make a line part of an indented block (an example
/// or a figure).
pub const DEEP_BLOCK_EXTRA: usize = 3;
/// Least indentation (columns) of a line in a block indented deeper than an indented body.
pub const DEEP_BLOCK_MIN_INDENT: usize = INDENTED_BODY_MIN + DEEP_BLOCK_EXTRA;

/// The facts of one paragraph's line (see the module doc). `Default` is a line nothing is known
/// of: no bit set, no indentation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LineShape {
    bits: u16,
    /// Columns of indentation before the paragraph on its line (a tab to the next multiple of
    /// 8, U+3000 two columns, a byte-order mark none), as [`super::line_indent`] counts them;
    /// 0 for a continuation piece.
    pub indent: u16,
}

impl LineShape {
    /// A form feed lies between the previous paragraph and this one (a page break).
    pub const FORM_FEED_BEFORE: u16 = 1;
    /// The indentation ends in something other than an ASCII space (a tab, U+3000).
    pub const WIDE_INDENT: u16 = 1 << 1;
    /// A run of three spaces or a tab between two visible characters ([`has_aligned_run`]).
    pub const ALIGNED_RUN: u16 = 1 << 2;
    /// Box drawing or block elements ([`has_box_drawing`]).
    pub const BOX_DRAWING: u16 = 1 << 3;
    /// One of `。，；！？`: a sentence, not a laid-out line.
    pub const SENTENCE_MARK: u16 = 1 << 4;
    /// Ends in `[Page N]` ([`ends_with_page_number`]).
    pub const PAGE_FOOTER: u16 = 1 << 5;
    /// Ends in a page number after a dot leader ([`has_leader_and_page`]).
    pub const LEADER_PAGE: u16 = 1 << 6;
    /// No wider than [`PREFORMATTED_MAX_COLUMNS`] with its indentation (answered only for a
    /// line that could be laid out: without [`Self::SENTENCE_MARK`], and with
    /// [`Self::ALIGNED_RUN`], [`Self::BOX_DRAWING`] or at least [`DEEP_BLOCK_MIN_INDENT`] columns
    /// of indentation).
    pub const NARROW: u16 = 1 << 7;
    /// Could be a title standing alone: at most [`UNNUMBERED_MAX_CHARS`] characters, opens
    /// with a capital or a non-ASCII character, no `。` or `；`, and does not end in a stop or a
    /// comma ([`is_title_shaped`]).
    pub const TITLE_SHAPED: u16 = 1 << 8;
    /// The paragraph spans several source lines (joined by reflow).
    pub const MULTI_LINE: u16 = 1 << 9;

    /// The shape of a line whose paragraph text is `text`, indented by `indentation` (the
    /// whitespace before it on its line); `form_feed_before` says whether the gap since the
    /// previous paragraph held a form feed.
    pub fn of(text: &str, indentation: &str, form_feed_before: bool) -> Self {
        let mut shape = Self {
            bits: 0,
            indent: u16::try_from(indent_columns(indentation)).unwrap_or(u16::MAX),
        };
        if form_feed_before {
            shape.bits |= Self::FORM_FEED_BEFORE;
        }
        if indentation.as_bytes().last().is_some_and(|&b| b != b' ') {
            shape.bits |= Self::WIDE_INDENT;
        }
        shape.read_content(text);
        shape
    }

    /// The shape of a paragraph that reflow made of this line and the lines after it, its
    /// whole text now `text`: the content is read again (a later line may hold a stop).
    #[must_use]
    pub fn joined(self, text: &str) -> Self {
        let mut shape = Self {
            bits: self.bits & (Self::FORM_FEED_BEFORE | Self::WIDE_INDENT) | Self::MULTI_LINE,
            indent: self.indent,
        };
        shape.read_content(text);
        shape
    }

    /// Sets the bits about the content of `text`.
    fn read_content(&mut self, text: &str) {
        if text.len() > SHORT_LINE_BYTES {
            return;
        }
        let t = text.trim();
        let found = scan_bytes(t.as_bytes());
        let sentence = found & (FULL_STOP_OR_SEMICOLON | OTHER_SENTENCE_MARK) != 0;
        for (set, bit) in [
            (found & (TAB | THREE_SPACES) != 0, Self::ALIGNED_RUN),
            (found & BOX != 0, Self::BOX_DRAWING),
            (sentence, Self::SENTENCE_MARK),
            (ends_with_page_number(t), Self::PAGE_FOOTER),
            (has_leader_and_page(t), Self::LEADER_PAGE),
            (
                found & FULL_STOP_OR_SEMICOLON == 0 && is_title_shaped(text),
                Self::TITLE_SHAPED,
            ),
        ] {
            if set {
                self.bits |= bit;
            }
        }
        // the width (cluster by cluster) is asked only of a line that could be laid out
        let laid_out = self.bits & (Self::ALIGNED_RUN | Self::BOX_DRAWING) != 0
            || self.indent() >= DEEP_BLOCK_MIN_INDENT;
        if !sentence
            && laid_out
            && crate::display::str_width(text, crate::display::AmbiguousWidth::Narrow)
                + self.indent()
                <= PREFORMATTED_MAX_COLUMNS
        {
            self.bits |= Self::NARROW;
        }
    }

    /// True when every bit of `bit` is set.
    pub const fn has(self, bit: u16) -> bool {
        self.bits & bit == bit
    }

    /// Columns of indentation.
    pub fn indent(self) -> usize {
        usize::from(self.indent)
    }
}

/// Columns of a line's leading whitespace (see [`LineShape::indent`]).
pub fn indent_columns(indentation: &str) -> usize {
    let mut cols = 0;
    for c in indentation.chars() {
        cols = match c {
            '\t' => (cols / 8 + 1) * 8,
            '\u{3000}' => cols + 2,
            '\u{FEFF}' => cols,
            _ => cols + 1,
        };
    }
    cols
}

/// [`scan_bytes`]: a `。` or a `；`.
const FULL_STOP_OR_SEMICOLON: u8 = 1;
/// [`scan_bytes`]: a `，`, `！` or `？`.
const OTHER_SENTENCE_MARK: u8 = 1 << 1;
/// [`scan_bytes`]: a tab.
const TAB: u8 = 1 << 2;
/// [`scan_bytes`]: three ASCII spaces in a row.
const THREE_SPACES: u8 = 1 << 3;
/// [`scan_bytes`]: box drawing or a block element (see [`has_box_drawing`]).
const BOX: u8 = 1 << 4;

/// What a short line holds, in one pass over its bytes that the compiler vectorises (a search
/// per question cost more on lines this short than reading them): tabs, runs of three spaces,
/// box drawing (`E2 94 xx`, `E2 95 xx`, `E2 96 80..9F`) and the sentence marks `。`
/// (`E3 80 82`), `；` (`EF BC 9B`) and `，！？` (`EF BC 8C/81/9F`), as the bits above.
fn scan_bytes(b: &[u8]) -> u8 {
    // three slices of one length (the triples' first, second and third bytes)
    let triples = b.len().saturating_sub(2);
    let first = b.get(..triples).unwrap_or(&[]);
    let second = b.get(1..=triples).unwrap_or(&[]);
    let third = b.get(2..triples + 2).unwrap_or(&[]);
    let found = first
        .iter()
        .zip(second)
        .zip(third)
        .fold(0u8, |found, ((&a, &b), &c)| {
            // (`&` and `|`, not `&&` and `||`: no branch per byte)
            let lead_ef_bc = u8::from(a == 0xEF) & u8::from(b == 0xBC);
            found
                | (u8::from(a == b'\t') * TAB)
                | ((u8::from(a == b' ') & u8::from(b == b' ') & u8::from(c == b' ')) * THREE_SPACES)
                | ((u8::from(a == 0xE2)
                    & (u8::from(b == 0x94)
                        | u8::from(b == 0x95)
                        | (u8::from(b == 0x96) & u8::from(c < 0xA0))))
                    * BOX)
                | (((u8::from(a == 0xE3) & u8::from(b == 0x80) & u8::from(c == 0x82))
                    | (lead_ef_bc & u8::from(c == 0x9B)))
                    * FULL_STOP_OR_SEMICOLON)
                | ((lead_ef_bc & (u8::from(c == 0x8C) | u8::from(c == 0x81) | u8::from(c == 0x9F)))
                    * OTHER_SENTENCE_MARK)
        });
    // the last two bytes, which no triple starts at
    let tail_tab = b.iter().rev().take(2).any(|&x| x == b'\t');
    found | (u8::from(tail_tab) * TAB)
}

/// Box drawing or block elements (U+2500–U+259F: UTF-8 `E2 94 xx`, `E2 95 xx`, `E2 96 80..9F`;
/// not the geometric shapes from U+25A0 on, such as the `□` of a missing character).
pub fn has_box_drawing(text: &str) -> bool {
    scan_bytes(text.as_bytes()) & BOX != 0
}

/// A run of three or more ASCII spaces (or a tab) between two visible characters.
pub fn has_aligned_run(text: &str) -> bool {
    // trimmed, every run of spaces and every tab lies between two visible characters
    scan_bytes(text.trim().as_bytes()) & (TAB | THREE_SPACES) != 0
}

/// `… [Page 12]`, the footer of a paginated plain text.
pub fn ends_with_page_number(text: &str) -> bool {
    let t = text.trim_end();
    let Some(inner) = t.strip_suffix(']') else {
        return false;
    };
    let Some(open) = inner.rfind('[') else {
        return false;
    };
    let label = inner.get(open + 1..).unwrap_or("");
    let digits = label.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let word = label.get(..label.len() - digits.len()).unwrap_or("");
    let digits = digits.trim();
    word.eq_ignore_ascii_case("page")
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `1. Introduction ........ 3`, `第一章 总纲……3`.
pub fn has_leader_and_page(text: &str) -> bool {
    let t = text.trim_end();
    let body = t.trim_end_matches(|c: char| c.is_ascii_digit());
    if body.len() == t.len() {
        return false;
    }
    let body = body.trim_end();
    let leader = body
        .chars()
        .rev()
        .take_while(|&c| matches!(c, '.' | '…' | '·' | '．' | '-' | '_' | ','))
        .count();
    leader >= 3
}

/// A line that could be a title standing alone (see [`LineShape::TITLE_SHAPED`]).
pub fn is_title_shaped(text: &str) -> bool {
    // the tests that look at one place first: most lines of a book fail one of them
    text.len() <= UNNUMBERED_MAX_CHARS * 4
        && !text.ends_with([
            '.', ':', ',', ';', '。', '：', '，', '；', '、', '!', '?', '！', '？',
        ])
        && text.starts_with(|c: char| c.is_ascii_uppercase() || !c.is_ascii())
        && !text.contains(['。', '；'])
        && text.chars().count() <= UNNUMBERED_MAX_CHARS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligned_runs_and_page_footers() {
        assert!(has_aligned_run("date-month      = 2DIGIT  ; 01-12"));
        assert!(has_box_drawing("│ a │ b │") && has_box_drawing("▀▄"));
        assert!(!has_box_drawing("“璧水□”成珠") && !has_box_drawing("“引号”"));
        assert!(!has_aligned_run("consistency.  This document addresses"));
        assert!(!has_aligned_run("   indented only"));
        assert!(ends_with_page_number(
            "Klyne, et. al.   Standards Track   [Page 3]"
        ));
        assert!(ends_with_page_number("[Page 12]"));
        assert!(!ends_with_page_number("see [RFC2119]"));
    }

    #[test]
    fn a_line_is_measured_once() {
        let s = LineShape::of("Name      Value", "\u{3000}", true);
        assert!(s.has(LineShape::ALIGNED_RUN) && s.has(LineShape::NARROW));
        assert!(s.has(LineShape::FORM_FEED_BEFORE) && s.has(LineShape::WIDE_INDENT));
        assert_eq!(s.indent(), 2);
        let s = LineShape::of("他说：“好。”", "  ", false);
        assert!(s.has(LineShape::SENTENCE_MARK) && !s.has(LineShape::NARROW));
        assert!(!s.has(LineShape::WIDE_INDENT) && !s.has(LineShape::TITLE_SHAPED));
        assert_eq!(s.indent(), 2);
        assert!(LineShape::of("Security Considerations", "", false).has(LineShape::TITLE_SHAPED));
        // a long line is prose: nothing about its content is answered
        let long = "x   y".repeat(100);
        assert_eq!(
            LineShape::of(&long, "\t", false).bits,
            LineShape::WIDE_INDENT
        );
        assert_eq!(LineShape::of("a", "\t\u{3000}x", false).indent(), 11);
    }

    proptest::proptest! {
        #[test]
        fn one_pass_answers_as_the_searches_do(text in "[。，；！？、：“”a \t│▀■　一-龥\u{3000}-\u{303F}\u{FF00}-\u{FF65}]{0,12}") {
            let found = scan_bytes(text.as_bytes());
            proptest::prop_assert_eq!(
                found & FULL_STOP_OR_SEMICOLON != 0,
                text.contains(['。', '；'])
            );
            proptest::prop_assert_eq!(
                found & (FULL_STOP_OR_SEMICOLON | OTHER_SENTENCE_MARK) != 0,
                text.contains(['。', '，', '；', '！', '？'])
            );
            proptest::prop_assert_eq!(found & TAB != 0, text.contains('\t'));
            proptest::prop_assert_eq!(found & THREE_SPACES != 0, text.contains("   "));
            let boxed = text.chars().any(|c| ('\u{2500}'..='\u{259F}').contains(&c));
            proptest::prop_assert_eq!(found & BOX != 0, boxed);
        }

        #[test]
        fn aligned_runs_are_found_in_one_pass(text in "[ \ta。]{0,12}") {
            let t = text.trim().as_bytes();
            let expected = t.contains(&b'\t') || t.windows(3).any(|w| w == b"   ");
            proptest::prop_assert_eq!(has_aligned_run(&text), expected);
        }
    }

    #[test]
    fn indentation_counts_as_line_indent_does() {
        // a tab to the next multiple of 8, U+3000 two columns, a byte-order mark none
        for (indent, cols) in [
            ("", 0),
            ("  ", 2),
            ("\t", 8),
            (" \t", 8),
            ("\u{3000}\u{3000}", 4),
            ("\u{FEFF}  ", 2),
        ] {
            assert_eq!(indent_columns(indent), cols, "{indent:?}");
            let text = format!("前文\n{indent}正文");
            assert_eq!(
                crate::document::line_indent(&text, text.len() - "正文".len()),
                cols,
                "{indent:?}"
            );
        }
    }
}
