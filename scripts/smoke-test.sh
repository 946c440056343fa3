#!/usr/bin/env bash
# Real-window smoke test: plays scenarios through the game's window under Xvfb with Mesa's software
# Vulkan, saving a PNG of each screen, and fails if any PNG is missing or blank.
#   scripts/smoke-test.sh [OUTPUT_DIR]      (builds nothing: expects $CARGO_TARGET_DIR/debug/kam-sim)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-${CARGO_TARGET_DIR:-target}/smoke-screenshots}"
bin="${CARGO_TARGET_DIR:-target}/debug/kam-sim"

# What a window needs on a headless Debian machine: an X server (and xdotool, with which
# scripts/kill-test.py presses keys; xdpyinfo, with which it checks that a client can connect), software Vulkan, the X libraries
# winit loads at run time. Installed only when missing.
packages=(xvfb xauth xdotool x11-utils mesa-vulkan-drivers libvulkan1 libxcursor1 libxrandr2 libxi6 libx11-xcb1 libxkbcommon-x11-0)
missing=()
for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing ${missing[*]}"
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi

screens=(01-menu.png 02-briefing.png 03-travel.png 04-meeting.png 05-debrief.png 06-debrief-client.png 07-progress.png)
status=0
# A trainer's draft, played by its path from a folder of its own (not the scenarios folder).
drafts="$out/drafts"
mkdir -p "$drafts"
sed -e 's/id: "silent_prospect_close"/id: "smoke_draft"/' scenarios/silent_prospect_close.ron >"$drafts/smoke_draft.ron"
for run in "breadwinner_discount_squeeze best" "buying_committee_pitch worst" "inherited_account_first_meeting random" "$drafts/smoke_draft.ron worst"; do
    set -- $run
    dir="$out/$(basename "$1" .ron)-$2"
    rm -rf "$dir"
    mkdir -p "$out"
    echo "== $1 ($2)"
    if ! timeout 300 xvfb-run -a -s "-screen 0 1280x800x24" \
        "$bin" play "$1" --autoplay "$2" --seed 1 --screenshots "$dir" --speed 8 >"$dir.log" 2>&1; then
        echo "the game did not exit cleanly; its log:" >&2
        tail -30 "$dir.log" >&2
        status=1
        continue
    fi
    python3 scripts/check-screenshots.py "$dir" "${screens[@]}" || status=1
    # The window must reproduce the engine: the autoplayed score is the headless run's, whatever
    # the frame rate (inputs taken late shift the rest of the script, they never cut in).
    want=$("$bin" run "$1" --policy "$2" --seed 1 --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["score"])')
    got=$(sed -n 's/^autoplay: .* score \([0-9]*\),.*/\1/p' "$dir.log")
    if [ "$got" != "$want" ]; then
        echo "the autoplayed $2 play of $1 scored '${got}' in the window, the engine's $2 play scores $want" >&2
        status=1
    else
        echo "   scored $got, as the engine's $2 play"
    fi
done
# The high-contrast theme, from a settings file of its own (docs/screenshots/30-meeting-high-contrast.png
# is its meeting).
dir="$out/high-contrast"
rm -rf "$dir"
printf '(theme: Some(high_contrast))\n' >"$out/high-contrast-settings.ron"
echo "== breadwinner_discount_squeeze (best, high contrast)"
if KAM_SIM_SETTINGS="$out/high-contrast-settings.ron" timeout 300 xvfb-run -a -s "-screen 0 1280x800x24" \
    "$bin" play breadwinner_discount_squeeze --autoplay best --seed 1 --screenshots "$dir" --speed 8 >"$dir.log" 2>&1; then
    python3 scripts/check-screenshots.py "$dir" "${screens[@]}" || status=1
else
    echo "the game did not exit cleanly; its log:" >&2
    tail -30 "$dir.log" >&2
    status=1
fi
exit $status
