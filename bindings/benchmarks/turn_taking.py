"""Two threads that take turns on the GIL against one thread alone, at the
sweep's smallest work: the same calls, the same windows (windows.run_threads,
pinned as the sweep pins them), interleaved, in fresh processes. A ratio above
1 is what the sweep reads as python-hold's "speedup" at that work. Why it is
not 1.0, and what a run found: docs/method.md ("Two threads taking turns").

    .venv/bin/python bindings/benchmarks/turn_taking.py [PROCESSES]

Each process prints, per call, the median ns of a sequential window and of a
parallel one (both threads' calls over the wall time) and their ratio; the last
lines give each call's median ratio and range over the processes."""
import random
import statistics
import subprocess
import sys

from count_arg import count_arg
from gilsweep import gil_enabled
from gilsweep.sweep import config, modes, runners, windows, workloads

ROUNDS = 7
THREADS = 2


def calls():
    """name -> (function, args): a builtin with no gilsweep code in it, the sweep's
    python-hold call at its smallest work, and pure Python (whose ratio is 1.0)."""
    return {"abs(-1), a builtin": (abs, (-1,)),
            "python-hold, churn 1": workloads.call_for(modes.PYTHON_HOLD, "churn", 1),
            "pure-python, churn 1": workloads.call_for(modes.PURE_PYTHON, "churn", 1)}


def one_process():
    """Prints one line per call: name, sequential ns, parallel ns, their ratio."""
    found = {}
    for name, call in calls().items():
        runner = windows.InProcessRunner([call] * THREADS)
        found[name] = (runner, runners.calls_per_window(runner, 1, config.PRESETS["default"].target_seconds,
                                                        config.CHUNKS), [], [])
    for _ in range(ROUNDS):
        order = list(found.items())
        random.shuffle(order)  # the calls interleaved, so a slow stretch of the host is shared
        for name, (runner, n, seq, par) in order:
            seq.append(runner.window(1, n, config.CHUNKS).wall_s / n * 1e9)
            par.append(runner.window(THREADS, n, config.CHUNKS).wall_s / (THREADS * n) * 1e9)
    for name, (_, _, seq, par) in found.items():
        s, p = statistics.median(seq), statistics.median(par)
        print(f"{name}\t{s:.2f}\t{p:.2f}\t{s / p:.3f}")


def main(processes):
    print(f"{THREADS} threads taking turns against 1 alone, {ROUNDS} windows each, GIL "
          f"{'on' if gil_enabled() else 'off (no turns to take: the ratios are parallel speedups)'}")
    ratios = {}
    for index in range(processes):
        done = subprocess.run([sys.executable, __file__, "--one"], capture_output=True, text=True, check=True)
        for line in done.stdout.strip().splitlines():
            name, seq, par, ratio = line.split("\t")
            ratios.setdefault(name, []).append(float(ratio))
            print(f"process {index + 1}: {name:22s} alone {float(seq):7.2f} ns, taking turns {float(par):7.2f} ns, "
                  f"ratio {float(ratio):.3f}")
    for name, found in ratios.items():
        print(f"{name:22s} ratio: median {statistics.median(found):.3f}, range {min(found):.3f}-{max(found):.3f} "
              f"over {len(found)} processes")


if __name__ == "__main__":
    if sys.argv[1:] == ["--one"]:
        one_process()
    else:
        main(count_arg(sys.argv[1:], 6, "turn_taking.py [PROCESSES, a positive whole number]"))
