//! Bytes → text → structure.
//!
//! Input layout: 4 control bytes (encoding/force/amplify flags, the byte where the streaming
//! decoder's input is split, a seed for the parser's chunk sizes), then the document bytes.
//!
//! Checks: sniffing never panics and only refuses NUL-bearing input; decoding in two pushes
//! equals decoding at once (text and error flag) and leaves no CR; `Document::parse` (plain and
//! Markdown) keeps the invariants of the document model; the streaming plain parser fed in
//! arbitrary chunks gives exactly the whole-text result.

#![no_main]

use encoding_rs::{BIG5, Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};
use gangmu::decode::{self, DecodeError, StreamDecoder};
use gangmu::document::plain::PlainParser;
use gangmu::document::{Document, Format, MAX_PARAGRAPH_BYTES, ParagraphKind};
use libfuzzer_sys::fuzz_target;

/// A small deterministic generator for chunk sizes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

fn forced_encoding(flags: u8) -> Option<&'static Encoding> {
    match flags & 7 {
        0..=2 => None,
        3 => Some(UTF_8),
        4 => Some(GB18030),
        5 => Some(UTF_16LE),
        6 => Some(UTF_16BE),
        _ => Some(BIG5),
    }
}

/// The invariants listed in the `document` module doc.
fn check_document(doc: &Document, format: Format) {
    let text = &doc.text;
    assert!(doc.is_complete());
    let mut prev_end = 0;
    let mut total = 0u64;
    for (i, p) in doc.paragraphs.iter().enumerate() {
        let r = &p.range;
        assert!(
            r.start <= r.end && r.end <= text.len(),
            "paragraph {i} {r:?} out of bounds"
        );
        assert!(
            text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
            "paragraph {i} {r:?} not on char boundaries"
        );
        assert!(
            r.start >= prev_end,
            "paragraph {i} {r:?} starts before the previous end {prev_end}"
        );
        assert!(!r.is_empty(), "paragraph {i} is empty");
        if i > 0 {
            assert!(
                p.line >= doc.paragraphs[i - 1].line,
                "paragraph {i}: line numbers go back"
            );
        }
        if let ParagraphKind::InlineHeading { heading_len } = p.kind {
            let end = r.start + heading_len as usize;
            assert!(
                end <= r.end && text.is_char_boundary(end),
                "paragraph {i}: heading_len"
            );
        }
        if format == Format::Plain {
            assert!(
                r.len() <= MAX_PARAGRAPH_BYTES,
                "paragraph {i} longer than the cap"
            );
            if p.continuation {
                assert!(i > 0 && !p.gap_before && !p.kind.is_heading());
            }
        }
        total += u64::from(p.chars);
        prev_end = r.end;
    }
    assert_eq!(doc.total_chars(), total);
    let n = doc.sections.len();
    for (i, s) in doc.sections.iter().enumerate() {
        let para = s.para as usize;
        assert!(
            para < doc.paragraphs.len(),
            "section {i}: para out of range"
        );
        if i > 0 {
            assert!(
                s.para > doc.sections[i - 1].para,
                "section {i}: para not increasing"
            );
        }
        let p = &doc.paragraphs[para];
        assert!(
            p.kind.is_heading(),
            "section {i}: paragraph {para} is not a heading"
        );
        let t = &s.title;
        assert!(
            t.start <= t.end
                && t.end <= text.len()
                && text.is_char_boundary(t.start)
                && text.is_char_boundary(t.end),
            "section {i}: title {t:?} invalid"
        );
        assert!(
            t.start >= p.range.start && t.end <= p.range.end,
            "section {i}: title {t:?} outside its paragraph {:?}",
            p.range
        );
        match s.parent {
            None => assert_eq!(s.level, 1, "section {i}: top-level section not at level 1"),
            Some(parent) => {
                let parent = parent as usize;
                assert!(parent < i, "section {i}: parent {parent} after it");
                assert_eq!(
                    doc.sections[parent].level + 1,
                    s.level,
                    "section {i}: level skips"
                );
                assert!(
                    i < doc.subtree_end(parent),
                    "section {i} outside its parent's subtree"
                );
            }
        }
        let end = doc.subtree_end(i);
        assert!(end > i && end <= n, "section {i}: subtree_end {end}");
        for j in i + 1..end {
            assert!(
                doc.sections[j].level > s.level,
                "section {j} in subtree of {i}"
            );
        }
        if end < n {
            assert!(
                doc.sections[end].level <= s.level,
                "subtree of {i} ends too early"
            );
        }
        assert_eq!(doc.ancestry(i).len(), usize::from(s.level));
        let paras = doc.section_paragraphs(i);
        assert!(paras.start <= paras.end && paras.end <= doc.paragraphs.len());
        assert!(doc.section_chars(i) <= doc.total_chars());
    }
    if format == Format::Plain {
        let headings = doc
            .paragraphs
            .iter()
            .filter(|p| p.kind.is_heading())
            .count();
        assert_eq!(headings, n, "heading paragraphs without a section");
    }
    if let Some(t) = &doc.title {
        assert!(
            t.end <= text.len() && text.is_char_boundary(t.start) && text.is_char_boundary(t.end)
        );
    }
}

