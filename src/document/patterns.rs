//! The heading families of plain-text documents, as data: what a paragraph's opening looks like,
//! which [`Marker`] and [`Family`] it is, and its [`Rank`] in the hierarchy.
//!
//! Ranks follow GB/T 9704—2012 §7.3.3 and the conventions of laws, novels, specifications and
//! RFCs (smaller is higher):
//!
//! | rank | family | openings |
//! |---|---|---|
//! | 10 | division | `第X编/編/部分/篇/卷/部`, `卷X`, `PART II`, `Book 2` |
//! | 20 | division | `第X分编` |
//! | 30 | division | `第X章/回`, `Chapter 3` |
//! | 40 / 44 / 46 | division | `第X节/節`, `第X款`, `第X目` |
//! | 50 | division | `第X条/條` (articles: `第 12 條`, `第 4-1 條`, `第十条之一`) |
//! | 55 + depth | decimal | `1` `1.` `4.2` `4.8.6.1.` `A.1` (and `Appendix A`, `附录 A` at depth 1) |
//! | 70 … 110 | official | `一、` › `（一）` › `1.` › `（1）` › `①` |
//! | float | named | `序言` `前言` `楔子` `附则` `后记` `内容简介` … (the top rank in use) |
//! | leaf | point | `——…`, `一是…`, `第一，…`, `首先，…` (one level below the enclosing heading) |
//! | leaf | number line | a line holding only `1`, `01`, `一` (a numbered section of its chapter) |
//!
//! Classification looks only at the paragraph's opening and at where its first sentence ends, so
//! it costs a few dozen byte comparisons per paragraph whatever its length. Whether a candidate
//! becomes a heading is decided with the document's evidence in [`super::structure`].

mod latin;

pub use latin::{DECIMAL_DEPTH1_SCOPE, decimal_path};

use super::Marker;
use super::numerals;
use std::sync::OnceLock;

/// Position in the heading hierarchy: smaller is higher (closer to the root).
pub type Rank = u8;

/// Rank of decimal numbers of depth 1 minus one: `4.2` has rank `RANK_DECIMAL_BASE + 2`.
pub const RANK_DECIMAL_BASE: Rank = 55;
/// Deepest decimal number read (`1.2.3.4.5.6.7.8`).
pub const DECIMAL_MAX_DEPTH: u8 = 8;
/// Rank of the official markers (GB/T 9704).
const RANK_CJK_NUMBER: Rank = 70;
const RANK_PAREN_CJK: Rank = 80;
/// Rank of the GB/T `1.` (below `（一）`); in a document that numbers decimally, `1.` is
/// decimal depth 1 instead (decided in [`super::structure`]).
pub const RANK_NUMBER: Rank = 90;
const RANK_PAREN_NUMBER: Rank = 100;
const RANK_CIRCLED: Rank = 110;
/// Rank of leaves (points, number lines): below anything that can enclose them.
pub const RANK_LEAF: Rank = 250;

/// How a candidate earns its place in the tree: the evidence rules of
/// [`super::structure`] are per family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `第X编/章/节/条/回…`, `Chapter 3`, `PART II`: numbered divisions, strong on their own.
    Division,
    /// `一、` `（一）` `1.` `（1）` `①`: a sequence among siblings; clauses inside a law article.
    Official,
    /// `1` / `1.1` / `4.2.1` / `A.1` and appendices: depth by components, standalone lines only.
    Decimal,
    /// Named divisions (`序言`, `附则`, `后记`, `Preface` …): the top rank in use.
    Named,
    /// `——`, `一是`, `第一，`, `首先，`: a run of points one level below the enclosing heading.
    Point,
    /// A bare number on a line of its own: a numbered section of the heading that encloses it.
    NumberLine,
}

