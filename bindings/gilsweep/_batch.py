"""The batch kernels as callers see them: one call, many items, the GIL released
(or not) once per batch. The SWIG callables (bindings/batch_kernels.c) do the
work; this module only hands a buffer caller back its kind of buffer (NumPy in,
NumPy out; array in, array out; else a memoryview), never importing NumPy itself."""
import sys
from array import array

from . import _kernels

POLICIES = ("hold", "release", "auto")

#: Each batch kernel: (memoryview format of one answer, docstring).
BATCH_KERNELS = {
    "is_prime_many": ("?", """is_prime_many(values) -> list[bool] or a buffer of bools.

    is_prime(v) for every item, in one call: exact below 2**64, GMP's
    probable-prime test above, negative items not prime.

    values is any iterable of ints (of any size and sign; the result is a list
    of bools), or a buffer of 64-bit integers (array('Q') or array('q'), NumPy
    uint64 or int64, a memoryview of format 'Q' or 'q'), read in place; the
    result is then the same kind: a NumPy bool array, an array('B') of 0 and 1,
    or a memoryview of format '?'. Errors name the first bad item."""),
    "next_prime_many": ("Q", """next_prime_many(values) -> list[int] or a buffer of uint64.

    next_prime(v) for every item, in one call (2 for negative items). For an
    iterable of ints the result is a list, with ints above 2**64 where needed;
    for a buffer of 64-bit integers it is a NumPy uint64 array, an array('Q')
    or a memoryview of format 'Q', and an item whose next prime is above 2**64
    is an OverflowError naming it."""),
    "gcd_many": ("Q", """gcd_many(a, b) -> list[int] or a buffer of uint64.

    gcd(a[i], b[i]) for every i, in one call; a and b must be equally long.
    Each is an iterable of ints of any size and sign or a buffer of 64-bit
    integers. When both are buffers the result is a uint64 buffer of a's kind;
    otherwise a list of ints."""),
}
POLICY_NOTES = {
    "hold": " (GIL held during the whole batch.)",
    "release": " (GIL released once around the whole batch.)",
    "auto": " (GIL released once when the batch has at least release_threshold(name) items.)",
}


def like(values, raw, answer_format):
    """raw (a list, or a bytearray of answers) as the kind of container values is."""
    if type(raw) is list:
        return raw
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(values, numpy.ndarray):
        return numpy.frombuffer(raw, dtype=numpy.bool_ if answer_format == "?" else numpy.uint64)
    if isinstance(values, array):
        return array("B" if answer_format == "?" else "Q", raw)
    return memoryview(raw).cast(answer_format)


def make(name, policy):
    raw = getattr(_kernels, f"{name}_{policy}")
    answer_format, doc = BATCH_KERNELS[name]
    if name == "gcd_many":
        def batch(a, b, /):
            return like(a, raw(a, b), answer_format)
    else:
        def batch(values, /):
            return like(values, raw(values), answer_format)
    batch.__name__ = batch.__qualname__ = name
    batch.__doc__ = doc + POLICY_NOTES[policy]
    batch.__module__ = "gilsweep"
    return batch


#: {(name, policy): callable}
CALLABLES = {(name, policy): make(name, policy) for name in BATCH_KERNELS for policy in POLICIES}
