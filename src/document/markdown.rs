//! Markdown structure from a real parser (pulldown-cmark).
//!
//! Headings are the ATX and setext headings pulldown-cmark reports at the top level of the
//! document (not inside block quotes, lists or code blocks). The shallowest heading level used
//! becomes level 1, and a heading's parent is the nearest earlier heading with fewer `#`s, so
//! output levels never skip. The text is shown as its source: one paragraph per non-blank line
//! with its leading spaces kept, a gap where the source has blank lines, and code-block lines
//! marked so the view can style them. That is the source view (`--raw`); [`render`] makes
//! the rendered one, with the same sections.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{Chunk, Marker, Paragraph, ParagraphKind, Section};

mod html;
pub mod render;
mod table;

/// The Markdown extensions read, in both views: GFM tables, footnotes, strikethrough, and YAML
/// (`---`) and TOML (`+++`) front matter, which is metadata, never headings.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
}

/// A heading found by the Markdown parser.
struct FoundHeading {
    /// Byte range of the whole heading block (for setext: text and underline).
    range: Range<usize>,
    /// Number of `#`s (1–6); setext `=` is 1 and `-` is 2; `<hN>` is N.
    depth: u8,
    /// For an HTML heading, the absolute range of its inner text (tags are not title text).
    title: Option<Range<usize>>,
}

/// Parses a whole Markdown text into one chunk.
pub fn parse(text: String) -> Chunk {
    let (headings, code) = scan(&text);
    let mut chunk = Chunk::default();
    let mut heading_iter = headings.iter().peekable();
    let mut code_iter = code.iter().peekable();
    // (raw depth, section index, level) of open headings
    let mut stack: Vec<(u8, u32, u16)> = Vec::new();
    let mut blank_before = false;
    let mut line_no: u32 = 0;
    let mut pos = 0;
    while pos < text.len() {
        line_no += 1;
        let end = memchr::memchr(b'\n', &text.as_bytes()[pos..]).map_or(text.len(), |i| pos + i);
        let line = text.get(pos..end).unwrap_or("");
        let start = pos;
        pos = end + 1;
        let visible = line.trim_end();
        if visible.trim_start().is_empty() {
            blank_before = true;
            continue;
        }
        while code_iter.peek().is_some_and(|r| r.end <= start) {
            code_iter.next();
        }
        while heading_iter.peek().is_some_and(|h| h.range.end <= start) {
            heading_iter.next();
        }
        let in_code = code_iter.peek().is_some_and(|r| r.start <= start);
        let heading = heading_iter
            .peek()
            .filter(|h| h.range.start <= start + line.len() && h.range.end > start);
        let range = start..start + visible.len();
        let mut kind = if in_code {
            ParagraphKind::Code
        } else {
            ParagraphKind::Body
        };
        if let Some(h) = heading {
            kind = ParagraphKind::Heading;
            // the section starts on the heading's first line
            if h.range.start >= start && h.range.start <= start + line.len() {
                let title = h.title.clone().unwrap_or_else(|| {
                    heading_title(visible).map_or(range.clone(), |t| start + t.start..start + t.end)
                });
                while stack.last().is_some_and(|&(d, _, _)| d >= h.depth) {
                    stack.pop();
                }
                let parent = stack.last().map(|&(_, i, _)| i);
                let level = stack.last().map_or(1, |&(_, _, l)| l + 1);
                let index = chunk.sections.len() as u32;
                let para = chunk.paragraphs.len() as u32;
                chunk.sections.push(Section::new(
                    level,
                    title,
                    line_no,
                    para,
                    parent,
                    Marker::Markdown,
                ));
                stack.push((h.depth, index, level));
            }
        }
        chunk.paragraphs.push(Paragraph {
            range,
            line: line_no,
            chars: 0,
            kind,
            gap_before: blank_before && !chunk.paragraphs.is_empty(),
            continuation: false,
            shape: super::LineShape::default(),
        });
        blank_before = false;
    }
    if let Some(first) = chunk.sections.first().filter(|s| s.para == 0) {
        chunk.title = Some(first.title.clone());
    }
    chunk.text = text;
    chunk
}

/// Top-level headings and all code-block ranges, in source order.
fn scan(text: &str) -> (Vec<FoundHeading>, Vec<Range<usize>>) {
    let mut headings = Vec::new();
    let mut code = Vec::new();
    let mut containers = 0usize;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(
                Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_),
            ) => {
                containers += 1;
            }
            Event::End(
                TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition,
            ) => {
                containers = containers.saturating_sub(1);
            }
            Event::Start(Tag::Heading { level, .. }) if containers == 0 => {
                headings.push(FoundHeading {
                    range,
                    depth: level as u8,
                    title: None,
                });
            }
            Event::Html(_) if containers == 0 => {
                if let Some((depth, inner)) = text.get(range.clone()).and_then(html_heading) {
                    let start = range.start;
                    headings.push(FoundHeading {
                        range,
                        depth,
                        title: Some(start + inner.start..start + inner.end),
                    });
                }
            }
            Event::Start(Tag::CodeBlock(_)) => code.push(range),
            _ => {}
        }
    }
    (headings, code)
}

