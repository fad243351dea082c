"""Analysis: from raw windows to per-point rows, the one path the sweep and
`gilsweep plot` share (windows built by hand, so every count is known); and the
crossover estimator, a non-decreasing fit of the points read at a level."""
import random

import pytest

from gilsweep.core import stats
from gilsweep.sweep import analysis
from gilsweep.sweep.analysis import crossing, monotone_fit
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


def test_monotone_fit_pools_adjacent_violators():
    assert monotone_fit([1, 3, 2, 4]) == [1, 2.5, 2.5, 4]
    assert monotone_fit([3, 2, 1]) == [2, 2, 2]
    assert monotone_fit([1, 2, 3]) == [1, 2, 3]
    assert monotone_fit([4, 1], weights=[3, 1]) == [pytest.approx(3.25)] * 2
    assert monotone_fit([]) == []


def test_monotone_fit_is_the_least_squares_non_decreasing_sequence():
    rng = random.Random(7)
    for _ in range(200):
        values = [rng.uniform(0, 2) for _ in range(rng.randrange(1, 9))]
        fit = monotone_fit(values)
        assert all(a <= b + 1e-12 for a, b in zip(fit, fit[1:]))
        error = sum((f - v) ** 2 for f, v in zip(fit, values))
        for _ in range(20):  # no random non-decreasing sequence fits better
            other = sorted(rng.uniform(0, 2) for _ in values)
            assert error <= sum((o - v) ** 2 for o, v in zip(other, values)) + 1e-12


def test_crossing_reads_the_fit_in_log_work():
    result = crossing([(1.0, 0.5), (10.0, 1.0), (100.0, 2.0)], 1.5)
    assert result.x == pytest.approx(10 ** 1.5) and result.sustained and not result.first
    assert crossing([(1.0, 0.3), (2.0, 0.4)], 1.5).x is None
    only = crossing([(5.0, 1.7)], 1.5)
    assert only.x == 5.0 and only.first and only.sustained
    assert crossing([], 1.5).x is None


def test_one_dip_at_the_knee_does_not_move_the_crossing():
    # A curve that runs just above 1.5x over a decade: the older "stays above
    # from here on" rule jumped a whole knob spacing when one point dipped.
    steady = [(0.5, 1.2, 1.1, 1.3), (1.0, 1.55, 1.45, 1.65), (2.0, 1.56, 1.46, 1.66), (4.0, 1.58, 1.48, 1.68),
              (30.0, 1.75, 1.7, 1.8)]
    dipped = list(steady)
    dipped[2] = (2.0, 1.46, 1.36, 1.56)
    a, b = crossing(steady, 1.5), crossing(dipped, 1.5)
    assert a.sustained and b.sustained  # the dip's interval still reaches 1.5x
    assert max(a.x, b.x) / min(a.x, b.x) < 1.2


def test_a_noisy_point_cannot_fake_a_crossover():
    result = crossing([(1.0, 1.6), (10.0, 1.0), (100.0, 1.4), (1000.0, 1.8)], 1.5)
    assert result.x == pytest.approx(10 ** 2.25)  # the blip at 1 µs pools with 10 µs
    assert result.sustained


def test_a_real_fall_is_not_sustained():
    result = crossing([(1.0, 1.0, 0.95, 1.05), (10.0, 1.6, 1.55, 1.65), (100.0, 1.4, 1.35, 1.45)], 1.5)
    assert result.x == pytest.approx(10.0) and not result.sustained


def test_the_range_comes_from_the_interval_ends():
    result = crossing([(1.0, 1.0, 0.9, 1.5), (10.0, 1.5, 1.4, 1.6), (100.0, 2.0, 1.9, 2.1)], 1.5)
    assert result.low == pytest.approx(1.0) and result.x == pytest.approx(10.0)
    assert 10.0 < result.high < 100.0
    never = crossing([(1.0, 1.4, 1.3, 1.5), (10.0, 1.5, 1.45, 1.55)], 1.5)
    assert never.high is None  # the lower ends never reach the level in the measured range
