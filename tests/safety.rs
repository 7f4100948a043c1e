//! Terminal safety: text that contains escape sequences never reaches the terminal as such —
//! not in the reader (checked in tmux: the pane title, the screen and the clipboard stay
//! intact, and markers such as `^[` show instead), not in `--print` or `--outline` output, and
//! not in error messages naming a file whose name holds control characters.

mod support;

use std::path::PathBuf;

use support::tmux::{self, Tmux};

/// A document full of hostile sequences, each on a line of its own between plain Chinese text.
const HOSTILE: &str = concat!(
    "一、安全检查\n",
    "\n",
    "第一行安全文本：标题修改\u{1b}]0;PWNED\u{7}之后。\n",
    "\n",
    "第二行安全文本：清屏\u{1b}[2J\u{1b}[H之后。\n",
    "\n",
    "第三行安全文本：剪贴板\u{1b}]52;c;UFdORUQ=\u{7}之后。\n",
    "\n",
    "第四行安全文本：光标\u{1b}[10;10H移动\u{1b}[5A\u{1b}[3C之后。\n",
    "\n",
    "二、更多控制字符\n",
    "\n",
    "第五行安全文本：八位\u{9b}2J控制\u{9d}0;PWNED\u{9c}之后。\n",
    "\n",
    "第六行安全文本：方向\u{202e}颠倒\u{202c}之后，响铃\u{7}\u{7}之后。\n",
    "\n",
    "第七行安全文本：隐藏\u{1b}[8m看不见\u{1b}[0m之后，退格\u{8}\u{8}之后。\n",
    "\n",
    "三、标题里的\u{1b}]0;PWNED\u{7}转义\n",
    "\n",
    "最后一行安全文本。\n",
);

/// The same document as bytes, plus a raw 8-bit CSI byte (0x9B) that is not UTF-8.
fn hostile_bytes_with_raw_c1() -> Vec<u8> {
    let mut b = HOSTILE.as_bytes().to_vec();
    b.extend_from_slice(b"raw \x9b2J byte\n");
    b
}

fn write_hostile(dir: &std::path::Path) -> PathBuf {
    let path = dir.join("hostile.txt");
    std::fs::write(&path, HOSTILE).expect("write fixture");
    path
}

