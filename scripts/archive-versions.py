#!/usr/bin/env python3
"""Keeps every earlier version of the shipped scenario and assessment files in versions/.

    python3 scripts/archive-versions.py [KAM_SIM_BINARY]

A signed result records the SHA-256 of the files it was played with; verification replays it with
that version when versions/<kind>/<id>/<sha256>.ron holds it (src/core/assessment/versions.rs). Run
this after committing a change to a shipped scenario or assessment, and commit what it writes: for
every file of scenarios/ and assessments/, each version in the git history whose text differs from
today's is written under its SHA-256, unless it is already there. A version that today's kam-sim
cannot load (an older format) is skipped and named: no result of it could be replayed anyway.
"""

import hashlib
import os
import subprocess
import sys
import tempfile

os.chdir(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = sys.argv[1] if len(sys.argv) > 1 else None


def git(*args):
    return subprocess.run(["git", *args], capture_output=True, check=True).stdout


def loads(kind, text):
    """Whether today's kam-sim loads this version (`check` exits 0 or 1 for warnings only)."""
    if BIN is None:
        return True
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "version.ron")
        with open(path, "wb") as f:
            f.write(text)
        args = [BIN, "check", path]
        if kind == "assessments":
            args += ["--scenarios-dir", "scenarios", "--profiles-dir", "profiles"]
        done = subprocess.run(args, capture_output=True, text=True)
        return "0 errors" in done.stdout


written = skipped = 0
for kind in ("scenarios", "assessments"):
    for name in sorted(os.listdir(kind)):
        if not name.endswith(".ron") or name.endswith(".inputs.ron"):
            continue
        path = f"{kind}/{name}"
        ident = name[: -len(".ron")]
        current = hashlib.sha256(open(path, "rb").read()).hexdigest()
        for commit in git("log", "--format=%H", "--", path).decode().split():
            try:
                text = git("show", f"{commit}:{path}")
            except subprocess.CalledProcessError:
                continue
            sha = hashlib.sha256(text).hexdigest()
            target = f"versions/{kind}/{ident}/{sha}.ron"
            if sha == current or os.path.exists(target):
                continue
            if not loads(kind, text):
                print(f"skipped {path} at {commit[:8]}: today's kam-sim does not load it")
                skipped += 1
                continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as f:
                f.write(text)
            print(f"kept {path} at {commit[:8]} as {target}")
            written += 1
print(f"{written} version(s) kept, {skipped} skipped")
