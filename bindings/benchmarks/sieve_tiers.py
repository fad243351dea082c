"""Two builds of gilsweep-swift head to head on ranges that reach each tier of
the sieve (CSupport/README.md lists them): for a change to the C kernels,
where `make bench` on a busy machine swings more than the change could.

    python bindings/benchmarks/sieve_tiers.py BEFORE/gilsweep-swift AFTER/gilsweep-swift [ROUNDS]

Each round counts every range with both builds, alternating which goes first;
the table gives the minimum wall and CPU time (user + system) of each, and
their ratio by CPU time, the least disturbed by other processes. Both builds
must agree on every count. docs/notebook/measurements.md says what it found."""
import resource
import subprocess
import sys
import time

TOP = 2**64 - 1
RANGES = [("[0, 10^9): pre-sieve, small, medium", 0, 10**9),
          ("[0, 10^10): and sparse", 0, 10**10),
          ("[10^13, 10^13 + 3*10^9): and big (buckets)", 10**13, 10**13 + 3 * 10**9),
          ("[2^64 - 1 - 10^8, 2^64 - 1): and streamed", TOP - 10**8, TOP)]


def timed_count(binary, lo, hi):
    """(count, wall seconds, CPU seconds) of one count-primes run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    count = subprocess.run([binary, "count-primes", str(lo), str(hi)], capture_output=True, text=True,
                           check=True).stdout.strip()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return count, wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    binaries, rounds = sys.argv[1:3], int(sys.argv[3]) if len(sys.argv) > 3 else 9
    best = {}
    for round_ in range(rounds):
        for label, lo, hi in RANGES:
            for side in (0, 1) if round_ % 2 == 0 else (1, 0):
                count, wall, cpu = timed_count(binaries[side], lo, hi)
                known = best.setdefault((label, side), [count, wall, cpu])
                assert known[0] == count, f"{label}: {count} against {known[0]}"
                known[1], known[2] = min(known[1], wall), min(known[2], cpu)
    print("| range: what it reaches | before: min wall / CPU | after: min wall / CPU | after / before (CPU) |")
    print("|---|---|---|---|")
    for label, _, _ in RANGES:
        (_, before_wall, before_cpu), (_, after_wall, after_cpu) = best[(label, 0)], best[(label, 1)]
        print(f"| {label} | {before_wall:.3f} / {before_cpu:.3f} s | {after_wall:.3f} / {after_cpu:.3f} s | "
              f"{after_cpu / before_cpu:.3f} |")


if __name__ == "__main__":
    main()
