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
pub mod heading_match;
pub mod i18n;
pub mod keymap;
pub mod layout;
pub mod load;
pub mod meta;
pub mod outline;
pub mod pos;
pub mod print;
pub mod print_outline;
pub mod print_rehearsals;
pub mod prompt_history;
pub mod search;
pub mod session;
pub mod settings;
pub mod state;
pub mod study;
pub mod text;
pub mod tui;
pub mod ui;
pub mod viewport;

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result};

use app::{App, AppOptions, Message};
use cli::{Cli, FormatArg};
use config::Config;
use document::{Document, Format};
use formats::FormatKind;
use layout::LayoutOptions;
use load::{LoadOptions, Loader, Source};

pub use load::GUIDE;

/// `--outline` shows the tree the reader shows: with the corrections saved for this document.
fn apply_saved_corrections(doc: &mut Document, cli: &Cli, file_name: &str) {
    let mut store = state::StateStore::open(cli.state_dir.clone());
    let corrections =
        store.find_corrections_with(|| state::DocKey::of(doc.text.as_bytes()), file_name);
    // without a state directory there is nothing to apply, and nothing worth a warning here
    for w in store.take_warnings() {
        if w != state::StateWarning::NoDirectory {
            eprintln!("gangmu: warning: {}", display::sanitize(&w.to_string()));
        }
    }
    if !corrections.is_empty() {
        let mut options = doc.structure_options().clone();
        options.corrections = corrections;
        doc.restructure(options);
    }
}

/// `--print` of a document loaded without its text ([`load::load_outline`]): the file is read
/// and decoded again, and the paragraphs whose text has come are laid out and written; the
/// text is kept from the line of the first paragraph not yet written.
fn print_reread(
    doc: &mut Document,
    source: &Source,
    opts: LoadOptions,
    layout: LayoutOptions,
    width: u16,
    raw: bool,
    out: &mut impl Write,
) -> Result<()> {
    let mut written = Ok(());
    let (mut next, mut start) = (0, 0);
    let mut window = String::new();
    let len = load::reread(source, opts, |text| {
        window.push_str(text);
        let end = start + window.len();
        let ready = next
            + doc
                .paragraphs
                .get(next..)
                .map_or(0, |ps| ps.partition_point(|p| p.range.end <= end));
        doc.set_window(start, std::mem::take(&mut window));
        written = print::write_paragraphs_after(doc, &layout, width, raw, next..ready, 0, out)
            .context(STDOUT);
        window = doc.take_window();
        next = ready;
        // keep the text from the start of the next paragraph's line (a piece of a cut line:
        // from the piece, see `load_document`)
        let cut = match doc.paragraphs.get(next) {
            Some(p) if p.continuation => p.range.start.saturating_sub(start),
            Some(p) => window
                .as_bytes()
                .get(..p.range.start.saturating_sub(start))
                .and_then(|b| memchr::memrchr(b'\n', b))
                .map_or(0, |nl| nl + 1),
            None => window.len(),
        };
        window.drain(..cut);
        start += cut;
        written.is_ok()
    })?;
    written?;
    let expected = doc
        .partial_text()
        .map_or(0, document::partial::PartialText::len);
    if next == doc.paragraphs.len() && len == expected {
        Ok(())
    } else {
        Err(anyhow::anyhow!(
            "{}: changed while it was read",
            source.display_name()
        ))
    }
}

/// The document of a non-interactive run. `--outline` and `--print` of a plain UTF-8 file do
/// not hold its text ([`load::load_outline`]; `--print` reads it again as it writes), unless
/// saved corrections ask for the whole text's key, `--section` needs the text, or the outline
/// needs text that was not kept: then the whole text is loaded.
fn load_document(
    cli: &Cli,
    source: &Source,
    opts: LoadOptions,
    structure: document::structure::Options,
) -> Result<(Document, load::LoadReport)> {
    let printing = !cli.outline && !cli.notes && !cli.rehearsals;
    let streamed =
        if cli.section.is_none() && (printing || (cli.outline && !has_saved_corrections(cli))) {
            load::load_outline(source, opts, structure.clone())?
        } else {
            None
        };
    // (a piece of a cut line laid out as it stands takes its line's indentation, which
    // `print_reread` does not keep)
    let streamed = streamed.filter(|(doc, _)| {
        !printing
            || !doc
                .paragraphs
                .iter()
                .any(|p| p.continuation && p.kind == document::ParagraphKind::Preformatted)
    });
    Ok(match streamed {
        Some(loaded) => loaded,
        None => load::load_structured(source, opts, structure)?,
    })
}

