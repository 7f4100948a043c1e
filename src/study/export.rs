//! The study notes of a document written out: Markdown for people (`gangmu --notes`, the
//! reader's export key) and JSON for tools (`--notes --json`).
//!
//! Markdown: `# title`, then for each highlight in document order the section path as a
//! `##` heading (written again only when it changes), the highlighted text as a block quote
//! and the note below it as a paragraph. Orphans (text no longer in the document) come last
//! under a heading of their own, so nothing is dropped. Everything written is free of control
//! characters.

use std::io::{self, Write};

use serde_json::json;

use super::Note;
use super::clip::{citation, plain_text};
use crate::display::needs_escape;
use crate::document::Document;

/// Words the export writes besides the document's.
#[derive(Debug, Clone, Copy)]
pub struct Words<'a> {
    /// The document's name, used as the title when it has none.
    pub name: &'a str,
    /// The heading above the orphans.
    pub orphans: &'a str,
}

/// The section path of the place `at`: titles from the top level down (empty before the first
/// heading).
pub fn breadcrumb(doc: &Document, at: usize) -> Vec<String> {
    doc.section_at_paragraph(doc.paragraph_at(at))
        .map(|s| {
            doc.ancestry(s)
                .into_iter()
                .map(|a| one_line(doc.section_title(a)))
                .collect()
        })
        .unwrap_or_default()
}

/// `s` trimmed, on one line, without control characters.
fn one_line(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|&c| !needs_escape(c))
        .collect()
}

/// `s` without control characters but its line breaks.
fn clean(s: &str) -> String {
    s.chars()
        .filter(|&c| c == '\n' || !needs_escape(c))
        .collect()
}

/// The document's title as the export writes it.
fn title(doc: &Document, name: &str) -> String {
    let t = doc.title_text().map(one_line).unwrap_or_default();
    if t.is_empty() { one_line(name) } else { t }
}

/// The highlighted text of `n` as exported: the document's text when placed, else as saved.
fn quoted(doc: &Document, n: &Note) -> String {
    match &n.range {
        Some(r) => plain_text(doc, r.clone()),
        None => clean(n.anchor.text.trim()),
    }
}

/// Writes `notes` (in document order) as Markdown.
pub fn write_markdown(
    doc: &Document,
    notes: &[Note],
    words: Words<'_>,
    out: &mut impl Write,
) -> io::Result<()> {
    writeln!(out, "# {}", title(doc, words.name))?;
    let mut last: Option<Vec<String>> = None;
    for n in notes {
        let heading = match &n.range {
            Some(r) => breadcrumb(doc, r.start),
            None => vec![one_line(words.orphans)],
        };
        if last.as_ref() != Some(&heading) && !heading.is_empty() {
            writeln!(out, "\n## {}", heading.join(" › "))?;
        }
        last = Some(heading);
        writeln!(out)?;
        for line in quoted(doc, n).lines() {
            writeln!(out, "> {line}")?;
        }
        let note = clean(n.note.trim());
        if !note.is_empty() {
            writeln!(out)?;
            for line in note.lines() {
                // two trailing spaces keep the note's own line breaks in Markdown
                writeln!(out, "{}  ", line.trim_end())?;
            }
        }
    }
    Ok(())
}

/// Writes `notes` as JSON: `{"title", "notes": [{"path", "line", "text", "note", "orphan",
/// "citation"}]}` (`path` the section titles from the top level, `line` the 1-based source
/// line; for an orphan the path is empty and the line 0).
pub fn write_json(
    doc: &Document,
    notes: &[Note],
    words: Words<'_>,
    out: &mut impl Write,
) -> io::Result<()> {
    let list: Vec<_> = notes
        .iter()
        .map(|n| {
            let (path, line, cite) = n.range.as_ref().map_or_else(
                || (Vec::new(), 0, String::new()),
                |r| {
                    let line = doc
                        .paragraphs
                        .get(doc.paragraph_at(r.start))
                        .map_or(0, |p| {
                            let line_in =
                                doc.slice(&(p.range.start..r.start)).matches('\n').count();
                            p.line as usize + line_in
                        });
                    (
                        breadcrumb(doc, r.start),
                        line,
                        citation(doc, r.start, words.name),
                    )
                },
            );
            json!({
                "path": path,
                "line": line,
                "text": quoted(doc, n),
                "note": clean(n.note.trim()),
                "orphan": n.is_orphan(),
                "citation": cite,
            })
        })
        .collect();
    let value = json!({ "title": title(doc, words.name), "notes": list });
    serde_json::to_writer_pretty(&mut *out, &value)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    const SPEECH: &str = "在学习会上的讲话\n一、总体要求\n　　要学深悟透。要知行合一。\n二、主要任务\n（一）抓学习\n　　学习是前提。\n";

    fn note(doc: &Document, text: &str, note: &str) -> Note {
        let at = doc.text.find(text).unwrap();
        Note::new(&doc.text, at..at + text.len(), note.into())
    }

    fn words() -> Words<'static> {
        Words {
            name: "talk.txt",
            orphans: "Orphans",
        }
    }

    #[test]
    fn markdown_has_the_title_then_breadcrumbs_quotes_and_notes_in_order() {
        let doc = Document::parse(SPEECH, Format::Plain);
        let mut notes = vec![
            note(&doc, "学习是前提。", "第一行\n第二\x1b行"),
            note(&doc, "要学深悟透。", ""),
            note(&doc, "要知行合一。", "重点"),
        ];
        super::super::sort(&mut notes);
        let mut orphan = note(&doc, "要知行合一。", "旧笔记");
        orphan.range = None;
        notes.push(orphan);
        let mut out = Vec::new();
        write_markdown(&doc, &notes, words(), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "# 在学习会上的讲话\n\n## 一、总体要求\n\n> 要学深悟透。\n\n> 要知行合一。\n\n重点  \n\n\
             ## 二、主要任务 › （一）抓学习\n\n> 学习是前提。\n\n第一行  \n第二行  \n\n\
             ## Orphans\n\n> 要知行合一。\n\n旧笔记  \n"
        );
    }

    #[test]
    fn json_names_each_place_for_tools() {
        let doc = Document::parse(SPEECH, Format::Plain);
        let notes = vec![note(&doc, "学习是前提。", "笔记")];
        let mut out = Vec::new();
        write_json(&doc, &notes, words(), &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["title"], "在学习会上的讲话");
        let n = &v["notes"][0];
        assert_eq!(n["path"], json!(["二、主要任务", "（一）抓学习"]));
        assert_eq!(n["line"], 6);
        assert_eq!(n["text"], "学习是前提。");
        assert_eq!(n["note"], "笔记");
        assert_eq!(n["orphan"], false);
        assert_eq!(
            n["citation"],
            "——《在学习会上的讲话》 二、主要任务 › （一）抓学习"
        );
    }
}
