//! The matcher's ranks and number forms, on titles as the structure pass makes them.

use super::*;
use crate::document::Format;

/// Chinese numerals up to 999, as laws write them (`五百一十`, `二百零五`, `一百一十`).
fn cjk(number: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let (hundreds, tens, units) = (number / 100, number / 10 % 10, number % 10);
    let mut out = String::new();
    if hundreds > 0 {
        out.push_str(DIGITS[hundreds as usize]);
        out.push('百');
    }
    match (hundreds, tens, units) {
        (0, 0, _) | (_, 0, 0) => {}
        (0, 1, _) => out.push('十'),
        (_, 0, _) => out.push('零'),
        _ => {
            out.push_str(DIGITS[tens as usize]);
            out.push('十');
        }
    }
    if units > 0 {
        out.push_str(DIGITS[units as usize]);
    }
    out
}

/// A law-like tree: three parts with chapters and articles 1–520 numbered through, and an
/// article whose first sentence cites the third part.
fn law() -> Document {
    let mut text = String::new();
    let parts = [("总则", 1..=200), ("物权", 201..=300), ("合同", 301..=520)];
    for (p, (name, articles)) in parts.into_iter().enumerate() {
        text.push_str(&format!("第{}编　{name}\n", cjk(p as u32 + 1)));
        text.push_str(&format!("第一章　{name}一般规定\n"));
        for a in articles {
            let first = if a == 285 {
                "依照本法第三编的规定，订立合同。".to_owned()
            } else {
                format!("本条规定第{a}项事宜。")
            };
            text.push_str(&format!("第{}条　{first}其余从略。\n", cjk(a)));
        }
    }
    Document::parse(&text, Format::Plain)
}

fn title_of(doc: &Document, i: Option<usize>) -> &str {
    i.map_or("(none)", |i| doc.section_title(i))
}

fn go(doc: &Document, query: &str, current: Option<usize>) -> Option<usize> {
    best_after(doc, &Query::new(query).expect("a query"), current)
}

#[test]
fn labels_are_the_marker_part_of_a_title() {
    assert_eq!(label_of("第三编　合同"), Some("第三编"));
    assert_eq!(
        label_of("第二百八十五条　依照本法第三编的规定"),
        Some("第二百八十五条")
    );
    assert_eq!(label_of("第 12 條 施行"), Some("第 12 條"));
    assert_eq!(label_of("第十条之一"), Some("第十条之一"));
    assert_eq!(label_of("第4-1条 插入"), Some("第4-1条"));
    assert_eq!(label_of("（四）加强监督"), Some("（四）"));
    assert_eq!(label_of("(12) items"), Some("(12)"));
    assert_eq!(label_of("一、总体要求"), Some("一、"));
    assert_eq!(label_of("2.3 Ranking"), Some("2.3"));
    assert_eq!(label_of("4.8.6.1. Deep"), Some("4.8.6.1."));
    assert_eq!(label_of("A.1 Grammar"), Some("A.1"));
    assert_eq!(label_of("1、开放时间"), Some("1、"));
    assert_eq!(label_of("①第一点"), Some("①"));
    assert_eq!(label_of("Chapter 3 The Road"), Some("Chapter 3"));
    assert_eq!(label_of("Appendix A"), Some("Appendix A"));
    assert_eq!(label_of("卷二 风起"), Some("卷二"));
    assert_eq!(label_of("序言"), None);
    assert_eq!(label_of("依照本法第三编"), None);
}

#[test]
fn numbers_in_either_form_are_one_label() {
    assert_eq!(canonical_label("第五百一十条"), "510条");
    assert_eq!(canonical_label("第 510 條"), "510条");
    assert_eq!(canonical_label("510条"), "510条");
    assert_eq!(canonical_label("（四）"), "(4)");
    assert_eq!(canonical_label("１．"), "1.");
    assert_eq!(canonical_label("第三编"), canonical_label("3编"));
}

#[test]
fn a_label_outranks_a_title_that_cites_it() {
    let d = law();
    assert_eq!(cjk(510), "五百一十");
    assert_eq!(cjk(205), "二百零五");
    assert_eq!(d.sections.len(), 526, "3 parts, 3 chapters, 520 articles");
    // from the top (as after `g`), `第三编` is the part, not the article citing it
    assert_eq!(title_of(&d, go(&d, "第三编", None)), "第三编　合同");
    assert_eq!(title_of(&d, go(&d, "第三编", Some(0))), "第三编　合同");
    assert_eq!(title_of(&d, go(&d, "3编", None)), "第三编　合同");
    let q = Query::new("第三编").expect("query");
    assert_eq!(q.rank("第三编　合同"), Some(MatchRank::Label));
    assert_eq!(
        q.rank("第二百八十五条　依照本法第三编的规定"),
        Some(MatchRank::Substring)
    );
}

