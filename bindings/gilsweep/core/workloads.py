"""What one call does, per workload and mode: operands, and the callable with
its arguments, read from the registry (registry.py: one entry per workload),
and the foreign callables of `gilsweep sweep --callable`."""
import contextlib
import ctypes
from array import array

import gilsweep

from .. import _kernels
from . import modes
from .registry import OPERAND_SEED, REGISTRY  # noqa: F401  (OPERAND_SEED: engine records it)
from .target import resolve

#: Default knob values per built-in workload (registry.Workload.default_knobs).
DEFAULT_KNOBS = {name: list(w.default_knobs) for name, w in REGISTRY.items()}
#: The knobs of the dask-* modes, for the workloads that have them.
DASK_KNOBS = {name: list(w.dask_knobs) for name, w in REGISTRY.items() if w.dask_knobs}
#: The largest knob a sweep accepts per built-in workload (a foreign callable's knobs are the user's).
MAX_KNOBS = {name: w.max_knob for name, w in REGISTRY.items()}

#: Foreign callables swept by `gilsweep sweep --callable`: workload name (the
#: target, module:attribute) -> probe.Target, which builds the arguments from n.
FOREIGN = {}


def add_callable(spec, expression):
    """Makes the callable `spec` a workload whose knob is n in `expression`.
    Raises probe.ProbeError for a target or expression that cannot be resolved."""
    FOREIGN[spec] = resolve(spec, expression)
    return spec


@contextlib.contextmanager
def foreign_errors(point, passing=()):
    """A foreign callable (`--callable`) that raises while it is measured ends the
    run with a one-line error naming the knob (what was measured is saved).
    Exceptions of the `passing` types, and a built-in workload's, go through as they are."""
    try:
        yield
    except passing:
        raise
    except Exception as error:
        if point.workload not in FOREIGN:
            raise
        raise FOREIGN[point.workload].raised(point.knob, error, point.mode) from None


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


def columns(workload, knob):
    """A batch workload's items at `knob`, as columns of Python ints (one per argument)."""
    if workload not in REGISTRY or not REGISTRY[workload].is_batch:
        raise ValueError(f"{workload!r} is not a batch workload")
    return REGISTRY[workload].columns(knob)


def items(workload, knob):
    """The Python ints one call works on, flat (a batch's columns one after the
    other): what the Swift worker gets as decimal text."""
    if workload in REGISTRY and REGISTRY[workload].is_batch:
        return [value for column in columns(workload, knob) for value in column]
    return list(operands(workload, knob))


def operands(workload, knob):
    """The arguments of one call at `knob`: Python ints, or for a batch workload
    one array('Q') of its items (a buffer, read in place)."""
    if workload in FOREIGN:
        return FOREIGN[workload].arguments(knob)
    if workload not in REGISTRY:
        raise ValueError(f"unknown workload {workload!r}; valid workloads: {', '.join(REGISTRY)}")
    entry = REGISTRY[workload]
    if entry.is_batch:
        return tuple(array("Q", column) for column in entry.columns(knob))
    return entry.arguments(knob)


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
        lib.gs_bigint_set_string.argtypes = [vp, ctypes.c_char_p, ctypes.c_int]
        lib.gs_bigint_set_string.restype = ctypes.c_int
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

    def keep(self, output, *inputs):
        """Keeps a call's buffers alive as long as the call is; returns the output."""
        self.buffers.append((output, *inputs))
        return output

    def call(self, workload, knob):
        """(function, args) for one thread, by the workload's registry entry."""
        return REGISTRY[workload].ctypes_call(self, operands(workload, knob))

    def close(self):
        for handle in self.handles:
            self.lib.gs_bigint_destroy(handle)
        self.handles.clear()
        self.buffers.clear()


def swig_function(workload, policy):
    """The SWIG-generated callable of a workload under a GIL policy (no wrapper in between)."""
    return gilsweep.kernel(REGISTRY[workload].kernel, policy)


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
        return scalar_loop, (gilsweep.kernel(REGISTRY[workload].batch_of, "auto"), *columns(workload, knob))
    if mode in modes.POLICY_OF:
        return swig_function(workload, modes.POLICY_OF[mode]), operands(workload, knob)
    if mode == modes.PURE_PYTHON:
        return REGISTRY[workload].pure_python, operands(workload, knob)
    if mode == modes.CTYPES:
        return ctypes_kernels.call(workload, knob)
    raise ValueError(f"no in-process call for mode {mode!r}")
