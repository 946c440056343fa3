//! One plugin per screen.

mod briefing;
pub mod client_side;
mod debrief;
pub use debrief::{Debrief, DebriefPage};
mod loading;
mod meeting;
mod menu;
mod player_name;
pub mod progress;
mod travel;

use bevy::prelude::*;

/// Digit keys 1–9, for choosing the n-th item from the keyboard.
pub(super) const DIGITS: [KeyCode; 9] = [
    KeyCode::Digit1,
    KeyCode::Digit2,
    KeyCode::Digit3,
    KeyCode::Digit4,
    KeyCode::Digit5,
    KeyCode::Digit6,
    KeyCode::Digit7,
    KeyCode::Digit8,
    KeyCode::Digit9,
];

/// Index of the digit key pressed this frame, if any.
pub(super) fn digit_pressed(keys: &ButtonInput<KeyCode>) -> Option<usize> {
    DIGITS.iter().position(|k| keys.just_pressed(*k))
}

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((
        loading::plugin,
        menu::plugin,
        briefing::plugin,
        travel::plugin,
        meeting::plugin,
        debrief::plugin,
        client_side::plugin,
        progress::plugin,
        player_name::plugin,
    ));
}