/// The first byte sequence a terminal would act on: ESC, BEL, other C0 controls except
/// newline and tab (the column separator of `--outline --stats`), DEL, a C1 control as a raw byte or as UTF-8 (U+0080–U+009F), or a bidi control.
fn find_unsafe(bytes: &[u8]) -> Option<(usize, String)> {
    for (i, &b) in bytes.iter().enumerate() {
        if (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f {
            return Some((i, format!("byte {b:#04x}")));
        }
    }
    let text = String::from_utf8_lossy(bytes);
    for (i, c) in text.char_indices() {
        if ('\u{80}'..='\u{9f}').contains(&c)
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
        {
            return Some((i, format!("U+{:04X}", c as u32)));
        }
    }
    // a raw C1 byte that is not part of a UTF-8 sequence shows up as U+FFFD in the lossy text
    if std::str::from_utf8(bytes).is_err() {
        return Some((0, "invalid UTF-8 (raw 8-bit bytes)".to_owned()));
    }
    None
}

fn assert_safe(what: &str, bytes: &[u8]) {
    if let Some((at, why)) = find_unsafe(bytes) {
        let from = at.saturating_sub(40);
        let to = (at + 40).min(bytes.len());
        let around = String::from_utf8_lossy(&bytes[from..to]);
        panic!("{what}: {why} at byte {at}: {around:?}");
    }
}

#[test]
fn print_never_emits_control_sequences() {
    let dir = support::temp_dir("safety-print");
    let path = dir.join("hostile-raw.txt");
    std::fs::write(&path, hostile_bytes_with_raw_c1()).expect("write");
    let utf8 = write_hostile(&dir);
    for p in [&path, &utf8] {
        for width in ["80", "20", "7", "1"] {
            let out = support::run(&["--print", "--width", width, support::path_str(p)]);
            assert!(out.status.success(), "--print exits 0");
            assert_safe(
                &format!("--print --width {width} {}", p.display()),
                &out.stdout,
            );
            assert_safe("--print stderr", &out.stderr);
        }
    }
    let out = support::run(&["--print", "--width", "200", support::path_str(&utf8)]);
    let text = String::from_utf8(out.stdout).expect("UTF-8 output");
    // the sequences are shown as visible markers, and no text is lost
    for marker in [
        "^[]0;PWNED^G",
        "^[[2J^[[H",
        "^[]52;c;UFdORUQ=^G",
        "<U+009B>2J",
    ] {
        assert!(text.contains(marker), "{marker:?} in:\n{text}");
    }
    for marker in ["<U+202E>", "<U+202C>", "^G^G", "^H^H", "^[[8m"] {
        assert!(text.contains(marker), "{marker:?} in:\n{text}");
    }
    for n in ["一", "二", "三", "四", "五", "六", "七"] {
        assert!(
            text.contains(&format!("第{n}行安全文本")),
            "line {n} kept:\n{text}"
        );
    }
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn outline_never_emits_control_sequences() {
    let dir = support::temp_dir("safety-outline");
    let path = write_hostile(&dir);
    let p = support::path_str(&path);
    for args in [
        vec!["--outline", p],
        vec!["--outline", "--stats", p],
        vec!["--outline", "--json", p],
    ] {
        let out = support::run(&args);
        assert!(out.status.success(), "{args:?} exits 0");
        assert_safe(&format!("{args:?}"), &out.stdout);
        assert_safe(&format!("{args:?} stderr"), &out.stderr);
    }
    let out = support::run(&["--outline", p]);
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(
        text.contains("三、标题里的^[]0;PWNED^G转义"),
        "the heading shows markers:\n{text}"
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn raw_outline_passes_control_characters_through() {
    let dir = support::temp_dir("safety-raw-outline");
    let path = write_hostile(&dir);
    let out = support::run(&["--outline", "--raw", support::path_str(&path)]);
    assert!(out.status.success());
    assert!(
        out.stdout.windows(2).any(|w| w == b"\x1b]"),
        "--raw keeps ESC: {:?}",
        String::from_utf8_lossy(&out.stdout)
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn raw_print_passes_control_characters_through() {
    let dir = support::temp_dir("safety-raw-print");
    let path = write_hostile(&dir);
    let out = support::run(&["--print", "--raw", support::path_str(&path)]);
    assert!(out.status.success());
    assert!(
        out.stdout.windows(2).any(|w| w == b"\x1b]"),
        "--raw keeps ESC: {:?}",
        String::from_utf8_lossy(&out.stdout)
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn error_messages_escape_control_characters_in_file_names() {
    let dir = support::temp_dir("safety-names");
    let evil = "bad\u{1b}]0;PWNED\u{7}name\u{9b}2J\u{202e}.txt";
    // missing file
    let missing = dir.join(evil);
    // a directory
    let as_dir = dir.join(format!("dir-{evil}"));
    std::fs::create_dir(&as_dir).expect("mkdir");
    // a binary file
    let binary = dir.join(format!("bin-{evil}"));
    std::fs::write(&binary, b"abc\0def\0").expect("write");
    for (path, why) in [
        (&missing, "no such file"),
        (&as_dir, "is a directory"),
        (&binary, "binary"),
    ] {
        for mode in ["--print", "--outline"] {
            let out = support::run(&[mode, support::path_str(path)]);
            assert_eq!(out.status.code(), Some(1), "{mode} {why}");
            assert_safe(&format!("{mode} error for {why}"), &out.stderr);
            assert!(out.stdout.is_empty());
            let err = String::from_utf8(out.stderr).expect("UTF-8");
            assert_eq!(err.lines().count(), 1, "one line: {err:?}");
            assert!(
                err.contains("bad^[]0;PWNED^Gname<U+009B>2J<U+202E>.txt"),
                "the name with markers: {err:?}"
            );
            assert!(err.contains(why), "{why:?} in {err:?}");
        }
    }
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn reader_shows_markers_and_keeps_the_terminal_intact() {
    if !tmux::available("terminal safety test") {
        return;
    }
    let dir = support::temp_dir("safety-tmux");
    let path = write_hostile(&dir);
    let t = Tmux::start(100, 30);
    let title = t.display("#{pane_title}");
    t.launch(&[support::path_str(&path)]);
    let s = t.wait_for("the hostile document on screen", |s| {
        s.contains("q quit") && s.contains("最后一行安全文本")
    });
    let check = |s: &str| {
        assert_eq!(
            t.display("#{pane_title}"),
            title,
            "the pane title is unchanged"
        );
        assert!(!title.contains("PWNED"));
        assert!(s.contains("^["), "markers are visible:\n{s}");
        for n in ["一", "二", "三", "四", "五", "六", "七"] {
            assert!(
                s.contains(&format!("第{n}行安全文本")),
                "line {n} is still on screen (nothing cleared or moved it):\n{s}"
            );
        }
        assert!(
            s.contains("<U+202E>"),
            "the bidi override is a marker:\n{s}"
        );
        assert!(
            s.lines().next().unwrap_or("").contains("hostile.txt")
                || s.lines().next().unwrap_or("").contains("一、安全检查"),
            "the title bar is still on the first row:\n{s}"
        );
        assert!(
            tmux::status_line(s).contains("q quit"),
            "the status line is still on the last row:\n{s}"
        );
        // OSC 52 would have created a tmux paste buffer
        let buffers = t.tmux(&["list-buffers"]);
        assert!(
            buffers.stdout.is_empty(),
            "no clipboard write reached tmux: {}",
            String::from_utf8_lossy(&buffers.stdout)
        );
    };
    check(&s);
    // scroll through and back (redraws the hostile lines at other rows), and open the outline
    // (a section jump puts its heading on the top line, so `g` comes back to the top last)
    t.keys(&["j", "j", "G", "g", "3", "Tab", "j", "Tab", "g"]);
    let s = t.wait_for("the redraw", |s| s.contains("最后一行安全文本"));
    check(&s);
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
    assert_eq!(
        t.display("#{pane_title}"),
        title,
        "the pane title is unchanged"
    );
    std::fs::remove_dir_all(dir).ok();
}

/// A config file whose keys and values carry escape sequences, a bidi override and a newline.
const HOSTILE_CONFIG: &str = concat!(
    "theme = \"da\\u001b]0;PWNED\\u0007rk\"\n",
    "\"bo\\u001b]0;PWNED\\u0007gus\\nsecond line\" = 1\n",
    "[keys.text]\n",
    "\"\\u001b]0;PWNED\\u0007x\" = \"quit\"\n",
    "\"j\" = \"no_such\\u001b[2J\\nmore\"\n",
    "\"k\" = \"quit\\u202e\"\n",
    "[rates]\n",
    "read = -5\n",
    "\"\\u009b2J\" = 3\n",
);

#[test]
fn config_keys_and_values_are_escaped_in_every_warning() {
    let dir = support::temp_dir("safety-config");
    let config = dir.join("config.toml");
    std::fs::write(&config, HOSTILE_CONFIG).expect("write");
    let doc = write_hostile(&dir);
    for args in [
        vec!["--print-config"],
        vec!["--print", support::path_str(&doc)],
        vec!["--outline", support::path_str(&doc)],
    ] {
        let out = support::command()
            .env("GANGMU_CONFIG", &config)
            .args(&args)
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run gangmu");
        assert!(out.status.success(), "{args:?}");
        assert_safe(&format!("{args:?} stderr"), &out.stderr);
        assert_safe(&format!("{args:?} stdout"), &out.stdout);
        let err = String::from_utf8(out.stderr).expect("UTF-8");
        // one line per problem: theme, the unknown key, two bindings, the action, read, the
        // unknown rates key
        assert_eq!(err.lines().count(), 7, "{err}");
        assert!(
            err.lines().all(|l| l.starts_with("gangmu: warning: ")),
            "{err}"
        );
        assert!(err.contains("^[]0;PWNED^G"), "markers shown: {err}");
    }
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn print_config_escapes_format_characters_in_what_it_writes() {
    let dir = support::temp_dir("safety-print-config");
    let config = dir.join("config.toml");
    // a valid binding whose key is a bidi override: it is kept, and written escaped
    std::fs::write(&config, "[keys.text]\n\"\\u202e\" = \"quit\"\n").expect("write");
    let out = support::command()
        .env("GANGMU_CONFIG", &config)
        .arg("--print-config")
        .output()
        .expect("run gangmu");
    assert!(out.status.success());
    assert_safe("--print-config stdout", &out.stdout);
    assert_safe("--print-config stderr", &out.stderr);
    std::fs::remove_dir_all(dir).ok();
}
