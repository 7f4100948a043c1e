//! Markdown rendered for reading, from pulldown-cmark's events (never regexes over the text).
//!
//! The contract: [`render`] returns one chunk whose text is what the reader shows, not the
//! source, and whose paragraphs are ranges into it, each with `line` = the source line its
//! block starts on (so `-s L120`, `:`, marks and resume speak source lines).
//! - Headings: their text without `#`s or underline, styled by level
//!   ([`InlineStyle::Heading`]). Top-level headings make exactly the sections the source view
//!   makes (same levels, same lines; see [`super::parse`]), titled by their rendered text.
//! - Emphasis, strong, strikethrough, inline code: their text, styled.
//! - Links: their text, then the address dimmed in `(…)` after it (brackets no line may end or
//!   start with, so the address never leaves a lone bracket behind) — unless the address is the
//!   text itself (an autolink) or a `#fragment` within the page. Images: `[图 alt]`. Footnote
//!   references `[label]`; a footnote definition is a paragraph opening with `[label] `.
//! - Lists: one paragraph per item (and per later paragraph of an item), opening with its
//!   marker — `•`, `◦`, `▪` by nesting depth, `N.` counted from the list's start — and
//!   hanging under the text after it; nested lists are indented by the enclosing markers'
//!   widths. Block quotes: every paragraph in them opens with `│ ` per level, and the text pane
//!   draws the bars again on the wrapped lines ([`super::super::decor`]).
//! - Code blocks: one [`ParagraphKind::Code`] paragraph per line (verbatim, clipped and scrolled
//!   sideways, never wrapped), the language on a row of its own above them
//!   ([`InlineStyle::Language`]); the text pane gives them a background.
//! - Tables: aligned rows ([`table`]), [`ParagraphKind::Preformatted`], one paragraph each,
//!   and the table's shape in [`Decor::tables`] (cells, bars, column widths) for layout to wrap
//!   its rows inside their cells in a narrower column.
//! - Thematic breaks: a rule, [`RULE`], preformatted.
//! - HTML blocks: their text without tags, one paragraph per source line that has any; an
//!   HTML heading at the top level (`<h3>…</h3>`) is a heading as in the source view. Inline
//!   HTML tags are dropped, their text kept.
//! - YAML (`---`) and TOML (`+++`) front matter: hidden.
//! - A blank line in the source between two blocks is a gap between their paragraphs; a soft
//!   line break inside a paragraph is kept as `\n`, which layout reads as a join (nothing between
//!   CJK characters, a space between words), as for reflowed plain text.
//!
//! Everything is parsed once, when the document is loaded; layout stays lazy per paragraph.
//! [`render_in_pieces`] hands the rendering out in chunks as it goes (the loader runs it on a
//! thread of its own), each cut where a top-level paragraph begins, so the reader's first screen
//! does not wait for the rest of a long file; the chunks together are [`render`]'s one chunk.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Parser, Tag, TagEnd};

use super::html::Stripper;
use super::table::{self, Cell, Row};
use super::{html_heading, options};
use crate::display::{AmbiguousWidth, str_width};
use crate::document::decor::{Decor, InlineStyle, Prefix, QUOTE_BAR, StyleSpan};
use crate::document::{Chunk, Marker, Paragraph, ParagraphKind, Section};

/// The text of a thematic break.
pub const RULE: &str = "────────────────────";

/// List markers by nesting depth (a bullet list inside a bullet list takes the next).
const BULLETS: [&str; 3] = ["• ", "◦ ", "▪ "];

/// Renders a whole Markdown source; `amb` is how wide ambiguous characters are drawn (table
/// columns and hanging indents are measured with it).
pub fn render(source: &str, amb: AmbiguousWidth) -> Chunk {
    let mut whole = Vec::with_capacity(1);
    render_in_pieces(source, amb, usize::MAX, usize::MAX, &mut |chunk| {
        whole.push(chunk);
        true
    });
    whole.pop().unwrap_or_default()
}

/// Bytes of rendered text in the reader's first piece: a few screens.
pub const FIRST_PIECE: usize = 64 << 10;

/// [`render`], handing a chunk to `sink` once `first` bytes of rendered text are final, then
/// whenever `every` more are, and the rest at the end. A chunk ends where a paragraph
/// outside any list, quote, table or code block begins, so no paragraph, style span or table
/// is cut. `sink` returns false when nobody wants more: rendering stops.
pub fn render_in_pieces(
    source: &str,
    amb: AmbiguousWidth,
    first: usize,
    every: usize,
    sink: &mut dyn FnMut(Chunk) -> bool,
) {
    let mut r = Renderer::new(source, amb);
    r.pieces = Some(Pieces {
        sink,
        at: first,
        every,
        handed: Handed::default(),
        stopped: false,
    });
    for (event, range) in Parser::new_ext(source, options()).into_offset_iter() {
        r.event(event, range);
        if r.pieces.as_ref().is_some_and(|p| p.stopped) {
            return;
        }
    }
    r.finish();
}

