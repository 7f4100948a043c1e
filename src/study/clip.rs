//! What `y`/`Y` copy and how it reaches the clipboard: plain text with the paragraphs' line
//! breaks, an optional citation (`——《title》 一、… › （二）…`), and the OSC 52 escape
//! sequence that carries it to the terminal.
//!
//! Invariants: copied text holds no control or format character but `\n` (the document's are
//! dropped, a tab becomes a space), so nothing of the document can drive the terminal; the
//! OSC 52 sequence is `ESC ] 52 ; c ; <base64 of the UTF-8 text> BEL`, and base64 has no
//! control character either.

use std::ops::Range;

use crate::display::{line_join, needs_escape};
use crate::document::Document;

/// The text of `range` of `doc` as copied: the paragraphs it touches, cut to the range, one
/// per line, without their indentation; a reflowed paragraph joined as it is drawn.
pub fn plain_text(doc: &Document, range: Range<usize>) -> String {
    let mut out = String::new();
    if range.is_empty() || doc.paragraphs.is_empty() {
        return out;
    }
    let first = doc.paragraph_at(range.start);
    let last = doc.paragraph_at(range.end - 1);
    for p in &doc.paragraphs[first..=last.max(first)] {
        let cut = p.range.start.max(range.start)..p.range.end.min(range.end);
        let text = doc.slice(&cut).trim();
        if text.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        let mut prev = "";
        for (i, line) in text.split('\n').enumerate() {
            let line = line.trim_start();
            if i > 0 {
                out.push_str(line_join(prev, line));
            }
            push_clean(line.trim_end(), &mut out);
            prev = line;
        }
    }
    out
}

/// Appends `s` without its control and format characters (a tab as a space).
fn push_clean(s: &str, out: &mut String) {
    for c in s.chars() {
        if c == '\t' {
            out.push(' ');
        } else if !needs_escape(c) && c != '\n' {
            out.push(c);
        }
    }
}

/// Section `section` of `doc` as copied by `Y`: its heading and its text, subsections
/// included.
pub fn section_text(doc: &Document, section: usize) -> String {
    let paras = doc.section_paragraphs(section);
    let (Some(first), Some(last)) = (
        doc.paragraphs.get(paras.start),
        doc.paragraphs.get(paras.end.saturating_sub(1)),
    ) else {
        return String::new();
    };
    plain_text(doc, first.range.start..last.range.end)
}

/// The citation of the place `at` in `doc`: `——《title》 一、… › （二）…` (the document's title,
/// or `name` when it has none, then the section path). Without sections, only the title.
pub fn citation(doc: &Document, at: usize, name: &str) -> String {
    let title = doc.title_text().map_or(name, str::trim);
    let mut out = format!("——《{}》", clean(title));
    if let Some(s) = doc.section_at_paragraph(doc.paragraph_at(at)) {
        let path: Vec<String> = doc
            .ancestry(s)
            .into_iter()
            .map(|a| clean(doc.section_title(a).trim()))
            .collect();
        out.push(' ');
        out.push_str(&path.join(" › "));
    }
    out
}

/// `s` without control and format characters, on one line.
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_clean(&s.replace('\n', " "), &mut out);
    out
}

/// `text` followed by its citation on a line of its own.
pub fn with_citation(text: &str, citation: &str) -> String {
    format!("{text}\n{citation}")
}

/// The OSC 52 sequence that puts `text` on the system clipboard (`c`), ended by BEL.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", base64(text.as_bytes()))
}

/// Standard base64 (RFC 4648, with padding).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * k)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, coded) in cases {
            assert_eq!(base64(plain.as_bytes()), coded, "{plain:?}");
        }
        // 中 is E4 B8 AD
        assert_eq!(base64("中".as_bytes()), "5Lit");
    }

    #[test]
    fn osc52_is_the_exact_sequence() {
        assert_eq!(osc52("中文。\n"), "\x1b]52;c;5Lit5paH44CCCg==\x07");
    }

    #[test]
    fn copied_text_keeps_paragraph_breaks_and_drops_control_characters() {
        let doc = Document::parse(
            "一、总体\n　　甲句\x1b[31m。乙\t句。\n　　丙\u{202e}句。\n",
            Format::Plain,
        );
        let from = doc.text.find('甲').unwrap();
        let to = doc.text.find("丙").unwrap() + "丙\u{202e}句。".len();
        let text = plain_text(&doc, from..to);
        assert_eq!(text, "甲句[31m。乙 句。\n丙句。");
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'));
        assert!(!osc52(&text)[1..text.len()].contains('\x1b'));
    }

    #[test]
    fn a_reflowed_paragraph_is_copied_joined() {
        let doc = Document::parse("Hello\n  world。", Format::Plain);
        let whole = 0..doc.text.len();
        assert_eq!(plain_text(&doc, whole), "Hello\nworld。");
        // joins as the reader draws them: a space between Latin words, nothing next to CJK
        let mut joined = Document::parse("x", Format::Plain);
        joined.text = "Hello\n  world and\n  中文".to_owned();
        joined.paragraphs[0].range = 0..joined.text.len();
        assert_eq!(
            plain_text(&joined, 0..joined.text.len()),
            "Hello world and中文"
        );
    }

    #[test]
    fn a_section_is_copied_with_its_heading_and_cited_by_its_path() {
        let doc = Document::parse(
            "关于学习的讲话\n一、总体要求\n（一）提高认识\n　　第一段。\n（二）抓好落实\n　　第二段。\n二、其他\n　　第三段。\n",
            Format::Plain,
        );
        let one = (0..doc.sections.len())
            .find(|&s| doc.section_title(s).starts_with("一、"))
            .unwrap();
        assert_eq!(
            section_text(&doc, one),
            "一、总体要求\n（一）提高认识\n第一段。\n（二）抓好落实\n第二段。"
        );
        let at = doc.text.find("第二段").unwrap();
        assert_eq!(
            citation(&doc, at, "talk.txt"),
            "——《关于学习的讲话》 一、总体要求 › （二）抓好落实"
        );
        // no title block: the file's name, without its control characters
        let bare = Document::parse("没有标题的一句话。", Format::Plain);
        assert_eq!(bare.title_text(), None);
        assert_eq!(citation(&bare, 0, "a\u{7}.txt"), "——《a.txt》");
    }
}
