"""Many threads at once: every kernel under every GIL policy, the threshold setters,
shared inputs and a list that changes while it is read, every answer checked.

It runs on every interpreter; with a GIL the threads take turns between
switches, and on a free-threaded build (3.13t and later) they really run at
once, so it is there that it tests what bindings/helpers.h claims: that
nothing the extension shares between threads needs a GIL."""
import os
import random
import threading
import time
from array import array

import gilsweep
from helpers import GIL

THREADS = 8
SECONDS = 1.5  # of all threads hammering at once: thousands of calls each on 2 cores
HUGE = 2**62
BIG_PRIME = 2**89 - 1  # a Mersenne prime: GMP's path
LARGEST_U64_PRIME = 18446744073709551557
PRIMES = [2, 3, 5, 7, 1_000_003, LARGEST_U64_PRIME]


def calls():
    """(name, arguments, the answer) for every kernel: small, 64-bit and GMP paths."""
    shared_list = [1_000_003, 10, 2**64 + 13, -7, LARGEST_U64_PRIME, 1]
    shared_buffer = array("Q", [2, 4, 1_000_003, LARGEST_U64_PRIME - 2, 97])
    gcd_a, gcd_b = array("Q", [1071, 2**63, 0, 12]), array("Q", [462, 2**62, 5, 18])
    return [
        ("churn", (1000,), None),
        ("churn", (5000,), None),
        ("gcd", (1071, 462), 21),
        ("gcd", (2**200 * 3, -(2**100) * 9), 3 * 2**100),
        ("is_prime", (LARGEST_U64_PRIME,), True),
        ("is_prime", (BIG_PRIME,), True),
        ("is_prime", (BIG_PRIME + 2,), False),
        ("next_prime", (10**6,), 1_000_003),
        ("next_prime", (2**64,), 2**64 + 13),
        ("first_primes", (10,), [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]),
        ("first_primes", (3000,), None),  # checked against the serial answer
        ("count_primes", (0, 10**5), 9592),
        ("count_primes", (2**40, 2**40 + 10**4), None),  # a "long" call: interrupt_begin on the main thread
        ("is_prime_many", (shared_list,), [True, False, True, False, True, False]),
        ("is_prime_many", (shared_buffer,), None),
        ("next_prime_many", (shared_list,), [1_000_033, 11, 2**64 + 37, 2, 2**64 + 13, 2]),
        ("next_prime_many", (shared_buffer,), None),
        ("gcd_many", (gcd_a, gcd_b), None),
        ("gcd_many", (shared_list, shared_list[::-1]), None),
    ]


def normal(value):
    """Answers as plain Python values: the batch kernels return buffers for buffers."""
    if isinstance(value, (array, memoryview)):
        return list(value)
    return value


def test_importing_the_extension_leaves_the_gil_as_the_build_has_it():
    # On 3.13t an extension without Py_mod_gil turns the GIL back on at import
    # (with a RuntimeWarning); ours declares it does not need it. PYTHON_GIL=1
    # forces it on, whatever the extension says.
    if os.environ.get("PYTHON_GIL") != "1":
        assert GIL == (not gilsweep.free_threaded_build())


def test_every_kernel_and_the_thresholds_from_many_threads_at_once():
    table = calls()
    long_call = next(i for i, (name, args, _) in enumerate(table) if name == "count_primes" and args[0] == 2**40)
    # The serial answers first, each checked against the known one where there is one.
    expected = []
    for name, args, known in table:
        answer = normal(gilsweep.kernel(name, "hold")(*args))
        assert known is None or answer == known, (name, args, answer)
        expected.append(answer)
    defaults = {name: gilsweep.release_threshold(name) for name in gilsweep.KERNELS}
    allowed = {name: {0, 1, HUGE, defaults[name]} for name in gilsweep.KERNELS}

    # A list that changes while the batch kernels read it: only primes go in, so
    # every answer must be True, and the length one the list had.
    changing = [1_000_003] * 50
    failures, counts = [], [0] * (THREADS + 2)
    stop = threading.Event()
    start = threading.Barrier(THREADS + 3)

    def guarded(index, body):
        def run():
            start.wait()
            try:
                body(index)
            except BaseException as error:  # noqa: B036  (the thread must report it, whatever it is)
                failures.append((index, repr(error)))
                stop.set()
        return run

    def caller(index):
        rng = random.Random(index)
        while not stop.is_set():
            i = rng.randrange(len(table))
            name, args, _ = table[i]
            answer = normal(gilsweep.kernel(name, rng.choice(gilsweep.POLICIES))(*args))
            if answer != expected[i]:
                failures.append((index, name, args, answer, expected[i]))
                stop.set()
            answers = gilsweep.kernel("is_prime_many", rng.choice(gilsweep.POLICIES))(changing)
            if not (40 <= len(answers) <= 60 and all(answers)):
                failures.append((index, "is_prime_many of a changing list", answers))
                stop.set()
            counts[index] += 1

    def setter(index):
        rng = random.Random(-index)
        while not stop.is_set():
            name = rng.choice(gilsweep.KERNELS)
            gilsweep.set_release_threshold(name, rng.choice(sorted(allowed[name])))
            read = gilsweep.release_threshold(rng.choice(gilsweep.KERNELS))
            if not any(read in values for values in allowed.values()):
                failures.append((index, "release_threshold read", read))
                stop.set()
            counts[index] += 1

    def mutator(index):
        rng = random.Random(index)
        while not stop.is_set():
            if len(changing) < 60 and rng.random() < 0.5:
                changing.append(rng.choice(PRIMES))
            elif len(changing) > 40:
                changing.pop(rng.randrange(len(changing)))
            counts[index] += 1

    threads = [threading.Thread(target=guarded(i, caller)) for i in range(THREADS)]
    threads += [threading.Thread(target=guarded(THREADS, setter)), threading.Thread(target=guarded(THREADS + 1, mutator))]
    try:
        for thread in threads:
            thread.start()
        start.wait()
        deadline = time.monotonic() + SECONDS
        # The main thread calls too: its long calls install the Ctrl-C handler while the others run.
        main_calls = 0
        while time.monotonic() < deadline and not stop.is_set():
            assert gilsweep.count_primes(*table[long_call][1]) == expected[long_call]
            main_calls += 1
        stop.set()
        for thread in threads:
            thread.join()
    finally:
        stop.set()
        for name, value in defaults.items():
            gilsweep.set_release_threshold(name, value)
    assert not failures, failures[:5]
    # Not vacuous: every thread got through many rounds while the others ran.
    assert min(counts[:THREADS]) >= 20 and counts[THREADS] >= 100 and main_calls >= 1, (counts, main_calls)
