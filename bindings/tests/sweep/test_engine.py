"""The engine: stalls, flagged capacity and a slow GIL handoff injected, re-queues,
deferrals, extra rounds, the time budget, and one window schema for Python and Swift."""
import itertools

import pytest

from gilsweep.core import canary, modes, states, stats
from gilsweep.sweep import analysis, engine, report
from gilsweep.sweep import config as sweep_config
from gilsweep.sweep.config import MAX_REQUEUES, SweepConfig
from gilsweep.sweep.schema import CANARY_KEYS, TIMELINE_KEYS, WINDOW_KEYS
from helpers import SWIFT, needs_swift


def test_only_modes_that_release_the_gil_per_call_on_small_calls_need_a_fast_handoff():
    assert states.hands_off_often(modes.PYTHON_RELEASE, 2, 1e-6)
    assert states.hands_off_often(modes.CTYPES, 2, 50e-6)
    assert not states.hands_off_often(modes.PYTHON_RELEASE, 2, 300e-6)  # rare handoffs
    assert not states.hands_off_often(modes.PYTHON_RELEASE, 1, 1e-6)  # nobody to hand over to
    for mode in (modes.PYTHON_HOLD, modes.PROCESSES, modes.SWIFT_THREADS, modes.PURE_PYTHON):
        assert not states.hands_off_often(mode, 2, 1e-6)


def point_stats(run, point):
    rows, _ = run.analyze()
    return next(r for r in rows if r.knob == point.knob and r.mode == point.mode)


@pytest.fixture
def always_healthy(monkeypatch):
    """Capacity, handoff and balance checks pass, so a test sees only the stall it injects."""
    monkeypatch.setattr(canary.Canary, "verdict", lambda self, reading: (True, True))
    monkeypatch.setattr(stats, "BALANCE_MIN", 0.0)


def test_an_injected_stall_is_flagged_requeued_and_left_out(always_healthy):
    def stall(point, trial, kind):
        return 0.3 if (point.id, trial, kind) == (0, 3, "par") else 0.0

    config = SweepConfig(workloads=["churn"], modes=[modes.PYTHON_RELEASE], threads=[2],
                                knobs={"churn": [30_000, 100_000]}, repeats=5, target_seconds=0.03, forecast_s=0, seed=11,
                                stall_injector=stall)
    run = engine.Sweep(config, swift_binary=None).run()
    stalled = [w for w in run.windows if (w["point"], w["trial"], w["kind"]) == (0, 3, "par")]
    assert len(stalled) == 1 and analysis.window_flag(stalled[0]) == "stall"
    trials = {w["trial"] for w in run.windows if w["point"] == 0 and not w["warmup"]}
    assert len(trials) >= 6  # 5 rounds, and the stalled trial measured again
    row = point_stats(run, run.points[0])
    assert row.stalled >= 1 and row.clean == row.repeats - row.stalled and row.clean >= 5
    seq = next(w for w in run.windows if (w["point"], w["trial"], w["kind"]) == (0, 3, "seq"))
    assert seq["wall_s"] / stalled[0]["wall_s"] < 0.6 * row.speedup  # that trial alone would have dragged it down
    # The estimate is the one without the stalled trial.
    kept = [w for w in run.windows if not (w["point"] == 0 and w["trial"] == 3)]
    without = analysis.analyze(run.points, kept, run.seed)[0][0]
    assert (without.speedup, without.ci_lo, without.ci_hi, without.clean) == (row.speedup, row.ci_lo, row.ci_hi, row.clean)


