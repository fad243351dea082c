"""What a sweep is asked to do, and the Clock that holds a run to it: the presets,
the limits, SweepConfig, which checks once that a sweep can run (the CLI relies
on it); a run's time, measuring (waiting for the machine not counted) against the
budget and its hard cap, waiting against its allowance, and all of it against the
whole-run limit, with a record in the run of when and why it stopped."""
import time
from dataclasses import dataclass, field

from ..core import workloads


@dataclass(frozen=True)
class Preset:
    repeats: int           # measured rounds of every point, before the stopping rule is first read
    extra_rounds: int      # rounds past those for points the rule does not yet let go (stopping.py)
    target_seconds: float  # about how long a sequential window lasts
    knob_stride: int       # every n-th default knob
    adaptive: bool         # a coarse lattice of them, refined where the curves bend (grid.py)
    time_budget_s: float   # the measuring time a run aims at (see SweepConfig.time_budget_s)
    forecast_s: float      # how long the run reads the machine first
    max_time_s: float      # the longest a whole run may take, waiting included (see SweepConfig.max_time_s)


PRESETS = {
    "quick": Preset(repeats=5, extra_rounds=3, target_seconds=0.03, knob_stride=2, adaptive=False,
                    time_budget_s=80.0, forecast_s=2.0, max_time_s=240.0),
    "default": Preset(repeats=5, extra_rounds=11, target_seconds=0.1, knob_stride=1, adaptive=True,
                      time_budget_s=330.0, forecast_s=4.0, max_time_s=840.0),
    "full": Preset(repeats=8, extra_rounds=16, target_seconds=0.3, knob_stride=1, adaptive=False,
                   time_budget_s=3600.0, forecast_s=6.0, max_time_s=4 * 3600.0),
}

#: Under a whole-run limit, the run starts no trial and no wait this close to it:
#: room for the trial under way, the last analysis, the report and the plot.
FINISH_SECONDS = 15.0

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
#: Warm-up rounds before the measured ones: measured, kept, left out of every estimate.
#: None by default: the calibration has run every point already, and a first trial
#: reads no different from the rest (docs/notebook/sweep.md).
WARMUP_ROUNDS = 0
#: How long a run may wait in all for the machine to deliver T cores (--max-wait).
#: The bad state comes in stretches of seconds, about half of a bad hour: waiting
#: through it is cheap, measuring through it is waste. Once the allowance is spent
#: the run measures what it planned, flags what the canary rejects, and says so.
MAX_WAIT_SECONDS = 600.0
#: How much of that allowance may go to waiting for a normal GIL handoff while the
#: machine gives T cores (--handoff-wait). Short: the slow-handoff state lasts
#: minutes to all day on some hosts, and it is a state to answer for (states.py),
#: not one to wait out; the wait only lets a flipping host give the normal state
#: its trials first.
HANDOFF_WAIT_SECONDS = 30.0

#: Trials per canary reading once the readings after trials have been steady for
#: a while (trials.py; --canary-block, 1: a reading around every trial). A reading
#: costs a tenth of a trial's windows (docs/method.md).
CANARY_BLOCK = 4
#: The most trials one reading may stand for.
MAX_CANARY_BLOCK = 16

#: The longest --max-wait and --time-budget: a day.
MAX_SECONDS = 86400


