//! Where the scenarios, profiles and assessments are: the same answer for the CLI and the game,
//! inside the repository or anywhere else.
//!
//! Each of the four folders is, in order of precedence: the command-line flag
//! (`--scenarios-dir`, `--profiles-dir`, `--assessments-dir`, `--translations-dir`); the environment
//! variable (`KAM_SIM_SCENARIOS_DIR`, `KAM_SIM_PROFILES_DIR`, `KAM_SIM_ASSESSMENTS_DIR`,
//! `KAM_SIM_TRANSLATIONS_DIR`); the configuration
//! file (`KAM_SIM_CONFIG`, else `<config folder>/kam-sim/config.ron`); the folder of that name in the
//! working directory; the source tree the binary was built from; and last the copy of the shipped
//! files embedded in the binary, unpacked once into `<cache folder>/kam-sim/content-<version>/`.
//! The translations folder, when none of the first three sources sets it, is the `translations`
//! folder beside the scenarios folder: translations belong to the scenarios they translate.
//! So a manager who runs `kam-sim` from their home folder still gets the shipped target profile and
//! assessment, and a trainer can point every command at their own folders once.

use std::path::{Path, PathBuf};

use serde::Deserialize;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The four content folders, resolved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContentDirs {
    /// Where scenario ids are looked up.
    pub scenarios: PathBuf,
    /// Where profile ids are looked up.
    pub profiles: PathBuf,
    /// Where assessment ids are looked up.
    pub assessments: PathBuf,
    /// Where the PO files of the texts are (`translations/`, see `core::i18n::component`).
    pub translations: PathBuf,
}

/// Folders given explicitly (command-line flags); `None` falls through to the next source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirOverrides {
    /// `--scenarios-dir`.
    pub scenarios: Option<PathBuf>,
    /// `--profiles-dir`.
    pub profiles: Option<PathBuf>,
    /// `--assessments-dir`.
    pub assessments: Option<PathBuf>,
    /// `--translations-dir`.
    pub translations: Option<PathBuf>,
}

/// The configuration file: every field optional. Relative paths are relative to the file's folder.
///
/// ```ron
/// Config(
///     scenarios_dir: "/srv/kam/scenarios",
///     profiles_dir: "/srv/kam/profiles",
///     assessments_dir: "/srv/kam/assessments",
///     translations_dir: "/srv/kam/translations",
/// )
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename = "Config", deny_unknown_fields)]
pub struct Config {
    /// Scenarios folder.
    #[serde(default)]
    pub scenarios_dir: Option<PathBuf>,
    /// Profiles folder.
    #[serde(default)]
    pub profiles_dir: Option<PathBuf>,
    /// Assessments folder.
    #[serde(default)]
    pub assessments_dir: Option<PathBuf>,
    /// Translations folder.
    #[serde(default)]
    pub translations_dir: Option<PathBuf>,
}

/// The configuration file's path: `KAM_SIM_CONFIG`, else `<config folder>/kam-sim/config.ron`.
pub fn config_path() -> Option<PathBuf> {
    std::env::var_os("KAM_SIM_CONFIG")
        .map(PathBuf::from)
        .or_else(|| dirs::config_dir().map(|d| d.join("kam-sim").join("config.ron")))
}

/// Reads the configuration file; no file is an empty configuration, a broken one an error.
pub fn read_config() -> Result<Config, String> {
    let Some(path) = config_path().filter(|p| p.exists()) else {
        return Ok(Config::default());
    };
    let mut config: Config = super::load::load_ron_file(&path).map_err(|r| r.render())?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    for dir in [
        &mut config.scenarios_dir,
        &mut config.profiles_dir,
        &mut config.assessments_dir,
        &mut config.translations_dir,
    ]
    .into_iter()
    .flatten()
    {
        if dir.is_relative() {
            *dir = base.join(&*dir);
        }
    }
    Ok(config)
}

