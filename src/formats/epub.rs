//! EPUB 2 and 3: `META-INF/container.xml` → OPF (title, manifest, spine) → each spine XHTML
//! document through the HTML extraction in book mode ([`super::html::extract_into`]).
//!
//! The navigation is the EPUB 3 navigation document (the `nav` with `epub:type="toc"`, nested
//! `ol`s) when it lists anything, else the EPUB 2 NCX `navMap` (nested `navPoint`s). Each entry's
//! target (`file#fragment`) maps to the line where that element's text starts, or the file's
//! first line without a fragment.
//!
//! Part by part: [`Extractor::convert_next`] converts one spine document at a time, so a loader
//! can show the first chapters of a 50 MB book while the rest is converted;
//! [`Extractor::into_extracted`] converts what is left and resolves the navigation.

use std::collections::HashMap;
use std::ops::Range;

use super::dom::{Node, NodeRef};

use super::xml::{Node as XNode, Xml, attr, local};
use super::zip_limits::{Archive, join};
use super::{Builder, Extracted, FormatError, NavEntry, collapse_ws, html};

/// A navigation entry before its target is known as a line.
#[derive(Debug, Clone)]
struct RawNav {
    depth: u8,
    title: String,
    part: String,
    fragment: Option<String>,
}

/// Converts an EPUB spine document by spine document.
pub struct Extractor<'a> {
    ar: Archive<'a>,
    spine: Vec<String>,
    next: usize,
    b: Builder,
    part_start: HashMap<String, u32>,
    ids: HashMap<(String, String), u32>,
    nav: Vec<RawNav>,
    missing: usize,
}

impl<'a> Extractor<'a> {
    /// Opens the book: container, package document and navigation (no chapter converted yet).
    pub fn new(bytes: &'a [u8]) -> Result<Self, FormatError> {
        Self::with_builder(bytes, Builder::default())
    }

    /// [`Self::new`], converting through `b` (which may hand lines over as they are made).
    pub(crate) fn with_builder(bytes: &'a [u8], mut b: Builder) -> Result<Self, FormatError> {
        let mut ar = Archive::open(bytes, "EPUB")?;
        for w in std::mem::take(&mut ar.warnings) {
            b.warn(w);
        }
        let opf_path = match ar.read_text("META-INF/container.xml")? {
            Some(c) => rootfile(&c)?,
            None => None,
        }
        .filter(|p| ar.contains(p))
        .ok_or_else(|| FormatError::MissingPart {
            kind: "EPUB",
            part: "META-INF/container.xml (or its OPF)".into(),
        })?;
        let opf_text = ar
            .read_text(&opf_path)?
            .ok_or_else(|| FormatError::MissingPart {
                kind: "EPUB",
                part: opf_path.clone(),
            })?;
        let opf = parse_opf(&opf_text, &opf_path)?;
        if let Some(t) = &opf.title {
            b.set_title(t);
        }
        if let Some(w) = opf.warning {
            b.warn(w);
        }
        let mut nav = Vec::new();
        if let Some(nav_path) = &opf.nav
            && let Some(text) = ar.read_text(nav_path)?
        {
            nav = parse_nav_doc(&text, nav_path);
        }
        if nav.is_empty()
            && let Some(ncx_path) = &opf.ncx
            && let Some(text) = ar.read_text(ncx_path)?
        {
            nav = parse_ncx(&text, ncx_path)?;
        }
        Ok(Self {
            ar,
            spine: opf.spine,
            next: 0,
            b,
            part_start: HashMap::new(),
            ids: HashMap::new(),
            nav,
            missing: 0,
        })
    }

    /// Number of spine documents.
    pub fn total_parts(&self) -> usize {
        self.spine.len()
    }

    /// Number of spine documents converted so far.
    pub fn done_parts(&self) -> usize {
        self.next
    }

    /// The text converted so far (grows by whole lines).
    pub fn text(&self) -> &str {
        &self.b.out.text
    }

    /// Converts the next spine document; returns the range of 1-based lines it added
    /// (possibly empty), or `None` when every document is converted.
    pub fn convert_next(&mut self) -> Result<Option<Range<u32>>, FormatError> {
        let Some(part) = self.spine.get(self.next).cloned() else {
            return Ok(None);
        };
        if self.b.abandoned() {
            self.next = self.spine.len();
            return Ok(None);
        }
        self.next += 1;
        let start = self.b.next_line();
        self.part_start.entry(part.clone()).or_insert(start);
        match self.ar.read_text(&part) {
            Ok(Some(xhtml)) => {
                let mut ids = HashMap::new();
                html::extract_into(&mut self.b, &xhtml, &mut ids);
                for (id, line) in ids {
                    self.ids.entry((part.clone(), id)).or_insert(line);
                }
            }
            Ok(None) => self.missing += 1,
            Err(e @ (FormatError::TooLarge { .. } | FormatError::Bomb { .. })) => return Err(e),
            Err(e) => {
                self.missing += 1;
                self.b.warn(format!("{part}: {e}"));
            }
        }
        Ok(Some(start..self.b.next_line()))
    }

