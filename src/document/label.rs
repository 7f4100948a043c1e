//! A heading's label: the marker part of its title (`第二编`, `第二百八十五条`, `一、`, `（三）`,
//! `4.2`, `Chapter 3`), without the words after it. The status line shows ancestors by their
//! label so the deepest section keeps the room (`第二编 › 第六章 › 第二百八十五条 业主…`).
//!
//! The structure pass keeps only a section's [`Marker`] and title range, so the label is read
//! back from the title by the marker's own shape; a marker with no number (points opened by
//! `——`, Markdown and styled headings, user rules) has no label.

use super::{Document, Marker, numerals};

/// Division units after `第` + numeral, longest first (as in the heading patterns).
const UNITS: &[&str] = &[
    "分编", "分編", "部分", "编", "編", "篇", "卷", "部", "章", "回", "节", "節", "款", "目", "条",
    "條",
];

/// Parts named by their place (`上部 面壁者`), two characters.
const PLACED: &[&str] = &[
    "上部", "中部", "下部", "上卷", "中卷", "下卷", "上篇", "中篇", "下篇", "上册", "中册", "下册",
];

impl Document {
    /// The label of section `i` (see the module doc), or `None` when its marker has none.
    pub fn section_label(&self, i: usize) -> Option<&str> {
        let s = self.sections.get(i)?;
        label(self.slice(&s.title), s.marker)
    }
}

/// The label at the start of `title`, a heading made by `marker`.
pub fn label(title: &str, marker: Marker) -> Option<&str> {
    let len = match marker {
        Marker::Part
        | Marker::SubPart
        | Marker::Chapter
        | Marker::Subsection
        | Marker::Item
        | Marker::Subitem
        | Marker::Article => division(title).or_else(|| first_words(title, 2))?,
        Marker::CjkNumber => through(title, &['、'])?,
        Marker::ParenCjkNumber | Marker::ParenNumber => through(title, &['）', ')'])?,
        Marker::Number => through(title, &['.', '．', '、'])?,
        Marker::Circled => title.chars().next()?.len_utf8(),
        Marker::Enumerated => through(title, &['是'])?,
        Marker::Ordinal => title.find(['，', ','])?,
        Marker::Decimal | Marker::NumberLine | Marker::Division => first_words(title, 1)?,
        Marker::Appendix => first_words(title, 2)?,
        Marker::Dash
        | Marker::Unnumbered
        | Marker::PartTitle
        | Marker::Styled
        | Marker::UserRule
        | Marker::Corrected
        | Marker::Markdown => return None,
    };
    title.get(..len).filter(|l| !l.is_empty())
}

/// Bytes of `第…X编` (spaces, `4-1` and `之一` allowed), `卷一` or `上部` at the start.
fn division(title: &str) -> Option<usize> {
    let text = title.strip_prefix("正文").map_or(title, str::trim_start);
    let skipped = title.len() - text.len();
    if let Some(place) = PLACED.iter().find(|p| text.starts_with(**p)) {
        return Some(skipped + place.len());
    }
    if let Some(rest) = text.strip_prefix('卷') {
        let (_, used) = numerals::parse_any(rest)?;
        return Some(skipped + '卷'.len_utf8() + used);
    }
    let rest = text.strip_prefix('第')?.trim_start();
    let (_, used) = numerals::parse_any(rest)?;
    let mut rest = rest.get(used..)?.trim_start();
    if let Some(after) = rest.strip_prefix(['-', '－', '—'])
        && let Some((_, used)) = numerals::parse_digits(after)
    {
        rest = after.get(used..)?.trim_start();
    }
    let unit = UNITS.iter().find(|u| rest.starts_with(**u))?;
    rest = rest.get(unit.len()..)?;
    if let Some(tail) = rest.strip_prefix('之')
        && let Some((_, used)) = numerals::parse_any(tail)
    {
        rest = tail.get(used..)?;
    }
    Some(title.len() - rest.len())
}

/// Bytes up to and including the first of `stops`.
fn through(title: &str, stops: &[char]) -> Option<usize> {
    let (i, c) = title.char_indices().find(|(_, c)| stops.contains(c))?;
    Some(i + c.len_utf8())
}

/// Bytes of the first `n` whitespace-separated words.
fn first_words(title: &str, n: usize) -> Option<usize> {
    let mut end = 0;
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in title.char_indices() {
        if c.is_whitespace() {
            if in_word {
                words += 1;
                in_word = false;
                if words == n {
                    return Some(end);
                }
            }
        } else {
            in_word = true;
            end = i + c.len_utf8();
        }
    }
    (end > 0).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn law_divisions_keep_their_number_and_unit() {
        assert_eq!(label("第二编 物权", Marker::Part), Some("第二编"));
        assert_eq!(
            label("第六章　业主的建筑物区分所有权", Marker::Chapter),
            Some("第六章")
        );
        assert_eq!(
            label("第二百八十五条 业主可以自行管理建筑物", Marker::Article),
            Some("第二百八十五条")
        );
        assert_eq!(
            label("第 12 條 本法所稱", Marker::Article),
            Some("第 12 條")
        );
        assert_eq!(label("第 4-1 條 前條", Marker::Article), Some("第 4-1 條"));
        assert_eq!(
            label("第十条之一 特别规定", Marker::Article),
            Some("第十条之一")
        );
        assert_eq!(label("第一章总则", Marker::Chapter), Some("第一章"));
        assert_eq!(label("卷一 风起", Marker::Part), Some("卷一"));
        assert_eq!(label("上部 面壁者", Marker::Part), Some("上部"));
        assert_eq!(
            label("Chapter 3 The Road", Marker::Chapter),
            Some("Chapter 3")
        );
        assert_eq!(
            label("正文 第一章 白纸人", Marker::Chapter),
            Some("正文 第一章")
        );
    }

    #[test]
    fn official_and_decimal_numbers() {
        assert_eq!(label("一、2019年工作回顾", Marker::CjkNumber), Some("一、"));
        assert_eq!(
            label("（三）加强作风建设", Marker::ParenCjkNumber),
            Some("（三）")
        );
        assert_eq!(label("(2)严格考核", Marker::ParenNumber), Some("(2)"));
        assert_eq!(label("3.完善制度", Marker::Number), Some("3."));
        assert_eq!(label("①范围", Marker::Circled), Some("①"));
        assert_eq!(label("二是抓落实", Marker::Enumerated), Some("二是"));
        assert_eq!(label("第一，要提高认识", Marker::Ordinal), Some("第一"));
        assert_eq!(label("4.2 Syntax", Marker::Decimal), Some("4.2"));
        assert_eq!(
            label("Appendix A Examples", Marker::Appendix),
            Some("Appendix A")
        );
        assert_eq!(
            label("楔子　张天师祈禳瘟疫", Marker::Division),
            Some("楔子")
        );
    }

    #[test]
    fn unnumbered_headings_have_none() {
        assert_eq!(label("——我们聚焦主责主业", Marker::Dash), None);
        assert_eq!(label("Introduction", Marker::Markdown), None);
        assert_eq!(label("", Marker::Article), None);
    }
}
