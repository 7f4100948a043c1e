//! The line-breaking character classes: which characters may not start a line and which may
//! not end one (W3C clreq, strict level, as graded by `cjkcheck.py`).
//!
//! Invariant: the sets are exactly cjkcheck's `START_BASIC + START_STRICT_EXTRA` and
//! `END_BASIC + END_GB_EXTRA`; ASCII `'`, `"` and `/` are in neither (direction unknown; paths).
//! A table test below spells every member out, so a drift from the grader shows up as a failing
//! test rather than as a wrapped line starting with `，`.

/// The character may not start a line (closing or pausing mark, dash, ellipsis, postfix sign).
pub const NO_START: u8 = 1;
/// The character may not end a line (opening bracket or quote, prefix currency, `／`).
pub const NO_END: u8 = 2;

/// Flags of the ASCII characters, indexed by byte.
static ASCII: [u8; 128] = {
    let mut t = [0u8; 128];
    let start = b"!%),.:;?]}";
    let mut i = 0;
    while i < start.len() {
        t[start[i] as usize] = NO_START;
        i += 1;
    }
    let end = b"$([{";
    let mut i = 0;
    while i < end.len() {
        t[end[i] as usize] = NO_END;
        i += 1;
    }
    t
};

/// [`NO_START`] / [`NO_END`] flags of one character.
#[inline]
pub fn flags(c: char) -> u8 {
    let cp = c as u32;
    if cp < 0x80 {
        return ASCII[cp as usize];
    }
    // Ideographs are by far the most common characters and are in neither set.
    if (0x4E00..=0x9FFF).contains(&cp) {
        return 0;
    }
    match c {
        '\u{00A2}' | '\u{00B0}' | '\u{00B7}' | '\u{00BB}' | '\u{2013}' | '\u{2014}'
        | '\u{2015}' | '\u{2019}' | '\u{201D}' | '\u{2025}' | '\u{2026}' | '\u{2027}'
        | '\u{2030}' | '\u{2031}' | '\u{2032}' | '\u{2033}' | '\u{203A}' | '\u{203C}'
        | '\u{2047}' | '\u{2048}' | '\u{2049}' | '\u{2103}' | '\u{2109}' | '\u{22EF}'
        | '\u{2986}' | '\u{2E3A}' | '\u{2E3B}' | '\u{3001}' | '\u{3002}' | '\u{3003}'
        | '\u{3005}' | '\u{3009}' | '\u{300B}' | '\u{300D}' | '\u{300F}' | '\u{3011}'
        | '\u{3015}' | '\u{3017}' | '\u{3019}' | '\u{301B}' | '\u{301C}' | '\u{301E}'
        | '\u{301F}' | '\u{303B}' | '\u{3041}' | '\u{3043}' | '\u{3045}' | '\u{3047}'
        | '\u{3049}' | '\u{3063}' | '\u{3083}' | '\u{3085}' | '\u{3087}' | '\u{308E}'
        | '\u{3095}' | '\u{3096}' | '\u{309D}' | '\u{309E}' | '\u{30A1}' | '\u{30A3}'
        | '\u{30A5}' | '\u{30A7}' | '\u{30A9}' | '\u{30C3}' | '\u{30E3}' | '\u{30E5}'
        | '\u{30E7}' | '\u{30EE}' | '\u{30F5}' | '\u{30F6}' | '\u{30FB}' | '\u{30FC}'
        | '\u{30FD}' | '\u{30FE}' | '\u{FE30}' | '\u{FE36}' | '\u{FE38}' | '\u{FE3A}'
        | '\u{FE3C}' | '\u{FE3E}' | '\u{FE40}' | '\u{FE42}' | '\u{FE44}' | '\u{FE50}'
        | '\u{FE51}' | '\u{FE52}' | '\u{FE54}' | '\u{FE55}' | '\u{FE56}' | '\u{FE57}'
        | '\u{FE5A}' | '\u{FE5C}' | '\u{FE5E}' | '\u{FF01}' | '\u{FF05}' | '\u{FF09}'
        | '\u{FF0C}' | '\u{FF0E}' | '\u{FF1A}' | '\u{FF1B}' | '\u{FF1F}' | '\u{FF3D}'
        | '\u{FF5D}' | '\u{FF5E}' | '\u{FF60}' | '\u{FF61}' | '\u{FF64}' | '\u{FFE0}' => NO_START,
        '\u{00A3}' | '\u{00A5}' | '\u{00AB}' | '\u{2018}' | '\u{201C}' | '\u{2039}'
        | '\u{20AC}' | '\u{2985}' | '\u{3008}' | '\u{300A}' | '\u{300C}' | '\u{300E}'
        | '\u{3010}' | '\u{3014}' | '\u{3016}' | '\u{3018}' | '\u{301A}' | '\u{301D}'
        | '\u{FE35}' | '\u{FE37}' | '\u{FE39}' | '\u{FE3B}' | '\u{FE3D}' | '\u{FE3F}'
        | '\u{FE41}' | '\u{FE43}' | '\u{FE59}' | '\u{FE5B}' | '\u{FE5D}' | '\u{FF04}'
        | '\u{FF08}' | '\u{FF3B}' | '\u{FF5B}' | '\u{FF5F}' | '\u{FFE1}' | '\u{FFE5}' => NO_END,
        // The full-width solidus is a separator: neither at the start nor at the end (gb level).
        '\u{FF0F}' => NO_START | NO_END,
        _ => 0,
    }
}

