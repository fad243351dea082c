"""`gilsweep sweep`, the main job: speedup against work per call for every mode,
side by side in one run (docs/method.md)."""
import os
import sys
import time

from ..core import dask_runner, modes, ui, workloads
from ..core.swift_worker import find_binary
from ..probe.api import PROBE_KNOBS
from ..sweep import api, grid
from ..sweep import config as sweep_config
from .options import UsageError, at_least_one, comma_list, knob_lists, positive_ints


def add_parser(commands):
    choices = list(modes.WORKLOADS)
    run = commands.add_parser("sweep", help="measure speedup vs work per call for every mode; write plot, table, data")
    run.add_argument("--workload", "--kernel", dest="workload", default=None, choices=choices + ["all"],
                     help="which workload's work knob to sweep (default churn)")
    run.add_argument("--callable", dest="target", default=None, metavar="TARGET",
                     help="sweep this callable instead, module:attribute.path (e.g. hashlib:sha256), with --arg "
                          "building its arguments from the knob n; modes threads and processes, and the GIL verdict "
                          "of `gilsweep probe` per knob")
    run.add_argument("--arg", dest="expression", default=None, metavar="EXPR",
                     help="with --callable: a Python expression in n, the argument or a tuple of arguments")
    run.add_argument("--modes", type=lambda t: comma_list(t, modes.ALL_MODES, "mode"), default=list(modes.MODES),
                     help="comma-separated modes (default: all but the Dask ones, which --dask adds): "
                          + ", ".join(modes.ALL_MODES))
    run.add_argument("--dask", action="store_true",
                     help="also measure the Dask modes (" + ", ".join(modes.DASK_MODES) + "; needs the [dask] extra): "
                          f"they add a few minutes, so the time budget grows by {dask_runner.EXTRA_BUDGET_S:.0f} s")
    run.add_argument("--threads", type=positive_ints, default=None,
                     help=f"comma-separated thread counts, each at most {sweep_config.MAX_THREADS} "
                          "(default: 2 and the core count)")
    quick, default, full = (sweep_config.PRESETS[name] for name in ("quick", "default", "full"))
    run.add_argument("--repeats", type=at_least_one, default=None,
                     help="rounds every point gets before the stopping rule may let it go; points not yet "
                          "measured well enough get more, up to this many plus "
                          f"{default.extra_rounds} (default {default.repeats}; --quick {quick.repeats} plus "
                          f"{quick.extra_rounds}, --full {full.repeats} plus {full.extra_rounds})")
    limits = ", ".join(f"{w} {k}" for w, k in workloads.MAX_KNOBS.items())
    run.add_argument("--knobs", type=positive_ints, default=None,
                     help=f"comma-separated knob values (one workload only; at most: {limits})")
    run.add_argument("--max-wait", type=float, default=sweep_config.MAX_WAIT_SECONDS, metavar="SECONDS",
                     help="how long the run may wait in all for the machine to deliver T cores "
                          "before a trial, instead of measuring trials it would throw away; "
                          "waiting does not count against --time-budget. Once it is spent, trials are measured "
                          "whatever the state, and the run says so (default %(default).0f; 0: never wait)")
    run.add_argument("--handoff-wait", type=float, default=sweep_config.HANDOFF_WAIT_SECONDS, metavar="SECONDS",
                     help="how much of --max-wait may go to waiting for a normal GIL handoff; after it, points "
                          "near the knee are measured in the handoff state there is and answered per state "
                          "(default %(default).0f)")
    run.add_argument("--canary-block", type=int, default=sweep_config.CANARY_BLOCK, metavar="TRIALS",
                     help="once the machine has been steady for a while, read it once per this many trials "
                          "instead of around each; any bad reading brings back a reading per trial "
                          "(default %(default)d; 1: always per trial)")
    run.add_argument("--time-budget", type=float, default=None, metavar="SECONDS",
                     help="the measuring time a run aims at, waiting not counted: past it only points that are still "
                          "unstable are measured, while waiting is still allowed, up to "
                          f"{sweep_config.HARD_CAP_FACTOR:g} times it (default {default.time_budget_s:.0f}; "
                          f"--quick {quick.time_budget_s:.0f}, --full {full.time_budget_s:.0f}; 0: no budget)")
    run.add_argument("--max-time", type=float, default=None, metavar="SECONDS",
                     help="the longest the whole run may take, waiting for the machine included; near it the run "
                          "stops, saves what it measured and says what it skipped (default "
                          f"{default.max_time_s:.0f}; --quick {quick.max_time_s:.0f}, --full {full.max_time_s:.0f}; "
                          "0: no limit)")
    run.add_argument("--seed", type=int, default=None,
                     help="the schedule's random seed (default: a fresh one, recorded)")
    run.add_argument("--out", default=None, help="results folder (default results/YYYYmmdd-HHMMSS)")
    run.add_argument("--swift", default=None, help="path to gilsweep-swift (default: found automatically)")
    preset = run.add_mutually_exclusive_group()
    preset.add_argument("--quick", action="store_true",
                        help=f"a smoke test: {quick.repeats} to {quick.repeats + quick.extra_rounds} rounds of "
                             f"{quick.target_seconds * 1000:.0f} ms windows, "
                             f"1 default knob in {quick.knob_stride}")
    preset.add_argument("--full", action="store_true",
                        help=f"publication quality: every default knob (not a lattice refined where the curves "
                             f"bend), at least {full.repeats} rounds of {full.target_seconds * 1000:.0f} ms windows")


