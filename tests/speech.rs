//! Giving the speech, on a fake clock: the teleprompter's timing (rows at the speaking rate, a
//! pause marker, `+` on the next row, the countdown, movement keys), the rehearsal timer and the
//! target length. Time only moves by the `Tick` messages sent here; nothing sleeps.

#![allow(clippy::unwrap_used, clippy::unchecked_time_subtraction)]

mod support;

use std::time::{Duration, Instant};

use gangmu::app::prompter::Run;
use gangmu::app::rehearsal::Pace;
use gangmu::app::{App, AppOptions, Effect, Message};
use gangmu::document::{Document, Format};
use gangmu::keymap::Keymap;
use gangmu::settings::Speech;
use support::screen::{press, resize, screen};

const W: u16 = 40;
const H: u16 = 24;

/// `n` CJK characters (each counts 1 in 字数), no punctuation.
fn hanzi(n: usize) -> String {
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"
        .chars()
        .cycle()
        .take(n)
        .collect()
}

fn app_with(text: &str, speech: Speech) -> App {
    let opts = AppOptions {
        speech,
        ..AppOptions::default()
    };
    let doc = Document::parse(text, Format::Plain);
    let mut app = App::new(doc, "speech.txt".to_owned(), Keymap::default_keys(), &opts);
    resize(&mut app, W, H);
    app
}

fn no_countdown() -> Speech {
    Speech {
        countdown: 0,
        target: None,
    }
}

/// The reading line: the paragraph and byte it starts at.
fn reading(app: &mut App) -> (usize, usize) {
    let at = app.anchor().byte();
    (app.doc().paragraph_at(at), at)
}

fn tick(app: &mut App, t: Instant) {
    let effects = app.update(Message::Tick(t));
    assert!(effects.is_empty(), "{effects:?}");
    resize(app, W, H);
}

/// Ticks every `step` from `from` until `until`, recording when the reading line moved.
fn run_clock(
    app: &mut App,
    t0: Instant,
    from: Duration,
    until: Duration,
    step: Duration,
) -> Vec<(Duration, (usize, usize))> {
    let mut moves = Vec::new();
    let mut last = reading(app);
    let mut t = from;
    while t <= until {
        tick(app, t0 + t);
        let now = reading(app);
        if now != last {
            moves.push((t, now));
            last = now;
        }
        t += step;
    }
    moves
}

#[test]
fn a_480_character_paragraph_passes_the_reading_line_in_120_seconds_at_240() {
    let text = format!("{}\n\n结束语。\n", hanzi(480));
    let mut app = app_with(&text, no_countdown());
    assert_eq!(app.speak_rate(), 240);
    press(&mut app, "a", W, H);
    assert!(app.prompter().is_some());
    let t0 = Instant::now();
    tick(&mut app, t0);
    let step = Duration::from_millis(100);
    let moves = run_clock(&mut app, t0, step, Duration::from_secs(130), step);
    let left = moves
        .iter()
        .find(|(_, (para, _))| *para != 0)
        .expect("the paragraph passed")
        .0;
    let in_para: Vec<Duration> = moves
        .iter()
        .filter(|(_, (p, _))| *p == 0)
        .map(|m| m.0)
        .collect();
    let row_time = Duration::from_secs(120) / u32::try_from(in_para.len() + 1).unwrap();
    assert!(
        left.abs_diff(Duration::from_secs(120)) <= row_time,
        "left at {left:?}, rows of {row_time:?}"
    );
    // row by row, evenly spaced: each step is one row's time (± the tick step)
    let mut prev = Duration::ZERO;
    for &t in in_para.iter().chain(std::iter::once(&left)) {
        assert!(
            (t - prev).abs_diff(row_time) <= step,
            "a row took {:?}, not {row_time:?}",
            t - prev
        );
        prev = t;
    }
    assert!(in_para.len() >= 10, "{} rows", in_para.len());
}

#[test]
fn a_pause_marker_stops_the_prompter_until_space() {
    let text = format!("{}\n\n（停顿）\n\n{}\n", hanzi(40), hanzi(400));
    let mut app = app_with(&text, no_countdown());
    press(&mut app, "a", W, H);
    let t0 = Instant::now();
    tick(&mut app, t0);
    let step = Duration::from_millis(250);
    run_clock(&mut app, t0, step, Duration::from_secs(60), step);
    assert_eq!(reading(&mut app).0, 1, "held at the marker");
    assert_eq!(app.prompter().map(|p| p.run), Some(Run::Held));
    assert!(
        screen(&app, W, H).contains("Space"),
        "the status says how to go on"
    );
    // much later: still there
    let later = run_clock(
        &mut app,
        t0,
        Duration::from_secs(60),
        Duration::from_secs(600),
        Duration::from_secs(10),
    );
    assert!(later.is_empty(), "{later:?}");
    press(&mut app, " ", W, H);
    let moves = run_clock(
        &mut app,
        t0,
        Duration::from_secs(601),
        Duration::from_secs(620),
        step,
    );
    assert!(
        moves.iter().any(|(_, (p, _))| *p == 2),
        "goes on after Space: {moves:?}"
    );
}

