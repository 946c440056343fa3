//! The scenario file format as Rust types: what a trainer writes in RON (see `docs/scenario-format.md`).
//!
//! Types are strict (`deny_unknown_fields`, typed enums) so that ron's errors name the field or variant
//! that was expected. Ids are plain strings here; [`crate::core::compile`] resolves them to indices.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::vocab::{
    ClientGroup, CommunicationStyle, Competency, EncounterKind, Explanation, KeyClientDefinition, MemberType,
    MistakeKind, Role, Severity,
};

/// One training encounter: metadata, client, people, preparation, schedule, deal and conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Stable identifier, snake_case; also how `kam-sim run <ID>` finds the file.
    pub id: String,
    /// Which of the three encounter kinds this is.
    pub kind: EncounterKind,
    /// Title shown in menus.
    pub title: String,
    /// One-paragraph situation shown in the briefing.
    pub summary: String,
    /// How hard the scenario is.
    pub difficulty: Difficulty,
    /// Expected play time in real minutes.
    pub expected_minutes: u32,
    /// Language of the player-visible text (BCP 47 tag, e.g. "en").
    pub language: String,
    /// Competencies the scenario is designed to train.
    pub competencies: Vec<Competency>,
    /// The key client.
    pub client: Client,
    /// The client's people in the meeting (one or several).
    pub stakeholders: Vec<Stakeholder>,
    /// The preparation phase: the dossier and its time budget.
    pub preparation: Preparation,
    /// Meeting time and ways to get there.
    pub schedule: Schedule,
    /// Money on the table, where the scenario is about money.
    #[serde(default)]
    pub deal: Option<Deal>,
    /// Integer variables the conversation can count with.
    #[serde(default)]
    pub variables: Vec<Variable>,
    /// Scenario-wide coaching text per mistake, used when an option gives none.
    #[serde(default)]
    pub coaching: Vec<Coaching>,
    /// Id of the first node of the meeting.
    pub start: String,
    /// The conversation.
    pub nodes: Vec<Node>,
    /// How the meeting can end.
    pub endings: Vec<Ending>,
}

/// Difficulty levels, shown in menus and used to order scenarios.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Difficulty {
    /// First contact with the material.
    Introductory,
    /// Needs the basics.
    Intermediate,
    /// Several pressures at once.
    Advanced,
    /// For experienced KAMs.
    Expert,
}

impl Difficulty {
    /// The snake_case identifier.
    pub fn id(self) -> &'static str {
        self.into()
    }
}

/// The key client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Client {
    /// Company name.
    pub company: String,
    /// Industry or sector.
    pub industry: String,
    /// Company facts shown in the briefing.
    pub summary: String,
    /// The client's share of the supplier's income, in percent (0–100).
    pub revenue_share_percent: u8,
    /// The client group (brief §1.5).
    pub group: ClientGroup,
    /// Which key-client definitions apply (brief §1.6).
    #[serde(default)]
    pub definitions: Vec<KeyClientDefinition>,
}

/// A person on the client side (or a colleague of the player).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stakeholder {
    /// Stable id used by nodes, conditions and effects.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Job title as shown on the stakeholder card.
    pub title: String,
    /// Role in the client company.
    pub role: Role,
    /// Decision-group type (brief §5.5), if it matters.
    #[serde(default)]
    pub member_type: Option<MemberType>,
    /// How the person prefers to communicate.
    pub style: CommunicationStyle,
    /// Starting trust, 0–100, drawn from this inclusive range with the seed.
    pub trust: Range,
    /// Starting mood, 0–100, drawn from this inclusive range with the seed.
    pub mood: Range,
    /// Seconds of silence the person accepts after finishing a line before their mood drops.
    pub patience_seconds: u32,
}

/// An inclusive integer range `(low, high)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range(pub i32, pub i32);

/// The preparation phase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preparation {
    /// In-game clock time at which preparation starts, "HH:MM".
    pub starts_at: ClockTime,
    /// In-game minutes available for studying the dossier.
    pub budget_minutes: u32,
    /// What the player may study.
    pub dossier: Vec<DossierItem>,
}

/// One item of the client dossier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DossierItem {
    /// Stable id; nodes refer to it in `relies_on`, options in `asks_for`, conditions in `Studied`.
    pub id: String,
    /// Heading shown in the dossier list.
    pub title: String,
    /// The content, revealed when studied.
    pub text: String,
    /// In-game minutes it takes to study.
    pub minutes: u32,
    /// What kind of knowledge it is; decides which mistake a gap causes.
    pub category: DossierCategory,
}

