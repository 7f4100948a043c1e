//! Reflow of hard-wrapped plain text (`--reflow`): a Chinese novel chapter wrapped at 35
//! characters, an English text with blank-line paragraphs and a hyphenated word across a line
//! end, and a wrapped region beside an aligned table, all generated here from strings.

#![allow(clippy::unwrap_used, clippy::string_slice)]

mod support;

use gangmu::document::{Document, Format};
use gangmu::layout::LayoutOptions;
use support::run;
use support::screen::{reader, screen};

const NOVEL_PARAGRAPHS: [&str; 4] = [
    "天色渐渐暗了下来，山间的雾气从谷底慢慢升起，把远处的村庄遮得若隐若现。少年背着行囊走在石板路上，脚步声在寂静的山谷里回响，他不时停下来回头望一眼来时的路。",
    "他想起临行前母亲的叮嘱，想起父亲站在门口沉默的背影，心中一阵酸楚。可是他知道，自己已经没有回头的余地，只有一直往前走，才能找到那个传说中的师父。",
    "夜里，他在一座破庙里歇脚。庙里供着一尊看不清面目的神像，香案上积满了灰尘，角落里堆着些枯草。他生了一堆火，就着火光啃了半块干粮，便靠着柱子沉沉睡去。",
    "第二天一早，他被一阵鸟鸣声惊醒，推开庙门，只见满山的杜鹃花开得正艳，红得像火一样，一直烧到了天边。他深深吸了一口清晨的空气，觉得浑身都是力气。",
];

/// `text` cut into lines of `width` characters, the first one after `indent`.
fn hard_wrap_cjk(text: &str, width: usize, indent: &str) -> Vec<String> {
    let chars: Vec<char> = indent.chars().chain(text.chars()).collect();
    chars.chunks(width).map(|c| c.iter().collect()).collect()
}

/// A chapter of a download-site novel: unindented `第X章` headings, paragraphs indented with
/// `indent` and wrapped at 35 characters, and a line of dialogue too short to be wrapped.
fn novel(indent: &str) -> String {
    let mut lines = vec!["第一章 山雨欲来".to_owned(), String::new()];
    for p in NOVEL_PARAGRAPHS {
        lines.extend(hard_wrap_cjk(p, 35, indent));
    }
    lines.push(format!("{indent}“走吧。”他说。"));
    lines.push("第二章 初见师父".to_owned());
    for p in NOVEL_PARAGRAPHS.iter().rev() {
        lines.extend(hard_wrap_cjk(p, 35, indent));
    }
    lines.join("\n") + "\n"
}

/// Greedy wrapping at `width` columns of ASCII words; a word holding `-` may be cut after it.
fn hard_wrap_latin(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let pieces: Vec<String> = match word.split_once('-') {
            Some((a, b)) => vec![format!("{a}-"), b.to_owned()],
            None => vec![word.to_owned()],
        };
        for (k, piece) in pieces.iter().enumerate() {
            let line = lines.last_mut().unwrap();
            let sep = if line.is_empty() || k > 0 { "" } else { " " };
            if line.len() + sep.len() + piece.len() <= width {
                line.push_str(sep);
                line.push_str(piece);
            } else {
                lines.push(piece.clone());
            }
        }
    }
    lines
}

const ENGLISH: &str = "It was a bright cold day in April, and the clocks were striking thirteen. \
The hallway smelt of boiled cabbage and old rag mats. At one end of it a coloured poster, too \
large for indoor display, had been tacked to the wall. It depicted simply an enormous face, more \
than a metre wide: the face of a man of about forty-five, with a heavy black moustache and \
ruggedly handsome features.";

/// An English text wrapped at 66 columns, one paragraph cut after the hyphen of
/// `well-known`, a signature block of short lines at the end.
fn english() -> (String, Vec<String>) {
    // find a lead-in that makes the wrapper cut `well-known` after its hyphen
    let hyphenated = (0..40)
        .map(|k| {
            let lead: Vec<&str> = ENGLISH.split(' ').take(k).collect();
            format!(
                "{} the well-known engineer who built the bridge across the river came home.",
                lead.join(" ")
            )
        })
        .find(|p| hard_wrap_latin(p, 66).iter().any(|l| l.ends_with("well-")))
        .expect("a lead-in cuts well-known");
    let paragraphs = vec![
        ENGLISH.to_owned(),
        hyphenated,
        ENGLISH.replace("April", "May"),
    ];
    let mut text = String::from("CHAPTER I\n\n");
    for p in &paragraphs {
        text.push_str(&hard_wrap_latin(p.trim(), 66).join("\n"));
        text.push_str("\n\n");
    }
    text.push_str("Yours truly,\nJohn Smith\n");
    (text, paragraphs)
}

