//! Debrief: score and grade, the competency profile against the target, every mistake explained
//! with the moment it happened, the deal against the floor price, and the timeline.

use bevy::prelude::*;

use super::loading::practice_seed;
use crate::core::i18n::Texts;
use crate::core::i18n::interface as ui;
use crate::core::profile::load_profile;
use crate::core::result::{RunResult, result_in};
use crate::core::vocab::Competency;
use crate::game::assessment::{AssessmentRun, in_assessment};
use crate::game::content::Library;
use crate::game::language::Language;
use crate::game::runner::{Meeting, StartScenario, meeting_is_running};
use crate::game::theme::{self, Size, palette};
use crate::game::{GameSystems, Screen, Settings, content_dirs};

/// The list of mistakes and the timeline, which scrolls when it is longer than the window.
#[derive(Component)]
struct MistakeList;

/// What the debrief shows: the mistakes or the client's side (C), the moment stepped to there
/// (←/→), and whether the score's formula is open (H).
#[derive(Resource, Debug, Default)]
pub struct DebriefPage {
    /// The client's side of the table instead of the mistakes.
    pub client: bool,
    /// The moment shown on the client's side.
    pub moment: usize,
    /// The formula behind the score is shown.
    pub formula: bool,
}

fn open_on_the_mistakes(mut commands: Commands) {
    commands.insert_resource(DebriefPage::default());
}

/// Shows the panel and the formula the page asks for.
fn show_page(
    page: Res<DebriefPage>,
    mut mistakes: Query<
        &mut Node,
        (
            With<MistakeList>,
            Without<super::client_side::ClientPanel>,
            Without<FormulaLine>,
        ),
    >,
    mut client: Query<&mut Node, (With<super::client_side::ClientPanel>, Without<FormulaLine>)>,
    mut formula: Query<&mut Node, (With<FormulaLine>, Without<MistakeList>)>,
    added: Query<(), Added<MistakeList>>,
) {
    if !page.is_changed() && added.is_empty() {
        return;
    }
    let shown = |yes: bool| if yes { Display::Flex } else { Display::None };
    let has_client = !client.is_empty();
    for mut node in &mut mistakes {
        node.display = shown(!(page.client && has_client));
    }
    for mut node in &mut client {
        node.display = shown(page.client);
    }
    for mut node in &mut formula {
        node.display = shown(page.formula);
    }
}

/// The score's formula, shown with H.
#[derive(Component)]
struct FormulaLine;

/// Scrolls the mistakes with the mouse wheel, the arrow keys and Page Up/Down.
fn scroll_mistakes(
    mut wheel: MessageReader<bevy::input::mouse::MouseWheel>,
    keys: Res<ButtonInput<KeyCode>>,
    mut list: Single<&mut ScrollPosition, With<MistakeList>>,
) {
    let mut dy: f32 = wheel.read().map(|w| -w.y * 40.0).sum();
    for (key, step) in [
        (KeyCode::ArrowDown, 40.0),
        (KeyCode::ArrowUp, -40.0),
        (KeyCode::PageDown, 400.0),
        (KeyCode::PageUp, -400.0),
    ] {
        if keys.just_pressed(key) {
            dy += step;
        }
    }
    if dy != 0.0 {
        list.y = (list.y + dy).max(0.0);
    }
}

/// The scored result shown on the debrief (also read by autoplay and tests).
#[derive(Resource)]
pub struct Debrief(pub Result<RunResult, String>);

fn score_the_meeting(mut commands: Commands, meeting: Res<Meeting>, language: Res<Language>) {
    let profile = load_profile("kam_target", &content_dirs().profiles).ok();
    let result = result_in(&meeting.session, profile.as_ref(), &language.texts).map_err(|e| e.to_string());
    commands.insert_resource(Debrief(result));
}

