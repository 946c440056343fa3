//! The practice journal in the game: every practice run is recorded when its debrief opens
//! (`results::journal`), once per meeting. A journal that cannot be written is said on the debrief
//! and play goes on.

use std::path::PathBuf;

use bevy::prelude::*;

use super::language::Language;
use super::runner::Meeting;
use super::screens::Debrief;
use crate::core::assessment::result::now_rfc3339;
use crate::results::journal::{Journal, PracticeRun};

/// Where practice runs are recorded, and for whom. Inserted by `game::run` (the data folder and
/// the system user's name by default); without it nothing is recorded (tests, tools).
#[derive(Resource, Debug, Clone)]
pub struct PracticeJournal {
    /// The journal file.
    pub path: PathBuf,
    /// The player's name.
    pub player: String,
    /// Whether runs are recorded: false when the journal is only shown (the screenshots of an
    /// automatic player read a journal named by `KAM_SIM_JOURNAL`, and never write to it).
    pub record: bool,
}

/// Why the last run could not be recorded, for the debrief to say.
#[derive(Resource, Debug, Default)]
pub struct JournalProblem(pub Option<String>);

/// Records the meeting just scored, unless it already is (a debrief rebuilt for a new language is
/// the same run).
pub(super) fn record_practice_run(
    mut meeting: ResMut<Meeting>,
    debrief: Res<Debrief>,
    journal: Option<Res<PracticeJournal>>,
    language: Res<Language>,
    mut problem: ResMut<JournalProblem>,
) {
    let (Some(journal), Ok(result)) = (journal, &debrief.0) else {
        return;
    };
    if meeting.journaled || !journal.record {
        return;
    }
    meeting.journaled = true;
    let run = PracticeRun {
        player: journal.player.clone(),
        played_at: now_rfc3339(),
        language: language.lang().code().into(),
        inputs: meeting.session.played_inputs_ms(),
        result: result.clone(),
    };
    problem.0 = Journal::open(&journal.path)
        .and_then(|mut j| j.record(&run))
        .err()
        .map(|e| e.to_string());
    if let Some(p) = &problem.0 {
        error!("the practice run could not be recorded: {p}");
    }
}

impl PracticeJournal {
    /// The player's recorded runs, oldest first (none before the journal exists).
    pub fn runs(&self) -> Result<Vec<PracticeRun>, String> {
        if !self.path.is_file() {
            return Ok(Vec::new());
        }
        Journal::open(&self.path)
            .and_then(|j| j.runs(&self.player))
            .map_err(|e| e.to_string())
    }

    /// The best grade of each scenario the player has practised (a journal that cannot be read
    /// counts as empty here; the Progress screen and the debrief say why).
    pub fn best_grades(&self) -> std::collections::BTreeMap<String, crate::core::scoring::Grade> {
        let runs = self.runs().unwrap_or_default();
        let sessions: Vec<_> = runs.iter().map(PracticeRun::session).collect();
        crate::core::progress::best_grades(&sessions)
    }
}

/// The journal's player is the one named in the settings (switched there), else the system user.
fn follow_the_player(settings: Res<crate::game::Settings>, journal: Option<ResMut<PracticeJournal>>) {
    if let (Some(mut journal), Some(player)) = (journal, settings.player.as_ref())
        && journal.player != *player
    {
        journal.player = player.clone();
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<JournalProblem>().add_systems(
        PreUpdate,
        follow_the_player.run_if(resource_changed::<crate::game::Settings>),
    );
}
