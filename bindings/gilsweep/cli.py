"""`gilsweep sweep` (the main job), `plot RESULTS_DIR`, `compare A B`, `calibrate`, `probe TARGET`
and `count-primes LO HI` (on Dask).
The only module that turns errors into exit codes and one line on stderr."""
import argparse
import json
import os
import sys
import time

from . import sweep

DEFAULT_PRESET = sweep.PRESETS["default"]


class OneLineParser(argparse.ArgumentParser):
    """Bad options end with one line on stderr and exit status 2, no usage block."""

    def error(self, message):
        self.exit(2, f"gilsweep: error: {message}\n")


class UsageError(Exception):
    """Options that parse but do not make sense together."""


def comma_list(text, valid, what):
    items = [item.strip() for item in text.split(",") if item.strip()]
    unknown = [item for item in items if item not in valid]
    if unknown or not items:
        raise argparse.ArgumentTypeError(
            f"unknown {what} {', '.join(map(repr, unknown)) or repr(text)}; valid {what}s: {', '.join(valid)}")
    return items


def int_list(text, least, what):
    """Comma-separated integers, each at least `least`; `what` names them in the error."""
    try:
        values = [int(item) for item in text.split(",")]  # an empty item ("1,,2") is an error too
    except ValueError:
        values = None
    if not values or any(value < least for value in values):
        raise argparse.ArgumentTypeError(f"expected comma-separated {what}, got {text!r}")
    return values


def positive_ints(text):
    return int_list(text, 1, "positive integers")


def non_negative_ints(text):
    return int_list(text, 0, "integers >= 0")


