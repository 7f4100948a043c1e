//! Telling formats apart by content, and the `--format` values.

use std::io::{Cursor, Read};

use super::FormatKind;

/// Formats the plain-text engine reads itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// Plain text (`txt`).
    Plain,
    /// Markdown (`markdown`, `md`).
    Markdown,
}

/// A parsed `--format` value: text the engine reads as is, or a container to extract first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatChoice {
    /// `txt` or `markdown`: handled by the existing text path, not here.
    Text(TextKind),
    /// One of the kinds [`super::extract`] reads.
    Extract(FormatKind),
}

/// Parses a `--format` value: `txt|markdown|docx|epub|html|odt|pdf` (also `text`, `md`, `htm`,
/// `xhtml`), case-insensitive. `None` for anything else.
pub fn parse_format(s: &str) -> Option<FormatChoice> {
    Some(match s.trim().to_ascii_lowercase().as_str() {
        "txt" | "text" | "plain" => FormatChoice::Text(TextKind::Plain),
        "markdown" | "md" => FormatChoice::Text(TextKind::Markdown),
        "docx" => FormatChoice::Extract(FormatKind::Docx),
        "epub" => FormatChoice::Extract(FormatKind::Epub),
        "html" | "htm" | "xhtml" => FormatChoice::Extract(FormatKind::Html),
        "odt" => FormatChoice::Extract(FormatKind::Odt),
        "pdf" => FormatChoice::Extract(FormatKind::Pdf),
        _ => return None,
    })
}

/// Sniffs the first bytes of a file (64 KiB is plenty; the whole file works too).
///
/// `%PDF-` in the first KiB → Pdf. A ZIP is told apart by the names of its parts: the local
/// headers in `head` are walked (and the central directory is read when `head` is the whole
/// file): `word/document.xml` → Docx; `META-INF/container.xml` or a `mimetype` of
/// `application/epub+zip` → Epub; a `mimetype` of `application/vnd.oasis.opendocument.text`
/// → Odt. HTML by its markup: the first thing in the file (after a BOM, white space, comments
/// and an XML declaration) is `<!DOCTYPE html`, `<html`, `<head`, `<body`, `<meta`, `<title`,
/// `<p`, `<div` or `<h1`–`<h6`, case-insensitive. `None` otherwise (plain text, unknown ZIPs).
pub fn sniff(head: &[u8]) -> Option<FormatKind> {
    let first_k = head.get(..head.len().min(1024)).unwrap_or_default();
    if memchr::memmem::find(first_k, b"%PDF-").is_some() {
        return Some(FormatKind::Pdf);
    }
    if head.starts_with(b"PK\x03\x04") {
        return kind_from_names(&local_header_names(head)).or_else(|| sniff_zip(head));
    }
    looks_like_html(head).then_some(FormatKind::Html)
}

/// Sniffs a whole ZIP file through its central directory (for archives whose first local
/// headers do not tell, e.g. a docx written with `[Content_Types].xml` and many parts first).
pub fn sniff_zip(bytes: &[u8]) -> Option<FormatKind> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut names: Vec<(String, Option<String>)> = zip
        .file_names()
        .take(super::zip_limits::MAX_ENTRIES)
        .filter_map(Result::ok)
        .map(|n| (n.into_owned(), None))
        .collect();
    if let Ok(f) = zip.by_name("mimetype") {
        let mut s = String::new();
        if f.take(200).read_to_string(&mut s).is_ok()
            && let Some(entry) = names.iter_mut().find(|(n, _)| n == "mimetype")
        {
            entry.1 = Some(s);
        }
    }
    kind_from_names(&names)
}

