//! Balance of a scenario library: how a uniformly random player scores, the rules every shipped
//! scenario meets, and how a set of scenarios covers the brief's mistakes and competencies.
//!
//! `kam-sim analyze --balance` applies [`BalanceRules`] to one scenario; `kam-sim library` applies
//! them to a folder, adds the [`LibraryRules`] and renders `docs/scenarios.md` with [`to_markdown`].

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use serde::Serialize;

use super::analysis::Analysis;
use super::compile::CompiledScenario;
use super::policy::play_random;
use super::scoring::overall_score;
use super::vocab::{Competency, EncounterKind, MistakeKind};

/// How many seeded random playthroughs the statistics use (seeds `0..RANDOM_RUNS`).
pub const RANDOM_RUNS: u32 = 1000;

/// Scores of a uniformly random player over seeded playthroughs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RandomStats {
    /// Playthroughs (seeds `0..runs`).
    pub runs: u32,
    /// Median score (nearest rank).
    pub median: u8,
    /// 10th percentile (nearest rank).
    pub p10: u8,
    /// 90th percentile (nearest rank).
    pub p90: u8,
}

/// Nearest-rank percentile of sorted scores: the smallest score with at least `p` % at or below it.
fn percentile(sorted: &[u8], p: usize) -> u8 {
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted[rank - 1]
}

/// Plays `runs` random playthroughs (seeds `0..runs`, so each also draws its own world) and
/// summarises their scores. `None` when a playthrough cannot finish (the analyzer reports why).
pub fn random_stats(c: &Arc<CompiledScenario>, runs: u32) -> Option<RandomStats> {
    let mut scores = Vec::with_capacity(runs as usize);
    for seed in 0..u64::from(runs) {
        let session = play_random(c.clone(), seed).ok()?;
        let (ending, _) = session.ending()?;
        scores.push(overall_score(
            session.tally(),
            &c.measured,
            c.ending_value[ending as usize],
        ));
    }
    if scores.is_empty() {
        return None;
    }
    scores.sort_unstable();
    Some(RandomStats {
        runs,
        median: percentile(&scores, 50),
        p10: percentile(&scores, 10),
        p90: percentile(&scores, 90),
    })
}

/// The analyzer's findings plus the random player's statistics.
pub fn analyze_with_random(c: &Arc<CompiledScenario>) -> Analysis {
    analyze_with_random_within(c, super::analysis::DEFAULT_STATE_BUDGET)
}

/// The same, exploring at most `max_states` meeting states; beyond them the exact part is replaced
/// by an explanation and the random player's statistics remain.
pub fn analyze_with_random_within(c: &Arc<CompiledScenario>, max_states: usize) -> Analysis {
    let mut analysis = super::analysis::analyze_within(c, max_states);
    analysis.random = random_stats(c, RANDOM_RUNS);
    analysis
}

/// What a shipped scenario's score distribution must look like: a strong player can excel, a
/// careless one fails, and guessing lands in the middle — so the score tells players apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BalanceRules {
    /// The best playthrough scores at least this.
    pub best_at_least: u8,
    /// The worst playthrough scores at most this.
    pub worst_at_most: u8,
    /// The random player's median lies in this inclusive range.
    pub random_median: (u8, u8),
}

impl Default for BalanceRules {
    fn default() -> Self {
        BalanceRules {
            best_at_least: 90,
            worst_at_most: 25,
            random_median: (35, 60),
        }
    }
}

impl BalanceRules {
    /// Where a scenario's analysis breaks the rules (needs `analysis.random`).
    pub fn warnings(&self, analysis: &Analysis) -> Vec<String> {
        let mut w = Vec::new();
        if let Some(range) = &analysis.score {
            if range.max < self.best_at_least {
                w.push(format!(
                    "balance: the best playthrough scores {}, below {} (a strong player cannot reach an A)",
                    range.max, self.best_at_least
                ));
            }
            if range.min > self.worst_at_most {
                w.push(format!(
                    "balance: the worst playthrough scores {}, above {} (careless play is not punished enough)",
                    range.min, self.worst_at_most
                ));
            }
        }
        match analysis.random {
            Some(r) if r.median < self.random_median.0 || r.median > self.random_median.1 => w.push(format!(
                "balance: a random player's median is {}, outside {}–{} (p10 {}, p90 {})",
                r.median, self.random_median.0, self.random_median.1, r.p10, r.p90
            )),
            Some(_) => {}
            None => w.push("balance: random playthroughs could not be scored".to_owned()),
        }
        w
    }
}