/// How much of the rendering was handed out already.
#[derive(Debug, Default, Clone, Copy)]
struct Handed {
    text: usize,
    paragraphs: usize,
    sections: usize,
    spans: usize,
    prefixes: usize,
    tables: usize,
}

/// Where [`render_in_pieces`] hands its chunks, and when.
struct Pieces<'k> {
    sink: &'k mut dyn FnMut(Chunk) -> bool,
    /// Hand a chunk out once this much text is final.
    at: usize,
    every: usize,
    handed: Handed,
    stopped: bool,
}

/// A container block the current paragraph is inside.
#[derive(Debug)]
enum Container {
    /// A block quote: `│ ` on every paragraph.
    Quote,
    /// A list item (or footnote definition): its marker on its first paragraph, as many
    /// columns of spaces on the later ones.
    Item {
        marker: String,
        width: usize,
        shown: bool,
    },
}

/// A list being rendered: the next number of an ordered list.
#[derive(Debug)]
struct List {
    next: Option<u64>,
}

/// The paragraph being written.
#[derive(Debug)]
struct Open {
    start: usize,
    prefix: usize,
    kind: ParagraphKind,
    line: u32,
    gap: bool,
}

struct Renderer<'s, 'k> {
    src: &'s str,
    /// Where the rendering goes as it is made ([`render_in_pieces`]).
    pieces: Option<Pieces<'k>>,
    amb: AmbiguousWidth,
    line_starts: Vec<usize>,
    /// Index into `line_starts` of the last line asked for.
    line_hint: std::cell::Cell<usize>,
    out: String,
    paragraphs: Vec<Paragraph>,
    sections: Vec<Section>,
    decor: Decor,
    containers: Vec<Container>,
    lists: Vec<List>,
    open: Option<Open>,
    /// Inline styles opened and not yet closed: the style and where it starts in `out`.
    inline: Vec<(InlineStyle, usize)>,
    /// Addresses of the links being written, and where their text starts.
    links: Vec<(String, usize, bool)>,
    /// One past the last source byte shown so far (for gaps).
    src_seen: usize,
    /// Open top-level headings: (number of `#`s, section index, level).
    heading_stack: Vec<(u8, u32, u16)>,
    /// The heading being written, when it opens a section.
    section: Option<u32>,
    /// Inside front matter: nothing is shown.
    metadata: bool,
    /// The code block being written: its text events with their source offsets.
    code: Option<Vec<(String, usize)>>,
    html: Stripper,
    /// The table being collected: its alignments and rows.
    table: Option<(Vec<pulldown_cmark::Alignment>, Vec<Row>)>,
    /// Where the cell being collected starts in `out`, and its first span.
    cell: Option<(usize, usize)>,
}

