"""`gilsweep latency`: what a call does to the program's other threads.

For each point (mode, knob, switch interval) and each trial, the victim (this
process's main thread, victim.py) measures one phase alone and one next to the
load (load.py), in random order: lateness units for PHASE_SECONDS, then
ping-pong for as long. Points are visited in a fresh random order every round
(sweep.schedule's principle: a slow minute of the machine spreads over every
point instead of spoiling one), the sweep's canary is read before each trial
(the run waits for the machine, on its own allowance) and after it, and a
trial in which the victim saw a host stall is flagged and left out.

The victim and its echo peer share the first CPU and the load runs on the
others (windows.pin), as the sweep's threads each get their own: the question
is what the GIL costs another thread, not what a shared core costs it, and a
loopback round trip between two cores of this VM took three times one on a
core and swung 14-18k/s against a steady 52k/s (docs/latency.md)."""
import random
import sys
import time
from dataclasses import asdict, dataclass, field

from ..sweep import canary as canary_module
from ..sweep import modes, weather, windows, workloads
from ..sweep.registry import REGISTRY
from . import load as load_module
from . import victim

#: The modes a latency run measures. swift-threads is left out: a Swift process
#: shares no GIL with the victim, so it shows only the competition for cores,
#: which the processes mode already shows.
LATENCY_MODES = (modes.PYTHON_HOLD, modes.PYTHON_RELEASE, modes.PYTHON_AUTO, modes.CTYPES, modes.PURE_PYTHON,
                 modes.PROCESSES)
#: A foreign callable (--callable) is called as it is from the load's threads, or from its processes.
FOREIGN_MODES = modes.FOREIGN_MODES
#: Each phase of a trial: this long of lateness units, then this long of ping-pong.
PHASE_SECONDS = 0.25
QUICK_PHASE_SECONDS = 0.1
#: A load call longer than this is not measured: leaving a phase waits for the
#: calls in flight, and pure Python at large knobs takes seconds per call.
MAX_CALL_SECONDS = 0.1
#: A victim unit later than STALL_FLOOR_S + STALL_FACTOR x (call + switch
#: interval) was stopped by the host, not by the load: the trial is flagged.
STALL_FLOOR_S = 0.05
STALL_FACTOR = 3.0
#: The I/O rate leaves out the slowest share of round trips: the host's blips of
#: milliseconds, a few per phase, would otherwise move a rate of 50k/s by a third;
#: a convoy slows every round trip, and stays.
TRIM_SHARE = 0.01


@dataclass
class LatencyConfig:
    workload: str = "churn"
    modes: tuple = LATENCY_MODES
    knobs: tuple = ()
    workers: int = 1
    switch_intervals: tuple = (0.005,)
    repeats: int = 5
    phase_s: float = PHASE_SECONDS
    max_wait_s: float = 600.0
    seed: int = field(default_factory=lambda: random.randrange(1 << 31))
    #: --callable: {"target": module:attribute, "arg": the expression in n}; workload is then the target.
    foreign: dict = None

    def __post_init__(self):
        if self.foreign:
            self.workload = workloads.add_callable(self.foreign["target"], self.foreign["arg"])
            if not self.knobs:
                raise ValueError("a callable has no default knobs: give --knobs")
            if self.modes == LATENCY_MODES:
                self.modes = FOREIGN_MODES
            allowed = FOREIGN_MODES
        elif self.workload not in REGISTRY:
            raise ValueError(f"unknown workload {self.workload!r}; expected one of {', '.join(REGISTRY)}")
        else:
            allowed = LATENCY_MODES
            if not self.knobs:
                self.knobs = tuple(REGISTRY[self.workload].latency_knobs or REGISTRY[self.workload].default_knobs[::2])
            workloads.check_knobs(self.workload, list(self.knobs))
        unknown = [mode for mode in self.modes if mode not in allowed]
        if unknown:
            raise ValueError(f"mode {unknown[0]!r} has no latency measurement "
                             f"{'for a callable ' if self.foreign else ''}here; expected some of {', '.join(allowed)}")
        if not 1 <= self.workers <= 64:
            raise ValueError(f"workers must be 1 to 64, got {self.workers}")
        if any(not 1e-6 <= s <= 1.0 for s in self.switch_intervals):
            raise ValueError("switch intervals must be between 1e-6 and 1 s")
        if self.repeats < 1 or self.phase_s <= 0:
            raise ValueError("repeats must be at least 1 and the phase longer than 0 s")

    def as_dict(self):
        return asdict(self)


def phase_record(late, trips, switch_s, call_s):
    """What one phase keeps: the victim's lateness and round-trip figures, and
    whether a unit was stopped for longer than the load can explain."""
    ordered_late, ordered_trips = sorted(late), sorted(trips)
    limit = STALL_FLOOR_S + STALL_FACTOR * (call_s + switch_s)
    pick = lambda values, q: values[min(len(values) - 1, int(q * len(values)))]
    return {"late_p50_s": pick(ordered_late, 0.5), "late_p90_s": pick(ordered_late, 0.9),
            "late_max_s": ordered_late[-1], "late_units": len(late),
            "trip_p50_s": pick(ordered_trips, 0.5), "trip_p90_s": pick(ordered_trips, 0.9),
            "trips": len(trips), "io_rate": trimmed_rate(ordered_trips),
            "stalled": ordered_late[-1] > limit or ordered_trips[-1] > limit}


