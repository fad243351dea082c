"""The dask-* modes: a parallel window is T x `calls` Dask tasks of one kernel
call each on a LocalCluster started and warmed up before any timing; the
sequential window is the SWIG modes' loop, so every mode shares one baseline.
dask-threads(-hold): one worker process, T threads; dask-processes: T workers.
Dask is optional and imported only when a cluster starts (gilsweep.dask_primes)."""
import os
import threading
import time

from .. import dask_primes
from ..dask_primes import quiet_logs
from . import modes, windows, workloads

#: How much longer a run with the dask-* modes may take by default: their
#: points, and starting the clusters.
EXTRA_BUDGET_S = 150.0
#: A parallel window of more tasks than this is refused: at ~1 ms of Dask per
#: task it would run for tens of seconds (workloads.DASK_KNOBS keeps calls big).
MAX_TASKS = 20_000
#: After a window the scheduler and worker event loops forget its tasks for a
#: few ms; the canary after the trial should read the machine, not that tail.
SETTLE_SECONDS = 0.02


def cluster_kind(mode):
    """"threads" (one worker, T threads) or "processes" (T one-thread workers)."""
    return "processes" if mode == modes.DASK_PROCESSES else "threads"


def usable_modes(chosen, warn):
    """`chosen` without the dask modes, with one warning, when Dask is not installed."""
    asked = [mode for mode in chosen if mode in modes.DASK_MODES]
    if not asked:
        return chosen

    try:
        dask_primes.import_distributed()
    except dask_primes.DaskMissing as error:
        warn(f"skipping {', '.join(asked)}: {error}")
        return [mode for mode in chosen if mode not in modes.DASK_MODES]
    return chosen


# ------------------------------------------------------ in the Dask workers

_calls = {}  # (workload, knob, policy) -> (function, args), made once per worker process


def timed_call(workload, knob, policy, stall_s=0.0):
    """One task: one call of the kernel. Returns (the thread that ran it, start, end);
    perf_counter is CLOCK_MONOTONIC, shared by every process of the machine."""
    key = (workload, knob, policy)
    if key not in _calls:
        _calls[key] = workloads.call_for(policy_mode(policy), workload, knob)
    function, args = _calls[key]
    start = time.perf_counter()
    function(*args)
    if stall_s:
        time.sleep(stall_s)
    return f"{os.getpid()}:{threading.get_ident()}", start, time.perf_counter()


def policy_mode(policy):
    return next(mode for mode, p in modes.POLICY_OF.items() if p == policy)


def warm(workload, knob, policy):
    """Imports and builds the call outside any timing; returns the worker's thread."""
    key = (workload, knob, policy)
    if key not in _calls:
        _calls[key] = workloads.call_for(policy_mode(policy), workload, knob)
    return f"{os.getpid()}:{threading.get_ident()}"


# ------------------------------------------------------ in the sweep process


class DaskCluster:
    """A LocalCluster of one kind with T threads in all, and its client; the
    engine keeps it with its process pools and closes it at the end."""

    def __init__(self, kind, threads):
        dask = dask_primes.import_distributed()
        workers, per_worker = (threads, 1) if kind == "processes" else (1, threads)
        self.kind, self.threads = kind, threads
        self.cluster = dask.LocalCluster(n_workers=workers, threads_per_worker=per_worker, processes=True,
                                         dashboard_address=None, memory_limit=0, host="127.0.0.1",
                                         # no dashboard; its HTTP server (health, metrics) on any free port
                                         scheduler_kwargs={"dashboard_address": ":0"})
        self.client = dask.Client(self.cluster)
        self.client.wait_for_workers(workers, timeout=60)

    def close(self):
        with quiet_logs():
            try:
                self.client.close()
            finally:
                self.cluster.close()


class DaskRunner:
    """A dask-* mode at one point, with windows.InProcessRunner's interface."""

    def __init__(self, cluster, mode, workload, knob):
        self.cluster, self.mode, self.workload, self.knob = cluster, mode, workload, knob
        self.policy = modes.DASK_POLICY_OF[mode]
        self.sequential = windows.InProcessRunner(
            [workloads.call_for(modes.DASK_BASELINE_OF[mode], workload, knob)])
        client = cluster.client
        warmups = client.map(warm, [workload] * cluster.threads * 4, [knob] * cluster.threads * 4,
                             [self.policy] * cluster.threads * 4, pure=False)
        client.gather(warmups)

    def window(self, threads, calls, chunks, stall_s=0.0):
        if threads == 1:
            return self.sequential.window(1, calls, chunks, stall_s)
        if threads != self.cluster.threads:
            raise ValueError(f"a cluster of {self.cluster.threads} threads cannot run a {threads}-thread window")
        tasks = threads * calls
        if tasks > MAX_TASKS:
            raise ValueError(f"{tasks} tasks in one window is more than {MAX_TASKS}: "
                             f"knob {self.knob} is too small for {self.mode}")
        stalls = [stall_s if index == tasks // 2 else 0.0 for index in range(tasks)]
        client = self.cluster.client
        start = time.perf_counter()
        futures = client.map(timed_call, [self.workload] * tasks, [self.knob] * tasks, [self.policy] * tasks,
                             stalls, pure=False)
        done = client.gather(futures)
        wall = time.perf_counter() - start
        del futures
        time.sleep(SETTLE_SECONDS)
        return windows.Window(wall, sum(end - begin for _, begin, end in done),
                              thread_chunks(done, start, chunks))


def thread_chunks(done, start, chunks):
    """Per worker thread, the durations of its chunks of tasks from the window's
    start on (so waiting for the scheduler counts, as a host stall would)."""
    by_thread = {}
    for thread, _, end in done:
        by_thread.setdefault(thread, []).append(end)
    result = []
    for ends in by_thread.values():
        ends.sort()
        durations, previous, index = [], start, 0
        for size in windows.chunk_sizes(len(ends), chunks):
            index += size
            durations.append(ends[index - 1] - previous)
            previous = ends[index - 1]
        result.append(durations)
    return result
