//! `--outline`: the section tree as indented text or as JSON, written to any `Write`.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use crate::display::sanitize;
use crate::document::{Document, stats};

/// Reading and speaking rates in characters per minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rates {
    /// Silent reading, 字/分钟.
    pub read: u32,
    /// Reading aloud, 字/分钟.
    pub speak: u32,
}

impl Default for Rates {
    fn default() -> Self {
        Self {
            read: 300,
            speak: 240,
        }
    }
}

/// What `--outline` prints.
#[derive(Debug, Clone, Copy, Default)]
#[allow(clippy::struct_excessive_bools)] // independent switches of the command line
pub struct OutlineOptions {
    /// JSON instead of text.
    pub json: bool,
    /// Add size and minutes.
    pub stats: bool,
    /// Leave control characters as they are.
    pub raw: bool,
    /// Rates for the minutes.
    pub rates: Rates,
    /// Add why each candidate is or is not a heading (`--explain`).
    pub explain: bool,
}

#[derive(Serialize)]
struct JsonOutline<'a> {
    title: Option<&'a str>,
    format: &'static str,
    chars: u64,
    sections: Vec<JsonSection<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<Vec<JsonExplanation<'a>>>,
}

#[derive(Serialize)]
struct JsonExplanation<'a> {
    line: u32,
    marker: &'static str,
    heading: bool,
    reason: &'static str,
    text: &'a str,
}

#[derive(Serialize)]
struct JsonSection<'a> {
    level: u16,
    title: &'a str,
    line: u32,
    chars: u64,
    marker: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    read_minutes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    speak_minutes: Option<u64>,
}

