//! The teleprompter (`a`): the reading line — the row a third of the way down the text pane —
//! moves through the text at the speaking rate, one row at a time.
//!
//! In prompter mode the viewport's top row *is* the reading line; the view draws a third of a
//! pane of context above it (blank above the document's start). A paragraph takes
//! `字数 ÷ rate` minutes, shared evenly by its rows, so rows move at even intervals within a
//! paragraph and a paragraph's time follows its characters; gap rows take no time. The time of
//! a row is fixed when it reaches the reading line, so a rate change (`+`/`-`) takes effect on
//! the next row. A row holding a pause marker ([`PAUSE_MARKERS`]) stops the prompter there until
//! Space. Time comes only from [`Message::Tick`](super::Message::Tick): nothing here reads the
//! clock, so tests drive it with made-up instants.

use std::time::{Duration, Instant};

use super::{App, Mode};
use crate::document::Document;
use crate::keymap::Action;
use crate::layout::Layout;
use crate::settings::MAX_RATE;
use crate::viewport::{RowRef, Top};

/// Text that makes the teleprompter wait for Space when it reaches the reading line.
pub const PAUSE_MARKERS: &[&str] = &["（掌声）", "（停顿）", "[pause]", "(pause)", "【停顿】"];

/// How much `+` and `-` change the speaking rate, 字/分.
pub const RATE_STEP: u32 = 10;

/// Slowest rate `-` goes down to.
pub const MIN_RATE: u32 = 10;

/// Where the teleprompter is in its run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Run {
    /// Counting down before the first row moves; the end is fixed at the first tick.
    Countdown {
        /// When the countdown ends.
        ends: Option<Instant>,
    },
    /// Scrolling: the reading line moves on at `due` (fixed at the next tick when `None`).
    Running {
        /// When the row at the reading line has been read.
        due: Option<Instant>,
    },
    /// Paused with Space (or by a movement key while paused).
    Paused,
    /// Stopped at a pause marker until Space.
    Held,
    /// The last row has passed the reading line.
    Finished,
}

/// The teleprompter's state, carried by [`Mode::Prompter`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prompter {
    /// Where it is in its run.
    pub run: Run,
    /// Seconds of countdown it started with.
    pub countdown: u32,
}

impl Prompter {
    /// Seconds left in the countdown at `now` (rounded up), while counting down.
    pub fn countdown_left(&self, now: Option<Instant>) -> Option<u64> {
        match self.run {
            Run::Countdown { ends: None } => Some(u64::from(self.countdown)),
            Run::Countdown { ends: Some(e) } => {
                let left = now.map_or(Duration::ZERO, |n| e.saturating_duration_since(n));
                Some(left.as_millis().div_ceil(1000) as u64)
            }
            _ => None,
        }
    }
}

/// How long the row `at` stays at the reading line at `rate` 字/分: its paragraph's time shared
/// evenly by the paragraph's lines; zero for a gap row.
pub fn row_time(doc: &Document, layout: &mut Layout, at: Top, rate: u32) -> Duration {
    let Some(p) = doc.paragraphs.get(at.para) else {
        return Duration::ZERO;
    };
    let lines = layout.paragraph(doc, at.para);
    let gap = usize::from(lines.gap_before);
    if at.row < gap || lines.lines.is_empty() {
        return Duration::ZERO;
    }
    let nanos = u128::from(p.chars) * 60_000_000_000
        / (u128::from(rate.max(1)) * lines.lines.len() as u128);
    Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
}

/// True when the row `at` holds a pause marker.
pub fn has_marker(doc: &Document, layout: &mut Layout, at: Top) -> bool {
    let lines = layout.paragraph(doc, at.para);
    let gap = usize::from(lines.gap_before);
    at.row
        .checked_sub(gap)
        .and_then(|l| lines.lines.get(l))
        .is_some_and(|l| {
            let text = doc.slice(&l.range);
            PAUSE_MARKERS.iter().any(|m| text.contains(m))
        })
}

