//! Pause and settings, over any screen: Esc pauses the virtual clock, so the engine's time stops too.

use bevy::prelude::*;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode};

use super::runner::Meeting;
use super::theme::{self, Size, palette};
use super::{GameSystems, Screen, Settings, TextSpeed};

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
        BackgroundColor(palette::BACKGROUND.with_alpha(0.92)),
    ));
}

fn show_settings(
    mut commands: Commands,
    settings: Res<Settings>,
    assessment: Option<Res<crate::game::assessment::AssessmentRun>>,
    panel: Single<Entity, With<OverlayPanel>>,
    mut shown: Local<Option<(TextSpeed, u8, bool)>>,
    added: Query<(), Added<OverlayPanel>>,
) {
    let now = (settings.text_speed, settings.text_size, settings.fullscreen);
    if *shown == Some(now) && added.is_empty() {
        return;
    }
    *shown = Some(now);
    let s = &*settings;
    let speed = match s.text_speed {
        TextSpeed::Spoken => "as spoken",
        TextSpeed::Fast => "fast",
        TextSpeed::Instant => "instant",
    };
    let size = ["small", "medium", "large"][usize::from(s.text_size.min(2))];
    commands
        .entity(*panel)
        .despawn_related::<Children>()
        .with_children(|p| {
            p.spawn(theme::panel("Settings")).with_children(|p| {
                p.spawn(theme::text("Paused", Size::Title, palette::ACCENT, s));
                p.spawn(theme::text(
                    format!("T  text speed: {speed}"),
                    Size::Body,
                    palette::TEXT,
                    s,
                ));
                p.spawn(theme::text(
                    format!("S  text size: {size}"),
                    Size::Body,
                    palette::TEXT,
                    s,
                ));
                p.spawn(theme::text(
                    format!("F  fullscreen: {}", if s.fullscreen { "on" } else { "off" }),
                    Size::Body,
                    palette::TEXT,
                    s,
                ));
                p.spawn(theme::text(
                    "L  language: English (Portuguese, Spanish, Russian and Azerbaijani are being prepared)",
                    Size::Body,
                    palette::MUTED,
                    s,
                ));
                if assessment.is_none() {
                    p.spawn(theme::text("Q  leave to the menu", Size::Body, palette::TEXT, s));
                }
                p.spawn(theme::text("Esc  resume", Size::Body, palette::TEXT, s));
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
) {
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
