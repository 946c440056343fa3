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
use crate::game::a11y;
use crate::game::focus::DefaultFocus;
use crate::game::language::Language;
use crate::game::runner::{LinePresented, Meeting, PlayerAction, meeting_is_running};
use crate::game::theme::{self, BarFill, Size, palette};
use crate::game::{GameSystems, Screen, Settings, TextSpeed};
use accesskit::Role;
use bevy::a11y::AccessibilityNode;
use bevy::ui::widget::Label;

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
/// The time to answer in words, beside the timer bar (a live region).
#[derive(Component)]
struct TimerText;
/// A stakeholder's trust and mood in words, on their card.
#[derive(Component)]
struct Feeling(usize);
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
                row.spawn((
                    theme::panel("Stakeholder card"),
                    Card(i),
                    a11y::group(Role::Group, &person.name),
                ))
                .with_children(|card| {
                    card.spawn(theme::text(person.name.clone(), Size::Body, palette::TEXT, s));
                    card.spawn(theme::text(person.title.clone(), Size::Small, palette::MUTED, s));
                    card.spawn(theme::text(t.get(&ui::GAME_TRUST), Size::Small, palette::MUTED, s));
                    card.spawn((theme::bar(50.0, palette::GOOD, 160.0), TrustBar(i)));
                    card.spawn(theme::text(t.get(&ui::GAME_MOOD), Size::Small, palette::MUTED, s));
                    card.spawn((theme::bar(50.0, palette::ACCENT, 160.0), MoodBar(i)));
                    // What the bars show, in words: read by screen readers, and by anyone.
                    card.spawn((theme::text("", Size::Small, palette::TEXT, s), Feeling(i)));
                });
            }
        });
        ui.spawn(theme::panel("Line")).with_children(|p| {
            p.spawn((theme::text("", Size::Body, palette::ACCENT, s), Speaker));
            // The typewriter shows the line as it is spoken; a reader gets it whole as it starts.
            p.spawn((
                theme::plain_text("", Size::Heading, palette::TEXT, s),
                a11y::live(""),
                Line,
            ));
            p.spawn((theme::bar(0.0, palette::BAD, 400.0), TimerBar));
            p.spawn((
                theme::plain_text("", Size::Small, palette::MUTED, s),
                Label,
                a11y::live(""),
                TimerText,
            ));
        });
        ui.spawn((
            Name::new("Options"),
            Options,
            a11y::container(Role::List),
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
                let mut button = list.spawn(theme::button(label, s));
                if place == 0 {
                    button.insert(DefaultFocus);
                }
                button.observe(move |_: On<theme::Activate>, mut act: MessageWriter<PlayerAction>| {
                    act.write(PlayerAction::Choose(option));
                });
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
    mut cards: Query<(&Card, &mut theme::Fill)>,
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
    for (card, mut fill) in &mut cards {
        fill.set_if_neq(theme::Fill(if Some(card.0) == speaking {
            palette::BUTTON_HOVER
        } else {
            palette::PANEL
        }));
    }
}

/// A level 0–100 in words.
fn level_in_words(value: i32, t: &Texts) -> String {
    t.get(match value {
        ..20 => &ui::GAME_LEVEL_VERY_LOW,
        20..40 => &ui::GAME_LEVEL_LOW,
        40..60 => &ui::GAME_LEVEL_MIDDLING,
        60..80 => &ui::GAME_LEVEL_HIGH,
        _ => &ui::GAME_LEVEL_VERY_HIGH,
    })
}

/// What the timer says: the time to answer as the line starts, then that 5 seconds are left
/// (twice in a line, so a screen reader announces it twice, not every second).
fn timer_in_words(now: u64, end: u64, deadline: Option<u64>, t: &Texts) -> String {
    const WARNING_MS: u64 = 5_000;
    let Some(deadline) = deadline else {
        return String::new();
    };
    let window = deadline.saturating_sub(end);
    if now < end || deadline.saturating_sub(now) > WARNING_MS {
        t.fill(
            &ui::GAME_TIMER_START,
            &[("seconds", &window.div_ceil(1000).to_string())],
        )
    } else {
        let seconds = (WARNING_MS.min(window)).div_ceil(1000);
        t.fill(&ui::GAME_TIMER_ENDING, &[("seconds", &seconds.to_string())])
    }
}

/// The meeting in words: each card's trust and mood, the timer, and the line whole (with who says
/// it) for a screen reader as soon as it starts.
fn say_meeting(
    meeting: Res<Meeting>,
    time: Res<Time<Virtual>>,
    language: Res<Language>,
    mut line: Single<&mut AccessibilityNode, With<Line>>,
    mut timer: Single<&mut Text, (With<TimerText>, Without<Feeling>)>,
    mut feelings: Query<(&Feeling, &mut Text), Without<TimerText>>,
) {
    let t = &language.texts;
    let src = &meeting.scenario().source;
    if let Some(state) = meeting.session.meeting_state() {
        for (feeling, mut text) in &mut feelings {
            let (Some(&trust), Some(&mood)) = (state.trust.get(feeling.0), state.mood.get(feeling.0)) else {
                continue;
            };
            let words = format!(
                "{}: {} · {}: {}",
                t.get(&ui::GAME_TRUST),
                level_in_words(trust, t),
                t.get(&ui::GAME_MOOD),
                level_in_words(mood, t)
            );
            set_text(&mut text, words);
        }
    }
    let Some(node) = meeting.session.current_node() else {
        return;
    };
    let n = &src.nodes[node as usize];
    let said = match n
        .speaker
        .as_ref()
        .and_then(|id| src.stakeholders.iter().find(|p| &p.id == id))
    {
        Some(person) => format!("{}: {}", person.name, n.text),
        None => n.text.clone(),
    };
    // A reader announces a live region when its text changes, not when it appears: the line is
    // exposed empty on the frame the screen is built, and filled from the next, so the meeting's
    // first line is announced like every other.
    if !line.is_added() && line.value() != Some(said.as_str()) {
        line.set_value(said);
    }
    let (_, end, deadline) = meeting.session.line_window();
    set_text(&mut timer, timer_in_words(meeting.now_ms(&time), end, deadline, t));
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
            (show_options, show_meeting, say_meeting).in_set(GameSystems::Present),
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
