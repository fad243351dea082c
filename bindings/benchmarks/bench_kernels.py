"""Per-call speed of the Python bindings next to math.gcd and gmpy2, and the
batch kernel next to a Python loop and to Swift, in one run.

Run by `make bench`. Each figure is the best of 7 timeit repeats (the least
disturbed by other load); ratios are gilsweep's time over the peer's, so below
1.00x means gilsweep is faster. Targets (issue 3): small gcd within 1.5x of
gmpy2.gcd, 100000-digit gcd within 1.1x, is_prime no slower than gmpy2.is_prime.

The batch table (issue 8): one thread, 10^6 random 64-bit values in a NumPy
uint64 array; is_prime_many against `[gilsweep.is_prime(int(v)) for v in arr]`
(target: at least 10x faster) and against the same 10^6 is_prime calls made
from Swift on the same values, through the sweep's Swift worker (target:
within 1.5x). Best of 5, interleaved.

The Dask table (issue 12): primes in [0, 10^10) counted by `gilsweep
count-primes` on the default LocalCluster (one worker, a thread per core)
against the same count in one call on one thread in-process: at least 1.7x
faster with the releasing kernel, at most 1.1x with the holding one. Cluster
start-up is left out (it is printed apart). Medians and ranges of 5
interleaved rounds; skipped without the [dask] extra.
"""
import math
import platform
import random
import timeit

import gilsweep

try:
    import gmpy2
except ImportError:  # the table still shows math.gcd
    gmpy2 = None


def per_call(function, *args, number):
    times = timeit.repeat("f(*a)", globals={"f": function, "a": args}, number=number, repeat=7)
    return min(times) / number


def fmt(seconds):
    return f"{seconds * 1e3:.2f} ms" if seconds >= 1e-4 else f"{seconds * 1e9:.0f} ns"


def main():
    random.seed(2009)
    big_a = random.getrandbits(332_193) | (1 << 332_192)  # 100000 decimal digits
    big_b = random.getrandbits(332_193) | (1 << 332_192)
    rows = [
        ("gcd, two small ints", (12345678, 87654321), 200_000, ["math.gcd", "gmpy2.gcd"]),
        ("gcd, two 100000-digit ints", (big_a, big_b), 5, ["gmpy2.gcd", "math.gcd"]),
        ("is_prime(1099726899285419)", (1099726899285419,), 200_000, ["gmpy2.is_prime"]),
        ("is_prime(18446744073709551557)", (18446744073709551557,), 100_000, ["gmpy2.is_prime"]),
    ]
    peers = {"math.gcd": math.gcd}
    if gmpy2:
        peers.update({"gmpy2.gcd": gmpy2.gcd, "gmpy2.is_prime": gmpy2.is_prime})
    ours = {"gcd": gilsweep.gcd, "is_prime": gilsweep.is_prime}
    print(f"Python {platform.python_version()}, gmpy2 {gmpy2.version() if gmpy2 else 'not installed'}")
    print("| call | gilsweep | peer | peer time | gilsweep / peer |")
    print("|---|---|---|---|---|")
    for label, args, number, peer_names in rows:
        function = ours[label.split(",")[0].split("(")[0]]
        if function is gilsweep.gcd:
            assert function(*args) == math.gcd(*args)
        mine = per_call(function, *args, number=number)
        for name in peer_names:
            if name not in peers:
                continue
            theirs = per_call(peers[name], *args, number=number)
            print(f"| {label} | {fmt(mine)} | {name} | {fmt(theirs)} | {mine / theirs:.2f}x |")


def batch_table(swift_binary):
    import numpy

    from gilsweep.core.swift_worker import SwiftUnavailable, SwiftWorker, decimal

    rng = random.Random(2009)
    values = numpy.array([rng.getrandbits(64) for _ in range(1_000_000)], dtype=numpy.uint64)
    assert gilsweep.is_prime_many(values[:2000]).tolist() == [gilsweep.is_prime(int(v)) for v in values[:2000]]
    worker = None
    try:
        worker = SwiftWorker(swift_binary) if swift_binary else None
    except SwiftUnavailable as error:
        print(f"(Swift worker unavailable: {error})")
    args = [decimal(int(v)) for v in values]
    best = {"batch": math.inf, "loop": math.inf, "swift": math.inf}
    for _ in range(5):  # interleaved, so a burst of host noise hits every column alike
        start = timeit.default_timer()
        gilsweep.is_prime_many(values)
        best["batch"] = min(best["batch"], timeit.default_timer() - start)
        start = timeit.default_timer()
        [gilsweep.is_prime(int(v)) for v in values]
        best["loop"] = min(best["loop"], timeit.default_timer() - start)
        if worker:
            best["swift"] = min(best["swift"], worker.window("primes-batch", args, 1, 1, 1).wall_s)
    if worker:
        worker.close()
    print()
    print("| 10^6 random 64-bit values, one thread | time | is_prime_many is faster by |")
    print("|---|---|---|")
    print(f"| gilsweep.is_prime_many(numpy uint64 array) | {fmt(best['batch'])} | |")
    print(f"| [gilsweep.is_prime(int(v)) for v in arr] | {fmt(best['loop'])} | {best['loop'] / best['batch']:.1f}x |")
    if worker:
        print(f"| Swift: Primes.isPrime on the same values | {fmt(best['swift'])} | "
              f"{best['swift'] / best['batch']:.2f}x (is_prime_many / Swift: {best['batch'] / best['swift']:.2f}x) |")


def dask_table(rounds=5, hi=10**10, expected=455052511):
    import statistics

    from gilsweep import dask_primes

    try:
        dask_primes.import_distributed()
    except dask_primes.DaskMissing as error:
        print(f"\n(Dask table skipped: {error})")
        return
    times = {"one thread": [], "release": [], "hold": []}
    for _ in range(rounds):  # interleaved, so a burst of host noise hits every column alike
        start = timeit.default_timer()
        assert gilsweep.count_primes(0, hi) == expected
        times["one thread"].append(timeit.default_timer() - start)
        for gil in ("release", "hold"):
            start = timeit.default_timer()
            count, stats = dask_primes.count_primes(0, hi, gil=gil)
            total = timeit.default_timer() - start
            assert count == expected
            times[gil].append(stats["elapsed_s"])
            times.setdefault(f"{gil} start-up", []).append(total - stats["elapsed_s"])
    base = statistics.median(times["one thread"])
    print()
    print(f"| primes in [0, {hi:.0e}), {stats['threads']} Dask threads, {stats['tasks']} tasks | median (range) | "
          "speedup vs one thread in-process (range) |")
    print("|---|---|---|")
    print(f"| gilsweep.count_primes, one thread in-process | {statistics.median(times['one thread']):.3f} s "
          f"({min(times['one thread']):.3f}–{max(times['one thread']):.3f}) | 1.00x |")
    for gil in ("release", "hold"):
        t = times[gil]
        print(f"| count-primes on the default LocalCluster, GIL {gil} | {statistics.median(t):.3f} s "
              f"({min(t):.3f}–{max(t):.3f}) | {base / statistics.median(t):.2f}x "
              f"({min(times['one thread']) / max(t):.2f}–{max(times['one thread']) / min(t):.2f}) |")
    startup = times["release start-up"] + times["hold start-up"]
    print(f"(LocalCluster start-up and shut-down, not in the times above: median {statistics.median(startup):.2f} s)")


if __name__ == "__main__":
    import sys

    main()
    batch_table(sys.argv[1] if len(sys.argv) > 1 else None)
    dask_table()
