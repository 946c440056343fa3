#!/usr/bin/env python3
"""Sends xAPI statements with `kam-sim results send-xapi` to a real learning record store — Ralph,
run on 127.0.0.1 — and checks that every statement arrives exactly once, whatever happens between.

    VENV/bin/python scripts/lrs-test.py BIN OUT_DIR

run with the interpreter of a virtual environment that has `ralph-malph[cli,lrs]`, `requests` and
`tincan` installed (`.ci/run` makes one). Ralph's file backend accepts one write per data folder, so each
LRS below is a fresh Ralph on a fresh folder (one coming back after an outage takes the address
of the one that went down); a second write to the same folder is refused with
HTTP 500, which the batch check uses as a server failing in the middle of a send.

Checked:
  1. what the LRS stores equals what kam-sim exports (its own fields — stored, authority, version —
     aside), each statement once, and every statement passes the independent `tincan` validator;
  2. a resend stores nothing new: the same outbox sends nothing, and a fresh outbox re-sending
     everything is answered "already stored" (the ids are deterministic);
  3. an LRS that is down: a clear message, exit 1, the outbox intact; wrong credentials likewise;
     the next send delivers exactly what was pending, to a new LRS;
  4. batches: a server failing at the second batch keeps that batch and every later one queued,
     and the next send delivers them; across both servers, every statement once;
  5. a practice journal: one statement per run, stamped when it was played, once across a resend.
"""

import atexit
import copy
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time

import requests  # from the virtual environment, like tincan and ralph
from tincan import Statement

BIN, OUT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
RALPH = os.path.join(os.path.dirname(sys.executable), "ralph")
os.chdir(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

HOME_PAGE = "https://hr.example.com"
USER, PASSWORD = "kam-sim-test", "correct horse battery staple"
CANDIDATES = ["ana@example.com", "Bruno Lima", "Carla Dias"]
passed = 0

shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)
key = os.path.join(OUT, "manager.key")
db = os.path.join(OUT, "results.db")
password_file = os.path.join(OUT, "lrs.password")
with open(password_file, "w") as f:
    f.write(PASSWORD + "\n")
wrong_password_file = os.path.join(OUT, "wrong.password")
with open(wrong_password_file, "w") as f:
    f.write("not the password\n")

ralph_env = dict(os.environ, RALPH_RUNSERVER_BACKEND="fs", RALPH_APP_DIR=os.path.join(OUT, "ralph-app"),
                 RALPH_AUTH_FILE=os.path.join(OUT, "ralph-auth.json"))


def check(ok, what, detail=""):
    global passed
    if not ok:
        sys.exit(f"FAILED: {what}\n{detail}")
    passed += 1
    print(f"ok: {what}")


def kam(*args, expect=0):
    p = subprocess.run([BIN, *args], capture_output=True, text=True, cwd=OUT,
                       env=dict(os.environ, KAM_SIM_KEY_FILE=key, KAM_SIM_DB=db))
    if expect is not None and p.returncode != expect:
        sys.exit(f"FAILED: kam-sim {' '.join(args)} exited {p.returncode}, not {expect}\n{p.stdout}{p.stderr}")
    return p


def assess(candidate, seed):
    kam("assess", "kam_candidate_standard", "--candidate", candidate, "--policy", "random", "--seed", str(seed))
    folder = os.path.join(OUT, "results", "kam_candidate_standard")
    return sorted(os.path.join(folder, f) for f in os.listdir(folder))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


running = []  # every Ralph started, stopped at exit whatever happens


@atexit.register
def stop_every_ralph():
    for ralph in running:
        ralph.stop()


