//! Several documents without a terminal: the shelf is the reader's, so printing them is one
//! clear error line, not the first document printed and the others silently dropped; and the
//! flags that take one document refuse more.

mod support;

#[test]
fn several_documents_without_a_terminal_are_one_error_line() {
    let dir = support::temp_dir("shelf-cli");
    let a = dir.join("a.txt");
    let b = dir.join("b.txt");
    std::fs::write(&a, "甲\n").expect("fixture");
    std::fs::write(&b, "乙\n").expect("fixture");
    // stdout is a pipe here: what `gangmu a b | less` would meet
    let out = support::run(&[support::path_str(&a), support::path_str(&b)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("several documents"), "{err}");
    // --outline takes one: a usage error
    let out = support::run(&["--outline", support::path_str(&a), support::path_str(&b)]);
    assert_eq!(out.status.code(), Some(2));
    // one document still prints
    let out = support::run(&[support::path_str(&a)]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "甲");
}
