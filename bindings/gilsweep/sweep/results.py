"""One results folder per run. sweep.json holds everything measured (every
window and canary, raw) and is rewritten after every round, so an interrupted
sweep keeps all it finished; sweep.csv holds the per-point rows derived from it."""
import csv
import json
import os
from dataclasses import asdict, dataclass, field

from ..core import states, weather
from ..core.metadata import ResultsError, machine_metadata  # noqa: F401  (the folder's public names)
from . import analysis, verdict
from .schema import COLUMNS, FORMAT_VERSION, READABLE_VERSIONS, WINDOW_KEYS


@dataclass
class Run:
    """Everything one sweep measured, raw."""
    metadata: dict
    seed: int
    config: dict = field(default_factory=dict)
    points: list = field(default_factory=list)    # schema.Point
    windows: list = field(default_factory=list)   # dicts with schema.WINDOW_KEYS
    canaries: list = field(default_factory=list)  # dicts with schema.CANARY_KEYS
    #: Every canary reading with its time (schema.TIMELINE_KEYS): the machine's weather over the run.
    timeline: list = field(default_factory=list)
    #: The first seconds' reading of the machine (weather.Forecast.as_dict), if any.
    forecast: dict = None
    complete: bool = False
    #: What the run's budgets cut: past_budget_s (when its measuring time passed the budget),
    #: stable_units_skipped, requeues_skipped, extra_rounds_skipped, and if the run stopped early,
    #: stopped_s, stopped_by (max_time, measuring_cap or waiting_allowance) and units_skipped;
    #: wait_allowance_spent_s; and handoff_deferrals, how often a
    #: trial was put off while the GIL handoff was slow.
    budget: dict = field(default_factory=dict)
    _analysis: tuple = field(default=None, repr=False, compare=False)
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def analyze(self):
        """(rows, point extras), computed once per state of the run: windows are
        only ever appended, so their count says whether anything changed, and
        then only the points with new windows are estimated again (the memo).
        (The bootstrap over every point takes about a second; a sweep saves after
        every round and then writes its report from the same windows.)"""
        key = (id(self.points), len(self.points), len(self.windows))
        if self._analysis is None or self._analysis[0] != key:
            if self._analysis is not None and self._analysis[0][:2] != key[:2]:
                self._memo.clear()  # other points: nothing to reuse
            self._analysis = (key, analysis.analyze(self.points, self.windows, self.seed, self._memo))
        return self._analysis[1]

    def state_verdicts(self):
        """{state: verdict.Verdict} for each GIL-handoff state the run has rows for
        (states.views: {states.NONE: ...} for a run with none), each judged on
        that state's view of the rows."""
        rows, extras = self.analyze()
        trials = analysis.trials_by_point(self.windows)
        return {state: verdict.judge(self, view, analysis.stable_in(self.points, extras, state), len(self.points),
                                     analysis.halves(self.points, trials, state))
                for state, view in states.views(rows).items()}

    def verdict(self):
        """Whether this run is an answer (verdict.Verdict), from its rows and weather: per state, combined."""
        return verdict.combine(self.state_verdicts(), weather.handoff_shares(self.timeline))

    def noise_counts(self):
        """How often the machine got in the way: stalled windows, trials measured
        on too little capacity or with a slow GIL handoff, and canaries that had to wait."""
        return {
            "windows": len(self.windows),
            "stalled_windows": sum(analysis.window_flag(w) == "stall" for w in self.windows),
            "imbalanced_windows": sum(analysis.window_flag(w) == "imbalance" for w in self.windows),
            "capacity_units": len({(w["point"], w["trial"]) for w in self.windows if not w["capacity_ok"]}),
            "handoff_units": len({(w["point"], w["trial"]) for w in self.windows
                                  if analysis.window_flag(w) == "handoff"}),
            "handoff_deferrals": self.budget.get("handoff_deferrals", 0),
            "handoff_shares": weather.handoff_shares(self.timeline),
            "state_trials": self.state_trials(),
            "handoff_wait_spent_s": self.budget.get("handoff_wait_spent_s"),
            "capacity_waits": sum(1 for c in self.canaries if c["checks"] > 1),
            "capacity_wait_s": sum(c["waited_s"] for c in self.canaries),
            "healthy_share": weather.healthy_share(self.timeline or self.canaries),
            "past_budget_s": self.budget.get("past_budget_s"),
            "stable_units_skipped": self.budget.get("stable_units_skipped", 0),
            "wait_allowance_spent_s": self.budget.get("wait_allowance_spent_s"),
            "requeues_skipped": self.budget.get("requeues_skipped", 0),
            "extra_rounds_skipped": self.budget.get("extra_rounds_skipped", 0),
            "stopped_s": self.budget.get("stopped_s"),
            "stopped_by": self.budget.get("stopped_by"),
            "units_skipped": self.budget.get("units_skipped", 0),
            "stopping": self.budget.get("stopping"),
            "refined_points": self.budget.get("refined_points"),
        }


    def state_trials(self):
        """{state: trials of handoff-sensitive points measured in it} (mixed: the state changed during the trial)."""
        found = {}
        for window in self.windows:
            if window.get("handoff_state") and window["kind"] == "seq" and not window["warmup"]:
                found[window["handoff_state"]] = found.get(window["handoff_state"], 0) + 1
        return found


