"""`gilsweep sweep` (the main job), `latency`, `gc-pause`, `plot RESULTS_DIR`, `compare A B`, `calibrate`, `probe TARGET`
and `count-primes LO HI` (on Dask).
The only module that turns errors into exit codes and one line on stderr."""
import json
import os
import sys
import time

from . import sweep
from .arguments import parser


class UsageError(Exception):
    """Options that parse but do not make sense together."""


def knob_lists(workload_choice, explicit, stride, dask=False):
    """Workloads and their knobs; with dask modes, also the larger knobs only they (and the ceiling) measure."""
    workloads = list(sweep.WORKLOADS) if workload_choice == "all" else [workload_choice]
    if explicit and len(workloads) > 1:
        raise UsageError("--knobs needs a single --workload, not all")
    return workloads, {w: explicit or sorted(set(sweep.DEFAULT_KNOBS[w][::stride])
                                             | set(sweep.workloads.DASK_KNOBS.get(w, []) if dask else []))
                       for w in workloads}


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


def latency_command(args):
    from .latency import report, run

    settings = {"workload": args.workload, "modes": tuple(args.modes), "workers": args.workers,
                "switch_intervals": tuple(ms / 1e3 for ms in args.switch_interval), "max_wait_s": args.max_wait}
    if args.knobs:
        settings["knobs"] = tuple(args.knobs)
    if args.seed is not None:
        settings["seed"] = args.seed
    if (args.target is None) != (args.expression is None):
        raise UsageError("--callable and --arg go together")
    if args.target:
        settings["foreign"] = {"target": args.target, "arg": args.expression}
    if args.quick:
        settings.update(repeats=3, phase_s=run.QUICK_PHASE_SECONDS)
    if args.repeats:
        settings["repeats"] = args.repeats
    if args.max_wait < 0:
        raise UsageError("--max-wait cannot be negative")
    try:
        config = run.LatencyConfig(**settings)
    except ValueError as error:
        raise UsageError(str(error)) from None
    if args.quick and not args.knobs:
        config.knobs = config.knobs[::2]
    out = args.out or os.path.join("results", time.strftime("latency-%Y%m%d-%H%M%S"))
    progress = sweep.ui.Progress()
    try:
        document, paths = run.run_latency(config, out, progress, status=lambda text: progress.step(0, 1, text))
    except KeyboardInterrupt:
        progress.close()
        print(f"\ngilsweep: interrupted; kept every trial measured so far in {out}", file=sys.stderr)
        return 130
    except (OSError, RuntimeError) as error:  # the echo peer's socket, a load that cannot start
        progress.close()
        print(f"gilsweep: error: {error}; kept every trial measured so far in {out}", file=sys.stderr)
        return 1
    progress.close()
    with open(os.path.join(out, "summary.md")) as summary:
        print(summary.read())
    print(f"Took {document['took_s']:.0f} s. Results: {', '.join(paths)}")
    return 0


def gc_pause_command(args):
    from .latency import gc_pause

    if args.max_wait < 0:
        raise UsageError("--max-wait cannot be negative")
    settings = {"workload": args.workload, "modes": tuple(args.modes), "workers": args.workers,
                "max_wait_s": args.max_wait}
    if args.knobs:
        settings["knobs"] = tuple(args.knobs)
    if args.seed is not None:
        settings["seed"] = args.seed
    if args.quick:
        settings.update(repeats=3, phase_s=gc_pause.QUICK_PHASE_SECONDS, min_collections=gc_pause.QUICK_MIN_COLLECTIONS)
    if args.repeats:
        settings["repeats"] = args.repeats
    try:
        config = gc_pause.GcPauseConfig(**settings)
    except ValueError as error:
        raise UsageError(str(error)) from None
    if args.quick and not args.knobs:
        config.knobs = config.knobs[::2]
    out = args.out or os.path.join("results", time.strftime("gc-pause-%Y%m%d-%H%M%S"))
    progress = sweep.ui.Progress()
    try:
        document, paths = gc_pause.run_gc_pause(config, out, progress, status=lambda text: progress.step(0, 1, text))
    except KeyboardInterrupt:
        progress.close()
        print(f"\ngilsweep: interrupted; kept every trial measured so far in {out}", file=sys.stderr)
        return 130
    except (OSError, RuntimeError) as error:  # a load that cannot start
        progress.close()
        print(f"gilsweep: error: {error}; kept every trial measured so far in {out}", file=sys.stderr)
        return 1
    progress.close()
    with open(os.path.join(out, "summary.md")) as summary:
        print(summary.read())
    print(f"Took {document['took_s']:.0f} s. Results: {', '.join(paths)}")
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


