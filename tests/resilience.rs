//! The reader under what a terminal session does to it, driven in tmux: suspended with Ctrl-z
//! (or SIGTSTP) and brought back with `fg`, its file replaced by a FIFO before `R`, and left
//! alone (an idle reader writes nothing to the terminal).

#![allow(clippy::unwrap_used)]

mod support;

use std::time::{Duration, Instant};

use support::tmux::{self, PROMPT, Tmux, fixture, gangmu, sh_quote};

/// Starts the reader on `file` at the prompt of a fresh tmux (without the wrapper of
/// [`Tmux::launch`]: a stopped job must give the prompt back, not run the next command).
fn reader_on(file: &std::path::Path) -> Tmux {
    let t = Tmux::start(100, 30);
    t.run_line(&format!("{} {}", gangmu(), sh_quote(file)));
    t.wait_for_reader();
    t
}

/// True when the last non-empty row is the shell's prompt.
fn at_prompt(screen: &str) -> bool {
    screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim_end() == PROMPT.trim_end())
}

#[test]
fn a_file_turned_into_a_fifo_is_not_reloaded_and_q_still_quits() {
    if !tmux::available("reload of a FIFO test") {
        return;
    }
    let dir = support::temp_dir("reload-fifo");
    let file = dir.join("doc.txt");
    std::fs::copy(fixture("report.txt"), &file).unwrap();
    let t = reader_on(&file);
    std::fs::remove_file(&file).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(&file)
        .status()
        .expect("run mkfifo");
    assert!(made.success());
    t.keys(&["R"]);
    t.wait_for("the refusal", |s| s.contains("not reloaded"));
    let start = Instant::now();
    t.keys(&["q"]);
    t.wait_for_within("the prompt after q", Duration::from_secs(1), at_prompt);
    assert!(start.elapsed() < Duration::from_secs(1));
    t.wait_for_format("#{alternate_on}", "0");
}