/// What a scenario library as a whole must offer (issue: twelve scenarios, four of each kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LibraryRules {
    /// Scenarios of each kind, at least.
    pub per_kind: usize,
    /// Nodes per scenario, inclusive range.
    pub nodes: (usize, usize),
    /// At least this share of scenarios (in per cent) has two or more stakeholders.
    pub multi_stakeholder_percent: usize,
    /// Each documented mistake (§4.2, §4.3) can occur in at least this many scenarios, and each
    /// competency (§3.5) is measured in at least this many.
    pub coverage: usize,
    /// Rules for each scenario.
    pub balance: BalanceRules,
}

impl Default for LibraryRules {
    fn default() -> Self {
        LibraryRules {
            per_kind: 4,
            nodes: (25, 80),
            multi_stakeholder_percent: 50,
            coverage: 3,
            balance: BalanceRules::default(),
        }
    }
}

/// One scenario's line in the library table.
#[derive(Debug, Clone, Serialize)]
pub struct LibraryEntry {
    /// Scenario id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Encounter kind.
    pub kind: &'static str,
    /// Difficulty.
    pub difficulty: &'static str,
    /// Client company.
    pub client: String,
    /// Stakeholders in the meeting.
    pub stakeholders: usize,
    /// Conversation nodes (endings not counted).
    pub nodes: usize,
    /// Endings, and how many are reachable.
    pub endings: usize,
    /// Reachable endings.
    pub endings_reachable: usize,
    /// Mistakes that can occur.
    pub mistakes: Vec<&'static str>,
    /// Competencies measured.
    pub competencies: Vec<&'static str>,
    /// Best and worst scores.
    pub best: Option<u8>,
    /// Worst score.
    pub worst: Option<u8>,
    /// Random player.
    pub random: Option<RandomStats>,
    /// The scenario's analyzer and balance warnings.
    pub warnings: Vec<String>,
}

/// How many scenarios exercise one identifier, and which.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageRow {
    /// Mistake or competency id.
    pub id: &'static str,
    /// Scenario ids, in library order.
    pub scenarios: Vec<String>,
}

/// A library's table, coverage and rule findings.
#[derive(Debug, Clone, Serialize)]
pub struct LibraryReport {
    /// The rules applied.
    pub rules: LibraryRules,
    /// One entry per scenario, ordered by kind then id.
    pub scenarios: Vec<LibraryEntry>,
    /// Documented mistakes (§4.2, §4.3) and where they can occur.
    pub mistakes: Vec<CoverageRow>,
    /// Other mistakes of the vocabulary (§4.4) that the library uses.
    pub other_mistakes: Vec<CoverageRow>,
    /// Competencies and where they are measured.
    pub competencies: Vec<CoverageRow>,
    /// Library-wide findings (each scenario's own are in its entry).
    pub warnings: Vec<String>,
}

impl LibraryReport {
    /// Every warning, scenario ones prefixed with the scenario id.
    pub fn all_warnings(&self) -> Vec<String> {
        let mut w = self.warnings.clone();
        for e in &self.scenarios {
            w.extend(e.warnings.iter().map(|x| format!("{}: {x}", e.id)));
        }
        w
    }
}

fn kind_order(kind: EncounterKind) -> u8 {
    match kind {
        EncounterKind::Negotiation => 0,
        EncounterKind::TenderPitch => 1,
        EncounterKind::DifficultMeeting => 2,
    }
}

