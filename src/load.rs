//! Input → [`Document`], in chunks: open the source, sniff the encoding, then decode and parse
//! one piece at a time so the reader can start before the end of a large file is read.
//!
//! [`Loader::next_chunk`] returns final [`Chunk`]s; [`load`] runs it to the end for the
//! non-interactive modes, and [`spawn_loader`] runs it on a background thread for the reader,
//! sending [`LoadEvent`]s. Errors name the path in one line ([`LoadError`]). Inputs are
//! bounded: character devices are refused and at most [`MAX_INPUT_BYTES`] are read.

mod container;
mod stream;

pub use stream::{load_outline, reread};

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::thread;

use encoding_rs::Encoding;

use crate::decode::{self, DecodeError, StreamDecoder};
use crate::display::sanitize;
use crate::document::{
    Chunk, Document, Format, markdown, plain::PlainParser, reflow::Reflow, structure,
};

/// The built-in guide, shown by `gangmu` without a file on a terminal.
pub const GUIDE: &str = include_str!("../docs/guide.txt");

/// Inputs are cut off after this many bytes (a reader for documents, not for disks).
pub const MAX_INPUT_BYTES: u64 = 2 << 30;
/// Bytes read per chunk after the first.
pub const CHUNK_BYTES: usize = 1 << 20;
/// Most text the reader's parser holds back for lines that may join the next chunk's.
const MAX_HELD_BYTES: usize = 16 << 20;

/// Where the text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file path.
    Path(PathBuf),
    /// Standard input.
    Stdin,
    /// The built-in guide ([`GUIDE`]).
    Guide,
}

impl Source {
    /// The name to show for this source.
    pub fn display_name(&self) -> String {
        match self {
            Self::Path(p) => sanitize(&p.to_string_lossy()).into_owned(),
            Self::Stdin => "(stdin)".to_owned(),
            Self::Guide => "gangmu guide".to_owned(),
        }
    }
}

/// How to load.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Decode with this encoding instead of detecting one.
    pub encoding: Option<&'static Encoding>,
    /// Read binary-looking input anyway.
    pub force: bool,
    /// Parse as this format; `None` chooses by file extension.
    pub format: Option<Format>,
    /// Skip counting 字数 (`--outline` without sizes prints none): paragraphs keep 0.
    pub skip_sizes: bool,
    /// Read the source as this container or markup format (`--format docx` …) instead of
    /// telling it by content.
    pub container: Option<crate::formats::FormatKind>,
    /// Whether hard-wrapped plain-text lines are joined into paragraphs.
    pub reflow: Reflow,
    /// Show a Markdown source as it stands (`--raw`) instead of rendering it.
    pub raw: bool,
    /// How wide ambiguous characters are drawn: rendered Markdown's tables are aligned for it.
    pub ambiguous: crate::display::AmbiguousWidth,
}

/// Why a document could not be opened.
#[derive(Debug, thiserror::Error)]
#[error("{name}: {kind}")]
pub struct LoadError {
    /// The source's name as shown to the user.
    pub name: String,
    /// What went wrong.
    pub kind: LoadErrorKind,
}

/// The kinds of [`LoadError`].
#[derive(Debug, thiserror::Error)]
pub enum LoadErrorKind {
    /// No such file.
    #[error("no such file")]
    NotFound,
    /// The path is a directory.
    #[error("is a directory, not a document")]
    Directory,
    /// Not allowed to read it.
    #[error("permission denied")]
    PermissionDenied,
    /// A device or socket, not a document.
    #[error("not a regular file (a device or socket)")]
    NotAFile,
    /// `R`: the path is no longer a regular file (a FIFO, device or socket), so it is not read:
    /// a FIFO would wait for a writer and a device may never end.
    #[error("not reloaded: no longer a regular file (a FIFO, device or socket)")]
    NotReloadable,
    /// NUL bytes in the first 64 KiB.
    #[error("{}", DecodeError::Binary)]
    Binary,
    /// Any other I/O error.
    #[error("{}", sanitize(&.0.to_string()))]
    Io(io::Error),
    /// A Word, EPUB, ODF, HTML or PDF file that could not be read (the reason, one line).
    #[error("{0}")]
    Format(String),
}

