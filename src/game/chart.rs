//! Charts drawn with UI nodes alone: a line segment is a thin node rotated about its centre
//! (`UiTransform`), a point a round node. No 2D mesh or gizmo feature is compiled in for them
//! (docs/performance.md), they scale with the window like all other UI, and tests can find them.
//!
//! Coordinates are logical pixels from the top-left corner of the chart's frame, y downwards.

use bevy::prelude::*;

use super::Settings;
use super::theme::{self, Fill, Ink, Size};

/// A chart's frame: its children are placed at absolute positions inside it.
pub fn frame(name: &'static str, width: f32, height: f32) -> impl Bundle {
    (
        Name::new(name),
        Node {
            width: Val::Px(width),
            height: Val::Px(height),
            flex_shrink: 0.0,
            position_type: PositionType::Relative,
            ..default()
        },
    )
}

/// A straight line from `a` to `b`.
pub fn segment(a: Vec2, b: Vec2, thickness: f32, ink: Ink) -> impl Bundle {
    let middle = (a + b) / 2.0;
    let length = a.distance(b).max(thickness);
    let angle = (b.y - a.y).atan2(b.x - a.x);
    (
        Name::new("Chart line"),
        Node {
            position_type: PositionType::Absolute,
            left: Val::Px(middle.x - length / 2.0),
            top: Val::Px(middle.y - thickness / 2.0),
            width: Val::Px(length),
            height: Val::Px(thickness),
            ..default()
        },
        // With y downwards, a positive angle turns clockwise, as UiTransform rotates.
        UiTransform::from_rotation(Rot2::radians(angle)),
        Fill(ink),
    )
}

/// A round point of `diameter` centred on `at`.
pub fn point(at: Vec2, diameter: f32, ink: Ink) -> impl Bundle {
    (
        Name::new("Chart point"),
        Node {
            position_type: PositionType::Absolute,
            left: Val::Px(at.x - diameter / 2.0),
            top: Val::Px(at.y - diameter / 2.0),
            width: Val::Px(diameter),
            height: Val::Px(diameter),
            border_radius: BorderRadius::MAX,
            ..default()
        },
        Fill(ink),
    )
}

/// A label whose top-left corner is at `at`.
pub fn label(at: Vec2, content: impl Into<String>, ink: Ink, settings: &Settings) -> impl Bundle {
    (
        Node {
            position_type: PositionType::Absolute,
            left: Val::Px(at.x),
            top: Val::Px(at.y),
            ..default()
        },
        theme::text(content, Size::Small, ink, settings),
    )
}

/// A label at most `width` wide (wrapping inside it), placed against `anchor` on the side facing
/// away from `centre`: right of it on the right, left of it on the left, centred above or below.
pub fn label_around(
    anchor: Vec2,
    centre: Vec2,
    frame: Vec2,
    width: f32,
    content: impl Into<String>,
    ink: Ink,
    settings: &Settings,
) -> impl Bundle {
    let side = anchor.x - centre.x;
    let (left, right, justify) = if side > 4.0 {
        (Val::Px(anchor.x), Val::Auto, Justify::Left)
    } else if side < -4.0 {
        (Val::Auto, Val::Px(frame.x - anchor.x), Justify::Right)
    } else {
        (Val::Px(anchor.x - width / 2.0), Val::Auto, Justify::Center)
    };
    // Above the centre the label's bottom rests on the anchor; below, its top hangs from it.
    let (top, bottom) = if anchor.y < centre.y - 4.0 {
        (Val::Auto, Val::Px(frame.y - anchor.y))
    } else if anchor.y > centre.y + 4.0 {
        (Val::Px(anchor.y), Val::Auto)
    } else {
        (Val::Px(anchor.y - 9.0), Val::Auto)
    };
    (
        Node {
            position_type: PositionType::Absolute,
            left,
            right,
            top,
            bottom,
            width: Val::Px(width),
            ..default()
        },
        theme::text(content, Size::Small, ink, settings),
        TextLayout::default().with_justify(justify),
    )
}

/// Spawns the segments joining `points` in order (closed: back to the first).
pub fn polyline(parent: &mut ChildSpawnerCommands, points: &[Vec2], closed: bool, thickness: f32, ink: Ink) {
    for pair in points.windows(2) {
        parent.spawn(segment(pair[0], pair[1], thickness, ink));
    }
    if closed && points.len() > 2 {
        parent.spawn(segment(points[points.len() - 1], points[0], thickness, ink));
    }
}

/// Where a value 0–100 on axis `axis` of `axes` falls on a radar chart of `radius` around
/// `centre`; the first axis points up and the others follow clockwise.
pub fn radar_point(centre: Vec2, radius: f32, axis: usize, axes: usize, value: f32) -> Vec2 {
    let angle = std::f32::consts::TAU * axis as f32 / axes.max(1) as f32 - std::f32::consts::FRAC_PI_2;
    centre + Vec2::new(angle.cos(), angle.sin()) * radius * value.clamp(0.0, 100.0) / 100.0
}

/// Maps `(x, value 0–100)` into a plot area (`origin` top-left, `size`), `x` over `0..=x_max`.
pub fn plot_point(origin: Vec2, size: Vec2, x: f32, x_max: f32, value: f32) -> Vec2 {
    let fx = if x_max > 0.0 { (x / x_max).clamp(0.0, 1.0) } else { 0.5 };
    origin + Vec2::new(fx * size.x, (1.0 - value.clamp(0.0, 100.0) / 100.0) * size.y)
}
