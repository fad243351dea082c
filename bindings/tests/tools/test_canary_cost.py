"""tools/canary_cost.py: it prints what a reading costs (its bad input: test_tool_usage.py)."""
import re

from helpers import run_tool


def test_it_prints_both_costs_in_its_format():
    # The output's format only: the costs are this machine's, which the tool reports and
    # a test cannot judge (a host stall lengthens them); the range only rules out a unit slip.
    done = run_tool("canary_cost.py", "1")
    assert done.returncode == 0, done.stderr
    costs = dict(re.findall(r"^  (a reading, capacity only|one spin pair):\s+([0-9.]+) ms$", done.stdout, re.M))
    assert set(costs) == {"a reading, capacity only", "one spin pair"}
    assert all(0 < float(ms) < 1000 for ms in costs.values())
    assert re.search(r"under 0\.65 cores: one spin pair \d+%, a reading \d+%", done.stdout)
