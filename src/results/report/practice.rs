//! A trainer's overview of a team's practice, from the new hires' journals: who practised what and
//! when, each person's progress (score over sessions, proficiency against the target, the
//! recommended next scenario), and the mistakes the team repeats most. Self-contained HTML with
//! SVG charts. Every figure comes from `core::progress`, as in the game and `journal show`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use maud::{PreEscaped, html};
use serde::Serialize;

use super::{ReportLanguage, day_of, esc, page};
use crate::core::i18n::interface as ui;
use crate::core::profile::Profile;
use crate::core::progress::{self, Next, ScenarioFacts};
use crate::core::vocab::Competency;
use crate::results::journal::PracticeRun;

/// One person's practice, gathered from every journal given.
#[derive(Debug, Clone)]
pub struct Person {
    /// The player's name.
    pub name: String,
    /// Their runs, oldest first, each once (a run found in two journals counts once).
    pub runs: Vec<PracticeRun>,
}

impl Person {
    fn sessions(&self) -> Vec<progress::Session> {
        self.runs.iter().map(PracticeRun::session).collect()
    }
}

/// A mistake across the team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamMistake {
    /// Mistake id.
    pub id: String,
    /// Sessions, of anyone, that contained it.
    pub sessions: usize,
    /// People who made it at least once.
    pub people: usize,
    /// People for whom it recurs (in at least two of their last six sessions).
    pub recurring_for: usize,
}

/// The team: everyone found in the journals, by name.
#[derive(Debug, Clone)]
pub struct Team {
    /// People, by name.
    pub people: Vec<Person>,
}

impl Team {
    /// Gathers runs by player name; a run recorded in two journals (an export and its source)
    /// counts once.
    pub fn gather(runs: impl IntoIterator<Item = PracticeRun>) -> Team {
        let mut by_name: BTreeMap<String, Vec<PracticeRun>> = BTreeMap::new();
        for run in runs {
            let same = |r: &PracticeRun| {
                r.played_at == run.played_at && r.result.scenario == run.result.scenario && r.inputs == run.inputs
            };
            let list = by_name.entry(run.player.clone()).or_default();
            if !list.iter().any(same) {
                list.push(run);
            }
        }
        let people = by_name
            .into_iter()
            .map(|(name, mut runs)| {
                // RFC 3339 times in UTC sort as text; the order recorded breaks ties.
                runs.sort_by(|a, b| a.played_at.cmp(&b.played_at));
                Person { name, runs }
            })
            .collect();
        Team { people }
    }

    /// Sessions in all.
    pub fn sessions(&self) -> usize {
        self.people.iter().map(|p| p.runs.len()).sum()
    }

    /// The mistakes the team repeats most: by how many people they recur for, then by sessions.
    pub fn repeated_mistakes(&self) -> Vec<TeamMistake> {
        let mut all: BTreeMap<String, TeamMistake> = BTreeMap::new();
        for person in &self.people {
            let sessions = person.sessions();
            let recurring: BTreeSet<String> = progress::recurring_mistakes(&sessions)
                .into_iter()
                .map(|r| r.id)
                .collect();
            let mut made: BTreeSet<&str> = BTreeSet::new();
            for s in &sessions {
                let distinct: BTreeSet<&str> = s.mistakes.iter().map(String::as_str).collect();
                for id in distinct {
                    made.insert(id);
                    entry(&mut all, id).sessions += 1;
                }
            }
            for id in made {
                let e = entry(&mut all, id);
                e.people += 1;
                if recurring.contains(id) {
                    e.recurring_for += 1;
                }
            }
        }
        let mut list: Vec<TeamMistake> = all.into_values().collect();
        list.sort_by(|a, b| {
            b.recurring_for
                .cmp(&a.recurring_for)
                .then(b.sessions.cmp(&a.sessions))
                .then(a.id.cmp(&b.id))
        });
        list
    }
}

fn entry<'a>(all: &'a mut BTreeMap<String, TeamMistake>, id: &str) -> &'a mut TeamMistake {
    all.entry(id.to_owned()).or_insert_with(|| TeamMistake {
        id: id.to_owned(),
        sessions: 0,
        people: 0,
        recurring_for: 0,
    })
}

/// What the report needs besides the team: the library (for recommendations and titles) and the
/// target profile.
pub struct PracticeContext<'a> {
    /// The scenarios' facts.
    pub library: &'a [ScenarioFacts],
    /// Scenario id → English title.
    pub titles: &'a BTreeMap<String, String>,
    /// The target profile, if found.
    pub target: Option<&'a Profile>,
    /// The journal files read, as shown.
    pub files: &'a [String],
}

