//! Hostile inputs and outputs outside the reader loop: encodings the detector used to get
//! wrong (GBK behind a long ASCII preamble, UTF-16 without a BOM, a short file with a bad byte,
//! Big5), a search with a match at every byte, a full stdout, and one enormous word.

#![allow(clippy::unwrap_used)]

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;

use gangmu::document::{Document, Format};
use gangmu::load::{self, LoadOptions, Loader, Source};
use gangmu::search::{BLOCK, Direction, Search};
use support::path_str;

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

const LAW: &str = "第一章 总则\n\n第一条 为了规范管理，制定本办法。\n\n第二条 本办法适用于全国。\n\n第二章 附则\n\n第三条 本办法自2024年1月1日起施行。\n";

#[test]
fn gbk_after_a_long_ascii_preamble_is_decoded_as_gbk() {
    let dir = support::temp_dir("io-gbk-preamble");
    let mut bytes =
        b"This file was exported by a tool that writes a long ASCII header.\n".repeat(6000);
    assert!(bytes.len() > 360_000);
    bytes.extend_from_slice(&encoding_rs::GBK.encode(LAW).0);
    let p = write(&dir, "preamble.txt", &bytes);
    let out = support::run(&["--outline", path_str(&p)]);
    assert!(out.status.success());
    assert_eq!(stderr(&out), "", "no U+FFFD warning");
    assert_eq!(
        stdout(&out),
        "第一章 总则\n  第一条 为了规范管理，制定本办法\n  第二条 本办法适用于全国\n第二章 附则\n  第三条 本办法自2024年1月1日起施行\n"
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn utf16_without_a_bom_is_read_not_refused_as_binary() {
    let dir = support::temp_dir("io-utf16");
    for (name, big) in [("le.txt", false), ("be.txt", true)] {
        let bytes: Vec<u8> = LAW
            .replace('\n', "\r\n")
            .encode_utf16()
            .flat_map(|u| {
                if big {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect();
        let p = write(&dir, name, &bytes);
        let out = support::run(&["--outline", path_str(&p)]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{name}");
        assert!(
            stdout(&out).starts_with("第一章 总则\n"),
            "{name}: {}",
            stdout(&out)
        );
    }
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_short_file_with_invalid_utf8_warns_instead_of_becoming_western() {
    let dir = support::temp_dir("io-short-invalid");
    let mut bytes = "第一章 总则\n".as_bytes().to_vec();
    bytes.push(0xFF);
    bytes.push(b'\n');
    let p = write(&dir, "short.txt", &bytes);
    let out = support::run(&["--print", path_str(&p)]);
    assert!(out.status.success());
    assert!(
        stdout(&out).starts_with("第一章 总则\n"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        stderr(&out),
        format!(
            "gangmu: warning: {}: invalid UTF-8 byte sequences were replaced by U+FFFD\n",
            p.display()
        )
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn big5_documents_decode() {
    let dir = support::temp_dir("io-big5");
    let text = "中華民國憲法\n\n第一章　總綱\n\n第一條　中華民國基於三民主義，為民有民治民享之民主共和國。\n\n第二條　中華民國之主權屬於國民全體。\n\n第二章　人民之權利義務\n\n第七條　中華民國人民，無分男女、宗教、種族、階級、黨派，在法律上一律平等。\n";
    let (big5, _, unmappable) = encoding_rs::BIG5.encode(text);
    assert!(!unmappable);
    let p = write(&dir, "big5.txt", &big5);
    let out = support::run(&["--print", "--width", "200", path_str(&p)]);
    assert!(out.status.success());
    assert_eq!(stderr(&out), "");
    for line in text.lines().filter(|l| !l.is_empty()) {
        assert!(stdout(&out).contains(line), "{line} in {}", stdout(&out));
    }
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_match_at_every_byte_keeps_search_memory_bounded() {
    let dir = support::temp_dir("io-search");
    // 40 MiB of `a` in lines of 1000: forty million matches
    let line = format!("{}\n", "a".repeat(999));
    let p = write(&dir, "aaaa.txt", line.repeat(40 << 10).as_bytes());
    let (doc, _) = load::load(&Source::Path(p), LoadOptions::default()).unwrap();
    let mut search = Search::new("a");
    while !search.advance(&doc.text) {}
    let (_, total, complete) = search.status(&doc.text);
    assert!(complete);
    assert_eq!(total, 999 * (40 << 10));
    // one running total (and where looking went on) per block of text, never one entry per
    // match
    assert!(
        search.index_bytes() <= (doc.text.len() / BLOCK + 2) * 16,
        "{} bytes for the count",
        search.index_bytes()
    );
    assert!(search.index_bytes() < 64 << 10);
    // n/N still land on the right match with the right index
    let found = search
        .next_from(&doc.text, 20_000_000, Direction::Forward)
        .unwrap();
    let before = memchr::memchr_iter(b'a', &doc.text.as_bytes()[..found.offset]).count();
    assert_eq!(search.status(&doc.text).0, Some(before + 1));
    let back = search
        .next_from(&doc.text, found.offset, Direction::Backward)
        .unwrap();
    assert!(back.offset < found.offset);
    assert_eq!(search.status(&doc.text).0, Some(before));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_full_stdout_is_named_in_one_line() {
    if !Path::new("/dev/full").exists() {
        support::skip("no /dev/full");
        return;
    }
    let dir = support::temp_dir("io-full");
    let p = write(&dir, "law.txt", LAW);
    for args in [
        vec!["--print", path_str(&p)],
        vec!["--outline", path_str(&p)],
        vec!["--outline", "--json", path_str(&p)],
        vec!["--print-config"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = support::command()
            .args(&args)
            .stdin(std::process::Stdio::null())
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.starts_with("gangmu: ") && err.contains("stdout"),
            "{args:?}: {err}"
        );
    }
    std::fs::remove_dir_all(dir).ok();
}

/// 字数 of one enormous word is 1, however many continuation paragraphs its line is cut into.
/// (The reported case was a 1 GiB word; 3 MB is cut into 46 pieces the same way.)
#[test]
fn one_huge_word_counts_once() {
    let word = "a".repeat(3_000_000);
    let text = format!("第一章 总则\n{word}\n第二章 附则\n{word} {word}\n");
    let doc = Document::parse(&text, Format::Plain);
    assert!(doc.paragraphs.iter().filter(|p| p.continuation).count() > 40);
    assert_eq!(doc.section_chars(0), 5 + 1);
    assert_eq!(doc.section_chars(1), 5 + 2);
    assert_eq!(doc.total_chars(), 13);
    // the same through the chunked loader (counted on its thread, chunk by chunk)
    let dir = support::temp_dir("io-word");
    let p = write(&dir, "word.txt", &text);
    let mut loader = Loader::open(&Source::Path(p.clone()), LoadOptions::default()).unwrap();
    let mut streamed = Document::new(Format::Plain);
    while let Some(chunk) = loader.next_chunk(100_000).unwrap() {
        streamed.extend(chunk);
    }
    assert_eq!(streamed.total_chars(), 13);
    let out = support::run(&["--outline", "--json", path_str(&p)]);
    assert!(
        stdout(&out).starts_with("{\"title\":null,\"format\":\"plain\",\"chars\":13,"),
        "{}",
        stdout(&out)
    );
    std::fs::remove_dir_all(dir).ok();
}
