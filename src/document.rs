//! The document model: one text store, and paragraphs and sections as byte ranges into it.
//!
//! A [`Document`] owns exactly one `String` (the decoded, newline-normalised text). Everything
//! else — paragraphs, section titles, the title block — refers to byte ranges of that string, so
//! a 100 MB document costs its text plus a few dozen bytes per paragraph and no per-character
//! objects.
//!
//! Documents are built incrementally: a parser (see [`plain`] and [`markdown`]) turns text into
//! [`Chunk`]s whose paragraphs are *final*, and [`Document::extend`] appends them. This is what
//! lets the reader show the first screen while the rest is still being parsed. A plain text's
//! section tree is decided once the whole text is known ([`Document::set_complete`] runs
//! [`structure::resolve`] over the candidates the parser collected), because a heading is
//! recognised by the document's evidence, not by its line alone; until then its paragraphs are
//! body text.
//!
//! Invariants kept by `extend`:
//! - paragraphs are in text order and their ranges lie on char boundaries inside `text`;
//! - sections are in document (pre-)order, `sections[i].para` is increasing, a section's parent
//!   has a smaller index and a level exactly one less, and levels start at 1;
//! - `subtree_end(i)` is the index one past the last descendant of section `i`.

pub mod decor;
pub mod label;
pub mod line_shape;
pub mod markdown;
pub mod numerals;
pub mod partial;
pub mod patterns;
pub mod plain;
pub mod reflow;
pub mod stats;
pub mod structure;

pub use line_shape::LineShape;

use std::ops::Range;

/// How the source text is structured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Plain text: one paragraph per non-blank line (the lines of a hard-wrapped paragraph
    /// joined, see [`reflow`]); headings found by the Chinese patterns.
    #[default]
    Plain,
    /// Markdown: headings from pulldown-cmark; the text is either the source shown line by
    /// line or the rendered form ([`markdown::render`], with [`Document::decor`]).
    Markdown,
}

/// What a paragraph is, for layout and styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParagraphKind {
    /// Ordinary text.
    Body,
    /// A line of the title block (title, subtitle, date, speaker) before the first section.
    Title,
    /// A table-of-contents line (`目录` and its entries).
    Toc,
    /// A heading that stands alone on its line: the whole paragraph is the section title.
    Heading,
    /// A paragraph whose first sentence is a section heading; the heading part is the first
    /// `heading_len` bytes of the paragraph's range.
    InlineHeading {
        /// Length in bytes of the heading part, from the paragraph's start.
        heading_len: u32,
    },
    /// A line of a Markdown code block (shown verbatim, never a heading).
    Code,
    /// A plain-text line laid out as it stands, never wrapped (a table row, a diagram, a
    /// grammar listing, an example indented far deeper than the body).
    Preformatted,
}

impl ParagraphKind {
    /// True when this paragraph opens a section (standalone or inline heading).
    pub const fn is_heading(self) -> bool {
        matches!(self, Self::Heading | Self::InlineHeading { .. })
    }
}

/// One paragraph: for plain text a non-blank source line, or the lines of one paragraph of a
/// hard-wrapped region joined by [`reflow`]; for Markdown a source line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Byte range in [`Document::text`]. For plain text, leading indentation (spaces, tabs,
    /// U+3000) and trailing whitespace are outside the range; Markdown keeps leading spaces.
    /// A reflowed paragraph's range spans its source lines: the `\n` and indentation between
    /// them are inside it, and layout and drawing show them as the join
    /// ([`crate::display::line_join`]).
    pub range: Range<usize>,
    /// 1-based line of the source where the paragraph starts.
    pub line: u32,
    /// Its size in characters (字数), see [`stats::count_chars`]; filled in by
    /// [`Document::extend`] (parsers leave it 0), and 0 for Markdown code lines.
    pub chars: u32,
    /// What the paragraph is.
    pub kind: ParagraphKind,
    /// True when a blank line separates it from the previous paragraph on screen.
    pub gap_before: bool,
    /// True when this paragraph continues the previous one's source line: very long lines are
    /// cut into pieces of at most [`MAX_PARAGRAPH_BYTES`] so that layout stays lazy. A
    /// continuation has no gap, no indent, and is never a heading.
    pub continuation: bool,
    /// What its line looks like, as the plain-text parser saw it (see [`line_shape`]); the
    /// default for other formats, whose structure is not decided from the page.
    pub shape: LineShape,
}

