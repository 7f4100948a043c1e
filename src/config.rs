//! The configuration file (`config.toml`) and how it combines with the command line.
//!
//! Precedence, lowest first: built-in defaults (the same as the command line's), the config
//! file, `NO_COLOR` (theme only), explicit command-line flags. The file is looked up as
//! `--config FILE`, else `$GANGMU_CONFIG`, else `<platform config dir>/gangmu/config.toml`.
//!
//! Invariants:
//! - loading never fails: a missing file gives the defaults silently, and every problem
//!   (syntax, unknown key, wrong type, out-of-range or unknown value, unknown action, bad key
//!   chord, key conflict) becomes a [`ConfigWarning`] naming the file and 1-based line, while
//!   that one field keeps its default;
//! - [`Config::keys`] only holds overrides that build a [`Keymap`] together, so
//!   [`Config::keymap`] cannot fail;
//! - [`Config::render_effective`] parses back to an equal `Config` (line numbers aside).

mod parse;
mod render;
#[cfg(test)]
mod tests;
mod theme;

use std::fmt;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::i18n::Lang;
use crate::keymap::{Keymap, KeymapError, Scope};
pub use crate::settings::{AmbiguousWidth, MAX_INDENT, MAX_RATE, Overrides, Rates};
use crate::settings::{Speech, ambiguous_from_name, ambiguous_name};

pub use theme::{Palette, Theme, no_color};

/// Environment variable naming the config file (below `--config`).
pub const CONFIG_ENV: &str = "GANGMU_CONFIG";

/// One `[keys.<scope>]` entry: `"key" = "action_name"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyBinding {
    /// The table it is in.
    pub scope: Scope,
    /// The key as written (`"ctrl-f"`, `"g g"`, `"m <letter>"`).
    pub key: String,
    /// The action's config name, or [`crate::keymap::UNBIND`].
    pub action: String,
    /// 1-based line in the config file (0 when not from a file).
    pub line: usize,
}

/// The effective settings of the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Colour theme.
    pub theme: Theme,
    /// First-line indent of CJK paragraphs, in full-width characters (0–8).
    pub indent: u8,
    /// Widest text column.
    pub max_width: u16,
    /// Width of East Asian ambiguous characters.
    pub ambiguous: AmbiguousWidth,
    /// Whether hard-wrapped plain text is reflowed.
    pub reflow: crate::document::reflow::Reflow,
    /// Reading and speaking rates.
    pub rates: Rates,
    /// The UI language; `None` = from the locale ([`Lang::detect`]).
    pub lang: Option<Lang>,
    /// The teleprompter's countdown and the speech's target length.
    pub speech: Speech,
    /// `y` and `Y` add the citation (`——《title》 section path`) to what they copy.
    pub cite: bool,
    /// Key binding overrides, applied over the default table in order.
    pub keys: Vec<KeyBinding>,
    /// The reader's own heading and ignore rules (`[[headings]]`), in file order.
    pub headings: Vec<HeadingRule>,
}

/// One `[[headings]]` rule, its pattern already checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingRule {
    /// The regular expression, as written.
    pub pattern: String,
    /// What a match means.
    pub effect: crate::document::structure::RuleEffect,
    /// Its line in the config file.
    pub line: usize,
}

impl Config {
    /// The heading rules, compiled for the structure pass.
    pub fn structure_rules(&self) -> Vec<crate::document::structure::UserRule> {
        self.headings
            .iter()
            .filter_map(|r| {
                Some(crate::document::structure::UserRule {
                    pattern: regex::Regex::new(&r.pattern).ok()?,
                    effect: r.effect,
                })
            })
            .collect()
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            theme: Theme::Dark,
            indent: 2,
            max_width: 80,
            ambiguous: AmbiguousWidth::Narrow,
            reflow: crate::document::reflow::Reflow::Auto,
            rates: Rates::default(),
            lang: None,
            speech: Speech::default(),
            cite: false,
            keys: Vec::new(),
            headings: Vec::new(),
        }
    }
}

/// What is wrong with one part of the config file.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ConfigProblem {
    /// The file exists but cannot be read.
    #[error("cannot read the file: {0}")]
    Unreadable(String),
    /// The file is not valid TOML; nothing in it was used.
    #[error("not valid TOML ({0}); using the defaults")]
    Syntax(String),
    /// A key the config does not know.
    #[error("unknown key `{key}` (expected one of: {expected})")]
    UnknownKey {
        /// The key, dotted (`keys.foo`).
        key: String,
        /// The keys allowed there.
        expected: &'static str,
    },
    /// A value of the wrong TOML type.
    #[error("`{key}` must be {expected}, not {found}")]
    WrongType {
        /// The key.
        key: String,
        /// What it must be.
        expected: &'static str,
        /// What it is.
        found: &'static str,
    },
    /// A number outside its range.
    #[error("`{key}` = {value} is out of range ({min} to {max})")]
    OutOfRange {
        /// The key.
        key: String,
        /// The value as written.
        value: String,
        /// Smallest allowed.
        min: u32,
        /// Largest allowed.
        max: u32,
    },
    /// A string that is not one of the allowed names.
    #[error("`{key}` = {value:?} is not valid (expected one of: {expected})")]
    BadValue {
        /// The key.
        key: String,
        /// The value.
        value: String,
        /// The allowed values.
        expected: &'static str,
    },
    /// A heading rule whose regular expression does not compile.
    #[error("bad regular expression in a heading rule: {0}")]
    BadPattern(String),
    /// A key binding that cannot be used (bad chord, unknown action, conflict).
    #[error("key binding: {0}")]
    Key(KeymapError),
}

