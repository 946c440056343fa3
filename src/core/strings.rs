//! Every player-visible string of a scenario with its stable key, its place in the file and a note
//! for translators: what `kam-sim strings` prints, what the PO templates are made of, and what a
//! translation replaces.
//!
//! Keys are derived from ids: `node.<node>.text`, `option.<node>.<option>.text`,
//! `dossier.<item>.title`, … (the full scheme is in `docs/scenario-format.md`). One walk
//! ([`visit_texts`]) serves reading and translating, so the two can never disagree on a key.

use std::collections::HashMap;

use super::model::Scenario;
use super::vocab::Explanation;

/// One player-visible text of a scenario, open for reading or replacing.
pub struct TextSite<'a> {
    /// The stable key (the PO entry's `msgctxt`).
    pub key: String,
    /// Where the text sits in the RON document (`nodes[3].options[1].text`), for line numbers.
    pub path: String,
    /// Who says it and where it appears, for the translator.
    pub note: String,
    /// The text itself.
    pub text: &'a mut String,
}

/// `(key, text)` for every player-visible string, in document order.
pub fn player_strings(s: &Scenario) -> Vec<(String, String)> {
    let mut copy = s.clone();
    let mut out = Vec::new();
    visit_texts(&mut copy, &mut |site| out.push((site.key, site.text.clone())));
    out
}

/// Calls `visit` on every player-visible text of `s`, in document order.
pub fn visit_texts(s: &mut Scenario, visit: &mut dyn FnMut(TextSite<'_>)) {
    let speakers: HashMap<String, String> = s
        .stakeholders
        .iter()
        .map(|p| (p.id.clone(), format!("{}, {}", p.name, p.title)))
        .collect();
    let mut site = |key: String, path: String, note: String, text: &mut String| {
        visit(TextSite { key, path, note, text });
    };
    site(
        "scenario.title".into(),
        "title".into(),
        "Scenario title: menu, briefing, debrief and reports.".into(),
        &mut s.title,
    );
    site(
        "scenario.summary".into(),
        "summary".into(),
        "Scenario summary on the briefing screen (second person, to the player).".into(),
        &mut s.summary,
    );
    site(
        "client.company".into(),
        "client.company".into(),
        "The client company's name (keep it unless the company has a local name).".into(),
        &mut s.client.company,
    );
    site(
        "client.industry".into(),
        "client.industry".into(),
        "The client's industry, in the client card of the briefing.".into(),
        &mut s.client.industry,
    );
    site(
        "client.summary".into(),
        "client.summary".into(),
        "Who the client is for the player's company, in the client card.".into(),
        &mut s.client.summary,
    );
    for (i, p) in s.stakeholders.iter_mut().enumerate() {
        let path = format!("stakeholders[{i}]");
        site(
            format!("stakeholder.{}.name", p.id),
            format!("{path}.name"),
            "A client stakeholder's name: keep the spelling, transliterate only where the language requires it.".into(),
            &mut p.name,
        );
        site(
            format!("stakeholder.{}.title", p.id),
            format!("{path}.title"),
            format!("Job title of {}, shown under the name in the meeting.", p.name),
            &mut p.title,
        );
    }
    for (i, d) in s.preparation.dossier.iter_mut().enumerate() {
        let path = format!("preparation.dossier[{i}]");
        site(
            format!("dossier.{}.title", d.id),
            format!("{path}.title"),
            "Title of a dossier item the player studies before the meeting.".into(),
            &mut d.title,
        );
        site(
            format!("dossier.{}.text", d.id),
            format!("{path}.text"),
            format!("Dossier item \"{}\": what the player learns by studying it.", d.title),
            &mut d.text,
        );
    }
    site(
        "schedule.place".into(),
        "schedule.place".into(),
        "Where the meeting takes place, on the travel screen.".into(),
        &mut s.schedule.place,
    );
    for (i, t) in s.schedule.travel.iter_mut().enumerate() {
        site(
            format!("travel.{}.label", t.id),
            format!("schedule.travel[{i}].label"),
            "A way to travel to the meeting, on the travel screen.".into(),
            &mut t.label,
        );
    }
    if let Some(d) = &mut s.deal {
        site(
            "deal.unit".into(),
            "deal.unit".into(),
            "What the deal's price is per (\"truck-month\", \"licence\"), after an amount.".into(),
            &mut d.unit,
        );
    }
    for (i, c) in s.coaching.iter_mut().enumerate() {
        let what = format!("Debrief coaching for the mistake {}", c.mistake.id());
        explanation(
            &mut site,
            format!("coaching.{}", c.mistake.id()),
            format!("coaching[{i}].explanation"),
            &what,
            &mut c.explanation,
        );
    }
    for (i, n) in s.nodes.iter_mut().enumerate() {
        let path = format!("nodes[{i}]");
        let who = match n.speaker.as_ref().and_then(|id| speakers.get(id)) {
            Some(speaker) => format!("Said by {speaker}"),
            None => "Narration (no speaker)".into(),
        };
        site(
            format!("node.{}.text", n.id),
            format!("{path}.text"),
            format!("{who}, in the meeting."),
            &mut n.text,
        );
        for (j, o) in n.options.iter_mut().enumerate() {
            let option_path = format!("{path}.options[{j}]");
            site(
                format!("option.{}.{}.text", n.id, o.id),
                format!("{option_path}.text"),
                format!("What the player can answer to: \"{}\".", n.text),
                &mut o.text,
            );
            if let Some(e) = &mut o.explain {
                let what = format!("Debrief coaching when the player answered \"{}\"", o.text);
                explanation(
                    &mut site,
                    format!("option.{}.{}.explain", n.id, o.id),
                    format!("{option_path}.explain"),
                    &what,
                    e,
                );
            }
        }
        if let Some(e) = n.timer.as_mut().and_then(|t| t.explain.as_mut()) {
            let what = format!("Debrief coaching when the player stayed silent after: \"{}\"", n.text);
            explanation(
                &mut site,
                format!("timer.{}.explain", n.id),
                format!("{path}.timer.explain"),
                &what,
                e,
            );
        }
    }
    for (i, e) in s.endings.iter_mut().enumerate() {
        let path = format!("endings[{i}]");
        site(
            format!("ending.{}.title", e.id),
            format!("{path}.title"),
            "Title of an ending, at the top of the debrief.".into(),
            &mut e.title,
        );
        site(
            format!("ending.{}.text", e.id),
            format!("{path}.text"),
            format!("How the meeting ended (\"{}\"), under the debrief's title.", e.title),
            &mut e.text,
        );
    }
}

/// The three parts of a debrief explanation.
fn explanation(
    site: &mut dyn FnMut(String, String, String, &mut String),
    prefix: String,
    path: String,
    what: &str,
    e: &mut Explanation,
) {
    site(
        format!("{prefix}.happened"),
        format!("{path}.happened"),
        format!("{what}: what happened."),
        &mut e.happened,
    );
    site(
        format!("{prefix}.cost"),
        format!("{path}.cost"),
        format!("{what}: what it cost with the client."),
        &mut e.cost,
    );
    site(
        format!("{prefix}.better"),
        format!("{path}.better"),
        format!("{what}: what to do instead."),
        &mut e.better,
    );
}
