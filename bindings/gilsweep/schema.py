"""The sweep's result schema, Python's copy. Swift's copy is Sources/Sweep/SweepRow.swift;
bindings/tests/test_sweep.py checks that the two write the same columns."""
from dataclasses import asdict, dataclass, fields

#: Columns of sweep.csv, in order. Times in seconds unless the name says otherwise.
COLUMNS = (
    "runtime",       # python or swift
    "mode",          # python-hold, python-release, python-auto, ctypes, pure-python, processes, swift-threads
    "kernel",        # churn, gcd or primes
    "knob",          # the kernel's work knob: churn iterations, gcd operand bits, primes range length
    "threads",       # T: threads (or processes) in the parallel run
    "calls",         # calls per thread; the sequential run makes threads * calls
    "per_call_us",   # the x axis: measured sequential time per call, median, microseconds
    "seq_s",         # median sequential time
    "par_s",         # median parallel time
    "speedup",       # median of seq_s / par_s over the repeats
    "speedup_lo",    # 25th percentile of the speedups
    "speedup_hi",    # 75th percentile
    "repeats",       # measured repeats (warm-ups excluded)
)

MODES = ("python-hold", "python-release", "python-auto", "ctypes", "pure-python", "processes", "swift-threads")
KERNELS = ("churn", "gcd", "primes")


@dataclass(frozen=True)
class Row:
    runtime: str
    mode: str
    kernel: str
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

    def as_dict(self):
        return asdict(self)

    @classmethod
    def from_strings(cls, record):
        """A row from a CSV record (every value a string), converting each column by its type."""
        values = {}
        for field in fields(cls):
            text = record[field.name]
            values[field.name] = int(text) if field.type in (int, "int") else float(text) if field.type in (float, "float") else text
        return cls(**values)


assert tuple(field.name for field in fields(Row)) == COLUMNS
