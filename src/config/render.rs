//! `--print-config`: the effective configuration as commented TOML.
//!
//! Invariant: the output parses back (with [`super::Config::parse`]) to the configuration it
//! was rendered from. Default key bindings are listed as comments, so the file doubles as the
//! list of every key and action name; only overrides are live lines.

use std::collections::HashSet;
use std::fmt::Write as _;

use super::{Config, MAX_INDENT, MAX_RATE, ambiguous_name};
use crate::display::needs_escape;
use crate::keymap::{DEFAULT_BINDINGS, Scope, Trigger};
use crate::settings::MAX_COUNTDOWN;

/// Renders `config` as commented TOML.
pub(super) fn render(config: &Config) -> String {
    let mut out = String::new();
    out.push_str(
        "# gangmu configuration (effective values: defaults, then the config file, then the\n\
         # command line). Save as config.toml in gangmu's config directory, or point\n\
         # GANGMU_CONFIG or --config at it.\n\n",
    );
    let _ = writeln!(
        out,
        "# Colours: dark, light or plain (no colour; NO_COLOR selects it too).\ntheme = {}\n",
        quote(config.theme.name())
    );
    let _ = writeln!(
        out,
        "# First-line indent of Chinese paragraphs, in full-width characters (0 to {MAX_INDENT}).\nindent = {}\n",
        config.indent
    );
    let _ = writeln!(
        out,
        "# Widest text column; wider panes centre it.\nmax_width = {}\n",
        config.max_width
    );
    let _ = writeln!(
        out,
        "# Width of East Asian ambiguous characters (“ ” … — ·): narrow or wide, as your\n\
         # terminal shows them.\nambiguous = {}\n",
        quote(ambiguous_name(config.ambiguous))
    );
    let _ = writeln!(
        out,
        "# Join the lines of hard-wrapped plain text into paragraphs: auto (where a region\n\
         # looks wrapped), never or always.\nreflow = {}\n",
        quote(config.reflow.name())
    );
    out.push_str("# Language of the reader's own words: en or zh (default: from the locale).\n");
    match config.lang {
        Some(lang) => {
            let _ = writeln!(out, "lang = {}\n", quote(lang.name()));
        }
        None => out.push_str("# lang = \"zh\"\n\n"),
    }
    let _ = writeln!(
        out,
        "# Characters per minute (字/分钟, 1 to {MAX_RATE}) for reading times.\n\
         [rates]\nread = {}\nspeak = {}\n",
        config.rates.read, config.rates.speak
    );
    let _ = writeln!(
        out,
        "# Giving a speech: seconds the teleprompter counts down before it moves (0 to \
         {MAX_COUNTDOWN}),\n# and the length the whole speech should take (\"40m\", \"1h10m\"; the \
         speaking rate is\n# scaled to fit it).\n[speech]\ncountdown = {}",
        config.speech.countdown
    );
    match config.speech.target {
        Some(t) => {
            let _ = writeln!(out, "target = {}\n", quote(&format!("{t}s")));
        }
        None => out.push_str("# target = \"40m\"\n\n"),
    }
    let _ = writeln!(
        out,
        "# Studying: y and Y add the citation (——《title》 一、… › （二）…) to what they copy\n\
         # (c always does).\n[study]\ncite = {}\n",
        config.cite
    );
    out.push_str(
        "# Key bindings: \"key\" = \"action\" per pane (text, outline; global = both).\n\
         # Keys: \"j\", \"G\", \"ctrl-d\", \"pagedown\", \"space\", \"f1\", two keys \"g g\", and\n\
         # \"m <letter>\" for set_mark/jump_mark. \"none\" removes a key. Commented lines are\n\
         # the defaults.\n",
    );
    for scope in [Scope::Text, Scope::Outline, Scope::Global] {
        render_scope(&mut out, config, scope);
    }
    out
}

/// One `[keys.<scope>]` table: live overrides, then the defaults they leave as comments.
fn render_scope(out: &mut String, config: &Config, scope: Scope) {
    let _ = writeln!(out, "\n[keys.{}]", scope.name());
    let mut overridden: Vec<Trigger> = Vec::new();
    for k in config.keys.iter().filter(|k| k.scope == scope) {
        let _ = writeln!(out, "{} = {}", quote(&k.key), quote(&k.action));
        if let Ok(t) = k.key.parse::<Trigger>() {
            overridden.push(t);
        }
    }
    let mut shown = HashSet::new();
    for &(s, key, action) in DEFAULT_BINDINGS {
        if s != scope {
            continue;
        }
        let Ok(t) = key.parse::<Trigger>() else {
            continue;
        };
        if overridden.iter().any(|o| o.overlaps(&t)) || !shown.insert(t) {
            continue;
        }
        let _ = writeln!(out, "# {} = {}", quote(key), quote(&action.name()));
    }
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            '\t' => q.push_str("\\t"),
            // control and format characters (bidi overrides) as escapes: the output is shown
            // on a terminal
            c if c.is_control() || needs_escape(c) => {
                let _ = write!(q, "\\u{:04X}", c as u32);
            }
            c => q.push(c),
        }
    }
    q.push('"');
    q
}
