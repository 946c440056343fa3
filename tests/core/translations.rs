//! Translations: the translator's round trip (export, translate, change the English, export again)
//! and the promise that a language changes text only.

use std::path::Path;

use kam_sim::core::content::ContentDirs;
use kam_sim::core::engine::Session;
use kam_sim::core::i18n::check::{Sources, check_file};
use kam_sim::core::i18n::component::{Component, SourceText};
use kam_sim::core::i18n::export::{merge, template};
use kam_sim::core::i18n::po::{parse_po, render_po};
use kam_sim::core::i18n::project::{read_catalog, translate_scenario};
use kam_sim::core::i18n::{Lang, Texts};
use kam_sim::core::policy::{self, Policy};
use kam_sim::core::result::result_in;

use super::{root, shipped, shipped_ids};

fn text(key: &str, english: &str) -> SourceText {
    SourceText {
        key: key.into(),
        english: english.into(),
        note: "A line.".into(),
        reference: "scenarios/x.ron:3".into(),
    }
}

fn component(texts: Vec<SourceText>) -> Component {
    Component {
        name: "scenarios/x".into(),
        texts,
    }
}

/// Fills the msgstr of `key` in PO text, as a translator's tool would.
fn translate(po: &str, key: &str, translation: &str) -> String {
    let mut file = parse_po(po).unwrap();
    for entry in &mut file.entries {
        if entry.msgctxt.as_deref() == Some(key) {
            entry.msgstr = Some(translation.into());
            entry.flags.retain(|f| f != "fuzzy");
            entry.previous_msgid = None;
        }
    }
    render_po(&file)
}

#[test]
fn a_changed_english_line_turns_its_translation_fuzzy_and_review_makes_the_file_clean_again() {
    let first = component(vec![
        text("node.a.text", "We can deliver in 30 days."),
        text("node.b.text", "Goodbye."),
    ]);
    let (po, counts) = merge(&first, None, Lang::Ru, None);
    assert_eq!(counts.added, 2);
    let po = translate(&render_po(&po), "node.a.text", "Мы можем поставить за 30 дней.");
    let po = translate(&po, "node.b.text", "До свидания.");
    let (counts, findings) = check_file(
        "ru.po",
        &po,
        Lang::Ru,
        &Sources {
            texts: Some(&first),
            ..Sources::default()
        },
    );
    assert_eq!(
        (counts.translated, counts.fuzzy, counts.missing, counts.errors),
        (2, 0, 0, 0),
        "{findings:?}"
    );

    // The trainer changes one line, removes another and adds a third; export again.
    let second = component(vec![
        text("node.a.text", "We can deliver in 21 days."),
        text("node.c.text", "Welcome."),
    ]);
    let (merged, counts) = merge(&second, Some(&parse_po(&po).unwrap()), Lang::Ru, None);
    assert_eq!(
        (counts.kept, counts.became_fuzzy, counts.added, counts.obsoleted),
        (0, 1, 1, 1)
    );
    let merged = render_po(&merged);
    assert!(
        merged.contains("#, fuzzy\n#| msgid \"We can deliver in 30 days.\"\nmsgctxt \"node.a.text\""),
        "{merged}"
    );
    assert!(
        merged.contains("#~ msgctxt \"node.b.text\"\n#~ msgid \"Goodbye.\"\n#~ msgstr \"До свидания.\""),
        "{merged}"
    );
    let sources = Sources {
        texts: Some(&second),
        ..Sources::default()
    };
    let (counts, _) = check_file("ru.po", &merged, Lang::Ru, &sources);
    assert_eq!((counts.translated, counts.fuzzy, counts.missing), (0, 1, 1));
    // A stale translation is never shown to a player.
    let catalog = kam_sim::core::i18n::Catalog::from_po(Lang::Ru, &parse_po(&merged).unwrap());
    assert_eq!(catalog.get("node.a.text", "We can deliver in 21 days."), None);

    // The translator reviews the fuzzy line and translates the new one: clean again.
    let reviewed = translate(&merged, "node.a.text", "Мы можем поставить за 21 день.");
    let reviewed = translate(&reviewed, "node.c.text", "Добро пожаловать.");
    let (counts, findings) = check_file("ru.po", &reviewed, Lang::Ru, &sources);
    assert_eq!(
        (counts.translated, counts.fuzzy, counts.missing, counts.errors),
        (2, 0, 0, 0),
        "{findings:?}"
    );

    // Exporting once more changes nothing: the round trip is stable.
    let (again, counts) = merge(&second, Some(&parse_po(&reviewed).unwrap()), Lang::Ru, None);
    assert_eq!((counts.kept, counts.became_fuzzy, counts.added), (2, 0, 0));
    assert_eq!(
        render_po(&again),
        render_po(&merge(&second, Some(&again), Lang::Ru, None).0)
    );
}

#[test]
fn a_translation_that_drops_a_number_or_breaks_the_po_syntax_is_an_error_with_its_line() {
    let c = component(vec![text("node.a.text", "2,150 EUR is our floor.")]);
    let po = translate(
        &render_po(&merge(&c, None, Lang::Pt, None).0),
        "node.a.text",
        "Nosso piso é 2150 reais.",
    );
    let (counts, findings) = check_file(
        "pt.po",
        &po,
        Lang::Pt,
        &Sources {
            texts: Some(&c),
            ..Sources::default()
        },
    );
    assert_eq!(counts.errors, 1);
    assert_eq!(findings[0].code, "kam::translation::currency_missing");
    assert_eq!(
        findings[0].line,
        po.lines().position(|l| l.starts_with("msgctxt")).unwrap() + 1 - 2
    );

    let broken = po.replace("msgstr \"Nosso", "msgstr Nosso");
    let (counts, findings) = check_file("pt.po", &broken, Lang::Pt, &Sources::default());
    assert_eq!(counts.errors, 1);
    assert_eq!(findings[0].code, "kam::translation::syntax");
    assert_eq!(
        findings[0].line,
        broken.lines().position(|l| l.starts_with("msgstr Nosso")).unwrap() + 1
    );
}

