"""What one call does, per workload and mode: operands, and the callable with its arguments.

The operands of a point are made once, here, from a recorded seed, and every
runtime gets the same values: the SWIG modes, ctypes, the process workers and
the Swift worker (as decimal strings)."""
import ctypes
import functools
import random
from array import array

import gilsweep
from gilsweep import _kernels

from . import modes

#: Default knob values, log-spaced so calls take ~50 ns to ~1 ms in C. churn is
#: denser around its knee (0.4 to 2 µs here): there the curve is steep, and with
#: points a factor 3 apart one knee point moving by 0.3x between runs moved the
#: interpolated 1.5x crossover by the whole spacing.
DEFAULT_KNOBS = {
    "churn": [1, 10, 100, 300, 1_000, 2_000, 3_000, 5_000, 10_000, 30_000, 100_000, 300_000, 1_000_000, 3_000_000],
    "gcd": [64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536],
    "primes": [10, 100, 1_000, 10_000, 30_000, 100_000, 300_000, 1_000_000, 3_000_000, 10_000_000],
    "primes-batch": [1, 4, 16, 64, 256, 1_024, 4_096, 16_384, 65_536],
    "gcd-batch": [1, 4, 16, 64, 256, 1_024, 4_096, 16_384, 65_536],
}

#: Foreign callables swept by `gilsweep sweep --callable`: workload name (the
#: target, module:attribute) -> probe.Target, which builds the arguments from n.
FOREIGN = {}


def add_callable(spec, expression):
    """Makes the callable `spec` a workload whose knob is n in `expression`.
    Raises probe.ProbeError for a target or expression that cannot be resolved."""
    from .probe import resolve

    FOREIGN[spec] = resolve(spec, expression)
    return spec


#: The knobs of the dask-* modes (scalar workloads only). Dask spends about a
#: millisecond on each task, so they start where a call takes ~0.1-0.5 ms (a
#: 0.1 s window is then a few hundred tasks, not millions) and go on past the
#: default range, up to ~10-100 ms per call, to find where Dask pays. Knobs
#: above DEFAULT_KNOBS' largest are measured by the dask modes and the ceiling only.
DASK_KNOBS = {
    "churn": [1_000_000, 3_000_000, 10_000_000, 30_000_000, 100_000_000, 300_000_000],
    "gcd": [16384, 32768, 65536, 131072, 262144],
    "primes": [10_000_000, 30_000_000, 100_000_000, 300_000_000, 1_000_000_000],
}


#: The largest knob a sweep accepts per built-in workload (a foreign callable's
#: knobs are the user's): about a quarter second per call in C, past the largest
#: knob gilsweep measures itself. Beyond them one call would take minutes to years
#: (churn's loop does not look at Ctrl-C), or gigabytes (the pure-Python sieve,
#: gcd operands), and a window could not be timed at all.
MAX_KNOBS = {"churn": 10**9, "gcd": 1 << 18, "primes": 10**9, "primes-batch": 1 << 20, "gcd-batch": 1 << 20}


def check_knobs(workload, knobs):
    """Raises ValueError, naming the limit, for a knob outside 1..MAX_KNOBS[workload]."""
    limit = MAX_KNOBS.get(workload)
    bad = [knob for knob in knobs if limit is not None and not 1 <= knob <= limit]
    if bad:
        raise ValueError(f"{workload} knobs must be between 1 and {limit}, got {', '.join(map(str, bad))}")


def measures(mode, workload, knob):
    """Whether a run measures `mode` at this knob: modes.applies, the dask modes
    only from their smallest knob, and the knobs only they need (above the
    default range) only for them and the ceiling."""
    if not modes.applies(mode, workload):
        return False
    if mode in modes.DASK_MODES:
        return workload in DASK_KNOBS and knob >= DASK_KNOBS[workload][0]
    if workload not in DEFAULT_KNOBS:  # a foreign callable: its knobs are the user's
        return True
    dask_only = knob > max(DEFAULT_KNOBS[workload]) and knob in DASK_KNOBS.get(workload, ())
    return mode == modes.CEILING or not dask_only


#: The seed of every operand; recorded in each run's metadata.
OPERAND_SEED = 2009

#: Magnitudes below this take the 64-bit binary gcd in every runtime; larger ones take GMP.
U64_LIMIT = 1 << 64


def gcd_operands(bits, seed=OPERAND_SEED):
    """Two random operands of exactly `bits` bits."""
    rng = random.Random(seed * 100003 + bits)
    top = 1 << (bits - 1)
    return rng.getrandbits(bits) | top, rng.getrandbits(bits) | top


@functools.lru_cache(maxsize=None)
def batch_primes(count, seed=OPERAND_SEED):
    """`count` random 64-bit primes (top bit set), the same prefix for every count:
    the items of the primes-batch workload."""
    rng = random.Random(seed * 100003 + 64)
    return tuple(gilsweep.next_prime(rng.getrandbits(63) | (1 << 63)) for _ in range(count))


@functools.lru_cache(maxsize=None)
def batch_pairs(count, seed=OPERAND_SEED):
    """`count` pairs of random 64-bit operands (top bit set), as two columns: gcd-batch's items."""
    pairs = [gcd_operands(64, seed * 7 + i) for i in range(count)]
    return tuple(a for a, _ in pairs), tuple(b for _, b in pairs)


def columns(workload, knob):
    """A batch workload's items at `knob`, as columns of Python ints (one per argument)."""
    largest = max(DEFAULT_KNOBS[workload] + [knob])
    if workload == "primes-batch":
        return [list(batch_primes(largest)[:knob])]
    if workload == "gcd-batch":
        return [list(column[:knob]) for column in batch_pairs(largest)]
    raise ValueError(f"{workload!r} is not a batch workload")


