#!/usr/bin/env python3
"""The figures issue 7's and issue 19's acceptance name, per run of the churn sweep (each
folder a `gilsweep sweep` result, such as the runs scripts/bad-day.sh leaves), from its
sweep.csv and sweep.json: the verdict, how long it took (how much of it waiting, how much in
windows), the lowest swift-threads speedup from 1 µs, the lowest python-release from 30 µs,
the highest python-hold, python-release at its smallest work, and the share of time the
machine delivered T cores (docs/bad-day.md).

    .venv/bin/python bindings/tools/acceptance_figures.py RUN_DIR..."""
import csv
import json
import os
import sys


def figures(folder):
    with open(os.path.join(folder, "sweep.csv"), newline="") as source:
        rows = list(csv.DictReader(source))
    for row in rows:
        row["per_call_us"], row["speedup"] = float(row["per_call_us"]), float(row["speedup"])
    with open(os.path.join(folder, "sweep.json")) as source:
        document = json.load(source)

    def of(mode, least_us=0.0):
        return [r["speedup"] for r in rows if r["mode"] == mode and r["per_call_us"] >= least_us]

    release = sorted((r for r in rows if r["mode"] == "python-release"), key=lambda r: r["per_call_us"])
    waited = sum(c.get("waited_s", 0.0) for c in document["canaries"])
    last = max([w["start_s"] + w["wall_s"] for w in document["windows"]] or [0.0])
    in_windows = sum(w["wall_s"] for w in document["windows"])  # the rest is canaries, saves, analysis
    verdict = document.get("verdict") or {}
    noise = document.get("noise") or {}
    share = noise.get("healthy_share")
    return (f"{os.path.basename(folder.rstrip('/'))}: {verdict.get('word', '?')}; measured for {last:.0f} s "
            f"({waited:.0f} s of it waiting, {in_windows:.0f} s in windows); "
            f"swift-threads >= 1 µs: min {min(of('swift-threads', 1.0), default=0):.2f}x; "
            f"python-release >= 30 µs: min {min(of('python-release', 30.0), default=0):.2f}x, at its smallest "
            f"{release[0]['speedup'] if release else 0:.2f}x; "
            f"python-hold: max {max(of('python-hold'), default=0):.2f}x; "
            f"machine gave T cores {share * 100 if share is not None else float('nan'):.0f}% of the time")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: acceptance_figures.py RUN_DIR...")
    for folder in sys.argv[1:]:
        print(figures(folder))
