//! `--outline` of a plain UTF-8 file without holding its text (issue 19): the file is read,
//! decoded and parsed one block at a time ([`PlainParser::streaming`], which gives the
//! paragraphs of one whole-text parse), and the document keeps the paragraph table and the
//! text of short lines and heading candidates only ([`Document::extend_partly`]). Memory is
//! then the paragraph table and those lines, not the file.
//!
//! The outline is the one [`super::load_structured`] gives, or nothing: when deciding the
//! structure or writing the outline asks for text that was not kept, [`load_outline`] returns
//! `None` and the caller loads the whole text.

use super::{LoadError, LoadOptions, LoadReport, Loader, MAX_INPUT_BYTES, Source, Utf8Blocks};
use crate::decode;
use crate::document::{Chunk, Document, Format, plain::PlainParser, structure};

/// Text the streaming parser may hold (lines that may still join what follows, pieces of a
/// long line) before the text is loaded whole instead: a long line is held up to a region of
/// 256 pieces (16 MiB); a text with no blank line, heading or other line that cannot join
/// would be held whole, and copied again with each block.
const MAX_HELD_BYTES: usize = 20 << 20;

/// Text read before deciding whether keeping part of it is worth it.
const SAMPLE_BYTES: usize = 8 << 20;

/// The document of `source` for `--outline`, keeping only the text the outline reads; `None`
/// when that cannot be done (not a plain UTF-8 file, or the outline needed text that was
/// dropped): load it whole then.
pub fn load_outline(
    source: &Source,
    opts: LoadOptions,
    structure: structure::Options,
) -> Result<Option<(Document, LoadReport)>, LoadError> {
    // only a file can be read again if this does not work out
    if !matches!(source, Source::Path(_)) {
        return Ok(None);
    }
    let mut loader = Loader::open(source, opts)?;
    if loader.format != Format::Plain
        || loader.is_converted()
        || loader.encoding() != encoding_rs::UTF_8
    {
        return Ok(None);
    }
    let Some(head) = loader.head.take() else {
        return Ok(None);
    };
    let mut doc = Document::new(Format::Plain);
    doc.set_structure_options(structure);
    let mut mostly_kept = false;
    let Some((lossy, truncated)) = each_chunk(&mut loader, head, opts.skip_sizes, |chunk| {
        let used = doc.extend_partly(chunk);
        // a text of short lines (a list of a million headings) is kept nearly whole: holding
        // it in pieces costs more than holding it whole
        mostly_kept = doc
            .partial_text()
            .is_some_and(|p| p.len() > SAMPLE_BYTES && p.kept() * 2 > p.len());
        (!mostly_kept).then_some(used)
    })?
    else {
        return Ok(None);
    };
    if mostly_kept {
        return Ok(None);
    }
    doc.set_complete();
    // what the outline prints: the titles, the document title, the explained lines
    for i in 0..doc.sections.len() {
        doc.section_title(i);
    }
    doc.title_text();
    for e in &doc.explanations {
        doc.paragraph_text(e.para as usize);
    }
    if doc.missed_text() {
        return Ok(None);
    }
    let report = LoadReport {
        name: loader.name.clone(),
        encoding: loader.encoding(),
        lossy,
        truncated,
        notes: loader.warnings.clone(),
    };
    Ok(Some((doc, report)))
}

/// Reads and decodes `source` again as [`load_outline`] read it, handing the text to `each`
/// a block at a time until it returns false: `--print` lays out the paragraphs of a document
/// [`load_outline`] loaded, with their text read a second time (no parse: the paragraphs are
/// known). Returns the length of the whole text.
pub fn reread(
    source: &Source,
    opts: LoadOptions,
    mut each: impl FnMut(&str) -> bool,
) -> Result<usize, LoadError> {
    let mut loader = Loader::open(source, opts)?;
    let head = loader.head.take().unwrap_or_default();
    let mut blocks = Utf8Blocks::after(&head, loader.bom_len);
    drop(head);
    let mut text = String::with_capacity(decode::UTF8_BLOCK_BYTES + 16);
    let mut len = 0;
    loop {
        text.clear();
        let last = blocks
            .append_next(&mut loader.reader, decode::UTF8_BLOCK_BYTES, &mut text)
            .map_err(|e| LoadError::io(&loader.name, e))?;
        len += text.len();
        if !each(&text) || last {
            break;
        }
    }
    Ok(len)
}

