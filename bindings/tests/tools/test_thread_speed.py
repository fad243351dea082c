"""tools/thread_speed.py: it prints the main thread's and started threads' speed per
process and counts the slow ones (its bad input: test_tool_usage.py)."""
import re

from helpers import run_tool


def test_it_prints_each_process_and_the_slow_count_in_its_format():
    # The output's format only: the speeds are this machine's, which the tool reports and a
    # test cannot judge (a host stall slows them); the range only rules out a unit slip.
    done = run_tool("thread_speed.py", "2")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 3
    for line, pad in zip(lines, (0, 48)):
        found = re.fullmatch(rf"environment \+\s*{pad} bytes: main\s+([0-9.]+) ns, started threads "
                             r"([0-9.]+), ([0-9.]+), ([0-9.]+)", line)
        assert found and all(0 < float(ns) < 10_000 for ns in found.groups())
    assert re.fullmatch(r"of 2 processes: the main thread slow in [012], the started threads slow in [012] "
                        r"\(more than 1\.15 x the fastest, [0-9.]+ ns\)", lines[-1])