/// Feeds `text` to the streaming parser in chunks chosen by `rng`.
fn stream(text: &str, rng: &mut Rng, min_chunk: usize) -> Document {
    let mut parser = PlainParser::new();
    let mut doc = Document::new(Format::Plain);
    let scale = match rng.next() % 5 {
        0 => 1,
        1 => 8,
        2 => 64,
        3 => 1024,
        _ => 1 << 17,
    };
    let trailing_empty = rng.next() % 2 == 0;
    let mut pos = 0;
    loop {
        let size = (rng.next() % (scale + 1)) as usize;
        let mut end = (pos + size.max(min_chunk)).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let piece = text.get(pos..end).expect("char boundary").to_owned();
        let done = end == text.len();
        let last = done && !trailing_empty;
        doc.extend(parser.feed(piece, last));
        pos = end;
        if done {
            break;
        }
    }
    if trailing_empty {
        doc.extend(parser.feed(String::new(), true));
    }
    doc.set_complete();
    doc
}

fn compare(streamed: &Document, whole: &Document) {
    assert_eq!(streamed.text, whole.text, "streamed text differs");
    assert_eq!(
        streamed.paragraphs, whole.paragraphs,
        "streamed paragraphs differ"
    );
    assert_eq!(
        streamed.sections, whole.sections,
        "streamed sections differ"
    );
    assert_eq!(streamed.title, whole.title, "streamed title differs");
}

fuzz_target!(|data: &[u8]| {
    let Some((ctl, input)) = data.split_first_chunk::<4>() else {
        return;
    };
    let flags = ctl[0];
    let split = usize::from(u16::from_le_bytes([ctl[1], ctl[2]])) % (input.len() + 1);
    let mut rng = Rng(u64::from(ctl[3]) << 32 | data.len() as u64 | 1);
    let forced = forced_encoding(flags);
    let force = flags & 8 != 0;

    // Sniffing: a head that is not the whole input must not panic either.
    let head = input.get(..split).unwrap_or(input);
    let _ = decode::sniff(head, forced, force, false);
    let sniffed = match decode::sniff(input, forced, force, true) {
        Ok(s) => s,
        Err(DecodeError::Binary) => {
            assert!(!force, "refused with --force");
            let probe = &input[..input.len().min(decode::BINARY_PROBE_BYTES)];
            assert!(probe.contains(&0), "refused without a NUL byte");
            decode::sniff(input, forced, true, true).expect("--force never refuses")
        }
    };
    assert!(sniffed.bom_len <= input.len());

    // Streaming decode in two pushes == decode at once.
    let mut d = StreamDecoder::new(sniffed.encoding);
    let mut streamed = d.push(&input[..split], false);
    streamed.push_str(&d.push(&input[split..], true));
    let (text, lossy) = decode::decode_whole(input.to_vec(), sniffed);
    assert_eq!(streamed, text, "streamed decode differs (split at {split})");
    assert_eq!(d.had_errors(), lossy, "error flags differ");
    assert!(!text.contains('\r'), "CR left in the text");

    // Structure, whole and streamed.
    let plain = Document::parse(&text, Format::Plain);
    check_document(&plain, Format::Plain);
    let md = Document::parse(&text, Format::Markdown);
    check_document(&md, Format::Markdown);
    compare(&stream(&text, &mut rng, 0), &plain);

    // Rarely: a line longer than two paragraph caps, to reach the long-line cutting.
    if flags & 0xF0 == 0xF0 {
        let unit: String = text.chars().filter(|&c| c != '\n').collect();
        let unit = if unit.is_empty() {
            "天".to_owned()
        } else {
            unit
        };
        let target = 2 * MAX_PARAGRAPH_BYTES + 4096 + (rng.next() % 8192) as usize;
        let mut long = String::with_capacity(target + text.len());
        while long.len() < target {
            long.push_str(&unit);
        }
        long.push_str(&text);
        let whole = Document::parse(&long, Format::Plain);
        check_document(&whole, Format::Plain);
        compare(&stream(&long, &mut rng, 4096), &whole);
    }
});
