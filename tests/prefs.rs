//! Remembering and configuring, through the library API with temporary directories only (no
//! real home, XDG or config directory is ever touched): resume of a renamed copy, fallback
//! after an edit, corrupt and unwritable state, two readers in turn, the config file and the
//! meta commands.

#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};

use clap::Parser;
use gangmu::cli::Cli;
use gangmu::config::{CONFIG_ENV, Config, ConfigProblem, Theme};
use gangmu::document::{Document, Format};
use gangmu::state::{
    DocKey, MARKS_FILE, Mark, Marks, POSITIONS_FILE, Position, STATE_DIR_ENV, StateStore,
    StateWarning, resolve_position,
};

const NOVEL: &str = "\
第一回 灵根育孕源流出
诗曰：混沌未分天地乱。
第二回 悟彻菩提真妙理
却说美猴王荣归故里。
第三回 四海千山皆拱伏
那猴王打出洞外。
";

/// A store whose directory comes from `GANGMU_STATE_DIR` (injected, never the real env).
fn store_via_env(dir: &Path) -> StateStore {
    let dir = dir.to_str().unwrap().to_owned();
    StateStore::open_with_env(None, move |k| (k == STATE_DIR_ENV).then(|| dir.clone()))
}

/// Reads a file the way the reader does: bytes for the key, then the parsed document.
fn open(path: &Path) -> (DocKey, Document) {
    let bytes = fs::read(path).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    (DocKey::of(&bytes), Document::parse(&text, Format::Plain))
}

/// Saves "reading at `needle`" for the file at `path`, as the reader does on quit.
fn read_and_quit(store: &mut StateStore, path: &Path, needle: &str, updated: u64) -> usize {
    let (key, doc) = open(path);
    let offset = doc.text.find(needle).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    store.save_position(
        &key,
        Position::capture(&doc, offset, vec![1], vec![], name, updated),
    );
    offset
}

#[test]
fn renamed_copy_resumes() {
    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join("state");
    let original = tmp.path().join("西游记.txt");
    fs::write(&original, NOVEL).unwrap();
    let offset = read_and_quit(&mut store_via_env(&state), &original, "却说", 100);

    let moved_dir = tmp.path().join("elsewhere");
    fs::create_dir(&moved_dir).unwrap();
    let copy = moved_dir.join("journey.txt");
    fs::copy(&original, &copy).unwrap();
    fs::remove_file(&original).unwrap();

    let mut store = store_via_env(&state);
    let (key, doc) = open(&copy);
    let found = store
        .find_position(&key, "journey.txt")
        .expect("the renamed copy has a position");
    assert!(found.same_document);
    let saved = found.position;
    assert_eq!(resolve_position(&saved, &doc, true), offset);
    assert_eq!(saved.folded, [1]);
    assert_eq!(saved.file_name, "西游记.txt");
    assert!(store.take_warnings().is_empty());
}

#[test]
fn edited_document_falls_back_to_the_section_title() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("novel.txt");
    fs::write(&path, NOVEL).unwrap();
    let mut store = store_via_env(&tmp.path().join("state"));
    read_and_quit(&mut store, &path, "那猴王", 100);

    let edited = NOVEL.replace("诗曰", "新增的一段。\n诗曰");
    fs::write(&path, &edited).unwrap();
    let (key, doc) = open(&path);
    assert_eq!(
        store.load_position(&key),
        None,
        "different bytes, different key"
    );
    // found by the path it was saved under, and resolved by section title, not offset
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let found = store.find_position(&key, &name).unwrap();
    assert!(!found.same_document);
    let saved = found.position;
    assert_eq!(
        saved.section_title.as_deref(),
        Some("第三回 四海千山皆拱伏")
    );
    assert_eq!(
        resolve_position(&saved, &doc, found.same_document),
        edited.find("第三回").unwrap()
    );
}

#[test]
fn truncated_state_file_is_one_warning_and_defaults() {
    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join("state");
    let path = tmp.path().join("novel.txt");
    fs::write(&path, NOVEL).unwrap();
    read_and_quit(&mut store_via_env(&state), &path, "却说", 100);
    let full = fs::read(state.join(POSITIONS_FILE)).unwrap();
    fs::write(state.join(POSITIONS_FILE), &full[..full.len() / 2]).unwrap();
    fs::write(state.join(MARKS_FILE), b"\0\0\0garbage").unwrap();

    let mut store = store_via_env(&state);
    let (key, _) = open(&path);
    assert_eq!(store.load_position(&key), None);
    assert_eq!(store.load_position(&key), None);
    assert!(store.load_marks(&key).is_empty());
    let warnings = store.take_warnings();
    assert_eq!(warnings.len(), 2, "one per corrupt file: {warnings:?}");
    assert!(
        warnings
            .iter()
            .all(|w| matches!(w, StateWarning::Corrupt { .. }))
    );
    assert!(warnings[0].to_string().contains(POSITIONS_FILE));
    // saving again works and replaces the corrupt file
    read_and_quit(&mut store, &path, "那猴王", 200);
    assert!(store.load_position(&key).is_some());
    assert!(store.take_warnings().is_empty());
}

