//! Tests for the keymap: the default table, spellings, sequences and overrides.

use super::*;
use proptest::prelude::*;
use ratatui::crossterm::event::{KeyEventState, KeyModifiers};

fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

fn ch(c: char) -> KeyEvent {
    press(KeyCode::Char(c), KeyModifiers::NONE)
}

fn chord(s: &str) -> KeyChord {
    s.parse().expect("valid key")
}

fn overrides(list: &[(Scope, &str, &str)]) -> Vec<(Scope, String, String)> {
    list.iter()
        .map(|&(s, k, a)| (s, k.to_owned(), a.to_owned()))
        .collect()
}

#[test]
fn default_table_builds() {
    let map = Keymap::new(DEFAULT_BINDINGS).expect("default table");
    assert_eq!(map.bindings().len(), DEFAULT_BINDINGS.len());
}

#[test]
fn every_action_kind_has_a_binding() {
    let map = Keymap::default_keys();
    for action in Action::ALL {
        assert!(
            map.bindings()
                .iter()
                .any(|b| b.action.name() == action.name()),
            "{action} has no key"
        );
    }
}

#[test]
fn action_names_round_trip_and_are_unique() {
    let mut seen = HashSet::new();
    for &action in Action::ALL {
        let name = action.name();
        assert!(seen.insert(name.clone()), "duplicate name {name}");
        assert_eq!(Action::from_name(&name), Some(action), "{name}");
        assert!(!action.describe().is_empty());
        assert!(
            name.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        );
    }
    assert_eq!(
        Action::from_name("top_section_12"),
        Some(Action::TopSection(12))
    );
    assert_eq!(Action::from_name("top_section_0"), None);
    assert_eq!(Action::from_name("top_section_03"), None);
    assert_eq!(Action::from_name("nope"), None);
    assert_eq!(Action::HalfPageDown.name(), "half_page_down");
    assert_eq!(Action::NextHeading.name(), "next_heading");
    assert_eq!(Action::TopSection(3).name(), "top_section_3");
}

#[test]
fn chords_parse_and_display() {
    for s in [
        "j",
        "G",
        "ctrl-d",
        "pagedown",
        "space",
        "tab",
        "enter",
        "esc",
        "f1",
        "up",
        "<",
        "-",
        "ctrl--",
        "'",
        "alt-shift-up",
        "backtab",
        "f24",
    ] {
        assert_eq!(chord(s).to_string(), s);
    }
    assert_eq!(chord("shift-g"), chord("G"));
    assert_eq!(chord("PageDown"), chord("pagedown"));
    assert_eq!(chord("Ctrl-D").to_string(), "ctrl-D");
    assert_eq!(chord("ctrl-d").code, KeyCode::Char('d'));
    assert_eq!(chord("ctrl-d").modifiers, KeyModifiers::CONTROL);
    for bad in ["", "ctrl-", "pgdn", "f25", "f0", " ", "ctrl-foo"] {
        assert!(bad.parse::<KeyChord>().is_err(), "{bad:?} parsed");
    }
}

#[test]
fn triggers_parse_and_display() {
    for s in ["j", "' '", "m <letter>", "g g"] {
        assert_eq!(s.parse::<Trigger>().expect("trigger").to_string(), s);
    }
    assert!("a b c".parse::<Trigger>().is_err());
    assert_eq!("' '".parse::<Trigger>().expect("trigger").label(), "''");
    assert_eq!(
        "m <letter>".parse::<Trigger>().expect("trigger").label(),
        "m{letter}"
    );
}

fn any_code() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        any::<char>()
            .prop_filter("printable", |c| !c.is_whitespace() && !c.is_control())
            .prop_map(KeyCode::Char),
        Just(KeyCode::Char(' ')),
        (1..=MAX_F_TEST).prop_map(KeyCode::F),
        proptest::sample::select(vec![
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Backspace,
            KeyCode::Delete,
            KeyCode::Insert,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::PageUp,
            KeyCode::PageDown,
        ]),
    ]
}

const MAX_F_TEST: u8 = 24;

proptest! {
    #[test]
    fn chord_display_parse_round_trip(code in any_code(), bits in 0u8..8) {
        let mut modifiers = KeyModifiers::NONE;
        let flags = [(1, KeyModifiers::CONTROL), (2, KeyModifiers::ALT), (4, KeyModifiers::SHIFT)];
        for (bit, flag) in flags {
            if bits & bit != 0 {
                modifiers |= flag;
            }
        }
        let key = KeyChord::new(code, modifiers);
        let shown = key.to_string();
        let back: KeyChord = shown.parse().expect("displayed chord parses");
        prop_assert_eq!(back, key);
        prop_assert_eq!(back.to_string(), shown);
    }
}

