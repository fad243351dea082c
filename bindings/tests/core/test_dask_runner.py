"""sweep/dask_runner.py and the dask-* modes: which knobs they measure, a
sweep of all three on real LocalClusters, and what happens without Dask."""
import subprocess
import sys

import pytest

from gilsweep.core import canary, modes, workloads
from gilsweep.sweep import engine, report
from gilsweep.sweep.config import SweepConfig
from helpers import GIL

BLOCK_DASK = "import sys; sys.modules['distributed'] = None; sys.modules['dask'] = None; "


def test_without_dask_the_package_and_the_default_sweep_modes_still_work():
    script = BLOCK_DASK + ("import gilsweep, gilsweep.sweep, gilsweep.cli; from gilsweep.core import dask_runner, modes, ui; "
                           "print(gilsweep.count_primes(0, 100)); "
                           "print(dask_runner.usable_modes(list(modes.MODES) + list(modes.DASK_MODES), ui.warn))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["25", str(list(modes.MODES))]
    warning, = done.stderr.splitlines()  # one line
    assert warning.startswith("gilsweep: warning: skipping dask-threads, dask-threads-hold, dask-processes: ")
    assert 'pip install "./bindings[dask]"' in warning


def test_the_dask_modes_measure_only_knobs_of_a_tasks_size():
    assert not workloads.measures(modes.DASK_THREADS, "churn", 1000)
    assert workloads.measures(modes.DASK_THREADS, "churn", 10_000_000)
    assert not workloads.measures(modes.DASK_THREADS, "primes-batch", 65536)
    # Beyond the default range: the dask modes and the ceiling only.
    assert workloads.measures(modes.SWIFT_THREADS, "churn", 300_000_000)
    assert not workloads.measures(modes.PURE_PYTHON, "churn", 300_000_000)
    assert workloads.measures(modes.PYTHON_RELEASE, "churn", 3_000_000)


def test_a_sweep_with_the_dask_modes_gives_each_a_row_and_a_crossover(monkeypatch):
    pytest.importorskip("distributed", reason='the [dask] extra is not installed')
    monkeypatch.setattr(canary.Canary, "verdict", lambda self, reading: (True, True))
    config = SweepConfig(workloads=["churn"], modes=list(modes.DASK_MODES), threads=[2],
                                knobs={"churn": [1000, 10_000_000, 30_000_000]}, repeats=2, target_seconds=0.05,
                                forecast_s=0, seed=3, extra_rounds=0, max_wait_s=0)
    run = engine.Sweep(config, swift_binary=None).run()
    assert {(p.mode, p.knob) for p in run.points} == {(m, k) for m in modes.DASK_MODES for k in (10_000_000, 30_000_000)}
    rows, _ = run.analyze()
    assert {r.mode for r in rows} == set(modes.DASK_MODES) and all(r.speedup > 0 for r in rows)
    # In a parallel window every task ran on a thread of the cluster: 2 threads, 2 chunk lists.
    parallel = [w for w in run.windows if w["kind"] == "par"]
    assert parallel and all(w["max_chunk_s"] > 0 for w in parallel)
    summary = report.summary_markdown(rows, {}, True)
    for mode in modes.DASK_MODES:
        series = sorted((r for r in rows if r.mode == mode), key=lambda r: r.knob)
        crossing = crossing_of(summary, mode)
        # The crossing cell follows the rows: every point at 1.5x or more is a crossing from the
        # smallest, none is none; between, a crossing somewhere (sustained or not).
        if all(r.speedup >= 1.5 and r.ci_lo >= 1.5 for r in series):
            assert crossing == "from the smallest", (mode, crossing)
        elif all(r.speedup < 1.5 and r.ci_hi < 1.5 for r in series):
            assert crossing == "not reached", (mode, crossing)
        else:
            assert crossing != "not reached" or max(r.speedup for r in series) < 1.5, (mode, crossing)
    if GIL:  # the holding kernel's two threads take turns on the GIL: they never reach 1.5x
        assert "\n| dask-threads-hold | " in summary and crossing_of(summary, modes.DASK_THREADS_HOLD) == "not reached"


def crossing_of(summary, mode):
    """The 'reaches 1.5x at' cell of a mode's row in a summary's crossover table."""
    return summary.split(f"\n| {mode} | ", 1)[1].split("\n", 1)[0].split(" | ")[2]


def test_the_cli_adds_the_dask_modes_and_their_knobs_only_when_asked():
    from gilsweep import cli

    assert not set(modes.DASK_MODES) & set(cli.parser().parse_args(["sweep"]).modes)
    assert cli.parser().parse_args(["sweep", "--dask"]).dask
    assert cli.parser().parse_args(["sweep", "--modes", "dask-processes"]).modes == ["dask-processes"]
    _, plain = cli.options.knob_lists("churn", None, 1)
    _, with_dask = cli.options.knob_lists("churn", None, 1, dask=True)
    assert plain["churn"] == workloads.DEFAULT_KNOBS["churn"]
    assert set(with_dask["churn"]) == set(plain["churn"]) | set(workloads.DASK_KNOBS["churn"])
    done = subprocess.run([sys.executable, "-m", "gilsweep", "sweep", "--dask", "--callable", "math:sqrt", "--arg", "n"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stderr == "gilsweep: error: the Dask modes sweep the kernels, not a --callable\n"
