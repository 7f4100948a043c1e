//! End-to-end tests of the interactive reader in a real terminal emulator (tmux): keys, search,
//! resize, quitting, piped input, the built-in guide, `-s`, and restoring the terminal after a
//! panic or SIGTERM. Every test skips itself (with a message) when tmux is not installed.
//!
//! The fixture `tests/fixtures/report.txt` is an official-style report written for these tests:
//! four top-level sections `一、`…`四、`, each with `（一）` subsections, some with `1.` items.

mod support;

use support::tmux::{self, Tmux, fixture, outline_row, status_line, text_row, text_top};

const W: u16 = 100;
const H: u16 = 30;

fn report() -> String {
    fixture("report.txt").to_string_lossy().into_owned()
}

/// Opens the report in a fresh 100×30 tmux and waits for the first screen.
fn open_report() -> Option<Tmux> {
    if !tmux::available("tmux end-to-end test") {
        return None;
    }
    let t = Tmux::start(W, H);
    t.launch(&[&report()]);
    t.wait_for_reader();
    Some(t)
}

/// Presses `keys` and waits until the text pane's top line starts with `want`.
fn press_until_top(t: &Tmux, keys: &[&str], want: &str) -> String {
    t.keys(keys);
    t.wait_for(&format!("{want:?} at the top of the text pane"), |s| {
        text_top(s).starts_with(want)
    })
}

