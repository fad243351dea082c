"""Property tests against trusted references: math.gcd, sympy."""
import math

import gilsweep
from helpers import hypothesis_tools, optional

# Each test skips on its own where a tool it uses does not import: the gcd test needs no sympy.
given, settings, st, needs_hypothesis = hypothesis_tools()
sympy, needs_sympy = optional("sympy")
pytestmark = needs_hypothesis

any_int = st.one_of(
    st.integers(min_value=-(2**64), max_value=2**64),
    st.integers(),
    st.integers(min_value=-(2**3000), max_value=2**3000),
    st.sampled_from([0, 1, -1, 2**63 - 1, -(2**63), 2**63, 2**64 - 1, 2**64, -(2**64)]),
)


@given(any_int, any_int)
@settings(max_examples=3000)
def test_gcd_matches_math_gcd(a, b):
    for gil in gilsweep.POLICIES:
        assert gilsweep.kernel("gcd", gil)(a, b) == math.gcd(a, b)


@needs_sympy
@given(st.one_of(st.integers(min_value=-10, max_value=2**64 + 1000), st.integers(min_value=2**64, max_value=2**90)))
@settings(max_examples=3000)
def test_is_prime_matches_sympy(n):
    assert gilsweep.is_prime(n) == sympy.isprime(n)


@needs_sympy
@given(st.one_of(st.integers(min_value=-10, max_value=2**64), st.integers(min_value=2**63, max_value=2**80)))
@settings(max_examples=500)
def test_next_prime_matches_sympy(n):
    assert gilsweep.next_prime(n) == sympy.nextprime(n)


@needs_sympy
@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=10**6))
@settings(max_examples=300)
def test_count_primes_matches_sympy(a, b):
    lo, hi = min(a, b), max(a, b)
    expected = sympy.primepi(hi - 1) - sympy.primepi(lo - 1) if hi > 0 else 0
    assert gilsweep.count_primes(lo, hi) == expected


@needs_sympy
@given(st.integers(min_value=0, max_value=3000))
@settings(max_examples=100)
def test_first_primes_match_sympy(k):
    expected = list(sympy.primerange(2, sympy.prime(k) + 1)) if k else []
    assert gilsweep.first_primes(k) == expected
