"""Replays the stopping rule (gilsweep/sweep/stopping.py) on the raw windows of
finished runs: for each point, its trials in the order they were measured, the
rule read at its look counts, and, once it stops, one more trial as the closing
round would give it (reopening the point if its estimate then leaves its
interval). Prints how many trials the rule would have used and how far its
estimates lie from the ones over all of the run's trials.

    python bindings/tools/replay_stopping.py docs/data/sweep-*/sweep.json.gz
    python bindings/tools/replay_stopping.py --warmup-as-trial RUN...  (as if there were no warm-up round)
    python bindings/tools/replay_stopping.py --first-trial RUN...  (does a warm-up trial read apart?)

A point the rule would have measured past the trials the run has "runs out"; it
is counted apart and left out of the distances."""
import argparse
import gzip
import json
import sys

from gilsweep.core import modes, stats
from gilsweep.sweep import analysis, stopping
from gilsweep.sweep.config import PRESETS


def load(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as source:
        return json.load(source)


def trials_in_order(windows, point_id, warmup_as_trial):
    """[(trial, {kind: window})] of one point, complete trials only, in the order measured."""
    by_trial = {}
    for window in windows:
        if window["point"] == point_id and (warmup_as_trial or not window["warmup"]):
            by_trial.setdefault(window["trial"], {})[window["kind"]] = window
    complete = [(trial, pair) for trial, pair in by_trial.items() if len(pair) == 2]
    return sorted(complete, key=lambda item: min(w["order"] for w in item[1].values()))


def estimate(point, pairs, seed):
    """The point's row from its first trials, as the run's analysis would give it (of a
    point estimated per handoff state, the first state's: the rule is replayed on one curve)."""
    rows = analysis.point_estimate(point, dict(enumerate(pair for _, pair in pairs)), seed)[0]
    return rows[0] if rows else None


def replay_point(point, pairs, seed, looks, cap, ceiling):
    """(why, trials used, row when stopped): why is settled, capped or ran-out. The
    estimate is computed only where the rule reads it (a look, the cap, the closing trial)."""
    lines = stopping.lines_near(ceiling)
    next_look = looks[0]
    used = clean = 0
    while used < len(pairs):
        clean += analysis.is_clean(pairs[used][1])
        used += 1
        if used < cap and clean < next_look:
            continue
        row = estimate(point, pairs[:used], seed)
        if row is None:
            continue
        why = stopping.CAPPED if used >= cap else None
        if why is None:
            next_look = stopping.following_look(looks, clean)
            why = stopping.SETTLED if stopping.settled(row, lines) else None
        if why is None:
            continue
        if used == len(pairs):  # no trial left for the closing round: stop here
            return why, used, row
        closing = estimate(point, pairs[:used + 1], seed)
        clean += analysis.is_clean(pairs[used][1])
        used += 1
        if closing is not None and row.ci_lo <= closing.speedup <= row.ci_hi:
            return why, used, closing
        next_look = stopping.following_look(looks, clean)  # reopened: measured on
    return "ran-out", used, None


def replay_run(path, warmup_as_trial, first, cap):
    data = load(path)
    points = analysis.points_from_records(data["points"])
    seed = data["seed"]
    looks = stopping.look_counts(first, cap)
    full_rows = {point_id: rows[0] for point_id, rows in
                 analysis.rows_by_point(points, analysis.analyze(points, data["windows"], seed)[0]).items()}
    ceilings = {(p.workload, p.knob, p.threads): full_rows[p.id].speedup
                for p in points if p.mode == modes.CEILING and p.id in full_rows}
    outcome = {"settled": 0, "capped": 0, "ran-out": 0}
    distances, halves, used_total, full_total = [], [], 0, 0
    for point in points:
        pairs = trials_in_order(data["windows"], point.id, warmup_as_trial)
        if point.id not in full_rows or not pairs:
            continue
        ceiling = None if point.mode == modes.CEILING else ceilings.get((point.workload, point.knob, point.threads))
        why, used, row = replay_point(point, pairs, seed, looks, cap, ceiling)
        outcome[why] += 1
        used_total += used
        full_total += len(pairs)
        if row is not None:
            distances.append(abs(row.speedup - full_rows[point.id].speedup))
            halves.append((row.ci_hi - row.ci_lo) / 2)
    return {"run": path, "points": sum(outcome.values()), **outcome, "trials": full_total, "used": used_total,
            "distances": distances, "halves": halves}


def report(result):
    distances = result["distances"]
    share = result["used"] / result["trials"] if result["trials"] else 0.0
    line = (f"{result['run']}: {result['points']} points ({result['settled']} settled, {result['capped']} capped, "
            f"{result['ran-out']} ran out); trials {result['used']} of {result['trials']} ({share:.0%})")
    if distances:
        narrow = sum(h <= stopping.HALF_WIDTH + 1e-9 for h in result["halves"]) / len(result["halves"])
        line += (f"; |stopped - full| median {stats.median(distances):.3f}x, 95th percentile "
                 f"{stats.quantile(distances, 0.95):.3f}x, largest {max(distances):.3f}x; "
                 f"{narrow:.0%} of stopped points within ±{stopping.HALF_WIDTH:.2f}x")
    return line


def first_trials(paths):
    """Per mode: how far each point's warm-up trial's own ratio lies from the median
    of its clean measured trials', and its two window times against their medians."""
    by_mode = {}
    for path in paths:
        data = load(path)
        modes_of = {record["id"]: record["mode"] for record in data["points"]}
        for point_id, mode in modes_of.items():
            pairs = trials_in_order(data["windows"], point_id, True)
            warm = [pair for _, pair in pairs if pair["seq"]["warmup"] and analysis.is_clean(pair)]
            rest = [pair for _, pair in pairs if not pair["seq"]["warmup"] and analysis.is_clean(pair)]
            if not warm or len(rest) < 3:
                continue
            ratio = warm[0]["seq"]["wall_s"] / warm[0]["par"]["wall_s"]
            typical = stats.median([pair["seq"]["wall_s"] / pair["par"]["wall_s"] for pair in rest])
            times = [warm[0][kind]["wall_s"] / stats.median([pair[kind]["wall_s"] for pair in rest])
                     for kind in ("seq", "par")]
            by_mode.setdefault(mode, []).append((ratio - typical, *times))
    lines = []
    for mode, found in sorted(by_mode.items()):
        shifts = [shift for shift, _, _ in found]
        lines.append(f"{mode}: {len(found)} points; warm-up ratio minus the median ratio: median "
                     f"{stats.median(shifts):+.3f}x (90% within {stats.quantile([abs(x) for x in shifts], 0.9):.3f}x); "
                     f"its windows at {stats.median([s for _, s, _ in found]):.3f} (seq) and "
                     f"{stats.median([p for _, _, p in found]):.3f} (par) times their medians")
    return lines


def main(argv=None):
    default = PRESETS["default"]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="+", help="sweep.json or sweep.json.gz of finished runs")
    parser.add_argument("--warmup-as-trial", action="store_true",
                        help="count each point's warm-up trial as a measured one (a run with no warm-up round)")
    parser.add_argument("--first-trial", action="store_true",
                        help="instead of replaying: how each mode's warm-up trials compare with its measured ones")
    parser.add_argument("--first-look", type=int, default=default.repeats,
                        help="clean trials before the rule is first read (default %(default)s)")
    parser.add_argument("--cap", type=int, default=default.repeats + default.extra_rounds,
                        help="the most trials a point gets (default %(default)s)")
    args = parser.parse_args(argv)
    if not 2 <= args.first_look <= args.cap:
        parser.error("--first-look must be at least 2 and at most --cap")
    if args.first_trial:
        try:
            print("\n".join(first_trials(args.runs)))
        except (OSError, ValueError, KeyError) as error:
            print(f"replay_stopping: {error}", file=sys.stderr)
            return 1
        return 0
    every = []
    for path in args.runs:
        try:
            result = replay_run(path, args.warmup_as_trial, args.first_look, args.cap)
        except (OSError, ValueError, KeyError) as error:
            print(f"replay_stopping: {path}: {error}", file=sys.stderr)
            return 1
        print(report(result))
        every.append(result)
    if len(every) > 1:
        merged = {"run": "all runs", **{key: sum(r[key] for r in every) for key in
                                        ("points", "settled", "capped", "ran-out", "trials", "used")},
                  "distances": [d for r in every for d in r["distances"]],
                  "halves": [h for r in every for h in r["halves"]]}
        print(report(merged))
    return 0


if __name__ == "__main__":
    sys.exit(main())
