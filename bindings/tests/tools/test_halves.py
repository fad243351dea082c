"""The halves check's tool on a saved raw run: what it reports, and one clear error for bad input."""
import os
import re

from helpers import refuses_unreadable_runs, run_tool

RUN = os.path.join(os.path.dirname(__file__), "..", "data", "format-2", "sweep-gcd-batch.json.gz")


def test_the_tool_reports_the_gaps_between_halves_and_the_points_past_the_cut():
    done = run_tool("halves.py", RUN, timeout=120)
    assert done.returncode == 0, done.stderr
    found = re.search(r": (\d+) points; \|first half - second half\| median ([\d.]+)x, 90th percentile ([\d.]+)x, "
                      r"largest ([\d.]+)x; (\d+) above 0.3x \((\d+)%\)", done.stdout)
    assert found, done.stdout
    points, moved = int(found.group(1)), int(found.group(5))
    median, p90, largest = map(float, found.groups()[1:4])
    assert points > 0 and median <= p90 <= largest and 0 <= moved <= points


def test_bad_input_is_one_line_and_a_nonzero_exit(tmp_path):
    refuses_unreadable_runs("halves.py", tmp_path)
