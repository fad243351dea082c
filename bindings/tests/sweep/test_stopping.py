"""The stopping rule: where it looks, when a point is measured well enough, padding,
the closing round and reopening, with rows made by hand."""
import pytest

from gilsweep.core import stats
from gilsweep.sweep import stopping
from gilsweep.sweep.schema import Row


def row(speedup, half, clean, state=""):
    return Row(runtime="python", mode="python-release", workload="churn", knob=1, threads=2, calls=1,
               per_call_us=1.0, seq_s=1.0, par_s=1.0, speedup=speedup, speedup_lo=speedup, speedup_hi=speedup,
               repeats=clean, ci_lo=speedup - half, ci_hi=speedup + half, clean=clean, stalled=0, state=state)


def test_the_rule_looks_at_few_counts():
    assert stopping.look_counts(5, 16) == (5, 6, 8, 10, 12, 14, 16)
    assert stopping.look_counts(4, 9) == (4, 5, 6, 8, 9)
    assert stopping.look_counts(3, 3) == (3,)
    assert stopping.look_counts(2, 4) == (2, 3, 4)
    assert stopping.following_look((5, 6, 8), 5) == 6 and stopping.following_look((5, 6, 8), 7) == 8
    assert stopping.following_look((5, 6, 8), 8) == 9  # past the last look: none comes


def test_a_narrow_interval_away_from_the_lines_settles_a_point():
    lines = stopping.lines_near(1.95)  # 1.5x and 90% of a 1.95x ceiling
    assert lines == (1.5, pytest.approx(1.755))
    assert stopping.settled(row(1.1, 0.10, 5), lines)
    assert not stopping.settled(row(1.1, 0.11, 5), lines)


def test_near_a_line_a_point_needs_eight_trials_and_a_tighter_interval():
    lines = stopping.lines_near(None)
    assert lines == (1.5,)
    assert not stopping.settled(row(1.45, 0.06, 7), lines)  # touches 1.5x: too few trials
    assert stopping.settled(row(1.45, 0.06, 8), lines)
    assert not stopping.settled(row(1.45, 0.07, 12), lines)
    assert stopping.settled(row(1.35, 0.07, 5), lines)  # 1.28-1.42 does not touch 1.5x
    assert not stopping.settled(row(1.72, 0.08, 10), stopping.lines_near(1.95))  # touches 1.755x


def test_the_expansion_widens_small_samples_most():
    assert stats.expansion(1) == 1.0
    assert stats.expansion(5) == pytest.approx(1.584, abs=0.002)  # sqrt(5/4) * t(4) / z
    assert stats.expansion(8) == pytest.approx(1.290, abs=0.002)
    assert stats.expansion(5) > stats.expansion(8) > stats.expansion(16) > stats.expansion(200) > 1.0
    assert stats.expansion(10_000) == pytest.approx(1.0, abs=0.001)
    assert stats.t_975(30) == 2.042 and stats.t_975(31) == pytest.approx(2.040, abs=0.001)
    assert stats.expanded_interval(1.5, 1.4, 1.6, 5) == pytest.approx((1.5 - 0.1584, 1.5 + 0.1584), abs=1e-3)
    # An estimate outside its bootstrap interval never narrows it.
    assert stats.expanded_interval(1.0, 1.1, 1.2, 5) == (1.1, pytest.approx(1.0 + 1.584 * 0.2, abs=1e-3))


def rows_for(values):
    """{point id: [row]} from {point id: (speedup, half, clean)}."""
    return {point_id: [row(*value)] for point_id, value in values.items()}


def test_points_stop_at_looks_and_the_rest_run_to_the_cap():
    rule = stopping.Stopping(range(8), first_look=5, cap=8, seed=1)
    for round_index in range(1, 9):
        ids = rule.next_round()
        assert sorted(ids) == sorted(set(ids))
        clean = round_index
        values = {p: (1.1, 0.05 if p < 4 else 0.3, clean) for p in ids}
        rule.round_ended(rows_for(values))
        if round_index < 5:
            assert len(rule.active) == 8  # nobody stops before the first look
    assert rule.active == [] and rule.closed is False
    assert {p: s.why for p, s in rule.stopped.items()} == {**dict.fromkeys(range(4), stopping.SETTLED),
                                                             **dict.fromkeys(range(4, 8), stopping.CAPPED)}
    assert all(rule.stopped[p].rounds == 5 for p in range(4)) and all(rule.stopped[p].rounds == 8 for p in range(4, 8))


