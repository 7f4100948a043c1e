//! What each [`Action`] does: the one match from an action to the method that carries it out,
//! and the small actions that need no module of their own (marks, Esc, suspend, overlays,
//! sideways scrolling of preformatted lines).

use super::{App, Effect, Mode, Overlay, PromptKind, motion, prompter};
use crate::goto::Spec;
use crate::i18n::Msg;
use crate::keymap::Action;
use crate::search::Direction;

/// Columns one press of `→` / `zl` scrolls preformatted lines and code.
const VERBATIM_SCROLL_STEP: u16 = 8;

impl App {
    /// `→`/`←`: preformatted lines and code move sideways a step; prose does not.
    pub(super) fn scroll_verbatim(&mut self, action: Action) {
        self.verbatim_scroll = if action == Action::ScrollRight {
            self.verbatim_scroll.saturating_add(VERBATIM_SCROLL_STEP)
        } else {
            self.verbatim_scroll.saturating_sub(VERBATIM_SCROLL_STEP)
        };
    }

    /// Does what `action` asks.
    #[allow(clippy::too_many_lines)] // one arm per kind of action, each a call
    pub(super) fn apply(&mut self, action: Action) {
        let page = isize::try_from(self.viewport.height.max(1)).unwrap_or(isize::MAX);
        // `G` while loading keeps following the end; any other key lets go
        self.follow_end = action == Action::Bottom && self.loading.is_some();
        match action {
            Action::LineDown => self.scroll(1),
            Action::LineUp => self.scroll(-1),
            Action::PageDown => self.scroll(page.saturating_sub(1).max(1)),
            Action::PageUp => self.scroll(-(page.saturating_sub(1).max(1))),
            Action::HalfPageDown => self.scroll((page / 2).max(1)),
            Action::HalfPageUp => self.scroll(-(page / 2).max(1)),
            Action::Top => {
                self.remember();
                self.viewport.home();
            }
            Action::Bottom => {
                self.remember();
                self.viewport.end(&self.doc, &mut self.layout);
            }
            Action::NextHeading => {
                let h = self.here();
                self.go_section(motion::next_heading(&self.doc, h), &Msg::NoSuchSection);
            }
            Action::PrevHeading => {
                let h = self.here();
                self.go_section(motion::prev_heading(&self.doc, h), &Msg::NoSuchSection);
            }
            Action::NextSibling => {
                let h = self.here();
                self.go_section(motion::next_sibling(&self.doc, h), &Msg::NoSuchSection);
            }
            Action::PrevSibling => {
                let h = self.here();
                self.go_section(motion::prev_sibling(&self.doc, h), &Msg::NoSuchSection);
            }
            Action::Parent => {
                let h = self.here();
                self.go_section(motion::parent(&self.doc, h), &Msg::TopLevel);
            }
            Action::TopSection(n) => self.go_spec(&Spec::Path(vec![usize::from(n)])),
            Action::GoTo => self.open_prompt(PromptKind::GoTo),
            Action::Search => self.open_prompt(PromptKind::Search),
            Action::SearchResults => self.open_results(),
            Action::NextMatch => self.step_search(Direction::Forward),
            Action::PrevMatch => self.step_search(Direction::Backward),
            Action::JumpBack => self.jump_back(),
            Action::JumpForward => self.jump_forward(),
            Action::JumpToggle => self.jump_toggle(),
            Action::SetMark(c) => self.set_mark(c),
            Action::JumpMark(c) => match self.marks.get(&c).copied() {
                Some(at) => self.jump_to_offset(at),
                None => self.complain(&Msg::NoSuchMark(c)),
            },
            Action::ListMarks => self.open_overlay(Overlay::Marks(0)),
            Action::Shelf => self.open_shelf(),
            Action::FocusOutline => self.focus_outline(),
            // Esc (or Tab) in a filtered outline clears the filter first
            Action::FocusText if self.outline.is_filtered() => self.clear_outline_filter(),
            Action::FocusText | Action::OpenSelected => self.mode = Mode::Text,
            Action::FilterOutline => self.open_prompt(PromptKind::Filter),
            Action::ToggleOutline => self.toggle_outline(),
            Action::NarrowOutline => self.resize_outline(-4),
            Action::WidenOutline => self.resize_outline(4),
            Action::ToggleOutlineInfo => self.outline_info = !self.outline_info,
            Action::ScrollRight | Action::ScrollLeft => self.scroll_verbatim(action),
            Action::SelectNext
            | Action::SelectPrev
            | Action::SelectFirst
            | Action::SelectLast
            | Action::SelectPageDown
            | Action::SelectPageUp
            | Action::SelectHalfPageDown
            | Action::SelectHalfPageUp
            | Action::SelectNextSibling
            | Action::SelectPrevSibling
            | Action::SelectParent
            | Action::FoldOrParent
            | Action::Unfold
            | Action::ToggleFold
            | Action::FoldAll
            | Action::OpenAll => self.outline_action(action),
            Action::NotHeading | Action::HeadingUp | Action::HeadingDown | Action::MakeHeading => {
                self.correct_structure(action);
            }
            Action::Help => self.open_overlay(Overlay::Help(0)),
            Action::Cancel => self.cancel(),
            Action::Reload => self.effects.push(Effect::Reload),
            Action::Quit => self.effects.push(Effect::Quit),
            Action::Suspend => self.suspend(),
            Action::Teleprompter
            | Action::Rehearse
            | Action::Faster
            | Action::Slower
            | Action::PauseResume => self.speech_action(action),
            Action::StartSelection
            | Action::SelectParagraph
            | Action::SentenceForward
            | Action::SentenceBack
            | Action::ExtendLineDown
            | Action::ExtendLineUp
            | Action::ParagraphForward
            | Action::ParagraphBack
            | Action::CopySelection
            | Action::CopyCited
            | Action::CopySection
            | Action::Highlight
            | Action::Annotate
            | Action::ListNotes
            | Action::ExportNotes => self.study_action(action),
            // the prompt's and the notes list's own keys (see `input.rs`); nothing to do in
            // the panes
            Action::DeleteNote
            | Action::UndoDelete
            | Action::EditNote
            | Action::NewLine
            | Action::Submit
            | Action::ClearInput
            | Action::DeleteWord
            | Action::DeleteChar
            | Action::HistoryPrev
            | Action::HistoryNext
            | Action::PickNext
            | Action::PickPrev
            | Action::ToggleLiteral => {}
        }
    }

