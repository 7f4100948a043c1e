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

#[test]
fn corrections_are_applied_and_can_be_changed() {
    let text = "一、回顾\n正文。\n（一）学习\n正文。\n补充说明\n正文。\n二、任务\n";
    let mut doc = Document::parse(text, Format::Plain);
    assert_eq!(doc.sections.len(), 3);
    doc.restructure(Options {
        corrections: vec![
            Correction {
                line: 3,
                text: "（一）学习".into(),
                action: CorrectionAction::NotHeading,
            },
            Correction {
                line: 5,
                text: "补充说明".into(),
                action: CorrectionAction::MakeHeading,
            },
        ],
        ..Options::default()
    });
    let rows: Vec<_> = (0..doc.sections.len())
        .map(|i| (doc.sections[i].level, doc.sections[i].line))
        .collect();
    assert_eq!(rows, [(1, 1), (2, 5), (1, 7)]);
    assert_eq!(doc.paragraphs[2].kind, crate::document::ParagraphKind::Body);
    // a correction whose line no longer holds its text is not applied
    doc.restructure(Options {
        corrections: vec![Correction {
            line: 1,
            text: "别的标题".into(),
            action: CorrectionAction::NotHeading,
        }],
        ..Options::default()
    });
    assert_eq!(doc.sections.len(), 3);
    // H / L: a heading moves one level with its subtree, never deeper than one below its
    // predecessor
    doc.restructure(Options {
        corrections: vec![Correction {
            line: 7,
            text: "二、任务".into(),
            action: CorrectionAction::Shift(1),
        }],
        ..Options::default()
    });
    let rows: Vec<_> = (0..doc.sections.len())
        .map(|i| (doc.sections[i].level, doc.sections[i].line))
        .collect();
    assert_eq!(rows, [(1, 1), (2, 3), (2, 7)]);
}
