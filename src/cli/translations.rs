//! `kam-sim translations export|check`: the translator's round trip with gettext PO files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use serde::Serialize;

use super::error::CliError;
use super::output::write_replacing;
use super::{Format, Outcome, print_json};
use crate::core::content::ContentDirs;
use crate::core::i18n::Lang;
use crate::core::i18n::check::{FileCounts, Finding, Severity, Sources, check_file};
use crate::core::i18n::export::{Change, MergeCounts, merge, template};
use crate::core::i18n::po::{parse_po, render_po};
use crate::core::i18n::project::{ProjectComponent, project_components, read_catalog};
use crate::core::source::read_text;

/// The translation commands.
#[derive(Subcommand)]
pub(crate) enum TranslationsCommand {
    /// Create or update the templates (.pot) and the PO files of every language from the English
    /// sources, the way msgmerge does: translations kept, changed sources marked fuzzy (old text
    /// kept as `#| msgid`), vanished keys made obsolete (`#~`), new keys untranslated.
    Export {
        /// Only this language's PO files (the templates are always updated).
        #[arg(long)]
        lang: Option<Lang>,
    },
    /// Report per language and file: translated, fuzzy, missing, and errors (broken PO syntax,
    /// empty texts, numbers, amounts, currencies, names or placeholders the translation lost).
    Check {
        /// A translations folder, one component's folder, or one PO file (default: the
        /// translations folder).
        path: Option<PathBuf>,
        /// Only this language.
        #[arg(long)]
        lang: Option<Lang>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Exit 1 when anything is fuzzy or missing, too.
        #[arg(long)]
        deny_warnings: bool,
    },
}

pub(crate) fn run(command: &TranslationsCommand, dirs: &ContentDirs) -> Outcome {
    match *command {
        TranslationsCommand::Export { lang } => export(dirs, lang),
        TranslationsCommand::Check {
            ref path,
            lang,
            format,
            deny_warnings,
        } => check(dirs, path.as_deref(), lang, format, deny_warnings),
    }
}

/// Why an export stopped before writing anything, and what to do.
const NOTHING_EXPORTED: &str = "nothing was exported: fix this file first (or move it away)";

fn languages(only: Option<Lang>) -> Vec<Lang> {
    match only {
        Some(Lang::En) => vec![],
        Some(lang) => vec![lang],
        None => Lang::TRANSLATED.to_vec(),
    }
}

/// Writes `text` to `path` unless it already holds it.
fn write_if_changed(path: &Path, text: &str) -> Result<Change, CliError> {
    let existing = std::fs::read_to_string(path).ok();
    if existing.as_deref() == Some(text) {
        return Ok(Change::Unchanged);
    }
    write_replacing(path, text.as_bytes())?;
    Ok(if existing.is_some() {
        Change::Updated
    } else {
        Change::Created
    })
}

fn export(dirs: &ContentDirs, only: Option<Lang>) -> Outcome {
    if only == Some(Lang::En) {
        return Err(CliError::refused(
            "English is the source language: there is no en.po to export (the templates are the English texts)",
            "export the other languages: leave out --lang, or give pt, es, ru or az",
        ));
    }
    let (components, problems) = project_components(dirs);
    for problem in &problems {
        eprintln!("warning: {problem}");
    }
    let root = &dirs.translations;
    // Read every existing PO file first: a file that cannot be read stops the export before
    // anything is written, so a translator's work is never replaced by a fresh file.
    let mut existing = BTreeMap::new();
    for pc in &components {
        for lang in languages(only) {
            let path = pc.component.po_path(root, lang);
            if !path.exists() {
                continue;
            }
            let text = read_text(&path).map_err(|error| CliError::CannotRead {
                path: path.clone(),
                error,
                help: Some(NOTHING_EXPORTED),
            })?;
            let po = parse_po(&text).map_err(|e| CliError::Refused {
                message: format!("{}:{}:{}: {}", path.display(), e.line, e.column, e.message),
                help: Some(NOTHING_EXPORTED.into()),
            })?;
            existing.insert(path, po);
        }
    }
    let mut totals = MergeCounts::default();
    let (mut created, mut updated) = (0, 0);
    let mut count = |change: Change| match change {
        Change::Created => created += 1,
        Change::Updated => updated += 1,
        Change::Unchanged => {}
    };
    for pc in &components {
        let c = &pc.component;
        count(write_if_changed(&c.template_path(root), &render_po(&template(c)))?);
        for lang in languages(only) {
            let path = c.po_path(root, lang);
            // The translations that stand behind this folder (the shipped ones) fill what is new.
            let compendium = read_catalog(root, &c.name, lang).ok();
            let (po, counts) = merge(c, existing.get(&path), lang, compendium.as_ref());
            let change = write_if_changed(&path, &render_po(&po))?;
            count(change);
            if counts.became_fuzzy + counts.obsoleted > 0 || (change != Change::Unchanged && counts.added > 0) {
                println!(
                    "{}: {} new, {} now fuzzy, {} obsolete",
                    path.display(),
                    counts.added,
                    counts.became_fuzzy,
                    counts.obsoleted
                );
            }
            totals.kept += counts.kept;
            totals.became_fuzzy += counts.became_fuzzy;
            totals.added += counts.added;
            totals.obsoleted += counts.obsoleted;
            totals.from_compendium += counts.from_compendium;
        }
    }
    println!(
        "{} components into {}: {created} files created, {updated} updated; {} translations kept, {} taken from the shipped translations, {} now fuzzy, {} untranslated, {} obsolete",
        components.len(),
        root.display(),
        totals.kept,
        totals.from_compendium,
        totals.became_fuzzy,
        totals.added,
        totals.obsoleted
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct LanguageReport {
    lang: Lang,
    translated: usize,
    fuzzy: usize,
    missing: usize,
    errors: usize,
    files: Vec<FileCounts>,
}

#[derive(Serialize)]
struct CheckReport {
    languages: Vec<LanguageReport>,
    diagnostics: Vec<Finding>,
}

/// The PO files under `path` (or `path` itself), sorted.
fn po_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_file() {
        out.push(path.to_path_buf());
        return;
    }
    let Ok(entries) = std::fs::read_dir(path) else { return };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            po_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "po") {
            out.push(p);
        }
    }
}

