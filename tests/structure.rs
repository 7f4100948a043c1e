//! Structure detection on small documents written for these tests: every heading pattern and
//! every non-heading case of the document-engine issue.

#![allow(clippy::string_slice, clippy::format_push_string, clippy::unwrap_used)]

use gangmu::document::{Document, Format, Marker, ParagraphKind};

/// The outline as `level line title` rows, one per line.
fn outline(text: &str) -> String {
    let doc = Document::parse(text, Format::Plain);
    let mut out = String::new();
    for i in 0..doc.sections.len() {
        let s = &doc.sections[i];
        out.push_str(&format!(
            "{} {} {}\n",
            s.level,
            s.line,
            doc.section_title(i)
        ));
    }
    out
}

#[test]
fn official_hierarchy_nests_by_rank() {
    let text = "\
一、总体要求
（一）指导思想
1.坚持学习
（1）原原本本学
①读原著
（2）联系实际学
2.坚持实践
（二）目标任务
二、主要措施
";
    assert_eq!(
        outline(text),
        "\
1 1 一、总体要求
2 2 （一）指导思想
3 3 1.坚持学习
4 4 （1）原原本本学
5 5 ①读原著
4 6 （2）联系实际学
3 7 2.坚持实践
2 8 （二）目标任务
1 9 二、主要措施
"
    );
}

#[test]
fn levels_never_skip() {
    // a （一） directly under 第一章 is level 2, a 1. directly under 一、 is level 2
    let text = "第一章　总则\n（一）范围\n第二章　分则\n一、要求\n1.具体\n";
    assert_eq!(
        outline(text),
        "1 1 第一章　总则\n2 2 （一）范围\n1 3 第二章　分则\n2 4 一、要求\n3 5 1.具体\n"
    );
}

#[test]
fn inline_headings_take_the_first_sentence() {
    let text = "\
一、工作任务
（一）围绕强化理论武装，推动学习教育走心走深走实。我们要把学习贯彻作为首要任务。
（二）围绕监督形成常态！做实做细日常监督。
";
    assert_eq!(
        outline(text),
        "1 1 一、工作任务\n2 2 （一）围绕强化理论武装，推动学习教育走心走深走实\n2 3 （二）围绕监督形成常态\n"
    );
    let doc = Document::parse(text, Format::Plain);
    // the paragraph stays whole; its heading part is marked
    assert_eq!(
        doc.paragraph_text(1),
        "（一）围绕强化理论武装，推动学习教育走心走深走实。我们要把学习贯彻作为首要任务。"
    );
    let ParagraphKind::InlineHeading { heading_len } = doc.paragraphs[1].kind else {
        panic!(
            "expected an inline heading, got {:?}",
            doc.paragraphs[1].kind
        );
    };
    assert_eq!(
        &doc.paragraph_text(1)[..heading_len as usize],
        "（一）围绕强化理论武装，推动学习教育走心走深走实。"
    );
    assert_eq!(doc.paragraphs[0].kind, ParagraphKind::Heading);
}

#[test]
fn cjk_numerals_to_ninety_nine_and_full_width_digits() {
    let mut text = String::new();
    for n in 1..=99u32 {
        text.push_str(&format!("{}、第{n}项\n正文。\n", cjk(n)));
    }
    let doc = Document::parse(&text, Format::Plain);
    assert_eq!(doc.sections.len(), 99);
    assert_eq!(doc.section_title(98), "九十九、第99项");
    let doc = Document::parse("１．甲\n２．乙\n（１）丙\n", Format::Plain);
    assert_eq!(doc.sections.len(), 3);
    assert_eq!(doc.sections[2].level, 2);
}

fn cjk(n: u32) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => D[n as usize].to_owned(),
        10 => "十".to_owned(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        _ => format!("{}十{}", D[(n / 10) as usize], D[(n % 10) as usize]),
    }
}

#[test]
fn law_divisions_articles_and_clauses() {
    let text = "\
第一编　总则
第一章　基本规定
第一条　为了保护民事主体的合法权益，制定本法。
第二条　民法调整下列关系：
（一）人身关系；
（二）财产关系。
第二章　自然人
第一节　民事权利能力
第三条　自然人从出生时起到死亡时止，具有民事权利能力。
第二分编　合同
第四条　合同是协议。
";
    assert_eq!(
        outline(text),
        "\
1 1 第一编　总则
2 2 第一章　基本规定
3 3 第一条　为了保护民事主体的合法权益，制定本法
3 4 第二条　民法调整下列关系
2 7 第二章　自然人
3 8 第一节　民事权利能力
4 9 第三条　自然人从出生时起到死亡时止，具有民事权利能力
2 10 第二分编　合同
3 11 第四条　合同是协议
"
    );
}

