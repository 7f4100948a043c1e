//! Walking the parsed TOML with its spans, so that every problem names its line.
//!
//! Invariant: each field is checked on its own; a bad one becomes a warning and keeps its
//! default, and the others are still used. Key overrides that conflict are dropped one by one
//! (the later line goes) until the rest build a keymap.

use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{
    Config, ConfigProblem, ConfigWarning, KeyBinding, MAX_INDENT, MAX_RATE, ambiguous_from_name,
};
use crate::display::sanitize;
use crate::i18n::Lang;
use crate::keymap::{Action, Keymap, KeymapError, Scope, Trigger, UNBIND};
use crate::settings::{MAX_COUNTDOWN, parse_duration};

/// Top-level keys, for "expected one of".
const TOP_KEYS: &str =
    "theme, indent, max_width, ambiguous, reflow, lang, rates, speech, study, keys, headings";

mod headings;

/// Collects warnings with line numbers.
struct Ctx<'a> {
    text: &'a str,
    path: &'a Path,
    warnings: Vec<ConfigWarning>,
}

impl Ctx<'_> {
    /// 1-based line of byte `at`.
    fn line(&self, at: usize) -> usize {
        let end = at.min(self.text.len());
        memchr::memchr_iter(b'\n', &self.text.as_bytes()[..end]).count() + 1
    }

    fn warn(&mut self, at: Option<usize>, problem: ConfigProblem) {
        let line = at.map(|a| self.line(a));
        self.warnings.push(ConfigWarning {
            path: self.path.to_path_buf(),
            line,
            problem: escaped(problem),
        });
    }

    /// The string value of `key`, or a warning.
    fn string<'v>(&mut self, key: &str, v: &'v Spanned<DeValue<'_>>) -> Option<&'v str> {
        let s = v.get_ref().as_str();
        if s.is_none() {
            self.wrong_type(key, "a string", v);
        }
        s
    }

    /// The integer value of `key` within `min..=max`, or a warning.
    fn integer(&mut self, key: &str, v: &Spanned<DeValue<'_>>, min: u32, max: u32) -> Option<u32> {
        let Some(i) = v.get_ref().as_integer() else {
            self.wrong_type(key, "a whole number", v);
            return None;
        };
        let parsed = i128::from_str_radix(i.as_str(), i.radix()).ok();
        match parsed.and_then(|n| u32::try_from(n).ok()) {
            Some(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                self.warn(
                    Some(v.span().start),
                    ConfigProblem::OutOfRange {
                        key: key.to_owned(),
                        value: i.as_str().to_owned(),
                        min,
                        max,
                    },
                );
                None
            }
        }
    }

    /// A name from a fixed list, or a warning.
    fn named<T>(
        &mut self,
        key: &str,
        v: &Spanned<DeValue<'_>>,
        expected: &'static str,
        from_name: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let s = self.string(key, v)?;
        let found = from_name(s);
        if found.is_none() {
            self.warn(
                Some(v.span().start),
                ConfigProblem::BadValue {
                    key: key.to_owned(),
                    value: s.to_owned(),
                    expected,
                },
            );
        }
        found
    }

    fn wrong_type(&mut self, key: &str, expected: &'static str, v: &Spanned<DeValue<'_>>) {
        self.warn(
            Some(v.span().start),
            ConfigProblem::WrongType {
                key: key.to_owned(),
                expected,
                found: v.get_ref().type_str(),
            },
        );
    }

    fn unknown(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        full: String,
        expected: &'static str,
    ) {
        self.warn(
            Some(key.span().start),
            ConfigProblem::UnknownKey {
                key: full,
                expected,
            },
        );
    }

    /// The table value of `key`, or a warning.
    fn table<'v, 'i>(&mut self, key: &str, v: &'v Spanned<DeValue<'i>>) -> Option<&'v DeTable<'i>> {
        let t = v.get_ref().as_table();
        if t.is_none() {
            self.wrong_type(key, "a table", v);
        }
        t
    }
}

/// Parses config text into a config plus warnings sorted by line.
pub(super) fn parse(text: &str, path: &Path) -> (Config, Vec<ConfigWarning>) {
    let mut ctx = Ctx {
        text,
        path,
        warnings: Vec::new(),
    };
    let mut config = Config::default();
    match DeTable::parse(text) {
        Ok(table) => top_level(&mut ctx, &mut config, table.get_ref()),
        Err(e) => {
            let at = e.span().map(|s| s.start);
            let message = e.message().trim().to_owned();
            ctx.warn(at, ConfigProblem::Syntax(message));
        }
    }
    let mut warnings = ctx.warnings;
    warnings.sort_by_key(|w| w.line.unwrap_or(0));
    (config, warnings)
}