fn spawn_debrief(
    mut commands: Commands,
    debrief: Res<Debrief>,
    settings: Res<Settings>,
    assessment: Option<Res<AssessmentRun>>,
    language: Res<Language>,
    meeting: Option<Res<Meeting>>,
    journal_problem: Res<crate::game::journal::JournalProblem>,
) {
    let s = &*settings;
    let t = &language.texts;
    let lang = t.lang();
    let root = commands
        .spawn(theme::screen_root("Debrief screen", Screen::Debrief))
        .id();
    commands.entity(root).with_children(|ui| {
        let r = match &debrief.0 {
            Ok(r) => r,
            Err(e) => {
                ui.spawn(theme::text(
                    t.fill(&ui::GAME_NOT_SCORED, &[("why", e)]),
                    Size::Heading,
                    palette::BAD,
                    s,
                ));
                return;
            }
        };
        ui.spawn(theme::text(
            t.fill(
                &ui::GAME_DEBRIEF_TITLE,
                &[
                    ("ending", &r.ending_title),
                    ("score", &r.score.to_string()),
                    ("grade", &format!("{:?}", r.grade)),
                ],
            ),
            Size::Title,
            palette::ACCENT,
            s,
        ));
        ui.spawn(theme::text(
            t.get(&ui::GAME_DEBRIEF_KEYS),
            Size::Small,
            palette::MUTED,
            s,
        ));
        // How the score was computed is for the curious: behind H, not in the way of the words.
        ui.spawn((
            FormulaLine,
            Node {
                display: Display::None,
                ..default()
            },
            children![theme::text(
                t.fill(&ui::GAME_HOW_SCORED, &[("formula", &r.breakdown.formula)]),
                Size::Small,
                palette::MUTED,
                s,
            )],
        ));
        if let Some(problem) = journal_problem.0.as_ref().filter(|_| assessment.is_none()) {
            ui.spawn(theme::text(
                t.fill(&ui::GAME_JOURNAL_FAILED, &[("why", problem)]),
                Size::Small,
                palette::BAD,
                s,
            ));
        }
        // Say how much of this scenario is still in English, so a player knows it is not a mistake.
        let fell_back = meeting.as_ref().map_or(0, |m| m.fell_back);
        if fell_back > 0 {
            ui.spawn(theme::text(
                t.fill(&ui::GAME_FELL_BACK, &[("count", &fell_back.to_string())]),
                Size::Small,
                palette::MUTED,
                s,
            ));
        }
        if let Some(run) = &assessment {
            // No replay, no menu in an assessment: only the debriefs the assessment shows.
            let count = run.results.as_ref().map_or(0, Vec::len);
            ui.spawn(theme::text(
                t.fill(
                    &ui::GAME_ASSESSMENT_DEBRIEF,
                    &[
                        ("number", &(run.showing + 1).to_string()),
                        ("count", &count.to_string()),
                    ],
                ),
                Size::Body,
                palette::MUTED,
                s,
            ));
        } else {
            ui.spawn(theme::row("Debrief actions")).with_children(|row| {
                row.spawn(theme::button(t.get(&ui::GAME_REPLAY), s)).observe(
                    |_: On<theme::Activate>, mut commands: Commands| {
                        commands.run_system_cached(replay);
                    },
                );
                row.spawn(theme::button(t.get(&ui::GAME_NEXT), s)).observe(
                    |_: On<theme::Activate>, mut commands: Commands| {
                        commands.run_system_cached(next_scenario);
                    },
                );
                row.spawn(theme::button(t.get(&ui::GAME_MENU), s)).observe(
                    |_: On<theme::Activate>, mut commands: Commands| {
                        commands.run_system_cached(to_menu);
                    },
                );
                row.spawn(theme::button(t.get(&ui::GAME_CLIENT_BUTTON), s))
                    .observe(|_: On<theme::Activate>, mut page: ResMut<DebriefPage>| page.client = !page.client);
                row.spawn(theme::button(t.get(&ui::GAME_HOW_SCORED_BUTTON), s))
                    .observe(|_: On<theme::Activate>, mut page: ResMut<DebriefPage>| page.formula = !page.formula);
            });
        }
        ui.spawn((
            Name::new("Debrief columns"),
            Node {
                flex_direction: FlexDirection::Row,
                column_gap: Val::Px(12.0),
                flex_grow: 1.0,
                min_height: Val::Px(0.0),
                ..default()
            },
        ))
        .with_children(|columns| {
            let profile_column = Node {
                width: Val::Px(470.0),
                flex_shrink: 0.0,
                ..default()
            };
            columns
                .spawn(theme::panel_with("Profile", profile_column))
                .with_children(|p| {
                    p.spawn(theme::text(
                        t.get(&ui::GAME_COMPETENCIES),
                        Size::Heading,
                        palette::TEXT,
                        s,
                    ));
                    for c in Competency::ALL {
                        let Some(&score) = r.competencies.get(c.id()) else {
                            continue;
                        };
                        let target = r
                            .profile
                            .as_ref()
                            .and_then(|pr| pr.rows.iter().find(|row| row.competency == c.id()));
                        let (colour, target_text) = match target {
                            Some(t) if t.gap >= 0 => (palette::GOOD, format!(" [{}]", t.target)),
                            Some(t) => (palette::BAD, format!(" [{}]", t.target)),
                            None => (palette::ACCENT, String::new()),
                        };
                        p.spawn(theme::text(
                            format!("{} {score}{target_text}", t.competency(c)),
                            Size::Small,
                            palette::TEXT,
                            s,
                        ));
                        p.spawn(theme::bar(f32::from(score), colour, 260.0));
                    }
                    if let Some(d) = &r.deal {
                        let amount = |v: f64| format!("{}\u{a0}{}", lang.decimal(v, 2), d.currency);
                        let (text, colour) = if !d.closed {
                            (
                                t.fill(
                                    &ui::GAME_DEAL_NOT_CLOSED,
                                    &[
                                        ("price", &amount(d.price)),
                                        ("unit", &d.unit),
                                        ("floor", &amount(d.floor_price)),
                                    ],
                                ),
                                palette::MUTED,
                            )
                        } else {
                            let colour = if d.below_floor { palette::BAD } else { palette::GOOD };
                            (
                                t.fill(
                                    &ui::GAME_DEAL,
                                    &[
                                        ("price", &amount(d.price)),
                                        ("unit", &d.unit),
                                        ("floor", &amount(d.floor_price)),
                                        ("list", &amount(d.list_price)),
                                        (
                                            "margin",
                                            &format!(
                                                "{}{}",
                                                if d.margin_over_floor >= 0.0 { "+" } else { "" },
                                                amount(d.margin_over_floor)
                                            ),
                                        ),
                                    ],
                                ),
                                colour,
                            )
                        };
                        p.spawn(theme::text(text, Size::Small, colour, s));
                    }
                    let p_ = &r.preparation;
                    // The route as the player saw it (the result records its id).
                    let route = meeting
                        .as_ref()
                        .and_then(|m| {
                            m.scenario()
                                .source
                                .schedule
                                .travel
                                .iter()
                                .find(|t| t.id == p_.travel)
                                .map(|t| t.label.clone())
                        })
                        .unwrap_or_else(|| p_.travel.clone());
                    p.spawn(theme::text(
                        t.fill(
                            &ui::GAME_PREPARED,
                            &[
                                ("used", &p_.minutes_used.to_string()),
                                ("budget", &p_.budget_minutes.to_string()),
                                ("route", &route),
                                ("time", &p_.arrived_at),
                                (
                                    "arrival",
                                    &if p_.minutes_late == 0 {
                                        t.get(&ui::DEBRIEF_ON_TIME)
                                    } else {
                                        t.fill(&ui::DEBRIEF_LATE, &[("minutes", &p_.minutes_late.to_string())])
                                    },
                                ),
                            ],
                        ),
                        Size::Small,
                        palette::MUTED,
                        s,
                    ));
                });
            columns
                .spawn((
                    theme::panel_with(
                        "Mistakes",
                        Node {
                            flex_grow: 1.0,
                            flex_basis: Val::Px(0.0),
                            overflow: Overflow::scroll_y(),
                            ..default()
                        },
                    ),
                    MistakeList,
                    ScrollPosition::default(),
                ))
                .with_children(|p| {
                    let heading = if r.mistakes.is_empty() {
                        t.get(&ui::DEBRIEF_NO_MISTAKES)
                    } else {
                        t.fill(&ui::DEBRIEF_MISTAKES, &[("count", &r.mistakes.len().to_string())])
                    };
                    p.spawn(theme::text(heading, Size::Heading, palette::TEXT, s));
                    for (i, m) in r.mistakes.iter().enumerate() {
                        p.spawn(theme::text(
                            t.fill(
                                &ui::GAME_MISTAKE_HEADING,
                                &[
                                    ("number", &(i + 1).to_string()),
                                    ("mistake", &t.mistake_by_id(&m.id)),
                                    ("severity", &t.severity(m.severity)),
                                    ("time", &lang.decimal(m.at_seconds, 1)),
                                ],
                            ),
                            Size::Body,
                            palette::BAD,
                            s,
                        ));
                        p.spawn(theme::text(moment_in_words(r, m, t), Size::Small, palette::MUTED, s));
                        if let Some(q) = &m.quote {
                            p.spawn(theme::text(
                                format!("{}: \u{201c}{q}\u{201d}", capitalised(&t.get(&ui::DEBRIEF_YOU_SAID))),
                                Size::Small,
                                palette::MUTED,
                                s,
                            ));
                        }
                        p.spawn(theme::text(
                            m.explanation.happened.clone(),
                            Size::Small,
                            palette::TEXT,
                            s,
                        ));
                        p.spawn(theme::text(
                            format!("{}: {}", capitalised(&t.get(&ui::DEBRIEF_COST)), m.explanation.cost),
                            Size::Small,
                            palette::TEXT,
                            s,
                        ));
                        p.spawn(theme::text(
                            format!("{}: {}", capitalised(&t.get(&ui::DEBRIEF_BETTER)), m.explanation.better),
                            Size::Small,
                            palette::GOOD,
                            s,
                        ));
                    }
                    // The timeline follows the mistakes in the scrolling column: what the player
                    // did and said, in order, in their own words.
                    p.spawn(theme::text(t.get(&ui::GAME_TIMELINE), Size::Heading, palette::TEXT, s));
                    for line in timeline_in_words(r, t) {
                        p.spawn(theme::text(line, Size::Small, palette::MUTED, s));
                    }
                });
            if assessment.is_none() {
                columns.spawn(super::client_side::panel());
            }
        });
    });
}

