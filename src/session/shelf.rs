//! A shelf of documents: `gangmu a.txt b.md c.docx` or `gangmu DIR/`.
//!
//! Listing: the paths given, in their order; a directory gives its documents (not its
//! subdirectories: the listing is not recursive) — regular files with a document extension
//! ([`DOCUMENT_EXTENSIONS`]), hidden files left out, sorted by name with numbers compared as
//! numbers (`2.txt` before `10.txt`). Listing stats each file and reads none, so a thousand
//! files list in milliseconds (`cargo bench --bench shelf`); how far each was read and when
//! come from one read of the saved positions ([`StateStore::latest_positions_by_name`]).
//!
//! Reading: one reader ([`App`]) per document, made when the document is first picked, its
//! text read by the ordinary loader thread ([`crate::load::spawn_loader`]) while the reader
//! shows what has arrived. [`Shelved`] is the [`Hooks`] of the terminal loop: it passes every
//! hook to the current document's [`Session`], and on a switch it saves the current document
//! as quitting does (position, folds, marks, history), parks its reader (and its loader, if
//! still running: the loader waits on its full channel) and puts the other in its place. A
//! document picked again comes back as it was left, in memory; one opened for the first time
//! resumes from the state files, as a single document does.
//!
//! Searching: the headings of the documents not opened yet are gathered in the background
//! ([`gather`]) and, with those of the parked readers, sent to the app as one shared list per
//! document ([`known`]), so `:*` ranks the headings of the whole shelf.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Receiver;

use super::{Hooks, Session, Switch, state_file_name, tell};
use crate::app::shelf::{DocHeadings, EntryState, Shelf, ShelfEntry, ShelfHeadings};
use crate::app::{App, AppOptions, Message};
use crate::display::sanitize;
use crate::document::Document;
use crate::document::structure;
use crate::i18n::Msg;
use crate::keymap::Keymap;
use crate::load::{self, LoadEvent, LoadOptions, Loader, Source};
use crate::state::{self, StateStore};

/// The extensions a directory's documents are recognised by (case ignored): the formats the
/// loader reads, plain text and Markdown included.
pub const DOCUMENT_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "mdown", "mkd", "mkdn", "docx", "epub", "html", "htm",
    "xhtml", "odt", "pdf",
];

/// One document listed: its path and its size on disk (when it could be stat'ed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// The path, as given or joined to its directory.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: Option<u64>,
}

/// The documents of the command line, or `None` for a single document that is no directory
/// (the ordinary reader). An error is one line: a directory that cannot be read, or nothing
/// to read at all.
pub fn list(first: Option<&Path>, more: &[PathBuf]) -> Result<Option<Vec<Listed>>, String> {
    let Some(first) = first else {
        return Ok(None);
    };
    if more.is_empty() && !first.is_dir() {
        return Ok(None);
    }
    let mut out = Vec::new();
    for path in std::iter::once(first).chain(more.iter().map(PathBuf::as_path)) {
        if path.is_dir() {
            out.extend(list_dir(path)?);
        } else {
            // a file given by name is listed whatever it is: opening it says what is wrong
            let bytes = std::fs::metadata(path).ok().map(|m| m.len());
            out.push(Listed {
                path: path.to_path_buf(),
                bytes,
            });
        }
    }
    if out.is_empty() {
        return Err(format!(
            "{}: no documents to read ({})",
            sanitize(&first.to_string_lossy()),
            DOCUMENT_EXTENSIONS.join(", ")
        ));
    }
    Ok(Some(out))
}

/// The documents directly in `dir`, sorted by name (numbers as numbers).
pub fn list_dir(dir: &Path) -> Result<Vec<Listed>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", sanitize(&dir.to_string_lossy())))?;
    let mut out: Vec<(String, Listed)> = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !is_document_name(&name) {
            continue;
        }
        let path = entry.path();
        // a symbolic link is followed: what counts is what it points to
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        let bytes = Some(meta.len());
        out.push((name, Listed { path, bytes }));
    }
    out.sort_by(|a, b| natural_cmp(&a.0, &b.0));
    Ok(out.into_iter().map(|(_, l)| l).collect())
}

/// True for a file name with one of the [`DOCUMENT_EXTENSIONS`].
pub fn is_document_name(name: &str) -> bool {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| {
            DOCUMENT_EXTENSIONS
                .iter()
                .any(|d| d.eq_ignore_ascii_case(e))
        })
}

