//! kam-sim in five languages: English (the source) and its translations into Portuguese, Spanish,
//! Russian and Azerbaijani, kept as gettext PO files (`translations/`, see `docs/translating.md`).
//!
//! A translation changes text only. Scenarios are compiled from their English source — ids,
//! effects, numbers, timings (speaking times included) — and only then are their texts replaced,
//! so a scenario scores identically in every language by construction.

pub mod catalog;
pub mod check;
pub mod component;
pub mod export;
pub mod interface;
pub mod lang;
pub mod po;
pub mod project;
pub mod retext;
pub mod texts;

pub use catalog::Catalog;
pub use lang::Lang;
pub use texts::Texts;