    /// `m` + letter: the mark is set here and saved at once (a reader killed later keeps it).
    pub(super) fn set_mark(&mut self, c: char) {
        let at = self.anchor();
        self.marks.insert(c, at);
        self.effects.push(Effect::MarksChanged);
        self.say(&Msg::MarkSet(c));
    }

    /// Esc: closes an overlay, else clears the search highlight.
    pub(super) fn cancel(&mut self) {
        if self.mode.overlay().is_some() {
            self.mode = Mode::of(self.mode.focus());
        } else {
            self.highlight = false;
        }
    }

    /// Ctrl-z or SIGTSTP: asks the shell to suspend the reader. Time stands still for the
    /// teleprompter meanwhile: it waits, paused, for Space after `fg`.
    pub(super) fn suspend(&mut self) {
        if let Mode::Prompter(p) = &mut self.mode
            && matches!(
                p.run,
                prompter::Run::Running { .. } | prompter::Run::Countdown { .. }
            )
        {
            p.run = prompter::Run::Paused;
        }
        self.effects.push(Effect::Suspend);
    }

    /// Draws `overlay` over the panes; it takes the keys until closed.
    pub(super) fn open_overlay(&mut self, overlay: Overlay) {
        self.mode = Mode::Overlay {
            overlay,
            under: self.mode.focus(),
        };
    }
}
