//! The technical report of a simulated-cohort study (`kam-sim study --html`), for the manager's
//! file: what was simulated, the numbers, what each means, and the study's limit. In English, like
//! the rest of the study's output.

use maud::html;

use super::page;
use crate::core::i18n::Texts;
use crate::core::study::{CUT_BAND, Study};

fn pct(v: f64) -> String {
    format!("{:.1} %", 100.0 * v)
}

fn num(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{v:.digits$}"))
}

/// The study as a self-contained HTML page, dated `made_on` on every printed page.
pub fn html(s: &Study, made_on: &str) -> String {
    let title = format!("Simulated-cohort study of {}", s.assessment);
    let body = html! {
        h1 { (title) }
        p {
            (s.candidates) " simulated candidates with a skill θ drawn from a standard normal distribution (seed "
            (s.seed) "), each playing the assessment twice with the same skill (test and retest). "
            "A candidate values each option by the best score still reachable after it (kam-sim's analyzer) and "
            "chooses by a softmax that is sharper the higher θ; less skilled candidates also interrupt and hesitate "
            "more often (docs/inputs-format.md, “--policy skilled”). The true pass is the candidates with the highest θ, "
            "as many as the assessment passes."
        }
        p class="note" { strong { "Limit. " } (s.limit) }
        h2 { "Summary" }
        table {
            tr { th { "Measure" } th { "Value" } th { "What it says" } }
            tr { td { "r(θ, average score), Pearson / Spearman" } td { (format!("{:.3} / {:.3}", s.validity.pearson, s.validity.spearman)) } td { "How well the average score ranks candidates by skill." } }
            tr {
                td { "Cronbach's α over the scenario scores (95 % bootstrap interval)" }
                td { (s.alpha.as_ref().map_or_else(|| "—".to_owned(), |a| format!("{:.3} ({:.3}–{:.3})", a.value, a.low, a.high))) }
                td { "Whether the scenarios measure one thing consistently; 0.9 and above is usual for decisions about individuals." }
            }
            tr { td { "Standard error of measurement of the average" } td { (num(s.sem, 1)) " points" } td { "SD × √(1 − α): a candidate's average would typically move this much on another sitting." } }
            tr { td { "Standard error at the pass mark " (s.cut) } td { (num(s.sem_at_cut, 1)) " points (" (s.near_cut) " candidates)" } td { (format!("From test–retest differences of candidates within {CUT_BAND} points of the mark.")) } }
            tr { td { "Pass rate" } td { (pct(s.pass_rate)) } td {} }
            tr {
                td { "Verdict against the true pass: accuracy, Cohen's κ" }
                td { (pct(s.classification.accuracy)) ", κ " (format!("{:.3}", s.classification.kappa)) " (" (s.classification.false_pass) " false passes, " (s.classification.false_fail) " false fails)" }
                td { "How often the pass rule's verdict is right." }
            }
            tr {
                td { "Passing as many by the highest average instead" }
                td { (pct(s.by_average.accuracy)) ", κ " (format!("{:.3}", s.by_average.kappa)) " (" (s.by_average.false_pass) " false passes, " (s.by_average.false_fail) " false fails)" }
                td { "What a rule on the average alone would achieve at the same pass rate." }
            }
            tr {
                td { "Scoring weights ±25 % (" (s.weights.variants) " variants): lowest rank correlation; verdict changes" }
                td { (format!("{:.3}", s.weights.min_rank_correlation)) "; at the same pass mark median " (s.weights.median_verdict_flips) " (at most " (s.weights.max_verdict_flips) "), at the same pass rate median " (s.weights.median_flips_at_same_pass_rate) ", of " (s.candidates) }
                td { "Whether the ranking and verdicts rest on the exact weights of the score formula (docs/scoring.md)." }
            }
            tr { td { "Test–retest: r; same verdict" } td { (format!("{:.3}", s.retest.r)) "; " (pct(s.retest.same_verdict)) } td { "The same skill, other draws of the candidate's own." } }
        }
        h2 { "Scenarios" }
        table {
            tr { th { "Scenario" } th { "r(θ, score)" } th { "Mean" } th { "SD" } th { "Lowest–highest possible" } th { "At highest" } th { "At lowest" } }
            @for x in &s.scenarios {
                tr {
                    td { (x.scenario) } td { (format!("{:.3}", x.r)) } td { (format!("{:.1}", x.mean)) } td { (format!("{:.1}", x.sd)) }
                    td { (x.worst.map_or("?".into(), |v| v.to_string())) "–" (x.best.map_or("?".into(), |v| v.to_string())) }
                    td { (pct(x.ceiling)) } td { (pct(x.floor)) }
                }
            }
        }
        h2 { "Target competencies" }
        table {
            tr { th { "Competency" } th { "Target" } th { "Highest possible average" } th { "Reachable" } th { "r(θ, ·)" } th { "At target" } }
            @for x in &s.competencies {
                tr {
                    td { (x.id) } td { (x.target) } td { (x.highest.map_or("—".into(), |v| v.to_string())) }
                    td { (match x.target_reachable { Some(true) => "yes", Some(false) => "NO", None => "unknown" }) }
                    td { (num(x.r, 3)) } td { (pct(x.at_target)) }
                }
            }
        }
        p { "Whether a target is reachable is exact: the analyzer explores every playthrough of each scenario in the assessment's fixed world." }
        h2 { "Pass clauses" }
        table {
            tr { th { "Clause" } th { "Not met by" } th { "The only clause not met for" } }
            @for x in &s.clauses {
                tr { td { (x.clause) } td { (x.not_met) } td { (x.decides_alone) } }
            }
        }
    };
    page(&title, &title, made_on, &Texts::english(), body)
}
