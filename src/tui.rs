//! The only module that touches the terminal: sets it up, runs the event loop, and restores it
//! on every way out — `q`, Ctrl-c, SIGTERM/SIGHUP/SIGINT/SIGQUIT, a hangup, an error (also a
//! first frame that cannot be drawn), or a panic (our panic hook, installed only while the
//! reader runs, restores the screen before the panic message is printed) — and around Ctrl-z
//! or SIGTSTP, which suspend the reader until `fg`.
//!
//! It is the shell around [`App`]: terminal events, signals, loader events
//! ([`crate::load::spawn_loader`] sends parsed chunks from a background thread) and clock ticks
//! become [`Message`]s for [`App::update`], applied between frames, so the first screen appears
//! after the first chunk and keys work while the rest of a large document is read; the
//! [`Effects`] that come back (quit, suspend, reload, loaded, marks changed, rehearsed) are
//! carried out here or by the [`Hooks`]. A frame is drawn only when something changed, so an
//! idle reader writes nothing. Keys are read from the terminal device, so `cat FILE | gangmu`
//! works.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TryRecvError};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyboardEnhancementFlags,
    PopKeyboardEnhancementFlags, PushKeyboardEnhancementFlags,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{self, EnterAlternateScreen};

mod backend;

use crate::app::{App, Effect, Effects, Message};
use crate::keymap::Action;
use crate::load::{LoadEvent, Loader, spawn_loader};
use crate::session::Hooks;
use backend::CompactBackend;

/// Longest sleep while the teleprompter or a rehearsal keeps time (their wake-up is sooner).
const MAX_WAIT: Duration = Duration::from_secs(1);

/// The terminal's size in columns and rows, if it has one.
pub fn size() -> Option<(u16, u16)> {
    terminal::size().ok()
}

/// Applies whatever the loader has sent, for at most `budget`; returns the effects (with
/// [`Effect::Loaded`] once loading is over) and whether the loader is still running.
pub fn drain_loader(app: &mut App, rx: &Receiver<LoadEvent>, budget: Duration) -> (Effects, bool) {
    let (effects, running, _) = drain_loader_counted(app, rx, budget);
    (effects, running)
}

/// [`drain_loader`], also saying how many loader events were applied.
fn drain_loader_counted(
    app: &mut App,
    rx: &Receiver<LoadEvent>,
    budget: Duration,
) -> (Effects, bool, usize) {
    let start = Instant::now();
    let mut effects = Effects::default();
    let mut applied = 0;
    loop {
        let event = match rx.try_recv() {
            Ok(event) => event,
            Err(TryRecvError::Empty) => return (effects, true, applied),
            // the loader thread ended without a word (it panicked): what arrived is shown,
            // and the reader says it is not the whole document
            Err(TryRecvError::Disconnected) => LoadEvent::Failed(
                "loading stopped before the end: only what was read is shown".to_owned(),
            ),
        };
        let last = !matches!(event, LoadEvent::Chunk(..));
        effects.extend(app.update(Message::Load(event)));
        applied += 1;
        if last {
            return (effects, false, applied);
        }
        if start.elapsed() >= budget {
            return (effects, true, applied);
        }
    }
}

