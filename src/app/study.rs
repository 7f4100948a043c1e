//! Studying in the reader: the selection (`v`, `V`) and its motions by sentence, line and
//! paragraph; copying (`y`, `c` with the citation, `Y` the section) as [`Effect::Copy`]; highlights
//! (`h`) and notes (`n`, a prompt that takes line breaks); the notes list (`A`: Enter goes
//! there, `d` deletes, `u` undoes, `e` edits); the export (`E`, [`Effect::ExportNotes`]).
//!
//! Invariants: a selection is never empty and its ends are on char boundaries (they come
//! from sentence and line ranges); `notes` stays in document order, orphans last; every change
//! to `notes` asks for [`Effect::NotesChanged`], and nothing here touches a file or the
//! terminal.

use std::ops::Range;

use ratatui::crossterm::event::KeyEvent;

use super::{App, Effect, Mode, Overlay, Prompt, PromptKind, Selection};
use crate::i18n::Msg;
use crate::keymap::{Action, KeyResult, Scope};
use crate::pos::TextPos;
use crate::study::{self, Anchor, Note, clip};
use crate::viewport::RowRef;

/// What the note prompt writes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteTarget {
    /// A new highlight of this range.
    New(Range<usize>),
    /// The note of highlight `i` of the list.
    Edit(usize),
}

/// A display line: its paragraph and its index in it.
type LineAt = (usize, usize);

impl App {
    /// Highlights and notes in document order (orphans last).
    pub fn notes(&self) -> &[Note] {
        &self.notes
    }

    /// What the last copy put on the clipboard.
    pub fn clipboard(&self) -> &str {
        &self.clipboard
    }

    /// Keys while selecting: the selection's own table; other keys do nothing.
    pub(super) fn select_key(&mut self, key: &KeyEvent) {
        if let KeyResult::Action(action) = self.keymap.resolve(Scope::Select, key) {
            self.study_action(action);
        }
    }

    /// Does a study action, in the text or in a selection.
    pub(super) fn study_action(&mut self, action: Action) {
        let sel = self.mode.selection();
        match (action, sel) {
            (Action::StartSelection, None) => self.start_selection(),
            (Action::SelectParagraph, _) => self.select_paragraph(sel),
            (Action::CopySection, _) => self.copy_section(sel),
            (Action::ListNotes, None) => self.open_notes(),
            (Action::ExportNotes, None) => self.effects.push(Effect::ExportNotes),
            (Action::Cancel, Some(_)) => self.mode = Mode::Text,
            (Action::CopySelection | Action::CopyCited, Some(s)) => {
                let mut text = clip::plain_text(&self.doc, s.range());
                if action == Action::CopyCited || self.cite {
                    let cite = clip::citation(&self.doc, s.start, &self.name);
                    text = clip::with_citation(&text, &cite);
                }
                self.mode = Mode::Text;
                self.copy(text);
            }
            (Action::Highlight, Some(s)) => {
                self.mode = Mode::Text;
                if self.note_index(&s.range()).is_none() {
                    self.add_note(s.range(), String::new());
                }
                self.say(&Msg::Highlighted);
            }
            (Action::Annotate, Some(s)) => {
                let (target, text) = match self.note_index(&s.range()) {
                    Some(i) => (NoteTarget::Edit(i), self.notes[i].note.clone()),
                    None => (NoteTarget::New(s.range()), String::new()),
                };
                self.open_note_prompt(target, text);
            }
            (_, Some(s)) => {
                if let Some(moved) = self.moved_selection(action, s) {
                    self.mode = Mode::Select(moved);
                    self.reveal(moved.end);
                }
            }
            _ => {}
        }
    }

    /// `v`: the first sentence starting on the top line (or the one running through it).
    fn start_selection(&mut self) {
        let Some((para, line)) = self.top_line() else {
            return;
        };
        let lines = self.layout.paragraph(&self.doc, para);
        let Some(l) = lines.lines.get(line) else {
            return;
        };
        let list = study::sentences(&self.doc, para);
        let found = list
            .iter()
            .find(|s| l.range.contains(&s.start))
            .or_else(|| list.iter().find(|s| s.end > l.range.start))
            .cloned()
            .or_else(|| study::next_sentence(&self.doc, l.range.start.max(1)));
        if let Some(s) = found {
            self.mode = Mode::Select(Selection {
                start: s.start,
                end: s.end,
            });
            self.reveal(s.end);
        }
    }

