//! Studying without a terminal: the selection and its motions, copying (the exact OSC 52
//! bytes, no document control character in them), highlights drawn with a background, notes
//! typed in Chinese over several lines, the notes list with delete and undo, and notes found
//! again after a reload of a changed text. Through the real keymap and key events, drawn into
//! a `TestBackend`.

#![allow(clippy::unwrap_used, clippy::string_slice)]

mod support;

use gangmu::app::{App, Effect, Message, Mode, Overlay};
use gangmu::document::{Document, Format};
use gangmu::load::{LoadEvent, Progress};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use support::screen::{press, press_for_effects, reader, render, screen};

const W: u16 = 100;
const H: u16 = 30;

/// A speech with a control sequence and a BEL hidden in its third sentence.
const SPEECH: &str = concat!(
    "在学习会上的讲话\n\n一、总体要求\n\n　　要学深悟透。要知行合一。\n\n",
    "二、主要任务\n\n（一）抓学习\n\n",
    "　　学习是前提。坚持不懈是关键！这是\u{1b}[31m第三\u{7}句。\n\n",
    "　　第二段的第一句。第二段的第二句。\n",
);

/// The selected text, or a panic when nothing is selected.
fn selected(app: &App) -> &str {
    let s = app.mode().selection().expect("a selection");
    &app.doc().text[s.range()]
}

/// A reader with `学习是前提。` on its top line (found with `/`).
fn at_the_sentence() -> App {
    let mut app = reader(SPEECH, W, H);
    press(&mut app, "/学习是前提<Enter><Esc>", W, H);
    app
}

#[test]
fn v_selects_the_top_lines_first_sentence_and_motions_extend_it() {
    let mut app = at_the_sentence();
    press(&mut app, "v", W, H);
    assert_eq!(selected(&app), "学习是前提。");
    press(&mut app, ")", W, H);
    assert_eq!(selected(&app), "学习是前提。坚持不懈是关键！");
    press(&mut app, "(", W, H);
    assert_eq!(selected(&app), "学习是前提。");
    // the paragraph's end, then the next paragraph's; and back
    press(&mut app, "}", W, H);
    assert!(selected(&app).ends_with("句。"), "{}", selected(&app));
    assert!(!selected(&app).contains('\n'));
    press(&mut app, "}", W, H);
    assert!(selected(&app).ends_with("第二段的第二句。"));
    press(&mut app, "{", W, H);
    assert!(!selected(&app).contains("第二段"));
    // a sentence across the paragraph's end
    press(&mut app, ")", W, H);
    assert!(
        selected(&app).ends_with("第二段的第一句。"),
        "{}",
        selected(&app)
    );
    // V: whole paragraphs; Esc leaves the selection
    press(&mut app, "V", W, H);
    assert!(selected(&app).starts_with("学习是前提。"));
    assert!(selected(&app).ends_with("第二段的第二句。"));
    press(&mut app, "<Esc>", W, H);
    assert_eq!(app.mode(), &Mode::Text);
}

#[test]
fn j_and_k_extend_by_display_line() {
    // at 30 columns the paragraph wraps: j reaches the end of the next line
    let (w, h) = (30, 20);
    let mut app = reader(SPEECH, w, h);
    press(&mut app, "o/学习是前提<Enter><Esc>v", w, h);
    assert_eq!(selected(&app), "学习是前提。");
    press(&mut app, "j", w, h);
    let one = selected(&app).to_owned();
    assert!(one.len() > "学习是前提。".len(), "{one}");
    press(&mut app, "j", w, h);
    assert!(selected(&app).len() > one.len());
    press(&mut app, "k", w, h);
    assert_eq!(selected(&app), one);
}

