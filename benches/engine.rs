//! Document-engine benchmarks (divan): the passes `--outline` makes over a large plain-text
//! document — decoding (newline normalisation + UTF-8 validation), the heading scan and parse,
//! character counting (字数) — and `--outline` end to end through `gangmu::load::load`.
//!
//! Run: `cargo bench --bench engine`. Inputs are built from `../shared/corpus/shuihuzhuan.txt`
//! (水浒传, CRLF line ends, as on disk) repeated: 32 MB for the single passes, > 100 MB (a temp
//! file) for the end-to-end run. Without the corpus a generated stand-in is used.

use std::hint::black_box;
use std::io::Write as _;
use std::sync::LazyLock;

use divan::Bencher;
use divan::counter::BytesCount;
use gangmu::decode::{self, Sniffed};
use gangmu::document::plain::PlainParser;
use gangmu::document::{Document, Format, stats};
use gangmu::load::{self, LoadOptions, Source};
use gangmu::print_outline::{OutlineOptions, write_outline};

fn main() {
    divan::main();
}

/// The novel's raw bytes (CRLF kept), or a stand-in when the corpus is absent.
static NOVEL: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/shuihuzhuan.txt"
    );
    std::fs::read(path).unwrap_or_else(|_| {
        eprintln!("note: {path} not found, using generated text");
        "第一回　天地玄黃\r\n　　天地玄黃，宇宙洪荒。日月盈昃，辰宿列張。“寒來暑往，秋收冬藏。”閏餘成歲，律呂調陽——雲騰致雨……\r\n"
            .repeat(20_000)
            .into_bytes()
    })
});

/// The novel repeated until it passes `bytes`.
fn repeated(bytes: usize) -> Vec<u8> {
    NOVEL.repeat(bytes / NOVEL.len().max(1) + 1)
}

/// 32 MB of raw bytes.
static RAW: LazyLock<Vec<u8>> = LazyLock::new(|| repeated(32 << 20));

/// The same, decoded (LF line ends).
static TEXT: LazyLock<String> = LazyLock::new(|| {
    let sniffed = decode::sniff(&RAW, None, false, false).expect("text");
    decode::decode_whole(RAW.clone(), sniffed).0
});

const UTF8: Sniffed = Sniffed {
    encoding: encoding_rs::UTF_8,
    bom_len: 0,
};

/// `decode_whole`: CRLF → LF in place, then `String::from_utf8` (no copy).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn decode_utf8(bencher: Bencher) {
    bencher
        .counter(BytesCount::new(RAW.len()))
        .with_inputs(|| RAW.clone())
        .bench_local_values(|raw| decode::decode_whole(raw, UTF8).0.len());
}

/// UTF-8 validation alone (the floor of any safe decoding).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn utf8_validation_only(bencher: Bencher) {
    bencher
        .counter(BytesCount::new(TEXT.len()))
        .bench(|| std::str::from_utf8(black_box(TEXT.as_bytes())).map(str::len));
}

/// Line scan, heading patterns and the section tree (`PlainParser::feed` on the whole text).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn heading_scan_parse(bencher: Bencher) {
    bencher
        .counter(BytesCount::new(TEXT.len()))
        .with_inputs(|| TEXT.clone())
        .bench_local_values(|text| {
            let chunk = PlainParser::new().feed(text, true);
            (chunk.paragraphs.len(), chunk.sections.len())
        });
}

/// 字数 counting of the whole text on one thread (`stats::count_chars`).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn count_chars_one_thread(bencher: Bencher) {
    bencher
        .counter(BytesCount::new(TEXT.len()))
        .bench(|| stats::count_chars(black_box(&TEXT)));
}

/// `Document::extend` of a parsed chunk: per-paragraph 字数 (two threads) and prefix sums.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn document_extend(bencher: Bencher) {
    bencher
        .counter(BytesCount::new(TEXT.len()))
        .with_inputs(|| PlainParser::new().feed(TEXT.clone(), true))
        .bench_local_values(|chunk| {
            let mut doc = Document::new(Format::Plain);
            doc.extend(chunk);
            doc.total_chars()
        });
}

