//! Keyboard focus: Tab and Shift-Tab (and, on screens where they do nothing else, the arrow keys)
//! move [`InputFocus`] over the screen's buttons in their order on screen, through bevy_input_focus's
//! tab navigation; Enter activates the focused button. The focus always sits on a button of the
//! screen when it has any (the one a screen marks [`DefaultFocus`], else its first), so what a
//! screen reader announces and what Enter does are the same thing, and the theme draws a ring
//! around it. The number keys and letters of every screen work as before.

use bevy::input::ButtonState;
use bevy::input::keyboard::KeyboardInput;
use bevy::input_focus::tab_navigation::{NavAction, TabIndex, TabNavigation};
use bevy::input_focus::{FocusCause, InputFocus, InputFocusVisible};
use bevy::prelude::*;

use super::theme::Activate;
use super::{GameSystems, Screen};

/// The button a screen focuses first (the one Enter used when the screen had no focus).
#[derive(Component, Debug, Default)]
pub struct DefaultFocus;

/// Screens whose arrow keys have no other use (the debrief and progress scroll with them, the
/// client's side steps through the meeting).
fn arrows_move_focus(screen: Screen) -> bool {
    matches!(
        screen,
        Screen::Menu | Screen::Briefing | Screen::Travel | Screen::Meeting
    )
}

const SHIFTS: [KeyCode; 2] = [KeyCode::ShiftLeft, KeyCode::ShiftRight];

/// This frame's presses of Tab, in order, each with whether Shift was held at that moment. Keys
/// typed within one frame arrive together: a quick Shift-Tab on a slow frame (or one sent by a
/// tool) has Shift released again by the frame's end, so the keys held then cannot tell — the
/// window read such a Shift-Tab as Tab.
fn tab_presses(typed: &mut MessageReader<KeyboardInput>, shift_held_now: bool) -> Vec<bool> {
    let keys: Vec<&KeyboardInput> = typed.read().filter(|k| !k.repeat).collect();
    let is_shift = |k: &KeyboardInput| SHIFTS.contains(&k.key_code);
    // Held at the frame's start: the opposite of its first change this frame, else as it is now.
    let mut shift = keys
        .iter()
        .find(|k| is_shift(k))
        .map_or(shift_held_now, |k| k.state == ButtonState::Released);
    let mut tabs = Vec::new();
    for key in keys {
        if is_shift(key) {
            shift = key.state == ButtonState::Pressed;
        } else if key.key_code == KeyCode::Tab && key.state == ButtonState::Pressed {
            tabs.push(shift);
        }
    }
    tabs
}

/// Moves the focus with Tab, Shift-Tab and the arrows; Enter activates the focused button (and is
/// then not seen by the screen).
fn navigate(
    mut keys: ResMut<ButtonInput<KeyCode>>,
    nav: TabNavigation,
    mut focus: ResMut<InputFocus>,
    mut visible: ResMut<InputFocusVisible>,
    screen: Res<State<Screen>>,
    buttons: Query<(), (With<Button>, With<TabIndex>)>,
    mut typed: MessageReader<KeyboardInput>,
    mut commands: Commands,
) {
    let shift_held = keys.any_pressed(SHIFTS);
    let mut actions: Vec<NavAction> = tab_presses(&mut typed, shift_held)
        .into_iter()
        .map(|shift| if shift { NavAction::Previous } else { NavAction::Next })
        .collect();
    if actions.is_empty() && arrows_move_focus(*screen.get()) {
        if keys.any_just_pressed([KeyCode::ArrowDown, KeyCode::ArrowRight]) {
            actions.push(NavAction::Next);
        } else if keys.any_just_pressed([KeyCode::ArrowUp, KeyCode::ArrowLeft]) {
            actions.push(NavAction::Previous);
        }
    }
    for action in actions {
        if let Ok(next) = nav.navigate(&focus, action) {
            focus.set(next, FocusCause::Navigated);
            visible.0 = true;
        }
    }
    if let Some(focused) = focus.get().filter(|&e| buttons.contains(e))
        && keys.clear_just_pressed(KeyCode::Enter)
    {
        commands.trigger(Activate { entity: focused });
    }
}

/// Puts the focus on the screen's default (or first) button when it is on nothing that can take
/// it: at a screen's start, and when the button it was on is rebuilt (a new line's answers).
fn keep_focus(
    mut focus: ResMut<InputFocus>,
    nav: TabNavigation,
    tabbable: Query<(), With<TabIndex>>,
    defaults: Query<Entity, (With<DefaultFocus>, With<TabIndex>)>,
) {
    if focus.get().is_some_and(|e| tabbable.contains(e)) {
        return;
    }
    let wanted = defaults
        .iter()
        .next()
        .or_else(|| nav.navigate(&InputFocus::default(), NavAction::First).ok());
    if focus.get() != wanted {
        match wanted {
            Some(entity) => focus.set(entity, FocusCause::Navigated),
            None => focus.clear(),
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<InputFocus>()
        .init_resource::<InputFocusVisible>()
        .add_systems(
            Update,
            navigate
                .before(GameSystems::Input)
                .run_if(in_state(super::overlay::Overlay::None)),
        )
        .add_systems(
            PostUpdate,
            keep_focus
                .before(super::theme::show_focus)
                // Bevy sends no accessibility update while the focus is on an entity that is gone
                // (the last screen's button): the focus is mended first, so the tree a reader gets
                // on a screen's first frame is sent on that frame (the meeting's line, exposed
                // empty then, is announced when it is filled).
                .before(bevy::a11y::AccessibilitySystems::Update),
        );
}
