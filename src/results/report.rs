//! Reports for managers: one candidate (self-contained HTML with an SVG radar chart of the
//! competency profile against the target) and a cohort (HTML and CSV, with the assessment's
//! reliability as Cronbach's alpha over its scenarios).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;

use crate::core::assessment::AssessmentResult;
use crate::core::profile::Profile;
use crate::core::vocab::Competency;

/// Fewest candidates for which Cronbach's alpha is reported as a number.
pub const ALPHA_MIN_CANDIDATES: usize = 5;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn name_of(id: &str) -> &'static str {
    Competency::ALL.iter().find(|c| c.id() == id).map_or("?", |c| c.name())
}

/// An SVG radar chart: one axis per competency, the target as a dashed outline, the candidate filled.
pub fn radar_svg(axes: &[(String, f64, Option<f64>)]) -> String {
    let (cx, cy, r) = (360.0_f64, 230.0_f64, 160.0_f64);
    let n = axes.len().max(3);
    let point = |i: usize, v: f64| {
        let a = -std::f64::consts::FRAC_PI_2 + (i as f64) * std::f64::consts::TAU / n as f64;
        (cx + r * v / 100.0 * a.cos(), cy + r * v / 100.0 * a.sin())
    };
    let poly = |vals: &mut dyn Iterator<Item = (usize, f64)>| {
        vals.map(|(i, v)| {
            let (x, y) = point(i, v);
            format!("{x:.1},{y:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ")
    };
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 720 470" width="720" height="470" role="img" aria-label="Competency profile against the target">"##
    );
    for ring in [25.0, 50.0, 75.0, 100.0] {
        let pts = poly(&mut (0..n).map(|i| (i, ring)));
        let _ = write!(
            svg,
            r##"<polygon points="{pts}" fill="none" stroke="#d0d4dc" stroke-width="1"/>"##
        );
    }
    for (i, (id, _, _)) in axes.iter().enumerate() {
        let (x, y) = point(i, 100.0);
        let _ = write!(
            svg,
            r##"<line x1="{cx}" y1="{cy}" x2="{x:.1}" y2="{y:.1}" stroke="#d0d4dc"/>"##
        );
        let (lx, ly) = point(i, 118.0);
        let anchor = if (lx - cx).abs() < 10.0 {
            "middle"
        } else if lx > cx {
            "start"
        } else {
            "end"
        };
        let _ = write!(
            svg,
            r##"<text x="{lx:.1}" y="{ly:.1}" font-size="12" text-anchor="{anchor}" dominant-baseline="middle" fill="#333">{}</text>"##,
            esc(name_of(id))
        );
    }
    let target: Vec<(usize, f64)> = axes
        .iter()
        .enumerate()
        .filter_map(|(i, a)| a.2.map(|t| (i, t)))
        .collect();
    if target.len() == axes.len() && !target.is_empty() {
        let pts = poly(&mut target.into_iter());
        let _ = write!(
            svg,
            r##"<polygon points="{pts}" fill="none" stroke="#c0392b" stroke-width="2" stroke-dasharray="6 4"/>"##
        );
    }
    let pts = poly(&mut axes.iter().enumerate().map(|(i, a)| (i, a.1)));
    let _ = write!(
        svg,
        r##"<polygon points="{pts}" fill="rgba(41,128,185,0.35)" stroke="#2980b9" stroke-width="2"/>"##
    );
    let _ = write!(
        svg,
        r##"<rect x="16" y="440" width="14" height="10" fill="rgba(41,128,185,0.35)" stroke="#2980b9"/><text x="36" y="449" font-size="12" fill="#333">candidate</text><line x1="120" y1="445" x2="140" y2="445" stroke="#c0392b" stroke-width="2" stroke-dasharray="6 4"/><text x="146" y="449" font-size="12" fill="#333">target profile</text></svg>"##
    );
    svg
}

const STYLE: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;margin:32px;color:#222;max-width:1100px}\
h1{margin-bottom:4px}h2{margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}\
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:4px 10px;text-align:left;vertical-align:top}\
th{background:#f2f4f7}.pass{color:#1e8449;font-weight:bold;white-space:nowrap}.fail{color:#c0392b;font-weight:bold;white-space:nowrap}\
table.comp{font-size:12px}table.comp td,table.comp th{padding:3px 6px}\
.muted{color:#666}.mistake{margin:10px 0;padding:8px 12px;border-left:4px solid #c0392b;background:#fbf3f2}\
.num{text-align:right;white-space:nowrap}";

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>\n{body}\n</body></html>\n",
        esc(title)
    )
}