def at_least_one(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def int_range(text):
    lo, colon, hi = text.partition(":")
    try:
        bounds = (int(lo), int(hi))
    except ValueError:
        bounds = None
    if not colon or bounds is None or bounds[0] < 0 or bounds[1] < bounds[0]:
        raise argparse.ArgumentTypeError(f"expected LO:HI with 0 <= LO <= HI, got {text!r}")
    return bounds


def bound(text):
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None


def parser():
    workloads = list(sweep.WORKLOADS)
    top = OneLineParser(prog="gilsweep", description="How much work must a native call do before threads pay off?")
    commands = top.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    run = commands.add_parser("sweep", help="measure speedup vs work per call for every mode; write plot, table, data")
    run.add_argument("--kernel", default=None, choices=workloads + ["all"],
                     help="which workload's work knob to sweep (default churn)")
    run.add_argument("--callable", dest="target", default=None, metavar="TARGET",
                     help="sweep this callable instead, module:attribute.path (e.g. hashlib:sha256), with --arg "
                          "building its arguments from the knob n; modes threads and processes, and the GIL verdict "
                          "of `gilsweep probe` per knob")
    run.add_argument("--arg", dest="expression", default=None, metavar="EXPR",
                     help="with --callable: a Python expression in n, the argument or a tuple of arguments")
    run.add_argument("--modes", type=lambda t: comma_list(t, sweep.modes.ALL_MODES, "mode"), default=list(sweep.MODES),
                     help="comma-separated modes (default: all but the Dask ones, which --dask adds): "
                          + ", ".join(sweep.modes.ALL_MODES))
    run.add_argument("--dask", action="store_true",
                     help="also measure the Dask modes (" + ", ".join(sweep.modes.DASK_MODES) + "; needs the [dask] extra): "
                          f"they add a few minutes, so the time budget grows by {sweep.dask_runner.EXTRA_BUDGET_S:.0f} s")
    run.add_argument("--threads", type=positive_ints, default=None,
                     help=f"comma-separated thread counts, each at most {sweep.engine.MAX_THREADS} (default: 2 and the core count)")
    quick, default, full = (sweep.PRESETS[name] for name in ("quick", "default", "full"))
    run.add_argument("--repeats", type=at_least_one, default=None,
                     help=f"measured rounds, i.e. trials per point, warm-up excluded (default {default.repeats}; "
                          f"--quick {quick.repeats}, --full {full.repeats})")
    limits = ", ".join(f"{w} {k}" for w, k in sweep.workloads.MAX_KNOBS.items())
    run.add_argument("--knobs", type=positive_ints, default=None,
                     help=f"comma-separated knob values (one kernel only; at most: {limits})")
    run.add_argument("--max-wait", type=float, default=sweep.engine.MAX_WAIT_SECONDS, metavar="SECONDS",
                     help="how long the run may wait in all for the machine to deliver T cores (and a fast GIL handoff) "
                          "before a trial, instead of measuring trials it would throw away; waiting does not count "
                          "against --time-budget. Once it is spent, trials are measured whatever the state, and the "
                          "run says so (default %(default).0f; 0: never wait)")
    run.add_argument("--time-budget", type=float, default=None, metavar="SECONDS",
                     help="the measuring time a run aims at, waiting not counted: past it only points that are still "
                          f"unstable are measured, while waiting is still allowed, up to {sweep.engine.HARD_CAP_FACTOR:g} "
                          f"times it (default {default.time_budget_s:.0f}; --quick {quick.time_budget_s:.0f}, --full "
                          f"{full.time_budget_s:.0f}; 0: no budget)")
    run.add_argument("--seed", type=int, default=None, help="the schedule's random seed (default: a fresh one, recorded)")
    run.add_argument("--out", default=None, help="results folder (default results/YYYYmmdd-HHMMSS)")
    run.add_argument("--swift", default=None, help="path to gilsweep-swift (default: found automatically)")
    preset = run.add_mutually_exclusive_group()
    preset.add_argument("--quick", action="store_true",
                        help=f"a smoke test: {quick.repeats} rounds of {quick.target_seconds * 1000:.0f} ms windows, "
                             f"1 default knob in {quick.knob_stride}")
    preset.add_argument("--full", action="store_true",
                        help=f"publication quality: {full.repeats} rounds of {full.target_seconds * 1000:.0f} ms windows")
    show = commands.add_parser("plot", help="recompute a results folder from its raw windows; rewrite table and plot")
    show.add_argument("results_dir")
    diff = commands.add_parser("compare", help="two results folders side by side, point by point")
    diff.add_argument("results_a")
    diff.add_argument("results_b")
    probe = commands.add_parser("probe", help="does a callable release the GIL, and from what argument size?")
    probe.add_argument("target", help="module:attribute.path, e.g. hashlib:sha256 or gilsweep.kernels:churn_auto")
    probe.add_argument("--arg", dest="expression", required=True, metavar="EXPR",
                       help="a Python expression in n that builds the argument, or a tuple of arguments, "
                            "e.g. 'bytes(n)' or '(bytes(n), 0)'")
    where = probe.add_mutually_exclusive_group()
    where.add_argument("--knobs", type=non_negative_ints,
                       help=f"values of n to decide (default {','.join(map(str, sweep.PROBE_KNOBS))})")
    where.add_argument("--find-threshold", type=int_range, metavar="LO:HI",
                       help="bisect for the smallest n in [LO, HI] at which the target releases the GIL")
    probe.add_argument("--trials", type=at_least_one, default=sweep.probe.TRIALS,
                       help="trials per decision; the majority decides (default %(default)s)")
    probe.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    tune = commands.add_parser("calibrate", help="measure where releasing the GIL starts to pay, per kernel")
    tune.add_argument("--kernel", default="all", choices=workloads + ["all"], help="default: %(default)s")
    tune.add_argument("--knobs", type=positive_ints, default=None, help="comma-separated knob values (one kernel only)")
    tune.add_argument("--repeats", type=at_least_one, default=5, help="measured rounds (default %(default)s)")
    tune.add_argument("--quick", action="store_true", help="every other knob only")
    primes = commands.add_parser("count-primes", help="count the primes in [LO, HI) as Dask tasks (needs the [dask] extra)")
    primes.add_argument("lo", metavar="LO", type=bound)
    primes.add_argument("hi", metavar="HI", type=bound)
    primes.add_argument("--chunk", type=at_least_one, default=None, metavar="SIZE",
                        help="numbers per task (default: about 8 tasks per thread of the cluster, "
                             "between 10^6 and 10^9)")
    primes.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="an existing cluster's scheduler, tcp://HOST:PORT (default: a LocalCluster in this process)")
    primes.add_argument("--threads", type=at_least_one, default=None, metavar="N",
                        help="threads of the LocalCluster's one worker (default: the core count)")
    primes.add_argument("--gil", choices=("release", "hold"), default="release",
                        help="the kernel's GIL policy in every task (default %(default)s; hold shows what the GIL costs)")
    return top


def knob_lists(kernel_choice, explicit, stride, dask=False):
    """Workloads and their knobs; with dask modes, also the larger knobs only they (and the ceiling) measure."""
    workloads = list(sweep.WORKLOADS) if kernel_choice == "all" else [kernel_choice]
    if explicit and len(workloads) > 1:
        raise UsageError("--knobs needs a single --kernel, not all")
    return workloads, {w: explicit or sorted(set(sweep.DEFAULT_KNOBS[w][::stride])
                                             | set(sweep.workloads.DASK_KNOBS.get(w, []) if dask else []))
                       for w in workloads}


