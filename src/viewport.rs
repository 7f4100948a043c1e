//! The text pane's scroll position, kept as a place in the text.
//!
//! The top row is `(paragraph, row within the paragraph's block)`, where a paragraph's block is
//! its optional gap row followed by its wrapped lines (see [`crate::layout`]). Moving never
//! lays out more than the paragraphs it passes, so a jump in a 100 MB document costs a few
//! paragraphs. [`Viewport::anchor`] turns the position into a byte offset (the start of the top
//! line), which survives a change of width: [`Viewport::set_anchor`] puts the line holding that
//! byte back at the top.
//!
//! Invariants: the top is always inside the document; scrolling down stops at the last full
//! page (as in `less`), but a jump may put a heading near the end at the top, leaving blank rows
//! below, because a section move promises its heading as the top line.

use crate::document::Document;
use crate::layout::Layout;
use crate::pos::{Para, TextPos};

/// The top row of the text pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Top {
    /// Paragraph index.
    pub para: usize,
    /// Row within the paragraph's block (0 is its gap row when it has one).
    pub row: usize,
}

/// What one visible row of the text pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowRef {
    /// The blank row before a paragraph.
    Gap(Para),
    /// Line `line` of paragraph `para`.
    Line {
        /// The paragraph.
        para: Para,
        /// Line index within the paragraph.
        line: usize,
    },
}

/// Scroll state of the text pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Viewport {
    /// The top row.
    pub top: Top,
    /// Rows in the pane.
    pub height: usize,
}

impl Viewport {
    /// Byte offset of the start of the top line; a gap row anchors to the byte just before its
    /// paragraph, which lies between the two paragraphs.
    pub fn anchor(&self, doc: &Document, layout: &mut Layout) -> TextPos {
        TextPos::new(self.anchor_byte(doc, layout))
    }

    fn anchor_byte(&self, doc: &Document, layout: &mut Layout) -> usize {
        let Some(p) = doc.paragraphs.get(self.top.para) else {
            return doc.text.len();
        };
        let lines = layout.paragraph(doc, self.top.para);
        let gap = usize::from(lines.gap_before);
        if self.top.row < gap {
            // the gap row: the byte just before the paragraph (between it and the previous one)
            return p.range.start.saturating_sub(1);
        }
        lines
            .lines
            .get(self.top.row - gap)
            .map_or(p.range.start, |l| l.range.start)
    }

    /// Puts the line holding byte `offset` at the top (then clamps).
    pub fn set_anchor(&mut self, doc: &Document, layout: &mut Layout, at: TextPos) {
        let offset = at.byte();
        if doc.paragraphs.is_empty() {
            self.top = Top::default();
            return;
        }
        let para = doc.paragraph_at(offset);
        // an offset between two paragraphs (see `anchor`) stands for the next one's gap row
        let next_has_gap = doc.paragraphs.get(para + 1).is_some_and(|n| n.gap_before);
        if offset >= doc.paragraphs[para].range.end && next_has_gap {
            self.top = Top {
                para: para + 1,
                row: 0,
            };
            self.clamp(doc, layout);
            return;
        }
        let lines = layout.paragraph(doc, para);
        let gap = usize::from(lines.gap_before);
        let line = lines.line_at(offset);
        self.top = Top {
            para,
            row: gap + line,
        };
        self.clamp(doc, layout);
    }

    /// Puts the first line of paragraph `para` (not its gap) at the top, then clamps.
    pub fn show_paragraph(&mut self, doc: &Document, layout: &mut Layout, para: Para) {
        if doc.paragraphs.is_empty() {
            self.top = Top::default();
            return;
        }
        let para = para.index().min(doc.paragraphs.len() - 1);
        let gap = usize::from(layout.paragraph(doc, para).gap_before);
        self.top = Top { para, row: gap };
        self.clamp(doc, layout);
    }

