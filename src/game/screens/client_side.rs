//! The debrief's view from the client's side of the table (key C): a chart of each stakeholder's
//! trust (thick) and mood (thin) over the meeting, every mistake marked where it happened, and,
//! stepping with ←/→, each moment as the client lived it: what they said, what the player
//! answered, and how that moved their trust and mood.
//!
//! The values are the engine's (`core::client_view`); this module only draws them.

use bevy::prelude::*;

use super::debrief::{Debrief, DebriefPage};
use crate::core::client_view::{Act, ClientView, client_view};
use crate::core::i18n::Texts;
use crate::core::i18n::interface as ui;
use crate::core::rules::Timing;
use crate::game::chart;
use crate::game::language::Language;
use crate::game::runner::Meeting;
use crate::game::theme::{self, Ink, Size, palette};
use crate::game::{GameSystems, Settings};

/// The meeting from the client's side, computed when the debrief opens (also read by tests).
#[derive(Resource, Debug, Default)]
pub struct ClientSide(pub Option<ClientView>);

/// The panel that holds the view (hidden until C is pressed).
#[derive(Component)]
pub struct ClientPanel;

/// The line marking the moment shown.
#[derive(Component)]
pub struct MomentCursor;

/// A mistake's mark on the chart.
#[derive(Component)]
pub struct MistakeMark;

/// The chart's size.
const CHART: Vec2 = Vec2::new(660.0, 200.0);

/// One colour per stakeholder, in the scenario's order (the theme repeats them after five).
fn colour_of(who: usize) -> Ink {
    Ink::Series((who % 5) as u8)
}

/// The panel, hidden until C is pressed; a system of this module fills it for the moment shown.
pub fn panel() -> impl Bundle {
    (
        theme::panel_with(
            "Client's side",
            Node {
                flex_grow: 1.0,
                flex_basis: Val::Px(0.0),
                overflow: Overflow::scroll_y(),
                display: Display::None,
                ..default()
            },
        ),
        ClientPanel,
    )
}

pub(super) fn compute(mut commands: Commands, meeting: Res<Meeting>) {
    let view = client_view(&meeting.session)
        .inspect_err(|e| error!("the client's side of the meeting could not be replayed: {e}"))
        .ok()
        .filter(|v| !v.moments.is_empty());
    commands.insert_resource(ClientSide(view));
}

/// ←/→ step through the moments (only while the view is shown).
fn step(keys: Res<ButtonInput<KeyCode>>, side: Res<ClientSide>, mut page: ResMut<DebriefPage>) {
    let Some(view) = side.0.as_ref().filter(|_| page.client) else {
        return;
    };
    let last = view.moments.len().saturating_sub(1);
    if keys.just_pressed(KeyCode::ArrowRight) && page.moment < last {
        page.moment += 1;
    }
    if keys.just_pressed(KeyCode::ArrowLeft) && page.moment > 0 {
        page.moment -= 1;
    }
}

