//! The foldable outline: fold flags per section, the visible rows, and the selection.
//!
//! The tree itself is [`Document::sections`], a flat pre-order list, so this model only adds a
//! fold flag per section and a selection (the shape of gitui's `filetreelist`). No drawing here.
//!
//! Invariants, kept by every method:
//! - `folded.len()` is the number of sections taken in by [`Outline::sync`] (the *synced*
//!   sections); sections the document gained since are ignored until the next `sync`;
//! - `visible` holds, in increasing order, exactly the synced sections that have no folded
//!   proper ancestor. So a row is an index into `visible`, and looking up a section's row is a
//!   binary search: `rows`, `row_of`, `section_at_row`, `reveal` and `move_selection` cost
//!   O(log n + rows returned), never O(n);
//! - folding or unfolding edits `visible` in place and touches only the rows that appear or
//!   disappear (plus a memmove); `sync` appends new visible sections at the end, because a
//!   growing pre-order list only ever grows at the end;
//! - the selection, when there is one, is a visible section.
//!
//! Default folding: sections of levels 1 and 2 start open, deeper ones start folded (so the
//! third level shows as folded rows). A document with more than [`MANY_TOP_LEVEL`] top-level
//! sections starts with everything folded; because sections arrive while a loader parses, the
//! switch happens in `sync` when the top-level count first passes the limit — once, with one
//! O(n) pass — and only if the user has not folded or unfolded anything yet. After
//! [`Outline::fold_all`] or [`Outline::open_all`], sections that arrive later follow that choice.
//! A reload builds a new document: start a new `Outline` (a `sync` with a shorter section list
//! also starts over).
//!
//! A *filter* ([`Outline::filter`], the outline's `/`) shows only some sections and their
//! ancestors, whatever the folds: `visible` holds exactly those while it lasts, and fold edits
//! are refused (the fold flags are the state to come back to). [`Outline::clear_filter`]
//! rebuilds `visible` from the unchanged flags, so the folds are as they were, with the
//! sections synced meanwhile in place.

use crate::document::Document;

/// Levels up to this one start unfolded; deeper sections start folded.
pub const OPEN_LEVELS: u16 = 2;

/// With more top-level sections than this, the outline starts with everything folded.
pub const MANY_TOP_LEVEL: usize = 200;

/// How a newly synced section is folded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Policy {
    /// Levels up to [`OPEN_LEVELS`] open, deeper ones folded.
    ByLevel,
    /// Everything folded (many top-level sections, or after `fold_all`).
    AllFolded,
    /// Everything open (after `open_all`).
    AllOpen,
}

/// One visible row of the outline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// Index into [`Document::sections`].
    pub section: usize,
    /// Indentation depth, 0 for top-level sections.
    pub depth: usize,
    /// `Some(folded)` for a section with subsections, `None` for a leaf.
    pub folded: Option<bool>,
}

/// Fold state and selection over a (possibly still growing) document's sections.
#[derive(Debug, Clone)]
pub struct Outline {
    folded: Vec<bool>,
    visible: Vec<u32>,
    selected: Option<usize>,
    policy: Policy,
    top_level: usize,
    touched: bool,
    /// True while a filter decides the rows (see the module doc).
    filtered: bool,
    /// Sections examined by fold edits and syncs; tests assert on it instead of wall time.
    work: usize,
}

impl Default for Outline {
    fn default() -> Self {
        Self::new()
    }
}

impl Outline {
    /// An outline that has seen no sections yet.
    pub const fn new() -> Self {
        Self {
            folded: Vec::new(),
            visible: Vec::new(),
            selected: None,
            policy: Policy::ByLevel,
            top_level: 0,
            touched: false,
            filtered: false,
            work: 0,
        }
    }

    /// Takes in the sections appended to `doc` since the last call, folding them by the default
    /// policy (see the module doc). Costs O(new sections × depth) except for the one-time switch
    /// to all-folded.
    pub fn sync(&mut self, doc: &Document) {
        if doc.sections.len() < self.folded.len() {
            *self = Self::new();
        }
        for i in self.folded.len()..doc.sections.len() {
            let level = doc.sections[i].level;
            let fold = match self.policy {
                Policy::ByLevel => level > OPEN_LEVELS,
                Policy::AllFolded => true,
                Policy::AllOpen => false,
            };
            self.folded.push(fold);
            self.work += 1;
            if !self.filtered && self.has_open_ancestry(doc, i) {
                self.visible.push(i as u32);
            }
            if level == 1 {
                self.top_level += 1;
                if self.top_level > MANY_TOP_LEVEL
                    && self.policy == Policy::ByLevel
                    && !self.touched
                {
                    self.policy = Policy::AllFolded;
                    self.fold_everything(doc);
                }
            }
        }
        if self.selected.is_none() {
            self.selected = self.visible.first().map(|&s| s as usize);
        }
    }

    /// Number of sections taken in so far.
    pub const fn synced(&self) -> usize {
        self.folded.len()
    }

    /// True when section `i` is folded (its subsections, present or future, are hidden).
    pub fn is_folded(&self, i: usize) -> bool {
        self.folded.get(i).copied().unwrap_or(false)
    }

