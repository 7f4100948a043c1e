//! HTML and XHTML through html5ever (into our small arena DOM, [`super::dom`]: browsers' parsing
//! rules, so unclosed `<p>`s, stray tags and a whole article on one physical line come out as a
//! browser sees them).
//!
//! A web page ([`extract`]): the charset comes from a BOM, `<meta charset>` or `http-equiv`, else
//! UTF-8 when valid, else a guess (chardetng). `script`, `style`, `nav`, `header`, `footer`,
//! `aside`, `form`, `noscript` and the like are dropped, and so is anything `hidden` or styled
//! `display:none`. The content root is `<main>`, else the biggest `<article>`, else the
//! **densest text block**: each element scores the letters (CJK, Latin, digits) of its direct
//! `<p>` children minus the letters inside links there, plus the letters of its own direct text
//! (pages that use `<br>` instead of `<p>`); the best-scoring element wins. A `<main>`/`<article>`
//! whose letters are under half the densest block's score is taken for a teaser and the dense
//! block is used instead. Menus of links score nothing, so the article's `<div>` wins. When the
//! article is split over sibling blocks (a sibling scores at least half as much), their parent
//! is used, up to three levels and never `<body>` itself.
//!
//! Inside the root: `<h1>`–`<h6>` are marked headings by rank; `p`, `li`, `div` and other
//! blocks end lines, `<br>` too; a table of short plain cells becomes aligned preformatted rows
//! (a table holding paragraphs is a layout table and is read as blocks); `<pre>` lines are
//! preformatted; `<img>` becomes `[图 alt]`.
//!
//! An EPUB chapter ([`extract_into`] in book mode) uses the whole `<body>` and keeps
//! `header`/`footer`/`nav` (chapter titles live there), and records the line of every `id` for
//! the navigation's fragment targets.

use std::collections::HashMap;

use super::dom::{Dom, Node, NodeId, NodeRef};

use super::markup::{MAX_MARKUP_DEPTH, decode, fix_self_closing, limit_nesting};
use super::{Builder, Extracted, collapse_ws};

/// Tags whose content is never text of the document.
const ALWAYS_DROP: &[&str] = &[
    "script", "style", "noscript", "template", "head", "iframe", "object", "svg", "math", "select",
    "textarea", "button", "canvas",
];
/// Page furniture dropped in a web page (kept in an EPUB chapter).
const PAGE_DROP: &[&str] = &["nav", "header", "footer", "aside", "form", "menu"];
/// Elements that end a line before and after themselves.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "section",
    "article",
    "main",
    "body",
    "html",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "tfoot",
    "caption",
    "figure",
    "figcaption",
    "address",
    "center",
    "hr",
    "header",
    "footer",
    "nav",
    "aside",
    "details",
    "summary",
    "fieldset",
    "legend",
    "hgroup",
];

/// Web page or book chapter.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Page,
    Book,
}

/// Extracts a web page.
pub(crate) fn extract(bytes: &[u8]) -> Extracted {
    let (text, warning) = decode(bytes);
    let mut b = Builder::default();
    if let Some(w) = warning {
        b.warn(w);
    }
    let doc = parse(&text, false, &mut b);
    if let Some(t) = title_of(&doc) {
        b.set_title(&t);
    }
    let root = pick_root(&doc);
    let mut ids = HashMap::new();
    Emitter {
        b: &mut b,
        mode: Mode::Page,
        ids: &mut ids,
        line: String::new(),
        rank: None,
        depth: 0,
    }
    .run(root);
    b.finish()
}

/// Parses markup with html5ever after bounding its nesting (see [`limit_nesting`]); XHTML's
/// self-closed elements are opened and closed first.
pub(crate) fn parse(markup: &str, xhtml: bool, b: &mut Builder) -> Dom {
    let fixed;
    let markup = if xhtml {
        fixed = fix_self_closing(markup);
        fixed.as_str()
    } else {
        markup
    };
    let (bounded, dropped) = limit_nesting(markup, MAX_MARKUP_DEPTH);
    if dropped > 0 {
        b.warn(format!(
            "markup nested deeper than {MAX_MARKUP_DEPTH} elements: {dropped} tags ignored"
        ));
    }
    Dom::parse_document(&bounded)
}

/// Extracts one XHTML document of a book into `b`; `ids` gets the line of each element id.
pub(crate) fn extract_into(
    b: &mut Builder,
    xhtml: &str,
    ids: &mut HashMap<String, u32>,
) -> Option<String> {
    let doc = parse(xhtml, true, b);
    let body = doc
        .root()
        .descendants()
        .find(|n| matches!(n.value(), Node::Element(e) if e.name() == "body"))
        .unwrap_or_else(|| doc.root());
    Emitter {
        b,
        mode: Mode::Book,
        ids,
        line: String::new(),
        rank: None,
        depth: 0,
    }
    .run(body);
    title_of(&doc)
}