/// Plain-text source lines longer than this are split into continuation paragraphs (at a place
/// where a line may break), so that no layout step ever handles more than this many bytes at
/// once. Markdown lines are not split yet (a known gap: a huge Markdown line is laid out whole).
pub const MAX_PARAGRAPH_BYTES: usize = 64 * 1024;

/// One node of the section tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Depth in the tree, 1 = top level; never skips (a child is exactly one deeper).
    pub level: u16,
    /// Byte range of the title in [`Document::text`] (an inline heading's first sentence
    /// without its closing punctuation; a Markdown heading's text without the `#`s).
    pub title: Range<usize>,
    /// 1-based source line of the heading.
    pub line: u32,
    /// Index of the heading paragraph in [`Document::paragraphs`].
    pub para: u32,
    /// Index of the parent section, `None` at level 1.
    pub parent: Option<u32>,
    /// Which pattern made this a heading.
    pub marker: Marker,
    /// One past the last section of this subtree; `u32::MAX` while the subtree is still open.
    end: u32,
}

impl Section {
    /// A new section; its subtree end is filled in by [`Document::extend`].
    pub const fn new(
        level: u16,
        title: Range<usize>,
        line: u32,
        para: u32,
        parent: Option<u32>,
        marker: Marker,
    ) -> Self {
        Self {
            level,
            title,
            line,
            para,
            parent,
            marker,
            end: u32::MAX,
        }
    }
}

/// The pattern that made a line a heading (kept for `--json` and for tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Marker {
    /// `第X编`, `第X部分`, `第X篇`, `第X卷`.
    Part,
    /// `第X分编`.
    SubPart,
    /// `第X章`, and a novel's `第X回`.
    Chapter,
    /// `第X节`.
    Subsection,
    /// `第X款` (a division below `节` in Traditional-Chinese laws).
    Item,
    /// `第X目` (below `款`).
    Subitem,
    /// A law's `第X条` / `第 12 條`.
    Article,
    /// `一、`.
    CjkNumber,
    /// `（一）` / `(一)`.
    ParenCjkNumber,
    /// `1.` / `1．` / `1、`.
    Number,
    /// `（1）` / `(1)`.
    ParenNumber,
    /// `①`.
    Circled,
    /// An unnumbered division on its own line: `序言`, `楔子`, `附则`, `前言`, `后记` …
    Division,
    /// A paragraph in a run opening with `——`.
    Dash,
    /// A paragraph opening with `一是`, `二是` …
    Enumerated,
    /// A decimal section number: `4.2`, `4.8.6.1.`, `A.1`, and `1.` in a decimally numbered
    /// document.
    Decimal,
    /// `Appendix A`, `附录 A`.
    Appendix,
    /// A paragraph in a run opening with `第一，` … or `首先，` … `最后，`.
    Ordinal,
    /// A line holding only a number (`1`, `01`, `一`): a numbered section of its chapter.
    NumberLine,
    /// An unnumbered title standing alone: an RFC-style section title at the left margin, or a
    /// short title among numbered siblings.
    Unnumbered,
    /// The title line of one part of a multi-part document (numbering restarts under it).
    PartTitle,
    /// A heading the file format marks (a Word heading style, an HTML `<hN>`, ODF `text:h`).
    Styled,
    /// A heading made by a user rule in the config file.
    UserRule,
    /// A heading made by the reader's own correction (`X`).
    Corrected,
    /// A Markdown ATX, setext or HTML heading.
    Markdown,
}

impl Marker {
    /// True for the `第X编/章/节/款/目/条` divisions of laws and books (novels' `第X回` too).
    pub const fn is_division(self) -> bool {
        matches!(
            self,
            Self::Part
                | Self::SubPart
                | Self::Chapter
                | Self::Subsection
                | Self::Item
                | Self::Subitem
                | Self::Article
        )
    }

