"""The workloads, one entry each: what one timed call does, with one work knob
(a workload is not a kernel: "primes" calls count_primes over [0, knob)).
Adding a workload is one Workload here and its case in the Swift worker
(Sources/GilsweepWorker/WorkloadPoint.swift). Operands come from OPERAND_SEED,
so every runtime gets the same values."""
import ctypes
import functools
import random
from dataclasses import dataclass
from typing import Callable, Optional

import gilsweep

#: The seed of every operand; recorded in each run's config.
OPERAND_SEED = 2009

#: Magnitudes below this take the 64-bit binary gcd in every runtime; larger ones take GMP.
U64_LIMIT = 1 << 64


@dataclass(frozen=True)
class Workload:
    name: str
    kernel: str              # the gilsweep kernel (SWIG callable) one call makes
    knob_unit: str           # what the knob counts
    #: Log-spaced from calls of tens of nanoseconds to about a millisecond in C (docs/method.md).
    default_knobs: tuple
    #: About a quarter second per call in C: past it a call could take minutes or
    #: gigabytes (churn's loop does not look at Ctrl-C), and no window could be timed.
    max_knob: int
    #: Scalar workloads: the Python ints one call takes at a knob.
    arguments: Optional[Callable[[int], tuple]] = None
    #: Batch workloads: the items of one call at a knob, as columns of Python ints
    #: (one per argument); the call gets each column as an array('Q').
    columns: Optional[Callable[[int], list]] = None
    #: The scalar kernel a batch replaces (its python-loop mode calls it per item).
    batch_of: Optional[str] = None
    #: The knobs of the dask-* modes (docs/distributed.md): from where a 0.1 s window is
    #: a few hundred tasks, past the default range; measured by them and the ceiling only.
    dask_knobs: tuple = ()
    #: The pure-Python twin of the call (the pure-python mode), if it has one worth timing.
    pure_python: Optional[Callable] = None
    #: (CtypesKernels, the call's operands) -> (function, args) through ctypes.
    ctypes_call: Optional[Callable] = None
    #: The knobs of `gilsweep latency` (docs/latency.md): from sub-microsecond calls to
    #: calls of ten milliseconds and more, the lengths a victim thread feels. Empty:
    #: every other default knob.
    latency_knobs: tuple = ()

    def __post_init__(self):
        if (self.arguments is None) == (self.columns is None):
            raise ValueError(f"workload {self.name}: give arguments (scalar) or columns (batch), not both")
        if (self.columns is None) != (self.batch_of is None):
            raise ValueError(f"workload {self.name}: a batch workload names the scalar kernel it replaces")

    @property
    def is_batch(self):
        return self.columns is not None


# ----------------------------------------------------------------- operands


def gcd_operands(bits, seed=OPERAND_SEED):
    """Two random operands of exactly `bits` bits."""
    rng = random.Random(seed * 100003 + bits)
    top = 1 << (bits - 1)
    return rng.getrandbits(bits) | top, rng.getrandbits(bits) | top


@functools.lru_cache(maxsize=None)
def batch_primes(count, seed=OPERAND_SEED):
    """`count` random 64-bit primes (top bit set), the same prefix for every count."""
    rng = random.Random(seed * 100003 + 64)
    return tuple(gilsweep.next_prime(rng.getrandbits(63) | (1 << 63)) for _ in range(count))


@functools.lru_cache(maxsize=None)
def batch_pairs(count, seed=OPERAND_SEED):
    """`count` pairs of random 64-bit operands (top bit set), as two columns."""
    pairs = [gcd_operands(64, seed * 7 + i) for i in range(count)]
    return tuple(a for a, _ in pairs), tuple(b for _, b in pairs)


# Each batch is a prefix of the largest default batch, so growing knobs add items, not change them.
def prime_column(knob):
    return [list(batch_primes(max(BATCH_KNOBS[-1], knob))[:knob])]


def pair_columns(knob):
    return [list(column[:knob]) for column in batch_pairs(max(BATCH_KNOBS[-1], knob))]


# ------------------------------------------------------------- pure Python


def count(n):
    """Beazley's pure-Python spin loop (2009): the GIL-bound baseline."""
    while n > 0:
        n -= 1


