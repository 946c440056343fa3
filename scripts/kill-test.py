#!/usr/bin/env python3
"""Kills the game at 50 seeded random moments of an assessment and checks that nothing is lost.

    python3 scripts/kill-test.py BIN OUT_DIR [KILLS]

Each round runs on an X server of its own (Xvfb, started and stopped by this script), so that a
display left in a bad state by a killed client cannot affect the next round.

Each round starts `kam-sim assess` in the game window, presses a few keys at seeded random moments
(studying, leaving, answering), and kills the process with SIGKILL at a seeded random moment. After
every kill the saved run must extend the previous one: every input saved before is still there,
unchanged, in order (resuming continues from the last input). Then the assessment is played to its
end, and the signed result must verify: its signature, and a replay of its inputs through the
engine that reproduces every recorded number — the same result as an uninterrupted run with the
same inputs.
"""

import json
import os
import random
import subprocess
import sys
import time

from xserver import Display, Infrastructure, answers, last_lines, x_tool

BIN, OUT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
# The assessment, scenarios and profiles are looked up from the repository's root.
os.chdir(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KILLS = int(sys.argv[3]) if len(sys.argv) > 3 else 50
ASSESSMENT = "kam_candidate_standard"
KEYS = ["1", "1", "2", "Return"]

os.makedirs(OUT, exist_ok=True)
key = os.path.join(OUT, "kill-test.key")
result = os.path.join(OUT, "kill-test.json")
progress = os.path.join(OUT, "kill-test.progress.json")
for f in (key, result, progress):
    if os.path.exists(f):
        os.remove(f)
subprocess.run([BIN, "results", "keygen", key], check=True, stdout=subprocess.DEVNULL)
rng = random.Random(2026)


XVFB_LOG = os.path.join(OUT, "kill-test-xvfb.log")

GAME_LOG = os.path.join(OUT, "kill-test-game.log")
# How long a live game may take to map its window. Not a measurement: on a loaded machine (a build
# on both cores) the software renderer can take a minute to start; only a game that exits, or one
# that is still without a window after this, is a failed launch.
WINDOW_READY_SECONDS = 300


def launch():
    log = open(GAME_LOG, "a")
    log.write(f"--- launch at {time.strftime('%H:%M:%S')} on {os.environ.get('DISPLAY')}\n")
    log.flush()
    cmd = [BIN, "assess", ASSESSMENT, "--candidate", "kill-test", "--key", key, "--out", result]
    return subprocess.Popen(cmd, stdout=log, stderr=log)


def window(game):
    """The game window's id once it is mapped, or why there is none: waits while the game lives."""
    deadline = time.time() + WINDOW_READY_SECONDS
    while time.time() < deadline:
        if game.poll() is not None:
            return None, f"the game exited with code {game.returncode} before its window appeared"
        found = x_tool(["xdotool", "search", "--name", "kam-sim"])
        ids = found.stdout.split() if found is not None else []
        if ids:
            # Focused, xdotool sends keys to it as real key presses (XTEST), which the game takes;
            # without --sync, which waits for the focus change to be reported.
            x_tool(["xdotool", "windowfocus", ids[0]])
            return ids[0], None
        time.sleep(0.25)
    return None, f"no window after {WINDOW_READY_SECONDS} s while the game was running"


def press(wid, k):
    x_tool(["xdotool", "key", "--window", wid, k])


def saved_inputs():
    if not os.path.exists(progress):
        return []
    with open(progress) as f:
        runs = json.load(f)["runs"]
    return [(r["scenario"], json.dumps(i, sort_keys=True)) for r in runs for i in r["inputs"]]


def start_game():
    """A new X server and the game in it, its window mapped. A launch that fails before the window
    appears is retried on a fresh server (up to three times) and counted as an infrastructure retry:
    the product is judged only on rounds whose window came up."""
    global infrastructure_retries
    for attempt in range(3):
        try:
            display = Display(XVFB_LOG).__enter__()
        except Infrastructure as e:
            infrastructure_retries += 1
            print(f"infrastructure: {e}; retrying", flush=True)
            continue
        game = launch()
        wid, why = window(game)
        if wid is not None:
            return display, game, wid
        game.kill()
        game.wait()
        # Whether the server still answers tells a dead server from a client that could not connect.
        server = "answers" if answers(display.name) else "does not answer"
        display.__exit__()
        infrastructure_retries += 1
        print(
            f"infrastructure: {why} (attempt {attempt + 1}); the X server on {display.name} {server} a client now;"
            f" retrying on a new X server; the game said:\n{last_lines(GAME_LOG)}"
            f"Xvfb said:\n{last_lines(XVFB_LOG)}",
            flush=True,
        )
    print(f"INFRASTRUCTURE FAILURE: no window after 3 fresh X servers; see {GAME_LOG}", flush=True)
    sys.exit(2)


infrastructure_retries = 0
previous = []
kills = 0
while kills < KILLS and not os.path.exists(result):
    display, game, wid = start_game()
    try:
        time.sleep(rng.uniform(0.5, 2.0))
        for _ in range(rng.randint(0, 2)):
            press(wid, rng.choice(KEYS))
            time.sleep(rng.uniform(0.1, 1.5))
        game.kill()  # SIGKILL: no chance to clean up
        game.wait()
    finally:
        display.__exit__()
    kills += 1
    now = saved_inputs()
    if now[: len(previous)] != previous:
        sys.exit(f"kill {kills}: the saved run lost or changed inputs ({len(previous)} before, {len(now)} now)")
    print(f"kill {kills:2d}: {len(now)} inputs saved", flush=True)
    previous = now

if kills < KILLS:
    sys.exit(f"the assessment finished after {kills} kills; fewer than {KILLS}: press fewer keys per round")

# Play to the end.
display, game, wid = start_game()
try:
    deadline = time.time() + 600
    while wid and not os.path.exists(result) and game.poll() is None and time.time() < deadline:
        press(wid, rng.choice(KEYS))
        time.sleep(0.4)
    time.sleep(1)
    game.kill()
    game.wait()
finally:
    display.__exit__()
if not os.path.exists(result):
    sys.exit("the assessment never finished")
with open(result) as f:
    final = json.load(f)
played = [(r["scenario"], json.dumps(i, sort_keys=True)) for r in final["runs"] for i in r["inputs"]]
if played[: len(previous)] != previous:
    sys.exit("the result does not continue the last saved run")
verify = subprocess.run([BIN, "results", "verify", result, "--key", key], capture_output=True, text=True)
print(verify.stdout)
if verify.returncode != 0:
    sys.exit("the result does not verify")
print(f"{kills} kills ({infrastructure_retries} infrastructure retries): every resume continued from the last saved input; the result verifies and replays exactly")
