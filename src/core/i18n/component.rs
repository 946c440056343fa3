//! The translatable texts of kam-sim, grouped the way they are translated: one *component* (one
//! template and one PO file per language) per scenario, one for the vocabulary (competency and
//! mistake names, the built-in coaching), one for the profiles and assessments, and one for the
//! game and report interface.
//!
//! Layout under the translations folder (a component's name is its folder):
//!
//! ```text
//! translations/
//!   interface/interface.pot   interface/pt.po  interface/es.po  interface/ru.po  interface/az.po
//!   vocabulary/vocabulary.pot vocabulary/pt.po …
//!   profiles/profiles.pot     profiles/pt.po …
//!   scenarios/<id>/<id>.pot   scenarios/<id>/pt.po …
//! ```

use std::path::{Path, PathBuf};

use super::Lang;
use crate::core::model::Scenario;
use crate::core::source::SourceMap;
use crate::core::strings::visit_texts;
use crate::core::vocab::{Competency, MistakeKind};

/// One English text to translate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    /// The stable key (`msgctxt`).
    pub key: String,
    /// The English source (`msgid`).
    pub english: String,
    /// Who says it and where it appears (`#.`).
    pub note: String,
    /// The source file and line (`#:`), relative to the project.
    pub reference: String,
}

/// A group of texts translated together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component {
    /// Its folder under `translations/`, e.g. `scenarios/silent_prospect_close` or `interface`.
    pub name: String,
    /// Its texts, in the order they appear.
    pub texts: Vec<SourceText>,
}

impl Component {
    /// The folder of this component's files.
    pub fn dir(&self, translations: &Path) -> PathBuf {
        translations.join(&self.name)
    }

    /// The template's path (`<folder>/<last part of the name>.pot`).
    pub fn template_path(&self, translations: &Path) -> PathBuf {
        let leaf = self.name.rsplit('/').next().unwrap_or(&self.name);
        self.dir(translations).join(format!("{leaf}.pot"))
    }

    /// The PO file of one language.
    pub fn po_path(&self, translations: &Path, lang: Lang) -> PathBuf {
        self.dir(translations).join(format!("{}.po", lang.code()))
    }
}

/// The component of the scenario whose file text is `text` (for line references), shown as
/// `reference_name` (e.g. `scenarios/silent_prospect_close.ron`).
pub fn scenario_component(scenario: &Scenario, text: &str, reference_name: &str) -> Component {
    let map = SourceMap::build(text);
    let mut copy = scenario.clone();
    let mut texts = Vec::new();
    visit_texts(&mut copy, &mut |site| {
        let line = map
            .find(&site.path)
            .map_or(1, |span| crate::core::source::line_column(text, span.start).0);
        texts.push(SourceText {
            key: site.key,
            english: site.text.clone(),
            note: site.note,
            reference: format!("{reference_name}:{line}"),
        });
    });
    Component {
        name: scenario_component_name(&scenario.id),
        texts,
    }
}

/// The component name of a scenario id.
pub fn scenario_component_name(id: &str) -> String {
    format!("scenarios/{id}")
}

const VOCAB_SOURCE: &str = include_str!("../vocab.rs");
const VOCAB_FILE: &str = "src/core/vocab.rs";

/// The line of `src/core/vocab.rs` that holds an English literal.
fn vocab_reference(english: &str) -> String {
    let quoted = format!("{english:?}");
    let line = VOCAB_SOURCE
        .lines()
        .position(|l| l.contains(&quoted))
        .map_or(1, |i| i + 1);
    format!("{VOCAB_FILE}:{line}")
}

/// Competency and mistake names and the built-in coaching texts.
pub fn vocabulary_component() -> Component {
    let mut texts = Vec::new();
    for c in Competency::ALL {
        texts.push(SourceText {
            key: format!("competency.{}.name", c.id()),
            english: c.name().into(),
            note: "A competency of the KAM profile: radar chart, debrief, reports.".into(),
            reference: vocab_reference(c.name()),
        });
    }
    for &m in MistakeKind::ALL {
        let name = m.name();
        texts.push(SourceText {
            key: format!("mistake.{}.name", m.id()),
            english: name.clone(),
            note: "The name of a documented KAM mistake: debrief and reports.".into(),
            reference: format!("{VOCAB_FILE}:{}", mistake_line(m)),
        });
        let e = m.default_explanation();
        for (part, english, what) in [
            ("happened", e.happened, "what happened"),
            ("cost", e.cost, "what it cost with the client"),
            ("better", e.better, "what to do instead"),
        ] {
            texts.push(SourceText {
                key: format!("mistake.{}.{part}", m.id()),
                reference: vocab_reference(&english),
                english,
                note: format!("Built-in debrief coaching for \"{name}\" when a scenario gives none: {what}."),
            });
        }
    }
    Component {
        name: "vocabulary".into(),
        texts,
    }
}

/// The line of the `mistakes!` entry of a mistake.
fn mistake_line(m: MistakeKind) -> usize {
    let needle = format!("= \"{}\",", m.id());
    VOCAB_SOURCE
        .lines()
        .position(|l| l.contains(&needle))
        .map_or(1, |i| i + 1)
}

/// Adds the texts of one RON file (a profile or an assessment) found at the given document paths.
pub fn ron_texts(
    texts: &mut Vec<SourceText>,
    text: &str,
    reference_name: &str,
    entries: impl IntoIterator<Item = (String, String, String, String)>,
) {
    let map = SourceMap::build(text);
    for (key, path, english, note) in entries {
        let line = map
            .find(&path)
            .map_or(1, |span| crate::core::source::line_column(text, span.start).0);
        texts.push(SourceText {
            key,
            english,
            note,
            reference: format!("{reference_name}:{line}"),
        });
    }
}