def adaptive_grid(chosen_workloads, knobs):
    """Turns each workload's dense default knobs in `knobs` (changed in place) into
    their coarse lattice; returns the dense lists to refine from (grid.py)."""
    dense = {w: list(workloads.DEFAULT_KNOBS[w]) for w in chosen_workloads}
    for w in chosen_workloads:
        knobs[w] = sorted(set(grid.lattice(dense[w])) | (set(knobs[w]) - set(dense[w])))
    return dense


def run(args):
    preset = sweep_config.PRESETS["quick" if args.quick else "full" if args.full else "default"]
    if args.target is None and args.expression is not None:
        raise UsageError("--arg needs --callable")
    if args.target is not None and (args.expression is None or args.workload is not None):
        raise UsageError("--callable needs --arg, and no --workload")
    chosen = list(dict.fromkeys(args.modes + (list(modes.DASK_MODES) if args.dask else [])))
    if args.target is not None and any(mode in modes.DASK_MODES for mode in chosen):
        raise UsageError("the Dask modes sweep the kernels, not a --callable")
    chosen = dask_runner.usable_modes(chosen, ui.warn)
    with_dask = any(mode in modes.DASK_MODES for mode in chosen)
    if args.target is None:
        chosen_workloads, knobs = knob_lists(args.workload or "churn", args.knobs, preset.knob_stride, with_dask)
        refine = adaptive_grid(chosen_workloads, knobs) if preset.adaptive and not args.knobs else None
    threads = args.threads or sorted({2, os.cpu_count() or 2})
    budget = (preset.time_budget_s + (dask_runner.EXTRA_BUDGET_S if with_dask else 0.0)
              if args.time_budget is None else (args.time_budget or None))
    max_time = (preset.max_time_s + (3 * dask_runner.EXTRA_BUDGET_S if with_dask else 0.0)
                if args.max_time is None else (args.max_time or None))
    if args.out == "":
        raise UsageError("--out must name a folder")
    out = args.out or os.path.join("results", time.strftime("%Y%m%d-%H%M%S"))
    binary = find_binary(args.swift)
    if args.swift and binary != args.swift:
        raise UsageError(f"--swift {args.swift} is not an executable file")
    settings = dict(threads=threads, repeats=args.repeats or preset.repeats, extra_rounds=preset.extra_rounds,
                    target_seconds=preset.target_seconds,
                    seed=args.seed, max_wait_s=args.max_wait, handoff_wait_s=args.handoff_wait,
                    canary_block=args.canary_block,
                    time_budget_s=budget, forecast_s=preset.forecast_s,
                    max_time_s=max_time)
    try:
        if args.target is None:
            config = sweep_config.SweepConfig(workloads=chosen_workloads, modes=chosen, knobs=knobs,
                                              refine_knobs=refine, **settings)
        else:
            asked = None if args.modes == list(modes.MODES) else args.modes
            config = api.foreign_config(args.target, args.expression, args.knobs or PROBE_KNOBS, asked, **settings)
    except ValueError as error:  # threads, knobs or modes that cannot make a sweep
        raise UsageError(str(error)) from None
    started = time.monotonic()
    try:
        measured, rows, paths = api.run_sweep(config, out, binary)
    except KeyboardInterrupt:
        print(f"\ngilsweep: interrupted; kept every window measured so far in {out}", file=sys.stderr)
        return 130
    with open(os.path.join(out, "summary.md")) as summary:
        print(summary.read())
    written = [os.path.join(out, "sweep.csv"), os.path.join(out, "sweep.json")] + paths
    print(f"Took {time.monotonic() - started:.0f} s. Results: {', '.join(written)}")
    print(measured.verdict().line())
    return 0
