#!/usr/bin/env bash
# Measures `kam-sim analyze` on generated conversations with six integer counters (the shape of
# `kam_sim::core::synthetic::counter_scenario`): time, peak memory and meeting states explored, from
# 25 to 400 moments, with the default state budget. The table goes to docs/performance.md,
# "Analysis at scale".
#
#   scripts/analysis-at-scale.sh [SIZES...]        (default: 25 30 40 50 75 100 200 400)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kam-sim/target}"
cargo build --quiet --release --no-default-features --bin kam-sim --example counter_scenario
bin="$CARGO_TARGET_DIR/release/kam-sim"
gen="$CARGO_TARGET_DIR/release/examples/counter_scenario"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(25 30 40 50 75 100 200 400)
echo "| moments | time | peak memory | states | exact |"
echo "|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  "$gen" "$n" 7 > "$work/c$n.ron"
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" analyze "$work/c$n.ron" --format json > "$work/out.json" 2> /dev/null || true
  read -r seconds kb < "$work/time"
  python3 - "$work/out.json" "$n" "$seconds" "$kb" <<'PY'
import json, sys
path, n, seconds, kb = sys.argv[1:]
d = json.load(open(path))
exact = "budget exceeded" if d["budget_exceeded"] else f"yes (scores {d['score']['min']}–{d['score']['max']})"
print(f"| {n} | {float(seconds):.2f} s | {int(kb) / 1024:.0f} MB | {d['states']:,} | {exact} |")
PY
done
