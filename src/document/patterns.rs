//! The heading patterns of Chinese documents, as data: what a paragraph's opening looks like,
//! which [`Marker`] it is, and its [`Rank`] in the hierarchy.
//!
//! Ranks follow GB/T 9704—2012 §7.3.3 and the conventions of laws and novels:
//! `第X编/部分/篇/卷` > `第X分编` > `第X章/回` > `第X节` > `第X条` > `一、` > `（一）` > `1.` >
//! `（1）` > `①`. Classification looks only at the paragraph's opening and at where its first
//! sentence ends, so it costs a few dozen byte comparisons per paragraph whatever its length.

use super::Marker;
use super::numerals;

/// Position in the heading hierarchy: smaller is higher (closer to the root).
pub type Rank = u8;

/// Number of distinct [`Marker`]s (size of per-parent sequence counters).
pub const MARKER_KINDS: usize = 14;

/// Index of a marker into sequence counters.
pub const fn marker_index(m: Marker) -> usize {
    m as usize
}

/// True for the official numbered markers (`一、` … `①`), which are clauses, not headings, inside
/// a law article.
pub const fn is_official(m: Marker) -> bool {
    matches!(
        m,
        Marker::CjkNumber
            | Marker::ParenCjkNumber
            | Marker::Number
            | Marker::ParenNumber
            | Marker::Circled
    )
}

/// Units after `第` + numeral, longest first, with their marker and rank.
const DIVISION_UNITS: &[(&str, Marker, Rank)] = &[
    ("分编", Marker::SubPart, 2),
    ("部分", Marker::Part, 1),
    ("编", Marker::Part, 1),
    ("篇", Marker::Part, 1),
    ("卷", Marker::Part, 1),
    ("章", Marker::Chapter, 3),
    ("回", Marker::Chapter, 3),
    ("节", Marker::Subsection, 4),
    ("条", Marker::Article, 5),
];

/// Rank of the official markers.
const RANK_CJK_NUMBER: Rank = 6;
const RANK_PAREN_CJK: Rank = 7;
const RANK_NUMBER: Rank = 8;
const RANK_PAREN_NUMBER: Rank = 9;
const RANK_CIRCLED: Rank = 10;
/// Rank an unnumbered division takes before any numbered heading fixes it.
pub const RANK_DIVISION_DEFAULT: Rank = 3;

/// Unnumbered divisions, headings only on a short line of their own (spaces inside allowed:
/// `序　　言`). Multi-character names may be followed by a short title (`楔子　张天师…`).
const UNNUMBERED_DIVISIONS: &[&str] = &[
    "序言",
    "前言",
    "引言",
    "导言",
    "绪论",
    "绪言",
    "楔子",
    "引子",
    "序章",
    "序幕",
    "尾声",
    "后记",
    "附则",
    "附录",
    "结语",
    "结束语",
    "编后记",
    "自序",
    "代序",
    "译序",
    "卷首语",
    "出版说明",
    "序",
    "跋",
];

/// Longest line (in characters) that counts as "standing alone" as a heading.
pub const STANDALONE_MAX_CHARS: usize = 40;
/// Longest title kept, in characters; longer first sentences are cut here.
pub const TITLE_MAX_CHARS: usize = 100;

/// What a paragraph's opening says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Candidate {
    /// Nothing special.
    None,
    /// `目录` / `目次`.
    Toc,
    /// A ranked heading pattern.
    Ranked {
        /// The pattern.
        marker: Marker,
        /// Its rank.
        rank: Rank,
        /// Its number (0 for unnumbered divisions).
        number: u32,
        /// Bytes of the title from the paragraph start.
        title_len: usize,
        /// Bytes of the heading part (title and its closing punctuation).
        heading_len: usize,
        /// The whole paragraph is a short heading line.
        standalone: bool,
    },
    /// Opens with `——`.
    Dash {
        /// Bytes of the title.
        title_len: usize,
        /// Bytes of the heading part.
        heading_len: usize,
    },
    /// Opens with `一是`, `二是` …
    Enumerated {
        /// The number.
        number: u32,
        /// Bytes of the title.
        title_len: usize,
        /// Bytes of the heading part.
        heading_len: usize,
    },
}

