//! The document engine against real documents: `gangmu --outline --json` scored by
//! `../shared/tools/outline_score.py` must reach precision, recall and titles of 1.000 on every
//! corpus document with an expected outline (the GBK copy included). Skips when the shared
//! corpus is not beside the repository.

#![allow(clippy::string_slice, clippy::format_push_string, clippy::unwrap_used)]

mod support;

use std::process::Command;

#[test]
fn corpus_outlines_score_perfectly() {
    let Some(docs) = support::corpus_with_outlines() else {
        support::skip("corpus outline scoring");
        return;
    };
    let shared = support::shared_dir().expect("shared dir");
    let scorer = shared.join("tools/outline_score.py");
    let tmp = support::temp_dir("outline");
    assert!(!docs.is_empty(), "corpus has no outline files");
    let mut failures = Vec::new();
    for (doc, expected) in &docs {
        let out = support::run(&["--outline", "--json", doc.to_str().expect("path")]);
        assert!(
            out.status.success(),
            "{}: {}",
            doc.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let json = tmp.join("out.json");
        std::fs::write(&json, &out.stdout).expect("write json");
        let score = Command::new("python3")
            .arg(&scorer)
            .arg(expected)
            .arg(&json)
            .output()
            .expect("python3");
        let report = String::from_utf8_lossy(&score.stdout).into_owned();
        eprintln!(
            "{}: {}",
            doc.file_name().unwrap_or_default().to_string_lossy(),
            report.lines().last().unwrap_or("")
        );
        if !score.status.success() {
            failures.push(format!("{}:\n{report}", doc.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "outline mismatches:\n{}",
        failures.join("\n")
    );
}

/// `(level, title)` rows of `gangmu --outline --json FILE`.
fn outline_rows(file: &std::path::Path) -> Vec<(u64, String)> {
    let out = support::run(&["--outline", "--json", support::path_str(file)]);
    assert!(
        out.status.success(),
        "{}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    v["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|s| {
            (
                s["level"].as_u64().unwrap_or(0),
                s["title"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

/// The corpus's Word file and saved web page of the same speech give the same tree as its
/// plain-text copy, and the EPUB law's top-level headings are its 编 and 附则 (README, Files).
#[test]
fn container_formats_give_the_expected_trees() {
    let Some(shared) = support::shared_dir().filter(|d| d.join("corpus").is_dir()) else {
        support::skip("container formats in the corpus");
        return;
    };
    let corpus = shared.join("corpus");
    let expected: Vec<(u64, String)> =
        std::fs::read_to_string(corpus.join("speech_fyp15_explanation.outline.txt"))
            .expect("outline")
            .lines()
            .filter_map(|l| {
                let mut f = l.splitn(3, '\t');
                Some((f.next()?.parse().ok()?, f.nth(1)?.to_owned()))
            })
            .collect();
    for name in [
        "speech_fyp15_explanation.docx",
        "speech_fyp15_explanation.html",
    ] {
        assert_eq!(outline_rows(&corpus.join(name)), expected, "{name}");
    }
    let top: Vec<String> = outline_rows(&corpus.join("criminal_law_book.epub"))
        .into_iter()
        .filter(|(level, _)| *level == 1)
        .map(|(_, t)| t)
        .collect();
    assert_eq!(top, ["第一编　总则", "第二编　分则", "附则"]);
}
