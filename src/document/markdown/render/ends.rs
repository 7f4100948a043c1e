//! The ends of pulldown-cmark's tags: paragraphs and blocks closed, a heading's section
//! titled, a table cell cut out of the text, a link's address written after its text.

use std::ops::Range;

use pulldown_cmark::TagEnd;

use super::{Cell, Renderer};
use crate::document::decor::InlineStyle;

impl Renderer<'_, '_> {
    /// The end of a tag.
    pub(super) fn end_tag(&mut self, tag: TagEnd, range: &Range<usize>) {
        match tag {
            TagEnd::Paragraph | TagEnd::DefinitionListTitle | TagEnd::DefinitionListDefinition => {
                self.see(range);
                self.end();
            }
            TagEnd::Heading(_) => {
                self.close_inline();
                self.see(range);
                let open = self.open.as_ref().map(|o| o.start + o.prefix);
                self.end();
                if let (Some(i), Some(start)) = (self.section.take(), open)
                    && let (Some(s), Some(p)) =
                        (self.sections.get_mut(i as usize), self.paragraphs.last())
                {
                    s.title = start.min(p.range.end)..p.range.end;
                }
            }
            TagEnd::BlockQuote(_) | TagEnd::Item | TagEnd::FootnoteDefinition => {
                self.end();
                self.containers.pop();
            }
            TagEnd::List(_) => {
                self.end();
                self.lists.pop();
            }
            TagEnd::HtmlBlock | TagEnd::DefinitionList => self.end(),
            TagEnd::TableCell => {
                if let (Some((start, first_span)), Some((_, rows))) =
                    (self.cell.take(), &mut self.table)
                {
                    let text = self.out.split_off(start);
                    let spans = self
                        .decor
                        .spans
                        .drain(first_span..)
                        .map(|s| (s.range.start - start..s.range.end - start, s.style))
                        .collect();
                    if let Some(row) = rows.last_mut() {
                        row.cells.push(Cell {
                            text: text.replace(['\n', '\t'], " "),
                            spans,
                        });
                    }
                }
            }
            TagEnd::Table => self.table_rows(),
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => self.close_inline(),
            TagEnd::Link => {
                self.close_inline();
                if let Some((url, from, auto)) = self.links.pop() {
                    let shown = self.out.get(from..).unwrap_or("");
                    if !url.is_empty() && !auto && !url.starts_with('#') && shown != url {
                        self.out.push(' ');
                        let at = self.out.len();
                        self.out.push('(');
                        self.out.push_str(&url);
                        self.out.push(')');
                        self.push_span(at..self.out.len(), InlineStyle::Url);
                    }
                }
            }
            TagEnd::Image => {
                if self.out.ends_with(' ') {
                    self.out.pop();
                }
                self.out.push(']');
                self.close_inline();
            }
            TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::MetadataBlock(_)
            | TagEnd::CodeBlock => {}
        }
    }
}