def trimmed_rate(ordered_trips):
    """Round trips per second, the slowest TRIM_SHARE left out."""
    kept = ordered_trips[:len(ordered_trips) - int(len(ordered_trips) * TRIM_SHARE)]
    return len(kept) / sum(kept)


class LatencyRun:
    def __init__(self, config, progress=None, status=lambda text: None):
        self.config, self.progress, self.status = config, progress, status
        self.started = time.monotonic()
        self.points, self.trials, self.skipped = [], [], []
        self.ctypes_kernels = None

    def clock(self):
        return time.monotonic() - self.started

    def _plan(self):
        """The points, with each load's call time measured once (the x axis)."""
        if modes.CTYPES in self.config.modes:
            self.ctypes_kernels = workloads.CtypesKernels()
        for mode in self.config.modes:
            if not modes.applies(mode, self.config.workload):
                continue
            for knob in self.config.knobs:
                if mode == modes.CTYPES and REGISTRY[self.config.workload].ctypes_call is None:  # not for a callable
                    continue
                function, args = load_module.call_of(mode, self.config.workload, knob, self.ctypes_kernels)
                call_s = load_module.call_seconds(function, args, repeats=1)
                if call_s > MAX_CALL_SECONDS:
                    self.skipped.append({"mode": mode, "knob": knob, "call_s": call_s})
                    continue
                call_s = min(call_s, load_module.call_seconds(function, args))
                for switch_s in self.config.switch_intervals:
                    self.points.append({"id": len(self.points), "mode": mode, "workload": self.config.workload,
                                        "knob": knob, "switch_s": switch_s, "call_s": call_s})

    def run(self):
        previous = sys.getswitchinterval()
        rng = random.Random(self.config.seed)
        canary = canary_module.Canary(min(self.config.workers + 1, 2))
        sky = weather.Weather(self.clock, self.config.max_wait_s, status=self.status)
        self.weather = sky
        try:
            self._plan()
            with victim.EchoPeer(cpu=windows.ALLOWED_CPUS[0] if len(windows.ALLOWED_CPUS) > 1 else None) as peer:
                total = self.config.repeats * len(self.points)
                for trial in range(self.config.repeats):
                    for point in rng.sample(self.points, len(self.points)):
                        sky.wait(canary, handoff=False)
                        self.trials.append(self._trial(point, trial, peer, rng.random() < 0.5))
                        reading, _ = sky.after(canary, handoff=False)
                        self.trials[-1]["capacity_ok"] = bool(canary.verdict(reading)[0])
                        if self.progress:
                            self.progress.step(len(self.trials), total,
                                               f"{point['mode']} knob={point['knob']} switch={point['switch_s'] * 1e3:g} ms")
        finally:
            sys.setswitchinterval(previous)
            if self.ctypes_kernels is not None:
                self.ctypes_kernels.close()
        return self

    def _trial(self, point, trial, peer, loaded_first):
        sys.setswitchinterval(point["switch_s"])
        pinned = len(windows.ALLOWED_CPUS) > 1
        if pinned:
            windows.pin(0)  # the victim's core; unpinned again before the canary reads
        try:
            return self._phases(point, trial, peer, loaded_first, first_cpu=1 if pinned else None)
        finally:
            if pinned:
                windows.unpin()

    def _phases(self, point, trial, peer, loaded_first, first_cpu):
        record = {"point": point["id"], "trial": trial, "start_s": self.clock(), "loaded_first": loaded_first}
        for phase in (("loaded", "alone") if loaded_first else ("alone", "loaded")):
            if phase == "alone":
                late, trips = victim.lateness(self.config.phase_s), peer.pingpong(self.config.phase_s)
            else:
                with load_module.make_load(point["mode"], point["workload"], point["knob"], self.config.workers,
                                           self.ctypes_kernels, first_cpu, self.config.foreign):
                    late, trips = victim.lateness(self.config.phase_s), peer.pingpong(self.config.phase_s)
            record[phase] = phase_record(late, trips, point["switch_s"], point["call_s"])
        return record


def run_latency(config, out, progress=None, status=lambda text: None):
    """Runs, writes the folder and returns (document, paths written). On Ctrl-C
    the trials measured so far are saved first (marked incomplete)."""
    from ..sweep.results import machine_metadata
    from . import report

    machine = machine_metadata()
    machine["started"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    latency = LatencyRun(config, progress, status)
    complete = False
    try:
        latency.run()
        complete = True
    finally:
        document = {"kind": report.KIND, "format_version": report.FORMAT_VERSION, "complete": complete,
                    "machine": machine, "config": config.as_dict(), "points": latency.points,
                    "skipped": latency.skipped, "trials": latency.trials,
                    "timeline": getattr(latency, "weather", None) and latency.weather.timeline or [],
                    "took_s": latency.clock()}
        paths = report.save(out, document)
    return document, paths
