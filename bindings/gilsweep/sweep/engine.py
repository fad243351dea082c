"""The measurement core: Beazley's strong scaling (T threads making `calls`
calls each, against one thread making T * calls; speedup = T_seq / T_par),
measured as randomized multiple interleaved trials with stall and capacity
detection. Python owns calibration, the schedule and the statistics; Swift
only answers window requests."""
import contextlib
import dataclasses
import math
import os
import random
import sys
import time
from dataclasses import dataclass, field

from . import canary as canary_module
from . import analysis, dask_runner, modes, stats, weather, windows, workloads
from .results import Run
from .schedule import Schedule
from .schema import Point
from .swift_worker import SwiftRunner, SwiftUnavailable, SwiftWorker


@dataclass(frozen=True)
class Preset:
    repeats: int           # measured rounds
    target_seconds: float  # about how long a sequential window lasts
    knob_stride: int       # every n-th default knob
    time_budget_s: float   # the measuring time a run aims at (see SweepConfig.time_budget_s)
    forecast_s: float      # how long the run reads the machine first


PRESETS = {
    "quick": Preset(repeats=5, target_seconds=0.03, knob_stride=2, time_budget_s=80.0, forecast_s=2.0),
    "default": Preset(repeats=8, target_seconds=0.1, knob_stride=1, time_budget_s=330.0, forecast_s=4.0),
    "full": Preset(repeats=15, target_seconds=0.3, knob_stride=1, time_budget_s=3600.0, forecast_s=6.0),
}

#: A run whose planned rounds leave points unstable at its time budget goes on
#: measuring just those points, while the machine is healthy, up to this many
#: times the budget: a bad hour costs time, not the answer. The budget and the
#: cap count measuring time only; waiting for the machine has its own allowance.
HARD_CAP_FACTOR = 3.0

#: Chunks per thread in every window: enough to see a 200 ms stall in a 100 ms window.
CHUNKS = 32
#: The most threads a point may have: each is an OS thread (and a process in the
#: processes mode); far past any core count this tool is meant for.
MAX_THREADS = 256
#: How often one point's flagged trials are measured again.
MAX_REQUEUES = 3
#: After the planned rounds, points that are still unstable get up to this many
#: extra rounds (each a fresh random order of just those points).
EXTRA_ROUNDS = 6
#: A processes window leaves the pool's hand-off threads busy for a few ms; the
#: canary after it waits this long so it reads the machine, not our own tail.
SETTLE_AFTER_PROCESSES_SECONDS = 0.02
#: How long a run may wait in all for the machine to deliver T cores (--max-wait).
#: The bad state comes in stretches of seconds, about half of a bad hour: waiting
#: through it is cheap, measuring through it is waste. Once the allowance is spent
#: the run measures what it planned, flags what the canary rejects, and says so.
MAX_WAIT_SECONDS = 600.0
#: How long the run reads the machine before anything else, to say up front what to expect.
FORECAST_SECONDS = 4.0
#: Below this much work per call, a mode that releases the GIL around each call
#: hands it between threads so often that the host's slow-handoff state (see
#: canary.py) shows in its speedup. Points measured that way read the handoff
#: probe; the rest (Swift, processes, holding or pure-Python modes, larger calls)
#: do not wait for it, since spinning threads get both cores in that state.
HANDOFF_SENSITIVE_SECONDS = 100e-6
#: How often a unit that finds the handoff slow is put off to a later position
#: before it waits and is measured (and flagged if still slow). The state lasts
#: tens of seconds to minutes, so units that do not care go first meanwhile.
MAX_DEFERRALS = 3


def hands_off_often(mode, threads, per_call_s):
    """Whether a point's speedup depends on how fast the host hands the GIL between threads."""
    return threads > 1 and mode in modes.RELEASE_PER_CALL and per_call_s < HANDOFF_SENSITIVE_SECONDS


@contextlib.contextmanager
def foreign_errors(point):
    """A foreign callable (`--callable`) that raises while it is measured ends the
    run with a one-line error naming the knob (what was measured is saved)."""
    try:
        yield
    except SwiftUnavailable:
        raise
    except Exception as error:
        if point.kernel not in workloads.FOREIGN:
            raise
        raise workloads.FOREIGN[point.kernel].raised(point.knob, error, point.mode) from None


