//! Pause and settings, over any screen: Esc pauses the virtual clock, so the engine's time stops too.

use bevy::prelude::*;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode};

use super::language::Language;
use super::runner::Meeting;
use super::theme::{self, Size, palette};
use super::{GameSystems, Screen, Settings, TextSpeed};
use crate::core::allowance::TimeAllowance;
use crate::core::i18n::Lang;
use crate::core::i18n::interface as ui;

/// Whether the pause overlay is open.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Overlay {
    /// Playing.
    #[default]
    None,
    /// Paused, settings shown.
    Pause,
}

fn toggle_pause(keys: Res<ButtonInput<KeyCode>>, overlay: Res<State<Overlay>>, mut next: ResMut<NextState<Overlay>>) {
    if keys.just_pressed(KeyCode::Escape) {
        next.set(match overlay.get() {
            Overlay::None => Overlay::Pause,
            Overlay::Pause => Overlay::None,
        });
    }
}

fn pause_clock(mut time: ResMut<Time<Virtual>>) {
    time.pause();
}

fn resume_clock(mut time: ResMut<Time<Virtual>>) {
    time.unpause();
}

/// The overlay's contents, rebuilt when a setting changes.
#[derive(Component)]
struct OverlayPanel;

fn spawn_overlay(mut commands: Commands) {
    commands.spawn((
        Name::new("Pause overlay"),
        OverlayPanel,
        DespawnOnExit(Overlay::Pause),
        GlobalZIndex(10),
        Node {
            position_type: PositionType::Absolute,
            width: Val::Percent(100.0),
            height: Val::Percent(100.0),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            ..default()
        },
        theme::Fill(theme::Ink::Scrim),
    ));
}

fn show_settings(
    mut commands: Commands,
    settings: Res<Settings>,
    assessment: Option<Res<crate::game::assessment::AssessmentRun>>,
    panel: Single<Entity, With<OverlayPanel>>,
    mut shown: Local<Option<(TextSpeed, u8, bool, Lang, theme::Theme, TimeAllowance)>>,
    meeting: Option<Res<Meeting>>,
    added: Query<(), Added<OverlayPanel>>,
    language: Res<Language>,
    journal: Option<Res<crate::game::journal::PracticeJournal>>,
    screen: Res<State<Screen>>,
) {
    let now = (
        settings.text_speed,
        settings.text_size,
        settings.fullscreen,
        settings.lang,
        settings.theme,
        settings.time_allowance,
    );
    if *shown == Some(now) && added.is_empty() {
        return;
    }
    *shown = Some(now);
    let s = &*settings;
    let t = &language.texts;
    let speed = t.get(match s.text_speed {
        TextSpeed::Spoken => &ui::GAME_SPEED_SPOKEN,
        TextSpeed::Fast => &ui::GAME_SPEED_FAST,
        TextSpeed::Instant => &ui::GAME_SPEED_INSTANT,
    });
    let size =
        t.get([&ui::GAME_SIZE_SMALL, &ui::GAME_SIZE_MEDIUM, &ui::GAME_SIZE_LARGE][usize::from(s.text_size.min(2))]);
    let fullscreen = t.get(if s.fullscreen { &ui::GAME_ON } else { &ui::GAME_OFF });
    let colours = t.get(match s.theme {
        theme::Theme::Standard => &ui::GAME_THEME_STANDARD,
        theme::Theme::HighContrast => &ui::GAME_THEME_HIGH_CONTRAST,
    });
    let answer_time = |allowance: TimeAllowance| {
        t.get(match allowance {
            TimeAllowance::Standard => &ui::GAME_ANSWER_TIME_STANDARD,
            TimeAllowance::Extended => &ui::GAME_ANSWER_TIME_EXTENDED,
        })
    };
    // In an assessment the manager's grant holds and cannot be changed; in practice the setting
    // times the next scenario started, and a meeting under way keeps the time it began with.
    let answer_time_line = match &assessment {
        Some(run) => t.fill(
            &ui::GAME_ANSWER_TIME_FIXED,
            &[("time", &answer_time(run.time_allowance()))],
        ),
        None => {
            let line = t.fill(&ui::GAME_ANSWER_TIME, &[("time", &answer_time(s.time_allowance))]);
            match meeting.as_ref().map(|m| m.session.time_allowance()) {
                Some(current) if current != s.time_allowance && meeting_under_way(*screen.get()) => {
                    format!("{line} {}", t.get(&ui::GAME_ANSWER_TIME_NEXT))
                }
                _ => line,
            }
        }
    };
    commands
        .entity(*panel)
        .despawn_related::<Children>()
        .with_children(|p| {
            p.spawn((
                theme::panel("Settings"),
                crate::game::a11y::group(accesskit::Role::Dialog, &t.get(&ui::GAME_PAUSED)),
            ))
            .with_children(|p| {
                p.spawn(theme::text(t.get(&ui::GAME_PAUSED), Size::Title, palette::ACCENT, s));
                p.spawn(theme::text(
                    t.fill(&ui::GAME_TEXT_SPEED, &[("speed", &speed)]),
                    Size::Body,
                    palette::TEXT,
                    s,
                ));
                p.spawn(theme::text(
                    t.fill(&ui::GAME_TEXT_SIZE, &[("size", &size)]),
                    Size::Body,
                    palette::TEXT,
                    s,
                ));
                p.spawn(theme::text(
                    t.fill(&ui::GAME_FULLSCREEN, &[("state", &fullscreen)]),
                    Size::Body,
                    palette::TEXT,
                    s,
                ));
                p.spawn(theme::text(
                    t.fill(&ui::GAME_THEME, &[("theme", &colours)]),
                    Size::Body,
                    palette::TEXT,
                    s,
                ));
                p.spawn(theme::text(answer_time_line, Size::Body, palette::TEXT, s));
                p.spawn(theme::text(
                    t.fill(&ui::GAME_LANGUAGE, &[("language", s.lang.native_name())]),
                    Size::Body,
                    palette::TEXT,
                    s,
                ));
                if let Some(journal) = journal.as_ref().filter(|_| can_switch_player(*screen.get())) {
                    p.spawn(theme::text(
                        t.fill(&ui::GAME_SETTINGS_PLAYER, &[("player", &journal.player)]),
                        Size::Body,
                        palette::TEXT,
                        s,
                    ));
                }
                if assessment.is_none() {
                    p.spawn(theme::text(
                        t.get(&ui::GAME_LEAVE_TO_MENU),
                        Size::Body,
                        palette::TEXT,
                        s,
                    ));
                }
                p.spawn(theme::text(t.get(&ui::GAME_RESUME), Size::Body, palette::TEXT, s));
            });
        });
}

