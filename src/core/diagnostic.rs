//! Findings about an authored file, and how they are shown: as a code frame for people, as JSON for tools.
//!
//! The same rendering is used by `kam-sim check` and by the game's hot reload, so a trainer sees
//! identical text in both places.

use std::fmt;
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceSpan};
use serde::Serialize;

use super::source::{SourceMap, Span, line_column};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Worth fixing; the scenario still plays.
    Warning,
    /// The scenario cannot be played.
    Error,
}

/// One finding about a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Stable machine-readable code, e.g. `kam::scenario::unknown_node`.
    pub code: &'static str,
    /// Error or warning.
    pub level: Level,
    /// One sentence saying what is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// Where in the document, as a path (`nodes[3].next`); resolved to `span` by [`locate`].
    pub path: Option<String>,
    /// Where in the text.
    pub span: Option<Span>,
    /// Short text under the highlighted span.
    pub label: Option<String>,
    /// A second place worth showing ("first defined here"), as a path and a label.
    pub related: Option<(String, String)>,
    /// The resolved span of `related`.
    pub related_span: Option<Span>,
}

impl Diagnostic {
    /// An error about the value at `path`.
    pub fn error(code: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(code, Level::Error, path, message)
    }

    /// A warning about the value at `path`.
    pub fn warning(code: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(code, Level::Warning, path, message)
    }

    fn new(code: &'static str, level: Level, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            level,
            message: message.into(),
            help: None,
            path: Some(path.into()),
            span: None,
            label: None,
            related: None,
            related_span: None,
        }
    }

    /// A finding about the file as a whole (cannot be read, too large …).
    pub fn file_error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            path: None,
            ..Self::new(code, Level::Error, String::new(), message)
        }
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a label under the highlighted span.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a second highlighted place.
    pub fn with_related(mut self, path: impl Into<String>, label: impl Into<String>) -> Self {
        self.related = Some((path.into(), label.into()));
        self
    }
}

/// Resolves the paths of `diagnostics` to spans in `source`; builds the source map only if needed.
pub fn locate(source: &str, diagnostics: &mut [Diagnostic]) {
    if diagnostics.iter().all(|d| d.span.is_some() || d.path.is_none()) {
        return;
    }
    let wanted = diagnostics
        .iter()
        .flat_map(|d| d.path.iter().chain(d.related.iter().map(|(p, _)| p)))
        .map(String::as_str);
    let map = SourceMap::build_for(source, wanted);
    for d in diagnostics {
        if d.span.is_none() {
            d.span = d.path.as_deref().and_then(|p| map.find(p));
        }
        if let Some((path, _)) = &d.related {
            d.related_span = map.find(path);
        }
    }
}

