//! The look of the game: a palette of named colours and widget functions that spawn plain bundles.
//!
//! Every screen builds its UI from these, so contrast and sizes are decided in one place.

use bevy::prelude::*;

use super::Settings;

/// Named colours (contrast ratios of text on background are above 7:1 for body text).
pub mod palette {
    use bevy::prelude::Color;

    /// Screen background.
    pub const BACKGROUND: Color = Color::srgb(0.09, 0.10, 0.13);
    /// Cards and panels.
    pub const PANEL: Color = Color::srgb(0.15, 0.17, 0.22);
    /// Body text.
    pub const TEXT: Color = Color::srgb(0.93, 0.94, 0.96);
    /// Secondary text.
    pub const MUTED: Color = Color::srgb(0.70, 0.73, 0.78);
    /// Headings and highlights.
    pub const ACCENT: Color = Color::srgb(0.98, 0.78, 0.30);
    /// Buttons at rest.
    pub const BUTTON: Color = Color::srgb(0.22, 0.26, 0.34);
    /// Buttons under the pointer or focused.
    pub const BUTTON_HOVER: Color = Color::srgb(0.30, 0.36, 0.47);
    /// Buttons being pressed.
    pub const BUTTON_PRESSED: Color = Color::srgb(0.40, 0.48, 0.62);
    /// Good news: on time, target met.
    pub const GOOD: Color = Color::srgb(0.42, 0.80, 0.50);
    /// Bad news: mistakes, late.
    pub const BAD: Color = Color::srgb(0.95, 0.45, 0.42);
    /// Bars' empty part.
    pub const TRACK: Color = Color::srgb(0.27, 0.29, 0.34);
}

/// Font sizes, scaled by the text-size setting.
#[derive(Clone, Copy)]
pub enum Size {
    /// Screen titles.
    Title,
    /// Section headings.
    Heading,
    /// Body text.
    Body,
    /// Small print.
    Small,
}

impl Size {
    fn px(self, settings: &Settings) -> f32 {
        let base = match self {
            Size::Title => 34.0,
            Size::Heading => 24.0,
            Size::Body => 19.0,
            Size::Small => 15.0,
        };
        base * settings.text_scale()
    }
}

/// A full-window column that holds a screen, despawned when `screen` is left.
pub fn screen_root<S: States>(name: &'static str, screen: S) -> impl Bundle {
    (
        Name::new(name),
        DespawnOnExit(screen),
        Node {
            width: Val::Percent(100.0),
            height: Val::Percent(100.0),
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(Val::Px(28.0)),
            row_gap: Val::Px(12.0),
            overflow: Overflow::clip(),
            ..default()
        },
        BackgroundColor(palette::BACKGROUND),
    )
}

/// A line of text.
pub fn text(content: impl Into<String>, size: Size, color: Color, settings: &Settings) -> impl Bundle {
    (
        Text::new(content),
        TextFont::from_font_size(size.px(settings)),
        TextColor(color),
    )
}

/// A panel that lays its children out in a column.
pub fn panel(name: &'static str) -> impl Bundle {
    panel_with(name, Node::default())
}

/// A panel with its own size or overflow (padding, gaps and corners are the theme's).
pub fn panel_with(name: &'static str, node: Node) -> impl Bundle {
    (
        Name::new(name),
        Node {
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(Val::Px(14.0)),
            row_gap: Val::Px(6.0),
            border_radius: BorderRadius::all(Val::Px(8.0)),
            ..node
        },
        BackgroundColor(palette::PANEL),
    )
}

/// A row of children.
pub fn row(name: &'static str) -> impl Bundle {
    (
        Name::new(name),
        Node {
            flex_direction: FlexDirection::Row,
            column_gap: Val::Px(12.0),
            flex_wrap: FlexWrap::Wrap,
            ..default()
        },
    )
}

/// A button: a coloured box with a label; what it does is attached by the caller as an observer.
pub fn button(label: impl Into<String>, settings: &Settings) -> impl Bundle {
    (
        Name::new("Button"),
        Button,
        Node {
            padding: UiRect::axes(Val::Px(14.0), Val::Px(8.0)),
            border_radius: BorderRadius::all(Val::Px(6.0)),
            ..default()
        },
        BackgroundColor(palette::BUTTON),
        children![text(label, Size::Body, palette::TEXT, settings)],
    )
}

/// A horizontal bar showing `value` out of 100.
pub fn bar(value: f32, color: Color, width: f32) -> impl Bundle {
    (
        Name::new("Bar"),
        Node {
            width: Val::Px(width),
            height: Val::Px(10.0),
            // A crowded column must not squeeze the bar away.
            flex_shrink: 0.0,
            border_radius: BorderRadius::all(Val::Px(5.0)),
            ..default()
        },
        BackgroundColor(palette::TRACK),
        children![(
            Name::new("Bar fill"),
            BarFill,
            Node {
                width: Val::Percent(value.clamp(0.0, 100.0)),
                height: Val::Percent(100.0),
                border_radius: BorderRadius::all(Val::Px(5.0)),
                ..default()
            },
            BackgroundColor(color),
        )],
    )
}

/// The filled part of a [`bar`].
#[derive(Component)]
pub struct BarFill;

/// Colours buttons by their interaction state.
pub fn colour_buttons(mut buttons: Query<(&Interaction, &mut BackgroundColor), (Changed<Interaction>, With<Button>)>) {
    for (interaction, mut colour) in &mut buttons {
        colour.0 = match interaction {
            Interaction::Pressed => palette::BUTTON_PRESSED,
            Interaction::Hovered => palette::BUTTON_HOVER,
            Interaction::None => palette::BUTTON,
        };
    }
}

/// DejaVu Sans (Latin with diacritics and Cyrillic, for the languages kam-sim will be translated to),
/// embedded so that text renders wherever the binary is started. Licence: `assets/fonts/LICENSE.txt`.
const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Makes the embedded font the one every text uses (text with no font set uses the default handle).
pub fn install_font(fonts: Option<ResMut<Assets<Font>>>) {
    if let Some(mut fonts) = fonts {
        let default = Handle::<Font>::default();
        if let Err(e) = fonts.insert(default.id(), Font::from_bytes(FONT.to_vec())) {
            error!("cannot install the game font: {e}");
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, install_font)
        .add_systems(Update, colour_buttons);
}
