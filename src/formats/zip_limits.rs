//! Reading parts of a ZIP container within fixed bounds.
//!
//! Limits: at most [`MAX_ENTRIES`] entries; at most [`Limits::total`] bytes unpacked over all the
//! parts read; a part that unpacks to more than [`Limits::ratio_floor`] bytes may not expand more
//! than [`Limits::ratio`] times its packed size (text XML stays well under 50×; a bomb is
//! ~1000×). Sizes are checked while inflating, never trusted from the headers. A truncated
//! archive (no central directory) is salvaged by walking its local headers, with a warning.
//! Entry names are only ever compared with normalised paths this code builds, so a name like
//! `../../x` can never be what a lookup finds; nothing is written to disk.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{self, Cursor, Read};
use std::rc::Rc;

use zip::ZipArchive;

use super::FormatError;

/// Most entries accepted in one archive.
pub(crate) const MAX_ENTRIES: usize = 10_000;

/// Size bounds for one archive.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Most bytes unpacked over all parts read.
    pub(crate) total: u64,
    /// Largest expansion ratio for a part bigger than `ratio_floor`.
    pub(crate) ratio: u64,
    /// Parts up to this size are never refused for their ratio.
    pub(crate) ratio_floor: u64,
}

impl Limits {
    pub(crate) const DEFAULT: Self = Self {
        total: 512 << 20,
        ratio: 100,
        ratio_floor: 16 << 20,
    };
}

enum Source<'a> {
    Central(ZipArchive<Cursor<&'a [u8]>>),
    Salvaged(HashMap<String, Vec<u8>>),
}

/// An opened archive that hands out parts by name.
pub(crate) struct Archive<'a> {
    source: Source<'a>,
    kind: &'static str,
    limits: Limits,
    total: u64,
    /// Warnings met while opening (truncation).
    pub(crate) warnings: Vec<String>,
}

impl<'a> Archive<'a> {
    /// Opens `bytes` as the ZIP container of a `kind` document with the default limits.
    pub(crate) fn open(bytes: &'a [u8], kind: &'static str) -> Result<Self, FormatError> {
        Self::open_with(bytes, kind, Limits::DEFAULT)
    }

    pub(crate) fn open_with(
        bytes: &'a [u8],
        kind: &'static str,
        limits: Limits,
    ) -> Result<Self, FormatError> {
        match ZipArchive::new(Cursor::new(bytes)) {
            Ok(zip) => {
                if zip.len() > MAX_ENTRIES {
                    return Err(FormatError::TooManyEntries {
                        count: zip.len(),
                        max: MAX_ENTRIES,
                    });
                }
                Ok(Self {
                    source: Source::Central(zip),
                    kind,
                    limits,
                    total: 0,
                    warnings: Vec::new(),
                })
            }
            Err(central_err) => {
                let mut this = Self {
                    source: Source::Salvaged(HashMap::new()),
                    kind,
                    limits,
                    total: 0,
                    warnings: Vec::new(),
                };
                let parts = this.salvage(bytes)?;
                if parts.is_empty() {
                    return Err(FormatError::BadArchive {
                        kind,
                        msg: central_err.to_string(),
                    });
                }
                this.warnings.push(format!(
                    "archive truncated or damaged ({central_err}): read what could be ({} parts)",
                    parts.len()
                ));
                this.source = Source::Salvaged(parts);
                Ok(this)
            }
        }
    }

    /// Walks local headers from the start; stops at the first damaged one.
    fn salvage(&mut self, bytes: &[u8]) -> Result<HashMap<String, Vec<u8>>, FormatError> {
        let mut cursor = Cursor::new(bytes);
        let mut parts = HashMap::new();
        loop {
            let Ok(Some(mut file)) = zip::read::read_zipfile_from_stream(&mut cursor) else {
                break;
            };
            if parts.len() >= MAX_ENTRIES {
                return Err(FormatError::TooManyEntries {
                    count: parts.len() + 1,
                    max: MAX_ENTRIES,
                });
            }
            let name = file
                .name()
                .map(std::borrow::Cow::into_owned)
                .unwrap_or_default();
            let packed = file.compressed_size();
            match bounded_read(&mut file, &name, packed, &self.limits, &mut self.total) {
                Ok(data) => {
                    parts.insert(name, data);
                }
                Err(e @ (FormatError::Bomb { .. } | FormatError::TooLarge { .. })) => {
                    return Err(e);
                }
                Err(_) => break,
            }
        }
        Ok(parts)
    }

