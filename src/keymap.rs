//! Keys as data: the [`Action`] vocabulary, key chords, the default binding table and the
//! resolver that turns crossterm key events into actions.
//!
//! This module owns every key binding: the panes', the prompt's line editing and the overlays'
//! ([`Scope::Prompt`], [`Scope::HelpScreen`], [`Scope::MarkList`]). The app resolves a key
//! through [`Keymap::resolve`] and then only sees [`Action`]s; what `app::input` still reads
//! from a key itself is text (a character typed into the prompt, a mark's letter in the list)
//! and Ctrl-c as the last way out of the panes, whatever the bindings say. The help screen
//! ([`Keymap::help`]), the config file (action names, [`Keymap::with_overrides`]) and dispatch all
//! come from the same table, [`DEFAULT_BINDINGS`].
//!
//! Invariants kept by a built [`Keymap`]:
//! - within one [`Scope`], a chord is bound to at most one action, and a chord is either a key of
//!   its own or the first key of sequences, never both;
//! - the two-key forms are `"a b"` (a fixed sequence) and `"a <letter>"` (any ASCII letter, which
//!   fills [`Action::SetMark`] / [`Action::JumpMark`]); only those two actions use the letter form
//!   and they use nothing else;
//! - chords are normalised ([`KeyChord::new`]) so that `G` matches whether or not the terminal
//!   reports SHIFT with it.

mod action;
mod chord;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind};
use thiserror::Error;

pub use action::Action;
pub use chord::{KeyChord, Trigger};

/// Where a binding applies: the focused pane, everywhere, or a mode drawn over the panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Both panes; tried after the focused pane's own bindings.
    Global,
    /// The text pane has the focus.
    Text,
    /// The outline pane has the focus.
    Outline,
    /// The one-line prompt (`:` and `/`); keys it does not bind are typed into it.
    Prompt,
    /// The help screen.
    HelpScreen,
    /// The list of marks (a letter naming a mark jumps there before any binding).
    MarkList,
    /// The teleprompter: its own keys first, then the text pane's movement keys.
    Prompter,
    /// A selection being made in the text (`v`): its motions, copying, highlighting, notes.
    Select,
    /// The list of highlights and notes.
    NoteList,
    /// The shelf: the documents opened together.
    ShelfList,
}

impl Scope {
    /// Every scope, in the order the help screen and the man page list them.
    pub const HELP_ORDER: [Self; 10] = [
        Self::Text,
        Self::Outline,
        Self::Global,
        Self::Prompt,
        Self::MarkList,
        Self::HelpScreen,
        Self::Prompter,
        Self::Select,
        Self::NoteList,
        Self::ShelfList,
    ];

    /// The scopes the config file can rebind, in config order.
    pub const CONFIGURABLE: [Self; 3] = [Self::Global, Self::Text, Self::Outline];