def canary_record(order, start_s, when, reading, verdict, waited_s, checks):
    """A raw canary record (schema.CANARY_KEYS)."""
    return {"order": order, "start_s": start_s, "when": when, "capacity": reading.capacity,
            "handoff": reading.handoff, "healthy": all(verdict), "waited_s": waited_s, "checks": checks}


@dataclass
class SweepConfig:
    workloads: list
    modes: list
    threads: list
    knobs: dict
    repeats: int = PRESETS["default"].repeats
    target_seconds: float = PRESETS["default"].target_seconds
    seed: int = None
    chunks: int = CHUNKS
    max_requeues: int = MAX_REQUEUES
    extra_rounds: int = EXTRA_ROUNDS
    #: How long the run may wait in all for the machine (see MAX_WAIT_SECONDS); 0: never wait.
    max_wait_s: float = MAX_WAIT_SECONDS
    #: How long the run reads the machine first, to say what to expect; 0: no forecast.
    forecast_s: float = PRESETS["default"].forecast_s
    #: The measuring time a run aims at, calibration included, waiting not. Past it
    #: only the points that are still unstable are measured, and only while the
    #: machine is healthy (the waiting allowance not spent), up to HARD_CAP_FACTOR
    #: times it; at the cap the run stops and counts the units it did not reach.
    #: None: no budget.
    time_budget_s: float = PRESETS["default"].time_budget_s
    #: For a foreign callable (`--callable`): {"target", "arg", "verdicts": {knob: probe verdict}}.
    foreign: dict = None
    #: A test hook: (point, trial, kind) -> seconds to sleep inside that window, as a host stall would.
    stall_injector: object = field(default=None, repr=False)

    def __post_init__(self):
        """Raises ValueError, with a one-line message, for a sweep that cannot run:
        too many threads, a knob out of range, or no mode that applies anywhere."""
        if not self.threads or any(not 1 <= t <= MAX_THREADS for t in self.threads):
            raise ValueError(f"threads must be between 1 and {MAX_THREADS}, got {', '.join(map(str, self.threads))}")
        for workload in self.workloads:
            workloads.check_knobs(workload, self.knobs[workload])
        if not any(workloads.measures(m, w, k) for w in self.workloads for m in self.modes for k in self.knobs[w]):
            dask_from = ", ".join(f"{w} {k[0]}" for w, k in workloads.DASK_KNOBS.items())
            raise ValueError(f"nothing to measure: {', '.join(self.modes)} on {', '.join(self.workloads)} at these knobs "
                             f"(python-loop is for the batch kernels, pure-python and the dask modes for the others, "
                             f"the dask modes from knob {dask_from}, threads for a --callable)")

    def as_dict(self):
        return {"workloads": self.workloads, "modes": self.modes, "threads": self.threads, "knobs": self.knobs,
                "repeats": self.repeats, "target_seconds": self.target_seconds, "chunks": self.chunks,
                "max_requeues": self.max_requeues, "extra_rounds": self.extra_rounds, "max_wait_s": self.max_wait_s,
                "forecast_s": self.forecast_s, "time_budget_s": self.time_budget_s, "hard_cap_factor": HARD_CAP_FACTOR,
                "operand_seed": workloads.OPERAND_SEED, **({"foreign": self.foreign} if self.foreign else {})}


