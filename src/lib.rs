//! gangmu (纲目): a terminal reader for long structured documents.
//!
//! Data flows left to right, and everything left of the view is pure:
//! bytes → [`decode`] → [`document`] (paragraphs and section tree) → layout → app → view.
//! [`load`] drives decoding and parsing chunk by chunk; [`run`] dispatches the command line.
//! Keys become [`keymap::Action`]s, and the section tree's fold state lives in [`outline`].

pub mod cli;
pub mod config;
pub mod decode;
pub mod display;
pub mod document;
pub mod i18n;
pub mod keymap;
pub mod load;
pub mod meta;
pub mod outline;
pub mod print_outline;
pub mod state;

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use anyhow::Result;

use cli::{Cli, FormatArg};
use document::Format;
use load::{LoadOptions, Source};

/// How the program ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Success.
    Ok,
    /// A runtime error was reported.
    Failure,
}

/// Runs the command line. Errors are returned for `main` to print as one line.
pub fn run(cli: &Cli) -> Result<Exit> {
    let source = match cli.file.as_deref() {
        Some(p) if p == Path::new("-") => Source::Stdin,
        Some(p) => Source::Path(p.to_path_buf()),
        None if !io::stdin().is_terminal() => Source::Stdin,
        None => {
            anyhow::bail!("no FILE given (the interactive reader and its guide are not built yet)")
        }
    };
    let opts = LoadOptions {
        encoding: cli.encoding.map(|e| e.0),
        force: cli.force,
        format: match cli.format {
            FormatArg::Auto => None,
            FormatArg::Plain => Some(Format::Plain),
            FormatArg::Markdown => Some(Format::Markdown),
        },
    };
    let (doc, report) = load::load(&source, opts)?;
    for w in report.warnings() {
        eprintln!("gangmu: warning: {w}");
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    if cli.outline {
        let o = print_outline::OutlineOptions {
            json: cli.json,
            stats: cli.stats,
            raw: cli.raw,
            ..Default::default()
        };
        print_outline::write_outline(&doc, &o, &mut out)?;
    } else {
        anyhow::bail!("--print and the interactive reader are not built yet; use --outline");
    }
    out.flush()?;
    Ok(Exit::Ok)
}
