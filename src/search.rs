//! Text search over the whole document: a regular expression or literal text (see
//! `search/matcher.rs`), counted in steps, with a tally per section for the outline.
//!
//! Smart case, as in less's `-i` and vim's `smartcase`: a query with Latin letters and no
//! uppercase letter matches ASCII letters of either case (`gdp` finds `GDP`); any uppercase
//! letter makes the search exact. CJK text has no case and is always matched exactly.
//!
//! Matches are byte ranges of the document text. A literal query matches every place it
//! starts (overlapping ones too, as `n` visits them); a regular expression's matches follow one
//! another. Counting all of them on a 100 MB document takes tens of milliseconds (more for a
//! hard expression), so [`Search::advance`] scans a bounded slice per call (the reader calls it
//! once per frame and asks for frames until it is done) and the status line shows `3/…` until
//! the count is complete. Finding the next match from a position is always immediate
//! ([`Search::next_from`]).
//!
//! Memory is bounded whatever the number of matches (1 GiB of `a` has a billion): no match
//! offset is stored. The count keeps one running total per [`BLOCK`] bytes of text (16 bytes
//! per 64 KiB: 256 KiB for 1 GiB), and the index of the current match is the total before its
//! block plus the matches counted again inside that block. Highlighting finds the matches of
//! the visible range directly ([`Search::matches_in`]). With [`Search::advance_with`], the count
//! also notes the running total at each section's start (one number per section), so the hits
//! of any section or subtree are a subtraction ([`Search::section_hits`]).
//!
//! A regular expression is run over the text up to a line end past the slice being counted
//! (at most [`LOOKAHEAD`] bytes further), so a match must end within that: one running longer
//! across a step's edge is cut there. `.` does not cross lines, so only an expression spanning
//! lines on purpose (`\s`, `(?s)`) can meet this.

mod matcher;

use matcher::Matcher;
pub use matcher::Syntax;

/// Most matches a results list (`Alt-/`) holds for one document; the list of the whole
/// shelf holds this many of each document's.
pub const RESULT_LIMIT: usize = 1000;

/// Bytes of text a literal query scans per [`Search::advance`] call.
pub const SCAN_STEP: usize = 16 << 20;

/// Bytes a regular expression scans per call: fewer, as an expression can be slow.
pub const REGEX_STEP: usize = 4 << 20;

/// Bytes of text per running total of the count.
pub const BLOCK: usize = 64 << 10;

/// How far past a counted slice a regular expression may look for the end of a match (to the
/// next line end).
pub const LOOKAHEAD: usize = 64 << 10;

/// What is known of the next match after the counted text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Peek {
    /// Not looked for yet.
    Unknown,
    /// The next match.
    At(usize, usize),
    /// No match starts before this offset.
    NoneBefore(usize),
}

/// A search and what is known of its matches.
#[derive(Debug)]
pub struct Search {
    query: String,
    syntax: Syntax,
    matcher: Matcher,
    /// `blocks[i]`: (matches starting before byte `i * BLOCK`, where looking for the next match
    /// went on from there), for every block boundary up to `scanned`.
    blocks: Vec<(u64, usize)>,
    /// Matches starting before `scanned`.
    count: u64,
    /// Every match starting before this offset has been counted.
    scanned: usize,
    /// Where looking for the next match goes on (past the last counted match).
    resume: usize,
    /// The next match after `scanned`, when already found.
    peek: Peek,
    /// `at_section[i]`: matches starting before section `i`'s start, for each section start
    /// the count has passed.
    at_section: Vec<u64>,
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
    /// A new search for the literal text `query` (which must not be empty).
    pub fn new(query: &str) -> Self {
        Self::with(
            query,
            Matcher::Literal(matcher::Needle::new(query)),
            Syntax::Literal,
        )
    }

    /// A new search for `query` read as `syntax`; an invalid regular expression is a one-line
    /// reason.
    pub fn build(query: &str, syntax: Syntax) -> Result<Self, String> {
        Matcher::new(query, syntax).map(|m| Self::with(query, m, syntax))
    }

