//! `translations check`: how complete each PO file is, and what in it is wrong.
//!
//! Per file: translated, fuzzy (a translation that needs review: marked fuzzy, or made from an
//! English source that has changed since), missing (no translation, or no entry at all for a
//! current text). Errors: a file that cannot be read (line and column), an empty translation, a
//! number, amount, currency or name of the source that the translation lost, a `{placeholder}`
//! that the translation lost or invented, a key given twice, a header naming another language.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::Serialize;

use super::Lang;
use super::component::Component;
use super::po::{POEntry, parse_po};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed: the file cannot be shipped.
    Error,
    /// A translation to make or review.
    Warning,
}

/// One finding, at a line of a PO file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The PO file, as given.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// Error or warning.
    pub severity: Severity,
    /// Stable code, e.g. `kam::translation::number_missing`.
    pub code: &'static str,
    /// One sentence.
    pub message: String,
}

/// The counts of one PO file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FileCounts {
    /// The PO file, as given.
    pub file: String,
    /// Current, reviewed translations.
    pub translated: usize,
    /// Translations to review.
    pub fuzzy: usize,
    /// Texts without a translation.
    pub missing: usize,
    /// Errors found.
    pub errors: usize,
}

/// What the check needs to know about the English sources of a file, when they are known.
#[derive(Debug, Clone, Default)]
pub struct Sources<'a> {
    /// The component's current texts (key → English), to count what is missing or stale.
    pub texts: Option<&'a Component>,
    /// Names that a translation must keep: keys whose translation is a name (`stakeholder.x.name`,
    /// `client.company`), with the English name.
    pub names: Vec<(String, String)>,
    /// Currency codes used by the sources (`EUR`).
    pub currencies: Vec<String>,
}

const KNOWN_CURRENCIES: &[&str] = &[
    "EUR", "USD", "GBP", "BRL", "RUB", "AZN", "CHF", "MXN", "ARS", "CLP", "COP", "PEN", "AOA", "MZN", "KZT", "TRY",
];

