"""Replays the canary per block of trials (gilsweep/sweep/trials.py) on the raw
windows of finished runs, which had a reading after every trial: once a streak
of steady readings holds, a block's trials are judged by the reading that ends
the block and the one before it instead of their own. Prints, per run, the
readings the blocks would have saved, the trials judged otherwise (missed: the
trial's own reading flagged it, the block's did not; added: the other way), and
how far the estimates move against the run's own.

    python bindings/tools/replay_blocks.py docs/data/sweep-*/sweep.json.gz
    python bindings/tools/replay_blocks.py --block 8 results/RUN/sweep.json

Flagged trials are not measured again here, as the run would: an added flag
only drops a trial. The windows' own stall and balance checks stand as they are."""
import argparse
import gzip
import json
import statistics
import sys

from gilsweep.core import canary, states
from gilsweep.sweep import analysis, trials
from gilsweep.sweep.config import CANARY_BLOCK


def load(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as source:
        return json.load(source)


def verdicts(record, threads):
    """(capacity ok, handoff ok or None when not checked) of a canary record."""
    capacity_ok = record["capacity"] >= canary.HEALTHY_SHARE * threads
    if record.get("handoff") is None:
        return capacity_ok, None
    return capacity_ok, bool(record["healthy"]) if capacity_ok else None


def trials_in_order(data):
    """[(order, point, {kind: window}, after record)] of measured trials with a reading after them."""
    after = {c["order"]: c for c in data["canaries"] if c["when"] == "after"}
    by_order = {}
    for window in data["windows"]:
        by_order.setdefault(window["order"], {})[window["kind"]] = window
    return [(order, pair["seq"]["point"], pair, after[order]) for order, pair in sorted(by_order.items())
            if len(pair) == 2 and order in after]


def replay(data, block, streak_needed=trials.HEALTHY_STREAK):
    """(windows as the blocks would judge them, trials, readings saved, missed, added)."""
    points = {p["id"]: p for p in data["points"]}
    cores = data["machine"].get("cpu_count") or 2
    streak, state, start, waiting = {}, {}, {}, {}
    judged, saved = {}, 0

    def steady(threads, reading, pair):
        capacity_ok, handoff_ok = reading
        known = state.get(threads)
        if handoff_ok is not None:
            state[threads] = handoff_ok
        clean = all(analysis.window_flag({**w, "capacity_ok": True, "handoff_ok": True}) is None
                    for w in pair.values())
        return (capacity_ok and clean and (handoff_ok is None or known is None or known == handoff_ok))

    # Runs before format 4 read the handoff only for the trials that cared, and flagged a slow one.
    per_state = data.get("format_version", 0) >= 4

    def close(threads, reading):
        before = start[threads]
        for order, point, pair, record in waiting.pop(threads, []):
            sensitive = points[point].get("handoff_sensitive") if per_state else record.get("handoff") is not None
            handoff = (before[1] is not False, reading[1] is not False)
            judged[order] = {kind: {**w, "capacity_ok": before[0] and reading[0],
                                    "handoff_ok": not sensitive or all(handoff),
                                    "handoff_state": states.trial_state(*handoff) if sensitive and per_state
                                    else None}
                             for kind, w in pair.items()}

    ordered = trials_in_order(data)
    for order, point, pair, record in ordered:
        threads = min(points[point]["threads"], cores)
        reading = verdicts(record, threads)
        if streak.get(threads, 0) >= streak_needed and block > 1:
            waiting.setdefault(threads, []).append((order, point, pair, record))
            if len(waiting[threads]) < block:
                saved += 1
                continue
            close(threads, reading)
        else:
            judged[order] = pair
        ok = steady(threads, reading, pair)
        streak[threads] = streak.get(threads, 0) + 1 if ok else 0
        start[threads] = reading
    for threads in list(waiting):  # the run's last trials: judged by the last reading taken
        close(threads, start[threads])
    originals = {order: pair for order, _, pair, _ in ordered}
    missed = added = 0
    for order, pair in judged.items():
        was = any(analysis.window_flag(w) for w in originals[order].values())
        now = any(analysis.window_flag(w) for w in pair.values())
        missed += was and not now
        added += now and not was
    windows = [w for pair in judged.values() for w in pair.values()]
    return windows, len(ordered), saved, missed, added


def stable_rows(points, windows, seed):
    """{(mode, knob, threads, state): row} of the rows the run calls stable."""
    rows, extras = analysis.analyze(points, windows, seed)
    by_id = {(p.mode, p.knob, p.threads): p.id for p in points}
    return {(r.mode, r.knob, r.threads, r.state): r for r in rows
            if not extras[by_id[(r.mode, r.knob, r.threads)]]["rows"][r.state]["unstable"]}


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="+", help="sweep.json or sweep.json.gz files")
    parser.add_argument("--block", type=int, default=CANARY_BLOCK, help="trials per reading (default %(default)d)")
    parser.add_argument("--streak", type=int, default=trials.HEALTHY_STREAK,
                        help="steady readings before blocks (default %(default)d)")
    parser.add_argument("--reading-s", type=float, default=0.022,
                        help="seconds one reading costs, for the net time saved (default %(default)g; "
                             "sweep_profile.py measures it)")
    args = parser.parse_args(argv)
    if args.block < 1 or args.streak < 1:
        parser.error("--block and --streak must be at least 1")
    moved_all = []
    for path in args.runs:
        try:
            data = load(path)
            points = analysis.points_from_records(data["points"])
            windows, measured, saved, missed, added = replay(data, args.block, args.streak)
        except (OSError, ValueError, KeyError, TypeError) as error:
            print(f"replay_blocks: {path}: {error!r}", file=sys.stderr)
            return 1
        before, after = (stable_rows(points, w, data["seed"]) for w in (data["windows"], windows))
        moved = sorted(abs(after[key].speedup - row.speedup) for key, row in before.items() if key in after)
        moved_all += moved
        trial_s = sum(w["wall_s"] for w in data["windows"]) / max(measured, 1)
        net_s = saved * args.reading_s - added * trial_s  # a trial flagged is measured again
        print(f"{path}: {measured} trials, {saved} readings saved ({saved / max(measured, 1):.0%}); "
              f"net {net_s:+.1f} s (a trial {trial_s:.2f} s); "
              f"trials judged otherwise: {missed} missed, {added} added; rows stable: {len(before)} in the run, "
              f"{len(after)} replayed, {len(moved)} in both, moved median "
              f"{statistics.median(moved) if moved else 0:.3f}x, largest {max(moved, default=0):.3f}x")
    if moved_all:
        moved_all.sort()
        p95 = moved_all[min(len(moved_all) - 1, int(0.95 * len(moved_all)))]
        print(f"all runs: {len(moved_all)} rows, moved at the 95th percentile {p95:.3f}x, "
              f"largest {moved_all[-1]:.3f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
