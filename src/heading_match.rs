//! Ranking headings against what the reader typed: the matcher behind `:`, `-s/--section` (and
//! the live picker to come). Pure functions over titles; no state.
//!
//! A heading's *label* is its marker part (`第三编`, `第五百一十条`, `2.3`, `（四）`, `一、`,
//! `Chapter 3`); the rest of the title is its text. A law's article titles hold the article's
//! first sentence, which often cites other divisions (`第二百八十五条 依照本法第三编…`), so a
//! plain substring search lands on the wrong heading. Matches are therefore ranked:
//!
//! 1. [`MatchRank::Label`]: the label equals the query (`第三编`), or the query is a bare
//!    number equal to the label's number (`510` and `五百一十` for `第五百一十条`);
//! 2. [`MatchRank::LabelPrefix`]: the label starts with the query;
//! 3. [`MatchRank::TitlePrefix`]: the title starts with the query;
//! 4. [`MatchRank::Substring`]: the title contains it;
//! 5. [`MatchRank::Pinyin`]: a query of lowercase Latin letters spells a run of the title's
//!    characters in pinyin, by initials, whole syllables or a mix (`jd`, `jiandu` and `jiand`
//!    find `监督`; see `heading_match/pinyin.rs`);
//! 6. [`MatchRank::Fuzzy`]: the query's characters appear in the title in order, with gaps
//!    (`民总` finds `民法总则`), for the live picker's "roughly this" typing.
//!
//! Labels and queries are compared in a *canonical* form: whitespace and a leading `第` dropped,
//! CJK and full-width numbers written as ASCII digits, full-width brackets and dots as ASCII,
//! traditional unit characters as simplified ones, ASCII case folded. So `510条`, `第510条`,
//! `第 510 条` and `第五百一十条` are one label, and `3编` finds `第三编`. Titles are compared
//! with whitespace removed, ASCII case folded unless the query has an uppercase letter.
//!
//! The picker ranks every heading on each keystroke; [`TitleIndex`] (`heading_match/index.rs`)
//! holds the labels, squeezed titles and pinyin initials read once, so that a keystroke over a
//! million headings is a few `memchr` passes that stop once the list is full.

mod index;
mod pinyin;

use std::collections::BinaryHeap;

use crate::document::Document;
use crate::document::numerals;
pub use index::{Ranking, TitleIndex, ranked_indexed};

/// How well a heading matches a query; smaller is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchRank {
    /// The label is the query (or has the query's number).
    Label,
    /// The label starts with the query.
    LabelPrefix,
    /// The title starts with the query.
    TitlePrefix,
    /// The title contains the query.
    Substring,
    /// A run of the title's characters is spelt by the query in pinyin.
    Pinyin,
    /// The title holds the query's characters in order, not next to each other.
    Fuzzy,
}

/// Buffers [`Query::rank_with`] reuses from title to title, so that ranking a million headings
/// allocates nothing per heading (the picker ranks them all on every keystroke).
#[derive(Debug, Default)]
pub struct Scratch {
    label: String,
    title: String,
}

/// Units a `第`-numbered division ends with, longest first.
const DIVISION_UNITS: &[&str] = &[
    "分编", "分編", "部分", "编", "編", "篇", "卷", "部", "章", "回", "节", "節", "款", "目", "条",
    "條",
];

/// A query, prepared once and tested against many titles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The query without whitespace (case folded unless it has uppercase letters).
    squeezed: String,
    /// True when titles are compared with ASCII case folded.
    fold_case: bool,
    /// The canonical label form of the query.
    label: String,
    /// The query's number when it is nothing but a number (`510`, `五百一十`, `2.3`).
    number: Option<String>,
    /// True when the query could be pinyin (lowercase Latin letters only).
    pinyin: bool,
}

