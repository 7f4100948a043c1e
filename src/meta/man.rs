//! The man page's own sections after clap's (NAME, SYNOPSIS, OPTIONS…): KEYS, FILES,
//! ENVIRONMENT and EXIT STATUS, in roff.
//!
//! KEYS is generated from the key table ([`Keymap::help`], in [`Scope::HELP_ORDER`]), the
//! same rows the `?` help screen shows, so the three never disagree; FILES and ENVIRONMENT
//! name the constants the config and state modules read.

use std::fmt::Write as _;

use crate::i18n::{Lang, scope_name};
use crate::keymap::{Keymap, Scope};

/// The KEYS, FILES, ENVIRONMENT and EXIT STATUS sections for `keymap`.
pub fn extra_sections(keymap: &Keymap) -> String {
    let mut out = String::new();
    keys_section(keymap, &mut out);
    out.push_str(FILES_AND_MORE);
    out
}

/// `.SH KEYS`: one `.SS` per scope, one `.TP` per help row.
fn keys_section(keymap: &Keymap, out: &mut String) {
    out.push_str(".SH KEYS\n");
    out.push_str(
        "Every key can be rebound in the [keys] table of the config file \
         (see gangmu \\-\\-print\\-config). Inside the reader, ? or F1 shows the same list.\n",
    );
    let rows = keymap.help();
    for scope in Scope::HELP_ORDER {
        let _ = writeln!(out, ".SS {}", escape(scope_name(scope, Lang::En)));
        for row in rows.iter().filter(|r| r.scope == scope) {
            let keys: Vec<String> = row
                .keys
                .split(' ')
                .map(|k| format!("\\fB{}\\fR", escape(k)))
                .collect();
            let _ = writeln!(out, ".TP\n{}\n{}", keys.join(", "), escape(row.description));
        }
    }
}

/// FILES, ENVIRONMENT and EXIT STATUS (what `config.rs`, `state.rs` and `main.rs` do).
const FILES_AND_MORE: &str = r#".SH FILES
.TP
\fI~/.config/gangmu/config.toml\fR
The config file (the platform's config directory; \fB\-\-config\fR and \fBGANGMU_CONFIG\fR override it).
Unknown keys and bad values are reported with file and line; the reader still starts.
.TP
\fI~/.local/state/gangmu/positions.json\fR, \fImarks.json\fR, \fIrehearsals.json\fR, \fInotes.json\fR
Reading positions, marks, rehearsals, highlights and notes, keyed by a hash of the document's content
(\fB$XDG_STATE_HOME/gangmu\fR; \fB\-\-state\-dir\fR and \fBGANGMU_STATE_DIR\fR override it).
Written atomically under a lock; a damaged file is copied aside as \fIpositions.json.corrupt\-…\fR.
gangmu never writes to the documents it reads.
.TP
\fI~/.local/state/gangmu/NAME.notes.md\fR
The notes of \fINAME.txt\fR as Markdown, written by the reader's export key (\fBE\fR).
.SH ENVIRONMENT
.TP
\fBGANGMU_CONFIG\fR
The config file to read instead of the default one.
.TP
\fBGANGMU_STATE_DIR\fR
The directory for positions, marks and rehearsals.
.TP
\fBXDG_STATE_HOME\fR
The base of the default state directory.
.TP
\fBNO_COLOR\fR
When set and not empty, the plain theme: no colour, only bold, reverse, underline and dim.
.TP
\fBLC_ALL\fR, \fBLC_MESSAGES\fR, \fBLANG\fR
The first one set chooses the language of the reader's own words: Chinese when it starts with \fIzh\fR, English otherwise (\fB\-\-lang\fR overrides it).
.SH "EXIT STATUS"
.TP
\fB0\fR
Success, including a reader closed with q, Ctrl\-c or a signal it handles, and output piped into a program that stopped reading.
.TP
\fB1\fR
An error: the file cannot be read, is binary (without \fB\-\-force\fR) or is a device; a meta command failed. The error is one line on standard error naming the file.
.TP
\fB2\fR
A usage error on the command line.
"#;

/// Text made safe for roff: backslashes and hyphens escaped, a leading `.` or `'` guarded.
fn escape(text: &str) -> String {
    let body = text.replace('\\', "\\e").replace('-', "\\-");
    if body.starts_with(['.', '\'']) {
        format!("\\&{body}")
    } else {
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CONFIG_ENV;
    use crate::state::STATE_DIR_ENV;

    #[test]
    fn every_binding_is_in_the_keys_section_under_its_scope() {
        let keymap = Keymap::default_keys();
        let page = extra_sections(&keymap);
        for b in keymap.bindings() {
            let heading = format!(".SS {}\n", scope_name(b.scope, Lang::En));
            let start = page.find(&heading).unwrap_or_else(|| panic!("{heading}"));
            let rest = &page[start + heading.len()..];
            let section = rest.split(".SS ").next().unwrap_or(rest);
            let key = format!("\\fB{}\\fR", escape(&b.trigger.label()));
            assert!(
                section.contains(&key),
                "{} {key} ({}) is missing from the man page",
                b.scope,
                b.action.name()
            );
        }
    }

    #[test]
    fn the_sections_are_there_and_name_the_variables() {
        let page = extra_sections(&Keymap::default_keys());
        for section in [
            ".SH KEYS",
            ".SH FILES",
            ".SH ENVIRONMENT",
            ".SH \"EXIT STATUS\"",
        ] {
            assert!(page.contains(section), "{section}");
        }
        // the names the config and state modules read
        for var in [CONFIG_ENV, STATE_DIR_ENV, "NO_COLOR", "XDG_STATE_HOME"] {
            assert!(page.contains(&format!("\\fB{var}\\fR")), "{var}");
        }
    }

    #[test]
    fn roff_escapes() {
        assert_eq!(escape("Ctrl-d"), "Ctrl\\-d");
        assert_eq!(escape("''"), "\\&''");
        assert_eq!(escape(".x"), "\\&.x");
        assert_eq!(escape("a\\b"), "a\\eb");
    }
}
