//! Key spellings: [`KeyChord`] (one key with modifiers) and [`Trigger`] (a key, a two-key
//! sequence, or a key followed by any letter).
//!
//! One spelling serves the table, the config and the tests: `"j"`, `"G"`, `"ctrl-d"`,
//! `"pagedown"`, `"space"`, `"f1"`, `"<"`; modifiers come first in the order `ctrl-alt-shift-`.
//! Parsing then displaying gives back the canonical spelling, and displaying then parsing gives
//! back the same chord. The help screen uses a separate, prettier [`KeyChord::label`] (`↓`).

use std::fmt;
use std::str::FromStr;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::KeymapError;

/// Named keys, in config spelling. Anything else is a single character or `f1`…`f24`.
const NAMED: &[(&str, KeyCode)] = &[
    ("space", KeyCode::Char(' ')),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
];

/// Modifier prefixes, in display order.
const MODIFIERS: &[(&str, KeyModifiers)] = &[
    ("ctrl-", KeyModifiers::CONTROL),
    ("alt-", KeyModifiers::ALT),
    ("shift-", KeyModifiers::SHIFT),
];

/// Highest function key accepted.
const MAX_F: u8 = 24;

/// One key with its modifiers, normalised so that equal keys compare equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyChord {
    /// The key.
    pub code: KeyCode,
    /// Only CONTROL, ALT and SHIFT; never SHIFT on a character (it is in the character).
    pub modifiers: KeyModifiers,
}

impl KeyChord {
    /// A normalised chord: SHIFT is folded into characters (`shift-g` becomes `G`) and dropped
    /// from BackTab, and modifiers other than ctrl/alt/shift are ignored.
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> Self {
        let mut modifiers =
            modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            KeyCode::Char(c) => {
                let shifted = modifiers.contains(KeyModifiers::SHIFT);
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::Char(if shifted { c.to_ascii_uppercase() } else { c })
            }
            KeyCode::BackTab => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Self { code, modifiers }
    }

    /// The chord of a crossterm key event (its kind is not looked at).
    pub fn from_event(event: &KeyEvent) -> Self {
        Self::new(event.code, event.modifiers)
    }

    /// A short label for the help screen: `↓`, `PgDn`, `Ctrl-d`, `Space`.
    pub fn label(&self) -> String {
        let mut out = String::new();
        for (name, flag) in [
            ("Ctrl-", KeyModifiers::CONTROL),
            ("Alt-", KeyModifiers::ALT),
            ("Shift-", KeyModifiers::SHIFT),
        ] {
            if self.modifiers.contains(flag) {
                out.push_str(name);
            }
        }
        let key = match self.code {
            KeyCode::Up => "↑".to_owned(),
            KeyCode::Down => "↓".to_owned(),
            KeyCode::Left => "←".to_owned(),
            KeyCode::Right => "→".to_owned(),
            KeyCode::PageUp => "PgUp".to_owned(),
            KeyCode::PageDown => "PgDn".to_owned(),
            KeyCode::Home => "Home".to_owned(),
            KeyCode::End => "End".to_owned(),
            KeyCode::Tab => "Tab".to_owned(),
            KeyCode::BackTab => "Shift-Tab".to_owned(),
            KeyCode::Enter => "Enter".to_owned(),
            KeyCode::Esc => "Esc".to_owned(),
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::F(n) => format!("F{n}"),
            _ => Self {
                code: self.code,
                modifiers: KeyModifiers::NONE,
            }
            .to_string(),
        };
        out.push_str(&key);
        out
    }
}

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for &(prefix, flag) in MODIFIERS {
            if self.modifiers.contains(flag) {
                f.write_str(prefix)?;
            }
        }
        if let Some((name, _)) = NAMED.iter().find(|(_, code)| *code == self.code) {
            return f.write_str(name);
        }
        match self.code {
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "f{n}"),
            other => write!(f, "{}", format!("{other:?}").to_ascii_lowercase()),
        }
    }
}