impl<'s> Renderer<'s, '_> {
    fn new(src: &'s str, amb: AmbiguousWidth) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', src.as_bytes()).map(|i| i + 1));
        Self {
            src,
            pieces: None,
            amb,
            line_starts,
            line_hint: std::cell::Cell::new(0),
            out: String::with_capacity(src.len()),
            paragraphs: Vec::new(),
            sections: Vec::new(),
            decor: Decor {
                rendered: true,
                ..Decor::default()
            },
            containers: Vec::new(),
            lists: Vec::new(),
            open: None,
            inline: Vec::new(),
            links: Vec::new(),
            src_seen: 0,
            heading_stack: Vec::new(),
            section: None,
            metadata: false,
            code: None,
            html: Stripper::default(),
            table: None,
            cell: None,
        }
    }

    /// 1-based source line of byte `at`. Bytes are asked for mostly in order: a few lines on
    /// from the last answer are walked to, anything else is searched for.
    fn line_of(&self, at: usize) -> u32 {
        let starts = &self.line_starts;
        let mut i = self.line_hint.get();
        if starts.get(i).is_some_and(|&s| s <= at) {
            let mut steps = 0;
            while steps < 16 && starts.get(i + 1).is_some_and(|&s| s <= at) {
                i += 1;
                steps += 1;
            }
            if starts.get(i + 1).is_some_and(|&s| s <= at) {
                i = starts.partition_point(|&s| s <= at) - 1;
            }
        } else {
            i = starts.partition_point(|&s| s <= at).saturating_sub(1);
        }
        self.line_hint.set(i);
        i as u32 + 1
    }

    /// True when a blank source line (blank but for quote marks) lies between what was shown
    /// last and byte `at`.
    fn blank_before(&self, at: usize) -> bool {
        if self.paragraphs.is_empty() || at <= self.src_seen {
            return false;
        }
        // the whole lines after the one holding the last byte shown and before the one holding
        // `at`: from the first `\n` at or after that byte to the last one before `at`
        let bytes = self.src.as_bytes();
        let from = self.src_seen.saturating_sub(1);
        let Some(first_nl) = bytes
            .get(from..at)
            .and_then(|b| memchr::memchr(b'\n', b))
            .map(|i| from + i)
        else {
            return false;
        };
        let Some(last_nl) = bytes
            .get(first_nl..at)
            .and_then(|b| memchr::memrchr(b'\n', b))
            .map(|i| first_nl + i)
        else {
            return false;
        };
        self.src
            .get(first_nl + 1..last_nl + 1)
            .is_some_and(|lines| {
                lines.split_inclusive('\n').any(|l| {
                    l.trim_matches(|c: char| c.is_whitespace() || c == '>')
                        .is_empty()
                })
            })
    }

    /// Marks the source up to `range.end` as shown (inside a table, the rows do that as they
    /// are laid out, at its end).
    fn see(&mut self, range: &Range<usize>) {
        if self.table.is_some() {
            return;
        }
        self.src_seen = self.src_seen.max(range.end);
    }

    /// Opens a paragraph of `kind` whose block starts at source byte `at`: its prefix is
    /// written (quote bars, list marker or its indent).
    fn begin(&mut self, kind: ParagraphKind, at: usize) {
        self.end();
        self.hand_over(false);
        let gap = self.blank_before(at);
        let start = self.out.len();
        for c in &mut self.containers {
            match c {
                Container::Quote => {
                    self.out.push(QUOTE_BAR);
                    self.out.push(' ');
                }
                Container::Item {
                    marker,
                    width,
                    shown,
                } => {
                    if *shown {
                        self.out.extend(std::iter::repeat_n(' ', *width));
                    } else {
                        self.out.push_str(marker);
                        *shown = true;
                    }
                }
            }
        }
        let prefix = self.out.len() - start;
        for s in &mut self.inline {
            s.1 = self.out.len();
        }
        self.open = Some(Open {
            start,
            prefix,
            kind,
            line: self.line_of(at),
            gap,
        });
    }

    /// Enters a list item (or footnote definition) opening with `marker`.
    fn push_item(&mut self, marker: String) {
        let width = str_width(&marker, self.amb);
        self.containers.push(Container::Item {
            marker,
            width,
            shown: false,
        });
    }

    /// Makes sure inline text has a paragraph to go into (the text of a tight list item comes
    /// without one).
    fn ensure(&mut self, at: usize) {
        if self.open.is_none() && self.cell.is_none() {
            self.begin(ParagraphKind::Body, at);
        }
    }

    /// Closes the open paragraph: styles still open are cut at its end (and go on in the next
    /// paragraph); an empty body paragraph is dropped.
    fn end(&mut self) {
        let Some(open) = self.open.take() else {
            return;
        };
        let content_start = open.start + open.prefix;
        let end = content_start + self.out.get(content_start..).unwrap_or("").trim_end().len();
        for i in 0..self.inline.len() {
            let (style, from) = self.inline[i];
            if from < end {
                self.push_span(from..end, style);
            }
            self.inline[i].1 = usize::MAX;
        }
        if end == content_start && open.kind == ParagraphKind::Body {
            self.out.truncate(open.start);
            let keep = self
                .decor
                .spans
                .iter()
                .rposition(|s| s.range.start < open.start)
                .map_or(0, |i| i + 1);
            self.decor.spans.truncate(keep);
            return;
        }
        self.out.truncate(end);
        let para = self.paragraphs.len() as u32;
        if open.prefix > 0 {
            self.decor.prefixes.push(Prefix {
                para,
                len: open.prefix as u32,
            });
        }
        self.paragraphs.push(Paragraph {
            range: open.start..end,
            line: open.line,
            chars: 0,
            kind: open.kind,
            gap_before: open.gap,
            continuation: false,
            shape: crate::document::LineShape::default(),
        });
        self.out.push('\n');
    }

    fn push_span(&mut self, range: Range<usize>, style: InlineStyle) {
        if range.start < range.end {
            self.decor.spans.push(StyleSpan { range, style });
        }
    }

    fn open_inline(&mut self, style: InlineStyle, at: usize) {
        self.ensure(at);
        self.inline.push((style, self.out.len()));
    }

    fn close_inline(&mut self) {
        if let Some((style, from)) = self.inline.pop()
            && from != usize::MAX
        {
            let end = self.out.len();
            self.push_span(from..end, style);
        }
    }

    fn text(&mut self, t: &str, at: usize) {
        self.ensure(at);
        self.out.push_str(t);
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        if self.metadata {
            if matches!(event, Event::End(TagEnd::MetadataBlock(_))) {
                self.metadata = false;
            }
            return;
        }
        if let Some(code) = &mut self.code {
            match event {
                Event::Text(t) => code.push((t.into_string(), range.start)),
                Event::End(TagEnd::CodeBlock) => self.code_block(&range),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end_tag(tag, &range),
            Event::Text(t) => {
                self.text(&t, range.start);
                self.see(&range);
            }
            Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.ensure(range.start);
                let from = self.out.len();
                self.out.push_str(&t);
                self.push_span(from..self.out.len(), InlineStyle::Code);
                self.see(&range);
            }
            Event::Html(h) => self.html_line(&h, range),
            Event::InlineHtml(h) => {
                let t = self.html.strip(&h);
                if !t.is_empty() {
                    self.text(&t, range.start);
                }
                self.see(&range);
            }
            Event::FootnoteReference(label) => {
                self.ensure(range.start);
                let from = self.out.len();
                self.out.push('[');
                self.out.push_str(&label);
                self.out.push(']');
                self.push_span(from..self.out.len(), InlineStyle::Url);
                self.see(&range);
            }
            Event::SoftBreak => {
                if self.cell.is_some() {
                    self.out.push(' ');
                } else {
                    self.text("\n", range.start);
                }
            }
            Event::HardBreak => {
                if self.cell.is_some() {
                    self.out.push(' ');
                } else if let Some(kind) = self.open.as_ref().map(|o| o.kind) {
                    self.see(&range);
                    self.begin(kind, range.end);
                }
            }
            Event::Rule => {
                self.begin(ParagraphKind::Preformatted, range.start);
                let from = self.out.len();
                self.out.push_str(RULE);
                self.push_span(from..self.out.len(), InlineStyle::Rule);
                self.end();
                self.see(&range);
            }
            Event::TaskListMarker(done) => self.text(if done { "☑ " } else { "☐ " }, range.start),
        }
    }

    /// Opens a heading of `depth` `#`s at source byte `at`: at the top level it opens a section
    /// exactly as the source view does; inside a container it is styled text.
    fn heading(&mut self, depth: u8, at: usize) {
        let top = self.containers.is_empty();
        let shown_level = if top {
            while self
                .heading_stack
                .last()
                .is_some_and(|&(d, _, _)| d >= depth)
            {
                self.heading_stack.pop();
            }
            let level = self.heading_stack.last().map_or(1, |&(_, _, l)| l + 1);
            let parent = self.heading_stack.last().map(|&(_, i, _)| i);
            let index = self.sections.len() as u32;
            self.begin(ParagraphKind::Heading, at);
            let para = self.paragraphs.len() as u32;
            self.sections.push(Section::new(
                level,
                0..0,
                self.line_of(at),
                para,
                parent,
                Marker::Markdown,
            ));
            self.heading_stack.push((depth, index, level));
            self.section = Some(index);
            level
        } else {
            self.begin(ParagraphKind::Body, at);
            u16::from(depth)
        };
        let style = InlineStyle::Heading(shown_level.min(6) as u8);
        self.inline.push((style, self.out.len()));
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Paragraph => self.begin(ParagraphKind::Body, range.start),
            Tag::Heading { level, .. } => self.heading(level as u8, range.start),
            Tag::BlockQuote(_) => {
                self.end();
                self.containers.push(Container::Quote);
            }
            Tag::CodeBlock(kind) => {
                self.end();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_owned()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                if !lang.is_empty() {
                    self.begin(ParagraphKind::Code, range.start);
                    let from = self.out.len();
                    self.out.push_str(&lang);
                    self.push_span(from..self.out.len(), InlineStyle::Language);
                    self.end();
                    // the fence row is shown: the first line of code follows it without a gap
                    let fence_end = range.start
                        + self
                            .src
                            .get(range.start..)
                            .and_then(|t| t.find('\n'))
                            .unwrap_or(0);
                    self.src_seen = self.src_seen.max(fence_end);
                }
                self.code = Some(Vec::new());
            }
            Tag::HtmlBlock => self.end(),
            Tag::List(start) => {
                self.end();
                self.lists.push(List { next: start });
            }
            Tag::Item => {
                self.end();
                let depth = self.lists.len().saturating_sub(1);
                let marker = match self.lists.last_mut().and_then(|l| l.next.as_mut()) {
                    Some(n) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    None => BULLETS[depth % BULLETS.len()].to_owned(),
                };
                self.push_item(marker);
            }
            Tag::FootnoteDefinition(label) => {
                self.end();
                self.push_item(format!("[{label}] "));
            }
            Tag::Table(aligns) => {
                self.end();
                self.table = Some((aligns, Vec::new()));
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some((_, rows)) = &mut self.table {
                    rows.push(Row {
                        cells: Vec::new(),
                        src: range.start,
                        head: matches!(tag, Tag::TableHead),
                    });
                }
            }
            Tag::TableCell => self.cell = Some((self.out.len(), self.decor.spans.len())),
            Tag::Emphasis => self.open_inline(InlineStyle::Emphasis, range.start),
            Tag::Strong => self.open_inline(InlineStyle::Strong, range.start),
            Tag::Strikethrough => self.open_inline(InlineStyle::Strike, range.start),
            Tag::Superscript | Tag::Subscript => self.ensure(range.start),
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                self.open_inline(InlineStyle::Link, range.start);
                let auto = matches!(link_type, LinkType::Autolink | LinkType::Email);
                let from = self.out.len();
                self.links.push((dest_url.into_string(), from, auto));
            }
            Tag::Image { .. } => {
                self.open_inline(InlineStyle::Image, range.start);
                self.out.push_str("[图 ");
            }
            Tag::MetadataBlock(_) => self.metadata = true,
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                self.begin(ParagraphKind::Body, range.start);
            }
        }
    }

    /// Hands out what is final since the last chunk: at the end (`last`), or when enough is
    /// and nothing is open that a later event could still change (a paragraph, a style, a
    /// link, a container, a table, a code block, a heading, front matter). The spans of a
    /// chunk are sorted as [`render`] sorts them all: no span of a later chunk starts earlier.
    fn hand_over(&mut self, last: bool) {
        let Some(pieces) = &self.pieces else {
            return;
        };
        let ready = self.out.len() - pieces.handed.text;
        if !last
            && (pieces.stopped
                || ready < pieces.at
                || self.open.is_some()
                || !self.inline.is_empty()
                || !self.containers.is_empty()
                || !self.links.is_empty()
                || self.table.is_some()
                || self.cell.is_some()
                || self.code.is_some()
                || self.section.is_some()
                || self.metadata)
        {
            return;
        }
        let Some(mut pieces) = self.pieces.take() else {
            return;
        };
        let from = pieces.handed;
        let mut spans = self
            .decor
            .spans
            .get(from.spans..)
            .unwrap_or_default()
            .to_vec();
        spans.sort_by_key(|s| (s.range.start, std::cmp::Reverse(s.range.end)));
        let title = if from.text == 0 {
            self.sections
                .first()
                .filter(|s| s.para == 0)
                .map(|s| s.title.clone())
        } else {
            None
        };
        let chunk = Chunk {
            text: self.out.get(from.text..).unwrap_or_default().to_owned(),
            paragraphs: self
                .paragraphs
                .get(from.paragraphs..)
                .unwrap_or_default()
                .to_vec(),
            sections: self
                .sections
                .get(from.sections..)
                .unwrap_or_default()
                .to_vec(),
            title,
            decor: Some(Box::new(Decor {
                spans,
                prefixes: self
                    .decor
                    .prefixes
                    .get(from.prefixes..)
                    .unwrap_or_default()
                    .to_vec(),
                tables: self
                    .decor
                    .tables
                    .get(from.tables..)
                    .unwrap_or_default()
                    .to_vec(),
                rendered: true,
            })),
            ..Chunk::default()
        };
        pieces.handed = Handed {
            text: self.out.len(),
            paragraphs: self.paragraphs.len(),
            sections: self.sections.len(),
            spans: self.decor.spans.len(),
            prefixes: self.decor.prefixes.len(),
            tables: self.decor.tables.len(),
        };
        pieces.at = pieces.every;
        pieces.stopped = !(pieces.sink)(chunk);
        self.pieces = Some(pieces);
    }

    fn finish(mut self) {
        self.end();
        self.hand_over(true);
    }
}

mod blocks;
mod ends;
#[cfg(test)]
mod tests;