/// The mistakes recorded in one scenario's result JSON.
pub(crate) fn mistakes_of(result: &Value) -> impl Iterator<Item = &Value> {
    result.get("mistakes").and_then(Value::as_array).into_iter().flatten()
}

/// How long one scenario's meeting lasted, in seconds: the time of its last transcript entry.
pub(crate) fn meeting_seconds(result: &Value) -> f64 {
    result
        .get("transcript")
        .and_then(Value::as_array)
        .and_then(|t| t.last())
        .and_then(|e| e.get("at_seconds"))
        .and_then(Value::as_f64)
        .unwrap_or(0.0)
}

fn get_u64(v: &Value, key: &str) -> u64 {
    v.get(key).and_then(Value::as_u64).unwrap_or(0)
}

fn get_str<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// A self-contained HTML report of one candidate's assessment.
pub fn candidate_html(r: &AssessmentResult, profile: &Profile) -> String {
    let s = &r.summary;
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>{}</h1><p class=\"muted\">{} · target profile <code>{}</code> · engine {}</p>",
        esc(&r.candidate),
        esc(&r.assessment_name),
        esc(&r.profile),
        esc(&r.engine_version)
    );
    let verdict = if s.passed {
        "<span class=\"pass\">PASSED</span>"
    } else {
        "<span class=\"fail\">NOT PASSED</span>"
    };
    let _ = write!(
        b,
        "<p style=\"font-size:20px\">Average score <b>{}</b> · {verdict}</p><ul>",
        s.average_score
    );
    for c in &s.rule_checks {
        let _ = write!(b, "<li>{}</li>", esc(c));
    }
    let _ = write!(
        b,
        "</ul><p class=\"muted\">{} mistakes ({} critical) · {:.0} s of meetings</p>",
        s.mistakes, s.critical_mistakes, s.meeting_seconds
    );
    // Competency profile.
    let targets: BTreeMap<&str, u8> = profile.levels.iter().map(|l| (l.competency.id(), l.level)).collect();
    let axes: Vec<(String, f64, Option<f64>)> = Competency::ALL
        .iter()
        .filter_map(|c| {
            s.competencies.get(c.id()).map(|&v| {
                (
                    c.id().to_owned(),
                    f64::from(v),
                    targets.get(c.id()).map(|&t| f64::from(t)),
                )
            })
        })
        .collect();
    let _ = write!(b, "<h2>Competency profile against the target</h2>{}", radar_svg(&axes));
    b.push_str("<table><tr><th>competency</th><th>score</th><th>target</th><th>gap</th></tr>");
    for (id, v, t) in &axes {
        let (target, gap) = t.map_or((String::from("–"), String::from("–")), |t| {
            (format!("{t:.0}"), format!("{:+.0}", v - t))
        });
        let class = if t.is_some_and(|t| *v < t) { "fail" } else { "" };
        let _ = write!(
            b,
            "<tr><td>{}</td><td class=\"num\">{v:.0}</td><td class=\"num\">{target}</td><td class=\"num {class}\">{gap}</td></tr>",
            esc(name_of(id))
        );
    }
    b.push_str("</table>");
    // Scenarios.
    b.push_str("<h2>Scenarios</h2><table><tr><th>scenario</th><th>score</th><th>ending</th><th>deal</th><th>time</th><th>prepared</th></tr>");
    for run in &r.runs {
        let res = &run.result;
        let deal = res.get("deal").filter(|d| !d.is_null()).map_or_else(
            || "–".to_owned(),
            |d| {
                let price = d.get("price").and_then(Value::as_f64).unwrap_or(0.0);
                let floor = d.get("floor_price").and_then(Value::as_f64).unwrap_or(0.0);
                let below = d.get("below_floor").and_then(Value::as_bool).unwrap_or(false);
                format!(
                    "{price:.2} {} per {} (floor {floor:.2}){}",
                    get_str(d, "currency"),
                    get_str(d, "unit"),
                    if below {
                        " — <span class=\"fail\">below floor</span>"
                    } else {
                        ""
                    }
                )
            },
        );
        let end = meeting_seconds(res);
        let prep = res.get("preparation").map_or_else(String::new, |p| {
            format!(
                "{} of {} min, {} min late",
                get_u64(p, "minutes_used"),
                get_u64(p, "budget_minutes"),
                get_u64(p, "minutes_late")
            )
        });
        let _ = write!(
            b,
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{} ({})</td><td>{deal}</td><td class=\"num\">{end:.0} s</td><td>{}</td></tr>",
            esc(get_str(res, "title")),
            get_u64(res, "score"),
            esc(get_str(res, "ending_title")),
            esc(get_str(res, "outcome")),
            esc(&prep)
        );
    }
    b.push_str("</table><h2>Mistakes</h2>");
    let mut any = false;
    for run in &r.runs {
        for m in mistakes_of(&run.result) {
            any = true;
            let at = m.get("at_seconds").and_then(Value::as_f64).unwrap_or(0.0);
            let node = m.get("node").and_then(Value::as_str).unwrap_or("on arrival");
            let e = m.get("explanation").cloned().unwrap_or(Value::Null);
            let quote = m
                .get("quote")
                .and_then(Value::as_str)
                .map_or_else(String::new, |q| format!("<br><i>“{}”</i>", esc(q)));
            let _ = write!(
                b,
                "<div class=\"mistake\"><b>{}</b> ({}) — {}, at {} after {at:.1} s{quote}<br>{}<br><b>Why it costs:</b> {}<br><b>A strong KAM:</b> {}</div>",
                esc(get_str(m, "id")),
                esc(get_str(m, "severity")),
                esc(get_str(&run.result, "title")),
                esc(node),
                esc(get_str(&e, "happened")),
                esc(get_str(&e, "cost")),
                esc(get_str(&e, "better"))
            );
        }
    }
    if !any {
        b.push_str("<p>No mistakes.</p>");
    }
    page(&format!("{} — {}", r.candidate, r.assessment_name), &b)
}