/// A heading candidate found at a paragraph's opening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// How it is judged.
    pub family: Family,
    /// The pattern.
    pub marker: Marker,
    /// Its rank (for [`Family::Named`] the default, replaced by the top rank in use).
    pub rank: Rank,
    /// Its number in its sequence (0 for unnumbered ones; for points, the position in the run).
    pub number: u32,
    /// Sequence scope: numbers continue only among candidates with the same scope (decimal:
    /// a hash of the leading components, so `4.2` follows `4.1` and not `3.1`).
    pub scope: u32,
    /// Number of components of a decimal number (1 otherwise).
    pub depth: u8,
    /// A decimal number's own path (a hash of all its components): the scope of its children.
    pub path: u32,
    /// Bytes of the title from the paragraph start.
    pub title_len: u32,
    /// Bytes of the heading part (the title and its closing punctuation).
    pub heading_len: u32,
    /// The whole paragraph is a short heading line.
    pub standalone: bool,
}

/// What a paragraph's opening says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Candidate {
    /// Nothing special.
    None,
    /// A table-of-contents label: `目录`, `目次`, `Table of Contents`, `Contents`.
    Toc,
    /// A heading candidate.
    Heading(Found),
}

/// Units after `第` + numeral, longest first, with their marker and rank.
const DIVISION_UNITS: &[(&str, Marker, Rank)] = &[
    ("分编", Marker::SubPart, 20),
    ("分編", Marker::SubPart, 20),
    ("部分", Marker::Part, 10),
    ("编", Marker::Part, 10),
    ("編", Marker::Part, 10),
    ("篇", Marker::Part, 10),
    ("卷", Marker::Part, 10),
    ("部", Marker::Part, 10),
    ("章", Marker::Chapter, 30),
    ("回", Marker::Chapter, 30),
    ("节", Marker::Subsection, 40),
    ("節", Marker::Subsection, 40),
    ("款", Marker::Item, 44),
    ("目", Marker::Subitem, 46),
    ("条", Marker::Article, 50),
    ("條", Marker::Article, 50),
];

/// Parts of a book named by their place (`上部 面壁者`, `下卷`), on a short line of their own.
const PLACED_PARTS: &[&str] = &[
    "上部", "中部", "下部", "上卷", "中卷", "下卷", "上篇", "中篇", "下篇", "上册", "中册", "下册",
];

/// Division words that take their number after them (`卷一`, `卷二 风起`).
const PREFIX_UNITS: &[(&str, Marker, Rank)] = &[("卷", Marker::Part, 10)];

/// Unnumbered divisions, headings only on a short line of their own (spaces inside allowed:
/// `序　　言`). Multi-character names may be followed by a short title (`楔子　张天师…`).
const NAMED_DIVISIONS: &[&str] = &[
    "序言",
    "前言",
    "引言",
    "导言",
    "導言",
    "绪论",
    "緒論",
    "绪言",
    "楔子",
    "引子",
    "序章",
    "序幕",
    "尾声",
    "尾聲",
    "后记",
    "後記",
    "附则",
    "附則",
    "附录",
    "附錄",
    "结语",
    "結語",
    "结束语",
    "编后记",
    "自序",
    "代序",
    "译序",
    "譯序",
    "卷首语",
    "出版说明",
    "内容简介",
    "內容簡介",
    "作品简介",
    "简介",
    "番外",
    "序",
    "跋",
];

/// Paragraph openings that make a point of a run (`首先，…其次，…最后，`), with their position.
/// `最后` takes any position after the first.
const ORDINAL_WORDS: &[(&str, u32)] = &[
    ("首先", 1),
    ("其次", 2),
    ("再次", 3),
    ("然后", 3),
    ("最后", u32::MAX),
    ("最後", u32::MAX),
];

/// Sequence scope of `第一，` points, apart from `首先，` points.
const ORDINAL_NUMBERED: u32 = 1;
/// Sequence scope of `首先，` … `最后，` points.
const ORDINAL_WORDED: u32 = 2;

/// Longest line (in characters) that counts as "standing alone" as a heading.
pub const STANDALONE_MAX_CHARS: usize = 40;
/// Longest title kept, in characters; longer first sentences are cut here.
pub const TITLE_MAX_CHARS: usize = 100;