fn top_level(ctx: &mut Ctx<'_>, config: &mut Config, table: &DeTable<'_>) {
    let mut keys = Vec::new();
    for (k, v) in table {
        let name = k.get_ref().as_ref();
        match name {
            "theme" => {
                if let Some(t) = ctx.named(name, v, "dark, light, plain", super::Theme::from_name) {
                    config.theme = t;
                }
            }
            "indent" => {
                if let Some(n) = ctx.integer(name, v, 0, u32::from(MAX_INDENT)) {
                    config.indent = n as u8;
                }
            }
            "max_width" => {
                if let Some(n) = ctx.integer(name, v, 1, u32::from(u16::MAX)) {
                    config.max_width = n as u16;
                }
            }
            "ambiguous" => {
                if let Some(a) = ctx.named(name, v, "narrow, wide", ambiguous_from_name) {
                    config.ambiguous = a;
                }
            }
            "reflow" => {
                if let Some(r) = ctx.named(
                    name,
                    v,
                    "auto, never, always",
                    crate::document::reflow::Reflow::from_name,
                ) {
                    config.reflow = r;
                }
            }
            "lang" => {
                if let Some(l) = ctx.named(name, v, "en, zh", Lang::from_name) {
                    config.lang = Some(l);
                }
            }
            "rates" => rates(ctx, config, v),
            "speech" => speech(ctx, config, v),
            "study" => study(ctx, config, v),
            "keys" => keys_tables(ctx, v, &mut keys),
            "headings" => headings::headings(ctx, v, &mut config.headings),
            _ => ctx.unknown(k, name.to_owned(), TOP_KEYS),
        }
    }
    // the parsed table is ordered by name; overrides apply in file order
    keys.sort_by_key(|k| k.line);
    config.keys = check_keys(ctx, keys);
}

fn rates(ctx: &mut Ctx<'_>, config: &mut Config, v: &Spanned<DeValue<'_>>) {
    let Some(table) = ctx.table("rates", v) else {
        return;
    };
    for (k, v) in table {
        match k.get_ref().as_ref() {
            "read" => {
                if let Some(n) = ctx.integer("rates.read", v, 1, MAX_RATE) {
                    config.rates.read = n;
                }
            }
            "speak" => {
                if let Some(n) = ctx.integer("rates.speak", v, 1, MAX_RATE) {
                    config.rates.speak = n;
                }
            }
            other => ctx.unknown(k, format!("rates.{other}"), "read, speak"),
        }
    }
}

fn speech(ctx: &mut Ctx<'_>, config: &mut Config, v: &Spanned<DeValue<'_>>) {
    let Some(table) = ctx.table("speech", v) else {
        return;
    };
    for (k, v) in table {
        match k.get_ref().as_ref() {
            "countdown" => {
                if let Some(n) = ctx.integer("speech.countdown", v, 0, MAX_COUNTDOWN) {
                    config.speech.countdown = n;
                }
            }
            "target" => {
                if let Some(t) = ctx.named(
                    "speech.target",
                    v,
                    "a length such as 40m, 1h10m, 90s or 40:30",
                    |s| parse_duration(s).ok(),
                ) {
                    config.speech.target = Some(t);
                }
            }
            other => ctx.unknown(k, format!("speech.{other}"), "countdown, target"),
        }
    }
}

fn study(ctx: &mut Ctx<'_>, config: &mut Config, v: &Spanned<DeValue<'_>>) {
    let Some(table) = ctx.table("study", v) else {
        return;
    };
    for (k, v) in table {
        match k.get_ref().as_ref() {
            "cite" => match v.get_ref().as_bool() {
                Some(b) => config.cite = b,
                None => ctx.wrong_type("study.cite", "true or false", v),
            },
            other => ctx.unknown(k, format!("study.{other}"), "cite"),
        }
    }
}

fn keys_tables(ctx: &mut Ctx<'_>, v: &Spanned<DeValue<'_>>, out: &mut Vec<KeyBinding>) {
    let Some(table) = ctx.table("keys", v) else {
        return;
    };
    for (scope_key, scope_table) in table {
        let scope_name = scope_key.get_ref().as_ref();
        let Some(scope) = Scope::from_name(scope_name) else {
            ctx.unknown(
                scope_key,
                format!("keys.{scope_name}"),
                "text, outline, global",
            );
            continue;
        };
        let Some(bindings) = ctx.table(&format!("keys.{scope_name}"), scope_table) else {
            continue;
        };
        for (key, action) in bindings {
            let Some(action_name) =
                ctx.string(&format!("keys.{scope_name}.{}", key.get_ref()), action)
            else {
                continue;
            };
            out.push(KeyBinding {
                scope,
                key: key.get_ref().to_string(),
                action: action_name.to_owned(),
                line: ctx.line(key.span().start),
            });
        }
    }
}

