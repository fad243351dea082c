"""trials.py: a trial measured with its canary readings. After a steady streak one reading
stands for a block of trials: every trial is still judged, by the readings around its block;
a bad reading or a change of handoff state judges the whole block and brings back a reading per trial."""
import itertools
import time

import pytest

from gilsweep.core import canary, modes, stats, weather
from gilsweep.sweep import analysis, engine, trials
from gilsweep.sweep.config import SweepConfig
from helpers import run_cli


def quiet_host(monkeypatch, readings):
    """Canary.read answers from `readings` (capacity, handoff) by position; the
    verdict is the canary's rule against a best handoff of 1.9 (the real best
    comes from this machine's own checks, which a test must not depend on)."""
    monkeypatch.setattr(stats, "is_stalled", lambda max_chunk_s, median_chunk_s: False)
    # A healthy reading after a trial always stands before the next one, however slow the build
    # (under ASan a trial can outlast REUSE_SECONDS): the tests count readings by position.
    monkeypatch.setattr(weather, "REUSE_SECONDS", 3600.0)
    monkeypatch.setattr(stats, "BALANCE_MIN", 0.0)
    count = itertools.count()

    def read(self, handoff=True):
        capacity, check = readings(next(count))
        return canary.Reading(capacity, check if handoff else None)
    monkeypatch.setattr(canary.Canary, "read", read)
    monkeypatch.setattr(canary.Canary, "verdict", lambda self, r: (
        r.capacity >= canary.HEALTHY_SHARE * self.threads,
        r.handoff is None or r.handoff >= canary.HANDOFF_SHARE * 1.9))


def config(block, mode=modes.PYTHON_HOLD, knobs=(10, 1000, 100_000), repeats=8, **more):
    return SweepConfig(workloads=["churn"], modes=[mode], threads=[2], knobs={"churn": list(knobs)}, repeats=repeats,
                       target_seconds=0.003, forecast_s=0, seed=3, extra_rounds=0, max_wait_s=0, canary_block=block,
                       **more)


#: Six points: rounds long enough for blocks of 4 (a round's last trials close their block early).
KNOBS = (10, 100, 1000, 3000, 10_000, 100_000)


def trial_ids(run):
    return {(w["point"], w["trial"]) for w in run.windows if w["kind"] == "seq"}


def test_after_a_steady_streak_one_reading_stands_for_a_block_and_every_trial_is_still_judged(monkeypatch):
    quiet_host(monkeypatch, lambda i: (2.0, 1.9))
    before = time.monotonic()
    run = engine.Sweep(config(block=4, knobs=KNOBS), swift_binary=None).run()
    # Its zero on the monotonic clock, to set it against the noise injector's log (states_check.py).
    assert before <= run.budget["started_monotonic_s"] <= before + 1.0
    measured = len(trial_ids(run))
    assert measured == len(KNOBS) * 8 and len(run.windows) == 2 * measured  # every planned trial, both windows kept
    assert all(analysis.window_flag(w) is None for w in run.windows)
    after = [c for c in run.canaries if c["when"] == "after"]
    # The first HEALTHY_STREAK trials have a reading each; then one per block of 4 (or fewer at a
    # round's end, where a block is closed so its flagged trials could be measured again in the round).
    assert trials.HEALTHY_STREAK + (measured - trials.HEALTHY_STREAK) / 4 <= len(after) < measured * 0.7
    seq_order = {w["order"] for w in run.windows if w["kind"] == "seq"}
    assert {c["order"] for c in after} <= seq_order  # a block's reading carries its last trial's place
    # Readings in the streak check the handoff, so a block may hold a trial that cares.
    assert all(c["handoff"] is not None for c in after[trials.HEALTHY_STREAK:])


def test_with_a_block_of_one_every_trial_keeps_its_own_readings(monkeypatch):
    quiet_host(monkeypatch, lambda i: (2.0, 1.9))
    run = engine.Sweep(config(block=1, knobs=KNOBS), swift_binary=None).run()
    after = [c for c in run.canaries if c["when"] == "after"]
    assert len(after) == len(trial_ids(run)) == len(KNOBS) * 8


