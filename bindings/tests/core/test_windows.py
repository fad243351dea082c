"""Timed windows: how a window's calls are split into the chunks each thread timestamps."""
import pytest

from gilsweep.core import windows


def test_chunks_split_calls_evenly():
    assert windows.chunk_sizes(10, 4) == [3, 3, 2, 2]
    assert windows.chunk_sizes(3, 32) == [1, 1, 1]
    assert sum(windows.chunk_sizes(1_000_003, 32)) == 1_000_003


@pytest.mark.skipif(len(windows.ALLOWED_CPUS) < 2, reason="needs two CPUs")
def test_the_threads_of_a_parallel_window_run_on_different_cpus_and_the_caller_stays_free():
    import ctypes
    import os

    libc = ctypes.CDLL(None)
    seen = {0: set(), 1: set()}

    def where(index):
        seen[index].add(libc.sched_getcpu())

    before = os.sched_getaffinity(0)
    for _ in range(5):
        windows.run_threads([(where, (0,)), (where, (1,))], [3])
    assert len(seen[0]) == len(seen[1]) == 1 and seen[0] != seen[1]
    assert os.sched_getaffinity(0) == before
