//! Travel: how to get there. Routes differ in time and in how much a seeded delay can cost.

use bevy::prelude::*;

use super::digit_pressed;
use crate::core::i18n::interface as ui;
use crate::core::model::ClockTime;
use crate::game::language::Language;
use crate::game::runner::{Meeting, PlayerAction, meeting_is_running};
use crate::game::theme::{self, Size, palette};
use crate::game::{GameSystems, Screen, Settings};

fn spawn_travel(mut commands: Commands, meeting: Res<Meeting>, settings: Res<Settings>, language: Res<Language>) {
    let s = &*settings;
    let t = &language.texts;
    let src = &meeting.scenario().source;
    let leave = src.preparation.starts_at.0 + meeting.session.used_minutes();
    let root = commands.spawn(theme::screen_root("Travel screen", Screen::Travel)).id();
    commands.entity(root).with_children(|ui| {
        ui.spawn(theme::text(
            t.get(&ui::GAME_TRAVEL_TITLE),
            Size::Title,
            palette::ACCENT,
            s,
        ));
        ui.spawn(theme::text(
            t.fill(
                &ui::GAME_TRAVEL_INTRO,
                &[
                    ("leave", &ClockTime::format(leave)),
                    ("time", &ClockTime::format(src.schedule.meeting_at.0)),
                    ("place", &src.schedule.place),
                ],
            ),
            Size::Body,
            palette::TEXT,
            s,
        ));
        for (i, route) in src.schedule.travel.iter().enumerate() {
            let planned = ClockTime::format(leave + route.minutes);
            let planned = t.fill(&ui::GAME_PLANNED_ARRIVAL, &[("time", &planned)]);
            let label = format!("{}. {} — {planned}", i + 1, route.label);
            let index = i as u32;
            ui.spawn(theme::button(label, s)).observe(
                move |_: On<theme::Activate>, mut act: MessageWriter<PlayerAction>| {
                    act.write(PlayerAction::Depart(index));
                },
            );
        }
        ui.spawn(theme::text(
            t.get(&ui::GAME_TRAVEL_HELP),
            Size::Small,
            palette::MUTED,
            s,
        ));
    });
}

fn choose_route_by_keyboard(
    keys: Res<ButtonInput<KeyCode>>,
    meeting: Res<Meeting>,
    mut act: MessageWriter<PlayerAction>,
) {
    let routes = meeting.scenario().source.schedule.travel.len();
    if let Some(i) = digit_pressed(&keys).filter(|&i| i < routes) {
        act.write(PlayerAction::Depart(i as u32));
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Travel), spawn_travel).add_systems(
        Update,
        choose_route_by_keyboard
            .in_set(GameSystems::Input)
            .run_if(in_state(Screen::Travel).and_then(meeting_is_running)),
    );
}
