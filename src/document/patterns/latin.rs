//! Heading openings written with Latin letters and decimal numbers: `4.2.1  Title`,
//! `A.1.  Title`, `Chapter 3`, `PART II`, `Appendix A.`, `附录 A`, `Table of Contents`, and the
//! English named divisions (`Preface`, `Epilogue` …).

use super::{
    Candidate, DECIMAL_MAX_DEPTH, Family, Found, RANK_DECIMAL_BASE, Rank, STANDALONE_MAX_CHARS,
    found, has_title, is_space, skip_spaces,
};
use crate::document::{Marker, numerals};

/// English division words, any case, followed by a number (digits, Roman or a word).
const DIVISION_WORDS: &[(&str, Marker, Rank)] = &[
    ("part", Marker::Part, 10),
    ("book", Marker::Part, 10),
    ("volume", Marker::Part, 10),
    ("chapter", Marker::Chapter, 30),
    ("section", Marker::Subsection, 40),
    ("article", Marker::Article, 50),
];

/// English named divisions: headings only as a line of their own.
const NAMED_WORDS: &[&str] = &[
    "preface",
    "foreword",
    "prologue",
    "epilogue",
    "afterword",
    "introduction",
    "conclusion",
    "glossary",
    "bibliography",
];

/// Table-of-contents labels (the whole line, any case).
const TOC_LABELS: &[&str] = &["table of contents", "contents"];

/// Classifies a paragraph that opens with a Latin letter.
pub(super) fn classify(text: &str) -> Candidate {
    if is_toc_label(text) {
        return Candidate::Toc;
    }
    if let Some(f) = decimal(text)
        .or_else(|| division(text))
        .or_else(|| appendix(text))
    {
        return Candidate::Heading(f);
    }
    named(text).map_or(Candidate::None, Candidate::Heading)
}

fn is_toc_label(text: &str) -> bool {
    let t = text.trim_end_matches([':', ' ']);
    t.len() <= 20 && TOC_LABELS.iter().any(|l| t.eq_ignore_ascii_case(l))
}

/// FNV-1a offset basis: the hash of no components.
const PATH_SEED: u32 = 0x811C_9DC5;

/// The path of a decimal number whose leading components hash to `scope`, ending in `n`: the
/// scope of its own children.
pub const fn decimal_path(scope: u32, n: u32) -> u32 {
    (scope ^ n).wrapping_mul(0x0100_0193)
}

/// Appendix letters are hashed as `APPENDIX_BASE + n`, apart from the numbers.
const APPENDIX_BASE: u32 = 0x1000;

/// The scope of every depth-1 decimal number (`1`, `2.`, `Appendix A`).
pub const DECIMAL_DEPTH1_SCOPE: u32 = decimal_path(PATH_SEED, 0);

