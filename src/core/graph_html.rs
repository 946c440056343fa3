//! The conversation graph with the analysis on it, as one self-contained HTML page (inline SVG, no
//! script): moments in rows by their distance from the start (top to bottom), endings last; the best path in
//! green and the worst in red; moments where mistakes can happen filled red, with the mistakes in
//! their tooltip; moments that rely on a dossier fact marked; timers dashed; unreachable moments
//! greyed. Under it, the analysis in words.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;

use maud::{DOCTYPE, PreEscaped, html};

use super::analysis::Analysis;
use super::compile::{CompiledScenario, Target};
use super::model::Outcome;

const COLUMN: f64 = 210.0;
const ROW: f64 = 92.0;
const BOX_W: f64 = 186.0;
const BOX_H: f64 = 50.0;
const MARGIN: f64 = 24.0;

fn esc(text: &str) -> String {
    html! { (text) }.into_string()
}

fn outcome_fill(o: Outcome) -> &'static str {
    match o {
        Outcome::Won => "#c9efc9",
        Outcome::Partial => "#f3e9a6",
        Outcome::Postponed => "#cfe3f7",
        Outcome::Lost => "#f6c9cf",
    }
}

/// A box of the graph: a moment or an ending.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Node(u32),
    Ending(u32),
}

impl From<Target> for Place {
    fn from(t: Target) -> Self {
        match t {
            Target::Node(i) => Place::Node(i),
            Target::Ending(i) => Place::Ending(i),
        }
    }
}