impl Query {
    /// Prepares `text`; `None` when it has nothing but whitespace.
    pub fn new(text: &str) -> Option<Self> {
        let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if squeezed.is_empty() {
            return None;
        }
        let fold_case = !squeezed.chars().any(|c| c.is_ascii_uppercase());
        let label = canonical_label(&squeezed);
        let number = Some(label.trim_end_matches('.'))
            .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == '.'))
            .map(str::to_owned);
        let squeezed = if fold_case {
            squeezed.to_ascii_lowercase()
        } else {
            squeezed
        };
        Some(Self {
            pinyin: pinyin::is_pinyin_query(&squeezed),
            squeezed,
            fold_case,
            label,
            number,
        })
    }

    /// How `title` (a heading's whole title) matches; `None` when it does not.
    pub fn rank(&self, title: &str) -> Option<MatchRank> {
        self.rank_with(title, &mut Scratch::default())
    }

    /// [`Query::rank`] with buffers kept from one title to the next.
    pub fn rank_with(&self, title: &str, scratch: &mut Scratch) -> Option<MatchRank> {
        if let Some(label) = label_of(title) {
            canonical_label_into(label, &mut scratch.label);
            if let Some(rank) = self.label_rank(&scratch.label) {
                return Some(rank);
            }
        }
        self.title_rank(title, &Finders::new(self), &mut scratch.title)
    }

    /// [`Query::rank`] for a title whose canonical label (`""` for none) is already known.
    fn rank_labelled(
        &self,
        title: &str,
        canon: &str,
        finders: &Finders<'_>,
        scratch: &mut Scratch,
    ) -> Option<MatchRank> {
        if !canon.is_empty()
            && let Some(rank) = self.label_rank(canon)
        {
            return Some(rank);
        }
        self.title_rank(title, finders, &mut scratch.title)
    }

    /// How a heading's canonical label matches: [`MatchRank::Label`],
    /// [`MatchRank::LabelPrefix`] or not at all.
    fn label_rank(&self, canon: &str) -> Option<MatchRank> {
        let same_number = self
            .number
            .as_ref()
            .is_some_and(|n| label_number_is(canon, n));
        if canon == self.label || same_number {
            return Some(MatchRank::Label);
        }
        let rest = canon.strip_prefix(&self.label)?;
        // `51` is no prefix of `510条`: a number is not cut in the middle
        let cuts_number = self.label.ends_with(|c: char| c.is_ascii_digit())
            && rest.starts_with(|c: char| c.is_ascii_digit());
        (!cuts_number).then_some(MatchRank::LabelPrefix)
    }

    /// How the title's text matches, whitespace ignored. The title is read in place; it is
    /// copied (into `copy`) only when case must be folded, or when the query is not found as
    /// it stands but could be across whitespace.
    fn title_rank(
        &self,
        title: &str,
        finders: &Finders<'_>,
        copy: &mut String,
    ) -> Option<MatchRank> {
        let q = self.squeezed.as_str();
        let fold = self.fold_case && title.bytes().any(|b| b.is_ascii_uppercase());
        if !fold {
            if starts_with_ignoring_whitespace(title, q) {
                return Some(MatchRank::TitlePrefix);
            }
            // a title without the query's first character holds it in no way (but may spell
            // it in pinyin)
            let has_first = finders.first.find(title.as_bytes()).is_some();
            if has_first && finders.whole.find(title.as_bytes()).is_some() {
                return Some(MatchRank::Substring);
            }
            // `一条总` is in `第一条　总则`: a match may straddle whitespace, tried at each
            // place the first character is, without copying the title
            let straddles = has_first
                && finders.several_chars
                && finders.first.find_iter(title.as_bytes()).any(|at| {
                    title
                        .get(at..)
                        .is_some_and(|t| starts_with_ignoring_whitespace(t, q))
                });
            if straddles {
                return Some(MatchRank::Substring);
            }
            if self.pinyin && pinyin::spelt_in(q.as_bytes(), title) {
                return Some(MatchRank::Pinyin);
            }
            // whitespace in the title cannot break a subsequence of a query without any
            return (has_first && is_subsequence(q, title)).then_some(MatchRank::Fuzzy);
        }
        copy.clear();
        copy.extend(title.chars().filter(|c| !c.is_whitespace()));
        if self.fold_case {
            copy.make_ascii_lowercase();
        }
        let squeezed = copy.as_str();
        if squeezed.starts_with(q) {
            Some(MatchRank::TitlePrefix)
        } else if squeezed.contains(q) {
            Some(MatchRank::Substring)
        } else if self.pinyin && pinyin::spelt_in(q.as_bytes(), squeezed) {
            Some(MatchRank::Pinyin)
        } else if is_subsequence(q, squeezed) {
            Some(MatchRank::Fuzzy)
        } else {
            None
        }
    }
}

