//! The project's vocabulary: competencies, mistakes, severities and client types from the KAM domain brief.
//!
//! Every identifier here is the snake_case name used by the brief (`../shared/docs/kam-domain.md`, §8.2),
//! so a scenario file, a result file and the brief all speak the same words. The enums are typed so that
//! RON reports a misspelt identifier together with the list of valid ones.

use serde::{Deserialize, Serialize};
use strum::VariantArray as _;

/// A scorable KAM competency (brief §3.5): one axis of the debrief's profile chart.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Competency {
    /// Collecting and using intelligence about the client, its people, market and competitors.
    InformationGathering,
    /// Long-range planning: anticipating needs, sequencing stakeholders, choosing where the money is.
    StrategicThinking,
    /// Accurate knowledge of the offer, and knowing when to call a technical specialist.
    ProductKnowledge,
    /// Hearing the client out, never cutting in, asking the questions that surface needs.
    Listening,
    /// Building and delivering the right message for each listener.
    Persuasion,
    /// Meeting objections and complaints calmly, without debating the client.
    ObjectionHandling,
    /// Reaching terms that keep the relationship and the margin.
    Negotiation,
    /// Moving contacts from first meeting to trust; loyalty; referrals.
    RelationshipBuilding,
    /// Reading a person's psychology and adapting to it.
    PsychologicalInsight,
    /// Stability under time and status pressure; confidence without fuss.
    Composure,
    /// Punctuality, courtesy, diplomacy, respect for the client's time and status.
    BusinessEtiquette,
    /// Follow-ups, delivery control, after-sale service, mobilising the internal team.
    AccountExecution,
}

impl Competency {
    /// Every competency, in the brief's order (also the order of profile charts): the order of the
    /// variants, as the derive lists them.
    pub const ALL: [Competency; Competency::VARIANTS.len()] = match Competency::VARIANTS.first_chunk() {
        Some(all) => *all,
        None => panic!("the array is as long as the list of variants"),
    };

    /// Position in [`Competency::ALL`], used to index fixed-size tallies.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The snake_case identifier.
    pub fn id(self) -> &'static str {
        self.into()
    }

    /// A human name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Competency::InformationGathering => "Information gathering",
            Competency::StrategicThinking => "Strategic thinking",
            Competency::ProductKnowledge => "Product knowledge",
            Competency::Listening => "Listening and questioning",
            Competency::Persuasion => "Persuasion and presentation",
            Competency::ObjectionHandling => "Objection handling",
            Competency::Negotiation => "Negotiation",
            Competency::RelationshipBuilding => "Relationship building",
            Competency::PsychologicalInsight => "Psychological insight",
            Competency::Composure => "Composure",
            Competency::BusinessEtiquette => "Business etiquette",
            Competency::AccountExecution => "Account execution",
        }
    }
}

/// How serious one mistake occurrence is. Drives the score penalty (see `docs/scoring.md`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Severity {
    /// A slip a client may forgive.
    Minor,
    /// Costs goodwill or money.
    Major,
    /// Can lose the account (the brief's "unacceptable" mistakes).
    Critical,
}

impl Severity {
    /// The snake_case identifier.
    pub fn id(self) -> &'static str {
        self.into()
    }
}

macro_rules! mistakes {
    ($( $(#[$doc:meta])* $variant:ident = $id:literal, [$($comp:ident),+],
        $happened:literal, $cost:literal, $better:literal; )+) => {
        /// A documented KAM mistake (brief §4.2, §4.3, §4.4).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum MistakeKind { $( $(#[$doc])* $variant, )+ }

        impl MistakeKind {
            /// Every mistake, in the brief's order.
            pub const ALL: &'static [MistakeKind] = &[ $( MistakeKind::$variant, )+ ];

            /// The snake_case identifier.
            pub fn id(self) -> &'static str {
                match self { $( MistakeKind::$variant => $id, )+ }
            }

            /// The competencies this mistake counts against (brief §3.5 "evidence in play").
            pub fn competencies(self) -> &'static [Competency] {
                match self { $( MistakeKind::$variant => &[$(Competency::$comp),+], )+ }
            }

            /// The coaching text shown when a scenario gives none of its own.
            pub fn default_explanation(self) -> Explanation {
                match self {
                    $( MistakeKind::$variant => Explanation {
                        happened: $happened.into(),
                        cost: $cost.into(),
                        better: $better.into(),
                    }, )+
                }
            }
        }
    };
}

