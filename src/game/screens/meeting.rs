//! The meeting: stakeholder cards, the line being spoken, the player's options and the clock.
//!
//! Options are on screen while the line is still being spoken: answering then is an interruption,
//! and the engine scores it. The typewriter shows how far the speaker has got.

use bevy::prelude::*;

use super::digit_pressed;
use crate::core::engine::Phase;
use crate::core::i18n::Texts;
use crate::core::i18n::interface as ui;
use crate::core::model::ClockTime;
use crate::game::language::Language;
use crate::game::runner::{LinePresented, Meeting, PlayerAction, meeting_is_running};
use crate::game::theme::{self, BarFill, Size, palette};
use crate::game::{GameSystems, Screen, Settings, TextSpeed};

#[derive(Component)]
struct TrustBar(usize);
#[derive(Component)]
struct MoodBar(usize);
#[derive(Component)]
struct Card(usize);
#[derive(Component)]
struct Speaker;
#[derive(Component)]
struct Line;
#[derive(Component)]
struct Options;
#[derive(Component)]
struct TimerBar;
#[derive(Component)]
struct Status;

fn spawn_meeting(mut commands: Commands, meeting: Res<Meeting>, settings: Res<Settings>, language: Res<Language>) {
    let s = &*settings;
    let t = &language.texts;
    let src = &meeting.scenario().source;
    let late = meeting.session.meeting_state().map_or(0, |m| m.late_minutes);
    let root = commands
        .spawn(theme::screen_root("Meeting screen", Screen::Meeting))
        .id();
    commands.entity(root).with_children(|ui| {
        ui.spawn(theme::text(src.title.clone(), Size::Heading, palette::ACCENT, s));
        if late > 0 {
            ui.spawn(theme::text(
                t.fill(&ui::GAME_ARRIVE_LATE, &[("minutes", &late.to_string())]),
                Size::Body,
                palette::BAD,
                s,
            ));
        }
        ui.spawn((theme::text("", Size::Small, palette::MUTED, s), Status));
        ui.spawn(theme::row("Stakeholders")).with_children(|row| {
            for (i, person) in src.stakeholders.iter().enumerate() {
                row.spawn((theme::panel("Stakeholder card"), Card(i)))
                    .with_children(|card| {
                        card.spawn(theme::text(person.name.clone(), Size::Body, palette::TEXT, s));
                        card.spawn(theme::text(person.title.clone(), Size::Small, palette::MUTED, s));
                        card.spawn(theme::text(t.get(&ui::GAME_TRUST), Size::Small, palette::MUTED, s));
                        card.spawn((theme::bar(50.0, palette::GOOD, 160.0), TrustBar(i)));
                        card.spawn(theme::text(t.get(&ui::GAME_MOOD), Size::Small, palette::MUTED, s));
                        card.spawn((theme::bar(50.0, palette::ACCENT, 160.0), MoodBar(i)));
                    });
            }
        });
        ui.spawn(theme::panel("Line")).with_children(|p| {
            p.spawn((theme::text("", Size::Body, palette::ACCENT, s), Speaker));
            p.spawn((theme::text("", Size::Heading, palette::TEXT, s), Line));
            p.spawn((theme::bar(0.0, palette::BAD, 400.0), TimerBar));
        });
        ui.spawn((
            Name::new("Options"),
            Options,
            Node {
                flex_direction: FlexDirection::Column,
                row_gap: Val::Px(8.0),
                ..default()
            },
        ));
        ui.spawn(theme::text(
            t.get(&ui::GAME_MEETING_HELP),
            Size::Small,
            palette::MUTED,
            s,
        ));
    });
}

/// Rebuilds the option buttons when a new line starts.
fn show_options(
    mut commands: Commands,
    mut lines: MessageReader<LinePresented>,
    meeting: Res<Meeting>,
    settings: Res<Settings>,
    options: Single<Entity, With<Options>>,
    added: Query<(), Added<Options>>,
) {
    // The first line was presented before this screen existed, so build on entering too (and when
    // the screen is rebuilt for a new language or text size).
    let new_line = lines.read().count() > 0;
    if !new_line && added.is_empty() {
        return;
    }
    let Some(node) = meeting.session.current_node() else {
        return;
    };
    let s = &*settings;
    let n = &meeting.scenario().source.nodes[node as usize];
    commands
        .entity(*options)
        .despawn_related::<Children>()
        .with_children(|list| {
            for (place, &option) in meeting.session.offered().iter().enumerate() {
                let label = format!("{}. {}", place + 1, n.options[option as usize].text);
                list.spawn(theme::button(label, s)).observe(
                    move |_: On<Pointer<Click>>, mut act: MessageWriter<PlayerAction>| {
                        act.write(PlayerAction::Choose(option));
                    },
                );
            }
        });
}

/// Replaces a text only when it changed (so layout is not redone every frame).
fn set_text(text: &mut Text, value: String) {
    if text.0 != value {
        text.0 = value;
    }
}

/// Sets the width of a bar's fill, in percent.
fn set_fill(children: &Children, fills: &mut Query<&mut Node, With<BarFill>>, percent: f32) {
    if let Some(mut node) = children.first().and_then(|&fill| fills.get_mut(fill).ok()) {
        let width = Val::Percent(percent.clamp(0.0, 100.0));
        if node.width != width {
            node.width = width;
        }
    }
}

