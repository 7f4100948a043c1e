//! Display width and terminal-safe glyphs: the one place that decides how many cells a piece of
//! text takes and what is actually sent to the terminal.
//!
//! Invariants:
//! - Widths are per grapheme cluster and agree with ratatui's cells (`UnicodeWidthStr::width`),
//!   except that in [`AmbiguousWidth::Wide`] every East-Asian-Width=A character is 2: those that
//!   unicode-width's `width_cjk` makes 2 (so one Unicode version, unicode-width's, decides), and
//!   the ambiguous letters it keeps at 1 by design, which terminals in ambiguous-wide mode (VTE,
//!   xterm) and the `cjkcheck.py` grader draw 2 wide (`display/ambiguous.rs`, `LETTERS`).
//! - A cluster is never split; the only exception is a cluster holding a character that must be
//!   escaped, which is shown character by character.
//! - No control or invisible format character ever comes out as text: C0 controls (other than
//!   tab and newline) become `^@`…`^_`, DEL `^?`, C1 controls and format characters (category
//!   Cf except ZWJ) `<U+XXXX>`; such markers are [`GlyphKind::Escaped`] glyphs whose width is
//!   their ASCII length.
//! - Tabs are [`GlyphKind::Tab`] glyphs of width 0: the caller knows the column and expands them
//!   to the next multiple of [`TAB_STOP`].

mod ambiguous;

use std::borrow::Cow;
use std::fmt::Write as _;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Tabs expand to the next multiple of this many columns.
pub const TAB_STOP: usize = 4;

/// How wide East Asian *ambiguous* characters (“ ” ‘ ’ … — · ※ …) are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum AmbiguousWidth {
    /// One column, like ratatui and most terminals by default.
    #[default]
    Narrow,
    /// Two columns, like VTE/xterm with the "ambiguous wide" setting.
    Wide,
}

/// What kind of cell content a [`Glyph`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlyphKind {
    /// Text to draw as is.
    Text,
    /// Text standing for one source character rather than the character itself: a visible
    /// marker for a control or format character (style it differently), or the join of two
    /// source lines inside a reflowed paragraph (its `\n` shows as [`line_join`], one space or
    /// nothing, and the indentation after it as nothing).
    Escaped,
    /// A tab: its width depends on the column, see [`TAB_STOP`].
    Tab,
}

/// One grapheme cluster (or marker) ready to be drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glyph<'a> {
    /// What to draw: the cluster itself, a marker, or `"\t"` for a tab.
    pub text: Cow<'a, str>,
    /// Columns taken (0 for a tab: the caller resolves it).
    pub width: u16,
    /// Text, marker or tab.
    pub kind: GlyphKind,
}

