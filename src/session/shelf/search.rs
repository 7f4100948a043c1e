//! `Alt-/` `*query`: the matches in the shelf's other documents, for the results list.
//!
//! A parked reader's document is in memory: its text is searched there, a slice
//! ([`RESULT_STEP`]) per turn of the loop ([`TextSearch::step`]), so a key never waits on it.
//! The documents not opened are searched by one background thread ([`spawn`]), one document
//! at a time, in shelf order: a plain UTF-8 text is streamed — its outline read without its
//! text ([`load::load_outline`], for the breadcrumbs), then its text read again a block at a
//! time ([`load::reread`]) and searched block by block (the partial line at a block's end
//! goes with the next block), so memory is the outline plus one block; anything else (another
//! encoding, Markdown, Word, EPUB, ODF, HTML, PDF) is loaded whole with the reader's own
//! loader ([`load::load_structured`]), searched, and dropped before the next. The offsets are
//! the reader's own, so a match chosen in the list is where the document, once opened, shows
//! it. At most [`RESULT_LIMIT`] matches a document. A document that cannot be read (binary,
//! deleted since the listing, a converter's failure) is skipped. A new query stops the thread
//! (a flag it checks between blocks) and starts another.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};

use crate::app::results::{RESULT_LIMIT, RESULT_STEP};
use crate::app::shelf_results::{ShelfTextHit, crumb_of};
use crate::document::{Document, structure};
use crate::load::{self, LoadOptions, Source};
use crate::search::{Search, Syntax};
use crate::ui::results::context;

/// Matches sent back in batches of at most this many.
const BATCH: usize = 100;

/// The background searcher of the documents not in memory: stopped when dropped.
pub struct Searcher {
    rx: Receiver<Vec<ShelfTextHit>>,
    stop: Arc<AtomicBool>,
}

