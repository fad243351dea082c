"""Timed windows: T threads each making `calls` calls, timestamped after every
chunk so a host stall inside a window shows; and the runner of the in-process
modes (SWIG, ctypes, pure Python). threads == 1 is the sequential window; the
processes runner, the Swift worker and Dask answer with the same chunk rule."""
import itertools
import os
import threading
import time
from dataclasses import dataclass


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
        # The sequential window runs on a thread of its own too, started as the parallel
        # window's are, not on the calling (main) thread, which can run pure Python
        # slower than started threads for a whole run (docs/bad-day.md).
        return run_threads(self.thread_calls[:threads], chunk_sizes(calls, chunks), stall_s)


#: The CPUs this process may use, read once, before any thread is pinned.
ALLOWED_CPUS = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []


def pin(index):
    """Pins the calling thread (or process) to the index-th CPU it may use, so the
    T threads of a parallel window run on T different CPUs: left to itself, the
    scheduler can keep both on one CPU for a whole window while every canary reads
    healthy (docs/bad-day.md). A machine that refuses affinity (a container's
    mask) keeps the scheduler's choice."""
    if ALLOWED_CPUS:
        try:
            os.sched_setaffinity(0, {ALLOWED_CPUS[index % len(ALLOWED_CPUS)]})
        except OSError:
            pass


def unpin():
    """Lets the calling thread run on every CPU this process was given again."""
    if ALLOWED_CPUS:
        try:
            os.sched_setaffinity(0, ALLOWED_CPUS)
        except OSError:
            pass


def run_threads(thread_calls, sizes, stall_s=0.0, spin_gate=None, pinned=True):
    """Starts one thread per (function, args), releases them together, and
    returns their Window. Daemons, and an aborted barrier on Ctrl-C: an
    interrupted sweep must never wait for workers that will not start.

    spin_gate (a short call that releases the GIL, such as a few microseconds
    of churn) makes the threads wait for each other by calling it in a loop
    instead of sleeping at a barrier. A thread woken from a barrier is often
    put on its waker's CPU and waits there for milliseconds while the other
    CPU idles (docs/method.md). A canary a few ms long must not read that as a
    lost core, so it spins at the gate.

    pinned puts the threads of a parallel window on different CPUs (pin). The
    canary must not be pinned: a thread pinned to a CPU that something else
    holds still gets the first few milliseconds there (the scheduler gives a
    newcomer a slice), so a short spin would not see the CPU taken; left free,
    both spins crowd onto the free CPU and read one core, as they should."""
    barrier = threading.Barrier(len(thread_calls))
    arrived, lock, aborted = [0], threading.Lock(), threading.Event()
    spans = [None] * len(thread_calls)
    errors = []  # what a call raised in a measuring thread, raised again here

    def worker(index, function, args):
        if pinned and len(thread_calls) > 1:
            pin(index)  # a thread's own affinity: the thread ends with the window
        if spin_gate is not None:
            with lock:
                arrived[0] += 1
            while arrived[0] < len(thread_calls) and not aborted.is_set():
                spin_gate()
            if aborted.is_set():
                return
        else:
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
        aborted.set()
        raise
    if errors:
        raise errors[0]
    if any(span is None for span in spans):
        raise RuntimeError("a measuring thread did not finish its window")
    wall = max(end for _, end, _ in spans) - min(start for start, _, _ in spans)
    return Window(wall, sum(sum(d) for _, _, d in spans), [d for _, _, d in spans])


def call_seconds(function, args, repeats=3):
    """The best of a few timed calls: what one call of the load takes alone."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function(*args)
        best = min(best, time.perf_counter() - start)
    return best
