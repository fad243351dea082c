"""From raw windows to per-point rows, and where a mode's curve crosses a level
(1.5x, or 90% of the ceiling) on those rows. The sweep and `gilsweep plot` both
call this, so a results folder can always be re-analysed from what it stores."""
import math
from collections import defaultdict
from dataclasses import dataclass

from ..core import modes, states, stats
from .schema import Point, Row


def window_record(point, trial, order, kind, start_s, warmup, window, sizes):
    """The raw record of a window just measured (schema.WINDOW_KEYS but the
    canaries' capacity_ok, handoff_ok and handoff_state, which the engine adds, and
    flag, which sweep.json adds). sizes: the calls in each chunk of a thread."""
    max_chunk, median_chunk = stats.chunk_summary(window.chunks_s)
    # A Dask window's chunks are tasks ended, not calls timed on a thread: no progress to read.
    slow = None if point.mode in modes.DASK_MODES else stats.slow_span(window.chunks_s, sizes)
    # Threads that run apart finish together on T cores (modes.RUN_APART).
    apart = kind == "par" and point.threads > 1 and point.mode in modes.RUN_APART and window.wall_s > 0
    return {"point": point.id, "trial": trial, "order": order, "start_s": start_s, "kind": kind, "warmup": warmup,
            "wall_s": window.wall_s, "in_call_s": window.in_call_s, "max_chunk_s": max_chunk,
            "median_chunk_s": median_chunk, "slow_s": slow,
            "balance": window.in_call_s / (point.threads * window.wall_s) if apart else None}


def window_flag(window):
    """Why a window is left out of the estimate, or None: a canary found too
    little capacity around its trial, or the GIL handoff changed state during it
    (runs before format 4: was slow around it, since they had no per-state
    estimate), one of its chunks stalled, or its threads, which should finish
    together, did not (balance). (Runs saved before those checks have no
    handoff_ok or balance.)"""
    if not window["capacity_ok"]:
        return "capacity"
    if not window.get("handoff_ok", True) and window.get("handoff_state") not in states.STATES:
        return "handoff"
    if stats.is_stalled(window["max_chunk_s"], window["median_chunk_s"]):
        return "stall"
    if window.get("balance") is not None and window["balance"] < stats.BALANCE_MIN:
        return "imbalance"
    return None


def trials_by_point(windows):
    """{point id: {trial: {"seq": window, "par": window}}}, warm-ups excluded."""
    trials = defaultdict(lambda: defaultdict(dict))
    for window in windows:
        if not window["warmup"]:
            trials[window["point"]][window["trial"]][window["kind"]] = window
    return trials


def analyze(points, windows, seed, memo=None):
    """(rows, {point id: extra statistics}) for every point with a complete trial
    (point_estimate: a row per state it was measured in).
    memo ({point id: (key, row, extra)}, kept by the caller between calls on a
    growing list of windows) skips the points none of whose windows changed:
    the bootstrap of a default run's ~100 points takes about a second, and a
    sweep analyses after every round."""
    rows, extras = [], {}
    trials = trials_by_point(windows)
    for point in points:
        key = (point.calls, sum(len(pair) for pair in trials.get(point.id, {}).values()))
        if memo is not None and point.id in memo and memo[point.id][0] == key:
            _, found, extra = memo[point.id]
        else:
            found, extra = point_estimate(point, trials.get(point.id, {}), seed)
            if memo is not None:
                memo[point.id] = (key, found, extra)
        if found:
            rows += found
            extras[point.id] = extra
    return rows, extras


def is_clean(pair):
    """Whether neither window of a trial ({"seq": window, "par": window}) is flagged."""
    return not (window_flag(pair["seq"]) or window_flag(pair["par"]))


def trial_state(pair):
    """The handoff state a trial was measured in (states.py), NONE for a point no state touches."""
    return pair["seq"].get("handoff_state") or states.NONE


def point_estimate(point, trials, seed):
    """(rows, extra statistics) of one point from its trials ({trial: {kind:
    window}}): one row per handoff state it has clean trials in (one state-less
    row for a point no state touches), or ([], None). extra: {"unstable": no row
    is stable, "rows": {state: {"min_speedup", "unstable"}}}."""
    clean, flagged = defaultdict(list), defaultdict(list)
    for trial, pair in sorted(trials.items()):
        if len(pair) < 2:  # interrupted between its two windows
            continue
        timing = (pair["seq"]["wall_s"], pair["par"]["wall_s"], pair["seq"]["in_call_s"], point.calls)
        state = trial_state(pair)
        (clean if is_clean(pair) else flagged)[state].append(timing)
    rows, per_state = [], {}
    for state in [s for s in (states.NONE,) + states.STATES if clean.get(s)] or [None]:
        # A point whose every trial was flagged (the machine short of cores all run long)
        # is still shown, estimated from its flagged trials and always marked unstable,
        # rather than silently missing from the table.
        timings = clean[state] if state is not None else [t for ts in flagged.values() for t in ts]
        # Each state's bootstrap draws its own stream; a state-less row keeps the one it always had.
        stream = 7919 * (1 + states.STATES.index(state)) if state in states.STATES else 0
        result = stats.estimate(timings, point.threads, seed * 1_000_003 + point.id + stream)
        if result is None:
            continue
        stalled = len(flagged.get(state, [])) if state is not None else len(timings)
        count = len(clean[state]) if state is not None else 0
        min_speedup, unstable = result.pop("min_speedup"), result.pop("unstable") or state is None
        rows.append(Row(runtime=point.runtime, mode=point.mode, workload=point.workload, knob=point.knob,
                        threads=point.threads, calls=point.calls, repeats=count + stalled, clean=count,
                        stalled=stalled, state=state or states.NONE, **result))
        per_state[state or states.NONE] = {"min_speedup": min_speedup, "unstable": unstable}
    if not rows:
        return [], None
    return rows, {"unstable": all(s["unstable"] for s in per_state.values()), "rows": per_state}


