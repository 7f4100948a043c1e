//! Terminal events → state changes: the prompt is a small text field, overlays take their own
//! keys, and everything else goes through the keymap to an [`Action`]. Mouse: the wheel scrolls
//! the pane under the pointer, a click on an outline row jumps there, a click on its fold marker
//! folds or unfolds it.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};

use super::{App, Focus, Overlay};
use crate::keymap::{Action, KeyResult, Scope};

/// Rows the mouse wheel scrolls.
const WHEEL_ROWS: isize = 3;

impl App {
    /// Handles one terminal event.
    pub fn handle_event(&mut self, event: &Event) {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.handle_key(key),
            Event::Mouse(mouse) => self.handle_mouse(mouse),
            Event::Paste(text) => {
                if let Some(p) = &mut self.prompt {
                    p.input.push_str(&text.replace(['\n', '\r'], " "));
                }
            }
            _ => {}
        }
    }

    /// Handles one key press.
    pub fn handle_key(&mut self, key: &KeyEvent) {
        self.notice = None;
        self.outline_pinned = false;
        if self.prompt.is_some() {
            self.prompt_key(key);
            return;
        }
        if let Some(overlay) = self.overlay
            && self.overlay_key(overlay, key)
        {
            return;
        }
        let scope = match self.focus {
            Focus::Text => Scope::Text,
            Focus::Outline => Scope::Outline,
        };
        if let KeyResult::Action(action) = self.keymap.resolve(scope, key) {
            // Ctrl-c always quits, whatever the bindings say
            self.apply(action);
        } else if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            self.apply(Action::Quit);
        }
    }

    /// Keys while an overlay is shown; returns true when the key was used.
    fn overlay_key(&mut self, overlay: Overlay, key: &KeyEvent) -> bool {
        match (overlay, key.code) {
            (Overlay::Help(top), KeyCode::Char('j') | KeyCode::Down) => {
                self.overlay = Some(Overlay::Help(top + 1));
                true
            }
            (Overlay::Help(top), KeyCode::Char('k') | KeyCode::Up) => {
                self.overlay = Some(Overlay::Help(top.saturating_sub(1)));
                true
            }
            (Overlay::Marks, KeyCode::Char(c)) if self.marks.contains_key(&c) => {
                self.overlay = None;
                self.apply(Action::JumpMark(c));
                true
            }
            (Overlay::Marks, KeyCode::Esc | KeyCode::Char('q' | 'M'))
            | (
                Overlay::Help(_),
                KeyCode::Char('q' | '?') | KeyCode::Esc | KeyCode::Enter | KeyCode::F(1),
            ) => {
                self.overlay = None;
                true
            }
            _ => true, // an overlay swallows other keys
        }
    }

    /// Keys while the prompt is open: a small line editor.
    fn prompt_key(&mut self, key: &KeyEvent) {
        let Some(prompt) = self.prompt.as_mut() else {
            return;
        };
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => self.prompt = None,
            KeyCode::Char('c' | 'g') if ctrl => self.prompt = None,
            KeyCode::Char('u') if ctrl => prompt.input.clear(),
            KeyCode::Char('w') if ctrl => {
                let trimmed = prompt.input.trim_end();
                let cut = trimmed.rfind(' ').map_or(0, |i| i + 1);
                prompt.input.truncate(cut);
            }
            KeyCode::Backspace if prompt.input.pop().is_none() => self.prompt = None,
            KeyCode::Enter => {
                if let Some(p) = self.prompt.take() {
                    self.submit_prompt(&p);
                }
            }
            KeyCode::Char(c) if !ctrl && !c.is_control() => prompt.input.push(c),
            _ => {}
        }
    }

    /// Handles the mouse: wheel scrolling and outline clicks.
    pub fn handle_mouse(&mut self, mouse: &MouseEvent) {
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