/// The team's practice as a self-contained HTML page.
pub fn practice_html(team: &Team, made_on: &str, cx: &PracticeContext<'_>, l: &ReportLanguage) -> String {
    let t = &l.texts;
    let title = |id: &str| l.scenario_title(id, cx.titles.get(id).map_or(id, String::as_str));
    let target_of = |c: Competency| {
        cx.target
            .and_then(|p| p.levels.iter().find(|v| v.competency == c))
            .map(|v| v.level)
    };
    let repeated = team.repeated_mistakes();
    let mut sessions: Vec<(&str, &PracticeRun)> = team
        .people
        .iter()
        .flat_map(|p| p.runs.iter().map(move |r| (p.name.as_str(), r)))
        .collect();
    sessions.sort_by(|a, b| a.1.played_at.cmp(&b.1.played_at).then(a.0.cmp(b.0)));
    let body = html! {
        h1 { (t.get(&ui::PRACTICE_TITLE)) }
        p.muted {
            (t.fill(&ui::PRACTICE_SUMMARY, &[
                ("people", &team.people.len().to_string()),
                ("sessions", &team.sessions().to_string()),
                ("files", &cx.files.join(", ")),
            ]))
        }
        section {
            h2 { (t.get(&ui::PRACTICE_WHO)) }
            table.keep {
                thead { tr {
                    th { (t.get(&ui::PRACTICE_COLUMN_PERSON)) } th { (t.get(&ui::PRACTICE_COLUMN_SESSIONS)) }
                    th { (t.get(&ui::PRACTICE_COLUMN_FIRST)) } th { (t.get(&ui::PRACTICE_COLUMN_LAST)) }
                    th { (t.get(&ui::PRACTICE_COLUMN_SCORES)) } th { (t.get(&ui::PRACTICE_COLUMN_SCENARIOS)) }
                } }
                tbody {
                    @for p in &team.people {
                        @let scores: Vec<u8> = p.runs.iter().map(|r| r.result.score).collect();
                        tr {
                            td { a href=(format!("#person-{}", anchor(&p.name))) { (p.name) } }
                            td.num { (p.runs.len()) }
                            td.num { (p.runs.first().map_or("", |r| day_of(&r.played_at))) }
                            td.num { (p.runs.last().map_or("", |r| day_of(&r.played_at))) }
                            td { (PreEscaped(score_chart(&scores, 180.0, 40.0, false, &p.name))) }
                            td { (scenarios_played(p, &title)) }
                        }
                    }
                }
            }
        }
        section.page {
            h2 { (t.get(&ui::PRACTICE_REPEATED)) }
            p.muted { (t.get(&ui::PRACTICE_REPEATED_NOTE)) }
            @if repeated.is_empty() {
                p { (t.get(&ui::PRACTICE_NO_MISTAKES)) }
            } @else {
                (PreEscaped(mistake_bars(&repeated, team.people.len(), l)))
            }
        }
        @for p in &team.people {
            @let sessions = p.sessions();
            @let level = progress::proficiency(&sessions);
            @let recurring = progress::recurring_mistakes(&sessions);
            @let next: Option<Next> = progress::recommend(&sessions, cx.library, cx.target);
            @let scores: Vec<u8> = p.runs.iter().map(|r| r.result.score).collect();
            section.page id=(format!("person-{}", anchor(&p.name))) {
                h2 { (p.name) }
                p.muted { (t.fill(&ui::PRACTICE_PERSON_ABOUT, &[("sessions", &p.runs.len().to_string())])) }
                (PreEscaped(score_chart(&scores, 640.0, 160.0, true, &p.name)))
                @if let Some(n) = &next {
                    p { b { (t.fill(&ui::GAME_PROGRESS_NEXT, &[("title", &title(&n.scenario)), ("reason", &n.because.words(t))])) } }
                }
                @for r in &recurring {
                    p.fail { (t.fill(&ui::GAME_PROGRESS_RECURRING_LINE, &[
                        ("mistake", &l.mistake(&r.id)),
                        ("sessions", &r.sessions.to_string()),
                        ("of_last", &r.of_last.to_string()),
                    ])) }
                }
                table.keep {
                    thead { tr {
                        th { (t.get(&ui::PRACTICE_COLUMN_COMPETENCY)) } th { (t.get(&ui::PRACTICE_COLUMN_LEVEL)) } th { (t.get(&ui::PRACTICE_COLUMN_TARGET)) }
                    } }
                    tbody {
                        @for c in Competency::ALL {
                            tr {
                                td { (t.competency(c)) }
                                @match level.get(c.id()) {
                                    Some(v) => {
                                        @let below = target_of(c).is_some_and(|tg| *v < tg);
                                        td class=(if below { "num fail" } else { "num pass" }) { (v) }
                                    }
                                    None => { td.muted { (t.get(&ui::PRACTICE_NOT_MEASURED)) } }
                                }
                                td.num { (target_of(c).map_or_else(|| "—".to_owned(), |v| v.to_string())) }
                            }
                        }
                    }
                }
            }
        }
        section.page {
            h2 { (t.get(&ui::PRACTICE_SESSIONS)) }
            table {
                thead { tr {
                    th { (t.get(&ui::PRACTICE_COLUMN_PLAYED)) } th { (t.get(&ui::PRACTICE_COLUMN_PERSON)) }
                    th { (t.get(&ui::REPORT_COLUMN_SCENARIO)) } th { (t.get(&ui::PRACTICE_COLUMN_SCORE)) }
                    th { (t.get(&ui::COHORT_COLUMN_LANGUAGE)) } th { (t.get(&ui::COHORT_COLUMN_MISTAKES)) }
                } }
                tbody {
                    @for (name, r) in &sessions {
                        tr {
                            td.num { (r.played_at.get(..16).unwrap_or(&r.played_at).replace('T', " ")) }
                            td { (name) }
                            td { (title(&r.result.scenario)) }
                            td.num { (r.result.score) " (" (format!("{:?}", r.result.grade)) ")" }
                            td { (r.language) }
                            td.num { (r.result.mistakes.len()) }
                        }
                    }
                }
            }
        }
    };
    page(
        &t.get(&ui::PRACTICE_TITLE),
        &t.get(&ui::PRACTICE_TITLE),
        made_on,
        t,
        body,
    )
}