#[test]
fn articles_are_found_by_number_in_any_form() {
    let d = law();
    for query in [
        "510条",
        "第510条",
        "510",
        "五百一十",
        "第五百一十条",
        "第 510 条",
    ] {
        assert_eq!(
            title_of(&d, go(&d, query, None)),
            "第五百一十条　本条规定第510项事宜",
            "{query}"
        );
    }
    // `51` cuts no number: it is no prefix of 510 or 511
    let q = Query::new("51").expect("query");
    assert_eq!(q.rank("第五百一十条　合同生效后"), None);
}

#[test]
fn the_ranks_in_order() {
    let q = Query::new("第五百").expect("query");
    assert_eq!(q.rank("第五百条　甲"), Some(MatchRank::Label));
    let q = Query::new("2.3").expect("query");
    assert_eq!(q.rank("2.3 Ranking"), Some(MatchRank::Label));
    assert_eq!(q.rank("2.3.1 Detail"), Some(MatchRank::LabelPrefix));
    let q = Query::new("Chapter").expect("query");
    assert_eq!(q.rank("Chapter 3 The Road"), Some(MatchRank::LabelPrefix));
    let q = Query::new("总体").expect("query");
    assert_eq!(q.rank("总体要求"), Some(MatchRank::TitlePrefix));
    assert_eq!(q.rank("一、总体要求"), Some(MatchRank::Substring));
    assert_eq!(q.rank("具体要求"), None);
    assert!(MatchRank::Label < MatchRank::LabelPrefix);
    assert!(MatchRank::TitlePrefix < MatchRank::Substring);
    assert_eq!(Query::new("  "), None);
}

#[test]
fn repeating_a_query_cycles_through_the_best_rank_only() {
    let d = law();
    // `第一章` is the label of three chapters; article titles holding `第一章` never come up
    let first = go(&d, "第一章", None);
    assert_eq!(title_of(&d, first), "第一章　总则一般规定");
    let second = go(&d, "第一章", first);
    assert_eq!(title_of(&d, second), "第一章　物权一般规定");
    let third = go(&d, "第一章", second);
    assert_eq!(title_of(&d, third), "第一章　合同一般规定");
    let again = go(&d, "第一章", third);
    assert_eq!(again, first, "wraps around");
}

#[test]
fn latin_titles_fold_case_unless_the_query_has_capitals() {
    let q = Query::new("the road").expect("query");
    assert_eq!(q.rank("Chapter 3 The Road"), Some(MatchRank::Substring));
    let q = Query::new("The road").expect("query");
    assert_eq!(q.rank("Chapter 3 The Road"), None);
    let q = Query::new("chapter 3").expect("query");
    assert_eq!(q.rank("Chapter 3 The Road"), Some(MatchRank::Label));
}

#[test]
fn fuzzy_subsequence_ranks_after_every_contiguous_match() {
    let q = Query::new("民总").expect("query");
    assert_eq!(q.rank("民法总则"), Some(MatchRank::Fuzzy));
    assert_eq!(q.rank("民总则"), Some(MatchRank::TitlePrefix));
    assert_eq!(q.rank("第一编　民总"), Some(MatchRank::Substring));
    assert_eq!(
        q.rank("总则民法"),
        None,
        "the characters must come in order"
    );
    assert!(MatchRank::Substring < MatchRank::Fuzzy);
}

#[test]
fn the_picker_lists_contiguous_matches_before_fuzzy_ones() {
    let doc = Document::parse(
        "一、民法的总体原则\n二、民总问题\n三、刑法\n四、民总\n",
        Format::Plain,
    );
    let q = Query::new("民总").expect("query");
    let titles: Vec<&str> = ranked(&doc, &q, None, 10)
        .into_iter()
        .map(|(i, _)| doc.section_title(i))
        .collect();
    assert_eq!(titles, ["二、民总问题", "四、民总", "一、民法的总体原则"]);
    // the limit keeps the best, not the first in document order
    let best: Vec<usize> = ranked(&doc, &q, None, 1)
        .into_iter()
        .map(|(i, _)| i)
        .collect();
    assert_eq!(best, [1]);
}