    /// The name: `global`, `text`, `outline` (the config's), `prompt`, `help`, `marks`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Global => "global",
            Self::Text => "text",
            Self::Outline => "outline",
            Self::Prompt => "prompt",
            Self::HelpScreen => "help",
            Self::MarkList => "marks",
            Self::Prompter => "prompter",
            Self::Select => "select",
            Self::NoteList => "notes",
            Self::ShelfList => "shelf",
        }
    }

    /// The configurable scope with config name `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::CONFIGURABLE.into_iter().find(|s| s.name() == name)
    }

    /// True for the modes drawn over the panes: they take every key, and [`Scope::Global`]
    /// bindings do not apply in them.
    pub const fn is_modal(self) -> bool {
        matches!(
            self,
            Self::Prompt
                | Self::HelpScreen
                | Self::MarkList
                | Self::Prompter
                | Self::Select
                | Self::NoteList
                | Self::ShelfList
        )
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The built-in key table: one line per binding. Keys use the [`Trigger`] spelling.
pub const DEFAULT_BINDINGS: &[(Scope, &str, Action)] = &[
    // Text: scrolling.
    (Scope::Text, "j", Action::LineDown),
    (Scope::Text, "down", Action::LineDown),
    (Scope::Text, "k", Action::LineUp),
    (Scope::Text, "up", Action::LineUp),
    (Scope::Text, "space", Action::PageDown),
    (Scope::Text, "f", Action::PageDown),
    (Scope::Text, "pagedown", Action::PageDown),
    (Scope::Text, "b", Action::PageUp),
    (Scope::Text, "pageup", Action::PageUp),
    (Scope::Text, "d", Action::HalfPageDown),
    (Scope::Text, "ctrl-d", Action::HalfPageDown),
    (Scope::Text, "u", Action::HalfPageUp),
    (Scope::Text, "ctrl-u", Action::HalfPageUp),
    (Scope::Text, "g", Action::Top),
    (Scope::Text, "home", Action::Top),
    (Scope::Text, "G", Action::Bottom),
    (Scope::Text, "end", Action::Bottom),
    // Text: moving through the section tree.
    (Scope::Text, "J", Action::NextSibling),
    (Scope::Text, "K", Action::PrevSibling),
    (Scope::Text, "p", Action::Parent),
    // Text: jumps and marks. Ctrl-i only differs from Tab with the kitty keyboard protocol.
    (Scope::Text, "' '", Action::JumpToggle),
    (Scope::Text, "ctrl-o", Action::JumpBack),
    (Scope::Text, "ctrl-i", Action::JumpForward),
    (Scope::Text, "m <letter>", Action::SetMark('a')),
    (Scope::Text, "' <letter>", Action::JumpMark('a')),
    (Scope::Text, "M", Action::ListMarks),
    // Text: panes and the document.
    (Scope::Text, "tab", Action::FocusOutline),
    (Scope::Text, "i", Action::ToggleOutlineInfo),
    (Scope::Text, "R", Action::Reload),
    // Text: preformatted lines and code are clipped, never wrapped; these bring the rest in.
    (Scope::Text, "right", Action::ScrollRight),
    (Scope::Text, "z l", Action::ScrollRight),
    (Scope::Text, "left", Action::ScrollLeft),
    (Scope::Text, "z h", Action::ScrollLeft),
    // Text: correcting the section tree.
    (Scope::Text, "X", Action::MakeHeading),
    // Text: giving the speech.
    (Scope::Text, "a", Action::Teleprompter),
    (Scope::Text, "T", Action::Rehearse),
    // Outline: selection and folding.
    (Scope::Outline, "j", Action::SelectNext),
    (Scope::Outline, "down", Action::SelectNext),
    (Scope::Outline, "k", Action::SelectPrev),
    (Scope::Outline, "up", Action::SelectPrev),
    (Scope::Outline, "enter", Action::OpenSelected),
    (Scope::Outline, "h", Action::FoldOrParent),
    (Scope::Outline, "left", Action::FoldOrParent),
    (Scope::Outline, "l", Action::Unfold),
    (Scope::Outline, "right", Action::Unfold),
    (Scope::Outline, "z", Action::ToggleFold),
    (Scope::Outline, "-", Action::FoldAll),
    (Scope::Outline, "+", Action::OpenAll),
    (Scope::Outline, "=", Action::OpenAll),
    (Scope::Outline, "tab", Action::FocusText),
    (Scope::Outline, "esc", Action::FocusText),
    // Outline: moving through a big tree (the text follows the selection).
    (Scope::Outline, "g", Action::SelectFirst),
    (Scope::Outline, "home", Action::SelectFirst),
    (Scope::Outline, "G", Action::SelectLast),
    (Scope::Outline, "end", Action::SelectLast),
    (Scope::Outline, "space", Action::SelectPageDown),
    (Scope::Outline, "pagedown", Action::SelectPageDown),
    (Scope::Outline, "b", Action::SelectPageUp),
    (Scope::Outline, "pageup", Action::SelectPageUp),
    (Scope::Outline, "ctrl-d", Action::SelectHalfPageDown),
    (Scope::Outline, "ctrl-u", Action::SelectHalfPageUp),
    (Scope::Outline, "J", Action::SelectNextSibling),
    (Scope::Outline, "K", Action::SelectPrevSibling),
    (Scope::Outline, "p", Action::SelectParent),
    // Outline: correcting the section tree (kept with the document's state).
    (Scope::Outline, "x", Action::NotHeading),
    (Scope::Outline, "H", Action::HeadingUp),
    (Scope::Outline, "L", Action::HeadingDown),
    // Both panes: headings and top-level sections.
    (Scope::Global, "]", Action::NextHeading),
    (Scope::Global, "[", Action::PrevHeading),
    (Scope::Global, "1", Action::TopSection(1)),
    (Scope::Global, "2", Action::TopSection(2)),
    (Scope::Global, "3", Action::TopSection(3)),
    (Scope::Global, "4", Action::TopSection(4)),
    (Scope::Global, "5", Action::TopSection(5)),
    (Scope::Global, "6", Action::TopSection(6)),
    (Scope::Global, "7", Action::TopSection(7)),
    (Scope::Global, "8", Action::TopSection(8)),
    (Scope::Global, "9", Action::TopSection(9)),
    // Both panes: go-to and search.
    (Scope::Global, ":", Action::GoTo),
    (Scope::Global, "/", Action::Search),
    (Scope::Global, "n", Action::NextMatch),
    (Scope::Global, "N", Action::PrevMatch),
    // Both panes: outline pane, help, overlays, quitting.
    (Scope::Global, "o", Action::ToggleOutline),
    (Scope::Global, "<", Action::NarrowOutline),
    (Scope::Global, ">", Action::WidenOutline),
    (Scope::Global, "?", Action::Help),
    (Scope::Global, "f1", Action::Help),
    (Scope::Global, "esc", Action::Cancel),
    (Scope::Global, "q", Action::Quit),
    (Scope::Global, "ctrl-c", Action::Quit),
    (Scope::Global, "ctrl-z", Action::Suspend),
    // The prompt: a small line editor (other keys type).
    (Scope::Prompt, "enter", Action::Submit),
    (Scope::Prompt, "esc", Action::Cancel),
    (Scope::Prompt, "ctrl-c", Action::Cancel),
    (Scope::Prompt, "ctrl-g", Action::Cancel),
    (Scope::Prompt, "ctrl-u", Action::ClearInput),
    (Scope::Prompt, "ctrl-w", Action::DeleteWord),
    (Scope::Prompt, "backspace", Action::DeleteChar),
    (Scope::Prompt, "up", Action::HistoryPrev),
    (Scope::Prompt, "down", Action::HistoryNext),
    (Scope::Prompt, "ctrl-n", Action::PickNext),
    (Scope::Prompt, "ctrl-p", Action::PickPrev),
    // The help screen: scrolling and closing (other keys do nothing).
    (Scope::HelpScreen, "j", Action::LineDown),
    (Scope::HelpScreen, "down", Action::LineDown),
    (Scope::HelpScreen, "k", Action::LineUp),
    (Scope::HelpScreen, "up", Action::LineUp),
    (Scope::HelpScreen, "q", Action::Cancel),
    (Scope::HelpScreen, "?", Action::Cancel),
    (Scope::HelpScreen, "esc", Action::Cancel),
    (Scope::HelpScreen, "enter", Action::Cancel),
    (Scope::HelpScreen, "f1", Action::Cancel),
    // The list of marks: moving, opening, closing (a mark's letter jumps to it first).
    (Scope::MarkList, "j", Action::SelectNext),
    (Scope::MarkList, "down", Action::SelectNext),
    (Scope::MarkList, "k", Action::SelectPrev),
    (Scope::MarkList, "up", Action::SelectPrev),
    (Scope::MarkList, "enter", Action::Submit),
    (Scope::MarkList, "esc", Action::Cancel),
    (Scope::MarkList, "q", Action::Cancel),
    (Scope::MarkList, "M", Action::Cancel),
    // The teleprompter (movement keys come from the text pane's table).
    (Scope::Prompter, "space", Action::PauseResume),
    (Scope::Prompter, "+", Action::Faster),
    (Scope::Prompter, "=", Action::Faster),
    (Scope::Prompter, "-", Action::Slower),
    (Scope::Prompter, "T", Action::Rehearse),
    (Scope::Prompter, "esc", Action::Cancel),
    (Scope::Prompter, "q", Action::Cancel),
    (Scope::Prompter, "a", Action::Cancel),
    // Finding (issue 16): the outline's filter, the search's literal mode, the results list.
    (Scope::Outline, "/", Action::FilterOutline),
    (Scope::Prompt, "ctrl-r", Action::ToggleLiteral),
    (Scope::Global, "alt-/", Action::SearchResults),
    // Studying (issue #17): selecting, copying, highlights and notes. `v`/`V`/`y` as in vim;
    // `)` `(` `}` `{` are vim's sentence and paragraph motions.
    (Scope::Text, "v", Action::StartSelection),
    (Scope::Text, "V", Action::SelectParagraph),
    (Scope::Text, "Y", Action::CopySection),
    (Scope::Text, "A", Action::ListNotes),
    (Scope::Text, "E", Action::ExportNotes),
    (Scope::Select, ")", Action::SentenceForward),
    (Scope::Select, "(", Action::SentenceBack),
    (Scope::Select, "j", Action::ExtendLineDown),
    (Scope::Select, "down", Action::ExtendLineDown),
    (Scope::Select, "k", Action::ExtendLineUp),
    (Scope::Select, "up", Action::ExtendLineUp),
    (Scope::Select, "}", Action::ParagraphForward),
    (Scope::Select, "{", Action::ParagraphBack),
    (Scope::Select, "V", Action::SelectParagraph),
    (Scope::Select, "y", Action::CopySelection),
    (Scope::Select, "c", Action::CopyCited),
    (Scope::Select, "Y", Action::CopySection),
    (Scope::Select, "h", Action::Highlight),
    (Scope::Select, "n", Action::Annotate),
    (Scope::Select, "esc", Action::Cancel),
    (Scope::Select, "v", Action::Cancel),
    (Scope::Select, "q", Action::Cancel),
    (Scope::Select, "ctrl-c", Action::Cancel),
    (Scope::NoteList, "j", Action::SelectNext),
    (Scope::NoteList, "down", Action::SelectNext),
    (Scope::NoteList, "k", Action::SelectPrev),
    (Scope::NoteList, "up", Action::SelectPrev),
    (Scope::NoteList, "enter", Action::Submit),
    (Scope::NoteList, "d", Action::DeleteNote),
    (Scope::NoteList, "u", Action::UndoDelete),
    (Scope::NoteList, "e", Action::EditNote),
    (Scope::NoteList, "esc", Action::Cancel),
    (Scope::NoteList, "q", Action::Cancel),
    (Scope::NoteList, "A", Action::Cancel),
    // The shelf of open documents (`gangmu a.txt b.md`, `gangmu DIR/`).
    (Scope::Global, "ctrl-p", Action::Shelf),
    (Scope::ShelfList, "j", Action::SelectNext),
    (Scope::ShelfList, "down", Action::SelectNext),
    (Scope::ShelfList, "ctrl-n", Action::SelectNext),
    (Scope::ShelfList, "k", Action::SelectPrev),
    (Scope::ShelfList, "up", Action::SelectPrev),
    (Scope::ShelfList, "ctrl-p", Action::SelectPrev),
    (Scope::ShelfList, "g", Action::SelectFirst),
    (Scope::ShelfList, "home", Action::SelectFirst),
    (Scope::ShelfList, "G", Action::SelectLast),
    (Scope::ShelfList, "end", Action::SelectLast),
    (Scope::ShelfList, "enter", Action::Submit),
    (Scope::ShelfList, "esc", Action::Cancel),
    (Scope::ShelfList, "q", Action::Cancel),
    (Scope::Prompt, "ctrl-j", Action::NewLine),
    (Scope::Prompt, "alt-enter", Action::NewLine),
];

/// Config name that removes a key instead of binding it (`j = "none"`).
pub const UNBIND: &str = "none";

/// Why a binding table or a config override was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeymapError {
    /// The key spelling could not be parsed.
    #[error("cannot read key {key:?}: {reason}")]
    BadKey {
        /// The key as written.
        key: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// No action has this config name.
    #[error("unknown action {0:?}")]
    UnknownAction(String),
    /// The same key is bound twice in one scope.
    #[error("{scope} key {key} is bound twice ({first} and {second})")]
    Duplicate {
        /// Where.
        scope: Scope,
        /// The key, in config spelling.
        key: String,
        /// The action bound first.
        first: String,
        /// The action bound second.
        second: String,
    },
    /// A key is both bound on its own and the first key of a sequence in one scope.
    #[error("{scope} key {key} is both a key and the start of a key sequence")]
    PrefixConflict {
        /// Where.
        scope: Scope,
        /// The key, in config spelling.
        key: String,
    },
    /// A letter action without the `<letter>` form, or the `<letter>` form with another action.
    #[error(
        "{action} cannot be bound to {key:?}: \"<key> <letter>\" is for set_mark and jump_mark only"
    )]
    BadPattern {
        /// The key as written.
        key: String,
        /// The action's config name.
        action: String,
    },
}

