"""The sweep's method, unit by unit: the schedule, stall detection, estimates
from raw windows, re-queues, one window schema for Python and Swift, compare."""
import itertools
import math
import random

import pytest

import gilsweep
from gilsweep.sweep import analysis, canary, compare, engine, report, find_binary, modes, stats, windows, workloads
from gilsweep.sweep.schedule import Schedule
from gilsweep.sweep.schema import CANARY_KEYS, WINDOW_KEYS, Row

SWIFT = find_binary()
needs_swift = pytest.mark.skipif(SWIFT is None, reason="gilsweep-swift is not built")


# ---------------------------------------------------------------- schedule

@pytest.mark.parametrize("points", [2, 3, 7, 40])
def test_the_schedule_never_puts_two_trials_of_one_point_side_by_side(points):
    for seed in range(30):
        schedule = Schedule(points, rounds=5, seed=seed)
        rng = random.Random(seed)
        ran = []
        for unit in schedule:
            ran.append(unit.point)
            # Re-queues, where other points leave room for them (two points alternate: no room).
            if points > 3 and not unit.warmup and schedule.remaining() > points and rng.random() < 0.2:
                schedule.requeue(unit.point)
        assert len(ran) >= 6 * points and sorted(set(ran)) == list(range(points))
        assert all(a != b for a, b in zip(ran, ran[1:])), seed


def test_every_round_runs_every_point_once_after_one_warm_up_round():
    units = list(Schedule(5, rounds=3, seed=1))
    assert [u.warmup for u in units] == [True] * 5 + [False] * 15
    for round_index in range(4):
        assert sorted(u.point for u in units[5 * round_index:5 * round_index + 5]) == list(range(5))
    assert units == list(Schedule(5, rounds=3, seed=1))  # the recorded seed replays the order
    assert units != list(Schedule(5, rounds=3, seed=2))


def test_a_deferred_unit_comes_back_later_and_counts_its_deferrals():
    schedule = Schedule(6, rounds=2, seed=4)
    seen = []
    for unit in schedule:
        if not unit.warmup and unit.point == 0 and unit.deferrals < 2:
            schedule.defer(unit)
            continue
        seen.append(unit)
    assert sorted(u.point for u in seen) == sorted(list(range(6)) * 3)  # nothing lost, nothing doubled
    assert [u.deferrals for u in seen if u.point == 0 and not u.warmup] == [2, 2]


def test_only_modes_that_release_the_gil_per_call_on_small_calls_need_a_fast_handoff():
    assert engine.hands_off_often(modes.PYTHON_RELEASE, 2, 1e-6)
    assert engine.hands_off_often(modes.CTYPES, 2, 50e-6)
    assert not engine.hands_off_often(modes.PYTHON_RELEASE, 2, 300e-6)  # rare handoffs
    assert not engine.hands_off_often(modes.PYTHON_RELEASE, 1, 1e-6)  # nobody to hand over to
    for mode in (modes.PYTHON_HOLD, modes.PROCESSES, modes.SWIFT_THREADS, modes.PURE_PYTHON):
        assert not engine.hands_off_often(mode, 2, 1e-6)


def test_chunks_split_calls_evenly():
    assert windows.chunk_sizes(10, 4) == [3, 3, 2, 2]
    assert windows.chunk_sizes(3, 32) == [1, 1, 1]
    assert sum(windows.chunk_sizes(1_000_003, 32)) == 1_000_003


# ------------------------------------------------------------------ stats

def test_a_stall_is_a_long_chunk_well_above_the_median():
    assert stats.is_stalled(0.200, 0.003)
    assert not stats.is_stalled(0.012, 0.001)   # 12x the median but too short to be a host stall
    assert not stats.is_stalled(0.050, 0.040)   # long calls: long chunks are normal
    assert stats.chunk_summary([[0.001, 0.003], [0.002, 0.2]]) == (0.2, pytest.approx(0.0025))


