"""The stopping rule's replay on saved raw runs: what it reports, that the rule's
estimates stay near the full run's, and one clear error for bad input."""
import os
import re

from helpers import refuses_unreadable_runs, run_tool

DATA = os.path.join(os.path.dirname(__file__), "..", "data", "format-2")
RUN = os.path.join(DATA, "sweep-gcd-batch.json.gz")


def test_the_replay_reports_trials_used_and_distances_from_the_full_run():
    done = run_tool("replay_stopping.py", RUN, timeout=300)
    assert done.returncode == 0, done.stderr
    line = done.stdout.strip()
    found = re.search(r"(\d+) points \((\d+) settled, (\d+) capped, (\d+) ran out\); trials (\d+) of (\d+) \((\d+)%\);"
                      r" \|stopped - full\| median ([\d.]+)x, 95th percentile ([\d.]+)x, largest ([\d.]+)x", line)
    assert found, line
    points, settled, capped, ran_out, used, total = map(int, found.groups()[:6])
    assert points == settled + capped + ran_out > 0 and 0 < used <= total
    median, p95, largest = map(float, found.groups()[7:])
    assert median <= p95 <= largest and p95 <= 0.05  # the rule's estimates stay near the full run's


def test_the_first_trial_comparison_names_every_mode_once():
    done = run_tool("replay_stopping.py", "--first-trial", RUN, timeout=300)
    assert done.returncode == 0, done.stderr
    modes = [line.split(":")[0] for line in done.stdout.splitlines()]
    assert modes and len(modes) == len(set(modes)) and "swift-threads" in modes


def test_bad_input_is_one_line_and_a_nonzero_exit(tmp_path):
    refuses_unreadable_runs("replay_stopping.py", tmp_path)
    looks = run_tool("replay_stopping.py", "--first-look", "1", RUN)
    assert looks.returncode == 2 and "--first-look must be at least 2" in looks.stderr


def test_the_window_ab_refuses_bad_points_and_lengths_in_one_line():
    for args, message in ((("--points", "python-release"), "points are mode:knob"),
                          (("--points", "nosuch:10"), "unknown mode nosuch"),
                          (("--lengths", "0.1"), "two different window lengths"),
                          (("--lengths", "0.1,0.1"), "two different window lengths"),
                          (("--lengths", "0.1,x"), "lengths are two window lengths"),
                          (("--rounds", "1"), "--rounds must be between 2 and 100")):
        done = run_tool("window_ab.py", *args, timeout=60)
        assert done.returncode == 2 and done.stdout == "" and message in done.stderr, (args, done.stderr)
