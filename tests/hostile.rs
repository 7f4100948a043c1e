//! Hostile input: each test feeds gangmu something a document reader meets in the wild (or in
//! an attack) and states the expected outcome — exit code, message or output. Large inputs are
//! generated in a temporary directory and deleted afterwards.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use gangmu::app::{App, AppOptions, Message};
use gangmu::display::AmbiguousWidth;
use gangmu::document::Format;
use gangmu::keymap::Keymap;
use gangmu::layout::LayoutOptions;
use gangmu::load::{self, LoadOptions, Source};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use support::path_str;
use support::tmux::{self, Tmux, fixture};

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Exit 0, nothing on stderr, no panic.
fn assert_clean(what: &str, out: &Output) {
    assert!(
        out.status.success(),
        "{what}: exit {:?}, stderr {}",
        out.status.code(),
        stderr(out)
    );
    assert!(out.stderr.is_empty(), "{what}: stderr {}", stderr(out));
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write fixture");
    p
}

// ---------------------------------------------------------------- degenerate documents

#[test]
fn empty_file_prints_nothing() {
    let dir = support::temp_dir("hostile-empty");
    let p = write(&dir, "empty.txt", b"");
    for args in [
        vec!["--outline", path_str(&p)],
        vec!["--print", path_str(&p)],
    ] {
        let out = support::run(&args);
        assert_clean(&format!("{args:?}"), &out);
        assert_eq!(stdout(&out), "", "{args:?}");
    }
    let out = support::run(&["--outline", "--json", path_str(&p)]);
    assert_clean("--json", &out);
    assert!(stdout(&out).contains("\"sections\": []") || stdout(&out).contains("\"sections\":[]"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn blank_lines_only_print_nothing() {
    let dir = support::temp_dir("hostile-blank");
    let p = write(&dir, "blank.txt", "\n \n\u{3000}\n\t\n\r\n".repeat(1000));
    for args in [
        vec!["--outline", path_str(&p)],
        vec!["--print", path_str(&p)],
    ] {
        let out = support::run(&args);
        assert_clean(&format!("{args:?}"), &out);
        assert_eq!(stdout(&out).trim(), "", "{args:?}");
    }
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn headings_only_give_the_whole_tree() {
    let dir = support::temp_dir("hostile-headings");
    let mut doc = String::new();
    for chapter in ["一", "二", "三"] {
        doc.push('第');
        doc.push_str(chapter);
        doc.push_str("章　总则\n");
        for section in ["一", "二"] {
            doc.push('第');
            doc.push_str(section);
            doc.push_str("节　范围\n");
        }
    }
    let p = write(&dir, "headings.txt", &doc);
    let out = support::run(&["--outline", path_str(&p)]);
    assert_clean("--outline", &out);
    let text = stdout(&out);
    assert_eq!(
        text.lines().count(),
        9,
        "3 chapters × (1 + 2 sections):\n{text}"
    );
    assert_eq!(text.matches("第一节").count(), 3, "{text}");
    assert!(text.lines().any(|l| l.starts_with("  第二节")), "{text}");
    let out = support::run(&["--print", "--width", "30", path_str(&p)]);
    assert_clean("--print", &out);
    assert_eq!(stdout(&out).matches("总则").count(), 3);
    std::fs::remove_dir_all(dir).ok();
}

// ---------------------------------------------------------------- deep nesting, huge lines

/// Runs `args` and fails when it takes longer than `limit`.
fn run_within(args: &[&str], limit: Duration) -> Output {
    let start = Instant::now();
    let out = support::run(args);
    let took = start.elapsed();
    assert!(took < limit, "{args:?} took {took:?} (limit {limit:?})");
    out
}

#[test]
fn ten_thousand_nested_markdown_quotes() {
    let dir = support::temp_dir("hostile-quotes");
    let mut doc = String::from("# 深层引用\n\n");
    doc.push_str(&"> ".repeat(10_000));
    doc.push_str("最深处的一句话。\n\n## 之后的标题\n\n正文。\n");
    // and a staircase of 2,000 lines, each one level deeper (the size grows quadratically)
    for i in 0..2_000 {
        doc.push_str(&">".repeat(i + 1));
        doc.push_str(" 第");
        doc.push_str(&i.to_string());
        doc.push_str("层\n");
    }
    let p = write(&dir, "quotes.md", &doc);
    for args in [
        vec!["--format", "markdown", "--outline", path_str(&p)],
        vec!["--outline", path_str(&p)],
        vec!["--print", "--width", "40", path_str(&p)],
    ] {
        let out = run_within(&args, Duration::from_secs(10));
        assert_clean(&format!("{args:?}"), &out);
        if args.contains(&"--outline") {
            assert_eq!(stdout(&out), "深层引用\n  之后的标题\n", "{args:?}");
        } else {
            assert!(stdout(&out).contains("最深处的一句话。"));
        }
    }
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn ten_thousand_nested_markdown_lists() {
    let dir = support::temp_dir("hostile-lists");
    let mut doc = String::from("# 深层列表\n\n");
    doc.push_str(&"- ".repeat(10_000));
    doc.push_str("最深的条目\n\n");
    doc.push_str(&"1. ".repeat(10_000));
    doc.push_str("最深的编号条目\n\n## 之后的标题\n\n");
    // and a staircase of indented items, 2,000 levels (the indentation grows quadratically)
    for i in 0..2_000 {
        doc.push_str(&"  ".repeat(i));
        doc.push_str("- 条目\n");
    }
    let p = write(&dir, "lists.md", &doc);
    for args in [
        vec!["--format", "markdown", "--outline", path_str(&p)],
        vec!["--print", "--width", "40", path_str(&p)],
    ] {
        let out = run_within(&args, Duration::from_secs(10));
        assert_clean(&format!("{args:?}"), &out);
        if args.contains(&"--outline") {
            assert_eq!(stdout(&out), "深层列表\n  之后的标题\n");
        } else {
            assert!(stdout(&out).contains("最深的条目"));
        }
    }
    std::fs::remove_dir_all(dir).ok();
}

/// The characters of the 50 MB line: all two columns wide, with punctuation for the line
/// breaking rules.
const LINE_UNIT: &str = "天地玄黄，宇宙洪荒。日月盈昃，辰宿列张。";

#[test]
fn fifty_megabyte_single_line() {
    let dir = support::temp_dir("hostile-50mb");
    let p = dir.join("one-line.txt");
    let repeats = 50 * 1024 * 1024 / LINE_UNIT.len();
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&p).expect("create"));
        for _ in 0..repeats {
            f.write_all(LINE_UNIT.as_bytes()).expect("write");
        }
        f.flush().expect("flush");
    }
    let input_chars = repeats * LINE_UNIT.chars().count();
    let start = Instant::now();
    let out = run_within(&["--outline", path_str(&p)], Duration::from_secs(10));
    assert_clean("--outline", &out);
    assert_eq!(stdout(&out), "", "no headings in one long line");

    let out = run_within(
        &["--print", "--width", "80", path_str(&p)],
        Duration::from_secs(15),
    );
    assert_clean("--print", &out);
    // every character comes out once; lines fit 80 columns (40 wide characters)
    let mut chars = 0usize;
    let mut lines = 0usize;
    for line in out.stdout.split(|&b| b == b'\n') {
        let line = std::str::from_utf8(line).expect("UTF-8 line");
        let n = line.chars().filter(|&c| c != '\u{3000}').count();
        let all = line.chars().count();
        assert!(all <= 40, "a line wider than 80 columns: {line}");
        chars += n;
        lines += 1;
    }
    assert_eq!(chars, input_chars, "every character printed once");
    assert!(lines >= input_chars / 40, "{lines} lines");
    eprintln!("50 MB line: outline + print in {:?}", start.elapsed());
    std::fs::remove_dir_all(dir).ok();
}

// ---------------------------------------------------------------- bytes and encodings

#[test]
fn nul_bytes_are_refused_unless_forced() {
    let dir = support::temp_dir("hostile-nul");
    let p = write(
        &dir,
        "nul.txt",
        "一、标题\n\n正文\0中间\0有零。\n".as_bytes(),
    );
    let out = support::run(&["--print", path_str(&p)]);
    assert_eq!(out.status.code(), Some(1), "binary refused");
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(
        err.starts_with("gangmu: ") && err.contains("nul.txt"),
        "{err}"
    );
    assert!(
        err.contains("--force"),
        "the message names the way out: {err}"
    );

    let out = support::run(&["--print", "--force", path_str(&p)]);
    assert_clean("--force", &out);
    assert!(
        stdout(&out).contains("正文^@中间^@有零。"),
        "{}",
        stdout(&out)
    );
    let out = support::run(&["--outline", "--force", path_str(&p)]);
    assert_clean("--outline --force", &out);
    assert_eq!(stdout(&out), "一、标题\n");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn mixed_gbk_and_utf8_decodes_with_one_warning() {
    let dir = support::temp_dir("hostile-mixed");
    let mut bytes = "一、标题\n\n这是UTF-8写的正文。\n\n".as_bytes().to_vec();
    // "中文正文" in GBK, then random high bytes, then UTF-8 again
    bytes.extend_from_slice(b"\xd6\xd0\xce\xc4\xd5\xfd\xce\xc4\n\n\xff\xfe\x80\x81\xa0\n\n");
    bytes.extend_from_slice("二、又一个标题\n\n结尾。\n".as_bytes());
    let p = write(&dir, "mixed.txt", &bytes);
    for args in [
        vec!["--print", path_str(&p)],
        vec!["--outline", path_str(&p)],
    ] {
        let out = support::run(&args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "exactly one warning: {err}");
        assert!(
            err.contains("warning") && err.contains("mixed.txt"),
            "{err}"
        );
        assert!(!out.stdout.is_empty());
    }
    // the UTF-8 parts survive, the rest becomes U+FFFD
    let out = support::run(&["--print", path_str(&p)]);
    let text = stdout(&out);
    assert!(text.contains("这是UTF-8写的正文。"), "{text}");
    assert!(
        text.contains("二、又一个标题") && text.contains('\u{fffd}'),
        "{text}"
    );
    assert_eq!(
        stderr(&out),
        format!(
            "gangmu: warning: {}: invalid UTF-8 byte sequences were replaced by U+FFFD\n",
            p.display()
        )
    );
    let out = support::run(&["--outline", path_str(&p)]);
    assert_eq!(stdout(&out), "一、标题\n二、又一个标题\n");

    // mostly GBK with UTF-8 pasted in: decoded as GB18030, at most one warning, no crash
    let mut bytes = Vec::new();
    for _ in 0..50 {
        bytes.extend_from_slice(b"\xd6\xd0\xce\xc4\xd5\xfd\xce\xc4\xa1\xa3\n\n");
    }
    bytes.extend_from_slice("粘贴进来的UTF-8文字。\n".as_bytes());
    bytes.extend_from_slice(b"\x81\n\xff\xff\xff\n");
    let p = write(&dir, "mostly-gbk.txt", &bytes);
    let out = support::run(&["--print", path_str(&p)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).lines().count() <= 1, "{}", stderr(&out));
    assert!(stdout(&out).contains("中文正文。"), "{}", stdout(&out));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn bom_in_the_middle_is_shown_as_a_marker() {
    let dir = support::temp_dir("hostile-bom");
    let p = write(
        &dir,
        "bom.txt",
        "\u{feff}一、标题\n\n前半句\u{feff}后半句。\n\n\u{feff}二、第二个标题\n".as_bytes(),
    );
    let out = support::run(&["--print", "--width", "60", path_str(&p)]);
    assert_clean("--print", &out);
    let text = stdout(&out);
    assert!(text.contains("前半句<U+FEFF>后半句。"), "{text}");
    assert!(
        !text.starts_with("<U+FEFF>"),
        "the leading BOM is the encoding mark: {text}"
    );
    assert!(!text.contains('\u{feff}'), "never raw: {text:?}");
    let out = support::run(&["--outline", path_str(&p)]);
    assert_clean("--outline", &out);
    assert!(stdout(&out).starts_with("一、标题\n"), "{}", stdout(&out));
    std::fs::remove_dir_all(dir).ok();
}

// ---------------------------------------------------------------- names and file kinds

#[test]
fn awkward_file_names() {
    let dir = support::temp_dir("hostile-names");
    let body = "一、标题\n\n正文。\n";
    for name in [
        "with spaces.txt",
        "中文 文件名（草稿）.txt",
        "-leading-dash.txt",
        "--print",
    ] {
        let p = write(&dir, name, body);
        // after `--`, or as a path that does not start with a dash
        for arg in [path_str(&p).to_owned(), name.to_owned()] {
            let mut cmd = support::command();
            cmd.current_dir(&dir).args(["--outline", "--"]).arg(&arg);
            let out = cmd.stdin(Stdio::null()).output().expect("run");
            assert_clean(&format!("{arg:?}"), &out);
            assert_eq!(stdout(&out), "一、标题\n", "{arg:?}");
        }
    }
    // without `--`, a leading dash is an option: a usage error (exit 2), not a crash
    let mut cmd = support::command();
    cmd.current_dir(&dir)
        .args(["--outline", "-leading-dash.txt"]);
    let out = cmd.stdin(Stdio::null()).output().expect("run");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    // a missing file with such a name: one line naming it
    let out = support::run(&["--outline", "--", "-不存在 的.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "gangmu: -不存在 的.txt: no such file\n");
    std::fs::remove_dir_all(dir).ok();
}

#[cfg(unix)]
#[test]
fn fifo_is_read_to_the_end() {
    let dir = support::temp_dir("hostile-fifo");
    let fifo = dir.join("pipe.txt");
    let ok = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("skipping fifo_is_read_to_the_end: mkfifo failed");
        return;
    }
    let doc = "一、开头\n\n正文。\n\n（一）小节\n\n正文。\n\n二、结尾\n\n正文。\n".repeat(2000);
    let writer = {
        let fifo = fifo.clone();
        let doc = doc.clone();
        std::thread::spawn(move || {
            // blocks until gangmu opens the FIFO for reading
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .open(&fifo)
                .expect("open fifo");
            for piece in doc.as_bytes().chunks(4096) {
                f.write_all(piece).expect("write fifo");
            }
        })
    };
    let out = run_within(&["--outline", path_str(&fifo)], Duration::from_secs(10));
    writer.join().expect("writer");
    assert_clean("--outline on a FIFO", &out);
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 6000, "all 2,000 copies read");
    assert!(
        text.starts_with("一、开头\n  （一）小节\n二、结尾\n"),
        "{text}"
    );
    std::fs::remove_dir_all(dir).ok();
}

#[cfg(unix)]
#[test]
fn dev_zero_is_refused_quickly() {
    for mode in ["--outline", "--print"] {
        let out = run_within(&[mode, "/dev/zero"], Duration::from_secs(3));
        assert_eq!(out.status.code(), Some(1), "{mode}");
        assert_eq!(
            stderr(&out),
            "gangmu: /dev/zero: not a regular file (a device or socket)\n"
        );
        assert!(out.stdout.is_empty());
    }
}

// ---------------------------------------------------------------- tiny widths and screens

/// Text that is hard to wrap in one or two columns: wide characters, markers wider than the
/// column, tabs, long Latin words, closing punctuation runs, emoji and combining marks.
const TRICKY: &str = concat!(
    "一、窄\n\n",
    "“引号”——破折号……省略号。\u{1b}[2J\t制表\tTab\n\n",
    "supercalifragilisticexpialidocious 123456789.0123\n\n",
    "e\u{301}\u{302}👨‍👩‍👧‍👦🇨🇳\u{202e}。」』）】\n\n",
    "\u{3000}\u{3000}全角空格开头，\u{feff}零宽\u{200b}字符。\n",
);

#[test]
fn print_at_width_one_and_two_never_panics() {
    let dir = support::temp_dir("hostile-narrow");
    let tricky = write(&dir, "tricky.txt", TRICKY);
    let report = fixture("report.txt");
    for p in [&tricky, &report] {
        for width in ["1", "2", "3"] {
            let out = support::run(&["--print", "--width", width, path_str(p)]);
            assert_clean(&format!("--print --width {width} {}", p.display()), &out);
            let text = stdout(&out);
            assert!(text.lines().count() > 5, "{text}");
        }
    }
    // nothing is lost at width 1: the concatenated lines hold every character of the report
    let out = support::run(&["--print", "--width", "1", path_str(&report)]);
    let squeezed: String = stdout(&out)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let original: String = std::fs::read_to_string(&report)
        .expect("fixture")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert_eq!(squeezed, original);
    std::fs::remove_dir_all(dir).ok();
}

/// Documents for the screen tests: (name, text, format).
fn screen_documents() -> Vec<(&'static str, String, Format)> {
    let report = std::fs::read_to_string(fixture("report.txt")).expect("fixture");
    vec![
        ("report", report, Format::Plain),
        ("tricky", TRICKY.to_owned(), Format::Plain),
        ("empty", String::new(), Format::Plain),
        ("blank", "\n\n\n".to_owned(), Format::Plain),
        (
            "headings",
            "第一章　甲\n第一节　乙\n第二章　丙\n".to_owned(),
            Format::Plain,
        ),
        (
            "long line",
            "天地玄黄，宇宙洪荒。".repeat(20_000),
            Format::Plain,
        ),
        (
            "markdown",
            format!(
                "# 标题\n\n{}深处\n\n## 二\n\n- a\n  - b\n",
                "> ".repeat(500)
            ),
            Format::Markdown,
        ),
    ]
}

fn load_text(name: &str, text: &str, format: Format) -> App {
    load_text_with(name, text, format, LayoutOptions::default())
}

fn load_text_with(name: &str, text: &str, format: Format, layout: LayoutOptions) -> App {
    load_named(name, name, text, format, layout)
}

/// A reader on `text`, stored under a directory named after `name`, showing `shown` as its name.
fn load_named(name: &str, shown: &str, text: &str, format: Format, layout: LayoutOptions) -> App {
    let dir = support::temp_dir(&format!("hostile-screen-{}", name.replace(' ', "-")));
    let p = write(&dir, "doc.txt", text);
    let opts = LoadOptions {
        format: Some(format),
        ..LoadOptions::default()
    };
    let (doc, _) = load::load(&Source::Path(p), opts).expect("load");
    std::fs::remove_dir_all(dir).ok();
    let opts = AppOptions {
        layout,
        ..AppOptions::default()
    };
    App::new(doc, shown.to_owned(), Keymap::default_keys(), &opts)
}

/// Sends a terminal event to the app; its effects (quitting, reloading) are not carried out.
fn send(app: &mut App, ev: &Event) {
    let _ = app.update(Message::Input(ev.clone()));
}

fn key(c: KeyCode) -> Event {
    Event::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

/// A walk through most of the reader's features.
fn key_sequence() -> Vec<Event> {
    let mut keys = Vec::new();
    for c in "2]]JK[jjGg3".chars() {
        keys.push(key(KeyCode::Char(c)));
    }
    keys.push(key(KeyCode::Tab));
    keys.extend([
        key(KeyCode::Char('j')),
        key(KeyCode::Char('h')),
        key(KeyCode::Char('l')),
    ]);
    keys.extend([
        key(KeyCode::Char('-')),
        key(KeyCode::Char('+')),
        key(KeyCode::Enter),
    ]);
    keys.push(key(KeyCode::Char('/')));
    for c in "流动书箱".chars() {
        keys.push(key(KeyCode::Char(c)));
    }
    keys.push(key(KeyCode::Enter));
    keys.extend([key(KeyCode::Char('n')), key(KeyCode::Char('N'))]);
    keys.extend(":99".chars().map(|c| key(KeyCode::Char(c))));
    keys.push(key(KeyCode::Enter));
    keys.extend("ma'aMq".chars().map(|c| key(KeyCode::Char(c))));
    keys.extend("?jjjj".chars().map(|c| key(KeyCode::Char(c))));
    keys.push(key(KeyCode::Esc));
    keys.extend("i<<>>>o".chars().map(|c| key(KeyCode::Char(c))));
    keys.extend([
        key(KeyCode::PageDown),
        key(KeyCode::End),
        key(KeyCode::Home),
    ]);
    for (x, y) in [(0, 0), (0, 1), (5, 2), (200, 200)] {
        for kind in [
            MouseEventKind::Down(MouseButton::Left),
            MouseEventKind::ScrollDown,
            MouseEventKind::ScrollUp,
        ] {
            keys.push(Event::Mouse(MouseEvent {
                kind,
                column: x,
                row: y,
                modifiers: KeyModifiers::NONE,
            }));
        }
    }
    keys
}

/// Renders `app` into a `width`×`height` TestBackend; returns the screen text (one line per
/// row, the cells hidden under wide characters left out).
fn render(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|frame| {
            let _ = app.update(Message::Resize(frame.area()));
            gangmu::ui::render(app, frame);
        })
        .expect("draw");
    let buf = terminal.backend().buffer();
    let mut s = String::new();
    for y in 0..buf.area.height {
        // skip the cells a wide symbol covers
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            s.push_str(sym);
            skip = gangmu::display::str_width(sym, AmbiguousWidth::Narrow).saturating_sub(1);
        }
        s.push('\n');
    }
    s
}

#[test]
fn tiny_screens_render_without_panicking() {
    for (name, text, format) in screen_documents() {
        for (w, h) in [
            (10, 3),
            (1, 1),
            (0, 0),
            (2, 2),
            (1, 5),
            (40, 3),
            (39, 2),
            (100, 1),
        ] {
            let mut app = load_text(name, &text, format);
            render(&mut app, w, h);
            for ev in key_sequence() {
                // q asks to quit; keep going anyway to exercise the rest
                send(&mut app, &ev);
                render(&mut app, w, h);
            }
            // switching sizes between frames
            for (w2, h2) in [(1, 1), (80, 24), (10, 3), (3, 10)] {
                render(&mut app, w2, h2);
            }
        }
    }
}

#[test]
fn narrow_layouts_with_wide_ambiguous_and_deep_indent() {
    let layouts = [
        (8, 1, AmbiguousWidth::Wide),
        (8, 2, AmbiguousWidth::Narrow),
        (0, 1, AmbiguousWidth::Narrow),
        (8, 100, AmbiguousWidth::Wide),
    ];
    for (name, text, format) in screen_documents() {
        for (indent, max_width, ambiguous) in layouts {
            let layout = LayoutOptions {
                indent,
                max_width,
                ambiguous,
            };
            for (w, h) in [(1, 1), (3, 4), (10, 3), (41, 6)] {
                let mut app = load_text_with(name, &text, format, layout);
                render(&mut app, w, h);
                for ev in key_sequence().iter().take(30) {
                    send(&mut app, ev);
                    render(&mut app, w, h);
                }
            }
        }
    }
}

#[test]
fn print_option_sweep_never_panics() {
    let dir = support::temp_dir("hostile-sweep");
    let p = write(&dir, "tricky.txt", TRICKY);
    for width in ["1", "2", "3", "5"] {
        for indent in ["0", "8"] {
            for max in ["1", "2", "100"] {
                for amb in ["narrow", "wide"] {
                    let args = [
                        "--print",
                        "--width",
                        width,
                        "--indent",
                        indent,
                        "--max-width",
                        max,
                        "--ambiguous",
                        amb,
                        path_str(&p),
                    ];
                    let out = support::run(&args);
                    assert_clean(&format!("{args:?}"), &out);
                    assert!(!out.stdout.is_empty(), "{args:?}");
                }
            }
        }
    }
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn ten_by_three_screen_shows_text() {
    let mut app = load_text(
        "report",
        &std::fs::read_to_string(fixture("report.txt")).expect("fixture"),
        Format::Plain,
    );
    let s = render(&mut app, 10, 3);
    assert_eq!(s.lines().count(), 3);
    send(&mut app, &key(KeyCode::Char('2')));
    let s = render(&mut app, 10, 3);
    let middle = s.lines().nth(1).unwrap_or("");
    assert!(
        middle.contains('二'),
        "the text row shows the section:\n{s}"
    );
}

#[test]
fn ten_by_three_terminal_in_tmux() {
    if !tmux::available("10×3 tmux test") {
        return;
    }
    let t = Tmux::start(10, 3);
    t.launch(&[path_str(&fixture("report.txt"))]);
    t.wait_for_format("#{alternate_on}", "1");
    for k in [
        "2", "]", "J", "Tab", "j", "Enter", "G", "?", "Escape", "o", "o",
    ] {
        t.keys(&[k]);
        // an Esc read together with the next key is Alt-that-key (a loaded machine reads late):
        // the help opens and closes before the next key, as a person's next key comes later
        if k == "?" {
            t.wait_for("the help", |s| s.contains("gangm"));
        }
        if k == "Escape" {
            t.wait_for("the help to close", |s| !s.contains("gangm"));
        }
    }
    t.resize(1, 1);
    t.resize(3, 2);
    t.resize(10, 3);
    t.keys(&["g"]);
    t.wait_for("the reader at 10×3", |s| {
        s.lines().count() <= 3 && s.contains('关')
    });
    t.wait_for_format("#{alternate_on}", "1");
    t.keys(&["q"]);
    t.resize(100, 10);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn bom_and_controls_show_as_markers_on_screen() {
    let mut app = load_text(
        "markers",
        "一、标题\n\n前半句\u{feff}后半句，\u{1b}[2J清屏\u{7}响铃。\n",
        Format::Plain,
    );
    let s = render(&mut app, 100, 8);
    assert!(s.contains("前半句<U+FEFF>后半句"), "{s}");
    assert!(s.contains("^[[2J清屏^G响铃"), "{s}");
    assert!(!s.contains('\u{feff}') && !s.contains('\u{1b}'), "{s:?}");
}

/// Every cell of the buffer after `render`: no control or format character may reach it.
fn assert_no_control_cells(what: &str, app: &mut App, width: u16, height: u16) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|frame| {
            let _ = app.update(Message::Resize(frame.area()));
            gangmu::ui::render(app, frame);
        })
        .expect("draw");
    let buf = terminal.backend().buffer();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let sym = buf[(x, y)].symbol();
            assert!(
                !sym.chars().any(gangmu::display::needs_escape),
                "{what}: cell ({x}, {y}) holds {sym:?}"
            );
        }
    }
}

#[test]
fn control_characters_never_reach_a_cell() {
    let evil = "\u{1b}]0;PWNED\u{7}\u{9b}2J\u{202e}\u{feff}";
    let text = format!(
        "报告{evil}标题\n\n一、第一{evil}部分\n\n正文{evil}内容。\n\n（一）小节{evil}\n\n正文。\n\n二、第二部分\n\n结尾{evil}。\n"
    );
    for (w, h) in [(100, 12), (30, 6), (10, 3)] {
        let shown = format!("name{evil}.txt");
        let mut app = load_named(
            "evil",
            &shown,
            &text,
            Format::Plain,
            LayoutOptions::default(),
        );
        assert_no_control_cells("first screen", &mut app, w, h);
        let paste = |s: &str| Event::Paste(s.to_owned());
        let mut events = vec![key(KeyCode::Char('/')), paste(evil), key(KeyCode::Enter)];
        events.extend([key(KeyCode::Char('/')), paste(&format!("正文{evil}"))]);
        events.extend([key(KeyCode::Enter), key(KeyCode::Char('n'))]);
        events.extend([key(KeyCode::Char(':')), paste(evil), key(KeyCode::Enter)]);
        events.extend([key(KeyCode::Char(':')), paste(&format!("第一{evil}"))]);
        events.push(key(KeyCode::Enter));
        events.extend("]]mamb".chars().map(|c| key(KeyCode::Char(c))));
        events.push(key(KeyCode::Char('M')));
        events.push(key(KeyCode::Esc));
        events.extend("i?".chars().map(|c| key(KeyCode::Char(c))));
        events.push(key(KeyCode::Esc));
        events.extend([key(KeyCode::Tab), key(KeyCode::Char('j'))]);
        for (i, ev) in events.iter().enumerate() {
            send(&mut app, ev);
            assert_no_control_cells(&format!("{w}×{h} after event {i} {ev:?}"), &mut app, w, h);
        }
    }
}
