"""16 threads calling every kernel at once, under every policy, get the right answers."""
import math
import threading

import gilsweep

BIG_A = 3**2000 * 7**300
BIG_B = 3**1500 * 5**400


def one_round(gil):
    kernel = lambda name: gilsweep.kernel(name, gil)  # noqa: E731
    kernel("churn")(10_000)
    return (
        kernel("gcd")(2**40 * 3**10, 2**35 * 3**12 * 5),
        kernel("gcd")(BIG_A, BIG_B),
        kernel("is_prime")(18446744073709551557),
        kernel("is_prime")(2**127 - 1),
        kernel("next_prime")(2**64),
        kernel("first_primes")(1000)[-1],
        kernel("count_primes")(10**9, 10**9 + 10**6),
    )


def test_sixteen_threads_every_kernel_every_policy():
    expected = (
        2**35 * 3**10,
        math.gcd(BIG_A, BIG_B),
        True,
        True,
        2**64 + 13,
        7919,
        48155,  # primes in [10^9, 10^9 + 10^6): a plain sieve of Eratosthenes, not the kernel under test
    )
    results, errors = [], []

    def worker(index):
        try:
            for _ in range(5):
                results.append(one_round(gilsweep.POLICIES[index % 3]))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(results) == 80
    assert all(result == expected for result in results)
