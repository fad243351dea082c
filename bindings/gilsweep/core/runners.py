"""The runners, one per way of calling a workload, each answering
`window(threads, calls, chunks, stall_s)` with a windows.Window (threads == 1:
the sequential window; stall_s: a test hook). The kinds: windows.InProcessRunner,
processes.ProcessRunner, swift_worker.SwiftRunner, dask_runner.DaskRunner; the
factory starts each pool, cluster and worker once per run and closes them."""
import math
from typing import Protocol

from . import dask_runner, modes, processes, windows, workloads
from .swift_worker import SwiftRunner, SwiftUnavailable, SwiftWorker
from .ui import warn


class Runner(Protocol):
    def window(self, threads: int, calls: int, chunks: int, stall_s: float = 0.0) -> windows.Window: ...


class RunnerFactory:
    def __init__(self, swift_binary, wanted_swift):
        self.pools = {}  # ("processes", threads) -> a process pool; ("dask", kind, threads) -> a Dask cluster
        self.ctypes_kernels = None
        self.swift = None
        self.swift_failed = False
        if wanted_swift:
            self._start_swift(swift_binary)

    def _start_swift(self, binary):
        if binary is None:
            self.swift_lost("gilsweep-swift not found (build it with `swift build -c release`, then run from the "
                            "repository or pass --swift PATH or set GILSWEEP_SWIFT)")
            return
        try:
            self.swift = SwiftWorker(binary)
        except SwiftUnavailable as error:
            self.swift_lost(str(error))

    def swift_lost(self, reason):
        """The Swift worker is gone (or never came): one warning, and swift-threads is skipped from now on."""
        if not self.swift_failed:
            warn(f"{reason}: skipping swift-threads")
        self.swift_failed = True

    def skipped(self, mode):
        return mode == modes.SWIFT_THREADS and self.swift_failed

    def runner(self, mode, workload, knob, threads) -> Runner:
        if mode == modes.SWIFT_THREADS:
            return SwiftRunner(self.swift, workload, workloads.items(workload, knob))
        if mode in modes.DASK_MODES:
            kind = dask_runner.cluster_kind(mode)
            key = ("dask", kind, threads)  # not the processes mode's pool, whose key is ("processes", threads)
            if key not in self.pools:
                self.pools[key] = dask_runner.DaskCluster(kind, threads)
            return dask_runner.DaskRunner(self.pools[key], mode, workload, knob)
        if mode == modes.PROCESSES:
            key = ("processes", threads)
            if key not in self.pools:
                self.pools[key] = processes.ProcessPool(threads)
            return processes.ProcessRunner(self.pools[key], workload, knob)
        if mode == modes.CTYPES and self.ctypes_kernels is None:
            self.ctypes_kernels = workloads.CtypesKernels()
        return windows.InProcessRunner(
            [workloads.call_for(mode, workload, knob, self.ctypes_kernels) for _ in range(threads)])

    def close(self):
        for pool in self.pools.values():
            pool.close()
        self.pools.clear()
        if self.ctypes_kernels:
            self.ctypes_kernels.close()
            self.ctypes_kernels = None
        if self.swift:
            self.swift.close()
            self.swift = None


def calls_per_window(runner, threads, target_seconds, chunks):
    """pyperf-style: the calls per thread that make a sequential window
    (threads * calls calls) last about target_seconds. The per-call time is the
    least of three timings, so one stall cannot shrink the windows."""
    n = 1
    while True:
        elapsed = runner.window(1, n, chunks).in_call_s
        if elapsed >= target_seconds / 10 or n >= 1 << 30:
            break
        n *= 4 if elapsed < target_seconds / 100 else 2
    elapsed = min([elapsed] + [runner.window(1, n, chunks).in_call_s for _ in range(2)])
    per_call = max(elapsed / n, 1e-10)
    return max(1, math.ceil(target_seconds / per_call / threads))
