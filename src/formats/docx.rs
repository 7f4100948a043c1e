//! Word `.docx`: `word/document.xml` walked in body order with quick-xml, while it inflates (the
//! styles, numbering, notes and core properties are read first; they are small).
//!
//! Paragraphs (`w:p`) become lines; runs' `w:t` text is joined, `w:tab` is a tab, `w:br`/`w:cr`
//! start a new line (see the module doc of [`super`]). Deleted text (`w:delText`,
//! `w:moveFrom`), field instructions (`w:instrText`) and `mc:Fallback` copies are skipped.
//! Headings: a direct `w:outlineLvl` in the paragraph, else the style's rank (see
//! [`super::styles`]). Automatic numbers are put in front of the text (see
//! [`super::numbering`]). Tables are aligned preformatted rows (a nested table is flattened
//! into its cell). A text box's paragraphs come out as their own lines before the paragraph
//! that anchors them. The first `Title`-style paragraph gives the title (the core property
//! `dc:title` otherwise). Paragraphs in Word's table-of-contents styles (`toc 1` …) are
//! preformatted lines, so a generated contents page never yields headings.

use std::collections::HashMap;
use std::rc::Rc;

use super::numbering::Numbering;
use super::styles::Styles;
use super::xml::{Node, Xml, attr, local, stream_part};
use super::zip_limits::{Archive, join};
use super::{Builder, Extracted, FormatError, collapse_ws};

#[derive(Default)]
struct Para {
    text: String,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    outline: Option<u8>,
    in_ppr: bool,
}

#[derive(Default)]
struct Table {
    rows: Vec<Vec<String>>,
    cell: String,
}

/// Extracts a Word file through `b` (which may hand lines over as they are made).
pub(crate) fn extract(bytes: &[u8], mut b: Builder) -> Result<Extracted, FormatError> {
    let mut ar = Archive::open(bytes, "Word")?;
    for w in std::mem::take(&mut ar.warnings) {
        b.warn(w);
    }
    let main = main_part(&mut ar)?;
    if !ar.contains(&main) {
        return Err(FormatError::MissingPart {
            kind: "Word",
            part: main,
        });
    }
    let rels = part_rels(&mut ar, &main)?;
    let target = |suffix: &str, default: &str| {
        rels.iter()
            .find(|(t, _)| t.ends_with(suffix))
            .map_or_else(|| default.to_owned(), |(_, p)| p.clone())
    };
    let (styles, w) = match ar.read_text(&target("/styles", "word/styles.xml"))? {
        Some(t) => Styles::parse(&t)?,
        None => (Styles::default(), None),
    };
    b.warn_opt(w);
    let (numbering, w) = match ar.read_text(&target("/numbering", "word/numbering.xml"))? {
        Some(t) => Numbering::parse(&t)?,
        None => (Numbering::default(), None),
    };
    b.warn_opt(w);
    let footnotes = match ar.read_text(&target("/footnotes", "word/footnotes.xml"))? {
        Some(t) => parse_notes(&t, "word/footnotes.xml", b"footnote")?,
        None => HashMap::new(),
    };
    let endnotes = match ar.read_text(&target("/endnotes", "word/endnotes.xml"))? {
        Some(t) => parse_notes(&t, "word/endnotes.xml", b"endnote")?,
        None => HashMap::new(),
    };
    // read before the body: the body's stream holds the archive until its walk ends
    let title = match ar.read_text("docProps/core.xml")? {
        Some(core) => core_title(&core),
        None => None,
    };
    let mut walker = Walker {
        b,
        styles,
        numbering,
        footnotes,
        endnotes,
        note_no: 0,
        pending: Vec::new(),
        ending: Vec::new(),
        paras: Vec::new(),
        tables: Vec::new(),
        in_text: false,
        image_alt: None,
    };
    let Some(body) = ar.stream(&main)? else {
        return Err(FormatError::MissingPart {
            kind: "Word",
            part: main,
        });
    };
    // the body is walked while it inflates: its first paragraphs come out at once
    let failure = Rc::clone(&body.failure);
    let mut whole = String::new();
    let body_walk = match stream_part(body, &main, &mut whole) {
        Ok(xml) => walker.walk(xml),
        Err(e) => Err(FormatError::BadArchive {
            kind: "Word",
            msg: format!("part {main}: {e}"),
        }),
    };
    // a limit broken while inflating is the reason, not the XML error it caused
    if let Some(why) = failure.borrow_mut().take() {
        return Err(why);
    }
    body_walk?;
    let mut b = walker.finish();
    if let Some(t) = title {
        b.set_title(&t);
    }
    Ok(b.finish())
}

