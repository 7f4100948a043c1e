//! Plain text → paragraphs and heading candidates, streaming.
//!
//! A paragraph is a non-blank source line (indentation of spaces, tabs and U+3000 and trailing
//! whitespace are outside its range). Each paragraph's opening is classified by
//! [`super::patterns`]; the candidates travel with the chunk, and the section tree is decided
//! once the whole text is known, from the document's evidence ([`super::structure`]): a heading
//! is rarely a single line's business (its numbering continues a sequence, a table of contents
//! repeats it, the document's families decide between rival readings).
//!
//! The parser is fed text in chunks ([`PlainParser::feed`]) and returns paragraphs as soon as
//! their line is complete, so the reader can show the text while the rest is still loading.
//! Lines longer than [`MAX_PARAGRAPH_BYTES`] are cut into continuation paragraphs. The lines
//! of a hard-wrapped region are joined into paragraphs at the end of each `feed`
//! ([`super::reflow`]).

use std::ops::Range;

use super::patterns::{self, Candidate};
use super::reflow::{Reflow, join_wrapped_lines, may_split_before};
use super::structure::Cand;
use super::{Chunk, LineShape, MAX_PARAGRAPH_BYTES, Paragraph, ParagraphKind};
use crate::text::split_point;

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
    /// Paragraphs emitted so far.
    paragraphs: u32,
    /// Paragraphs and candidates found since the last `feed` returned.
    out: Chunk,
    /// Whether hard-wrapped lines are joined.
    reflow: Reflow,
    /// A form feed was seen outside any paragraph since the last one (a page break before the
    /// next paragraph).
    form_feed: bool,
    /// Streaming (`--outline` of a large file): each `feed` returns only the paragraphs before
    /// a point where reflow could not have joined across ([`may_split_before`]), so that the
    /// paragraphs are those of one `feed` of the whole text; the rest is held.
    hold: bool,
    /// Bytes at the start of `carry` whose lines were parsed already (held paragraphs).
    parsed: usize,
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
            paragraphs: 0,
            out: Chunk::default(),
            reflow: Reflow::default(),
            form_feed: false,
            hold: false,
            parsed: 0,
        }
    }

    /// A parser for a text fed in pieces whose paragraphs, joined as `reflow` says, come out
    /// exactly as if the whole text had been fed at once (see [`may_split_before`]): what
    /// could still join with text not yet fed is held until a later `feed`.
    /// With [`Reflow::Never`] nothing can join, so nothing is held.
    pub fn streaming(reflow: Reflow) -> Self {
        Self {
            reflow,
            hold: reflow != Reflow::Never,
            ..Self::new()
        }
    }

    /// Stops holding lines back (a streaming parser that would hold too much): from the next
    /// `feed` on, paragraphs straddling two feeds are not joined.
    pub const fn stop_holding(&mut self) {
        self.hold = false;
    }

    /// A parser that joins hard-wrapped lines as `reflow` says.
    pub fn with_reflow(reflow: Reflow) -> Self {
        Self {
            reflow,
            ..Self::new()
        }
    }

    /// Bytes of text held for the next `feed` (an unfinished line, and with
    /// [`Self::streaming`] the lines that may still join what follows).
    pub fn held_bytes(&self) -> usize {
        self.carry.len()
    }

    /// Moves the text held for the next `feed` to the end of `buf` (cleared first), which
    /// then continues with the next text: feeding `buf` does not copy it again.
    pub fn take_held_into(&mut self, buf: &mut String) {
        buf.clear();
        buf.push_str(&self.carry);
        self.carry.clear();
    }

    /// Consumes `text` and returns the text that became final together with its paragraphs and
    /// heading candidates. An incomplete last line is kept for the next call unless `last` is
    /// set.
    pub fn feed(&mut self, text: String, last: bool) -> Chunk {
        let buf = if self.carry.is_empty() {
            text
        } else {
            let mut b = std::mem::take(&mut self.carry);
            b.push_str(&text);
            b
        };
        // (held lines were parsed by an earlier feed)
        let parsed = std::mem::take(&mut self.parsed);
        let consumed = if last {
            buf.len()
        } else {
            match memchr::memrchr(b'\n', buf.as_bytes()) {
                Some(nl) => nl + 1,
                None => 0,
            }
            .max(parsed)
        };
        let mut pos = parsed;
        while pos < consumed {
            let end =
                memchr::memchr(b'\n', &buf.as_bytes()[pos..consumed]).map_or(consumed, |i| pos + i);
            self.line_done(&buf, pos..end);
            pos = end + 1;
            self.line += 1;
        }
        if self.hold && !last {
            return self.feed_held(buf, consumed);
        }
        let first = self.paragraphs - self.out.paragraphs.len() as u32;
        self.join_out(&buf, first);
        let (mut done, mut rest) = if consumed == buf.len() {
            (buf, String::new())
        } else {
            let rest = buf.get(consumed..).unwrap_or("").to_owned();
            let mut done = buf;
            done.truncate(consumed);
            (done, rest)
        };
        // A very long line without a newline yet: emit its complete pieces now so memory and
        // re-copying stay bounded.
        if rest.len() > 2 * MAX_PARAGRAPH_BYTES {
            let keep_from = self.unfinished_line(&rest, done.len());
            let tail = rest.split_off(keep_from);
            done.push_str(&rest);
            rest = tail;
        }
        self.offset += done.len();
        self.carry = rest;
        let mut chunk = std::mem::take(&mut self.out);
        chunk.text = done;
        chunk
    }

    /// The rest of a streaming `feed` (not the last): the complete lines of `buf` (up to
    /// `consumed`) were parsed. A long unfinished line is cut as in [`Self::feed`] (its pieces
    /// join the parsed paragraphs); then the paragraphs before the last point reflow cannot
    /// join across are joined and returned with their text, and the rest is held with its text.
    fn feed_held(&mut self, buf: String, consumed: usize) -> Chunk {
        let mut parsed = consumed;
        if buf.len() - consumed > 2 * MAX_PARAGRAPH_BYTES {
            let rest = buf.get(consumed..).unwrap_or("");
            parsed += self.unfinished_line(rest, consumed);
        }
        let total = self.out.paragraphs.len();
        let first = self.paragraphs - total as u32;
        let cands = &self.out.candidates;
        let candidate = |i: usize| {
            cands
                .binary_search_by_key(&(first + i as u32), |c| c.para)
                .is_ok()
        };
        let split = (1..total)
            .rev()
            .find(|&k| may_split_before(&buf, self.offset, &self.out.paragraphs, k, candidate))
            .unwrap_or(0);
        let held = self.out.paragraphs.split_off(split);
        let at = self
            .out
            .candidates
            .partition_point(|c| c.para < first + split as u32);
        let mut held_cands = self.out.candidates.split_off(at);
        let merged = self.join_out(&buf, first);
        for c in &mut held_cands {
            c.para -= merged;
        }
        // the held text starts at the start of the first held paragraph's line (a piece of a
        // cut line: at the piece, or a long line would be held whole)
        let cut = match held.first() {
            Some(p) if p.continuation => p.range.start - self.offset,
            Some(p) => {
                let start = p.range.start - self.offset;
                memchr::memrchr(b'\n', buf.as_bytes().get(..start).unwrap_or(&[]))
                    .map_or(0, |nl| nl + 1)
            }
            None => parsed,
        };
        let mut done = buf;
        let rest = done.get(cut..).unwrap_or("").to_owned();
        done.truncate(cut);
        self.parsed = parsed - cut;
        self.offset += done.len();
        self.carry = rest;
        let mut chunk = std::mem::replace(
            &mut self.out,
            Chunk {
                paragraphs: held,
                candidates: held_cands,
                ..Chunk::default()
            },
        );
        chunk.text = done;
        chunk
    }

    /// Joins the hard-wrapped lines among the paragraphs waiting in `out` (the first of them is
    /// paragraph `first`, their text in `buf`); returns how many paragraphs the joins merged
    /// away, already taken off the count.
    fn join_out(&mut self, buf: &str, first: u32) -> u32 {
        let before = self.out.paragraphs.len();
        join_wrapped_lines(
            buf,
            self.offset,
            first,
            &mut self.out.paragraphs,
            &mut self.out.candidates,
            self.reflow,
        );
        let merged = (before - self.out.paragraphs.len()) as u32;
        self.paragraphs -= merged;
        merged
    }

    /// Handles the complete line `range` of `buf` (without its newline).
    fn line_done(&mut self, buf: &str, range: Range<usize>) {
        let line_text = buf.get(range.clone()).unwrap_or("");
        if let Some(line) = self.long_line.take() {
            // the tail of a long line whose head was already emitted
            self.cut(line_text, "", self.offset + range.start, line, true, true);
            return;
        }
        let Some(trimmed) = trim_range(line_text) else {
            self.form_feed |= has_form_feed(line_text);
            return; // blank line
        };
        let text = line_text.get(trimmed.clone()).unwrap_or("");
        let indentation = line_text.get(..trimmed.start).unwrap_or("");
        let abs = self.offset + range.start + trimmed.start;
        if text.len() > MAX_PARAGRAPH_BYTES {
            self.cut(text, indentation, abs, self.line, false, true);
        } else {
            self.paragraph(text, indentation, abs..abs + text.len(), self.line, false);
        }
        self.form_feed |= has_form_feed(line_text.get(trimmed.end..).unwrap_or(""));
    }

    /// Emits all complete pieces of an unfinished long line held in `rest` (which starts at
    /// `base` within the chunk text) and returns how many bytes of `rest` were consumed.
    fn unfinished_line(&mut self, rest: &str, base: usize) -> usize {
        let continued = self.long_line.is_some();
        let line = self.long_line.unwrap_or(self.line);
        // leading indentation of a new line is not part of the paragraph
        let indent = if continued {
            0
        } else {
            rest.len() - rest.trim_start_matches(is_leading_blank).len()
        };
        let body = rest.get(indent..).unwrap_or("");
        let indentation = rest.get(..indent).unwrap_or("");
        let used = self.cut(
            body,
            indentation,
            self.offset + base + indent,
            line,
            continued,
            false,
        );
        if used == 0 {
            // No piece was emitted (the indentation made the rest short enough): keep the whole
            // line for the next feed, so its first piece is still classified as a paragraph of
            // its own and not taken for a continuation.
            return 0;
        }
        self.long_line = Some(line);
        indent + used
    }

    /// Cuts `text` (at absolute offset `abs`, after `indentation` on its line) into pieces of at
    /// most [`MAX_PARAGRAPH_BYTES`] at legal breaks; the first piece is a paragraph of its own
    /// unless `continued`. With `complete` the whole text is emitted; otherwise pieces are
    /// emitted only while more than two pieces' worth remains (the rest may still grow).
    /// Returns the bytes emitted.
    fn cut(
        &mut self,
        text: &str,
        indentation: &str,
        abs: usize,
        line: u32,
        continued: bool,
        complete: bool,
    ) -> usize {
        let mut done = 0;
        let mut first = !continued;
        loop {
            let rest = text.get(done..).unwrap_or("");
            let more = if complete {
                !rest.is_empty()
            } else {
                rest.len() > 2 * MAX_PARAGRAPH_BYTES
            };
            if !more {
                break;
            }
            let len = if rest.len() > MAX_PARAGRAPH_BYTES {
                split_point(rest, MAX_PARAGRAPH_BYTES)
            } else {
                rest.len()
            };
            let piece = rest.get(..len).unwrap_or("");
            let start = abs + done;
            if first {
                self.paragraph(piece, indentation, start..start + len, line, false);
                first = false;
            } else {
                let trimmed = piece.trim_end();
                if !trimmed.is_empty() {
                    self.paragraph(trimmed, "", start..start + trimmed.len(), line, true);
                }
                self.form_feed |= has_form_feed(piece.get(trimmed.len()..).unwrap_or(""));
            }
            done += len;
        }
        done
    }

    /// One paragraph whose text is `text` at absolute `abs`, after `indentation` on its line; a
    /// continuation is never a heading candidate.
    fn paragraph(
        &mut self,
        text: &str,
        indentation: &str,
        abs: Range<usize>,
        line: u32,
        continuation: bool,
    ) {
        if !continuation {
            let candidate = patterns::classify(text);
            if candidate != Candidate::None {
                self.out.candidates.push(Cand {
                    para: self.paragraphs,
                    candidate,
                });
            }
        }
        self.out.paragraphs.push(Paragraph {
            range: abs,
            line,
            chars: 0,
            kind: ParagraphKind::Body,
            gap_before: !continuation && self.paragraphs > 0,
            continuation,
            shape: LineShape::of(text, indentation, std::mem::take(&mut self.form_feed)),
        });
        self.paragraphs += 1;
    }
}

