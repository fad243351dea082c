"""Randomized multiple interleaved trials (Abedi & Brecht, ICPE 2017). A trial
is one measurement of one point; each round runs every point once in a fresh
random order, so a burst of host noise costs a point one trial, not all of them.
Two trials of one point are never adjacent while another point is left to run;
a trial may be put off to a later position (Schedule.defer)."""
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Trial:
    point: int    # index of the point in the sweep's list
    warmup: bool  # the first round: measured, kept in the raw data, left out of every estimate
    deferrals: int = 0  # how often it was put off before being measured


class Schedule:
    def __init__(self, points=0, repeats=0, seed=0, warmups=1):
        """points: how many points (counted 0..points-1); repeats: measured rounds of
        them, after `warmups` warm-up rounds. More rounds, of any points, can be added
        later with add_round, also while the schedule is being iterated."""
        self.rng = random.Random(seed)
        self.pending = []
        self.position = 0
        self.round_length = points
        self.last_point = None  # the point of the last trial that ran (was not deferred)
        self._point_before = None
        for round_index in range(warmups + repeats if points else 0):
            self.add_round(range(points), warmup=round_index < warmups)

    def add_round(self, point_ids, warmup=False):
        """Appends a round: every point of point_ids once, in a fresh random order
        that does not begin with the point the schedule ends with now."""
        order = list(point_ids)
        self.rng.shuffle(order)
        previous = self.pending[-1].point if self.pending else self.last_point
        if len(order) > 1 and order[0] == previous:  # the round boundary may not repeat a point
            swap = self.rng.randrange(1, len(order))
            order[0], order[swap] = order[swap], order[0]
        self.pending += [Trial(point, warmup) for point in order]
        self.round_length = len(order)

    def __iter__(self):
        while self.position < len(self.pending):
            self._keep_apart()
            trial = self.pending[self.position]
            self.position += 1
            self._point_before, self.last_point = self.last_point, trial.point
            yield trial

    def _keep_apart(self):
        """If the next trial has the point that ran last (a trial between them was
        deferred), brings the first later trial of another point forward."""
        if self.pending[self.position].point != self.last_point:
            return
        for index in range(self.position + 1, len(self.pending)):
            if self.pending[index].point != self.last_point:
                self.pending.insert(self.position, self.pending.pop(index))
                return

    def requeue(self, point):
        """Adds another measured trial of `point` at a random later position."""
        self._insert_later(Trial(point, False))

    def defer(self, trial):
        """Puts the trial just yielded, which did not run, off to a random later position."""
        self.last_point = self._point_before
        self._insert_later(Trial(trial.point, trial.warmup, trial.deferrals + 1))

    def _insert_later(self, trial):
        """Inserts at a random later position with no trial of the same point on
        either side, if there is one."""
        point = trial.point
        upcoming = self.pending[self.position:]
        allowed = [index for index in range(1, len(upcoming) + 1)
                   if upcoming[index - 1].point != point and (index == len(upcoming) or upcoming[index].point != point)]
        index = self.rng.choice(allowed) if allowed else len(upcoming)
        self.pending.insert(self.position + index, trial)

    def remaining(self):
        return len(self.pending) - self.position

    def total(self):
        return len(self.pending)
