//! Large Word, EPUB and ODF files are converted part by part (issue 15, item 8), and long
//! Markdown files rendered part by part (issue 14, the reader keeps its speed): the loader
//! hands out the first chapters while the rest is still being converted, the whole document it
//! ends with is the one a whole extraction gives, a conversion error part way is one line that
//! names the file, and a reader that closes the document stops the conversion.
//!
//! The books are built here from strings, a few hundred chapters each: far more text than the
//! first hand-over ([`gangmu::formats::FIRST_HANDOVER`]), so a first chunk holding all of it
//! would mean the book was converted whole before the first screen.

#![allow(
    clippy::unwrap_used,
    clippy::format_collect,
    clippy::format_push_string
)]

use std::io::{Cursor, Write};
use std::path::Path;

use gangmu::document::{Document, Format};
use gangmu::formats::{self, FIRST_HANDOVER, FormatKind, LineSink};
use gangmu::load::{self, LoadOptions, Loader, Source};
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

mod support;

const CHAPTERS: usize = 400;
/// Paragraphs per chapter (about 2.6 KB of text).
const PARAGRAPHS: usize = 24;

/// A body sentence of chapter `c`, paragraph `p`: every one different, so a lost or repeated
/// line shows.
fn sentence(c: usize, p: usize) -> String {
    format!("第{c}回第{p}段：话说那人走了{p}里路，天色已晚，便在店中歇了，次日又行。")
}

fn title(c: usize) -> String {
    format!("第{c}章　标题{c}")
}

