//! Placeholder until the layout branch lands: control characters made visible.

use std::borrow::Cow;

/// Replaces control and invisible format characters by visible markers.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() && c != '\t') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\t' => "\t".to_owned(),
                c if (c as u32) < 0x20 => format!("^{}", char::from(b'@' + c as u8)),
                '\u{7F}' => "^?".to_owned(),
                c if c.is_control() => format!("<U+{:04X}>", c as u32),
                c => c.to_string(),
            })
            .collect(),
    )
}
