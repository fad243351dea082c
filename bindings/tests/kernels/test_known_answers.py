"""Known answers (OEIS, primesieve, the ANCHORS table) under every GIL policy."""
import pytest

import gilsweep

POLICIES = gilsweep.POLICIES


@pytest.mark.parametrize("gil", POLICIES)
def test_pi_of_powers_of_ten(gil):
    count_primes = gilsweep.kernel("count_primes", gil)
    expected = [0, 4, 25, 168, 1229, 9592, 78498, 664579, 5761455, 50847534]
    assert [count_primes(0, 10**k + 1) for k in range(10)] == expected


def test_pi_of_two_to_the_32_and_ranges_near_the_top():
    assert gilsweep.count_primes(0, 2**32) == 203280221
    assert gilsweep.count_primes(10**12, 10**12 + 10**8) == 3618282
    assert gilsweep.count_primes(2**64 - 1 - 10**6, 2**64 - 1) == 22475
    assert gilsweep.count_primes(5, 5) == 0


def test_first_primes():
    primes = gilsweep.first_primes(500)
    assert len(primes) == 500 and primes[-1] == 3571
    assert gilsweep.first_primes(0) == []
    assert gilsweep.first_primes(1) == [2]
    assert gilsweep.first_primes(1_000_000)[-1] == 15485863
    assert all(type(p) is int for p in primes)


@pytest.mark.parametrize("gil", POLICIES)
def test_gcd_values(gil):
    gcd = gilsweep.kernel("gcd", gil)
    assert gcd(12, 18) == 6
    assert gcd(0, 0) == 0
    assert gcd(-12, 18) == 6 and gcd(-12, -18) == 6
    assert gcd(-(2**63), 0) == 2**63
    assert gcd(2**64, 2**63) == 2**63
    assert gcd(2**127 - 1, 2**89 - 1) == 1
    assert gcd(2**120 - 1, 2**90 - 1) == 2**30 - 1
    assert gcd(3 * 10**400, -(7 * 10**300)) == 10**300


@pytest.mark.parametrize("gil", POLICIES)
def test_primality_values(gil):
    is_prime = gilsweep.kernel("is_prime", gil)
    assert not is_prime(1099726899285419)  # 3306091 * 332636609: ANCHORS' timing input, not a prime
    assert is_prime(18446744073709551557)
    assert not is_prime(3825123056546413051)  # strong pseudoprime to bases 2..23
    assert not is_prime(0) and not is_prime(1) and not is_prime(-7)
    assert is_prime(2**127 - 1) and not is_prime(2**128 + 1)


@pytest.mark.parametrize("gil", POLICIES)
def test_next_prime_values(gil):
    next_prime = gilsweep.kernel("next_prime", gil)
    assert next_prime(-100) == 2 and next_prime(0) == 2 and next_prime(2) == 3
    assert next_prime(18446744073709551533) == 18446744073709551557
    assert next_prime(18446744073709551557) == 2**64 + 13  # crosses to GMP
    assert next_prime(2**128 - 1) == 2**128 + 51


def test_churn_returns_none_and_accepts_zero():
    assert gilsweep.churn(0) is None
    assert gilsweep.churn(1000) is None


def test_kernel_returns_the_raw_extension_function():
    from gilsweep import _batch, _kernels

    for name in gilsweep.KERNELS:
        for gil in POLICIES:
            function = gilsweep.kernel(name, gil)
            if name in _batch.BATCH_KERNELS:  # a thin wrapper that gives buffer callers their kind of buffer back
                assert function is _batch.CALLABLES[(name, gil)] and function.__name__ == name
                continue
            assert function is getattr(_kernels, f"{name}_{gil}")
            assert type(function).__name__ == "builtin_function_or_method"
    assert gilsweep.gcd is gilsweep.kernel("gcd", "auto")
    assert gilsweep.is_prime_many is gilsweep.kernel("is_prime_many", "auto")


def test_release_thresholds_are_readable_and_settable():
    for name in gilsweep.KERNELS:
        assert gilsweep.release_threshold(name) > 0
    before = gilsweep.release_threshold("churn")
    try:
        gilsweep.set_release_threshold("churn", 12345)
        assert gilsweep.release_threshold("churn") == 12345
    finally:
        gilsweep.set_release_threshold("churn", before)


def test_docstrings_everywhere():
    for name in gilsweep.__all__:
        obj = getattr(gilsweep, name)
        if callable(obj):
            assert obj.__doc__ and len(obj.__doc__) > 20, name