/// What a key press meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyResult {
    /// Do this.
    Action(Action),
    /// The first key of a sequence: wait for the next one.
    Pending,
    /// Nothing: an unbound key, a release, or a key that cancelled a pending sequence.
    Unbound,
}

/// One binding of a built keymap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// Where it applies.
    pub scope: Scope,
    /// The key or key sequence.
    pub trigger: Trigger,
    /// What it does (letter actions carry a placeholder letter).
    pub action: Action,
}

/// One line of the help screen: all keys of one kind of action in one scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpRow {
    /// Where the keys apply.
    pub scope: Scope,
    /// The keys, as help labels joined by spaces (`"j ↓"`).
    pub keys: String,
    /// What they do.
    pub description: &'static str,
}

/// What may follow the first key of a sequence.
#[derive(Debug, Clone, Default)]
struct Followers {
    exact: HashMap<KeyChord, Action>,
    letter: Option<Action>,
}

/// The resolved binding table plus the pending first key of a sequence.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Binding>,
    keys: HashMap<(Scope, KeyChord), Action>,
    prefixes: HashMap<(Scope, KeyChord), Followers>,
    pending: Option<(Scope, KeyChord)>,
}

impl Keymap {
    /// Builds a keymap from a table such as [`DEFAULT_BINDINGS`]; reports the first problem.
    pub fn new(table: &[(Scope, &str, Action)]) -> Result<Self, KeymapError> {
        let bindings = parse_table(table).map_err(first_error)?;
        Self::from_bindings(bindings).map_err(first_error)
    }

