//! Text facts shared by the document parser and the line breaker: the line-breaking classes of
//! characters ([`classes`]) and where a very long source line may be cut into paragraphs
//! ([`split_point`]). This module sits below both `document` and `layout`, so neither depends on
//! the other.

pub mod classes;

use classes::{NO_END, NO_START, flags};

/// A byte position ≤ `near` (and > `near / 2` when there is one) where `text` may be cut into
/// two paragraphs: a legal line break that splits no cluster and no ASCII word. Used by the
/// parser to cut very long source lines.
pub fn split_point(text: &str, near: usize) -> usize {
    if near >= text.len() {
        return text.len();
    }
    let mut p = near;
    while !text.is_char_boundary(p) {
        p -= 1;
    }
    let hi = p;
    let legal = |p: usize| -> bool {
        let (Some(before), Some(after)) = (text.get(..p), text.get(p..)) else {
            return false;
        };
        let (Some(c0), Some(c1)) = (before.chars().next_back(), after.chars().next()) else {
            return false;
        };
        if c1.is_whitespace() {
            return false;
        }
        let prev = before.chars().rev().find(|c| !c.is_whitespace());
        let word = |c: char| c.is_ascii_alphanumeric() || "'._,:/’-%".contains(c);
        let boundary = unicode_segmentation::GraphemeCursor::new(p, text.len(), true)
            .is_boundary(text, 0)
            .unwrap_or(false);
        boundary
            && prev.is_some_and(|c| flags(c) & NO_END == 0)
            && flags(c1) & NO_START == 0
            && !(word(c0) && word(c1))
    };
    let mut fallback = None;
    let mut q = hi;
    while q > 0 {
        if text.is_char_boundary(q) {
            if legal(q) {
                return q;
            }
            if fallback.is_none()
                && unicode_segmentation::GraphemeCursor::new(q, text.len(), true)
                    .is_boundary(text, 0)
                    == Ok(true)
            {
                fallback = Some(q);
            }
        }
        q -= 1;
        if q <= hi / 2 && fallback.is_some() {
            break;
        }
    }
    fallback.unwrap_or(hi)
}
