//! Translations in memory: what a PO file says each text is in its language.

use std::collections::HashMap;

use super::Lang;
use super::po::POFile;

/// The usable translations of one PO file (or several merged): translated, not fuzzy, not obsolete.
///
/// A translation is looked up by its key *and* its English source: when the English text has
/// changed since the translation was made, the old translation is not shown (gettext's rule, so a
/// player never reads a translation of a line that no longer exists). `translations export` then
/// marks it fuzzy for the translator.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    lang: Lang,
    /// key → (English source, translation).
    entries: HashMap<String, (String, String)>,
}

impl Catalog {
    /// No translations: every lookup falls back to English.
    pub fn empty(lang: Lang) -> Catalog {
        Catalog {
            lang,
            entries: HashMap::new(),
        }
    }

    /// The usable entries of a PO file.
    pub fn from_po(lang: Lang, file: &POFile) -> Catalog {
        let mut catalog = Catalog::empty(lang);
        catalog.add_po(file);
        catalog
    }

    /// Adds the usable entries of another PO file (a later file wins on the same key).
    pub fn add_po(&mut self, file: &POFile) {
        for entry in &file.entries {
            let (Some(key), Some(text)) = (&entry.msgctxt, &entry.msgstr) else {
                continue;
            };
            if entry.obsolete || entry.fuzzy() || text.trim().is_empty() {
                continue;
            }
            self.entries.insert(key.clone(), (entry.msgid.clone(), text.clone()));
        }
    }

    /// The language translated into.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// How many usable translations there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The translation of the text `english` under `key`, if there is a current one.
    pub fn get(&self, key: &str, english: &str) -> Option<&str> {
        self.entries
            .get(key)
            .filter(|(source, _)| source == english)
            .map(|(_, text)| text.as_str())
    }

    /// The translation, else the English text; counts a fallback into `fell_back` when the
    /// language is not English and the text had no current translation.
    pub fn text<'a>(&'a self, key: &str, english: &'a str, fell_back: &mut usize) -> &'a str {
        match self.get(key, english) {
            Some(text) => text,
            None => {
                if self.lang != Lang::En && !english.trim().is_empty() {
                    *fell_back += 1;
                }
                english
            }
        }
    }

    /// The translation of an English text under any key (for values inside sentences, such as a
    /// dossier item's title or a stakeholder's name).
    pub fn translation_of(&self, english: &str) -> Option<&str> {
        let mut found: Vec<(&String, &String)> = self
            .entries
            .iter()
            .filter(|(_, (source, _))| source == english)
            .map(|(k, (_, t))| (k, t))
            .collect();
        // The same English under several keys: take the first key in order, so the choice is stable.
        found.sort();
        found.first().map(|(_, t)| t.as_str())
    }
}
