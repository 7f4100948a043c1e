//! Word paragraph styles (`word/styles.xml`): which style is a heading of which rank, which is
//! the title, and which carries numbering — all through `w:basedOn` chains.

use std::collections::HashMap;

use super::FormatError;
use super::xml::{Node, Xml, attr, local};

#[derive(Debug, Default, Clone)]
struct StyleDef {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num: Option<(Option<String>, Option<u8>)>,
}

/// Paragraph styles by `w:styleId`.
#[derive(Debug, Default)]
pub(crate) struct Styles {
    map: HashMap<String, StyleDef>,
}

/// Longest `basedOn` chain followed (a cycle ends the walk).
const MAX_CHAIN: usize = 32;

impl Styles {
    pub(crate) fn parse(text: &str) -> Result<(Self, Option<String>), FormatError> {
        let mut xml = Xml::new(text, "word/styles.xml");
        let mut map = HashMap::new();
        let mut cur: Option<(String, StyleDef)> = None;
        let mut in_ppr = false;
        while let Some(node) = xml.next()? {
            match node {
                Node::Open(e) => match local(&e).as_slice() {
                    b"style" => {
                        let is_para = attr(&e, b"type").is_none_or(|t| t == "paragraph");
                        cur = is_para.then(|| {
                            (
                                attr(&e, b"styleId").unwrap_or_default(),
                                StyleDef::default(),
                            )
                        });
                    }
                    b"name" if !in_ppr => {
                        if let Some((_, d)) = cur.as_mut() {
                            d.name = attr(&e, b"val").unwrap_or_default();
                        }
                    }
                    b"basedOn" => {
                        if let Some((_, d)) = cur.as_mut() {
                            d.based_on = attr(&e, b"val");
                        }
                    }
                    b"pPr" => in_ppr = true,
                    b"outlineLvl" if in_ppr => {
                        if let Some((_, d)) = cur.as_mut() {
                            d.outline = attr(&e, b"val").and_then(|v| v.parse().ok());
                        }
                    }
                    b"numId" if in_ppr => {
                        if let Some((_, d)) = cur.as_mut() {
                            d.num.get_or_insert((None, None)).0 = attr(&e, b"val");
                        }
                    }
                    b"ilvl" if in_ppr => {
                        if let Some((_, d)) = cur.as_mut() {
                            d.num.get_or_insert((None, None)).1 =
                                attr(&e, b"val").and_then(|v| v.parse().ok());
                        }
                    }
                    _ => {}
                },
                Node::Close(name) => match name.as_slice() {
                    b"pPr" => in_ppr = false,
                    b"style" => {
                        if let Some((id, d)) = cur.take() {
                            map.insert(id, d);
                        }
                    }
                    _ => {}
                },
                Node::Text(_) => {}
            }
        }
        Ok((Self { map }, xml.entity_warning()))
    }

    /// The chain of definitions from `id` up its `basedOn` links.
    fn chain<'s>(&'s self, id: &str) -> impl Iterator<Item = (&'s str, &'s StyleDef)> + 's {
        let mut next = self.map.get_key_value(id);
        let mut hops = 0;
        std::iter::from_fn(move || {
            let (k, d) = next?;
            hops += 1;
            next = if hops >= MAX_CHAIN {
                None
            } else {
                d.based_on
                    .as_deref()
                    .and_then(|b| self.map.get_key_value(b))
            };
            Some((k.as_str(), d))
        })
    }

    /// Heading rank of a paragraph style: the nearest `w:outlineLvl` (0–8 → rank 1–9; 9 is
    /// body text) or built-in heading name (`heading 2`, `标题 2`) up the `basedOn` chain. A
    /// style id missing from styles.xml is judged by the id itself (`Heading2`).
    pub(crate) fn heading_rank(&self, id: &str) -> Option<u8> {
        if !self.map.contains_key(id) {
            return heading_name_rank(id);
        }
        for (_, d) in self.chain(id) {
            if let Some(level) = d.outline {
                return (level < 9).then_some(level + 1);
            }
            if let Some(rank) = heading_name_rank(&d.name) {
                return Some(rank);
            }
        }
        None
    }

    /// Whether the style is (or is based on) the built-in `Title`.
    pub(crate) fn is_title(&self, id: &str) -> bool {
        if !self.map.contains_key(id) {
            return id.eq_ignore_ascii_case("title");
        }
        self.chain(id)
            .any(|(k, d)| d.name.eq_ignore_ascii_case("title") || k == "Title" || d.name == "标题")
    }

    /// Whether the style is a table-of-contents entry style (`toc 1` … `toc 9`, Word's built-in
    /// names, or based on one).
    pub(crate) fn is_toc(&self, id: &str) -> bool {
        let toc = |name: &str| {
            let lower = name.trim().to_ascii_lowercase();
            lower
                .strip_prefix("toc")
                .is_some_and(|n| n.trim().parse::<u8>().is_ok_and(|n| (1..=9).contains(&n)))
        };
        if !self.map.contains_key(id) {
            return toc(id);
        }
        self.chain(id).any(|(_, d)| toc(&d.name))
    }

    /// Numbering a style carries (`numId`, `ilvl`), nearest up the chain.
    pub(crate) fn numbering(&self, id: &str) -> Option<(String, u8)> {
        let mut num_id = None;
        let mut ilvl = None;
        for (_, d) in self.chain(id) {
            if let Some((n, l)) = &d.num {
                num_id = num_id.or_else(|| n.clone());
                ilvl = ilvl.or(*l);
            }
        }
        num_id.map(|n| (n, ilvl.unwrap_or(0)))
    }
}

/// `heading 1`…`heading 9` (any case, space optional) and `标题 1`… → rank.
fn heading_name_rank(name: &str) -> Option<u8> {
    let lower = name.trim().to_lowercase();
    let rest = lower
        .strip_prefix("heading")
        .or_else(|| lower.strip_prefix("标题"))?;
    let n: u8 = rest.trim().parse().ok()?;
    (1..=9).contains(&n).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_follow_based_on_chains() {
        let xml = r#"<w:styles xmlns:w="w">
          <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>
          <w:style w:type="paragraph" w:styleId="a"><w:name w:val="标题 2"/></w:style>
          <w:style w:type="paragraph" w:styleId="Lvl"><w:name w:val="My Level"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="Child"><w:name w:val="Child"/><w:basedOn w:val="Lvl"/></w:style>
          <w:style w:type="paragraph" w:styleId="Body"><w:name w:val="Body"/><w:basedOn w:val="1"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="Loop"><w:name w:val="Loop"/><w:basedOn w:val="Loop"/></w:style>
          <w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/></w:style>
        </w:styles>"#;
        let (s, _) = Styles::parse(xml).unwrap();
        assert_eq!(s.heading_rank("1"), Some(1));
        assert_eq!(s.heading_rank("a"), Some(2));
        assert_eq!(s.heading_rank("Child"), Some(3));
        assert_eq!(s.heading_rank("Body"), None);
        assert_eq!(s.heading_rank("Loop"), None);
        assert_eq!(s.heading_rank("Heading4"), Some(4));
        assert!(s.is_title("a3"));
        assert!(s.is_toc("TOC2") && !s.is_toc("1"));
        assert!(!s.is_title("1"));
    }
}