/// Reads, decodes and parses `loader`'s plain UTF-8 text (after its `head`) a block at a time
/// with a streaming parser, handing each chunk to `each` until it returns `None`, else the
/// chunk's text string to be used again; counts 字数 unless `skip_sizes`. Returns whether bytes
/// were replaced and whether the input was cut off; `None` when the parser came to hold more
/// than [`MAX_HELD_BYTES`] (a text whose lines could all still join: load it whole).
fn each_chunk(
    loader: &mut Loader,
    head: Vec<u8>,
    skip_sizes: bool,
    mut each: impl FnMut(Chunk) -> Option<String>,
) -> Result<Option<(bool, bool)>, LoadError> {
    let mut parser = PlainParser::streaming(loader.reflow);
    let mut blocks = Utf8Blocks::after(&head, loader.bom_len);
    drop(head);
    let mut emitted = 0;
    let mut text = String::new();
    loop {
        // up to 4 blocks while the parser holds much (a long line is held in pieces until a
        // region ends, and copied again with each block)
        let size = parser
            .held_bytes()
            .clamp(decode::UTF8_BLOCK_BYTES, 4 * decode::UTF8_BLOCK_BYTES);
        // the parser's held text and the new block in one string, used again block after block
        parser.take_held_into(&mut text);
        let last = blocks
            .append_next(&mut loader.reader, size, &mut text)
            .map_err(|e| LoadError::io(&loader.name, e))?;
        let mut chunk = parser.feed(std::mem::take(&mut text), last);
        if parser.held_bytes() > MAX_HELD_BYTES {
            return Ok(None);
        }
        if skip_sizes {
            chunk.chars_counted = true;
        } else {
            chunk.count_chars(emitted);
        }
        emitted += chunk.text.len();
        match each(chunk) {
            Some(used) if !last => text = used,
            _ => break,
        }
    }
    Ok(Some((blocks.lossy, blocks.total >= MAX_INPUT_BYTES)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::reflow::Reflow;

    /// A novel of several MiB: chapters, a poem, hard-wrapped and one-line paragraphs, a title
    /// block and contents at the start.
    fn novel() -> String {
        let sentence = "天色渐渐暗了下来，山间的雾气从谷底慢慢升起，把远处的村庄遮得若隐若现。";
        let mut s = String::from("山雨\n\n作者\n\n目录\n第1章　起\n第2章　承\n\n");
        for chapter in 1..=500 {
            s.push_str(&format!("第{chapter}章　标题{chapter}\r\n\r\n"));
            for p in 0..20 {
                let para = sentence.repeat(1 + p % 9);
                if p % 5 == 4 {
                    let chars: Vec<char> = para.chars().collect();
                    for line in chars.chunks(30) {
                        s.extend(line.iter());
                        s.push('\n');
                    }
                } else {
                    s.push_str("　　");
                    s.push_str(&para);
                    s.push('\n');
                }
                s.push('\n');
            }
            s.push_str("一、短句\n春眠不觉晓\n\n");
        }
        s
    }

    #[test]
    fn the_streamed_outline_is_the_whole_one() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("novel.txt");
        std::fs::write(&path, novel()).expect("write the novel");
        let source = Source::Path(path);
        for (reflow, skip_sizes) in [(Reflow::Auto, true), (Reflow::Always, false)] {
            let opts = LoadOptions {
                skip_sizes,
                reflow,
                ..LoadOptions::default()
            };
            let structure = structure::Options {
                explain: true,
                ..structure::Options::default()
            };
            let (whole, _) =
                super::super::load_structured(&source, opts, structure.clone()).expect("loads");
            let (streamed, _) = load_outline(&source, opts, structure)
                .expect("loads")
                .expect("streamed");
            assert!(streamed.text.is_empty());
            assert!(whole.text.len() > 4 << 20);
            assert!(!whole.sections.is_empty());
            assert_eq!(streamed.paragraphs, whole.paragraphs);
            assert_eq!(streamed.sections, whole.sections);
            assert_eq!(streamed.explanations, whole.explanations);
            assert_eq!(streamed.title, whole.title);
            assert_eq!(streamed.total_chars(), whole.total_chars());
            for i in 0..whole.sections.len() {
                assert_eq!(streamed.section_title(i), whole.section_title(i));
            }
        }
    }
}
