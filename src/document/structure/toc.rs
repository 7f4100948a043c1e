//! Tables of contents: a block that lists headings found later is never made of headings.
//!
//! Three kinds of evidence, each enough on its own:
//! - a label (`目录`, `目次`, `Table of Contents`, `Contents`): the block runs from the label to
//!   the line where its first entry repeats (by its number when it has one, so a small change of
//!   wording does not matter), across page breaks;
//! - entries that end in leader dots and a page number (`1. Introduction ...... 3`);
//! - a run of three or more short division or decimal heading lines with no text between them
//!   nearly all of whose entries come again later, in order (a novel's chapter list without a
//!   label; a law's clauses `（一）…（十六）` or a chapter line followed by its first articles are
//!   not such a run).

use std::collections::HashMap;

use super::Cand;
use super::layout_facts::{ENTRY_MAX_CHARS, PageFacts};
use crate::document::patterns::{self, Candidate, Family, Found};

/// A table of contents ends after this many lines at most.
const TOC_MAX_LINES: u32 = 400;
/// A label-less run of heading lines must be at least this long to be a list of contents.
const RUN_MIN: usize = 3;

/// The number that identifies an entry across small wording changes.
type Label = (crate::document::Marker, u32, u32, u8);

fn label_of(f: &Found) -> Option<Label> {
    (f.number > 0).then_some((f.marker, f.number, f.scope, f.depth))
}

/// Marks the paragraphs that belong to a table of contents.
pub(super) fn find(facts: &PageFacts, cands: &[Cand]) -> Vec<bool> {
    // an entry with a dot leader and a page number is one wherever it stands
    let mut toc = facts.leader_page.clone();
    for c in cands {
        if c.candidate == Candidate::Toc {
            labelled(facts, c.para as usize, &mut toc);
        }
    }
    unlabelled_runs(facts, cands, &mut toc);
    toc
}

/// From a label to the repeat of its first entry.
fn labelled(facts: &PageFacts, label: usize, toc: &mut [bool]) {
    toc[label] = true;
    let Some(first) = facts.next_content(label) else {
        return;
    };
    let first_text = facts.para_text(first);
    let first_label = heading_label(first_text);
    let first_key = entry_key(first_text);
    let start_line = facts.paras[label].line;
    let mut end = first + 1;
    while end < facts.paras.len() {
        if facts.furniture[end] {
            end += 1;
            continue;
        }
        let text = facts.para_text(end);
        let repeats = if let (Some(a), Some(b)) = (first_label, heading_label(text)) {
            a == b
        } else {
            let key = entry_key(text);
            !key.is_empty() && (key == first_key || first_key.starts_with(&key))
        };
        let too_far = facts.paras[end].line > start_line + TOC_MAX_LINES;
        let too_long = text.chars().count() > ENTRY_MAX_CHARS;
        if repeats || too_far || too_long {
            break;
        }
        end += 1;
    }
    for slot in toc.iter_mut().take(end).skip(first) {
        *slot = true;
    }
}

/// Runs of short heading lines, nothing between them, whose first entry repeats later.
fn unlabelled_runs(facts: &PageFacts, cands: &[Cand], toc: &mut [bool]) {
    let headings: Vec<(usize, Found)> = cands
        .iter()
        .filter_map(|c| match c.candidate {
            Candidate::Heading(f)
                if f.standalone
                    && label_of(&f).is_some()
                    && matches!(f.family, Family::Division | Family::Decimal) =>
            {
                Some((c.para as usize, f))
            }
            _ => None,
        })
        .collect();
    // the last place each label occurs
    let mut last_seen: HashMap<Label, usize> = HashMap::new();
    for &(para, f) in &headings {
        if let Some(l) = label_of(&f) {
            last_seen.insert(l, para);
        }
    }
    let mut k = 0;
    while k < headings.len() {
        // a run ends where an entry repeats one of its own (the body starts there)
        let mut seen: Vec<Label> = label_of(&headings[k].1).into_iter().collect();
        let mut end = k + 1;
        while end < headings.len()
            && adjacent(facts, headings[end - 1].0, headings[end].0)
            && label_of(&headings[end].1).is_some_and(|l| !seen.contains(&l))
        {
            seen.extend(label_of(&headings[end].1));
            end += 1;
        }
        let run = &headings[k..end];
        // nearly every entry comes again after the run, in the same order (a law's `第三章`,
        // `第一节`, `第三十二条` lines are not a list: the article never comes again)
        let again = |f: &Found| label_of(f).and_then(|l| last_seen.get(&l)).copied();
        let run_end = run[run.len() - 1].0;
        let mut last = run_end;
        let mut repeats = 0;
        for (_, f) in run {
            if let Some(at) = again(f).filter(|&at| at > last) {
                repeats += 1;
                last = at;
            }
        }
        let repeated = repeats * 5 >= run.len() * 4;
        if run.len() >= RUN_MIN && repeated {
            for &(para, _) in run {
                toc[para] = true;
            }
        }
        k = end;
    }
}

/// True when nothing but page furniture lies between paragraphs `a` and `b`.
fn adjacent(facts: &PageFacts, a: usize, b: usize) -> bool {
    (a + 1..b).all(|j| facts.furniture[j])
}

fn heading_label(text: &str) -> Option<Label> {
    match patterns::classify(text) {
        Candidate::Heading(f) => label_of(&f),
        _ => None,
    }
}

/// An entry without whitespace, leader dots and page number.
fn entry_key(text: &str) -> String {
    let s: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    s.trim_end_matches(|c: char| {
        c.is_ascii_digit() || matches!(c, '.' | '…' | '·' | '-' | '—' | '．')
    })
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::line_shape::has_leader_and_page;

    #[test]
    fn leader_lines() {
        assert!(has_leader_and_page(
            "1. Introduction ............................................ 2"
        ));
        assert!(has_leader_and_page("第一章 总纲……………3"));
        assert!(!has_leader_and_page("RFC 3339 ... July 2002 hmm"));
        assert!(!has_leader_and_page("共 12"));
        assert_eq!(entry_key("   1. 导言 ......3"), "1.导言");
    }
}
