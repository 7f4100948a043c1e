//! Reflow of hard-wrapped plain text: the source lines of one paragraph become one paragraph.
//!
//! Many plain texts (download-site novels wrapped at 30–40 characters, manuals, RFCs, mail,
//! Project Gutenberg books) cut their paragraphs into lines of one fixed width. The parser
//! ([`super::plain`]) makes one paragraph per line; [`join_wrapped_lines`] then joins the lines
//! that continue a paragraph, **per region** (a block of [`REGION_LINES`] lines), so that a file
//! mixing a wrapped body with a table or a poem reflows only what was wrapped.
//!
//! **Representation.** A joined paragraph's `range` spans its source lines: the text between two
//! of its lines is the `\n` and the next line's indentation, kept as they are in
//! [`super::Document::text`]. Nothing is copied or rewritten, so offsets stay offsets into the
//! source and the paragraph's `line` is its first source line (`--outline`, `-s`, `:`, resume
//! and marks all work as before). The layout ([`crate::layout::breaker`]) and every drawer
//! ([`crate::display::glyphs`]) read `\n` plus indentation inside a paragraph as the join
//! [`crate::display::line_join`]: nothing next to a CJK character, nothing after a hyphen
//! between letters, one space between Latin words.
//!
//! **Detection.** A region is hard-wrapped when it has enough prose lines, most of them end
//! close to one common width (the 90th percentile of the line widths, between
//! [`MIN_WRAP_COLUMNS`] and [`MAX_WRAP_COLUMNS`]) and hardly any is wider. A line then continues
//! into the next when the next word (or CJK character) would not have fitted on it, the next
//! line has the region's continuation indentation (a first-line indent starts a paragraph),
//! and neither line is a heading candidate, a list item, preformatted (tabs, box drawing, runs
//! of spaces, deep indentation) or a piece of a cut long line. Short lines (a poem, dialogue, a
//! signature block) end where they end.
//!
//! The parser joins within one `feed`; fed in pieces (the reader's background loader, the
//! streamed `--outline` and `--print`), a [`super::plain::PlainParser::streaming`] parser holds
//! back the lines that could still join the next piece's, so every path makes the paragraphs
//! of one whole-text feed (the reader stops holding past 16 MiB held: a text with nowhere
//! reflow could not join across is shown rather than held).

use super::LineShape;
use super::line_shape::SHORT_LINE_BYTES;
use super::structure::Cand;
use super::{MAX_PARAGRAPH_BYTES, Paragraph};
use crate::display::{AmbiguousWidth, char_width};

/// Whether hard-wrapped lines are joined (`--reflow`, the config's `reflow`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, clap::ValueEnum)]
pub enum Reflow {
    /// Join lines in regions that look hard-wrapped.
    #[default]
    Auto,
    /// One paragraph per source line, as written.
    Never,
    /// Join continuation lines in every region, whether it looks wrapped or not.
    Always,
}

impl Reflow {
    /// The name used on the command line and in the config file.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Never => "never",
            Self::Always => "always",
        }
    }

    /// The setting called `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Auto, Self::Never, Self::Always]
            .into_iter()
            .find(|r| r.name() == name)
    }
}

/// Lines per region whose wrap width is judged together.
pub const REGION_LINES: usize = 256;
/// Narrowest wrap width (columns) taken for hard wrapping: narrower regular lines are verse.
pub const MIN_WRAP_COLUMNS: usize = 40;
/// Widest wrap width (columns): wider lines are paragraphs written one per line.
pub const MAX_WRAP_COLUMNS: usize = 160;
/// Fewest prose lines a region needs before it is judged at all.
const MIN_REGION_LINES: usize = 8;
/// A line this long (bytes) or longer is never a wrapped line.
const MAX_LINE_BYTES: usize = 1024;
/// Indentation (columns) from which a line is an indented block, not prose.
const DEEP_INDENT: usize = 8;

/// What one source line (one paragraph from the parser) looks like.
#[derive(Debug, Clone, Copy)]
struct LineFacts {
    /// Display columns including the indentation.
    width: usize,
    /// Columns of indentation.
    indent: usize,
    /// Columns of its first word (Latin) or character (CJK): what the wrapper could not fit on
    /// the line before.
    first_unit: usize,
    /// A prose line that may take part in a join.
    joinable: bool,
}

impl LineFacts {
    const UNJOINABLE: Self = Self {
        width: 0,
        indent: 0,
        first_unit: 0,
        joinable: false,
    };
}

