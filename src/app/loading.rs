//! The document arriving: chunks from the loader, the end of loading, a reload (`R`) that
//! starts over and finds the reading position again, and a resume of what was remembered.

use super::navigate::spec_text;
use super::{App, Effect, FrameInfo, Restore, Resume};
use crate::document::{Chunk, Document};
use crate::i18n::Msg;
use crate::load::LoadEvent;
use crate::outline::Outline;
use crate::pos::TextPos;
use crate::search::Search;

impl App {
    /// One event from the loader thread.
    pub(super) fn load_event(&mut self, event: LoadEvent) {
        match event {
            LoadEvent::Chunk(chunk, progress) => {
                self.apply_chunk(*chunk);
                self.loading = Some(progress);
            }
            LoadEvent::Done { lossy } => {
                self.finish_loading();
                if lossy {
                    self.complain(&Msg::Replaced);
                }
            }
            LoadEvent::Failed(e) => {
                self.finish_loading();
                self.note_error(crate::display::sanitize(&e).into_owned());
            }
        }
    }

    /// Brings back what was remembered about this document: marks always; folds and the
    /// position only if the reader has not moved yet.
    pub(super) fn resume(&mut self, resume: Resume) {
        for (c, at) in resume.marks {
            self.marks.insert(c, at);
        }
        if let Some(at) = resume.position
            && self.is_untouched()
        {
            if let Some(folded) = &at.folds {
                self.outline.restore_folds(&self.doc, folded);
            }
            if at.offset > TextPos::START {
                self.viewport
                    .set_anchor(&self.doc, &mut self.layout, at.offset);
                self.say(&match at.section_title {
                    Some(t) => Msg::ResumedBySection(t),
                    None => Msg::Resumed,
                });
            }
        }
    }

    /// Adds text parsed in the background.
    pub(super) fn apply_chunk(&mut self, chunk: Chunk) {
        self.doc.extend(chunk);
        self.outline.sync(&self.doc);
        self.retry_pending();
        if self.follow_end {
            self.viewport.end(&self.doc, &mut self.layout);
        }
    }

    /// Starts over with `doc` (empty, about to be filled by a loader) after `R`, remembering
    /// where the reader was so [`App::finish_loading`] can return there.
    pub(super) fn begin_reload(&mut self, doc: Document) {
        let offset = self.anchor();
        let at = self.doc.paragraph_at(offset.byte());
        let section = self.doc.section_at_paragraph(at).map(|s| {
            let start = self.doc.paragraphs[self.doc.sections[s].para as usize]
                .range
                .start;
            (
                self.doc.section_title(s).to_owned(),
                offset.byte().saturating_sub(start),
            )
        });
        self.restore = Some(Restore { offset, section });
        self.forget_note_places();
        self.doc = doc;
        self.width_anchor = None;
        self.layout.clear();
        self.outline = Outline::new();
        self.titles = crate::heading_match::TitleIndex::default();
        self.viewport.home();
        self.search = self.search.as_ref().map(Search::restarted);
        self.back.clear();
        self.forward.clear();
        self.frame = FrameInfo::default();
    }

    /// The loader finished.
    pub(super) fn finish_loading(&mut self) {
        self.effects.push(Effect::Loaded);
        self.doc.set_complete();
        // the section tree is decided now: headings change how their paragraphs are laid out
        self.layout.clear();
        self.width_anchor = None;
        self.outline.sync(&self.doc);
        // a plain text's tree is decided only now: the hits per section are counted again
        self.search = self.search.as_ref().map(Search::restarted);
        self.loading = None;
        if std::mem::take(&mut self.follow_end) {
            self.viewport.end(&self.doc, &mut self.layout);
        }
        // a heading chosen in `:*` before the document was read (the jump makes the reader
        // touched, so the saved position does not take its place)
        if let Some(s) = self.pending_section.take() {
            self.remember();
            self.show_section(s);
        }
        // a match chosen in `Alt-/` `*` before the document was read
        if let Some((query, syntax, offset)) = self.pending_hit.take() {
            self.remember();
            self.go_to_hit(&query, syntax, offset);
        }
        if let Some(r) = self.restore.take() {
            let by_title = r.section.as_ref().and_then(|(title, delta)| {
                let s =
                    (0..self.doc.sections.len()).find(|&i| self.doc.section_title(i) == title)?;
                let start = self.doc.paragraphs[self.doc.sections[s].para as usize]
                    .range
                    .start;
                let end = self.doc.section_paragraphs(s).end;
                let limit = self
                    .doc
                    .paragraphs
                    .get(end)
                    .map_or(self.doc.text.len(), |p| p.range.start);
                Some((start + delta).min(limit.saturating_sub(1)).max(start))
            });
            let end = TextPos::new(self.doc.text.len());
            let offset = by_title.map_or_else(|| r.offset.min(end), TextPos::new);
            self.viewport
                .set_anchor(&self.doc, &mut self.layout, offset);
            self.say(&Msg::Reloaded);
        }
        self.retry_pending();
        if let Some(spec) = self.pending.take() {
            self.complain(&Msg::NotFound(spec_text(&spec)));
        }
        self.notes_after_reload();
    }
}