def test_the_estimate_is_the_ratio_of_medians_with_a_reproducible_interval():
    trials = [(0.100 + 0.001 * i, 0.050 + 0.002 * (i % 3), 0.100, 1000) for i in range(9)]
    one = stats.estimate(trials, threads=2, seed=7)
    assert one == stats.estimate(trials, threads=2, seed=7)
    seq = sorted(t[0] for t in trials)[4]
    par = sorted(t[1] for t in trials)[4]
    assert one["speedup"] == pytest.approx(seq / par)
    assert one["ci_lo"] <= one["speedup"] <= one["ci_hi"]
    assert one["min_speedup"] == pytest.approx(0.100 / 0.050)
    assert one["per_call_us"] == pytest.approx(0.100 / 2000 * 1e6)
    assert not one["unstable"]
    assert stats.estimate(trials[:4], threads=2, seed=7)["unstable"]  # fewer than 5 clean trials
    wild = [(0.1, p, 0.1, 10) for p in (0.03, 0.09, 0.05, 0.1, 0.04, 0.08)]
    assert stats.estimate(wild, threads=2, seed=7)["unstable"]  # interval wider than +-0.15x
    assert stats.estimate([], threads=2, seed=7) is None


# ------------------------------------------------- the engine, stall injected

def point_stats(run, point):
    rows, _ = run.analyze()
    return next(r for r in rows if r.knob == point.knob and r.mode == point.mode)


@pytest.fixture
def always_healthy(monkeypatch):
    """Capacity and handoff checks pass, so a test sees only the stall it injects."""
    monkeypatch.setattr(canary.Canary, "verdict", lambda self, reading: (True, True))