    fn with(query: &str, matcher: Matcher, syntax: Syntax) -> Self {
        Self {
            query: query.to_owned(),
            syntax,
            matcher,
            blocks: Vec::new(),
            count: 0,
            scanned: 0,
            resume: 0,
            peek: Peek::Unknown,
            at_section: Vec::new(),
            current: None,
        }
    }

    /// The same query, syntax and current match, counted anew (the sections changed).
    #[must_use]
    pub fn restarted(&self) -> Self {
        let mut again =
            Self::build(&self.query, self.syntax).unwrap_or_else(|_| Self::new(&self.query));
        again.current = self.current;
        again
    }

    /// The query text.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// How the query is read.
    pub const fn syntax(&self) -> Syntax {
        self.syntax
    }

    /// True for an empty query (never matches).
    pub fn is_empty(&self) -> bool {
        self.query.is_empty()
    }

    /// Counts matches starting in the next slice of `text`; returns true when done.
    pub fn advance(&mut self, text: &str) -> bool {
        self.advance_with(text, &|_| None)
    }

    /// [`Search::advance`], noting the running total at each section start on the way:
    /// `section_start(i)` is the byte offset where section `i` starts (`None` past the last
    /// one known).
    pub fn advance_with(
        &mut self,
        text: &str,
        section_start: &dyn Fn(usize) -> Option<usize>,
    ) -> bool {
        let last = self.last_start(text);
        let step = match self.matcher {
            Matcher::Literal(_) => SCAN_STEP,
            Matcher::Regex(_) => REGEX_STEP,
        };
        let end = (self.scanned + step).min(last);
        let limit = self.hay_limit(text, end);
        if self.blocks.is_empty() {
            self.blocks.push((0, 0));
        }
        self.blocks
            .reserve_exact((end / BLOCK + 1).saturating_sub(self.blocks.len()));
        loop {
            // sections starting where the count has got to get its running total
            while section_start(self.at_section.len()).is_some_and(|s| s <= self.scanned) {
                self.at_section.push(self.count);
            }
            if self.scanned >= end {
                break;
            }
            let block_end = ((self.scanned / BLOCK + 1) * BLOCK).min(end);
            let to = section_start(self.at_section.len()).map_or(block_end, |s| s.min(block_end));
            self.count += self.count_to(text, to, limit);
            if to == block_end && block_end.is_multiple_of(BLOCK) {
                self.blocks.push((self.count, self.resume.max(block_end)));
            }
        }
        self.is_complete(text)
    }

    /// How much of `text` a step ending at `end` may read: for a literal, the rest of a match
    /// starting before `end`; for a regular expression, to the line end after `end` (at most
    /// [`LOOKAHEAD`] further).
    fn hay_limit(&self, text: &str, end: usize) -> usize {
        let bytes = text.as_bytes();
        match self.matcher {
            Matcher::Literal(_) => {
                (end + self.matcher.literal_len().saturating_sub(1)).min(bytes.len())
            }
            Matcher::Regex(_) => {
                let cap = (end + LOOKAHEAD).min(bytes.len());
                bytes
                    .get(end..cap)
                    .and_then(|h| memchr::memchr(b'\n', h))
                    .map_or(cap, |i| end + i + 1)
            }
        }
    }