/// Builds the library report from compiled scenarios and their analyses (with random statistics).
pub fn library_report(scenarios: &[(Arc<CompiledScenario>, Analysis)], rules: LibraryRules) -> LibraryReport {
    let mut ordered: Vec<&(Arc<CompiledScenario>, Analysis)> = scenarios.iter().collect();
    ordered.sort_by(|a, b| {
        (kind_order(a.0.source.kind), &a.0.source.id).cmp(&(kind_order(b.0.source.kind), &b.0.source.id))
    });

    let mut entries = Vec::new();
    let mut mistake_sites: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    let mut competency_sites: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for (c, a) in &ordered {
        let s = &c.source;
        let mut warnings = a.warnings();
        warnings.extend(rules.balance.warnings(a));
        let nodes = s.nodes.len();
        if nodes < rules.nodes.0 || nodes > rules.nodes.1 {
            warnings.push(format!(
                "library: {nodes} nodes, outside {}–{}",
                rules.nodes.0, rules.nodes.1
            ));
        }
        for m in &a.mistakes_possible {
            mistake_sites.entry(m).or_default().push(s.id.clone());
        }
        for comp in &a.competencies_measured {
            competency_sites.entry(comp).or_default().push(s.id.clone());
        }
        entries.push(LibraryEntry {
            id: s.id.clone(),
            title: s.title.clone(),
            kind: s.kind.id(),
            difficulty: s.difficulty.id(),
            client: s.client.company.clone(),
            stakeholders: s.stakeholders.len(),
            nodes,
            endings: a.endings.len(),
            endings_reachable: a.endings.iter().filter(|e| e.reachable).count(),
            mistakes: a.mistakes_possible.clone(),
            competencies: a.competencies_measured.clone(),
            best: a.score.as_ref().map(|r| r.max),
            worst: a.score.as_ref().map(|r| r.min),
            random: a.random,
            warnings,
        });
    }

    let mut warnings = Vec::new();
    for kind in [
        EncounterKind::Negotiation,
        EncounterKind::TenderPitch,
        EncounterKind::DifficultMeeting,
    ] {
        let n = entries.iter().filter(|e| e.kind == kind.id()).count();
        if n < rules.per_kind {
            warnings.push(format!(
                "library: {n} {} scenarios, fewer than {}",
                kind.id(),
                rules.per_kind
            ));
        }
    }
    let multi = entries.iter().filter(|e| e.stakeholders >= 2).count();
    if multi * 100 < rules.multi_stakeholder_percent * entries.len() {
        warnings.push(format!(
            "library: {multi} of {} scenarios have two or more stakeholders, fewer than {} %",
            entries.len(),
            rules.multi_stakeholder_percent
        ));
    }
    let row = |id: &'static str, sites: &BTreeMap<&'static str, Vec<String>>| CoverageRow {
        id,
        scenarios: sites.get(id).cloned().unwrap_or_default(),
    };
    let mistakes: Vec<CoverageRow> = MistakeKind::DOCUMENTED
        .iter()
        .map(|m| row(m.id(), &mistake_sites))
        .collect();
    let other_mistakes: Vec<CoverageRow> = MistakeKind::ALL
        .iter()
        .filter(|m| !MistakeKind::DOCUMENTED.contains(m) && mistake_sites.contains_key(m.id()))
        .map(|m| row(m.id(), &mistake_sites))
        .collect();
    let competencies: Vec<CoverageRow> = Competency::ALL.iter().map(|c| row(c.id(), &competency_sites)).collect();
    for r in &mistakes {
        if r.scenarios.len() < rules.coverage {
            warnings.push(format!(
                "coverage: mistake `{}` can occur in {} scenario(s), fewer than {}",
                r.id,
                r.scenarios.len(),
                rules.coverage
            ));
        }
    }
    for r in &competencies {
        if r.scenarios.len() < rules.coverage {
            warnings.push(format!(
                "coverage: competency `{}` is measured in {} scenario(s), fewer than {}",
                r.id,
                r.scenarios.len(),
                rules.coverage
            ));
        }
    }
    LibraryReport {
        rules,
        scenarios: entries,
        mistakes,
        other_mistakes,
        competencies,
        warnings,
    }
}

fn score_cell(v: Option<u8>) -> String {
    v.map_or_else(|| "–".to_owned(), |v| v.to_string())
}

