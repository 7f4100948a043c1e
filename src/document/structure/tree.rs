//! The main pass: each candidate in document order, judged by its family's evidence and placed
//! under the nearest open heading of a higher rank (see the module doc of [`super`]).

use std::collections::HashMap;
use std::ops::Range;

use super::layout_facts::PageFacts;
use super::{Cand, CorrectionAction, Explanation, Options, Resolved, RuleEffect};
use crate::document::patterns::{
    self, Candidate, DECIMAL_DEPTH1_SCOPE, Family, Found, RANK_DECIMAL_BASE, RANK_LEAF, Rank,
    decimal_path,
};
use crate::document::{Marker, ParagraphKind};

mod parts;
mod unmarked;

use parts::{finish, shift_levels};

/// How far (in paragraphs) a first point or item looks for its second.
const LOOKAHEAD: usize = 400;
/// Longest decimal heading line, in characters.
const DECIMAL_TITLE_MAX_CHARS: usize = 100;
/// A short title among numbered siblings has at most this many characters.
const SIBLING_MAX_CHARS: usize = 20;
/// Rank of a part's title line: above everything.
const RANK_PART: Rank = 0;

/// One accepted heading.
#[derive(Debug, Clone)]
struct Node {
    para: u32,
    level: u16,
    marker: Marker,
    title: Range<usize>,
    kind: ParagraphKind,
}

/// An open heading on the rank stack.
#[derive(Debug)]
struct Open {
    node: usize,
    rank: Rank,
    level: u16,
    marker: Marker,
    /// An unnumbered division seen before any numbered heading: closed by whatever comes next.
    floating: bool,
    /// Decimal path of the heading (the scope of its decimal children).
    path: u32,
    /// Last number of each (marker, scope) sequence among its children.
    children: Vec<(Marker, u32, u32)>,
}

/// A run of points (`一是`, `第一，`, `首先，`) under one heading.
#[derive(Debug, Clone, Copy)]
struct Run {
    marker: Marker,
    scope: u32,
    enclosing: usize,
    last: u32,
}

struct Tree<'f, 'a> {
    facts: &'f PageFacts<'a>,
    opts: &'f Options,
    nodes: Vec<Node>,
    stack: Vec<Open>,
    root_children: Vec<(Marker, u32, u32)>,
    /// Highest rank of any numbered heading: unnumbered divisions take it.
    top_rank: Option<Rank>,
    /// Rank and indentation of the numbered headings that unnumbered siblings join (decimal
    /// depth 1 or `1.`), and how many such headings were accepted.
    numbered_rank: Option<(Rank, usize)>,
    numbered_seen: u32,
    run: Option<Run>,
    /// Index of the last accepted `——` point's paragraph.
    last_dash: Option<usize>,
    /// (marker, scope, number) → paragraphs, for "is there a next one" questions.
    positions: HashMap<(Marker, u32, u32), Vec<usize>>,
    /// Top-level numbered headings of the current part: their count and whether the first
    /// was written in Latin letters.
    part_tops: u32,
    part_latin: Option<bool>,
    parts: usize,
    title_block: usize,
    /// Least indentation of the Latin-lettered heading candidates (decimal numbers, `Chapter`,
    /// `Appendix`): where an RFC-style text puts its headings.
    latin_indent: usize,
    explain: Vec<Explanation>,
}