impl MistakeKind {
    /// The severity the domain brief gives this mistake (§4.2, §4.3), where it gives one: the
    /// balance hints never suggest softening a tag below it. (Price dumping is major when a
    /// concession is untraded; the engine makes a close below the floor critical itself.)
    pub fn brief_severity(self) -> Option<Severity> {
        use MistakeKind::*;
        match self {
            // Distorting product facts is the bluffing form of not knowing the product (§4.4 ties
            // it to §4.2's seventh mistake).
            Lateness | Arguing | LackOfClientInformation | InsufficientProductKnowledge | DistortingProductFacts => {
                Some(Severity::Critical)
            }
            Interrupting
            | InsufficientPreparation
            | BadManners
            | Neediness
            | Indifference
            | OfferWithoutFollowUp
            | PriceDumping
            | ActingAsClientLawyer
            | RevenueOnlyAttitude
            | PushingTooHard => Some(Severity::Major),
            _ => None,
        }
    }
}

impl MistakeKind {
    /// The mistake's name in words, for people: its id with spaces, capitalised
    /// ("Lack of client information").
    pub fn name(self) -> String {
        let words = self.id().replace('_', " ");
        let mut chars = words.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }
}

mistakes! {
    /// Arriving after the agreed start of the meeting.
    Lateness = "lateness", [BusinessEtiquette],
    "You arrived after the agreed start of the meeting.",
    "Punctuality is the first requirement of a key client. Every delay tells the buyer there is no point working with a company whose people cannot even arrive on time.",
    "Plan the route with a margin for delays, stop preparing in time to leave, and treat the start time as fixed.";
    /// Contradicting or debating the client.
    Arguing = "arguing", [ObjectionHandling, Composure],
    "You contradicted or debated the client.",
    "By entering a dispute you risk losing the client for ever, even when the client is wrong.",
    "Listen first, acknowledge the feeling behind the objection, then steer towards understanding without scoring points.";
    /// Speaking while a stakeholder is still talking.
    Interrupting = "interrupting", [Listening],
    "You spoke while the client was still talking.",
    "The client must be sure throughout that he is heard and that his opinion matters; cutting in tells him the opposite.",
    "Let every stakeholder finish, then answer; a short pause before replying shows you were listening.";
    /// Not knowing facts about the client that the dossier held.
    LackOfClientInformation = "lack_of_client_information", [InformationGathering],
    "The meeting needed a fact about the client that you had not studied, or you asked the client for it.",
    "Asking a key client what the dossier already says earns \"minus one hundred points\": no VIP wants a supplier who did not do the homework.",
    "Study the dossier before you leave: company facts, financial figures, history, needs and the people in the room.";
    /// Arriving without a plan: questions, needs check, proposals.
    InsufficientPreparation = "insufficient_preparation", [InformationGathering, StrategicThinking],
    "The meeting needed something you should have prepared, and you had not.",
    "Key clients are annoyed by a supplier who is not ready; nobody tolerates amateurs.",
    "Prepare questions, the client's needs, your proposals and your own figures before the meeting.";
    /// Rude, curt or over-familiar behaviour; ignoring someone present.
    BadManners = "bad_manners", [BusinessEtiquette],
    "Your words or behaviour were discourteous, over-familiar or ignored someone present.",
    "Most key clients react sharply to bad manners; they irritate and cost goodwill.",
    "Be diplomatic and courteous to everyone in the room, and respect the client's time and status.";
    /// Wrong or incomplete answers about one's own product.
    InsufficientProductKnowledge = "insufficient_product_knowledge", [ProductKnowledge],
    "You could not answer a question about your own product.",
    "A key client will not waste time on a supplier who does not know the offer from A to Z.",
    "Know the product thoroughly, offer practical solutions, and bring in a technical specialist when a question goes beyond you.";
    /// Showing that you need the deal too much.
    Neediness = "neediness", [Composure, Negotiation],
    "You showed how badly you need this deal.",
    "As soon as the client sees the deal matters too much to you, expect pressure on price, deadlines and volumes.",
    "Show confidence, control your reactions and let the value of the offer carry the close.";
    /// Not caring enough about the result or the client.
    Indifference = "indifference", [RelationshipBuilding],
    "You showed little interest in the result or in the client's concerns.",
    "New clients in particular need more attention at closing, because there is no positive shared experience yet.",
    "Stay engaged: answer concerns, propose a concrete next step and show that the client matters to you.";
    /// Sending an offer and just waiting.
    OfferWithoutFollowUp = "offer_without_follow_up", [AccountExecution],
    "You sent the offer and then waited for the client to answer.",
    "Waiting out of fear of the client's status or of looking intrusive lets the offer go cold.",
    "Follow the five steps: send, confirm receipt a day later, ask about next steps, ask what makes it urgent, agree the next contact.";
    /// Agreeing a price below the floor, or conceding without a return.
    PriceDumping = "price_dumping", [Negotiation],
    "You gave away price or terms the supplier cannot afford, or without anything in return.",
    "Price reflects quality: selling your advantages cheaply devalues them, and volume won below the floor price destroys margin.",
    "Hold the floor price, trade every concession for something of value, and prove value beyond price.";
    /// Siding uncritically with the client against one's own company.
    ActingAsClientLawyer = "acting_as_client_lawyer", [AccountExecution],
    "You sided with the client against your own company, conceding or promising more than the case justified.",
    "Becoming the client's lawyer abandons a professional view of the case and costs your company money it need not lose.",
    "Show emotional involvement and act fast, but manage the case professionally and balance both sides' interests.";
    /// Treating the client only as a source of money.
    RevenueOnlyAttitude = "revenue_only_attitude", [RelationshipBuilding],
    "You treated the client as a source of revenue rather than as a partner.",
    "The client always senses that attitude, and it repels.",
    "Balance your interests with the partner's benefit: show interest in the client's business, not only in the order.";
    /// Over-pressing the client.
    PushingTooHard = "pushing_too_hard", [Negotiation, PsychologicalInsight],
    "You kept pressing after the client signalled to stop.",
    "Tact means knowing when to stop; pressing too hard can make the whole deal fall through.",
    "Read the signals, respect the client's decision stage and come back with a new purpose rather than the same request.";
    /// Working with one contact and ignoring the rest of the decision group.
    SingleThreadedContact = "single_threaded_contact", [StrategicThinking],
    "You worked with one contact and ignored the rest of the decision group.",
    "Power in a client company is often unofficial; one contact cannot carry a decision alone.",
    "Map the whole decision scheme, including informal influencers, and address every member.";
    /// One undifferentiated proposal for every reader.
    GenericProposal = "generic_proposal", [Persuasion],
    "You gave everyone the same argument.",
    "Each member of a decision group evaluates different criteria; a generic pitch convinces none of them.",
    "Give figures to the financier, references to HR, status and exclusivity to the executive, details to the specialist.";
    /// A proposal without a validity date.
    MissingOfferExpiry = "missing_offer_expiry", [AccountExecution],
    "Your proposal had no validity date.",
    "Without an expiry the terms float and the decision drifts.",
    "End every proposal with a validity date; in big deals it reads as a guarantee, not pressure.";
    /// Bluffing instead of bringing in a technical specialist.
    DistortingProductFacts = "distorting_product_facts", [ProductKnowledge],
    "You bent or invented product facts instead of bringing in a specialist.",
    "A bluff discovered by an expert client ends the conversation and your credibility.",
    "Say what you know, and bring in a technical specialist who gives complete, undistorted information.";
    /// Naming a famous client without being able to say what was done for it.
    UnsupportedReferenceClaim = "unsupported_reference_claim", [Persuasion],
    "You named a reference without being able to say exactly what you did for it.",
    "Detail-minded B2B buyers ask \"what exactly did you do for them?\"; a vague answer undoes the reference.",
    "Prepare each reference with the concrete project, its figures and a contact willing to recommend you.";
    /// Passivity with a critical client until it asks for extras.
    WaitingForClientDemands = "waiting_for_client_demands", [StrategicThinking],
    "You waited for the client to ask instead of acting first.",
    "With a critical or mono-client, passivity invites competitors and demands for discounts.",
    "Work proactively: anticipate needs, build loyalty and raise barriers to competitors.";
    /// Manager mode: imposing visit quotas on KAMs.
    VisitQuotasForKam = "visit_quotas_for_kam", [StrategicThinking],
    "You imposed visit quotas on a KAM.",
    "Visit standards raise small deals and cut the big ones; key clients follow no norms.",
    "Set boundaries and goals, not templates; judge a KAM by the relationships and the results.";
    /// Manager mode: starting a D1 project without joint goals.
    NoJointGoalSetting = "no_joint_goal_setting", [StrategicThinking],
    "You started a new VIP project without joint goals, a joint plan or monitoring.",
    "Every new VIP or KOL is an unknown project where everyone is at D1.",
    "Agree detailed goals and a plan with the KAM, then monitor step by step.";
    /// Manager mode: not delegating as the relationship matures.
    WithholdingDelegation = "withholding_delegation", [PsychologicalInsight],
    "You kept directing a KAM who was ready to be trusted.",
    "A KAM must reach D3–D4 quickly; micromanaging holds back the relationship.",
    "Change style as the relationship matures: agree goals and budget, then delegate and trust.";
    /// Manager mode: keeping a KAM who does not do the job.
    ToleratingNonWorkingKam = "tolerating_non_working_kam", [StrategicThinking],
    "You kept a KAM who does not do the job, or blamed the KAM to your own leadership.",
    "An ineffective subordinate is the manager's mistake; the key accounts pay for it.",
    "Talk to the KAM and, if nothing changes, replace the resource.";
}

