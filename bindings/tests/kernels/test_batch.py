"""The batch kernels: each item gets the scalar kernel's answer, for every kind
of input; bad input is a clear error naming the item; the GIL is released once;
Ctrl-C ends a long batch; many threads get every answer right."""
import random
import signal
import subprocess
import sys
import threading
import time
from array import array

import pytest

import gilsweep
from helpers import STOPS_WITHIN_S, default_sigint, hypothesis_tools, needs_gil, optional, stop_time

# Only the tests that use them skip where they do not import; the rest take array and memoryview buffers.
given, settings, st, needs_hypothesis = hypothesis_tools()
numpy, needs_numpy = optional("numpy")

BOUNDARIES = [0, 1, 2, 3, 4, -1, -2, -7, 2**31 - 1, 2**32 + 15, 2**61 - 1, 2**63 - 25, 2**63 - 1, 2**63, -2**63,
              -2**63 - 1, 2**64 - 59, 2**64 - 58, 2**64 - 1, 2**64, 2**64 + 13, 2**89 - 1, -(2**89 - 1), 10**40 + 1]
ANY_INT = st.one_of(st.integers(), st.sampled_from(BOUNDARIES), st.integers(min_value=0, max_value=2**64 - 1))
POLICIES = gilsweep.POLICIES


def scalar(name, gil="auto"):
    return gilsweep.kernel(name.removesuffix("_many"), gil)


@needs_hypothesis
@settings(max_examples=150, deadline=None)
@given(values=st.lists(ANY_INT, max_size=40))
def test_lists_of_any_int_match_the_scalar_kernels(values):
    for gil in POLICIES:
        assert gilsweep.kernel("is_prime_many", gil)(values) == [scalar("is_prime")(v) for v in values]
        assert gilsweep.kernel("next_prime_many", gil)(values) == [scalar("next_prime")(v) for v in values]
        assert gilsweep.kernel("gcd_many", gil)(values, values[::-1]) == [
            scalar("gcd")(a, b) for a, b in zip(values, values[::-1])]


@needs_hypothesis
@needs_numpy
@settings(max_examples=100, deadline=None)
@given(values=st.lists(st.integers(min_value=0, max_value=2**64 - 60), max_size=60),
       signed=st.lists(st.integers(min_value=-2**63, max_value=2**63 - 1), max_size=60))
def test_buffers_match_the_scalar_kernels_and_come_back_as_the_same_kind(values, signed):
    n = min(len(values), len(signed))
    for data, typecode, dtype in ((values, "Q", numpy.uint64), (signed, "q", numpy.int64)):
        expected_prime = [scalar("is_prime")(v) for v in data]
        expected_next = [scalar("next_prime")(v) for v in data]
        as_array, as_numpy = array(typecode, data), numpy.array(data, dtype=dtype)
        for given_values in (as_array, as_numpy, memoryview(as_array)):
            primes = gilsweep.is_prime_many(given_values)
            nexts = gilsweep.next_prime_many(given_values)
            assert [bool(p) for p in primes] == expected_prime
            assert [int(p) for p in nexts] == expected_next
            assert type(primes) is type(nexts) is (type(given_values))
        assert numpy.frombuffer(bytes(memoryview(as_array)), dtype=dtype).tolist() == data  # inputs untouched
    a, b = numpy.array(values[:n], dtype=numpy.uint64), numpy.array(signed[:n], dtype=numpy.int64)
    gcds = gilsweep.gcd_many(a, b)
    assert gcds.dtype == numpy.uint64 and gcds.tolist() == [scalar("gcd")(x, y) for x, y in zip(values, signed)]
    assert gilsweep.gcd_many(list(values[:n]), b) == gcds.tolist()  # a list on either side: a list back


def test_result_kinds():
    primes = array("Q", [2, 4, 7])
    assert gilsweep.is_prime_many(primes) == array("B", [1, 0, 1])
    view = gilsweep.is_prime_many(memoryview(primes))
    assert view.format == "?" and view.tolist() == [True, False, True]
    assert gilsweep.next_prime_many(memoryview(primes)).format == "Q"
    assert gilsweep.is_prime_many((v for v in (2, 4, 7))) == [True, False, True]  # any iterable
    assert gilsweep.is_prime_many(range(10)) == [gilsweep.is_prime(v) for v in range(10)]


@needs_numpy
def test_a_numpy_array_comes_back_as_one():
    assert gilsweep.is_prime_many(numpy.array([2, 4], dtype=numpy.uint64)).dtype == numpy.bool_
    assert len(gilsweep.next_prime_many(numpy.array([], dtype=numpy.int64))) == 0
    with pytest.raises(TypeError, match=r"^is_prime_many\(\) argument: a buffer of format 'I' .* is not 64-bit"):
        gilsweep.is_prime_many(numpy.array([1], dtype=numpy.uint32))


def test_empty_input_of_every_kind():
    for empty in ([], (), array("Q"), array("q"), memoryview(array("q"))):
        assert len(gilsweep.is_prime_many(empty)) == 0
        assert len(gilsweep.next_prime_many(empty)) == 0
        assert len(gilsweep.gcd_many(empty, empty)) == 0


def test_strided_and_read_only_buffers():
    values = memoryview(array("Q", range(1, 41)))
    assert values[::3].strides == (24,)
    assert gilsweep.is_prime_many(values[::3]).tolist() == [gilsweep.is_prime(int(v)) for v in values[::3]]
    values = values.toreadonly()
    assert gilsweep.next_prime_many(values).tolist() == [gilsweep.next_prime(int(v)) for v in values]


class Index:
    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value


class BadIndex:
    def __index__(self):
        raise ArithmeticError("no index here")


