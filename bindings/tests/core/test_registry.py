"""The workloads, one entry each: a workload is scalar or batch (never both), its
operands come from one seed and are the same on every call, its pure-Python twin
gives the kernel's answers, and its ctypes call picks the kernel the SWIG one would."""
import dataclasses
import math
import re
from types import SimpleNamespace

import pytest

import gilsweep
from gilsweep.core import registry, workloads
from gilsweep.core.registry import REGISTRY, Workload


def is_prime(n):
    """Deterministic Miller-Rabin below 3.3e24: the reference, not the kernel under test."""
    bases = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37)
    if n < 2 or any(n % p == 0 for p in bases):
        return n in bases
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for a in bases:
        x = pow(a, d, n)
        if x not in (1, n - 1) and not any(pow(x, 2**r, n) == n - 1 for r in range(1, s)):
            return False
    return True


def test_a_workload_is_scalar_or_batch_and_a_batch_names_its_scalar_kernel():
    scalar = Workload("w", kernel="churn", knob_unit="u", default_knobs=(1,), max_knob=10, arguments=lambda k: (k,))
    assert not scalar.is_batch
    batch = dataclasses.replace(scalar, arguments=None, columns=lambda k: [[k]], batch_of="churn")
    assert batch.is_batch
    both = "workload w: give arguments (scalar) or columns (batch), not both"
    with pytest.raises(ValueError, match=rf"^{re.escape(both)}$"):
        dataclasses.replace(scalar, columns=lambda k: [[k]], batch_of="churn")
    with pytest.raises(ValueError, match=rf"^{re.escape(both)}$"):
        dataclasses.replace(scalar, arguments=None)  # neither
    named = "workload w: a batch workload names the scalar kernel it replaces"
    with pytest.raises(ValueError, match=rf"^{re.escape(named)}$"):
        dataclasses.replace(batch, batch_of=None)
    with pytest.raises(ValueError, match=rf"^{re.escape(named)}$"):
        dataclasses.replace(scalar, batch_of="churn")  # a scalar workload replaces nothing


def test_every_registered_workload_is_consistent():
    assert list(REGISTRY) == ["churn", "gcd", "primes", "primes-batch", "gcd-batch"]
    for name, workload in REGISTRY.items():
        assert workload.name == name and workload.kernel in gilsweep.KERNELS
        assert list(workload.default_knobs) == sorted(set(workload.default_knobs)), name
        for knobs in (workload.default_knobs, workload.dask_knobs, workload.latency_knobs):
            assert all(1 <= knob <= workload.max_knob for knob in knobs), name
        assert workload.ctypes_call is not None
        if workload.is_batch:
            assert workload.batch_of in gilsweep.KERNELS and workload.pure_python is None and not workload.dask_knobs
            assert workload.default_knobs == registry.BATCH_KNOBS
    assert REGISTRY["churn"].arguments(300) == (300,) and REGISTRY["primes"].arguments(1000) == (0, 1000)


@pytest.mark.parametrize("bits", [1, 2, 63, 64, 65, 1024, 4096])
def test_gcd_operands_have_exactly_the_bits_asked_and_come_from_the_seed(bits):
    a, b = registry.gcd_operands(bits)
    assert a.bit_length() == b.bit_length() == bits
    assert registry.gcd_operands(bits) == (a, b)
    if bits > 2:
        assert registry.gcd_operands(bits, seed=registry.OPERAND_SEED + 1) != (a, b)
    assert REGISTRY["gcd"].arguments(bits) == (a, b)


def test_batch_primes_are_64_bit_primes_and_a_smaller_batch_is_a_prefix():
    primes = registry.batch_primes(64)
    assert len(primes) == 64 and all(p.bit_length() == 64 and is_prime(p) for p in primes)
    assert registry.batch_primes(16) == primes[:16] and len(set(primes)) == 64
    assert registry.batch_primes(16, seed=1) != primes[:16]


