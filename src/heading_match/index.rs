//! What the picker reads once per heading so that a keystroke is a few byte searches over
//! three arenas instead of a million title parses: the canonical labels, the titles squeezed
//! (whitespace removed) and ASCII-lowercased, and one pinyin initial per title character.
//!
//! [`ranked_indexed`] then works rank by rank, best first: each rank is one pass of `memchr`
//! over an arena, taking headings in the picker's order (after the current section first,
//! wrapping around), and it stops as soon as it holds `limit` headings, since no heading of a
//! worse rank can come before them. So a query every title matches (`监督`) stops after the
//! first 200, and a query nothing matches (`zzz`) is a handful of `memchr` passes over memory.
//! The result is exactly [`super::ranked_naive`]'s (a property test checks it).

use memchr::memmem;

use super::{MatchRank, Query, canonical_label_into, label_of, pinyin};
use crate::document::Document;

/// The labels, titles and initials of a document's headings, one after another. Grows with the
/// document while it loads ([`TitleIndex::update`]); made anew when the tree changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TitleIndex {
    /// The canonical labels (`""` for a heading without one), one after another.
    labels: String,
    /// Where each heading's label ends in `labels` (it starts where the previous one ends).
    label_ends: Vec<u32>,
    /// Each title without whitespace, ASCII lowercased, followed by `\n`.
    titles: String,
    /// Where each title ends in `titles` (the offset of its `\n`).
    title_ends: Vec<u32>,
    /// The pinyin initial of each character of each squeezed title, followed by `\n`.
    initials: Vec<u8>,
    /// Where each heading's initials end in `initials` (the offset of its `\n`).
    initial_ends: Vec<u32>,
    /// Which bytes occur in `titles`: a query holding any other matches no title's text, and
    /// its ranks are skipped without a pass (`jd` over Chinese titles).
    title_bytes: ByteSet,
    /// Which bytes occur in `initials`.
    initial_bytes: ByteSet,
}

/// A set of byte values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct ByteSet([u64; 4]);

impl ByteSet {
    fn insert_all(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0[usize::from(b >> 6)] |= 1 << (b & 63);
        }
    }

    fn contains_all(&self, bytes: &[u8]) -> bool {
        bytes
            .iter()
            .all(|&b| self.0[usize::from(b >> 6)] & (1 << (b & 63)) != 0)
    }
}

/// An arena offset as stored (a document of 4 GiB of titles is beyond this reader anyway).
fn offset(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

impl TitleIndex {
    /// Adds the headings of `doc` not indexed yet.
    pub fn update(&mut self, doc: &Document) {
        let mut canon = String::new();
        let (titles_from, initials_from) = (self.titles.len(), self.initials.len());
        for i in self.label_ends.len()..doc.sections.len() {
            let title = doc.section_title(i);
            if let Some(label) = label_of(title) {
                canonical_label_into(label, &mut canon);
                self.labels.push_str(&canon);
            }
            self.label_ends.push(offset(self.labels.len()));
            for c in title.chars().filter(|c| !c.is_whitespace()) {
                self.titles.push(c.to_ascii_lowercase());
                self.initials.push(pinyin::initial(c));
            }
            self.title_ends.push(offset(self.titles.len()));
            self.titles.push('\n');
            self.initial_ends.push(offset(self.initials.len()));
            self.initials.push(b'\n');
        }
        self.title_bytes
            .insert_all(&self.titles.as_bytes()[titles_from..]);
        self.initial_bytes
            .insert_all(&self.initials[initials_from..]);
    }

    /// Headings indexed.
    pub const fn len(&self) -> usize {
        self.label_ends.len()
    }

    /// True when no heading is indexed.
    pub const fn is_empty(&self) -> bool {
        self.label_ends.is_empty()
    }

    /// The canonical label of heading `i` (`""` when it has none or is not indexed).
    pub(super) fn label(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |p| self.label_ends[p] as usize);
        self.label_ends
            .get(i)
            .and_then(|&end| self.labels.get(start..end as usize))
            .unwrap_or("")
    }

    /// The squeezed, lowercased title of heading `i`.
    fn title(&self, i: usize) -> &str {
        self.titles.get(span(&self.title_ends, i)).unwrap_or("")
    }
}

/// Heading `i`'s bytes in an arena whose entries each end in a one-byte separator at `ends[i]`.
fn span(ends: &[u32], i: usize) -> std::ops::Range<usize> {
    let start = i.checked_sub(1).map_or(0, |p| ends[p] as usize + 1);
    start..ends.get(i).map_or(start, |&e| e as usize)
}

