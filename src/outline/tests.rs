//! Tests for the outline model: rows after each operation, growth, and cost on 1,000,000 sections.

use super::*;
use crate::document::{Chunk, Format, Marker, Paragraph, ParagraphKind, Section};

/// Builds a document section by section, the way a background loader would.
struct Builder {
    doc: Document,
    /// Index of the last section seen at each level (`stack[0]` is level 1).
    stack: Vec<u32>,
}

impl Builder {
    fn new() -> Self {
        Self {
            doc: Document::new(Format::Plain),
            stack: Vec::new(),
        }
    }

    /// Appends one heading paragraph and one section per level, as one chunk.
    fn push(&mut self, levels: &[u16]) -> &mut Self {
        let mut chunk = Chunk::default();
        for &level in levels {
            let index = (self.doc.sections.len() + chunk.sections.len()) as u32;
            let para = (self.doc.paragraphs.len() + chunk.paragraphs.len()) as u32;
            let start = self.doc.text.len() + chunk.text.len();
            let title = format!("s{index}");
            chunk.text.push_str(&title);
            chunk.text.push('\n');
            let range = start..start + title.len();
            chunk.paragraphs.push(Paragraph {
                range: range.clone(),
                line: para + 1,
                chars: title.len() as u32,
                kind: ParagraphKind::Heading,
                gap_before: false,
                continuation: false,
                shape: crate::document::LineShape::default(),
            });
            self.stack.truncate(usize::from(level) - 1);
            assert_eq!(
                self.stack.len(),
                usize::from(level) - 1,
                "levels may not skip"
            );
            let parent = self.stack.last().copied();
            self.stack.push(index);
            chunk.sections.push(Section::new(
                level,
                range,
                para + 1,
                para,
                parent,
                Marker::Chapter,
            ));
        }
        self.doc.extend(chunk);
        self
    }

    fn done(&mut self) -> Document {
        let mut doc = std::mem::take(&mut self.doc);
        doc.set_complete();
        doc
    }
}

fn doc_of(levels: &[u16]) -> Document {
    Builder::new().push(levels).done()
}

fn synced(doc: &Document) -> Outline {
    let mut outline = Outline::new();
    outline.sync(doc);
    outline
}

