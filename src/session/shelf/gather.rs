//! The headings of the shelf's documents not opened yet, gathered in the background so that
//! `:*query` ranks the headings of every document of the shelf, not only those read so far.
//!
//! One thread (started after the first frame; the crate forbids `unsafe`, so it runs at the
//! ordinary priority, but it is one thread doing one document at a time, and the reader's
//! keys are handled on the loop's own thread) reads the documents one at a time, in shelf order: a plain UTF-8 text through the streaming outline
//! path `--outline` uses ([`load::load_outline`]: the file is read a block at a time and only
//! the paragraph table and short lines are kept), anything else (another encoding, Markdown,
//! Word, EPUB, ODF, HTML, PDF through their converters) loaded whole with the reader's own
//! loader ([`load::load_structured`]), then dropped before the next. So memory is the
//! headings gathered so far plus one document being read, never the shelf's text. The section
//! indices are the reader's own (the same loader, the same options), so a heading chosen in
//! `:*` is the section the document shows once opened. A document that cannot be read (binary,
//! deleted since the listing, a converter's failure) comes back as its one-line reason, which
//! the shelf shows with `✗`; nothing here panics on a bad file.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};

use crate::app::shelf::DocHeadings;
use crate::document::{Document, structure};
use crate::load::{self, LoadOptions, Source};

/// What the gatherer found for one document.
#[derive(Debug)]
pub enum Gathered {
    /// Its headings, and its title (its own, else its first heading's) if it has one.
    Headings(DocHeadings, Option<String>),
    /// It cannot be read: which document, and why on one line.
    Failed(usize, String),
}

/// How a document's headings were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// Streamed: the text was not held.
    Streamed,
    /// Loaded whole (and dropped).
    Whole,
}

/// Starts gathering the headings of `docs` (shelf index, path), in order, on a thread of low
/// priority; each document's result comes back on the channel as soon as it is read. The
/// thread ends when all are read or the receiver is dropped.
pub fn spawn(
    docs: Vec<(usize, PathBuf)>,
    opts: LoadOptions,
    structure: structure::Options,
) -> Receiver<Gathered> {
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("shelf-headings".into())
        .spawn(move || {
            for (i, path) in docs {
                let found = match gather(&path, opts, structure.clone()) {
                    Ok((doc, _)) => Gathered::Headings(headings_of(i, &doc), super::title_of(&doc)),
                    Err(why) => Gathered::Failed(i, why),
                };
                if tx.send(found).is_err() {
                    return; // the reader has quit
                }
            }
        });
    // no thread, no headings: the channel is closed and the shelf says it is done
    drop(spawned);
    rx
}

/// The document at `path` with its section tree, the text kept only if it had to be read
/// whole; or why it cannot be read.
pub fn gather(
    path: &Path,
    opts: LoadOptions,
    structure: structure::Options,
) -> Result<(Document, How), String> {
    let source = Source::Path(path.to_path_buf());
    // sizes are not shown for headings of a document not opened
    let opts = LoadOptions {
        skip_sizes: true,
        ..opts
    };
    let why = |e: load::LoadError| super::reason(&source, &e);
    if let Some((doc, _)) = load::load_outline(&source, opts, structure.clone()).map_err(why)? {
        return Ok((doc, How::Streamed));
    }
    let (doc, _) = load::load_structured(&source, opts, structure).map_err(why)?;
    Ok((doc, How::Whole))
}

