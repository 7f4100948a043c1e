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

use crate::app::results::RESULT_STEP;
use crate::app::shelf_results::{ShelfTextHit, crumb_of};
use crate::document::{Document, structure};
use crate::load::{self, LoadOptions, Source};
use crate::search::RESULT_LIMIT;
use crate::search::{Search, Syntax};
use crate::ui::results::context;

/// Matches sent back in batches of at most this many.
const BATCH: usize = 100;

/// A line longer than this is searched in pieces of this size (a match across a piece's end
/// is missed), so a text without line ends is not held whole.
const MAX_CARRY: usize = 16 << 20;

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
            let cut = match buf.rfind('\n') {
                Some(n) => n + 1,
                None if buf.len() > MAX_CARRY => buf.len(),
                None => 0,
            };
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    /// A text of `n` chapters of `body` paragraphs; the paragraphs whose number is in `marked`
    /// (counted over the whole text) say 青灯.
    fn chapters(tag: &str, n: usize, body: usize, marked: &[usize]) -> String {
        let mut s = format!("{tag}之书\n\n");
        let mut k = 0;
        for c in 1..=n {
            let _ = writeln!(s, "第{c}章 {tag}{c}\n");
            for p in 0..body {
                let lamp = if marked.contains(&k) {
                    "青灯"
                } else {
                    "灯火"
                };
                let _ = writeln!(
                    s,
                    "　　{tag}{c}章第{p}段，{lamp}，{}\n",
                    "天色渐暗，雾从谷底慢慢升起，把远处的村庄遮得若隐若现。".repeat(4)
                );
                k += 1;
            }
        }
        s
    }

    fn search(query: &str) -> Search {
        Search::build(query, Syntax::default()).unwrap()
    }

    fn find_in(
        path: &Path,
        query: &str,
    ) -> (Vec<ShelfTextHit>, Result<super::super::gather::How, String>) {
        let mut hits = Vec::new();
        let how = search_file(
            path,
            7,
            &search(query),
            LoadOptions::default(),
            structure::Options::default(),
            &AtomicBool::new(false),
            |h| {
                hits.push(h);
                true
            },
        );
        (hits, how)
    }

    #[test]
    fn a_large_plain_text_is_streamed_and_its_matches_are_where_the_reader_has_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        // about 12 MB: streamed; matches at the start, in the middle and at the very end
        let marked = [0, 17_000, 39_999];
        std::fs::write(&path, chapters("甲", 400, 100, &marked)).unwrap();
        let (hits, how) = find_in(&path, "青灯");
        assert_eq!(how, Ok(super::super::gather::How::Streamed));
        let (whole, _) = load::load_structured(
            &Source::Path(path),
            LoadOptions::default(),
            structure::Options::default(),
        )
        .unwrap();
        let want: Vec<usize> = whole.text.match_indices("青灯").map(|(i, _)| i).collect();
        assert_eq!(want.len(), 3);
        let got: Vec<usize> = hits.iter().map(|h| h.offset).collect();
        assert_eq!(got, want);
        assert!(hits.iter().all(|h| h.doc == 7));
        // each with its breadcrumb and its line, as the reader's own list shows them
        assert_eq!(hits[1].crumb, crumb_of(&whole, want[1]));
        assert_eq!(hits[1].crumb, "第171章");
        assert!(hits[2].line.contains("青灯"), "{:?}", hits[2]);
        assert_eq!(hits[2].line, context(&whole.text, want[2]));
    }

    #[test]
    fn at_most_a_thousand_matches_a_document() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("small.txt");
        let all: Vec<usize> = (0..3000).collect();
        std::fs::write(&small, chapters("乙", 30, 100, &all)).unwrap();
        let (hits, how) = find_in(&small, "青灯");
        assert!(how.is_ok());
        assert_eq!(hits.len(), RESULT_LIMIT);
        // the same cap when streamed
        let big = dir.path().join("big.txt");
        let all: Vec<usize> = (0..40_000).collect();
        std::fs::write(&big, chapters("乙", 400, 100, &all)).unwrap();
        let (hits, how) = find_in(&big, "青灯");
        assert_eq!(how, Ok(super::super::gather::How::Streamed));
        assert_eq!(hits.len(), RESULT_LIMIT);
    }

    #[test]
    fn other_formats_are_searched_through_the_loader() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.md");
        std::fs::write(&path, "# 丁之书\n\n## 第一章 丁一\n\n桥头一盏**青灯**。\n").unwrap();
        let (hits, how) = find_in(&path, "青灯");
        assert_eq!(how, Ok(super::super::gather::How::Whole));
        assert_eq!(hits.len(), 1);
        assert!(hits[0].line.contains("青灯"), "{:?}", hits[0]);
    }

    #[test]
    fn bad_files_are_skipped_and_the_rest_searched_in_the_background() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("a.txt"), chapters("甲", 3, 4, &[1, 5])).unwrap();
        std::fs::write(d.join("b.txt"), b"text\0\0\0binary\0").unwrap();
        std::fs::create_dir(d.join("c.txt")).unwrap();
        std::fs::write(d.join("e.txt"), chapters("戊", 2, 3, &[2])).unwrap();
        let docs = ["a.txt", "b.txt", "c.txt", "gone.txt", "e.txt"]
            .iter()
            .enumerate()
            .map(|(i, n)| (i, d.join(n)))
            .collect();
        let searcher = spawn(
            docs,
            "青灯".into(),
            Syntax::default(),
            LoadOptions::default(),
            structure::Options::default(),
        );
        let mut hits = Vec::new();
        loop {
            let (more, done) = searcher.take();
            hits.extend(more);
            if done {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let found: Vec<usize> = hits.iter().map(|h| h.doc).collect();
        assert_eq!(found, [0, 0, 4]);
        assert_eq!(hits[1].crumb, "第2章");
    }

    #[test]
    fn documents_in_memory_are_searched_a_slice_a_turn_with_the_files() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.txt");
        std::fs::write(&file, chapters("丙", 2, 3, &[4])).unwrap();
        // document 1 is in memory (a parked reader's), about 6 MB: two slices
        let text = chapters("乙", 200, 100, &[0, 19_999]);
        let parked = Document::parse(&text, crate::document::Format::Plain);
        let mut ts = TextSearch::start(
            "青灯",
            Syntax::default(),
            vec![1],
            vec![(2, file)],
            LoadOptions::default(),
            structure::Options::default(),
        )
        .unwrap();
        let doc_of = |i: usize| (i == 1).then_some(&parked);
        let (first, done) = ts.step(doc_of);
        assert!(
            !done,
            "one slice of the document in memory is not all of it"
        );
        assert!(
            first
                .iter()
                .any(|h| h.doc == 1 && h.offset == text.find("青灯").unwrap())
        );
        let mut hits = first;
        let mut turns = 1;
        loop {
            let (more, done) = ts.step(doc_of);
            hits.extend(more);
            turns += 1;
            if done {
                break;
            }
            assert!(turns < 10_000, "the search never ends");
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        let mut found: Vec<(usize, usize)> = hits.iter().map(|h| (h.doc, h.offset)).collect();
        found.sort_unstable();
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[1], (1, text.rfind("青灯").unwrap()));
        assert_eq!(found[2].0, 2);
        // an invalid pattern starts nothing
        let bad = TextSearch::start(
            "(",
            Syntax::default(),
            vec![],
            vec![],
            LoadOptions::default(),
            structure::Options::default(),
        );
        assert!(bad.is_none());
    }
}