/// A > 100 MB file on disk (the novel ×41), removed at exit.
static BIG_FILE: LazyLock<tempfile::TempPath> = LazyLock::new(|| {
    let mut f = tempfile::NamedTempFile::new().expect("temp file");
    f.write_all(&repeated(100 << 20)).expect("write");
    f.into_temp_path()
});

/// `gangmu --outline BIG` minus process start: read, decode, parse, write the outline (a plain
/// outline prints no sizes, so like the CLI it skips counting them).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn outline_end_to_end_100mb(bencher: Bencher) {
    outline_100mb(bencher, true);
}

/// `gangmu --outline --json BIG`: the same with 字数 counted for every section.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn outline_json_with_sizes_100mb(bencher: Bencher) {
    outline_100mb(bencher, false);
}

fn outline_100mb(bencher: Bencher, skip_sizes: bool) {
    let path = BIG_FILE.to_path_buf();
    let size = std::fs::metadata(&path).map_or(0, |m| m.len()) as usize;
    let source = Source::Path(path);
    let mut out = Vec::with_capacity(1 << 20);
    let opts = LoadOptions {
        skip_sizes,
        ..LoadOptions::default()
    };
    let outline = OutlineOptions {
        json: !skip_sizes,
        ..OutlineOptions::default()
    };
    bencher.counter(BytesCount::new(size)).bench_local(|| {
        let (doc, _) = load::load(&source, opts).expect("load");
        out.clear();
        write_outline(&doc, &outline, &mut out).expect("write");
        out.len()
    });
}

/// encoding_rs's UTF-8 decoder into a `String` (validates with its own routine and copies).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn utf8_encoding_rs_decode_to_string(bencher: Bencher) {
    let mut out = String::with_capacity(TEXT.len() + 16);
    bencher
        .counter(BytesCount::new(TEXT.len()))
        .bench_local(|| {
            out.clear();
            let mut d = encoding_rs::UTF_8.new_decoder_without_bom_handling();
            let (result, _, lossy) = d.decode_to_string(black_box(TEXT.as_bytes()), &mut out, true);
            assert!(result == encoding_rs::CoderResult::InputEmpty && out.len() == TEXT.len());
            lossy
        });
}

/// A million article headings (`第N条　…`, numbers up to a million), for the live picker. The
/// sections are made directly: only the matcher is measured, on titles as long as a law's.
static MILLION_HEADINGS: LazyLock<Document> = LazyLock::new(|| {
    use gangmu::document::{Marker, Section};
    use std::fmt::Write as _;
    let mut doc = Document::new(Format::Plain);
    let mut text = String::with_capacity(60 << 20);
    for n in 1..=1_000_000u32 {
        let start = text.len();
        let _ = write!(text, "第{n}条　本条规定第{}项监督管理事宜", n % 977);
        doc.sections.push(Section::new(
            1,
            start..text.len(),
            n,
            n - 1,
            None,
            Marker::Article,
        ));
        text.push('\n');
    }
    doc.text = text;
    doc
});

/// One keystroke of the live go-to picker (`:`): every heading ranked against the query, the
/// best 200 kept. Must stay under a frame (16 ms) at a million headings. `jd` is pinyin (no
/// title holds it as text); `宜本` is the worst case for the last rank: every title holds both,
/// never `本` after `宜`, so every title is read.
#[divan::bench(sample_count = 10, sample_size = 1, args = ["510", "监督", "本项宜", "zzz", "jd", "宜本"])]
fn picker_keystroke_million_headings(bencher: Bencher, query: &str) {
    let doc = &*MILLION_HEADINGS;
    let query = gangmu::heading_match::Query::new(query).expect("query");
    // the picker reads the labels once when `:` opens (`picker_label_index_million_headings`)
    let mut labels = gangmu::heading_match::TitleIndex::default();
    labels.update(doc);
    bencher.bench(|| {
        black_box(gangmu::heading_match::ranked_indexed(doc, &labels, &query, None, 200).len())
    });
}

