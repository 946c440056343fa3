//! The SVG radar chart of a competency profile against its target: small, exact, no dependency.

use std::fmt::Write as _;

use super::{ReportLanguage, esc};
use crate::core::i18n::interface as ui;

/// An SVG radar chart: one axis per competency, the target as a dashed outline, the candidate filled.
pub fn radar_svg(axes: &[(String, f64, Option<f64>)], l: &ReportLanguage) -> String {
    let (cx, cy, r) = (380.0_f64, 230.0_f64, 160.0_f64);
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
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 760 470" width="760" height="470" role="img" aria-label="{}">"##,
        esc(&l.texts.get(&ui::REPORT_PROFILE))
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
        // Long names (Russian and Portuguese run 20–30 % longer) go on two lines, so that the
        // labels at the sides stay inside the chart.
        let lines = label_lines(&l.competency(id));
        let first_dy = -6.0 * (lines.len() as f64 - 1.0);
        let _ = write!(
            svg,
            r##"<text x="{lx:.1}" y="{ly:.1}" font-size="12" text-anchor="{anchor}" dominant-baseline="middle" fill="#333">"##
        );
        for (k, line) in lines.iter().enumerate() {
            let dy = if k == 0 { first_dy } else { 13.0 };
            let _ = write!(svg, r##"<tspan x="{lx:.1}" dy="{dy:.1}">{}</tspan>"##, esc(line));
        }
        svg.push_str("</text>");
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
    let candidate = l.texts.get(&ui::REPORT_LEGEND_CANDIDATE);
    let target = l.texts.get(&ui::REPORT_LEGEND_TARGET);
    // The second key starts after the first one's text (about 7 px a character at 12 px).
    let x = 36.0 + 7.0 * candidate.chars().count() as f64 + 24.0;
    let _ = write!(
        svg,
        r##"<rect x="16" y="440" width="14" height="10" fill="rgba(41,128,185,0.35)" stroke="#2980b9"/><text x="36" y="449" font-size="12" fill="#333">{}</text><line x1="{x:.0}" y1="445" x2="{:.0}" y2="445" stroke="#c0392b" stroke-width="2" stroke-dasharray="6 4"/><text x="{:.0}" y="449" font-size="12" fill="#333">{}</text></svg>"##,
        esc(&candidate),
        x + 20.0,
        x + 26.0,
        esc(&target)
    );
    svg
}

/// A label in one line, or two split at the space nearest its middle when it is long.
fn label_lines(label: &str) -> Vec<String> {
    const ONE_LINE: usize = 20;
    let chars = label.chars().count();
    if chars <= ONE_LINE {
        return vec![label.to_owned()];
    }
    let middle = chars / 2;
    let best = label
        .char_indices()
        .filter(|(_, c)| *c == ' ')
        .map(|(i, _)| i)
        .min_by_key(|i| label[..*i].chars().count().abs_diff(middle));
    match best {
        Some(i) => vec![label[..i].to_owned(), label[i + 1..].to_owned()],
        None => vec![label.to_owned()],
    }
}
