"""What `gilsweep latency` and `gilsweep gc-pause` share: the victim (the main
thread, on the first CPU) measured in one phase alone and one next to the load
(on the other CPUs), in random order, per trial; points in a fresh order every
round, the canary read around each trial, trials on too few cores flagged and
kept, and on Ctrl-C the trials so far saved (docs/latency.md)."""
import contextlib
import json
import os
import random
import time

from ..core import canary as canary_module
from ..core import modes, weather, windows, workloads
from ..core.metadata import ResultsError
from ..core.registry import REGISTRY
from . import load as load_module


class PhasedRun:
    """A run's plan, schedule and phases; a subclass says what a phase measures
    (measure_phase) and may add variants of each point (variants), set up the
    interpreter for a trial (prepare) and keep something open for the whole run
    (session)."""

    #: A load call longer than this is not measured.
    MAX_CALL_SECONDS = 0.1

    def __init__(self, config, progress=None, status=lambda text: None):
        self.config, self.progress, self.status = config, progress, status
        self.started = time.monotonic()
        self.points, self.trials, self.skipped = [], [], []
        self.ctypes_kernels = None
        self.weather = None

    def clock(self):
        return time.monotonic() - self.started

    # What a subclass may change.
    def variants(self):
        return ({},)

    def prepare(self, point):
        pass

    def session(self):
        return contextlib.nullcontext()

    def measure_phase(self, point, rng, context):
        raise NotImplementedError

    def finish(self):
        pass

    def label(self, point):
        return f"{point['mode']} knob={point['knob']}"

    # The shared run.
    def _plan(self):
        if modes.CTYPES in self.config.modes:
            self.ctypes_kernels = workloads.CtypesKernels()
        for mode in self.config.modes:
            if not modes.applies(mode, self.config.workload):
                continue
            for knob in self.config.knobs:
                if mode == modes.CTYPES and REGISTRY[self.config.workload].ctypes_call is None:  # not for a callable
                    continue
                function, args = load_module.call_of(mode, self.config.workload, knob, self.ctypes_kernels)
                call_s = load_module.call_seconds(function, args, repeats=1)
                if call_s > self.MAX_CALL_SECONDS:
                    self.skipped.append({"mode": mode, "knob": knob, "call_s": call_s})
                    continue
                call_s = min(call_s, load_module.call_seconds(function, args))
                for variant in self.variants():
                    self.points.append({"id": len(self.points), "mode": mode, "workload": self.config.workload,
                                        "knob": knob, **variant, "call_s": call_s})

    def run(self):
        rng = random.Random(self.config.seed)
        canary = canary_module.Canary(min(self.config.workers + 1, 2))
        self.weather = weather.Weather(self.clock, self.config.max_wait_s, status=self.status)
        try:
            self._plan()
            with self.session() as context:
                total = self.config.repeats * len(self.points)
                for trial in range(self.config.repeats):
                    for point in rng.sample(self.points, len(self.points)):
                        self.weather.wait(canary, handoff=False)
                        record = {"point": point["id"], "trial": trial, "start_s": self.clock(),
                                  "loaded_first": rng.random() < 0.5}
                        self._trial(point, record, rng, context)
                        self.trials.append(record)
                        reading, _ = self.weather.after(canary, handoff=False)
                        record["capacity_ok"] = bool(canary.verdict(reading)[0])
                        if self.progress:
                            self.progress.step(len(self.trials), total, self.label(point))
        finally:
            self.finish()
            if self.ctypes_kernels is not None:
                self.ctypes_kernels.close()
        return self

    def _trial(self, point, record, rng, context):
        """The two phases, the victim pinned to the first CPU (unpinned again
        before the canary reads) and the load's threads on the next ones."""
        self.prepare(point)
        pinned = len(windows.ALLOWED_CPUS) > 1
        if pinned:
            windows.pin(0)
        try:
            for phase in (("loaded", "alone") if record["loaded_first"] else ("alone", "loaded")):
                if phase == "alone":
                    record[phase] = self.measure_phase(point, rng, context)
                    continue
                with load_module.make_load(point["mode"], point["workload"], point["knob"], self.config.workers,
                                           self.ctypes_kernels, 1 if pinned else None,
                                           getattr(self.config, "foreign", None)):
                    record[phase] = self.measure_phase(point, rng, context)
        finally:
            if pinned:
                windows.unpin()


def run_and_save(run, save, head):
    """Runs `run`, then writes its document with save(document) whatever
    happened (Ctrl-C included); returns (document, paths written)."""
    complete = False
    try:
        run.run()
        complete = True
    finally:
        document = {**head, "complete": complete, "points": run.points, "skipped": run.skipped,
                    "trials": run.trials, "timeline": run.weather.timeline if run.weather else [],
                    "took_s": run.clock()}
        paths = save(document)
    return document, paths


def write_document(folder, json_name, document):
    """Writes the run's JSON into folder (a temporary file, then renamed, so a
    reader never sees half of it); returns its path."""
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, json_name)
    with open(path + ".tmp", "w") as out:
        json.dump(document, out)
    os.replace(path + ".tmp", path)
    return path


def read_document(folder, json_name, kind, format_version, what):
    """The run's JSON from folder, checked: its kind, its format version and the
    keys every reader needs; a ResultsError with one line otherwise."""
    path = os.path.join(folder, json_name)
    try:
        with open(path) as source:
            document = json.load(source)
    except FileNotFoundError:
        raise ResultsError(f"{folder} holds no {json_name}: not a {what} run") from None
    except (OSError, json.JSONDecodeError) as error:
        raise ResultsError(f"cannot read {path}: {error}") from None
    if not isinstance(document, dict) or document.get("kind") != kind:
        raise ResultsError(f"{path} is not a {what} run")
    if document.get("format_version") != format_version:
        raise ResultsError(f"{path} has format_version {document.get('format_version')!r}; "
                           f"this gilsweep reads {format_version}")
    for key in ("points", "trials", "config", "machine"):
        if key not in document:
            raise ResultsError(f"{path} has no {key!r}")
    return document