#[test]
fn y_copies_the_selection_as_the_exact_osc52_sequence_without_control_characters() {
    let mut app = at_the_sentence();
    press(&mut app, "v))", W, H);
    let effects = press_for_effects(&mut app, "y", W, H);
    assert!(effects.contains(Effect::Copy));
    assert_eq!(app.mode(), &Mode::Text);
    // the ESC and BEL of the document are not copied
    assert_eq!(
        app.clipboard(),
        "学习是前提。坚持不懈是关键！这是[31m第三句。"
    );
    let mut out = Vec::new();
    gangmu::tui::write_clipboard(&mut out, app.clipboard()).unwrap();
    let b64 =
        "5a2m5Lmg5piv5YmN5o+Q44CC5Z2a5oyB5LiN5oeI5piv5YWz6ZSu77yB6L+Z5pivWzMxbeesrOS4ieWPpeOAgg==";
    assert_eq!(out, format!("\u{1b}]52;c;{b64}\u{7}").into_bytes());
    // our ESC at the start and BEL at the end are the only control bytes sent
    let controls: Vec<u8> = out.iter().copied().filter(u8::is_ascii_control).collect();
    assert_eq!(controls, [0x1b, 0x07]);
}

#[test]
fn c_adds_the_citation_and_capital_y_copies_the_section() {
    let mut app = at_the_sentence();
    press(&mut app, "vc", W, H);
    assert_eq!(
        app.clipboard(),
        "学习是前提。\n——《在学习会上的讲话》 二、主要任务 › （一）抓学习"
    );
    let effects = press_for_effects(&mut app, "Y", W, H);
    assert!(effects.contains(Effect::Copy));
    assert_eq!(
        app.clipboard(),
        "（一）抓学习\n学习是前提。坚持不懈是关键！这是[31m第三句。\n第二段的第一句。第二段的第二句。"
    );
}

/// The background of the cell showing the first character of `needle` on screen (cells
/// covered by a wide character are skipped, as the terminal shows them).
fn background_of(buf: &Buffer, needle: &str) -> Option<Color> {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut cells = Vec::new();
        let mut x = area.left();
        while x < area.right() {
            let sym = buf[(x, y)].symbol();
            cells.push((x, sym));
            x += u16::try_from(unicode_width::UnicodeWidthStr::width(sym).max(1)).unwrap();
        }
        for i in 0..cells.len() {
            let rest: String = cells[i..].iter().map(|c| c.1).collect();
            if rest.starts_with(needle) {
                return Some(buf[(cells[i].0, y)].bg);
            }
        }
    }
    None
}

fn buffer(app: &mut App) -> Buffer {
    render(app, W, H);
    let mut terminal = Terminal::new(TestBackend::new(W, H)).unwrap();
    terminal
        .draw(|f| {
            let area = f.area();
            gangmu::ui::draw(app, area, f.buffer_mut());
        })
        .unwrap();
    terminal.backend().buffer().clone()
}

#[test]
fn a_highlight_has_a_background_and_a_note_its_mark_and_count() {
    let mut app = at_the_sentence();
    let effects = press_for_effects(&mut app, "vh", W, H);
    assert!(effects.contains(Effect::NotesChanged));
    assert_eq!(app.notes().len(), 1);
    let buf = buffer(&mut app);
    let hl = app.palette().study_highlight.bg;
    assert!(hl.is_some());
    assert_eq!(background_of(&buf, "学习是前提"), hl);
    assert_ne!(background_of(&buf, "坚持不懈"), hl);
    // a note on the same sentence: typed in Chinese, over two lines (Ctrl-j)
    press(&mut app, "vn学习<C-j>要坚持。<Enter>", W, H);
    assert_eq!(
        app.notes().len(),
        1,
        "the same highlight, now with its note"
    );
    assert_eq!(app.notes()[0].note, "学习\n要坚持。");
    let text = screen(&app, W, H);
    assert!(text.contains("（一）抓学习 ※1"), "{text}");
    let row = text.lines().find(|l| l.contains("第三")).unwrap();
    assert!(row.trim_end().ends_with('※'), "{row}");
}

#[test]
fn the_note_prompt_shows_line_breaks_and_esc_writes_nothing() {
    let mut app = at_the_sentence();
    press(&mut app, "vn第一行<C-j>第二行", W, H);
    let text = screen(&app, W, H);
    assert!(text.contains("第一行 ⏎ 第二行"), "{text}");
    press(&mut app, "<Esc>", W, H);
    assert!(app.notes().is_empty());
    assert_eq!(app.mode(), &Mode::Text);
}