impl LoadError {
    fn io(name: &str, e: io::Error) -> Self {
        let kind = match e.kind() {
            io::ErrorKind::NotFound => LoadErrorKind::NotFound,
            io::ErrorKind::PermissionDenied => LoadErrorKind::PermissionDenied,
            io::ErrorKind::IsADirectory => LoadErrorKind::Directory,
            _ => LoadErrorKind::Io(e),
        };
        Self {
            name: name.to_owned(),
            kind,
        }
    }
}

enum Parser {
    Plain(Box<PlainParser>),
    /// Markdown is parsed whole: the text is collected until the end.
    Markdown(String),
    /// Rendered Markdown coming from its rendering thread, a chunk at a time (the reader shows
    /// the first screens while the rest is rendered); `None` says the rendering is complete.
    Rendering(Receiver<Option<Chunk>>),
}

/// How a Markdown text is shown: its source, or rendered (tables aligned for this width of
/// ambiguous characters).
#[derive(Debug, Clone, Copy)]
enum MarkdownView {
    Source,
    Rendered(crate::display::AmbiguousWidth),
}

impl MarkdownView {
    const fn of(opts: &LoadOptions) -> Self {
        if opts.raw {
            Self::Source
        } else {
            Self::Rendered(opts.ambiguous)
        }
    }

    /// Starts parsing a whole Markdown text: the source view at once (one chunk), the
    /// rendering on a thread of its own that hands out chunks as it goes.
    fn start(self, text: String) -> Result<Chunk, Receiver<Option<Chunk>>> {
        let Self::Rendered(amb) = self else {
            return Ok(self.parse(text));
        };
        let (tx, rx) = mpsc::sync_channel(4);
        let text = std::sync::Arc::new(text);
        let source = std::sync::Arc::clone(&text);
        let spawned = thread::Builder::new()
            .name("gangmu-render".into())
            .spawn(move || {
                markdown::render::render_in_pieces(
                    &source,
                    amb,
                    markdown::render::FIRST_PIECE,
                    CHUNK_BYTES,
                    &mut |chunk| tx.send(Some(chunk)).is_ok(),
                );
                let _ = tx.send(None);
            });
        match spawned {
            Ok(_) => Err(rx),
            // no thread to be had: render here, whole
            Err(_) => Ok(markdown::render::render(&text, amb)),
        }
    }

    /// The chunk of a whole Markdown text.
    fn parse(self, text: String) -> Chunk {
        match self {
            Self::Source => markdown::parse(text),
            Self::Rendered(amb) => markdown::render::render(&text, amb),
        }
    }
}

/// Reads, decodes and parses a source chunk by chunk.
pub struct Loader {
    name: String,
    reader: Box<dyn Read + Send>,
    decoder: StreamDecoder,
    /// Bytes read to sniff the encoding, not yet decoded.
    head: Option<Vec<u8>>,
    /// The read buffer, used again for every chunk: the decoder copies out of it, so one
    /// buffer serves the whole load instead of a fresh one per chunk.
    block: Vec<u8>,
    parser: Parser,
    format: Format,
    read_total: u64,
    /// Size of the source when known (for progress).
    size_hint: Option<u64>,
    finished: bool,
    truncated: bool,
    /// Length of the byte-order mark at the start.
    bom_len: usize,
    /// Bytes of text returned so far (where the next chunk's text starts in the document).
    emitted: usize,
    /// What a container format said about the lines, sent with the last chunk.
    hints: Option<structure::Hints>,
    /// Warnings of a container format's extraction.
    warnings: Vec<String>,
    /// Where a container's conversion leaves its hints and warnings when it ends.
    tail: Option<container::TailSlot>,
    /// Whether hard-wrapped lines are joined (never for text a container format laid out).
    reflow: Reflow,
    /// Markdown: source or rendered.
    markdown: MarkdownView,
}

impl fmt::Debug for Loader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Loader")
            .field("name", &self.name)
            .field("format", &self.format)
            .finish_non_exhaustive()
    }
}

