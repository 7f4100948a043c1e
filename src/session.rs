//! The reader's memory across runs, tied to the terminal loop's turning points: when a
//! document has loaded, resume where the reader left off (same bytes: the same offset and
//! folds; an edited file: the same section title) and bring back its marks; on exit, save the
//! position, folds and marks; a mark also as soon as it is set (on a thread of its own, as a
//! save may wait for a lock), so a reader killed later keeps it. Also `R` (reload). All file
//! I/O goes through [`StateStore`], which never fails the reader: problems become one notice. What it finds reaches the app as
//! [`Message`]s; the terminal loop calls it through [`Hooks`].

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

use crate::app::{App, Message, Resume, ResumedAt};
use crate::display::sanitize;
use crate::document::Document;
use crate::i18n::Msg;
use crate::load::{self, LoadErrorKind, LoadEvent, LoadOptions, Loader, Source};
use crate::pos::TextPos;
use crate::state::{self, DocKey, Mark, Marks, Position, StateStore};

pub mod shelf;

/// What the terminal loop asks of its caller at the reader's turning points (state files,
/// reloading): the effects [`Effect::Loaded`](crate::app::Effect::Loaded) and
/// [`Effect::Reload`](crate::app::Effect::Reload).
pub trait Hooks {
    /// The document finished loading (also after a reload).
    fn loaded(&mut self, _app: &mut App) {}
    /// `R`: read the file again; returns the new loader, or `None` (with a notice) if it cannot.
    fn reload(&mut self, _app: &mut App) -> Option<Receiver<LoadEvent>> {
        None
    }
    /// A rehearsal was stopped: save [`App::last_rehearsal`].
    fn rehearsed(&mut self, _app: &mut App) {}
    /// The section tree was corrected: save [`App::corrections`].
    fn corrected(&mut self, _app: &mut App) {}

    /// A mark was set: save the marks now, without keeping the reader waiting.
    fn marks_changed(&mut self, _app: &mut App) {}

    /// Highlights or notes changed: save [`App::notes`].
    fn notes_changed(&mut self, _app: &mut App) {}

    /// `E`: write the notes as Markdown next to the state, and say where.
    fn export_notes(&mut self, _app: &mut App) {}

    /// A turn of the loop: take in what the shell's own background work found (the shelf's
    /// titles); true when the app changed and a frame should be drawn.
    fn tick(&mut self, _app: &mut App) -> bool {
        false
    }

    /// True while the shell's background work may still find something for [`Hooks::tick`]:
    /// the loop then turns more often than an idle reader's.
    fn busy(&self) -> bool {
        false
    }

    /// Enter in the shelf picker: save this document's state as quitting does, and put the
    /// reader of document `to.doc` in `app`'s place (and its loader, if still running, in
    /// `rx`'s), showing `to.section` if any.
    fn switch(&mut self, _app: &mut App, _to: Switch, _rx: &mut Option<Receiver<LoadEvent>>) {}

    /// The `Alt-/` `*` list's query changed: search the shelf's other documents for
    /// [`App::shelf_request`] (or stop), sending what is found from [`Hooks::tick`].
    fn search_shelf(&mut self, _app: &mut App) {}

    /// Enter on another document's match in the `Alt-/` `*` list: switch to document `doc`
    /// and go to the match at `offset` there.
    fn switch_to_hit(
        &mut self,
        _app: &mut App,
        _doc: usize,
        _offset: usize,
        _rx: &mut Option<Receiver<LoadEvent>>,
    ) {
    }
}

/// Where [`Hooks::switch`] goes: a document of the shelf, and a section of it to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Switch {
    /// The document's index on the shelf.
    pub doc: usize,
    /// A section to show once switched.
    pub section: Option<usize>,
}

/// Applies a message whose effects are none of the shell's business (notices, resume).
fn tell(app: &mut App, msg: Message) {
    let effects = app.update(msg);
    debug_assert!(effects.is_empty(), "{effects:?}");
}

/// More folded sections than this are not saved (the default folds come back instead).
const MAX_SAVED_FOLDS: usize = 10_000;

