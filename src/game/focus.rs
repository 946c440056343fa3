//! Keyboard focus: Tab and Shift-Tab (and, on screens where they do nothing else, the arrow keys)
//! move [`InputFocus`] over the screen's buttons in their order on screen, through bevy_input_focus's
//! tab navigation; Enter activates the focused button. The focus always sits on a button of the
//! screen when it has any (the one a screen marks [`DefaultFocus`], else its first), so what a
//! screen reader announces and what Enter does are the same thing, and the theme draws a ring
//! around it. The number keys and letters of every screen work as before.

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

/// Moves the focus with Tab, Shift-Tab and the arrows; Enter activates the focused button (and is
/// then not seen by the screen).
fn navigate(
    mut keys: ResMut<ButtonInput<KeyCode>>,
    nav: TabNavigation,
    mut focus: ResMut<InputFocus>,
    mut visible: ResMut<InputFocusVisible>,
    screen: Res<State<Screen>>,
    buttons: Query<(), (With<Button>, With<TabIndex>)>,
    mut commands: Commands,
) {
    let shift = keys.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight]);
    let mut action = None;
    if keys.just_pressed(KeyCode::Tab) {
        action = Some(if shift { NavAction::Previous } else { NavAction::Next });
    } else if arrows_move_focus(*screen.get()) {
        if keys.any_just_pressed([KeyCode::ArrowDown, KeyCode::ArrowRight]) {
            action = Some(NavAction::Next);
        } else if keys.any_just_pressed([KeyCode::ArrowUp, KeyCode::ArrowLeft]) {
            action = Some(NavAction::Previous);
        }
    }
    if let Some(action) = action
        && let Ok(next) = nav.navigate(&focus, action)
    {
        focus.set(next, FocusCause::Navigated);
        visible.0 = true;
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
        .add_systems(PostUpdate, keep_focus.before(super::theme::show_focus));
}
