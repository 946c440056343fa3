//! `kam-sim new <ID> --kind K`: a commented skeleton of a scenario that passes `check` as it is,
//! showing the constructs a new author needs (dossier, travel, a relied-on fact, a condition, a
//! tagged mistake with its explanation, a timer, endings, a deal where money is discussed).

use std::path::PathBuf;
use std::process::ExitCode;

use super::Outcome;
use super::error::CliError;
use super::output::{is_stdout, note, shown, write_new, write_output};
use crate::core::load::load_scenario_text;

/// The skeleton, with `{placeholders}` filled per kind: the frame (client, dossier, travel, deal)
/// around the people and the conversation, which `new` takes from the two parts below and
/// `import-table` builds from a spreadsheet.
const TEMPLATE: &str = include_str!("../../assets/templates/new_scenario.ron");
/// The skeleton's one stakeholder.
const PEOPLE: &str = include_str!("../../assets/templates/new_scenario_people.ron.part");
/// The skeleton's conversation: two moments and two endings.
const STORY: &str = include_str!("../../assets/templates/new_scenario_story.ron.part");

/// The kinds of encounter, as written in scenario files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Kind {
    /// Terms, price and conditions with a buyer.
    #[value(name = "negotiation")]
    Negotiation,
    /// A pitch before a tender committee.
    #[value(name = "tender_pitch")]
    TenderPitch,
    /// A meeting about something that went wrong.
    #[value(name = "difficult_meeting")]
    DifficultMeeting,
}

impl Kind {
    /// The kind as written in a scenario file and on the command line (`tender_pitch`).
    pub(crate) fn id(self) -> String {
        clap::ValueEnum::to_possible_value(&self).map_or_else(String::new, |v| v.get_name().to_owned())
    }
}

/// What `kam-sim new` is given.
#[derive(clap::Args)]
pub(crate) struct NewArgs {
    /// The scenario's id (snake_case); the file is named after it.
    id: String,
    /// The kind of encounter.
    #[arg(long, value_enum)]
    kind: Kind,
    /// The file to write (default: `<ID>.ron` in the current folder), or `-` for standard output.
    /// An existing file is never replaced.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

const DEAL: &str = "
    // The money discussed: open at the list price, never close below the floor (price dumping).
    deal: (
        currency: \"EUR\", unit: \"licence\", list_price: 50000.0, floor_price: 44000.0,
        payment_days: 30, volume: 1, term_months: 12,
    ),
";

/// The skeleton's text for `id` and `kind`.
pub(crate) fn skeleton(id: &str, kind: Kind) -> String {
    framed(
        id,
        kind,
        &fill("kam-sim new {id} --kind {kind}", id, kind),
        &fill("listening, {competency}, relationship_building", id, kind),
        &fill(PEOPLE, id, kind),
        &fill(STORY, id, kind),
    )
}

/// The frame of `kind` around the given competencies (a list as written in the file), stakeholders
/// and conversation (the `stakeholders: [...]` and `start: ... endings: [...]` parts). These are
/// put in as they are, in one pass: text from a spreadsheet is never read for placeholders.
pub(crate) fn framed(id: &str, kind: Kind, made_by: &str, competencies: &str, people: &str, story: &str) -> String {
    let frame = fill(TEMPLATE, id, kind);
    let mut out = String::with_capacity(frame.len() + people.len() + story.len());
    let mut rest = frame.as_str();
    for (marker, value) in [
        ("{made_by}", made_by),
        ("{competencies}", competencies),
        ("{stakeholders}", people),
        ("{story}", story),
    ] {
        let (before, after) = rest.split_once(marker).unwrap_or((rest, ""));
        out.push_str(before);
        out.push_str(value);
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The template's own placeholders, filled for `id` and `kind`.
fn fill(text: &str, id: &str, kind: Kind) -> String {
    let (kind_id, words, title, summary, who, role, competency, opening, deal) = match kind {
        Kind::Negotiation => (
            "negotiation",
            "negotiation",
            "A new negotiation",
            "The client wants better terms before renewing the contract.",
            "Purchasing Director",
            "procurement",
            "negotiation",
            "Your renewal is on my desk. Before I sign, tell me why we should stay with you.",
            DEAL,
        ),
        Kind::TenderPitch => (
            "tender_pitch",
            "tender pitch",
            "A new tender pitch",
            "Twenty minutes before the committee to show why your bid should win.",
            "Committee Chair",
            "executive",
            "persuasion",
            "You have twenty minutes. Tell us why your bid, and not the cheapest one.",
            DEAL,
        ),
        Kind::DifficultMeeting => (
            "difficult_meeting",
            "difficult meeting",
            "A new difficult meeting",
            "A delivery went wrong and the client has asked to see you.",
            "Operations Director",
            "operations",
            "composure",
            "Our line stopped for a day because of your delivery. I want to know why.",
            "",
        ),
    };
    [
        ("{kind_words}", words),
        ("{kind}", kind_id),
        ("{title}", title),
        ("{summary}", summary),
        ("{stakeholder_title}", who),
        ("{role}", role),
        ("{competency}", competency),
        ("{opening_line}", opening),
        ("{deal}", deal),
        ("{id}", id),
    ]
    .iter()
    .fold(text.to_owned(), |text, (placeholder, value)| {
        text.replace(placeholder, value)
    })
}

pub(crate) fn run(args: &NewArgs) -> Outcome {
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}.ron", args.id)));
    let text = skeleton(&args.id, args.kind);
    // The skeleton goes through `check` before it is written: a bad id is said where it is.
    let report = load_scenario_text(&shown(&out), &text).report;
    if report.errors() > 0 {
        return Err(CliError::Findings(report.render()));
    }
    if is_stdout(&out) {
        write_output(&out, text.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    write_new(
        &out,
        text.as_bytes(),
        "nothing was written",
        Some("choose another id or --out"),
    )?;
    let file = out.display();
    note(
        false,
        &format!(
            "created {file}: a {} skeleton that passes check ({} warnings). Edit it, then: kam-sim check {file}; kam-sim play {file}",
            match args.kind {
                Kind::Negotiation => "negotiation",
                Kind::TenderPitch => "tender pitch",
                Kind::DifficultMeeting => "difficult meeting",
            },
            report.warnings()
        ),
    );
    Ok(ExitCode::SUCCESS)
}
