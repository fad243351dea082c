"""Results folders: a run saved to sweep.json and sweep.csv and loaded back,
the noise it counts, and errors raised as ResultsError (never an exit)."""
import csv
import json

import pytest

from gilsweep.sweep import results
from gilsweep.sweep.schema import COLUMNS, FORMAT_VERSION, Point, Row
from helpers import trial_windows, window

POINTS = [Point(id=0, runtime="python", mode="python-hold", workload="churn", knob=10, threads=2, calls=100),
          Point(id=1, runtime="python", mode="python-release", workload="churn", knob=10, threads=2, calls=100)]


def canary(order, checks=1, waited_s=0.0):
    return {"order": order, "start_s": 0.0, "when": "before", "capacity": 1.9, "handoff": None,
            "healthy": True, "waited_s": waited_s, "checks": checks}


def a_run():
    windows = []
    for trial in range(1, 6):
        windows += trial_windows(0, trial, 0.1, 0.1 + 0.001 * trial)
        windows += trial_windows(1, trial, 0.1, 0.06 + 0.001 * trial)
    windows += trial_windows(1, 6, 0.1, 0.3, capacity_ok=False)
    windows += trial_windows(0, 6, 0.1, 0.1, handoff_ok=False)
    windows += [window(1, 7, "seq", 0.1, max_chunk_s=0.2), window(1, 7, "par", 0.06)]
    return results.Run(metadata=results.machine_metadata("gilsweep-swift 0.1.0"), seed=9, config={"repeats": 5},
                       points=list(POINTS), windows=windows, canaries=[canary(0, checks=3, waited_s=0.5), canary(1)],
                       budget={"handoff_deferrals": 2})


def test_noise_counts_say_how_often_the_machine_got_in_the_way():
    noise = a_run().noise_counts()
    assert noise["windows"] == 2 * 2 * 5 + 2 * 3
    assert (noise["stalled_windows"], noise["capacity_units"], noise["handoff_units"]) == (1, 1, 1)
    assert (noise["capacity_waits"], noise["capacity_wait_s"], noise["handoff_deferrals"]) == (1, 0.5, 2)
    assert noise["units_skipped"] == 0 and noise["stopped_s"] is None


def test_a_run_is_analysed_once_per_state():
    run = a_run()
    first = run.analyze()
    assert run.analyze() is first
    run.windows += trial_windows(0, 8, 0.1, 0.1)
    assert run.analyze() is not first and run.analyze()[0][0].repeats == first[0][0].repeats + 1


def test_a_saved_run_loads_back_and_its_csv_holds_the_rows(tmp_path):
    run = a_run()
    folder = results.ResultsFolder(str(tmp_path / "new" / "run"))  # made if missing
    rows = folder.save(run)
    assert rows == run.analyze()[0] and len(rows) == 2
    assert sorted(p.name for p in (tmp_path / "new" / "run").iterdir()) == ["sweep.csv", "sweep.json"]
    with open(tmp_path / "new" / "run" / "sweep.csv", newline="") as source:
        reader = csv.DictReader(source)
        assert tuple(reader.fieldnames) == COLUMNS
        assert [Row.from_strings(record) for record in reader] == rows
    document = json.loads((tmp_path / "new" / "run" / "sweep.json").read_text())
    assert document["format_version"] == FORMAT_VERSION and document["complete"] is False
    assert [w["flag"] for w in document["windows"]].count("capacity") == 2
    loaded = results.load(str(tmp_path / "new" / "run"))
    assert (loaded.points, loaded.seed, loaded.config, loaded.budget) == (run.points, 9, {"repeats": 5}, run.budget)
    assert loaded.canaries == run.canaries and len(loaded.windows) == len(run.windows)
    assert loaded.analyze()[0] == rows  # re-analysed from the raw windows: the same rows


def test_unreadable_folders_raise_results_error(tmp_path):
    with pytest.raises(results.ResultsError, match="cannot write results to /proc/no/such/place"):
        results.ResultsFolder("/proc/no/such/place")
    with pytest.raises(results.ResultsError, match="no sweep.json in"):
        results.load(str(tmp_path))
    (tmp_path / "sweep.json").write_text("{not json")
    with pytest.raises(results.ResultsError, match="cannot read"):
        results.load(str(tmp_path))
    (tmp_path / "sweep.json").write_text(json.dumps({"format_version": 1}))
    with pytest.raises(results.ResultsError, match="format_version 1; this gilsweep reads 2 and 3"):
        results.load(str(tmp_path))