impl ContentDirs {
    /// Resolves the four folders (see the module documentation for the order).
    pub fn resolve(overrides: &DirOverrides) -> Result<ContentDirs, String> {
        let config = read_config()?;
        let pick = |flag: &Option<PathBuf>, var: &str, configured: &Option<PathBuf>, name: &str| {
            flag.clone()
                .or_else(|| std::env::var_os(var).filter(|v| !v.is_empty()).map(PathBuf::from))
                .or_else(|| configured.clone())
                .unwrap_or_else(|| shipped_folder(name))
        };
        let scenarios = pick(
            &overrides.scenarios,
            "KAM_SIM_SCENARIOS_DIR",
            &config.scenarios_dir,
            "scenarios",
        );
        // The translations belong to the scenarios: unless set, they are the `translations` folder
        // beside the scenarios folder (so a trainer's own library keeps its own translations).
        let translations = overrides
            .translations
            .clone()
            .or_else(|| {
                std::env::var_os("KAM_SIM_TRANSLATIONS_DIR")
                    .filter(|v| !v.is_empty())
                    .map(PathBuf::from)
            })
            .or_else(|| config.translations_dir.clone());
        Ok(ContentDirs {
            profiles: pick(
                &overrides.profiles,
                "KAM_SIM_PROFILES_DIR",
                &config.profiles_dir,
                "profiles",
            ),
            assessments: pick(
                &overrides.assessments,
                "KAM_SIM_ASSESSMENTS_DIR",
                &config.assessments_dir,
                "assessments",
            ),
            translations: translations.unwrap_or_else(|| Self::translations_next_to(&scenarios)),
            scenarios,
        })
    }

    /// The `translations` folder beside a scenarios folder.
    pub fn translations_next_to(scenarios: &Path) -> PathBuf {
        scenarios
            .parent()
            .map_or_else(|| PathBuf::from("translations"), |p| p.join("translations"))
    }

    /// The folders under one root (`<root>/scenarios`, …), for tests and tools.
    pub fn under(root: &Path) -> ContentDirs {
        ContentDirs {
            scenarios: root.join("scenarios"),
            profiles: root.join("profiles"),
            assessments: root.join("assessments"),
            translations: root.join("translations"),
        }
    }
}

/// A shipped folder (`scenarios`, `profiles` or `assessments`) as an absolute path: in the working
/// directory, else in the source tree the binary was built from, else unpacked from the binary.
pub fn shipped_folder(name: &str) -> PathBuf {
    let here = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    if here.join(name).is_dir() {
        return here.join(name);
    }
    let built_from = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    if built_from.is_dir() {
        return built_from;
    }
    unpack_embedded().map_or_else(|| here.join(name), |root| root.join(name))
}

/// The cache folder the embedded content is unpacked into.
fn unpacked_root() -> PathBuf {
    dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("kam-sim")
        .join(concat!("content-", env!("CARGO_PKG_VERSION")))
}

fn unpack_embedded() -> Option<PathBuf> {
    unpack_embedded_into(&unpacked_root())
}

/// Writes the embedded scenarios, profiles and assessments under `root` (keeping files already
/// there, so a trainer's edits to the unpacked copy survive) and returns `root`.
pub fn unpack_embedded_into(root: &Path) -> Option<PathBuf> {
    for (path, text) in embedded::EMBEDDED {
        let target = root.join(path);
        if target.exists() {
            continue;
        }
        super::atomic::write_new(&target, text.as_bytes())
            .or_else(|e| if target.exists() { Ok(()) } else { Err(e) })
            .ok()?;
    }
    root.join("scenarios").is_dir().then(|| root.to_path_buf())
}

/// The ids of the scenario files directly in `dir` (file names without the extension; inputs files,
/// `*.inputs.ron`, are not scenarios), sorted.
pub fn ids_in(dir: &Path) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| {
                    let p = e.path();
                    (p.extension().is_some_and(|x| x == "ron") && !super::catalog::is_inputs_file(&p))
                        .then(|| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
                        .flatten()
                })
                .collect()
        })
        .unwrap_or_default();
    ids.sort();
    ids
}

/// The closest of `candidates` to `wanted`, if one is close enough to be a likely typo. Only the
/// first 200 characters are compared, so a huge unknown id costs no more than a short one.
pub fn did_you_mean<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    const MAX_CHARS: usize = 200;
    let wanted: String = wanted.chars().take(MAX_CHARS).collect::<String>().to_lowercase();
    candidates
        .map(|c| {
            let short: String = c.chars().take(MAX_CHARS).collect::<String>().to_lowercase();
            (strsim::jaro_winkler(&wanted, &short), c)
        })
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_finds_the_intended_name() {
        let names = ["Ana Souza", "Bruno Lima", "Carla Dias"];
        assert_eq!(did_you_mean("Ana Sousa", names.into_iter()), Some("Ana Souza"));
        assert_eq!(did_you_mean("Zé", names.into_iter()), None);
    }

    #[test]
    fn the_embedded_content_unpacks_with_the_assessment() {
        let dir = tempfile::tempdir().unwrap();
        let root = unpack_embedded_into(dir.path()).unwrap();
        for file in [
            "scenarios/buying_committee_pitch.ron",
            "profiles/kam_target.ron",
            "assessments/kam_candidate_standard.ron",
        ] {
            assert!(root.join(file).is_file(), "{file}");
        }
    }
}