/// Cronbach's alpha of a candidates × items score matrix; `None` with fewer than two items or
/// candidates, or no variance at all.
pub fn cronbach_alpha(rows: &[Vec<f64>]) -> Option<f64> {
    let n = rows.len();
    let k = rows.first().map_or(0, Vec::len);
    if n < 2 || k < 2 || rows.iter().any(|r| r.len() != k) {
        return None;
    }
    let var = |xs: &[f64]| {
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (xs.len() as f64 - 1.0)
    };
    let item_var: f64 = (0..k)
        .map(|j| var(&rows.iter().map(|r| r[j]).collect::<Vec<_>>()))
        .sum();
    let totals: Vec<f64> = rows.iter().map(|r| r.iter().sum()).collect();
    let total_var = var(&totals);
    if total_var == 0.0 {
        return None;
    }
    Some(k as f64 / (k as f64 - 1.0) * (1.0 - item_var / total_var))
}

/// The cohort of an assessment: ranking, per-competency scores, frequent mistakes, reliability.
pub struct Cohort<'a> {
    /// Results ranked by average score, best first (ties by name).
    pub ranked: Vec<&'a AssessmentResult>,
    /// Competencies that appear in some result, in the brief's order.
    pub competencies: Vec<&'static str>,
    /// Mistake id → occurrences over the cohort, most frequent first.
    pub mistakes: Vec<(String, usize)>,
    /// Cronbach's alpha over the scenario scores, when there are enough candidates.
    pub alpha: Option<f64>,
    /// What to say about reliability.
    pub reliability_note: String,
}