/// The visible rows as text: indent per depth, `+` folded, `-` open, `·` leaf, section index.
fn show(outline: &Outline, doc: &Document) -> String {
    outline
        .rows(doc, 0, usize::MAX)
        .map(|r| {
            let mark = match r.folded {
                Some(true) => '+',
                Some(false) => '-',
                None => '·',
            };
            format!("{}{mark}{}", "  ".repeat(r.depth), r.section)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

//   0 (1)
//     1 (2)
//       2 (3)
//         3 (4)
//       4 (3)
//     5 (2)
//   6 (1)
//     7 (2)
const TREE: &[u16] = &[1, 2, 3, 4, 3, 2, 1, 2];

#[test]
fn default_policy_opens_two_levels() {
    let doc = doc_of(TREE);
    let outline = synced(&doc);
    assert_eq!(show(&outline, &doc), "-0   -1     +2     ·4   ·5 -6   ·7");
    assert_eq!(outline.row_count(), 7);
    assert_eq!(outline.selected(), Some(0));
    assert_eq!(outline.row_of(4), Some(3));
    assert_eq!(outline.row_of(3), None);
    assert_eq!(outline.section_at_row(5), Some(6));
    assert_eq!(outline.section_at_row(7), None);
    let window: Vec<usize> = outline.rows(&doc, 2, 3).map(|r| r.section).collect();
    assert_eq!(window, [2, 4, 5]);
    assert_eq!(outline.rows(&doc, 6, 10).count(), 1);
    assert_eq!(outline.rows(&doc, 99, 10).count(), 0);
}

#[test]
fn fold_unfold_and_toggle() {
    let doc = doc_of(TREE);
    let mut outline = synced(&doc);
    outline.unfold(&doc, 2);
    assert_eq!(
        show(&outline, &doc),
        "-0   -1     -2       ·3     ·4   ·5 -6   ·7"
    );
    outline.select(3);
    outline.fold(&doc, 1);
    assert_eq!(show(&outline, &doc), "-0   +1   ·5 -6   ·7");
    assert_eq!(
        outline.selected(),
        Some(1),
        "selection moves out of the folded subtree"
    );
    outline.toggle(&doc, 1);
    // Section 2 stayed unfolded while hidden.
    assert_eq!(
        show(&outline, &doc),
        "-0   -1     -2       ·3     ·4   ·5 -6   ·7"
    );
    outline.toggle(&doc, 0);
    assert_eq!(show(&outline, &doc), "+0 -6   ·7");
    outline.fold(&doc, 0);
    outline.unfold(&doc, 99);
    assert_eq!(show(&outline, &doc), "+0 -6   ·7");
}

#[test]
fn fold_or_parent_matches_h() {
    let doc = doc_of(TREE);
    let mut outline = synced(&doc);
    outline.select(4);
    assert_eq!(
        outline.fold_or_parent(&doc),
        Some(1),
        "a leaf goes to its parent"
    );
    assert_eq!(
        outline.fold_or_parent(&doc),
        Some(1),
        "an open section folds"
    );
    assert!(outline.is_folded(1));
    assert_eq!(show(&outline, &doc), "-0   +1   ·5 -6   ·7");
    assert_eq!(
        outline.fold_or_parent(&doc),
        Some(0),
        "a folded section goes to its parent"
    );
    assert_eq!(outline.fold_or_parent(&doc), Some(0));
    assert_eq!(show(&outline, &doc), "+0 -6   ·7");
    assert_eq!(outline.fold_or_parent(&doc), Some(0), "top level stays put");
}

#[test]
fn reveal_and_unfold_path() {
    let doc = doc_of(TREE);
    let mut outline = synced(&doc);
    assert_eq!(outline.reveal(3), 2, "hidden under folded 2");
    outline.fold(&doc, 0);
    assert_eq!(outline.reveal(3), 0);
    assert_eq!(outline.reveal(7), 2);
    outline.unfold_path_to(&doc, 3);
    assert_eq!(
        show(&outline, &doc),
        "-0   -1     -2       ·3     ·4   ·5 -6   ·7"
    );
    assert_eq!(outline.reveal(3), 3);
    outline.select(3);
    assert_eq!(outline.selected(), Some(3));
    assert_eq!(Outline::new().reveal(5), 0);
}

#[test]
fn selection_moves_and_clamps() {
    let doc = doc_of(TREE);
    let mut outline = synced(&doc);
    assert_eq!(outline.move_selection(1), Some(1));
    assert_eq!(outline.move_selection(2), Some(4));
    assert_eq!(outline.move_selection(100), Some(7));
    assert_eq!(outline.move_selection(-3), Some(4));
    assert_eq!(outline.move_selection(-100), Some(0));
    outline.select(3);
    assert_eq!(
        outline.selected(),
        Some(2),
        "a hidden section selects its shown ancestor"
    );
    assert_eq!(Outline::new().move_selection(1), None);
}

#[test]
fn fold_all_and_open_all_also_apply_to_later_sections() {
    let mut b = Builder::new();
    b.push(&[1, 2, 3]);
    let mut outline = synced(&b.doc);
    outline.select(2);
    outline.fold_all(&b.doc);
    assert_eq!(show(&outline, &b.doc), "+0");
    assert_eq!(outline.selected(), Some(0));
    b.push(&[2, 1, 2]);
    outline.sync(&b.doc);
    assert_eq!(show(&outline, &b.doc), "+0 +4");
    outline.open_all();
    assert_eq!(show(&outline, &b.doc), "-0   -1     ·2   ·3 -4   ·5");
    b.push(&[3, 4]);
    outline.sync(&b.doc);
    assert_eq!(
        show(&outline, &b.doc),
        "-0   -1     ·2   ·3 -4   -5     -6       ·7"
    );
}

#[test]
fn growth_while_folded() {
    let mut b = Builder::new();
    b.push(&[1, 2]);
    let mut outline = synced(&b.doc);
    outline.fold(&b.doc, 0);
    assert_eq!(show(&outline, &b.doc), "+0");
    // Section 0's subtree is still open: more children arrive, hidden.
    b.push(&[2, 3]);
    outline.sync(&b.doc);
    assert_eq!(show(&outline, &b.doc), "+0");
    assert_eq!(outline.synced(), 4);
    outline.unfold(&b.doc, 0);
    assert_eq!(show(&outline, &b.doc), "-0   ·1   -2     ·3");
    // A leaf that gains a child shows as folded (level 3 starts folded), the child hidden.
    b.push(&[4, 1]);
    outline.sync(&b.doc);
    assert_eq!(show(&outline, &b.doc), "-0   ·1   -2     +3 ·5");
    assert!(outline.has_children(&b.doc, 3));
    // A shorter document means a new one: start over.
    let small = doc_of(&[1]);
    outline.sync(&small);
    assert_eq!(show(&outline, &small), "·0");
}

#[test]
fn many_top_level_sections_start_folded_even_when_arriving_late() {
    let mut b = Builder::new();
    for _ in 0..MANY_TOP_LEVEL {
        b.push(&[1, 2]);
    }
    let mut outline = synced(&b.doc);
    assert_eq!(
        outline.row_count(),
        2 * MANY_TOP_LEVEL,
        "at the limit: default policy"
    );
    outline.select(3);
    b.push(&[1, 2]);
    outline.sync(&b.doc);
    assert_eq!(
        outline.row_count(),
        MANY_TOP_LEVEL + 1,
        "past the limit: all folded"
    );
    assert_eq!(outline.selected(), Some(2));
    assert!(outline.is_folded(2 * MANY_TOP_LEVEL));
    b.push(&[2]);
    outline.sync(&b.doc);
    assert_eq!(outline.row_count(), MANY_TOP_LEVEL + 1);

    // Once the user has unfolded something, the switch does not happen.
    let mut b = Builder::new();
    b.push(&[1, 2]);
    let mut outline = synced(&b.doc);
    outline.unfold(&b.doc, 1);
    for _ in 0..MANY_TOP_LEVEL {
        b.push(&[1, 2]);
    }
    outline.sync(&b.doc);
    assert_eq!(outline.row_count(), 2 * (MANY_TOP_LEVEL + 1));
}

#[test]
fn a_million_sections_cost_only_what_is_shown() {
    const CHAPTERS: usize = 1000;
    // Each chapter: its heading, then 333 level-2 sections with two level-3 children each.
    let chapter: Vec<u16> = std::iter::once(1)
        .chain((0..333).flat_map(|_| [2, 3, 3]))
        .collect();
    let mut b = Builder::new();
    let mut outline = Outline::new();
    for _ in 0..CHAPTERS {
        b.push(&chapter);
        outline.sync(&b.doc);
    }
    let doc = b.done();
    let n = doc.sections.len();
    assert_eq!(n, 1_000_000);
    assert!(outline.work <= 4 * n, "sync is linear in what arrives");
    assert_eq!(outline.row_count(), CHAPTERS, "many chapters: all folded");

    outline.work = 0;
    let ch500 = 500 * chapter.len();
    outline.unfold(&doc, ch500);
    assert_eq!(outline.row_count(), CHAPTERS + 333);
    assert_eq!(outline.work, 333, "only the new rows");
    let deep = ch500 + 1 + 3 * 200 + 2;
    outline.unfold_path_to(&doc, deep);
    assert_eq!(outline.row_of(deep), Some(500 + 1 + 200 + 2));
    assert_eq!(outline.work, 333 + 2);
    outline.select(deep);
    assert_eq!(outline.move_selection(-2), Some(ch500 + 1 + 3 * 200));
    assert_eq!(outline.move_selection(3), Some(ch500 + 1 + 3 * 201));
    let rows: Vec<Row> = outline.rows(&doc, 700, 3).collect();
    assert_eq!(
        rows[0],
        Row {
            section: ch500 + 1 + 3 * 199,
            depth: 1,
            folded: Some(true)
        }
    );
    assert_eq!(outline.reveal(ch500 + 1 + 3 * 300 + 1), 500 + 1 + 300 + 2);
    assert_eq!(outline.reveal(n - 1), outline.row_count() - 1);
    outline.fold(&doc, ch500);
    assert_eq!(outline.row_count(), CHAPTERS);
    assert_eq!(outline.selected(), Some(ch500));
    assert!(
        outline.work < 1000,
        "fold edits cost the rows they hide, got {}",
        outline.work
    );
}

#[test]
fn a_filter_shows_matches_and_their_ancestors_and_clearing_it_restores_the_folds() {
    let doc = doc_of(TREE);
    let mut outline = synced(&doc);
    outline.fold(&doc, 6);
    let before = show(&outline, &doc);
    assert_eq!(before, "-0   -1     +2     ·4   ·5 +6");
    // 3 is hidden under folded 2, 7 under folded 6: both show, with their ancestors open
    outline.filter(&doc, &[3, 7]);
    assert!(outline.is_filtered());
    assert_eq!(show(&outline, &doc), "-0   -1     -2       ·3 -6   ·7");
    assert_eq!(outline.selected(), Some(3));
    // a match whose children did not match shows folded
    outline.filter(&doc, &[1]);
    assert_eq!(show(&outline, &doc), "-0   +1");
    // fold edits wait for the filter to end
    outline.fold(&doc, 0);
    outline.open_all();
    outline.fold_all(&doc);
    outline.unfold_path_to(&doc, 7);
    assert_eq!(show(&outline, &doc), "-0   +1");
    outline.filter(&doc, &[]);
    assert_eq!(show(&outline, &doc), "");
    outline.filter(&doc, &[4]);
    outline.clear_filter(&doc);
    assert!(!outline.is_filtered());
    assert_eq!(show(&outline, &doc), before);
    assert_eq!(outline.selected(), Some(4), "the selection is kept");
}

#[test]
fn sections_synced_during_a_filter_take_their_place_when_it_ends() {
    let mut b = Builder::new();
    b.push(&[1, 2]);
    let mut outline = synced(&b.doc);
    outline.filter(&b.doc, &[1]);
    b.push(&[1, 2]);
    outline.sync(&b.doc);
    assert_eq!(show(&outline, &b.doc), "-0   ·1", "new sections wait");
    outline.clear_filter(&b.doc);
    assert_eq!(show(&outline, &b.doc), "-0   ·1 -2   ·3");
}
