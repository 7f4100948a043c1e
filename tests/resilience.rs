//! The reader under what a terminal session does to it, driven in tmux: suspended with Ctrl-z
//! (or SIGTSTP) and brought back with `fg`, its file replaced by a FIFO before `R`, and left
//! alone (an idle reader writes nothing to the terminal).

#![allow(clippy::unwrap_used)]

mod support;

use std::time::{Duration, Instant};

use support::tmux::{self, PROMPT, Tmux, fixture, gangmu, sh_quote, text_top};

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

/// Suspends the reader with `how` (Ctrl-z, or SIGTSTP from elsewhere), checks that the shell has
/// the terminal back as it expects it, brings the reader back with `fg` and checks that it
/// draws everything and still answers keys, then quits.
fn suspend_and_fg(how: &dyn Fn(&Tmux)) {
    let t = reader_on(&fixture("report.txt"));
    let before = t.screen();
    how(&t);
    t.wait_for("the shell prompt after the suspension", at_prompt);
    t.wait_for_format("#{alternate_on}", "0");
    t.wait_for_format("#{cursor_flag}", "1");
    // the shell reads lines again (the terminal is not left raw): what is typed shows
    t.run_line("echo sus''pended");
    t.wait_for("the shell's own output", |s| {
        s.lines().any(|l| l == "suspended")
    });
    t.run_line("fg");
    t.wait_for_format("#{alternate_on}", "1");
    let back = t.wait_for_reader();
    assert_eq!(text_top(&back), text_top(&before), "back where it was");
    assert_eq!(
        back.lines().count(),
        before.lines().count(),
        "the whole screen is drawn again:\n{back}"
    );
    t.keys(&["]"]);
    t.wait_for("the reader to answer a key after fg", |s| {
        text_top(s) != text_top(&before)
    });
    t.keys(&["q"]);
    t.wait_for("the prompt after q", at_prompt);
    t.wait_for_format("#{alternate_on}", "0");
}

#[test]
fn ctrl_z_suspends_and_fg_resumes() {
    if !tmux::available("Ctrl-z test") {
        return;
    }
    suspend_and_fg(&|t| t.keys(&["C-z"]));
}

#[test]
fn sigtstp_suspends_like_ctrl_z() {
    if !tmux::available("SIGTSTP test") {
        return;
    }
    suspend_and_fg(&|t| {
        let pid = t.child_pid();
        let sent = std::process::Command::new("kill")
            .args(["-TSTP", &pid.to_string()])
            .status()
            .expect("run kill");
        assert!(sent.success());
    });
}

/// Bytes the process `pid` has written so far (`wchar` in `/proc/PID/io`).
fn bytes_written(pid: u32) -> u64 {
    let io = std::fs::read_to_string(format!("/proc/{pid}/io")).expect("read /proc/PID/io");
    io.lines()
        .find_map(|l| l.strip_prefix("wchar:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("wchar in /proc/PID/io")
}

#[test]
fn an_idle_reader_writes_nothing() {
    if !tmux::available("idle reader test") {
        return;
    }
    if !std::path::Path::new("/proc/self/io").exists() {
        support::skip_because("idle reader test", "no /proc/PID/io to count bytes written");
        return;
    }
    let t = reader_on(&fixture("report.txt"));
    let pid = t.child_pid();
    // let the first frames and the loader settle
    std::thread::sleep(Duration::from_millis(500));
    let start = bytes_written(pid);
    std::thread::sleep(Duration::from_secs(2));
    let idle = bytes_written(pid) - start;
    assert!(
        idle < 16,
        "an idle reader wrote {idle} bytes in 2 s: it redraws without a change"
    );
    // and it still draws when something changes
    let before = t.screen();
    t.keys(&["]"]);
    t.wait_for("the reader to answer a key", |s| {
        text_top(s) != text_top(&before)
    });
    assert!(bytes_written(pid) > start, "the key's frame was written");
    t.keys(&["q"]);
    t.wait_for("the prompt after q", at_prompt);
}
