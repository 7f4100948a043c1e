//! Presentation of a [`Document`] in the reading column: which paragraphs get a first-line
//! indent and a blank line before them, and the lazy, cached per-width wrapping of paragraphs.
//!
//! Invariants:
//! - Layout is per paragraph and on demand: nothing here ever wraps the whole document, and the
//!   cache is bounded ([`CACHE_CAPACITY`]), so a 100 MB document never holds all its lines.
//! - Every paragraph has at least one line; its lines' ranges are contiguous, absolute offsets
//!   into `doc.text` that cover the paragraph's range exactly.
//! - Only the first line of an indented paragraph carries an indent, except in a paragraph of
//!   rendered Markdown with a prefix (list marker, quote bars), whose later lines carry the
//!   prefix's width as a hanging indent; a line's width plus its indent never exceeds the column
//!   width (except a lone grapheme wider than the column).
//! - Except in a table row wrapped inside its cells ([`table`]): its lines are made of
//!   [`Piece`]s, each cell's bytes in exactly one of them; [`ParagraphLines::line_at`] finds the
//!   line of a byte whatever the paragraph.

pub mod breaker;
pub mod table;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use crate::display::{AmbiguousWidth, char_width};
use crate::document::{Document, Format, Paragraph, ParagraphKind};
use breaker::{WrapOptions, wrap};

/// Paragraph layouts kept per [`Layout`] (about this many paragraphs, a few screens' worth
/// many times over).
pub const CACHE_CAPACITY: usize = 4096;

/// Reader settings that change the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayoutOptions {
    /// First-line indent in full-width characters (2 columns each); 0 disables it.
    pub indent: u8,
    /// Widest text column in columns; a wider pane centres the column.
    pub max_width: u16,
    /// How wide ambiguous characters are drawn.
    pub ambiguous: AmbiguousWidth,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        Self {
            indent: 2,
            max_width: 80,
            ambiguous: AmbiguousWidth::Narrow,
        }
    }
}

/// One line on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayLine {
    /// Byte range in `doc.text` (trailing spaces of a wrapped line included, not drawn). For a
    /// line made of pieces: from its first piece that is not a bar to the end of its last piece
    /// (it may hold bytes of the row's other lines).
    pub range: Range<usize>,
    /// Columns of indent before the text (first line of an indented paragraph only).
    pub indent: u16,
    /// Columns of visible text, indent excluded.
    pub width: u16,
    /// Empty for a line that is its `range` drawn after its indent; else what the line shows,
    /// left to right: a table row wrapped inside its cells ([`table`]).
    pub pieces: Vec<Piece>,
}

/// A stretch of a display line drawn at a column of its own (a wrapped table row's cell line,
/// bar or prefix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Byte range in `doc.text` (trailing spaces included, not drawn).
    pub range: Range<usize>,
    /// The column it starts at, from the left edge of the text column.
    pub col: u16,
    /// Columns of its visible text.
    pub width: u16,
    /// A bar between two columns: drawn on every line of its row, so its bytes are no line's.
    pub bar: bool,
}

/// The lines of one paragraph at one column width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParagraphLines {
    /// A blank row comes before the paragraph.
    pub gap_before: bool,
    /// The wrapped lines, at least one.
    pub lines: Vec<DisplayLine>,
}

impl ParagraphLines {
    /// Rows the paragraph takes: its gap plus its lines.
    pub fn rows(&self) -> usize {
        usize::from(self.gap_before) + self.lines.len()
    }

    /// The line holding byte `offset` of the paragraph: of the places a line starts at (its
    /// range's start, or each of its pieces that is not a bar), the last at or before `offset`,
    /// the first line on a tie; line 0 when none is.
    pub fn line_at(&self, offset: usize) -> usize {
        let mut best: Option<(usize, usize)> = None;
        for (k, l) in self.lines.iter().enumerate() {
            let starts = l
                .pieces
                .iter()
                .filter(|p| !p.bar)
                .map(|p| p.range.start)
                .chain(l.pieces.is_empty().then_some(l.range.start));
            for start in starts {
                if start <= offset && best.is_none_or(|(_, b)| start > b) {
                    best = Some((k, start));
                }
            }
        }
        best.map_or(0, |(k, _)| k)
    }
}

/// True for characters that make a paragraph "Chinese" for the indent rule: wide characters and
/// CJK punctuation that may be narrow (“ ‘ — … ·).
fn is_cjk_start(c: char) -> bool {
    char_width(c, AmbiguousWidth::Narrow) == 2
        || matches!(c as u32, 0x2014..=0x2026 | 0x00B7 | 0x3000..=0x303F | 0xFF00..=0xFFEF)
}

