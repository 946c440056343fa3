//! The texts of kam-sim's own voice: the sentences the engine writes into a debrief, and the
//! words of the game and report interface. Each is a constant with its key, English text and a
//! note for translators; `{name}` marks where a value goes (`translations check` makes sure a
//! translation keeps every placeholder).

use super::component::{Component, SourceText};

/// One interface text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UiText {
    /// The stable key (`msgctxt`).
    pub key: &'static str,
    /// The English text (`msgid`), with `{placeholders}`.
    pub english: &'static str,
    /// Who sees it where, for the translator.
    pub note: &'static str,
}

macro_rules! ui_texts {
    ($( $(#[$doc:meta])* $name:ident = $key:literal, $english:literal, $note:literal; )+) => {
        $( $(#[$doc])* pub const $name: UiText = UiText { key: $key, english: $english, note: $note }; )+
        /// Every interface text, in this file's order.
        pub const ALL: &[UiText] = &[ $( $name, )+ ];
    };
}

ui_texts! {
    /// Lateness, with the minutes and the meeting time.
    ENGINE_LATE = "engine.late", "You arrived {minutes} min late for the {time} meeting.",
        "Debrief, what happened: the player was late. {minutes} is a number, {time} a clock time such as 10:00.";
    /// Interrupting a stakeholder.
    ENGINE_INTERRUPTED = "engine.interrupted", "You cut in while {name} was still speaking.",
        "Debrief, what happened: the player answered before a client stakeholder had finished. {name} is the stakeholder's name.";
    /// The client, when a line has no named speaker.
    ENGINE_THE_CLIENT = "engine.the_client", "the client",
        "Stands for {name} in \"You cut in while {name} was still speaking\" when nobody in particular was speaking.";
    /// A gap in the player's preparation.
    ENGINE_GAP = "engine.gap", "This moment relied on \u{201c}{item}\u{201d} from the dossier, which you had not studied.",
        "Debrief, what happened: the meeting needed a dossier item the player skipped. {item} is the item's title.";
    /// Asking the client what the dossier already said.
    ENGINE_ASKED_FOR = "engine.asked_for", "You asked the client about \u{201c}{item}\u{201d}, which the dossier already told you.",
        "Debrief, what happened: the player asked for information available in the dossier. {item} is the item's title.";
    /// A concession with nothing in return.
    ENGINE_CONCESSION = "engine.concession", "You conceded deal terms without getting anything in return.",
        "Debrief, what happened: the player gave away price or terms for free.";
    /// A deal below the floor price.
    ENGINE_BELOW_FLOOR = "engine.below_floor", "You closed at {price}, below the floor price of {floor}.",
        "Debrief, what happened: price dumping. {price} and {floor} are amounts with their currency, e.g. 2,100.00 EUR.";
    /// Transcript: arrival on time.
    TRANSCRIPT_ON_TIME = "transcript.on_time", "{route}: arrived on time",
        "Transcript line when the player arrives. {route} is the travel option, e.g. \"Metro\".";
    /// Transcript: arrival late.
    TRANSCRIPT_LATE = "transcript.late", "{route}: arrived {minutes} min late",
        "Transcript line when the player arrives late. {route} is the travel option, {minutes} a number.";
    /// Transcript: silence.
    TRANSCRIPT_SILENCE = "transcript.silence", "(you stay silent)",
        "Transcript line when the player let a moment pass without answering.";
    /// Debrief heading line.
    DEBRIEF_HEADING = "debrief.heading", "{title} ({id}), seed {seed}",
        "First line of the debrief printed by `kam-sim run`. {title} is the scenario title, {id} its id, {seed} a number.";
    /// Preparation summary.
    DEBRIEF_PREPARATION = "debrief.preparation", "Preparation: studied {items} ({used} of {budget} min)",
        "Debrief: what the player studied before the meeting. {items} is a list of dossier item ids, {used} and {budget} are minutes.";
    /// Nothing studied.
    DEBRIEF_NOTHING = "debrief.nothing", "nothing",
        "Stands for {items} in the preparation line when the player studied nothing.";
    /// Travel summary.
    DEBRIEF_TRAVEL = "debrief.travel", "Travel: {route}, arrived {time} ({arrival})",
        "Debrief: how the player travelled. {route} is a route id, {time} a clock time, {arrival} \"on time\" or \"5 min late\".";
    /// Arrived on time.
    DEBRIEF_ON_TIME = "debrief.on_time", "on time",
        "Stands for {arrival} in the travel line.";
    /// Arrived late.
    DEBRIEF_LATE = "debrief.late", "{minutes} min late",
        "Stands for {arrival} in the travel line. {minutes} is a number.";
    /// The ending reached.
    DEBRIEF_ENDING = "debrief.ending", "Ending: {id} — {title} ({outcome})",
        "Debrief: how the meeting ended. {id} is the ending id, {title} its title, {outcome} won, partial, postponed or lost (translated).";
    /// The score.
    DEBRIEF_SCORE = "debrief.score", "Score: {score} ({grade})",
        "Debrief: the score out of 100 and its letter grade (A to F).";
    /// Competency table heading.
    DEBRIEF_COMPETENCY_COLUMN = "debrief.column.competency", "competency",
        "Column heading of the debrief's competency table.";
    /// Score column heading.
    DEBRIEF_SCORE_COLUMN = "debrief.column.score", "score",
        "Column heading of the debrief's competency table: the player's score.";
    /// Target column heading.
    DEBRIEF_TARGET_COLUMN = "debrief.column.target", "target",
        "Column heading of the debrief's competency table: the level the target profile asks.";
    /// Gap column heading.
    DEBRIEF_GAP_COLUMN = "debrief.column.gap", "gap",
        "Column heading of the debrief's competency table: score minus target.";
    /// How many competencies meet the profile.
    DEBRIEF_TARGET_MET = "debrief.target_met", "{met} of {total} competencies meet the target profile `{profile}`",
        "Debrief, under the competency table. {met} and {total} are numbers, {profile} a profile id.";
    /// No mistakes.
    DEBRIEF_NO_MISTAKES = "debrief.no_mistakes", "Mistakes: none",
        "Debrief, when the player made no mistake.";
    /// Mistakes heading.
    DEBRIEF_MISTAKES = "debrief.mistakes", "Mistakes ({count}):",
        "Debrief, heading of the list of mistakes. {count} is a number.";
    /// Where a mistake happened: on arrival.
    DEBRIEF_ON_ARRIVAL = "debrief.on_arrival", "on arrival",
        "Debrief, where a mistake happened: when the player arrived (lateness).";
    /// Where a mistake happened: at a moment.
    DEBRIEF_AT_NODE = "debrief.at_node", "at `{node}`",
        "Debrief, where a mistake happened. {node} is the id of the moment of the conversation.";
    /// The player's words.
    DEBRIEF_YOU_SAID = "debrief.you_said", "you said",
        "Debrief label before the player's own words, quoted.";
    /// What happened.
    DEBRIEF_HAPPENED = "debrief.happened", "what happened",
        "Debrief label before the explanation of a mistake.";
    /// Why it costs.
    DEBRIEF_COST = "debrief.cost", "why it costs",
        "Debrief label before what the mistake cost with the client.";
    /// What a strong KAM does.
    DEBRIEF_BETTER = "debrief.better", "a strong KAM",
        "Debrief label before what an experienced Key Account Manager would have done instead.";
    /// The deal, closed.
    DEBRIEF_DEAL = "debrief.deal", "Deal: {price} per {unit} (list {list}, floor {floor}, {margin} over floor); {days} days; {volume} a year; {months} months",
        "Debrief: the terms agreed. Amounts come with their currency; {days} is the payment term, {volume} a count of units, {months} the contract length.";
    /// The deal, not closed.
    DEBRIEF_DEAL_NOT_CLOSED = "debrief.deal_not_closed", "Deal (not closed): {price} per {unit} (list {list}, floor {floor}, {margin} over floor); {days} days; {volume} a year; {months} months",
        "Debrief: the terms on the table when the meeting ended without a deal. Same values as the closed deal.";
    /// Transcript heading.
    DEBRIEF_TRANSCRIPT = "debrief.transcript", "Transcript:",
        "Heading of the meeting's transcript in `kam-sim run --transcript`.";
    /// Severity: minor.
    SEVERITY_MINOR = "severity.minor", "minor",
        "How serious a mistake is: a slip a client may forgive.";
    /// Severity: major.
    SEVERITY_MAJOR = "severity.major", "major",
        "How serious a mistake is: it costs goodwill or money.";
    /// Severity: critical.
    SEVERITY_CRITICAL = "severity.critical", "critical",
        "How serious a mistake is: it can lose the account.";
    /// Outcome: won.
    OUTCOME_WON = "outcome.won", "won",
        "How a meeting ended: the deal or goal was achieved.";
    /// Outcome: partial.
    OUTCOME_PARTIAL = "outcome.partial", "partial",
        "How a meeting ended: part of the goal was achieved.";
    /// Outcome: postponed.
    OUTCOME_POSTPONED = "outcome.postponed", "postponed",
        "How a meeting ended: a next step was agreed, no decision yet.";
    /// Outcome: lost.
    OUTCOME_LOST = "outcome.lost", "lost",
        "How a meeting ended: the client went elsewhere or the relationship was damaged.";
}

const THIS_FILE: &str = include_str!("interface.rs");

/// The line of this file that defines `key`, for the PO reference.
fn line_of(key: &str) -> usize {
    let quoted = format!("= \"{key}\",");
    THIS_FILE.lines().position(|l| l.contains(&quoted)).map_or(1, |i| i + 1)
}

/// The interface component: every text above, referenced to this file.
pub fn interface_component() -> Component {
    Component {
        name: "interface".into(),
        texts: ALL
            .iter()
            .map(|t| SourceText {
                key: t.key.into(),
                english: t.english.into(),
                note: t.note.into(),
                reference: format!("src/core/i18n/interface.rs:{}", line_of(t.key)),
            })
            .collect(),
    }
}
