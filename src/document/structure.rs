//! The section tree of a plain text, decided from the document's evidence.
//!
//! The parser ([`super::plain`]) classifies each paragraph's opening into a heading candidate of
//! some family ([`super::patterns`]); nothing is a heading yet. When the whole text is known,
//! [`resolve`] decides, in this order:
//!
//! 1. **What the page says** ([`layout_facts`]): the body's indentation, running headers and
//!    footers around form feeds, preformatted lines, the title block.
//! 2. **Tables of contents** ([`toc`]): a labelled block up to the repeat of its first entry,
//!    leader-dot entries, or a run of heading lines that repeats later. Never headings.
//! 3. **The document's profile**: which families it uses decides between rival readings — in a
//!    document that numbers decimally (`1.1`, `4.2.1`), `1.` is decimal level 1, not the GB/T
//!    `1.` below `（一）`.
//! 4. **Each candidate, in order** ([`tree`]), by its family's evidence: numbers must continue a
//!    sequence among their siblings (or be the first of one that continues), decimal numbers and
//!    unnumbered titles must stand alone, numbered lines indented like body text are list items,
//!    official markers inside a law article are its clauses, points (`——`, `一是`, `第一，`,
//!    `首先，`) need a run of two and an enclosing heading. A heading's parent is the nearest open
//!    heading of a higher rank, so levels never skip; when the numbering restarts under a new
//!    title line, that line opens a new part.
//! 5. **Corrections and user rules** ([`Options`]) come last and win.
//!
//! Everything is linear in the number of paragraphs, and only candidates are looked at twice.

mod layout_facts;
mod toc;
mod tree;

use std::ops::Range;

use super::patterns::Candidate;
use super::{Marker, Paragraph, ParagraphKind, Section};

/// A heading candidate at paragraph `para` (absolute index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cand {
    /// Index of the paragraph in the document.
    pub para: u32,
    /// What its opening looks like.
    pub candidate: Candidate,
}

/// How the structure is decided beyond the built-in rules.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Keep an [`Explanation`] for every candidate (`--outline --explain`).
    pub explain: bool,
    /// The reader's own corrections, applied last.
    pub corrections: Vec<Correction>,
    /// Heading and ignore rules from the config file.
    pub rules: Vec<UserRule>,
    /// What the file format said about its lines (Word heading styles, `<hN>`, tables).
    pub hints: Hints,
}

/// What a container format (Word, EPUB, HTML, ODF) says about the lines of its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hints {
    /// 1-based lines the format marks as headings, with their rank (1 = highest, `<h1>`).
    /// They sit above every family of the text's own grammar, which still applies below them.
    pub marked: Vec<(u32, u8)>,
    /// 1-based lines shown as they stand (table rows): never headings.
    pub preformatted: Vec<u32>,
    /// The book's own navigation (EPUB), as (line, depth): used only when neither marks nor
    /// the text's grammar find any heading, since it is often flat or lists non-sections.
    pub nav: Vec<(u32, u8)>,
    /// A PDF's pages: the 1-based line each page starts on (`:p12`), in page order.
    pub pages: Vec<u32>,
}

/// A correction of the section tree, stored with the document's state and keyed by the heading's
/// source line and text (so an edited file keeps the corrections whose lines are unchanged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// 1-based source line of the paragraph.
    pub line: u32,
    /// The paragraph's text (its first 64 characters), to check the line still holds it.
    pub text: String,
    /// What to do with it.
    pub action: CorrectionAction,
}

/// What a [`Correction`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorrectionAction {
    /// The heading is body text.
    NotHeading,
    /// The paragraph is a heading one level below the section it is in (`X`).
    MakeHeading,
    /// Move the heading (and its subtree) this many levels (negative: up).
    Shift(i8),
}

/// A heading or ignore rule from the config file.
#[derive(Debug, Clone)]
pub struct UserRule {
    /// Matched against the paragraph's text (trimmed).
    pub pattern: regex::Regex,
    /// What a match means.
    pub effect: RuleEffect,
}

/// What a [`UserRule`] does to a matching paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleEffect {
    /// Never a heading.
    Ignore,
    /// A heading at this level (1 = top).
    Level(u16),
    /// A heading ranked this many steps below (positive) or above the built-in family given by
    /// `relative_to` (a rank of [`super::patterns`]).
    Rank(u8),
}

/// Why a candidate became a heading or did not (`--outline --explain`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// Index of the paragraph.
    pub para: u32,
    /// 1-based source line.
    pub line: u32,
    /// The family's marker.
    pub marker: Marker,
    /// True when it became a heading.
    pub accepted: bool,
    /// The rule that decided (`sequence`, `standalone`, `clause of an article` …).
    pub reason: &'static str,
}

/// The decided structure of one document.
#[derive(Debug, Default)]
pub struct Resolved {
    /// Sections in pre-order.
    pub sections: Vec<Section>,
    /// Paragraphs whose kind is not [`ParagraphKind::Body`].
    pub kinds: Vec<(u32, ParagraphKind)>,
    /// The document title, from the title block.
    pub title: Option<Range<usize>>,
    /// With [`Options::explain`]: one entry per candidate, in document order.
    pub explanations: Vec<Explanation>,
}

/// Decides the section tree of a plain text (`text` with its `paras`) from the heading
/// candidates the parser found.
pub fn resolve(text: &str, paras: &[Paragraph], cands: &[Cand], opts: &Options) -> Resolved {
    resolve_in(TextView::Whole(text), paras, cands, opts)
}

/// The text the structure passes read paragraphs from: the whole text, or the paragraphs a
/// partly kept document kept (a read of any other notes a miss there).
#[derive(Debug, Clone, Copy)]
pub enum TextView<'a> {
    /// The whole text.
    Whole(&'a str),
    /// Some paragraphs' text ([`super::partial`]).
    Partial(&'a super::partial::PartialText),
}

impl<'a> TextView<'a> {
    /// The text of `range`, if it is there.
    pub fn get(self, range: Range<usize>) -> Option<&'a str> {
        match self {
            Self::Whole(text) => text.get(range),
            Self::Partial(partial) => partial.get(range),
        }
    }
}

/// [`resolve`] reading the paragraphs' text through `text`.
pub fn resolve_in(
    text: TextView<'_>,
    paras: &[Paragraph],
    cands: &[Cand],
    opts: &Options,
) -> Resolved {
    let facts = layout_facts::PageFacts::new(text, paras, &opts.hints.preformatted);
    let toc = toc::find(&facts, cands);
    let mut resolved = tree::build(&facts, cands, &toc, opts);
    if resolved.sections.is_empty() && !opts.hints.nav.is_empty() {
        let mut with_nav = opts.clone();
        with_nav.hints.marked.clone_from(&opts.hints.nav);
        resolved = tree::build(&facts, cands, &toc, &with_nav);
    }
    // paragraph kinds that are not headings
    for (i, &is_toc) in toc.iter().enumerate() {
        if is_toc {
            resolved.kinds.push((i as u32, ParagraphKind::Toc));
        } else if facts.preformatted[i] && !resolved.is_heading(i) {
            resolved.kinds.push((i as u32, ParagraphKind::Preformatted));
        }
    }
    resolved.kinds.sort_by_key(|&(i, _)| i);
    resolved
}

impl Resolved {
    fn is_heading(&self, para: usize) -> bool {
        self.sections
            .binary_search_by_key(&(para as u32), |s| s.para)
            .is_ok()
    }
}

#[cfg(test)]
mod tests;