/// Resume, marks and reload for one reader session.
pub struct Session {
    store: Option<StateStore>,
    /// The path shown and used to find an edited file's record.
    file_name: String,
    /// The file, when the document came from one (for `R`).
    path: Option<PathBuf>,
    opts: LoadOptions,
    /// Resume the position (off with `--no-resume` or `-s`).
    resume_position: bool,
    /// The loaded document's fingerprint, once known.
    key: Option<DocKey>,
    /// Saves marks as they are set, started with the first.
    mark_saver: Option<MarkSaver>,
    /// The mark saver's warnings, once it has finished.
    saver_warnings: Vec<String>,
    /// Notes changed before the document finished loading: saved once its key is known.
    notes_unsaved: bool,
}

/// Marks to save for one document.
struct MarksJob {
    key: DocKey,
    file_name: String,
    marks: Marks,
}

/// A thread that saves marks with a store of its own, so the reader never waits for a lock.
struct MarkSaver {
    jobs: Sender<MarksJob>,
    thread: JoinHandle<Vec<String>>,
}

impl MarkSaver {
    fn start(dir: PathBuf) -> Self {
        let (jobs, rx) = mpsc::channel::<MarksJob>();
        let thread = std::thread::spawn(move || {
            let mut store = StateStore::open(Some(dir));
            while let Ok(mut job) = rx.recv() {
                // marks set while a save waited: only the latest set matters
                while let Ok(later) = rx.try_recv() {
                    job = later;
                }
                store.save_marks(&job.key, &job.file_name, &job.marks);
            }
            store
                .take_warnings()
                .iter()
                .map(ToString::to_string)
                .collect()
        });
        Self { jobs, thread }
    }

    /// Waits for the saves asked for so far; returns the warnings.
    fn finish(self) -> Vec<String> {
        drop(self.jobs);
        self.thread.join().unwrap_or_default()
    }
}

/// The name a document's state is saved under besides its content key: its absolute path.
pub fn state_file_name(source: &Source) -> String {
    match source {
        Source::Path(p) => std::fs::canonicalize(p)
            .unwrap_or_else(|_| p.clone())
            .to_string_lossy()
            .into_owned(),
        Source::Stdin => "(stdin)".to_owned(),
        Source::Guide => "(guide)".to_owned(),
    }
}

impl Session {
    /// A session for `source`; `store` is `None` when nothing should be remembered.
    pub fn new(
        store: Option<StateStore>,
        source: &Source,
        opts: LoadOptions,
        resume_position: bool,
    ) -> Self {
        let file_name = state_file_name(source);
        let path = match source {
            Source::Path(p) => Some(p.clone()),
            Source::Stdin | Source::Guide => None,
        };
        Self {
            store,
            file_name,
            path,
            opts,
            resume_position,
            key: None,
            mark_saver: None,
            saver_warnings: Vec::new(),
            notes_unsaved: false,
        }
    }

    /// How its document is loaded (and reloaded).
    pub const fn load_options(&self) -> LoadOptions {
        self.opts
    }

    fn warn(&mut self, app: &mut App) {
        let Some(store) = self.store.as_mut() else {
            return;
        };
        if let Some(w) = store.take_warnings().first() {
            tell(
                app,
                Message::Complain(Msg::Warning(sanitize(&w.to_string()).into_owned())),
            );
        }
    }

    /// Saves where the reader is (called when the reader exits).
    pub fn save(&mut self, app: &mut App) {
        // the marks saved as they were set go first, so this save has the last word
        if let Some(saver) = self.mark_saver.take() {
            self.saver_warnings.extend(saver.finish());
        }
        let (Some(store), Some(key)) = (self.store.as_mut(), self.key) else {
            return;
        };
        let offset = app.anchor();
        let doc = app.doc();
        let mut folded = app.outline().folded_sections(doc);
        if folded.len() > MAX_SAVED_FOLDS {
            folded.clear();
        }
        let now = state::now_unix();
        let mut pos = Position::capture(
            doc,
            offset.byte(),
            folded,
            Vec::new(),
            self.file_name.clone(),
            now,
        );
        pos.percent = Some(app.frame().percent);
        store.save_position(&key, pos);
        let marks = marks_to_save(app, now);
        store.save_marks(&key, &self.file_name, &marks);
        store.save_history(app.histories());
    }