#[test]
fn unnumbered_divisions_take_the_rank_around_them() {
    let text = "\
目　录
序　言
第一章　总纲
第二章　国家机构

序　　言

中国是世界上历史最悠久的国家之一。

第一章　总纲

第一条　国家根本制度。
第二章　国家机构
第二条　机构设置。
附　　则
第三条　施行日期。
";
    assert_eq!(
        outline(text),
        "\
1 6 序　　言
1 10 第一章　总纲
2 12 第一条　国家根本制度
1 13 第二章　国家机构
2 14 第二条　机构设置
1 15 附　　则
2 16 第三条　施行日期
"
    );
    let doc = Document::parse(text, Format::Plain);
    let toc: Vec<_> = doc
        .paragraphs
        .iter()
        .filter(|p| p.kind == ParagraphKind::Toc)
        .map(|p| p.line)
        .collect();
    assert_eq!(toc, [1, 2, 3, 4]);
}

#[test]
fn novel_chapters_and_prologue() {
    let text = "\
《某传》某人

楔子　开篇的诗　引出故事

    话说当年，天下太平。

第一回　甲乙丙丁　戊己庚辛

    ——喝叫左右，把他拿下。

    且听下回分解。

第二回  子丑寅卯 辰巳午未

    ——自把头发拔下一把。
";
    assert_eq!(
        outline(text),
        "1 3 楔子　开篇的诗　引出故事\n1 7 第一回　甲乙丙丁　戊己庚辛\n1 13 第二回  子丑寅卯 辰巳午未\n"
    );
    let doc = Document::parse(text, Format::Plain);
    assert_eq!(doc.title_text(), Some("《某传》某人"));
}

#[test]
fn parallel_points_dash_runs_and_enumerations() {
    let text = "\
坚持严的主基调
——在某某会议上的讲话

今年是关键之年，我们召开这次会议，主要任务是总结工作、部署任务。
一、工作回顾
去年，我们做了大量工作，取得了明显成效，主要有以下几个方面。
——我们聚焦“主题”强化理论武装。始终把学习作为首要任务。
——我们聚焦“主体”强化责任落实。始终牵住责任落实。
——我们聚焦“主力”强化自身建设。始终锻造队伍。
同志们，成绩来之不易。
二、主要任务
主要做了以下工作。
一是加大宏观调控力度，推动经济运行持续好转。针对挑战，我们统筹施策。
这一年里，一是一，二是二，工作扎实。
二是依靠创新引领产业升级。强化科技力量。
三是深化改革扩大开放。出台方案。
";
    assert_eq!(
        outline(text),
        "\
1 5 一、工作回顾
2 7 ——我们聚焦“主题”强化理论武装
2 8 ——我们聚焦“主体”强化责任落实
2 9 ——我们聚焦“主力”强化自身建设
1 11 二、主要任务
2 13 一是加大宏观调控力度，推动经济运行持续好转
2 15 二是依靠创新引领产业升级
2 16 三是深化改革扩大开放
"
    );
    let doc = Document::parse(text, Format::Plain);
    assert_eq!(doc.title_text(), Some("坚持严的主基调"));
    assert_eq!(
        doc.paragraphs[1].kind,
        ParagraphKind::Title,
        "the —— subtitle is part of the title block"
    );
    assert_eq!(doc.sections[1].marker, Marker::Dash);
    assert_eq!(doc.sections[5].marker, Marker::Enumerated);
}

#[test]
fn a_lone_dash_paragraph_is_not_a_point() {
    let text = "一、回顾\n——我们聚焦主题。正文。\n普通段落。\n——另一个孤立的破折号段落。\n";
    assert_eq!(outline(text), "1 1 一、回顾\n");
}

#[test]
fn a_lone_first_enumeration_is_not_a_point() {
    let text = "一、回顾\n一是一，二是二，这是原则。\n普通段落。\n";
    assert_eq!(outline(text), "1 1 一、回顾\n");
}

#[test]
fn salutations_and_title_block_are_not_sections() {
    let text = "政府工作报告——2024年3月5日在大会上\n各位代表：\n现在，我代表国务院，向大会报告工作。\n各位代表！\n一、回顾\n";
    assert_eq!(outline(text), "1 5 一、回顾\n");
    let doc = Document::parse(text, Format::Plain);
    assert_eq!(doc.title_text(), Some("政府工作报告"));
    let doc = Document::parse("同志们：\n现在，我代表中央委员会作报告。\n", Format::Plain);
    assert_eq!(doc.title_text(), None);
}

