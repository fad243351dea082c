"""Two runs side by side: compare matches them point by point and opens with
whether both are answers; for a GIL run and a free-threaded run the crossover
table names each build and what its modes do there, compare says the builds
differ, and `gilsweep compare --out` and `gilsweep plot A B` write the table and
the figure."""
import importlib.util
from dataclasses import replace

import pytest

from gilsweep.core import interpreter
from gilsweep.sweep import api, results, side_by_side
from gilsweep.sweep.schema import Point, Row
from gilsweep.sweep.verdict import Verdict
from helpers import run_cli, trial_windows

KNOBS = (10, 1000, 100000)
HAS_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None


def row(mode, knob, speedup, lo, hi):
    return Row("python", mode, "churn", knob, 2, 10, 10.0 * knob, 1.0, 1.0, speedup, lo, hi, 8, lo, hi, 8, 0)


def test_compare_says_whether_two_runs_agree():
    a = [row("python-release", k, s, s - 0.05, s + 0.05) for k, s in ((1, 0.5), (2, 1.2), (3, 1.9))]
    table, verdict, figures = side_by_side.compare(a, a)
    assert verdict.startswith("the runs agree") and figures["moved"] == 0 and "| churn | python-release | 1 |" in table
    b = [row("python-release", k, s, s - 0.05, s + 0.05) for k, s in ((1, 0.5), (2, 1.6), (3, 1.9))]
    _, verdict, figures = side_by_side.compare(a, b)
    assert verdict.startswith("the runs differ") and figures["moved"] == 1 and figures["disjoint"] == 1
    assert figures["max_difference"] == pytest.approx(0.4)


def test_compare_matches_points_state_by_state_and_names_the_states_each_run_measured():
    a = [replace(row("python-release", 1, 1.6, 1.55, 1.65), state="normal"),
         replace(row("python-release", 1, 0.6, 0.55, 0.65), state="slow"), row("python-release", 2, 1.9, 1.85, 1.95)]
    b = [replace(row("python-release", 1, 1.62, 1.55, 1.65), state="normal"), row("python-release", 2, 1.9, 1.85, 1.95)]
    table, verdict, figures = side_by_side.compare(a, b)
    assert figures["points"] == 2 and figures["moved"] == 0 and figures["only_in_one"] == 1
    assert verdict.startswith("the runs agree") and "handoff states: A measured normal, slow, B normal; compared in normal" \
        in verdict
    assert "| churn | python-release | 1 |" in table
    _, verdict, _ = side_by_side.compare(a, a)
    assert "compared in normal and slow" in verdict
    assert "handoff states" not in side_by_side.compare(b, b)[1]  # no slow state on either side: nothing to say


def test_compare_opens_with_whether_both_runs_are_answers():
    good = Verdict(True, "12 of 12 points stable")
    bad = Verdict(False, "3 of 12 points stable", "run again")
    assert side_by_side.trust_line(good, good).startswith("trustworthy: both runs are")
    assert side_by_side.trust_line(good, bad).startswith("untrustworthy: run B is not an answer (B: 3 of 12")
    assert side_by_side.trust_line(bad, bad).startswith("untrustworthy: neither run is an answer")


def a_run(without_gil, speedups):
    """Runs of python-hold and python-release at KNOBS, each point's trials
    reading the speedup given ({mode: [speedup per knob]})."""
    metadata = results.machine_metadata("gilsweep-swift 0.1.0")
    metadata.update(gil_enabled=not without_gil, free_threaded_build=without_gil,
                    python_version="3.12.0a4" if without_gil else "3.11.7")
    points, windows = [], []
    for mode, series in speedups.items():
        for knob, speedup in zip(KNOBS, series):
            point = Point(id=len(points), runtime="python", mode=mode, workload="churn", knob=knob, threads=2, calls=100)
            points.append(point)
            for trial in range(1, 7):
                seq = 1e-7 * knob * 100 * 2
                windows += trial_windows(point.id, trial, seq, seq / speedup * (1 + 0.001 * trial))
    return results.Run(metadata=metadata, seed=3, config={"repeats": 6}, points=points, windows=windows)


GIL_RUN = {"python-hold": [1.0, 1.0, 1.0], "python-release": [0.7, 1.6, 1.9]}
FREE_RUN = {"python-hold": [1.3, 1.9, 1.95], "python-release": [1.2, 1.8, 1.95]}


def saved(tmp_path, name, run):
    folder = tmp_path / name
    results.ResultsFolder(str(folder)).save(run)
    return str(folder)


