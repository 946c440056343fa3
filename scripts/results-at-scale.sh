#!/usr/bin/env bash
# Measures the results store at organisation scale: COUNT signed results of simulated candidates
# (default 10,000) imported into a fresh store — every file verified (signature and replay) — then
# the cohort report built from it (HTML and CSV; every stored result checked again). Prints
# imports per second, and each report's time and peak memory, for docs/performance.md ("Results at
# scale"). Release build, as shipped.
#
#   scripts/results-at-scale.sh [COUNT] [STORE]
#
# STORE: `sqlite` (default: a new SQLite file), `postgres` (a new database on a throwaway
# PostgreSQL server, started by scripts/with-postgres.sh), or an address `postgres://…` of an empty
# database to fill (its password in PGPASSWORD).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kam-sim/target}"
count="${1:-10000}"
store="${2:-sqlite}"
if [ "$store" = postgres ] && [ -z "${KAM_SIM_TEST_POSTGRES:-}" ]; then
    exec bash scripts/with-postgres.sh bash "$0" "$count" postgres
fi
cargo build --quiet --release --no-default-features --bin kam-sim --example signed_results
bin="$CARGO_TARGET_DIR/release/kam-sim"
gen="$CARGO_TARGET_DIR/release/examples/signed_results"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" results keygen "$work/manager.key" > /dev/null
case "$store" in
    sqlite) db="$work/results.db" ;;
    postgres)
        psql=("$KAM_SIM_TEST_POSTGRES_BIN/psql" -q -X -v ON_ERROR_STOP=1)
        "${psql[@]}" "$KAM_SIM_TEST_POSTGRES" -c "CREATE DATABASE kam_results_at_scale"
        db="${KAM_SIM_TEST_POSTGRES%/*}/kam_results_at_scale" ;;
    postgres://* | postgresql://*) db="$store"; psql=(psql -q -X -v ON_ERROR_STOP=1) ;;
    *) echo "STORE is sqlite, postgres or a postgres:// address, not $store" >&2; exit 2 ;;
esac
export KAM_SIM_KEY_FILE="$work/manager.key" KAM_SIM_DB="$db"

/usr/bin/time -f "%e %M %U %S" -o "$work/time" "$gen" "$work/results" "$count" "$work/manager.key"
read -r gen_s _ _ _ < "$work/time"

# One import of every file (all or nothing, one transaction), as a central office would after
# collecting the offices' files.
/usr/bin/time -f "%e %M %U %S" -o "$work/time" "$bin" results import "$work"/results/*.json --format json > "$work/import.json"
read -r import_s import_kb import_u import_sys < "$work/time"
import_cpu=$(python3 -c "print($import_u + $import_sys)")
imported=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["imported"]))' "$work/import.json")
[ "$imported" = "$count" ] || { echo "imported $imported of $count" >&2; exit 1; }

/usr/bin/time -f "%e %M %U %S" -o "$work/time" "$bin" report cohort kam_candidate_standard --include-simulated --html "$work/cohort.html" > /dev/null 2>&1
read -r html_s html_kb html_u html_sys < "$work/time"
html_cpu=$(python3 -c "print($html_u + $html_sys)")
/usr/bin/time -f "%e %M %U %S" -o "$work/time" "$bin" report cohort kam_candidate_standard --include-simulated --csv "$work/cohort.csv" > /dev/null 2>&1
read -r csv_s csv_kb csv_u csv_sys < "$work/time"
csv_cpu=$(python3 -c "print($csv_u + $csv_sys)")
rows=$(($(wc -l < "$work/cohort.csv") - 1))
[ "$rows" = "$count" ] || { echo "the cohort CSV has $rows candidates, not $count" >&2; exit 1; }

if [ "$store" = sqlite ]; then
    db_bytes=$(stat -c %s "$db")
else
    db_bytes=$("${psql[@]}" -t -A "$db" -c "SELECT pg_database_size(current_database())")
fi

# Wall time depends on what else the machine runs; CPU time (user + system) much less (on
# PostgreSQL, the server's own CPU is not counted: it runs in other processes).
python3 - "$count" "$gen_s" "$import_s" "$import_cpu" "$import_kb" "$html_s" "$html_cpu" "$html_kb" \
    "$csv_s" "$csv_cpu" "$csv_kb" "$db_bytes" "$(stat -c %s "$work/cohort.html")" \
    "$(cut -d' ' -f1 /proc/loadavg)" "$store" <<'PY'
import sys
n, gen_s, imp_s, imp_cpu, imp_kb, html_s, html_cpu, html_kb, csv_s, csv_cpu, csv_kb, db_bytes, html_bytes, load, store = sys.argv[1:]
n = int(n)
print(f"store: {store}; load average at the end: {load} (2 cores)")
print()
print("| results | generated in | import (verified): wall, CPU | imports/s (wall, CPU) | import peak memory | database |")
print("|---|---|---|---|---|---|")
print(f"| {n:,} | {float(gen_s):.1f} s | {float(imp_s):.1f} s, {float(imp_cpu):.1f} s | {n / float(imp_s):,.0f}, {n / float(imp_cpu):,.0f} "
      f"| {int(imp_kb) / 1024:.0f} MB | {int(db_bytes) / 2**20:.0f} MB |")
print()
print(f"| cohort report of {n:,} | wall time | CPU time | peak memory | output |")
print("|---|---|---|---|---|")
print(f"| HTML | {float(html_s):.2f} s | {float(html_cpu):.2f} s | {int(html_kb) / 1024:.0f} MB | {int(html_bytes) / 2**20:.1f} MB |")
print(f"| CSV | {float(csv_s):.2f} s | {float(csv_cpu):.2f} s | {int(csv_kb) / 1024:.0f} MB | {n:,} rows |")
PY