#[test]
fn the_notes_list_jumps_deletes_and_undoes() {
    let mut app = reader(SPEECH, W, H);
    press(&mut app, "/要学深<Enter><Esc>vh", W, H);
    press(&mut app, "/第二段的第一<Enter><Esc>vn乙<Enter>", W, H);
    press(&mut app, "g", W, H);
    press(&mut app, "A", W, H);
    assert_eq!(app.mode().overlay(), Some(Overlay::Notes(0)));
    let text = screen(&app, W, H);
    assert!(text.contains("一、总体要求  「要学深悟透。」"), "{text}");
    assert!(text.contains("「第二段的第一句。」  乙"), "{text}");
    // d deletes the selected one, u brings it back
    let effects = press_for_effects(&mut app, "jd", W, H);
    assert!(effects.contains(Effect::NotesChanged));
    assert_eq!(app.notes().len(), 1);
    let effects = press_for_effects(&mut app, "u", W, H);
    assert!(effects.contains(Effect::NotesChanged));
    assert_eq!(app.notes().len(), 2);
    assert_eq!(app.notes()[1].note, "乙");
    // Enter goes to it
    press(&mut app, "<Enter>", W, H);
    assert_eq!(app.mode(), &Mode::Text);
    assert!(support::screen::top_line(&app).contains("第二段的第一句"));
    // the list opens at the first note from the top line on; e edits its note
    press(&mut app, "A", W, H);
    assert_eq!(app.mode().overlay(), Some(Overlay::Notes(1)));
    let effects = press_for_effects(&mut app, "e<BS>丙丁<Enter>", W, H);
    assert!(effects.contains(Effect::NotesChanged));
    assert_eq!(app.notes()[1].note, "丙丁");
    assert_eq!(app.notes()[0].note, "");
}

#[test]
fn a_reload_of_a_changed_text_finds_notes_again_or_keeps_them_as_orphans() {
    let mut app = reader(SPEECH, W, H);
    press(
        &mut app,
        "/要学深<Enter><Esc>v)h/学习是前提<Enter><Esc>vn笔记<Enter>",
        W,
        H,
    );
    assert_eq!(app.notes().len(), 2);
    // the file now has a paragraph before them, and one of the sentences is gone
    let changed = SPEECH
        .replace("一、总体要求\n", "一、总体要求\n\n　　新加的一段。\n")
        .replace("学习是前提。", "");
    // a selection under way belongs to the old text: the reload ends it
    press(&mut app, "v", W, H);
    let effects = reload(&mut app, &changed);
    assert_eq!(app.mode(), &Mode::Text);
    assert!(effects.contains(Effect::NotesChanged));
    let notes = app.notes();
    let placed = notes[0].range.clone().unwrap();
    assert_eq!(&app.doc().text[placed], "要学深悟透。要知行合一。");
    assert!(notes[1].is_orphan());
    assert_eq!(notes[1].note, "笔记");
}

/// Reloads `app` with `text` as the shell does after `R`; returns the effects.
fn reload(app: &mut App, text: &str) -> gangmu::app::Effects {
    let doc = Document::new(Format::Plain);
    let mut effects = app.update(Message::Reload {
        doc: Box::new(doc),
        total: None,
    });
    let chunk = gangmu::document::plain::PlainParser::new().feed(text.to_owned(), true);
    let progress = Progress {
        read: text.len() as u64,
        total: None,
    };
    effects.extend(app.update(Message::Load(LoadEvent::Chunk(Box::new(chunk), progress))));
    effects.extend(app.update(Message::Load(LoadEvent::Done { lossy: false })));
    render(app, W, H);
    effects
}

#[test]
fn the_status_line_names_the_selections_keys_as_bound() {
    let mut app = at_the_sentence();
    press(&mut app, "v", W, H);
    let text = screen(&app, W, H);
    let status = text.lines().rev().find(|l| !l.trim().is_empty()).unwrap();
    assert!(
        status.starts_with(")/( sentence  }/{ paragraph  y copy  c cite  h highlight  n note"),
        "{status}"
    );
}

