"""A trial: the canary before it (waiting for the machine), its sequential and
parallel windows back to back, the canary after it. After a healthy streak the
canary is read once per block of trials, and every trial of the block is judged
by the readings around the block; any bad reading or flagged window brings back
a reading around every trial (docs/method.md, "Why the canary is built as it is")."""
from dataclasses import dataclass, field

from ..core import states, weather, windows, workloads
from ..core.swift_worker import SwiftUnavailable
from . import analysis

#: Steady readings after trials, in a row, before the canary is read once per
#: block of config.CANARY_BLOCK trials. A bad reading at a block's end costs the
#: whole block; replayed on published raw runs, a shorter streak lost more on bad
#: hours than it saved on quiet ones (bindings/tools/replay_blocks.py,
#: docs/notebook/sweep.md).
HEALTHY_STREAK = 16


@dataclass
class Measured:
    """A trial whose windows ran and that waits for the reading after it."""
    point: object   # schema.Point
    trial: int
    warmup: bool
    order: int
    before: tuple   # the canary's verdict before it: (capacity ok, handoff ok)
    windows: list   # (kind, start_s, window, calls)


@dataclass
class Cadence:
    """One canary's readings after trials: how many in a row were steady (T
    cores, the handoff state unchanged, no window flagged), the handoff state they
    read, the last steady one, and the trials measured since it."""
    streak: int = 0
    state: object = None  # handoff ok (True/False) as the last reading that checked it read; None: not checked yet
    last: object = None   # canary.Reading
    waiting: list = field(default_factory=list)


class Trials:
    """Measures the trials of one run. measure() and settle() return the trials
    they judged, as [(Measured, flagged)], so the engine can requeue flagged ones."""

    def __init__(self, config, run, clock, weather_, runners, block=1):
        self.config, self.run, self.clock, self.weather, self.runners = config, run, clock, weather_, runners
        self.block = block
        self.cadences = {}  # canary -> Cadence

    def _cadence(self, canary):
        return self.cadences.setdefault(canary, Cadence())

    def _streak_holds(self, cadence):
        return self.block > 1 and cadence.streak >= HEALTHY_STREAK and cadence.last is not None

    def in_block(self, canary, point):
        """Whether a trial of `point` starts on the canary's last reading, taken after
        earlier trials, instead of one of its own: the streak holds and that reading
        checked the handoff if the point cares. (A reading that is steady is one a
        trial may start on: Weather.good_enough.)"""
        cadence = self._cadence(canary)
        return self._streak_holds(cadence) and (not point.handoff_sensitive or cadence.last.handoff is not None)

    def measure(self, point, trial, warmup, order, canary, first=None, in_block=False, last_in_round=False):
        """Measures one trial; returns the trials judged by the reading after it, or
        [] while its block goes on. in_block: it starts on the last reading (the
        caller asked in_block before); else on `first`, a reading just taken, or a
        reading of its own, the caller having settled any block before (settle)."""
        cadence = self._cadence(canary)
        before = canary.verdict(cadence.last) if in_block else self._reading_before(point, order, canary, first)
        cadence.waiting.append(Measured(point, trial, warmup, order, before, self._windows(point, trial)))
        if in_block and len(cadence.waiting) < self.block and not last_in_round:
            return []
        return self.settle(canary)

    def settle(self, canary):
        """Reads the canary after the trials waiting for it and judges them."""
        cadence = self._cadence(canary)
        if not cadence.waiting:
            return []
        waiting, cadence.waiting = cadence.waiting, []
        # Once the streak holds every reading checks the handoff: a block may hold trials that care.
        handoff = self._streak_holds(cadence) or any(m.point.handoff_sensitive for m in waiting)
        after_start = self.clock.elapsed()
        reading, checks = self.weather.after(canary, handoff=handoff)
        after = canary.verdict(reading)
        self.run.canaries.append(weather.canary_record(waiting[-1].order, after_start, "after", reading, after,
                                                       0.0, checks))
        judged = [(measured, self._record(measured, after)) for measured in waiting]
        steady = self._steady(canary, cadence, reading, any(flagged for _, flagged in judged))
        cadence.streak = cadence.streak + 1 if steady else 0
        cadence.last = reading if steady else None
        return judged

    def settle_all(self):
        """settle() for every canary with trials waiting: a round's end, a stop, a Ctrl-C."""
        return [judged for canary in list(self.cadences) for judged in self.settle(canary)]

    def _steady(self, canary, cadence, reading, flagged):
        """Whether a reading after trials continues the streak: no trial flagged, a
        trial may start on it, and the handoff state as before (a reading that does
        not check it keeps the last state known). A new state starts a new streak."""
        known = cadence.state
        if reading.handoff is not None:
            cadence.state = canary.verdict(reading)[1]
        if flagged or not self.weather.good_enough(canary, reading):
            return False
        return reading.handoff is None or known is None or known == cadence.state

    def _reading_before(self, point, order, canary, first):
        """The reading before a trial, waiting for the machine if need be: its verdict."""
        run = self.run
        sensitive = point.handoff_sensitive
        before_start = self.clock.elapsed()
        had_allowance = self.weather.allowance_left() > 0
        had_handoff_allowance = self.weather.handoff_allowance_left() > 0
        reading, waited, checks = self.weather.wait(canary, handoff=sensitive, first=first)
        if had_allowance and self.clock.allowance_spent():
            run.budget.setdefault("wait_allowance_spent_s", self.clock.elapsed())
        if sensitive and had_handoff_allowance and self.weather.handoff_allowance_left() <= 0:
            run.budget.setdefault("handoff_wait_spent_s", self.clock.elapsed())
        verdict = canary.verdict(reading)
        run.canaries.append(weather.canary_record(order, before_start, "before", reading, verdict, waited, checks))
        return verdict

    @staticmethod
    def window_order(point, trial):
        """The sequential and the parallel window of a trial, in turns: seq first in
        even trials, par first in odd ones. Whichever runs first after the canary
        (and any waiting) can run slow on this VM; always seq first would put that
        on seq alone, which reads as speedup (docs/method.md)."""
        pair = (("seq", 1, point.threads * point.calls), ("par", point.threads, point.calls))
        return pair if trial % 2 == 0 else pair[::-1]

    def _windows(self, point, trial):
        runner = self.runners[point.id]
        measured = []
        for kind, threads, calls in self.window_order(point, trial):
            stall = self.config.stall_injector(point, trial, kind) if self.config.stall_injector else 0.0
            start = self.clock.elapsed()
            with workloads.foreign_errors(point, passing=SwiftUnavailable):
                window = runner.window(threads, calls, self.config.chunks, stall)
            measured.append((kind, start, window, calls))
        return measured

    def _record(self, measured, after):
        """Adds a judged trial's windows to the run; returns whether it is flagged."""
        point, before = measured.point, measured.before
        sensitive = point.handoff_sensitive
        flagged = False
        for kind, start, window, calls in measured.windows:
            record = analysis.window_record(point, measured.trial, measured.order, kind, start, measured.warmup,
                                            window, windows.chunk_sizes(calls, self.config.chunks))
            # A point the handoff does not touch ignores a handoff check made for the block's other trials.
            record.update(capacity_ok=before[0] and after[0], handoff_ok=not sensitive or (before[1] and after[1]),
                          handoff_state=states.trial_state(before[1], after[1]) if sensitive else None)
            self.run.windows.append(record)
            flagged = flagged or analysis.window_flag(record) is not None
        return flagged
