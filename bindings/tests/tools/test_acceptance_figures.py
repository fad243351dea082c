"""tools/acceptance_figures.py: one line per saved churn run, from its sweep.csv
and sweep.json: the verdict, how long it measured (waiting and in windows), the
key speedups and the share of time the machine delivered T cores."""
import gzip
import pathlib
import shutil

from gilsweep.sweep import results
from gilsweep.sweep.schema import Point
from helpers import ROOT, run_tool, window

#: mode -> {knob: speedup}; a churn call takes 0.005 µs per knob here.
SPEEDUPS = {"swift-threads": {10: 1.5, 1000: 1.9, 10000: 1.95}, "python-hold": {10: 1.1, 10000: 1.0},
            "python-release": {10: 0.5, 1000: 1.2, 10000: 1.8}}


def canary(order, start_s, healthy, waited_s=0.0):
    return {"order": order, "start_s": start_s, "when": "before", "capacity": 2.0 if healthy else 1.0,
            "handoff": None, "healthy": healthy, "waited_s": waited_s, "checks": 1 if healthy else 3}


def saved_run(folder):
    """Six trials a point, one window a second from the run's start; four canaries
    that waited 7.5 s in all, with T cores at the first and the last."""
    points, windows = [], []
    for mode, speedups in SPEEDUPS.items():
        for knob, speedup in speedups.items():
            point = Point(id=len(points), runtime="swift" if mode == "swift-threads" else "python", mode=mode,
                          workload="churn", knob=knob, threads=2, calls=5_000)
            points.append(point)
            for trial in range(1, 7):
                seq = 5e-5 * knob
                par = seq / speedup * (1 + 0.001 * trial)
                windows += [window(point.id, trial, "seq", seq, start_s=float(len(windows))),
                            window(point.id, trial, "par", par, in_call_s=2 * par, start_s=len(windows) + 1.0)]
    canaries = [canary(0, 0.0, True), canary(1, 20.0, False, 5.0), canary(2, 40.0, False, 2.5),
                canary(3, 60.0, True)]
    run = results.Run(metadata=results.machine_metadata(None), seed=5, points=points, windows=windows,
                      canaries=canaries, complete=True)
    results.ResultsFolder(str(folder)).save(run)
    return run


def test_a_run_in_one_line(tmp_path):
    run = saved_run(tmp_path / "run1")
    done = run_tool("acceptance_figures.py", str(tmp_path / "run1") + "/")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    word = run.verdict().word
    # Measured until the last window's end (95 s), 16 s of it in windows. The lowest swift-threads
    # from 1 µs leaves out its 0.05 µs point, python-release from 30 µs its 0.05 and 5 µs ones;
    # half the time between a healthy and an unhealthy canary counts as healthy.
    assert done.stdout == (f"run1: {word}; measured for 95 s (8 s of it waiting, 16 s in windows); swift-threads "
                           ">= 1 µs: min 1.90x; python-release >= 30 µs: min 1.80x, at its smallest 0.50x; "
                           "python-hold: max 1.10x; machine gave T cores 33% of the time\n")


def test_a_published_run_reads_back(tmp_path):
    published = pathlib.Path(ROOT) / "docs" / "data" / "sweep-churn-1"
    folder = tmp_path / "sweep-churn-1"
    folder.mkdir()
    shutil.copy(published / "sweep.csv", folder / "sweep.csv")
    with gzip.open(published / "sweep.json.gz", "rb") as raw, open(folder / "sweep.json", "wb") as out:
        shutil.copyfileobj(raw, out)
    done = run_tool("acceptance_figures.py", str(folder))
    assert done.returncode == 0 and done.stderr == "", done.stderr
    line = done.stdout.strip()
    assert line.startswith("sweep-churn-1: ") and "\n" not in line and "swift-threads >= 1 µs: min " in line


def test_without_a_folder_it_prints_its_usage():
    done = run_tool("acceptance_figures.py")
    assert done.returncode == 1 and done.stdout == "" and done.stderr == "usage: acceptance_figures.py RUN_DIR...\n"