/// Where a mistake happened, said by what the client was saying then (never a node id).
fn moment_in_words(r: &RunResult, m: &crate::core::result::MistakeReport, t: &Texts) -> String {
    let Some(node) = m.node.as_deref() else {
        return t.get(&ui::GAME_WHEN_ARRIVING);
    };
    match r.line_before(node, m.at_seconds) {
        Some(line) if line.who == "narrator" => t.fill(&ui::GAME_WHEN_NARRATED, &[("line", &shortened(&line.text))]),
        Some(line) => t.fill(
            &ui::GAME_WHEN_SAID,
            &[("speaker", &line.who), ("line", &shortened(&line.text))],
        ),
        None => t.get(&ui::GAME_WHEN_ARRIVING),
    }
}

/// The player's part of the meeting, in order: arriving, their own words, silences, the end.
fn timeline_in_words(r: &RunResult, t: &Texts) -> Vec<String> {
    let lang = t.lang();
    r.transcript
        .iter()
        .filter_map(|line| {
            let words = match line.kind.as_str() {
                "arrival" => t.fill(&ui::GAME_TIMELINE_ARRIVED, &[("arrival", &arrival_in_words(r, t))]),
                "choice" => format!("\u{201c}{}\u{201d}", line.text),
                "silence" => t.get(&ui::GAME_TIMELINE_SILENT),
                "ending" => r.ending_title.clone(),
                _ => return None,
            };
            Some(format!("{} s   {words}", lang.decimal(line.at_seconds, 0)))
        })
        .collect()
}

