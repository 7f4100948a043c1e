//! PDF through poppler's `pdftotext` (reading order, not `-layout`; UTF-8), run as a child
//! process with a time limit and an output cap. The form feed it writes between pages gives
//! the page starts; then the plain-text clean-up:
//!
//! - **Running heads and feet**: up to two lines at the top and at the bottom of each page are
//!   compared across pages; a line that recurs there on at least 3 pages and on at least a third
//!   of the pages is dropped where it recurs. Short lines (under half the usual line width) are
//!   compared with digits masked, so `Annual Report · 12` matches `Annual Report · 13`.
//! - **Page numbers**: a top or bottom line that is only a page number (`12`, `- 12 -`,
//!   `第 12 页`, `12 / 30`, `Page 12`, `[Page 12]`, a Roman numeral) is dropped.
//! - **Lines broken at the page width**: a line that does not end with sentence punctuation and
//!   whose display width is at least 85 % of the usual full line (the median width of the
//!   lines at least half as wide as the widest) continues on the next line, across a page break too: CJK + CJK
//!   join without a space, a letter-hyphen-letter break keeps the hyphen and joins, anything
//!   else joins with one space. A blank line always ends a paragraph.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use unicode_width::UnicodeWidthStr;

use super::{Builder, Extracted, FormatError};

/// Seconds `pdftotext` may run, plus one per MiB of input.
const BASE_TIMEOUT_SECS: u64 = 30;
/// Largest text accepted from `pdftotext`.
const MAX_OUTPUT: u64 = 256 << 20;

pub(crate) fn extract(bytes: &[u8], path: Option<&Path>) -> Result<Extracted, FormatError> {
    let limit = Duration::from_secs(BASE_TIMEOUT_SECS + (bytes.len() as u64 >> 20));
    let raw = run_pdftotext(bytes, path, "pdftotext".as_ref(), limit)?;
    let mut e = postprocess(&raw);
    if e.text.trim().is_empty() {
        e.warnings
            .push("this PDF has no text layer (a scan?): nothing to show".into());
    }
    Ok(e)
}