/// Builds the cohort view of an assessment's results.
pub fn cohort(results: &[AssessmentResult]) -> Cohort<'_> {
    let mut ranked: Vec<&AssessmentResult> = results.iter().collect();
    ranked.sort_by(|a, b| {
        b.summary
            .average_score
            .cmp(&a.summary.average_score)
            .then_with(|| a.candidate.cmp(&b.candidate))
    });
    let competencies: Vec<&'static str> = Competency::ALL
        .iter()
        .map(|c| c.id())
        .filter(|id| results.iter().any(|r| r.summary.competencies.contains_key(*id)))
        .collect();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for r in results {
        for run in &r.runs {
            for m in mistakes_of(&run.result) {
                *counts.entry(get_str(m, "id").to_owned()).or_default() += 1;
            }
        }
    }
    let mut mistakes: Vec<(String, usize)> = counts.into_iter().collect();
    mistakes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let rows: Vec<Vec<f64>> = results
        .iter()
        .map(|r| r.runs.iter().map(|run| get_u64(&run.result, "score") as f64).collect())
        .collect();
    let items = rows.first().map_or(0, Vec::len);
    let (alpha, reliability_note) = if results.len() < ALPHA_MIN_CANDIDATES {
        (
            None,
            format!(
                "Not enough candidates for a reliability estimate: Cronbach's alpha needs at least {ALPHA_MIN_CANDIDATES} (there are {}).",
                results.len()
            ),
        )
    } else if items < 2 {
        (
            None,
            "Reliability needs at least two scenarios in the assessment.".to_owned(),
        )
    } else {
        match cronbach_alpha(&rows) {
            Some(a) => (
                Some(a),
                format!(
                    "Cronbach's alpha over the {items} scenario scores of {} candidates: {a:.2} ({}).",
                    results.len(),
                    match a {
                        a if a >= 0.8 => "good: the scenarios rank candidates consistently",
                        a if a >= 0.7 => "acceptable",
                        a if a >= 0.5 => "weak: the scenarios disagree about who is strong",
                        _ => "poor: the scenarios measure different things, or too few candidates differ",
                    }
                ),
            ),
            None => (
                None,
                "The candidates' scores do not vary; reliability cannot be estimated.".to_owned(),
            ),
        }
    };
    Cohort {
        ranked,
        competencies,
        mistakes,
        alpha,
        reliability_note,
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The cohort as CSV: a header row, then one row per candidate, ranked.
pub fn cohort_csv(c: &Cohort<'_>) -> String {
    let scenarios: Vec<String> = c
        .ranked
        .first()
        .map(|r| r.runs.iter().map(|run| run.scenario.clone()).collect())
        .unwrap_or_default();
    let mut header = vec![
        "rank".to_owned(),
        "candidate".into(),
        "average_score".into(),
        "passed".into(),
    ];
    header.extend(scenarios.iter().map(|s| format!("score_{s}")));
    header.extend(c.competencies.iter().map(|id| format!("competency_{id}")));
    header.extend(["mistakes".into(), "critical_mistakes".into()]);
    let mut out = header.join(",") + "\n";
    for (i, r) in c.ranked.iter().enumerate() {
        let mut row = vec![
            (i + 1).to_string(),
            csv_field(&r.candidate),
            r.summary.average_score.to_string(),
            r.summary.passed.to_string(),
        ];
        row.extend(r.runs.iter().map(|run| get_u64(&run.result, "score").to_string()));
        row.extend(
            c.competencies
                .iter()
                .map(|id| r.summary.competencies.get(*id).map_or(String::new(), u8::to_string)),
        );
        row.extend([r.summary.mistakes.to_string(), r.summary.critical_mistakes.to_string()]);
        out += &(row.join(",") + "\n");
    }
    out
}

/// The cohort as a self-contained HTML page.
pub fn cohort_html(c: &Cohort<'_>, assessment_name: &str) -> String {
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>{}</h1><p class=\"muted\">{} candidate(s)</p><h2>Ranking</h2><table><tr><th>#</th><th>candidate</th><th>average</th><th>result</th>",
        esc(assessment_name),
        c.ranked.len()
    );
    if let Some(first) = c.ranked.first() {
        for run in &first.runs {
            let _ = write!(b, "<th>{}</th>", esc(get_str(&run.result, "title")));
        }
    }
    b.push_str("<th>mistakes</th></tr>");
    for (i, r) in c.ranked.iter().enumerate() {
        let verdict = if r.summary.passed {
            "<span class=\"pass\">passed</span>"
        } else {
            "<span class=\"fail\">not passed</span>"
        };
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{verdict}</td>",
            i + 1,
            esc(&r.candidate),
            r.summary.average_score
        );
        for run in &r.runs {
            let _ = write!(b, "<td class=\"num\">{}</td>", get_u64(&run.result, "score"));
        }
        let _ = write!(b, "<td class=\"num\">{}</td></tr>", r.summary.mistakes);
    }
    b.push_str("</table><h2>Competencies</h2><table class=\"comp\"><tr><th>candidate</th>");
    for id in &c.competencies {
        let _ = write!(b, "<th>{}</th>", esc(name_of(id)));
    }
    b.push_str("</tr>");
    for r in &c.ranked {
        let _ = write!(b, "<tr><td>{}</td>", esc(&r.candidate));
        for id in &c.competencies {
            let v = r.summary.competencies.get(*id).map_or(String::from("–"), u8::to_string);
            let _ = write!(b, "<td class=\"num\">{v}</td>");
        }
        b.push_str("</tr>");
    }
    b.push_str("</table><h2>Most frequent mistakes</h2><table><tr><th>mistake</th><th>occurrences</th></tr>");
    for (id, n) in c.mistakes.iter().take(10) {
        let _ = write!(b, "<tr><td>{}</td><td class=\"num\">{n}</td></tr>", esc(id));
    }
    let _ = write!(b, "</table><h2>Reliability</h2><p>{}</p>", esc(&c.reliability_note));
    page(assessment_name, &b)
}

#[cfg(test)]
mod tests {
    use super::cronbach_alpha;

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
}
