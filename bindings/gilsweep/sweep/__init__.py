"""The speedup sweep: every way of calling the kernels, side by side in one run.

Entry points (the CLI `gilsweep sweep|plot|compare|calibrate` is a thin shell
over them): run_sweep, replot, compare_runs, calibrate. They raise exceptions
(ResultsError, ValueError) and never exit the process.

Inside: modes (names), workloads (operands and callables), windows (timed
chunks on threads and processes), swift_worker (the Swift measurement worker),
canary (capacity checks), schedule (randomized interleaved trials), engine (the
run), dask_runner (the dask-* modes: windows of Dask tasks), stats and analysis (estimates from raw windows), results (the folder),
report (summary and plot), compare."""
from . import compare, dask_runner, engine, report, results
from .calibrate import calibrate
from .calibrate import report as calibrate_report
from .engine import PRESETS, Sweep, SweepConfig
from .modes import MODES, WORKLOADS
from .results import ResultsError
from .swift_worker import binary_version, find_binary
from .workloads import DEFAULT_KNOBS

__all__ = ["run_sweep", "replot", "compare_runs", "calibrate", "calibrate_report", "SweepConfig", "PRESETS", "MODES", "WORKLOADS",
           "DEFAULT_KNOBS", "ResultsError", "find_binary"]


def run_sweep(config, out, swift_binary, progress=None):
    """Measures, writes sweep.json/sweep.csv after every round, and the report at
    the end (also when interrupted: KeyboardInterrupt passes through after the
    folder holds everything measured). Returns (run, rows, paths written)."""
    folder = results.ResultsFolder(out)
    metadata = results.machine_metadata(binary_version(swift_binary))
    sweep = Sweep(config, swift_binary, save=folder.save, metadata=metadata, progress=progress)
    try:
        run = sweep.run()
    finally:
        rows, paths = report.write_report(out, sweep.run_data)
    return run, rows, paths


def replot(folder):
    """Recomputes every estimate of a results folder from its raw windows and
    rewrites sweep.csv, summary.md and the plots. Returns the paths written."""
    run = results.load(folder)
    results.ResultsFolder(folder).save(run)
    _, paths = report.write_report(folder, run)
    return paths


def compare_runs(folder_a, folder_b):
    """(markdown table, one-line verdict, figures) for two results folders."""
    rows_a, _ = results.load(folder_a).analyze()
    rows_b, _ = results.load(folder_b).analyze()
    return compare.compare(rows_a, rows_b)
