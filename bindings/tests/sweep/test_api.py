"""The sweep's entry points, which the CLI is a thin shell over: a run's folder and
report written also when it is interrupted, a folder re-analysed from its raw
windows, two runs compared with a trust line first, and a foreign callable's
config made only after its limits, its target and its modes are checked. They
raise, never exit. The sweep itself is a stand-in here (test_engine.py runs it)."""
import json

import pytest

from gilsweep.core import workloads
from gilsweep.core.target import ProbeError
from gilsweep.probe import parallel
from gilsweep.sweep import api, report, results
from gilsweep.sweep.config import SweepConfig
from gilsweep.sweep.schema import Point
from helpers import trial_windows

CONFIG = SweepConfig(workloads=["churn"], modes=["python-hold", "python-release"], threads=[2],
                     knobs={"churn": [10, 1000]}, forecast_s=0)


def a_run(release_speedup=1.6):
    """python-hold and python-release on churn at two knobs, six trials each, hold reading 1.0x."""
    points, windows = [], []
    for mode, speedup in (("python-hold", 1.0), ("python-release", release_speedup)):
        for knob in (10, 1000):
            point = Point(id=len(points), runtime="python", mode=mode, workload="churn", knob=knob, threads=2,
                          calls=100)
            points.append(point)
            for trial in range(1, 7):
                seq = 1e-6 * knob
                windows += trial_windows(point.id, trial, seq, seq / speedup * (1 + 0.001 * trial))
    return results.Run(metadata=results.machine_metadata(None), seed=5, config=CONFIG.as_dict(), points=points,
                       windows=windows, complete=True)


def saved(folder, run):
    results.ResultsFolder(str(folder)).save(run)
    return str(folder)


@pytest.fixture
def drawn(monkeypatch):
    """report.plot stubbed (the drawing is test_report.py's): the paths it was asked to draw."""
    asked = []

    def plot(rows, path_without_extension, *args):
        asked.append(path_without_extension)
        return [path_without_extension + ".png", path_without_extension + ".svg"]

    monkeypatch.setattr(report, "plot", plot)
    return asked


class FakeSweep:
    """engine.Sweep's interface: saves one round of a_run, then finishes or is interrupted."""
    made = []
    interrupt = False

    def __init__(self, config, swift_binary, save, metadata, progress):
        self.config, self.swift_binary, self.save, self.metadata, self.progress = (
            config, swift_binary, save, metadata, progress)
        self.run_data = a_run()
        self.run_data.complete = False
        FakeSweep.made.append(self)

    def run(self):
        self.save(self.run_data)
        if self.interrupt:
            raise KeyboardInterrupt
        self.run_data.complete = True
        self.save(self.run_data)
        return self.run_data


@pytest.fixture
def fake_sweep(monkeypatch):
    FakeSweep.made, FakeSweep.interrupt = [], False
    monkeypatch.setattr(api, "Sweep", FakeSweep)
    return FakeSweep


def test_a_sweep_writes_its_folder_and_report_and_returns_its_rows(tmp_path, fake_sweep, drawn):
    out = str(tmp_path / "run")
    progress = object()
    run, rows, paths = api.run_sweep(CONFIG, out, None, progress=progress)
    (sweep,) = fake_sweep.made
    assert sweep.config is CONFIG and sweep.swift_binary is None and sweep.progress is progress
    assert sweep.metadata["swift_version"] is None and "gil_enabled" in sweep.metadata  # the machine, read once
    assert run is sweep.run_data and rows == run.analyze()[0] and len(rows) == 4
    assert paths == [str(tmp_path / "run" / "summary.md"), out + "/sweep.png", out + "/sweep.svg"]
    assert drawn == [out + "/sweep"]
    assert sorted(p.name for p in (tmp_path / "run").iterdir()) == ["summary.md", "sweep.csv", "sweep.json"]
    assert json.loads((tmp_path / "run" / "sweep.json").read_text())["complete"] is True
    assert results.load(out).analyze()[0] == rows


def test_an_interrupted_sweep_keeps_what_it_measured_and_its_report(tmp_path, fake_sweep, drawn):
    fake_sweep.interrupt = True
    with pytest.raises(KeyboardInterrupt):
        api.run_sweep(CONFIG, str(tmp_path / "run"), None)
    assert json.loads((tmp_path / "run" / "sweep.json").read_text())["complete"] is False
    assert (tmp_path / "run" / "summary.md").read_text().startswith("**untrustworthy**: the run was interrupted; ")
    assert drawn == [str(tmp_path / "run" / "sweep")]


def test_a_sweep_never_overwrites_a_run(tmp_path, fake_sweep, drawn):
    folder = saved(tmp_path / "run", a_run())
    before = (tmp_path / "run" / "sweep.json").read_bytes()
    with pytest.raises(results.ResultsError, match=r"already holds a run \(sweep.json\); choose another --out or "
                                                   "remove it$"):
        api.run_sweep(CONFIG, folder, None)
    assert fake_sweep.made == [] and drawn == []  # refused before measuring
    assert (tmp_path / "run" / "sweep.json").read_bytes() == before