/// What the status line says: the in-game clock, the deal on the table, a refused action.
fn status_line(meeting: &Meeting, now_ms: u64, t: &Texts) -> String {
    let src = &meeting.scenario().source;
    let state = meeting.session.meeting_state();
    let mut status = meeting
        .session
        .meeting_clock(now_ms)
        .map_or_else(String::new, ClockTime::format);
    if let (Some(deal), Some(terms)) = (state.and_then(|m| m.deal), &src.deal) {
        let table = t.deal_on_the_table(&deal, terms);
        status.push_str(&format!("   ·   {table}"));
    }
    if let Some(refusal) = &meeting.refusal {
        status.push_str(&format!("   ·   {refusal}"));
    }
    status
}

/// The typewriter, the timer, the bars and the status line, every frame.
fn show_meeting(
    meeting: Res<Meeting>,
    time: Res<Time<Virtual>>,
    settings: Res<Settings>,
    language: Res<Language>,
    mut line: Single<&mut Text, (With<Line>, Without<Speaker>, Without<Status>)>,
    mut speaker: Single<&mut Text, (With<Speaker>, Without<Line>, Without<Status>)>,
    mut status: Single<&mut Text, (With<Status>, Without<Line>, Without<Speaker>)>,
    timer: Single<(&Children, &mut Visibility), With<TimerBar>>,
    trust: Query<(&TrustBar, &Children)>,
    mood: Query<(&MoodBar, &Children)>,
    mut cards: Query<(&Card, &mut BackgroundColor)>,
    mut fills: Query<&mut Node, With<BarFill>>,
) {
    let now = meeting.now_ms(&time);
    let src = &meeting.scenario().source;
    let t = &language.texts;
    set_text(&mut status, status_line(&meeting, now, t));
    let Some(node) = meeting.session.current_node() else {
        return;
    };
    let n = &src.nodes[node as usize];
    let (start, end, deadline) = meeting.session.line_window();
    let speaking = n
        .speaker
        .as_ref()
        .and_then(|id| src.stakeholders.iter().position(|p| &p.id == id));
    let who = speaking.map_or_else(String::new, |i| {
        let person = &src.stakeholders[i];
        let text = if now < end {
            &ui::GAME_SPEAKING
        } else {
            &ui::GAME_WAITING
        };
        t.fill(text, &[("name", &person.name)])
    });
    set_text(&mut speaker, who);
    let shown = visible_chars(&n.text, now, start, end, settings.text_speed);
    set_text(&mut line, n.text.chars().take(shown).collect());
    // The timer bar empties from the end of the line to the deadline.
    let left = match deadline {
        Some(_) if now < end => 100.0,
        Some(d) => 100.0 * d.saturating_sub(now) as f32 / d.saturating_sub(end).max(1) as f32,
        None => 0.0,
    };
    let (timer_fill, mut timer_visibility) = timer.into_inner();
    let wanted = if deadline.is_some() {
        Visibility::Inherited
    } else {
        Visibility::Hidden
    };
    if *timer_visibility != wanted {
        *timer_visibility = wanted;
    }
    set_fill(timer_fill, &mut fills, left);
    if let Some(state) = meeting.session.meeting_state() {
        for (bar, children) in &trust {
            set_fill(children, &mut fills, state.trust[bar.0] as f32);
        }
        for (bar, children) in &mood {
            set_fill(children, &mut fills, state.mood[bar.0] as f32);
        }
    }
    for (card, mut colour) in &mut cards {
        let wanted = if Some(card.0) == speaking {
            palette::BUTTON_HOVER
        } else {
            palette::PANEL
        };
        if colour.0 != wanted {
            colour.0 = wanted;
        }
    }
}

fn answer_by_keyboard(keys: Res<ButtonInput<KeyCode>>, meeting: Res<Meeting>, mut act: MessageWriter<PlayerAction>) {
    if meeting.session.phase() != Phase::Meeting {
        return;
    }
    if let Some(&option) = digit_pressed(&keys).and_then(|i| meeting.session.offered().get(i)) {
        act.write(PlayerAction::Choose(option));
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Meeting), spawn_meeting).add_systems(
        Update,
        (
            answer_by_keyboard.in_set(GameSystems::Input),
            (show_options, show_meeting).in_set(GameSystems::Present),
        )
            .run_if(in_state(Screen::Meeting).and_then(meeting_is_running)),
    );
}

/// How much of a line to show: the typewriter follows the engine's speaking time.
pub fn visible_chars(text: &str, now_ms: u64, start_ms: u64, end_ms: u64, speed: TextSpeed) -> usize {
    let total = text.chars().count();
    let duration = end_ms.saturating_sub(start_ms) as f64;
    let shown = match speed {
        TextSpeed::Instant => 1.0,
        _ if duration <= 0.0 => 1.0,
        TextSpeed::Spoken => now_ms.saturating_sub(start_ms) as f64 / duration,
        TextSpeed::Fast => now_ms.saturating_sub(start_ms) as f64 / (duration * 0.6),
    };
    ((total as f64 * shown.clamp(0.0, 1.0)).ceil() as usize).min(total)
}
