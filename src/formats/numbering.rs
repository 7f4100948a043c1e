//! Word automatic numbering (`word/numbering.xml`): reproduces the label Word draws before a
//! numbered paragraph (`一、`, `（一）`, `1.`, `第一章`, `①`).
//!
//! Counters live per abstract list (as in Word, several `w:num` sharing one `w:abstractNum`
//! continue each other); a level's counter restarts when a higher level advances, and a
//! `w:lvlOverride/w:startOverride` restarts its level at the first paragraph of that `w:num`.
//! After the label comes its suffix: `w:suff` `nothing` → nothing, `space` → a space, `tab`
//! (the default) → a space after a label ending in an ASCII character (`1.` → `1. `) and
//! nothing after one ending in CJK punctuation (`一、`).

use std::collections::{HashMap, HashSet};

use super::FormatError;
use super::xml::{Node, Xml, attr, local};

#[derive(Debug, Clone)]
struct Level {
    start: u32,
    fmt: String,
    text: String,
    suff: String,
    legal: bool,
}

impl Default for Level {
    fn default() -> Self {
        Self {
            start: 1,
            fmt: "decimal".into(),
            text: String::new(),
            suff: "tab".into(),
            legal: false,
        }
    }
}

impl Level {
    /// Sets one property from a child of `w:lvl` and its `w:val`.
    fn set(&mut self, name: &[u8], val: Option<String>) {
        match name {
            b"start" => self.start = val.and_then(|v| v.parse().ok()).unwrap_or(1),
            b"numFmt" => self.fmt = val.unwrap_or_default(),
            b"lvlText" => self.text = val.unwrap_or_default(),
            b"suff" => self.suff = val.unwrap_or_default(),
            b"isLgl" => self.legal = val.is_none_or(|v| v != "0" && v != "false"),
            _ => {}
        }
    }
}

#[derive(Debug, Default)]
struct Num {
    abs: String,
    start_override: HashMap<u8, u32>,
    lvl_override: HashMap<u8, Level>,
}

/// Parsed list definitions plus the running counters.
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<String, HashMap<u8, Level>>,
    nums: HashMap<String, Num>,
    counters: HashMap<String, [Option<u32>; 9]>,
    started: HashSet<(String, u8)>,
}

enum Ctx {
    None,
    Abstract(String),
    Num(String),
}

impl Numbering {
    pub(crate) fn parse(text: &str) -> Result<(Self, Option<String>), FormatError> {
        let mut xml = Xml::new(text, "word/numbering.xml");
        let mut this = Self::default();
        let mut ctx = Ctx::None;
        let mut override_lvl: Option<u8> = None;
        let mut level: Option<(u8, Level)> = None;
        let mut in_ppr_or_rpr = 0u32;
        while let Some(node) = xml.next()? {
            match node {
                Node::Open(e) => {
                    let name = local(&e);
                    let val = || attr(&e, b"val").unwrap_or_default();
                    match name.as_slice() {
                        b"pPr" | b"rPr" => in_ppr_or_rpr += 1,
                        _ if in_ppr_or_rpr > 0 => {}
                        b"abstractNum" => {
                            ctx = Ctx::Abstract(attr(&e, b"abstractNumId").unwrap_or_default());
                        }
                        b"num" => ctx = Ctx::Num(attr(&e, b"numId").unwrap_or_default()),
                        b"abstractNumId" => {
                            if let Ctx::Num(id) = &ctx {
                                this.nums.entry(id.clone()).or_default().abs = val();
                            }
                        }
                        b"lvlOverride" => {
                            override_lvl = attr(&e, b"ilvl").and_then(|v| v.parse().ok());
                        }
                        b"startOverride" => {
                            if let (Ctx::Num(id), Some(l)) = (&ctx, override_lvl) {
                                let start = val().parse().unwrap_or(1);
                                this.nums
                                    .entry(id.clone())
                                    .or_default()
                                    .start_override
                                    .insert(l, start);
                            }
                        }
                        b"lvl" => {
                            let ilvl = attr(&e, b"ilvl")
                                .and_then(|v| v.parse().ok())
                                .or(override_lvl)
                                .unwrap_or(0);
                            level = Some((ilvl, Level::default()));
                        }
                        b"start" | b"numFmt" | b"lvlText" | b"suff" | b"isLgl" => {
                            if let Some((_, l)) = level.as_mut() {
                                l.set(&name, attr(&e, b"val"));
                            }
                        }
                        _ => {}
                    }
                }
                Node::Close(name) => match name.as_slice() {
                    b"pPr" | b"rPr" => in_ppr_or_rpr = in_ppr_or_rpr.saturating_sub(1),
                    b"lvl" => {
                        if let Some((ilvl, l)) = level.take() {
                            match &ctx {
                                Ctx::Abstract(id) => {
                                    this.abstracts
                                        .entry(id.clone())
                                        .or_default()
                                        .insert(ilvl, l);
                                }
                                Ctx::Num(id) => {
                                    this.nums
                                        .entry(id.clone())
                                        .or_default()
                                        .lvl_override
                                        .insert(ilvl, l);
                                }
                                Ctx::None => {}
                            }
                        }
                    }
                    b"lvlOverride" => override_lvl = None,
                    b"abstractNum" | b"num" => ctx = Ctx::None,
                    _ => {}
                },
                Node::Text(_) => {}
            }
        }
        Ok((this, xml.entity_warning()))
    }