/// The format for a path: Markdown by extension, plain text otherwise.
pub fn format_for_path(path: &Path) -> Format {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("md" | "markdown" | "mdown" | "mkd" | "mkdn") => Format::Markdown,
        _ => Format::Plain,
    }
}

impl Loader {
    /// Opens `source`, reads enough to choose the encoding, and refuses binary data.
    pub fn open(source: &Source, opts: LoadOptions) -> Result<Self, LoadError> {
        Self::open_with(source, opts, false)
    }

    /// Opens `path` again for `R`: only a regular file, and without ever waiting (whatever the
    /// path has become, the reader stays responsive).
    pub fn reopen(path: &Path, opts: LoadOptions) -> Result<Self, LoadError> {
        Self::open_with(&Source::Path(path.to_path_buf()), opts, true)
    }

    fn open_with(
        source: &Source,
        opts: LoadOptions,
        regular_only: bool,
    ) -> Result<Self, LoadError> {
        let name = source.display_name();
        let (reader, size_hint, format): OpenSource = match source {
            Source::Path(path) => open_path(path, &name, opts, regular_only)?,
            Source::Guide => (
                Box::new(io::Cursor::new(GUIDE.as_bytes())),
                Some(GUIDE.len() as u64),
                Format::Plain,
            ),
            Source::Stdin => (
                Box::new(io::stdin()),
                None,
                opts.format.unwrap_or(Format::Plain),
            ),
        };
        let mut reader = reader.take(MAX_INPUT_BYTES);
        let (head, complete) = decode::read_head(&mut reader, opts.encoding.is_some())
            .map_err(|e| LoadError::io(&name, e))?;
        let path = match source {
            Source::Path(p) => Some(p.as_path()),
            _ => None,
        };
        let mut format = format;
        // `--format plain` or `markdown` reads the bytes as text whatever they look like
        let sniffing = opts.format.is_none() || opts.container.is_some();
        let detected = if sniffing {
            container::detect(&head, opts.container, format == Format::Markdown)
        } else {
            None
        };
        let (head, complete, tail, reader): (_, _, _, Box<dyn Read + Send>) = match detected {
            Some(detected) => {
                let opened = open_container(&name, detected, head, &mut reader, path)?;
                format = Format::Plain;
                (opened.head, true, Some(opened.tail), Box::new(opened.rest))
            }
            None => (head, complete, None, Box::new(reader)),
        };
        let converted = tail.is_some();
        let forced = if converted {
            Some(encoding_rs::UTF_8)
        } else {
            opts.encoding
        };
        let sniffed =
            decode::sniff(&head, forced, opts.force || converted, complete).map_err(|_| {
                LoadError {
                    name: name.clone(),
                    kind: LoadErrorKind::Binary,
                }
            })?;
        // text extracted from a container has its paragraphs already; it is never hard-wrapped
        let reflow = if converted {
            Reflow::Never
        } else {
            opts.reflow
        };
        // the converted text's length is not the file's: progress counts bytes, total unknown
        let size_hint = if converted { None } else { size_hint };
        let parser = match format {
            // lines that may still join the next chunk's are held, so the reader's paragraphs
            // are those of a whole-file parse (`--print`, `--outline`)
            Format::Plain => Parser::Plain(Box::new(PlainParser::streaming(reflow))),
            Format::Markdown => Parser::Markdown(String::new()),
        };
        Ok(Self {
            name,
            reader,
            hints: None,
            warnings: Vec::new(),
            tail,
            decoder: StreamDecoder::new(sniffed.encoding),
            read_total: head.len() as u64,
            head: Some(head),
            block: Vec::new(),
            parser,
            format,
            size_hint,
            finished: false,
            truncated: false,
            bom_len: sniffed.bom_len,
            emitted: 0,
            reflow,
            markdown: MarkdownView::of(&opts),
        })
    }

    /// The source's display name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The format being parsed.
    pub const fn format(&self) -> Format {
        self.format
    }