/// Checks each override on its own (chord, action name), then drops conflicting ones until
/// the rest build a keymap. Every problem is a warning at the binding's line.
fn check_keys(ctx: &mut Ctx<'_>, keys: Vec<KeyBinding>) -> Vec<KeyBinding> {
    let mut good = Vec::new();
    let mut triggers = Vec::new();
    for k in keys {
        let problem = match k.key.parse::<Trigger>() {
            Err(e) => Some(e),
            Ok(_) if k.action != UNBIND && Action::from_name(&k.action).is_none() => {
                Some(KeymapError::UnknownAction(k.action.clone()))
            }
            Ok(t) => {
                triggers.push(t);
                None
            }
        };
        match problem {
            Some(e) => push_key_warning(ctx, k.line, e),
            None => good.push(k),
        }
    }
    // Each round drops at least one binding, so this ends.
    loop {
        let overrides: Vec<_> = good
            .iter()
            .map(|k| (k.scope, k.key.clone(), k.action.clone()))
            .collect();
        let Err(errors) = Keymap::with_overrides(&overrides) else {
            return good;
        };
        let mut drop = Vec::new();
        for e in errors {
            let culprit = blame(&e, &good, &triggers);
            push_key_warning(ctx, culprit.map_or(0, |i| good[i].line), e);
            drop.push(culprit);
        }
        if drop.contains(&None) {
            // an error we cannot place: keep the defaults for every key
            return Vec::new();
        }
        let mut drop: Vec<usize> = drop.into_iter().flatten().collect();
        drop.sort_unstable();
        drop.dedup();
        for i in drop.into_iter().rev() {
            good.remove(i);
            triggers.remove(i);
        }
    }
}

/// The override (index into `keys`) that an error is about: the last one that matches.
fn blame(e: &KeymapError, keys: &[KeyBinding], triggers: &[Trigger]) -> Option<usize> {
    let matches = |i: usize| -> bool {
        let (k, t) = (&keys[i], &triggers[i]);
        match e {
            KeymapError::Duplicate { scope, key, .. } => k.scope == *scope && t.to_string() == *key,
            KeymapError::PrefixConflict { scope, key } => {
                k.scope == *scope && t.first().to_string() == *key
            }
            KeymapError::BadPattern { key, action } => t.to_string() == *key && k.action == *action,
            KeymapError::BadKey { key, .. } => k.key == *key,
            KeymapError::UnknownAction(name) => k.action == *name,
        }
    };
    (0..keys.len()).rev().find(|&i| matches(i))
}

fn push_key_warning(ctx: &mut Ctx<'_>, line: usize, e: KeymapError) {
    ctx.warnings.push(ConfigWarning {
        path: ctx.path.to_path_buf(),
        line: (line > 0).then_some(line),
        problem: escaped(ConfigProblem::Key(e)),
    });
}

/// `problem` with every key, value and message from the file passed through
/// [`sanitize`]: a warning is printed on one line wherever it is printed, and a control
/// character in the file (an escape sequence in a key) reaches no terminal.
fn escaped(problem: ConfigProblem) -> ConfigProblem {
    let clean = |s: String| sanitize(&s).into_owned();
    match problem {
        ConfigProblem::Unreadable(m) => ConfigProblem::Unreadable(clean(m)),
        ConfigProblem::Syntax(m) => ConfigProblem::Syntax(clean(m)),
        ConfigProblem::BadPattern(m) => ConfigProblem::BadPattern(clean(m)),
        ConfigProblem::UnknownKey { key, expected } => ConfigProblem::UnknownKey {
            key: clean(key),
            expected,
        },
        ConfigProblem::WrongType {
            key,
            expected,
            found,
        } => ConfigProblem::WrongType {
            key: clean(key),
            expected,
            found,
        },
        ConfigProblem::OutOfRange {
            key,
            value,
            min,
            max,
        } => ConfigProblem::OutOfRange {
            key: clean(key),
            value: clean(value),
            min,
            max,
        },
        ConfigProblem::BadValue {
            key,
            value,
            expected,
        } => ConfigProblem::BadValue {
            key: clean(key),
            value: clean(value),
            expected,
        },
        ConfigProblem::Key(e) => ConfigProblem::Key(match e {
            KeymapError::BadKey { key, reason } => KeymapError::BadKey {
                key: clean(key),
                reason,
            },
            KeymapError::UnknownAction(name) => KeymapError::UnknownAction(clean(name)),
            KeymapError::Duplicate {
                scope,
                key,
                first,
                second,
            } => KeymapError::Duplicate {
                scope,
                key: clean(key),
                first: clean(first),
                second: clean(second),
            },
            KeymapError::PrefixConflict { scope, key } => KeymapError::PrefixConflict {
                scope,
                key: clean(key),
            },
            KeymapError::BadPattern { key, action } => KeymapError::BadPattern {
                key: clean(key),
                action: clean(action),
            },
        }),
    }
}