    fn level(&self, num: &Num, ilvl: u8) -> Option<Level> {
        num.lvl_override
            .get(&ilvl)
            .or_else(|| self.abstracts.get(&num.abs)?.get(&ilvl))
            .cloned()
    }

    /// Advances the counters for a paragraph numbered (`num_id`, `ilvl`) and returns its label
    /// with suffix, or `None` when the list is unknown (`numId` 0 switches numbering off).
    pub(crate) fn label(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
        let ilvl = ilvl.min(8);
        let num = self.nums.get(num_id)?;
        let this_level = self.level(num, ilvl)?;
        let restart = num.start_override.get(&ilvl).copied();
        let abs = num.abs.clone();
        let levels: Vec<Level> = (0..9u8)
            .map(|l| self.level(num, l).unwrap_or_default())
            .collect();
        let first_use = self.started.insert((num_id.to_owned(), ilvl));
        let counters = self.counters.entry(abs).or_insert([None; 9]);
        let i = ilvl as usize;
        counters[i] = match (restart, first_use) {
            (Some(start), true) => Some(start),
            _ => Some(counters[i].map_or(this_level.start, |c| c.saturating_add(1))),
        };
        for c in counters.iter_mut().skip(i + 1) {
            *c = None;
        }
        if this_level.fmt == "none" {
            return Some(String::new());
        }
        let mut label = String::new();
        let mut chars = this_level.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
                && (1..=9).contains(&d)
            {
                chars.next();
                let k = d as usize - 1;
                let n = counters[k].unwrap_or(levels[k].start);
                let fmt = if this_level.legal {
                    "decimal"
                } else {
                    levels[k].fmt.as_str()
                };
                label.push_str(&format_number(n, fmt));
            } else if this_level.fmt == "bullet" && ('\u{e000}'..='\u{f8ff}').contains(&c) {
                label.push('•');
            } else {
                label.push(c);
            }
        }
        match this_level.suff.as_str() {
            "nothing" => {}
            "space" => label.push(' '),
            _ if label.chars().last().is_some_and(|c| c.is_ascii()) => label.push(' '),
            _ => {}
        }
        Some(label)
    }
}

const ZH_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Formats `n` in a Word `w:numFmt`. Formats with a limited range (circled numbers, 甲乙丙…)
/// fall back to decimal beyond it, as Word does.
pub(crate) fn format_number(n: u32, fmt: &str) -> String {
    match fmt {
        "chineseCounting" | "taiwaneseCounting" if n < 100 => zh_counting(n),
        "chineseCounting"
        | "taiwaneseCounting"
        | "chineseCountingThousand"
        | "taiwaneseCountingThousand"
        | "japaneseCounting" => zh_thousand(n),
        "chineseLegalSimplified" => zh_thousand(n)
            .chars()
            .map(|c| match c {
                '一' => '壹',
                '二' => '贰',
                '三' => '叁',
                '四' => '肆',
                '五' => '伍',
                '六' => '陆',
                '七' => '柒',
                '八' => '捌',
                '九' => '玖',
                '十' => '拾',
                '百' => '佰',
                '千' => '仟',
                '〇' | '零' => '零',
                c => c,
            })
            .collect(),
        "ideographDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|d| ZH_DIGITS[d.to_digit(10).unwrap_or(0) as usize])
            .collect(),
        "ideographTraditional" if (1..=10).contains(&n) => "甲乙丙丁戊己庚辛壬癸"
            .chars()
            .nth(n as usize - 1)
            .map(String::from)
            .unwrap_or_default(),
        "ideographZodiac" if (1..=12).contains(&n) => "子丑寅卯辰巳午未申酉戌亥"
            .chars()
            .nth(n as usize - 1)
            .map(String::from)
            .unwrap_or_default(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1)
                .map(String::from)
                .unwrap_or_default()
        }
        "decimalEnclosedParen" if (1..=20).contains(&n) => char::from_u32(0x2474 + n - 1)
            .map(String::from)
            .unwrap_or_default(),
        "decimalEnclosedFullstop" if (1..=20).contains(&n) => char::from_u32(0x2488 + n - 1)
            .map(String::from)
            .unwrap_or_default(),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .filter_map(|d| char::from_u32(d as u32 - '0' as u32 + 0xFF10))
            .collect(),
        "decimalZero" if n < 10 => format!("0{n}"),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperLetter" => letter(n),
        "lowerLetter" => letter(n).to_lowercase(),
        _ => n.to_string(),
    }
}

