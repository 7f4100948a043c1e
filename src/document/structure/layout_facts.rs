//! What the page itself says about each paragraph, before any heading is decided: its
//! indentation, the body's usual indentation, page furniture (running headers and footers of
//! paginated text), preformatted lines (tables, diagrams, grammar listings), and the title block.

use super::TextView;
use crate::document::line_shape::{
    self, DEEP_BLOCK_EXTRA, INDENTED_BODY_MIN, PREFORMATTED_MAX_COLUMNS, SHORT_LINE_BYTES,
};
use crate::document::{LineShape, Paragraph};

/// A paragraph this long (in bytes) is prose for the body-indentation statistic.
const PROSE_MIN_BYTES: usize = 60;
/// Running headers and footers are at most this long (bytes).
const FURNITURE_MAX_BYTES: usize = 200;
/// Prose paragraphs sampled for the body's indentation.
const BODY_SAMPLE: usize = 20_000;
/// Contents entries with a leader are at most this long (bytes): their longest in characters.
const LEADER_MAX_BYTES: usize = ENTRY_MAX_CHARS * 3;
/// A line longer than this (in characters) is text, not a contents entry.
pub(super) const ENTRY_MAX_CHARS: usize = 100;
/// Longest title-block line, in characters.
const TITLE_LINE_MAX_CHARS: usize = 64;

/// Facts about the paragraphs of one document.
#[derive(Debug)]
pub(super) struct PageFacts<'a> {
    pub text: TextView<'a>,
    pub paras: &'a [Paragraph],
    /// The indentation (columns of ASCII spaces) most prose paragraphs have: 3 for an RFC, 0
    /// for most documents, and 0 for a text indented with U+3000 or tabs (its headings are
    /// indented like its body, so nothing is concluded from indentation there).
    pub body_indent: usize,
    /// Running headers, footers and page-number lines.
    pub furniture: Vec<bool>,
    /// Lines laid out as they stand.
    pub preformatted: Vec<bool>,
    /// Short lines ending in a page number after a dot leader (`第一章 总纲……3`): contents
    /// entries, whatever else they look like.
    pub leader_page: Vec<bool>,
}

impl<'a> PageFacts<'a> {
    /// Facts of `paras`; `preformatted_lines` are lines a file format said are preformatted.
    pub(super) fn new(
        text: TextView<'a>,
        paras: &'a [Paragraph],
        preformatted_lines: &[u32],
    ) -> Self {
        let mut facts = Self {
            text,
            paras,
            body_indent: 0,
            furniture: vec![false; paras.len()],
            preformatted: vec![false; paras.len()],
            leader_page: vec![false; paras.len()],
        };
        facts.body_indent = facts.measure_body_indent();
        facts.scan_short_lines();
        for &line in preformatted_lines {
            let i = paras.partition_point(|p| p.line < line);
            let pieces = paras[i..].iter().take_while(|p| p.line == line).count();
            for slot in &mut facts.preformatted[i..i + pieces] {
                *slot = true;
            }
        }
        facts
    }