def test_an_injected_stall_is_flagged_requeued_and_left_out(always_healthy):
    def stall(point, trial, kind):
        return 0.3 if (point.id, trial, kind) == (0, 3, "par") else 0.0

    config = engine.SweepConfig(workloads=["churn"], modes=[modes.PYTHON_RELEASE], threads=[2],
                                knobs={"churn": [30_000, 100_000]}, repeats=5, target_seconds=0.03, seed=11,
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
    monkeypatch.setattr(canary.Canary, "verdict", lambda self, reading: (False, True))
    config = engine.SweepConfig(workloads=["churn"], modes=[modes.PYTHON_HOLD], threads=[2], knobs={"churn": [10, 1000]},
                                repeats=2, target_seconds=0.005, seed=3, capacity_wait_s=0.0, extra_rounds=2)
    run = engine.Sweep(config, swift_binary=None).run()
    for point in run.points:
        measured = {w["trial"] for w in run.windows if w["point"] == point.id and not w["warmup"]}
        assert len(measured) == 2 + engine.MAX_REQUEUES + 2
    rows, extras = run.analyze()  # nothing clean: still shown, from flagged trials, and unstable
    assert len(rows) == 2 and all(r.clean == 0 and r.stalled == r.repeats == 2 + engine.MAX_REQUEUES + 2 for r in rows)
    assert all(extras[p.id]["unstable"] for p in run.points)
    assert run.noise_counts()["capacity_units"] == 2 * (1 + 2 + engine.MAX_REQUEUES + 2)
    orders = [w["order"] for w in run.windows if w["kind"] == "seq"]
    assert orders == list(range(len(orders)))  # every unit numbered once, in run order


def test_a_slow_gil_handoff_flags_the_trial_apart_from_capacity(monkeypatch):
    monkeypatch.setattr(canary.Canary, "verdict", lambda self, reading: (True, False))
    config = engine.SweepConfig(workloads=["churn"], modes=[modes.PYTHON_RELEASE], threads=[2], knobs={"churn": [1000]},
                                repeats=2, target_seconds=0.005, seed=3, capacity_wait_s=0.0, extra_rounds=0)
    run = engine.Sweep(config, swift_binary=None).run()
    assert run.windows and all(analysis.window_flag(w) == "handoff" for w in run.windows)
    assert all(c["handoff"] is not None and set(c) == set(CANARY_KEYS) for c in run.canaries)
    noise = run.noise_counts()
    assert noise["capacity_units"] == 0 and noise["handoff_units"] == 1 + 2 + engine.MAX_REQUEUES
    # Every measured trial was first put off as often as allowed; the warm-up never is.
    assert noise["handoff_deferrals"] == (2 + engine.MAX_REQUEUES) * engine.MAX_DEFERRALS
    assert f"with a slow GIL handoff ({noise['handoff_deferrals']} times a trial was put off" in report.summary_markdown(
        run.analyze()[0], {}, True, noise=noise)


def test_a_slow_handoff_leaves_units_that_do_not_hand_the_gil_over_alone(monkeypatch):
    # The probe is read only for the handoff-sensitive point, and it is always slow.
    monkeypatch.setattr(canary.Canary, "verdict", lambda self, reading: (True, reading.handoff is None))
    config = engine.SweepConfig(workloads=["churn"], modes=[modes.PYTHON_HOLD, modes.PYTHON_RELEASE], threads=[2],
                                knobs={"churn": [1000]}, repeats=2, target_seconds=0.005, seed=3, capacity_wait_s=0.0,
                                extra_rounds=0)
    run = engine.Sweep(config, swift_binary=None).run()
    hold, release = (next(p for p in run.points if p.mode == mode) for mode in (modes.PYTHON_HOLD, modes.PYTHON_RELEASE))
    hold_windows = [w for w in run.windows if w["point"] == hold.id]
    assert len(hold_windows) == 2 * 3 and all(analysis.window_flag(w) is None for w in hold_windows)
    assert all(analysis.window_flag(w) == "handoff" for w in run.windows if w["point"] == release.id)
    by_order = {w["order"]: w["point"] for w in run.windows}
    for record in run.canaries:
        assert (record["handoff"] is None) == (by_order[record["order"]] == hold.id)


def test_the_canary_judges_handoff_against_its_best_reading():
    probe = object.__new__(canary.Canary)
    probe.threads, probe.best_handoff = 2, 1.8
    assert probe.verdict(canary.Reading(capacity=1.9, handoff=1.5)) == (True, True)
    assert probe.verdict(canary.Reading(capacity=1.9, handoff=0.9)) == (True, False)  # the slow state
    assert probe.verdict(canary.Reading(capacity=1.9, handoff=1.2)) == (True, False)  # its milder form
    assert probe.verdict(canary.Reading(capacity=1.0, handoff=1.5)) == (False, True)  # one core's worth
    probe.threads = 1
    assert probe.verdict(canary.Reading(capacity=1.0, handoff=None)) == (True, True)  # nothing to hand over


def test_past_most_of_the_time_budget_nothing_is_measured_again(monkeypatch):
    monkeypatch.setattr(canary.Canary, "verdict", lambda self, reading: (False, True))
    monkeypatch.setattr(engine, "REMEASURE_SHARE", 0.0)
    config = engine.SweepConfig(workloads=["churn"], modes=[modes.PYTHON_HOLD], threads=[2], knobs={"churn": [10, 1000]},
                                repeats=3, target_seconds=0.005, seed=3, capacity_wait_s=0.0, extra_rounds=2,
                                time_budget_s=1000.0)
    run = engine.Sweep(config, swift_binary=None).run()
    for point in run.points:  # the planned rounds, and nothing more
        assert {w["trial"] for w in run.windows if w["point"] == point.id and not w["warmup"]} == {1, 2, 3}
    noise = run.noise_counts()
    assert noise["requeues_skipped"] == 2 * 3 and noise["extra_rounds_skipped"] == 2 and noise["units_skipped"] == 0
    assert "were not measured again" in report.summary_markdown(run.analyze()[0], {}, True, noise=noise)


def test_at_the_time_budget_the_run_stops_and_says_what_it_skipped():
    config = engine.SweepConfig(workloads=["churn"], modes=[modes.PYTHON_HOLD], threads=[2], knobs={"churn": [10, 1000]},
                                repeats=3, target_seconds=0.005, seed=3, time_budget_s=0.0)
    run = engine.Sweep(config, swift_binary=None).run()
    assert run.complete and run.windows == []
    noise = run.noise_counts()
    assert noise["units_skipped"] == 2 * (1 + 3) and noise["stopped_s"] >= 0
    assert "stopped at its time budget" in report.summary_markdown([], {}, True, noise=noise)


@needs_swift
def test_python_and_swift_windows_share_one_schema_and_swift_stalls_are_seen(always_healthy):
    def stall(point, trial, kind):
        return 0.25 if point.mode == modes.SWIFT_THREADS and (trial, kind) == (2, "seq") else 0.0

    config = engine.SweepConfig(workloads=["gcd"], modes=[modes.PYTHON_RELEASE, modes.CTYPES, modes.SWIFT_THREADS],
                                threads=[2], knobs={"gcd": [64, 4096]}, repeats=3, target_seconds=0.01, seed=5,
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


def test_every_runtime_gets_the_same_operands_and_the_same_64_bit_gcd():
    a, b = workloads.operands("gcd", 64)
    assert a >= 1 << 63 and b >= 1 << 63  # unsigned 64-bit: the binary gcd in every runtime
    assert workloads.operands("gcd", 64) == (a, b) and workloads.operands("gcd", 65) != (a, b)
    lib = workloads.CtypesKernels()
    try:
        function, args = lib.call("gcd", 64)
        assert function is lib.lib.gs_gcd_u64 and function(*args) == math.gcd(a, b)
    finally:
        lib.close()
    for policy in gilsweep.POLICIES:
        gcd = gilsweep.kernel("gcd", policy)
        for x, y in itertools.product([a, -a, 2**64 - 1, -(2**64 - 1), 2**63, -(2**63)], repeat=2):
            assert gcd(x, y) == math.gcd(x, y)
        assert gcd(2**64, 2**64 - 2) == 2 and gcd(-(2**64), 6) == 2


def test_batch_workloads_give_every_runtime_the_same_items():
    for workload, scalar in modes.BATCH_OF.items():
        cols = workloads.columns(workload, 16)
        assert all(len(column) == 16 for column in cols) and workloads.columns(workload, 4) == [c[:4] for c in cols]
        assert workloads.items(workload, 16) == [v for column in cols for v in column]  # what Swift gets
        assert [list(column) for column in workloads.operands(workload, 16)] == cols  # what SWIG gets, as array('Q')
        assert all(2**63 <= v < 2**64 for column in cols for v in column)
    assert all(gilsweep.is_prime(p) for p in workloads.columns("primes-batch", 64)[0])
    lib = workloads.CtypesKernels()
    try:
        for workload in modes.BATCH_OF:
            function, args = lib.call(workload, 16)
            assert function(*args) == 0  # GS_OK
        function, args = lib.call("gcd-batch", 8)
        assert function(*args) == 0
        a, b = workloads.columns("gcd-batch", 8)
        assert list(args[5]) == [math.gcd(x, y) for x, y in zip(a, b)]
    finally:
        lib.close()
    assert not modes.applies(modes.PURE_PYTHON, "primes-batch") and modes.applies(modes.PYTHON_LOOP, "gcd-batch")
    assert not modes.applies(modes.PYTHON_LOOP, "churn") and modes.applies(modes.PURE_PYTHON, "churn")


@needs_swift
@pytest.mark.parametrize("workload", sorted(modes.BATCH_OF))
def test_a_batch_sweep_measures_every_mode_that_applies(always_healthy, workload):
    config = engine.SweepConfig(workloads=[workload], modes=list(modes.MODES), threads=[2], knobs={workload: [4, 256]},
                                repeats=2, target_seconds=0.01, seed=5, extra_rounds=0)
    run = engine.Sweep(config, swift_binary=SWIFT).run()
    measured = {(p.mode, p.knob) for p in run.points}
    expected_modes = {m for m in modes.MODES if modes.applies(m, workload)}
    assert measured == {(m, k) for m in expected_modes for k in (4, 256)}
    rows, _ = run.analyze()
    # Every mode that applies yields a row with a positive time per call at both knobs. How the
    # time grows with items is a timing question for the sweep itself, not for a unit test on a
    # shared 2-core machine (fixed per-call costs such as ctypes' ~2 µs make any ratio flaky);
    # that each caller passes the whole batch is checked by the call tests above.
    assert {(r.mode, r.knob) for r in rows} == {(m, k) for m in expected_modes for k in (4, 256)}
    assert all(r.per_call_us > 0 for r in rows)


def test_operands_reach_swift_as_decimal_text_of_any_size():
    import sys

    from gilsweep.sweep.swift_worker import decimal

    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 0
    texts = {bits: decimal(workloads.operands("gcd", bits)[0]) for bits in (1, 64, 4096, 16384, 65536)}
    assert len(texts[65536]) > 19_000  # far above CPython's default 4300-digit limit
    try:
        if limit:
            sys.set_int_max_str_digits(0)  # the reference only; the sweep never changes it
        for bits, text in texts.items():
            assert text == str(workloads.operands("gcd", bits)[0])
    finally:
        if limit:
            sys.set_int_max_str_digits(limit)
    assert decimal(10**1000) == "1" + "0" * 1000 and decimal(0) == "0" and decimal(-7) == "-7"


# ---------------------------------------------------------------- compare

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