    /// Scrolls by `delta` rows (negative is up). Scrolling down stops at the last full page,
    /// or where the top already is when a jump put it further down.
    pub fn scroll(&mut self, doc: &Document, layout: &mut Layout, delta: isize) {
        if delta >= 0 {
            let next = advance(doc, layout, self.top, delta.unsigned_abs());
            let last = last_page_top(doc, layout, self.height);
            let limit = if key(last) > key(self.top) {
                last
            } else {
                self.top
            };
            self.top = if key(next) > key(limit) { limit } else { next };
        } else {
            self.top = retreat(doc, layout, self.top, delta.unsigned_abs());
        }
        self.clamp(doc, layout);
    }

    /// Goes to the first row of the document.
    pub fn home(&mut self) {
        self.top = Top::default();
    }

    /// Goes to the last page.
    pub fn end(&mut self, doc: &Document, layout: &mut Layout) {
        self.top = last_page_top(doc, layout, self.height);
    }

    /// Keeps the top inside the document (after the document or the layout changed).
    pub fn clamp(&mut self, doc: &Document, layout: &mut Layout) {
        if doc.paragraphs.is_empty() {
            self.top = Top::default();
            return;
        }
        if self.top.para >= doc.paragraphs.len() {
            self.top = Top {
                para: doc.paragraphs.len() - 1,
                row: 0,
            };
        }
        let rows = layout.rows(doc, self.top.para);
        if self.top.row >= rows {
            self.top.row = rows.saturating_sub(1);
        }
    }

    /// The rows the pane shows, top to bottom (fewer than `height` at the end).
    pub fn rows(&self, doc: &Document, layout: &mut Layout) -> Vec<RowRef> {
        let mut out = Vec::with_capacity(self.height);
        let mut para = self.top.para;
        let mut row = self.top.row;
        while out.len() < self.height && para < doc.paragraphs.len() {
            let lines = layout.paragraph(doc, para);
            let gap = usize::from(lines.gap_before);
            while out.len() < self.height && row < gap + lines.lines.len() {
                out.push(if row < gap {
                    RowRef::Gap(Para::new(para))
                } else {
                    RowRef::Line {
                        para: Para::new(para),
                        line: row - gap,
                    }
                });
                row += 1;
            }
            para += 1;
            row = 0;
        }
        out
    }

    /// The paragraph of the top row.
    pub const fn top_para(&self) -> Para {
        Para::new(self.top.para)
    }

    /// True when the last row of the document is on screen.
    pub fn at_end(&self, doc: &Document, layout: &mut Layout) -> bool {
        key(self.top) >= key(last_page_top(doc, layout, self.height))
    }
}

/// Ordering key of a position.
const fn key(t: Top) -> (usize, usize) {
    (t.para, t.row)
}

/// The position `n` rows below `top` (stopping at the last row).
fn advance(doc: &Document, layout: &mut Layout, top: Top, mut n: usize) -> Top {
    let mut t = top;
    while n > 0 && t.para < doc.paragraphs.len() {
        let rows = layout.rows(doc, t.para);
        let left = rows.saturating_sub(t.row + 1);
        if n <= left {
            t.row += n;
            return t;
        }
        if t.para + 1 >= doc.paragraphs.len() {
            t.row = rows.saturating_sub(1);
            return t;
        }
        n -= left + 1;
        t = Top {
            para: t.para + 1,
            row: 0,
        };
    }
    t
}

/// The position `n` rows above `top` (stopping at the first row).
fn retreat(doc: &Document, layout: &mut Layout, top: Top, mut n: usize) -> Top {
    let mut t = top;
    loop {
        if n <= t.row {
            t.row -= n;
            return t;
        }
        if t.para == 0 {
            return Top::default();
        }
        n -= t.row + 1;
        let para = t.para - 1;
        t = Top {
            para,
            row: layout.rows(doc, para).saturating_sub(1),
        };
    }
}

