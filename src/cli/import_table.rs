//! `kam-sim import-table <CSV> --kind K`: a trainer's spreadsheet draft — one row per moment: who
//! speaks, the line, the good answer, the tempting wrong answer, the mistake it makes and why it is
//! wrong — turned into a scenario that passes `check`, ready to refine. The columns are documented
//! in `docs/scenario-format.md` ("Drafting in a spreadsheet"), with `docs/examples/draft-table.csv`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::Outcome;
use super::error::{CliError, did_you_mean as near_miss};
use super::new::{Kind, framed};
use super::output::{is_stdout, note, shown, write_new, write_output};
use crate::core::content::did_you_mean;
use crate::core::load::load_scenario_text;
use crate::core::vocab::MistakeKind;

/// What `kam-sim import-table` is given.
#[derive(clap::Args)]
pub(crate) struct ImportTableArgs {
    /// The table: a CSV file with a header row (UTF-8; comma or semicolon separated).
    table: PathBuf,
    /// The kind of encounter.
    #[arg(long, value_enum)]
    kind: Kind,
    /// The scenario's id (default: from the table's file name).
    #[arg(long)]
    id: Option<String>,
    /// The scenario file to write (default: `<ID>.ron` in the current folder), or `-`.
    /// An existing file is never replaced.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// The columns, as named in the header row (case, spaces and `_` do not matter).
const COLUMNS: [(&str, bool, &str); 8] = [
    ("speaker", false, "who says the line (a name; empty: narration)"),
    ("line", true, "what the client says"),
    ("good_answer", true, "what a strong KAM answers"),
    ("wrong_answer", true, "the tempting wrong answer"),
    ("mistake", true, "the mistake the wrong answer makes (a mistake id)"),
    ("why_wrong", true, "why the wrong answer costs"),
    ("severity", false, "minor, major (the default) or critical"),
    (
        "better",
        false,
        "what a strong KAM does instead (default: the good answer)",
    ),
];

/// One row of the table.
struct Moment {
    speaker: Option<String>,
    line: String,
    good: String,
    wrong: String,
    mistake: MistakeKind,
    severity: &'static str,
    why_wrong: String,
    better: Option<String>,
}

fn column_key(name: &str) -> String {
    name.trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .replace([' ', '-'], "_")
}

/// Reads the table, saying which row and column is wrong and why.
fn read_table(path: &Path) -> Result<Vec<Moment>, CliError> {
    let file = path.display();
    let text = crate::core::source::read_text(path).map_err(|error| CliError::CannotRead {
        path: path.to_path_buf(),
        error,
        help: None,
    })?;
    let at = |row: Option<usize>| row.map_or_else(|| file.to_string(), |row| format!("{file}:{row}"));
    let wrong = |row: Option<usize>, message: String, help: Option<String>| CliError::Table {
        at: at(row),
        message,
        help,
    };
    // A spreadsheet saved with `;` (usual where `,` is the decimal mark) is read as such.
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| wrong(None, format!("the header row cannot be read: {e}"), None))?
        .iter()
        .map(column_key)
        .collect();
    let known: Vec<&str> = COLUMNS.iter().map(|c| c.0).collect();
    for (i, h) in headers.iter().enumerate() {
        if !h.is_empty() && !known.contains(&h.as_str()) {
            return Err(wrong(
                Some(1),
                format!(
                    "column {} is named `{h}`, which is not a column of a draft table (columns: {})",
                    i + 1,
                    known.join(", ")
                ),
                did_you_mean(h, known.iter().copied()).map(near_miss),
            ));
        }
    }
    let missing: Vec<&str> = COLUMNS
        .iter()
        .filter(|(name, required, _)| *required && !headers.iter().any(|h| h == name))
        .map(|c| c.0)
        .collect();
    if !missing.is_empty() {
        return Err(wrong(
            Some(1),
            format!(
                "the header row lacks the column{} {}",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", ")
            ),
            Some(format!(
                "a draft table has: {}",
                COLUMNS
                    .iter()
                    .map(|(n, r, what)| format!("{n}{} ({what})", if *r { "" } else { ", optional" }))
                    .collect::<Vec<_>>()
                    .join("; ")
            )),
        ));
    }
    let index: BTreeMap<&str, usize> = headers.iter().enumerate().map(|(i, h)| (h.as_str(), i)).collect();
    let mut moments = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let row = n + 2;
        let record = record.map_err(|e| wrong(Some(row), e.to_string(), None))?;
        let cell = |name: &str| -> String {
            index
                .get(name)
                .and_then(|&i| record.get(i))
                .map(|v| v.trim().to_owned())
                .unwrap_or_default()
        };
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let required = |name: &str| -> Result<String, CliError> {
            let v = cell(name);
            if v.is_empty() {
                Err(wrong(
                    Some(row),
                    format!("column `{name}` is empty; every moment needs it"),
                    None,
                ))
            } else {
                Ok(v)
            }
        };
        let mistake_id = required("mistake")?;
        let mistake = MistakeKind::ALL
            .iter()
            .copied()
            .find(|k| k.id() == mistake_id)
            .ok_or_else(|| {
                wrong(
                    Some(row),
                    format!("column `mistake`: `{mistake_id}` is not a mistake id"),
                    Some(
                        did_you_mean(&mistake_id, MistakeKind::ALL.iter().map(|k| k.id())).map_or_else(
                            || "docs/scenario-format.md, \"Identifiers\", lists them".to_owned(),
                            |k| format!("did you mean `{k}`? (docs/scenario-format.md, \"Identifiers\", lists them)"),
                        ),
                    ),
                )
            })?;
        let severity = match cell("severity").to_lowercase().as_str() {
            "" | "major" => "major",
            "minor" => "minor",
            "critical" => "critical",
            other => {
                return Err(wrong(
                    Some(row),
                    format!("column `severity`: `{other}` is not minor, major or critical"),
                    None,
                ));
            }
        };
        moments.push(Moment {
            speaker: Some(cell("speaker")).filter(|s| !s.is_empty()),
            line: required("line")?,
            good: required("good_answer")?,
            wrong: required("wrong_answer")?,
            mistake,
            severity,
            why_wrong: required("why_wrong")?,
            better: Some(cell("better")).filter(|s| !s.is_empty()),
        });
    }
    if moments.is_empty() {
        return Err(wrong(None, "the table has a header row but no moment".into(), None));
    }
    Ok(moments)
}

