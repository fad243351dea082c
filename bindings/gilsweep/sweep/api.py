"""The sweep's entry points, which the CLI (`gilsweep sweep|plot|compare|probe`)
is a thin shell over. They raise exceptions (ResultsError, ProbeError,
ValueError) and never exit the process."""
from ..core import workloads
from ..core.modes import FOREIGN_MODES, applies
from ..core.swift_worker import binary_version
from ..probe import parallel
from . import analysis, report, results, side_by_side
from .config import SweepConfig, check_limits
from .engine import Sweep


def run_sweep(config, out, swift_binary, progress=None):
    """Measures, writes sweep.json/sweep.csv after every round, and the report at
    the end (also when interrupted: KeyboardInterrupt passes through after the
    folder holds everything measured). Returns (run, rows, paths written)."""
    folder = results.ResultsFolder(out, new_run=True)
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


def compare_runs(folder_a, folder_b, out=None):
    """(trust line, markdown table, one-line verdict, figures) for two results
    folders; the trust line says whether both runs are answers at all. A GIL
    run against a free-threaded one gets the table of where each build reaches
    1.5x, its modes named by build. With `out`, that table and the figure with
    both runs' curves per mode go there too (figures["paths"])."""
    run_a, run_b = results.load(folder_a), results.load(folder_b)
    table, verdict, figures = side_by_side.compare(run_a.analyze()[0], run_b.analyze()[0],
                                                   run_a.metadata, run_b.metadata)
    figures["paths"] = side_by_side.write(*sides(run_a, run_b), out) if out else []
    return side_by_side.trust_line(run_a.verdict(), run_b.verdict()), table, verdict, figures


def sides(run_a, run_b):
    """The two runs as side_by_side draws them, named A and B."""
    made = []
    for name, run in (("A", run_a), ("B", run_b)):
        rows, extras = run.analyze()
        made.append(side_by_side.Side(name, rows, run.metadata, analysis.unstable_keys(run.points, extras),
                                      run.verdict()))
    return made


def plot_side_by_side(folder_a, folder_b, out=None):
    """`gilsweep plot A B`: side-by-side.md and .png/.svg (both runs' curves per
    mode) in `out`, by default B's folder. Returns the paths written."""
    return side_by_side.write(*sides(results.load(folder_a), results.load(folder_b)), out or folder_b)


def foreign_config(spec, expression, knobs, modes=None, **settings):
    """A SweepConfig that sweeps the callable `spec` (module:attribute.path) over
    n in `knobs`, its arguments built by `expression`, in the modes that apply to
    a foreign callable (threads: as it is; processes). Before any timing, each
    knob's arguments are built and the target called once (errors name the knob),
    and the probe decides at each knob whether the call holds or releases the GIL;
    the verdicts go into the run and its table. Raises ProbeError or ValueError."""
    check_limits(settings.get("threads", []), settings.get("max_wait_s", 0.0), settings.get("time_budget_s"),
                 settings.get("max_time_s"), settings.get("handoff_wait_s", 0.0))
    workloads.add_callable(spec, expression)
    prober = parallel.prober_for(workloads.FOREIGN[spec])
    verdicts = {str(n): prober.decide(n).as_dict() for n in knobs}
    chosen = [mode for mode in (modes or FOREIGN_MODES) if applies(mode, spec)]
    if not chosen:
        raise ValueError(f"none of the modes {', '.join(modes)} applies to a callable; use {', '.join(FOREIGN_MODES)}")
    return SweepConfig(workloads=[spec], modes=chosen, knobs={spec: list(knobs)},
                       foreign={"target": spec, "arg": expression, "verdicts": verdicts}, **settings)
