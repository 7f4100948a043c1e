//! Word, EPUB, ODF, HTML and PDF sources: told apart by content ([`crate::formats::sniff`]),
//! read whole (their parts are compressed or their markup must be parsed as a tree), turned
//! into plain lines by [`crate::formats::extract_streaming`] on a thread of their own, and
//! handed to the plain-text pipeline as a [`Read`]er of those lines ([`Converted`]), so the
//! first chapter of a large book shows while the rest is converted. What the format said about
//! the lines ([`Hints`]) is known at the end and joins the last chunk ([`Tail`]).

use std::io::{self, Read};
use std::path::Path;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;

use crate::document::structure::Hints;
use crate::formats::{self, Extracted, FormatKind, LineSink};

/// A container source being turned into UTF-8 lines.
pub(super) struct Opened {
    /// The text converted before the source was handed to the loader: the first few screens,
    /// or all of a small document.
    pub head: Vec<u8>,
    /// The rest of the text, as a converter thread makes it.
    pub rest: Converted,
    /// What the format said about the lines, known once the conversion ends.
    pub tail: TailSlot,
}

/// What a conversion knows only at its end: heading marks, preformatted lines, navigation and
/// pages for the structure pass, and its one-line warnings.
#[derive(Debug, Default)]
pub(super) struct Tail {
    pub hints: Hints,
    pub warnings: Vec<String>,
}

/// Where [`Converted`] leaves the [`Tail`] when the conversion ends.
pub(super) type TailSlot = Arc<Mutex<Option<Tail>>>;

/// Takes the tail out of `slot` once it is there.
pub(super) fn take_tail(slot: &TailSlot) -> Option<Tail> {
    slot.lock().unwrap_or_else(PoisonError::into_inner).take()
}

/// What the converter thread sends.
enum Piece {
    /// Whole lines, in order.
    Text(String),
    /// The end: the text not sent yet and the tail, or why the conversion failed.
    End(Result<(String, Tail), String>),
}

/// Pieces in flight between the converter and the loader (each up to
/// [`formats::NEXT_HANDOVER`] bytes): the converter waits when the loader lags.
const PIECES_IN_FLIGHT: usize = 4;

/// The converted text as a [`Read`]er, so the loader reads a book the way it reads a file: a
/// conversion error part way is a read error (one line, the loader names the source).
pub(super) struct Converted {
    rx: Receiver<Piece>,
    buf: Vec<u8>,
    pos: usize,
    ended: bool,
    tail: TailSlot,
}

impl Converted {
    /// Waits for the next piece and makes it the buffer; `Err` is the conversion's failure.
    fn receive(&mut self) -> Result<(), String> {
        self.pos = 0;
        self.buf = match self.rx.recv() {
            Ok(Piece::Text(text)) => text.into_bytes(),
            Ok(Piece::End(end)) => {
                self.ended = true;
                let (text, tail) = end?;
                *self.tail.lock().unwrap_or_else(PoisonError::into_inner) = Some(tail);
                text.into_bytes()
            }
            Err(_) => {
                self.ended = true;
                return Err("the conversion stopped unexpectedly".to_owned());
            }
        };
        Ok(())
    }
}

impl Read for Converted {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            if let Some(rest) = self.buf.get(self.pos..).filter(|r| !r.is_empty()) {
                let n = rest.len().min(out.len());
                out[..n].copy_from_slice(&rest[..n]);
                self.pos += n;
                return Ok(n);
            }
            if self.ended {
                return Ok(0);
            }
            self.receive().map_err(io::Error::other)?;
        }
    }
}

/// The container format of a source whose first bytes are `head`, if it is one: `forced` by
/// `--format`, else by content. An HTML-looking Markdown file (`<p align=center>` at its top)
/// stays Markdown.
pub(super) fn detect(head: &[u8], forced: Option<FormatKind>, markdown: bool) -> Option<Detected> {
    if let Some(kind) = forced {
        return Some(Detected::Kind(kind));
    }
    match formats::sniff(head) {
        Some(FormatKind::Html) if markdown => None,
        Some(kind) => Some(Detected::Kind(kind)),
        // a ZIP whose main part lies beyond the head: look at the whole archive
        None if head.starts_with(b"PK\x03\x04") => Some(Detected::Zip),
        None => None,
    }
}

/// What [`detect`] found.
#[derive(Debug, Clone, Copy)]
pub(super) enum Detected {
    /// A known format.
    Kind(FormatKind),
    /// A ZIP archive to be identified by its entries.
    Zip,
}

/// Reads the rest of the source after `head` and starts converting it on a thread of its own.
/// Returns once the first screens are converted (or the whole of a small document): an archive
/// that cannot be read at all fails here, before any text.
pub(super) fn open(
    detected: Detected,
    mut head: Vec<u8>,
    reader: &mut dyn Read,
    path: Option<&Path>,
) -> Result<Option<Opened>, String> {
    reader
        .read_to_end(&mut head)
        .map_err(|e| crate::display::sanitize(&e.to_string()).into_owned())?;
    let kind = match detected {
        Detected::Kind(kind) => kind,
        Detected::Zip => match formats::sniff_zip(&head) {
            Some(kind) => kind,
            None => return Ok(None),
        },
    };
    let (tx, rx) = mpsc::sync_channel(PIECES_IN_FLIGHT);
    let path = path.map(Path::to_path_buf);
    let lines = tx.clone();
    thread::Builder::new()
        .name("gangmu-convert".into())
        .spawn(move || {
            let sink: LineSink = Box::new(move |text| lines.send(Piece::Text(text)).is_ok());
            let end = formats::extract_streaming(&head, kind, path.as_deref(), sink)
                .map(split)
                .map_err(|e| e.to_string());
            let _ = tx.send(Piece::End(end));
        })
        .map_err(|e| format!("cannot start converting: {e}"))?;
    let mut rest = Converted {
        rx,
        buf: Vec::new(),
        pos: 0,
        ended: false,
        tail: TailSlot::default(),
    };
    rest.receive()?;
    let head = std::mem::take(&mut rest.buf);
    Ok(Some(Opened {
        head,
        tail: Arc::clone(&rest.tail),
        rest,
    }))
}

/// The end of an extraction: the text not handed over yet, and the tail.
fn split(ex: Extracted) -> (String, Tail) {
    let hints = Hints {
        marked: ex.marked.iter().map(|m| (m.line, m.rank)).collect(),
        preformatted: ex.preformatted,
        nav: ex.nav.iter().map(|n| (n.line, n.depth)).collect(),
        pages: ex.pages,
    };
    let tail = Tail {
        hints,
        warnings: ex.warnings,
    };
    (ex.text, tail)
}
