//! The command line: every error case gives exit code 1, one line naming the path, and never
//! a panic; usage errors exit 2; stdin works; `--help` and `--version` work.

#![allow(clippy::string_slice, clippy::format_push_string, clippy::unwrap_used)]

mod support;

use support::{run, run_with_stdin};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn assert_clean_failure(out: &std::process::Output, path: &str, what: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "exit code for {what}: {err}");
    assert!(
        err.contains(path),
        "message names the path for {what}: {err}"
    );
    assert!(err.contains(what), "message says '{what}': {err}");
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "one line for {what}: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn missing_file() {
    let out = run(&["--outline", "/nonexistent/公文.txt"]);
    assert_clean_failure(&out, "/nonexistent/公文.txt", "no such file");
}

#[test]
fn directory() {
    let dir = support::temp_dir("dir");
    let out = run(&["--outline", dir.to_str().expect("path")]);
    assert_clean_failure(&out, dir.to_str().expect("path"), "is a directory");
}

#[test]
fn permission_denied() {
    let dir = support::temp_dir("perm");
    let file = dir.join("secret.txt");
    std::fs::write(&file, "一、秘密\n").expect("write");
    let mut perms = std::fs::metadata(&file).expect("meta").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o000);
    std::fs::set_permissions(&file, perms).expect("chmod");
    let path = file.to_str().expect("path");
    let out = if std::fs::read(&file).is_ok() {
        // root reads anything: drop to an unprivileged user when setpriv exists
        if !std::path::Path::new("/usr/bin/setpriv").exists() {
            eprintln!("skipping permission test: running as root without setpriv");
            return;
        }
        let env = support::command();
        std::process::Command::new("/usr/bin/setpriv")
            .envs(
                env.get_envs()
                    .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v.to_owned()))),
            )
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(support::bin())
            .args(["--outline", path])
            .output()
            .expect("setpriv")
    } else {
        run(&["--outline", path])
    };
    assert_clean_failure(&out, path, "permission denied");
}

