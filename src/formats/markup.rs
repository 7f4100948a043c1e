//! Byte-level helpers for markup: a web page's charset, and XHTML made safe for an HTML parser.

/// Decodes a page: BOM, then the declared charset, then UTF-8 if valid, then a guess.
pub(crate) fn decode(bytes: &[u8]) -> (String, Option<String>) {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return (
            enc.decode_without_bom_handling(bytes.get(bom..).unwrap_or_default())
                .0
                .into_owned(),
            None,
        );
    }
    if let Some(enc) = declared_charset(bytes.get(..bytes.len().min(8192)).unwrap_or_default()) {
        // A page saved as UTF-8 whose <meta> still says GBK: the bytes win when they are valid UTF-8.
        if enc != encoding_rs::UTF_8 && std::str::from_utf8(bytes).is_ok() && !bytes.is_ascii() {
            return (
                String::from_utf8_lossy(bytes).into_owned(),
                Some(format!(
                    "page declares {} but is UTF-8: read as UTF-8",
                    enc.name()
                )),
            );
        }
        let (text, _, bad) = enc.decode(bytes);
        let w = bad.then(|| format!("page is not valid {}: invalid bytes replaced", enc.name()));
        return (text.into_owned(), w);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_owned(), None);
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let enc = det.guess(None, chardetng::Utf8Detection::Allow);
    (
        enc.decode(bytes).0.into_owned(),
        Some(format!("page charset not declared: guessed {}", enc.name())),
    )
}

/// `<meta charset=X>`, `<meta http-equiv … content="…; charset=X">` or `<?xml … encoding="X"?>`.
fn declared_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    let keys: [&[u8]; 2] = [b"charset", b"encoding"];
    while let Some(pos) = keys
        .iter()
        .filter_map(|k| memchr::memmem::find(lower.get(from..)?, k).map(|p| (p, k.len())))
        .min()
    {
        let start = from + pos.0 + pos.1;
        from = start;
        let rest = lower.get(start..)?;
        let rest = rest.trim_ascii_start();
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let label: Vec<u8> = rest
            .trim_ascii_start()
            .iter()
            .skip_while(|c| **c == b'"' || **c == b'\'')
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':' | b'.'))
            .copied()
            .collect();
        if let Some(enc) = encoding_rs::Encoding::for_label(&label) {
            // UTF-16 declared in an ASCII-compatible byte stream is a lie (HTML spec): UTF-8.
            return Some(
                if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                    encoding_rs::UTF_8
                } else {
                    enc
                },
            );
        }
    }
    None
}

