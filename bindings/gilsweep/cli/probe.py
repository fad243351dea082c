"""`gilsweep probe`: does a callable release the GIL, and from what argument
size (docs/probe.md)."""
import json

from ..probe import gil_probe, parallel
from ..probe.api import PROBE_KNOBS, run_probe
from .options import at_least_one, int_range, non_negative_ints


def add_parser(commands):
    command = commands.add_parser("probe", help="does a callable release the GIL, and from what argument size?")
    command.add_argument("target", help="module:attribute.path, e.g. hashlib:sha256 or gilsweep.kernels:churn_auto")
    command.add_argument("--arg", dest="expression", required=True, metavar="EXPR",
                       help="a Python expression in n that builds the argument, or a tuple of arguments, "
                            "e.g. 'bytes(n)' or '(bytes(n), 0)'")
    where = command.add_mutually_exclusive_group()
    where.add_argument("--knobs", type=non_negative_ints,
                       help=f"values of n to decide (default {','.join(map(str, PROBE_KNOBS))})")
    where.add_argument("--find-threshold", type=int_range, metavar="LO:HI",
                       help="bisect for the smallest n in [LO, HI] at which the target releases the GIL")
    command.add_argument("--trials", type=at_least_one, default=gil_probe.TRIALS,
                       help="trials per decision; the majority decides (default %(default)s)")
    command.add_argument("--json", action="store_true", help="print one JSON object instead of text")


def run(args):
    """Verdict lines as they come (text), or one JSON object; the last line is the answer."""
    no_gil = parallel.no_gil()
    # Without a GIL, the first line says so: before the first verdict, so a target that fails prints nothing.
    opening = [parallel.no_gil_line(args.target)] if no_gil else []
    show = (lambda verdict: None) if args.json else (
        lambda verdict: print("\n".join(opening + [verdict.describe()]), flush=True) or opening.clear())
    verdicts, answer = run_probe(args.target, args.expression, knobs=args.knobs,
                                       threshold_range=args.find_threshold, trials=args.trials, on_verdict=show)
    if args.json:
        measure = ({"gil": False, "window_s": parallel.WINDOW_S, "serial_cut": parallel.SERIAL_CUT} if no_gil
                   else {"interval_s": gil_probe.INTERVAL_S})
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