/// The heading whose entry holds arena offset `at` (entries end at `ends`, separators
/// included in the entry they follow).
fn heading_at(ends: &[u32], at: usize) -> usize {
    ends.partition_point(|&e| (e as usize) < at)
}

/// The best headings found so far, with the sections already taken (fewer than the limit
/// once the first rank is done, so a sorted list is enough to skip them).
struct Found {
    keys: Vec<(MatchRank, bool, usize)>,
    taken: Vec<usize>,
    after: usize,
    limit: usize,
}

impl Found {
    /// Takes heading `i` at `rank` unless a better rank has it; true when the list is full.
    fn push(&mut self, rank: MatchRank, i: usize) -> bool {
        if self.taken.binary_search(&i).is_err() {
            self.keys.push((rank, i < self.after, i));
        }
        self.full()
    }

    /// [`Found::push`] as what [`scan`] does next.
    fn next(&mut self, rank: MatchRank, i: usize) -> Next {
        if self.push(rank, i) {
            Next::Stop
        } else {
            Next::Heading
        }
    }

    fn full(&self) -> bool {
        self.keys.len() >= self.limit
    }

    /// Ends a rank: what it took is skipped by the ranks after it.
    fn close_rank(&mut self) -> bool {
        if self.full() {
            return true;
        }
        self.taken = self.keys.iter().map(|&(_, _, i)| i).collect();
        self.taken.sort_unstable();
        false
    }
}

/// [`super::ranked`] on an index of the whole document (see the module doc). A query with an
/// uppercase letter is exact about case, which the lowercased titles cannot answer: it is
/// ranked title by title.
pub fn ranked_indexed(
    doc: &Document,
    index: &TitleIndex,
    query: &Query,
    current: Option<usize>,
    limit: usize,
) -> Vec<(usize, MatchRank)> {
    let n = index.len();
    if !query.fold_case || n != doc.sections.len() {
        return super::ranked_naive(doc, index, query, current, limit);
    }
    let mut found = Found {
        keys: Vec::new(),
        taken: Vec::new(),
        after: current.map_or(0, |c| c + 1).min(n),
        limit,
    };
    // a query with a byte no title has matches no title's text (prefix, substring, fuzzy)
    let in_titles = index.title_bytes.contains_all(query.squeezed.as_bytes());
    let spelt = index
        .initial_bytes
        .contains_all(&query.squeezed.as_bytes()[..1]);
    let done = limit == 0
        || label_ranks(index, query, &mut found)
        || found.close_rank()
        || (in_titles && title_prefixes(index, query, &mut found))
        || found.close_rank()
        || (in_titles && substrings(index, query, &mut found))
        || found.close_rank()
        || (spelt && pinyin_runs(index, query, &mut found))
        || found.close_rank()
        || (in_titles && subsequences(index, query, &mut found));
    let _ = done;
    let mut keys = found.keys;
    keys.sort_unstable();
    keys.truncate(limit);
    keys.into_iter().map(|(r, _, i)| (i, r)).collect()
}

/// The picker's order over headings: from `after` to the end, then from the start.
fn wrap_order(after: usize, n: usize) -> [std::ops::Range<usize>; 2] {
    [after..n, 0..after]
}

/// Labels equal to the query or starting with it. A label that matches holds the query's first
/// character (a number query's too), so only labels holding it are read. Returns false: the
/// rank must be read whole, as its headings come in no useful order.
fn label_ranks(index: &TitleIndex, query: &Query, found: &mut Found) -> bool {
    let Some(first) = query.label.chars().next() else {
        return false;
    };
    let mut consider = |i: usize| {
        if let Some(rank) = query.label_rank(index.label(i)) {
            found.keys.push((rank, i < found.after, i));
        }
    };
    if first == '.' {
        (0..index.len()).for_each(&mut consider);
        return false;
    }
    let mut buf = [0u8; 4];
    let finder = memmem::Finder::new(first.encode_utf8(&mut buf).as_bytes());
    let hay = index.labels.as_bytes();
    let mut pos = 0;
    while let Some(m) = hay.get(pos..).and_then(|h| finder.find(h)) {
        // label i spans label_ends[i-1]..label_ends[i]
        let i = index.label_ends.partition_point(|&e| e as usize <= pos + m);
        consider(i);
        pos = index.label_ends.get(i).map_or(hay.len(), |&e| e as usize);
    }
    false
}