impl Builder {
    fn warn_opt(&mut self, w: Option<String>) {
        if let Some(w) = w {
            self.warn(w);
        }
    }
}

/// The main document part named by `_rels/.rels` (`word/document.xml` when unstated).
fn main_part(ar: &mut Archive<'_>) -> Result<String, FormatError> {
    let default = "word/document.xml".to_owned();
    let Some(rels) = ar.read_text("_rels/.rels")? else {
        return Ok(default);
    };
    Ok(parse_rels(&rels, "")?
        .into_iter()
        .find(|(t, p)| t.ends_with("/officeDocument") && ar.contains(p))
        .map_or(default, |(_, p)| p))
}

/// The relationships of `part` (type, resolved target).
fn part_rels(ar: &mut Archive<'_>, part: &str) -> Result<Vec<(String, String)>, FormatError> {
    let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
    let rels_name = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    match ar.read_text(&rels_name)? {
        Some(t) => parse_rels(&t, part),
        None => Ok(Vec::new()),
    }
}

fn parse_rels(text: &str, base: &str) -> Result<Vec<(String, String)>, FormatError> {
    let mut xml = Xml::new(text, "relationships");
    let mut out = Vec::new();
    while let Some(n) = xml.next()? {
        if let Node::Open(e) = n
            && local(&e) == b"Relationship"
            && attr(&e, b"TargetMode").is_none_or(|m| m != "External")
            && let (Some(t), Some(target)) = (attr(&e, b"Type"), attr(&e, b"Target"))
        {
            out.push((t, join(base, &target)));
        }
    }
    Ok(out)
}

fn core_title(text: &str) -> Option<String> {
    let mut xml = Xml::new(text, "docProps/core.xml");
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
    let t = collapse_ws(&title);
    (!t.is_empty()).then_some(t)
}

/// Footnotes or endnotes by id: paragraphs joined with a space (separators skipped).
fn parse_notes(text: &str, part: &str, tag: &[u8]) -> Result<HashMap<String, String>, FormatError> {
    let mut xml = Xml::new(text, part);
    let mut out = HashMap::new();
    let mut cur: Option<(String, String)> = None;
    let mut in_t = false;
    while let Some(n) = xml.next()? {
        match n {
            Node::Open(e) => match local(&e).as_slice() {
                t if t == tag => {
                    let special = attr(&e, b"type").is_some_and(|t| t != "normal");
                    cur = (!special).then(|| (attr(&e, b"id").unwrap_or_default(), String::new()));
                }
                b"t" => in_t = true,
                b"tab" | b"br" | b"cr" | b"p" => {
                    if let Some((_, s)) = cur.as_mut() {
                        s.push(' ');
                    }
                }
                b"delText" | b"instrText" | b"Fallback" => xml.skip_element()?,
                _ => {}
            },
            Node::Close(name) => {
                if name == tag
                    && let Some((id, s)) = cur.take()
                {
                    out.insert(id, collapse_ws(&s));
                }
                if name == b"t" {
                    in_t = false;
                }
            }
            Node::Text(t) => {
                if in_t && let Some((_, s)) = cur.as_mut() {
                    s.push_str(&t);
                }
            }
        }
    }
    Ok(out)
}

