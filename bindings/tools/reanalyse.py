#!/usr/bin/env python3
"""Saved runs (gilsweep sweep folders, in the order they ran) re-estimated from
their raw windows three ways, to see what an estimator or a flag changes on the
same data: the ratio of medians (before 2026-12-05), the ratio of lower
quartiles, and that with the imbalance flag (a window's `balance` computed from
in_call_s and wall_s when the run predates it). Per way: stable points per run,
the acceptance figures of issue 19, and how many points moved by more than 0.2x
between each pair of runs. docs/notebook/sweep.md says what it found.

    .venv/bin/python bindings/tools/reanalyse.py RUN_DIR..."""
import copy
import itertools
import json
import os
import sys

from gilsweep.core import modes, stats
from gilsweep.sweep import analysis
from gilsweep.sweep.schema import Point

WAYS = (("ratio of medians", 0.5, False), ("ratio of lower quartiles", 0.25, False),
        ("lower quartiles, imbalance flagged", 0.25, True))


def estimate(folder, quantile, imbalance):
    with open(os.path.join(folder, "sweep.json")) as source:
        document = json.load(source)
    points = [Point(**record) for record in document["points"]]
    by_id = {p.id: p for p in points}
    windows = copy.deepcopy(document["windows"])
    for w in windows:
        p = by_id[w["point"]]
        apart = w["kind"] == "par" and p.threads > 1 and p.mode in modes.RUN_APART and w["wall_s"] > 0
        if "balance" not in w or not imbalance:
            w["balance"] = w["in_call_s"] / (p.threads * w["wall_s"]) if imbalance and apart else None
    stats.ESTIMATE_QUANTILE = quantile
    rows, extras = analysis.analyze(points, windows, document["seed"])
    stable = sum(1 for p in points if p.id in extras and not extras[p.id]["unstable"])
    return stable, len(points), {(r.workload, r.mode, r.knob, r.threads): r for r in rows}


def figures(rows):
    def of(mode, least_us=0.0):
        return [r.speedup for r in rows.values() if r.mode == mode and r.per_call_us >= least_us] or [float("nan")]
    swift = of("swift-threads", 1.0)
    return (f"swift-threads >= 1 µs {min(swift):.2f}-{max(swift):.2f}x, python-release >= 30 µs "
            f"min {min(of('python-release', 30.0)):.2f}x, python-hold max {max(of('python-hold')):.2f}x")


def main(folders):
    for name, quantile, imbalance in WAYS:
        runs = [estimate(folder, quantile, imbalance) for folder in folders]
        print(f"{name}:")
        for folder, (stable, total, rows) in zip(folders, runs):
            print(f"  {folder}: {stable} of {total} stable; {figures(rows)}")
        for (i, a), (j, b) in itertools.combinations(enumerate(runs, start=1), 2):
            gaps = [abs(a[2][key].speedup - b[2][key].speedup) for key in a[2] if key in b[2]]
            print(f"  runs {i} and {j}: {sum(g > 0.2 for g in gaps)} of {len(gaps)} points more than 0.2x apart, "
                  f"{sum(g > 0.4 for g in gaps)} more than 0.4x, largest {max(gaps, default=0):.2f}x")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: reanalyse.py RUN_DIR...")
    main(sys.argv[1:])