/// Writes the outline of `doc`.
pub fn write_outline(
    doc: &Document,
    opts: &OutlineOptions,
    out: &mut impl Write,
) -> io::Result<()> {
    if opts.json {
        return write_json(doc, opts, out);
    }
    if opts.explain {
        return write_explanations(doc, opts, out);
    }
    let mut line = String::new();
    for i in 0..doc.sections.len() {
        let s = &doc.sections[i];
        line.clear();
        for _ in 1..s.level {
            line.push_str("  ");
        }
        let title = doc.section_title(i);
        if opts.raw {
            line.push_str(title);
        } else {
            line.push_str(&sanitize(title));
        }
        if opts.stats {
            let chars = doc.section_chars(i);
            let _ = write!(
                line,
                "\t{}\t{}\t{}",
                format_chars(chars),
                format_minutes(stats::minutes(chars, opts.rates.read)),
                format_minutes(stats::minutes(chars, opts.rates.speak)),
            );
        }
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

fn write_json(doc: &Document, opts: &OutlineOptions, out: &mut impl Write) -> io::Result<()> {
    let sections = (0..doc.sections.len())
        .map(|i| {
            let s = &doc.sections[i];
            let chars = doc.section_chars(i);
            JsonSection {
                level: s.level,
                title: doc.section_title(i),
                line: s.line,
                chars,
                marker: s.marker.name(),
                read_minutes: opts.stats.then(|| stats::minutes(chars, opts.rates.read)),
                speak_minutes: opts.stats.then(|| stats::minutes(chars, opts.rates.speak)),
            }
        })
        .collect();
    let outline = JsonOutline {
        title: doc.title_text(),
        format: match doc.format {
            crate::document::Format::Plain => "plain",
            crate::document::Format::Markdown => "markdown",
        },
        chars: doc.total_chars(),
        sections,
        explain: opts.explain.then(|| {
            doc.explanations
                .iter()
                .map(|e| JsonExplanation {
                    line: e.line,
                    marker: e.marker.name(),
                    heading: e.accepted,
                    reason: e.reason,
                    text: explained_text(doc, e.para),
                })
                .collect()
        }),
    };
    let json = serde_json::to_string(&outline).map_err(io::Error::other)?;
    let json = if opts.raw {
        json
    } else {
        escape_invisible(&json)
    };
    out.write_all(json.as_bytes())?;
    out.write_all(b"\n")
}

/// The start of paragraph `para` as shown by `--explain` (at most 40 characters).
fn explained_text(doc: &Document, para: u32) -> &str {
    let text = doc.paragraph_text(para as usize);
    let end = text.char_indices().nth(40).map_or(text.len(), |(i, _)| i);
    text.get(..end).unwrap_or(text)
}

/// `--outline --explain`: one line per heading candidate, in document order: its line, `+` for
/// a heading (with its level) or `-` for a near miss, the family, the rule, and its text.
fn write_explanations(
    doc: &Document,
    opts: &OutlineOptions,
    out: &mut impl Write,
) -> io::Result<()> {
    let mut section = 0;
    let mut line = String::new();
    for e in &doc.explanations {
        while doc.sections.get(section).is_some_and(|s| s.para < e.para) {
            section += 1;
        }
        let level = doc
            .sections
            .get(section)
            .filter(|s| s.para == e.para)
            .map_or(0, |s| s.level);
        line.clear();
        let verdict = if e.accepted && level > 0 {
            format!("+ L{level}")
        } else {
            "-   ".to_owned()
        };
        let text = explained_text(doc, e.para);
        let text = if opts.raw {
            std::borrow::Cow::Borrowed(text)
        } else {
            sanitize(text)
        };
        let _ = writeln!(
            line,
            "{:>6} {verdict} {:<12} {:<44} {text}",
            e.line,
            e.marker.name(),
            e.reason
        );
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// JSON that is still exact but safe on a terminal: C1 controls and invisible format
/// characters (which serde_json leaves raw) become `\uXXXX` escapes. These characters can only
/// occur inside JSON strings, so the replacement keeps the JSON valid.
fn escape_invisible(json: &str) -> String {
    let needs = |c: char| c.is_control() || crate::display::needs_escape(c);
    if !json.chars().any(needs) {
        return json.to_owned();
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if needs(c) && c != '\n' {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// `1234` → `1.2千字` style is for the UI; the CLI prints plain numbers with a unit.
fn format_chars(chars: u64) -> String {
    format!("{chars}字")
}

fn format_minutes(m: u64) -> String {
    format!("{m}分钟")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    /// The outline of `doc` as text (`json` picks the format).
    fn outline(doc: &Document, json: bool) -> String {
        let mut out = Vec::new();
        write_outline(
            doc,
            &OutlineOptions {
                json,
                ..Default::default()
            },
            &mut out,
        )
        .expect("write");
        String::from_utf8(out).expect("utf8")
    }

    #[test]
    fn text_outline_indents_two_spaces_per_level() {
        let doc = Document::parse("一、甲\n（一）乙\n1.丙\n二、丁\n", Format::Plain);
        assert_eq!(
            outline(&doc, false),
            "一、甲\n  （一）乙\n    1.丙\n二、丁\n"
        );
    }

    #[test]
    fn json_outline_has_level_title_line_chars() {
        let doc = Document::parse("标题\n\n一、甲乙\n正文正文。\n", Format::Plain);
        let v: serde_json::Value = serde_json::from_str(&outline(&doc, true)).expect("json");
        assert_eq!(v["title"], "标题");
        assert_eq!(v["sections"][0]["level"], 1);
        assert_eq!(v["sections"][0]["title"], "一、甲乙");
        assert_eq!(v["sections"][0]["line"], 3);
        assert_eq!(v["sections"][0]["chars"], 7);
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let doc = Document::parse("一、甲\u{1b}]0;evil\u{7}乙\u{202E}丙\n", Format::Plain);
        let text = outline(&doc, false);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text:?}"
        );
        let json = outline(&doc, true);
        assert!(
            !json.contains('\u{1b}') && !json.contains('\u{202E}'),
            "{json:?}"
        );
        let v: serde_json::Value = serde_json::from_str(&json).expect("still valid JSON");
        assert_eq!(
            v["sections"][0]["title"],
            "一、甲\u{1b}]0;evil\u{7}乙\u{202E}丙"
        );
    }
}