struct Walker {
    b: Builder,
    styles: Styles,
    numbering: Numbering,
    footnotes: HashMap<String, String>,
    endnotes: HashMap<String, String>,
    note_no: u32,
    /// Footnotes waiting for the end of their section.
    pending: Vec<String>,
    /// Endnotes waiting for the end of the document.
    ending: Vec<String>,
    paras: Vec<Para>,
    tables: Vec<Table>,
    in_text: bool,
    image_alt: Option<String>,
}

impl Walker {
    fn push_text(&mut self, s: &str) {
        if let Some(p) = self.paras.last_mut() {
            p.text.push_str(s);
        } else if let Some(t) = self.tables.last_mut() {
            t.cell.push_str(s);
        }
    }

    fn walk(&mut self, mut xml: Xml<'_>) -> Result<(), FormatError> {
        while let Some(node) = xml.next()? {
            match node {
                Node::Open(e) => {
                    let name = local(&e);
                    let in_ppr = self.paras.last().is_some_and(|p| p.in_ppr);
                    match name.as_slice() {
                        b"p" => self.paras.push(Para::default()),
                        b"pPr" => {
                            if let Some(p) = self.paras.last_mut() {
                                p.in_ppr = true;
                            }
                        }
                        b"pPrChange" | b"rPr" | b"tabs" if in_ppr => xml.skip_element()?,
                        b"pStyle" if in_ppr => self.set(|p| p.style = attr(&e, b"val")),
                        b"numId" if in_ppr => self.set(|p| p.num_id = attr(&e, b"val")),
                        b"ilvl" if in_ppr => {
                            self.set(|p| p.ilvl = attr(&e, b"val").and_then(|v| v.parse().ok()));
                        }
                        b"outlineLvl" if in_ppr => {
                            self.set(|p| p.outline = attr(&e, b"val").and_then(|v| v.parse().ok()));
                        }
                        b"t" => self.in_text = true,
                        b"delText" | b"instrText" | b"moveFrom" | b"Fallback" | b"rPr"
                        | b"tblPr" | b"tcPr" | b"trPr" | b"sectPr" => xml.skip_element()?,
                        b"tab" => self.push_text("\t"),
                        b"br" | b"cr" => self.push_text("\n"),
                        b"noBreakHyphen" => self.push_text("-"),
                        b"footnoteReference" => self.note_ref(true, attr(&e, b"id")),
                        b"endnoteReference" => self.note_ref(false, attr(&e, b"id")),
                        b"drawing" | b"pict" => self.image_alt = Some(String::new()),
                        b"docPr" => {
                            let alt = attr(&e, b"descr")
                                .filter(|s| !s.trim().is_empty())
                                .or_else(|| attr(&e, b"title"));
                            self.image_alt_from(alt);
                        }
                        b"tbl" => self.tables.push(Table::default()),
                        b"tr" => {
                            if let Some(t) = self.tables.last_mut() {
                                t.rows.push(Vec::new());
                            }
                        }
                        b"tc" => {
                            if let Some(t) = self.tables.last_mut() {
                                t.cell.clear();
                            }
                        }
                        _ => {}
                    }
                }
                Node::Close(name) => match name.as_slice() {
                    b"t" => self.in_text = false,
                    b"pPr" => self.set(|p| p.in_ppr = false),
                    b"p" => {
                        self.end_paragraph();
                        if self.b.abandoned() {
                            return Ok(()); // nobody reads on
                        }
                    }
                    b"drawing" | b"pict" => {
                        if let Some(alt) = self.image_alt.take() {
                            self.push_text(&if alt.is_empty() {
                                "[图]".to_owned()
                            } else {
                                format!("[图 {alt}]")
                            });
                        }
                    }
                    b"tc" => {
                        if let Some(t) = self.tables.last_mut() {
                            let cell = collapse_ws(&std::mem::take(&mut t.cell));
                            if t.rows.is_empty() {
                                t.rows.push(Vec::new());
                            }
                            if let Some(row) = t.rows.last_mut() {
                                row.push(cell);
                            }
                        }
                    }
                    b"tbl" => self.end_table(),
                    _ => {}
                },
                Node::Text(t) => {
                    if self.in_text {
                        self.push_text(&t);
                    }
                }
            }
        }
        if let Some(w) = xml.entity_warning() {
            self.b.warn(w);
        }
        // Unclosed elements in a damaged part: keep what was read.
        while !self.paras.is_empty() {
            self.end_paragraph();
        }
        while !self.tables.is_empty() {
            self.end_table();
        }
        Ok(())
    }

