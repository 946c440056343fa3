//! Progress (key P on the menu): the player's profile against the target as a radar chart, a
//! trend line per competency, the mistakes that come back, the scenarios played with their best
//! grade, and the recommended scenario, started with Enter.
//!
//! Every number comes from `core::progress` over the practice journal's runs: the screen only
//! draws them.

use std::collections::BTreeMap;
use std::sync::Arc;

use bevy::prelude::*;

use super::loading::practice_seed;
use crate::core::compile::CompiledScenario;
use crate::core::i18n::interface as ui;
use crate::core::profile::{Profile, load_profile};
use crate::core::progress::{self, Next, Recurring, ScenarioFacts};
use crate::core::scoring::Grade;
use crate::core::vocab::Competency;
use crate::game::chart;
use crate::game::content::Library;
use crate::game::journal::PracticeJournal;
use crate::game::language::Language;
use crate::game::runner::StartScenario;
use crate::game::theme::{self, Size, palette};
use crate::game::{GameSystems, Screen, Settings, content_dirs};

/// What the Progress screen shows, computed once when it opens (also read by tests).
#[derive(Resource, Debug, Clone, Default)]
pub struct Progress {
    /// The player.
    pub player: String,
    /// Sessions in the journal.
    pub sessions: usize,
    /// Why the journal could not be read, if it could not.
    pub unreadable: Option<String>,
    /// Proficiency per competency id (absent: never measured).
    pub proficiency: BTreeMap<String, u8>,
    /// Scores per competency id over the sessions, oldest first.
    pub trends: BTreeMap<String, Vec<u8>>,
    /// Mistakes that come back.
    pub recurring: Vec<Recurring>,
    /// Scenario id → (best grade, times played).
    pub played: BTreeMap<String, (Grade, usize)>,
    /// The recommended scenario.
    pub next: Option<Next>,
}

impl Progress {
    /// The progress of the journal's player over the library.
    pub fn of(journal: Option<&PracticeJournal>, library: &Library, target: Option<&Profile>) -> Progress {
        let mut progress = Progress::default();
        let runs = match journal {
            Some(j) => {
                progress.player = j.player.clone();
                match j.runs() {
                    Ok(runs) => runs,
                    Err(e) => {
                        progress.unreadable = Some(e);
                        Vec::new()
                    }
                }
            }
            None => Vec::new(),
        };
        let sessions: Vec<progress::Session> = runs.iter().map(|r| r.session()).collect();
        let facts: Vec<ScenarioFacts> = library
            .entries
            .iter()
            .filter_map(|e| e.good.as_deref().map(ScenarioFacts::of))
            .collect();
        progress.sessions = sessions.len();
        progress.proficiency = progress::proficiency(&sessions);
        progress.trends = progress::trends(&sessions);
        progress.recurring = progress::recurring_mistakes(&sessions);
        for (id, grade) in progress::best_grades(&sessions) {
            let count = sessions.iter().filter(|s| s.scenario == id).count();
            progress.played.insert(id, (grade, count));
        }
        progress.next = progress::recommend(&sessions, &facts, target);
        progress
    }
}

fn target_profile() -> Option<Profile> {
    load_profile("kam_target", &content_dirs().profiles).ok()
}

fn scenario_by_id(library: &Library, id: &str) -> Option<Arc<CompiledScenario>> {
    library
        .entries
        .iter()
        .filter_map(|e| e.good.clone())
        .find(|g| g.source.id == id)
}

fn compute_progress(mut commands: Commands, journal: Option<Res<PracticeJournal>>, library: Res<Library>) {
    commands.insert_resource(Progress::of(journal.as_deref(), &library, target_profile().as_ref()));
}

/// The radar chart's size (room around the circle for the names), the width a name wraps in,
/// and the trend lines' size.
const RADAR_SIZE: Vec2 = Vec2::new(440.0, 310.0);
const RADAR_LABEL: f32 = 118.0;
const TREND: Vec2 = Vec2::new(190.0, 30.0);

