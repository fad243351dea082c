"""The processes runner: T warm worker processes instead of T threads, each
running its share of a window with the chunk rule of windows.py."""
import multiprocessing
import signal
import time
from concurrent.futures import ProcessPoolExecutor

import gilsweep  # noqa: F401  (each worker imports it once, outside any timing)

from . import modes, workloads
from .windows import Window, chunk_sizes, pin, run_chunks, unpin

#: A parallel window leaves the pool's hand-off threads busy for a few ms; the
#: canary after it waits this long so it reads the machine, not our own tail.
SETTLE_SECONDS = 0.02

_barrier = None  # set in each pool worker: the start gate of a parallel window
_calls = {}      # (workload, knob) -> (function, args), made once per worker


def _init_worker(barrier, foreign):
    """Pool workers leave Ctrl-C to the sweep, which stops them (a terminal's
    Ctrl-C reaches the whole process group), keep the start gate, and resolve
    the foreign callables ({spec: expression}) themselves where they were not
    inherited (spawn and forkserver start methods)."""
    global _barrier
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _barrier = barrier
    for spec, expression in foreign.items():
        if spec not in workloads.FOREIGN:
            workloads.add_callable(spec, expression)


def _ready():
    """A task that makes each worker start (and import gilsweep, above) before any timing."""
    return True


def _window_in_worker(workload, knob, calls, chunks, gated, stall_s, index=0):
    """Runs in a pool worker: one thread's share of a window, on the index-th
    CPU for a parallel window (windows.pin), on any for a sequential one."""
    if gated:
        pin(index)
    else:
        unpin()
    key = (workload, knob)
    if key not in _calls:
        _calls[key] = workloads.call_for(modes.PYTHON_RELEASE, workload, knob)
    function, args = _calls[key]
    if gated:
        _barrier.wait(timeout=120)
    start = time.perf_counter()
    return run_chunks(function, args, chunk_sizes(calls, chunks), start, stall_s)


class ProcessPool:
    """T warm worker processes; start-up and imports happen before any timing.
    A parallel window's tasks wait at a shared gate, so each runs in its own worker."""

    def __init__(self, workers):
        # forkserver, not fork: by the time a pool starts, the sweep has threads
        # (a Dask cluster's, the Swift worker's pipes), and a child forked from a
        # threaded process can inherit a lock held by one of them and hang
        # (CPython 3.12+ warns; 3.14 made forkserver the default on Linux).
        context = multiprocessing.get_context("forkserver")
        self.workers = workers
        self.executor = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                            initializer=_init_worker,
                                            initargs=(context.Barrier(workers),
                                                      {spec: t.expression for spec, t in workloads.FOREIGN.items()}))
        for future in [self.executor.submit(_ready) for _ in range(workers * 2)]:
            future.result()

    def close(self):
        self.executor.shutdown(wait=False, cancel_futures=True)


class ProcessRunner:
    """The processes mode at one point: T worker processes instead of T threads.
    The wall time includes the inter-process hand-offs, which are part of what
    processes cost; in_call_s does not, so the x axis is the work itself."""

    def __init__(self, pool, workload, knob):
        self.pool, self.workload, self.knob = pool, workload, knob

    def window(self, threads, calls, chunks, stall_s=0.0):
        if threads not in (1, self.pool.workers):
            raise ValueError(f"a pool of {self.pool.workers} workers cannot run a {threads}-thread window")
        gated = threads > 1
        start = time.perf_counter()
        futures = [self.pool.executor.submit(_window_in_worker, self.workload, self.knob, calls, chunks, gated,
                                             stall_s if index == 0 else 0.0, index)
                   for index in range(threads)]
        durations = [future.result() for future in futures]
        wall = time.perf_counter() - start
        if gated:
            time.sleep(SETTLE_SECONDS)
        return Window(wall, sum(sum(d) for d in durations), durations)