    /// Converts what is left and resolves the navigation.
    pub fn into_extracted(mut self) -> Result<Extracted, FormatError> {
        while self.convert_next()?.is_some() {}
        if self.missing > 0 {
            self.b.warn(format!(
                "{} spine document(s) missing from the archive: skipped",
                self.missing
            ));
        }
        let last = self.b.next_line().saturating_sub(1).max(1);
        let mut unresolved = 0;
        for n in std::mem::take(&mut self.nav) {
            let line = n
                .fragment
                .as_ref()
                .and_then(|f| self.ids.get(&(n.part.clone(), f.clone())))
                .or_else(|| self.part_start.get(&n.part))
                .copied();
            match line {
                Some(line) => self.b.nav(NavEntry {
                    line: line.min(last),
                    depth: n.depth,
                    title: n.title,
                }),
                None => unresolved += 1,
            }
        }
        if unresolved > 0 {
            self.b.warn(format!(
                "{unresolved} navigation entries point outside the book: left out"
            ));
        }
        Ok(self.b.finish())
    }
}

fn rootfile(container: &str) -> Result<Option<String>, FormatError> {
    let mut xml = Xml::new(container, "META-INF/container.xml");
    while let Some(n) = xml.next()? {
        if let XNode::Open(e) = n
            && local(&e) == b"rootfile"
            && attr(&e, b"media-type").is_none_or(|m| m == "application/oebps-package+xml")
            && let Some(p) = attr(&e, b"full-path")
        {
            return Ok(Some(join("", &p)));
        }
    }
    Ok(None)
}

struct Opf {
    title: Option<String>,
    spine: Vec<String>,
    nav: Option<String>,
    ncx: Option<String>,
    warning: Option<String>,
}

fn parse_opf(text: &str, path: &str) -> Result<Opf, FormatError> {
    let mut xml = Xml::new(text, path);
    let mut items: HashMap<String, (String, String)> = HashMap::new();
    let mut idrefs = Vec::new();
    let mut toc_id = None;
    let mut nav = None;
    let mut title: Option<String> = None;
    let mut in_title = false;
    while let Some(n) = xml.next()? {
        match n {
            XNode::Open(e) => match local(&e).as_slice() {
                b"title" if title.is_none() => {
                    in_title = true;
                    title = Some(String::new());
                }
                b"item" => {
                    let (Some(id), Some(href)) = (attr(&e, b"id"), attr(&e, b"href")) else {
                        continue;
                    };
                    let part = join(path, &href);
                    if attr(&e, b"properties")
                        .is_some_and(|p| p.split_whitespace().any(|p| p == "nav"))
                    {
                        nav = Some(part.clone());
                    }
                    items.insert(id, (part, attr(&e, b"media-type").unwrap_or_default()));
                }
                b"spine" => toc_id = attr(&e, b"toc"),
                b"itemref" => idrefs.extend(attr(&e, b"idref")),
                _ => {}
            },
            XNode::Close(name) => {
                if name == b"title" {
                    in_title = false;
                }
            }
            XNode::Text(t) => {
                if in_title && let Some(s) = title.as_mut() {
                    s.push_str(&t);
                }
            }
        }
    }
    let ncx = toc_id
        .and_then(|id| items.get(&id).map(|(p, _)| p.clone()))
        .or_else(|| {
            items
                .values()
                .find(|(_, m)| m == "application/x-dtbncx+xml")
                .map(|(p, _)| p.clone())
        });
    let spine = idrefs
        .iter()
        .filter_map(|id| items.get(id))
        .filter(|(_, m)| {
            m.is_empty() || m.contains("html") || m == "application/xml" || m == "text/xml"
        })
        .map(|(p, _)| p.clone())
        .collect();
    Ok(Opf {
        title: title.map(|t| collapse_ws(&t)).filter(|t| !t.is_empty()),
        spine,
        nav,
        ncx,
        warning: xml.entity_warning(),
    })
}

