//! Sets `GANGMU_VERSION` for `--version`: the package version, followed by the short commit when
//! the crate is built from its own git checkout (`0.1.0 (abc1234)`).
//!
//! A crate unpacked from a `.crate` file (`cargo install gangmu`, `cargo package`'s own build
//! under `target/package/`) gets the plain version, even when it sits inside some other git
//! repository: the commit is used only when the checkout's top level is this crate's directory.
//! Without git, or when git fails, the version is plain too; the build never fails for it.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let version = env!("CARGO_PKG_VERSION");
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let full = match short_commit(&dir) {
        Some(commit) => format!("{version} ({commit})"),
        None => version.to_owned(),
    };
    println!("cargo:rustc-env=GANGMU_VERSION={full}");
    // `cargo package` builds the packaged copy in the checkout's target directory, where it
    // shares this script's cached output with the checkout (cargo names path packages by their
    // place in the workspace, the same for both). Naming a file that only a package has makes
    // the checkout's next build run the script again, since from there the file is missing;
    // otherwise it would keep the package's plain version.
    if dir.join("Cargo.toml.orig").is_file() {
        println!("cargo:rerun-if-changed=Cargo.toml.orig");
    }
    // Listing files replaces cargo's default (rerun on any change in the package).
    println!("cargo:rerun-if-changed=build.rs");
}

/// The short commit of `dir`'s checkout, when `dir` is the top level of one; also tells cargo to
/// rerun when HEAD moves (a commit, a checkout, a fetch that packs refs).
fn short_commit(dir: &Path) -> Option<String> {
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    if std::fs::canonicalize(&top).ok()? != std::fs::canonicalize(dir).ok()? {
        return None;
    }
    let commit = git(dir, &["rev-parse", "--short", "HEAD"])?;
    for path in ["HEAD", "packed-refs"] {
        rerun_if_changed(dir, path);
    }
    if let Some(branch) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
        rerun_if_changed(dir, &branch);
    }
    Some(commit)
}

/// Reruns the build script when the git file `name` changes (a path inside the git directory, as
/// `git rev-parse --git-path` resolves it, worktrees included).
fn rerun_if_changed(dir: &Path, name: &str) {
    // A path that does not exist would make cargo rerun the script on every build.
    let Some(path) = git(dir, &["rev-parse", "--git-path", name]) else {
        return;
    };
    let path = dir.join(path); // relative paths are relative to `dir` (`git -C`)
    if path.exists() {
        println!("cargo:rerun-if-changed={}", path.display());
    }
}

/// Runs git in `dir` and returns its trimmed output when it succeeds with some.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (out.status.success() && !text.is_empty()).then(|| text.to_owned())
}