/// True when more than 1 in 20 of the lines that could join are wider than any wrap width can
/// be, judged by bytes alone (a line of more than twice as many bytes as columns allowed: a
/// character of 1 to 4 bytes is 1 or 2 columns). [`region`] would find too many lines over the
/// common width (unless many of those long lines were list items or preformatted, which a
/// hard-wrapped text does not have), so the region is taken as not hard-wrapped and its lines
/// are not measured: the cost of reflow detection on a book that is not hard-wrapped.
fn plainly_unwrapped(lines: &[Paragraph], excluded: impl Fn(usize) -> bool) -> bool {
    // the widest a line of a wrapped region may be: the widest wrap width and its tolerance
    let over_bytes = 2 * (MAX_WRAP_COLUMNS + MAX_WRAP_COLUMNS / 16);
    let mut could_join = 0;
    let mut over = 0;
    for (k, p) in lines.iter().enumerate() {
        if p.continuation || p.range.len() >= MAX_LINE_BYTES || excluded(k) {
            continue;
        }
        could_join += 1;
        over += usize::from(p.range.len() > over_bytes);
    }
    over * 20 > could_join
}

/// True when the line-level paragraphs `paras` (one per source line, as the parser made them,
/// the first at the start of a region; `text` holds them at `base`) can be joined in two
/// `feed`s, `paras[..k]` and `paras[k..]`, with the result of one: `k` starts a region, the
/// line before it and its own could never join (a blank line between, a heading candidate,
/// either line not prose: `candidate(i)` says whether `paras[i]` is a candidate), and whether
/// `paras[k]` continues a cut line does not matter to `paras[k - 1]` (too long to be measured).
pub(super) fn may_split_before(
    text: &str,
    base: usize,
    paras: &[Paragraph],
    k: usize,
    candidate: impl Fn(usize) -> bool,
) -> bool {
    let (Some(a), Some(b)) = (k.checked_sub(1).and_then(|j| paras.get(j)), paras.get(k)) else {
        return false;
    };
    if !k.is_multiple_of(REGION_LINES) || (b.continuation && a.range.len() < MAX_LINE_BYTES) {
        return false;
    }
    b.line != a.line + 1
        || candidate(k - 1)
        || candidate(k)
        || !line_facts(text, base, a, false).joinable
        || !line_facts(text, base, b, false).joinable
}

/// The wrap width of one region, if it is hard-wrapped.
#[derive(Debug, Clone, Copy)]
struct Region {
    /// The common line width.
    width: usize,
    /// The indentation of continuation lines.
    indent: usize,
}

/// Joins the continuation lines of hard-wrapped regions among `paras` (one paragraph per
/// line, as the parser made them). `text` holds them at `base` (their ranges are absolute);
/// `first` is the absolute index of `paras[0]`; `cands` (absolute indices) are renumbered.
pub(super) fn join_wrapped_lines(
    text: &str,
    base: usize,
    first: u32,
    paras: &mut Vec<Paragraph>,
    cands: &mut [Cand],
    mode: Reflow,
) {
    if mode == Reflow::Never || paras.len() < 2 {
        return;
    }
    // which lines hold a heading candidate (by index into `paras`)
    let mut candidate_at = vec![false; paras.len()];
    for c in cands.iter() {
        if let Some(at) = c
            .para
            .checked_sub(first)
            .and_then(|k| candidate_at.get_mut(k as usize))
        {
            *at = true;
        }
    }
    let excluded = |i: usize| {
        paras.get(i + 1).is_some_and(|n| n.continuation) || candidate_at.get(i) == Some(&true)
    };
    // Region by region, with the facts of one region and the first line of the next (which may
    // continue it) in a buffer used again: facts for every line of a 100 MB text at once cost
    // more in fresh memory than in measuring.
    let mut joins = vec![false; paras.len()];
    let mut facts: Vec<LineFacts> = Vec::with_capacity(REGION_LINES + 1);
    let mut starts_paragraph = true;
    let mut paragraph_start = 0;
    for (r, lines) in paras.chunks(REGION_LINES).enumerate() {
        let at = r * REGION_LINES;
        // a region with too many lines certainly wider than any wrap width is not measured
        // (most regions of most texts): only its first line, which may continue the region
        // before
        let plain = mode == Reflow::Auto && plainly_unwrapped(lines, |k| excluded(at + k));
        let measure = |i: usize| match paras.get(i) {
            Some(p) => line_facts(text, base, p, excluded(i)),
            None => LineFacts::UNJOINABLE,
        };
        // facts[k] is line at + k; the region's first line was measured as the line after the
        // region before
        let first_line = match facts.last() {
            Some(&f) if at > 0 => f,
            _ => measure(at),
        };
        facts.clear();
        facts.push(first_line);
        if plain {
            facts.resize(lines.len(), LineFacts::UNJOINABLE);
        } else {
            facts.extend((at + 1..at + lines.len()).map(measure));
        }
        facts.push(measure(at + lines.len()));
        let region = if plain {
            None
        } else {
            region(&facts[..lines.len()], mode)
        };
        // join[i]: paragraph i+1 continues paragraph i
        for k in 0..lines.len() {
            let i = at + k;
            if i + 1 >= paras.len() {
                break;
            }
            let (a, b) = (&facts[k], &facts[k + 1]);
            if starts_paragraph {
                paragraph_start = paras[i].range.start;
            }
            let join = a.joinable
                && b.joinable
                && paras[i + 1].line == paras[i].line + 1
                && paras[i + 1].range.end - paragraph_start <= MAX_PARAGRAPH_BYTES
                && region.is_some_and(|r| {
                    let indent_ok = b.indent == r.indent
                        && if starts_paragraph {
                            a.indent >= b.indent
                        } else {
                            a.indent == b.indent
                        };
                    let sep = usize::from(!tight(text, base, &paras[i], &paras[i + 1]));
                    let tolerance = (r.width / 8).max(3);
                    // a line at least half the width whose next word would not have fitted:
                    // the wrapper broke it (a greedy wrapper leaves a line short by a long
                    // next word)
                    let full = a.width * 2 >= r.width;
                    let next_did_not_fit = a.width + sep + b.first_unit + tolerance / 2 > r.width;
                    indent_ok && full && next_did_not_fit
                });
            joins[i] = join;
            starts_paragraph = !join;
        }
    }
    if !joins.contains(&true) {
        return;
    }
    merge(text, base, first, paras, cands, &joins);
}

