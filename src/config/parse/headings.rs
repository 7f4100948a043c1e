//! `[[headings]]` in the config file: the reader's own heading and ignore rules.
//!
//! ```toml
//! [[headings]]
//! pattern = "^第.+部分"      # a regular expression (the `regex` crate), matched on the line
//! level = 1                  # a heading at this level; or:
//! # rank = "chapter"         #   at the rank of a built-in family, or
//! # below = "chapter"        #   one step below it, or
//! # ignore = true            #   never a heading
//! ```
//!
//! A rule that cannot be used (a bad regular expression, an unknown rank) is a warning with its
//! line, and the other rules still apply.

use toml::Spanned;
use toml::de::DeValue;

use super::Ctx;
use crate::config::{ConfigProblem, HeadingRule};
use crate::document::structure::RuleEffect;

/// Built-in ranks a rule can name (see `document::patterns`).
const RANKS: &[(&str, u8)] = &[
    ("part", 10),
    ("subpart", 20),
    ("chapter", 30),
    ("section", 40),
    ("article", 50),
    ("decimal", 56),
    ("cjk-number", 70),
    ("paren-cjk-number", 80),
    ("number", 90),
    ("paren-number", 100),
];
const RANK_NAMES: &str = "part, subpart, chapter, section, article, decimal, cjk-number, paren-cjk-number, number, paren-number";
const RULE_KEYS: &str = "pattern, level, rank, below, ignore";

/// Reads the `headings` array of tables.
pub(super) fn headings(ctx: &mut Ctx<'_>, v: &Spanned<DeValue<'_>>, out: &mut Vec<HeadingRule>) {
    let Some(array) = v.get_ref().as_array() else {
        ctx.wrong_type("headings", "an array of tables ([[headings]])", v);
        return;
    };
    for item in array {
        let Some(table) = ctx.table("headings", item) else {
            continue;
        };
        let line = ctx.line(item.span().start);
        let mut pattern = None;
        let mut effect = None;
        for (k, value) in table {
            let name = k.get_ref().as_ref();
            match name {
                "pattern" => {
                    if let Some(p) = ctx.string("headings.pattern", value) {
                        match regex::Regex::new(p) {
                            Ok(_) => pattern = Some(p.to_owned()),
                            Err(e) => ctx.warn(
                                Some(value.span().start),
                                ConfigProblem::BadPattern(first_line(&e.to_string())),
                            ),
                        }
                    }
                }
                "level" => {
                    effect = ctx
                        .integer("headings.level", value, 1, 9)
                        .map(|l| RuleEffect::Level(l as u16));
                }
                "rank" | "below" => {
                    if let Some(s) = ctx.string(name, value) {
                        match RANKS.iter().find(|(n, _)| *n == s) {
                            Some(&(_, r)) => {
                                effect = Some(RuleEffect::Rank(r + u8::from(name == "below")));
                            }
                            None => ctx.warn(
                                Some(value.span().start),
                                ConfigProblem::BadValue {
                                    key: format!("headings.{name}"),
                                    value: s.to_owned(),
                                    expected: RANK_NAMES,
                                },
                            ),
                        }
                    }
                }
                "ignore" => match value.get_ref().as_bool() {
                    Some(true) => effect = Some(RuleEffect::Ignore),
                    Some(false) => {}
                    None => ctx.wrong_type("headings.ignore", "true or false", value),
                },
                _ => ctx.unknown(k, format!("headings.{name}"), RULE_KEYS),
            }
        }
        match (pattern, effect) {
            (Some(pattern), Some(effect)) => out.push(HeadingRule {
                pattern,
                effect,
                line,
            }),
            (Some(_), None) => ctx.warn(
                Some(item.span().start),
                ConfigProblem::UnknownKey {
                    key: "headings".to_owned(),
                    expected: "a rule needs one of: level, rank, below, ignore",
                },
            ),
            (None, _) => {}
        }
    }
}

/// The first line of a regex error (they span several, with a caret diagram).
fn first_line(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("regex parse error"))
        .collect::<Vec<_>>()
        .join(" ")
}
