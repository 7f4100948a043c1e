//! `:*query`: go to a heading in any document of the shelf. The `*` prefix turns the `:`
//! picker's list into one over the headings of every document (this one's and those the
//! session sent with the shelf, [`Shelf::headings`]), ranked by the same matcher
//! ([`crate::heading_match::Query`]), this document's first at equal rank, then the others in
//! shelf order. Enter on a heading of this document jumps there; on another's, it asks the
//! shell to switch ([`Effect::Switch`]) and go to that section once switched (once loaded,
//! for a document opened by the switch).
//!
//! The headings of documents not opened yet come from the session's background gatherer; until
//! it is done ([`Shelf::gathering`]) the list is refreshed as they arrive, and its title says
//! `…`.

use std::sync::Arc;

use super::shelf::{DocHeadings, Shelf};
use super::{App, Effect};
use crate::heading_match::{MatchRank, Query, Scratch};

/// The prefix of a `:` query over the whole shelf.
pub const SHELF_PREFIX: char = '*';

/// Most headings listed for a shelf query.
const SHELF_LIMIT: usize = 200;

/// One heading found on the shelf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShelfHit {
    /// The document's index on the shelf.
    pub doc: usize,
    /// The section in it.
    pub section: usize,
    /// Its title, for the list.
    pub title: String,
    /// How well it matched.
    pub rank: MatchRank,
}

/// The query of a shelf search: what follows the prefix, if `input` has it.
pub fn shelf_query(input: &str) -> Option<&str> {
    input.trim_start().strip_prefix(SHELF_PREFIX)
}

/// The best headings for `query` among `current`'s (document `here`) and the other open
/// documents', best rank first; at equal rank this document's, then the shelf's order.
pub fn shelf_hits<'a>(
    query: &str,
    here: usize,
    current: impl Iterator<Item = &'a str>,
    others: &[Arc<DocHeadings>],
) -> Vec<ShelfHit> {
    let Some(query) = Query::new(query) else {
        return Vec::new();
    };
    let mut scratch = Scratch::default();
    let mut hits = Vec::new();
    let mut rank_all = |doc: usize, titles: &mut dyn Iterator<Item = &str>| {
        for (section, title) in titles.enumerate() {
            if let Some(rank) = query.rank_with(title, &mut scratch) {
                hits.push(ShelfHit {
                    doc,
                    section,
                    title: title.to_owned(),
                    rank,
                });
            }
        }
    };
    rank_all(here, &mut { current });
    for d in others.iter().filter(|d| d.doc != here) {
        rank_all(d.doc, &mut d.titles.iter().map(String::as_str));
    }
    finish(hits, here)
}

/// `hits` (a list [`shelf_hits`] made) with the headings of documents that arrived since,
/// `more`, ranked in: only the new headings are ranked, so headings gathered while `:*` is
/// open cost a turn of the loop in proportion to what arrived, not to the whole shelf. The
/// same list as ranking everything again (the order is total; what fell off the end was
/// behind what stays).
pub fn more_shelf_hits(
    query: &str,
    here: usize,
    mut hits: Vec<ShelfHit>,
    more: &[Arc<DocHeadings>],
) -> Vec<ShelfHit> {
    hits.extend(shelf_hits(query, here, std::iter::empty(), more));
    finish(hits, here)
}

/// Best rank first; at equal rank this document's, then the shelf's order, each in its own
/// order; the first [`SHELF_LIMIT`].
fn finish(mut hits: Vec<ShelfHit>, here: usize) -> Vec<ShelfHit> {
    hits.sort_by_key(|h| (h.rank, h.doc != here, h.doc, h.section));
    hits.truncate(SHELF_LIMIT);
    hits
}

impl App {
    /// The shelf hits for what is typed at `:`, when it asks the shelf (`*…`) and there is one.
    pub(super) fn shelf_candidates(&self, input: &str) -> Option<Vec<ShelfHit>> {
        let query = shelf_query(input)?;
        let books: &Shelf = self.shelf.as_ref()?;
        let doc = &self.doc;
        let titles = (0..doc.sections.len()).map(|s| doc.section_title(s));
        Some(shelf_hits(query, books.current, titles, &books.headings))
    }

