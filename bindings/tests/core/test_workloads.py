"""Workloads: every runtime (SWIG, ctypes, Swift) gets the same operands and items."""
import itertools
import math

import gilsweep
from gilsweep.core import modes, workloads


def test_every_runtime_gets_the_same_operands_and_the_same_64_bit_gcd():
    a, b = workloads.operands("gcd", 64)
    assert a >= 1 << 63 and b >= 1 << 63  # unsigned 64-bit: the binary gcd in every runtime
    assert workloads.operands("gcd", 64) == (a, b) and workloads.operands("gcd", 65) != (a, b)
    lib = workloads.CtypesKernels()
    try:
        function, args = lib.call("gcd", 64)
        assert function is lib.lib.gs_gcd_u64 and function(*args) == math.gcd(a, b)
    finally:
        lib.close()
    for policy in gilsweep.POLICIES:
        gcd = gilsweep.kernel("gcd", policy)
        for x, y in itertools.product([a, -a, 2**64 - 1, -(2**64 - 1), 2**63, -(2**63)], repeat=2):
            assert gcd(x, y) == math.gcd(x, y)
        assert gcd(2**64, 2**64 - 2) == 2 and gcd(-(2**64), 6) == 2


def test_batch_workloads_give_every_runtime_the_same_items():
    for workload, scalar in modes.BATCH_OF.items():
        cols = workloads.columns(workload, 16)
        assert all(len(column) == 16 for column in cols) and workloads.columns(workload, 4) == [c[:4] for c in cols]
        assert workloads.items(workload, 16) == [v for column in cols for v in column]  # what Swift gets
        assert [list(column) for column in workloads.operands(workload, 16)] == cols  # what SWIG gets, as array('Q')
        assert all(2**63 <= v < 2**64 for column in cols for v in column)
    assert all(gilsweep.is_prime(p) for p in workloads.columns("primes-batch", 64)[0])
    lib = workloads.CtypesKernels()
    try:
        for workload in modes.BATCH_OF:
            function, args = lib.call(workload, 16)
            assert function(*args) == 0  # GS_OK
        function, args = lib.call("gcd-batch", 8)
        assert function(*args) == 0
        a, b = workloads.columns("gcd-batch", 8)
        assert list(args[5]) == [math.gcd(x, y) for x, y in zip(a, b)]
    finally:
        lib.close()
    assert not modes.applies(modes.PURE_PYTHON, "primes-batch") and modes.applies(modes.PYTHON_LOOP, "gcd-batch")
    assert not modes.applies(modes.PYTHON_LOOP, "churn") and modes.applies(modes.PURE_PYTHON, "churn")