def test_short_rounds_are_padded_with_stopped_points_and_the_closing_round_has_every_point():
    rule = stopping.Stopping(range(10), first_look=2, cap=6, seed=3)
    for clean in (1, 2):
        ids = rule.next_round()
        assert sorted(ids) == list(range(10))
        rule.round_ended(rows_for({p: (1.1, 0.05 if p else 0.3, clean) for p in ids}))
    assert rule.active == [0]
    padded = rule.next_round()
    assert len(padded) == stopping.ROUND_AT_LEAST and 0 in padded and len(set(padded)) == len(padded)
    # A padded point whose estimate stays inside its interval stays stopped; one that leaves it is reopened.
    leaving = next(p for p in padded if p != 0)
    values = {p: (1.1, 0.05, 3) for p in padded} | {0: (1.1, 0.3, 3), leaving: (1.3, 0.05, 3)}
    rule.round_ended(rows_for(values))
    assert sorted(rule.active) == sorted([0, leaving]) and rule.reopened == 1
    while rule.active:
        ids = rule.next_round()
        rule.round_ended(rows_for({p: (1.3 if p == leaving else 1.1, 0.3, 6) for p in ids}))
    closing = rule.next_round()  # the points that settled: the capped ones were measured to the end
    assert sorted(closing) == sorted(p for p, s in rule.stopped.items() if s.why == stopping.SETTLED) and rule.closed
    assert 0 not in closing and leaving not in closing and len(closing) == 8
    rule.round_ended(rows_for({p: (1.1, 0.05, 7) for p in closing}))
    assert rule.next_round() == []  # one closing round only
    assert rule.summary()["closing_round"] is True and rule.summary()["active"] == 0


def test_the_ceiling_sets_a_second_line():
    seen = []

    def ceiling_of(point_id, rows):
        seen.append(point_id)
        return 2.0

    rule = stopping.Stopping([0], first_look=2, cap=4, seed=1, ceiling_of=ceiling_of)
    rule.next_round()
    rule.round_ended(rows_for({0: (1.8, 0.05, 2)}))  # touches 1.8x = 90% of 2.0x: needs 8 trials
    assert rule.active == [0] and seen == [0]


def test_each_state_with_a_fair_share_of_the_trials_must_settle():
    rule = stopping.Stopping([0], first_look=5, cap=16, seed=1)
    for _ in range(6):
        rule.next_round()
    # 4 normal trials settled, 2 slow ones wide: the slow state holds a third, so the point goes on.
    rule.round_ended({0: [row(1.8, 0.05, 4, "normal"), row(1.1, 0.4, 2, "slow")]})
    assert rule.active == [0]
    rule.next_round()
    # 7 normal, 1 slow: the slow state holds an eighth and does not keep the point measured.
    rule.round_ended({0: [row(1.8, 0.05, 7, "normal"), row(1.1, 0.4, 1, "slow")]})
    assert rule.active == [] and rule.stopped[0].why == stopping.SETTLED
    assert rule.stopped[0].intervals == {"normal": pytest.approx((1.75, 1.85)), "slow": pytest.approx((0.7, 1.5))}


def test_a_padded_point_reopens_when_a_state_it_was_not_read_in_gains_a_fair_share():
    rule = stopping.Stopping(range(2), first_look=2, cap=8, seed=1)
    for clean in (1, 2):
        rule.next_round()
        rule.round_ended({0: [row(1.1, 0.05, clean, "normal")], 1: [row(1.1, 0.3, clean)]})
    assert rule.active == [1]
    assert 0 in rule.next_round()
    rule.round_ended({0: [row(1.1, 0.05, 2, "normal"), row(1.6, 0.3, 1, "slow")], 1: [row(1.1, 0.3, 3)]})
    assert 0 in rule.active and rule.reopened == 1


def test_judged_rows_are_the_states_with_a_fair_share():
    normal, slow = row(1.8, 0.05, 9, "normal"), row(1.1, 0.4, 3, "slow")
    assert stopping.judged([normal, slow]) == [normal, slow]
    assert stopping.judged([normal, row(1.1, 0.4, 2, "slow")]) == [normal]
    assert stopping.judged([row(1.1, 0.4, 0)]) == []
