//! gangmu (纲目): a terminal reader for long structured documents.
//!
//! Data flows left to right, and everything left of the view is pure:
//! bytes → [`decode`] → [`document`] (paragraphs and section tree) → layout → app → view.
//! Keys become [`keymap::Action`]s, and the section tree's fold state lives in [`outline`].

pub mod decode;
pub mod document;
pub mod keymap;
pub mod outline;
