//! Terminal events → state changes. A key's meaning is decided in one place, `App::key`, by
//! the [`Mode`]: the prompt is a small text field, overlays take their own keys, and the panes
//! go through the keymap to an [`Action`]. Mouse: the wheel scrolls
//! the pane under the pointer, a click on an outline row jumps there, a click on its fold marker
//! folds or unfolds it.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};

use super::{App, Effect, Mode, Overlay, Prompt, PromptKind};
use crate::keymap::{Action, KeyResult, Scope};
use crate::prompt_history::Step;

/// Rows the mouse wheel scrolls.
const WHEEL_ROWS: isize = 3;

impl App {
    /// Handles one terminal event.
    pub(super) fn handle_event(&mut self, event: &Event) {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.key(key),
            Event::Mouse(mouse) => self.mouse(*mouse),
            Event::Paste(text) => {
                if let Mode::Prompt { prompt, .. } = &mut self.mode {
                    // a note keeps the pasted line breaks; the one-line prompts do not
                    let text = if prompt.kind == PromptKind::Note {
                        text.replace("\r\n", "\n").replace('\r', "\n")
                    } else {
                        text.replace(['\n', '\r'], " ")
                    };
                    prompt.input.push_str(&text);
                    self.prompt_changed();
                }
            }
            _ => {}
        }
    }

    /// Handles one key press: the mode decides what it means.
    fn key(&mut self, key: &KeyEvent) {
        self.notice = None;
        self.outline_pinned = false;
        match &self.mode {
            Mode::Prompt { .. } => self.prompt_key(key),
            &Mode::Overlay { overlay, .. } => self.overlay_key(overlay, key),
            Mode::Text => self.pane_key(Scope::Text, key),
            Mode::Outline => self.pane_key(Scope::Outline, key),
            Mode::Prompter(_) => self.prompter_key(key),
            Mode::Select(_) => self.select_key(key),
        }
    }

    /// Keys for a pane, through the keymap.
    fn pane_key(&mut self, scope: Scope, key: &KeyEvent) {
        if let KeyResult::Action(action) = self.keymap.resolve(scope, key) {
            // Ctrl-c always quits, whatever the bindings say
            self.apply(action);
        } else if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            self.apply(Action::Quit);
        }
    }

    /// Keys while an overlay is shown: its own table in the keymap; it swallows every other key.
    fn overlay_key(&mut self, overlay: Overlay, key: &KeyEvent) {
        let under = self.mode.focus();
        if let (Overlay::Marks(_), KeyCode::Char(c)) = (overlay, key.code)
            && self.marks.contains_key(&c)
        {
            // a mark's own letter first: a mark may be named like a key of the list
            self.mode = Mode::of(under);
            self.apply(Action::JumpMark(c));
            return;
        }
        let scope = match overlay {
            // the rehearsal table scrolls and closes like the help screen
            Overlay::Help(_) | Overlay::Rehearsal(_) => Scope::HelpScreen,
            Overlay::Marks(_) => Scope::MarkList,
            Overlay::Notes(_) => Scope::NoteList,
            Overlay::Shelf(_) => Scope::ShelfList,
        };
        let KeyResult::Action(action) = self.keymap.resolve(scope, key) else {
            return;
        };
        match (overlay, action) {
            (Overlay::Notes(sel), _) => self.notes_list_action(sel, action),
            (Overlay::Shelf(sel), _) => self.shelf_action(sel, action),
            (Overlay::Help(top), Action::LineDown) => {
                self.mode = Mode::Overlay {
                    overlay: Overlay::Help(top + 1),
                    under,
                };
            }
            (Overlay::Help(top), Action::LineUp) => {
                self.mode = Mode::Overlay {
                    overlay: Overlay::Help(top.saturating_sub(1)),
                    under,
                };
            }
            (Overlay::Rehearsal(top), Action::LineDown | Action::LineUp) => {
                let top = if action == Action::LineDown {
                    top + 1
                } else {
                    top.saturating_sub(1)
                };
                self.mode = Mode::Overlay {
                    overlay: Overlay::Rehearsal(top),
                    under,
                };
            }
            (Overlay::Marks(sel), Action::SelectNext | Action::SelectPrev) => {
                let last = self.marks.len().saturating_sub(1);
                let sel = if action == Action::SelectNext {
                    (sel + 1).min(last)
                } else {
                    sel.saturating_sub(1)
                };
                self.mode = Mode::Overlay {
                    overlay: Overlay::Marks(sel),
                    under,
                };
            }
            (Overlay::Marks(sel), Action::Submit) => {
                if let Some(&c) = self.marks.keys().nth(sel) {
                    self.mode = Mode::of(under);
                    self.apply(Action::JumpMark(c));
                }
            }
            (_, Action::Cancel) => self.mode = Mode::of(under),
            _ => {}
        }
    }

    /// Keys while the prompt is open: a small line editor. Its editing keys are the keymap's
    /// prompt table; any other printable character is typed.
    fn prompt_key(&mut self, key: &KeyEvent) {
        let mut result = self.keymap.resolve(Scope::Prompt, key);
        // ↑/↓ move in the `:` list once something is typed; on an empty prompt they recall
        if self.arrows_pick() {
            result = match result {
                KeyResult::Action(Action::HistoryPrev) => KeyResult::Action(Action::PickPrev),
                KeyResult::Action(Action::HistoryNext) => KeyResult::Action(Action::PickNext),
                other => other,
            };
        }
        match result {
            KeyResult::Action(Action::PickNext) => {
                self.step_results(1);
                return self.step_picker(1);
            }
            KeyResult::Action(Action::PickPrev) => {
                self.step_results(-1);
                return self.step_picker(-1);
            }
            _ => {}
        }
        let Mode::Prompt { prompt, under } = &mut self.mode else {
            return;
        };
        let under = *under;
        let before = prompt.input.clone();
        let history = match prompt.kind {
            PromptKind::Search | PromptKind::Filter => Some(&self.history.search),
            PromptKind::GoTo => Some(&self.history.goto),
            PromptKind::Note => None,
        };
        match result {
            KeyResult::Action(Action::HistoryPrev) => {
                if let Some(h) = history {
                    h.step(&mut prompt.recall, &mut prompt.input, Step::Older);
                }
            }
            KeyResult::Action(Action::HistoryNext) => {
                if let Some(h) = history {
                    h.step(&mut prompt.recall, &mut prompt.input, Step::Newer);
                }
            }
            KeyResult::Action(Action::NewLine) => {
                if prompt.kind == PromptKind::Note {
                    prompt.input.push('\n');
                }
            }
            KeyResult::Action(Action::Cancel) => {
                self.close_prompt(under);
                return;
            }
            KeyResult::Action(Action::ClearInput) => prompt.input.clear(),
            KeyResult::Action(Action::DeleteWord) => {
                let trimmed = prompt.input.trim_end();
                let cut = trimmed.rfind(' ').map_or(0, |i| i + 1);
                prompt.input.truncate(cut);
            }
            KeyResult::Action(Action::DeleteChar) => {
                if prompt.input.pop().is_none() {
                    self.close_prompt(under);
                    return;
                }
            }
            KeyResult::Action(Action::ToggleLiteral) if prompt.kind == PromptKind::Search => {
                prompt.syntax = prompt.syntax.toggled();
                self.search_syntax = prompt.syntax;
                self.prompt_changed();
                return;
            }
            // an invalid pattern stays in the prompt, with its reason shown there
            KeyResult::Action(Action::Submit) if prompt.error.is_some() => return,
            KeyResult::Action(Action::Submit) => return self.enter_in_prompt(under),
            KeyResult::Action(_) | KeyResult::Pending => {}
            KeyResult::Unbound => {
                let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
                if let KeyCode::Char(c) = key.code
                    && !ctrl
                    && !c.is_control()
                {
                    prompt.input.push(c);
                }
            }
        }
        if prompt.input != before {
            self.prompt_changed();
        }
    }

    /// Enter in the prompt: the result, shelf heading or heading picked in a list, else what
    /// was typed.
    fn enter_in_prompt(&mut self, under: super::Focus) {
        let done = std::mem::replace(&mut self.mode, Mode::of(under));
        let Mode::Prompt { prompt, .. } = done else {
            return;
        };
        let on_shelf = self.results.as_ref().is_some_and(|r| r.shelf().is_some());
        let query = super::shelf_results::results_query(&prompt.input, on_shelf);
        match self.take_result() {
            Some(super::results::Picked::Here(offset)) => {
                return self.go_to_hit(query, prompt.syntax, offset);
            }
            Some(super::results::Picked::There(doc, offset)) => {
                self.history.search.push(query);
                self.effects.push(Effect::SwitchToHit { doc, offset });
                return;
            }
            None if on_shelf => {
                // nothing listed: the plain search of the query here
                let mut here = prompt.clone();
                query.clone_into(&mut here.input);
                return self.submit_prompt(&here);
            }
            None => {}
        }
        if let Some(hit) = self.take_shelf_hit() {
            self.history.goto.push(prompt.input.trim());
            return self.go_shelf_hit(&hit);
        }
        match self.take_picked() {
            Some(section) => {
                self.history.goto.push(prompt.input.trim());
                self.remember();
                self.show_section(section);
            }
            None => self.submit_prompt(&prompt),
        }
    }

    /// The prompt closed without acting: what it previewed is undone.
    fn close_prompt(&mut self, under: super::Focus) {
        let kind = self.mode.prompt().map(|p| p.kind);
        self.mode = Mode::of(under);
        self.cancel_picker();
        self.cancel_note();
        let _ = self.close_results();
        if kind == Some(PromptKind::Filter) {
            self.clear_outline_filter();
        }
    }

    /// What is typed changed: the prompt's live view follows (the `:` list, the outline's
    /// filter).
    fn prompt_changed(&mut self) {
        let Some(prompt) = self.mode.prompt() else {
            return;
        };
        match prompt.kind {
            PromptKind::GoTo => self.refresh_picker(),
            PromptKind::Filter => {
                let input = prompt.input.clone();
                self.refresh_outline_filter(&input);
            }
            PromptKind::Search => {
                let (input, syntax) = (prompt.input.clone(), prompt.syntax);
                self.check_pattern();
                self.refresh_results(&input, syntax);
            }
            PromptKind::Note => {}
        }
    }

    /// Says in the prompt why what is typed is no valid pattern, or nothing.
    fn check_pattern(&mut self) {
        if let Mode::Prompt { prompt, .. } = &mut self.mode {
            let on_shelf =
                self.shelf.as_ref().is_some_and(|s| s.entries.len() > 1) && self.results.is_some();
            let query = super::shelf_results::results_query(&prompt.input, on_shelf);
            prompt.error = if query.is_empty() {
                None
            } else {
                crate::search::Search::build(query, prompt.syntax).err()
            };
        }
    }

    /// Opens the prompt over the current pane.
    pub(super) fn open_prompt(&mut self, kind: PromptKind) {
        let mut prompt = Prompt::new(kind, String::new());
        prompt.syntax = self.search_syntax;
        self.mode = Mode::Prompt {
            prompt,
            under: self.mode.focus(),
        };
        if kind == PromptKind::GoTo {
            self.open_picker();
        }
    }

    /// Handles the mouse: wheel scrolling and outline clicks.
    fn mouse(&mut self, mouse: MouseEvent) {
        let at = Position {
            x: mouse.column,
            y: mouse.row,
        };
        let in_outline = self.panes.outline.is_some_and(|r| r.contains(at));
        let in_text = self.panes.text.contains(at);
        match mouse.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let delta = if mouse.kind == MouseEventKind::ScrollDown {
                    WHEEL_ROWS
                } else {
                    -WHEEL_ROWS
                };
                if in_outline {
                    let max = self.outline.row_count().saturating_sub(1);
                    self.outline_scroll = self.outline_scroll.saturating_add_signed(delta).min(max);
                    self.outline_pinned = true;
                } else if in_text {
                    self.viewport.scroll(&self.doc, &mut self.layout, delta);
                }
            }
            MouseEventKind::Down(MouseButton::Left) if in_outline => {
                let Some(area) = self.panes.outline else {
                    return;
                };
                self.click_outline(area, at);
            }
            _ => {}
        }
    }

    fn click_outline(&mut self, area: Rect, at: Position) {
        let row = self.outline_scroll + usize::from(at.y - area.y);
        let Some(section) = self.outline.section_at_row(row) else {
            return;
        };
        let depth = self.doc.sections[section].level.saturating_sub(1);
        let marker_x = area.x + depth * 2;
        let on_marker = at.x >= marker_x && at.x < marker_x + 2;
        if on_marker && self.outline.has_children(&self.doc, section) {
            self.outline.toggle(&self.doc, section);
            self.outline_pinned = true;
            return;
        }
        self.outline.select(section);
        self.go_to_section(section);
    }
}
