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
is the best of SPINS spins in a row: a blip spoils one, a lasting state all."""
import time

import gilsweep

from .windows import run_threads

#: One spin lasts about this long; a canary costs about that much wall time.
SPIN_SECONDS = 0.003
SPINS = 3
#: The least share of T cores that counts as "the machine delivers T cores". Measured here the
#: capacity is bimodal: about 1.0 of 2 when the host shares one core between both vCPUs, 1.6-2.0
#: otherwise, with few values between 1.1 and 1.3.
HEALTHY_SHARE = 0.65


class Canary:
    def __init__(self, threads, spin_seconds=SPIN_SECONDS):
        self.threads = threads
        self.spin = gilsweep.kernel("churn", "release")
        self.n = 1000
        while self._time_one() < spin_seconds / 4:
            self.n *= 2
        self.n = max(1, int(self.n * spin_seconds / self._time_one()))
        self.best = min(self._time_one() for _ in range(5))

    def _time_one(self):
        start = time.perf_counter()
        self.spin(self.n)
        return time.perf_counter() - start

    def capacity(self):
        """Cores delivered now (between 0 and T): the best of SPINS spins."""
        return max(self._capacity_once() for _ in range(SPINS))

    def _capacity_once(self):
        if self.threads == 1:
            elapsed = self._time_one()
            self.best = min(self.best, elapsed)
            return self.best / elapsed
        window = run_threads([(self.spin, (self.n,))] * self.threads, [1])
        # Each thread's own spin time also refreshes the best single-spin time.
        self.best = min([self.best] + [chunks[0] for chunks in window.chunks_s])
        return min(self.threads, self.threads * self.best / window.wall_s)

    def healthy(self, capacity):
        return capacity >= HEALTHY_SHARE * self.threads


def wait_for_capacity(canary, max_wait_s, poll_s=0.05):
    """Checks the canary until it is healthy or max_wait_s has passed.
    Returns (healthy, last capacity, seconds waited after the first check, checks made)."""
    capacity = canary.capacity()
    checks = 1
    started = time.monotonic()
    while not canary.healthy(capacity) and time.monotonic() - started < max_wait_s:
        time.sleep(poll_s)
        capacity = canary.capacity()
        checks += 1
    waited = time.monotonic() - started if checks > 1 else 0.0
    return canary.healthy(capacity), capacity, waited, checks
