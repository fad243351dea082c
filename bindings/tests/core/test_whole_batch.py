"""Every batch caller passes the whole batch: the SWIG modes' and ctypes' answers
cover every item, python-loop calls the scalar kernel once per item, and the
Swift worker gets every item and works on both halves; a larger batch costs
more per call in every mode."""
import math

import pytest

from gilsweep.core import modes, runners, workloads
from gilsweep.core.swift_worker import SwiftWorker, decimal
from helpers import SWIFT, needs_swift

BATCHES = sorted(modes.BATCH_OF)
KNOB = 256


def is_prime(n):
    """Deterministic Miller-Rabin below 3.3e24: the reference, not the kernel under test."""
    if n < 2:
        return False
    bases = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37)
    if n in bases:
        return True
    if any(n % p == 0 for p in bases):
        return False
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for a in bases:
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        if not any(pow(x, 2**r, n) == n - 1 for r in range(1, s)):
            return False
    return True


def expected_answers(workload):
    columns = workloads.columns(workload, KNOB)
    if workload == "primes-batch":
        return [int(is_prime(n)) for n in columns[0]]
    return [math.gcd(a, b) for a, b in zip(*columns)]


@pytest.mark.parametrize("mode", sorted(modes.POLICY_OF))
@pytest.mark.parametrize("workload", BATCHES)
def test_the_swig_modes_answer_for_every_item(workload, mode):
    function, args = workloads.call_for(mode, workload, KNOB)
    assert list(function(*args)) == expected_answers(workload)


@pytest.mark.parametrize("workload", BATCHES)
def test_ctypes_answers_for_every_item(workload):
    kernels = workloads.CtypesKernels()
    try:
        function, args = kernels.call(workload, KNOB)
        assert function(*args) == 0
        answers = list(args[3] if workload == "primes-batch" else args[5])
        if workload == "primes-batch":
            answers = [ord(answer) for answer in answers]
        assert answers == expected_answers(workload)
    finally:
        kernels.close()


@pytest.mark.parametrize("workload", BATCHES)
def test_python_loop_calls_the_scalar_kernel_once_per_item(workload):
    function, (scalar, *columns) = workloads.call_for(modes.PYTHON_LOOP, workload, KNOB)
    seen = []
    function(lambda *item: seen.append(item), *columns)
    assert seen == list(zip(*workloads.columns(workload, KNOB)))


@needs_swift
@pytest.mark.parametrize("workload", BATCHES)
def test_the_swift_runner_sends_every_item(workload):
    factory = runners.RunnerFactory(SWIFT, wanted_swift=True)
    try:
        runner = factory.runner(modes.SWIFT_THREADS, workload, KNOB, 1)
        assert runner.args == [decimal(item) for item in workloads.items(workload, KNOB)]
        assert len(runner.args) == KNOB * len(workloads.columns(workload, KNOB))
    finally:
        factory.close()


def per_call_s(window, calls, tries=5):
    """The least time per call over a few windows: a host stall only lengthens a window."""
    return min(window(calls) for _ in range(tries)) / calls


#: Items a batch kernel answers at once (4 and 1) and items it must work at (a 64-bit
#: prime; a pair of consecutive Fibonacci numbers below 2^64, gcd's longest case).
CHEAP = {"primes-batch": [4], "gcd-batch": [1, 1]}
COSTLY = {"primes-batch": [18446744073709551557], "gcd-batch": [7540113804746346429, 12200160415121876738]}


@needs_swift
@pytest.mark.parametrize("workload", BATCHES)
def test_the_swift_worker_works_on_both_halves_of_a_batch(workload):
    # A batch of 2n items, n cheap and n costly, costs far more than 2n cheap ones
    # whichever half holds the costly items: a worker that skipped either half would
    # time one of them as cheap. (The costly items cost tens of times the cheap ones.)
    n = 2048

    def batch(halves):
        columns = [[] for _ in CHEAP[workload]]
        for half in halves:
            for index, value in enumerate(half):
                columns[index] += [value] * n
        return [decimal(value) for column in columns for value in column]

    worker = SwiftWorker(SWIFT)
    try:
        def cost(args):
            return per_call_s(lambda calls: worker.window(workload, args, 1, calls, 1).in_call_s, 3)

        cheap = cost(batch([CHEAP[workload], CHEAP[workload]]))
        for halves in ([CHEAP[workload], COSTLY[workload]], [COSTLY[workload], CHEAP[workload]]):
            assert cost(batch(halves)) > 4 * cheap, halves
    finally:
        worker.close()


@pytest.mark.parametrize("mode", [modes.PYTHON_HOLD, modes.PYTHON_RELEASE, modes.PYTHON_AUTO, modes.PYTHON_LOOP,
                                  modes.CTYPES, modes.SWIFT_THREADS])
@pytest.mark.parametrize("workload", BATCHES)
def test_a_larger_batch_costs_more_per_call(workload, mode):
    # 1024 items against 4: each mode's fixed cost per call (ctypes' is the largest)
    # is far below 250 items' work, so the larger batch costs several times more.
    if mode == modes.SWIFT_THREADS and SWIFT is None:
        pytest.skip("gilsweep-swift is not built")
    factory = runners.RunnerFactory(SWIFT, wanted_swift=mode == modes.SWIFT_THREADS)
    try:
        small, large = (factory.runner(mode, workload, knob, 1) for knob in (4, 1024))
        cost = lambda runner, calls: per_call_s(lambda k: runner.window(1, k, 1).in_call_s, calls)  # noqa: E731
        assert cost(large, 20) > 4 * cost(small, 2000)
    finally:
        factory.close()
