//! Character counts (字数) and reading time.
//!
//! The count follows what Chinese word processors call 字数, made precise: every CJK
//! character (ideographs, kana, Hangul, and any other letter outside the Latin-like scripts)
//! counts 1; a run of Latin letters, digits or full-width alphanumerics (a word or a number,
//! joined by `'._,:-`) counts 1; whitespace, punctuation, symbols and control characters count
//! 0. The hot loop handles the common 3-byte CJK ideographs and ASCII without decoding.

/// Counts the characters (字数) of `s` as described in the module doc.
///
/// One pass over the bytes: CJK ideographs (U+4E00–U+9FFF, lead bytes E4–E9) and ASCII are
/// handled without decoding; the common 3-byte punctuation blocks are decoded by hand.
pub fn count_chars(s: &str) -> u32 {
    let bytes = s.as_bytes();
    let mut count: u32 = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if is_ideograph_lead(b) {
            // A run of ideographs, four at a time: the text is valid UTF-8, so an E4–E9 byte
            // always starts a 3-byte character, and one test per four characters keeps the
            // branch predictor out of the common case (runs of ~10 between punctuation).
            count += 1;
            in_word = false;
            i += 3;
            while let Some(w) = bytes.get(i..i + 12) {
                if is_ideograph_lead(w[0])
                    & is_ideograph_lead(w[3])
                    & is_ideograph_lead(w[6])
                    & is_ideograph_lead(w[9])
                {
                    count += 4;
                    i += 12;
                } else {
                    break;
                }
            }
            while bytes.get(i).is_some_and(|&b| is_ideograph_lead(b)) {
                count += 1;
                i += 3;
            }
            continue;
        }
        if b < 0x80 {
            if b.is_ascii_alphanumeric() {
                count += u32::from(!in_word);
                in_word = true;
            } else if in_word && matches!(b, b'\'' | b'.' | b'_' | b',' | b':' | b'-') {
                // a joiner keeps the word open only when a word character follows
                in_word = bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric);
            } else {
                in_word = false;
            }
            i += 1;
            continue;
        }
        let class = if matches!(b, 0xE2 | 0xE3 | 0xEF) && i + 2 < bytes.len() {
            let cp = (u32::from(b & 0x0F) << 12)
                | (u32::from(bytes[i + 1] & 0x3F) << 6)
                | u32::from(bytes[i + 2] & 0x3F);
            i += 3;
            classify_bmp_common(cp).or_else(|| char::from_u32(cp).map(classify))
        } else {
            let c = s.get(i..).and_then(|t| t.chars().next());
            i += c.map_or(1, char::len_utf8);
            c.map(classify)
        };
        match class {
            Some(Class::Cjk) => {
                count += 1;
                in_word = false;
            }
            Some(Class::Word) => {
                count += u32::from(!in_word);
                in_word = true;
            }
            Some(Class::Mark) => {}
            Some(Class::None) | None => in_word = false,
        }
    }
    count
}

/// True when `after` starts in the middle of a word that `before` ends with: both sides of the
/// boundary are word characters (Latin letters, digits, full-width alphanumerics). A long line
/// cut into continuation paragraphs counts its words once this way: the piece after a cut
/// inside a word does not count that word again.
pub fn continues_word(before: &str, after: &str) -> bool {
    let is_word = |c: char| {
        c.is_ascii_alphanumeric() || (!c.is_ascii() && matches!(classify(c), Class::Word))
    };
    before.chars().next_back().is_some_and(is_word) && after.chars().next().is_some_and(is_word)
}

/// True for the lead bytes of U+4E00–U+9FFF (CJK Unified Ideographs), E4–E9.
const fn is_ideograph_lead(b: u8) -> bool {
    b.wrapping_sub(0xE4) < 6
}

enum Class {
    Cjk,
    Word,
    /// Combining marks: part of the previous character.
    Mark,
    None,
}