fn in_table(table: &[(u32, u32)], cp: u32) -> bool {
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// True for East-Asian-Width=A characters that [`AmbiguousWidth::Wide`] draws 2 columns wide:
/// one column in a Western context and two in a CJK one by unicode-width, or an ambiguous letter
/// (Greek, Cyrillic, Latin with some diacritics) that unicode-width keeps narrow on purpose.
pub fn is_ambiguous(c: char) -> bool {
    c.width() == Some(1) && widens(c)
}

/// [`is_ambiguous`] for a character already known to be one column wide in a Western context.
#[inline]
fn widens(c: char) -> bool {
    let cp = c as u32;
    cp >= 0xA1 && (c.width_cjk() == Some(2) || in_table(ambiguous::LETTERS, cp))
}

/// True when `c` must never reach the terminal as is (see the module doc).
#[inline]
pub fn needs_escape(c: char) -> bool {
    let cp = c as u32;
    match cp {
        0x09 | 0x0A => false,
        0x00..=0x1F | 0x7F..=0x9F => true,
        0x20..=0xAC | 0x2070..=0xFEFE => false,
        _ => in_table(ambiguous::FORMAT, cp),
    }
}

/// Appends the marker for a character that [`needs_escape`].
fn push_marker(c: char, out: &mut String) {
    let cp = c as u32;
    match cp {
        0x00..=0x1F => {
            out.push('^');
            out.push(char::from(b'@' + cp as u8));
        }
        0x7F => out.push_str("^?"),
        _ => {
            let _ = write!(out, "<U+{cp:04X}>");
        }
    }
}

/// Width of the marker of a character that [`needs_escape`].
fn marker_width(c: char) -> usize {
    let cp = c as u32;
    match cp {
        0x00..=0x1F | 0x7F => 2,
        0x80..=0xFFFF => 8,
        0x1_0000..=0xF_FFFF => 9,
        _ => 10,
    }
}

/// Columns of one character outside any cluster (controls count 0: they are escaped first).
#[inline]
pub fn char_width(c: char, amb: AmbiguousWidth) -> usize {
    let cp = c as u32;
    if cp < 0x7F {
        return usize::from(cp >= 0x20);
    }
    if (0x4E00..=0x9FFF).contains(&cp) {
        return 2;
    }
    let w = c.width().unwrap_or(0);
    if w == 1 && amb == AmbiguousWidth::Wide && widens(c) {
        2
    } else {
        w
    }
}

/// True for characters that start a cluster on their own: the cluster ends before the next
/// character unless that one extends it (checked with [`is_plain_follower`]).
#[inline]
const fn is_plain_base(cp: u32) -> bool {
    matches!(cp, 0x20..=0x7E | 0xA0..=0x2FF | 0x2010..=0x2027 | 0x3000..=0x3029 | 0x3030..=0x3098
        | 0x4E00..=0x9FFF | 0xFF01..=0xFF9D)
}

/// True for characters that never extend the cluster before them (no Extend, SpacingMark, ZWJ,
/// no Hangul or regional-indicator pairing), so the fast path can end a cluster before them.
#[inline]
pub(crate) const fn is_plain_follower(cp: u32) -> bool {
    matches!(cp, 0x00..=0x2FF | 0x2010..=0x2027 | 0x3000..=0x3029 | 0x3030..=0x3098
        | 0x4E00..=0x9FFF | 0xFF01..=0xFF9D)
}

/// The first character of `s` at byte `pos` (which must be a char boundary).
#[inline]
fn char_at(s: &str, pos: usize) -> Option<char> {
    s.get(pos..).and_then(|t| t.chars().next())
}

/// Code point and length of the UTF-8 sequence at byte `i` of valid UTF-8 `b` (a char boundary
/// before the end). Cheaper than `str::chars` because it skips validation the `str` already had.
#[inline]
pub(crate) fn decode_at(b: &[u8], i: usize) -> (u32, usize) {
    let b0 = u32::from(b[i]);
    let cont = |k: usize| u32::from(b.get(i + k).copied().unwrap_or(0x80) & 0x3F);
    if b0 < 0x80 {
        (b0, 1)
    } else if b0 < 0xE0 {
        ((b0 & 0x1F) << 6 | cont(1), 2)
    } else if b0 < 0xF0 {
        ((b0 & 0x0F) << 12 | cont(1) << 6 | cont(2), 3)
    } else {
        (
            (b0 & 0x07) << 18 | cont(1) << 12 | cont(2) << 6 | cont(3),
            4,
        )
    }
}

/// One cluster of text as the breaker and the glyph iterator see it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cluster {
    /// Byte just past the cluster.
    pub end: usize,
    /// Columns (markers included).
    pub width: usize,
    /// The first character.
    pub first: char,
    /// The last character (the same as `first` for a one-character cluster).
    pub last: char,
    /// Holds a character that [`needs_escape`].
    pub escaped: bool,
}

