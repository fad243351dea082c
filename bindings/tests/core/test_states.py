"""The GIL-handoff states: a trial's state from its canaries, each state's view of a
run's rows, and the curves a mode has in each."""
from dataclasses import replace

from gilsweep.core import states
from helpers import row


def test_a_trial_is_in_a_state_only_when_both_canaries_say_so():
    assert states.trial_state(True, True) == states.NORMAL
    assert states.trial_state(False, False) == states.SLOW
    assert states.trial_state(True, False) == states.trial_state(False, True) == states.MIXED


def in_state(r, state):
    return replace(r, state=state)


ROWS = [in_state(row("python-release", 1, 0.3, 1.6), "normal"), in_state(row("python-release", 1, 0.3, 0.6), "slow"),
        row("python-release", 3, 300.0, 1.9), row("swift-threads", 1, 0.3, 1.9)]


def test_each_state_sees_its_own_rows_and_the_stateless_ones():
    assert states.states_of(ROWS) == ["normal", "slow"]
    assert [r.speedup for r in states.view(ROWS, "slow")] == [0.6, 1.9, 1.9]
    assert set(states.views(ROWS)) == {"normal", "slow"}
    assert [r.speedup for r in states.primary(ROWS)] == [1.6, 1.9, 1.9]
    plain = [r for r in ROWS if not r.state]
    assert states.views(plain) == {"": plain} and states.primary(plain) == plain


def test_a_mode_has_a_curve_per_state_named_apart_only_in_the_slow_one():
    curves = states.series(ROWS)
    assert set(curves) == {("churn", 2, "python-release"), ("churn", 2, "python-release (slow handoff)"),
                           ("churn", 2, "swift-threads")}
    assert [r.speedup for r in curves[("churn", 2, "python-release (slow handoff)")]] == [0.6, 1.9]
    for mode in ("python-release", "swift-threads"):
        for state in ("", "normal", "slow"):
            assert states.split(states.series_name(mode, state)) == (mode, "" if state == "normal" else state)
    assert states.words("slow") == "slow handoff"
    # A run that only ever read the slow state still names its curve so.
    only_slow = [r for r in ROWS if r.state != "normal"]
    assert ("churn", 2, "python-release (slow handoff)") in states.series(only_slow)
