"""benchmarks/canary_cost.py: it prints what a reading costs (its bad input: test_benchmark_usage.py)."""
import re

from helpers import run_benchmark


def test_it_prints_the_cost_of_a_reading_and_of_one_spin_pair():
    done = run_benchmark("canary_cost.py", "1")
    assert done.returncode == 0, done.stderr
    costs = dict(re.findall(r"^  (a reading, capacity only|one spin pair):\s+([0-9.]+) ms$", done.stdout, re.M))
    assert set(costs) == {"a reading, capacity only", "one spin pair"}
    assert all(0 < float(ms) < 1000 for ms in costs.values())
    assert re.search(r"under 0\.65 cores: one spin pair \d+%, a reading \d+%", done.stdout)
