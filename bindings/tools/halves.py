"""How far the two halves of a run's trials lie apart, point by point: the check
behind the verdict's "its first and second half differ" (gilsweep/sweep/verdict.py,
HALVES_MOVED). For each run and each handoff state it measured, prints how many
points had two clean trials or more in each half, quantiles of |first - second|,
and how many differ by more than the verdict's cut.

    python bindings/tools/halves.py docs/data/sweep-*/sweep.json.gz"""
import argparse
import gzip
import json
import sys

from gilsweep.core import states, stats
from gilsweep.sweep import analysis, verdict


def load(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as source:
        return json.load(source)


def report(path):
    """One line per state the run measured (state-less runs: one line)."""
    data = load(path)
    points = analysis.points_from_records(data["points"])
    found = {window.get("handoff_state") for window in data["windows"]} & set(states.STATES)
    lines, trials = [], analysis.trials_by_point(data["windows"])
    for state in sorted(found, key=states.STATES.index) or [states.NONE]:
        gaps = sorted(abs(a - b) for a, b in analysis.halves(points, trials, state))
        name = f"{path} ({states.words(state)})" if state else path
        if not gaps:
            lines.append(f"{name}: no point has two clean trials in each half")
            continue
        moved = sum(gap > verdict.HALVES_MOVED for gap in gaps)
        lines.append(f"{name}: {len(gaps)} points; |first half - second half| median {stats.median(gaps):.3f}x, "
                     f"90th percentile {stats.quantile(gaps, 0.9):.3f}x, largest {gaps[-1]:.3f}x; "
                     f"{moved} above {verdict.HALVES_MOVED:g}x ({moved / len(gaps):.0%})")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="+", help="sweep.json or sweep.json.gz of finished runs")
    args = parser.parse_args(argv)
    for path in args.runs:
        try:
            print("\n".join(report(path)))
        except (OSError, ValueError, KeyError, TypeError) as error:
            print(f"halves: {path}: {error}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
