//! A guarded pull reader over one XML part (docx, ODF, OPF, NCX).
//!
//! Bounded by construction: quick-xml never expands entities declared in a DOCTYPE (the
//! `<!DOCTYPE …>` event is skipped here, and a reference to an undeclared/custom entity becomes
//! nothing and is counted), element depth is capped at [`MAX_DEPTH`], and the input is an
//! in-memory slice already bounded by the ZIP limits.

use std::borrow::Cow;
use std::io::{self, BufRead, Read};

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

/// Where the XML comes from: a decoded slice, or a stream read into a buffer (its events are
/// made owned, so a node never borrows the buffer that the next read reuses).
enum Input<'a> {
    Slice(Reader<&'a [u8]>),
    Stream(Reader<Box<dyn BufRead + 'a>>, Vec<u8>),
}

/// Pull reader over one part; `part` names it in errors.
pub(crate) struct Xml<'a> {
    input: Input<'a>,
    depth: usize,
    part: String,
    /// References to entities that were not expanded (custom DOCTYPE entities).
    pub(crate) unexpanded: usize,
}

/// Decodes an XML part to text: BOM first, then the `encoding` of the XML declaration
/// (an old EPUB may be GBK), UTF-8 otherwise (invalid bytes replaced).
pub(crate) fn decode_part(bytes: &[u8]) -> Cow<'_, str> {
    let (encoding, bom) = part_encoding(bytes);
    let rest = bytes.get(bom..).unwrap_or_default();
    if encoding == encoding_rs::UTF_8 {
        String::from_utf8_lossy(rest)
    } else {
        Cow::Owned(encoding.decode_without_bom_handling(rest).0.into_owned())
    }
}

/// The encoding a part's first bytes give and the length of its BOM: the BOM, else the XML
/// declaration's `encoding`, else UTF-8.
fn part_encoding(bytes: &[u8]) -> (&'static encoding_rs::Encoding, usize) {
    if let Some(found) = encoding_rs::Encoding::for_bom(bytes) {
        return found;
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
            if let Some(enc) = encoding_rs::Encoding::for_label(label.trim().as_bytes()) {
                return (enc, 0);
            }
        }
    }
    (encoding_rs::UTF_8, 0)
}

/// A part as XML read while it inflates when it is UTF-8 (nearly every part is); a part in
/// another encoding is read whole into `whole` and decoded first.
pub(crate) fn stream_part<'a>(
    mut stream: impl Read + 'a,
    part: &str,
    whole: &'a mut String,
) -> io::Result<Xml<'a>> {
    let mut head = Vec::with_capacity(256);
    (&mut stream).take(200).read_to_end(&mut head)?;
    let (encoding, bom) = part_encoding(&head);
    if encoding == encoding_rs::UTF_8 {
        let head = head.split_off(bom.min(head.len()));
        return Ok(Xml::from_stream(io::Cursor::new(head).chain(stream), part));
    }
    stream.read_to_end(&mut head)?;
    *whole = decode_part(&head).into_owned();
    let text: &'a String = whole;
    Ok(Xml::new(text, part))
}

impl<'a> Xml<'a> {
    pub(crate) fn new(text: &'a str, part: &str) -> Self {
        let mut reader = Reader::from_str(text);
        configure(reader.config_mut());
        Self::with_input(Input::Slice(reader), part)
    }

