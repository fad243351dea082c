"""tools/turn_taking.py: per process, each call's time alone and taking turns and
their ratio, then each call's median and range (its bad input: test_tool_usage.py).
No bound on the ratios: that would be a timed test; docs/notebook/sweep.md says what it found."""
import re
import shutil
from pathlib import Path

import pytest

from helpers import GIL, TOOLS, needs_no_asan, run_tool

CALLS = ("abs(-1), a builtin", "python-hold, churn 1", "pure-python, churn 1")


def test_it_prints_each_calls_ratio_per_process_and_over_them():
    done = run_tool("turn_taking.py", "1")
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


def test_calls_only_makes_the_calls_and_prints_nothing():
    """--calls is what --instructions runs under callgrind: nothing but the window."""
    done = run_tool("turn_taking.py", "--calls", "python-hold, churn 1", "2", "2000")
    assert done.returncode == 0 and done.stdout == "", done.stderr


@pytest.mark.slow
@needs_no_asan
@pytest.mark.skipif(shutil.which("valgrind") is None, reason="needs valgrind")
def test_instructions_are_counted_for_each_call_alone_and_taking_turns():
    done = run_tool("turn_taking.py", "--instructions", timeout=600)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[0] == "instructions per call (callgrind; runs of 200000 and 400000 calls):"
    for line, name in zip(lines[1:], CALLS, strict=True):
        found = re.fullmatch(rf"{re.escape(name)}\s+alone\s+([0-9.]+), taking turns\s+([0-9.]+)", line)
        assert found and all(float(count) > 0 for count in found.groups()), line


@pytest.mark.parametrize("args", [(), ("abs",), ("no such call", "1", "10"), ("python-hold, churn 1", "0", "10"),
                                  ("python-hold, churn 1", "2", "ten"), ("python-hold, churn 1", "2", "10", "3")])
def test_calls_only_refuses_bad_input_in_one_line(args):
    done = run_tool("turn_taking.py", "--calls", *args)
    assert done.returncode != 0 and done.stdout == ""
    assert done.stderr.strip().count("\n") == 0 and done.stderr.startswith("usage: turn_taking.py --calls NAME")


def test_a_failing_child_ends_the_script_with_one_line_naming_it(monkeypatch):
    """What main() and --instructions do (run_again.py, thread_speed.py's too) when a child fails:
    one line, not a traceback."""
    monkeypatch.syspath_prepend(TOOLS)
    from run_again import run_again
    with pytest.raises(SystemExit) as stopped:
        run_again(str(Path(TOOLS) / "turn_taking.py"), ["--calls", "no such call", "1", "1"])
    message = str(stopped.value.code)
    assert message.startswith("turn_taking.py: --calls no such call 1 1 failed (exit status 1): usage: ")
    assert "\n" not in message
