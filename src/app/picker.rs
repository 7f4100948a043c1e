//! The live go-to picker: while `:` is open, the headings that best match what has been typed,
//! best first (ranked by [`crate::heading_match`]; a section path such as `2.3` names its
//! section first), with the selected one previewed in the text pane.
//!
//! The preview moves only the viewport: the jump list hears of nothing until Enter, and Esc
//! puts the top line back where it was when `:` opened. Enter on the list's first entry is the
//! plain `:` submit (so `50%`, `L123` and walking through repeated matches work as before); once
//! the reader has moved in the list, Enter goes to the heading selected.

use super::shelf::DocHeadings;
use super::shelf_find::ShelfHit;
use super::{App, Mode, PromptKind};
use crate::goto::{self, Spec};
use crate::heading_match::{self, Query};
use crate::viewport::Top;
use std::sync::Arc;

/// Most headings the picker keeps for a query (the list scrolls through them).
pub const CANDIDATE_LIMIT: usize = 200;

/// Character searches of the fuzzy sweep per keystroke or frame (a few milliseconds: a million
/// headings that all hold the query's characters in the wrong order take about two million).
pub const SWEEP_SLICE: usize = 250_000;

/// The picker's state while the `:` prompt is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    /// Matching sections, best first.
    candidates: Vec<usize>,
    /// Index into `candidates` of the one previewed.
    selected: usize,
    /// True once the reader has moved in the list.
    moved: bool,
    /// The top line when `:` opened, for Esc.
    origin: Top,
    /// The section the reader was in when `:` opened: matches after it come first.
    origin_section: Option<usize>,
    /// For `:*query`: headings of every document of the shelf, best first (then
    /// `candidates` is empty).
    shelf_hits: Vec<ShelfHit>,
    /// The section a section path names, listed first.
    named: Option<usize>,
    /// The ranking of the headings, while its fuzzy sweep goes on a slice per frame.
    ranking: Option<heading_match::Ranking>,
}

impl Picker {
    /// Matching sections, best first.
    pub fn candidates(&self) -> &[usize] {
        &self.candidates
    }

    /// Index into [`Picker::candidates`] of the one previewed.
    pub const fn selected(&self) -> usize {
        self.selected
    }

    /// For `:*query`: the headings found on the whole shelf, best first.
    pub fn shelf_hits(&self) -> &[ShelfHit] {
        &self.shelf_hits
    }

    /// Rows in the list.
    pub fn len(&self) -> usize {
        self.candidates.len() + self.shelf_hits.len()
    }

    /// True when the list is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The sections the picker lists for `input`, best first: a section path's own section, then
/// headings ranked by the matcher. `50%`, `L123` and a PDF's `p12` list nothing (they name no
/// heading).
pub fn candidates(
    doc: &crate::document::Document,
    labels: &heading_match::TitleIndex,
    input: &str,
    current: Option<usize>,
) -> Vec<usize> {
    let (named, ranking) = start_candidates(doc, labels, input, current);
    let mut ranking = ranking;
    if let Some(r) = ranking.as_mut() {
        while !r.step(labels, usize::MAX) {}
    }
    listed(named, ranking.as_ref())
}

/// [`candidates`] begun: the section a section path names, and the ranking of the headings
/// (its last rank still to sweep, [`heading_match::Ranking::step`]).
fn start_candidates(
    doc: &crate::document::Document,
    labels: &heading_match::TitleIndex,
    input: &str,
    current: Option<usize>,
) -> (Option<usize>, Option<heading_match::Ranking>) {
    let named = match goto::parse(input) {
        None | Some(Spec::Percent(_) | Spec::Line(_)) => return (None, None),
        // a page of a PDF names no heading; elsewhere `p12` is searched for like a title
        Some(Spec::Page(_)) if doc.page_count() > 0 => return (None, None),
        Some(Spec::Path(path)) => goto::resolve_path(doc, &path),
        Some(Spec::Title(_) | Spec::Page(_)) => None,
    };
    let ranking = Query::new(input)
        .map(|q| heading_match::Ranking::start(doc, labels, &q, current, CANDIDATE_LIMIT));
    (named, ranking)
}

/// The list: the named section, then the ranking's headings (so far).
fn listed(named: Option<usize>, ranking: Option<&heading_match::Ranking>) -> Vec<usize> {
    let mut out: Vec<usize> = named.into_iter().collect();
    if let Some(r) = ranking {
        out.extend(
            r.results()
                .into_iter()
                .map(|(i, _)| i)
                .filter(|&i| named != Some(i)),
        );
    }
    out.truncate(CANDIDATE_LIMIT);
    out
}

impl App {
    /// The go-to picker, while `:` is open.
    pub const fn picker(&self) -> Option<&Picker> {
        self.picker.as_ref()
    }