    /// Counts the matches starting in `scanned..to`, reading `text` up to `limit`.
    fn count_to(&mut self, text: &str, to: usize, limit: usize) -> u64 {
        let bytes = text.as_bytes();
        if let Matcher::Literal(needle) = &self.matcher
            && let [b] = needle.bytes()
            && self.peek == Peek::Unknown
        {
            // a one-byte query: a plain count, which the compiler vectorises
            let (lower, upper) = match needle {
                matcher::Needle::Caseless(_) => (b.to_ascii_lowercase(), b.to_ascii_uppercase()),
                matcher::Needle::Exact(_) => (*b, *b),
            };
            let n = bytes
                .get(self.resume.max(self.scanned)..to)
                .unwrap_or(&[])
                .iter()
                .map(|&x| u64::from(x == lower || x == upper))
                .sum();
            // every start before `to` is counted: looking goes on from there
            self.scanned = to;
            self.resume = self.resume.max(to);
            return n;
        }
        let mut n = 0;
        loop {
            let next = match self.peek {
                Peek::At(s, e) => Some((s, e)),
                Peek::NoneBefore(p) if p >= to => None,
                _ => {
                    let hay = bytes.get(..limit).unwrap_or(bytes);
                    let found = self.matcher.find_at(hay, self.resume.max(self.scanned));
                    self.peek = found.map_or_else(
                        || {
                            let lit = self.matcher.literal_len();
                            Peek::NoneBefore((limit + 1).saturating_sub(lit.max(1)))
                        },
                        |(s, e)| Peek::At(s, e),
                    );
                    found
                }
            };
            match next {
                Some((s, e)) if s < to => {
                    n += 1;
                    self.resume = self.matcher.resume_after((s, e));
                    self.peek = Peek::Unknown;
                }
                _ => break,
            }
        }
        self.scanned = to;
        n
    }

    /// True when every match in `text` has been counted.
    pub fn is_complete(&self, text: &str) -> bool {
        self.scanned >= self.last_start(text)
    }

    /// One past the last offset where a match could start in `text`. For a literal the count
    /// never claims more, so text appended later (background loading) cannot hide a match
    /// across the old end.
    fn last_start(&self, text: &str) -> usize {
        text.len()
            .saturating_sub(self.matcher.literal_len().saturating_sub(1))
    }

    /// The matches starting in `from..to`, found again from where the count stood at `from`
    /// (`resume`).
    fn recount(&self, text: &str, from: usize, resume: usize, to: usize) -> u64 {
        let hay = text.as_bytes();
        let mut at = resume.max(from);
        let mut n = 0;
        while let Some(m) = self.matcher.find_at(hay, at).filter(|&(s, _)| s < to) {
            n += 1;
            at = self.matcher.resume_after(m);
        }
        n
    }

    /// `(current 1-based index, total so far, complete)` for the status line.
    pub fn status(&self, text: &str) -> (Option<usize>, usize, bool) {
        // the index is known once the count has passed the current match
        let index = self.current.filter(|&c| c < self.scanned).and_then(|c| {
            let block = c / BLOCK;
            let &(before, resume) = self.blocks.get(block)?;
            let within = self.recount(text, block * BLOCK, resume, c);
            usize::try_from(before + within).ok().map(|b| b + 1)
        });
        let total = usize::try_from(self.count).unwrap_or(usize::MAX);
        (index, total, self.is_complete(text))
    }

    /// The matches starting in sections `first..end` (`end` may be the number of sections,
    /// `sections`: to the end of the text), and whether that number is final. `None` until the
    /// count has reached section `first`.
    pub fn section_hits(
        &self,
        text: &str,
        first: usize,
        end: usize,
        sections: usize,
    ) -> Option<(u64, bool)> {
        let complete = self.is_complete(text);
        let at = |i: usize| {
            self.at_section
                .get(i)
                .copied()
                .or_else(|| complete.then_some(self.count))
        };
        let from = at(first)?;
        match at(end) {
            Some(to) if end < sections || complete => Some((to.saturating_sub(from), true)),
            _ => Some((self.count.saturating_sub(from), false)),
        }
    }

    /// Bytes of memory held for the count (for tests: bounded by the text length / 4096 and
    /// the number of sections, not by the number of matches).
    pub fn index_bytes(&self) -> usize {
        self.blocks.capacity() * std::mem::size_of::<(u64, usize)>()
            + self.at_section.capacity() * std::mem::size_of::<u64>()
    }

