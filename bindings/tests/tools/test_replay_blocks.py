"""The canary-per-block replay on a saved raw run: readings saved, trials judged
otherwise, estimates that stay put, nothing changed at a block of one, and one
clear error for bad input."""
import os
import re

from helpers import refuses_unreadable_runs, run_tool

RUN = os.path.join(os.path.dirname(__file__), "..", "data", "format-2", "sweep-gcd-batch.json.gz")
LINE = re.compile(r"(\d+) trials, (\d+) readings saved \(\d+%\); net [+-][\d.]+ s \(a trial [\d.]+ s\); trials "
                  r"judged otherwise: (\d+) missed, (\d+) added; rows stable: (\d+) in the run, (\d+) replayed, "
                  r"(\d+) in both, moved median ([\d.]+)x, largest ([\d.]+)x")


def replayed(*args):
    done = run_tool("replay_blocks.py", *args, RUN, timeout=300)
    assert done.returncode == 0, done.stderr
    found = LINE.search(done.stdout.splitlines()[0])
    assert found, done.stdout
    return [float(x) for x in found.groups()]


def test_blocks_save_readings_and_leave_the_stable_estimates_where_they_were():
    trials, saved, missed, added, stable, replayed_stable, both, median, largest = replayed("--block", "4")
    assert 0 < saved < trials and missed + added > 0  # the run had bad readings to judge otherwise
    assert both >= 0.9 * stable and median <= largest <= 0.1


def test_a_block_of_one_is_the_run_itself():
    trials, saved, missed, added, stable, replayed_stable, both, median, largest = replayed("--block", "1")
    assert trials > 0 and (saved, missed, added, largest) == (0, 0, 0, 0.0) and stable == replayed_stable == both


def test_bad_input_is_one_line_and_a_nonzero_exit(tmp_path):
    refuses_unreadable_runs("replay_blocks.py", tmp_path)
    zero = run_tool("replay_blocks.py", "--block", "0", RUN)
    assert zero.returncode == 2 and "--block and --streak must be at least 1" in zero.stderr
