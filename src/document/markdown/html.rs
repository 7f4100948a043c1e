//! HTML in Markdown shown as its text: tags, comments and the contents of `<script>` and
//! `<style>` dropped, the common character references decoded. Not an HTML parser: a tag is
//! `<` followed by a letter, `/` or `!`, up to the next `>`, and a tag may go on over several
//! lines (the state is kept between calls).

/// What the last line left open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Open {
    /// In text.
    #[default]
    Text,
    /// Inside a tag's `<…>`.
    Tag,
    /// Inside `<!-- … -->`.
    Comment,
    /// Inside `<script>…</script>` or `<style>…</style>` (the end tag awaited).
    Raw(&'static str),
}

/// Strips the tags of HTML fed line by line.
#[derive(Debug, Default)]
pub struct Stripper {
    open: Open,
    /// The tag being read (its name decides whether a raw element opens).
    tag: String,
}

impl Stripper {
    /// The text of one line (or any piece) of HTML, tags removed.
    pub fn strip(&mut self, html: &str) -> String {
        let mut out = String::new();
        let mut rest = html;
        while !rest.is_empty() {
            match self.open {
                Open::Text => {
                    let Some(i) = rest.find('<') else {
                        out.push_str(rest);
                        break;
                    };
                    out.push_str(before(rest, i));
                    let after = from(rest, i + 1);
                    if let Some(comment) = after.strip_prefix("!--") {
                        self.open = Open::Comment;
                        rest = comment;
                    } else if after
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!')
                    {
                        self.open = Open::Tag;
                        self.tag.clear();
                        rest = after;
                    } else {
                        out.push('<');
                        rest = after;
                    }
                }
                Open::Tag => {
                    let Some(i) = rest.find('>') else {
                        self.tag.push_str(rest);
                        break;
                    };
                    {
                        self.tag.push_str(before(rest, i));
                        rest = from(rest, i + 1);
                        let name: String = self
                            .tag
                            .chars()
                            .take_while(char::is_ascii_alphanumeric)
                            .collect::<String>()
                            .to_ascii_lowercase();
                        self.open = match name.as_str() {
                            "script" => Open::Raw("</script"),
                            "style" => Open::Raw("</style"),
                            _ => Open::Text,
                        };
                    }
                }
                Open::Comment => match rest.find("-->") {
                    Some(i) => {
                        rest = from(rest, i + 3);
                        self.open = Open::Text;
                    }
                    None => break,
                },
                Open::Raw(end) => match rest.to_ascii_lowercase().find(end) {
                    Some(i) => {
                        rest = from(rest, i + 1);
                        self.open = Open::Tag;
                        self.tag.clear();
                    }
                    None => break,
                },
            }
        }
        decode_entities(&out)
    }
}

/// `s` up to byte `i` (a boundary found by `find`).
fn before(s: &str, i: usize) -> &str {
    s.get(..i).unwrap_or("")
}

/// `s` from byte `i` (a boundary found by `find`).
fn from(s: &str, i: usize) -> &str {
    s.get(i..).unwrap_or("")
}

/// The common named and numeric character references decoded; others kept as written.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(before(rest, i));
        let after = from(rest, i + 1);
        let decoded = after.find(';').filter(|&j| j <= 10).and_then(|j| {
            let name = before(after, j);
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => name.strip_prefix('#').and_then(|n| {
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => n.parse().ok(),
                    };
                    code.and_then(char::from_u32)
                }),
            }?;
            Some((c, j))
        });
        if let Some((c, j)) = decoded {
            out.push(c);
            rest = from(after, j + 1);
        } else {
            out.push('&');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_comments_and_scripts_go() {
        let mut s = Stripper::default();
        assert_eq!(
            s.strip("⏩老生常谈/<a href=\"x\" target=\"_top\">【望海楼】</a>/法海"),
            "⏩老生常谈/【望海楼】/法海"
        );
        assert_eq!(s.strip("<link rel=\"canonical\""), "");
        assert_eq!(s.strip("  href=\"y\" />后"), "后");
        assert_eq!(s.strip("<script>if (a < b) {"), "");
        assert_eq!(s.strip("}</script>完"), "完");
        assert_eq!(
            s.strip("<!-- 注 -->甲 &amp; 乙 &#x4E2D; a < b"),
            "甲 & 乙 中 a < b"
        );
    }
}
