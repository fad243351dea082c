"""Strong-scaling measurements, as Beazley made them: each of T threads makes
`calls` calls; the sequential baseline makes T * calls on one thread; the
speedup is T_seq / T_par (ideal: T)."""
import itertools
import math
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor

from . import workloads


def run_sequential(function, args, total_calls):
    start = time.perf_counter()
    for _ in itertools.repeat(None, total_calls):
        function(*args)
    return time.perf_counter() - start


def run_threads(calls_per_thread, thread_calls):
    """Starts one thread per (function, args), releases them together and
    returns the wall time until the last one finishes."""
    barrier = threading.Barrier(len(thread_calls) + 1)

    def worker(function, args):
        try:
            barrier.wait()
        except threading.BrokenBarrierError:  # the sweep was interrupted before the start
            return
        for _ in itertools.repeat(None, calls_per_thread):
            function(*args)

    # Daemons, and an aborted barrier on Ctrl-C: an interrupted sweep must
    # never wait for workers that will not start.
    threads = [threading.Thread(target=worker, args=call, daemon=True) for call in thread_calls]
    try:
        for thread in threads:
            thread.start()
        barrier.wait()
        start = time.perf_counter()
        for thread in threads:
            thread.join()
        return time.perf_counter() - start
    except BaseException:
        barrier.abort()
        raise


def calibrate_calls(time_calls, threads, target_seconds):
    """pyperf-style: the calls per thread that make the sequential run (threads *
    calls calls) last about target_seconds. time_calls(n) times n sequential calls."""
    n = 1
    while True:
        elapsed = time_calls(n)
        if elapsed >= target_seconds / 10 or n >= 1 << 30:
            break
        n *= 4 if elapsed < target_seconds / 100 else 2
    per_call = elapsed / n
    return max(1, math.ceil(target_seconds / per_call / threads))


class ThreadMeasurement:
    """One in-process mode at one knob and thread count."""

    def __init__(self, mode, kernel, knob, threads, target_seconds, ctypes_kernels):
        self.thread_calls = [workloads.call_for(mode, kernel, knob, ctypes_kernels) for _ in range(threads)]
        function, args = self.thread_calls[0]
        self.calls = calibrate_calls(lambda n: run_sequential(function, args, n), threads, target_seconds)
        self.threads = threads

    def once(self):
        """(sequential time, parallel time, time inside the sequential calls)."""
        function, args = self.thread_calls[0]
        seq = run_sequential(function, args, self.threads * self.calls)
        par = run_threads(self.calls, self.thread_calls)
        return seq, par, seq


# -------------------------------------------------------------- processes


def _batch_in_worker(kernel, knob, calls):
    """Runs in a worker process: `calls` calls of the GIL-releasing kernel."""
    function, args = workloads.call_for("python-release", kernel, knob)
    return run_sequential(function, args, calls)


def _ignore_sigint():
    """Pool workers leave Ctrl-C to the sweep, which stops them: a terminal's
    Ctrl-C reaches the whole process group, and a worker would print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _ready():
    import gilsweep  # noqa: F401  (imported once, outside any timing)

    return True


class ProcessPool:
    """A warm ProcessPoolExecutor: start-up and imports happen before any timing."""

    def __init__(self, workers):
        self.workers = workers
        self.executor = ProcessPoolExecutor(max_workers=workers, initializer=_ignore_sigint)
        for future in [self.executor.submit(_ready) for _ in range(workers * 2)]:
            future.result()

    def run(self, kernel, knob, batches, calls):
        """(wall time for `batches` batches of `calls` calls, run at once,
        total time the workers spent calling); the wall time includes the
        inter-process hand-offs, which are part of what processes cost."""
        start = time.perf_counter()
        futures = [self.executor.submit(_batch_in_worker, kernel, knob, calls) for _ in range(batches)]
        inside = sum(future.result() for future in futures)
        return time.perf_counter() - start, inside

    def close(self):
        self.executor.shutdown(cancel_futures=True)


class ProcessMeasurement:
    """The processes mode: T worker processes instead of T threads. Calls are
    calibrated in this process (a batch's hand-off would swamp tiny calls), and
    the x axis uses the time spent inside the workers' calls."""

    def __init__(self, pool, kernel, knob, threads, target_seconds):
        self.pool, self.kernel, self.knob, self.threads = pool, kernel, knob, threads
        function, args = workloads.call_for("python-release", kernel, knob)
        self.calls = calibrate_calls(lambda n: run_sequential(function, args, n), threads, target_seconds)

    def once(self):
        """(sequential time, parallel time, time inside the sequential calls, without hand-offs)."""
        seq, inside = self.pool.run(self.kernel, self.knob, 1, self.threads * self.calls)
        par, _ = self.pool.run(self.kernel, self.knob, self.threads, self.calls)
        return seq, par, inside
