"""The runners' factory and the calibration of a window's calls: each mode gets
its kind of runner, pools and clusters start once per (kind, threads) and close
with the factory, a Swift worker that cannot come is one warning and a skipped
mode, and the calls per window come from the least of three timings."""
import pytest

from gilsweep.core import dask_runner, modes, processes, runners, windows, workloads
from gilsweep.core.swift_worker import SwiftRunner


class Scripted:
    """A runner whose sequential windows take `per_call_s` per call (or what `timings` says,
    one after the other), recording the calls asked of each window."""

    def __init__(self, per_call_s, timings=()):
        self.per_call_s, self.timings, self.asked = per_call_s, list(timings), []

    def window(self, threads, calls, chunks, stall_s=0.0):
        assert threads == 1 and chunks == 32
        self.asked.append(calls)
        in_call = self.timings.pop(0) if self.timings else calls * self.per_call_s
        return windows.Window(in_call, in_call, [[in_call]])


def test_the_calls_per_window_grow_fast_then_slower_until_a_tenth_of_the_target():
    runner = Scripted(2**-20)  # about a microsecond, exactly representable
    assert runners.calls_per_window(runner, 2, 0.1, 32) == 52429  # ceil(0.1 s / 2^-20 s / 2 threads)
    # x4 while a window is under a hundredth of the target, x2 up to a tenth, then two more timings.
    assert runner.asked == [1, 4, 16, 64, 256, 1024, 4096, 8192, 16384, 16384, 16384]
    assert runners.calls_per_window(Scripted(2**-20), 1, 0.1, 32) == 104858


def test_one_stalled_timing_does_not_shrink_the_windows():
    stalled = Scripted(2**-20, timings=[2**-20, 0.5])  # the second timing caught a half-second stall
    assert runners.calls_per_window(stalled, 1, 0.1, 32) == 104858
    assert stalled.asked == [1, 4, 4, 4]  # the stall ended the search, the least of three timings sets the calls


def test_a_call_too_long_for_the_target_still_gets_one_call_and_one_too_fast_to_time_stops():
    slow = Scripted(10.0)
    assert runners.calls_per_window(slow, 2, 0.1, 32) == 1 and slow.asked == [1, 1, 1]
    instant = Scripted(0.0)  # a clock that never moves: the search stops at 2^30 calls
    assert runners.calls_per_window(instant, 2, 0.1, 32) == 500_000_000  # the floor of 0.1 ns per call
    assert instant.asked[-3:] == [1 << 30] * 3 and len(instant.asked) == 18


def test_the_in_process_modes_get_one_call_per_thread():
    factory = runners.RunnerFactory(None, wanted_swift=False)
    try:
        runner = factory.runner(modes.PYTHON_HOLD, "churn", 10, 2)
        assert isinstance(runner, windows.InProcessRunner) and len(runner.thread_calls) == 2
        assert runner.thread_calls[0] == workloads.call_for(modes.PYTHON_HOLD, "churn", 10)
        window = runner.window(2, 5, 2)
        assert len(window.chunks_s) == 2 and all(len(chunks) == 2 for chunks in window.chunks_s)
        pure = factory.runner(modes.PURE_PYTHON, "primes", 100, 1)
        assert pure.thread_calls == [(workloads.REGISTRY["primes"].pure_python, (0, 100))]
        assert factory.ctypes_kernels is None  # made only for the ctypes mode
        first = factory.runner(modes.CTYPES, "gcd", 64, 2)
        kernels = factory.ctypes_kernels
        factory.runner(modes.CTYPES, "churn", 10, 2)
        assert kernels is not None and factory.ctypes_kernels is kernels  # one for the whole run
        assert len(first.thread_calls) == 2 and first.thread_calls[0][0] is kernels.lib.gs_gcd_u64
    finally:
        factory.close()
    assert factory.ctypes_kernels is None


class FakePool:
    made = []

    def __init__(self, *args):
        self.args, self.closed = args, 0
        FakePool.made.append(self)
        self.client, self.threads, self.workers = None, args[-1], args[-1]

    def close(self):
        self.closed += 1


class FakeDaskRunner:
    def __init__(self, cluster, mode, workload, knob):
        self.cluster, self.mode = cluster, mode


