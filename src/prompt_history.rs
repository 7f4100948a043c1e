//! What was typed at the `/` and `:` prompts, for ↑/↓ in the prompt and for an empty Enter
//! (which repeats the last entry). Pure data; saved in the state directory by the shell
//! (`history.json`, see [`crate::state`]). The histories are the reader's, not a document's:
//! a search typed in one document is offered in the next, as in less and vim.

use serde::{Deserialize, Serialize};

/// Entries kept per prompt.
pub const MAX_ENTRIES: usize = 200;

/// One prompt's history, oldest first, without duplicates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct History {
    entries: Vec<String>,
}

/// Where ↑/↓ are in a history while a prompt is open.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recall {
    /// The entry shown, `None` while editing the prompt's own text.
    at: Option<usize>,
    /// The prompt's own text, kept while older entries are shown.
    draft: String,
}

/// Which way ↑/↓ go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// ↑: an older entry.
    Older,
    /// ↓: a newer entry, then the prompt's own text again.
    Newer,
}

impl Recall {
    /// True while ↑/↓ show a history entry rather than what was typed.
    pub const fn is_recalling(&self) -> bool {
        self.at.is_some()
    }
}

impl History {
    /// A history of `entries`, oldest first (duplicates and blanks dropped, newest kept).
    pub fn from_entries(entries: impl IntoIterator<Item = String>) -> Self {
        let mut h = Self::default();
        for e in entries {
            h.push(&e);
        }
        h
    }

    /// Adds `entry` as the newest (an equal older entry moves up); blank entries are ignored.
    pub fn push(&mut self, entry: &str) {
        let entry = entry.trim();
        if entry.is_empty() {
            return;
        }
        self.entries.retain(|e| e != entry);
        self.entries.push(entry.to_owned());
        let extra = self.entries.len().saturating_sub(MAX_ENTRIES);
        self.entries.drain(..extra);
    }

    /// The newest entry.
    pub fn last(&self) -> Option<&str> {
        self.entries.last().map(String::as_str)
    }

    /// The entries, oldest first.
    pub fn entries(&self) -> &[String] {
        &self.entries
    }

    /// Puts `earlier` (a history saved before) below this one's entries.
    pub fn put_before(&mut self, earlier: &Self) {
        let mine = std::mem::take(&mut self.entries);
        *self = Self::from_entries(earlier.entries.iter().cloned().chain(mine));
    }

    /// ↑ or ↓ in a prompt showing `input`: replaces it with the entry reached (or the prompt's
    /// own text when ↓ leaves the history). Nothing happens past the oldest entry.
    pub fn step(&self, recall: &mut Recall, input: &mut String, step: Step) {
        let next = match (step, recall.at) {
            (Step::Older, None) => self.entries.len().checked_sub(1),
            (Step::Older, Some(i)) => Some(i.saturating_sub(1)),
            (Step::Newer, Some(i)) if i + 1 < self.entries.len() => Some(i + 1),
            (Step::Newer, _) => None,
        };
        match next {
            Some(i) => {
                if recall.at.is_none() {
                    recall.draft = std::mem::take(input);
                }
                input.clone_from(&self.entries[i]);
                recall.at = Some(i);
            }
            None if recall.at.is_some() => {
                *input = std::mem::take(&mut recall.draft);
                recall.at = None;
            }
            None => {}
        }
    }
}

/// The histories of both prompts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PromptHistories {
    /// `/`.
    pub search: History,
    /// `:`.
    pub goto: History,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(entries: &[&str]) -> History {
        History::from_entries(entries.iter().map(|&e| e.to_owned()))
    }

    #[test]
    fn entries_are_unique_newest_last_and_bounded() {
        let mut h = history(&["甲", "乙", " ", "丙"]);
        assert_eq!(h.entries(), ["甲", "乙", "丙"]);
        h.push("甲");
        assert_eq!(h.entries(), ["乙", "丙", "甲"]);
        assert_eq!(h.last(), Some("甲"));
        for i in 0..MAX_ENTRIES + 5 {
            h.push(&i.to_string());
        }
        assert_eq!(h.entries().len(), MAX_ENTRIES);
        assert_eq!(h.last(), Some((MAX_ENTRIES + 4).to_string().as_str()));
    }

    #[test]
    fn up_and_down_walk_the_history_and_come_back_to_the_draft() {
        let h = history(&["第三编", "510条", "L120"]);
        let mut recall = Recall::default();
        let mut input = "五百".to_owned();
        h.step(&mut recall, &mut input, Step::Older);
        assert_eq!(input, "L120");
        h.step(&mut recall, &mut input, Step::Older);
        assert_eq!(input, "510条");
        h.step(&mut recall, &mut input, Step::Older);
        h.step(&mut recall, &mut input, Step::Older);
        assert_eq!(input, "第三编", "stops at the oldest");
        h.step(&mut recall, &mut input, Step::Newer);
        assert_eq!(input, "510条");
        h.step(&mut recall, &mut input, Step::Newer);
        h.step(&mut recall, &mut input, Step::Newer);
        assert_eq!(input, "五百", "the prompt's own text again");
        h.step(&mut recall, &mut input, Step::Newer);
        assert_eq!(input, "五百");
        let empty = History::default();
        empty.step(&mut recall, &mut input, Step::Older);
        assert_eq!(input, "五百");
    }

    #[test]
    fn a_saved_history_goes_below_what_was_typed_since() {
        let mut h = history(&["new", "both"]);
        h.put_before(&history(&["old", "both"]));
        assert_eq!(h.entries(), ["old", "new", "both"]);
    }
}
