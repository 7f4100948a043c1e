//! The count, the index of the current match, smart case, regular expressions and the
//! per-section tally, against naive scans.

use proptest::prelude::*;

use super::*;

/// Every offset where `query` starts in `text`, the slow way.
fn naive(text: &str, query: &str) -> Vec<usize> {
    (0..text.len())
        .filter(|&i| text.as_bytes()[i..].starts_with(query.as_bytes()))
        .collect()
}

proptest! {
    /// The count and the index of each match visited by `n` agree with a naive scan,
    /// across block boundaries (a small block size is simulated by long texts of a few
    /// letters) and text appended after counting.
    #[test]
    fn count_and_index_match_a_naive_scan(
        text in "[ab中]{0,300}",
        more in "[ab中]{0,40}",
        query in "[ab中]{1,3}",
        repeat in 1usize..600,
    ) {
        let mut text = text.repeat(repeat);
        let mut s = Search::new(&query);
        while !s.advance(&text) {}
        text.push_str(&more);
        while !s.advance(&text) {}
        let all = naive(&text, &query);
        prop_assert_eq!(s.status(&text).1, all.len());
        // a few matches, first and last included
        let step = (all.len() / 7).max(1);
        for (i, &m) in all.iter().enumerate().step_by(step).chain(all.iter().enumerate().next_back()) {
            let f = s.next_from(&text, m, Direction::Forward).expect("a match");
            prop_assert_eq!(f.offset, m);
            prop_assert_eq!(s.status(&text).0, Some(i + 1));
        }
        prop_assert!(s.index_bytes() <= (text.len() / BLOCK + 4) * 16);
    }
}

#[test]
fn counts_all_matches_incrementally() {
    let text = "监督执纪，监督问责。".repeat(1000);
    let mut s = Search::new("监督");
    while !s.advance(&text) {}
    assert_eq!(s.status(&text), (None, 2000, true));
}

#[test]
fn next_and_previous_wrap_around() {
    let text = "甲监督乙监督丙";
    let mut s = Search::new("监督");
    let first = s.next_from(text, 0, Direction::Forward).expect("match");
    assert_eq!((first.offset, first.wrapped), (3, false));
    let second = s
        .next_from(text, first.offset + 1, Direction::Forward)
        .expect("match");
    assert_eq!(second.offset, 12);
    let wrapped = s
        .next_from(text, second.offset + 1, Direction::Forward)
        .expect("match");
    assert_eq!((wrapped.offset, wrapped.wrapped), (3, true));
    s.advance(text);
    assert_eq!(s.status(text).0, Some(1));
    let back = s.next_from(text, 3, Direction::Backward).expect("match");
    assert_eq!((back.offset, back.wrapped), (12, true));
    assert_eq!(s.status(text).0, Some(2));
}

#[test]
fn no_match() {
    let mut s = Search::new("不在");
    assert_eq!(s.next_from("甲乙丙", 0, Direction::Forward), None);
}

#[test]
fn smart_case_lowercase_finds_either_case_uppercase_is_exact() {
    let text = "GDP 增长，gdp 总量，Gdp 结构；国内生产总值。";
    let mut caseless = Search::new("gdp");
    while !caseless.advance(text) {}
    assert_eq!(caseless.status(text).1, 3);
    assert_eq!(caseless.matches_in(text, 0..text.len()), vec![0, 13, 26]);
    let first = caseless.next_from(text, 1, Direction::Forward).unwrap();
    assert_eq!(first.offset, 13);
    let back = caseless.next_from(text, 13, Direction::Backward).unwrap();
    assert_eq!(back.offset, 0);
    let mut exact = Search::new("Gdp");
    while !exact.advance(text) {}
    assert_eq!(exact.status(text).1, 1);
    assert_eq!(exact.matches_in(text, 0..text.len()), vec![26]);
    // one letter counts both cases; CJK is exact as ever
    let mut g = Search::new("g");
    while !g.advance(text) {}
    assert_eq!(g.status(text).1, 3);
    let mut cjk = Search::new("总");
    while !cjk.advance(text) {}
    assert_eq!(cjk.status(text).1, 2);
}