def test_a_bad_reading_at_a_block_end_flags_the_whole_block_and_brings_back_a_reading_per_trial(monkeypatch):
    # After the first before-reading, every reading is one after trials (a healthy one stands before
    # the next trial): readings 1-16 are the streak, then one per block; the next reading ends a
    # block and finds one core, and so does the reading that confirms it.
    bad = (trials.HEALTHY_STREAK + 1, trials.HEALTHY_STREAK + 2)
    quiet_host(monkeypatch, lambda i: (1.0 if i in bad else 2.0, 1.9))
    run = engine.Sweep(config(block=4, knobs=KNOBS, repeats=10), swift_binary=None).run()
    flagged = sorted({(w["order"], w["point"], w["trial"]) for w in run.windows
                      if analysis.window_flag(w) == "capacity" and w["kind"] == "seq"})
    assert 2 <= len(flagged) <= 4  # the block the bad reading closed, all of it
    orders = [order for order, _, _ in flagged]
    assert orders == list(range(orders[0], orders[0] + len(orders)))  # consecutive trials
    # Each was measured again (requeued), so every point still has its 10 clean trials.
    clean = {}
    for w in run.windows:
        if w["kind"] == "seq" and analysis.window_flag(w) is None:
            clean[w["point"]] = clean.get(w["point"], 0) + 1
    assert sorted(clean.values()) == [10] * len(KNOBS)
    # After the bad reading, a reading per trial again for a streak.
    after = [c for c in run.canaries if c["when"] == "after"]
    bad = next(k for k, c in enumerate(after) if not c["healthy"])
    next_orders = [c["order"] for c in after[bad + 1:bad + 1 + trials.HEALTHY_STREAK]]
    assert next_orders == list(range(next_orders[0], next_orders[0] + trials.HEALTHY_STREAK))


def test_a_block_that_sees_the_handoff_change_state_leaves_its_trials_mixed(monkeypatch):
    # A steady slow handoff (measured in: the run may not wait for it), then normal from reading 40 on.
    # Slow readings do not stand before the next trial, so the streak takes two readings a trial,
    # and blocks of two trials (a round's length) follow it.
    flip = 40
    assert 2 * trials.HEALTHY_STREAK + 2 < flip
    quiet_host(monkeypatch, lambda i: (2.0, 0.5 if i < flip else 1.9))
    run = engine.Sweep(config(block=4, mode=modes.PYTHON_RELEASE, knobs=(1000, 3000), repeats=24),
                       swift_binary=None).run()
    seq = [w for w in run.windows if w["kind"] == "seq"]
    assert {w["handoff_state"] for w in seq} == {"slow", "mixed", "normal"}
    mixed = [w for w in seq if w["handoff_state"] == "mixed"]
    assert all(analysis.window_flag(w) == "handoff" for w in mixed) and len(mixed) <= 4
    after = [c for c in run.canaries if c["when"] == "after"]
    # Blocks formed in the slow state too: fewer readings than trials before the change.
    assert len(after) < len(seq)
    rows, _ = run.analyze()
    assert {r.state for r in rows} == {"slow", "normal"}


def test_a_flagged_window_ends_the_streak(monkeypatch):
    quiet_host(monkeypatch, lambda i: (2.0, 1.9))

    def stall(point, trial, kind):
        return 0.05 if (point.id, trial, kind) == (1, 4, "par") else 0.0
    monkeypatch.setattr(stats, "is_stalled", lambda max_chunk_s, median_chunk_s: max_chunk_s > 0.04)
    run = engine.Sweep(config(block=4, knobs=KNOBS, stall_injector=stall), swift_binary=None).run()
    stalled = [w for w in run.windows if analysis.window_flag(w) == "stall"]
    assert len(stalled) == 1
    after = [c for c in run.canaries if c["when"] == "after"]
    at = next(k for k, c in enumerate(after) if c["order"] >= stalled[0]["order"])
    following = [c["order"] for c in after[at + 1:at + 1 + trials.HEALTHY_STREAK]]
    assert following == list(range(following[0], following[0] + len(following)))  # a reading per trial again


@pytest.mark.parametrize("block", [0, -1, 17])
def test_a_block_out_of_range_is_refused_in_one_line(block):
    with pytest.raises(ValueError, match="--canary-block must be between 1 and 16 trials"):
        config(block=block)
    result = run_cli("sweep", "--quick", "--canary-block", str(block), "--out", "unused")
    assert result.returncode != 0 and "--canary-block must be between 1 and 16" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_run_interrupted_inside_a_block_keeps_the_block_s_trials(monkeypatch):
    quiet_host(monkeypatch, lambda i: (2.0, 1.9))
    started = []

    def interrupt(point, trial, kind):
        started.append((point.id, trial, kind))
        if len(started) == 2 * (trials.HEALTHY_STREAK + 3) + 1:  # the fourth trial of the first block
            raise KeyboardInterrupt
        return 0.0
    sweep = engine.Sweep(config(block=4, knobs=KNOBS, stall_injector=interrupt), swift_binary=None)
    with pytest.raises(KeyboardInterrupt):
        sweep.run()
    run = sweep.run_data
    # Every trial whose two windows ran is in the run, judged; the one cut short is not.
    assert len(trial_ids(run)) == trials.HEALTHY_STREAK + 3 and len(run.windows) == 2 * len(trial_ids(run))
    assert all(analysis.window_flag(w) is None for w in run.windows)