fn title_of(doc: &Dom) -> Option<String> {
    let t = doc
        .root()
        .descendants()
        .find(|n| matches!(n.value(), Node::Element(e) if e.name() == "title"))?;
    let t = collapse_ws(&text_of(t));
    (!t.is_empty()).then_some(t)
}

fn name_of<'a>(n: &NodeRef<'a>) -> Option<&'a str> {
    match n.value() {
        Node::Element(e) => Some(e.name()),
        _ => None,
    }
}

fn is_hidden(n: &NodeRef<'_>) -> bool {
    let Node::Element(e) = n.value() else {
        return false;
    };
    e.attr("hidden").is_some()
        || e.attr("aria-hidden").is_some_and(|v| v == "true")
        || e.attr("style").is_some_and(|s| {
            let s: String = s
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            s.contains("display:none") || s.contains("visibility:hidden")
        })
}

fn dropped(n: &NodeRef<'_>, mode: Mode) -> bool {
    name_of(n)
        .is_some_and(|t| ALWAYS_DROP.contains(&t) || mode == Mode::Page && PAGE_DROP.contains(&t))
        || is_hidden(n)
}

fn letters(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphanumeric()).count()
}

fn text_of(n: NodeRef<'_>) -> String {
    let mut s = String::new();
    for d in n.descendants() {
        if let Node::Text(t) = d.value() {
            s.push_str(t);
        }
    }
    s
}

/// Letters of a `<p>` outside links and dropped parts.
fn p_score(p: NodeRef<'_>) -> isize {
    let mut total = 0isize;
    let mut stack = vec![(p, false)];
    while let Some((n, in_link)) = stack.pop() {
        match n.value() {
            Node::Text(t) => {
                let l = letters(t).cast_signed();
                total += if in_link { -l } else { l };
            }
            Node::Element(e) if !dropped(&n, Mode::Page) => {
                let link = in_link || e.name() == "a";
                stack.extend(n.children().map(|c| (c, link)));
            }
            _ => {}
        }
    }
    total
}

fn pick_root(doc: &Dom) -> NodeRef<'_> {
    let root = doc.root();
    let alive = |n: &NodeRef<'_>| {
        !n.ancestors().any(|a| dropped(&a, Mode::Page)) && !dropped(n, Mode::Page)
    };
    let mut scores: HashMap<NodeId, isize> = HashMap::new();
    for n in root.descendants() {
        let Some(parent) = n.parent() else { continue };
        let add = match n.value() {
            Node::Element(e) if e.name() == "p" => p_score(n),
            Node::Text(t) if name_of(&parent) != Some("p") => letters(t).cast_signed(),
            _ => continue,
        };
        *scores.entry(parent.id()).or_default() += add;
    }
    let mut ranked: Vec<(NodeId, isize)> = scores
        .iter()
        .filter(|(_, s)| **s > 0)
        .map(|(k, v)| (*k, *v))
        .collect();
    ranked.sort_by_key(|(id, s)| (std::cmp::Reverse(*s), *id));
    let dense = ranked
        .iter()
        .filter_map(|(id, s)| doc.get(*id).map(|n| (n, *s)))
        .find(|(n, _)| alive(n))
        .map(|(n, score)| (widen(n, score, &scores), score));
    let semantic = root
        .descendants()
        .find(|n| name_of(n) == Some("main") && alive(n))
        .or_else(|| {
            root.descendants()
                .filter(|n| name_of(n) == Some("article") && alive(n))
                .max_by_key(|n| letters(&text_of(*n)))
        });
    match (semantic, dense) {
        (Some(s), Some((_, score))) if letters(&text_of(s)).cast_signed() * 2 >= score => s,
        (Some(s), None) => s,
        (_, Some((d, _))) => d,
        (None, None) => root
            .descendants()
            .find(|n| name_of(n) == Some("body"))
            .unwrap_or(root),
    }
}