class Progress:
    """A one-line progress bar on stderr (never in the data)."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.started = time.monotonic()
        self.tty = stream.isatty()
        self.last_line = 0.0

    def step(self, done, total, label):
        width = 30
        filled = width * done // max(total, 1)
        elapsed = time.monotonic() - self.started
        line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {elapsed:5.0f}s {label}"
        if self.tty:
            self.stream.write("\r" + line[:160].ljust(160))
        elif done == total or elapsed - self.last_line >= 10:
            self.stream.write(line + "\n")
            self.last_line = elapsed
        self.stream.flush()

    def say(self, message):
        """A line of its own, between progress lines."""
        self.stream.write(("\r" + " " * 160 + "\r" if self.tty else "") + message + "\n")
        self.stream.flush()

    def close(self):
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def warn(message):
    print(f"gilsweep: warning: {message}", file=sys.stderr)


def calibrate_calls(runner, threads, target_seconds, chunks):
    """pyperf-style: the calls per thread that make a sequential window
    (threads * calls calls) last about target_seconds. The per-call time is the
    least of three timings, so one stall cannot shrink the windows."""
    n = 1
    while True:
        elapsed = runner.window(1, n, chunks).in_call_s
        if elapsed >= target_seconds / 10 or n >= 1 << 30:
            break
        n *= 4 if elapsed < target_seconds / 100 else 2
    elapsed = min([elapsed] + [runner.window(1, n, chunks).in_call_s for _ in range(2)])
    per_call = max(elapsed / n, 1e-10)
    return max(1, math.ceil(target_seconds / per_call / threads))


class Sweep:
    """One run: builds the points, calibrates them, then runs the schedule.
    `save(run)` is called after every round and at the end (also on Ctrl-C)."""

    def __init__(self, config, swift_binary, save=lambda run: None, metadata=None, progress=None):
        self.config = config
        self.save = save
        self.progress = progress or Progress()
        self.seed = config.seed if config.seed is not None else random.SystemRandom().randrange(1 << 32)
        self.run_data = Run(metadata=metadata or {}, seed=self.seed, config=config.as_dict())
        self.swift_binary = swift_binary
        self.swift = None
        self.swift_failed = False
        self.ctypes_kernels = None
        self.pools = {}
        self.runners = {}
        self.handoff_sensitive = set()  # ids of the points for which hands_off_often holds
        self.started = time.perf_counter()
        self.status = lambda label: self.progress.step(0, 1, label)
        self.weather = weather.Weather(self._elapsed, config.max_wait_s, status=lambda label: self.status(label))
        self.run_data.timeline = self.weather.timeline

    # ------------------------------------------------------------ set-up

    def _runner(self, mode, workload, knob, threads):
        if mode == modes.SWIFT_THREADS:
            return SwiftRunner(self.swift, workload, workloads.items(workload, knob))
        if mode in modes.DASK_MODES:
            key = (dask_runner.cluster_kind(mode), threads)
            if key not in self.pools:
                self.pools[key] = dask_runner.DaskCluster(key[0], threads)
            return dask_runner.DaskRunner(self.pools[key], mode, workload, knob)
        if mode == modes.PROCESSES:
            if threads not in self.pools:
                self.pools[threads] = windows.ProcessPool(threads)
            return windows.ProcessRunner(self.pools[threads], workload, knob)
        if mode == modes.CTYPES and self.ctypes_kernels is None:
            self.ctypes_kernels = workloads.CtypesKernels()
        return windows.InProcessRunner(
            [workloads.call_for(mode, workload, knob, self.ctypes_kernels) for _ in range(threads)])

    def _swift_lost(self, reason):
        if not self.swift_failed:
            warn(f"{reason}: skipping swift-threads")
        self.swift_failed = True

    def _start_swift(self):
        if modes.SWIFT_THREADS not in self.config.modes:
            return
        if self.swift_binary is None:
            self._swift_lost("gilsweep-swift not found (build it with `swift build -c release`, then run from the "
                             "repository or pass --swift PATH or set GILSWEEP_SWIFT)")
            return
        try:
            self.swift = SwiftWorker(self.swift_binary)
        except SwiftUnavailable as error:
            self._swift_lost(str(error))

    def _calibrated_points(self):
        """Every (workload, mode, knob, threads) with its calls per thread."""
        config = self.config
        points = []
        specs = [(w, m, k, t) for w in config.workloads for t in config.threads for k in config.knobs[w]
                 for m in config.modes if workloads.measures(m, w, k)]
        for index, (workload, mode, knob, threads) in enumerate(specs):
            self.progress.step(index, len(specs), f"calibrating {workload} {mode} knob={knob}")
            if mode == modes.SWIFT_THREADS and self.swift_failed:
                continue
            runner = self._runner(mode, workload, knob, threads)
            point = Point(id=len(points), runtime=modes.runtime_of(mode), mode=mode, kernel=workload, knob=knob,
                          threads=threads, calls=0)
            try:
                with foreign_errors(point):
                    point = dataclasses.replace(
                        point, calls=calibrate_calls(runner, threads, config.target_seconds, config.chunks))
            except SwiftUnavailable as error:
                self._swift_lost(str(error))
                continue
            points.append(point)
            self.runners[point.id] = runner
            if hands_off_often(mode, threads, config.target_seconds / (point.calls * threads)):
                self.handoff_sensitive.add(point.id)
        return points

    # -------------------------------------------------------------- run

    def run(self):
        """Measures every point; returns the Run. KeyboardInterrupt passes
        through after the windows measured so far are saved."""
        run = self.run_data
        try:
            cores = os.cpu_count() or 1
            canaries = {t: canary_module.Canary(min(t, cores)) for t in self.config.threads}
            self._forecast(canaries[max(self.config.threads)])
            self._start_swift()
            run.points = self._calibrated_points()
            requeues = [0] * len(run.points)
            trials = [0] * len(run.points)
            order = 0
            schedule = Schedule(len(run.points), self.config.repeats, self.seed)
            order = self._run_schedule(schedule, list(range(len(run.points))), requeues, trials, order, canaries)
            # Points still unstable after the planned rounds (a burst took several of their
            # trials, or they sit on the steep knee) get extra rounds of their own.
            for extra in range(self.config.extra_rounds):
                unstable = self._unstable_points()
                if not unstable:
                    break
                if self._stop_reason(extra_work=False) or self._allowance_spent():
                    run.budget["extra_rounds_skipped"] = self.config.extra_rounds - extra
                    break
                schedule = Schedule(len(unstable), 1, self.seed + 1 + extra, warmup_rounds=0)
                order = self._run_schedule(schedule, unstable, requeues, trials, order, canaries)
            run.complete = True
        finally:
            self.progress.close()
            self.save(run)
            self.close()
        return run

    # ------------------------------------------------------ time and budget

    def _elapsed(self):
        return time.perf_counter() - self.started

    def measuring_s(self):
        """Time spent on anything but waiting for the machine (what the budget counts)."""
        return self._elapsed() - self.weather.waited_s

    def _stop_reason(self, extra_work):
        """Why no more units may run, or None. Extra work (a unit of a point that
        is stable by now, a re-queue, an extra round) is what the budget cuts:
        past it only still-unstable points are measured, and only while waiting
        for the machine is still allowed; at HARD_CAP_FACTOR times it, nothing."""
        budget = self.config.time_budget_s
        if budget is None:
            return None
        measuring = self.measuring_s()
        if measuring >= HARD_CAP_FACTOR * budget or (measuring >= budget and not self.weather.allowance_left()):
            self.run_data.budget.setdefault("stopped_s", self._elapsed())
            return "cap"
        if measuring >= budget:
            self.run_data.budget.setdefault("past_budget_s", self._elapsed())
            return "budget" if extra_work else None
        return None

    def _allowance_spent(self):
        """Whether the run could wait and may not any more (so more trials would be measured on a bad machine)."""
        return bool(self.config.max_wait_s) and not self.weather.allowance_left()

    def _forecast(self, canary):
        """Reads the machine for a few seconds and says, in one line, what to expect."""
        if not self.config.forecast_s:
            return
        self.progress.step(0, 1, "reading the machine")
        forecast = self.weather.forecast(canary, self.config.forecast_s)
        self.run_data.forecast = forecast.as_dict()
        self.progress.say(weather.forecast_line(forecast, self.planned_measuring_s(), self.config.max_wait_s))

    def planned_measuring_s(self):
        """About how long the planned rounds measure on a healthy machine: every
        trial a sequential and a parallel window of ~target_seconds, plus canaries
        and the calibration (fitted to default runs on the development machine)."""
        config = self.config
        points = sum(workloads.measures(m, w, k) for w in config.workloads for t in config.threads
                     for k in config.knobs[w] for m in config.modes)
        return points * ((config.repeats + 1) * (2 * config.target_seconds + 0.05) + 2.5 * config.target_seconds)

    # ------------------------------------------------------------ schedule

    def _run_schedule(self, schedule, point_ids, requeues, trials, order, canaries):
        """Runs a schedule over point_ids (the schedule counts them 0..n-1); returns the next order number."""
        run = self.run_data
        still_unstable = None  # past the budget: the points that still need trials, refreshed every round
        for unit in schedule:
            reason = self._stop_reason(extra_work=True)
            if reason == "cap":
                run.budget["units_skipped"] = run.budget.get("units_skipped", 0) + schedule.remaining() + 1
                break
            point = run.points[point_ids[unit.point]]
            if point.mode == modes.SWIFT_THREADS and self.swift_failed:
                continue
            if reason == "budget":
                if still_unstable is None or schedule.position % max(1, len(point_ids)) == 0:
                    still_unstable = set(self._unstable_points())
                if point.id not in still_unstable:
                    run.budget["stable_units_skipped"] = run.budget.get("stable_units_skipped", 0) + 1
                    continue
            canary = canaries[point.threads]
            first = self._deferrable_reading(point, unit, canary)
            if first is not None and not canary.verdict(first)[1]:
                self.weather.record(canary, first, "deferred")
                schedule.defer(unit)
                run.budget["handoff_deferrals"] = run.budget.get("handoff_deferrals", 0) + 1
                continue
            trial = trials[point.id]
            trials[point.id] += 1
            self.status = lambda label: self.progress.step(schedule.position, schedule.total(), label)
            try:
                flagged = self._measure_unit(point, trial, unit.warmup, order, canary, first)
            except SwiftUnavailable as error:
                self._swift_lost(str(error))
                continue
            order += 1
            if flagged and not unit.warmup and requeues[point.id] < self.config.max_requeues:
                if self._allowance_spent():
                    # Measured again now, it would be measured on the same bad machine.
                    run.budget["requeues_skipped"] = run.budget.get("requeues_skipped", 0) + 1
                else:
                    requeues[point.id] += 1
                    schedule.requeue(unit.point)
            self.progress.step(schedule.position, schedule.total(), point.label())
            if schedule.position % max(1, len(point_ids)) == 0:
                self.save(run)
        return order

    def _deferrable_reading(self, point, unit, canary):
        """A canary reading for a measured unit that needs a fast GIL handoff and
        may still be put off if the handoff is slow; None for any other unit.
        (Warm-ups are measured whatever the state: they only warm up.)"""
        if point.id not in self.handoff_sensitive or unit.warmup or unit.deferrals >= MAX_DEFERRALS:
            return None
        return canary.read()

    def _unstable_points(self):
        """Ids of the points with too few clean trials or too wide an interval (or none at all)."""
        _, extras = self.run_data.analyze()
        return [p.id for p in self.run_data.points
                if not (p.mode == modes.SWIFT_THREADS and self.swift_failed)
                and extras.get(p.id, {"unstable": True})["unstable"]]

    def _measure_unit(self, point, trial, warmup, order, canary, first=None):
        """A canary (waiting for the machine; `first` is a reading just taken, if
        any), the sequential and the parallel window back to back, and a canary
        after them. Returns whether the trial is flagged."""
        run = self.run_data
        before_start = self._elapsed()
        sensitive = point.id in self.handoff_sensitive
        had_allowance = self.weather.allowance_left() > 0
        reading, waited, checks = self.weather.wait(canary, handoff=sensitive, first=first)
        before = canary.verdict(reading)
        if had_allowance and self._allowance_spent():
            run.budget.setdefault("wait_allowance_spent_s", self._elapsed())
        run.canaries.append(canary_record(order, before_start, "before", reading, before, waited, checks))
        runner = self.runners[point.id]
        measured = []
        for kind, threads, calls in (("seq", 1, point.threads * point.calls), ("par", point.threads, point.calls)):
            stall = self.config.stall_injector(point, trial, kind) if self.config.stall_injector else 0.0
            start = self._elapsed()
            with foreign_errors(point):
                window = runner.window(threads, calls, self.config.chunks, stall)
            measured.append((kind, start, window))
        if point.mode == modes.PROCESSES:
            time.sleep(SETTLE_AFTER_PROCESSES_SECONDS)
        after_start = self._elapsed()
        reading_after = canary.read(handoff=sensitive)
        after = self.weather.record(canary, reading_after, "after")
        run.canaries.append(canary_record(order, after_start, "after", reading_after, after, 0.0, 1))
        flagged = False
        for kind, start, window in measured:
            max_chunk, median_chunk = stats.chunk_summary(window.chunks_s)
            record = {"point": point.id, "trial": trial, "order": order, "start_s": start, "kind": kind,
                      "warmup": warmup, "wall_s": window.wall_s, "in_call_s": window.in_call_s,
                      "max_chunk_s": max_chunk, "median_chunk_s": median_chunk,
                      "capacity_ok": before[0] and after[0], "handoff_ok": before[1] and after[1]}
            run.windows.append(record)
            flagged = flagged or analysis.window_flag(record) is not None
        return flagged

    def close(self):
        for pool in self.pools.values():
            pool.close()
        self.pools.clear()
        if self.ctypes_kernels:
            self.ctypes_kernels.close()
            self.ctypes_kernels = None
        if self.swift:
            self.swift.close()
            self.swift = None
