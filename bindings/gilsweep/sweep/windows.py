"""Timed windows: T threads (or processes) each making `calls` calls, with a
timestamp after every chunk of calls so a host stall inside a window shows up.

A window with threads == 1 is a sequential window (on the calling thread);
threads > 1 starts T threads that are released together. The Swift worker
answers the same requests with the same chunk rule (gilsweep-swift worker)."""
import itertools
import multiprocessing
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from . import modes, workloads


@dataclass(frozen=True)
class Window:
    wall_s: float     # from the release of the threads to the end of the last one
    in_call_s: float  # time spent inside the calls (processes: without the hand-offs)
    chunks_s: list    # per thread, each chunk's duration in seconds


def chunk_sizes(calls, chunks):
    """Calls split into min(chunks, calls) chunks as evenly as possible, larger chunks first."""
    k = min(chunks, calls)
    q, r = divmod(calls, k)
    return [q + 1] * r + [q] * (k - r)


def run_chunks(function, args, sizes, start, stall_s=0.0):
    """Makes the calls chunk by chunk; returns each chunk's duration from `start` on.
    stall_s (a test hook) sleeps inside the middle chunk, as a host stall would."""
    durations = []
    previous = start
    middle = len(sizes) // 2
    for index, size in enumerate(sizes):
        for _ in itertools.repeat(None, size):
            function(*args)
        if stall_s and index == middle:
            time.sleep(stall_s)
        now = time.perf_counter()
        durations.append(now - previous)
        previous = now
    return durations


class InProcessRunner:
    """Windows of one in-process mode (SWIG, ctypes, pure Python) at one point.
    thread_calls holds one (function, args) per thread, so threads never share an output."""

    def __init__(self, thread_calls):
        self.thread_calls = thread_calls

    def window(self, threads, calls, chunks, stall_s=0.0):
        sizes = chunk_sizes(calls, chunks)
        if threads == 1:
            function, args = self.thread_calls[0]
            start = time.perf_counter()
            durations = run_chunks(function, args, sizes, start, stall_s)
            wall = sum(durations)
            return Window(wall, wall, [durations])
        return run_threads(self.thread_calls[:threads], sizes, stall_s)


def run_threads(thread_calls, sizes, stall_s=0.0):
    """Starts one thread per (function, args), releases them together, and
    returns their Window. Daemons, and an aborted barrier on Ctrl-C: an
    interrupted sweep must never wait for workers that will not start."""
    barrier = threading.Barrier(len(thread_calls))
    spans = [None] * len(thread_calls)
    errors = []  # what a call raised in a measuring thread, raised again here

    def worker(index, function, args):
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            return
        start = time.perf_counter()
        try:
            durations = run_chunks(function, args, sizes, start, stall_s if index == 0 else 0.0)
        except Exception as error:
            errors.append(error)
            return
        spans[index] = (start, start + sum(durations), durations)

    threads = [threading.Thread(target=worker, args=(index, *call), daemon=True)
               for index, call in enumerate(thread_calls)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    except BaseException:
        barrier.abort()
        raise
    if errors:
        raise errors[0]
    if any(span is None for span in spans):
        raise RuntimeError("a measuring thread did not finish its window")
    wall = max(end for _, end, _ in spans) - min(start for start, _, _ in spans)
    return Window(wall, sum(sum(d) for _, _, d in spans), [d for _, _, d in spans])


# -------------------------------------------------------------- processes

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
    import gilsweep  # noqa: F401  (imported once, outside any timing)

    return True


def _window_in_worker(workload, knob, calls, chunks, gated, stall_s):
    """Runs in a pool worker: one thread's share of a window."""
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
                                             stall_s if index == 0 else 0.0)
                   for index in range(threads)]
        durations = [future.result() for future in futures]
        wall = time.perf_counter() - start
        return Window(wall, sum(sum(d) for d in durations), durations)
