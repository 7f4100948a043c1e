//! The [`Action`] vocabulary: what a key can ask for, its help text and its config name.
//!
//! `describe` and `name` are exhaustive matches, so a new action cannot ship without help text
//! or a config name; [`Action::ALL`] lists one action of each kind for tests and the help screen.

use std::borrow::Cow;
use std::fmt;

/// Everything a key can ask the reader to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Scroll the text one line down.
    LineDown,
    /// Scroll the text one line up.
    LineUp,
    /// Scroll the text one page down.
    PageDown,
    /// Scroll the text one page up.
    PageUp,
    /// Scroll the text half a page down.
    HalfPageDown,
    /// Scroll the text half a page up.
    HalfPageUp,
    /// Go to the start of the document.
    Top,
    /// Go to the end of the document.
    Bottom,
    /// Go to the next heading, of any level.
    NextHeading,
    /// Go to the previous heading, of any level.
    PrevHeading,
    /// Go to the next section at the same level.
    NextSibling,
    /// Go to the previous section at the same level.
    PrevSibling,
    /// Go to the heading of the enclosing section.
    Parent,
    /// Go to top-level section N (1-based).
    TopSection(u8),
    /// Open the go-to prompt.
    GoTo,
    /// Start a search.
    Search,
    /// Go to the next search match.
    NextMatch,
    /// Go to the previous search match.
    PrevMatch,
    /// Go back to where the last jump started.
    JumpBack,
    /// Redo a jump undone by [`Action::JumpBack`].
    JumpForward,
    /// Go back and forth between the last two places (vim's and less's `''`).
    JumpToggle,
    /// Remember the reading position under a letter.
    SetMark(char),
    /// Go to the position remembered under a letter.
    JumpMark(char),
    /// Show the list of marks.
    ListMarks,
    /// Move the keyboard focus to the outline.
    FocusOutline,
    /// Move the keyboard focus back to the text.
    FocusText,
    /// Show or hide the outline pane.
    ToggleOutline,
    /// Make the outline pane narrower.
    NarrowOutline,
    /// Make the outline pane wider.
    WidenOutline,
    /// Show or hide the size/time column in the outline.
    ToggleOutlineInfo,
    /// Move the outline selection down one row.
    SelectNext,
    /// Move the outline selection up one row.
    SelectPrev,
    /// Show the selected section in the text and focus the text.
    OpenSelected,
    /// Fold the selected section, or select its parent when already folded.
    FoldOrParent,
    /// Unfold the selected section.
    Unfold,
    /// Fold or unfold the selected section.
    ToggleFold,
    /// Fold every section.
    FoldAll,
    /// Unfold every section.
    OpenAll,
    /// Show the help screen.
    Help,
    /// Close overlays, or clear the search highlight.
    Cancel,
    /// Reload the document from disk.
    Reload,
    /// Scroll preformatted lines and code (never wrapped) to the right.
    ScrollRight,
    /// Scroll preformatted lines and code back to the left.
    ScrollLeft,
    /// Quit the reader.
    Quit,
    /// Suspend the reader (Ctrl-z): the shell's prompt comes back, `fg` resumes it.
    Suspend,
    /// In the prompt: act on what was typed.
    Submit,
    /// In the prompt: clear the input.
    ClearInput,
    /// In the prompt: delete the last word.
    DeleteWord,
    /// In the prompt: delete the last character (closing an empty prompt).
    DeleteChar,
    /// Start the teleprompter (or leave it): the text scrolls at the speaking rate.
    Teleprompter,
    /// Start or stop a rehearsal: time per section against the plan.
    Rehearse,
    /// In the teleprompter: 10 字/分 faster.
    Faster,
    /// In the teleprompter: 10 字/分 slower.
    Slower,
    /// In the teleprompter: pause or go on (also past a pause marker).
    PauseResume,
    /// Select the first row (the text follows).
    SelectFirst,
    /// Select the last row.
    SelectLast,
    /// Move the selection one page of rows down.
    SelectPageDown,
    /// Move the selection one page of rows up.
    SelectPageUp,
    /// Move the selection half a page of rows down.
    SelectHalfPageDown,
    /// Move the selection half a page of rows up.
    SelectHalfPageUp,
    /// Select the next section at the same level.
    SelectNextSibling,
    /// Select the previous section at the same level.
    SelectPrevSibling,
    /// Select the enclosing section.
    SelectParent,
    /// Make the selected heading body text (a correction kept with the document).
    NotHeading,
    /// Move the selected heading, with its subsections, one level up.
    HeadingUp,
    /// Move the selected heading, with its subsections, one level down.
    HeadingDown,
    /// Make the paragraph at the top a heading below the current section; on a heading, undo.
    MakeHeading,
    /// Start a selection at the top line's first sentence.
    StartSelection,
    /// Select the whole paragraph (or paragraphs) under the selection or the top line.
    SelectParagraph,
    /// In a selection: extend it by the next sentence.
    SentenceForward,
    /// In a selection: take back its last sentence (or reach one sentence further back).
    SentenceBack,
    /// In a selection: move its end to the end of the next line.
    ExtendLineDown,
    /// In a selection: move its end to the end of the line above.
    ExtendLineUp,
    /// In a selection: extend it to the end of the paragraph, then the next.
    ParagraphForward,
    /// In a selection: take back to the end of the previous paragraph.
    ParagraphBack,
    /// Copy the selection to the clipboard (OSC 52).
    CopySelection,
    /// Copy the selection with its citation (——《title》 section path).
    CopyCited,
    /// Copy the current section, heading and text.
    CopySection,
    /// Highlight the selection (kept with the document).
    Highlight,
    /// Write a note on the selection.
    Annotate,
    /// Show the list of highlights and notes.
    ListNotes,
    /// Write the notes as Markdown next to the state (NAME.notes.md).
    ExportNotes,
    /// In the notes list: delete the selected one.
    DeleteNote,
    /// In the notes list: bring back the last one deleted.
    UndoDelete,
    /// In the notes list: edit the selected note.
    EditNote,
    /// In the note prompt: start a new line.
    NewLine,
    /// In the prompt: the previous entry of its history.
    HistoryPrev,
    /// In the prompt: the next entry of its history.
    HistoryNext,
    /// In the `:` prompt: the next heading in the list of candidates.
    PickNext,
    /// In the `:` prompt: the previous heading in the list of candidates.
    PickPrev,
    /// In the outline: filter its rows to the headings matching what is typed (and their
    /// ancestors); Esc clears the filter and the folds come back.
    FilterOutline,
    /// In the search prompt: a regular expression or the literal text (the default is a
    /// regular expression).
    ToggleLiteral,
    /// Search with the list of every match (its section and a line of context) under the
    /// prompt, updated while typing.
    SearchResults,
    /// List the documents opened together (the shelf); Enter reads the one selected.
    Shelf,
}