#[test]
fn the_picker_starts_after_the_current_section_within_a_rank() {
    let d = law();
    let q = Query::new("第一章").expect("query");
    let first = ranked(&d, &q, None, 3);
    let second = ranked(&d, &q, Some(first[0].0), 3);
    assert_eq!(second[0].0, first[1].0, "the next chapter one comes first");
    assert_eq!(
        second[2].0, first[0].0,
        "the current one wraps to the end of its rank"
    );
}

#[test]
fn a_number_finds_its_article_first_in_the_picker() {
    let d = law();
    let q = Query::new("510").expect("query");
    let top = ranked(&d, &q, None, 5);
    assert!(d.section_title(top[0].0).starts_with("第五百一十条"));
    assert_eq!(top[0].1, MatchRank::Label);
}

#[test]
fn pinyin_initials_and_syllables_find_a_title_after_every_contiguous_match() {
    for q in ["jd", "jiandu", "jiand", "JD"] {
        let rank = Query::new(q).expect("query").rank("第十章　监督检查");
        let expected = (q != "JD").then_some(MatchRank::Pinyin);
        assert_eq!(rank, expected, "{q}: capitals are no pinyin");
    }
    assert_eq!(
        Query::new("jd").expect("query").rank("JD 报告"),
        Some(MatchRank::TitlePrefix)
    );
    assert!(MatchRank::Substring < MatchRank::Pinyin && MatchRank::Pinyin < MatchRank::Fuzzy);
    let doc = Document::parse(
        "第一章　总则\n第二章　监督管理\n第三章　jd 附录\n",
        Format::Plain,
    );
    let top = ranked(&doc, &Query::new("jd").expect("query"), None, 5);
    let titles: Vec<&str> = top.iter().map(|&(i, _)| doc.section_title(i)).collect();
    assert_eq!(titles, ["第三章　jd 附录", "第二章　监督管理"]);
}

/// Titles drawn from a few pieces, so that labels, prefixes, substrings, pinyin runs and
/// subsequences all occur, in Latin of both cases too.
fn piece() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "第五百一十条",
        "第三编",
        "2.3",
        "（四）",
        "一、",
        "Chapter 3 ",
        "监督",
        "管理",
        "检查",
        "民法",
        "总则",
        "　",
        " ",
        "GDP",
        "gdp",
        "jd",
        "，",
        "5",
        "条",
    ])
    .prop_map(str::to_owned)
}

use proptest::prelude::*;

proptest! {
    /// The picker's rank-by-rank search over the index lists exactly what ranking each title
    /// on its own lists, in the same order, for any limit and current section.
    #[test]
    fn the_index_ranks_exactly_as_title_by_title(
        titles in prop::collection::vec(prop::collection::vec(piece(), 1..5), 1..40),
        query in prop::collection::vec(piece(), 1..3),
        limit in 0usize..12,
        current in prop::option::of(0usize..40),
    ) {
        let text: String = titles.iter().map(|t| format!("# {}\n\nbody\n\n", t.concat())).collect();
        let doc = Document::parse(&text, Format::Markdown);
        let Some(q) = Query::new(&query.concat()) else { return Ok(()) };
        let mut index = TitleIndex::default();
        index.update(&doc);
        let current = current.filter(|&c| c < doc.sections.len());
        prop_assert_eq!(
            ranked_indexed(&doc, &index, &q, current, limit),
            ranked_naive(&doc, &index, &q, current, limit)
        );
    }

    /// The same ranking taken in slices of a few searches (as the reader does, one slice per
    /// frame) ends with exactly the same list.
    #[test]
    fn a_ranking_in_slices_ends_as_title_by_title(
        titles in prop::collection::vec(prop::collection::vec(piece(), 1..5), 1..40),
        query in prop::collection::vec(piece(), 1..3),
        limit in 0usize..12,
        current in prop::option::of(0usize..40),
        slice in 1usize..4,
    ) {
        let text: String = titles.iter().map(|t| format!("# {}\n\nbody\n\n", t.concat())).collect();
        let doc = Document::parse(&text, Format::Markdown);
        let Some(q) = Query::new(&query.concat()) else { return Ok(()) };
        let mut index = TitleIndex::default();
        index.update(&doc);
        let current = current.filter(|&c| c < doc.sections.len());
        let mut ranking = super::Ranking::start(&doc, &index, &q, current, limit);
        let mut steps = 0;
        while !ranking.step(&index, slice) {
            steps += 1;
            prop_assert!(steps < 10_000);
        }
        prop_assert_eq!(ranking.results(), ranked_naive(&doc, &index, &q, current, limit));
    }
}