/// Builds the tree from the candidates (`toc` marks table-of-contents paragraphs).
pub(super) fn build(facts: &PageFacts, cands: &[Cand], toc: &[bool], opts: &Options) -> Resolved {
    let is_candidate = |i: usize| {
        cands
            .binary_search_by_key(&(i as u32), |c| c.para)
            .ok()
            .is_some_and(|k| match cands[k].candidate {
                Candidate::Heading(f) => f.marker != Marker::Dash,
                Candidate::Toc => true,
                Candidate::None => false,
            })
    };
    let title_block = facts.title_block(is_candidate);
    let found = reinterpret(facts, cands, toc);
    let mut positions: HashMap<(Marker, u32, u32), Vec<usize>> = HashMap::new();
    for &(para, f) in &found {
        positions
            .entry((f.marker, f.scope, f.number))
            .or_default()
            .push(para);
    }
    let mut tree = Tree {
        facts,
        opts,
        nodes: Vec::new(),
        stack: Vec::new(),
        root_children: Vec::new(),
        top_rank: None,
        numbered_rank: None,
        numbered_seen: 0,
        run: None,
        last_dash: None,
        positions,
        part_tops: 0,
        part_latin: None,
        parts: 0,
        title_block,
        latin_indent: found
            .iter()
            .filter(|(i, f)| {
                f.family != Family::Point
                    && facts
                        .para_text(*i)
                        .starts_with(|c: char| c.is_ascii_alphanumeric())
                    && !facts.preformatted[*i]
                    && is_decimal_title(facts, *i)
            })
            .map(|&(i, _)| facts.indent(i))
            .min()
            .unwrap_or(0),
        explain: Vec::new(),
    };
    let corrections = valid_corrections(facts, opts);
    let marked: HashMap<u32, u8> = opts.hints.marked.iter().copied().collect();
    let mut next = found.iter().peekable();
    #[allow(clippy::needless_range_loop)] // `i` indexes several per-paragraph tables
    for i in title_block..facts.paras.len() {
        while next.next_if(|&&(para, _)| para < i).is_some() {}
        let here = next.next_if(|&&(para, _)| para == i).map(|&(_, f)| f);
        if toc[i] || facts.furniture[i] || facts.paras[i].continuation {
            continue;
        }
        let line = facts.paras[i].line;
        let action = if corrections.is_empty() {
            None
        } else {
            corrections.get(&line).copied()
        };
        if action == Some(CorrectionAction::NotHeading) {
            if let Some(f) = here {
                tree.note(i, f.marker, false, "corrected: not a heading");
            }
            continue;
        }
        if let Some(done) = tree.user_rule(i) {
            if !done && let Some(f) = here {
                tree.note(i, f.marker, false, "ignored by a user rule");
            }
            continue;
        }
        if action == Some(CorrectionAction::MakeHeading) {
            tree.corrected(i);
            continue;
        }
        if let Some(&rank) = (!marked.is_empty()).then(|| marked.get(&line)).flatten() {
            tree.marked(i, rank);
            continue;
        }
        match here {
            Some(f) if !facts.preformatted[i] => tree.candidate(i, f),
            Some(f) => tree.note(i, f.marker, false, "preformatted line"),
            None if !facts.preformatted[i] => tree.unmarked(i),
            None => {}
        }
    }
    let mut nodes = tree.nodes;
    shift_levels(facts, &mut nodes, &corrections);
    finish(facts, nodes, title_block, tree.parts > 0, tree.explain)
}

/// The corrections whose line still holds the text they were made on, by line.
fn valid_corrections(facts: &PageFacts, opts: &Options) -> HashMap<u32, CorrectionAction> {
    opts.corrections
        .iter()
        .filter(|c| {
            let i = facts.paras.partition_point(|p| p.line < c.line);
            facts.paras.get(i).is_some_and(|p| p.line == c.line)
                && facts.para_text(i).starts_with(c.text.trim())
        })
        .map(|c| (c.line, c.action))
        .collect()
}

/// The candidates in order with the document's reading applied: outside tables of contents and
/// page furniture; in a document that numbers decimally, `1.` is decimal depth 1.
fn reinterpret(facts: &PageFacts, cands: &[Cand], toc: &[bool]) -> Vec<(usize, Found)> {
    let mut found: Vec<(usize, Found)> = cands
        .iter()
        .filter_map(|c| match c.candidate {
            Candidate::Heading(f) => Some((c.para as usize, f)),
            _ => None,
        })
        .filter(|&(i, _)| !toc[i] && !facts.furniture[i])
        .collect();
    let decimal_titles = found
        .iter()
        .filter(|(i, f)| {
            f.family == Family::Decimal
                && f.depth >= 2
                && !facts.preformatted[*i]
                && is_decimal_title(facts, *i)
        })
        .count();
    if decimal_titles >= 2 {
        // `1.` is decimal depth 1; a `1.` that is no title line is a list item
        found.retain(|(i, f)| f.marker != Marker::Number || is_decimal_title(facts, *i));
        for (_, f) in &mut found {
            if f.marker == Marker::Number {
                f.family = Family::Decimal;
                f.marker = Marker::Decimal;
                f.rank = RANK_DECIMAL_BASE + 1;
                f.scope = DECIMAL_DEPTH1_SCOPE;
                f.path = decimal_path(DECIMAL_DEPTH1_SCOPE, f.number);
            }
        }
    }
    found
}

