"""When a point has been measured enough: the rule, read at round ends at a few
clean-trial counts on the interval stats.expansion widens for few trials, and the
rounds that follow (active points only, padded, then a closing round over the
points let go early). A point estimated per machine state (states.py) is measured
enough when each state holding a fair share of its trials is. docs/method.md says
why each part is there."""
import random
from dataclasses import dataclass

from .report import CEILING_FRACTION, TARGET_SPEEDUP

HALF_WIDTH = 0.10
NEAR_LINE_HALF_WIDTH = 0.06
NEAR_LINE_MIN_TRIALS = 8
#: A state holding less than this share of a point's clean trials does not keep it
#: measured: the host was rarely in it while the point was, and may never be again.
MINOR_STATE_SHARE = 0.25
#: The fewest points a round holds: shorter rounds are padded with stopped points,
#: so the host's bad stretches (seconds) still fall on several points, not on one.
ROUND_AT_LEAST = 6

SETTLED = "settled"
CAPPED = "capped"


def look_counts(first, cap):
    """The clean-trial counts at which the rule is read: first, first + 1, then every
    even count up to cap, and cap itself (5, 16 -> 5, 6, 8, 10, 12, 14, 16)."""
    counts = {first, min(first + 1, cap), cap}
    counts.update(range(first + 2 + (first % 2), cap, 2))
    return tuple(sorted(c for c in counts if first <= c <= cap))


def following_look(looks, count):
    """The first look past `count` clean trials; past the last one, one that never comes."""
    return next((c for c in looks if c > count), looks[-1] + 1)


def lines_near(ceiling):
    """The speedups at which a point's crossovers are read: 1.5x, and 90% of the
    ceiling's estimate at its knob (`ceiling`, None where there is none)."""
    return (TARGET_SPEEDUP,) + ((CEILING_FRACTION * ceiling,) if ceiling else ())


def settled(row, lines):
    """Whether a point's row (speedup, ci_lo, ci_hi, clean) is measured well enough."""
    half = (row.ci_hi - row.ci_lo) / 2 - 1e-9  # a width of exactly the limit passes, rounding aside
    if any(row.ci_lo <= line <= row.ci_hi for line in lines):
        return row.clean >= NEAR_LINE_MIN_TRIALS and half <= NEAR_LINE_HALF_WIDTH
    return half <= HALF_WIDTH


def judged(rows):
    """The rows of one point (one per state) the rule reads: each holding at least
    MINOR_STATE_SHARE of the point's clean trials."""
    total = sum(row.clean for row in rows)
    return [row for row in rows if total and row.clean >= MINOR_STATE_SHARE * total]


@dataclass
class Stopped:
    why: str          # SETTLED or CAPPED
    rounds: int       # the rounds it had been in
    intervals: dict   # state -> (ci_lo, ci_hi) of its rows when it stopped


def left(row, intervals):
    """Whether a row's estimate lies outside the interval its state had (or its state had none)."""
    low, high = intervals.get(row.state, (None, None))
    return low is None or not low <= row.speedup <= high


class Stopping:
    """Which points the next round measures. `round_ended(rows)` after every round,
    with the rows of the run's analysis so far: {point id: [its rows]}."""

    def __init__(self, point_ids, first_look, cap, seed, ceiling_of=lambda point_id, rows: None):
        self.looks = look_counts(first_look, cap)
        self.cap = cap
        self.active = list(point_ids)
        self.all = list(point_ids)
        self.rounds = dict.fromkeys(point_ids, 0)  # rounds each point has been in
        self.next_look = dict.fromkeys(point_ids, self.looks[0])  # clean trials at which the rule is read next
        self.stopped = {}                          # point id -> Stopped
        self.reopened = 0
        self.closed = False  # whether the last round over every point has been handed out
        self.padding = set()  # stopped points in the round under way
        self.rng = random.Random(seed)
        self.ceiling_of = ceiling_of  # (point id, rows) -> the ceiling's speedup at its knob, or None

    def add(self, point_ids):
        """Points that join the run now (a refined grid's): active, looked at like the others."""
        for point_id in point_ids:
            self.all.append(point_id)
            self.active.append(point_id)
            self.rounds[point_id] = 0
            self.next_look[point_id] = self.looks[0]

    def retire(self, point_ids):
        """Points that can no longer be measured (their runtime was lost): out of every round."""
        gone = set(point_ids)
        self.active = [p for p in self.active if p not in gone]
        self.all = [p for p in self.all if p not in gone]
        for point_id in gone:
            self.stopped.pop(point_id, None)

    def next_round(self):
        """The point ids of the next round (active ones, padded), or [] when every point is done."""
        if not self.active:
            settled_early = [p for p in self.all if p in self.stopped and self.stopped[p].why == SETTLED]
            if self.closed or not settled_early:
                return []
            self.closed = True
            self.padding = set(settled_early)
            return settled_early
        chosen = list(self.active)
        idle = [p for p in self.all if p in self.stopped]
        self.rng.shuffle(idle)
        self.padding = set(idle[:max(0, ROUND_AT_LEAST - len(chosen))])
        return chosen + sorted(self.padding)

    def round_ended(self, rows):
        """rows: {point id: [Row]}. Stops the active points the rule lets go, and reopens
        padded ones whose estimate left their interval (or that gained a state the rule reads)."""
        for point_id in self.active + sorted(self.padding):
            self.rounds[point_id] += 1
        for point_id in sorted(self.padding):
            found, before = rows.get(point_id, []), self.stopped[point_id]
            if any(left(row, before.intervals) for row in judged(found)):
                del self.stopped[point_id]
                self.active.append(point_id)
                self.next_look[point_id] = following_look(self.looks, sum(row.clean for row in found))
                self.reopened += 1
        self.padding = set()
        still = []
        for point_id in self.active:
            found = rows.get(point_id, [])
            if self.rounds[point_id] >= self.cap:
                self._stop(point_id, CAPPED, found)
            elif sum(row.clean for row in found) >= self.next_look[point_id] and self._look(point_id, found, rows):
                self._stop(point_id, SETTLED, found)
            else:
                still.append(point_id)
        self.active = still

    def _look(self, point_id, found, rows):
        """Reads the rule for a point at its clean trials (all states); the next look is the first count past them."""
        self.next_look[point_id] = following_look(self.looks, sum(row.clean for row in found))
        read = judged(found)
        lines = lines_near(self.ceiling_of(point_id, rows))
        return bool(read) and all(settled(row, lines) for row in read)

    def _stop(self, point_id, why, found):
        intervals = {row.state: (row.ci_lo, row.ci_hi) for row in found}
        self.stopped[point_id] = Stopped(why, self.rounds[point_id], intervals)

    def summary(self):
        """What the rule did, for sweep.json: points settled and capped, reopened, rounds."""
        whys = [s.why for s in self.stopped.values()]
        return {"settled": whys.count(SETTLED), "capped": whys.count(CAPPED), "active": len(self.active),
                "reopened": self.reopened, "closing_round": self.closed}
