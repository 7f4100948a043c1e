//! Numbers as they open Chinese headings: CJK numerals (一 … 九十九 … 一百二十 …), Arabic and
//! full-width digits, and circled numbers (① …). Pure functions over the start of a string;
//! each returns the value and how many bytes the numeral took, or `None`.

/// Value of a single CJK digit character (`〇零一二两三四五六七八九`).
const fn cjk_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' | '兩' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Multiplier of a CJK unit character (`十百千万`).
const fn cjk_unit(c: char) -> Option<u32> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        '万' | '萬' => 10_000,
        _ => return None,
    })
}

/// True for a character a CJK numeral can start with (a digit or a unit: `十二`, `百`).
pub const fn is_cjk_numeral(c: char) -> bool {
    cjk_digit(c).is_some() || cjk_unit(c).is_some()
}

/// Parses a CJK numeral at the start of `s` (`一`, `十二`, `二十`, `一百零八`, `一百二十`,
/// `一〇八`). Returns `(value, bytes)`. At most 8 characters are read, so a long run of
/// digits in prose is not mistaken for a number.
pub fn parse_cjk(s: &str) -> Option<(u32, usize)> {
    let mut total: u32 = 0;
    let mut section: u32 = 0; // value below 万
    let mut digit: Option<u32> = None;
    let mut bytes = 0;
    let mut count = 0;
    let mut plain_digits: Vec<u32> = Vec::new(); // 一〇八 style
    let mut had_unit = false;
    for c in s.chars() {
        if count >= 8 {
            break;
        }
        if let Some(d) = cjk_digit(c) {
            if digit.is_some() && !had_unit {
                // consecutive digits without units: positional (一〇八)
            }
            plain_digits.push(d);
            digit = Some(d);
        } else if let Some(u) = cjk_unit(c) {
            had_unit = true;
            let d = digit.take().unwrap_or(1);
            if u == 10_000 {
                total += (section + d) * u;
                section = 0;
            } else {
                section += d * u;
            }
        } else {
            break;
        }
        bytes += c.len_utf8();
        count += 1;
    }
    if count == 0 {
        return None;
    }
    if !had_unit {
        // positional digits: 一〇八 = 108; a lone 〇/零 is not a heading number
        let value = plain_digits.iter().fold(0u32, |acc, d| acc * 10 + d);
        return (value > 0).then_some((value, bytes));
    }
    let value = total + section + digit.unwrap_or(0);
    (value > 0).then_some((value, bytes))
}

/// Parses Arabic or full-width digits at the start of `s` (at most 4 digits, so years and
/// amounts are not read as heading numbers). Returns `(value, bytes)`.
pub fn parse_digits(s: &str) -> Option<(u32, usize)> {
    let mut value: u32 = 0;
    let mut bytes = 0;
    let mut count = 0;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => break,
        };
        count += 1;
        if count > 4 {
            return None;
        }
        value = value * 10 + d;
        bytes += c.len_utf8();
    }
    (count > 0).then_some((value, bytes))
}

/// Parses a circled number (① … ⑳, ㉑ … ㊿) at the start of `s`. Returns `(value, bytes)`.
pub fn parse_circled(s: &str) -> Option<(u32, usize)> {
    let c = s.chars().next()?;
    let cp = c as u32;
    let value = match cp {
        0x2460..=0x2473 => cp - 0x2460 + 1,
        0x3251..=0x325F => cp - 0x3251 + 21,
        0x32B1..=0x32BF => cp - 0x32B1 + 36,
        _ => return None,
    };
    Some((value, c.len_utf8()))
}

/// Parses a numeral of any kind used after `第` (CJK or digits).
pub fn parse_any(s: &str) -> Option<(u32, usize)> {
    parse_cjk(s).or_else(|| parse_digits(s))
}

/// Parses an upper- or lower-case Roman numeral (`I` … `XXXIX`, `iv`) at the start of `s`,
/// ending at a non-letter. Returns `(value, bytes)`.
pub fn parse_roman(s: &str) -> Option<(u32, usize)> {
    let len = s.bytes().take_while(u8::is_ascii_alphabetic).count();
    if len == 0 || len > 7 {
        return None;
    }
    let word = s.get(..len)?.to_ascii_uppercase();
    let value_of = |c: u8| match c {
        b'I' => Some(1),
        b'V' => Some(5),
        b'X' => Some(10),
        b'L' => Some(50),
        _ => None,
    };
    let digits: Option<Vec<u32>> = word.bytes().map(value_of).collect();
    let digits = digits?;
    let mut total = 0;
    for (i, &d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|&n| n > d) {
            total -= d as i64;
        } else {
            total += d as i64;
        }
    }
    // only canonical spellings (`IIII` or `IC` are not numerals)
    let value = u32::try_from(total).ok().filter(|&v| v > 0)?;
    (to_roman(value) == word).then_some((value, len))
}

fn to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 7] = [
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for &(v, s) in &TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Parses an English number word (`One` … `Twenty`, any case) at the start of `s`, ending at a
/// non-letter. Returns `(value, bytes)`.
pub fn parse_english_word(s: &str) -> Option<(u32, usize)> {
    const WORDS: [&str; 20] = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    let len = s.bytes().take_while(u8::is_ascii_alphabetic).count();
    let word = s.get(..len)?.to_ascii_lowercase();
    let i = WORDS.iter().position(|w| *w == word)?;
    Some((i as u32 + 1, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_numerals() {
        for (s, v) in [
            ("一", 1),
            ("九", 9),
            ("十", 10),
            ("十一", 11),
            ("二十", 20),
            ("二十三", 23),
            ("九十九", 99),
            ("一百", 100),
            ("一百零八", 108),
            ("一百二十", 120),
            ("一百四十三", 143),
            ("一〇八", 108),
            ("两千", 2000),
        ] {
            assert_eq!(parse_cjk(s), Some((v, s.len())), "{s}");
        }
    }

    #[test]
    fn cjk_numeral_stops_at_other_text() {
        assert_eq!(parse_cjk("十三、改革"), Some((13, "十三".len())));
        assert_eq!(parse_cjk("是"), None);
        assert_eq!(parse_cjk("〇"), None);
        assert_eq!(parse_cjk(""), None);
    }

    #[test]
    fn digits_and_full_width_digits() {
        assert_eq!(parse_digits("12."), Some((12, 2)));
        assert_eq!(parse_digits("１２．"), Some((12, 6)));
        assert_eq!(parse_digits("2019年"), Some((2019, 4)));
        assert_eq!(parse_digits("20190"), None);
        assert_eq!(parse_digits("a"), None);
    }

    #[test]
    fn roman_and_english_numbers() {
        assert_eq!(parse_roman("II "), Some((2, 2)));
        assert_eq!(parse_roman("xiv."), Some((14, 3)));
        assert_eq!(parse_roman("XXXIX"), Some((39, 5)));
        assert_eq!(parse_roman("IIII"), None);
        assert_eq!(parse_roman("Introduction"), None);
        assert_eq!(parse_english_word("Three:"), Some((3, 5)));
        assert_eq!(parse_english_word("Threes"), None);
        assert_eq!(parse_cjk("兩萬"), Some((20_000, 6)));
    }

    #[test]
    fn circled_numbers() {
        assert_eq!(parse_circled("①"), Some((1, 3)));
        assert_eq!(parse_circled("⑳"), Some((20, 3)));
        assert_eq!(parse_circled("㉑"), Some((21, 3)));
        assert_eq!(parse_circled("㊿"), Some((50, 3)));
        assert_eq!(parse_circled("1"), None);
    }
}
