//! Moving the reading position: scrolling, jumps (with the jump list), sections, go-to specs
//! (waiting for sections still loading), the prompt, and search steps.

use super::{App, Prompt, PromptKind};
use crate::goto::{self, Spec, Target};
use crate::i18n::Msg;
use crate::pos::{Para, TextPos};
use crate::search::{Direction, Search};
use crate::viewport::RowRef;
use std::ops::Range;

impl App {
    pub(super) fn scroll(&mut self, delta: isize) {
        self.viewport.scroll(&self.doc, &mut self.layout, delta);
    }

    /// Byte offset of the top line (a query: it only fills the layout cache).
    pub fn anchor(&mut self) -> TextPos {
        self.viewport.anchor(&self.doc, &mut self.layout)
    }

    /// Records the current position before a jump.
    pub(super) fn remember(&mut self) {
        let at = self.anchor();
        if self.back.last() != Some(&at) {
            self.back.push(at);
        }
        self.forward.clear();
    }

    pub(super) fn jump_back(&mut self) {
        let Some(to) = self.back.pop() else {
            self.complain(&Msg::NoEarlier);
            return;
        };
        let here = self.anchor();
        self.forward.push(here);
        self.viewport.set_anchor(&self.doc, &mut self.layout, to);
        self.follow_in_outline();
    }

    pub(super) fn jump_forward(&mut self) {
        let Some(to) = self.forward.pop() else {
            self.complain(&Msg::NoLater);
            return;
        };
        let here = self.anchor();
        self.back.push(here);
        self.forward = vec![here];
        self.viewport.set_anchor(&self.doc, &mut self.layout, to);
        self.follow_in_outline();
    }

    /// `''`: to where the last jump started, leaving the place it started from to come back
    /// to, so pressing it again returns (the rest of the jump list is kept). Ctrl-i also
    /// returns, as after Ctrl-o.
    pub(super) fn jump_toggle(&mut self) {
        let here = self.anchor();
        while self.back.last() == Some(&here) {
            self.back.pop();
        }
        let Some(to) = self.back.pop() else {
            self.complain(&Msg::NoEarlier);
            return;
        };
        self.back.push(here);
        self.forward = vec![here];
        self.viewport.set_anchor(&self.doc, &mut self.layout, to);
        self.follow_in_outline();
    }

    /// Jumps to a position, remembering where the reader was.
    pub(super) fn jump_to_offset(&mut self, offset: TextPos) {
        self.remember();
        self.viewport
            .set_anchor(&self.doc, &mut self.layout, offset);
        self.follow_in_outline();
    }

    pub(super) fn go_section(&mut self, target: Option<usize>, none: &Msg) {
        match target {
            Some(s) => {
                self.remember();
                self.show_section(s);
            }
            None if self.loading.is_some() => self.say(&Msg::StillLoading),
            None => self.complain(none),
        }
    }

    /// Jumps to section `s`'s heading, remembering where the reader was.
    pub(super) fn go_to_section(&mut self, s: usize) {
        self.remember();
        self.show_section(s);
    }

    /// Shows section `s`'s heading at the top without touching the jump list.
    pub(super) fn show_section(&mut self, s: usize) {
        let Some(sec) = self.doc.sections.get(s) else {
            return;
        };
        let para = Para::new(sec.para as usize);
        self.viewport
            .show_paragraph(&self.doc, &mut self.layout, para);
        self.follow_in_outline();
    }

    /// Resolves a go-to spec now, or waits for it while the document is loading.
    pub(super) fn go_spec(&mut self, spec: &Spec) {
        let current = self.current_section();
        match goto::resolve(&self.doc, spec, current) {
            Some(Target::Section(s)) => {
                if self.pending.take().is_some() {
                    self.notice = None; // the "waiting for …" notice is answered
                }
                self.remember();
                self.show_section(s);
            }
            Some(Target::Offset(o))
                if self.loading.is_none() || !matches!(spec, Spec::Percent(_)) =>
            {
                if self.pending.take().is_some() {
                    self.notice = None; // the "waiting for …" notice is answered
                }
                self.jump_to_offset(o);
            }
            _ if self.loading.is_some() => {
                self.pending = Some(spec.clone());
                self.say(&Msg::Waiting(spec_text(spec)));
            }
            _ => self.complain(&Msg::NotFound(spec_text(spec))),
        }
    }

