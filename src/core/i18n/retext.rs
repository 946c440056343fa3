//! A stored result shown in another language.
//!
//! Results are recorded in the scenario's source language (see `AssessmentRunner`), so that a
//! translation edited later can never make a signed result unverifiable. A report in another
//! language translates the copy it shows, text by text, through the same keys the game uses: a
//! text is translated only when the result's English is the source the translation was made from;
//! anything else stays as recorded (and is counted). Sentences kam-sim wrote itself ("You arrived
//! 7 min late…") are recognised by their template and rewritten with the same values.

use super::interface::{self as ui, UiText};
use super::{Catalog, Texts};
use crate::core::result::RunResult;

/// The engine's sentences that carry values, with the placeholders whose values are scenario texts.
const SENTENCES: &[(&UiText, &[&str])] = &[
    (&ui::ENGINE_LATE, &[]),
    (&ui::ENGINE_INTERRUPTED, &["name"]),
    (&ui::ENGINE_GAP, &["item"]),
    (&ui::ENGINE_ASKED_FOR, &["item"]),
    (&ui::ENGINE_CONCESSION, &[]),
    (&ui::ENGINE_BELOW_FLOOR, &[]),
];

/// `result` with its texts in the language of `texts`, and how many stayed as recorded.
pub fn retext_result(result: &RunResult, scenario: &Catalog, texts: &Texts) -> (RunResult, usize) {
    let mut r = result.clone();
    let mut kept = 0;
    let tr = |key: &str, text: &mut String| match scenario.get(key, text) {
        Some(t) => {
            *text = t.to_owned();
            0
        }
        None => 1,
    };
    kept += tr("scenario.title", &mut r.title);
    kept += tr(&format!("ending.{}.title", r.ending), &mut r.ending_title);
    if let Some(deal) = &mut r.deal {
        kept += tr("deal.unit", &mut deal.unit);
    }
    for m in &mut r.mistakes {
        if let (Some(node), Some(option), Some(quote)) = (&m.node, &m.option, &mut m.quote) {
            kept += tr(&format!("option.{node}.{option}.text"), quote);
        }
        let candidates: Vec<String> = [
            m.node
                .as_ref()
                .zip(m.option.as_ref())
                .map(|(n, o)| format!("option.{n}.{o}.explain")),
            m.node.as_ref().map(|n| format!("timer.{n}.explain")),
            Some(format!("coaching.{}", m.id)),
        ]
        .into_iter()
        .flatten()
        .collect();
        let id = m.id.clone();
        for (part, text) in [
            ("happened", &mut m.explanation.happened),
            ("cost", &mut m.explanation.cost),
            ("better", &mut m.explanation.better),
        ] {
            let from_scenario = candidates
                .iter()
                .find_map(|prefix| scenario.get(&format!("{prefix}.{part}"), text));
            if let Some(t) = from_scenario {
                *text = t.to_owned();
            } else if let Some(t) = builtin(texts, &id, part, text) {
                *text = t;
            } else if let Some(t) = engine_sentence(text, scenario, texts) {
                *text = t;
            } else {
                kept += 1;
            }
        }
    }
    (r, kept)
}

/// The built-in coaching of a mistake, when `english` is its English.
fn builtin(texts: &Texts, id: &str, part: &str, english: &str) -> Option<String> {
    let kind = crate::core::vocab::MistakeKind::ALL.iter().find(|k| k.id() == id)?;
    let e = kind.default_explanation();
    let source = match part {
        "happened" => e.happened,
        "cost" => e.cost,
        _ => e.better,
    };
    (source == english).then(|| {
        let translated = texts.default_explanation(*kind);
        match part {
            "happened" => translated.happened,
            "cost" => translated.cost,
            _ => translated.better,
        }
    })
}

/// A pass-rule line of a result ("met: average score 62, at least 60 required") in the language of
/// `texts`, or the line as recorded when it is not one kam-sim writes.
pub fn rule_check(english: &str, texts: &Texts) -> String {
    let rules = [
        &ui::REPORT_RULE_AVERAGE,
        &ui::REPORT_RULE_LOWEST,
        &ui::REPORT_RULE_COMPETENCIES,
        &ui::REPORT_RULE_CRITICAL,
    ];
    for (outcome, prefix) in [(&ui::REPORT_RULE_MET, "met: "), (&ui::REPORT_RULE_NOT_MET, "not met: ")] {
        let Some(rule) = english.strip_prefix(prefix) else {
            continue;
        };
        for template in rules {
            if let Some(values) = match_template(template.english, rule) {
                let pairs: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
                return texts.fill(outcome, &[("rule", &texts.fill(template, &pairs))]);
            }
        }
    }
    english.to_owned()
}

/// One of the engine's sentences, recognised by its English template and written again in the
/// language of `texts` with the same values (scenario texts among them translated).
fn engine_sentence(english: &str, scenario: &Catalog, texts: &Texts) -> Option<String> {
    for (template, scenario_values) in SENTENCES {
        let Some(values) = match_template(template.english, english) else {
            continue;
        };
        let values: Vec<(&str, String)> = values
            .into_iter()
            .map(|(name, value)| {
                let value = if scenario_values.contains(&name) {
                    scenario.translation_of(&value).map_or(value, str::to_owned)
                } else {
                    value
                };
                (name, value)
            })
            .collect();
        let pairs: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
        return Some(texts.fill(template, &pairs));
    }
    None
}

/// The values of the placeholders of `template` in `text`, if `text` is the template filled in.
pub fn match_template<'t>(template: &'t str, text: &str) -> Option<Vec<(&'t str, String)>> {
    let mut values = Vec::new();
    let mut rest = text;
    let mut pattern = template;
    loop {
        let Some(open) = pattern.find('{') else {
            return (rest == pattern).then_some(values);
        };
        let literal = &pattern[..open];
        rest = rest.strip_prefix(literal)?;
        let close = open + pattern[open..].find('}')?;
        let name = &pattern[open + 1..close];
        pattern = &pattern[close + 1..];
        // The value runs to the next literal part of the template (or to the end).
        let next_literal = pattern.find('{').map_or(pattern, |i| &pattern[..i]);
        let end = if next_literal.is_empty() {
            rest.len()
        } else {
            rest.rfind(next_literal)?
        };
        values.push((name, rest[..end].to_owned()));
        rest = &rest[end..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filled_template_gives_back_its_values() {
        let values = match_template(
            "You arrived {minutes} min late for the {time} meeting.",
            "You arrived 7 min late for the 10:00 meeting.",
        );
        assert_eq!(
            values,
            Some(vec![("minutes", "7".to_owned()), ("time", "10:00".to_owned())])
        );
        assert_eq!(
            match_template("You cut in while {name} was still speaking.", "Something else."),
            None
        );
    }
}