/// Merges the lines `joins` says continue (`joins[i]`: paragraph i+1 continues paragraph i),
/// reading each joined paragraph's shape again from its whole text, and renumbers `cands`.
fn merge(
    text: &str,
    base: usize,
    first: u32,
    paras: &mut Vec<Paragraph>,
    cands: &mut [Cand],
    joins: &[bool],
) {
    // merge, renumbering the candidates (a candidate's line is never joined to another), and
    // read each joined paragraph's shape again from its whole text
    let mut new_index = Vec::with_capacity(paras.len());
    let mut out: Vec<Paragraph> = Vec::with_capacity(paras.len());
    for (i, p) in paras.drain(..).enumerate() {
        let continues = i > 0 && joins[i - 1];
        if continues
            && !joins[i]
            && let Some(last) = out.last_mut()
        {
            let whole = last.range.start - base..p.range.end - base;
            last.shape = last.shape.joined(text.get(whole).unwrap_or(""));
        }
        match out.last_mut() {
            Some(last) if continues => last.range.end = p.range.end,
            _ => out.push(p),
        }
        new_index.push(first + out.len() as u32 - 1);
    }
    *paras = out;
    for c in cands.iter_mut() {
        if let Some(&n) = c
            .para
            .checked_sub(first)
            .and_then(|k| new_index.get(k as usize))
        {
            c.para = n;
        }
    }
}

/// Columns of `s`, near enough to tell the width a text is wrapped at, read off the UTF-8 lead
/// bytes: several times faster than the cluster-exact [`crate::display::str_width`], and this
/// runs on every line of every plain text. (Hangul jamo and CJK radicals below U+3000 count 1.)
fn columns(s: &str) -> usize {
    // by UTF-8 lead byte: ASCII and two-byte letters 1, U+3000–U+FFFF (CJK, kana, Hangul
    // syllables, full-width forms) and beyond 2, U+0800–U+2FFF 1 (punctuation, symbols)
    // one pass the compiler vectorises: 1 per character (a byte that is not a continuation
    // byte), 1 more for a wide one's lead byte; summed in 8-bit lanes (sixteen bytes a step)
    // over blocks short enough that a lane cannot overflow (at most 2 per byte)
    s.as_bytes()
        .chunks(127)
        .map(|block| {
            let sum = block.iter().fold(0u8, |n, &b| {
                n.wrapping_add(u8::from(b.cast_signed() >= -64) + u8::from(b >= 0xE3))
            });
            usize::from(sum)
        })
        .sum()
}

