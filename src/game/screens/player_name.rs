//! The player's name: asked at the first start of a person's practice (offering the system user's
//! name), and again from the settings (N). The practice journal records runs under it.

use bevy::a11y::AccessibilityNode;
use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::input_focus::tab_navigation::TabIndex;
use bevy::prelude::*;

use crate::core::i18n::interface as ui;
use crate::game::a11y;
use crate::game::focus::DefaultFocus;
use crate::game::journal::PracticeJournal;
use crate::game::language::Language;
use crate::game::runner::Meeting;
use crate::game::theme::{self, Size, palette};
use crate::game::{GameSystems, Screen, Settings};

/// The longest name kept (longer typing is ignored).
pub const MAX_NAME_CHARS: usize = 60;

/// The name being typed.
#[derive(Resource, Debug, Default)]
pub struct NameField {
    /// The text so far.
    pub text: String,
    /// Enter was pressed with nothing typed.
    pub empty: bool,
}

/// The field's text on screen.
#[derive(Component)]
struct FieldText;

/// The line saying a name cannot be empty.
#[derive(Component)]
struct EmptyWarning;

fn open_field(
    mut commands: Commands,
    journal: Option<Res<PracticeJournal>>,
    settings: Res<Settings>,
    language: Res<Language>,
) {
    let text = journal.map(|j| j.player.clone()).unwrap_or_default();
    let s = &*settings;
    let t = &language.texts;
    commands.spawn((
        theme::screen_root("Player name screen", Screen::PlayerName),
        children![
            theme::text(t.get(&ui::GAME_NAME_TITLE), Size::Title, palette::ACCENT, s),
            (
                theme::panel("Name field"),
                children![(
                    FieldText,
                    // A reader hears a text field named by the question, holding the name (the
                    // underscore is only the cursor drawn on screen); it has the focus, so the
                    // reader says it at once.
                    theme::plain_text(format!("{text}_"), Size::Heading, palette::TEXT, s),
                    a11y::text_field(&t.get(&ui::GAME_NAME_TITLE), &text),
                    TabIndex(0),
                    DefaultFocus,
                )],
            ),
            theme::text(t.get(&ui::GAME_NAME_HELP), Size::Body, palette::MUTED, s),
            (
                EmptyWarning,
                Visibility::Hidden,
                theme::text(t.get(&ui::GAME_NAME_EMPTY), Size::Body, palette::BAD, s)
            ),
        ],
    ));
    commands.insert_resource(NameField { text, empty: false });
}

/// Typed characters go into the field; Backspace removes the last; Enter keeps the name.
fn type_name(
    mut typed: MessageReader<KeyboardInput>,
    mut field: ResMut<NameField>,
    mut settings: ResMut<Settings>,
    mut next: ResMut<NextState<Screen>>,
    mut commands: Commands,
) {
    for key in typed.read().filter(|k| k.state == ButtonState::Pressed) {
        match &key.logical_key {
            Key::Enter => {
                let name = field.text.trim().to_owned();
                if name.is_empty() {
                    field.empty = true;
                    continue;
                }
                settings.player = Some(name);
                commands.remove_resource::<Meeting>();
                next.set(Screen::Menu);
                return;
            }
            Key::Backspace => {
                field.text.pop();
            }
            _ => {
                if let Some(text) = &key.text {
                    for c in text.chars().filter(|c| !c.is_control()) {
                        if field.text.chars().count() < MAX_NAME_CHARS {
                            field.text.push(c);
                            field.empty = false;
                        }
                    }
                }
            }
        }
    }
}

fn show_field(
    field: Res<NameField>,
    mut text: Single<(&mut Text, &mut AccessibilityNode), With<FieldText>>,
    mut warning: Single<&mut Visibility, With<EmptyWarning>>,
) {
    if field.is_changed() {
        let (text, node) = &mut *text;
        text.0 = format!("{}_", field.text);
        a11y::set_typed(node, &field.text);
        **warning = if field.empty {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        };
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<NameField>()
        .add_systems(OnEnter(Screen::PlayerName), open_field)
        .add_systems(
            Update,
            (
                type_name.in_set(GameSystems::Input),
                show_field.in_set(GameSystems::Present),
            )
                .run_if(in_state(Screen::PlayerName)),
        );
}