    /// True when section `i` has subsections among the synced sections.
    pub fn has_children(&self, doc: &Document, i: usize) -> bool {
        i < self.synced() && self.end(doc, i) > i + 1
    }

    /// Folds section `i`, hiding its subtree; a selection inside moves to `i`.
    pub fn fold(&mut self, doc: &Document, i: usize) {
        self.touched = true;
        self.set_folded(doc, i);
    }

    /// Unfolds section `i`, showing its children (and theirs, unless folded).
    pub fn unfold(&mut self, doc: &Document, i: usize) {
        self.touched = true;
        self.set_unfolded(doc, i);
    }

    /// Folds section `i` if it is open, unfolds it otherwise.
    pub fn toggle(&mut self, doc: &Document, i: usize) {
        if self.is_folded(i) {
            self.unfold(doc, i);
        } else {
            self.fold(doc, i);
        }
    }

    /// Folds every section, now and for sections that arrive later. O(n) once.
    pub fn fold_all(&mut self, doc: &Document) {
        if self.filtered {
            return;
        }
        self.touched = true;
        self.policy = Policy::AllFolded;
        self.fold_everything(doc);
    }

    /// Unfolds every section, now and for sections that arrive later. O(n) once.
    pub fn open_all(&mut self) {
        if self.filtered {
            return;
        }
        self.touched = true;
        self.policy = Policy::AllOpen;
        self.folded.fill(false);
        self.visible = (0..self.synced() as u32).collect();
        self.work += self.visible.len();
    }

    /// The folded sections that have subsections: what to save to restore this state.
    pub fn folded_sections(&self, doc: &Document) -> Vec<u32> {
        (0..self.synced())
            .filter(|&i| self.folded[i] && self.has_children(doc, i))
            .map(|i| i as u32)
            .collect()
    }

    /// Restores a saved state: exactly the sections in `folded` are folded. O(n) once.
    pub fn restore_folds(&mut self, doc: &Document, folded: &[u32]) {
        self.touched = true;
        self.filtered = false;
        self.folded.fill(false);
        for &i in folded {
            if let Some(f) = self.folded.get_mut(i as usize) {
                *f = true;
            }
        }
        self.show_by_folds(doc);
    }

    /// Shows only the sections in `matches` (ascending) and their ancestors, whatever the
    /// folds, and selects the first match. O(matches × depth).
    pub fn filter(&mut self, doc: &Document, matches: &[usize]) {
        self.filtered = true;
        self.visible.clear();
        let synced = self.synced();
        for &m in matches.iter().filter(|&&m| m < synced) {
            // the ancestors not listed yet: those after the last row (pre-order)
            let last = self.visible.last().map(|&v| v as usize);
            let chain = doc.ancestry(m);
            let new = chain.iter().filter(|&&a| last.is_none_or(|l| a > l));
            self.visible.extend(new.map(|&a| a as u32));
            self.work += chain.len();
        }
        self.selected = matches.first().copied().filter(|&m| m < self.synced());
    }

    /// Ends a filter: the rows are the folds' again, the selection kept (or its visible
    /// ancestor). O(n) once.
    pub fn clear_filter(&mut self, doc: &Document) {
        if std::mem::take(&mut self.filtered) {
            self.show_by_folds(doc);
        }
    }

    /// True while a filter decides the rows.
    pub const fn is_filtered(&self) -> bool {
        self.filtered
    }

    /// Makes `visible` the sections without a folded ancestor, from the fold flags.
    fn show_by_folds(&mut self, doc: &Document) {
        self.visible.clear();
        let mut j = 0;
        while j < self.synced() {
            self.visible.push(j as u32);
            j = if self.folded[j] {
                self.end(doc, j).max(j + 1)
            } else {
                j + 1
            };
        }
        self.work += self.synced();
        if let Some(s) = self.selected {
            self.select(s);
        }
    }

    /// The outline's `h`: folds the selected section if it has open subsections, otherwise
    /// selects its parent. Returns the selected section.
    pub fn fold_or_parent(&mut self, doc: &Document) -> Option<usize> {
        let selected = self.selected?;
        if self.has_children(doc, selected) && !self.is_folded(selected) {
            self.fold(doc, selected);
        } else if let Some(parent) = doc.sections.get(selected).and_then(|s| s.parent) {
            self.selected = Some(parent as usize);
        }
        self.selected
    }

    /// The row to highlight as "current" for `section`: its own row when visible, else the row
    /// of its outermost folded ancestor (the one that is shown). 0 when there are no rows.
    ///
    /// Why no walk is needed: in pre-order, every section between that ancestor and `section`
    /// lies in the ancestor's hidden subtree, so the ancestor is the last visible section at or
    /// before `section`.
    pub fn reveal(&self, section: usize) -> usize {
        self.visible
            .partition_point(|&s| s as usize <= section)
            .saturating_sub(1)
    }

