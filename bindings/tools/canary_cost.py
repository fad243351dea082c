"""What one canary reading costs on this machine: the wall time of Canary.read
with and without the handoff check, and of its parts (one spin pair, one
handoff check), each the median of ROUNDS calls; and how often one spin pair
alone and a whole reading find fewer than T cores. docs/notebook/sweep.md says what it found.

    .venv/bin/python bindings/tools/canary_cost.py [THREADS]"""
import statistics
import sys
import time

from count_arg import count_arg
from gilsweep.core import canary

ROUNDS = 60


def median_ms(call, rounds=ROUNDS):
    spent = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        spent.append(time.perf_counter() - start)
    return statistics.median(spent) * 1e3


def main(threads):
    probe = canary.Canary(threads)
    cut = canary.HEALTHY_SHARE * threads
    print(f"canary on {threads} threads, medians of {ROUNDS} calls:")
    print(f"  a reading, capacity only:    {median_ms(lambda: probe.read(handoff=False)):6.1f} ms")
    if threads > 1:
        print(f"  a reading with the handoff:  {median_ms(probe.read):6.1f} ms")
        print(f"  one handoff check:           {median_ms(lambda: probe._check_window(threads)):6.1f} ms")
    print(f"  one spin pair:               {median_ms(probe._capacity_once):6.1f} ms")
    pairs = [probe._capacity_once() for _ in range(4 * ROUNDS)]
    readings = [probe.read(handoff=False).capacity for _ in range(4 * ROUNDS)]
    print(f"  under {cut:.2f} cores: one spin pair {sum(p < cut for p in pairs) / len(pairs):.0%}, "
          f"a reading {sum(r < cut for r in readings) / len(readings):.0%}")


if __name__ == "__main__":
    main(count_arg(sys.argv[1:], 2, "canary_cost.py [THREADS, a positive whole number]"))