/// Searchers for a query, made once and run over every title.
struct Finders<'q> {
    /// The whole query.
    whole: memchr::memmem::Finder<'q>,
    /// Its first character.
    first: memchr::memmem::Finder<'q>,
    /// True when the query has more than one character (a match may straddle whitespace).
    several_chars: bool,
}

impl<'q> Finders<'q> {
    fn new(query: &'q Query) -> Self {
        let q = query.squeezed.as_str();
        let first_len = q.chars().next().map_or(0, char::len_utf8);
        Self {
            whole: memchr::memmem::Finder::new(q),
            first: memchr::memmem::Finder::new(&q.as_bytes()[..first_len]),
            several_chars: q.len() > first_len,
        }
    }
}

/// True when `text` with its whitespace removed starts with `prefix` (which has none).
fn starts_with_ignoring_whitespace(text: &str, prefix: &str) -> bool {
    let mut chars = text.chars().filter(|c| !c.is_whitespace());
    prefix.chars().all(|p| chars.next() == Some(p))
}

/// True when the characters of `needle` appear in `hay` in order.
fn is_subsequence(needle: &str, hay: &str) -> bool {
    let mut hay = hay.chars();
    needle.chars().all(|n| hay.any(|h| h == n))
}

/// True when the number of the canonical label `canon` (its digits and inner dots) is `number`.
fn label_number_is(canon: &str, number: &str) -> bool {
    let digits = canon
        .char_indices()
        .filter(|(_, c)| c.is_ascii_digit() || *c == '.');
    // the number is the digits and dots with the outer dots trimmed, compared without copying
    let mut wanted = number.chars();
    let mut pending_dots = 0usize;
    let mut started = false;
    for (_, c) in digits {
        if c == '.' {
            if started {
                pending_dots += 1;
            }
            continue;
        }
        for _ in 0..std::mem::take(&mut pending_dots) {
            if wanted.next() != Some('.') {
                return false;
            }
        }
        started = true;
        if wanted.next() != Some(c) {
            return false;
        }
    }
    started && wanted.next().is_none()
}

/// The sections the live picker lists for `query`, best first, at most `limit`: by rank, and
/// within a rank the first after `current` first (wrapping around), as `:` Enter walks them.
pub fn ranked(
    doc: &Document,
    query: &Query,
    current: Option<usize>,
    limit: usize,
) -> Vec<(usize, MatchRank)> {
    let mut index = TitleIndex::default();
    index.update(doc);
    ranked_indexed(doc, &index, query, current, limit)
}

