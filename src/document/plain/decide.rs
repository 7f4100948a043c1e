//! What each paragraph is: the decisions of [`PlainParser`] — title block, table of contents,
//! ranked headings with their sequence checks, parallel points with their lookahead — and the
//! in-order emission of decided paragraphs and sections.

use std::ops::Range;

use super::{
    Decision, ENUM_LOOKAHEAD, Heading, Item, Open, Phase, PlainParser, TITLE_LINE_MAX_CHARS,
    TOC_MAX_LINES, Toc, heading_kind, is_title_line, normalise_entry, title_of,
};
use crate::document::patterns::{self, Candidate, Rank};
use crate::document::{Marker, ParagraphKind, Section};

impl PlainParser {
    /// Decides what a new paragraph is; may settle earlier waiting paragraphs.
    pub(super) fn decide(
        &mut self,
        text: &str,
        abs: &Range<usize>,
        candidate: &Candidate,
    ) -> Decision {
        if self.phase == Phase::TitleBlock {
            if is_title_line(text, candidate) {
                if self.title.is_none() {
                    self.title = Some(title_of(text, abs.start));
                }
                return Decision::Plain(ParagraphKind::Title);
            }
            self.phase = Phase::Body;
        }
        // The paragraph after a waiting `——` settles it.
        let is_dash = matches!(candidate, Candidate::Dash { .. });
        self.settle_dash(is_dash);
        if let Some(kind) = self.table_of_contents(text, candidate) {
            return Decision::Plain(kind);
        }
        match *candidate {
            Candidate::Ranked {
                marker,
                rank,
                number,
                title_len,
                heading_len,
                standalone,
            } => {
                let title = abs.start..abs.start + title_len;
                let kind = heading_kind(heading_len, abs.len());
                if let Some(d) = self.accept_ranked(marker, rank, number, standalone, title, kind) {
                    return d;
                }
                self.plain_paragraph()
            }
            Candidate::Dash {
                title_len,
                heading_len,
            } => {
                let Some(heading) = self.point(Marker::Dash, abs, title_len, heading_len) else {
                    return self.plain_paragraph();
                };
                if self.dash_run {
                    Decision::Point { heading }
                } else {
                    Decision::PendingDash { heading }
                }
            }
            Candidate::Enumerated {
                number,
                title_len,
                heading_len,
            } => {
                self.dash_run = false;
                let Some(heading) = self.point(Marker::Enumerated, abs, title_len, heading_len)
                else {
                    return self.plain_paragraph();
                };
                if number == 2 && self.settle_enum(true) {
                    self.enum_last = Some(2);
                    return Decision::Point { heading };
                }
                if number >= 2 && self.enum_last == Some(number - 1) {
                    self.enum_last = Some(number);
                    return Decision::Point { heading };
                }
                if number == 1 {
                    self.settle_enum(false);
                    self.enum_last = None;
                    let abs = self.emitted_paras + self.queue.len() as u32;
                    self.pending_enum = Some((abs, 0));
                    return Decision::PendingEnum { heading };
                }
                self.plain_paragraph()
            }
            Candidate::Toc | Candidate::None => self.plain_paragraph(),
        }
    }

    /// A body paragraph: ends a `——` run, and counts against a waiting `一是`.
    pub(super) fn plain_paragraph(&mut self) -> Decision {
        self.dash_run = false;
        self.wait_enum();
        Decision::Plain(ParagraphKind::Body)
    }

    /// Handles the table of contents; returns `Some(Toc)` for lines that belong to it.
    pub(super) fn table_of_contents(
        &mut self,
        text: &str,
        candidate: &Candidate,
    ) -> Option<ParagraphKind> {
        if matches!(candidate, Candidate::Toc) {
            self.toc = Some(Toc {
                first: None,
                lines: 0,
            });
            return Some(ParagraphKind::Toc);
        }
        let toc = self.toc.as_mut()?;
        let norm = normalise_entry(text);
        toc.lines += 1;
        match &toc.first {
            None => {
                toc.first = Some(norm);
                Some(ParagraphKind::Toc)
            }
            Some(first) if !norm.is_empty() && (norm == *first || first.starts_with(&norm)) => {
                // the first entry repeats: the body starts here
                self.toc = None;
                None
            }
            Some(_) if toc.lines > TOC_MAX_LINES || text.chars().count() > TITLE_LINE_MAX_CHARS => {
                self.toc = None;
                None
            }
            Some(_) => Some(ParagraphKind::Toc),
        }
    }