impl FromStr for KeyChord {
    type Err = KeymapError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = |reason| KeymapError::BadKey {
            key: s.to_owned(),
            reason,
        };
        let mut rest = s;
        let mut modifiers = KeyModifiers::NONE;
        'prefixes: loop {
            for &(prefix, flag) in MODIFIERS {
                let stripped = rest
                    .get(..prefix.len())
                    .filter(|head| head.eq_ignore_ascii_case(prefix))
                    .and_then(|_| rest.get(prefix.len()..))
                    .filter(|tail| !tail.is_empty());
                if let Some(tail) = stripped {
                    modifiers |= flag;
                    rest = tail;
                    continue 'prefixes;
                }
            }
            break;
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (None, _) => return Err(bad("empty key")),
            (Some(c), None) if c.is_whitespace() || c.is_control() => {
                return Err(bad("write a space as \"space\""));
            }
            (Some(c), None) => KeyCode::Char(c),
            _ => named(rest).ok_or_else(|| bad("unknown key name"))?,
        };
        Ok(Self::new(code, modifiers))
    }
}

/// A key name of more than one character (`pagedown`, `f5`), in any case.
fn named(name: &str) -> Option<KeyCode> {
    let lower = name.to_ascii_lowercase();
    if let Some(&(_, code)) = NAMED.iter().find(|(n, _)| *n == lower) {
        return Some(code);
    }
    let number: u8 = lower.strip_prefix('f')?.parse().ok()?;
    (1..=MAX_F).contains(&number).then_some(KeyCode::F(number))
}

/// What sets off a binding: one key, two keys in a row, or a key then any ASCII letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Trigger {
    /// A single key: `"j"`.
    Key(KeyChord),
    /// Two keys in a row: `"' '"` (written with a space between them).
    Seq(KeyChord, KeyChord),
    /// A key then any ASCII letter, which the action receives: `"m <letter>"`.
    Letter(KeyChord),
}

impl Trigger {
    /// The first key.
    pub const fn first(&self) -> KeyChord {
        match *self {
            Self::Key(k) | Self::Seq(k, _) | Self::Letter(k) => k,
        }
    }

    /// True when both cannot be bound in one scope: same trigger, or a single key that starts
    /// the other's sequence. An exact sequence and a `<letter>` form may share a first key (the
    /// exact one wins).
    pub fn overlaps(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Key(a), b) | (b, Self::Key(a)) => *a == b.first(),
            (Self::Seq(a, x), Self::Seq(b, y)) => a == b && x == y,
            (Self::Letter(a), Self::Letter(b)) => a == b,
            (Self::Seq(..), Self::Letter(_)) | (Self::Letter(_), Self::Seq(..)) => false,
        }
    }

    /// The help label: `j`, `''`, `m{letter}`.
    pub fn label(&self) -> String {
        match self {
            Self::Key(k) => k.label(),
            Self::Seq(a, b) => format!("{}{}", a.label(), b.label()),
            Self::Letter(a) => format!("{}{{letter}}", a.label()),
        }
    }
}

impl fmt::Display for Trigger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Key(k) => write!(f, "{k}"),
            Self::Seq(a, b) => write!(f, "{a} {b}"),
            Self::Letter(a) => write!(f, "{a} <letter>"),
        }
    }
}

impl FromStr for Trigger {
    type Err = KeymapError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parts: Vec<&str> = s.split_whitespace().collect();
        match parts.as_slice() {
            [one] => Ok(Self::Key(one.parse()?)),
            [first, "<letter>"] => Ok(Self::Letter(first.parse()?)),
            [first, second] => Ok(Self::Seq(first.parse()?, second.parse()?)),
            [] => Err(KeymapError::BadKey {
                key: s.to_owned(),
                reason: "empty key",
            }),
            _ => Err(KeymapError::BadKey {
                key: s.to_owned(),
                reason: "at most two keys in a row",
            }),
        }
    }
}
