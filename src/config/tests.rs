#![allow(clippy::unwrap_used)]

use ratatui::crossterm::event::KeyCode;

use super::*;
use crate::keymap::{Action, KeyResult};
use crate::settings::RateOverride;

fn parse(text: &str) -> (Config, Vec<ConfigWarning>) {
    Config::parse(text, Path::new("/cfg/config.toml"))
}

/// The warnings as `line: message` strings.
fn messages(w: &[ConfigWarning]) -> Vec<String> {
    w.iter().map(ToString::to_string).collect()
}

/// Equality that ignores where key bindings were written.
fn same(a: &Config, b: &Config) -> bool {
    let strip = |c: &Config| {
        let mut c = c.clone();
        for k in &mut c.keys {
            k.line = 0;
        }
        c
    };
    strip(a) == strip(b)
}

const FULL: &str = r#"
theme = "light"
indent = 0
max_width = 100
ambiguous = "wide"
lang = "zh"

[rates]
read = 500
speak = 200

[keys.text]
"ctrl-f" = "page_down"
"x" = "none"
"g g" = "top"

[keys.outline]
"o" = "open_selected"

[keys.global]
"Q" = "quit"
"#;

#[test]
fn every_option_is_read() {
    let (c, w) = parse(FULL);
    assert!(w.is_empty(), "{:?}", messages(&w));
    assert_eq!(c.theme, Theme::Light);
    assert_eq!(c.indent, 0);
    assert_eq!(c.max_width, 100);
    assert_eq!(c.ambiguous, AmbiguousWidth::Wide);
    assert_eq!(c.lang, Some(Lang::Zh));
    assert_eq!(
        c.rates,
        Rates {
            read: 500,
            speak: 200
        }
    );
    assert_eq!(c.keys.len(), 5);
    assert_eq!(c.keys[0].line, 13);
    let mut keymap = c.keymap();
    let press = |code| {
        ratatui::crossterm::event::KeyEvent::new(
            code,
            ratatui::crossterm::event::KeyModifiers::NONE,
        )
    };
    assert_eq!(
        keymap.resolve(Scope::Global, &press(KeyCode::Char('Q'))),
        KeyResult::Action(Action::Quit)
    );
    assert_eq!(
        keymap.resolve(Scope::Outline, &press(KeyCode::Char('o'))),
        KeyResult::Action(Action::OpenSelected)
    );
}

#[test]
fn empty_file_is_the_defaults() {
    let (c, w) = parse("# nothing\n");
    assert!(w.is_empty());
    assert_eq!(c, Config::default());
    assert_eq!(c.indent, 2);
    assert_eq!(c.max_width, 80);
    assert_eq!(
        c.rates,
        Rates {
            read: 300,
            speak: 240
        }
    );
}

#[test]
fn syntax_error_names_the_line() {
    let (c, w) = parse("indent = 3\n\ntheme = \"dark\n");
    assert_eq!(c, Config::default());
    assert_eq!(w.len(), 1);
    assert!(matches!(w[0].problem, ConfigProblem::Syntax(_)));
    assert_eq!(w[0].line, Some(3), "{}", w[0]);
    assert!(
        w[0].to_string().starts_with("/cfg/config.toml:3: "),
        "{}",
        w[0]
    );
}