/// Names compared with their runs of digits as numbers: `第2章` before `第10章`.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut a, mut b) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (a.peek().copied(), b.peek().copied()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let take = |it: &mut std::iter::Peekable<std::str::Chars<'_>>| {
                    let mut digits = String::new();
                    while let Some(c) = it.next_if(char::is_ascii_digit) {
                        digits.push(c);
                    }
                    digits
                };
                let (da, db) = (take(&mut a), take(&mut b));
                let (ta, tb) = (da.trim_start_matches('0'), db.trim_start_matches('0'));
                let order = ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb));
                if order.is_ne() {
                    return order;
                }
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(&y);
                }
                a.next();
                b.next();
            }
        }
    }
}

/// The first document of a shelf that could be read.
pub struct First {
    /// Its loader, the head read.
    pub loader: Loader,
    /// Its index in the listing.
    pub index: usize,
    /// The documents before it that could not be read, and why.
    pub failed: Vec<(usize, String)>,
}

/// Opens the first document of `listed` that can be read; an error when none can.
pub fn open_first(listed: &[Listed], opts: LoadOptions) -> Result<First, String> {
    let mut failed = Vec::new();
    for (i, l) in listed.iter().enumerate() {
        match Loader::open(&Source::Path(l.path.clone()), opts) {
            Ok(loader) => {
                return Ok(First {
                    loader,
                    index: i,
                    failed,
                });
            }
            Err(e) => failed.push((i, reason(&Source::Path(l.path.clone()), &e))),
        }
    }
    let first = failed
        .first()
        .map(|(_, why)| why.clone())
        .unwrap_or_default();
    Err(format!(
        "none of the {} documents can be read ({first})",
        listed.len()
    ))
}

/// Why `source` cannot be read, without its name (the shelf names it), on one line.
fn reason(source: &Source, e: &load::LoadError) -> String {
    let text = e.to_string();
    let name = format!("{}: ", source.display_name());
    sanitize(text.strip_prefix(&name).unwrap_or(&text)).into_owned()
}

/// The shelf's entries for `listed`: names and sizes, with how far each was read and when
/// from the saved positions (one read of the state file; none without a state directory).
pub fn entries(listed: &[Listed], store: Option<&mut StateStore>) -> Vec<ShelfEntry> {
    let saved = store.map(StateStore::latest_positions_by_name);
    listed
        .iter()
        .map(|l| {
            let name = l
                .path
                .file_name()
                .map_or_else(|| l.path.to_string_lossy(), |n| n.to_string_lossy());
            let mut entry = ShelfEntry::listed(sanitize(&name).into_owned(), l.bytes);
            if let Some(saved) = &saved
                && !saved.is_empty()
                && let Some(p) = saved.get(&state_file_name(&Source::Path(l.path.clone())))
            {
                entry.percent = p.percent;
                entry.last_read = Some(p.updated);
            }
            entry
        })
        .collect()
}

/// What a reader for another document of the shelf is made with: the settings the first one
/// was made with.
pub struct Opener {
    /// How to load.
    pub opts: LoadOptions,
    /// The reader's settings.
    pub app_opts: AppOptions,
    /// The keys.
    pub keymap: Keymap,
    /// The structure rules of the configuration.
    pub rules: Vec<structure::UserRule>,
    /// `--state-dir`.
    pub state_dir: Option<PathBuf>,
    /// Resume each document's position (off with `--no-resume`).
    pub resume_position: bool,
}

impl Opener {
    /// A reader for `path`, its loader started, and its session; or why it cannot be read.
    fn open(&self, path: &Path) -> Result<(App, Receiver<LoadEvent>, Session), String> {
        let source = Source::Path(path.to_path_buf());
        let loader = Loader::open(&source, self.opts).map_err(|e| reason(&source, &e))?;
        let mut doc = Document::new(loader.format());
        doc.set_structure_options(structure::Options {
            rules: self.rules.clone(),
            ..structure::Options::default()
        });
        let name = loader.name().to_owned();
        let mut app = App::new(doc, name, self.keymap.clone(), &self.app_opts);
        let total = loader.progress().1;
        tell(&mut app, Message::Loading { total });
        let store = StateStore::open(self.state_dir.clone());
        let session = Session::new(Some(store), &source, self.opts, self.resume_position);
        Ok((app, load::spawn_loader(loader), session))
    }
}

/// A reader put aside while another document is read, with its loader if still running.
struct Parked {
    app: App,
    rx: Option<Receiver<LoadEvent>>,
}

