//! The inputs-file format: a recorded or scripted stream of timed player actions.
//!
//! ```ron
//! Inputs(
//!     scenario: "breadwinner_discount_squeeze",
//!     seed: 7,
//!     inputs: [
//!         (at: 1.0, action: Study("floor_price")),
//!         (at: 2.0, action: Depart("taxi")),
//!         (at: 9.5, action: Choose("acknowledge_pressure")),
//!         (at: 40.0, action: Wait),
//!     ],
//! )
//! ```
//! `at` is seconds since the session started (real time in the game). See `docs/inputs-format.md`.

use serde::{Deserialize, Serialize};

use super::allowance::TimeAllowance;

/// A whole inputs file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Inputs", deny_unknown_fields)]
pub struct InputsFile {
    /// Id of the scenario the inputs were played on.
    pub scenario: String,
    /// Seed of the session.
    pub seed: u64,
    /// How much answering time the player had: `extended` doubles every answer timer and speaker's
    /// patience (an accessibility adjustment). Left out when standard.
    #[serde(default, skip_serializing_if = "TimeAllowance::is_standard")]
    pub time_allowance: TimeAllowance,
    /// The actions, in time order.
    pub inputs: Vec<TimedInput>,
}

/// One action at one moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimedInput {
    /// Seconds since the session started.
    pub at: f64,
    /// What the player did.
    pub action: InputAction,
}

/// A player action, by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InputAction {
    /// Study a dossier item (preparation phase).
    Study(String),
    /// Leave for the meeting by a travel option (ends preparation).
    Depart(String),
    /// Choose an option of the current node (meeting).
    Choose(String),
    /// Let time pass; a timer that runs out meanwhile takes its path.
    Wait,
}

impl InputsFile {
    /// The file as pretty RON text, one input per line.
    pub fn to_ron(&self) -> String {
        let mut out = String::from("Inputs(\n");
        out.push_str(&format!(
            "    scenario: {:?},\n    seed: {},\n",
            self.scenario, self.seed
        ));
        if !self.time_allowance.is_standard() {
            out.push_str(&format!("    time_allowance: {},\n", self.time_allowance.id()));
        }
        out.push_str("    inputs: [\n");
        for input in &self.inputs {
            let action = match &input.action {
                InputAction::Study(id) => format!("Study({id:?})"),
                InputAction::Depart(id) => format!("Depart({id:?})"),
                InputAction::Choose(id) => format!("Choose({id:?})"),
                InputAction::Wait => "Wait".into(),
            };
            out.push_str(&format!("        (at: {:?}, action: {action}),\n", input.at));
        }
        out.push_str("    ],\n)\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_files_read_back_identically() {
        let file = InputsFile {
            scenario: "demo".into(),
            seed: 42,
            time_allowance: TimeAllowance::Extended,
            inputs: vec![
                TimedInput {
                    at: 1.0,
                    action: InputAction::Study("floor_price".into()),
                },
                TimedInput {
                    at: 2.5,
                    action: InputAction::Depart("taxi".into()),
                },
                TimedInput {
                    at: 12.345,
                    action: InputAction::Choose("listen".into()),
                },
                TimedInput {
                    at: 30.0,
                    action: InputAction::Wait,
                },
            ],
        };
        let back: InputsFile = crate::core::load::load_ron_text("t.ron", &file.to_ron()).unwrap();
        assert_eq!(back, file);
    }
}