    /// Short English name used in JSON output.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Part => "part",
            Self::SubPart => "subpart",
            Self::Chapter => "chapter",
            Self::Subsection => "subsection",
            Self::Item => "item",
            Self::Subitem => "subitem",
            Self::Article => "article",
            Self::CjkNumber => "cjk-number",
            Self::ParenCjkNumber => "paren-cjk-number",
            Self::Number => "number",
            Self::ParenNumber => "paren-number",
            Self::Circled => "circled",
            Self::Division => "division",
            Self::Dash => "dash",
            Self::Enumerated => "enumerated",
            Self::Decimal => "decimal",
            Self::Appendix => "appendix",
            Self::Ordinal => "ordinal",
            Self::NumberLine => "number-line",
            Self::Unnumbered => "unnumbered",
            Self::PartTitle => "part-title",
            Self::Styled => "styled",
            Self::UserRule => "user-rule",
            Self::Corrected => "corrected",
            Self::Markdown => "markdown",
        }
    }
}

/// Final paragraphs and sections produced by a parser for one stretch of text.
#[derive(Debug, Default, Clone)]
pub struct Chunk {
    /// Text to append to the document before the paragraphs are added.
    pub text: String,
    /// New paragraphs; their ranges are absolute offsets into the whole document text.
    pub paragraphs: Vec<Paragraph>,
    /// New sections; `para` and `parent` are absolute indices.
    pub sections: Vec<Section>,
    /// The document title, once the title block has been seen.
    pub title: Option<Range<usize>>,
    /// The paragraphs' `chars` are already counted (by [`Chunk::count_chars`] on the loader
    /// thread), so [`Document::extend`] does not count them again on the UI thread.
    pub chars_counted: bool,
    /// Plain text: heading candidates among the new paragraphs (absolute paragraph indices);
    /// the section tree is decided from them when the document is complete.
    pub candidates: Vec<structure::Cand>,
    /// What a file format said about the text's lines (first chunk only).
    pub hints: Option<structure::Hints>,
    /// Styles and prefixes of rendered text; ranges and indices are absolute (boxed: most
    /// chunks have none, and chunks travel in channel messages).
    pub decor: Option<Box<decor::Decor>>,
}

impl Chunk {
    /// Counts the paragraphs' characters (字数) now, for a chunk whose text will be appended
    /// at byte `base` of the document: the background loader calls this so that applying a
    /// chunk on the UI thread stays cheap (counting 4 MiB takes several milliseconds). Does
    /// nothing when a paragraph lies before `base` (a parser decision that waited for the next
    /// chunk); [`Document::extend`] counts those chunks as before.
    pub fn count_chars(&mut self, base: usize) {
        let end = base + self.text.len();
        if self
            .paragraphs
            .iter()
            .all(|p| p.range.start >= base && p.range.end <= end)
        {
            count_paragraph_chars(&self.text, base, &mut self.paragraphs);
            self.chars_counted = true;
        }
    }
}

/// A decoded document with its paragraphs and section tree.
#[derive(Debug, Default, Clone)]
pub struct Document {
    /// The whole decoded text, newlines normalised to `\n`.
    pub text: String,
    /// Paragraphs in text order.
    pub paragraphs: Vec<Paragraph>,
    /// Sections in document order (a pre-order walk of the tree).
    pub sections: Vec<Section>,
    /// Byte range of the document title, if the document has a title block.
    pub title: Option<Range<usize>>,
    /// How the text was parsed.
    pub format: Format,
    /// Styles and line prefixes of rendered Markdown (empty for everything else; boxed, as
    /// documents travel in messages).
    pub decor: Box<decor::Decor>,
    /// Running 字数 totals of `paragraphs`, for section sizes and reading time.
    char_totals: stats::CharTotals,
    /// Sections whose subtree is still open, outermost first.
    open: Vec<u32>,
    /// False while a background loader is still adding text.
    complete: bool,
    /// Plain text: heading candidates gathered while loading, resolved by `set_complete`.
    candidates: Vec<structure::Cand>,
    /// How the plain-text structure is decided (corrections, user rules, explanations).
    structure_options: structure::Options,
    /// Why each candidate became a heading or not (with `Options::explain`).
    pub explanations: Vec<structure::Explanation>,
    /// Wide characters and Latin letters in the first [`stats::SCRIPT_SAMPLE_BYTES`].
    script: (u64, u64),
    /// The text of some paragraphs only, when `text` is empty ([`Document::extend_partly`]).
    partial: Option<Box<partial::PartialText>>,
}