    /// Enter on a shelf hit: this document's heading is gone to; another's asks the shell to
    /// switch there.
    pub(super) fn go_shelf_hit(&mut self, hit: &ShelfHit) {
        let here = self.shelf.as_ref().map(|s| s.current);
        if here == Some(hit.doc) {
            self.remember();
            self.show_section(hit.section);
        } else {
            self.effects.push(Effect::Switch {
                doc: hit.doc,
                section: Some(hit.section),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::shelf_test_support::{reader_on_shelf, type_keys};

    fn doc(doc: usize, titles: &[&str]) -> Arc<DocHeadings> {
        Arc::new(DocHeadings {
            doc,
            titles: titles.iter().map(|&t| t.to_owned()).collect(),
        })
    }

    #[test]
    fn only_a_starred_query_asks_the_shelf() {
        assert_eq!(shelf_query("*监督"), Some("监督"));
        assert_eq!(shelf_query("  *jd"), Some("jd"));
        assert_eq!(shelf_query("监督"), None);
    }

    #[test]
    fn headings_of_every_open_document_best_rank_first_this_one_first() {
        let others = [
            doc(0, &["第一章 总则", "第二章 监督管理"]),
            doc(2, &["监督", "附则"]),
        ];
        let here = ["第一节 监督检查", "第二节 其他"];
        let hits = shelf_hits("监督", 1, here.into_iter(), &others);
        let found: Vec<(usize, usize, MatchRank)> =
            hits.iter().map(|h| (h.doc, h.section, h.rank)).collect();
        assert_eq!(
            found,
            [
                (2, 0, MatchRank::TitlePrefix),
                (1, 0, MatchRank::Substring),
                (0, 1, MatchRank::Substring),
            ]
        );
        assert_eq!(hits[2].title, "第二章 监督管理");
        // the same document among the others is not counted twice
        let twice = shelf_hits("监督", 0, ["第二章 监督管理"].into_iter(), &others);
        assert_eq!(twice.len(), 2);
    }

    /// A reader of document 1 on a shelf of three, documents 0 and 2 opened before.
    fn reader() -> App {
        reader_on_shelf(
            "第一章 总则\n\n甲。\n\n第二章 监督检查\n\n乙。\n",
            vec![
                doc(0, &["第一章 附则", "第二章 监督管理办法"]),
                doc(2, &["监督"]),
            ],
        )
    }

    #[test]
    fn a_starred_go_to_lists_every_open_documents_headings_and_switches_to_one() {
        let mut app = reader();
        let _ = type_keys(&mut app, ":*监督");
        let hits = app.picker().map(|p| p.shelf_hits().to_vec()).unwrap();
        let found: Vec<(usize, usize)> = hits.iter().map(|h| (h.doc, h.section)).collect();
        // 监督 is document 2's whole title (a prefix), then the substrings, this one's first
        assert_eq!(found, [(2, 0), (1, 1), (0, 1)]);
        // Enter on the first: another document, so a switch to its section
        let effects = type_keys(&mut app, "\n");
        let to_c = Effect::Switch {
            doc: 2,
            section: Some(0),
        };
        assert!(effects.contains(to_c), "{effects:?}");
        // down to this document's heading: a jump here, no switch
        let _ = type_keys(&mut app, ":*监督↓");
        let effects = type_keys(&mut app, "\n");
        assert!(effects.is_empty(), "{effects:?}");
        assert_eq!(app.current_section(), Some(1));
    }

    #[test]
    fn without_the_star_the_list_is_this_documents_own() {
        let mut app = reader();
        let _ = type_keys(&mut app, ":监督");
        let picker = app.picker().unwrap();
        assert!(picker.shelf_hits().is_empty());
        assert_eq!(picker.candidates(), [1]);
    }

    #[test]
    fn headings_arriving_later_are_ranked_in_as_if_all_were_ranked_at_once() {
        let all = [
            doc(0, &["第一章 总则", "第二章 监督管理"]),
            doc(2, &["监督", "附则"]),
            doc(3, &["监督检查", "第九章 监督"]),
        ];
        let here = ["第一节 监督检查", "第二节 其他"];
        let at_once = shelf_hits("监督", 1, here.into_iter(), &all);
        let first = shelf_hits("监督", 1, here.into_iter(), &all[..1]);
        let later = more_shelf_hits("监督", 1, first, &all[1..]);
        assert_eq!(later, at_once);
    }

    #[test]
    fn an_empty_query_finds_nothing() {
        assert!(shelf_hits(" ", 0, ["甲"].into_iter(), &[]).is_empty());
    }
}