/// A RON string literal.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A snake_case id from a person's name (`Ana Souza` → `ana_souza`), unique among `taken`.
fn id_of(name: &str, taken: &[String]) -> String {
    let mut id = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.ends_with('_') && !id.is_empty() {
            id.push('_');
        }
    }
    let id = id.trim_end_matches('_').to_owned();
    let base = if id.is_empty() || !id.starts_with(|c: char| c.is_ascii_lowercase()) {
        format!("person_{id}").trim_end_matches('_').to_owned()
    } else {
        id
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{base}_{n}");
        n += 1;
    }
    candidate
}

/// Seconds a line takes to say, at about 2.5 words a second (at least 2).
fn speaking_seconds(line: &str) -> f64 {
    let words = line.split_whitespace().count() as f64;
    ((words / 2.5) * 2.0).round().max(4.0) / 2.0
}

/// The scenario's people, conversation and competencies, built from the table.
fn build(moments: &[Moment]) -> (String, String, String) {
    let mut names: Vec<String> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    for m in moments {
        if let Some(name) = &m.speaker
            && !names.contains(name)
        {
            ids.push(id_of(name, &ids));
            names.push(name.clone());
        }
    }
    let mut people = String::from("    stakeholders: [\n");
    if names.is_empty() {
        // A scenario needs someone across the table, even when the table only narrates.
        names.push("The client".into());
        ids.push("client".into());
    }
    for (name, id) in names.iter().zip(&ids) {
        let _ = writeln!(
            people,
            "        (id: {}, name: {}, title: \"Their title\", role: executive, style: analytical, trust: (40, 60), mood: (40, 60), patience_seconds: 4),",
            quoted(id),
            quoted(name)
        );
    }
    people.push_str("    ],\n\n");
    let mut competencies: Vec<&'static str> = Vec::new();
    let mut story = String::from("    start: \"moment_1\",\n    nodes: [\n");
    for (i, m) in moments.iter().enumerate() {
        let speaker = m
            .speaker
            .as_ref()
            .and_then(|s| names.iter().position(|n| n == s))
            .map(|p| ids[p].clone());
        let next = if i + 1 < moments.len() {
            format!("moment_{}", i + 2)
        } else {
            "agreed".into()
        };
        let after_wrong = if i + 1 < moments.len() {
            next.clone()
        } else {
            "cold_end".into()
        };
        let evidence: Vec<String> = m
            .mistake
            .competencies()
            .iter()
            .map(|c| {
                if !competencies.contains(&c.id()) {
                    competencies.push(c.id());
                }
                format!("Evidence({}, 8)", c.id())
            })
            .collect();
        let trust = |n: i32| {
            speaker
                .as_ref()
                .map_or_else(String::new, |s| format!(", Trust({}, {n})", quoted(s)))
        };
        let better = m
            .better
            .clone()
            .unwrap_or_else(|| format!("Answer as a strong KAM would: \u{201c}{}\u{201d}", m.good));
        let _ = write!(
            story,
            "        (
            id: \"moment_{n}\",
            speaker: {speaker},
            text: {line},
            seconds: {seconds:.1},
            options: [
                (id: \"good_answer\", text: {good}, effects: [{evidence}{trust_up}], next: \"{next}\"),
                (
                    id: \"wrong_answer\",
                    text: {wrong},
                    effects: [Mistake({mistake}, {severity}){trust_down}],
                    explain: (happened: {happened}, cost: {cost}, better: {better}),
                    next: \"{after_wrong}\",
                ),
            ],
        ),
",
            n = i + 1,
            speaker = speaker.as_ref().map_or_else(|| "None".to_owned(), |s| quoted(s)),
            line = quoted(&m.line),
            seconds = speaking_seconds(&m.line),
            good = quoted(&m.good),
            evidence = evidence.join(", "),
            trust_up = trust(5),
            wrong = quoted(&m.wrong),
            mistake = m.mistake.id(),
            severity = m.severity,
            trust_down = trust(-10),
            happened = quoted(&format!("You answered: \u{201c}{}\u{201d}", m.wrong)),
            cost = quoted(&m.why_wrong),
            better = quoted(&better),
        );
    }
    story.push_str(
        "    ],

    endings: [
        (id: \"agreed\", outcome: won, title: \"The meeting ends well\", text: \"Say here what the client does next.\"),
        (id: \"cold_end\", outcome: lost, title: \"The meeting ends badly\", text: \"Say here what the client does next.\", value: 0),
    ],
",
    );
    (competencies.join(", "), people, story)
}

pub(crate) fn run(args: &ImportTableArgs) -> Outcome {
    let moments = read_table(&args.table)?;
    let id = args.id.clone().unwrap_or_else(|| {
        let stem = args
            .table
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        id_of(&stem, &[])
    });
    let (competencies, people, story) = build(&moments);
    // The table's name goes into a `//` comment: one line, whatever the file is called.
    let table_name = args
        .table
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().replace(['\n', '\r'], " "));
    let made_by = format!("kam-sim import-table {table_name} --kind {}", args.kind.id());
    let text = framed(&id, args.kind, &made_by, &competencies, &people, &story);
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from(format!("{id}.ron")));
    let report = load_scenario_text(&shown(&out), &text).report;
    if report.errors() > 0 {
        return Err(CliError::Findings(report.render()));
    }
    if is_stdout(&out) {
        write_output(&out, text.as_bytes())?;
    } else {
        write_new(
            &out,
            text.as_bytes(),
            "nothing was written",
            Some("choose another --out"),
        )?;
    }
    note(
        is_stdout(&out),
        &format!(
            "{} moment(s) from {} written to {}: passes check ({} warning(s)). Next: give the people their titles, write the dossier and the endings, then kam-sim check, kam-sim play, kam-sim analyze --balance",
            moments.len(),
            args.table.display(),
            shown(&out),
            report.warnings()
        ),
    );
    if report.warnings() > 0 {
        eprint!("{}", report.render());
    }
    Ok(ExitCode::SUCCESS)
}
