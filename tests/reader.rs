//! The interactive reader without a terminal: state after key sequences (through the real
//! keymap and crossterm key events), and whole screens drawn into a `TestBackend` as insta
//! snapshots at 120×40, 80×24 and 40×12, on our own fixture and on the corpus speech.

#![allow(clippy::unwrap_used, clippy::string_slice)]

mod support;

use gangmu::app::{Effect, Focus, Message, Mode, Overlay};
use gangmu::document::{Document, Format};
use gangmu::load::LoadEvent;
use gangmu::pos::TextPos;
use support::screen::{
    press, press_for_effects, reader, reader_with, render, resize, send, top_line,
};

const PLAN: &str = include_str!("fixtures/work-plan.txt");

fn speech() -> Option<Document> {
    let path = support::shared_dir()?.join("corpus/speech-discipline-2020.txt");
    let text = std::fs::read_to_string(path).ok()?;
    Some(Document::parse(&text, Format::Plain))
}

#[test]
fn digit_jumps_to_a_top_level_section() {
    let mut app = reader(PLAN, 100, 30);
    press(&mut app, "2", 100, 30);
    assert_eq!(top_line(&app), "二、主要活动");
    press(&mut app, "3", 100, 30);
    assert_eq!(top_line(&app), "三、工作要求");
    press(&mut app, "1", 100, 30);
    assert_eq!(top_line(&app), "一、总体要求");
}

#[test]
fn headings_and_siblings() {
    let mut app = reader(PLAN, 100, 30);
    press(&mut app, "]", 100, 30);
    assert_eq!(top_line(&app), "一、总体要求");
    press(&mut app, "]", 100, 30);
    assert!(
        top_line(&app).starts_with("（一）指导思想。"),
        "{}",
        top_line(&app)
    );
    press(&mut app, "J", 100, 30);
    assert!(top_line(&app).starts_with("（二）基本原则。"));
    press(&mut app, "K", 100, 30);
    assert!(top_line(&app).starts_with("（一）指导思想。"));
    press(&mut app, "p", 100, 30);
    assert_eq!(top_line(&app), "一、总体要求");
    press(&mut app, "J", 100, 30);
    assert_eq!(top_line(&app), "二、主要活动");
    press(&mut app, "[", 100, 30);
    assert!(top_line(&app).starts_with("（三）目标任务。"));
}

#[test]
fn jump_back_and_forward() {
    let mut app = reader(PLAN, 100, 30);
    press(&mut app, "3", 100, 30);
    assert_eq!(top_line(&app), "三、工作要求");
    press(&mut app, "''", 100, 30);
    assert_ne!(top_line(&app), "三、工作要求");
    assert_eq!(app.anchor(), TextPos::START);
    press(&mut app, "<C-i>", 100, 30);
    assert_eq!(top_line(&app), "三、工作要求");
    press(&mut app, "<C-o>", 100, 30);
    assert_eq!(app.anchor(), TextPos::START);
}

#[test]
fn outline_selection_moves_the_text_and_enter_returns() {
    let mut app = reader(PLAN, 100, 12);
    press(&mut app, "2<Tab>", 100, 12);
    assert_eq!(app.focus(), Focus::Outline);
    press(&mut app, "j", 100, 12);
    assert!(
        top_line(&app).starts_with("（一）经典诵读。"),
        "{}",
        top_line(&app)
    );
    press(&mut app, "<Enter>", 100, 12);
    assert_eq!(app.focus(), Focus::Text);
    press(&mut app, "j", 100, 12);
    assert!(
        !top_line(&app).starts_with("（一）经典诵读。"),
        "j scrolls the text again"
    );
}

#[test]
fn outline_folding() {
    let mut app = reader(PLAN, 100, 30);
    let rows = app.outline().row_count();
    // levels 1 and 2 open, deeper folded: 二、's （一） hides its 1. and 2.
    assert!(!app.outline().is_folded(0));
    press(&mut app, "<Tab>-", 100, 30);
    assert_eq!(
        app.outline().row_count(),
        3,
        "fold all leaves the three top-level sections"
    );
    press(&mut app, "+", 100, 30);
    assert_eq!(app.outline().row_count(), app.doc().sections.len());
    assert_eq!(
        rows,
        app.doc().sections.len(),
        "levels 1–2 open by default shows all here"
    );
    press(&mut app, "h", 100, 30);
    let selected = app.outline().selected().unwrap();
    assert!(app.outline().is_folded(selected));
    press(&mut app, "l", 100, 30);
    assert!(!app.outline().is_folded(selected));
}

