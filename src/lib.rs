//! gangmu (纲目): a terminal reader for long structured documents.
//!
//! Data flows left to right, and everything left of the view is pure:
//! bytes → [`decode`] → [`document`] (paragraphs and section tree) → [`layout`] (with
//! [`display`] widths) → [`app`] (state, keys as [`keymap::Action`]s, fold state in
//! [`outline`]) → [`ui`] (the view). [`load`] drives decoding and parsing chunk by chunk,
//! [`tui`] is the only module that touches the terminal, and [`print`](mod@print) /
//! [`print_outline`] write the same layout without one. [`run`] dispatches the command line.

#![cfg_attr(
    test,
    allow(
        clippy::string_slice,
        clippy::format_collect,
        clippy::unwrap_used,
        clippy::format_push_string
    )
)]

pub mod app;
pub mod cli;
pub mod config;
pub mod decode;
pub mod display;
pub mod document;
pub mod formats;
pub mod goto;
pub mod i18n;
pub mod keymap;
pub mod layout;
pub mod load;
pub mod meta;
pub mod outline;
pub mod print;
pub mod print_outline;
pub mod search;
pub mod session;
pub mod state;
pub mod tui;
pub mod ui;
pub mod viewport;

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use anyhow::Result;

use app::{App, AppOptions};
use cli::{Ambiguous, Cli, FormatArg};
use config::Config;
use display::AmbiguousWidth;
use document::{Document, Format};
use layout::LayoutOptions;
use load::{LoadOptions, Loader, Source};

/// The built-in guide, shown by `gangmu` without a file on a terminal.
pub const GUIDE: &str = include_str!("../docs/guide.txt");

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
    if let Some(r) = meta::run_meta(cli, &mut io::stdout().lock()) {
        r?;
        return Ok(Exit::Ok);
    }
    let (config, config_warnings) = Config::for_cli(cli);
    let interactive = !cli.outline && !cli.print && io::stdout().is_terminal();
    let source = match cli.file.as_deref() {
        Some(p) if p == Path::new("-") => Source::Stdin,
        Some(p) => Source::Path(p.to_path_buf()),
        None if !io::stdin().is_terminal() => Source::Stdin,
        None => Source::Guide,
    };
    let mut opts = load_options(cli);
    if interactive {
        return run_reader(cli, &config, &config_warnings, &source, opts);
    }
    for w in &config_warnings {
        eprintln!("gangmu: warning: {}", display::sanitize(&w.to_string()));
    }
    // a plain outline prints no sizes, so it need not count them (the slowest per-byte pass)
    opts.skip_sizes = cli.outline && !cli.json && !cli.stats;
    let (doc, report) = load::load(&source, opts)?;
    for w in report.warnings() {
        eprintln!("gangmu: warning: {w}");
    }
    let stdout = io::stdout();
    let is_tty = stdout.is_terminal();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    if cli.outline {
        let o = print_outline::OutlineOptions {
            json: cli.json,
            stats: cli.stats,
            raw: cli.raw,
            rates: config.rates,
        };
        print_outline::write_outline(&doc, &o, &mut out)?;
    } else {
        let width = cli.width.unwrap_or_else(|| {
            if is_tty {
                ratatui::crossterm::terminal::size().map_or(80, |(w, _)| w)
            } else {
                80
            }
        });
        print::write_text_with(&doc, &layout_options(&config), width, cli.raw, &mut out)?;
    }
    out.flush()?;
    Ok(Exit::Ok)
}

fn load_options(cli: &Cli) -> LoadOptions {
    LoadOptions {
        encoding: cli.encoding.map(|e| e.0),
        force: cli.force,
        format: match cli.format {
            FormatArg::Auto => None,
            FormatArg::Plain => Some(Format::Plain),
            FormatArg::Markdown => Some(Format::Markdown),
        },
        skip_sizes: false,
    }
}

/// The layout settings of a configuration (command-line flags already applied).
pub fn layout_options(config: &Config) -> LayoutOptions {
    LayoutOptions {
        indent: config.indent,
        max_width: config.max_width,
        ambiguous: match config.ambiguous {
            Ambiguous::Narrow => AmbiguousWidth::Narrow,
            Ambiguous::Wide => AmbiguousWidth::Wide,
        },
    }
}

fn run_reader(
    cli: &Cli,
    config: &Config,
    warnings: &[config::ConfigWarning],
    source: &Source,
    opts: LoadOptions,
) -> Result<Exit> {
    let loader = Loader::open(source, opts)?;
    let app_opts = AppOptions {
        layout: layout_options(config),
        palette: config.palette(),
        rates: config.rates,
        lang: config.effective_lang(|k| std::env::var(k).ok()),
        ..AppOptions::default()
    };
    let doc = Document::new(loader.format());
    let mut app = App::new(doc, loader.name().to_owned(), config.keymap(), &app_opts);
    if let Some(w) = warnings.first() {
        let more = if warnings.len() > 1 {
            format!(" (+{} more)", warnings.len() - 1)
        } else {
            String::new()
        };
        app.note_error(format!("{}{more}", display::sanitize(&w.to_string())));
    }
    let mut loader = loader;
    app.loading = Some(app::Progress {
        read: 0,
        total: loader.progress().1,
    });
    // The first screen's text is parsed right here (the bytes read to choose the encoding),
    // so the first frame never waits for the loader thread to be scheduled.
    if let Ok(Some(chunk)) = loader.next_chunk(0) {
        app.apply_chunk(chunk);
    }

    if let Some(spec) = cli.section.as_deref().and_then(goto::parse) {
        app.go_spec(&spec);
    }
    let store = Some(state::StateStore::open(cli.state_dir.clone()));
    let resume_position = !cli.no_resume && cli.section.is_none();
    let mut session = session::Session::new(store, source, opts, resume_position);
    let result = tui::run(&mut app, None, Some(loader), &mut session);
    session.save(&mut app);
    for w in session.take_warnings() {
        eprintln!("gangmu: warning: {}", display::sanitize(&w));
    }
    result?;
    Ok(Exit::Ok)
}

/// Test hook: with `GANGMU_TEST_PANIC=1` in the environment the reader panics after its first
/// frame, so a test can check that the terminal is restored and the message printed.
pub fn debug_panic_hook_for_tests(_app: &App) {
    static ARMED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let armed =
        *ARMED.get_or_init(|| std::env::var_os("GANGMU_TEST_PANIC").is_some_and(|v| v == "1"));
    assert!(!armed, "gangmu test panic (GANGMU_TEST_PANIC=1)");
}
