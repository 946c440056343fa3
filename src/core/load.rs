//! Loading authored RON files into checked values, with every problem reported as a diagnostic.
//!
//! [`load_scenario_text`] is *the* function behind `kam-sim check`, `run`, `analyze` and the game's
//! asset loader, so all of them accept and reject exactly the same files with the same messages.

use std::path::Path;
use std::sync::Arc;

use ron::extensions::Extensions;
use serde::de::DeserializeOwned;

use super::compile::{CompiledScenario, compile};
use super::diagnostic::{Diagnostic, FileReport, locate};
use super::model::Scenario;
use super::source::{ReadError, Span, offset_of, read_text};
use super::validate::validate;

/// Codes for problems found before semantic validation.
pub mod codes {
    /// The file cannot be read.
    pub const UNREADABLE: &str = "kam::file::unreadable";
    /// The file is too large.
    pub const TOO_LARGE: &str = "kam::file::too_large";
    /// The file is not UTF-8.
    pub const NOT_UTF8: &str = "kam::file::not_utf8";
    /// RON syntax error, or nesting deeper than allowed.
    pub const SYNTAX: &str = "kam::ron::syntax";
    /// A field name that the format does not have.
    pub const UNKNOWN_FIELD: &str = "kam::ron::unknown_field";
    /// A required field is missing.
    pub const MISSING_FIELD: &str = "kam::ron::missing_field";
    /// A field is given twice.
    pub const DUPLICATE_FIELD: &str = "kam::ron::duplicate_field";
    /// An identifier that is not one of the allowed variants.
    pub const UNKNOWN_VARIANT: &str = "kam::ron::unknown_variant";
    /// A value of the wrong type or form.
    pub const INVALID_VALUE: &str = "kam::ron::invalid_value";
    /// A reference validation should have caught (a bug).
    pub const INTERNAL: &str = "kam::internal";
    /// Another kind of project file (inputs, assessment, profile) read as a scenario.
    pub const NOT_A_SCENARIO: &str = "kam::file::not_a_scenario";
}

/// How inputs files kept beside scenarios are named, so that `check`, `list`, `library` and the game
/// skip them (`kam-sim run … --save-inputs play.inputs.ron`).
pub const INPUTS_SUFFIX: &str = ".inputs.ron";

/// The name of a RON document's top-level struct (`Scenario`, `Inputs`, `Assessment` …), after any
/// comments and `#![enable(…)]` attributes: what kind of project file a text is.
pub fn file_kind(text: &str) -> Option<&str> {
    top_level_name(text).map(|(name, _)| name)
}

/// The name of a RON document's top-level struct (`Scenario`, `Inputs` …) and where it is, after
/// any comments and `#![enable(…)]` attributes.
fn top_level_name(text: &str) -> Option<(&str, Span)> {
    let mut at = 0;
    loop {
        let rest = text.get(at..)?;
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        if trimmed.starts_with("//") {
            at += trimmed.find('\n').map_or(trimmed.len(), |i| i + 1);
        } else if let Some(body) = trimmed.strip_prefix("/*") {
            at += 2 + body.find("*/")? + 2;
        } else if trimmed.starts_with("#![") {
            at += trimmed.find(']')? + 1;
        } else {
            let end = trimmed
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(trimmed.len());
            return (end > 0).then(|| {
                (
                    &trimmed[..end],
                    Span {
                        start: at,
                        end: at + end,
                    },
                )
            });
        }
    }
}

/// A file of another kind read as a scenario: said as such, rather than as the first field the
/// scenario format lacks.
fn another_kind_of_file(text: &str) -> Option<Diagnostic> {
    let (name, span) = top_level_name(text)?;
    let (what, help) = match name {
        "Inputs" => (
            "an inputs file (timed inputs for `kam-sim run --inputs`)",
            format!("keep inputs files as `<name>{INPUTS_SUFFIX}`: check, list, library and the game skip them"),
        ),
        "Assessment" => (
            "an assessment file",
            "assessments belong in the assessments folder (`kam-sim assess`), not among the scenarios".to_owned(),
        ),
        "Profile" => (
            "a competency profile",
            "profiles belong in the profiles folder (`--profile`), not among the scenarios".to_owned(),
        ),
        _ => return None,
    };
    let mut d = Diagnostic::file_error(codes::NOT_A_SCENARIO, format!("this is {what}, not a scenario"))
        .with_help(help)
        .with_label("a scenario file starts with `Scenario(`");
    d.span = Some(span);
    Some(d)
}

/// Nesting deeper than this is refused (protects against stack exhaustion on hostile files).
pub const MAX_NESTING: usize = 64;

/// The result of loading one scenario file.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    /// Everything found, errors and warnings.
    pub report: FileReport,
    /// The playable scenario, when there were no errors.
    pub scenario: Option<Arc<CompiledScenario>>,
}

