//! Moving by section: which section a key takes the reader to, as pure functions of the
//! document and the current position. Every function is O(log n) or O(depth), so they stay
//! instant on a document of a million headings.

use crate::document::Document;
use crate::pos::Para;

/// Where the reader is: the current section and whether its heading is the top line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Here {
    /// The section holding the top line (`None` before the first heading).
    pub section: Option<usize>,
    /// The top line is that section's heading line.
    pub at_heading: bool,
    /// Paragraph of the top line.
    pub para: Para,
}

/// The first section whose heading comes after paragraph `para`.
pub fn next_heading(doc: &Document, here: Here) -> Option<usize> {
    let i = doc
        .sections
        .partition_point(|s| (s.para as usize) <= here.para.index());
    (i < doc.sections.len()).then_some(i)
}

/// The current section's heading when the reader is inside it, else the previous heading.
pub fn prev_heading(doc: &Document, here: Here) -> Option<usize> {
    let c = here.section?;
    if !here.at_heading {
        return Some(c);
    }
    c.checked_sub(1).filter(|&p| p < doc.sections.len())
}

/// The next section at the same level under the same parent.
pub fn next_sibling(doc: &Document, here: Here) -> Option<usize> {
    let Some(c) = here.section else {
        return (!doc.sections.is_empty()).then_some(0);
    };
    let end = doc.subtree_end(c);
    let s = doc.sections.get(end)?;
    (s.parent == doc.sections[c].parent).then_some(end)
}

/// The current section's heading when inside it, else the previous section at the same level.
pub fn prev_sibling(doc: &Document, here: Here) -> Option<usize> {
    let c = here.section?;
    if !here.at_heading {
        return Some(c);
    }
    let level = doc.sections[c].level;
    let mut j = c.checked_sub(1)?;
    // climb from the last section before `c` to the ancestor at `c`'s level
    loop {
        let s = &doc.sections[j];
        if s.level == level {
            return (s.parent == doc.sections[c].parent).then_some(j);
        }
        if s.level < level {
            return None;
        }
        j = s.parent? as usize;
    }
}

/// The parent section's heading (or the current heading when inside a top-level section).
pub fn parent(doc: &Document, here: Here) -> Option<usize> {
    let c = here.section?;
    match doc.sections[c].parent {
        Some(p) => Some(p as usize),
        None if !here.at_heading => Some(c),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    fn doc() -> Document {
        // 0 一、  1 （一）  2 1.  3 2.  4 （二）  5 二、  6 （一）
        Document::parse(
            "一、甲\n（一）乙\n1.丙\n正文。\n2.丁\n（二）戊\n二、己\n（一）庚\n正文。\n",
            Format::Plain,
        )
    }

    fn at(doc: &Document, section: usize) -> Here {
        Here {
            section: Some(section),
            at_heading: true,
            para: Para::new(doc.sections[section].para as usize),
        }
    }

    fn inside(doc: &Document, para: usize) -> Here {
        Here {
            section: doc.section_at_paragraph(para),
            at_heading: false,
            para: Para::new(para),
        }
    }

    #[test]
    fn headings_in_order() {
        let d = doc();
        assert_eq!(next_heading(&d, at(&d, 0)), Some(1));
        assert_eq!(next_heading(&d, at(&d, 6)), None);
        assert_eq!(prev_heading(&d, at(&d, 3)), Some(2));
        assert_eq!(
            prev_heading(&d, inside(&d, 3)),
            Some(2),
            "inside 1.丙 goes to its heading first"
        );
        assert_eq!(prev_heading(&d, at(&d, 0)), None);
    }

    #[test]
    fn siblings_stay_at_one_level() {
        let d = doc();
        assert_eq!(next_sibling(&d, at(&d, 1)), Some(4));
        assert_eq!(next_sibling(&d, at(&d, 2)), Some(3));
        assert_eq!(next_sibling(&d, at(&d, 3)), None);
        assert_eq!(next_sibling(&d, at(&d, 0)), Some(5));
        assert_eq!(
            next_sibling(&d, at(&d, 4)),
            None,
            "（二） is the last child of 一、"
        );
        assert_eq!(prev_sibling(&d, at(&d, 4)), Some(1));
        assert_eq!(prev_sibling(&d, at(&d, 5)), Some(0));
        assert_eq!(prev_sibling(&d, at(&d, 6)), None, "first child of 二、");
        assert_eq!(prev_sibling(&d, inside(&d, 8)), Some(6));
    }

    #[test]
    fn parents() {
        let d = doc();
        assert_eq!(parent(&d, at(&d, 2)), Some(1));
        assert_eq!(parent(&d, at(&d, 6)), Some(5));
        assert_eq!(parent(&d, at(&d, 0)), None);
        let before = Here {
            section: None,
            at_heading: false,
            para: Para::new(0),
        };
        assert_eq!(parent(&d, before), None);
        assert_eq!(next_sibling(&d, before), Some(0));
    }
}
