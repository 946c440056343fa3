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
    /// Report: the line under the candidate's name.
    REPORT_ABOUT = "report.about", "{assessment} · attempt {attempt} · taken {taken} (finished {finished}) · language {language} · judged against {profile} · engine {engine}",
        "Candidate report, under the name. {taken} is a date (2026-12-01), {finished} a date and time, {language} a language code, {profile} a profile id, {engine} a version number.";
    /// Report: simulated badge.
    REPORT_SIMULATED = "report.simulated", "simulated candidate",
        "Candidate report: a badge on a result played by an automatic player.";
    /// Report: simulated explanation.
    REPORT_SIMULATED_NOTE = "report.simulated_note", "This result was played by an automatic player, not a person.",
        "Candidate report, after the simulated badge.";
    /// Extended time badge.
    REPORT_EXTENDED_TIME = "report.extended_time", "extended time",
        "Candidate report: a badge for a candidate given extended answering time.";
    /// What extended time was.
    REPORT_EXTENDED_TIME_NOTE = "report.extended_time_note", "An accessibility adjustment: every answer timer and every client's patience before an answer counts as hesitant were doubled. How long the client speaks was not changed.",
        "Candidate report, after the extended time badge: what the adjustment was.";
    /// Report: average score.
    REPORT_AVERAGE = "report.average", "Average score",
        "Candidate report: the average of the scenario scores (0 to 100) follows.";
    /// Report: passed.
    REPORT_PASSED = "report.passed", "PASSED",
        "Candidate report: the verdict, in capitals.";
    /// Report: not passed.
    REPORT_NOT_PASSED = "report.not_passed", "NOT PASSED",
        "Candidate report: the verdict, in capitals.";
    /// Report: a rule that is met.
    REPORT_RULE_MET = "report.rule_met", "met: {rule}",
        "Candidate report: one pass rule and whether the candidate met it. {rule} is one of the rule texts.";
    /// Report: a rule that is not met.
    REPORT_RULE_NOT_MET = "report.rule_not_met", "not met: {rule}",
        "Candidate report: one pass rule the candidate did not meet. {rule} is one of the rule texts.";
    /// Pass rule: average.
    REPORT_RULE_AVERAGE = "report.rule.average", "average score {score}, at least {required} required",
        "A pass rule, filled in for the candidate. {score} and {required} are numbers.";
    /// Pass rule: every scenario.
    REPORT_RULE_LOWEST = "report.rule.lowest", "lowest scenario score {score}, at least {required} required",
        "A pass rule, filled in for the candidate. {score} and {required} are numbers.";
    /// Pass rule: competencies at target.
    REPORT_RULE_COMPETENCIES = "report.rule.competencies", "{count} competencies at the target level, at least {required} required",
        "A pass rule, filled in for the candidate. {count} and {required} are numbers.";
    /// Pass rule: no critical mistakes.
    REPORT_RULE_CRITICAL = "report.rule.critical", "{count} critical mistakes, none allowed",
        "A pass rule, filled in for the candidate. {count} is a number.";
    /// Report: mistakes and time.
    REPORT_TOTALS = "report.totals", "{mistakes} mistakes ({critical} critical) · {time} of meetings",
        "Candidate report. {mistakes} and {critical} are numbers, {time} a duration such as 312 s.";
    /// Report: profile heading.
    REPORT_PROFILE = "report.profile", "Competency profile against the target",
        "Candidate report: heading over the radar chart; also the chart's description for screen readers.";
    /// Report: scenarios heading.
    REPORT_SCENARIOS = "report.scenarios", "Scenarios",
        "Candidate report: heading over the table of the scenarios played.";
    /// Report: mistakes heading.
    REPORT_MISTAKES = "report.mistakes", "Mistakes",
        "Candidate report: heading over the mistakes explained.";
    /// Report column: scenario.
    REPORT_COLUMN_SCENARIO = "report.column.scenario", "scenario",
        "Column heading of the scenarios table.";
    /// Report column: ending.
    REPORT_COLUMN_ENDING = "report.column.ending", "ending",
        "Column heading of the scenarios table: how the meeting ended.";
    /// Report column: deal.
    REPORT_COLUMN_DEAL = "report.column.deal", "deal",
        "Column heading of the scenarios table: the price agreed.";
    /// Report column: time.
    REPORT_COLUMN_TIME = "report.column.time", "time",
        "Column heading of the scenarios table: how long the meeting took.";
    /// Report column: prepared.
    REPORT_COLUMN_PREPARED = "report.column.prepared", "prepared",
        "Column heading of the scenarios table: preparation minutes and lateness.";
    /// Report: a deal.
    REPORT_DEAL = "report.deal", "{price} per {unit} (floor {floor})",
        "Scenarios table: the price agreed. Amounts come with their currency; {unit} is a deal unit of the scenario.";
    /// Report: below floor.
    REPORT_BELOW_FLOOR = "report.below_floor", "below floor",
        "Scenarios table: the price agreed is below the floor price.";
    /// Report: preparation.
    REPORT_PREPARED = "report.prepared", "{used} of {budget} min, {late} min late",
        "Scenarios table: preparation minutes used of the budget, and minutes late. All numbers.";
    /// Report: no mistakes.
    REPORT_NO_MISTAKES = "report.no_mistakes", "No mistakes.",
        "Candidate report, when the candidate made no mistake.";
    /// Report: a mistake made several times.
    REPORT_TIMES = "report.times", "{count} times",
        "Candidate report, after a mistake's name. {count} is a number of 2 or more.";
    /// Report: when a mistake happened.
    REPORT_AFTER = "report.after", "after {seconds} s",
        "Candidate report: when a mistake happened, in seconds since the start. {seconds} is a number.";
    /// Radar legend: the candidate.
    REPORT_LEGEND_CANDIDATE = "report.legend.candidate", "candidate",
        "Legend of the radar chart: the filled shape is the candidate's profile.";
    /// Radar legend: the target.
    REPORT_LEGEND_TARGET = "report.legend.target", "target profile",
        "Legend of the radar chart: the dashed outline is the target profile.";
    /// A duration in seconds.
    UNIT_SECONDS = "unit.seconds", "{seconds} s",
        "A duration in seconds (reports: time of meetings, scenario time). {seconds} is a number; use the language's abbreviation of seconds.";
    /// Report: page numbers.
    REPORT_PAGE = "report.page", "Page {page} of {pages}",
        "Printed reports, bottom of every page. {page} and {pages} are numbers.";
    /// Cohort: counted candidates.
    COHORT_COUNTED = "cohort.counted", "{count} candidate(s); each counted once, with their latest attempt",
        "Cohort report, under the assessment's name. {count} is a number.";
    /// Cohort: simulated left out.
    COHORT_SIMULATED_LEFT_OUT = "cohort.simulated_left_out", "{count} simulated candidate(s) left out (--include-simulated to rank them)",
        "Cohort report. {count} is a number; --include-simulated is a command-line option, keep it as is.";
    /// Cohort: passed.
    COHORT_PASSED = "cohort.passed", "Passed: {passed} of {total}",
        "Cohort report: how many candidates passed. Numbers.";
    /// Cohort: ranking heading.
    COHORT_RANKING = "cohort.ranking", "Ranking",
        "Cohort report: heading over the candidates ranked by score.";
    /// Column: candidate.
    COHORT_COLUMN_CANDIDATE = "cohort.column.candidate", "candidate",
        "Column heading of the cohort report.";
    /// Column: attempt.
    COHORT_COLUMN_ATTEMPT = "cohort.column.attempt", "attempt",
        "Column heading of the cohort report: which attempt of the candidate (1, 2…).";
    /// Column: taken.
    COHORT_COLUMN_TAKEN = "cohort.column.taken", "taken",
        "Column heading of the cohort report: the date the assessment was taken.";
    /// Column: language.
    COHORT_COLUMN_LANGUAGE = "cohort.column.language", "language",
        "Column heading of the cohort report: the language the candidate played in.";
    /// Column: average.
    COHORT_COLUMN_AVERAGE = "cohort.column.average", "average",
        "Column heading of the cohort report: the average score.";
    /// Column: result.
    COHORT_COLUMN_RESULT = "cohort.column.result", "result",
        "Column heading of the cohort report: passed or not passed.";
    /// Column: mistakes.
    COHORT_COLUMN_MISTAKES = "cohort.column.mistakes", "mistakes",
        "Column heading of the cohort report: how many mistakes.";
    /// Simulated badge.
    COHORT_SIMULATED = "cohort.simulated", "simulated",
        "Cohort report: a badge after a candidate played by an automatic player.";
    /// Extended time badge.
    COHORT_EXTENDED_TIME = "cohort.extended_time", "extended time",
        "Cohort report: a badge after a candidate who was given extended answering time (timers doubled) as an accessibility adjustment.";
    /// Passed.
    COHORT_RESULT_PASSED = "cohort.result.passed", "passed",
        "Cohort report: the candidate passed.";
    /// Not passed.
    COHORT_RESULT_NOT_PASSED = "cohort.result.not_passed", "not passed",
        "Cohort report: the candidate did not pass.";
    /// Competencies heading.
    COHORT_COMPETENCIES = "cohort.competencies", "Competencies",
        "Cohort report: heading over the table of competency scores.";
    /// Mistakes heading.
    COHORT_MISTAKES = "cohort.mistakes", "Mistakes candidates make",
        "Cohort report: heading over the most frequent mistakes.";
    /// Mistakes explanation.
    COHORT_MISTAKES_NOTE = "cohort.mistakes_note", "Counted by candidate: how many made the mistake at least once, and how often each of them made it on average.",
        "Cohort report, under the mistakes heading.";
    /// Column: mistake.
    COHORT_COLUMN_MISTAKE = "cohort.column.mistake", "mistake",
        "Column heading of the cohort report's mistakes table.";
    /// Column: candidates.
    COHORT_COLUMN_CANDIDATES = "cohort.column.candidates", "candidates",
        "Column heading: how many candidates made the mistake.";
    /// Column: share.
    COHORT_COLUMN_SHARE = "cohort.column.share", "share",
        "Column heading: the percentage of candidates who made the mistake.";
    /// Column: times per candidate.
    COHORT_COLUMN_TIMES = "cohort.column.times", "times per candidate",
        "Column heading: how often each candidate who made the mistake made it, on average.";
    /// Of.
    COHORT_OF = "cohort.of", "{count} of {total}",
        "Cohort report: a count out of a total, e.g. 3 of 12. Numbers.";
    /// Language versions heading.
    COHORT_LANGUAGES = "cohort.languages", "Language versions",
        "Cohort report: heading over the mean score per language played (a first check that the language versions are equivalent).";
    /// Column: mean average score.
    COHORT_COLUMN_MEAN = "cohort.column.mean", "mean average score",
        "Column heading: the mean of the candidates' average scores in one language.";
    /// Item analysis heading.
    COHORT_ITEMS = "cohort.items", "Item analysis",
        "Cohort report: heading over the statistics of each scenario and each decision point (test publishers call them items).";
    /// Item analysis explanation.
    COHORT_ITEMS_NOTE = "cohort.items_note", "Facility is a scenario's mean score divided by 100 (how easy it was); discrimination is the correlation of its score with the mean of the other scenarios (how well it separates stronger from weaker candidates; below 0.2 is weak).",
        "Cohort report, under the item analysis heading. 0.2 is a number.";
    /// Column: facility.
    COHORT_COLUMN_FACILITY = "cohort.column.facility", "facility",
        "Column heading: a scenario's mean score divided by 100.";
    /// Column: discrimination.
    COHORT_COLUMN_DISCRIMINATION = "cohort.column.discrimination", "discrimination",
        "Column heading: the corrected item-total correlation of a scenario's score.";
    /// Decision points heading.
    COHORT_DECISIONS = "cohort.decisions", "Choices at each decision point",
        "Cohort report: heading over how many candidates chose each option at each moment of a scenario.";
    /// Decision points explanation.
    COHORT_DECISIONS_NOTE = "cohort.decisions_note", "Among the candidates who reached each moment: how many chose each option, and the point-biserial correlation of that choice with the candidate's average score. An option that stronger candidates choose and the key punishes is marked: the key may be wrong there.",
        "Cohort report, under the decision points heading.";
    /// Column: scenario.
    COHORT_COLUMN_SCENARIO = "cohort.column.scenario", "scenario",
        "Column heading of the item analysis tables: the scenario.";
    /// Column: chosen by.
    COHORT_COLUMN_CHOSEN = "cohort.column.chosen", "chosen by",
        "Column heading: how many of the candidates who reached a moment chose the option, e.g. 3 of 12.";
    /// Column: moment.
    COHORT_COLUMN_MOMENT = "cohort.column.moment", "moment",
        "Column heading: a decision point (node id) of a scenario.";
    /// Column: option.
    COHORT_COLUMN_OPTION = "cohort.column.option", "option",
        "Column heading: an option id, or silence when the candidate let the timer run out.";
    /// Column: point-biserial correlation.
    COHORT_COLUMN_POINT_BISERIAL = "cohort.column.point_biserial", "r with the average",
        "Column heading: the point-biserial correlation of choosing the option with the average score.";
    /// A keying problem worth a look.
    COHORT_KEYING = "cohort.keying", "punished, yet chosen by stronger candidates: check the key",
        "Cohort report: a mark beside an option that carries a mistake but correlates positively with the score.";
    /// Standard error of measurement at the pass mark.
    COHORT_SEM = "cohort.sem", "Standard error of measurement of the average: {sem} points. {count} candidates are within one standard error of the pass mark {cut}: their verdict is undecided.",
        "Cohort report, under the reliability heading. {sem} is a decimal, {count} and {cut} are numbers.";
    /// Undecided verdict.
    COHORT_UNDECIDED = "cohort.undecided", "undecided — consider a further scenario",
        "Cohort report: a mark beside a candidate whose average is within one standard error of the pass mark.";
    /// Selection rate by group heading.
    COHORT_GROUPS = "cohort.groups", "Selection rate by group",
        "Cohort report: heading over the pass rate of each group of candidates the organisation labelled (an adverse-impact check).";
    /// Selection rate by group explanation.
    COHORT_GROUPS_NOTE = "cohort.groups_note", "Groups as labelled by the organisation. A group whose selection rate is below four fifths of the highest group's is marked: the usual sign of adverse impact, worth an investigation (it is not proof of bias, and small groups vary by chance). Group labels are personal data, often of a special category: keep this report as confidential as the labels themselves.",
        "Cohort report, under the selection rate heading.";
    /// Column: group.
    COHORT_COLUMN_GROUP = "cohort.column.group", "group",
        "Column heading: a group label supplied by the organisation.";
    /// Column: selection rate.
    COHORT_COLUMN_RATE = "cohort.column.rate", "selection rate",
        "Column heading: the share of the group's candidates who passed.";
    /// Column: ratio to the highest rate.
    COHORT_COLUMN_RATIO = "cohort.column.ratio", "ratio to the highest rate",
        "Column heading: the group's selection rate divided by the highest group's.";
    /// Below four fifths.
    COHORT_FOUR_FIFTHS = "cohort.four_fifths", "below four fifths",
        "Cohort report: a mark beside a group whose selection rate is below 80 % of the highest group's.";
    /// Reliability heading.
    COHORT_RELIABILITY = "cohort.reliability", "Reliability",
        "Cohort report: heading over Cronbach's alpha (how consistently the scenarios rank candidates).";
    /// Reliability: too few candidates.
    COHORT_ALPHA_TOO_FEW = "cohort.alpha.too_few", "Not enough candidates for a reliability estimate: Cronbach's alpha needs at least {minimum} (there are {count}).",
        "Cohort report. {minimum} and {count} are numbers.";
    /// Reliability: one scenario.
    COHORT_ALPHA_ONE_SCENARIO = "cohort.alpha.one_scenario", "Reliability needs at least two scenarios in the assessment.",
        "Cohort report.";
    /// Reliability: no variation.
    COHORT_ALPHA_NO_VARIATION = "cohort.alpha.no_variation", "The candidates' scores do not vary; reliability cannot be estimated.",
        "Cohort report.";
    /// Reliability: the estimate.
    COHORT_ALPHA = "cohort.alpha", "Cronbach's alpha over the {items} scenario scores of {count} candidates: {alpha} (95 % bootstrap interval {low} to {high}; {verdict}).",
        "Cohort report. {items} and {count} are numbers, {alpha}, {low} and {high} decimals such as 0,82; {verdict} is one of the verdicts (good, acceptable, weak, poor).";
    /// Reliability: few candidates.
    COHORT_ALPHA_PROVISIONAL = "cohort.alpha.provisional", "With fewer than 30 candidates the interval is wide: treat the estimate as provisional.",
        "Cohort report, after the reliability estimate when there are few candidates.";
    /// Verdict: good.
    COHORT_VERDICT_GOOD = "cohort.verdict.good", "good: the scenarios rank candidates consistently",
        "Reliability verdict, fills {verdict}.";
    /// Verdict: acceptable.
    COHORT_VERDICT_ACCEPTABLE = "cohort.verdict.acceptable", "acceptable",
        "Reliability verdict, fills {verdict}.";
    /// Verdict: weak.
    COHORT_VERDICT_WEAK = "cohort.verdict.weak", "weak: the scenarios disagree about who is strong",
        "Reliability verdict, fills {verdict}.";
    /// Verdict: poor.
    COHORT_VERDICT_POOR = "cohort.verdict.poor", "poor: the scenarios measure different things, or too few candidates differ",
        "Reliability verdict, fills {verdict}.";
    /// Cohort running head.
    COHORT_HEAD = "cohort.head", "{assessment} · cohort report",
        "Printed cohort report, top of every page. {assessment} is the assessment's name.";
    /// Menu: the line under the title.
    GAME_MENU_TAGLINE = "game.menu.tagline", "Practise meetings with key clients. ↑/↓ or Tab, then Enter, or click. Esc: settings.",
        "Menu, under the game's title. ↑/↓ are the arrow keys; Tab, Enter and Esc are keys.";
    /// Menu: no scenario at all.
    GAME_MENU_EMPTY = "game.menu.empty", "No scenario could be loaded from scenarios/.",
        "Menu, when the scenarios folder holds no playable scenario.";
    /// Menu: negotiations heading.
    GAME_KIND_NEGOTIATION = "game.kind.negotiation", "Negotiations",
        "Menu heading over the negotiation scenarios.";
    /// Menu: tender pitches heading.
    GAME_KIND_TENDER_PITCH = "game.kind.tender_pitch", "Tender pitches",
        "Menu heading over the scenarios where the player presents a proposal to a buying committee.";
    /// Menu: difficult meetings heading.
    GAME_KIND_DIFFICULT_MEETING = "game.kind.difficult_meeting", "Difficult meetings",
        "Menu heading over the scenarios of complaints, provocations and cold starts.";
    /// Difficulty: introductory.
    GAME_DIFFICULTY_INTRODUCTORY = "game.difficulty.introductory", "introductory",
        "Menu: how hard a scenario is (the easiest level).";
    /// Difficulty: intermediate.
    GAME_DIFFICULTY_INTERMEDIATE = "game.difficulty.intermediate", "intermediate",
        "Menu: how hard a scenario is (the middle level).";
    /// Difficulty: advanced.
    GAME_DIFFICULTY_ADVANCED = "game.difficulty.advanced", "advanced",
        "Menu: how hard a scenario is (the hardest level).";
    /// Difficulty: expert.
    GAME_DIFFICULTY_EXPERT = "game.difficulty.expert", "expert",
        "Menu: how hard a scenario is (for experienced KAMs).";
    /// Menu: the best grade so far.
    GAME_BEST_GRADE = "game.menu.best_grade", "best so far: {grade}",
        "Menu, after a scenario the player has practised: the best grade of their runs (a letter A to F).";
    /// Menu: what a scenario trains.
    GAME_TRAINS = "game.menu.trains", "trains: {competencies}",
        "Menu, under a scenario: the competencies it trains. {competencies} is a list of competency names.";
    /// Menu: a scenario whose latest edit is broken.
    GAME_BROKEN_LATEST = "game.menu.broken_latest", "{file}: the latest edit does not load; the last good version is listed above",
        "Menu, for trainers editing a scenario while the game runs. {file} is a file name.";
    /// Menu: a scenario that does not load.
    GAME_BROKEN = "game.menu.broken", "{file} does not load",
        "Menu, over the problems of a scenario file that cannot be played. {file} is a file name.";
    /// Minutes, short.
    GAME_MINUTES = "game.minutes", "{minutes} min",
        "A duration in minutes, short (menu, dossier items). {minutes} is a number.";
    /// Loading screen.
    GAME_LOADING = "game.loading", "Loading scenarios…",
        "Shown while the game reads the scenario files.";
    /// A scenario asked for at launch does not load.
    GAME_LAUNCH_NOT_FOUND = "game.loading.not_found", "No scenario `{spec}` loads; pick one below.",
        "Menu notice when the scenario named on the command line cannot be played. {spec} is what was typed.";
    /// Briefing: who is in the room.
    GAME_IN_THE_ROOM = "game.briefing.in_the_room", "In the room: {people}",
        "Briefing, client card: the stakeholders at the meeting. {people} is a list of names and titles.";
    /// Briefing: when and where.
    GAME_MEETING_AT = "game.briefing.meeting_at", "Meeting at {time} — {place}",
        "Briefing, client card: the meeting's time (e.g. 10:00) and place.";
    /// Briefing: the dossier clock.
    GAME_DOSSIER = "game.briefing.dossier", "Dossier — {left} of {budget} minutes left (clock {time}). Press a number to study, Enter to leave.",
        "Briefing: heading of the dossier. {left} and {budget} are minutes, {time} the in-game clock (09:12).";
    /// Briefing: leave.
    GAME_LEAVE = "game.briefing.leave", "Leave for the meeting (Enter)",
        "Briefing: button that ends the preparation.";
    /// Travel: title.
    GAME_TRAVEL_TITLE = "game.travel.title", "How do you get there?",
        "Travel screen title: the player chooses a route to the meeting.";
    /// Travel: when and where.
    GAME_TRAVEL_INTRO = "game.travel.intro", "You leave at {leave}. The meeting is at {time}, {place}.",
        "Travel screen. {leave} and {time} are clock times, {place} the meeting place.";
    /// Travel: a route's planned arrival.
    GAME_PLANNED_ARRIVAL = "game.travel.planned_arrival", "planned arrival {time}",
        "Travel screen, after a route's name. {time} is a clock time.";
    /// Travel: keys.
    GAME_TRAVEL_HELP = "game.travel.help", "Press a number to choose, or Tab to a route and Enter.",
        "Travel screen, at the bottom.";
    /// Meeting: late arrival.
    GAME_ARRIVE_LATE = "game.meeting.late", "You arrive {minutes} min late. The room has cooled.",
        "Meeting screen, when the player arrived late. {minutes} is a number.";
    /// Meeting: trust bar.
    GAME_TRUST = "game.meeting.trust", "trust",
        "Meeting screen, label of a stakeholder's trust bar.";
    /// Meeting: mood bar.
    GAME_MOOD = "game.meeting.mood", "mood",
        "Meeting screen, label of a stakeholder's mood bar.";
    /// Meeting: keys.
    GAME_MEETING_HELP = "game.meeting.help", "Press a number or click to answer, or Tab to an answer and Enter. Esc: pause.",
        "Meeting screen, at the bottom.";
    /// Meeting: someone is speaking.
    GAME_SPEAKING = "game.meeting.speaking", "{name} is speaking",
        "Meeting screen, over the line being said. {name} is a stakeholder.";
    /// Meeting: someone waits.
    GAME_WAITING = "game.meeting.waiting", "{name} waits for your answer",
        "Meeting screen, once the stakeholder has finished the line. {name} is a stakeholder.";
    /// Meeting: the deal on the table.
    GAME_ON_THE_TABLE = "game.meeting.on_the_table", "on the table: {price} per {unit} (list {list}), {days} days, {volume} a year, {months} months",
        "Meeting status line: the deal terms being discussed. Amounts come with their currency; {days} is the payment term, {volume} a count of units, {months} the contract length.";
    /// Debrief: title line.
    GAME_DEBRIEF_TITLE = "game.debrief.title", "{ending} — score {score} ({grade})",
        "Debrief title. {ending} is how the meeting ended, {score} a number out of 100, {grade} a letter A to F.";
    /// Debrief: could not score.
    GAME_NOT_SCORED = "game.debrief.not_scored", "The meeting could not be scored: {why}",
        "Debrief, when the result cannot be computed. {why} is the reason.";
    /// Debrief in an assessment.
    GAME_ASSESSMENT_DEBRIEF = "game.debrief.assessment", "Assessment debrief {number} of {count}. N: next debrief. You may close the window when you are done.",
        "Debrief during an assessment. {number} and {count} are numbers; N is a key.";
    /// Debrief: replay.
    GAME_REPLAY = "game.debrief.replay", "Replay (R)",
        "Debrief button: play the same scenario again with the same seed. R is the key.";
    /// Debrief: next.
    GAME_NEXT = "game.debrief.next", "Next scenario (N)",
        "Debrief button: play the next scenario. N is the key.";
    /// Debrief: menu.
    GAME_MENU = "game.debrief.menu", "Menu (M)",
        "Debrief button: back to the menu. M is the key.";
    /// Debrief: profile heading.
    GAME_COMPETENCIES = "game.debrief.competencies", "Competencies (target in brackets)",
        "Debrief heading over the competency bars; the target level follows each score in [brackets].";
    /// Debrief: deal closed.
    GAME_DEAL = "game.debrief.deal", "Deal: {price} per {unit} — floor {floor}, list {list} ({margin} over floor)",
        "Debrief: the deal agreed. Amounts come with their currency.";
    /// Debrief: deal not closed.
    GAME_DEAL_NOT_CLOSED = "game.debrief.deal_not_closed", "Deal not closed: {price} per {unit} was on the table (floor {floor})",
        "Debrief: no deal was agreed. Amounts come with their currency.";
    /// Debrief: preparation and travel.
    GAME_PREPARED = "game.debrief.prepared", "Prepared {used} of {budget} min; {route} — arrived {time} ({arrival})",
        "Debrief: preparation minutes used, the route taken, the arrival time, and \"on time\" or \"5 min late\".";
    /// Debrief: timeline heading.
    GAME_TIMELINE = "game.debrief.timeline", "Timeline",
        "Debrief heading over the list of the player's moves with their times.";
    /// Debrief: the journal could not be written.
    GAME_JOURNAL_FAILED = "game.debrief.journal_failed", "This run could not be saved to your practice journal ({why}); your progress will not count it.",
        "Debrief, when the practice journal file cannot be written. {why} is the reason (a file name and what went wrong).";
    /// Debrief: texts shown in English.
    GAME_FELL_BACK = "game.debrief.fell_back", "Texts of this scenario not translated yet, shown in English: {count}.",
        "Debrief note when some texts have no translation in the chosen language. {count} is a number.";
    /// Progress: the next scenario catches a recurring mistake.
    PROGRESS_REASON_MISTAKE = "progress.reason_mistake", "{mistake} came back in {sessions} of your last {of_last} sessions; this scenario can catch it",
        "Why a scenario is recommended to practise next. {mistake} is a mistake's name in lower case (e.g. interrupting), {sessions} and {of_last} are numbers.";
    /// Progress: the next scenario trains the widest gap.
    PROGRESS_REASON_GAP = "progress.reason_gap", "it trains {competency} (your level {level}, target {target}), where you are furthest below the target",
        "Why a scenario is recommended. {competency} is a competency's name in lower case; {level} and {target} are numbers 0 to 100.";
    /// Progress: the next scenario trains a competency never measured.
    PROGRESS_REASON_UNMEASURED = "progress.reason_unmeasured", "it trains {competency}, which none of your sessions has measured yet (target {target})",
        "Why a scenario is recommended. {competency} is a competency's name in lower case; {target} a number 0 to 100.";
    /// Progress: nothing else decides.
    PROGRESS_REASON_NOT_MASTERED = "progress.reason_not_mastered", "of the scenarios you have not mastered yet, this one first",
        "Why a scenario is recommended, when no mistake recurs and no gap decides. Mastered means graded A.";
    /// Progress: no session yet.
    PROGRESS_REASON_START = "progress.reason_start", "start here: the easiest scenario of the library",
        "Why a scenario is recommended to a player who has not practised yet.";
    /// Menu: the keys that open other screens.
    GAME_MENU_KEYS = "game.menu.keys", "↑/↓ or Tab, then Enter: play · P: your progress · Esc: settings",
        "Menu hint line. Tab, Enter, P and Esc are keys; ↑/↓ are the arrow keys.";
    /// Progress: title.
    GAME_PROGRESS_TITLE = "game.progress.title", "Progress of {player} · sessions played: {count}",
        "Title of the progress screen. {player} is the player's name, {count} a number of practice sessions.";
    /// Progress: nothing played yet.
    GAME_PROGRESS_EMPTY = "game.progress.empty", "No practice yet: play a scenario and your progress appears here.",
        "Progress screen, before the first practice session.";
    /// Progress: journal unreadable.
    GAME_PROGRESS_UNREADABLE = "game.progress.unreadable", "Your practice journal could not be read ({why}).",
        "Progress screen, when the journal file cannot be read. {why} is the reason.";
    /// Progress: radar heading.
    GAME_PROGRESS_PROFILE = "game.progress.profile", "Your profile against the target",
        "Heading over the radar chart of the player's competencies.";
    /// Progress: radar legend.
    GAME_PROGRESS_LEGEND = "game.progress.legend", "yellow: you · grey: the target",
        "Legend of the radar chart: the player's shape is drawn in yellow, the target in grey.";
    /// Progress: competencies never measured.
    GAME_PROGRESS_NOT_MEASURED = "game.progress.not_measured", "Not measured yet: {competencies}",
        "Under the radar chart. {competencies} is a list of competency names.";
    /// Progress: trends heading.
    GAME_PROGRESS_TRENDS = "game.progress.trends", "Each competency over your sessions",
        "Heading over one small line chart per competency.";
    /// Progress: one trend line's label.
    GAME_PROGRESS_TREND = "game.progress.trend", "{competency}: {level} (target {target})",
        "Label of a competency's line chart. {level} is the current proficiency and {target} the target, numbers 0 to 100.";
    /// Progress: recurring mistakes heading.
    GAME_PROGRESS_RECURRING = "game.progress.recurring", "Mistakes that come back",
        "Heading over the list of recurring mistakes.";
    /// Progress: one recurring mistake.
    GAME_PROGRESS_RECURRING_LINE = "game.progress.recurring_line", "{mistake}: in {sessions} of your last {of_last} sessions",
        "A recurring mistake. {mistake} is its name; {sessions} and {of_last} are numbers.";
    /// Progress: no recurring mistake.
    GAME_PROGRESS_NO_RECURRING = "game.progress.no_recurring", "No mistake came back in your last sessions.",
        "Progress screen when no mistake recurs.";
    /// Progress: scenarios played heading.
    GAME_PROGRESS_PLAYED = "game.progress.played", "Scenarios played",
        "Heading over the list of scenarios played with their best grade.";
    /// Progress: one scenario played.
    GAME_PROGRESS_PLAYED_LINE = "game.progress.played_line", "{title}: best {grade}, played {count}×",
        "A scenario played. {title} is its title, {grade} a letter A to F, {count} how many times it was played.";
    /// Progress: the recommendation.
    GAME_PROGRESS_NEXT = "game.progress.next", "Next: {title}, because {reason}.",
        "The recommended scenario. {title} is its title, {reason} a sentence such as \"interrupting came back in 4 of your last 6 sessions\".";
    /// Progress: every scenario mastered.
    GAME_PROGRESS_ALL_MASTERED = "game.progress.all_mastered", "Every scenario is mastered (grade A): replay any from the menu.",
        "Progress screen when there is nothing left to recommend.";
    /// Progress: keys.
    GAME_PROGRESS_KEYS = "game.progress.keys", "Enter: play the recommended scenario · M: menu",
        "Progress screen hint line; Enter and M are keys.";
    /// Debrief: one mistake's heading.
    GAME_MISTAKE_HEADING = "game.debrief.mistake_heading", "{number}. {mistake} — {severity}, at {time} s",
        "Debrief: a mistake's heading, e.g. \"2. Interrupting — major, at 41.5 s\". {severity} is minor, major or critical.";
    /// Debrief: the moment, by what the client said.
    GAME_WHEN_SAID = "game.debrief.when_said", "When {speaker} said: \u{201c}{line}\u{201d}",
        "Debrief: the moment a mistake happened, described by the client's words. {speaker} is a name, {line} what they said (possibly shortened).";
    /// Debrief: the moment, by the narration.
    GAME_WHEN_NARRATED = "game.debrief.when_narrated", "At the moment: \u{201c}{line}\u{201d}",
        "Debrief: the moment a mistake happened, when no stakeholder was speaking. {line} is the narration.";
    /// Debrief: the mistake happened on arrival.
    GAME_WHEN_ARRIVING = "game.debrief.when_arriving", "When you arrived",
        "Debrief: a mistake (lateness) happened as the player arrived.";
    /// Timeline: the arrival.
    GAME_TIMELINE_ARRIVED = "game.debrief.timeline_arrived", "you arrive ({arrival})",
        "Timeline entry. {arrival} is \"on time\" or \"5 min late\".";
    /// Timeline: silence.
    GAME_TIMELINE_SILENT = "game.debrief.timeline_silent", "(you say nothing)",
        "Timeline entry: the player let the time run out without answering.";
    /// Debrief: how scored.
    GAME_HOW_SCORED = "game.debrief.how_scored", "How this was scored: {formula}",
        "Debrief, shown with the H key. {formula} is the score's arithmetic, left in English.";
    /// Debrief: keys.
    GAME_DEBRIEF_KEYS = "game.debrief.keys", "C: the client's side of the table · H: how this was scored · ↑/↓: scroll",
        "Debrief hint line. C and H are keys; ↑/↓ are the arrow keys.";
    /// Client's side: heading.
    GAME_CLIENT_TITLE = "game.client.title", "The client's side of the table",
        "Heading of the debrief view that replays the meeting as the client lived it.";
    /// Client's side: keys.
    GAME_CLIENT_KEYS = "game.client.keys", "←/→: step through the meeting · C: back to the mistakes",
        "Hint line; ←/→ are the arrow keys, C a key.";
    /// Client's side: chart legend.
    GAME_CLIENT_LEGEND = "game.client.legend", "thick line: trust · thin line: mood · red mark: a mistake · white line: this moment",
        "Legend of the chart of each stakeholder's trust and mood over the meeting.";
    /// Client's side: which moment.
    GAME_CLIENT_MOMENT = "game.client.moment", "Moment {number} of {count}, at {time} s",
        "Which moment of the meeting is shown. {number} and {count} are numbers, {time} seconds.";
    /// Client's side: what the client said.
    GAME_CLIENT_THEY_SAID = "game.client.they_said", "{speaker}: \u{201c}{line}\u{201d}",
        "What a stakeholder said at this moment. {speaker} is a name.";
    /// Client's side: the player's answer.
    GAME_CLIENT_YOU_ANSWERED = "game.client.you_answered", "You: \u{201c}{words}\u{201d}",
        "What the player answered at this moment.";
    /// Client's side: answered too early.
    GAME_CLIENT_INTERRUPTING = "game.client.interrupting", "You answered before they had finished.",
        "The player's answer came while the stakeholder was still speaking.";
    /// Client's side: answered late.
    GAME_CLIENT_HESITANT = "game.client.hesitant", "You answered after a long pause.",
        "The player's answer came after the stakeholder's patience ran out.";
    /// Client's side: silence.
    GAME_CLIENT_SILENT = "game.client.silent", "You said nothing, and the time ran out.",
        "The player let the time run out at this moment.";
    /// Client's side: arrival.
    GAME_CLIENT_ARRIVED = "game.client.arrived", "You arrive, {arrival}.",
        "The first moment: the player arrives. {arrival} is \"on time\" or \"5 min late\".";
    /// Client's side: how a stakeholder's feelings moved.
    GAME_CLIENT_FEELING = "game.client.feeling", "{name}: trust {trust_before} → {trust_after}, mood {mood_before} → {mood_after}",
        "How this moment moved a stakeholder's trust and mood. {name} is a name; the others are numbers 0 to 100.";
    /// Client's side: a mistake at this moment.
    GAME_CLIENT_MISTAKE = "game.client.mistake", "Mistake here: {mistake} — {severity}",
        "A mistake made at this moment. {severity} is minor, major or critical.";
    /// Client's side: no meeting.
    GAME_CLIENT_NO_MEETING = "game.client.no_meeting", "The meeting never started: there is nothing to replay from the client's side.",
        "Shown when the player never reached the meeting.";
    /// Player name: title.
    GAME_NAME_TITLE = "game.name.title", "Who is practising?",
        "Title of the screen where the player types their name.";
    /// Player name: help.
    GAME_NAME_HELP = "game.name.help", "Type your name and press Enter. Your practice journal keeps your runs under this name; you can change it in the settings (Esc, then N).",
        "Help under the name field. Enter, Esc and N are keys.";
    /// Player name: empty.
    GAME_NAME_EMPTY = "game.name.empty", "A name cannot be empty.",
        "Shown when the player presses Enter with no name typed.";
    /// Settings: the player.
    GAME_SETTINGS_PLAYER = "game.settings.player", "N  player: {player}",
        "Settings line; N is the key that changes the player's name. {player} is the name.";
    /// Practice report: title.
    PRACTICE_TITLE = "practice.title", "Team practice",
        "Title of the trainer's report on the new hires' practice journals.";
    /// Practice report: what it covers.
    PRACTICE_SUMMARY = "practice.summary", "{people} people · {sessions} practice sessions · from {files}",
        "Under the title. {people} and {sessions} are numbers; {files} the journal files read.";
    /// Practice report: who practised.
    PRACTICE_WHO = "practice.who", "Who practised what, and when",
        "Heading over the table of people, their sessions and scores.";
    /// Column: person.
    PRACTICE_COLUMN_PERSON = "practice.column.person", "person",
        "Table column: the new hire's name.";
    /// Column: sessions.
    PRACTICE_COLUMN_SESSIONS = "practice.column.sessions", "sessions",
        "Table column: how many practice sessions.";
    /// Column: first session.
    PRACTICE_COLUMN_FIRST = "practice.column.first", "first",
        "Table column: the date of the first session.";
    /// Column: last session.
    PRACTICE_COLUMN_LAST = "practice.column.last", "last",
        "Table column: the date of the latest session.";
    /// Column: scores.
    PRACTICE_COLUMN_SCORES = "practice.column.scores", "score over the sessions",
        "Table column holding a small line chart of the scores, oldest first.";
    /// Column: scenarios.
    PRACTICE_COLUMN_SCENARIOS = "practice.column.scenarios", "scenarios (best grade, times played)",
        "Table column: each scenario played, its best grade and how many times.";
    /// Practice report: repeated mistakes.
    PRACTICE_REPEATED = "practice.repeated", "Mistakes the team repeats most",
        "Heading over the bar chart of the team's mistakes.";
    /// Practice report: how the bars are counted.
    PRACTICE_REPEATED_NOTE = "practice.repeated_note", "Each bar counts the sessions that contained the mistake; red when it recurs for someone (in at least 2 of their last 6 sessions).",
        "Note under the mistakes heading.";
    /// Practice report: one bar's figures.
    PRACTICE_BAR = "practice.bar", "sessions: {sessions} · recurs for {recurring} of {people}",
        "Figures after a mistake's bar. All three are numbers; {people} is how many people the report covers.";
    /// Practice report: no mistakes.
    PRACTICE_NO_MISTAKES = "practice.no_mistakes", "No mistake in any session.",
        "Shown instead of the chart when nobody made a mistake.";
    /// Practice report: about one person.
    PRACTICE_PERSON_ABOUT = "practice.person_about", "{sessions} practice sessions; score over the sessions, oldest first",
        "Under a person's name, above the chart of their scores. {sessions} is a number.";
    /// Column: competency.
    PRACTICE_COLUMN_COMPETENCY = "practice.column.competency", "competency",
        "Table column.";
    /// Column: proficiency.
    PRACTICE_COLUMN_LEVEL = "practice.column.level", "proficiency",
        "Table column: the recency-weighted level, 0 to 100.";
    /// Column: target.
    PRACTICE_COLUMN_TARGET = "practice.column.target", "target",
        "Table column: the target profile's level.";
    /// Not measured.
    PRACTICE_NOT_MEASURED = "practice.not_measured", "not measured yet",
        "In the proficiency column, for a competency no session measured.";
    /// Practice report: every session.
    PRACTICE_SESSIONS = "practice.sessions", "Every session",
        "Heading over the list of all sessions by date.";
    /// Column: when played.
    PRACTICE_COLUMN_PLAYED = "practice.column.played", "played",
        "Table column: date and time of a session.";
    /// Column: score.
    PRACTICE_COLUMN_SCORE = "practice.column.score", "score",
        "Table column: the session's score and grade.";
    /// Menu: the Progress button.
    GAME_PROGRESS_BUTTON = "game.menu.progress", "Your progress (P)",
        "Menu button that opens the progress screen; P is its key.";
    /// Progress: play the recommended scenario.
    GAME_PLAY_NEXT_BUTTON = "game.progress.play_next", "Play it (Enter)",
        "Progress screen button that starts the recommended scenario; Enter is its key.";
    /// Debrief: the client's side button.
    GAME_CLIENT_BUTTON = "game.debrief.client_button", "Client's side (C)",
        "Debrief button that shows the meeting from the client's side; C is its key.";
    /// Debrief: the formula button.
    GAME_HOW_SCORED_BUTTON = "game.debrief.how_scored_button", "How scored (H)",
        "Debrief button that shows how the score was computed; H is its key.";
    /// Client's side: an earlier moment.
    GAME_CLIENT_EARLIER = "game.client.earlier", "← earlier",
        "Button: the previous moment of the meeting (the ← key does the same).";
    /// Client's side: a later moment.
    GAME_CLIENT_LATER = "game.client.later", "later →",
        "Button: the next moment of the meeting (the → key does the same).";
    /// Terminal: travel keys.
    TERM_TRAVEL_HELP = "term.travel.help", "Press a number to choose a route; Backspace: back to the dossier; q: stop.",
        "Terminal mode, the travel screen's help line. Backspace and q are keys.";
    /// Terminal: meeting keys.
    TERM_MEETING_HELP = "term.meeting.help", "Press a number to answer — while someone speaks, that is an interruption. q: stop (the meeting is not scored).",
        "Terminal mode, the meeting's help line. q is a key.";
    /// Terminal: time left.
    TERM_TIME_LEFT = "term.meeting.time_left", "{seconds} s to answer",
        "Terminal mode, on the timer bar. {seconds} is a number.";
    /// Terminal: debrief keys.
    TERM_DEBRIEF_HELP = "term.debrief.help", "↑/↓ or PageUp/PageDown: scroll · q: quit",
        "Terminal mode, the debrief's help line. q is a key.";
    /// Settings: title.
    GAME_PAUSED = "game.settings.paused", "Paused",
        "Title of the pause and settings overlay.";
    /// Settings: text speed.
    GAME_TEXT_SPEED = "game.settings.text_speed", "T  text speed: {speed}",
        "Settings line; T is the key that changes it. {speed} is as spoken, fast or instant.";
    /// Text speed: as spoken.
    GAME_SPEED_SPOKEN = "game.settings.speed_spoken", "as spoken",
        "Text speed: a line appears as fast as the stakeholder says it.";
    /// Text speed: fast.
    GAME_SPEED_FAST = "game.settings.speed_fast", "fast",
        "Text speed: a line appears faster than it is said.";
    /// Text speed: instant.
    GAME_SPEED_INSTANT = "game.settings.speed_instant", "instant",
        "Text speed: a line appears at once.";
    /// Settings: text size.
    GAME_TEXT_SIZE = "game.settings.text_size", "S  text size: {size}",
        "Settings line; S is the key that changes it. {size} is small, medium or large.";
    /// Text size: small.
    GAME_SIZE_SMALL = "game.settings.size_small", "small",
        "Text size setting.";
    /// Text size: medium.
    GAME_SIZE_MEDIUM = "game.settings.size_medium", "medium",
        "Text size setting.";
    /// Text size: large.
    GAME_SIZE_LARGE = "game.settings.size_large", "large",
        "Text size setting.";
    /// Settings: fullscreen.
    GAME_FULLSCREEN = "game.settings.fullscreen", "F  fullscreen: {state}",
        "Settings line; F is the key that changes it. {state} is on or off.";
    /// On.
    GAME_ON = "game.settings.on", "on",
        "A setting that is switched on.";
    /// Off.
    GAME_OFF = "game.settings.off", "off",
        "A setting that is switched off.";
    /// Settings: language.
    GAME_LANGUAGE = "game.settings.language", "L  language: {language}",
        "Settings line; L is the key that changes it. {language} is the language's own name (English, Português, Español, Русский, Azərbaycanca).";
    /// Settings: leave.
    GAME_LEAVE_TO_MENU = "game.settings.leave", "Q  leave to the menu",
        "Settings line; Q is the key.";
    /// Settings: resume.
    GAME_RESUME = "game.settings.resume", "Esc  resume",
        "Settings line; Esc is the key.";
    /// Assessment: saved run set aside.
    GAME_RUN_SET_ASIDE = "game.assessment.set_aside", "The saved run could not be resumed ({problem}). It was kept as {file} and a new run starts; tell the person running the assessment.",
        "Assessment notice to the candidate. {problem} is the reason, {file} a file name.";
    /// Assessment: saved run could not be moved.
    GAME_RUN_NOT_MOVED = "game.assessment.not_moved", "The saved run could not be resumed ({problem}) and could not be moved aside ({why}); tell the person running the assessment.",
        "Assessment notice to the candidate. {problem} and {why} are reasons.";
    /// Assessment: cannot go on.
    GAME_RUN_STOPPED = "game.assessment.stopped", "The run could not go on: {why}. Tell the person running the assessment.",
        "Assessment notice to the candidate. {why} is the reason.";
    /// Assessment: answers not saved.
    GAME_NOT_SAVED = "game.assessment.not_saved", "Your answers could not be saved ({why}). Tell the person running the assessment.",
        "Assessment notice to the candidate. {why} is the reason.";
    /// Assessment: result not computed.
    GAME_RESULT_FAILED = "game.assessment.result_failed", "The result could not be computed: {why}",
        "Assessment notice. {why} is the reason.";
    /// Assessment: result not written.
    GAME_RESULT_NOT_WRITTEN = "game.assessment.not_written", "The result could not be written to {file} ({why}); your answers are kept in {saved} and the result can be rebuilt from them.",
        "Assessment notice. {file} and {saved} are file names, {why} the reason.";
    /// Assessment: complete.
    GAME_ASSESSMENT_DONE = "game.assessment.done", "Your assessment is complete and your answers have been recorded. Thank you. You may close the window.",
        "Shown to the candidate at the end of an assessment.";
    /// Settings: the colour theme.
    GAME_THEME = "game.settings.theme", "C  colours: {theme}",
        "Settings line; C is the key that changes it. {theme} is standard or high contrast.";
    /// Colour theme: standard.
    GAME_THEME_STANDARD = "game.settings.theme_standard", "standard",
        "Colour theme setting.";
    /// Colour theme: high contrast.
    GAME_THEME_HIGH_CONTRAST = "game.settings.theme_high_contrast", "high contrast",
        "Colour theme setting: white and bright colours on black, for players who see poorly.";
    /// Settings: the answering time.
    GAME_ANSWER_TIME = "game.settings.answer_time", "E  answer time: {time}",
        "Settings line; E is the key that changes it. {time} is standard or extended (timers doubled, for screen-reader users).";
    /// Answering time: standard.
    GAME_ANSWER_TIME_STANDARD = "game.settings.answer_time_standard", "standard",
        "Answer time setting: the scenario's own timers.";
    /// Answering time: extended.
    GAME_ANSWER_TIME_EXTENDED = "game.settings.answer_time_extended", "extended, timers ×2",
        "Answer time setting: every answer timer and every client's patience doubled, for players using a screen reader or who need longer to read.";
    /// The answering time changes from the next scenario.
    GAME_ANSWER_TIME_NEXT = "game.settings.answer_time_next", "(from the next scenario; this one keeps its time)",
        "Settings, after the answer time line, when it was changed during a meeting.";
    /// The answering time of an assessment, which the candidate cannot change.
    GAME_ANSWER_TIME_FIXED = "game.settings.answer_time_fixed", "answer time: {time}, set for this assessment",
        "Settings line in an assessment: the answer time the manager granted; the candidate cannot change it. {time} is standard or extended.";
    /// A stakeholder's trust or mood, in words: 0–19.
    GAME_LEVEL_VERY_LOW = "game.meeting.level_very_low", "very low",
        "Meeting screen, a stakeholder's card: trust or mood in words, as in \"trust: very low\" (a screen reader says it instead of the bar).";
    /// 20–39.
    GAME_LEVEL_LOW = "game.meeting.level_low", "low",
        "Meeting screen, a stakeholder's card: trust or mood in words, as in \"mood: low\".";
    /// 40–59.
    GAME_LEVEL_MIDDLING = "game.meeting.level_middling", "middling",
        "Meeting screen, a stakeholder's card: trust or mood in words, as in \"trust: middling\" (neither low nor high).";
    /// 60–79.
    GAME_LEVEL_HIGH = "game.meeting.level_high", "high",
        "Meeting screen, a stakeholder's card: trust or mood in words, as in \"mood: high\".";
    /// 80–100.
    GAME_LEVEL_VERY_HIGH = "game.meeting.level_very_high", "very high",
        "Meeting screen, a stakeholder's card: trust or mood in words, as in \"trust: very high\".";
    /// Meeting: the time to answer, said when the line starts.
    GAME_TIMER_START = "game.meeting.timer_start", "{seconds} seconds to answer once the line ends",
        "Meeting screen, beside the timer bar, said by screen readers as the line starts. {seconds} is a number.";
    /// Meeting: the time to answer is running out.
    GAME_TIMER_ENDING = "game.meeting.timer_ending", "{seconds} seconds left to answer",
        "Meeting screen, beside the timer bar, said by screen readers when 5 seconds are left. {seconds} is a number.";
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