    /// The default keymap.
    pub fn default_keys() -> Self {
        Self::new(DEFAULT_BINDINGS).unwrap_or_else(|e| unreachable!("default key table: {e}"))
    }

    /// [`DEFAULT_BINDINGS`] with config overrides `(scope, key, action name)` applied.
    ///
    /// An override replaces whatever its key did in that scope (a single key also replaces the
    /// sequences it starts, and the other way round). The action keeps its other default keys:
    /// to remove one, the config binds that key to [`UNBIND`] (`"none"`). All problems are
    /// reported at once.
    pub fn with_overrides(overrides: &[(Scope, String, String)]) -> Result<Self, Vec<KeymapError>> {
        let mut bindings = parse_table(DEFAULT_BINDINGS)?;
        let mut errors = Vec::new();
        let mut added = Vec::new();
        let mut seen = HashSet::new();
        for (scope, key, name) in overrides {
            let trigger = match key.parse::<Trigger>() {
                Ok(t) => t,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            if !seen.insert((*scope, trigger)) {
                errors.push(KeymapError::Duplicate {
                    scope: *scope,
                    key: trigger.to_string(),
                    first: "an earlier override".to_owned(),
                    second: name.clone(),
                });
                continue;
            }
            bindings.retain(|b| !(b.scope == *scope && b.trigger.overlaps(&trigger)));
            if name == UNBIND {
                continue;
            }
            match Action::from_name(name) {
                Some(action) => added.push(Binding {
                    scope: *scope,
                    trigger,
                    action,
                }),
                None => errors.push(KeymapError::UnknownAction(name.clone())),
            }
        }
        bindings.extend(added);
        match Self::from_bindings(bindings) {
            Ok(map) if errors.is_empty() => Ok(map),
            Ok(_) => Err(errors),
            Err(more) => {
                errors.extend(more);
                Err(errors)
            }
        }
    }

    /// Indexes parsed bindings, collecting every conflict.
    fn from_bindings(bindings: Vec<Binding>) -> Result<Self, Vec<KeymapError>> {
        let mut map = Self {
            bindings: Vec::new(),
            keys: HashMap::new(),
            prefixes: HashMap::new(),
            pending: None,
        };
        let mut errors = Vec::new();
        for b in &bindings {
            if let Err(e) = map.insert(b) {
                errors.push(e);
            }
        }
        map.bindings = bindings;
        if errors.is_empty() {
            Ok(map)
        } else {
            Err(errors)
        }
    }

    /// Adds one binding to the indexes, or says why it conflicts.
    fn insert(&mut self, b: &Binding) -> Result<(), KeymapError> {
        let is_letter = matches!(b.trigger, Trigger::Letter(_));
        if is_letter != b.action.takes_letter() {
            return Err(KeymapError::BadPattern {
                key: b.trigger.to_string(),
                action: b.action.name().into_owned(),
            });
        }
        let duplicate = |first: Action| KeymapError::Duplicate {
            scope: b.scope,
            key: b.trigger.to_string(),
            first: first.name().into_owned(),
            second: b.action.name().into_owned(),
        };
        let prefix_conflict = |key: KeyChord| KeymapError::PrefixConflict {
            scope: b.scope,
            key: key.to_string(),
        };
        match b.trigger {
            Trigger::Key(key) => {
                if self.prefixes.contains_key(&(b.scope, key)) {
                    return Err(prefix_conflict(key));
                }
                if let Some(&first) = self.keys.get(&(b.scope, key)) {
                    return Err(duplicate(first));
                }
                self.keys.insert((b.scope, key), b.action);
            }
            Trigger::Seq(first_key, _) | Trigger::Letter(first_key)
                if self.keys.contains_key(&(b.scope, first_key)) =>
            {
                return Err(prefix_conflict(first_key));
            }
            Trigger::Seq(first_key, second) => {
                let followers = self.prefixes.entry((b.scope, first_key)).or_default();
                if let Some(&first) = followers.exact.get(&second) {
                    return Err(duplicate(first));
                }
                followers.exact.insert(second, b.action);
            }
            Trigger::Letter(first_key) => {
                let followers = self.prefixes.entry((b.scope, first_key)).or_default();
                if let Some(first) = followers.letter {
                    return Err(duplicate(first));
                }
                followers.letter = Some(b.action);
            }
        }
        Ok(())
    }

    /// Turns one key event into an action, tracking the first key of a sequence.
    ///
    /// Only presses count: releases and repeats return [`KeyResult::Unbound`] and leave a
    /// pending sequence alone. The focused `scope` is tried first, then [`Scope::Global`]
    /// (except in a modal scope, which has only its own keys).
    /// After a first key ([`KeyResult::Pending`]) the next press completes the sequence; Esc or
    /// any key that does not fit cancels it and is swallowed ([`KeyResult::Unbound`]).
    pub fn resolve(&mut self, scope: Scope, event: &KeyEvent) -> KeyResult {
        if event.kind != KeyEventKind::Press {
            return KeyResult::Unbound;
        }
        let chord = KeyChord::from_event(event);
        if let Some(prefix) = self.pending.take() {
            return self.follow(prefix, chord);
        }
        let scopes: &[Scope] = if scope == Scope::Global || scope.is_modal() {
            &[scope]
        } else {
            &[scope, Scope::Global]
        };
        for &s in scopes {
            if let Some(&action) = self.keys.get(&(s, chord)) {
                return KeyResult::Action(action);
            }
            if self.prefixes.contains_key(&(s, chord)) {
                self.pending = Some((s, chord));
                return KeyResult::Pending;
            }
        }
        KeyResult::Unbound
    }

    /// Completes a sequence: exact second keys win over the `<letter>` form.
    fn follow(&self, prefix: (Scope, KeyChord), chord: KeyChord) -> KeyResult {
        let Some(followers) = self.prefixes.get(&prefix) else {
            return KeyResult::Unbound;
        };
        if chord.code == KeyCode::Esc {
            return KeyResult::Unbound;
        }
        if let Some(&action) = followers.exact.get(&chord) {
            return KeyResult::Action(action);
        }
        match (followers.letter, chord.code) {
            (Some(family), KeyCode::Char(c))
                if chord.modifiers.is_empty() && c.is_ascii_alphabetic() =>
            {
                KeyResult::Action(family.with_letter(c))
            }
            _ => KeyResult::Unbound,
        }
    }

    /// True while the first key of a sequence waits for its second.
    pub const fn is_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// Forgets a pending first key (the app lost focus, a prompt opened).
    pub const fn cancel_pending(&mut self) {
        self.pending = None;
    }

    /// Every binding, in table order (overrides after the defaults they kept).
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The label of the first key that does `action` in `scope` — its own bindings, or a global
    /// one that the scope's own keys do not shadow — for hints that must never name a key the
    /// user has rebound or removed. `None` when no key does it.
    pub fn key_for(&self, scope: Scope, action: Action) -> Option<String> {
        let with_global = scope != Scope::Global && !scope.is_modal();
        let shadowed = |key: KeyChord| {
            self.keys.contains_key(&(scope, key)) || self.prefixes.contains_key(&(scope, key))
        };
        self.bindings
            .iter()
            .filter(|b| b.action == action)
            .find(|b| match b.trigger {
                _ if b.scope == scope => true,
                Trigger::Key(k) | Trigger::Seq(k, _) | Trigger::Letter(k) => {
                    with_global && b.scope == Scope::Global && !shadowed(k)
                }
            })
            .map(|b| b.trigger.label())
    }

    /// The help screen: one row per scope and kind of action, in table order.
    pub fn help(&self) -> Vec<HelpRow> {
        let mut rows: Vec<HelpRow> = Vec::new();
        let mut index: HashMap<(Scope, &'static str), usize> = HashMap::new();
        for b in &self.bindings {
            let description = b.action.describe();
            let label = b.trigger.label();
            if let Some(&i) = index.get(&(b.scope, description)) {
                rows[i].keys.push(' ');
                rows[i].keys.push_str(&label);
            } else {
                index.insert((b.scope, description), rows.len());
                rows.push(HelpRow {
                    scope: b.scope,
                    keys: label,
                    description,
                });
            }
        }
        rows
    }
}

impl Default for Keymap {
    fn default() -> Self {
        Self::default_keys()
    }
}

/// Parses every key of a table, collecting all errors.
fn parse_table(table: &[(Scope, &str, Action)]) -> Result<Vec<Binding>, Vec<KeymapError>> {
    let mut bindings = Vec::with_capacity(table.len());
    let mut errors = Vec::new();
    for &(scope, key, action) in table {
        match key.parse::<Trigger>() {
            Ok(trigger) => bindings.push(Binding {
                scope,
                trigger,
                action,
            }),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(bindings)
    } else {
        Err(errors)
    }
}

/// The first of a non-empty error list.
fn first_error(mut errors: Vec<KeymapError>) -> KeymapError {
    errors.swap_remove(0)
}
