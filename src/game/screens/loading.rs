//! Loading: reads the scenarios folder, then opens the menu or the requested scenario.

use bevy::prelude::*;

use crate::core::i18n::interface as ui;
use crate::game::content::Library;
use crate::game::language::Language;
use crate::game::runner::StartScenario;
use crate::game::theme::{self, Size, palette};
use crate::game::{GameSystems, Launch, Screen, Settings};

/// A message for the menu (e.g. the requested scenario was not found).
#[derive(Resource, Default)]
pub struct MenuNotice(pub Option<String>);

fn spawn_loading(mut commands: Commands, settings: Res<Settings>, language: Res<Language>) {
    commands.spawn((
        theme::screen_root("Loading screen", Screen::Loading),
        children![theme::text(
            language.texts.get(&ui::GAME_LOADING),
            Size::Heading,
            palette::MUTED,
            &settings
        )],
    ));
}

/// A seed from the clock, so that practice runs differ; assessments and replays pass their own.
pub fn practice_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

fn leave_when_loaded(
    library: Res<Library>,
    launch: Res<Launch>,
    mut notice: ResMut<MenuNotice>,
    mut start: MessageWriter<StartScenario>,
    mut next: ResMut<NextState<Screen>>,
    language: Res<Language>,
    settings: Res<Settings>,
    journal: Option<Res<crate::game::journal::PracticeJournal>>,
) {
    if !library.ready || launch.assessment.is_some() {
        // An assessment starts its own scenarios (`game::assessment`).
        return;
    }
    if let Some(spec) = &launch.scenario {
        match library.find(spec) {
            Some(scenario) => {
                start.write(StartScenario {
                    scenario,
                    seed: launch.seed.unwrap_or_else(practice_seed),
                    time_allowance: None,
                });
                return;
            }
            None => notice.0 = Some(language.texts.fill(&ui::GAME_LAUNCH_NOT_FOUND, &[("spec", spec)])),
        }
    }
    // A person's first practice: who is practising, before anything is recorded.
    let first_start = journal.is_some_and(|j| j.record) && settings.player.is_none();
    next.set(if first_start { Screen::PlayerName } else { Screen::Menu });
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<MenuNotice>()
        .add_systems(OnEnter(Screen::Loading), spawn_loading)
        .add_systems(
            Update,
            leave_when_loaded
                .in_set(GameSystems::Input)
                .run_if(in_state(Screen::Loading)),
        );
}