#[test]
fn each_kind_of_error_names_its_line_and_keeps_the_rest() {
    let text = "\
colour = \"red\"
indent = \"two\"
max_width = 0
theme = \"blue\"
ambiguous = \"medium\"
lang = \"fr\"
[rates]
read = 120
speak = -5
pace = 1
[keys.text]
\"ctrl-\" = \"page_down\"
\"z\" = \"fly\"
\"y\" = \"quit\"
\"shift-y\" = \"help\"
\"v\" = \"top\"
\"v w\" = \"bottom\"
\"c\" = \"set_mark\"
[keys.sidebar]
\"a\" = \"quit\"
";
    let (c, w) = parse(text);
    let m = messages(&w);
    let at = |line: usize, needle: &str| {
        assert!(
            m.iter()
                .any(|s| s.starts_with(&format!("/cfg/config.toml:{line}: ")) && s.contains(needle)),
            "no warning at line {line} containing {needle:?}: {m:#?}"
        );
    };
    at(1, "unknown key `colour`");
    at(2, "`indent` must be a whole number, not string");
    at(3, "`max_width` = 0 is out of range (1 to 65535)");
    at(4, "`theme` = \"blue\" is not valid");
    at(5, "`ambiguous` = \"medium\"");
    at(6, "`lang` = \"fr\"");
    at(9, "`rates.speak` = -5 is out of range");
    at(10, "unknown key `rates.pace`");
    at(12, "cannot read key \"ctrl-\"");
    at(13, "unknown action \"fly\"");
    // shift-y is Y, not y: no conflict; the v / v w pair conflicts and the later line goes
    at(17, "both a key and the start of a key sequence");
    at(18, "set_mark cannot be bound");
    at(19, "unknown key `keys.sidebar`");
    assert_eq!(w.len(), 13, "{m:#?}");
    // the good values are used, the bad ones keep their defaults
    assert_eq!(c.rates.read, 120);
    assert_eq!(c.rates.speak, 240);
    assert_eq!(c.indent, 2);
    assert_eq!(c.max_width, 80);
    assert_eq!(c.theme, Theme::Dark);
    let keys: Vec<&str> = c.keys.iter().map(|k| k.key.as_str()).collect();
    assert_eq!(keys, ["y", "shift-y", "v"]);
    assert!(Keymap::with_overrides(&c.key_overrides()).is_ok());
}

#[test]
fn duplicate_keys_after_normalising() {
    let (c, w) = parse("[keys.text]\n\"G\" = \"top\"\n\"shift-g\" = \"bottom\"\n");
    assert_eq!(w.len(), 1, "{:?}", messages(&w));
    assert_eq!(w[0].line, Some(3));
    assert!(w[0].to_string().contains("bound twice"), "{}", w[0]);
    assert_eq!(c.keys.len(), 1);
}

#[test]
fn wrong_table_types() {
    let (_, w) = parse("rates = 5\nkeys = \"x\"\n[x]\n");
    let m = messages(&w);
    assert_eq!(w.len(), 3, "{m:?}");
    assert!(m[0].contains("`rates` must be a table"), "{m:?}");
    assert!(m[1].contains("`keys` must be a table"), "{m:?}");
    assert!(m[2].contains(":3: unknown key `x`"), "{m:?}");
}

#[test]
fn print_config_round_trips() {
    for text in [FULL, ""] {
        let (c, _) = parse(text);
        let rendered = c.render_effective();
        let (back, w) = parse(&rendered);
        assert!(w.is_empty(), "{:?}\n{rendered}", messages(&w));
        assert!(same(&c, &back), "{c:?}\n{back:?}\n{rendered}");
    }
    let rendered = Config::default().render_effective();
    assert!(rendered.contains("# \"j\" = \"line_down\""), "{rendered}");
    assert!(rendered.contains("# lang = \"zh\""), "{rendered}");
    // an override hides the default it replaces
    let (c, _) = parse(FULL);
    let r = c.render_effective();
    assert!(r.contains("\"x\" = \"none\""), "{r}");
    assert!(!r.contains("# \"g\" = \"top\""), "{r}");
}

#[test]
fn command_line_wins_when_given() {
    let (mut c, _) = parse(FULL);
    let given = Overrides {
        indent: Some(4),
        rate: Some(RateOverride {
            read: 700,
            speak: None,
        }),
        theme: Some(Theme::Dark),
        ..Overrides::default()
    };
    c.apply_with_env(&given, |_| None);
    assert_eq!(c.indent, 4);
    assert_eq!(c.max_width, 100, "not given: the file's value stays");
    assert_eq!(
        c.rates,
        Rates {
            read: 700,
            speak: 200
        }
    );
    assert_eq!(c.theme, Theme::Dark);
    let given = Overrides {
        max_width: Some(60),
        ambiguous: Some(AmbiguousWidth::Narrow),
        lang: Some(Lang::En),
        rate: Some(RateOverride {
            read: 400,
            speak: Some(350),
        }),
        ..Overrides::default()
    };
    c.apply_with_env(&given, |_| None);
    assert_eq!(
        (c.max_width, c.ambiguous, c.lang, c.rates),
        (
            60,
            AmbiguousWidth::Narrow,
            Some(Lang::En),
            Rates {
                read: 400,
                speak: 350
            }
        )
    );
}

