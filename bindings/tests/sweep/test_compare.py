"""Comparing two runs point by point."""
import pytest

from gilsweep.sweep import compare
from gilsweep.sweep.schema import Row


def row(mode, knob, speedup, lo, hi):
    return Row("python", mode, "churn", knob, 2, 10, 10.0 * knob, 1.0, 1.0, speedup, lo, hi, 8, lo, hi, 8, 0)


def test_compare_says_whether_two_runs_agree():
    a = [row("python-release", k, s, s - 0.05, s + 0.05) for k, s in ((1, 0.5), (2, 1.2), (3, 1.9))]
    table, verdict, figures = compare.compare(a, a)
    assert verdict.startswith("the runs agree") and figures["moved"] == 0 and "| churn | python-release | 1 |" in table
    b = [row("python-release", k, s, s - 0.05, s + 0.05) for k, s in ((1, 0.5), (2, 1.6), (3, 1.9))]
    _, verdict, figures = compare.compare(a, b)
    assert verdict.startswith("the runs differ") and figures["moved"] == 1 and figures["disjoint"] == 1
    assert figures["max_difference"] == pytest.approx(0.4)