/// Reads and checks a scenario file.
pub fn load_scenario_file(path: &Path) -> LoadedScenario {
    let name = path.display().to_string();
    match read_text(path) {
        Ok(text) => load_scenario_text(&name, &text),
        Err(e) => LoadedScenario {
            report: unreadable(&name, &e),
            scenario: None,
        },
    }
}

/// Parses, validates and compiles scenario text; `name` is how the file is shown in diagnostics.
pub fn load_scenario_text(name: &str, text: &str) -> LoadedScenario {
    let source: Arc<str> = Arc::from(text);
    let mut report = FileReport {
        file: name.to_owned(),
        source: Some(source.clone()),
        diagnostics: Vec::new(),
    };
    let parsed: Scenario = match parse_ron(text) {
        Ok(s) => s,
        Err(d) => {
            report.diagnostics.push(another_kind_of_file(text).unwrap_or(*d));
            return LoadedScenario { report, scenario: None };
        }
    };
    report.diagnostics = validate(&parsed);
    locate(&source, &mut report.diagnostics);
    report.diagnostics.sort_by_key(|d| d.span.map_or(0, |s| s.start));
    if report.errors() > 0 {
        return LoadedScenario { report, scenario: None };
    }
    match compile(parsed) {
        Ok(compiled) => LoadedScenario {
            report,
            scenario: Some(Arc::new(compiled)),
        },
        Err(e) => {
            report
                .diagnostics
                .push(Diagnostic::file_error(codes::INTERNAL, e.to_string()));
            LoadedScenario { report, scenario: None }
        }
    }
}

/// Reads any RON document of this project (profiles, inputs), reporting problems as a [`FileReport`].
pub fn load_ron_file<T: DeserializeOwned>(path: &Path) -> Result<T, FileReport> {
    let name = path.display().to_string();
    let text = read_text(path).map_err(|e| unreadable(&name, &e))?;
    load_ron_text(&name, &text)
}

/// Parses a RON document of this project from text.
pub fn load_ron_text<T: DeserializeOwned>(name: &str, text: &str) -> Result<T, FileReport> {
    parse_ron(text).map_err(|d| FileReport {
        file: name.to_owned(),
        source: Some(Arc::from(text)),
        diagnostics: vec![*d],
    })
}

/// The options every project file is read with: `Some(…)` may be omitted, nesting is bounded.
pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING)
}

fn parse_ron<T: DeserializeOwned>(text: &str) -> Result<T, Box<Diagnostic>> {
    ron_options()
        .from_str(text)
        .map_err(|e| Box::new(syntax_diagnostic(text, &e)))
}

fn syntax_diagnostic(text: &str, e: &ron::error::SpannedError) -> Diagnostic {
    use ron::Error as E;
    let (code, help) = match &e.code {
        E::NoSuchStructField { .. } => (
            codes::UNKNOWN_FIELD,
            "remove the field or fix its spelling; docs/scenario-format.md lists every field",
        ),
        E::MissingStructField { .. } => (
            codes::MISSING_FIELD,
            "add the field; docs/scenario-format.md says what it holds",
        ),
        E::DuplicateStructField { .. } => (codes::DUPLICATE_FIELD, "keep one of the two"),
        E::NoSuchEnumVariant { .. } => (codes::UNKNOWN_VARIANT, "use one of the names listed"),
        E::ExceededRecursionLimit => (codes::SYNTAX, "the file is nested too deeply; flatten it"),
        E::InvalidValueForType { .. } | E::Message(_) => (
            codes::INVALID_VALUE,
            "see docs/scenario-format.md for the expected form",
        ),
        _ => (
            codes::SYNTAX,
            "check brackets, commas and quotes just before this point",
        ),
    };
    let start = offset_of(text, e.span.start.line, e.span.start.col);
    let end = offset_of(text, e.span.end.line, e.span.end.col).max(start);
    let (message, help) = explained(text, start, &e.code).unwrap_or_else(|| (e.code.to_string(), help.to_owned()));
    let mut d = Diagnostic::error(code, String::new(), message)
        .with_help(help)
        .with_label(label_for(&e.code));
    d.path = None;
    d.span = Some(Span {
        start,
        end: end.max(start + usize::from(start < text.len())),
    });
    d
}

/// The name of the field whose value starts at `at`: the identifier before the `:` in front of it.
fn field_before(text: &str, at: usize) -> Option<&str> {
    let before = text.get(..at.min(text.len()))?.trim_end();
    let before = before.strip_suffix(':')?.trim_end();
    // After the last character that cannot be part of a name (which may take several bytes).
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    before.get(start..).filter(|f| !f.is_empty())
}