fn spawn_progress(
    mut commands: Commands,
    progress: Res<Progress>,
    settings: Res<Settings>,
    language: Res<Language>,
    library: Res<Library>,
) {
    let s = &*settings;
    let t = &language.texts;
    let target = target_profile();
    let target_of = |c: Competency| {
        target
            .as_ref()
            .and_then(|p| p.levels.iter().find(|l| l.competency == c))
            .map(|l| l.level)
    };
    let title_of = |id: &str| {
        scenario_by_id(&library, id).map_or_else(|| id.to_owned(), |g| language.scenario(&g).0.source.title.clone())
    };
    let root = commands
        .spawn(theme::screen_root("Progress screen", Screen::Progress))
        .id();
    commands.entity(root).with_children(|ui| {
        ui.spawn(theme::text(
            t.fill(
                &ui::GAME_PROGRESS_TITLE,
                &[("player", &progress.player), ("count", &progress.sessions.to_string())],
            ),
            Size::Title,
            palette::ACCENT,
            s,
        ));
        if let Some(why) = &progress.unreadable {
            ui.spawn(theme::text(
                t.fill(&ui::GAME_PROGRESS_UNREADABLE, &[("why", why)]),
                Size::Body,
                palette::BAD,
                s,
            ));
        } else if progress.sessions == 0 {
            ui.spawn(theme::text(
                t.get(&ui::GAME_PROGRESS_EMPTY),
                Size::Body,
                palette::MUTED,
                s,
            ));
        }
        let next = match &progress.next {
            Some(n) => t.fill(
                &ui::GAME_PROGRESS_NEXT,
                &[("title", &title_of(&n.scenario)), ("reason", &n.because.words(t))],
            ),
            None => t.get(&ui::GAME_PROGRESS_ALL_MASTERED),
        };
        ui.spawn((
            Name::new("Recommendation"),
            theme::text(next, Size::Body, palette::GOOD, s),
        ));
        ui.spawn(theme::row("Progress actions")).with_children(|row| {
            if progress.next.is_some() {
                // Enter plays it, as it always has: the focus starts on this button.
                row.spawn((
                    theme::button(t.get(&ui::GAME_PLAY_NEXT_BUTTON), s),
                    crate::game::focus::DefaultFocus,
                ))
                .observe(|_: On<theme::Activate>, mut commands: Commands| {
                    commands.run_system_cached(play_recommended);
                });
            }
            row.spawn(theme::button(t.get(&ui::GAME_MENU), s))
                .observe(|_: On<theme::Activate>, mut screen: ResMut<NextState<Screen>>| screen.set(Screen::Menu));
        });
        ui.spawn(theme::text(
            t.get(&ui::GAME_PROGRESS_KEYS),
            Size::Small,
            palette::MUTED,
            s,
        ));
        ui.spawn((
            Name::new("Progress columns"),
            Node {
                flex_direction: FlexDirection::Row,
                column_gap: Val::Px(12.0),
                flex_grow: 1.0,
                min_height: Val::Px(0.0),
                ..default()
            },
        ))
        .with_children(|columns| {
            columns
                .spawn(theme::panel_with(
                    "Radar",
                    Node {
                        width: Val::Px(RADAR_SIZE.x + 28.0),
                        flex_shrink: 0.0,
                        // Large text or a long list of competencies not measured yet stay inside.
                        overflow: Overflow::clip(),
                        ..default()
                    },
                ))
                .with_children(|p| {
                    p.spawn(theme::text(
                        t.get(&ui::GAME_PROGRESS_PROFILE),
                        Size::Heading,
                        palette::TEXT,
                        s,
                    ));
                    p.spawn(chart::frame("Radar chart", RADAR_SIZE.x, RADAR_SIZE.y))
                        .with_children(|c| {
                            spawn_radar(c, &progress.proficiency, &target_of, t, s);
                        });
                    p.spawn(theme::text(
                        t.get(&ui::GAME_PROGRESS_LEGEND),
                        Size::Small,
                        palette::MUTED,
                        s,
                    ));
                    let unmeasured: Vec<String> = Competency::ALL
                        .iter()
                        .filter(|c| !progress.proficiency.contains_key(c.id()))
                        .map(|c| t.competency(*c))
                        .collect();
                    if !unmeasured.is_empty() {
                        p.spawn(theme::text(
                            t.fill(
                                &ui::GAME_PROGRESS_NOT_MEASURED,
                                &[("competencies", &unmeasured.join(", "))],
                            ),
                            Size::Small,
                            palette::MUTED,
                            s,
                        ));
                    }
                });
            columns
                .spawn((
                    theme::panel_with(
                        "Progress details",
                        Node {
                            flex_grow: 1.0,
                            flex_basis: Val::Px(0.0),
                            overflow: Overflow::scroll_y(),
                            ..default()
                        },
                    ),
                    ProgressList,
                    ScrollPosition::default(),
                ))
                .with_children(|p| {
                    p.spawn(theme::text(
                        t.get(&ui::GAME_PROGRESS_RECURRING),
                        Size::Heading,
                        palette::TEXT,
                        s,
                    ));
                    if progress.recurring.is_empty() {
                        p.spawn(theme::text(
                            t.get(&ui::GAME_PROGRESS_NO_RECURRING),
                            Size::Small,
                            palette::MUTED,
                            s,
                        ));
                    }
                    for r in &progress.recurring {
                        p.spawn(theme::text(
                            t.fill(
                                &ui::GAME_PROGRESS_RECURRING_LINE,
                                &[
                                    ("mistake", &t.mistake_by_id(&r.id)),
                                    ("sessions", &r.sessions.to_string()),
                                    ("of_last", &r.of_last.to_string()),
                                ],
                            ),
                            Size::Small,
                            palette::BAD,
                            s,
                        ));
                    }
                    if !progress.trends.is_empty() {
                        p.spawn(theme::text(
                            t.get(&ui::GAME_PROGRESS_TRENDS),
                            Size::Heading,
                            palette::TEXT,
                            s,
                        ));
                    }
                    p.spawn((
                        Name::new("Trend lines"),
                        Node {
                            flex_direction: FlexDirection::Row,
                            flex_wrap: FlexWrap::Wrap,
                            column_gap: Val::Px(18.0),
                            row_gap: Val::Px(4.0),
                            ..default()
                        },
                    ))
                    .with_children(|grid| {
                        for c in Competency::ALL {
                            let Some(points) = progress.trends.get(c.id()) else {
                                continue;
                            };
                            spawn_trend(grid, c, points, &progress.proficiency, target_of(c), t, s);
                        }
                    });
                    if !progress.played.is_empty() {
                        p.spawn(theme::text(
                            t.get(&ui::GAME_PROGRESS_PLAYED),
                            Size::Heading,
                            palette::TEXT,
                            s,
                        ));
                    }
                    for (id, (grade, count)) in &progress.played {
                        p.spawn(theme::text(
                            t.fill(
                                &ui::GAME_PROGRESS_PLAYED_LINE,
                                &[
                                    ("title", &title_of(id)),
                                    ("grade", &format!("{grade:?}")),
                                    ("count", &count.to_string()),
                                ],
                            ),
                            Size::Small,
                            palette::TEXT,
                            s,
                        ));
                    }
                });
        });
    });
}

