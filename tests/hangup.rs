//! A closed terminal never loses the reader's place: when the pane is killed (window closed,
//! ssh dropped) the reader saves its position and marks and exits within a second, also when
//! SIGHUP is ignored, instead of spinning on the dead terminal or dying by a panic. A mark is
//! saved as soon as it is set, so even a reader killed with SIGKILL keeps it.

#![allow(clippy::unwrap_used)]

mod support;

use std::time::{Duration, Instant};

use support::tmux::{self, Tmux, fixture, gangmu, sh_quote};

fn kill_pane_keeps_position_and_marks(ignore_hangup: bool) {
    if !tmux::available("hangup test") {
        return;
    }
    let state = support::temp_dir(if ignore_hangup { "hup-ignored" } else { "hup" });
    let t = Tmux::start(100, 30);
    let trap = if ignore_hangup { "trap '' HUP; " } else { "" };
    t.run_line(&format!(
        "{trap}{} --state-dir {} {}",
        gangmu(),
        sh_quote(&state),
        sh_quote(fixture("report.txt"))
    ));
    t.wait_for_reader();
    t.keys(&["]", "]", "m", "z"]);
    t.wait_for("the mark", |s| s.contains('z'));
    let pid = t.child_pid();
    t.tmux(&["kill-pane", "-t", "main:0.0"]);
    let start = Instant::now();
    while is_running(pid) {
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "the reader is still running a second after its terminal went away"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let positions = std::fs::read_to_string(state.join("positions.json")).expect("positions");
    assert!(positions.contains("offset"), "{positions}");
    let marks = std::fs::read_to_string(state.join("marks.json")).expect("marks");
    assert!(marks.contains("\"z\""), "{marks}");
}

/// True while `pid` runs (an exited process whose parent died may linger as a zombie).
fn is_running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| s.rsplit_once(") ").map(|(_, rest)| !rest.starts_with('Z')))
        .unwrap_or(false)
}

#[test]
fn a_killed_pane_saves_position_and_marks() {
    kill_pane_keeps_position_and_marks(false);
}

#[test]
fn a_killed_pane_saves_even_when_sighup_is_ignored() {
    kill_pane_keeps_position_and_marks(true);
}

#[test]
fn a_mark_is_saved_when_set_so_kill_9_keeps_it() {
    if !tmux::available("mark saved when set test") {
        return;
    }
    let state = support::temp_dir("mark-kill-9");
    let t = Tmux::start(100, 30);
    t.run_line(&format!(
        "{} --state-dir {} {}",
        gangmu(),
        sh_quote(&state),
        sh_quote(fixture("report.txt"))
    ));
    t.wait_for_reader();
    t.keys(&["]", "m", "z"]);
    t.wait_for("the mark", |s| s.contains('z'));
    let pid = t.child_pid();
    let marks_file = state.join("marks.json");
    let start = Instant::now();
    loop {
        let marks = std::fs::read_to_string(&marks_file).unwrap_or_default();
        if marks.contains("\"z\"") {
            break;
        }
        assert!(is_running(pid), "the reader ended before saving the mark");
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "marks.json has no mark z 5 s after it was set, while the reader runs: {marks:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let killed = std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(killed.success());
    let start = Instant::now();
    while is_running(pid) {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "SIGKILL did not end it"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let marks = std::fs::read_to_string(&marks_file).expect("marks.json");
    let parsed: serde_json::Value = serde_json::from_str(&marks).expect("marks.json is JSON");
    let documents = parsed["documents"].as_object().expect("documents");
    assert!(
        documents.values().any(|d| d["marks"].get("z").is_some()),
        "{marks}"
    );
}
