"""The run: Beazley's strong scaling (T threads making `calls` calls each,
against one thread making T * calls; speedup = T_seq / T_par), measured as
randomized multiple interleaved trials (schedule.py) with stall and capacity
detection (canary.py), waiting for the machine on a bad day (weather.py).
Python owns calibration, the schedule and the statistics; the runners
(runners.py) only time windows."""
import dataclasses
import os
import random
from dataclasses import dataclass, field

from ..core import canary as canary_module
from ..core import modes, states, weather, workloads
from ..core.runners import RunnerFactory, calls_per_window
from ..core.schedule import Schedule
from ..core.swift_worker import SwiftUnavailable
from ..core.ui import Progress
from . import analysis, config, grid
from .results import Run
from .schema import Point
from .stopping import Stopping
from .trials import Trials

#: How often a trial that finds the handoff slow is put off to a later position
#: before it waits and is measured, while the run may still wait for a normal
#: handoff (config.HANDOFF_WAIT_SECONDS). The state lasts seconds to minutes, so
#: trials that do not care go first meanwhile; past that allowance a trial is
#: measured in the state there is and estimated with that state's trials (states.py).
MAX_DEFERRALS = 3


@dataclass
class RunState:
    """What the schedule loop carries from trial to trial."""
    canaries: dict                                # threads -> canary.Canary
    requeues: list = field(default_factory=list)  # per point: flagged trials measured again
    trials: list = field(default_factory=list)    # per point: the next trial number
    order: int = 0                                # the next trial's place in the run


