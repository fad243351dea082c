"""The crossover estimator: a non-decreasing fit of the points, read at a level."""
import random

import pytest

from gilsweep.sweep.crossover import crossing, monotone_fit


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