#[test]
fn goto_prompt_paths_percent_and_titles() {
    let mut app = reader(PLAN, 100, 30);
    press(&mut app, ":2.3<Enter>", 100, 30);
    assert!(
        top_line(&app).starts_with("（三）“书香之星”评选。"),
        "{}",
        top_line(&app)
    );
    press(&mut app, ":宣传<Enter>", 100, 30);
    assert!(top_line(&app).starts_with("（二）注重宣传引导。"));
    press(&mut app, ":0%<Enter>", 100, 30);
    assert_eq!(app.anchor(), TextPos::START);
    press(&mut app, ":不存在的标题<Enter>", 100, 30);
    assert!(
        app.notice()
            .is_some_and(|n| n.error && n.text.contains("不存在的标题"))
    );
}

#[test]
fn search_counts_highlights_and_wraps() {
    let mut app = reader(PLAN, 100, 30);
    press(&mut app, "/读书<Enter>", 100, 30);
    let search = app.search().unwrap();
    let (current, total, done) = search.status(&app.doc().text);
    assert!(done);
    assert_eq!(total, PLAN.matches("读书").count());
    assert_eq!(current, Some(1));
    assert!(
        !app.frame().matches.is_empty(),
        "matches on screen are highlighted"
    );
    for _ in 0..total {
        press(&mut app, "n", 100, 30);
    }
    assert_eq!(app.search().unwrap().status(&app.doc().text).0, Some(1));
    assert!(app.notice().is_some_and(|n| n.text.contains("wrapped")));
    press(&mut app, "N", 100, 30);
    assert_eq!(app.search().unwrap().status(&app.doc().text).0, Some(total));
    press(&mut app, "<Esc>", 100, 30);
    assert!(!app.highlight() && app.frame().matches.is_empty());
}

#[test]
fn marks_set_and_jump() {
    let mut app = reader(PLAN, 100, 30);
    press(&mut app, "3ma1", 100, 30);
    assert_eq!(top_line(&app), "一、总体要求");
    press(&mut app, "'a", 100, 30);
    assert_eq!(top_line(&app), "三、工作要求");
    press(&mut app, "'z", 100, 30);
    assert!(app.notice().is_some_and(|n| n.error));
}

#[test]
fn resize_keeps_the_same_text_at_the_top() {
    let mut app = reader(PLAN, 100, 30);
    press(&mut app, "2jjj", 100, 30);
    let before = app.anchor();
    render(&mut app, 50, 20);
    let after = app.anchor();
    let para = app.doc().paragraph_at(before.byte());
    assert_eq!(app.doc().paragraph_at(after.byte()), para);
    assert!(
        after <= before,
        "the line holding the old top now starts the screen"
    );
    render(&mut app, 100, 30);
    let again = app.anchor();
    assert_eq!(app.doc().paragraph_at(again.byte()), para);
}

#[test]
fn paging_and_ends() {
    let mut app = reader(PLAN, 60, 12);
    press(&mut app, "G", 60, 12);
    assert!(app.at_end());
    assert_eq!(app.frame().percent, 100);
    press(&mut app, "g", 60, 12);
    assert_eq!(app.anchor(), TextPos::START);
    press(&mut app, " ", 60, 12);
    let one_page = app.anchor();
    assert!(one_page > TextPos::START);
    press(&mut app, "b", 60, 12);
    assert_eq!(app.anchor(), TextPos::START);
    press(&mut app, "<C-d>", 60, 12);
    assert!(app.anchor() > TextPos::START && app.anchor() < one_page);
}