/// The row after `at`, if any (no stop at the last page: the reading line goes to the end).
pub fn next_row(doc: &Document, layout: &mut Layout, at: Top) -> Option<Top> {
    if at.row + 1 < layout.rows(doc, at.para) {
        return Some(Top {
            para: at.para,
            row: at.row + 1,
        });
    }
    (at.para + 1 < doc.paragraphs.len()).then_some(Top {
        para: at.para + 1,
        row: 0,
    })
}

/// Up to `n` rows just above `at`, top to bottom, padded with blank rows at the document's
/// start so that the result always has `n` rows.
pub fn rows_above(doc: &Document, layout: &mut Layout, at: Top, n: usize) -> Vec<RowRef> {
    let mut out = Vec::with_capacity(n);
    let mut cur = at;
    while out.len() < n {
        if cur.row > 0 {
            cur.row -= 1;
        } else if cur.para > 0 {
            cur.para -= 1;
            cur.row = layout.rows(doc, cur.para).saturating_sub(1);
        } else {
            break;
        }
        let lines = layout.paragraph(doc, cur.para);
        let gap = usize::from(lines.gap_before);
        out.push(if cur.row < gap {
            RowRef::Gap(crate::pos::Para::new(cur.para))
        } else {
            RowRef::Line {
                para: crate::pos::Para::new(cur.para),
                line: cur.row - gap,
            }
        });
    }
    while out.len() < n {
        // blank rows: a gap row draws nothing
        out.push(RowRef::Gap(crate::pos::Para::new(0)));
    }
    out.reverse();
    out
}

/// Movement keys the teleprompter lets through: they move the reading line, and scrolling
/// goes on from there.
const fn moves(action: Action) -> bool {
    matches!(
        action,
        Action::LineDown
            | Action::LineUp
            | Action::PageDown
            | Action::PageUp
            | Action::HalfPageDown
            | Action::HalfPageUp
            | Action::Top
            | Action::Bottom
            | Action::NextHeading
            | Action::PrevHeading
            | Action::NextSibling
            | Action::PrevSibling
            | Action::Parent
            | Action::TopSection(_)
            | Action::JumpBack
            | Action::JumpForward
            | Action::JumpToggle
            | Action::JumpMark(_)
    )
}

impl App {
    /// The teleprompter, while it runs.
    pub const fn prompter(&self) -> Option<&Prompter> {
        match &self.mode {
            Mode::Prompter(p) => Some(p),
            _ => None,
        }
    }

    /// The speaking rate in force, 字/分: as changed with `+`/`-`, else the one that fits the
    /// target length, else the configured speaking rate.
    pub fn speak_rate(&self) -> u32 {
        self.speak_rate.unwrap_or_else(|| self.planned_rate())
    }

    /// The rate the plan is made at: the one that fits the target, else the configured one.
    pub fn planned_rate(&self) -> u32 {
        self.target_rate().unwrap_or(self.rates.speak)
    }

    /// The speaking rate the whole document needs to fit the target length, if one is set.
    pub fn target_rate(&self) -> Option<u32> {
        let secs = u64::from(self.speech.target?);
        let chars = self.doc.chars_in(0..self.doc.paragraphs.len());
        let rate = (chars * 60).div_ceil(secs.max(1));
        Some(u32::try_from(rate).unwrap_or(MAX_RATE).clamp(1, MAX_RATE))
    }

    /// The speech's keys in the panes: `a` starts the teleprompter, `T` a rehearsal; the
    /// teleprompter's own keys do nothing there.
    pub(super) fn speech_action(&mut self, action: Action) {
        match action {
            Action::Teleprompter => self.start_prompter(),
            Action::Rehearse => self.toggle_rehearsal(),
            _ => {}
        }
    }

    /// `a`: starts the teleprompter at the current top line, after the countdown.
    pub(super) fn start_prompter(&mut self) {
        self.mode = Mode::Prompter(Prompter {
            run: Run::Countdown { ends: None },
            countdown: self.speech.countdown,
        });
        if self.speak_rate.is_none() {
            self.speak_rate = Some(self.planned_rate());
        }
    }

