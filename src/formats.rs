//! Extraction of container and markup formats (Word, EPUB, ODF text, HTML, PDF) into the plain
//! line model the document engine reads.
//!
//! Self-contained: nothing here knows about the loader or the structure engine. The loader
//! calls [`sniff`] (or [`sniff_zip`] with the whole file) to learn the kind, [`extract`] to get an
//! [`Extracted`], then runs the plain-text engine over [`Extracted::text`] while honouring
//! [`Extracted::marked`] headings, [`Extracted::preformatted`] rows and [`Extracted::pages`].
//!
//! Choices that shape the text, in one place:
//! - one paragraph per line; each line ends with `'\n'`; no `'\r'`; trailing white space is
//!   trimmed; paragraphs that are empty after trimming are dropped (they carry no text);
//! - a line break inside a paragraph (Word `w:br`/`w:cr`, HTML `<br>`, ODF `text:line-break`)
//!   starts a new line: in Chinese documents a manual break nearly always separates
//!   paragraph-like units (a title and its date line, verse); a heading mark stays on the first
//!   line;
//! - tables become preformatted rows, cells padded to the column's display width (CJK counts 2)
//!   and joined with `" | "`;
//! - Word footnotes: the reference becomes `[N]` in the text and the note `[N] text` is added
//!   after the last paragraph of the section it belongs to (the section ends at the next
//!   format-marked heading or at the end of the document); endnotes come at the very end;
//! - images become `[图]` or `[图 alt]`.
//!
//! Safety: every archive goes through [`zip_limits`] (entry count, total and per-entry size,
//! compression ratio, truncation), every XML part through [`xml`] (depth cap, no entity
//! expansion), PDF through an external process with a timeout. Nothing is written to disk.
//!
//! Large files: [`extract_streaming`] hands the finished lines of a Word, EPUB or ODF file to a
//! [`LineSink`] while the rest is still being converted (the builder is append-only, so a line
//! once made never changes; the Word body is walked while it inflates, an EPUB chapter by
//! chapter), so a loader can show the first chapter of a 50 MB book at once;
//! HTML (parsed into a tree first) and PDF (an external program) come whole.

mod detect;
mod docx;
mod dom;
mod epub;
mod html;
mod markup;
mod numbering;
mod odt;
mod pdf;
mod styles;
mod xml;
mod zip_limits;

use std::path::Path;

use unicode_width::UnicodeWidthStr;

pub use detect::{FormatChoice, TextKind, parse_format, sniff, sniff_zip};
pub use epub::Extractor;

/// Container/markup formats told apart by content (not name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormatKind {
    /// Word 2007+ (`word/document.xml` in a ZIP).
    Docx,
    /// EPUB 2 or 3 (`META-INF/container.xml` + OPF, or the `application/epub+zip` mimetype).
    Epub,
    /// ODF text (`content.xml` + mimetype `application/vnd.oasis.opendocument.text`).
    Odt,
    /// HTML or XHTML by its markup.
    Html,
    /// PDF (`%PDF-`), read through the external `pdftotext`.
    Pdf,
}

impl FormatKind {
    /// The lowercase name used by `--format` and in messages.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Docx => "docx",
            Self::Epub => "epub",
            Self::Odt => "odt",
            Self::Html => "html",
            Self::Pdf => "pdf",
        }
    }
}

/// A heading the format itself marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkedHeading {
    /// 1-based line in [`Extracted::text`].
    pub line: u32,
    /// Rank: 1 = highest (`<h1>`, `Heading 1`, outline level 1).
    pub rank: u8,
}

/// One entry of an EPUB's own navigation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavEntry {
    /// 1-based line in [`Extracted::text`] where the entry's target starts.
    pub line: u32,
    /// Nesting depth, 1 = top.
    pub depth: u8,
    /// The title as the book gives it (white space collapsed).
    pub title: String,
}

/// A document turned into lines plus what the format says about them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// One paragraph per line, `'\n'`-separated (every line ends with `'\n'`), no `'\r'`, no
    /// trailing spaces on lines; preformatted rows (tables) one row per line.
    pub text: String,
    /// Headings the format itself marks (Word heading styles / outline levels, `<h1>`–`<h6>`,
    /// ODF `text:h` outline level). Sorted by line.
    pub marked: Vec<MarkedHeading>,
    /// An EPUB's own navigation (nav.xhtml or NCX), in order.
    pub nav: Vec<NavEntry>,
    /// Lines that are preformatted (table rows, code): shown verbatim, never headings. Sorted.
    pub preformatted: Vec<u32>,
    /// Page starts for PDF (1-based line of each page's first line), empty otherwise.
    pub pages: Vec<u32>,
    /// The document's title if the format states one (docx core title / `Title` style,
    /// `<title>`, OPF `dc:title`).
    pub title: Option<String>,
    /// One-line warnings (e.g. "archive truncated: read what could be").
    pub warnings: Vec<String>,
}