#[test]
fn quit_keys() {
    let mut app = reader(PLAN, 60, 12);
    assert!(press_for_effects(&mut app, "q", 60, 12).contains(Effect::Quit));
    let mut app = reader(PLAN, 60, 12);
    assert!(press_for_effects(&mut app, "<C-c>", 60, 12).contains(Effect::Quit));
    let mut app = reader(PLAN, 60, 12);
    assert!(
        press_for_effects(&mut app, "jG?<Esc>", 60, 12).is_empty(),
        "other keys ask nothing of the shell"
    );
}

#[test]
fn tiny_terminals_never_panic() {
    for (w, h) in [(10, 3), (1, 1), (0, 0), (3, 1), (39, 5), (40, 2)] {
        let mut app = reader(PLAN, w, h);
        for keys in [
            "jjj",
            "G",
            "]]",
            "<Tab>jj<Enter>",
            "/书<Enter>n",
            "?",
            "<Esc>",
            "M",
            "<Esc>",
            "2",
        ] {
            press(&mut app, keys, w, h);
            let _ = render(&mut app, w, h);
        }
    }
}

#[test]
fn the_outline_hides_below_forty_columns() {
    let mut app = reader(PLAN, 39, 12);
    assert!(app.panes().outline.is_none());
    render(&mut app, 40, 12);
    assert!(app.panes().outline.is_some());
}

#[test]
fn snapshots_of_our_fixture() {
    for (w, h) in [(120, 40), (80, 24), (40, 12)] {
        let mut app = reader(PLAN, w, h);
        insta::assert_snapshot!(format!("plan_{w}x{h}_open"), render(&mut app, w, h));
        press(&mut app, "2j", w, h);
        insta::assert_snapshot!(format!("plan_{w}x{h}_section2"), render(&mut app, w, h));
    }
    let mut app = reader(PLAN, 80, 24);
    press(&mut app, "<Tab>j/读书<Enter>", 80, 24);
    // `/` in the outline filters it (issue 16): the matching rows and their ancestors
    insta::assert_snapshot!("plan_80x24_outline_filter", render(&mut app, 80, 24));
    press(&mut app, "?", 80, 24);
    insta::assert_snapshot!("plan_80x24_help", render(&mut app, 80, 24));
}

#[test]
fn snapshots_of_the_corpus_speech() {
    let Some(doc) = speech() else {
        support::skip("speech snapshots");
        return;
    };
    for (w, h) in [(120, 40), (80, 24), (40, 12)] {
        let mut app = reader_with(doc.clone(), w, h);
        insta::assert_snapshot!(format!("speech_{w}x{h}_open"), render(&mut app, w, h));
        press(&mut app, "2]", w, h);
        insta::assert_snapshot!(
            format!("speech_{w}x{h}_section2_first_point"),
            render(&mut app, w, h)
        );
    }
}

#[test]
fn a_rebound_key_works_in_the_reader() {
    let config_text = "[keys.text]\n\"x\" = \"next_heading\"\n";
    let (config, warnings) =
        gangmu::config::Config::parse(config_text, std::path::Path::new("config.toml"));
    assert!(warnings.is_empty(), "{warnings:?}");
    let doc = Document::parse(PLAN, Format::Plain);
    let opts = gangmu::app::AppOptions::default();
    let mut app = gangmu::app::App::new(doc, "t".into(), config.keymap(), &opts);
    resize(&mut app, 100, 30);
    press(&mut app, "x", 100, 30);
    assert_eq!(top_line(&app), "一、总体要求");
}

/// The status line (the last row) of a reader drawn at `width`×30.
fn status_row(app: &mut gangmu::app::App, width: u16) -> String {
    let screen = render(app, width, 30);
    screen.lines().last().unwrap_or("").trim_end().to_owned()
}

