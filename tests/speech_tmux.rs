//! The teleprompter and the rehearsal timer in a real terminal (tmux), on real time: at
//! 6000 字/分 the reading line advances at the expected pace and Space stops it; a rehearsal
//! recorded in the reader is printed by `--rehearsals`; `--target` sets the rate and the
//! outline shows planned starts. The tmux tests skip themselves (with a message) when tmux is
//! not installed.

mod support;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use support::tmux::{self, Tmux, status_line};

const W: u16 = 100;
const H: u16 = 30;

/// Screen row of the reading line: under the title bar, a third of the text pane's rows down
/// (the text pane is the screen less the title bar and the status line).
const READING_ROW: usize = 1 + (H as usize - 2) / 3;

/// Characters (字数) of each numbered paragraph: `第N段` counts 3, then 27 hanzi.
const PARA_CHARS: f64 = 30.0;

/// A speech of numbered one-row paragraphs in two top-level sections.
fn write_speech(dir: &Path) -> PathBuf {
    let hanzi: String = "的一是在不了有和人这中大为上个国我以要他时来用们生到作"
        .chars()
        .take(27)
        .collect();
    let mut text = String::from("一、开场白\n\n");
    for n in 1..=300 {
        if n == 151 {
            text.push_str("二、主体部分\n\n");
        }
        let _ = write!(text, "第{n:03}段{hanzi}\n\n");
    }
    let path = dir.join("speech.txt");
    std::fs::write(&path, text).expect("write the speech");
    path
}

/// A config: speaking at `speak` 字/分, no countdown.
fn write_config(dir: &Path, speak: u32) -> PathBuf {
    let path = dir.join("config.toml");
    std::fs::write(
        &path,
        format!("[rates]\nspeak = {speak}\n\n[speech]\ncountdown = 0\n"),
    )
    .expect("write the config");
    path
}

/// The paragraph number shown on screen row `row` (`第N段`), if any.
fn number_at(screen: &str, row: usize) -> Option<u32> {
    let line = screen.lines().nth(row)?;
    let (_, after) = line.split_once('第')?;
    let (number, _) = after.split_once('段')?;
    number.parse().ok()
}

fn start(dir: &Path, speak: u32) -> Option<(Tmux, PathBuf)> {
    if !tmux::available("teleprompter tmux test") {
        return None;
    }
    let speech = write_speech(dir);
    let config = write_config(dir, speak);
    let state = dir.join("state");
    let t = Tmux::start_with_env(
        W,
        H,
        &[
            ("GANGMU_CONFIG", support::path_str(&config)),
            ("GANGMU_STATE_DIR", support::path_str(&state)),
        ],
    );
    t.launch(&[support::path_str(&speech)]);
    t.wait_for_reader();
    // the first numbered paragraph is the top line's neighbour
    t.wait_for("the first paragraph", |s| {
        (1..4).any(|r| number_at(s, r) == Some(1))
    });
    Some((t, speech))
}