/// `chineseCounting` below 100: 一 … 十, 十一, 二十, 九十九.
fn zh_counting(n: u32) -> String {
    let d = |k: u32| ZH_DIGITS[k as usize];
    match n {
        0..=9 => d(n).to_string(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                String::new()
            } else {
                d(n - 10).to_string()
            }
        ),
        _ => format!(
            "{}十{}",
            d(n / 10),
            if n.is_multiple_of(10) {
                String::new()
            } else {
                d(n % 10).to_string()
            }
        ),
    }
}

fn below_10000(n: u32, out: &mut String, mut zero: bool) {
    for (unit_val, unit) in [(1000, "千"), (100, "百"), (10, "十"), (1, "")] {
        let d = n / unit_val % 10;
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        out.push(ZH_DIGITS[d as usize]);
        out.push_str(unit);
    }
}

/// `chineseCountingThousand`: 一百零五, 一千二百, 一万零一; 十一 for 11.
fn zh_thousand(n: u32) -> String {
    if n < 100 {
        return zh_counting(n);
    }
    let mut out = String::new();
    let (high, low) = (n / 10_000, n % 10_000);
    if high > 0 {
        out.push_str(&zh_thousand(high));
        out.push('万');
        if low > 0 && low < 1000 {
            out.push('零');
        }
    }
    if low > 0 {
        let mut part = String::new();
        below_10000(low, &mut part, false);
        out.push_str(&part);
    }
    out
}

fn roman(mut n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    let mut s = String::new();
    for (v, r) in [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ] {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// Word's letters: A … Z, then AA, BB … (the letter repeated).
fn letter(n: u32) -> String {
    if n == 0 {
        return "0".into();
    }
    let c = char::from(b'A' + ((n - 1) % 26) as u8);
    std::iter::repeat_n(c, ((n - 1) / 26 + 1).min(50) as usize).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(format_number(1, "chineseCounting"), "一");
        assert_eq!(format_number(10, "chineseCounting"), "十");
        assert_eq!(format_number(14, "chineseCounting"), "十四");
        assert_eq!(format_number(20, "chineseCounting"), "二十");
        assert_eq!(format_number(35, "chineseCountingThousand"), "三十五");
        assert_eq!(format_number(105, "chineseCountingThousand"), "一百零五");
        assert_eq!(format_number(110, "chineseCountingThousand"), "一百一十");
        assert_eq!(format_number(1200, "chineseCountingThousand"), "一千二百");
        assert_eq!(format_number(10_001, "chineseCountingThousand"), "一万零一");
        assert_eq!(format_number(3, "ideographTraditional"), "丙");
        assert_eq!(format_number(11, "ideographTraditional"), "11");
        assert_eq!(format_number(2, "decimalEnclosedCircle"), "②");
        assert_eq!(format_number(21, "decimalEnclosedCircle"), "21");
        assert_eq!(format_number(14, "upperRoman"), "XIV");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(12, "chineseLegalSimplified"), "拾贰");
        assert_eq!(format_number(7, "decimalZero"), "07");
    }

    const LISTS: &str = r#"<w:numbering xmlns:w="w">
      <w:abstractNum w:abstractNumId="5">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/><w:pPr><w:ind w:left="0"/></w:pPr></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
        <w:lvl w:ilvl="3"><w:start w:val="3"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2.%4"/><w:isLgl/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="5"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="5"/><w:lvlOverride w:ilvl="2"><w:startOverride w:val="7"/></w:lvlOverride></w:num>
    </w:numbering>"#;

    #[test]
    fn counters_reset_below_an_advancing_level() {
        let (mut n, _) = Numbering::parse(LISTS).unwrap();
        let mut seq = |id: &str, l: u8| n.label(id, l).unwrap();
        assert_eq!(seq("1", 0), "一、");
        assert_eq!(seq("1", 1), "（一）");
        assert_eq!(seq("1", 2), "1. ");
        assert_eq!(seq("1", 2), "2. ");
        assert_eq!(seq("1", 1), "（二）");
        assert_eq!(seq("1", 2), "1. ");
        assert_eq!(seq("1", 0), "二、");
        assert_eq!(seq("1", 1), "（一）");
        assert_eq!(seq("1", 3), "2.1.3 ");
        assert_eq!(seq("2", 2), "7. ");
        assert_eq!(seq("2", 2), "8. ");
        assert_eq!(n.label("0", 0), None);
        assert_eq!(n.label("9", 0), None);
    }
}