/// [`ranked`] title by title, with the labels read from `index` for the headings it has: what
/// [`ranked_indexed`] does when it cannot use the index, and what it must equal.
pub fn ranked_naive(
    doc: &Document,
    index: &TitleIndex,
    query: &Query,
    current: Option<usize>,
    limit: usize,
) -> Vec<(usize, MatchRank)> {
    let mut scratch = Scratch::default();
    let finders = Finders::new(query);
    let after = current.map_or(0, |c| c + 1);
    // keys sort best first: rank, then "before `after`" (false first), then document order;
    // the heap keeps the `limit` best seen so far, its worst on top
    let mut best: BinaryHeap<(MatchRank, bool, usize)> = BinaryHeap::with_capacity(limit + 1);
    for i in 0..doc.sections.len() {
        let title = doc.section_title(i);
        let rank = if i < index.len() {
            query.rank_labelled(title, index.label(i), &finders, &mut scratch)
        } else {
            query.rank_with(title, &mut scratch)
        };
        let Some(r) = rank else { continue };
        let key = (r, i < after, i);
        if best.len() < limit {
            best.push(key);
        } else if best.peek().is_some_and(|worst| key < *worst) {
            best.pop();
            best.push(key);
        }
    }
    best.into_sorted_vec()
        .into_iter()
        .map(|(r, _, i)| (i, r))
        .collect()
}

/// Every section of `doc` matching `query`, in document order, with its rank.
pub fn matches(doc: &Document, query: &Query) -> Vec<(usize, MatchRank)> {
    let mut scratch = Scratch::default();
    (0..doc.sections.len())
        .filter_map(|i| {
            query
                .rank_with(doc.section_title(i), &mut scratch)
                .map(|r| (i, r))
        })
        .collect()
}

/// The section `:` goes to: among the matches of the best rank, the first after `current`
/// (wrapping around), so that repeating the same query walks through them.
pub fn best_after(doc: &Document, query: &Query, current: Option<usize>) -> Option<usize> {
    best_match_after(doc, query, current).map(|(i, _)| i)
}

/// [`best_after`] with the rank of the match.
pub fn best_match_after(
    doc: &Document,
    query: &Query,
    current: Option<usize>,
) -> Option<(usize, MatchRank)> {
    let found = matches(doc, query);
    let best = found.iter().map(|&(_, r)| r).min()?;
    let ranked = found.iter().filter(|&&(_, r)| r == best).map(|&(i, _)| i);
    let after = current.map_or(0, |c| c + 1);
    ranked
        .clone()
        .find(|&i| i >= after)
        .or_else(|| ranked.clone().next())
        .map(|i| (i, best))
}

/// The label (marker part) at the start of a heading title, if it has one.
pub fn label_of(title: &str) -> Option<&str> {
    let t = title.trim_start();
    let first = t.chars().next()?;
    let len = match first {
        '第' => division_label(t),
        '卷' => numeral_len(t.get('卷'.len_utf8()..)?).map(|n| '卷'.len_utf8() + n),
        '（' | '(' => bracket_label(t),
        '0'..='9' | '０'..='９' => decimal_label(t),
        'A'..='Z' if t.get(1..2) == Some(".") => decimal_label(t),
        'A'..='Z' | 'a'..='z' => latin_label(t),
        c if numerals::parse_circled(t).is_some() => Some(c.len_utf8()),
        _ => numerals::parse_cjk(t).and_then(|(_, n)| {
            let after = t.get(n..)?.chars().next()?;
            matches!(after, '、' | '．' | '.').then(|| n + after.len_utf8())
        }),
    }?;
    t.get(..len)
}

/// The canonical form of a label or query (see the module doc).
pub fn canonical_label(label: &str) -> String {
    let mut out = String::new();
    canonical_label_into(label, &mut out);
    out
}

/// [`canonical_label`] written into `out` (cleared first).
fn canonical_label_into(label: &str, out: &mut String) {
    out.clear();
    // spaces inside a numeral (`五 百`) must go before it is read: the rare label with inner
    // spaces is squeezed into a copy
    let squeezed: String;
    let s = if label.trim().contains(char::is_whitespace) {
        squeezed = label.chars().filter(|c| !c.is_whitespace()).collect();
        squeezed.as_str()
    } else {
        label.trim()
    };
    let s = s.strip_prefix('第').unwrap_or(s);
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if is_cjk_numeral(c)
            && let Some((value, used)) = numerals::parse_cjk(rest)
        {
            out.push_str(&value.to_string());
            rest = rest.get(used..).unwrap_or("");
            continue;
        }
        out.push(match c {
            '０'..='９' => char::from(b'0' + (u32::from(c) - u32::from('０')) as u8),
            '（' => '(',
            '）' => ')',
            '．' => '.',
            '編' => '编',
            '條' => '条',
            '節' => '节',
            _ => c.to_ascii_lowercase(),
        });
        rest = rest.get(c.len_utf8()..).unwrap_or("");
    }
}

