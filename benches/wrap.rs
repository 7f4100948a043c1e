//! Line-breaking benchmarks (divan): gangmu's breaker against textwrap's first-fit with its
//! UAX #14 word separator on every paragraph of the novel at width 80, and the cost of a width
//! change (a fresh layout of the ~40 rows around a position in a >100 MB document).
//!
//! Run: `cargo bench --bench wrap --features compare-textwrap` (without the feature, only
//! gangmu's own benchmarks are built: textwrap and unicode-linebreak stay out of the default
//! build and of `cargo test`). Uses `../shared/corpus/shuihuzhuan.txt` when present,
//! otherwise a generated stand-in (the figures in BENCHMARKS.md are for the novel).

use std::hint::black_box;
use std::sync::LazyLock;

use divan::Bencher;
use divan::counter::BytesCount;
use gangmu::display::AmbiguousWidth;
use gangmu::document::{Chunk, Document, Format, Paragraph, ParagraphKind};
use gangmu::layout::breaker::{WrapOptions, wrap};
use gangmu::layout::{Layout, LayoutOptions};

fn main() {
    divan::main();
}

/// The novel's text, newlines normalised (or a stand-in when the corpus is absent).
static NOVEL: LazyLock<String> = LazyLock::new(|| {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/shuihuzhuan.txt"
    );
    std::fs::read_to_string(path).map_or_else(
        |_| {
            eprintln!("note: {path} not found, using generated text");
            "　　天地玄黃，宇宙洪荒。日月盈昃，辰宿列張。“寒來暑往，秋收冬藏。”閏餘成歲，律呂調陽——雲騰致雨……\n"
                .repeat(20_000)
        },
        |s| s.replace("\r\n", "\n"),
    )
});

/// Byte ranges of the non-blank lines of `text`, whitespace trimmed (one paragraph each).
fn paragraph_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        let start = offset + (line.len() - line.trim_start().len());
        let end = offset + line.trim_end().len();
        offset += line.len() + 1;
        if start < end {
            out.push(start..end);
        }
    }
    out
}

static PARAGRAPHS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    paragraph_ranges(&NOVEL)
        .into_iter()
        .filter_map(|r| NOVEL.get(r))
        .collect()
});

fn paragraph_bytes() -> usize {
    PARAGRAPHS.iter().map(|p| p.len()).sum()
}

#[divan::bench(args = [AmbiguousWidth::Narrow, AmbiguousWidth::Wide], sample_count = 30, sample_size = 1)]
fn gangmu_wrap_80(bencher: Bencher, ambiguous: AmbiguousWidth) {
    let opts = WrapOptions {
        width: 80,
        first_line_indent: 4,
        ambiguous,
    };
    let paras = &*PARAGRAPHS;
    bencher
        .counter(BytesCount::new(paragraph_bytes()))
        .bench(|| {
            let mut lines = 0;
            for p in paras {
                lines += wrap(black_box(p), &opts).len();
            }
            lines
        });
}

#[cfg(feature = "compare-textwrap")]
#[divan::bench(sample_count = 10, sample_size = 1)]
fn textwrap_first_fit_80(bencher: Bencher) {
    let opts = textwrap::Options::new(80)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
        .word_separator(textwrap::WordSeparator::UnicodeBreakProperties);
    let paras = &*PARAGRAPHS;
    bencher
        .counter(BytesCount::new(paragraph_bytes()))
        .bench(|| {
            let mut lines = 0;
            for p in paras {
                lines += textwrap::wrap(black_box(p), &opts).len();
            }
            lines
        });
}

/// Only finding UAX #14 break opportunities (unicode-linebreak), no measuring or packing: a lower
/// bound for any breaker built on that crate.
#[cfg(feature = "compare-textwrap")]
#[divan::bench(sample_count = 10, sample_size = 1)]
fn unicode_linebreak_opportunities_only(bencher: Bencher) {
    let paras = &*PARAGRAPHS;
    bencher
        .counter(BytesCount::new(paragraph_bytes()))
        .bench(|| {
            let mut breaks = 0;
            for p in paras {
                breaks += unicode_linebreak::linebreaks(black_box(p)).count();
            }
            breaks
        });
}

/// The novel repeated until the document passes 100 MB, one Body paragraph per line.
static BIG: LazyLock<Document> = LazyLock::new(|| {
    let copies = (100 * 1024 * 1024) / NOVEL.len().max(1) + 1;
    let text = NOVEL.repeat(copies);
    let paragraphs = paragraph_ranges(&text)
        .into_iter()
        .enumerate()
        .map(|(i, range)| Paragraph {
            range,
            line: i as u32 + 1,
            chars: 0,
            kind: ParagraphKind::Body,
            gap_before: i > 0,
            continuation: false,
            shape: gangmu::document::LineShape::default(),
        })
        .collect();
    let mut doc = Document::new(Format::Plain);
    doc.extend(Chunk {
        text,
        paragraphs,
        ..Chunk::default()
    });
    doc
});

/// Lays out the rows around byte `pos`: 20 above the paragraph holding it and 20 from it on.
fn screen_around(layout: &mut Layout, doc: &Document, pos: usize) -> usize {
    let anchor = doc.paragraph_at(pos);
    let mut rows = 0;
    let mut i = anchor;
    while rows < 20 && i > 0 {
        i -= 1;
        rows += layout.rows(doc, i);
    }
    let mut below = 0;
    let mut j = anchor;
    while below < 20 && j < doc.paragraphs.len() {
        below += layout.rows(doc, j);
        j += 1;
    }
    rows + below
}

#[divan::bench(args = [79, 120, 37], sample_count = 50, sample_size = 1)]
fn width_change_relayout_screen(bencher: Bencher, width: u16) {
    let doc = &*BIG;
    assert!(doc.text.len() >= 100 * 1024 * 1024);
    let pos = doc.text.len() / 2;
    bencher.bench(|| {
        let mut layout = Layout::new(LayoutOptions::default(), width);
        screen_around(&mut layout, doc, black_box(pos))
    });
}