def test_flagged_trials_are_requeued_at_most_three_times_then_unstable_points_get_extra_rounds(monkeypatch):
    no_host_stalls(monkeypatch)  # the canary's flags are the subject: a real host stall would add its own
    monkeypatch.setattr(canary.Canary, "verdict", lambda self, reading: (False, True))
    config = SweepConfig(warmup_rounds=1, workloads=["churn"], modes=[modes.PYTHON_HOLD], threads=[2],
                         knobs={"churn": [10, 1000]},
                                repeats=2, target_seconds=0.005, forecast_s=0, seed=3, max_wait_s=0, extra_rounds=2)
    run = engine.Sweep(config, swift_binary=None).run()
    for point in run.points:
        measured = {w["trial"] for w in run.windows if w["point"] == point.id and not w["warmup"]}
        assert len(measured) == 2 + MAX_REQUEUES + 2
    rows, extras = run.analyze()  # nothing clean: still shown, from flagged trials, and unstable
    assert len(rows) == 2 and all(r.clean == 0 and r.stalled == r.repeats == 2 + MAX_REQUEUES + 2 for r in rows)
    assert all(extras[p.id]["unstable"] for p in run.points)
    assert run.noise_counts()["capacity_units"] == 2 * (1 + 2 + MAX_REQUEUES + 2)
    orders = [w["order"] for w in run.windows if w["kind"] == "seq"]
    assert orders == list(range(len(orders)))  # every unit numbered once, in run order


def test_a_slow_gil_handoff_is_a_state_measured_once_waiting_for_it_is_spent(monkeypatch):
    no_host_stalls(monkeypatch)  # the canary's flags are the subject: a real host stall would add its own
    monkeypatch.setattr(canary.Canary, "verdict", lambda self, reading: (True, False))
    config = SweepConfig(warmup_rounds=1, workloads=["churn"], modes=[modes.PYTHON_RELEASE], threads=[2],
                         knobs={"churn": [1000]}, repeats=2, target_seconds=0.005, forecast_s=0, seed=3,
                         max_wait_s=5, handoff_wait_s=0.3, extra_rounds=0)
    run = engine.Sweep(config, swift_binary=None).run()
    assert run.points[0].handoff_sensitive
    measured = [w for w in run.windows if not w["warmup"]]
    assert measured and all(w["handoff_state"] == "slow" and analysis.window_flag(w) is None for w in measured)
    assert all(c["handoff"] is not None and set(c) == set(CANARY_KEYS) for c in run.canaries)
    noise = run.noise_counts()
    # Trials were put off and waited for only until the short handoff allowance was spent.
    assert noise["handoff_units"] == 0 and noise["state_trials"] == {"slow": 2}  # the warm-up not counted
    assert 0 < run.budget["handoff_wait_spent_s"] and noise["capacity_wait_s"] < 0.3 + 1.0
    assert run.budget.get("wait_allowance_spent_s") is None  # the rest of --max-wait stays for the cores
    (row,) = run.analyze()[0]
    assert row.state == "slow" and row.clean == 2
    assert "for the slow handoff" in run.verdict().reason and "the only state measured" in run.verdict().reason


