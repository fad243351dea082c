"""tools/sweep_profile.py: it runs a sweep as the CLI would, keeps the CLI's exit
status, and prints the run's total and each timed part's wall time, calls and ms each."""
import json
import re

from helpers import run_tool

PART = re.compile(r"(canary readings|saves|analysis|unstable points)\s+([0-9.]+) s\s+(\d+) calls\s+([0-9.]+) ms each")


def test_it_profiles_a_small_sweep_and_writes_the_run(tmp_path):
    out = tmp_path / "run"
    done = run_tool("sweep_profile.py", "--quick", "--modes", "python-hold", "--knobs", "1,100", "--repeats", "2",
                         "--max-wait", "5", "--out", str(out), timeout=300)
    assert done.returncode == 0, done.stderr
    assert re.search(r"^the whole run: \d+ s$", done.stdout, re.M)
    parts = {m.group(1): (float(m.group(2)), int(m.group(3))) for m in PART.finditer(done.stdout)}
    assert {"canary readings", "saves", "analysis"} <= set(parts)
    assert all(seconds >= 0 and calls >= 1 for seconds, calls in parts.values())
    saved = json.loads((out / "sweep.json").read_text())
    assert {row["mode"] for row in saved["rows"]} == {"python-hold"}


def test_a_bad_sweep_argument_keeps_the_clis_one_line_and_status():
    done = run_tool("sweep_profile.py", "--repeats", "0", timeout=60)
    assert done.returncode == 2 and done.stderr.strip().count("\n") == 0 and "must be at least 1" in done.stderr