    /// `:` opened: the picker starts empty, remembering where the reader is.
    pub(super) fn open_picker(&mut self) {
        self.picker = Some(Picker {
            candidates: Vec::new(),
            selected: 0,
            moved: false,
            origin: self.viewport.top,
            origin_section: self.current_section(),
            shelf_hits: Vec::new(),
            named: None,
            ranking: None,
        });
    }

    /// The `:` input changed: lists the headings for it and previews the best.
    pub(super) fn refresh_picker(&mut self) {
        let Some(input) = self.goto_input() else {
            return;
        };
        let shelf_hits = self.shelf_candidates(&input);
        let Some(picker) = self.picker.as_mut() else {
            return;
        };
        if let Some(hits) = shelf_hits {
            picker.candidates.clear();
            picker.shelf_hits = hits;
            picker.selected = 0;
            picker.moved = false;
            self.preview();
            return;
        }
        picker.shelf_hits.clear();
        // headings loaded since the last keystroke are indexed now (all of them on the first
        // `:` after loading: once per document, not once per keystroke)
        self.titles.update(&self.doc);
        let (named, mut ranking) =
            start_candidates(&self.doc, &self.titles, &input, picker.origin_section);
        if let Some(r) = ranking.as_mut() {
            r.step(&self.titles, SWEEP_SLICE);
        }
        picker.candidates = listed(named, ranking.as_ref());
        picker.named = named;
        picker.ranking = ranking.filter(|r| !r.is_done());
        picker.selected = 0;
        picker.moved = false;
        self.preview();
    }

    /// True while the picker's ranking still sweeps (the loop should send the next frame).
    pub(super) fn picking(&self) -> bool {
        self.picker.as_ref().is_some_and(|p| p.ranking.is_some())
    }

    /// A frame: the picker's ranking sweeps one more slice, and the list takes what it found.
    pub(super) fn picker_tick(&mut self) {
        let Some(picker) = self.picker.as_mut() else {
            return;
        };
        let Some(ranking) = picker.ranking.as_mut() else {
            return;
        };
        ranking.step(&self.titles, SWEEP_SLICE);
        let was_empty = picker.candidates.is_empty();
        picker.candidates = listed(picker.named, Some(ranking));
        if picker
            .ranking
            .as_ref()
            .is_some_and(heading_match::Ranking::is_done)
        {
            picker.ranking = None;
        }
        // the first heading found previews itself, as on a keystroke
        if was_empty && !picker.moved && !picker.candidates.is_empty() {
            self.preview();
        }
    }

    /// Moves the selection by `delta` rows (stopping at the ends) and previews it.
    pub(super) fn step_picker(&mut self, delta: isize) {
        let Some(picker) = self.picker.as_mut() else {
            return;
        };
        let Some(last) = picker.len().checked_sub(1) else {
            return;
        };
        picker.selected = picker.selected.saturating_add_signed(delta).min(last);
        picker.moved = true;
        self.preview();
    }

    /// True when ↑/↓ move in the list rather than the history: something is typed (not
    /// recalled) and the list has headings.
    pub(super) fn arrows_pick(&self) -> bool {
        let typed = self
            .mode
            .prompt()
            .is_some_and(|p| !p.input.trim().is_empty() && !p.recall.is_recalling());
        let listed = self.picker.as_ref().is_some_and(|p| !p.is_empty()) || self.results_listed();
        typed && listed
    }

