//! Reading a state file that is valid JSON but not quite what this program wrote: every valid
//! entry is kept, each invalid one is dropped and counted.
//!
//! Invariants: parsing never fails on a JSON object (only non-JSON or a non-object top level is
//! an error); an entry is a document's position, or one mark (a document's marks are kept
//! letter by letter); a `version` this program does not know is a problem unless it is a
//! newer number, which is reported as such so the file is never rewritten.

use serde_json::{Map, Value};

use super::VERSION;

/// What was wrong with a state file that still parsed.
#[derive(Debug, Default)]
pub struct Report {
    /// Invalid entries dropped.
    pub dropped: usize,
    /// Why the first problem was one.
    pub first: Option<String>,
    /// The file's `version` is a number greater than [`VERSION`].
    pub newer: Option<u64>,
    /// The file's `version` is missing, not a number, or an older number than any written.
    pub unknown_version: bool,
}

impl Report {
    /// Counts one dropped entry.
    pub fn drop_entry(&mut self, why: impl FnOnce() -> String) {
        self.dropped += 1;
        if self.first.is_none() {
            self.first = Some(why());
        }
    }

    /// True when the file must be kept aside before it is replaced.
    pub const fn damaged(&self) -> bool {
        self.dropped > 0 || self.unknown_version
    }
}

/// A state file's records, read leniently and merged.
pub trait Records: Default + serde::Serialize {
    /// The records in `documents`, dropping (and reporting) invalid ones.
    fn from_documents(documents: Map<String, Value>, report: &mut Report) -> Self;
    /// Adds `other`'s records: per record the newer wins, a tie goes to `other`.
    fn absorb(&mut self, other: Self);
    /// Sets the version and trims to the most recent documents before writing.
    fn finish(&mut self);
}

/// One document's object in a state file's `documents`, its `file_name` already taken out.
pub struct DocumentFields {
    /// The document's content key.
    pub key: String,
    /// The file name it was saved under (empty when missing or not a string).
    pub file_name: String,
    /// The rest of its fields.
    pub fields: Map<String, Value>,
}

impl DocumentFields {
    /// The documents of a state file: each that is a JSON object, the rest dropped (and
    /// reported).
    pub fn all(documents: Map<String, Value>, report: &mut Report) -> Vec<Self> {
        let mut out = Vec::with_capacity(documents.len());
        for (key, value) in documents {
            let Value::Object(mut fields) = value else {
                report.drop_entry(|| format!("document {key}: {}, not an object", kind(&value)));
                continue;
            };
            let file_name = match fields.remove("file_name") {
                Some(Value::String(s)) => s,
                _ => String::new(),
            };
            out.push(Self {
                key,
                file_name,
                fields,
            });
        }
        out
    }

    /// The items of the list field `name` that read as `T`; each other item is dropped (and
    /// reported as a `what` of this document).
    pub fn list<T: serde::de::DeserializeOwned>(
        &mut self,
        name: &str,
        what: &str,
        report: &mut Report,
    ) -> Vec<T> {
        let Some(Value::Array(list)) = self.fields.remove(name) else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(list.len());
        for item in list {
            match serde_json::from_value::<T>(item) {
                Ok(t) => out.push(t),
                Err(e) => report.drop_entry(|| format!("document {}, {what}: {e}", self.key)),
            }
        }
        out
    }
}

/// Parses a whole state file. `Err` (the reason) when it is not JSON or not a JSON object.
pub fn parse<T: Records>(bytes: &[u8]) -> Result<(T, Report), String> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    let Value::Object(mut top) = value else {
        return Err("not a JSON object".to_owned());
    };
    let mut report = Report::default();
    match top.get("version").map(|v| (v, v.as_u64())) {
        Some((_, Some(v))) if v == u64::from(VERSION) => {}
        Some((_, Some(v))) if v > u64::from(VERSION) => report.newer = Some(v),
        other => {
            report.unknown_version = true;
            report.first = Some(match other {
                None => "no version".to_owned(),
                Some((v, _)) => format!("unknown version {v}"),
            });
        }
    }
    let documents = match top.remove("documents") {
        None => Map::new(),
        Some(Value::Object(m)) => m,
        Some(other) => {
            report.drop_entry(|| format!("\"documents\" is {}, not an object", kind(&other)));
            Map::new()
        }
    };
    Ok((T::from_documents(documents, &mut report), report))
}

/// The JSON type of `v`, for messages.
pub const fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