/// Runs the reader until the user quits. `rx` is the background loader, if still running.
///
/// `early` are the effects of the messages sent before the loop started. `later` is a loader to
/// start only after the first frame is out: on a busy 2-core machine a
/// loader thread parsing megabytes would otherwise compete with the first draw.
pub fn run(
    app: &mut App,
    mut rx: Option<Receiver<LoadEvent>>,
    later: Option<Loader>,
    early: &Effects,
    hooks: &mut dyn Hooks,
) -> Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    // terminal events and signals wake the loop through one channel
    let (wake_tx, wakes) = mpsc::sync_channel(256);
    let signals = watch_signals(Arc::clone(&stop), wake_tx.clone())?;
    // what the messages sent before the loop asked for (a document loaded whole: resume)
    perform(app, early, &mut rx, hooks);
    // Without any text yet, waiting briefly for the first chunk avoids drawing an empty screen.
    if app.doc().paragraphs.is_empty()
        && let Some(r) = &rx
        && let Ok(ev) = r.recv_timeout(Duration::from_millis(200))
    {
        let done = !matches!(ev, LoadEvent::Chunk(..));
        let effects = app.update(Message::Load(ev));
        if done {
            rx = None;
        }
        perform(app, &effects, &mut rx, hooks);
    }
    // On a panic the terminal is restored first (mouse reporting, key disambiguation, raw
    // mode, the alternate screen, the cursor), then the message is printed. The hook is ours
    // only while the reader runs: a panic after it returned must not write to the terminal.
    let panic_hook = PanicHook::install(|| {
        let _ = execute!(
            io::stdout(),
            DisableMouseCapture,
            PopKeyboardEnhancementFlags,
            Show
        );
        ratatui::restore();
    });
    let channel = Wakes {
        tx: wake_tx,
        rx: wakes,
    };
    let result = run_on_terminal(app, rx, later, &stop, &channel, hooks);
    panic_hook.remove();
    signals.close();
    result
}

/// Sets the terminal up, runs the loop and restores the terminal on every way out of it,
/// also when the first frame cannot be drawn: the caller prints the error on the main screen.
fn run_on_terminal(
    app: &mut App,
    mut rx: Option<Receiver<LoadEvent>>,
    later: Option<Loader>,
    stop: &AtomicBool,
    wakes: &Wakes,
    hooks: &mut dyn Hooks,
) -> Result<()> {
    let mut terminal = setup().context("setting up the terminal")?;
    let mut modes = Modes {
        mouse: execute!(io::stdout(), EnableMouseCapture).is_ok(),
        enhanced: false,
    };
    // The first screen goes out before anything waits on the terminal or competes for a core.
    let first = if test_hooks::armed("fail-first-draw") {
        Err(anyhow::anyhow!(
            "drawing: test failure (GANGMU_TEST_HOOK=fail-first-draw)"
        ))
    } else {
        draw(app, &mut terminal)
    };
    let result = first.and_then(|()| {
        if let Some(loader) = later {
            rx = Some(spawn_loader(loader));
        }
        // Terminals that speak the kitty keyboard protocol tell Ctrl-i from Tab (jump forward
        // vs focus the outline); elsewhere both arrive as Tab. Asking costs a round trip.
        modes.enhanced = speaks_kitty_keyboard()
            && terminal::supports_keyboard_enhancement().unwrap_or(false)
            && push_keyboard_flags();
        spawn_event_reader(wakes.tx.clone());
        event_loop(app, &mut terminal, &mut rx, stop, &wakes.rx, &modes, hooks)
    });
    modes.leave();
    // After a hangup there is no terminal to restore, and ratatui's `Terminal` would print
    // "Failed to show the cursor" when dropped: printing to a dead terminal panics, and that
    // panic lost the reader's position. Show the cursor here; if that fails, the terminal is
    // gone and the `Terminal` is not dropped (the process is about to end anyway).
    if terminal.show_cursor().is_err() {
        std::mem::forget(terminal);
    }
    let _ = ratatui::try_restore();
    result
}

/// What wakes the loop: the terminal (an event, or the error that ends reading) or a signal.
enum Wake {
    Terminal(io::Result<Event>),
    Signal(i32),
}

/// The channel the event reader and the signal thread wake the loop through.
struct Wakes {
    tx: SyncSender<Wake>,
    rx: Receiver<Wake>,
}

/// The terminal modes turned on besides raw mode and the alternate screen, to turn off on the
/// way out and around a suspension.
struct Modes {
    /// Mouse reporting.
    mouse: bool,
    /// The kitty keyboard protocol's key disambiguation.
    enhanced: bool,
}

impl Modes {
    fn leave(&self) {
        if self.enhanced {
            let _ = execute!(io::stdout(), PopKeyboardEnhancementFlags);
        }
        if self.mouse {
            let _ = execute!(io::stdout(), DisableMouseCapture);
        }
    }

