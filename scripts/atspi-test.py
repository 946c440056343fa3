#!/usr/bin/python3
"""Plays the game in its window as a screen-reader user would, and reads every screen through AT-SPI,
the accessibility API that Orca reads on Linux.

    scripts/atspi-test.sh BIN OUT_DIR      (installs what it needs, then runs this script in a
                                            D-Bus session of its own)

The screen-reader flag is set on the session's accessibility bus (as Orca does when it starts), an
X server is started (Xvfb), and `kam-sim play` is launched with a fresh journal and settings. The
script then only reads the tree the game exposes (pyatspi, Debian's python3-pyatspi) and presses
keys (xdotool), never looking at pixels:

  - the first start asks for the player's name: the prompt and the typed name are exposed;
  - the menu: every shipped scenario's title is a button of a list; Tab moves the focus, and the
    focused button is the one the reader says;
  - the briefing: dossier items are buttons with their minutes, and the clock is a label that
    follows studying;
  - the travel screen: the routes are buttons;
  - the meeting: each stakeholder's card is a group named by the stakeholder with trust and mood in
    words; the line being spoken is a live region with the speaker and the scenario's whole line,
    announced to the reader as it starts; the answers are buttons "1. …" with the scenario's
    texts; the time to answer is announced; the settings dialog opens and closes with Esc;
  - the debrief: the score is read first, then the competencies, then the mistakes, and it is the
    score the journal recorded for the run;
  - the client's side of the debrief and the progress screen are read.

Each screen's tree is written to OUT_DIR/<screen>.txt. Waits are for readiness (a bound on
waiting, reached only when what is awaited never comes), never for a fixed time.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xserver import Display, Infrastructure, last_lines, x_tool  # noqa: E402

BIN, OUT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
os.chdir(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# AccessKit names the application after its executable.
APP_NAME = os.path.basename(BIN)
SCENARIO = "breadwinner_discount_squeeze"
PLAYER = "Ana Reader"
# How long the game may take to appear in the accessibility tree, and a screen to be shown. Not
# measurements: bounds on waiting for readiness (the software renderer can take a minute to start
# on a loaded machine), reached only when the awaited never comes.
APP_READY_SECONDS = 300
SCREEN_READY_SECONDS = 120

shutil.rmtree(OUT, ignore_errors=True)  # the trees of an earlier run
os.makedirs(OUT)
GAME_LOG = os.path.join(OUT, "game.log")
JOURNAL = os.path.join(OUT, "journal.db")
checks = 0


def fail(message, tree=None):
    if tree is not None:
        message += "\nthe tree read last:\n" + render(tree)
    print(f"FAILED: {message}\nthe game said:\n{last_lines(GAME_LOG, 15)}", flush=True)
    sys.exit(1)


def check(ok, what, tree=None):
    global checks
    if not ok:
        fail(what, tree)
    checks += 1
    print(f"ok  {what}", flush=True)


def kam_json(*args):
    out = subprocess.run([BIN, *args, "--format", "json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def enable_screen_reader():
    """What Orca does when it starts: tells the session's accessibility bus that a screen reader is
    running (the bus launcher, at-spi2-core, is started by D-Bus on this first call). AccessKit
    exposes the game only then."""
    from gi.repository import Gio, GLib

    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    for flag in ("IsEnabled", "ScreenReaderEnabled"):
        bus.call_sync(
            "org.a11y.Bus",
            "/org/a11y/bus",
            "org.freedesktop.DBus.Properties",
            "Set",
            GLib.Variant("(ssv)", ("org.a11y.Status", flag, GLib.Variant("b", True))),
            None,
            Gio.DBusCallFlags.NONE,
            10_000,
            None,
        )


enable_screen_reader()
import pyatspi  # noqa: E402  (after the flag: it connects to the accessibility bus)
from gi.repository import GLib  # noqa: E402

# What the reader is told to announce (AccessKit sends live regions as announcements).
announced = []


def on_announcement(event):
    announced.append(str(event.any_data))


pyatspi.Registry.registerEventListener(on_announcement, "object:announcement")


def pump_events():
    context = GLib.MainContext.default()
    while context.pending():
        context.iteration(False)


class Element:
    """One node of the tree as the reader sees it."""

    def __init__(self, role, name, description, focused, children):
        self.role, self.name, self.description = role, name, description
        self.focused, self.children = focused, children

    def walk(self):
        """Every element in reading order (depth first)."""
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, role=None, name=None):
        return [
            e
            for e in self.walk()
            if (role is None or e.role == role) and (name is None or re.search(name, e.name))
        ]


def read(accessible, depth=0):
    state = accessible.getState()
    children = []
    for i in range(accessible.childCount):
        child = accessible.getChildAtIndex(i)
        if child is not None:
            children.append(read(child, depth + 1))
    return Element(
        accessible.getRoleName(),
        accessible.name or "",
        accessible.description or "",
        state.contains(pyatspi.STATE_FOCUSED),
        children,
    )


def render(element, depth=0):
    focus = "  [focused]" if element.focused else ""
    description = f" ({element.description!r})" if element.description else ""
    lines = [f"{'  ' * depth}{element.role}: {element.name!r}{description}{focus}"]
    lines += [render(child, depth + 1) for child in element.children]
    return "\n".join(lines)


def game_application():
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is not None and app.name == APP_NAME:
            return app
    return None


def tree():
    """The game's tree now, read afresh (None while the game is not in the desktop's list)."""
    pump_events()
    app = game_application()
    if app is None:
        return None
    app.clear_cache()
    try:
        return read(app)
    except GLib.Error:
        return None  # changed while it was read: read again


def wait_for(what, found, seconds=SCREEN_READY_SECONDS):
    """Reads the tree until `found(tree)` gives something, and returns that."""
    deadline = time.time() + seconds
    last = None
    while time.time() < deadline:
        if game.poll() is not None:
            fail(f"the game exited with code {game.returncode} while waiting for {what}", last)
        last = tree() or last
        if last is not None:
            result = found(last)
            if result:
                return result
        time.sleep(0.2)
    fail(f"{what}: not in the tree after {seconds} s", last)


def save(screen, element):
    with open(os.path.join(OUT, f"{screen}.txt"), "w") as f:
        f.write(render(element) + "\n")


def press(*keys):
    """Presses keys as a person does (XTEST: real key events to the focused window; with --window,
    xdotool would send synthetic events, whose modifiers — Shift-Tab's Shift — a game may not see)."""
    for key in keys:
        if x_tool(["xdotool", "key", key]) is None:
            fail(f"xdotool could not press {key}")


def focused_name(t):
    names = [e.name for e in t.walk() if e.focused and e.role == "push button"]
    return names[0] if names else None


def focus_moves(key, before):
    """Presses `key` and returns the button the focus moved to."""
    press(key)
    return wait_for(
        f"the focus to move on {key}",
        lambda t: focused_name(t) if focused_name(t) not in (None, before) else None,
    )


def expect(what, condition):
    """Reads the tree until `condition(tree)` holds, counts it as a check and returns that tree. A
    read can catch a screen half rebuilt (AT-SPI is read node by node while the game changes it),
    so a screen is judged on the first read where all of it holds, within a bound."""
    t = wait_for(what, lambda t: t if condition(t) else None)
    check(True, what)
    return t


# What the game may say: the scenario's own texts, from the CLI.
scenarios = kam_json("list")["scenarios"]
strings = kam_json("strings", SCENARIO)
title = next(s["title"] for s in scenarios if s["id"] == SCENARIO)
stakeholders = [v for k, v in strings.items() if re.fullmatch(r"stakeholder\.[^.]+\.name", k)]
lines = {v for k, v in strings.items() if re.fullmatch(r"node\.[^.]+\.text", k)}
options = {v for k, v in strings.items() if re.fullmatch(r"option\..+\.text", k)}

try:
    display = Display(os.path.join(OUT, "xvfb.log")).__enter__()  # sets DISPLAY
except Infrastructure as e:
    print(f"INFRASTRUCTURE FAILURE: {e}", flush=True)
    sys.exit(2)
# English whatever the machine's locale (the checks read English texts); no player yet, so the game
# starts at the first start's name prompt.
settings = os.path.join(OUT, "settings.ron")
with open(settings, "w") as f:
    f.write("(language: Some(en))\n")
env = dict(os.environ, KAM_SIM_SETTINGS=settings, KAM_SIM_JOURNAL=JOURNAL)
log = open(GAME_LOG, "w")
game = subprocess.Popen([BIN, "play"], stdout=log, stderr=log, env=env)
try:
    first = wait_for(
        "the game in the desktop's list of applications, with a screen",
        lambda t: t if any(e.role in ("push button", "label") for e in t.walk()) else None,
        APP_READY_SECONDS,
    )
    check(True, f"the game is in the AT-SPI desktop as {APP_NAME!r} once the screen-reader flag is set")
    found = x_tool(["xdotool", "search", "--name", "kam-sim"])
    windows = found.stdout.split() if found is not None else []
    if not windows:
        fail("no window to press keys in", first)
    x_tool(["xdotool", "windowfocus", windows[0]])  # keys go to the focused window

    # The first start: the player's name.
    def name_field(t):
        return next((e for e in t.walk() if e.role == "entry" and e.focused), None)

    def asks_the_name(t):
        field = name_field(t)
        return field is not None and field.name == "Who is practising?" and t.find("label", "^Type your name")

    prompt = expect("the first start's name field has the focus, named by the question, the help read under it", asks_the_name)
    for _ in range(len(name_field(prompt).description) + 1):
        press("BackSpace")
    x_tool(["xdotool", "type", PLAYER])
    prompt = expect(
        f"the field says what is typed ({PLAYER!r})",
        lambda t: name_field(t) is not None and name_field(t).description == PLAYER,
    )
    save("01-player-name", prompt)
    press("Return")

    # The menu.
    def menu_buttons(t):
        for lst in t.find("list"):
            names = [b.name for b in lst.find("push button")]
            if all(any(s["title"] in n for n in names) for s in scenarios):
                return names
        return None

    t = expect(
        f"the menu's list has a button for each of the {len(scenarios)} scenarios, named by its title, and one has the focus",
        lambda t: menu_buttons(t) is not None and focused_name(t) in menu_buttons(t),
    )
    save("02-menu", t)
    # The focus moves with Tab and Shift-Tab, and the reader is told which button has it.
    start = focused_name(t)
    after_tab = focus_moves("Tab", start)
    back = focus_moves("shift+Tab", after_tab)
    check(back == start, f"Tab moved the focus to {after_tab[:40]!r}…, Shift-Tab back to {back[:40]!r}…")
    # To the scenario wanted, as a reader's user does.
    said = start
    for _ in range(len(scenarios) + 1):
        if title in said:
            break
        said = focus_moves("Tab", said)
    check(title in said, f"Tab reaches {title!r}")
    press("Return")

    # The briefing.
    dossier = sorted(v for k, v in strings.items() if re.fullmatch(r"dossier\.[^.]+\.title", k))

    def dossier_items(t):
        named = [b.name for b in t.find("push button") if re.fullmatch(r"\d\. .+ \(\d+ min\)", b.name)]
        return sorted(re.sub(r"^\d\. | \(\d+ min\)$", "", n) for n in named)

    def clock(t):
        found = t.find("label", "minutes left")
        return found[0].name if found else None

    t = expect(
        f"the dossier's {len(dossier)} items are buttons with their minutes, and the clock is read",
        lambda t: dossier_items(t) == dossier and clock(t) is not None,
    )
    save("03-briefing", t)
    before = clock(t)
    press("1")
    after = wait_for("the clock to follow studying", lambda t: clock(t) if clock(t) not in (None, before) else None)
    check(True, f"studying the first item changes the clock read: {before[:30]!r}… → {after[:30]!r}…")
    press("Return")

    # Travel.
    routes = [v for k, v in strings.items() if re.fullmatch(r"travel\.[^.]+\.label", k)]

    def routes_read(t):
        return [r for r in routes if any(r in b.name and re.search(r"\d{1,2}:\d{2}", b.name) for b in t.find("push button"))]

    t = expect(f"the {len(routes)} routes are buttons with their arrival time", lambda t: len(routes_read(t)) == len(routes))
    save("04-travel", t)
    press("1")

    # The meeting.
    def cards(t):
        return [g for g in t.walk() if g.name in stakeholders and g.find("label", "^trust: .* · mood: ")]

    t = expect(
        f"each of the {len(stakeholders)} stakeholders' cards is named by them and says trust and mood in words",
        lambda t: len(cards(t)) == len(stakeholders),
    )
    save("05-meeting", t)

    def line_read(name):
        """Whether a label reads a whole line of the scenario: narration as it is, a stakeholder's
        line after their name."""
        speaker, _, line = name.partition(": ")
        return name in lines or (speaker in stakeholders and line in lines)

    def lines_read(t):
        return [e.name for e in t.find("label") if line_read(e.name)]

    line = wait_for("the first line, read whole", lines_read)[0]
    check(True, f"the first line is read whole: {line[:60]!r}…")
    wait_for("the line announced to the reader", lambda t: any(line in a for a in announced) or None)
    check(True, "the line is announced as it starts (a live region)")

    def settings_dialog(t):
        dialogs = t.find("dialog")
        return dialogs and dialogs[0].name == "Paused" and dialogs[0].find("label", "^E  answer time: standard$")

    press("Escape")
    t = expect("Esc opens the settings, a dialog named \"Paused\" that reads the answer time", settings_dialog)
    save("06-settings", t)
    press("Escape")
    expect("Esc closes the dialog", lambda t: not t.find("dialog"))

    answered = 0
    warned = False
    answers_seen = [[]]
    stakeholder_lines = set()

    def debrief_whole(t):
        """The debrief's score, competencies and mistakes, in that order (None until all are read)."""
        order = [e.name for e in t.walk()]
        at = [next((i for i, n in enumerate(order) if re.search(p, n)), None) for p in (" — score ", "^Competencies", "^Mistakes")]
        return at if None not in at else None

    def options_or_debrief(t):
        if debrief_whole(t):
            return "debrief", t
        stakeholder_lines.update(n for n in lines_read(t) if n.partition(": ")[0] in stakeholders)
        offered = [b.name for b in t.find("push button") if re.match(r"\d\. ", b.name)]
        # A new moment's answers share no text with the last ones (no two answers of this scenario
        # are the same); a read that caught only part of a list is not a new moment.
        if offered and not set(offered) & set(answers_seen[-1]):
            return "options", offered
        return None

    while True:
        kind, value = wait_for("the answers or the debrief", options_or_debrief)
        if kind == "debrief":
            debrief = value
            break
        answers_seen.append(value)
        unknown = [o for o in value if o.partition(". ")[2] not in options]
        if unknown:
            fail(f"answers read that are not the scenario's texts: {unknown}")
        # At the first timed line (its timer label says so), wait as a reader's user might, until
        # the five-second warning is announced, before answering.
        now = tree()
        if not warned and now is not None and now.find("label", "seconds to answer once the line ends$"):
            wait_for(
                "the five-second warning announced",
                lambda _: [a for a in announced if a == "5 seconds left to answer"] or None,
            )
            warned = True
        answered += 1
        press("1")
    check(answered > 0, f"{answered} sets of answers were read as buttons \"1. …\" with the scenario's texts")
    check(warned, "a timed line's five-second warning is announced")
    said = [n for n in stakeholder_lines if any(n in a for a in announced)]
    check(
        bool(stakeholder_lines) and len(said) == len(stakeholder_lines),
        f"{len(stakeholder_lines)} stakeholders' lines were read with the speaker's name and announced:"
        f" {sorted(stakeholder_lines)[0][:60]!r}…",
    )
    timer = [a for a in announced if "to answer" in a]
    check(bool(timer), f"the time to answer is announced: {timer[:2]}")

    # The debrief.
    save("07-debrief", debrief)
    score_at, competencies_at, mistakes_at = debrief_whole(debrief)
    check(
        score_at < competencies_at < mistakes_at,
        "the debrief reads the score, then the competencies, then the mistakes",
        debrief,
    )
    score_text = [e.name for e in debrief.walk()][score_at]
    recorded = wait_for(
        "the run in the journal",
        lambda _: kam_json("journal", "show", "--journal", JOURNAL, "--player", PLAYER).get("sessions"),
    )
    score, grade = recorded[-1]["score"], recorded[-1]["grade"]
    check(
        score_text.endswith(f" — score {score} ({grade})"),
        f"the score read ({score_text!r}) is the one the journal recorded: {score} ({grade})",
        debrief,
    )

    press("c")
    t = expect(
        "C: the client's side reads its first moment and each stakeholder's trust and mood in numbers",
        lambda t: t.find("label", "^The client's side of the table$")
        and t.find("label", "^Moment 1 of ")
        and len(t.find("label", r"^\S.*: trust \d+ → \d+, mood ")) == len(stakeholders),
    )
    save("08-client-side", t)
    press("m")
    expect("M: the menu again", lambda t: menu_buttons(t) is not None)
    press("p")
    t = expect(
        "P: the progress screen reads the player's sessions, and a button has the focus",
        lambda t: t.find("label", f"^Progress of {PLAYER} · sessions played: 1$") and focused_name(t) is not None,
    )
    save("09-progress", t)
finally:
    if game.poll() is None:
        game.terminate()
        try:
            game.wait(timeout=30)
        except subprocess.TimeoutExpired:
            game.kill()
            game.wait()
    display.__exit__()
    log.close()
print(f"AT-SPI: {checks} checks passed on 9 screens; the trees read are in {OUT}")
