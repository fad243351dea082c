"""Runs saved by an earlier format still open: the published sweeps in docs/
are format 2 (workloads were called kernels then), and `plot` and `compare`
read them as a user's old results folders."""
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


def old_run(tmp_path, name):
    folder = tmp_path / name
    folder.mkdir()
    with gzip.open(os.path.join(ROOT, "docs", "data", name, "sweep.json.gz")) as source, open(folder / "sweep.json", "wb") as out:
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
    assert (folder / "summary.md").read_text().strip() and (folder / "sweep.csv").read_text().strip()
    if HAS_MATPLOTLIB:  # where matplotlib does not install: the tables are redrawn, not the figure
        assert (folder / "sweep.png").stat().st_size > 0


def test_compare_reads_a_format_2_run_beside_a_format_3_one(tmp_path):
    old = old_run(tmp_path, "sweep-churn")
    new = old_run(tmp_path, "free-threaded-gil")
    done = run_cli("compare", str(old), str(new))
    assert done.returncode == 0, done.stderr
    assert "points" in done.stdout.strip().splitlines()[-1]