fn arrival_in_words(r: &RunResult, t: &Texts) -> String {
    match r.preparation.minutes_late {
        0 => t.get(&ui::DEBRIEF_ON_TIME),
        late => t.fill(&ui::DEBRIEF_LATE, &[("minutes", &late.to_string())]),
    }
}

/// A line cut to a length that fits the debrief, at a word, with an ellipsis.
fn shortened(text: &str) -> String {
    const MAX: usize = 110;
    if text.chars().count() <= MAX {
        return text.to_owned();
    }
    let cut: String = text.chars().take(MAX).collect();
    let at_word = cut
        .rfind(' ')
        .filter(|&i| i > MAX / 2)
        .map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}\u{2026}", at_word.trim_end_matches([',', ';', ':', '.']))
}

/// A label with its first letter in capitals ("why it costs" → "Why it costs").
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The same scenario with the same seed: the same situation, to try again.
fn replay(meeting: Res<Meeting>, mut start: MessageWriter<StartScenario>) {
    start.write(StartScenario {
        scenario: meeting.english().clone(),
        seed: meeting.session.seed(),
        time_allowance: None,
    });
}

fn next_scenario(meeting: Res<Meeting>, library: Res<Library>, mut start: MessageWriter<StartScenario>) {
    let playable: Vec<_> = library.entries.iter().filter_map(|e| e.good.clone()).collect();
    let here = playable
        .iter()
        .position(|s| s.source.id == meeting.scenario().source.id);
    let next = here.map_or(0, |i| (i + 1) % playable.len().max(1));
    if let Some(scenario) = playable.get(next) {
        start.write(StartScenario {
            scenario: scenario.clone(),
            seed: practice_seed(),
            time_allowance: None,
        });
    }
}