class Ralph:
    """A Ralph LRS on 127.0.0.1 with a fresh data folder, ready when started."""

    def __init__(self, name, port=None):
        self.data = os.path.join(OUT, f"lrs-{name}")
        os.makedirs(self.data)
        cwd = os.path.join(OUT, f"lrs-{name}-cwd")  # its reloader watches the folder it runs in
        os.makedirs(cwd)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/xAPI"
        self.log = open(os.path.join(OUT, f"lrs-{name}.log"), "w")
        self.proc = subprocess.Popen(
            [RALPH, "runserver", "-b", "fs", "--fs-default-directory-path", self.data,
             "-h", "127.0.0.1", "-p", str(self.port)],
            cwd=cwd, env=ralph_env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        running.append(self)
        deadline = time.monotonic() + 120
        while True:
            if self.proc.poll() is not None:
                sys.exit(f"Ralph exited with {self.proc.returncode}; see {self.log.name}")
            try:
                if requests.get(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                self.stop()
                sys.exit(f"Ralph did not answer within 120 s; see {self.log.name}")
            time.sleep(0.2)

    def stop(self):
        """Stops the server and its workers (its process group); stopping twice is harmless."""
        def signal_group(sig):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                pass
        signal_group(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            signal_group(signal.SIGKILL)
            self.proc.wait()
        self.log.close()

    def statements(self):
        """Every statement stored, by id, with how many times each id is stored."""
        url, out, seen = f"{self.url}/statements?limit=1000", {}, {}
        while url:
            r = requests.get(url, auth=(USER, PASSWORD), headers={"X-Experience-API-Version": "1.0.3"}, timeout=30)
            r.raise_for_status()
            body = r.json()
            for st in body["statements"]:
                seen[st["id"]] = seen.get(st["id"], 0) + 1
                out[st["id"]] = st
            more = body.get("more")
            url = f"http://127.0.0.1:{self.port}{more}" if more else None
        return out, seen


def send(outbox, lrs, *extra, expect=0, password=password_file):
    return kam("results", "send-xapi", *extra, "--endpoint", lrs.url, "--user", USER, "--password-file", password,
               "--outbox", outbox, "--home-page", HOME_PAGE, "--format", "json", expect=expect)


def pending(outbox):
    folder = os.path.join(outbox, "pending")
    return sorted(json.load(open(os.path.join(folder, f)))["id"] for f in os.listdir(folder))


def acknowledged(outbox):
    path = os.path.join(outbox, "acknowledged.txt")
    return open(path).read().split() if os.path.exists(path) else []


def exported():
    p = kam("results", "export-xapi", "kam_candidate_standard", "-", "--include-simulated", "--home-page", HOME_PAGE)
    return {st["id"]: st for st in json.loads(p.stdout)}


def as_sent(stored):
    """A stored statement without what the LRS adds (stored, authority, version)."""
    return {k: v for k, v in stored.items() if k not in ("stored", "authority", "version")}


subprocess.run([RALPH, "auth", "-u", USER, "-p", PASSWORD, "-s", "all", "-M", "mailto:lrs-test@example.com", "-w"],
               env=ralph_env, check=True, capture_output=True)
kam("results", "keygen", key)
for seed, candidate in enumerate(CANDIDATES):
    files = assess(candidate, seed + 1)
kam("results", "import", *files)
expected = exported()
check(len(expected) == 4 * len(CANDIDATES) and len(set(expected)) == len(expected),
      f"{len(expected)} statements exported, four per candidate, each id once")

# 1. Delivered as sent, validated independently.
for st in expected.values():
    Statement(copy.deepcopy(st))  # raises on a statement off the spec; it rewrites what it is given
check(True, "every statement passes the tincan validator")
a = Ralph("a")
outbox = os.path.join(OUT, "outbox")
report = json.loads(send(outbox, a, "kam_candidate_standard", "--include-simulated", "--batch-size", "1000").stdout)
check(report["sent"] == len(expected) and report["pending"] == 0 and report["batches"] == 1, "everything sent in one batch", report)
stored, seen = a.statements()
check(set(stored) == set(expected) and all(n == 1 for n in seen.values()), "the LRS stores each statement once", seen)
different = [i for i in expected if as_sent(stored[i]) != expected[i]]
check(not different, "what the LRS stores equals what was sent",
      json.dumps([(as_sent(stored[i]), expected[i]) for i in different[:1]], indent=1))
check(sum(s["actor"].get("mbox") == "mailto:ana@example.com" for s in stored.values()) == 4,
      "a candidate named by an e-mail address is an mbox")

# 2. A resend stores nothing new.
data_a = open(os.path.join(a.data, os.listdir(a.data)[0])).read()
report = json.loads(send(outbox, a, "kam_candidate_standard", "--include-simulated").stdout)
check(report["queued"]["queued"] == 0 and report["sent"] == 0, "the same outbox sends nothing again", report)
report = json.loads(send(os.path.join(OUT, "outbox-fresh"), a, "kam_candidate_standard", "--include-simulated",
                         "--batch-size", "1000").stdout)
check(report["sent"] == len(expected), "a fresh outbox re-sends everything", report)
stored_again, seen = a.statements()
check(set(stored_again) == set(expected) and all(n == 1 for n in seen.values())
      and open(os.path.join(a.data, os.listdir(a.data)[0])).read() == data_a,
      "the LRS stores nothing new on a resend: the ids are deterministic")

# 3. The LRS down, then wrong credentials: nothing lost; the next send delivers what was pending.
a.stop()
files = assess("Dora Reis", 7)
kam("results", "import", *files)
everything = exported()
new = set(everything) - set(expected)
check(len(new) == 4, "a new result adds four statements")
ledger = acknowledged(outbox)
p = send(outbox, a, "kam_candidate_standard", "--include-simulated", expect=1)
check("cannot reach the LRS" in p.stderr and "nothing is lost" in p.stderr, "an LRS that is down is said so", p.stderr)
check(set(pending(outbox)) == new and acknowledged(outbox) == ledger, "the outbox keeps what the LRS did not get")
b = Ralph("b", a.port)  # the LRS back at its address (with a fresh folder: one write per folder)
p = send(outbox, b, expect=1, password=wrong_password_file)
check("refused the credentials" in p.stderr and "HTTP 401" in p.stderr, "wrong credentials are said so", p.stderr)
check(set(pending(outbox)) == new, "wrong credentials lose nothing")
report = json.loads(send(outbox, b).stdout)
check(report["sent"] == 4 and report["pending"] == 0 and pending(outbox) == [], "the next send delivers what was pending", report)
stored_b, seen = b.statements()
check(set(stored_b) == new and all(as_sent(stored_b[i]) == everything[i] for i in new),
      "the new LRS has exactly the pending statements, as sent")
b.stop()

# 4. Batches: a server failing at the second batch.
c = Ralph("c")
outbox2 = os.path.join(OUT, "outbox-batches")
p = send(outbox2, c, "kam_candidate_standard", "--include-simulated", "--batch-size", "5", expect=1)
check("could not store the statements (HTTP 500" in p.stderr and "5 statement(s) were delivered before" in p.stderr,
      "a server failing at the second batch is said so, with what was delivered", p.stderr)
stored_c, _ = c.statements()
check(len(stored_c) == 5 and set(acknowledged(outbox2)) == set(stored_c), "the first batch is acknowledged")
check(set(pending(outbox2)) == set(everything) - set(stored_c), "every later statement stays queued")
c.stop()
d = Ralph("d", c.port)
report = json.loads(send(outbox2, d, "--batch-size", "1000").stdout)
stored_d, seen = d.statements()
check(report["sent"] == len(everything) - 5 and set(stored_d) | set(stored_c) == set(everything)
      and not set(stored_d) & set(stored_c) and all(n == 1 for n in seen.values()),
      "across both servers, every statement exactly once", report)
d.stop()

# 5. Practice journals: one statement per run, at the time it was played, once across a resend.
journal = os.path.join(OUT, "journal.db")
for seed in (1, 2, 3):
    kam("run", "silent_prospect_close", "--policy", "random", "--seed", str(seed), "--journal", journal,
        "--player", "ana@example.com")
e = Ralph("e")
practice_outbox = os.path.join(OUT, "outbox-practice")
practice = ("journal", "send-xapi", "--player", "ana@example.com", "--journal", journal, "--endpoint", e.url,
            "--user", USER, "--password-file", password_file, "--outbox", practice_outbox, "--home-page", HOME_PAGE,
            "--format", "json")
report = json.loads(kam(*practice).stdout)
stored_e, seen = e.statements()
db_journal = sqlite3.connect(journal)
played_at = sorted(r[0] for r in db_journal.execute("SELECT played_at FROM runs"))
db_journal.close()
check(report["sent"] == 3 and len(stored_e) == 3 and all(n == 1 for n in seen.values())
      and sorted(s["timestamp"] for s in stored_e.values()) == played_at,
      "three practice runs stored once each, at the times they were played", report)
for st in stored_e.values():
    Statement(copy.deepcopy(as_sent(st)))
check(True, "every practice statement passes the tincan validator")
report = json.loads(kam(*practice).stdout)
check(report["queued"]["already_acknowledged"] == 3 and report["sent"] == 0 and len(e.statements()[0]) == 3,
      "a practice resend stores nothing new", report)
e.stop()

print(f"lrs-test: {passed} passed, 0 failed")
