"""Timed windows: how a window's calls are split into the chunks each thread timestamps."""
from gilsweep.sweep import windows


def test_chunks_split_calls_evenly():
    assert windows.chunk_sizes(10, 4) == [3, 3, 2, 2]
    assert windows.chunk_sizes(3, 32) == [1, 1, 1]
    assert sum(windows.chunk_sizes(1_000_003, 32)) == 1_000_003