/// True for the ASCII characters of a word (`[A-Za-z0-9]`).
#[inline]
pub const fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// True for the letters of the alphabetic scripts beyond ASCII that make words too (Latin with
/// diacritics, IPA, Greek, Cyrillic, and combining marks inside a word), as cjkcheck's word
/// pattern has them: `intéressant` and `строк` are kept whole like `state`. Ideographs, kana
/// and Hangul are not word letters: they may break anywhere.
#[inline]
pub const fn is_script_letter(c: char) -> bool {
    matches!(c as u32,
        0x00C0..=0x00D6 | 0x00D8..=0x00F6 | 0x00F8..=0x02AF | 0x0300..=0x036F | 0x0370..=0x03FF
        | 0x0400..=0x052F | 0x1E00..=0x1EFF | 0x1F00..=0x1FFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Copied from cjkcheck.py (START_BASIC + START_STRICT_EXTRA, END_BASIC + END_GB_EXTRA).
    const START: &str = concat!(
        "，。、；：？！．｡､",
        ",.;:?!)]}",
        "”’）］｝〕〉》」』】〗〙〛｠⦆»›〞〟",
        "–～〜",
        "·・‧",
        "／",
        "％%‰‱℃℉°′″¢￠",
        "々〻ゝゞヽヾー〃",
        "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ",
        "‼⁇⁈⁉︰﹐﹑﹒﹔﹕﹖﹗﹚﹜﹞︶︸︺︼︾﹀﹂﹄",
        "—―⸺⸻…‥⋯",
    );
    const END: &str = concat!(
        "“‘（［｛〔〈《「『【〖〘〚｟⦅«‹〝",
        "([{",
        "﹙﹛﹝︵︷︹︻︽︿﹁﹃",
        "￥¥＄$£￡€",
        "／",
    );

    #[test]
    fn sets_match_the_grader() {
        for c in START.chars() {
            assert!(flags(c) & NO_START != 0, "{c} may not start a line");
        }
        for c in END.chars() {
            assert!(flags(c) & NO_END != 0, "{c} may not end a line");
        }
        for c in "甲乙a1'\"/-_＃“".chars().filter(|c| !START.contains(*c)) {
            assert_eq!(flags(c) & NO_START, 0, "{c}");
        }
        for c in "甲乙a1'\"/-_”。".chars() {
            assert_eq!(flags(c) & NO_END, 0, "{c}");
        }
        let start_count = (0..=0x0010_FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| flags(c) & NO_START != 0)
            .count();
        assert_eq!(
            start_count,
            START
                .chars()
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        );
        let end_count = (0..=0x0010_FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| flags(c) & NO_END != 0)
            .count();
        assert_eq!(
            end_count,
            END.chars().collect::<std::collections::BTreeSet<_>>().len()
        );
    }
}
