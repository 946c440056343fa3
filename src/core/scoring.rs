//! The scoring rules: mistake penalties, competency scores, overall score and grade.
//!
//! Every number here is documented in `docs/scoring.md` so that a manager can recompute a result by
//! hand. The overall score is a linear function of the evidence and penalties collected along a path,
//! which lets the analyzer find the exact best and worst scores by a longest-path search.

use serde::Serialize;

use super::vocab::{Competency, MistakeKind, Severity};

/// Points taken off the overall score per mistake.
pub fn penalty(severity: Severity) -> i64 {
    match severity {
        Severity::Minor => 2,
        Severity::Major => 5,
        Severity::Critical => 10,
    }
}

/// Profile points taken off each competency a mistake counts against.
pub fn competency_penalty(severity: Severity) -> i32 {
    match severity {
        Severity::Minor => 5,
        Severity::Major => 10,
        Severity::Critical => 20,
    }
}

/// Evidence and penalties collected during one playthrough.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Net evidence per competency, indexed by [`Competency::index`].
    pub evidence: [i32; 12],
    /// Sum of mistake penalties.
    pub penalty: i64,
}

impl Tally {
    /// Records evidence for a competency.
    pub fn add_evidence(&mut self, competency: Competency, points: i32) {
        self.evidence[competency.index()] = self.evidence[competency.index()].saturating_add(points);
    }

    /// Records a mistake: its penalty and its evidence against the linked competencies.
    pub fn add_mistake(&mut self, kind: MistakeKind, severity: Severity) {
        self.penalty = self.penalty.saturating_add(penalty(severity));
        for c in kind.competencies() {
            self.evidence[c.index()] = self.evidence[c.index()].saturating_sub(competency_penalty(severity));
        }
    }

    /// Sum of evidence over the measured competencies.
    pub fn evidence_total(&self, measured: &[Competency]) -> i64 {
        measured.iter().map(|c| i64::from(self.evidence[c.index()])).sum()
    }
}

/// A competency's score: 50 plus its net evidence, kept within 0–100.
pub fn competency_score(evidence: i32) -> u8 {
    (50 + evidence).clamp(0, 100) as u8
}

/// Ten times the number of measured competencies: the common denominator of [`score_numerator`].
pub fn score_denominator(measured: usize) -> i64 {
    10 * measured.max(1) as i64
}

/// The overall score before rounding, times [`score_denominator`]:
/// `0.6 × (50 + E ÷ k) + 0.4 × V − P`, with E the evidence total over the k measured
/// competencies, V the ending's outcome value and P the mistake penalties.
///
/// It is the sum of the terms in [`numerator`], which the analyzer adds up along paths: the
/// formula is written once, here.
pub fn score_numerator(evidence_total: i64, measured: usize, outcome_value: u8, penalty: i64) -> i64 {
    numerator::base(measured)
        + numerator::evidence(evidence_total)
        + numerator::outcome(measured, outcome_value)
        + numerator::penalty(measured, penalty)
}

/// Each term of [`score_numerator`] on its own, so that what a path collects can be added up as it
/// is collected (the analyzer's longest and shortest paths).
pub mod numerator {
    use super::{competency_penalty, penalty as mistake_penalty};
    use crate::core::vocab::{Competency, MistakeKind, Severity};

    fn k(measured: usize) -> i64 {
        measured.max(1) as i64
    }

    /// `0.6 × 50`, the score of a playthrough with no evidence, no penalty and an outcome worth 0.
    pub fn base(measured: usize) -> i64 {
        6 * 50 * k(measured)
    }

    /// `0.6 × E ÷ k` for evidence points `E` (on measured competencies).
    pub fn evidence(points: i64) -> i64 {
        6 * points
    }

    /// `0.4 × V` for the ending's outcome value `V`.
    pub fn outcome(measured: usize, value: u8) -> i64 {
        4 * k(measured) * i64::from(value)
    }

    /// `− P` for mistake penalties `P`.
    pub fn penalty(measured: usize, penalty: i64) -> i64 {
        -10 * k(measured) * penalty
    }

    /// One mistake of `severity`: its penalty, and the evidence it takes from the `linked` measured
    /// competencies it counts against.
    pub fn mistake(measured: usize, linked: usize, severity: Severity) -> i64 {
        evidence(-i64::from(competency_penalty(severity)) * linked as i64)
            + penalty(measured, mistake_penalty(severity))
    }

