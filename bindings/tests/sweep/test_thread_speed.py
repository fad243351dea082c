"""benchmarks/thread_speed.py: it prints the main thread's and started threads' speed per
process and counts the slow ones, and refuses bad input in one line."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "thread_speed.py"


def run(*args):
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120)


def test_it_reads_each_process_and_counts_the_slow_ones():
    done = run("2")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 3
    for line, pad in zip(lines, (0, 48)):
        found = re.fullmatch(rf"environment \+\s*{pad} bytes: main\s+([0-9.]+) ns, started threads "
                             r"([0-9.]+), ([0-9.]+), ([0-9.]+)", line)
        assert found and all(0 < float(ns) < 10_000 for ns in found.groups())
    assert re.fullmatch(r"of 2 processes: the main thread slow in [012], the started threads slow in [012] "
                        r"\(more than 1\.15 x the fastest, [0-9.]+ ns\)", lines[-1])


@pytest.mark.parametrize("args", [("many",), ("0",), ("2", "3")])
def test_bad_input_is_one_line_and_a_nonzero_exit(args):
    done = run(*args)
    assert done.returncode != 0 and done.stdout == ""
    assert done.stderr.strip().count("\n") == 0 and "usage" in done.stderr