fn random_cell(r: Option<RandomStats>) -> String {
    r.map_or_else(|| "–".to_owned(), |r| format!("{} ({}–{})", r.median, r.p10, r.p90))
}

/// Renders the report as the Markdown of `docs/scenarios.md`.
pub fn to_markdown(report: &LibraryReport) -> String {
    let r = &report.rules;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Scenario library\n\n\
         <!-- Generated by `kam-sim library --format markdown > docs/scenarios.md`; do not edit by hand.\n     \
         A test fails when this file is out of date. -->\n\n\
         {} scenarios. Scores come from `kam-sim analyze`: *best* and *worst* are exact (every playthrough \
         explored in the low and high worlds); *random* is the median (p10–p90) of {} seeded playthroughs \
         by a player who picks uniformly among what is offered and answers as each line ends.\n\n\
         Rules checked in CI (`kam-sim library --deny-warnings`): at least {} scenarios of each kind; {}–{} \
         nodes each; two or more stakeholders in at least {} %; best ≥ {}, worst ≤ {}, random median \
         {}–{}; every ending reachable; each mistake of the brief's §4.2–§4.3 possible in at least {} \
         scenarios and each competency of §3.5 measured in at least {}.\n",
        report.scenarios.len(),
        RANDOM_RUNS,
        r.per_kind,
        r.nodes.0,
        r.nodes.1,
        r.multi_stakeholder_percent,
        r.balance.best_at_least,
        r.balance.worst_at_most,
        r.balance.random_median.0,
        r.balance.random_median.1,
        r.coverage,
        r.coverage
    );
    out.push_str("## Scenarios\n\n");
    out.push_str("| scenario | kind | difficulty | client | people | nodes | endings | best | worst | random |\n");
    out.push_str("|---|---|---|---|---|---|---|---|---|---|\n");
    for e in &report.scenarios {
        let _ = writeln!(
            out,
            "| `{}` — {} | {} | {} | {} | {} | {} | {}/{} | {} | {} | {} |",
            e.id,
            e.title,
            e.kind,
            e.difficulty,
            e.client,
            e.stakeholders,
            e.nodes,
            e.endings_reachable,
            e.endings,
            score_cell(e.best),
            score_cell(e.worst),
            random_cell(e.random)
        );
    }
    out.push_str("\n## Mistakes and competencies per scenario\n\n");
    out.push_str("| scenario | kind | difficulty | mistakes that can occur | competencies measured |\n");
    out.push_str("|---|---|---|---|---|\n");
    for e in &report.scenarios {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            e.id,
            e.kind,
            e.difficulty,
            e.mistakes.join(", "),
            e.competencies.join(", ")
        );
    }
    let coverage = |out: &mut String, title: &str, rows: &[CoverageRow]| {
        let _ = writeln!(out, "\n## {title}\n\n| id | scenarios | where |\n|---|---|---|");
        for row in rows {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} |",
                row.id,
                row.scenarios.len(),
                row.scenarios.join(", ")
            );
        }
    };
    coverage(
        &mut out,
        "Coverage of the documented mistakes (brief §4.2, §4.3)",
        &report.mistakes,
    );
    if !report.other_mistakes.is_empty() {
        coverage(&mut out, "Other mistakes used (brief §4.4)", &report.other_mistakes);
    }
    coverage(
        &mut out,
        "Coverage of the competencies (brief §3.5)",
        &report.competencies,
    );
    let warnings = report.all_warnings();
    out.push_str("\n## Findings\n\n");
    if warnings.is_empty() {
        out.push_str("None: every rule above holds.\n");
    } else {
        for w in warnings {
            let _ = writeln!(out, "- {w}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::percentile;

    #[test]
    fn nearest_rank_percentiles() {
        let scores: Vec<u8> = (1..=10).collect();
        assert_eq!(percentile(&scores, 50), 5);
        assert_eq!(percentile(&scores, 10), 1);
        assert_eq!(percentile(&scores, 90), 9);
        assert_eq!(percentile(&[42], 90), 42);
    }
}
