"""Per-call speed of the Python bindings next to math.gcd and gmpy2, in one run.

Run by `make bench`. Each figure is the best of 7 timeit repeats (the least
disturbed by other load); ratios are gilsweep's time over the peer's, so below
1.00x means gilsweep is faster. Targets (issue 3): small gcd within 1.5x of
gmpy2.gcd, 100000-digit gcd within 1.1x, is_prime no slower than gmpy2.is_prime.
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


if __name__ == "__main__":
    main()
