//! The reader's setting types, below both the command line (`cli`) and the config file
//! (`config`): the [`Theme`], the one [`AmbiguousWidth`], reading [`Rates`] and their
//! limit, and the [`Overrides`] the command line produces for the config to apply. Nothing here
//! knows where a setting came from.

use std::fmt;

use clap::ValueEnum;
use clap::builder::PossibleValue;

pub use crate::display::AmbiguousWidth;
use crate::i18n::Lang;
pub use crate::print_outline::Rates;
pub use speech::{MAX_COUNTDOWN, Speech, clock, parse_duration};

mod speech;

/// Highest accepted reading or speaking rate, in characters per minute (字/分钟).
pub const MAX_RATE: u32 = 100_000;

/// Widest first-line indent, in full-width characters.
pub const MAX_INDENT: u8 = 8;

/// A named look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, ValueEnum)]
pub enum Theme {
    /// Colours for a dark terminal background.
    #[default]
    Dark,
    /// Colours for a light terminal background.
    Light,
    /// No colour: bold, reverse and underline only.
    Plain,
}

impl Theme {
    /// Every theme, in config order.
    pub const ALL: [Self; 3] = [Self::Dark, Self::Light, Self::Plain];

    /// The config and command-line name.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Dark => "dark",
            Self::Light => "light",
            Self::Plain => "plain",
        }
    }

    /// The theme with config name `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }
}

impl fmt::Display for Theme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The config and command-line name of an ambiguous-width setting.
pub const fn ambiguous_name(a: AmbiguousWidth) -> &'static str {
    match a {
        AmbiguousWidth::Narrow => "narrow",
        AmbiguousWidth::Wide => "wide",
    }
}

/// The ambiguous-width setting with config name `name`.
pub fn ambiguous_from_name(name: &str) -> Option<AmbiguousWidth> {
    [AmbiguousWidth::Narrow, AmbiguousWidth::Wide]
        .into_iter()
        .find(|a| ambiguous_name(*a) == name)
}

/// `--ambiguous narrow|wide`, with the same help as the config file's comment.
impl ValueEnum for AmbiguousWidth {
    fn value_variants<'a>() -> &'a [Self] {
        &[Self::Narrow, Self::Wide]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(ambiguous_name(*self)).help(match self {
            Self::Narrow => "One column (most Western terminal setups)",
            Self::Wide => "Two columns (CJK terminal setups)",
        }))
    }
}

/// A reading rate, and the speaking rate when given (`--rate READ[,SPEAK]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateOverride {
    /// Silent reading, 字/分钟.
    pub read: u32,
    /// Reading aloud, 字/分钟; `None` keeps the configured one.
    pub speak: Option<u32>,
}

/// Settings given explicitly (on the command line), to apply over the config file's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Overrides {
    /// Colour theme.
    pub theme: Option<Theme>,
    /// First-line indent in full-width characters.
    pub indent: Option<u8>,
    /// Widest text column.
    pub max_width: Option<u16>,
    /// Width of ambiguous characters.
    pub ambiguous: Option<AmbiguousWidth>,
    /// The UI language.
    pub lang: Option<Lang>,
    /// Reading (and speaking) rates.
    pub rate: Option<RateOverride>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for t in Theme::ALL {
            assert_eq!(Theme::from_name(t.name()), Some(t));
        }
        for a in AmbiguousWidth::value_variants() {
            assert_eq!(ambiguous_from_name(ambiguous_name(*a)), Some(*a));
            let v = a.to_possible_value().expect("named");
            assert_eq!(v.get_name(), ambiguous_name(*a));
        }
        assert_eq!(ambiguous_from_name("medium"), None);
    }
}