/// True when the state directory holds tree corrections for some document (finding this
/// document's would need the key of its whole text).
fn has_saved_corrections(cli: &Cli) -> bool {
    let mut store = state::StateStore::open(cli.state_dir.clone());
    let mut asked = false;
    store.find_corrections_with(
        || {
            asked = true;
            state::DocKey::of(&[])
        },
        "",
    );
    asked
}

/// How the program ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Success.
    Ok,
    /// A runtime error was reported.
    Failure,
}

/// Documents up to this size are parsed before the first frame (a few milliseconds).
const SYNC_LOAD_BYTES: u64 = 1 << 20;

/// What a failed write to standard output says (`gangmu --print f > /dev/full`).
const STDOUT: &str = "writing to stdout";

/// Runs the command line. Errors are returned for `main` to print as one line.
pub fn run(cli: &Cli) -> Result<Exit> {
    if let Some(r) = meta::run_meta(cli, &mut io::stdout().lock()) {
        r?;
        return Ok(Exit::Ok);
    }
    let (mut config, config_warnings) =
        Config::with_overrides(cli.config.as_deref(), &cli.overrides());
    if let Some(target) = cli.target {
        config.speech.target = Some(target);
    }
    let interactive =
        !cli.outline && !cli.print && !cli.rehearsals && !cli.notes && io::stdout().is_terminal();
    if !interactive && !cli.more.is_empty() {
        anyhow::bail!(
            "several documents open in the reader only (on a terminal); --print takes one"
        );
    }
    let source = match cli.file.as_deref() {
        Some(p) if p == Path::new("-") => Source::Stdin,
        Some(p) => Source::Path(p.to_path_buf()),
        None if !io::stdin().is_terminal() => Source::Stdin,
        None => Source::Guide,
    };
    let mut opts = load_options(cli);
    opts.reflow = cli.reflow.unwrap_or(config.reflow);
    opts.ambiguous = config.ambiguous;
    if interactive {
        return run_reader(cli, &config, &config_warnings, &source, opts);
    }
    for w in &config_warnings {
        eprintln!("gangmu: warning: {}", display::sanitize(&w.to_string()));
    }
    // a plain outline prints no sizes, so it need not count them (the slowest per-byte pass);
    // nor does `--print` (its layout and `--section` never read them)
    opts.skip_sizes =
        (cli.outline && !cli.json && !cli.stats) || (!cli.outline && !cli.notes && !cli.rehearsals);
    let structure = document::structure::Options {
        explain: cli.explain,
        rules: config.structure_rules(),
        ..document::structure::Options::default()
    };
    let (mut doc, report) = load_document(cli, &source, opts, structure)?;
    for w in report.warnings() {
        eprintln!("gangmu: warning: {w}");
    }
    if cli.outline || cli.notes || cli.section.is_some() {
        apply_saved_corrections(&mut doc, cli, &session::state_file_name(&source));
    }
    let stdout = io::stdout();
    let is_tty = stdout.is_terminal();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    if cli.rehearsals {
        let mut store = state::StateStore::open(cli.state_dir.clone());
        let key = state::DocKey::of(doc.text.as_bytes());
        let list = store.load_rehearsals(&key);
        for w in store.take_warnings() {
            eprintln!("gangmu: warning: {}", display::sanitize(&w.to_string()));
        }
        print_rehearsals::write_rehearsals(&list, &mut out).context(STDOUT)?;
    } else if cli.notes {
        let file_name = session::state_file_name(&source);
        write_notes(&doc, cli, &config, &file_name, &mut out)?;
    } else if cli.outline {
        let o = print_outline::OutlineOptions {
            json: cli.json,
            stats: cli.stats,
            raw: cli.raw,
            rates: config.rates,
            explain: cli.explain,
        };
        print_outline::write_outline(&doc, &o, &mut out).context(STDOUT)?;
    } else {
        write_print(cli, &config, &source, opts, &mut doc, is_tty, &mut out)?;
    }
    out.flush().context(STDOUT)?;
    Ok(Exit::Ok)
}

/// `--print`: the document (or `--section`) laid out at `--width`, the terminal's width, or 80;
/// a document streamed without its whole text is read a second time ([`print_reread`]).
fn write_print(
    cli: &Cli,
    config: &Config,
    source: &Source,
    opts: LoadOptions,
    doc: &mut Document,
    is_tty: bool,
    out: &mut impl Write,
) -> Result<()> {
    let width = cli.width.unwrap_or_else(|| {
        if is_tty {
            tui::size().map_or(80, |(w, _)| w)
        } else {
            80
        }
    });
    if doc.partial_text().is_some() {
        return print_reread(
            doc,
            source,
            opts,
            layout_options(config),
            width,
            cli.raw,
            out,
        );
    }
    let paras = match cli.section.as_deref() {
        Some(spec) => section_paragraphs(doc, spec)?,
        None => 0..doc.paragraphs.len(),
    };
    print::write_paragraphs(doc, &layout_options(config), width, cli.raw, paras, out)
        .context(STDOUT)
}