/// The teaching text of one mistake occurrence: what happened, why it costs, what a strong KAM does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Explanation {
    /// What the player did.
    pub happened: String,
    /// Why it costs the supplier.
    pub cost: String,
    /// What a strong KAM would have done.
    pub better: String,
}

impl MistakeKind {
    /// The mistakes the brief documents in §4.2 (the seven) and §4.3 (named in the seeds); the rest
    /// are §4.4's derived and manager-mode vocabulary. The scenario library must cover these.
    pub const DOCUMENTED: [MistakeKind; 14] = [
        MistakeKind::Lateness,
        MistakeKind::Arguing,
        MistakeKind::Interrupting,
        MistakeKind::LackOfClientInformation,
        MistakeKind::InsufficientPreparation,
        MistakeKind::BadManners,
        MistakeKind::InsufficientProductKnowledge,
        MistakeKind::Neediness,
        MistakeKind::Indifference,
        MistakeKind::OfferWithoutFollowUp,
        MistakeKind::PriceDumping,
        MistakeKind::ActingAsClientLawyer,
        MistakeKind::RevenueOnlyAttitude,
        MistakeKind::PushingTooHard,
    ];
}

/// The three encounter kinds a scenario can describe.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum EncounterKind {
    /// Price and terms with a key client.
    Negotiation,
    /// Presenting a proposal to a buying committee.
    TenderPitch,
    /// A complaint, a provocation or a cold start.
    DifficultMeeting,
}

