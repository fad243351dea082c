"""`gilsweep gc-pause`: what "hold" costs without a GIL. A collection stops the
world; a detached thread is parked at once, an attached one only when its C call
returns, so the longest pause should grow with the work per call when calls stay
attached and stay flat when they detach. The victim times gc.collect() next to
the load, at random gaps (docs/free-threaded.md); gc_report writes the folder."""
import gc
import random
import time
from dataclasses import asdict, dataclass, field

from ..core import modes, workloads
from ..core.metadata import machine_metadata
from ..core.registry import REGISTRY
from . import gc_report, phased

#: The modes a GC-pause run can measure: the load's threads call the kernel
#: attached (hold), detached (release), by threshold (auto), through ctypes
#: (detached), or as Python code (attached, but reaching a safe point often).
GC_MODES = (modes.PYTHON_HOLD, modes.PYTHON_RELEASE, modes.PYTHON_AUTO, modes.CTYPES, modes.PURE_PYTHON)
DEFAULT_MODES = (modes.PYTHON_HOLD, modes.PYTHON_RELEASE)
#: churn's default knobs: from calls far shorter than a collection to far longer ones.
CHURN_KNOBS = (3_000, 30_000, 300_000, 1_000_000, 3_000_000, 10_000_000, 30_000_000, 100_000_000)
#: A phase lasts at least this long and holds at least MIN_COLLECTIONS collections.
PHASE_SECONDS = 0.3
QUICK_PHASE_SECONDS = 0.1
MIN_COLLECTIONS = 20
QUICK_MIN_COLLECTIONS = 8
#: The victim's gap between collections: GAP_FLOOR_S plus a random share of one call.
GAP_FLOOR_S = 0.0005
#: A load call longer than this is not measured (a phase would last minutes).
MAX_CALL_SECONDS = 0.2


@dataclass
class GcPauseConfig:
    workload: str = "churn"
    modes: tuple = DEFAULT_MODES
    knobs: tuple = ()
    workers: int = 1
    repeats: int = 5
    phase_s: float = PHASE_SECONDS
    min_collections: int = MIN_COLLECTIONS
    max_wait_s: float = 600.0
    seed: int = field(default_factory=lambda: random.randrange(1 << 31))

    def __post_init__(self):
        if self.workload not in REGISTRY:
            raise ValueError(f"unknown workload {self.workload!r}; expected one of {', '.join(REGISTRY)}")
        if not self.knobs:
            self.knobs = CHURN_KNOBS if self.workload == "churn" else tuple(REGISTRY[self.workload].default_knobs[::2])
        workloads.check_knobs(self.workload, list(self.knobs))
        unknown = [mode for mode in self.modes if mode not in GC_MODES]
        if unknown or not self.modes:
            raise ValueError(f"mode {unknown[0] if unknown else ''!r} has no GC-pause measurement; "
                             f"expected some of {', '.join(GC_MODES)}")
        if not 1 <= self.workers <= 64:
            raise ValueError(f"workers must be 1 to 64, got {self.workers}")
        if self.repeats < 1 or self.phase_s <= 0 or self.min_collections < 1:
            raise ValueError("repeats and collections must be at least 1 and the phase longer than 0 s")

    def as_dict(self):
        return asdict(self)


def collections(seconds, min_count, call_s, rng, clock=time.perf_counter, collect=gc.collect, sleep=time.sleep):
    """gc.collect() again and again for at least `seconds` and `min_count`
    times, a random gap of up to one call after each; returns each pause in seconds."""
    pauses = []
    deadline = clock() + seconds
    while len(pauses) < min_count or clock() < deadline:
        start = clock()
        collect()
        pauses.append(clock() - start)
        sleep(GAP_FLOOR_S + rng.random() * call_s)
    return pauses


def phase_record(pauses):
    ordered = sorted(pauses)
    def pick(q):
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]
    return {"p50_s": pick(0.5), "p90_s": pick(0.9), "max_s": ordered[-1], "count": len(ordered)}


class GcPauseRun(phased.PhasedRun):
    """A phase: collections for phase_s (and at least min_collections), a random gap of up to one call after each."""

    MAX_CALL_SECONDS = MAX_CALL_SECONDS

    def measure_phase(self, point, rng, context):
        return phase_record(collections(self.config.phase_s, self.config.min_collections, point["call_s"], rng))


def run_gc_pause(config, out, progress=None, status=lambda text: None):
    """Runs, writes the folder and returns (document, paths written). On Ctrl-C
    the trials measured so far are saved first (marked incomplete)."""
    head = {"kind": gc_report.KIND, "format_version": gc_report.FORMAT_VERSION, "machine": machine_metadata(),
            "config": config.as_dict()}
    return phased.run_and_save(GcPauseRun(config, progress, status), lambda document: gc_report.save(out, document),
                               head)
