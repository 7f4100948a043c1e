use super::*;
use crate::document::{Document, Format};

fn doc(text: &str) -> Document {
    Document::render_markdown(text, AmbiguousWidth::Narrow)
}

fn texts(d: &Document) -> Vec<&str> {
    (0..d.paragraphs.len())
        .map(|i| d.paragraph_text(i))
        .collect()
}

fn styled(d: &Document, style: InlineStyle) -> Vec<&str> {
    d.decor
        .spans
        .iter()
        .filter(|s| s.style == style)
        .map(|s| d.slice(&s.range))
        .collect()
}

#[test]
fn headings_and_inline_styles_lose_their_marks() {
    let d = doc("# 标题 #\n\n正文有**粗体**、*强调*、~~删除~~和`代码`。\n");
    assert_eq!(texts(&d), ["标题", "正文有粗体、强调、删除和代码。"]);
    assert_eq!(styled(&d, InlineStyle::Strong), ["粗体"]);
    assert_eq!(styled(&d, InlineStyle::Emphasis), ["强调"]);
    assert_eq!(styled(&d, InlineStyle::Strike), ["删除"]);
    assert_eq!(styled(&d, InlineStyle::Code), ["代码"]);
    assert_eq!(styled(&d, InlineStyle::Heading(1)), ["标题"]);
    assert_eq!(d.section_title(0), "标题");
    assert_eq!(d.title_text(), Some("标题"));
    assert_eq!(
        d.paragraphs.iter().map(|p| p.line).collect::<Vec<_>>(),
        [1, 3]
    );
    assert!(d.paragraphs[1].gap_before);
}

#[test]
fn links_images_and_footnotes() {
    let d = doc(
        "见[文档](https://example.org/a)和<https://x.org>，[本页](#top)。![示意图](a.png) ![](b.png)[^1]\n\n[^1]: 注释。\n",
    );
    assert_eq!(
        texts(&d),
        [
            "见文档 (https://example.org/a)和https://x.org，本页。[图 示意图] [图][1]",
            "[1] 注释。"
        ]
    );
    assert_eq!(
        styled(&d, InlineStyle::Link),
        ["文档", "https://x.org", "本页"]
    );
    assert_eq!(
        styled(&d, InlineStyle::Url),
        ["(https://example.org/a)", "[1]"]
    );
    assert_eq!(styled(&d, InlineStyle::Image), ["[图 示意图]", "[图]"]);
}

#[test]
fn lists_hang_under_their_markers_and_nest() {
    let d = doc("- 甲\n- 乙\n  - 丙\n\n    第二段\n3. 三\n4. 四\n");
    assert_eq!(
        texts(&d),
        ["• 甲", "• 乙", "  ◦ 丙", "    第二段", "3. 三", "4. 四"]
    );
    let prefixes: Vec<usize> = (0..d.paragraphs.len())
        .map(|i| d.decor.prefix_len(i))
        .collect();
    assert_eq!(prefixes, [4, 4, 6, 4, 3, 3]);
    let gaps: Vec<bool> = d.paragraphs.iter().map(|p| p.gap_before).collect();
    assert_eq!(gaps, [false, false, false, true, false, false]);
}

#[test]
fn quotes_code_tables_rules_and_html() {
    let text = "> 引用\n>\n> 第二段\n\n```rust\nfn main() {}\n\n}\n```\n\n| 名 | 值 |\n|:--|--:|\n| 甲 | 1 |\n\n---\n\n<div>\n<b>加粗</b> 文字\n</div>\n";
    let d = doc(text);
    assert_eq!(
        texts(&d),
        [
            "│ 引用",
            "│ 第二段",
            "rust",
            "fn main() {}",
            "",
            "}",
            "名 │ 值",
            "───┼───",
            "甲 │  1",
            RULE,
            "加粗 文字",
        ]
    );
    let kinds: Vec<ParagraphKind> = d.paragraphs.iter().map(|p| p.kind).collect();
    assert_eq!(kinds[2..6], [ParagraphKind::Code; 4]);
    assert_eq!(kinds[6..10], [ParagraphKind::Preformatted; 4]);
    let lines: Vec<u32> = d.paragraphs.iter().map(|p| p.line).collect();
    assert_eq!(lines, [1, 3, 5, 6, 7, 8, 11, 11, 13, 15, 18]);
    let gaps: Vec<bool> = d.paragraphs.iter().map(|p| p.gap_before).collect();
    assert_eq!(
        gaps,
        [
            false, true, true, false, false, false, true, false, false, true, true
        ]
    );
    assert_eq!(styled(&d, InlineStyle::Language), ["rust"]);
}

