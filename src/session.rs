//! The reader's memory across runs, tied to the terminal loop's turning points: when a
//! document has loaded, resume where the reader left off (same bytes: the same offset and
//! folds; an edited file: the same section title) and bring back its marks; on exit, save the
//! position, folds and marks. Also `R` (reload). All file I/O goes through [`StateStore`],
//! which never fails the reader: problems become one notice.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;

use crate::app::{App, Progress};
use crate::display::sanitize;
use crate::document::Document;
use crate::i18n::Msg;
use crate::load::{LoadErrorKind, LoadOptions, Loader, Source};
use crate::state::{self, DocKey, Mark, Position, StateStore};
use crate::tui::{self, Hooks, LoadEvent};

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
}

impl Session {
    /// A session for `source`; `store` is `None` when nothing should be remembered.
    pub fn new(
        store: Option<StateStore>,
        source: &Source,
        opts: LoadOptions,
        resume_position: bool,
    ) -> Self {
        let (file_name, path) = match source {
            Source::Path(p) => {
                let abs = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
                (abs.to_string_lossy().into_owned(), Some(p.clone()))
            }
            Source::Stdin => ("(stdin)".to_owned(), None),
            Source::Guide => ("(guide)".to_owned(), None),
        };
        Self {
            store,
            file_name,
            path,
            opts,
            resume_position,
            key: None,
        }
    }

    fn warn(&mut self, app: &mut App) {
        let Some(store) = self.store.as_mut() else {
            return;
        };
        if let Some(w) = store.take_warnings().first() {
            app.note_error(Msg::Warning(sanitize(&w.to_string()).into_owned()).text(app.lang));
        }
    }

    /// Saves where the reader is (called when the reader exits).
    pub fn save(&mut self, app: &mut App) {
        let (Some(store), Some(key)) = (self.store.as_mut(), self.key) else {
            return;
        };
        let offset = app.anchor();
        let mut folded = app.outline.folded_sections(&app.doc);
        if folded.len() > MAX_SAVED_FOLDS {
            folded.clear();
        }
        let now = state::now_unix();
        let pos = Position::capture(
            &app.doc,
            offset,
            folded,
            Vec::new(),
            self.file_name.clone(),
            now,
        );
        store.save_position(&key, pos);
        let marks = app
            .marks
            .iter()
            .map(|(&c, &offset)| {
                let section = app.doc.section_at_paragraph(app.doc.paragraph_at(offset));
                let excerpt = app.doc.excerpt(offset, 20);
                let mark = Mark {
                    offset: offset as u64,
                    section_title: section.map(|s| app.doc.section_title(s).to_owned()),
                    excerpt: excerpt.trim().to_owned(),
                    updated: now,
                };
                (c, mark)
            })
            .collect();
        store.save_marks(&key, &self.file_name, &marks);
    }

    /// The warnings to print after the terminal is restored.
    pub fn take_warnings(&mut self) -> Vec<String> {
        self.store.as_mut().map_or_else(Vec::new, |s| {
            s.take_warnings().iter().map(ToString::to_string).collect()
        })
    }
}

impl Hooks for Session {
    fn loaded(&mut self, app: &mut App) {
        let Some(store) = self.store.as_mut() else {
            return;
        };
        let key = DocKey::of(app.doc.text.as_bytes());
        let first_load = self.key.is_none();
        self.key = Some(key);
        if !first_load {
            return; // a reload keeps the reader's own position
        }
        let (marks, same_marks) = store.find_marks(&key, &self.file_name);
        for (c, m) in &marks {
            let at = state::resolve_mark(m, &app.doc, same_marks);
            app.marks.insert(*c, at);
        }
        let untouched = app.anchor() == 0 && app.back.is_empty();
        if self.resume_position
            && untouched
            && let Some(found) = store.find_position(&key, &self.file_name)
        {
            let offset = state::resolve_position(&found.position, &app.doc, found.same_document);
            let (folded, _) = state::resolve_folds(&found.position, &app.doc, found.same_document);
            if found.same_document {
                app.outline.restore_folds(&app.doc, &folded);
            }
            if offset > 0 {
                app.viewport.set_anchor(&app.doc, &mut app.layout, offset);
                let msg = match (&found.position.section_title, found.same_document) {
                    (Some(t), false) => Msg::ResumedBySection(t.clone()),
                    _ => Msg::Resumed,
                };
                app.say(&msg);
            }
        }
        self.warn(app);
    }

    fn reload(&mut self, app: &mut App) -> Option<Receiver<LoadEvent>> {
        reload(app, self.path.as_deref(), self.opts)
    }
}

/// `R`: reads the file again, keeping the position (by section title when the text moved).
fn reload(app: &mut App, path: Option<&Path>, opts: LoadOptions) -> Option<Receiver<LoadEvent>> {
    let Some(path) = path else {
        app.complain(&Msg::NotAFile);
        return None;
    };
    match Loader::open(&Source::Path(path.to_path_buf()), opts) {
        Ok(loader) => {
            app.begin_reload(Document::new(loader.format()));
            app.loading = Some(Progress {
                read: 0,
                total: loader.progress().1,
            });
            Some(tui::spawn_loader(loader))
        }
        Err(e) if matches!(e.kind, LoadErrorKind::NotFound) => {
            app.note_error(Msg::FileDeleted.text(app.lang));
            None
        }
        Err(e) => {
            app.note_error(sanitize(&e.to_string()).into_owned());
            None
        }
    }
}