/// What kind of knowledge a dossier item holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DossierCategory {
    /// Facts about the client company: missing them is `lack_of_client_information`.
    Client,
    /// Facts about the people: missing them is `lack_of_client_information`.
    People,
    /// The supplier's own figures and limits: missing them is `insufficient_preparation`.
    Deal,
    /// The supplier's product: missing it is `insufficient_preparation`.
    Product,
    /// The plan for the meeting: missing it is `insufficient_preparation`.
    Plan,
}

/// When the meeting is and how to get there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// In-game clock time of the meeting, "HH:MM".
    pub meeting_at: ClockTime,
    /// Where the meeting takes place, shown in the travel screen.
    pub place: String,
    /// Ways to get there.
    pub travel: Vec<TravelOption>,
}

/// One way to get to the meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TravelOption {
    /// Stable id used by the `Depart` input.
    pub id: String,
    /// Shown to the player.
    pub label: String,
    /// Planned duration in minutes.
    pub minutes: u32,
    /// Extra minutes of delay, drawn from this inclusive range with the seed.
    pub delay: Range,
}

/// The money on the table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deal {
    /// Currency code shown with prices.
    pub currency: String,
    /// What one unit of volume is ("pallet", "licence", "pack").
    pub unit: String,
    /// The supplier's list price per unit.
    pub list_price: f64,
    /// The price per unit below which the supplier no longer covers its costs.
    pub floor_price: f64,
    /// Price per unit on the table when the meeting opens (defaults to the list price).
    #[serde(default)]
    pub opening_price: Option<f64>,
    /// Payment terms in days.
    pub payment_days: u32,
    /// Volume in units per year.
    pub volume: u32,
    /// Contract length in months.
    pub term_months: u32,
}

/// An integer variable with its starting value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variable {
    /// Stable id used by `AddVar`, `SetVar`, `VarAtLeast`, `VarBelow`.
    pub id: String,
    /// Value when the session starts.
    pub start: i32,
}

/// Scenario-wide coaching text for one mistake.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coaching {
    /// The mistake this text explains.
    pub mistake: MistakeKind,
    /// The explanation shown in the debrief.
    pub explanation: Explanation,
}

/// One moment of the conversation: someone speaks, the player answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Stable id.
    pub id: String,
    /// Stakeholder who speaks; absent for narration (no one to interrupt).
    #[serde(default)]
    pub speaker: Option<String>,
    /// What is said (or narrated).
    pub text: String,
    /// Seconds it takes to say the line; defaults to words ÷ 2.5, at least 2.
    #[serde(default)]
    pub seconds: Option<f64>,
    /// Dossier items this moment relies on; reaching it without having studied one is a mistake.
    #[serde(default)]
    pub relies_on: Vec<String>,
    /// The player's possible answers.
    #[serde(default)]
    pub options: Vec<PlayerOption>,
    /// A time limit on answering; when it runs out the timer's path is taken.
    #[serde(default)]
    pub timer: Option<Timer>,
}

/// A time limit on a node's options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timer {
    /// Seconds after the end of the line before the timer runs out.
    pub seconds: f64,
    /// Effects of staying silent.
    #[serde(default)]
    pub effects: Vec<Effect>,
    /// Coaching text for mistakes tagged in `effects`.
    #[serde(default)]
    pub explain: Option<Explanation>,
    /// Where the conversation goes when the timer runs out.
    pub next: String,
}

/// One answer the player can give.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlayerOption {
    /// Stable id, unique within its node.
    pub id: String,
    /// What the player says.
    pub text: String,
    /// All must hold for the option to be offered.
    #[serde(default)]
    pub when: Vec<Condition>,
    /// Dossier items this option asks the client about (asking is `lack_of_client_information`).
    #[serde(default)]
    pub asks_for: Vec<String>,
    /// What choosing it does.
    #[serde(default)]
    pub effects: Vec<Effect>,
    /// Coaching text for mistakes tagged in `effects`.
    #[serde(default)]
    pub explain: Option<Explanation>,
    /// The node or ending that follows.
    pub next: String,
}

/// A condition on the session state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    /// The dossier item was studied.
    Studied(String),
    /// The dossier item was not studied.
    NotStudied(String),
    /// The flag is set.
    Flag(String),
    /// The flag is not set.
    NotFlag(String),
    /// The variable is at least the value.
    VarAtLeast(String, i32),
    /// The variable is below the value.
    VarBelow(String, i32),
    /// The stakeholder's trust is at least the value.
    TrustAtLeast(String, i32),
    /// The stakeholder's trust is below the value.
    TrustBelow(String, i32),
    /// The stakeholder's mood is at least the value.
    MoodAtLeast(String, i32),
    /// The stakeholder's mood is below the value.
    MoodBelow(String, i32),
    /// The price on the table is at least the value.
    PriceAtLeast(f64),
    /// The price on the table is below the value.
    PriceBelow(f64),
    /// The player arrived after the meeting time.
    Late,
    /// The player arrived on time.
    OnTime,
    /// The player arrived at least this many minutes late.
    LateByAtLeast(u32),
    /// At least one holds.
    Any(Vec<Condition>),
    /// All hold.
    All(Vec<Condition>),
    /// Does not hold.
    Not(Box<Condition>),
}