/// The radar: a spoke per competency, the target's shape in grey and the player's in yellow
/// through the competencies measured so far.
fn spawn_radar(
    c: &mut ChildSpawnerCommands,
    proficiency: &BTreeMap<String, u8>,
    target_of: &dyn Fn(Competency) -> Option<u8>,
    t: &crate::core::i18n::Texts,
    s: &Settings,
) {
    let centre = RADAR_SIZE / 2.0;
    let radius = RADAR_SIZE.y / 2.0 - 50.0;
    let axes = Competency::ALL.len();
    for ring in [50.0, 100.0] {
        let points: Vec<Vec2> = (0..axes)
            .map(|i| chart::radar_point(centre, radius, i, axes, ring))
            .collect();
        chart::polyline(c, &points, true, 1.0, palette::TRACK);
    }
    for (i, competency) in Competency::ALL.iter().enumerate() {
        c.spawn(chart::segment(
            centre,
            chart::radar_point(centre, radius, i, axes, 100.0),
            1.0,
            palette::TRACK,
        ));
        // Full names, wrapped, beyond the spoke's end on the side facing away from the centre.
        let end = chart::radar_point(centre, radius + 6.0, i, axes, 100.0);
        c.spawn(chart::label_around(
            end,
            centre,
            RADAR_SIZE,
            RADAR_LABEL,
            t.competency(*competency),
            palette::MUTED,
            s,
        ));
    }
    let target: Vec<Vec2> = Competency::ALL
        .iter()
        .enumerate()
        .filter_map(|(i, c)| target_of(*c).map(|v| chart::radar_point(centre, radius, i, axes, f32::from(v))))
        .collect();
    chart::polyline(c, &target, true, 2.0, palette::MUTED);
    let player: Vec<Vec2> = Competency::ALL
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            proficiency
                .get(c.id())
                .map(|&v| chart::radar_point(centre, radius, i, axes, f32::from(v)))
        })
        .collect();
    chart::polyline(c, &player, player.len() > 2, 3.0, palette::ACCENT);
    for p in &player {
        c.spawn((chart::point(*p, 8.0, palette::ACCENT), RadarPoint));
    }
}

