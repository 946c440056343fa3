#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod cli;
pub mod core;
#[cfg(feature = "game")]
pub mod game;
pub mod results;
pub mod terminal;