#[test]
fn section_keys_move_the_text_pane() {
    let Some(t) = open_report() else { return };
    let first = t.screen();
    assert!(
        first
            .lines()
            .next()
            .unwrap_or("")
            .contains("关于推进社区图书角建设的工作报告"),
        "the title bar shows the document title:\n{first}"
    );
    // `2`: the second top-level heading
    press_until_top(&t, &["2"], "二、主要做法");
    // `]` next heading, `[` back
    press_until_top(&t, &["]"], "（一）坚持统筹规划");
    press_until_top(&t, &["]"], "（二）坚持群众参与");
    press_until_top(&t, &["["], "（一）坚持统筹规划");
    // `J`/`K`: siblings at the same level
    press_until_top(&t, &["J"], "（二）坚持群众参与");
    press_until_top(&t, &["J"], "（三）坚持规范管理");
    press_until_top(&t, &["K"], "（二）坚持群众参与");
    press_until_top(&t, &["3"], "三、存在的问题");
    press_until_top(&t, &["J"], "四、下一步工作打算");
    let s = press_until_top(&t, &["K"], "三、存在的问题");
    // the status line names the section
    assert!(
        status_line(&s).contains("三、存在的问题"),
        "breadcrumb in the status line:\n{s}"
    );
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn outline_selection_moves_the_text() {
    let Some(t) = open_report() else { return };
    press_until_top(&t, &["2"], "二、主要做法");
    // Tab focuses the outline on the current section; j selects the next row, and the text
    // follows the selection
    t.keys(&["Tab"]);
    t.keys(&["j"]);
    let s = t.wait_for("the text pane to follow the outline selection", |s| {
        text_top(s) == "（一）坚持统筹规划"
    });
    assert!(
        (1..usize::from(H) - 1).any(|r| outline_row(&s, r).contains("坚持统筹规划")),
        "the outline lists the selected section:\n{s}"
    );
    t.keys(&["j"]);
    t.wait_for("the next selection", |s| {
        text_top(s) == "（二）坚持群众参与"
    });
    // Enter returns to the text at the selected section; `]` then moves on from there
    t.keys(&["Enter"]);
    press_until_top(&t, &["]"], "1. 开放时间灵活调整。");
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn search_counts_and_steps_through_matches() {
    let Some(t) = open_report() else { return };
    let text = std::fs::read_to_string(report()).expect("fixture");
    let total = text.matches("流动书箱").count();
    assert_eq!(total, 3, "the fixture has three matches");
    t.keys(&["/"]);
    t.type_text("流动书箱");
    t.wait_for("the search prompt", |s| {
        status_line(s).contains("/流动书箱")
    });
    t.keys(&["Enter"]);
    let s = t.wait_for("the match count", |s| {
        status_line(s).contains(&format!("1/{total}"))
    });
    assert!(
        (1..usize::from(H) - 1).any(|r| text_row(&s, r).contains("流动书箱")),
        "the first match is on screen:\n{s}"
    );
    t.keys(&["n"]);
    t.wait_for("n to advance", |s| {
        status_line(s).contains(&format!("2/{total}"))
    });
    t.keys(&["n"]);
    let s = t.wait_for("n to advance again", |s| {
        status_line(s).contains(&format!("3/{total}"))
    });
    assert!(
        (1..usize::from(H) - 1).any(|r| text_row(&s, r).contains("流动书箱")),
        "the third match is on screen:\n{s}"
    );
    t.keys(&["N"]);
    t.wait_for("N to go back", |s| {
        status_line(s).contains(&format!("2/{total}"))
    });
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn resize_keeps_the_top_line() {
    let Some(t) = open_report() else { return };
    press_until_top(&t, &["3"], "三、存在的问题");
    t.resize(60, 20);
    let s = t.wait_for("the reader to redraw at 60×20", |s| {
        s.lines().count() <= 20 && status_line(s).contains('%')
    });
    assert_eq!(text_top(&s), "三、存在的问题", "after resize:\n{s}");
    // in the middle of a paragraph: the text at the top stays at the top
    t.keys(&["]", "j", "j"]);
    let s = t.wait_for("scrolling into the paragraph", |s| {
        text_top(s).starts_with("城区") || text_top(s).contains('，')
    });
    let top = text_top(&s);
    let head: String = top.chars().take(4).collect();
    t.resize(W, H);
    let s = t.wait_for("the reader to redraw at 100×30", |s| {
        s.lines().count() > 20 && status_line(s).contains('%')
    });
    let joined = format!("{}{}", text_top(&s), text_row(&s, 2));
    assert!(
        joined.contains(&head),
        "{head:?} (the top before) is still at the top after resizing:\n{s}"
    );
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn quitting_restores_the_shell() {
    let Some(t) = open_report() else { return };
    t.wait_for_format("#{alternate_on}", "1");
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
    t.wait_for_format("#{alternate_on}", "0");
    t.wait_for_format("#{cursor_flag}", "1");
    let s = t.wait_for("the prompt after gangmu", |s| {
        s.lines().any(|l| l == tmux::PROMPT.trim_end())
    });
    assert!(
        s.contains("BEFORE-GANGMU"),
        "the shell output from before is back:\n{s}"
    );
    assert!(!s.contains("q quit"), "no reader left on screen:\n{s}");
}

#[test]
fn piped_input_opens_the_reader() {
    if !tmux::available("piped input test") {
        return;
    }
    let t = Tmux::start(W, H);
    t.run_line(&format!(
        "cat {} | {}; echo AFTER-GANGMU-$?",
        tmux::sh_quote(report()),
        tmux::gangmu()
    ));
    let s = t.wait_for_reader();
    assert!(status_line(&s).contains("(stdin)"), "stdin name:\n{s}");
    // keys come from the terminal, not from the pipe
    press_until_top(&t, &["2"], "二、主要做法");
    press_until_top(&t, &["J"], "三、存在的问题");
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn no_file_opens_the_guide() {
    if !tmux::available("guide test") {
        return;
    }
    let t = Tmux::start(W, H);
    t.launch(&[]);
    let s = t.wait_for_reader();
    assert!(
        s.lines().next().unwrap_or("").contains("纲目使用指南"),
        "the guide's title in the title bar:\n{s}"
    );
    press_until_top(&t, &["1"], "一、认识屏幕");
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn section_flag_opens_at_a_section() {
    if !tmux::available("-s test") {
        return;
    }
    let t = Tmux::start(W, H);
    t.launch(&["-s", "2", &report()]);
    let s = t.wait_for_reader();
    assert_eq!(text_top(&s), "二、主要做法", "-s 2:\n{s}");
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
    t.run_line("clear");
    t.wait_for("a clear screen", |s| !s.contains("AFTER-GANGMU-"));
    t.launch(&["--section", "2.2", &report()]);
    let s = t.wait_for_reader();
    assert_eq!(text_top(&s), "（二）坚持群众参与", "-s 2.2:\n{s}");
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn section_flag_leaves_no_stale_notice() {
    if !tmux::available("-s notice test") {
        return;
    }
    let t = Tmux::start(W, H);
    t.launch(&["-s", "2", &report()]);
    let s = t.wait_for("the loaded document", |s| {
        s.contains("q quit") && !status_line(s).contains("loading")
    });
    assert_eq!(text_top(&s), "二、主要做法", "-s 2:\n{s}");
    assert!(
        !status_line(&s).contains("waiting for"),
        "the section was found, so nothing is pending:\n{s}"
    );
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

/// After gangmu ends, the terminal works like before: main screen, cursor shown, echo on.
fn assert_terminal_usable(t: &Tmux, earlier: &str) {
    t.wait_for_format("#{alternate_on}", "0");
    t.wait_for_format("#{cursor_flag}", "1");
    let s = t.screen();
    assert!(
        s.contains(earlier),
        "the output from before gangmu is visible again:\n{s}"
    );
    t.run_line("echo o''k");
    // echo on: the typed command line shows; and the command runs
    t.wait_for("the typed command and its output", |s| {
        s.contains("echo o''k") && s.lines().any(|l| l == "ok")
    });
}

/// True when the binary reads `GANGMU_TEST_HOOK`: the package's own dev-dependency turns the
/// `test-hooks` feature on for its tests, but a crate unpacked from crates.io has none.
fn test_hooks_built(test: &str) -> bool {
    let built = cfg!(feature = "test-hooks");
    if !built {
        support::skip_because(test, "gangmu was built without the test-hooks feature");
    }
    built
}

#[test]
fn panic_restores_the_terminal() {
    if !tmux::available("panic test") || !test_hooks_built("panic test") {
        return;
    }
    let t = Tmux::start_with_env(
        W,
        H,
        &[("GANGMU_TEST_HOOK", "panic"), ("RUST_BACKTRACE", "0")],
    );
    t.run_line("echo EARLIER-OUTPUT");
    t.wait_for("the earlier output", |s| {
        s.lines().any(|l| l == "EARLIER-OUTPUT")
    });
    t.launch(&[&report()]);
    let code = t.wait_for_exit();
    assert_eq!(code, 101, "a panic exits with Rust's panic code");
    let s = t.screen();
    assert!(
        s.contains("gangmu test panic"),
        "the panic message is printed after the restore:\n{s}"
    );
    assert!(!s.contains("q quit"), "no reader left on screen:\n{s}");
    assert_terminal_usable(&t, "EARLIER-OUTPUT");
}

#[test]
fn a_first_frame_that_fails_restores_the_terminal_before_the_error() {
    if !tmux::available("first frame failure test") || !test_hooks_built("first frame failure test")
    {
        return;
    }
    let t = Tmux::start_with_env(W, H, &[("GANGMU_TEST_HOOK", "fail-first-draw")]);
    t.run_line("echo EARLIER-OUTPUT");
    t.wait_for("the earlier output", |s| {
        s.lines().any(|l| l == "EARLIER-OUTPUT")
    });
    t.launch(&[&report()]);
    let code = t.wait_for_exit();
    assert_eq!(code, 1, "a failed first frame is an error");
    // printed on the main screen, after the restore: inside the alternate screen it would
    // vanish with it (or stay, with the terminal left raw)
    let s = t.screen();
    assert!(
        s.contains("gangmu") && s.contains("drawing"),
        "the error is printed after the restore:\n{s}"
    );
    assert_terminal_usable(&t, "EARLIER-OUTPUT");
}

/// Sends `signal` to the running reader and checks that the terminal comes back usable.
fn signal_restores_the_terminal(signal: &str, codes: &[i32]) {
    if !tmux::available("signal test") {
        return;
    }
    let t = Tmux::start(W, H);
    t.run_line("echo EARLIER-OUTPUT");
    t.wait_for("the earlier output", |s| {
        s.lines().any(|l| l == "EARLIER-OUTPUT")
    });
    t.launch(&[&report()]);
    t.wait_for_reader();
    let pid = t.child_pid();
    let status = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
    let code = t.wait_for_exit();
    assert!(
        codes.contains(&code),
        "SIG{signal} ends the reader cleanly (exit {code})"
    );
    assert!(!t.screen().contains("q quit"));
    assert_terminal_usable(&t, "EARLIER-OUTPUT");
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores_the_terminal("TERM", &[0, 143]);
}

#[test]
fn sighup_restores_the_terminal() {
    signal_restores_the_terminal("HUP", &[0, 129]);
}

#[test]
fn ctrl_c_cancels_a_prompt_then_quits() {
    let Some(t) = open_report() else { return };
    // in the outline, while typing a search: Ctrl-c cancels the prompt
    t.keys(&["Tab", "/"]);
    t.type_text("流动");
    t.wait_for("the prompt", |s| status_line(s).contains("/流动"));
    t.keys(&["C-c"]);
    t.wait_for("the prompt to close", |s| {
        !status_line(s).contains("/流动") && s.contains("q quit")
    });
    // and then quits
    t.keys(&["C-c"]);
    assert_eq!(t.wait_for_exit(), 0);
    t.wait_for_format("#{alternate_on}", "0");
}

#[test]
fn reopening_resumes_at_the_same_section_with_the_same_folds() {
    if !tmux::available("resume test") {
        return;
    }
    let state = support::temp_dir("resume-state");
    let state_env = support::path_str(&state).to_owned();
    let t = Tmux::start_with_env(W, H, &[("GANGMU_STATE_DIR", &state_env)]);
    t.launch(&[&report()]);
    t.wait_for_reader();
    press_until_top(&t, &["2"], "二、主要做法");
    // fold 一、 in the outline: its children disappear from the outline pane
    t.keys(&["g", "Tab", "h", "Tab"]);
    t.wait_for("一、 folded", |s| outline_row(s, 1).contains("▸ 一、"));
    press_until_top(&t, &["2"], "二、主要做法");
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
    fresh_screen(&t);
    // the same file again: back at 二 with 一、 still folded
    t.launch(&[&report()]);
    let s = t.wait_for("the resumed position", |s| {
        text_top(s).starts_with("二、主要做法")
    });
    assert!(
        outline_row(&s, 1).contains("▸ 一、"),
        "folds come back:\n{s}"
    );
    assert!(
        outline_row(&s, 2).contains("二、"),
        "一、's children stay hidden:\n{s}"
    );
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
    fresh_screen(&t);
    // a renamed copy (same bytes) resumes too
    let copy = state.join("改名的副本.txt");
    std::fs::copy(report(), &copy).expect("copy the fixture");
    t.launch(&[support::path_str(&copy)]);
    t.wait_for("the renamed copy resumed", |s| {
        text_top(s).starts_with("二、主要做法")
    });
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
    fresh_screen(&t);
    // --no-resume starts at the top
    t.launch(&["--no-resume", &report()]);
    let s = t.wait_for_reader();
    assert!(
        !text_top(&s).starts_with("二、主要做法"),
        "--no-resume:\n{s}"
    );
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
    fresh_screen(&t);
}

/// Clears the pane so the next `wait_for_exit` sees only the next run's exit line.
fn fresh_screen(t: &Tmux) {
    t.run_line("clear");
    t.wait_for("a cleared screen", |s| !s.contains("AFTER-GANGMU-"));
}

#[test]
fn xdg_directories_hold_the_config_and_the_state() {
    if !tmux::available("XDG test") {
        return;
    }
    let home = support::temp_dir("xdg");
    let (state, config) = (home.join("state"), home.join("config"));
    std::fs::create_dir_all(config.join("gangmu")).expect("config dir");
    // a rebound key: x goes to the next heading
    std::fs::write(
        config.join("gangmu/config.toml"),
        "[keys.text]\n\"x\" = \"next_heading\"\n",
    )
    .expect("config");
    let env = [
        ("GANGMU_STATE_DIR", ""),
        ("GANGMU_CONFIG", ""),
        ("XDG_STATE_HOME", support::path_str(&state)),
        ("XDG_CONFIG_HOME", support::path_str(&config)),
    ];
    let t = Tmux::start_with_env(W, H, &env);
    t.launch(&[&report()]);
    t.wait_for_reader();
    press_until_top(&t, &["x"], "一、总体进展");
    press_until_top(&t, &["3"], "三、存在的问题");
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
    let positions = state.join("gangmu/positions.json");
    let saved =
        std::fs::read_to_string(&positions).expect("positions.json under XDG_STATE_HOME/gangmu");
    assert!(saved.contains("三、存在的问题"), "{saved}");
    fresh_screen(&t);
    t.launch(&[&report()]);
    t.wait_for("resumed from the XDG state", |s| {
        text_top(s).starts_with("三、存在的问题")
    });
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}
