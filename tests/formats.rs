//! The extraction layer (`gangmu::formats`) on documents built here from strings: Word, EPUB 2
//! and 3, ODF text, HTML (with and without headings, GBK), PDF (through `pdftotext`, skipped
//! visibly when it is missing), and hostile archives and XML.

#![allow(
    clippy::unwrap_used,
    clippy::format_collect,
    clippy::format_push_string
)]

use std::io::{Cursor, Write};
use std::process::Command;
use std::time::Instant;

use gangmu::formats::{
    Extracted, Extractor, FormatError, FormatKind, MarkedHeading, NavEntry, extract, sniff,
    sniff_zip,
};
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

mod support;

/// A ZIP from (name, content) pairs; `mimetype`-style stored entries when `stored` names them.
fn zip_of(parts: &[(&str, &[u8])], stored: &[&str]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in parts {
        let method = if stored.contains(name) {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        w.start_file(
            *name,
            SimpleFileOptions::default().compression_method(method),
        )
        .unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn lines(e: &Extracted) -> Vec<&str> {
    e.text.lines().collect()
}

fn marked(e: &Extracted) -> Vec<(u8, &str)> {
    let l = lines(e);
    e.marked
        .iter()
        .map(|m| (m.rank, l[m.line as usize - 1]))
        .collect()
}

fn assert_invariants(e: &Extracted) {
    assert!(!e.text.contains('\r'));
    assert!(e.text.is_empty() || e.text.ends_with('\n'));
    for l in e.text.lines() {
        assert_eq!(l, l.trim_end(), "trailing space in {l:?}");
        assert!(!l.is_empty(), "empty line in the output");
    }
    let n = e.line_count();
    assert!(e.marked.windows(2).all(|w| w[0].line < w[1].line));
    assert!(e.marked.iter().all(|m| m.line >= 1 && m.line <= n));
    assert!(e.nav.iter().all(|m| m.line >= 1 && m.line <= n));
    assert!(e.preformatted.iter().all(|&l| l >= 1 && l <= n));
}

// ---------------------------------------------------------------- Word

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

fn para(props: &str, text: &str) -> String {
    format!(r#"<w:p><w:pPr>{props}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

fn numbered(ilvl: u8, text: &str) -> String {
    para(
        &format!(r#"<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="3"/></w:numPr>"#),
        text,
    )
}

fn docx_parts(body: &str) -> Vec<(String, Vec<u8>)> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}<w:sectPr><w:pgSz w:w="11906"/></w:sectPr></w:body></w:document>"#
    );
    let styles = format!(
        r#"<w:styles {W}>
        <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/></w:style>
        <w:style w:type="paragraph" w:styleId="PartBase"><w:name w:val="Part Base"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="MyPart"><w:name w:val="我的部分"/><w:basedOn w:val="PartBase"/></w:style>
        <w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/></w:style>
        <w:style w:type="paragraph" w:styleId="11"><w:name w:val="toc 1"/></w:style>
        <w:style w:type="character" w:styleId="c1"><w:name w:val="heading 1 Char"/></w:style>
        </w:styles>"#
    );
    let numbering = format!(
        r#"<w:numbering {W}><w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
        </w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
    );
    let footnotes = format!(
        r#"<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
        <w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 见国务院公报。</w:t></w:r></w:p></w:footnote></w:footnotes>"#
    );
    let core = r#"<cp:coreProperties xmlns:cp="cp" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Core title</dc:title></cp:coreProperties>"#;
    vec![
        ("[Content_Types].xml".into(), b"<Types/>".to_vec()),
        ("word/document.xml".into(), document.into_bytes()),
        ("word/styles.xml".into(), styles.into_bytes()),
        ("word/numbering.xml".into(), numbering.into_bytes()),
        ("word/footnotes.xml".into(), footnotes.into_bytes()),
        ("docProps/core.xml".into(), core.as_bytes().to_vec()),
    ]
}

fn docx(body: &str) -> Vec<u8> {
    let parts = docx_parts(body);
    let refs: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    zip_of(&refs, &[])
}

fn sample_docx_body() -> String {
    let mut body = String::new();
    body += &para(r#"<w:pStyle w:val="a3"/>"#, "关于年度工作的报告");
    body += &para(r#"<w:jc w:val="center"/>"#, "（2024年3月5日）");
    body += r#"<w:p><w:pPr><w:pStyle w:val="11"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC \o "1-3" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:hyperlink w:anchor="_Toc1"><w:r><w:t>第一部分　总体情况</w:t></w:r><w:r><w:tab/><w:t>1</w:t></w:r></w:hyperlink></w:p>"#;
    body += &para(r#"<w:pStyle w:val="1"/>"#, "第一部分　总体情况");
    body += r#"<w:p><w:r><w:t>过去一年</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:t>成绩显著。</w:t></w:r><w:r><w:delText>删掉的字</w:delText></w:r></w:p>"#;
    body += &numbered(0, "工作回顾");
    body += &numbered(1, "经济运行");
    body += &numbered(2, "增长稳定。");
    body += &numbered(2, "就业扩大。");
    body += &numbered(1, "改革开放");
    body += &numbered(2, "深化改革。");
    body += &numbered(0, "今年安排");
    body += &para(r#"<w:pStyle w:val="MyPart"/>"#, "自定义样式的标题");
    body += &para(r#"<w:outlineLvl w:val="2"/>"#, "直接大纲级别");
    body += &para(r#"<w:pStyle w:val="Heading2"/>"#, "第二节");
    body += r"<w:p><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>";
    body += r#"<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="Picture 1" descr="示意图"/></wp:inline></w:drawing></w:r></w:p>"#;
    body += r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>选择</w:t></mc:Choice><mc:Fallback><w:t>后备</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>"#;
    body += r#"<w:tbl><w:tblPr><w:tblW w:w="0"/></w:tblPr>
        <w:tr><w:tc><w:p><w:r><w:t>项目</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Amount</w:t></w:r></w:p></w:tc></w:tr>
        <w:tr><w:tc><w:p><w:r><w:t>GDP</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>5.2%</w:t></w:r></w:p></w:tc></w:tr>
        </w:tbl>"#;
    body
}

#[test]
fn docx_paragraphs_headings_numbering_tables_footnotes() {
    let bytes = docx(&sample_docx_body());
    assert_eq!(sniff(&bytes), Some(FormatKind::Docx));
    let e = extract(&bytes, FormatKind::Docx, None).unwrap();
    assert_invariants(&e);
    assert_eq!(
        lines(&e),
        [
            "关于年度工作的报告",
            "（2024年3月5日）",
            "第一部分　总体情况\t1",
            "第一部分　总体情况",
            "过去一年[1]成绩显著。",
            "一、工作回顾",
            "（一）经济运行",
            "1. 增长稳定。",
            "2. 就业扩大。",
            "（二）改革开放",
            "1. 深化改革。",
            "二、今年安排",
            "[1] 见国务院公报。",
            "自定义样式的标题",
            "直接大纲级别",
            "第二节",
            "甲\t乙",
            "第二行",
            "[图 示意图]",
            "选择",
            "项目 | Amount",
            "GDP  | 5.2%",
        ]
    );
    assert_eq!(
        marked(&e),
        [
            (1, "第一部分　总体情况"),
            (2, "自定义样式的标题"),
            (3, "直接大纲级别"),
            (2, "第二节")
        ]
    );
    assert_eq!(e.preformatted, [3, 21, 22]);
    assert_eq!(e.title.as_deref(), Some("关于年度工作的报告"));
    assert!(e.pages.is_empty() && e.nav.is_empty());
}

#[test]
fn docx_title_falls_back_to_core_properties() {
    let bytes = docx(&para("", "正文"));
    let e = extract(&bytes, FormatKind::Docx, None).unwrap();
    assert_eq!(e.title.as_deref(), Some("Core title"));
    assert_eq!(lines(&e), ["正文"]);
}

#[test]
fn docx_found_through_the_central_directory_when_the_head_does_not_tell() {
    // 70 KiB of other parts first: the local header of word/document.xml is not in the first 64 KiB.
    let filler: Vec<u8> = (0..70_000u32).map(|i| (i * 7919 % 251) as u8).collect();
    let mut parts = vec![("word/media/image1.png".to_owned(), filler)];
    parts.extend(docx_parts(&para("", "正文")));
    let refs: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in refs {
        w.start_file(
            name,
            SimpleFileOptions::default().compression_method(CompressionMethod::Stored),
        )
        .unwrap();
        w.write_all(data).unwrap();
    }
    let bytes = w.finish().unwrap().into_inner();
    assert_eq!(sniff(&bytes[..65536]), None);
    assert_eq!(sniff_zip(&bytes), Some(FormatKind::Docx));
    assert_eq!(sniff(&bytes), Some(FormatKind::Docx));
}

#[test]
fn streamed_docx_is_told_from_its_head() {
    // Written to a non-seekable sink: every local header has bit 3 set and no sizes.
    let mut w = zip::ZipWriter::new_stream(Vec::new());
    for (name, data) in docx_parts(&para("", "正文")) {
        w.start_file(name.as_str(), SimpleFileOptions::default())
            .unwrap();
        w.write_all(&data).unwrap();
    }
    let bytes = w.finish().unwrap().into_inner();
    assert_ne!(bytes[6] & 8, 0, "the fixture must use data descriptors");
    let head = &bytes[..bytes.len() - 200];
    assert_eq!(sniff(head), Some(FormatKind::Docx));
    assert_eq!(
        lines(&extract(&bytes, FormatKind::Docx, None).unwrap()),
        ["正文"]
    );
}

// ---------------------------------------------------------------- EPUB

const CONTAINER: &str = r#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#;

fn chapter(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><head><title/><link rel="stylesheet" href="s.css"/></head><body>{body}</body></html>"#
    )
}

fn epub(opf: &str, extra: &[(&str, String)]) -> Vec<u8> {
    let c1 = chapter(
        r#"<h1>第一章　总则</h1><p>第一条　为了规范。</p><div><p>第二条　适用范围。<img src="a.png" alt="结构图"/></p></div><h2 id="s1">第一节　一般规定</h2><p id="p3">第三条　定义。</p>"#,
    );
    let c2 = chapter(
        r#"<section><h1>第二章　附则</h1><p>第四条　施行日期。</p><p>第五条 <a id="x"/>解释权。</p></section>"#,
    );
    let mut parts: Vec<(&str, Vec<u8>)> = vec![
        ("mimetype", b"application/epub+zip".to_vec()),
        ("META-INF/container.xml", CONTAINER.as_bytes().to_vec()),
        ("OEBPS/content.opf", opf.as_bytes().to_vec()),
        ("OEBPS/text/c1.xhtml", c1.into_bytes()),
        ("OEBPS/text/c2.xhtml", c2.into_bytes()),
    ];
    for (n, d) in extra {
        parts.push((n, d.clone().into_bytes()));
    }
    let refs: Vec<(&str, &[u8])> = parts.iter().map(|(n, d)| (*n, d.as_slice())).collect();
    zip_of(&refs, &["mimetype"])
}

const OPF3: &str = r#"<?xml version="1.0"?><package version="3.0" xmlns="http://www.idpf.org/2007/opf" xmlns:dc="http://purl.org/dc/elements/1.1/"><metadata><dc:title>示例法规汇编</dc:title></metadata><manifest>
  <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
  <item id="c1" href="text/c1.xhtml" media-type="application/xhtml+xml"/>
  <item id="c2" href="text/c2.xhtml" media-type="application/xhtml+xml"/>
  <item id="css" href="s.css" media-type="text/css"/>
</manifest><spine><itemref idref="c1"/><itemref idref="c2"/></spine></package>"#;

const NAV: &str = r#"<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title/></head><body>
<nav epub:type="landmarks"><ol><li><a href="text/c2.xhtml">不是目录</a></li></ol></nav>
<nav epub:type="toc"><h1>目录</h1><ol>
  <li><a href="text/c1.xhtml">第一章　总则</a><ol><li><a href="text/c1.xhtml#s1">第一节　一般规定</a><ol><li><a href="text/c1.xhtml#p3">第三条</a></li></ol></li></ol></li>
  <li><span>第二编</span><ol><li><a href="text/c2.xhtml">第二章
     附则</a></li><li><a href="text/c2.xhtml#x">解释</a></li></ol></li>
</ol></nav></body></html>"#;

#[test]
fn epub3_spine_nav_and_headings() {
    let bytes = epub(OPF3, &[("OEBPS/nav.xhtml", NAV.to_owned())]);
    assert_eq!(sniff(&bytes), Some(FormatKind::Epub));
    let e = extract(&bytes, FormatKind::Epub, None).unwrap();
    assert_invariants(&e);
    assert_eq!(
        lines(&e),
        [
            "第一章　总则",
            "第一条　为了规范。",
            "第二条　适用范围。[图 结构图]",
            "第一节　一般规定",
            "第三条　定义。",
            "第二章　附则",
            "第四条　施行日期。",
            "第五条 解释权。",
        ]
    );
    assert_eq!(
        marked(&e),
        [
            (1, "第一章　总则"),
            (2, "第一节　一般规定"),
            (1, "第二章　附则")
        ]
    );
    let nav = |line, depth, title: &str| NavEntry {
        line,
        depth,
        title: title.to_owned(),
    };
    assert_eq!(
        e.nav,
        [
            nav(1, 1, "第一章　总则"),
            nav(4, 2, "第一节　一般规定"),
            nav(5, 3, "第三条"),
            nav(6, 2, "第二章 附则"),
            nav(8, 2, "解释"),
        ]
    );
    assert_eq!(e.title.as_deref(), Some("示例法规汇编"));
}

const OPF2: &str = r#"<?xml version="1.0"?><package version="2.0" xmlns="http://www.idpf.org/2007/opf" xmlns:dc="http://purl.org/dc/elements/1.1/"><metadata><dc:title>EPUB 2 书</dc:title></metadata><manifest>
  <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
  <item id="c2" href="text/c2.xhtml" media-type="application/xhtml+xml"/>
  <item id="c1" href="text/c1.xhtml" media-type="application/xhtml+xml"/>
</manifest><spine toc="ncx"><itemref idref="c2"/><itemref idref="c1"/></spine></package>"#;

const NCX: &str = r#"<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><head/><docTitle><text>书</text></docTitle><navMap>
  <navPoint id="a" playOrder="1"><navLabel><text>第二章　附则</text></navLabel><content src="text/c2.xhtml"/></navPoint>
  <navPoint id="b" playOrder="2"><navLabel><text>第一章　总则</text></navLabel><content src="text/c1.xhtml"/>
    <navPoint id="c" playOrder="3"><navLabel><text>第一节</text></navLabel><content src="text/c1.xhtml#s1"/>
      <navPoint id="d" playOrder="4"><navLabel><text>第三条</text></navLabel><content src="text/c1.xhtml#p3"/></navPoint>
    </navPoint>
  </navPoint>
  <navPoint id="e" playOrder="5"><navLabel><text>外部</text></navLabel><content src="../../outside.xhtml"/></navPoint>
</navMap></ncx>"#;

#[test]
fn epub2_ncx_in_spine_order() {
    let bytes = epub(OPF2, &[("OEBPS/toc.ncx", NCX.to_owned())]);
    let e = extract(&bytes, FormatKind::Epub, None).unwrap();
    assert_invariants(&e);
    assert_eq!(lines(&e)[0], "第二章　附则");
    assert_eq!(lines(&e)[3], "第一章　总则");
    let got: Vec<(u32, u8, &str)> = e
        .nav
        .iter()
        .map(|n| (n.line, n.depth, n.title.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (1, 1, "第二章　附则"),
            (4, 1, "第一章　总则"),
            (7, 2, "第一节"),
            (8, 3, "第三条")
        ]
    );
    assert!(
        e.warnings
            .iter()
            .any(|w| w.contains("1 navigation entries point outside")),
        "{:?}",
        e.warnings
    );
    assert_eq!(e.title.as_deref(), Some("EPUB 2 书"));
}

#[test]
fn epub_converts_part_by_part() {
    let bytes = epub(OPF3, &[("OEBPS/nav.xhtml", NAV.to_owned())]);
    let mut x = Extractor::new(&bytes).unwrap();
    assert_eq!((x.done_parts(), x.total_parts()), (0, 2));
    assert_eq!(x.convert_next().unwrap(), Some(1..6));
    assert!(x.text().starts_with("第一章　总则\n") && !x.text().contains("附则"));
    assert_eq!(x.done_parts(), 1);
    let e = x.into_extracted().unwrap();
    assert_eq!(e, extract(&bytes, FormatKind::Epub, None).unwrap());
}

// ---------------------------------------------------------------- ODF

#[test]
fn odt_paragraphs_headings_tables_notes() {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="d"><office:body><office:text>
      <text:sequence-decls><text:sequence-decl text:name="Table"/></text:sequence-decls>
      <text:h text:outline-level="1">第一章　总则</text:h>
      <text:p>第一条<text:s text:c="2"/>目的<text:tab/>说明<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>注释内容。</text:p></text:note-body></text:note>。</text:p>
      <text:h text:outline-level="2">第一节</text:h>
      <text:list><text:list-item><text:p>条目一<text:line-break/>续行</text:p></text:list-item></text:list>
      <table:table><table:table-row><table:table-cell><text:p>名称</text:p></table:table-cell><table:table-cell><text:p>值</text:p></table:table-cell></table:table-row>
      <table:table-row><table:table-cell><text:p>长度</text:p></table:table-cell><table:table-cell><text:p>12</text:p></table:table-cell></table:table-row></table:table>
      <text:h>无级别标题</text:h>
    </office:text></office:body></office:document-content>"#;
    let meta = r#"<office:document-meta xmlns:office="o" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta><dc:title>ODF 文档</dc:title></office:meta></office:document-meta>"#;
    let bytes = zip_of(
        &[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", content.as_bytes()),
            ("meta.xml", meta.as_bytes()),
        ],
        &["mimetype"],
    );
    assert_eq!(sniff(&bytes), Some(FormatKind::Odt));
    let e = extract(&bytes, FormatKind::Odt, None).unwrap();
    assert_invariants(&e);
    assert_eq!(
        lines(&e),
        [
            "第一章　总则",
            "第一条  目的\t说明[1]。",
            "[1] 注释内容。",
            "第一节",
            "条目一",
            "续行",
            "名称 | 值",
            "长度 | 12",
            "无级别标题"
        ]
    );
    assert_eq!(
        marked(&e),
        [(1, "第一章　总则"), (2, "第一节"), (1, "无级别标题")]
    );
    assert_eq!(e.preformatted, [7, 8]);
    assert_eq!(e.title.as_deref(), Some("ODF 文档"));
}

// ---------------------------------------------------------------- HTML

const PAGE_WITH_HEADINGS: &str = r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>政策解读 - 某网站</title>
<style>p { color: red }</style><script>var x = "不要";</script></head><body>
<header><h1>某网站</h1><nav><ul><li><a href="/">首页</a></li><li><a href="/a">新闻</a></li></ul></nav></header>
<main><article>
<h1>关于某事的说明</h1>
<p>　　第一段，说明<b>背景</b>和
   目的。</p>
<h2>一、总体要求</h2><p>正文一<br>正文一续</p>
<h3>（一）具体措施</h3><ul><li>措施甲</li><li>措施乙</li></ul>
<table><tr><th>指标</th><th>目标</th></tr><tr><td>增长</td><td>5%左右</td></tr></table>
<pre>code line 1
  code line 2</pre>
<p style="display: none">隐藏文字</p>
</article></main>
<aside><h3>相关阅读</h3><p>侧栏</p></aside>
<footer><p>版权所有 地址：某路1号</p></footer></body></html>"#;

#[test]
fn html_with_headings_keeps_the_main_content() {
    assert_eq!(sniff(PAGE_WITH_HEADINGS.as_bytes()), Some(FormatKind::Html));
    let e = extract(PAGE_WITH_HEADINGS.as_bytes(), FormatKind::Html, None).unwrap();
    assert_invariants(&e);
    assert_eq!(
        lines(&e),
        [
            "关于某事的说明",
            "　　第一段，说明背景和 目的。",
            "一、总体要求",
            "正文一",
            "正文一续",
            "（一）具体措施",
            "措施甲",
            "措施乙",
            "指标 | 目标",
            "增长 | 5%左右",
            "code line 1",
            "  code line 2",
        ]
    );
    assert_eq!(
        marked(&e),
        [
            (1, "关于某事的说明"),
            (2, "一、总体要求"),
            (3, "（一）具体措施")
        ]
    );
    assert_eq!(e.preformatted, [9, 10, 11, 12]);
    assert_eq!(e.title.as_deref(), Some("政策解读 - 某网站"));
}

/// A government-style page: no `<main>`, no `<hN>` in the body, a big menu of links.
fn page_without_headings(charset: &str) -> String {
    let menu: String = (1..=40)
        .map(|i| format!(r#"<li><a href="/c{i}">栏目名称第{i}个</a></li>"#))
        .collect();
    format!(
        r#"<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"><title>通知</title></head><body>
<div class="top"><ul>{menu}</ul></div>
<div class="crumb"><a href="/">首页</a> &gt; <a href="/x">通知公告</a></div>
<div class="wrap"><div class="content"><p>关于做好有关工作的通知</p><p>各单位：</p><p>一、工作目标</p><p>（一）按时完成。现将有关事项通知如下，请认真贯彻执行。</p><p>二、工作要求</p><p>请于月底前报送<a href="/f">附件</a>。</p></div>
<div class="links"><p><a href="/1">上一篇：某某文件</a></p><p><a href="/2">下一篇：另一文件</a></p></div></div>
<div class="foot">主办单位：某某办公室 电话：0000-0000000</div></body></html>"#
    )
}

#[test]
fn html_without_headings_takes_the_densest_block() {
    let page = page_without_headings("utf-8");
    let e = extract(page.as_bytes(), FormatKind::Html, None).unwrap();
    assert_invariants(&e);
    assert_eq!(
        lines(&e),
        [
            "关于做好有关工作的通知",
            "各单位：",
            "一、工作目标",
            "（一）按时完成。现将有关事项通知如下，请认真贯彻执行。",
            "二、工作要求",
            "请于月底前报送附件。",
        ]
    );
    assert!(e.marked.is_empty());
}

#[test]
fn html_article_split_over_sibling_blocks_is_kept_whole() {
    let page = r#"<html><body><div class="menu"><a href="/1">首页</a><a href="/2">新闻</a></div>
<div id="article"><div class="part"><p>一、第一部分的标题</p><p>第一部分的正文内容比较长，有好几句话。</p></div>
<div class="part"><p>二、第二部分的标题</p><p>第二部分的正文内容也比较长，同样有几句话。</p></div></div>
<div class="copy"><p><a href="/c">版权声明</a></p></div></body></html>"#;
    let e = extract(page.as_bytes(), FormatKind::Html, None).unwrap();
    assert_eq!(
        lines(&e),
        [
            "一、第一部分的标题",
            "第一部分的正文内容比较长，有好几句话。",
            "二、第二部分的标题",
            "第二部分的正文内容也比较长，同样有几句话。"
        ]
    );
}

#[test]
fn html_gbk_declared_in_meta() {
    let page = page_without_headings("gb2312");
    let (bytes, _, bad) = encoding_rs::GBK.encode(&page);
    assert!(!bad);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture must really be GBK bytes"
    );
    assert_eq!(sniff(&bytes), Some(FormatKind::Html));
    let e = extract(&bytes, FormatKind::Html, None).unwrap();
    assert_eq!(lines(&e)[2], "一、工作目标");
    assert_eq!(e.title.as_deref(), Some("通知"));
    assert!(e.warnings.is_empty(), "{:?}", e.warnings);
}

#[test]
fn html_gbk_without_declaration_is_guessed() {
    let page = page_without_headings("x").replace("charset=x", "");
    let (bytes, _, _) = encoding_rs::GBK.encode(&page);
    let e = extract(&bytes, FormatKind::Html, None).unwrap();
    assert_eq!(lines(&e)[2], "一、工作目标");
    assert!(
        e.warnings.iter().any(|w| w.contains("guessed")),
        "{:?}",
        e.warnings
    );
}

// ---------------------------------------------------------------- hostile input

fn one_line(e: &FormatError) -> String {
    let s = e.to_string();
    assert!(!s.contains('\n') && !s.is_empty(), "{s:?}");
    s
}

#[test]
fn zip_bomb_is_refused() {
    // 24 MiB of one byte deflates to ~24 KiB: a ratio near 1000.
    let doc = vec![b' '; 24 << 20];
    let bytes = zip_of(&[("word/document.xml", &doc)], &[]);
    assert!(bytes.len() < 200_000);
    let started = Instant::now();
    let err = extract(&bytes, FormatKind::Docx, None).unwrap_err();
    assert!(matches!(err, FormatError::Bomb { .. }), "{err}");
    assert!(one_line(&err).contains("word/document.xml"));
    assert!(started.elapsed().as_secs() < 20);
}

#[test]
fn thousands_of_entries_are_refused() {
    let names: Vec<String> = (0..10_050).map(|i| format!("OEBPS/x{i}.xhtml")).collect();
    let mut parts: Vec<(&str, &[u8])> = vec![("mimetype", b"application/epub+zip")];
    parts.extend(names.iter().map(|n| (n.as_str(), &b""[..])));
    let bytes = zip_of(&parts, &["mimetype"]);
    let err = extract(&bytes, FormatKind::Epub, None).unwrap_err();
    assert!(
        matches!(err, FormatError::TooManyEntries { count: 10_051, .. }),
        "{err}"
    );
    one_line(&err);
}

#[test]
fn deeply_nested_xml_is_refused() {
    let body = format!("{}{}", "<w:sdt>".repeat(5000), "</w:sdt>".repeat(5000));
    let err = extract(&docx(&body), FormatKind::Docx, None).unwrap_err();
    assert!(matches!(err, FormatError::TooDeep { .. }), "{err}");
    assert!(one_line(&err).contains("word/document.xml"));
}

#[test]
fn xml_entities_are_never_expanded() {
    let mut doctype = String::from(r#"<!DOCTYPE w:document [<!ENTITY lol "lol">"#);
    for i in 1..=9 {
        let prev = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        doctype += &format!(r#"<!ENTITY lol{i} "{}">"#, format!("&{prev};").repeat(10));
    }
    doctype += "]>";
    let document = format!(
        r#"<?xml version="1.0"?>{doctype}<w:document {W}><w:body><w:p><w:r><w:t>前&lol9;后 &amp; &#x4E2D;</w:t></w:r></w:p></w:body></w:document>"#
    );
    let bytes = zip_of(&[("word/document.xml", document.as_bytes())], &[]);
    let started = Instant::now();
    let e = extract(&bytes, FormatKind::Docx, None).unwrap();
    assert_eq!(lines(&e), ["前后 & 中"]);
    assert!(
        e.warnings.iter().any(|w| w.contains("not expanded")),
        "{:?}",
        e.warnings
    );
    assert!(started.elapsed().as_secs() < 5);
}

#[test]
fn deeply_nested_html_is_read_without_exhausting_the_stack() {
    for tag in ["div", "span", "b", "li"] {
        let page = format!(
            "<html><body><p>开始</p>{}正文{}</body></html>",
            format!("<{tag}>").repeat(100_000),
            format!("</{tag}>").repeat(100_000)
        );
        let started = Instant::now();
        let e = extract(page.as_bytes(), FormatKind::Html, None).unwrap();
        assert!(e.text.contains("正文"), "{tag}: {}", e.text);
        assert!(
            started.elapsed().as_secs() < 20,
            "{tag} took {:?}",
            started.elapsed()
        );
    }
    // The same inside an EPUB chapter and its navigation.
    let deep = chapter(&format!(
        "{}深处{}",
        "<div>".repeat(50_000),
        "</div>".repeat(50_000)
    ));
    let nav = NAV.replace(
        "<ol>\n  <li>",
        &format!(
            "<ol>{}<li>",
            "<li><a href=\"text/c1.xhtml\">x</a><ol>".repeat(2_000)
        ),
    );
    let bytes = epub(
        OPF3,
        &[("OEBPS/nav.xhtml", nav), ("OEBPS/text/c3.xhtml", deep)],
    );
    let e = extract(&bytes, FormatKind::Epub, None).unwrap();
    assert!(e.nav.iter().all(|n| n.depth <= 32));
}

#[test]
fn path_traversal_names_are_never_followed() {
    let evil_opf = OPF3
        .replace(r#"href="text/c2.xhtml""#, r#"href="../../../evil.xhtml""#)
        .replace(r#"href="nav.xhtml""#, r#"href="../nav.xhtml""#);
    let evil = chapter("<p>不应出现</p>");
    let bytes = epub(
        &evil_opf,
        &[
            ("../../../evil.xhtml", evil.clone()),
            ("evil.xhtml/../../x", evil),
        ],
    );
    let e = extract(&bytes, FormatKind::Epub, None).unwrap();
    assert_invariants(&e);
    assert!(!e.text.contains("不应出现"));
    assert!(e.text.starts_with("第一章　总则\n"));
    assert!(
        e.warnings.iter().any(|w| w.contains("missing")),
        "{:?}",
        e.warnings
    );
}

#[test]
fn truncated_archive_loads_what_could_be_read() {
    let parts = docx_parts(&(para(r#"<w:pStyle w:val="1"/>"#, "第一章") + &para("", "正文保留")));
    // document.xml first, then a large incompressible part that the cut removes, with the central directory.
    let noise: Vec<u8> = (0..50_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in parts.iter().filter(|(n, _)| n != "[Content_Types].xml") {
        w.start_file(name.as_str(), SimpleFileOptions::default())
            .unwrap();
        w.write_all(data).unwrap();
    }
    w.start_file(
        "word/media/big.bin",
        SimpleFileOptions::default().compression_method(CompressionMethod::Stored),
    )
    .unwrap();
    w.write_all(&noise).unwrap();
    let full = w.finish().unwrap().into_inner();
    let cut = &full[..full.len() - 30_000];
    let e = extract(cut, FormatKind::Docx, None).unwrap();
    assert_eq!(lines(&e), ["第一章", "正文保留"]);
    assert_eq!(e.marked, [MarkedHeading { line: 1, rank: 1 }]);
    assert!(
        e.warnings.iter().any(|w| w.contains("truncated")),
        "{:?}",
        e.warnings
    );

    let err = extract(&full[..10], FormatKind::Docx, None).unwrap_err();
    assert!(matches!(err, FormatError::BadArchive { .. }), "{err}");
    one_line(&err);
}

#[test]
fn not_an_archive_or_missing_parts_is_one_line() {
    let err = extract(b"plain text, not a zip", FormatKind::Epub, None).unwrap_err();
    assert!(
        one_line(&err).starts_with("not a readable EPUB file"),
        "{err}"
    );
    let only = zip_of(&[("hello.txt", b"hi")], &[]);
    let err = extract(&only, FormatKind::Docx, None).unwrap_err();
    assert!(
        one_line(&err).contains("word/document.xml is missing"),
        "{err}"
    );
    let err = extract(&only, FormatKind::Epub, None).unwrap_err();
    assert!(one_line(&err).contains("container.xml"), "{err}");
    let err = extract(&only, FormatKind::Odt, None).unwrap_err();
    assert!(one_line(&err).contains("content.xml"), "{err}");
    let broken = zip_of(
        &[("word/document.xml", b"<w:document><w:body><w:p></w:body")],
        &[],
    );
    // Mismatched end tags are tolerated (what was read is kept), never a panic.
    let _ = extract(&broken, FormatKind::Docx, None);
    assert_eq!(sniff_zip(&only), None);
}

// ---------------------------------------------------------------- PDF

fn have_pdftotext() -> bool {
    let ok = Command::new("pdftotext").arg("-v").output().is_ok();
    if !ok {
        // a failure under CI (.ci/run installs poppler-utils), a visible skip elsewhere
        support::skip_because(
            "the PDF tests",
            "pdftotext is not installed (apt install poppler-utils)",
        );
    }
    ok
}

/// A minimal PDF: one Type1 Helvetica font, one content stream per page, each line drawn at
/// the given height (points from the bottom).
fn make_pdf(pages: &[Vec<(u32, String)>], encrypt: bool) -> Vec<u8> {
    let n = pages.len();
    // Objects: 1 catalog, 2 pages, 3 font, then (page, content) pairs, then encryption dict.
    let mut objects: Vec<String> = Vec::new();
    objects.push("<< /Type /Catalog /Pages 2 0 R >>".into());
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    objects.push(format!(
        "<< /Type /Pages /Kids [{}] /Count {n} >>",
        kids.join(" ")
    ));
    objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into());
    for (i, page) in pages.iter().enumerate() {
        let content: String = page
            .iter()
            .map(|(y, text)| {
                let esc = text
                    .replace('\\', "\\\\")
                    .replace('(', "\\(")
                    .replace(')', "\\)");
                format!("BT /F1 10 Tf 72 {y} Td ({esc}) Tj ET\n")
            })
            .collect();
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            5 + 2 * i
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ));
    }
    if encrypt {
        objects.push(format!(
            "<< /Filter /Standard /V 1 /R 2 /O <{}> /U <{}> /P -44 >>",
            "ab".repeat(32),
            "cd".repeat(32)
        ));
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    let enc = if encrypt {
        format!(
            " /Encrypt {} 0 R /ID [<{}> <{}>]",
            objects.len(),
            "01".repeat(16),
            "01".repeat(16)
        )
    } else {
        String::new()
    };
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R{enc} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn report_pages() -> Vec<Vec<(u32, String)>> {
    let body = [
        "The committee met in Month {p} and reviewed the annual budget for the coming fiscal year",
        "with particular attention to infrastructure, schools and the regional health services,",
        "and it approved the plan.",
        "Section 2 Outcomes",
        "Revenue grew by five percent while spending on maintenance and repairs was kept steady",
        "across all the departments that reported in time, a result which the treasurer called",
        "balanced and prudent (part {p}).",
    ];
    (1..=4usize)
        .map(|p| {
            let mut lines = vec![(760, "City Council Annual Report 2024".to_owned())];
            let mut y = 700;
            for l in body {
                lines.push((y, l.replace("{p}", ["one", "two", "three", "four"][p - 1])));
                y -= 14;
            }
            lines.push((40, format!("- {p} -")));
            lines
        })
        .collect()
}

#[test]
fn pdf_pages_furniture_and_joined_lines() {
    if !have_pdftotext() {
        return;
    }
    let bytes = make_pdf(&report_pages(), false);
    assert_eq!(sniff(&bytes), Some(FormatKind::Pdf));
    let e = extract(&bytes, FormatKind::Pdf, None).unwrap();
    assert_invariants(&e);
    let l = lines(&e);
    assert!(
        !e.text.contains("City Council Annual Report"),
        "running head kept:\n{}",
        e.text
    );
    assert!(!e.text.contains("- 2 -"), "page number kept:\n{}", e.text);
    let name = |p: usize| ["one", "two", "three", "four"][p - 1];
    let first = |p: usize| {
        let p = name(p);
        format!(
            "The committee met in Month {p} and reviewed the annual budget for the coming fiscal year with particular attention to infrastructure, schools and the regional health services, and it approved the plan."
        )
    };
    let expected_page = |p: usize| {
        let n = name(p);
        vec![
            first(p),
            "Section 2 Outcomes".to_owned(),
            format!(
                "Revenue grew by five percent while spending on maintenance and repairs was kept steady across all the departments that reported in time, a result which the treasurer called balanced and prudent (part {n})."
            ),
        ]
    };
    let expected: Vec<String> = (1..=4).flat_map(expected_page).collect();
    assert_eq!(l, expected);
    assert_eq!(e.pages.len(), 4);
    assert_eq!(e.pages[0], 1);
    for (i, &p) in e.pages.iter().enumerate().skip(1) {
        assert_eq!(
            l[p as usize - 1],
            first(i + 1),
            "page {} starts at line {p}",
            i + 1
        );
    }
    // The same through a path instead of a pipe.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, &bytes).unwrap();
    assert_eq!(extract(&bytes, FormatKind::Pdf, Some(&path)).unwrap(), e);
    // `:p3` (and `-s p3`) goes to where page 3 starts, `第4页` to page 4; a page past the
    // end goes nowhere.
    let (doc, _) = gangmu::load::load(
        &gangmu::load::Source::Path(path.clone()),
        gangmu::load::LoadOptions::default(),
    )
    .unwrap();
    assert_eq!(doc.page_count(), 4);
    for (spec, page) in [("p3", 3), ("第4页", 4), ("P1", 1)] {
        let target = gangmu::goto::resolve(&doc, &gangmu::goto::parse(spec).unwrap(), None);
        let Some(gangmu::goto::Target::Offset(pos)) = target else {
            panic!("{spec}: {target:?}");
        };
        let para = doc
            .paragraphs
            .iter()
            .find(|p| p.range.start == pos.byte())
            .expect("a paragraph start");
        assert_eq!(doc.slice(&para.range), first(page), "{spec}");
    }
    assert_eq!(
        gangmu::goto::resolve(&doc, &gangmu::goto::parse("p9").unwrap(), None),
        None
    );
}

#[test]
fn pdf_encrypted_or_malformed_is_one_error_line() {
    if !have_pdftotext() {
        return;
    }
    let enc = make_pdf(&report_pages(), true);
    let err = extract(&enc, FormatKind::Pdf, None).unwrap_err();
    assert!(one_line(&err).contains("encrypted"), "{err}");
    for junk in [&b"%PDF-1.7\n1 0 obj <<"[..], b"%PDF-", &[0u8; 0]] {
        match extract(junk, FormatKind::Pdf, None) {
            Err(e) => {
                one_line(&e);
            }
            Ok(e) => assert!(e.text.is_empty() && !e.warnings.is_empty()),
        }
    }
}

/// Damaged copies of every fixture (bytes flipped in the archive or in the XML before packing,
/// archives cut short) give a document or an error, never a panic.
#[test]
fn damaged_inputs_never_panic() {
    let docx_bytes = docx(&sample_docx_body());
    let epub_bytes = epub(OPF3, &[("OEBPS/nav.xhtml", NAV.to_owned())]);
    let page = page_without_headings("gbk");
    for (kind, bytes) in [
        (FormatKind::Docx, &docx_bytes),
        (FormatKind::Epub, &epub_bytes),
        (FormatKind::Html, &page.clone().into_bytes()),
    ] {
        for seed in 1..=200usize {
            let mut b = bytes.clone();
            let pos = seed * 7919 % b.len();
            b[pos] ^= (seed % 255 + 1) as u8;
            let _ = sniff(&b);
            let _ = extract(&b, kind, None).map(|e| assert_invariants(&e));
            let cut = &bytes[..bytes.len() * seed / 201];
            let _ = extract(cut, kind, None).map(|e| assert_invariants(&e));
        }
    }
    let parts = docx_parts(&sample_docx_body());
    for seed in 1..=200usize {
        let damaged: Vec<(String, Vec<u8>)> = parts
            .iter()
            .map(|(n, d)| {
                let mut d = d.clone();
                let pos = seed * 104_729 % d.len();
                d[pos] = b"<>&/\"= x\xff\x00"[seed % 10];
                (n.clone(), d)
            })
            .collect();
        let refs: Vec<(&str, &[u8])> = damaged
            .iter()
            .map(|(n, d)| (n.as_str(), d.as_slice()))
            .collect();
        let _ = extract(&zip_of(&refs, &[]), FormatKind::Docx, None).map(|e| assert_invariants(&e));
    }
}

// ---------------------------------------------------------------- every format in the reader

/// One document in every format: a heading, a dozen paragraphs (more than a small screen), a
/// second heading and a paragraph holding `term`; `heading(text)` and `paragraph(text)` make the
/// format's markup.
fn same_document(
    term: &str,
    heading: impl Fn(&str) -> String,
    paragraph: impl Fn(&str) -> String,
) -> String {
    let mut out = heading("第一章　总则");
    for n in 1..=12 {
        out += &paragraph(&format!("这一段说明第{n}件事情的做法，内容从略。"));
    }
    out += &heading("第二章　附则");
    out += &paragraph(&format!("本办法所称{term}，指需要查找的词。"));
    out += &paragraph("本办法自发布之日起施行。");
    out
}

/// The same document as a file of each format the reader opens, with the word to search for.
fn every_format(term: &str) -> Vec<(&'static str, Vec<u8>, String)> {
    let txt = same_document(term, |h| format!("{h}\n\n"), |p| format!("{p}\n"));
    let md = same_document(term, |h| format!("# {h}\n\n"), |p| format!("{p}\n\n"));
    let html_body = same_document(term, |h| format!("<h1>{h}</h1>"), |p| format!("<p>{p}</p>"));
    let html = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>办法</title></head><body><main>{html_body}</main></body></html>"
    );
    let docx_body = same_document(
        term,
        |h| para(r#"<w:pStyle w:val="1"/>"#, h),
        |p| para("", p),
    );
    let odt_body = same_document(
        term,
        |h| format!(r#"<text:h text:outline-level="1">{h}</text:h>"#),
        |p| format!("<text:p>{p}</text:p>"),
    );
    let odt_content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>{odt_body}</office:text></office:body></office:document-content>"#
    );
    let odt = zip_of(
        &[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", odt_content.as_bytes()),
        ],
        &["mimetype"],
    );
    let xhtml = same_document(term, |h| format!("<h1>{h}</h1>"), |p| format!("<p>{p}</p>"));
    let (c1, c2) = xhtml.split_at(xhtml.find("<h1>第二章").unwrap());
    let epub = zip_of(
        &[
            ("mimetype", b"application/epub+zip"),
            ("META-INF/container.xml", CONTAINER.as_bytes()),
            ("OEBPS/content.opf", OPF3.as_bytes()),
            ("OEBPS/nav.xhtml", NAV.as_bytes()),
            ("OEBPS/text/c1.xhtml", chapter(c1).as_bytes()),
            ("OEBPS/text/c2.xhtml", chapter(c2).as_bytes()),
        ],
        &["mimetype"],
    );
    vec![
        ("txt", txt.into_bytes(), term.to_owned()),
        ("md", md.into_bytes(), term.to_owned()),
        ("html", html.into_bytes(), term.to_owned()),
        ("docx", docx(&docx_body), term.to_owned()),
        ("odt", odt, term.to_owned()),
        ("epub", epub, term.to_owned()),
    ]
}

/// `--outline --json` and `--print` of each format: the same two chapters and the same text.
#[test]
fn every_format_prints_its_outline_and_text() {
    let dir = support::temp_dir("every-format-cli");
    for (ext, bytes, term) in every_format("检索目标词") {
        let path = dir.join(format!("办法.{ext}"));
        std::fs::write(&path, bytes).unwrap();
        let out = support::run(&["--outline", "--json", support::path_str(&path)]);
        assert!(out.status.success(), "{ext}: {out:?}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let titles: Vec<&str> = json["sections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["title"].as_str().unwrap())
            .collect();
        assert_eq!(titles, ["第一章　总则", "第二章　附则"], "{ext}");
        let out = support::run(&["--print", "--width", "40", support::path_str(&path)]);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(&term), "{ext}:\n{text}");
        assert!(
            text.contains("第12件事情") && !text.contains('<'),
            "{ext}:\n{text}"
        );
    }
}

/// In the reader, every format searches, keeps a mark and resumes where it was left: `/term`
/// brings the article below the first screen into view, `ma` marks it, `g` goes to the top and
/// `'a` back; quit, open again, and the reader is back at the mark, which still works.
#[test]
fn every_format_searches_marks_and_resumes_in_the_reader() {
    const W: u16 = 60;
    const H: u16 = 8;
    let dir = support::temp_dir("every-format-reader");
    let mut docs = every_format("检索目标词");
    if have_pdftotext() {
        let lines: Vec<String> = ["Chapter 1 General".to_owned()]
            .into_iter()
            .chain((1..=12).map(|n| format!("Article {n}. This article explains item {n}.")))
            .chain([
                "Chapter 2 Final".to_owned(),
                "Article 13. The search target lodestar appears here.".to_owned(),
            ])
            .collect();
        let page: Vec<(u32, String)> = lines
            .into_iter()
            .zip((0..).map(|k| 760 - 20 * k))
            .map(|(l, y)| (y, l))
            .collect();
        docs.push(("pdf", make_pdf(&[page], false), "lodestar".to_owned()));
    }
    for (ext, bytes, term) in docs {
        let path = dir.join(format!("doc.{ext}"));
        std::fs::write(&path, bytes).unwrap();
        let state = dir.join(format!("state-{ext}"));
        let Some(t) = support::tmux::open_with_state("every format", W, H, &path, &state) else {
            return;
        };
        let first_top = support::tmux::text_top(&t.screen());
        t.keys(&["/"]);
        t.type_text(&term);
        t.keys(&["Enter"]);
        // (the status line also reads `1/1 min left` before any search: wait for the match)
        let s = t.wait_for(&format!("{ext}: the match"), |s| {
            s.contains(&term) && support::tmux::status_line(s).contains("1/1")
        });
        assert!(s.contains(&term), "{ext}: the match on screen:\n{s}");
        let found_top = support::tmux::text_top(&s);
        assert_ne!(
            found_top, first_top,
            "{ext}: the match is below the first screen"
        );
        t.keys(&["m", "a", "g"]);
        t.wait_for(&format!("{ext}: the top"), |s| {
            support::tmux::text_top(s) == first_top
        });
        t.keys(&["'", "a"]);
        t.wait_for(&format!("{ext}: back at mark a"), |s| {
            support::tmux::text_top(s) == found_top
        });
        t.keys(&["q"]);
        assert_eq!(t.wait_for_exit(), 0, "{ext}");
        drop(t);
        let t = support::tmux::open_with_state("every format", W, H, &path, &state).unwrap();
        t.wait_for(&format!("{ext}: resumed at the mark"), |s| {
            support::tmux::text_top(s) == found_top
        });
        t.keys(&["g"]);
        t.wait_for(&format!("{ext}: the top again"), |s| {
            support::tmux::text_top(s) == first_top
        });
        t.keys(&["'", "a"]);
        t.wait_for(&format!("{ext}: mark a kept"), |s| {
            support::tmux::text_top(s) == found_top
        });
        t.keys(&["q"]);
        assert_eq!(t.wait_for_exit(), 0, "{ext}");
    }
}