#[test]
fn resolves_scope_first_then_global() {
    let mut map = Keymap::default_keys();
    assert_eq!(
        map.resolve(Scope::Text, &ch('j')),
        KeyResult::Action(Action::LineDown)
    );
    assert_eq!(
        map.resolve(Scope::Outline, &ch('j')),
        KeyResult::Action(Action::SelectNext)
    );
    assert_eq!(
        map.resolve(Scope::Outline, &ch('q')),
        KeyResult::Action(Action::Quit)
    );
    assert_eq!(
        map.resolve(Scope::Text, &ch(' ')),
        KeyResult::Action(Action::PageDown)
    );
    // in the outline Space pages like in the text; `z` folds (issue 12.2)
    assert_eq!(
        map.resolve(Scope::Outline, &ch(' ')),
        KeyResult::Action(Action::SelectPageDown)
    );
    assert_eq!(
        map.resolve(Scope::Outline, &ch('z')),
        KeyResult::Action(Action::ToggleFold)
    );
    assert_eq!(
        map.resolve(Scope::Outline, &ch('3')),
        KeyResult::Action(Action::TopSection(3))
    );
    // in the text, `z` starts `zl` / `zh`
    assert_eq!(map.resolve(Scope::Text, &ch('z')), KeyResult::Pending);
    map.cancel_pending();
    assert_eq!(map.resolve(Scope::Text, &ch('y')), KeyResult::Unbound);
    assert_eq!(
        map.resolve(Scope::Outline, &ch('J')),
        KeyResult::Action(Action::SelectNextSibling)
    );
    assert_eq!(map.resolve(Scope::Outline, &ch('y')), KeyResult::Unbound);
}