/// One document of the shelf.
struct Slot {
    path: PathBuf,
    entry: ShelfEntry,
    /// Its session, once opened.
    session: Option<Session>,
    /// Its reader, while another is read.
    parked: Option<Parked>,
    /// Its headings for `:*` while another is read (gathered in the background, or the
    /// parked reader's, copied once when it was left).
    headings: Option<Arc<DocHeadings>>,
    /// What the parked reader's headings were copied from: its sections, text length and
    /// corrections (left again unchanged, they are not copied again).
    headings_of: Option<(usize, usize, usize)>,
}

/// The terminal loop's hooks for a shelf: the current document's session, and switching.
pub struct Shelved {
    slots: Vec<Slot>,
    current: usize,
    opener: Opener,
    /// The headings of the documents other than the current one, for `:*` (each shared
    /// with its slot: a switch copies none but the document left, and that only if it
    /// changed).
    headings: ShelfHeadings,
    /// Titles of documents not opened yet, as the background reader finds them.
    titles: Option<Receiver<(usize, String)>>,
    /// The documents whose headings are to be gathered, until the first turn of the loop
    /// (after the first frame) starts the gatherer.
    to_gather: Option<Vec<(usize, PathBuf)>>,
    /// Headings of the documents not opened yet, as the background gatherer reads them.
    gatherer: Option<Receiver<gather::Gathered>>,
    /// Documents the gatherer has still to answer for.
    gathering: usize,
    /// The `Alt-/` `*` list's search of the other documents, while it runs.
    text_search: Option<search::TextSearch>,
    /// The last query of the `Alt-/` `*` list (a match picked in it is gone to with it).
    last_query: Option<(String, crate::search::Syntax)>,
}

impl Shelved {
    /// The shelf of `listed` with `entries` (see [`entries`]), reading document `current`
    /// with `session`; `failed` are the documents found unreadable already, with why. Tells
    /// `app` the shelf.
    pub fn new(
        listed: Vec<Listed>,
        entries: Vec<ShelfEntry>,
        current: usize,
        session: Session,
        opener: Opener,
        app: &mut App,
    ) -> Self {
        let mut session = Some(session);
        let unopened: Vec<(usize, PathBuf)> = listed
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != current)
            .map(|(i, l)| (i, l.path.clone()))
            .collect();
        let slots = listed
            .into_iter()
            .zip(entries)
            .enumerate()
            .map(|(i, (l, entry))| Slot {
                path: l.path,
                entry,
                session: if i == current { session.take() } else { None },
                parked: None,
                headings: None,
                headings_of: None,
            })
            .collect();
        let mut shelved = Self {
            slots,
            current,
            opener,
            headings: ShelfHeadings::default(),
            titles: Some(titles::spawn(unopened.clone())),
            gathering: unopened.len(),
            to_gather: Some(unopened),
            gatherer: None,
            text_search: None,
            last_query: None,
        };
        if let Some(slot) = shelved.slots.get_mut(current) {
            slot.entry.state = EntryState::Open;
            slot.entry.last_read = Some(state::now_unix());
        }
        shelved.show(app);
        shelved
    }

    /// Marks document `i` as unreadable, with why.
    pub fn failed(&mut self, i: usize, why: String) {
        if let Some(slot) = self.slots.get_mut(i) {
            slot.entry.state = EntryState::Failed(why);
        }
    }

    /// The documents found unreadable before the reader started (the gatherer need not try
    /// them again).
    pub fn skip_gathering(&mut self, failed: &[usize]) {
        if let Some(docs) = self.to_gather.as_mut() {
            docs.retain(|(i, _)| !failed.contains(i));
            self.gathering = docs.len();
        }
    }

    /// The shelf as the app shows it.
    fn view(&self) -> Shelf {
        Shelf {
            entries: self.slots.iter().map(|s| s.entry.clone()).collect(),
            current: self.current,
            now: state::now_unix(),
            headings: ShelfHeadings::clone(&self.headings),
            gathering: self.gathering,
        }
    }

    /// Tells `app` the shelf as it is now.
    pub fn show(&self, app: &mut App) {
        tell(app, Message::Shelf(self.view()));
    }

    fn session(&mut self) -> Option<&mut Session> {
        self.slots
            .get_mut(self.current)
            .and_then(|s| s.session.as_mut())
    }

    /// Saves the current document's state (called when the reader exits; the others were
    /// saved when they were left).
    pub fn save(&mut self, app: &mut App) {
        if let Some(s) = self.session() {
            s.save(app);
        }
    }

    /// Every session's warnings, to print after the terminal is restored.
    pub fn take_warnings(&mut self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for s in self.slots.iter_mut().filter_map(|s| s.session.as_mut()) {
            for w in s.take_warnings() {
                if !out.contains(&w) {
                    out.push(w);
                }
            }
        }
        out
    }
}

