//! The texts of one language at run time: kam-sim's own sentences and the vocabulary, with the
//! language's way of writing numbers. Built once per language change and handed to whatever
//! writes for a person (the debrief, the transcript, the CLI).

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::interface as ui;
use super::interface::UiText;
use super::project::read_catalog;
use super::{Catalog, Lang};
use crate::core::model::{Deal, Outcome};
use crate::core::rules::DealState;
use crate::core::vocab::{Competency, Explanation, MistakeKind, Severity};

/// kam-sim's own texts in one language.
#[derive(Debug, Default)]
pub struct Texts {
    lang: Lang,
    interface: Catalog,
    vocabulary: Catalog,
    /// Texts asked for that had no current translation (shown as "n texts in English").
    fell_back: AtomicUsize,
}

impl Texts {
    /// English: the sources themselves.
    pub fn english() -> Texts {
        Texts::default()
    }

    /// The texts of `lang`, from the PO files under `translations` (see `core::i18n::component`).
    pub fn load(translations: &Path, lang: Lang) -> Result<Texts, String> {
        Ok(Texts {
            lang,
            interface: read_catalog(translations, "interface", lang)?,
            vocabulary: read_catalog(translations, "vocabulary", lang)?,
            fell_back: AtomicUsize::new(0),
        })
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// How many texts fell back to English so far.
    pub fn fell_back(&self) -> usize {
        self.fell_back.load(Ordering::Relaxed)
    }

    fn lookup<'a>(&'a self, catalog: &'a Catalog, key: &str, english: &'a str) -> &'a str {
        let mut missed = 0;
        let text = catalog.text(key, english, &mut missed);
        self.fell_back.fetch_add(missed, Ordering::Relaxed);
        text
    }

    /// An interface text without values.
    pub fn get(&self, text: &UiText) -> String {
        self.lookup(&self.interface, text.key, text.english).to_owned()
    }

    /// An interface text with its `{placeholders}` filled in.
    pub fn fill(&self, text: &UiText, values: &[(&str, &str)]) -> String {
        let mut out = self.get(text);
        for (name, value) in values {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }

    /// A competency's name.
    pub fn competency(&self, c: Competency) -> String {
        self.lookup(&self.vocabulary, &format!("competency.{}.name", c.id()), c.name())
            .to_owned()
    }

    /// A mistake's name.
    pub fn mistake(&self, m: MistakeKind) -> String {
        let english = m.name();
        self.lookup(&self.vocabulary, &format!("mistake.{}.name", m.id()), &english)
            .to_owned()
    }

    /// The built-in coaching of a mistake.
    pub fn default_explanation(&self, m: MistakeKind) -> Explanation {
        let e = m.default_explanation();
        let part = |name: &str, english: &str| {
            self.lookup(&self.vocabulary, &format!("mistake.{}.{name}", m.id()), english)
                .to_owned()
        };
        Explanation {
            happened: part("happened", &e.happened),
            cost: part("cost", &e.cost),
            better: part("better", &e.better),
        }
    }

    /// A severity's name.
    pub fn severity(&self, s: Severity) -> String {
        self.get(match s {
            Severity::Minor => &ui::SEVERITY_MINOR,
            Severity::Major => &ui::SEVERITY_MAJOR,
            Severity::Critical => &ui::SEVERITY_CRITICAL,
        })
    }

    /// An outcome's name.
    pub fn outcome(&self, o: Outcome) -> String {
        self.get(match o {
            Outcome::Won => &ui::OUTCOME_WON,
            Outcome::Partial => &ui::OUTCOME_PARTIAL,
            Outcome::Postponed => &ui::OUTCOME_POSTPONED,
            Outcome::Lost => &ui::OUTCOME_LOST,
        })
    }

    /// The name of a competency given by id (the id itself if it is not one).
    pub fn competency_by_id(&self, id: &str) -> String {
        Competency::ALL
            .into_iter()
            .find(|c| c.id() == id)
            .map_or_else(|| id.to_owned(), |c| self.competency(c))
    }

    /// The deal on the table during a meeting, in the player's language: what both the game's
    /// status line and the terminal's deal panel show.
    pub fn deal_on_the_table(&self, deal: &DealState, terms: &Deal) -> String {
        let lang = self.lang();
        let list_cents = (terms.list_price * 100.0).round() as i64;
        self.fill(
            &ui::GAME_ON_THE_TABLE,
            &[
                ("price", &lang.money(deal.price_cents, &terms.currency)),
                ("unit", &terms.unit),
                ("list", &lang.money(list_cents, &terms.currency)),
                ("days", &deal.payment_days.to_string()),
                (
                    "volume",
                    &format!("{} \u{d7} {}", lang.integer(i64::from(deal.volume)), terms.unit),
                ),
                ("months", &deal.term_months.to_string()),
            ],
        )
    }

    /// The name of a mistake given by id (the id itself if it is not one).
    pub fn mistake_by_id(&self, id: &str) -> String {
        MistakeKind::ALL
            .iter()
            .find(|m| m.id() == id)
            .map_or_else(|| id.to_owned(), |m| self.mistake(*m))
    }
}