#[test]
fn no_color_unless_theme_given() {
    let env = |k: &str| (k == "NO_COLOR").then(|| "1".to_owned());
    let mut c = Config::default();
    c.apply_with_env(&Overrides::default(), env);
    assert_eq!(c.theme, Theme::Plain);
    let mut c = Config::default();
    let light = Overrides {
        theme: Some(Theme::Light),
        ..Overrides::default()
    };
    c.apply_with_env(&light, env);
    assert_eq!(c.theme, Theme::Light);
}

#[test]
fn lang_from_config_then_locale() {
    let zh = |k: &str| (k == "LANG").then(|| "zh_CN.UTF-8".to_owned());
    assert_eq!(Config::default().effective_lang(zh), Lang::Zh);
    let c = Config {
        lang: Some(Lang::En),
        ..Config::default()
    };
    assert_eq!(c.effective_lang(zh), Lang::En);
}

#[test]
fn file_lookup() {
    let env = |k: &str| (k == CONFIG_ENV).then(|| "/env/c.toml".to_owned());
    assert_eq!(
        config_path(Some(Path::new("/flag.toml")), env),
        Some(PathBuf::from("/flag.toml"))
    );
    assert_eq!(config_path(None, env), Some(PathBuf::from("/env/c.toml")));
    let tmp = tempfile::tempdir().unwrap();
    let (c, w) = Config::load_with_env(Some(&tmp.path().join("missing.toml")), |_| None);
    assert!(w.is_empty());
    assert_eq!(c, Config::default());
    // a directory is unreadable: one warning naming it
    let (_, w) = Config::load_with_env(Some(tmp.path()), |_| None);
    assert_eq!(w.len(), 1);
    assert!(matches!(w[0].problem, ConfigProblem::Unreadable(_)));
}

#[test]
fn speech_settings_are_read_checked_and_round_trip() {
    let (c, w) = parse("[speech]\ncountdown = 0\ntarget = \"1h10m\"\n");
    assert!(w.is_empty(), "{:?}", messages(&w));
    assert_eq!(
        c.speech,
        Speech {
            countdown: 0,
            target: Some(4200)
        }
    );
    let rendered = c.render_effective();
    let (back, w) = parse(&rendered);
    assert!(w.is_empty(), "{:?}\n{rendered}", messages(&w));
    assert_eq!(back.speech, c.speech, "{rendered}");
    assert_eq!(parse("").0.speech, Speech::default());
    let (c, w) = parse("[speech]\ncountdown = 99\ntarget = \"soon\"\nvoice = 1\n");
    assert_eq!(c.speech, Speech::default());
    let w = messages(&w);
    assert_eq!(w.len(), 3, "{w:?}");
    assert!(w[0].contains("speech.countdown"), "{w:?}");
    assert!(w[1].contains("speech.target"), "{w:?}");
    assert!(w[2].contains("speech.voice"), "{w:?}");
}

#[test]
fn the_citation_setting_is_read_checked_and_round_trips() {
    assert!(!parse("").0.cite);
    let (c, w) = parse("[study]\ncite = true\n");
    assert!(w.is_empty(), "{:?}", messages(&w));
    assert!(c.cite);
    let rendered = c.render_effective();
    let (back, w) = parse(&rendered);
    assert!(w.is_empty(), "{:?}\n{rendered}", messages(&w));
    assert!(back.cite, "{rendered}");
    let (c, w) = parse("[study]\ncite = \"yes\"\nquote = 1\n");
    assert!(!c.cite);
    let w = messages(&w);
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(w[0].contains("study.cite"), "{w:?}");
    assert!(w[1].contains("study.quote"), "{w:?}");
}