    pub(super) fn retry_pending(&mut self) {
        let Some(spec) = self.pending.clone() else {
            return;
        };
        let current = self.current_section();
        match goto::resolve(&self.doc, &spec, current) {
            Some(Target::Section(_)) => self.go_spec(&spec),
            Some(Target::Offset(_)) if self.loading.is_none() => self.go_spec(&spec),
            _ => {}
        }
    }

    /// Acts on a submitted prompt; an empty one repeats the prompt's last entry.
    pub(super) fn submit_prompt(&mut self, prompt: &Prompt) {
        match prompt.kind {
            PromptKind::GoTo => {
                let input = match prompt.input.trim() {
                    "" => self.history.goto.last().unwrap_or("").to_owned(),
                    typed => typed.to_owned(),
                };
                self.history.goto.push(&input);
                if let Some(spec) = goto::parse(&input) {
                    self.go_spec(&spec);
                }
            }
            PromptKind::Filter => {
                if prompt.input.trim().is_empty() {
                    self.clear_outline_filter();
                } else {
                    self.history.search.push(&prompt.input);
                }
            }
            PromptKind::Search => {
                if prompt.input.is_empty() {
                    match (&self.search, self.history.search.last()) {
                        (Some(_), _) => self.step_search(Direction::Forward),
                        (None, Some(last)) => {
                            let last = last.to_owned();
                            self.start_search(&last, prompt.syntax);
                        }
                        (None, None) => self.complain(&Msg::NoSearchYet),
                    }
                    return;
                }
                self.history.search.push(&prompt.input);
                self.start_search(&prompt.input, prompt.syntax);
            }
            PromptKind::Note => self.submit_note(&prompt.input),
        }
    }

    /// Searches for `query` read as `syntax` from here; an invalid pattern is an error
    /// notice (the prompt does not let one through, but a recalled or scripted one may).
    fn start_search(&mut self, query: &str, syntax: crate::search::Syntax) {
        match Search::build(query, syntax) {
            Ok(search) => {
                self.search = Some(search);
                self.highlight = true;
                self.step_search(Direction::Forward);
            }
            Err(why) => self.note_error(why),
        }
    }

    /// Goes to the next or previous match: after the current match when it is on screen,
    /// else from the top line (a match on the top line counts for a new search).
    pub(super) fn step_search(&mut self, dir: Direction) {
        let top = self.anchor();
        let visible = self.visible_range();
        let Some(search) = self.search.as_mut() else {
            self.complain(&Msg::NoSearchYet);
            return;
        };
        let visible = TextPos::range(&visible);
        let from = match (search.current_offset(), dir) {
            (Some(c), Direction::Forward) if visible.contains(&c) => c + 1,
            (Some(c), Direction::Backward) if visible.contains(&c) => c,
            _ => top.byte(),
        };
        let query = search.query().to_owned();
        let found = search.next_from(&self.doc.text, from, dir);
        self.highlight = true;
        match found {
            Some(f) => {
                self.jump_to_offset(TextPos::new(f.offset));
                if f.wrapped {
                    self.say(match dir {
                        Direction::Forward => &Msg::SearchWrappedTop,
                        Direction::Backward => &Msg::SearchWrappedBottom,
                    });
                }
            }
            None => self.complain(&Msg::NoMatch(query)),
        }
    }

    /// The text shown by the text pane in the last frame.
    pub(super) fn visible_range(&mut self) -> Range<TextPos> {
        let offset = |app: &mut Self, r: &RowRef, end: bool| match *r {
            RowRef::Gap(p) => app
                .doc
                .paragraphs
                .get(p.index())
                .map_or(0, |p| p.range.start),
            RowRef::Line { para, line } => {
                let lines = app.layout.paragraph(&app.doc, para.index());
                lines
                    .lines
                    .get(line)
                    .map_or(0, |l| if end { l.range.end } else { l.range.start })
            }
        };
        let rows: Vec<RowRef> = self.frame.rows.iter().map(|r| r.row).collect();
        match (rows.first(), rows.last()) {
            (Some(a), Some(b)) => {
                TextPos::new(offset(self, a, false))..TextPos::new(offset(self, b, true))
            }
            _ => TextPos::START..TextPos::START,
        }
    }
}

/// A spec as the user would have typed it.
pub(super) fn spec_text(spec: &Spec) -> String {
    match spec {
        Spec::Path(p) => goto::path_text(p),
        Spec::Percent(v) => format!("{v}%"),
        Spec::Line(n) => format!("L{n}"),
        Spec::Page(n) => format!("p{n}"),
        Spec::Title(t) => t.clone(),
    }
}