    /// The warnings to print after the terminal is restored.
    pub fn take_warnings(&mut self) -> Vec<String> {
        let mut warnings = std::mem::take(&mut self.saver_warnings);
        if let Some(s) = self.store.as_mut() {
            warnings.extend(s.take_warnings().iter().map(ToString::to_string));
        }
        warnings.dedup();
        warnings
    }
}

/// The reader's marks as state records, each with its section and an excerpt.
fn marks_to_save(app: &App, now: u64) -> Marks {
    let doc = app.doc();
    app.marks()
        .iter()
        .map(|(&c, &offset)| {
            let section = doc.section_at_paragraph(doc.paragraph_at(offset.byte()));
            let excerpt = doc.excerpt(offset.byte(), 20);
            let mark = Mark {
                offset: offset.byte() as u64,
                section_title: section.map(|s| doc.section_title(s).to_owned()),
                excerpt: excerpt.trim().to_owned(),
                updated: now,
            };
            (c, mark)
        })
        .collect()
}

impl Hooks for Session {
    fn marks_changed(&mut self, app: &mut App) {
        let (Some(store), Some(key)) = (self.store.as_ref(), self.key) else {
            return;
        };
        let Some(dir) = store.dir() else {
            return;
        };
        let saver = self
            .mark_saver
            .get_or_insert_with(|| MarkSaver::start(dir.to_path_buf()));
        let job = MarksJob {
            key,
            file_name: self.file_name.clone(),
            marks: marks_to_save(app, state::now_unix()),
        };
        // the thread ends only when `save` asks it to
        let _ = saver.jobs.send(job);
    }

    fn rehearsed(&mut self, app: &mut App) {
        let Some(mut rehearsal) = app.last_rehearsal().cloned() else {
            return;
        };
        let key = self
            .key
            .unwrap_or_else(|| DocKey::of(app.doc().text.as_bytes()));
        let Some(store) = self.store.as_mut() else {
            return;
        };
        rehearsal.date = state::now_unix();
        store.save_rehearsal(&key, &self.file_name, rehearsal);
        self.warn(app);
    }

    fn notes_changed(&mut self, app: &mut App) {
        // the key is the whole text's: a part still loading would file them under another
        let Some(key) = self.key else {
            self.notes_unsaved = true;
            return;
        };
        let Some(store) = self.store.as_mut() else {
            return;
        };
        store.save_notes(&key, &self.file_name, app.notes());
        self.warn(app);
    }

    fn export_notes(&mut self, app: &mut App) {
        let Some(dir) = self.store.as_ref().and_then(StateStore::dir) else {
            tell(
                app,
                Message::Complain(Msg::ExportFailed("no state directory".into())),
            );
            return;
        };
        let path = dir.join(export_name(self.path.as_deref()));
        let msg = match write_export(app, &path) {
            Ok(()) => Msg::NotesExported(sanitize(&path.to_string_lossy()).into_owned()),
            Err(e) => Msg::ExportFailed(sanitize(&e.to_string()).into_owned()),
        };
        match msg {
            Msg::NotesExported(_) => tell(app, Message::Say(msg)),
            _ => tell(app, Message::Complain(msg)),
        }
    }

    fn corrected(&mut self, app: &mut App) {
        let key = self
            .key
            .unwrap_or_else(|| DocKey::of(app.doc().text.as_bytes()));
        let Some(store) = self.store.as_mut() else {
            return;
        };
        store.save_corrections(&key, &self.file_name, app.corrections());
        self.warn(app);
    }