    /// A key while the teleprompter runs: its own table, then the text pane's movement keys.
    pub(super) fn prompter_key(&mut self, key: &ratatui::crossterm::event::KeyEvent) {
        use crate::keymap::{KeyResult, Scope};
        use ratatui::crossterm::event::{KeyCode, KeyModifiers};
        let action = match self.keymap.resolve(Scope::Prompter, key) {
            KeyResult::Action(a) => Some(a),
            KeyResult::Pending => return,
            KeyResult::Unbound => match self.keymap.resolve(Scope::Text, key) {
                KeyResult::Action(a) => Some(a),
                KeyResult::Pending | KeyResult::Unbound => None,
            },
        };
        let Some(action) = action else {
            if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
                self.apply(Action::Quit);
            }
            return;
        };
        let Mode::Prompter(mut p) = self.mode.clone() else {
            return;
        };
        match action {
            Action::Cancel | Action::Teleprompter => {
                self.mode = Mode::Text;
                return;
            }
            Action::Quit => {
                self.apply(Action::Quit);
                return;
            }
            Action::Faster => {
                self.speak_rate = Some((self.speak_rate() + RATE_STEP).min(MAX_RATE));
            }
            Action::Slower => {
                self.speak_rate = Some(self.speak_rate().saturating_sub(RATE_STEP).max(MIN_RATE));
            }
            Action::PauseResume => {
                p.run = match p.run {
                    Run::Running { .. } => Run::Paused,
                    Run::Countdown { .. } | Run::Paused | Run::Held | Run::Finished => {
                        Run::Running { due: None }
                    }
                };
            }
            Action::Rehearse => self.toggle_rehearsal(),
            a if moves(a) => {
                self.apply(a);
                p.run = match p.run {
                    // the row now at the reading line gets its full time from the next tick
                    Run::Running { .. } => Run::Running { due: None },
                    Run::Finished => Run::Paused,
                    other => other,
                };
            }
            _ => {}
        }
        if let Mode::Prompter(_) = self.mode {
            self.mode = Mode::Prompter(p);
        }
    }

    /// The clock moved to `now`: counts down, and moves the reading line by every row due.
    pub(super) fn prompter_tick(&mut self, now: Instant) {
        let Mode::Prompter(mut p) = self.mode.clone() else {
            return;
        };
        let rate = self.speak_rate();
        if let Run::Countdown { ends: None } = p.run {
            p.run = Run::Countdown {
                ends: Some(now + Duration::from_secs(u64::from(p.countdown))),
            };
        }
        if let Run::Countdown { ends: Some(e) } = p.run
            && now >= e
        {
            let first = row_time(&self.doc, &mut self.layout, self.viewport.top, rate);
            p.run = Run::Running {
                due: Some(e + first),
            };
        }
        if let Run::Running { due: None } = p.run {
            let first = row_time(&self.doc, &mut self.layout, self.viewport.top, rate);
            p.run = Run::Running {
                due: Some(now + first),
            };
        }
        while let Run::Running { due: Some(due) } = p.run
            && now >= due
        {
            let Some(next) = next_row(&self.doc, &mut self.layout, self.viewport.top) else {
                p.run = Run::Finished;
                break;
            };
            self.viewport.top = next;
            p.run = if has_marker(&self.doc, &mut self.layout, next) {
                Run::Held
            } else {
                Run::Running {
                    due: Some(due + row_time(&self.doc, &mut self.layout, next, rate)),
                }
            };
        }
        self.mode = Mode::Prompter(p);
    }

    /// When the shell should send the next tick for the teleprompter: the next row's due time,
    /// the next second of the countdown, or at once when a time is to be fixed.
    pub(super) fn prompter_wake(&self) -> Option<Instant> {
        let p = self.prompter()?;
        match p.run {
            Run::Countdown { ends: None } | Run::Running { due: None } => self.now,
            Run::Countdown { ends: Some(e) } => {
                let left = self
                    .now
                    .map_or(Duration::ZERO, |n| e.saturating_duration_since(n));
                let step = Duration::from_millis((left.as_millis() % 1000) as u64);
                Some(
                    self.now
                        .map_or(e, |n| n + if step.is_zero() { left } else { step }),
                )
            }
            Run::Running { due: Some(d) } => Some(d),
            Run::Paused | Run::Held | Run::Finished => None,
        }
    }
}
