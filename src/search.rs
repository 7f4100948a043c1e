//! Text search over the whole document: substring matches found with `memchr`.
//!
//! Smart case, as in less's `-i` and vim's `smartcase`: a query with Latin letters and no
//! uppercase letter matches ASCII letters of either case (`gdp` finds `GDP`); any uppercase
//! letter makes the search exact. CJK text has no case and is always matched exactly.
//!
//! Matches are byte offsets into the document text; every place the query starts is a match
//! (overlapping ones too, as `n` visits them). Counting all of them on a 100 MB document takes
//! tens of milliseconds, so [`Search::advance`] scans a bounded slice per call (the reader calls
//! it once per frame) and the status line shows `3/17+` until the count is complete. Finding the
//! next match from a position is always immediate ([`Search::next_from`]).
//!
//! Memory is bounded whatever the number of matches (1 GiB of `a` has a billion): no match
//! offset is stored. The count keeps one running total per [`BLOCK`] bytes of text (8 bytes
//! per 64 KiB: 128 KiB for 1 GiB), and the index of the current match is the total before its
//! block plus the matches counted again inside that block. Highlighting finds the matches of
//! the visible range directly ([`Search::matches_in`]).

use memchr::memmem;

/// Bytes scanned per [`Search::advance`] call.
pub const SCAN_STEP: usize = 16 << 20;

/// Bytes of text per running total of the count.
pub const BLOCK: usize = 64 << 10;

/// How the query is looked for.
#[derive(Debug)]
enum Needle {
    /// Byte for byte.
    Exact(Box<memmem::Finder<'static>>),
    /// ASCII letters of either case: the query's bytes, lowercased.
    Caseless(Vec<u8>),
}

impl Needle {
    fn new(query: &str) -> Self {
        let caseless = query.chars().any(|c| c.is_ascii_alphabetic())
            && !query.chars().any(char::is_uppercase);
        if caseless {
            Self::Caseless(query.as_bytes().to_ascii_lowercase())
        } else {
            Self::Exact(Box::new(memmem::Finder::new(query.as_bytes()).into_owned()))
        }
    }

    /// The first match in `hay`.
    fn find(&self, hay: &[u8]) -> Option<usize> {
        match self {
            Self::Exact(f) => f.find(hay),
            Self::Caseless(needle) => {
                let (lower, upper) = first_cases(needle)?;
                let mut at = 0;
                while let Some(i) = memchr::memchr2(lower, upper, hay.get(at..)?) {
                    let p = at + i;
                    if hay
                        .get(p..p + needle.len())
                        .is_some_and(|w| w.eq_ignore_ascii_case(needle))
                    {
                        return Some(p);
                    }
                    at = p + 1;
                }
                None
            }
        }
    }

    /// The last match in `hay`.
    fn rfind(&self, hay: &[u8]) -> Option<usize> {
        match self {
            Self::Exact(f) => memmem::FinderRev::new(f.needle()).rfind(hay),
            Self::Caseless(needle) => {
                let (lower, upper) = first_cases(needle)?;
                let mut end = hay.len();
                while let Some(p) = memchr::memrchr2(lower, upper, hay.get(..end)?) {
                    if hay
                        .get(p..p + needle.len())
                        .is_some_and(|w| w.eq_ignore_ascii_case(needle))
                    {
                        return Some(p);
                    }
                    end = p;
                }
                None
            }
        }
    }

    /// Every match in `hay` (overlapping ones too).
    fn find_all(&self, hay: &[u8]) -> Vec<usize> {
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(m) = hay.get(at..).and_then(|h| self.find(h)) {
            out.push(at + m);
            at += m + 1;
        }
        out
    }
}

/// The two cases of a caseless needle's first byte.
fn first_cases(needle: &[u8]) -> Option<(u8, u8)> {
    let &b = needle.first()?;
    Some((b.to_ascii_lowercase(), b.to_ascii_uppercase()))
}

/// A search and what is known of its matches.
#[derive(Debug)]
pub struct Search {
    query: String,
    finder: Needle,
    /// `before[i]`: matches starting before byte `i * BLOCK`, for every block boundary up to
    /// `scanned`.
    before: Vec<u64>,
    /// Matches starting before `scanned`.
    count: u64,
    /// Every match starting before this offset has been counted (never past the last offset
    /// where a match can start in the text so far).
    scanned: usize,
    /// Offset of the current match.
    current: Option<usize>,
}

/// Which way to look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Towards the end.
    Forward,
    /// Towards the start.
    Backward,
}