/// Checks the text of one PO file of language `lang`.
pub fn check_file(file: &str, text: &str, lang: Lang, sources: &Sources<'_>) -> (FileCounts, Vec<Finding>) {
    let mut counts = FileCounts {
        file: file.to_owned(),
        ..FileCounts::default()
    };
    let mut findings = Vec::new();
    let mut finding = |line: usize, severity: Severity, code: &'static str, message: String| {
        findings.push(Finding {
            file: file.to_owned(),
            line,
            severity,
            code,
            message,
        });
    };
    let po = match parse_po(text) {
        Ok(po) => po,
        Err(error) => {
            finding(
                error.line,
                Severity::Error,
                "kam::translation::syntax",
                format!("column {}: {}", error.column, error.message),
            );
            counts.errors = 1;
            counts.missing = sources.texts.map_or(0, |c| c.texts.len());
            return (counts, findings);
        }
    };
    if let Some(declared) = po.metadata.get("Language").filter(|l| !l.trim().is_empty()) {
        if Lang::from_code(declared) != Some(lang) {
            finding(
                1,
                Severity::Error,
                "kam::translation::wrong_language",
                format!(
                    "the header says Language: {declared}, but the file is the {} translation",
                    lang.code()
                ),
            );
        }
    }
    let current: Option<HashMap<&str, &str>> = sources
        .texts
        .map(|c| c.texts.iter().map(|t| (t.key.as_str(), t.english.as_str())).collect());
    let live: Vec<&POEntry> = po.entries.iter().filter(|e| !e.obsolete).collect();
    let by_key: HashMap<&str, &POEntry> = live
        .iter()
        .filter_map(|e| e.msgctxt.as_deref().map(|k| (k, *e)))
        .collect();
    // The names as this file translates them.
    let names: Vec<(String, String, bool)> = sources
        .names
        .iter()
        .map(|(key, english)| {
            let translated = by_key
                .get(key.as_str())
                .and_then(|e| e.msgstr.as_deref())
                .filter(|s| !s.trim().is_empty())
                .unwrap_or(english);
            (english.clone(), translated.to_owned(), key == "client.company")
        })
        .collect();
    let mut seen = HashSet::new();
    for entry in &live {
        let line = entry.linenum.max(1);
        let Some(key) = entry.msgctxt.as_deref() else {
            if !entry.msgid.is_empty() {
                finding(
                    line,
                    Severity::Error,
                    "kam::translation::no_key",
                    format!(
                        "the entry \"{}\" has no msgctxt: kam-sim finds texts by their key",
                        shorten(&entry.msgid)
                    ),
                );
            }
            continue;
        };
        if !seen.insert(key) {
            finding(
                line,
                Severity::Error,
                "kam::translation::duplicate_key",
                format!("`{key}` is translated twice in this file"),
            );
            continue;
        }
        let english = match &current {
            Some(current) => match current.get(key) {
                Some(english) => *english,
                None => {
                    finding(
                        line,
                        Severity::Warning,
                        "kam::translation::unknown_key",
                        format!(
                            "`{key}` is no longer in the sources: run `kam-sim translations export` to make it obsolete"
                        ),
                    );
                    continue;
                }
            },
            None => entry.msgid.as_str(),
        };
        let translation = entry.msgstr.as_deref().unwrap_or_default();
        if translation.is_empty() {
            counts.missing += 1;
            continue;
        }
        if translation.trim().is_empty()
            || (!english.trim().is_empty()
                && !translation.chars().any(char::is_alphanumeric)
                && english.chars().any(char::is_alphanumeric))
        {
            finding(
                line,
                Severity::Error,
                "kam::translation::empty",
                format!("`{key}`: the translation is empty; leave msgstr \"\" for an untranslated text"),
            );
            continue;
        }
        if entry.fuzzy() {
            counts.fuzzy += 1;
            finding(
                line,
                Severity::Warning,
                "kam::translation::fuzzy",
                format!(
                    "`{key}` needs review (fuzzy): its English text changed; update the translation and remove the fuzzy mark"
                ),
            );
            continue;
        }
        if entry.msgid != english {
            counts.fuzzy += 1;
            finding(
                line,
                Severity::Warning,
                "kam::translation::stale",
                format!(
                    "`{key}` was translated from an earlier English text: run `kam-sim translations export`, then review it"
                ),
            );
            continue;
        }
        counts.translated += 1;
        for message in content_problems(english, translation, lang, &names, &sources.currencies) {
            finding(line, Severity::Error, message.0, format!("`{key}`: {}", message.1));
        }
    }
    if let Some(component) = sources.texts {
        counts.missing += component
            .texts
            .iter()
            .filter(|t| !by_key.contains_key(t.key.as_str()))
            .count();
    }
    counts.errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
    (counts, findings)
}

fn shorten(text: &str) -> String {
    let mut short: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        short.push('…');
    }
    short
}

