//! Text search over the whole document: exact substring matches found with `memchr::memmem`.
//!
//! Matches are byte offsets into the document text. Counting all of them on a 100 MB document
//! takes tens of milliseconds, so [`Search::advance`] scans a bounded slice per call (the reader
//! calls it once per frame) and the status line shows `3/17+` until the count is complete.
//! Finding the next match from a position is always immediate ([`Search::next_from`]).

use memchr::memmem;

/// Bytes scanned per [`Search::advance`] call.
pub const SCAN_STEP: usize = 16 << 20;

/// A search and what is known of its matches.
#[derive(Debug)]
pub struct Search {
    query: String,
    finder: memmem::Finder<'static>,
    /// Start offsets of the matches found in `0..scanned`, ascending.
    matches: Vec<usize>,
    /// How far the count has got.
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
            finder: memmem::Finder::new(query.as_bytes()).into_owned(),
            matches: Vec::new(),
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

    /// Counts matches in the next [`SCAN_STEP`] bytes of `text`; returns true when done.
    pub fn advance(&mut self, text: &str) -> bool {
        if self.is_complete(text) {
            return true;
        }
        let end = (self.scanned + SCAN_STEP).min(text.len());
        // overlap by the query length so a match across the step boundary is found once
        let from = self.scanned.saturating_sub(self.len().saturating_sub(1));
        let hay = &text.as_bytes()[from..end];
        for m in self.finder.find_iter(hay) {
            let at = from + m;
            if at >= self.scanned.saturating_sub(self.len().saturating_sub(1))
                && self.matches.last().is_none_or(|&l| at > l)
            {
                self.matches.push(at);
            }
        }
        self.scanned = end;
        self.is_complete(text)
    }

    /// True when every match in `text` has been counted.
    pub fn is_complete(&self, text: &str) -> bool {
        self.scanned >= text.len()
    }

    /// `(current 1-based index, total so far, complete)` for the status line.
    pub fn status(&self, text: &str) -> (Option<usize>, usize, bool) {
        // the index is known once the count has passed the current match
        let index = self
            .current
            .filter(|&c| c < self.scanned)
            .and_then(|c| self.matches.binary_search(&c).ok())
            .map(|i| i + 1);
        (index, self.matches.len(), self.is_complete(text))
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
                let finder = memmem::FinderRev::new(self.query.as_bytes());
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
            .find_iter(&text.as_bytes()[from..end])
            .map(|m| from + m)
            .filter(|&m| m + self.len() > range.start)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn matches_in_a_range_include_ones_crossing_its_edges() {
        let text = "abcabcabc";
        let s = Search::new("cab");
        assert_eq!(s.matches_in(text, 0..3), vec![2]);
        assert_eq!(s.matches_in(text, 3..6), vec![2, 5]);
        assert_eq!(s.matches_in(text, 6..7), vec![5]);
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