/// Facts of paragraph `p` (a source line); `excluded` lines never join.
fn line_facts(text: &str, base: usize, p: &Paragraph, excluded: bool) -> LineFacts {
    let unjoinable = LineFacts {
        width: 0,
        indent: 0,
        first_unit: 0,
        joinable: false,
    };
    // cheap tests first: a 50 MB line cut into pieces is never measured
    if excluded || p.continuation || p.range.len() >= MAX_LINE_BYTES {
        return unjoinable;
    }
    // the indentation as the parser counted it; deeper than a prose line's is never joined
    let indent = p.shape.indent();
    if indent >= DEEP_INDENT {
        return unjoinable;
    }
    let body = text
        .get(p.range.start - base..p.range.end - base)
        .unwrap_or("");
    let width = indent + columns(body);
    let first_char = body.chars().next();
    let first_unit = match first_char {
        Some(c) if char_width(c, AmbiguousWidth::Narrow) == 2 => 2,
        _ => columns(body.split(char::is_whitespace).next().unwrap_or("")),
    };
    let joinable = indent < DEEP_INDENT && !is_list_item(body) && !looks_laid_out(body, p.shape);
    LineFacts {
        width,
        indent,
        first_unit,
        joinable,
    }
}

/// The region's wrap width and continuation indentation, when its lines look hard-wrapped
/// (or, with [`Reflow::Always`], whenever it has prose lines).
fn region(lines: &[LineFacts], mode: Reflow) -> Option<Region> {
    let mut widths: Vec<usize> = lines
        .iter()
        .filter(|l| l.joinable)
        .map(|l| l.width)
        .collect();
    let n = widths.len();
    if n < 2 || (mode == Reflow::Auto && n < MIN_REGION_LINES) {
        return None;
    }
    widths.sort_unstable();
    let width = widths[(n * 9 / 10).min(n - 1)];
    let tolerance = (width / 8).max(3);
    let full = widths.iter().filter(|&&w| w + tolerance >= width).count();
    let over = widths
        .iter()
        .filter(|&&w| w > width + tolerance / 2)
        .count();
    let wrapped =
        (MIN_WRAP_COLUMNS..=MAX_WRAP_COLUMNS).contains(&width) && full * 2 >= n && over * 20 <= n;
    if mode == Reflow::Auto && !wrapped {
        return None;
    }
    // continuation lines have the indentation of most full lines
    let indent = lines
        .iter()
        .filter(|l| l.joinable && l.width + tolerance >= width)
        .map(|l| l.indent)
        .min()?;
    Some(Region { width, indent })
}

/// True when lines `a` and `b` join with nothing between them (see
/// [`crate::display::line_join`]).
fn tight(text: &str, base: usize, a: &Paragraph, b: &Paragraph) -> bool {
    let before = text
        .get(a.range.start - base..a.range.end - base)
        .unwrap_or("");
    let after = text
        .get(b.range.start - base..b.range.end - base)
        .unwrap_or("");
    crate::display::line_join(before, after).is_empty()
}

/// A list item's opening: a bullet, `1.`, `1)`, `(a)`, `a)` followed by a space.
fn is_list_item(line: &str) -> bool {
    let mut chars = line.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if matches!(
        first,
        '-' | '*' | '+' | '•' | '·' | '◦' | '▪' | '‣' | '○' | '●'
    ) {
        return chars.next().is_some_and(char::is_whitespace);
    }
    let head = line
        .char_indices()
        .nth(8)
        .map_or(line, |(end, _)| line.get(..end).unwrap_or(line));
    let marker_end = head.find(['.', ')', '、']).filter(|&e| e > 0);
    marker_end.is_some_and(|e| {
        let label = head.get(..e).unwrap_or("").trim_start_matches('(');
        let short = label.chars().count() <= 3;
        let numbered = label.chars().all(|c| c.is_ascii_digit())
            || (label.chars().count() == 1 && label.chars().all(|c| c.is_ascii_alphabetic()));
        let spaced = head
            .get(e..)
            .unwrap_or("")
            .chars()
            .nth(1)
            .is_some_and(char::is_whitespace);
        short && numbered && !label.is_empty() && spaced
    })
}

/// [`looks_preformatted`] for a source line the parser measured as `shape`: tabs, runs of spaces
/// and box drawing of a short line are already known, and only the rarer patterns are looked
/// for (with searches for bytes prose seldom has).
fn looks_laid_out(line: &str, shape: LineShape) -> bool {
    if line.len() > SHORT_LINE_BYTES {
        return looks_preformatted(line);
    }
    let bytes = line.as_bytes();
    shape.has(LineShape::ALIGNED_RUN)
        || shape.has(LineShape::BOX_DRAWING)
        || memchr::memchr_iter(b'+', bytes).any(|i| bytes.get(i + 1..i + 3) == Some(b"--"))
        || memchr::memchr_iter(b'|', bytes).nth(1).is_some()
        || has_leader(line)
}