    /// The encoding chosen.
    pub fn encoding(&self) -> &'static Encoding {
        self.decoder.encoding()
    }

    /// True once an invalid byte sequence was replaced by U+FFFD.
    pub const fn had_decode_errors(&self) -> bool {
        self.decoder.had_errors()
    }

    /// True when the input was cut off at [`MAX_INPUT_BYTES`].
    pub const fn was_truncated(&self) -> bool {
        self.truncated
    }

    /// `(bytes read, total size if known)`.
    pub const fn progress(&self) -> (u64, Option<u64>) {
        (self.read_total, self.size_hint)
    }

    /// True after the last chunk was returned.
    pub const fn is_finished(&self) -> bool {
        self.finished
    }

    /// True when the text is converted from a Word, EPUB, ODF, HTML or PDF file (its hints come
    /// with the last chunk).
    pub(crate) const fn is_converted(&self) -> bool {
        self.tail.is_some()
    }

    /// Takes a container conversion's hints and warnings once it has ended.
    fn collect_tail(&mut self) {
        if let Some(tail) = self.tail.as_ref().and_then(container::take_tail) {
            self.hints = Some(tail.hints);
            self.warnings = tail.warnings;
        }
    }

    /// Reads up to `max_bytes` more and returns what became final, or `None` at the end.
    pub fn next_chunk(&mut self, max_bytes: usize) -> io::Result<Option<Chunk>> {
        if self.finished {
            return Ok(None);
        }
        if let Parser::Rendering(rendering) = &self.parser {
            let mut chunk = match rendering.recv() {
                Ok(Some(chunk)) => chunk,
                Ok(None) => {
                    self.finished = true;
                    return Ok(None);
                }
                // the thread ended without saying it was done: never a silently cut document
                Err(_) => {
                    self.finished = true;
                    return Err(io::Error::other(
                        "rendering the Markdown stopped unexpectedly",
                    ));
                }
            };
            chunk.count_chars(self.emitted);
            self.emitted += chunk.text.len();
            return Ok(Some(chunk));
        }
        if let Some(head) = self.head.take() {
            self.block = head;
        } else {
            self.block.clear();
            self.block.reserve(max_bytes);
            match (&mut self.reader)
                .take(max_bytes as u64)
                .read_to_end(&mut self.block)
            {
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
            self.read_total += self.block.len() as u64;
        }
        let last = self.block.is_empty();
        if last && self.read_total >= MAX_INPUT_BYTES {
            self.truncated = true;
        }
        if last {
            self.collect_tail();
        }
        let text = self.decoder.push(&self.block, last);
        let mut chunk = match &mut self.parser {
            Parser::Plain(p) => {
                let chunk = p.feed(text, last);
                if p.held_bytes() > MAX_HELD_BYTES {
                    // a text with nowhere reflow could not join across: show it rather than
                    // hold it (paragraphs straddling later chunks stay split there)
                    p.stop_holding();
                }
                chunk
            }
            Parser::Markdown(all) => {
                all.push_str(&text);
                if last {
                    match self.markdown.start(std::mem::take(all)) {
                        Ok(chunk) => chunk,
                        Err(rendering) => {
                            // the rendering's chunks follow, then the end
                            self.parser = Parser::Rendering(rendering);
                            return Ok(Some(Chunk::default()));
                        }
                    }
                } else {
                    Chunk::default()
                }
            }
            // handled above
            Parser::Rendering(_) => Chunk::default(),
        };
        chunk.hints = chunk.hints.take().or_else(|| self.hints.take());
        // count here, on the loader's thread, not in `Document::extend` on the UI thread
        chunk.count_chars(self.emitted);
        self.emitted += chunk.text.len();
        if last {
            self.finished = true;
        }
        Ok(Some(chunk))
    }
}

/// Reads and extracts a container source, with errors that name it.
fn open_container(
    name: &str,
    detected: container::Detected,
    head: Vec<u8>,
    reader: &mut dyn Read,
    path: Option<&Path>,
) -> Result<container::Opened, LoadError> {
    let kind = match container::open(detected, head, reader, path) {
        Ok(Some(opened)) => return Ok(opened),
        // a ZIP archive that is no document we know
        Ok(None) => LoadErrorKind::Binary,
        Err(why) => LoadErrorKind::Format(why),
    };
    Err(LoadError {
        name: name.to_owned(),
        kind,
    })
}

