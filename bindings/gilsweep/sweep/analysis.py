"""From raw windows to per-point rows. The sweep and `gilsweep plot` both call
this, so a results folder can always be re-analysed from what it stores."""
from collections import defaultdict

from ..core import modes, stats
from .schema import Point, Row


def window_record(point, trial, order, kind, start_s, warmup, window, sizes):
    """The raw record of a window just measured (schema.WINDOW_KEYS but the
    canaries' capacity_ok and handoff_ok, which the engine adds, and flag, which
    sweep.json adds). sizes: the calls in each chunk of a thread."""
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
    little capacity or a slow GIL handoff around its trial, one of its chunks
    stalled, or its threads, which should finish together, did not (balance).
    (Runs saved before those checks have no handoff_ok or balance.)"""
    if not window["capacity_ok"]:
        return "capacity"
    if not window.get("handoff_ok", True):
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
    """(rows, {point id: extra statistics}) for every point with a complete trial.
    memo ({point id: (key, row, extra)}, kept by the caller between calls on a
    growing list of windows) skips the points none of whose windows changed:
    the bootstrap of a default run's ~100 points takes about a second, and a
    sweep analyses after every round."""
    rows, extras = [], {}
    trials = trials_by_point(windows)
    for point in points:
        key = (point.calls, sum(len(pair) for pair in trials.get(point.id, {}).values()))
        if memo is not None and point.id in memo and memo[point.id][0] == key:
            _, row, extra = memo[point.id]
            if row is not None:
                rows.append(row)
                extras[point.id] = extra
            continue
        row, extra = point_estimate(point, trials.get(point.id, {}), seed)
        if memo is not None:
            memo[point.id] = (key, row, extra)
        if row is not None:
            rows.append(row)
            extras[point.id] = extra
    return rows, extras


def point_estimate(point, trials, seed):
    """(row, extra statistics) of one point from its trials ({trial: {kind: window}}), or (None, None)."""
    clean, flagged = [], []
    for trial, pair in sorted(trials.items()):
        if len(pair) < 2:  # interrupted between its two windows
            continue
        timing = (pair["seq"]["wall_s"], pair["par"]["wall_s"], pair["seq"]["in_call_s"], point.calls)
        (flagged if window_flag(pair["seq"]) or window_flag(pair["par"]) else clean).append(timing)
    # A point whose every trial was flagged (the machine short of cores all run long)
    # is still shown, estimated from its flagged trials and always marked unstable,
    # rather than silently missing from the table.
    result = stats.estimate(clean or flagged, point.threads, seed * 1_000_003 + point.id)
    if result is None:
        return None, None
    min_speedup, unstable = result.pop("min_speedup"), result.pop("unstable") or not clean
    flagged = len(flagged)
    row = Row(runtime=point.runtime, mode=point.mode, workload=point.workload, knob=point.knob,
              threads=point.threads, calls=point.calls, repeats=len(clean) + flagged,
              clean=len(clean), stalled=flagged, **result)
    return row, {"min_speedup": min_speedup, "unstable": unstable}


def rows_by_point(points, rows):
    """{point id: its row} for the points with a row."""
    ids = {(p.workload, p.mode, p.knob, p.threads): p.id for p in points}
    return {ids[(r.workload, r.mode, r.knob, r.threads)]: r for r in rows}


def unstable_keys(points, extras):
    """(workload, mode, knob, threads) of every unstable point."""
    return {(p.workload, p.mode, p.knob, p.threads) for p in points if extras.get(p.id, {}).get("unstable")}


def points_from_records(records):
    """Points from sweep.json's point records (format 2 named the workload "kernel")."""
    return [Point(**{("workload" if key == "kernel" else key): value for key, value in record.items()})
            for record in records]
