//! Title and scenario select: scenarios grouped by kind; broken files listed with their diagnostic.

use bevy::prelude::*;

use super::loading::{MenuNotice, practice_seed};
use crate::core::i18n::interface as ui;
use crate::core::model::Difficulty;
use crate::core::vocab::EncounterKind;
use crate::game::content::Library;
use crate::game::language::Language;
use crate::game::runner::StartScenario;
use crate::game::theme::{self, Size, palette};
use crate::game::{GameSystems, Screen, Settings};

/// A scenario button; the number is its place in keyboard order.
#[derive(Component)]
struct MenuItem(usize);

/// Which scenario the keyboard points at.
#[derive(Resource, Default, PartialEq)]
struct MenuFocus(usize);

/// The scrolling list of scenarios under the title (twelve scenarios do not fit on one screen).
#[derive(Component)]
struct MenuList;

fn playable(library: &Library) -> Vec<usize> {
    let mut order = Vec::new();
    for kind in [
        EncounterKind::Negotiation,
        EncounterKind::TenderPitch,
        EncounterKind::DifficultMeeting,
    ] {
        for (i, e) in library.entries.iter().enumerate() {
            if e.good.as_ref().is_some_and(|g| g.source.kind == kind) {
                order.push(i);
            }
        }
    }
    order
}

fn spawn_menu(
    mut commands: Commands,
    library: Res<Library>,
    settings: Res<Settings>,
    notice: Res<MenuNotice>,
    mut focus: ResMut<MenuFocus>,
    language: Res<Language>,
    journal: Option<Res<crate::game::journal::PracticeJournal>>,
) {
    let s = &*settings;
    let t = &language;
    let best = journal.map(|j| j.best_grades()).unwrap_or_default();
    let order = playable(&library);
    focus.0 = focus.0.min(order.len().saturating_sub(1));
    let root = commands.spawn(theme::screen_root("Menu screen", Screen::Menu)).id();
    commands.entity(root).with_children(|ui| {
        ui.spawn(theme::text("kam-sim", Size::Title, palette::ACCENT, s));
        ui.spawn(theme::text(
            t.texts.get(&ui::GAME_MENU_TAGLINE),
            Size::Body,
            palette::MUTED,
            s,
        ));
        ui.spawn(theme::row("Menu actions")).with_children(|row| {
            row.spawn(theme::button(t.texts.get(&ui::GAME_PROGRESS_BUTTON), s))
                .observe(|_: On<theme::Activate>, mut screen: ResMut<NextState<Screen>>| screen.set(Screen::Progress));
        });
        ui.spawn(theme::text(
            t.texts.get(&ui::GAME_MENU_KEYS),
            Size::Small,
            palette::MUTED,
            s,
        ));
        if let Some(message) = &notice.0 {
            ui.spawn(theme::text(message.clone(), Size::Body, palette::BAD, s));
        }
        let list = ui
            .spawn((
                Name::new("Scenario list"),
                MenuList,
                ScrollPosition::default(),
                crate::game::a11y::container(accesskit::Role::List),
                Node {
                    flex_direction: FlexDirection::Column,
                    row_gap: Val::Px(8.0),
                    flex_grow: 1.0,
                    min_height: Val::Px(0.0),
                    overflow: Overflow::scroll_y(),
                    // Room for the focus ring, drawn outside the button: the list clips at its
                    // padding box, so without it the ring of the first and last scenario is cut.
                    padding: UiRect::all(Val::Px(theme::FOCUS_RING_ROOM)),
                    ..default()
                },
            ))
            .id();
        spawn_list(&mut ui.commands().entity(list), &library, &order, s, t, &best, focus.0);
    });
}