/// What a source is read from: the reader, its size when known, and its format.
type OpenSource = (Box<dyn Read + Send>, Option<u64>, Format);

/// The open file of a path source. With `regular_only` (for `R`) only a regular file is opened,
/// without ever waiting.
fn open_path(
    path: &Path,
    name: &str,
    opts: LoadOptions,
    regular_only: bool,
) -> Result<OpenSource, LoadError> {
    let format = opts.format.unwrap_or_else(|| format_for_path(path));
    if regular_only {
        let file = open_regular(path).map_err(|e| match e {
            Some(e) => LoadError::io(name, e),
            None => LoadError {
                name: name.to_owned(),
                kind: LoadErrorKind::NotReloadable,
            },
        })?;
        let size = file.metadata().map_err(|e| LoadError::io(name, e))?.len();
        return Ok((Box::new(file), Some(size), format));
    }
    let meta = std::fs::metadata(path).map_err(|e| LoadError::io(name, e))?;
    let refuse = |kind| {
        Err(LoadError {
            name: name.to_owned(),
            kind,
        })
    };
    if meta.is_dir() {
        return refuse(LoadErrorKind::Directory);
    }
    if !is_readable_kind(&meta) {
        return refuse(LoadErrorKind::NotAFile);
    }
    let file = File::open(path).map_err(|e| LoadError::io(name, e))?;
    let size = meta.is_file().then_some(meta.len());
    Ok((Box::new(file), size, format))
}

/// Opens `path` if it is a regular file, never blocking: the file is opened non-blocking (a FIFO
/// without a writer would block `open` itself) and its type checked on the open file, so a path
/// swapped between a check and the open cannot slip through. `Err(None)`: not a regular file.
#[cfg(unix)]
fn open_regular(path: &Path) -> Result<File, Option<io::Error>> {
    use std::os::unix::fs::OpenOptionsExt;
    let meta = std::fs::metadata(path).map_err(Some)?;
    if !meta.is_file() {
        return Err(None);
    }
    // reading a regular file does not care about O_NONBLOCK
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(Some)?;
    if file.metadata().map_err(Some)?.is_file() {
        Ok(file)
    } else {
        Err(None)
    }
}

#[cfg(not(unix))]
fn open_regular(path: &Path) -> Result<File, Option<io::Error>> {
    if !std::fs::metadata(path).map_err(Some)?.is_file() {
        return Err(None);
    }
    File::open(path).map_err(Some)
}

#[cfg(unix)]
fn is_readable_kind(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    t.is_file() || t.is_fifo()
}

#[cfg(not(unix))]
fn is_readable_kind(meta: &std::fs::Metadata) -> bool {
    meta.is_file()
}

/// What a complete load noticed, for one-line warnings.
#[derive(Debug, Clone)]
pub struct LoadReport {
    /// The source's display name.
    pub name: String,
    /// The encoding used.
    pub encoding: &'static Encoding,
    /// Invalid sequences were replaced.
    pub lossy: bool,
    /// The input was cut off at the size limit.
    pub truncated: bool,
    /// Warnings of a container format's extraction.
    pub notes: Vec<String>,
}

impl LoadReport {
    /// The warnings to print on stderr, one line each.
    pub fn warnings(&self) -> Vec<String> {
        let mut w = Vec::new();
        if self.lossy {
            w.push(format!(
                "{}: invalid {} byte sequences were replaced by U+FFFD",
                self.name,
                self.encoding.name()
            ));
        }
        if self.truncated {
            w.push(format!(
                "{}: input longer than {} GiB was cut off",
                self.name,
                MAX_INPUT_BYTES >> 30
            ));
        }
        for n in &self.notes {
            w.push(format!("{}: {}", self.name, sanitize(n)));
        }
        w
    }
}