/// The component a PO file belongs to: the one whose folder the file is in.
fn component_of<'a>(file: &Path, components: &'a [ProjectComponent]) -> Option<&'a ProjectComponent> {
    let folder = file.parent()?;
    components.iter().find(|pc| folder.ends_with(&pc.component.name))
}

fn check(dirs: &ContentDirs, path: Option<&Path>, only: Option<Lang>, format: Format, deny_warnings: bool) -> Outcome {
    let root = path.unwrap_or(&dirs.translations);
    if !root.exists() {
        return Err(CliError::NotFound {
            message: format!("{}: no such file or folder", root.display()),
            help: Some("translations are exported with `kam-sim translations export`".into()),
        });
    }
    let (components, problems) = project_components(dirs);
    let mut files = Vec::new();
    po_files(root, &mut files);
    let mut reports: BTreeMap<Lang, LanguageReport> = BTreeMap::new();
    let mut diagnostics = Vec::new();
    for file in &files {
        let shown = file.display().to_string();
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(lang) = Lang::from_code(&stem).filter(|l| *l != Lang::En && l.code() == stem) else {
            diagnostics.push(Finding {
                file: shown,
                line: 1,
                severity: Severity::Error,
                code: "kam::translation::file_name",
                message: format!("a PO file is named after its language: pt.po, es.po, ru.po or az.po (not {stem}.po)"),
            });
            continue;
        };
        if only.is_some_and(|l| l != lang) {
            continue;
        }
        let text = match read_text(file) {
            Ok(text) => text,
            Err(e) => {
                diagnostics.push(Finding {
                    file: shown,
                    line: 1,
                    severity: Severity::Error,
                    code: "kam::translation::unreadable",
                    message: e.to_string(),
                });
                continue;
            }
        };
        let component = component_of(file, &components);
        let sources = component.map_or_else(Sources::default, ProjectComponent::sources);
        let (counts, findings) = check_file(&shown, &text, lang, &sources);
        diagnostics.extend(findings);
        add(&mut reports, lang, counts);
    }
    // A component that has no PO file for a language is missing all its texts there.
    if root.is_dir() {
        for pc in &components {
            let folder = pc.component.dir(&dirs.translations);
            if !folder.starts_with(root) && !root.starts_with(&dirs.translations) {
                continue;
            }
            if !folder.starts_with(root) {
                continue;
            }
            for lang in languages(only) {
                let po = pc.component.po_path(&dirs.translations, lang);
                if !po.exists() {
                    diagnostics.push(Finding {
                        file: po.display().to_string(),
                        line: 1,
                        severity: Severity::Warning,
                        code: "kam::translation::no_file",
                        message: format!(
                            "no {} translation of `{}` yet: run `kam-sim translations export --lang {}`",
                            lang.code(),
                            pc.component.name,
                            lang.code()
                        ),
                    });
                    add(
                        &mut reports,
                        lang,
                        FileCounts {
                            file: po.display().to_string(),
                            missing: pc.component.texts.len(),
                            ..FileCounts::default()
                        },
                    );
                }
            }
        }
    }
    let report = CheckReport {
        languages: reports.into_values().collect(),
        diagnostics,
    };
    let errors: usize = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let unfinished: usize = report.languages.iter().map(|l| l.fuzzy + l.missing).sum();
    let warnings = report.diagnostics.len() - errors;
    match format {
        Format::Json => {
            print_json(&report)?;
        }
        Format::Human => {
            for problem in &problems {
                eprintln!("warning: {problem}");
            }
            for d in &report.diagnostics {
                let level = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                println!("{}:{}: {level}[{}]: {}", d.file, d.line, d.code, d.message);
            }
            println!(
                "{:<6} {:>10} {:>6} {:>8} {:>7}",
                "lang", "translated", "fuzzy", "missing", "errors"
            );
            for l in &report.languages {
                println!(
                    "{:<6} {:>10} {:>6} {:>8} {:>7}",
                    l.lang.code(),
                    l.translated,
                    l.fuzzy,
                    l.missing,
                    l.errors
                );
            }
            if report.languages.is_empty() {
                println!("(no PO files under {})", root.display());
            }
        }
    }
    let failed = errors > 0 || (deny_warnings && (unfinished > 0 || warnings > 0));
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn add(reports: &mut BTreeMap<Lang, LanguageReport>, lang: Lang, counts: FileCounts) {
    let r = reports.entry(lang).or_insert_with(|| LanguageReport {
        lang,
        translated: 0,
        fuzzy: 0,
        missing: 0,
        errors: 0,
        files: Vec::new(),
    });
    r.translated += counts.translated;
    r.fuzzy += counts.fuzzy;
    r.missing += counts.missing;
    r.errors += counts.errors;
    r.files.push(counts);
}
