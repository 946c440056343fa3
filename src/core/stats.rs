//! Statistics of cohorts, real and simulated: Cronbach's alpha and its bootstrap confidence interval,
//! correlations, and the agreement of a verdict with a true classification.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

/// Fewest candidates for which Cronbach's alpha is reported as a number.
pub const ALPHA_MIN_CANDIDATES: usize = 5;

/// Cronbach's alpha of a candidates × items score matrix; `None` with fewer than two items or
/// candidates, or no variance at all.
pub fn cronbach_alpha(rows: &[Vec<f64>]) -> Option<f64> {
    let k = rows.first().map_or(0, Vec::len);
    if rows.iter().any(|r| r.len() != k) {
        return None;
    }
    alpha_by(rows.len(), k, |i| &rows[i])
}

/// Alpha over `n` rows of `k` items, row `i` being `row(i)`.
fn alpha_by<'a>(n: usize, k: usize, row: impl Fn(usize) -> &'a [f64]) -> Option<f64> {
    if n < 2 || k < 2 {
        return None;
    }
    let totals: Vec<f64> = (0..n).map(|i| row(i).iter().sum()).collect();
    alpha_of(n, k, |i, j| row(i)[j], |i| totals[i])
}

/// Alpha over `n` rows of `k` items, item `j` of row `i` being `item(i, j)` and the row's total
/// `total(i)`. The variances are summed in row order, each over the values read where they are:
/// a bootstrap sample is read through its drawn indices, never copied (2,000 copies of a cohort of
/// 10,000 cost seconds).
fn alpha_of(n: usize, k: usize, item: impl Fn(usize, usize) -> f64, total: impl Fn(usize) -> f64) -> Option<f64> {
    if n < 2 || k < 2 {
        return None;
    }
    let item_var: f64 = (0..k).map(|j| variance_of(n, |i| item(i, j))).sum();
    let total_var = variance_of(n, &total);
    if total_var == 0.0 {
        return None;
    }
    Some(k as f64 / (k as f64 - 1.0) * (1.0 - item_var / total_var))
}

/// The sample variance of `x(0)`, …, `x(n - 1)` (two passes: the mean, then the squared deviations).
fn variance_of(n: usize, x: impl Fn(usize) -> f64) -> f64 {
    let mean = (0..n).map(&x).sum::<f64>() / n as f64;
    (0..n).map(|i| (x(i) - mean).powi(2)).sum::<f64>() / (n as f64 - 1.0)
}

/// Cronbach's alpha with a 95 % percentile-bootstrap interval: candidates are resampled with
/// replacement `resamples` times (a fixed seed, so the same cohort always gives the same interval).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlphaEstimate {
    /// Alpha over the cohort as it is.
    pub value: f64,
    /// The 2.5th percentile of the resampled alphas.
    pub low: f64,
    /// The 97.5th percentile.
    pub high: f64,
    /// How many candidates it rests on.
    pub candidates: usize,
}

/// Resamples drawn for the interval.
pub const BOOTSTRAP_RESAMPLES: usize = 2000;

/// Alpha and its interval; `None` when alpha itself cannot be computed.
pub fn alpha_with_interval(rows: &[Vec<f64>], resamples: usize) -> Option<AlphaEstimate> {
    let value = cronbach_alpha(rows)?;
    let mut rng = ChaCha8Rng::seed_from_u64(0x006b_616d_2d73_696d); // "kam-sim"
    let k = rows.first().map_or(0, Vec::len);
    // The scores in one block, row after row, and each row's total once: a resample reads them
    // through its drawn indices (no copy, no allocation per resample).
    let scores: Vec<f64> = rows.iter().flatten().copied().collect();
    let totals: Vec<f64> = rows.iter().map(|r| r.iter().sum()).collect();
    let mut sample = vec![0; rows.len()];
    let mut draws: Vec<f64> = (0..resamples)
        .filter_map(|_| {
            for pick in &mut sample {
                *pick = ((u64::from(rng.next_u32()) * rows.len() as u64) >> 32) as usize;
            }
            alpha_of(sample.len(), k, |i, j| scores[sample[i] * k + j], |i| totals[sample[i]])
        })
        .collect();
    if draws.is_empty() {
        return None;
    }
    draws.sort_by(f64::total_cmp);
    let at = |q: f64| draws[((draws.len() - 1) as f64 * q).round() as usize];
    Some(AlphaEstimate {
        value,
        low: at(0.025),
        high: at(0.975),
        candidates: rows.len(),
    })
}

/// Agreement of a verdict with a true classification.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Classification {
    /// Share of candidates whose verdict is their true pass.
    pub accuracy: f64,
    /// Cohen's κ of the verdict with the true pass.
    pub kappa: f64,
    /// Candidates passed whose skill is below the true pass.
    pub false_pass: usize,
    /// Candidates failed whose skill is within the true pass.
    pub false_fail: usize,
}