/// A decimal heading is a line of its own: short, not a sentence, not wrapped onto the next.
fn is_decimal_title(facts: &PageFacts, i: usize) -> bool {
    let text = facts.para_text(i);
    let chars = text.chars().count();
    if chars > DECIMAL_TITLE_MAX_CHARS || text.contains(['。', '！', '？', '；']) {
        return false;
    }
    if text.ends_with(['.', ',', ';', '，', '、']) {
        return false;
    }
    // a long line followed directly by a lower-case line is a wrapped paragraph
    let wrapped = chars > 60
        && !facts.blank_after(i)
        && facts.next_content(i).is_some_and(|j| {
            facts
                .para_text(j)
                .starts_with(|c: char| c.is_ascii_lowercase())
        });
    !wrapped
}

impl Tree<'_, '_> {
    fn note(&mut self, i: usize, marker: Marker, accepted: bool, reason: &'static str) {
        if self.opts.explain {
            self.explain.push(Explanation {
                para: i as u32,
                line: self.facts.paras[i].line,
                marker,
                accepted,
                reason,
            });
        }
    }

    fn candidate(&mut self, i: usize, f: Found) {
        let verdict = match f.family {
            Family::Division => self.division(i, &f),
            Family::Official => self.official(i, &f),
            Family::Decimal => self.decimal(i, &f),
            Family::Named => self.named(i, &f),
            Family::Point => self.point(i, &f),
            Family::NumberLine => self.number_line(i, &f),
        };
        match verdict {
            Ok(reason) => self.note(i, f.marker, true, reason),
            Err(reason) => self.note(i, f.marker, false, reason),
        }
    }

    /// Where a heading of `rank` goes: the stack depth of its parent.
    fn position(&self, rank: Rank) -> usize {
        let mut depth = self.stack.len();
        while depth > 0 {
            let o = &self.stack[depth - 1];
            if o.floating || o.rank >= rank {
                depth -= 1;
            } else {
                break;
            }
        }
        depth
    }

    fn children(&self, depth: usize) -> &[(Marker, u32, u32)] {
        if depth == 0 {
            &self.root_children
        } else {
            &self.stack[depth - 1].children
        }
    }

    fn last_number(&self, depth: usize, marker: Marker, scope: u32) -> u32 {
        self.children(depth)
            .iter()
            .find(|&&(m, s, _)| m == marker && s == scope)
            .map_or(0, |&(_, _, n)| n)
    }

    /// A number that continues a sequence of an enclosing level (chapters `1.`…`13.`, a quoted
    /// `一、`…`五、` list inside 13, then `14.`): the stack is cut back to that level.
    fn resume_sequence(&mut self, depth: usize, f: &Found) -> bool {
        if f.number < 2 {
            return false;
        }
        let found = (0..depth).rev().find(|&d| {
            self.children(d)
                .iter()
                .any(|&(m, s, n)| m == f.marker && s == f.scope && n + 1 == f.number)
        });
        if let Some(d) = found {
            self.stack.truncate(d);
        }
        found.is_some()
    }

    /// True when a candidate with the same marker and scope numbered `number + 1` (or a `最后`
    /// point) follows within [`LOOKAHEAD`] paragraphs.
    fn has_successor(&self, i: usize, f: &Found) -> bool {
        let next = |n: u32| {
            self.positions
                .get(&(f.marker, f.scope, n))
                .and_then(|v| v.get(v.partition_point(|&p| p <= i)))
                .is_some_and(|&p| p - i <= LOOKAHEAD)
        };
        next(f.number + 1) || (f.family == Family::Point && next(u32::MAX))
    }

    /// A Latin-lettered heading indented like the body of an RFC-style text whose headings sit
    /// further left is a list item or an example, not a heading.
    fn indented_like_body(&self, i: usize) -> bool {
        let body = self.facts.body_indent;
        body >= 2 && self.latin_indent < body && self.facts.indent(i) >= body && {
            let text = self.facts.para_text(i);
            text.starts_with(|c: char| c.is_ascii_alphanumeric())
        }
    }

    /// True when `f.1` (its first decimal child) follows within [`LOOKAHEAD`] paragraphs.
    fn has_first_child(&self, i: usize, f: &Found) -> bool {
        self.positions
            .get(&(Marker::Decimal, f.path, 1))
            .and_then(|v| v.get(v.partition_point(|&p| p <= i)))
            .is_some_and(|&p| p - i <= LOOKAHEAD)
    }