class ResultsFolder:
    def __init__(self, path, new_run=False):
        """new_run: the folder is for a run about to start, so one that already
        holds a run's sweep.json is refused instead of overwritten."""
        self.path = path
        if new_run and os.path.exists(os.path.join(path, "sweep.json")):
            raise ResultsError(f"{path} already holds a run (sweep.json); choose another --out or remove it")
        try:
            os.makedirs(path, exist_ok=True)
            probe = os.path.join(path, ".gilsweep-write-test")
            with open(probe, "w"):
                pass
            os.remove(probe)
        except OSError as error:
            raise ResultsError(f"cannot write results to {path}: {error.strerror}") from None

    def save(self, run):
        """Writes sweep.json and sweep.csv from the run as it stands; returns the rows."""
        rows, extras = run.analyze()
        document = {
            "format_version": FORMAT_VERSION,
            "complete": run.complete,
            "machine": run.metadata,
            "config": run.config,
            "seed": run.seed,
            "noise": run.noise_counts(),
            "budget": run.budget,
            "points": [asdict(point) for point in run.points],
            "windows": [dict(w, flag=analysis.window_flag(w)) for w in run.windows],
            "canaries": run.canaries,
            "timeline": run.timeline,
            "forecast": run.forecast,
            "verdict": run.verdict().as_dict(),
            "columns": list(COLUMNS),
            "rows": [row.as_dict() for row in rows],
            "point_stats": {str(point_id): value for point_id, value in extras.items()},
        }
        self._replace("sweep.json", lambda out: json.dump(document, out, separators=(",", ":")))

        def write_csv(out):
            writer = csv.DictWriter(out, fieldnames=COLUMNS)
            writer.writeheader()
            for row in rows:
                writer.writerow(row.as_dict())

        self._replace("sweep.csv", write_csv)
        return rows

    def _replace(self, name, write):
        """Never a half-written file: write beside it, then rename over it."""
        temporary = os.path.join(self.path, name + ".tmp")
        with open(temporary, "w", newline="") as out:
            write(out)
        os.replace(temporary, os.path.join(self.path, name))


#: What a sweep.json must hold to be read back (runs saved before the handoff
#: probe have no handoff_ok; flag is derived again when the run is analysed).
REQUIRED_KEYS = ("complete", "machine", "seed", "points", "windows", "canaries")
REQUIRED_WINDOW_KEYS = tuple(key for key in WINDOW_KEYS if key not in ("handoff_ok", "handoff_state", "slow_s",
                                                                       "balance", "flag"))


def load(path):
    """The Run stored in a results folder. Raises ResultsError, in one line, if
    there is none or the file is not a gilsweep run of this format."""
    json_path = os.path.join(path, "sweep.json")
    if not os.path.exists(json_path):
        raise ResultsError(f"no sweep.json in {path}")
    try:
        with open(json_path) as source:
            document = json.load(source)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ResultsError(f"cannot read {json_path}: {error}") from None
    if not isinstance(document, dict):
        raise ResultsError(f"{json_path} is not a gilsweep run: it holds a JSON {type(document).__name__}, "
                           "not an object")
    version = document.get("format_version")
    if version not in READABLE_VERSIONS:
        raise ResultsError(f"{json_path} has format_version {version!r}; this gilsweep reads "
                           f"{' and '.join(map(str, READABLE_VERSIONS))} (raw windows are needed to re-analyse a run)")
    problem = shape_problem(document)
    if problem:
        raise ResultsError(f"{json_path} is not a gilsweep run: {problem}")
    try:
        points = analysis.points_from_records(document["points"])
    except TypeError as error:
        raise ResultsError(f"{json_path} is not a gilsweep run: a point record does not fit: {error}") from None
    return Run(metadata=document["machine"], seed=document["seed"], config=document.get("config") or {},
               points=points, windows=document["windows"], canaries=document["canaries"],
               complete=document["complete"], budget=document.get("budget") or {},
               timeline=document.get("timeline") or [], forecast=document.get("forecast"))


def shape_problem(document):
    """What keeps a document of a readable version from being read as a run, or None."""
    missing = [key for key in REQUIRED_KEYS if key not in document]
    if missing:
        return f"no {', '.join(missing)}"
    for key in ("points", "windows", "canaries"):
        if not isinstance(document[key], list) or not all(isinstance(item, dict) for item in document[key]):
            return f"{key} is not a list of records"
    ids = {point.get("id") for point in document["points"]}
    for index, window in enumerate(document["windows"]):
        missing = [key for key in REQUIRED_WINDOW_KEYS if key not in window]
        if missing:
            return f"window {index} has no {', '.join(missing)}"
        if window["point"] not in ids:
            return f"window {index} is of point {window['point']!r}, which the run does not have"
        if not all(isinstance(window[key], (int, float)) for key in ("wall_s", "in_call_s", "max_chunk_s")):
            return f"window {index} has a time that is not a number"
    return None
