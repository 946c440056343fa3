#!/usr/bin/env python3
"""Records a playthrough as a golden file for tests/golden/.

    scripts/record-golden.py OUT.ron "comment" SCENARIO SEED (--policy best|worst|random | --choices a,b,c | --inputs FILE)
        [--shift ID=SECONDS ...]

The playthrough is run with the `kam-sim` binary (KAM_SIM env var, default: `cargo run -q
--no-default-features --`). `--shift ID=SECONDS` moves the input that chooses ID by SECONDS (negative:
earlier), to script an interruption or a hesitation. The expectations written are whatever the engine
produced: read them, check them against the scenario by hand, and only then commit the file: a golden
file pins behaviour someone has reviewed (tests/core/golden.rs replays every file).
"""

import json
import os
import re
import shlex
import subprocess
import sys
import tempfile


def kam(args):
    cmd = shlex.split(os.environ.get("KAM_SIM", "cargo run -q --no-default-features --")) + args
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"kam-sim {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def main():
    argv = sys.argv[1:]
    shifts = {}
    while "--shift" in argv:
        i = argv.index("--shift")
        ident, seconds = argv[i + 1].split("=")
        shifts[ident] = float(seconds)
        del argv[i : i + 2]
    if len(argv) < 6:
        sys.exit(__doc__)
    out, comment, scenario, seed, how, value = argv[:6]
    with tempfile.TemporaryDirectory() as tmp:
        inputs_path = os.path.join(tmp, "inputs.ron")
        if how == "--inputs":
            inputs_path = value
        else:
            kam(["run", scenario, "--seed", seed, how, value, "--save-inputs", inputs_path, "--format", "json"])
        text = open(inputs_path, encoding="utf-8").read()
        for ident, delta in shifts.items():
            pattern = re.compile(r'\(at: ([0-9.]+), action: Choose\("' + re.escape(ident) + r'"\)\)')
            match = pattern.search(text)
            if not match:
                sys.exit(f"no input chooses `{ident}`")
            at = float(match.group(1)) + delta
            text = text[: match.start()] + f'(at: {at:.1f}, action: Choose("{ident}"))' + text[match.end() :]
        shifted = os.path.join(tmp, "shifted.ron")
        with open(shifted, "w", encoding="utf-8") as f:
            f.write(text)
        result = json.loads(kam(["run", scenario, "--inputs", shifted, "--format", "json"]))
    inputs = text[text.index("inputs: [") : text.rindex("]") + 1]
    mistakes = "\n".join(
        "            (id: \"{}\", severity: {}, node: {}, at_seconds: {:.1f}),".format(
            m["id"], m["severity"], f'"{m["node"]}"' if m.get("node") else "None", m["at_seconds"]
        )
        for m in result["mistakes"]
    )
    competencies = "\n".join(f'            "{k}": {v},' for k, v in sorted(result["competencies"].items()))
    golden = f"""// {comment}
Golden(
    scenario: "{scenario}",
    seed: {result['seed']},
    {inputs},
    expect: (
        ending: "{result['ending']}",
        score: {result['score']},
        mistakes: [
{mistakes}
        ],
        competencies: {{
{competencies}
        }},
    ),
)
"""
    with open(out, "w", encoding="utf-8") as f:
        f.write(golden)
    print(f"{out}: {result['ending']}, score {result['score']}, {len(result['mistakes'])} mistake(s)")


if __name__ == "__main__":
    main()