/// Result of a step to the next or previous match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// Byte offset of the match.
    pub offset: usize,
    /// The search went past the end (or start) and came round.
    pub wrapped: bool,
}

impl Search {
    /// A new search for `query` (which must not be empty).
    pub fn new(query: &str) -> Self {
        Self {
            query: query.to_owned(),
            finder: Needle::new(query),
            before: Vec::new(),
            count: 0,
            scanned: 0,
            current: None,
        }
    }

    /// The query text.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// Length of a match in bytes.
    pub fn len(&self) -> usize {
        self.query.len()
    }

    /// True for an empty query (never matches).
    pub fn is_empty(&self) -> bool {
        self.query.is_empty()
    }

    /// Counts matches starting in the next [`SCAN_STEP`] bytes of `text`; returns true when
    /// done.
    pub fn advance(&mut self, text: &str) -> bool {
        if self.is_complete(text) {
            return true;
        }
        if self.before.is_empty() {
            self.before.push(0);
        }
        let end = (self.scanned + SCAN_STEP).min(self.last_start(text));
        self.before
            .reserve_exact((end / BLOCK + 1).saturating_sub(self.before.len()));
        // block by block, so each boundary gets its running total
        while self.scanned < end {
            let block_end = ((self.scanned / BLOCK + 1) * BLOCK).min(end);
            self.count += self.count_starts(text, self.scanned..block_end) as u64;
            self.scanned = block_end;
            if block_end.is_multiple_of(BLOCK) {
                self.before.push(self.count);
            }
        }
        self.is_complete(text)
    }

    /// The number of matches starting in `range` of `text` (found in `text`, so a match may
    /// run past the range's end).
    fn count_starts(&self, text: &str, range: std::ops::Range<usize>) -> usize {
        let bytes = text.as_bytes();
        let needle = self.query.as_bytes();
        if range.is_empty() || needle.is_empty() {
            return 0;
        }
        if let [b] = needle {
            // a one-byte query: a plain count, which the compiler vectorises
            let (lower, upper) = match self.finder {
                Needle::Caseless(_) => (b.to_ascii_lowercase(), b.to_ascii_uppercase()),
                Needle::Exact(_) => (*b, *b),
            };
            return bytes[range]
                .iter()
                .map(|&x| usize::from(x == lower || x == upper))
                .sum();
        }
        let hay_end = (range.end + needle.len() - 1).min(bytes.len());
        let hay = &bytes[range.start..hay_end];
        let limit = range.len();
        let mut n = 0;
        let mut at = 0;
        while let Some(m) = self.finder.find(&hay[at..]) {
            if at + m >= limit {
                break;
            }
            n += 1;
            at += m + 1;
        }
        n
    }

    /// True when every match in `text` has been counted.
    pub fn is_complete(&self, text: &str) -> bool {
        self.scanned >= self.last_start(text)
    }

    /// One past the last offset where a match could start in `text`. The count never claims
    /// more, so text appended later (background loading) cannot hide a match across the old
    /// end.
    fn last_start(&self, text: &str) -> usize {
        text.len().saturating_sub(self.len().saturating_sub(1))
    }

    /// `(current 1-based index, total so far, complete)` for the status line.
    pub fn status(&self, text: &str) -> (Option<usize>, usize, bool) {
        // the index is known once the count has passed the current match
        let index = self.current.filter(|&c| c < self.scanned).and_then(|c| {
            let block = c / BLOCK;
            let before = *self.before.get(block)?;
            let within = self.count_starts(text, block * BLOCK..c);
            usize::try_from(before).ok().map(|b| b + within + 1)
        });
        let total = usize::try_from(self.count).unwrap_or(usize::MAX);
        (index, total, self.is_complete(text))
    }

    /// Bytes of memory held for the count (for tests: bounded by the text length / 8192, not
    /// by the number of matches).
    pub fn index_bytes(&self) -> usize {
        self.before.capacity() * std::mem::size_of::<u64>()
    }