/// Loads a whole document. The input is read into one buffer and decoded in place where it
/// can be (valid UTF-8 is never copied), then parsed in one go.
pub fn load(source: &Source, opts: LoadOptions) -> Result<(Document, LoadReport), LoadError> {
    load_structured(source, opts, structure::Options::default())
}

/// [`load`], deciding a plain text's structure with `structure` (corrections, user rules,
/// explanations).
pub fn load_structured(
    source: &Source,
    opts: LoadOptions,
    structure: structure::Options,
) -> Result<(Document, LoadReport), LoadError> {
    let mut loader = Loader::open(source, opts)?;
    let mut doc = Document::new(loader.format());
    doc.set_structure_options(structure);
    if let Some(head) = loader.head.take() {
        if loader.encoding() == encoding_rs::UTF_8 {
            return load_utf8(loader, head, doc, opts.skip_sizes);
        }
        let mut bytes = head;
        if let Some(size) = loader.size_hint {
            let size = usize::try_from(size).unwrap_or(0);
            bytes.reserve(size.saturating_sub(bytes.len()) + 1);
        }
        loader
            .reader
            .read_to_end(&mut bytes)
            .map_err(|e| LoadError::io(&loader.name, e))?;
        loader.truncated = bytes.len() as u64 >= MAX_INPUT_BYTES;
        let sniffed = decode::Sniffed {
            encoding: loader.encoding(),
            bom_len: loader.bom_len,
        };
        let (text, lossy) = decode::decode_whole(bytes, sniffed);
        loader.collect_tail();
        return Ok(parse_whole(&loader, doc, text, lossy, opts.skip_sizes));
    }
    loop {
        match loader.next_chunk(4 * CHUNK_BYTES) {
            Ok(Some(chunk)) => doc.extend(chunk),
            Ok(None) => break,
            Err(e) => return Err(LoadError::io(&loader.name, e)),
        }
    }
    doc.set_complete();
    let report = LoadReport {
        name: loader.name.clone(),
        encoding: loader.encoding(),
        lossy: loader.had_decode_errors(),
        truncated: loader.was_truncated(),
        notes: loader.warnings.clone(),
    };
    Ok((doc, report))
}

/// The UTF-8 case of [`load`]: the file is read in [`decode::UTF8_BLOCK_BYTES`] blocks into one
/// reused buffer, and each block is normalised and decoded while it is still in the cache and
/// appended to the text (see [`decode::append_utf8_block`]). Reading the whole file first and
/// validating it with `String::from_utf8` afterwards went through memory three times and
/// validated at ~0.5 GB/s.
fn load_utf8(
    mut loader: Loader,
    head: Vec<u8>,
    doc: Document,
    skip_sizes: bool,
) -> Result<(Document, LoadReport), LoadError> {
    let capacity = loader
        .size_hint
        .and_then(|s| usize::try_from(s).ok())
        .unwrap_or(0);
    let mut text = String::with_capacity(capacity + 1);
    let mut blocks = Utf8Blocks::after(&head, loader.bom_len);
    drop(head);
    // (the head may already be longer than a block: then it is decoded before reading on)
    while !blocks
        .append_next(&mut loader.reader, decode::UTF8_BLOCK_BYTES, &mut text)
        .map_err(|e| LoadError::io(&loader.name, e))?
    {}
    let (total, lossy) = (blocks.total, blocks.lossy);
    loader.truncated = total >= MAX_INPUT_BYTES;
    loader.collect_tail();
    Ok(parse_whole(&loader, doc, text, lossy, skip_sizes))
}

/// A UTF-8 source read and decoded a block at a time into strings the caller chooses: each
/// block is normalised and decoded while it is still in the cache (see
/// [`decode::append_utf8_block`]). One reused buffer; a sequence cut by a block boundary waits
/// for the next block.
pub(crate) struct Utf8Blocks {
    block: Vec<u8>,
    decoder: encoding_rs::Decoder,
    /// Bytes read so far, the head included.
    pub(crate) total: u64,
    /// Invalid sequences were replaced.
    pub(crate) lossy: bool,
}

