"""Does the machine deliver T cores right now?

This class of VM sometimes runs both vCPUs on what amounts to one core for many
seconds, and reports no steal time. Chunk timestamps cannot see that (every
chunk is slowed alike), so before and after each unit a canary spins the C
churn loop on T threads at once with the GIL released and compares the wall
time with the best time one spin has ever taken here. Capacity T means T
full cores; one shared core gives about 1.

The host also takes a vCPU away for a few milliseconds at a time, far more
often than it shares one core for seconds. A single spin reads those blips as
lost capacity, and the trials it flagged in a first version measured the same
speedups as the rest (median 1.76x against 1.85x at 10 µs and more). So a canary
is the best of SPINS spins in a row: a blip spoils one, a lasting state all.

A third state hurts only code that hands Python's GIL between threads: for
tens of seconds at a time, two threads calling a ~1 µs kernel that releases
the GIL run slower than one (0.7-0.95x instead of 1.5-1.8x), while spinning
threads still get both cores and an Event ping-pong takes as long as ever. One
default run spent most of its first two minutes in it and its knee (the
python-release, python-auto and ctypes points near 1 µs) read 0.9-1.1x where
the next two runs read 1.5-1.6x. So the canary also runs a handoff probe:
T threads making PROBE_CALLS such calls each, against one thread making them
all. On this machine its reading is bimodal and follows the knee (correlation
0.71 over 739 pairs, 2.5 minutes): below 1.0 in the slow state, 1.2-1.8
otherwise. A milder form of the state reads 1.0-1.4 against a best of 2.0 and
still costs the knee a third of its speedup; so a reading is the median of
SPINS probes (one lucky probe cannot pass it), judged against HANDOFF_SHARE of
the best reading. Only units that hand the GIL over at a high rate need the
probe (engine.hands_off_often); the others read capacity alone."""
import time
from dataclasses import dataclass
from typing import Optional

import gilsweep

from .windows import run_threads

#: One spin lasts about this long; a canary costs about that much wall time.
SPIN_SECONDS = 0.003
SPINS = 3
#: The least share of T cores that counts as "the machine delivers T cores". Measured here the
#: capacity is bimodal: about 1.0 of 2 when the host shares one core between both vCPUs, 1.6-2.0
#: otherwise, with few values between 1.1 and 1.3.
HEALTHY_SHARE = 0.65
#: The handoff probe: calls of about PROBE_CALL_SECONDS each, PROBE_CALLS per thread.
PROBE_CALL_SECONDS = 0.8e-6
PROBE_CALLS = 2000
#: The least share of the best handoff reading seen that counts as a normal handoff. The
#: best is 1.8-2.0 here and the normal state's 20th percentile 1.5-1.6 (three default runs);
#: the slow state reads 0.7-1.0 and its milder form 1.0-1.4. At 0.6 the mild form passed
#: half the time, and one run's knee read 0.7-0.9x where the next two read 1.5x.
HANDOFF_SHARE = 0.7


@dataclass(frozen=True)
class Reading:
    capacity: float  # cores delivered now, 0..T
    handoff: Optional[float]  # the handoff probe's speedup; None for one thread


class Canary:
    def __init__(self, threads, spin_seconds=SPIN_SECONDS):
        self.threads = threads
        self.spin = gilsweep.kernel("churn", "release")
        self.n = 1000
        while self._time_one() < spin_seconds / 4:
            self.n *= 2
        self.n = max(1, int(self.n * spin_seconds / self._time_one()))
        self.best = min(self._time_one() for _ in range(5))
        self.probe_n = max(1, int(self.n * PROBE_CALL_SECONDS / spin_seconds))
        if threads > 1:
            self.probe_seq = min(self._probe_window(1) for _ in range(3))
            self.best_handoff = 0.0
            for _ in range(3):  # each reading raises best_handoff to its value
                self._handoff_reading()

    def _time_one(self):
        start = time.perf_counter()
        self.spin(self.n)
        return time.perf_counter() - start

    def read(self, handoff=True):
        """The machine now: capacity (best of SPINS spins) and, unless handoff is
        False or there is one thread, the handoff (median of SPINS probes)."""
        capacity = max(self._capacity_once() for _ in range(SPINS))
        return Reading(capacity, self._handoff_reading() if handoff and self.threads > 1 else None)

    def _capacity_once(self):
        if self.threads == 1:
            elapsed = self._time_one()
            self.best = min(self.best, elapsed)
            return self.best / elapsed
        window = run_threads([(self.spin, (self.n,))] * self.threads, [1])
        # Each thread's own spin time also refreshes the best single-spin time.
        self.best = min([self.best] + [chunks[0] for chunks in window.chunks_s])
        return min(self.threads, self.threads * self.best / window.wall_s)

    def _probe_window(self, threads):
        calls = PROBE_CALLS * (self.threads if threads == 1 else 1)
        window = run_threads([(self.spin, (self.probe_n,))] * threads, [calls])
        return window.wall_s

    def _handoff_reading(self):
        probes = sorted(self.probe_seq / self._probe_window(self.threads) for _ in range(SPINS))
        reading = probes[len(probes) // 2]
        self.best_handoff = max(self.best_handoff, reading)
        return reading

    def verdict(self, reading):
        """(capacity ok, handoff ok) for a reading."""
        capacity_ok = reading.capacity >= HEALTHY_SHARE * self.threads
        handoff_ok = reading.handoff is None or reading.handoff >= HANDOFF_SHARE * self.best_handoff
        return capacity_ok, handoff_ok

    def healthy(self, reading):
        return all(self.verdict(reading))