/// A ZIP of (name, content); `mimetype` stored, the rest deflated.
fn zip_of(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in parts {
        let method = if name == "mimetype" {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        w.start_file(
            name.as_str(),
            SimpleFileOptions::default().compression_method(method),
        )
        .unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn xhtml(c: usize, paragraphs: usize) -> String {
    let body: String = (1..=paragraphs)
        .map(|p| format!("<p>{}</p>", sentence(c, p)))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title/></head><body><h1 id="h{c}">{}</h1>{body}</body></html>"#,
        title(c)
    )
}

/// An EPUB 3 book of `chapters` chapters; `extra` parts are added to the archive and spine.
fn epub(chapters: usize, extra: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut parts = vec![
        ("mimetype".to_owned(), b"application/epub+zip".to_vec()),
        (
            "META-INF/container.xml".to_owned(),
            br#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OPS/book.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#.to_vec(),
        ),
    ];
    let mut manifest = String::new();
    let mut spine = String::new();
    let mut nav = String::new();
    for c in 1..=chapters {
        parts.push((format!("OPS/c{c}.xhtml"), xhtml(c, PARAGRAPHS).into_bytes()));
        manifest.push_str(&format!(
            r#"<item id="c{c}" href="c{c}.xhtml" media-type="application/xhtml+xml"/>"#
        ));
        spine.push_str(&format!(r#"<itemref idref="c{c}"/>"#));
        nav.push_str(&format!(
            r#"<li><a href="c{c}.xhtml#h{c}">{}</a></li>"#,
            title(c)
        ));
    }
    for (i, (name, data)) in extra.iter().enumerate() {
        let href = name.trim_start_matches("OPS/");
        manifest.push_str(&format!(
            r#"<item id="x{i}" href="{href}" media-type="application/xhtml+xml"/>"#
        ));
        spine.push_str(&format!(r#"<itemref idref="x{i}"/>"#));
        parts.push((name.clone(), data.clone()));
    }
    parts.push((
        "OPS/nav.xhtml".to_owned(),
        format!(r#"<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><body><nav epub:type="toc"><ol>{nav}</ol></nav></body></html>"#).into_bytes(),
    ));
    parts.push((
        "OPS/book.opf".to_owned(),
        format!(r#"<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>长书</dc:title></metadata><manifest><item id="nav" href="nav.xhtml" properties="nav" media-type="application/xhtml+xml"/>{manifest}</manifest><spine>{spine}</spine></package>"#).into_bytes(),
    ));
    zip_of(&parts)
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

/// A Word file of `chapters` chapters under `Heading 1`.
fn docx(chapters: usize) -> Vec<u8> {
    let mut body = String::new();
    for c in 1..=chapters {
        body.push_str(&format!(
            r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>"#,
            title(c)
        ));
        for p in 1..=PARAGRAPHS {
            body.push_str(&format!(
                "<w:p><w:r><w:t>{}</w:t></w:r></w:p>",
                sentence(c, p)
            ));
        }
    }
    zip_of(&[
        (
            "word/document.xml".to_owned(),
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>"#).into_bytes(),
        ),
        (
            "word/styles.xml".to_owned(),
            format!(r#"<w:styles {W}><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>"#).into_bytes(),
        ),
    ])
}

/// An ODF text of `chapters` chapters under level-1 `text:h` headings.
fn odt(chapters: usize) -> Vec<u8> {
    let mut body = String::new();
    for c in 1..=chapters {
        body.push_str(&format!(
            r#"<text:h text:outline-level="1">{}</text:h>"#,
            title(c)
        ));
        for p in 1..=PARAGRAPHS {
            body.push_str(&format!("<text:p>{}</text:p>", sentence(c, p)));
        }
    }
    zip_of(&[
        (
            "mimetype".to_owned(),
            b"application/vnd.oasis.opendocument.text".to_vec(),
        ),
        (
            "content.xml".to_owned(),
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>{body}</office:text></office:body></office:document-content>"#).into_bytes(),
        ),
    ])
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn titles(doc: &Document) -> Vec<String> {
    (0..doc.sections.len())
        .map(|i| doc.section_title(i).to_owned())
        .collect()
}

/// Opens `path` the way the reader does and checks the first chunk is the book's beginning
/// only; then reads on and checks the whole document against a whole extraction.
fn first_chunk_comes_before_the_rest(path: &Path, kind: FormatKind) {
    let bytes = std::fs::read(path).unwrap();
    let whole = formats::extract(&bytes, kind, None).unwrap();
    assert!(
        whole.text.len() > 20 * FIRST_HANDOVER,
        "the book is too small"
    );

    let mut loader = Loader::open(&Source::Path(path.to_owned()), LoadOptions::default()).unwrap();
    let first = loader.next_chunk(256 << 10).unwrap().unwrap();
    assert!(
        first.text.contains(&title(1)) && first.text.contains(&sentence(1, PARAGRAPHS)),
        "the first chunk starts the book"
    );
    assert!(
        first.text.len() < whole.text.len() / 4,
        "the first chunk held {} of {} bytes: the book was converted before the first screen",
        first.text.len(),
        whole.text.len()
    );
    assert!(!first.text.contains(&title(CHAPTERS)));

    let mut doc = Document::new(Format::Plain);
    doc.extend(first);
    while let Some(chunk) = loader.next_chunk(4 << 20).unwrap() {
        doc.extend(chunk);
    }
    doc.set_complete();
    assert_eq!(doc.text, whole.text, "every line, once, in order");
    let expected: Vec<String> = (1..=CHAPTERS).map(title).collect();
    assert_eq!(
        titles(&doc),
        expected,
        "the format's headings reach the tree"
    );

    // the non-interactive path (`--outline`, `--print`) reads the same document
    let (whole_load, report) =
        load::load(&Source::Path(path.to_owned()), LoadOptions::default()).unwrap();
    assert_eq!(whole_load.text, doc.text);
    assert_eq!(titles(&whole_load), expected);
    assert!(report.warnings().is_empty(), "{:?}", report.warnings());
}

#[test]
fn a_long_epub_shows_its_first_chapter_before_the_rest_is_converted() {
    let dir = support::temp_dir("stream-epub");
    let path = write(&dir, "book.epub", &epub(CHAPTERS, &[]));
    first_chunk_comes_before_the_rest(&path, FormatKind::Epub);
}

#[test]
fn a_long_word_file_shows_its_first_chapter_before_the_rest_is_converted() {
    let dir = support::temp_dir("stream-docx");
    let path = write(&dir, "book.docx", &docx(CHAPTERS));
    first_chunk_comes_before_the_rest(&path, FormatKind::Docx);
}

#[test]
fn a_long_odf_text_shows_its_first_chapter_before_the_rest_is_converted() {
    let dir = support::temp_dir("stream-odt");
    let path = write(&dir, "book.odt", &odt(CHAPTERS));
    first_chunk_comes_before_the_rest(&path, FormatKind::Odt);
}

/// A spine document that inflates 1000×, after chapters that already showed.
fn epub_with_a_late_bomb() -> Vec<u8> {
    let bomb = vec![b' '; 24 << 20];
    epub(CHAPTERS, &[("OPS/z.xhtml".to_owned(), bomb)])
}

#[test]
fn a_bomb_after_the_first_chapters_is_one_line_naming_the_file() {
    let dir = support::temp_dir("stream-bomb");
    let path = write(&dir, "late.epub", &epub_with_a_late_bomb());

    // the reader: the first chapters show, then reading fails with the reason
    let mut loader = Loader::open(&Source::Path(path.clone()), LoadOptions::default()).unwrap();
    let first = loader.next_chunk(256 << 10).unwrap().unwrap();
    assert!(first.text.contains(&title(1)));
    let err = loop {
        match loader.next_chunk(4 << 20) {
            Ok(Some(_)) => {}
            Ok(None) => panic!("the bomb was read to the end"),
            Err(e) => break e.to_string(),
        }
    };
    assert!(err.contains("z.xhtml") && err.contains("bomb"), "{err}");

    // the command line: one line on stderr naming the file, no partial output
    let out = support::run(&["--outline", support::path_str(&path)]);
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("late.epub") && stderr.contains("z.xhtml"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn a_reader_that_stops_listening_stops_the_conversion() {
    let book = docx(CHAPTERS);
    let sink: LineSink = Box::new(|_| false); // the reader has closed the document
    let e = formats::extract_streaming(&book, FormatKind::Docx, None, sink).unwrap();
    assert!(
        e.marked.len() < CHAPTERS / 10,
        "{} of {CHAPTERS} headings converted after the reader left",
        e.marked.len()
    );

    let book = epub(CHAPTERS, &[]);
    let sink: LineSink = Box::new(|_| false);
    let e = formats::extract_streaming(&book, FormatKind::Epub, None, sink).unwrap();
    assert!(e.marked.len() < CHAPTERS / 10, "{}", e.marked.len());
}

#[test]
fn streaming_hands_over_whole_lines_with_the_numbers_of_a_whole_extraction() {
    // past two hand-overs: the first one and a full later one
    let chapters = (FIRST_HANDOVER + formats::NEXT_HANDOVER) / 2000;
    for (kind, book) in [
        (FormatKind::Epub, epub(chapters, &[])),
        (FormatKind::Docx, docx(chapters)),
        (FormatKind::Odt, odt(chapters)),
    ] {
        let whole = formats::extract(&book, kind, None).unwrap();
        let pieces = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
        let seen = std::sync::Arc::clone(&pieces);
        let sink: LineSink = Box::new(move |text| {
            seen.lock().unwrap().push(text);
            true
        });
        let rest = formats::extract_streaming(&book, kind, None, sink).unwrap();
        let pieces = pieces.lock().unwrap();
        assert!(pieces.len() >= 2, "{kind:?}: handed over in pieces");
        assert!(
            pieces.iter().all(|p| p.ends_with('\n')),
            "{kind:?}: whole lines"
        );
        let joined: String = pieces
            .iter()
            .map(String::as_str)
            .chain([rest.text.as_str()])
            .collect();
        assert_eq!(joined, whole.text, "{kind:?}");
        assert_eq!(rest.marked, whole.marked, "{kind:?}");
        assert_eq!(rest.nav, whole.nav, "{kind:?}");
    }
}

#[test]
fn a_long_markdown_file_shows_its_first_screens_before_the_rest_is_rendered() {
    let source: String = (1..=CHAPTERS)
        .map(|c| {
            let body: String = (1..=PARAGRAPHS)
                .map(|p| {
                    format!(
                        "{}**重点**见[链接](https://example.org/{c})。\n\n",
                        sentence(c, p)
                    )
                })
                .collect();
            format!("## {}\n\n{body}- 条目一\n- 条目二\n\n", title(c))
        })
        .collect();
    let dir = support::temp_dir("stream-md");
    let path = write(&dir, "long.md", source.as_bytes());
    let whole = Document::render_markdown(&source, gangmu::display::AmbiguousWidth::Narrow);

    let mut loader = Loader::open(&Source::Path(path), LoadOptions::default()).unwrap();
    let mut doc = Document::new(Format::Markdown);
    let mut first = None;
    while let Some(chunk) = loader.next_chunk(256 << 10).unwrap() {
        if first.is_none() && !chunk.text.is_empty() {
            first = Some(chunk.text.len());
        }
        doc.extend(chunk);
    }
    doc.set_complete();
    let first = first.unwrap();
    assert!(
        first < whole.text.len() / 10,
        "the first rendered chunk held {first} of {} bytes",
        whole.text.len()
    );
    assert_eq!(doc.text, whole.text);
    assert_eq!(doc.paragraphs, whole.paragraphs);
    assert_eq!(doc.sections, whole.sections);
    assert_eq!(doc.decor.spans, whole.decor.spans);
    assert!(doc.is_rendered());
}