fn change_settings(
    keys: Res<ButtonInput<KeyCode>>,
    mut settings: ResMut<Settings>,
    mut window: Option<Single<&mut Window, With<PrimaryWindow>>>,
    mut commands: Commands,
    mut screen: ResMut<NextState<Screen>>,
    mut overlay: ResMut<NextState<Overlay>>,
    assessment: Option<Res<crate::game::assessment::AssessmentRun>>,
    journal: Option<Res<crate::game::journal::PracticeJournal>>,
    current: Res<State<Screen>>,
) {
    if keys.just_pressed(KeyCode::KeyN) && journal.is_some() && can_switch_player(*current.get()) {
        commands.remove_resource::<Meeting>();
        screen.set(Screen::PlayerName);
        overlay.set(Overlay::None);
        return;
    }
    if keys.just_pressed(KeyCode::KeyT) {
        settings.text_speed = match settings.text_speed {
            TextSpeed::Spoken => TextSpeed::Fast,
            TextSpeed::Fast => TextSpeed::Instant,
            TextSpeed::Instant => TextSpeed::Spoken,
        };
    }
    if keys.just_pressed(KeyCode::KeyS) {
        settings.text_size = (settings.text_size + 1) % 3;
    }
    if keys.just_pressed(KeyCode::KeyC) {
        settings.theme = settings.theme.next();
    }
    if keys.just_pressed(KeyCode::KeyE) && assessment.is_none() {
        settings.time_allowance = match settings.time_allowance {
            TimeAllowance::Standard => TimeAllowance::Extended,
            TimeAllowance::Extended => TimeAllowance::Standard,
        };
    }
    if keys.just_pressed(KeyCode::KeyL) {
        settings.lang = settings.lang.next();
    }
    if keys.just_pressed(KeyCode::KeyF) {
        settings.fullscreen = !settings.fullscreen;
        if let Some(window) = window.as_mut() {
            window.mode = if settings.fullscreen {
                WindowMode::BorderlessFullscreen(MonitorSelection::Current)
            } else {
                WindowMode::Windowed
            };
        }
    }
    if keys.just_pressed(KeyCode::KeyQ) && assessment.is_none() {
        commands.remove_resource::<Meeting>();
        screen.set(Screen::Menu);
        overlay.set(Overlay::None);
    }
}

/// Whether a meeting's session is being played on this screen (its time is already set).
fn meeting_under_way(screen: Screen) -> bool {
    matches!(screen, Screen::Briefing | Screen::Travel | Screen::Meeting)
}

/// The player can be switched between meetings, never during one (its run is recorded under the
/// name it started with).
fn can_switch_player(screen: Screen) -> bool {
    matches!(screen, Screen::Menu | Screen::Progress | Screen::Debrief)
}

pub(super) fn plugin(app: &mut App) {
    app.init_state::<Overlay>()
        .add_systems(OnEnter(Overlay::Pause), (pause_clock, spawn_overlay))
        .add_systems(OnExit(Overlay::Pause), resume_clock)
        .add_systems(Update, toggle_pause.before(GameSystems::Input))
        .add_systems(
            Update,
            (
                change_settings.before(GameSystems::Input),
                show_settings.in_set(GameSystems::Present),
            )
                .run_if(in_state(Overlay::Pause)),
        );
}
