//! The command line, as clap derive definitions; the single source for `--help`, completions
//! and the man page.

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

/// 纲目 gangmu — read long structured documents (speeches, reports, laws, novels, Markdown) with
/// a foldable section tree beside text wrapped the way Chinese is typeset.
#[derive(Debug, Clone, Parser)]
#[allow(clippy::struct_excessive_bools)] // each bool is a command-line flag
#[command(name = "gangmu", version, about, long_about = None)]
pub struct Cli {
    /// The document to read; `-` or no FILE with piped input reads standard input. Without
    /// FILE on a terminal, the built-in guide opens.
    pub file: Option<PathBuf>,

    /// Print the section tree and exit (two spaces of indent per level).
    #[arg(long)]
    pub outline: bool,

    /// With --outline: print JSON {"title", "sections": [{"level", "title", "line", "chars"…}]}.
    #[arg(long, requires = "outline")]
    pub json: bool,

    /// With --outline: add each section's size (字数) and reading/speaking minutes.
    #[arg(long, requires = "outline")]
    pub stats: bool,

    /// Print the text wrapped exactly as the reading pane shows it, and exit.
    #[arg(long, conflicts_with = "outline")]
    pub print: bool,

    /// With --print: the pane width in columns (default: the terminal's, or 80).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub width: Option<u16>,

    /// Widest text column; wider panes centre it.
    #[arg(long, value_name = "N", default_value_t = 80, value_parser = clap::value_parser!(u16).range(1..))]
    pub max_width: u16,

    /// First-line indent of CJK paragraphs, in full-width characters (0 disables).
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u8).range(0..=8))]
    pub indent: u8,

    /// Width of East Asian ambiguous characters (“ ” … — ·): match your terminal.
    #[arg(long, value_enum, default_value_t = Ambiguous::Narrow)]
    pub ambiguous: Ambiguous,

    /// Decode as this encoding instead of detecting it.
    #[arg(long, value_name = "NAME", value_parser = parse_encoding)]
    pub encoding: Option<EncodingArg>,

    /// How to find the structure (default: by file extension).
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    pub format: FormatArg,

    /// Read the input even if it looks binary (NUL bytes).
    #[arg(long)]
    pub force: bool,

    /// Do not make control characters visible in --print/--outline output.
    #[arg(long)]
    pub raw: bool,

    /// Open at a section: `12`, `2.3`, `50%`, or text matched against heading titles.
    #[arg(short = 's', long, value_name = "SPEC")]
    pub section: Option<String>,
}

/// `--ambiguous` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Ambiguous {
    /// One column (most Western terminal setups).
    Narrow,
    /// Two columns (CJK terminal setups).
    Wide,
}

/// `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Markdown for .md/.markdown files, plain text otherwise.
    Auto,
    /// Plain text with Chinese heading patterns.
    Plain,
    /// Markdown.
    Markdown,
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