/// An HTML heading on a line of its own, `<h3 id="x">简目</h3>`: its rank and the range of its
/// inner text within `line` (between the opening and the closing tag).
fn html_heading(line: &str) -> Option<(u8, Range<usize>)> {
    let t = line.trim_end();
    let lead = t.len() - t.trim_start().len();
    let body = t.get(lead..)?;
    let bytes = body.as_bytes();
    if bytes.len() < 9 || bytes[0] != b'<' || !matches!(bytes[1], b'h' | b'H') {
        return None;
    }
    let depth = bytes[2].checked_sub(b'0').filter(|d| (1..=6).contains(d))?;
    if !matches!(bytes[3], b'>' | b' ' | b'\t') {
        return None;
    }
    let open_end = body.find('>')? + 1;
    let close = format!("</h{depth}>");
    let lower = body.to_ascii_lowercase();
    let inner_end = lower.strip_suffix(close.as_str()).map(str::len)?;
    (inner_end > open_end).then(|| (depth, lead + open_end..lead + inner_end))
}

/// The title part of a heading line: ATX `## Title ##` → `Title`; a setext text line is its
/// own title. Returns a range within `line`, or `None` when nothing is left.
fn heading_title(line: &str) -> Option<Range<usize>> {
    let lead = line.len() - line.trim_start_matches(' ').len();
    let body = line.get(lead..)?;
    let hashes = body.len() - body.trim_start_matches('#').len();
    if hashes == 0 || hashes > 6 {
        let t = line.trim();
        let start = line.len() - line.trim_start().len();
        return (!t.is_empty()).then(|| start..start + t.len());
    }
    let after = body.get(hashes..)?;
    let start = lead + hashes + (after.len() - after.trim_start().len());
    let mut end = line.trim_end().len();
    // a closing run of `#`s preceded by a space is not part of the title
    let trimmed = line.get(start..end)?;
    let without = trimmed.trim_end_matches('#');
    if without.len() < trimmed.len() && (without.is_empty() || without.ends_with([' ', '\t'])) {
        end = start + without.trim_end().len();
    }
    (end > start).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Format};

    fn outline(text: &str) -> Vec<(u16, u32, String)> {
        let doc = Document::parse(text, Format::Markdown);
        (0..doc.sections.len())
            .map(|i| {
                (
                    doc.sections[i].level,
                    doc.sections[i].line,
                    doc.section_title(i).to_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn shallowest_level_becomes_one_and_levels_never_skip() {
        let text = "## 简介\n\n正文\n\n#### 深层\n\n### 三级\n\n## 第二\n";
        assert_eq!(
            outline(text),
            vec![
                (1, 1, "简介".into()),
                (2, 5, "深层".into()),
                (2, 7, "三级".into()),
                (1, 9, "第二".into()),
            ]
        );
    }

    #[test]
    fn setext_and_closing_hashes() {
        let text = "标题\n===\n\n小节 ##\n---\n\n# 关闭 #\n";
        assert_eq!(
            outline(text),
            vec![
                (1, 1, "标题".into()),
                (2, 4, "小节 ##".into()),
                (1, 7, "关闭".into())
            ]
        );
    }

    #[test]
    fn code_blocks_hold_no_headings() {
        let text = "# 一\n\n```bash\n# 注释\n#!/bin/bash\n```\n\n    # indented code\n\n## 二\n";
        assert_eq!(
            outline(text),
            vec![(1, 1, "一".into()), (2, 10, "二".into())]
        );
        let doc = Document::parse(text, Format::Markdown);
        let kinds: Vec<_> = doc.paragraphs.iter().map(|p| p.kind).collect();
        assert_eq!(kinds[1], ParagraphKind::Code);
        assert_eq!(doc.paragraph_text(2), "# 注释");
    }

    #[test]
    fn fences_indented_in_lists_are_code() {
        let text = "# 安装\n\n1. 确定版本。\n\n   ```Bash\n   # not a heading\n   ```\n";
        assert_eq!(outline(text), vec![(1, 1, "安装".into())]);
    }

    #[test]
    fn source_lines_are_paragraphs_with_gaps_from_blank_lines() {
        let doc = Document::parse("# T\n第一行\n第二行\n\n\n  缩进\n", Format::Markdown);
        let texts: Vec<_> = (0..doc.paragraphs.len())
            .map(|i| doc.paragraph_text(i))
            .collect();
        assert_eq!(texts, ["# T", "第一行", "第二行", "  缩进"]);
        let gaps: Vec<_> = doc.paragraphs.iter().map(|p| p.gap_before).collect();
        assert_eq!(gaps, [false, false, false, true]);
        assert_eq!(doc.title_text(), Some("T"));
    }

    #[test]
    fn html_headings_count_at_their_rank_and_front_matter_is_not_text() {
        let text = "---\ntitle: x\n# not\n---\n\n标题\n===\n\n<h3 id=\"mulu\">简目</h3>\n\n## 一\n\n<h3>二</h3>\n";
        assert_eq!(
            outline(text),
            vec![
                (1, 6, "标题".into()),
                (2, 9, "简目".into()),
                (2, 11, "一".into()),
                (3, 13, "二".into())
            ]
        );
        assert_eq!(html_heading("<h2>x</h2><p>y</p>"), None);
        assert_eq!(html_heading("<hr>"), None);
    }

    #[test]
    fn headings_in_quotes_and_lists_are_not_sections() {
        assert_eq!(
            outline("> # 引用\n\n- # 列表\n\n# 真\n"),
            vec![(1, 5, "真".into())]
        );
    }
}
