"""What `gilsweep latency` and `gilsweep gc-pause` share: the options of the
victim's run, and running it with a progress line into a results folder."""
import os
import sys
import time

from ..core import ui
from ..sweep.config import MAX_WAIT_SECONDS
from .options import UsageError, at_least_one


def add_victim_run_options(command, name, quick_help):
    """What `gilsweep latency` and `gilsweep gc-pause` share after their load's options."""
    command.add_argument("--repeats", type=at_least_one, default=None,
                         help="interleaved trials per point (default 5; --quick 3)")
    command.add_argument("--max-wait", type=float, default=MAX_WAIT_SECONDS, metavar="SECONDS",
                         help="how long the run may wait in all for the machine's cores (default %(default).0f)")
    command.add_argument("--seed", type=int, default=None,
                         help="the schedule's random seed (default: a fresh one, recorded)")
    command.add_argument("--out", default=None, help=f"results folder (default results/{name}-YYYYmmdd-HHMMSS)")
    command.add_argument("--quick", action="store_true", help=quick_help)


def run_victim_command(args, settings, quick, config_class, run_folder, name):
    """What both commands share: the load's options (options.add_load_workload,
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
    progress = ui.Progress()
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