    fn division(&mut self, i: usize, f: &Found) -> Result<&'static str, &'static str> {
        if self.indented_like_body(i) {
            return Err("indented like body text");
        }
        self.accept(i, f, f.rank, false);
        Ok(if f.standalone {
            "division, standalone"
        } else {
            "division, inline"
        })
    }

    fn official(&mut self, i: usize, f: &Found) -> Result<&'static str, &'static str> {
        if self.indented_like_body(i) {
            return Err("indented like body text");
        }
        if self
            .stack
            .last()
            .is_some_and(|o| o.marker == Marker::Article && !o.floating)
        {
            return Err("clause of a law article");
        }
        let depth = self.position(f.rank);
        let last = self.last_number(depth, f.marker, f.scope);
        let reason = if last > 0 && f.number == last + 1 {
            "continues its sequence"
        } else if self.resume_sequence(depth, f) {
            "resumes its sequence after a nested list"
        } else if last == 0 && f.number == 1 && f.standalone {
            "first of its sequence, standalone"
        } else if last == 0 && f.number == 1 && self.has_successor(i, f) {
            "first of a sequence that continues"
        } else if last == 0 && f.number == 1 {
            "first of its sequence, inline heading"
        } else if f.standalone {
            "standalone line"
        } else {
            return Err("out of sequence");
        };
        self.accept(i, f, f.rank, false);
        Ok(reason)
    }

    fn decimal(&mut self, i: usize, f: &Found) -> Result<&'static str, &'static str> {
        if !is_decimal_title(self.facts, i) {
            return Err("not a title line");
        }
        if self.indented_like_body(i) {
            return Err("indented like body text");
        }
        let depth = self.position(f.rank);
        let last = self.last_number(depth, f.marker, f.scope);
        let parent_open = f.depth > 1
            && self
                .stack
                .get(depth.wrapping_sub(1))
                .is_some_and(|o| o.path == f.scope);
        let reason = if last > 0 && (f.number == last + 1 || f.number == last) {
            "continues its sequence"
        } else if self.resume_sequence(depth, f) {
            "resumes its sequence after a nested list"
        } else if last == 0 && parent_open {
            "first child of its parent number"
        } else if last == 0 && self.has_successor(i, f) {
            "first of a sequence that continues"
        } else if self.has_first_child(i, f) {
            "its first child follows"
        } else if last == 0 && f.depth == 1 && f.number == 1 {
            "first top-level number"
        } else {
            return Err("out of sequence");
        };
        self.accept(i, f, f.rank, false);
        Ok(reason)
    }

    fn named(&mut self, i: usize, f: &Found) -> Result<&'static str, &'static str> {
        if self.indented_like_body(i) {
            return Err("indented like body text");
        }
        let (rank, floating) = self.top_rank.map_or((f.rank, true), |t| (t, false));
        self.accept(i, f, rank, floating);
        Ok("named division on a line of its own")
    }

    fn number_line(&mut self, i: usize, f: &Found) -> Result<&'static str, &'static str> {
        let depth = self.position(RANK_LEAF);
        let last = self.last_number(depth, f.marker, f.scope);
        let reason = if last > 0 && f.number == last + 1 {
            "continues its sequence"
        } else if last == 0 && f.number == 1 && self.has_successor(i, f) {
            "first of a sequence that continues"
        } else {
            return Err("a number line out of sequence");
        };
        self.accept(i, f, RANK_LEAF, false);
        Ok(reason)
    }