/// Rewrites XHTML self-closed non-void elements (`<title/>`, `<a id="x"/>`, `<div/>`) as
/// open+close pairs: an HTML parser would otherwise leave them open (an empty `<title/>` would
/// swallow the whole chapter).
pub(crate) fn fix_self_closing(src: &str) -> String {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    let mut out = String::with_capacity(src.len() + 64);
    let mut rest = src;
    while let Some(lt) = rest.find('<') {
        out.push_str(rest.get(..lt).unwrap_or_default());
        rest = rest.get(lt..).unwrap_or_default();
        if rest.starts_with("<!--")
            || rest.starts_with("<![CDATA[")
            || rest.starts_with("<!")
            || rest.starts_with("<?")
            || rest.starts_with("</")
        {
            let end = if rest.starts_with("<!--") {
                rest.find("-->").map(|e| e + 3)
            } else {
                rest.find('>').map(|e| e + 1)
            };
            let end = end.unwrap_or(rest.len());
            out.push_str(rest.get(..end).unwrap_or_default());
            rest = rest.get(end..).unwrap_or_default();
            continue;
        }
        // Find the tag's end, honouring quotes.
        let mut quote = None;
        let mut end = None;
        for (i, c) in rest.char_indices().skip(1) {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (None, '"' | '\'') => quote = Some(c),
                (None, '>') => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let Some(end) = end else {
            out.push_str(rest);
            return out;
        };
        let tag = rest.get(..=end).unwrap_or_default();
        let name: String = tag
            .chars()
            .skip(1)
            .take_while(|c| c.is_alphanumeric() || matches!(c, ':' | '-' | '_'))
            .collect();
        if tag.ends_with("/>")
            && !name.is_empty()
            && !VOID.contains(&name.to_ascii_lowercase().as_str())
        {
            out.push_str(tag.get(..tag.len() - 2).unwrap_or_default().trim_end());
            out.push_str("></");
            out.push_str(&name);
            out.push('>');
        } else {
            out.push_str(tag);
        }
        rest = rest.get(end + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// Deepest element nesting handed to the HTML parser. html5ever's tree builder scans the stack
/// of open elements on many tags, so a page nested 100 000 deep would take hours; real pages
/// stay under ~60.
pub(crate) const MAX_MARKUP_DEPTH: usize = 400;

/// Elements that have no end tag.
const VOID_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];
/// Elements an HTML parser closes when a sibling of the same name opens.
const SELF_CLOSING_SIBLINGS: &[&str] = &["p", "li", "dt", "dd", "tr", "td", "th", "option"];
/// Elements whose content is raw text (no tags inside).
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp"];

/// Drops the start tags that would nest deeper than `max` (by a loose count: end tags close
/// back to their match, and `p`, `li`, `td` … close an open sibling), so the parser's cost stays
/// bounded. Text is never dropped. Returns the markup (borrowed when nothing was dropped) and
/// the number of tags dropped.
pub(crate) fn limit_nesting(src: &str, max: usize) -> (std::borrow::Cow<'_, str>, usize) {
    let mut stack: Vec<String> = Vec::new();
    let mut out: Option<String> = None;
    let mut dropped = 0usize;
    let mut copied_to = 0usize;
    let mut at = 0usize;
    let bytes = src.as_bytes();
    while let Some(rel) = memchr::memchr(b'<', bytes.get(at..).unwrap_or_default()) {
        let start = at + rel;
        let rest = src.get(start..).unwrap_or_default();
        if rest.starts_with("<!--") {
            at = rest.find("-->").map_or(src.len(), |e| start + e + 3);
            continue;
        }
        let Some(end_rel) = memchr::memchr(b'>', rest.as_bytes()) else {
            break;
        };
        let end = start + end_rel + 1;
        let tag = rest.get(1..end_rel).unwrap_or_default();
        at = end;
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '_'))
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        if closing {
            if let Some(pos) = stack.iter().rposition(|t| *t == name) {
                stack.truncate(pos);
            }
            continue;
        }
        if RAW_TEXT.contains(&name.as_str()) {
            // Skip to the matching end tag: its content is not markup.
            let close = format!("</{name}");
            let lower_rest = src.get(end..).unwrap_or_default();
            at = find_ascii_ci(lower_rest, &close).map_or(src.len(), |p| end + p);
            continue;
        }
        if VOID_TAGS.contains(&name.as_str()) || tag.ends_with('/') {
            continue;
        }
        if SELF_CLOSING_SIBLINGS.contains(&name.as_str())
            && let Some(pos) = stack.iter().rposition(|t| *t == name)
            && stack.len() - pos <= 3
        {
            stack.truncate(pos);
        }
        if stack.len() >= max {
            let o = out.get_or_insert_with(|| String::with_capacity(src.len()));
            o.push_str(src.get(copied_to..start).unwrap_or_default());
            copied_to = end;
            dropped += 1;
            continue;
        }
        stack.push(name);
    }
    match out {
        None => (std::borrow::Cow::Borrowed(src), 0),
        Some(mut o) => {
            o.push_str(src.get(copied_to..).unwrap_or_default());
            (std::borrow::Cow::Owned(o), dropped)
        }
    }
}

/// Byte position of `needle` (ASCII) in `hay`, ignoring ASCII case.
fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    hay.as_bytes()
        .windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_closing_tags_are_closed() {
        assert_eq!(
            fix_self_closing(r#"<head><title/></head><a id="x"/><br/><p title="a/>b">t</p>"#),
            r#"<head><title></title></head><a id="x"></a><br/><p title="a/>b">t</p>"#
        );
    }

    #[test]
    fn charset_from_meta() {
        assert_eq!(
            declared_charset(br#"<meta charset="gbk">"#),
            Some(encoding_rs::GBK)
        );
        assert_eq!(
            declared_charset(
                br#"<meta http-equiv="Content-Type" content="text/html; charset=GB2312" />"#
            ),
            Some(encoding_rs::GBK)
        );
        assert_eq!(declared_charset(b"<p>no charset</p>"), None);
    }

    #[test]
    fn nesting_is_capped_without_losing_text() {
        let deep = format!(
            "<body>{}x{}</body>",
            "<div>".repeat(1000),
            "</div>".repeat(1000)
        );
        let (out, dropped) = limit_nesting(&deep, 10);
        assert_eq!(dropped, 991);
        assert_eq!(out.matches("<div>").count(), 9);
        assert!(out.contains('x'));
        let page = "<ul><li>a<li>b<li>c</ul><p>1<p>2<p>3<script>if (a<b) { '<div>' }</script><br><img src=x>";
        assert_eq!(
            limit_nesting(page, 3),
            (std::borrow::Cow::Borrowed(page), 0)
        );
    }
}
