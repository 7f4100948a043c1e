//! The left part of the status line: the file's base name and the breadcrumb of the section
//! being read, fitted into the room the right part leaves.
//!
//! The deepest section is what the reader wants to know, so it keeps its room longest. When
//! the room runs short, things give way in this order: ancestors' titles shrink to their
//! labels (`第二编 › 第六章 › 第二百八十五条 业主…`; an ancestor without a label to a few
//! characters), the deepest title is cut to a comfortable width, the file name shrinks and
//! then goes, the deepest title is cut further, and last the ancestors become one `…`. (The
//! status line's key hints have given way before all of this: see [`wanted_width`].)

use crate::display::{AmbiguousWidth, str_width, truncate};

/// Widest an ancestor's full title is shown, in columns.
const ANCESTOR_MAX: usize = 16;
/// Widest an ancestor without a label is shown once ancestors are shortened.
const UNLABELLED_MAX: usize = 6;
/// The file name is shortened to this many columns before it is dropped.
const NAME_MIN: usize = 12;
/// The deepest title is cut to this before the name is shortened or the key hints go.
const DEEPEST_COMFORT: usize = 24;
/// The deepest title is never cut shorter than this while the ancestors' labels can go.
const DEEPEST_MIN: usize = 8;

const NAME_GAP: &str = " │ ";
const CRUMB_GAP: &str = " › ";

/// One section of the breadcrumb.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crumb<'a> {
    /// The section title.
    pub title: &'a str,
    /// Its label (`第六章`, `（一）`), if its marker has one.
    pub label: Option<&'a str>,
}

/// The base name of a path as shown (`/a/b/law.txt` → `law.txt`); other names as they are.
pub fn base_name(name: &str) -> &str {
    let trimmed = name.trim_end_matches('/');
    match trimmed.rsplit_once('/') {
        Some((_, base)) if !base.is_empty() => base,
        _ => name,
    }
}

/// How an ancestor is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ancestors {
    /// Titles, each at most [`ANCESTOR_MAX`] columns.
    Full,
    /// Labels (or a short start of the title).
    Labels,
    /// One `…` for them all.
    Elided,
}

/// One way to draw the left part, from the richest to the barest.
#[derive(Debug, Clone, Copy)]
struct Plan {
    ancestors: Ancestors,
    /// Columns for the name: `None` = whole, `Some(0)` = left out.
    name: Option<usize>,
    /// Columns for the deepest title: `None` = whole.
    deepest: Option<usize>,
}

const RICHEST: Plan = Plan {
    ancestors: Ancestors::Full,
    name: None,
    deepest: None,
};

