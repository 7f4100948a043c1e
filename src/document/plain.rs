//! Plain-text structure detection, streaming.
//!
//! A paragraph is a non-blank source line (indentation of spaces, tabs and U+3000 and trailing
//! whitespace are outside its range). Each paragraph is classified by [`super::patterns`]; this
//! module turns candidates into the section tree:
//!
//! - **Ranked headings** (`第X编/章/节/条/回`, `一、`, `（一）`, `1.`, `（1）`, `①`, and the
//!   unnumbered divisions `序言`/`楔子`/`附则` …) are decided at once: a heading's parent is the
//!   nearest open heading of a higher rank, so levels never skip. Numbered markers must continue
//!   their sequence under the same parent (`3.` after `2.`) unless they stand alone on a short
//!   line; inside a law article (`第X条`) the official markers are clauses, never headings.
//! - **Parallel points** (a run of two or more `——` paragraphs; `一是`, `二是` …) are leaves one
//!   level below the enclosing ranked heading. They need lookahead (the next paragraph, or a
//!   later `二是`), so undecided paragraphs wait in a short queue; everything is emitted in order.
//! - The **title block** (short lines before the first heading or body paragraph) and a
//!   **table of contents** (`目录` up to the line where its first entry repeats) never make
//!   sections.
//!
//! The parser is fed text in chunks ([`PlainParser::feed`]) and returns only final paragraphs
//! and sections, so the reader can show them while the rest is still loading. Lines longer than
//! [`MAX_PARAGRAPH_BYTES`] are cut into continuation paragraphs.

use std::collections::VecDeque;
use std::ops::Range;

mod decide;

use super::patterns::{self, Candidate, Rank};
use super::{Chunk, MAX_PARAGRAPH_BYTES, Marker, Paragraph, ParagraphKind};

/// Paragraphs a `一是` may wait for its `二是` before it is taken as ordinary text.
const ENUM_LOOKAHEAD: usize = 200;
/// Longest title-block line, in characters.
const TITLE_LINE_MAX_CHARS: usize = 64;
/// A table of contents longer than this many lines is not one.
const TOC_MAX_LINES: usize = 400;

/// Streaming parser for plain text.
#[derive(Debug)]
pub struct PlainParser {
    /// Absolute offset of the start of the text not yet consumed.
    offset: usize,
    /// Line number of the next line (1-based).
    line: u32,
    /// Incomplete last line kept for the next `feed`.
    carry: String,
    /// Set while a source line longer than `MAX_PARAGRAPH_BYTES` is being cut into pieces.
    long_line: Option<u32>,
    /// Paragraphs emitted so far (absolute index of the queue front).
    emitted_paras: u32,
    /// Sections emitted so far.
    emitted_sections: u32,
    /// Section index of each accepted ranked heading, by ranked id (filled when emitted).
    ranked_sections: Vec<u32>,
    /// Number of ranked headings accepted (next ranked id).
    ranked_count: u32,
    /// Open ranked headings, outermost first.
    stack: Vec<Open>,
    /// Sequence counters for headings at the top level.
    root_counters: Counters,
    /// Highest rank (smallest number) of any numbered heading seen; unnumbered divisions take it.
    top_rank: Option<Rank>,
    phase: Phase,
    toc: Option<Toc>,
    /// `——` run: the enclosing ranked id when the previous paragraph was an accepted point.
    dash_run: bool,
    /// `一是` run: number of the last accepted point under the current heading.
    enum_last: Option<u32>,
    /// The waiting `一是`: its absolute paragraph index and how many paragraphs it has waited.
    pending_enum: Option<(u32, usize)>,
    /// Paragraphs decided or waiting, in order; only the front may block emission.
    queue: VecDeque<Item>,
    title: Option<Range<usize>>,
    title_sent: bool,
    /// Paragraphs and sections emitted since the last `feed` returned.
    out: Chunk,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before the first heading or body paragraph.
    TitleBlock,
    Body,
}

#[derive(Debug)]
struct Toc {
    /// Normalised text of the first entry, once seen.
    first: Option<String>,
    lines: usize,
}

type Counters = [u32; patterns::MARKER_KINDS];

#[derive(Debug, Clone)]
struct Open {
    id: u32,
    rank: Rank,
    level: u16,
    marker: Marker,
    /// Unnumbered division seen before any numbered heading: it takes the rank of whatever
    /// heading comes next.
    floating: bool,
    counters: Counters,
}

#[derive(Debug)]
struct Item {
    para: Paragraph,
    decision: Decision,
}

#[derive(Debug, Clone)]
enum Decision {
    Plain(ParagraphKind),
    Heading {
        id: u32,
        heading: Heading,
    },
    Point {
        heading: Heading,
    },
    /// A `——` paragraph waiting for the next one.
    PendingDash {
        heading: Heading,
    },
    /// A `一是` paragraph waiting for `二是`.
    PendingEnum {
        heading: Heading,
    },
}

