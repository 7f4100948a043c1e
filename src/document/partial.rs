//! A document that keeps the text of some paragraphs only: `--outline` of a large plain text
//! (issue 19). The structure passes read the text of short lines and heading candidates (the
//! evidence they weigh is in [`super::Paragraph::shape`] for the rest), so a document loaded
//! piece by piece ([`super::plain::PlainParser::streaming`]) keeps those and drops the text of
//! the long body paragraphs as it goes: memory is the paragraph table and the short lines,
//! not the file.
//!
//! Nothing may be decided from text that was dropped: every read goes through
//! [`PartialText::get`], which notes a read it cannot answer ([`PartialText::missed`]); the
//! loader then loads the whole text and decides again, so the outline never depends on which
//! text was kept.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{Chunk, Document, count_paragraph_chars, stats};

/// Paragraphs up to this many bytes keep their text (as do heading candidates of any length).
pub const KEEP_BYTES: usize = super::line_shape::SHORT_LINE_BYTES;

/// The text up to here is kept whole: the title block and a table of contents are read
/// there, long lines too.
const KEEP_HEAD_BYTES: usize = 1 << 20;

/// Kept paragraphs this close (bytes between them: line ends, indentation) are kept with
/// what lies between.
const KEEP_GAP: usize = 16;

/// The kept stretches of a text, each at its offset in the whole text.
#[derive(Debug, Default, Clone)]
pub struct PartialText {
    /// `(offset in the whole text, offset in data)` of each kept stretch, in text order.
    spans: Vec<(usize, usize)>,
    /// The kept stretches, one after another.
    data: String,
    /// Bytes of the whole text so far.
    len: usize,
    /// The last character of the whole text so far (for a word cut between two pieces).
    last_char: Option<char>,
    /// A read asked for text that was not kept.
    missed: Missed,
}

/// A flag set through a shared reference (a document is shared between threads: `Sync`).
#[derive(Debug, Default)]
struct Missed(AtomicBool);

impl Clone for Missed {
    fn clone(&self) -> Self {
        Self(AtomicBool::new(self.0.load(Ordering::Relaxed)))
    }
}

impl PartialText {
    /// Length of the whole text.
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Bytes of text kept.
    pub fn kept(&self) -> usize {
        self.data.len()
    }

    /// True when the whole text is empty.
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// True once a read asked for text that was not kept: what was decided from it is void.
    pub fn missed(&self) -> bool {
        self.missed.0.load(Ordering::Relaxed)
    }

    /// Where the last kept stretch ends in the whole text.
    fn end(&self) -> Option<usize> {
        let &(s, at) = self.spans.last()?;
        Some(s + (self.data.len() - at))
    }

    /// Keeps `text`, which is at `start` in the whole text (after every stretch kept so far).
    fn keep(&mut self, start: usize, text: &str) {
        if let Some(&(s, at)) = self.spans.last()
            && s + (self.data.len() - at) == start
        {
            // adjoining the last stretch: one stretch
            self.data.push_str(text);
            return;
        }
        self.spans.push((start, self.data.len()));
        self.data.push_str(text);
    }

    /// The kept stretch holding byte `at` of the whole text: where it starts, and its text.
    fn stretch_at(&self, at: usize) -> Option<(usize, &str)> {
        let k = self
            .spans
            .partition_point(|&(s, _)| s <= at)
            .checked_sub(1)?;
        let (start, from) = self.spans[k];
        let to = self.spans.get(k + 1).map_or(self.data.len(), |&(_, a)| a);
        let text = self.data.get(from..to)?;
        (at <= start + text.len()).then_some((start, text))
    }

    /// The text of `range` when it lies within one kept stretch; otherwise `None`, and the
    /// miss is noted.
    pub fn get(&self, range: Range<usize>) -> Option<&str> {
        if range.is_empty() {
            return Some("");
        }
        let k = self.spans.partition_point(|&(s, _)| s <= range.start);
        let found = k.checked_sub(1).and_then(|k| {
            let (start, at) = self.spans[k];
            let end = self.spans.get(k + 1).map_or(self.data.len(), |&(_, a)| a);
            let from = at + (range.start - start);
            let to = at + (range.end - start);
            if to <= end {
                self.data.get(from..to)
            } else {
                None
            }
        });
        if found.is_none() {
            self.missed.0.store(true, Ordering::Relaxed);
        }
        found
    }
}