/// A type name in words: `MistakeKind` → "mistake kind".
fn words_of(camel: &str) -> String {
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Whether the error at `at` is a `#` meant as a comment (ron points at it or just after it).
fn hash_comment_at(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    let at = at.min(bytes.len());
    let here = bytes.get(at) == Some(&b'#') && !bytes[at..].starts_with(b"#![");
    let just_before = at > 0 && bytes[at - 1] == b'#' && bytes.get(at) != Some(&b'!');
    here || just_before
}

/// Words for the errors whose ron message misleads an author: what they meant and what to do.
fn explained(text: &str, at: usize, e: &ron::Error) -> Option<(String, String)> {
    use ron::Error as E;
    match e {
        // `kind: difficult-meeting`: ron suggests a raw identifier, which only leads to a second error.
        E::SuggestRawIdentifier(name) => Some((
            format!("`{name}` is not a name: names are written with `_`, not `-`"),
            format!("write `{}`", name.replace('-', "_")),
        )),
        // ron names our internal type (`EncounterKind`); the author wrote a field.
        E::NoSuchEnumVariant { expected, found, outer } => {
            let what = match (field_before(text, at), outer) {
                (Some(field), _) => format!("for `{field}`"),
                (None, Some(kind)) => format!("for a {}", words_of(kind)),
                (None, None) => "here".to_owned(),
            };
            Some((
                format!("`{found}` is not a valid value {what}"),
                format!("use one of: {}", expected.join(", ")),
            ))
        }
        // `(id: "a", next: "b",\n ],`: a forgotten `)` makes ron expect another field name at the
        // `]` that follows ("Expected identifier" on the next line). Say which bracket is open.
        _ if unclosed_before(text, at).is_some() => unclosed_before(text, at).map(|(open, opened_at, closer)| {
            let (line, column) = super::source::line_column(text, opened_at);
            let wanted = closing(open);
            (
                format!("`{open}` opened at line {line}, column {column} is not closed before this `{closer}`"),
                format!("add `{wanted}` where what it opened ends, before this `{closer}`"),
            )
        }),
        // `# note`: RON has no `#` comments, and ron's "expected …" says nothing about comments.
        _ if hash_comment_at(text, at) => Some((
            "`#` does not start a comment in RON".to_owned(),
            "RON comments start with `//` (or `/* … */`)".to_owned(),
        )),
        _ => None,
    }
}

/// The bracket that closes `open`.
fn closing(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

/// When the character at `at` is a closing bracket that does not match the innermost bracket still
/// open before it: that bracket, where it was opened, and the closing bracket found.
fn unclosed_before(text: &str, at: usize) -> Option<(char, usize, char)> {
    let found = text
        .get(at..)?
        .chars()
        .next()
        .filter(|c| matches!(c, ')' | ']' | '}'))?;
    let mut open: Vec<(char, usize)> = Vec::new();
    let mut chars = text.get(..at)?.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                // A string: skip to its unescaped end.
                while let Some((_, s)) = chars.next() {
                    match s {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '/' if chars.peek().map(|p| p.1) == Some('/') => {
                for (_, s) in chars.by_ref() {
                    if s == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek().map(|p| p.1) == Some('*') => {
                chars.next();
                let mut star = false;
                for (_, s) in chars.by_ref() {
                    if star && s == '/' {
                        break;
                    }
                    star = s == '*';
                }
            }
            '(' | '[' | '{' => open.push((c, i)),
            ')' | ']' | '}' => {
                open.pop();
            }
            _ => {}
        }
    }
    let &(innermost, opened_at) = open.last()?;
    (closing(innermost) != found).then_some((innermost, opened_at, found))
}

fn label_for(e: &ron::Error) -> &'static str {
    use ron::Error as E;
    match e {
        E::NoSuchStructField { .. } => "unknown field",
        E::MissingStructField { .. } => "missing field",
        E::DuplicateStructField { .. } => "given twice",
        E::NoSuchEnumVariant { .. } => "unknown name",
        E::ExceededRecursionLimit => "too deep",
        E::InvalidValueForType { .. } | E::Message(_) => "invalid value",
        _ => "here",
    }
}

fn unreadable(name: &str, e: &ReadError) -> FileReport {
    let code = match e {
        ReadError::Io { .. } => codes::UNREADABLE,
        ReadError::TooLarge { .. } => codes::TOO_LARGE,
        ReadError::NotUtf8 { .. } => codes::NOT_UTF8,
    };
    let help = match e {
        ReadError::Io { .. } => "check the path and the file's permissions",
        ReadError::TooLarge { .. } => "scenario files are a few hundred kilobytes at most; is this the right file?",
        ReadError::NotUtf8 { .. } => "save the file as UTF-8",
    };
    FileReport {
        file: name.to_owned(),
        source: None,
        diagnostics: vec![Diagnostic::file_error(code, e.to_string()).with_help(help)],
    }
}