/// The titles of `doc`'s sections, as document `i` of the shelf.
pub fn headings_of(i: usize, doc: &Document) -> DocHeadings {
    DocHeadings {
        doc: i,
        titles: (0..doc.sections.len())
            .map(|s| doc.section_title(s).to_owned())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    fn chapters(tag: &str, n: usize, body: usize) -> String {
        let mut s = format!("{tag}之书\n\n");
        for c in 1..=n {
            let _ = writeln!(s, "第{c}章 {tag}{c}\n");
            for p in 0..body {
                let _ = writeln!(
                    s,
                    "　　{tag}{c}章第{p}段，{}\n",
                    "正文在此，天色渐暗，雾从谷底慢慢升起，把远处的村庄遮得若隐若现。".repeat(4)
                );
            }
        }
        s
    }

    #[test]
    fn a_large_plain_text_is_streamed_without_holding_its_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        // about 12 MB: more than the streaming path's sample, so it decides to stream
        std::fs::write(&path, chapters("甲", 400, 100)).unwrap();
        let (doc, how) =
            gather(&path, LoadOptions::default(), structure::Options::default()).expect("read");
        assert_eq!(how, How::Streamed);
        // bounded: the document kept no text of its own, only the short lines
        assert!(doc.text.is_empty());
        let kept = doc
            .partial_text()
            .map_or(0, crate::document::partial::PartialText::kept);
        let size = std::fs::metadata(&path).unwrap().len() as usize;
        assert!(kept < size / 4, "kept {kept} of {size}");
        let h = headings_of(3, &doc);
        assert_eq!(h.doc, 3);
        assert_eq!(h.titles.len(), 400);
        assert_eq!(h.titles[399], "第400章 甲400");
        // the same sections as the reader's loader gives
        let source = Source::Path(path);
        let (whole, _) = load::load_structured(
            &source,
            LoadOptions::default(),
            structure::Options::default(),
        )
        .unwrap();
        assert_eq!(headings_of(3, &whole), h);
    }

    #[test]
    fn bad_files_are_skipped_with_their_reason_and_the_rest_gathered() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("a.txt"), chapters("甲", 3, 2)).unwrap();
        std::fs::write(d.join("b.txt"), b"text\0\0\0binary\0").unwrap();
        std::fs::create_dir(d.join("c.txt")).unwrap();
        std::fs::write(d.join("d.md"), "# 丁之书\n\n## 第一章 丁一\n\n正文。\n").unwrap();
        let docs = ["a.txt", "b.txt", "c.txt", "gone.txt", "d.md"]
            .iter()
            .enumerate()
            .map(|(i, n)| (i, d.join(n)))
            .collect();
        let rx = spawn(docs, LoadOptions::default(), structure::Options::default());
        let got: Vec<Gathered> = rx.iter().collect();
        assert_eq!(got.len(), 5, "{got:?}");
        let Gathered::Headings(a, title) = &got[0] else {
            panic!("{got:?}")
        };
        assert_eq!(a.doc, 0);
        assert_eq!(a.titles, ["第1章 甲1", "第2章 甲2", "第3章 甲3"]);
        assert_eq!(title.as_deref(), Some("甲之书"));
        let Gathered::Failed(1, why) = &got[1] else {
            panic!("{got:?}")
        };
        assert!(why.contains("binary"), "{why}");
        assert!(!why.contains("b.txt"), "the shelf names the file: {why}");
        // a directory by a document's name
        assert!(matches!(&got[2], Gathered::Failed(2, _)), "{got:?}");
        // deleted after the listing: a reason, no crash
        let Gathered::Failed(3, why) = &got[3] else {
            panic!("{got:?}")
        };
        assert!(!why.is_empty());
        let Gathered::Headings(d, _) = &got[4] else {
            panic!("{got:?}")
        };
        assert_eq!(d.doc, 4);
        assert_eq!(d.titles, ["丁之书", "第一章 丁一"]);
    }

    #[test]
    fn the_shelfs_load_options_are_the_gatherers() {
        // --encoding and --force reach every document, the gathered ones included
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        let (gbk, _, _) = encoding_rs::GBK.encode("第一章 总则\n\n正文。\n\n第二章 附则\n");
        let mut bytes = gbk.into_owned();
        bytes.extend_from_slice(b"\0");
        std::fs::write(&path, &bytes).unwrap();
        let structure = structure::Options::default;
        assert!(gather(&path, LoadOptions::default(), structure()).is_err());
        let opts = LoadOptions {
            force: true,
            encoding: Some(encoding_rs::GBK),
            ..LoadOptions::default()
        };
        let (doc, _) = gather(&path, opts, structure()).expect("forced");
        assert_eq!(headings_of(0, &doc).titles, ["第一章 总则", "第二章 附则"]);
    }

    #[test]
    fn the_thread_stops_when_the_reader_has_gone() {
        let dir = tempfile::tempdir().unwrap();
        let docs: Vec<(usize, PathBuf)> = (0..50)
            .map(|i| {
                let p = dir.path().join(format!("{i}.txt"));
                std::fs::write(&p, chapters("乙", 5, 3)).unwrap();
                (i, p)
            })
            .collect();
        let rx = spawn(docs, LoadOptions::default(), structure::Options::default());
        let first = rx.recv().expect("the first document");
        assert!(matches!(first, Gathered::Headings(..)));
        drop(rx);
        // nothing to assert but that dropping the receiver neither blocks nor panics
    }
}
