#![allow(clippy::string_slice)]

use super::*;

fn marker_of(text: &str) -> Option<(Marker, u32)> {
    match classify(text) {
        Candidate::Heading(f) if f.family != Family::Point => Some((f.marker, f.number)),
        _ => None,
    }
}

fn point_of(text: &str) -> Option<(Marker, u32)> {
    match classify(text) {
        Candidate::Heading(f) if f.family == Family::Point => Some((f.marker, f.number)),
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
fn divisions_simplified_and_traditional() {
    assert_eq!(marker_of("第一编　总则"), Some((Marker::Part, 1)));
    assert_eq!(marker_of("第二分编　通则"), Some((Marker::SubPart, 2)));
    assert_eq!(marker_of("第三部分 展望"), Some((Marker::Part, 3)));
    assert_eq!(marker_of("第一章　总纲"), Some((Marker::Chapter, 1)));
    assert_eq!(marker_of("第十二回  杨志卖刀"), Some((Marker::Chapter, 12)));
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
    // Traditional characters, spaced forms, Arabic numbers, inserted and repealed divisions
    assert_eq!(marker_of("第 一 編 總則"), Some((Marker::Part, 1)));
    assert_eq!(marker_of("第 二 章 　總則"), Some((Marker::Chapter, 2)));
    assert_eq!(marker_of("第 三 章之一 調解"), Some((Marker::Chapter, 3)));
    assert_eq!(marker_of("第四章之一　調解"), Some((Marker::Chapter, 4)));
    assert_eq!(marker_of("第 3 節 契約"), Some((Marker::Subsection, 3)));
    assert_eq!(marker_of("第一款　通則"), Some((Marker::Item, 1)));
    assert_eq!(marker_of("第二目　買賣"), Some((Marker::Subitem, 2)));
    assert_eq!(marker_of("第 12 條"), Some((Marker::Article, 12)));
    assert_eq!(marker_of("第 4-1 條"), Some((Marker::Article, 4)));
    assert_eq!(
        marker_of("第12条　本法自公布之日起施行。"),
        Some((Marker::Article, 12))
    );
    assert_eq!(marker_of("第十条之一　盗窃罪"), Some((Marker::Article, 10)));
    assert_eq!(marker_of("第四章 （刪除）"), Some((Marker::Chapter, 4)));
    assert_eq!(marker_of("第 5 條 （刪除）"), Some((Marker::Article, 5)));
    // novels: volumes and chapter titles after `：`, `-` or spaces
    assert_eq!(marker_of("第一卷　风起"), Some((Marker::Part, 1)));
    assert_eq!(marker_of("卷一　风起"), Some((Marker::Part, 1)));
    assert_eq!(marker_of("第一部"), Some((Marker::Part, 1)));
    assert_eq!(marker_of("第1章：重逢"), Some((Marker::Chapter, 1)));
    assert_eq!(marker_of("第12章-重逢"), Some((Marker::Chapter, 12)));
}

#[test]
fn cross_references_at_a_line_start_are_not_articles() {
    for text in [
        "第七十八條至第八十三條規定，於前項情形準用之。",
        "第十條、第十一條規定之。",
        "第二条规定的内容",
        "第二节课后，同学们都走了，我们一起回家。",
    ] {
        assert_eq!(marker_of(text), None, "{text}");
    }
}

#[test]
fn unnumbered_divisions_alone_on_a_line() {
    for text in [
        "序言",
        "序　　言",
        "楔子　张天师祈禳瘟疫　洪太尉误走妖魔",
        "附　则",
        "後記",
        "序",
        "内容简介",
        "番外一　重逢",
        "Preface",
        "EPILOGUE",
    ] {
        assert_eq!(marker_of(text), Some((Marker::Division, 0)), "{text}");
    }
}

#[test]
fn decimal_english_and_appendix_openings() {
    assert_eq!(marker_of("4.2 Local Offsets"), Some((Marker::Decimal, 2)));
    assert_eq!(marker_of("3.1.1.5.1. 深"), Some((Marker::Decimal, 1)));
    assert_eq!(marker_of("Chapter 3"), Some((Marker::Chapter, 3)));
    assert_eq!(marker_of("PART II"), Some((Marker::Part, 2)));
    assert_eq!(marker_of("Appendix A. Notes"), Some((Marker::Appendix, 1)));
    assert_eq!(marker_of("附录 A.  Related"), Some((Marker::Appendix, 1)));
    assert_eq!(classify("Table of Contents"), Candidate::Toc);
}

#[test]
fn number_lines() {
    assert_eq!(marker_of("1"), Some((Marker::NumberLine, 1)));
    assert_eq!(marker_of("01"), Some((Marker::NumberLine, 1)));
    assert_eq!(marker_of("十二"), Some((Marker::NumberLine, 12)));
    assert_eq!(marker_of("2019"), Some((Marker::NumberLine, 2019)));
    assert_eq!(marker_of("2019年"), None);
}

#[test]
fn not_headings() {
    for text in [
        "1.5亿元的资金已经到位。",
        "2019年，我们召开了会议。",
        "前言不搭后语，说了半天。",
        "序幕拉开了，大家都很激动，鼓起掌来。",
        "一、",
        "（一）",
        "（1982年12月4日第五届全国人民代表大会第五次会议通过",
        "一二三四五六",
        "第一",
        "序文很长",
        "Partial results",
    ] {
        assert_eq!(classify(text), Candidate::None, "{text}");
    }
}

#[test]
fn points_dashes_enumerations_and_ordinals() {
    assert_eq!(
        point_of("——经济总体回升向好。国内生产总值超过126万亿元。"),
        Some((Marker::Dash, 0))
    );
    assert_eq!(classify("————————"), Candidate::None);
    assert_eq!(
        point_of("一是加大宏观调控力度。针对……"),
        Some((Marker::Enumerated, 1))
    );
    assert_eq!(
        point_of("六是全面加强政府建设。"),
        Some((Marker::Enumerated, 6))
    );
    assert_eq!(
        point_of("第一，关于“十五五”时期的重要地位。正文"),
        Some((Marker::Ordinal, 1))
    );
    assert_eq!(point_of("首先，要学习。"), Some((Marker::Ordinal, 1)));
    assert_eq!(point_of("其次，要实践。"), Some((Marker::Ordinal, 2)));
    assert_eq!(
        point_of("最后，要总结。"),
        Some((Marker::Ordinal, u32::MAX))
    );
    assert_eq!(classify("首先"), Candidate::None);
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

/// Words of the opening tables, numerals and other text, for strings that often open like a
/// heading and often do not.
fn opening_pieces() -> Vec<String> {
    let mut pieces: Vec<String> = ORDINAL_WORDS
        .iter()
        .map(|&(w, _)| w)
        .chain(PREFIX_UNITS.iter().map(|&(u, ..)| u))
        .chain(PLACED_PARTS.iter().copied())
        .chain(NAMED_DIVISIONS.iter().copied())
        .chain(latin::APPENDIX_WORDS.iter().copied())
        .chain([TEXT_START])
        .map(str::to_owned)
        .collect();
    pieces.extend(
        [
            "一", "十", "百", "〇", "两", "万", "、", "是", "，", "　", " ", "A", "I", "1", "第",
            "章", "“", "他", "说", "。", "：", "部", "卷", "言", "则",
        ]
        .map(str::to_owned),
    );
    pieces
}

proptest::proptest! {
    /// The first-character test of `cjk_opening` turns away only what the full test rejects.
    #[test]
    fn the_first_character_test_loses_no_opening(
        picks in proptest::collection::vec(0usize..1000, 1..8)
    ) {
        let pieces = opening_pieces();
        let text: String = picks.iter().map(|&k| pieces[k % pieces.len()].as_str()).collect();
        proptest::prop_assert_eq!(cjk_opening(&text), cjk_opening_of(&text));
    }
}

#[test]
fn every_table_word_passes_the_first_character_test() {
    for piece in opening_pieces().iter().take(
        ORDINAL_WORDS.len()
            + PREFIX_UNITS.len()
            + PLACED_PARTS.len()
            + NAMED_DIVISIONS.len()
            + latin::APPENDIX_WORDS.len()
            + 1,
    ) {
        let first = piece.chars().next().unwrap();
        assert!(may_open_cjk(first), "{piece}");
    }
    assert!(!may_open_cjk('他') && !may_open_cjk('“'));
}
