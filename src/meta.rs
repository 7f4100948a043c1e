//! The commands about gangmu itself rather than a document: `--completions SHELL`, `--man`
//! and `--print-config`.
//!
//! Invariant: completions and the man page are generated from the one clap definition
//! ([`Cli::command`]), so they can never disagree with `--help`; the man page's KEYS come
//! from the key table, like the `?` help screen.

use std::io::Write;

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::{Cli, CompletionShell};
use crate::config::Config;
use crate::keymap::Keymap;

mod man;

/// Runs the meta command the command line asks for, writing to `out`; `None` when it asks for
/// none (read a document instead). Config warnings for `--print-config` go to stderr.
pub fn run_meta(cli: &Cli, out: &mut impl Write) -> Option<Result<()>> {
    if let Some(shell) = cli.completions {
        return Some(write_completions(shell, out));
    }
    if cli.man {
        return Some(write_man(out));
    }
    if cli.print_config {
        let (config, warnings) = Config::with_overrides(cli.config.as_deref(), &cli.overrides());
        for w in &warnings {
            eprintln!(
                "gangmu: warning: {}",
                crate::display::sanitize(&w.to_string())
            );
        }
        return Some(
            out.write_all(config.render_effective().as_bytes())
                .context("writing the configuration to stdout"),
        );
    }
    None
}

/// Writes the completion script for `shell`.
pub fn write_completions(shell: CompletionShell, out: &mut impl Write) -> Result<()> {
    let shell = match shell {
        CompletionShell::Bash => Shell::Bash,
        CompletionShell::Zsh => Shell::Zsh,
        CompletionShell::Fish => Shell::Fish,
    };
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "gangmu", &mut buf);
    out.write_all(&buf).context("writing the completion script")
}

/// Writes the man page (roff): clap's sections, then KEYS (from the default key table),
/// FILES, ENVIRONMENT and EXIT STATUS.
pub fn write_man(out: &mut impl Write) -> Result<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .context("writing the man page")?;
    page.extend_from_slice(man::extra_sections(&Keymap::default_keys()).as_bytes());
    out.write_all(&page).context("writing the man page")
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    fn run(args: &[&str]) -> Option<String> {
        let cli = Cli::parse_from(args);
        let mut out = Vec::new();
        let result = run_meta(&cli, &mut out)?;
        assert!(result.is_ok(), "{result:?}");
        Some(String::from_utf8(out).expect("utf-8"))
    }

    #[test]
    fn no_meta_flag_is_none() {
        assert!(run(&["gangmu", "x.txt"]).is_none());
    }

    #[test]
    fn completions_and_man_mention_the_flags() {
        for shell in ["bash", "zsh", "fish"] {
            let text = run(&["gangmu", "--completions", shell]).expect("some");
            assert!(text.contains("outline"), "{shell}");
            assert!(text.contains("print-config"), "{shell}");
        }
        let man = run(&["gangmu", "--man"]).expect("some");
        assert!(man.contains(".TH"), "{man}");
        assert!(man.contains("outline"), "{man}");
        assert!(man.contains(".SH KEYS") && man.contains(".SH \"EXIT STATUS\""));
    }

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }
}