#[test]
fn plus_takes_effect_on_the_next_row() {
    let text = format!("{}\n", hanzi(2000));
    let mut app = app_with(&text, no_countdown());
    press(&mut app, "a", W, H);
    let t0 = Instant::now();
    tick(&mut app, t0);
    let step = Duration::from_millis(10);
    // the first rows at 240 字/分
    let first = run_clock(&mut app, t0, step, Duration::from_secs(20), step);
    assert!(first.len() >= 3, "{first:?}");
    let row240 = first[2].0 - first[1].0;
    // halfway through a row, 24 steps faster: 240 → 480 字/分
    let mid = first.last().unwrap().0 + row240 / 2;
    tick(&mut app, t0 + mid);
    for _ in 0..24 {
        press(&mut app, "+", W, H);
    }
    assert_eq!(app.speak_rate(), 480);
    assert!(screen(&app, W, H).contains("480字/分"), "the rate is shown");
    let after = run_clock(
        &mut app,
        t0,
        mid + step,
        mid + Duration::from_secs(20),
        step,
    );
    // the row being read keeps its time; the next rows take half as long
    let ends = after[0].0;
    assert!(
        ends.abs_diff(first.last().unwrap().0 + row240) <= step,
        "the current row was cut short: {ends:?}"
    );
    let row480 = after[2].0 - after[1].0;
    assert!(
        row480.abs_diff(row240 / 2) <= step * 2,
        "{row480:?} vs {row240:?}"
    );
    // and `-` slows down again, 10 字/分 at a time
    press(&mut app, "-", W, H);
    assert_eq!(app.speak_rate(), 470);
}

#[test]
fn the_countdown_comes_first_and_space_pauses() {
    let text = format!("{}\n", hanzi(2000));
    let mut app = app_with(&text, Speech::default());
    press(&mut app, "a", W, H);
    let t0 = Instant::now();
    tick(&mut app, t0);
    assert!(screen(&app, W, H).contains("3…"), "{}", screen(&app, W, H));
    let step = Duration::from_millis(100);
    let moves = run_clock(&mut app, t0, step, Duration::from_secs(10), step);
    let row = Duration::from_secs(60) * 20 / 240; // 20 characters a row at most
    assert!(moves[0].0 > Duration::from_secs(3), "{moves:?}");
    assert!(moves[0].0 <= Duration::from_secs(3) + row, "{moves:?}");
    press(&mut app, " ", W, H);
    assert_eq!(app.prompter().map(|p| p.run), Some(Run::Paused));
    let paused = run_clock(
        &mut app,
        t0,
        Duration::from_secs(10),
        Duration::from_secs(100),
        Duration::from_secs(1),
    );
    assert!(paused.is_empty());
    // Esc leaves the teleprompter; q there does not quit the reader
    let effects = support::screen::press_for_effects(&mut app, "q", W, H);
    assert!(!effects.contains(Effect::Quit));
    assert!(app.prompter().is_none());
}

#[test]
fn a_movement_key_moves_the_reading_line_and_scrolling_goes_on_from_there() {
    let text = format!("{}\n", hanzi(4000));
    let mut app = app_with(&text, no_countdown());
    press(&mut app, "a", W, H);
    let t0 = Instant::now();
    tick(&mut app, t0);
    tick(&mut app, t0 + Duration::from_millis(500));
    let before = reading(&mut app).1;
    press(&mut app, "d", W, H); // half a page down
    let landed = reading(&mut app).1;
    assert!(landed > before);
    assert!(matches!(
        app.prompter().map(|p| p.run),
        Some(Run::Running { .. })
    ));
    // the new row gets its whole time from the next tick: it has not moved 0.1 s later
    tick(&mut app, t0 + Duration::from_millis(600));
    tick(&mut app, t0 + Duration::from_millis(700));
    assert_eq!(reading(&mut app).1, landed);
    let moves = run_clock(
        &mut app,
        t0,
        Duration::from_secs(1),
        Duration::from_secs(20),
        Duration::from_millis(100),
    );
    assert!(moves.first().is_some_and(|m| m.1.1 > landed));
}

