//! The extraction layer on the real documents in `../shared/corpus/` (read-only, outside the
//! repository). Each test skips, saying so, when the corpus is not there.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use gangmu::formats::{Extracted, FormatKind, extract, sniff};

fn corpus(name: &str) -> Option<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(name);
    let bytes = std::fs::read(&path).ok();
    if bytes.is_none() {
        eprintln!("SKIPPED: {} is not available", path.display());
    }
    bytes
}

fn lines(e: &Extracted) -> Vec<&str> {
    e.text.lines().collect()
}

fn marked_titles(e: &Extracted) -> Vec<(u8, &str)> {
    let l = lines(e);
    e.marked
        .iter()
        .map(|m| (m.rank, l[m.line as usize - 1]))
        .collect()
}

/// Lines with all white space removed (the .txt and the .docx differ in indentation only).
fn squeezed(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn criminal_law_epub() {
    let Some(bytes) = corpus("criminal_law_book.epub") else {
        return;
    };
    assert_eq!(
        sniff(&bytes[..bytes.len().min(65536)]),
        Some(FormatKind::Epub)
    );
    let e = extract(&bytes, FormatKind::Epub, None).unwrap();
    let l = lines(&e);
    for own_line in ["第一编　总则", "第二编　分则", "附则"] {
        assert!(l.contains(&own_line), "{own_line} is not a line of its own");
    }
    assert!(l.iter().any(|x| x.starts_with("第一条　为了惩罚犯罪")));
    let articles = l
        .iter()
        .filter(|x| x.starts_with('第') && x.contains("条　"))
        .count();
    assert!(articles >= 450, "{articles} article lines");
    // The book's own navigation: flat, 21 entries, each pointing at the line that carries it.
    assert_eq!(e.nav.len(), 21);
    assert!(e.nav.iter().all(|n| n.depth == 1));
    for n in &e.nav {
        assert_eq!(l[n.line as usize - 1], n.title, "nav entry {n:?}");
    }
    let titles: Vec<&str> = e.nav.iter().map(|n| n.title.as_str()).collect();
    assert_eq!(titles[3], "第一编　总则");
    assert_eq!(titles[20], "附则");
    assert!(e.nav.windows(2).all(|w| w[0].line < w[1].line));
    assert_eq!(e.title.as_deref(), Some("中华人民共和国刑法 1979-2020"));
    assert!(e.warnings.is_empty(), "{:?}", e.warnings);
}

#[test]
fn speech_docx_matches_the_text_version() {
    let (Some(bytes), Some(txt)) = (
        corpus("speech_fyp15_explanation.docx"),
        corpus("speech_fyp15_explanation.txt"),
    ) else {
        return;
    };
    assert_eq!(
        sniff(&bytes[..bytes.len().min(65536)]),
        Some(FormatKind::Docx)
    );
    let e = extract(&bytes, FormatKind::Docx, None).unwrap();
    let txt = String::from_utf8(txt).unwrap();
    assert_eq!(squeezed(&e.text), squeezed(&txt));
    assert_eq!(
        marked_titles(&e),
        [
            (1, "一、《建议》稿起草过程"),
            (1, "二、起草《建议》稿的主要考虑和《建议》稿的基本内容"),
            (1, "三、需要说明的几个重点问题"),
        ]
    );
    assert_eq!(e.title.as_deref(), txt.lines().next());
    assert!(e.warnings.is_empty(), "{:?}", e.warnings);
}

#[test]
fn speech_web_page_keeps_the_article_only() {
    let (Some(bytes), Some(txt)) = (
        corpus("speech_fyp15_explanation.html"),
        corpus("speech_fyp15_explanation.txt"),
    ) else {
        return;
    };
    assert_eq!(
        sniff(&bytes[..bytes.len().min(65536)]),
        Some(FormatKind::Html)
    );
    let e = extract(&bytes, FormatKind::Html, None).unwrap();
    let txt = String::from_utf8(txt).unwrap();
    let got = squeezed(&e.text);
    let want = squeezed(&txt);
    // The article from its title to the source line, one paragraph per line.
    assert_eq!(got[..want.len()], want[..]);
    assert_eq!(got[want.len()..], ["（来源：新华社）"]);
    for own_line in [
        "一、《建议》稿起草过程",
        "二、起草《建议》稿的主要考虑和《建议》稿的基本内容",
        "三、需要说明的几个重点问题",
    ] {
        assert!(lines(&e).contains(&own_line));
    }
    for chrome in [
        "学习专栏",
        "新闻中心",
        "学校公告",
        "一中新闻",
        "站前大道",
        "打印正文",
        "发布时间",
    ] {
        assert!(!e.text.contains(chrome), "page chrome {chrome} kept");
    }
    assert!(
        e.marked.is_empty(),
        "menu or breadcrumb headings kept: {:?}",
        marked_titles(&e)
    );
}