impl EncounterKind {
    /// The snake_case identifier.
    pub fn id(self) -> &'static str {
        self.into()
    }
}

/// The four key-client groups (brief §1.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientGroup {
    /// Supplies the main profit, 10 % or more of the total.
    Breadwinner,
    /// A new customer with a significant budget.
    Prospective,
    /// A well-known name that lends reputation.
    ImageMaker,
    /// Sets high demands and knows the market.
    Expert,
}

/// The six definitions of a key client (brief §1.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyClientDefinition {
    /// Already brings a lot of money.
    Revenue,
    /// Could bring a lot of money.
    Potential,
    /// Well-known and recognisable.
    Reference,
    /// Shares strategic plans.
    Partner,
    /// More competent than the supplier.
    MoreCompetent,
    /// Ready for new products and ideas.
    Innovator,
}

/// A stakeholder's role in the client company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// CEO, director, owner.
    Executive,
    /// CFO, controller.
    Finance,
    /// Engineer, technical lead, quality.
    Technical,
    /// HR director.
    Hr,
    /// Buyer, procurement head.
    Procurement,
    /// Operations or production head.
    Operations,
    /// Physician, pharmacist, KOL.
    Medical,
    /// A colleague from the player's own company.
    Colleague,
}

/// Decision-group member types (brief §5.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberType {
    /// Wants exclusivity and recognition of status.
    DominantExecutive,
    /// Wants references and relationships.
    HrDirector,
    /// Wants numbers and a quantified result.
    Financier,
    /// Wants figures and technical detail.
    TechnicalSpecialist,
    /// Pharma: a senior decision-maker.
    Vip,
    /// Pharma: a key opinion leader.
    Kol,
}

