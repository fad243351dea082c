"""`gilsweep latency` and `gilsweep gc-pause`: what a call costs the other
threads of a program (docs/latency.md, docs/free-threaded.md)."""
import os
import sys
import time

from .. import sweep
from . import UsageError


def latency_command(args):
    from ..latency import run

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
    return run_and_report(run.run_latency, config, out)


def gc_pause_command(args):
    from ..latency import gc_pause

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
    return run_and_report(gc_pause.run_gc_pause, config, out)


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
