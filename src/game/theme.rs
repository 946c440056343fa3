//! The look of the game: named colours ([`Ink`]) that each [`Theme`] resolves, and widget functions
//! that spawn plain bundles.
//!
//! Every screen builds its UI from these, so contrast and sizes are decided in one place. Screens name
//! a colour by what it is for (`palette::MUTED`); the theme chosen in the settings (standard or high
//! contrast) decides what it looks like, through one code path for both. Fills ([`Fill`]) are painted
//! by a system, so a change of theme repaints what is on screen; texts take their colour when they
//! are made (a change of theme rebuilds the screen, as a change of language does).
//!
//! Every text and button also carries what assistive technology reads ([`super::a11y`]).

use bevy::input_focus::tab_navigation::TabIndex;
use bevy::prelude::*;
use bevy::ui::widget::Label;

use super::Settings;
use super::a11y;

/// What a colour is for. The [`Theme`] gives each its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ink {
    /// Screen background.
    Background,
    /// The pause overlay over a screen.
    Scrim,
    /// Cards and panels.
    Panel,
    /// Body text.
    Text,
    /// Secondary text.
    Muted,
    /// Headings and highlights.
    Accent,
    /// Buttons at rest.
    Button,
    /// Buttons under the pointer or pointed at by the keyboard, and the card of who is speaking.
    ButtonHover,
    /// Buttons being pressed.
    ButtonPressed,
    /// Good news: on time, target met.
    Good,
    /// Bad news: mistakes, late.
    Bad,
    /// Bars' empty part, chart grid lines.
    Track,
    /// The ring around the element that has the keyboard focus.
    Focus,
    /// The n-th stakeholder's colour on charts and in the lines about them (repeating after five).
    Series(u8),
}

/// Named colours, by what they are for (the names every screen uses).
pub mod palette {
    use super::Ink;

    /// Screen background.
    pub const BACKGROUND: Ink = Ink::Background;
    /// Cards and panels.
    pub const PANEL: Ink = Ink::Panel;
    /// Body text.
    pub const TEXT: Ink = Ink::Text;
    /// Secondary text.
    pub const MUTED: Ink = Ink::Muted;
    /// Headings and highlights.
    pub const ACCENT: Ink = Ink::Accent;
    /// Buttons at rest.
    pub const BUTTON: Ink = Ink::Button;
    /// Buttons under the pointer or focused.
    pub const BUTTON_HOVER: Ink = Ink::ButtonHover;
    /// Good news: on time, target met.
    pub const GOOD: Ink = Ink::Good;
    /// Bad news: mistakes, late.
    pub const BAD: Ink = Ink::Bad;
    /// Bars' empty part.
    pub const TRACK: Ink = Ink::Track;
}

/// The game's colour themes (key C in the settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Theme {
    /// Light text on dark blue-grey panels.
    #[default]
    Standard,
    /// White and bright colours on black: every text at a WCAG AA contrast ratio (4.5:1) or more
    /// against everything it is drawn on, and a thick yellow focus ring.
    HighContrast,
}

impl Theme {
    /// Every theme.
    pub const ALL: [Theme; 2] = [Theme::Standard, Theme::HighContrast];

    /// The colour of `ink` in this theme.
    pub fn colour(self, ink: Ink) -> Color {
        match self {
            Theme::Standard => match ink {
                Ink::Background => Color::srgb(0.09, 0.10, 0.13),
                Ink::Scrim => Color::srgba(0.09, 0.10, 0.13, 0.92),
                Ink::Panel => Color::srgb(0.15, 0.17, 0.22),
                Ink::Text => Color::srgb(0.93, 0.94, 0.96),
                Ink::Muted => Color::srgb(0.70, 0.73, 0.78),
                Ink::Accent => Color::srgb(0.98, 0.78, 0.30),
                Ink::Button => Color::srgb(0.22, 0.26, 0.34),
                Ink::ButtonHover => Color::srgb(0.30, 0.36, 0.47),
                Ink::ButtonPressed => Color::srgb(0.40, 0.48, 0.62),
                Ink::Good => Color::srgb(0.42, 0.80, 0.50),
                Ink::Bad => Color::srgb(0.95, 0.45, 0.42),
                Ink::Track => Color::srgb(0.27, 0.29, 0.34),
                Ink::Focus => Color::srgb(0.98, 0.78, 0.30),
                Ink::Series(n) => match n % 5 {
                    0 => Color::srgb(0.98, 0.78, 0.30),
                    1 => Color::srgb(0.45, 0.72, 0.98),
                    2 => Color::srgb(0.78, 0.58, 0.96),
                    3 => Color::srgb(0.42, 0.80, 0.50),
                    _ => Color::srgb(0.98, 0.58, 0.32),
                },
            },
            Theme::HighContrast => match ink {
                Ink::Background | Ink::Scrim => Color::BLACK,
                Ink::Panel => Color::srgb(0.06, 0.06, 0.06),
                Ink::Text => Color::WHITE,
                Ink::Muted => Color::srgb(0.88, 0.88, 0.88),
                Ink::Accent => Color::srgb(1.0, 0.92, 0.25),
                Ink::Button => Color::srgb(0.12, 0.12, 0.16),
                Ink::ButtonHover => Color::srgb(0.0, 0.20, 0.42),
                Ink::ButtonPressed => Color::srgb(0.0, 0.30, 0.55),
                Ink::Good => Color::srgb(0.55, 1.0, 0.60),
                Ink::Bad => Color::srgb(1.0, 0.68, 0.62),
                Ink::Track => Color::srgb(0.55, 0.55, 0.55),
                Ink::Focus => Color::srgb(1.0, 0.92, 0.25),
                Ink::Series(n) => match n % 5 {
                    0 => Color::srgb(1.0, 0.92, 0.25),
                    1 => Color::srgb(0.55, 0.85, 1.0),
                    2 => Color::srgb(0.90, 0.75, 1.0),
                    3 => Color::srgb(0.55, 1.0, 0.60),
                    _ => Color::srgb(1.0, 0.75, 0.45),
                },
            },
        }
    }

