//! Layout and line-breaking tests. Expected screens are worked out by hand from the rules in
//! `breaker.rs` (greedy first fit, push-out), not copied from the program's output.

use super::breaker::{LineSpan, WrapOptions, wrap};
use super::*;
use crate::display::str_width;
use crate::document::Chunk;
use crate::text::classes::{NO_END, NO_START, flags};
use crate::text::split_point;
use AmbiguousWidth::{Narrow, Wide};
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

fn spans(text: &str, width: u16, indent: u16, amb: AmbiguousWidth) -> Vec<LineSpan> {
    wrap(
        text,
        &WrapOptions {
            width,
            first_line_indent: indent,
            ambiguous: amb,
        },
    )
}

/// The wrapped text as it looks on screen: lines joined with `\n`, trailing spaces not drawn.
fn screen_with(text: &str, width: u16, indent: u16, amb: AmbiguousWidth) -> String {
    spans(text, width, indent, amb)
        .iter()
        .map(|s| {
            text.get(s.start as usize..s.end as usize)
                .expect("span on char boundaries")
                .trim_end()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn screen(text: &str, width: u16) -> String {
    screen_with(text, width, 0, Narrow)
}

#[test]
fn comma_pushes_the_character_before_it_down() {
    assert_eq!(
        screen("天地玄黃，宇宙洪荒。", 8),
        "天地玄\n黃，宇宙\n洪荒。"
    );
}

#[test]
fn opening_quote_never_ends_a_line() {
    assert_eq!(screen("甲乙丙“丁戊”", 8), "甲乙丙\n“丁戊”");
    // (the lone 己 is carried down with 《丁 rather than left as a widow: see `no_widow…`)
    assert_eq!(screen("甲乙丙《丁戊》己", 8), "甲乙丙\n《丁\n戊》己");
}

#[test]
fn dashes_and_ellipses_stay_whole_and_never_start_a_line() {
    assert_eq!(screen("甲乙丙——丁戊", 7), "甲乙\n丙——\n丁戊");
    assert_eq!(screen("甲乙丙……丁", 7), "甲乙\n丙……丁");
    // In wide mode the dash pair is 4 columns.
    assert_eq!(screen_with("甲乙——丙", 6, 0, Wide), "甲\n乙——\n丙");
}

#[test]
fn words_and_numbers_are_not_split_when_they_fit() {
    assert_eq!(screen("在2020年全面建设", 5), "在\n2020\n年全\n面\n建设");
    assert_eq!(screen("约3.14倍", 5), "约\n3.14\n倍");
    assert_eq!(screen("增长5.2%。", 6), "增长\n5.2%。");
    assert_eq!(screen("新冠COVID-19疫情", 10), "新冠\nCOVID-19\n疫情");
    // A word wider than the line breaks anywhere.
    assert_eq!(screen("abcdefgh", 4), "abcd\nefgh");
}

#[test]
fn words_of_every_alphabetic_script_stay_whole() {
    // Latin with diacritics, Greek and Cyrillic words are words like ASCII ones: 中文 breaks
    // before them, never inside.
    assert_eq!(screen("中文intéressant中", 12), "中文\nintéressant\n中");
    assert_eq!(screen("见λόγος一词", 8), "见λόγος\n一词");
    assert_eq!(screen("俄语строка好", 8), "俄语\nстрока好");
    // a combining accent is part of its word and takes no column
    assert_eq!(
        screen("e\u{301}te\u{301}中文", 5),
        "e\u{301}te\u{301}\n中文"
    );
    // longer than the line: it may break anywhere, as an ASCII word does
    assert_eq!(screen("ééééé", 3), "ééé\néé");
}

#[test]
fn no_widow_on_a_paragraphs_last_line() {
    // Greedy first fit leaves 睹。 alone; the break before 共 carries 共睹。 down and still fits.
    assert_eq!(screen("大家有目共睹。", 12), "大家有目\n共睹。");
    assert_eq!(
        screen("甲乙丙丁戊己庚辛壬癸子。", 20),
        "甲乙丙丁戊己庚辛壬\n癸子。"
    );
    // 庚。 alone is a widow too (punctuation aside); 己庚。 is fine
    assert_eq!(screen("甲乙丙丁戊己庚。", 12), "甲乙丙丁戊\n己庚。");
    assert_eq!(screen("甲乙丙丁戊己庚辛。", 12), "甲乙丙丁戊己\n庚辛。");
    // the line above may keep a single character: the rule is about the last line
    assert_eq!(screen("在2020年全面建设", 5), "在\n2020\n年全\n面\n建设");
    // a word wider than the line is not a unit: its lone last letter is carried with another
    assert_eq!(screen("abcdefghi", 4), "abcd\nefg\nhi");
    // a forced line break (preformatted text) is never moved
    assert_eq!(screen("甲乙丙丁戊\n己", 12), "甲乙丙丁戊\n己");
}

#[test]
fn a_hyphen_before_a_letter_may_end_a_line() {
    assert_eq!(
        screen("用state-of-the-art方法", 14),
        "用state-of-\nthe-art方法"
    );
}

#[test]
fn spaces_hang_and_do_not_count() {
    let s = spans("ab cd ef", 5, 0, Narrow);
    assert_eq!(
        s,
        [
            LineSpan {
                start: 0,
                end: 6,
                width: 5
            },
            LineSpan {
                start: 6,
                end: 8,
                width: 2
            }
        ]
    );
    // A closing mark after a space still may not start a line.
    assert_eq!(screen("甲乙 ，丙", 6), "甲\n乙 ，\n丙");
}

#[test]
fn push_out_is_impossible_then_the_rule_gives_way() {
    // cjkcheck's own example: a 4-column word followed by a comma at width 4.
    assert_eq!(screen("abcd，甲", 4), "abcd\n，甲");
    // A grapheme wider than the line stands alone.
    assert_eq!(screen("甲乙", 1), "甲\n乙");
}

#[test]
fn tabs_expand_from_the_column_edge() {
    let s = spans("a\tb", 10, 0, Narrow);
    assert_eq!(s[0].width, 5);
    let s = spans("a\tb", 10, 2, Narrow);
    assert_eq!(s[0].width, 3, "indent 2 + a = column 3, tab to 4, then b");
}

#[test]
fn first_line_indent_shortens_the_first_line() {
    assert_eq!(
        screen_with("天地玄黃，宇宙洪荒。", 12, 4, Narrow),
        "天地玄\n黃，宇宙\n洪荒。"
    );
}

#[test]
fn markers_are_one_unit() {
    assert_eq!(screen("甲\u{202E}乙", 6), "甲\n\u{202E}\n乙");
    assert_eq!(spans("甲\u{202E}乙", 12, 0, Narrow)[0].width, 12);
}

#[test]
fn empty_text_is_one_empty_line() {
    assert_eq!(
        spans("", 10, 0, Narrow),
        [LineSpan {
            start: 0,
            end: 0,
            width: 0
        }]
    );
}

#[test]
fn split_points_are_legal_breaks() {
    let text = "天地玄黃，宇宙洪荒。日月盈昃，辰宿列張。";
    let p = split_point(text, 15); // after 天地玄黃，(15 bytes)
    assert_eq!(p, 15);
    let p = split_point(text, 12); // before ，: not allowed, so before 黃
    assert_eq!(p, 9);
    assert_eq!(split_point("abc", 10), 3);
    let p = split_point("甲乙COVID-19", 10);
    assert_eq!(p, 6);
}

// ---------------------------------------------------------------- Layout

fn document(format: Format, paras: &[(&str, ParagraphKind)]) -> Document {
    let mut text = String::new();
    let mut paragraphs = Vec::new();
    for (i, (t, kind)) in paras.iter().enumerate() {
        let start = text.len();
        text.push_str(t);
        paragraphs.push(Paragraph {
            range: start..text.len(),
            line: i as u32 + 1,
            chars: 0,
            kind: *kind,
            gap_before: i > 0,
            continuation: false,
            shape: crate::document::LineShape::default(),
        });
        text.push('\n');
    }
    let mut d = Document::new(format);
    d.extend(Chunk {
        text,
        paragraphs,
        ..Chunk::default()
    });
    d
}

#[test]
fn indent_rules() {
    let body = ParagraphKind::Body;
    let d = document(
        Format::Plain,
        &[
            ("第一回", ParagraphKind::Heading),
            ("天地玄黃", body),
            ("“甲”", body),
            ("abc", body),
            (
                "（一）甲乙。丙",
                ParagraphKind::InlineHeading { heading_len: 9 },
            ),
            ("目录", ParagraphKind::Toc),
        ],
    );
    let mut l = Layout::new(LayoutOptions::default(), 40);
    let indents: Vec<u16> = (0..6).map(|i| l.paragraph(&d, i).lines[0].indent).collect();
    // `abc` too: the document is Chinese by its content, not paragraph by paragraph
    assert_eq!(indents, [0, 4, 4, 4, 4, 0]);
    assert!(!l.paragraph(&d, 0).gap_before);
    assert_eq!(l.rows(&d, 1), 2);
    // Too narrow a column drops the indent.
    let mut l = Layout::new(LayoutOptions::default(), 7);
    assert_eq!(l.paragraph(&d, 1).lines[0].indent, 0);
    // An English document indents only paragraphs that open with a CJK character.
    let en = document(
        Format::Plain,
        &[
            ("It was the best of times, it was the worst of times.", body),
            ("2019 was a year of change.", body),
            ("天地玄黃", body),
        ],
    );
    let mut l = Layout::new(LayoutOptions::default(), 40);
    let indents: Vec<u16> = (0..3)
        .map(|i| l.paragraph(&en, i).lines[0].indent)
        .collect();
    assert_eq!(indents, [0, 0, 4]);
    // Markdown is never indented.
    let md = document(Format::Markdown, &[("天地玄黃", body)]);
    let mut l = Layout::new(LayoutOptions::default(), 40);
    assert_eq!(l.paragraph(&md, 0).lines[0].indent, 0);
}

#[test]
fn continuation_paragraphs_get_no_indent() {
    let mut d = document(
        Format::Plain,
        &[("天地", ParagraphKind::Body), ("玄黃", ParagraphKind::Body)],
    );
    d.paragraphs[1].continuation = true;
    d.paragraphs[1].gap_before = false;
    let mut l = Layout::new(LayoutOptions::default(), 40);
    assert_eq!(l.paragraph(&d, 1).lines[0].indent, 0);
    assert_eq!(l.rows(&d, 1), 1);
}

#[test]
fn column_is_centred_and_cache_survives_same_column() {
    let d = document(
        Format::Plain,
        &[("天地玄黃，宇宙洪荒。", ParagraphKind::Body)],
    );
    let mut l = Layout::new(LayoutOptions::default(), 100);
    assert_eq!((l.column_width(), l.left_margin()), (80, 10));
    let lines = l.paragraph(&d, 0);
    assert_eq!(lines.lines[0].range, 0..30);
    l.set_pane_width(120);
    assert_eq!(l.cached(), 1, "column still 80");
    l.set_pane_width(12);
    assert_eq!(l.cached(), 0);
    assert_eq!(l.paragraph(&d, 0).lines.len(), 3);
    // 黃，宇宙 then 洪荒。: the last line carries two characters, not a lone 荒。
    assert_eq!(l.paragraph(&d, 0).lines[1].range, 9..21);
}

#[test]
fn cache_is_bounded() {
    let paras: Vec<(String, ParagraphKind)> = (0..3 * CACHE_CAPACITY)
        .map(|i| (format!("甲{i}"), ParagraphKind::Body))
        .collect();
    let refs: Vec<(&str, ParagraphKind)> = paras.iter().map(|(s, k)| (s.as_str(), *k)).collect();
    let d = document(Format::Plain, &refs);
    let mut l = Layout::new(LayoutOptions::default(), 40);
    for i in 0..d.paragraphs.len() {
        l.paragraph(&d, i);
    }
    assert!(l.cached() <= CACHE_CAPACITY);
}

// ---------------------------------------------------------------- properties

/// Pieces random paragraphs are made of.
const PIECES: &[&str] = &[
    "é",
    "ψ",
    "ж",
    "e\u{301}",
    "天",
    "地",
    "玄",
    "黃",
    "宇",
    "宙",
    "，",
    "。",
    "、",
    "；",
    "：",
    "？",
    "！",
    "“",
    "”",
    "‘",
    "’",
    "《",
    "》",
    "（",
    "）",
    "「",
    "」",
    "——",
    "……",
    "—",
    "…",
    "·",
    "％",
    "a",
    "b",
    "Z",
    "word",
    "state-of",
    "0",
    "1",
    "2020",
    "3.14",
    "1,234",
    "5.2%",
    "COVID-19",
    "it’s",
    " ",
    "  ",
    "　",
    "👍",
    "👨\u{200D}👩",
    "e\u{301}",
    "甲\u{FE0F}",
    "ψ",
    "(",
    ")",
    "[",
    "$",
    "%",
    ",",
    ".",
    "/",
    "-",
    "\u{202E}",
    "\u{1}",
    "\t",
];

/// Columns of `s` drawn from column `col` (tabs to the next multiple of 4), as `print` does.
fn width_from(s: &str, col: usize, amb: AmbiguousWidth) -> usize {
    let end = crate::display::glyphs(s, amb).fold(col, |c, (_, g)| match g.kind {
        crate::display::GlyphKind::Tab => c + 4 - c % 4,
        _ => c + usize::from(g.width),
    });
    end - col
}

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|v| v.concat())
}

/// Word tokens `(start, end)` of cjkcheck's pattern (ASCII and the letters of the alphabetic
/// scripts), found by a regular expression independently of the breaker. `-` joins only before a
/// digit (cjkcheck's look-ahead, written out since `regex` has none).
fn tokens(text: &str) -> Vec<(usize, usize)> {
    const W: &str = "A-Za-z0-9\u{C0}-\u{D6}\u{D8}-\u{F6}\u{F8}-\u{2AF}\u{300}-\u{36F}\
                     \u{370}-\u{3FF}\u{400}-\u{52F}\u{1E00}-\u{1EFF}\u{1F00}-\u{1FFF}";
    let pattern = format!("[{W}]+(?:[._,:/'’][{W}]+|-[0-9][{W}]*)*%?");
    let re = regex::Regex::new(&pattern).expect("token pattern");
    re.find_iter(text).map(|m| (m.start(), m.end())).collect()
}

proptest! {
    #[test]
    fn wrapping_invariants(
        text in paragraph(),
        width in 1u16..30,
        indent in prop::sample::select(&[0u16, 0, 2, 4][..]),
        wide in any::<bool>(),
    ) {
        let amb = if wide { Wide } else { Narrow };
        let lines = spans(&text, width, indent, amb);
        let n = usize::from(width);
        // Contiguous, covering, on cluster boundaries.
        prop_assert_eq!(lines[0].start, 0);
        prop_assert_eq!(lines.last().map(|l| l.end as usize), Some(text.len()));
        let bounds: std::collections::HashSet<usize> = text.grapheme_indices(true).map(|(i, _)| i).collect();
        for pair in lines.windows(2) {
            prop_assert_eq!(pair[0].end, pair[1].start);
            prop_assert!(bounds.contains(&(pair[1].start as usize)), "break inside a cluster");
        }
        let toks = tokens(&text);
        for (k, l) in lines.iter().enumerate() {
            let s = text.get(l.start as usize..l.end as usize).expect("char boundaries");
            let vis = s.trim_end();
            let start_col = if k == 0 { usize::from(indent) } else { 0 };
            prop_assert_eq!(width_from(vis, start_col, amb), usize::from(l.width));
            if usize::from(l.width) + start_col > n && !vis.is_empty() {
                prop_assert_eq!(vis.graphemes(true).count(), 1, "only a lone cluster may be too wide: {:?}", vis);
            }
            let Some(next) = lines.get(k + 1) else { continue };
            // A break that breaks a rule must have been unavoidable: no legal break in the line.
            let b = next.start as usize;
            let after = text.get(b..).and_then(|t| t.chars().next()).expect("next line");
            let before = vis.chars().next_back();
            let in_word = toks.iter().any(|&(ts, te)| {
                ts < b && b < te && str_width(text.get(ts..te).unwrap_or(""), amb) <= n
            });
            let broken = flags(after) & NO_START != 0
                || before.is_some_and(|c| flags(c) & NO_END != 0)
                || in_word;
            if broken {
                let start = l.start as usize;
                for (i, _) in s.char_indices().skip(1) {
                    let at = start + i;
                    let (Some(pre), Some(c1)) = (text.get(start..at), text.get(at..).and_then(|t| t.chars().next())) else { continue };
                    let c0 = pre.trim_end().chars().next_back();
                    let word = |c: char| {
                        c.is_ascii_alphanumeric()
                            || crate::text::classes::is_script_letter(c)
                            || "'._,:/’-%".contains(c)
                    };
                    let legal = bounds.contains(&at)
                        && !c1.is_whitespace()
                        && c0.is_some_and(|c| flags(c) & NO_END == 0 && !(word(c) && word(c1)))
                        && flags(c1) & NO_START == 0
                        && !toks.iter().any(|&(ts, te)| ts < at && at < te);
                    prop_assert!(!legal, "line {:?} had a legal break at {} but broke a rule before {:?}", vis, at, after);
                }
            }
        }
    }

    #[test]
    fn split_point_is_a_boundary(text in paragraph(), near in 0usize..200) {
        let p = split_point(&text, near);
        prop_assert!(p <= near.max(text.len().min(near)) || p == text.len());
        prop_assert!(text.is_char_boundary(p));
    }
}

#[test]
fn a_hyphen_may_still_start_a_line_when_nothing_else_is_left() {
    // Breaking before `-` is unwanted but legal; before `，` it is not. At width 6 `abcde-，`
    // cannot stay on one line, and the only legal break is before the hyphen.
    assert_eq!(screen("abcde-，x", 6), "abcde\n-，x");
}

#[test]
fn a_word_that_does_not_fit_beside_the_indent() {
    // Directly: the first line stays empty rather than overflow.
    assert_eq!(screen_with("abcdefgh天", 8, 4, Narrow), "\nabcdefgh\n天");
}

#[test]
fn leading_spaces_may_stand_alone_when_the_rest_cannot_follow() {
    // `$` may not end a line and `$ docker` fills the line, so the indentation stays behind.
    assert_eq!(screen(" $ docker run", 8), "\n$ docker\nrun");
}
