"""The command lines of `gilsweep`: one parser per subcommand, and the option
types, each ending a bad value with one line on stderr and exit status 2.
What the commands do is in cli.py."""
import argparse

from . import sweep


class OneLineParser(argparse.ArgumentParser):
    """Bad options end with one line on stderr and exit status 2, no usage block."""

    def error(self, message):
        self.exit(2, f"gilsweep: error: {message}\n")


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
    top = OneLineParser(prog="gilsweep", description="How much work must a native call do before threads pay off?")
    commands = top.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    for add in (add_sweep, add_latency, add_gc_pause, add_plot, add_compare, add_probe, add_census,
                add_calibrate, add_count_primes):
        add(commands)
    return top


def add_sweep(commands):
    workloads = list(sweep.WORKLOADS)
    run = commands.add_parser("sweep", help="measure speedup vs work per call for every mode; write plot, table, data")
    run.add_argument("--workload", "--kernel", dest="workload", default=None, choices=workloads + ["all"],
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
                     help=f"comma-separated thread counts, each at most {sweep.config.MAX_THREADS} (default: 2 and the core count)")
    quick, default, full = (sweep.PRESETS[name] for name in ("quick", "default", "full"))
    run.add_argument("--repeats", type=at_least_one, default=None,
                     help=f"measured rounds, i.e. trials per point, warm-up excluded (default {default.repeats}; "
                          f"--quick {quick.repeats}, --full {full.repeats})")
    limits = ", ".join(f"{w} {k}" for w, k in sweep.workloads.MAX_KNOBS.items())
    run.add_argument("--knobs", type=positive_ints, default=None,
                     help=f"comma-separated knob values (one workload only; at most: {limits})")
    run.add_argument("--max-wait", type=float, default=sweep.config.MAX_WAIT_SECONDS, metavar="SECONDS",
                     help="how long the run may wait in all for the machine to deliver T cores (and a fast GIL handoff) "
                          "before a trial, instead of measuring trials it would throw away; waiting does not count "
                          "against --time-budget. Once it is spent, trials are measured whatever the state, and the "
                          "run says so (default %(default).0f; 0: never wait)")
    run.add_argument("--time-budget", type=float, default=None, metavar="SECONDS",
                     help="the measuring time a run aims at, waiting not counted: past it only points that are still "
                          f"unstable are measured, while waiting is still allowed, up to {sweep.config.HARD_CAP_FACTOR:g} "
                          f"times it (default {default.time_budget_s:.0f}; --quick {quick.time_budget_s:.0f}, --full "
                          f"{full.time_budget_s:.0f}; 0: no budget)")
    run.add_argument("--max-time", type=float, default=None, metavar="SECONDS",
                     help="the longest the whole run may take, waiting for the machine included; near it the run "
                          "stops, saves what it measured and says what it skipped (default "
                          f"{default.max_time_s:.0f}; --quick {quick.max_time_s:.0f}, --full {full.max_time_s:.0f}; "
                          "0: no limit)")
    run.add_argument("--seed", type=int, default=None, help="the schedule's random seed (default: a fresh one, recorded)")
    run.add_argument("--out", default=None, help="results folder (default results/YYYYmmdd-HHMMSS)")
    run.add_argument("--swift", default=None, help="path to gilsweep-swift (default: found automatically)")
    preset = run.add_mutually_exclusive_group()
    preset.add_argument("--quick", action="store_true",
                        help=f"a smoke test: {quick.repeats} rounds of {quick.target_seconds * 1000:.0f} ms windows, "
                             f"1 default knob in {quick.knob_stride}")
    preset.add_argument("--full", action="store_true",
                        help=f"publication quality: {full.repeats} rounds of {full.target_seconds * 1000:.0f} ms windows")