#[test]
fn matches_in_a_range_include_ones_crossing_its_edges() {
    let text = "abcabcabc";
    let s = Search::new("cab");
    assert_eq!(s.matches_in(text, 0..3), vec![2]);
    assert_eq!(s.matches_in(text, 3..6), vec![2, 5]);
    assert_eq!(s.matches_in(text, 6..7), vec![5]);
}

#[test]
fn a_billion_matches_need_no_memory_per_match() {
    // 24 MiB of `a`: 25 million matches, counted over two steps
    let text = "a".repeat(24 << 20);
    let mut s = Search::new("a");
    let mut steps = 0;
    while !s.advance(&text) {
        steps += 1;
    }
    assert_eq!(steps, 1);
    assert_eq!(s.status(&text), (None, 24 << 20, true));
    // one running total per 64 KiB block, not one offset per match
    assert!(
        s.index_bytes() <= (text.len() / BLOCK + 16) * 16,
        "{}",
        s.index_bytes()
    );
    assert!(s.index_bytes() < 16 << 10);
    // n and N still work, and the index of the current match is exact
    let at = 17 << 20;
    let found = s.next_from(&text, at + 5, Direction::Forward).unwrap();
    assert_eq!(found.offset, at + 5);
    assert_eq!(s.status(&text).0, Some(at + 6));
    let back = s.next_from(&text, at, Direction::Backward).unwrap();
    assert_eq!(back.offset, at - 1);
    assert_eq!(s.status(&text).0, Some(at));
}

#[test]
fn overlapping_matches_are_counted_and_indexed_like_n_visits_them() {
    let text = "x".to_owned() + &"aa".repeat(BLOCK) + "y";
    let mut s = Search::new("aaa");
    while !s.advance(&text) {}
    let total = 2 * BLOCK - 2;
    assert_eq!(s.status(&text).1, total);
    // walk the last few with n: every start, each with its own index
    let mut pos = text.len() - 7;
    for expected in (total - 3)..=total {
        let f = s.next_from(&text, pos, Direction::Forward).unwrap();
        assert!(!f.wrapped);
        assert_eq!(s.status(&text).0, Some(expected));
        pos = f.offset + 1;
    }
}

#[test]
fn text_appended_after_counting_is_counted_across_the_old_end() {
    let mut text = "监督".repeat(10) + "监";
    let mut s = Search::new("监督");
    assert!(s.advance(&text));
    assert_eq!(s.status(&text).1, 10);
    text.push('督');
    assert!(!s.is_complete(&text));
    assert!(s.advance(&text));
    assert_eq!(s.status(&text).1, 11);
}

#[test]
fn counting_across_step_boundaries_finds_each_match_once() {
    let mut text = "x".repeat(SCAN_STEP - 1);
    text.push_str("AB");
    text.push_str(&"y".repeat(10));
    let mut s = Search::new("AB");
    while !s.advance(&text) {}
    assert_eq!(s.status(&text).1, 1);
}

/// The regex crate's own matches of `pattern` over the whole text, with the reader's flags.
fn naive_regex(text: &str, pattern: &str) -> Vec<usize> {
    regex::bytes::RegexBuilder::new(pattern)
        .multi_line(true)
        .case_insensitive(matcher::smart_caseless(pattern))
        .build()
        .expect("a valid pattern")
        .find_iter(text.as_bytes())
        .map(|m| m.start())
        .collect()
}

/// Section starts every third line start (and at 0), as a document's headings would be.
fn line_sections(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .step_by(3)
        .filter(|&s| s < text.len())
        .collect()
}

