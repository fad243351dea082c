"""benchmarks/canary_cost.py: it prints what a reading costs, and refuses bad input in one line."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "canary_cost.py"


def run(*args):
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120)


def test_it_prints_the_cost_of_a_reading_and_of_one_spin_pair():
    done = run("1")
    assert done.returncode == 0, done.stderr
    costs = dict(re.findall(r"^  (a reading, capacity only|one spin pair):\s+([0-9.]+) ms$", done.stdout, re.M))
    assert set(costs) == {"a reading, capacity only", "one spin pair"}
    assert all(0 < float(ms) < 1000 for ms in costs.values())
    assert re.search(r"under 0\.65 cores: one spin pair \d+%, a reading \d+%", done.stdout)


@pytest.mark.parametrize("args", [("two",), ("0",), ("2", "3"), ("-1",)])
def test_bad_input_is_one_line_and_a_nonzero_exit(args):
    done = run(*args)
    assert done.returncode != 0 and done.stdout == ""
    assert done.stderr.strip().count("\n") == 0 and "usage" in done.stderr