/// The grapheme cluster starting at byte `pos` of `s` (a char boundary before the end).
/// ASCII and CJK take a fast path; everything else asks unicode-segmentation.
#[inline]
pub(crate) fn cluster_at(s: &str, pos: usize, amb: AmbiguousWidth) -> Cluster {
    let b = s.as_bytes();
    if pos >= b.len() {
        return Cluster {
            end: b.len(),
            width: 0,
            first: ' ',
            last: ' ',
            escaped: false,
        };
    }
    let (cp, len) = decode_at(b, pos);
    let next = pos + len;
    let c = char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER);
    if is_plain_base(cp) {
        let simple = match b.get(next) {
            None => true,
            Some(&n) if n < 0x80 => true,
            Some(_) => is_plain_follower(decode_at(b, next).0),
        };
        if simple {
            let (width, escaped) = if (0x4E00..=0x9FFF).contains(&cp) {
                (2, false)
            } else if needs_escape(c) {
                (marker_width(c), true)
            } else {
                (char_width(c, amb), false)
            };
            return Cluster {
                end: next,
                width,
                first: c,
                last: c,
                escaped,
            };
        }
    } else if needs_escape(c) {
        // Controls and format characters are clusters of their own (GB4/GB5), with few
        // exceptions (Arabic number signs prepend); showing them alone is what we want anyway.
        return Cluster {
            end: next,
            width: marker_width(c),
            first: c,
            last: c,
            escaped: true,
        };
    }
    let g = s
        .get(pos..)
        .and_then(|t| t.graphemes(true).next())
        .unwrap_or("");
    let end = pos + g.len().max(len);
    slow_cluster(g, end, amb)
}

/// Width and flags of a cluster that is not on the fast path.
fn slow_cluster(g: &str, end: usize, amb: AmbiguousWidth) -> Cluster {
    let first = g.chars().next().unwrap_or(' ');
    let last = g.chars().next_back().unwrap_or(' ');
    let escaped = g.chars().any(needs_escape);
    let width = if escaped {
        g.chars()
            .map(|c| {
                if needs_escape(c) {
                    marker_width(c)
                } else {
                    char_width(c, amb)
                }
            })
            .sum()
    } else if g.len() == first.len_utf8() {
        char_width(first, amb)
    } else {
        let mut w = g.width();
        if amb == AmbiguousWidth::Wide {
            w += g
                .chars()
                .filter(|&c| c.width() == Some(1) && is_ambiguous(c))
                .count();
        }
        // Terminals that do not join an emoji ZWJ sequence (tmux, most of them) draw each
        // emoji in it: reserve the wider of the two measures, so a line never overflows.
        let per_char: usize = g.chars().map(|c| char_width(c, amb)).sum();
        w.max(per_char)
    };
    Cluster {
        end,
        width,
        first,
        last,
        escaped,
    }
}

/// Iterator behind [`glyphs`].
struct Glyphs<'a> {
    s: &'a str,
    pos: usize,
    /// While `pos < split_until`, the cluster being shown holds an escaped character and is
    /// shown one character at a time.
    split_until: usize,
    /// While `pos < join_until`, the indentation after a joined line break: drawn as nothing.
    join_until: usize,
    amb: AmbiguousWidth,
}

impl<'a> Iterator for Glyphs<'a> {
    type Item = (usize, Glyph<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let start = self.pos;
        let c = char_at(self.s, start)?;
        if c == '\n' || start < self.join_until {
            // a reflowed paragraph's source line break shows as the join, the next line's
            // indentation as nothing; one glyph per source character, like a marker
            let sep = if c == '\n' {
                let end = join_end(self.s, start);
                self.join_until = end;
                line_join(
                    self.s.get(..start).unwrap_or(""),
                    self.s.get(end..).unwrap_or(""),
                )
            } else {
                ""
            };
            self.pos = start + c.len_utf8();
            return Some((
                start,
                Glyph {
                    text: Cow::Borrowed(sep),
                    width: sep.len() as u16,
                    kind: GlyphKind::Escaped,
                },
            ));
        }
        if start < self.split_until || c == '\t' || needs_escape(c) {
            self.pos = start + c.len_utf8();
            return Some((start, char_glyph(self.s, start, c, self.amb)));
        }
        let cl = cluster_at(self.s, start, self.amb);
        if cl.escaped {
            self.split_until = cl.end;
            self.pos = start + c.len_utf8();
            return Some((start, char_glyph(self.s, start, c, self.amb)));
        }
        self.pos = cl.end;
        let text = self.s.get(start..cl.end).unwrap_or("");
        Some((
            start,
            Glyph {
                text: Cow::Borrowed(text),
                width: cl.width as u16,
                kind: GlyphKind::Text,
            },
        ))
    }
}

