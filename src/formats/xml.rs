//! A guarded pull reader over one XML part (docx, ODF, OPF, NCX).
//!
//! Bounded by construction: quick-xml never expands entities declared in a DOCTYPE (the
//! `<!DOCTYPE …>` event is skipped here, and a reference to an undeclared/custom entity becomes
//! nothing and is counted), element depth is capped at [`MAX_DEPTH`], and the input is an
//! in-memory slice already bounded by the ZIP limits.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::FormatError;

/// Deepest element nesting accepted in any XML part. Real documents stay far below (a table in
/// a table in a text box is ~30 levels); a hostile part nested deeper is refused.
pub(crate) const MAX_DEPTH: usize = 256;

/// One step of the walk: an opening tag (empty elements are expanded into open + close), a
/// closing tag (its local name), or text with character and predefined references resolved.
pub(crate) enum Node<'a> {
    Open(BytesStart<'a>),
    Close(Vec<u8>),
    Text(Cow<'a, str>),
}

/// Pull reader over one part; `part` names it in errors.
pub(crate) struct Xml<'a> {
    reader: Reader<&'a [u8]>,
    depth: usize,
    part: String,
    /// References to entities that were not expanded (custom DOCTYPE entities).
    pub(crate) unexpanded: usize,
}

/// Decodes an XML part to text: BOM first, then the `encoding` of the XML declaration
/// (an old EPUB may be GBK), UTF-8 otherwise (invalid bytes replaced).
pub(crate) fn decode_part(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let rest = bytes.get(bom..).unwrap_or_default();
        return Cow::Owned(enc.decode_without_bom_handling(rest).0.into_owned());
    }
    let head = bytes.get(..bytes.len().min(200)).unwrap_or_default();
    if head.starts_with(b"<?xml") {
        let decl_end = memchr::memmem::find(head, b"?>").unwrap_or(head.len());
        let decl =
            String::from_utf8_lossy(head.get(..decl_end).unwrap_or_default()).to_ascii_lowercase();
        if let Some(pos) = decl.find("encoding") {
            let label: String = decl
                .get(pos + 8..)
                .unwrap_or_default()
                .chars()
                .skip_while(|c| *c == '=' || *c == ' ' || *c == '"' || *c == '\'')
                .take_while(|c| *c != '"' && *c != '\'')
                .collect();
            if let Some(enc) = encoding_rs::Encoding::for_label(label.trim().as_bytes())
                && enc != encoding_rs::UTF_8
            {
                return Cow::Owned(enc.decode_without_bom_handling(bytes).0.into_owned());
            }
        }
    }
    String::from_utf8_lossy(bytes)
}

impl<'a> Xml<'a> {
    pub(crate) fn new(text: &'a str, part: &str) -> Self {
        let mut reader = Reader::from_str(text);
        let config = reader.config_mut();
        config.expand_empty_elements = true;
        config.check_end_names = false;
        config.trim_text(false);
        Self {
            reader,
            depth: 0,
            part: part.to_owned(),
            unexpanded: 0,
        }
    }

    fn err(&self, msg: impl std::fmt::Display) -> FormatError {
        FormatError::Xml {
            part: self.part.clone(),
            msg: msg.to_string(),
        }
    }

    /// The next node, or `None` at the end of the part.
    pub(crate) fn next(&mut self) -> Result<Option<Node<'a>>, FormatError> {
        loop {
            let ev = self.reader.read_event().map_err(|e| self.err(e))?;
            return Ok(Some(match ev {
                Event::Start(e) => {
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        return Err(FormatError::TooDeep {
                            part: self.part.clone(),
                            max: MAX_DEPTH,
                        });
                    }
                    Node::Open(e)
                }
                Event::End(e) => {
                    self.depth = self.depth.saturating_sub(1);
                    Node::Close(e.local_name().as_ref().as_bytes().to_vec())
                }
                Event::Text(t) => Node::Text(t.xml10_content()),
                Event::CData(t) => Node::Text(t.into_inner()),
                Event::GeneralRef(r) => {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        Node::Text(Cow::Owned(c.to_string()))
                    } else if let Some(s) =
                        quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                    {
                        Node::Text(Cow::Borrowed(s))
                    } else {
                        // A custom entity (declared in a DOCTYPE or not at all): never expanded.
                        self.unexpanded += 1;
                        continue;
                    }
                }
                Event::Eof => return Ok(None),
                Event::Empty(_)
                | Event::Comment(_)
                | Event::Decl(_)
                | Event::PI(_)
                | Event::DocType(_) => continue,
            }));
        }
    }

    /// Skips everything up to and including the close of the element just opened.
    pub(crate) fn skip_element(&mut self) -> Result<(), FormatError> {
        let mut level = 1usize;
        while let Some(n) = self.next()? {
            match n {
                Node::Open(_) => level += 1,
                Node::Close(_) => {
                    level -= 1;
                    if level == 0 {
                        return Ok(());
                    }
                }
                Node::Text(_) => {}
            }
        }
        Ok(())
    }

    /// A warning line when custom entities were met, for the caller's warnings.
    pub(crate) fn entity_warning(&self) -> Option<String> {
        (self.unexpanded > 0).then(|| {
            format!(
                "{}: {} entity reference(s) not expanded",
                self.part, self.unexpanded
            )
        })
    }
}

/// The local name (prefix dropped) of an opening tag.
pub(crate) fn local(e: &BytesStart<'_>) -> Vec<u8> {
    e.local_name().as_ref().as_bytes().to_vec()
}

/// The value of the attribute whose local name is `name` (any prefix), references resolved.
pub(crate) fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref().as_bytes() == name)
        .map(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_or_else(|_| a.value.to_string(), Cow::into_owned)
        })
}