impl Extracted {
    /// Number of lines in [`Self::text`].
    pub fn line_count(&self) -> u32 {
        self.text.bytes().filter(|&b| b == b'\n').count() as u32
    }
}

/// Why a document could not be extracted. `Display` is one line; the caller prefixes the name.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FormatError {
    /// Not a ZIP archive, or so damaged that no entry could be read.
    #[error("not a readable {kind} file: {msg}")]
    BadArchive { kind: &'static str, msg: String },
    /// A required part is missing from the container.
    #[error("not a {kind} file: {part} is missing")]
    MissingPart { kind: &'static str, part: String },
    /// More entries than any real document has.
    #[error("archive has {count} entries (limit {max}): refused")]
    TooManyEntries { count: usize, max: usize },
    /// Unpacked size over the limit (a ZIP bomb or a huge document).
    #[error("archive unpacks to more than {max_mib} MiB: refused")]
    TooLarge { max_mib: u64 },
    /// An entry expands far more than real text does.
    #[error("archive entry {name} expands {ratio}× (limit {max}×): refused as a ZIP bomb")]
    Bomb { name: String, ratio: u64, max: u64 },
    /// An XML part is malformed.
    #[error("malformed XML in {part}: {msg}")]
    Xml { part: String, msg: String },
    /// An XML part nests deeper than any real document.
    #[error("XML in {part} nests deeper than {max} elements: refused")]
    TooDeep { part: String, max: usize },
    /// `pdftotext` is not installed.
    #[error(
        "reading PDF needs the pdftotext program: install poppler (`apt install poppler-utils`, `brew install poppler`)"
    )]
    PdfToolMissing,
    /// `pdftotext` failed (encrypted, damaged, not a PDF).
    #[error("cannot read this PDF: {0}")]
    Pdf(String),
    /// `pdftotext` ran longer than allowed.
    #[error("pdftotext did not finish within {0} seconds: gave up")]
    PdfTimeout(u64),
}

/// Extracts a document of a known kind. `path_for_pdf` lets `pdftotext` read the file itself
/// (otherwise the bytes are piped to it).
pub fn extract(
    bytes: &[u8],
    kind: FormatKind,
    path_for_pdf: Option<&Path>,
) -> Result<Extracted, FormatError> {
    extract_with(bytes, kind, path_for_pdf, Builder::default())
}

/// Receives finished lines (whole lines, each ending in `'\n'`) while a document is converted;
/// returns `false` when nobody wants more (the reader closed the document), which stops the
/// conversion early.
pub type LineSink = Box<dyn FnMut(String) -> bool + Send>;

/// Bytes of text made before the first hand-over to a [`LineSink`]: a few screens, so the
/// first one shows before the book is converted.
pub const FIRST_HANDOVER: usize = 32 << 10;
/// Bytes of text per later hand-over.
pub const NEXT_HANDOVER: usize = 1 << 20;

/// [`extract`], handing the text to `sink` as it is made (Word, EPUB, ODF; HTML and PDF come
/// whole at the end). The returned [`Extracted::text`] holds only what was not handed over
/// yet; every line number in it counts from the document's start. A conversion that `sink`
/// stopped returns what it had.
pub fn extract_streaming(
    bytes: &[u8],
    kind: FormatKind,
    path_for_pdf: Option<&Path>,
    sink: LineSink,
) -> Result<Extracted, FormatError> {
    let b = Builder {
        sink: Some(Handover {
            sink,
            at: FIRST_HANDOVER,
        }),
        ..Builder::default()
    };
    extract_with(bytes, kind, path_for_pdf, b)
}

fn extract_with(
    bytes: &[u8],
    kind: FormatKind,
    path_for_pdf: Option<&Path>,
    b: Builder,
) -> Result<Extracted, FormatError> {
    match kind {
        FormatKind::Docx => docx::extract(bytes, b),
        FormatKind::Epub => Extractor::with_builder(bytes, b)?.into_extracted(),
        FormatKind::Odt => odt::extract(bytes, b),
        FormatKind::Html => Ok(html::extract(bytes)),
        FormatKind::Pdf => pdf::extract(bytes, path_for_pdf),
    }
}

/// Where a streaming [`Builder`] hands its text, and at what length of text it next does.
struct Handover {
    sink: LineSink,
    at: usize,
}

/// Collects lines and their marks. Every format writes through this, so the invariants of
/// [`Extracted::text`] hold in one place. Append-only: a pushed line never changes, so a
/// streaming builder may hand lines over as soon as they are made.
#[derive(Default)]
pub(crate) struct Builder {
    out: Extracted,
    lines: u32,
    sink: Option<Handover>,
    /// The sink said it wants no more: the rest of the conversion is skipped.
    abandoned: bool,
}

