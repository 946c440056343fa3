#!/usr/bin/env bash
# Measures the game against a bare Bevy app built with the same features, in one run, under Xvfb
# with Mesa's software Vulkan: time from process start to the first rendered frame, mean and 99th
# percentile frame time over 10 s (the game: 10 s of a meeting), and peak memory. Prints medians of
# RUNS runs (default 3) and the ratios the targets are stated in (docs/performance.md).
#   scripts/bench-game.sh [OUTPUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kam-sim/target}"
out="${1:-$CARGO_TARGET_DIR/bench-game}"
runs="${RUNS:-3}"
mkdir -p "$out"
cargo build --release --quiet --bin kam-sim --example bare_app
bin="$CARGO_TARGET_DIR/release"
x() { xvfb-run -a -s "-screen 0 1280x800x24" "$@" >/dev/null 2>&1; }
for i in $(seq 1 "$runs"); do
    x "$bin/examples/bare_app" "$out/bare-$i.json"
    x "$bin/examples/bare_app" "$out/bare_no_msaa-$i.json" --no-msaa
    x "$bin/kam-sim" play breadwinner_discount_squeeze --seed 1 --bench-out "$out/game-$i.json"
done
python3 - "$out" "$runs" <<'PY'
import json, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
def median(kind, key):
    return statistics.median(json.load(open(f"{out}/{kind}-{i}.json"))[key] for i in range(1, runs + 1))
rows = [
    ("start-up to first frame (ms)", "startup_ms", "ratio", 1.3),
    ("mean frame time (ms)", "frame_mean_ms", "ratio", 1.1),
    ("p99 frame time (ms)", "frame_p99_ms", "ratio", 1.1),
    ("peak memory (MiB)", "peak_memory_kib", "delta", 60),
]
for reference in ["bare", "bare_no_msaa"]:
  print("against the bare app (Bevy's defaults: 4x multisampling):" if reference == "bare" else "\nagainst the bare app with multisampling off, like the game's UI camera:")
  print(f"{'measure':32} {'bare':>10} {'game':>10}   result (target)")
  for name, key, how, target in rows:
    bare, game = median(reference, key), median("game", key)
    if key == "peak_memory_kib":
        bare, game = bare / 1024, game / 1024
    if how == "ratio":
        verdict = f"{game / bare:.2f}× (≤ {target}×)" + ("" if game / bare <= target else "  MISSED")
    else:
        verdict = f"+{game - bare:.0f} MiB (≤ +{target})" + ("" if game - bare <= target else "  MISSED")
    print(f"{name:32} {bare:10.1f} {game:10.1f}   {verdict}")
PY
