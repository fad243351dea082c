"""`gilsweep latency`: what a call does to the program's other threads. Per point
(mode, knob, switch interval) and trial, the victim measures lateness for
PHASE_SECONDS, then ping-pong, alone and next to the load (phased.PhasedRun).
The victim and its echo peer share the first CPU and the load runs on the others:
the question is what the GIL costs another thread, not a shared core (docs/latency.md)."""
import random
import sys
import time
from dataclasses import asdict, dataclass, field

from ..core import modes, windows, workloads
from ..core.metadata import machine_metadata
from ..core.registry import REGISTRY
from . import phased, report, victim

#: The modes a latency run measures. swift-threads is left out: a Swift process
#: shares no GIL with the victim, so it shows only the competition for cores,
#: which the processes mode already shows.
LATENCY_MODES = (modes.PYTHON_HOLD, modes.PYTHON_RELEASE, modes.PYTHON_AUTO, modes.CTYPES, modes.PURE_PYTHON,
                 modes.PROCESSES)
#: A foreign callable (--callable) is called as it is from the load's threads, or from its processes.
FOREIGN_MODES = modes.FOREIGN_MODES
#: Each phase of a trial: this long of wake-ups, then this long of ping-pong.
PHASE_SECONDS = 0.25
QUICK_PHASE_SECONDS = 0.1
#: A load call longer than this is not measured: leaving a phase waits for the
#: calls in flight, and pure Python at large knobs takes seconds per call.
MAX_CALL_SECONDS = 0.1
#: A victim wake-up later than STALL_FLOOR_S + STALL_FACTOR x (call + switch
#: interval) was stopped by the host, not by the load: the trial is flagged.
STALL_FLOOR_S = 0.05
STALL_FACTOR = 3.0
#: The I/O rate leaves out the slowest share of round trips: the host's blips of
#: milliseconds, a few per phase, would otherwise move the rate (docs/latency.md);
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
    whether a wake-up was stopped for longer than the load can explain."""
    ordered_late, ordered_trips = sorted(late), sorted(trips)
    limit = STALL_FLOOR_S + STALL_FACTOR * (call_s + switch_s)
    def pick(values, q):
        return values[min(len(values) - 1, int(q * len(values)))]
    return {"late_p50_s": pick(ordered_late, 0.5), "late_p90_s": pick(ordered_late, 0.9),
            "late_max_s": ordered_late[-1], "late_units": len(late),
            "trip_p50_s": pick(ordered_trips, 0.5), "trip_p90_s": pick(ordered_trips, 0.9),
            "trips": len(trips), "io_rate": trimmed_rate(ordered_trips),
            "stalled": ordered_late[-1] > limit or ordered_trips[-1] > limit}


def trimmed_rate(ordered_trips):
    """Round trips per second, the slowest TRIM_SHARE left out."""
    kept = ordered_trips[:len(ordered_trips) - int(len(ordered_trips) * TRIM_SHARE)]
    return len(kept) / sum(kept)


class LatencyRun(phased.PhasedRun):
    """A phase: wake-ups for phase_s, then ping-pong with the echo peer for as long."""

    MAX_CALL_SECONDS = MAX_CALL_SECONDS

    def variants(self):
        return [{"switch_s": switch_s} for switch_s in self.config.switch_intervals]

    def session(self):
        self.previous_switch_s = sys.getswitchinterval()
        return victim.EchoPeer(cpu=windows.ALLOWED_CPUS[0] if len(windows.ALLOWED_CPUS) > 1 else None)

    def prepare(self, point):
        sys.setswitchinterval(point["switch_s"])

    def finish(self):
        if hasattr(self, "previous_switch_s"):
            sys.setswitchinterval(self.previous_switch_s)

    def label(self, point):
        return f"{point['mode']} knob={point['knob']} switch={point['switch_s'] * 1e3:g} ms"

    def measure_phase(self, point, rng, peer):
        late, trips = victim.lateness(self.config.phase_s), peer.pingpong(self.config.phase_s)
        return phase_record(late, trips, point["switch_s"], point["call_s"])


def run_latency(config, out, progress=None, status=lambda text: None):
    """Runs, writes the folder and returns (document, paths written). On Ctrl-C
    the trials measured so far are saved first (marked incomplete)."""
    machine = machine_metadata()
    machine["started"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    head = {"kind": report.KIND, "format_version": report.FORMAT_VERSION, "machine": machine,
            "config": config.as_dict()}
    return phased.run_and_save(LatencyRun(config, progress, status), lambda document: report.save(out, document), head)