/// All findings about one file, with its text for code frames.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The file as the user named it.
    pub file: String,
    /// Its text, when it could be read.
    pub source: Option<Arc<str>>,
    /// The findings, in document order.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.level == Level::Error).count()
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.level == Level::Warning).count()
    }

    /// 1-based line and column of a finding; `(0, 0)` for findings about the whole file.
    pub fn position(&self, d: &Diagnostic) -> (usize, usize) {
        match (&self.source, d.span) {
            (Some(src), Some(span)) => line_column(src, span.start),
            _ => (0, 0),
        }
    }

    /// Renders every finding as a code frame with file:line:column, labels and help (no colour).
    pub fn render(&self) -> String {
        let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
            .with_width(100)
            .with_links(false);
        let mut out = String::new();
        for d in &self.diagnostics {
            // A code frame shows the lines around the finding; a line of thousands of characters
            // (generated or damaged files) would flood the terminal, so such a finding gets the
            // plain form with its line and column instead.
            let framable = self.source.is_some() && d.span.is_some() && !self.framed_lines_too_long(d);
            if !framable {
                // Nothing to frame: one plain line that names the file, never wrapped.
                let level = if d.level == Level::Error { "error" } else { "warning" };
                let at = match (d.span, &self.source) {
                    (Some(_), Some(_)) => {
                        let (line, column) = self.position(d);
                        format!(":{line}:{column}")
                    }
                    _ => String::new(),
                };
                out.push_str(&format!("{level}[{}]: {}{at}: {}\n", d.code, self.file, d.message));
                if let Some(help) = &d.help {
                    out.push_str(&format!("  help: {help}\n"));
                }
                continue;
            }
            let shown = Shown {
                report: self,
                diagnostic: d,
            };
            if handler.render_report(&mut out, &shown).is_err() {
                out.push_str(&format!("{}: {}\n", d.code, d.message));
            }
        }
        out
    }

    /// Whether the lines a code frame would show around `d` (its own and one either side) are longer
    /// than anyone reads.
    fn framed_lines_too_long(&self, d: &Diagnostic) -> bool {
        const LONGEST_LINE: usize = 2000;
        let (Some(source), Some(span)) = (&self.source, d.span) else {
            return false;
        };
        // Bytes, not characters: a span may end inside a multi-byte character of a damaged file.
        let bytes = source.as_bytes();
        let (from, to) = (
            span.start.min(bytes.len()),
            span.end.min(bytes.len()).max(span.start.min(bytes.len())),
        );
        let start = bytes[..from]
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, b)| **b == b'\n')
            .nth(1)
            .map_or(0, |(i, _)| i);
        let end = bytes[to..]
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(1)
            .map_or(bytes.len(), |(i, _)| to + i);
        bytes[start..end].split(|b| *b == b'\n').any(|l| l.len() > LONGEST_LINE)
    }

    /// The findings as JSON records for tools.
    pub fn json_records(&self) -> Vec<JsonDiagnostic> {
        self.diagnostics
            .iter()
            .map(|d| {
                let (line, column) = self.position(d);
                JsonDiagnostic {
                    file: self.file.clone(),
                    line,
                    column,
                    severity: d.level,
                    code: d.code,
                    message: d.message.clone(),
                    help: d.help.clone(),
                }
            })
            .collect()
    }
}

/// One finding in `--format json` output.
#[derive(Debug, Clone, Serialize)]
pub struct JsonDiagnostic {
    /// The file as the user named it.
    pub file: String,
    /// 1-based line, 0 for the file as a whole.
    pub line: usize,
    /// 1-based column in characters, 0 for the file as a whole.
    pub column: usize,
    /// `error` or `warning`.
    pub severity: Level,
    /// Stable code.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

/// Adapter that lets miette draw one of our findings.
struct Shown<'a> {
    report: &'a FileReport,
    diagnostic: &'a Diagnostic,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.diagnostic.fmt(f)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.diagnostic.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.level {
            Level::Error => miette::Severity::Error,
            Level::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.diagnostic.span?;
        self.report.source.as_ref()?;
        Some(self as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.diagnostic.span?;
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            self.diagnostic.label.clone(),
            to_miette(span),
        )];
        if let (Some((_, label)), Some(related)) = (&self.diagnostic.related, self.diagnostic.related_span) {
            labels.push(LabeledSpan::new_with_span(Some(label.clone()), to_miette(related)));
        }
        Some(Box::new(labels.into_iter()))
    }
}

impl miette::SourceCode for Shown<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let source = self.report.source.as_deref().unwrap_or("");
        let inner = source.read_span(span, context_lines_before, context_lines_after)?;
        // miette counts the header's column in bytes; the position shown is the project's one
        // definition (characters), the same as the JSON records give.
        let (line, column) = if context_lines_before == 0 && context_lines_after == 0 {
            let (line, column) = line_column(source, span.offset());
            (line - 1, column - 1)
        } else {
            (inner.line(), inner.column())
        };
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.report.file.clone(),
            inner.data(),
            *inner.span(),
            line,
            column,
            inner.line_count(),
        )))
    }
}

fn to_miette(span: Span) -> SourceSpan {
    SourceSpan::new(span.start.into(), span.end.saturating_sub(span.start))
}