/// Accuracy, Cohen's κ, false passes and false fails of `verdict` against `truth`.
pub fn classify(verdict: &[bool], truth: &[bool]) -> Classification {
    let n = verdict.len().max(1) as f64;
    let agree = verdict.iter().zip(truth).filter(|(v, t)| v == t).count() as f64 / n;
    let p_verdict = verdict.iter().filter(|v| **v).count() as f64 / n;
    let p_truth = truth.iter().filter(|t| **t).count() as f64 / n;
    let chance = p_verdict * p_truth + (1.0 - p_verdict) * (1.0 - p_truth);
    Classification {
        accuracy: agree,
        kappa: if chance < 1.0 {
            (agree - chance) / (1.0 - chance)
        } else {
            1.0
        },
        false_pass: verdict.iter().zip(truth).filter(|(v, t)| **v && !**t).count(),
        false_fail: verdict.iter().zip(truth).filter(|(v, t)| !**v && **t).count(),
    }
}

/// The arithmetic mean (0 of nothing).
pub fn mean(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        0.0
    } else {
        xs.iter().sum::<f64>() / xs.len() as f64
    }
}

/// The sample variance (n − 1), 0 with fewer than two values.
fn variance(xs: &[f64]) -> f64 {
    if xs.len() < 2 {
        return 0.0;
    }
    let m = mean(xs);
    xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (xs.len() - 1) as f64
}

/// The sample standard deviation.
pub fn sd(xs: &[f64]) -> f64 {
    variance(xs).sqrt()
}

/// Pearson's r; 0 when either side does not vary.
pub fn pearson(xs: &[f64], ys: &[f64]) -> f64 {
    let (mx, my) = (mean(xs), mean(ys));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    if sxx == 0.0 || syy == 0.0 {
        0.0
    } else {
        sxy / (sxx * syy).sqrt()
    }
}

/// Ranks from 1, tied values given the mean of their ranks.
fn ranks(xs: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
    let mut out = vec![0.0; xs.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && xs[order[j + 1]] == xs[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            out[k] = rank;
        }
        i = j + 1;
    }
    out
}

/// Spearman's ρ: Pearson's r of the ranks.
pub fn spearman(xs: &[f64], ys: &[f64]) -> f64 {
    pearson(&ranks(xs), &ranks(ys))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spearman_ranks_ties_by_their_mean_rank() {
        assert_eq!(ranks(&[10., 20., 20., 30.]), vec![1., 2.5, 2.5, 4.]);
        assert!((spearman(&[1., 2., 3., 4.], &[1., 4., 9., 16.]) - 1.0).abs() < 1e-12);
        assert!((pearson(&[1., 2., 3.], &[3., 2., 1.]) + 1.0).abs() < 1e-12);
    }

    #[test]
    fn kappa_is_zero_for_a_verdict_no_better_than_chance_and_one_for_a_perfect_one() {
        let truth = [true, true, false, false];
        let perfect = classify(&truth, &truth);
        assert_eq!(
            (perfect.accuracy, perfect.kappa, perfect.false_pass, perfect.false_fail),
            (1.0, 1.0, 0, 0)
        );
        let chance = classify(&[true, false, true, false], &truth);
        assert_eq!(
            (chance.accuracy, chance.kappa, chance.false_pass, chance.false_fail),
            (0.5, 0.0, 1, 1)
        );
    }

    #[test]
    fn alpha_matches_a_hand_computation() {
        // Three items, four subjects. Item variances (n − 1): 5/3, 5/3, 10/3, summing to 20/3; the
        // totals 5, 8, 12, 15 have variance 58/3.
        let rows = vec![
            vec![1.0, 2.0, 2.0],
            vec![2.0, 3.0, 3.0],
            vec![3.0, 4.0, 5.0],
            vec![4.0, 5.0, 6.0],
        ];
        let a = cronbach_alpha(&rows).unwrap();
        // 3/2 × (1 − 20/58) = 57/58
        assert!((a - 57.0 / 58.0).abs() < 1e-9, "{a}");
        assert_eq!(cronbach_alpha(&rows[..1]), None);
    }

    #[test]
    fn the_alpha_interval_contains_alpha_and_is_reproducible() {
        let rows: Vec<Vec<f64>> = (0..30)
            .map(|i| {
                let skill = f64::from(i % 10);
                vec![
                    skill * 9.0 + f64::from(i % 3),
                    skill * 8.0 + f64::from(i % 4) * 3.0,
                    skill * 7.0 + 5.0,
                ]
            })
            .collect();
        let a = alpha_with_interval(&rows, 500).unwrap();
        assert!(a.low <= a.value && a.value <= a.high, "{a:?}");
        assert!(a.high - a.low < 0.2, "{a:?}");
        assert_eq!(alpha_with_interval(&rows, 500), Some(a));
        assert_eq!(a.candidates, 30);
    }
}