impl Document {
    /// An empty document of the given format, ready to be extended.
    pub fn new(format: Format) -> Self {
        Self {
            format,
            char_totals: stats::CharTotals::default(),
            ..Self::default()
        }
    }

    /// Parses a whole text at once (tests, `--outline`, small inputs).
    pub fn parse(text: &str, format: Format) -> Self {
        let mut doc = Self::new(format);
        match format {
            Format::Plain => {
                let mut parser = plain::PlainParser::new();
                doc.extend(parser.feed(text.to_owned(), true));
            }
            Format::Markdown => doc.extend(markdown::parse(text.to_owned())),
        }
        doc.set_complete();
        doc
    }

    /// Renders a whole Markdown text for reading ([`markdown::render`]); tables are aligned
    /// for characters of ambiguous width drawn as `ambiguous` says.
    pub fn render_markdown(text: &str, ambiguous: crate::display::AmbiguousWidth) -> Self {
        let mut doc = Self::new(Format::Markdown);
        doc.extend(markdown::render::render(text, ambiguous));
        doc.set_complete();
        doc
    }

    /// True when this is rendered Markdown (its text is not the source).
    pub fn is_rendered(&self) -> bool {
        self.decor.rendered
    }

    /// Appends a chunk produced by a parser. Keeps every invariant in the module doc.
    pub fn extend(&mut self, mut chunk: Chunk) {
        self.sample_script(self.text.len(), &chunk.text);
        let text = std::mem::take(&mut chunk.text);
        if self.text.is_empty() {
            // the whole text in one chunk (the non-interactive modes): no copy
            self.text = text;
        } else {
            self.text.push_str(&text);
        }
        if !chunk.chars_counted {
            count_paragraph_chars(&self.text, 0, &mut chunk.paragraphs);
        }
        // a line cut inside a word: the word was counted in the piece before
        for p in chunk
            .paragraphs
            .iter_mut()
            .filter(|p| p.continuation && p.chars > 0)
        {
            let before = self.text.get(..p.range.start).unwrap_or("");
            if stats::continues_word(before, self.text.get(p.range.clone()).unwrap_or("")) {
                p.chars -= 1;
            }
        }
        debug_assert!(
            chunk
                .paragraphs
                .iter()
                .all(|p| p.range.end <= self.text.len())
        );
        self.append_parsed(chunk);
    }

    /// Counts the script of `text` (at byte `at` of the document) while the sample lasts.
    fn sample_script(&mut self, at: usize, text: &str) {
        if let Some(budget) = stats::SCRIPT_SAMPLE_BYTES.checked_sub(at) {
            let mut end = budget.min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let (wide, latin) = stats::script_counts(text.get(..end).unwrap_or(""));
            self.script.0 += wide;
            self.script.1 += latin;
        }
    }

    /// Appends what a chunk holds besides its text: paragraphs (counted), candidates,
    /// sections, title, hints and decor.
    fn append_parsed(&mut self, chunk: Chunk) {
        if chunk.title.is_some() {
            self.title = chunk.title;
        }
        if let Some(hints) = chunk.hints {
            self.structure_options.hints = hints;
        }
        if self.candidates.is_empty() {
            self.candidates = chunk.candidates;
        } else {
            self.candidates.extend(chunk.candidates);
        }
        let mut paragraphs = chunk.paragraphs;
        self.char_totals.extend(paragraphs.iter().map(|p| p.chars));
        if self.paragraphs.is_empty() {
            // the whole document in one chunk: keep the parser's vector
            self.paragraphs = paragraphs;
        } else {
            self.paragraphs.append(&mut paragraphs);
        }
        for s in chunk.sections {
            self.push_section(s);
        }
        if let Some(decor) = chunk.decor {
            self.decor.append(*decor);
        }
    }