#[test]
fn front_matter_is_hidden() {
    let d = doc("---\ntitle: x\n---\n\n# 一\n\n文\n");
    assert_eq!(texts(&d), ["一", "文"]);
    assert_eq!(d.paragraphs[0].line, 5);
    let d = doc("+++\ntitle = 1\n+++\n\n文\n");
    assert_eq!(texts(&d), ["文"]);
}

#[test]
fn soft_breaks_join_and_hard_breaks_split() {
    let d = doc("第一行\n第二行  \n第三行\n");
    assert_eq!(texts(&d), ["第一行\n第二行", "第三行"]);
    assert_eq!(
        d.paragraphs.iter().map(|p| p.line).collect::<Vec<_>>(),
        [1, 3]
    );
}

/// The rendered view has exactly the source view's sections: levels, lines and parents.
#[test]
fn sections_are_those_of_the_source_view() {
    let text = "标题\n===\n\n<h3 id=\"m\">简<b>目</b></h3>\n\n## 一 `code`\n\n> # 引用\n\n- # 列表\n\n```\n# 注释\n```\n\n#### 深\n\n## **二**\n";
    let rendered = doc(text);
    let source = Document::parse(text, Format::Markdown);
    let tree = |d: &Document| -> Vec<(u16, u32, Option<u32>)> {
        d.sections
            .iter()
            .map(|s| (s.level, s.line, s.parent))
            .collect()
    };
    assert_eq!(tree(&rendered), tree(&source));
    let titles: Vec<&str> = (0..rendered.sections.len())
        .map(|i| rendered.section_title(i))
        .collect();
    assert_eq!(titles, ["标题", "简目", "一 code", "深", "二"]);
    for s in &rendered.sections {
        assert_eq!(
            rendered.paragraphs[s.para as usize].kind,
            ParagraphKind::Heading
        );
    }
}

/// The Markdown sources the pieces are checked on: the fixture that exercises every construct,
/// and the corpus's Markdown documents when `../shared` is there.
fn piece_sources() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = vec![include_str!("../../../../tests/fixtures/markdown-all.md").to_owned()];
    if let Ok(dir) = std::fs::read_dir(root.join("../shared/corpus")) {
        let mut paths: Vec<_> = dir
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        paths.sort();
        out.extend(paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()));
    }
    out
}

#[test]
fn a_rendering_handed_out_in_pieces_is_the_whole_rendering() {
    for source in piece_sources() {
        for amb in [AmbiguousWidth::Narrow, AmbiguousWidth::Wide] {
            let whole = Document::render_markdown(&source, amb);
            for (first, every) in [(1, 1), (7, 300), (FIRST_PIECE, 4096)] {
                let mut doc = Document::new(Format::Markdown);
                let mut pieces = 0;
                render_in_pieces(&source, amb, first, every, &mut |chunk| {
                    pieces += 1;
                    doc.extend(chunk);
                    true
                });
                doc.set_complete();
                let what = format!("{first}/{every}, {pieces} pieces, {} bytes", source.len());
                if first == 1 && whole.paragraphs.len() > 3 {
                    assert!(pieces > 2, "{what}: handed out in pieces");
                }
                assert_eq!(doc.text, whole.text, "{what}");
                assert_eq!(doc.paragraphs, whole.paragraphs, "{what}");
                assert_eq!(doc.sections, whole.sections, "{what}");
                assert_eq!(doc.title, whole.title, "{what}");
                assert_eq!(doc.decor.spans, whole.decor.spans, "{what}");
                assert_eq!(doc.decor.prefixes, whole.decor.prefixes, "{what}");
                assert!(doc.is_rendered());
            }
        }
    }
}

#[test]
fn a_sink_that_stops_stops_the_rendering() {
    let source = "段落。\n\n".repeat(10_000);
    let mut pieces = 0;
    render_in_pieces(&source, AmbiguousWidth::Narrow, 1, 1, &mut |_| {
        pieces += 1;
        pieces < 3
    });
    assert_eq!(pieces, 3);
}