impl std::fmt::Debug for Builder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Builder")
            .field("lines", &self.lines)
            .field("streaming", &self.sink.is_some())
            .finish_non_exhaustive()
    }
}

impl Builder {
    /// True when the sink wants no more: converters stop walking.
    pub(crate) const fn abandoned(&self) -> bool {
        self.abandoned
    }

    /// The line number the next pushed line gets.
    pub(crate) fn next_line(&self) -> u32 {
        self.lines + 1
    }

    /// Pushes a paragraph (it may hold `'\n'`: each part becomes a line). Returns the first
    /// line's number, or `None` when nothing visible was pushed.
    pub(crate) fn para(&mut self, text: &str, heading: Option<u8>) -> Option<u32> {
        let mut first = None;
        for part in text.split('\n') {
            let line = clean_line(part);
            if line.trim_start().is_empty() {
                continue;
            }
            let n = self.push_raw(&line);
            if first.is_none() {
                first = Some(n);
                if let Some(rank) = heading {
                    self.out.marked.push(MarkedHeading {
                        line: n,
                        rank: rank.clamp(1, 9),
                    });
                }
            }
        }
        first
    }

    /// Pushes one preformatted row (kept even when blank inside a table).
    pub(crate) fn pre(&mut self, row: &str) -> u32 {
        let n = self.push_raw(&clean_line(row));
        self.out.preformatted.push(n);
        n
    }

    /// Pushes aligned table rows (cells already single-line).
    pub(crate) fn table(&mut self, rows: &[Vec<String>]) {
        for row in align_table(rows) {
            self.pre(&row);
        }
    }

    fn push_raw(&mut self, line: &str) -> u32 {
        self.out.text.push_str(line);
        self.out.text.push('\n');
        self.lines += 1;
        if let Some(h) = &mut self.sink
            && self.out.text.len() >= h.at
        {
            h.at = NEXT_HANDOVER;
            let text = std::mem::take(&mut self.out.text);
            // once abandoned, lines are still counted (numbers stay right) but dropped
            if !self.abandoned && !(h.sink)(text) {
                self.abandoned = true;
            }
        }
        self.lines
    }

    pub(crate) fn warn(&mut self, w: impl Into<String>) {
        self.out.warnings.push(w.into());
    }

    pub(crate) fn set_title(&mut self, t: &str) {
        let t = collapse_ws(t);
        if self.out.title.is_none() && !t.is_empty() {
            self.out.title = Some(t);
        }
    }

    pub(crate) fn page(&mut self, line: u32) {
        self.out.pages.push(line);
    }

    pub(crate) fn nav(&mut self, entry: NavEntry) {
        self.out.nav.push(entry);
    }

    pub(crate) fn finish(mut self) -> Extracted {
        self.out.marked.sort_by_key(|m| m.line);
        self.out.marked.dedup_by_key(|m| m.line);
        self.out
    }
}

/// One output line: no `'\r'` or other line separators, no trailing white space.
fn clean_line(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| match c {
            '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => ' ',
            c => c,
        })
        .collect();
    s.trim_end().to_owned()
}

/// Collapses runs of ASCII white space and no-break spaces (markup layout, not text) into one
/// space, and trims all white space (U+3000 included) at both ends; an inner U+3000, as in
/// `第一编　总则`, is text and stays.
pub(crate) fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        if c.is_ascii_whitespace() || c == '\u{a0}' {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Pads every cell to its column's display width and joins cells with `" | "`.
fn align_table(rows: &[Vec<String>]) -> Vec<String> {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; cols];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.width());
        }
    }
    rows.iter()
        .map(|row| {
            let mut line = String::new();
            for (i, w) in widths.iter().enumerate() {
                let cell = row.get(i).map_or("", String::as_str);
                if i > 0 {
                    line.push_str(" | ");
                }
                line.push_str(cell);
                line.extend(std::iter::repeat_n(' ', w.saturating_sub(cell.width())));
            }
            line.trim_end().to_owned()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_keeps_the_line_invariants() {
        let mut b = Builder::default();
        assert_eq!(b.para("  \t ", Some(1)), None);
        assert_eq!(b.para("第一章 总则 \r", Some(1)), Some(1));
        assert_eq!(b.para("甲\n\n乙  ", None), Some(2));
        b.table(&[
            vec!["名称".into(), "x".into()],
            vec!["ab".into(), "数量".into()],
        ]);
        let e = b.finish();
        assert_eq!(e.text, "第一章 总则\n甲\n乙\n名称 | x\nab   | 数量\n");
        assert_eq!(e.marked, vec![MarkedHeading { line: 1, rank: 1 }]);
        assert_eq!(e.preformatted, vec![4, 5]);
        assert_eq!(e.line_count(), 5);
    }
}