/// A decimal section number followed by a title: `4.2 Title`, `4.8.6.1.  Title`, `A.1. Title`,
/// `6 Title`. A single number with a dot (`1. Title`) is left to the official `1.` (the
/// structure pass reads it as decimal depth 1 in a document that numbers decimally).
pub(super) fn decimal(text: &str) -> Option<Found> {
    let bytes = text.as_bytes();
    let mut pos = 0;
    let mut depth: u8 = 0;
    let mut scope: u32 = PATH_SEED;
    let mut last = 0u32;
    let mut need_separator = false;
    // a letter-led appendix number: `A.1` (its letter hashed apart from the digits)
    if bytes.first().is_some_and(u8::is_ascii_uppercase)
        && matches!(bytes.get(1), Some(b'.'))
        && bytes.get(2).is_some_and(u8::is_ascii_digit)
    {
        scope = DECIMAL_DEPTH1_SCOPE;
        last = APPENDIX_BASE + u32::from(bytes[0] - b'A' + 1);
        depth = 1;
        pos = 2;
    } else if !bytes.first().is_some_and(u8::is_ascii_digit) && !text.starts_with(is_full_digit) {
        return None;
    }
    let mut trailing_dot = false;
    loop {
        let rest = text.get(pos..)?;
        if need_separator {
            // a separator, then another component
            let Some(after) = rest.strip_prefix(['.', '．']) else {
                break;
            };
            if numerals::parse_digits(after).is_none() {
                trailing_dot = true;
                pos += rest.len() - after.len();
                break;
            }
            pos += rest.len() - after.len();
        }
        let rest = text.get(pos..)?;
        let (n, used) = numerals::parse_digits(rest)?;
        scope = decimal_path(scope, last);
        last = n;
        depth += 1;
        pos += used;
        need_separator = true;
        if depth > DECIMAL_MAX_DEPTH {
            return None;
        }
    }
    let after = text.get(pos..)?;
    if depth == 1 && trailing_dot {
        return None; // `1.` is the official family's
    }
    // a title must follow, after a space (`2.3万亿元` and `2019年` are not headings)
    if !after.starts_with(is_space) || !has_title(after) {
        return None;
    }
    // a row of numbers (`1.5 2.5 3.5`) is no title; `10.1.1 100 Continue` is one
    if !skip_spaces(after).chars().any(char::is_alphabetic) {
        return None;
    }
    let mut f = found(text, Family::Decimal, Marker::Decimal, 0, last);
    f.depth = depth;
    f.rank = RANK_DECIMAL_BASE + depth;
    f.scope = scope;
    f.path = decimal_path(scope, last);
    Some(f)
}

fn is_full_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

/// `Chapter 3`, `CHAPTER IV: Title`, `Part Two`, `PART II`, `Book 1 - Title`.
fn division(text: &str) -> Option<Found> {
    let word_len = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    let word = text.get(..word_len)?;
    let &(_, marker, rank) = DIVISION_WORDS
        .iter()
        .find(|(w, ..)| w.eq_ignore_ascii_case(word))?;
    let rest = text.get(word_len..)?;
    if !rest.starts_with(' ') {
        return None;
    }
    let rest = skip_spaces(rest);
    let (number, used) = numerals::parse_digits(rest)
        .or_else(|| numerals::parse_roman(rest))
        .or_else(|| numerals::parse_english_word(rest))?;
    let after = rest.get(used..)?;
    if !ends_label(after)
        || starts_sentence(after)
        || text.chars().count() > STANDALONE_MAX_CHARS * 2
    {
        return None;
    }
    let mut f = found(text, Family::Division, marker, rank, number);
    f.standalone = !text.ends_with(['.', ',', ';']) || after.trim() == ".";
    Some(f)
}

/// What may follow a division's number: the end, a space, or `.`/`:`/`-` and a title.
fn ends_label(after: &str) -> bool {
    match after.chars().next() {
        None => true,
        Some(c) => is_space(c) || matches!(c, '.' | ':' | '-' | '—' | '：'),
    }
}

/// True when the words after a label run on as a sentence (`Appendix C contains …`): English
/// titles start with a capital.
fn starts_sentence(after: &str) -> bool {
    skip_spaces(after.trim_start_matches(['.', ':', '-', '—', '：']))
        .starts_with(|c: char| c.is_ascii_lowercase())
}

/// The Chinese words for an appendix (`附录 A`), simplified and traditional.
pub(super) const APPENDIX_WORDS: &[&str] = &["附录", "附錄"];

