"""The speedup sweep: every way of calling the kernels, side by side in one run
(docs/method.md). The entry points live in api.py and are re-exported here;
the run is engine.py over the measurement core (gilsweep.core)."""
from ..core.metadata import ResultsError
from ..core.modes import MODES, WORKLOADS
from ..core.swift_worker import find_binary
from ..core.target import ProbeError
from ..core.workloads import DEFAULT_KNOBS
from ..probe.api import PROBE_KNOBS, run_probe
from .api import compare_runs, foreign_config, plot_side_by_side, replot, run_sweep
from .config import PRESETS, SweepConfig
from .thresholds import calibrate
from .thresholds import report as calibrate_report

__all__ = ["run_sweep", "replot", "compare_runs", "plot_side_by_side", "calibrate", "calibrate_report", "SweepConfig",
           "PRESETS", "MODES", "WORKLOADS", "DEFAULT_KNOBS", "ResultsError", "find_binary", "run_probe", "ProbeError",
           "PROBE_KNOBS", "foreign_config"]
