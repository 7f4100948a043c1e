//! Headings no numbered family claims: RFC-style titles at the left margin, short titles among
//! numbered siblings, headings a file format marks, user rules, and the reader's `X`.

use super::{
    Family, Found, Marker, RANK_DECIMAL_BASE, Rank, RuleEffect, SIBLING_MAX_CHARS, Tree, patterns,
};
use crate::document::LineShape;

impl Tree<'_, '_> {
    /// A paragraph no pattern claimed: an RFC-style section title at the left margin of an
    /// indented body, or a short title standing among numbered siblings.
    pub(super) fn unmarked(&mut self, i: usize) {
        let facts = self.facts;
        let body = facts.body_indent;
        let rfc = body >= 2;
        let sibling = !rfc && self.numbered_seen >= 2;
        // (the parser looked at the line: most paragraphs of a book are turned away here
        // without reading their text again)
        if !(rfc || sibling) || !facts.shape(i, LineShape::TITLE_SHAPED) || !facts.blank_before(i) {
            return;
        }
        let text = facts.para_text(i);
        let chars = text.chars().count();
        let next_is_body = facts
            .next_content(i)
            .is_some_and(|j| facts.indent(j) >= body && !facts.preformatted[j]);
        if rfc {
            if facts.indent(i) != 0 || !(facts.blank_after(i) || next_is_body) {
                return;
            }
            let rank = self.top_rank.unwrap_or(RANK_DECIMAL_BASE + 1);
            self.accept_unmarked(i, rank, self.top_rank.is_none());
            self.note(
                i,
                Marker::Unnumbered,
                true,
                "title at the left margin of an indented body",
            );
            return;
        }
        let Some((rank, indent)) = self.numbered_rank else {
            return;
        };
        let prose_after = facts
            .next_content(i)
            .is_some_and(|j| facts.para_text(j).chars().count() > SIBLING_MAX_CHARS);
        let after_body = facts
            .prev_content(i)
            .is_some_and(|j| self.nodes.last().is_none_or(|n| n.para as usize != j));
        if chars <= SIBLING_MAX_CHARS
            && facts.indent(i) == indent
            && facts.blank_after(i)
            && prose_after
            && after_body
            && !text
                .chars()
                .any(|c| c.is_ascii_digit() || "年月日".contains(c))
        {
            self.accept_unmarked(i, rank, false);
            self.note(
                i,
                Marker::Unnumbered,
                true,
                "short title among numbered siblings",
            );
        }
    }

    pub(super) fn accept_unmarked(&mut self, i: usize, rank: Rank, floating: bool) {
        let text = self.facts.para_text(i);
        let (title_len, heading_len) = patterns::cut_title(text);
        let f = Found {
            family: Family::Named,
            marker: Marker::Unnumbered,
            rank,
            number: 0,
            scope: 0,
            depth: 1,
            path: 0,
            title_len: title_len as u32,
            heading_len: heading_len as u32,
            standalone: true,
        };
        self.accept(i, &f, rank, floating);
    }

    /// A config rule for paragraph `i`: `Some(true)` when it made a heading, `Some(false)` when
    /// it says the paragraph is not one, `None` when no rule matches.
    pub(super) fn user_rule(&mut self, i: usize) -> Option<bool> {
        if self.opts.rules.is_empty() {
            return None;
        }
        let text = self.facts.para_text(i);
        let rule = self.opts.rules.iter().find(|r| r.pattern.is_match(text))?;
        let rank = match rule.effect {
            RuleEffect::Ignore => return Some(false),
            RuleEffect::Rank(r) => r,
            RuleEffect::Level(level) => {
                let keep = usize::from(level.max(1) - 1).min(self.stack.len());
                self.stack.truncate(keep);
                self.stack.last().map_or(1, |o| o.rank.saturating_add(1))
            }
        };
        let (title_len, heading_len) = patterns::cut_title(text);
        let f = Found {
            family: Family::Division,
            marker: Marker::UserRule,
            rank,
            number: 0,
            scope: 0,
            depth: 1,
            path: 0,
            title_len: title_len as u32,
            heading_len: heading_len as u32,
            standalone: true,
        };
        self.accept(i, &f, rank, false);
        self.note(i, Marker::UserRule, true, "user rule");
        Some(true)
    }

    /// A heading the file format marks (a Word heading style, `<h2>`): above the text's own
    /// families, which nest below it.
    pub(super) fn marked(&mut self, i: usize, rank: u8) {
        let text = self.facts.para_text(i);
        let (title_len, heading_len) = patterns::cut_title(text);
        let f = Found {
            family: Family::Division,
            marker: Marker::Styled,
            rank: rank.min(9),
            number: 0,
            scope: 0,
            depth: 1,
            path: 0,
            title_len: title_len as u32,
            heading_len: heading_len as u32,
            standalone: true,
        };
        self.accept(i, &f, f.rank, false);
        self.note(
            i,
            Marker::Styled,
            true,
            "marked as a heading by the file format",
        );
    }

    /// The reader's `X`: a heading one level below the section the paragraph is in.
    pub(super) fn corrected(&mut self, i: usize) {
        let level = self.stack.last().map_or(1, |o| o.level + 1);
        let text = self.facts.para_text(i);
        let (title_len, heading_len) = patterns::cut_title(text);
        self.push_node(
            i,
            Marker::Corrected,
            level,
            title_len as u32,
            heading_len as u32,
        );
        self.note(i, Marker::Corrected, true, "corrected: made a heading");
    }
}
