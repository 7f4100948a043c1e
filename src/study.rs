//! Studying a document: sentences, highlights and notes anchored to the text, found again
//! after the text changes. Pure: no I/O, no terminal (`study/clip.rs` builds what is copied,
//! `study/export.rs` what `--notes` prints; the state file is `state/notes.rs`).
//!
//! Invariants:
//! - a [`Note`]'s `range`, when `Some`, is a non-empty byte range on char boundaries of the
//!   text it was last placed in, and equals that text's slice `anchor.text`; `None` means an
//!   orphan: its text is no longer in the document. Orphans are kept, never dropped here;
//! - a sentence ends after one of `。！？；` (full-width; a run of them counts as one end) and
//!   the closing quotes and brackets right after it; a paragraph's last words without an end
//!   mark are its last sentence. Sentences never include a paragraph's leading indentation
//!   or trailing whitespace;
//! - [`relocate`] finds the anchor's text again by exact match only: among its occurrences
//!   the one whose surroundings match the saved context best, then the one nearest the old
//!   offset. Missing text is `None`, never a guess.

pub mod clip;
pub mod export;

use std::ops::Range;

use crate::document::Document;

/// Characters of context kept before and after a highlight, to tell its occurrences apart.
pub const CONTEXT_CHARS: usize = 24;

/// At most this many occurrences of a highlight's text are weighed when finding it again (a
/// short highlight such as `。` could occur a million times in a big document).
const MAX_CANDIDATES: usize = 10_000;

/// Where a highlight was, as saved: enough to find it again in a changed text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Anchor {
    /// Byte offset of the highlight in the text it was saved from.
    pub offset: usize,
    /// The highlighted text itself.
    pub text: String,
    /// Up to [`CONTEXT_CHARS`] characters just before it.
    pub before: String,
    /// Up to [`CONTEXT_CHARS`] characters just after it.
    pub after: String,
}

impl Anchor {
    /// The anchor of `range` in `text` (which must be a range on char boundaries).
    pub fn of(text: &str, range: Range<usize>) -> Self {
        let before = text.get(..range.start).unwrap_or("");
        let cut = before
            .char_indices()
            .rev()
            .nth(CONTEXT_CHARS - 1)
            .map_or(0, |(i, _)| i);
        let after = text.get(range.end..).unwrap_or("");
        let end = after
            .char_indices()
            .nth(CONTEXT_CHARS)
            .map_or(after.len(), |(i, _)| i);
        Self {
            offset: range.start,
            text: text.get(range).unwrap_or("").to_owned(),
            before: before.get(cut..).unwrap_or("").to_owned(),
            after: after.get(..end).unwrap_or("").to_owned(),
        }
    }
}

/// A highlight, with the note written on it (empty for a bare highlight).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Where it is in the current text; `None` for an orphan (its text is gone).
    pub range: Option<Range<usize>>,
    /// What was saved, to find it again.
    pub anchor: Anchor,
    /// The note (may hold line breaks); empty for a highlight without a note.
    pub note: String,
}

impl Note {
    /// A new highlight of `range` in `text` with `note`.
    pub fn new(text: &str, range: Range<usize>, note: String) -> Self {
        Self {
            anchor: Anchor::of(text, range.clone()),
            range: Some(range),
            note,
        }
    }

    /// True when its text is no longer in the document.
    pub const fn is_orphan(&self) -> bool {
        self.range.is_none()
    }

    /// Where it sorts: its place in the text, an orphan by its old offset after all others.
    fn order(&self) -> (bool, usize) {
        match &self.range {
            Some(r) => (false, r.start),
            None => (true, self.anchor.offset),
        }
    }
}

/// Places every note in `text` (found again by [`relocate`]; orphans when their text is gone)
/// and puts them in document order. A note placed before keeps its anchor as saved, so a
/// later edit is measured against the same context.
pub fn relocate_all(notes: &mut [Note], text: &str) {
    for n in notes.iter_mut() {
        n.range = relocate(text, &n.anchor);
    }
    sort(notes);
}

/// Puts notes in document order (orphans last, by their old place).
pub fn sort(notes: &mut [Note]) {
    notes.sort_by_key(Note::order);
}

/// The anchor's text found again in `text`: see the module doc. `None` when it is not there.
///
/// The text around the old offset is searched first: an occurrence there with all of its
/// saved context is the answer, and the whole text (a big document, many highlights) is
/// searched only when none is.
pub fn relocate(text: &str, anchor: &Anchor) -> Option<Range<usize>> {
    let needle = anchor.text.as_str();
    if needle.is_empty() {
        return None;
    }
    // the same text at the same place: nothing to weigh
    let end = anchor.offset.checked_add(needle.len())?;
    if text.get(anchor.offset..end) == Some(needle) {
        return Some(anchor.offset..end);
    }
    let perfect = anchor.before.len() + anchor.after.len();
    let near = floor_boundary(text, anchor.offset.saturating_sub(NEAR))
        ..ceil_boundary(text, anchor.offset.saturating_add(NEAR + needle.len()));
    if let Some((score, at)) = best_occurrence(text, near, anchor)
        && score == perfect
    {
        return Some(at..at + needle.len());
    }
    best_occurrence(text, 0..text.len(), anchor).map(|(_, at)| at..at + needle.len())
}

