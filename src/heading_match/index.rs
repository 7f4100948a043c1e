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

/// [`heading_at`] for an offset at or after the start of heading `hint`: a sweep's next hit is
/// nearly always in the heading at hand or the next, so those are tried before a binary search
/// (two million binary searches over a million ends were a third of the worst keystroke).
fn heading_from(ends: &[u32], hint: usize, at: usize) -> usize {
    let from = (hint + 2).min(ends.len());
    let near = ends.get(hint..from).unwrap_or(&[]);
    if let Some(k) = near.iter().position(|&e| at <= e as usize) {
        return hint + k;
    }
    from + heading_at(&ends[from..], at)
}

/// The best headings found so far, with the sections already taken (fewer than the limit
/// once the first rank is done, so a sorted list is enough to skip them).
#[derive(Debug, Clone, PartialEq, Eq)]
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
    let mut ranking = Ranking::start(doc, index, query, current, limit);
    while !ranking.step(index, usize::MAX) {}
    ranking.results()
}

/// A ranking under way, for a keystroke that must not hold a frame: [`Ranking::start`] does
/// the label and title-prefix ranks (a walk over the labels holding the query's first
/// character and one over the title starts), and the passes over the whole title arena — the
/// substring pass and the fuzzy sweep — go on in slices ([`Ranking::step`]), the reader taking
/// one per frame. Its results when done are [`ranked_indexed`]'s; before that, the best found
/// so far (ranks are done best first and each in the picker's order, so what is listed only
/// grows at its end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranking {
    found: Found,
    query: Query,
    /// Every byte of the query occurs in some title.
    in_titles: bool,
    /// The query's first byte is some title character's pinyin initial.
    spelt: bool,
    stage: Stage,
}

/// What a [`Ranking`] does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// The substring pass, from here.
    Substrings(Cursor),
    /// The fuzzy sweep, from here.
    Fuzzy(Sweep),
    /// Nothing: the ranking is done.
    Done,
}

/// Where a pass over the title arena stands: which part of [`wrap_order`], and the offset to
/// search from (`None`: the part's start).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cursor {
    part: usize,
    pos: Option<usize>,
}

/// Where the fuzzy sweep stands: which part of [`wrap_order`], the title being read, how many
/// of the query's characters it holds so far, and the arena offset to look from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Sweep {
    part: usize,
    title: usize,
    k: usize,
    pos: usize,
}

/// Bytes of the substring pass a step's budget of one search buys.
const BYTES_PER_CALL: usize = 16;

impl Ranking {
    /// Ranks `query` over `index` (the whole of `doc`'s headings) up to the passes over the
    /// whole title arena, which [`Ranking::step`] does.
    pub fn start(
        doc: &Document,
        index: &TitleIndex,
        query: &Query,
        current: Option<usize>,
        limit: usize,
    ) -> Self {
        let n = index.len();
        let after = current.map_or(0, |c| c + 1).min(n);
        let mut found = Found {
            keys: Vec::new(),
            taken: Vec::new(),
            after,
            limit,
        };
        let mut ranking = Self {
            found: found.clone(),
            query: query.clone(),
            in_titles: false,
            spelt: false,
            stage: Stage::Done,
        };
        if !query.fold_case || n != doc.sections.len() {
            let naive = super::ranked_naive(doc, index, query, current, limit);
            found.keys = naive.into_iter().map(|(i, r)| (r, i < after, i)).collect();
            ranking.found = found;
            return ranking;
        }
        // a query with a byte no title has matches no title's text (prefix, substring, fuzzy)
        ranking.in_titles = index.title_bytes.contains_all(query.squeezed.as_bytes());
        ranking.spelt = index
            .initial_bytes
            .contains_all(&query.squeezed.as_bytes()[..1]);
        let done = limit == 0
            || label_ranks(index, query, &mut found)
            || found.close_rank()
            || (ranking.in_titles && title_prefixes(index, query, &mut found))
            || found.close_rank();
        ranking.found = found;
        ranking.stage = if done {
            Stage::Done
        } else if ranking.in_titles {
            Stage::Substrings(Cursor { part: 0, pos: None })
        } else {
            ranking.after_substrings(index)
        };
        ranking
    }

    /// The pinyin rank (a pass over the initials, one byte a character), then the fuzzy
    /// sweep to do, if anything.
    fn after_substrings(&mut self, index: &TitleIndex) -> Stage {
        let done = self.found.close_rank()
            || (self.spelt && pinyin_runs(index, &self.query, &mut self.found))
            || self.found.close_rank()
            || !self.in_titles;
        if done {
            return Stage::Done;
        }
        let after = self.found.after;
        Stage::Fuzzy(Sweep {
            part: 0,
            title: after,
            k: 0,
            pos: span(&index.title_ends, after).start,
        })
    }

    /// Goes on for a budget of about `calls` character searches (a fuzzy sweep's search is a
    /// `memchr` pass over a title or two; the substring pass reads 16 bytes a search); true
    /// when the ranking is done.
    pub fn step(&mut self, index: &TitleIndex, calls: usize) -> bool {
        loop {
            match self.stage {
                Stage::Substrings(mut cursor) => {
                    let bytes = calls.saturating_mul(BYTES_PER_CALL);
                    let q = self.query.squeezed.as_str();
                    match substrings(index, q, &mut self.found, &mut cursor, bytes) {
                        None => {
                            self.stage = Stage::Substrings(cursor);
                            return false;
                        }
                        Some(true) => self.stage = Stage::Done,
                        Some(false) => self.stage = self.after_substrings(index),
                    }
                }
                Stage::Fuzzy(mut sweep) => {
                    let q = self.query.squeezed.as_str();
                    self.stage = if subsequences(index, q, &mut self.found, &mut sweep, calls) {
                        Stage::Done
                    } else {
                        Stage::Fuzzy(sweep)
                    };
                    return self.is_done();
                }
                Stage::Done => return true,
            }
        }
    }