    /// Whether a part with exactly this name exists.
    pub(crate) fn contains(&self, name: &str) -> bool {
        match &self.source {
            Source::Central(z) => z.index_for_name(name).is_some(),
            Source::Salvaged(m) => m.contains_key(name),
        }
    }

    /// The exact stored name matching `name`: as is, else ignoring ASCII case (hrefs and entry
    /// names disagree on case in some EPUBs).
    fn resolve(&self, name: &str) -> Option<String> {
        if self.contains(name) {
            return Some(name.to_owned());
        }
        let names: Vec<String> = match &self.source {
            Source::Central(z) => z
                .file_names()
                .filter_map(Result::ok)
                .map(std::borrow::Cow::into_owned)
                .collect(),
            Source::Salvaged(m) => m.keys().cloned().collect(),
        };
        names.into_iter().find(|n| n.eq_ignore_ascii_case(name))
    }

    /// Reads a part; `Ok(None)` when there is no such part.
    pub(crate) fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, FormatError> {
        let Some(name) = self.resolve(name) else {
            return Ok(None);
        };
        let kind = self.kind;
        match &mut self.source {
            Source::Salvaged(m) => Ok(m.remove(&name)),
            Source::Central(z) => {
                let Some(index) = z.index_for_name(&name) else {
                    return Ok(None);
                };
                let mut file = z.by_index(index).map_err(|e| FormatError::BadArchive {
                    kind,
                    msg: format!("part {name}: {e}"),
                })?;
                let packed = file.compressed_size();
                bounded_read(&mut file, &name, packed, &self.limits, &mut self.total).map(Some)
            }
        }
    }

    /// Opens a part to be read as it inflates, within the same limits as [`Self::read`];
    /// `Ok(None)` when there is no such part. A limit broken or damage met part way ends the
    /// stream with an I/O error and leaves the reason in the stream's [`Failure`].
    pub(crate) fn stream(&mut self, name: &str) -> Result<Option<PartStream<'_>>, FormatError> {
        let Some(name) = self.resolve(name) else {
            return Ok(None);
        };
        let kind = self.kind;
        let failure = Failure::default();
        match &mut self.source {
            // a salvaged part was inflated (and counted) already
            Source::Salvaged(m) => Ok(m.remove(&name).map(|data| PartStream {
                inner: Box::new(Cursor::new(data)),
                meter: None,
                failure,
            })),
            Source::Central(z) => {
                let Some(index) = z.index_for_name(&name) else {
                    return Ok(None);
                };
                let file = z.by_index(index).map_err(|e| FormatError::BadArchive {
                    kind,
                    msg: format!("part {name}: {e}"),
                })?;
                let packed = file.compressed_size();
                Ok(Some(PartStream {
                    inner: Box::new(file),
                    meter: Some(Meter {
                        name,
                        packed,
                        limits: self.limits,
                        total: &mut self.total,
                        len: 0,
                    }),
                    failure,
                }))
            }
        }
    }

    /// Reads a part as text (see [`super::xml::decode_part`]); `Ok(None)` when missing.
    pub(crate) fn read_text(&mut self, name: &str) -> Result<Option<String>, FormatError> {
        Ok(self
            .read(name)?
            .map(|b| super::xml::decode_part(&b).into_owned()))
    }
}

/// Why a [`PartStream`] ended early, once it has.
pub(crate) type Failure = Rc<RefCell<Option<FormatError>>>;

/// A part read as it inflates (see [`Archive::stream`]).
pub(crate) struct PartStream<'r> {
    inner: Box<dyn Read + 'r>,
    meter: Option<Meter<'r>>,
    /// The reason the stream ended early, for the caller's error.
    pub(crate) failure: Failure,
}

impl Read for PartStream<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = match self.inner.read(out) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => return Err(e),
            Err(e) => {
                let name = self.meter.as_ref().map_or("", |m| m.name.as_str());
                let why = damaged(name, &e);
                return Err(self.fail(why));
            }
        };
        if let Some(meter) = &mut self.meter
            && let Err(why) = meter.add(n)
        {
            return Err(self.fail(why));
        }
        Ok(n)
    }
}

impl PartStream<'_> {
    fn fail(&self, why: FormatError) -> io::Error {
        let e = io::Error::other(why.to_string());
        *self.failure.borrow_mut() = Some(why);
        e
    }
}

/// Counts what one part inflates to, against the part's and the archive's limits.
struct Meter<'t> {
    name: String,
    packed: u64,
    limits: Limits,
    /// The archive's running total.
    total: &'t mut u64,
    len: u64,
}