impl Drop for Searcher {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

impl Searcher {
    /// The matches found since the last call, and whether the searcher is done.
    pub fn take(&self) -> (Vec<ShelfTextHit>, bool) {
        let mut hits = Vec::new();
        loop {
            match self.rx.try_recv() {
                Ok(more) => hits.extend(more),
                Err(TryRecvError::Empty) => return (hits, false),
                Err(TryRecvError::Disconnected) => return (hits, true),
            }
        }
    }
}

/// Starts searching `docs` (shelf index, path), in order, for `query` on one thread; the
/// matches come back in batches as they are found.
pub fn spawn(
    docs: Vec<(usize, PathBuf)>,
    query: String,
    syntax: Syntax,
    opts: LoadOptions,
    structure: structure::Options,
) -> Searcher {
    let (tx, rx) = mpsc::channel();
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let spawned = std::thread::Builder::new()
        .name("shelf-search".into())
        .spawn(move || {
            let Ok(search) = Search::build(&query, syntax) else {
                return;
            };
            for (i, path) in docs {
                let mut batch = Vec::new();
                let mut gone = false;
                // a document that cannot be read is skipped
                let _ = search_file(&path, i, &search, opts, structure.clone(), &flag, |hit| {
                    batch.push(hit);
                    if batch.len() >= BATCH {
                        gone |= tx.send(std::mem::take(&mut batch)).is_err();
                    }
                    !gone
                });
                if gone || flag.load(Ordering::Relaxed) {
                    return;
                }
                if !batch.is_empty() && tx.send(batch).is_err() {
                    return;
                }
            }
        });
    // no thread, no matches: the channel is closed and the search is done
    drop(spawned);
    Searcher { rx, stop }
}

/// Searches the document at `path` (document `i` of the shelf) for `search`, handing each
/// match to `each` (which returns false to stop), at most [`RESULT_LIMIT`]; stops early when
/// `stop` is set. Returns how the text was read, or why it cannot be.
pub fn search_file(
    path: &Path,
    i: usize,
    search: &Search,
    opts: LoadOptions,
    structure: structure::Options,
    stop: &AtomicBool,
    mut each: impl FnMut(ShelfTextHit) -> bool,
) -> Result<super::gather::How, String> {
    let source = Source::Path(path.to_path_buf());
    let opts = LoadOptions {
        skip_sizes: true,
        ..opts
    };
    let why = |e: load::LoadError| super::reason(&source, &e);
    let mut count = 0;
    let mut hand = |hit: ShelfTextHit| {
        count += 1;
        each(hit) && count < RESULT_LIMIT
    };
    if let Some((doc, _)) = load::load_outline(&source, opts, structure.clone()).map_err(why)? {
        let mut buf = String::new();
        let mut base = 0;
        let mut going = true;
        load::reread(&source, opts, |block| {
            buf.push_str(block);
            // the whole lines: the rest goes with the next block
            let cut = buf.rfind('\n').map_or(0, |n| n + 1);
            let whole = buf.get(..cut).unwrap_or_default();
            going = search_block(&doc, i, search, whole, base, &mut hand)
                && !stop.load(Ordering::Relaxed);
            base += cut;
            buf.drain(..cut);
            going
        })
        .map_err(why)?;
        if going {
            search_block(&doc, i, search, &buf, base, &mut hand);
        }
        return Ok(super::gather::How::Streamed);
    }
    let (doc, _) = load::load_structured(&source, opts, structure).map_err(why)?;
    if !stop.load(Ordering::Relaxed) {
        search_block(&doc, i, search, &doc.text, 0, &mut hand);
    }
    Ok(super::gather::How::Whole)
}

/// Hands the matches in `text`, which starts at `base` in `doc`'s text, to `each` until it
/// returns false; false then.
fn search_block(
    doc: &Document,
    i: usize,
    search: &Search,
    text: &str,
    base: usize,
    each: &mut impl FnMut(ShelfTextHit) -> bool,
) -> bool {
    if text.is_empty() {
        return true;
    }
    for r in search.match_ranges_in(text, 0..text.len()) {
        let hit = ShelfTextHit {
            doc: i,
            offset: base + r.start,
            crumb: crumb_of(doc, base + r.start),
            line: context(text, r.start),
        };
        if !each(hit) {
            return false;
        }
    }
    true
}

/// The matches of `doc` (document `i`, in memory) starting in `from..` read up to
/// [`RESULT_STEP`] bytes, at most `room`; and where the next slice starts.
pub fn search_slice(
    doc: &Document,
    i: usize,
    search: &Search,
    from: usize,
    room: usize,
) -> (Vec<ShelfTextHit>, usize) {
    let text = doc.text.as_str();
    let mut to = (from + RESULT_STEP).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    let hits = search
        .match_ranges_in(text, from..to)
        .into_iter()
        .filter(|r| r.start >= from)
        .take(room)
        .map(|r| ShelfTextHit {
            doc: i,
            offset: r.start,
            crumb: crumb_of(doc, r.start),
            line: context(text, r.start),
        })
        .collect();
    (hits, to)
}

/// One query's search of the shelf's other documents.
pub struct TextSearch {
    /// The query (without the prefix), to send with the matches.
    pub query: String,
    search: Search,
    /// Documents in memory (parked readers): index, bytes searched, matches found.
    memory: Vec<(usize, usize, usize)>,
    /// The documents not in memory, searched in the background.
    files: Option<Searcher>,
}

impl TextSearch {
    /// Searches `memory` (indices of parked readers' documents) here and `files` in the
    /// background; `None` for an invalid query.
    pub fn start(
        query: &str,
        syntax: Syntax,
        memory: Vec<usize>,
        files: Vec<(usize, PathBuf)>,
        opts: LoadOptions,
        structure: structure::Options,
    ) -> Option<Self> {
        let search = Search::build(query, syntax).ok()?;
        Some(Self {
            query: query.to_owned(),
            search,
            memory: memory.into_iter().map(|i| (i, 0, 0)).collect(),
            files: Some(spawn(files, query.to_owned(), syntax, opts, structure)),
        })
    }

    /// A turn of the loop: a slice of the documents in memory (`doc_of` gives a document by
    /// index) and what the background found; and whether all is done.
    pub fn step<'a>(
        &mut self,
        doc_of: impl Fn(usize) -> Option<&'a Document>,
    ) -> (Vec<ShelfTextHit>, bool) {
        let mut hits = Vec::new();
        let mut memory_done = true;
        for (i, scanned, found) in &mut self.memory {
            let Some(doc) = doc_of(*i) else {
                continue;
            };
            if *scanned >= doc.text.len() || *found >= RESULT_LIMIT {
                continue;
            }
            let (more, to) = search_slice(doc, *i, &self.search, *scanned, RESULT_LIMIT - *found);
            *found += more.len();
            *scanned = to;
            hits.extend(more);
            memory_done = *scanned >= doc.text.len() || *found >= RESULT_LIMIT;
            // one slice a turn
            break;
        }
        let files_done = match &self.files {
            Some(files) => {
                let (more, done) = files.take();
                hits.extend(more);
                done
            }
            None => true,
        };
        if files_done {
            self.files = None;
        }
        let memory_done = memory_done
            && self.memory.iter().all(|&(i, scanned, found)| {
                doc_of(i).is_none_or(|d| scanned >= d.text.len() || found >= RESULT_LIMIT)
            });
        (hits, memory_done && files_done)
    }
}