def sweep_command(args):
    preset = sweep.PRESETS["quick" if args.quick else "full" if args.full else "default"]
    if args.target is None and args.expression is not None:
        raise UsageError("--arg needs --callable")
    if args.target is not None and (args.expression is None or args.kernel is not None):
        raise UsageError("--callable needs --arg, and no --kernel")
    chosen = list(dict.fromkeys(args.modes + (list(sweep.modes.DASK_MODES) if args.dask else [])))
    if args.target is not None and any(mode in sweep.modes.DASK_MODES for mode in chosen):
        raise UsageError("the Dask modes sweep the kernels, not a --callable")
    chosen = sweep.dask_runner.usable_modes(chosen, sweep.engine.warn)
    with_dask = any(mode in sweep.modes.DASK_MODES for mode in chosen)
    if args.target is None:
        workloads, knobs = knob_lists(args.kernel or "churn", args.knobs, preset.knob_stride, with_dask)
    threads = args.threads or sorted({2, os.cpu_count() or 2})
    if max(threads) > sweep.engine.MAX_THREADS:  # before a --callable's probe, not after it
        raise UsageError(f"--threads must be at most {sweep.engine.MAX_THREADS}, got {max(threads)}")
    if not 0 <= args.max_wait <= 86400:
        raise UsageError(f"--max-wait must be between 0 and 86400 seconds, got {args.max_wait}")
    if args.time_budget is not None and not 0 <= args.time_budget <= 86400:
        raise UsageError(f"--time-budget must be between 0 and 86400 seconds, got {args.time_budget}")
    budget = (preset.time_budget_s + (sweep.dask_runner.EXTRA_BUDGET_S if with_dask else 0.0)
              if args.time_budget is None else (args.time_budget or None))
    if args.out == "":
        raise UsageError("--out must name a folder")
    out = args.out or os.path.join("results", time.strftime("%Y%m%d-%H%M%S"))
    binary = sweep.find_binary(args.swift)
    if args.swift and binary != args.swift:
        raise UsageError(f"--swift {args.swift} is not an executable file")
    settings = dict(threads=threads, repeats=args.repeats or preset.repeats, target_seconds=preset.target_seconds,
                    seed=args.seed, max_wait_s=args.max_wait, time_budget_s=budget, forecast_s=preset.forecast_s)
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
    print(f"Wrote {', '.join(sweep.replot(args.results_dir))}")
    return 0


def compare_command(args):
    trust, table, verdict, _ = sweep.compare_runs(args.results_a, args.results_b)
    print(trust)
    print(table)
    print(verdict)
    return 0


def calibrate_command(args):
    import gilsweep

    workloads, knobs = knob_lists(args.kernel, args.knobs, 2 if args.quick else 1)
    found = sweep.calibrate(workloads, knobs, threads=2, repeats=args.repeats, target_seconds=0.05)
    print(sweep.calibrate_report(found, gilsweep.release_threshold))
    return 0


def probe_command(args):
    """Verdict lines as they come (text), or one JSON object; the last line is the answer."""
    show = (lambda verdict: None) if args.json else (lambda verdict: print(verdict.describe(), flush=True))
    verdicts, answer = sweep.run_probe(args.target, args.expression, knobs=args.knobs,
                                       threshold_range=args.find_threshold, trials=args.trials, on_verdict=show)
    if args.json:
        print(json.dumps({"target": args.target, "arg": args.expression, "interval_s": sweep.probe.INTERVAL_S,
                          "verdicts": [verdict.as_dict() for verdict in verdicts], "answer": answer}))
    elif answer is None:
        for word in ("holds", "releases"):
            knobs = [str(verdict.n) for verdict in verdicts if verdict.word == word]
            if knobs:
                print(f"{word} at n = {', '.join(knobs)}")
    else:
        print(answer)
    return 0


def count_primes_command(args):
    """The count alone on stdout; progress, elapsed time and rate on stderr."""
    from . import distributed

    if args.scheduler and args.threads:
        raise UsageError("--threads sizes the local cluster; with --scheduler the cluster's workers decide")
    progress = sweep.engine.Progress()
    try:
        count, stats = distributed.count_primes(
            args.lo, args.hi, chunk=args.chunk, scheduler=args.scheduler, threads=args.threads, gil=args.gil,
            progress=lambda done, total, numbers: progress.step(done, total, f"{numbers:,} numbers"))
    except (TypeError, ValueError, OverflowError) as error:  # bad bounds: the kernel's own message
        progress.close()
        print(f"gilsweep: error: {error}", file=sys.stderr)
        return 2
    except distributed.DaskMissing as error:
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


COMMANDS = {"sweep": sweep_command, "plot": plot_command, "compare": compare_command, "calibrate": calibrate_command,
            "probe": probe_command, "count-primes": count_primes_command}


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
