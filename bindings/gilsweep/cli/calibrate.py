"""`gilsweep calibrate`: where releasing the GIL starts to pay, per kernel, and
what one release costs; optionally as a C header (docs/thresholds.md)."""
import os

import gilsweep

from ..core import metadata, modes
from ..probe import c_header, round_trip
from ..sweep import config as sweep_config
from ..sweep import thresholds
from .options import UsageError, at_least_one, knob_lists, positive_ints

#: calibrate sets two threads under hold against two under release.
THREADS = 2


def add_parser(commands):
    choices = list(modes.WORKLOADS)
    tune = commands.add_parser("calibrate", help="measure where releasing the GIL starts to pay, per kernel")
    tune.add_argument("--workload", "--kernel", dest="workload", default="all", choices=choices + ["all"],
                      help="default: %(default)s")
    tune.add_argument("--knobs", type=positive_ints, default=None,
                      help="comma-separated knob values (one workload only)")
    tune.add_argument("--repeats", type=at_least_one, default=5, help="measured rounds (default %(default)s)")
    tune.add_argument("--quick", action="store_true", help="every other knob only, and a shorter look at the "
                                                           "machine first, as `sweep --quick`")
    tune.add_argument("--max-wait", type=float, default=sweep_config.MAX_WAIT_SECONDS, metavar="SECONDS",
                      help="how long to wait in all for the machine to deliver 2 cores before a trial, "
                           "as `sweep --max-wait` (default %(default).0f; 0: never wait)")
    tune.add_argument("--handoff-wait", type=float, default=sweep_config.HANDOFF_WAIT_SECONDS, metavar="SECONDS",
                      help="how long to wait for a normal GIL handoff before measuring the small knobs in the "
                           "handoff state there is, as `sweep --handoff-wait` (default %(default).0f)")
    tune.add_argument("--latency-budget", type=float, default=None, metavar="MS",
                      help="also say, per kernel, from what knob one call holding the GIL makes other threads "
                           "wait longer than MS milliseconds, and the threshold that honours both (docs/latency.md)")
    tune.add_argument("--emit-header", default=None, metavar="FILE",
                      help="also write the thresholds found and the GIL's round trip as a C header of #defines "
                           "(docs/census.md)")


def run(args):
    workloads, knobs = knob_lists(args.workload, args.knobs, 2 if args.quick else 1)
    if args.latency_budget is not None and not 1e-3 <= args.latency_budget <= 1e4:
        raise UsageError(f"--latency-budget must be 0.001 to 10000 ms, got {args.latency_budget:g}")
    try:
        sweep_config.check_limits([THREADS], args.max_wait, None, handoff_wait_s=args.handoff_wait)
    except ValueError as error:
        raise UsageError(str(error)) from None
    if args.emit_header is not None:
        check_writable(args.emit_header)
    found = thresholds.calibrate(workloads, knobs, threads=THREADS, repeats=args.repeats, target_seconds=0.05,
                                  max_wait_s=args.max_wait, handoff_wait_s=args.handoff_wait,
                                  forecast_s=sweep_config.PRESETS["quick" if args.quick else "default"].forecast_s)
    print(thresholds.report(found, gilsweep.release_threshold))
    if args.latency_budget is not None:
        print()
        print(thresholds.latency_report(found, args.latency_budget / 1e3))
    trip = round_trip.measure(quick=args.quick)
    print()
    print(round_trip.table(trip))
    if args.emit_header is not None:
        with open(args.emit_header, "w") as file:
            file.write(c_header.header(found, trip, metadata.machine_metadata()))
        print(f"\nWrote {args.emit_header}")
    return 0


def check_writable(path):
    """Before minutes of measuring: can the file be written at all?"""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path) or not os.path.isdir(folder) or not os.access(folder, os.W_OK):
        raise UsageError(f"cannot write {path}: " + ("it is a folder" if os.path.isdir(path) else
                                                    f"{folder} is not a writable folder"))