fn spawn_list(
    list: &mut EntityCommands,
    library: &Library,
    order: &[usize],
    s: &Settings,
    language: &Language,
    best: &std::collections::BTreeMap<String, crate::core::scoring::Grade>,
    focused: usize,
) {
    let t = &language.texts;
    list.with_children(|ui| {
        if order.is_empty() {
            let why = library.error.clone().unwrap_or_else(|| t.get(&ui::GAME_MENU_EMPTY));
            ui.spawn(theme::text(why, Size::Heading, palette::BAD, s));
        }
        for kind in [
            EncounterKind::Negotiation,
            EncounterKind::TenderPitch,
            EncounterKind::DifficultMeeting,
        ] {
            let heading = t.get(match kind {
                EncounterKind::Negotiation => &ui::GAME_KIND_NEGOTIATION,
                EncounterKind::TenderPitch => &ui::GAME_KIND_TENDER_PITCH,
                EncounterKind::DifficultMeeting => &ui::GAME_KIND_DIFFICULT_MEETING,
            });
            let items: Vec<(usize, usize)> = order
                .iter()
                .enumerate()
                .filter(|(_, i)| {
                    library.entries[**i]
                        .good
                        .as_ref()
                        .is_some_and(|g| g.source.kind == kind)
                })
                .map(|(place, i)| (place, *i))
                .collect();
            if items.is_empty() {
                continue;
            }
            ui.spawn(theme::text(heading.clone(), Size::Heading, palette::ACCENT, s));
            for (place, i) in items {
                let Some(scenario) = library.entries[i].good.clone() else {
                    continue;
                };
                let (shown, _) = language.scenario(&scenario);
                let src = &shown.source;
                let comps: Vec<String> = src.competencies.iter().map(|c| t.competency(*c)).collect();
                let difficulty = t.get(match src.difficulty {
                    Difficulty::Introductory => &ui::GAME_DIFFICULTY_INTRODUCTORY,
                    Difficulty::Intermediate => &ui::GAME_DIFFICULTY_INTERMEDIATE,
                    Difficulty::Advanced => &ui::GAME_DIFFICULTY_ADVANCED,
                    Difficulty::Expert => &ui::GAME_DIFFICULTY_EXPERT,
                });
                let minutes = t.fill(&ui::GAME_MINUTES, &[("minutes", &src.expected_minutes.to_string())]);
                let mut label = format!(
                    "{}   ·   {difficulty}, {minutes}   ·   {}",
                    src.title, src.client.company
                );
                if let Some(grade) = best.get(&src.id) {
                    let best = t.fill(&ui::GAME_BEST_GRADE, &[("grade", &format!("{grade:?}"))]);
                    label.push_str(&format!("   ·   {best}"));
                }
                let trains = t.fill(&ui::GAME_TRAINS, &[("competencies", &comps.join(", "))]);
                let mut item = ui.spawn((theme::button(label, s), MenuItem(place)));
                item.observe(move |_: On<theme::Activate>, mut start: MessageWriter<StartScenario>| {
                    start.write(StartScenario {
                        scenario: scenario.clone(),
                        seed: practice_seed(),
                        time_allowance: None,
                    });
                })
                // Tabbing from button to button skips the headings: the kind and what the
                // scenario trains are said with the button.
                .entry::<bevy::a11y::AccessibilityNode>()
                .and_modify({
                    let description = format!("{heading}. {trains}");
                    move |mut node| node.set_description(description)
                });
                if place == focused {
                    item.insert(crate::game::focus::DefaultFocus);
                }
                ui.spawn(theme::text(format!("      {trains}"), Size::Small, palette::MUTED, s));
            }
        }
        for entry in library.entries.iter().filter(|e| e.report.errors() > 0) {
            ui.spawn(theme::panel("Broken scenario")).with_children(|panel| {
                let text = if entry.good.is_some() {
                    &ui::GAME_BROKEN_LATEST
                } else {
                    &ui::GAME_BROKEN
                };
                let title = t.fill(text, &[("file", &entry.report.file)]);
                panel.spawn(theme::text(title, Size::Body, palette::BAD, s));
                panel.spawn(theme::text(entry.report.render(), Size::Small, palette::TEXT, s));
            });
        }
    });
}

fn navigate_menu(
    keys: Res<ButtonInput<KeyCode>>,
    input_focus: Res<bevy::input_focus::InputFocus>,
    mut focus: ResMut<MenuFocus>,
    mut items: Query<(&MenuItem, &Interaction, &mut theme::Fill)>,
    mut screen: ResMut<NextState<Screen>>,
) {
    if keys.just_pressed(KeyCode::KeyP) {
        screen.set(Screen::Progress);
        return;
    }
    // The arrows, Tab and Enter work through the keyboard focus (`game::focus`): the menu
    // remembers which scenario it was on, and keeps it in view.
    if let Some(item) = input_focus
        .get()
        .and_then(|e| items.get(e).ok())
        .map(|(item, _, _)| item.0)
    {
        focus.set_if_neq(MenuFocus(item));
    }
    for (item, interaction, mut fill) in &mut items {
        if *interaction == Interaction::None {
            fill.set_if_neq(theme::Fill(if item.0 == focus.0 {
                palette::BUTTON_HOVER
            } else {
                palette::BUTTON
            }));
        }
    }
}

/// Scrolls the list with the mouse wheel, and keeps the scenario the keyboard points at in view.
fn scroll_menu(
    mut wheel: MessageReader<bevy::input::mouse::MouseWheel>,
    focus: Res<MenuFocus>,
    mut list: Single<(&mut ScrollPosition, &ComputedNode, &UiGlobalTransform), With<MenuList>>,
    items: Query<(&MenuItem, &ComputedNode, &UiGlobalTransform)>,
) {
    let (scroll, list_node, list_at) = &mut *list;
    let dy: f32 = wheel.read().map(|w| -w.y * 40.0).sum();
    if dy != 0.0 {
        scroll.y = (scroll.y + dy).max(0.0);
        return;
    }
    if !focus.is_changed() {
        return;
    }
    let Some((_, node, at)) = items.iter().find(|(item, _, _)| item.0 == focus.0) else {
        return;
    };
    // Layout is in physical pixels, centred; the scroll offset is in logical pixels.
    let to_logical = list_node.inverse_scale_factor;
    let list_top = list_at.translation.y - list_node.size.y / 2.0;
    let list_bottom = list_top + list_node.size.y;
    let top = at.translation.y - node.size.y / 2.0;
    // Room for the "trains" line under the button.
    let bottom = top + node.size.y + 40.0 / to_logical;
    if bottom > list_bottom {
        scroll.y += (bottom - list_bottom) * to_logical;
    } else if top < list_top {
        scroll.y = (scroll.y - (list_top - top) * to_logical).max(0.0);
    }
}

/// A trainer's edit reloads the menu, so a fixed file appears and a broken one shows why.
fn refresh_on_reload(
    mut reloads: MessageReader<crate::game::content::ScenarioReloaded>,
    mut next: ResMut<NextState<Screen>>,
) {
    if reloads.read().count() > 0 {
        next.set(Screen::Menu);
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<MenuFocus>()
        .add_systems(OnEnter(Screen::Menu), spawn_menu)
        .add_systems(
            Update,
            (navigate_menu, scroll_menu, refresh_on_reload)
                .chain()
                .in_set(GameSystems::Input)
                .run_if(in_state(Screen::Menu)),
        );
}
