"""The sweep's result schema, defined once: the rows of sweep.csv and the raw
records of sweep.json (points, windows, canaries). Python and Swift windows are
the same record; only the point's runtime says who measured it."""
from dataclasses import MISSING, asdict, dataclass, fields

#: Version of sweep.json's layout; bumped when a reader would misread a record.
FORMAT_VERSION = 4
#: Older versions results.load still reads: 2 named the workload "kernel"; before 4
#: no point was estimated per machine state (a slow-handoff trial was flagged).
READABLE_VERSIONS = (2, 3, 4)

#: Columns of sweep.csv, in order. Times in seconds unless the name says otherwise.
COLUMNS = (
    "runtime",       # python or swift
    "mode",          # see modes.MODES
    "workload",      # what one call does: a registry workload, or a --callable target
    "knob",          # the workload's work knob
    "threads",       # T: threads (or processes) in the parallel window
    "calls",         # calls per thread; the sequential window makes threads * calls
    "per_call_us",   # the x axis: median time inside the calls per call, sequential windows, microseconds
    "seq_s",         # median sequential window over the clean trials
    "par_s",         # median parallel window over the clean trials
    "speedup",       # seq_s / par_s: the ratio of lower quartiles (stats.ESTIMATE_QUANTILE)
    "speedup_lo",    # 25th percentile of the clean trials' own ratios
    "speedup_hi",    # 75th percentile
    "repeats",       # trials measured (any warm-up excluded), clean or flagged, re-measured ones included
    "ci_lo",         # 95% bootstrap interval of that ratio, widened for few trials (stats.expansion)
    "ci_hi",
    "clean",         # trials in the estimate
    "stalled",       # trials left out: a stalled window or too little capacity
    "state",         # the GIL-handoff state the row holds for (states.py): normal or slow; empty: any
)


@dataclass(frozen=True)
class Row:
    runtime: str
    mode: str
    workload: str
    knob: int
    threads: int
    calls: int
    per_call_us: float
    seq_s: float
    par_s: float
    speedup: float
    speedup_lo: float
    speedup_hi: float
    repeats: int
    ci_lo: float
    ci_hi: float
    clean: int
    stalled: int
    state: str = ""

    def key(self):
        """What names a row within a run: its point, and the state it holds for."""
        return self.workload, self.mode, self.knob, self.threads, self.state

    def as_dict(self):
        return asdict(self)

    @classmethod
    def from_strings(cls, record):
        """A row from a CSV record (every value a string), converting each column by its type."""
        values = {}
        for field in fields(cls):
            if field.name not in record and field.default is not MISSING:  # a column older files lack
                continue
            text = record[field.name]
            values[field.name] = (int(text) if field.type in (int, "int")
                                  else float(text) if field.type in (float, "float") else text)
        return cls(**values)


assert tuple(field.name for field in fields(Row)) == COLUMNS


@dataclass(frozen=True)
class Point:
    """What is measured: one mode of one workload at one knob and thread count."""
    id: int
    runtime: str
    mode: str
    workload: str
    knob: int
    threads: int
    calls: int  # per thread, calibrated before the first round
    #: Whether its speedup depends on the host's GIL-handoff state (states.hands_off_often):
    #: its trials are classified by state and it is estimated per state.
    handoff_sensitive: bool = False

    def label(self):
        return f"{self.workload} {self.mode} knob={self.knob} threads={self.threads}"


#: The keys of a raw window record in sweep.json.
WINDOW_KEYS = ("point", "trial", "order", "start_s", "kind", "warmup", "wall_s", "in_call_s",
               "max_chunk_s", "median_chunk_s", "slow_s", "balance", "capacity_ok", "handoff_ok", "handoff_state",
               "flag")
#: A window's handoff_state (format 4 on): the trial's state (states.trial_state) for a
#: handoff-sensitive point, None for any other.
#: The keys of a raw canary record.
CANARY_KEYS = ("order", "start_s", "when", "capacity", "handoff", "healthy", "waited_s", "checks")
#: The keys of a timeline record: every canary reading with its time (seconds
#: since the run started), the thread count it reads for, and where it was
#: taken (forecast, before, wait, after, confirm, deferred).
TIMELINE_KEYS = ("t", "threads", "capacity", "handoff", "capacity_ok", "healthy", "phase")