/// A point of the player's shape on the radar (tests count them: one per measured competency).
#[derive(Component)]
pub struct RadarPoint;

fn spawn_trend(
    grid: &mut ChildSpawnerCommands,
    c: Competency,
    points: &[u8],
    proficiency: &BTreeMap<String, u8>,
    target: Option<u8>,
    t: &crate::core::i18n::Texts,
    s: &Settings,
) {
    let level = proficiency.get(c.id()).copied().unwrap_or_default();
    let label = t.fill(
        &ui::GAME_PROGRESS_TREND,
        &[
            ("competency", &t.competency(c)),
            ("level", &level.to_string()),
            ("target", &target.map_or_else(|| "—".into(), |v| v.to_string())),
        ],
    );
    grid.spawn((
        Name::new("Trend"),
        Node {
            flex_direction: FlexDirection::Column,
            width: Val::Px(TREND.x + 60.0),
            ..default()
        },
    ))
    .with_children(|cell| {
        cell.spawn(theme::text(label, Size::Small, palette::TEXT, s));
        cell.spawn(chart::frame("Trend chart", TREND.x, TREND.y + 8.0))
            .with_children(|plot| {
                let origin = Vec2::new(0.0, 4.0);
                if let Some(target) = target {
                    let y = chart::plot_point(origin, TREND, 0.0, 1.0, f32::from(target)).y;
                    plot.spawn(chart::segment(
                        Vec2::new(0.0, y),
                        Vec2::new(TREND.x, y),
                        1.0,
                        palette::MUTED,
                    ));
                }
                let last = points.len().saturating_sub(1) as f32;
                let line: Vec<Vec2> = points
                    .iter()
                    .enumerate()
                    .map(|(i, &v)| chart::plot_point(origin, TREND, i as f32, last, f32::from(v)))
                    .collect();
                chart::polyline(plot, &line, false, 2.0, palette::ACCENT);
                for p in &line {
                    plot.spawn(chart::point(*p, 6.0, palette::ACCENT));
                }
            });
    });
}

/// The scrolling column of details.
#[derive(Component)]
struct ProgressList;

/// Starts the recommended scenario (Enter, or the button).
fn play_recommended(progress: Res<Progress>, library: Res<Library>, mut start: MessageWriter<StartScenario>) {
    if let Some(scenario) = progress
        .next
        .as_ref()
        .and_then(|n| scenario_by_id(&library, &n.scenario))
    {
        start.write(StartScenario {
            scenario,
            seed: practice_seed(),
            time_allowance: None,
        });
    }
}

fn progress_keys(
    keys: Res<ButtonInput<KeyCode>>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
    mut wheel: MessageReader<bevy::input::mouse::MouseWheel>,
    mut list: Single<&mut ScrollPosition, With<ProgressList>>,
) {
    if keys.just_pressed(KeyCode::Enter) {
        commands.run_system_cached(play_recommended);
    } else if keys.any_just_pressed([KeyCode::KeyM, KeyCode::Backspace]) {
        next.set(Screen::Menu);
    }
    let mut dy: f32 = wheel.read().map(|w| -w.y * 40.0).sum();
    for (key, step) in [(KeyCode::ArrowDown, 40.0), (KeyCode::ArrowUp, -40.0)] {
        if keys.just_pressed(key) {
            dy += step;
        }
    }
    if dy != 0.0 {
        list.y = (list.y + dy).max(0.0);
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Progress), (compute_progress, spawn_progress).chain())
        .add_systems(
            Update,
            progress_keys
                .in_set(GameSystems::Input)
                .run_if(in_state(Screen::Progress)),
        );
}
