//! Colour themes: [`Theme`] names a look, [`Palette`] is the ratatui [`Style`] of each kind of
//! thing the UI draws.
//!
//! Invariants: the colour themes use only the 16 basic ANSI colours (plus the terminal's own
//! default colours), so they look right on a 16-colour terminal and follow its colour scheme;
//! [`Theme::Plain`] — also chosen by `NO_COLOR` — uses no colour at all, only bold, reverse,
//! underline and dim.

use ratatui::style::{Color, Modifier, Style};

pub use crate::settings::Theme;

impl Theme {
    /// The styles of this theme.
    pub fn palette(self) -> Palette {
        match self {
            Self::Dark => Palette::colour(Color::Cyan, Color::Yellow, Color::Blue),
            Self::Light => Palette::colour(Color::Blue, Color::Magenta, Color::Cyan),
            Self::Plain => Palette::plain(),
        }
    }
}

/// True when the `NO_COLOR` convention asks for no colour (set and non-empty).
pub fn no_color(env: impl Fn(&str) -> Option<String>) -> bool {
    env("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// The style of each kind of thing the UI draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// The title bar (document title, file name).
    pub title_bar: Style,
    /// The status line (position, hints, messages).
    pub status_line: Style,
    /// An ordinary outline row.
    pub outline_row: Style,
    /// The outline row of the section being read.
    pub outline_current: Style,
    /// The selected outline row while the outline has the focus.
    pub outline_selected: Style,
    /// A standalone heading in the text.
    pub heading: Style,
    /// The heading part of a paragraph that opens with its heading.
    pub inline_heading: Style,
    /// Control characters made visible (`^A`, `�`).
    pub control_marker: Style,
    /// A search match.
    pub search_match: Style,
    /// The current search match.
    pub search_current: Style,
    /// The help overlay.
    pub help_overlay: Style,
    /// An error notice in the status line.
    pub error: Style,
    /// The size/time column of the outline.
    pub outline_info: Style,
    /// The line between the outline and the text.
    pub separator: Style,
    /// Title-block lines of the document.
    pub doc_title: Style,
    /// Table-of-contents lines and Markdown code lines.
    pub dim: Style,
}

impl Default for Palette {
    fn default() -> Self {
        Theme::default().palette()
    }
}

impl Palette {
    /// A colour palette: `accent` for headings and the current section, `mark` for search
    /// matches, `bar` for the title and status bars. Basic ANSI colours only.
    const fn colour(accent: Color, mark: Color, bar: Color) -> Self {
        let bold = Modifier::BOLD;
        Self {
            title_bar: Style::new().fg(Color::White).bg(bar).add_modifier(bold),
            status_line: Style::new().fg(Color::White).bg(bar),
            outline_row: Style::new(),
            outline_current: Style::new().fg(accent).add_modifier(bold),
            outline_selected: Style::new().add_modifier(Modifier::REVERSED),
            heading: Style::new().fg(accent).add_modifier(bold),
            inline_heading: Style::new().add_modifier(bold),
            control_marker: Style::new().fg(Color::Red),
            search_match: Style::new().fg(Color::Black).bg(mark),
            search_current: Style::new()
                .fg(Color::Black)
                .bg(Color::Green)
                .add_modifier(bold),
            help_overlay: Style::new().fg(Color::White).bg(Color::Black),
            error: Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(bold),
            outline_info: Style::new().fg(Color::DarkGray),
            separator: Style::new().fg(Color::DarkGray),
            doc_title: Style::new().fg(accent).add_modifier(bold),
            dim: Style::new().fg(Color::DarkGray),
        }
    }

    /// The colourless palette.
    const fn plain() -> Self {
        Self {
            title_bar: Style::new().add_modifier(Modifier::REVERSED),
            status_line: Style::new().add_modifier(Modifier::REVERSED),
            outline_row: Style::new(),
            outline_current: Style::new().add_modifier(Modifier::BOLD),
            outline_selected: Style::new().add_modifier(Modifier::REVERSED),
            heading: Style::new().add_modifier(Modifier::BOLD),
            inline_heading: Style::new().add_modifier(Modifier::BOLD),
            control_marker: Style::new().add_modifier(Modifier::DIM),
            search_match: Style::new().add_modifier(Modifier::UNDERLINED),
            search_current: Style::new().add_modifier(Modifier::REVERSED),
            help_overlay: Style::new(),
            error: Style::new().add_modifier(Modifier::REVERSED.union(Modifier::BOLD)),
            outline_info: Style::new().add_modifier(Modifier::DIM),
            separator: Style::new(),
            doc_title: Style::new().add_modifier(Modifier::BOLD),
            dim: Style::new().add_modifier(Modifier::DIM),
        }
    }

    /// Every style, for tests.
    pub const fn styles(&self) -> [Style; 16] {
        [
            self.error,
            self.outline_info,
            self.separator,
            self.doc_title,
            self.dim,
            self.title_bar,
            self.status_line,
            self.outline_row,
            self.outline_current,
            self.outline_selected,
            self.heading,
            self.inline_heading,
            self.control_marker,
            self.search_match,
            self.search_current,
            self.help_overlay,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_basic(c: Option<Color>) -> bool {
        !matches!(c, Some(Color::Rgb(..) | Color::Indexed(_)))
    }

    #[test]
    fn colour_themes_use_only_the_16_colours() {
        for t in [Theme::Dark, Theme::Light] {
            for s in t.palette().styles() {
                assert!(is_basic(s.fg) && is_basic(s.bg), "{t}: {s:?}");
            }
        }
    }

    #[test]
    fn plain_has_no_colour_but_still_shows_things() {
        let p = Theme::Plain.palette();
        for s in p.styles() {
            assert_eq!((s.fg, s.bg), (None, None), "{s:?}");
        }
        assert_ne!(p.search_match, p.search_current);
        assert_ne!(p.outline_selected, p.outline_row);
    }

    #[test]
    fn names_and_no_color() {
        for t in Theme::ALL {
            assert_eq!(Theme::from_name(t.name()), Some(t));
        }
        assert!(no_color(|_| Some("1".into())));
        assert!(!no_color(|_| Some(String::new())));
        assert!(!no_color(|_| None));
    }
}