/// Rebuilds the panel's contents for the moment shown.
fn draw(
    mut commands: Commands,
    page: Res<DebriefPage>,
    side: Res<ClientSide>,
    panels: Query<Entity, With<ClientPanel>>,
    added: Query<(), Added<ClientPanel>>,
    meeting: Option<Res<Meeting>>,
    debrief: Option<Res<Debrief>>,
    settings: Res<Settings>,
    language: Res<Language>,
) {
    // Leaving for the menu removes the meeting within the frame.
    let (Some(meeting), Some(debrief)) = (meeting, debrief) else {
        return;
    };
    if !page.is_changed() && added.is_empty() {
        return;
    }
    let s = &*settings;
    let t = &language.texts;
    for panel in &panels {
        commands.entity(panel).despawn_related::<Children>().with_children(|p| {
            p.spawn(theme::text(
                t.get(&ui::GAME_CLIENT_TITLE),
                Size::Heading,
                palette::TEXT,
                s,
            ));
            p.spawn(theme::text(
                t.get(&ui::GAME_CLIENT_KEYS),
                Size::Small,
                palette::MUTED,
                s,
            ));
            p.spawn(theme::row("Moment buttons")).with_children(|row| {
                row.spawn(theme::button(t.get(&ui::GAME_CLIENT_EARLIER), s)).observe(
                    |_: On<theme::Activate>, mut page: ResMut<DebriefPage>| page.moment = page.moment.saturating_sub(1),
                );
                row.spawn(theme::button(t.get(&ui::GAME_CLIENT_LATER), s)).observe(
                    |_: On<theme::Activate>, mut page: ResMut<DebriefPage>, side: Res<ClientSide>| {
                        let last = side.0.as_ref().map_or(0, |v| v.moments.len().saturating_sub(1));
                        page.moment = (page.moment + 1).min(last);
                    },
                );
            });
            let Some(view) = side.0.as_ref() else {
                p.spawn(theme::text(
                    t.get(&ui::GAME_CLIENT_NO_MEETING),
                    Size::Body,
                    palette::MUTED,
                    s,
                ));
                return;
            };
            let moment = page.moment.min(view.moments.len() - 1);
            p.spawn(chart::frame("Trust and mood chart", CHART.x, CHART.y))
                .with_children(|c| draw_chart(c, view, moment, s));
            p.spawn(theme::text(
                t.get(&ui::GAME_CLIENT_LEGEND),
                Size::Small,
                palette::MUTED,
                s,
            ));
            let mistakes = debrief
                .0
                .as_ref()
                .ok()
                .map(|r| r.mistakes.as_slice())
                .unwrap_or_default();
            for line in moment_in_words(view, moment, &meeting, mistakes, t) {
                p.spawn(theme::text(line.0, Size::Small, line.1, s));
            }
        });
    }
}

fn draw_chart(c: &mut ChildSpawnerCommands, view: &ClientView, shown: usize, settings: &Settings) {
    // A margin on the left for the scale (0, 50, 100).
    let origin = Vec2::new(34.0, 6.0);
    let size = Vec2::new(CHART.x - origin.x, CHART.y - 12.0);
    let start = view.moments[0].at_ms;
    let span = view.moments.last().map_or(0, |m| m.at_ms - start) as f32;
    let x_of = |at_ms: u64| (at_ms - start) as f32;
    for level in [0.0_f32, 50.0, 100.0] {
        let y = chart::plot_point(origin, size, 0.0, 1.0, level).y;
        c.spawn(chart::segment(
            Vec2::new(origin.x, y),
            Vec2::new(CHART.x, y),
            1.0,
            palette::TRACK,
        ));
        c.spawn(chart::label(
            Vec2::new(0.0, y - 9.0),
            level.to_string(),
            palette::MUTED,
            settings,
        ));
    }
    for (who, before) in view.before.iter().enumerate() {
        let colour = colour_of(who);
        let mut trust = vec![chart::plot_point(origin, size, 0.0, span, before.trust as f32)];
        let mut mood = vec![chart::plot_point(origin, size, 0.0, span, before.mood as f32)];
        for m in &view.moments {
            let Some(f) = m.after.get(who) else { continue };
            trust.push(chart::plot_point(origin, size, x_of(m.at_ms), span, f.trust as f32));
            mood.push(chart::plot_point(origin, size, x_of(m.at_ms), span, f.mood as f32));
        }
        chart::polyline(c, &trust, false, 3.0, colour);
        chart::polyline(c, &mood, false, 1.0, colour);
    }
    for m in view.moments.iter().filter(|m| !m.mistakes.is_empty()) {
        let x = chart::plot_point(origin, size, x_of(m.at_ms), span, 0.0).x;
        c.spawn((
            chart::segment(Vec2::new(x, 0.0), Vec2::new(x, 14.0), 4.0, palette::BAD),
            MistakeMark,
        ));
    }
    let x = chart::plot_point(origin, size, x_of(view.moments[shown].at_ms), span, 0.0).x;
    c.spawn((
        chart::segment(Vec2::new(x, 0.0), Vec2::new(x, CHART.y), 2.0, palette::TEXT),
        MomentCursor,
    ));
}