fn split_target(base: &str, href: &str) -> (String, Option<String>) {
    let fragment = href
        .split_once('#')
        .map(|(_, f)| f.to_owned())
        .filter(|f| !f.is_empty());
    (join(base, href), fragment)
}

/// EPUB 3 navigation document: the `toc` nav (or the first nav), nested lists.
fn parse_nav_doc(text: &str, path: &str) -> Vec<RawNav> {
    let doc = html::parse(text, true, &mut Builder::default());
    let navs: Vec<NodeRef<'_>> = doc
        .root()
        .descendants()
        .filter(|n| matches!(n.value(), Node::Element(e) if e.name() == "nav"))
        .collect();
    let is_toc = |n: &NodeRef<'_>| match n.value() {
        Node::Element(e) => e
            .attrs()
            .any(|(k, v)| k.ends_with("type") && v.split_whitespace().any(|t| t == "toc")),
        _ => false,
    };
    let Some(nav) = navs.iter().find(|n| is_toc(n)).or_else(|| navs.first()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(ol) = nav.descendants().find(|n| is_el(n, "ol") || is_el(n, "ul")) {
        walk_list(ol, 1, path, &mut out);
    }
    out
}

fn is_el(n: &NodeRef<'_>, name: &str) -> bool {
    matches!(n.value(), Node::Element(e) if e.name() == name)
}

/// Deepest navigation level followed (deeper lists are left out; no real book nests this far).
const MAX_NAV_DEPTH: u8 = 32;

fn walk_list(list: NodeRef<'_>, depth: u8, base: &str, out: &mut Vec<RawNav>) {
    for li in list.children().filter(|c| is_el(c, "li")) {
        let label = li.children().find(|c| is_el(c, "a") || is_el(c, "span"));
        if let Some(label) = label {
            let mut title = String::new();
            for d in label.descendants() {
                if let Node::Text(t) = d.value() {
                    title.push_str(t);
                }
            }
            let href = match label.value() {
                Node::Element(e) => e.attr("href").map(str::to_owned),
                _ => None,
            };
            let title = collapse_ws(&title);
            if let Some(href) = href
                && !title.is_empty()
            {
                let (part, fragment) = split_target(base, &href);
                out.push(RawNav {
                    depth,
                    title,
                    part,
                    fragment,
                });
            }
        }
        if depth < MAX_NAV_DEPTH {
            for sub in li.children().filter(|c| is_el(c, "ol") || is_el(c, "ul")) {
                walk_list(sub, depth + 1, base, out);
            }
        }
    }
}

/// EPUB 2 NCX: nested `navPoint`s, each with `navLabel/text` and `content@src`.
fn parse_ncx(text: &str, path: &str) -> Result<Vec<RawNav>, FormatError> {
    struct Point {
        title: String,
        src: Option<String>,
        emitted: bool,
    }
    fn emit(p: &mut Point, depth: usize, base: &str, out: &mut Vec<RawNav>) {
        if p.emitted {
            return;
        }
        p.emitted = true;
        let title = collapse_ws(&p.title);
        if let Some(src) = &p.src
            && !title.is_empty()
        {
            let (part, fragment) = split_target(base, src);
            out.push(RawNav {
                depth: depth.min(255) as u8,
                title,
                part,
                fragment,
            });
        }
    }
    let mut xml = Xml::new(text, path);
    let mut stack: Vec<Point> = Vec::new();
    let mut out = Vec::new();
    let mut in_label = false;
    let mut in_map = false;
    while let Some(n) = xml.next()? {
        match n {
            XNode::Open(e) => match local(&e).as_slice() {
                b"navMap" => in_map = true,
                b"navPoint" if in_map => {
                    let depth = stack.len();
                    if let Some(parent) = stack.last_mut() {
                        emit(parent, depth, path, &mut out);
                    }
                    stack.push(Point {
                        title: String::new(),
                        src: None,
                        emitted: false,
                    });
                }
                b"navLabel" => in_label = true,
                b"content" => {
                    if let Some(p) = stack.last_mut()
                        && p.src.is_none()
                    {
                        p.src = attr(&e, b"src");
                    }
                }
                _ => {}
            },
            XNode::Close(name) => match name.as_slice() {
                b"navMap" => in_map = false,
                b"navLabel" => in_label = false,
                b"navPoint" => {
                    let depth = stack.len();
                    if let Some(mut p) = stack.pop() {
                        emit(&mut p, depth, path, &mut out);
                    }
                }
                _ => {}
            },
            XNode::Text(t) => {
                if in_label && let Some(p) = stack.last_mut() {
                    p.title.push_str(&t);
                }
            }
        }
    }
    Ok(out)
}
