//! The conversation as a graph, in Graphviz DOT or Mermaid, for trainers to see a scenario's shape.

use std::fmt::Write;

use super::compile::{CompiledScenario, Target};
use super::model::Outcome;

fn target_key(t: Target) -> String {
    match t {
        Target::Node(i) => format!("n{i}"),
        Target::Ending(i) => format!("e{i}"),
    }
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "'")
}

fn outcome_colour(o: Outcome) -> &'static str {
    match o {
        Outcome::Won => "palegreen",
        Outcome::Partial => "khaki",
        Outcome::Postponed => "lightblue",
        Outcome::Lost => "lightpink",
    }
}

/// Graphviz DOT: nodes as boxes, endings as coloured ellipses, timers as dashed edges.
pub fn to_dot(c: &CompiledScenario) -> String {
    let s = &c.source;
    let mut out = format!(
        "digraph \"{}\" {{\n  rankdir=TB;\n  node [shape=box, fontname=\"sans-serif\"];\n",
        escape(&s.id)
    );
    for (i, n) in s.nodes.iter().enumerate() {
        let who = n.speaker.as_deref().unwrap_or("narrator");
        let _ = writeln!(out, "  n{i} [label=\"{}\\n({})\"];", escape(&n.id), escape(who));
    }
    for (i, e) in s.endings.iter().enumerate() {
        let _ = writeln!(
            out,
            "  e{i} [label=\"{}\\n{}\", shape=ellipse, style=filled, fillcolor={}];",
            escape(&e.id),
            e.outcome.id(),
            outcome_colour(e.outcome)
        );
    }
    for (i, n) in c.nodes.iter().enumerate() {
        for (o, option) in n.options.iter().enumerate() {
            let label = &s.nodes[i].options[o].id;
            let _ = writeln!(
                out,
                "  n{i} -> {} [label=\"{}\"];",
                target_key(option.next),
                escape(label)
            );
        }
        if let Some(t) = &n.timer {
            let _ = writeln!(out, "  n{i} -> {} [label=\"timer\", style=dashed];", target_key(t.next));
        }
    }
    out.push_str("}\n");
    out
}

/// Mermaid flowchart.
pub fn to_mermaid(c: &CompiledScenario) -> String {
    let s = &c.source;
    let mut out = String::from("flowchart TD\n");
    for (i, n) in s.nodes.iter().enumerate() {
        let _ = writeln!(out, "    n{i}[\"{}\"]", escape(&n.id));
    }
    for (i, e) in s.endings.iter().enumerate() {
        let _ = writeln!(out, "    e{i}([\"{} ({})\"])", escape(&e.id), e.outcome.id());
    }
    for (i, n) in c.nodes.iter().enumerate() {
        for (o, option) in n.options.iter().enumerate() {
            let label = &s.nodes[i].options[o].id;
            let _ = writeln!(out, "    n{i} -->|\"{}\"| {}", escape(label), target_key(option.next));
        }
        if let Some(t) = &n.timer {
            let _ = writeln!(out, "    n{i} -.->|timer| {}", target_key(t.next));
        }
    }
    out
}