#[test]
fn the_prompter_hides_the_outline_and_highlights_a_line_a_third_down() {
    let text = format!("一、开场\n\n{}\n\n二、结尾\n\n{}\n", hanzi(300), hanzi(300));
    let mut app = app_with(&text, no_countdown());
    resize(&mut app, 100, H);
    assert!(app.panes().outline.is_some());
    press(&mut app, "a", 100, H);
    assert!(app.panes().outline.is_none(), "the outline hides");
    let text_pane = app.panes().text;
    // the heading is at the reading line, a third of the way down, with blank rows above
    let shown = screen(&app, 100, H);
    let lines: Vec<&str> = shown.lines().collect();
    let third = usize::from(text_pane.y + text_pane.height / 3);
    assert!(lines[third].contains("一、开场"), "{shown}");
    assert!(lines[usize::from(text_pane.y)].trim().is_empty(), "{shown}");
    // centred: the text column (80 wide) has a margin on the left
    let col = lines[third].find('一').unwrap();
    assert!(col >= 8, "{shown}");
}

#[test]
fn a_rehearsal_times_each_section_and_its_parents() {
    let text = format!(
        "一、开场\n\n{}\n\n（一）细节\n\n{}\n\n二、结尾\n\n{}\n",
        hanzi(240),
        hanzi(240),
        hanzi(240)
    );
    let mut app = app_with(&text, no_countdown());
    let t0 = Instant::now();
    tick(&mut app, t0);
    press(&mut app, "T", W, H);
    assert!(app.rehearsing());
    tick(&mut app, t0);
    // 70 s in 一、 (its own text), 30 s in （一）, 50 s in 二、
    tick(&mut app, t0 + Duration::from_secs(70));
    press(&mut app, "]", W, H);
    tick(&mut app, t0 + Duration::from_secs(100));
    let status = app.rehearsal_status().unwrap();
    assert_eq!(status.total.elapsed, Duration::from_secs(100));
    // 729 字 (each heading counts 3) at 240 字/分
    assert_eq!(status.total.planned, Duration::from_millis(182_250));
    // planned up to （一）: 243 字 → 60.75 s; 100 s spent is behind
    assert_eq!(status.section.unwrap().elapsed, Duration::from_secs(30));
    assert_eq!(status.total.pace, Pace::Behind);
    assert!(
        screen(&app, W, H).contains("Σ1:40/3:02"),
        "{}",
        screen(&app, W, H)
    );
    press(&mut app, "]", W, H);
    tick(&mut app, t0 + Duration::from_secs(150));
    let effects = support::screen::press_for_effects(&mut app, "T", W, H);
    assert!(effects.contains(Effect::Rehearsed));
    assert!(!app.rehearsing());
    let r = app.last_rehearsal().unwrap().clone();
    let actual: Vec<(&str, u64)> = r
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.actual_ms / 1000))
        .collect();
    assert_eq!(
        actual,
        [("一、开场", 100), ("（一）细节", 30), ("二、结尾", 50)]
    );
    assert_eq!(r.total_ms, 150_000);
    assert_eq!(r.rate, 240);
    // the table is shown
    let shown = screen(&app, W + 40, H);
    let row = shown
        .lines()
        .find(|l| l.contains("二、结尾") && l.contains("0:50"))
        .unwrap_or_else(|| panic!("{shown}"));
    // planned 243 字 at 240 字/分 = 1:00, spent 0:50
    assert!(
        row.contains("1:00") && row.contains("0:50") && row.contains("-0:10"),
        "{row}"
    );
}

#[test]
fn pace_is_judged_within_ten_percent() {
    let p = |a, b| Pace::of(Duration::from_secs(a), Duration::from_secs(b));
    assert_eq!(p(100, 100), Pace::OnTime);
    assert_eq!(p(109, 100), Pace::OnTime);
    assert_eq!(p(111, 100), Pace::Behind);
    assert_eq!(p(89, 100), Pace::Ahead);
    assert_eq!(p(91, 100), Pace::OnTime);
}

#[test]
fn a_target_scales_the_rate_and_the_outline_shows_start_times() {
    let text = format!("一、开场\n\n{}\n\n二、结尾\n\n{}\n", hanzi(597), hanzi(597));
    // 1200 字 in 4 minutes: 300 字/分
    let mut app = app_with(
        &text,
        Speech {
            countdown: 0,
            target: Some(240),
        },
    );
    assert_eq!(app.target_rate(), Some(300));
    assert_eq!(app.speak_rate(), 300);
    resize(&mut app, 100, H);
    press(&mut app, "i", 100, H);
    let shown = screen(&app, 100, H);
    // 二、 starts after 600 字: 2:00 into the speech
    assert!(shown.contains("@0:00"), "{shown}");
    assert!(shown.contains("@2:00"), "{shown}");
    press(&mut app, "a", 100, H);
    assert!(screen(&app, 100, H).contains("300字/分"));
}
