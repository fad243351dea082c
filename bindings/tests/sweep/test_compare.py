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


def test_compare_matches_points_state_by_state_and_names_the_states_each_run_measured():
    from dataclasses import replace
    a = [replace(row("python-release", 1, 1.6, 1.55, 1.65), state="normal"),
         replace(row("python-release", 1, 0.6, 0.55, 0.65), state="slow"), row("python-release", 2, 1.9, 1.85, 1.95)]
    b = [replace(row("python-release", 1, 1.62, 1.55, 1.65), state="normal"), row("python-release", 2, 1.9, 1.85, 1.95)]
    table, verdict, figures = compare.compare(a, b)
    assert figures["points"] == 2 and figures["moved"] == 0 and figures["only_in_one"] == 1
    assert verdict.startswith("the runs agree") and "handoff states: A measured normal, slow, B normal; compared in normal" \
        in verdict
    assert "| churn | python-release | 1 |" in table
    _, verdict, _ = compare.compare(a, a)
    assert "compared in normal and slow" in verdict
    assert "handoff states" not in compare.compare(b, b)[1]  # no slow state on either side: nothing to say