impl Shelved {
    /// A reader for document `to`, opened now; `None` (with a notice in `app`, and the entry
    /// marked) when it cannot be read.
    fn open_slot(&mut self, app: &mut App, to: usize) -> Option<Parked> {
        let path = self.slots.get(to)?.path.clone();
        match self.opener.open(&path) {
            Ok((new_app, rx, session)) => {
                if let Some(slot) = self.slots.get_mut(to) {
                    slot.session = Some(session);
                }
                Some(Parked {
                    app: new_app,
                    rx: Some(rx),
                })
            }
            Err(why) => {
                let name = self.slots.get(to).map(|s| s.entry.name.clone());
                self.failed(to, why.clone());
                let msg = Msg::CannotOpen(name.unwrap_or_default(), why);
                tell(app, Message::Complain(msg));
                self.show(app);
                None
            }
        }
    }
}

/// The title a loaded document shows on the shelf: its own, else its first heading's.
fn title_of(doc: &Document) -> Option<String> {
    doc.title_text()
        .or_else(|| (!doc.sections.is_empty()).then(|| doc.section_title(0)))
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
}

impl Hooks for Shelved {
    fn tick(&mut self, app: &mut App) -> bool {
        let changed = self.take_titles() | self.take_headings() | self.take_text_hits(app);
        if changed {
            self.show(app);
        }
        changed
    }

    fn busy(&self) -> bool {
        self.gatherer.is_some()
            || self.to_gather.is_some()
            || self.titles.is_some()
            || self.text_search.is_some()
    }

    fn loaded(&mut self, app: &mut App) {
        if let Some(s) = self.session() {
            s.loaded(app);
        }
        let title = title_of(app.doc());
        if let Some(slot) = self.slots.get_mut(self.current) {
            slot.entry.title = title;
        }
        self.show(app);
    }

    fn reload(&mut self, app: &mut App) -> Option<Receiver<LoadEvent>> {
        self.session().and_then(|s| s.reload(app))
    }

    fn rehearsed(&mut self, app: &mut App) {
        if let Some(s) = self.session() {
            s.rehearsed(app);
        }
    }

    fn corrected(&mut self, app: &mut App) {
        if let Some(s) = self.session() {
            s.corrected(app);
        }
    }

    fn marks_changed(&mut self, app: &mut App) {
        if let Some(s) = self.session() {
            s.marks_changed(app);
        }
    }

    fn notes_changed(&mut self, app: &mut App) {
        if let Some(s) = self.session() {
            s.notes_changed(app);
        }
    }

    fn export_notes(&mut self, app: &mut App) {
        if let Some(s) = self.session() {
            s.export_notes(app);
        }
    }

    fn switch(&mut self, app: &mut App, to: Switch, rx: &mut Option<Receiver<LoadEvent>>) {
        let Switch { doc: to, section } = to;
        if to == self.current || to >= self.slots.len() {
            return;
        }
        // the other document first: if it cannot be read, the reader stays where it is
        let parked = self.slots.get_mut(to).and_then(|s| s.parked.take());
        let Some(target) = parked.or_else(|| self.open_slot(app, to)) else {
            return;
        };
        // this document is saved as quitting saves it
        self.save(app);
        self.park_headings(self.current, app);
        let now = state::now_unix();
        let percent = app.frame().percent;
        let title = title_of(app.doc());
        if let Some(slot) = self.slots.get_mut(self.current) {
            slot.entry.percent = Some(percent);
            slot.entry.last_read = Some(now);
            if title.is_some() {
                slot.entry.title = title;
            }
            let old_app = std::mem::replace(app, target.app);
            let old_rx = std::mem::replace(rx, target.rx);
            slot.parked = Some(Parked {
                app: old_app,
                rx: old_rx,
            });
        }
        self.current = to;
        if let Some(slot) = self.slots.get_mut(to) {
            slot.entry.state = EntryState::Open;
            slot.entry.last_read = Some(now);
        }
        self.headings = self.known_headings();
        self.show(app);
        if let Some(section) = section {
            tell(app, Message::ShowSection(section));
        }
    }

    fn search_shelf(&mut self, app: &mut App) {
        self.start_text_search(app);
    }

    fn switch_to_hit(
        &mut self,
        app: &mut App,
        doc: usize,
        offset: usize,
        rx: &mut Option<Receiver<LoadEvent>>,
    ) {
        self.go_to_text_hit(app, doc, offset, rx);
    }
}

pub mod gather;
mod known;
pub mod search;
mod searching;
mod titles;

#[cfg(test)]
mod tests;