    /// Unfolds every ancestor of `section` so that it becomes visible (itself left as it is).
    /// This follows the reader, so it does not count as the user touching the folds.
    pub fn unfold_path_to(&mut self, doc: &Document, section: usize) {
        if section >= self.synced() || self.filtered {
            return;
        }
        let ancestry = doc.ancestry(section);
        for &a in ancestry.iter().take(ancestry.len().saturating_sub(1)) {
            self.set_unfolded(doc, a);
        }
    }

    /// The selected section, if there are any rows.
    pub const fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// Selects `section`, or the visible row standing for it ([`Outline::reveal`]).
    pub fn select(&mut self, section: usize) {
        self.selected = self.visible.get(self.reveal(section)).map(|&s| s as usize);
    }

    /// Moves the selection by `delta` rows, stopping at the first and last rows. Returns the
    /// selected section.
    pub fn move_selection(&mut self, delta: isize) -> Option<usize> {
        let last = self.visible.len().checked_sub(1)?;
        let row = self.selected.map_or(0, |s| self.reveal(s));
        let target = row.saturating_add_signed(delta).min(last);
        self.selected = Some(self.visible[target] as usize);
        self.selected
    }

    /// Number of visible rows.
    pub fn row_count(&self) -> usize {
        self.visible.len()
    }

    /// The row of `section`, if it is visible.
    pub fn row_of(&self, section: usize) -> Option<usize> {
        let section = u32::try_from(section).ok()?;
        self.visible.binary_search(&section).ok()
    }

    /// Number of visible rows of sections before `section` (the row `section` has or would
    /// have).
    pub fn rows_before(&self, section: usize) -> usize {
        self.visible.partition_point(|&s| (s as usize) < section)
    }

    /// The section shown on `row`.
    pub fn section_at_row(&self, row: usize) -> Option<usize> {
        self.visible.get(row).map(|&s| s as usize)
    }

    /// Up to `count` visible rows starting at row `start`.
    pub fn rows<'a>(
        &'a self,
        doc: &'a Document,
        start: usize,
        count: usize,
    ) -> impl Iterator<Item = Row> + 'a {
        let start = start.min(self.visible.len());
        let end = start.saturating_add(count).min(self.visible.len());
        (start..end).map(move |row| {
            let section = self.visible[row] as usize;
            let depth = doc
                .sections
                .get(section)
                .map_or(0, |s| usize::from(s.level.saturating_sub(1)));
            // filtered, a row is shown open when the next row is inside it
            let folded = self.has_children(doc, section).then(|| {
                if self.filtered {
                    self.visible
                        .get(row + 1)
                        .is_none_or(|&next| next as usize >= self.end(doc, section))
                } else {
                    self.is_folded(section)
                }
            });
            Row {
                section,
                depth,
                folded,
            }
        })
    }

    /// One past the last synced section of `i`'s subtree (an open subtree ends at the last
    /// synced section while the document is still loading).
    fn end(&self, doc: &Document, i: usize) -> usize {
        doc.subtree_end(i).min(self.synced())
    }

    /// True when no proper ancestor of synced section `i` is folded.
    fn has_open_ancestry(&mut self, doc: &Document, i: usize) -> bool {
        let mut parent = doc.sections[i].parent;
        while let Some(p) = parent {
            self.work += 1;
            if self.folded[p as usize] {
                return false;
            }
            parent = doc.sections[p as usize].parent;
        }
        true
    }

    /// Sets `i`'s fold flag and removes its descendants' rows.
    fn set_folded(&mut self, doc: &Document, i: usize) {
        if i >= self.synced() || self.folded[i] || self.filtered {
            return;
        }
        self.folded[i] = true;
        let end = self.end(doc, i);
        if let Some(row) = self.row_of(i) {
            let tail = &self.visible[row + 1..];
            let stop = row + 1 + tail.partition_point(|&s| (s as usize) < end);
            self.work += stop - row - 1;
            self.visible.drain(row + 1..stop);
        }
        if self.selected.is_some_and(|s| i < s && s < end) {
            self.selected = Some(i);
        }
    }

    /// Clears `i`'s fold flag and inserts the rows of its now-visible descendants.
    fn set_unfolded(&mut self, doc: &Document, i: usize) {
        if i >= self.synced() || !self.folded[i] || self.filtered {
            return;
        }
        self.folded[i] = false;
        let Some(row) = self.row_of(i) else {
            return;
        };
        let end = self.end(doc, i);
        let mut shown = Vec::new();
        let mut j = i + 1;
        while j < end {
            shown.push(j as u32);
            j = if self.folded[j] {
                self.end(doc, j)
            } else {
                j + 1
            };
        }
        self.work += shown.len();
        let at = row + 1;
        self.visible.splice(at..at, shown);
    }

    /// Sets every fold flag and keeps only the top-level rows; the selection moves to its
    /// top-level ancestor.
    fn fold_everything(&mut self, doc: &Document) {
        self.folded.fill(true);
        if self.filtered {
            return;
        }
        self.visible.clear();
        let mut j = 0;
        while j < self.synced() {
            self.visible.push(j as u32);
            j = self.end(doc, j).max(j + 1);
        }
        self.work += self.synced();
        if let Some(s) = self.selected {
            self.selected = doc.ancestry(s).first().copied();
        }
    }
}

#[cfg(test)]
mod tests;
