#!/usr/bin/env bash
# The simulated-cohort figures of docs/assessment.md ("Technical manual"): `kam-sim study` with 500
# candidates (seed 0) on the standard assessment as it was before the study
# (tests/fixtures/assessments/standard_before_the_study.ron), the standard one now, a five-scenario
# screening (tests/fixtures/assessments/five_scenarios.ron) and the full one, as a Markdown table.
# Deterministic: the same binary gives the same table.
#
#   scripts/study-assessments.sh [CANDIDATES]        (default: 500)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kam-sim/target}"
cargo build --quiet --release --no-default-features --bin kam-sim
bin="$CARGO_TARGET_DIR/release/kam-sim"
n="${1:-500}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "| assessment | scenarios | r(θ, average) Pearson / Spearman | α (95 % interval) | SEM / at the mark | pass rate | accuracy, κ (false passes / fails) | by the average: accuracy, κ | retest r; same verdict | weights ±25 %: rank r ≥; verdicts changed (median) at the same mark / the same pass rate | unreachable targets |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for a in tests/fixtures/assessments/standard_before_the_study.ron kam_candidate_standard tests/fixtures/assessments/five_scenarios.ron kam_candidate_full; do
  "$bin" study "$a" --candidates "$n" --seed 0 --format json > "$work/s.json"
  python3 - "$work/s.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
c, b, a = d["classification"], d["by_average"], d["alpha"]
unreachable = [f"{x['id']} {x['target']} (≤ {x['highest']})" for x in d["competencies"] if x["target_reachable"] is False]
print(f"| {d['assessment']} | {len(d['scenarios'])} | {d['validity']['pearson']:.3f} / {d['validity']['spearman']:.3f} "
      f"| {a['value']:.3f} ({a['low']:.3f}–{a['high']:.3f}) | {d['sem']:.1f} / {d['sem_at_cut']:.1f} | {100 * d['pass_rate']:.1f} % "
      f"| {100 * c['accuracy']:.1f} %, {c['kappa']:.3f} ({c['false_pass']} / {c['false_fail']}) "
      f"| {100 * b['accuracy']:.1f} %, {b['kappa']:.3f} | {d['retest']['r']:.3f}; {100 * d['retest']['same_verdict']:.1f} % "
      f"| {d['weights']['min_rank_correlation']:.3f}; {d['weights']['median_verdict_flips']:g} / {d['weights']['median_flips_at_same_pass_rate']:g} of {d['candidates']} "
      f"| {', '.join(unreachable) or 'none'} |")
PY
done