/// The paragraphs `--print --section SPEC` prints: the section the go-to spec names, or
/// the one holding the place it names (`50%`, `L120`); an error when it names nothing.
fn section_paragraphs(doc: &Document, spec: &str) -> Result<std::ops::Range<usize>> {
    let not_found = || anyhow::anyhow!("no section {:?}", display::sanitize(spec));
    let parsed = goto::parse(spec).ok_or_else(not_found)?;
    let section = match goto::resolve(doc, &parsed, None).ok_or_else(not_found)? {
        goto::Target::Section(s) => Some(s),
        goto::Target::Offset(at) => doc.section_at_paragraph(doc.paragraph_at(at.byte())),
    };
    // a place before the first heading: the text up to it
    Ok(section.map_or_else(
        || {
            0..doc
                .sections
                .first()
                .map_or(doc.paragraphs.len(), |s| s.para as usize)
        },
        |s| doc.section_paragraphs(s),
    ))
}

/// `--notes`: the highlights and notes saved for this document, found again in its text
/// (orphans last), as Markdown or, with `--json`, JSON.
fn write_notes(
    doc: &Document,
    cli: &Cli,
    config: &Config,
    file_name: &str,
    out: &mut impl Write,
) -> Result<()> {
    let mut store = state::StateStore::open(cli.state_dir.clone());
    let (mut notes, _) = store.find_notes(&state::DocKey::of(doc.text.as_bytes()), file_name);
    for w in store.take_warnings() {
        if w != state::StateWarning::NoDirectory {
            eprintln!("gangmu: warning: {}", display::sanitize(&w.to_string()));
        }
    }
    study::relocate_all(&mut notes, &doc.text);
    let lang = config.effective_lang(|k| std::env::var(k).ok());
    let orphans = i18n::Msg::Orphans.text(lang);
    let name = cli
        .file
        .as_deref()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let words = study::export::Words {
        name: &name,
        orphans: &orphans,
    };
    if cli.json {
        study::export::write_json(doc, &notes, words, out).context(STDOUT)
    } else {
        study::export::write_markdown(doc, &notes, words, out).context(STDOUT)
    }
}

fn load_options(cli: &Cli) -> LoadOptions {
    LoadOptions {
        encoding: cli.encoding.map(|e| e.0),
        force: cli.force,
        format: match cli.format {
            FormatArg::Auto => None,
            FormatArg::Markdown => Some(Format::Markdown),
            _ => Some(Format::Plain),
        },
        skip_sizes: false,
        // the outline is the source's headings, as written, whatever the view
        raw: cli.raw || cli.outline,
        ambiguous: crate::display::AmbiguousWidth::default(),
        reflow: cli.reflow.unwrap_or_default(),
        container: match cli.format {
            FormatArg::Docx => Some(FormatKind::Docx),
            FormatArg::Epub => Some(FormatKind::Epub),
            FormatArg::Html => Some(FormatKind::Html),
            FormatArg::Odt => Some(FormatKind::Odt),
            FormatArg::Pdf => Some(FormatKind::Pdf),
            FormatArg::Auto | FormatArg::Plain | FormatArg::Markdown => None,
        },
    }
}

/// The layout settings of a configuration (command-line flags already applied).
pub fn layout_options(config: &Config) -> LayoutOptions {
    LayoutOptions {
        indent: config.indent,
        max_width: config.max_width,
        ambiguous: config.ambiguous,
    }
}

/// Several documents (`gangmu a.txt b.md`, `gangmu DIR/`): what the first was opened with.
struct Shelf {
    listed: Vec<session::shelf::Listed>,
    first: usize,
    failed: Vec<(usize, String)>,
}

/// The loader of the document to read first and its source; with several documents (or a
/// directory), the first that can be read, and the shelf.
fn open_first(
    cli: &Cli,
    source: &Source,
    opts: LoadOptions,
) -> Result<(Loader, Source, Option<Shelf>)> {
    let Some(listed) =
        session::shelf::list(cli.file.as_deref(), &cli.more).map_err(anyhow::Error::msg)?
    else {
        return Ok((Loader::open(source, opts)?, source.clone(), None));
    };
    let f = session::shelf::open_first(&listed, opts).map_err(anyhow::Error::msg)?;
    let path = listed.get(f.index).map(|l| l.path.clone());
    let source = Source::Path(path.unwrap_or_default());
    let shelf = Shelf {
        listed,
        first: f.index,
        failed: f.failed,
    };
    Ok((f.loader, source, Some(shelf)))
}

