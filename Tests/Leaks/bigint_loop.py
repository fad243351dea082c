"""bigint_loop.py: the loop `make leaks` runs under valgrind memcheck.

ITERATIONS (default 10**5) rounds of big-integer gcd, next_prime and is_prime
through the installed gilsweep package, every operand above 2**64 so each call
takes the GMP path (gs_bigint_create, set_bytes, the kernel, get_bytes,
destroy), plus, every tenth round, the batch kernels with big items and the
error paths that free half-built state (a bad second argument, an __index__
that raises, a bad item after big ones). A gs_bigint or buffer lost per call
would show as ITERATIONS blocks "definitely lost" in project code.

    python Tests/Leaks/bigint_loop.py [ITERATIONS] [--tracemalloc]

--tracemalloc (not under valgrind: it is slow there) also fails when the
memory Python itself traces (every int, list and exception the calls make)
grows by more than 64 KiB over the loop after a warm-up: that is where a
missing Py_DECREF in the extension would show, which valgrind cannot tell from
CPython's own objects alive at exit.
"""
import sys
import tracemalloc

import gilsweep

A = 3**80 * 2**20 * 7  # about 150 bits
B = 3**50 * 5**40 * 7  # about 173 bits; gcd(A + i, B) varies with i
C = 2**64 + 1          # next_prime(C + i) is 2**64 + 13 or a little above
D = 2**89 - 1          # a Mersenne prime; D + 2i mostly composite


class Boom(Exception):
    pass


class Raising:
    def __index__(self):
        raise Boom


def one_round(i):
    gcd, next_prime, is_prime = gilsweep.gcd, gilsweep.next_prime, gilsweep.is_prime
    g = gcd(A + i, B)
    if not 1 <= g <= B:
        raise SystemExit(f"gcd({A + i}, {B}) = {g}")
    if next_prime(C + i) <= C + i:
        raise SystemExit(f"next_prime({C + i}) is not above it")
    is_prime(D + 2 * i)
    if i % 10 == 0:
        gcd(-(A + i), B)
        gilsweep.gcd_many([A + i, 12, -B], [B, 2**70, 6])
        gilsweep.next_prime_many([C + i, -5, 10])
        gilsweep.is_prime_many([D, D + 2 * i, 7])
        for bad in (lambda: gcd(A, 1.5), lambda: gcd(A, Raising()), lambda: is_prime(Raising()),
                    lambda: gilsweep.gcd_many([A, B, 3], [B, A, None]),
                    lambda: gilsweep.is_prime_many([D, D, "x"]), lambda: gilsweep.next_prime_many([C, Raising()])):
            try:
                bad()
            except (TypeError, Boom):
                pass
            else:
                raise SystemExit("a bad argument was accepted")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    iterations = int(args[0]) if args else 100_000
    traced = "--tracemalloc" in sys.argv
    warm_up = min(1_000, iterations)
    for i in range(warm_up):
        one_round(i)
    if traced:
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
    for i in range(iterations):
        one_round(i)
    if traced:
        grown = tracemalloc.get_traced_memory()[0] - before
        tracemalloc.stop()
        print(f"bigint_loop: {iterations} rounds, Python-traced memory grew by {grown} bytes")
        if grown > 64 * 1024:
            raise SystemExit(f"bigint_loop: traced memory grew by {grown} bytes over {iterations} rounds")
    else:
        print(f"bigint_loop: {iterations} rounds of big gcd, next_prime and is_prime")


if __name__ == "__main__":
    main()
