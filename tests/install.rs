//! What a user installs. The README's Install lines for the completions and the man page are run
//! as written (each in the shell it is for, when that shell is installed; otherwise `sh`) in a
//! temporary home with the built binary first on PATH; the files they leave must load in bash,
//! zsh and fish and render in man. And `--version` names the commit of a git checkout.

#![allow(clippy::unwrap_used)]

mod support;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The lines of README.md's `## Install` section that write completions or the man page.
fn readme_install_lines() -> Vec<String> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let (_, after) = readme
        .split_once("\n## Install\n")
        .expect("an Install section");
    let section = after.split("\n## ").next().unwrap_or_default();
    let mut in_code = false;
    let mut lines = Vec::new();
    for line in section.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        } else if in_code
            && (line.contains("gangmu --completions") || line.contains("gangmu --man"))
        {
            lines.push(line.to_owned());
        }
    }
    lines
}

/// Whether `program` can be started (answers `--version`).
fn has(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A command with nothing from the real home: `HOME` is `home`, the built binary comes first on
/// PATH, and no XDG or zsh variable points elsewhere.
fn in_home(program: &str, home: &Path) -> Command {
    let bin_dir = support::bin().parent().unwrap().to_path_buf();
    let mut dirs = vec![bin_dir];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let path: OsString = std::env::join_paths(dirs).unwrap();
    let mut cmd = Command::new(program);
    cmd.env_clear()
        .env("HOME", home)
        .env("PATH", path)
        .env("TERM", "dumb")
        .env("LANG", "C.UTF-8");
    cmd
}

fn ok(out: &Output, what: &str) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{what}: {}\nstdout: {stdout}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// What `gangmu ARGS` prints.
fn gangmu(args: &[&str]) -> Vec<u8> {
    let out = support::run(args);
    assert!(out.status.success(), "gangmu {args:?}");
    out.stdout
}

#[test]
fn readme_completion_and_man_lines_work_as_written() {
    let lines = readme_install_lines();
    assert_eq!(lines.len(), 4, "bash, zsh, fish and man lines: {lines:#?}");
    let home = support::temp_dir("install-home");
    for line in &lines {
        let shell = if line.contains("--completions zsh") && has("zsh") {
            "zsh"
        } else if line.contains("--completions fish") && has("fish") {
            "fish"
        } else {
            "sh"
        };
        let out = in_home(shell, &home).arg("-c").arg(line).output().unwrap();
        ok(&out, &format!("{shell} -c {line}"));
    }

    let file = |rel: &str| -> PathBuf {
        let path = home.join(rel);
        assert!(path.is_file(), "{} was not written", path.display());
        path
    };
    let bash = file(".local/share/bash-completion/completions/gangmu");
    let zsh = file(".zfunc/_gangmu");
    let fish = file(".config/fish/completions/gangmu.fish");
    let man = file(".local/share/man/man1/gangmu.1");
    // Whole outputs, not truncated or mixed with anything else.
    for (path, args) in [
        (&bash, ["--completions", "bash"]),
        (&zsh, ["--completions", "zsh"]),
        (&fish, ["--completions", "fish"]),
    ] {
        assert_eq!(std::fs::read(path).unwrap(), gangmu(&args), "{args:?}");
    }
    assert_eq!(std::fs::read(&man).unwrap(), gangmu(&["--man"]));

    check_bash(&home, &bash);
    check_zsh(&home, &zsh);
    check_fish(&home, &fish);
    check_man(&home, &man);
}

/// bash: sourcing the file registers a completion for gangmu.
fn check_bash(home: &Path, file: &Path) {
    let out = in_home("bash", home)
        .arg("-c")
        .arg(r#"source "$1" && complete -p gangmu"#)
        .arg("bash")
        .arg(file)
        .output()
        .unwrap();
    assert!(ok(&out, "bash loads the completion").contains("gangmu"));
}

/// zsh: with the fpath line the README asks for, compinit knows gangmu.
fn check_zsh(home: &Path, file: &Path) {
    if has("zsh") {
        let script = "fpath=(~/.zfunc $fpath); autoload -U compinit && compinit -u && \
                      print -r -- $_comps[gangmu]";
        let out = in_home("zsh", home)
            .arg("-fc")
            .arg(script)
            .output()
            .unwrap();
        assert_eq!(ok(&out, "zsh compinit").trim(), "_gangmu");
    } else {
        eprintln!("zsh not found: checked the file's header only");
        let text = std::fs::read_to_string(file).unwrap();
        assert!(text.starts_with("#compdef gangmu"));
    }
}

/// fish: finds the file by itself and completes a long option from it.
fn check_fish(home: &Path, file: &Path) {
    if has("fish") {
        let out = in_home("fish", home)
            .arg("-c")
            .arg("complete -C 'gangmu --outl'")
            .output()
            .unwrap();
        assert!(ok(&out, "fish completes").contains("--outline"));
    } else {
        eprintln!("fish not found: checked the file's content only");
        let text = std::fs::read_to_string(file).unwrap();
        assert!(text.contains("complete -c gangmu"));
    }
}

/// man: renders the page, and finds it by name with ~/.local/bin on PATH, as README says.
fn check_man(home: &Path, file: &Path) {
    if !(has("man") && has("groff")) {
        eprintln!("man or groff not found: checked the page's header only");
        let text = std::fs::read_to_string(file).unwrap();
        assert!(text.contains(".TH gangmu 1"));
        return;
    }
    let out = in_home("man", home)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .arg("-l")
        .arg(file)
        .output()
        .unwrap();
    let page = ok(&out, "man -l");
    assert!(
        page.contains("--outline") && page.contains("--completions"),
        "{page}"
    );
    let local_bin = home.join(".local/bin");
    let path = std::env::join_paths([
        local_bin.as_path(),
        Path::new("/usr/bin"),
        Path::new("/bin"),
    ])
    .unwrap();
    let out = in_home("man", home)
        .env("PATH", path)
        .args(["-w", "gangmu"])
        .output()
        .unwrap();
    assert_eq!(Path::new(ok(&out, "man -w gangmu").trim()), file);
}

/// The short commit when the crate directory is the top level of a git checkout.
fn checkout_commit() -> Option<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
    };
    let top = PathBuf::from(git(&["rev-parse", "--show-toplevel"])?);
    (top.canonicalize().ok()? == dir.canonicalize().ok()?)
        .then(|| git(&["rev-parse", "--short", "HEAD"]))?
}

#[test]
fn version_names_the_commit_of_a_git_checkout() {
    let out = String::from_utf8(gangmu(&["--version"])).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    let expected = match checkout_commit() {
        Some(commit) => format!("gangmu {version} ({commit})\n"),
        None => format!("gangmu {version}\n"),
    };
    assert_eq!(out, expected);
}