/// Table lookups for the common 3-byte blocks of Chinese text (punctuation, symbols,
/// full-width forms), so the general Unicode property tables are rarely consulted.
const fn classify_bmp_common(cp: u32) -> Option<Class> {
    Some(match cp {
        0x2000..=0x206F | 0x2190..=0x2BFF | 0x3000..=0x3006 | 0x3008..=0x303F => Class::None,
        0x2E80..=0x2FDF | 0x3007 | 0x3040..=0x31FF | 0x3400..=0x3FFF | 0xFF66..=0xFFDC => {
            Class::Cjk
        }
        0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 | 0xFFE0..=0xFFEE => {
            Class::None
        }
        0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => Class::Word,
        _ => return None,
    })
}

fn classify(c: char) -> Class {
    let cp = c as u32;
    match cp {
        // full-width digits and letters behave like Latin words
        0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => Class::Word,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F | 0xFE00..=0xFE0F => {
            Class::Mark
        }
        _ if c.is_whitespace() || c.is_control() => Class::None,
        // Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic … letters and digits form words
        0x00C0..=0x1FFF if c.is_alphanumeric() => Class::Word,
        _ if c.is_alphanumeric() => Class::Cjk,
        _ => Class::None,
    }
}

/// Minutes needed for `chars` characters at `rate` characters per minute (rounded up, at least
/// 1 for any non-empty text).
pub fn minutes(chars: u64, rate: u32) -> u64 {
    if chars == 0 || rate == 0 {
        return 0;
    }
    chars.div_ceil(u64::from(rate))
}

/// Bytes at the start of a document read to tell whether it is written in a CJK script.
pub const SCRIPT_SAMPLE_BYTES: usize = 64 * 1024;

/// Wide (CJK) characters and ASCII letters in `s`: what [`is_cjk_text`] weighs.
pub fn script_counts(s: &str) -> (u64, u64) {
    let mut wide = 0;
    let mut latin = 0;
    for c in s.chars() {
        if c.is_ascii_alphabetic() {
            latin += 1;
        } else if crate::display::char_width(c, crate::display::AmbiguousWidth::Narrow) == 2
            && c.is_alphabetic()
        {
            wide += 1;
        }
    }
    (wide, latin)
}

/// True when a text with these [`script_counts`] is written in a CJK script: a CJK
/// character stands for about a word, so one counts as much as three Latin letters.
pub const fn is_cjk_text((wide, latin): (u64, u64)) -> bool {
    wide > 0 && wide * 3 >= latin
}

/// Running totals of paragraph 字数, kept sparsely: one total per [`CharTotals::STRIDE`]
/// paragraphs, the rest summed from the paragraphs' own counts when asked. A dense table (one
/// `u64` per paragraph) cost 2 MB on the 100 MB novel for what the outline asks a few times a
/// frame; this costs 1/32 of that and at most 31 additions per question.
#[derive(Debug, Clone, Default)]
pub struct CharTotals {
    /// `every[k]` = characters in paragraphs `0..k * STRIDE`.
    every: Vec<u64>,
    /// Characters in all the paragraphs added so far.
    total: u64,
    /// Paragraphs added so far.
    len: usize,
}

impl CharTotals {
    /// Paragraphs per kept total.
    pub const STRIDE: usize = 32;

    /// Adds the counts of the next paragraphs, in order.
    pub fn extend(&mut self, counts: impl IntoIterator<Item = u32>) {
        for c in counts {
            if self.len.is_multiple_of(Self::STRIDE) {
                self.every.push(self.total);
            }
            self.total += u64::from(c);
            self.len += 1;
        }
    }

    /// Characters in the first `i` paragraphs (all of them past the end); `count(j)` is
    /// paragraph `j`'s own count, the one given to [`CharTotals::extend`].
    pub fn before(&self, i: usize, count: impl Fn(usize) -> u32) -> u64 {
        if i >= self.len {
            return self.total;
        }
        let k = i / Self::STRIDE;
        let base = self.every.get(k).copied().unwrap_or(0);
        base + (k * Self::STRIDE..i)
            .map(|j| u64::from(count(j)))
            .sum::<u64>()
    }