fn print(text: &str, width: u16, reflow: &str) -> String {
    let dir = support::temp_dir(&format!("reflow-{width}-{reflow}-{}", text.len()));
    let path = dir.join("doc.txt");
    std::fs::write(&path, text).unwrap();
    let out = run(&[
        "--print",
        "--width",
        &width.to_string(),
        "--reflow",
        reflow,
        path.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The printed blocks (paragraphs separated by blank lines), each with its lines joined and
/// its first-line indent removed.
fn blocks(printed: &str, sep: &str) -> Vec<String> {
    printed
        .split("\n\n")
        .map(|b| {
            b.lines()
                .map(|l| l.trim_start_matches('\u{3000}'))
                .collect::<Vec<_>>()
                .join(sep)
        })
        .filter(|b| !b.is_empty())
        .collect()
}

fn non_blank(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn novel_paragraphs_are_joined_at_two_widths() {
    for indent in ["\u{3000}\u{3000}", "  "] {
        let text = novel(indent);
        for width in [40, 100] {
            let printed = print(&text, width, "auto");
            let mut want = vec!["第一章 山雨欲来".to_owned()];
            want.extend(NOVEL_PARAGRAPHS.iter().map(|p| (*p).to_owned()));
            want.push("“走吧。”他说。".to_owned());
            want.push("第二章 初见师父".to_owned());
            want.extend(NOVEL_PARAGRAPHS.iter().rev().map(|p| (*p).to_owned()));
            assert_eq!(
                blocks(&printed, ""),
                want,
                "indent {indent:?} width {width}"
            );
            for line in printed.lines() {
                let w = unicode_width::UnicodeWidthStr::width(line);
                assert!(w <= usize::from(width), "{line:?} wider than {width}");
            }
        }
        // in an 80-column text column a paragraph takes fewer rows than its 35-character
        // source lines
        let wide = print(&text, 100, "auto");
        let rows = wide.lines().filter(|l| !l.is_empty()).count();
        let source = text.lines().filter(|l| !l.is_empty()).count();
        assert!(
            rows < source,
            "{rows} rows for {source} source lines:\n{wide}"
        );
    }
}

#[test]
fn never_keeps_one_paragraph_per_line() {
    let text = novel("\u{3000}\u{3000}");
    let printed = print(&text, 100, "never");
    let source: Vec<String> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.trim_start_matches('\u{3000}').to_owned())
        .collect();
    assert_eq!(blocks(&printed, ""), source);
}

#[test]
fn english_paragraphs_join_with_spaces_and_keep_the_hyphen() {
    let (text, paragraphs) = english();
    assert!(
        text.contains("well-\n"),
        "the fixture cuts after the hyphen"
    );
    for width in [40, 100] {
        let printed = print(&text, width, "auto");
        let got = blocks(&printed, " ");
        assert_eq!(got.len(), 1 + paragraphs.len() + 2, "{printed}");
        assert_eq!(got[0], "CHAPTER I");
        for (g, p) in got[1..=paragraphs.len()].iter().zip(&paragraphs) {
            // a display line may end after the hyphen; the words are the source's words
            let g = g.replace("- ", "-");
            assert_eq!(
                g.split(' ').collect::<Vec<_>>(),
                p.split(' ').collect::<Vec<_>>()
            );
        }
        // the signature's short lines stay paragraphs of their own
        assert_eq!(got[paragraphs.len() + 1..], ["Yours truly,", "John Smith"]);
    }
    assert!(print(&text, 100, "auto").contains("the well-known engineer"));
}

#[test]
fn a_table_beside_wrapped_text_stays_as_it_stands() {
    let (english, _) = english();
    let table = "Name        Width    Height\nbridge      120      35\ntower       12       80\n";
    let text = format!("{english}\n{table}\n{english}");
    let printed = print(&text, 100, "auto");
    for row in table.lines() {
        assert!(
            printed.lines().any(|l| l == row),
            "row {row:?} in\n{printed}"
        );
    }
    assert!(printed.contains("the well-known engineer"), "{printed}");
}

#[test]
fn text_written_one_paragraph_per_line_is_unchanged() {
    // a speech: every line is a paragraph of its own length
    let lines: Vec<String> = (0..30)
        .map(|k| "同志们，我们要坚定信心，团结奋斗。".repeat(1 + k % 7))
        .collect();
    let text = lines.join("\n") + "\n";
    assert_eq!(print(&text, 80, "auto"), print(&text, 80, "never"));
}

#[test]
fn outline_lines_are_source_lines() {
    let text = novel("\u{3000}\u{3000}");
    let dir = support::temp_dir("reflow-outline");
    let path = dir.join("novel.txt");
    std::fs::write(&path, &text).unwrap();
    let out = run(&["--outline", "--json", path.to_str().unwrap()]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lines: Vec<u64> = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["line"].as_u64().unwrap())
        .collect();
    let want: Vec<u64> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with('第'))
        .map(|(i, _)| i as u64 + 1)
        .collect();
    assert_eq!(want.len(), 2);
    assert_eq!(lines, want);
    // and a joined paragraph keeps its first line's number
    let doc = Document::parse(&text, Format::Plain);
    let second = &doc.paragraphs[2];
    let first_paragraph_lines = hard_wrap_cjk(NOVEL_PARAGRAPHS[0], 35, "\u{3000}\u{3000}").len();
    assert_eq!(second.line as usize, 3 + first_paragraph_lines);
    assert!(doc.slice(&second.range).contains('\n'));
}

#[test]
fn reader_shows_joined_paragraphs_at_40_and_100_columns() {
    let text = novel("\u{3000}\u{3000}");
    for width in [40u16, 100] {
        let app = reader(&text, width, 30);
        let shown = screen(&app, width, 30);
        // the source's first line ends in 山间的雾 and the next begins 气从谷底: shown joined
        let flat: String = shown.lines().map(str::trim).collect::<Vec<_>>().concat();
        assert!(flat.contains("山间的雾气从谷底"), "{shown}");
        if width == 100 {
            assert!(
                shown.lines().any(|l| l.contains("山间的雾气从谷底")),
                "one row holds the join at 100 columns:\n{shown}"
            );
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Reflow loses and reorders nothing but the joined line breaks: the non-blank characters
    /// of the paragraphs, and of the printed text, are the source's.
    #[test]
    fn reflow_keeps_every_character_in_order(
        words in proptest::collection::vec("[a-z]{1,9}|[甲乙丙丁戊己庚辛，。]{1,6}|[a-z]{2,5}-[a-z]{2,5}", 20..200),
        width in 40usize..80,
        blank_every in 3usize..12,
    ) {
        let mut lines = Vec::new();
        for (k, chunk) in words.chunks(blank_every * 4).enumerate() {
            if k > 0 {
                lines.push(String::new());
            }
            lines.extend(hard_wrap_latin(&chunk.join(" "), width));
        }
        let text = lines.join("\n") + "\n";
        let doc = Document::parse(&text, Format::Plain);
        let paragraphs: String = doc.paragraphs.iter().map(|p| doc.slice(&p.range)).collect();
        proptest::prop_assert_eq!(non_blank(&paragraphs), non_blank(&text));
        let mut out = Vec::new();
        gangmu::print::write_text(&doc, &LayoutOptions::default(), 60, &mut out).unwrap();
        let printed = String::from_utf8(out).unwrap();
        proptest::prop_assert_eq!(non_blank(&printed), non_blank(&text));
    }
}

/// The reader loads a large file in chunks; a hard-wrapped paragraph that straddles two of
/// them is still one paragraph there, exactly as `--print` and `--outline` (which parse the
/// whole text) see it.
#[test]
fn the_reader_joins_paragraphs_across_its_loading_chunks_as_a_whole_parse_does() {
    use gangmu::load::{LoadOptions, Loader, Source, load};
    let (english, _) = english();
    let mut text = String::new();
    let mut chapter = 0;
    while text.len() < 900 << 10 {
        chapter += 1;
        text.push_str(&novel(if chapter % 2 == 0 { "  " } else { "　　" }));
        text.push('\n');
        text.push_str(&english);
        text.push('\n');
    }
    let dir = support::temp_dir("reflow-chunks");
    let path = dir.join("wrapped.txt");
    std::fs::write(&path, &text).unwrap();
    let source = Source::Path(path);
    let (whole, _) = load(&source, LoadOptions::default()).unwrap();
    for piece in [4 << 10, 61 << 10, 256 << 10] {
        let mut loader = Loader::open(&source, LoadOptions::default()).unwrap();
        let mut doc = Document::new(Format::Plain);
        let mut chunks = 0;
        while let Some(chunk) = loader.next_chunk(piece).unwrap() {
            chunks += 1;
            doc.extend(chunk);
        }
        doc.set_complete();
        assert!(chunks > 3, "{piece}: loaded in {chunks} chunks");
        assert_eq!(doc.text, whole.text, "{piece}");
        let lines = |d: &Document| -> Vec<(u32, std::ops::Range<usize>)> {
            d.paragraphs
                .iter()
                .map(|p| (p.line, p.range.clone()))
                .collect()
        };
        assert!(
            whole.paragraphs.len() < text.lines().filter(|l| !l.trim().is_empty()).count() / 2,
            "the text is hard-wrapped: most lines join"
        );
        let (got, want) = (lines(&doc), lines(&whole));
        let first_difference = got.iter().zip(&want).position(|(a, b)| a != b);
        assert!(
            first_difference.is_none() && got.len() == want.len(),
            "{piece}: paragraph {first_difference:?} differs ({} vs {} paragraphs): {:?} vs {:?}",
            got.len(),
            want.len(),
            first_difference.and_then(|i| got.get(i)),
            first_difference.and_then(|i| want.get(i)),
        );
        assert_eq!(doc.sections.len(), whole.sections.len(), "{piece}");
    }
}
