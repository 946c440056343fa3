//! Briefing and preparation: the situation, the people, and the dossier studied against the clock.

use bevy::prelude::*;

use super::digit_pressed;
use crate::core::engine::Phase;
use crate::core::i18n::interface as ui;
use crate::core::model::ClockTime;
use crate::game::language::Language;
use crate::game::runner::{Meeting, PlayerAction, meeting_is_running};
use crate::game::theme::{self, Size, palette};
use crate::game::{GameSystems, Screen, Settings};

/// The part of the briefing that changes as items are studied.
#[derive(Component)]
struct DossierPanel;

fn spawn_briefing(mut commands: Commands, meeting: Res<Meeting>, settings: Res<Settings>, language: Res<Language>) {
    let s = &*settings;
    let t = &language.texts;
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
                t.fill(&ui::GAME_IN_THE_ROOM, &[("people", &people.join("; "))]),
                Size::Body,
                palette::MUTED,
                s,
            ));
            p.spawn(theme::text(
                t.fill(
                    &ui::GAME_MEETING_AT,
                    &[
                        ("time", &ClockTime::format(src.schedule.meeting_at.0)),
                        ("place", &src.schedule.place),
                    ],
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
    language: Res<Language>,
    panel: Single<Entity, With<DossierPanel>>,
    added: Query<(), Added<DossierPanel>>,
    mut shown: Local<Option<Vec<bool>>>,
) {
    let studied = meeting.session.studied().to_vec();
    // A rebuilt screen (new language or text size) has a new, empty panel to fill.
    if shown.as_ref() == Some(&studied) && added.is_empty() {
        return;
    }
    let s = &*settings;
    let t = &language.texts;
    let prep = &meeting.scenario().source.preparation;
    let used = meeting.session.used_minutes();
    let left = prep.budget_minutes.saturating_sub(used);
    commands
        .entity(*panel)
        .despawn_related::<Children>()
        .with_children(|p| {
            p.spawn(theme::text(
                t.fill(
                    &ui::GAME_DOSSIER,
                    &[
                        ("left", &left.to_string()),
                        ("budget", &prep.budget_minutes.to_string()),
                        ("time", &ClockTime::format(prep.starts_at.0 + used)),
                    ],
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
                    let minutes = t.fill(&ui::GAME_MINUTES, &[("minutes", &item.minutes.to_string())]);
                    let label = format!("{}. {} ({minutes})", i + 1, item.title);
                    let index = i as u32;
                    let mut button = p.spawn(theme::button(label, s));
                    if affordable {
                        button.observe(move |_: On<theme::Activate>, mut act: MessageWriter<PlayerAction>| {
                            act.write(PlayerAction::Study(index));
                        });
                    }
                }
            }
            // Enter leaves, as it always has: the focus starts on this button.
            p.spawn((
                theme::button(t.get(&ui::GAME_LEAVE), s),
                crate::game::focus::DefaultFocus,
            ))
            .observe(|_: On<theme::Activate>, mut next: ResMut<NextState<Screen>>| next.set(Screen::Travel));
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