#[test]
fn real_key_events() {
    let mut map = Keymap::default_keys();
    let shift_g = press(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(
        map.resolve(Scope::Text, &shift_g),
        KeyResult::Action(Action::Bottom)
    );
    assert_eq!(
        map.resolve(Scope::Text, &ch('G')),
        KeyResult::Action(Action::Bottom)
    );
    let shift_lower = press(KeyCode::Char('g'), KeyModifiers::SHIFT);
    assert_eq!(
        map.resolve(Scope::Text, &shift_lower),
        KeyResult::Action(Action::Bottom)
    );
    let ctrl_d = press(KeyCode::Char('d'), KeyModifiers::CONTROL);
    assert_eq!(
        map.resolve(Scope::Text, &ctrl_d),
        KeyResult::Action(Action::HalfPageDown)
    );
    let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(
        map.resolve(Scope::Outline, &ctrl_c),
        KeyResult::Action(Action::Quit)
    );
    let down = press(KeyCode::Down, KeyModifiers::NONE);
    assert_eq!(
        map.resolve(Scope::Text, &down),
        KeyResult::Action(Action::LineDown)
    );
    let f1 = press(KeyCode::F(1), KeyModifiers::NONE);
    assert_eq!(
        map.resolve(Scope::Text, &f1),
        KeyResult::Action(Action::Help)
    );
    let tab = press(KeyCode::Tab, KeyModifiers::NONE);
    assert_eq!(
        map.resolve(Scope::Text, &tab),
        KeyResult::Action(Action::FocusOutline)
    );
    assert_eq!(
        map.resolve(Scope::Outline, &tab),
        KeyResult::Action(Action::FocusText)
    );
}

#[test]
fn releases_and_repeats_are_ignored() {
    let mut map = Keymap::default_keys();
    let release = KeyEvent::new_with_kind(
        KeyCode::Char('j'),
        KeyModifiers::NONE,
        KeyEventKind::Release,
    );
    assert_eq!(map.resolve(Scope::Text, &release), KeyResult::Unbound);
    let repeat = KeyEvent::new_with_kind_and_state(
        KeyCode::Char('j'),
        KeyModifiers::NONE,
        KeyEventKind::Repeat,
        KeyEventState::NONE,
    );
    assert_eq!(map.resolve(Scope::Text, &repeat), KeyResult::Unbound);
    // A release between the two keys of a sequence does not cancel it.
    assert_eq!(map.resolve(Scope::Text, &ch('m')), KeyResult::Pending);
    let m_up = KeyEvent::new_with_kind(
        KeyCode::Char('m'),
        KeyModifiers::NONE,
        KeyEventKind::Release,
    );
    assert_eq!(map.resolve(Scope::Text, &m_up), KeyResult::Unbound);
    assert_eq!(
        map.resolve(Scope::Text, &ch('x')),
        KeyResult::Action(Action::SetMark('x'))
    );
}

#[test]
fn pending_sequences() {
    let mut map = Keymap::default_keys();
    assert_eq!(map.resolve(Scope::Text, &ch('\'')), KeyResult::Pending);
    assert!(map.is_pending());
    assert_eq!(
        map.resolve(Scope::Text, &ch('\'')),
        KeyResult::Action(Action::JumpToggle)
    );
    assert!(!map.is_pending());

    assert_eq!(map.resolve(Scope::Text, &ch('\'')), KeyResult::Pending);
    assert_eq!(
        map.resolve(Scope::Text, &ch('b')),
        KeyResult::Action(Action::JumpMark('b'))
    );

    assert_eq!(map.resolve(Scope::Text, &ch('m')), KeyResult::Pending);
    assert_eq!(
        map.resolve(Scope::Text, &ch('Q')),
        KeyResult::Action(Action::SetMark('Q'))
    );
}

#[test]
fn esc_or_other_keys_cancel_a_sequence() {
    let mut map = Keymap::default_keys();
    let esc = press(KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(map.resolve(Scope::Text, &ch('m')), KeyResult::Pending);
    assert_eq!(map.resolve(Scope::Text, &esc), KeyResult::Unbound);
    assert!(!map.is_pending());
    // The cancelled state is gone: `j` scrolls again.
    assert_eq!(
        map.resolve(Scope::Text, &ch('j')),
        KeyResult::Action(Action::LineDown)
    );

    assert_eq!(map.resolve(Scope::Text, &ch('m')), KeyResult::Pending);
    assert_eq!(map.resolve(Scope::Text, &ch('1')), KeyResult::Unbound);
    assert_eq!(map.resolve(Scope::Text, &ch('\'')), KeyResult::Pending);
    let ctrl_a = press(KeyCode::Char('a'), KeyModifiers::CONTROL);
    assert_eq!(map.resolve(Scope::Text, &ctrl_a), KeyResult::Unbound);
    assert!(!map.is_pending());

    assert_eq!(map.resolve(Scope::Text, &ch('m')), KeyResult::Pending);
    map.cancel_pending();
    // (a letter bound to nothing on its own: `a` is the teleprompter, `z` starts `zl`)
    assert_eq!(map.resolve(Scope::Text, &ch('y')), KeyResult::Unbound);
}

#[test]
fn duplicates_and_prefix_conflicts_are_rejected() {
    let dup = Keymap::new(&[
        (Scope::Text, "j", Action::LineDown),
        (Scope::Text, "j", Action::LineUp),
    ]);
    assert!(matches!(
        dup,
        Err(KeymapError::Duplicate {
            scope: Scope::Text,
            ..
        })
    ));
    let other_scope = Keymap::new(&[
        (Scope::Text, "j", Action::LineDown),
        (Scope::Outline, "j", Action::SelectNext),
    ]);
    assert!(other_scope.is_ok());
    let prefix = Keymap::new(&[
        (Scope::Text, "'", Action::Top),
        (Scope::Text, "' '", Action::JumpBack),
    ]);
    assert!(matches!(prefix, Err(KeymapError::PrefixConflict { .. })));
    let prefix_after = Keymap::new(&[
        (Scope::Text, "' '", Action::JumpBack),
        (Scope::Text, "'", Action::Top),
    ]);
    assert!(matches!(
        prefix_after,
        Err(KeymapError::PrefixConflict { .. })
    ));
    let pattern = Keymap::new(&[(Scope::Text, "m <letter>", Action::Top)]);
    assert!(matches!(pattern, Err(KeymapError::BadPattern { .. })));
    let family = Keymap::new(&[(Scope::Text, "m", Action::SetMark('a'))]);
    assert!(matches!(family, Err(KeymapError::BadPattern { .. })));
    let bad_key = Keymap::new(&[(Scope::Text, "hyper-x", Action::Top)]);
    assert!(matches!(bad_key, Err(KeymapError::BadKey { .. })));
}

#[test]
fn overrides_replace_the_key_and_keep_other_defaults() {
    let o = overrides(&[
        (Scope::Text, "j", "page_down"),
        (Scope::Text, "x", "line_down"),
    ]);
    let mut map = Keymap::with_overrides(&o).expect("overrides");
    assert_eq!(
        map.resolve(Scope::Text, &ch('j')),
        KeyResult::Action(Action::PageDown)
    );
    assert_eq!(
        map.resolve(Scope::Text, &ch('x')),
        KeyResult::Action(Action::LineDown)
    );
    // LineDown keeps ↓; the outline's own `j` is untouched.
    let down = press(KeyCode::Down, KeyModifiers::NONE);
    assert_eq!(
        map.resolve(Scope::Text, &down),
        KeyResult::Action(Action::LineDown)
    );
    assert_eq!(
        map.resolve(Scope::Outline, &ch('j')),
        KeyResult::Action(Action::SelectNext)
    );
    let help = map.help();
    let line_down = help
        .iter()
        .find(|r| r.description == Action::LineDown.describe())
        .expect("row");
    assert_eq!(line_down.keys, "↓ x");
}

#[test]
fn overrides_can_unbind_and_rebind_sequences() {
    let o = overrides(&[
        (Scope::Text, "down", "none"),
        (Scope::Text, "'", "top"),
        (Scope::Text, "` <letter>", "jump_mark"),
    ]);
    let mut map = Keymap::with_overrides(&o).expect("overrides");
    let down = press(KeyCode::Down, KeyModifiers::NONE);
    assert_eq!(map.resolve(Scope::Text, &down), KeyResult::Unbound);
    // `'` alone replaced both `''` and `'<letter>`.
    assert_eq!(
        map.resolve(Scope::Text, &ch('\'')),
        KeyResult::Action(Action::Top)
    );
    assert_eq!(map.resolve(Scope::Text, &ch('`')), KeyResult::Pending);
    assert_eq!(
        map.resolve(Scope::Text, &ch('c')),
        KeyResult::Action(Action::JumpMark('c'))
    );
}

#[test]
fn override_errors_are_all_reported() {
    let o = overrides(&[
        (Scope::Text, "j", "fly"),
        (Scope::Text, "nokey", "top"),
        (Scope::Text, "z", "top"),
        (Scope::Text, "z", "bottom"),
        (Scope::Text, "z <letter>", "bottom"),
    ]);
    let errors = Keymap::with_overrides(&o).expect_err("bad overrides");
    assert!(errors.contains(&KeymapError::UnknownAction("fly".to_owned())));
    assert!(
        errors
            .iter()
            .any(|e| matches!(e, KeymapError::BadKey { .. }))
    );
    assert!(
        errors
            .iter()
            .any(|e| matches!(e, KeymapError::Duplicate { .. }))
    );
    assert!(
        errors
            .iter()
            .any(|e| matches!(e, KeymapError::BadPattern { .. }))
    );
    // Overrides in one list that clash with each other are caught by the index.
    let clash = overrides(&[(Scope::Text, "z", "top"), (Scope::Text, "z z", "bottom")]);
    let errors = Keymap::with_overrides(&clash).expect_err("clash");
    assert!(
        errors
            .iter()
            .any(|e| matches!(e, KeymapError::PrefixConflict { .. }))
    );
}

#[test]
fn help_groups_keys_per_action_in_table_order() {
    let help = Keymap::default_keys().help();
    assert_eq!(
        help[0],
        HelpRow {
            scope: Scope::Text,
            keys: "j ↓".to_owned(),
            description: "Scroll one line down"
        }
    );
    let row = |d: &str, s: Scope| {
        help.iter()
            .find(|r| r.description == d && r.scope == s)
            .expect(d)
            .keys
            .clone()
    };
    assert_eq!(
        row(Action::PageDown.describe(), Scope::Text),
        "Space f PgDn"
    );
    assert_eq!(row(Action::JumpBack.describe(), Scope::Text), "Ctrl-o");
    assert_eq!(row(Action::JumpToggle.describe(), Scope::Text), "''");
    assert_eq!(
        row(Action::SetMark('a').describe(), Scope::Text),
        "m{letter}"
    );
    assert_eq!(
        row(Action::TopSection(1).describe(), Scope::Global),
        "1 2 3 4 5 6 7 8 9"
    );
    assert_eq!(row(Action::OpenAll.describe(), Scope::Outline), "+ =");
    assert_eq!(row(Action::Quit.describe(), Scope::Global), "q Ctrl-c");
    let keys: usize = help.iter().map(|r| r.keys.split(' ').count()).sum();
    assert_eq!(
        keys,
        DEFAULT_BINDINGS.len(),
        "every binding is on the help screen"
    );
}

/// Position of each variant; exhaustive, so a new variant must be added here and to `ALL`.
const fn ordinal(action: Action) -> usize {
    match action {
        Action::LineDown => 0,
        Action::LineUp => 1,
        Action::PageDown => 2,
        Action::PageUp => 3,
        Action::HalfPageDown => 4,
        Action::HalfPageUp => 5,
        Action::Top => 6,
        Action::Bottom => 7,
        Action::NextHeading => 8,
        Action::PrevHeading => 9,
        Action::NextSibling => 10,
        Action::PrevSibling => 11,
        Action::Parent => 12,
        Action::TopSection(_) => 13,
        Action::GoTo => 14,
        Action::Search => 15,
        Action::NextMatch => 16,
        Action::PrevMatch => 17,
        Action::JumpBack => 18,
        Action::JumpForward => 19,
        Action::SetMark(_) => 20,
        Action::JumpMark(_) => 21,
        Action::ListMarks => 22,
        Action::FocusOutline => 23,
        Action::FocusText => 24,
        Action::ToggleOutline => 25,
        Action::NarrowOutline => 26,
        Action::WidenOutline => 27,
        Action::ToggleOutlineInfo => 28,
        Action::SelectNext => 29,
        Action::SelectPrev => 30,
        Action::OpenSelected => 31,
        Action::FoldOrParent => 32,
        Action::Unfold => 33,
        Action::ToggleFold => 34,
        Action::FoldAll => 35,
        Action::OpenAll => 36,
        Action::Help => 37,
        Action::Cancel => 38,
        Action::Reload => 39,
        Action::Quit => 40,
        Action::Submit => 41,
        Action::ClearInput => 42,
        Action::DeleteWord => 43,
        Action::DeleteChar => 44,
        Action::Teleprompter => 45,
        Action::Rehearse => 46,
        Action::Faster => 47,
        Action::Slower => 48,
        Action::PauseResume => 49,
        Action::SelectFirst => 50,
        Action::SelectLast => 51,
        Action::SelectPageDown => 52,
        Action::SelectPageUp => 53,
        Action::SelectHalfPageDown => 54,
        Action::SelectHalfPageUp => 55,
        Action::SelectNextSibling => 56,
        Action::SelectPrevSibling => 57,
        Action::SelectParent => 58,
        Action::NotHeading => 59,
        Action::HeadingUp => 60,
        Action::HeadingDown => 61,
        Action::MakeHeading => 62,
        Action::StartSelection => 74,
        Action::SelectParagraph => 75,
        Action::SentenceForward => 76,
        Action::SentenceBack => 77,
        Action::ExtendLineDown => 78,
        Action::ExtendLineUp => 79,
        Action::ParagraphForward => 80,
        Action::ParagraphBack => 81,
        Action::CopySelection => 82,
        Action::CopyCited => 83,
        Action::CopySection => 84,
        Action::Highlight => 85,
        Action::Annotate => 86,
        Action::ListNotes => 87,
        Action::ExportNotes => 88,
        Action::DeleteNote => 89,
        Action::UndoDelete => 90,
        Action::EditNote => 91,
        Action::NewLine => 92,
        Action::HistoryPrev => 63,
        Action::HistoryNext => 64,
        Action::JumpToggle => 65,
        Action::Suspend => 66,
        Action::ScrollRight => 67,
        Action::ScrollLeft => 68,
        Action::PickNext => 69,
        Action::PickPrev => 70,
        Action::FilterOutline => 71,
        Action::ToggleLiteral => 72,
        Action::SearchResults => 73,
        Action::Shelf => 93,
    }
}

#[test]
fn all_lists_every_variant() {
    let covered: HashSet<usize> = Action::ALL.iter().map(|&a| ordinal(a)).collect();
    // the ordinals are 0..N with no gap
    assert_eq!(covered, (0..covered.len()).collect::<HashSet<_>>());
    assert_eq!(
        covered.len(),
        Action::ALL.len() - 8,
        "TopSection is listed 9 times"
    );
}
