//! Colour themes: [`Theme`] names a look, [`Palette`] is the ratatui [`Style`] of each kind of
//! thing the UI draws.
//!
//! Invariants: the colour themes use only the 16 basic ANSI colours (plus the terminal's own
//! default colours), so they look right on a 16-colour terminal and follow its colour scheme;
//! [`Theme::Plain`] — also chosen by `NO_COLOR` — uses no colour at all, only bold, reverse,
//! underline and dim; every text style of the colour themes has WCAG AA contrast (4.5:1)
//! on xterm's default palette against the background its theme is for (black for `dark`,
//! white for `light`), checked by the tests below.

use ratatui::style::{Color, Modifier, Style};

pub use crate::settings::Theme;

impl Theme {
    /// The styles of this theme.
    pub fn palette(self) -> Palette {
        match self {
            Self::Dark => Palette::colour(Colours::DARK),
            Self::Light => Palette::colour(Colours::LIGHT),
            Self::Plain => Palette::plain(),
        }
    }
}

/// The colours a colour theme is made of. Each was chosen for WCAG AA contrast (4.5:1 for
/// text) against the background the theme is for, measured on xterm's default palette
/// (see the `contrast` tests): a dark terminal background for [`Theme::Dark`], a white one
/// for [`Theme::Light`].
#[derive(Debug, Clone, Copy)]
struct Colours {
    /// Headings and the current section.
    accent: Color,
    /// The background of search matches.
    mark: Color,
    /// The background of the title and status bars.
    bar: Color,
    /// The text on the bars.
    bar_text: Color,
    /// Dim text: contents lines, Markdown code, the outline's sizes.
    dim: Color,
    /// Control characters made visible.
    control: Color,
    /// The background of Markdown code.
    code: Color,
    /// The text on it.
    code_text: Color,
}

impl Colours {
    const DARK: Self = Self {
        accent: Color::Cyan,
        mark: Color::Yellow,
        bar: Color::Blue,
        bar_text: Color::White,
        dim: Color::DarkGray,
        // red is 3.6:1 on black; bright red 5.3:1
        control: Color::LightRed,
        // black on dark grey is 5.3:1 (white on it only 4:1)
        code: Color::DarkGray,
        code_text: Color::Black,
    };
    const LIGHT: Self = Self {
        accent: Color::Blue,
        // black on magenta is 4.5:1 only just short; on yellow 12:1
        mark: Color::Yellow,
        // white on cyan is 2:1; black on cyan 10.6:1
        bar: Color::Cyan,
        bar_text: Color::Black,
        // dark grey is 4:1 on white; magenta 4.7:1
        dim: Color::Magenta,
        control: Color::Red,
        // a light grey block on white, black text 16:1
        code: Color::Gray,
        code_text: Color::Black,
    };
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
    /// Table-of-contents lines, Markdown code lines in the source view, a rendered link's
    /// address, a rule.
    pub dim: Style,
    /// Rendered Markdown's code: code blocks (their rows filled to the column's edge) and
    /// inline code.
    pub code: Style,
    /// A rendered Markdown link's text.
    pub link: Style,
    /// The selection being made (`v`).
    pub selection: Style,
    /// The selection's last character: its cursor.
    pub selection_cursor: Style,
    /// A highlight kept with the document.
    pub study_highlight: Style,
    /// The mark after a highlight that carries a note.
    pub note_marker: Style,
}

impl Default for Palette {
    fn default() -> Self {
        Theme::default().palette()
    }
}

impl Palette {
    /// A colour palette made of `c`. Basic ANSI colours only.
    const fn colour(c: Colours) -> Self {
        let bold = Modifier::BOLD;
        let accent = c.accent;
        Self {
            title_bar: Style::new().fg(c.bar_text).bg(c.bar).add_modifier(bold),
            status_line: Style::new().fg(c.bar_text).bg(c.bar),
            outline_row: Style::new(),
            outline_current: Style::new().fg(accent).add_modifier(bold),
            outline_selected: Style::new().add_modifier(Modifier::REVERSED),
            heading: Style::new().fg(accent).add_modifier(bold),
            inline_heading: Style::new().add_modifier(bold),
            control_marker: Style::new().fg(c.control),
            search_match: Style::new().fg(Color::Black).bg(c.mark),
            search_current: Style::new()
                .fg(Color::Black)
                .bg(Color::Green)
                .add_modifier(bold),
            help_overlay: Style::new().fg(Color::White).bg(Color::Black),
            error: Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(bold),
            outline_info: Style::new().fg(c.dim),
            separator: Style::new().fg(Color::DarkGray),
            doc_title: Style::new().fg(accent).add_modifier(bold),
            dim: Style::new().fg(c.dim),
            code: Style::new().fg(c.code_text).bg(c.code),
            link: Style::new().fg(accent).add_modifier(Modifier::UNDERLINED),
            selection: Style::new().add_modifier(Modifier::REVERSED),
            selection_cursor: Style::new().add_modifier(
                Modifier::REVERSED
                    .union(Modifier::BOLD)
                    .union(Modifier::UNDERLINED),
            ),
            // black on cyan is 10.6:1
            study_highlight: Style::new().fg(Color::Black).bg(Color::Cyan),
            note_marker: Style::new().fg(accent).add_modifier(bold),
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
            code: Style::new().add_modifier(Modifier::DIM),
            link: Style::new().add_modifier(Modifier::UNDERLINED),
            selection: Style::new().add_modifier(Modifier::REVERSED),
            selection_cursor: Style::new().add_modifier(
                Modifier::REVERSED
                    .union(Modifier::BOLD)
                    .union(Modifier::UNDERLINED),
            ),
            study_highlight: Style::new().add_modifier(Modifier::UNDERLINED.union(Modifier::BOLD)),
            note_marker: Style::new().add_modifier(Modifier::BOLD),
        }
    }

