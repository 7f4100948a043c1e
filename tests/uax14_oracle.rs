//! The breaker checked against an oracle that is not itself: every line break it makes in
//! random mixed text (Chinese, its punctuation, Latin, Greek and Cyrillic words, numbers,
//! spaces) must be a break opportunity of the Unicode line breaking algorithm (UAX #14, as the
//! `unicode-linebreak` crate computes it), or one of the documented exceptions where clreq and
//! gangmu decide differently:
//!
//! - **emergency breaks**: a line holding no UAX #14 opportunity at all (one word or one run
//!   wider than the line) is cut where it must be;
//! - **Chinese quotation marks**: UAX #14 (rule LB19) never breaks next to a quotation mark,
//!   since it cannot tell an opening `“` from a closing one; Chinese text can, and clreq breaks
//!   before an opening mark (`他说：` | `“走吧”`) and after a closing one when the other side is
//!   CJK. (Unicode 15.1's LB19a says the same for East Asian context; the crate predates it.)

use gangmu::display::AmbiguousWidth;
use gangmu::layout::breaker::{WrapOptions, wrap};
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "中", "文", "字", "排", "版", "，", "。", "、", "“", "”", "‘", "’", "《", "》", "（", "）",
    "——", "……", "！", "？", "：", "；", " ", " ", "word", "Über", "naïve", "слово", "λόγος",
    "2024", "3.14", "-", "(", ")", "a", "e.g.", "％", "100%", "年", "月", "日",
];

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 1..50).prop_map(|v| v.concat())
}

/// True when `c` is a CJK character or full-width punctuation (clreq's side of a quote).
fn is_cjk_side(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x9FFF | 0xFF00..=0xFFEF | 0x2014 | 0x2026)
}

/// The exception for Chinese quotation marks (see the module doc) at break `b`.
fn quote_break(text: &str, b: usize) -> bool {
    let before = text.get(..b).and_then(|t| t.trim_end().chars().next_back());
    let after = text.get(b..).and_then(|t| t.chars().next());
    match (before, after) {
        // before an opening mark, after Chinese text or punctuation
        (Some(c0), Some('“' | '‘')) => is_cjk_side(c0) || matches!(c0, '”' | '’'),
        // after a closing mark, before Chinese text or punctuation (or an opening mark)
        (Some('”' | '’'), Some(c1)) => is_cjk_side(c1) || matches!(c1, '“' | '‘'),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn every_break_is_a_uax14_opportunity_or_a_documented_exception(
        text in paragraph(),
        width in 2u16..30,
        wide in any::<bool>(),
    ) {
        let ambiguous = if wide { AmbiguousWidth::Wide } else { AmbiguousWidth::Narrow };
        let opts = WrapOptions { width, first_line_indent: 0, ambiguous };
        let spans = wrap(&text, &opts);
        let opportunities: Vec<usize> =
            unicode_linebreak::linebreaks(&text).map(|(at, _)| at).collect();
        for pair in spans.windows(2) {
            let (start, b) = (pair[0].start as usize, pair[1].start as usize);
            if opportunities.contains(&b) || quote_break(&text, b) {
                continue;
            }
            // an emergency break: nothing on the line could have been broken at
            let line_had_one = opportunities.iter().any(|&p| start < p && p < b);
            prop_assert!(
                !line_had_one,
                "break at {} in {:?} (line {:?}, next {:?}) is no UAX #14 opportunity, and the \
                 line had one",
                b,
                text,
                text.get(start..b),
                text.get(b..)
            );
        }
    }
}