    /// The prompt closed without a jump: the top line goes back to where `:` found it.
    pub(super) fn cancel_picker(&mut self) {
        if let Some(picker) = self.picker.take() {
            self.viewport.top = picker.origin;
            self.follow_in_outline();
        }
    }

    /// Enter in `:`: the section chosen in the list, when the reader moved in it; `None` for a
    /// plain submit. The preview is undone either way, so that the jump starts from (and the
    /// jump list records) where `:` opened.
    pub(super) fn take_picked(&mut self) -> Option<usize> {
        let picker = self.picker.take()?;
        self.viewport.top = picker.origin;
        picker
            .moved
            .then(|| picker.candidates.get(picker.selected).copied())
            .flatten()
    }

    /// Enter in `:*query`: the shelf heading selected (the best, unless the reader moved),
    /// with the preview undone; `None` when the list is no shelf list.
    pub(super) fn take_shelf_hit(&mut self) -> Option<ShelfHit> {
        if self.picker.as_ref()?.shelf_hits.is_empty() {
            return None;
        }
        let mut picker = self.picker.take()?;
        self.viewport.top = picker.origin;
        let selected = picker.selected;
        (selected < picker.shelf_hits.len()).then(|| picker.shelf_hits.swap_remove(selected))
    }

    /// Shows the selected heading at the top, or the starting place when nothing matches (or
    /// the heading selected is another document's).
    fn preview(&mut self) {
        let Some(picker) = self.picker.as_ref() else {
            return;
        };
        let here = self.shelf.as_ref().map(|s| s.current);
        let shown = if picker.shelf_hits.is_empty() {
            picker.candidates.get(picker.selected).copied()
        } else {
            picker
                .shelf_hits
                .get(picker.selected)
                .filter(|h| Some(h.doc) == here)
                .map(|h| h.section)
        };
        if let Some(s) = shown {
            self.show_section(s);
        } else {
            self.viewport.top = picker.origin;
            self.follow_in_outline();
        }
    }

    /// More headings arrived from the shelf: an open `:*` list ranks them in (`more`, only
    /// those added) or is ranked again (`None`), keeping the selected row when the reader had
    /// moved to it.
    pub(super) fn refresh_shelf_hits(&mut self, more: Option<&[Arc<DocHeadings>]>) {
        if self
            .goto_input()
            .is_none_or(|i| super::shelf_find::shelf_query(&i).is_none())
        {
            return;
        }
        let kept = self
            .picker
            .as_ref()
            .filter(|p| p.moved)
            .and_then(|p| p.shelf_hits.get(p.selected).cloned());
        let input = self.goto_input().unwrap_or_default();
        let query = super::shelf_find::shelf_query(&input).unwrap_or_default();
        let here = self.shelf.as_ref().map_or(0, |s| s.current);
        match (more, self.picker.as_mut()) {
            (Some(more), Some(picker)) if !picker.shelf_hits.is_empty() => {
                let hits = std::mem::take(&mut picker.shelf_hits);
                picker.shelf_hits = super::shelf_find::more_shelf_hits(query, here, hits, more);
                picker.selected = 0;
                picker.moved = false;
                if kept.is_none() {
                    self.preview();
                }
            }
            _ => self.refresh_picker(),
        }
        if let Some(kept) = kept
            && let Some(picker) = self.picker.as_mut()
            && let Some(i) = picker
                .shelf_hits
                .iter()
                .position(|h| h.doc == kept.doc && h.section == kept.section)
        {
            picker.selected = i;
            picker.moved = true;
        }
    }

    /// What is typed at the `:` prompt, if it is open.
    pub(super) fn goto_input(&self) -> Option<String> {
        match &self.mode {
            Mode::Prompt { prompt, .. } if prompt.kind == PromptKind::GoTo => {
                Some(prompt.input.clone())
            }
            _ => None,
        }
    }
}