#[test]
fn unwritable_state_directory_is_a_warning_not_a_crash() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("novel.txt");
    fs::write(&path, NOVEL).unwrap();
    // a directory under a regular file can never be created, even by root
    let blocker = tmp.path().join("not-a-dir");
    fs::write(&blocker, b"").unwrap();
    let mut store = store_via_env(&blocker.join("state"));
    read_and_quit(&mut store, &path, "却说", 1);
    store.save_marks(&DocKey::of(b"x"), "x", &Marks::new());
    let w = store.take_warnings();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(matches!(w[0], StateWarning::Unwritable { .. }), "{w:?}");
}

/// Names the prepared directory for [`read_only_as_unprivileged`] in the child process.
const READ_ONLY_ENV: &str = "GANGMU_TEST_READ_ONLY_DIR";

#[test]
fn read_only_state_directory_keeps_the_old_file() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join("state");
    let path = tmp.path().join("novel.txt");
    fs::write(&path, NOVEL).unwrap();
    read_and_quit(&mut store_via_env(&state), &path, "却说", 1);
    fs::set_permissions(&state, fs::Permissions::from_mode(0o555)).unwrap();
    if fs::write(state.join("probe"), b"").is_err() {
        check_read_only(tmp.path());
        fs::set_permissions(&state, fs::Permissions::from_mode(0o755)).unwrap();
        return;
    }
    // root writes anywhere: run the check again as an unprivileged user when setpriv exists
    let _ = fs::remove_file(state.join("probe"));
    if !Path::new("/usr/bin/setpriv").exists() {
        eprintln!("skipping the read-only part: running as root without setpriv");
        return;
    }
    fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let out = std::process::Command::new("/usr/bin/setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "read_only_as_unprivileged",
            "--ignored",
            "--nocapture",
        ])
        .env(READ_ONLY_ENV, tmp.path())
        .output()
        .unwrap();
    fs::set_permissions(&state, fs::Permissions::from_mode(0o755)).unwrap();
    let log =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{log}");
    assert!(log.contains("1 passed"), "{log}");
}

/// The read-only check itself; run by the test above in a child process as an unprivileged
/// user (does nothing when run on its own).
#[test]
#[ignore = "run by read_only_state_directory_keeps_the_old_file as an unprivileged user"]
fn read_only_as_unprivileged() {
    if let Some(dir) = std::env::var_os(READ_ONLY_ENV) {
        check_read_only(Path::new(&dir));
    }
}

/// In a prepared `dir` whose `state/` cannot be written: the old position still loads, saving
/// gives one warning, and the file is unchanged.
fn check_read_only(dir: &Path) {
    let state = dir.join("state");
    let path = dir.join("novel.txt");
    let before = fs::read(state.join(POSITIONS_FILE)).unwrap();
    let mut store = store_via_env(&state);
    let (key, _) = open(&path);
    assert!(store.load_position(&key).is_some());
    read_and_quit(&mut store, &path, "那猴王", 2);
    store.save_marks(&key, "novel.txt", &Marks::new());
    let w = store.take_warnings();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(matches!(w[0], StateWarning::Unwritable { .. }), "{w:?}");
    assert_eq!(fs::read(state.join(POSITIONS_FILE)).unwrap(), before);
}

