//! What managers do with assessment results: a local store, reports, and xAPI export. Built on the
//! core's result files (`core::assessment`, `core::signing`); nothing here plays or scores.

pub mod journal;
pub mod lrs;
pub mod report;
pub mod sqlite;
pub mod store;
pub mod xapi;
