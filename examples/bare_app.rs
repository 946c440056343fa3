//! The reference for `scripts/bench-game.sh`: a bare Bevy app built with the same features as the
//! game (window, 2D camera, one text in the game's font), measured by the same frame-statistics plugin.
//!
//! `cargo run --release --example bare_app -- OUT.json [--no-msaa]`
//!
//! By default the camera keeps Bevy's default 4x multisampling, as a bare app would; `--no-msaa`
//! turns it off like the game's UI camera, to compare the two at equal rendering settings.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use bevy::prelude::*;
use kam_sim::game::bench::{self, FrameStats, MeasureNow};

fn main() -> AppExit {
    let start = Instant::now();
    let out = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from("bare.json"), PathBuf::from);
    let msaa = if std::env::args().any(|a| a == "--no-msaa") {
        bevy::render::view::Msaa::Off
    } else {
        bevy::render::view::Msaa::default()
    };
    App::new()
        .add_plugins(DefaultPlugins.set(WindowPlugin {
            primary_window: Some(Window {
                title: "bare".into(),
                resolution: (1280, 800).into(),
                ..default()
            }),
            ..default()
        }))
        .add_plugins(bench::plugin)
        .insert_resource(FrameStats::new(start, out, Duration::from_secs(10)))
        .insert_resource(MeasureNow(true))
        .add_systems(Startup, kam_sim::game::theme::install_font)
        .add_systems(Startup, move |mut commands: Commands| {
            commands.spawn((Camera2d, msaa));
            commands.spawn((
                Text::new("A bare Bevy app with the game's features."),
                TextFont::from_font_size(24.0),
            ));
        })
        .run()
}