    /// The theme after this one (the settings' C key).
    pub fn next(self) -> Theme {
        match self {
            Theme::Standard => Theme::HighContrast,
            Theme::HighContrast => Theme::Standard,
        }
    }

    /// Width of the focus ring, in logical pixels.
    fn focus_width(self) -> f32 {
        match self {
            Theme::Standard => 2.0,
            Theme::HighContrast => 4.0,
        }
    }
}

/// Gap between a focused element and its ring, in logical pixels.
const FOCUS_RING_OFFSET: f32 = 2.0;

/// How far the focus ring reaches outside the focused element in any theme: the padding a scrolling
/// list needs so that it does not clip the ring of its first or last element.
pub const FOCUS_RING_ROOM: f32 = 4.0 + FOCUS_RING_OFFSET;

impl Ink {
    /// This ink's colour in the theme of `settings`.
    pub fn on(self, settings: &Settings) -> Color {
        settings.theme.colour(self)
    }
}

/// The inks text is written in.
pub const TEXT_INKS: [Ink; 10] = [
    Ink::Text,
    Ink::Muted,
    Ink::Accent,
    Ink::Good,
    Ink::Bad,
    Ink::Series(0),
    Ink::Series(1),
    Ink::Series(2),
    Ink::Series(3),
    Ink::Series(4),
];

/// The fills text is written on: screens, the overlay, panels, buttons in every state and the card
/// of who is speaking.
pub const TEXT_GROUNDS: [Ink; 6] = [
    Ink::Background,
    Ink::Scrim,
    Ink::Panel,
    Ink::Button,
    Ink::ButtonHover,
    Ink::ButtonPressed,
];

/// WCAG 2.x relative luminance: the sRGB channels made linear (Bevy's conversion), weighted
/// 0.2126, 0.7152, 0.0722. A translucent colour is taken as laid over `under`.
pub fn relative_luminance(colour: Color, under: Color) -> f32 {
    let top = colour.to_linear();
    let bottom = under.to_linear();
    let a = top.alpha;
    let mix = |t: f32, b: f32| t * a + b * (1.0 - a);
    0.2126 * mix(top.red, bottom.red) + 0.7152 * mix(top.green, bottom.green) + 0.0722 * mix(top.blue, bottom.blue)
}

/// WCAG 2.x contrast ratio of `text` on `ground` (1 to 21); a translucent ground is laid over black.
pub fn contrast_ratio(text: Color, ground: Color) -> f32 {
    let ground_l = relative_luminance(ground, Color::BLACK);
    let ground_opaque = Color::LinearRgba(LinearRgba::rgb(ground_l, ground_l, ground_l));
    let text_l = relative_luminance(text, ground_opaque);
    let (light, dark) = if text_l > ground_l {
        (text_l, ground_l)
    } else {
        (ground_l, text_l)
    };
    (light + 0.05) / (dark + 0.05)
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

/// A fill painted in the theme's colour of its ink (a change of theme repaints it).
#[derive(Component, Debug, Clone, Copy, PartialEq)]
#[require(BackgroundColor)]
pub struct Fill(pub Ink);

/// A full-window column that holds a screen, despawned when `screen` is left. Its descendants are
/// one tab group: Tab and the arrow keys move the focus over its buttons.
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
        Fill(Ink::Background),
        bevy::input_focus::tab_navigation::TabGroup::new(0),
        a11y::container(accesskit::Role::Pane),
    )
}