/// How a stakeholder prefers to communicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommunicationStyle {
    /// Direct, decisive, impatient with detail.
    Dominant,
    /// Precise, wants data.
    Analytical,
    /// Warm, relationship-first.
    Amiable,
    /// Enthusiastic, talks in stories.
    Expressive,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// `id()` is the name files use: serde writes it, and reads it back as the same variant.
    pub(crate) fn assert_ids_round_trip<T>(all: &[T], id: impl Fn(T) -> &'static str)
    where
        T: Copy + std::fmt::Debug + PartialEq + Serialize + serde::de::DeserializeOwned,
    {
        assert!(!all.is_empty());
        for &v in all {
            assert_eq!(ron::to_string(&v).unwrap(), id(v), "{v:?} in RON");
            assert_eq!(serde_json::to_value(v).unwrap(), id(v), "{v:?} in JSON");
            assert_eq!(serde_json::from_value::<T>(id(v).into()).unwrap(), v, "{v:?} read back");
        }
    }

    #[test]
    fn identifiers_match_serde_names() {
        assert_ids_round_trip(&Competency::ALL, Competency::id);
        assert_ids_round_trip(Competency::VARIANTS, Competency::id);
        assert_ids_round_trip(Severity::VARIANTS, Severity::id);
        assert_ids_round_trip(EncounterKind::VARIANTS, EncounterKind::id);
        assert_ids_round_trip(MistakeKind::ALL, MistakeKind::id);
    }

    #[test]
    fn identifiers_are_the_documented_words() {
        // The derive must give exactly the words scenario and result files already use.
        let ids = |all: &[Competency]| all.iter().map(|c| c.id()).collect::<Vec<_>>();
        assert_eq!(
            ids(&Competency::ALL),
            [
                "information_gathering",
                "strategic_thinking",
                "product_knowledge",
                "listening",
                "persuasion",
                "objection_handling",
                "negotiation",
                "relationship_building",
                "psychological_insight",
                "composure",
                "business_etiquette",
                "account_execution",
            ]
        );
        assert_eq!(
            Severity::VARIANTS.iter().map(|s| s.id()).collect::<Vec<_>>(),
            ["minor", "major", "critical"]
        );
        assert_eq!(
            EncounterKind::VARIANTS.iter().map(|k| k.id()).collect::<Vec<_>>(),
            ["negotiation", "tender_pitch", "difficult_meeting"]
        );
    }

    #[test]
    fn competency_index_is_its_position() {
        for (i, c) in Competency::ALL.iter().enumerate() {
            assert_eq!(c.index(), i);
        }
    }

    #[test]
    fn brief_core_and_named_mistakes_are_all_present() {
        let ids: Vec<_> = MistakeKind::ALL.iter().map(|m| m.id()).collect();
        for id in [
            "lateness",
            "arguing",
            "interrupting",
            "lack_of_client_information",
            "insufficient_preparation",
            "bad_manners",
            "insufficient_product_knowledge",
            "neediness",
            "indifference",
            "offer_without_follow_up",
            "price_dumping",
            "acting_as_client_lawyer",
            "revenue_only_attitude",
            "pushing_too_hard",
        ] {
            assert!(ids.contains(&id), "{id} missing");
        }
    }
}