impl Utf8Blocks {
    /// Starts with the `head` already read, past its byte-order mark of `bom_len` bytes.
    pub(crate) fn after(head: &[u8], bom_len: usize) -> Self {
        let mut block = Vec::with_capacity(decode::UTF8_BLOCK_BYTES + 16);
        block.extend_from_slice(head.get(bom_len..).unwrap_or(&[]));
        Self {
            block,
            decoder: decode::utf8_decoder(),
            total: head.len() as u64,
            lossy: false,
        }
    }

    /// Reads up to `size` bytes in all (what is waiting included) and appends their text to
    /// `text`; true when that was the end of the input.
    pub(crate) fn append_next(
        &mut self,
        reader: &mut impl Read,
        size: usize,
        text: &mut String,
    ) -> io::Result<bool> {
        let want = size.saturating_sub(self.block.len()) as u64;
        let n = reader.take(want).read_to_end(&mut self.block)?;
        self.total += n as u64;
        let last = want > 0 && (n as u64) < want;
        self.lossy |= decode::append_utf8_block(&mut self.decoder, text, &mut self.block, last);
        Ok(last)
    }
}

/// Parses a whole decoded text into `doc` (sizes left at 0 with `skip_sizes`).
fn parse_whole(
    loader: &Loader,
    mut doc: Document,
    text: String,
    lossy: bool,
    skip_sizes: bool,
) -> (Document, LoadReport) {
    let mut chunk = match loader.format {
        Format::Plain => PlainParser::with_reflow(loader.reflow).feed(text, true),
        Format::Markdown => loader.markdown.parse(text),
    };
    chunk.chars_counted |= skip_sizes;
    chunk.hints.clone_from(&loader.hints);
    doc.extend(chunk);
    doc.set_complete();
    let report = LoadReport {
        name: loader.name.clone(),
        encoding: loader.encoding(),
        lossy,
        truncated: loader.truncated,
        notes: loader.warnings.clone(),
    };
    (doc, report)
}

/// Bytes parsed for the reader's first screen (small, so it shows at once).
const FIRST_CHUNK: usize = 256 << 10;
/// Bytes per background chunk afterwards: small, because every chunk in flight (read, decoded,
/// parsed, queued) is memory on top of the document's, and the reader's peak is held near the
/// file's size (issue 19); 1 MiB loads as fast as 4 MiB did.
const NEXT_CHUNK: usize = 1 << 20;

/// Loading progress while a background loader is still adding text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Bytes read so far.
    pub read: u64,
    /// Total bytes, when known.
    pub total: Option<u64>,
}

/// Messages from the loader thread.
#[derive(Debug)]
pub enum LoadEvent {
    /// More of the document.
    Chunk(Box<Chunk>, Progress),
    /// The end; `lossy` says invalid bytes were replaced.
    Done {
        /// Invalid sequences were replaced by U+FFFD.
        lossy: bool,
    },
    /// Reading failed part way (the message names the source).
    Failed(String),
}

/// Starts loading on a background thread; returns the receiving end. The thread stops when the
/// receiver is dropped.
pub fn spawn_loader(mut loader: Loader) -> Receiver<LoadEvent> {
    // The reader takes chunks between frames (every ~10 ms while loading), so a few must wait
    // for it or the loader stalls; more than that is only memory in flight.
    let (tx, rx) = mpsc::sync_channel(4);
    thread::spawn(move || {
        let mut size = FIRST_CHUNK;
        loop {
            match loader.next_chunk(size) {
                Ok(Some(chunk)) => {
                    let (read, total) = loader.progress();
                    if tx
                        .send(LoadEvent::Chunk(Box::new(chunk), Progress { read, total }))
                        .is_err()
                    {
                        return; // the reader has quit
                    }
                }
                Ok(None) => {
                    let _ = tx.send(LoadEvent::Done {
                        lossy: loader.had_decode_errors(),
                    });
                    return;
                }
                Err(e) => {
                    let _ = tx.send(LoadEvent::Failed(format!("{}: {e}", loader.name())));
                    return;
                }
            }
            size = NEXT_CHUNK;
        }
    });
    rx
}
