"""Runs saved by an earlier format still open: two sweeps once published in docs/,
kept in tests/data/format-2 (workloads were called kernels then), and `plot` and
`compare` read them as a user's old results folders."""
import csv
import gzip
import importlib.util
import json
import os
import shutil

import pytest

from gilsweep.sweep import results
from gilsweep.sweep.schema import FORMAT_VERSION
from helpers import ROOT, run_cli

HAS_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None


def raw(name):
    """A kept format-2 run by name, or a published run of docs/data (free-threaded-gil)."""
    kept = os.path.join(ROOT, "bindings", "tests", "data", "format-2", name + ".json.gz")
    return kept if os.path.exists(kept) else os.path.join(ROOT, "docs", "data", name, "sweep.json.gz")


def old_run(tmp_path, name):
    folder = tmp_path / name
    folder.mkdir()
    with gzip.open(raw(name)) as source, open(folder / "sweep.json", "wb") as out:
        shutil.copyfileobj(source, out)
    return folder


@pytest.mark.parametrize("name", ["sweep-churn", "sweep-gcd-batch"])
def test_plot_redraws_a_format_2_run(tmp_path, name):
    folder = old_run(tmp_path, name)
    assert json.loads((folder / "sweep.json").read_text())["format_version"] == 2 < FORMAT_VERSION
    run = results.load(str(folder))
    assert run.points and run.windows and all(point.workload for point in run.points)
    done = run_cli("plot", str(folder))
    assert done.returncode == 0, done.stderr
    assert "| python-release |" in (folder / "summary.md").read_text()
    assert_rows_match_the_stored_ones(folder / "sweep.csv", stored_rows(name))
    if HAS_MATPLOTLIB:  # where matplotlib does not install: the tables are redrawn, not the figure
        assert (folder / "sweep.png").stat().st_size > 0


def stored_rows(name):
    """The rows the old run's own analysis wrote into its file, by (mode, workload, knob, threads)."""
    with gzip.open(raw(name)) as source:
        rows = json.load(source)["rows"]
    return {(r["mode"], r["kernel"], r["knob"], r["threads"]): r for r in rows}


def assert_rows_match_the_stored_ones(csv_path, stored):
    # The same windows give the same counts; the speedup is read from them a little
    # differently since format 2 (the lower quartile of the clean trials, not the
    # median), so it must fall within the stored 95% interval, widened by the
    # interval's own rounding (0.05x), and the time per call within a tenth.
    with open(csv_path) as source:
        rows = {(r["mode"], r["workload"], int(r["knob"]), int(r["threads"])): r for r in csv.DictReader(source)}
    assert set(rows) == set(stored)
    for key, row in rows.items():
        old = stored[key]
        assert row["runtime"] == old["runtime"], key
        assert [int(row[f]) for f in ("calls", "repeats", "clean", "stalled")] == \
            [old[f] for f in ("calls", "repeats", "clean", "stalled")], key
        assert old["ci_lo"] - 0.05 <= float(row["speedup"]) <= old["ci_hi"] + 0.05, (key, row["speedup"])
        assert float(row["per_call_us"]) == pytest.approx(old["per_call_us"], rel=0.1), key


def test_compare_reads_a_format_2_run_beside_a_format_3_one(tmp_path):
    old = old_run(tmp_path, "sweep-churn")
    new = old_run(tmp_path, "free-threaded-gil")
    done = run_cli("compare", str(old), str(new))
    assert done.returncode == 0, done.stderr
    # One table line per point the runs share, A's speedup within the old file's stored interval.
    stored = stored_rows("sweep-churn")
    with gzip.open(os.path.join(ROOT, "docs", "data", "free-threaded-gil", "sweep.json.gz")) as source:
        shared = {(r["mode"], r["workload"], r["knob"], r["threads"]) for r in json.load(source)["rows"]} & set(stored)
    table = {}
    for line in done.stdout.splitlines():
        cells = line.strip("|").split(" | ")
        if len(cells) == 8 and cells[2].strip().isdigit():
            key = (cells[1].strip(), cells[0].strip(), int(cells[2]), int(cells[3]))
            table[key] = float(cells[4].split("x")[0])
    assert set(table) == shared and shared
    for key, speedup in table.items():
        assert stored[key]["ci_lo"] - 0.05 <= speedup <= stored[key]["ci_hi"] + 0.05, (key, speedup)
    assert done.stdout.strip().splitlines()[-1].startswith(f"the runs differ: {len(shared)} points")