/// A line of text, exposed to assistive technology as a label with the text as its value.
pub fn text(content: impl Into<String>, size: Size, ink: Ink, settings: &Settings) -> impl Bundle {
    let content = content.into();
    (Label, a11y::label(&content), plain_text(content, size, ink, settings))
}

/// A text that assistive technology does not read by itself (a button's caption, which is the
/// button's label; a line whose spoken form is managed by its screen).
pub fn plain_text(content: impl Into<String>, size: Size, ink: Ink, settings: &Settings) -> impl Bundle {
    (
        Text::new(content),
        TextFont::from_font_size(size.px(settings)),
        TextColor(ink.on(settings)),
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
        Fill(Ink::Panel),
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

/// A button: a coloured box with a caption; what it does is attached by the caller as an observer
/// of [`Activate`] (a click, or Enter while it has the keyboard focus). Exposed as a button named by
/// its caption, and reached with Tab and the arrow keys.
pub fn button(label: impl Into<String>, settings: &Settings) -> impl Bundle {
    let label = label.into();
    (
        Name::new("Button"),
        Button,
        Node {
            padding: UiRect::axes(Val::Px(14.0), Val::Px(8.0)),
            border_radius: BorderRadius::all(Val::Px(6.0)),
            ..default()
        },
        Fill(Ink::Button),
        TabIndex(0),
        a11y::button(&label),
        children![plain_text(label, Size::Body, palette::TEXT, settings)],
    )
}

/// A horizontal bar showing `value` out of 100 (decoration: what it shows is said in words beside
/// it).
pub fn bar(value: f32, ink: Ink, width: f32) -> impl Bundle {
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
        Fill(Ink::Track),
        children![(
            Name::new("Bar fill"),
            BarFill,
            Node {
                width: Val::Percent(value.clamp(0.0, 100.0)),
                height: Val::Percent(100.0),
                border_radius: BorderRadius::all(Val::Px(5.0)),
                ..default()
            },
            Fill(ink),
        )],
    )
}

/// The filled part of a [`bar`].
#[derive(Component)]
pub struct BarFill;

/// A button was used: clicked, or Enter pressed while it had the keyboard focus.
#[derive(EntityEvent, Debug, Clone, Copy)]
pub struct Activate {
    /// The button.
    pub entity: Entity,
}

/// A click on a button activates it.
fn click_activates(click: On<Pointer<Click>>, buttons: Query<(), With<Button>>, mut commands: Commands) {
    if buttons.contains(click.entity) {
        commands.trigger(Activate { entity: click.entity });
    }
}

/// Paints fills in the theme's colours: new ones, changed ones, and all of them when the theme
/// changes.
fn paint_fills(
    settings: Res<Settings>,
    mut fills: Query<(Ref<Fill>, &mut BackgroundColor)>,
    mut shown: Local<Option<Theme>>,
) {
    let theme_changed = shown.replace(settings.theme) != Some(settings.theme);
    for (fill, mut colour) in &mut fills {
        if theme_changed || fill.is_changed() {
            colour.set_if_neq(BackgroundColor(settings.theme.colour(fill.0)));
        }
    }
}

/// Colours buttons by their interaction state.
pub fn colour_buttons(mut buttons: Query<(&Interaction, &mut Fill), (Changed<Interaction>, With<Button>)>) {
    for (interaction, mut fill) in &mut buttons {
        fill.set_if_neq(Fill(match interaction {
            Interaction::Pressed => Ink::ButtonPressed,
            Interaction::Hovered => Ink::ButtonHover,
            Interaction::None => Ink::Button,
        }));
    }
}

/// The ring drawn around the element that has the keyboard focus.
#[derive(Component)]
pub struct FocusRing;

/// Draws the focus ring around the focused element (and only there).
pub(super) fn show_focus(
    mut commands: Commands,
    focus: Res<bevy::input_focus::InputFocus>,
    settings: Res<Settings>,
    rings: Query<Entity, With<FocusRing>>,
    nodes: Query<(), With<Node>>,
) {
    if !focus.is_changed() && !settings.is_changed() {
        return;
    }
    let focused = focus.get().filter(|&e| nodes.contains(e));
    for ring in &rings {
        if Some(ring) != focused {
            commands.entity(ring).try_remove::<(FocusRing, Outline)>();
        }
    }
    if let Some(entity) = focused {
        let theme = settings.theme;
        commands.entity(entity).try_insert((
            FocusRing,
            Outline::new(
                Val::Px(theme.focus_width()),
                Val::Px(FOCUS_RING_OFFSET),
                theme.colour(Ink::Focus),
            ),
        ));
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
        .add_observer(click_activates)
        .add_systems(Update, colour_buttons)
        .add_systems(PostUpdate, (paint_fills, show_focus));
}