def calibrate_command(args):
    import gilsweep

    workloads, knobs = knob_lists(args.workload, args.knobs, 2 if args.quick else 1)
    from .sweep import c_header, results, round_trip

    if args.latency_budget is not None and not 1e-3 <= args.latency_budget <= 1e4:
        raise UsageError(f"--latency-budget must be 0.001 to 10000 ms, got {args.latency_budget:g}")
    if args.emit_header is not None:
        check_writable(args.emit_header)
    found = sweep.calibrate(workloads, knobs, threads=2, repeats=args.repeats, target_seconds=0.05)
    print(sweep.calibrate_report(found, gilsweep.release_threshold))
    if args.latency_budget is not None:
        print()
        print(sweep.calibrate_module.latency_report(found, args.latency_budget / 1e3))
    trip = round_trip.measure(quick=args.quick)
    print()
    print(round_trip.table(trip))
    if args.emit_header is not None:
        with open(args.emit_header, "w") as file:
            file.write(c_header.header(found, trip, results.machine_metadata()))
        print(f"\nWrote {args.emit_header}")
    return 0


def check_writable(path):
    """Before minutes of measuring: can the file be written at all?"""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path) or not os.path.isdir(folder) or not os.access(folder, os.W_OK):
        raise UsageError(f"cannot write {path}: " + ("it is a folder" if os.path.isdir(path) else
                                                    f"{folder} is not a writable folder"))


def census_command(args):
    """A line per callable on stderr as it is done; census.md on stdout at the end."""
    from .census import listing, report, run

    if args.out == "":
        raise UsageError("--out must name a folder")
    try:
        lists = [listing.load(name) for name in args.lists or listing.DEFAULT_LISTS]
        entries = listing.select(lists, args.only)
    except listing.ListError as error:
        raise UsageError(str(error)) from None
    for listed in lists:
        if listed.skipped:
            sweep.ui.warn(f"census: list {listed.name} skipped: {listed.skipped}")
    out = args.out or os.path.join("results", time.strftime("census-%Y%m%d-%H%M%S"))
    trials = args.trials or (3 if args.quick else sweep.probe.TRIALS)
    trip = "off" if args.no_round_trip else "quick" if args.quick else "full"
    try:
        doc, paths = run.run_census(lists, entries, out, trials, args.jobs, trip, args.confirm, args.seed,
                                    lambda line: print(line, file=sys.stderr, flush=True))
    except OSError as error:
        raise UsageError(f"cannot write results to {out}: {error.strerror or error}") from None
    print(report.markdown(doc), end="")
    print(f"Took {doc['took_s']:.0f} s" + (f" (and {doc['confirm_took_s']:.0f} s confirming)" if args.confirm else "")
          + f". Results: {', '.join(paths)}")
    return 0


def probe_command(args):
    """Verdict lines as they come (text), or one JSON object; the last line is the answer."""
    no_gil = sweep.parallel.no_gil()
    # Without a GIL, the first line says so: before the first verdict, so a target that fails prints nothing.
    opening = [sweep.parallel.no_gil_line(args.target)] if no_gil else []
    show = (lambda verdict: None) if args.json else (
        lambda verdict: print("\n".join(opening + [verdict.describe()]), flush=True) or opening.clear())
    verdicts, answer = sweep.run_probe(args.target, args.expression, knobs=args.knobs,
                                       threshold_range=args.find_threshold, trials=args.trials, on_verdict=show)
    if args.json:
        measure = ({"gil": False, "window_s": sweep.parallel.WINDOW_S, "serial_cut": sweep.parallel.SERIAL_CUT} if no_gil
                   else {"interval_s": sweep.probe.INTERVAL_S})
        print(json.dumps({"target": args.target, "arg": args.expression, **measure,
                          "verdicts": [verdict.as_dict() for verdict in verdicts], "answer": answer}))
    elif answer is None:
        for word in ("serializes", "parallel") if no_gil else ("holds", "releases"):
            knobs = [str(verdict.n) for verdict in verdicts if verdict.word == word]
            if knobs:
                print(f"{word} at n = {', '.join(knobs)}")
    else:
        print(answer)
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