/// A contents entry's leader and page number (`.... 17`, `……3`).
fn has_leader(line: &str) -> bool {
    line.ends_with(|c: char| c.is_ascii_digit())
        && ["....", ". . .", "……", "···"]
            .iter()
            .any(|l| line.contains(l))
}

/// Tabs, runs of three spaces, box drawing, a table's `|` columns, or a contents entry's
/// leader and page number (`.... 17`, `……3`): laid out, not prose.
fn looks_preformatted(line: &str) -> bool {
    let bytes = line.as_bytes();
    // One pass over byte triples for everything but the leader: this runs on every line of
    // every plain text that might be hard-wrapped, and one call of a vectorised search per
    // pattern cost more per line than this loop (the compiler vectorises the reduction).
    // (three slices of one length: a zip the compiler vectorises)
    let triples = bytes.len().saturating_sub(2);
    let b0 = bytes.get(..triples).unwrap_or(&[]);
    let b1 = bytes.get(1..=triples).unwrap_or(&[]);
    let b2 = bytes.get(2..triples + 2).unwrap_or(&[]);
    let laid_out = b0
        .iter()
        .zip(b1)
        .zip(b2)
        .fold(0u8, |found, ((&a, &b), &c)| {
            // (`&` and `|`, not `&&` and `||`: no branch per byte)
            found
                | u8::from(a == b'\t')
                | (u8::from(a == b' ') & u8::from(b == b' ') & u8::from(c == b' '))
                | (u8::from(a == b'+') & u8::from(b == b'-') & u8::from(c == b'-'))
                // box drawing, U+2500–U+259F: E2 94 xx, E2 95 xx, E2 96 80–9F
                | (u8::from(a == 0xE2)
                    & (u8::from(b == 0x94)
                        | u8::from(b == 0x95)
                        | (u8::from(b == 0x96) & u8::from(c < 0xA0))))
        })
        != 0;
    // (32-bit lanes: counting into usize vectorises four bytes at a time)
    let pipes = bytes.iter().fold(0u32, |n, &b| n + u32::from(b == b'|'));
    laid_out
        || pipes >= 2
        // the last two bytes, which no triple starts at
        || bytes.iter().rev().take(2).any(|&b| b == b'\t')
        || has_leader(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::str_width;

    #[test]
    fn list_items_and_preformatted_lines() {
        for item in [
            "- one", "* two", "1. three", "12) four", "(a) five", "b) six",
        ] {
            assert!(is_list_item(item), "{item}");
        }
        for prose in ["1990 was a year", "a.m. came", "Mr. Smith", "第一章"] {
            assert!(!is_list_item(prose), "{prose}");
        }
        assert!(looks_preformatted("name     value"));
        assert!(looks_preformatted("| a | b |"));
        assert!(looks_preformatted("┌──┐"));
        assert!(looks_preformatted("Acknowledgements ........ 17"));
        assert!(!looks_preformatted("他说……我们走吧"));
        assert!(!looks_preformatted("plain words, one space apart"));
    }

    proptest::proptest! {
        /// With the parser's shape of a line, the short test answers as the full one.
        #[test]
        fn the_shaped_test_answers_as_the_full_one(line in "[a| +\\-\t.…│中]{1,14}") {
            let line = line.trim();
            if !line.is_empty() {
                let shape = LineShape::of(line, "", false);
                proptest::prop_assert_eq!(looks_laid_out(line, shape), looks_preformatted(line));
            }
        }
    }

    /// How a display line holding joined source lines is drawn.
    fn drawn(s: &str) -> String {
        crate::display::glyphs(s, AmbiguousWidth::Narrow)
            .map(|(_, g)| g.text.into_owned())
            .collect()
    }

    #[test]
    fn line_breaks_inside_a_paragraph_are_drawn_as_joins() {
        assert_eq!(drawn("天地\n玄黄"), "天地玄黄");
        assert_eq!(drawn("天地，\n\u{3000}玄黄"), "天地，玄黄");
        assert_eq!(drawn("the quick\n   brown fox"), "the quick brown fox");
        assert_eq!(drawn("a well-\nknown name"), "a well-known name");
        assert_eq!(drawn("pages 10-\n12"), "pages 10- 12");
        assert_eq!(drawn("ends here\n  "), "ends here");
        assert_eq!(str_width("the quick\n   brown", AmbiguousWidth::Narrow), 15);
        assert_eq!(str_width("天地\n\t玄黄", AmbiguousWidth::Narrow), 8);
    }

    #[test]
    fn names_round_trip() {
        for r in [Reflow::Auto, Reflow::Never, Reflow::Always] {
            assert_eq!(Reflow::from_name(r.name()), Some(r));
        }
    }
}