/// One past the line break at `nl` and the indentation after it: the extent of the join of
/// two source lines inside a reflowed paragraph.
pub fn join_end(s: &str, nl: usize) -> usize {
    let rest = s.get(nl + 1..).unwrap_or("");
    let blanks = rest.len()
        - rest
            .trim_start_matches(|c: char| c != '\n' && (c.is_whitespace() || c == '\u{FEFF}'))
            .len();
    let end = nl + 1 + blanks;
    // a combining mark after the indentation belongs to its last blank: leave that blank to the
    // text, so no line break ever falls inside the cluster
    let on_boundary = unicode_segmentation::GraphemeCursor::new(end, s.len(), true)
        .is_boundary(s, 0)
        .unwrap_or(true);
    if blanks > 0 && !on_boundary {
        s.get(..end)
            .and_then(|t| t.char_indices().next_back())
            .map_or(end, |(i, _)| i.max(nl + 1))
    } else {
        end
    }
}

/// What a line break inside a reflowed paragraph shows as, between the text `before` it and
/// the text `after` the next line's indentation: nothing next to a CJK character (Chinese
/// has no spaces between words), nothing after a hyphen between letters (`well-` `known`
/// was one word cut by the wrapper), nothing at either end of a display line, and one space
/// between Latin words.
pub fn line_join(before: &str, after: &str) -> &'static str {
    let mut back = before.chars().rev();
    let (Some(last), Some(first)) = (back.next(), after.chars().next()) else {
        return "";
    };
    let joins_tight = |c: char| {
        char_width(c, AmbiguousWidth::Narrow) == 2
            || matches!(c as u32, 0x2014..=0x2026 | 0x00B7 | 0x3000..=0x303F | 0xFF00..=0xFFEF)
    };
    if joins_tight(last) || joins_tight(first) || last.is_whitespace() {
        return "";
    }
    if last == '-' && back.next().is_some_and(char::is_alphabetic) && first.is_alphabetic() {
        return "";
    }
    " "
}

/// The glyph of the single character `c` at byte `pos`.
fn char_glyph(s: &str, pos: usize, c: char, amb: AmbiguousWidth) -> Glyph<'_> {
    if c == '\t' {
        Glyph {
            text: Cow::Borrowed("\t"),
            width: 0,
            kind: GlyphKind::Tab,
        }
    } else if needs_escape(c) {
        let mut m = String::new();
        push_marker(c, &mut m);
        Glyph {
            width: m.len() as u16,
            text: Cow::Owned(m),
            kind: GlyphKind::Escaped,
        }
    } else {
        let text = s.get(pos..pos + c.len_utf8()).unwrap_or("");
        Glyph {
            text: Cow::Borrowed(text),
            width: char_width(c, amb) as u16,
            kind: GlyphKind::Text,
        }
    }
}

/// The glyphs of `s`, one per grapheme cluster, each with its byte offset in `s`.
pub fn glyphs(s: &str, amb: AmbiguousWidth) -> impl Iterator<Item = (usize, Glyph<'_>)> {
    Glyphs {
        s,
        pos: 0,
        split_until: 0,
        join_until: 0,
        amb,
    }
}

/// The glyphs of `s[from..]`, each with its byte offset from `from`, read in the context of
/// the text before `from`: a reflow join at the start of a display line shows as the breaker
/// measured it (`well-` + `known` joins tight even when `-` begins the line).
pub fn glyphs_from(
    s: &str,
    from: usize,
    amb: AmbiguousWidth,
) -> impl Iterator<Item = (usize, Glyph<'_>)> {
    Glyphs {
        s,
        pos: from,
        split_until: 0,
        join_until: 0,
        amb,
    }
    .map(move |(at, g)| (at - from, g))
}

/// Columns `s` takes when drawn from column 0 (tabs expanded, markers counted).
pub fn str_width(s: &str, amb: AmbiguousWidth) -> usize {
    glyphs(s, amb).fold(0, |col, (_, g)| match g.kind {
        GlyphKind::Tab => col + TAB_STOP - col % TAB_STOP,
        _ => col + g.width as usize,
    })
}