#[test]
fn with_the_cite_setting_y_and_capital_y_add_the_citation() {
    let opts = gangmu::app::AppOptions {
        cite: true,
        ..gangmu::app::AppOptions::default()
    };
    let doc = Document::parse(SPEECH, Format::Plain);
    let keymap = gangmu::keymap::Keymap::default_keys();
    let mut app = App::new(doc, "talk.txt".to_owned(), keymap, &opts);
    render(&mut app, W, H);
    press(&mut app, "/学习是前提<Enter><Esc>vy", W, H);
    assert_eq!(
        app.clipboard(),
        "学习是前提。\n——《在学习会上的讲话》 二、主要任务 › （一）抓学习"
    );
    press(&mut app, "Y", W, H);
    assert!(
        app.clipboard()
            .ends_with("第二段的第二句。\n——《在学习会上的讲话》 二、主要任务 › （一）抓学习"),
        "{}",
        app.clipboard()
    );
}

#[test]
fn the_selection_is_drawn_reversed_with_its_last_character_as_the_cursor() {
    let mut app = at_the_sentence();
    press(&mut app, "v", W, H);
    let buf = buffer(&mut app);
    let pal = *app.palette();
    let cell = |needle: &str| {
        let area = buf.area;
        (area.top()..area.bottom())
            .flat_map(|y| (area.left()..area.right()).map(move |x| (x, y)))
            .find(|&(x, y)| buf[(x, y)].symbol() == needle)
            .map(|(x, y)| buf[(x, y)].modifier)
            .unwrap()
    };
    assert_eq!(cell("前"), pal.selection.add_modifier);
    assert_eq!(cell("。"), pal.selection_cursor.add_modifier);
    assert_ne!(
        pal.selection.add_modifier,
        pal.selection_cursor.add_modifier
    );
    assert!(cell("坚").is_empty(), "after the selection");
}

#[test]
fn saved_notes_arriving_after_the_load_join_those_made_meanwhile() {
    let mut app = at_the_sentence();
    press(&mut app, "vh", W, H);
    let text = app.doc().text.clone();
    let at = text.find("第二段的第一句").unwrap();
    let saved = vec![
        // the same highlight, saved before: not doubled
        app.notes()[0].clone(),
        gangmu::study::Note::new(&text, at..at + "第二段的第一句。".len(), "旧".into()),
    ];
    let unplaced: Vec<_> = saved
        .into_iter()
        .map(|mut n| {
            n.range = None;
            n
        })
        .collect();
    let effects = app.update(Message::Notes(unplaced));
    assert!(
        effects.is_empty(),
        "the shell saves them itself: {effects:?}"
    );
    assert_eq!(app.notes().len(), 2);
    assert!(app.notes().iter().all(|n| !n.is_orphan()));
    assert_eq!(app.notes()[1].note, "旧");
}

#[test]
fn the_chinese_ui_names_the_selection_keys_and_the_notes_in_chinese() {
    let opts = gangmu::app::AppOptions {
        lang: gangmu::i18n::Lang::Zh,
        ..gangmu::app::AppOptions::default()
    };
    let doc = Document::parse(SPEECH, Format::Plain);
    let keymap = gangmu::keymap::Keymap::default_keys();
    let mut app = App::new(doc, "talk.txt".to_owned(), keymap, &opts);
    render(&mut app, W, H);
    press(&mut app, "A", W, H);
    assert!(screen(&app, W, H).contains("还没有笔记（v 选择，然后 h 或 n）"));
    press(&mut app, "<Esc>/学习是前提<Enter><Esc>v", W, H);
    let text = screen(&app, W, H);
    assert!(
        text.contains(")/( 句  }/{ 段  y 复制  c 附出处  h 划线  n 笔记  Esc 取消"),
        "{text}"
    );
    press(&mut app, "n", W, H);
    assert!(screen(&app, W, H).contains("笔记（回车保存，Ctrl-j 换行）："));
    press(&mut app, "重点<Enter>", W, H);
    assert_eq!(app.notice().map(|n| n.text.as_str()), Some("笔记已保存"));
}