impl Document {
    /// [`Document::extend`] for a document that keeps the text of short paragraphs and heading
    /// candidates only ([`KEEP_BYTES`]); the rest of `chunk.text` is dropped, and the string
    /// that held it returned (for the next chunk's text: fresh memory costs page faults).
    pub fn extend_partly(&mut self, chunk: Chunk) -> String {
        let mut partial = self.partial.take().unwrap_or_default();
        let base = partial.len;
        self.sample_script(base, &chunk.text);
        let Chunk {
            text,
            mut paragraphs,
            sections,
            title,
            chars_counted,
            candidates,
            hints,
            decor,
        } = chunk;
        if !chars_counted {
            count_paragraph_chars(&text, base, &mut paragraphs);
        }
        let first = self.paragraphs.len() as u32;
        let mut c = candidates.iter().map(|c| c.para).peekable();
        for (k, p) in paragraphs.iter_mut().enumerate() {
            let at = |r: &Range<usize>| {
                text.get(r.start.saturating_sub(base)..r.end.saturating_sub(base))
                    .unwrap_or("")
            };
            let i = first + k as u32;
            while c.next_if(|&para| para < i).is_some() {}
            let candidate = c.peek() == Some(&i);
            let body = at(&p.range);
            if p.range.len() <= KEEP_BYTES || candidate || p.range.end <= KEEP_HEAD_BYTES {
                // with the few blank bytes since the paragraph kept before, if that one is in
                // this chunk: a title block of several lines is then one stretch
                let from = match partial.end() {
                    Some(e) if e >= base && p.range.start - e <= KEEP_GAP => e,
                    _ => p.range.start,
                };
                partial.keep(from, at(&(from..p.range.end)));
            }
            // a line cut inside a word: the word was counted in the piece before
            if p.continuation && p.chars > 0 {
                let before = match text.get(..p.range.start.saturating_sub(base)) {
                    Some(t) if !t.is_empty() => t.chars().next_back(),
                    _ => partial.last_char,
                };
                let mut buf = [0u8; 4];
                let before = before.map_or("", |ch| ch.encode_utf8(&mut buf));
                if stats::continues_word(before, body) {
                    p.chars -= 1;
                }
            }
        }
        partial.len += text.len();
        if let Some(ch) = text.chars().next_back() {
            partial.last_char = Some(ch);
        }
        self.partial = Some(partial);
        self.append_parsed(Chunk {
            text: String::new(),
            paragraphs,
            sections,
            title,
            chars_counted: true,
            candidates,
            hints,
            decor,
        });
        // the chunk's text, to be used again for the next
        text
    }

    /// Replaces the kept text of a document built with [`Document::extend_partly`] with `text`,
    /// which is at `at` in the whole text: `--print` lays out the paragraphs of one chunk at a
    /// time, reading the file again ([`crate::load::reread`]).
    pub fn set_window(&mut self, at: usize, text: String) {
        let len = self.partial.as_ref().map_or(0, |p| p.len);
        self.partial = Some(Box::new(PartialText {
            spans: vec![(at, 0)],
            data: text,
            len,
            last_char: None,
            missed: Missed::default(),
        }));
    }

    /// Takes back the text given to [`Document::set_window`].
    pub fn take_window(&mut self) -> String {
        self.partial
            .as_mut()
            .map(|p| std::mem::take(&mut p.data))
            .unwrap_or_default()
    }

    /// `(stretch, offset of `at` in it)` for a partly kept document: the kept stretch holding
    /// byte `at`, from its start.
    pub(super) fn kept_before(&self, at: usize) -> Option<(&str, usize)> {
        let (start, text) = self.partial.as_ref()?.stretch_at(at)?;
        Some((text, at - start))
    }

    /// True when the document keeps only part of its text ([`Document::extend_partly`]) and
    /// something asked for text it did not keep.
    pub fn missed_text(&self) -> bool {
        self.partial.as_ref().is_some_and(|p| p.missed())
    }

    /// The kept text, for a document built with [`Document::extend_partly`].
    pub fn partial_text(&self) -> Option<&PartialText> {
        self.partial.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_of_text_not_kept_are_noted() {
        let mut t = PartialText::default();
        t.keep(10, "甲乙");
        t.keep(16, "\n丙");
        t.keep(100, "丁");
        assert_eq!(t.get(10..13), Some("甲"));
        assert_eq!(t.get(13..20), Some("乙\n丙"));
        assert_eq!(t.get(100..103), Some("丁"));
        assert_eq!(t.get(50..50), Some(""));
        assert!(!t.missed());
        assert_eq!(t.get(19..101), None);
        assert!(t.missed());
        let t = PartialText::default();
        assert_eq!(t.get(0..3), None);
        assert!(t.missed());
    }
}