/// Classifies a trimmed paragraph by its opening.
pub fn classify(text: &str) -> Candidate {
    let Some(first) = text.chars().next() else {
        return Candidate::None;
    };
    match first {
        '第' => numbered_division(text)
            .or_else(|| ordinal_point(text))
            .map_or(Candidate::None, Candidate::Heading),
        '（' | '(' => parenthesised(text),
        '—' => dash(text),
        '目' => toc(text),
        '0'..='9' | '０'..='９' => number(text),
        '\u{2460}'..='\u{2473}' | '\u{3251}'..='\u{325F}' | '\u{32B1}'..='\u{32BF}' => {
            circled(text)
        }
        'A'..='Z' | 'a'..='z' => latin::classify(text),
        _ => cjk_opening(text),
    }
}

/// `(title_len, heading_len)`: the title ends before the first `。！？：`, trailing whitespace
/// removed, at most [`TITLE_MAX_CHARS`]; the heading part includes that punctuation.
pub fn cut_title(text: &str) -> (usize, usize) {
    let stop = text
        .char_indices()
        .find(|&(_, c)| matches!(c, '。' | '！' | '？' | '：'));
    let (title_end, heading_end) = match stop {
        Some((i, c)) => (i, i + c.len_utf8()),
        None => (text.len(), text.len()),
    };
    let title = text.get(..title_end).unwrap_or("").trim_end();
    let capped = title
        .char_indices()
        .nth(TITLE_MAX_CHARS)
        .map_or(title.len(), |(i, _)| i);
    if capped < title.len() {
        (capped, capped)
    } else {
        (title.len(), heading_end)
    }
}

/// A candidate of `family` whose title is cut by [`cut_title`].
fn found(text: &str, family: Family, marker: Marker, rank: Rank, number: u32) -> Found {
    let (title_len, heading_len) = cut_title(text);
    let standalone = heading_len >= text.len() && text.chars().count() <= STANDALONE_MAX_CHARS;
    Found {
        family,
        marker,
        rank,
        number,
        scope: 0,
        depth: 1,
        path: 0,
        title_len: title_len as u32,
        heading_len: heading_len as u32,
        standalone,
    }
}

/// Spaces between a marker and its title (U+3000 included: it is Unicode white space).
fn is_space(c: char) -> bool {
    c.is_whitespace()
}

fn skip_spaces(s: &str) -> &str {
    s.trim_start_matches(is_space)
}

/// `第X章 …`, `第 12 條`, `第 4-1 條`, `第四章之一 …`, `第1章：标题`, `第X条　…`.
fn numbered_division(text: &str) -> Option<Found> {
    let rest = skip_spaces(text.get('第'.len_utf8()..)?);
    let (number, used) = numerals::parse_any(rest)?;
    let mut rest = skip_spaces(rest.get(used..)?);
    // an inserted article or division numbered `4-1`
    if let Some(after) = rest.strip_prefix(['-', '－', '—'])
        && let Some((_, used)) = numerals::parse_digits(after)
    {
        rest = skip_spaces(after.get(used..)?);
    }
    let &(unit, marker, rank) = DIVISION_UNITS.iter().find(|(u, ..)| rest.starts_with(u))?;
    let mut after = rest.get(unit.len()..)?;
    // an inserted division: `第四章之一`, `第十条之二`
    if let Some(tail) = after.strip_prefix('之')
        && let Some((_, used)) = numerals::parse_any(tail)
    {
        after = tail.get(used..)?;
    }
    let article = marker == Marker::Article;
    let ok = match after.chars().next() {
        // the end, a space, a colon, or `（刪除）` right after the unit
        None | Some('：' | ':' | '（' | '(') => true,
        Some(c) if is_space(c) => true,
        // `第一章、总则`, `第1章-标题`, `第1章.标题`; never for articles (`第十条、第十一条…`)
        Some('、' | '．' | '.' | '-' | '—' | '－') => !article,
        // text right after the unit: only a short title line, never an article
        Some(_) => {
            !article
                && text.chars().count() <= STANDALONE_MAX_CHARS
                && !text.contains(['。', '！', '？', '，', '；'])
        }
    };
    ok.then(|| found(text, Family::Division, marker, rank, number))
}