def test_a_trial_whose_handoff_changed_state_belongs_to_neither(monkeypatch):
    no_host_stalls(monkeypatch)
    readings = itertools.count()

    def read(self, handoff=True):  # three readings normal, three slow, ...: a state flipping fast
        return canary.Reading(2.0, (1.0 if next(readings) // 3 % 2 == 0 else 0.1) if handoff else None)
    monkeypatch.setattr(canary.Canary, "read", read)
    monkeypatch.setattr(canary.Canary, "verdict", lambda self, r: (True, r.handoff is None or r.handoff > 0.5))
    config = SweepConfig(workloads=["churn"], modes=[modes.PYTHON_RELEASE], threads=[2], knobs={"churn": [1000]},
                         repeats=4, target_seconds=0.005, forecast_s=0, seed=3, max_wait_s=0, extra_rounds=0)
    run = engine.Sweep(config, swift_binary=None).run()
    seen = {w["handoff_state"] for w in run.windows}
    assert seen == {"normal", "slow", "mixed"}
    for w in run.windows:
        assert (analysis.window_flag(w) == "handoff") == (w["handoff_state"] == "mixed")
    rows, _ = run.analyze()
    clean_states = {w["handoff_state"] for w in run.windows if analysis.window_flag(w) is None}
    assert {r.state for r in rows} == clean_states and all(r.state in ("normal", "slow") for r in rows)


def test_a_slow_handoff_leaves_units_that_do_not_hand_the_gil_over_alone(monkeypatch):
    no_host_stalls(monkeypatch)  # the canary's flags are the subject: a real host stall would add its own
    # The probe is read only for the handoff-sensitive point, and it is always slow.
    monkeypatch.setattr(canary.Canary, "verdict", lambda self, reading: (True, reading.handoff is None))
    config = SweepConfig(warmup_rounds=1, workloads=["churn"], modes=[modes.PYTHON_HOLD, modes.PYTHON_RELEASE], threads=[2],
                                knobs={"churn": [1000]}, repeats=2, target_seconds=0.005, forecast_s=0, seed=3, max_wait_s=0,
                                extra_rounds=0)
    run = engine.Sweep(config, swift_binary=None).run()
    hold, release = (next(p for p in run.points if p.mode == mode) for mode in (modes.PYTHON_HOLD, modes.PYTHON_RELEASE))
    hold_windows = [w for w in run.windows if w["point"] == hold.id]
    assert len(hold_windows) == 2 * 3 and all(analysis.window_flag(w) is None for w in hold_windows)
    assert not hold.handoff_sensitive and all(w["handoff_state"] is None for w in hold_windows)
    assert all(w["handoff_state"] == "slow" for w in run.windows if w["point"] == release.id)
    assert {(r.mode, r.state) for r in run.analyze()[0]} == {(modes.PYTHON_HOLD, ""), (modes.PYTHON_RELEASE, "slow")}
    by_order = {w["order"]: w["point"] for w in run.windows}
    for record in run.canaries:
        assert (record["handoff"] is None) == (by_order[record["order"]] == hold.id)


class ScriptedCanary:
    """Canary.read replaced by a script of capacities (the last one repeats), so
    a test decides when the machine delivers its cores; the verdict is the real one."""

    def __init__(self, capacities):
        self.capacities = list(capacities)
        self.reads = 0

    def __call__(self, real_canary, handoff=True):
        capacity = self.capacities[min(self.reads, len(self.capacities) - 1)]
        self.reads += 1
        return canary.Reading(capacity * real_canary.threads / 2, 1.9 if handoff and real_canary.threads > 1 else None)


def test_the_parallel_windows_of_modes_whose_threads_run_apart_record_their_balance(always_healthy):
    config = SweepConfig(workloads=["churn"], modes=[modes.PYTHON_HOLD, modes.PYTHON_RELEASE], threads=[2],
                         knobs={"churn": [100_000]}, repeats=2, target_seconds=0.02, forecast_s=0, seed=3,
                         extra_rounds=0, max_wait_s=0)
    run = engine.Sweep(config, swift_binary=None).run()
    mode_of = {p.id: p.mode for p in run.points}
    for w in run.windows:
        if w["kind"] == "par" and mode_of[w["point"]] == modes.PYTHON_RELEASE:
            assert 0.3 < w["balance"] <= 1.0 + 1e-9  # in-call time of both threads against 2 x the wall
        else:
            assert w["balance"] is None  # one thread, or threads taking turns on the GIL


def no_host_stalls(monkeypatch):
    """Chunks of a loaded machine are never read as stalls: a test that counts
    trials must not see a requeue the host's scheduler caused (nor read an uneven window)."""
    monkeypatch.setattr(stats, "is_stalled", lambda max_chunk_s, median_chunk_s: False)
    monkeypatch.setattr(stats, "BALANCE_MIN", 0.0)


def scripted(monkeypatch, capacities):
    no_host_stalls(monkeypatch)
    script = ScriptedCanary(capacities)
    monkeypatch.setattr(canary.Canary, "read", lambda self, handoff=True: script(self, handoff))
    monkeypatch.setattr(canary.Canary, "best_handoff", 1.9, raising=False)
    return script


def test_the_run_waits_for_the_machine_instead_of_measuring_trials_it_would_flag(monkeypatch):
    # One core's worth for the first 12 readings (about a second of polling), then two cores.
    scripted(monkeypatch, [1.0] * 12 + [2.0])
    config = SweepConfig(workloads=["churn"], modes=[modes.PYTHON_HOLD], threads=[2], knobs={"churn": [10, 1000]},
                                repeats=2, target_seconds=0.005, forecast_s=0, seed=3, extra_rounds=0)
    run = engine.Sweep(config, swift_binary=None).run()
    assert run.windows and all(analysis.window_flag(w) != "capacity" for w in run.windows)
    waits = [r for r in run.timeline if r["phase"] == "wait"]
    assert len(waits) == 12 and not any(r["capacity_ok"] for r in waits[:-1]) and waits[-1]["capacity_ok"]
    assert run.canaries[0]["checks"] == 13 and run.canaries[0]["waited_s"] >= 12 * 0.1
    assert all(set(r) == set(TIMELINE_KEYS) for r in run.timeline)
    assert [r["t"] for r in run.timeline] == sorted(r["t"] for r in run.timeline)
    assert run.noise_counts()["units_skipped"] == 0 and "wait_allowance_spent_s" not in run.budget


def test_a_healthy_reading_after_a_trial_stands_as_the_reading_before_the_next(monkeypatch):
    script = scripted(monkeypatch, [2.0])
    config = SweepConfig(warmup_rounds=1, workloads=["churn"], modes=[modes.PYTHON_HOLD], threads=[2],
                         knobs={"churn": [10, 1000]},
                         repeats=3, target_seconds=0.005, forecast_s=0, seed=3, extra_rounds=0)
    run = engine.Sweep(config, swift_binary=None).run()
    units = len({(w["point"], w["trial"]) for w in run.windows})
    phases = [r["phase"] for r in run.timeline]
    assert units == 2 * 4 and phases.count("after") == units and phases[0] == "before"
    assert phases.count("before") < units and script.reads == len(run.timeline)  # every reading recorded once
    assert [c["when"] for c in run.canaries] == ["before", "after"] * units  # still one each side of every trial


def test_waiting_does_not_eat_the_measurement_budget(monkeypatch):
    # 3 s of waiting before the first trial, against a budget of 2.5 s that a dozen
    # 5 ms windows cannot use up even on a busy machine.
    scripted(monkeypatch, [1.0] * 30 + [2.0])
    config = SweepConfig(warmup_rounds=1, workloads=["churn"], modes=[modes.PYTHON_HOLD], threads=[2],
                         knobs={"churn": [10, 1000]},
                                repeats=2, target_seconds=0.005, forecast_s=0, seed=3, extra_rounds=0, time_budget_s=2.5)
    sweep = engine.Sweep(config, swift_binary=None)
    run = sweep.run()
    assert sweep.weather.waited_s >= 2.9 and sweep.clock.measuring_s() < 2.5
    assert run.noise_counts()["units_skipped"] == 0 and "stopped_s" not in run.budget
    assert len({(w["point"], w["trial"]) for w in run.windows}) == 2 * 3  # every planned unit


def test_once_the_waiting_allowance_is_spent_trials_are_measured_flagged_and_not_repeated(monkeypatch):
    scripted(monkeypatch, [1.0])  # never two cores
    config = SweepConfig(warmup_rounds=1, workloads=["churn"], modes=[modes.PYTHON_HOLD], threads=[2],
                         knobs={"churn": [10, 1000]},
                                repeats=2, target_seconds=0.005, forecast_s=0, seed=3, extra_rounds=2, max_wait_s=0.5)
    run = engine.Sweep(config, swift_binary=None).run()
    assert all(analysis.window_flag(w) == "capacity" for w in run.windows)
    assert len({(w["point"], w["trial"]) for w in run.windows}) == 2 * 3  # the planned units, nothing more
    noise = run.noise_counts()
    assert 0.5 <= noise["capacity_wait_s"] < 1.0 and noise["wait_allowance_spent_s"] is not None
    assert noise["requeues_skipped"] == 2 * 2 and noise["extra_rounds_skipped"] == 2
    trust = run.verdict()
    assert not trust.trustworthy and "the waiting allowance (0.5 s) ran out" in trust.reason  # a fact
    assert "the waiting allowance" in trust.reason and "0 of 2 points stable" in trust.reason


def test_the_whole_run_limit_stops_the_waiting_and_the_trials_and_says_so(monkeypatch):
    scripted(monkeypatch, [1.0])  # never two cores: without the limit the run would wait its 600 s
    monkeypatch.setattr(sweep_config, "FINISH_SECONDS", 0.5)
    config = SweepConfig(workloads=["churn"], modes=[modes.PYTHON_HOLD], threads=[2], knobs={"churn": [10, 1000]},
                                repeats=3, target_seconds=0.005, forecast_s=0, seed=3, extra_rounds=2, max_time_s=2.0)
    sweep = engine.Sweep(config, swift_binary=None)
    run = sweep.run()
    assert run.complete and sweep.clock.elapsed() < 2.0 and sweep.weather.waited_s < 1.6
    assert run.budget["stopped_by"] == "max_time" and 1.5 <= run.budget["stopped_s"] < 2.0
    noise = run.noise_counts()
    assert noise["units_skipped"] > 0 and noise["stopped_by"] == "max_time"
    assert "stopped at 2 s (its limit on the whole run, --max-time)" in report.summary_markdown(
        [], {}, True, noise=noise)
    assert not run.verdict().trustworthy


def test_a_whole_run_limit_too_short_to_finish_in_is_refused():
    with pytest.raises(ValueError, match="--max-time must be between 30 and 86400 seconds"):
        SweepConfig(workloads=["churn"], modes=[modes.PYTHON_HOLD], threads=[2], knobs={"churn": [10]}, max_time_s=10)


def test_past_the_budget_only_points_still_unstable_are_measured_up_to_the_cap(monkeypatch, always_healthy):
    no_host_stalls(monkeypatch)
    monkeypatch.setattr(engine.Sweep, "_unstable_points", lambda self: [0])
    config = SweepConfig(warmup_rounds=1, workloads=["churn"], modes=[modes.PYTHON_HOLD], threads=[2],
                         knobs={"churn": [10, 1000]},
                                repeats=3, target_seconds=0.005, forecast_s=0, seed=3, extra_rounds=2,
                                time_budget_s=1e-6)
    monkeypatch.setattr(sweep_config, "HARD_CAP_FACTOR", 1e9)
    run = engine.Sweep(config, swift_binary=None).run()
    trials = {p.id: {w["trial"] for w in run.windows if w["point"] == p.id} for p in run.points}
    # Planned, then 2 extra rounds (or fewer, once the stopping rule lets it go, then as padding for
    # point 1's rounds and once in the closing round); point 1 none.
    assert set(range(1 + 3)) <= trials[0] <= set(range(1 + 3 + 2 + 1)) and trials[1] == set()
    noise = run.noise_counts()
    # Point 1, never measured, is never let go by the stopping rule: its extra rounds are skipped too.
    assert noise["stable_units_skipped"] == 1 + 3 + 2 and noise["past_budget_s"] is not None
    assert "only points still unstable were measured (6 planned trials" in report.summary_markdown(
        run.analyze()[0], {}, True, noise=noise)


def test_at_the_time_budget_the_run_stops_and_says_what_it_skipped():
    config = SweepConfig(warmup_rounds=1, workloads=["churn"], modes=[modes.PYTHON_HOLD], threads=[2],
                         knobs={"churn": [10, 1000]},
                                repeats=3, target_seconds=0.005, forecast_s=0, seed=3, time_budget_s=0.0)
    run = engine.Sweep(config, swift_binary=None).run()
    assert run.complete and run.windows == []
    noise = run.noise_counts()
    assert noise["units_skipped"] == 2 * (1 + 3) and noise["stopped_s"] >= 0
    assert "The run stopped at" in report.summary_markdown([], {}, True, noise=noise)


@needs_swift
def test_python_and_swift_windows_share_one_schema_and_swift_stalls_are_seen(always_healthy):
    def stall(point, trial, kind):
        return 0.25 if point.mode == modes.SWIFT_THREADS and (trial, kind) == (2, "seq") else 0.0

    config = SweepConfig(workloads=["gcd"], modes=[modes.PYTHON_RELEASE, modes.CTYPES, modes.SWIFT_THREADS],
                                threads=[2], knobs={"gcd": [64, 4096]}, repeats=3, target_seconds=0.01, forecast_s=0, seed=5,
                                stall_injector=stall)
    run = engine.Sweep(config, swift_binary=SWIFT).run()
    assert {p.runtime for p in run.points} == {"python", "swift"}
    assert all(set(w) == set(WINDOW_KEYS) - {"flag"} for w in run.windows)
    assert all(set(c) == set(CANARY_KEYS) for c in run.canaries)
    swift_ids = {p.id for p in run.points if p.mode == modes.SWIFT_THREADS}
    flagged = [w for w in run.windows if w["point"] in swift_ids and analysis.window_flag(w) == "stall"]
    assert {(w["trial"], w["kind"]) for w in flagged} >= {(2, "seq")}
    rows, _ = run.analyze()
    assert {r.mode for r in rows} == set(config.modes) and all(r.speedup > 0 for r in rows)


@needs_swift
@pytest.mark.parametrize("workload", sorted(modes.BATCH_OF))
def test_a_batch_sweep_measures_every_mode_that_applies(always_healthy, workload):
    config = SweepConfig(workloads=[workload], modes=list(modes.MODES), threads=[2], knobs={workload: [4, 256]},
                                repeats=2, target_seconds=0.01, forecast_s=0, seed=5, extra_rounds=0)
    run = engine.Sweep(config, swift_binary=SWIFT).run()
    measured = {(p.mode, p.knob) for p in run.points}
    expected_modes = {m for m in modes.MODES if modes.applies(m, workload)}
    assert measured == {(m, k) for m in expected_modes for k in (4, 256)}
    rows, _ = run.analyze()
    # Every mode that applies yields a row with a positive time per call at both knobs. That each
    # caller passes the whole batch, and that a larger batch costs more per call, is checked on the
    # runners themselves (test_whole_batch.py), each time the least of a few windows, which host
    # stalls cannot shorten; a row here is a median of two trials, which one stall can lengthen.
    assert {(r.mode, r.knob) for r in rows} == {(m, k) for m in expected_modes for k in (4, 256)}
    assert all(r.per_call_us > 0 for r in rows)



def test_a_refined_grid_adds_points_after_the_first_look_and_measures_them_as_fully(monkeypatch, always_healthy):
    no_host_stalls(monkeypatch)
    asked = []

    def refinements(rows, dense):
        asked.append(sorted(r.knob for r in rows))
        return {("churn", modes.PYTHON_HOLD, 2, 300), ("churn", modes.PYTHON_HOLD, 2, 100)}  # 100: measured already

    monkeypatch.setattr(engine.grid, "refinements", refinements)
    config = SweepConfig(workloads=["churn"], modes=[modes.PYTHON_HOLD], threads=[2], knobs={"churn": [100, 1000]},
                         refine_knobs={"churn": [100, 300, 1000]}, repeats=3, extra_rounds=1, target_seconds=0.005,
                         forecast_s=0, seed=3, max_wait_s=0)
    run = engine.Sweep(config, swift_binary=None).run()
    assert asked == [[100, 1000]]  # once, after the first look, from the lattice's rows
    assert [p.knob for p in run.points] == [100, 1000, 300] and run.budget["refined_points"] == 1
    added = run.points[2]
    trials = {w["trial"] for w in run.windows if w["point"] == added.id}
    assert len(trials) >= 3  # its own first rounds, like every point's
    assert run.complete and any(r.knob == 300 for r in run.analyze()[0])