def items(workload, knob):
    """The Python ints one call works on, flat (a batch's columns one after the
    other): what the Swift worker gets as decimal text."""
    if workload in modes.BATCH_OF:
        return [value for column in columns(workload, knob) for value in column]
    return list(operands(workload, knob))


def operands(workload, knob):
    """The arguments of one call at `knob`: Python ints, or for a batch workload
    one array('Q') of its items (a buffer, read in place)."""
    if workload in modes.BATCH_OF:
        return tuple(array("Q", column) for column in columns(workload, knob))
    if workload in FOREIGN:
        return FOREIGN[workload].arguments(knob)
    if workload == "churn":
        return (knob,)
    if workload == "gcd":
        return gcd_operands(knob)
    if workload == "primes":
        return (0, knob)
    raise ValueError(f"unknown workload {workload!r}; valid workloads: {', '.join(modes.WORKLOADS)}")


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


PURE_PYTHON = {"churn": count, "gcd": euclid, "primes": count_primes_python}

# ------------------------------------------------------------------ ctypes


class CtypesKernels:
    """The same shared object as the SWIG extension, called through ctypes
    (which always releases the GIL around a foreign call)."""

    def __init__(self):
        lib = ctypes.CDLL(_kernels.__file__)
        u64, i64, vp = ctypes.c_uint64, ctypes.c_int64, ctypes.c_void_p
        lib.gs_churn.argtypes, lib.gs_churn.restype = [i64], None
        lib.gs_gcd_u64.argtypes, lib.gs_gcd_u64.restype = [u64, u64], u64
        lib.gs_count_primes.argtypes = [u64, u64, vp, ctypes.POINTER(u64)]
        lib.gs_count_primes.restype = ctypes.c_int
        lib.gs_bigint_create.argtypes, lib.gs_bigint_create.restype = [ctypes.POINTER(vp)], ctypes.c_int
        lib.gs_bigint_destroy.argtypes, lib.gs_bigint_destroy.restype = [vp], None
        lib.gs_bigint_set_string.argtypes, lib.gs_bigint_set_string.restype = [vp, ctypes.c_char_p, ctypes.c_int], ctypes.c_int
        lib.gs_bigint_gcd.argtypes, lib.gs_bigint_gcd.restype = [vp, vp, vp], ctypes.c_int
        lib.gs_is_prime_many.argtypes = [vp, ctypes.c_size_t, ctypes.c_int, vp, vp]
        lib.gs_is_prime_many.restype = ctypes.c_int
        lib.gs_gcd_many.argtypes = [vp, ctypes.c_int, vp, ctypes.c_int, ctypes.c_size_t, vp, vp]
        lib.gs_gcd_many.restype = ctypes.c_int
        self.lib = lib
        self.handles = []
        self.buffers = []

    def bigint(self, value):
        handle = ctypes.c_void_p()
        if self.lib.gs_bigint_create(ctypes.byref(handle)) != 0:
            raise MemoryError("gs_bigint_create failed")
        self.handles.append(handle)
        if self.lib.gs_bigint_set_string(handle, format(value, "x").encode(), 16) != 0:
            raise ValueError("gs_bigint_set_string failed")
        return handle

    def call(self, workload, knob):
        """(function, args) for one thread; per-thread outputs so threads never share a write."""
        lib = self.lib
        args = operands(workload, knob)
        if workload == "churn":
            return lib.gs_churn, args
        if workload == "primes":
            return lib.gs_count_primes, (*args, None, ctypes.byref(ctypes.c_uint64()))
        if workload == "primes-batch":
            (values,) = args
            answers = ctypes.create_string_buffer(len(values))
            self.buffers.append((values, answers))  # kept alive as long as the call is
            return lib.gs_is_prime_many, (values.buffer_info()[0], len(values), 0, answers, None)
        if workload == "gcd-batch":
            a, b = args
            answers = (ctypes.c_uint64 * len(a))()
            self.buffers.append((a, b, answers))
            return lib.gs_gcd_many, (a.buffer_info()[0], 0, b.buffer_info()[0], 0, len(a), answers, None)
        a, b = args
        if abs(a) < U64_LIMIT and abs(b) < U64_LIMIT:
            return lib.gs_gcd_u64, (abs(a), abs(b))
        return lib.gs_bigint_gcd, (self.bigint(0), self.bigint(a), self.bigint(b))

    def close(self):
        for handle in self.handles:
            self.lib.gs_bigint_destroy(handle)
        self.handles.clear()
        self.buffers.clear()


def swig_function(workload, policy):
    """The SWIG-generated callable of a workload under a GIL policy (no wrapper in between)."""
    return gilsweep.kernel(modes.WORKLOADS[workload][0], policy)


def scalar_loop(function, *columns):
    """The batch's baseline: one scalar call per item, in a Python loop."""
    for args in zip(*columns):
        function(*args)


def call_for(mode, workload, knob, ctypes_kernels=None):
    """(function, args) for one thread of an in-process mode; called as function(*args).
    A foreign callable is called as it is, whatever the mode (processes too)."""
    if workload in FOREIGN:
        return FOREIGN[workload].function, operands(workload, knob)
    if mode == modes.PYTHON_LOOP:
        return scalar_loop, (gilsweep.kernel(modes.BATCH_OF[workload], "auto"), *columns(workload, knob))
    if mode in modes.POLICY_OF:
        return swig_function(workload, modes.POLICY_OF[mode]), operands(workload, knob)
    if mode == modes.PURE_PYTHON:
        return PURE_PYTHON[workload], operands(workload, knob)
    if mode == modes.CTYPES:
        return ctypes_kernels.call(workload, knob)
    raise ValueError(f"no in-process call for mode {mode!r}")