    /// True once every rank is done.
    pub const fn is_done(&self) -> bool {
        matches!(self.stage, Stage::Done)
    }

    /// The best headings found so far, best first.
    pub fn results(&self) -> Vec<(usize, MatchRank)> {
        let mut keys = self.found.keys.clone();
        keys.sort_unstable();
        keys.truncate(self.found.limit);
        keys.into_iter().map(|(r, _, i)| (i, r)).collect()
    }
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

/// Titles starting with the query: each title's first bytes compared with it, in one walk
/// over the title ends (cheaper than a `memmem` pass for `\n` + query over the arena, whose
/// prefilter stumbles when every title is CJK).
fn title_prefixes(index: &TitleIndex, query: &Query, found: &mut Found) -> bool {
    let q = query.squeezed.as_bytes();
    let hay = index.titles.as_bytes();
    let mut start = 0;
    for (i, &end) in index.title_ends.iter().enumerate() {
        let end = end as usize;
        if end - start >= q.len() && hay.get(start..start + q.len()) == Some(q) {
            found.push(MatchRank::TitlePrefix, i);
        }
        start = end + 1;
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

/// Titles holding the query, in the picker's order, from `at` for about `bytes` bytes of the
/// arena: `None` when the budget ran out (`at` says where to go on), else whether the list is
/// full.
fn substrings(
    index: &TitleIndex,
    q: &str,
    found: &mut Found,
    at: &mut Cursor,
    bytes: usize,
) -> Option<bool> {
    let finder = memmem::Finder::new(q.as_bytes());
    let ends = &index.title_ends;
    let hay = index.titles.as_bytes();
    let parts = wrap_order(found.after, ends.len());
    let mut left = bytes;
    while let Some(range) = parts.get(at.part).cloned() {
        if range.is_empty() {
            (at.part, at.pos) = (at.part + 1, None);
            continue;
        }
        let end = ends[range.end - 1] as usize;
        let mut pos = at.pos.unwrap_or_else(|| span(ends, range.start).start);
        while pos < end {
            if left == 0 {
                at.pos = Some(pos);
                return None;
            }
            // a window of what is left of the budget; a match starting in it may end past it
            let window = end.min(pos.saturating_add(left));
            let search_end = end.min(window.saturating_add(q.len()));
            match hay.get(pos..search_end).and_then(|h| finder.find(h)) {
                Some(m) if pos + m < window => {
                    let i = heading_at(ends, pos + m);
                    left = left.saturating_sub(m + 1);
                    if found.next(MatchRank::Substring, i) == Next::Stop {
                        return Some(true);
                    }
                    pos = ends[i] as usize + 1;
                }
                _ => {
                    left -= window - pos;
                    pos = window;
                }
            }
        }
        (at.part, at.pos) = (at.part + 1, None);
    }
    Some(false)
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
/// subsequence tests). Goes from `sweep` for at most `calls` searches and leaves `sweep` where
/// it stopped; true when the sweep is over (the list full, or every title read).
fn subsequences(
    index: &TitleIndex,
    q: &str,
    found: &mut Found,
    sweep: &mut Sweep,
    mut calls: usize,
) -> bool {
    let mut buf = [0u8; 4];
    let finders: Vec<memmem::Finder<'static>> = q
        .chars()
        .map(|c| memmem::Finder::new(c.encode_utf8(&mut buf).as_bytes()).into_owned())
        .collect();
    let ends = &index.title_ends;
    let hay = index.titles.as_bytes();
    let parts = wrap_order(found.after, ends.len());
    while let Some(range) = parts.get(sweep.part).cloned() {
        if range.is_empty() || sweep.title >= range.end {
            sweep.part += 1;
            if let Some(next) = parts.get(sweep.part) {
                (sweep.title, sweep.k) = (next.start, 0);
                sweep.pos = span(ends, next.start).start;
            }
            continue;
        }
        let stop = ends[range.end - 1] as usize;
        loop {
            if calls == 0 {
                return false;
            }
            calls -= 1;
            let Some(m) = hay
                .get(sweep.pos..stop)
                .and_then(|h| finders[sweep.k].find(h))
            else {
                sweep.title = range.end;
                break;
            };
            let at = sweep.pos + m;
            let t = heading_from(ends, sweep.title, at);
            if t != sweep.title && sweep.k > 0 {
                // `title` lacks the next character; so do the titles before `t`
                (sweep.title, sweep.k, sweep.pos) = (t, 0, span(ends, t).start);
                continue;
            }
            sweep.title = t;
            sweep.k += 1;
            sweep.pos = at + finders[sweep.k - 1].needle().len();
            if sweep.k == finders.len() {
                if found.next(MatchRank::Fuzzy, sweep.title) == Next::Stop {
                    return true;
                }
                sweep.title += 1;
                if sweep.title >= range.end {
                    break;
                }
                (sweep.k, sweep.pos) = (0, span(ends, sweep.title).start);
            }
        }
    }
    true
}
