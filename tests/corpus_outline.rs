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
