"""benchmarks/turn_taking.py: per process, each call's time alone and taking turns and
their ratio, then each call's median and range (its bad input: test_benchmark_usage.py).
No bound on the ratios: that would be a timed test; docs/method.md has a run."""
import re

from helpers import GIL, run_benchmark

CALLS = ("abs(-1), a builtin", "python-hold, churn 1", "pure-python, churn 1")


def test_it_prints_each_calls_ratio_per_process_and_over_them():
    done = run_benchmark("turn_taking.py", "1")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    header, per_process, summary = lines[0], lines[1:4], lines[4:]
    assert header.startswith("2 threads taking turns against 1 alone, 7 windows each, GIL ")
    assert ("GIL on" in header) == GIL
    for line, name in zip(per_process, CALLS, strict=True):
        found = re.fullmatch(rf"process 1: {re.escape(name)}\s+alone\s+([0-9.]+) ns, taking turns\s+([0-9.]+) ns, "
                             r"ratio ([0-9.]+)", line)
        assert found, line
        alone, turns, ratio = map(float, found.groups())
        assert alone > 0 and turns > 0 and abs(ratio - alone / turns) < 0.01
    for line, name in zip(summary, CALLS, strict=True):
        found = re.fullmatch(rf"{re.escape(name)}\s+ratio: median ([0-9.]+), range ([0-9.]+)-([0-9.]+) "
                             r"over 1 processes", line)
        assert found and found.group(1) == found.group(2) == found.group(3), line
