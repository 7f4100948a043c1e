//! Types for places in a document, so that a row is never passed where an offset is expected.
//!
//! A [`TextPos`] is a byte offset into `Document::text`: the only kind of position that
//! survives a relayout (a resize, a reload, the jump list, marks, saved state). A [`Para`] is
//! the index of a paragraph in `Document::paragraphs`. Rows (screen lines for one width) stay
//! inside the layout and the viewport.

use std::fmt;
use std::ops::Range;

/// A byte offset into the document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct TextPos(usize);

impl TextPos {
    /// The start of the text.
    pub const START: Self = Self(0);

    /// The position of byte `byte`.
    pub const fn new(byte: usize) -> Self {
        Self(byte)
    }

    /// The byte offset.
    pub const fn byte(self) -> usize {
        self.0
    }

    /// The byte range between two positions.
    pub const fn range(range: &Range<Self>) -> Range<usize> {
        range.start.0..range.end.0
    }
}

impl fmt::Display for TextPos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "byte {}", self.0)
    }
}

/// The index of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Para(usize);

impl Para {
    /// Paragraph number `index` (0-based).
    pub const fn new(index: usize) -> Self {
        Self(index)
    }

    /// The 0-based index, for `Document::paragraphs`.
    pub const fn index(self) -> usize {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_order_by_byte_and_convert_back() {
        let a = TextPos::new(3);
        let b = TextPos::new(10);
        assert!(TextPos::START < a && a < b);
        assert_eq!(TextPos::range(&(a..b)), 3..10);
        assert_eq!(b.byte(), 10);
        assert_eq!(a.to_string(), "byte 3");
        assert_eq!(Para::new(4).index(), 4);
        assert!(Para::new(1) < Para::new(2));
    }
}
