"""The sweep: every mode, every knob, side by side in one run."""
import sys
import time
from dataclasses import dataclass, field

from . import engine, workloads
from .schema import Row
from .stats import median, summarize_speedups

#: Presets: (repeats, seconds per sequential measurement, every n-th default knob).
PRESETS = {"quick": (3, 0.03, 2), "default": (7, 0.1, 1), "full": (11, 0.3, 1)}


@dataclass
class SweepConfig:
    kernels: list
    modes: list
    threads: list
    repeats: int
    target_seconds: float
    knobs: dict = field(default_factory=dict)
    warmups: int = 1


class Progress:
    """A one-line progress bar on stderr (never in the data)."""

    def __init__(self, total, stream=sys.stderr):
        self.total, self.done, self.stream = total, 0, stream
        self.started = time.monotonic()
        self.tty = stream.isatty()

    def step(self, label):
        self.done += 1
        width = 30
        filled = width * self.done // max(self.total, 1)
        elapsed = time.monotonic() - self.started
        line = f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {elapsed:5.0f}s {label}"
        if self.tty:
            self.stream.write("\r" + line[:120].ljust(120))
        elif self.done == self.total or self.done % max(1, self.total // 10) == 0:
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self):
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def python_modes(modes):
    return [mode for mode in modes if mode != "swift-threads"]


def run(config, results, swift):
    """Measures every (kernel, threads, knob, mode) and adds its rows to `results`.
    Raises KeyboardInterrupt through, after the rows finished so far are written."""
    steps = sum(len(config.knobs[k]) for k in config.kernels) * len(config.threads)
    progress = Progress(steps)
    ctypes_kernels = workloads.CtypesKernels() if "ctypes" in config.modes else None
    pools = {}
    try:
        for kernel in config.kernels:
            for threads in config.threads:
                if "processes" in config.modes and threads not in pools:
                    pools[threads] = engine.ProcessPool(threads)
                for knob in config.knobs[kernel]:
                    for row in measure_knob(config, kernel, knob, threads, pools.get(threads), ctypes_kernels):
                        results.add(row)
                    if "swift-threads" in config.modes:
                        for row in swift.measure(kernel, knob, threads, config.repeats, config.target_seconds):
                            results.add(row)
                    progress.step(f"{kernel} knob={knob} threads={threads}")
    finally:
        progress.close()
        for pool in pools.values():
            pool.close()
        if ctypes_kernels:
            ctypes_kernels.close()


def measure_knob(config, kernel, knob, threads, pool, ctypes_kernels):
    """Rows for every Python-side mode at one knob; repeats are interleaved
    across modes so drift on the machine hits every mode alike."""
    measurements = {}
    for mode in python_modes(config.modes):
        if mode == "processes":
            measurements[mode] = engine.ProcessMeasurement(pool, kernel, knob, threads, config.target_seconds)
        else:
            measurements[mode] = engine.ThreadMeasurement(
                mode, kernel, knob, threads, config.target_seconds, ctypes_kernels)
    for measurement in measurements.values():
        for _ in range(config.warmups):
            measurement.once()
    samples = {mode: ([], [], []) for mode in measurements}
    for _ in range(config.repeats):
        for mode, measurement in measurements.items():
            for sample, value in zip(samples[mode], measurement.once()):
                sample.append(value)
    rows = []
    for mode, (seq_times, par_times, call_times) in samples.items():
        measurement = measurements[mode]
        # x: time inside the calls per call (for processes, without the hand-offs).
        per_call_us = median(call_times) / (threads * measurement.calls) * 1e6
        rows.append(Row(runtime="python", mode=mode, kernel=kernel, knob=knob, threads=threads,
                        calls=measurement.calls, per_call_us=per_call_us, repeats=config.repeats,
                        **summarize_speedups(seq_times, par_times)))
    return rows
