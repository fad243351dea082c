"""A million big-integer calls do not leak."""
import gilsweep


def resident_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096


def test_a_million_big_integer_calls_keep_memory_flat():
    a, b = 3**200 * 2**70, 3**150 * 5**90  # well above 64 bits: the GMP path
    gcd, is_prime, next_prime = gilsweep.gcd, gilsweep.is_prime, gilsweep.next_prime
    for _ in range(20_000):  # warm up allocators and caches
        gcd(a, b)
    before = resident_bytes()
    for _ in range(1_000_000):
        gcd(a, b)
    for _ in range(20_000):
        is_prime(a + 1)
        next_prime(b)
        gcd(-a, 0)
    grown = resident_bytes() - before
    assert grown < 10 * 2**20, f"grew by {grown / 2**20:.1f} MiB"