impl Action {
    /// One action of each kind (and every top-level section number 1–9), in declaration order.
    pub const ALL: &'static [Self] = &[
        Self::LineDown,
        Self::LineUp,
        Self::PageDown,
        Self::PageUp,
        Self::HalfPageDown,
        Self::HalfPageUp,
        Self::Top,
        Self::Bottom,
        Self::NextHeading,
        Self::PrevHeading,
        Self::NextSibling,
        Self::PrevSibling,
        Self::Parent,
        Self::TopSection(1),
        Self::TopSection(2),
        Self::TopSection(3),
        Self::TopSection(4),
        Self::TopSection(5),
        Self::TopSection(6),
        Self::TopSection(7),
        Self::TopSection(8),
        Self::TopSection(9),
        Self::GoTo,
        Self::Search,
        Self::NextMatch,
        Self::PrevMatch,
        Self::JumpBack,
        Self::JumpForward,
        Self::JumpToggle,
        Self::SetMark('a'),
        Self::JumpMark('a'),
        Self::ListMarks,
        Self::FocusOutline,
        Self::FocusText,
        Self::ToggleOutline,
        Self::NarrowOutline,
        Self::WidenOutline,
        Self::ToggleOutlineInfo,
        Self::SelectNext,
        Self::SelectPrev,
        Self::OpenSelected,
        Self::FoldOrParent,
        Self::Unfold,
        Self::ToggleFold,
        Self::FoldAll,
        Self::OpenAll,
        Self::Help,
        Self::Cancel,
        Self::Reload,
        Self::ScrollRight,
        Self::ScrollLeft,
        Self::Quit,
        Self::Suspend,
        Self::Submit,
        Self::ClearInput,
        Self::DeleteWord,
        Self::DeleteChar,
        Self::Teleprompter,
        Self::Rehearse,
        Self::Faster,
        Self::Slower,
        Self::PauseResume,
        Self::SelectFirst,
        Self::SelectLast,
        Self::SelectPageDown,
        Self::SelectPageUp,
        Self::SelectHalfPageDown,
        Self::SelectHalfPageUp,
        Self::SelectNextSibling,
        Self::SelectPrevSibling,
        Self::SelectParent,
        Self::NotHeading,
        Self::HeadingUp,
        Self::HeadingDown,
        Self::MakeHeading,
        Self::StartSelection,
        Self::SelectParagraph,
        Self::SentenceForward,
        Self::SentenceBack,
        Self::ExtendLineDown,
        Self::ExtendLineUp,
        Self::ParagraphForward,
        Self::ParagraphBack,
        Self::CopySelection,
        Self::CopyCited,
        Self::CopySection,
        Self::Highlight,
        Self::Annotate,
        Self::ListNotes,
        Self::ExportNotes,
        Self::DeleteNote,
        Self::UndoDelete,
        Self::EditNote,
        Self::NewLine,
        Self::HistoryPrev,
        Self::HistoryNext,
        Self::PickNext,
        Self::PickPrev,
        Self::FilterOutline,
        Self::ToggleLiteral,
        Self::SearchResults,
        Self::Shelf,
    ];

    /// One English line for the help screen.
    pub const fn describe(self) -> &'static str {
        match self {
            Self::LineDown => "Scroll one line down",
            Self::LineUp => "Scroll one line up",
            Self::PageDown => "Scroll one page down",
            Self::PageUp => "Scroll one page up",
            Self::HalfPageDown => "Scroll half a page down",
            Self::HalfPageUp => "Scroll half a page up",
            Self::Top => "Go to the start of the document",
            Self::Bottom => "Go to the end of the document",
            Self::NextHeading => "Next heading (any level)",
            Self::PrevHeading => "Previous heading (any level)",
            Self::NextSibling => "Next section at the same level",
            Self::PrevSibling => "Previous section at the same level",
            Self::Parent => "Heading of the enclosing section",
            Self::TopSection(_) => "Top-level section N",
            Self::GoTo => "Go to a heading, N.M, N%, Lnnn; *text: all documents",
            Self::Search => "Search",
            Self::NextMatch => "Next match",
            Self::PrevMatch => "Previous match",
            Self::JumpBack => "Back to before the last jump",
            Self::JumpForward => "Forward again after jumping back",
            Self::JumpToggle => "Back and forth between the last two places",
            Self::SetMark(_) => "Set a mark (then a letter)",
            Self::JumpMark(_) => "Jump to a mark (then a letter)",
            Self::ListMarks => "List marks",
            Self::FocusOutline => "Focus the outline",
            Self::FocusText => "Focus the text",
            Self::ToggleOutline => "Show or hide the outline",
            Self::NarrowOutline => "Narrower outline",
            Self::WidenOutline => "Wider outline",
            Self::ToggleOutlineInfo => "Show or hide sizes in the outline",
            Self::SelectNext => "Select the next row",
            Self::SelectPrev => "Select the previous row",
            Self::OpenSelected => "Read the selected section",
            Self::FoldOrParent => "Fold, or go to the parent when folded",
            Self::Unfold => "Unfold",
            Self::ToggleFold => "Fold or unfold",
            Self::FoldAll => "Fold all",
            Self::OpenAll => "Unfold all",
            Self::Help => "Help",
            Self::Cancel => "Close overlays, clear search highlight",
            Self::Reload => "Reload the document",
            Self::ScrollRight => "Scroll tables and code to the right",
            Self::ScrollLeft => "Scroll tables and code to the left",
            Self::Quit => "Quit",
            Self::Suspend => "Suspend (fg resumes)",
            Self::Submit => "Go",
            Self::ClearInput => "Clear the input",
            Self::DeleteWord => "Delete the last word",
            Self::DeleteChar => "Delete the last character",
            Self::Teleprompter => "Teleprompter at the speaking rate",
            Self::Rehearse => "Start or stop a rehearsal timer",
            Self::Faster => "Speak faster (+10 字/分)",
            Self::Slower => "Speak slower (-10 字/分)",
            Self::PauseResume => "Pause or go on (also at a marker)",
            Self::SelectFirst => "Select the first row",
            Self::SelectLast => "Select the last row",
            Self::SelectPageDown => "Selection one page down",
            Self::SelectPageUp => "Selection one page up",
            Self::SelectHalfPageDown => "Selection half a page down",
            Self::SelectHalfPageUp => "Selection half a page up",
            Self::SelectNextSibling => "Select the next section at the same level",
            Self::SelectPrevSibling => "Select the previous section at the same level",
            Self::SelectParent => "Select the enclosing section",
            Self::NotHeading => "Not a heading: make it body text",
            Self::HeadingUp => "Move the heading a level up",
            Self::HeadingDown => "Move the heading a level down",
            Self::MakeHeading => "Make the top paragraph a heading (again: undo)",
            Self::StartSelection => "Select: start at the top line's first sentence",
            Self::SelectParagraph => "Select the whole paragraph",
            Self::SentenceForward => "Extend by a sentence",
            Self::SentenceBack => "Back by a sentence",
            Self::ExtendLineDown => "Extend to the next line",
            Self::ExtendLineUp => "Back to the line above",
            Self::ParagraphForward => "Extend to the paragraph's end, then the next",
            Self::ParagraphBack => "Back to the previous paragraph",
            Self::CopySelection => "Copy the selection (clipboard, OSC 52)",
            Self::CopyCited => "Copy the selection with its citation",
            Self::CopySection => "Copy the current section (heading and text)",
            Self::Highlight => "Highlight the selection",
            Self::Annotate => "Write a note on the selection",
            Self::ListNotes => "List highlights and notes",
            Self::ExportNotes => "Export the notes to NAME.notes.md",
            Self::DeleteNote => "Delete the highlight or note",
            Self::UndoDelete => "Undo the last deletion",
            Self::EditNote => "Edit the note",
            Self::NewLine => "New line (note prompt)",
            Self::HistoryPrev => "Previous history entry (or candidate)",
            Self::HistoryNext => "Next history entry (or candidate)",
            Self::PickNext => "Next candidate heading (:)",
            Self::PickPrev => "Previous candidate heading (:)",
            Self::FilterOutline => "Filter the outline to matching headings (Esc clears)",
            Self::ToggleLiteral => "Search: regular expression or literal text",
            Self::SearchResults => "Search with a list of every match",
            Self::Shelf => "The shelf: the open documents (Enter reads one)",
        }
    }

    /// The stable snake_case name used by the config file (`top_section_3`, `set_mark`).
    ///
    /// [`Action::SetMark`] and [`Action::JumpMark`] are named without their letter: they are
    /// bound as a family through the `"<key> <letter>"` form.
    pub fn name(self) -> Cow<'static, str> {
        let name = match self {
            Self::LineDown => "line_down",
            Self::LineUp => "line_up",
            Self::PageDown => "page_down",
            Self::PageUp => "page_up",
            Self::HalfPageDown => "half_page_down",
            Self::HalfPageUp => "half_page_up",
            Self::Top => "top",
            Self::Bottom => "bottom",
            Self::NextHeading => "next_heading",
            Self::PrevHeading => "previous_heading",
            Self::NextSibling => "next_sibling",
            Self::PrevSibling => "previous_sibling",
            Self::Parent => "parent_heading",
            Self::TopSection(n) => return Cow::Owned(format!("top_section_{n}")),
            Self::GoTo => "go_to",
            Self::Search => "search",
            Self::NextMatch => "next_match",
            Self::PrevMatch => "previous_match",
            Self::JumpBack => "jump_back",
            Self::JumpForward => "jump_forward",
            Self::JumpToggle => "jump_toggle",
            Self::SetMark(_) => "set_mark",
            Self::JumpMark(_) => "jump_mark",
            Self::ListMarks => "list_marks",
            Self::FocusOutline => "focus_outline",
            Self::FocusText => "focus_text",
            Self::ToggleOutline => "toggle_outline",
            Self::NarrowOutline => "narrow_outline",
            Self::WidenOutline => "widen_outline",
            Self::ToggleOutlineInfo => "toggle_outline_info",
            Self::SelectNext => "select_next",
            Self::SelectPrev => "select_previous",
            Self::OpenSelected => "open_selected",
            Self::FoldOrParent => "fold_or_parent",
            Self::Unfold => "unfold",
            Self::ToggleFold => "toggle_fold",
            Self::FoldAll => "fold_all",
            Self::OpenAll => "open_all",
            Self::Help => "help",
            Self::Cancel => "cancel",
            Self::Reload => "reload",
            Self::ScrollRight => "scroll_right",
            Self::ScrollLeft => "scroll_left",
            Self::Quit => "quit",
            Self::Suspend => "suspend",
            Self::Submit => "submit",
            Self::ClearInput => "clear_input",
            Self::DeleteWord => "delete_word",
            Self::DeleteChar => "delete_char",
            Self::Teleprompter => "teleprompter",
            Self::Rehearse => "rehearse",
            Self::Faster => "faster",
            Self::Slower => "slower",
            Self::PauseResume => "pause_resume",
            Self::SelectFirst => "select_first",
            Self::SelectLast => "select_last",
            Self::SelectPageDown => "select_page_down",
            Self::SelectPageUp => "select_page_up",
            Self::SelectHalfPageDown => "select_half_page_down",
            Self::SelectHalfPageUp => "select_half_page_up",
            Self::SelectNextSibling => "select_next_sibling",
            Self::SelectPrevSibling => "select_previous_sibling",
            Self::SelectParent => "select_parent",
            Self::NotHeading => "not_a_heading",
            Self::HeadingUp => "heading_up",
            Self::HeadingDown => "heading_down",
            Self::MakeHeading => "make_heading",
            Self::StartSelection => "start_selection",
            Self::SelectParagraph => "select_paragraph",
            Self::SentenceForward => "sentence_forward",
            Self::SentenceBack => "sentence_back",
            Self::ExtendLineDown => "extend_line_down",
            Self::ExtendLineUp => "extend_line_up",
            Self::ParagraphForward => "paragraph_forward",
            Self::ParagraphBack => "paragraph_back",
            Self::CopySelection => "copy",
            Self::CopyCited => "copy_cited",
            Self::CopySection => "copy_section",
            Self::Highlight => "highlight",
            Self::Annotate => "annotate",
            Self::ListNotes => "list_notes",
            Self::ExportNotes => "export_notes",
            Self::DeleteNote => "delete_note",
            Self::UndoDelete => "undo_delete",
            Self::EditNote => "edit_note",
            Self::NewLine => "new_line",
            Self::HistoryPrev => "history_previous",
            Self::HistoryNext => "history_next",
            Self::PickNext => "pick_next",
            Self::PickPrev => "pick_previous",
            Self::FilterOutline => "filter_outline",
            Self::ToggleLiteral => "toggle_literal",
            Self::SearchResults => "search_results",
            Self::Shelf => "shelf",
        };
        Cow::Borrowed(name)
    }

    /// The action with config name `name` (the inverse of [`Action::name`]).
    ///
    /// `set_mark` and `jump_mark` come back with the placeholder letter `a`; the typed letter
    /// replaces it when the key sequence resolves. `top_section_N` accepts N in 1..=255.
    pub fn from_name(name: &str) -> Option<Self> {
        if let Some(n) = name.strip_prefix("top_section_") {
            // Only the canonical spelling, so that `name` and `from_name` stay inverse.
            let number: u8 = n.parse().ok()?;
            return (number > 0 && number.to_string() == n).then_some(Self::TopSection(number));
        }
        Self::ALL
            .iter()
            .copied()
            .find(|a| !matches!(a, Self::TopSection(_)) && a.name() == name)
    }

    /// True for the actions that take the letter typed after their key.
    pub const fn takes_letter(self) -> bool {
        matches!(self, Self::SetMark(_) | Self::JumpMark(_))
    }

    /// This action with `letter` filled in (unchanged unless [`Action::takes_letter`]).
    #[must_use]
    pub const fn with_letter(self, letter: char) -> Self {
        match self {
            Self::SetMark(_) => Self::SetMark(letter),
            Self::JumpMark(_) => Self::JumpMark(letter),
            other => other,
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}