/// A problem in the config file, with where it is. The reader still starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigWarning {
    /// The config file.
    pub path: PathBuf,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// What is wrong.
    pub problem: ConfigProblem,
}

impl fmt::Display for ConfigWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.problem),
            None => write!(f, "{}: {}", self.path.display(), self.problem),
        }
    }
}

impl std::error::Error for ConfigWarning {}

/// The config file to read: `flag`, else `$GANGMU_CONFIG`, else
/// `<platform config dir>/gangmu/config.toml`. `None` when there is no home directory.
pub fn config_path(flag: Option<&Path>, env: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    flag.map(Path::to_path_buf)
        .or_else(|| env(CONFIG_ENV).filter(|v| !v.is_empty()).map(PathBuf::from))
        .or_else(|| {
            directories::ProjectDirs::from("", "", "gangmu")
                .map(|d| d.config_dir().join("config.toml"))
        })
}

impl Config {
    /// Loads the config file at `path` (the `--config` flag), else as [`config_path`] finds it
    /// with the process environment. A missing file gives the defaults and no warning.
    pub fn load(path: Option<&Path>) -> (Self, Vec<ConfigWarning>) {
        Self::load_with_env(path, |k| std::env::var(k).ok())
    }

    /// [`Config::load`] with an injected environment lookup (for tests).
    pub fn load_with_env(
        path: Option<&Path>,
        env: impl Fn(&str) -> Option<String>,
    ) -> (Self, Vec<ConfigWarning>) {
        let Some(path) = config_path(path, env) else {
            return (Self::default(), Vec::new());
        };
        match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Self::parse(&text, &path),
                Err(_) => (
                    Self::default(),
                    vec![ConfigWarning {
                        path,
                        line: None,
                        problem: ConfigProblem::Unreadable("not UTF-8 text".into()),
                    }],
                ),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Self::default(), Vec::new()),
            Err(e) => (
                Self::default(),
                vec![ConfigWarning {
                    path,
                    line: None,
                    problem: ConfigProblem::Unreadable(e.to_string()),
                }],
            ),
        }
    }

    /// The effective configuration: the config file at `path` (or the default one), then the
    /// explicit `overrides` and `NO_COLOR`. Warnings are for the caller to show.
    pub fn with_overrides(
        path: Option<&Path>,
        overrides: &Overrides,
    ) -> (Self, Vec<ConfigWarning>) {
        let (mut config, warnings) = Self::load(path);
        config.apply(overrides);
        (config, warnings)
    }

    /// Parses config text; `path` only names the file in warnings. Warnings come sorted by line.
    pub fn parse(text: &str, path: &Path) -> (Self, Vec<ConfigWarning>) {
        parse::parse(text, path)
    }

    /// Applies explicitly given settings (the command line's) and `NO_COLOR` from the process
    /// environment.
    pub fn apply(&mut self, overrides: &Overrides) {
        self.apply_with_env(overrides, |k| std::env::var(k).ok());
    }

    /// [`Config::apply`] with an injected environment lookup: `NO_COLOR` (non-empty) makes the
    /// theme [`Theme::Plain`] unless a theme is given.
    pub fn apply_with_env(&mut self, cli: &Overrides, env: impl Fn(&str) -> Option<String>) {
        if let Some(theme) = cli.theme {
            self.theme = theme;
        } else if no_color(env) {
            self.theme = Theme::Plain;
        }
        if let Some(indent) = cli.indent {
            self.indent = indent;
        }
        if let Some(max_width) = cli.max_width {
            self.max_width = max_width;
        }
        if let Some(ambiguous) = cli.ambiguous {
            self.ambiguous = ambiguous;
        }
        if let Some(lang) = cli.lang {
            self.lang = Some(lang);
        }
        if let Some(rate) = cli.rate {
            self.rates.read = rate.read;
            if let Some(speak) = rate.speak {
                self.rates.speak = speak;
            }
        }
    }

    /// The UI language: the configured one, else the locale's.
    pub fn effective_lang(&self, env: impl Fn(&str) -> Option<String>) -> Lang {
        self.lang.unwrap_or_else(|| Lang::detect(env))
    }

    /// The styles of the configured theme.
    pub fn palette(&self) -> Palette {
        self.theme.palette()
    }

    /// The key binding overrides as [`Keymap::with_overrides`] takes them.
    pub fn key_overrides(&self) -> Vec<(Scope, String, String)> {
        self.keys
            .iter()
            .map(|k| (k.scope, k.key.clone(), k.action.clone()))
            .collect()
    }

    /// The keymap: the defaults with [`Config::keys`] applied (the defaults alone should the
    /// overrides somehow not build, which loading prevents).
    pub fn keymap(&self) -> Keymap {
        Keymap::with_overrides(&self.key_overrides()).unwrap_or_default()
    }

    /// The effective configuration as commented TOML (`--print-config`); it parses back to
    /// this configuration.
    pub fn render_effective(&self) -> String {
        render::render(self)
    }
}