class Sweep:
    """One run: builds the points, calibrates them, then runs the schedule.
    `save(run)` is called after every round and at the end (also on Ctrl-C)."""

    def __init__(self, sweep_config, swift_binary, save=lambda run: None, metadata=None, progress=None):
        self.config = sweep_config
        self.save = save
        self.progress = progress or Progress()
        self.seed = sweep_config.seed if sweep_config.seed is not None else random.SystemRandom().randrange(1 << 32)
        self.run_data = Run(metadata=metadata or {}, seed=self.seed, config=sweep_config.as_dict())
        self.swift_binary = swift_binary
        self.factory = None
        self.runners = {}
        self.status = lambda label: self.progress.step(0, 1, label)
        self.clock = config.Clock(sweep_config, self.run_data.budget)
        self.weather = weather.Weather(self.clock.elapsed, sweep_config.max_wait_s,
                                       status=lambda label: self.status(label),
                                       say=lambda line: self.progress.say(line), deadline_s=self.clock.deadline_s,
                                       handoff_wait_s=sweep_config.handoff_wait_s)
        self.clock.weather = self.weather
        self.trials = Trials(sweep_config, self.run_data, self.clock, self.weather, self.runners,
                             sweep_config.canary_block)
        self.run_data.timeline = self.weather.timeline

    # ------------------------------------------------------------ set-up

    def _specs(self, knobs):
        """Every (workload, mode, knob, threads) the config asks for at these knobs ({workload: knobs})."""
        asked = self.config
        return [(w, m, k, t) for w in asked.workloads for t in asked.threads for k in knobs[w]
                for m in asked.modes if workloads.measures(m, w, k)]

    def _calibrate(self, specs):
        """Adds a point for each (workload, mode, knob, threads), its calls per thread
        sized; returns the points added."""
        asked, run = self.config, self.run_data
        added = []
        for index, (workload, mode, knob, threads) in enumerate(specs):
            self.progress.step(index, len(specs), f"sizing the windows of {workload} {mode} knob={knob}")
            if self.factory.skipped(mode):
                continue
            runner = self.factory.runner(mode, workload, knob, threads)
            point = Point(id=len(run.points), runtime=modes.runtime_of(mode), mode=mode, workload=workload,
                          knob=knob, threads=threads, calls=0)
            try:
                with workloads.foreign_errors(point, passing=SwiftUnavailable):
                    point = dataclasses.replace(
                        point, calls=calls_per_window(runner, threads, asked.target_seconds, asked.chunks))
            except SwiftUnavailable as error:
                self.factory.swift_lost(str(error))
                continue
            if states.hands_off_often(mode, threads, asked.target_seconds / (point.calls * threads)):
                point = dataclasses.replace(point, handoff_sensitive=True)
            run.points.append(point)
            added.append(point)
            self.runners[point.id] = runner
        return added

    # -------------------------------------------------------------- run

    def run(self):
        """Measures every point; returns the Run. KeyboardInterrupt passes
        through after the windows measured so far are saved."""
        run = self.run_data
        try:
            cores = os.cpu_count() or 1
            state = RunState({t: canary_module.Canary(min(t, cores)) for t in self.config.threads})
            self._forecast(state.canaries[max(self.config.threads)])
            self.factory = RunnerFactory(self.swift_binary, modes.SWIFT_THREADS in self.config.modes)
            self._calibrate(self._specs(self.config.knobs))
            state.requeues, state.trials = [0] * len(run.points), [0] * len(run.points)
            self._run_rounds(state)
            run.complete = True
        finally:
            if not run.complete:  # a Ctrl-C inside a block: its trials are judged and kept
                self.trials.settle_all()
            if self.weather.early is not None:  # sweep.json keeps what the run said half a minute in
                run.forecast = {**(run.forecast or {}), "early": self.weather.early}
            self.progress.close()
            self.save(run)
            self.close()
        return run

    def _forecast(self, canary):
        """Reads the machine for a few seconds and says, in one line, what to expect."""
        if not self.config.forecast_s:
            return
        self.progress.step(0, 1, "reading the machine")
        forecast = self.weather.forecast(canary, self.config.forecast_s)
        self.run_data.forecast = forecast.as_dict()
        planned = config.planned_measuring_s(self.config, len(self._specs(self.config.knobs)))
        self.progress.say(weather.forecast_line(forecast, planned, self.config.max_wait_s, self.config.max_time_s))

    # ------------------------------------------------------------ schedule

    def _run_rounds(self, state):
        """Any warm-up rounds, then rounds of the points the stopping rule keeps active
        (stopping.py): every point for the first `repeats` rounds, then only those not
        yet measured well enough, up to `repeats + extra_rounds` rounds each."""
        run, asked = self.run_data, self.config
        ids = [p.id for p in run.points]
        schedule = Schedule(seed=self.seed)
        for _ in range(asked.warmup_rounds):
            schedule.add_round(ids, warmup=True)
        stopping = Stopping(ids, asked.repeats, asked.repeats + asked.extra_rounds, self.seed + 1, self._ceiling_of)
        run.budget["stopping"] = stopping.summary()
        measured_rounds = 0
        while True:
            stopping.retire(p.id for p in run.points if self.factory.skipped(p.mode))
            batch = stopping.next_round()
            if not batch:
                break
            past_first_look = measured_rounds >= asked.repeats
            if past_first_look and (self.clock.stop_reason(extra_work=False) or self.clock.allowance_spent()):
                run.budget["extra_rounds_skipped"] = max(0, asked.repeats + asked.extra_rounds - measured_rounds)
                break
            schedule.add_round(batch)
            if self._run_schedule(schedule, state) == "cap":
                # The rounds every point was to have and that were not even handed out yet.
                self.clock.count("units_skipped", max(0, asked.repeats - measured_rounds - 1) * len(batch))
                break
            measured_rounds += 1
            rows, _ = run.analyze()
            by_id = analysis.rows_by_point(run.points, rows)
            stopping.round_ended(by_id)
            if measured_rounds == asked.repeats and asked.refine_knobs and not self.clock.stop_reason(extra_work=False):
                added = self._refine(rows)
                stopping.add([p.id for p in added])
                state.requeues += [0] * len(added)
                state.trials += [0] * len(added)
            run.budget["stopping"] = stopping.summary()
            self.save(run)

    def _refine(self, rows):
        """Adds the dense knobs where the lattice's curves bend (grid.py); returns the points added."""
        have = {(p.workload, p.mode, p.knob, p.threads) for p in self.run_data.points}
        wanted = {(w, m, k, t) for w, m, t, k in grid.refinements(rows, self.config.refine_knobs)}
        added = self._calibrate(sorted(spec for spec in wanted - have if spec[1] in self.config.modes
                                       and workloads.measures(spec[1], spec[0], spec[2])))
        self.run_data.budget["refined_points"] = len(added)
        return added

    def _ceiling_of(self, point_id, rows):
        """The ceiling's speedup at a point's knob and threads (rows: {point id: [Row]}), or None."""
        point = self.run_data.points[point_id]
        if point.mode == modes.CEILING:
            return None
        found = next((rows[p.id] for p in self.run_data.points if p.id in rows and p.mode == modes.CEILING
                      and (p.workload, p.knob, p.threads) == (point.workload, point.knob, point.threads)), None)
        return found[0].speedup if found else None

    def _run_schedule(self, schedule, state):
        """Runs what the schedule holds; returns "cap" if the run must stop."""
        run = self.run_data
        still_unstable = None  # past the budget: the points that still need trials, refreshed every round
        for planned in schedule:
            reason = self.clock.stop_reason(extra_work=True)
            if reason == "cap":
                self.clock.count("units_skipped", schedule.remaining() + 1)
                self.trials.settle_all()  # judged and kept, not measured again
                return "cap"
            point = run.points[planned.point]
            if self.factory.skipped(point.mode):
                continue
            if reason == "budget":
                if still_unstable is None or schedule.position % max(1, schedule.round_length) == 0:
                    still_unstable = set(self._unstable_points())
                if point.id not in still_unstable:
                    self.clock.count("stable_units_skipped")
                    continue
            canary = state.canaries[point.threads]
            in_block = self.trials.in_block(canary, point)
            settled = [] if in_block else self.trials.settle(canary)
            first = None if in_block else self._deferrable_reading(point, planned, canary)
            if first is not None and not canary.verdict(first)[1]:
                self.weather.record(canary, first, "deferred")
                schedule.defer(planned)
                self.clock.count("handoff_deferrals")
                self._requeue_flagged(settled, schedule, state)
                continue
            trial = state.trials[point.id]
            state.trials[point.id] += 1
            self.status = lambda label: self.progress.step(schedule.position, schedule.total(), label)
            try:
                settled += self.trials.measure(point, trial, planned.warmup, state.order, canary, first, in_block,
                                               last_in_round=schedule.remaining() == 0)
            except SwiftUnavailable as error:
                self.factory.swift_lost(str(error))
                continue
            state.order += 1
            self._requeue_flagged(settled, schedule, state)
            self.progress.step(schedule.position, schedule.total(), point.label())
        self._requeue_flagged(self.trials.settle_all(), schedule, state)  # a block the round's last trials left open
        return None

    def _requeue_flagged(self, settled, schedule, state):
        """Measures the flagged trials just judged again later, each point at most max_requeues times."""
        for measured, flagged in settled:
            if not flagged or measured.warmup or state.requeues[measured.point.id] >= self.config.max_requeues:
                continue
            if self.clock.allowance_spent():
                # Measured again now, it would be measured on the same bad machine.
                self.clock.count("requeues_skipped")
            else:
                state.requeues[measured.point.id] += 1
                schedule.requeue(measured.point.id)

    def _deferrable_reading(self, point, planned, canary):
        """A canary reading for a measured trial that needs a fast GIL handoff and
        may still be put off if the handoff is slow; None for any other trial.
        (Warm-ups are measured whatever the state: they only warm up; and once the
        run may no longer wait for a normal handoff, neither is put off.)"""
        if (not point.handoff_sensitive or planned.warmup or planned.deferrals >= MAX_DEFERRALS
                or self.weather.handoff_allowance_left() <= 0):
            return None
        return self.weather.fresh(canary, handoff=True) or canary.read()

    def _unstable_points(self):
        """Ids of the points with too few clean trials or too wide an interval (or none at all)."""
        _, extras = self.run_data.analyze()
        return [p.id for p in self.run_data.points
                if not self.factory.skipped(p.mode)
                and extras.get(p.id, {"unstable": True})["unstable"]]

    def close(self):
        if self.factory:
            self.factory.close()
