//! Correcting the section tree from the reader (issue 10.4): `x` makes the selected heading body
//! text, `H`/`L` move it (with its subtree) a level up or down, `X` makes the paragraph at the
//! top a heading one level below the current section, or undoes that on a heading.
//!
//! A correction is a [`Correction`] keyed by the paragraph's source line and its opening text;
//! the structure pass applies them last ([`crate::document::structure`]). The app keeps them in
//! the document's structure options, decides the tree again, and asks the shell to save them
//! ([`Effect::Corrected`]); the shell sends saved ones back with [`Message::Corrections`] once
//! the document has loaded, and `--outline` reads the same state.
//!
//! [`Message::Corrections`]: super::Message::Corrections

use super::{App, Effect, Focus};
use crate::document::Format;
use crate::document::structure::{Correction, CorrectionAction};
use crate::i18n::Msg;
use crate::keymap::Action;
use crate::outline::Outline;

/// Characters of a paragraph's opening kept to recognise its line after an edit.
const KEY_CHARS: usize = 64;

impl App {
    /// The corrections of the section tree in force.
    pub fn corrections(&self) -> &[Correction] {
        &self.doc.structure_options().corrections
    }

    /// `x`, `H`, `L` in the outline; `X` in the text.
    pub(super) fn correct_structure(&mut self, action: Action) {
        if self.doc.format != Format::Plain || !self.doc.is_complete() {
            self.complain(&Msg::CannotCorrect);
            return;
        }
        let para = if action == Action::MakeHeading {
            Some(self.here().para.index())
        } else {
            self.outline
                .selected()
                .filter(|_| self.mode.focus() == Focus::Outline)
                .and_then(|s| self.doc.sections.get(s))
                .map(|s| s.para as usize)
        };
        let Some(para) = para.filter(|&p| p < self.doc.paragraphs.len()) else {
            self.complain(&Msg::NoSuchSection);
            return;
        };
        let section = self
            .doc
            .sections
            .iter()
            .position(|s| s.para as usize == para);
        if action == Action::HeadingUp && section.is_some_and(|s| self.doc.sections[s].level == 1) {
            self.complain(&Msg::TopLevel);
            return;
        }
        let is_heading = section.is_some();
        let line = self.doc.paragraphs[para].line;
        let mut list = self.corrections().to_vec();
        let earlier = list.iter().position(|c| c.line == line);
        let before = earlier.map(|k| list.remove(k).action);
        let next = match (action, before) {
            // undoing the reader's own `X`
            (Action::MakeHeading | Action::NotHeading, Some(CorrectionAction::MakeHeading)) => None,
            (Action::MakeHeading, _) if !is_heading => Some(CorrectionAction::MakeHeading),
            (Action::MakeHeading | Action::NotHeading, _) => Some(CorrectionAction::NotHeading),
            (Action::HeadingUp | Action::HeadingDown, before) => {
                let step = if action == Action::HeadingUp { -1 } else { 1 };
                match before {
                    Some(CorrectionAction::Shift(d)) => {
                        let d = d.saturating_add(step);
                        (d != 0).then_some(CorrectionAction::Shift(d))
                    }
                    // a heading made by `X` keeps being one; its level is decided below
                    // the current section, so moving it is not kept
                    Some(other) => Some(other),
                    None => Some(CorrectionAction::Shift(step)),
                }
            }
            _ => before,
        };
        if let Some(action) = next {
            let text: String = self
                .doc
                .paragraph_text(para)
                .chars()
                .take(KEY_CHARS)
                .collect();
            list.push(Correction { line, text, action });
        }
        list.sort_by_key(|c| c.line);
        self.apply_corrections(list);
        if let Some(s) = self
            .doc
            .sections
            .iter()
            .position(|s| s.para as usize == para)
        {
            // show the heading the reader just placed, even under folded sections
            self.outline.unfold_path_to(&self.doc, s);
            if self.mode.focus() == Focus::Outline {
                self.outline.select(s);
            }
        }
        self.effects.push(Effect::Corrected);
        self.say(&Msg::Corrected);
    }

    /// Decides the section tree again with `corrections`, keeping the reading position.
    pub(super) fn apply_corrections(&mut self, corrections: Vec<Correction>) {
        if self.doc.format != Format::Plain {
            return;
        }
        let anchor = self.anchor();
        let mut options = self.doc.structure_options().clone();
        options.corrections = corrections;
        self.doc.restructure(options);
        // headings are laid out apart from body text
        self.layout.clear();
        self.width_anchor = None;
        self.outline = Outline::new();
        self.titles = crate::heading_match::TitleIndex::default();
        self.search = self.search.as_ref().map(crate::search::Search::restarted);
        self.outline.sync(&self.doc);
        self.viewport
            .set_anchor(&self.doc, &mut self.layout, anchor);
        if let Some(c) = self.current_section() {
            self.outline.select(c);
        }
    }
}