#[test]
fn not_headings() {
    let text = "\
一、正文
1.5亿元的资金已经到位，这是一个很大的数目。
我们在2019年召开了10次会议，一是学习，二是调研，三是落实。
3. 这一行以数字开头但不在任何编号序列中，而且很长很长很长很长很长很长很长很长很长很长很长很长很长很长。
（7）同样不在序列中的括号编号，后面跟着一大段很长很长很长很长很长很长很长很长很长很长的文字。
";
    assert_eq!(outline(text), "1 1 一、正文\n");
}

#[test]
fn a_short_standalone_number_line_out_of_sequence_is_still_a_heading() {
    assert_eq!(outline("一、甲\n3.丙\n"), "1 1 一、甲\n2 2 3.丙\n");
}

#[test]
fn messy_whitespace_does_not_matter() {
    let text = "\u{3000}\u{3000}一、回顾\r\n \r\n\u{3000}\u{3000}（一）围绕学习。正文。\r\n \r\n\t二、任务";
    let doc = Document::parse(&gangmu_normalise(text), Format::Plain);
    let rows: Vec<_> = (0..doc.sections.len())
        .map(|i| (doc.sections[i].level, doc.sections[i].line))
        .collect();
    assert_eq!(rows, [(1, 1), (2, 3), (1, 5)]);
    assert_eq!(doc.section_title(1), "（一）围绕学习");
}

fn gangmu_normalise(text: &str) -> String {
    let mut s = text.to_owned();
    gangmu::decode::normalize_newlines(&mut s, &mut false);
    s
}

#[test]
fn a_document_without_headings_reads_normally() {
    let doc = Document::parse("第一段。\n\n第二段。\n", Format::Plain);
    assert!(doc.sections.is_empty());
    assert_eq!(doc.paragraphs.len(), 2);
    assert_eq!(doc.paragraphs[1].line, 3);
}

#[test]
fn empty_and_blank_documents() {
    let doc = Document::parse("", Format::Plain);
    assert!(doc.paragraphs.is_empty() && doc.sections.is_empty() && doc.title.is_none());
    let doc = Document::parse("\n \n\u{3000}\n\t\n", Format::Plain);
    assert!(doc.paragraphs.is_empty());
}

#[test]
fn section_sizes_count_characters_with_subsections() {
    let text = "一、甲乙\n丙丁，戊。\n（一）己庚\n辛 ABC 12\n二、壬\n";
    let doc = Document::parse(text, Format::Plain);
    // 一、甲乙 = 3 (一甲乙), 丙丁戊 = 3, （一）己庚 = 3, 辛 ABC 12 = 3
    assert_eq!(doc.section_chars(0), 12);
    assert_eq!(doc.section_chars(1), 6);
    assert_eq!(doc.section_chars(2), 2);
    assert_eq!(doc.total_chars(), 14);
}

#[test]
fn very_long_lines_become_continuations() {
    let line = "这是一个很长的段落".repeat(20_000); // 540,000 bytes
    let text = format!("一、开头\n{line}\n二、结尾\n");
    let doc = Document::parse(&text, Format::Plain);
    assert_eq!(outline(&text), "1 1 一、开头\n1 3 二、结尾\n");
    let pieces: Vec<_> = doc.paragraphs.iter().filter(|p| p.line == 2).collect();
    assert!(pieces.len() >= 8, "{} pieces", pieces.len());
    assert!(!pieces[0].continuation && pieces[1..].iter().all(|p| p.continuation && !p.gap_before));
    let joined: String = pieces.iter().map(|p| &doc.text[p.range.clone()]).collect();
    assert_eq!(joined, line);
    assert!(
        pieces
            .iter()
            .all(|p| p.range.len() <= gangmu::document::MAX_PARAGRAPH_BYTES)
    );
}

#[test]
fn streaming_in_small_chunks_gives_the_same_document() {
    let text = "标题\n\n一、回顾\n——甲。正文。\n——乙。正文。\n二、任务\n一是学习。正文。\n中间。\n二是实践。正文。\n（一）围绕。正文\n";
    let whole = Document::parse(text, Format::Plain);
    for size in [1, 2, 3, 7, 16] {
        let mut parser = gangmu::document::plain::PlainParser::new();
        let mut doc = Document::new(Format::Plain);
        let bytes = text.as_bytes();
        let mut start = 0;
        while start < bytes.len() {
            let mut end = (start + size).min(bytes.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            doc.extend(parser.feed(text[start..end].to_owned(), false));
            start = end;
        }
        doc.extend(parser.feed(String::new(), true));
        doc.set_complete();
        assert_eq!(doc.text, whole.text);
        assert_eq!(doc.paragraphs, whole.paragraphs, "chunk size {size}");
        assert_eq!(doc.sections, whole.sections, "chunk size {size}");
        assert_eq!(doc.title, whole.title);
    }
}
