//! The components of a kam-sim installation (its scenarios, profiles and assessments, the
//! vocabulary and the interface), found through the content folders, and their translations read
//! back from the translations folder.

use std::path::Path;
use std::sync::Arc;

use super::check::Sources;
use super::component::{Component, ron_texts, scenario_component, vocabulary_component};
use super::po::parse_po;
use super::{Catalog, Lang};
use crate::core::compile::CompiledScenario;
use crate::core::content::{ContentDirs, ids_in};
use crate::core::load::{load_ron_text, load_scenario_file};
use crate::core::source::read_text;
use crate::core::strings::visit_texts;

/// A component and what the check needs to know of its sources.
#[derive(Debug, Clone)]
pub struct ProjectComponent {
    /// The texts.
    pub component: Component,
    /// Names a translation must keep (key, English) and currency codes.
    pub names: Vec<(String, String)>,
    /// Currency codes of the sources.
    pub currencies: Vec<String>,
}

impl ProjectComponent {
    /// The check's view of the sources.
    pub fn sources(&self) -> Sources<'_> {
        Sources {
            texts: Some(&self.component),
            names: self.names.clone(),
            currencies: self.currencies.clone(),
        }
    }
}

/// Every component of the installation, and the files that could not be read (a scenario with
/// errors is left out: `kam-sim check` says why).
pub fn project_components(dirs: &ContentDirs) -> (Vec<ProjectComponent>, Vec<String>) {
    let mut components = vec![
        ProjectComponent {
            component: super::interface::interface_component(),
            names: vec![],
            currencies: vec![],
        },
        ProjectComponent {
            component: vocabulary_component(),
            names: vec![],
            currencies: vec![],
        },
    ];
    let mut problems = Vec::new();
    match profiles_component(dirs) {
        Ok(c) => components.push(ProjectComponent {
            component: c,
            names: vec![],
            currencies: vec![],
        }),
        Err(e) => problems.push(e),
    }
    for id in ids_in(&dirs.scenarios) {
        let path = dirs.scenarios.join(format!("{id}.ron"));
        let loaded = load_scenario_file(&path);
        let (Some(compiled), Ok(text)) = (loaded.scenario, read_text(&path)) else {
            problems.push(format!(
                "{}: not exported, the scenario has errors (run `kam-sim check {}`)",
                path.display(),
                path.display()
            ));
            continue;
        };
        let s = &compiled.source;
        let mut names: Vec<(String, String)> = s
            .stakeholders
            .iter()
            .map(|p| (format!("stakeholder.{}.name", p.id), p.name.clone()))
            .collect();
        names.push(("client.company".into(), s.client.company.clone()));
        components.push(ProjectComponent {
            component: scenario_component(s, &text, &format!("scenarios/{id}.ron")),
            names,
            currencies: s.deal.iter().map(|d| d.currency.clone()).collect(),
        });
    }
    (components, problems)
}

/// The profiles' and assessments' texts: titles, descriptions, the reasons of target levels,
/// assessment names.
pub fn profiles_component(dirs: &ContentDirs) -> Result<Component, String> {
    let mut texts = Vec::new();
    for id in ids_in(&dirs.profiles) {
        let path = dirs.profiles.join(format!("{id}.ron"));
        let text = read_text(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let profile: crate::core::profile::Profile =
            load_ron_text(&path.display().to_string(), &text).map_err(|r| r.render())?;
        let p = &profile.id;
        let mut entries = vec![
            (
                format!("profile.{p}.title"),
                "title".to_owned(),
                profile.title.clone(),
                "A target profile's title: reports and the assessment screen.".to_owned(),
            ),
            (
                format!("profile.{p}.description"),
                "description".into(),
                profile.description.clone(),
                format!("Who the profile \"{}\" is for: reports.", profile.title),
            ),
        ];
        for (i, level) in profile.levels.iter().enumerate() {
            entries.push((
                format!("profile.{p}.why.{}", level.competency.id()),
                format!("levels[{i}].why"),
                level.why.clone(),
                format!(
                    "Why the profile \"{}\" asks {} in {}: candidate reports.",
                    profile.title,
                    level.level,
                    level.competency.name()
                ),
            ));
        }
        ron_texts(&mut texts, &text, &format!("profiles/{id}.ron"), entries);
    }
    for id in ids_in(&dirs.assessments) {
        let path = dirs.assessments.join(format!("{id}.ron"));
        let text = read_text(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let assessment = crate::core::assessment::parse_assessment(&path.display().to_string(), &text)?;
        ron_texts(
            &mut texts,
            &text,
            &format!("assessments/{id}.ron"),
            [(
                format!("assessment.{}.name", assessment.id),
                "name".to_owned(),
                assessment.name.clone(),
                "An assessment's name: shown to candidates and in reports.".to_owned(),
            )],
        );
    }
    Ok(Component {
        name: "profiles".into(),
        texts,
    })
}

/// Reads the usable translations of one component into `lang`; a missing file is no translation,
/// a broken one an error naming its line.
///
/// The shipped translations stand behind a folder of one's own: a trainer's library with its own
/// `translations` folder still gets kam-sim's interface and vocabulary, and its copy of a shipped
/// scenario still gets the shipped translation of every line it did not change (a translation is
/// used only for the very English it was made from). The folder's own files win.
pub fn read_catalog(translations: &Path, component: &str, lang: Lang) -> Result<Catalog, String> {
    let mut catalog = Catalog::empty(lang);
    if lang == Lang::En {
        return Ok(catalog);
    }
    let shipped = crate::core::content::shipped_folder("translations");
    let same = |a: &Path, b: &Path| {
        std::fs::canonicalize(a)
            .ok()
            .zip(std::fs::canonicalize(b).ok())
            .is_some_and(|(a, b)| a == b)
    };
    if !same(&shipped, translations) {
        // A shipped file that cannot be read is not the user's problem: it is left out.
        if let Ok(Some(po)) = read_po_file(&shipped, component, lang) {
            catalog.add_po(&po);
        }
    }
    if let Some(po) = read_po_file(translations, component, lang)? {
        catalog.add_po(&po);
    }
    Ok(catalog)
}

/// The PO file of `component` in `lang` under `translations`, if there is one.
fn read_po_file(translations: &Path, component: &str, lang: Lang) -> Result<Option<super::po::POFile>, String> {
    let path = translations.join(component).join(format!("{}.po", lang.code()));
    if !path.exists() {
        return Ok(None);
    }
    let text = read_text(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse_po(&text)
        .map(Some)
        .map_err(|e| format!("{}:{}:{}: {}", path.display(), e.line, e.column, e.message))
}

/// A scenario with its texts in `lang` (English where a text has no current translation), and how
/// many texts fell back to English. Everything but the texts is the compiled English scenario's.
pub fn translate_scenario(compiled: &Arc<CompiledScenario>, catalog: &Catalog) -> (Arc<CompiledScenario>, usize) {
    if catalog.lang() == Lang::En {
        return (Arc::clone(compiled), 0);
    }
    let mut translated = (**compiled).clone();
    let mut fell_back = 0;
    visit_texts(&mut translated.source, &mut |site| {
        let text = catalog.text(&site.key, site.text, &mut fell_back).to_owned();
        *site.text = text;
    });
    translated.refresh_coaching();
    (Arc::new(translated), fell_back)
}
