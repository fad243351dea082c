"""Statistics: stall detection from chunk times, and the estimate (the ratio of
lower quartiles) with its bootstrap interval."""
import random

import pytest

from gilsweep.core import stats


def test_a_stall_is_a_long_chunk_well_above_the_median():
    assert stats.is_stalled(0.200, 0.003)
    assert not stats.is_stalled(0.012, 0.001)   # 12x the median but too short to be a host stall
    assert not stats.is_stalled(0.050, 0.040)   # long calls: long chunks are normal
    assert stats.chunk_summary([[0.001, 0.003], [0.002, 0.2]]) == (0.2, pytest.approx(0.0025))


def test_the_estimate_is_the_ratio_of_lower_quartiles_with_a_reproducible_interval():
    trials = [(0.100 + 0.001 * i, 0.050 + 0.002 * (i % 3), 0.100, 1000) for i in range(9)]
    one = stats.estimate(trials, threads=2, seed=7)
    assert one == stats.estimate(trials, threads=2, seed=7)
    seq = sorted(t[0] for t in trials)[2]  # 9 trials: the lower quartile is the third
    par = sorted(t[1] for t in trials)[2]
    assert one["seq_s"] == pytest.approx(seq) and one["par_s"] == pytest.approx(par)
    assert one["speedup"] == pytest.approx(seq / par)
    assert one["ci_lo"] <= one["speedup"] <= one["ci_hi"]
    assert one["min_speedup"] == pytest.approx(0.100 / 0.050)
    assert one["per_call_us"] == pytest.approx(0.100 / 2000 * 1e6)
    assert not one["unstable"]
    assert stats.estimate(trials[:4], threads=2, seed=7)["unstable"]  # fewer than 5 clean trials
    wild = [(0.1, p, 0.1, 10) for p in (0.03, 0.09, 0.05, 0.1, 0.04, 0.08)]
    assert stats.estimate(wild, threads=2, seed=7)["unstable"]  # interval wider than +-0.15x
    assert stats.estimate([], threads=2, seed=7) is None


def test_a_third_of_windows_slowed_as_a_whole_moves_neither_the_estimate_nor_its_interval_much(monkeypatch):
    # The bad hour of docs/method.md: 2.0x trials, and a third whose parallel window
    # the host slowed by 20-60% throughout, which no check can see.
    fast = [(0.200 + 0.0005 * (i % 4), 0.100 + 0.0005 * (i % 3), 0.2, 1000) for i in range(10)]
    slowed = [(0.200, 0.100 * (1.2 + 0.08 * i), 0.2, 1000) for i in range(6)]
    mixed = [t for pair in zip(fast, slowed) for t in pair] + fast[len(slowed):]
    one = stats.estimate(mixed, threads=2, seed=7)
    assert one["speedup"] == pytest.approx(2.0, abs=0.03) and not one["unstable"]
    assert one["ci_hi"] - one["ci_lo"] < 0.2
    monkeypatch.setattr(stats, "ESTIMATE_QUANTILE", 0.5)  # the ratio of medians: its interval spans both clusters
    assert stats.estimate(mixed, threads=2, seed=7)["ci_lo"] < 1.7


def test_a_window_that_ran_on_less_machine_for_a_while_is_seen_although_no_chunk_stands_out():
    steady = [[0.002] * 32, [0.002] * 32]
    assert stats.slow_span(steady, [10] * 32) == 0.0
    # Both threads share one core for 20 ms: ten chunks each take twice as long.
    blip = [[0.002] * 10 + [0.004] * 10 + [0.002] * 12 for _ in range(2)]
    assert stats.slow_span(blip, [10] * 32) >= stats.SLOW_MIN_SECONDS
    assert not stats.is_stalled(*stats.chunk_summary(blip))  # the old rule misses it
    # A lone thread that stops for 12 ms inside one chunk.
    alone = [[0.003] * 15 + [0.015] + [0.003] * 16]
    assert stats.slow_span(alone, [20] * 32) >= stats.SLOW_MIN_SECONDS


def test_threads_taking_turns_on_the_gil_keep_a_steady_sum_and_are_not_flagged():
    # Each thread runs 5 ms and waits 5 ms; chunks of 2.5 ms of work, every other one spans a wait.
    turns = [[0.0025, 0.0075] * 16, [0.0075, 0.0025] * 16]
    assert stats.slow_span(turns, [10] * 32) < stats.SLOW_MIN_SECONDS
    # Too short a window to judge.
    assert stats.slow_span([[0.0001] * 32], [1] * 32) == 0.0


def test_the_bootstrap_is_the_plain_percentile_bootstrap_to_the_last_bit():
    # bootstrap_interval makes its draws in bulk and inlines its quantiles for speed; the
    # published intervals must stay what the plain loop, written out here, gives for a seed.
    def plain(seq, par, seed):
        rng = random.Random(seed)
        ratios = []
        for _ in range(stats.BOOTSTRAP_RESAMPLES):
            picks = [rng.randrange(len(seq)) for _ in seq]
            ratios.append(stats.typical([seq[i] for i in picks]) / stats.typical([par[i] for i in picks]))
        tail = (1 - stats.CONFIDENCE) / 2
        return stats.quantile(ratios, tail), stats.quantile(ratios, 1 - tail)

    rng = random.Random(11)
    for n in (1, 2, 3, 4, 5, 7, 8, 12, 16, 19, 40):
        seq = [rng.uniform(0.09, 0.2) for _ in range(n)]
        par = [rng.uniform(0.04, 0.2) for _ in range(n)]
        assert stats.bootstrap_interval(seq, par, seed=n) == plain(seq, par, seed=n), n