#[test]
fn binary_data_refused_unless_forced() {
    let dir = support::temp_dir("bin");
    let file = dir.join("data.bin");
    std::fs::write(&file, b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0").expect("write");
    let out = run(&["--outline", file.to_str().expect("path")]);
    assert_clean_failure(&out, file.to_str().expect("path"), "binary");
    let out = run(&["--outline", "--force", file.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn devices_are_refused_not_read_forever() {
    let out = run(&["--outline", "--force", "/dev/zero"]);
    assert_clean_failure(&out, "/dev/zero", "not a regular file");
}

#[test]
fn empty_file_is_an_empty_document() {
    let dir = support::temp_dir("empty");
    let file = dir.join("empty.txt");
    std::fs::write(&file, b"").expect("write");
    let out = run(&["--outline", file.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    let out = run(&["--outline", "--json", file.to_str().expect("path")]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["sections"].as_array().map(Vec::len), Some(0));
    assert!(v["title"].is_null());
}

#[test]
fn invalid_utf8_warns_once_and_continues() {
    let mut bytes = "一、开始\n".repeat(100).into_bytes();
    bytes.extend_from_slice(b"\xff\xfe\xff bad\n\xc3\x28\n");
    let out = run_with_stdin(&["--outline"], &bytes);
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("U+FFFD"), "{err}");
}

#[test]
fn gbk_and_utf16_inputs() {
    let text = "同志们：\n一、过去五年的工作和历史性变革\n十八大以来的五年，是党和国家发展进程中极不平凡的五年。\n二、新时代中国共产党的历史使命\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let out = run_with_stdin(&["--outline"], &gbk);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "一、过去五年的工作和历史性变革\n二、新时代中国共产党的历史使命\n"
    );
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let out = run_with_stdin(&["--outline"], &utf16);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "一、过去五年的工作和历史性变革\n二、新时代中国共产党的历史使命\n"
    );
    let out = run_with_stdin(&["--outline", "--encoding", "gbk", "-"], &gbk);
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
}

#[test]
fn usage_errors_exit_2() {
    let out = run(&["--bogus"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["--json", "x.txt"]);
    assert_eq!(out.status.code(), Some(2), "--json needs --outline");
    let out = run(&["--encoding", "klingon", "--outline", "x.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown encoding"));
}

#[test]
fn help_and_version() {
    let out = run(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("--outline"));
    let out = run(&["--version"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("gangmu "));
}

#[test]
fn outline_reads_stdin() {
    let out = run_with_stdin(&["--outline", "-"], "一、甲\n（一）乙\n".as_bytes());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "一、甲\n  （一）乙\n");
}

#[test]
fn file_names_with_spaces_chinese_and_leading_dash() {
    let dir = support::temp_dir("names");
    for name in ["with space.txt", "讲话稿.txt", "-dash.txt"] {
        let file = dir.join(name);
        std::fs::write(&file, "一、甲\n").expect("write");
        let out = run(&["--outline", "--", file.to_str().expect("path")]);
        assert_eq!(String::from_utf8_lossy(&out.stdout), "一、甲\n", "{name}");
    }
    // a leading dash given as a relative path after `--`
    let out = support::command()
        .current_dir(&dir)
        .args(["--outline", "--", "-dash.txt"])
        .output()
        .expect("run");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "一、甲\n");
}

#[test]
fn reading_times_match_hand_counts() {
    // 一、学习 = 一学习 (3); 认真学习文件精神，深入领会核心要义。 = 8 + 8 (16): section 一 = 19
    // 二、落实 = 二落实 (3); 抓好落实。 = 4: section 二 = 7; the document = 26
    let text = "一、学习\n认真学习文件精神，深入领会核心要义。\n二、落实\n抓好落实。\n";
    let out = run_with_stdin(
        &["--outline", "--json", "--stats", "--rate", "10,4"],
        text.as_bytes(),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["chars"], 26);
    let s = &v["sections"];
    assert_eq!(
        (s[0]["chars"].as_u64(), s[1]["chars"].as_u64()),
        (Some(19), Some(7))
    );
    // minutes round up: 19/10 → 2, 19/4 → 5; 7/10 → 1, 7/4 → 2
    assert_eq!(
        (
            s[0]["read_minutes"].as_u64(),
            s[0]["speak_minutes"].as_u64()
        ),
        (Some(2), Some(5))
    );
    assert_eq!(
        (
            s[1]["read_minutes"].as_u64(),
            s[1]["speak_minutes"].as_u64()
        ),
        (Some(1), Some(2))
    );
    let out = run_with_stdin(&["--outline", "--stats", "--rate", "10,4"], text.as_bytes());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "一、学习\t19字\t2分钟\t5分钟\n二、落实\t7字\t1分钟\t2分钟\n"
    );
}

#[test]
fn print_wraps_like_the_pane_and_pipes_close_cleanly() {
    let text = "天地玄黃，宇宙洪荒。\n";
    let out = run_with_stdin(
        &["--print", "--width", "8", "--indent", "0"],
        text.as_bytes(),
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "天地玄\n黃，宇宙\n洪荒。\n"
    );
    // a reader that closes the pipe early: exit 0, nothing on stderr
    let big = "一段很长的文字。".repeat(200_000);
    let mut child = support::command()
        .args(["--print", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let _ = stdin.write_all(big.as_bytes());
    });
    {
        use std::io::Read;
        let mut first = [0u8; 16];
        let mut stdout = child.stdout.take().expect("stdout");
        stdout.read_exact(&mut first).expect("some output");
    } // stdout dropped: the pipe is closed
    let out = child.wait_with_output().expect("wait");
    let _ = writer.join();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `[[headings]]` rules in the config file add and remove headings for `--outline`; a bad
/// regular expression is one warning naming the file and line, and the other rules still apply.
#[test]
fn config_heading_rules_apply_and_bad_patterns_warn() {
    let dir = support::temp_dir("heading-rules");
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        "[[headings]]\npattern = \"^附件[一二三]\"\nlevel = 1\n\n[[headings]]\npattern = \"^（二）\"\nignore = true\n\n[[headings]]\npattern = \"([bad\"\nlevel = 2\n",
    )
    .expect("config");
    let doc = dir.join("doc.txt");
    std::fs::write(
        &doc,
        "一、总则\n（一）范围\n正文。\n（二）定义\n正文。\n附件一　表格\n附件内容。\n",
    )
    .expect("doc");
    let out = support::run(&[
        "--config",
        support::path_str(&config),
        "--outline",
        support::path_str(&doc),
    ]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "一、总则\n  （一）范围\n附件一　表格\n"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("config.toml:10:") && err.contains("regular expression"),
        "{err}"
    );
}

/// `--outline --explain` says why each candidate is or is not a heading.
#[test]
fn explain_names_the_rule_and_the_near_misses() {
    let dir = support::temp_dir("explain");
    let doc = dir.join("law.txt");
    std::fs::write(
        &doc,
        "第一章　总则\n第一条　为了示范，制定本法。\n第二条　本法所称事项如下：\n（一）登记；\n（二）备案。\n",
    )
    .expect("doc");
    let out = support::run(&["--outline", "--explain", support::path_str(&doc)]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("+ L2 article") && text.contains("+ L1 chapter"),
        "{text}"
    );
    assert!(text.contains("clause of a law article"), "{text}");
    let out = support::run(&["--outline", "--explain", "--json", support::path_str(&doc)]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let explain = v["explain"].as_array().expect("explain");
    assert_eq!(explain.len(), 5);
    assert_eq!(explain[3]["heading"], false);
    assert_eq!(explain[3]["reason"], "clause of a law article");
}