impl Meter<'_> {
    /// Counts `n` more bytes; the limit they break, if any.
    fn add(&mut self, n: usize) -> Result<(), FormatError> {
        *self.total += n as u64;
        self.len += n as u64;
        if *self.total > self.limits.total {
            return Err(FormatError::TooLarge {
                max_mib: self.limits.total >> 20,
            });
        }
        let packed = self.packed.max(1);
        if self.len > self.limits.ratio_floor && self.len > packed.saturating_mul(self.limits.ratio)
        {
            return Err(FormatError::Bomb {
                name: self.name.clone(),
                ratio: self.len / packed,
                max: self.limits.ratio,
            });
        }
        Ok(())
    }
}

fn damaged(name: &str, e: &io::Error) -> FormatError {
    FormatError::BadArchive {
        kind: "ZIP",
        msg: format!("part {name} is damaged: {e}"),
    }
}

/// Inflates one entry in chunks, refusing it as soon as it breaks a limit.
fn bounded_read(
    file: &mut impl Read,
    name: &str,
    packed: u64,
    limits: &Limits,
    total: &mut u64,
) -> Result<Vec<u8>, FormatError> {
    let mut out = Vec::new();
    let mut chunk = vec![0u8; 64 << 10];
    let mut meter = Meter {
        name: name.to_owned(),
        packed,
        limits: *limits,
        total,
        len: 0,
    };
    loop {
        let n = match file.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(damaged(name, &e)),
        };
        out.extend_from_slice(chunk.get(..n).unwrap_or_default());
        meter.add(n)?;
    }
    Ok(out)
}

/// Joins a relative href to the folder of `base` (a part name), resolving `.` and `..` and
/// dropping a fragment or query. `..` above the root is dropped, so no result ever leaves the
/// archive's name space. Percent-escapes are decoded.
pub(crate) fn join(base: &str, href: &str) -> String {
    let href = href.split(['#', '?']).next().unwrap_or_default();
    let href = percent_decode(href);
    let mut parts: Vec<&str> = if href.starts_with('/') {
        Vec::new()
    } else {
        base.rsplit_once('/')
            .map_or_else(Vec::new, |(dir, _)| dir.split('/').collect())
    };
    for seg in href.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(v) = u8::from_str_radix(hex, 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_stays_inside_the_archive() {
        assert_eq!(
            join("OEBPS/content.opf", "sections/s1.xhtml#p3"),
            "OEBPS/sections/s1.xhtml"
        );
        assert_eq!(
            join("OEBPS/text/a.xhtml", "../images/x%20y.png"),
            "OEBPS/images/x y.png"
        );
        assert_eq!(
            join("OEBPS/content.opf", "../../../etc/passwd"),
            "etc/passwd"
        );
        assert_eq!(join("a.opf", "/abs/b.xhtml"), "abs/b.xhtml");
    }
}

#[cfg(test)]
mod limit_tests {
    use std::io::Write;

    use super::*;

    fn zip_of(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in parts {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn total_unpacked_size_is_capped_over_all_parts() {
        let limits = Limits {
            total: 1 << 20,
            ratio: 100,
            ratio_floor: 16 << 20,
        };
        let part = vec![b'a'; 400 << 10];
        let bytes = zip_of(&[("a", part.clone()), ("b", part.clone()), ("c", part)]);
        let mut ar = Archive::open_with(&bytes, "Word", limits).unwrap();
        assert_eq!(ar.read("a").unwrap().map(|d| d.len()), Some(400 << 10));
        assert!(ar.read("b").unwrap().is_some());
        let err = ar.read("c").unwrap_err();
        assert!(matches!(err, FormatError::TooLarge { max_mib: 1 }), "{err}");
    }

    #[test]
    fn ratio_applies_only_above_the_floor() {
        let limits = Limits {
            total: 64 << 20,
            ratio: 10,
            ratio_floor: 1 << 20,
        };
        let small = vec![b'a'; 900 << 10];
        let big = vec![b'a'; 2 << 20];
        let bytes = zip_of(&[("small", small), ("big", big)]);
        let mut ar = Archive::open_with(&bytes, "Word", limits).unwrap();
        assert!(ar.read("small").unwrap().is_some());
        assert!(matches!(
            ar.read("big").unwrap_err(),
            FormatError::Bomb { .. }
        ));
        assert_eq!(ar.read("missing").unwrap(), None);
        assert!(ar.read("../../small").unwrap().is_none());
    }
}
