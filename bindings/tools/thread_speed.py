"""How fast one thread runs pure Python on the main thread and on started
threads, in fresh processes whose environments differ in size (which moves
where the main thread's stack lands). Why the sweep's sequential window runs
on a started thread, not the main one: docs/notebook/sweep.md says what it found.

    .venv/bin/python bindings/tools/thread_speed.py [PROCESSES]

Each process prints the best ns per iteration of Beazley's count loop on its
main thread and on three threads it starts one after the other; the last line
counts the processes where the main thread, or the started threads, ran more
than SLOW times slower than the fastest reading of all."""
import os
import sys
import threading
import time

from count_arg import count_arg
from run_again import run_again

SLOW = 1.15
CALLS = 20000


def best_ns_per_iteration():
    from gilsweep.core.registry import count
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(CALLS):
            count(10)
        best = min(best, (time.perf_counter() - start) / (CALLS * 10) * 1e9)
    return best


def one_process():
    """Prints: main thread's ns, then each started thread's."""
    readings = [best_ns_per_iteration()]
    for _ in range(3):
        thread = threading.Thread(target=lambda: readings.append(best_ns_per_iteration()))
        thread.start()
        thread.join()
    print(" ".join(f"{r:.1f}" for r in readings))


def main(processes):
    rows = []
    for index in range(processes):
        env = dict(os.environ, GILSWEEP_PAD="x" * (48 * index))
        done = run_again(__file__, ["--one"], env=env)
        rows.append([float(x) for x in done.stdout.split()])
        print(f"environment +{48 * index:5d} bytes: main {rows[-1][0]:5.1f} ns, started threads "
              + ", ".join(f"{r:.1f}" for r in rows[-1][1:]))
    fastest = min(min(r) for r in rows)
    main_slow = sum(r[0] > SLOW * fastest for r in rows)
    threads_slow = sum(min(r[1:]) > SLOW * fastest for r in rows)
    print(f"of {processes} processes: the main thread slow in {main_slow}, the started threads slow in {threads_slow} "
          f"(more than {SLOW:g} x the fastest, {fastest:.1f} ns)")


if __name__ == "__main__":
    if sys.argv[1:] == ["--one"]:
        one_process()
    else:
        main(count_arg(sys.argv[1:], 51, "thread_speed.py [PROCESSES, a positive whole number]"))