/// The page for `c` and its analysis.
pub fn to_html(c: &CompiledScenario, analysis: &Analysis) -> String {
    let s = &c.source;
    // Rows: moments by their distance from the start; moments never reached after them; endings last.
    let mut depth: Vec<Option<usize>> = vec![None; s.nodes.len()];
    let mut queue = VecDeque::from([(c.start, 0usize)]);
    while let Some((n, d)) = queue.pop_front() {
        if depth[n as usize].is_some() {
            continue;
        }
        depth[n as usize] = Some(d);
        let node = &c.nodes[n as usize];
        for next in node
            .options
            .iter()
            .map(|o| o.next)
            .chain(node.timer.iter().map(|t| t.next))
        {
            if let Target::Node(m) = next {
                queue.push_back((m, d + 1));
            }
        }
    }
    let deepest = depth.iter().flatten().copied().max().unwrap_or(0);
    let mut columns: BTreeMap<usize, Vec<Place>> = BTreeMap::new();
    for (i, d) in depth.iter().enumerate() {
        columns
            .entry(d.unwrap_or(deepest + 1))
            .or_default()
            .push(Place::Node(i as u32));
    }
    let ending_column = columns.keys().max().copied().unwrap_or(0) + 1;
    columns.insert(ending_column, (0..s.endings.len() as u32).map(Place::Ending).collect());
    let mut at: BTreeMap<Place, (f64, f64)> = BTreeMap::new();
    let widest = columns.values().map(Vec::len).max().unwrap_or(1);
    for (row, places) in &columns {
        // Each row centred over the widest.
        let offset = (widest - places.len()) as f64 * COLUMN / 2.0;
        for (column, p) in places.iter().enumerate() {
            at.insert(
                *p,
                (MARGIN + offset + column as f64 * COLUMN, MARGIN + *row as f64 * ROW),
            );
        }
    }
    // Room on the right for edges that loop back up.
    let width = MARGIN * 2.0 + widest as f64 * COLUMN + 60.0;
    let height = MARGIN * 2.0 + (ending_column as f64) * ROW + BOX_H;

    // What the analysis says about each moment and move.
    let mut mistakes_at: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for m in &analysis.mistakes {
        for node in &m.at {
            mistakes_at.entry(node.as_str()).or_default().push(m.id);
        }
    }
    let unreachable: BTreeSet<&str> = analysis.unreachable_nodes.iter().map(String::as_str).collect();
    let path_moves = |best: bool| -> BTreeSet<(String, String)> {
        analysis
            .score
            .as_ref()
            .map(|r| if best { &r.best_path } else { &r.worst_path })
            .map(|p| p.moves.iter().map(|m| (m.node.clone(), m.option.clone())).collect())
            .unwrap_or_default()
    };
    let (best, worst) = (path_moves(true), path_moves(false));

    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" role="img" aria-label="conversation graph of {}">"##,
        esc(&s.id)
    );
    svg.push_str(
        r##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#777"/></marker></defs>"##,
    );
    // Edges under the boxes.
    for (i, node) in c.nodes.iter().enumerate() {
        let from = at[&Place::Node(i as u32)];
        let id = &s.nodes[i].id;
        let mut edges: Vec<(Target, String, bool)> = node
            .options
            .iter()
            .enumerate()
            .map(|(o, opt)| (opt.next, s.nodes[i].options[o].id.clone(), false))
            .collect();
        if let Some(t) = &node.timer {
            edges.push((t.next, "(timer)".into(), true));
        }
        for (target, option, timer) in edges {
            let to = at[&Place::from(target)];
            let key = (id.clone(), option.clone());
            // The best and worst paths often take different options to the same moment: side by
            // side, so that both stay visible.
            let (colour, thickness, shift) = if best.contains(&key) {
                ("#1e8449", 3.5, -5.0)
            } else if worst.contains(&key) {
                ("#c0392b", 3.5, 5.0)
            } else {
                ("#9aa3ae", 1.2, 0.0)
            };
            let (x1, y1) = (from.0 + BOX_W / 2.0 + shift, from.1 + BOX_H);
            let (x2, y2) = (to.0 + BOX_W / 2.0 + shift, to.1);
            // Edges down curve to the next rows; along a row they go straight across; edges back
            // up loop round the right of the graph.
            let path = if (to.1 - from.1).abs() < 1.0 {
                let (a, b) = if to.0 < from.0 {
                    (from.0, to.0 + BOX_W)
                } else {
                    (from.0 + BOX_W, to.0)
                };
                let y = from.1 + BOX_H / 2.0 + shift;
                format!("M{a:.0},{y:.0} L{b:.0},{y:.0}")
            } else if y2 > y1 {
                let bend = (y2 - y1) / 2.0;
                format!(
                    "M{x1:.0},{y1:.0} C{x1:.0},{:.0} {x2:.0},{:.0} {x2:.0},{y2:.0}",
                    y1 + bend,
                    y2 - bend
                )
            } else {
                let right = width - 20.0;
                format!(
                    "M{:.0},{:.0} C{right:.0},{:.0} {right:.0},{:.0} {:.0},{:.0}",
                    from.0 + BOX_W,
                    from.1 + BOX_H / 2.0,
                    from.1 + BOX_H / 2.0,
                    to.1 + BOX_H / 2.0,
                    to.0 + BOX_W,
                    to.1 + BOX_H / 2.0
                )
            };
            let _ = write!(
                svg,
                r##"<path d="{path}" fill="none" stroke="{colour}" stroke-width="{thickness}"{} marker-end="url(#arrow)"><title>{}</title></path>"##,
                if timer { r#" stroke-dasharray="6,4""# } else { "" },
                esc(&format!("{id} → {option}"))
            );
        }
    }
    for (i, n) in s.nodes.iter().enumerate() {
        let (x, y) = at[&Place::Node(i as u32)];
        let mistakes = mistakes_at.get(n.id.as_str());
        // Interrupting is possible wherever someone speaks, lateness on arrival: the colour is kept
        // for what the moment's own content can cost (the tooltip still lists everything).
        let content_mistakes: Vec<&&str> = mistakes
            .into_iter()
            .flatten()
            .filter(|m| !matches!(**m, "interrupting" | "lateness"))
            .collect();
        let fill = if content_mistakes.is_empty() {
            "#ffffff"
        } else {
            "#fbe3e0"
        };
        let dashed = unreachable.contains(n.id.as_str());
        let mut tip = format!("{}\n{}", n.id, n.text);
        if let Some(m) = mistakes {
            let _ = write!(tip, "\nmistakes possible here: {}", m.join(", "));
        }
        if !n.relies_on.is_empty() {
            let _ = write!(tip, "\nrelies on: {}", n.relies_on.join(", "));
        }
        if dashed {
            tip.push_str("\nno playthrough reaches this moment");
        }
        let _ = write!(
            svg,
            r##"<g class="node"><title>{}</title><rect x="{x:.0}" y="{y:.0}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="{fill}" stroke="{}" stroke-width="1.5"{}/><text x="{:.0}" y="{:.0}" font-size="13" font-weight="bold">{}</text><text x="{:.0}" y="{:.0}" font-size="11" fill="#555">{}</text>"##,
            esc(&tip),
            if dashed { "#aaa" } else { "#444" },
            if dashed { r#" stroke-dasharray="4,3""# } else { "" },
            x + 8.0,
            y + 20.0,
            esc(&short(&n.id, 24)),
            x + 8.0,
            y + 38.0,
            esc(&short(n.speaker.as_deref().unwrap_or("narrator"), 28)),
        );
        if !content_mistakes.is_empty() {
            let _ = write!(
                svg,
                r##"<text x="{:.0}" y="{:.0}" font-size="11" text-anchor="end" fill="#c0392b">{} ✗</text>"##,
                x + BOX_W - 6.0,
                y + 38.0,
                content_mistakes.len()
            );
        }
        if !n.relies_on.is_empty() {
            let _ = write!(
                svg,
                r##"<text x="{:.0}" y="{:.0}" font-size="11" text-anchor="end" fill="#2c6fbb">fact</text>"##,
                x + BOX_W - 6.0,
                y + 20.0
            );
        }
        svg.push_str("</g>");
    }
    for (i, e) in s.endings.iter().enumerate() {
        let (x, y) = at[&Place::Ending(i as u32)];
        let _ = write!(
            svg,
            r##"<g class="ending"><title>{}</title><rect x="{x:.0}" y="{y:.0}" width="{BOX_W}" height="{BOX_H}" rx="24" fill="{}" stroke="#444"/><text x="{:.0}" y="{:.0}" font-size="13" font-weight="bold">{}</text><text x="{:.0}" y="{:.0}" font-size="11" fill="#555">{}</text></g>"##,
            esc(&format!("{}: {}", e.id, e.title)),
            outcome_fill(e.outcome),
            x + 14.0,
            y + 20.0,
            esc(&short(&e.id, 22)),
            x + 14.0,
            y + 38.0,
            e.outcome.id()
        );
    }
    svg.push_str("</svg>");

    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { (s.title) " — conversation graph" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                h1 { (s.title) " " span.muted { "(" (s.id) ")" } }
                p.legend {
                    span.best { "━ best path" } " " span.worst { "━ worst path" } " "
                    "┅ timer · " span.mistake { "red box: a mistake of its content can happen here (hover for which; interrupting is possible wherever someone speaks)" }
                    " · " span.fact { "fact" } ": relies on a dossier fact · dashed box: never reached · endings coloured by outcome"
                }
                div.graph { (PreEscaped(svg)) }
                h2 { "The analysis" }
                @if let Some(r) = &analysis.score {
                    p { "Score range " b { (r.min) "–" (r.max) } " over worlds " (analysis.worlds.join(", ")) "." }
                    p.best { "Best (" (r.best_path.score) "): study " (list(&r.best_path.studied)) "; travel " (r.best_path.travel) "; "
                        (r.best_path.moves.iter().map(|m| m.option.clone()).collect::<Vec<_>>().join(" → ")) " → " (r.best_path.ending) }
                    p.worst { "Worst (" (r.worst_path.score) "): study " (list(&r.worst_path.studied)) "; travel " (r.worst_path.travel) " ("
                        (r.worst_path.minutes_late) " min late); " (r.worst_path.moves.iter().map(|m| format!("{} [{}]", m.option, m.timing)).collect::<Vec<_>>().join(" → ")) " → " (r.worst_path.ending) }
                } @else if let Some(b) = &analysis.budget_exceeded {
                    p { "Too many meeting states to explore exactly (more than " (b.limit) "); the random player's figures below are sampled." }
                }
                @if let Some(r) = &analysis.random {
                    p { "Random player (" (r.runs) " seeded runs): median " (r.median) ", 10th percentile " (r.p10) ", 90th " (r.p90) "." }
                }
                h2 { "Where each mistake can happen" }
                table {
                    thead { tr { th { "mistake" } th { "moments" } } }
                    tbody { @for m in &analysis.mistakes { tr { td { (m.id) } td { (m.at.join(", ")) } } } }
                }
                h2 { "Endings" }
                table {
                    thead { tr { th { "ending" } th { "outcome" } th { "reachable" } } }
                    tbody { @for e in &analysis.endings { tr { td { (e.id) } td { (e.outcome) } td { (if e.reachable { "yes" } else { "no" }) } } } }
                }
                @if !analysis.facts_relied_on.is_empty() {
                    p { "Facts relied on: " (analysis.facts_relied_on.join(", ")) "." }
                }
            }
        }
    };
    page.into_string()
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "nothing".into()
    } else {
        items.join(", ")
    }
}

/// A label cut to `max` characters with an ellipsis.
fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(max - 1).collect::<String>())
    }
}

const STYLE: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;margin:24px;color:#222}\
.muted{color:#777;font-weight:normal}.graph{overflow-x:auto;border:1px solid #ddd;padding:4px;background:#fafbfc}\
.legend{font-size:13px;color:#444}.best{color:#1e8449}.worst{color:#c0392b}.mistake{color:#c0392b}.fact{color:#2c6fbb}\
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:13px}\
th{background:#f2f4f7}svg text{font-family:'DejaVu Sans',Arial,sans-serif}";