/// Classifies a trimmed paragraph by its opening.
pub fn classify(text: &str) -> Candidate {
    let Some(first) = text.chars().next() else {
        return Candidate::None;
    };
    match first {
        '第' => numbered_division(text),
        '（' | '(' => parenthesised(text),
        '—' => dash(text),
        '目' => toc(text),
        '0'..='9' | '０'..='９' => number(text),
        '\u{2460}'..='\u{2473}' | '\u{3251}'..='\u{325F}' | '\u{32B1}'..='\u{32BF}' => {
            circled(text)
        }
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

fn ranked(text: &str, marker: Marker, rank: Rank, number: u32) -> Candidate {
    let (title_len, heading_len) = cut_title(text);
    let standalone = heading_len >= text.len() && text.chars().count() <= STANDALONE_MAX_CHARS;
    Candidate::Ranked {
        marker,
        rank,
        number,
        title_len,
        heading_len,
        standalone,
    }
}

/// Spaces between a marker and its title (U+3000 included: it is Unicode white space).
fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// `第X章 …`, `第X回 …`, `第X条　…`.
fn numbered_division(text: &str) -> Candidate {
    let rest = text.get('第'.len_utf8()..).unwrap_or("");
    let Some((number, used)) = numerals::parse_any(rest) else {
        return Candidate::None;
    };
    let rest = rest.get(used..).unwrap_or("");
    for &(unit, marker, rank) in DIVISION_UNITS {
        let Some(after) = rest.strip_prefix(unit) else {
            continue;
        };
        let ok = match after.chars().next() {
            None => true,
            Some(c) if is_space(c) || matches!(c, '：' | ':' | '、' | '．' | '.') => true,
            // text right after the unit: only a short title line, never an article
            Some(_) => {
                marker != Marker::Article
                    && text.chars().count() <= STANDALONE_MAX_CHARS
                    && !text.contains(['。', '！', '？', '，', '；'])
            }
        };
        return if ok {
            ranked(text, marker, rank, number)
        } else {
            Candidate::None
        };
    }
    Candidate::None
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
    ranked(text, marker, rank, number)
}

/// `1.`, `1．`, `1、` — but not `1.5亿元`.
fn number(text: &str) -> Candidate {
    let Some((n, used)) = numerals::parse_digits(text) else {
        return Candidate::None;
    };
    let rest = text.get(used..).unwrap_or("");
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
    ranked(text, Marker::Number, RANK_NUMBER, n)
}

/// `①` …
fn circled(text: &str) -> Candidate {
    let Some((n, used)) = numerals::parse_circled(text) else {
        return Candidate::None;
    };
    if !has_title(text.get(used..).unwrap_or("")) {
        return Candidate::None;
    }
    ranked(text, Marker::Circled, RANK_CIRCLED, n)
}

/// `——` opening a paragraph (not a rule of dashes).
fn dash(text: &str) -> Candidate {
    let Some(after) = text.strip_prefix("——") else {
        return Candidate::None;
    };
    if after.starts_with('—') || !has_title(after) {
        return Candidate::None;
    }
    let (title_len, heading_len) = cut_title(text);
    Candidate::Dash {
        title_len,
        heading_len,
    }
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

/// Openings that start with a CJK character: `一、`, `一是`, unnumbered divisions.
fn cjk_opening(text: &str) -> Candidate {
    if let Some((n, used)) = numerals::parse_cjk(text) {
        let rest = text.get(used..).unwrap_or("");
        if let Some(after) = rest.strip_prefix('、') {
            if has_title(after)
                && !after.starts_with(|c: char| {
                    numerals::parse_cjk(c.encode_utf8(&mut [0; 4])).is_some()
                })
            {
                return ranked(text, Marker::CjkNumber, RANK_CJK_NUMBER, n);
            }
            return Candidate::None;
        }
        if let Some(after) = rest.strip_prefix('是').filter(|a| has_title(a)) {
            let _ = after;
            let (title_len, heading_len) = cut_title(text);
            return Candidate::Enumerated {
                number: n,
                title_len,
                heading_len,
            };
        }
        return Candidate::None;
    }
    unnumbered_division(text)
}

/// `序言`, `序　　言`, `楔子　张天师祈禳瘟疫`, `附则` …
fn unnumbered_division(text: &str) -> Candidate {
    // cheap rejections first: this runs for most paragraphs
    let starts_like_a_division = text.starts_with([
        '序', '前', '引', '导', '绪', '楔', '尾', '后', '附', '结', '编', '自', '代', '译', '卷',
        '出', '跋',
    ]);
    if !starts_like_a_division || text.len() > 4 * STANDALONE_MAX_CHARS {
        return Candidate::None;
    }
    if text.chars().count() > STANDALONE_MAX_CHARS
        || text.contains(['。', '，', '；', '！', '？', '：'])
    {
        return Candidate::None;
    }
    for name in UNNUMBERED_DIVISIONS {
        let Some(after) = match_spaced(text, name) else {
            continue;
        };
        let alone = after.chars().all(is_space);
        let titled = name.chars().count() > 1 && after.starts_with(is_space);
        if alone || titled {
            let (title_len, heading_len) = cut_title(text);
            return Candidate::Ranked {
                marker: Marker::Division,
                rank: RANK_DIVISION_DEFAULT,
                number: 0,
                title_len,
                heading_len,
                standalone: true,
            };
        }
    }
    Candidate::None
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
#[allow(clippy::string_slice)]
mod tests {
    use super::*;

    fn marker_of(text: &str) -> Option<(Marker, u32)> {
        match classify(text) {
            Candidate::Ranked { marker, number, .. } => Some((marker, number)),
            _ => None,
        }
    }

    #[test]
    fn official_hierarchy_markers() {
        assert_eq!(marker_of("一、总体要求"), Some((Marker::CjkNumber, 1)));
        assert_eq!(
            marker_of("十三、坚定不移全面从严治党"),
            Some((Marker::CjkNumber, 13))
        );
        assert_eq!(marker_of("九十九、末项"), Some((Marker::CjkNumber, 99)));
        assert_eq!(
            marker_of("（一）坚持党的领导"),
            Some((Marker::ParenCjkNumber, 1))
        );
        assert_eq!(
            marker_of("(十四)坚持全面从严治党"),
            Some((Marker::ParenCjkNumber, 14))
        );
        assert_eq!(marker_of("1.加强学习"), Some((Marker::Number, 1)));
        assert_eq!(marker_of("2．加强学习"), Some((Marker::Number, 2)));
        assert_eq!(marker_of("３、加强学习"), Some((Marker::Number, 3)));
        assert_eq!(marker_of("12. Twelve"), Some((Marker::Number, 12)));
        assert_eq!(marker_of("（1）细则"), Some((Marker::ParenNumber, 1)));
        assert_eq!(marker_of("(２)细则"), Some((Marker::ParenNumber, 2)));
        assert_eq!(marker_of("①要点"), Some((Marker::Circled, 1)));
    }

    #[test]
    fn divisions() {
        assert_eq!(marker_of("第一编　总则"), Some((Marker::Part, 1)));
        assert_eq!(marker_of("第二分编　通则"), Some((Marker::SubPart, 2)));
        assert_eq!(marker_of("第三部分 展望"), Some((Marker::Part, 3)));
        assert_eq!(marker_of("第一章　总纲"), Some((Marker::Chapter, 1)));
        assert_eq!(marker_of("第十二回  杨志卖刀"), Some((Marker::Chapter, 12)));
        assert_eq!(
            marker_of("第一百二十回  宋公明神聚蓼儿"),
            Some((Marker::Chapter, 120))
        );
        assert_eq!(marker_of("第3章 方法"), Some((Marker::Chapter, 3)));
        assert_eq!(
            marker_of("第八节　人民法院和人民检察院"),
            Some((Marker::Subsection, 8))
        );
        assert_eq!(
            marker_of("第一百四十三条　中华人民共和国首都是北京。"),
            Some((Marker::Article, 143))
        );
        assert_eq!(marker_of("第一章总则"), Some((Marker::Chapter, 1)));
    }

    #[test]
    fn unnumbered_divisions_alone_on_a_line() {
        assert_eq!(marker_of("序言"), Some((Marker::Division, 0)));
        assert_eq!(marker_of("序　　言"), Some((Marker::Division, 0)));
        assert_eq!(
            marker_of("楔子　张天师祈禳瘟疫　洪太尉误走妖魔"),
            Some((Marker::Division, 0))
        );
        assert_eq!(marker_of("附　则"), Some((Marker::Division, 0)));
        assert_eq!(marker_of("后记"), Some((Marker::Division, 0)));
        assert_eq!(marker_of("序"), Some((Marker::Division, 0)));
    }

    #[test]
    fn not_headings() {
        for text in [
            "1.5亿元的资金已经到位。",
            "2019年，我们召开了会议。",
            "第二条规定的内容",
            "第二节课后，同学们都走了，我们一起回家。",
            "前言不搭后语，说了半天。",
            "序幕拉开了，大家都很激动，鼓起掌来。",
            "一、",
            "（一）",
            "（1982年12月4日第五届全国人民代表大会第五次会议通过",
            "一二三四五",
            "第一",
            "序文很长",
        ] {
            assert_eq!(classify(text), Candidate::None, "{text}");
        }
    }

    #[test]
    fn dash_and_enumerated_points() {
        assert!(matches!(
            classify("——经济总体回升向好。国内生产总值超过126万亿元。"),
            Candidate::Dash { .. }
        ));
        assert_eq!(classify("————————"), Candidate::None);
        assert!(matches!(
            classify("一是加大宏观调控力度。针对……"),
            Candidate::Enumerated { number: 1, .. }
        ));
        assert!(matches!(
            classify("六是全面加强政府建设。"),
            Candidate::Enumerated { number: 6, .. }
        ));
    }

    #[test]
    fn table_of_contents_line() {
        assert_eq!(classify("目录"), Candidate::Toc);
        assert_eq!(classify("目　　录"), Candidate::Toc);
        assert_eq!(classify("目前，形势很好。"), Candidate::None);
    }

    #[test]
    fn title_is_cut_before_the_first_stop() {
        let text = "（一）围绕强化理论武装，推动学习教育走心走深走实。我们要……";
        let (t, h) = cut_title(text);
        assert_eq!(
            &text[..t],
            "（一）围绕强化理论武装，推动学习教育走心走深走实"
        );
        assert_eq!(
            &text[..h],
            "（一）围绕强化理论武装，推动学习教育走心走深走实。"
        );
        let (t, h) = cut_title("第三十条　行政区域划分如下:");
        assert_eq!(
            (t, h),
            (
                "第三十条　行政区域划分如下:".len(),
                "第三十条　行政区域划分如下:".len()
            )
        );
    }

    #[test]
    fn very_long_first_sentence_is_capped() {
        let text = format!("1.{}", "长".repeat(500));
        let (t, h) = cut_title(&text);
        assert_eq!(text[..t].chars().count(), TITLE_MAX_CHARS);
        assert_eq!(t, h);
    }
}