/// `卷一`, `卷二　风起云涌`.
fn prefixed_division(text: &str) -> Option<Found> {
    for &(unit, marker, rank) in PREFIX_UNITS {
        let Some(rest) = text.strip_prefix(unit) else {
            continue;
        };
        let (number, used) = numerals::parse_any(skip_spaces(rest))?;
        let after = skip_spaces(rest).get(used..)?;
        let alone = after.chars().all(is_space);
        let titled = after.starts_with(is_space) || after.starts_with(['：', ':']);
        if (alone || titled)
            && text.chars().count() <= STANDALONE_MAX_CHARS
            && !text.contains(['。', '，', '；'])
        {
            return Some(found(text, Family::Division, marker, rank, number));
        }
    }
    None
}

/// `上部 面壁者`, `下卷`.
fn placed_part(text: &str) -> Option<Found> {
    let name = PLACED_PARTS.iter().find(|p| text.starts_with(*p))?;
    let after = text.get(name.len()..)?;
    let ok = (after.is_empty() || after.starts_with(is_space))
        && text.chars().count() <= STANDALONE_MAX_CHARS / 2
        && !text.contains(['。', '，', '；', '：']);
    let number = PLACED_PARTS.iter().position(|p| p == name)? as u32 % 3 + 1;
    ok.then(|| found(text, Family::Division, Marker::Part, 10, number))
}

/// `（一）`, `(一)`, `（1）`, `(1)`.
fn parenthesised(text: &str) -> Candidate {
    let open = text.chars().next().map_or(0, char::len_utf8);
    let rest = text.get(open..).unwrap_or("");
    let (number, used, marker, rank) = if let Some((n, used)) = numerals::parse_cjk(rest) {
        (n, used, Marker::ParenCjkNumber, RANK_PAREN_CJK)
    } else if let Some((n, used)) = numerals::parse_digits(rest) {
        (n, used, Marker::ParenNumber, RANK_PAREN_NUMBER)
    } else {
        return Candidate::None;
    };
    let rest = rest.get(used..).unwrap_or("");
    let Some(after) = rest.strip_prefix('）').or_else(|| rest.strip_prefix(')')) else {
        return Candidate::None;
    };
    if !has_title(after) {
        return Candidate::None;
    }
    Candidate::Heading(found(text, Family::Official, marker, rank, number))
}

/// `1.`, `1．`, `1、` (official), `1` / `4.2` / `4.8.6.1.` (decimal), a bare `12` (number line)
/// — but not `1.5亿元` or `2019年`.
fn number(text: &str) -> Candidate {
    if let Some(f) = latin::decimal(text) {
        return Candidate::Heading(f);
    }
    let Some((n, used)) = numerals::parse_digits(text) else {
        return Candidate::None;
    };
    let rest = text.get(used..).unwrap_or("");
    if rest.chars().all(is_space) {
        return Candidate::Heading(number_line(text, n));
    }
    let Some(after) = rest.strip_prefix(['.', '．', '、']) else {
        return Candidate::None;
    };
    match after.chars().next() {
        Some(c) if c.is_ascii_digit() || ('０'..='９').contains(&c) => return Candidate::None,
        _ => {}
    }
    if !has_title(after) {
        return Candidate::None;
    }
    // `1. Introduction` may be decimal depth 1 too: the structure pass decides by the document
    Candidate::Heading(found(
        text,
        Family::Official,
        Marker::Number,
        RANK_NUMBER,
        n,
    ))
}

