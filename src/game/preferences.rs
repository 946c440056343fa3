//! The player's settings, remembered between runs in `<config folder>/kam-sim/settings.ron`
//! (`KAM_SIM_SETTINGS` overrides the path). The first start follows the system locale
//! (`LC_ALL`, `LC_MESSAGES`, `LANG`) for the language.
//!
//! Only the real game reads and writes the file ([`SettingsFile`] is inserted by `game::run`):
//! tests and tools never touch a person's settings.

use std::path::PathBuf;

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::theme::Theme;
use super::{Settings, TextSpeed};
use crate::core::allowance::TimeAllowance;
use crate::core::i18n::Lang;

/// Where the settings are kept, when they are kept.
#[derive(Resource, Debug, Clone)]
pub struct SettingsFile(pub PathBuf);

impl SettingsFile {
    /// `KAM_SIM_SETTINGS`, else `<config folder>/kam-sim/settings.ron`.
    pub fn default_path() -> Option<PathBuf> {
        std::env::var_os("KAM_SIM_SETTINGS")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| dirs::config_dir().map(|d| d.join("kam-sim").join("settings.ron")))
    }
}

/// The settings as written to the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Settings", deny_unknown_fields)]
struct StoredSettings {
    #[serde(default)]
    language: Option<Lang>,
    #[serde(default)]
    text_speed: Option<StoredSpeed>,
    #[serde(default)]
    text_size: Option<u8>,
    #[serde(default)]
    fullscreen: Option<bool>,
    #[serde(default)]
    player: Option<String>,
    #[serde(default)]
    theme: Option<StoredTheme>,
    #[serde(default)]
    time_allowance: Option<TimeAllowance>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum StoredTheme {
    Standard,
    HighContrast,
}

impl From<Theme> for StoredTheme {
    fn from(t: Theme) -> Self {
        match t {
            Theme::Standard => StoredTheme::Standard,
            Theme::HighContrast => StoredTheme::HighContrast,
        }
    }
}

impl From<StoredTheme> for Theme {
    fn from(t: StoredTheme) -> Self {
        match t {
            StoredTheme::Standard => Theme::Standard,
            StoredTheme::HighContrast => Theme::HighContrast,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum StoredSpeed {
    Spoken,
    Fast,
    Instant,
}

impl From<TextSpeed> for StoredSpeed {
    fn from(s: TextSpeed) -> Self {
        match s {
            TextSpeed::Spoken => StoredSpeed::Spoken,
            TextSpeed::Fast => StoredSpeed::Fast,
            TextSpeed::Instant => StoredSpeed::Instant,
        }
    }
}

impl From<StoredSpeed> for TextSpeed {
    fn from(s: StoredSpeed) -> Self {
        match s {
            StoredSpeed::Spoken => TextSpeed::Spoken,
            StoredSpeed::Fast => TextSpeed::Fast,
            StoredSpeed::Instant => TextSpeed::Instant,
        }
    }
}

/// The settings of the file (defaults for what it does not say; the system language when it
/// names none). A file that cannot be read is reported and left alone: defaults are used.
pub fn load(file: &SettingsFile) -> Settings {
    let mut settings = Settings {
        lang: Lang::from_environment(),
        ..Settings::default()
    };
    if !file.0.exists() {
        return settings;
    }
    let stored: StoredSettings = match crate::core::load::load_ron_file(&file.0) {
        Ok(s) => s,
        Err(report) => {
            warn!(
                "the settings file cannot be read; defaults are used:\n{}",
                report.render()
            );
            return settings;
        }
    };
    if let Some(lang) = stored.language {
        settings.lang = lang;
    }
    if let Some(speed) = stored.text_speed {
        settings.text_speed = speed.into();
    }
    if let Some(size) = stored.text_size {
        settings.text_size = size.min(2);
    }
    if let Some(fullscreen) = stored.fullscreen {
        settings.fullscreen = fullscreen;
    }
    if let Some(theme) = stored.theme {
        settings.theme = theme.into();
    }
    if let Some(allowance) = stored.time_allowance {
        settings.time_allowance = allowance;
    }
    settings.player = stored.player.map(|p| p.trim().to_owned()).filter(|p| !p.is_empty());
    settings
}

/// Writes the settings (atomically); a failure is logged and play goes on.
fn save(settings: Res<Settings>, file: Option<Res<SettingsFile>>, mut first: Local<bool>) {
    // The first run of this system sees the settings as loaded: nothing to write yet.
    if !*first {
        *first = true;
        return;
    }
    let Some(file) = file else { return };
    let stored = StoredSettings {
        language: Some(settings.lang),
        text_speed: Some(settings.text_speed.into()),
        text_size: Some(settings.text_size),
        fullscreen: Some(settings.fullscreen),
        player: settings.player.clone(),
        theme: Some(settings.theme.into()),
        time_allowance: Some(settings.time_allowance),
    };
    let text = match ron::ser::to_string_pretty(&stored, ron::ser::PrettyConfig::default()) {
        Ok(text) => text,
        Err(e) => return warn!("the settings cannot be written: {e}"),
    };
    if let Err(e) = crate::core::atomic::write_replacing(&file.0, format!("{text}\n").as_bytes()) {
        warn!("the settings cannot be saved to {}: {e}", file.0.display());
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Last, save.run_if(resource_changed::<Settings>));
}