    /// One mistake of `kind` and `severity` in a scenario that measures `measured`.
    pub fn mistake_of(measured: &[Competency], kind: MistakeKind, severity: Severity) -> i64 {
        let linked = kind.competencies().iter().filter(|c| measured.contains(c)).count();
        mistake(measured.len(), linked, severity)
    }
}

/// Rounds numerator ÷ denominator to the nearest whole number (halves up) and keeps it within 0–100.
pub fn score_from_numerator(numerator: i64, denominator: i64) -> u8 {
    let rounded = (2 * numerator + denominator).div_euclid(2 * denominator);
    rounded.clamp(0, 100) as u8
}

/// The overall score of a finished playthrough.
///
/// ```
/// use kam_sim::core::scoring::{Tally, overall_score};
/// use kam_sim::core::vocab::{Competency, MistakeKind, Severity};
///
/// let measured = [Competency::Listening, Competency::Negotiation];
/// let mut tally = Tally::default();
/// tally.add_evidence(Competency::Negotiation, 20);
/// tally.add_mistake(MistakeKind::Interrupting, Severity::Major); // −10 listening, −5 overall
/// // 0.6 × (50 + (20 − 10) ÷ 2) + 0.4 × 100 − 5 = 68
/// assert_eq!(overall_score(&tally, &measured, 100), 68);
/// ```
pub fn overall_score(tally: &Tally, measured: &[Competency], outcome_value: u8) -> u8 {
    let n = score_numerator(
        tally.evidence_total(measured),
        measured.len(),
        outcome_value,
        tally.penalty,
    );
    score_from_numerator(n, score_denominator(measured.len()))
}

/// A letter grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
pub enum Grade {
    /// 90 and above.
    A,
    /// 75–89.
    B,
    /// 60–74.
    C,
    /// 40–59.
    D,
    /// Below 40.
    F,
}

impl Grade {
    /// The grade of an overall score.
    pub fn of(score: u8) -> Grade {
        match score {
            90.. => Grade::A,
            75..=89 => Grade::B,
            60..=74 => Grade::C,
            40..=59 => Grade::D,
            _ => Grade::F,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: [Competency; 2] = [Competency::Listening, Competency::Negotiation];

    #[test]
    fn a_clean_win_with_no_evidence_scores_seventy() {
        // 0.6 × 50 + 0.4 × 100 = 70.
        assert_eq!(overall_score(&Tally::default(), &TWO, 100), 70);
    }

    #[test]
    fn evidence_is_averaged_over_measured_competencies() {
        let mut t = Tally::default();
        t.add_evidence(Competency::Listening, 30);
        // 0.6 × (50 + 30 / 2) + 0.4 × 100 = 79.
        assert_eq!(overall_score(&t, &TWO, 100), 79);
    }

    #[test]
    fn a_critical_mistake_costs_its_penalty_and_its_competency_points() {
        let mut t = Tally::default();
        t.add_mistake(MistakeKind::Interrupting, Severity::Critical);
        assert_eq!(t.evidence[Competency::Listening.index()], -20);
        assert_eq!(t.penalty, 10);
        // 0.6 × (50 − 20 / 2) + 0.4 × 100 − 10 = 54.
        assert_eq!(overall_score(&t, &TWO, 100), 54);
        assert_eq!(competency_score(t.evidence[Competency::Listening.index()]), 30);
    }

    #[test]
    fn scores_round_half_up_and_stay_in_range() {
        assert_eq!(score_from_numerator(745, 10), 75);
        assert_eq!(score_from_numerator(744, 10), 74);
        assert_eq!(score_from_numerator(-500, 10), 0);
        assert_eq!(score_from_numerator(5000, 10), 100);
        assert_eq!(competency_score(80), 100);
        assert_eq!(competency_score(-80), 0);
    }

    #[test]
    fn grades_have_documented_boundaries() {
        assert_eq!(Grade::of(90), Grade::A);
        assert_eq!(Grade::of(89), Grade::B);
        assert_eq!(Grade::of(75), Grade::B);
        assert_eq!(Grade::of(74), Grade::C);
        assert_eq!(Grade::of(60), Grade::C);
        assert_eq!(Grade::of(59), Grade::D);
        assert_eq!(Grade::of(40), Grade::D);
        assert_eq!(Grade::of(39), Grade::F);
    }
}
