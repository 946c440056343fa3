#!/usr/bin/env python3
"""Kills practice runs at seeded random moments while they write to the journal, and checks that
the journal never loses or damages what it held.

    python3 scripts/journal-kill-test.py BIN OUT_DIR [KILLS]

Each round starts `kam-sim run … --journal J --player P` (the same recording the game does when a
debrief opens) and kills it with SIGKILL at a seeded random moment, aimed at the end of the run where
the journal is written. After every round:
  - the journal file passes SQLite's integrity check;
  - every session recorded before is still there, unchanged and in order;
  - at most one session was added (the killed run, if its write had committed), and a run that
    exited normally was added;
  - every stored result and list of inputs reads back as JSON, and `kam-sim journal show` works.
"""

import json
import os
import random
import sqlite3
import subprocess
import sys
import time

BIN, OUT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
os.chdir(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KILLS = int(sys.argv[3]) if len(sys.argv) > 3 else 50
SCENARIOS = ["inherited_account_first_meeting", "reference_challenge_pitch", "silent_prospect_close"]
PLAYER = "kill-test"

os.makedirs(OUT, exist_ok=True)
journal = os.path.join(OUT, "journal-kill-test.db")
for suffix in ("", "-journal", "-wal", "-shm"):
    if os.path.exists(journal + suffix):
        os.remove(journal + suffix)
rng = random.Random(2026)


def command(i):
    return [BIN, "run", SCENARIOS[i % len(SCENARIOS)], "--policy", "random", "--seed", str(i),
            "--journal", journal, "--player", PLAYER]


def sessions():
    """The journal's sessions as stored, oldest first (empty before the file exists)."""
    if not os.path.exists(journal):
        return []
    db = sqlite3.connect(journal)
    try:
        check = db.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            sys.exit(f"the journal is damaged: {check}")
        rows = db.execute("SELECT played_at, scenario, seed, inputs, result FROM runs ORDER BY id").fetchall()
    finally:
        db.close()
    for row in rows:
        json.loads(row[3])
        json.loads(row[4])
    return rows


# How long an uninterrupted run takes once the journal exists (the first run creates it): the kills
# aim at the whole run, its end included, where the journal is written.
durations = []
for i in range(3):
    start = time.monotonic()
    subprocess.run(command(i), check=True, stdout=subprocess.DEVNULL)
    durations.append(time.monotonic() - start)
duration = min(durations[1:])
previous = sessions()
if len(previous) != 3:
    sys.exit(f"three uninterrupted runs recorded {len(previous)} sessions, not 3")

killed = committed_before_kill = 0
for i in range(1, KILLS + 1):
    run = subprocess.Popen(command(i + 2), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(0.3 * duration, 1.05 * duration))
    finished = run.poll() is not None
    run.kill()  # SIGKILL: no chance to clean up
    code = run.wait()
    now = sessions()
    if now[: len(previous)] != previous:
        sys.exit(f"round {i}: sessions recorded before were lost or changed ({len(previous)} before, {len(now)} now)")
    added = len(now) - len(previous)
    if added > 1:
        sys.exit(f"round {i}: {added} sessions added by one run")
    if finished and code == 0 and added != 1:
        sys.exit(f"round {i}: a run that ended normally is missing from the journal")
    if not finished:
        killed += 1
        committed_before_kill += added
    previous = now
    print(f"round {i:2d}: {'killed' if not finished else 'finished'}, {len(now)} sessions", flush=True)

show = subprocess.run([BIN, "journal", "show", "--journal", journal, "--player", PLAYER, "--format", "json"],
                      capture_output=True, text=True)
if show.returncode != 0:
    sys.exit(f"journal show failed: {show.stderr}")
shown = json.loads(show.stdout)
if len(shown["sessions"]) != len(previous):
    sys.exit(f"journal show lists {len(shown['sessions'])} sessions, the file holds {len(previous)}")
if killed == 0:
    sys.exit("no run was killed before it ended: the kill moments missed every write")
print(f"{KILLS} rounds, {killed} runs killed before they ended ({committed_before_kill} of them after their "
      f"write committed): the journal stayed intact, {len(previous)} sessions, none lost or changed")
