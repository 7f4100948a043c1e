//! The breaker checked against an oracle that is not itself: every line break it makes in
//! random mixed text (Chinese, its punctuation, Latin, Greek and Cyrillic words, numbers,
//! spaces) must be a break opportunity of the Unicode line breaking algorithm (UAX #14, as the
//! `unicode-linebreak` crate computes it), or one of the documented exceptions where clreq and
//! gangmu decide differently:
//!
//! - **emergency breaks**: a run with no break that both UAX #14 and clreq allow, wider than
//!   the line (a long word; `！——` at 4 columns, since a dash may not start a line), must be cut
//!   somewhere inside;
//! - **Chinese quotation marks**: UAX #14 (rule LB19) never breaks next to a quotation mark,
//!   since it cannot tell an opening `“` from a closing one; Chinese text can, and clreq breaks
//!   before an opening mark (`他说：` | `“走吧”`) and after a closing one when the other side is
//!   CJK. (Unicode 15.1's LB19a says the same for East Asian context; the crate predates it.)
//!   In Chinese text `“` and `‘` only ever open and `”` only closes, so a break before the
//!   one and after the other is clreq's next to a Latin word as well (`word` | `“引文”`); so is
//!   one after `’` unless letters stand on both sides (then it is an apostrophe: `don’t`).
//! - **full-width next to a letter**: clreq breaks between a full-width character and a Latin,
//!   Greek or Cyrillic word (`中％` | `naïve`), as between any CJK character and a word; UAX #14
//!   keeps a postfix `％` (class PO, LB24) and an opening full-width bracket with the letters
//!   after them, as it does for the half-width `%` and `(`; and a full-width opening bracket
//!   may start a line whatever comes before it (`100%` | `（注）`). Likewise before a hyphen-minus
//!   after CJK text (`中》` | `-1`): UAX #14 (LB21) keeps a hyphen with what comes before, which
//!   after a Chinese character is no word it could hyphenate; clreq lets `-` start a line.
//!   Nor is a rule drawn with `-----`, which cjkcheck may want split to carry a widow down.

use gangmu::display::AmbiguousWidth;
use gangmu::layout::breaker::{WrapOptions, wrap};
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "中",
    "文",
    "字",
    "排",
    "版",
    "，",
    "。",
    "、",
    "“",
    "”",
    "‘",
    "’",
    "《",
    "》",
    "（",
    "）",
    "——",
    "……",
    "！",
    "？",
    "：",
    "；",
    " ",
    " ",
    "word",
    "Über",
    "naïve",
    "слово",
    "λόγος",
    "2024",
    "3.14",
    "-",
    "(",
    ")",
    "a",
    "e.g.",
    "％",
    "100%",
    "年",
    "月",
    "日",
];

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 1..50).prop_map(|v| v.concat())
}

/// True when `c` is a CJK character or full-width punctuation (clreq's side of a quote).
fn is_cjk_side(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x9FFF | 0xFF00..=0xFFEF | 0x2014 | 0x2026)
}

/// True when clreq allows a break at `b`: the character before it may end a line and the one
/// after it may start one (the classes cjkcheck grades, `gangmu::text::classes`).
fn clreq_allows(text: &str, b: usize) -> bool {
    use gangmu::text::classes::{NO_END, NO_START, flags};
    let before = text.get(..b).and_then(|t| t.trim_end().chars().next_back());
    let after = text.get(b..).and_then(|t| t.chars().next());
    before.is_none_or(|c| flags(c) & NO_END == 0) && after.is_none_or(|c| flags(c) & NO_START == 0)
}

/// The exceptions for a full-width character next to a letter or a hyphen-minus (see the module
/// doc) at break `b`.
fn full_width_break(text: &str, b: usize) -> bool {
    let before = text.get(..b).and_then(|t| t.trim_end().chars().next_back());
    let after = text.get(b..).and_then(|t| t.chars().next());
    let opening = |c: char| {
        gangmu::text::classes::flags(c) & gangmu::text::classes::NO_END != 0 && is_cjk_side(c)
    };
    match (before, after) {
        (Some(c0), Some('-')) => is_cjk_side(c0) || c0 == '-',
        (Some(_), Some(c1)) if opening(c1) => true,
        (Some(c0), Some(c1)) => {
            (is_cjk_side(c0) && c1.is_alphanumeric() && !is_cjk_side(c1))
                || (c0.is_alphanumeric() && !is_cjk_side(c0) && is_cjk_side(c1))
        }
        _ => false,
    }
}

/// The exception for Chinese quotation marks (see the module doc) at break `b`.
fn quote_break(text: &str, b: usize) -> bool {
    let before = text.get(..b).and_then(|t| t.trim_end().chars().next_back());
    let after = text.get(b..).and_then(|t| t.chars().next());
    match (before, after) {
        // before an opening mark (Chinese text writes “ ‘ only as opening marks), after a
        // closing one (a `’` between letters is an apostrophe, inside a word)
        (Some(_), Some('“' | '‘')) | (Some('”'), Some(_)) => true,
        (Some('’'), Some(c1)) => {
            let latin = |c: char| c.is_alphanumeric() && !is_cjk_side(c);
            let before_mark = text
                .get(..b)
                .map(str::trim_end)
                .and_then(|t| t.strip_suffix('’'))
                .and_then(|t| t.chars().next_back());
            !(before_mark.is_some_and(latin) && latin(c1))
        }
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
            if opportunities.contains(&b) || quote_break(&text, b) || full_width_break(&text, b) {
                continue;
            }
            // an emergency break: inside a run between two breaks both rules allow that is
            // wider than the line
            let legal = |p: &usize| clreq_allows(&text, *p);
            let run_start = opportunities
                .iter()
                .copied()
                .filter(|&p| p < b && legal(&p))
                .max()
                .unwrap_or(0);
            let run_end = opportunities
                .iter()
                .copied()
                .find(|&p| p > b && legal(&p))
                .unwrap_or(text.len());
            let run = text.get(run_start..run_end).unwrap_or("").trim_end();
            let run_width = gangmu::display::str_width(run, ambiguous);
            prop_assert!(
                run_width > usize::from(width),
                "break at {} in {:?} (line {:?}, next {:?}) is no UAX #14 opportunity, and the \
                 run around it ({:?}, {} columns) fits the line",
                b,
                text,
                text.get(start..b),
                text.get(b..),
                run,
                run_width
            );
        }
    }
}
