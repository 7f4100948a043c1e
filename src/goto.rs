//! Go-to specifications, shared by the `:` prompt and `-s/--section`.
//!
//! A spec is one of: `12` (the 12th top-level section), `2.3` (a path: 3rd child of the 2nd
//! top-level section), `50%` (a place in the text), `L123` (source line 123), `p12` or `第12页`
//! (where page 12 of a PDF starts; in a document without pages, a heading search), or any other text,
//! matched against headings by [`crate::heading_match`]: a heading whose label is the text
//! (`第三编`, `510条`, `（四）`) before one whose title merely contains it. Among the best
//! matches the first after the current section wins, wrapping around, so pressing Enter again
//! on the same text walks through them. A number or path that names no section (`510` in a
//! law with seven parts) is matched as a label too.

use crate::document::Document;
use crate::heading_match::{self, MatchRank, Query};
use crate::pos::TextPos;

/// A parsed go-to specification.
#[derive(Debug, Clone, PartialEq)]
pub enum Spec {
    /// A path of 1-based child numbers from the top level (`12` → `[12]`, `2.3` → `[2, 3]`).
    Path(Vec<usize>),
    /// A percentage of the text (0–100).
    Percent(f64),
    /// A 1-based source line (`L123`).
    Line(u32),
    /// A 1-based page of a PDF (`p12`, `第12页`).
    Page(u32),
    /// Text to find in heading labels and titles.
    Title(String),
}

/// Where a go-to lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The heading of a section.
    Section(usize),
    /// A byte offset in the text.
    Offset(TextPos),
}

/// Parses a spec; `None` for an empty one.
pub fn parse(spec: &str) -> Option<Spec> {
    let s = spec.trim();
    if s.is_empty() {
        return None;
    }
    let ascii: String = s.chars().map(to_ascii_digit).collect();
    if let Some(p) = ascii.strip_suffix('%')
        && let Ok(v) = p.trim().parse::<f64>()
        && (0.0..=100.0).contains(&v)
    {
        return Some(Spec::Percent(v));
    }
    let parts: Option<Vec<usize>> = ascii
        .split(['.', '．'])
        .map(|p| p.parse::<usize>().ok().filter(|&n| n > 0))
        .collect();
    if let Some(path) = parts {
        return Some(Spec::Path(path));
    }
    if let Some(line) = ascii.strip_prefix(['L', 'l'])
        && let Ok(n) = line.trim().parse::<u32>()
        && n > 0
    {
        return Some(Spec::Line(n));
    }
    let page = ascii
        .strip_prefix(['p', 'P'])
        .or_else(|| ascii.strip_prefix('第').and_then(|p| p.strip_suffix('页')));
    if let Some(page) = page
        && let Ok(n) = page.trim().parse::<u32>()
        && n > 0
    {
        return Some(Spec::Page(n));
    }
    Some(Spec::Title(s.to_owned()))
}

/// Full-width digits and punctuation read as ASCII in specs (`１２`, `５０％`).
fn to_ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        '％' => '%',
        '．' => '.',
        _ => c,
    }
}

/// Resolves a spec in `doc`; `current` is the section the reader is in (title searches start
/// after it). `None` when nothing matches.
pub fn resolve(doc: &Document, spec: &Spec, current: Option<usize>) -> Option<Target> {
    match spec {
        Spec::Percent(p) => {
            let offset = ((doc.text.len() as f64) * p / 100.0) as usize;
            Some(Target::Offset(TextPos::new(offset.min(doc.text.len()))))
        }
        Spec::Path(path) => resolve_path(doc, path)
            // a path may name a section still loading: only a whole document says it names none
            .or_else(|| {
                doc.is_complete()
                    .then(|| find_title(doc, &path_text(path), current))?
            })
            .map(Target::Section),
        Spec::Line(line) => resolve_line(doc, *line).map(Target::Offset),
        Spec::Page(page) => match doc.page_line(*page) {
            Some(line) => resolve_line(doc, line).map(Target::Offset),
            // pages only a PDF has; elsewhere `p12` may be a heading's label
            None if doc.page_count() == 0 => {
                find_heading(doc, &format!("p{page}"), current).map(Target::Section)
            }
            None => None,
        },
        Spec::Title(text) => find_heading(doc, text, current).map(Target::Section),
    }
}

