"""The schedule: randomized interleaved rounds, one warm-up round, re-queues and
deferrals that never put two trials of one point side by side."""
import random

import pytest

from gilsweep.core.schedule import Schedule


@pytest.mark.parametrize("points", [2, 3, 7, 40])
def test_the_schedule_never_puts_two_trials_of_one_point_side_by_side(points):
    for seed in range(30):
        schedule = Schedule(points, repeats=5, seed=seed)
        rng = random.Random(seed)
        ran = []
        for trial in schedule:
            # Deferrals (the trial does not run), which may leave two trials of one point side by side.
            if not trial.warmup and trial.deferrals < 3 and rng.random() < 0.2:
                schedule.defer(trial)
                continue
            ran.append(trial.point)
            # Re-queues, where other points leave room for them (two points alternate: no room).
            if points > 3 and not trial.warmup and schedule.remaining() > points and rng.random() < 0.2:
                schedule.requeue(trial.point)
        assert len(ran) >= 6 * points and sorted(set(ran)) == list(range(points))
        # Only the tail may repeat a point, once no other point is left to run.
        while len(ran) > 1 and ran[-1] == ran[-2]:
            ran.pop()
        assert all(a != b for a, b in zip(ran, ran[1:])), seed


def test_every_round_runs_every_point_once_after_one_warm_up_round():
    trials = list(Schedule(5, repeats=3, seed=1))
    assert [u.warmup for u in trials] == [True] * 5 + [False] * 15
    for round_index in range(4):
        assert sorted(u.point for u in trials[5 * round_index:5 * round_index + 5]) == list(range(5))
    assert trials == list(Schedule(5, repeats=3, seed=1))  # the recorded seed replays the order
    assert trials != list(Schedule(5, repeats=3, seed=2))


def test_a_deferred_unit_comes_back_later_and_counts_its_deferrals():
    schedule = Schedule(6, repeats=2, seed=4)
    seen = []
    for trial in schedule:
        if not trial.warmup and trial.point == 0 and trial.deferrals < 2:
            schedule.defer(trial)
            continue
        seen.append(trial)
    assert sorted(u.point for u in seen) == sorted(list(range(6)) * 3)  # nothing lost, nothing doubled
    assert [u.deferrals for u in seen if u.point == 0 and not u.warmup] == [2, 2]
