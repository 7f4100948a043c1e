//! Where each part of the screen is: one function, [`panes`], used by the app (for the layout
//! width and for mouse hit-testing) and read by the view, so drawing and input always agree.

use ratatui::layout::Rect;

/// Narrowest outline pane.
pub const OUTLINE_MIN: u16 = 16;
/// Widest outline pane.
pub const OUTLINE_MAX: u16 = 50;
/// Below this screen width the outline hides itself.
pub const OUTLINE_HIDE_BELOW: u16 = 40;

/// Columns between the outline's separator and the text pane.
pub const TEXT_PADDING: u16 = 1;

/// Where each part of the screen is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Panes {
    /// The whole screen.
    pub area: Rect,
    /// The one-line title bar (absent on very short screens).
    pub title: Option<Rect>,
    /// The outline pane, when shown.
    pub outline: Option<Rect>,
    /// The column between outline and text.
    pub separator: Option<Rect>,
    /// The text pane.
    pub text: Rect,
    /// The status line (absent on a one-row screen).
    pub status: Option<Rect>,
}

/// What the split depends on besides the screen size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutlineWish {
    /// The user wants the outline pane.
    pub shown: bool,
    /// Preferred width; `None` = about 30% of the screen.
    pub width: Option<u16>,
    /// The document has sections to show.
    pub has_sections: bool,
}

/// Splits the screen: title bar, outline | text, status line. The outline takes about 30% of
/// the width (16–50 columns, or the width the user chose) and hides below 40 columns.
pub fn panes(area: Rect, outline: OutlineWish) -> Panes {
    let mut p = Panes {
        area,
        ..Panes::default()
    };
    if area.width == 0 || area.height == 0 {
        return p;
    }
    let mut body = area;
    if area.height >= 3 {
        p.title = Some(Rect { height: 1, ..area });
        body.y += 1;
        body.height -= 1;
    }
    if area.height >= 2 {
        body.height -= 1;
        p.status = Some(Rect {
            y: area.y + area.height - 1,
            height: 1,
            ..area
        });
    }
    let want_outline = outline.shown && area.width >= OUTLINE_HIDE_BELOW && outline.has_sections;
    if want_outline {
        let auto = (u32::from(area.width) * 3 / 10) as u16;
        let width = outline
            .width
            .unwrap_or(auto)
            .clamp(OUTLINE_MIN, OUTLINE_MAX)
            .min(area.width - 21);
        p.outline = Some(Rect { width, ..body });
        p.separator = Some(Rect {
            x: body.x + width,
            width: 1,
            ..body
        });
        // one column of padding between the separator and the text, at every width
        p.text = Rect {
            x: body.x + width + 1 + TEXT_PADDING,
            width: body.width - width - 1 - TEXT_PADDING,
            ..body
        };
    } else {
        p.text = body;
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    const WISH: OutlineWish = OutlineWish {
        shown: true,
        width: None,
        has_sections: true,
    };

    #[test]
    fn outline_takes_about_thirty_percent_and_hides_when_narrow() {
        let p = panes(Rect::new(0, 0, 100, 30), WISH);
        assert_eq!(p.outline.map(|r| r.width), Some(30));
        assert_eq!(
            p.text.x, 32,
            "one column of padding after the separator at 31"
        );
        assert_eq!(p.text.width, 68);
        assert_eq!(p.text.height, 28, "title and status take a row each");
        let narrow = panes(Rect::new(0, 0, 39, 30), WISH);
        assert!(narrow.outline.is_none());
        assert_eq!(narrow.text.width, 39);
        let none = panes(
            Rect::new(0, 0, 100, 30),
            OutlineWish {
                has_sections: false,
                ..WISH
            },
        );
        assert!(none.outline.is_none());
    }

    #[test]
    fn tiny_screens_lose_the_bars_first() {
        assert_eq!(panes(Rect::new(0, 0, 0, 0), WISH).text, Rect::default());
        let one = panes(Rect::new(0, 0, 80, 1), WISH);
        assert!(one.title.is_none() && one.status.is_none());
        assert_eq!(one.text.height, 1);
        let two = panes(Rect::new(0, 0, 80, 2), WISH);
        assert!(two.title.is_none() && two.status.is_some());
    }
}
