//! Briefing and preparation: the situation, the people, and the dossier studied against the clock.

use bevy::prelude::*;

use super::digit_pressed;
use crate::core::engine::Phase;
use crate::core::model::ClockTime;
use crate::game::runner::{Meeting, PlayerAction, meeting_is_running};
use crate::game::theme::{self, Size, palette};
use crate::game::{GameSystems, Screen, Settings};

/// The part of the briefing that changes as items are studied.
#[derive(Component)]
struct DossierPanel;

fn spawn_briefing(mut commands: Commands, meeting: Res<Meeting>, settings: Res<Settings>) {
    let s = &*settings;
    let src = &meeting.scenario().source;
    let root = commands
        .spawn(theme::screen_root("Briefing screen", Screen::Briefing))
        .id();
    commands.entity(root).with_children(|ui| {
        ui.spawn(theme::text(src.title.clone(), Size::Title, palette::ACCENT, s));
        ui.spawn(theme::text(src.summary.clone(), Size::Body, palette::TEXT, s));
        ui.spawn(theme::panel("Client")).with_children(|p| {
            let c = &src.client;
            p.spawn(theme::text(
                format!("{} — {}", c.company, c.industry),
                Size::Heading,
                palette::TEXT,
                s,
            ));
            p.spawn(theme::text(c.summary.clone(), Size::Body, palette::MUTED, s));
            let people: Vec<String> = src
                .stakeholders
                .iter()
                .map(|p| format!("{}, {}", p.name, p.title))
                .collect();
            p.spawn(theme::text(
                format!("In the room: {}", people.join("; ")),
                Size::Body,
                palette::MUTED,
                s,
            ));
            p.spawn(theme::text(
                format!(
                    "Meeting at {} — {}",
                    ClockTime::format(src.schedule.meeting_at.0),
                    src.schedule.place
                ),
                Size::Body,
                palette::TEXT,
                s,
            ));
        });
        ui.spawn((theme::panel("Dossier"), DossierPanel));
    });
}

/// Rebuilds the dossier panel whenever what has been studied changes.
fn show_dossier(
    mut commands: Commands,
    meeting: Res<Meeting>,
    settings: Res<Settings>,
    panel: Single<Entity, With<DossierPanel>>,
    mut shown: Local<Option<Vec<bool>>>,
) {
    let studied = meeting.session.studied().to_vec();
    if shown.as_ref() == Some(&studied) {
        return;
    }
    let s = &*settings;
    let prep = &meeting.scenario().source.preparation;
    let used = meeting.session.used_minutes();
    let left = prep.budget_minutes.saturating_sub(used);
    commands
        .entity(*panel)
        .despawn_related::<Children>()
        .with_children(|p| {
            p.spawn(theme::text(
                format!(
                    "Dossier — {left} of {} minutes left (clock {}). Press a number to study, Enter to leave.",
                    prep.budget_minutes,
                    ClockTime::format(prep.starts_at.0 + used)
                ),
                Size::Heading,
                palette::ACCENT,
                s,
            ));
            for (i, item) in prep.dossier.iter().enumerate() {
                if studied[i] {
                    p.spawn(theme::text(format!("✓ {}", item.title), Size::Body, palette::GOOD, s));
                    p.spawn(theme::text(format!("   {}", item.text), Size::Body, palette::TEXT, s));
                } else {
                    let affordable = item.minutes <= left;
                    let label = format!("{}. {} ({} min)", i + 1, item.title, item.minutes);
                    let index = i as u32;
                    let mut button = p.spawn(theme::button(label, s));
                    if affordable {
                        button.observe(move |_: On<Pointer<Click>>, mut act: MessageWriter<PlayerAction>| {
                            act.write(PlayerAction::Study(index));
                        });
                    }
                }
            }
            p.spawn(theme::button("Leave for the meeting (Enter)", s))
                .observe(|_: On<Pointer<Click>>, mut next: ResMut<NextState<Screen>>| next.set(Screen::Travel));
        });
    *shown = Some(studied);
}

fn study_by_keyboard(
    keys: Res<ButtonInput<KeyCode>>,
    meeting: Res<Meeting>,
    mut act: MessageWriter<PlayerAction>,
    mut next: ResMut<NextState<Screen>>,
) {
    if meeting.session.phase() != Phase::Preparation {
        return;
    }
    if let Some(i) = digit_pressed(&keys).filter(|&i| i < meeting.session.studied().len()) {
        act.write(PlayerAction::Study(i as u32));
    }
    if keys.just_pressed(KeyCode::Enter) {
        next.set(Screen::Travel);
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Briefing), spawn_briefing).add_systems(
        Update,
        (
            study_by_keyboard.in_set(GameSystems::Input),
            show_dossier.in_set(GameSystems::Present),
        )
            .run_if(in_state(Screen::Briefing).and_then(meeting_is_running)),
    );
}
