#!/usr/bin/env bash
# Runs the kill test again and again, stopping at the first run that fails or needs an
# infrastructure retry; one line per run in OUT_DIR/summary.log. A run takes about four minutes.
#
#   scripts/kill-test-loop.sh BIN OUT_DIR [RUNS]     (default: 200 runs)
#
# Copy the binary first when you keep building: the loop must test one build throughout.
set -uo pipefail
bin=$(realpath "$1")
out=$(realpath -m "$2")
runs=${3:-200}
cd "$(dirname "$0")/.."
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
mkdir -p "$out"
for i in $(seq 1 "$runs"); do
  start=$(date +%s)
  python3 scripts/kill-test.py "$bin" "$out/run$i" 50 > "$out/run$i.log" 2>&1
  rc=$?
  last=$(tail -1 "$out/run$i.log")
  echo "$(date -u +%FT%TZ) commit $commit run $i exit $rc $(( $(date +%s) - start ))s :: $last" >> "$out/summary.log"
  if [ $rc -ne 0 ] || ! grep -q "(0 infrastructure retries)" "$out/run$i.log"; then
    echo "stopped at run $i: see $out/run$i.log" | tee -a "$out/summary.log"
    exit 1
  fi
  rm -rf "${out:?}/run$i"
done
echo "$runs consecutive runs, no failure, no infrastructure retry" | tee -a "$out/summary.log"
