//! The live go-to picker (`:`) without a terminal: the list drawn under the text pane as the
//! query is typed, the preview of the selected heading, Enter and Esc.

#![allow(clippy::unwrap_used)]

mod support;

use gangmu::app::Mode;
use support::screen::{press, reader, render, top_line};

const PLAN: &str = include_str!("fixtures/work-plan.txt");
const W: u16 = 100;
const H: u16 = 24;

#[test]
fn typing_lists_the_matching_headings_best_first_with_breadcrumb_and_size() {
    let mut app = reader(PLAN, W, H);
    press(&mut app, ":组织", W, H);
    let screen = render(&mut app, W, H);
    let rows: Vec<&str> = screen.lines().collect();
    let title_row = rows
        .iter()
        .position(|l| l.contains("标题（↑↓ 回车 Esc）") || l.contains("headings (↑↓ Enter Esc)"))
        .unwrap_or_else(|| panic!("no picker window:\n{screen}"));
    // the window sits right above the prompt line, over the text pane
    let list = &rows[title_row + 1..rows.len() - 1];
    let first = list.first().unwrap();
    // `组织` starts no title: the substring matches come in document order, with the
    // ancestors' labels and the size on the right
    assert!(first.contains("2.组织诵读"), "{screen}");
    assert!(first.contains("二、 › （一）"), "breadcrumb: {screen}");
    assert!(
        first.contains('字') || first.contains("chars"),
        "size: {screen}"
    );
    assert!(list[1].contains("（一）加强组织领导"), "{screen}");
    assert!(
        rows.last().unwrap().contains("组织"),
        "the prompt: {screen}"
    );
    // the text pane previews the best match
    assert!(
        top_line(&app).starts_with("2.组织诵读"),
        "{}",
        top_line(&app)
    );
}

#[test]
fn arrows_move_the_preview_and_esc_puts_the_reader_back() {
    let mut app = reader(PLAN, W, H);
    press(&mut app, "2", W, H);
    let start = top_line(&app);
    assert_eq!(start, "二、主要活动");
    // within a rank the headings after the current section come first, wrapping around
    press(&mut app, ":要求", W, H);
    assert!(
        top_line(&app).starts_with("三、工作要求"),
        "{}",
        top_line(&app)
    );
    press(&mut app, "<Down>", W, H);
    assert!(
        top_line(&app).starts_with("一、总体要求"),
        "{}",
        top_line(&app)
    );
    press(&mut app, "<C-p>", W, H);
    assert!(
        top_line(&app).starts_with("三、工作要求"),
        "{}",
        top_line(&app)
    );
    press(&mut app, "<C-n>", W, H);
    assert!(top_line(&app).starts_with("一、总体要求"));
    press(&mut app, "<Esc>", W, H);
    assert_eq!(app.mode(), &Mode::Text);
    assert_eq!(top_line(&app), start, "Esc returns to where `:` opened");
    // the preview recorded no jump: `''` goes back to where `2` jumped from
    press(&mut app, "''", W, H);
    assert_eq!(top_line(&app), "关于做好二〇二六年读书月活动的工作方案");
}

#[test]
fn enter_after_moving_goes_to_the_selected_heading_and_back_goes_to_the_start() {
    let mut app = reader(PLAN, W, H);
    press(&mut app, "2", W, H);
    press(&mut app, ":要求<Down><Enter>", W, H);
    assert_eq!(app.mode(), &Mode::Text);
    assert!(
        top_line(&app).starts_with("一、总体要求"),
        "{}",
        top_line(&app)
    );
    press(&mut app, "''", W, H);
    assert_eq!(
        top_line(&app),
        "二、主要活动",
        "the jump starts where `:` opened"
    );
}

#[test]
fn up_on_an_empty_prompt_recalls_the_history() {
    let mut app = reader(PLAN, W, H);
    press(&mut app, ":工作<Enter>", W, H);
    press(&mut app, "g:<Up>", W, H);
    match app.mode() {
        Mode::Prompt { prompt, .. } => assert_eq!(prompt.input, "工作"),
        other => panic!("prompt closed: {other:?}"),
    }
    press(&mut app, "<Enter>", W, H);
    assert!(
        top_line(&app).starts_with("三、工作要求"),
        "{}",
        top_line(&app)
    );
}

#[test]
fn percent_and_line_specs_list_nothing_and_still_work() {
    let mut app = reader(PLAN, W, H);
    press(&mut app, ":50%", W, H);
    let screen = render(&mut app, W, H);
    assert!(!screen.contains("┌"), "{screen}");
    assert!(app.picker().unwrap().candidates().is_empty());
    press(&mut app, "<Esc>:L14<Enter>", W, H);
    assert_eq!(top_line(&app), "二、主要活动");
}

/// A keystroke whose fuzzy sweep would hold the frame (every heading holds the query's
/// characters, all but the last in the wrong order) lists what the first slice found and goes
/// on a slice per frame, asking for frames until done; the list then has the one match.
#[test]
fn a_long_fuzzy_sweep_goes_on_a_slice_per_frame() {
    use gangmu::document::{Document, Format};
    use std::fmt::Write as _;
    let mut text = String::new();
    for i in 0..200_000 {
        let _ = write!(text, "# 本条{i}事宜\n\n");
    }
    text.push_str("# 宜在本处\n\n正文。\n");
    let doc = Document::parse(&text, Format::Markdown);
    let mut app = support::screen::reader_with(doc, W, H);
    let _ = support::screen::send(
        &mut app,
        gangmu::app::Message::Tick(std::time::Instant::now()),
    );
    press(&mut app, ":宜本", W, H);
    let picker = app.picker().unwrap();
    assert!(
        picker.candidates().is_empty(),
        "the first slice reads part of the titles"
    );
    assert!(app.wake_at().is_some(), "the sweep asks for the next frame");
    let mut frames = 0;
    while app.wake_at().is_some() {
        let _ = support::screen::send(
            &mut app,
            gangmu::app::Message::Tick(std::time::Instant::now()),
        );
        frames += 1;
        assert!(frames < 100, "the sweep ends");
    }
    assert!(frames >= 1);
    assert_eq!(app.picker().unwrap().candidates(), [200_000]);
    // the heading found first is previewed, as on a keystroke
    support::screen::resize(&mut app, W, H);
    assert!(top_line(&app).contains("宜在本处"), "{}", top_line(&app));
}
