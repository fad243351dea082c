"""`gilsweep calibrate`, `census` and `probe`: where releasing the GIL pays, and
whether a callable releases it, from what size (docs/thresholds.md, census.md, probe.md)."""
import json
import os
import sys
import time

from .. import sweep
from . import UsageError, knob_lists


def calibrate_command(args):
    import gilsweep

    workloads, knobs = knob_lists(args.workload, args.knobs, 2 if args.quick else 1)
    from ..sweep import c_header, results, round_trip

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
    from ..census import listing, report, run

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
