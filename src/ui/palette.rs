//! Named styles for every part of the screen, in the 16 basic ANSI colours (so they work on
//! any colour terminal), or without colour for `NO_COLOR` and the plain theme.

use ratatui::style::{Color, Modifier, Style};

/// The styles the view uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// Title bar.
    pub title: Style,
    /// Status line.
    pub status: Style,
    /// Error notices in the status line.
    pub error: Style,
    /// Outline rows.
    pub outline: Style,
    /// The outline row of the section being read.
    pub outline_current: Style,
    /// The selected outline row when the outline has the focus.
    pub outline_selected: Style,
    /// Outline size/time column.
    pub outline_info: Style,
    /// Pane separator.
    pub separator: Style,
    /// Body text.
    pub text: Style,
    /// Standalone heading lines.
    pub heading: Style,
    /// The heading part of an inline heading.
    pub inline_heading: Style,
    /// Title block lines.
    pub doc_title: Style,
    /// Table-of-contents lines and Markdown code lines.
    pub dim: Style,
    /// Visible markers for control characters.
    pub escaped: Style,
    /// Search matches.
    pub matched: Style,
    /// The current search match.
    pub current_match: Style,
    /// Overlays (help, marks).
    pub overlay: Style,
}

impl Palette {
    /// Colours for a dark terminal background.
    pub fn dark() -> Self {
        Self {
            title: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            status: Style::new().fg(Color::Black).bg(Color::White),
            error: Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            outline: Style::new(),
            outline_current: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            outline_selected: Style::new().fg(Color::Black).bg(Color::Yellow),
            outline_info: Style::new().fg(Color::DarkGray),
            separator: Style::new().fg(Color::DarkGray),
            text: Style::new(),
            heading: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            inline_heading: Style::new().add_modifier(Modifier::BOLD),
            doc_title: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::DarkGray),
            escaped: Style::new().fg(Color::Red).add_modifier(Modifier::REVERSED),
            matched: Style::new().fg(Color::Black).bg(Color::Yellow),
            current_match: Style::new()
                .fg(Color::Black)
                .bg(Color::LightRed)
                .add_modifier(Modifier::BOLD),
            overlay: Style::new().fg(Color::White).bg(Color::Blue),
        }
    }

    /// No colour at all: bold, reverse and underline only.
    pub fn plain() -> Self {
        let rev = Style::new().add_modifier(Modifier::REVERSED);
        Self {
            title: rev.add_modifier(Modifier::BOLD),
            status: rev,
            error: rev.add_modifier(Modifier::BOLD),
            outline: Style::new(),
            outline_current: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            outline_selected: rev,
            outline_info: Style::new(),
            separator: Style::new(),
            text: Style::new(),
            heading: Style::new().add_modifier(Modifier::BOLD),
            inline_heading: Style::new().add_modifier(Modifier::BOLD),
            doc_title: Style::new().add_modifier(Modifier::BOLD),
            dim: Style::new(),
            escaped: rev,
            matched: Style::new().add_modifier(Modifier::UNDERLINED),
            current_match: rev,
            overlay: Style::new(),
        }
    }
}

impl Default for Palette {
    fn default() -> Self {
        Self::dark()
    }
}
