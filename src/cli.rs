//! The command line, as clap derive definitions; the single source for `--help`, completions
//! and the man page.

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

use crate::document::reflow::Reflow;
use crate::i18n::Lang;
use crate::settings::{AmbiguousWidth, MAX_INDENT, MAX_RATE, Overrides, RateOverride, Theme};

/// 纲目 gangmu — read long structured documents (speeches, reports, laws, novels, Markdown) with
/// a foldable section tree beside text wrapped the way Chinese is typeset.
#[derive(Debug, Clone, Parser)]
#[allow(clippy::struct_excessive_bools)] // each bool is a command-line flag
#[command(name = "gangmu", version = env!("GANGMU_VERSION"), about, long_about = None)]
#[command(group(clap::ArgGroup::new("listing").args(["outline", "notes"]).multiple(false)))]
pub struct Cli {
    /// The document to read; `-` or no FILE with piped input reads standard input. Without
    /// FILE on a terminal, the built-in guide opens.
    pub file: Option<PathBuf>,

    /// More documents to read: with several FILEs, or a directory (its documents, not its
    /// subdirectories'), the reader opens a shelf of them; Ctrl-p lists them.
    #[arg(value_name = "MORE", conflicts_with_all = ["outline", "print", "rehearsals", "notes"])]
    pub more: Vec<PathBuf>,

    /// Print the section tree and exit (two spaces of indent per level).
    #[arg(long)]
    pub outline: bool,

    /// With --outline: print JSON {"title", "sections": [{"level", "title", "line", "chars"…}]};
    /// with --notes: {"title", "notes": [{"path", "line", "text", "note", "orphan", "citation"}]}.
    #[arg(long, requires = "listing")]
    pub json: bool,

    /// With --outline: add each section's size (字数) and reading/speaking minutes.
    #[arg(long, requires = "outline")]
    pub stats: bool,

    /// With --outline: for every heading candidate, the rule that made it a heading or the
    /// reason it was rejected (with --json too).
    #[arg(long, requires = "outline")]
    pub explain: bool,

    /// Print the text wrapped exactly as the reading pane shows it, and exit.
    #[arg(long, conflicts_with = "outline")]
    pub print: bool,

    /// With --print: the pane width in columns (default: the terminal's, or 80).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub width: Option<u16>,

    /// Widest text column; wider panes centre it [default: 80, or the config file's].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub max_width: Option<u16>,

    /// First-line indent of CJK paragraphs, in full-width characters (0 disables)
    /// [default: 2, or the config file's].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=i64::from(MAX_INDENT)))]
    pub indent: Option<u8>,

    /// Width of East Asian ambiguous characters (“ ” … — ·): match your terminal
    /// [default: narrow, or the config file's].
    #[arg(long, value_enum)]
    pub ambiguous: Option<AmbiguousWidth>,

    /// Decode as this encoding instead of detecting it.
    #[arg(long, value_name = "NAME", value_parser = parse_encoding)]
    pub encoding: Option<EncodingArg>,

    /// How to find the structure (default: by file extension).
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    pub format: FormatArg,

    /// Join the lines of hard-wrapped plain text into paragraphs: auto judges each region
    /// (most lines ending near one width), never keeps one paragraph per line, always joins
    /// every region's continuation lines [default: auto, or the config file's].
    #[arg(long, value_enum, value_name = "WHEN")]
    pub reflow: Option<Reflow>,

    /// Read the input even if it looks binary (NUL bytes).
    #[arg(long)]
    pub force: bool,

    /// Show Markdown as its source (front matter included) instead of rendering it; with
    /// --print/--outline, do not make control characters visible either.
    #[arg(long)]
    pub raw: bool,

    /// Open at a section: `12`, `2.3`, `50%`, `L120` (source line), `p12` (a PDF's page), or a heading label or text
    /// (`第三编`, `510条`); with --print, print only that section.
    #[arg(short = 's', long, value_name = "SPEC")]
    pub section: Option<String>,

    /// Open at the top instead of the last reading position (folds are not restored either).
    #[arg(long)]
    pub no_resume: bool,

    /// Keep reading positions and marks in DIR [default: $GANGMU_STATE_DIR, else the
    /// platform's state directory, e.g. ~/.local/state/gangmu].
    #[arg(long, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,

    /// Read the configuration from FILE [default: $GANGMU_CONFIG, else the platform's config
    /// directory, e.g. ~/.config/gangmu/config.toml].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Print the effective configuration (config file plus command line), with comments, and
    /// exit.
    #[arg(long)]
    pub print_config: bool,

    /// Colour theme [default: dark, or the config file's; plain when NO_COLOR is set].
    #[arg(long, value_enum)]
    pub theme: Option<Theme>,

