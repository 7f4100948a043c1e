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
//! - layout reads [`Decor::tables`]: a table wider than the column has its rows wrapped inside
//!   their cells (`layout/table.rs`); one that fits is laid out as its rows' text stands.
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

/// How a table column's cells sit in the column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Against the left edge (GFM's default).
    #[default]
    Left,
    /// In the middle; an odd column of room goes after the text.
    Center,
    /// Against the right edge.
    Right,
}

/// Where the cells and bars of one row paragraph of a [`Table`] lie: byte ranges relative to
/// the paragraph's start (its prefix, if any, comes before the first cell).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableRow {
    /// Each column's cell text, padding excluded (empty for a missing cell); in the rule row,
    /// the run of `─` between two `┼` (or the row's edge).
    pub cells: Vec<Range<u32>>,
    /// The bar between column `k` and `k + 1`: `│`, or `┼` in the rule row.
    pub bars: Vec<Range<u32>>,
    /// The rule under the header: its cells are filled to their columns, never wrapped.
    pub rule: bool,
}

/// A table of rendered Markdown as layout needs it to wrap the rows inside their cells when the
/// column is narrower than the rows as rendered. Widths are in columns, measured in the
/// ambiguous-width mode the document was rendered in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// The paragraph of the first row; the rows are the paragraphs `first..first + rows.len()`.
    pub first: u32,
    /// One per row paragraph, the rule row under the header included.
    pub rows: Vec<TableRow>,
    /// Each column's alignment.
    pub aligns: Vec<Align>,
    /// Each column's width as rendered: its widest cell.
    pub widths: Vec<u16>,
    /// The narrowest each column may be wrapped to: its widest stretch that may not be broken
    /// (`text::longest_chunk`).
    pub least: Vec<u16>,
    /// Columns the widest row takes as rendered, its prefix included: it fits a column this
    /// wide.
    pub width: u16,
}

/// Spans and prefixes of a document (empty unless it was rendered).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decor {
    /// Styled stretches, sorted by start.
    pub spans: Vec<StyleSpan>,
    /// Paragraph prefixes, sorted by paragraph.
    pub prefixes: Vec<Prefix>,
    /// Tables, sorted by their first paragraph.
    pub tables: Vec<Table>,
    /// The text is a rendering (Markdown without its markup), not the source.
    pub rendered: bool,
}

impl Decor {
    /// True when there is nothing to apply.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty() && self.prefixes.is_empty() && self.tables.is_empty()
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
        self.tables.append(&mut other.tables);
    }

    /// The table paragraph `para` is a row of, with that row.
    pub fn table_row(&self, para: usize) -> Option<(&Table, &TableRow)> {
        let i = self
            .tables
            .partition_point(|t| t.first as usize <= para)
            .checked_sub(1)?;
        let table = self.tables.get(i)?;
        let row = table.rows.get(para - table.first as usize)?;
        Some((table, row))
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
            tables: vec![Table {
                first: 5,
                rows: vec![TableRow::default(); 3],
                ..Table::default()
            }],
            rendered: true,
        };
        assert!(d.table_row(4).is_none());
        assert!(d.table_row(5).is_some_and(|(t, _)| t.first == 5));
        assert!(d.table_row(7).is_some());
        assert!(d.table_row(8).is_none());
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
