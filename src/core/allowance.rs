//! How much time a player is given to answer: the accessibility adjustment for players who listen to
//! the meeting through a screen reader, or who need longer to read and answer.
//!
//! Decided (issue 16): extended time *doubles* every real-time window that can count against the
//! player — each answer timer, and each speaker's patience before an answer reads as hesitant. It
//! does not pause the clock while a screen reader speaks: how long speech takes depends on the
//! reader, its voice and its rate, which the engine cannot see, so a pause would make the same
//! inputs give different results on different machines. Doubling keeps every run deterministic
//! (same scenario + seed + timed inputs + allowance = same result) and is the adjustment examination
//! boards commonly grant (extra time). How long a speaker talks does not change: answering before
//! they finish still cuts them off.
//!
//! The allowance is part of what a run *is*: the inputs file, the saved progress and the signed
//! assessment result record it, and a replay uses it, so a manager sees the adjustment and a
//! verification reproduces the run exactly.

use serde::{Deserialize, Serialize};

/// How much answering time the player has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeAllowance {
    /// The scenario's own timers and patience.
    #[default]
    Standard,
    /// Every answer timer and every speaker's patience doubled.
    Extended,
}

impl TimeAllowance {
    /// The identifier files and reports write: `standard` or `extended`.
    pub fn id(self) -> &'static str {
        match self {
            TimeAllowance::Standard => "standard",
            TimeAllowance::Extended => "extended",
        }
    }

    /// How many times the scenario's windows the player is given.
    pub fn factor(self) -> u64 {
        match self {
            TimeAllowance::Standard => 1,
            TimeAllowance::Extended => 2,
        }
    }

    /// A window of the scenario (an answer timer, a speaker's patience) as this allowance gives it.
    pub fn window_ms(self, scenario_ms: u64) -> u64 {
        scenario_ms.saturating_mul(self.factor())
    }

    /// The scenario's own timing: what files leave out, so that files written before the allowance
    /// existed read as what they were.
    pub fn is_standard(&self) -> bool {
        *self == TimeAllowance::Standard
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extended_time_doubles_a_window_and_standard_keeps_it() {
        assert_eq!(TimeAllowance::Standard.window_ms(8_000), 8_000);
        assert_eq!(TimeAllowance::Extended.window_ms(8_000), 16_000);
        assert_eq!(TimeAllowance::Extended.window_ms(u64::MAX), u64::MAX);
    }
}