    /// Reads UTF-8 XML from `stream` as it comes (invalid sequences replaced).
    pub(crate) fn from_stream(stream: impl Read + 'a, part: &str) -> Self {
        let buffered: Box<dyn BufRead + 'a> = Box::new(io::BufReader::with_capacity(
            64 << 10,
            LossyUtf8::new(stream),
        ));
        let mut reader = Reader::from_reader(buffered);
        configure(reader.config_mut());
        Self::with_input(Input::Stream(reader, Vec::new()), part)
    }

    fn with_input(input: Input<'a>, part: &str) -> Self {
        Self {
            input,
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
            let ev = match &mut self.input {
                Input::Slice(reader) => reader.read_event(),
                Input::Stream(reader, buf) => {
                    buf.clear();
                    reader.read_event_into(buf).map(Event::into_owned)
                }
            }
            .map_err(|e| self.err(e))?;
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

fn configure(config: &mut quick_xml::reader::Config) {
    config.expand_empty_elements = true;
    config.check_end_names = false;
    config.trim_text(false);
}

/// A reader that passes valid UTF-8 through and replaces each invalid sequence with U+FFFD, as
/// `String::from_utf8_lossy` does for a whole part; a sequence cut by a read boundary waits
/// for the next read.
pub(crate) struct LossyUtf8<R> {
    inner: R,
    /// Bytes read but not handed out yet; `buf[..ready]` is valid UTF-8.
    buf: Vec<u8>,
    ready: usize,
    eof: bool,
}

impl<R: Read> LossyUtf8<R> {
    pub(crate) const fn new(inner: R) -> Self {
        Self {
            inner,
            buf: Vec::new(),
            ready: 0,
            eof: false,
        }
    }

    /// Reads more and makes a valid prefix of `buf` ready; false at the end of the input.
    fn fill(&mut self) -> io::Result<bool> {
        while self.ready == 0 {
            if self.eof {
                return Ok(false);
            }
            let old = self.buf.len();
            self.buf.resize(old + (64 << 10), 0);
            let n = loop {
                match self.inner.read(self.buf.get_mut(old..).unwrap_or_default()) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    other => break other,
                }
            };
            self.buf.truncate(old + n.as_ref().copied().unwrap_or(0));
            let n = n?;
            self.eof = n == 0;
            self.mark_ready();
        }
        Ok(true)
    }

    /// Replaces invalid sequences in `buf` and sets `ready` to the end of its valid prefix
    /// (all of it at the end of the input; before it, up to a sequence that may go on).
    fn mark_ready(&mut self) {
        let mut start = 0;
        loop {
            let rest = self.buf.get(start..).unwrap_or_default();
            match std::str::from_utf8(rest) {
                Ok(_) => {
                    self.ready = self.buf.len();
                    return;
                }
                Err(e) => {
                    let bad = start + e.valid_up_to();
                    match e.error_len() {
                        Some(len) => {
                            self.buf
                                .splice(bad..bad + len, "\u{fffd}".bytes())
                                .for_each(drop);
                            start = bad + '\u{fffd}'.len_utf8();
                        }
                        None if self.eof => {
                            self.buf.truncate(bad);
                            self.buf.extend_from_slice("\u{fffd}".as_bytes());
                            self.ready = self.buf.len();
                            return;
                        }
                        None => {
                            self.ready = bad;
                            return;
                        }
                    }
                }
            }
        }
    }
}

impl<R: Read> Read for LossyUtf8<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if !self.fill()? {
            return Ok(0);
        }
        let n = self.ready.min(out.len());
        out.get_mut(..n)
            .unwrap_or_default()
            .copy_from_slice(self.buf.get(..n).unwrap_or_default());
        self.buf.drain(..n);
        self.ready -= n;
        Ok(n)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out its bytes `step` at a time, to cut sequences at every place.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(out.len()).min(self.bytes.len());
            out[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    #[test]
    fn lossy_utf8_replaces_what_from_utf8_lossy_replaces_wherever_reads_cut() {
        let samples: [&[u8]; 5] = [
            "第一章　总则 and ascii".as_bytes(),
            b"ok \xff\xfe then \xe4\xb8 cut",
            b"\xe4\xb8\xad\xe6\x96",
            b"\xf0\x9f\x98\x80 emoji \xc0\x80 overlong",
            b"",
        ];
        for bytes in samples {
            for step in 1..=7 {
                let mut out = String::new();
                LossyUtf8::new(Trickle { bytes, step })
                    .read_to_string(&mut out)
                    .unwrap();
                assert_eq!(out, String::from_utf8_lossy(bytes), "{bytes:?} by {step}");
            }
        }
    }

    fn texts(mut xml: Xml<'_>) -> Vec<String> {
        let mut out = Vec::new();
        while let Some(n) = xml.next().unwrap() {
            match n {
                Node::Open(e) => out.push(format!("<{}>", String::from_utf8_lossy(&local(&e)))),
                Node::Close(name) => out.push(format!("</{}>", String::from_utf8_lossy(&name))),
                Node::Text(t) => out.push(t.into_owned()),
            }
        }
        out
    }

    #[test]
    fn a_streamed_part_reads_as_the_same_part_in_memory() {
        let part = "<?xml version=\"1.0\"?><w:body><w:p a=\"1\"><w:t>甲&amp;乙&#x4e2d;</w:t></w:p><w:br/><![CDATA[<x>]]></w:body>";
        let whole = texts(Xml::new(part, "p"));
        assert_eq!(
            whole.concat(),
            "<body><p><t>甲&乙中</t></p><br></br><x></body>"
        );
        for step in [1, 3, 64] {
            let streamed = Xml::from_stream(
                Trickle {
                    bytes: part.as_bytes(),
                    step,
                },
                "p",
            );
            assert_eq!(texts(streamed), whole);
        }
        // a part in another encoding is read whole and decoded
        let mut utf16 = vec![0xff, 0xfe];
        utf16.extend(part.encode_utf16().flat_map(u16::to_le_bytes));
        let mut keep = String::new();
        let xml = stream_part(&utf16[..], "p", &mut keep).unwrap();
        assert_eq!(texts(xml), whole);
    }
}