/// What one keystroke costs in the reader on a million headings: every rank but the fuzzy one,
/// and the first slice of the fuzzy sweep (`SWEEP_SLICE` searches); the rest of the sweep goes
/// on a slice per frame. `宜本` is the query whose whole ranking holds more than a frame.
#[divan::bench(sample_count = 10, sample_size = 1, args = ["510", "监督", "本项宜", "zzz", "jd", "宜本"])]
fn picker_keystroke_slice_million_headings(bencher: Bencher, query: &str) {
    let doc = &*MILLION_HEADINGS;
    let query = gangmu::heading_match::Query::new(query).expect("query");
    let mut labels = gangmu::heading_match::TitleIndex::default();
    labels.update(doc);
    bencher.bench(|| {
        let mut r = gangmu::heading_match::Ranking::start(doc, &labels, &query, None, 200);
        r.step(&labels, gangmu::app::picker::SWEEP_SLICE);
        black_box(r.results().len())
    });
}

/// One more frame of a sweep under way (`宜本`): a slice of `SWEEP_SLICE` searches.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn picker_frame_slice_million_headings(bencher: Bencher) {
    let doc = &*MILLION_HEADINGS;
    let query = gangmu::heading_match::Query::new("宜本").expect("query");
    let mut labels = gangmu::heading_match::TitleIndex::default();
    labels.update(doc);
    let mut started = gangmu::heading_match::Ranking::start(doc, &labels, &query, None, 200);
    started.step(&labels, gangmu::app::picker::SWEEP_SLICE);
    bencher
        .with_inputs(|| started.clone())
        .bench_local_values(|mut r| black_box(r.step(&labels, gangmu::app::picker::SWEEP_SLICE)));
}

/// The first `:` keystroke on a million headings: their labels, squeezed titles and pinyin
/// initials read once per document, for every keystroke after.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn picker_label_index_million_headings(bencher: Bencher) {
    let doc = &*MILLION_HEADINGS;
    bencher.bench(|| {
        let mut labels = gangmu::heading_match::TitleIndex::default();
        labels.update(doc);
        black_box(labels)
    });
}

/// The novel repeated past 100 MB, parsed (sections found), for the search count.
static NOVEL_100MB: LazyLock<Document> = LazyLock::new(|| {
    let raw = repeated(100 << 20);
    let sniffed = decode::sniff(&raw, None, false, false).expect("text");
    let text = decode::decode_whole(raw, sniffed).0;
    Document::parse(&text, Format::Plain)
});

/// Queries for the count: a name as literal text, the same as a regular expression, and an
/// alternation (no single literal for memchr to look for first).
const HIT_QUERIES: [(&str, gangmu::search::Syntax); 3] = [
    ("宋江", gangmu::search::Syntax::Literal),
    ("宋江", gangmu::search::Syntax::Regex),
    ("宋江|李逵", gangmu::search::Syntax::Regex),
];

/// Counting every hit of a search in the 100 MB novel with the per-section tally the outline
/// shows, slice after slice to the end (the reader does one slice per frame).
#[divan::bench(sample_count = 5, sample_size = 1, args = [0, 1, 2])]
fn hit_count_100mb(bencher: Bencher, which: usize) {
    let doc = &*NOVEL_100MB;
    let (query, syntax) = HIT_QUERIES[which];
    let start = |i: usize| gangmu::app::hits::section_start(doc, i);
    bencher.bench(|| {
        let mut s = gangmu::search::Search::build(query, syntax).expect("valid");
        while !s.advance_with(&doc.text, &start) {}
        black_box(s.status(&doc.text).1)
    });
}

/// One slice of that count: what a frame spends on it (keys are read between slices).
#[divan::bench(sample_count = 10, sample_size = 1, args = [0, 1, 2])]
fn hit_count_one_frame(bencher: Bencher, which: usize) {
    let doc = &*NOVEL_100MB;
    let (query, syntax) = HIT_QUERIES[which];
    let start = |i: usize| gangmu::app::hits::section_start(doc, i);
    bencher
        .with_inputs(|| gangmu::search::Search::build(query, syntax).expect("valid"))
        .bench_local_refs(|s| black_box(s.advance_with(&doc.text, &start)));
}
