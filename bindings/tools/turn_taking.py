"""Two threads that take turns on the GIL against one thread alone, at the
sweep's smallest work: the same calls, the same windows (windows.run_threads,
pinned as the sweep pins them), interleaved, in fresh processes. A ratio above
1 is what the sweep reads as python-hold's "speedup" at that work. Why it is
not 1.0, and what a run found: docs/method.md ("Two threads taking turns").

    .venv/bin/python bindings/tools/turn_taking.py [PROCESSES]
    .venv/bin/python bindings/tools/turn_taking.py --instructions

Each process prints, per call, the median ns of a sequential window and of a
parallel one (both threads' calls over the wall time) and their ratio; the last
lines give each call's median ratio and range over the processes.
--instructions counts, under valgrind's callgrind, the instructions per call of
each call made by one thread and by two taking turns: the difference between
runs of CALLS and 2 x CALLS calls, so start-up cancels out."""
import random
import re
import shutil
import statistics
import sys
import tempfile

from count_arg import count_arg
from gilsweep import gil_enabled
from gilsweep.core import modes, runners, windows, workloads
from gilsweep.sweep import config
from run_again import run_again

ROUNDS = 7
THREADS = 2
CALLS = 200_000  # --instructions: calls in the shorter of its two runs


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


def calls_only(argv):
    """--calls NAME THREADS N: makes N calls of NAME in one window of THREADS threads,
    and nothing else (what --instructions counts)."""
    known = calls()
    if len(argv) != 3 or argv[0] not in known or not all(a.isdigit() and int(a) >= 1 for a in argv[1:]):
        sys.exit(f"usage: turn_taking.py --calls NAME THREADS CALLS; NAME one of {'; '.join(map(repr, known))}")
    name, threads, n = argv[0], int(argv[1]), int(argv[2])
    windows.InProcessRunner([known[name]] * threads).window(threads, max(1, n // threads), config.CHUNKS)


def instructions():
    """Prints each call's instructions per call alone and taking turns, counted by callgrind."""
    if shutil.which("valgrind") is None:
        sys.exit("turn_taking.py --instructions needs valgrind (apt-get install valgrind)")
    print(f"instructions per call (callgrind; runs of {CALLS} and {2 * CALLS} calls):")
    with tempfile.TemporaryDirectory() as folder:
        for name in calls():
            counted = {}
            for threads in (1, THREADS):
                for n in (CALLS, 2 * CALLS):
                    done = run_again(__file__, ["--calls", name, str(threads), str(n)],
                                     prefix=("valgrind", "--tool=callgrind", f"--callgrind-out-file={folder}/out"))
                    counted[threads, n] = int(re.search(r"Collected : (\d+)", done.stderr).group(1))
            alone, turns = ((counted[t, 2 * CALLS] - counted[t, CALLS]) / CALLS for t in (1, THREADS))
            print(f"{name:22s} alone {alone:7.1f}, taking turns {turns:7.1f}")


def main(processes):
    print(f"{THREADS} threads taking turns against 1 alone, {ROUNDS} windows each, GIL "
          f"{'on' if gil_enabled() else 'off (no turns to take: the ratios are parallel speedups)'}")
    ratios = {}
    for index in range(processes):
        done = run_again(__file__, ["--one"])
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
    elif sys.argv[1:] == ["--instructions"]:
        instructions()
    elif sys.argv[1:2] == ["--calls"]:
        calls_only(sys.argv[2:])
    else:
        main(count_arg(sys.argv[1:], 6, "turn_taking.py [PROCESSES, a positive whole number]"))