/// Like [`find_title`], but while `doc` is still loading only a heading whose label is the
/// text will do: a better match than a title merely containing it may be still to come.
fn find_heading(doc: &Document, text: &str, current: Option<usize>) -> Option<usize> {
    let (found, rank) = heading_match::best_match_after(doc, &Query::new(text)?, current)?;
    (doc.is_complete() || rank == MatchRank::Label).then_some(found)
}

/// A path as typed: `2.3`.
pub fn path_text(path: &[usize]) -> String {
    path.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

/// The start of the paragraph holding source line `line` (the last one starting at or before
/// it); `None` past the text loaded so far.
fn resolve_line(doc: &Document, line: u32) -> Option<TextPos> {
    let after = doc.paragraphs.partition_point(|p| p.line <= line);
    let past_end = after == doc.paragraphs.len() && !doc.is_complete();
    let para = doc.paragraphs.get(after.checked_sub(1)?)?;
    (!past_end).then(|| TextPos::new(para.range.start))
}

/// The section at a path of 1-based child numbers.
pub fn resolve_path(doc: &Document, path: &[usize]) -> Option<usize> {
    let mut parent: Option<usize> = None;
    let mut found = None;
    for &n in path {
        let mut i = parent.map_or(0, |p| p + 1);
        let end = parent.map_or(doc.sections.len(), |p| doc.subtree_end(p));
        let mut k = 0;
        found = None;
        while i < end {
            k += 1;
            if k == n {
                found = Some(i);
                break;
            }
            i = doc.subtree_end(i);
        }
        parent = Some(found?);
    }
    found
}

/// The `n`th (1-based) top-level section.
pub fn top_level(doc: &Document, n: usize) -> Option<usize> {
    resolve_path(doc, &[n])
}

/// The best-ranked heading matching `text` after `current`, wrapping (see
/// [`heading_match::best_after`]).
pub fn find_title(doc: &Document, text: &str, current: Option<usize>) -> Option<usize> {
    heading_match::best_after(doc, &Query::new(text)?, current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    fn doc() -> Document {
        Document::parse(
            "一、甲\n（一）监督一\n（二）监督二\n（三）乙\n二、丙\n（一）丁\n三、戊\n",
            Format::Plain,
        )
    }

    #[test]
    fn parses_the_four_kinds() {
        assert_eq!(parse("12"), Some(Spec::Path(vec![12])));
        assert_eq!(parse(" 2.3 "), Some(Spec::Path(vec![2, 3])));
        assert_eq!(parse("１２"), Some(Spec::Path(vec![12])));
        assert_eq!(parse("50%"), Some(Spec::Percent(50.0)));
        assert_eq!(parse("５０％"), Some(Spec::Percent(50.0)));
        assert_eq!(parse("（三）"), Some(Spec::Title("（三）".into())));
        assert_eq!(parse("第十二回"), Some(Spec::Title("第十二回".into())));
        assert_eq!(parse("0"), Some(Spec::Title("0".into())));
        assert_eq!(parse("150%"), Some(Spec::Title("150%".into())));
        assert_eq!(parse("L123"), Some(Spec::Line(123)));
        assert_eq!(parse("p12"), Some(Spec::Page(12)));
        assert_eq!(parse("P３"), Some(Spec::Page(3)));
        assert_eq!(parse("第12页"), Some(Spec::Page(12)));
        assert_eq!(parse("p0"), Some(Spec::Title("p0".into())));
        assert_eq!(parse("第十二页"), Some(Spec::Title("第十二页".into())));
        assert_eq!(parse("l7"), Some(Spec::Line(7)));
        assert_eq!(parse("L0"), Some(Spec::Title("L0".into())));
        assert_eq!(parse("  "), None);
    }

    #[test]
    fn paths_count_children() {
        let d = doc();
        assert_eq!(resolve_path(&d, &[1]), Some(0));
        assert_eq!(resolve_path(&d, &[2]), Some(4));
        assert_eq!(resolve_path(&d, &[3]), Some(6));
        assert_eq!(resolve_path(&d, &[1, 3]), Some(3));
        assert_eq!(resolve_path(&d, &[2, 1]), Some(5));
        assert_eq!(resolve_path(&d, &[4]), None);
        assert_eq!(resolve_path(&d, &[2, 2]), None);
    }

    #[test]
    fn titles_match_after_the_current_section_and_wrap() {
        let d = doc();
        assert_eq!(find_title(&d, "监督", None), Some(1));
        assert_eq!(find_title(&d, "监督", Some(1)), Some(2));
        assert_eq!(find_title(&d, "监督", Some(2)), Some(1));
        assert_eq!(find_title(&d, "（三）", None), Some(3));
        assert_eq!(find_title(&d, "不存在", None), None);
    }

    #[test]
    fn a_line_is_the_paragraph_holding_it() {
        let d = doc();
        let third = TextPos::new(d.paragraphs[2].range.start);
        assert_eq!(
            resolve(&d, &Spec::Line(3), None),
            Some(Target::Offset(third))
        );
        let last = TextPos::new(d.paragraphs[6].range.start);
        assert_eq!(
            resolve(&d, &Spec::Line(99), None),
            Some(Target::Offset(last))
        );
    }

    #[test]
    fn a_number_naming_no_section_is_a_label() {
        let d = doc();
        // three top-level sections: `5` names none, and no label is 5 either
        assert_eq!(resolve(&d, &Spec::Path(vec![5]), None), None);
        // `3` is the third top-level section, whatever labels say
        assert_eq!(
            resolve(&d, &Spec::Path(vec![3]), None),
            Some(Target::Section(6))
        );
        // `2.2` names no section; no label either
        assert_eq!(resolve(&d, &Spec::Path(vec![2, 2]), None), None);
        let law = Document::parse(
            "第一章　总则\n第一条　甲。\n第二条　乙。\n第三条　丙。\n",
            crate::document::Format::Plain,
        );
        // one top-level section: `3` is the article labelled 3
        assert_eq!(
            resolve(&law, &Spec::Path(vec![3]), None),
            Some(Target::Section(3))
        );
    }

    #[test]
    fn while_loading_only_a_label_match_is_final() {
        let text = "第一编　总则\n第一条　依照本法第三编办理。\n第二条　乙。\n";
        let mut doc = Document::parse(text, crate::document::Format::Plain);
        assert_eq!(
            resolve(&doc, &Spec::Title("第三编".into()), None),
            Some(Target::Section(1)),
            "complete: the citing article is the best there is"
        );
        assert_eq!(
            resolve(&doc, &Spec::Title("第二条".into()), None),
            Some(Target::Section(2))
        );
        // the same sections in a document still loading
        let mut loading = Document::new(crate::document::Format::Plain);
        loading.paragraphs = std::mem::take(&mut doc.paragraphs);
        loading.text = std::mem::take(&mut doc.text);
        loading.sections = std::mem::take(&mut doc.sections);
        assert!(!loading.is_complete());
        assert_eq!(resolve(&loading, &Spec::Title("第三编".into()), None), None);
        assert_eq!(
            resolve(&loading, &Spec::Title("第二条".into()), None),
            Some(Target::Section(2))
        );
        assert_eq!(resolve(&loading, &Spec::Path(vec![7]), None), None);
    }

    #[test]
    fn percent_is_a_text_offset() {
        let d = doc();
        assert_eq!(
            resolve(&d, &Spec::Percent(0.0), None),
            Some(Target::Offset(TextPos::START))
        );
        assert_eq!(
            resolve(&d, &Spec::Percent(100.0), None),
            Some(Target::Offset(TextPos::new(d.text.len())))
        );
    }
}