/// The width the left part asks for before the right part gives up its key hints and long
/// words: the name, the ancestors' labels and the deepest title up to [`DEEPEST_COMFORT`].
pub fn wanted_width(name: &str, crumbs: &[Crumb<'_>], amb: AmbiguousWidth) -> usize {
    let deepest = crumbs
        .last()
        .map_or(0, |c| str_width(c.title, amb).min(DEEPEST_COMFORT));
    let plan = Plan {
        ancestors: Ancestors::Labels,
        name: None,
        deepest: Some(0),
    };
    str_width(&render(name, crumbs, plan, amb), amb) + deepest
}

/// The name and breadcrumb in at most `room` columns (see the module doc for what gives way).
pub fn fit(name: &str, crumbs: &[Crumb<'_>], room: usize, amb: AmbiguousWidth) -> String {
    if crumbs.is_empty() {
        return truncate(name, room, amb);
    }
    let with = |ancestors, name| Plan {
        ancestors,
        name,
        deepest: None,
    };
    for plan in [RICHEST, with(Ancestors::Labels, None)] {
        let s = render(name, crumbs, plan, amb);
        if str_width(&s, amb) <= room {
            return s;
        }
    }
    // the deepest title is cut: first beside the whole name, then a shortened one, down to
    // a comfortable width; then without the name; then beside one `…`
    let short_name = Some(NAME_MIN.min(str_width(name, amb)));
    let cuts = [
        (Ancestors::Labels, None, DEEPEST_COMFORT),
        (Ancestors::Labels, short_name, DEEPEST_COMFORT),
        (Ancestors::Labels, Some(0), DEEPEST_MIN),
        (Ancestors::Elided, Some(0), 0),
    ];
    for (ancestors, name_w, at_least) in cuts {
        let mut plan = with(ancestors, name_w);
        plan.deepest = Some(0);
        let others = str_width(&render(name, crumbs, plan, amb), amb);
        let left = room.saturating_sub(others);
        if left >= at_least {
            plan.deepest = Some(left);
            return truncate(&render(name, crumbs, plan, amb), room, amb);
        }
    }
    String::new()
}

fn render(name: &str, crumbs: &[Crumb<'_>], plan: Plan, amb: AmbiguousWidth) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some((deepest, ancestors)) = crumbs.split_last() {
        match plan.ancestors {
            Ancestors::Full => parts.extend(
                ancestors
                    .iter()
                    .map(|c| truncate(c.title, ANCESTOR_MAX, amb)),
            ),
            Ancestors::Labels => parts.extend(ancestors.iter().map(|c| match c.label {
                Some(l) => truncate(l, ANCESTOR_MAX, amb),
                None => truncate(c.title, UNLABELLED_MAX, amb),
            })),
            Ancestors::Elided if !ancestors.is_empty() => parts.push("…".to_owned()),
            Ancestors::Elided => {}
        }
        parts.push(match plan.deepest {
            Some(w) => truncate(deepest.title, w, amb),
            None => truncate(deepest.title, usize::MAX, amb),
        });
    }
    let crumbs = parts.join(CRUMB_GAP);
    let name = match plan.name {
        None => truncate(name, usize::MAX, amb),
        Some(0) if !crumbs.is_empty() => String::new(),
        Some(w) => truncate(name, w.max(1), amb),
    };
    match (name.is_empty(), crumbs.is_empty()) {
        (_, true) => name,
        (true, false) => crumbs,
        (false, false) => format!("{name}{NAME_GAP}{crumbs}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AMB: AmbiguousWidth = AmbiguousWidth::Narrow;

    fn law() -> Vec<Crumb<'static>> {
        vec![
            Crumb {
                title: "第二编 物权",
                label: Some("第二编"),
            },
            Crumb {
                title: "第六章 业主的建筑物区分所有权",
                label: Some("第六章"),
            },
            Crumb {
                title: "第二百八十五条 业主可以自行管理建筑物及其附属设施",
                label: Some("第二百八十五条"),
            },
        ]
    }

    #[test]
    fn base_names() {
        assert_eq!(base_name("/home/u/docs/民法典.txt"), "民法典.txt");
        assert_eq!(base_name("民法典.txt"), "民法典.txt");
        assert_eq!(base_name("(stdin)"), "(stdin)");
    }

    #[test]
    fn everything_fits_on_a_wide_line() {
        assert_eq!(
            fit("civil.txt", &law(), 200, AMB),
            "civil.txt │ 第二编 物权 › 第六章 业主的建… › \
             第二百八十五条 业主可以自行管理建筑物及其附属设施"
        );
    }

    #[test]
    fn ancestors_shrink_to_labels_before_the_article_is_cut() {
        assert_eq!(
            fit("civil.txt", &law(), 80, AMB),
            "civil.txt │ 第二编 › 第六章 › 第二百八十五条 业主可以自行管理建筑物及其附属设施"
        );
        // then the deepest title is cut beside the name, down to a comfortable width
        let s = fit("civil.txt", &law(), 70, AMB);
        assert_eq!(
            s,
            "civil.txt │ 第二编 › 第六章 › 第二百八十五条 业主可以自行管理建筑物及…"
        );
        assert!(str_width(&s, AMB) <= 70);
        // then the name goes
        let s = fit("civil.txt", &law(), 40, AMB);
        assert_eq!(s, "第二编 › 第六章 › 第二百八十五条 业主可…");
        assert!(str_width(&s, AMB) <= 40);
    }

    #[test]
    fn very_narrow_keeps_the_deepest() {
        let s = fit("civil.txt", &law(), 20, AMB);
        assert!(s.starts_with("… › 第二百八十五条"), "{s}");
        assert!(str_width(&s, AMB) <= 20);
    }

    #[test]
    fn no_sections_is_the_name() {
        assert_eq!(fit("a-rather-long-name.txt", &[], 10, AMB), "a-rather-…");
    }
}