/// Runs the reader on a shelf: the first document's session with the shelf around it.
fn run_shelf(
    cli: &Cli,
    config: &Config,
    shelf: Shelf,
    app_opts: AppOptions,
    (app, later, early): (&mut App, Option<Loader>, &app::Effects),
    session: session::Session,
) -> (Result<()>, Vec<String>) {
    let mut store = state::StateStore::open(cli.state_dir.clone());
    let entries = session::shelf::entries(&shelf.listed, Some(&mut store));
    let opener = session::shelf::Opener {
        opts: session.load_options(),
        app_opts,
        keymap: config.keymap(),
        rules: config.structure_rules(),
        state_dir: cli.state_dir.clone(),
        resume_position: !cli.no_resume,
    };
    let mut hooks =
        session::shelf::Shelved::new(shelf.listed, entries, shelf.first, session, opener, app);
    let failed: Vec<usize> = shelf.failed.iter().map(|(i, _)| *i).collect();
    hooks.skip_gathering(&failed);
    for (i, why) in shelf.failed {
        hooks.failed(i, why);
    }
    hooks.show(app);
    let result = tui::run(app, None, later, early, &mut hooks);
    hooks.save(app);
    (result, hooks.take_warnings())
}

fn run_reader(
    cli: &Cli,
    config: &Config,
    warnings: &[config::ConfigWarning],
    source: &Source,
    opts: LoadOptions,
) -> Result<Exit> {
    let (loader, source, shelf) = open_first(cli, source, opts)?;
    let source = &source;
    let app_opts = AppOptions {
        layout: layout_options(config),
        palette: config.palette(),
        rates: config.rates,
        lang: config.effective_lang(|k| std::env::var(k).ok()),
        speech: config.speech,
        cite: config.cite,
        ..AppOptions::default()
    };
    let mut doc = Document::new(loader.format());
    doc.set_structure_options(document::structure::Options {
        rules: config.structure_rules(),
        ..document::structure::Options::default()
    });
    let mut app = App::new(doc, loader.name().to_owned(), config.keymap(), &app_opts);
    // none of these messages has an effect: nothing has finished loading yet
    let mut start = Vec::new();
    if let Some(w) = warnings.first() {
        let more = if warnings.len() > 1 {
            format!(" (+{} more)", warnings.len() - 1)
        } else {
            String::new()
        };
        start.push(Message::Error(format!(
            "{}{more}",
            display::sanitize(&w.to_string())
        )));
    }
    let mut loader = loader;
    let total = loader.progress().1;
    start.push(Message::Loading { total });
    // The first screen's text is parsed right here (the bytes read to choose the encoding),
    // so the first frame never waits for the loader thread to be scheduled.
    if let Ok(Some(chunk)) = loader.next_chunk(0) {
        let progress = load::Progress { read: 0, total };
        start.push(Message::Load(load::LoadEvent::Chunk(
            Box::new(chunk),
            progress,
        )));
    }
    // A small document is read to its end right here (a few milliseconds), so the first frame
    // already has its section tree, decided from the whole text, and `-s` lands at once.
    let mut later = Some(loader);
    if total.is_some_and(|t| t <= SYNC_LOAD_BYTES)
        && let Some(mut loader) = later.take()
    {
        loop {
            match loader.next_chunk(load::CHUNK_BYTES) {
                Ok(Some(chunk)) => {
                    let (read, total) = loader.progress();
                    let progress = load::Progress { read, total };
                    start.push(Message::Load(load::LoadEvent::Chunk(
                        Box::new(chunk),
                        progress,
                    )));
                }
                Ok(None) => {
                    start.push(Message::Load(load::LoadEvent::Done {
                        lossy: loader.had_decode_errors(),
                    }));
                    break;
                }
                Err(e) => {
                    start.push(Message::Load(load::LoadEvent::Failed(format!(
                        "{}: {e}",
                        loader.name()
                    ))));
                    break;
                }
            }
        }
    }
    if let Some(spec) = cli.section.as_deref().and_then(goto::parse) {
        start.push(Message::GoTo(spec));
    }
    let mut early = app::Effects::default();
    for msg in start {
        early.extend(app.update(msg));
    }
    let store = Some(state::StateStore::open(cli.state_dir.clone()));
    let resume_position = !cli.no_resume && cli.section.is_none();
    let mut session = session::Session::new(store, source, opts, resume_position);
    let (result, warnings) = if let Some(shelf) = shelf {
        let reader = (&mut app, later, &early);
        run_shelf(cli, config, shelf, app_opts, reader, session)
    } else {
        let result = tui::run(&mut app, None, later, &early, &mut session);
        session.save(&mut app);
        (result, session.take_warnings())
    };
    for w in warnings {
        eprintln!("gangmu: warning: {}", display::sanitize(&w));
    }
    result?;
    Ok(Exit::Ok)
}
