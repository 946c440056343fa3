//! The command line's one error type, and the one place errors are rendered (through miette).

use std::path::PathBuf;

use miette::{GraphicalReportHandler, GraphicalTheme};

use crate::core::assessment::AssessmentError;
use crate::core::source::ReadError;

/// Why a command failed. `main` renders it to standard error ([`render`]) and exits with 1.
///
/// Each variant has a stable code (`kam::cli::…`) that scripts and documentation can name; the
/// messages are in words, and the help says what to do when there is something to do.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub(crate) enum CliError {
    /// Findings about a file, already rendered as code frames (`FileReport::render`): printed as
    /// they are, never framed again.
    #[error("{0}")]
    #[diagnostic(code(kam::cli::findings))]
    Findings(String),

    /// A file that cannot be read as text.
    #[error("`{}`: {error}", path.display())]
    #[diagnostic(code(kam::cli::cannot_read))]
    CannotRead {
        /// The file.
        path: PathBuf,
        /// Why (the system's reason, or a file too large or not UTF-8).
        error: ReadError,
        /// What became of the command's work (`nothing was imported`), when there is more to say.
        #[help]
        help: Option<&'static str>,
    },

    /// A folder whose files cannot be listed.
    #[error("cannot read the folder {}: {error}", path.display())]
    #[diagnostic(code(kam::cli::cannot_read_folder))]
    CannotReadFolder {
        /// The folder.
        path: PathBuf,
        /// The system's reason.
        error: std::io::Error,
    },

    /// A file that cannot be written.
    #[error("cannot write `{}`: {error}", path.display())]
    #[diagnostic(code(kam::cli::cannot_write))]
    CannotWrite {
        /// The file.
        path: PathBuf,
        /// The system's reason.
        error: std::io::Error,
    },

    /// Standard output that cannot be written to (a closed pipe is not an error: see `output`).
    #[error("cannot write to standard output: {0}")]
    #[diagnostic(code(kam::cli::cannot_write_output))]
    CannotWriteOutput(std::io::Error),

    /// A folder that cannot be created.
    #[error("cannot create `{}`: {error}", path.display())]
    #[diagnostic(code(kam::cli::cannot_create))]
    CannotCreate {
        /// The folder.
        path: PathBuf,
        /// The system's reason.
        error: std::io::Error,
    },

    /// A path that cannot be made absolute (the current folder is gone).
    #[error("cannot resolve `{}`: {error}", path.display())]
    #[diagnostic(code(kam::cli::cannot_resolve))]
    CannotResolve {
        /// The path as given.
        path: PathBuf,
        /// The system's reason.
        error: std::io::Error,
    },

    /// A file that exists already: what a command writes never replaces a file.
    #[error("`{}` exists already; {kept}", path.display())]
    #[diagnostic(code(kam::cli::exists))]
    Exists {
        /// The file.
        path: PathBuf,
        /// What that means, in words (`nothing was written`, …).
        kept: &'static str,
        /// What to do instead.
        #[help]
        help: Option<String>,
    },

    /// Something named that is not there: a file, a folder, a candidate, a player, an assessment.
    #[error("{message}")]
    #[diagnostic(code(kam::cli::not_found))]
    NotFound {
        /// What is not there, and where it was looked for.
        message: String,
        /// A "did you mean" when something close exists, or where such things come from.
        #[help]
        help: Option<String>,
    },

    /// A cell or the header of an `import-table` spreadsheet.
    #[error("{at}: {message}")]
    #[diagnostic(code(kam::cli::table))]
    Table {
        /// `file:row`, or the file alone.
        at: String,
        /// What is wrong there.
        message: String,
        /// A "did you mean", or the valid values.
        #[help]
        help: Option<String>,
    },

    /// A translation file that cannot be used (`core::i18n`: file:line:column and why).
    #[error("{0}")]
    #[diagnostic(
        code(kam::cli::translation),
        help("`kam-sim translations check` reports every problem of the translations")
    )]
    Translation(String),

    /// JSON that cannot be written (the reason is the error's source, shown under it).
    #[error("cannot write JSON")]
    #[diagnostic(code(kam::cli::json))]
    Json(#[from] serde_json::Error),

    /// A CSV report that cannot be made (the reason is the error's source, shown under it).
    #[error("cannot write the CSV")]
    #[diagnostic(code(kam::cli::csv))]
    Csv(#[from] csv::Error),

    /// A file change watcher that cannot be set up.
    #[error("cannot watch `{}`: {error}", path.display())]
    #[diagnostic(code(kam::cli::cannot_watch))]
    CannotWatch {
        /// The file or folder.
        path: PathBuf,
        /// The watcher's reason.
        error: notify::Error,
    },

    /// The results database or a practice journal refused or failed (`results::store`).
    #[error(transparent)]
    #[diagnostic(code(kam::cli::store))]
    Store(#[from] crate::results::store::StoreError),

    /// A signing key that cannot be read or made.
    #[error(transparent)]
    #[diagnostic(code(kam::cli::key))]
    Key(#[from] crate::core::assessment::signing::KeyError),

    /// A scripted or automatic playthrough that cannot be completed.
    #[error(transparent)]
    #[diagnostic(code(kam::cli::play))]
    Play(#[from] crate::core::policy::PlayError),

    /// A session that has no result (it has not ended, or it got stuck).
    #[error(transparent)]
    #[diagnostic(code(kam::cli::no_result))]
    NoResult(#[from] crate::core::result::NoResult),

    /// An assessment run that cannot go on, or whose result cannot be built.
    #[error(transparent)]
    #[diagnostic(code(kam::cli::assessment_run))]
    AssessmentRun(#[from] crate::core::assessment::runner::RunError),

    /// A refusal in words, particular to one command.
    #[error("{message}")]
    #[diagnostic(code(kam::cli::refused))]
    Refused {
        /// What is refused, and why.
        message: String,
        /// What to do instead.
        #[help]
        help: Option<String>,
    },
}

impl CliError {
    /// A refusal in words, with what to do instead.
    pub(crate) fn refused(message: impl Into<String>, help: impl Into<String>) -> CliError {
        CliError::Refused {
            message: message.into(),
            help: Some(help.into()),
        }
    }

    /// A refusal in words that needs no help.
    pub(crate) fn refused_plainly(message: impl Into<String>) -> CliError {
        CliError::Refused {
            message: message.into(),
            help: None,
        }
    }

    /// Something not there, with a "did you mean" when there is one.
    pub(crate) fn not_found(message: impl Into<String>, suggestion: Option<&str>) -> CliError {
        CliError::NotFound {
            message: message.into(),
            help: suggestion.map(did_you_mean),
        }
    }
}

/// The help of a near miss.
pub(crate) fn did_you_mean(suggestion: &str) -> String {
    format!("did you mean `{suggestion}`?")
}

impl From<AssessmentError> for CliError {
    fn from(e: AssessmentError) -> CliError {
        match e {
            AssessmentError::NotFound { spec, dir, suggestion } => CliError::not_found(
                format!("no assessment `{spec}` in `{}`", dir.display()),
                suggestion.as_deref(),
            ),
            AssessmentError::Unreadable { path, error } => CliError::CannotRead {
                path,
                error,
                help: None,
            },
            AssessmentError::File(rendered) => CliError::Findings(rendered),
            // The findings of what it names come rendered inside.
            e @ AssessmentError::Broken { .. } => CliError::Findings(e.to_string()),
            e @ AssessmentError::Reference { .. } => CliError::refused_plainly(e.to_string()),
        }
    }
}

/// `error` as it is shown on standard error: findings as they were rendered, anything else drawn by
/// miette with the handler scenario diagnostics use (`core::diagnostic`), so every error looks alike.
pub(crate) fn render(error: &CliError) -> String {
    if let CliError::Findings(rendered) = error {
        return format!("{rendered}\n");
    }
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_width(100)
        .with_links(false);
    let mut out = String::new();
    if handler.render_report(&mut out, error).is_err() {
        // Rendering into a String fails only if a Display implementation does; say it plainly.
        out = format!("{error}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_renders_with_its_code_message_and_help() {
        let e = CliError::Exists {
            path: PathBuf::from("deal.ron"),
            kept: "nothing was written",
            help: Some("choose another id or --out".into()),
        };
        assert_eq!(
            render(&e),
            "kam::cli::exists\n\n  × `deal.ron` exists already; nothing was written\n  help: choose another id or --out\n"
        );
    }

    #[test]
    fn findings_are_printed_as_they_were_rendered() {
        let rendered = "error[kam::file::unreadable]: x.ron: cannot read the file\n  help: check the path\n";
        assert_eq!(render(&CliError::Findings(rendered.into())), format!("{rendered}\n"));
    }

    #[test]
    fn a_near_miss_is_offered_as_help() {
        let e = CliError::not_found("`Ama` has no practice run in j.db", Some("Ana"));
        let shown = render(&e);
        assert!(
            shown.starts_with("kam::cli::not_found\n\n  × `Ama` has no practice run in j.db\n"),
            "{shown}"
        );
        assert!(shown.ends_with("  help: did you mean `Ana`?\n"), "{shown}");
    }
}
