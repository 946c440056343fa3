//! Scenarios as Bevy assets, loaded by the very function behind `kam-sim check`, reloaded on edit.
//!
//! The loader never fails on a readable file: it returns the file's [`FileReport`] along with the
//! compiled scenario when there were no errors. The [`Library`] keeps the last good version of each
//! file, so a broken edit shows its diagnostic while the game goes on with what worked.

use std::sync::Arc;

use bevy::asset::io::Reader;
use bevy::asset::{AssetLoader, LoadContext, LoadedFolder};
use bevy::prelude::*;

use crate::core::compile::CompiledScenario;
use crate::core::diagnostic::{Diagnostic, FileReport};
use crate::core::load::{codes, load_scenario_text};
use crate::core::source::MAX_FILE_BYTES;

/// One scenario file as loaded: its findings, and the scenario when it had no errors.
#[derive(Asset, TypePath, Debug)]
pub struct ScenarioFile {
    /// Errors and warnings, exactly as `kam-sim check` reports them.
    pub report: FileReport,
    /// The playable scenario.
    pub scenario: Option<Arc<CompiledScenario>>,
}

/// Loads `.ron` scenario files.
#[derive(Default, TypePath)]
pub struct ScenarioLoader;

impl AssetLoader for ScenarioLoader {
    type Asset = ScenarioFile;
    type Settings = ();
    type Error = std::io::Error;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        load_context: &mut LoadContext<'_>,
    ) -> Result<ScenarioFile, std::io::Error> {
        let name = load_context.path().to_string();
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).await?;
        let refuse = |code: &'static str, message: String| ScenarioFile {
            report: FileReport {
                file: name.clone(),
                source: None,
                diagnostics: vec![Diagnostic::file_error(code, message)],
            },
            scenario: None,
        };
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Ok(refuse(
                codes::TOO_LARGE,
                format!(
                    "the file is {} bytes; files over {MAX_FILE_BYTES} bytes are refused",
                    bytes.len()
                ),
            ));
        }
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                return Ok(refuse(
                    codes::NOT_UTF8,
                    format!("the file is not UTF-8 text: invalid byte at offset {offset}"),
                ));
            }
        };
        let loaded = load_scenario_text(&name, &text);
        Ok(ScenarioFile {
            report: loaded.report,
            scenario: loaded.scenario,
        })
    }

    fn extensions(&self) -> &[&str] {
        &["ron"]
    }
}

/// Every scenario file the game knows, with the last version of each that loaded.
#[derive(Resource, Default)]
pub struct Library {
    folder: Handle<LoadedFolder>,
    /// A trainer's draft opened from its own folder (`kam-sim play ~/drafts/x.ron`).
    draft: Option<Handle<ScenarioFile>>,
    /// Files in path order.
    pub entries: Vec<LibraryEntry>,
    /// Whether the folder has been read (or could not be).
    pub ready: bool,
    /// Why the folder could not be read.
    pub error: Option<String>,
}

/// One scenario file.
pub struct LibraryEntry {
    /// Its asset handle (kept so the file stays loaded and watched).
    pub handle: Handle<ScenarioFile>,
    /// The last version that loaded without errors.
    pub good: Option<Arc<CompiledScenario>>,
    /// The findings of the latest version (errors mean the last good version is still in use).
    pub report: FileReport,
}

impl Library {
    /// The last good version of the scenario with this id or file path.
    pub fn find(&self, spec: &str) -> Option<Arc<CompiledScenario>> {
        self.entries
            .iter()
            .filter_map(|e| e.good.as_ref().map(|g| (e, g)))
            .find(|(e, g)| g.source.id == spec || e.report.file == spec || e.report.file.ends_with(&format!("/{spec}")))
            .map(|(_, g)| g.clone())
    }
}

/// A scenario file changed on disk and was reloaded.
#[derive(Message, Debug, Clone)]
pub struct ScenarioReloaded {
    /// Scenario file path.
    pub file: String,
    /// Whether the new version loaded (false: the diagnostic is shown, the last good version kept).
    pub ok: bool,
}