/// A line holding only a number.
fn number_line(text: &str, n: u32) -> Found {
    Found {
        family: Family::NumberLine,
        marker: Marker::NumberLine,
        rank: RANK_LEAF,
        number: n,
        scope: 0,
        depth: 1,
        path: 0,
        title_len: text.len() as u32,
        heading_len: text.len() as u32,
        standalone: true,
    }
}

/// `①` …
fn circled(text: &str) -> Candidate {
    let Some((n, used)) = numerals::parse_circled(text) else {
        return Candidate::None;
    };
    if !has_title(text.get(used..).unwrap_or("")) {
        return Candidate::None;
    }
    let f = found(text, Family::Official, Marker::Circled, RANK_CIRCLED, n);
    // inline, `①…②…` is a footnote block, not a heading
    if f.standalone {
        Candidate::Heading(f)
    } else {
        Candidate::None
    }
}

/// `——` opening a paragraph (not a rule of dashes).
fn dash(text: &str) -> Candidate {
    let Some(after) = text.strip_prefix("——") else {
        return Candidate::None;
    };
    if after.starts_with('—') || !has_title(after) {
        return Candidate::None;
    }
    Candidate::Heading(point(text, Marker::Dash, 0))
}

fn point(text: &str, marker: Marker, number: u32) -> Found {
    let mut f = found(text, Family::Point, marker, RANK_LEAF, number);
    f.standalone = false;
    f
}

/// `第一，…`, `第二，…` at a paragraph's start.
fn ordinal_point(text: &str) -> Option<Found> {
    let rest = text.get('第'.len_utf8()..)?;
    let (n, used) = numerals::parse_cjk(rest)?;
    let after = rest.get(used..)?.strip_prefix(['，', ','])?;
    has_title(after).then(|| {
        let mut f = point(text, Marker::Ordinal, n);
        f.scope = ORDINAL_NUMBERED;
        f
    })
}

/// `目录`, `目　　录`, `目次`.
fn toc(text: &str) -> Candidate {
    if text.chars().count() > 8 {
        return Candidate::None;
    }
    let squeezed: String = text.chars().filter(|&c| !is_space(c)).collect();
    if matches!(squeezed.as_str(), "目录" | "目次" | "目錄") {
        Candidate::Toc
    } else {
        Candidate::None
    }
}

/// A download site's word before the chapter line: `正文 第一章 白纸人`.
const TEXT_START: &str = "正文";

/// True when `c` may begin one of the openings of [`cjk_opening_of`]: a CJK numeral or the
/// first character of a word in its tables. Most paragraphs of a book begin with neither, and
/// one lookup turns them away before a score of prefix comparisons.
fn may_open_cjk(c: char) -> bool {
    // one bit per character, by its code point modulo the map's size: a lookup with few false
    // positives (the words' first characters are a few dozen), settled by the sorted list
    static FIRST_CHARS: OnceLock<(Vec<char>, [u64; 32])> = OnceLock::new();
    let (first_chars, bitmap) = FIRST_CHARS.get_or_init(|| {
        let words = ORDINAL_WORDS
            .iter()
            .map(|&(w, _)| w)
            .chain(PREFIX_UNITS.iter().map(|&(unit, ..)| unit))
            .chain(PLACED_PARTS.iter().copied())
            .chain(NAMED_DIVISIONS.iter().copied())
            .chain(latin::APPENDIX_WORDS.iter().copied())
            .chain([TEXT_START]);
        let mut chars: Vec<char> = words.filter_map(|w| w.chars().next()).collect();
        chars.sort_unstable();
        chars.dedup();
        let mut bitmap = [0u64; 32];
        for &c in &chars {
            let bit = c as usize % 2048;
            bitmap[bit / 64] |= 1 << (bit % 64);
        }
        (chars, bitmap)
    });
    let bit = c as usize % 2048;
    numerals::is_cjk_numeral(c)
        || (bitmap[bit / 64] & (1 << (bit % 64)) != 0 && first_chars.binary_search(&c).is_ok())
}