#[test]
fn the_key_hint_follows_the_config_rebinding() {
    // q no longer quits from the text (a text key shadows the global one), Ctrl-c still does;
    // Tab is removed and O focuses the outline; ? and F1 are removed and h helps, except in the
    // outline, where its own h folds: there no key helps, and the hint says nothing of help
    let config_text = "[keys.global]\n\"?\" = \"none\"\n\"f1\" = \"none\"\n\"h\" = \"help\"\n\
                       [keys.text]\n\"q\" = \"next_heading\"\n\"tab\" = \"none\"\n\
                       \"O\" = \"focus_outline\"\n";
    let (config, warnings) =
        gangmu::config::Config::parse(config_text, std::path::Path::new("config.toml"));
    assert!(warnings.is_empty(), "{warnings:?}");
    let doc = Document::parse(PLAN, Format::Plain);
    let opts = gangmu::app::AppOptions::default();
    let mut app = gangmu::app::App::new(doc, "t".into(), config.keymap(), &opts);
    resize(&mut app, 120, 30);
    let status = status_row(&mut app, 120);
    assert!(
        status.ends_with("%  h help  O outline  / search  : go to  Ctrl-c quit"),
        "{status}"
    );
    let short = status_row(&mut app, 80);
    assert!(short.ends_with("%  h help  Ctrl-c quit"), "{short}");
    press(&mut app, "O", 120, 30);
    let outline = status_row(&mut app, 120);
    assert!(
        outline.ends_with("%  Enter read  h/l fold/unfold  / filter  Tab text"),
        "{outline}"
    );
    press(&mut app, "<Tab>g", 120, 30);
    // too narrow for the short hint beside the name: only the help key stays
    let narrow = status_row(&mut app, 25);
    assert!(narrow.ends_with("%  h"), "{narrow}");
}

#[test]
fn the_default_key_hint_names_the_default_keys() {
    let mut app = reader(PLAN, 120, 30);
    let status = status_row(&mut app, 120);
    assert!(
        status.ends_with("? help  Tab outline  / search  : go to  q quit"),
        "{status}"
    );
}

#[test]
fn the_outline_hint_names_its_filter_in_both_languages() {
    let mut app = reader(PLAN, 140, 30);
    press(&mut app, "<Tab>", 140, 30);
    let outline = status_row(&mut app, 140);
    assert!(outline.contains("  / filter  "), "{outline}");
    let doc = Document::parse(PLAN, Format::Plain);
    let opts = gangmu::app::AppOptions {
        lang: gangmu::i18n::Lang::Zh,
        ..Default::default()
    };
    let keys = gangmu::keymap::Keymap::default_keys();
    let mut app = gangmu::app::App::new(doc, "t".into(), keys, &opts);
    resize(&mut app, 140, 30);
    press(&mut app, "<Tab>", 140, 30);
    let outline = status_row(&mut app, 140);
    assert!(outline.contains("  / 筛选  "), "{outline}");
}

#[test]
fn chinese_ui_words_when_asked() {
    let doc = Document::parse(PLAN, Format::Plain);
    let opts = gangmu::app::AppOptions {
        lang: gangmu::i18n::Lang::Zh,
        ..Default::default()
    };
    let mut app = gangmu::app::App::new(
        doc,
        "t".into(),
        gangmu::keymap::Keymap::default_keys(),
        &opts,
    );
    resize(&mut app, 120, 30);
    press(&mut app, "/不存在<Enter>", 120, 30);
    assert_eq!(
        app.notice().map(|n| n.text.as_str()),
        Some("未找到“不存在”")
    );
    press(&mut app, "?", 120, 30);
    let screen = render(&mut app, 120, 30);
    assert!(
        screen.contains("帮助") && screen.contains("正文"),
        "{screen}"
    );
}

#[test]
fn reload_keeps_the_place_by_section_title_when_the_text_moved() {
    let mut app = reader(PLAN, 100, 12);
    press(&mut app, "3j", 100, 12);
    let before = top_line(&app);
    // the file gained a paragraph near the top: offsets move, titles do not
    let edited = PLAN.replacen(
        "各部门：",
        "各部门：\n\n新增的一段话，让后面的文字整体后移了若干字节。",
        1,
    );
    let size = edited.len() as u64;
    let total = Some(size);
    let reload = Message::Reload {
        doc: Box::new(Document::new(Format::Plain)),
        total,
    };
    assert!(send(&mut app, reload).is_empty());
    let chunk = gangmu::document::plain::PlainParser::new().feed(edited, true);
    let progress = gangmu::load::Progress { read: size, total };
    let effects = send(
        &mut app,
        Message::Load(LoadEvent::Chunk(Box::new(chunk), progress)),
    );
    assert!(effects.is_empty(), "{effects:?}");
    assert!(
        app.loading().is_some(),
        "still loading until the loader says done"
    );
    let effects = send(&mut app, Message::Load(LoadEvent::Done { lossy: false }));
    assert!(effects.contains(Effect::Loaded));
    assert!(app.loading().is_none());
    resize(&mut app, 100, 12);
    assert_eq!(top_line(&app), before);
    assert!(app.notice().is_some_and(|n| !n.error));
}

