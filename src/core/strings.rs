//! Every player-visible string with its stable key, so translation tables can be added later
//! without touching a scenario's structure.
//!
//! Keys are derived from ids: `node.<node>.text`, `option.<node>.<option>.text`,
//! `dossier.<item>.title`, … (the full scheme is in `docs/scenario-format.md`).

use super::model::Scenario;
use super::vocab::Explanation;

/// `(key, text)` for every player-visible string, in document order.
pub fn player_strings(s: &Scenario) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut add = |key: String, text: &str| out.push((key, text.to_owned()));
    let explain = |add: &mut dyn FnMut(String, &str), prefix: String, e: &Explanation| {
        add(format!("{prefix}.happened"), &e.happened);
        add(format!("{prefix}.cost"), &e.cost);
        add(format!("{prefix}.better"), &e.better);
    };
    add("scenario.title".into(), &s.title);
    add("scenario.summary".into(), &s.summary);
    add("client.company".into(), &s.client.company);
    add("client.industry".into(), &s.client.industry);
    add("client.summary".into(), &s.client.summary);
    for p in &s.stakeholders {
        add(format!("stakeholder.{}.name", p.id), &p.name);
        add(format!("stakeholder.{}.title", p.id), &p.title);
    }
    for d in &s.preparation.dossier {
        add(format!("dossier.{}.title", d.id), &d.title);
        add(format!("dossier.{}.text", d.id), &d.text);
    }
    add("schedule.place".into(), &s.schedule.place);
    for t in &s.schedule.travel {
        add(format!("travel.{}.label", t.id), &t.label);
    }
    if let Some(d) = &s.deal {
        add("deal.unit".into(), &d.unit);
    }
    for c in &s.coaching {
        explain(&mut add, format!("coaching.{}", c.mistake.id()), &c.explanation);
    }
    for n in &s.nodes {
        add(format!("node.{}.text", n.id), &n.text);
        for o in &n.options {
            add(format!("option.{}.{}.text", n.id, o.id), &o.text);
            if let Some(e) = &o.explain {
                explain(&mut add, format!("option.{}.{}.explain", n.id, o.id), e);
            }
        }
        if let Some(e) = n.timer.as_ref().and_then(|t| t.explain.as_ref()) {
            explain(&mut add, format!("timer.{}.explain", n.id), e);
        }
    }
    for e in &s.endings {
        add(format!("ending.{}.title", e.id), &e.title);
        add(format!("ending.{}.text", e.id), &e.text);
    }
    out
}