/// Openings that start with a CJK character: `一、`, `一是`, `首先，`, `卷一`, a lone `一`, named
/// divisions.
fn cjk_opening(text: &str) -> Candidate {
    if text.chars().next().is_some_and(may_open_cjk) {
        cjk_opening_of(text)
    } else {
        Candidate::None
    }
}

/// [`cjk_opening`] without the first-character test.
fn cjk_opening_of(text: &str) -> Candidate {
    if let Some((n, used)) = numerals::parse_cjk(text) {
        let rest = text.get(used..).unwrap_or("");
        if rest.chars().all(is_space) && used <= 4 * 3 {
            return Candidate::Heading(number_line(text, n));
        }
        if let Some(after) = rest.strip_prefix('、') {
            if has_title(after)
                && !after.starts_with(|c: char| {
                    numerals::parse_cjk(c.encode_utf8(&mut [0; 4])).is_some()
                })
            {
                return Candidate::Heading(found(
                    text,
                    Family::Official,
                    Marker::CjkNumber,
                    RANK_CJK_NUMBER,
                    n,
                ));
            }
            return Candidate::None;
        }
        if rest.strip_prefix('是').is_some_and(has_title) {
            return Candidate::Heading(point(text, Marker::Enumerated, n));
        }
        return Candidate::None;
    }
    for &(word, n) in ORDINAL_WORDS {
        if let Some(after) = text.strip_prefix(word)
            && after.strip_prefix(['，', ',']).is_some_and(has_title)
        {
            let mut f = point(text, Marker::Ordinal, n);
            f.scope = ORDINAL_WORDED;
            return Candidate::Heading(f);
        }
    }
    if let Some(f) = prefixed_division(text).or_else(|| placed_part(text)) {
        return Candidate::Heading(f);
    }
    // a download site's `正文` before the chapter line: `正文 第一章 白纸人`
    if let Some(rest) = text.strip_prefix(TEXT_START)
        && skip_spaces(rest).starts_with('第')
        && let Some(mut f) = numbered_division(skip_spaces(rest))
    {
        let offset = (text.len() - skip_spaces(rest).len()) as u32;
        f.title_len += offset;
        f.heading_len += offset;
        return Candidate::Heading(f);
    }
    if let Some(f) = latin::appendix(text) {
        return Candidate::Heading(f);
    }
    named_division(text).map_or(Candidate::None, Candidate::Heading)
}

/// `序言`, `序　　言`, `楔子　张天师祈禳瘟疫`, `附则`, `番外一　重逢` …
fn named_division(text: &str) -> Option<Found> {
    // cheap rejections first: this runs for most paragraphs
    if text.len() > 4 * STANDALONE_MAX_CHARS || !text.starts_with(|c: char| !c.is_ascii()) {
        return None;
    }
    if text.chars().count() > STANDALONE_MAX_CHARS
        || text.contains(['。', '，', '；', '！', '？', '：'])
    {
        return None;
    }
    for name in NAMED_DIVISIONS {
        let Some(after) = match_spaced(text, name) else {
            continue;
        };
        let alone = after.chars().all(is_space);
        let multi = name.chars().count() > 1;
        let titled = multi && after.starts_with(is_space);
        let numbered = multi && numerals::parse_any(after).is_some();
        if alone || titled || numbered {
            let mut f = found(text, Family::Named, Marker::Division, 30, 0);
            f.standalone = true;
            return Some(f);
        }
    }
    None
}

/// Matches `name` at the start of `text` allowing spaces between its characters; returns the
/// text after it.
fn match_spaced<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = text;
    for (i, c) in name.chars().enumerate() {
        if i > 0 {
            rest = rest.trim_start_matches(is_space);
        }
        rest = rest.strip_prefix(c)?;
    }
    Some(rest)
}

/// A heading marker must be followed by some title text.
fn has_title(after: &str) -> bool {
    after.chars().any(|c| !is_space(c))
}

#[cfg(test)]
mod tests;
