"""The bad-input matrix: clear Python exceptions in Python terms, never a crash."""
import decimal
import fractions
import subprocess
import sys

import pytest

import gilsweep
from helpers import needs_no_asan

NOT_INTEGERS = [1.0, 2.5, "7", b"7", None, decimal.Decimal(3), fractions.Fraction(1, 2), [1], object()]

ONE_ARGUMENT = {"churn": "n", "is_prime": "n", "next_prime": "n", "first_primes": "k"}


class Index:
    """Any object with __index__ is an int, as for math.gcd."""

    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value


@pytest.mark.parametrize("gil", gilsweep.POLICIES)
@pytest.mark.parametrize("bad", NOT_INTEGERS, ids=lambda v: type(v).__name__)
def test_non_integers_raise_type_error_naming_function_and_argument(gil, bad):
    for name, argument in ONE_ARGUMENT.items():
        with pytest.raises(TypeError, match=rf"^{name}\(\) argument '{argument}' must be an int, not "):
            gilsweep.kernel(name, gil)(bad)
    with pytest.raises(TypeError, match=r"^gcd\(\) argument 'a' must be an int"):
        gilsweep.kernel("gcd", gil)(bad, 1)
    with pytest.raises(TypeError, match=r"^gcd\(\) argument 'b' must be an int"):
        gilsweep.kernel("gcd", gil)(1, bad)
    with pytest.raises(TypeError, match=r"^count_primes\(\) argument 'lo' must be an int"):
        gilsweep.kernel("count_primes", gil)(bad, 10)
    with pytest.raises(TypeError, match=r"^count_primes\(\) argument 'hi' must be an int"):
        gilsweep.kernel("count_primes", gil)(0, bad)


def test_messages_never_show_c_types():
    for call in (lambda: gilsweep.gcd(1.5, 2), lambda: gilsweep.count_primes(0, 2**64), lambda: gilsweep.churn(-1)):
        with pytest.raises(Exception) as info:
            call()
        assert not any(word in str(info.value) for word in ("uint64_t", "int64_t", "PyObject", "long long"))


def test_index_objects_and_bools_are_accepted():
    assert gilsweep.gcd(Index(12), Index(18)) == 6
    assert gilsweep.gcd(True, 4) == 1
    assert gilsweep.is_prime(Index(7))
    assert gilsweep.count_primes(Index(0), Index(100)) == 25
    assert gilsweep.first_primes(Index(3)) == [2, 3, 5]
    assert gilsweep.next_prime(Index(2**64)) == 2**64 + 13
    gilsweep.churn(Index(10))


def test_index_that_raises_propagates():
    class Broken:
        def __index__(self):
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        gilsweep.gcd(Broken(), 1)


def test_invalid_ranges_and_negative_counts_raise_value_error():
    with pytest.raises(ValueError, match=r"count_primes\(\) needs lo <= hi, got lo=5 hi=3"):
        gilsweep.count_primes(5, 3)
    with pytest.raises(ValueError, match=r"count_primes\(\) argument 'lo' must not be negative"):
        gilsweep.count_primes(-1, 3)
    with pytest.raises(ValueError, match=r"count_primes\(\) argument 'hi' must not be negative"):
        gilsweep.count_primes(0, -3)
    with pytest.raises(ValueError, match=r"first_primes\(\) argument 'k' must not be negative"):
        gilsweep.first_primes(-1)
    with pytest.raises(ValueError, match=r"churn\(\) argument 'n' must not be negative"):
        gilsweep.churn(-1)
    with pytest.raises(ValueError, match=r"churn\(\) argument 'n' must not be negative"):
        gilsweep.churn(-(2**70))


def test_unrepresentable_values_raise_overflow_error():
    with pytest.raises(OverflowError, match=r"count_primes\(\) argument 'hi' must be below 2\*\*64"):
        gilsweep.count_primes(0, 2**64)
    with pytest.raises(OverflowError, match=r"count_primes\(\) argument 'lo' must be below 2\*\*64"):
        gilsweep.count_primes(2**100, 2**100)
    with pytest.raises(OverflowError, match=r"churn\(\) argument 'n' must be below 2\*\*63"):
        gilsweep.churn(2**63)
    with pytest.raises(OverflowError):
        gilsweep.first_primes(2**64)
    with pytest.raises(OverflowError, match=r"first_primes\(\) argument 'k' is too large"):
        gilsweep.first_primes(2**62)
    with pytest.raises(MemoryError, match=r"first_primes\(\) cannot hold 1000000000000000 primes in memory"):
        gilsweep.first_primes(10**15)


def test_wrong_argument_counts_raise_type_error():
    with pytest.raises(TypeError):
        gilsweep.gcd(1)
    with pytest.raises(TypeError):
        gilsweep.count_primes(1, 2, 3)
    with pytest.raises(TypeError):
        gilsweep.is_prime()


def test_bad_kernel_policy_and_threshold_arguments():
    with pytest.raises(ValueError, match="unknown kernel 'sqrt'; valid kernels: churn, gcd"):
        gilsweep.kernel("sqrt")
    with pytest.raises(ValueError, match="unknown GIL policy 'maybe'; valid policies: hold, release, auto"):
        gilsweep.kernel("gcd", "maybe")
    with pytest.raises(ValueError, match="unknown kernel 'sqrt'"):
        gilsweep.release_threshold("sqrt")
    with pytest.raises(ValueError, match="unknown kernel"):
        gilsweep.set_release_threshold("nope", 5)
    with pytest.raises(TypeError, match="must be a str"):
        gilsweep.release_threshold(3)
    with pytest.raises(ValueError, match="must not be negative"):
        gilsweep.set_release_threshold("gcd", -5)
    with pytest.raises(TypeError, match="must be an int, not float"):
        gilsweep.set_release_threshold("gcd", 5.0)
    with pytest.raises(TypeError, match="kernel\\(\\) argument 'name' must be a str, not NoneType"):
        gilsweep.kernel(None)
    with pytest.raises(TypeError, match="kernel\\(\\) argument 'gil' must be a str, not int"):
        gilsweep.kernel("gcd", 1)


def test_a_threshold_reads_back_as_set_or_is_refused():
    before = gilsweep.release_threshold("churn")
    try:
        gilsweep.set_release_threshold("churn", 2**63 - 1)
        assert gilsweep.release_threshold("churn") == 2**63 - 1
        with pytest.raises(OverflowError, match="set_release_threshold\\(\\) argument 'value' must be below 2\\*\\*63"):
            gilsweep.set_release_threshold("churn", 2**64 - 1)
        assert gilsweep.release_threshold("churn") == 2**63 - 1  # unchanged by the refused call
    finally:
        gilsweep.set_release_threshold("churn", before)


@needs_no_asan
def test_first_primes_out_of_memory_says_so():
    # 10^8 primes: 0.8 GB for the C array, then the list of ints cannot be had under 1.5 GB.
    script = ("import resource, gilsweep; resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000,) * 2)\n"
              "try:\n    gilsweep.first_primes(10**8)\nexcept MemoryError as error:\n    print(error)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("first_primes() "), done.stdout
