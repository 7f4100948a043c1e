//! A tiny tmux harness for end-to-end tests of the interactive reader.
//!
//! Each [`Tmux`] runs its own tmux server on a socket of its own (`-L gangmu-test-<pid>-<n>`),
//! with no configuration file, one detached session of a fixed size running a plain `sh` with
//! the prompt `$ ` and the environment of [`super::command`] (no config file, a temporary
//! state directory), `TERM=xterm-256color`. The server is killed when the value is dropped, so
//! a failing test never leaves one behind. Tests poll the screen with [`Tmux::wait_for`]
//! instead of sleeping for fixed times.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long [`Tmux::wait_for`] waits by default.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The shell prompt set in the pane (through an `ENV` file: `sh` resets `PS1` for root).
pub const PROMPT: &str = "gangmu-test$ ";

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// True when a usable `tmux` is installed; otherwise reports the skip through
/// [`super::skip_because`] (a failure under CI).
pub fn available(test: &str) -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        super::skip_because(test, "tmux is not installed");
    }
    ok
}

/// Quotes `s` for `sh` (single quotes).
pub fn sh_quote(s: impl AsRef<OsStr>) -> String {
    let s = s.as_ref().to_string_lossy();
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The gangmu binary, quoted for the shell.
pub fn gangmu() -> String {
    sh_quote(super::bin())
}

/// One tmux server with one session; killed on drop.
pub struct Tmux {
    socket: String,
    /// Target of the pane: `main:0.0`.
    target: String,
}

impl Tmux {
    /// Starts a server whose only session runs `sh` in a `width`×`height` window, and waits for
    /// the first prompt.
    pub fn start(width: u16, height: u16) -> Self {
        Self::start_with_env(width, height, &[])
    }

    /// Like [`Tmux::start`], with extra environment variables for the shell (and so gangmu).
    pub fn start_with_env(width: u16, height: u16, extra: &[(&str, &str)]) -> Self {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let socket = format!("gangmu-test-{}-{n}", std::process::id());
        let t = Self {
            socket,
            target: "main:0.0".to_owned(),
        };
        // The server inherits this command's environment: that of `support::command()`.
        let template = super::command();
        let mut cmd = t.base();
        for (k, v) in template.get_envs() {
            match v {
                Some(v) => cmd.env(k, v),
                None => cmd.env_remove(k),
            };
        }
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let env_file = std::env::temp_dir().join(format!("{}.shrc", t.socket));
        std::fs::write(&env_file, format!("PS1='{PROMPT}'\n")).expect("write the shell's ENV file");
        cmd.env("TERM", "xterm-256color")
            .env("PS1", PROMPT)
            .env("ENV", &env_file)
            .env("LANG", "C.UTF-8")
            .env("LC_ALL", "C.UTF-8")
            .env_remove("TMUX")
            .env_remove("PROMPT_COMMAND");
        cmd.args(["new-session", "-d", "-s", "main", "-x"])
            .arg(width.to_string())
            .arg("-y")
            .arg(height.to_string())
            .arg("env TERM=xterm-256color sh");
        let out = cmd.output().expect("run tmux new-session");
        assert!(
            out.status.success(),
            "tmux new-session failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // keep the pane after the shell exits, so a crash can still be inspected
        t.tmux(&["set-option", "-g", "remain-on-exit", "on"]);
        t.wait_for("the shell prompt", |s| {
            s.replace('\n', "").contains(PROMPT.trim_end())
        });
        t
    }

    fn base(&self) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.args(["-L", &self.socket, "-f", "/dev/null"]);
        cmd.stdin(Stdio::null());
        cmd
    }

    /// Runs a tmux command on this server; panics when it fails.
    pub fn tmux(&self, args: &[&str]) -> Output {
        let out = self.base().args(args).output().expect("run tmux");
        assert!(
            out.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Sends tmux key names (`Enter`, `Tab`, `q`, `C-c`…) to the pane, one argument each.
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.target];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// Types `text` literally (any Unicode).
    pub fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", &self.target, "-l", text]);
    }

    /// Types a shell command line and presses Enter.
    pub fn run_line(&self, line: &str) {
        self.type_text(line);
        self.keys(&["Enter"]);
    }

    /// Starts gangmu with `args` (each quoted for the shell) from the prompt, printing
    /// `BEFORE-GANGMU` first and `AFTER-GANGMU-<exit code>` once it ends.
    pub fn launch(&self, args: &[&str]) {
        let args: Vec<String> = args.iter().map(sh_quote).collect();
        self.run_line(&format!(
            "echo BEFORE-GANGMU; {} {}; echo AFTER-GANGMU-$?",
            gangmu(),
            args.join(" ")
        ));
    }

    /// The visible screen, one line per row, trailing spaces trimmed.
    pub fn screen(&self) -> String {
        let out = self.tmux(&["capture-pane", "-p", "-t", &self.target]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// A tmux format expanded for the pane (`#{pane_title}`, `#{cursor_flag}`…).
    pub fn display(&self, format: &str) -> String {
        let out = self.tmux(&["display-message", "-p", "-t", &self.target, format]);
        String::from_utf8_lossy(&out.stdout).trim_end().to_owned()
    }

    /// Resizes the window.
    pub fn resize(&self, width: u16, height: u16) {
        self.tmux(&[
            "resize-window",
            "-t",
            "main",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
        ]);
    }

    /// The process id of the shell in the pane.
    pub fn pane_pid(&self) -> u32 {
        self.display("#{pane_pid}").parse().expect("pane pid")
    }

    /// The process id of the shell's child running `bin` (gangmu), once it has started.
    pub fn child_pid(&self) -> u32 {
        let shell = self.pane_pid();
        let start = Instant::now();
        loop {
            if let Some(pid) = children_of(shell).into_iter().next() {
                return pid;
            }
            assert!(start.elapsed() < TIMEOUT, "no child process of the shell");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Polls the screen until `cond` holds (within [`TIMEOUT`]); returns that screen. Panics
    /// with `what` and the last screen otherwise.
    pub fn wait_for(&self, what: &str, cond: impl Fn(&str) -> bool) -> String {
        self.wait_for_within(what, TIMEOUT, cond)
    }

    /// [`Tmux::wait_for`] with its own timeout.
    pub fn wait_for_within(
        &self,
        what: &str,
        timeout: Duration,
        cond: impl Fn(&str) -> bool,
    ) -> String {
        let start = Instant::now();
        let mut delay = Duration::from_millis(10);
        loop {
            let screen = self.screen();
            if cond(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < timeout,
                "timed out after {timeout:?} waiting for {what}; the screen was:\n{screen}"
            );
            std::thread::sleep(delay);
            delay = (delay * 2).min(Duration::from_millis(100));
        }
    }

    /// Polls a tmux format until it equals `want`.
    pub fn wait_for_format(&self, format: &str, want: &str) {
        let start = Instant::now();
        loop {
            let got = self.display(format);
            if got == want {
                return;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {format} = {want:?} (it is {got:?}); the screen was:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until gangmu has drawn its status line: the last row ends with the key hint
    /// (`… q quit` on wide screens, `?` on narrow ones) after the position `N%`.
    pub fn wait_for_reader(&self) -> String {
        self.wait_for("the reader's status line", |s| {
            s.lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| {
                    let l = l.trim_end();
                    l.contains('%')
                        && (l.ends_with("q quit") || l.ends_with('?') || l.ends_with("q 退出"))
                })
        })
    }

    /// Waits until the wrapper printed by [`Tmux::launch`] reports gangmu's exit; returns the
    /// exit code.
    pub fn wait_for_exit(&self) -> i32 {
        // the echoed command line may wrap right before `AFTER-GANGMU-$?`: only a number counts
        let code = |s: &str| {
            s.lines().find_map(|l| {
                l.strip_prefix("AFTER-GANGMU-")
                    .and_then(|rest| rest.trim().parse::<i32>().ok())
            })
        };
        let screen = self.wait_for("gangmu to exit", |s| code(s).is_some());
        code(&screen).expect("exit code")
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(std::env::temp_dir().join(format!("{}.shrc", self.socket)));
        let _ = self
            .base()
            .arg("kill-server")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// Processes whose parent is `parent` (from `/proc`; empty elsewhere).
pub fn children_of(parent: u32) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut pids = Vec::new();
    for entry in dir.filter_map(Result::ok) {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // "pid (comm) state ppid ...": comm may hold spaces, so split after the last ')'
        let parent_of_pid = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok());
        if parent_of_pid == Some(parent) {
            pids.push(pid);
        }
    }
    pids
}

/// The text pane's part of screen row `row` (0 = the title bar): what follows the outline's
/// `│` separator, or the whole row when the outline is hidden; trimmed.
pub fn text_row(screen: &str, row: usize) -> String {
    let line = screen.lines().nth(row).unwrap_or("");
    let text = line.split_once('│').map_or(line, |(_, t)| t);
    text.trim().to_owned()
}

/// The text pane's top line (screen row 1, under the title bar).
pub fn text_top(screen: &str) -> String {
    text_row(screen, 1)
}

/// The outline pane's part of screen row `row` (before the separator).
pub fn outline_row(screen: &str, row: usize) -> String {
    let line = screen.lines().nth(row).unwrap_or("");
    line.split_once('│')
        .map_or("", |(o, _)| o)
        .trim()
        .to_owned()
}

/// The last non-empty row of the screen (the status line while the reader runs).
pub fn status_line(screen: &str) -> String {
    screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .to_owned()
}

/// Path of a fixture under `tests/fixtures`.
pub fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Opens `file` in a fresh `width`×`height` tmux with its own state directory `state` and waits
/// for the reader; `None` (the skip said, or a failure under CI) when tmux is missing.
pub fn open_with_state(
    what: &str,
    width: u16,
    height: u16,
    file: &Path,
    state: &Path,
) -> Option<Tmux> {
    if !available(what) {
        return None;
    }
    let t = Tmux::start(width, height);
    t.launch(&["--state-dir", super::path_str(state), super::path_str(file)]);
    t.wait_for_reader();
    Some(t)
}
