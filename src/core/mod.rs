//! The simulation core: scenario model, loading, validation, engine, scoring and analysis.
//!
//! Nothing here knows about Bevy. The CLI and the game both drive this module, so there is one
//! implementation of every rule.

pub mod analysis;
pub mod catalog;
pub mod compile;
pub mod diagnostic;
pub mod engine;
pub mod graph;
pub mod inputs;
pub mod load;
pub mod model;
pub mod policy;
pub mod profile;
pub mod result;
pub mod rules;
pub mod scoring;
pub mod source;
pub mod strings;
pub mod synthetic;
pub mod validate;
pub mod vocab;
