//! The view: draws an [`App`] into a ratatui buffer. Pure: it reads the app (laid out for the
//! screen by [`Message::Resize`](crate::app::Message::Resize)) and writes cells, nothing else.
//!
//! Geometry comes from the app ([`App::panes`], computed by [`crate::app::panes`]), which also
//! uses it for the layout width and for mouse hit-testing, so drawing and input always agree.

pub mod breadcrumb;
mod list_window;
pub mod outline_pane;
pub mod overlay;
pub mod picker;
pub mod prompter;
pub mod results;
pub mod shelf;
pub mod status;
pub mod text_pane;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::App;
pub use crate::config::Palette;

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame<'_>) {
    let area = frame.area();
    draw(app, area, frame.buffer_mut());
}

/// Draws the whole screen into a buffer (used by tests and benchmarks too).
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let palette = app.palette();
    let p = app.panes();
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
    prompter::reading_line(app, p.text, buf, palette);
    if let Some(r) = p.status {
        status::status_line(app, r, buf, palette);
    }
    picker::draw(app, buf, palette);
    results::draw(app, buf, palette);
    overlay::draw(app, area, buf, palette);
}