proptest! {
    /// A regular expression's count, the index of each match `n` visits and the hits of every
    /// section agree with the regex crate run over the whole text.
    #[test]
    fn regex_count_index_and_section_hits_agree_with_the_regex_crate(
        text in "[abA中\n]{0,200}",
        repeat in 1usize..300,
        pattern in prop::sample::select(vec!["a+", "b|中", "^a", "a$", "中b?", "(ab)+", "A", "a\nb"]),
    ) {
        let text = text.repeat(repeat);
        let starts = line_sections(&text);
        let mut s = Search::build(pattern, Syntax::Regex).expect("valid");
        while !s.advance_with(&text, &|i| starts.get(i).copied()) {}
        let all = naive_regex(&text, pattern);
        prop_assert_eq!(s.status(&text).1, all.len());
        for (i, &start) in starts.iter().enumerate() {
            let end = starts.get(i + 1).copied().unwrap_or(text.len() + 1);
            let want = all.iter().filter(|&&m| m >= start && m < end).count() as u64;
            prop_assert_eq!(s.section_hits(&text, i, i + 1, starts.len()), Some((want, true)));
        }
        let step = (all.len() / 5).max(1);
        for (i, &m) in all.iter().enumerate().step_by(step) {
            let f = s.next_from(&text, m, Direction::Forward).expect("a match");
            prop_assert_eq!(f.offset, m);
            prop_assert_eq!(s.status(&text).0, Some(i + 1));
        }
        if let (Some(&first), Some(&last)) = (all.first(), all.last()) {
            let back = s.next_from(&text, first, Direction::Backward).expect("a match");
            prop_assert_eq!(back.offset, last);
        }
    }
}

#[test]
fn a_subtree_sums_its_sections_and_partial_counts_say_so() {
    // three sections of 6 MiB: more than a regular expression's step, so counting takes
    // several calls and the tallies are read half done
    let part = "监督".to_owned() + &"x".repeat((6 << 20) - 7) + "\n";
    let text = part.repeat(3);
    let starts = [0, part.len(), 2 * part.len()];
    let mut s = Search::build("监督|^x", Syntax::Regex).expect("valid");
    assert!(!s.advance_with(&text, &|i| starts.get(i).copied()));
    assert_eq!(s.section_hits(&text, 0, 1, 3), Some((1, false)));
    assert_eq!(s.section_hits(&text, 2, 3, 3), None, "not reached yet");
    while !s.advance_with(&text, &|i| starts.get(i).copied()) {}
    assert_eq!(s.section_hits(&text, 0, 3, 3), Some((3, true)));
    assert_eq!(s.section_hits(&text, 1, 2, 3), Some((1, true)));
    assert_eq!(s.status(&text), (None, 3, true));
}

#[test]
fn an_invalid_pattern_is_one_line_and_literal_mode_takes_it_as_text() {
    let err = Search::build("第(一", Syntax::Regex).expect_err("unclosed group");
    assert!(!err.contains('\n') && !err.is_empty(), "{err}");
    let mut s = Search::build("第(一", Syntax::Literal).expect("any text is literal");
    let text = "见第(一项";
    while !s.advance(text) {}
    assert_eq!(s.status(text).1, 1);
    assert_eq!(s.syntax().toggled(), Syntax::Regex);
}

#[test]
fn regex_smart_case_and_line_anchors() {
    let text = "GDP 增长\ngdp 总量\n结构 Gdp";
    let count = |p: &str| {
        let mut s = Search::build(p, Syntax::Regex).expect("valid");
        while !s.advance(text) {}
        s.status(text).1
    };
    assert_eq!(count("gdp"), 3);
    assert_eq!(count("Gdp"), 1);
    assert_eq!(count("^gdp"), 2);
    assert_eq!(count("gdp$"), 1);
    assert_eq!(count("增长|总量"), 2);
    let s = Search::build("g.p", Syntax::Regex).expect("valid");
    // a match overlapping the range from before it counts
    assert_eq!(s.match_ranges_in(text, 12..20), vec![11..14]);
    assert_eq!(
        s.match_ranges_in(text, 12..text.len()),
        vec![11..14, 29..32]
    );
}

#[test]
fn an_empty_or_byte_match_never_starts_inside_a_character() {
    let text = "中文a";
    // (an empty match at the very end of the text is not counted: matches are counted by
    // where they start, and nothing starts there)
    for (pattern, count) in [("x*", 3), (r"(?-u:\x96)", 0), ("", 3)] {
        let mut s = Search::build(pattern, Syntax::Regex).expect("valid");
        while !s.advance(text) {}
        assert_eq!(s.status(text).1, count, "{pattern}");
        for m in s.matches_in(text, 0..text.len()) {
            assert!(text.is_char_boundary(m), "{pattern} at {m}");
        }
        let mut at = 0;
        for _ in 0..5 {
            let Some(f) = s.next_from(text, at, Direction::Forward) else {
                break;
            };
            assert!(text.is_char_boundary(f.offset), "{pattern}");
            at = f.offset + 1;
        }
    }
}
