//! What a rendered document carries beside its text: the inline style of stretches of it, and
//! the prefixes (list markers, quote bars) that its wrapped lines hang under.
//!
//! Only rendered Markdown ([`super::markdown::render`]) fills these in; every other document
//! has none, and then nothing here costs anything. Who reads what:
//! - layout reads [`Decor::prefix_len`]: the lines of a prefixed paragraph after the first are
//!   indented by the prefix's width (a hanging indent), the text after the prefix is wrapped in
//!   what is left of the column;
//! - the text pane reads both: spans become styles, and the quote bars of a prefix are drawn
//!   again in the hanging indent of every further line;
//! - `--print` reads prefixes only (the indent, as spaces): spans are colour, and print has none.
//!
//! Invariants: spans lie inside one paragraph's range (never across two) and are sorted by
//! start; prefixes are sorted by paragraph and lie at the start of their paragraph's range.

use std::ops::Range;

/// How a stretch of rendered text is styled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InlineStyle {
    /// `*emphasis*`.
    Emphasis,
    /// `**strong**`.
    Strong,
    /// `~~strikethrough~~`.
    Strike,
    /// `` `inline code` ``.
    Code,
    /// A link's text.
    Link,
    /// A link's address, shown after its text, and a footnote reference.
    Url,
    /// An image, shown as `[图 alt]`.
    Image,
    /// A heading's text at this level (1 = the document's shallowest).
    Heading(u8),
    /// The language of a code block, on the block's first row.
    Language,
    /// The header row of a table.
    TableHead,
    /// A thematic break or a table's rule row.
    Rule,
}

/// One styled stretch: a byte range of `Document::text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyleSpan {
    /// Bytes of the text the style covers.
    pub range: Range<usize>,
    /// The style.
    pub style: InlineStyle,
}

/// Paragraph `para` opens with `len` bytes of prefix (a list marker, quote bars, the indent of a
/// list item's later paragraph): its further lines hang under the text after the prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefix {
    /// Index of the paragraph.
    pub para: u32,
    /// Length of the prefix in bytes, from the paragraph's start.
    pub len: u32,
}

/// The quote bar drawn in a prefix, and again on every further line of the paragraph.
pub const QUOTE_BAR: char = '│';

/// Spans and prefixes of a document (empty unless it was rendered).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decor {
    /// Styled stretches, sorted by start.
    pub spans: Vec<StyleSpan>,
    /// Paragraph prefixes, sorted by paragraph.
    pub prefixes: Vec<Prefix>,
    /// The text is a rendering (Markdown without its markup), not the source.
    pub rendered: bool,
}

impl Decor {
    /// True when there is nothing to apply.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty() && self.prefixes.is_empty()
    }

    /// Appends `other`, whose ranges and paragraph indices come after these.
    pub fn append(&mut self, mut other: Self) {
        self.rendered |= other.rendered;
        if self.spans.is_empty() {
            self.spans = other.spans;
        } else {
            self.spans.append(&mut other.spans);
        }
        if self.prefixes.is_empty() {
            self.prefixes = other.prefixes;
        } else {
            self.prefixes.append(&mut other.prefixes);
        }
    }

    /// Bytes of prefix at the start of paragraph `para` (0 when it has none).
    pub fn prefix_len(&self, para: usize) -> usize {
        let i = self.prefixes.partition_point(|p| (p.para as usize) < para);
        self.prefixes
            .get(i)
            .filter(|p| p.para as usize == para)
            .map_or(0, |p| p.len as usize)
    }

    /// The spans of the paragraph starting at byte `para_start` that overlap `range`.
    pub fn spans_over(
        &self,
        para_start: usize,
        range: Range<usize>,
    ) -> impl Iterator<Item = &StyleSpan> {
        let first = self.spans.partition_point(|s| s.range.start < para_start);
        self.spans
            .get(first..)
            .unwrap_or(&[])
            .iter()
            .take_while(move |s| s.range.start < range.end)
            .filter(move |s| s.range.end > range.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        let d = Decor {
            spans: vec![
                StyleSpan {
                    range: 0..10,
                    style: InlineStyle::Heading(1),
                },
                StyleSpan {
                    range: 2..4,
                    style: InlineStyle::Strong,
                },
                StyleSpan {
                    range: 12..15,
                    style: InlineStyle::Code,
                },
            ],
            prefixes: vec![Prefix { para: 3, len: 4 }],
            rendered: true,
        };
        assert_eq!(d.prefix_len(3), 4);
        assert_eq!(d.prefix_len(2), 0);
        let styles = |start, r| d.spans_over(start, r).map(|s| s.style).collect::<Vec<_>>();
        assert_eq!(
            styles(0, 3..8),
            [InlineStyle::Heading(1), InlineStyle::Strong]
        );
        assert_eq!(styles(0, 5..8), [InlineStyle::Heading(1)]);
        assert_eq!(styles(11, 11..20), [InlineStyle::Code]);
    }
}