fn scenarios_played(p: &Person, title: &dyn Fn(&str) -> String) -> String {
    let sessions = p.sessions();
    progress::best_grades(&sessions)
        .into_iter()
        .map(|(id, grade)| {
            let count = sessions.iter().filter(|s| s.scenario == id).count();
            format!("{} ({grade:?}, {count}×)", title(&id))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// An id for a person's section (letters and digits kept, the rest as `-`).
fn anchor(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect()
}

/// Scores over sessions as an SVG line (0–100 upwards), with a scale when `scale`.
fn score_chart(scores: &[u8], width: f64, height: f64, scale: bool, who: &str) -> String {
    let left = if scale { 34.0 } else { 4.0 };
    let (top, bottom) = (6.0, if scale { 22.0 } else { 6.0 });
    let plot_w = width - left - 6.0;
    let plot_h = height - top - bottom;
    let x = |i: usize| {
        if scores.len() < 2 {
            left + plot_w / 2.0
        } else {
            left + plot_w * i as f64 / (scores.len() - 1) as f64
        }
    };
    let y = |v: f64| top + plot_h * (1.0 - v / 100.0);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{}">"##,
        esc(&format!(
            "{who}: {}",
            scores.iter().map(u8::to_string).collect::<Vec<_>>().join(", ")
        ))
    );
    for level in [0.0, 50.0, 100.0] {
        let _ = write!(
            svg,
            r##"<line x1="{left}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#e0e3e8" stroke-width="1"/>"##,
            width - 6.0,
            y = y(level)
        );
        if scale {
            let _ = write!(
                svg,
                r##"<text x="{}" y="{:.1}" font-size="11" text-anchor="end" fill="#666">{level}</text>"##,
                left - 6.0,
                y(level) + 4.0
            );
        }
    }
    let points: Vec<String> = scores
        .iter()
        .enumerate()
        .map(|(i, &s)| format!("{:.1},{:.1}", x(i), y(f64::from(s))))
        .collect();
    let _ = write!(
        svg,
        r##"<polyline points="{}" fill="none" stroke="#2c6fbb" stroke-width="2"/>"##,
        points.join(" ")
    );
    for (i, &s) in scores.iter().enumerate() {
        let _ = write!(
            svg,
            r##"<circle cx="{:.1}" cy="{:.1}" r="3" fill="#2c6fbb"/>"##,
            x(i),
            y(f64::from(s))
        );
        if scale {
            let _ = write!(
                svg,
                r##"<text x="{:.1}" y="{}" font-size="10" text-anchor="middle" fill="#666">{}</text>"##,
                x(i),
                height - 6.0,
                i + 1
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// The team's mistakes as horizontal bars: sessions with the mistake, and for how many people it
/// recurs.
fn mistake_bars(mistakes: &[TeamMistake], people: usize, l: &ReportLanguage) -> String {
    let row = 24.0;
    let (label_w, bar_w, width) = (230.0, 330.0, 760.0);
    let height = row * mistakes.len() as f64 + 8.0;
    let most = mistakes.iter().map(|m| m.sessions).max().unwrap_or(1).max(1) as f64;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{}">"##,
        esc(&l.texts.get(&ui::PRACTICE_REPEATED))
    );
    for (i, m) in mistakes.iter().enumerate() {
        let top = 4.0 + row * i as f64;
        let w = bar_w * m.sessions as f64 / most;
        let colour = if m.recurring_for > 0 { "#c0392b" } else { "#9aa3ae" };
        let figures = l.texts.fill(
            &ui::PRACTICE_BAR,
            &[
                ("sessions", &m.sessions.to_string()),
                ("recurring", &m.recurring_for.to_string()),
                ("people", &people.to_string()),
            ],
        );
        let _ = write!(
            svg,
            r##"<text x="{}" y="{:.1}" font-size="13" text-anchor="end" fill="#222">{}</text><rect x="{label_w}" y="{:.1}" width="{w:.1}" height="{}" fill="{colour}"/><text x="{:.1}" y="{:.1}" font-size="12" fill="#444">{}</text>"##,
            label_w - 8.0,
            top + 15.0,
            esc(&l.mistake(&m.id)),
            top + 3.0,
            row - 8.0,
            label_w + w + 6.0,
            top + 15.0,
            esc(&figures)
        );
    }
    svg.push_str("</svg>");
    svg
}