fn to_menu(mut commands: Commands, mut next: ResMut<NextState<Screen>>) {
    commands.remove_resource::<Meeting>();
    next.set(Screen::Menu);
}

fn debrief_keys(keys: Res<ButtonInput<KeyCode>>, mut commands: Commands, mut page: ResMut<DebriefPage>) {
    if keys.just_pressed(KeyCode::KeyC) {
        page.client = !page.client;
    } else if keys.just_pressed(KeyCode::KeyH) {
        page.formula = !page.formula;
    } else if keys.just_pressed(KeyCode::KeyR) {
        commands.run_system_cached(replay);
    } else if keys.just_pressed(KeyCode::KeyN) {
        commands.run_system_cached(next_scenario);
    } else if keys.just_pressed(KeyCode::KeyM) {
        commands.run_system_cached(to_menu);
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        OnEnter(Screen::Debrief),
        (
            (
                score_the_meeting,
                crate::game::journal::record_practice_run,
                super::client_side::compute,
            )
                .chain()
                .run_if(not(in_assessment)),
            open_on_the_mistakes,
            spawn_debrief,
        )
            .chain()
            .run_if(meeting_is_running),
    )
    .add_systems(
        Update,
        (debrief_keys, scroll_mistakes)
            .in_set(GameSystems::Input)
            .run_if(resource_exists::<DebriefPage>)
            .run_if(not(in_assessment))
            .run_if(in_state(Screen::Debrief).and_then(meeting_is_running)),
    )
    .add_systems(
        Update,
        scroll_mistakes
            .in_set(GameSystems::Input)
            .run_if(in_state(Screen::Debrief).and_then(in_assessment)),
    )
    .add_systems(
        Update,
        show_page
            .in_set(GameSystems::Present)
            .run_if(in_state(Screen::Debrief).and_then(resource_exists::<DebriefPage>)),
    );
}