/// Bytes around the old offset searched first by [`relocate`].
const NEAR: usize = 64 * 1024;

/// The occurrence of the anchor's text inside `within` (char boundaries of `text`) whose
/// surroundings match its context best (then the nearest to its offset): its score and offset.
fn best_occurrence(text: &str, within: Range<usize>, anchor: &Anchor) -> Option<(usize, usize)> {
    let needle = anchor.text.as_bytes();
    let hay = text.get(within.clone())?;
    memchr::memmem::find_iter(hay.as_bytes(), needle)
        .take(MAX_CANDIDATES)
        .map(|i| {
            let at = within.start + i;
            let before = common_suffix(text.get(..at).unwrap_or(""), &anchor.before);
            let rest = text.get(at + needle.len()..).unwrap_or("");
            let after = common_prefix(rest, &anchor.after);
            (before + after, at.abs_diff(anchor.offset), at)
        })
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(score, _, at)| (score, at))
}

/// The char boundary of `text` at or before `i`.
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The char boundary of `text` at or after `i`.
fn ceil_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Bytes `a` and `b` share at their ends.
fn common_suffix(a: &str, b: &str) -> usize {
    a.bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// Bytes `a` and `b` share at their starts.
fn common_prefix(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

/// True for the marks that end a sentence.
const fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；')
}

/// True for the closing quotes and brackets that belong to the sentence they follow.
const fn closes(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '」' | '』' | '》' | '）' | '】' | '〕' | '"' | '\'' | ')'
    )
}

/// True for what is trimmed around sentences: whitespace (U+3000 and the `\n` of a reflowed
/// paragraph included).
fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// The sentences of paragraph `para` of `doc`, as byte ranges of `doc.text`, in order.
pub fn sentences(doc: &Document, para: usize) -> Vec<Range<usize>> {
    let Some(p) = doc.paragraphs.get(para) else {
        return Vec::new();
    };
    sentences_in(doc.slice(&p.range))
        .into_iter()
        .map(|r| p.range.start + r.start..p.range.start + r.end)
        .collect()
}

/// The sentences of `text` (one paragraph), as byte ranges of it.
pub fn sentences_in(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if start.is_none() {
            if is_space(c) {
                continue;
            }
            start = Some(i);
        }
        if ends_sentence(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if ends_sentence(d) || closes(d) {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            if let Some(s) = start.take() {
                out.push(s..end);
            }
        }
    }
    if let Some(s) = start {
        let end = s + text.get(s..).unwrap_or("").trim_end_matches(is_space).len();
        if end > s {
            out.push(s..end);
        }
    }
    out
}

/// The sentence of `doc` holding byte `at` (or the nearest one after it in its paragraph, or
/// the paragraph's last one); `None` in a paragraph without text.
pub fn sentence_at(doc: &Document, at: usize) -> Option<Range<usize>> {
    let list = sentences(doc, doc.paragraph_at(at));
    list.iter()
        .find(|s| at < s.end)
        .or_else(|| list.last())
        .cloned()
}

/// The next sentence after the one ending at `end` (across paragraphs), if any.
pub fn next_sentence(doc: &Document, end: usize) -> Option<Range<usize>> {
    let first = doc.paragraph_at(end.saturating_sub(1));
    (first..doc.paragraphs.len())
        .flat_map(|p| sentences(doc, p))
        .find(|s| s.start >= end)
}

/// The sentence before the one starting at `start` (across paragraphs), if any.
pub fn prev_sentence(doc: &Document, start: usize) -> Option<Range<usize>> {
    let last = doc.paragraph_at(start);
    (0..=last)
        .rev()
        .flat_map(|p| sentences(doc, p).into_iter().rev())
        .find(|s| s.end <= start)
}

