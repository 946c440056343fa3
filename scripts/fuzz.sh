#!/usr/bin/env bash
# Runs one cargo-fuzz (libFuzzer) target of fuzz/ for a while, starting from the committed seeds.
#   scripts/fuzz.sh TARGET SECONDS [LIBFUZZER_FLAG...]
#   TARGET: scenario_loader | inputs_engine | assessment_file | result_verify | po_reader (fuzz/fuzz_targets/)
# Fuzzing needs the nightly toolchain (sanitizer instrumentation), so it is not part of CI: CI runs the
# proptest properties over the same entry points instead. Installs cargo-fuzz when it is missing.
# The growing corpus is kept in fuzz/corpus/TARGET/ (ignored by git), seeded from fuzz/seeds/TARGET/
# the first time; crashes, timeouts and OOMs are written to fuzz/artifacts/TARGET/.
# Builds go to $CARGO_TARGET_DIR (default: $HOME/.cache/kam-sim/fuzz-target), not the main build folder.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
    echo "usage: scripts/fuzz.sh TARGET SECONDS [LIBFUZZER_FLAG...]" >&2
    echo "  TARGET: one of: $(cd fuzz/fuzz_targets && ls -- *.rs | sed 's/\.rs$//' | tr '\n' ' ')" >&2
    echo "  SECONDS: how long to fuzz (a positive whole number)" >&2
    exit 2
}

[ "$#" -ge 2 ] || usage
target="$1"
seconds="$2"
shift 2
[ -f "fuzz/fuzz_targets/$target.rs" ] || usage
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || usage

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kam-sim/fuzz-target}"

if ! rustup toolchain list | grep -q '^nightly'; then
    echo "error: fuzzing needs the nightly toolchain (rustup toolchain install nightly)" >&2
    exit 1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi

corpus="fuzz/corpus/$target"
if [ ! -d "$corpus" ]; then
    mkdir -p "$corpus"
    if [ -d "fuzz/seeds/$target" ]; then
        cp -- "fuzz/seeds/$target"/* "$corpus"/
    fi
fi

status=0
cargo +nightly fuzz run "$target" "$corpus" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=1048576 -print_final_stats=1 "$@" || status=$?

echo
echo "corpus: $corpus ($(find "$corpus" -type f | wc -l) entries)"
echo "crashes, timeouts and OOMs go to fuzz/artifacts/$target/"
echo "reproduce one: cargo +nightly fuzz run $target fuzz/artifacts/$target/crash-…"
echo "minimise one:  cargo +nightly fuzz tmin $target fuzz/artifacts/$target/crash-…"
exit "$status"
