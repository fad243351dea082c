"""`gilsweep sweep` (the main job), `plot RESULTS_DIR`, `compare A B` and
`count-primes LO HI` (on Dask), and the dispatch to the other subcommands
(commands/: latency and gc-pause; calibrate, census and probe).
The only module that turns errors into exit codes and one line on stderr."""
import os
import sys
import time

from . import sweep
from .arguments import parser
from .commands import UsageError, knob_lists
from .commands.other_threads import gc_pause_command, latency_command
from .commands.probing import calibrate_command, census_command, probe_command


def sweep_command(args):
    preset = sweep.PRESETS["quick" if args.quick else "full" if args.full else "default"]
    if args.target is None and args.expression is not None:
        raise UsageError("--arg needs --callable")
    if args.target is not None and (args.expression is None or args.workload is not None):
        raise UsageError("--callable needs --arg, and no --workload")
    chosen = list(dict.fromkeys(args.modes + (list(sweep.modes.DASK_MODES) if args.dask else [])))
    if args.target is not None and any(mode in sweep.modes.DASK_MODES for mode in chosen):
        raise UsageError("the Dask modes sweep the kernels, not a --callable")
    chosen = sweep.dask_runner.usable_modes(chosen, sweep.ui.warn)
    with_dask = any(mode in sweep.modes.DASK_MODES for mode in chosen)
    if args.target is None:
        workloads, knobs = knob_lists(args.workload or "churn", args.knobs, preset.knob_stride, with_dask)
    threads = args.threads or sorted({2, os.cpu_count() or 2})
    budget = (preset.time_budget_s + (sweep.dask_runner.EXTRA_BUDGET_S if with_dask else 0.0)
              if args.time_budget is None else (args.time_budget or None))
    max_time = (preset.max_time_s + (3 * sweep.dask_runner.EXTRA_BUDGET_S if with_dask else 0.0)
                if args.max_time is None else (args.max_time or None))
    if args.out == "":
        raise UsageError("--out must name a folder")
    out = args.out or os.path.join("results", time.strftime("%Y%m%d-%H%M%S"))
    binary = sweep.find_binary(args.swift)
    if args.swift and binary != args.swift:
        raise UsageError(f"--swift {args.swift} is not an executable file")
    settings = dict(threads=threads, repeats=args.repeats or preset.repeats, target_seconds=preset.target_seconds,
                    seed=args.seed, max_wait_s=args.max_wait, time_budget_s=budget, forecast_s=preset.forecast_s,
                    max_time_s=max_time)
    try:
        if args.target is None:
            config = sweep.SweepConfig(workloads=workloads, modes=chosen, knobs=knobs, **settings)
        else:
            modes = None if args.modes == list(sweep.MODES) else args.modes
            config = sweep.foreign_config(args.target, args.expression, args.knobs or sweep.PROBE_KNOBS, modes,
                                          **settings)
    except ValueError as error:  # threads, knobs or modes that cannot make a sweep
        raise UsageError(str(error)) from None
    started = time.monotonic()
    try:
        run, rows, paths = sweep.run_sweep(config, out, binary)
    except KeyboardInterrupt:
        print(f"\ngilsweep: interrupted; kept every window measured so far in {out}", file=sys.stderr)
        return 130
    with open(os.path.join(out, "summary.md")) as summary:
        print(summary.read())
    print(f"Took {time.monotonic() - started:.0f} s. Results: {', '.join([os.path.join(out, 'sweep.csv'), os.path.join(out, 'sweep.json')] + paths)}")
    print(run.verdict().line())
    return 0


def plot_command(args):
    from .latency import gc_report
    from .latency import report as latency_report

    if args.other_dir is not None:
        if latency_report.is_latency_run(args.results_dir) or latency_report.is_latency_run(args.other_dir):
            raise UsageError("plot draws two folders side by side only for sweeps, not latency runs")
        paths = sweep.plot_side_by_side(args.results_dir, args.other_dir, args.out)
    elif args.out is not None:
        raise UsageError("--out goes with two folders; one folder is re-plotted in place")
    elif latency_report.is_latency_run(args.results_dir):
        paths = latency_report.render(args.results_dir, latency_report.load(args.results_dir))
    elif gc_report.is_gc_pause_run(args.results_dir):
        paths = gc_report.render(args.results_dir, gc_report.load(args.results_dir))
    else:
        paths = sweep.replot(args.results_dir)
    print(f"Wrote {', '.join(paths)}")
    return 0


def compare_command(args):
    from .census import compare as census_compare, report as census_report
    from .latency import report as latency_report

    folders = [args.results_a, args.results_b] + args.more
    if all(census_report.is_census(folder) for folder in folders):
        table, last = census_compare.compare_folders(folders)
        print(table)
        print(last)
        return 0
    if args.more:
        raise UsageError("only censuses compare more than two folders at a time")

    if latency_report.is_latency_run(args.results_a) or latency_report.is_latency_run(args.results_b):
        if args.out is not None:
            raise UsageError("--out goes with two sweeps, not latency runs")
        table, last = latency_report.compare(args.results_a, args.results_b)
        print(table)
        print(last)
        return 0
    trust, table, verdict, figures = sweep.compare_runs(args.results_a, args.results_b, args.out)
    print(trust)
    print(table)
    print(verdict)
    if figures["paths"]:
        print(f"Wrote {', '.join(figures['paths'])}")
    return 0


def count_primes_command(args):
    """The count alone on stdout; progress, elapsed time and rate on stderr."""
    from . import dask_primes

    if args.scheduler and args.threads:
        raise UsageError("--threads sizes the local cluster; with --scheduler the cluster's workers decide")
    progress = sweep.ui.Progress()
    try:
        count, stats = dask_primes.count_primes(
            args.lo, args.hi, chunk=args.chunk, scheduler=args.scheduler, threads=args.threads, gil=args.gil,
            progress=lambda done, total, numbers: progress.step(done, total, f"{numbers:,} numbers"))
    except (TypeError, ValueError, OverflowError) as error:  # bad bounds: the kernel's own message
        progress.close()
        print(f"gilsweep: error: {error}", file=sys.stderr)
        return 2
    except dask_primes.DaskMissing as error:
        print(f"gilsweep: error: count-primes needs Dask: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # also distributed's connection timeouts
        progress.close()
        print(f"gilsweep: error: cannot reach the scheduler at {args.scheduler}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        progress.close()
        print("gilsweep: interrupted; the pending tasks were cancelled", file=sys.stderr)
        return 130
    progress.close()
    print(count, flush=True)
    elapsed = stats["elapsed_s"]
    print(f"gilsweep: counted {stats['numbers']:,} numbers in {elapsed:.2f} s ({stats['numbers'] / max(elapsed, 1e-9):.3g} "
          f"numbers/s) as {stats['tasks']} tasks on {stats['threads']} Dask threads (GIL: {args.gil})", file=sys.stderr)
    return 0


COMMANDS = {"sweep": sweep_command, "latency": latency_command, "gc-pause": gc_pause_command, "plot": plot_command,
            "compare": compare_command, "calibrate": calibrate_command, "probe": probe_command,
            "census": census_command, "count-primes": count_primes_command}


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (UsageError, sweep.ResultsError, sweep.ProbeError) as error:
        print(f"gilsweep: error: {error}", file=sys.stderr)
        return 2 if isinstance(error, UsageError) else 1
    except KeyboardInterrupt:
        print("\ngilsweep: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