    /// The top display line of the text pane (its first line, past a gap).
    fn top_line(&self) -> Option<LineAt> {
        self.frame.rows.iter().find_map(|r| match r.row {
            RowRef::Line { para, line } => Some((para.index(), line)),
            RowRef::Gap(_) => None,
        })
    }

    /// `V`: the whole paragraphs under the selection, or the top line's paragraph.
    fn select_paragraph(&mut self, sel: Option<Selection>) {
        let (first, last) = match sel {
            Some(s) => (
                self.doc.paragraph_at(s.start),
                self.doc.paragraph_at(s.end - 1),
            ),
            None => match self.top_line() {
                Some((p, _)) => (p, p),
                None => return,
            },
        };
        let body = |p| study::paragraph_body(&self.doc, p);
        let start = (first..self.doc.paragraphs.len()).find_map(body);
        let end = (0..=last).rev().find_map(body);
        if let (Some(a), Some(b)) = (start, end)
            && a.start < b.end
        {
            self.mode = Mode::Select(Selection {
                start: a.start,
                end: b.end,
            });
        }
    }

    /// The selection after a motion, or `None` when it cannot move that way.
    fn moved_selection(&mut self, action: Action, s: Selection) -> Option<Selection> {
        let doc = &self.doc;
        let mut out = s;
        match action {
            Action::SentenceForward => out.end = study::next_sentence(doc, s.end)?.end,
            Action::SentenceBack => match study::prev_sentence(doc, s.end - 1) {
                Some(p) if p.end > s.start => out.end = p.end,
                // one sentence selected: reach one sentence further back
                _ => out.start = study::prev_sentence(doc, s.start)?.start,
            },
            Action::ParagraphForward => {
                let p = doc.paragraph_at(s.end - 1);
                out.end = match study::paragraph_body(doc, p) {
                    Some(b) if b.end > s.end => b.end,
                    _ => {
                        ((p + 1)..doc.paragraphs.len())
                            .find_map(|q| study::paragraph_body(doc, q))?
                            .end
                    }
                };
            }
            Action::ParagraphBack => {
                let p = doc.paragraph_at(s.end - 1);
                let before = (0..p)
                    .rev()
                    .find_map(|q| study::paragraph_body(doc, q))
                    .filter(|b| b.end > s.start);
                if let Some(b) = before {
                    out.end = b.end;
                } else {
                    let q = doc.paragraph_at(s.start);
                    out.start = match study::paragraph_body(doc, q) {
                        Some(b) if b.start < s.start => b.start,
                        _ => {
                            (0..q)
                                .rev()
                                .find_map(|r| study::paragraph_body(doc, r))?
                                .start
                        }
                    };
                }
            }
            Action::ExtendLineDown => {
                let here = self.line_of(s.end - 1)?;
                let next = self.next_line(here)?;
                out.end = self.line_text(next)?.end;
            }
            Action::ExtendLineUp => {
                let here = self.line_of(s.end - 1)?;
                match self.prev_line(here).and_then(|l| self.line_text(l)) {
                    Some(t) if t.end > s.start => out.end = t.end,
                    _ => {
                        let first = self.line_of(s.start)?;
                        let top = self.prev_line(first)?;
                        out.start = self.line_text(top)?.start;
                    }
                }
            }
            _ => return None,
        }
        (out.start < out.end && out != s).then_some(out)
    }

    /// The display line holding byte `at`.
    fn line_of(&mut self, at: usize) -> Option<LineAt> {
        let p = self.doc.paragraph_at(at);
        let lines = self.layout.paragraph(&self.doc, p);
        (!lines.lines.is_empty()).then(|| (p, lines.line_at(at)))
    }

    /// The display line after `(p, i)` that holds text, across paragraphs.
    fn next_line(&mut self, (p, i): LineAt) -> Option<LineAt> {
        let count = self.layout.paragraph(&self.doc, p).lines.len();
        if i + 1 < count {
            return Some((p, i + 1));
        }
        ((p + 1)..self.doc.paragraphs.len())
            .find(|&q| study::paragraph_body(&self.doc, q).is_some())
            .map(|q| (q, 0))
    }

