//! What the keyboard is talking to: one enum, so a key's meaning is decided in one place
//! ([`App::update`](super::App::update) matches on it before anything else).
//!
//! To add a mode: a variant here carrying its own small state (and the [`Focus`] to return to,
//! if it is drawn over the panes), a `*_key` handler in `input.rs` called from the one match in
//! `App::key`, the action that enters it, and its drawing in `ui/`.

/// Which pane has the keyboard when nothing is drawn over them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The text pane (the default).
    Text,
    /// The outline pane.
    Outline,
}

/// A window drawn over the panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// The key help, scrolled by this many rows.
    Help(usize),
    /// The list of marks, with the selected row (marks in letter order).
    Marks(usize),
    /// The table of the rehearsal just stopped, scrolled by this many rows.
    Rehearsal(usize),
    /// The list of highlights and notes, with the selected row (in document order).
    Notes(usize),
    /// The shelf of open documents, with the selected row.
    Shelf(usize),
}

/// What the one-line prompt is asking for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// `:` go to a heading (by label or text), a path, a percentage or a source line.
    GoTo,
    /// `/` search the text.
    Search,
    /// `/` in the outline: filter its rows.
    Filter,
    /// A note on the selection (or on the highlight being edited); may hold line breaks.
    Note,
}

/// The prompt being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// What it asks for.
    pub kind: PromptKind,
    /// What has been typed.
    pub input: String,
    /// Where ↑/↓ are in the prompt's history.
    pub recall: crate::prompt_history::Recall,
    /// How a search reads what is typed (a regular expression unless toggled).
    pub syntax: crate::search::Syntax,
    /// Why what is typed cannot be searched for (an invalid regular expression), shown in
    /// the prompt; Enter waits until it is fixed.
    pub error: Option<String>,
}

impl Prompt {
    /// A prompt of `kind` holding `input`.
    pub fn new(kind: PromptKind, input: String) -> Self {
        Self {
            kind,
            input,
            recall: crate::prompt_history::Recall::default(),
            syntax: crate::search::Syntax::default(),
            error: None,
        }
    }
}

/// The reader's input mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Reading: keys go to the text pane's bindings.
    Text,
    /// The outline pane has the keyboard.
    Outline,
    /// The one-line prompt takes every key.
    Prompt {
        /// What is being typed.
        prompt: Prompt,
        /// The pane to return to.
        under: Focus,
    },
    /// A window over the panes takes every key.
    Overlay {
        /// Which window.
        overlay: Overlay,
        /// The pane to return to.
        under: Focus,
    },
    /// The teleprompter scrolls the text pane (see `prompter.rs`).
    Prompter(super::prompter::Prompter),
    /// A selection is being made in the text (see `study.rs`).
    Select(Selection),
}

/// A selection in the text: bytes `start..end` of the document, never empty; the cursor is at
/// its end (the last character selected).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    /// First byte selected.
    pub start: usize,
    /// One past the last byte selected.
    pub end: usize,
}

impl Selection {
    /// The selected bytes.
    pub const fn range(self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

impl Mode {
    /// The mode of a pane with nothing over it.
    pub const fn of(focus: Focus) -> Self {
        match focus {
            Focus::Text => Self::Text,
            Focus::Outline => Self::Outline,
        }
    }

    /// The pane that has (or gets back) the keyboard.
    pub const fn focus(&self) -> Focus {
        match self {
            Self::Text | Self::Prompter(_) | Self::Select(_) => Focus::Text,
            Self::Outline => Focus::Outline,
            Self::Prompt { under, .. } | Self::Overlay { under, .. } => *under,
        }
    }

    /// The prompt being typed, if any.
    pub const fn prompt(&self) -> Option<&Prompt> {
        match self {
            Self::Prompt { prompt, .. } => Some(prompt),
            _ => None,
        }
    }

    /// The selection being made, if any.
    pub const fn selection(&self) -> Option<Selection> {
        match self {
            Self::Select(s) => Some(*s),
            _ => None,
        }
    }

    /// The overlay shown, if any.
    pub const fn overlay(&self) -> Option<Overlay> {
        match self {
            Self::Overlay { overlay, .. } => Some(*overlay),
            _ => None,
        }
    }
}