    fn enter(&self) {
        if self.enhanced {
            push_keyboard_flags();
        }
        if self.mouse {
            let _ = execute!(io::stdout(), EnableMouseCapture);
        }
    }
}

fn push_keyboard_flags() -> bool {
    execute!(
        io::stdout(),
        PushKeyboardEnhancementFlags(KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES)
    )
    .is_ok()
}

/// Ctrl-z or SIGTSTP: gives the terminal back as the shell expects it (main screen, cursor
/// shown, no mouse reporting, cooked mode), stops the process until `fg` continues it, then
/// takes the terminal again and clears it, so the next frame draws everything.
fn suspend(terminal: &mut Screen, modes: &Modes) -> io::Result<()> {
    modes.leave();
    let _ = terminal.show_cursor();
    ratatui::try_restore()?;
    // SIGTSTP has a handler of ours, so it would not stop us; SIGSTOP cannot be caught
    signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)?;
    // continued (`fg`, or SIGCONT)
    terminal::enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen)?;
    modes.enter();
    terminal.clear()
}

/// The process's panic hook.
type Hook = Box<dyn Fn(&std::panic::PanicHookInfo<'_>) + Sync + Send + 'static>;

/// A panic hook that runs `restore` before the hook that was there before it, until
/// [`PanicHook::remove`] puts that one back. Only a panic of the thread that installed it (the
/// reader's) restores the terminal: a worker's (loading, converting, rendering) ends that
/// worker, whose channel tells the reader, which goes on; its message is kept and printed
/// once the terminal is given back, since printing it now would garble the screen.
struct PanicHook {
    previous: Arc<Hook>,
    workers: Arc<std::sync::Mutex<Vec<String>>>,
}

impl PanicHook {
    fn install(restore: impl Fn() + Sync + Send + 'static) -> Self {
        let previous: Arc<Hook> = Arc::new(std::panic::take_hook());
        let chained = Arc::clone(&previous);
        let reader = std::thread::current().id();
        let workers = Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = Arc::clone(&workers);
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().id() == reader {
                restore();
                chained(info);
            } else if let Ok(mut kept) = kept.lock() {
                let name = std::thread::current().name().unwrap_or("worker").to_owned();
                let payload = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                let at = info
                    .location()
                    .map(|l| format!(" at {}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                let line = format!("gangmu: the {name} thread stopped: {payload}{at}");
                kept.push(crate::display::sanitize(&line).into_owned());
            }
        }));
        Self { previous, workers }
    }

    /// Puts the previous hook back, and prints what workers' panics said meanwhile.
    fn remove(self) {
        if let Ok(kept) = self.workers.lock() {
            for message in kept.iter() {
                let _ = io::Write::write_all(&mut io::stderr(), format!("{message}\n").as_bytes());
            }
        }
        // dropping our hook drops its share of the previous one
        drop(std::panic::take_hook());
        match Arc::try_unwrap(self.previous) {
            Ok(previous) => std::panic::set_hook(previous),
            // another thread installed a hook on top of ours meanwhile: chain to it
            Err(shared) => std::panic::set_hook(Box::new(move |info| shared(info))),
        }
    }
}

/// How long the loop gets to finish by itself after a signal before the signal thread restores
/// the terminal and exits. The loop wakes at least every second and a save may wait up to two
/// seconds for each state file's lock, so this never cuts a save short; it only ends a reader
/// that is truly stuck.
const SIGNAL_GRACE: Duration = Duration::from_secs(10);

/// SIGTERM, SIGHUP, SIGINT and SIGQUIT ask the loop to stop (so the position and marks are saved
/// and the terminal restored); if it has not stopped after [`SIGNAL_GRACE`], the signal thread
/// restores the terminal itself and exits. SIGTSTP asks the loop to suspend the reader, and
/// SIGCONT (the end of any stop, also one we did not ask for) to draw everything again. Every
/// signal wakes the loop at once.
fn watch_signals(
    stop: Arc<AtomicBool>,
    wake: SyncSender<Wake>,
) -> Result<signal_hook::iterator::Handle> {
    use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGCONT])
            .context("installing signal handlers")?;
    let handle = signals.handle();
    thread::spawn(move || {
        for signal in signals.forever() {
            if matches!(signal, SIGTSTP | SIGCONT) {
                if wake.send(Wake::Signal(signal)).is_err() {
                    return;
                }
                continue;
            }
            stop.store(true, Ordering::Relaxed);
            let _ = wake.try_send(Wake::Signal(signal));
            thread::sleep(SIGNAL_GRACE);
            let _ = execute!(
                io::stdout(),
                DisableMouseCapture,
                PopKeyboardEnhancementFlags
            );
            ratatui::restore();
            std::process::exit(128 + signal);
        }
    });
    Ok(handle)
}