/// Names (and a stored `mimetype`'s content) from the local headers present in `head`.
fn local_header_names(head: &[u8]) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let mut at = 0usize;
    while out.len() < 64 {
        let Some(h) = head.get(at..at + 30) else {
            break;
        };
        if !h.starts_with(b"PK\x03\x04") {
            break;
        }
        let u16_at = |i: usize| u16::from_le_bytes([h[i], h[i + 1]]) as usize;
        let u32_at = |i: usize| u32::from_le_bytes([h[i], h[i + 1], h[i + 2], h[i + 3]]) as usize;
        let (flags, method, csize) = (u16_at(6), u16_at(8), u32_at(18));
        let (name_len, extra_len) = (u16_at(26), u16_at(28));
        let Some(name) = head.get(at + 30..at + 30 + name_len) else {
            break;
        };
        let name = String::from_utf8_lossy(name).into_owned();
        let data = at + 30 + name_len + extra_len;
        let content = (name == "mimetype" && method == 0)
            .then(|| head.get(data..data + csize.min(200)))
            .flatten()
            .map(|b| String::from_utf8_lossy(b).into_owned());
        out.push((name, content));
        // Sizes are unknown when bit 3 is set (a streamed archive with data descriptors): look
        // for the next local header signature instead (a false hit only yields a junk name).
        at = if flags & 0x8 != 0 || csize == 0 {
            match memchr::memmem::find(head.get(data..).unwrap_or_default(), b"PK\x03\x04") {
                Some(p) => data + p,
                None => break,
            }
        } else {
            data + csize
        };
    }
    out
}

fn kind_from_names(names: &[(String, Option<String>)]) -> Option<FormatKind> {
    let mime = names
        .iter()
        .find(|(n, _)| n == "mimetype")
        .and_then(|(_, c)| c.as_deref())
        .map(str::trim);
    let has = |p: &str| names.iter().any(|(n, _)| n == p);
    if mime == Some("application/epub+zip") || has("META-INF/container.xml") && mime.is_none() {
        return Some(FormatKind::Epub);
    }
    if mime == Some("application/vnd.oasis.opendocument.text") {
        return Some(FormatKind::Odt);
    }
    if has("word/document.xml") {
        return Some(FormatKind::Docx);
    }
    None
}

fn looks_like_html(head: &[u8]) -> bool {
    let mut s = head.get(..head.len().min(4096)).unwrap_or_default();
    s = s.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(s);
    loop {
        s = s.trim_ascii_start();
        let lower: Vec<u8> = s.iter().take(16).map(u8::to_ascii_lowercase).collect();
        if lower.starts_with(b"<!--") {
            match memchr::memmem::find(s, b"-->") {
                Some(end) => s = s.get(end + 3..).unwrap_or_default(),
                None => return false,
            }
        } else if lower.starts_with(b"<?xml") {
            match memchr::memmem::find(s, b"?>") {
                Some(end) => s = s.get(end + 2..).unwrap_or_default(),
                None => return false,
            }
        } else {
            const OPENERS: [&[u8]; 15] = [
                b"<!doctype html",
                b"<html",
                b"<head",
                b"<body",
                b"<meta",
                b"<title",
                b"<p>",
                b"<p ",
                b"<div",
                b"<h1",
                b"<h2",
                b"<h3",
                b"<h4",
                b"<h5",
                b"<h6",
            ];
            return OPENERS.iter().any(|o| lower.starts_with(o));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_told_by_its_first_markup() {
        assert_eq!(
            sniff(b"\xEF\xBB\xBF  <!DOCTYPE HTML><title>x</title>"),
            Some(FormatKind::Html)
        );
        assert_eq!(
            sniff(b"<!-- saved -->\n<HTML lang=zh>"),
            Some(FormatKind::Html)
        );
        assert_eq!(
            sniff(b"<?xml version='1.0'?><html xmlns='x'>"),
            Some(FormatKind::Html)
        );
        assert_eq!(
            sniff(b"<p>\xe4\xb8\x80\xe3\x80\x81</p>"),
            Some(FormatKind::Html)
        );
        assert_eq!(sniff("一、总则\n<p>not html</p>".as_bytes()), None);
        assert_eq!(sniff(b"# Title\n\n<div>x</div>"), None);
        assert_eq!(sniff(b"<pre>"), None);
    }

    #[test]
    fn pdf_by_magic() {
        assert_eq!(sniff(b"%PDF-1.4\n%\xe2\xe3"), Some(FormatKind::Pdf));
        assert_eq!(sniff(b"PDF-1.4"), None);
    }

    #[test]
    fn format_values() {
        assert_eq!(
            parse_format("DOCX"),
            Some(FormatChoice::Extract(FormatKind::Docx))
        );
        assert_eq!(
            parse_format("markdown"),
            Some(FormatChoice::Text(TextKind::Markdown))
        );
        assert_eq!(
            parse_format("txt"),
            Some(FormatChoice::Text(TextKind::Plain))
        );
        assert_eq!(
            parse_format("pdf"),
            Some(FormatChoice::Extract(FormatKind::Pdf))
        );
        assert_eq!(parse_format("rtf"), None);
    }
}