    /// Decides a complete plain text's section tree again with new `options` (after the reader
    /// corrected a heading, say). Sections are replaced; paragraph kinds follow.
    pub fn restructure(&mut self, options: structure::Options) {
        self.structure_options = options;
        if self.format == Format::Plain && self.complete {
            self.resolve_structure();
            let len = self.sections.len() as u32;
            for i in self.open.drain(..) {
                self.sections[i as usize].end = len;
            }
        }
    }

    /// How the plain-text structure is decided.
    pub const fn structure_options(&self) -> &structure::Options {
        &self.structure_options
    }

    /// Sets how the plain-text structure will be decided; call before the document is complete.
    pub fn set_structure_options(&mut self, options: structure::Options) {
        self.structure_options = options;
    }

    /// Marks the document as fully loaded: a plain text's section tree is decided from all its
    /// heading candidates, and every open subtree ends at the last section.
    pub fn set_complete(&mut self) {
        // a document whose sections were given whole (built by hand) keeps them
        if self.format == Format::Plain && !self.complete && self.sections.is_empty() {
            self.resolve_structure();
        }
        let len = self.sections.len() as u32;
        for i in self.open.drain(..) {
            self.sections[i as usize].end = len;
        }
        self.complete = true;
    }

    /// Decides the section tree of a plain text from its candidates (see [`structure`]).
    fn resolve_structure(&mut self) {
        let text = match &self.partial {
            Some(partial) if self.text.is_empty() => structure::TextView::Partial(partial),
            _ => structure::TextView::Whole(&self.text),
        };
        let resolved = structure::resolve_in(
            text,
            &self.paragraphs,
            &self.candidates,
            &self.structure_options,
        );
        for p in &mut self.paragraphs {
            if p.kind != ParagraphKind::Code {
                p.kind = ParagraphKind::Body;
            }
        }
        for &(i, kind) in &resolved.kinds {
            if let Some(p) = self.paragraphs.get_mut(i as usize) {
                p.kind = kind;
            }
        }
        if resolved.title.is_some() {
            self.title = resolved.title;
        }
        self.explanations = resolved.explanations;
        self.sections.clear();
        self.open.clear();
        for s in resolved.sections {
            self.push_section(s);
        }
    }

    /// Appends one section in pre-order, closing the subtrees it ends.
    fn push_section(&mut self, s: Section) {
        let index = self.sections.len() as u32;
        while let Some(&top) = self.open.last() {
            if self.sections[top as usize].level >= s.level {
                self.sections[top as usize].end = index;
                self.open.pop();
            } else {
                break;
            }
        }
        debug_assert_eq!(s.parent, self.open.last().copied());
        self.open.push(index);
        self.sections.push(s);
    }

    /// True when the document is written in a CJK script, judged by its opening text as a
    /// whole (so `2019年，…` is a Chinese paragraph like any other).
    pub const fn is_cjk(&self) -> bool {
        stats::is_cjk_text(self.script)
    }

    /// True once all text has been loaded and parsed.
    pub const fn is_complete(&self) -> bool {
        self.complete
    }

    /// The 1-based source line page `page` (1-based) of a PDF starts on.
    pub fn page_line(&self, page: u32) -> Option<u32> {
        let i = usize::try_from(page.checked_sub(1)?).ok()?;
        self.structure_options.hints.pages.get(i).copied()
    }

    /// Pages of a PDF (0 for every other document).
    pub fn page_count(&self) -> usize {
        self.structure_options.hints.pages.len()
    }

    /// The text of a byte range.
    pub fn slice(&self, range: &Range<usize>) -> &str {
        match (self.text.get(range.clone()), &self.partial) {
            (None, Some(partial)) => partial.get(range.clone()).unwrap_or(""),
            (t, _) => t.unwrap_or(""),
        }
    }

