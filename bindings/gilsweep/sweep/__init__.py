"""The speedup sweep: every way of calling the kernels, side by side in one run.
This module only re-exports; the entry points live in api.py.

Inside, by job: registry (one entry per workload) with modes (the names) and
workloads (operands and callables); config (presets, limits, SweepConfig);
engine (the run) over schedule (randomized interleaved trials), canary
(capacity checks) and weather (the canary's timeline, the forecast, waiting
for the machine); runners (the Runner protocol and the factory) over windows
(in-process threads), processes, swift_worker and dask_runner; stats and
analysis (estimates from raw windows); results (the folder); verdict
(trustworthy or not); report (summary and plot); compare, with side_by_side
(a GIL run and a free-threaded run on one figure); probe (does a callable
release the GIL?) and parallel (without one: do its calls run in parallel?);
calibrate (the auto thresholds); ui (progress)."""
from . import calibrate as calibrate_module
from . import compare, config, dask_runner, engine, modes, parallel, probe, report, results, ui, workloads
from .api import PROBE_KNOBS, compare_runs, foreign_config, plot_side_by_side, replot, run_probe, run_sweep
from .calibrate import calibrate
from .calibrate import report as calibrate_report
from .config import PRESETS, SweepConfig
from .modes import MODES, WORKLOADS
from .probe import ProbeError
from .results import ResultsError
from .swift_worker import binary_version, find_binary
from .workloads import DEFAULT_KNOBS

__all__ = ["run_sweep", "replot", "compare_runs", "plot_side_by_side", "calibrate", "calibrate_report", "SweepConfig", "PRESETS", "MODES", "WORKLOADS",
           "DEFAULT_KNOBS", "ResultsError", "find_binary", "run_probe", "ProbeError", "PROBE_KNOBS",
           "foreign_config"]