/// What a translation lost of its source: numbers, currencies, names, placeholders.
pub fn content_problems(
    english: &str,
    translation: &str,
    lang: Lang,
    names: &[(String, String, bool)],
    currencies: &[String],
) -> Vec<(&'static str, String)> {
    let mut problems = Vec::new();
    let found: BTreeSet<String> = numbers(translation, lang).into_iter().collect();
    let lost: Vec<String> = number_tokens(english)
        .into_iter()
        .filter(|(value, literal)| {
            let kept_as_reference = is_reference(english, literal) && translation.contains(literal.as_str());
            !found.contains(value) && !kept_as_reference
        })
        .map(|(value, _)| value)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if !lost.is_empty() {
        problems.push((
            "kam::translation::number_missing",
            format!(
                "the number {} of the English text is not in the translation (write numbers the {} way: decimal `{}`)",
                lost.join(", "),
                lang.code(),
                lang.decimal_separator()
            ),
        ));
    }
    for code in currencies
        .iter()
        .map(String::as_str)
        .chain(KNOWN_CURRENCIES.iter().copied())
    {
        if has_word(english, code) && !has_word(translation, code) {
            problems.push((
                "kam::translation::currency_missing",
                format!("the currency {code} of the English text is not in the translation"),
            ));
        }
    }
    for (english_name, translated_name, company) in names {
        for (source_word, target_word) in name_words(english_name, translated_name, *company) {
            if has_word(english, &source_word)
                && !translation.to_lowercase().contains(&stem(&target_word).to_lowercase())
            {
                problems.push((
                    "kam::translation::name_missing",
                    format!("the name {source_word} of the English text is not in the translation (as {target_word})"),
                ));
            }
        }
    }
    let wanted = placeholders(english);
    let got = placeholders(translation);
    for p in wanted.difference(&got) {
        problems.push((
            "kam::translation::placeholder_missing",
            format!("the placeholder {{{p}}} is missing: it is where kam-sim puts a value"),
        ));
    }
    for p in got.difference(&wanted) {
        problems.push((
            "kam::translation::placeholder_unknown",
            format!("the placeholder {{{p}}} is not in the English text: kam-sim has no value for it"),
        ));
    }
    problems
}

/// The words of a name that a text mentions: the first and last words of a person's name, the
/// first word of a company's (its last is often a common word: "Network", "Fresh"); paired with
/// the same word of its translation.
fn name_words(english: &str, translated: &str, company: bool) -> Vec<(String, String)> {
    let e: Vec<&str> = english.split_whitespace().collect();
    let t: Vec<&str> = translated.split_whitespace().collect();
    let mut pairs = Vec::new();
    if let (Some(first), Some(t_first)) = (e.first(), t.first()) {
        pairs.push(((*first).to_owned(), (*t_first).to_owned()));
    }
    if e.len() > 1 && !company {
        if let (Some(last), Some(t_last)) = (e.last(), t.last()) {
            pairs.push(((*last).to_owned(), (*t_last).to_owned()));
        }
    }
    pairs.retain(|(word, _)| word.chars().count() >= 4 && word.chars().next().is_some_and(char::is_uppercase));
    pairs
}

/// The part of a name that survives declension (Russian and Azerbaijani add endings).
fn stem(word: &str) -> String {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    let n = word.chars().count();
    if n >= 5 {
        word.chars().take(n - 1).collect()
    } else {
        word.to_owned()
    }
}

fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

