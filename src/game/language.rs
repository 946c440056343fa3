//! The language the game speaks: kam-sim's own texts and the scenario being played, switched with
//! the settings' L key on the current screen, without a restart.
//!
//! A language change (or a change of text size or theme) rebuilds the current screen from the settings: the
//! screen is entered again, so every text is made anew. The meeting in progress is carried over by
//! replaying its inputs on the scenario's other translation (same seed, same ids, same times):
//! the score, the clock and every choice stay exactly where they were.

use std::path::PathBuf;
use std::sync::Arc;

use bevy::prelude::*;

use super::runner::Meeting;
use super::{Screen, Settings, content_dirs};
use crate::core::compile::CompiledScenario;
use crate::core::i18n::component::scenario_component_name;
use crate::core::i18n::project::{read_catalog, translate_scenario};
use crate::core::i18n::retext::retext_result;
use crate::core::i18n::{Catalog, Lang, Texts};
use crate::core::result::RunResult;

/// kam-sim's own texts in the chosen language, and where the translations are read from.
#[derive(Resource)]
pub struct Language {
    /// The interface and vocabulary texts.
    pub texts: Texts,
    translations: PathBuf,
}

impl Language {
    /// The texts of `lang` from the translations folder (English where a file is missing or broken,
    /// with the problem logged: a broken translation never stops the game).
    pub fn load(lang: Lang) -> Language {
        let translations = content_dirs().translations;
        let texts = Texts::load(&translations, lang).unwrap_or_else(|e| {
            error!("{e}");
            Texts::english()
        });
        Language { texts, translations }
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.texts.lang()
    }

    /// A scenario with its texts in this language, and how many texts fell back to English.
    pub fn scenario(&self, english: &Arc<CompiledScenario>) -> (Arc<CompiledScenario>, usize) {
        let component = scenario_component_name(&english.source.id);
        match read_catalog(&self.translations, &component, self.lang()) {
            Ok(catalog) => translate_scenario(english, &catalog),
            Err(e) => {
                error!("{e}");
                let count = crate::core::strings::player_strings(&english.source).len();
                (english.clone(), if self.lang() == Lang::En { 0 } else { count })
            }
        }
    }
}

impl Language {
    /// A result recorded in English (an assessment's) with its texts in this language, through the
    /// same keys as the scenario's translation (`core::i18n::retext`).
    pub fn result(&self, english: &RunResult) -> RunResult {
        if self.lang() == Lang::En {
            return english.clone();
        }
        let component = scenario_component_name(&english.scenario);
        let catalog = read_catalog(&self.translations, &component, self.lang()).unwrap_or_else(|e| {
            error!("{e}");
            Catalog::empty(self.lang())
        });
        retext_result(english, &catalog, &self.texts).0
    }
}

/// Applies a changed language, text size or theme: new texts, the meeting carried over, the screen
/// rebuilt.
pub(super) fn apply_settings(
    settings: Res<Settings>,
    mut language: ResMut<Language>,
    meeting: Option<ResMut<Meeting>>,
    state: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
    mut shown: Local<Option<(Lang, u8, super::theme::Theme)>>,
) {
    let wanted = (settings.lang, settings.text_size, settings.theme);
    let previous = shown.replace(wanted);
    // The texts follow the settings' language however it was set (the L key, `--lang`, the file).
    let new_language = language.lang() != settings.lang;
    if new_language {
        *language = Language::load(settings.lang);
        if let Some(mut meeting) = meeting {
            let (translated, fell_back) = language.scenario(meeting.english());
            meeting.switch_scenario(translated, fell_back);
        }
    }
    // Entering the screen again builds it from the new settings (the loading screen has no text
    // worth rebuilding and moves on by itself).
    let changed = new_language || previous.is_some_and(|p| p != wanted);
    if changed && *state.get() != Screen::Loading {
        next.set(*state.get());
    }
}

/// `--lang` (the launch's language) wins over the remembered settings, for this session.
fn apply_launch_language(launch: Option<Res<super::Launch>>, mut settings: ResMut<Settings>) {
    if let Some(lang) = launch.and_then(|l| l.lang).filter(|l| *l != settings.lang) {
        settings.lang = lang;
    }
}

pub(super) fn plugin(app: &mut App) {
    let lang = app
        .world()
        .get_resource::<Settings>()
        .map_or_else(Lang::default, |s| s.lang);
    app.insert_resource(Language::load(lang))
        .add_systems(Startup, apply_launch_language)
        // Before anything that reads the texts: the assessment's start records the language.
        .add_systems(
            Update,
            apply_settings
                .before(super::GameSystems::Load)
                .run_if(resource_changed::<Settings>),
        );
}
