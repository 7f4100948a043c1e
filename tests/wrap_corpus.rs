//! Every corpus document, printed at every test width in both ambiguous-width modes, must pass
//! the independent grader `cjkcheck.py` (strict level) with 0 violations.
//!
//! Needs `../shared/corpus` and `../shared/tools/cjkcheck.py` next to the crate; when they are
//! missing the test says so and passes. Documents are built by hand (one Body paragraph per
//! non-blank line) until the real parser lands.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use gangmu::display::AmbiguousWidth;
use gangmu::document::{Chunk, Document, Format, Paragraph, ParagraphKind};
use gangmu::layout::LayoutOptions;
use gangmu::print::write_text;

const WIDTHS: [u16; 9] = [8, 9, 10, 13, 20, 37, 57, 80, 120];

/// One Body paragraph per non-blank line, leading/trailing whitespace outside the range.
fn document(source: &str, format: Format) -> Document {
    let text = source
        .strip_prefix('\u{feff}')
        .unwrap_or(source)
        .replace("\r\n", "\n");
    let mut paragraphs = Vec::new();
    let mut offset = 0;
    for (n, line) in text.split('\n').enumerate() {
        let start = offset + (line.len() - line.trim_start().len());
        let end = offset + line.trim_end().len();
        offset += line.len() + 1;
        if start >= end {
            continue;
        }
        paragraphs.push(Paragraph {
            range: start..end,
            line: n as u32 + 1,
            chars: 0,
            kind: ParagraphKind::Body,
            gap_before: !paragraphs.is_empty(),
            continuation: false,
        });
    }
    let mut doc = Document::new(format);
    doc.extend(Chunk {
        text,
        paragraphs,
        ..Chunk::default()
    });
    doc
}

/// Runs cjkcheck on one rendering: its summary (exemption note, totals) when it passes, the
/// whole report when it does not.
fn check(
    tool: &Path,
    source: &Path,
    width: u16,
    wide: bool,
    rendered: &[u8],
) -> Result<String, String> {
    let mut cmd = Command::new("python3");
    cmd.arg(tool)
        .arg("--width")
        .arg(width.to_string())
        .arg("--source")
        .arg(source)
        .arg("-");
    if wide {
        cmd.arg("--ambiguous-wide");
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let input = rendered.to_vec();
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    feeder
        .join()
        .map_err(|_| "feeder panicked")?
        .map_err(|e| e.to_string())?;
    let report = String::from_utf8_lossy(&out.stdout);
    let mode = if wide { " wide" } else { "" };
    if out.status.success() {
        let name = source
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let summary: Vec<&str> = report
            .lines()
            .filter(|l| l.starts_with("note:") || l.starts_with("cjkcheck:"))
            .collect();
        Ok(format!(
            "{name} width {width}{mode}: {}",
            summary.join("; ")
        ))
    } else {
        Err(format!(
            "{} width {width}{mode}:\n{report}",
            source.display()
        ))
    }
}

#[test]
fn corpus_passes_cjkcheck() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared");
    let corpus = root.join("corpus");
    let tool = root.join("tools").join("cjkcheck.py");
    if !corpus.is_dir() || !tool.is_file() {
        println!("skipping: ../shared/corpus not found");
        return;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("corpus folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            // The GBK copy is the same text as its UTF-8 twin.
            let ext = p
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase);
            matches!(ext.as_deref(), Some("txt" | "md"))
                && !name.ends_with(".outline.txt")
                && !name.contains(".gbk.")
                && name != "README.md"
        })
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut jobs = Vec::new();
    for path in &files {
        let source = std::fs::read_to_string(path).expect("UTF-8 corpus file");
        let format = if path.extension().is_some_and(|e| e == "md") {
            Format::Markdown
        } else {
            Format::Plain
        };
        let doc = std::sync::Arc::new(document(&source, format));
        for wide in [false, true] {
            for width in WIDTHS {
                jobs.push((path.clone(), std::sync::Arc::clone(&doc), width, wide));
            }
        }
    }
    // The grader is the slow part: run a few at once, the novel's jobs first (`pop` takes
    // from the end).
    jobs.sort_by_key(|(_, doc, ..)| doc.text.len());
    let jobs = std::sync::Mutex::new(jobs);
    let failures = std::sync::Mutex::new(Vec::new());
    let passes = std::sync::Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism()
        .map_or(2, std::num::NonZero::get)
        .clamp(2, 4);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                while let Some((path, doc, width, wide)) = jobs.lock().expect("jobs").pop() {
                    let amb = if wide {
                        AmbiguousWidth::Wide
                    } else {
                        AmbiguousWidth::Narrow
                    };
                    let opts = LayoutOptions {
                        ambiguous: amb,
                        ..LayoutOptions::default()
                    };
                    let mut out = Vec::new();
                    write_text(&doc, &opts, width, &mut out).expect("write to a Vec");
                    match check(&tool, &path, width, wide, &out) {
                        Ok(summary) => passes.lock().expect("passes").push(summary),
                        Err(e) => failures.lock().expect("failures").push(e),
                    }
                }
            });
        }
    });
    let mut passes = passes.into_inner().expect("passes");
    passes.sort();
    println!("{}", passes.join("\n"));
    let failures = failures.into_inner().expect("failures");
    assert!(
        failures.is_empty(),
        "{} of the renderings fail cjkcheck:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
