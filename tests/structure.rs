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

/// `outline` as (level, title) pairs, for fixtures where line numbers are not the point.
fn tree(text: &str) -> Vec<(u16, String)> {
    let doc = Document::parse(text, Format::Plain);
    (0..doc.sections.len())
        .map(|i| (doc.sections[i].level, doc.section_title(i).to_owned()))
        .collect()
}

fn rows(pairs: &[(u16, &str)]) -> Vec<(u16, String)> {
    pairs.iter().map(|&(l, t)| (l, t.to_owned())).collect()
}

#[test]
fn traditional_chinese_law_with_spaced_and_arabic_numbers() {
    let text = "\
法規名稱：示範管理法
修正日期：民國 112 年 05 月 10 日
第 一 章 總則
第 1 條
為規範示範事項，特制定本法。
第 2 條
本法所稱主管機關如下：
一、在中央為內政部。
二、在直轄市為直轄市政府。
第 2-1 條
第一條至第二條規定，於示範區準用之。
第 二 章 　管理
第一節　登記
第 3 條
申請登記應備下列文件：
（一）申請書。
（二）證明文件。
第 三 章之一 調解
第 4 條 （刪除）
第四章 （刪除）
第七十八條至第八十三條規定，於調解準用之。
";
    assert_eq!(
        tree(text),
        rows(&[
            (1, "第 一 章 總則"),
            (2, "第 1 條"),
            (2, "第 2 條"),
            (2, "第 2-1 條"),
            (1, "第 二 章 　管理"),
            (2, "第一節　登記"),
            (3, "第 3 條"),
            (1, "第 三 章之一 調解"),
            (2, "第 4 條 （刪除）"),
            (1, "第四章 （刪除）"),
        ])
    );
}

#[test]
fn decimal_numbering_nests_by_its_dots_and_wins_over_the_official_reading() {
    let text = "\
使用手册

1. 概述
本手册说明安装与配置。
1.1 适用范围
本手册适用于所有版本。
1.2 术语
  1. 这是一个列表项，不是标题；
  2. 这是另一个列表项；
2. 安装
2.1 环境要求
2.1.1 硬件
至少需要两个处理器核心。
2.1.1.1. 很深的一节
正文。
3. 配置
正文。
";
    assert_eq!(
        tree(text),
        rows(&[
            (1, "1. 概述"),
            (2, "1.1 适用范围"),
            (2, "1.2 术语"),
            (1, "2. 安装"),
            (2, "2.1 环境要求"),
            (3, "2.1.1 硬件"),
            (4, "2.1.1.1. 很深的一节"),
            (1, "3. 配置"),
        ])
    );
    // without decimal numbers, `1.` is the GB/T level below （一）
    assert_eq!(
        tree("一、总体\n（一）目标\n1.第一项\n2.第二项\n"),
        rows(&[
            (1, "一、总体"),
            (2, "（一）目标"),
            (3, "1.第一项"),
            (3, "2.第二项")
        ])
    );
}

#[test]
fn rfc_layout_titles_furniture_contents_and_list_items() {
    let text = "\
Network Working Group                                          A. Writer
Request for Comments: 9999                                  Example Inc.

                   A Protocol for Testing Outlines

Status of This Memo

   This memo is written for the tests of an outline detector and it has
   a body indented by three spaces, like every memo of its kind.

Table of Contents

   1. Introduction ....................................................2
   2. Terms ...........................................................3
   Appendix A. Grammar ................................................4

1. Introduction

   The introduction is long enough to be body text in an indented memo.
   It lists two things:

   1.  an indented numbered item that is not a heading at all, really;
   2.  another indented numbered item that is not a heading either.

Writer                        Informational                     [Page 1]
\u{c}
RFC 9999                  A Protocol for Testing               June 2025

2. Terms

   Terms are words; this paragraph is body text of the second section.

Appendix A. Grammar

   rule = 1*DIGIT

Time:
   hour = 2DIGIT

Author's Address

   A. Writer, somewhere on a street with a long name and a number too.
";
    assert_eq!(
        tree(text),
        rows(&[
            (1, "Status of This Memo"),
            (1, "1. Introduction"),
            (1, "2. Terms"),
            (1, "Appendix A. Grammar"),
            (1, "Author's Address"),
        ])
    );
    let doc = Document::parse(text, Format::Plain);
    let toc = doc
        .paragraphs
        .iter()
        .filter(|p| p.kind == ParagraphKind::Toc)
        .count();
    assert_eq!(toc, 4, "the label and its three entries");
}