#[test]
fn the_teleprompter_scrolls_at_the_speaking_rate_and_space_stops_it() {
    let dir = support::temp_dir("prompter-tmux");
    let Some((t, _)) = start(&dir, 6000) else {
        return;
    };
    let sent = Instant::now();
    t.keys(&["a"]);
    let s = t.wait_for("the prompter running", |s| {
        status_line(s).contains("6000字/分")
    });
    // the heading (4 字, 0.04 s) is at the reading line first, paragraph 1 next
    assert!(
        s.lines()
            .nth(READING_ROW)
            .is_some_and(|l| l.contains("一、开场白")),
        "the reading line starts where the top line was:\n{s}"
    );
    let first = 1;
    std::thread::sleep(Duration::from_secs(2));
    let s = t.screen();
    let elapsed = sent.elapsed().as_secs_f64();
    t.keys(&["Space"]);
    let now = number_at(&s, READING_ROW).expect("a paragraph at the reading line");
    // 6000 字/分 = 100 字/s; a paragraph is 30 字
    let expected = elapsed * 100.0 / PARA_CHARS;
    let advanced = f64::from(now - first);
    assert!(
        (advanced - expected).abs() <= expected * 0.3,
        "advanced {advanced} paragraphs in {elapsed:.2} s, expected about {expected:.1}:\n{s}"
    );
    // stopped: the same paragraph stays at the reading line
    let paused = t.wait_for("the pause sign", |s| status_line(s).contains('⏸'));
    let stopped = number_at(&paused, READING_ROW);
    std::thread::sleep(Duration::from_millis(700));
    assert_eq!(
        number_at(&t.screen(), READING_ROW),
        stopped,
        "Space stops it"
    );
    // Esc leaves the teleprompter (the reader is still there), q then quits
    t.keys(&["Escape"]);
    t.wait_for_reader();
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn a_rehearsal_recorded_in_the_reader_is_printed_by_the_rehearsals_flag() {
    let dir = support::temp_dir("rehearsal-tmux");
    let Some((t, speech)) = start(&dir, 240) else {
        return;
    };
    t.keys(&["T"]);
    t.wait_for("the rehearsal clock", |s| status_line(s).contains("Σ0:0"));
    std::thread::sleep(Duration::from_millis(1200));
    // into the second top-level section for a while
    t.keys(&["2"]);
    t.wait_for("the second section", |s| s.contains("二、主体部分"));
    std::thread::sleep(Duration::from_millis(1200));
    t.keys(&["T"]);
    let table = t.wait_for("the rehearsal table", |s| s.contains("planned"));
    assert!(
        table.contains("一、开场白") && table.contains("二、主体部分"),
        "{table}"
    );
    t.keys(&["Escape"]);
    t.wait_for("the table closed", |s| !s.contains("planned"));
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
    let out = support::command()
        .env("GANGMU_STATE_DIR", dir.join("state"))
        .args(["--rehearsals", support::path_str(&speech)])
        .output()
        .expect("run gangmu --rehearsals");
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    // the date (UTC, today or just past midnight), the total of about 2.4 s
    assert!(lines[0].starts_with("20"), "{text}");
    assert!(lines[0].contains("total 0:0"), "{text}");
    // planned: 300 paragraphs of 30 字 and two headings of 4 字 at 240 字/分 = 37:32
    assert!(lines[0].contains("planned 37:32 at 240 字/分"), "{text}");
    // about 1.2 s in each: the time up to a key goes to the section shown before it
    assert!(lines[1].starts_with("  一、开场白  0:01 / 18:46"), "{text}");
    assert!(
        lines[2].starts_with("  二、主体部分  0:01 / 18:46"),
        "{text}"
    );
}

#[test]
fn a_target_sets_the_rate_and_the_outline_shows_planned_starts() {
    let dir = support::temp_dir("target-tmux");
    if !tmux::available("target tmux test") {
        return;
    }
    let speech = write_speech(&dir);
    let t = Tmux::start(W, H);
    // 9009 字 in 2 minutes: 4505 字/分; 二、 starts after 4504 字, at 0:59
    t.launch(&["--target", "2m", support::path_str(&speech)]);
    t.wait_for_reader();
    t.keys(&["i"]);
    let s = t.wait_for("planned starts in the outline", |s| s.contains("@0:59"));
    assert!(s.contains("@0:00"), "{s}");
    t.keys(&["a"]);
    let s = t.wait_for("the required rate", |s| {
        status_line(s).contains("needs 4505字/分")
    });
    assert!(status_line(&s).contains("4505字/分"), "{s}");
    t.keys(&["C-c"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn rehearsals_of_a_document_never_rehearsed_and_a_bad_target() {
    let dir = support::temp_dir("no-rehearsals");
    let speech = write_speech(&dir);
    let out = support::command()
        .env("GANGMU_STATE_DIR", dir.join("state"))
        .args(["--rehearsals", support::path_str(&speech)])
        .output()
        .expect("run gangmu");
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "no rehearsals recorded for this document\n"
    );
    let out = support::run(&["--target", "soon", support::path_str(&speech)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("length of time"));
}
