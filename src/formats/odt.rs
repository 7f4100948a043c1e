//! ODF text (`.odt`): `content.xml`'s `office:text` in order. `text:p` paragraphs are lines,
//! `text:h` headings are marked with their `text:outline-level` (default 1); `text:tab` is a
//! tab, `text:s` spaces (its `text:c` count, capped), `text:line-break` a new line; list items
//! are paragraphs; tables are aligned preformatted rows (a nested table is flattened into its
//! cell); a note (`text:note`) leaves `[citation]` in the text and its body comes as
//! `[citation] text` after the paragraph; `draw:frame` images become `[图]`. The title comes
//! from `meta.xml`'s `dc:title`.

use quick_xml::events::BytesStart;

use super::xml::{Node, Xml, attr, local};
use super::zip_limits::Archive;
use super::{Builder, Extracted, FormatError, collapse_ws};

/// Extracts an ODF text through `b` (which may hand lines over as they are made).
pub(crate) fn extract(bytes: &[u8], b: Builder) -> Result<Extracted, FormatError> {
    let mut ar = Archive::open(bytes, "ODF text")?;
    let mut w = Walker {
        b,
        ..Walker::default()
    };
    for warning in std::mem::take(&mut ar.warnings) {
        w.b.warn(warning);
    }
    let content = ar
        .read_text("content.xml")?
        .ok_or_else(|| FormatError::MissingPart {
            kind: "ODF text",
            part: "content.xml".into(),
        })?;
    let mut xml = Xml::new(&content, "content.xml");
    while let Some(n) = xml.next()? {
        match n {
            Node::Open(e) => {
                if matches!(
                    local(&e).as_slice(),
                    b"tracked-changes" | b"annotation" | b"sequence-decls"
                ) {
                    xml.skip_element()?;
                } else {
                    w.open(&e);
                }
            }
            Node::Close(name) => w.close(&name),
            Node::Text(t) => w.text(&t),
        }
        if w.b.abandoned() {
            break; // nobody reads on
        }
    }
    if let Some(warning) = xml.entity_warning() {
        w.b.warn(warning);
    }
    let mut b = w.b;
    if let Some(meta) = ar.read_text("meta.xml")? {
        b.set_title(&meta_title(&meta));
    }
    Ok(b.finish())
}

fn meta_title(meta: &str) -> String {
    let mut xml = Xml::new(meta, "meta.xml");
    let mut in_title = false;
    let mut title = String::new();
    while let Ok(Some(n)) = xml.next() {
        match n {
            Node::Open(e) => in_title = local(&e) == b"title",
            Node::Close(_) => in_title = false,
            Node::Text(t) if in_title => title.push_str(&t),
            Node::Text(_) => {}
        }
    }
    title
}

#[derive(Default)]
struct Walker {
    b: Builder,
    in_body: bool,
    /// Open paragraphs: text and heading rank.
    paras: Vec<(String, Option<u8>)>,
    /// Note lines waiting for the end of the paragraph that cites them.
    notes: Vec<String>,
    note_depth: usize,
    note_text: String,
    in_citation: bool,
    citation: String,
    /// Open tables: rows of cells and the cell being filled.
    tables: Vec<(Vec<Vec<String>>, String)>,
}

impl Walker {
    fn push(&mut self, s: &str) {
        if self.note_depth > 0 {
            self.note_text.push_str(s);
        } else if let Some((p, _)) = self.paras.last_mut() {
            p.push_str(s);
        }
    }

    fn open(&mut self, e: &BytesStart<'_>) {
        match local(e).as_slice() {
            b"text" if !self.in_body => self.in_body = e.name().as_ref().ends_with(":text"),
            b"p" | b"h" if self.in_body => {
                let rank = (local(e) == b"h").then(|| {
                    attr(e, b"outline-level")
                        .and_then(|v| v.parse::<u8>().ok())
                        .unwrap_or(1)
                        .clamp(1, 9)
                });
                self.paras.push((String::new(), rank));
            }
            b"note" => {
                self.note_depth += 1;
                self.note_text.clear();
                self.citation.clear();
            }
            b"note-citation" => self.in_citation = true,
            b"tab" => self.push("\t"),
            b"line-break" => self.push("\n"),
            b"s" => {
                let c = attr(e, b"c")
                    .and_then(|c| c.parse::<usize>().ok())
                    .unwrap_or(1)
                    .min(64);
                self.push(&" ".repeat(c));
            }
            b"frame" => self.push("[图]"),
            b"table" => self.tables.push((Vec::new(), String::new())),
            b"table-row" => {
                if let Some((rows, _)) = self.tables.last_mut() {
                    rows.push(Vec::new());
                }
            }
            b"table-cell" => {
                if let Some((_, cell)) = self.tables.last_mut() {
                    cell.clear();
                }
            }
            _ => {}
        }
    }

    fn close(&mut self, name: &[u8]) {
        match name {
            b"p" | b"h" => self.end_paragraph(),
            b"note-citation" => self.in_citation = false,
            b"note" => {
                self.note_depth = self.note_depth.saturating_sub(1);
                let body = collapse_ws(&std::mem::take(&mut self.note_text));
                self.notes
                    .push(format!("[{}] {body}", std::mem::take(&mut self.citation)));
            }
            b"table-cell" => {
                if let Some((rows, cell)) = self.tables.last_mut() {
                    let c = collapse_ws(&std::mem::take(cell));
                    if let Some(r) = rows.last_mut() {
                        r.push(c);
                    }
                }
            }
            b"table" => {
                let Some((rows, _)) = self.tables.pop() else {
                    return;
                };
                let rows: Vec<Vec<String>> = rows.into_iter().filter(|r| !r.is_empty()).collect();
                if let Some((_, outer)) = self.tables.last_mut() {
                    outer.push_str(
                        &rows
                            .iter()
                            .map(|r| r.join(" "))
                            .collect::<Vec<_>>()
                            .join("; "),
                    );
                } else {
                    self.b.table(&rows);
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, t: &str) {
        if self.in_citation {
            // The citation shows in the paragraph holding the note and heads the note's line.
            self.citation.push_str(t.trim());
            if let Some((outer, _)) = self.paras.last_mut() {
                outer.push('[');
                outer.push_str(t.trim());
                outer.push(']');
            }
        } else {
            self.push(t);
        }
    }

    fn end_paragraph(&mut self) {
        let Some((text, rank)) = self.paras.pop() else {
            return;
        };
        if self.note_depth > 0 {
            self.note_text.push_str(&text);
            self.note_text.push(' ');
        } else if let Some(outer) = self.paras.last_mut() {
            outer.0.push_str(&text);
        } else if let Some((_, cell)) = self.tables.last_mut() {
            if !cell.is_empty() {
                cell.push(' ');
            }
            cell.push_str(&text);
        } else {
            self.b.para(&text, rank);
            for n in std::mem::take(&mut self.notes) {
                self.b.para(&n, None);
            }
        }
    }
}
