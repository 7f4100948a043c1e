//! Navigation and tree corrections without a terminal: the app driven through the real keymap
//! on our own work-plan fixture (`一、` / `（一）`), checked through its state and effects.

#![allow(clippy::unwrap_used)]

mod support;

use gangmu::app::{Effect, Focus};
use gangmu::document::structure::CorrectionAction;
use support::screen::{press, press_for_effects, reader, top_line};

const PLAN: &str = include_str!("fixtures/work-plan.txt");
const W: u16 = 100;
const H: u16 = 30;

fn titles(app: &gangmu::app::App) -> Vec<(u16, String)> {
    let doc = app.doc();
    (0..doc.sections.len())
        .map(|i| (doc.sections[i].level, doc.section_title(i).to_owned()))
        .collect()
}

#[test]
fn x_in_the_outline_makes_a_heading_body_text_and_asks_to_save() {
    let mut app = reader(PLAN, W, H);
    press(&mut app, "2<Tab>j", W, H);
    assert_eq!(app.focus(), Focus::Outline);
    assert!(top_line(&app).starts_with("（一）经典诵读"));
    let effects = press_for_effects(&mut app, "x", W, H);
    assert!(effects.contains(Effect::Corrected), "{effects:?}");
    assert!(
        !titles(&app)
            .iter()
            .any(|(_, t)| t.starts_with("（一）经典诵读")),
        "{:?}",
        titles(&app)
    );
    assert_eq!(app.corrections().len(), 1);
    assert_eq!(app.corrections()[0].action, CorrectionAction::NotHeading);
}

#[test]
fn h_and_l_move_a_heading_with_its_subtree() {
    let mut app = reader(PLAN, W, H);
    let level_of = |app: &gangmu::app::App, prefix: &str| {
        titles(app)
            .into_iter()
            .find(|(_, t)| t.starts_with(prefix))
            .map(|(l, _)| l)
    };
    assert_eq!(level_of(&app, "二、主要活动"), Some(1));
    assert_eq!(level_of(&app, "（一）经典诵读"), Some(2));
    press(&mut app, "2<Tab>", W, H);
    press(&mut app, "L", W, H);
    assert_eq!(level_of(&app, "二、主要活动"), Some(2));
    assert_eq!(
        level_of(&app, "（一）经典诵读"),
        Some(3),
        "its subtree moved too"
    );
    press(&mut app, "H", W, H);
    assert_eq!(level_of(&app, "二、主要活动"), Some(1));
    assert!(app.corrections().is_empty(), "L then H cancel out");
    // a top-level heading cannot go higher
    let effects = press_for_effects(&mut app, "H", W, H);
    assert!(!effects.contains(Effect::Corrected));
    assert_eq!(level_of(&app, "二、主要活动"), Some(1));
}

#[test]
fn shift_x_in_the_text_makes_a_heading_and_again_undoes_it() {
    let mut app = reader(PLAN, W, H);
    let before = titles(&app).len();
    // line 9 is body text under `一、总体要求`
    press(&mut app, ":L9<Enter>", W, H);
    assert!(
        top_line(&app).starts_with("坚持以读促学"),
        "{}",
        top_line(&app)
    );
    press(&mut app, "X", W, H);
    assert_eq!(titles(&app).len(), before + 1, "{:?}", titles(&app));
    assert_eq!(
        titles(&app)[1],
        (
            2,
            "坚持以读促学、以学促干，把读书活动同业务工作紧密结合起来".to_owned()
        ),
        "one level below the section it is in"
    );
    press(&mut app, "X", W, H);
    assert_eq!(titles(&app).len(), before);
    assert!(app.corrections().is_empty());
}

#[test]
fn the_prompt_recalls_its_history() {
    let mut app = reader(PLAN, W, H);
    press(&mut app, "/读书<Enter>", W, H);
    press(&mut app, ":三、<Enter>", W, H);
    assert_eq!(top_line(&app), "三、工作要求");
    press(&mut app, "/<Up>", W, H);
    assert_eq!(app.mode().prompt().unwrap().input, "读书");
    press(&mut app, "<Down>", W, H);
    assert_eq!(app.mode().prompt().unwrap().input, "");
    press(&mut app, "<Esc>:<Up>", W, H);
    assert_eq!(app.mode().prompt().unwrap().input, "三、");
    press(&mut app, "<Esc>", W, H);
    assert_eq!(app.histories().search.entries(), ["读书"]);
}
