#!/usr/bin/env bash
# The game read through AT-SPI, as Orca reads it, on every screen (scripts/atspi-test.py says what is
# checked). Installs what it needs when missing, then runs the test in a D-Bus session of its own
# (its accessibility bus is started by D-Bus and ends with the session).
#   scripts/atspi-test.sh BIN OUT_DIR      (BIN: a kam-sim built with the game)
set -euo pipefail
cd "$(dirname "$0")/.."
# An X server and xdotool (as for the smoke test), D-Bus, the AT-SPI bus and registry, and pyatspi
# for Debian's own Python (/usr/bin/python3: the one its python3-gi is built for).
packages=(xvfb x11-utils xdotool mesa-vulkan-drivers libvulkan1 libxcursor1 libxrandr2 libxi6 libx11-xcb1
    libxkbcommon-x11-0 dbus-daemon at-spi2-core python3-pyatspi)
missing=()
for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing ${missing[*]}"
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi
exec dbus-run-session -- /usr/bin/python3 scripts/atspi-test.py "$@"
