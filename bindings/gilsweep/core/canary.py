"""Does the machine deliver T cores right now, and does it hand the GIL over at its
usual speed? A capacity reading spins the C churn loop on T threads, GIL released,
against the best one spin ever took; a handoff check times T threads making short
releasing calls against one. The rules are here; why they are built so, and the
measurements behind them, are in docs/method.md ("Why the canary is built as it is")."""
import time
from dataclasses import dataclass
from typing import Optional

import gilsweep

from .windows import run_threads

#: One spin lasts about this long; a canary costs about that much wall time.
SPIN_SECONDS = 0.003
SPINS = 3
#: The threads of a reading wait for each other spinning in slices this long
#: (windows.run_threads: a thread woken from a barrier can wait milliseconds on
#: a busy CPU while the other idles, and a 3 ms spin would read that as one core).
GATE_SPIN_SECONDS = 20e-6
#: The least share of T cores that counts as "the machine delivers T cores": between the
#: two modes the capacity readings show (docs/method.md).
HEALTHY_SHARE = 0.65
#: The handoff check: calls of about CHECK_CALL_SECONDS each, CHECK_CALLS per thread.
CHECK_CALL_SECONDS = 0.8e-6
CHECK_CALLS = 2000
#: The least share of the best handoff reading seen that counts as a normal handoff: low
#: enough for the normal state's spread, high enough to catch the slow state's milder
#: form (docs/method.md).
HANDOFF_SHARE = 0.7


@dataclass(frozen=True)
class Reading:
    capacity: float  # cores delivered now, 0..T
    handoff: Optional[float]  # the handoff check's speedup; None for one thread


class Canary:
    def __init__(self, threads, spin_seconds=SPIN_SECONDS):
        self.threads = threads
        self.spin = gilsweep.kernel("churn", "release")
        self.n = 1000
        while self._time_one() < spin_seconds / 4:
            self.n *= 2
        self.n = max(1, int(self.n * spin_seconds / self._time_one()))
        self.best = min(self._time_one() for _ in range(5))
        self.check_n = max(1, int(self.n * CHECK_CALL_SECONDS / spin_seconds))
        gate_n = max(1, int(self.n * GATE_SPIN_SECONDS / spin_seconds))
        self.gate = lambda: self.spin(gate_n)
        if threads > 1:
            self.check_seq = min(self._check_window(1) for _ in range(3))
            self.best_handoff = 0.0
            for _ in range(3):  # each reading raises best_handoff to its value
                self._handoff_reading(decide_early=False)

    def _time_one(self):
        start = time.perf_counter()
        self.spin(self.n)
        return time.perf_counter() - start

    def read(self, handoff=True):
        """The machine now: capacity (best of up to SPINS spins, stopping at the
        first that finds T cores) and, unless handoff is False or there is one
        thread, the handoff (median of up to SPINS probes)."""
        capacity = 0.0
        for _ in range(SPINS):
            capacity = max(capacity, self._capacity_once())
            if capacity >= HEALTHY_SHARE * self.threads:
                break
        return Reading(capacity, self._handoff_reading() if handoff and self.threads > 1 else None)

    def _capacity_once(self):
        if self.threads == 1:
            elapsed = self._time_one()
            self.best = min(self.best, elapsed)
            return self.best / elapsed
        # One spin alone, then T at once, back to back, as stall-meter does: the host also
        # slows both vCPUs alike for milliseconds (every thread then spins slower), which
        # is not a lost core and would read as one against the best spin ever seen.
        alone = run_threads([(self.spin, (self.n,))], [1], spin_gate=self.gate, pinned=False).wall_s
        window = run_threads([(self.spin, (self.n,))] * self.threads, [1], spin_gate=self.gate, pinned=False)
        return min(self.threads, self.threads * alone / window.wall_s)

    def _check_window(self, threads):
        calls = CHECK_CALLS * (self.threads if threads == 1 else 1)
        window = run_threads([(self.spin, (self.check_n,))] * threads, [calls], spin_gate=self.gate, pinned=False)
        return window.wall_s

    def _handoff_reading(self, decide_early=True):
        """The median of SPINS checks; with decide_early, of the first checks once
        a majority of them agree on which side of the cut they fall (then the
        median of all SPINS would fall there too). Such a reading is the mean of
        the agreeing checks, on the same side of the cut, so the verdict is the
        full median's; best_handoff rises from either kind alike."""
        cut, majority = HANDOFF_SHARE * self.best_handoff, SPINS // 2 + 1
        checks = []
        for _ in range(SPINS):
            checks.append(self.check_seq / self._check_window(self.threads))
            above = sum(check >= cut for check in checks)
            if decide_early and len(checks) < SPINS and majority in (above, len(checks) - above):
                break
        if len(checks) < SPINS:
            side = [check for check in checks if (check >= cut) == (above >= majority)]
            reading = sum(side) / len(side)
        else:
            reading = sorted(checks)[SPINS // 2]
        self.best_handoff = max(self.best_handoff, reading)
        return reading

    def verdict(self, reading):
        """(capacity ok, handoff ok) for a reading."""
        capacity_ok = reading.capacity >= HEALTHY_SHARE * self.threads
        handoff_ok = reading.handoff is None or reading.handoff >= HANDOFF_SHARE * self.best_handoff
        return capacity_ok, handoff_ok

    def healthy(self, reading):
        return all(self.verdict(reading))