def test_pools_and_clusters_start_once_per_kind_and_threads_and_close_with_the_factory(monkeypatch):
    FakePool.made = []
    monkeypatch.setattr(processes, "ProcessPool", FakePool)
    monkeypatch.setattr(dask_runner, "DaskCluster", FakePool)
    monkeypatch.setattr(dask_runner, "DaskRunner", FakeDaskRunner)
    factory = runners.RunnerFactory(None, wanted_swift=False)
    first = factory.runner(modes.PROCESSES, "churn", 10, 2)
    again = factory.runner(modes.PROCESSES, "gcd", 64, 2)
    assert isinstance(first, processes.ProcessRunner) and first.pool is again.pool and first.pool.args == (2,)
    assert (again.workload, again.knob) == ("gcd", 64)
    assert factory.runner(modes.PROCESSES, "churn", 10, 4).pool is not first.pool
    threads = factory.runner(modes.DASK_THREADS, "churn", 10**6, 2)
    hold = factory.runner(modes.DASK_THREADS_HOLD, "churn", 10**6, 2)
    apart = factory.runner(modes.DASK_PROCESSES, "churn", 10**6, 2)
    assert threads.cluster is hold.cluster and threads.cluster.args == ("threads", 2)
    assert apart.cluster.args == ("processes", 2) and hold.mode == modes.DASK_THREADS_HOLD
    # dask-processes on 2 threads is a cluster of its own, not the processes mode's pool of 2.
    assert apart.cluster is not first.pool and len(FakePool.made) == 4 and len(factory.pools) == 4
    factory.close()
    assert [pool.closed for pool in FakePool.made] == [1, 1, 1, 1] and factory.pools == {}
    factory.close()  # closing twice closes nothing twice
    assert [pool.closed for pool in FakePool.made] == [1, 1, 1, 1]


def test_without_a_swift_binary_swift_threads_is_skipped_with_one_warning(capsys):
    factory = runners.RunnerFactory(None, wanted_swift=True)
    assert factory.swift is None and factory.skipped(modes.SWIFT_THREADS)
    assert not factory.skipped(modes.PYTHON_HOLD)
    factory.swift_lost("the Swift worker stopped answering: exit status 1")  # later: no second warning
    assert capsys.readouterr().err == (
        "gilsweep: warning: gilsweep-swift not found (build it with `swift build -c release`, then run from the "
        "repository or pass --swift PATH or set GILSWEEP_SWIFT): skipping swift-threads\n")
    factory.close()


def test_a_swift_binary_that_does_not_start_is_skipped_naming_why(tmp_path, capsys):
    missing = str(tmp_path / "gilsweep-swift")
    factory = runners.RunnerFactory(missing, wanted_swift=True)
    assert factory.swift is None and factory.skipped(modes.SWIFT_THREADS)
    assert capsys.readouterr().err == (f"gilsweep: warning: cannot start {missing}: No such file or directory: "
                                       "skipping swift-threads\n")


def test_no_swift_wanted_starts_none_and_skips_nothing(capsys):
    factory = runners.RunnerFactory("/nonexistent/gilsweep-swift", wanted_swift=False)
    assert factory.swift is None and not factory.skipped(modes.SWIFT_THREADS)
    assert capsys.readouterr().err == ""


class FakeWorker:
    closed = False

    def close(self):
        self.closed = True


def test_the_swift_runner_gets_the_operands_as_decimal_text_and_the_worker_closes_with_the_factory():
    factory = runners.RunnerFactory(None, wanted_swift=False)
    worker = factory.swift = FakeWorker()
    runner = factory.runner(modes.SWIFT_THREADS, "gcd", 64, 2)
    assert isinstance(runner, SwiftRunner) and runner.worker is worker and runner.workload == "gcd"
    assert runner.args == [str(n) for n in workloads.operands("gcd", 64)]
    batch = factory.runner(modes.SWIFT_THREADS, "gcd-batch", 4, 2)
    assert batch.args == [str(n) for column in workloads.columns("gcd-batch", 4) for n in column]
    factory.close()
    assert worker.closed and factory.swift is None


def test_a_mode_with_no_in_process_call_is_refused():
    factory = runners.RunnerFactory(None, wanted_swift=False)
    with pytest.raises(ValueError, match=r"^no in-process call for mode 'threads'$"):
        factory.runner(modes.THREADS, "churn", 10, 2)
