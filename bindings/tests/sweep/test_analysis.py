"""Analysis: from raw windows to per-point rows, the one path the sweep and
`gilsweep plot` share. Windows built by hand, so every count is known."""
import pytest

from gilsweep.core import stats
from gilsweep.sweep import analysis
from gilsweep.sweep.schema import Point
from helpers import trial_windows, window


def point(id, mode="python-release", knob=1000, calls=100):
    return Point(id=id, runtime="python", mode=mode, workload="churn", knob=knob, threads=2, calls=calls)


def test_a_window_is_flagged_for_capacity_then_handoff_then_a_stall():
    assert analysis.window_flag(window(0, 1, "seq", 0.1)) is None
    assert analysis.window_flag(window(0, 1, "seq", 0.1, capacity_ok=False, handoff_ok=False,
                                       max_chunk_s=0.2)) == "capacity"
    assert analysis.window_flag(window(0, 1, "seq", 0.1, handoff_ok=False, max_chunk_s=0.2)) == "handoff"
    assert analysis.window_flag(window(0, 1, "seq", 0.1, max_chunk_s=0.2, median_chunk_s=0.003)) == "stall"
    old = window(0, 1, "seq", 0.1)
    del old["handoff_ok"]  # runs saved before the handoff probe
    assert analysis.window_flag(old) is None


def test_a_parallel_window_whose_threads_should_finish_together_and_did_not_is_flagged_uneven():
    assert analysis.window_flag(window(0, 1, "par", 0.1, balance=0.76)) == "imbalance"  # one CPU gave half
    assert analysis.window_flag(window(0, 1, "par", 0.1, balance=0.97)) is None
    assert analysis.window_flag(window(0, 1, "par", 0.1, balance=None)) is None  # threads that take turns
    assert analysis.window_flag(window(0, 1, "par", 0.1, balance=0.5, max_chunk_s=0.2,
                                       median_chunk_s=0.003)) == "stall"  # the stall is the reason given
    assert analysis.window_flag(window(0, 1, "par", 0.1)) is None  # runs saved before the check


def test_trials_are_grouped_by_point_and_trial_without_warm_ups():
    windows = (trial_windows(0, 0, 0.1, 0.06, warmup=True) + trial_windows(0, 1, 0.1, 0.05)
               + trial_windows(1, 1, 0.2, 0.1) + [window(1, 2, "seq", 0.2)])
    trials = analysis.trials_by_point(windows)
    assert set(trials) == {0, 1} and set(trials[0]) == {1} and set(trials[1]) == {1, 2}
    assert trials[0][1]["par"]["wall_s"] == 0.05 and set(trials[1][2]) == {"seq"}


def test_a_row_is_the_estimate_of_the_clean_trials_alone():
    p = point(0)
    clean = [(0.100 + 0.001 * t, 0.055 + 0.001 * (t % 3)) for t in range(1, 7)]
    windows = trial_windows(0, 0, 0.1, 0.1, warmup=True)  # a warm-up never counts
    for t, (seq, par) in enumerate(clean, start=1):
        windows += trial_windows(0, t, seq, par)
    windows += trial_windows(0, 7, 0.1, 0.5, capacity_ok=False)  # flagged: left out
    windows += [window(0, 8, "seq", 0.1)]  # interrupted between its two windows: ignored
    rows, extras = analysis.analyze([p], windows, seed=3)
    (row,) = rows
    assert (row.repeats, row.clean, row.stalled) == (7, 6, 1)
    expected = stats.estimate([(s, q, s, p.calls) for s, q in clean], p.threads, 3 * 1_000_003 + p.id)
    assert row.speedup == pytest.approx(expected["speedup"]) and row.ci_lo == expected["ci_lo"]
    assert (row.mode, row.knob, row.threads, row.calls) == (p.mode, p.knob, p.threads, p.calls)
    assert extras[0]["rows"][""]["min_speedup"] == pytest.approx(expected["min_speedup"])
    assert extras[0]["unstable"] == expected["unstable"]
    assert analysis.analyze([p], windows, seed=3) == (rows, extras)  # the same windows, the same rows


def test_the_memo_estimates_again_only_the_points_with_new_windows(monkeypatch):
    points = [point(0), point(1, knob=3000)]
    windows = []
    for t in range(1, 7):
        windows += trial_windows(0, t, 0.1 + 0.001 * t, 0.05) + trial_windows(1, t, 0.2, 0.1 + 0.001 * t)
    memo = {}
    first = analysis.analyze(points, windows, seed=3, memo=memo)
    assert first == analysis.analyze(points, windows, seed=3)  # the same rows with a memo as without
    estimated = []
    real = stats.estimate
    monkeypatch.setattr(stats, "estimate", lambda trials, *a: estimated.append(len(trials)) or real(trials, *a))
    windows += trial_windows(1, 7, 0.2, 0.2)
    rows, _ = analysis.analyze(points, windows, seed=3, memo=memo)
    assert estimated == [7]  # point 1 only
    assert rows[0] == first[0][0] and rows[1] == analysis.analyze(points, windows, seed=3)[0][1]


def test_a_point_with_only_flagged_trials_is_shown_unstable_and_one_with_none_is_left_out():
    flagged, empty = point(0), point(1, knob=10)
    windows = []
    for t in range(1, 7):
        windows += trial_windows(0, t, 0.1, 0.05, handoff_ok=False)
    rows, extras = analysis.analyze([flagged, empty], windows, seed=1)
    assert [(r.knob, r.clean, r.stalled) for r in rows] == [(1000, 0, 6)]
    assert extras == {0: {"unstable": True, "rows": {"": {"min_speedup": pytest.approx(2.0), "unstable": True}}}}
    assert analysis.unstable_keys([flagged, empty], extras) == {("churn", "python-release", 1000, 2, "")}


def test_points_come_back_from_their_records():
    p = point(4, mode="swift-threads")
    assert analysis.points_from_records([p.__dict__]) == [p]
