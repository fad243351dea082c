"""`gilsweep latency` and `gilsweep gc-pause`: what a call costs the other
threads of a program (docs/latency.md, docs/free-threaded.md)."""
import os
import sys
import time

from .. import sweep
from . import UsageError


def latency_command(args):
    from ..latency import run

    if (args.target is None) != (args.expression is None):
        raise UsageError("--callable and --arg go together")
    settings = {"switch_intervals": tuple(ms / 1e3 for ms in args.switch_interval)}
    if args.target:
        settings["foreign"] = {"target": args.target, "arg": args.expression}
    quick = {"repeats": 3, "phase_s": run.QUICK_PHASE_SECONDS}
    return run_victim_command(args, settings, quick, run.LatencyConfig, run.run_latency, "latency")


def gc_pause_command(args):
    from ..latency import gc_pause

    quick = {"repeats": 3, "phase_s": gc_pause.QUICK_PHASE_SECONDS, "min_collections": gc_pause.QUICK_MIN_COLLECTIONS}
    return run_victim_command(args, {}, quick, gc_pause.GcPauseConfig, gc_pause.run_gc_pause, "gc-pause")


def run_victim_command(args, settings, quick, config_class, run_folder, name):
    """What both commands share: the load's options (arguments.add_load_workload,
    add_victim_run_options) on top of the command's own `settings`, `quick`'s
    settings and every other knob under --quick, the config's checks as usage
    errors, and a results/NAME-<time> folder by default."""
    if args.max_wait < 0:
        raise UsageError("--max-wait cannot be negative")
    settings = dict(settings, workload=args.workload, modes=tuple(args.modes), workers=args.workers,
                    max_wait_s=args.max_wait)
    if args.knobs:
        settings["knobs"] = tuple(args.knobs)
    if args.seed is not None:
        settings["seed"] = args.seed
    if args.quick:
        settings.update(quick)
    if args.repeats:
        settings["repeats"] = args.repeats
    try:
        config = config_class(**settings)
    except ValueError as error:
        raise UsageError(str(error)) from None
    if args.quick and not args.knobs:
        config.knobs = config.knobs[::2]
    out = args.out or os.path.join("results", time.strftime(f"{name}-%Y%m%d-%H%M%S"))
    return run_and_report(run_folder, config, out)


def run_and_report(run_folder, config, out):
    """Runs run_folder(config, out, progress, status=...) with a progress line,
    prints the summary it wrote and the time it took; exit 130 on Ctrl-C and 1
    on an OSError or RuntimeError, each keeping every
    trial measured so far, with one line on stderr."""
    progress = sweep.ui.Progress()
    try:
        document, paths = run_folder(config, out, progress, status=lambda text: progress.step(0, 1, text))
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