fn placeholders(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if after[..close].chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && close > 0 => {
                out.insert(after[..close].to_owned());
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

/// The English numbers of a text with their spelling: `("2400", "2,400")`.
fn number_tokens(english: &str) -> Vec<(String, String)> {
    let values = numbers(english, Lang::En);
    let mut spellings = Vec::new();
    let chars: Vec<char> = english.chars().collect();
    let mut i = 0;
    while i < chars.len() && spellings.len() < values.len() {
        let starts =
            chars[i].is_ascii_digit() && (i == 0 || !(chars[i - 1].is_ascii_digit() || chars[i - 1].is_alphabetic()));
        if !starts {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].is_ascii_digit()
                || (matches!(chars[i], ',' | '.') && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
        {
            i += 1;
        }
        spellings.push(chars[start..i].iter().collect::<String>());
    }
    values
        .into_iter()
        .zip(spellings.into_iter().chain(std::iter::repeat(String::new())))
        .collect()
}

/// Whether a number is a reference rather than a quantity (`§5.2`, `v2.1`, `#4471`): those keep
/// their spelling in every language.
fn is_reference(text: &str, literal: &str) -> bool {
    !literal.is_empty()
        && text
            .match_indices(literal)
            .any(|(i, _)| matches!(text[..i].chars().next_back(), Some('§' | '#' | 'v' | 'V')))
}

/// The numbers of a text, normalised (`2400`, `2400.5`, `0` for `00`), read the way `lang` writes
/// them: thousands grouped by its group separator, fractions after its decimal separator.
pub fn numbers(text: &str, lang: Lang) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let is_group = |c: char| match lang {
        Lang::En => c == ',',
        Lang::Ru => matches!(c, ' ' | '\u{a0}' | '\u{202f}'),
        _ => matches!(c, '.' | '\u{a0}' | '\u{202f}'),
    };
    let decimal = lang.decimal_separator();
    let digit = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !digit(i) || (i > 0 && (digit(i - 1) || chars[i - 1].is_alphabetic())) {
            i += 1;
            continue;
        }
        let mut whole = String::new();
        while digit(i) {
            whole.push(chars[i]);
            i += 1;
        }
        // Groups of exactly three digits after a group separator.
        while i < chars.len() && is_group(chars[i]) && (1..=3).all(|k| digit(i + k)) && !digit(i + 4) {
            whole.extend(&chars[i + 1..i + 4]);
            i += 4;
        }
        let mut fraction = String::new();
        if i < chars.len() && chars[i] == decimal && digit(i + 1) {
            i += 1;
            while digit(i) {
                fraction.push(chars[i]);
                i += 1;
            }
        }
        let whole = whole.trim_start_matches('0');
        let whole = if whole.is_empty() { "0" } else { whole };
        let fraction = fraction.trim_end_matches('0');
        out.push(if fraction.is_empty() {
            whole.to_owned()
        } else {
            format!("{whole}.{fraction}")
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_the_way_each_language_writes_them() {
        assert_eq!(
            numbers("60 trucks at 2,400 EUR, 30-day payment, 1.5 %", Lang::En),
            ["60", "2400", "30", "1.5"]
        );
        assert_eq!(
            numbers("60 camiões a 2.400 EUR, 1,5 %", Lang::Pt),
            ["60", "2400", "1.5"]
        );
        assert_eq!(numbers("2\u{a0}400 евро, 1,5 %", Lang::Ru), ["2400", "1.5"]);
        assert_eq!(numbers("às 10:00", Lang::Pt), ["10", "0"]);
        assert_eq!(numbers("B2B Q3", Lang::En), Vec::<String>::new());
    }

    #[test]
    fn a_section_number_keeps_its_spelling_and_a_company_is_known_by_its_first_word() {
        let names = [("Verdant Fresh".to_owned(), "Verdant Fresh".to_owned(), true)];
        assert!(content_problems("See §5.2 of the brief.", "Veja o §5.2 do briefing.", Lang::Pt, &[], &[]).is_empty());
        assert!(
            content_problems(
                "Fresh produce for Verdant.",
                "Hortifrúti para a Verdant.",
                Lang::Pt,
                &names,
                &[]
            )
            .is_empty()
        );
        assert!(!content_problems("It costs 1.5 %.", "Custa 1.5 %.", Lang::Pt, &[], &[]).is_empty());
    }

    #[test]
    fn a_translation_that_loses_a_number_a_currency_or_a_name_is_an_error() {
        let names = [("Daniel Okafor".to_owned(), "Даниэль Окафор".to_owned(), false)];
        let ok = content_problems(
            "Okafor wants 2,150 EUR.",
            "Окафору нужно 2\u{a0}150 EUR.",
            Lang::Ru,
            &names,
            &[],
        );
        assert!(ok.is_empty(), "{ok:?}");
        let bad = content_problems(
            "Okafor wants 2,150 EUR by {when}.",
            "Он хочет 2,150 евро.",
            Lang::Ru,
            &names,
            &[],
        );
        let codes: Vec<&str> = bad.iter().map(|p| p.0).collect();
        assert_eq!(
            codes,
            [
                "kam::translation::number_missing",
                "kam::translation::currency_missing",
                "kam::translation::name_missing",
                "kam::translation::placeholder_missing"
            ]
        );
    }
}
