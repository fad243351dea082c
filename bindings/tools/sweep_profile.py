"""Where a sweep's wall time goes besides its windows: the canary's readings,
the saves and the analysis, timed inside one run (docs/notebook/sweep.md).

    python bindings/tools/sweep_profile.py SWEEP_ARGS...
    python bindings/tools/sweep_profile.py --swift .build/release/gilsweep-swift --out results/profiled

Runs `gilsweep sweep SWEEP_ARGS` as the CLI would, then prints the run's total
and, for each timed function, its wall time, calls and time per call. The
windows' own time is in the run's sweep.json (each window's wall_s)."""
import collections
import sys
import time

from gilsweep import cli
from gilsweep.core import canary
from gilsweep.sweep import engine, results

SPENT = collections.Counter()
CALLS = collections.Counter()


def timed(owner, name, label):
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            SPENT[label] += time.perf_counter() - start
            CALLS[label] += 1

    setattr(owner, name, wrapper)


def main(argv):
    timed(canary.Canary, "read", "canary readings")
    timed(results.ResultsFolder, "save", "saves")
    timed(results.Run, "analyze", "analysis")
    timed(engine.Sweep, "_unstable_points", "unstable points")
    start = time.perf_counter()
    try:
        code = cli.main(["sweep", *argv])
    except SystemExit as stop:
        code = stop.code
    print(f"\nthe whole run: {time.perf_counter() - start:.0f} s")
    for label, seconds in SPENT.most_common():
        print(f"{label:16s} {seconds:7.1f} s  {CALLS[label]:6d} calls  {1e3 * seconds / CALLS[label]:6.1f} ms each")
    return code


if __name__ == "__main__":  # the process modes' forkserver children import this module
    sys.exit(main(sys.argv[1:]))