    /// The text of `range` with everything before it: for drawing a display line whose
    /// reflow joins look at the text before the line (see [`crate::display::glyphs_from`]).
    pub fn slice_in_context(&self, range: &Range<usize>) -> (&str, usize) {
        match self.text.get(..range.end) {
            Some(t) if t.is_char_boundary(range.start) => (t, range.start),
            None if self.text.is_empty() => match self.kept_before(range.start) {
                Some((kept, at)) => match kept.get(..at + range.len()) {
                    Some(t) if t.is_char_boundary(at) => (t, at),
                    _ => (self.slice(range), 0),
                },
                None => (self.slice(range), 0),
            },
            _ => (self.slice(range), 0),
        }
    }

    /// Columns of indentation before byte `start` on its line (see [`line_indent`]).
    pub fn indent_before(&self, start: usize) -> usize {
        match self.kept_before(start) {
            Some((kept, at)) if self.text.is_empty() => line_indent(kept, at),
            _ => line_indent(&self.text, start),
        }
    }

    /// The text of paragraph `i`.
    pub fn paragraph_text(&self, i: usize) -> &str {
        self.paragraphs.get(i).map_or("", |p| self.slice(&p.range))
    }

    /// The title of section `i`.
    pub fn section_title(&self, i: usize) -> &str {
        self.sections.get(i).map_or("", |s| self.slice(&s.title))
    }

    /// At most `chars` characters of text from byte `offset` (a mark's excerpt).
    pub fn excerpt(&self, offset: usize, chars: usize) -> &str {
        let rest = self.text.get(offset..).unwrap_or("");
        let end = rest
            .char_indices()
            .nth(chars)
            .map_or(rest.len(), |(i, _)| i);
        rest.get(..end).unwrap_or("")
    }

    /// The document title, if any.
    pub fn title_text(&self) -> Option<&str> {
        self.title.as_ref().map(|r| self.slice(r))
    }

    /// One past the last section in the subtree of section `i` (descendants are `i+1..end`).
    pub fn subtree_end(&self, i: usize) -> usize {
        let len = self.sections.len();
        self.sections
            .get(i)
            .map_or(len, |s| (s.end as usize).min(len))
    }

    /// The paragraphs section `i` covers, its subsections included.
    pub fn section_paragraphs(&self, i: usize) -> Range<usize> {
        let start = self.sections.get(i).map_or(0, |s| s.para as usize);
        let end_section = self.subtree_end(i);
        let end = self
            .sections
            .get(end_section)
            .map_or(self.paragraphs.len(), |s| s.para as usize);
        start..end
    }

    /// Characters (字数) in paragraphs `range`.
    pub fn chars_in(&self, range: Range<usize>) -> u64 {
        let count = |j: usize| self.paragraphs.get(j).map_or(0, |p| p.chars);
        let at = |i: usize| self.char_totals.before(i, count);
        at(range.end).saturating_sub(at(range.start))
    }

    /// Characters (字数) of section `i`, its subsections included.
    pub fn section_chars(&self, i: usize) -> u64 {
        self.chars_in(self.section_paragraphs(i))
    }

    /// Characters (字数) of the whole document.
    pub fn total_chars(&self) -> u64 {
        self.char_totals.total()
    }

    /// Index of the paragraph containing byte `pos` (or the last one starting before it).
    pub fn paragraph_at(&self, pos: usize) -> usize {
        self.paragraphs
            .partition_point(|p| p.range.start <= pos)
            .saturating_sub(1)
    }

    /// Index of the innermost section whose heading is at or before paragraph `para`.
    pub fn section_at_paragraph(&self, para: usize) -> Option<usize> {
        let n = self.sections.partition_point(|s| s.para as usize <= para);
        n.checked_sub(1)
    }

    /// The chain of sections from the top level down to section `i`.
    pub fn ancestry(&self, i: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut cur = Some(i);
        while let Some(c) = cur {
            if c >= self.sections.len() {
                break;
            }
            chain.push(c);
            cur = self.sections[c].parent.map(|p| p as usize);
        }
        chain.reverse();
        chain
    }
}

/// Columns of whitespace between the start of the line and byte `start` of `text` (a tab to the
/// next multiple of 8, U+3000 two columns): a source line's indentation.
pub fn line_indent(text: &str, start: usize) -> usize {
    let before = text.get(..start).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    line_shape::indent_columns(before.get(line_start..).unwrap_or(""))
}