    /// The first match starting at or after `pos` (Forward) or the last one starting before
    /// it (Backward), wrapping around. Makes it the current match.
    pub fn next_from(&mut self, text: &str, pos: usize, dir: Direction) -> Option<Found> {
        let bytes = text.as_bytes();
        let pos = pos.min(bytes.len());
        let found = match dir {
            Direction::Forward => match self.matcher.find_at(bytes, pos) {
                Some((s, _)) => Some(Found {
                    offset: s,
                    wrapped: false,
                }),
                None => self.matcher.find_at(bytes, 0).map(|(s, _)| Found {
                    offset: s,
                    wrapped: true,
                }),
            },
            Direction::Backward => match self.last_before(text, pos) {
                Some(s) => Some(Found {
                    offset: s,
                    wrapped: false,
                }),
                None => self.last_before(text, bytes.len() + 1).map(|s| Found {
                    offset: s,
                    wrapped: true,
                }),
            },
        }?;
        // the count catches up in later `advance` calls: never scan everything here
        self.current = Some(found.offset);
        Some(found)
    }

    /// The last match starting before `pos`: a literal is searched backwards; a regular
    /// expression forwards through windows growing back from `pos` (1 KiB, then 64 times
    /// more each time), so a match nearby is found without reading the whole text.
    fn last_before(&self, text: &str, pos: usize) -> Option<usize> {
        let bytes = text.as_bytes();
        if let Matcher::Literal(needle) = &self.matcher {
            let end = (pos + needle.bytes().len())
                .saturating_sub(1)
                .min(bytes.len());
            return needle.rfind(&bytes[..end]).filter(|&s| s < pos);
        }
        let mut window = 1 << 10;
        loop {
            let from = pos.saturating_sub(window);
            let mut at = from;
            let mut last = None;
            while let Some(m) = self.matcher.find_at(bytes, at).filter(|&(s, _)| s < pos) {
                last = Some(m.0);
                at = self.matcher.resume_after(m);
            }
            if last.is_some() || from == 0 {
                return last;
            }
            window = window.saturating_mul(64);
        }
    }

    /// The current match's offset.
    pub const fn current_offset(&self) -> Option<usize> {
        self.current
    }

    /// The starts of the matches that overlap the byte range `range` of `text`.
    pub fn matches_in(&self, text: &str, range: std::ops::Range<usize>) -> Vec<usize> {
        self.match_ranges_in(text, range)
            .into_iter()
            .map(|r| r.start)
            .collect()
    }

    /// The matches that overlap the byte range `range` of `text` (found directly, not from the
    /// count, so highlighting never waits for counting). A regular expression is read from
    /// the start of the line `range` starts in (at most [`LOOKAHEAD`] back) to the line end
    /// after it, so its matches are the ones a search from there finds.
    pub fn match_ranges_in(
        &self,
        text: &str,
        range: std::ops::Range<usize>,
    ) -> Vec<std::ops::Range<usize>> {
        let bytes = text.as_bytes();
        if self.is_empty() || range.start >= bytes.len() {
            return Vec::new();
        }
        let (from, limit) = match self.matcher {
            Matcher::Literal(_) => {
                let len = self.matcher.literal_len();
                (
                    range.start.saturating_sub(len.saturating_sub(1)),
                    (range.end + len.saturating_sub(1)).min(bytes.len()),
                )
            }
            Matcher::Regex(_) => {
                let back = range.start.saturating_sub(LOOKAHEAD);
                let from = memchr::memrchr(b'\n', &bytes[back..range.start])
                    .map_or(back, |i| back + i + 1);
                (from, self.hay_limit(text, range.end.min(bytes.len())))
            }
        };
        let hay = &bytes[..limit];
        let mut out = Vec::new();
        let mut at = from;
        while let Some((s, e)) = self.matcher.find_at(hay, at) {
            if s >= range.end.max(range.start + 1) {
                break;
            }
            if e > range.start || (e == s && s >= range.start) {
                out.push(s..e);
            }
            at = self.matcher.resume_after((s, e));
        }
        out
    }
}

#[cfg(test)]
mod tests;