#[test]
fn reloading_a_deleted_file_keeps_the_loaded_copy() {
    use gangmu::session::Hooks;
    let dir = support::temp_dir("deleted");
    let path = dir.join("gone.txt");
    std::fs::write(&path, PLAN).unwrap();
    let source = gangmu::load::Source::Path(path.clone());
    let mut session =
        gangmu::session::Session::new(None, &source, gangmu::load::LoadOptions::default(), false);
    let mut app = reader(PLAN, 100, 12);
    press(&mut app, "2", 100, 12);
    std::fs::remove_file(&path).unwrap();
    assert!(session.reload(&mut app).is_none());
    assert!(
        app.notice()
            .is_some_and(|n| n.error && n.text.contains("deleted"))
    );
    assert_eq!(
        top_line(&app),
        "二、主要活动",
        "still showing the loaded copy"
    );
}

#[test]
fn the_prompt_edits_with_its_own_keys_and_types_the_rest() {
    let mut app = reader(PLAN, 100, 30);
    let input = |app: &gangmu::app::App| app.mode().prompt().map(|p| p.input.clone());
    press(&mut app, "/读书 abc", 100, 30);
    assert_eq!(input(&app).as_deref(), Some("读书 abc"));
    press(&mut app, "<C-w>", 100, 30);
    assert_eq!(input(&app).as_deref(), Some("读书 "));
    press(&mut app, "q", 100, 30);
    assert_eq!(
        input(&app).as_deref(),
        Some("读书 q"),
        "q is typed, not quit"
    );
    press(&mut app, "<C-u>", 100, 30);
    assert_eq!(input(&app).as_deref(), Some(""));
    press(&mut app, "x<BS>", 100, 30);
    assert_eq!(input(&app).as_deref(), Some(""));
    press(&mut app, "<BS>", 100, 30);
    assert_eq!(
        *app.mode(),
        Mode::Text,
        "backspace on an empty prompt closes it"
    );
    // the prompt returns to the pane it was opened from
    press(&mut app, "<Tab>:", 100, 30);
    assert!(app.mode().prompt().is_some());
    assert_eq!(app.focus(), Focus::Outline);
    press(&mut app, "<C-g>", 100, 30);
    assert_eq!(*app.mode(), Mode::Outline);
}

#[test]
fn overlays_take_their_keys_from_the_keymap_and_swallow_the_rest() {
    let mut app = reader(PLAN, 100, 30);
    let help = |app: &gangmu::app::App| app.mode().overlay();
    press(&mut app, "?jj", 100, 30);
    assert_eq!(help(&app), Some(Overlay::Help(2)));
    press(&mut app, "k2", 100, 30);
    assert_eq!(help(&app), Some(Overlay::Help(1)), "2 is swallowed");
    assert_eq!(app.anchor(), TextPos::START);
    assert!(
        press_for_effects(&mut app, "q", 100, 30).is_empty(),
        "q closes, not quits"
    );
    assert_eq!(help(&app), None);
    // a mark's letter wins over the list's own keys
    press(&mut app, "3mq1", 100, 30);
    assert_eq!(top_line(&app), "一、总体要求");
    press(&mut app, "M", 100, 30);
    assert_eq!(help(&app), Some(Overlay::Marks(0)));
    press(&mut app, "q", 100, 30);
    assert_eq!(help(&app), None);
    assert_eq!(top_line(&app), "三、工作要求");
    press(&mut app, "Mz", 100, 30);
    assert_eq!(help(&app), Some(Overlay::Marks(0)), "no mark z: swallowed");
    press(&mut app, "M", 100, 30);
    assert_eq!(*app.mode(), Mode::Text);
}