    /// A footnote (`foot`) or endnote reference: `[N]` in the text, the note kept for later.
    fn note_ref(&mut self, foot: bool, id: Option<String>) {
        let notes = if foot {
            &self.footnotes
        } else {
            &self.endnotes
        };
        let Some(text) = id.and_then(|id| notes.get(&id).cloned()) else {
            return;
        };
        self.note_no += 1;
        let mark = format!("[{}]", self.note_no);
        let line = format!("{mark} {text}");
        if foot {
            self.pending.push(line);
        } else {
            self.ending.push(line);
        }
        self.push_text(&mark);
    }

    fn image_alt_from(&mut self, alt: Option<String>) {
        if let (Some(slot), Some(alt)) = (self.image_alt.as_mut(), alt) {
            *slot = collapse_ws(&alt);
        }
    }

    fn set(&mut self, f: impl FnOnce(&mut Para)) {
        if let Some(p) = self.paras.last_mut() {
            f(p);
        }
    }

    fn end_paragraph(&mut self) {
        let Some(p) = self.paras.pop() else { return };
        let style_num = p.style.as_deref().and_then(|s| self.styles.numbering(s));
        let num = match (p.num_id, style_num) {
            (Some(id), style) => Some((id, p.ilvl.or(style.map(|(_, l)| l)).unwrap_or(0))),
            (None, Some((id, l))) => Some((id, p.ilvl.unwrap_or(l))),
            (None, None) => None,
        };
        let label = num
            .and_then(|(id, l)| self.numbering.label(&id, l))
            .unwrap_or_default();
        let text = format!("{label}{}", p.text);
        if !self.paras.is_empty() {
            // A text box inside a paragraph: its paragraphs become lines of their own now.
            self.b.para(&text, None);
            return;
        }
        if let Some(t) = self.tables.last_mut() {
            if !t.cell.is_empty() && !text.trim().is_empty() {
                t.cell.push(' ');
            }
            t.cell.push_str(&text.replace(['\n', '\t'], " "));
            return;
        }
        let rank = match p.outline {
            Some(l) if l < 9 => Some(l + 1),
            Some(_) => None,
            None => p.style.as_deref().and_then(|s| self.styles.heading_rank(s)),
        };
        if p.style.as_deref().is_some_and(|s| self.styles.is_toc(s)) {
            // A generated table of contents: kept as printed, never taken for headings.
            for row in text.split('\n') {
                if !row.trim().is_empty() {
                    self.b.pre(row);
                }
            }
            return;
        }
        let is_title = p.style.as_deref().is_some_and(|s| self.styles.is_title(s));
        if is_title {
            self.b.set_title(&text);
        }
        if rank.is_some() && !text.trim().is_empty() {
            self.flush_notes();
        }
        self.b.para(&text, if is_title { None } else { rank });
    }

    fn end_table(&mut self) {
        let Some(t) = self.tables.pop() else { return };
        let rows: Vec<Vec<String>> = t.rows.into_iter().filter(|r| !r.is_empty()).collect();
        if let Some(outer) = self.tables.last_mut() {
            let flat: Vec<String> = rows.iter().map(|r| r.join(" ")).collect();
            if !outer.cell.is_empty() {
                outer.cell.push(' ');
            }
            outer.cell.push_str(&flat.join("; "));
        } else {
            self.b.table(&rows);
        }
    }

    fn flush_notes(&mut self) {
        for n in std::mem::take(&mut self.pending) {
            self.b.para(&n, None);
        }
    }

    fn finish(mut self) -> Builder {
        self.flush_notes();
        for n in std::mem::take(&mut self.ending) {
            self.b.para(&n, None);
        }
        self.b
    }
}