/// `Appendix A.`, `APPENDIX I - Title`, `附录 A.  Title`, `附录一`, `附錄 B`.
pub(super) fn appendix(text: &str) -> Option<Found> {
    let rest = if text
        .get(..8)
        .is_some_and(|h| h.eq_ignore_ascii_case("appendix"))
    {
        text.get(8..)?
    } else {
        APPENDIX_WORDS.iter().find_map(|w| text.strip_prefix(w))?
    };
    let spaced = skip_spaces(rest);
    let letter = spaced
        .bytes()
        .next()
        .filter(u8::is_ascii_uppercase)
        .filter(|_| {
            !spaced
                .as_bytes()
                .get(1)
                .is_some_and(u8::is_ascii_alphabetic)
        })
        .map(|b| (u32::from(b - b'A' + 1), 1));
    // `I`, `V`, `X` read as Roman numerals (`APPENDIX I`), other capitals as letters
    let (number, used) = numerals::parse_roman(spaced)
        .or(letter)
        .or_else(|| numerals::parse_any(spaced))?;
    let after = spaced.get(used..)?;
    if !ends_label(after)
        || starts_sentence(after)
        || text.chars().count() > STANDALONE_MAX_CHARS * 2
    {
        return None;
    }
    let mut f = found(text, Family::Named, Marker::Appendix, 30, number);
    f.scope = DECIMAL_DEPTH1_SCOPE;
    f.path = decimal_path(DECIMAL_DEPTH1_SCOPE, APPENDIX_BASE + number);
    f.standalone = !text.ends_with(['.', ',', ';']) || after.trim() == ".";
    Some(f)
}

/// `Preface`, `EPILOGUE` …: the whole line.
fn named(text: &str) -> Option<Found> {
    let t = text.trim_end();
    if t.len() > 14 || !NAMED_WORDS.iter().any(|w| w.eq_ignore_ascii_case(t)) {
        return None;
    }
    let mut f = found(text, Family::Named, Marker::Division, 30, 0);
    f.standalone = true;
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(text: &str) -> Option<(u8, u32)> {
        decimal(text).map(|f| (f.depth, f.number))
    }

    #[test]
    fn decimal_numbers_nest_by_their_components() {
        assert_eq!(dec("4.2 Local Offsets"), Some((2, 2)));
        assert_eq!(dec("4.8.6.1.  RFC 中的 URI"), Some((4, 1)));
        assert_eq!(dec("3.1.1.5.1. Deep"), Some((5, 1)));
        assert_eq!(dec("A.1.  Dispute Resolution"), Some((2, 1)));
        assert_eq!(dec("6 参考文献"), Some((1, 6)));
        assert_eq!(dec("１．２　范围"), Some((2, 2)));
        // the official family's, a number, an amount, a year
        assert_eq!(dec("1. Introduction"), None);
        assert_eq!(dec("2.3万亿元"), None);
        assert_eq!(dec("2019年"), None);
        assert_eq!(dec("1.5 2.5 3.5"), None);
        assert_eq!(dec("3.5"), None);
        let a = decimal("4.1 A").expect("4.1");
        let b = decimal("4.2 B").expect("4.2");
        let c = decimal("3.2 C").expect("3.2");
        assert_eq!(a.scope, b.scope);
        assert_ne!(b.scope, c.scope);
    }

    #[test]
    fn english_divisions_and_appendices() {
        let chapter = division("Chapter 3").expect("chapter");
        assert_eq!((chapter.marker, chapter.number), (Marker::Chapter, 3));
        assert_eq!(division("PART II").map(|f| f.number), Some(2));
        assert_eq!(division("Chapter Two: The Road").map(|f| f.number), Some(2));
        assert_eq!(division("Chapters are long"), None);
        assert_eq!(division("Part of the problem is"), None);
        assert_eq!(appendix("Appendix A. ISO 8601").map(|f| f.number), Some(1));
        assert_eq!(appendix("APPENDIX I - Notes").map(|f| f.number), Some(1));
        assert_eq!(
            appendix("附录 A.  Related Procedures").map(|f| f.number),
            Some(1)
        );
        assert_eq!(appendix("附录二").map(|f| f.number), Some(2));
        assert_eq!(appendix("Appendices are listed"), None);
        assert_eq!(appendix("Appendix C contains sample C code"), None);
        assert_eq!(division("Chapter 3 describes the method"), None);
        assert!(matches!(classify("Table of Contents"), Candidate::Toc));
        assert!(matches!(classify("CONTENTS"), Candidate::Toc));
        assert!(matches!(classify("Preface"), Candidate::Heading(_)));
        assert!(matches!(classify("Prefaces matter"), Candidate::None));
    }
}