def check_limits(threads, max_wait_s, time_budget_s, max_time_s=None, handoff_wait_s=0.0):
    """Raises ValueError, in one line naming the option, for thread counts or
    times a run cannot have. SweepConfig checks them, and foreign_config before
    it spends time probing a callable."""
    if not threads or any(not 1 <= t <= MAX_THREADS for t in threads):
        raise ValueError(f"--threads must be between 1 and {MAX_THREADS}, got {', '.join(map(str, threads))}")
    if not 0 <= max_wait_s <= MAX_SECONDS:
        raise ValueError(f"--max-wait must be between 0 and {MAX_SECONDS} seconds, got {max_wait_s:g}")
    if not 0 <= handoff_wait_s <= MAX_SECONDS:
        raise ValueError(f"--handoff-wait must be between 0 and {MAX_SECONDS} seconds, got {handoff_wait_s:g}")
    if time_budget_s is not None and not 0 <= time_budget_s <= MAX_SECONDS:
        raise ValueError(f"--time-budget must be between 0 and {MAX_SECONDS} seconds, got {time_budget_s:g}")
    if max_time_s is not None and not 2 * FINISH_SECONDS <= max_time_s <= MAX_SECONDS:
        raise ValueError(f"--max-time must be between {2 * FINISH_SECONDS:.0f} and {MAX_SECONDS} seconds (0: no "
                         f"limit), got {max_time_s:g}")


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
    extra_rounds: int = PRESETS["default"].extra_rounds
    warmup_rounds: int = WARMUP_ROUNDS
    #: How long the run may wait in all for the machine (see MAX_WAIT_SECONDS); 0: never wait.
    max_wait_s: float = MAX_WAIT_SECONDS
    #: How much of it may go to waiting for a normal GIL handoff (see HANDOFF_WAIT_SECONDS).
    handoff_wait_s: float = HANDOFF_WAIT_SECONDS
    #: Trials per canary reading after a steady streak (see CANARY_BLOCK).
    canary_block: int = CANARY_BLOCK
    #: How long the run reads the machine first, to say what to expect; 0: no forecast.
    forecast_s: float = PRESETS["default"].forecast_s
    #: The measuring time a run aims at, calibration included, waiting not. Past it
    #: only the points that are still unstable are measured, and only while the
    #: machine is healthy (the waiting allowance not spent), up to HARD_CAP_FACTOR
    #: times it; at the cap the run stops and counts the trials it did not reach.
    #: None: no budget.
    time_budget_s: float = PRESETS["default"].time_budget_s
    #: The longest the whole run may take, waiting for the machine included: a
    #: user's limit, whatever the hour. FINISH_SECONDS before it the run starts no
    #: more trials or waits, and ends as at the measuring cap, counting what it
    #: skipped. None: no limit (the budget, its cap and the waiting allowance still hold).
    max_time_s: float = PRESETS["default"].max_time_s
    #: {workload: its dense knob list} to refine `knobs` from where the curves bend
    #: (grid.py); None: measure `knobs` only.
    refine_knobs: dict = None
    #: For a foreign callable (`--callable`): {"target", "arg", "verdicts": {knob: probe verdict}}.
    foreign: dict = None
    #: A test hook: (point, trial, kind) -> seconds to sleep inside that window, as a host stall would.
    stall_injector: object = field(default=None, repr=False)

    def __post_init__(self):
        """Raises ValueError, with a one-line message, for a sweep that cannot run:
        too many threads, a knob out of range, or no mode that applies anywhere."""
        check_limits(self.threads, self.max_wait_s, self.time_budget_s, self.max_time_s, self.handoff_wait_s)
        if not 1 <= self.canary_block <= MAX_CANARY_BLOCK:
            raise ValueError(f"--canary-block must be between 1 and {MAX_CANARY_BLOCK} trials, got {self.canary_block}")
        for workload in self.workloads:
            workloads.check_knobs(workload, self.knobs[workload])
            workloads.check_knobs(workload, (self.refine_knobs or {}).get(workload, []))
        if not any(workloads.measures(m, w, k) for w in self.workloads for m in self.modes for k in self.knobs[w]):
            dask_from = ", ".join(f"{w} {k[0]}" for w, k in workloads.DASK_KNOBS.items())
            raise ValueError(f"nothing to measure: {', '.join(self.modes)} on {', '.join(self.workloads)} "
                             "at these knobs "
                             f"(python-loop is for the batch kernels, pure-python and the dask modes for the others, "
                             f"the dask modes from knob {dask_from}, threads for a --callable)")

    def as_dict(self):
        return {"workloads": self.workloads, "modes": self.modes, "threads": self.threads, "knobs": self.knobs,
                "repeats": self.repeats, "target_seconds": self.target_seconds, "chunks": self.chunks,
                "max_requeues": self.max_requeues, "extra_rounds": self.extra_rounds,
                "warmup_rounds": self.warmup_rounds, "max_wait_s": self.max_wait_s,
                "handoff_wait_s": self.handoff_wait_s, "canary_block": self.canary_block,
                "forecast_s": self.forecast_s, "time_budget_s": self.time_budget_s, "max_time_s": self.max_time_s,
                "hard_cap_factor": HARD_CAP_FACTOR, "refine_knobs": self.refine_knobs,
                "operand_seed": workloads.OPERAND_SEED, **({"foreign": self.foreign} if self.foreign else {})}