fn run_pdftotext(
    bytes: &[u8],
    path: Option<&Path>,
    program: &OsStr,
    limit: Duration,
) -> Result<String, FormatError> {
    let mut cmd = Command::new(program);
    cmd.args(["-enc", "UTF-8"]);
    match path {
        Some(p) => cmd.arg(p),
        None => cmd.arg("-"),
    };
    cmd.arg("-").stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.stdin(if path.is_some() {
        Stdio::null()
    } else {
        Stdio::piped()
    });
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(FormatError::PdfToolMissing);
        }
        Err(e) => return Err(FormatError::Pdf(format!("cannot run pdftotext: {e}"))),
    };
    let feeder = child.stdin.take().map(|mut stdin| {
        let data = bytes.to_vec();
        std::thread::spawn(move || {
            // A broken pipe only means pdftotext stopped reading (a damaged file): its exit says why.
            let _ = stdin.write_all(&data);
        })
    });
    let mut stdout = child
        .stdout
        .take()
        .ok_or_else(|| FormatError::Pdf("no output pipe".into()))?;
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = (&mut stdout).take(MAX_OUTPUT).read_to_end(&mut out);
        out
    });
    let mut stderr = child
        .stderr
        .take()
        .ok_or_else(|| FormatError::Pdf("no error pipe".into()))?;
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = (&mut stderr).take(64 << 10).read_to_string(&mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if started.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(FormatError::PdfTimeout(limit.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(FormatError::Pdf(e.to_string())),
        }
    };
    if let Some(f) = feeder {
        let _ = f.join();
    }
    let out = reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    if !status.success() {
        return Err(FormatError::Pdf(explain(status.code(), &err)));
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// One line from `pdftotext`'s exit code (poppler: 1 open error, 2 output error, 3 permissions).
fn explain(code: Option<i32>, stderr: &str) -> String {
    let first = stderr
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    let lower = stderr.to_ascii_lowercase();
    if lower.contains("password") || lower.contains("encrypt") || code == Some(3) {
        return "it is encrypted (a password is needed) or copying text is not permitted".into();
    }
    match (code, first) {
        (_, "") => format!(
            "pdftotext failed (exit {})",
            code.map_or_else(|| "by signal".into(), |c| c.to_string())
        ),
        (_, msg) => format!("damaged or not a PDF ({msg})"),
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x31BF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end().chars().last().is_some_and(|c| {
        matches!(
            c,
            '。' | '！'
                | '？'
                | '；'
                | '：'
                | '…'
                | '」'
                | '』'
                | '”'
                | '）'
                | '.'
                | '!'
                | '?'
                | ';'
                | ':'
                | ')'
                | '"'
        )
    })
}

/// Digits masked, white space collapsed: what recurs as a running head or foot.
fn furniture_key(line: &str) -> String {
    let masked: String = line
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect();
    super::collapse_ws(&masked)
}

fn is_page_number(line: &str) -> bool {
    let core: String = line
        .trim()
        .trim_start_matches(['[', '(', '-', '–', '—', '·'])
        .trim_end_matches([']', ')', '-', '–', '—', '·', '.'])
        .trim()
        .to_owned();
    let lower = core.to_ascii_lowercase();
    let core = lower
        .strip_prefix("page")
        .or_else(|| lower.strip_prefix('第').and_then(|s| s.strip_suffix('页')))
        .unwrap_or(&lower)
        .trim();
    let digits_only = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if digits_only(core) {
        return true;
    }
    if let Some((a, b)) = core.split_once('/').or_else(|| core.split_once(" of ")) {
        return digits_only(a.trim()) && digits_only(b.trim());
    }
    !core.is_empty() && core.len() <= 6 && core.chars().all(|c| matches!(c, 'i' | 'v' | 'x' | 'l'))
}

/// The plain-text pipeline over `pdftotext` output (pages separated by form feeds).
pub(crate) fn postprocess(raw: &str) -> Extracted {
    let raw = raw.replace("\r\n", "\n").replace('\r', "\n");
    let mut pages: Vec<Vec<String>> = raw
        .split('\u{c}')
        .map(|p| p.lines().map(|l| l.trim_end().to_owned()).collect())
        .collect();
    if pages.len() > 1
        && pages
            .last()
            .is_some_and(|p| p.iter().all(|l| l.trim().is_empty()))
    {
        pages.pop();
    }
    let full = full_width(&pages);
    strip_furniture(&mut pages, full);
    assemble(&pages, full)
}

/// Indices of up to two non-blank lines at the top and at the bottom of a page.
fn edges(page: &[String]) -> Vec<usize> {
    let non_blank: Vec<usize> = (0..page.len())
        .filter(|&i| !page[i].trim().is_empty())
        .collect();
    let mut e: Vec<usize> = non_blank
        .iter()
        .take(2)
        .chain(non_blank.iter().rev().take(2))
        .copied()
        .collect();
    e.sort_unstable();
    e.dedup();
    e
}

/// Usual full-line width: the median width of the lines at least half as wide as the widest
/// (a few over-long lines, such as URLs, do not move it).
fn full_width(pages: &[Vec<String>]) -> usize {
    let max = pages.iter().flatten().map(|l| l.width()).max().unwrap_or(0);
    let mut widths: Vec<usize> = pages
        .iter()
        .flatten()
        .map(|l| l.width())
        .filter(|&w| w > 0 && w * 2 >= max)
        .collect();
    widths.sort_unstable();
    widths.get(widths.len() / 2).copied().unwrap_or(0)
}

/// Drops running heads, feet and page numbers, and blank lines at page edges.
fn strip_furniture(pages: &mut [Vec<String>], full: usize) {
    // Recurring edge lines: exactly equal, or equal with digits masked when short (a running
    // head with a page number or date), counted once per page.
    let mut exact: HashMap<String, usize> = HashMap::new();
    let mut masked: HashMap<String, usize> = HashMap::new();
    for page in pages.iter() {
        let mut e: Vec<String> = edges(page)
            .into_iter()
            .map(|i| super::collapse_ws(&page[i]))
            .collect();
        let mut m: Vec<String> = e.iter().map(|l| furniture_key(l)).collect();
        for v in [&mut e, &mut m] {
            v.sort();
            v.dedup();
        }
        for k in e {
            *exact.entry(k).or_default() += 1;
        }
        for k in m {
            *masked.entry(k).or_default() += 1;
        }
    }
    let threshold = 3.max(pages.len().div_ceil(3));
    let furniture = |line: &str| {
        exact
            .get(&super::collapse_ws(line))
            .is_some_and(|&c| c >= threshold)
            || line.width() * 2 < full.max(1)
                && masked
                    .get(&furniture_key(line))
                    .is_some_and(|&c| c >= threshold)
            || is_page_number(line)
    };
    for page in pages.iter_mut() {
        let drop: Vec<usize> = edges(page)
            .into_iter()
            .filter(|&i| furniture(&page[i]))
            .collect();
        let mut i = 0;
        page.retain(|_| {
            i += 1;
            !drop.contains(&(i - 1))
        });
        // Blank lines at a page's edges say nothing about paragraphs.
        while page.last().is_some_and(|l| l.trim().is_empty()) {
            page.pop();
        }
        let lead = page.iter().take_while(|l| l.trim().is_empty()).count();
        page.drain(..lead);
    }
}

/// Joins broken lines into paragraphs and records where each page starts.
fn assemble(pages: &[Vec<String>], full: usize) -> Extracted {
    let near_full = |w: usize| full >= 20 && w * 100 >= full * 85;
    let mut b = Builder::default();
    let mut para = String::new();
    let mut para_pages: Vec<usize> = Vec::new();
    let mut page_line: Vec<Option<u32>> = vec![None; pages.len()];
    let mut flush = |b: &mut Builder, para: &mut String, para_pages: &mut Vec<usize>| {
        if let Some(line) = b.para(&para.replace('\u{1}', ""), None) {
            for p in para_pages.drain(..) {
                page_line[p].get_or_insert(line);
            }
        }
        para.clear();
        para_pages.clear();
    };
    for (pi, page) in pages.iter().enumerate() {
        for line in page {
            if line.trim().is_empty() {
                flush(&mut b, &mut para, &mut para_pages);
                continue;
            }
            if para.is_empty() {
                para.push_str(line);
            } else if continues(&para, near_full) {
                join(&mut para, line.trim_start());
            } else {
                flush(&mut b, &mut para, &mut para_pages);
                para.push_str(line);
            }
            if !para_pages.contains(&pi) {
                para_pages.push(pi);
            }
        }
    }
    flush(&mut b, &mut para, &mut para_pages);
    let total = b.next_line();
    let mut next = total;
    let mut starts: Vec<u32> = page_line
        .iter()
        .rev()
        .map(|l| {
            next = l.unwrap_or(next);
            next
        })
        .collect();
    starts.reverse();
    let last = total.saturating_sub(1).max(1);
    for s in starts {
        b.page(s.min(last));
    }
    b.finish()
}

/// Whether the paragraph so far ends in a line broken at the page width.
fn continues(para: &str, near_full: impl Fn(usize) -> bool) -> bool {
    let last_line = para.rsplit('\u{1}').next().unwrap_or(para);
    !ends_sentence(last_line) && near_full(last_line.width())
}

/// Appends a continuation line: no space between CJK, a kept hyphen between letters, else a
/// space. A `'\u{1}'` marks where the last physical line starts (removed before output).
fn join(para: &mut String, next: &str) {
    let prev_last = para.chars().last();
    let next_first = next.chars().next();
    let before_hyphen = para.chars().rev().nth(1);
    match (prev_last, next_first) {
        (Some(a), Some(b)) if is_cjk(a) && is_cjk(b) => {}
        (Some('-'), Some(b))
            if before_hyphen.is_some_and(char::is_alphabetic) && b.is_alphabetic() => {}
        _ => para.push(' '),
    }
    para.push('\u{1}');
    para.push_str(next);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(e: &Extracted) -> Vec<&str> {
        e.text.lines().collect()
    }

    #[test]
    fn missing_program_says_how_to_install() {
        let err = run_pdftotext(
            b"%PDF-1.4",
            None,
            "gangmu-no-such-pdftotext".as_ref(),
            Duration::from_secs(5),
        )
        .unwrap_err();
        assert!(matches!(err, FormatError::PdfToolMissing));
        let msg = err.to_string();
        assert!(
            msg.contains("apt install poppler-utils")
                && msg.contains("brew install poppler")
                && !msg.contains('\n')
        );
    }

    /// A converter that hangs is killed at the time limit.
    #[cfg(unix)]
    #[test]
    fn a_hanging_converter_is_stopped() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let fake = dir.path().join("pdftotext");
        std::fs::write(&fake, "#!/bin/sh\nexec sleep 30\n").unwrap();
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
        let started = Instant::now();
        let err = run_pdftotext(
            b"%PDF-1.4",
            None,
            fake.as_os_str(),
            Duration::from_millis(300),
        )
        .unwrap_err();
        assert!(matches!(err, FormatError::PdfTimeout(_)), "{err}");
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn page_number_forms() {
        for yes in [
            "12",
            " - 12 - ",
            "第 3 页",
            "第3页",
            "Page 7",
            "[Page 7]",
            "3 / 40",
            "3 of 40",
            "xiv",
            "—5—",
        ] {
            assert!(is_page_number(yes), "{yes:?}");
        }
        for no in ["12 apples", "第三章", "一、总则", "Pages", "2024年", ""] {
            assert!(!is_page_number(no), "{no:?}");
        }
    }

    /// Three pages of CJK text 20 columns wide, with a running head and a page footer.
    #[test]
    fn cjk_pages_lose_furniture_and_join_broken_lines() {
        let raw = "某某市人民政府公报\n\n第一章　总则\n第一条　为了规范行政行为，保障公民\n权利，制定本办法。\n\n- 1 -\n\u{c}\
                   某某市人民政府公报\n\n第二条　本办法适用于本市行政区域\n内的各级行政机关以及法律、法规授\n\n- 2 -\n\u{c}\
                   某某市人民政府公报\n权的组织。\n第三条　本办法自发布之日起施行。\n\n- 3 -\n\u{c}";
        let e = postprocess(raw);
        assert_eq!(
            lines(&e),
            [
                "第一章　总则",
                "第一条　为了规范行政行为，保障公民权利，制定本办法。",
                "第二条　本办法适用于本市行政区域内的各级行政机关以及法律、法规授权的组织。",
                "第三条　本办法自发布之日起施行。",
            ]
        );
        // Page 3 starts inside the article joined across the break.
        assert_eq!(e.pages, [1, 3, 3]);
    }

    #[test]
    fn latin_joins_with_a_space_and_keeps_hyphens() {
        let raw = "alpha beta gamma delta epsilon zeta eta theta\n\
                   iota kappa lambda mu nu xi omicron pi rho sig-\n\
                   ma tau upsilon phi chi psi omega and the end.\n\nNext paragraph here.\n";
        let e = postprocess(raw);
        assert_eq!(
            lines(&e),
            [
                "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sig-ma tau upsilon phi chi psi omega and the end.",
                "Next paragraph here.",
            ]
        );
        assert_eq!(e.pages, [1]);
    }

    #[test]
    fn short_lines_and_sentence_ends_stay_apart() {
        let raw = "A heading\nThis line is long enough to be a full line of text here.\nShort one\nThis line is long enough to be a full line of text too\n";
        let e = postprocess(raw);
        assert_eq!(e.line_count(), 4, "nothing joins:\n{}", e.text);
        assert!(postprocess("").text.is_empty());
    }
}