/// Titles starting with the query: the first title's start, then one `memchr` pass for the
/// separator followed by the query.
fn title_prefixes(index: &TitleIndex, query: &Query, found: &mut Found) -> bool {
    let q = query.squeezed.as_bytes();
    let hay = index.titles.as_bytes();
    if hay.starts_with(q) {
        found.push(MatchRank::TitlePrefix, 0);
    }
    let mut needle = Vec::with_capacity(q.len() + 1);
    needle.push(b'\n');
    needle.extend_from_slice(q);
    for at in memmem::find_iter(hay, &needle) {
        // the separator ends title i; the title after it starts with the query
        let i = heading_at(&index.title_ends, at) + 1;
        if i < index.len() {
            found.push(MatchRank::TitlePrefix, i);
        }
    }
    // all of them, unordered: the sort at the end picks the best
    false
}

/// What [`scan`] does after a hit.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Next {
    /// Look further in the same heading.
    Hit,
    /// This heading is decided: go on with the next.
    Heading,
    /// The list is full: stop.
    Stop,
}

/// Headings in the picker's order whose arena entry holds `finder`'s needle, each passed to
/// `take` with the offset of the hit; returns true when `take` said the list is full.
fn scan(
    hay: &[u8],
    ends: &[u32],
    finder: &memmem::Finder<'_>,
    after: usize,
    mut take: impl FnMut(usize, usize) -> Next,
) -> bool {
    for range in wrap_order(after, ends.len()) {
        if range.is_empty() {
            continue;
        }
        let mut pos = span(ends, range.start).start;
        let end = ends[range.end - 1] as usize;
        while let Some(m) = hay.get(pos..end).and_then(|h| finder.find(h)) {
            let at = pos + m;
            let i = heading_at(ends, at);
            pos = match take(i, at) {
                Next::Stop => return true,
                Next::Heading => ends[i] as usize + 1,
                Next::Hit => at + 1,
            };
        }
    }
    false
}

/// Titles holding the query.
fn substrings(index: &TitleIndex, query: &Query, found: &mut Found) -> bool {
    let finder = memmem::Finder::new(query.squeezed.as_bytes());
    let ends = &index.title_ends;
    scan(
        index.titles.as_bytes(),
        ends,
        &finder,
        found.after,
        |i, _| found.next(MatchRank::Substring, i),
    )
}

/// Titles with a run of characters whose pinyin spells the query (lowercase letters only).
fn pinyin_runs(index: &TitleIndex, query: &Query, found: &mut Found) -> bool {
    let q = query.squeezed.as_bytes();
    if !pinyin::is_pinyin_query(&query.squeezed) {
        return false;
    }
    let finder = memmem::Finder::new(&q[..1]);
    let ends = &index.initial_ends;
    scan(&index.initials, ends, &finder, found.after, |i, at| {
        let k = at - span(ends, i).start;
        if pinyin::spelt_from(q, index.title(i).chars().skip(k)) {
            found.next(MatchRank::Pinyin, i)
        } else {
            Next::Hit
        }
    })
}

/// Titles holding the query's characters in order, found in one sweep over the arena rather
/// than title by title: look for the next character from where the last was found; when it is
/// in a later title, every title before that one lacks it and fails, and that title is read
/// again from its start. So a title is read at most twice, whatever the query (`监x`, where
/// every title holds `监` and none an `x` after it, costs a few `memchr` passes, not a million
/// subsequence tests).
fn subsequences(index: &TitleIndex, query: &Query, found: &mut Found) -> bool {
    let q = query.squeezed.as_str();
    let mut buf = [0u8; 4];
    let finders: Vec<memmem::Finder<'static>> = q
        .chars()
        .map(|c| memmem::Finder::new(c.encode_utf8(&mut buf).as_bytes()).into_owned())
        .collect();
    let ends = &index.title_ends;
    let hay = index.titles.as_bytes();
    for range in wrap_order(found.after, ends.len()) {
        if range.is_empty() {
            continue;
        }
        let stop = ends[range.end - 1] as usize;
        let (mut title, mut k) = (range.start, 0);
        let mut pos = span(ends, title).start;
        while let Some(m) = hay.get(pos..stop).and_then(|h| finders[k].find(h)) {
            let at = pos + m;
            let t = heading_at(ends, at);
            if t != title && k > 0 {
                // `title` lacks the next character; so do the titles before `t`
                (title, k, pos) = (t, 0, span(ends, t).start);
                continue;
            }
            title = t;
            k += 1;
            pos = at + finders[k - 1].needle().len();
            if k == finders.len() {
                if found.next(MatchRank::Fuzzy, title) == Next::Stop {
                    return true;
                }
                title += 1;
                if title >= range.end {
                    break;
                }
                (k, pos) = (0, span(ends, title).start);
            }
        }
    }
    false
}
