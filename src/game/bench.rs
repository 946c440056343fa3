//! Frame statistics for `scripts/bench-game.sh`: start-up time, frame times over a window of play,
//! and peak memory, written as JSON. The game and the bare reference app use this same plugin, so
//! both are measured the same way.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use bevy::diagnostic::FrameCount;
use bevy::prelude::*;

/// How a run is measured.
#[derive(Resource, Debug, Clone)]
pub struct FrameStats {
    /// When the process started (taken as early as possible in `main`).
    pub process_start: Instant,
    /// Where to write the JSON summary.
    pub out: PathBuf,
    /// How long to record frame times.
    pub window: Duration,
    /// Frames after which the first frame counts as presented (rendering is pipelined).
    pub first_frame_after: u32,
    first_frame: Option<Duration>,
    since: Option<Instant>,
    frames_ms: Vec<f64>,
}

impl FrameStats {
    /// A measurement of `window` of frames, written to `out`.
    pub fn new(process_start: Instant, out: PathBuf, window: Duration) -> FrameStats {
        FrameStats {
            process_start,
            out,
            window,
            first_frame_after: 3,
            first_frame: None,
            since: None,
            frames_ms: Vec::new(),
        }
    }
}

/// When frame times start being recorded (the game: once the meeting screen shows).
#[derive(Resource, Default)]
pub struct MeasureNow(pub bool);

fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn record_frames(
    mut stats: ResMut<FrameStats>,
    frames: Res<FrameCount>,
    time: Res<Time<Real>>,
    measure: Res<MeasureNow>,
    mut exit: MessageWriter<AppExit>,
) {
    if stats.first_frame.is_none() && frames.0 >= stats.first_frame_after {
        stats.first_frame = Some(stats.process_start.elapsed());
    }
    if !measure.0 || stats.first_frame.is_none() {
        return;
    }
    let since = *stats.since.get_or_insert_with(Instant::now);
    if since.elapsed() < stats.window {
        let ms = time.delta().as_secs_f64() * 1000.0;
        stats.frames_ms.push(ms);
        return;
    }
    let mut sorted = stats.frames_ms.clone();
    sorted.sort_by(f64::total_cmp);
    let mean = sorted.iter().sum::<f64>() / sorted.len().max(1) as f64;
    let p99 = sorted
        .get(((sorted.len() as f64 * 0.99).ceil() as usize).saturating_sub(1))
        .copied()
        .unwrap_or(0.0);
    let summary = serde_json::json!({
        "startup_ms": stats.first_frame.map_or(0.0, |d| d.as_secs_f64() * 1000.0),
        "frames": sorted.len(),
        "frame_mean_ms": mean,
        "frame_p99_ms": p99,
        "peak_memory_kib": peak_memory_kib(),
    });
    if let Err(e) = crate::core::atomic::write_replacing(&stats.out, summary.to_string().as_bytes()) {
        error!("cannot write {}: {e}", stats.out.display());
        exit.write(AppExit::error());
    } else {
        exit.write(AppExit::Success);
    }
}

/// Adds frame statistics; insert a [`FrameStats`] and set [`MeasureNow`] when recording should start.
pub fn plugin(app: &mut App) {
    app.init_resource::<MeasureNow>()
        .add_systems(Last, record_frames.run_if(resource_exists::<FrameStats>));
}