/// The moment as the client lived it, line by line with a colour each.
fn moment_in_words(
    view: &ClientView,
    index: usize,
    meeting: &Meeting,
    mistakes: &[crate::core::result::MistakeReport],
    t: &Texts,
) -> Vec<(String, Ink)> {
    let scenario = &meeting.scenario().source;
    let lang = t.lang();
    let moment = &view.moments[index];
    let said = |node: u32| -> String {
        let node = &scenario.nodes[node as usize];
        match node
            .speaker
            .as_ref()
            .and_then(|id| scenario.stakeholders.iter().find(|p| &p.id == id))
        {
            Some(p) => t.fill(
                &ui::GAME_CLIENT_THEY_SAID,
                &[("speaker", &p.name), ("line", &node.text)],
            ),
            // Narration (the room, who comes in) is nobody's words.
            None => node.text.clone(),
        }
    };
    let mut lines = vec![(
        t.fill(
            &ui::GAME_CLIENT_MOMENT,
            &[
                ("number", &(index + 1).to_string()),
                ("count", &view.moments.len().to_string()),
                ("time", &lang.decimal(moment.at_ms as f64 / 1000.0, 1)),
            ],
        ),
        palette::ACCENT,
    )];
    match moment.act {
        Act::Arrived { late_minutes } => {
            let arrival = match late_minutes {
                0 => t.get(&ui::DEBRIEF_ON_TIME),
                late => t.fill(&ui::DEBRIEF_LATE, &[("minutes", &late.to_string())]),
            };
            lines.push((
                t.fill(&ui::GAME_CLIENT_ARRIVED, &[("arrival", &arrival)]),
                palette::TEXT,
            ));
        }
        Act::Answered { node, option, timing } => {
            lines.push((said(node), palette::TEXT));
            let words = &scenario.nodes[node as usize].options[option as usize].text;
            lines.push((
                t.fill(&ui::GAME_CLIENT_YOU_ANSWERED, &[("words", words)]),
                palette::ACCENT,
            ));
            match timing {
                Timing::Interrupting => lines.push((t.get(&ui::GAME_CLIENT_INTERRUPTING), palette::BAD)),
                Timing::Hesitant => lines.push((t.get(&ui::GAME_CLIENT_HESITANT), palette::BAD)),
                Timing::Prompt => {}
            }
        }
        Act::StayedSilent { node } => {
            lines.push((said(node), palette::TEXT));
            lines.push((t.get(&ui::GAME_CLIENT_SILENT), palette::BAD));
        }
    }
    for (who, person) in scenario.stakeholders.iter().enumerate() {
        let (Some(before), Some(after)) = (view.feeling_before(index, who), moment.after.get(who)) else {
            continue;
        };
        lines.push((
            t.fill(
                &ui::GAME_CLIENT_FEELING,
                &[
                    ("name", &person.name),
                    ("trust_before", &before.trust.to_string()),
                    ("trust_after", &after.trust.to_string()),
                    ("mood_before", &before.mood.to_string()),
                    ("mood_after", &after.mood.to_string()),
                ],
            ),
            colour_of(who),
        ));
    }
    for &i in &moment.mistakes {
        if let Some(m) = mistakes.get(i) {
            lines.push((
                t.fill(
                    &ui::GAME_CLIENT_MISTAKE,
                    &[
                        ("mistake", &t.mistake_by_id(&m.id)),
                        ("severity", &t.severity(m.severity)),
                    ],
                ),
                palette::BAD,
            ));
        }
    }
    if let Some(next) = moment.next_line {
        lines.push((said(next), palette::MUTED));
    }
    lines
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ClientSide>().add_systems(
        Update,
        (step.in_set(GameSystems::Input), draw.in_set(GameSystems::Present))
            .distributive_run_if(in_state(crate::game::Screen::Debrief))
            .distributive_run_if(resource_exists::<DebriefPage>),
    );
}