/// `s` with every control and format character replaced by its marker, for one-line places
/// (outline titles, file names, the status line, error messages); tabs and newlines become a
/// space there.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c == '\t' || c == '\n' || needs_escape(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c == '\t' || c == '\n' {
            out.push(' ');
        } else if needs_escape(c) {
            push_marker(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `s` sanitized and cut to at most `max_width` columns; when cut, it ends with `…` (which
/// still fits). Neither a wide character nor a marker is ever cut in half.
pub fn truncate(s: &str, max_width: usize, amb: AmbiguousWidth) -> String {
    let clean = sanitize(s);
    if str_width(&clean, amb) <= max_width {
        return clean.into_owned();
    }
    let ellipsis = char_width('…', amb);
    let room = max_width.checked_sub(ellipsis);
    let mut out = String::new();
    let mut col = 0;
    for (_, g) in glyphs(s, amb) {
        let (text, w) = match g.kind {
            GlyphKind::Tab => (" ", 1),
            _ if g.text == "\n" => (" ", 1),
            _ => (&*g.text, usize::from(g.width)),
        };
        if col + w > room.unwrap_or(max_width) {
            break;
        }
        col += w;
        out.push_str(text);
    }
    if room.is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use AmbiguousWidth::{Narrow, Wide};

    fn kinds(s: &str) -> Vec<(usize, String, u16, GlyphKind)> {
        glyphs(s, Narrow)
            .map(|(i, g)| (i, g.text.into_owned(), g.width, g.kind))
            .collect()
    }

    #[test]
    fn widths() {
        assert_eq!(str_width("天地玄黃", Narrow), 8);
        assert_eq!(str_width("ab，c", Narrow), 5);
        assert_eq!(str_width("“甲”", Narrow), 4);
        assert_eq!(str_width("“甲”", Wide), 6);
        assert_eq!(str_width("……——", Narrow), 4);
        assert_eq!(str_width("……——", Wide), 8);
        // Greek is ambiguous: wide in Wide mode even though width_cjk says 1.
        assert_eq!(str_width("ψ", Wide), 2);
        assert_eq!(str_width("e\u{301}", Narrow), 1);
        assert_eq!(str_width("a\tb", Narrow), 5);
        assert_eq!(str_width("abcd\tb", Narrow), 9);
        // an emoji sequence takes what its emoji take where the terminal does not join them
        assert_eq!(str_width("👍🏽", Narrow), 4);
        assert_eq!(str_width("👨\u{200D}🎓", Narrow), 4);
        assert_eq!(str_width("☸\u{FE0F}", Narrow), 2);
    }

    #[test]
    fn clusters_are_never_split() {
        let g = kinds("e\u{301}甲\u{FE0F}a");
        assert_eq!(g.len(), 3);
        assert_eq!(g[0].1, "e\u{301}");
        assert_eq!(g[1], (3, "甲\u{FE0F}".to_owned(), 2, GlyphKind::Text));
        assert_eq!(g[2].0, 9);
    }

    #[test]
    fn controls_become_markers() {
        let g = kinds("a\u{1}\u{7F}\u{85}\u{202E}\tb");
        let shown: Vec<_> = g.iter().map(|x| (x.1.as_str(), x.2, x.3)).collect();
        assert_eq!(
            shown,
            [
                ("a", 1, GlyphKind::Text),
                ("^A", 2, GlyphKind::Escaped),
                ("^?", 2, GlyphKind::Escaped),
                ("<U+0085>", 8, GlyphKind::Escaped),
                ("<U+202E>", 8, GlyphKind::Escaped),
                ("\t", 0, GlyphKind::Tab),
                ("b", 1, GlyphKind::Text),
            ]
        );
        // ZWJ stays inside its emoji sequence.
        assert_eq!(kinds("👨\u{200D}👩").len(), 1);
    }

    /// One Unicode version (issue 14, item 5): wide mode widens what unicode-width's
    /// `width_cjk` widens, plus only the ambiguous letters its rule 6 keeps narrow on purpose;
    /// and every escaped format character is one unicode-width gives no columns, but those it
    /// draws as visible marks (prepended concatenation marks, interlinear annotation anchors,
    /// Egyptian hieroglyph format controls), which gangmu escapes all the same.
    #[test]
    fn ambiguous_and_format_tables_agree_with_unicode_width() {
        let visible_format = |cp: u32| {
            matches!(
                cp,
                0x0600..=0x0605
                    | 0x06DD
                    | 0x070F
                    | 0x0890..=0x0891
                    | 0x08E2
                    | 0x110BD
                    | 0x110CD
                    | 0xFFF9..=0xFFFB
                    | 0x13430..=0x1343F
            )
        };
        let mut letters = 0;
        for cp in 0..=0x10_FFFF_u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let cjk_wide = cp >= 0xA1 && c.width() == Some(1) && c.width_cjk() == Some(2);
            if in_table(ambiguous::LETTERS, cp) {
                letters += 1;
                // a letter or a spacing modifier symbol that unicode-width keeps narrow
                let modifier = (0xA8..=0xB8).contains(&cp) || (0x02C4..=0x02DF).contains(&cp);
                assert!(c.is_alphabetic() || modifier, "U+{cp:04X} is no letter");
                assert_eq!((c.width(), c.width_cjk()), (Some(1), Some(1)), "U+{cp:04X}");
                assert_eq!(char_width(c, Wide), 2, "U+{cp:04X}");
            } else if c.width().is_some() && !(0x4E00..=0x9FFF).contains(&cp) {
                let expected = if cjk_wide { 2 } else { c.width().unwrap_or(0) };
                assert_eq!(char_width(c, Wide), expected, "U+{cp:04X}");
            }
            if cp > 0xA0 && in_table(ambiguous::FORMAT, cp) {
                let width = c.width();
                assert!(
                    width == Some(0) || visible_format(cp),
                    "U+{cp:04X}: format character {width:?} wide in unicode-width"
                );
            }
        }
        assert!(letters > 150, "{letters}");
        assert_eq!(str_width("café ψ Я", Wide), 11);
        assert_eq!(str_width("café ψ Я", Narrow), 8);
    }

    #[test]
    fn sanitize_and_truncate() {
        assert!(matches!(sanitize("第一章"), Cow::Borrowed(_)));
        assert_eq!(sanitize("a\u{1b}[2J\u{2066}b\tc"), "a^[[2J<U+2066>b c");
        assert_eq!(truncate("天地玄黃宇宙", 12, Narrow), "天地玄黃宇宙");
        assert_eq!(truncate("天地玄黃宇宙", 11, Narrow), "天地玄黃宇…");
        assert_eq!(truncate("天地玄黃宇宙", 10, Narrow), "天地玄黃…");
        assert_eq!(truncate("天地玄黃宇宙", 10, Wide), "天地玄黃…");
        assert_eq!(truncate("天地玄黃宇宙", 9, Wide), "天地玄…");
        assert_eq!(truncate("abc", 0, Narrow), "");
        assert_eq!(truncate("a\u{202E}bcdefghijk", 6, Narrow), "a…");
    }

    proptest::proptest! {
        #[test]
        fn glyphs_cover_the_text_and_hide_controls(s in "[\\x00-\\x{7f}\\u{80}-\\u{9f}甲，“…\\u{301}\\u{200d}\\u{202e}\\u{fe0f}👍 \\t]{0,40}") {
            let mut next = 0;
            let mut rebuilt = String::new();
            for (at, g) in glyphs(&s, Narrow) {
                proptest::prop_assert_eq!(at, next);
                let c = s.get(at..).and_then(|t| t.chars().next()).expect("offset on a char");
                let len = if g.kind == GlyphKind::Escaped { c.len_utf8() } else { g.text.len() };
                next = at + len;
                if g.kind == GlyphKind::Escaped {
                    proptest::prop_assert!(g.text.is_ascii());
                    proptest::prop_assert_eq!(usize::from(g.width), g.text.len());
                    rebuilt.push(c);
                } else {
                    proptest::prop_assert!(!g.text.chars().any(needs_escape));
                    rebuilt.push_str(&g.text);
                }
            }
            proptest::prop_assert_eq!(next, s.len());
            proptest::prop_assert_eq!(rebuilt, s.clone());
            let clean = sanitize(&s);
            proptest::prop_assert!(!clean.chars().any(|c| c.is_control() || needs_escape(c)));
        }
    }
}
