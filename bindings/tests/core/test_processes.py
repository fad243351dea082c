"""The processes runner: T warm worker processes, each running its share of a
window with the chunk rule of windows.py; a foreign callable is resolved again in
each worker, and a pool refuses a window of a size it was not made for."""
from types import SimpleNamespace

import pytest

from gilsweep.core import processes, windows, workloads


@pytest.fixture(scope="module")
def pool():
    """One pool of two workers for the module (starting one takes a moment), with a
    foreign callable registered before it starts, as a `--callable` sweep does."""
    saved = dict(workloads.FOREIGN)
    workloads.add_callable("builtins:divmod", "(n, 7)")
    made = processes.ProcessPool(2)
    yield made
    made.close()
    workloads.FOREIGN.clear()
    workloads.FOREIGN.update(saved)


def test_a_sequential_window_is_one_workers_chunks(pool):
    window = processes.ProcessRunner(pool, "churn", 10).window(1, 10, 4)
    assert isinstance(window, windows.Window) and len(window.chunks_s) == 1 and len(window.chunks_s[0]) == 4
    assert window.in_call_s == pytest.approx(sum(window.chunks_s[0])) and window.wall_s > 0


def test_a_parallel_window_runs_a_share_in_every_worker(pool):
    window = processes.ProcessRunner(pool, "gcd", 64).window(2, 7, 32)
    assert len(window.chunks_s) == 2 and [len(chunks) for chunks in window.chunks_s] == [7, 7]
    assert window.in_call_s == pytest.approx(sum(map(sum, window.chunks_s)))
    assert all(duration > 0 for chunks in window.chunks_s for duration in chunks)


def test_a_foreign_callable_is_called_in_the_workers(pool):
    window = processes.ProcessRunner(pool, "builtins:divmod", 100).window(2, 3, 3)
    assert [len(chunks) for chunks in window.chunks_s] == [3, 3]


def test_a_workers_error_reaches_the_sweep(pool):
    with pytest.raises(KeyError, match="no-such-workload"):
        processes.ProcessRunner(pool, "no-such-workload", 10).window(1, 1, 1)


@pytest.mark.parametrize("threads", [0, 3, 4])
def test_a_pool_runs_only_windows_of_one_thread_or_of_its_own_size(threads):
    runner = processes.ProcessRunner(SimpleNamespace(workers=2), "churn", 10)  # refused before any worker is asked
    with pytest.raises(ValueError, match=rf"^a pool of 2 workers cannot run a {threads}-thread window$"):
        runner.window(threads, 10, 4)