    /// The display line before `(p, i)` that holds text, across paragraphs.
    fn prev_line(&mut self, (p, i): LineAt) -> Option<LineAt> {
        if i > 0 {
            return Some((p, i - 1));
        }
        let q = (0..p)
            .rev()
            .find(|&q| study::paragraph_body(&self.doc, q).is_some())?;
        let n = self.layout.paragraph(&self.doc, q).lines.len();
        Some((q, n.checked_sub(1)?))
    }

    /// The text of a display line, without the whitespace around it.
    fn line_text(&mut self, (p, i): LineAt) -> Option<Range<usize>> {
        let lines = self.layout.paragraph(&self.doc, p);
        let r = lines.lines.get(i)?.range.clone();
        let t = self.doc.slice(&r);
        let start = r.start + (t.len() - t.trim_start().len());
        let end = r.start + t.trim_end().len();
        (start < end).then_some(start..end)
    }

    /// Scrolls so that byte `at` is on screen: at the top when it is above the pane, on the
    /// second-last row when below.
    fn reveal(&mut self, at: usize) {
        let shown = self.visible_range();
        if shown.start == shown.end {
            return;
        }
        let at = TextPos::new(at);
        if at < shown.start {
            self.viewport.set_anchor(&self.doc, &mut self.layout, at);
        } else if at >= shown.end {
            self.viewport.set_anchor(&self.doc, &mut self.layout, at);
            let back = isize::try_from(self.viewport.height.saturating_sub(2)).unwrap_or(0);
            self.scroll(-back);
        }
    }

    /// `Y`: the section at the selection, or the current one, heading and text.
    fn copy_section(&mut self, sel: Option<Selection>) {
        let section = match sel {
            Some(s) => self
                .doc
                .section_at_paragraph(self.doc.paragraph_at(s.start)),
            None => self.current_section(),
        };
        let Some(section) = section else {
            self.complain(&Msg::NoSections);
            return;
        };
        self.mode = Mode::Text;
        let mut text = clip::section_text(&self.doc, section);
        if self.cite
            && let Some(p) = self.doc.sections.get(section).map(|s| s.para as usize)
            && let Some(at) = self.doc.paragraphs.get(p).map(|p| p.range.start)
        {
            let cite = clip::citation(&self.doc, at, &self.name);
            text = clip::with_citation(&text, &cite);
        }
        self.copy(text);
    }

    /// Puts `text` on the clipboard (the shell sends it) and says how much.
    fn copy(&mut self, text: String) {
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        self.clipboard = text;
        self.effects.push(Effect::Copy);
        self.say(&Msg::Copied(chars));
    }

    /// The highlight of exactly `range`, if there is one.
    fn note_index(&self, range: &Range<usize>) -> Option<usize> {
        self.notes
            .iter()
            .position(|n| n.range.as_ref() == Some(range))
    }

    /// Adds a highlight of `range` with `note`.
    fn add_note(&mut self, range: Range<usize>, note: String) {
        self.notes.push(Note::new(&self.doc.text, range, note));
        study::sort(&mut self.notes);
        self.effects.push(Effect::NotesChanged);
    }

    /// Opens the note prompt for `target`, holding `text`.
    fn open_note_prompt(&mut self, target: NoteTarget, text: String) {
        self.note_target = Some(target);
        self.mode = Mode::Prompt {
            prompt: Prompt::new(PromptKind::Note, text),
            under: super::Focus::Text,
        };
    }

    /// Enter in the note prompt: the note is saved (a new highlight, or the one edited).
    pub(super) fn submit_note(&mut self, text: &str) {
        let text = text.trim().to_owned();
        match self.note_target.take() {
            Some(NoteTarget::New(range)) if self.doc.text.get(range.clone()).is_some() => {
                self.add_note(range, text);
            }
            Some(NoteTarget::Edit(i)) => {
                if let Some(n) = self.notes.get_mut(i) {
                    n.note = text;
                    self.effects.push(Effect::NotesChanged);
                }
            }
            _ => return,
        }
        self.say(&Msg::NoteSaved);
    }

    /// Esc in the note prompt: nothing is written.
    pub(super) fn cancel_note(&mut self) {
        self.note_target = None;
    }