    fn loaded(&mut self, app: &mut App) {
        let Some(store) = self.store.as_mut() else {
            return;
        };
        let key = DocKey::of(app.doc().text.as_bytes());
        let first_load = self.key.is_none();
        self.key = Some(key);
        if !first_load {
            return; // a reload keeps the reader's own position
        }
        let history = store.load_history();
        tell(app, Message::History(history));
        // the corrected tree first: saved folds and positions refer to it
        let corrections = store.find_corrections(&key, &self.file_name);
        if !corrections.is_empty() {
            tell(app, Message::Corrections(corrections));
        }
        let (notes, same_notes) = store.find_notes(&key, &self.file_name);
        let found = !notes.is_empty();
        if found {
            tell(app, Message::Notes(notes));
        }
        // found again in an edited text, or made while it loaded: saved anchored to it
        if (found && !same_notes) || std::mem::take(&mut self.notes_unsaved) {
            store.save_notes(&key, &self.file_name, app.notes());
        }
        let doc = app.doc();
        let (marks, same_marks) = store.find_marks(&key, &self.file_name);
        let marks = marks
            .iter()
            .map(|(c, m)| (*c, TextPos::new(state::resolve_mark(m, doc, same_marks))))
            .collect();
        let mut resume = Resume {
            marks,
            position: None,
        };
        if self.resume_position
            && app.is_untouched()
            && let Some(found) = store.find_position(&key, &self.file_name)
        {
            let doc = app.doc();
            let offset = state::resolve_position(&found.position, doc, found.same_document);
            let (folded, _) = state::resolve_folds(&found.position, doc, found.same_document);
            resume.position = Some(ResumedAt {
                offset: TextPos::new(offset),
                folds: found.same_document.then_some(folded),
                section_title: found
                    .position
                    .section_title
                    .clone()
                    .filter(|_| !found.same_document),
            });
        }
        tell(app, Message::Resume(resume));
        self.warn(app);
    }

    fn reload(&mut self, app: &mut App) -> Option<Receiver<LoadEvent>> {
        reload(app, self.path.as_deref(), self.opts)
    }
}

/// The export's file name: `NAME.notes.md` for a file `NAME.txt`; `notes.md` without a file.
fn export_name(path: Option<&Path>) -> String {
    let stem = path
        .and_then(Path::file_stem)
        .map(|s| sanitize(&s.to_string_lossy()).replace(['/', '\\'], "_"))
        .filter(|s| !s.is_empty());
    stem.map_or_else(|| "notes.md".to_owned(), |s| format!("{s}.notes.md"))
}

/// Writes the app's notes as Markdown to `path`, whole or not at all (a temporary file renamed).
fn write_export(app: &App, path: &Path) -> std::io::Result<()> {
    let lang = app.lang();
    let orphans = Msg::Orphans.text(lang);
    let name = Path::new(app.name())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let words = crate::study::export::Words {
        name: &name,
        orphans: &orphans,
    };
    let mut text = Vec::new();
    crate::study::export::write_markdown(app.doc(), app.notes(), words, &mut text)?;
    let tmp = path.with_extension(format!("md.tmp-{}", std::process::id()));
    std::fs::write(&tmp, &text)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// `R`: reads the file again, keeping the position (by section title when the text moved).
fn reload(app: &mut App, path: Option<&Path>, opts: LoadOptions) -> Option<Receiver<LoadEvent>> {
    let Some(path) = path else {
        tell(app, Message::Complain(Msg::NotAFile));
        return None;
    };
    match Loader::reopen(path, opts) {
        Ok(loader) => {
            let mut doc = Document::new(loader.format());
            // the same rules and corrections; the file's own hints come with its first chunk
            doc.set_structure_options(crate::document::structure::Options {
                hints: crate::document::structure::Hints::default(),
                ..app.doc().structure_options().clone()
            });
            let total = loader.progress().1;
            tell(
                app,
                Message::Reload {
                    doc: Box::new(doc),
                    total,
                },
            );
            Some(load::spawn_loader(loader))
        }
        Err(e) if matches!(e.kind, LoadErrorKind::NotFound) => {
            tell(app, Message::Complain(Msg::FileDeleted));
            None
        }
        Err(e) => {
            tell(app, Message::Error(sanitize(&e.to_string()).into_owned()));
            None
        }
    }
}