/// Everything needed to emit a section once its index is known.
#[derive(Debug, Clone)]
struct Heading {
    level: u16,
    parent: Option<u32>,
    marker: Marker,
    title: Range<usize>,
    kind: ParagraphKind,
}

impl Default for PlainParser {
    fn default() -> Self {
        Self::new()
    }
}

impl PlainParser {
    /// A parser at the start of a document.
    pub fn new() -> Self {
        Self {
            offset: 0,
            line: 1,
            carry: String::new(),
            long_line: None,
            emitted_paras: 0,
            emitted_sections: 0,
            ranked_sections: Vec::new(),
            ranked_count: 0,
            stack: Vec::new(),
            root_counters: [0; patterns::MARKER_KINDS],
            top_rank: None,
            phase: Phase::TitleBlock,
            toc: None,
            dash_run: false,
            enum_last: None,
            pending_enum: None,
            queue: VecDeque::new(),
            title: None,
            title_sent: false,
            out: Chunk::default(),
        }
    }

    /// Consumes `text` and returns the text that became final together with its paragraphs and
    /// sections. An incomplete last line is kept for the next call unless `last` is set; then
    /// every waiting decision is settled.
    pub fn feed(&mut self, text: String, last: bool) -> Chunk {
        let buf = if self.carry.is_empty() {
            text
        } else {
            let mut b = std::mem::take(&mut self.carry);
            b.push_str(&text);
            b
        };
        let consumed = if last {
            buf.len()
        } else {
            match memchr::memrchr(b'\n', buf.as_bytes()) {
                Some(nl) => nl + 1,
                None => 0,
            }
        };
        let mut chunk = Chunk::default();
        let mut pos = 0;
        while pos < consumed {
            let end =
                memchr::memchr(b'\n', &buf.as_bytes()[pos..consumed]).map_or(consumed, |i| pos + i);
            self.line_done(&buf, pos..end);
            pos = end + 1;
            self.line += 1;
        }
        let (mut done, rest) = if consumed == buf.len() {
            (buf, String::new())
        } else {
            let rest = buf.get(consumed..).unwrap_or("").to_owned();
            let mut done = buf;
            done.truncate(consumed);
            (done, rest)
        };
        // A very long line without a newline yet: emit its complete pieces now so memory and
        // re-copying stay bounded.
        let mut rest = rest;
        if rest.len() > 2 * MAX_PARAGRAPH_BYTES {
            let keep_from = self.long_pieces(&rest, done.len());
            let tail = rest.split_off(keep_from);
            done.push_str(&rest);
            rest = tail;
        }
        self.offset += done.len();
        self.carry = rest;
        if last {
            self.settle_all();
        }
        self.emit_ready();
        if !self.title_sent && (self.title.is_some() || self.phase == Phase::Body) {
            chunk.title.clone_from(&self.title);
            self.title_sent = self.title.is_some() || self.phase == Phase::Body;
        }
        chunk.paragraphs = std::mem::take(&mut self.out.paragraphs);
        chunk.sections = std::mem::take(&mut self.out.sections);
        chunk.text = done;
        chunk
    }

    /// Handles the complete line `range` of `buf` (without its newline).
    fn line_done(&mut self, buf: &str, range: Range<usize>) {
        let line_text = buf.get(range.clone()).unwrap_or("");
        if let Some(line) = self.long_line.take() {
            // the tail of a long line whose head was already emitted
            self.pieces(buf, range, line, true);
            return;
        }
        let Some(trimmed) = trim_range(line_text) else {
            return; // blank line
        };
        let abs = range.start + trimmed.start..range.start + trimmed.end;
        if abs.len() > MAX_PARAGRAPH_BYTES {
            self.pieces(buf, abs, self.line, false);
        } else {
            self.paragraph(buf, abs, self.line);
        }
    }

    /// Emits the pieces of a long line; the first piece (unless `continued`) is classified.
    fn pieces(&mut self, buf: &str, range: Range<usize>, line: u32, continued: bool) {
        let mut start = range.start;
        let mut first = !continued;
        while start < range.end {
            let rest = buf.get(start..range.end).unwrap_or("");
            let len = if rest.len() > MAX_PARAGRAPH_BYTES {
                crate::layout::breaker::split_point(rest, MAX_PARAGRAPH_BYTES)
            } else {
                rest.len()
            };
            let piece = start..start + len;
            if first {
                self.paragraph(buf, piece, line);
                first = false;
            } else {
                self.continuation(buf, piece, line);
            }
            start += len;
        }
        self.emit_ready();
    }