def test_objects_with_index_are_ints_and_their_errors_pass_through():
    assert gilsweep.is_prime_many([Index(7), Index(2**89 - 1)]) == [True, True]
    with pytest.raises(ArithmeticError, match="no index here"):
        gilsweep.is_prime_many([3, BadIndex()])


@pytest.mark.parametrize("name", ["is_prime_many", "next_prime_many"])
@pytest.mark.parametrize("gil", POLICIES)
def test_a_bad_item_is_named_by_its_index(name, gil):
    values = list(range(17)) + ["x"] + [1.5]
    with pytest.raises(TypeError, match=rf"^{name}\(\): item 17 must be an int, not str$"):
        gilsweep.kernel(name, gil)(values)
    with pytest.raises(TypeError, match=rf"^{name}\(\) argument must be an iterable of ints or a buffer of 64-bit "
                                        r"integers, not int$"):
        gilsweep.kernel(name, gil)(5)


def test_gcd_many_errors_name_the_argument_and_the_lengths():
    with pytest.raises(TypeError, match=r"^gcd_many\(\): item 1 of b must be an int, not float$"):
        gilsweep.gcd_many([1, 2], [3, 4.0])
    with pytest.raises(ValueError, match=r"^gcd_many\(\): a has 3 items but b has 4"):
        gilsweep.gcd_many([1, 2, 3], array("Q", range(4)))


@pytest.mark.parametrize("bad, fmt", [
    (array("d", [1.0]), "d"), (array("i", [1]), "i"), (array("I", [1]), "I"),
    (memoryview(bytes(4)).cast("f"), "f"), (b"\x07", "B"), (bytearray(8), "B"),
])
def test_a_buffer_that_is_not_64_bit_integers_is_a_type_error_naming_its_format(bad, fmt):
    with pytest.raises(TypeError, match=rf"^is_prime_many\(\) argument: a buffer of format '{fmt}' .* is not 64-bit "
                                        r"integers"):
        gilsweep.is_prime_many(bad)
    with pytest.raises(TypeError, match=rf"^gcd_many\(\) argument of b: a buffer of format '{fmt}'"):
        gilsweep.gcd_many(array("Q", [1]), bad)


def test_a_two_dimensional_buffer_is_a_value_error():
    with pytest.raises(ValueError, match=r"^is_prime_many\(\) argument: expected a 1-dimensional buffer, got 2"):
        gilsweep.is_prime_many(memoryview(bytes(32)).cast("Q", (2, 2)))


def test_a_next_prime_above_2_64_cannot_go_into_a_64_bit_buffer_but_goes_into_a_list():
    values = [5, 2**64 - 59, 7]
    with pytest.raises(OverflowError, match=r"^next_prime_many\(\): the next prime after item 1 \(18446744073709551557\)"):
        gilsweep.next_prime_many(array("Q", values))
    assert gilsweep.next_prime_many(values) == [7, gilsweep.next_prime(2**64 - 59), 11]


def test_a_generator_that_fails_passes_its_error_through():
    def failing():
        yield 3
        raise LookupError("from the generator")

    with pytest.raises(LookupError, match="from the generator"):
        gilsweep.is_prime_many(failing())


def test_thresholds_for_the_batch_kernels():
    for name in ("is_prime_many", "next_prime_many", "gcd_many"):
        old = gilsweep.release_threshold(name)
        try:
            gilsweep.set_release_threshold(name, 10**6)
            assert gilsweep.release_threshold(name) == 10**6
        finally:
            gilsweep.set_release_threshold(name, old)


def test_many_threads_get_every_answer_right():
    rng = random.Random(5)
    batches = [array("Q", [rng.randrange(2**64) for _ in range(500)]) for _ in range(16)]
    expected = [[gilsweep.is_prime(int(v)) for v in batch] for batch in batches]
    results = [None] * len(batches)

    def work(index):
        for _ in range(5):
            got = gilsweep.kernel("is_prime_many", "release")(batches[index]).tolist()
            if got != expected[index]:
                results[index] = got
                return
        results[index] = expected[index]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(batches))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == expected


@needs_gil
def test_release_lets_a_python_thread_run_during_the_batch_and_hold_does_not():
    from test_gil import advance_during

    big_batch = array("Q", [gilsweep.next_prime(2**63)]) * 200_000  # about 0.2 s of is_prime
    released = advance_during(gilsweep.kernel("is_prime_many", "release"), big_batch)
    held = advance_during(gilsweep.kernel("is_prime_many", "hold"), big_batch)
    assert released > 10 * max(held, 1000)


CHILD = """
import sys, time, gilsweep
from array import array
batch = gilsweep.kernel("is_prime_many", sys.argv[1])
values = array("Q", [gilsweep.next_prime(2**63)]) * 50_000_000  # about a minute
print("ready", flush=True)
try:
    batch(values)
except KeyboardInterrupt:
    print(time.monotonic(), flush=True)
    raise
"""


@pytest.mark.parametrize("gil", ["release", "hold"])
def test_sigint_ends_a_long_batch_with_keyboard_interrupt(gil):
    child = subprocess.Popen([sys.executable, "-c", CHILD, gil], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, preexec_fn=default_sigint)
    try:
        assert child.stdout.readline().strip() == "ready"
        time.sleep(0.5)
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=120)
    finally:
        child.kill()
    assert "KeyboardInterrupt" in err and child.returncode != 0
    stopped = stop_time(f"is_prime_many {gil}", float(out.strip()) - sent)
    assert stopped < STOPS_WITHIN_S, f"KeyboardInterrupt {stopped:.3f} s after SIGINT"