class Clock:
    """Seconds since the run started, what is spent on measuring, and the limits on both.
    `weather` (weather.Weather) counts the waiting; `record` is the run's budget dict."""

    def __init__(self, sweep_config, record):
        self.config = sweep_config
        self.record = record
        self.started = time.perf_counter()
        # The run's zero on the system's monotonic clock, so its windows can be set
        # against other logs of the same clock (the noise injector's: tools/states_check.py).
        record["started_monotonic_s"] = time.monotonic()
        self.weather = None  # set once the run's Weather exists (it reads this clock)
        #: Past this (seconds into the run) no trial and no wait starts: the whole-run limit.
        self.deadline_s = (sweep_config.max_time_s - FINISH_SECONDS) if sweep_config.max_time_s else None

    def elapsed(self):
        return time.perf_counter() - self.started

    def measuring_s(self):
        """Time spent on anything but waiting for the machine (what the budget counts)."""
        return self.elapsed() - self.weather.waited_s

    def stop_reason(self, extra_work):
        """Why no more trials may run, or None. Extra work (a trial of a point that
        is stable by now, a re-queue, an extra round) is what the budget cuts:
        past it only still-unstable points are measured, and only while waiting
        for the machine is still allowed; at HARD_CAP_FACTOR times it, nothing."""
        if self.deadline_s is not None and self.elapsed() >= self.deadline_s:
            return self._stop("max_time")
        budget = self.config.time_budget_s
        if budget is None:
            return None
        measuring = self.measuring_s()
        if measuring >= HARD_CAP_FACTOR * budget:
            return self._stop("measuring_cap")
        if measuring >= budget and not self.weather.allowance_left():
            return self._stop("waiting_allowance")
        if measuring >= budget:
            self.record.setdefault("past_budget_s", self.elapsed())
            return "budget" if extra_work else None
        return None

    def _stop(self, why):
        """Records when and why the run stopped (the first time only); returns "cap"."""
        self.record.setdefault("stopped_s", self.elapsed())
        self.record.setdefault("stopped_by", why)
        return "cap"

    def allowance_spent(self):
        """Whether the run could wait and may not any more (so more trials would be measured on a bad machine)."""
        return bool(self.config.max_wait_s) and not self.weather.allowance_left()

    def count(self, key, by=1):
        """Adds to a count in the run's record (trials skipped, deferrals, ...)."""
        self.record[key] = self.record.get(key, 0) + by


def planned_measuring_s(asked, points):
    """About how long the rounds of `points` points measure on a healthy machine:
    every point its warm-up and first `repeats` trials and the closing one, a
    sequential and a parallel window of ~target_seconds each plus the canaries, its
    calibration; and a third more for the knobs a refined grid adds and the points
    that need more rounds (fitted to default runs on the development machine)."""
    rounds = asked.warmup_rounds + asked.repeats + 1
    return 1.33 * points * (rounds * (2 * asked.target_seconds + 0.05) + 2.5 * asked.target_seconds)