#[test]
fn speech_points_opened_by_ordinals_are_runs_under_their_heading() {
    let text = "\
同志们：
首先，我代表党组向大家表示感谢。这不是要点。
一、总体情况
今年的工作要把握以下几点：第一，稳中求进；第二，改革创新。
二、重点问题
第一，关于发展目标。我们要坚持高质量发展。
第二，关于改革任务。我们要全面深化改革。
第三，关于安全底线。我们要统筹发展和安全。
三、工作要求
首先，要提高认识。这是前提。
其次，要狠抓落实。这是关键。
最后，要严肃纪律。这是保障。
";
    assert_eq!(
        tree(text),
        rows(&[
            (1, "一、总体情况"),
            (1, "二、重点问题"),
            (2, "第一，关于发展目标"),
            (2, "第二，关于改革任务"),
            (2, "第三，关于安全底线"),
            (1, "三、工作要求"),
            (2, "首先，要提高认识"),
            (2, "其次，要狠抓落实"),
            (2, "最后，要严肃纪律"),
        ])
    );
    // a single 第一， is not a run
    assert_eq!(
        tree("一、总体\n第一，这是唯一的一个。正文。\n普通段落。\n"),
        rows(&[(1, "一、总体")])
    );
}

#[test]
fn novels_with_volumes_chapters_numbered_sections_and_front_matter() {
    let text = "\
某某小说
作者：某人

内容简介
这是一个关于远方的故事，讲的是一个人走了很远的路。

第一卷　风起
第1章：出发
1
他背上行囊，走出了家门。
2
天色渐暗，他找了一家客栈住下。
“嗯。”
第2章-重逢
1
多年以后，他们在车站重逢。
2
谁也没有说话。
卷二　云涌
第3章 远行
他又一次出发了。
尾声
故事结束了。
";
    assert_eq!(
        tree(text),
        rows(&[
            (1, "内容简介"),
            (1, "第一卷　风起"),
            // a title is cut before a full-width colon, as for every heading
            (2, "第1章"),
            (3, "1"),
            (3, "2"),
            (2, "第2章-重逢"),
            (3, "1"),
            (3, "2"),
            (1, "卷二　云涌"),
            (2, "第3章 远行"),
            (1, "尾声"),
        ])
    );
}

#[test]
fn numbering_restarting_under_a_new_title_line_opens_a_part() {
    let text = "\
示范协定

第一条　本协定的目的是示范。
第二条　本协定自签署之日起生效。

Model Agreement

Article 1 The purpose of this Agreement is to serve as a model.
Article 2 This Agreement enters into force on signature.
";
    assert_eq!(
        tree(text),
        rows(&[
            (1, "示范协定"),
            (2, "第一条　本协定的目的是示范"),
            (2, "第二条　本协定自签署之日起生效"),
            (1, "Model Agreement"),
            (
                2,
                "Article 1 The purpose of this Agreement is to serve as a model."
            ),
            (
                2,
                "Article 2 This Agreement enters into force on signature."
            ),
        ])
    );
}

#[test]
fn a_short_title_among_numbered_siblings_is_their_sibling() {
    let text = "\
1. 安装

把程序复制到任意目录，然后运行安装脚本即可完成安装。

2. 配置

配置文件位于用户目录下，可以按需要修改各项设置的取值。

使用说明

启动程序后，按屏幕提示操作，遇到问题可以查阅常见问题一节。
";
    assert_eq!(
        tree(text),
        rows(&[(1, "1. 安装"), (1, "2. 配置"), (1, "使用说明")])
    );
}

#[test]
fn an_unlabelled_chapter_list_that_repeats_is_a_table_of_contents() {
    let text = "\
某书
第一章　开端
第二章　发展
第三章　结局
第一章　开端
故事从这里开始，一切都很平静。
第二章　发展
事情渐渐复杂起来。
第三章　结局
最后，一切归于平静。
";
    let doc = Document::parse(text, Format::Plain);
    let lines: Vec<u32> = doc.sections.iter().map(|s| s.line).collect();
    assert_eq!(lines, [5, 7, 9]);
}

#[test]
fn a_sequence_resumes_after_a_nested_list_and_novels_have_no_points() {
    let text = "\
1.开端
故事开始了，一切都很平静，大家过着平常的日子。
2.来信
他收到一封信，信里写着：
一、世界的趋势。
二、相关的政策。
（一）政策甲。
3.回信
正文。
上部 远方
第1章 出发
第一，他不想回信。第二，他还是回了。
第二，这是叙述，不是要点。
";
    // `一、` ranks above `1.`, so the quoted list sits beside the chapters; `3.` still
    // continues `2.` (not a child of `（一）`), and `第一，` in a novel's chapter is narrative
    assert_eq!(
        tree(text),
        rows(&[
            (1, "1.开端"),
            (1, "2.来信"),
            (1, "一、世界的趋势"),
            (1, "二、相关的政策"),
            (2, "（一）政策甲"),
            (1, "3.回信"),
            (1, "上部 远方"),
            (2, "第1章 出发"),
        ])
    );
    // footnotes `①…②…` in one paragraph are not headings; a decimal title may start with a
    // number; a download site's 正文 prefix
    assert_eq!(
        tree(
            "①甲的注释。②乙的注释。\n正文第一章 白纸人\n10.1 概述\n10.1.1 100 Continue\n10.1.2 101 Switching\n"
        ),
        rows(&[
            (1, "正文第一章 白纸人"),
            (2, "10.1 概述"),
            (3, "10.1.1 100 Continue"),
            (3, "10.1.2 101 Switching"),
        ])
    );
}
