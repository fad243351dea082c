"""A million big-integer calls do not leak: resident memory stays flat.

Every operand is above 2**64, so each call takes the GMP path (a gs_bigint
made, filled, used and destroyed per operand). The million calls are split into
phases, one per kind of call; each phase warms up first (allocator arenas,
caches), then its resident memory after the loop must be within BOUND of its
resident memory before it. BOUND / calls is at most 14 bytes, less than any
block malloc or CPython can hand out, so one block leaked per call in any phase
fails the test, while allocator noise (a few hundred KiB) passes.
`make leaks` runs the same calls under valgrind for the bytes themselves.
"""
import gilsweep

A = 3**200 * 2**70      # 388 bits
B = 3**150 * 5**90      # 447 bits; gcd(A + i, B) varies with i
C = 2**64 + 1           # next_prime(C + i): GMP just above 64 bits
D = 2**127 - 1          # a Mersenne prime; D + 2i mostly composite
BOUND = 2 * 2**20


def resident_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096


class Boom(Exception):
    pass


class Raising:
    def __index__(self):
        raise Boom


def big_gcd(i):
    gilsweep.gcd(A + i, -B)


def big_is_prime(i):
    gilsweep.is_prime(D + 2 * i)


def big_next_prime(i):
    gilsweep.next_prime(C + i)


def batches(i):
    kind = i % 3
    if kind == 0:
        gilsweep.gcd_many([A + i, 12], [B, 2**70])
    elif kind == 1:
        gilsweep.is_prime_many([D + 2 * i, 7])
    else:
        gilsweep.next_prime_many([C + i, -5])


ERRORS = [
    lambda: gilsweep.gcd(A, 1.5),                     # a converted, then b refused
    lambda: gilsweep.gcd(A, Raising()),               # b's __index__ raises
    lambda: gilsweep.is_prime_many([D, D, "x"]),      # big items set apart, then a bad one
    lambda: gilsweep.gcd_many([A, B], [B, None]),
    lambda: gilsweep.next_prime_many([C, Raising()]),
]


def error_paths(i):
    try:
        ERRORS[i % len(ERRORS)]()
    except (TypeError, Boom):
        return
    raise AssertionError("a bad argument was accepted")


PHASES = [(big_gcd, 300_000), (big_is_prime, 200_000), (big_next_prime, 200_000),
          (batches, 150_000), (error_paths, 150_000)]


def test_a_million_big_integer_calls_keep_memory_flat():
    assert sum(calls for _, calls in PHASES) == 1_000_000
    grown = {}
    for call, calls in PHASES:
        for i in range(10_000):  # warm up allocators and caches
            call(i)
        before = resident_bytes()
        for i in range(calls):
            call(i)
        grown[call.__name__] = resident_bytes() - before
    report = ", ".join(f"{name} {size / 2**10:+.0f} KiB" for name, size in grown.items())
    assert all(size < BOUND for size in grown.values()), f"resident memory grew: {report}"