/// The text of paragraph `para` without its indentation and trailing whitespace, as a range.
pub fn paragraph_body(doc: &Document, para: usize) -> Option<Range<usize>> {
    let list = sentences(doc, para);
    Some(list.first()?.start..list.last()?.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    fn texts(text: &str) -> Vec<&str> {
        sentences_in(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn sentences_end_at_full_width_marks_with_their_closing_quotes() {
        assert_eq!(
            texts("　　我们要坚持。他说：“行吗？”好！问题；答案"),
            ["我们要坚持。", "他说：“行吗？”", "好！", "问题；", "答案"]
        );
        // a run of marks is one end; commas and Latin full stops are not ends
        assert_eq!(texts("真的？！是，的. 对。"), ["真的？！", "是，的. 对。"]);
        assert_eq!(texts("　　  \n "), Vec::<&str>::new());
        assert_eq!(texts("（掌声。）下面"), ["（掌声。）", "下面"]);
    }

    #[test]
    fn a_reflowed_paragraph_keeps_its_line_breaks_inside_sentences() {
        assert_eq!(
            texts("第一句\n　　接着。第二句。\n"),
            ["第一句\n　　接着。", "第二句。"]
        );
    }

    #[test]
    fn sentences_cross_paragraphs_forwards_and_backwards() {
        let doc = Document::parse("一、总体\n甲句。乙句。\n丙句。\n", Format::Plain);
        let s = |r: Range<usize>| doc.text[r].to_owned();
        let first = sentence_at(&doc, doc.text.find('甲').unwrap()).unwrap();
        assert_eq!(s(first.clone()), "甲句。");
        let second = next_sentence(&doc, first.end).unwrap();
        assert_eq!(s(second.clone()), "乙句。");
        let third = next_sentence(&doc, second.end).unwrap();
        assert_eq!(s(third.clone()), "丙句。");
        assert_eq!(next_sentence(&doc, third.end), None);
        assert_eq!(s(prev_sentence(&doc, third.start).unwrap()), "乙句。");
        assert_eq!(s(prev_sentence(&doc, first.start).unwrap()), "一、总体");
    }

    #[test]
    fn anchors_keep_context_on_char_boundaries() {
        let text = "前文很长很长。重点在这里。后文";
        let at = text.find('重').unwrap();
        let a = Anchor::of(text, at..at + "重点在这里。".len());
        assert_eq!(a.text, "重点在这里。");
        assert_eq!(a.before, "前文很长很长。");
        assert_eq!(a.after, "后文");
        assert_eq!(a.offset, at);
        let long = "字".repeat(80);
        let b = Anchor::of(&long, 120..123);
        assert_eq!(b.before.chars().count(), CONTEXT_CHARS);
        assert_eq!(b.after.chars().count(), CONTEXT_CHARS);
    }

    #[test]
    fn an_inserted_paragraph_moves_the_highlight_with_its_text() {
        let old = "一、甲\n第一句。第二句。\n";
        let at = old.find("第二句").unwrap();
        let note = Note::new(old, at..at + "第二句。".len(), "笔记".into());
        let new = "一、甲\n新加的一段。\n第一句。第二句。\n";
        let mut notes = vec![note];
        relocate_all(&mut notes, new);
        let r = notes[0].range.clone().unwrap();
        assert_eq!(&new[r.clone()], "第二句。");
        assert_eq!(r.start, new.find("第二句").unwrap());
    }

    #[test]
    fn the_occurrence_with_the_same_context_wins_over_the_nearest() {
        // the highlighted 同上。 is the one after 乙; the text before it grew, so the other
        // occurrence is now nearer its old offset
        let old = "甲：同上。乙：同上。";
        let at = old.rfind("同上").unwrap();
        let a = Anchor::of(old, at..at + "同上。".len());
        let new = "序言序言序言。甲：同上。乙：同上。";
        let r = relocate(new, &a).unwrap();
        assert_eq!(r.start, new.rfind("同上").unwrap());
        // with equal context, the nearest occurrence
        let same = Anchor {
            offset: 3,
            text: "同".into(),
            before: String::new(),
            after: String::new(),
        };
        assert_eq!(relocate("同同同", &same), Some(3..6));
    }

    #[test]
    fn a_far_occurrence_with_the_whole_context_beats_a_near_one_without_it() {
        // the highlighted 重点。 moved 120 KB further down; another 重点。 sits where it was
        let filler = "填".repeat(40_000);
        let old = format!("甲说重点。{filler}乙说了重点。丙");
        let at = old.find("乙说了").unwrap() + "乙说了".len();
        let a = Anchor::of(&old, at..at + "重点。".len());
        let new = format!("甲说重点。{filler}丁说重点。{filler}乙说了重点。丙");
        let want = new.find("乙说了").unwrap() + "乙说了".len();
        assert_eq!(relocate(&new, &a), Some(want..want + "重点。".len()));
        // a saved offset past any text does not overflow
        let far = Anchor {
            offset: usize::MAX,
            ..a
        };
        assert_eq!(relocate("重点。", &far), None);
    }

    #[test]
    fn deleted_text_makes_an_orphan_that_is_kept_and_sorted_last() {
        let old = "第一句。第二句。";
        let mut notes = vec![
            Note::new(old, 12..24, "第二".into()),
            Note::new(old, 0..12, "第一".into()),
        ];
        relocate_all(&mut notes, "第二句。");
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[0].note, "第二");
        assert_eq!(notes[0].range, Some(0..12));
        assert!(notes[1].is_orphan());
        assert_eq!(notes[1].anchor.text, "第一句。");
        assert_eq!(relocate("", &notes[1].anchor), None);
    }
}