/// An article split over sibling blocks (`<div>` per section): while a sibling of the chosen
/// block holds at least half its score in its own paragraphs, the parent is taken instead
/// (at most three levels up).
fn widen<'a>(mut best: NodeRef<'a>, score: isize, scores: &HashMap<NodeId, isize>) -> NodeRef<'a> {
    let subtree = |n: NodeRef<'_>| -> isize {
        n.descendants()
            .filter(|d| !dropped(d, Mode::Page))
            .filter_map(|d| scores.get(&d.id()))
            .filter(|s| **s > 0)
            .sum()
    };
    for _ in 0..3 {
        let Some(parent) = best.parent() else { break };
        if name_of(&parent).is_none_or(|t| t == "body" || t == "html") {
            break;
        }
        let strong_sibling = parent
            .children()
            .filter(|c| c.id() != best.id() && name_of(c).is_some() && !dropped(c, Mode::Page))
            .any(|c| subtree(c) * 2 >= score);
        if !strong_sibling {
            break;
        }
        best = parent;
    }
    best
}

struct Emitter<'b, 'i> {
    b: &'b mut Builder,
    mode: Mode,
    ids: &'i mut HashMap<String, u32>,
    line: String,
    rank: Option<u8>,
    depth: usize,
}

/// Element nesting followed as structure; anything deeper is read as plain text (an iterative
/// walk), so a hostile page nested 100 000 levels deep cannot exhaust the stack.
const MAX_NESTING: usize = 200;

impl Emitter<'_, '_> {
    fn run(mut self, root: NodeRef<'_>) {
        self.visit(root);
        self.flush();
    }

    fn flush(&mut self) {
        let line = std::mem::take(&mut self.line);
        let text = line.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\u{a0}');
        self.b.para(text, self.rank);
    }

    fn push_text(&mut self, t: &str) {
        // HTML white space (not U+3000, which is text) collapses to one space.
        for c in t.chars() {
            if c.is_ascii_whitespace() {
                if !self.line.is_empty() && !self.line.ends_with(' ') {
                    self.line.push(' ');
                }
            } else {
                self.line.push(if c == '\u{a0}' { ' ' } else { c });
            }
        }
    }

    fn visit(&mut self, n: NodeRef<'_>) {
        match n.value() {
            Node::Text(t) => self.push_text(t),
            Node::Element(e) => {
                if dropped(&n, self.mode) {
                    return;
                }
                if self.depth >= MAX_NESTING {
                    self.push_text(&text_of(n));
                    return;
                }
                if let Some(id) = e.attr("id") {
                    let line = self.b.next_line();
                    self.ids.entry(id.to_owned()).or_insert(line);
                }
                let name = e.name();
                match name {
                    "br" => self.flush(),
                    "img" => {
                        let alt = collapse_ws(e.attr("alt").unwrap_or_default());
                        self.line.push_str("[图");
                        if !alt.is_empty() {
                            self.line.push(' ');
                            self.line.push_str(&alt);
                        }
                        self.line.push(']');
                    }
                    "pre" => {
                        self.flush();
                        let text = text_of(n);
                        let text = text.strip_prefix('\n').unwrap_or(&text);
                        for row in text.trim_end().split('\n') {
                            self.b.pre(row);
                        }
                    }
                    "table" if is_data_table(n) => {
                        self.flush();
                        self.b.table(&table_rows(n));
                    }
                    _ => {
                        let block = BLOCKS.contains(&name);
                        let rank = heading_rank(name);
                        if block {
                            self.flush();
                        }
                        let outer = self.rank;
                        if rank.is_some() {
                            self.rank = rank;
                        }
                        self.depth += 1;
                        for c in n.children() {
                            self.visit(c);
                        }
                        self.depth -= 1;
                        if block {
                            self.flush();
                        }
                        self.rank = outer;
                    }
                }
            }
            Node::Document | Node::Fragment => {
                for c in n.children() {
                    self.visit(c);
                }
            }
            _ => {}
        }
    }
}

fn heading_rank(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// A table of short plain cells (no paragraphs, lists or nested tables inside).
fn is_data_table(t: NodeRef<'_>) -> bool {
    t.descendants().skip(1).all(|d| {
        !matches!(
            name_of(&d),
            Some(
                "p" | "div"
                    | "table"
                    | "ul"
                    | "ol"
                    | "h1"
                    | "h2"
                    | "h3"
                    | "h4"
                    | "h5"
                    | "h6"
                    | "pre"
            )
        )
    }) && t
        .descendants()
        .filter(|d| matches!(name_of(d), Some("td" | "th")))
        .all(|c| letters(&text_of(c)) <= 200)
}

fn table_rows(t: NodeRef<'_>) -> Vec<Vec<String>> {
    t.descendants()
        .filter(|d| name_of(d) == Some("tr"))
        .map(|tr| {
            tr.children()
                .filter(|c| matches!(name_of(c), Some("td" | "th")))
                .map(|c| collapse_ws(&text_of(c)))
                .collect::<Vec<_>>()
        })
        .filter(|r| !r.is_empty())
        .collect()
}