fn is_cjk_numeral(c: char) -> bool {
    "〇零一二两兩三四五六七八九十百千万萬".contains(c)
}

/// Bytes of a CJK or Arabic numeral at the start of `s`, after optional spaces.
fn numeral_len(s: &str) -> Option<usize> {
    let trimmed = s.trim_start();
    let spaces = s.len() - trimmed.len();
    numerals::parse_any(trimmed).map(|(_, n)| spaces + n)
}

/// `第X编`, `第 12 條`, `第4-1条`, `第十条之一`.
fn division_label(t: &str) -> Option<usize> {
    let mut at = '第'.len_utf8();
    at += numeral_len(t.get(at..)?)?;
    let rest = t.get(at..)?;
    if let Some(after) = rest.strip_prefix(['-', '－'])
        && let Some((_, n)) = numerals::parse_digits(after)
    {
        at += rest.len() - after.len() + n;
    }
    let rest = t.get(at..)?;
    let trimmed = rest.trim_start();
    at += rest.len() - trimmed.len();
    let unit = DIVISION_UNITS.iter().find(|u| trimmed.starts_with(*u))?;
    at += unit.len();
    if let Some(tail) = t.get(at..)?.strip_prefix('之')
        && let Some((_, n)) = numerals::parse_any(tail)
    {
        at += '之'.len_utf8() + n;
    }
    Some(at)
}

/// `（四）`, `(12)`: the brackets around a short number.
fn bracket_label(t: &str) -> Option<usize> {
    let open = t.chars().next()?.len_utf8();
    let inner = t.get(open..)?;
    let n = numeral_len(inner)?;
    let after = inner.get(n..)?;
    let trimmed = after.trim_start();
    let close = trimmed.chars().next().filter(|c| matches!(c, '）' | ')'))?;
    Some(open + n + (after.len() - trimmed.len()) + close.len_utf8())
}

/// `2.3`, `4.8.6.1.`, `A.1`, `1、`, `１．`.
fn decimal_label(t: &str) -> Option<usize> {
    let mut at = 0;
    let mut chars = t.char_indices().peekable();
    if let Some(&(_, c)) = chars.peek()
        && c.is_ascii_uppercase()
    {
        chars.next();
        at = 1;
    }
    let mut last_digit = at > 0;
    for (i, c) in chars {
        match c {
            '0'..='9' | '０'..='９' => last_digit = true,
            '.' | '．' if last_digit => last_digit = false,
            '、' if last_digit => {
                at = i + c.len_utf8();
                break;
            }
            _ => break,
        }
        at = i + c.len_utf8();
    }
    (at > 0).then_some(at)
}

/// `Chapter 3`, `Appendix A`, `PART II`: a word and a short number or letter after it.
fn latin_label(t: &str) -> Option<usize> {
    let word = t.find(|c: char| !c.is_ascii_alphabetic())?;
    let rest = t.get(word..)?;
    let trimmed = rest.trim_start_matches(' ');
    if trimmed.len() == rest.len() {
        return None;
    }
    let number = trimmed
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(trimmed.len());
    let token = trimmed.get(..number)?;
    let numeric = token.chars().all(|c| c.is_ascii_digit())
        || numerals::parse_roman(token).is_some_and(|(_, n)| n == token.len())
        || token.len() == 1;
    (number > 0 && number <= 6 && numeric).then(|| word + (rest.len() - trimmed.len()) + number)
}

#[cfg(test)]
mod tests;