def milliseconds(text):
    """Comma-separated positive milliseconds, e.g. "5,0.5"."""
    try:
        values = [float(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated milliseconds, got {text!r}") from None
    if not values or any(not 0.001 <= value <= 1000 for value in values):
        raise argparse.ArgumentTypeError(f"each switch interval must be 0.001 to 1000 ms, got {text!r}")
    return values


def add_latency(commands):
    from .latency.run import FOREIGN_MODES, LATENCY_MODES

    victim = commands.add_parser("latency", help="how late another thread runs, and how fast its blocking I/O goes, "
                                                 "next to threads calling a kernel, per mode and work per call")
    add_load_workload(victim)
    victim.add_argument("--callable", dest="target", default=None, metavar="TARGET",
                        help="the load calls this callable instead, module:attribute.path (e.g. hashlib:sha256), with "
                             "--arg building its arguments from each of --knobs; modes threads and processes")
    victim.add_argument("--arg", dest="expression", default=None, metavar="EXPR",
                        help="with --callable: a Python expression in n, the argument or a tuple of arguments")
    every = list(dict.fromkeys(LATENCY_MODES + FOREIGN_MODES))
    victim.add_argument("--modes", type=lambda t: comma_list(t, every, "mode"), default=list(LATENCY_MODES),
                        help="comma-separated modes of the load (default: all of " + ", ".join(LATENCY_MODES)
                             + "; with --callable " + ", ".join(FOREIGN_MODES) + ")")
    victim.add_argument("--knobs", type=positive_ints, default=None,
                        help="comma-separated knob values of the load (default: the workload's latency knobs)")
    victim.add_argument("--workers", type=at_least_one, default=1, help="threads (or processes) of the load (default 1)")
    victim.add_argument("--switch-interval", type=milliseconds, default=[5.0], metavar="MS",
                        help="comma-separated sys.setswitchinterval values in ms, each a point of its own "
                             "(default 5, Python's; e.g. 5,0.5)")
    add_victim_run_options(victim, "latency", "a smoke test: 3 trials of 0.1 s phases, every other knob")


def add_gc_pause(commands):
    from .latency import gc_pause

    pause = commands.add_parser("gc-pause", help="how long a garbage collection stops another thread while workers "
                                                 "call a kernel attached (hold) or detached (release), against work "
                                                 "per call: what holding costs without a GIL")
    add_load_workload(pause)
    pause.add_argument("--modes", type=lambda t: comma_list(t, gc_pause.GC_MODES, "mode"),
                       default=list(gc_pause.DEFAULT_MODES),
                       help="comma-separated modes of the load (default " + ",".join(gc_pause.DEFAULT_MODES)
                            + "; any of " + ", ".join(gc_pause.GC_MODES) + ")")
    pause.add_argument("--knobs", type=positive_ints, default=None,
                       help="comma-separated knob values of the load (default for churn: "
                            + ",".join(map(str, gc_pause.CHURN_KNOBS)) + ")")
    pause.add_argument("--workers", type=at_least_one, default=1, help="threads of the load (default 1)")
    add_victim_run_options(pause, "gc-pause", "a smoke test: 3 trials of short phases, every other knob")


def add_load_workload(command):
    command.add_argument("--workload", "--kernel", dest="workload", default="churn", choices=list(sweep.WORKLOADS),
                         help="the load's workload (default %(default)s)")


def add_victim_run_options(command, name, quick_help):
    """What `gilsweep latency` and `gilsweep gc-pause` share after their load's options."""
    command.add_argument("--repeats", type=at_least_one, default=None,
                         help="interleaved trials per point (default 5; --quick 3)")
    command.add_argument("--max-wait", type=float, default=sweep.config.MAX_WAIT_SECONDS, metavar="SECONDS",
                         help="how long the run may wait in all for the machine's cores (default %(default).0f)")
    command.add_argument("--seed", type=int, default=None,
                         help="the schedule's random seed (default: a fresh one, recorded)")
    command.add_argument("--out", default=None, help=f"results folder (default results/{name}-YYYYmmdd-HHMMSS)")
    command.add_argument("--quick", action="store_true", help=quick_help)


def add_plot(commands):
    show = commands.add_parser("plot", help="recompute a results folder from its raw windows; rewrite table and plot; "
                                            "given two sweep folders (a GIL run and a free-threaded run), draw both "
                                            "runs' curves per mode on one figure")
    show.add_argument("results_dir")
    show.add_argument("other_dir", nargs="?", default=None,
                      help="a second sweep folder: write side-by-side.png/.svg/.md instead of rewriting either")
    show.add_argument("--out", default=None, help="with two folders: where to write (default the second folder)")


def add_compare(commands):
    diff = commands.add_parser("compare", help="two results folders side by side, point by point")
    diff.add_argument("results_a")
    diff.add_argument("results_b")
    diff.add_argument("more", nargs="*", metavar="RESULTS",
                      help="more census folders (gilsweep census), one column each; sweeps compare two at a time")
    diff.add_argument("--out", default=None, metavar="DIR",
                      help="sweeps only: also write the crossover table and a figure with both runs' curves per mode "
                           "(side-by-side.md/.png/.svg) in DIR")


def add_probe(commands):
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


def add_census(commands):
    census = commands.add_parser("census", help="which callables of the standard library and NumPy release the GIL, "
                                                "from what argument size, and what one release costs")
    census.add_argument("--list", dest="lists", action="append", default=None, metavar="NAME_OR_FILE",
                        help="a list of callables: stdlib, numpy (the curated ones) or a TOML file of your own in "
                             "their format (docs/census.md); repeat to add lists (default: stdlib and numpy)")
    census.add_argument("--only", action="append", default=None, metavar="PATTERN",
                        help="only the callables whose target or label matches this glob, e.g. 'hashlib:*' or "
                             "'*compress'; repeat for more")
    census.add_argument("--jobs", type=at_least_one, default=1,
                        help="probe this many callables at once, in worker processes (default %(default)s; a probe "
                             "keeps about one core busy, and each decision is checked against its references)")
    census.add_argument("--trials", type=at_least_one, default=None,
                        help=f"trials per decision, the majority decides (default {sweep.probe.TRIALS}; --quick 3)")
    census.add_argument("--quick", action="store_true", help="3 trials per decision and a shorter round trip")
    census.add_argument("--no-round-trip", action="store_true", help="skip measuring what a GIL release costs")
    census.add_argument("--confirm", action="store_true",
                        help="then re-ask every threshold found of a fresh `gilsweep probe --find-threshold` "
                             "process, and say whether it agrees")
    census.add_argument("--seed", type=int, default=None, help="the probes' random seed (default: fresh)")
    census.add_argument("--out", default=None, help="results folder (default results/census-YYYYmmdd-HHMMSS)")


def add_calibrate(commands):
    workloads = list(sweep.WORKLOADS)
    tune = commands.add_parser("calibrate", help="measure where releasing the GIL starts to pay, per kernel")
    tune.add_argument("--workload", "--kernel", dest="workload", default="all", choices=workloads + ["all"],
                      help="default: %(default)s")
    tune.add_argument("--knobs", type=positive_ints, default=None, help="comma-separated knob values (one workload only)")
    tune.add_argument("--repeats", type=at_least_one, default=5, help="measured rounds (default %(default)s)")
    tune.add_argument("--quick", action="store_true", help="every other knob only")
    tune.add_argument("--latency-budget", type=float, default=None, metavar="MS",
                      help="also say, per kernel, from what knob one call holding the GIL makes other threads "
                           "wait longer than MS milliseconds, and the threshold that honours both (docs/latency.md)")
    tune.add_argument("--emit-header", default=None, metavar="FILE",
                      help="also write the thresholds found and the GIL's round trip as a C header of #defines "
                           "(docs/census.md)")


def add_count_primes(commands):
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
