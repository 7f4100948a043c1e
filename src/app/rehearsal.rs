//! The rehearsal timer (`T`): while it runs, every tick's time goes to the total and to each
//! section whose heading is at or above the reading line (the section being read and its
//! ancestors). The status line compares, for the current section and in total, the time spent
//! with the time planned for the text up to the reading line (its 字数 at the speaking rate):
//! ahead, on time or behind by more than 10 %. Stopping it makes a [`state::Rehearsal`] record,
//! shows it as a table and asks the shell to save it ([`Effect::Rehearsed`]).

use std::time::{Duration, Instant};

use super::{App, Effect, Overlay};
use crate::state;

/// A rehearsal under way.
#[derive(Debug, Clone, Default)]
pub struct Rehearsal {
    /// The last tick counted (`None` until the first tick after `T`).
    last: Option<Instant>,
    /// Time since the start.
    total: Duration,
    /// Time per section index (with its subsections).
    spent: Vec<Duration>,
}

/// How a time compares with its plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    /// More than 10 % faster than planned.
    Ahead,
    /// Within 10 % of the plan.
    OnTime,
    /// More than 10 % slower than planned.
    Behind,
}

impl Pace {
    /// `actual` against `planned`: outside ±10 % (and at least two seconds) is ahead or behind.
    pub fn of(actual: Duration, planned: Duration) -> Self {
        let tolerance = (planned / 10).max(Duration::from_secs(2));
        if actual + tolerance < planned {
            Self::Ahead
        } else if actual > planned + tolerance {
            Self::Behind
        } else {
            Self::OnTime
        }
    }
}

/// One line of the rehearsal status: time spent, time planned for the whole (section or
/// speech), and the pace against the plan up to the reading line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Time spent.
    pub elapsed: Duration,
    /// Time planned for all of it.
    pub planned: Duration,
    /// Ahead, on time or behind, against the plan up to the reading line.
    pub pace: Pace,
}

/// What the status line shows during a rehearsal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RehearsalStatus {
    /// The current section, if the reading line is in one.
    pub section: Option<Progress>,
    /// The whole speech.
    pub total: Progress,
}

/// `chars` at `rate` 字/分.
pub fn planned(chars: u64, rate: u32) -> Duration {
    Duration::from_millis(chars * 60_000 / u64::from(rate.max(1)))
}

impl App {
    /// True while a rehearsal runs.
    pub const fn rehearsing(&self) -> bool {
        self.rehearsal.is_some()
    }

    /// The last rehearsal stopped in this session.
    pub const fn last_rehearsal(&self) -> Option<&state::Rehearsal> {
        self.last_rehearsal.as_ref()
    }

    /// `T`: starts a rehearsal, or stops it, shows its table and asks for it to be saved.
    pub(super) fn toggle_rehearsal(&mut self) {
        let Some(r) = self.rehearsal.take() else {
            self.rehearsal = Some(Rehearsal::default());
            return;
        };
        let rate = self.speak_rate();
        let sections = (0..self.doc.sections.len())
            .map(|s| state::SectionTime {
                title: self.doc.section_title(s).to_owned(),
                level: self.doc.sections[s].level,
                planned_ms: millis(planned(self.doc.section_chars(s), rate)),
                actual_ms: r.spent.get(s).copied().map_or(0, millis),
            })
            .collect();
        self.last_rehearsal = Some(state::Rehearsal {
            date: 0,
            rate,
            planned_ms: millis(planned(
                self.doc.chars_in(0..self.doc.paragraphs.len()),
                rate,
            )),
            total_ms: millis(r.total),
            sections,
        });
        self.effects.push(Effect::Rehearsed);
        self.mode = super::Mode::Overlay {
            overlay: Overlay::Rehearsal(0),
            under: self.mode.focus(),
        };
    }

    /// The clock moved: the time since the last tick goes to the sections being read.
    pub(super) fn rehearsal_tick(&mut self, now: Instant) {
        let current = self.current_section();
        let chain = current.map(|c| self.doc.ancestry(c)).unwrap_or_default();
        let Some(r) = &mut self.rehearsal else {
            return;
        };
        let dt = r
            .last
            .map_or(Duration::ZERO, |l| now.saturating_duration_since(l));
        r.last = Some(now);
        r.total += dt;
        for s in chain {
            if r.spent.len() <= s {
                r.spent.resize(s + 1, Duration::ZERO);
            }
            r.spent[s] += dt;
        }
    }

    /// When the status line's clock shows the next second.
    pub(super) fn rehearsal_wake(&self) -> Option<Instant> {
        let r = self.rehearsal.as_ref()?;
        let Some(now) = self.now else {
            return self.now;
        };
        let into = r.total.subsec_millis();
        Some(now + Duration::from_millis(u64::from(1000 - into)))
    }

    /// What the status line shows during a rehearsal.
    pub fn rehearsal_status(&self) -> Option<RehearsalStatus> {
        let r = self.rehearsal.as_ref()?;
        let rate = self.speak_rate();
        let top = self
            .viewport
            .top
            .para
            .min(self.doc.paragraphs.len().saturating_sub(1));
        let current = self.doc.section_at_paragraph(top);
        let section = current.map(|c| {
            let paras = self.doc.section_paragraphs(c);
            let elapsed = r.spent.get(c).copied().unwrap_or_default();
            Progress {
                elapsed,
                planned: planned(self.doc.chars_in(paras.clone()), rate),
                pace: Pace::of(
                    elapsed,
                    planned(self.doc.chars_in(paras.start..top.max(paras.start)), rate),
                ),
            }
        });
        let total = Progress {
            elapsed: r.total,
            planned: planned(self.doc.chars_in(0..self.doc.paragraphs.len()), rate),
            pace: Pace::of(r.total, planned(self.doc.chars_in(0..top), rate)),
        };
        Some(RehearsalStatus { section, total })
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}
