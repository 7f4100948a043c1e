//! Turning a saved [`Position`] back into a place in a (possibly edited) [`Document`], and
//! capturing one from the reader's current place.
//!
//! Invariants: every offset returned lies on a char boundary inside the document text (or is
//! 0); nothing here does I/O.

use crate::document::Document;

use super::{Mark, Position};

/// Where to open a document, given what was saved for it.
///
/// `same_document` says whether the saved key equals the document's [`super::DocKey`]. For the
/// same bytes the saved offset is used (clamped and snapped back to a char boundary). For an
/// edited document: the first section with the saved title — preferring one at the saved
/// path — then the section at the saved path, else the top (0).
pub fn resolve_position(pos: &Position, doc: &Document, same_document: bool) -> usize {
    if same_document {
        return floor_char_boundary(&doc.text, pos.offset);
    }
    let section = pos
        .section_title
        .as_deref()
        .and_then(|title| {
            let same_title: Vec<usize> = (0..doc.sections.len())
                .filter(|&i| doc.section_title(i) == title)
                .collect();
            same_title
                .iter()
                .copied()
                .find(|&i| section_path(doc, i) == pos.section_path)
                .or_else(|| same_title.first().copied())
        })
        .or_else(|| section_at_path(doc, &pos.section_path));
    section
        .and_then(|i| doc.sections.get(i))
        .and_then(|s| doc.paragraphs.get(s.para as usize))
        .map_or(0, |p| p.range.start)
}

/// Where a mark points in `doc`: its offset for the same document, else the first section
/// with its section title, else the top (0).
pub fn resolve_mark(mark: &Mark, doc: &Document, same_document: bool) -> usize {
    let as_position = Position {
        offset: mark.offset,
        section_title: mark.section_title.clone(),
        ..Position::default()
    };
    resolve_position(&as_position, doc, same_document)
}

/// The folds to restore: the saved ones for the same document (indices past the end dropped),
/// none for an edited one (section indices no longer mean the same sections).
pub fn resolve_folds(pos: &Position, doc: &Document, same_document: bool) -> (Vec<u32>, Vec<u32>) {
    if !same_document {
        return (Vec::new(), Vec::new());
    }
    let n = doc.sections.len();
    let keep = |v: &[u32]| v.iter().copied().filter(|&i| (i as usize) < n).collect();
    (keep(&pos.folded), keep(&pos.opened))
}

/// The sibling index of each section from the top level down to section `i`
/// (`[2, 0]` = the first child of the third top-level section).
pub fn section_path(doc: &Document, i: usize) -> Vec<u32> {
    doc.ancestry(i)
        .into_iter()
        .map(|s| {
            let parent = doc.sections[s].parent;
            doc.sections[..s]
                .iter()
                .filter(|o| o.parent == parent)
                .count() as u32
        })
        .collect()
}

/// The section at a sibling-index path, if the document still has it.
pub fn section_at_path(doc: &Document, path: &[u32]) -> Option<usize> {
    let mut parent: Option<u32> = None;
    let mut found = None;
    for &want in path {
        let i = doc
            .sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.parent == parent)
            .nth(want as usize)?
            .0;
        found = Some(i);
        parent = Some(i as u32);
    }
    found
}

impl Position {
    /// The record for reading `doc` with the top line at byte `offset`: fills in the section
    /// title and path from the innermost section at that offset. `updated` is unix seconds.
    pub fn capture(
        doc: &Document,
        offset: usize,
        folded: Vec<u32>,
        opened: Vec<u32>,
        file_name: String,
        updated: u64,
    ) -> Self {
        let section = if doc.paragraphs.is_empty() {
            None
        } else {
            doc.section_at_paragraph(doc.paragraph_at(offset))
        };
        Self {
            offset: offset as u64,
            section_title: section.map(|i| doc.section_title(i).to_owned()),
            section_path: section.map(|i| section_path(doc, i)).unwrap_or_default(),
            folded,
            opened,
            updated,
            file_name,
            percent: None,
        }
    }
}

/// `pos` clamped to the text and moved back to a char boundary.
fn floor_char_boundary(text: &str, pos: u64) -> usize {
    let mut p = usize::try_from(pos).unwrap_or(usize::MAX).min(text.len());
    while !text.is_char_boundary(p) {
        p -= 1;
    }
    p
}