/// Blank characters at the start of a line, outside any paragraph: Unicode white space (spaces,
/// tabs, U+3000, NBSP, en/em spaces) and a stray byte-order mark.
pub(crate) fn is_leading_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

/// True when `gap` (text outside any paragraph) holds a form feed: a page break.
fn has_form_feed(gap: &str) -> bool {
    memchr::memchr(0x0C, gap.as_bytes()).is_some()
}

/// The non-blank part of a line, or `None` for a blank line.
fn trim_range(line: &str) -> Option<Range<usize>> {
    let start = line.len() - line.trim_start_matches(is_leading_blank).len();
    let end = line.trim_end().len();
    (start < end).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything `feed` returned, concatenated.
    fn parse(parser: &mut PlainParser, pieces: &[&str]) -> (String, Vec<Paragraph>, Vec<Cand>) {
        let (mut text, mut paras, mut cands) = (String::new(), Vec::new(), Vec::new());
        for (k, piece) in pieces.iter().enumerate() {
            let chunk = parser.feed((*piece).to_owned(), k + 1 == pieces.len());
            text.push_str(&chunk.text);
            paras.extend(chunk.paragraphs);
            cands.extend(chunk.candidates);
        }
        (text, paras, cands)
    }

    /// Hard-wrapped chapters (wrapped at 30 characters, some paragraphs with no blank line
    /// between), numbered headings, a poem, and a line too long for one paragraph.
    fn mixed_text() -> String {
        let sentence = "天色渐渐暗了下来，山间的雾气从谷底慢慢升起，把远处的村庄遮得若隐若现。";
        let mut lines = Vec::new();
        for chapter in 1..=40 {
            lines.push(format!("第{chapter}章　标题"));
            for p in 0..12 {
                let para: String = sentence.repeat(3 + p % 4);
                let chars: Vec<char> = "　　".chars().chain(para.chars()).collect();
                lines.extend(chars.chunks(30).map(|c| c.iter().collect::<String>()));
                if p % 3 == 0 {
                    lines.push(String::new());
                }
            }
            lines.push("一、短句".to_owned());
            lines.push("春眠不觉晓".to_owned());
            lines.push(String::new());
            if chapter % 13 == 0 {
                lines.push(sentence.repeat(7000));
                lines.push(String::new());
            }
        }
        lines.join("\n") + "\n"
    }

    #[test]
    fn streaming_gives_the_paragraphs_of_one_feed() {
        let text = mixed_text();
        for reflow in [Reflow::Auto, Reflow::Always, Reflow::Never] {
            let whole = parse(&mut PlainParser::with_reflow(reflow), &[text.as_str()]);
            // (the wrapped paragraphs are joined, so regions matter)
            let lines = text.lines().filter(|l| !l.is_empty()).count();
            assert_eq!(
                reflow == Reflow::Never,
                whole.1.len() >= lines,
                "{reflow:?}"
            );
            for size in [999, 4096, 65_537, 300_000] {
                let mut pieces = Vec::new();
                let mut at = 0;
                while at < text.len() {
                    let mut end = (at + size).min(text.len());
                    while !text.is_char_boundary(end) {
                        end += 1;
                    }
                    pieces.push(&text[at..end]);
                    at = end;
                }
                pieces.push("");
                let streamed = parse(&mut PlainParser::streaming(reflow), &pieces);
                assert_eq!(streamed.0, whole.0, "{reflow:?} {size}");
                assert_eq!(streamed.2, whole.2, "{reflow:?} {size}");
                assert_eq!(streamed.1, whole.1, "{reflow:?} {size}");
            }
        }
    }
}