    /// Accepts a ranked heading if the hierarchy and numbering allow it.
    pub(super) fn accept_ranked(
        &mut self,
        marker: Marker,
        rank: Rank,
        number: u32,
        standalone: bool,
        title: Range<usize>,
        kind: ParagraphKind,
    ) -> Option<Decision> {
        let official = patterns::is_official(marker);
        if official
            && self
                .stack
                .last()
                .is_some_and(|o| o.marker == Marker::Article)
        {
            return None; // clauses of a law article
        }
        let division = marker == Marker::Division;
        let rank = if division {
            self.top_rank.unwrap_or(rank)
        } else {
            rank
        };
        // where the heading would sit
        let mut depth = self.stack.len();
        while depth > 0 {
            let o = &self.stack[depth - 1];
            if o.floating || o.rank >= rank {
                depth -= 1;
            } else {
                break;
            }
        }
        if official && number > 1 {
            let counters = if depth == 0 {
                &self.root_counters
            } else {
                &self.stack[depth - 1].counters
            };
            let last = counters[patterns::marker_index(marker)];
            if last + 1 != number && !standalone {
                return None;
            }
        }
        // accepted: commit
        self.stack.truncate(depth);
        let parent = self.stack.last().map(|o| o.id);
        let level = self.stack.last().map_or(1, |o| o.level + 1);
        let counters = if let Some(o) = self.stack.last_mut() {
            &mut o.counters
        } else {
            &mut self.root_counters
        };
        if number > 0 {
            counters[patterns::marker_index(marker)] = number;
        }
        if !division {
            self.top_rank = Some(self.top_rank.map_or(rank, |t| t.min(rank)));
        }
        let id = self.ranked_count;
        self.ranked_count += 1;
        self.stack.push(Open {
            id,
            rank,
            level,
            marker,
            floating: division && self.top_rank.is_none(),
            counters: [0; patterns::MARKER_KINDS],
        });
        self.settle_enum(false);
        self.enum_last = None;
        self.dash_run = false;
        Some(Decision::Heading {
            id,
            heading: Heading {
                level,
                parent,
                marker,
                title,
                kind,
            },
        })
    }

    /// A parallel point under the current heading, if there is one.
    pub(super) fn point(
        &self,
        marker: Marker,
        abs: &Range<usize>,
        title_len: usize,
        heading_len: usize,
    ) -> Option<Heading> {
        let enclosing = self.stack.last()?;
        Some(Heading {
            level: enclosing.level + 1,
            parent: Some(enclosing.id),
            marker,
            title: abs.start..abs.start + title_len,
            kind: heading_kind(heading_len, abs.len()),
        })
    }

    /// Settles a `——` paragraph waiting at the back of the queue: a point when the paragraph
    /// after it opens with `——` too.
    pub(super) fn settle_dash(&mut self, next_is_dash: bool) {
        let Some(item) = self.queue.back_mut() else {
            return;
        };
        if let Decision::PendingDash { heading } = &item.decision {
            item.decision = if next_is_dash {
                self.dash_run = true;
                Decision::Point {
                    heading: heading.clone(),
                }
            } else {
                self.dash_run = false;
                Decision::Plain(ParagraphKind::Body)
            };
        } else if !next_is_dash {
            self.dash_run = false;
        }
    }

    /// Settles a waiting `一是`: as a point when `confirmed`, else as body text. Returns whether
    /// one was waiting.
    pub(super) fn settle_enum(&mut self, confirmed: bool) -> bool {
        let Some((abs, _)) = self.pending_enum.take() else {
            return false;
        };
        let index = (abs - self.emitted_paras) as usize;
        if let Some(item) = self.queue.get_mut(index)
            && let Decision::PendingEnum { heading } = &item.decision
        {
            item.decision = if confirmed {
                Decision::Point {
                    heading: heading.clone(),
                }
            } else {
                Decision::Plain(ParagraphKind::Body)
            };
        }
        true
    }

    /// Counts one more paragraph against a waiting `一是`.
    pub(super) fn wait_enum(&mut self) {
        if let Some((_, waited)) = &mut self.pending_enum {
            *waited += 1;
            if *waited > ENUM_LOOKAHEAD {
                self.settle_enum(false);
            }
        }
    }

    /// At the end of the input, every waiting paragraph is ordinary text.
    pub(super) fn settle_all(&mut self) {
        self.pending_enum = None;
        for item in &mut self.queue {
            if matches!(
                item.decision,
                Decision::PendingDash { .. } | Decision::PendingEnum { .. }
            ) {
                item.decision = Decision::Plain(ParagraphKind::Body);
            }
        }
    }

    /// Emits decided paragraphs from the front of the queue.
    pub(super) fn emit_ready(&mut self) {
        while let Some(front) = self.queue.front() {
            if matches!(
                front.decision,
                Decision::PendingDash { .. } | Decision::PendingEnum { .. }
            ) {
                break;
            }
            let Some(Item { mut para, decision }) = self.queue.pop_front() else {
                break;
            };
            let para_index = self.emitted_paras;
            match decision {
                Decision::Plain(kind) => para.kind = kind,
                Decision::Heading { id, heading } => {
                    para.kind = heading.kind;
                    if self.ranked_sections.len() <= id as usize {
                        self.ranked_sections.resize(id as usize + 1, u32::MAX);
                    }
                    self.ranked_sections[id as usize] = self.emitted_sections;
                    let section = self.section(&heading, para.line, para_index);
                    self.out.sections.push(section);
                }
                Decision::Point { heading } => {
                    para.kind = heading.kind;
                    let section = self.section(&heading, para.line, para_index);
                    self.out.sections.push(section);
                }
                Decision::PendingDash { .. } | Decision::PendingEnum { .. } => {
                    unreachable!("checked above")
                }
            }
            self.out.paragraphs.push(para);
            self.emitted_paras += 1;
        }
    }

    pub(super) fn section(&mut self, h: &Heading, line: u32, para: u32) -> Section {
        let parent = h
            .parent
            .and_then(|id| self.ranked_sections.get(id as usize).copied());
        self.emitted_sections += 1;
        Section::new(h.level, h.title.clone(), line, para, parent, h.marker)
    }
}
