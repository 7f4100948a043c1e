//! Text facts shared by the document parser and the line breaker: the line-breaking classes of
//! characters ([`classes`]) and where a very long source line may be cut into paragraphs
//! ([`split_point`]), and how wide the widest stretch that may not be broken is
//! ([`longest_chunk`]: the hanging indent of a list item and a table column's least width ask
//! it). This module sits below both `document` and `layout`, so neither depends on the other.

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

/// Columns (each character as `width` measures it) of the widest stretch of `text` inside which
/// no line may break, of those no wider than `column` (wider ones are broken anyway): a word as cjkcheck's token pattern reads it
/// (`[A-Za-z0-9]+` joined by `'._,:/’` or by `-` before a digit), with the marks that may not
/// start a line after it and those that may not end one before it, a pair of `—` or `…`. A
/// stretch this measure joins may still have a legal break inside (it errs on the wide side).
pub fn longest_chunk(text: &str, column: usize, width: impl Fn(char) -> usize) -> usize {
    use classes::is_script_letter;
    let word = |c: char| c.is_ascii_alphanumeric() || is_script_letter(c);
    let joiner = |c: char| matches!(c, '\'' | '.' | '_' | ',' | ':' | '/' | '\u{2019}' | '-');
    let chars: Vec<char> = text.chars().collect();
    let (mut longest, mut run) = (0, 0);
    let mut close = |run: &mut usize| {
        if *run <= column {
            longest = longest.max(*run);
        }
        *run = 0;
    };
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            close(&mut run);
            continue;
        }
        let at = |k: usize| chars.get(k).copied().unwrap_or(' ');
        let glued = i > 0 && {
            let p = at(i - 1);
            !p.is_whitespace()
                && (flags(p) & NO_END != 0
                    || flags(c) & NO_START != 0
                    || (word(p) && word(c))
                    || (joiner(c)
                        && word(p)
                        && (if c == '-' {
                            at(i + 1).is_ascii_digit()
                        } else {
                            word(at(i + 1))
                        }))
                    || (joiner(p) && word(c) && i >= 2 && word(at(i - 2)))
                    || (p == c && matches!(c, '—' | '…' | '⋯')))
        };
        if !glued {
            close(&mut run);
        }
        run += width(c);
    }
    close(&mut run);
    longest
}