    fn point(&mut self, i: usize, f: &Found) -> Result<&'static str, &'static str> {
        let Some(enclosing) = self.stack.last().map(|o| o.node) else {
            return Err("a point before any heading");
        };
        // points are the speech's and the report's: in a novel or a law they are narrative
        if self
            .stack
            .last()
            .is_some_and(|o| o.marker.is_division() || o.marker == Marker::NumberLine)
        {
            return Err("a point in a novel's or a law's text");
        }
        let reason = if f.marker == Marker::Dash {
            let follows = self.last_dash == Some(i.wrapping_sub(1));
            let leads = self.next_is_dash(i);
            if !(follows || leads) {
                return Err("a lone —— paragraph");
            }
            self.last_dash = Some(i);
            "run of —— paragraphs"
        } else {
            let run = self
                .run
                .filter(|r| r.marker == f.marker && r.scope == f.scope && r.enclosing == enclosing);
            let continues = run.is_some_and(|r| {
                f.number == r.last.saturating_add(1) || (f.number == u32::MAX && r.last >= 1)
            });
            if continues {
                "continues its run"
            } else if f.number == 1 && self.has_successor(i, f) {
                "first of a run that continues"
            } else {
                return Err("not in a run of points");
            }
        };
        if f.marker != Marker::Dash {
            self.run = Some(Run {
                marker: f.marker,
                scope: f.scope,
                enclosing,
                last: f.number,
            });
        }
        let level = self.stack.last().map_or(1, |o| o.level + 1);
        self.push_node(i, f.marker, level, f.title_len, f.heading_len);
        Ok(reason)
    }

    fn next_is_dash(&self, i: usize) -> bool {
        self.positions
            .get(&(Marker::Dash, 0, 0))
            .is_some_and(|v| v.binary_search(&(i + 1)).is_ok())
    }

    /// Commits a ranked heading at paragraph `i`.
    fn accept(&mut self, i: usize, f: &Found, rank: Rank, floating: bool) {
        let mut depth = self.position(rank);
        let base = usize::from(self.parts > 0);
        let numbered = f.number > 0
            && matches!(
                f.family,
                Family::Division | Family::Official | Family::Decimal
            );
        if numbered && depth <= base {
            let latin = self.facts.para_text(i).starts_with(|c: char| c.is_ascii());
            let restart = f.number == 1
                && self.part_tops >= 2
                && (self.root_last(depth, f) >= 2 || self.part_latin != Some(latin));
            if restart && let Some(t) = self.part_title_before(i) {
                self.start_part(t);
                depth = self.position(rank);
            }
            if depth <= usize::from(self.parts > 0) {
                self.part_tops += 1;
                self.part_latin.get_or_insert(latin);
            }
        }
        self.stack.truncate(depth);
        if f.number > 0 {
            let children = if let Some(o) = self.stack.last_mut() {
                &mut o.children
            } else {
                &mut self.root_children
            };
            match children
                .iter_mut()
                .find(|(m, s, _)| *m == f.marker && *s == f.scope)
            {
                Some(slot) => slot.2 = f.number,
                None => children.push((f.marker, f.scope, f.number)),
            }
        }
        if f.number > 0 && !floating && f.family != Family::NumberLine {
            self.top_rank = Some(self.top_rank.map_or(rank, |t| t.min(rank)));
        }
        if f.standalone && f.depth == 1 && matches!(f.marker, Marker::Decimal | Marker::Number) {
            self.numbered_rank = Some((rank, self.facts.indent(i)));
            self.numbered_seen += 1;
        }
        let level = self.stack.last().map_or(1, |o| o.level + 1);
        let node = self.push_node(i, f.marker, level, f.title_len, f.heading_len);
        self.stack.push(Open {
            node,
            rank,
            level,
            marker: f.marker,
            floating,
            path: f.path,
            children: Vec::new(),
        });
        self.run = None;
        self.last_dash = None;
    }

    fn root_last(&self, depth: usize, f: &Found) -> u32 {
        self.last_number(depth, f.marker, f.scope)
            .max(self.children(depth).iter().map(|c| c.2).max().unwrap_or(0))
    }

    fn push_node(
        &mut self,
        i: usize,
        marker: Marker,
        level: u16,
        title: u32,
        heading: u32,
    ) -> usize {
        let p = &self.facts.paras[i];
        // a law article has no title: its label is the heading part, the rest body text,
        // whether the article is one sentence (`第一千零四十条　婚姻家庭受本编调整。`) or more
        let heading = match marker {
            Marker::Article => self
                .facts
                .text
                .get(p.range.clone())
                .and_then(|t| crate::document::label::label(t, marker))
                .map_or(heading, |l| l.len() as u32),
            _ => heading,
        };
        let kind = if heading as usize >= p.range.len() {
            ParagraphKind::Heading
        } else {
            ParagraphKind::InlineHeading {
                heading_len: heading,
            }
        };
        self.nodes.push(Node {
            para: i as u32,
            level,
            marker,
            title: p.range.start..p.range.start + title as usize,
            kind,
        });
        self.nodes.len() - 1
    }
}
