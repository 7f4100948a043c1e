use super::*;
use crate::document::{Document, Format};

fn outline(text: &str) -> Vec<(u16, u32, String)> {
    let doc = Document::parse(text, Format::Plain);
    (0..doc.sections.len())
        .map(|i| {
            let s = &doc.sections[i];
            (s.level, s.line, doc.section_title(i).to_owned())
        })
        .collect()
}

#[test]
fn resolve_runs_on_an_empty_document() {
    let r = resolve("", &[], &[], &Options::default());
    assert!(r.sections.is_empty() && r.kinds.is_empty());
    assert!(outline("").is_empty());
}