/// What choosing an option (or letting a timer run out) does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Effect {
    /// Evidence for (positive) or against (negative) a competency, in profile points.
    Evidence(Competency, i32),
    /// The choice is a documented mistake.
    Mistake(MistakeKind, Severity),
    /// Change a stakeholder's trust.
    Trust(String, i32),
    /// Change a stakeholder's mood.
    Mood(String, i32),
    /// Set a flag.
    SetFlag(String),
    /// Clear a flag.
    ClearFlag(String),
    /// Add to a variable.
    AddVar(String, i32),
    /// Set a variable.
    SetVar(String, i32),
    /// Set the price per unit.
    SetPrice(f64),
    /// Lower the price by a percentage of the current price (negative raises it).
    DiscountPercent(f64),
    /// Set the payment terms in days.
    SetPaymentDays(u32),
    /// Set the yearly volume.
    SetVolume(u32),
    /// Set the contract length in months.
    SetTermMonths(u32),
    /// Something of value obtained in return for a concession (exclusivity, a reference, a pilot).
    Secure(String),
    /// Extra seconds the action takes before the conversation goes on.
    Spend(f64),
}

/// One way the meeting can end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    /// Stable id, in the same namespace as node ids.
    pub id: String,
    /// The business outcome.
    pub outcome: Outcome,
    /// Headline shown in the debrief.
    pub title: String,
    /// What happens next, shown in the debrief.
    pub text: String,
    /// Outcome value 0–100 used by the score; defaults by outcome (see `docs/scoring.md`).
    #[serde(default)]
    pub value: Option<u8>,
}

/// The business outcome of an ending.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::IntoStaticStr, strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Outcome {
    /// The deal or goal was achieved.
    Won,
    /// Part of it was achieved.
    Partial,
    /// A concrete next step was agreed, no decision yet.
    Postponed,
    /// The client went elsewhere or the relationship was damaged.
    Lost,
}

impl Outcome {
    /// The snake_case identifier.
    pub fn id(self) -> &'static str {
        self.into()
    }

    /// The outcome value used when an ending gives none.
    pub fn default_value(self) -> u8 {
        match self {
            Outcome::Won => 100,
            Outcome::Partial => 70,
            Outcome::Postponed => 50,
            Outcome::Lost => 0,
        }
    }

    /// Whether money changes hands at this outcome (the floor price then applies).
    pub fn closes_deal(self) -> bool {
        matches!(self, Outcome::Won | Outcome::Partial)
    }
}

/// An in-game clock time, written "HH:MM", stored as minutes after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ClockTime(pub u32);

impl ClockTime {
    /// Parses "HH:MM" (24-hour clock).
    pub fn parse(text: &str) -> Option<ClockTime> {
        let (h, m) = text.split_once(':')?;
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return None;
        }
        let h: u32 = h.parse().ok()?;
        let m: u32 = m.parse().ok()?;
        (h < 24 && m < 60).then_some(ClockTime(h * 60 + m))
    }

    /// Formats minutes after midnight as "HH:MM" (wrapping past midnight).
    pub fn format(minutes: u32) -> String {
        format!("{:02}:{:02}", (minutes / 60) % 24, minutes % 60)
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&ClockTime::format(self.0))
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        ClockTime::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{text}` is not a clock time: write \"HH:MM\" on a 24-hour clock, e.g. \"09:30\""
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times_parse_and_format() {
        assert_eq!(ClockTime::parse("09:30"), Some(ClockTime(570)));
        assert_eq!(ClockTime::parse("9:05"), Some(ClockTime(545)));
        assert_eq!(ClockTime::parse("24:00"), None);
        assert_eq!(ClockTime::parse("12:60"), None);
        assert_eq!(ClockTime::parse("noon"), None);
        assert_eq!(ClockTime::format(570), "09:30");
    }

    #[test]
    fn identifiers_match_serde_names() {
        use crate::core::vocab::tests::assert_ids_round_trip;
        use strum::VariantArray as _;
        assert_ids_round_trip(Difficulty::VARIANTS, Difficulty::id);
        assert_ids_round_trip(Outcome::VARIANTS, Outcome::id);
        let ids = |all: &[Outcome]| all.iter().map(|o| o.id()).collect::<Vec<_>>();
        assert_eq!(ids(Outcome::VARIANTS), ["won", "partial", "postponed", "lost"]);
        assert_eq!(
            Difficulty::VARIANTS.iter().map(|d| d.id()).collect::<Vec<_>>(),
            ["introductory", "intermediate", "advanced", "expert"]
        );
    }
}
