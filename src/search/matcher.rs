//! What a search looks for: a literal text (found with `memchr`, ASCII case folded by smart
//! case) or a regular expression (the `regex` crate on bytes, case-insensitive by smart case,
//! `^` and `$` at line ends). Both answer one question, [`Matcher::find_at`]: the leftmost match
//! starting at or after a position.

use memchr::memmem;

/// Whether the query is read as a regular expression or as the text itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Syntax {
    /// A regular expression (the `regex` crate's syntax).
    #[default]
    Regex,
    /// The text as typed.
    Literal,
}

impl Syntax {
    /// The other one.
    #[must_use]
    pub const fn toggled(self) -> Self {
        match self {
            Self::Regex => Self::Literal,
            Self::Literal => Self::Regex,
        }
    }
}

/// True when a query with this text ignores ASCII case: it has a Latin letter and no capital.
pub fn smart_caseless(query: &str) -> bool {
    query.chars().any(|c| c.is_ascii_alphabetic()) && !query.chars().any(char::is_uppercase)
}

/// A literal query.
#[derive(Debug)]
pub enum Needle {
    /// Byte for byte.
    Exact(Box<memmem::Finder<'static>>),
    /// ASCII letters of either case: the query's bytes, lowercased.
    Caseless(Vec<u8>),
}

impl Needle {
    pub fn new(query: &str) -> Self {
        if smart_caseless(query) {
            Self::Caseless(query.as_bytes().to_ascii_lowercase())
        } else {
            Self::Exact(Box::new(memmem::Finder::new(query.as_bytes()).into_owned()))
        }
    }

    /// The needle's bytes (lowercased when caseless).
    pub fn bytes(&self) -> &[u8] {
        match self {
            Self::Exact(f) => f.needle(),
            Self::Caseless(n) => n,
        }
    }

    /// The first match in `hay`.
    pub fn find(&self, hay: &[u8]) -> Option<usize> {
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
    pub fn rfind(&self, hay: &[u8]) -> Option<usize> {
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
}

/// The two cases of a caseless needle's first byte.
fn first_cases(needle: &[u8]) -> Option<(u8, u8)> {
    let &b = needle.first()?;
    Some((b.to_ascii_lowercase(), b.to_ascii_uppercase()))
}

/// A query ready to run.
#[derive(Debug)]
pub enum Matcher {
    /// Literal text: every place it starts is a match (overlapping ones too, as `n` visits
    /// them).
    Literal(Needle),
    /// A regular expression: matches as the `regex` crate finds them, one after another
    /// (not overlapping); an empty match counts once per position.
    Regex(Box<regex::bytes::Regex>),
}

/// Longest compiled regular expression accepted (the `regex` crate's own default is 10 MiB;
/// a query typed at a prompt needs far less).
const REGEX_SIZE_LIMIT: usize = 1 << 20;

impl Matcher {
    /// `query` read as `syntax`; an invalid regular expression is the `regex` crate's reason,
    /// on one line.
    pub fn new(query: &str, syntax: Syntax) -> Result<Self, String> {
        match syntax {
            Syntax::Literal => Ok(Self::Literal(Needle::new(query))),
            Syntax::Regex => regex::bytes::RegexBuilder::new(query)
                .case_insensitive(smart_caseless(query))
                .multi_line(true)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .map(|re| Self::Regex(Box::new(re)))
                .map_err(|e| one_line(&e.to_string())),
        }
    }

    /// The leftmost match in `hay` starting at or after `at`, as `(start, end)`. `hay` is the
    /// whole text up to some point, so that `^`, `$` and `\b` see what is around `at`.
    pub fn find_at(&self, hay: &[u8], at: usize) -> Option<(usize, usize)> {
        match self {
            Self::Literal(n) => {
                let s = at + n.find(hay.get(at..)?)?;
                Some((s, s + n.bytes().len()))
            }
            Self::Regex(re) => {
                // a match never starts inside a character (an empty match of `x*` could, and
                // so could `(?-u:\x80)`): the reader jumps to match starts
                let mut at = at;
                loop {
                    let m = re.find_at(hay, at)?;
                    if hay.get(m.start()).is_none_or(|&b| !is_continuation(b)) {
                        return Some((m.start(), m.end()));
                    }
                    at = m.start() + 1;
                }
            }
        }
    }

    /// Where looking for the next match goes on after the match `(start, end)`.
    pub fn resume_after(&self, (start, end): (usize, usize)) -> usize {
        match self {
            Self::Literal(_) => start + 1,
            Self::Regex(_) => end.max(start + 1),
        }
    }

    /// The length of a literal query (a regular expression's matches vary: 0).
    pub fn literal_len(&self) -> usize {
        match self {
            Self::Literal(n) => n.bytes().len(),
            Self::Regex(_) => 0,
        }
    }
}

/// True for a byte inside a UTF-8 character (not its first).
const fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// The `regex` crate's error, whose message spans lines (the pattern, a caret, the reason),
/// as its last line: the reason.
fn one_line(message: &str) -> String {
    message
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("invalid regular expression")
        .trim_start_matches("error: ")
        .to_owned()
}
