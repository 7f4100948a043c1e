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
}