    /// `A`: the notes list, at the first one from the top line on.
    fn open_notes(&mut self) {
        let top = self.anchor().byte();
        let sel = self
            .notes
            .iter()
            .position(|n| n.range.as_ref().is_some_and(|r| r.end > top))
            .unwrap_or(0);
        self.open_overlay(Overlay::Notes(sel));
    }

    /// Keys of the notes list (already resolved in its scope).
    pub(super) fn notes_list_action(&mut self, sel: usize, action: Action) {
        let last = self.notes.len().saturating_sub(1);
        let stay = |app: &mut Self, sel: usize| {
            app.open_overlay(Overlay::Notes(sel.min(app.notes.len().saturating_sub(1))));
        };
        match action {
            Action::SelectNext => stay(self, (sel + 1).min(last)),
            Action::SelectPrev => stay(self, sel.saturating_sub(1)),
            Action::Submit => {
                if let Some(r) = self.notes.get(sel).and_then(|n| n.range.clone()) {
                    self.mode = Mode::Text;
                    self.jump_to_offset(TextPos::new(r.start));
                }
            }
            Action::DeleteNote if sel < self.notes.len() => {
                let gone = self.notes.remove(sel);
                self.deleted_notes.push((sel, gone));
                self.effects.push(Effect::NotesChanged);
                stay(self, sel);
                self.say(&Msg::NoteDeleted);
            }
            Action::UndoDelete => {
                if let Some((at, n)) = self.deleted_notes.pop() {
                    self.notes.insert(at.min(self.notes.len()), n);
                    study::sort(&mut self.notes);
                    self.effects.push(Effect::NotesChanged);
                    stay(self, at);
                    self.say(&Msg::NoteRestored);
                }
            }
            Action::EditNote if sel < self.notes.len() => {
                let text = self.notes[sel].note.clone();
                self.open_note_prompt(NoteTarget::Edit(sel), text);
            }
            Action::Cancel => self.mode = Mode::Text,
            _ => {}
        }
    }

    /// The highlights overlapping `bytes`: their ranges and whether they carry a note.
    pub(super) fn notes_in(&self, bytes: Range<usize>) -> Vec<(Range<usize>, bool)> {
        self.notes
            .iter()
            .filter_map(|n| {
                let r = n.range.clone()?;
                let noted = !n.note.is_empty();
                (r.start < bytes.end && r.end > bytes.start).then_some((r, noted))
            })
            .collect()
    }

    /// How many highlights each section holds (by the section of their start).
    pub(super) fn note_counts(&self) -> std::collections::BTreeMap<usize, usize> {
        let mut counts = std::collections::BTreeMap::new();
        for r in self.notes.iter().filter_map(|n| n.range.as_ref()) {
            if let Some(s) = self
                .doc
                .section_at_paragraph(self.doc.paragraph_at(r.start))
            {
                *counts.entry(s).or_insert(0) += 1;
            }
        }
        counts
    }

    /// Saved notes for this document: found in its text, orphans kept, beside those made
    /// while it loaded. (The shell, which knows whether they were saved for this very text,
    /// saves them again if not.)
    pub(super) fn place_notes(&mut self, list: Vec<Note>) {
        for n in list {
            let made_here = self
                .notes
                .iter()
                .any(|m| m.anchor.offset == n.anchor.offset && m.anchor.text == n.anchor.text);
            if !made_here {
                self.notes.push(n);
            }
        }
        self.relocate_notes();
    }

    /// Before a reload: the selection and the notes' places belong to the old text (the
    /// notes keep their anchors, to be found again once the new text has loaded).
    pub(super) fn forget_note_places(&mut self) {
        if self.mode.selection().is_some() {
            self.mode = Mode::Text;
        }
        self.note_target = None;
        for n in &mut self.notes {
            n.range = None;
        }
    }

    /// After a load: every note found again in the text (after a reload; none are there
    /// after the first load), and saved, anchored to it.
    pub(super) fn notes_after_reload(&mut self) {
        if !self.notes.is_empty() {
            self.relocate_notes();
            self.effects.push(Effect::NotesChanged);
        }
    }

    /// Finds every note again in the current text, anchored to it from now on (an orphan
    /// keeps its old anchor).
    fn relocate_notes(&mut self) {
        study::relocate_all(&mut self.notes, &self.doc.text);
        for n in &mut self.notes {
            if let Some(r) = &n.range {
                n.anchor = Anchor::of(&self.doc.text, r.clone());
            }
        }
    }
}
