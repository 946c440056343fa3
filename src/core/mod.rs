//! The simulation core: scenario model, loading, validation, engine, scoring and analysis.
//!
//! Nothing here knows about Bevy. The CLI and the game both drive this module, so there is one
//! implementation of every rule.
//!
//! A front end loads a scenario, opens a [`engine::Session`] with a seed, feeds it timestamped
//! inputs and shows what it reports:
//!
//! ```
//! use std::path::Path;
//! use kam_sim::core::engine::{Event, Session};
//! use kam_sim::core::inputs::{InputAction, TimedInput};
//! use kam_sim::core::load::load_scenario_file;
//! use kam_sim::core::result::result_of;
//!
//! let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/inherited_account_first_meeting.ron");
//! let loaded = load_scenario_file(&path);
//! let scenario = loaded.scenario.expect("the shipped scenario loads");
//!
//! let mut session = Session::new(scenario, 7);
//! let at = |at: f64, action: InputAction| TimedInput { at, action };
//! for item in ["decision_group", "company_facts", "interaction_history"] {
//!     session.apply(&at(1.0, InputAction::Study(item.into())))?; // 9 in-game minutes in all
//! }
//! session.apply(&at(2.0, InputAction::Depart("metro".into())))?; // 35 minutes: on time
//! // The opening narration lasts 5 s: greeting at 4 s is fine (narration cannot be interrupted).
//! session.apply(&at(4.0, InputAction::Choose("greet_both".into())))?;
//! // Tomás Reyes offers coffee from 4 s to 10 s; answering half a second after he finishes is polite.
//! session.apply(&at(10.5, InputAction::Choose("accept_coffee".into())))?;
//! // Helena Vargas's first line starts at 10.5 s and lasts 5 s: answering at 12 s cuts her off.
//! session.apply(&at(12.0, InputAction::Choose("informed_opening".into())))?;
//!
//! let detected = session.drain_events().filter(|e| matches!(e, Event::MistakeDetected { .. })).count();
//! let mistakes: Vec<&str> = session.mistakes().iter().map(|m| m.kind.id()).collect();
//! assert_eq!((detected, mistakes), (1, vec!["interrupting"]));
//! assert!(result_of(&session, None).is_err(), "the meeting is not over yet");
//! # Ok::<(), kam_sim::core::engine::InputError>(())
//! ```

pub mod allowance;
pub mod analysis;
pub mod assessment;
pub mod atomic;
pub mod balance;
pub mod catalog;
pub mod client_view;
pub mod compile;
pub mod content;
pub mod diagnostic;
pub mod engine;
pub mod graph;
pub mod graph_html;
pub mod hints;
pub mod i18n;
pub mod inputs;
pub mod load;
pub mod model;
pub mod policy;
pub mod profile;
pub mod progress;
pub mod result;
pub mod rules;
pub mod saturation;
pub mod scoring;
pub mod source;
pub mod stats;
pub mod strings;
pub mod study;
pub mod synthetic;
pub mod validate;
pub mod vocab;