def euclid(a, b):
    while b:
        a, b = b, a % b
    return abs(a)


def count_primes_python(lo, hi):
    """Primes in [lo, hi) by a plain sieve of Eratosthenes, in Python."""
    if hi <= 2:
        return 0
    sieve = bytearray([1]) * hi
    sieve[0:2] = b"\0\0"
    p = 2
    while p * p < hi:
        if sieve[p]:
            sieve[p * p :: p] = bytes(len(range(p * p, hi, p)))
        p += 1
    return sum(sieve[lo:])


# ------------------------------------------------------------------ ctypes
# Each takes the CtypesKernels (its lib, with argtypes set) and the call's operands,
# and gives per-thread outputs, so threads never share a write.


def churn_ctypes(kernels, args):
    return kernels.lib.gs_churn, args


def gcd_ctypes(kernels, args):
    a, b = args
    if abs(a) < U64_LIMIT and abs(b) < U64_LIMIT:
        return kernels.lib.gs_gcd_u64, (abs(a), abs(b))
    return kernels.lib.gs_bigint_gcd, (kernels.bigint(0), kernels.bigint(a), kernels.bigint(b))


def primes_ctypes(kernels, args):
    return kernels.lib.gs_count_primes, (*args, None, ctypes.byref(ctypes.c_uint64()))


def primes_batch_ctypes(kernels, args):
    (values,) = args
    answers = kernels.keep(ctypes.create_string_buffer(len(values)), values)
    return kernels.lib.gs_is_prime_many, (values.buffer_info()[0], len(values), 0, answers, None)


def gcd_batch_ctypes(kernels, args):
    a, b = args
    answers = kernels.keep((ctypes.c_uint64 * len(a))(), a, b)
    return kernels.lib.gs_gcd_many, (a.buffer_info()[0], 0, b.buffer_info()[0], 0, len(a), answers, None)


# ---------------------------------------------------------------- registry

BATCH_KNOBS = (1, 4, 16, 64, 256, 1_024, 4_096, 16_384, 65_536)

REGISTRY = {workload.name: workload for workload in (
    Workload(
        "churn", kernel="churn", knob_unit="iterations of Beazley's spin loop",
        # Denser around the knee, where the curve is steep (docs/method.md).
        default_knobs=(1, 10, 100, 300, 1_000, 2_000, 3_000, 5_000, 10_000, 30_000, 100_000, 300_000,
                       1_000_000, 3_000_000),
        max_knob=10**9, arguments=lambda knob: (knob,),
        dask_knobs=(1_000_000, 3_000_000, 10_000_000, 30_000_000, 100_000_000, 300_000_000),
        pure_python=count, ctypes_call=churn_ctypes,
        latency_knobs=(10, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 40_000_000)),
    Workload(
        "gcd", kernel="gcd", knob_unit="bits of each operand",
        default_knobs=(64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536),
        max_knob=1 << 18, arguments=gcd_operands,
        dask_knobs=(16384, 32768, 65536, 131072, 262144),
        pure_python=euclid, ctypes_call=gcd_ctypes),
    Workload(
        "primes", kernel="count_primes", knob_unit="length L of the range [0, L) counted per call",
        default_knobs=(10, 100, 1_000, 10_000, 30_000, 100_000, 300_000, 1_000_000, 3_000_000, 10_000_000),
        max_knob=10**9, arguments=lambda knob: (0, knob),
        dask_knobs=(10_000_000, 30_000_000, 100_000_000, 300_000_000, 1_000_000_000),
        pure_python=count_primes_python, ctypes_call=primes_ctypes),
    Workload(
        "primes-batch", kernel="is_prime_many", knob_unit="random 64-bit primes tested per call",
        default_knobs=BATCH_KNOBS, max_knob=1 << 20, columns=prime_column, batch_of="is_prime",
        ctypes_call=primes_batch_ctypes),
    Workload(
        "gcd-batch", kernel="gcd_many", knob_unit="pairs of random 64-bit operands per call",
        default_knobs=BATCH_KNOBS, max_knob=1 << 20, columns=pair_columns, batch_of="gcd",
        ctypes_call=gcd_batch_ctypes),
)}