/// Carries out the effects the shell owns: resume once loaded, start a reload. (Quitting is
/// the loop's business.)
fn perform(
    app: &mut App,
    effects: &Effects,
    rx: &mut Option<Receiver<LoadEvent>>,
    hooks: &mut dyn Hooks,
) {
    for effect in effects.iter() {
        match effect {
            Effect::Loaded => hooks.loaded(app),
            Effect::Reload => {
                if let Some(new_rx) = hooks.reload(app) {
                    *rx = Some(new_rx);
                }
            }
            Effect::Rehearsed => hooks.rehearsed(app),
            Effect::Corrected => hooks.corrected(app),
            Effect::MarksChanged => hooks.marks_changed(app),
            Effect::NotesChanged => hooks.notes_changed(app),
            Effect::ExportNotes => hooks.export_notes(app),
            Effect::Switch { doc, section } => {
                hooks.switch(app, crate::session::Switch { doc, section }, rx);
            }
            Effect::SearchShelf => hooks.search_shelf(app),
            Effect::SwitchToHit { doc, offset } => hooks.switch_to_hit(app, doc, offset, rx),
            Effect::Copy => {
                // straight to the terminal, between frames (each frame is flushed whole)
                let mut out = io::stdout().lock();
                if write_clipboard(&mut out, app.clipboard()).is_err() {
                    let _ = app.update(Message::Complain(crate::i18n::Msg::CopyFailed));
                }
            }
            // the loop's business
            Effect::Quit | Effect::Suspend => {}
        }
    }
}

/// Puts `text` on the system clipboard through the terminal: one OSC 52 sequence
/// ([`crate::study::clip::osc52`]), flushed. Terminals and tmux (`set-clipboard on`) take it,
/// over ssh too; `text` holds no control character, and base64 carries it.
pub fn write_clipboard(out: &mut impl io::Write, text: &str) -> io::Result<()> {
    out.write_all(crate::study::clip::osc52(text).as_bytes())?;
    out.flush()
}

/// True for terminals known to speak the kitty keyboard protocol. Asking a terminal that
/// does not answer at all would block for crossterm's two-second timeout, so only these ask.
fn speaks_kitty_keyboard() -> bool {
    let var = |k: &str| std::env::var(k).unwrap_or_default().to_ascii_lowercase();
    let (term, program) = (var("TERM"), var("TERM_PROGRAM"));
    ["kitty", "foot", "ghostty", "wezterm", "alacritty"]
        .iter()
        .any(|t| term.contains(t) || program.contains(t))
        || std::env::var_os("KITTY_WINDOW_ID").is_some()
}

/// The terminal type the reader draws on.
type Screen = Terminal<CompactBackend<CrosstermBackend<io::BufWriter<io::Stdout>>>>;

/// Raw mode, the alternate screen, and a terminal with the compact backend.
fn setup() -> io::Result<Screen> {
    terminal::enable_raw_mode()?;
    if let Err(e) = execute!(io::stdout(), EnterAlternateScreen) {
        let _ = terminal::disable_raw_mode();
        return Err(e);
    }
    // one write per frame: std's stdout flushes every 1 KiB, and a terminal (or tmux) that
    // wakes for each piece draws a screen of Chinese text in a dozen steps
    let out = io::BufWriter::with_capacity(1 << 16, io::stdout());
    Terminal::new(CompactBackend::new(CrosstermBackend::new(out)))
}

