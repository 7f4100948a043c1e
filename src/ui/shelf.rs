//! The shelf picker's rows (`Ctrl-p`): one document a row — title (or file name), size on
//! disk, how far it was read and when — drawn by the overlay window ([`super::overlay`]).

use crate::app::App;
use crate::app::shelf::{EntryState, ShelfEntry, human_size};
use crate::display::{sanitize, str_width, truncate};
use crate::i18n::{Lang, Msg};

/// Columns of the title (or name) in a row.
const TITLE_WIDTH: usize = 32;

/// The shelf window's lines: its title, a blank line, one row per document.
pub fn shelf_lines(app: &App) -> Vec<String> {
    let lang = app.lang();
    let mut out = vec![Msg::ShelfTitle.text(lang), String::new()];
    let Some(shelf) = app.shelf() else {
        return out;
    };
    for (i, entry) in shelf.entries.iter().enumerate() {
        let current = i == shelf.current;
        // the document being read: its live percentage
        let percent = if current {
            Some(app.frame().percent)
        } else {
            entry.percent
        };
        out.push(row(app, entry, current, percent, shelf.now));
    }
    out
}

/// One document's row.
fn row(app: &App, entry: &ShelfEntry, current: bool, percent: Option<u8>, now: u64) -> String {
    let lang = app.lang();
    let amb = app.layout().options().ambiguous;
    let mark = if current { "▶" } else { " " };
    let name = match &entry.title {
        Some(title) if title != &entry.name => format!("{title} · {}", entry.name),
        _ => entry.name.clone(),
    };
    let name = truncate(&sanitize(&name), TITLE_WIDTH, amb);
    let pad = " ".repeat(TITLE_WIDTH.saturating_sub(str_width(&name, amb)));
    let size = entry.bytes.map(human_size).unwrap_or_default();
    let tail = match &entry.state {
        EntryState::Failed(why) => format!("✗ {}", sanitize(why)),
        EntryState::Listed | EntryState::Open => read_state(lang, percent, entry.last_read, now),
    };
    format!("{mark} {name}{pad}  {size:>7}  {tail}")
}

/// `37%  2 h ago`, or `unread`.
fn read_state(lang: Lang, percent: Option<u8>, last_read: Option<u64>, now: u64) -> String {
    match (percent, last_read) {
        (None, None) => Msg::Unread.text(lang),
        (p, at) => {
            let p = p.map_or_else(|| "   ".to_owned(), |p| format!("{p:>3}%"));
            let at = at.map_or_else(String::new, |at| {
                Msg::Ago(now.saturating_sub(at)).text(lang)
            });
            format!("{p}  {at}").trim_end().to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::read_state;
    use crate::i18n::Lang;

    #[test]
    fn reading_state_says_how_far_and_when() {
        assert_eq!(read_state(Lang::En, None, None, 100), "unread");
        assert_eq!(read_state(Lang::Zh, None, None, 100), "未读");
        assert_eq!(
            read_state(Lang::En, Some(37), Some(0), 7200),
            " 37%  2 h ago"
        );
        assert_eq!(read_state(Lang::Zh, Some(5), Some(100), 130), "  5%  刚刚");
        assert_eq!(read_state(Lang::En, Some(100), None, 0), "100%");
    }
}
