//! Word, EPUB, ODF, HTML and PDF sources: told apart by content ([`crate::formats::sniff`]),
//! read whole (their parts are compressed or their markup must be parsed as a tree), turned
//! into plain lines by [`crate::formats::extract`], and handed to the plain-text pipeline with
//! what the format said about the lines ([`Hints`]).

use std::io::Read;
use std::path::Path;

use crate::document::structure::Hints;
use crate::formats::{self, Extracted, FormatKind};

/// A container source turned into UTF-8 lines.
pub(super) struct Opened {
    /// The text, one paragraph per line.
    pub text: Vec<u8>,
    /// Heading marks, preformatted lines and navigation for the structure pass.
    pub hints: Hints,
    /// One-line warnings of the extraction.
    pub warnings: Vec<String>,
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

/// Reads the rest of the source after `head` and extracts it.
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
    let ex = formats::extract(&head, kind, path).map_err(|e| e.to_string())?;
    Ok(Some(opened(ex)))
}

fn opened(ex: Extracted) -> Opened {
    let hints = Hints {
        marked: ex.marked.iter().map(|m| (m.line, m.rank)).collect(),
        preformatted: ex.preformatted,
        nav: ex.nav.iter().map(|n| (n.line, n.depth)).collect(),
        pages: ex.pages,
    };
    Opened {
        text: ex.text.into_bytes(),
        hints,
        warnings: ex.warnings,
    }
}
