"""How `gilsweep count-primes` cuts [lo, hi) into Dask tasks (no Dask needed):
the chunks cover the range exactly once, and the default size keeps about
TASKS_PER_THREAD tasks per thread within [MIN_CHUNK, MAX_CHUNK]."""
import pytest

from gilsweep import dask_primes
from helpers import hypothesis_tools

given, _, st, needs_hypothesis = hypothesis_tools()  # only the property test skips without hypothesis


@pytest.mark.parametrize("lo, hi, threads, size", [
    (0, 10**10, 2, 625_000_000),          # the README's count: 16 tasks on the default 2 threads
    (0, 10**10, 1, 10**9),                # capped: a running task cannot be cancelled
    (0, 10**12, 64, 10**9),
    (0, 10**7, 2, dask_primes.MIN_CHUNK),  # floored: Dask's work per task would dominate
    (5, 5, 2, dask_primes.MIN_CHUNK),
    (0, 10**10, 0, 10**9),                # no threads reported yet counts as one
])
def test_default_chunk(lo, hi, threads, size):
    assert dask_primes.default_chunk(lo, hi, threads) == size


def test_default_count_is_about_tasks_per_thread():
    size = dask_primes.default_chunk(0, 10**10, 2)
    assert len(list(dask_primes.chunks(0, 10**10, size))) == 2 * dask_primes.TASKS_PER_THREAD


@needs_hypothesis
@given(lo=st.integers(0, 2**64 - 1), width=st.integers(0, 10**4), size=st.integers(1, 10**3))
def test_chunks_cover_the_range_once(lo, width, size):
    hi = min(lo + width, 2**64 - 1)
    pieces = list(dask_primes.chunks(lo, hi, size))
    assert all(0 < b - a <= size for a, b in pieces)
    assert [a for a, _ in pieces[1:]] == [b for _, b in pieces[:-1]]  # consecutive, no gap or overlap
    assert (pieces[0][0], pieces[-1][1]) == (lo, hi) if pieces else lo == hi


def test_chunk_size_below_one_is_an_error():
    with pytest.raises(ValueError, match="chunk size must be at least 1, got 0"):
        list(dask_primes.chunks(0, 10, 0))
