//! Pinyin of heading titles, for the `:` matcher's [`MatchRank::Pinyin`](super::MatchRank)
//! rank: `jd` and `jiandu` find `监督`.
//!
//! A query of lowercase ASCII letters matches a run of consecutive title characters when it is
//! the concatenation of a non-empty prefix of each character's syllable: the initials (`jd`),
//! the full syllables (`jiandu`) or any mix (`jiand`, `jdu`). A character's syllable is its most
//! common reading, from the `pinyin` crate (plain, no tone); an ASCII letter or digit stands for
//! itself; whitespace is skipped; anything else (punctuation) ends a run.

use pinyin::ToPinyin;

/// Marks a character with no syllable in an initials string: no query letter equals it.
pub const NO_INITIAL: u8 = 0;

/// The syllable of `c`: its pinyin for a Han character, the lowercase character for an ASCII
/// letter or digit, `None` otherwise.
fn syllable(c: char, ascii: &mut [u8; 1]) -> Option<&[u8]> {
    if c.is_ascii_alphanumeric() {
        ascii[0] = c.to_ascii_lowercase() as u8;
        return Some(&ascii[..]);
    }
    c.to_pinyin().map(|p| p.plain().as_bytes())
}

/// The first letter of `c`'s syllable, or [`NO_INITIAL`].
pub fn initial(c: char) -> u8 {
    if c.is_ascii_alphanumeric() {
        return c.to_ascii_lowercase() as u8;
    }
    c.to_pinyin()
        .and_then(|p| p.plain().bytes().next())
        .unwrap_or(NO_INITIAL)
}

/// True when `query` could be pinyin: lowercase ASCII letters only.
pub fn is_pinyin_query(query: &str) -> bool {
    !query.is_empty() && query.bytes().all(|b| b.is_ascii_lowercase())
}

/// True when `query` (lowercase letters) is spelt by the characters of `chars` from the first
/// one on, each giving a non-empty prefix of its syllable. Whitespace in `chars` is skipped.
pub fn spelt_from<I>(query: &[u8], mut chars: I) -> bool
where
    I: Iterator<Item = char> + Clone,
{
    if query.is_empty() {
        return true;
    }
    let Some(c) = chars.find(|c| !c.is_whitespace()) else {
        return false;
    };
    let mut ascii = [0u8; 1];
    let Some(syl) = syllable(c, &mut ascii) else {
        return false;
    };
    let common = query.iter().zip(syl).take_while(|(q, s)| q == s).count();
    // the longest share first: `jiandu` takes all of `jian` before trying `jia`
    (1..=common)
        .rev()
        .any(|k| spelt_from(&query[k..], chars.clone()))
}

/// True when some run of `title`'s characters spells `query` (see the module doc).
pub fn spelt_in(query: &[u8], title: &str) -> bool {
    let Some(&first) = query.first() else {
        return false;
    };
    title.char_indices().any(|(at, c)| {
        initial(c) == first
            && title
                .get(at..)
                .is_some_and(|t| spelt_from(query, t.chars()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_full_syllables_and_mixes_spell_a_run() {
        for q in ["jd", "jiandu", "jiand", "jdu", "jdjc", "jianduj", "dszjd"] {
            assert!(spelt_in(q.as_bytes(), "第十章　监督检查"), "{q}");
        }
        for q in ["jj", "jianduo", "jx", "x"] {
            assert!(!spelt_in(q.as_bytes(), "第十章　监督检查"), "{q}");
        }
    }

    #[test]
    fn latin_and_digits_stand_for_themselves_punctuation_ends_a_run() {
        assert!(spelt_in(b"gdpzz", "GDP增长"));
        assert!(!spelt_in(b"jd", "监，督"));
        assert!(spelt_in(b"jd", "监 督"));
    }

    #[test]
    fn initials_of_characters() {
        assert_eq!(initial('监'), b'j');
        assert_eq!(initial('A'), b'a');
        assert_eq!(initial('，'), NO_INITIAL);
        assert!(is_pinyin_query("jd"));
        assert!(!is_pinyin_query("jD"));
        assert!(!is_pinyin_query("5j"));
    }
}