#[test]
fn two_readers_closing_in_turn_keep_both_positions() {
    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join("state");
    let (a, b) = (tmp.path().join("a.txt"), tmp.path().join("b.txt"));
    fs::write(&a, NOVEL).unwrap();
    fs::write(&b, NOVEL.replace("猴", "猿")).unwrap();
    // both open before either closes
    let mut first = store_via_env(&state);
    let mut second = store_via_env(&state);
    let (ka, _) = open(&a);
    let (kb, _) = open(&b);
    assert_eq!(first.load_position(&ka), None);
    assert_eq!(second.load_position(&kb), None);
    let oa = read_and_quit(&mut first, &a, "却说", 100);
    let ob = read_and_quit(&mut second, &b, "那猿王", 101);
    let mut third = store_via_env(&state);
    assert_eq!(third.load_position(&ka).unwrap().offset, oa as u64);
    assert_eq!(third.load_position(&kb).unwrap().offset, ob as u64);

    // marks of one document set in two readers merge per letter
    let mark = |offset| Mark {
        offset,
        updated: 5,
        ..Mark::default()
    };
    first.save_marks(&ka, "a.txt", &Marks::from([('a', mark(1))]));
    second.save_marks(&ka, "a.txt", &Marks::from([('b', mark(2))]));
    let marks = third.load_marks(&ka);
    assert_eq!(marks.keys().copied().collect::<String>(), "ab");
}

fn write_config(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("config.toml");
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn config_from_the_environment_variable() {
    let tmp = tempfile::tempdir().unwrap();
    let path = write_config(
        tmp.path(),
        "theme = \"plain\"\nindent = 4\nmax_width = 72\nambiguous = \"wide\"\nlang = \"en\"\n\
         [rates]\nread = 350\nspeak = 180\n[keys.global]\n\"Q\" = \"quit\"\n",
    );
    let p = path.to_str().unwrap().to_owned();
    let (c, w) = Config::load_with_env(None, |k| (k == CONFIG_ENV).then(|| p.clone()));
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(c.theme, Theme::Plain);
    assert_eq!((c.indent, c.max_width), (4, 72));
    assert_eq!(c.ambiguous, gangmu::settings::AmbiguousWidth::Wide);
    assert_eq!((c.rates.read, c.rates.speak), (350, 180));
    assert_eq!(c.keys.len(), 1);
    assert_eq!(c.keys[0].line, 10);
}

#[test]
fn config_errors_name_file_and_line_and_the_reader_still_starts() {
    let tmp = tempfile::tempdir().unwrap();
    let path = write_config(
        tmp.path(),
        "indent = 12\nwidth = 3\n[keys.text]\n\"j\" = \"jump_around\"\n",
    );
    let (c, w) = Config::load_with_env(Some(&path), |_| None);
    assert_eq!(c, Config::default());
    let lines: Vec<String> = w.iter().map(ToString::to_string).collect();
    let name = path.display().to_string();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].starts_with(&format!("{name}:1: ")), "{lines:?}");
    assert!(lines[1].starts_with(&format!("{name}:2: ")), "{lines:?}");
    assert!(lines[2].starts_with(&format!("{name}:4: ")), "{lines:?}");
    assert!(matches!(w[0].problem, ConfigProblem::OutOfRange { .. }));
    assert!(matches!(w[1].problem, ConfigProblem::UnknownKey { .. }));
    assert!(matches!(w[2].problem, ConfigProblem::Key(_)));
}

#[test]
fn print_config_round_trips_through_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let path = write_config(
        tmp.path(),
        "theme = \"light\"\nmax_width = 66\n[keys.outline]\n\"o\" = \"open_selected\"\n",
    );
    let cli = Cli::parse_from([
        "gangmu",
        "--print-config",
        "--config",
        path.to_str().unwrap(),
        "--indent",
        "3",
        "--theme",
        "light",
    ]);
    let mut out = Vec::new();
    gangmu::meta::run_meta(&cli, &mut out).unwrap().unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("indent = 3"), "{text}");
    let (back, w) = Config::parse(&text, Path::new("printed.toml"));
    assert!(w.is_empty(), "{w:?}\n{text}");
    assert_eq!(
        (back.theme, back.max_width, back.indent),
        (Theme::Light, 66, 3)
    );
    assert_eq!(back.keys.len(), 1);
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish"] {
        let cli = Cli::parse_from(["gangmu", "--completions", shell]);
        let mut out = Vec::new();
        gangmu::meta::run_meta(&cli, &mut out).unwrap().unwrap();
        let text = String::from_utf8(out).unwrap();
        // fish spells long options `-l outline`
        let needle = if shell == "fish" {
            "-l outline"
        } else {
            "--outline"
        };
        assert!(text.contains(needle), "{shell}: {text}");
    }
    let cli = Cli::parse_from(["gangmu", "--man"]);
    let mut out = Vec::new();
    gangmu::meta::run_meta(&cli, &mut out).unwrap().unwrap();
    let man = String::from_utf8(out).unwrap();
    assert!(
        man.contains("\\-\\-outline") || man.contains("--outline"),
        "{man}"
    );
    assert!(
        man.contains("no\\-resume") || man.contains("no-resume"),
        "{man}"
    );
}
