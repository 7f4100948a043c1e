//! The view: draws an [`App`] into a ratatui buffer. Pure: it reads the app (prepared by
//! [`App::prepare`]) and writes cells, nothing else.
//!
//! Geometry comes from one function, [`panes`], used both here and by the app (for the layout
//! width and for mouse hit-testing), so drawing and input always agree.

pub mod outline_pane;
pub mod overlay;
pub mod status;
pub mod text_pane;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::{App, OUTLINE_HIDE_BELOW, OUTLINE_MAX, OUTLINE_MIN};
pub use crate::config::Palette;

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

/// Splits the screen: title bar, outline | text, status line. The outline takes about 30% of
/// the width (16–50 columns, or the width the user chose) and hides below 40 columns.
pub fn panes(area: Rect, app: &App) -> Panes {
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
    let want_outline =
        app.outline_shown && area.width >= OUTLINE_HIDE_BELOW && !app.doc.sections.is_empty();
    if want_outline {
        let auto = (u32::from(area.width) * 3 / 10) as u16;
        let width = app
            .outline_width
            .unwrap_or(auto)
            .clamp(OUTLINE_MIN, OUTLINE_MAX)
            .min(area.width - 21);
        p.outline = Some(Rect { width, ..body });
        p.separator = Some(Rect {
            x: body.x + width,
            width: 1,
            ..body
        });
        p.text = Rect {
            x: body.x + width + 1,
            width: body.width - width - 1,
            ..body
        };
    } else {
        p.text = body;
    }
    p
}

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame<'_>) {
    let area = frame.area();
    draw(app, area, frame.buffer_mut());
}

/// Draws the whole screen into a buffer (used by tests and benchmarks too).
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let palette = &app.palette;
    let p = app.panes;
    if let Some(r) = p.title.filter(|r| r.intersects(area)) {
        status::title_bar(app, r, buf, palette);
    }
    if let Some(r) = p.outline {
        outline_pane::draw(app, r, buf, palette);
    }
    if let Some(r) = p.separator {
        for y in r.top()..r.bottom() {
            if let Some(cell) = buf.cell_mut((r.x, y)) {
                cell.set_symbol("│").set_style(palette.separator);
            }
        }
    }
    text_pane::draw(app, p.text, buf, palette);
    if let Some(r) = p.status {
        status::status_line(app, r, buf, palette);
    }
    overlay::draw(app, area, buf, palette);
}
