//! `--print` and `--outline` of files larger than the blocks they are read in (issue 19: the
//! text is not held, but read a block at a time, twice for `--print`): the output is the one
//! the whole text gives, computed here in process with the library.

#![allow(clippy::unwrap_used)]

mod support;

use std::fmt::Write as _;

use gangmu::layout::LayoutOptions;
use gangmu::load::{self, LoadOptions, Source};
use gangmu::print;
use support::run;

/// A few MiB of novel: a byte-order mark, CRLF line ends, chapters, hard-wrapped and one-line
/// paragraphs, a tab and a control character, a poem, and a line longer than a block.
fn novel() -> String {
    let sentence = "天色渐渐暗了下来，山间的雾气从谷底慢慢升起，把远处的村庄遮得若隐若现。";
    let mut s = String::from("\u{feff}山雨\r\n\r\n目录\r\n第1章　起\r\n\r\n");
    for chapter in 1..=400 {
        write!(s, "第{chapter}章　标题{chapter}\r\n\r\n").unwrap();
        for p in 0..20 {
            let para = sentence.repeat(1 + p % 9);
            if p % 5 == 4 {
                let chars: Vec<char> = para.chars().collect();
                for line in chars.chunks(30) {
                    s.extend(line.iter());
                    s.push_str("\r\n");
                }
            } else {
                s.push_str("　　");
                s.push_str(&para);
                s.push_str("\r\n");
            }
            s.push_str("\r\n");
        }
        s.push_str("一、短句\tA\u{1b}B\r\n春眠不觉晓\r\n\r\n");
        if chapter == 150 {
            s.push_str(&sentence.repeat(40_000));
            s.push_str("\r\n\r\n");
        }
    }
    s
}

#[test]
fn print_and_outline_read_in_blocks_are_those_of_the_whole_text() {
    let dir = support::temp_dir("stream");
    let path = dir.join("novel.txt");
    std::fs::write(&path, novel()).unwrap();
    let file = path.to_str().unwrap();
    let opts = LoadOptions::default();
    let (doc, _) = load::load(&Source::Path(path.clone()), opts).unwrap();
    assert!(
        doc.text.len() > 6 << 20 && doc.sections.len() >= 400,
        "{} {}",
        doc.text.len(),
        doc.sections.len()
    );
    for width in [80_u16, 37] {
        let mut want = Vec::new();
        print::write_text(&doc, &LayoutOptions::default(), width, &mut want).unwrap();
        let out = run(&["--print", "--width", &width.to_string(), file]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout == want, "--print --width {width} differs");
    }
    let mut want = Vec::new();
    gangmu::print_outline::write_outline(
        &doc,
        &gangmu::print_outline::OutlineOptions::default(),
        &mut want,
    )
    .unwrap();
    let out = run(&["--outline", file]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(want).unwrap()
    );
}