def test_modes_are_named_by_build():
    gil, free = a_run(False, GIL_RUN).metadata, a_run(True, FREE_RUN).metadata
    assert [interpreter.meaning(m, gil) for m in ("python-hold", "python-release", "ctypes")] == ["hold", "release", "ctypes"]
    assert [interpreter.meaning(m, free) for m in ("python-hold", "python-release", "ctypes")] == ["attached", "detached",
                                                                                             "ctypes"]
    assert side_by_side.different_builds(gil, free) and not side_by_side.different_builds(gil, gil)


def test_compare_of_two_builds_gives_each_builds_crossover_per_mode():
    a, b = a_run(False, GIL_RUN), a_run(True, FREE_RUN)
    table, verdict, _ = side_by_side.compare(a.analyze()[0], b.analyze()[0], a.metadata, b.metadata)
    assert verdict.startswith("the builds differ, A GIL on, B free-threaded build, GIL off: 6 points")
    assert "A: GIL on, Python 3.11.7; B: free-threaded build, GIL off, Python 3.12.0a4." in table
    hold = next(line for line in table.splitlines() if "| python-hold: hold / attached |" in line)
    release = next(line for line in table.splitlines() if "| python-release: release / detached |" in line)
    cells = [cell.strip() for cell in hold.split("|")]
    assert cells[4] == "not reached" and cells[5] != "not reached"  # the GIL build never, the free-threaded soon
    assert "not reached" not in release
    # The same build twice: the table of shifts, as before.
    table, verdict, _ = side_by_side.compare(a.analyze()[0], a.analyze()[0], a.metadata, a.metadata)
    assert verdict.startswith("the runs agree") and "| moved by |" in table


def test_compare_runs_and_plot_write_the_table_and_the_figure(tmp_path):
    gil, free = saved(tmp_path, "gil", a_run(False, GIL_RUN)), saved(tmp_path, "free", a_run(True, FREE_RUN))
    _, _, _, figures = api.compare_runs(gil, free, str(tmp_path / "out"))
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == (["side-by-side.md", "side-by-side.png", "side-by-side.svg"] if HAS_MATPLOTLIB else ["side-by-side.md"])
    assert figures["paths"][0].endswith("side-by-side.md")
    assert "| python-hold: hold / attached |" in (tmp_path / "out" / "side-by-side.md").read_text()
    if HAS_MATPLOTLIB:
        svg = (tmp_path / "out" / "side-by-side.svg").read_text()
        assert "python-hold: hold / attached" in svg and "A, hold (GIL)" in svg and "B, attached (no GIL)" in svg
    paths = api.plot_side_by_side(gil, free)  # into the second folder by default
    assert paths[0] == str(tmp_path / "free" / "side-by-side.md")


def test_the_cli_draws_two_runs_side_by_side_and_refuses_what_does_not_fit(tmp_path):
    gil, free = saved(tmp_path, "gil", a_run(False, GIL_RUN)), saved(tmp_path, "free", a_run(True, FREE_RUN))
    done = run_cli("compare", gil, free, "--out", str(tmp_path / "pair"))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[-1].startswith("Wrote ") and "side-by-side.md" in lines[-1]
    assert lines[-2].startswith("the builds differ, A GIL on, B free-threaded build, GIL off")
    done = run_cli("plot", gil, free, "--out", str(tmp_path / "figure"))
    assert done.returncode == 0 and (tmp_path / "figure" / "side-by-side.md").exists(), done.stderr
    for args, message in ((["plot", gil, "--out", str(tmp_path / "x")], "--out goes with two folders"),
                          (["plot", gil, str(tmp_path / "none")], f"no sweep.json in {tmp_path / 'none'}")):
        done = run_cli(*args)
        assert done.returncode != 0 and done.stderr.count("\n") == 1 and message in done.stderr, done.stderr


@pytest.mark.skipif(not HAS_MATPLOTLIB, reason="matplotlib does not import here")
def test_a_mode_in_one_run_only_gets_no_panel(tmp_path):
    a = side_by_side.Side("A", a_run(False, GIL_RUN).analyze()[0], a_run(False, GIL_RUN).metadata)
    only_hold = {"python-hold": FREE_RUN["python-hold"]}
    b = side_by_side.Side("B", a_run(True, only_hold).analyze()[0], a_run(True, only_hold).metadata)
    assert side_by_side.shared_panels(a, b) == [("churn", 2, "python-hold")]
    assert len(side_by_side.plot(a, b, str(tmp_path / "one"))) == 2