    /// The text of paragraph `i`.
    pub(super) fn para_text(&self, i: usize) -> &'a str {
        self.paras
            .get(i)
            .and_then(|p| self.text.get(p.range.clone()))
            .unwrap_or("")
    }

    /// Columns of whitespace before paragraph `i` on its line (0 for a continuation).
    pub(super) fn indent(&self, i: usize) -> usize {
        match self.paras.get(i) {
            Some(p) if !p.continuation => p.shape.indent(),
            _ => 0,
        }
    }

    /// True when the parser saw `bit` on paragraph `i`'s line (see [`LineShape`]).
    pub(super) fn shape(&self, i: usize, bit: u16) -> bool {
        self.paras.get(i).is_some_and(|p| p.shape.has(bit))
    }

    /// True when a blank line (or the document start) comes right before paragraph `i`.
    pub(super) fn blank_before(&self, i: usize) -> bool {
        match (
            i.checked_sub(1).and_then(|j| self.paras.get(j)),
            self.paras.get(i),
        ) {
            (None, _) => true,
            (Some(a), Some(b)) => b.line > a.line + 1,
            _ => false,
        }
    }

    /// True when a blank line (or the document end) comes right after paragraph `i`.
    pub(super) fn blank_after(&self, i: usize) -> bool {
        i + 1 >= self.paras.len() || self.blank_before(i + 1)
    }

    /// The nearest paragraph after `i` that is not page furniture.
    pub(super) fn next_content(&self, i: usize) -> Option<usize> {
        (i + 1..self.paras.len()).find(|&j| !self.furniture[j])
    }

    /// The nearest paragraph before `i` that is not page furniture.
    pub(super) fn prev_content(&self, i: usize) -> Option<usize> {
        (0..i).rev().find(|&j| !self.furniture[j])
    }

    fn measure_body_indent(&self) -> usize {
        let mut histogram = [0usize; 17];
        let mut counted = 0;
        let mut wide = 0;
        for (i, p) in self.paras.iter().enumerate() {
            // the mode of a large sample is the mode
            if counted >= BODY_SAMPLE {
                break;
            }
            if p.continuation || p.range.len() < PROSE_MIN_BYTES {
                continue;
            }
            // only a line short enough to be a table row can be one
            if p.range.len() <= PREFORMATTED_MAX_COLUMNS * 3 && p.shape.has(LineShape::ALIGNED_RUN)
            {
                continue;
            }
            let indent = self.indent(i);
            histogram[indent.min(16)] += 1;
            if indent > 0 && p.shape.has(LineShape::WIDE_INDENT) {
                wide += 1;
            }
            counted += 1;
        }
        let indented = counted - histogram[0];
        // an RFC-style body is indented with ASCII spaces; a Chinese text indented with U+3000
        // (or tabs) is ordinary prose, and its headings may be indented like it
        if indented > 0 && wide * 2 >= indented {
            return 0;
        }
        histogram
            .iter()
            .enumerate()
            .max_by_key(|&(cols, &n)| (n, std::cmp::Reverse(cols)))
            .filter(|&(_, &n)| n > 0)
            .map_or(0, |(cols, _)| cols)
    }

    /// One pass over the paragraphs for the facts read from short lines: furniture, contents
    /// leaders and preformatted lines. One pass, because a 100 MB book has half a million short
    /// lines and reading each of them once is the cost. Furniture of a line is final once the
    /// next line is seen (a form feed marks the lines on both sides), so the preformatted test
    /// runs one line behind.
    fn scan_short_lines(&mut self) {
        let mut in_deep_block = false;
        for i in 0..self.paras.len() {
            self.find_furniture(i);
            self.leader_page[i] = self.paras[i].range.len() <= LEADER_MAX_BYTES
                && self.shape(i, LineShape::LEADER_PAGE);
            if let Some(prev) = i.checked_sub(1) {
                self.find_preformatted(prev, &mut in_deep_block);
            }
        }
        if let Some(last) = self.paras.len().checked_sub(1) {
            self.find_preformatted(last, &mut in_deep_block);
        }
    }

    /// Running headers and footers: the column-laid lines on either side of a form feed, and
    /// lines ending in `[Page N]`. Looks at paragraph `i` and the gap before it.
    fn find_furniture(&mut self, i: usize) {
        // a footer is a short line: long paragraphs are not read here
        if self.paras[i].range.len() <= FURNITURE_MAX_BYTES && self.shape(i, LineShape::PAGE_FOOTER)
        {
            self.furniture[i] = true;
        }
        let Some(prev) = i.checked_sub(1) else {
            return;
        };
        if self.shape(i, LineShape::FORM_FEED_BEFORE) {
            for j in [prev, i] {
                let laid_out = if self.paras[j].range.len() <= SHORT_LINE_BYTES {
                    self.shape(j, LineShape::ALIGNED_RUN) || self.shape(j, LineShape::PAGE_FOOTER)
                } else {
                    // (the parser answers only for short lines; a page break is rare)
                    let text = self.para_text(j);
                    line_shape::has_aligned_run(text) || line_shape::ends_with_page_number(text)
                };
                if laid_out {
                    self.furniture[j] = true;
                }
            }
        }
    }

    /// Lines that must not be wrapped: box drawing, columns aligned by runs of spaces, and blocks
    /// indented far deeper than an indented body (an example or a figure in an RFC). Decides
    /// paragraph `i`, in order; `in_deep_block` carries from one paragraph to the next.
    fn find_preformatted(&mut self, i: usize, in_deep_block: &mut bool) {
        let deep = self.body_indent >= INDENTED_BODY_MIN;
        let p = &self.paras[i];
        if p.continuation
            || self.furniture[i]
            || p.range.len() > PREFORMATTED_MAX_COLUMNS * 3
            || p.shape.has(LineShape::MULTI_LINE)
        {
            // a long line is prose: it is never looked at again (most paragraphs of a book);
            // so is a reflowed paragraph (its lines were judged prose before they were joined)
            *in_deep_block = false;
            return;
        }
        let shape = p.shape;
        let indented = deep && self.indent(i) >= self.body_indent + DEEP_BLOCK_EXTRA;
        if self.blank_before(i) {
            *in_deep_block = indented;
        } else if !indented {
            *in_deep_block = false;
        }
        self.preformatted[i] = !shape.has(LineShape::SENTENCE_MARK)
            && (shape.has(LineShape::ALIGNED_RUN)
                || shape.has(LineShape::BOX_DRAWING)
                || (*in_deep_block && indented))
            && shape.has(LineShape::NARROW);
    }

    /// Paragraphs of the title block: short lines before the first heading candidate or body
    /// paragraph. `is_candidate` says which paragraphs open with a heading pattern.
    pub(super) fn title_block(&self, is_candidate: impl Fn(usize) -> bool) -> usize {
        let mut n = 0;
        while n < self.paras.len() && !is_candidate(n) && is_title_line(self.para_text(n)) {
            n += 1;
        }
        n
    }
}

/// True for a line that may belong to a title block: short, not a sentence, not a salutation.
pub(super) fn is_title_line(text: &str) -> bool {
    if text.chars().count() > TITLE_LINE_MAX_CHARS {
        return false;
    }
    if text.contains(['。', '；']) {
        return false;
    }
    !text.ends_with(['：', ':', '！', '!', '？', '?', '，', ','])
}