    /// The first match starting at or after `pos` (Forward) or the last one starting before
    /// it (Backward), wrapping around. Makes it the current match.
    pub fn next_from(&mut self, text: &str, pos: usize, dir: Direction) -> Option<Found> {
        let bytes = text.as_bytes();
        let found = match dir {
            Direction::Forward => {
                let start = pos.min(bytes.len());
                match self.finder.find(&bytes[start..]) {
                    Some(m) => Some(Found {
                        offset: start + m,
                        wrapped: false,
                    }),
                    None => self.finder.find(bytes).map(|m| Found {
                        offset: m,
                        wrapped: true,
                    }),
                }
            }
            Direction::Backward => {
                let finder = &self.finder;
                match finder.rfind(&bytes[..pos.min(bytes.len())]) {
                    Some(m) => Some(Found {
                        offset: m,
                        wrapped: false,
                    }),
                    None => finder.rfind(bytes).map(|m| Found {
                        offset: m,
                        wrapped: true,
                    }),
                }
            }
        }?;
        // the count catches up in later `advance` calls: never scan everything here
        self.current = Some(found.offset);
        Some(found)
    }

    /// The current match's offset.
    pub const fn current_offset(&self) -> Option<usize> {
        self.current
    }

    /// Matches that overlap the byte range `range` of `text` (found directly, not from the
    /// count, so highlighting never waits for counting).
    pub fn matches_in(&self, text: &str, range: std::ops::Range<usize>) -> Vec<usize> {
        let from = range.start.saturating_sub(self.len().saturating_sub(1));
        let end = (range.end + self.len().saturating_sub(1)).min(text.len());
        if from >= end || self.is_empty() {
            return Vec::new();
        }
        self.finder
            .find_all(&text.as_bytes()[from..end])
            .into_iter()
            .map(|m| from + m)
            .filter(|&m| m + self.len() > range.start)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Every offset where `query` starts in `text`, the slow way.
    fn naive(text: &str, query: &str) -> Vec<usize> {
        (0..text.len())
            .filter(|&i| text.as_bytes()[i..].starts_with(query.as_bytes()))
            .collect()
    }

    proptest! {
        /// The count and the index of each match visited by `n` agree with a naive scan,
        /// across block boundaries (a small block size is simulated by long texts of a few
        /// letters) and text appended after counting.
        #[test]
        fn count_and_index_match_a_naive_scan(
            text in "[ab中]{0,300}",
            more in "[ab中]{0,40}",
            query in "[ab中]{1,3}",
            repeat in 1usize..600,
        ) {
            let mut text = text.repeat(repeat);
            let mut s = Search::new(&query);
            while !s.advance(&text) {}
            text.push_str(&more);
            while !s.advance(&text) {}
            let all = naive(&text, &query);
            prop_assert_eq!(s.status(&text).1, all.len());
            // a few matches, first and last included
            let step = (all.len() / 7).max(1);
            for (i, &m) in all.iter().enumerate().step_by(step).chain(all.iter().enumerate().next_back()) {
                let f = s.next_from(&text, m, Direction::Forward).expect("a match");
                prop_assert_eq!(f.offset, m);
                prop_assert_eq!(s.status(&text).0, Some(i + 1));
            }
            prop_assert!(s.index_bytes() <= (text.len() / BLOCK + 4) * 8);
        }
    }

    #[test]
    fn counts_all_matches_incrementally() {
        let text = "监督执纪，监督问责。".repeat(1000);
        let mut s = Search::new("监督");
        while !s.advance(&text) {}
        assert_eq!(s.status(&text), (None, 2000, true));
    }

    #[test]
    fn next_and_previous_wrap_around() {
        let text = "甲监督乙监督丙";
        let mut s = Search::new("监督");
        let first = s.next_from(text, 0, Direction::Forward).expect("match");
        assert_eq!((first.offset, first.wrapped), (3, false));
        let second = s
            .next_from(text, first.offset + 1, Direction::Forward)
            .expect("match");
        assert_eq!(second.offset, 12);
        let wrapped = s
            .next_from(text, second.offset + 1, Direction::Forward)
            .expect("match");
        assert_eq!((wrapped.offset, wrapped.wrapped), (3, true));
        s.advance(text);
        assert_eq!(s.status(text).0, Some(1));
        let back = s.next_from(text, 3, Direction::Backward).expect("match");
        assert_eq!((back.offset, back.wrapped), (12, true));
        assert_eq!(s.status(text).0, Some(2));
    }

    #[test]
    fn no_match() {
        let mut s = Search::new("不在");
        assert_eq!(s.next_from("甲乙丙", 0, Direction::Forward), None);
    }

    #[test]
    fn smart_case_lowercase_finds_either_case_uppercase_is_exact() {
        let text = "GDP 增长，gdp 总量，Gdp 结构；国内生产总值。";
        let mut caseless = Search::new("gdp");
        while !caseless.advance(text) {}
        assert_eq!(caseless.status(text).1, 3);
        assert_eq!(caseless.matches_in(text, 0..text.len()), vec![0, 13, 26]);
        let first = caseless.next_from(text, 1, Direction::Forward).unwrap();
        assert_eq!(first.offset, 13);
        let back = caseless.next_from(text, 13, Direction::Backward).unwrap();
        assert_eq!(back.offset, 0);
        let mut exact = Search::new("Gdp");
        while !exact.advance(text) {}
        assert_eq!(exact.status(text).1, 1);
        assert_eq!(exact.matches_in(text, 0..text.len()), vec![26]);
        // one letter counts both cases; CJK is exact as ever
        let mut g = Search::new("g");
        while !g.advance(text) {}
        assert_eq!(g.status(text).1, 3);
        let mut cjk = Search::new("总");
        while !cjk.advance(text) {}
        assert_eq!(cjk.status(text).1, 2);
    }

    #[test]
    fn matches_in_a_range_include_ones_crossing_its_edges() {
        let text = "abcabcabc";
        let s = Search::new("cab");
        assert_eq!(s.matches_in(text, 0..3), vec![2]);
        assert_eq!(s.matches_in(text, 3..6), vec![2, 5]);
        assert_eq!(s.matches_in(text, 6..7), vec![5]);
    }

    #[test]
    fn a_billion_matches_need_no_memory_per_match() {
        // 24 MiB of `a`: 25 million matches, counted over two steps
        let text = "a".repeat(24 << 20);
        let mut s = Search::new("a");
        let mut steps = 0;
        while !s.advance(&text) {
            steps += 1;
        }
        assert_eq!(steps, 1);
        assert_eq!(s.status(&text), (None, 24 << 20, true));
        // one running total per 64 KiB block, not one offset per match
        assert!(
            s.index_bytes() <= (text.len() / BLOCK + 16) * 8,
            "{}",
            s.index_bytes()
        );
        assert!(s.index_bytes() < 8 << 10);
        // n and N still work, and the index of the current match is exact
        let at = 17 << 20;
        let found = s.next_from(&text, at + 5, Direction::Forward).unwrap();
        assert_eq!(found.offset, at + 5);
        assert_eq!(s.status(&text).0, Some(at + 6));
        let back = s.next_from(&text, at, Direction::Backward).unwrap();
        assert_eq!(back.offset, at - 1);
        assert_eq!(s.status(&text).0, Some(at));
    }

    #[test]
    fn overlapping_matches_are_counted_and_indexed_like_n_visits_them() {
        let text = "x".to_owned() + &"aa".repeat(BLOCK) + "y";
        let mut s = Search::new("aaa");
        while !s.advance(&text) {}
        let total = 2 * BLOCK - 2;
        assert_eq!(s.status(&text).1, total);
        // walk the last few with n: every start, each with its own index
        let mut pos = text.len() - 7;
        for expected in (total - 3)..=total {
            let f = s.next_from(&text, pos, Direction::Forward).unwrap();
            assert!(!f.wrapped);
            assert_eq!(s.status(&text).0, Some(expected));
            pos = f.offset + 1;
        }
    }

    #[test]
    fn text_appended_after_counting_is_counted_across_the_old_end() {
        let mut text = "监督".repeat(10) + "监";
        let mut s = Search::new("监督");
        assert!(s.advance(&text));
        assert_eq!(s.status(&text).1, 10);
        text.push('督');
        assert!(!s.is_complete(&text));
        assert!(s.advance(&text));
        assert_eq!(s.status(&text).1, 11);
    }

    #[test]
    fn counting_across_step_boundaries_finds_each_match_once() {
        let mut text = "x".repeat(SCAN_STEP - 1);
        text.push_str("AB");
        text.push_str(&"y".repeat(10));
        let mut s = Search::new("AB");
        while !s.advance(&text) {}
        assert_eq!(s.status(&text).1, 1);
    }
}