def test_replot_recomputes_the_csv_and_the_report_from_the_raw_windows(tmp_path, drawn):
    folder = saved(tmp_path / "run", a_run())
    rows = results.load(folder).analyze()[0]
    (tmp_path / "run" / "sweep.csv").unlink()
    (tmp_path / "run" / "summary.md").write_text("stale")
    paths = api.replot(folder)
    assert paths == [folder + "/summary.md", folder + "/sweep.png", folder + "/sweep.svg"]
    assert (tmp_path / "run" / "sweep.csv").exists() and results.load(folder).analyze()[0] == rows
    summary = (tmp_path / "run" / "summary.md").read_text()
    assert summary != "stale" and "python-release" in summary


def test_replot_of_a_folder_without_a_run_raises(tmp_path, drawn):
    with pytest.raises(results.ResultsError, match=rf"^no sweep.json in {tmp_path}$"):
        api.replot(str(tmp_path))
    assert drawn == []


def test_two_runs_are_compared_with_a_trust_line_first_and_nothing_written_without_out(tmp_path):
    a, b = saved(tmp_path / "a", a_run()), saved(tmp_path / "b", a_run(release_speedup=1.2))
    trust, table, verdict, figures = api.compare_runs(a, b)
    reason = "4 of 4 points stable; no swift-threads ceiling to check against"
    assert trust == f"trustworthy: both runs are (A: {reason}; B: {reason})"
    assert verdict.startswith("the runs differ") and "| python-release |" in table
    assert figures["paths"] == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]  # no side-by-side.md anywhere
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["sweep.csv", "sweep.json"]
    _, _, verdict, _ = api.compare_runs(a, a)
    assert verdict.startswith("the runs agree")
    interrupted = a_run()
    interrupted.complete = False
    trust, _, _, _ = api.compare_runs(a, saved(tmp_path / "c", interrupted))
    assert trust == (f"untrustworthy: run B is not an answer (B: the run was interrupted; {reason}); a difference "
                     "between them says little")


def test_the_sides_are_the_two_runs_named_a_and_b(tmp_path):
    run_a, run_b = a_run(), a_run(release_speedup=1.2)
    side_a, side_b = api.sides(run_a, run_b)
    assert (side_a.name, side_b.name) == ("A", "B")
    assert side_a.rows == run_a.analyze()[0] and side_b.rows == run_b.analyze()[0]
    assert side_a.metadata is run_a.metadata and side_b.trust == run_b.verdict()


@pytest.fixture
def foreign(monkeypatch):
    """workloads.FOREIGN for one test; the probe answers from a stand-in, never the machine."""
    monkeypatch.setattr(workloads, "FOREIGN", {})
    asked = []

    class Prober:
        def __init__(self, target):
            self.target = target

        def decide(self, n):
            asked.append((self.target.spec, n))
            return type("Decision", (), {"as_dict": lambda self: {"releases": n >= 100}})()

    monkeypatch.setattr(parallel, "prober_for", Prober)
    return asked


def test_a_foreign_callable_is_probed_at_every_knob_and_swept_in_the_modes_that_apply(foreign):
    config = api.foreign_config("builtins:divmod", "(n, 7)", [10, 100], modes=["processes", "python-hold", "threads"],
                                threads=[2], max_wait_s=0, repeats=3)
    assert isinstance(config, SweepConfig) and foreign == [("builtins:divmod", 10), ("builtins:divmod", 100)]
    assert config.workloads == ["builtins:divmod"] and config.modes == ["processes", "threads"]
    assert config.knobs == {"builtins:divmod": [10, 100]} and (config.threads, config.repeats) == ([2], 3)
    assert config.foreign == {"target": "builtins:divmod", "arg": "(n, 7)",
                              "verdicts": {"10": {"releases": False}, "100": {"releases": True}}}
    assert workloads.FOREIGN["builtins:divmod"].arguments(23) == (23, 7)
    assert api.foreign_config("builtins:divmod", "(n, 7)", [5], threads=[2]).modes == ["threads", "processes"]


def test_a_foreign_callables_limits_are_checked_before_it_is_resolved_or_probed(foreign):
    with pytest.raises(ValueError, match=r"^--threads must be between 1 and 256, got 0$"):
        api.foreign_config("builtins:divmod", "(n, 7)", [10], threads=[0])
    with pytest.raises(ValueError, match=r"^--max-wait must be between 0 and 86400 seconds, got -1$"):
        api.foreign_config("builtins:divmod", "(n, 7)", [10], threads=[2], max_wait_s=-1)
    with pytest.raises(ValueError, match=r"^--max-time must be between 30 and 86400 seconds \(0: no limit\), got 5$"):
        api.foreign_config("builtins:divmod", "(n, 7)", [10], threads=[2], max_time_s=5)
    assert workloads.FOREIGN == {} and foreign == []


def test_a_foreign_callable_that_does_not_resolve_is_never_probed(foreign):
    with pytest.raises(ProbeError, match=r"^math:pi is not callable \(it is a float\)$"):
        api.foreign_config("math:pi", "n", [10], threads=[2])
    assert foreign == []


def test_modes_that_do_not_apply_to_a_callable_are_refused_naming_the_ones_that_do(foreign):
    with pytest.raises(ValueError, match=r"^none of the modes python-hold, swift-threads applies to a callable; "
                                         "use threads, processes$"):
        api.foreign_config("builtins:divmod", "(n, 7)", [10], modes=["python-hold", "swift-threads"], threads=[2])
