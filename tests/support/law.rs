//! A law-like fixture for the tmux tests: parts, chapters and 520 articles numbered through.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Chinese numerals up to 999, as laws write them (`五百一十`, `二百零五`, `一百一十`).
pub fn cjk(number: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let (hundreds, tens, units) = (number / 100, number / 10 % 10, number % 10);
    let mut out = String::new();
    if hundreds > 0 {
        out.push_str(DIGITS[hundreds as usize]);
        out.push('百');
    }
    match (hundreds, tens, units) {
        (0, 0, _) | (_, 0, 0) => {}
        (0, 1, _) => out.push('十'),
        (_, 0, _) => out.push('零'),
        _ => {
            out.push_str(DIGITS[tens as usize]);
            out.push('十');
        }
    }
    if units > 0 {
        out.push_str(DIGITS[units as usize]);
    }
    out
}

/// A law-like code: three parts (编) of chapters (章) of articles (条) numbered 1–520 through
/// the code; article 285 opens by citing the third part, others cite nothing.
pub fn write_law(dir: &Path) -> PathBuf {
    let parts = [("总则", 1..=200), ("物权", 201..=300), ("合同", 301..=520)];
    let mut text = String::new();
    for (p, (name, articles)) in parts.into_iter().enumerate() {
        let _ = writeln!(text, "第{}编　{name}", cjk(p as u32 + 1));
        let mut chapter = 0;
        for a in articles {
            if chapter == 0 || a % 50 == 1 {
                chapter += 1;
                let _ = writeln!(text, "第{}章　{name}第{chapter}部分", cjk(chapter));
            }
            let first = if a == 285 {
                "依照本法第三编的规定，当事人可以订立合同。".to_owned()
            } else {
                format!("本条规定{name}的第{a}项事宜。")
            };
            let _ = writeln!(text, "第{}条　{first}其余事项依照有关规定办理。", cjk(a));
        }
    }
    // a body paragraph after the last article, for `X`
    text.push_str(CLOSING);
    text.push('\n');
    let path = dir.join("law.txt");
    std::fs::write(&path, text).expect("write the law");
    path
}

/// The law's last line: body text of the last article.
pub const CLOSING: &str = "以上条文自公布之日起施行，各地区各部门遵照执行。";
