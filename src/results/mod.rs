//! What managers do with assessment results: a local store, reports, xAPI export and sending to a
//! learning record store. Built on the core's result files (`core::assessment`, `core::signing`);
//! nothing here plays or scores.

pub mod backend;
pub mod entry;
pub mod journal;
pub mod lrs;
pub mod postgres;
pub mod report;
pub mod sqlite;
pub mod store;
pub mod xapi;
