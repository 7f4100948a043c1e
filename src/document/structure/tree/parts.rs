//! Parts of a multi-part document, the reader's level shifts, and the sections made from the
//! accepted headings.

use std::collections::HashMap;

use super::{Node, Open, RANK_PART, Tree};
use crate::document::patterns;
use crate::document::structure::layout_facts::{PageFacts, is_title_line};
use crate::document::structure::{CorrectionAction, Explanation, Resolved};
use crate::document::{Marker, ParagraphKind, Section};

impl Tree<'_, '_> {
    /// The first line of the title lines right before paragraph `i` (a part's title, its
    /// subtitle or date), if there are any.
    pub(super) fn part_title_before(&self, i: usize) -> Option<usize> {
        let facts = self.facts;
        let last_node = self.nodes.last().map(|n| n.para as usize);
        let mut first = None;
        let mut j = i;
        for _ in 0..4 {
            let Some(k) = facts.prev_content(j) else {
                break;
            };
            let text = facts.para_text(k);
            if Some(k) == last_node || !is_title_line(text) || text.ends_with(['.', '。']) {
                break;
            }
            first = Some(k);
            j = k;
        }
        first.filter(|&k| facts.blank_before(k) || k == 0)
    }

    /// Opens a new part titled by paragraph `t`; the first time, the document's own title line
    /// becomes the title of the first part and everything so far moves one level down.
    pub(super) fn start_part(&mut self, t: usize) {
        if self.parts == 0 {
            if self.title_block > 0 {
                for n in &mut self.nodes {
                    n.level += 1;
                }
                let text = self.facts.para_text(0);
                let (title_len, _) = patterns::cut_title(text);
                let start = self.facts.paras[0].range.start;
                self.nodes.insert(
                    0,
                    Node {
                        para: 0,
                        level: 1,
                        marker: Marker::PartTitle,
                        title: start..start + title_len,
                        kind: ParagraphKind::Heading,
                    },
                );
            }
            self.parts = 1;
        }
        self.parts += 1;
        self.stack.clear();
        self.root_children.clear();
        self.top_rank = None;
        self.part_tops = 0;
        self.part_latin = None;
        let text = self.facts.para_text(t);
        let (title_len, _) = patterns::cut_title(text);
        let node = self.push_node(t, Marker::PartTitle, 1, title_len as u32, text.len() as u32);
        self.note(
            t,
            Marker::PartTitle,
            true,
            "numbering restarts under this title line",
        );
        self.stack.push(Open {
            node,
            rank: RANK_PART,
            level: 1,
            marker: Marker::PartTitle,
            floating: false,
            path: 0,
            children: Vec::new(),
        });
    }
}

/// Applies the reader's `H`/`L` corrections: a heading moves with its subtree, and no level
/// ends up deeper than one below the heading before it.
pub(super) fn shift_levels(
    facts: &PageFacts,
    nodes: &mut [Node],
    corrections: &HashMap<u32, CorrectionAction>,
) {
    if corrections.is_empty() {
        return;
    }
    for k in 0..nodes.len() {
        let line = facts.paras[nodes[k].para as usize].line;
        let Some(&CorrectionAction::Shift(d)) = corrections.get(&line) else {
            continue;
        };
        let old = nodes[k].level;
        let max = if k == 0 { 1 } else { nodes[k - 1].level + 1 };
        let new = (i32::from(old) + i32::from(d)).clamp(1, i32::from(max)) as u16;
        let end = (k + 1..nodes.len())
            .find(|&j| nodes[j].level <= old)
            .unwrap_or(nodes.len());
        for n in &mut nodes[k..end] {
            n.level = (i32::from(n.level) + i32::from(new) - i32::from(old)).max(1) as u16;
        }
    }
    for k in 0..nodes.len() {
        let max = if k == 0 { 1 } else { nodes[k - 1].level + 1 };
        nodes[k].level = nodes[k].level.min(max);
    }
}

/// Sections from the nodes (parents from levels), paragraph kinds and the title.
pub(super) fn finish(
    facts: &PageFacts,
    nodes: Vec<Node>,
    title_block: usize,
    parts: bool,
    explanations: Vec<Explanation>,
) -> Resolved {
    let mut resolved = Resolved {
        explanations,
        ..Resolved::default()
    };
    let mut open: Vec<(u16, u32)> = Vec::new();
    for (index, n) in nodes.into_iter().enumerate() {
        while open.last().is_some_and(|&(l, _)| l >= n.level) {
            open.pop();
        }
        let parent = open.last().map(|&(_, i)| i);
        let level = open.last().map_or(1, |&(l, _)| l + 1);
        open.push((level, index as u32));
        resolved.kinds.push((n.para, n.kind));
        resolved.sections.push(Section::new(
            level,
            n.title,
            facts.paras[n.para as usize].line,
            n.para,
            parent,
            n.marker,
        ));
    }
    let first_is_part = parts && resolved.sections.first().is_some_and(|s| s.para == 0);
    for i in usize::from(first_is_part)..title_block {
        resolved.kinds.push((i as u32, ParagraphKind::Title));
    }
    if title_block > 0 {
        let text = facts.para_text(0);
        let start = facts.paras[0].range.start;
        let end = match text.find("——") {
            Some(i) if i > 0 => text.get(..i).map_or(i, |t| t.trim_end().len()),
            _ => text.len(),
        };
        resolved.title = Some(start..start + end);
    }
    resolved
}