/// Columns of first-line indent paragraph `p` (text `text`) gets in a column `column` wide.
pub fn indent_columns(
    doc: &Document,
    p: &Paragraph,
    text: &str,
    opts: &LayoutOptions,
    column: u16,
) -> u16 {
    let cols = u16::from(opts.indent) * 2;
    let eligible = cols > 0
        && doc.format == Format::Plain
        && !p.continuation
        && matches!(
            p.kind,
            ParagraphKind::Body | ParagraphKind::InlineHeading { .. }
        )
        && (doc.is_cjk() || text.chars().next().is_some_and(is_cjk_start))
        && column >= cols + 4;
    if eligible { cols } else { 0 }
}

/// Lays out paragraph `i` of `doc` in a column `column` wide, without any caching.
pub fn lay_out_paragraph(
    doc: &Document,
    i: usize,
    opts: &LayoutOptions,
    column: u16,
) -> ParagraphLines {
    let Some(p) = doc.paragraphs.get(i) else {
        return ParagraphLines {
            gap_before: false,
            lines: Vec::new(),
        };
    };
    if p.kind == ParagraphKind::Preformatted
        && let Some(lines) = table::lay_out_row(doc, i, p, *opts, column)
    {
        lines
    } else if matches!(p.kind, ParagraphKind::Preformatted | ParagraphKind::Code) {
        lay_out_verbatim(doc, p, *opts)
    } else {
        match doc.decor.prefix_len(i) {
            0 => wrap_paragraph(doc, p, *opts, column),
            prefix => wrap_hanging(doc, p, prefix, *opts, column),
        }
    }
}

/// A paragraph of rendered Markdown that opens with a prefix (list marker, quote bars): the
/// text after the prefix is wrapped in the columns the prefix leaves, and every line after the
/// first is indented by the prefix's width, so the text hangs under itself. In a column too
/// narrow to leave the text at least as many columns as the prefix takes, when a stretch that
/// may not be broken would fit the column but not what the prefix leaves of it (the hanging
/// indent would break a rule that need not be broken), or when the text holds a tab (its stop
/// moves with the indent), the whole paragraph is wrapped as usual instead.
fn wrap_hanging(
    doc: &Document,
    p: &Paragraph,
    prefix: usize,
    opts: LayoutOptions,
    column: u16,
) -> ParagraphLines {
    let text = doc.slice(&p.range);
    let Some(rest) = text.get(prefix..) else {
        return wrap_paragraph(doc, p, opts, column);
    };
    let hang = crate::display::str_width(text.get(..prefix).unwrap_or(""), opts.ambiguous);
    let Some(room) = usize::from(column)
        .checked_sub(hang)
        .filter(|&room| room >= hang.max(2))
        .filter(|&room| {
            !rest.contains('\t')
                && crate::text::longest_chunk(rest, usize::from(column), |c| {
                    char_width(c, opts.ambiguous)
                }) <= room
        })
    else {
        return wrap_paragraph(doc, p, opts, column);
    };
    let spans = wrap(
        rest,
        &WrapOptions {
            width: room as u16,
            first_line_indent: 0,
            ambiguous: opts.ambiguous,
        },
    );
    let base = p.range.start + prefix;
    let lines = spans
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let range = base + s.start as usize..base + s.end as usize;
            if k == 0 {
                DisplayLine {
                    range: p.range.start..range.end,
                    indent: 0,
                    width: s.width + hang as u16,
                    pieces: Vec::new(),
                }
            } else {
                DisplayLine {
                    range,
                    indent: hang as u16,
                    width: s.width,
                    pieces: Vec::new(),
                }
            }
        })
        .collect();
    ParagraphLines {
        gap_before: p.gap_before,
        lines,
    }
}

/// Lays out paragraph `i` for `--print`: as [`lay_out_paragraph`], except that a table row is
/// printed as it stands, never wrapped inside its cells (a wrapped row interleaves its cells'
/// text line by line: what reads `--print` — grep, diff, a grader — would get it out of
/// order), and a preformatted line too wide for the column with a tab inside its text is
/// wrapped. Printed, its tabs become spaces, so it could not be the source line as it stands;
/// a line that is not verbatim must fit the width like prose.
pub fn lay_out_paragraph_for_print(
    doc: &Document,
    i: usize,
    opts: &LayoutOptions,
    column: u16,
) -> ParagraphLines {
    let Some(p) = doc.paragraphs.get(i) else {
        return lay_out_paragraph(doc, i, opts, column);
    };
    let laid = if doc.decor.table_row(i).is_some() {
        lay_out_verbatim(doc, p, *opts)
    } else {
        lay_out_paragraph(doc, i, opts, column)
    };
    let too_wide = laid
        .lines
        .first()
        .is_some_and(|l| usize::from(l.indent) + usize::from(l.width) > usize::from(column));
    let verbatim = matches!(p.kind, ParagraphKind::Preformatted | ParagraphKind::Code);
    if verbatim && too_wide && doc.slice(&p.range).trim().contains('\t') {
        wrap_paragraph(doc, p, *opts, column)
    } else {
        laid
    }
}

