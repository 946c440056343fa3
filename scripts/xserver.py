"""An X server for the window tests (scripts/kill-test.py, scripts/atspi-test.py), ready before it is
used, and the X tools they call, each bounded in time.

Pure standard library: imported by the system Python (the AT-SPI test, which needs Debian's
python3-pyatspi) as well as by any other Python 3.
"""

import os
import subprocess
import time


class Infrastructure(Exception):
    """The test's own set-up failed (an X server that did not come up), not the product."""


# How long a live X server may take to answer its first client. Not a measurement: a bound on
# waiting for readiness, reached only by a server that never answers.
SERVER_READY_SECONDS = 60

# How long one X tool (xdpyinfo, xdotool) may take. Not a measurement: a bound on a call that should
# answer at once, so that a tool blocked on a server or a window never hangs the test. Without it a
# run hung for 13 minutes in `xdotool windowfocus --sync` (it waits for a focus change that a
# window mapped on a loaded machine may never report).
X_TOOL_SECONDS = 20


def x_tool(args):
    """Runs an X tool; None when it did not finish in time (killed)."""
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=X_TOOL_SECONDS)
    except subprocess.TimeoutExpired:
        return None


def answers(display):
    """Whether an X client can connect to `display` now (xdpyinfo connects, queries, disconnects)."""
    probe = x_tool(["xdpyinfo", "-display", display])
    return probe is not None and probe.returncode == 0


class Display:
    """An Xvfb server, ready before it is used: with -displayfd, Xvfb writes its display number to a
    pipe once it listens (a socket file alone can exist before that); then a client must actually
    connect (xdpyinfo) before the game is started. Xvfb's own messages are appended to `log_path`.
    Entering sets DISPLAY for the processes started after it."""

    def __init__(self, log_path):
        self.log_path = log_path

    def __enter__(self):
        read, write = os.pipe()
        self.log = open(self.log_path, "a")
        self.log.write(f"--- Xvfb started at {time.strftime('%H:%M:%S')}\n")
        self.log.flush()
        self.server = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
            stdout=self.log,
            stderr=self.log,
            pass_fds=(write,),
        )
        os.close(write)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()  # blocks until it listens; empty if Xvfb died
        if not number.isdigit():
            self.stop()
            raise Infrastructure("Xvfb did not start")
        self.name = f":{number}"
        deadline = time.time() + SERVER_READY_SECONDS
        while not answers(self.name):
            if self.server.poll() is not None or time.time() > deadline:
                self.stop()
                raise Infrastructure(f"Xvfb on {self.name} never answered a client")
            time.sleep(0.1)
        os.environ["DISPLAY"] = self.name
        return self

    def stop(self):
        if self.server.poll() is None:
            self.server.terminate()
        self.server.wait()
        self.log.close()

    def __exit__(self, *_):
        self.stop()


def last_lines(path, n=5):
    """The last lines of a log, for a failure message ("" when it cannot be read)."""
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-n:])
    except OSError:
        return ""
