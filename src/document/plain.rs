//! Plain-text structure detection (stub; replaced by the real parser).

use super::Chunk;

/// Streaming parser for plain text.
#[derive(Debug, Default)]
pub struct PlainParser;

impl PlainParser {
    /// A parser at the start of a document.
    pub fn new() -> Self {
        Self
    }

    /// Consumes `text` (whole lines unless `last`) and returns the final paragraphs and sections.
    pub fn feed(&mut self, text: String, _last: bool) -> Chunk {
        Chunk { text, ..Chunk::default() }
    }
}