/// Bytes of text above which character counting is split over two threads.
const PARALLEL_COUNT_BYTES: usize = 4 << 20;

/// Fills in `chars` for each paragraph (Markdown code lines count 0); `text` starts at byte
/// `base` of the document. Large batches are split over two threads: counting is the most
/// expensive per-byte work of loading.
fn count_paragraph_chars(text: &str, base: usize, paragraphs: &mut [Paragraph]) {
    let count = |ps: &mut [Paragraph]| {
        for p in ps {
            p.chars = if p.kind == ParagraphKind::Code {
                0
            } else {
                let range = p.range.start.saturating_sub(base)..p.range.end.saturating_sub(base);
                stats::count_chars(text.get(range).unwrap_or(""))
            };
        }
    };
    let bytes = match (paragraphs.first(), paragraphs.last()) {
        (Some(a), Some(b)) => b.range.end - a.range.start,
        _ => 0,
    };
    if bytes < PARALLEL_COUNT_BYTES {
        count(paragraphs);
        return;
    }
    let (left, right) = paragraphs.split_at_mut(paragraphs.len() / 2);
    std::thread::scope(|scope| {
        scope.spawn(|| count(right));
        count(left);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line's shape lives in what was the paragraph's padding: a 100 MB book has half a
    /// million paragraphs, and the reader keeps them all.
    #[test]
    fn a_paragraph_stays_40_bytes() {
        assert_eq!(std::mem::size_of::<Paragraph>(), 40);
    }

    /// The shape the parser records is what the structure passes used to read from the text.
    #[test]
    fn the_parser_records_each_line_shape() {
        let text =
            "Title\n\n   Name      Value\n\u{3000}\u{3000}他说：“好。”\n\u{c}\nHeader   [Page 2]\n";
        let doc = Document::parse(text, Format::Plain);
        let shapes: Vec<LineShape> = doc.paragraphs.iter().map(|p| p.shape).collect();
        assert!(shapes[0].has(LineShape::TITLE_SHAPED));
        assert!(shapes[1].has(LineShape::ALIGNED_RUN) && shapes[1].indent() == 3);
        assert!(!shapes[1].has(LineShape::WIDE_INDENT));
        assert!(shapes[2].has(LineShape::SENTENCE_MARK) && shapes[2].has(LineShape::WIDE_INDENT));
        assert_eq!(shapes[2].indent(), 4);
        assert!(!shapes[2].has(LineShape::FORM_FEED_BEFORE));
        assert!(
            shapes[3].has(LineShape::FORM_FEED_BEFORE) && shapes[3].has(LineShape::PAGE_FOOTER)
        );
    }

    /// Chunks counted on the loader thread (`Chunk::count_chars`) give the same document as
    /// counting in `extend`, also when a paragraph waits for the next chunk (`——` runs, `一是`).
    #[test]
    fn chunks_counted_before_extend_give_the_same_counts() {
        let text = "标题\n\n一、回顾\n——甲。正文。\n——乙。正文。\n二、任务\n一是学习。正文 abc。\n中间。\n二是实践。正文。\n（一）围绕。正文\n";
        let whole = Document::parse(text, Format::Plain);
        assert!(whole.total_chars() > 0);
        for size in [1, 2, 3, 7, 16, 1000] {
            let mut parser = plain::PlainParser::new();
            let mut doc = Document::new(Format::Plain);
            let mut start = 0;
            let mut base = 0;
            let mut counted = 0;
            while start < text.len() {
                let mut end = (start + size).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                let mut chunk = parser.feed(text[start..end].to_owned(), false);
                chunk.count_chars(base);
                counted += usize::from(chunk.chars_counted);
                base += chunk.text.len();
                doc.extend(chunk);
                start = end;
            }
            let mut chunk = parser.feed(String::new(), true);
            chunk.count_chars(base);
            doc.extend(chunk);
            doc.set_complete();
            assert!(counted > 0, "chunk size {size}");
            assert_eq!(doc.paragraphs, whole.paragraphs, "chunk size {size}");
            assert_eq!(doc.total_chars(), whole.total_chars());
        }
    }
}