/// Lays out and draws one frame.
fn draw(app: &mut App, terminal: &mut Screen) -> Result<()> {
    terminal
        .draw(|frame| {
            // a resize produces no effects
            let _ = app.update(Message::Resize(frame.area()));
            crate::ui::render(app, frame);
        })
        .context("drawing")?;
    Ok(())
}

/// How often an idle reader asks whether its terminal is still there.
const HANGUP_CHECK: Duration = Duration::from_millis(500);

/// How long the loop sleeps while the shell's background work ([`Hooks::busy`]) goes on.
const BUSY_WAIT: Duration = Duration::from_millis(50);

/// Reads terminal events on a thread of its own until reading fails.
fn spawn_event_reader(tx: SyncSender<Wake>) {
    thread::spawn(move || {
        loop {
            let ev = event::read();
            let failed = ev.is_err();
            if tx.send(Wake::Terminal(ev)).is_err() || failed {
                return;
            }
        }
    });
}

/// Runs until the reader quits or its terminal goes away. A frame is drawn only when something
/// changed: an event or a signal came, the loader sent text, an effect was carried out, or a
/// clock the app keeps asked to be woken ([`App::wake_at`]). An idle reader sleeps and writes
/// nothing.
fn event_loop(
    app: &mut App,
    terminal: &mut Screen,
    rx: &mut Option<Receiver<LoadEvent>>,
    stop: &AtomicBool,
    wakes: &Receiver<Wake>,
    modes: &Modes,
    hooks: &mut dyn Hooks,
) -> Result<()> {
    let mut checked = Instant::now();
    // the caller drew the first frame
    let mut changed = false;
    loop {
        let now = Instant::now();
        changed |= app.wake_at().is_some_and(|at| at <= now);
        let mut effects = app.update(Message::Tick(now));
        changed |= hooks.tick(app);
        if let Some(r) = rx {
            let (loaded, running, applied) = drain_loader_counted(app, r, Duration::from_millis(8));
            if !running {
                *rx = None;
            }
            changed |= applied > 0 || !running;
            effects.extend(loaded);
        }
        changed |= !effects.is_empty();
        perform(app, &effects, rx, hooks);
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        if changed {
            if draw(app, terminal).is_err() {
                // the terminal went away under us: nothing to draw on, the state is still saved
                return Ok(());
            }
            changed = false;
        }
        let wait = if rx.is_some() {
            Duration::from_millis(10)
        } else if hooks.busy() {
            // the shelf's titles and headings arrive between keys
            BUSY_WAIT
        } else if let Some(at) = app.wake_at() {
            // the teleprompter or the rehearsal clock: sleep until the next row or second
            at.saturating_duration_since(Instant::now())
                .min(MAX_WAIT)
                .min(HANGUP_CHECK)
        } else {
            HANGUP_CHECK
        };
        let mut effects = Effects::default();
        // End of file or EIO: the terminal is gone (window closed, ssh dropped, and SIGHUP
        // perhaps ignored). Stop quietly, so the position and marks are saved. crossterm's own
        // poll spins on a hung-up terminal, so events come from a thread of their own and the
        // terminal is asked for its size while idle (a hung-up tty answers EIO): an idle reader
        // draws nothing, so no failed write would tell.
        let mut next = match wakes.recv_timeout(wait) {
            Ok(wake) => Some(wake),
            Err(RecvTimeoutError::Timeout) => {
                if checked.elapsed() >= HANGUP_CHECK {
                    // the size without crossterm's fallback: `size` asks `tput`, which answers
                    // 80×24 from the terminfo entry for a terminal that is gone
                    if terminal::window_size().is_err() {
                        return Ok(());
                    }
                    checked = Instant::now();
                }
                None
            }
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        // take everything that is queued, so a held key never lags behind
        while let Some(wake) = next.take() {
            changed = true;
            match wake {
                Wake::Terminal(Err(_)) => return Ok(()),
                Wake::Terminal(Ok(ev)) => {
                    // the clock first: time up to the key belongs to what was shown before it
                    effects.extend(app.update(Message::Tick(Instant::now())));
                    effects.extend(app.update(Message::Input(ev)));
                }
                Wake::Signal(signal) if signal == signal_hook::consts::SIGTSTP => {
                    effects.extend(app.update(Message::Action(Action::Suspend)));
                }
                // continued after a stop we may not have asked for (SIGSTOP from elsewhere):
                // whatever happened to the screen meanwhile, draw all of it
                Wake::Signal(signal) if signal == signal_hook::consts::SIGCONT => {
                    let _ = terminal.clear();
                }
                // a signal that stops the reader: `stop` is set
                Wake::Signal(_) => {}
            }
            // a switch to another document: the keys after it are that document's
            if effects.contains(Effect::Quit)
                || effects.contains(Effect::Suspend)
                || effects
                    .iter()
                    .any(|e| matches!(e, Effect::Switch { .. } | Effect::SwitchToHit { .. }))
                || stop.load(Ordering::Relaxed)
            {
                break;
            }
            next = wakes.try_recv().ok();
        }
        if effects.contains(Effect::Quit) {
            return Ok(());
        }
        if effects.contains(Effect::Suspend) && suspend(terminal, modes).is_err() {
            // the terminal could not be taken back: end as after a hangup, saving the place
            return Ok(());
        }
        perform(app, &effects, rx, hooks);
        test_hooks::panic_if_armed();
    }
}

/// Failures a test can ask for, to check what the user sees when they happen. They exist only
/// in builds with the `test-hooks` feature, which only the tests turn on (the package is its
/// own dev-dependency with that feature): a released binary reads no such variable.
mod test_hooks {
    /// True when `GANGMU_TEST_HOOK` names `hook` (in a build with the `test-hooks` feature).
    #[cfg(feature = "test-hooks")]
    pub fn armed(hook: &str) -> bool {
        std::env::var("GANGMU_TEST_HOOK").is_ok_and(|v| v == hook)
    }

    /// Never: this build has no test hooks.
    #[cfg(not(feature = "test-hooks"))]
    pub const fn armed(_hook: &str) -> bool {
        false
    }

    /// With `GANGMU_TEST_HOOK=panic` the reader panics after its first frame, so a test can
    /// check that the terminal is restored and the message printed.
    #[cfg(feature = "test-hooks")]
    pub fn panic_if_armed() {
        static ARMED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        let armed = *ARMED.get_or_init(|| armed("panic"));
        assert!(!armed, "gangmu test panic (GANGMU_TEST_HOOK=panic)");
    }

    /// Nothing: this build has no test hooks.
    #[cfg(not(feature = "test-hooks"))]
    pub const fn panic_if_armed() {}
}

#[cfg(test)]
mod tests {
    use super::PanicHook;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn the_panic_hook_restores_only_while_installed() {
        static BEFORE: AtomicUsize = AtomicUsize::new(0);
        static RESTORED: AtomicUsize = AtomicUsize::new(0);
        let original = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {
            BEFORE.fetch_add(1, Ordering::SeqCst);
        }));
        let hook = PanicHook::install(|| {
            RESTORED.fetch_add(1, Ordering::SeqCst);
        });
        let _ = std::panic::catch_unwind(|| panic!("while the reader runs"));
        // a worker's panic ends the worker only: the terminal stays the reader's
        let worker = std::thread::Builder::new()
            .name("gangmu-convert".into())
            .spawn(|| panic!("a converter's bug"))
            .unwrap();
        assert!(worker.join().is_err());
        let kept = hook.workers.lock().unwrap().clone();
        assert_eq!(kept.len(), 1, "{kept:?}");
        assert!(kept[0].contains("gangmu-convert") && kept[0].contains("a converter's bug"));
        hook.remove();
        let _ = std::panic::catch_unwind(|| panic!("after the reader returned"));
        std::panic::set_hook(original);
        assert_eq!(
            RESTORED.load(Ordering::SeqCst),
            1,
            "restored once, while installed, for the reader's own panic"
        );
        assert_eq!(
            BEFORE.load(Ordering::SeqCst),
            2,
            "the previous hook runs for the reader's panics, not the worker's"
        );
    }
}