    /// Every style, for tests.
    pub const fn styles(&self) -> [Style; 22] {
        [
            self.selection,
            self.selection_cursor,
            self.study_highlight,
            self.note_marker,
            self.code,
            self.link,
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

    /// xterm's default RGB for the 16 ANSI colours (ratatui's names).
    fn rgb(c: Color) -> (u8, u8, u8) {
        match c {
            Color::Black => (0, 0, 0),
            Color::Red => (0xcd, 0, 0),
            Color::Green => (0, 0xcd, 0),
            Color::Yellow => (0xcd, 0xcd, 0),
            Color::Blue => (0, 0, 0xee),
            Color::Magenta => (0xcd, 0, 0xcd),
            Color::Cyan => (0, 0xcd, 0xcd),
            Color::Gray => (0xe5, 0xe5, 0xe5),
            Color::DarkGray => (0x7f, 0x7f, 0x7f),
            Color::LightRed => (0xff, 0, 0),
            Color::LightGreen => (0, 0xff, 0),
            Color::LightYellow => (0xff, 0xff, 0),
            Color::LightBlue => (0x5c, 0x5c, 0xff),
            Color::LightMagenta => (0xff, 0, 0xff),
            Color::LightCyan => (0, 0xff, 0xff),
            Color::White => (0xff, 0xff, 0xff),
            other => panic!("not a basic colour: {other:?}"),
        }
    }

    /// Relative luminance (WCAG 2.x): sRGB channels linearised, weighted 0.2126/0.7152/0.0722.
    fn luminance(c: Color) -> f64 {
        let (red, green, blue) = rgb(c);
        let lin = |v: u8| {
            let srgb = f64::from(v) / 255.0;
            if srgb <= 0.040_45 {
                srgb / 12.92
            } else {
                ((srgb + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(red) + 0.7152 * lin(green) + 0.0722 * lin(blue)
    }

    /// Contrast ratio (WCAG 2.x): (lighter + 0.05) / (darker + 0.05), 1 to 21.
    fn contrast(a: Color, b: Color) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn contrast_ratios_follow_the_wcag_formula() {
        assert!((contrast(Color::Black, Color::White) - 21.0).abs() < 1e-9);
        assert!((contrast(Color::Blue, Color::Blue) - 1.0).abs() < 1e-9);
        // xterm's grey on white is the classic near miss
        assert!((contrast(Color::DarkGray, Color::White) - 4.0).abs() < 0.05);
    }

    /// The terminal's own colours a theme is meant for: (text, background).
    fn terminal_default(t: Theme) -> (Color, Color) {
        match t {
            Theme::Dark => (Color::Gray, Color::Black),
            Theme::Light => (Color::Black, Color::White),
            Theme::Plain => unreachable!("the plain theme has no colours"),
        }
    }

    /// A style's text and background colours on a terminal with `default` colours.
    fn pair(s: Style, (fg, bg): (Color, Color)) -> (Color, Color) {
        let pair = (s.fg.unwrap_or(fg), s.bg.unwrap_or(bg));
        if s.add_modifier.contains(Modifier::REVERSED) {
            (pair.1, pair.0)
        } else {
            pair
        }
    }

    #[test]
    fn every_text_style_meets_wcag_aa_in_every_colour_theme() {
        for t in [Theme::Dark, Theme::Light] {
            let p = t.palette();
            let default = terminal_default(t);
            let text = [
                ("title bar", p.title_bar),
                ("status line", p.status_line),
                ("outline row", p.outline_row),
                ("current section", p.outline_current),
                ("selected row", p.outline_selected),
                ("heading", p.heading),
                ("inline heading", p.inline_heading),
                ("control marker", p.control_marker),
                ("search match", p.search_match),
                ("current match", p.search_current),
                ("overlay", p.help_overlay),
                ("error", p.error),
                ("outline sizes", p.outline_info),
                ("document title", p.doc_title),
                ("dim text and Markdown code", p.dim),
                ("rendered code", p.code),
                ("link", p.link),
                ("code language", p.code.add_modifier(Modifier::ITALIC)),
                // the sizes on the current row
                ("current sizes", p.outline_current.patch(p.outline_info)),
                ("selected sizes", p.outline_selected.patch(p.outline_info)),
            ];
            for (what, style) in text {
                let (fg, bg) = pair(style, default);
                let ratio = contrast(fg, bg);
                assert!(
                    ratio >= 4.5,
                    "{t}: {what} is {ratio:.2}:1 ({fg:?} on {bg:?})"
                );
            }
            // the separator is no text: 3:1 (WCAG 1.4.11, non-text contrast)
            let (fg, bg) = pair(p.separator, default);
            assert!(contrast(fg, bg) >= 3.0, "{t}: separator");
        }
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
