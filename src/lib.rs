//! gangmu (纲目): a terminal reader for long structured documents.
//!
//! Data flows left to right, and everything left of the view is pure:
//! bytes → [`decode`] → [`document`] (paragraphs and section tree) → [`layout`] (with
//! [`display`] widths) → app → view; [`print`](mod@print) writes the layout without a terminal.

pub mod decode;
pub mod display;
pub mod document;
pub mod layout;
pub mod print;