/// The top row that shows the last `height` rows of the document.
fn last_page_top(doc: &Document, layout: &mut Layout, height: usize) -> Top {
    let Some(last) = doc.paragraphs.len().checked_sub(1) else {
        return Top::default();
    };
    let end = Top {
        para: last,
        row: layout.rows(doc, last).saturating_sub(1),
    };
    retreat(doc, layout, end, height.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;
    use crate::layout::LayoutOptions;

    fn setup(text: &str, width: u16, height: usize) -> (Document, Layout, Viewport) {
        let doc = Document::parse(text, Format::Plain);
        let layout = Layout::new(
            LayoutOptions {
                indent: 0,
                ..LayoutOptions::default()
            },
            width,
        );
        (
            doc,
            layout,
            Viewport {
                top: Top::default(),
                height,
            },
        )
    }

    fn text_of(doc: &Document, layout: &mut Layout, r: RowRef) -> String {
        match r {
            RowRef::Gap(_) => String::new(),
            RowRef::Line { para, line } => {
                let lines = layout.paragraph(doc, para.index());
                doc.slice(&lines.lines[line].range).to_owned()
            }
        }
    }

    #[test]
    fn rows_walk_paragraphs_gaps_and_lines() {
        // width 8 = 4 CJK characters per line
        let (doc, mut layout, vp) = setup("甲乙丙丁戊己\n子丑\n", 8, 10);
        let rows = vp.rows(&doc, &mut layout);
        let texts: Vec<_> = rows
            .iter()
            .map(|&r| text_of(&doc, &mut layout, r))
            .collect();
        assert_eq!(texts, ["甲乙丙丁", "戊己", "", "子丑"]);
    }

    #[test]
    fn scrolling_is_clamped_to_a_full_last_page() {
        let text: String = (0..20).map(|i| format!("第{i}段。\n")).collect();
        let (doc, mut layout, mut vp) = setup(&text, 40, 5);
        vp.scroll(&doc, &mut layout, 1000);
        let rows = vp.rows(&doc, &mut layout);
        assert_eq!(rows.len(), 5);
        assert_eq!(
            rows.last(),
            Some(&RowRef::Line {
                para: Para::new(19),
                line: 0
            })
        );
        assert!(vp.at_end(&doc, &mut layout));
        vp.scroll(&doc, &mut layout, -1000);
        assert_eq!(vp.top, Top::default());
        // rows: 段0, gap, 段1, gap, 段2 …
        vp.scroll(&doc, &mut layout, 3);
        assert_eq!(vp.top, Top { para: 2, row: 0 });
        vp.scroll(&doc, &mut layout, -1);
        assert_eq!(vp.top, Top { para: 1, row: 1 });
    }

    #[test]
    fn a_short_document_stays_at_the_top() {
        let (doc, mut layout, mut vp) = setup("一段。\n", 40, 10);
        vp.scroll(&doc, &mut layout, 5);
        assert_eq!(vp.top, Top::default());
        vp.end(&doc, &mut layout);
        assert_eq!(vp.top, Top::default());
    }

    #[test]
    fn the_anchor_survives_a_width_change() {
        let text = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉。\n下一段。\n";
        let (doc, mut layout, mut vp) = setup(text, 8, 2);
        vp.scroll(&doc, &mut layout, 2); // top line: 壬癸子丑
        let anchor = vp.anchor(&doc, &mut layout);
        assert_eq!(&doc.text[anchor.byte()..anchor.byte() + 3], "壬");
        layout.set_pane_width(12);
        vp.set_anchor(&doc, &mut layout, anchor);
        let top = vp.rows(&doc, &mut layout)[0];
        let first = text_of(&doc, &mut layout, top);
        assert!(first.contains('壬'), "{first}");
    }

    #[test]
    fn showing_a_paragraph_skips_its_gap() {
        let (doc, mut layout, mut vp) = setup("一、甲\n正文。\n二、乙\n正文。\n更多。\n", 40, 3);
        vp.show_paragraph(&doc, &mut layout, Para::new(2));
        assert_eq!(
            vp.rows(&doc, &mut layout)[0],
            RowRef::Line {
                para: Para::new(2),
                line: 0
            }
        );
    }
}