    /// Characters in every paragraph added.
    pub fn total(&self) -> u64 {
        self.total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_is_cjk_by_its_script_as_a_whole() {
        assert!(is_cjk_text(script_counts(
            "2019年，在上级的领导下，我们完成了任务。"
        )));
        assert!(is_cjk_text(script_counts(
            "使用 Rust 和 ratatui 编写的阅读器。"
        )));
        assert!(!is_cjk_text(script_counts("It was the best of times. 天")));
        assert!(!is_cjk_text(script_counts("2019 1234 ——")));
    }

    #[test]
    fn cjk_characters_count_one_each() {
        assert_eq!(count_chars("中华人民共和国"), 7);
    }

    #[test]
    fn punctuation_and_whitespace_do_not_count() {
        assert_eq!(count_chars("　　一、“两个维护”。……——！"), 5); // 一两个维护
        assert_eq!(count_chars(" \t\n，。；：？！（）《》"), 0);
    }

    #[test]
    fn latin_words_and_numbers_count_one_each() {
        assert_eq!(count_chars("COVID-19"), 1);
        assert_eq!(count_chars("hello world"), 2);
        assert_eq!(count_chars("增长5.2%，达到1,234亿元"), 2 + 1 + 2 + 1 + 2); // 增长 5.2 达到 1,234 亿元
        assert_eq!(count_chars("Ｇ２０峰会"), 3);
        assert_eq!(count_chars("café au lait"), 3);
    }

    #[test]
    fn kana_and_hangul_count_like_cjk() {
        assert_eq!(count_chars("ひらがな한국"), 6);
    }

    #[test]
    fn ideographs_end_latin_words_and_blocks_do_not_matter() {
        assert_eq!(count_chars("a中b"), 3);
        assert_eq!(count_chars("abc中def，ghi"), 4);
        // the same text across 32-byte block boundaries, at every alignment
        let unit = "增长5.2%，COVID-19疫情“两个维护”word中文 x";
        let one = count_chars(unit);
        for pad in 0..40 {
            let text = format!("{}{unit}", " ".repeat(pad));
            assert_eq!(count_chars(&text), one, "pad {pad}");
        }
        assert_eq!(count_chars(&unit.repeat(10)), 10 * one);
    }

    #[test]
    fn runs_of_ideographs_count_the_same_at_every_length() {
        for n in 0..30 {
            let run = "天".repeat(n);
            for (text, extra) in [
                (run.clone(), 0),
                (format!("，{run}。"), 0),
                (format!("ab {run} cd"), 2),
                (format!("{run}〇{run}"), 1),
                (format!("x {run}Ｇ２"), 2),
            ] {
                let ideographs = text.matches('天').count() as u32;
                assert_eq!(count_chars(&text), ideographs + extra, "{text}");
            }
        }
    }

    #[test]
    fn a_word_cut_in_two_continues() {
        assert!(continues_word("abc", "def"));
        assert!(continues_word("第一章 ab", "１２"));
        assert!(!continues_word("abc ", "def"));
        assert!(!continues_word("abc", " def"));
        assert!(!continues_word("中", "文"));
        assert!(!continues_word("", "a"));
        assert!(!continues_word("a", ""));
    }

    #[test]
    fn reading_minutes_round_up() {
        assert_eq!(minutes(0, 300), 0);
        assert_eq!(minutes(1, 300), 1);
        assert_eq!(minutes(300, 300), 1);
        assert_eq!(minutes(301, 300), 2);
    }

    #[test]
    fn sparse_char_totals_equal_the_dense_prefix_sums() {
        let counts: Vec<u32> = (0..200u32).map(|i| (i * 7919) % 53).collect();
        let mut totals = CharTotals::default();
        // in uneven pieces, as chunks arrive
        for piece in counts.chunks(13) {
            totals.extend(piece.iter().copied());
        }
        let mut dense = 0u64;
        for i in 0..=counts.len() + 3 {
            assert_eq!(totals.before(i, |j| counts[j]), dense, "before {i}");
            if let Some(&c) = counts.get(i) {
                dense += u64::from(c);
            }
        }
        assert_eq!(totals.total(), dense);
        assert_eq!(CharTotals::default().before(5, |_| 1), 0);
    }
}
