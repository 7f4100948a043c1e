//! Titles for the shelf's documents not opened yet, learned in the background: a thread reads
//! the first 4 KiB of each plain-text or Markdown document (nothing of the others: their text
//! is inside a container that must be read whole) and takes its first line that has a letter,
//! a Markdown heading's `#` marks left off. The shelf shows it until the document is opened and
//! its own title is known. Listing never waits for this: the reader asks for what has arrived
//! once per turn of its loop ([`super::Shelved`]'s `tick`).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};

use crate::decode;

/// Bytes read from each document.
const HEAD: u64 = 4096;

/// Characters of a title kept.
const MAX_CHARS: usize = 60;

/// Starts reading the titles of `docs` (shelf index, path), in order; each found comes back on
/// the channel.
pub fn spawn(docs: Vec<(usize, PathBuf)>) -> Receiver<(usize, String)> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for (i, path) in docs {
            if let Some(title) = first_line(&path)
                && tx.send((i, title)).is_err()
            {
                return; // the reader has quit
            }
        }
    });
    rx
}

/// True for the documents whose first bytes are their text.
fn is_text_name(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["txt", "text", "md", "markdown", "mdown", "mkd", "mkdn"]
            .iter()
            .any(|t| t.eq_ignore_ascii_case(e))
    })
}

/// The first line of `path` with a letter in it, from its first 4 KiB; `None` for binary data,
/// an unreadable file or one that is not plain text or Markdown.
pub fn first_line(path: &Path) -> Option<String> {
    if !is_text_name(path) {
        return None;
    }
    let mut head = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(HEAD)
        .read_to_end(&mut head)
        .ok()?;
    let complete = head.len() < HEAD as usize;
    let sniffed = decode::sniff(&head, None, false, complete).ok()?;
    let (text, _) = decode::decode_whole(head, sniffed);
    let line = text
        .lines()
        .map(|l| l.trim_start_matches('#').trim())
        .find(|l| l.chars().any(char::is_alphanumeric))?;
    let title: String = line.chars().take(MAX_CHARS).collect();
    Some(crate::display::sanitize(&title).into_owned())
}

#[cfg(test)]
mod tests {
    use super::first_line;

    #[test]
    fn the_first_line_with_a_letter_in_the_first_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("a.txt"), "\n\n  ＊＊＊\n水浒传\n第一回\n").unwrap();
        std::fs::write(d.join("b.md"), "# 红楼梦\n\n正文\n").unwrap();
        std::fs::write(d.join("c.txt"), b"\0\0binary\0").unwrap();
        std::fs::write(d.join("d.docx"), "PK").unwrap();
        // GB18030 text is decoded
        let (gbk, _, _) = encoding_rs::GB18030.encode("三国演义\n正文\n");
        std::fs::write(d.join("e.txt"), &gbk).unwrap();
        assert_eq!(first_line(&d.join("a.txt")).as_deref(), Some("水浒传"));
        assert_eq!(first_line(&d.join("b.md")).as_deref(), Some("红楼梦"));
        assert_eq!(first_line(&d.join("c.txt")), None);
        assert_eq!(first_line(&d.join("d.docx")), None);
        assert_eq!(first_line(&d.join("e.txt")).as_deref(), Some("三国演义"));
        assert_eq!(first_line(&d.join("gone.txt")), None);
    }
}