/// The asset source of a draft's folder, registered by `game::run` (watched like the scenarios).
pub const DRAFT_SOURCE: &str = "draft";

/// A scenario file outside the scenarios folder, played and hot-reloaded from where it is: its file
/// name in the [`DRAFT_SOURCE`] asset source.
#[derive(Resource, Debug, Clone)]
pub struct Draft(pub String);

impl Draft {
    /// How the draft is named in the library (`Launch::scenario`, `Library::find`).
    pub fn spec(&self) -> String {
        format!("{DRAFT_SOURCE}://{}", self.0)
    }
}

/// The asset root is the scenarios folder itself (see `game::run`); a draft comes from its own.
fn start_loading(mut library: ResMut<Library>, assets: Res<AssetServer>, draft: Option<Res<Draft>>) {
    library.folder = assets.load_folder("");
    library.draft = draft.map(|d| assets.load(d.spec()));
}

/// Fills the library once the folder is read, then follows every change of its files.
fn track_scenarios(
    mut library: ResMut<Library>,
    assets: Res<AssetServer>,
    folders: Res<Assets<LoadedFolder>>,
    files: Res<Assets<ScenarioFile>>,
    mut changes: MessageReader<AssetEvent<ScenarioFile>>,
    mut reloaded: MessageWriter<ScenarioReloaded>,
) {
    if !library.ready
        && let Some(bevy::asset::LoadState::Failed(error)) = assets.get_load_state(&library.folder)
    {
        library.error = Some(format!("the scenarios folder could not be read: {error}"));
        library.ready = true;
    }
    // The folder asset exists before its files are loaded: wait for all of them, or files still
    // loading would be missing from the library.
    // A draft that cannot be read (gone, unreadable) is said on the menu.
    if let Some(draft) = library.draft.clone()
        && let Some(bevy::asset::LoadState::Failed(error)) = assets.get_load_state(&draft)
    {
        library.error = Some(format!("the scenario file could not be read: {error}"));
        library.draft = None;
    }
    let draft_settled = library
        .draft
        .as_ref()
        .is_none_or(|d| assets.is_loaded_with_dependencies(d));
    if !library.ready
        && draft_settled
        && assets.is_loaded_with_dependencies(&library.folder)
        && let Some(folder) = folders.get(&library.folder)
    {
        let mut entries: Vec<LibraryEntry> = folder
            .handles
            .iter()
            .filter_map(|h| h.clone().try_typed::<ScenarioFile>().ok())
            .chain(library.draft.clone())
            .filter_map(|handle| {
                let file = files.get(&handle)?;
                Some(LibraryEntry {
                    good: file.scenario.clone(),
                    report: file.report.clone(),
                    handle,
                })
            })
            .collect();
        // Inputs files kept beside the scenarios are not scenarios (`core::load::INPUTS_SUFFIX`).
        entries.retain(|e| !e.report.file.ends_with(crate::core::load::INPUTS_SUFFIX));
        entries.sort_by(|a, b| a.report.file.cmp(&b.report.file));
        library.entries = entries;
        library.ready = true;
    }
    for change in changes.read() {
        let AssetEvent::Modified { id } = change else { continue };
        let Some(file) = files.get(*id) else { continue };
        let Some(entry) = library.entries.iter_mut().find(|e| e.handle.id() == *id) else {
            continue;
        };
        entry.report = file.report.clone();
        if let Some(scenario) = &file.scenario {
            entry.good = Some(scenario.clone());
        }
        if file.scenario.is_none() {
            warn!(
                "{} no longer loads; keeping the last good version:\n{}",
                file.report.file,
                file.report.render()
            );
        }
        reloaded.write(ScenarioReloaded {
            file: file.report.file.clone(),
            ok: file.scenario.is_some(),
        });
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_asset::<ScenarioFile>()
        .init_asset_loader::<ScenarioLoader>()
        .init_resource::<Library>()
        .add_message::<ScenarioReloaded>()
        .add_systems(Startup, start_loading)
        .add_systems(Update, track_scenarios.in_set(super::GameSystems::Load));
}