fn empty_reader() -> gangmu::app::App {
    gangmu::app::App::new(
        Document::new(Format::Plain),
        "t".into(),
        gangmu::keymap::Keymap::default_keys(),
        &gangmu::app::AppOptions::default(),
    )
}

#[test]
fn loader_events_finish_loading_and_say_what_went_wrong() {
    let chunk = || gangmu::document::plain::PlainParser::new().feed(PLAN.to_owned(), false);
    let progress = gangmu::load::Progress {
        read: 10,
        total: Some(PLAN.len() as u64),
    };
    let mut app = empty_reader();
    assert!(
        send(
            &mut app,
            Message::Loading {
                total: progress.total
            }
        )
        .is_empty()
    );
    assert!(
        send(
            &mut app,
            Message::Load(LoadEvent::Chunk(Box::new(chunk()), progress))
        )
        .is_empty()
    );
    assert_eq!(app.loading(), Some(progress));
    let failed = Message::Load(LoadEvent::Failed("plan.txt: \u{1b}[2Jboom".to_owned()));
    assert!(send(&mut app, failed).contains(Effect::Loaded));
    assert_eq!(app.loading(), None);
    let notice = app.notice().expect("a notice");
    assert!(notice.error && notice.text.contains("boom"), "{notice:?}");
    assert!(
        !notice.text.contains('\u{1b}'),
        "made visible, not sent to the terminal"
    );

    let mut app = empty_reader();
    let _ = send(
        &mut app,
        Message::Load(LoadEvent::Chunk(Box::new(chunk()), progress)),
    );
    let done = Message::Load(LoadEvent::Done { lossy: true });
    assert!(send(&mut app, done).contains(Effect::Loaded));
    assert!(
        app.notice().is_some_and(|n| n.error),
        "replaced bytes are reported"
    );
}

#[test]
fn a_resume_brings_marks_back_but_moves_only_an_untouched_reader() {
    use gangmu::app::{Resume, ResumedAt};
    let third = TextPos::new(PLAN.find("三、工作要求").unwrap());
    let resume = || Resume {
        marks: vec![('a', third)],
        position: Some(ResumedAt {
            offset: third,
            folds: None,
            section_title: None,
        }),
    };
    let mut app = reader(PLAN, 100, 30);
    assert!(app.is_untouched());
    assert!(send(&mut app, Message::Resume(resume())).is_empty());
    resize(&mut app, 100, 30);
    assert_eq!(top_line(&app), "三、工作要求");
    assert_eq!(app.marks().get(&'a'), Some(&third));
    assert!(app.notice().is_some_and(|n| !n.error));

    let mut app = reader(PLAN, 100, 30);
    press(&mut app, "2", 100, 30);
    let _ = send(&mut app, Message::Resume(resume()));
    resize(&mut app, 100, 30);
    assert_eq!(
        top_line(&app),
        "二、主要活动",
        "the reader had moved: it stays"
    );
    assert_eq!(
        app.marks().get(&'a'),
        Some(&third),
        "marks come back anyway"
    );
}

#[test]
fn ctrl_z_asks_the_shell_to_suspend() {
    let mut app = reader(PLAN, 100, 30);
    let effects = press_for_effects(&mut app, "<C-z>", 100, 30);
    assert!(effects.contains(Effect::Suspend), "{effects:?}");
    // SIGTSTP reaches the app as the same action, whatever the mode
    press(&mut app, "/总体", 100, 30);
    let effects = send(&mut app, gangmu::keymap::Action::Suspend);
    assert!(effects.contains(Effect::Suspend), "{effects:?}");
}

#[test]
fn setting_a_mark_asks_the_shell_to_save_it() {
    let mut app = reader(PLAN, 100, 30);
    let effects = press_for_effects(&mut app, "]mz", 100, 30);
    assert!(effects.contains(Effect::MarksChanged), "{effects:?}");
    let effects = press_for_effects(&mut app, "'z", 100, 30);
    assert!(!effects.contains(Effect::MarksChanged), "{effects:?}");
}