    /// Emits all complete pieces of an unfinished long line held in `rest` (which starts at
    /// `base` within the chunk text) and returns how many bytes of `rest` were consumed.
    fn long_pieces(&mut self, rest: &str, base: usize) -> usize {
        let mut consumed = 0;
        let continued = self.long_line.is_some();
        let line = self.long_line.unwrap_or(self.line);
        let mut first = !continued;
        // leading indentation of a new line is not part of the paragraph
        if first {
            // the same characters `trim_range` leaves out of a complete line
            let indent = rest.len() - rest.trim_start_matches(is_leading_blank).len();
            consumed = indent;
        }
        while rest.len() - consumed > 2 * MAX_PARAGRAPH_BYTES {
            let tail = rest.get(consumed..).unwrap_or("");
            let len = crate::layout::breaker::split_point(tail, MAX_PARAGRAPH_BYTES);
            let abs = self.offset + base + consumed..self.offset + base + consumed + len;
            let text = tail.get(..len).unwrap_or("");
            if first {
                self.paragraph_text(text, abs, line);
                first = false;
            } else {
                self.continuation_text(text, abs, line);
            }
            consumed += len;
        }
        if first {
            // No piece was emitted (the indentation made the rest short enough): keep the whole
            // line for the next feed, so its first piece is still classified as a paragraph of
            // its own and not taken for a continuation.
            return 0;
        }
        self.long_line = Some(line);
        self.emit_ready();
        consumed
    }

    fn continuation(&mut self, buf: &str, range: Range<usize>, line: u32) {
        let text = buf.get(range.clone()).unwrap_or("");
        let abs = self.offset + range.start..self.offset + range.end;
        self.continuation_text(text, abs, line);
    }

    fn continuation_text(&mut self, text: &str, abs: Range<usize>, line: u32) {
        let text_trimmed = text.trim_end();
        let abs = abs.start..abs.start + text_trimmed.len();
        if abs.is_empty() {
            return;
        }
        let para = Paragraph {
            range: abs,
            line,
            chars: 0,
            kind: ParagraphKind::Body,
            gap_before: false,
            continuation: true,
        };
        self.queue.push_back(Item {
            para,
            decision: Decision::Plain(ParagraphKind::Body),
        });
    }

    /// Classifies one paragraph (chunk-relative `range` in `buf`).
    fn paragraph(&mut self, buf: &str, range: Range<usize>, line: u32) {
        let text = buf.get(range.clone()).unwrap_or("");
        let abs = self.offset + range.start..self.offset + range.end;
        self.paragraph_text(text, abs, line);
    }

    /// Classifies one paragraph whose text is `text` at absolute `abs`.
    fn paragraph_text(&mut self, text: &str, abs: Range<usize>, line: u32) {
        let para = Paragraph {
            range: abs.clone(),
            line,
            chars: 0,
            kind: ParagraphKind::Body,
            gap_before: self.emitted_paras as usize + self.queue.len() > 0,
            continuation: false,
        };
        let candidate = patterns::classify(text);
        let decision = self.decide(text, &abs, &candidate);
        self.queue.push_back(Item { para, decision });
        self.emit_ready();
    }
}

/// The paragraph kind of a heading whose heading part is `heading_len` of `len` bytes.
fn heading_kind(heading_len: usize, len: usize) -> ParagraphKind {
    if heading_len >= len {
        ParagraphKind::Heading
    } else {
        ParagraphKind::InlineHeading {
            heading_len: heading_len as u32,
        }
    }
}

/// Blank characters at the start of a line, outside any paragraph: Unicode white space (spaces,
/// tabs, U+3000, NBSP, en/em spaces) and a stray byte-order mark.
fn is_leading_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

/// The non-blank part of a line, or `None` for a blank line.
fn trim_range(line: &str) -> Option<Range<usize>> {
    let start = line.len() - line.trim_start_matches(is_leading_blank).len();
    let end = line.trim_end().len();
    (start < end).then_some(start..end)
}

/// True for a line that may belong to the title block: short, not a heading, not a sentence,
/// not a salutation.
fn is_title_line(text: &str, candidate: &Candidate) -> bool {
    if matches!(
        candidate,
        Candidate::Ranked { .. } | Candidate::Toc | Candidate::Enumerated { .. }
    ) {
        return false;
    }
    if text.chars().count() > TITLE_LINE_MAX_CHARS {
        return false;
    }
    if text.contains(['。', '；']) {
        return false;
    }
    !text.ends_with(['：', ':', '！', '!', '？', '?', '，', ','])
}

/// The document title from the first title-block line: the part before a `——` subtitle.
fn title_of(text: &str, start: usize) -> Range<usize> {
    let end = match text.find("——") {
        Some(i) if i > 0 => text.get(..i).map_or(i, |t| t.trim_end().len()),
        _ => text.len(),
    };
    start..start + end
}

/// A table-of-contents entry reduced for comparison with a heading: no whitespace, no leader
/// dots or page numbers at the end.
fn normalise_entry(text: &str) -> String {
    let s: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    s.trim_end_matches(|c: char| {
        c.is_ascii_digit() || matches!(c, '.' | '…' | '·' | '-' | '—' | '．')
    })
    .to_owned()
}
