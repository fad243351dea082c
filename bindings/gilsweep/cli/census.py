"""`gilsweep census`: which callables of the standard library and NumPy release
the GIL, from what size (docs/census.md)."""
import os
import sys
import time

from ..census import listing, report
from ..census import run as census_run
from ..core import ui
from ..probe import gil_probe
from .options import UsageError, at_least_one


def add_parser(commands):
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
                        help=f"trials per decision, the majority decides (default {gil_probe.TRIALS}; --quick 3)")
    census.add_argument("--quick", action="store_true", help="3 trials per decision and a shorter round trip")
    census.add_argument("--no-round-trip", action="store_true", help="skip measuring what a GIL release costs")
    census.add_argument("--confirm", action="store_true",
                        help="then re-ask every threshold found of a fresh `gilsweep probe --find-threshold` "
                             "process, and say whether it agrees")
    census.add_argument("--seed", type=int, default=None, help="the probes' random seed (default: fresh)")
    census.add_argument("--out", default=None, help="results folder (default results/census-YYYYmmdd-HHMMSS)")


def run(args):
    """A line per callable on stderr as it is done; census.md on stdout at the end."""
    if args.out == "":
        raise UsageError("--out must name a folder")
    try:
        lists = [listing.load(name) for name in args.lists or listing.DEFAULT_LISTS]
        entries = listing.select(lists, args.only)
    except listing.ListError as error:
        raise UsageError(str(error)) from None
    for listed in lists:
        if listed.skipped:
            ui.warn(f"census: list {listed.name} skipped: {listed.skipped}")
    out = args.out or os.path.join("results", time.strftime("census-%Y%m%d-%H%M%S"))
    trials = args.trials or (3 if args.quick else gil_probe.TRIALS)
    trip = "off" if args.no_round_trip else "quick" if args.quick else "full"
    try:
        doc, paths = census_run.run_census(lists, entries, out, trials, args.jobs, trip, args.confirm, args.seed,
                                    lambda line: print(line, file=sys.stderr, flush=True))
    except OSError as error:
        raise UsageError(f"cannot write results to {out}: {error.strerror or error}") from None
    print(report.markdown(doc), end="")
    print(f"Took {doc['took_s']:.0f} s" + (f" (and {doc['confirm_took_s']:.0f} s confirming)" if args.confirm else "")
          + f". Results: {', '.join(paths)}")
    return 0