    /// Language of the reader's own words [default: from LC_ALL/LC_MESSAGES/LANG, zh* = Chinese].
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,

    /// Reading and speaking rates in characters per minute (字/分钟), e.g. `300` or `300,240`
    /// [default: 300,240, or the config file's].
    #[arg(long, value_name = "READ[,SPEAK]", value_parser = parse_rate)]
    pub rate: Option<RateOverride>,

    /// The length the whole speech should take (`40m`, `1h10m`, `90s`, `40:30`): the
    /// teleprompter and the rehearsal plan use the speaking rate that fits it
    /// [default: the config file's `speech.target`, else none].
    #[arg(long, value_name = "LENGTH", value_parser = crate::settings::parse_duration)]
    pub target: Option<u32>,

    /// Print the highlights and notes of FILE as Markdown (the title, then for each in
    /// document order its section path as a heading, the highlighted text quoted, the note
    /// below; orphans, whose text is gone, last) and exit.
    #[arg(long, requires = "file", conflicts_with_all = ["print", "rehearsals"])]
    pub notes: bool,

    /// Print the past rehearsals of FILE (date, total, each top-level section) and exit.
    #[arg(long, requires = "file", conflicts_with_all = ["outline", "print"])]
    pub rehearsals: bool,

    /// Print a shell completion script for SHELL and exit.
    #[arg(long, value_enum, value_name = "SHELL")]
    pub completions: Option<CompletionShell>,

    /// Print the man page (roff) and exit.
    #[arg(long)]
    pub man: bool,
}

impl Cli {
    /// The settings given explicitly on this command line, for the config to apply.
    pub const fn overrides(&self) -> Overrides {
        Overrides {
            theme: self.theme,
            indent: self.indent,
            max_width: self.max_width,
            ambiguous: self.ambiguous,
            lang: self.lang,
            rate: self.rate,
        }
    }
}

/// `--completions` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompletionShell {
    /// GNU Bash.
    Bash,
    /// Z shell.
    Zsh,
    /// fish.
    Fish,
}

fn parse_rate(s: &str) -> Result<RateOverride, String> {
    let one = |part: &str| -> Result<u32, String> {
        match part.trim().parse::<u32>() {
            Ok(n) if (1..=MAX_RATE).contains(&n) => Ok(n),
            _ => Err(format!(
                "'{part}' is not a rate: expected characters per minute, 1 to {MAX_RATE}"
            )),
        }
    };
    match s.split_once(',') {
        Some((read, speak)) => Ok(RateOverride {
            read: one(read)?,
            speak: Some(one(speak)?),
        }),
        None => Ok(RateOverride {
            read: one(s)?,
            speak: None,
        }),
    }
}

/// `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// By content: Word, EPUB, ODF, HTML, PDF; Markdown for .md files; plain text otherwise.
    Auto,
    /// Plain text with Chinese heading patterns.
    #[value(alias = "txt")]
    Plain,
    /// Markdown.
    #[value(alias = "md")]
    Markdown,
    /// Word (.docx).
    Docx,
    /// EPUB 2 or 3.
    Epub,
    /// HTML (a saved web page).
    Html,
    /// ODF text (.odt).
    Odt,
    /// PDF, through pdftotext (poppler-utils).
    Pdf,
}

/// A validated `--encoding` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EncodingArg(pub &'static encoding_rs::Encoding);

fn parse_encoding(s: &str) -> Result<EncodingArg, String> {
    crate::decode::encoding_for_label(s)
        .map(EncodingArg)
        .ok_or_else(|| {
            format!("unknown encoding '{s}' (try utf-8, gb18030, gbk, utf-16le, utf-16be)")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_given_flags_become_overrides() {
        assert_eq!(
            Cli::parse_from(["gangmu"]).overrides(),
            Overrides::default()
        );
        let cli = Cli::parse_from([
            "gangmu",
            "--indent",
            "4",
            "--rate",
            "400,350",
            "--ambiguous",
            "wide",
            "--theme",
            "light",
        ]);
        assert_eq!(
            cli.overrides(),
            Overrides {
                theme: Some(Theme::Light),
                indent: Some(4),
                ambiguous: Some(AmbiguousWidth::Wide),
                rate: Some(RateOverride {
                    read: 400,
                    speak: Some(350)
                }),
                ..Overrides::default()
            }
        );
    }

    #[test]
    fn bad_rate_flag_is_a_usage_error() {
        for bad in ["0", "abc", "300,", "300,0", "1,2,3"] {
            assert!(
                Cli::try_parse_from(["gangmu", "--rate", bad]).is_err(),
                "{bad}"
            );
        }
    }
}