#[test]
fn the_template_has_every_text_with_its_key_source_note_and_line() {
    let c = component(vec![text("node.a.text", "Hello.")]);
    let pot = render_po(&template(&c));
    assert!(
        pot.contains("#. A line.\n#: scenarios/x.ron:3\nmsgctxt \"node.a.text\"\nmsgid \"Hello.\"\nmsgstr \"\""),
        "{pot}"
    );
}

/// The same inputs played in all five languages give the same scores, mistakes, ending and deal;
/// only the texts differ.
#[test]
fn the_same_inputs_score_identically_in_all_five_languages() {
    let translations = ContentDirs::under(&root()).translations;
    for id in shipped_ids() {
        let english = shipped(&id);
        let component = format!("scenarios/{id}");
        for seed in [1, 7] {
            let played = policy::play(english.clone(), seed, Policy::Random).unwrap();
            let inputs = played.played_inputs_ms();
            let mut results = Vec::new();
            for lang in Lang::ALL {
                let catalog = read_catalog(&translations, &component, lang).unwrap();
                let (scenario, _) = translate_scenario(&english, &catalog);
                let texts = Texts::load(&translations, lang).unwrap();
                let mut session = Session::new(scenario, seed);
                for (at_ms, action) in &inputs {
                    session.apply_at_ms(*at_ms, action).unwrap();
                }
                results.push((lang, result_in(&session, None, &texts).unwrap()));
            }
            let (_, en) = &results[0];
            for (lang, r) in &results[1..] {
                let what = format!("{id} seed {seed} in {lang}");
                assert_eq!(
                    (r.score, r.grade, &r.ending, r.outcome),
                    (en.score, en.grade, &en.ending, en.outcome),
                    "{what}"
                );
                assert_eq!(r.competencies, en.competencies, "{what}");
                let ids = |r: &kam_sim::core::result::RunResult| -> Vec<(String, Option<String>, u64)> {
                    r.mistakes
                        .iter()
                        .map(|m| (m.id.clone(), m.node.clone(), (m.at_seconds * 1000.0).round() as u64))
                        .collect()
                };
                assert_eq!(ids(r), ids(en), "{what}");
                assert_eq!(
                    r.deal.as_ref().map(|d| (d.price, d.closed)),
                    en.deal.as_ref().map(|d| (d.price, d.closed)),
                    "{what}"
                );
                assert_eq!(r.transcript.len(), en.transcript.len(), "{what}");
                let translated = !read_catalog(&translations, &component, *lang).unwrap().is_empty();
                if translated {
                    assert_ne!(r.title, en.title, "{what}: the title should be translated");
                }
            }
        }
    }
}

#[test]
fn every_shipped_po_file_reads_and_every_language_has_every_component() {
    let translations = root().join("translations");
    let mut read = 0;
    for entry in walk(&translations) {
        if entry.extension().is_some_and(|e| e == "po" || e == "pot") {
            let text = std::fs::read_to_string(&entry).unwrap();
            parse_po(&text).unwrap_or_else(|e| panic!("{}: {e}", entry.display()));
            read += 1;
        }
    }
    // Interface, vocabulary, profiles and twelve scenarios: a template and four languages each.
    assert_eq!(read, (3 + shipped_ids().len()) * 5);
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// A player reading any language sees letters, never boxes: ə, ğ, ı, ş, ã, ç, ñ, Cyrillic… are all
/// in the font the game embeds (checked against the font's own character map).
#[test]
fn every_character_of_every_shipped_text_is_in_the_embedded_font() {
    let font = std::fs::read(root().join("assets/fonts/DejaVuSans.ttf")).unwrap();
    let face = ttf_parser::Face::parse(&font, 0).unwrap();
    let mut missing: std::collections::BTreeMap<char, String> = std::collections::BTreeMap::new();
    let mut checked = 0;
    for path in walk(&root().join("translations")) {
        if path.extension().is_none_or(|e| e != "po") {
            continue;
        }
        let file = parse_po(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for entry in &file.entries {
            let key = entry.msgctxt.clone().unwrap_or_default();
            for text in [Some(&entry.msgid), entry.msgstr.as_ref()].into_iter().flatten() {
                for c in text.chars().filter(|c| !matches!(c, '\n' | '\t')) {
                    checked += 1;
                    if face.glyph_index(c).is_none() {
                        missing
                            .entry(c)
                            .or_insert_with(|| format!("{} ({key})", path.display()));
                    }
                }
            }
        }
    }
    assert!(checked > 500_000, "every text was read ({checked} characters)");
    assert!(missing.is_empty(), "characters the font cannot draw: {missing:#?}");
    for c in ['ə', 'ğ', 'ı', 'ş', 'ã', 'ç', 'ñ', 'ж', 'ё', '\u{a0}'] {
        assert!(face.glyph_index(c).is_some(), "{c}");
    }
    // The check can fail: a script the font does not cover is reported.
    assert!(face.glyph_index('中').is_none());
}