def halves(points, trials, state):
    """[(ratio over the first half, ratio over the second half)] of each point's
    clean trials (trials: trials_by_point's) that hold in `state` (states.NONE:
    every state-less point's), in the order measured, for the points with at
    least two such trials in each half. Two halves of a run that read the same
    machine state agree: a point whose halves differ measured a state that
    changed under it (verdict.py)."""
    def ratio(part):
        return stats.typical([p["seq"]["wall_s"] for p in part]) / stats.typical([p["par"]["wall_s"] for p in part])
    found = []
    for point in points:
        pairs = sorted((pair for pair in trials.get(point.id, {}).values()
                        if len(pair) == 2 and is_clean(pair) and trial_state(pair) in (states.NONE, state)),
                       key=lambda pair: pair["seq"]["order"])
        middle = len(pairs) // 2
        if middle >= 2:
            found.append((ratio(pairs[:middle]), ratio(pairs[middle:])))
    return found


def rows_by_point(points, rows):
    """{point id: [its rows, one per state it holds for]} for the points with a row."""
    ids = {(p.workload, p.mode, p.knob, p.threads): p.id for p in points}
    found = defaultdict(list)
    for row in rows:
        found[ids[(row.workload, row.mode, row.knob, row.threads)]].append(row)
    return dict(found)


def unstable_keys(points, extras):
    """Row.key() of every unstable row."""
    return {(p.workload, p.mode, p.knob, p.threads, state) for p in points if p.id in extras
            for state, extra in extras[p.id]["rows"].items() if extra["unstable"]}


def stable_in(points, extras, state):
    """How many points have a stable row that holds in `state` (their own state's, or
    their state-less one): states.NONE counts stable rows of any state."""
    return sum(1 for p in points if p.id in extras and any(
        not extra["unstable"] and (row_state in (states.NONE, state) or state == states.NONE)
        for row_state, extra in extras[p.id]["rows"].items()))


def points_from_records(records):
    """Points from sweep.json's point records (format 2 named the workload "kernel")."""
    return [Point(**{("workload" if key == "kernel" else key): value for key, value in record.items()})
            for record in records]


@dataclass(frozen=True)
class Crossing:
    """Where a speedup curve crosses a level, read off the least-squares
    non-decreasing fit of the measured speedups (isotonic regression), since more
    work per call only dilutes the per-call costs; the same fit over the intervals'
    ends gives the range. "Not sustained": a point past the crossing whose whole
    interval lies below the level (docs/method.md)."""
    x: float = None          # work per call where the fitted curve reaches the level; None: never
    low: float = None        # the same for the intervals' upper ends (the earliest it could be)
    high: float = None       # the same for the lower ends (None: not within the measured range)
    sustained: bool = False  # no later point lies wholly below the level
    first: bool = False      # the level is reached at the smallest work measured


def monotone_fit(values, weights=None):
    """The weighted least-squares non-decreasing sequence closest to values
    (pool adjacent violators, O(n))."""
    weights = weights or [1.0] * len(values)
    blocks = []  # [mean, weight, count]
    for value, weight in zip(values, weights):
        blocks.append([value, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean, weight_b, count = blocks.pop()
            previous = blocks[-1]
            total = previous[1] + weight_b
            previous[0] = (previous[0] * previous[1] + mean * weight_b) / total
            previous[1], previous[2] = total, previous[2] + count
    fitted = []
    for mean, _, count in blocks:
        fitted += [mean] * count
    return fitted


def interpolate(lower, upper, level):
    """x where the segment from lower to upper (x, y) reaches y = level, in log x."""
    (x0, y0), (x1, y1) = lower, upper
    if y1 == y0 or x0 <= 0 or x1 <= 0:
        return x1
    t = (level - y0) / (y1 - y0)
    return math.exp(math.log(x0) + t * (math.log(x1) - math.log(x0)))


def first_index(fitted, level):
    """The first index at which a non-decreasing fit reaches level, or None."""
    return next((i for i, y in enumerate(fitted) if y >= level), None)


def first_reach(xs, fitted, level):
    """The log-interpolated x at which a non-decreasing fit first reaches level, or None."""
    index = first_index(fitted, level)
    if index is None:
        return None
    if index == 0:
        return xs[0]
    return interpolate((xs[index - 1], fitted[index - 1]), (xs[index], fitted[index]), level)


def crossing(points, level, weights=None):
    """Crossing of `level` by points (x, y) or (x, y, y_lo, y_hi), given in x order."""
    if not points:
        return Crossing()
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    lows = [p[2] if len(p) > 2 else p[1] for p in points]
    highs = [p[3] if len(p) > 3 else p[1] for p in points]
    fitted = monotone_fit(ys, weights)
    index = first_index(fitted, level)
    if index is None:
        return Crossing()
    x = first_reach(xs, fitted, level)
    # Points come in knob order; work per call follows it (tiny knobs may measure out of order).
    sustained = not any(hi < level for hi in highs[index + 1:])
    return Crossing(x=x, low=first_reach(xs, monotone_fit(highs, weights), level),
                    high=first_reach(xs, monotone_fit(lows, weights), level),
                    sustained=sustained, first=index == 0)