def test_batch_pairs_are_two_columns_of_64_bit_operands():
    a, b = registry.batch_pairs(16)
    assert len(a) == len(b) == 16 and all(x.bit_length() == 64 for x in a + b)
    assert (a[3], b[3]) == registry.gcd_operands(64, registry.OPERAND_SEED * 7 + 3)


@pytest.mark.parametrize("knob", [1, 4, 256])
def test_each_batch_is_a_prefix_of_the_largest_default_batch(knob):
    largest = registry.BATCH_KNOBS[-1]
    (primes,) = registry.prime_column(knob)
    assert primes == list(registry.batch_primes(largest)[:knob])
    a, b = registry.pair_columns(knob)
    assert [a, b] == [list(column[:knob]) for column in registry.batch_pairs(largest)]
    assert REGISTRY["primes-batch"].columns(knob) == [primes] and REGISTRY["gcd-batch"].columns(knob) == [a, b]


def test_count_runs_down_to_zero_from_any_start():
    for n in (0, 1, 1000, -5):  # a negative start must not loop forever
        assert registry.count(n) is None


def test_euclid_is_the_gcd_of_any_signs():
    for a in range(-30, 31, 7):
        for b in (-18, -1, 0, 1, 12, 35):
            assert registry.euclid(a, b) == math.gcd(a, b), (a, b)
    a, b = registry.gcd_operands(256)
    assert registry.euclid(a, b) == math.gcd(a, b) == gilsweep.gcd(a, b)


@pytest.mark.parametrize("lo, hi, count", [
    (0, 0, 0), (0, 2, 0), (0, 3, 1), (2, 3, 1), (3, 3, 0), (5, 3, 0), (0, 10, 4), (0, 100, 25), (10, 100, 21),
    (0, 1000, 168), (0, 100_000, 9592), (7919, 7920, 1),
])
def test_the_pure_python_sieve_counts_the_primes_in_a_half_open_range(lo, hi, count):
    assert registry.count_primes_python(lo, hi) == count
    assert gilsweep.count_primes(lo, max(lo, hi)) == count


def fake_kernels():
    """A CtypesKernels stand-in: the functions are their names, a big integer is ("big", value)."""
    names = ("gs_churn", "gs_gcd_u64", "gs_bigint_gcd", "gs_count_primes", "gs_is_prime_many", "gs_gcd_many")
    return SimpleNamespace(lib=SimpleNamespace(**{name: name for name in names}),
                           bigint=lambda value: ("big", value), keep=lambda output, *inputs: output)


def test_the_ctypes_gcd_takes_the_64_bit_kernel_below_2_to_the_64_and_gmp_from_there():
    kernels = fake_kernels()
    assert registry.gcd_ctypes(kernels, (-12, 18)) == ("gs_gcd_u64", (12, 18))
    top = registry.U64_LIMIT - 1
    assert registry.gcd_ctypes(kernels, (top, -top)) == ("gs_gcd_u64", (top, top))
    assert registry.gcd_ctypes(kernels, (registry.U64_LIMIT, 3)) == (
        "gs_bigint_gcd", (("big", 0), ("big", registry.U64_LIMIT), ("big", 3)))
    assert registry.gcd_ctypes(kernels, (5, -registry.U64_LIMIT))[0] == "gs_bigint_gcd"
    assert registry.churn_ctypes(kernels, (100,)) == ("gs_churn", (100,))


def test_the_ctypes_calls_give_the_kernels_answers():
    kernels = workloads.CtypesKernels()
    try:
        function, args = registry.gcd_ctypes(kernels, (-84, 36))
        assert function(*args) == 12
        function, args = registry.primes_ctypes(kernels, (10, 100))
        assert function(*args) == 0 and args[:3] == (10, 100, None)
        assert args[3]._obj.value == 21  # the count, written through the pointer
        function, args = registry.churn_ctypes(kernels, (10,))
        assert function(*args) is None
    finally:
        kernels.close()