/// A preformatted or code line laid out as it stands: its own indentation, never wrapped (the
/// view clips it), since a wrapped table or code line is garbage.
fn lay_out_verbatim(doc: &Document, p: &Paragraph, opts: LayoutOptions) -> ParagraphLines {
    let text = doc.slice(&p.range);
    let indent = doc.indent_before(p.range.start);
    ParagraphLines {
        gap_before: p.gap_before,
        lines: vec![DisplayLine {
            range: p.range.clone(),
            indent: indent.min(usize::from(u16::MAX)) as u16,
            width: crate::display::str_width(text, opts.ambiguous).min(usize::from(u16::MAX))
                as u16,
            pieces: Vec::new(),
        }],
    }
}

/// A paragraph wrapped to the column, with its first-line indent.
fn wrap_paragraph(
    doc: &Document,
    p: &Paragraph,
    opts: LayoutOptions,
    column: u16,
) -> ParagraphLines {
    let text = doc.slice(&p.range);
    let indent = indent_columns(doc, p, text, &opts, column);
    // The first unit always fits beside the indent: it is a CJK character of at most 2 columns
    // and the column has at least 4 more than the indent.
    let spans = wrap(
        text,
        &WrapOptions {
            width: column,
            first_line_indent: indent,
            ambiguous: opts.ambiguous,
        },
    );
    let base = p.range.start;
    let lines = spans
        .iter()
        .enumerate()
        .map(|(k, s)| DisplayLine {
            range: base + s.start as usize..base + s.end as usize,
            indent: if k == 0 { indent } else { 0 },
            width: s.width,
            pieces: Vec::new(),
        })
        .collect();
    ParagraphLines {
        gap_before: p.gap_before,
        lines,
    }
}

/// The lazy layout of one document at one pane width: paragraphs are wrapped when asked for
/// and kept in a bounded cache (two generations: the recent one and the one before).
#[derive(Debug)]
pub struct Layout {
    opts: LayoutOptions,
    pane_width: u16,
    hot: HashMap<usize, Arc<ParagraphLines>>,
    cold: HashMap<usize, Arc<ParagraphLines>>,
}

impl Layout {
    /// An empty layout for a pane `pane_width` columns wide.
    pub fn new(opts: LayoutOptions, pane_width: u16) -> Self {
        Self {
            opts,
            pane_width,
            hot: HashMap::new(),
            cold: HashMap::new(),
        }
    }

    /// Width of the pane the column sits in.
    pub const fn pane_width(&self) -> u16 {
        self.pane_width
    }

    /// The options this layout was made with.
    pub const fn options(&self) -> &LayoutOptions {
        &self.opts
    }

    /// Width of the text column: the pane, but at most `max_width` (at least 1).
    pub fn column_width(&self) -> u16 {
        let max = if self.opts.max_width == 0 {
            u16::MAX
        } else {
            self.opts.max_width
        };
        self.pane_width.min(max).max(1)
    }

    /// Columns left of the text column, which is centred in the pane.
    pub fn left_margin(&self) -> u16 {
        self.pane_width.saturating_sub(self.column_width()) / 2
    }

    /// Changes the pane width; the cache is dropped only when the column width changes.
    pub fn set_pane_width(&mut self, width: u16) {
        let old = self.column_width();
        self.pane_width = width;
        if self.column_width() != old {
            self.clear();
        }
    }

    /// Forgets every cached paragraph (after the document's text changed, say).
    pub fn clear(&mut self) {
        self.hot.clear();
        self.cold.clear();
    }

    /// The lines of paragraph `i`, wrapped on first use and cached.
    pub fn paragraph(&mut self, doc: &Document, i: usize) -> Arc<ParagraphLines> {
        if let Some(p) = self.hot.get(&i) {
            return Arc::clone(p);
        }
        let lines = match self.cold.remove(&i) {
            Some(p) => p,
            None => Arc::new(lay_out_paragraph(doc, i, &self.opts, self.column_width())),
        };
        if self.hot.len() >= CACHE_CAPACITY / 2 {
            self.cold = std::mem::take(&mut self.hot);
        }
        self.hot.insert(i, Arc::clone(&lines));
        lines
    }

    /// Rows paragraph `i` takes on screen: its gap (if any) plus its lines.
    pub fn rows(&mut self, doc: &Document, i: usize) -> usize {
        self.paragraph(doc, i).rows()
    }

    /// Number of paragraphs currently cached (for tests and diagnostics).
    pub fn cached(&self) -> usize {
        self.hot.len() + self.cold.len()
    }
}

#[cfg(test)]
mod tests;
